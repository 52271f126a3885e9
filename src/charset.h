/* charset.h: finds the character encoding of a saved page and converts its
 * bytes to UTF-8 (BOM, then the <meta> prescan, then the bytes themselves). */
#ifndef NP_CHARSET_H
#define NP_CHARSET_H

#include <stddef.h>

#include "base.h"

/* Longest encoding name kept, including the NUL. */
#define NP_CHARSET_NAME_MAX 48

/* How the encoding was decided. */
typedef enum {
  NP_CHARSET_FROM_BOM = 0,   /* a byte order mark */
  NP_CHARSET_FROM_META,      /* <meta charset> or http-equiv Content-Type */
  NP_CHARSET_FROM_TRANSPORT, /* the container's Content-Type charset (an
                                MHTML part's) */
  NP_CHARSET_FROM_BYTES,     /* the bytes are valid UTF-8 (also when the
                                declared charset disagrees) */
  NP_CHARSET_FROM_FALLBACK   /* nothing usable declared, not UTF-8:
                                windows-1252; also when UTF-8 is declared but
                                the bytes hold no UTF-8 sequence at all */
} np_charset_source;

/* What np_charset_to_utf8 found. */
typedef struct {
  char name[NP_CHARSET_NAME_MAX];     /* canonical name used, e.g. "UTF-8" */
  char declared[NP_CHARSET_NAME_MAX]; /* what the page declared, or "" */
  np_charset_source source;
} np_charset_info;

/* Looks for a charset declaration in the first bytes of an HTML page the
 * way the HTML standard's prescan does (<meta charset>, <meta http-equiv
 * content="...; charset=...">, skipping comments). Writes the declared name
 * (as written, lowercased) to out and returns 1, or returns 0 when none. */
int np_charset_prescan(const char *bytes, size_t len, char *out,
                       size_t out_size);

/* Converts len bytes of an HTML page to a NUL-terminated UTF-8 heap string
 * the caller frees (*out, length *out_len), without a BOM. Invalid sequences
 * become U+FFFD; NUL bytes become U+FFFD too. A page that declares UTF-8
 * but holds no valid multi-byte UTF-8 sequence and some byte above ASCII is
 * read as windows-1252 (the bytes cannot be UTF-8, and the legacy default
 * loses nothing). An unknown declared encoding is
 * not an error: the bytes are read as UTF-8 when valid, else windows-1252.
 * name is the file name used in messages. Returns NP_OK, or NP_ERR_IO with
 * err filled when the system cannot convert at all. info may be NULL. */
np_status np_charset_to_utf8(const char *name, const char *bytes, size_t len,
                             char **out, size_t *out_len, np_charset_info *info,
                             np_error *err);

/* As np_charset_to_utf8, for a page whose container declares its charset
 * (an MHTML part's Content-Type charset parameter, like HTTP's): transport,
 * when it names a known encoding, takes the place of the <meta> prescan, as
 * the HTML standard's encoding sniffing has it (a BOM still comes first, and
 * valid UTF-8 is still read as UTF-8). transport may be NULL. */
np_status np_charset_to_utf8_as(const char *name, const char *bytes, size_t len,
                                const char *transport, char **out,
                                size_t *out_len, np_charset_info *info,
                                np_error *err);

#endif
