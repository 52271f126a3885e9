/* markdown.c: the CommonMark renderer, after cmark's: one walk over the tree,
 * a line prefix for block quotes and list items, separators written lazily
 * before the next output, and every special character escaped. */
#include "markdown.h"

#include <glib.h>
#include <string.h>

/* Deepest list nesting tracked (matches the tree's own limit). */
#define NP_MD_MAX_LISTS NP_TREE_MAX_DEPTH
/* Columns of a pipe table whose row spans are followed; cells past it are
 * written without them. */
#define NP_MD_MAX_COLS 256
/* Highest list number CommonMark accepts (nine digits). */
#define NP_MD_MAX_LIST_NUMBER 999999999
/* Shortest code fence. */
#define NP_MD_MIN_FENCE 3

/* What must come before the next output. */
typedef enum { NP_MD_NONE = 0, NP_MD_LINE, NP_MD_BLANK } np_md_break;

/* Where the writer stands in the current line, for line-start escapes. */
typedef enum {
  NP_MD_MID = 0, /* content was written */
  NP_MD_START,   /* only the prefix and markers so far */
  NP_MD_DIGITS   /* only digits after the prefix: "1." must be escaped */
} np_md_pos;

/* State of one rendering. */
typedef struct {
  const np_doc *doc;
  np_buf out;
  np_buf prefix;  /* written at the start of every line */
  np_buf pending; /* opening delimiters not written yet */
  np_md_break need;
  int begin_line; /* nothing of the current line written, not even prefix */
  np_md_pos pos;
  int need_space;   /* a flattened block ended inside a table cell */
  int cell_depth;   /* table cells entered: blocks flatten inside them */
  int in_heading;   /* '#' is escaped everywhere */
  int in_pre;       /* text is written verbatim */
  size_t fence_len; /* backticks of the open code fence */
  int list_depth;
  int tight[NP_MD_MAX_LISTS];         /* per open list: items without blanks */
  int number[NP_MD_MAX_LISTS];        /* per open list: next item number */
  char bullet[NP_MD_MAX_LISTS];       /* per open list: marker character */
  size_t marker_len[NP_MD_MAX_LISTS]; /* per open list: item indentation */
  int table_cols;                     /* columns of the open pipe table */
  int row_cols;                       /* columns written in the current row */
  int row_index;                      /* rows written in the open pipe table */
  int carry[NP_MD_MAX_COLS]; /* per column: rows still covered by a span */
} np_md;

/* Writes the pending line breaks and the prefix when a line starts. */
static void np_md_begin(np_md *r) {
  if (r->need && r->out.len) {
    if (!r->begin_line)
      np_buf_putc(&r->out, '\n');
    if (r->need == NP_MD_BLANK) {
      size_t n = r->prefix.len;

      while (n && r->prefix.data[n - 1] == ' ')
        n--;
      np_buf_add(&r->out, r->prefix.data, n);
      np_buf_putc(&r->out, '\n');
    }
    r->begin_line = 1;
  }
  r->need = NP_MD_NONE;
  if (r->begin_line) {
    np_buf_add(&r->out, r->prefix.data, r->prefix.len);
    r->begin_line = 0;
    r->pos = NP_MD_START;
  }
}

/* Writes len bytes of s as they are. */
static void np_md_put(np_md *r, const char *s, size_t len) {
  np_md_begin(r);
  if (r->need_space) {
    np_buf_putc(&r->out, ' ');
    r->need_space = 0;
  }
  np_buf_add(&r->out, s, len);
  if (len)
    r->pos = NP_MD_MID;
}

/* Writes the opening delimiters that wait for content. */
static void np_md_flush_pending(np_md *r) {
  if (!r->pending.len)
    return;
  np_md_put(r, r->pending.data, r->pending.len);
  np_buf_clear(&r->pending);
}

/* Writes the literal s, after any pending delimiters. */
static void np_md_lit(np_md *r, const char *s) {
  np_md_flush_pending(r);
  np_md_put(r, s, strlen(s));
}

/* Writes a container marker ("> ", "- "); the line start stays a line start
 * for escaping. */
