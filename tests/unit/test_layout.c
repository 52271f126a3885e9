/* test_layout.c: unit and golden tests of the typesetter on documents built
 * by hand, with the bundled fonts and the shipped styles only. */
#include "layout.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tolerance of the geometric checks, in points. */
#define EPS 0.5

static char *repo_dir;
static char *tmp_dir;

/* Appends a new node of kind to parent and returns it. */
static np_node *add(np_doc *doc, np_node *parent, np_node_kind kind) {
  np_node *n = np_node_new(doc->arena, kind);

  g_assert_true(np_node_append(parent, n));
  return n;
}

static np_node *add_text(np_doc *doc, np_node *parent, const char *s) {
  np_node *n = np_node_new_text(doc->arena, NP_NODE_TEXT, s, strlen(s));

  g_assert_true(np_node_append(parent, n));
  return n;
}

static np_node *add_block(np_doc *doc, np_node *parent, np_node_kind kind,
                          const char *s) {
  np_node *n = add(doc, parent, kind);

  add_text(doc, n, s);
  return n;
}

static const char *const words[] = {
    "the",      "council", "approved", "a",         "budget",   "for",
    "schools",  "and",     "roads",    "after",     "long",     "debate",
    "among",    "members", "who",      "disagreed", "about",    "taxes",
    "while",    "several", "citizens", "spoke",     "publicly", "against",
    "proposal", "that",    "would",    "raise",     "fees",     "quickly"};

/* Returns a sentence-like text of n words, varied by seed. */
static char *prose(int n, int seed) {
  GString *s = g_string_new(NULL);

  for (int i = 0; i < n; i++) {
    const char *w = words[(i * 7 + seed * 13) % G_N_ELEMENTS(words)];
    if (i > 0)
      g_string_append_c(s, ' ');
    if (i == 0)
      g_string_append_printf(s, "%c%s", g_ascii_toupper(w[0]), w + 1);
    else
      g_string_append(s, w);
  }
  g_string_append_c(s, '.');
  return g_string_free(s, FALSE);
}

static np_doc *new_doc(const char *title) {
  np_doc *doc = np_doc_new();

  doc->meta.title = title;
  doc->meta.site_name = "The Daily";
  doc->meta.section = "City";
  doc->meta.published = "2017-07-26T10:00:00Z";
  doc->meta.url = "https://example.com/story";
  doc->meta.lang = "en";
  doc->meta.dir = NP_DIR_LTR;
  np_doc_add_author(doc, "Ann Lee");
  return doc;
}

/* An article of n paragraphs of varied length, a heading every
 * heading_every paragraphs (0: none). */
static np_doc *long_doc(int n, int heading_every) {
  np_doc *doc = new_doc("A long article");

  for (int i = 0; i < n; i++) {
    char *t = prose(20 + (i * 37) % 90, i);
    if (heading_every && i > 0 && i % heading_every == 0) {
      char h[32];
      snprintf(h, sizeof h, "Part %d", i / heading_every);
      add_block(doc, doc->root, NP_NODE_HEADING, h)->as.heading.level = 2;
    }
    add_block(doc, doc->root, NP_NODE_PARAGRAPH, t);
    g_free(t);
  }
  return doc;
}

/* A laid-out test case with what it was made from. */
typedef struct {
  np_style *style;
  np_fonts *fonts;
  np_hyphenator *hyph;
  np_layout *layout;
  np_page_setup setup;
} run;

static void run_docs(run *r, const char *style, np_doc **docs, size_t n,
                     int contents) {
  char *styles = g_build_filename(repo_dir, "styles", NULL);
  char *fonts = g_build_filename(repo_dir, "fonts", NULL);
  np_layout_options o = {0};
  np_error err;

  memset(r, 0, sizeof *r);
  g_assert_cmpint(np_style_load(style, styles, NULL, &r->style, &err), ==,
                  NP_OK);
  g_assert_cmpint(np_fonts_new(fonts, 0, &r->fonts, &err), ==, NP_OK);
  r->hyph = np_hyphen_new(NULL);
  o.style = r->style;
  o.fonts = r->fonts;
  o.hyphenator = r->hyph;
  o.link_notes = 1;
  o.contents = contents;
  g_assert_cmpint(np_layout_run(docs, n, &o, &r->layout, &err), ==, NP_OK);
  r->setup = np_style_page(r->style);
  g_free(styles);
  g_free(fonts);
}

static void run_free(run *r) {
  np_layout_free(r->layout);
  np_hyphen_free(r->hyph);
  np_fonts_free(r->fonts);
  np_style_free(r->style);
}

/* Returns the text of a LINE box, soft hyphens removed (caller frees). */
static char *line_text(const np_box *b) {
  PangoLayoutLine *l = pango_layout_get_line_readonly(b->layout, b->line);
  const char *t = pango_layout_get_text(b->layout) + l->start_index;
  GString *s = g_string_new(NULL);

  for (int i = 0; i < l->length; i++) {
    if ((unsigned char)t[i] == 0xc2 && i + 1 < l->length &&
        (unsigned char)t[i + 1] == 0xad) {
      i++;
      continue;
    }
    g_string_append_c(s, t[i]);
  }
  return g_string_free(s, FALSE);
}

static int running(const np_box *b) {
  return b->role == NP_ROLE_HEADER || b->role == NP_ROLE_FOOTER;
}

/* Asserts every box but the running ones lies in the content box. */
static void assert_inside(const run *r) {
  const np_page_setup *s = &r->setup;
  double right = r->layout->page_width - s->margin_right;
  double bottom = r->layout->page_height - s->margin_bottom;

  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      if (running(b))
        continue;
      g_assert_cmpfloat(b->x, >=, s->margin_left - EPS);
      g_assert_cmpfloat(b->y, >=, s->margin_top - EPS);
      g_assert_cmpfloat(b->x + b->width, <=, right + EPS);
      g_assert_cmpfloat(b->y + b->height, <=, bottom + EPS);
    }
  }
}

