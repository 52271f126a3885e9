/* tree.h: the document tree every pass shares: node kinds, the grammar of
 * which node may contain which, building, walking and checking. */
#ifndef NP_TREE_H
#define NP_TREE_H

#include "base.h"

/* Kinds of node. Blocks first, then inlines (see np_node_is_block). */
typedef enum {
  NP_NODE_NONE = 0,
  /* blocks */
  NP_NODE_ARTICLE,    /* the root; contains blocks */
  NP_NODE_HEADING,    /* level 1..6 (as.heading.level); contains inlines */
  NP_NODE_PARAGRAPH,  /* flag NP_FLAG_LEAD for the standfirst; inlines */
  NP_NODE_BLOCKQUOTE, /* flag NP_FLAG_PULLQUOTE; contains blocks */
  NP_NODE_LIST,       /* as.list; contains LIST_ITEMs */
  NP_NODE_LIST_ITEM,  /* contains blocks */
  NP_NODE_FIGURE,     /* IMAGE+ then optional CAPTION and CREDIT */
  NP_NODE_IMAGE,      /* leaf; as.image */
  NP_NODE_CAPTION,    /* caption of a FIGURE or TABLE; contains inlines */
  NP_NODE_CREDIT,     /* photo credit of a FIGURE; contains inlines */
  NP_NODE_TABLE,      /* optional CAPTION then ROWs */
  NP_NODE_ROW,        /* contains CELLs */
  NP_NODE_CELL,       /* as.cell; flag NP_FLAG_HEADER for <th>; blocks */
  NP_NODE_PRE,        /* preformatted; contains TEXT only (with newlines) */
  NP_NODE_RULE,       /* thematic break; leaf */
  /* inlines */
  NP_NODE_TEXT,      /* leaf; text */
  NP_NODE_CODE,      /* leaf; text */
  NP_NODE_LINEBREAK, /* leaf */
  NP_NODE_EMPH,      /* contains inlines */
  NP_NODE_STRONG,    /* contains inlines */
  NP_NODE_SPAN,      /* as.span.kind; contains inlines */
  NP_NODE_LINK       /* as.link; contains inlines */
} np_node_kind;

#define NP_NODE_FIRST_BLOCK NP_NODE_ARTICLE
#define NP_NODE_LAST_BLOCK NP_NODE_RULE
#define NP_NODE_FIRST_INLINE NP_NODE_TEXT
#define NP_NODE_LAST_INLINE NP_NODE_LINK

/* Flags of a node (np_node.flags). */
#define NP_FLAG_LEAD 0x1u      /* PARAGRAPH: the standfirst / lede */
#define NP_FLAG_PULLQUOTE 0x2u /* BLOCKQUOTE: a pull quote */
#define NP_FLAG_HEADER 0x4u    /* CELL: a header cell */

/* Kinds of SPAN. */
typedef enum {
  NP_SPAN_SUB = 0,
  NP_SPAN_SUP,
  NP_SPAN_DEL,
  NP_SPAN_INS,
  NP_SPAN_MARK,
  NP_SPAN_SMALL,
  NP_SPAN_QUOTE
} np_span_kind;

/* Writing direction; NP_DIR_INHERIT means "as the parent". */
typedef enum { NP_DIR_INHERIT = 0, NP_DIR_LTR, NP_DIR_RTL } np_dir;

/* Deepest nesting the tree accepts; builders flatten anything deeper. */
#define NP_TREE_MAX_DEPTH 64

typedef struct np_node np_node;

/* A node. All nodes and their strings belong to the arena of the tree they
 * were made in and are freed with it; never free() a node or its strings. */
