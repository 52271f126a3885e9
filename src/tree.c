/* tree.c: node creation, the tree grammar, iteration and checking. */
#include "tree.h"

#include <string.h>

int np_node_is_block(np_node_kind kind) {
  return kind >= NP_NODE_FIRST_BLOCK && kind <= NP_NODE_LAST_BLOCK;
}

int np_node_is_inline(np_node_kind kind) {
  return kind >= NP_NODE_FIRST_INLINE && kind <= NP_NODE_LAST_INLINE;
}

int np_node_is_leaf(np_node_kind kind) {
  switch (kind) {
  case NP_NODE_IMAGE:
  case NP_NODE_RULE:
  case NP_NODE_TEXT:
  case NP_NODE_CODE:
  case NP_NODE_LINEBREAK:
    return 1;
  default:
    return 0;
  }
}

const char *np_node_kind_name(np_node_kind kind) {
  switch (kind) {
  case NP_NODE_ARTICLE:
    return "article";
  case NP_NODE_HEADING:
    return "heading";
  case NP_NODE_PARAGRAPH:
    return "paragraph";
  case NP_NODE_BLOCKQUOTE:
    return "blockquote";
  case NP_NODE_LIST:
    return "list";
  case NP_NODE_LIST_ITEM:
    return "list_item";
  case NP_NODE_FIGURE:
    return "figure";
  case NP_NODE_IMAGE:
    return "image";
  case NP_NODE_CAPTION:
    return "caption";
  case NP_NODE_CREDIT:
    return "credit";
  case NP_NODE_TABLE:
    return "table";
  case NP_NODE_ROW:
    return "row";
  case NP_NODE_CELL:
    return "cell";
  case NP_NODE_PRE:
    return "pre";
  case NP_NODE_RULE:
    return "rule";
  case NP_NODE_TEXT:
    return "text";
  case NP_NODE_CODE:
    return "code";
  case NP_NODE_LINEBREAK:
    return "linebreak";
  case NP_NODE_EMPH:
    return "emph";
  case NP_NODE_STRONG:
    return "strong";
  case NP_NODE_SPAN:
    return "span";
  case NP_NODE_LINK:
    return "link";
  case NP_NODE_NONE:
    break;
  }
  return "none";
}

const char *np_span_kind_name(np_span_kind kind) {
  switch (kind) {
  case NP_SPAN_SUB:
    return "sub";
  case NP_SPAN_SUP:
    return "sup";
  case NP_SPAN_DEL:
    return "del";
  case NP_SPAN_INS:
    return "ins";
  case NP_SPAN_MARK:
    return "mark";
  case NP_SPAN_SMALL:
    return "small";
  case NP_SPAN_QUOTE:
    return "quote";
  }
  return "span";
}

int np_node_can_contain(np_node_kind parent, np_node_kind child) {
  switch (parent) {
  case NP_NODE_ARTICLE:
  case NP_NODE_BLOCKQUOTE:
  case NP_NODE_LIST_ITEM:
  case NP_NODE_CELL:
    return np_node_is_block(child) && child != NP_NODE_ARTICLE &&
           child != NP_NODE_LIST_ITEM && child != NP_NODE_IMAGE &&
           child != NP_NODE_CAPTION && child != NP_NODE_CREDIT &&
           child != NP_NODE_ROW && child != NP_NODE_CELL;
  case NP_NODE_LIST:
    return child == NP_NODE_LIST_ITEM;
  case NP_NODE_FIGURE:
    return child == NP_NODE_IMAGE || child == NP_NODE_CAPTION ||
           child == NP_NODE_CREDIT;
  case NP_NODE_TABLE:
    return child == NP_NODE_CAPTION || child == NP_NODE_ROW;
  case NP_NODE_ROW:
    return child == NP_NODE_CELL;
  case NP_NODE_PRE:
    return child == NP_NODE_TEXT;
  case NP_NODE_HEADING:
  case NP_NODE_PARAGRAPH:
  case NP_NODE_CAPTION:
  case NP_NODE_CREDIT:
  case NP_NODE_EMPH:
  case NP_NODE_STRONG:
  case NP_NODE_SPAN:
    return np_node_is_inline(child);
  case NP_NODE_LINK:
    /* no link inside a link */
    return np_node_is_inline(child) && child != NP_NODE_LINK;
  case NP_NODE_IMAGE:
  case NP_NODE_RULE:
  case NP_NODE_TEXT:
  case NP_NODE_CODE:
  case NP_NODE_LINEBREAK:
  case NP_NODE_NONE:
    return 0;
  }
  return 0;
}

