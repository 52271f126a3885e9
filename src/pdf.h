/* pdf.h: draws a layout into a PDF with cairo: text through Pango, images,
 * links, an outline, and the document metadata. */
#ifndef NP_PDF_H
#define NP_PDF_H

#include "layout.h"

/* Options of the PDF writer. */
typedef struct {
  const char *title; /* document title; NULL: the single article's */
  long long epoch;   /* creation date, seconds since 1970; < 0: from
                        SOURCE_DATE_EPOCH, else the article's date, else
                        0 */
  const char *lang;  /* the catalog's /Lang; NULL: the articles' most
                        common (np_docs_main_lang) */
} np_pdf_options;

/* Draws layout (made from the n docs) into PDF bytes: every font embedded
 * and subset, JPEG images passed through, links clickable, an outline (one
 * entry per article with its headings under it), metadata Title, Author
 * (every author), Subject (the excerpt), Keywords, Creator ("newsprint
 * VERSION"), CreationDate and ModDate (UTC); the catalog's /Lang and
 * DisplayDocTitle (see np_pdf_fix); the same input gives the same
 * bytes. A LINE box is drawn with pango_cairo_show_layout_line at
 * (box->x, box->baseline): box->x is the line's origin (the start of its
 * logical rectangle as Pango places it, alignment and direction included).
 * docs may be NULL when n is 0; opts may be NULL (defaults). Returns NP_OK
 * with *data (heap, caller frees) and *len, or NP_ERR_IO with err filled
 * (a layout without pages, a cairo failure) and *data NULL. */
np_status np_pdf_render(const np_layout *layout, np_doc *const *docs, size_t n,
                        const np_pdf_options *opts, char **data, size_t *len,
                        np_error *err);

/* Rewrites the len bytes of a PDF at pdf, as cairo 1.16 writes them, into
 * out (cleared first), fixing what cairo gets wrong: dates without their
 * "D:" prefix, and cross-reference entries of objects it numbered but never
 * wrote (free entries now); turns the stand-in JPEGs of PNG pixels
 * (NP_IMAGE_FLATE_TAG) into the FlateDecode images they carry; adds a file
 * identifier derived from the contents, so the same input gives the same
 * bytes; gives the catalog the default language lang (NULL, or one that
 * np_lang_tag_ok refuses: none) as /Lang, and,
 * when the file has a Title, the viewer preference DisplayDocTitle, so that
 * readers show the title rather than the file name. A file not shaped as cairo
 * writes it is copied as it is. Returns NP_OK, or NP_ERR_IO with err filled and
 * out empty when a stand-in is left that it cannot turn into its image (it
 * would show broken). */
np_status np_pdf_fix(const char *pdf, size_t len, const char *lang, np_buf *out,
                     np_error *err);

#endif
