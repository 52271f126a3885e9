/* dump.c: a stable, indented text dump of a document (metadata, tree,
 * resources, warnings) for golden tests and debugging. */
#include "dump.h"

#include <glib.h>
#include <string.h>

/* Longest resource URL printed; data: URIs are cut to this many bytes. */
#define NP_DUMP_MAX_URL 96
/* Spaces of indentation per tree level. */
#define NP_DUMP_INDENT 2

/* Appends the first len bytes of s quoted, with C-style escapes for quotes,
 * backslashes and control characters and \xHH for invalid UTF-8; valid
 * UTF-8 is kept as is. */
static void np_dump_quoted_len(np_buf *b, const char *s, size_t len) {
  const char *p = s, *end = s + len;

  np_buf_putc(b, '"');
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    gunichar u;

    if (c == '"' || c == '\\') {
      np_buf_putc(b, '\\');
      np_buf_putc(b, (char)c);
    } else if (c == '\n') {
      np_buf_puts(b, "\\n");
    } else if (c == '\t') {
      np_buf_puts(b, "\\t");
    } else if (c < 0x20 || c == 0x7f) {
      np_buf_printf(b, "\\x%02x", c);
    } else if (c < 0x80) {
      np_buf_putc(b, (char)c);
    } else {
      u = g_utf8_get_char_validated(p, end - p);
      if (u == (gunichar)-1 || u == (gunichar)-2) {
        np_buf_printf(b, "\\x%02x", c);
      } else {
        const char *next = g_utf8_next_char(p);

        np_buf_add(b, p, (size_t)(next - p));
        p = next;
        continue;
      }
    }
    p++;
  }
  np_buf_putc(b, '"');
}

/* Appends s quoted (NULL as ""). */
static void np_dump_quoted(np_buf *b, const char *s) {
  np_dump_quoted_len(b, s ? s : "", s ? strlen(s) : 0);
}

/* Returns nonzero when s can be printed without quotes: a non-empty run of
 * letters, digits and . _ / + - characters. */
static int np_dump_is_word(const char *s) {
  if (!*s)
    return 0;
  for (; *s; s++) {
    if (!g_ascii_isalnum(*s) && !strchr("._/+-", *s))
      return 0;
  }
  return 1;
}

/* Appends " key=value", the value quoted unless it is a plain word. */
static void np_dump_attr(np_buf *b, const char *key, const char *value) {
  np_buf_printf(b, " %s=", key);
  if (np_dump_is_word(value))
    np_buf_puts(b, value);
  else
    np_dump_quoted(b, value);
}

/* Appends "meta key "value"\n" when value is set. */
static void np_dump_meta(np_buf *b, const char *key, const char *value) {
  if (!value)
    return;
  np_buf_printf(b, "meta %s ", key);
  np_dump_quoted(b, value);
  np_buf_putc(b, '\n');
}

/* Appends "meta key "a" "b"...\n" when the list is not empty. */
static void np_dump_meta_list(np_buf *b, const char *key, const char **values,
                              size_t n) {
  size_t i;

  if (!n)
    return;
  np_buf_printf(b, "meta %s", key);
  for (i = 0; i < n; i++) {
    np_buf_putc(b, ' ');
    np_dump_quoted(b, values[i]);
  }
  np_buf_putc(b, '\n');
}

/* Appends every metadata field that is set, in a fixed order. */
static void np_dump_metadata(np_buf *b, const np_meta *m) {
  const char *base = NULL;

  if (m->source_path) {
    base = strrchr(m->source_path, '/');
    base = base ? base + 1 : m->source_path;
  }
  np_dump_meta(b, "title", m->title);
  np_dump_meta(b, "subtitle", m->subtitle);
  np_dump_meta_list(b, "authors", m->authors, m->n_authors);
  np_dump_meta(b, "published", m->published);
  np_dump_meta(b, "modified", m->modified);
  np_dump_meta(b, "site_name", m->site_name);
  np_dump_meta(b, "section", m->section);
  np_dump_meta(b, "url", m->url);
  np_dump_meta(b, "source_path", base);
  np_dump_meta(b, "lang", m->lang);
  np_dump_meta(b, "dir", np_dir_name(m->dir));
  np_dump_meta(b, "summary", m->summary);
  np_dump_meta_list(b, "keywords", m->keywords, m->n_keywords);
  np_dump_meta(b, "rights", m->rights);
  np_dump_meta(b, "identifier", m->identifier);
  if (m->lead_image >= 0)
    np_buf_printf(b, "meta lead_image %d\n", m->lead_image);
}

/* Appends " flags=lead,pullquote,header" for the flags that are set. */
static void np_dump_flags(np_buf *b, unsigned flags) {
  const char *sep = " flags=";

  if (flags & NP_FLAG_LEAD) {
    np_buf_printf(b, "%slead", sep);
    sep = ",";
  }
  if (flags & NP_FLAG_PULLQUOTE) {
    np_buf_printf(b, "%spullquote", sep);
    sep = ",";
  }
  if (flags & NP_FLAG_HEADER)
    np_buf_printf(b, "%sheader", sep);
}