np_node *np_node_new(np_arena *arena, np_node_kind kind) {
  np_node *node = np_arena_alloc(arena, sizeof *node);

  node->kind = kind;
  switch (kind) {
  case NP_NODE_TEXT:
  case NP_NODE_CODE:
    node->text = "";
    break;
  case NP_NODE_IMAGE:
    node->as.image.resource = -1;
    node->as.image.alt = "";
    break;
  case NP_NODE_CELL:
    node->as.cell.colspan = 1;
    node->as.cell.rowspan = 1;
    break;
  case NP_NODE_HEADING:
    node->as.heading.level = 1;
    break;
  case NP_NODE_LIST:
    node->as.list.start = 1;
    break;
  case NP_NODE_LINK:
    node->as.link.href = "";
    break;
  default:
    break;
  }
  return node;
}

np_node *np_node_new_text(np_arena *arena, np_node_kind kind, const char *text,
                          size_t len) {
  np_node *node = np_node_new(arena, kind);

  node->text = np_arena_strndup(arena, text, len);
  return node;
}

void np_node_unlink(np_node *node) {
  if (!node || !node->parent)
    return;
  if (node->prev)
    node->prev->next = node->next;
  else
    node->parent->first_child = node->next;
  if (node->next)
    node->next->prev = node->prev;
  else
    node->parent->last_child = node->prev;
  node->parent = node->prev = node->next = NULL;
}

int np_node_append(np_node *parent, np_node *child) {
  if (!np_node_can_contain(parent->kind, child->kind))
    return 0;
  np_node_unlink(child);
  child->parent = parent;
  child->prev = parent->last_child;
  if (parent->last_child)
    parent->last_child->next = child;
  else
    parent->first_child = child;
  parent->last_child = child;
  return 1;
}

int np_node_insert_before(np_node *sibling, np_node *node) {
  np_node *parent = sibling->parent;

  if (!parent || !np_node_can_contain(parent->kind, node->kind))
    return 0;
  np_node_unlink(node);
  node->parent = parent;
  node->next = sibling;
  node->prev = sibling->prev;
  if (sibling->prev)
    sibling->prev->next = node;
  else
    parent->first_child = node;
  sibling->prev = node;
  return 1;
}

size_t np_node_child_count(const np_node *node) {
  size_t n = 0;
  const np_node *c;

  for (c = node->first_child; c; c = c->next)
    n++;
  return n;
}

char *np_node_text(const np_node *node) {
  np_buf buf = NP_BUF_INIT;
  np_iter it;
  np_node *n;
  np_event ev;

  np_iter_init(&it, (np_node *)node);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev != NP_EVENT_ENTER)
      continue;
    if (n->kind == NP_NODE_TEXT || n->kind == NP_NODE_CODE)
      np_buf_puts(&buf, n->text);
    else if (n->kind == NP_NODE_LINEBREAK)
      np_buf_putc(&buf, ' ');
  }
  return np_buf_steal(&buf);
}

void np_iter_init(np_iter *it, np_node *root) {
  it->root = root;
  it->node = root;
  it->event = NP_EVENT_NONE;
  it->started = 0;
}

