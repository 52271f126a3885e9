/* layout.c: the typesetter: turns documents into pages of positioned boxes
 * with Pango (lines, justification, hyphenation, bidi), then paginates the
 * resulting vertical items into columns and pages. */
#include "layout.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* Points per CSS pixel. */
#define NP_LAYOUT_PX 0.75
/* Images are never drawn larger than this many times their intrinsic size. */
#define NP_LAYOUT_MAX_UPSCALE 2.0
/* Default share of the content height a figure's image may take. */
#define NP_LAYOUT_FIGURE_RATIO 0.5
/* Lines of what follows a heading kept on the heading's page. */
#define NP_LAYOUT_KEEP_LINES 2
/* Block quotes shorter than this many lines are never split. */
#define NP_LAYOUT_SHORT_QUOTE_LINES 6
/* A paragraph is justified only when every line but the last of each of its
 * paragraphs fills at least this share of the width unjustified. */
#define NP_LAYOUT_JUSTIFY_MIN_FILL 0.75
/* A paragraph with fewer spaces than one in this many bytes (Chinese,
 * Japanese, Thai) likely has lines without one, whose fill cannot be read
 * from the justified lines: lay_justify measures it unjustified. */
#define NP_LAYOUT_JUSTIFY_BYTES_PER_SPACE 24
/* Words shown per line in the dump. */
#define NP_LAYOUT_DUMP_WORDS 6
/* Gap between a list marker and the item's text, in ems. */
#define NP_LAYOUT_MARKER_GAP 0.5
/* Tolerance of the fit tests, in points. */
#define NP_LAYOUT_EPS 0.01
/* Deepest chain of ancestors given to the style sheet's selectors. */
#define NP_LAYOUT_MAX_DEPTH 32
/* A figure that does not fit below the text is scaled down to the space
 * left when that space is at least this share of the column height and the
 * image keeps at least NP_LAYOUT_FIGURE_MIN_SCALE of its height; otherwise
 * it moves to the next column. */
#define NP_LAYOUT_FIGURE_SHRINK_ROOM (1.0 / 3.0)
#define NP_LAYOUT_FIGURE_MIN_SCALE 0.5
/* Lines at most moved to the next column so that a column does not end
 * with a hyphenated line. */
#define NP_LAYOUT_HYPHEN_LINES 2
/* Pango breaks a word wider than the line at characters in time quadratic
 * in the word's length: a zero-width space is put after every this many
 * characters without white space, so a 1 MB "word" lays out in linear time. */
#define NP_LAYOUT_MAX_UNBROKEN 200
/* Most attributes (emphasis, link colour, note numbers...) given to the
 * text of one block: Pango's attribute iterator takes quadratic time in
 * their number, so a paragraph of 100,000 links would never finish. */
#define NP_LAYOUT_MAX_ATTRS 2000
/* Most clickable links of one block, for the same reason. */
#define NP_LAYOUT_MAX_LINKS 500

/* Item flags. NO_BREAK: no break before the item (lines of a paragraph
 * under widows and orphans, the parts of a figure); KEEP: no break before
 * it either, but only to keep a block with the one before (keep-with-next,
 * break-before: avoid), a keep given up when the chain of kept blocks does
 * not fit in a column; PAGE, COLUMN: a new page or column before it;
 * HYPHEN: a line that ends with an inserted hyphen; FIGURE: a figure's
 * image, which may be scaled down to fit. */
#define ITEM_NO_BREAK 0x1u
#define ITEM_PAGE 0x2u
#define ITEM_COLUMN 0x4u
#define ITEM_KEEP 0x8u
#define ITEM_HYPHEN 0x10u
#define ITEM_FIGURE 0x20u

/* One unbreakable vertical piece of a flow (a line, an image, a row). */
typedef struct {
  double height;
  double space; /* collapsed margin above; dropped at the top of a column */
  unsigned flags;
  size_t box0, n_box; /* its boxes after np_flow_sort */
  size_t link0, n_link;
  int anchor; /* index into the anchors, or -1 */
  /* A body row of a table with header rows: the items of those rows, set
   * again above it when it starts a column (n_repeat 0: none). */
  size_t repeat0, n_repeat;
} lay_item;

/* A box of a flow: x relative to the flow's column, y to the item's top. */
typedef struct {
  np_box box;
  size_t item;
  int side; /* a side rule: spans the item and the space above it */
} lay_fbox;

/* A link area of a flow, positioned as the boxes. */
typedef struct {
  np_link_area area;
  size_t item;
} lay_flink;

/* A sequence of items laid out to one column width. */
typedef struct {
  lay_item *items;
  size_t n_items, cap_items;
  lay_fbox *boxes;
  size_t n_boxes, cap_boxes;
  lay_flink *links;
  size_t n_links, cap_links;
  double pending;      /* margin waiting for the next item */
  int keep;            /* items still to keep with the previous one */
  int hold;            /* the same, with NO_BREAK rather than KEEP */
  unsigned next_flags; /* flags for the next item */
} lay_flow;

/* Where an item landed: for the outline, the contents and the tests. */
typedef struct {
  int page;
  double y, height;
} lay_anchor;

/* What the boxes refer to, owned by the np_layout. */
typedef struct {
  PangoContext *ctx[2]; /* left-to-right, right-to-left base direction */
  GPtrArray *layouts;
  GPtrArray *images;
  size_t image_memory; /* sum of np_image_memory over images */
  np_arena *arena;
} lay_priv;

/* A link inside a text block: byte range in the layout's text. */
typedef struct {
  size_t start, end;
  const char *uri;
} lay_link;

/* The inline content of a text block being built. */
typedef struct {
  np_buf text;
  GPtrArray *attrs; /* PangoAttribute, offsets in text */
  lay_link *links;
  size_t n_links, cap_links;
  double font_size;
  size_t unbroken; /* characters since the last white space in text */
} lay_inline;

/* A font's ascent and descent in points, for a language; the font and
 * language are the key. */
typedef struct {
  PangoFontDescription *font; /* owned */
  PangoLanguage *lang;        /* Pango's, never freed; NULL: none */
  double ascent, descent;
} lay_metrics;

/* The state of one layout run. */
typedef struct {
  np_layout *out;
  lay_priv *priv;
  const np_layout_options *opts;
  np_page_setup setup;
  double cx, cy, cw, ch; /* the content box */
  np_doc *doc;
  int doc_index;
  np_computed base, article;
  np_computed code, link; /* inline styles of the article */
  const char *lang;
  np_dir dir;
  const char **notes; /* the article's note URIs, borrowed */
  size_t n_notes, cap_notes;
  GHashTable *note_index; /* URI -> its note number (1-based) */
  GHashTable *metrics;    /* lay_metrics, owned; NULL until the first */
  lay_anchor *anchors;
  size_t n_anchors, cap_anchors;
  const np_node **heads; /* the article's headings laid out, in order */
  int *head_anchors;
  size_t n_heads, cap_heads, cap_head_anchors;
  size_t cap_pages;
  int *page_owner; /* per page: the document index, -1 for contents */
  size_t cap_owner;
  np_style_element chain[NP_LAYOUT_MAX_DEPTH]; /* ancestors, from article */
  size_t depth; /* may exceed NP_LAYOUT_MAX_DEPTH: the deeper are left out */
  /* pagination */
  int col, ncols;
  double gap, region_top, y;
  int rtl_columns;
  np_error *err;
  int failed;
} lay_ctx;

/* ---- small helpers ---- */

static int lay_anchor_new(lay_ctx *L) {
  np_grow((void **)&L->anchors, &L->cap_anchors, L->n_anchors + 1,
          sizeof *L->anchors);
  L->anchors[L->n_anchors].page = -1;
  L->anchors[L->n_anchors].y = 0;
  L->anchors[L->n_anchors].height = 0;
  return (int)L->n_anchors++;
}

/* Returns the family list of a computed style as Pango takes it. */
static void lay_family(const char *css, char *out, size_t size) {
  size_t j = 0;

  for (const char *p = css; *p && j + 1 < size; p++) {
    if (*p != '"' && *p != '\'')
      out[j++] = *p;
  }
  out[j] = '\0';
  if (j == 0)
    snprintf(out, size, "serif");
}

static PangoFontDescription *lay_font(const np_computed *st) {
  PangoFontDescription *d = pango_font_description_new();
  char family[NP_STYLE_FAMILY_MAX];
  double size = st->font_size > 0 ? st->font_size : 10;

  lay_family(st->font_family, family, sizeof family);
  pango_font_description_set_family(d, family);
  pango_font_description_set_size(d, (int)lround(size * PANGO_SCALE));
  pango_font_description_set_weight(
      d, (PangoWeight)(st->font_weight > 0 ? st->font_weight : 400));
  pango_font_description_set_style(d, st->font_italic ? PANGO_STYLE_ITALIC
                                                      : PANGO_STYLE_NORMAL);
  if (st->font_smallcaps)
    pango_font_description_set_variant(d, PANGO_VARIANT_SMALL_CAPS);
  return d;
}

static double lay_line_height(const np_computed *st) {
  double size = st->font_size > 0 ? st->font_size : 10;

  return st->line_height > 0 ? st->line_height : 1.2 * size;
}

/* Returns the language of node: its own or an ancestor's, else the
 * article's. */
static const char *lay_node_lang(const lay_ctx *L, const np_node *node) {
  for (const np_node *n = node; n; n = n->parent) {
    if (n->lang && *n->lang)
      return n->lang;
  }
  return L->lang;
}

/* Returns the direction of node; *explicit is set when the node or an
 * ancestor declares it. */
static np_dir lay_node_dir(const lay_ctx *L, const np_node *node,
                           int *explicit) {
  *explicit = 0;
  for (const np_node *n = node; n; n = n->parent) {
    if (n->dir != NP_DIR_INHERIT) {
      *explicit = 1;
      return n->dir;
    }
  }
  return L->dir;
}

/* Computes the style of element.classes inside the current chain of
 * ancestors, so that descendant selectors match. */
static void lay_style(const lay_ctx *L, const char *element,
                      const char *classes, const np_computed *parent,
                      double width, np_computed *out) {
  np_style_element chain[NP_LAYOUT_MAX_DEPTH];
  size_t depth = MIN(L->depth, (size_t)NP_LAYOUT_MAX_DEPTH - 1);

  memcpy(chain, L->chain, depth * sizeof *chain);
  chain[depth].element = element;
  chain[depth].classes = classes;
  np_style_compute_path(L->opts->style, chain, depth + 1, parent, width, out);
}

/* Enters element.classes (borrowed until lay_pop): the blocks laid out
 * until then are its descendants. */
static void lay_push(lay_ctx *L, const char *element, const char *classes) {
  if (L->depth < NP_LAYOUT_MAX_DEPTH) {
    L->chain[L->depth].element = element;
    L->chain[L->depth].classes = classes;
  }
  L->depth++;
}

static void lay_pop(lay_ctx *L) { L->depth--; }

/* ---- flows ---- */

static void lay_flow_free(lay_flow *F) {
  free(F->items);
  free(F->boxes);
  free(F->links);
  memset(F, 0, sizeof *F);
}

/* Starts a new item of height in F and returns its index. */
static size_t lay_item_new(lay_flow *F, double height) {
  lay_item *it;

  np_grow((void **)&F->items, &F->cap_items, F->n_items + 1, sizeof *it);
  it = &F->items[F->n_items];
  memset(it, 0, sizeof *it);
  it->height = height;
  it->space = F->pending;
  it->flags = F->next_flags;
  it->anchor = -1;
  F->pending = 0;
  F->next_flags = 0;
  if (F->hold > 0) {
    it->flags |= ITEM_NO_BREAK;
    F->hold--;
  }
  if (F->keep > 0) {
    it->flags |= ITEM_KEEP;
    F->keep--;
  }
  return F->n_items++;
}

static np_box *lay_box_add(lay_flow *F, size_t item, np_box_kind kind,
                           np_box_role role, double x, double y, double w,
                           double h) {
  lay_fbox *fb;

  np_grow((void **)&F->boxes, &F->cap_boxes, F->n_boxes + 1, sizeof *fb);
  fb = &F->boxes[F->n_boxes++];
  memset(fb, 0, sizeof *fb);
  fb->item = item;
  fb->box.kind = kind;
  fb->box.role = role;
  fb->box.x = x;
  fb->box.y = y;
  fb->box.width = w;
  fb->box.height = h;
  fb->box.line = -1;
  return &fb->box;
}

static void lay_link_add(lay_flow *F, size_t item, double x, double y, double w,
                         double h, const char *uri) {
  lay_flink *fl;

  np_grow((void **)&F->links, &F->cap_links, F->n_links + 1, sizeof *fl);
  fl = &F->links[F->n_links++];
  memset(fl, 0, sizeof *fl);
  fl->item = item;
  fl->area.x = x;
  fl->area.y = y;
  fl->area.width = w;
  fl->area.height = h;
  fl->area.uri = uri;
  fl->area.dest_page = -1;
}

