/* dom.c: helpers over libxml2's HTML DOM for the import stage. */
#include "dom.h"

#include <glib.h>
#include <string.h>

/* ASCII lower case of c, inline: g_ascii_tolower is a call. */
static inline char np_lower(char c) {
  return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

int np_dom_is(const xmlNode *node, const char *tag) {
  return node && node->type == XML_ELEMENT_NODE && node->name &&
         node->name[0] == (xmlChar)tag[0] &&
         strcmp((const char *)node->name, tag) == 0;
}

const char *np_dom_attr(const xmlNode *node, const char *name) {
  const xmlAttr *a;

  if (!node || node->type != XML_ELEMENT_NODE)
    return NULL;
  for (a = node->properties; a; a = a->next) {
    if (a->name[0] != (xmlChar)name[0] ||
        strcmp((const char *)a->name, name) != 0)
      continue;
    if (a->children && a->children->type == XML_TEXT_NODE &&
        a->children->content)
      return (const char *)a->children->content;
    return "";
  }
  return NULL;
}

/* Most words np_dom_hint_has indexes by their first letter; words past it
 * are looked for one by one. */
#define NP_DOM_HINT_INDEXED 255

/* Words of one np_dom_hint_has call indexed by their lowercase first byte:
 * head[c] is 1 + the first word starting with c (0: none), next[i] 1 + the
 * word after word i with the same first byte. */
typedef struct {
  unsigned char head[256];
  unsigned char next[NP_DOM_HINT_INDEXED];
} np_hint_index;

/* Returns nonzero when the n bytes at p equal word ignoring ASCII case. */
static int np_ascii_prefix(const char *p, const char *word, size_t n) {
  size_t i;

  for (i = 0; i < n; i++) {
    if (np_lower(p[i]) != np_lower(word[i]))
      return 0;
  }
  return 1;
}

/* Returns nonzero when hay contains one of the indexed words (ASCII case
 * insensitive): one pass over hay, trying at each byte only the words that
 * start with it. */
static int np_hint_scan(const char *hay, const char *const *words,
                        const np_hint_index *index) {
  const char *p;

  for (p = hay; *p; p++) {
    unsigned k = index->head[(unsigned char)np_lower(*p)];

    while (k) {
      const char *word = words[k - 1];
      size_t n = strlen(word);

      if (np_ascii_prefix(p, word, n))
        return 1;
      k = index->next[k - 1];
    }
  }
  return 0;
}

/* Case-insensitive substring search in ASCII, for a word past the index. */
static int np_ascii_contains(const char *hay, const char *needle) {
  size_t n = strlen(needle);

  for (; *hay; hay++) {
    if (g_ascii_strncasecmp(hay, needle, n) == 0)
      return 1;
  }
  return 0;
}

/* Indexes words by first letter; returns the number indexed. *empty is set
 * when one of them is the empty word. */
static size_t np_hint_index_build(const char *const *words,
                                  np_hint_index *index, int *empty) {
  size_t i, n;

  memset(index->head, 0, sizeof index->head);
  *empty = 0;
  for (n = 0; words[n] && n < NP_DOM_HINT_INDEXED; n++)
    ;
  /* from the last word back, so that each chain keeps the list's order */
  for (i = n; i-- > 0;) {
    unsigned char c = (unsigned char)np_lower(words[i][0]);

    if (!words[i][0]) {
      *empty = 1; /* in any string but the empty one */
      continue;
    }
    index->next[i] = index->head[c];
    index->head[c] = (unsigned char)(i + 1);
  }
  return n;
}

/* np_ascii_contains_any over an index built for words. */
static int np_hint_search(const char *hay, const char *const *words,
                          const np_hint_index *index, size_t indexed,
                          int empty) {
  size_t i;

  if ((empty && *hay) || np_hint_scan(hay, words, index))
    return 1;
  for (i = indexed; words[i]; i++) {
    if (np_ascii_contains(hay, words[i]))
      return 1;
  }
  return 0;
}

int np_ascii_contains_any(const char *hay, const char *const *words) {
  np_hint_index index;
  size_t n;
  int empty;

  if (!hay)
    return 0;
  n = np_hint_index_build(words, &index, &empty);
  return np_hint_search(hay, words, &index, n, empty);
}

int np_dom_hint_has(const xmlNode *node, const char *const *words) {
  const char *cls = np_dom_attr(node, "class");
  const char *id = np_dom_attr(node, "id");
  np_hint_index index;
  size_t n;
  int empty;

  if (!cls && !id)
    return 0;
  n = np_hint_index_build(words, &index, &empty);
  return (cls && np_hint_search(cls, words, &index, n, empty)) ||
         (id && np_hint_search(id, words, &index, n, empty));
}

/* Returns nonzero when the inline style declares property: value (with any
 * white space around the colon). */
static int np_style_has(const char *style, const char *property,
                        const char *value) {
  const char *p = style;
  size_t plen = strlen(property), vlen = strlen(value);

  while ((p = strstr(p, property)) != NULL) {
    const char *q = p + plen;

    if (p == style || p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t' ||
        p[-1] == '"') {
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q == ':') {
        q++;
        while (*q == ' ' || *q == '\t')
          q++;
        if (g_ascii_strncasecmp(q, value, vlen) == 0)
          return 1;
      }
    }
    p += plen;
  }
  return 0;
}

