/* markdown.h: the Markdown (CommonMark) renderer. */
#ifndef NP_MARKDOWN_H
#define NP_MARKDOWN_H

#include "doc.h"

/* Returns doc as CommonMark: the title as "# ", a byline and date line, the
 * standfirst, then the body (headings, emphasis, links, lists, block quotes,
 * fenced code, tables as pipe tables when simple, images as ![alt](url)
 * with their caption and credit below), every special character escaped.
 * The caller frees it; never NULL. */
char *np_render_markdown(const np_doc *doc);

#endif