/* Adds a margin: adjacent margins collapse to the larger. */
static void lay_margin(lay_flow *F, double m) {
  if (m > F->pending)
    F->pending = m;
}

/* Orders the boxes and links of F by item (stable counting sort) and sets
 * each item's ranges. */
static void lay_flow_sort(lay_flow *F) {
  size_t *count = np_xcalloc(F->n_items + 1, sizeof *count);
  lay_fbox *boxes = np_xmalloc((F->n_boxes + 1) * sizeof *boxes);
  lay_flink *links = np_xmalloc((F->n_links + 1) * sizeof *links);
  size_t i, pos;

  for (i = 0; i < F->n_boxes; i++)
    count[F->boxes[i].item]++;
  for (i = 0, pos = 0; i < F->n_items; i++) {
    F->items[i].box0 = pos;
    F->items[i].n_box = 0;
    pos += count[i];
  }
  /* Within an item, rules (backgrounds, borders) come first: drawn under
   * the text. */
  for (int rules = 1; rules >= 0; rules--) {
    for (i = 0; i < F->n_boxes; i++) {
      lay_item *it = &F->items[F->boxes[i].item];
      if ((F->boxes[i].box.kind == NP_BOX_RULE) == rules)
        boxes[it->box0 + it->n_box++] = F->boxes[i];
    }
  }
  memset(count, 0, (F->n_items + 1) * sizeof *count);
  for (i = 0; i < F->n_links; i++)
    count[F->links[i].item]++;
  for (i = 0, pos = 0; i < F->n_items; i++) {
    F->items[i].link0 = pos;
    F->items[i].n_link = 0;
    pos += count[i];
  }
  for (i = 0; i < F->n_links; i++) {
    lay_item *it = &F->items[F->links[i].item];
    links[it->link0 + it->n_link++] = F->links[i];
  }
  free(F->boxes);
  free(F->links);
  F->boxes = boxes;
  F->links = links;
  F->cap_boxes = F->n_boxes + 1;
  F->cap_links = F->n_links + 1;
  free(count);
}

/* ---- inline content ---- */

static void lay_inline_init(lay_inline *in, double font_size) {
  memset(in, 0, sizeof *in);
  in->attrs = g_ptr_array_new();
  in->font_size = font_size;
}

static void lay_inline_clear(lay_inline *in) {
  for (guint i = 0; i < in->attrs->len; i++)
    pango_attribute_destroy(in->attrs->pdata[i]);
  g_ptr_array_free(in->attrs, TRUE);
  free(in->links);
  np_buf_free(&in->text);
}

/* Appends s to in's text, with a zero-width space after every
 * NP_LAYOUT_MAX_UNBROKEN characters without white space. */
static void lay_puts(lay_inline *in, const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t') {
      in->unbroken = 0;
    } else if (((unsigned char)*p & 0xc0u) != 0x80u) {
      if (in->unbroken == NP_LAYOUT_MAX_UNBROKEN) {
        np_buf_puts(&in->text, "\xe2\x80\x8b");
        in->unbroken = 0;
      }
      in->unbroken++;
    }
    np_buf_putc(&in->text, *p);
  }
}

static void lay_attr(lay_inline *in, PangoAttribute *a, size_t start) {
  a->start_index = (guint)start;
  a->end_index = (guint)in->text.len;
  g_ptr_array_add(in->attrs, a);
}

static PangoAttribute *lay_color_attr(uint32_t c, int background) {
  guint16 r = (guint16)(((c >> 24) & 0xff) * 257);
  guint16 g = (guint16)(((c >> 16) & 0xff) * 257);
  guint16 b = (guint16)(((c >> 8) & 0xff) * 257);

  return background ? pango_attr_background_new(r, g, b)
                    : pango_attr_foreground_new(r, g, b);
}

static int lay_external(const char *href) {
  return g_str_has_prefix(href, "http://") ||
         g_str_has_prefix(href, "https://") ||
         g_str_has_prefix(href, "mailto:");
}

/* Returns the note number (1-based) of uri in the article, adding it. */
static size_t lay_note(lay_ctx *L, const char *uri) {
  size_t found;

  if (!L->note_index)
    L->note_index = g_hash_table_new(g_str_hash, g_str_equal);
  found = GPOINTER_TO_SIZE(g_hash_table_lookup(L->note_index, uri));
  if (found > 0)
    return found;
  np_grow((void **)&L->notes, &L->cap_notes, L->n_notes + 1, sizeof *L->notes);
  L->notes[L->n_notes++] = uri;
  g_hash_table_insert(L->note_index, (gpointer)uri,
                      GSIZE_TO_POINTER(L->n_notes));
  return L->n_notes;
}

/* Superscript or subscript: raised or lowered, smaller. */
static void lay_script(lay_inline *in, size_t start, int up) {
  double rise = (up ? 0.35 : -0.2) * in->font_size;

  lay_attr(in, pango_attr_rise_new((int)lround(rise * PANGO_SCALE)), start);
  lay_attr(in, pango_attr_scale_new(0.7), start);
}

static void lay_inlines(lay_ctx *L, lay_inline *in, const np_node *node);

