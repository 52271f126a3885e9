/* html.h: the XHTML renderer (libxml2's writer): one clean, standalone,
 * well-formed XHTML5 page of the article, the base of the EPUB chapters. */
#ifndef NP_HTML_H
#define NP_HTML_H

#include "doc.h"

/* Returns doc as a standalone XHTML5 document (XML declaration, <!DOCTYPE
 * html>, xmlns, <meta charset>, title, a header with headline, standfirst,
 * byline and date, the body, a footer with the source), with lang and dir
 * where needed and no scripts. The page stands alone: images whose bytes are
 * at hand (data: URIs, files inside the page's folder, read through
 * np_resource_read) are embedded as data: URIs; a remote image becomes a
 * link to it, never an <img> a browser would fetch; missing and refused
 * ones are left out with their caption kept. Characters XML cannot carry
 * are dropped. *len receives the length. The caller frees it; never NULL. */
char *np_render_html(const np_doc *doc, size_t *len);

/* Returns the href an EPUB chapter uses for resource index of doc (e.g.
 * "images/img-3.jpg"), or NULL to leave the image out. */
typedef const char *(*np_html_image_fn)(void *ctx, const np_doc *doc,
                                        int index);

/* Options of the XHTML writer for EPUB chapters. */
typedef struct {
  const char *stylesheet; /* href of the CSS to link; NULL: embedded style */
  int epub;               /* nonzero: xmlns:epub and epub:type attributes
                             (chapter, footnotes), no data: URIs */
  np_html_image_fn image_src; /* maps images to hrefs; NULL: data: URIs */
  void *image_ctx;
  const char *id_prefix; /* prefix of element ids, for digests; may be
                            NULL */
} np_html_options;

/* As np_render_html, with options (NULL: the defaults of np_render_html).
 * With opts->epub, the page is an EPUB 3 content document: no <style>, a
 * <link> to opts->stylesheet, images through opts->image_src, headings with
 * ids the navigation can point to (id_prefix + "h" + N). */
char *np_render_html_with(const np_doc *doc, const np_html_options *opts,
                          size_t *len);

/* Returns a heap copy of s (NULL gives "") without invalid UTF-8 and
 * without the characters XML 1.0 cannot carry, for other writers of XML.
 * The caller frees it; never NULL. */
char *np_xml_clean(const char *s);

#endif
