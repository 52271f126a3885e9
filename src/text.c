/* text.c: the plain-text renderer (the article body for people and for
 * scoring) and the word count. */
#include "text.h"

#include <glib.h>
#include <string.h>

/* Deepest list nesting that still gets its own indentation. */
#define NP_TEXT_MAX_LIST_DEPTH 16
/* Spaces of indentation per nested list. */
#define NP_TEXT_LIST_INDENT 2
/* Longest list marker ("-2147483648. " fits). */
#define NP_TEXT_MARKER_MAX 16

/* How a block is separated from what came before it. */
typedef enum { NP_SEP_BLANK = 0, NP_SEP_LINE } np_text_sep;

/* State of one rendering. */
typedef struct {
  np_buf out;      /* the finished text */
  np_buf block;    /* the text of the block being rendered */
  np_text_sep sep; /* separator before the next block */
  int list_depth;  /* lists entered */
  int cell_depth;  /* table cells entered: blocks flatten inside them */
  int verbatim;    /* the block is a PRE: keep its lines as they are */
  char marker[NP_TEXT_MARKER_MAX]; /* list marker the next block starts with */
  int item_number[NP_TEXT_MAX_LIST_DEPTH]; /* next number per ordered list */
  size_t marker_width[NP_TEXT_MAX_LIST_DEPTH]; /* of each list's current item */
} np_text;

/* Returns the list level whose indentation applies, 0 outside lists. */
static int np_text_level(const np_text *t) {
  return t->list_depth < NP_TEXT_MAX_LIST_DEPTH ? t->list_depth
                                                : NP_TEXT_MAX_LIST_DEPTH;
}

/* Appends n spaces to buf. */
static void np_text_spaces(np_buf *buf, size_t n) {
  while (n-- > 0)
    np_buf_putc(buf, ' ');
}

/* Drops the spaces at the end of buf. */
static void np_text_rstrip(np_buf *buf) {
  size_t len = buf->len;

  while (len && buf->data[len - 1] == ' ')
    len--;
  np_buf_truncate(buf, len);
}

/* Separates two pieces of a flattened table cell by one space. */
static void np_text_space(np_buf *buf) {
  if (buf->len && !g_ascii_isspace(buf->data[buf->len - 1]))
    np_buf_putc(buf, ' ');
}

/* Moves the current block, trimmed, into the output: separator, list marker
 * or indentation, and every further line indented under the marker. */
static void np_text_flush(np_text *t) {
  const char *s = np_buf_cstr(&t->block), *end = s + t->block.len, *line;
  int level = np_text_level(t);
  size_t base = level > 0 ? (size_t)(level - 1) * NP_TEXT_LIST_INDENT : 0;
  size_t hang = level > 0 ? base + t->marker_width[level - 1] : 0;

  if (t->verbatim) {
    while (s < end && (*s == '\n' || *s == '\r'))
      s++;
  } else {
    /* a leading tab stands for an empty first table cell */
    while (s < end && (*s == ' ' || *s == '\n'))
      s++;
  }
  while (end > s && g_ascii_isspace(end[-1]))
    end--;
  if (s == end)
    goto done;
  if (t->out.len)
    np_buf_puts(&t->out, t->sep == NP_SEP_LINE ? "\n" : "\n\n");
  for (line = s; line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *stop = nl ? nl : end;

    if (!t->verbatim) {
      while (line < stop && *line == ' ')
        line++;
      while (stop > line && stop[-1] == ' ')
        stop--;
    }
    if (line != s)
      np_buf_putc(&t->out, '\n');
    if (line == s && t->marker[0]) {
      np_text_spaces(&t->out, base);
      np_buf_puts(&t->out, t->marker);
    } else {
      np_text_spaces(&t->out, hang);
    }
    np_buf_add(&t->out, line, (size_t)(stop - line));
    line = nl ? nl + 1 : end;
  }
  t->marker[0] = '\0';
  t->sep = NP_SEP_BLANK;
done:
  np_buf_clear(&t->block);
}

/* Prepares the marker of a list item and the separator before it. */
static void np_text_start_item(np_text *t, const np_node *item) {
  const np_node *list = item->parent;
  int level = np_text_level(t) - 1;

  if (list->as.list.ordered)
    g_snprintf(t->marker, sizeof t->marker, "%d. ", t->item_number[level]++);
  else
    g_strlcpy(t->marker, "- ", sizeof t->marker);
  t->marker_width[level] = strlen(t->marker);
  if (item->prev || (list->parent && list->parent->kind == NP_NODE_LIST_ITEM))
    t->sep = NP_SEP_LINE;
}