struct np_node {
  np_node_kind kind;
  unsigned flags;   /* NP_FLAG_* */
  const char *lang; /* BCP 47 tag where it differs from the parent's */
  np_dir dir;       /* where it differs from the parent's */
  int line;         /* source line, 0 when unknown */
  const char *text; /* TEXT, CODE: UTF-8 content, never NULL */
  np_node *parent;
  np_node *first_child;
  np_node *last_child;
  np_node *prev;
  np_node *next;
  union {
    struct {
      int level; /* 1..6 */
    } heading;
    struct {
      int ordered; /* nonzero for <ol> */
      int start;   /* first number of an ordered list */
    } list;
    struct {
      const char *href;  /* absolute or fragment URL, never NULL */
      const char *title; /* may be NULL */
    } link;
    struct {
      np_span_kind kind;
    } span;
    struct {
      int resource;    /* index into the document's resources, -1 if none */
      const char *alt; /* alternative text, never NULL (may be "") */
      int width;       /* intrinsic size in CSS px when known, else 0 */
      int height;
    } image;
    struct {
      int colspan; /* >= 1 */
      int rowspan; /* >= 1 */
    } cell;
  } as;
};

/* Returns nonzero when kind is a block kind, or an inline kind. */
int np_node_is_block(np_node_kind kind);
int np_node_is_inline(np_node_kind kind);

/* Returns the lowercase name of kind ("paragraph", "list_item", ...); never
 * NULL. */
const char *np_node_kind_name(np_node_kind kind);

/* Returns the name of a span kind ("sub", "sup", "del", ...). */
const char *np_span_kind_name(np_span_kind kind);

/* The grammar of the tree: nonzero when a node of kind parent may hold a
 * child of kind child. The one place this rule lives. */
int np_node_can_contain(np_node_kind parent, np_node_kind child);

/* Returns a new, detached node of kind from arena, with text "" for TEXT and
 * CODE, resource -1 for IMAGE, spans 1 for CELL and level 1 for HEADING. */
np_node *np_node_new(np_arena *arena, np_node_kind kind);

/* Returns a new TEXT (or CODE, when kind says so) node holding a copy of the
 * len bytes at text. */
np_node *np_node_new_text(np_arena *arena, np_node_kind kind, const char *text,
                          size_t len);

/* Appends child (detached first if attached) as the last child of parent.
 * Returns 1, or 0 without change when the grammar forbids it. */
int np_node_append(np_node *parent, np_node *child);

/* Inserts node before sibling (which must have a parent). Returns 1, or 0
 * when the grammar forbids it. */
int np_node_insert_before(np_node *sibling, np_node *node);

/* Removes node (with its subtree) from its parent; the memory stays in the
 * arena. NULL is allowed. */
void np_node_unlink(np_node *node);

/* Counts the children of node. */
size_t np_node_child_count(const np_node *node);

/* Returns the text of the subtree under node: the TEXT and CODE contents in
 * order, a space for LINEBREAK. The caller frees the result. */
char *np_node_text(const np_node *node);

/* Events of a tree walk. */
typedef enum { NP_EVENT_NONE = 0, NP_EVENT_ENTER, NP_EVENT_EXIT } np_event;

/* An enter/exit iterator over the subtree of a root, as in cmark: containers
 * give an ENTER and an EXIT event, leaves give only ENTER. The caller owns
 * the iterator (on the stack); the tree must not change under it except for
 * unlinking the current node after its EXIT (or after ENTER for a leaf). */
typedef struct {
  np_node *root;
  np_node *node;
  np_event event;
  int started;
} np_iter;

/* Starts an iterator at root. */
void np_iter_init(np_iter *it, np_node *root);

/* Advances; returns the next event (NP_EVENT_NONE when done) and sets
 * *node to the node it concerns. */
np_event np_iter_next(np_iter *it, np_node **node);

/* Returns nonzero when the node kind is a leaf (never has children). */
int np_node_is_leaf(np_node_kind kind);

/* Checks the subtree under root against the grammar and its invariants
 * (parent/sibling links, non-NULL texts, heading levels, image resources
 * below n_resources, depth). Returns the number of problems found, and
 * describes the first in err when err is not NULL. */
int np_tree_check(const np_node *root, size_t n_resources, np_error *err);

#endif