static void test_short_article(void) {
  np_doc *doc = new_doc("Council approves budget");
  run r;
  const np_page *pg;
  double y_mast = -1, y_head = -1, y_by = -1, y_body = -1, last_y = -1;

  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "A short first paragraph.");
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "And a second one.");
  run_docs(&r, "default", &doc, 1, 0);
  g_assert_cmpuint(r.layout->n_pages, ==, 1);
  pg = &r.layout->pages[0];
  for (size_t i = 0; i < pg->n_boxes; i++) {
    const np_box *b = &pg->boxes[i];
    if (b->kind != NP_BOX_LINE || running(b))
      continue;
    g_assert_cmpfloat(b->y, >=, last_y);
    last_y = b->y;
    if (b->role == NP_ROLE_MASTHEAD && y_mast < 0)
      y_mast = b->y;
    if (b->role == NP_ROLE_HEADLINE && y_head < 0)
      y_head = b->y;
    if (b->role == NP_ROLE_BYLINE && y_by < 0) {
      char *t = line_text(b);
      g_assert_nonnull(strstr(t, "Ann Lee"));
      g_assert_nonnull(strstr(t, "26 July 2017"));
      g_free(t);
      y_by = b->y;
    }
    if (b->role == NP_ROLE_BODY && y_body < 0)
      y_body = b->y;
  }
  g_assert_cmpfloat(y_mast, >=, 0);
  g_assert_cmpfloat(y_mast, <, y_head);
  g_assert_cmpfloat(y_head, <, y_by);
  g_assert_cmpfloat(y_by, <, y_body);
  assert_inside(&r);
  run_free(&r);
  np_doc_free(doc);
}

/* Every line's baseline sits where its own font puts it: half the leading
 * above the font's ascent. The masthead, headline, byline, headings and
 * body are set in different sizes and weights, so a baseline measured with
 * another block's font (a cache keyed wrongly) is found out. */
static void test_baselines(void) {
  np_doc *doc = new_doc("Council approves budget");
  PangoLanguage *en = pango_language_from_string("en");
  GHashTable *sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
  run r;
  size_t lines = 0;

  doc->meta.subtitle = "Schools and roads get more money.";
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "A short first paragraph.");
  add_block(doc, doc->root, NP_NODE_HEADING, "What changes")->as.heading.level =
      2;
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "And a second one.");
  add_block(doc, doc->root, NP_NODE_HEADING, "And then")->as.heading.level = 3;
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "A third paragraph.");
  run_docs(&r, "default", &doc, 1, 0);
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      const PangoFontDescription *font;
      PangoFontMetrics *m;
      double a, d;

      if (b->kind != NP_BOX_LINE)
        continue;
      font = pango_layout_get_font_description(b->layout);
      g_assert_nonnull(font);
      m = pango_context_get_metrics(pango_layout_get_context(b->layout), font,
                                    en);
      a = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
      d = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
      pango_font_metrics_unref(m);
      g_assert_cmpfloat_with_epsilon(b->baseline - b->y,
                                     (b->height - (a + d)) / 2 + a, 0.001);
      g_hash_table_add(sizes,
                       GINT_TO_POINTER(pango_font_description_get_size(font)));
      lines++;
    }
  }
  g_assert_cmpuint(lines, >=, 8);
  /* the test means something only with several sizes on the page */
  g_assert_cmpuint(g_hash_table_size(sizes), >=, 4);
  g_hash_table_destroy(sizes);
  run_free(&r);
  np_doc_free(doc);
}

static void test_long_article(void) {
  np_doc *doc = long_doc(40, 0);
  run r;
  size_t n;

  run_docs(&r, "default", &doc, 1, 0);
  n = r.layout->n_pages;
  g_assert_cmpuint(n, >, 1);
  assert_inside(&r);
  for (size_t p = 0; p < n; p++) {
    const np_page *pg = &r.layout->pages[p];
    size_t content = 0, footers = 0;
    char want[64];

    snprintf(want, sizeof want, "page %zu of %zu", p + 1, n);
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      if (b->role == NP_ROLE_FOOTER) {
        char *t = line_text(b);
        g_assert_cmpstr(t, ==, want);
        g_free(t);
        footers++;
      } else if (b->role == NP_ROLE_HEADER) {
        g_assert_cmpuint(p, >, 0);
      } else {
        content++;
      }
    }
    g_assert_cmpuint(footers, ==, 1);
    g_assert_cmpuint(content, >, 0);
  }
  run_free(&r);
  np_doc_free(doc);
}

/* Asserts no paragraph split leaves fewer than 2 lines on a side, and that
 * no column ends with a heading. A column ends where the next line is
 * higher up, or at the end of the page. */
static void check_breaks(const run *r) {
  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    const np_box *prev = NULL;
    int count = 0;

    for (size_t i = 0; i <= pg->n_boxes; i++) {
      const np_box *b = i < pg->n_boxes ? &pg->boxes[i] : NULL;
      int column_end, para_end;

      if (b && (b->kind != NP_BOX_LINE ||
                (b->role != NP_ROLE_BODY && b->role != NP_ROLE_HEADING)))
        continue;
      column_end = prev && (!b || b->y < prev->y);
      para_end = prev && (column_end || b->layout != prev->layout);
      if (column_end)
        g_assert_cmpint(prev->role, !=, NP_ROLE_HEADING);
      if (para_end) {
        if (count < pango_layout_get_line_count(prev->layout))
          g_assert_cmpint(count, >=, 2);
        count = 0;
      }
      count++;
      prev = b;
    }
  }
}

static void test_widows_orphans(void) {
  np_doc *doc = long_doc(60, 3);
  run r;

  run_docs(&r, "default", &doc, 1, 0);
  g_assert_cmpuint(r.layout->n_pages, >, 2);
  check_breaks(&r);
  run_free(&r);
  np_doc_free(doc);
}

/* Writes a PNG of w x h pixels in the temporary folder; returns its path. */
/* Writes a w x h PNG of one colour, half transparent when alpha is
 * nonzero (a PNG the PDF cannot hold as it is, so decoded). */
