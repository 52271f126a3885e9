/* html.h: the XHTML renderer (libxml2's writer): one clean, standalone,
 * well-formed XHTML5 page of the article, the base of the EPUB chapters. */
#ifndef NP_HTML_H
#define NP_HTML_H

#include "doc.h"

/* Returns doc as a standalone XHTML5 document (XML declaration, <!DOCTYPE
 * html>, xmlns, <meta charset>, title, a header with headline, standfirst,
 * byline and date, the body, a footer with the source), with lang and dir
 * where needed, no scripts and no remote references except links. Images
 * refer to resources by their original reference; data: resources are
 * written inline as data: URIs. Characters XML cannot carry are dropped.
 * *len receives the length. The caller frees it; never NULL. */
char *np_render_html(const np_doc *doc, size_t *len);

#endif