/* Returns the name of a resource kind. */
static const char *np_dump_res_kind(np_res_kind kind) {
  switch (kind) {
  case NP_RES_LOCAL:
    return "local";
  case NP_RES_DATA:
    return "data";
  case NP_RES_REMOTE:
    return "remote";
  case NP_RES_MISSING:
    return "missing";
  case NP_RES_REFUSED:
    return "refused";
  }
  return "unknown";
}

/* Appends one line per resource: index, kind, URL (long ones cut at a
 * character boundary, marked "..."), size of decoded data, media type. */
static void np_dump_resources(np_buf *b, const np_doc *doc) {
  size_t i;

  for (i = 0; i < doc->n_resources; i++) {
    const np_resource *res = &doc->resources[i];
    size_t len = strlen(res->url);

    np_buf_printf(b, "resource %zu %s ", i, np_dump_res_kind(res->kind));
    if (len > NP_DUMP_MAX_URL) {
      const char *cut = res->url + NP_DUMP_MAX_URL;

      while (cut > res->url && ((unsigned char)*cut & 0xC0) == 0x80)
        cut--;
      np_dump_quoted_len(b, res->url, (size_t)(cut - res->url));
      np_buf_puts(b, "...");
    } else {
      np_dump_quoted(b, res->url);
    }
    if (res->kind == NP_RES_DATA)
      np_buf_printf(b, " len=%zu", res->len);
    if (res->mime)
      np_dump_attr(b, "mime", res->mime);
    np_buf_putc(b, '\n');
  }
}

char *np_render_tree(const np_doc *doc) {
  np_buf b = NP_BUF_INIT;
  np_iter it;
  np_node *n;
  np_event ev;
  size_t i;
  int depth = 0;

  np_dump_metadata(&b, &doc->meta);
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_EXIT) {
      depth--;
      continue;
    }
    np_buf_printf(&b, "%*s%s", depth * NP_DUMP_INDENT, "",
                  np_node_kind_name(n->kind));
    switch (n->kind) {
    case NP_NODE_HEADING:
      np_buf_printf(&b, " level=%d", n->as.heading.level);
      break;
    case NP_NODE_LIST:
      if (n->as.list.ordered)
        np_buf_printf(&b, " ordered start=%d", n->as.list.start);
      break;
    case NP_NODE_IMAGE:
      np_buf_printf(&b, " resource=%d alt=", n->as.image.resource);
      np_dump_quoted(&b, n->as.image.alt);
      if (n->as.image.width > 0 || n->as.image.height > 0)
        np_buf_printf(&b, " size=%dx%d", n->as.image.width, n->as.image.height);
      break;
    case NP_NODE_CELL:
      if (n->as.cell.colspan > 1)
        np_buf_printf(&b, " colspan=%d", n->as.cell.colspan);
      if (n->as.cell.rowspan > 1)
        np_buf_printf(&b, " rowspan=%d", n->as.cell.rowspan);
      break;
    case NP_NODE_TEXT:
    case NP_NODE_CODE:
      np_buf_putc(&b, ' ');
      np_dump_quoted(&b, n->text);
      break;
    case NP_NODE_SPAN:
      np_buf_printf(&b, " kind=%s", np_span_kind_name(n->as.span.kind));
      break;
    case NP_NODE_LINK:
      np_buf_puts(&b, " href=");
      np_dump_quoted(&b, n->as.link.href);
      if (n->as.link.title) {
        np_buf_puts(&b, " title=");
        np_dump_quoted(&b, n->as.link.title);
      }
      break;
    case NP_NODE_ARTICLE:
    case NP_NODE_PARAGRAPH:
    case NP_NODE_BLOCKQUOTE:
    case NP_NODE_LIST_ITEM:
    case NP_NODE_FIGURE:
    case NP_NODE_CAPTION:
    case NP_NODE_CREDIT:
    case NP_NODE_TABLE:
    case NP_NODE_ROW:
    case NP_NODE_PRE:
    case NP_NODE_RULE:
    case NP_NODE_LINEBREAK:
    case NP_NODE_EMPH:
    case NP_NODE_STRONG:
    case NP_NODE_NONE:
      break;
    }
    if (n->flags)
      np_dump_flags(&b, n->flags);
    if (n->lang)
      np_dump_attr(&b, "lang", n->lang);
    if (n->dir != NP_DIR_INHERIT)
      np_dump_attr(&b, "dir", np_dir_name(n->dir));
    np_buf_putc(&b, '\n');
    if (!np_node_is_leaf(n->kind))
      depth++;
  }
  np_dump_resources(&b, doc);
  for (i = 0; i < doc->n_warnings; i++) {
    np_buf_puts(&b, "warning ");
    np_dump_quoted(&b, doc->warnings[i]);
    np_buf_putc(&b, '\n');
  }
  if (doc->dropped_warnings)
    np_buf_printf(&b, "warnings dropped %zu\n", doc->dropped_warnings);
  return np_buf_steal(&b);
}