static char *make_png_alpha(const char *name, int w, int h, int alpha) {
  cairo_surface_t *s = cairo_image_surface_create(
      alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  char *path = g_build_filename(tmp_dir, name, NULL);

  cairo_set_source_rgba(cr, 0.2, 0.4, 0.6, alpha ? 0.5 : 1.0);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint(cr);
  g_assert_cmpint(cairo_surface_write_to_png(s, path), ==,
                  CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  return path;
}

static char *make_png(const char *name, int w, int h) {
  return make_png_alpha(name, w, h, 0);
}

static np_node *add_figure(np_doc *doc, np_res_kind kind, const char *path,
                           const char *caption) {
  np_resource res = {kind, path, kind == NP_RES_LOCAL ? path : NULL,
                     NULL, 0,    "image/png"};
  np_node *fig = add(doc, doc->root, NP_NODE_FIGURE);
  np_node *img = add(doc, fig, NP_NODE_IMAGE);

  img->as.image.resource = np_doc_add_resource(doc, &res);
  img->as.image.alt = "a picture";
  add_block(doc, fig, NP_NODE_CAPTION, caption);
  return fig;
}

static void test_figures(void) {
  char *wide = make_png("wide.png", 2000, 1000);
  char *tall = make_png("tall.png", 300, 3000);
  np_doc *doc = long_doc(6, 0);
  run r;
  double colw, content_h;
  int images = 0;

  char *page = g_build_filename(tmp_dir, "page.html", NULL);

  g_assert_true(g_file_set_contents(page, "<p>", -1, NULL));
  doc->meta.source_path = page;
  add_figure(doc, NP_RES_LOCAL, wide, "A wide picture");
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "Between the pictures.");
  add_figure(doc, NP_RES_LOCAL, tall, "A tall picture");
  run_docs(&r, "default", &doc, 1, 0);
  colw = r.layout->page_width - r.setup.margin_left - r.setup.margin_right;
  content_h =
      r.layout->page_height - r.setup.margin_top - r.setup.margin_bottom;
  assert_inside(&r);
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      int caption = 0;
      if (b->kind != NP_BOX_IMAGE)
        continue;
      images++;
      g_assert_cmpfloat(b->width, <=, colw + EPS);
      g_assert_cmpfloat(b->height, <=, content_h / 2 + EPS);
      if (b->width > b->height)
        g_assert_cmpfloat(fabs(b->width - colw), <, EPS);
      else
        g_assert_cmpfloat(fabs(b->height - content_h / 2), <, EPS);
      /* The caption is on the same page, right below. */
      for (size_t k = i + 1; k < pg->n_boxes; k++)
        caption |= pg->boxes[k].role == NP_ROLE_CAPTION &&
                   pg->boxes[k].y >= b->y + b->height;
      g_assert_true(caption);
    }
  }
  g_assert_cmpint(images, ==, 2);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  run_free(&r);
  np_doc_free(doc);
  g_remove(wide);
  g_remove(tall);
  g_remove(page);
  g_free(wide);
  g_free(tall);
  g_free(page);
}

/* Images past NP_LAYOUT_MAX_IMAGE_MEMORY are left out with a warning: three
 * pictures of 49 megapixels (196 MB each, decoded) do not all fit in it.
 * They have an alpha channel: an opaque PNG goes into the PDF as it is,
 * and holds only its file's bytes. */
static void test_image_memory_limit(void) {
  char *first = make_png_alpha("big1.png", 7000, 7000, 1);
  char *copies[2] = {g_build_filename(tmp_dir, "big2.png", NULL),
                     g_build_filename(tmp_dir, "big3.png", NULL)};
  char *page = g_build_filename(tmp_dir, "page.html", NULL);
  np_doc *doc = long_doc(2, 0);
  gchar *bytes = NULL;
  gsize len = 0;
  int images = 0, missing = 0;
  run r;

  g_assert_cmpuint(3 * (size_t)7000 * 7000 * 4, >, NP_LAYOUT_MAX_IMAGE_MEMORY);
  g_assert_cmpuint(2 * (size_t)7000 * 7000 * 4, <=, NP_LAYOUT_MAX_IMAGE_MEMORY);
  g_assert_true(g_file_get_contents(first, &bytes, &len, NULL));
  for (int i = 0; i < 2; i++)
    g_assert_true(g_file_set_contents(copies[i], bytes, (gssize)len, NULL));
  g_assert_true(g_file_set_contents(page, "<p>", -1, NULL));
  doc->meta.source_path = page;
  add_figure(doc, NP_RES_LOCAL, first, "First");
  add_figure(doc, NP_RES_LOCAL, copies[0], "Second");
  add_figure(doc, NP_RES_LOCAL, copies[1], "Third");
  run_docs(&r, "default", &doc, 1, 0);
  for (size_t p = 0; p < r.layout->n_pages; p++)
    for (size_t i = 0; i < r.layout->pages[p].n_boxes; i++) {
      images += r.layout->pages[p].boxes[i].kind == NP_BOX_IMAGE;
      missing += r.layout->pages[p].boxes[i].kind == NP_BOX_MISSING;
    }
  g_assert_cmpint(images, ==, 2);
  g_assert_cmpint(missing, ==, 1);
  g_assert_cmpuint(doc->n_warnings, ==, 1);
  g_assert_nonnull(strstr(doc->warnings[0], "big3.png: left out"));
  run_free(&r);
  np_doc_free(doc);
  g_remove(first);
  for (int i = 0; i < 2; i++) {
    g_remove(copies[i]);
    g_free(copies[i]);
  }
  g_remove(page);
  g_free(first);
  g_free(page);
  g_free(bytes);
}

/* A table wider than NP_LAYOUT_TABLE_MAX_COLUMNS is set cell after cell,
 * every cell kept, and says so; one at the limit says nothing. */
static void test_table_columns(void) {
  for (int cols = NP_LAYOUT_TABLE_MAX_COLUMNS;
       cols <= NP_LAYOUT_TABLE_MAX_COLUMNS + 1; cols++) {
    np_doc *doc = long_doc(1, 0);
    np_node *row = add(doc, add(doc, doc->root, NP_NODE_TABLE), NP_NODE_ROW);
    size_t warned = 0;
    run r;

    for (int c = 0; c < cols; c++) {
      char t[16];
      snprintf(t, sizeof t, "c%d", c);
      add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, t);
    }
    run_docs(&r, "default", &doc, 1, 0);
    for (size_t w = 0; w < doc->n_warnings; w++)
      warned +=
          strstr(doc->warnings[w], "columns: the PDF sets its cells") != NULL;
    g_assert_cmpuint(warned, ==, cols > NP_LAYOUT_TABLE_MAX_COLUMNS);
    /* the last cell is there either way (narrow cells may wrap it) */
    {
      char last[16];
      GString *all = g_string_new(NULL);
      snprintf(last, sizeof last, "c%d", cols - 1);
      for (size_t p = 0; p < r.layout->n_pages; p++)
        for (size_t i = 0; i < r.layout->pages[p].n_boxes; i++) {
          const np_box *b = &r.layout->pages[p].boxes[i];
          char *t;
          if (b->kind != NP_BOX_LINE || running(b))
            continue;
          t = line_text(b);
          g_string_append(all, t);
          g_free(t);
        }
      g_assert_nonnull(strstr(all->str, last));
      g_string_free(all, TRUE);
    }
    run_free(&r);
    np_doc_free(doc);
  }
}

