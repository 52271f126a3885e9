/* treebuild.h: converts the cleaned article subtree of the DOM into the
 * document tree: blocks, inlines, figures with caption and credit, tables,
 * lists, lang and dir, and resolved image resources. */
#ifndef NP_TREEBUILD_H
#define NP_TREEBUILD_H

#include "doc.h"
#include "dom.h"
#include "resource.h"

/* Builds doc->root from the subtree under article. Inline runs outside a
 * block become paragraphs; images become figures (with <figcaption> split
 * into caption and credit); white space is collapsed as HTML renders it,
 * except in <pre>; a heading or paragraph that repeats doc->meta.title at
 * the start is dropped; a paragraph marked as standfirst (or equal to
 * doc->meta.subtitle, or to a summary the page itself gives) gets
 * NP_FLAG_LEAD, and so does such a level 2/3 heading right after the title;
 * one-column tables are unwrapped, and a short text right after an image
 * (in a small wrapper or table cell) becomes its caption; blank space at
 * the edges of blocks (NBSP too) is trimmed; every node keeps lang/dir where
 * they differ from its parent's, and doc->meta.lang/dir are set to the
 * root's. Control characters (C0 but tab and newlines, DEL, C1) are
 * dropped from every text; explicit bidi controls (embeddings, overrides,
 * isolates) are
 * balanced within each paragraph, heading, caption, credit and
 * preformatted block, and within alt texts and link titles: closers that
 * close nothing are dropped and what is left open is closed at the block's
 * end. Images go through resolver. Nesting deeper
 * than NP_TREE_MAX_DEPTH is flattened. The resulting tree passes
 * np_tree_check. */
void np_treebuild(xmlNode *article, np_doc *doc, np_resolver *resolver);

/* Returns nonzero when text looks like a photo credit rather than a caption
 * ("Photo: …", "(AP Photo/…)", "Credit: …", "© …", "Getty Images"). */
int np_treebuild_is_credit(const char *text);

#endif