int np_dom_is_hidden(const xmlNode *node) {
  const char *aria, *style;

  if (!node || node->type != XML_ELEMENT_NODE)
    return 0;
  if (np_dom_attr(node, "hidden"))
    return 1;
  aria = np_dom_attr(node, "aria-hidden");
  if (aria && g_ascii_strcasecmp(aria, "true") == 0)
    return 1;
  style = np_dom_attr(node, "style");
  if (style) {
    char *lower = g_ascii_strdown(style, -1);
    int hidden = np_style_has(lower, "display", "none") ||
                 np_style_has(lower, "visibility", "hidden");

    g_free(lower);
    if (hidden)
      return 1;
  }
  return 0;
}

int np_dom_is_opaque(const xmlNode *node) {
  char first;

  if (!node || node->type != XML_ELEMENT_NODE || !node->name)
    return 0;
  /* most elements fail on the first letter */
  first = np_lower((char)node->name[0]);
  if (first != 's' && first != 't' && first != 'n')
    return 0;
  return np_dom_is(node, "script") || np_dom_is(node, "style") ||
         np_dom_is(node, "template") || np_dom_is(node, "noscript");
}

void np_dom_text_append(const xmlNode *node, np_buf *buf) {
  const xmlNode *cur = node;

  while (cur) {
    int skip = 0;

    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      np_buf_puts(buf, (const char *)cur->content);
    } else if (cur->type == XML_ELEMENT_NODE && np_dom_is_opaque(cur)) {
      skip = 1;
    } else if (cur->type == XML_ELEMENT_NODE && cur != node &&
               (np_dom_is(cur, "br") || np_dom_is(cur, "p") ||
                np_dom_is(cur, "div") || np_dom_is(cur, "li"))) {
      np_buf_putc(buf, ' ');
    }
    cur = np_dom_walk_next(node, cur, skip);
  }
}

char *np_dom_text(const xmlNode *node) {
  np_buf buf = NP_BUF_INIT;

  np_dom_text_append(node, &buf);
  return np_collapse_space(np_buf_steal(&buf));
}

xmlNode *np_dom_first_element(const xmlNode *node) {
  xmlNode *c;

  for (c = node ? node->children : NULL; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE)
      return c;
  }
  return NULL;
}

xmlNode *np_dom_next_element(const xmlNode *node) {
  xmlNode *c;

  for (c = node ? node->next : NULL; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE)
      return c;
  }
  return NULL;
}

xmlNode *np_dom_walk_next(const xmlNode *root, const xmlNode *node,
                          int skip_children) {
  if (!skip_children && node->children && node->type != XML_ENTITY_REF_NODE &&
      node->type != XML_ATTRIBUTE_NODE)
    return node->children;
  while (node && node != root) {
    if (node->next)
      return node->next;
    node = node->parent;
  }
  return NULL;
}

/* Returns the first element child of parent named tag. */
static xmlNode *np_dom_child(const xmlNode *parent, const char *tag) {
  xmlNode *c;

  for (c = np_dom_first_element(parent); c; c = np_dom_next_element(c)) {
    if (np_dom_is(c, tag))
      return c;
  }
  return NULL;
}

xmlNode *np_dom_html(xmlDoc *dom) {
  return dom ? xmlDocGetRootElement(dom) : NULL;
}

xmlNode *np_dom_head(xmlDoc *dom) {
  return np_dom_child(np_dom_html(dom), "head");
}

xmlNode *np_dom_body(xmlDoc *dom) {
  return np_dom_child(np_dom_html(dom), "body");
}
