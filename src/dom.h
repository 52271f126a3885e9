/* dom.h: small helpers over libxml2's HTML DOM shared by the import stage
 * (metadata, extraction, tree building). Nothing outside import uses it. */
#ifndef NP_DOM_H
#define NP_DOM_H

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "base.h"

/* Returns nonzero when node is an element whose name is tag. Names are
 * compared as bytes: libxml2's HTML parser lowercases every element and
 * attribute name, so tag and the names given below are lowercase. */
int np_dom_is(const xmlNode *node, const char *tag);

/* Returns the value of attribute name (lowercase) of element node, or NULL
 * when absent. The string is borrowed from the DOM. */
const char *np_dom_attr(const xmlNode *node, const char *name);

/* Returns nonzero when hay (NULL: none) contains any of the NULL-terminated
 * words, ignoring ASCII case; one pass over hay however many words. */
int np_ascii_contains_any(const char *hay, const char *const *words);

/* Returns nonzero when node is an element whose content is never text of
 * the page: script, style, template, noscript. */
int np_dom_is_opaque(const xmlNode *node);

/* Returns nonzero when the class or id of node contains any of the
 * NULL-terminated words (ASCII case-insensitive substring match). */
int np_dom_hint_has(const xmlNode *node, const char *const *words);

/* Returns nonzero when the element is hidden by its own markup: the hidden
 * attribute, aria-hidden="true", or an inline style with display:none or
 * visibility:hidden. Ancestors are not looked at. */
int np_dom_is_hidden(const xmlNode *node);

/* Appends the text content of the subtree under node to buf, skipping
 * script, style, template and noscript contents. */
void np_dom_text_append(const xmlNode *node, np_buf *buf);

/* Returns the text content of node with white space collapsed (see
 * np_collapse_space); the caller frees it. Never NULL. */
char *np_dom_text(const xmlNode *node);

/* Returns the first element child of node, or NULL; and the next element
 * sibling of node, or NULL. */
xmlNode *np_dom_first_element(const xmlNode *node);
xmlNode *np_dom_next_element(const xmlNode *node);

/* Returns the next node of a depth-first walk of the subtree under root
 * after node, descending into children unless skip_children is set;
 * NULL when the walk is over. */
xmlNode *np_dom_walk_next(const xmlNode *root, const xmlNode *node,
                          int skip_children);

/* Returns the <html>, <head> and <body> elements of dom, or NULL. */
xmlNode *np_dom_html(xmlDoc *dom);
xmlNode *np_dom_head(xmlDoc *dom);
xmlNode *np_dom_body(xmlDoc *dom);

#endif
