/* dump.h: an indented text dump of the document tree, for tests and
 * debugging. */
#ifndef NP_DUMP_H
#define NP_DUMP_H

#include "doc.h"

/* Returns the metadata (one "key: value" line each) and then the tree, one
 * node a line indented by depth, with its attributes (level, flags, lang,
 * dir, href, resource) and quoted text, then the resources and warnings.
 * Deterministic: the same document gives the same bytes. The caller frees
 * it; never NULL. */
char *np_render_tree(const np_doc *doc);

#endif