static void lay_inline_node(lay_ctx *L, lay_inline *in, const np_node *n) {
  size_t start = in->text.len;
  char family[NP_STYLE_FAMILY_MAX];

  switch (n->kind) {
  case NP_NODE_TEXT:
    lay_puts(in, n->text);
    break;
  case NP_NODE_CODE:
    lay_puts(in, n->text);
    lay_family(L->code.font_family, family, sizeof family);
    lay_attr(in, pango_attr_family_new(family), start);
    break;
  case NP_NODE_LINEBREAK:
    lay_puts(in, "\n");
    break;
  case NP_NODE_EMPH:
    lay_inlines(L, in, n);
    lay_attr(in, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
    break;
  case NP_NODE_STRONG:
    lay_inlines(L, in, n);
    lay_attr(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
    break;
  case NP_NODE_SPAN:
    lay_inlines(L, in, n);
    switch (n->as.span.kind) {
    case NP_SPAN_SUB:
      lay_script(in, start, 0);
      break;
    case NP_SPAN_SUP:
      lay_script(in, start, 1);
      break;
    case NP_SPAN_DEL:
      lay_attr(in, pango_attr_strikethrough_new(TRUE), start);
      break;
    case NP_SPAN_INS:
      lay_attr(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start);
      break;
    case NP_SPAN_MARK:
      lay_attr(in, lay_color_attr(0xfff3a0ffu, 1), start);
      break;
    case NP_SPAN_SMALL:
      lay_attr(in, pango_attr_scale_new(0.83), start);
      break;
    case NP_SPAN_QUOTE:
      break;
    }
    break;
  case NP_NODE_LINK:
    lay_inlines(L, in, n);
    if (lay_external(n->as.link.href)) {
      lay_link *lk;

      lay_attr(in, lay_color_attr(L->link.color, 0), start);
      if (L->link.color == L->article.color)
        lay_attr(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start);
      /* Pango finds each link's place on its line in time that grows with
       * the block: past the limit, links are printed and noted, not
       * clickable */
      if (in->n_links < NP_LAYOUT_MAX_LINKS) {
        np_grow((void **)&in->links, &in->cap_links, in->n_links + 1,
                sizeof *lk);
        lk = &in->links[in->n_links++];
        lk->start = start;
        lk->end = in->text.len;
        lk->uri = n->as.link.href;
      }
      if (L->opts->link_notes) {
        size_t mark = in->text.len;
        np_buf_printf(&in->text, "[%zu]", lay_note(L, n->as.link.href));
        lay_script(in, mark, 1);
      }
    }
    break;
  default:
    break;
  }
  if (n->lang && *n->lang && in->text.len > start)
    lay_attr(in, pango_attr_language_new(pango_language_from_string(n->lang)),
             start);
}

static void lay_inlines(lay_ctx *L, lay_inline *in, const np_node *node) {
  for (const np_node *c = node->first_child; c; c = c->next)
    lay_inline_node(L, in, c);
}

/* ---- text blocks ---- */

/* Options of one text block. */
typedef struct {
  const np_node *node; /* inline content, or NULL with text */
  const char *text;    /* plain content when node is NULL */
  const np_node *ctx;  /* node for language and direction (may be NULL) */
  np_box_role role;
  int anchor;     /* anchor set on the first line, or -1 */
  int keep_whole; /* no break inside the block */
  int pre;        /* preformatted */
  int no_indent;  /* the first line is not indented */
} lay_text_opts;

/* Sets the alignment: START and END follow the base direction. */
static void lay_align(PangoLayout *pl, np_align a, int rtl) {
  PangoAlignment start = rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  PangoAlignment end = rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;

  switch (a) {
  case NP_ALIGN_END:
    pango_layout_set_alignment(pl, end);
    break;
  case NP_ALIGN_LEFT:
    pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
    break;
  case NP_ALIGN_RIGHT:
    pango_layout_set_alignment(pl, PANGO_ALIGN_RIGHT);
    break;
  case NP_ALIGN_CENTER:
    pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
    break;
  default:
    pango_layout_set_alignment(pl, start);
    break;
  }
}

/* Returns what justification added to line, a line of pl laid out
 * justified: the width its expandable spaces gained over their own advance
 * (Pango stretches only those); -1 when it has none, for Pango then
 * stretches the gaps between letters, which cannot be told from their own
 * widths. line_char is the character offset of the line's start. */
static int lay_justified_gain(PangoLayout *pl, PangoLayoutLine *line,
                              int line_char) {
  const char *text = pango_layout_get_text(pl);
  const PangoLogAttr *attrs;
  int n_attrs, gain = 0, spaces = 0;

  attrs = pango_layout_get_log_attrs_readonly(pl, &n_attrs);
  for (GSList *r = line->runs; r; r = r->next) {
    PangoGlyphItem *run = r->data;
    PangoGlyphItemIter it;
    int first =
        line_char + (int)g_utf8_strlen(text + line->start_index,
                                       run->item->offset - line->start_index);

    for (gboolean more = pango_glyph_item_iter_init_start(&it, run, text); more;
         more = pango_glyph_item_iter_next_cluster(&it)) {
      int c = first + it.start_char;
      int dir = it.start_glyph < it.end_glyph ? 1 : -1;

      if (c >= n_attrs || !attrs[c].is_expandable_space)
        continue;
      for (int i = it.start_glyph; i != it.end_glyph; i += dir) {
        PangoGlyphInfo *g = &run->glyphs->glyphs[i];
        PangoRectangle own;

        if (g->geometry.width == 0)
          continue;
        pango_font_get_glyph_extents(run->item->analysis.font, g->glyph, NULL,
                                     &own);
        gain += g->geometry.width - own.width;
        spaces++;
      }
    }
  }
  return spaces ? gain : -1;
}

/* Returns 1 when every line of pl but the last of each paragraph fills at
 * least NP_LAYOUT_JUSTIFY_MIN_FILL of width unjustified, 0 when one does
 * not, and -1 when that cannot be told from the lines laid out justified
 * (then pl is laid out as it is). */
static int lay_fill_ok(PangoLayout *pl, int width, int justified) {
  const char *text = pango_layout_get_text(pl);
  int line_char = 0, line_byte = 0, fill = 1;

  for (GSList *l = pango_layout_get_lines_readonly(pl);
       l && l->next && fill > 0; l = l->next) {
    PangoLayoutLine *line = l->data;
    PangoRectangle log;
    int gain = 0;

    line_char +=
        (int)g_utf8_strlen(text + line_byte, line->start_index - line_byte);
    line_byte = line->start_index;
    if (pango_layout_line_is_paragraph_start(l->next->data))
      continue;
    if (justified && (gain = lay_justified_gain(pl, line, line_char)) < 0) {
      fill = -1;
      continue;
    }
    pango_layout_line_get_extents(line, NULL, &log);
    if (log.width - gain < NP_LAYOUT_JUSTIFY_MIN_FILL * width)
      fill = 0;
  }
  return fill;
}

/* Justifies pl unless some line but the last of a paragraph would be
 * stretched from less than NP_LAYOUT_JUSTIFY_MIN_FILL of the width. pl is
 * laid out justified first, and each line's fill read from it less what
 * justification added: one layout where measuring unjustified and then
 * justifying took two. Where that cannot be read (letter spacing, a line
 * without a space), and for text with few spaces, the lines are measured
 * laid out unjustified. */
static void lay_justify(PangoLayout *pl, int width, int letter_spaced) {
  const char *text = pango_layout_get_text(pl);
  size_t spaces = 0, len = strlen(text);
  int fill = -1;

  for (const char *p = text; (p = strchr(p, ' ')) != NULL; p++)
    spaces++;
  if (!letter_spaced && spaces * NP_LAYOUT_JUSTIFY_BYTES_PER_SPACE >= len) {
    pango_layout_set_justify(pl, TRUE);
    fill = lay_fill_ok(pl, width, 1);
    if (fill == 1)
      return;
    pango_layout_set_justify(pl, FALSE);
  }
  if (fill < 0 && lay_fill_ok(pl, width, 0) == 1)
    pango_layout_set_justify(pl, TRUE);
}

/* Pango does not count the hyphen it adds at a soft hyphen in the line's
 * width: narrows the layout until no line is wider than width. */
static void lay_fit(PangoLayout *pl, int width) {
  for (int round = 0; round < 3; round++) {
    PangoLayoutIter *iter = pango_layout_get_iter(pl);
    int over = 0;

    do {
      PangoRectangle log;
      pango_layout_iter_get_line_extents(iter, NULL, &log);
      over = MAX(over, MAX(log.x + log.width - width, -log.x));
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    if (over <= 0)
      return;
    pango_layout_set_width(pl, pango_layout_get_width(pl) - over);
  }
}

/* Builds a PangoLayout for in (consumed attributes stay in in), width in
 * points or < 0 for no wrapping. */
static PangoLayout *lay_pango(lay_ctx *L, lay_inline *in, const np_computed *st,
                              const char *lang, int rtl, int auto_dir,
                              double width, int pre) {
  PangoLayout *pl = pango_layout_new(L->priv->ctx[rtl ? 1 : 0]);
  PangoFontDescription *font = lay_font(st);
  PangoAttrList *list = pango_attr_list_new();
  const char *text = np_buf_cstr(&in->text);
  size_t len = in->text.len;
  char *hyph = NULL;
  size_t *map = NULL;

  if (st->hyphens && !pre && L->opts->hyphenator && lang &&
      np_hyphen_has(L->opts->hyphenator, lang))
    hyph = np_hyphen_insert(L->opts->hyphenator, lang, text, len, &map);
  if (hyph) {
    for (guint i = 0; i < in->attrs->len; i++) {
      PangoAttribute *a = in->attrs->pdata[i];
      a->start_index = (guint)map[MIN(a->start_index, len)];
      a->end_index = (guint)map[MIN(a->end_index, len)];
    }
    for (size_t i = 0; i < in->n_links; i++) {
      in->links[i].start = map[in->links[i].start];
      in->links[i].end = map[in->links[i].end];
    }
    text = hyph;
    len = strlen(hyph);
  }
  if (lang)
    pango_attr_list_insert(
        list, pango_attr_language_new(pango_language_from_string(lang)));
  if (st->letter_spacing != 0)
    pango_attr_list_insert(list, pango_attr_letter_spacing_new((int)lround(
                                     st->letter_spacing * PANGO_SCALE)));
  if (st->uppercase)
    pango_attr_list_insert(
        list, pango_attr_text_transform_new(PANGO_TEXT_TRANSFORM_UPPERCASE));
  /* Pango steps through attributes in quadratic time: past the limit the
   * rest of the block is set plain (all its text kept) */
  if (in->attrs->len > NP_LAYOUT_MAX_ATTRS)
    np_doc_warn(L->doc,
                "a block with more than %d styled runs (emphasis, links): "
                "the rest of it is set plain",
                NP_LAYOUT_MAX_ATTRS);
  for (guint i = 0; i < in->attrs->len && i < NP_LAYOUT_MAX_ATTRS; i++)
    pango_attr_list_insert(list, pango_attribute_copy(in->attrs->pdata[i]));
  pango_layout_set_text(pl, text, (int)len);
  pango_layout_set_attributes(pl, list);
  pango_layout_set_font_description(pl, font);
  pango_layout_set_auto_dir(pl, auto_dir);
  pango_layout_set_wrap(pl, pre ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width(pl, (int)floor(width * PANGO_SCALE));
  if (!pre && st->text_indent != 0)
    pango_layout_set_indent(pl, (int)lround(st->text_indent * PANGO_SCALE));
  lay_align(pl, pre ? NP_ALIGN_START : st->text_align, rtl);
  if (st->text_align == NP_ALIGN_JUSTIFY && !pre && width > 0)
    lay_justify(pl, (int)floor(width * PANGO_SCALE), st->letter_spacing != 0);
  if (hyph && width > 0)
    lay_fit(pl, (int)floor(width * PANGO_SCALE));
  pango_attr_list_unref(list);
  pango_font_description_free(font);
  free(hyph);
  free(map);
  g_ptr_array_add(L->priv->layouts, pl);
  return pl;
}

/* Hash, equality and release of lay_metrics, keyed by font and language. */
static guint lay_metrics_hash(gconstpointer key) {
  const lay_metrics *m = key;

  return pango_font_description_hash(m->font) ^ g_direct_hash(m->lang);
}

static gboolean lay_metrics_equal(gconstpointer a, gconstpointer b) {
  const lay_metrics *x = a, *y = b;

  return x->lang == y->lang && pango_font_description_equal(x->font, y->font);
}

static void lay_metrics_free(gpointer data) {
  lay_metrics *m = data;

  pango_font_description_free(m->font);
  free(m);
}

/* Distance from a line box's top to its baseline: half the leading above
 * the font's ascent, as CSS does. The font's ascent and descent are kept
 * per font and language: Pango measures them by shaping a sample text of
 * the language each time it is asked, which cost a digest 6 % of its
 * instructions when asked for every paragraph. */
static double lay_baseline(lay_ctx *L, const np_computed *st, const char *lang,
                           double lh) {
  lay_metrics key, *m;

  key.font = lay_font(st);
  key.lang = lang ? pango_language_from_string(lang) : NULL;
  if (!L->metrics)
    L->metrics = g_hash_table_new_full(lay_metrics_hash, lay_metrics_equal,
                                       lay_metrics_free, NULL);
  m = g_hash_table_lookup(L->metrics, &key);
  if (m) {
    pango_font_description_free(key.font);
  } else {
    PangoFontMetrics *pm =
        pango_context_get_metrics(L->priv->ctx[0], key.font, key.lang);

    m = np_xcalloc(1, sizeof *m);
    *m = key;
    m->ascent = pango_font_metrics_get_ascent(pm) / (double)PANGO_SCALE;
    m->descent = pango_font_metrics_get_descent(pm) / (double)PANGO_SCALE;
    pango_font_metrics_unref(pm);
    g_hash_table_add(L->metrics, m);
  }
  return (lh - (m->ascent + m->descent)) / 2 + m->ascent;
}

/* Returns whether line ends at a soft hyphen, shown as a hyphen. */
static int lay_line_hyphenated(PangoLayout *pl, const PangoLayoutLine *line) {
  const char *text = pango_layout_get_text(pl) + line->start_index;

  return line->length >= 2 && (unsigned char)text[line->length - 2] == 0xc2 &&
         (unsigned char)text[line->length - 1] == 0xad;
}

/* Adds one item per line of pl to F at x; returns the first item's index
 * (or F->n_items when there is none). Link areas follow in's links. */
static size_t lay_lines(lay_ctx *L, lay_flow *F, PangoLayout *pl,
                        const lay_inline *in, const np_computed *st,
                        const char *lang, double x, np_box_role role,
                        const lay_text_opts *o) {
  size_t first = F->n_items, k = 0;
  int n = pango_layout_get_line_count(pl);
  int widows = st->widows > 0 ? st->widows : 2;
  int orphans = st->orphans > 0 ? st->orphans : 2;
  double lh = lay_line_height(st);
  double base = lay_baseline(L, st, lang, lh);
  PangoLayoutIter *iter = pango_layout_get_iter(pl);
  int i = 0;
  PangoRectangle whole;

  /* Pango measures a paragraph in 32-bit units: one whose unbroken width
   * passes about 2 million points (some 200 KB of text) is not broken into
   * lines at all. Say so rather than lose the text silently. */
  pango_layout_get_extents(pl, NULL, &whole);
  if (n == 1 && pango_layout_get_width(pl) > 0 &&
      (whole.width <= 0 || whole.width > 4 * pango_layout_get_width(pl)) &&
      pango_layout_get_character_count(pl) > NP_LAYOUT_MAX_UNBROKEN)
    np_doc_warn(L->doc,
                "a paragraph of %d characters is too long to set in one piece; "
                "the PDF shows only its first line (the other formats keep "
                "it whole)",
                pango_layout_get_character_count(pl));

  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
    PangoRectangle pos, log;
    size_t it = lay_item_new(F, lh), ls, le;
    np_box *b;

    pango_layout_iter_get_line_extents(iter, NULL, &pos);
    pango_layout_line_get_extents(line, NULL, &log);
    if (i > 0 && (o->keep_whole || i < orphans || n - i < widows))
      F->items[it].flags |= ITEM_NO_BREAK;
    if (i == 0 && o->anchor >= 0)
      F->items[it].anchor = o->anchor;
    if (i + 1 < n && lay_line_hyphenated(pl, line))
      F->items[it].flags |= ITEM_HYPHEN;
    b = lay_box_add(F, it, NP_BOX_LINE, role,
                    x + (pos.x - log.x) / (double)PANGO_SCALE, 0,
                    log.width / (double)PANGO_SCALE, lh);
    b->baseline = base;
    b->layout = pl;
    b->line = i;
    b->color = st->color;
    ls = (size_t)line->start_index;
    le = ls + (size_t)line->length;
    while (k < in->n_links && in->links[k].end <= ls)
      k++;
    for (size_t j = k; j < in->n_links && in->links[j].start < le; j++) {
      int *ranges = NULL, nr = 0;
      int a = (int)MAX(ls, in->links[j].start);
      int e = (int)MIN(le, in->links[j].end);

      if (e <= a)
        continue;
      pango_layout_line_get_x_ranges(line, a, e, &ranges, &nr);
      for (size_t r = 0; r < (size_t)nr; r++)
        lay_link_add(F, it, x + ranges[2 * r] / (double)PANGO_SCALE, 0,
                     (ranges[2 * r + 1] - ranges[2 * r]) / (double)PANGO_SCALE,
                     lh, in->links[j].uri);
      g_free(ranges);
    }
    i++;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return first;
}

/* Applies the block-level break properties before a block starts. */
static void lay_breaks_before(lay_flow *F, const np_computed *st) {
  if (st->break_before == NP_BREAK_PAGE)
    F->next_flags |= ITEM_PAGE;
  else if (st->break_before == NP_BREAK_COLUMN)
    F->next_flags |= ITEM_COLUMN;
  else if (st->break_before == NP_BREAK_AVOID)
    F->next_flags |= ITEM_KEEP;
}

/* Adds rules for the top (or bottom) border of a block as an item of its
 * own, with the padding. */
static void lay_edge(lay_flow *F, const np_computed *st, double x, double w,
                     int top) {
  double bw = (st->border_sides & (top ? 1u : 4u)) ? st->border_width : 0;
  double pad = top ? st->padding_top : st->padding_bottom;
  size_t it;

  if (bw <= 0 && pad <= 0)
    return;
  it = lay_item_new(F, bw + pad);
  if (!top)
    F->items[it].flags |= ITEM_NO_BREAK;
  else
    F->hold = F->hold > 1 ? F->hold : 1;
  if (bw > 0)
    lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_BODY, x, top ? 0 : pad, w, bw)
        ->color = st->border_color;
}

/* Adds side rules (left/right borders) to the items from..F->n_items. */
static void lay_sides(lay_flow *F, const np_computed *st, size_t from, double x,
                      double w, np_box_role role) {
  for (size_t i = from; i < F->n_items; i++) {
    if ((st->border_sides & 8u) && st->border_width > 0) {
      lay_box_add(F, i, NP_BOX_RULE, role, x, 0, st->border_width, 0)->color =
          st->border_color;
      F->boxes[F->n_boxes - 1].side = i > from;
    }
    if ((st->border_sides & 2u) && st->border_width > 0) {
      lay_box_add(F, i, NP_BOX_RULE, role, x + w - st->border_width, 0,
                  st->border_width, 0)
          ->color = st->border_color;
      F->boxes[F->n_boxes - 1].side = i > from;
    }
  }
}

/* Lays out one text block of element.classes inside parent at x, width;
 * returns the number of lines. */
static int lay_text(lay_ctx *L, lay_flow *F, const char *element,
                    const char *classes, const np_computed *parent, double x,
                    double width, const lay_text_opts *o) {
  np_computed st;
  lay_inline in;
  PangoLayout *pl;
  const char *lang = lay_node_lang(L, o->ctx);
  int explicit, rtl, lines = 0;
  np_dir dir = lay_node_dir(L, o->ctx, &explicit);
  double inner_x, inner_w;
  size_t first;

  lay_style(L, element, classes, parent, width, &st);
  if (st.display_none)
    return 0;
  if (o->no_indent)
    st.text_indent = 0;
  lay_inline_init(&in, st.font_size > 0 ? st.font_size : 10);
  if (o->node)
    lay_inlines(L, &in, o->node);
  else if (o->text)
    lay_puts(&in, o->text);
  if (np_is_blank(np_buf_cstr(&in.text)) && !o->pre)
    goto done;
  rtl = dir == NP_DIR_RTL;
  inner_x = x + st.margin_left + st.padding_left +
            ((st.border_sides & 8u) ? st.border_width : 0);
  inner_w = width - st.margin_left - st.margin_right - st.padding_left -
            st.padding_right - ((st.border_sides & 8u) ? st.border_width : 0) -
            ((st.border_sides & 2u) ? st.border_width : 0);
  if (inner_w < 1)
    inner_w = 1;
  lay_margin(F, st.margin_top);
  lay_breaks_before(F, &st);
  first = F->n_items;
  lay_edge(F, &st, x + st.margin_left, width - st.margin_left - st.margin_right,
           1);
  pl = lay_pango(L, &in, &st, lang, rtl, !explicit, inner_w, o->pre);
  lay_lines(L, F, pl, &in, &st, lang, inner_x, o->role, o);
  lines = pango_layout_get_line_count(pl);
  lay_edge(F, &st, x + st.margin_left, width - st.margin_left - st.margin_right,
           0);
  lay_sides(F, &st, first, x + st.margin_left,
            width - st.margin_left - st.margin_right, o->role);
  if (st.background != 0) {
    for (size_t i = first; i < F->n_items; i++) {
      np_box *b = lay_box_add(F, i, NP_BOX_RULE, o->role, x + st.margin_left, 0,
                              width - st.margin_left - st.margin_right, 0);
      b->color = st.background;
      F->boxes[F->n_boxes - 1].side = i > first;
    }
  }
  lay_margin(F, st.margin_bottom);
  if (st.break_after == NP_BREAK_AVOID || o->role == NP_ROLE_HEADING ||
      o->role == NP_ROLE_HEADLINE || o->role == NP_ROLE_MASTHEAD)
    F->keep = NP_LAYOUT_KEEP_LINES;
  if (st.break_after == NP_BREAK_PAGE)
    F->next_flags |= ITEM_PAGE;
done:
  lay_inline_clear(&in);
  return lines;
}

/* ---- blocks ---- */

static void lay_blocks(lay_ctx *L, lay_flow *F, const np_node *parent,
                       const np_computed *pst, double x, double width,
                       const np_node *skip, const np_node *skip2);

/* Keeps the items from..F->n_items together. */
static void lay_keep(lay_flow *F, size_t from) {
  for (size_t i = from + 1; i < F->n_items; i++)
    F->items[i].flags |= ITEM_NO_BREAK;
}

/* Returns the element name and the box role of a heading level. */
static const char *lay_heading_element(int level) {
  static const char *const names[] = {"h1", "h2", "h3", "h4", "h5", "h6"};

  return names[level >= 1 && level <= 6 ? level - 1 : 1];
}

/* Adds a missing-image or image box of the proportions of node (or 4:3)
 * to F; returns its item. */
static void lay_image(lay_ctx *L, lay_flow *F, const np_node *img,
                      const np_computed *fst, double x, double width) {
  np_image *image = NULL;
  np_error err;
  double iw = img->as.image.width, ih = img->as.image.height, w, h, ratio;
  double max_h;
  size_t it;
  np_box *b;

  if (img->as.image.resource < 0)
    np_doc_warn(L->doc, "image \"%s\": no source", img->as.image.alt);
  else if (np_image_load(L->doc, img->as.image.resource, &image, &err) !=
               NP_OK &&
           (L->doc->resources[img->as.image.resource].kind == NP_RES_LOCAL ||
            L->doc->resources[img->as.image.resource].kind == NP_RES_DATA))
    /* the importer has already warned about remote, missing and refused
     * images */
    np_doc_warn(L->doc, "image %s: %s",
                L->doc->resources[img->as.image.resource].url, err.message);
  if (image && np_image_memory(image) >
                   NP_LAYOUT_MAX_IMAGE_MEMORY - L->priv->image_memory) {
    np_doc_warn(L->doc,
                "image %s: left out, the images of this PDF already take "
                "%zu of at most %zu MB",
                L->doc->resources[img->as.image.resource].url,
                L->priv->image_memory / (1024 * 1024),
                NP_LAYOUT_MAX_IMAGE_MEMORY / (1024 * 1024));
    np_image_free(image);
    image = NULL;
  }
  if (image) {
    iw = np_image_width(image);
    ih = np_image_height(image);
  }
  if (iw <= 0 || ih <= 0) {
    iw = 4;
    ih = 3;
    w = width;
  } else {
    w = MIN(width, iw * NP_LAYOUT_PX * NP_LAYOUT_MAX_UPSCALE);
  }
  h = w * ih / iw;
  ratio = fst->max_height_ratio > 0 ? fst->max_height_ratio
                                    : NP_LAYOUT_FIGURE_RATIO;
  max_h = ratio * L->ch;
  if (h > max_h) {
    h = max_h;
    w = h * iw / ih;
  }
  it = lay_item_new(F, h);
  F->items[it].flags |= ITEM_FIGURE;
  b = lay_box_add(F, it, image ? NP_BOX_IMAGE : NP_BOX_MISSING, NP_ROLE_FIGURE,
                  x + (width - w) / 2, 0, w, h);
  b->color = fst->border_color ? fst->border_color : 0x999999ffu;
  if (image) {
    b->image = image;
    L->priv->image_memory += np_image_memory(image);
    g_ptr_array_add(L->priv->images, image);
  }
}

static void lay_figure(lay_ctx *L, lay_flow *F, const np_node *fig,
                       const np_computed *pst, double x, double width,
                       const char *classes) {
  np_computed st, cap;
  lay_text_opts o = {0};
  size_t first = F->n_items;
  double ix, iw;

  lay_style(L, "figure", classes, pst, width, &st);
  if (st.display_none)
    return;
  lay_margin(F, st.margin_top);
  lay_breaks_before(F, &st);
  ix = x + st.margin_left + st.padding_left;
  iw = width - st.margin_left - st.margin_right - st.padding_left -
       st.padding_right;
  if (iw < 1)
    iw = 1;
  o.anchor = -1;
  lay_push(L, "figure", classes);
  for (const np_node *c = fig->first_child; c; c = c->next) {
    o.node = c;
    o.ctx = c;
    if (c->kind == NP_NODE_IMAGE) {
      lay_image(L, F, c, &st, ix, iw);
    } else if (c->kind == NP_NODE_CAPTION) {
      o.role = NP_ROLE_CAPTION;
      lay_text(L, F, "figcaption", NULL, &st, ix, iw, &o);
    } else if (c->kind == NP_NODE_CREDIT) {
      /* The credit is styled as a span inside the caption. */
      o.role = NP_ROLE_CREDIT;
      lay_style(L, "figcaption", NULL, &st, iw, &cap);
      lay_push(L, "figcaption", NULL);
      lay_text(L, F, "span", "credit", &cap, ix, iw, &o);
      lay_pop(L);
    }
  }
  lay_pop(L);
  lay_keep(F, first);
  lay_margin(F, st.margin_bottom);
}

static void lay_list(lay_ctx *L, lay_flow *F, const np_node *list,
                     const np_computed *pst, double x, double width) {
  np_computed st, li;
  int number = list->as.list.ordered ? list->as.list.start : 0;
  int explicit, rtl = lay_node_dir(L, list, &explicit) == NP_DIR_RTL;
  double ix, iw, left, right;

  lay_style(L, list->as.list.ordered ? "ol" : "ul", NULL, pst, width, &st);
  if (st.display_none)
    return;
  lay_margin(F, st.margin_top);
  lay_breaks_before(F, &st);
  /* The indent is on the start side. */
  left = st.margin_left + st.padding_left;
  right = st.margin_right + st.padding_right;
  if (rtl) {
    double t = left;
    left = right;
    right = t;
  }
  ix = x + left;
  iw = width - left - right;
  if (iw < 1)
    iw = 1;
  lay_push(L, list->as.list.ordered ? "ol" : "ul", NULL);
  for (const np_node *item = list->first_child; item; item = item->next) {
    size_t first;
    char marker[32];
    lay_inline in;
    PangoLayout *pl;
    PangoRectangle log;
    double mw, gap;
    np_box *b;

    lay_style(L, "li", NULL, &st, iw, &li);
    first = F->n_boxes;
    lay_push(L, "li", NULL);
    lay_blocks(L, F, item, &li, ix, iw, NULL, NULL);
    lay_pop(L);
    if (list->as.list.ordered)
      snprintf(marker, sizeof marker, "%d.", number++);
    else
      snprintf(marker, sizeof marker, "\xe2\x80\xa2");
    /* The marker sits beside the first line of the item. */
    for (size_t i = first; i < F->n_boxes; i++) {
      lay_fbox *fb = &F->boxes[i];

      if (fb->box.kind != NP_BOX_LINE)
        continue;
      lay_inline_init(&in, li.font_size);
      np_buf_puts(&in.text, marker);
      pl = lay_pango(L, &in, &li, lay_node_lang(L, item), rtl, 0, -1, 0);
      pango_layout_get_extents(pl, NULL, &log);
      mw = log.width / (double)PANGO_SCALE;
      gap = NP_LAYOUT_MARKER_GAP * (li.font_size > 0 ? li.font_size : 10);
      b = lay_box_add(F, fb->item, NP_BOX_LINE, fb->box.role,
                      rtl ? ix + iw + gap : ix - gap - mw, fb->box.y, mw,
                      fb->box.height);
      b->baseline = F->boxes[i].box.baseline;
      b->layout = pl;
      b->line = 0;
      b->color = li.color;
      lay_inline_clear(&in);
      break;
    }
  }
  lay_pop(L);
  lay_margin(F, st.margin_bottom);
}

/* Natural (unwrapped) and narrowest (longest word) widths of a cell. */
static void lay_cell_widths(lay_ctx *L, const np_node *cell,
                            const np_computed *st, double *max_w,
                            double *min_w) {
  lay_inline in;
  PangoLayout *pl;
  PangoRectangle log;
  char *text = np_node_text(cell);

  lay_inline_init(&in, st->font_size);
  lay_puts(&in, text);
  pl = pango_layout_new(L->priv->ctx[0]);
  {
    PangoFontDescription *font = lay_font(st);
    pango_layout_set_font_description(pl, font);
    pango_font_description_free(font);
  }
  pango_layout_set_text(pl, np_buf_cstr(&in.text), (int)in.text.len);
  pango_layout_get_extents(pl, NULL, &log);
  *max_w = log.width / (double)PANGO_SCALE;
  pango_layout_set_width(pl, 1);
  pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
  pango_layout_get_extents(pl, NULL, &log);
  *min_w = log.width / (double)PANGO_SCALE;
  g_object_unref(pl);
  lay_inline_clear(&in);
  free(text);
}

static int lay_colspan(const np_node *cell) {
  return cell->as.cell.colspan > 0 ? cell->as.cell.colspan : 1;
}

static int lay_rowspan(const np_node *cell) {
  return cell->as.cell.rowspan > 0 ? cell->as.cell.rowspan : 1;
}

/* Returns the first column from c on that no cell of an earlier row
 * covers (busy: per column, the rows it is still covered). */
static int lay_free_column(const int *busy, int c, int ncols) {
  while (c < ncols && busy[c] > 0)
    c++;
  return c;
}

/* Marks the columns c..c+span-1 covered for rows rows, this one included. */
static void lay_cover(int *busy, int c, int span, int rows, int ncols) {
  for (int k = c; k < c + span && k < ncols; k++)
    busy[k] = MAX(busy[k], rows);
}

/* Ends a row: one row less for every covered column. */
static void lay_row_done(int *busy, int ncols) {
  for (int k = 0; k < ncols; k++) {
    if (busy[k] > 0)
      busy[k]--;
  }
}

/* A cell's border, drawn once the row's height is known. */
typedef struct {
  double x, width, border;
  unsigned sides;
  uint32_t color;
} lay_cell_rule;

/* A cell spanning rows, by the column it starts in. */
typedef struct {
  int rows;    /* rows still covered, the current one included; 0: none */
  int cols;    /* columns covered */
  int first;   /* the current row is its first */
  double need; /* height its content still needs from the current row */
  lay_cell_rule rule;
} lay_span;

/* Draws the borders of a cell in a row of height height; a cell spanning
 * rows has its top border in its first row and its bottom in its last. */
static void lay_cell_borders(lay_flow *F, size_t it, const lay_cell_rule *r,
                             double height, int top, int bottom) {
  double bw = r->border;

  if ((r->sides & 1u) && top)
    lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_TABLE, r->x, 0, r->width, bw)
        ->color = r->color;
  if ((r->sides & 4u) && bottom)
    lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_TABLE, r->x, height - bw, r->width,
                bw)
        ->color = r->color;
  if (r->sides & 8u)
    lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_TABLE, r->x, 0, bw, height)->color =
        r->color;
  if (r->sides & 2u)
    lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_TABLE, r->x + r->width - bw, 0, bw,
                height)
        ->color = r->color;
}