static void np_md_marker(np_md *r, const char *s) {
  np_md_lit(r, s);
  r->pos = NP_MD_START;
}

/* Ends the current line now (a hard line break or a code line). */
static void np_md_newline(np_md *r) {
  np_md_begin(r);
  np_buf_putc(&r->out, '\n');
  r->begin_line = 1;
}

/* Asks for a line break, or a blank line, before the next output. */
static void np_md_break_before_next(np_md *r, np_md_break b) {
  if (r->need < b)
    r->need = b;
}

/* Ends a block: a space inside a table cell, a line break inside a tight
 * list item, a blank line elsewhere. */
static void np_md_end_block(np_md *r, const np_node *node) {
  if (r->cell_depth) {
    r->need_space = r->out.len > 0;
    return;
  }
  if (node->parent && node->parent->kind == NP_NODE_LIST_ITEM &&
      r->list_depth > 0 && r->list_depth <= NP_MD_MAX_LISTS &&
      r->tight[r->list_depth - 1])
    np_md_break_before_next(r, NP_MD_LINE);
  else
    np_md_break_before_next(r, NP_MD_BLANK);
}

/* Returns nonzero when the text at p, after an '&', reads as the rest of a
 * character reference ("amp;", "#38;"). */
static int np_md_entity_follows(const char *p) {
  if (*p == '#')
    p++;
  if (!g_ascii_isalnum(*p))
    return 0;
  while (g_ascii_isalnum(*p))
    p++;
  return *p == ';';
}

/* Returns nonzero when the byte c at p must be escaped where the writer
 * stands. */
static int np_md_must_escape(const np_md *r, const char *p) {
  char c = *p;

  switch (c) {
  case '\\':
  case '`':
  case '*':
  case '_':
  case '[':
  case ']':
  case '<':
  case '>':
  case '~':
    return 1;
  case '&':
    return np_md_entity_follows(p + 1);
  case '|':
    return r->cell_depth > 0;
  case '#':
    return r->in_heading || r->pos == NP_MD_START;
  case '+':
  case '-':
  case '=':
    return r->pos == NP_MD_START;
  case '.':
  case ')':
    return r->pos == NP_MD_DIGITS;
  default:
    return 0;
  }
}

/* Returns the length in bytes of the non-ASCII white space character
 * (no-break space, em space...) at p, or 0. */
static size_t np_md_unicode_space_len(const char *p) {
  gunichar c;

  if ((unsigned char)*p < 0x80)
    return 0;
  c = g_utf8_get_char_validated(p, -1);
  if (c == (gunichar)-1 || c == (gunichar)-2 ||
      !(g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR))
    return 0;
  return (size_t)(g_utf8_next_char(p) - p);
}

/* Writes text with every special character escaped; ASCII white space
 * (newlines included) becomes single spaces, and none starts a line. White
 * space goes before opening delimiters that still wait for content, as
 * CommonMark only opens emphasis before a non-space. */
static void np_md_text(np_md *r, const char *text) {
  const char *p = text;

  while (*p) {
    char c = *p;
    size_t space = np_md_unicode_space_len(p);

    if (space) {
      np_md_put(r, p, space);
      p += space;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (r->pos != NP_MD_START && !r->begin_line && !r->need && !r->need_space)
        np_md_put(r, " ", 1);
      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
      continue;
    }
    np_md_flush_pending(r);
    np_md_begin(r);
    if (np_md_must_escape(r, p))
      np_md_put(r, "\\", 1);
    {
      np_md_pos before = r->pos;

      np_md_put(r, p, 1);
      if (g_ascii_isdigit(c) &&
          (before == NP_MD_START || before == NP_MD_DIGITS))
        r->pos = NP_MD_DIGITS;
    }
    p++;
  }
}

/* Returns the longest run of backticks in s. */
static size_t np_md_backtick_run(const char *s) {
  size_t best = 0, run = 0;

  for (; *s; s++) {
    run = *s == '`' ? run + 1 : 0;
    if (run > best)
      best = run;
  }
  return best;
}

