/* cover.h: the cover of an EPUB drawn with cairo and Pango: the site or
 * digest title, the date or date range, the leading headlines, and the lead
 * image of a single article. */
#ifndef NP_COVER_H
#define NP_COVER_H

#include "doc.h"
#include "fonts.h"

/* Size of the drawn cover, in pixels (a common e-reader ratio). */
#define NP_COVER_WIDTH 1200
#define NP_COVER_HEIGHT 1600
/* Most headlines listed on a digest cover. */
#define NP_COVER_MAX_HEADLINES 6

/* What goes on a cover. */
typedef struct {
  const char *title;            /* site name or digest title */
  const char *subtitle;         /* the date or date range, may be NULL */
  const char *const *headlines; /* n_headlines leading headlines */
  size_t n_headlines;
  const np_doc *lead_doc; /* a single article whose lead image is drawn, or
                             NULL */
  const char *lang;       /* language of the texts, may be NULL */
  int rtl;                /* nonzero: right-to-left texts */
} np_cover;

/* Draws the cover with the fonts of fonts into *data (heap, caller frees)
 * and *len: a JPEG, as e-book stores ask of covers; *mime is "image/jpeg"
 * (static; a parameter so that the format may change). Deterministic. Returns
 * NP_OK, or NP_ERR_IO when cairo or the encoder fails. A lead image that cannot
 * be loaded is left out. */
np_status np_cover_draw(const np_cover *cover, np_fonts *fonts,
                        unsigned char **data, size_t *len, const char **mime,
                        np_error *err);

#endif