/* Lays out a row: every cell's blocks into a flow of its own, then one
 * item holding all their boxes. A cell spanning rows is laid out in its
 * first row, its boxes reaching below it; the rows it spans are kept
 * together and the last grows when the cell needs more height than they
 * have. spans (per column) carries such cells from row to row; rows_left
 * counts this row and those below it. */
static void lay_row(lay_ctx *L, lay_flow *F, const np_node *row,
                    const np_computed *tst, double x, const double *colw,
                    int ncols, double tw, int rtl, int header, int rows_left,
                    lay_span *spans) {
  size_t it = lay_item_new(F, 0), n_rules = 0;
  lay_cell_rule *rules = np_xcalloc((size_t)ncols, sizeof *rules);
  int *busy = np_xcalloc((size_t)ncols, sizeof *busy);
  lay_flow cell_flow = {0};
  double height = 0;
  int c = 0, spanned = 0;

  /* Columns covered by cells of earlier rows. */
  for (int k = 0; k < ncols; k++) {
    if (spans[k].rows > 0) {
      spanned = 1;
      lay_cover(busy, k, spans[k].cols, 1, ncols);
    }
  }
  lay_push(L, "tr", NULL);
  for (const np_node *cell = row->first_child; cell; cell = cell->next) {
    int span, rows = MIN(lay_rowspan(cell), rows_left);
    double w = 0, y, cx = 0, cell_x;
    np_computed cst;
    lay_cell_rule rule;

    c = lay_free_column(busy, c, ncols);
    if (c >= ncols)
      break;
    span = MIN(lay_colspan(cell), ncols - c);
    for (int k = 0; k < c; k++)
      cx += colw[k];
    for (int k = 0; k < span; k++)
      w += colw[c + k];
    lay_style(L, (cell->flags & NP_FLAG_HEADER) ? "th" : "td", NULL, tst, w,
              &cst);
    cell_x = rtl ? x + tw - cx - w : x + cx;
    lay_push(L, (cell->flags & NP_FLAG_HEADER) ? "th" : "td", NULL);
    lay_blocks(L, &cell_flow, cell, &cst, cell_x + cst.padding_left,
               MAX(1, w - cst.padding_left - cst.padding_right), NULL, NULL);
    lay_pop(L);
    lay_flow_sort(&cell_flow);
    y = cst.padding_top;
    for (size_t i = 0; i < cell_flow.n_items; i++) {
      const lay_item *ci = &cell_flow.items[i];

      if (i > 0)
        y += ci->space;
      for (size_t b = 0; b < ci->n_box; b++) {
        const lay_fbox *fb = &cell_flow.boxes[ci->box0 + b];
        np_box *nb =
            lay_box_add(F, it, fb->box.kind, NP_ROLE_TABLE, 0, 0, 0, 0);

        *nb = fb->box;
        nb->role = NP_ROLE_TABLE;
        nb->y = y + fb->box.y;
        nb->baseline = y + fb->box.baseline;
        if (fb->side || nb->height == 0) {
          nb->y = y;
          nb->height = ci->height;
        }
      }
      for (size_t k = 0; k < ci->n_link; k++) {
        const np_link_area *a = &cell_flow.links[ci->link0 + k].area;
        lay_link_add(F, it, a->x, y + a->y, a->width, a->height, a->uri);
      }
      y += ci->height;
    }
    lay_flow_free(&cell_flow);
    rule.x = cell_x;
    rule.width = w;
    rule.border = cst.border_width;
    rule.sides = cst.border_width > 0 ? cst.border_sides : 0;
    rule.color = cst.border_color;
    if (rows > 1) {
      spans[c].rows = rows;
      spans[c].cols = span;
      spans[c].first = 1;
      spans[c].need = y + cst.padding_bottom;
      spans[c].rule = rule;
    } else {
      height = MAX(height, y + cst.padding_bottom);
      if (rule.sides)
        rules[n_rules++] = rule;
    }
    lay_cover(busy, c, span, 1, ncols);
    c += span;
  }
  lay_pop(L);
  /* A spanning cell in its last row: the row gives it the height left. */
  for (int k = 0; k < ncols; k++) {
    if (spans[k].rows == 1)
      height = MAX(height, spans[k].need);
  }
  F->items[it].height = height;
  if (spanned)
    F->items[it].flags |= ITEM_NO_BREAK;
  for (size_t i = 0; i < n_rules; i++)
    lay_cell_borders(F, it, &rules[i], height, 1, 1);
  for (int k = 0; k < ncols; k++) {
    lay_span *sp = &spans[k];
    if (sp->rows <= 0)
      continue;
    if (sp->rule.sides)
      lay_cell_borders(F, it, &sp->rule, height, sp->first, sp->rows == 1);
    sp->need -= height;
    sp->first = 0;
    sp->rows--;
  }
  free(rules);
  free(busy);
  if (header)
    F->keep = F->keep > 1 ? F->keep : 1;
}