np_event np_iter_next(np_iter *it, np_node **node) {
  np_node *cur = it->node;

  if (!cur) {
    *node = NULL;
    return NP_EVENT_NONE;
  }
  if (!it->started) {
    it->started = 1;
    it->event = NP_EVENT_ENTER;
  } else if (it->event == NP_EVENT_ENTER && !np_node_is_leaf(cur->kind)) {
    if (cur->first_child) {
      it->node = cur->first_child;
      it->event = NP_EVENT_ENTER;
    } else {
      it->event = NP_EVENT_EXIT;
    }
  } else if (cur == it->root) {
    it->node = NULL;
    it->event = NP_EVENT_NONE;
  } else if (cur->next) {
    it->node = cur->next;
    it->event = NP_EVENT_ENTER;
  } else {
    it->node = cur->parent;
    it->event = NP_EVENT_EXIT;
  }
  *node = it->node;
  return it->node ? it->event : NP_EVENT_NONE;
}

/* Checks one node's own invariants; returns the problem or NULL. */
static const char *np_check_node(const np_node *node, size_t n_resources) {
  const np_node *c, *prev = NULL;

  if (node->kind < NP_NODE_FIRST_BLOCK || node->kind > NP_NODE_LAST_INLINE)
    return "unknown node kind";
  if (np_node_is_leaf(node->kind) && node->first_child)
    return "leaf node with children";
  if ((node->kind == NP_NODE_TEXT || node->kind == NP_NODE_CODE) && !node->text)
    return "text node without text";
  if (node->kind == NP_NODE_HEADING &&
      (node->as.heading.level < 1 || node->as.heading.level > 6))
    return "heading level outside 1..6";
  if (node->kind == NP_NODE_LINK && !node->as.link.href)
    return "link without href";
  if (node->kind == NP_NODE_IMAGE &&
      (!node->as.image.alt || node->as.image.resource < 0 ||
       (size_t)node->as.image.resource >= n_resources))
    return "image without a valid resource";
  if (node->kind == NP_NODE_CELL &&
      (node->as.cell.colspan < 1 || node->as.cell.rowspan < 1))
    return "cell span below 1";
  if (node->kind == NP_NODE_FIGURE &&
      (!node->first_child || node->first_child->kind != NP_NODE_IMAGE))
    return "figure that does not start with an image";
  for (c = node->first_child; c; c = c->next) {
    if (c->parent != node)
      return "child whose parent link is wrong";
    if (c->prev != prev)
      return "child whose prev link is wrong";
    if (!np_node_can_contain(node->kind, c->kind))
      return "child the grammar does not allow here";
    if (node->kind == NP_NODE_FIGURE && prev && c->kind == NP_NODE_IMAGE &&
        prev->kind != NP_NODE_IMAGE)
      return "figure image after its caption";
    if (node->kind == NP_NODE_TABLE && c->kind == NP_NODE_CAPTION && prev)
      return "table caption that is not first";
    prev = c;
  }
  if (node->last_child != prev)
    return "last_child link is wrong";
  return NULL;
}

int np_tree_check(const np_node *root, size_t n_resources, np_error *err) {
  np_iter it;
  np_node *n;
  np_event ev;
  int problems = 0, depth = 0;
  const char *why;

  if (!root || root->kind != NP_NODE_ARTICLE) {
    np_error_set(err, NP_ERR_IO, "tree: root is not an article");
    return 1;
  }
  np_iter_init(&it, (np_node *)root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_EXIT) {
      depth--;
      continue;
    }
    if (!np_node_is_leaf(n->kind))
      depth++;
    why = np_check_node(n, n_resources);
    if (!why && depth > NP_TREE_MAX_DEPTH)
      why = "tree deeper than NP_TREE_MAX_DEPTH";
    if (why) {
      if (!problems)
        np_error_set(err, NP_ERR_IO, "tree: %s node (line %d): %s",
                     np_node_kind_name(n->kind), n->line, why);
      problems++;
    }
  }
  return problems;
}
