/* resource.h: resolves what a saved page refers to (images, links) against
 * its own folder, <base href> and data: URIs, never reading outside the
 * page's folder and never touching the network. */
#ifndef NP_RESOURCE_H
#define NP_RESOURCE_H

#include <stddef.h>

#include "doc.h"
#include "mhtml.h"

/* Longest data: URI decoded, in bytes; larger ones are refused. */
#define NP_DATA_URI_MAX ((size_t)32 * 1024 * 1024)

/* Most srcset candidates looked at in one attribute. */
#define NP_SRCSET_MAX 32

/* One candidate of a srcset attribute. */
typedef struct {
  char *url;      /* heap string the caller frees (np_srcset_free) */
  double width;   /* the w descriptor, 0 when absent */
  double density; /* the x descriptor, 1 when none is given */
} np_srcset_candidate;

/* Parses a srcset attribute value into at most max (and at most
 * NP_SRCSET_MAX) candidates in the order written, as the HTML standard
 * does: a URL is a run of non-space characters, so URLs holding commas
 * (data: URIs, "https://x/img,w_300.jpg 300w") stay whole. Unknown
 * descriptors are ignored. srcset may be NULL. Returns how many were
 * written. Free them with np_srcset_free. */
size_t np_srcset_parse(const char *srcset, np_srcset_candidate *out,
                       size_t max);

/* Frees the url strings of n candidates. */
void np_srcset_free(np_srcset_candidate *c, size_t n);

/* Decodes a data: URI (base64 or percent-encoded). On success returns NP_OK
 * with *data (heap, caller frees; NUL-terminated but not counted), *len and
 * *mime (heap, caller frees; "text/plain" when absent). Returns NP_ERR_IO
 * with err filled when the URI is malformed or larger than
 * NP_DATA_URI_MAX. */
np_status np_data_uri_decode(const char *uri, unsigned char **data, size_t *len,
                             char **mime, np_error *err);

/* Decodes %XX escapes of s into a heap string the caller frees; invalid
 * escapes, and "%00", are kept as written. NULL gives NULL. */
char *np_percent_decode(const char *s);

/* A resolver for the references of one page. */
typedef struct np_resolver np_resolver;

/* Returns a resolver for the page at page_path (its folder, after
 * resolving symlinks, is the only place files are read from), or for a page
 * without a folder when page_path is NULL (standard input: every local
 * reference is refused). Warnings and resources go to doc, which must
 * outlive the resolver; when doc->meta.source_path is NULL it is set to the
 * page's real path, which np_resource_read checks against. The caller frees
 * the resolver with np_resolver_free. */
np_resolver *np_resolver_new(const char *page_path, np_doc *doc);

/* Releases the resolver; NULL is allowed. */
void np_resolver_free(np_resolver *r);

/* Sets the page's original URL (from "saved from url=", og:url or the
 * canonical link), used to make relative links absolute. NULL clears it. */
void np_resolver_set_page_url(np_resolver *r, const char *url);

/* Sets the <base href> of the page. Relative references are resolved
 * against it: a relative base names a folder inside the page's folder, an
 * absolute one makes relative image references remote. */
void np_resolver_set_base(np_resolver *r, const char *href);

/* Makes the resolver read images from an MHTML archive (which must outlive
 * it; NULL for none): a reference, resolved against <base href> or the
 * page's URL, that names a part of the archive is that part's bytes
 * (NP_RES_DATA, its URL the resolved one). One the archive does not hold
 * is remote when it resolves to a network URL, else missing. Create the
 * resolver without a page path for an archive, so that no file beside it
 * is read. */
void np_resolver_set_archive(np_resolver *r, const np_mhtml *archive);

/* Resolves an image given its candidate references in order of preference
 * (best first: e.g. the largest srcset entry, then src, then lazy-loading
 * attributes); NULL entries are skipped. Picks the first candidate that is
 * a data: URI or a local file that exists inside the page's folder; when
 * none is, records the first candidate as remote, missing or refused, with
 * a warning on doc. Empty references, "#", about:blank, undecodable data:
 * URIs and placeholders (tiny or 1x1 GIF/PNG, empty SVG) are passed over;
 * a part of the archive (np_resolver_set_archive) counts as a local file.
 * A network URL whose file name exists in the page's NAME_files folder is
 * read from there. A refused candidate is always warned about, even when a
 * later one is used. Returns the resource index in doc, or -1 when no
 * candidate names an image. */
int np_resolver_image(np_resolver *r, const char *const *candidates, size_t n);

/* Returns the absolute form of a link's href as the arena string of doc:
 * fragments ("#x") and links with a scheme (http, mailto, tel...) stay as
 * they are, relative links are resolved against <base href> or the page URL
 * (kept as written when neither is known), and empty, javascript:,
 * vbscript: and data: links give NULL. href may be NULL (gives NULL). */
const char *np_resolver_link(np_resolver *r, const char *href);

/* Returns the bytes of a resource of doc: read from its file (checking
 * again that it is inside the page's folder) or its decoded data. The
 * caller frees *data. Returns NP_ERR_IO with err filled for remote,
 * missing and refused resources or when reading fails; max_bytes limits the
 * size. */
np_status np_resource_read(const np_doc *doc, int index, size_t max_bytes,
                           unsigned char **data, size_t *len, np_error *err);

#endif