/* Lays out a table whose rows are children of table; columns from the
 * widest cell contents, scaled to fit; cells spanning rows take their
 * columns in the rows below. */
static void lay_table(lay_ctx *L, lay_flow *F, const np_node *table,
                      const np_computed *pst, double x, double width) {
  np_computed st, cst;
  int ncols = 0, explicit,
      rtl = lay_node_dir(L, table, &explicit) == NP_DIR_RTL;
  double *maxw = NULL, *minw = NULL, *colw = NULL, sum_max = 0, sum_min = 0;
  double tw, ix, iw;
  int in_header = 1, n_rows = 0, row_index = 0;
  size_t first_row, header_end;
  int busy[NP_LAYOUT_TABLE_MAX_COLUMNS + 1] = {0};
  int *cbusy = NULL;
  lay_span *spans = NULL;

  lay_style(L, "table", NULL, pst, width, &st);
  if (st.display_none)
    return;
  for (const np_node *row = table->first_child; row; row = row->next) {
    int cols = 0;
    if (row->kind != NP_NODE_ROW)
      continue;
    n_rows++;
    for (const np_node *cell = row->first_child; cell; cell = cell->next) {
      cols = lay_free_column(busy, cols, NP_LAYOUT_TABLE_MAX_COLUMNS + 1);
      lay_cover(busy, cols, lay_colspan(cell), lay_rowspan(cell),
                NP_LAYOUT_TABLE_MAX_COLUMNS + 1);
      cols += lay_colspan(cell);
      if (cols > NP_LAYOUT_TABLE_MAX_COLUMNS)
        break;
    }
    ncols = MAX(ncols, cols);
    lay_row_done(busy, NP_LAYOUT_TABLE_MAX_COLUMNS + 1);
  }
  if (ncols > NP_LAYOUT_TABLE_MAX_COLUMNS)
    np_doc_warn(L->doc,
                "a table of more than %d columns: the PDF sets its cells one "
                "after the other",
                NP_LAYOUT_TABLE_MAX_COLUMNS);
  lay_margin(F, st.margin_top);
  lay_breaks_before(F, &st);
  ix = x + st.margin_left + st.padding_left;
  iw = width - st.margin_left - st.margin_right - st.padding_left -
       st.padding_right;
  if (iw < 1)
    iw = 1;
  lay_push(L, "table", NULL);
  for (const np_node *c = table->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_CAPTION) {
      lay_text_opts o = {0};
      o.node = c;
      o.ctx = c;
      o.anchor = -1;
      o.role = NP_ROLE_CAPTION;
      lay_text(L, F, "caption", NULL, &st, ix, iw, &o);
      F->keep = 1;
    }
  }
  if (ncols == 0)
    goto done;
  if (ncols > NP_LAYOUT_TABLE_MAX_COLUMNS) {
    /* Too wide to be a grid on paper: each cell in turn, rows apart. */
    for (const np_node *row = table->first_child; row; row = row->next) {
      if (row->kind != NP_NODE_ROW)
        continue;
      lay_push(L, "tr", NULL);
      for (const np_node *cell = row->first_child; cell; cell = cell->next) {
        lay_style(L, "td", NULL, &st, iw, &cst);
        lay_push(L, "td", NULL);
        lay_blocks(L, F, cell, &cst, ix, iw, NULL, NULL);
        lay_pop(L);
      }
      lay_pop(L);
      lay_margin(F, lay_line_height(&st) / 2);
    }
    goto done;
  }
  maxw = np_xcalloc((size_t)ncols, sizeof *maxw);
  minw = np_xcalloc((size_t)ncols, sizeof *minw);
  colw = np_xcalloc((size_t)ncols, sizeof *colw);
  cbusy = np_xcalloc((size_t)ncols, sizeof *cbusy);
  spans = np_xcalloc((size_t)ncols, sizeof *spans);
  for (const np_node *row = table->first_child; row; row = row->next) {
    int c = 0;
    if (row->kind != NP_NODE_ROW)
      continue;
    for (const np_node *cell = row->first_child; cell; cell = cell->next) {
      double mx, mn, pad;
      int span;
      c = lay_free_column(cbusy, c, ncols);
      if (c >= ncols)
        break;
      span = lay_colspan(cell);
      lay_cover(cbusy, c, span, lay_rowspan(cell), ncols);
      lay_push(L, "tr", NULL);
      lay_style(L, (cell->flags & NP_FLAG_HEADER) ? "th" : "td", NULL, &st, iw,
                &cst);
      lay_pop(L);
      pad = cst.padding_left + cst.padding_right;
      if (span == 1) {
        lay_cell_widths(L, cell, &cst, &mx, &mn);
        maxw[c] = MAX(maxw[c], mx + pad);
        minw[c] = MAX(minw[c], mn + pad);
      }
      c += span;
    }
    lay_row_done(cbusy, ncols);
  }
  for (int c = 0; c < ncols; c++) {
    if (maxw[c] <= 0)
      maxw[c] = minw[c] = lay_line_height(&st);
    sum_max += maxw[c];
    sum_min += minw[c];
  }
  for (int c = 0; c < ncols; c++) {
    if (sum_max <= iw)
      colw[c] = maxw[c] * iw / sum_max;
    else if (sum_min >= iw)
      colw[c] = minw[c] * iw / sum_min;
    else
      colw[c] = minw[c] + (iw - sum_min) * (maxw[c] - minw[c]) /
                              MAX(sum_max - sum_min, NP_LAYOUT_EPS);
  }
  tw = iw;
  first_row = header_end = F->n_items;
  for (const np_node *row = table->first_child; row; row = row->next) {
    int header = 1;
    if (row->kind != NP_NODE_ROW)
      continue;
    for (const np_node *cell = row->first_child; cell; cell = cell->next)
      header = header && (cell->flags & NP_FLAG_HEADER);
    in_header = in_header && header;
    lay_row(L, F, row, &st, ix, colw, ncols, tw, rtl, in_header,
            n_rows - row_index++, spans);
    if (in_header)
      header_end = F->n_items;
  }
  /* The header rows go again above the body rows that start a page or a
   * column; a table of header rows alone has nothing to repeat them for. */
  for (size_t k = header_end; header_end > first_row && k < F->n_items; k++) {
    F->items[k].repeat0 = first_row;
    F->items[k].n_repeat = header_end - first_row;
  }
done:
  lay_pop(L);
  lay_margin(F, st.margin_bottom);
  free(maxw);
  free(minw);
  free(colw);
  free(cbusy);
  free(spans);
}

static void lay_quote(lay_ctx *L, lay_flow *F, const np_node *q,
                      const np_computed *pst, double x, double width) {
  np_computed st;
  size_t first = F->n_items, box_from = F->n_boxes;
  int explicit, rtl = lay_node_dir(L, q, &explicit) == NP_DIR_RTL;
  double left, right, bl = 0, br = 0;

  lay_style(L, "blockquote",
            (q->flags & NP_FLAG_PULLQUOTE) ? "pullquote" : NULL, pst, width,
            &st);
  if (st.display_none)
    return;
  lay_margin(F, st.margin_top);
  lay_breaks_before(F, &st);
  left = st.margin_left;
  right = st.margin_right;
  if (st.border_width > 0) {
    bl = (st.border_sides & 8u) ? st.border_width : 0;
    br = (st.border_sides & 2u) ? st.border_width : 0;
  }
  if (rtl) {
    double t = left;
    left = right;
    right = t;
    t = bl;
    bl = br;
    br = t;
  }
  lay_push(L, "blockquote",
           (q->flags & NP_FLAG_PULLQUOTE) ? "pullquote" : NULL);
  lay_blocks(L, F, q, &st, x + left + bl + st.padding_left,
             MAX(1, width - left - right - bl - br - st.padding_left -
                        st.padding_right),
             NULL, NULL);
  lay_pop(L);
  for (size_t i = first; i < F->n_items; i++) {
    if (bl > 0) {
      lay_box_add(F, i, NP_BOX_RULE, NP_ROLE_QUOTE, x + left, 0, bl, 0)->color =
          st.border_color;
      F->boxes[F->n_boxes - 1].side = i > first;
    }
    if (br > 0) {
      lay_box_add(F, i, NP_BOX_RULE, NP_ROLE_QUOTE, x + width - right - br, 0,
                  br, 0)
          ->color = st.border_color;
      F->boxes[F->n_boxes - 1].side = i > first;
    }
  }
  for (size_t b = box_from; b < F->n_boxes; b++) {
    if (F->boxes[b].box.role == NP_ROLE_BODY)
      F->boxes[b].box.role = NP_ROLE_QUOTE;
  }
  if (st.break_inside == NP_BREAK_AVOID ||
      F->n_items - first < NP_LAYOUT_SHORT_QUOTE_LINES)
    lay_keep(F, first);
  lay_margin(F, st.margin_bottom);
}

