/* dump.h: an indented text dump of the document tree, for tests and
 * debugging. */
#ifndef NP_DUMP_H
#define NP_DUMP_H

#include "doc.h"

/* Returns the metadata (one `meta key "value"` line per field that is set,
 * in a fixed order; source_path as its basename only), then the tree, one
 * node a line indented by two spaces per level, with its attributes (level,
 * flags, lang, dir, href, resource, alt) and quoted text, then one line per
 * resource (index, kind, URL, media type; never a filesystem path) and per
 * warning. Strings are quoted with C escapes (\" \\ \n \t \xHH); valid
 * UTF-8 is kept as is. Deterministic: the same document gives the same
 * bytes wherever it was read from. The caller frees it; never NULL. */
char *np_render_tree(const np_doc *doc);

#endif