static void test_missing_image(void) {
  np_doc *doc = long_doc(2, 0);
  run r;
  int missing = 0;

  add_figure(doc, NP_RES_MISSING, "gone.jpg", "Not there");
  run_docs(&r, "default", &doc, 1, 0);
  for (size_t i = 0; i < r.layout->pages[0].n_boxes; i++) {
    const np_box *b = &r.layout->pages[0].boxes[i];
    if (b->kind == NP_BOX_MISSING) {
      missing++;
      g_assert_cmpfloat(fabs(b->width / b->height - 4.0 / 3.0), <, 0.01);
    }
  }
  g_assert_cmpint(missing, ==, 1);
  /* the importer warns about a missing file; the layout says it once more
   * only for a file it could not decode */
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  run_free(&r);
  np_doc_free(doc);
}

static void test_uncovered_script(void) {
  np_doc *doc = long_doc(2, 0), *cjk = long_doc(2, 0);
  run r;
  size_t i;
  int warned = 0;

  add_block(cjk, cjk->root, NP_NODE_PARAGRAPH, "中文新闻");
  /* the bundled fonts only: Chinese has no glyphs */
  run_docs(&r, "default", &doc, 1, 0);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  run_free(&r);
  run_docs(&r, "default", &cjk, 1, 0);
  for (i = 0; i < cjk->n_warnings; i++)
    warned += strstr(cjk->warnings[i], "no font has glyphs") != NULL;
  g_assert_cmpint(warned, ==, 1);
  run_free(&r);
  np_doc_free(doc);
  np_doc_free(cjk);
}

static void test_rtl(void) {
  np_doc *doc = new_doc("\xd7\x9b\xd7\x95\xd7\xaa\xd7\xa8\xd7\xaa");
  run r;
  double right;
  int lines = 0;

  doc->meta.lang = "he";
  doc->meta.dir = NP_DIR_RTL;
  for (int i = 0; i < 3; i++)
    add_block(
        doc, doc->root, NP_NODE_PARAGRAPH,
        "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d "
        "2017 \xd7\x96\xd7\x94 \xd7\x98\xd7\xa7\xd7\xa1\xd7\x98 "
        "\xd7\x91\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa "
        "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d "
        "\xd7\x96\xd7\x94 \xd7\x98\xd7\xa7\xd7\xa1\xd7\x98 "
        "\xd7\x91\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa "
        "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d "
        "\xd7\x96\xd7\x94 \xd7\x98\xd7\xa7\xd7\xa1\xd7\x98 "
        "\xd7\x91\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa "
        "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d "
        "\xd7\x96\xd7\x94 \xd7\x98\xd7\xa7\xd7\xa1\xd7\x98 "
        "\xd7\x91\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa.");
  run_docs(&r, "default", &doc, 1, 0);
  right = r.layout->page_width - r.setup.margin_right;
  for (size_t i = 0; i < r.layout->pages[0].n_boxes; i++) {
    const np_box *b = &r.layout->pages[0].boxes[i];
    if (b->kind != NP_BOX_LINE || b->role != NP_ROLE_BODY)
      continue;
    lines++;
    g_assert_cmpfloat(fabs(b->x + b->width - right), <, 1.0);
  }
  g_assert_cmpint(lines, >=, 6);
  run_free(&r);
  np_doc_free(doc);
}

static void test_newspaper_columns(void) {
  np_doc *doc = long_doc(30, 4);
  run r;
  double mid, head_w = 0;
  int left = 0, right = 0;

  doc->meta.title = "A headline long enough to run across both of the "
                    "columns of the newspaper page";
  run_docs(&r, "newspaper", &doc, 1, 0);
  mid = r.layout->page_width / 2;
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      if (b->kind != NP_BOX_LINE)
        continue;
      if (b->role == NP_ROLE_HEADLINE)
        head_w = MAX(head_w, b->x + b->width - r.setup.margin_left);
      if (b->role != NP_ROLE_BODY)
        continue;
      /* every body line lies wholly in one column */
      g_assert_true(b->x + b->width <= mid + EPS || b->x >= mid - EPS);
      if (b->x < mid)
        left++;
      else
        right++;
    }
  }
  g_assert_cmpint(left, >, 10);
  g_assert_cmpint(right, >, 10);
  g_assert_cmpfloat(head_w, >, r.layout->page_width / 2);
  assert_inside(&r);
  check_breaks(&r);
  run_free(&r);
  np_doc_free(doc);
}

static void add_link(np_doc *doc, np_node *p, const char *href,
                     const char *text) {
  np_node *l = add(doc, p, NP_NODE_LINK);

  l->as.link.href = href;
  add_text(doc, l, text);
}

static void test_links_and_outline(void) {
  np_doc *doc = new_doc("Linked story");
  np_node *p = add(doc, doc->root, NP_NODE_PARAGRAPH);
  run r;
  int notes = 0, areas = 0, seen_b = 0;

  add_text(doc, p, "See ");
  add_link(doc, p, "https://a.example/one", "the first");
  add_text(doc, p, " and ");
  add_link(doc, p, "https://b.example/two", "the second");
  add_text(doc, p, " then ");
  add_link(doc, p, "https://a.example/one", "the first again");
  add_text(doc, p, " and ");
  add_link(doc, p, "#local", "a fragment");
  add_block(doc, doc->root, NP_NODE_HEADING, "Background")->as.heading.level =
      2;
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "Some background.");
  add_block(doc, doc->root, NP_NODE_HEADING, "Details")->as.heading.level = 3;
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "Some details.");
  run_docs(&r, "default", &doc, 1, 0);
  for (size_t pg = 0; pg < r.layout->n_pages; pg++) {
    const np_page *page = &r.layout->pages[pg];
    for (size_t i = 0; i < page->n_boxes; i++) {
      char *t;
      if (page->boxes[i].role != NP_ROLE_NOTES)
        continue;
      t = line_text(&page->boxes[i]);
      if (strcmp(t, "1. https://a.example/one") == 0)
        notes |= 1;
      if (strcmp(t, "2. https://b.example/two") == 0)
        notes |= 2;
      g_assert_null(strstr(t, "#local"));
      g_free(t);
    }
    for (size_t i = 0; i < page->n_links; i++) {
      g_assert_nonnull(page->links[i].uri);
      g_assert_true(g_str_has_prefix(page->links[i].uri, "https://"));
      seen_b |= strcmp(page->links[i].uri, "https://b.example/two") == 0;
      areas++;
    }
  }
  g_assert_cmpint(notes, ==, 3);
  g_assert_cmpint(areas, >=, 3);
  g_assert_true(seen_b);
  g_assert_cmpuint(r.layout->n_outline, ==, 3);
  g_assert_cmpstr(r.layout->outline[0].title, ==, "Linked story");
  g_assert_cmpint(r.layout->outline[0].level, ==, 1);
  g_assert_cmpstr(r.layout->outline[1].title, ==, "Background");
  g_assert_cmpint(r.layout->outline[1].level, ==, 2);
  g_assert_cmpstr(r.layout->outline[2].title, ==, "Details");
  g_assert_cmpint(r.layout->outline[2].level, ==, 3);
  g_assert_cmpfloat(r.layout->outline[1].y, >, r.layout->outline[0].y);
  run_free(&r);
  np_doc_free(doc);
}