/* Writes a code span with enough backticks and the padding it needs. */
static void np_md_code(np_md *r, const char *text) {
  size_t ticks = np_md_backtick_run(text) + 1, n = strlen(text), i;
  np_buf span = NP_BUF_INIT;
  int pad;

  if (!n)
    return;
  pad = text[0] == '`' || text[n - 1] == '`' ||
        (text[0] == ' ' && text[n - 1] == ' ');
  for (i = 0; i < ticks; i++)
    np_buf_putc(&span, '`');
  if (pad)
    np_buf_putc(&span, ' ');
  for (i = 0; i < n; i++) {
    if (text[i] == '\n' || text[i] == '\r')
      np_buf_putc(&span, ' ');
    else if (text[i] == '|' && r->cell_depth)
      np_buf_puts(&span, "\\|");
    else
      np_buf_putc(&span, text[i]);
  }
  if (pad)
    np_buf_putc(&span, ' ');
  for (i = 0; i < ticks; i++)
    np_buf_putc(&span, '`');
  np_md_lit(r, np_buf_cstr(&span));
  np_buf_free(&span);
}

/* Writes a link destination, in angle brackets when it holds characters a
 * bare destination cannot, and an optional title. */
static void np_md_destination(np_md *r, const char *url, const char *title) {
  np_buf b = NP_BUF_INIT;
  const char *p;
  int angle = !*url;

  for (p = url; *p && !angle; p++)
    angle = *p == ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>' ||
            (unsigned char)*p < 0x20;
  np_buf_puts(&b, angle ? "(<" : "(");
  for (p = url; *p; p++) {
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      continue;
    if (*p == '\\' || (angle && (*p == '<' || *p == '>')))
      np_buf_putc(&b, '\\');
    np_buf_putc(&b, *p);
  }
  if (angle)
    np_buf_putc(&b, '>');
  if (title && *title) {
    np_buf_puts(&b, " \"");
    for (p = title; *p; p++) {
      if (*p == '"' || *p == '\\')
        np_buf_putc(&b, '\\');
      np_buf_putc(&b, (unsigned char)*p < 0x20 ? ' ' : *p);
    }
    np_buf_putc(&b, '"');
  }
  np_buf_putc(&b, ')');
  np_md_lit(r, np_buf_cstr(&b));
  np_buf_free(&b);
}

/* Queues an opening delimiter until content follows it. */
static void np_md_open(np_md *r, const char *delim) {
  np_buf_puts(&r->pending, delim);
}

/* Closes a delimiter: drops it when nothing was written since it opened,
 * else writes it before the trailing spaces so that it stays flanking. */
static void np_md_close(np_md *r, const char *delim) {
  size_t len = strlen(delim), keep = r->out.len;
  char *spaces;

  if (r->pending.len >= len) {
    np_buf_truncate(&r->pending, r->pending.len - len);
    return;
  }
  while (keep > 0) {
    const char *last = g_utf8_find_prev_char(r->out.data, r->out.data + keep);

    if (r->out.data[keep - 1] == ' ')
      keep--;
    else if (last && np_md_unicode_space_len(last) ==
                         (size_t)(r->out.data + keep - last))
      keep = (size_t)(last - r->out.data);
    else
      break;
  }
  spaces = np_xstrndup(r->out.data + keep, r->out.len - keep);
  r->out.len = keep;
  np_buf_add(&r->out, delim, len);
  np_buf_puts(&r->out, spaces);
  free(spaces);
}

/* Returns nonzero when every item of list holds at most one block besides
 * nested lists, and that block is a paragraph. */
static int np_md_list_is_tight(const np_node *list) {
  const np_node *item, *c;

  for (item = list->first_child; item; item = item->next) {
    int blocks = 0;

    for (c = item->first_child; c; c = c->next) {
      if (c->kind == NP_NODE_LIST)
        continue;
      if (c->kind != NP_NODE_PARAGRAPH || ++blocks > 1)
        return 0;
    }
  }
  return 1;
}

/* Skips the columns of the current row that a cell of an earlier row
 * spans, counting them in *col and, when r is not NULL, writing an empty
 * cell for each. */
static void np_md_skip_carried(int *carry, int *col, np_md *r) {
  while (*col < NP_MD_MAX_COLS && carry[*col] > 0) {
    carry[(*col)++]--;
    if (r)
      np_md_lit(r, "  |");
  }
}

