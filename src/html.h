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

#endif