/* Lays out the block n; no_indent: a paragraph's first line is not
 * indented (it opens its container or follows a heading, figure or rule). */
static void lay_block(lay_ctx *L, lay_flow *F, const np_node *n,
                      const np_computed *pst, double x, double width,
                      int no_indent) {
  lay_text_opts o = {0};
  np_computed st;

  o.node = n;
  o.ctx = n;
  o.anchor = -1;
  o.role = NP_ROLE_BODY;
  o.no_indent = no_indent;
  switch (n->kind) {
  case NP_NODE_PARAGRAPH:
    lay_text(L, F, "p", (n->flags & NP_FLAG_LEAD) ? "lead" : NULL, pst, x,
             width, &o);
    break;
  case NP_NODE_HEADING:
    o.role = NP_ROLE_HEADING;
    o.anchor = lay_anchor_new(L);
    np_grow((void **)&L->heads, &L->cap_heads, L->n_heads + 1,
            sizeof *L->heads);
    np_grow((void **)&L->head_anchors, &L->cap_head_anchors, L->n_heads + 1,
            sizeof *L->head_anchors);
    L->heads[L->n_heads] = n;
    L->head_anchors[L->n_heads++] = o.anchor;
    o.keep_whole = 1;
    lay_text(L, F, lay_heading_element(n->as.heading.level), NULL, pst, x,
             width, &o);
    break;
  case NP_NODE_CAPTION:
  case NP_NODE_CREDIT:
    o.role = NP_ROLE_CAPTION;
    lay_text(L, F, "p", NULL, pst, x, width, &o);
    break;
  case NP_NODE_PRE:
    o.role = NP_ROLE_CODE;
    o.pre = 1;
    lay_text(L, F, "pre", NULL, pst, x, width, &o);
    break;
  case NP_NODE_BLOCKQUOTE:
    lay_quote(L, F, n, pst, x, width);
    break;
  case NP_NODE_LIST:
    lay_list(L, F, n, pst, x, width);
    break;
  case NP_NODE_LIST_ITEM:
  case NP_NODE_CELL:
  case NP_NODE_ARTICLE:
    lay_blocks(L, F, n, pst, x, width, NULL, NULL);
    break;
  case NP_NODE_FIGURE:
    lay_figure(L, F, n, pst, x, width, NULL);
    break;
  case NP_NODE_TABLE:
    lay_table(L, F, n, pst, x, width);
    break;
  case NP_NODE_RULE:
    lay_style(L, "hr", NULL, pst, width, &st);
    if (st.display_none)
      break;
    lay_margin(F, st.margin_top);
    {
      double h = st.border_width > 0 ? st.border_width : 0.5;
      size_t it = lay_item_new(F, h);
      lay_box_add(F, it, NP_BOX_RULE, NP_ROLE_BODY, x + st.margin_left, 0,
                  MAX(1, width - st.margin_left - st.margin_right), h)
          ->color = st.border_color ? st.border_color : st.color;
    }
    lay_margin(F, st.margin_bottom);
    break;
  default:
    break;
  }
}

/* Lays out the block children of parent (inline children as one
 * paragraph), leaving out skip. A paragraph that opens parent or follows
 * a heading, a figure or a rule has no first-line indent, as in print. */
static void lay_blocks(lay_ctx *L, lay_flow *F, const np_node *parent,
                       const np_computed *pst, double x, double width,
                       const np_node *skip, const np_node *skip2) {
  const np_node *prev = NULL;

  for (const np_node *c = parent->first_child; c; c = c->next) {
    if (c == skip || c == skip2)
      continue;
    if (np_node_is_block(c->kind)) {
      lay_block(L, F, c, pst, x, width,
                !prev || prev->kind == NP_NODE_HEADING ||
                    prev->kind == NP_NODE_FIGURE || prev->kind == NP_NODE_RULE);
      prev = c;
    } else {
      /* Loose inlines (a cell or item holding text): one paragraph. */
      lay_text_opts o = {0};
      o.node = parent;
      o.ctx = parent;
      o.anchor = -1;
      o.role = parent->kind == NP_NODE_CELL ? NP_ROLE_TABLE : NP_ROLE_BODY;
      o.no_indent = 1;
      lay_text(L, F, "p", NULL, pst, x, width, &o);
      return;
    }
  }
}

/* ---- pages and pagination ---- */

static np_page *lay_page(lay_ctx *L, int page) { return &L->out->pages[page]; }

/* Appends an empty page; returns 0 past NP_LAYOUT_MAX_PAGES. */
static int lay_new_page(lay_ctx *L, int owner) {
  np_layout *out = L->out;

  if (out->n_pages >= NP_LAYOUT_MAX_PAGES) {
    if (!L->failed)
      np_error_set(L->err, NP_ERR_IO, "layout: more than %d pages; stopped",
                   NP_LAYOUT_MAX_PAGES);
    L->failed = 1;
    return 0;
  }
  np_grow((void **)&out->pages, &L->cap_pages, out->n_pages + 1,
          sizeof *out->pages);
  memset(&out->pages[out->n_pages], 0, sizeof *out->pages);
  np_grow((void **)&L->page_owner, &L->cap_owner, out->n_pages + 1,
          sizeof *L->page_owner);
  L->page_owner[out->n_pages] = owner;
  out->n_pages++;
  L->col = 0;
  L->region_top = L->y = L->cy;
  return 1;
}

static np_box *lay_page_box(np_page *p, const np_box *b) {
  np_grow((void **)&p->boxes, &p->cap_boxes, p->n_boxes + 1, sizeof *b);
  p->boxes[p->n_boxes] = *b;
  return &p->boxes[p->n_boxes++];
}

static void lay_page_link(np_page *p, const np_link_area *a) {
  np_grow((void **)&p->links, &p->cap_links, p->n_links + 1, sizeof *a);
  p->links[p->n_links++] = *a;
}

/* Moves to the next column, or the first of a new page. */
static int lay_next_column(lay_ctx *L, int owner) {
  if (L->col + 1 < L->ncols) {
    L->col++;
    L->y = L->region_top;
    return 1;
  }
  return lay_new_page(L, owner);
}

static double lay_column_x(const lay_ctx *L) {
  double colw = (L->cw - (L->ncols - 1) * L->gap) / L->ncols;
  int idx = L->rtl_columns ? L->ncols - 1 - L->col : L->col;

  return L->cx + idx * (colw + L->gap);
}

/* Places item it at the current position with space above it. */
static void lay_place(lay_ctx *L, const lay_flow *F, const lay_item *it,
                      double space) {
  int page = (int)L->out->n_pages - 1;
  np_page *p = lay_page(L, page);
  double x0 = lay_column_x(L), top = L->y + space;

  for (size_t b = 0; b < it->n_box; b++) {
    const lay_fbox *fb = &F->boxes[it->box0 + b];
    np_box box = fb->box;

    box.x += x0;
    box.y += top;
    if (fb->side || box.height == 0) {
      box.y = top - (fb->side ? space : 0);
      box.height = it->height + (fb->side ? space : 0);
    }
    box.baseline += top;
    lay_page_box(p, &box);
  }
  for (size_t k = 0; k < it->n_link; k++) {
    np_link_area a = F->links[it->link0 + k].area;
    a.x += x0;
    a.y += top;
    lay_page_link(p, &a);
  }
  if (it->anchor >= 0) {
    L->anchors[it->anchor].page = page;
    L->anchors[it->anchor].y = top;
    L->anchors[it->anchor].height = it->height;
  }
  L->y = top + it->height;
}

/* Returns whether no break is allowed before it. */
static int lay_kept(const lay_item *it) {
  return (it->flags & (ITEM_NO_BREAK | ITEM_KEEP)) != 0;
}

/* Returns the height of the items from..to (inclusive) set in an empty
 * column. */
static double lay_run_height(const lay_flow *F, size_t from, size_t to) {
  double h = 0;

  for (size_t k = from; k <= to && k < F->n_items; k++)
    h += (k > from ? F->items[k].space : 0) + F->items[k].height;
  return h;
}

/* Height of the next column: the rest of the region on this page, or a
 * whole page. */
static double lay_next_column_height(const lay_ctx *L) {
  if (L->col + 1 < L->ncols)
    return L->cy + L->ch - L->region_top;
  return L->ch;
}

/* Item i does not fit below items col_start..i-1 of the column: returns the
 * item the next column starts with, after col_start (or col_start itself
 * when the column starts below the top of the page: all of it may move to
 * the next, which is taller). A chain of kept items
 * moves whole when it is not at the top of the column and fits in the next
 * one; otherwise the column ends at the chain's last keep-with-next (the
 * last point that fits), or at i. Then, if the column would end with a
 * hyphenated line that may move, up to NP_LAYOUT_HYPHEN_LINES lines go
 * along to the next column. */
static size_t lay_break_at(const lay_ctx *L, const lay_flow *F,
                           size_t col_start, size_t i) {
  size_t lo = L->region_top > L->cy + NP_LAYOUT_EPS ? col_start : col_start + 1;
  size_t j = i, end = i, b = i;

  while (j > col_start && lay_kept(&F->items[j]))
    j--;
  while (end + 1 < F->n_items && lay_kept(&F->items[end + 1]))
    end++;
  if (j >= lo &&
      lay_run_height(F, j, end) <= lay_next_column_height(L) + NP_LAYOUT_EPS) {
    b = j;
  } else {
    for (size_t k = i + 1; k > lo; k--) {
      if (!(F->items[k - 1].flags & ITEM_NO_BREAK)) {
        b = k - 1;
        break;
      }
    }
  }
  for (int n = 0; n < NP_LAYOUT_HYPHEN_LINES; n++) {
    if (b <= lo || !(F->items[b - 1].flags & ITEM_HYPHEN) ||
        lay_kept(&F->items[b - 1]))
      break;
    b--;
  }
  return b;
}

/* Scales down the image of the figure starting at item i (its parts are the
 * NO_BREAK items after it) when the figure does not fit in the room left
 * in the column but that room is large enough (NP_LAYOUT_FIGURE_SHRINK_ROOM,
 * NP_LAYOUT_FIGURE_MIN_SCALE). */
static void lay_fit_figure(const lay_ctx *L, lay_flow *F, size_t i,
                           double room) {
  lay_item *it = &F->items[i];
  size_t end = i;
  double rest, avail, scale;

  while (end + 1 < F->n_items && (F->items[end + 1].flags & ITEM_NO_BREAK))
    end++;
  rest = lay_run_height(F, i, end) - it->height;
  if (rest + it->height <= room + NP_LAYOUT_EPS ||
      room < NP_LAYOUT_FIGURE_SHRINK_ROOM * L->ch)
    return;
  avail = room - rest;
  scale = avail / it->height;
  if (scale < NP_LAYOUT_FIGURE_MIN_SCALE)
    return;
  for (size_t k = 0; k < it->n_box; k++) {
    np_box *b = &F->boxes[it->box0 + k].box;
    if (b->kind != NP_BOX_IMAGE && b->kind != NP_BOX_MISSING)
      continue;
    b->x += b->width * (1 - scale) / 2;
    b->width *= scale;
    b->height *= scale;
  }
  it->height = avail;
}

/* Sets the header rows of the table of item it above it, at the top of a
 * column, when they and it fit there (else they are left out: the row
 * alone is set as any item is); returns whether they were. The copies set
 * no anchor: the header's own place stays its first. */
static int lay_repeat_header(lay_ctx *L, const lay_flow *F, const lay_item *it,
                             double bottom) {
  size_t last = it->repeat0 + it->n_repeat - 1;
  double h = lay_run_height(F, it->repeat0, last);

  if (L->y + h + it->space + it->height > bottom + NP_LAYOUT_EPS)
    return 0;
  for (size_t k = it->repeat0; k <= last; k++) {
    lay_item copy = F->items[k];

    copy.anchor = -1;
    lay_place(L, F, &copy, k == it->repeat0 ? 0 : copy.space);
  }
  return 1;
}