/* Records that a cell at column col spanning colspan columns covers rowspan
 * rows, and advances col past it. */
static void np_md_place_cell(int *carry, int *col, const np_node *cell) {
  int i;

  for (i = 0; i < cell->as.cell.colspan; i++, (*col)++) {
    if (*col < NP_MD_MAX_COLS)
      carry[*col] = cell->as.cell.rowspan - 1;
  }
}

/* Returns the number of columns of a table: its widest row, counting the
 * columns that row spans from above cover. */
static int np_md_table_columns(const np_node *table) {
  int carry[NP_MD_MAX_COLS];
  const np_node *row, *cell;
  int best = 0;

  memset(carry, 0, sizeof carry);
  for (row = table->first_child; row; row = row->next) {
    int cols = 0;

    if (row->kind != NP_NODE_ROW)
      continue;
    for (cell = row->first_child; cell; cell = cell->next) {
      np_md_skip_carried(carry, &cols, NULL);
      np_md_place_cell(carry, &cols, cell);
    }
    np_md_skip_carried(carry, &cols, NULL);
    if (cols > best)
      best = cols;
  }
  return best;
}

/* Opens a list: its tightness, numbering and marker. */
static void np_md_enter_list(np_md *r, const np_node *list) {
  int i = r->list_depth++;
  const np_node *prev = list->prev;
  int follows_same = prev && prev->kind == NP_NODE_LIST &&
                     !prev->as.list.ordered == !list->as.list.ordered;

  if (i >= NP_MD_MAX_LISTS)
    return;
  r->tight[i] = np_md_list_is_tight(list);
  r->number[i] = list->as.list.start;
  if (r->number[i] < 0)
    r->number[i] = 0;
  /* a list right after another of its type takes the other marker, or
   * CommonMark would join the two */
  if (list->as.list.ordered)
    r->bullet[i] = follows_same ? ')' : '.';
  else
    r->bullet[i] = follows_same ? '*' : '-';
}

/* Opens a list item: writes its marker and indents what follows. */
static void np_md_enter_item(np_md *r) {
  int i = r->list_depth - 1;
  char marker[32];
  size_t k;

  if (i < 0 || i >= NP_MD_MAX_LISTS)
    i = NP_MD_MAX_LISTS - 1;
  if (r->bullet[i] == '.' || r->bullet[i] == ')') {
    int number = r->number[i] < NP_MD_MAX_LIST_NUMBER ? r->number[i]++
                                                      : NP_MD_MAX_LIST_NUMBER;

    g_snprintf(marker, sizeof marker, "%d%c ", number, r->bullet[i]);
  } else {
    g_snprintf(marker, sizeof marker, "%c ", r->bullet[i]);
  }
  np_md_marker(r, marker);
  r->marker_len[i] = strlen(marker);
  for (k = 0; k < r->marker_len[i]; k++)
    np_buf_putc(&r->prefix, ' ');
}

/* Writes the "# Title" line and the byline, date and site line. */
static void np_md_header(np_md *r) {
  const np_meta *m = &r->doc->meta;
  char *byline = np_meta_byline(m);
  int parts = 0;

  if (m->title && *m->title) {
    np_md_marker(r, "# ");
    r->in_heading = 1;
    np_md_text(r, m->title);
    r->in_heading = 0;
    np_md_break_before_next(r, NP_MD_BLANK);
  }
  if (byline) {
    np_md_open(r, "*");
    np_md_text(r, byline);
    np_md_close(r, "*");
    parts++;
  }
  if (m->published) {
    const char *t = strchr(m->published, 'T');
    char *date = t ? np_xstrndup(m->published, (size_t)(t - m->published))
                   : np_xstrdup(m->published);

    if (parts++)
      np_md_lit(r, " · ");
    np_md_text(r, date);
    free(date);
  }
  if (m->site_name || m->url) {
    if (parts++)
      np_md_lit(r, " · ");
    if (m->url) {
      np_md_lit(r, "[");
      np_md_text(r, m->site_name ? m->site_name : m->url);
      np_md_lit(r, "]");
      np_md_destination(r, m->url, NULL);
    } else {
      np_md_text(r, m->site_name);
    }
  }
  if (parts)
    np_md_break_before_next(r, NP_MD_BLANK);
  free(byline);
}

