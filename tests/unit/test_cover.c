/* test_cover.c: unit tests of the drawn EPUB cover: a JPEG of the right
 * size, identical
 * bytes for identical input, the lead image of a single article, digests,
 * right-to-left text, text too long for the page and missing images. */

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "cover.h"

/* The repository (for fonts/) and a temporary folder for page files. */
static char *repo_dir;
static char *tmp_dir;
static np_fonts *fonts;

/* Colour of the fixture lead image, as cairo's RGB24 pixel. */
#define LEAD_PIXEL 0x2060C0u

/* Most difference of a channel from LEAD_PIXEL in a JPEG cover. */
#define LEAD_TOLERANCE 8

/* Media type of the last cover drawn. */
static const char *last_mime;

/* A pixel counts as ink when each channel is below this. */
#define INK_LEVEL 0x60

static const char *const headlines[] = {
    "Parliament passes the budget after a night of tense negotiations",
    "Floods close the coastal railway for a second week",
    "A new museum of printing opens in the old paper mill, with presses "
    "that still run on Saturdays",
    "Scientists map the currents under the ice shelf",
    "The city council votes to keep the night buses",
    "Harvest festival draws record crowds despite the rain",
    "This seventh headline is past the limit and never drawn"};

/* Draws cover, asserting success; returns the image bytes. */
static GBytes *draw(const np_cover *cover) {
  unsigned char *png = NULL;
  size_t len = 0;
  np_error err = {0};

  g_assert_cmpint(np_cover_draw(cover, fonts, &png, &len, &last_mime, &err), ==,
                  NP_OK);
  g_assert_nonnull(png);
  g_assert_nonnull(last_mime);
  return g_bytes_new_take(png, len);
}

/* Asserts that the bytes are a baseline JPEG of the cover's size, as
 * last_mime says. */
static void assert_cover_image(GBytes *bytes) {
  gsize len;
  const guint8 *d = g_bytes_get_data(bytes, &len);
  gsize i = 2;
  int found = 0;

  g_assert_cmpstr(last_mime, ==, "image/jpeg");
  g_assert_cmpuint(len, >, 33);
  g_assert_cmpmem(d, 3, "\xff\xd8\xff", 3);
  /* the SOF0 segment gives height and width */
  while (i + 9 < len && d[i] == 0xFF) {
    guint seg = (guint)d[i + 2] << 8 | d[i + 3];
    if (d[i + 1] == 0xC0) {
      g_assert_cmpuint((guint)d[i + 5] << 8 | d[i + 6], ==, NP_COVER_HEIGHT);
      g_assert_cmpuint((guint)d[i + 7] << 8 | d[i + 8], ==, NP_COVER_WIDTH);
      found = 1;
      break;
    }
    i += 2 + seg;
  }
  g_assert_true(found);
}

/* Decodes the cover into an RGB24 surface. */
static cairo_surface_t *decode(GBytes *bytes) {
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
  GdkPixbuf *pb;
  cairo_surface_t *s;
  gsize len;
  const guint8 *d = g_bytes_get_data(bytes, &len);
  int w, h, n, stride;
  const guchar *px;

  g_assert_true(gdk_pixbuf_loader_write(loader, d, len, NULL));
  g_assert_true(gdk_pixbuf_loader_close(loader, NULL));
  pb = gdk_pixbuf_loader_get_pixbuf(loader);
  w = gdk_pixbuf_get_width(pb);
  h = gdk_pixbuf_get_height(pb);
  g_assert_cmpint(w, ==, NP_COVER_WIDTH);
  g_assert_cmpint(h, ==, NP_COVER_HEIGHT);
  n = gdk_pixbuf_get_n_channels(pb);
  stride = gdk_pixbuf_get_rowstride(pb);
  px = gdk_pixbuf_get_pixels(pb);
  s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  for (int y = 0; y < h; y++) {
    guint32 *row = (guint32 *)(void *)(cairo_image_surface_get_data(s) +
                                       y * cairo_image_surface_get_stride(s));
    for (int x = 0; x < w; x++) {
      const guchar *p = px + y * stride + x * n;
      row[x] = (guint32)p[0] << 16 | (guint32)p[1] << 8 | p[2];
    }
  }
  cairo_surface_mark_dirty(s);
  g_object_unref(loader);
  return s;
}

