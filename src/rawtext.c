/* rawtext.c: the content of script and style elements dropped before
 * parsing, and the check of the parse against the scan. */
#include "rawtext.h"

#include <glib.h>
#include <string.h>

#include "base.h"
#include "dom.h"

/* One script or style element met by the scan. */
typedef struct {
  int style;      /* style, else script */
  int dropped;    /* its content was dropped */
  size_t n_attrs; /* attributes of its start tag */
} np_raw_element;

struct np_rawtext {
  GArray *elements; /* np_raw_element, in the order of the page */
};

/* The scan of one page. */
typedef struct {
  const char *p, *end;
  np_buf out;
  const char *copied; /* input up to here is in out */
  GArray *elements;
  int dropped; /* something was dropped */
} np_raw_scan;

static int np_raw_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* A character of an element or attribute name, as libxml2's HTML parser
 * reads names (htmlParseHTMLName). */
static int np_raw_is_name_char(char c) {
  return g_ascii_isalnum(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* Returns the first match of needle, which starts with '<' or '-', in
 * [p, end) ignoring ASCII case, or NULL; memchr finds the candidates. */
static const char *np_raw_find_ci(const char *p, const char *end,
                                  const char *needle) {
  size_t n = strlen(needle);

  while ((size_t)(end - p) >= n) {
    const char *hit = memchr(p, needle[0], (size_t)(end - p) - n + 1);

    if (!hit)
      return NULL;
    if (g_ascii_strncasecmp(hit, needle, n) == 0)
      return hit;
    p = hit + 1;
  }
  return NULL;
}

/* Returns nonzero when the len bytes at value, white space trimmed, are
 * application/ld+json in any case. */
static int np_raw_is_json_ld(const char *value, size_t len) {
  static const char json_ld[] = "application/ld+json";

  while (len > 0 && np_raw_is_space(*value)) {
    value++;
    len--;
  }
  while (len > 0 && np_raw_is_space(value[len - 1]))
    len--;
  return len == sizeof json_ld - 1 &&
         g_ascii_strncasecmp(value, json_ld, len) == 0;
}

/* Reads the attributes of a start tag from s->p (just after its name) to
 * its '>': counts them and tells whether a type attribute says JSON-LD and
 * whether the tag closes itself ("/>"). Returns the byte after the '>', or
 * NULL when the tag does not end (an unclosed quote, the end of the page). */
static const char *np_raw_attributes(const char *p, const char *end,
                                     size_t *n_attrs, int *json_ld,
                                     int *self_closing) {
  *n_attrs = 0;
  *json_ld = 0;
  *self_closing = 0;
  while (p < end) {
    const char *name, *value = NULL;
    size_t name_len, value_len = 0;

    while (p < end && np_raw_is_space(*p))
      p++;
    if (p >= end)
      return NULL;
    if (*p == '>')
      return p + 1;
    if (*p == '/') {
      if (p + 1 < end && p[1] == '>') {
        *self_closing = 1;
        return p + 2;
      }
      p++;
      continue;
    }
    name = p;
    while (p < end && !np_raw_is_space(*p) && *p != '=' && *p != '>' &&
           !(*p == '/' && p + 1 < end && p[1] == '>'))
      p++;
    name_len = (size_t)(p - name);
    while (p < end && np_raw_is_space(*p))
      p++;
    if (p < end && *p == '=') {
      p++;
      while (p < end && np_raw_is_space(*p))
        p++;
      if (p < end && (*p == '"' || *p == '\'')) {
        const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));

        if (!close)
          return NULL;
        value = p + 1;
        value_len = (size_t)(close - value);
        p = close + 1;
      } else {
        value = p;
        while (p < end && !np_raw_is_space(*p) && *p != '>')
          p++;
        value_len = (size_t)(p - value);
      }
    }
    (*n_attrs)++;
    if (name_len == 4 && g_ascii_strncasecmp(name, "type", 4) == 0 && value &&
        np_raw_is_json_ld(value, value_len))
      *json_ld = 1;
  }
  return NULL;
}