char *np_render_text(const np_doc *doc) {
  np_text t;
  np_iter it;
  np_node *n;
  np_event ev;

  memset(&t, 0, sizeof t);
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    int enter = ev == NP_EVENT_ENTER;

    switch (n->kind) {
    case NP_NODE_LIST:
      if (t.cell_depth)
        break;
      if (enter) {
        if (t.list_depth < NP_TEXT_MAX_LIST_DEPTH)
          t.item_number[t.list_depth] = n->as.list.start;
        t.list_depth++;
      } else {
        t.list_depth--;
      }
      break;
    case NP_NODE_LIST_ITEM:
      if (t.cell_depth)
        np_text_space(&t.block);
      else if (enter)
        np_text_start_item(&t, n);
      else
        t.marker[0] = '\0';
      break;
    case NP_NODE_ROW:
      if (t.cell_depth) {
        np_text_space(&t.block);
      } else if (!enter) {
        np_text_flush(&t);
        t.sep = NP_SEP_LINE;
      }
      break;
    case NP_NODE_TABLE:
      if (!enter && !t.cell_depth)
        t.sep = NP_SEP_BLANK;
      break;
    case NP_NODE_CELL:
      if (enter) {
        np_text_rstrip(&t.block);
        if (t.cell_depth)
          np_text_space(&t.block);
        else if (n->prev)
          np_buf_putc(&t.block, '\t');
        t.cell_depth++;
      } else {
        t.cell_depth--;
      }
      break;
    case NP_NODE_PARAGRAPH:
    case NP_NODE_HEADING:
    case NP_NODE_CAPTION:
    case NP_NODE_CREDIT:
    case NP_NODE_PRE:
      if (t.cell_depth) {
        np_text_space(&t.block);
      } else if (enter) {
        np_text_flush(&t);
        t.verbatim = n->kind == NP_NODE_PRE;
      } else {
        np_text_flush(&t);
        t.verbatim = 0;
      }
      break;
    case NP_NODE_TEXT:
    case NP_NODE_CODE:
      np_buf_puts(&t.block, n->text);
      break;
    case NP_NODE_LINEBREAK:
      np_buf_putc(&t.block, t.cell_depth ? ' ' : '\n');
      break;
    case NP_NODE_ARTICLE:
    case NP_NODE_BLOCKQUOTE:
    case NP_NODE_FIGURE:
    case NP_NODE_IMAGE:
    case NP_NODE_RULE:
    case NP_NODE_EMPH:
    case NP_NODE_STRONG:
    case NP_NODE_SPAN:
    case NP_NODE_LINK:
    case NP_NODE_NONE:
      break;
    }
  }
  np_text_flush(&t);
  if (t.out.len)
    np_buf_putc(&t.out, '\n');
  np_buf_free(&t.block);
  return np_buf_steal(&t.out);
}

/* Returns nonzero when c belongs to a script written without spaces between
 * words, whose characters count as one word each. */
static int np_is_ideographic(gunichar c) {
  switch (g_unichar_get_script(c)) {
  case G_UNICODE_SCRIPT_HAN:
  case G_UNICODE_SCRIPT_HIRAGANA:
  case G_UNICODE_SCRIPT_KATAKANA:
  case G_UNICODE_SCRIPT_HANGUL:
    return 1;
  default:
    return 0;
  }
}

/* Returns nonzero for a character that may join two parts of one word:
 * apostrophes, hyphens and the Hebrew geresh and gershayim. */
static int np_is_word_joiner(gunichar c) {
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011 ||
         c == 0x05F3 || c == 0x05F4;
}

/* Decodes the character at *p (below end) and advances *p; returns
 * (gunichar)-1 for a byte that does not start valid UTF-8. */
static gunichar np_next_char(const char **p, const char *end) {
  gunichar c = g_utf8_get_char_validated(*p, end - *p);

  if (c == (gunichar)-1 || c == (gunichar)-2) {
    (*p)++;
    return (gunichar)-1;
  }
  *p = g_utf8_next_char(*p);
  return c;
}

/* Returns nonzero for a character that is part of a word. */
static int np_is_word_char(gunichar c) {
  return c != (gunichar)-1 && (g_unichar_isalnum(c) || g_unichar_ismark(c));
}

size_t np_word_count(const char *text) {
  const char *p = text, *end;
  size_t words = 0;
  int in_word = 0, after_ideograph = 0;

  if (!text)
    return 0;
  end = text + strlen(text);
  while (p < end) {
    gunichar c;

    /* ASCII at once: letters are Latin, digits of the Common script,
     * apostrophe and hyphen the joiners, nothing ideographic */
    if ((unsigned char)*p < 0x80 && *p != '\'' && *p != '-') {
      char ch = *p++;

      if (!g_ascii_isalnum(ch)) {
        in_word = 0;
        after_ideograph = 0;
      } else if (!(after_ideograph && g_ascii_isdigit(ch))) {
        if (!in_word)
          words++;
        in_word = 1;
        after_ideograph = 0;
      }
      continue;
    }
    c = np_next_char(&p, end);
    if (c != (gunichar)-1 && np_is_ideographic(c)) {
      words++;
      in_word = 0;
      after_ideograph = 1;
    } else if (np_is_word_char(c)) {
      GUnicodeScript script = g_unichar_get_script(c);

      /* marks and common letters (the Katakana length mark) inside an
       * ideographic run belong to the character before them */
      if (after_ideograph && (script == G_UNICODE_SCRIPT_COMMON ||
                              script == G_UNICODE_SCRIPT_INHERITED))
        continue;
      if (!in_word)
        words++;
      in_word = 1;
      after_ideograph = 0;
    } else if (in_word && np_is_word_joiner(c) && p < end) {
      const char *q = p;
      gunichar next = np_next_char(&q, end);

      in_word = np_is_word_char(next) && !np_is_ideographic(next);
    } else {
      in_word = 0;
      after_ideograph = 0;
    }
  }
  return words;
}