/* Returns the 0xRRGGBB of pixel x, y. */
static guint32 rgb_at(cairo_surface_t *s, int x, int y) {
  const guint8 *row =
      cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s);
  guint32 p;

  memcpy(&p, row + 4 * x, 4);
  return p & 0xFFFFFF;
}

/* Returns nonzero when pixel x, y is dark ink. */
static int is_ink(cairo_surface_t *s, int x, int y) {
  guint32 p = rgb_at(s, x, y);

  return (p >> 16) < INK_LEVEL && (p >> 8 & 0xFF) < INK_LEVEL &&
         (p & 0xFF) < INK_LEVEL;
}

/* Returns the y just below the masthead's last full-width rule. */
static int masthead_end(cairo_surface_t *s) {
  int y, end = -1;

  for (y = 0; y < NP_COVER_HEIGHT * 3 / 4; y++)
    if (is_ink(s, 90, y) && is_ink(s, NP_COVER_WIDTH / 2, y) &&
        is_ink(s, NP_COVER_WIDTH - 90, y))
      end = y + 1;
  g_assert_cmpint(end, >, 0);
  return end;
}

/* Finds the extent of the ink in rows y0 to y1 (excluded); returns the
 * number of ink pixels. */
static int ink_box(cairo_surface_t *s, int y0, int y1, int *min_x, int *max_x,
                   int *max_y) {
  int x, y, n = 0;

  *min_x = NP_COVER_WIDTH;
  *max_x = -1;
  *max_y = -1;
  for (y = y0; y < y1; y++)
    for (x = 0; x < NP_COVER_WIDTH; x++)
      if (is_ink(s, x, y)) {
        *min_x = MIN(*min_x, x);
        *max_x = MAX(*max_x, x);
        *max_y = y;
        n++;
      }
  return n;
}

/* Returns the number of rows of column x that have the lead image's
 * colour. */
static int lead_rows(cairo_surface_t *s, int x) {
  int y, n = 0;

  for (y = 0; y < NP_COVER_HEIGHT; y++) {
    guint32 p = rgb_at(s, x, y);
    int close = 1;
    for (int shift = 0; shift <= 16; shift += 8)
      close &= abs((int)(p >> shift & 0xFF) -
                   (int)(LEAD_PIXEL >> shift & 0xFF)) <= LEAD_TOLERANCE;
    n += close;
  }
  return n;
}

/* Writes a width x height PNG of the lead colour with a white frame into
 * the page folder and returns its path (g_free). */
static char *write_lead_png(int width, int height) {
  char *dir = g_build_filename(tmp_dir, "page_files", NULL);
  char *path = g_build_filename(dir, "lead.png", NULL);
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(s);

  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0x20 / 255.0, 0x60 / 255.0, 0xC0 / 255.0);
  cairo_rectangle(cr, 4, 4, width - 8, height - 8);
  cairo_fill(cr);
  g_assert_cmpint(cairo_surface_write_to_png(s, path), ==,
                  CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  g_free(dir);
  return path;
}

/* Returns an article saved as page.html in the temporary folder, whose
 * lead image is the file at path. */
static np_doc *article(const char *path) {
  np_doc *doc = np_doc_new();
  np_resource res = {NP_RES_LOCAL, path, path, NULL, 0, "image/png"};
  char *page = g_build_filename(tmp_dir, "page.html", NULL);

  g_assert_true(g_file_set_contents(page, "<html></html>", -1, NULL));
  doc->meta.source_path = np_arena_strdup(doc->arena, page);
  g_free(page);

  doc->meta.title = "Floods close the coastal railway for a second week as "
                    "engineers inspect the damaged sea wall";
  doc->meta.summary = "Passengers face long detours while repairs go on; the "
                      "operator expects the line to reopen before the summer "
                      "timetable starts.";
  doc->meta.lead_image = np_doc_add_resource(doc, &res);
  return doc;
}