/* Paginates F in ncols columns starting at the current position. */
static int lay_paginate(lay_ctx *L, lay_flow *F, int ncols, double gap,
                        double lead, int owner) {
  size_t i = 0, col_start = 0, repeated = SIZE_MAX;
  size_t *mark_box = np_xcalloc(F->n_items + 1, sizeof *mark_box);
  size_t *mark_link = np_xcalloc(F->n_items + 1, sizeof *mark_link);
  size_t repeat_box = 0, repeat_link = 0;
  double bottom = L->cy + L->ch;
  int ok = 1;

  lay_flow_sort(F);
  L->ncols = ncols > 0 ? ncols : 1;
  L->gap = gap;
  L->col = 0;
  /* Below earlier content, the first item keeps its margin (and the margin
   * left over from the earlier flow). */
  if (F->n_items > 0 && L->y > L->cy + NP_LAYOUT_EPS)
    L->y += MAX(lead, F->items[0].space);
  L->region_top = L->y;
  while (i < F->n_items) {
    lay_item *it = &F->items[i];
    np_page *p = lay_page(L, (int)L->out->n_pages - 1);
    int at_top = L->y <= L->region_top + NP_LAYOUT_EPS;
    double space = at_top ? 0 : it->space;

    if ((it->flags & ITEM_PAGE) && p->n_boxes > 0) {
      if (!(ok = lay_new_page(L, owner)))
        break;
      col_start = i;
      continue;
    }
    if ((it->flags & ITEM_COLUMN) && !at_top) {
      if (!(ok = lay_next_column(L, owner)))
        break;
      col_start = i;
      continue;
    }
    if (!at_top && (it->flags & ITEM_FIGURE))
      lay_fit_figure(L, F, i, bottom - L->y - space);
    if (at_top && it->n_repeat > 0 && repeated != i) {
      repeat_box = p->n_boxes;
      repeat_link = p->n_links;
      if (lay_repeat_header(L, F, it, bottom)) {
        repeated = i;
        continue;
      }
    }
    if ((!at_top || L->region_top > L->cy + NP_LAYOUT_EPS) &&
        L->y + space + it->height > bottom + NP_LAYOUT_EPS) {
      size_t j = lay_break_at(L, F, col_start, i);
      if (j < i) {
        p->n_boxes = mark_box[j];
        p->n_links = mark_link[j];
        i = j;
      }
      if (i == repeated) {
        /* the row moves on: the header set above it goes too */
        p->n_boxes = repeat_box;
        p->n_links = repeat_link;
        repeated = SIZE_MAX;
      }
      if (!(ok = lay_next_column(L, owner)))
        break;
      col_start = i;
      continue;
    }
    mark_box[i] = p->n_boxes;
    mark_link[i] = p->n_links;
    lay_place(L, F, it, space);
    i++;
  }
  free(mark_box);
  free(mark_link);
  return ok;
}

/* ---- the article ---- */

static const char *const lay_months[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/* Formats the date part of an ISO 8601 value: "26 July 2017" in English,
 * "2017-07-26" otherwise; the value as given when it is not a date. */
static char *lay_date(const char *iso, const char *lang) {
  int y, m, d;

  if (!iso)
    return NULL;
  if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31)
    return np_xstrdup(iso);
  if (!lang || g_ascii_strncasecmp(lang, "en", 2) == 0)
    return g_strdup_printf("%d %s %d", d, lay_months[m - 1], y);
  return g_strdup_printf("%04d-%02d-%02d", y, m, d);
}

/* The plain-text block helper: element.classes with text. */
static void lay_plain(lay_ctx *L, lay_flow *F, const char *element,
                      const char *classes, const np_computed *pst, double x,
                      double width, const char *text, np_box_role role,
                      int anchor) {
  lay_text_opts o = {0};

  o.text = text;
  o.role = role;
  o.anchor = anchor;
  o.ctx = L->doc->root;
  lay_text(L, F, element, classes, pst, x, width, &o);
}

/* Returns the lead figure: the first FIGURE before the first body
 * paragraph, or NULL. */
static const np_node *lay_lead_figure(const np_node *root) {
  for (const np_node *c = root->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_FIGURE)
      return c;
    if (c->kind == NP_NODE_PARAGRAPH && !(c->flags & NP_FLAG_LEAD))
      return NULL;
  }
  return NULL;
}

static const np_node *lay_standfirst(const np_node *root) {
  for (const np_node *c = root->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_PARAGRAPH && (c->flags & NP_FLAG_LEAD))
      return c;
  }
  return NULL;
}

/* Lays out the header of the article (spanning the columns). */
static void lay_header(lay_ctx *L, lay_flow *F, const np_node *lead,
                       const np_node *figure, int title_anchor) {
  const np_meta *m = &L->doc->meta;
  np_buf buf = NP_BUF_INIT;
  char *by = np_meta_byline(m), *date = lay_date(m->published, L->lang);
  np_buf_puts(&buf, m->site_name);
  if (m->site_name && m->section)
    np_buf_puts(&buf, " \xc2\xb7 ");
  np_buf_puts(&buf, m->section);
  if (buf.len)
    lay_plain(L, F, "header", "masthead", &L->article, 0, L->cw,
              np_buf_cstr(&buf), NP_ROLE_MASTHEAD, -1);
  lay_plain(L, F, "h1", "headline", &L->article, 0, L->cw,
            m->title ? m->title : "", NP_ROLE_HEADLINE, title_anchor);
  if (lead) {
    lay_text_opts o = {0};
    o.node = lead;
    o.ctx = lead;
    o.anchor = -1;
    o.role = NP_ROLE_STANDFIRST;
    lay_text(L, F, "p", "standfirst", &L->article, 0, L->cw, &o);
  } else if (m->subtitle) {
    lay_plain(L, F, "p", "standfirst", &L->article, 0, L->cw, m->subtitle,
              NP_ROLE_STANDFIRST, -1);
  }
  np_buf_clear(&buf);
  np_buf_puts(&buf, by);
  if (by && date)
    np_buf_puts(&buf, " \xc2\xb7 ");
  np_buf_puts(&buf, date);
  if (buf.len)
    lay_plain(L, F, "p", "byline", &L->article, 0, L->cw, np_buf_cstr(&buf),
              NP_ROLE_BYLINE, -1);
  if (figure)
    lay_figure(L, F, figure, &L->article, 0, L->cw, "lead");
  /* The body starts on a clean edge: the header never keeps its last lines
   * with what follows across the flows. */
  F->keep = 0;
  np_buf_free(&buf);
  free(by);
  g_free(date);
}

/* Lays out the notes and the source line at the end of the body. */
static void lay_footer_blocks(lay_ctx *L, lay_flow *F, double colw) {
  const np_meta *m = &L->doc->meta;
  char *date = lay_date(m->published, L->lang);
  np_computed sec;
  np_buf buf = NP_BUF_INIT;

  if (L->n_notes > 0) {
    lay_style(L, "section", "notes", &L->article, colw, &sec);
    lay_push(L, "section", "notes");
    lay_margin(F, sec.margin_top);
    lay_plain(L, F, "h2", "notes-title", &sec, 0, colw, "Links", NP_ROLE_NOTES,
              -1);
    for (size_t i = 0; i < L->n_notes; i++) {
      np_buf_clear(&buf);
      np_buf_printf(&buf, "%zu. %s", i + 1, L->notes[i]);
      lay_plain(L, F, "li", "note", &sec, 0, colw, np_buf_cstr(&buf),
                NP_ROLE_NOTES, -1);
    }
    lay_pop(L);
    lay_margin(F, sec.margin_bottom);
  }
  np_buf_clear(&buf);
  np_buf_puts(&buf, "Source: ");
  np_buf_puts(&buf, m->url ? m->url : m->source_path);
  if (date) {
    np_buf_puts(&buf, " \xc2\xb7 published ");
    np_buf_puts(&buf, date);
  }
  if (m->url || m->source_path || date)
    lay_plain(L, F, "p", "source", &L->article, 0, colw, np_buf_cstr(&buf),
              NP_ROLE_SOURCE, -1);
  np_buf_free(&buf);
  g_free(date);
}

/* Adds the outline entry of an anchor. */
static void lay_outline(lay_ctx *L, const char *title, int level, int anchor,
                        size_t *cap) {
  np_layout *out = L->out;
  np_outline_entry *e;

  if (anchor < 0 || L->anchors[anchor].page < 0)
    return;
  np_grow((void **)&out->outline, cap, out->n_outline + 1, sizeof *e);
  e = &out->outline[out->n_outline++];
  e->title = np_arena_strdup(L->priv->arena, title);
  np_collapse_space(e->title);
  e->level = level;
  e->page = L->anchors[anchor].page;
  e->y = L->anchors[anchor].y;
}

/* Warns on doc when some of its characters have no glyph in any font (CJK
 * text on a machine without a CJK font): they would print as boxes. */
static void lay_check_coverage(np_fonts *fonts, np_doc *doc) {
  char *text = np_node_text(doc->root);
  np_buf all = NP_BUF_INIT;

  np_buf_puts(&all, doc->meta.title);
  np_buf_putc(&all, ' ');
  np_buf_puts(&all, text);
  if (!np_fonts_cover(fonts, np_buf_cstr(&all)))
    np_doc_warn(doc, "no font has glyphs for some characters of the article; "
                     "they print as boxes (install a font for them, e.g. "
                     "fonts-noto-cjk for Chinese, Japanese and Korean)");
  np_buf_free(&all);
  free(text);
}

/* Adds the outline entries of the article's headings laid out. */
static void lay_heading_outline(lay_ctx *L, size_t *cap) {
  for (size_t i = 0; i < L->n_heads; i++) {
    char *t = np_node_text(L->heads[i]);
    int level = L->heads[i]->as.heading.level;

    lay_outline(L, t,
                level < 2   ? 2
                : level > 6 ? 6
                            : level,
                L->head_anchors[i], cap);
    free(t);
  }
}

static int lay_article(lay_ctx *L, np_doc *doc, int index, size_t *outline_cap,
                       int *title_anchor) {
  lay_flow head = {0}, body = {0};
  const np_node *lead = lay_standfirst(doc->root);
  const np_node *figure = lay_lead_figure(doc->root);
  int ok = 0, explicit;
  double colw;
  int ncols;

  L->doc = doc;
  L->doc_index = index;
  L->lang = doc->meta.lang;
  L->dir = doc->meta.dir;
  L->n_notes = 0;
  if (L->note_index)
    g_hash_table_remove_all(L->note_index);
  L->n_heads = 0;
  L->depth = 0;
  lay_style(L, "article", NULL, &L->base, L->cw, &L->article);
  lay_push(L, "article", NULL);
  lay_style(L, "code", NULL, &L->article, L->cw, &L->code);
  lay_style(L, "a", NULL, &L->article, L->cw, &L->link);
  if (L->dir == NP_DIR_INHERIT)
    L->dir = lay_node_dir(L, doc->root, &explicit);
  ncols = L->article.column_count > 1 ? L->article.column_count : 1;
  colw = (L->cw - (ncols - 1) * L->article.column_gap) / ncols;
  if (colw < 1) {
    ncols = 1;
    colw = L->cw;
  }
  *title_anchor = lay_anchor_new(L);
  lay_header(L, &head, lead, figure, *title_anchor);
  lay_blocks(L, &body, doc->root, &L->article, 0, colw, lead, figure);
  lay_footer_blocks(L, &body, colw);
  if (!lay_new_page(L, index))
    goto done;
  L->out->article_first_page[index] = (int)L->out->n_pages - 1;
  L->rtl_columns = L->dir == NP_DIR_RTL;
  if (!lay_paginate(L, &head, 1, 0, 0, index))
    goto done;
  if (!lay_paginate(L, &body, ncols, L->article.column_gap, head.pending,
                    index))
    goto done;
  lay_outline(L, doc->meta.title ? doc->meta.title : "", 1, *title_anchor,
              outline_cap);
  lay_heading_outline(L, outline_cap);
  ok = 1;
done:
  L->depth = 0;
  lay_flow_free(&head);
  lay_flow_free(&body);
  return ok;
}

/* Adds a one-line box of text at (x, y top) of width w, aligned. */
static void lay_fixed_line(lay_ctx *L, int page, const char *element,
                           const char *classes, const char *text,
                           np_box_role role, double y_center) {
  lay_flow F = {0};
  np_page *p = lay_page(L, page);

  lay_plain(L, &F, element, classes, &L->base, 0, L->cw, text, role, -1);
  lay_flow_sort(&F);
  for (size_t i = 0; i < F.n_items; i++) {
    const lay_item *it = &F.items[i];
    if (i > 0)
      break; /* one line */
    for (size_t b = 0; b < it->n_box; b++) {
      np_box box = F.boxes[it->box0 + b].box;
      double top = y_center - it->height / 2;
      box.x += L->cx;
      box.y += top;
      box.baseline += top;
      if (box.height == 0)
        box.height = it->height;
      lay_page_box(p, &box);
    }
  }
  lay_flow_free(&F);
}