static void test_contents(void) {
  np_doc *docs[2] = {long_doc(12, 0), long_doc(3, 0)};
  run r;
  int dests = 0;

  docs[1]->meta.title = "Second story";
  run_docs(&r, "default", docs, 2, 1);
  g_assert_cmpuint(r.layout->n_articles, ==, 2);
  g_assert_cmpint(r.layout->article_first_page[0], ==, 1);
  g_assert_cmpint(r.layout->article_first_page[1], >,
                  r.layout->article_first_page[0]);
  for (size_t i = 0; i < r.layout->pages[0].n_links; i++) {
    const np_link_area *a = &r.layout->pages[0].links[i];
    g_assert_cmpint(a->dest_page, ==, r.layout->article_first_page[dests]);
    dests++;
  }
  g_assert_cmpint(dests, ==, 2);
  run_free(&r);
  np_doc_free(docs[0]);
  np_doc_free(docs[1]);
}

static void test_deterministic(void) {
  np_doc *doc = long_doc(25, 5);
  run a, b;
  char *da, *db;

  run_docs(&a, "newspaper", &doc, 1, 0);
  run_docs(&b, "newspaper", &doc, 1, 0);
  da = np_layout_dump(a.layout);
  db = np_layout_dump(b.layout);
  g_assert_cmpstr(da, ==, db);
  free(da);
  free(db);
  run_free(&a);
  run_free(&b);
  np_doc_free(doc);
}

/* Compares the dump of doc in style with tests/golden/layout/NAME.dump;
 * NP_UPDATE_GOLDEN=1 writes the file instead. */
static void golden(const char *name, const char *style, np_doc *doc) {
  char *file = g_strdup_printf("%s.dump", name);
  char *path =
      g_build_filename(repo_dir, "tests", "golden", "layout", file, NULL);
  run r;
  char *dump, *want = NULL;

  run_docs(&r, style, &doc, 1, 0);
  dump = np_layout_dump(r.layout);
  if (g_strcmp0(g_getenv("NP_UPDATE_GOLDEN"), "1") == 0) {
    g_assert_true(g_file_set_contents(path, dump, -1, NULL));
  } else {
    g_assert_true(g_file_get_contents(path, &want, NULL, NULL));
    g_assert_cmpstr(dump, ==, want);
  }
  g_free(want);
  free(dump);
  run_free(&r);
  g_free(path);
  g_free(file);
}

static void test_golden(void) {
  np_doc *doc = new_doc("Council approves budget");
  np_node *list, *q, *table, *row;

  doc->meta.subtitle = "Schools and roads get more money.";
  add_block(doc, doc->root, NP_NODE_PARAGRAPH,
            "The city council approved the budget on Tuesday evening after a "
            "debate that lasted well into the night.");
  add_block(doc, doc->root, NP_NODE_HEADING, "What changes")->as.heading.level =
      2;
  list = add(doc, doc->root, NP_NODE_LIST);
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH,
            "More teachers.");
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH,
            "Fewer potholes.");
  q = add(doc, doc->root, NP_NODE_BLOCKQUOTE);
  add_block(doc, q, NP_NODE_PARAGRAPH, "It is a good day for the city.");
  table = add(doc, doc->root, NP_NODE_TABLE);
  row = add(doc, table, NP_NODE_ROW);
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "Item")
      ->parent->flags |= NP_FLAG_HEADER;
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "Amount")
      ->parent->flags |= NP_FLAG_HEADER;
  row = add(doc, table, NP_NODE_ROW);
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "Schools");
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "12 M");
  add(doc, doc->root, NP_NODE_RULE);
  add_block(doc, doc->root, NP_NODE_PRE, "x = 1\ny = 2");
  golden("kinds", "default", doc);
  np_doc_free(doc);
  doc = long_doc(14, 4);
  golden("newspaper", "newspaper", doc);
  np_doc_free(doc);
}

/* Writes text to NAME in the temporary folder; returns its path. */
static char *write_tmp(const char *name, const char *text) {
  char *path = g_build_filename(tmp_dir, name, NULL);

  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* Returns the colour of the first LINE box of role whose text starts with
 * prefix, or 0 when there is none. */
static uint32_t line_color(const run *r, np_box_role role, const char *prefix) {
  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      char *t;
      int match;
      if (b->kind != NP_BOX_LINE || b->role != role)
        continue;
      t = line_text(b);
      match = g_str_has_prefix(t, prefix);
      g_free(t);
      if (match)
        return b->color;
    }
  }
  return 0;
}

static void test_descendant_selectors(void) {
  char *css =
      write_tmp("descendant.css", "article { font: 10pt/1.3 serif; }\n"
                                  "p { color: #000000; }\n"
                                  "blockquote p { color: #ff0000; }\n"
                                  "li p { color: #00ff00; }\n"
                                  "td p { color: #0000ff; }\n"
                                  "figure figcaption { color: #ff00ff; }\n"
                                  "section.notes li { color: #00ffff; }\n"
                                  "h2 { color: #000000; }\n");
  np_doc *doc = new_doc("Selectors");
  np_node *p, *list, *q, *row, *fig;
  run r;

  p = add_block(doc, doc->root, NP_NODE_PARAGRAPH, "Plain paragraph ");
  add_link(doc, p, "https://example.com/x", "with a link");
  list = add(doc, doc->root, NP_NODE_LIST);
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH,
            "Item paragraph.");
  q = add(doc, doc->root, NP_NODE_BLOCKQUOTE);
  add_block(doc, q, NP_NODE_PARAGRAPH, "Quoted paragraph.");
  row = add(doc, add(doc, doc->root, NP_NODE_TABLE), NP_NODE_ROW);
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH,
            "Cell paragraph.");
  fig = add(doc, doc->root, NP_NODE_FIGURE);
  add_block(doc, fig, NP_NODE_CAPTION, "Figure caption.");
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "Closing paragraph.");
  run_docs(&r, css, &doc, 1, 0);
  g_assert_cmphex(line_color(&r, NP_ROLE_BODY, "Plain"), ==, 0x000000ffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_BODY, "Item"), ==, 0x00ff00ffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_QUOTE, "Quoted"), ==, 0xff0000ffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_TABLE, "Cell"), ==, 0x0000ffffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_CAPTION, "Figure"), ==, 0xff00ffffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_NOTES, "1."), ==, 0x00ffffffu);
  g_assert_cmphex(line_color(&r, NP_ROLE_BODY, "Closing"), ==, 0x000000ffu);
  run_free(&r);
  np_doc_free(doc);
  g_remove(css);
  g_free(css);
}