/* At s->p, '<' and a letter: reads the start tag; for script and style,
 * drops the content up to the end tag. Returns 0 when the rest of the page
 * cannot be read as markup (the scan stops and copies it as it is). */
static int np_raw_start_tag(np_raw_scan *s) {
  const char *name = s->p + 1, *p = name, *content, *close;
  size_t name_len, n_attrs;
  int json_ld, self_closing, style;
  np_raw_element element;

  while (p < s->end && np_raw_is_name_char(*p))
    p++;
  name_len = (size_t)(p - name);
  style = name_len == 5 && g_ascii_strncasecmp(name, "style", 5) == 0;
  content = np_raw_attributes(p, s->end, &n_attrs, &json_ld, &self_closing);
  if (!content)
    return 0;
  s->p = content;
  if (!style && !(name_len == 6 && g_ascii_strncasecmp(name, "script", 6) == 0))
    return 1;
  element.style = style;
  element.n_attrs = n_attrs;
  element.dropped = 0;
  if (!self_closing) {
    close = np_raw_find_ci(content, s->end, style ? "</style" : "</script");
    if (!close)
      return 0; /* the parser reads to the end of the page as content */
    if (!json_ld && close > content) {
      np_buf_add(&s->out, s->copied, (size_t)(content - s->copied));
      s->copied = close;
      element.dropped = 1;
      s->dropped = 1;
    }
    s->p = close + 2;
  }
  g_array_append_val(s->elements, element);
  return 1;
}

char *np_rawtext_strip(const char *html, size_t len, size_t *out_len,
                       np_rawtext **log) {
  np_raw_scan s;
  char *copy = NULL;

  memset(&s, 0, sizeof s);
  s.p = s.copied = html;
  s.end = html + len;
  s.elements = g_array_new(FALSE, FALSE, sizeof(np_raw_element));
  *log = NULL;
  *out_len = 0;
  while (s.p < s.end) {
    const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));

    if (!lt)
      break;
    s.p = lt;
    if (s.end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
      const char *close = np_raw_find_ci(lt + 4, s.end, "-->");

      if (!close)
        break;
      s.p = close + 3;
    } else if (s.end - lt >= 2 && g_ascii_isalpha(lt[1])) {
      if (!np_raw_start_tag(&s))
        break;
    } else {
      s.p = lt + 1;
    }
  }
  if (s.dropped) {
    struct np_rawtext *found = np_xcalloc(1, sizeof *found);

    np_buf_add(&s.out, s.copied, (size_t)(s.end - s.copied));
    found->elements = s.elements;
    s.elements = NULL;
    *log = found;
    *out_len = s.out.len;
    copy = np_buf_steal(&s.out);
  }
  np_buf_free(&s.out);
  if (s.elements)
    g_array_free(s.elements, TRUE);
  return copy;
}

/* Number of attributes of element node. */
static size_t np_raw_count_attrs(const xmlNode *node) {
  const xmlAttr *a;
  size_t n = 0;

  for (a = node->properties; a; a = a->next)
    n++;
  return n;
}

int np_rawtext_matches(const np_rawtext *log, const xmlDoc *dom) {
  const xmlNode *root = xmlDocGetRootElement(dom), *cur;
  size_t i = 0;
  int ok = 1;

  for (cur = root; cur && ok; cur = np_dom_walk_next(root, cur, 0)) {
    const np_raw_element *e;
    int style;

    if (cur->type != XML_ELEMENT_NODE)
      continue;
    style = np_dom_is(cur, "style");
    if (!style && !np_dom_is(cur, "script"))
      continue;
    if (i >= log->elements->len) {
      ok = 0;
      break;
    }
    e = &g_array_index(log->elements, np_raw_element, i);
    i++;
    ok = e->style == style && e->n_attrs == np_raw_count_attrs(cur) &&
         (!e->dropped || !cur->children);
  }
  return ok && i == log->elements->len;
}

void np_rawtext_free(np_rawtext *log) {
  if (!log)
    return;
  g_array_free(log->elements, TRUE);
  free(log);
}