/* Running headers and footers, once the page count is known. */
static void lay_running(lay_ctx *L, np_doc *const *docs) {
  size_t n = L->out->n_pages;
  double top = L->setup.margin_top / 2;
  double bottom = L->out->page_height - L->setup.margin_bottom / 2;
  char num[64];

  L->depth = 0;
  for (size_t p = 0; p < n; p++) {
    int owner = L->page_owner[p];

    if (owner >= 0 && L->out->article_first_page[owner] != (int)p) {
      const np_meta *m = &docs[owner]->meta;
      np_buf buf = NP_BUF_INIT;
      np_buf_puts(&buf, m->site_name);
      if (m->site_name && m->title)
        np_buf_puts(&buf, " \xe2\x80\x94 ");
      np_buf_puts(&buf, m->title);
      L->doc = docs[owner];
      L->lang = m->lang;
      L->dir = m->dir;
      if (buf.len)
        lay_fixed_line(L, (int)p, "div", "running-header", np_buf_cstr(&buf),
                       NP_ROLE_HEADER, top);
      np_buf_free(&buf);
    }
    snprintf(num, sizeof num, "page %zu of %zu", p + 1, n);
    L->lang = "en";
    L->dir = NP_DIR_LTR;
    L->doc = owner >= 0 ? docs[owner] : docs[0];
    lay_fixed_line(L, (int)p, "div", "running-footer", num, NP_ROLE_FOOTER,
                   bottom);
  }
}

/* The contents page: one entry per article; the page numbers and the links
 * are added once the articles are laid out. */
static int lay_contents(lay_ctx *L, np_doc *const *docs, size_t n,
                        int *anchors) {
  lay_flow F = {0};
  np_computed sec;
  int ok;

  L->doc = docs[0];
  L->lang = "en";
  L->dir = NP_DIR_LTR;
  L->depth = 0;
  lay_style(L, "section", "toc", &L->base, L->cw, &sec);
  lay_push(L, "section", "toc");
  lay_plain(L, &F, "h1", "toc-title", &sec, 0, L->cw, "Contents", NP_ROLE_TOC,
            -1);
  for (size_t i = 0; i < n; i++) {
    const char *t = docs[i]->meta.title ? docs[i]->meta.title : "";
    np_computed e;
    lay_style(L, "p", "toc-entry", &sec, L->cw, &e);
    anchors[i] = lay_anchor_new(L);
    L->doc = docs[i];
    L->lang = docs[i]->meta.lang;
    L->dir = docs[i]->meta.dir;
    lay_plain(L, &F, "p", "toc-entry", &sec, 0,
              L->cw - 4 * (e.font_size > 0 ? e.font_size : 10), t, NP_ROLE_TOC,
              anchors[i]);
  }
  L->doc = docs[0];
  L->depth = 0;
  ok = lay_new_page(L, -1) && lay_paginate(L, &F, 1, 0, 0, -1);
  lay_flow_free(&F);
  return ok;
}

static void lay_contents_numbers(lay_ctx *L, np_doc *const *docs, size_t n,
                                 const int *anchors) {
  char num[32];

  for (size_t i = 0; i < n; i++) {
    const lay_anchor *a = &L->anchors[anchors[i]];
    int target = L->out->article_first_page[i];
    lay_flow F = {0};
    np_computed sec;
    np_link_area area;

    if (a->page < 0)
      continue;
    L->doc = docs[i];
    snprintf(num, sizeof num, "%d", target + 1);
    L->depth = 0;
    lay_style(L, "section", "toc", &L->base, L->cw, &sec);
    L->lang = "en";
    L->dir = NP_DIR_LTR;
    lay_push(L, "section", "toc");
    lay_plain(L, &F, "p", "toc-entry", &sec, 0, L->cw, num, NP_ROLE_TOC, -1);
    lay_pop(L);
    lay_flow_sort(&F);
    if (F.n_items > 0) {
      const lay_item *it = &F.items[0];
      for (size_t b = 0; b < it->n_box; b++) {
        np_box box = F.boxes[it->box0 + b].box;
        if (box.kind != NP_BOX_LINE)
          continue;
        box.x = L->cx + L->cw - box.width;
        box.y = a->y;
        box.baseline += a->y;
        lay_page_box(lay_page(L, a->page), &box);
      }
    }
    lay_flow_free(&F);
    memset(&area, 0, sizeof area);
    area.x = L->cx;
    area.y = a->y;
    area.width = L->cw;
    area.height = a->height;
    area.dest_page = target;
    area.dest_y = 0;
    lay_page_link(lay_page(L, a->page), &area);
  }
}

/* Creates the Pango contexts over the fonts: 72 units per inch so that
 * Pango's units are points, no hinting (the PDF is not on a grid). */
static void lay_contexts(lay_priv *priv, np_fonts *fonts) {
  cairo_font_options_t *fo = cairo_font_options_create();

  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  for (int i = 0; i < 2; i++) {
    priv->ctx[i] = pango_font_map_create_context(np_fonts_map(fonts));
    pango_cairo_context_set_resolution(priv->ctx[i], 72.0);
    pango_cairo_context_set_font_options(priv->ctx[i], fo);
    pango_context_set_round_glyph_positions(priv->ctx[i], FALSE);
    pango_context_set_base_dir(priv->ctx[i],
                               i ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  }
  cairo_font_options_destroy(fo);
}

/* Returns the bytes of text and code in the documents, stopping early once
 * past limit. */
static size_t lay_text_bytes(np_doc *const *docs, size_t n, size_t limit) {
  size_t total = 0;

  for (size_t i = 0; i < n && total <= limit; i++) {
    np_iter it;
    np_node *node;

    np_iter_init(&it, docs[i]->root);
    while (total <= limit && np_iter_next(&it, &node) != NP_EVENT_NONE)
      if (node->kind == NP_NODE_TEXT || node->kind == NP_NODE_CODE)
        total += strlen(node->text);
  }
  return total;
}

np_status np_layout_run(np_doc *const *docs, size_t n,
                        const np_layout_options *opts, np_layout **out,
                        np_error *err) {
  lay_ctx L;
  np_layout *lo = np_xcalloc(1, sizeof *lo);
  lay_priv *priv = np_xcalloc(1, sizeof *priv);
  int *title_anchors = np_xcalloc(n + 1, sizeof *title_anchors);
  int *toc_anchors = np_xcalloc(n + 1, sizeof *toc_anchors);
  size_t outline_cap = 0;
  np_status st = NP_OK;

  memset(&L, 0, sizeof L);
  *out = NULL;
  lo->priv = priv;
  priv->layouts = g_ptr_array_new();
  priv->images = g_ptr_array_new();
  priv->arena = np_arena_new();
  lay_contexts(priv, opts->fonts);
  L.out = lo;
  L.priv = priv;
  L.opts = opts;
  L.err = err;
  L.setup = np_style_page(opts->style);
  if (opts->paper_width > 0 && opts->paper_height > 0) {
    L.setup.width = opts->paper_width;
    L.setup.height = opts->paper_height;
  }
  lo->page_width = L.setup.width;
  lo->page_height = L.setup.height;
  L.cx = L.setup.margin_left;
  L.cy = L.setup.margin_top;
  L.cw = MAX(1, L.setup.width - L.setup.margin_left - L.setup.margin_right);
  L.ch = MAX(1, L.setup.height - L.setup.margin_top - L.setup.margin_bottom);
  lo->article_first_page = np_xcalloc(n + 1, sizeof *lo->article_first_page);
  lo->n_articles = n;
  lay_style(&L, "body", NULL, NULL, L.cw, &L.base);
  if (n == 0)
    goto done;
  if (lay_text_bytes(docs, n, NP_LAYOUT_MAX_TEXT) > NP_LAYOUT_MAX_TEXT) {
    L.failed = 1;
    np_error_set(err, NP_ERR_IO,
                 "too long for a PDF: more than %zu MB of text (convert it "
                 "to EPUB, HTML or text, which have no such limit)",
                 NP_LAYOUT_MAX_TEXT / (1024 * 1024));
    goto fail;
  }
  if (opts->contents && !lay_contents(&L, docs, n, toc_anchors))
    goto fail;
  for (size_t i = 0; i < n; i++) {
    lay_check_coverage(opts->fonts, docs[i]);
    if (!lay_article(&L, docs[i], (int)i, &outline_cap, &title_anchors[i]))
      goto fail;
  }
  if (opts->contents)
    lay_contents_numbers(&L, docs, n, toc_anchors);
  lay_running(&L, docs);
  goto done;
fail:
  st = NP_ERR_IO;
  if (!L.failed)
    np_error_set(err, NP_ERR_IO, "layout failed");
  np_layout_free(lo);
  lo = NULL;
done:
  free(L.notes);
  if (L.note_index)
    g_hash_table_destroy(L.note_index);
  if (L.metrics)
    g_hash_table_destroy(L.metrics);
  free(L.anchors);
  free(L.heads);
  free(L.head_anchors);
  free(L.page_owner);
  free(title_anchors);
  free(toc_anchors);
  *out = lo;
  return st;
}

void np_layout_free(np_layout *layout) {
  lay_priv *priv;

  if (!layout)
    return;
  priv = layout->priv;
  for (size_t i = 0; i < layout->n_pages; i++) {
    free(layout->pages[i].boxes);
    free(layout->pages[i].links);
  }
  free(layout->pages);
  free(layout->outline);
  free(layout->article_first_page);
  if (priv) {
    for (guint i = 0; i < priv->layouts->len; i++)
      g_object_unref(priv->layouts->pdata[i]);
    g_ptr_array_free(priv->layouts, TRUE);
    for (guint i = 0; i < priv->images->len; i++)
      np_image_free(priv->images->pdata[i]);
    g_ptr_array_free(priv->images, TRUE);
    for (int i = 0; i < 2; i++) {
      if (priv->ctx[i])
        g_object_unref(priv->ctx[i]);
    }
    np_arena_free(priv->arena);
    free(priv);
  }
  free(layout);
}

/* ---- dump ---- */

static const char *lay_role_name(np_box_role r) {
  static const char *const names[] = {
      "body",    "masthead", "headline", "standfirst", "byline", "heading",
      "caption", "credit",   "figure",   "table",      "quote",  "code",
      "notes",   "source",   "header",   "footer",     "toc"};

  return (size_t)r < sizeof names / sizeof *names ? names[r] : "?";
}

static const char *lay_kind_name(np_box_kind k) {
  switch (k) {
  case NP_BOX_LINE:
    return "line";
  case NP_BOX_IMAGE:
    return "image";
  case NP_BOX_RULE:
    return "rule";
  default:
    return "missing";
  }
}

/* Appends the first words of line of layout, without soft hyphens. */
static void lay_dump_text(np_buf *buf, PangoLayout *pl, int line) {
  PangoLayoutLine *l = pango_layout_get_line_readonly(pl, line);
  const char *text = pango_layout_get_text(pl);
  int words = 0, in_word = 0;

  if (!l)
    return;
  np_buf_puts(buf, " \"");
  for (int i = 0; i < l->length; i++) {
    unsigned char c = (unsigned char)text[l->start_index + i];

    if (c == 0xc2 && i + 1 < l->length &&
        (unsigned char)text[l->start_index + i + 1] == 0xad) {
      i++;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t') {
      if (in_word && ++words == NP_LAYOUT_DUMP_WORDS)
        break;
      in_word = 0;
      if (c == ' ')
        np_buf_putc(buf, ' ');
      continue;
    }
    in_word = 1;
    if (c == '"' || c == '\\')
      np_buf_putc(buf, '\\');
    np_buf_putc(buf, (char)c);
  }
  while (buf->len > 0 && buf->data[buf->len - 1] == ' ')
    np_buf_truncate(buf, buf->len - 1);
  np_buf_putc(buf, '"');
}

char *np_layout_dump(const np_layout *layout) {
  np_buf buf = NP_BUF_INIT;

  np_buf_printf(&buf, "layout %.0f x %.0f, %zu pages\n", layout->page_width,
                layout->page_height, layout->n_pages);
  for (size_t p = 0; p < layout->n_pages; p++) {
    const np_page *pg = &layout->pages[p];
    for (size_t b = 0; b < pg->n_boxes; b++) {
      const np_box *box = &pg->boxes[b];
      np_buf_printf(&buf, "page %zu %s %s x=%.0f y=%.0f w=%.0f h=%.0f", p + 1,
                    lay_kind_name(box->kind), lay_role_name(box->role), box->x,
                    box->y, box->width, box->height);
      if (box->kind == NP_BOX_LINE)
        lay_dump_text(&buf, box->layout, box->line);
      np_buf_putc(&buf, '\n');
    }
    for (size_t k = 0; k < pg->n_links; k++) {
      const np_link_area *a = &pg->links[k];
      np_buf_printf(&buf, "page %zu link x=%.0f y=%.0f w=%.0f h=%.0f", p + 1,
                    a->x, a->y, a->width, a->height);
      if (a->uri)
        np_buf_printf(&buf, " uri=%s\n", a->uri);
      else
        np_buf_printf(&buf, " dest=page %d y=%.0f\n", a->dest_page + 1,
                      a->dest_y);
    }
  }
  for (size_t i = 0; i < layout->n_outline; i++) {
    const np_outline_entry *e = &layout->outline[i];
    np_buf_printf(&buf, "outline %d page %d y=%.0f %s\n", e->level, e->page + 1,
                  e->y, e->title);
  }
  return np_buf_steal(&buf);
}