static void test_digest(void) {
  np_cover cover = {"The Weekly Review",
                    "1 – 7 March 2024",
                    headlines,
                    G_N_ELEMENTS(headlines),
                    NULL,
                    "en",
                    0};
  GBytes *a = draw(&cover), *b = draw(&cover), *c;
  cairo_surface_t *s;
  int top, min_x, max_x, max_y;

  assert_cover_image(a);
  g_assert_true(g_bytes_equal(a, b));
  s = decode(a);
  top = masthead_end(s);
  /* The headlines are set from the left margin, below the masthead, and
   * stay above the bottom margin. */
  g_assert_cmpint(ink_box(s, top, NP_COVER_HEIGHT - 60, &min_x, &max_x, &max_y),
                  >, 1000);
  g_assert_cmpint(min_x, >=, 70);
  g_assert_cmpint(min_x, <, 100);
  g_assert_cmpint(max_x, <=, NP_COVER_WIDTH - 70);
  g_assert_cmpint(max_y, <, NP_COVER_HEIGHT - 60);
  /* Other headlines, other bytes. */
  cover.n_headlines = 2;
  c = draw(&cover);
  g_assert_false(g_bytes_equal(a, c));
  cairo_surface_destroy(s);
  g_bytes_unref(a);
  g_bytes_unref(b);
  g_bytes_unref(c);
}

static void test_article(void) {
  char *path = write_lead_png(800, 500);
  np_doc *doc = article(path);
  np_cover cover = {
      "The Coastal Courier", "Tuesday 5 March 2024", NULL, 0, doc, "en", 0};
  GBytes *a = draw(&cover), *b = draw(&cover);
  cairo_surface_t *s;
  int rows;

  assert_cover_image(a);
  g_assert_true(g_bytes_equal(a, b));
  s = decode(a);
  /* The picture keeps its shape: scaled to the column's width (1040 of
   * 800, so 650 high), less its frame. */
  rows = lead_rows(s, NP_COVER_WIDTH / 2);
  g_assert_cmpint(rows, >, 600);
  g_assert_cmpint(rows, <, 650);
  g_assert_cmpint(rgb_at(s, 75, 900), !=, LEAD_PIXEL);
  cairo_surface_destroy(s);
  g_bytes_unref(a);
  g_bytes_unref(b);
  np_doc_free(doc);
  g_free(path);
}

/* A lead image that cannot be read leaves a cover without it. */
static void test_missing_image(void) {
  char *missing = g_build_filename(tmp_dir, "page_files", "gone.png", NULL);
  char *path = write_lead_png(800, 500);
  np_doc *doc = article(missing), *with = article(path);
  np_cover cover = {"The Coastal Courier", NULL, NULL, 0, doc, "en", 0};
  GBytes *a = draw(&cover), *b;
  cairo_surface_t *s;
  int top, min_x, max_x, max_y;

  assert_cover_image(a);
  s = decode(a);
  g_assert_cmpint(lead_rows(s, NP_COVER_WIDTH / 2), ==, 0);
  /* The headline comes right below the masthead. */
  top = masthead_end(s);
  g_assert_cmpint(ink_box(s, top, top + 150, &min_x, &max_x, &max_y), >, 500);
  cairo_surface_destroy(s);
  /* No lead image at all: the same cover. */
  doc->meta.lead_image = -1;
  b = draw(&cover);
  g_assert_true(g_bytes_equal(a, b));
  g_bytes_unref(b);
  /* And with one the cover differs. */
  cover.lead_doc = with;
  b = draw(&cover);
  g_assert_false(g_bytes_equal(a, b));
  g_bytes_unref(b);
  g_bytes_unref(a);
  np_doc_free(doc);
  np_doc_free(with);
  g_free(path);
  g_free(missing);
}

/* Draws a digest cover with one short headline and returns the horizontal
 * extent of the ink below the masthead. */
static void headline_extent(const char *title, const char *headline,
                            const char *lang, int rtl, int *min_x, int *max_x) {
  const char *list[] = {headline};
  np_cover cover = {title, NULL, list, 1, NULL, lang, rtl};
  GBytes *png = draw(&cover);
  cairo_surface_t *s = decode(png);
  int top = masthead_end(s), max_y;

  assert_cover_image(png);
  g_assert_cmpint(ink_box(s, top, NP_COVER_HEIGHT - 60, min_x, max_x, &max_y),
                  >, 200);
  cairo_surface_destroy(s);
  g_bytes_unref(png);
}