/* Writes the text of a PRE line by line under the current prefix. */
static void np_md_verbatim(np_md *r, const char *text) {
  const char *p = text;

  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);

    np_md_put(r, p, len);
    if (!nl)
      break;
    np_md_newline(r);
    p = nl + 1;
  }
}

/* Opens a fenced code block long enough for the text of pre. */
static void np_md_enter_pre(np_md *r, const np_node *pre) {
  char *text = np_node_text(pre);
  size_t i;

  r->fence_len = np_md_backtick_run(text) + 1;
  if (r->fence_len < NP_MD_MIN_FENCE)
    r->fence_len = NP_MD_MIN_FENCE;
  np_md_begin(r);
  for (i = 0; i < r->fence_len; i++)
    np_md_put(r, "`", 1);
  np_md_newline(r);
  r->in_pre = 1;
  free(text);
}

/* Closes the open code fence. */
static void np_md_exit_pre(np_md *r, const np_node *pre) {
  size_t i;

  if (!r->begin_line)
    np_md_newline(r);
  for (i = 0; i < r->fence_len; i++)
    np_md_put(r, "`", 1);
  r->in_pre = 0;
  np_md_end_block(r, pre);
}

/* Writes an image as ![alt](url); images without a resource are left out. */
static void np_md_image(np_md *r, const np_node *image) {
  int res = image->as.image.resource;

  if (res < 0 || (size_t)res >= r->doc->n_resources)
    return;
  np_md_lit(r, "![");
  np_md_text(r, image->as.image.alt);
  np_md_lit(r, "]");
  np_md_destination(r, r->doc->resources[res].url, NULL);
  np_md_end_block(r, image);
}

/* Ends a table row: pads it to the table's width and, after the first row,
 * writes the delimiter row GFM needs. */
static void np_md_exit_row(np_md *r) {
  int i;

  np_md_skip_carried(r->carry, &r->row_cols, r);
  for (; r->row_cols < r->table_cols; r->row_cols++)
    np_md_lit(r, "  |");
  if (r->row_index++ == 0) {
    np_md_break_before_next(r, NP_MD_LINE);
    np_md_lit(r, "|");
    for (i = 0; i < r->table_cols; i++)
      np_md_lit(r, " --- |");
  }
  np_md_break_before_next(r, NP_MD_LINE);
}

