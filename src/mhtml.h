/* mhtml.h: reads an MHTML archive (RFC 2557: a MIME multipart/related
 * message), the one file a browser writes for "Webpage, Single File"
 * (Chromium's .mhtml, Internet Explorer's and Word's .mht): its root HTML
 * part and the resources it holds, found by Content-Location or Content-ID.
 * Nothing but the archive's own bytes is read. */
#ifndef NP_MHTML_H
#define NP_MHTML_H

#include <stddef.h>

#include "base.h"

/* Most parts read from one archive; later ones are left out, with a
 * warning. */
#define NP_MHTML_MAX_PARTS 10000

/* Deepest nesting of multipart bodies followed (a multipart/alternative
 * inside the multipart/related); deeper ones are left out. */
#define NP_MHTML_MAX_DEPTH 4

/* Longest header block (of the message or of a part) read, in bytes. */
#define NP_MHTML_HEADER_MAX ((size_t)64 * 1024)

/* Most warnings kept from one archive; the rest are counted. */
#define NP_MHTML_MAX_WARNINGS 16

/* One part of an archive. Every string and the data are owned by the
 * archive. */
typedef struct {
  char *mime;          /* lowercased "type/subtype"; "text/plain" when absent */
  char *charset;       /* the charset parameter as written, or NULL */
  char *location;      /* Content-Location as written, or NULL */
  char *content_id;    /* Content-ID without its angle brackets, or NULL */
  unsigned char *data; /* the decoded body (NUL-terminated, not counted) */
  size_t len;
} np_mhtml_part;

/* An archive read by np_mhtml_parse, released with np_mhtml_free. */
typedef struct np_mhtml np_mhtml;

/* Nonzero when the bytes are a MIME message the parser takes: a header
 * block first (each line a "Name: value" header or its continuation, no
 * markup), whose Content-Type is multipart/related, or text/html in a
 * message with a MIME-Version header. A saved HTML page, which starts
 * with markup, is never taken for one. */
int np_mhtml_sniff(const char *bytes, size_t len);

/* Reads the archive of len bytes (name is used in messages) into *out,
 * which the caller releases with np_mhtml_free; the bytes are copied and
 * may be freed afterwards. Bodies are decoded from quoted-printable or
 * base64 (7bit, 8bit and binary are taken as they are); nested multipart
 * bodies are followed to NP_MHTML_MAX_DEPTH. The root is the part the
 * message's start parameter names, else the first text/html part (the
 * multipart's type parameter, when it names another HTML type such as
 * application/xhtml+xml, counts too). An archive cut short (no closing
 * boundary) keeps the parts it holds, with a warning. Returns NP_OK, or
 * NP_ERR_IO with *out NULL and err naming the file and the reason: no
 * header block, no boundary, or no HTML part. */
np_status np_mhtml_parse(const char *name, const char *bytes, size_t len,
                         np_mhtml **out, np_error *err);

/* Returns the root HTML part of m (never NULL). */
const np_mhtml_part *np_mhtml_root(const np_mhtml *m);

/* Returns the URL of the saved page: the root part's Content-Location when
 * it is an absolute http or https URL, else the message's
 * Snapshot-Content-Location (Chromium), else NULL. Owned by m. */
const char *np_mhtml_page_url(const np_mhtml *m);

/* Returns the part a reference names, or NULL: "cid:ID" (percent-decoded)
 * matches a Content-ID, anything else a Content-Location as written or
 * resolved against the root part's Content-Location (of any scheme: a page
 * saved from a file: URL has file: locations, which name parts, never
 * files), else the message's Snapshot-Content-Location; a fragment ("#x") is
 * not part of the match. The first part wins when several match. */
const np_mhtml_part *np_mhtml_find(const np_mhtml *m, const char *ref);

/* Returns how many parts m holds, and part i of them (i < the count). */
size_t np_mhtml_count(const np_mhtml *m);
const np_mhtml_part *np_mhtml_part_at(const np_mhtml *m, size_t i);

/* Returns the warnings reading gave (a truncated archive, a part left
 * out...), n_warnings of them, each naming no file; owned by m. A last
 * warning says how many were dropped past NP_MHTML_MAX_WARNINGS. */
const char *const *np_mhtml_warnings(const np_mhtml *m, size_t *n_warnings);

/* Releases m and everything it owns; NULL is allowed. */
void np_mhtml_free(np_mhtml *m);

#endif