/* Right-to-left text is set from the right margin. */
static void test_rtl(void) {
  const char *hebrew[] = {"הכנסת אישרה את התקציב אחרי לילה של משא ומתן",
                          "שיטפונות סגרו את מסילת החוף"};
  np_cover cover = {"העיתון השבועי", "1–7 במרץ 2024", hebrew, 2, NULL, "he", 1};
  GBytes *a = draw(&cover), *b = draw(&cover);
  int min_x, max_x;

  assert_cover_image(a);
  g_assert_true(g_bytes_equal(a, b));
  g_bytes_unref(a);
  g_bytes_unref(b);
  headline_extent("העיתון", "שלום עולם", "he", 1, &min_x, &max_x);
  g_assert_cmpint(min_x, >, NP_COVER_WIDTH / 2);
  g_assert_cmpint(max_x, >, NP_COVER_WIDTH - 100);
  g_assert_cmpint(max_x, <=, NP_COVER_WIDTH - 70);
  headline_extent("The Paper", "Hello world", "en", 0, &min_x, &max_x);
  g_assert_cmpint(min_x, <, 100);
  g_assert_cmpint(max_x, <, NP_COVER_WIDTH / 2);
  /* a Hebrew headline on an English cover still starts on the right */
  headline_extent("The Paper", "שלום עולם", "en", 0, &min_x, &max_x);
  g_assert_cmpint(min_x, >, NP_COVER_WIDTH / 2);
}

/* Text far too long for the page is cut: nothing runs into the margins. */
static void test_long_text(void) {
  GString *word_salad = g_string_new(NULL);
  const char *list[NP_COVER_MAX_HEADLINES];
  np_cover cover = {NULL, NULL, list, NP_COVER_MAX_HEADLINES, NULL, NULL, 0};
  GBytes *png;
  cairo_surface_t *s;
  int i, min_x, max_x, max_y;

  for (i = 0; i < 300; i++)
    g_string_append(word_salad, i % 7 ? "word " : "Supercalifragilistic ");
  for (i = 0; i < NP_COVER_MAX_HEADLINES; i++)
    list[i] = word_salad->str;
  cover.title = word_salad->str;
  cover.subtitle = word_salad->str;
  png = draw(&cover);
  assert_cover_image(png);
  s = decode(png);
  g_assert_cmpint(ink_box(s, 0, NP_COVER_HEIGHT - 60, &min_x, &max_x, &max_y),
                  >, 1000);
  g_assert_cmpint(min_x, >=, 75);
  g_assert_cmpint(max_x, <=, NP_COVER_WIDTH - 75);
  g_assert_cmpint(max_y, <, NP_COVER_HEIGHT - 75);
  cairo_surface_destroy(s);
  g_bytes_unref(png);
  g_string_free(word_salad, TRUE);
}

/* An empty cover is still a cover. */
static void test_empty(void) {
  np_cover cover = {0};
  GBytes *png = draw(&cover);

  assert_cover_image(png);
  g_bytes_unref(png);
}

/* Removes the temporary folder and the files the tests wrote into it. */
static void remove_tmp(void) {
  static const char *const files[] = {"page_files/lead.png", "page_files",
                                      "page.html", ""};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(files); i++) {
    char *path = g_build_filename(tmp_dir, files[i], NULL);
    g_remove(path);
    g_free(path);
  }
}

int main(int argc, char **argv) {
  const char *tests = g_getenv("NP_TESTS");
  char *fonts_dir;
  np_error err;
  int status;

  g_test_init(&argc, &argv, NULL);
  if (tests) {
    repo_dir = g_build_filename(tests, "..", NULL);
  } else {
    char *unit = g_path_get_dirname(__FILE__);
    repo_dir = g_build_filename(unit, "..", "..", NULL);
    g_free(unit);
  }
  fonts_dir = g_build_filename(repo_dir, "fonts", NULL);
  g_assert_cmpint(np_fonts_new(fonts_dir, 0, &fonts, &err), ==, NP_OK);
  tmp_dir = g_dir_make_tmp("np-cover-XXXXXX", NULL);
  g_assert_nonnull(tmp_dir);
  g_test_add_func("/cover/digest", test_digest);
  g_test_add_func("/cover/article", test_article);
  g_test_add_func("/cover/missing-image", test_missing_image);
  g_test_add_func("/cover/rtl", test_rtl);
  g_test_add_func("/cover/long-text", test_long_text);
  g_test_add_func("/cover/empty", test_empty);
  status = g_test_run();
  remove_tmp();
  np_fonts_free(fonts);
  g_free(fonts_dir);
  g_free(tmp_dir);
  g_free(repo_dir);
  return status;
}
