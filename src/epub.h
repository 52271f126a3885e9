/* epub.h: packages one article or a digest as EPUB 3.3 (with an EPUB 2
 * NCX) zipped with libzip: XHTML chapters, package document, navigation,
 * cover, images and CSS. */
#ifndef NP_EPUB_H
#define NP_EPUB_H

#include "digest.h"
#include "doc.h"
#include "fonts.h"

/* Default longest side of an image in the EPUB, in pixels. */
#define NP_EPUB_MAX_IMAGE 1600

/* Most bytes of images stored in one EPUB (after transcoding, each stored
 * once); an image that would cross it is left out with a warning. The
 * package is built in memory, so this bounds what a digest of image-heavy
 * pages can take. */
#define NP_EPUB_MAX_IMAGE_BYTES ((size_t)512 * 1024 * 1024)

/* Options of the EPUB writer. */
typedef struct {
  const char *title;  /* NULL: the article's title, or the digest's */
  const char *author; /* NULL: the article's authors; for a digest, the
                         sites */
  const char *lang;   /* NULL: the article's, or the digest's most common */
  const unsigned char *cover; /* bytes of the reader's own cover, or NULL:
                                 drawn */
  size_t cover_len;
  np_group_by group_by;
  int max_image_size;     /* 0: NP_EPUB_MAX_IMAGE */
  int grayscale;          /* nonzero: images in gray, for e-ink */
  size_t max_image_bytes; /* 0: NP_EPUB_MAX_IMAGE_BYTES; lower only */
  const char *css;        /* the style sheet that goes into the EPUB */
  np_fonts *fonts;        /* for drawing the cover */
  long long epoch;        /* dcterms:modified and zip times; < 0: from
                             SOURCE_DATE_EPOCH, else the latest article date,
                             else 0 */
} np_epub_options;

/* Packages the n documents (in the order and sections of digest when n > 1;
 * digest may be NULL for one document) into EPUB bytes (heap, caller
 * frees): `mimetype` first and stored, META-INF/container.xml, the package
 * document, nav.xhtml and toc.ncx, one XHTML file per article, the images
 * the text references (each once, transcoded to JPEG or PNG when outside
 * EPUB's core media types, scaled down to max_image_size), the CSS, the
 * cover. The identifier is a urn:uuid derived from the canonical URL(s), so
 * it is stable across runs; the same input gives the same bytes. Problems
 * with an image are warnings on its document. Returns NP_OK or NP_ERR_IO
 * with err filled. */
np_status np_epub_render(np_doc *const *docs, size_t n, const np_digest *digest,
                         const np_epub_options *opts, char **data, size_t *len,
                         np_error *err);

#endif
