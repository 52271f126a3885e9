/* extract.h: finds the article in a parsed page and removes the boilerplate
 * around and inside it (navigation, share bars, related links, ads, hidden
 * elements, tracking pixels), Readability-style. Works on the DOM only. */
#ifndef NP_EXTRACT_H
#define NP_EXTRACT_H

#include "doc.h"
#include "dom.h"

/* Options of extraction. */
typedef struct {
  int raw; /* keep the whole body: remove only scripts, styles and hidden
              elements */
} np_extract_options;

/* Chooses the element of dom that holds the article and cleans its subtree
 * in place (the DOM keeps ownership of everything). article_body is the
 * JSON-LD articleBody text or NULL, used as evidence to pick the candidate
 * that holds it, never as a replacement. doc->meta (already harvested) may
 * guide the choice (title). Returns the article element, or NULL when the
 * page holds no article content. Warnings go to doc. */
xmlNode *np_extract_article(xmlDoc *dom, const np_extract_options *opts,
                            const char *article_body, np_doc *doc);

#endif