/* A news article as saved pages give it: long headline, standfirst, lead
 * figure with caption and credit, then the body. */
static np_doc *lead_doc(const char *image) {
  np_doc *doc = new_doc("Officials held secret talks with two powers over "
                        "'safe zones' in the region: report");
  np_node *lead = add_block(doc, doc->root, NP_NODE_PARAGRAPH,
                            "Officials warned that the region could turn "
                            "into a base for attacks on its neighbours, "
                            "the report says");
  np_resource res = {NP_RES_LOCAL, image, image, NULL, 0, "image/png"};
  np_node *fig = add(doc, doc->root, NP_NODE_FIGURE);
  np_node *img = add(doc, fig, NP_NODE_IMAGE);

  lead->flags |= NP_FLAG_LEAD;
  img->as.image.resource = np_doc_add_resource(doc, &res);
  img->as.image.alt = "a picture";
  add_block(doc, fig, NP_NODE_CAPTION,
            "A man walks past a mosque and destroyed buildings in the town, "
            "east of the capital, on July 25, following an air strike the "
            "previous night");
  add_block(doc, fig, NP_NODE_CREDIT, "Illustration: the photo desk");
  for (int i = 0; i < 8; i++) {
    char *t = prose(30 + (i * 29) % 50, i);
    add_block(doc, doc->root, NP_NODE_PARAGRAPH, t);
    g_free(t);
  }
  return doc;
}

static void test_ereader_lead(void) {
  char *wide = make_png("lead.png", 1600, 900);
  char *page = write_tmp("lead.html", "<p>");
  np_doc *doc = lead_doc(wide);
  run r;
  int image_page = -1, headline_page = -1;

  doc->meta.source_path = page;
  run_docs(&r, "ereader", &doc, 1, 0);
  assert_inside(&r);
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    size_t masthead = 0, content = 0;
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      if (running(b) || b->kind == NP_BOX_RULE)
        continue;
      content++;
      masthead += b->role == NP_ROLE_MASTHEAD || b->role == NP_ROLE_HEADING;
      if (b->role == NP_ROLE_HEADLINE && headline_page < 0)
        headline_page = (int)p;
      if (b->kind == NP_BOX_IMAGE) {
        image_page = (int)p;
        g_assert_cmpfloat(b->height, >, 0);
      }
      /* caption and credit stay with the image */
      if (b->role == NP_ROLE_CAPTION || b->role == NP_ROLE_CREDIT)
        g_assert_cmpint((int)p, ==, image_page);
    }
    /* no page holds only a masthead or headings */
    g_assert_cmpuint(masthead, <, content);
  }
  g_assert_cmpint(headline_page, ==, 0);
  g_assert_cmpint(image_page, >=, 0);
  golden("ereader", "ereader", doc);
  run_free(&r);
  np_doc_free(doc);
  g_remove(wide);
  g_remove(page);
  g_free(wide);
  g_free(page);
}

/* Returns whether a LINE box ends at an inserted hyphen. */
static int hyphenated(const np_box *b) {
  PangoLayoutLine *l = pango_layout_get_line_readonly(b->layout, b->line);
  const char *t = pango_layout_get_text(b->layout) + l->start_index;

  return l->length >= 2 && (unsigned char)t[l->length - 2] == 0xc2 &&
         (unsigned char)t[l->length - 1] == 0xad;
}

static void test_hyphen_column_end(void) {
  np_doc *doc = long_doc(60, 0);
  run r;
  int ends = 0;

  run_docs(&r, "ereader", &doc, 1, 0);
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    const np_box *last = NULL;
    int count = 0;
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      if (b->kind != NP_BOX_LINE || b->role != NP_ROLE_BODY)
        continue;
      count = last && last->layout == b->layout ? count + 1 : 1;
      last = b;
    }
    if (!last || last->line + 1 >= pango_layout_get_line_count(last->layout))
      continue;
    ends++;
    /* a hyphen ends the page only when moving the line would leave an
     * orphan */
    if (hyphenated(last))
      g_assert_cmpint(count, <=, 2);
  }
  g_assert_cmpint(ends, >, 5);
  run_free(&r);
  np_doc_free(doc);
}

/* Returns the x of the first line of the paragraph that starts with
 * prefix, or -1. */
static double first_line_x(const run *r, np_box_role role, const char *prefix) {
  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      char *t;
      int match;
      if (b->kind != NP_BOX_LINE || b->role != role || b->line != 0)
        continue;
      t = line_text(b);
      match = g_str_has_prefix(t, prefix);
      g_free(t);
      if (match)
        return b->x;
    }
  }
  return -1;
}

static void test_indents(void) {
  np_doc *doc = new_doc("Indents");
  run r;
  double left;
  const char *starts[] = {"Alpha", "Beta", "Gamma", "Delta"};
  np_node *lead;

  lead = add_block(doc, doc->root, NP_NODE_PARAGRAPH,
                   "Standfirst text long enough to be a real summary.");
  lead->flags |= NP_FLAG_LEAD;
  for (int i = 0; i < 4; i++) {
    char *t = prose(40, i);
    char *p = g_strdup_printf("%s %s", starts[i], t);
    if (i == 2)
      add_block(doc, doc->root, NP_NODE_HEADING, "Heading")->as.heading.level =
          2;
    add_block(doc, doc->root, NP_NODE_PARAGRAPH, p);
    g_free(p);
    g_free(t);
  }
  run_docs(&r, "newspaper", &doc, 1, 0);
  left = r.setup.margin_left;
  g_assert_cmpfloat(
      fabs(first_line_x(&r, NP_ROLE_STANDFIRST, "Standfirst") - left), <, EPS);
  g_assert_cmpfloat(fabs(first_line_x(&r, NP_ROLE_BYLINE, "Ann") - left), <,
                    EPS);
  /* the first paragraph and the one after the heading are not indented */
  g_assert_cmpfloat(fabs(first_line_x(&r, NP_ROLE_BODY, "Alpha") - left), <,
                    EPS);
  g_assert_cmpfloat(first_line_x(&r, NP_ROLE_BODY, "Beta"), >, left + 5);
  g_assert_cmpfloat(fabs(first_line_x(&r, NP_ROLE_BODY, "Gamma") - left), <,
                    EPS);
  g_assert_cmpfloat(first_line_x(&r, NP_ROLE_BODY, "Delta"), >, left + 5);
  run_free(&r);
  np_doc_free(doc);
}