char *np_render_markdown(const np_doc *doc) {
  np_md r;
  np_iter it;
  np_node *n;
  np_event ev;
  char *result;

  memset(&r, 0, sizeof r);
  r.doc = doc;
  r.begin_line = 1;
  np_md_header(&r);
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    int enter = ev == NP_EVENT_ENTER;
    int flat = r.cell_depth > 0;

    switch (n->kind) {
    case NP_NODE_ARTICLE:
    case NP_NODE_FIGURE:
      break;
    case NP_NODE_HEADING:
      if (enter && !flat) {
        int level = n->as.heading.level < 2 ? 2 : n->as.heading.level;

        np_md_marker(&r, level >= 6   ? "###### "
                         : level == 5 ? "##### "
                         : level == 4 ? "#### "
                         : level == 3 ? "### "
                                      : "## ");
        r.in_heading = 1;
      } else if (!enter) {
        r.in_heading = 0;
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_PARAGRAPH:
      if (!enter)
        np_md_end_block(&r, n);
      break;
    case NP_NODE_BLOCKQUOTE:
      if (flat)
        break;
      if (enter) {
        np_md_marker(&r, "> ");
        np_buf_puts(&r.prefix, "> ");
      } else {
        np_buf_truncate(&r.prefix, r.prefix.len - 2);
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_LIST:
      if (flat)
        break;
      if (enter) {
        np_md_enter_list(&r, n);
      } else {
        r.list_depth--;
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_LIST_ITEM:
      if (flat) {
        np_md_end_block(&r, n);
      } else if (enter) {
        np_md_enter_item(&r);
      } else {
        int i = r.list_depth - 1 < NP_MD_MAX_LISTS ? r.list_depth - 1
                                                   : NP_MD_MAX_LISTS - 1;

        np_buf_truncate(&r.prefix, r.prefix.len - r.marker_len[i]);
        np_md_break_before_next(&r, r.tight[i] ? NP_MD_LINE : NP_MD_BLANK);
      }
      break;
    case NP_NODE_IMAGE:
      np_md_image(&r, n);
      break;
    case NP_NODE_CAPTION:
    case NP_NODE_CREDIT:
      if (enter) {
        if (n->kind == NP_NODE_CREDIT && n->prev &&
            n->prev->kind == NP_NODE_CAPTION)
          np_md_lit(&r, " — ");
        np_md_open(&r, "*");
      } else {
        np_md_close(&r, "*");
        if (!(n->next && n->next->kind == NP_NODE_CREDIT))
          np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_TABLE:
      if (flat)
        break;
      if (enter) {
        r.table_cols = np_md_table_columns(n);
        r.row_index = 0;
        memset(r.carry, 0, sizeof r.carry);
      } else {
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_ROW:
      if (flat) {
        np_md_end_block(&r, n);
      } else if (enter) {
        r.row_cols = 0;
        np_md_lit(&r, "|");
      } else {
        np_md_exit_row(&r);
      }
      break;
    case NP_NODE_CELL:
      if (enter) {
        if (!flat) {
          np_md_skip_carried(r.carry, &r.row_cols, &r);
          np_md_lit(&r, " ");
        }
        r.cell_depth++;
      } else if (--r.cell_depth == 0) {
        int span;

        r.need_space = 0;
        np_md_lit(&r, " |");
        for (span = 1; span < n->as.cell.colspan; span++)
          np_md_lit(&r, "  |");
        np_md_place_cell(r.carry, &r.row_cols, n);
      } else {
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_PRE:
      if (flat)
        np_md_end_block(&r, n);
      else if (enter)
        np_md_enter_pre(&r, n);
      else
        np_md_exit_pre(&r, n);
      break;
    case NP_NODE_RULE:
      if (!flat) {
        np_md_lit(&r, "---");
        np_md_end_block(&r, n);
      }
      break;
    case NP_NODE_TEXT:
      if (r.in_pre && !flat)
        np_md_verbatim(&r, n->text);
      else
        np_md_text(&r, n->text);
      break;
    case NP_NODE_CODE:
      np_md_code(&r, n->text);
      break;
    case NP_NODE_LINEBREAK:
      if (flat || r.in_heading)
        np_md_text(&r, " ");
      else if (n->next) {
        np_md_lit(&r, "\\");
        np_md_newline(&r);
      }
      break;
    case NP_NODE_EMPH:
      if (enter)
        np_md_open(&r, "*");
      else
        np_md_close(&r, "*");
      break;
    case NP_NODE_STRONG:
      if (enter)
        np_md_open(&r, "**");
      else
        np_md_close(&r, "**");
      break;
    case NP_NODE_SPAN:
      if (n->as.span.kind == NP_SPAN_DEL) {
        if (enter)
          np_md_open(&r, "~~");
        else
          np_md_close(&r, "~~");
      } else if (n->as.span.kind == NP_SPAN_QUOTE) {
        np_md_lit(&r, enter ? "“" : "”");
      } else {
        /* CommonMark passes inline HTML through: <sup>2</sup> */
        np_md_lit(&r, enter ? "<" : "</");
        np_md_lit(&r, np_span_kind_name(n->as.span.kind));
        np_md_lit(&r, ">");
      }
      break;
    case NP_NODE_LINK:
      if (enter) {
        np_md_lit(&r, "[");
        if (!n->first_child)
          np_md_text(&r, n->as.link.href);
      } else {
        np_md_lit(&r, "]");
        np_md_destination(&r, n->as.link.href, n->as.link.title);
      }
      break;
    case NP_NODE_NONE:
      break;
    }
  }
  if (r.out.len)
    np_buf_putc(&r.out, '\n');
  result = np_buf_steal(&r.out);
  np_buf_free(&r.prefix);
  np_buf_free(&r.pending);
  return result;
}