/* The shipped sheets keep letter-spacing out of the masthead, whose text
 * people copy: spaced letters come out of a PDF as spaced words. */
static void test_masthead_spacing(void) {
  const char *sheets[] = {"default", "newspaper", "ereader", "large-print"};
  char *styles = g_build_filename(repo_dir, "styles", NULL);

  for (size_t i = 0; i < G_N_ELEMENTS(sheets); i++) {
    np_style *st;
    np_error err;
    np_computed art, mast;
    np_style_element chain[2] = {{"article", NULL}, {"header", "masthead"}};

    g_assert_cmpint(np_style_load(sheets[i], styles, NULL, &st, &err), ==,
                    NP_OK);
    np_style_compute_path(st, chain, 1, NULL, 400, &art);
    np_style_compute_path(st, chain, 2, &art, 400, &mast);
    g_assert_cmpfloat(mast.letter_spacing, ==, 0);
    np_style_free(st);
  }
  g_free(styles);
}

/* Returns the first LINE box of role whose text starts with prefix. */
static const np_box *find_line(const run *r, np_box_role role,
                               const char *prefix) {
  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      char *t;
      int match;
      if (b->kind != NP_BOX_LINE || b->role != role)
        continue;
      t = line_text(b);
      match = g_str_has_prefix(t, prefix);
      g_free(t);
      if (match)
        return b;
    }
  }
  return NULL;
}

static void test_rowspan(void) {
  np_doc *doc = new_doc("Rowspan");
  np_node *table = add(doc, doc->root, NP_NODE_TABLE), *row, *cell;
  const np_box *a, *b, *c, *d, *last, *after;
  run r;

  row = add(doc, table, NP_NODE_ROW);
  cell = add(doc, row, NP_NODE_CELL);
  cell->as.cell.rowspan = 3;
  for (int i = 1; i <= 5; i++) {
    char t[32];
    snprintf(t, sizeof t, "Alpha %d", i);
    add_block(doc, cell, NP_NODE_PARAGRAPH, t);
  }
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "Beta");
  add_block(doc, add(doc, add(doc, table, NP_NODE_ROW), NP_NODE_CELL),
            NP_NODE_PARAGRAPH, "Gamma");
  add_block(doc, add(doc, add(doc, table, NP_NODE_ROW), NP_NODE_CELL),
            NP_NODE_PARAGRAPH, "Delta");
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "After the table.");
  run_docs(&r, "default", &doc, 1, 0);
  a = find_line(&r, NP_ROLE_TABLE, "Alpha");
  b = find_line(&r, NP_ROLE_TABLE, "Beta");
  c = find_line(&r, NP_ROLE_TABLE, "Gamma");
  after = find_line(&r, NP_ROLE_BODY, "After");
  g_assert_nonnull(a);
  g_assert_nonnull(b);
  g_assert_nonnull(c);
  g_assert_nonnull(after);
  /* the rows below take the second column */
  g_assert_cmpfloat(fabs(c->x - b->x), <, EPS);
  g_assert_cmpfloat(c->x, >, a->x + 10);
  g_assert_cmpfloat(c->y, >, b->y);
  /* the spanning cell is taller than its rows: the table grows */
  last = find_line(&r, NP_ROLE_TABLE, "Alpha 5");
  d = find_line(&r, NP_ROLE_TABLE, "Delta");
  g_assert_nonnull(last);
  g_assert_nonnull(d);
  g_assert_cmpfloat(last->y, >, d->y + EPS);
  g_assert_cmpfloat(last->y + last->height, <=, after->y + EPS);
  run_free(&r);
  np_doc_free(doc);
}

/* A 30,000-letter word in a newspaper column: laid out whole, inside the
 * column, with a line break opportunity at least every
 * LONG_WORD_MAX_GAP characters (Pango's character wrapping of one long word
 * takes time quadratic in its length). */
#define LONG_WORD 30000
#define LONG_WORD_MAX_GAP 1000

static void test_long_word(void) {
  np_doc *doc = new_doc("A long word");
  char *word = g_strnfill(LONG_WORD, 'w');
  PangoLayout *pl = NULL;
  size_t letters = 0;
  run r;

  add_block(doc, doc->root, NP_NODE_PARAGRAPH, word);
  run_docs(&r, "newspaper", &doc, 1, 0);
  assert_inside(&r);
  for (size_t p = 0; p < r.layout->n_pages; p++) {
    const np_page *pg = &r.layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes; i++) {
      const np_box *b = &pg->boxes[i];
      char *t;
      if (b->kind != NP_BOX_LINE || b->role != NP_ROLE_BODY)
        continue;
      pl = b->layout;
      t = line_text(b);
      for (const char *c = t; *c; c++)
        letters += *c == 'w';
      g_free(t);
    }
  }
  g_assert_cmpuint(letters, ==, LONG_WORD);
  g_assert_nonnull(pl);
  {
    const PangoLogAttr *attrs;
    int n, last = 0;
    attrs = pango_layout_get_log_attrs_readonly(pl, &n);
    for (int i = 1; i < n; i++) {
      if (attrs[i].is_line_break) {
        g_assert_cmpint(i - last, <=, LONG_WORD_MAX_GAP);
        last = i;
      }
    }
    g_assert_cmpint(n - 1 - last, <=, LONG_WORD_MAX_GAP);
  }
  run_free(&r);
  g_free(word);
  np_doc_free(doc);
}

/* The widths of the lines of the body paragraph whose first line starts
 * with prefix, in order (at most max; returns how many). */
static size_t para_widths(const run *r, const char *prefix, double *w,
                          size_t max) {
  const np_box *first = find_line(r, NP_ROLE_BODY, prefix);
  size_t n = 0;

  g_assert_nonnull(first);
  for (size_t p = 0; p < r->layout->n_pages; p++) {
    const np_page *pg = &r->layout->pages[p];
    for (size_t i = 0; i < pg->n_boxes && n < max; i++) {
      const np_box *b = &pg->boxes[i];
      if (b->kind == NP_BOX_LINE && b->layout == first->layout)
        w[n++] = b->width;
    }
  }
  return n;
}

/* Points a justified line may fall short of the column: a line that ends
 * with a hyphen narrows the whole paragraph by the hyphen's width. */
#define JUSTIFY_SLACK 5.0

/* A paragraph is justified, every line but its last as wide as the column,
 * unless that would stretch a line from less than three quarters of it:
 * here a 70-digit number, which cannot be broken or hyphenated, leaves the
 * line before it short. Text without spaces (Chinese) is justified too. */
static void test_justify(void) {
  np_doc *doc = new_doc("Justify");
  char *text = prose(80, 3);
  GString *chinese = g_string_new(NULL);
  double w[64], v[64], full = 0;
  size_t n, m;
  run r;

  add_block(doc, doc->root, NP_NODE_PARAGRAPH, text);
  add_block(doc, doc->root, NP_NODE_PARAGRAPH,
            "Short words here. 1234567890123456789012345678901234567890"
            "123456789012345678901234567890 "
            "and then some more words to fill the next line of the column "
            "well past its end, so that it wraps, and a third line after it "
            "that the paragraph needs as well, for its last words.");
  for (int i = 0; i < 30; i++)
    g_string_append(chinese, "\xe5\xb8\x82\xe8\xae\xae\xe4\xbc\x9a"
                             "\xe9\x80\x9a\xe8\xbf\x87\xe4\xba\x86"
                             "\xe9\xa2\x84\xe7\xae\x97\xef\xbc\x8c");
  add_block(doc, doc->root, NP_NODE_PARAGRAPH, chinese->str);
  run_docs(&r, "default", &doc, 1, 0);
  text[5] = '\0';
  n = para_widths(&r, text, w, G_N_ELEMENTS(w));
  g_assert_cmpuint(n, >=, 3);
  for (size_t i = 0; i < n; i++)
    full = MAX(full, w[i]);
  for (size_t i = 0; i + 1 < n; i++)
    g_assert_cmpfloat(w[i], >, full - JUSTIFY_SLACK);
  g_assert_cmpfloat(w[n - 1], <, full - JUSTIFY_SLACK);
  m = para_widths(&r, "Short", v, G_N_ELEMENTS(v));
  g_assert_cmpuint(m, >=, 3);
  g_assert_cmpfloat(v[0], <, 0.75 * full);
  /* unjustified: the line after the number is not stretched either */
  g_assert_cmpfloat(v[1], <, full - JUSTIFY_SLACK);
  m = para_widths(&r, "\xe5\xb8\x82", v, G_N_ELEMENTS(v));
  g_assert_cmpuint(m, >=, 3);
  for (size_t i = 0; i + 1 < m; i++)
    g_assert_cmpfloat(v[i], >, full - JUSTIFY_SLACK);
  run_free(&r);
  g_string_free(chinese, TRUE);
  g_free(text);
  np_doc_free(doc);
}

/* Text past NP_LAYOUT_MAX_TEXT, counted over all the documents, is refused
 * before any line is set; the same text split differently is too. */
static void test_text_limit(void) {
  size_t half = NP_LAYOUT_MAX_TEXT / 2 + 1;
  char *text = g_strnfill(half, 'a');
  np_doc *docs[2] = {new_doc("One half"), new_doc("Other half")};
  char *styles = g_build_filename(repo_dir, "styles", NULL);
  char *fonts = g_build_filename(repo_dir, "fonts", NULL);
  np_layout_options o = {0};
  np_layout *layout = (np_layout *)&o;
  np_error err;

  for (size_t i = 0; i < half; i += 80)
    text[i] = ' ';
  add_block(docs[0], docs[0]->root, NP_NODE_PARAGRAPH, text);
  add_block(docs[1], docs[1]->root, NP_NODE_PARAGRAPH, text);
  g_assert_cmpint(
      np_style_load("default", styles, NULL, (np_style **)&o.style, &err), ==,
      NP_OK);
  g_assert_cmpint(np_fonts_new(fonts, 0, &o.fonts, &err), ==, NP_OK);
  /* One half alone is laid out no differently from any long article... */
  g_assert_cmpuint(strlen(text), <, NP_LAYOUT_MAX_TEXT);
  /* ...both together cross the limit. */
  g_assert_cmpint(np_layout_run(docs, 2, &o, &layout, &err), ==, NP_ERR_IO);
  g_assert_null(layout);
  g_assert_nonnull(strstr(err.message, "too long for a PDF"));
  np_style_free((np_style *)o.style);
  np_fonts_free(o.fonts);
  np_doc_free(docs[0]);
  np_doc_free(docs[1]);
  g_free(text);
  g_free(styles);
  g_free(fonts);
}

int main(int argc, char **argv) {
  const char *tests = g_getenv("NP_TESTS");
  int status;

  g_test_init(&argc, &argv, NULL);
  if (tests) {
    repo_dir = g_build_filename(tests, "..", NULL);
  } else {
    char *unit = g_path_get_dirname(__FILE__);
    repo_dir = g_build_filename(unit, "..", "..", NULL);
    g_free(unit);
  }
  tmp_dir = g_dir_make_tmp("np-layout-XXXXXX", NULL);
  g_assert_nonnull(tmp_dir);
  g_test_add_func("/layout/short", test_short_article);
  g_test_add_func("/layout/justify", test_justify);
  g_test_add_func("/layout/baselines", test_baselines);
  g_test_add_func("/layout/text-limit", test_text_limit);
  g_test_add_func("/layout/long", test_long_article);
  g_test_add_func("/layout/widows-orphans-headings", test_widows_orphans);
  g_test_add_func("/layout/figures", test_figures);
  g_test_add_func("/layout/missing-image", test_missing_image);
  g_test_add_func("/layout/table-columns", test_table_columns);
  g_test_add_func("/layout/image-memory-limit", test_image_memory_limit);
  g_test_add_func("/layout/uncovered-script", test_uncovered_script);
  g_test_add_func("/layout/rtl", test_rtl);
  g_test_add_func("/layout/newspaper", test_newspaper_columns);
  g_test_add_func("/layout/links-outline", test_links_and_outline);
  g_test_add_func("/layout/contents", test_contents);
  g_test_add_func("/layout/deterministic", test_deterministic);
  g_test_add_func("/layout/golden", test_golden);
  g_test_add_func("/layout/descendant-selectors", test_descendant_selectors);
  g_test_add_func("/layout/ereader-lead", test_ereader_lead);
  g_test_add_func("/layout/hyphen-column-end", test_hyphen_column_end);
  g_test_add_func("/layout/indents", test_indents);
  g_test_add_func("/layout/masthead-spacing", test_masthead_spacing);
  g_test_add_func("/layout/rowspan", test_rowspan);
  g_test_add_func("/layout/long-word", test_long_word);
  status = g_test_run();
  g_rmdir(tmp_dir);
  g_free(tmp_dir);
  g_free(repo_dir);
  return status;
}
