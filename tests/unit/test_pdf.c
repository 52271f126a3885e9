/* test_pdf.c: unit tests of the PDF writer (pdf.c) on a small layout built
 * by hand, checked with qpdf and poppler's tools where they are installed. */
/* for memmem */
#define _GNU_SOURCE

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"

/* Page size of the test layout: A5 in points. */
#define PAGE_WIDTH 420.0
#define PAGE_HEIGHT 595.0
/* Left margin and first baseline of the test layout. */
#define MARGIN 48.0
/* The external link of the test layout, with bytes that need escaping. */
#define LINK_URI "https://example.org/a(b)?q='x' y"
/* How the PDF must write it. */
#define LINK_URI_PDF "/URI (https://example.org/a%28b%29?q=%27x%27%20y)"
/* SOURCE_DATE_EPOCH of the date test, and the date it means. */
#define TEST_EPOCH "1700000000"
#define TEST_EPOCH_DATE "2023-11-14T22:13:20Z"
/* Environment variable naming the file a subprocess writes its PDF to. */
#define OUT_ENV "NP_TEST_PDF_OUT"

/* A hand-made layout and what it refers to. */
typedef struct {
  np_fonts *fonts;
  PangoContext *context;
  PangoLayout *text[2]; /* one paragraph per page */
  np_layout layout;
  np_page pages[2];
  np_box boxes[2][4];
  np_link_area links[2][2];
  np_outline_entry outline[5];
} fixture;

/* Returns the bundled fonts folder: beside $NP_TESTS when tests/run.sh set
 * it, else fonts/ under the working directory (the repository root). */
static char *fonts_dir(void) {
  const char *tests = g_getenv("NP_TESTS");

  if (tests != NULL)
    return g_build_filename(tests, "..", "fonts", NULL);
  return g_strdup("fonts");
}

/* Returns a paragraph laid out in the font description desc, width 300pt. */
static PangoLayout *paragraph(PangoContext *context, const char *desc_text,
                              const char *text) {
  PangoLayout *layout = pango_layout_new(context);
  PangoFontDescription *desc = pango_font_description_from_string(desc_text);

  pango_layout_set_font_description(layout, desc);
  pango_layout_set_width(layout, 300 * PANGO_SCALE);
  pango_layout_set_text(layout, text, -1);
  pango_font_description_free(desc);
  return layout;
}

/* Sets box to line k of text at the line origin x and baseline y. */
static void line_box(np_box *box, PangoLayout *text, int k, double x,
                     double y) {
  PangoRectangle logical;

  pango_layout_line_get_extents(pango_layout_get_line_readonly(text, k), NULL,
                                &logical);
  box->kind = NP_BOX_LINE;
  box->role = NP_ROLE_BODY;
  box->x = x;
  box->y = y + logical.y / (double)PANGO_SCALE;
  box->width = logical.width / (double)PANGO_SCALE;
  box->height = logical.height / (double)PANGO_SCALE;
  box->baseline = y;
  box->layout = text;
  box->line = k;
  box->color = 0x000000ff;
}

/* Builds the test layout: two pages with lines in a serif and a sans face,
 * a rule, a missing image, an external and internal links, and an outline
 * with three levels (and one entry pointing outside the layout). */
static void fixture_init(fixture *f) {
  np_error err = {0};
  char *dir = fonts_dir();
  cairo_font_options_t *options = cairo_font_options_create();
  np_status status;
  size_t p;

  memset(f, 0, sizeof *f);
  status = np_fonts_new(dir, 0, &f->fonts, &err);
  if (status != NP_OK)
    g_test_message("np_fonts_new: %s", err.message);
  g_assert_cmpint(status, ==, NP_OK);
  g_free(dir);
  f->context = pango_font_map_create_context(np_fonts_map(f->fonts));
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(f->context, options);
  cairo_font_options_destroy(options);
  f->text[0] =
      paragraph(f->context, "serif 11", "Quarterly harvest exceeds forecasts");
  f->text[1] =
      paragraph(f->context, "sans-serif bold 14", "Second page heading");

  line_box(&f->boxes[0][0], f->text[0], 0, MARGIN, MARGIN + 11);
  f->boxes[0][1] = (np_box){.kind = NP_BOX_RULE,
                            .x = MARGIN,
                            .y = MARGIN + 20,
                            .width = 300,
                            .height = 0.5,
                            .color = 0x808080ff};
  f->boxes[0][2] = (np_box){.kind = NP_BOX_MISSING,
                            .role = NP_ROLE_FIGURE,
                            .x = MARGIN,
                            .y = MARGIN + 40,
                            .width = 200,
                            .height = 120};
  line_box(&f->boxes[1][0], f->text[1], 0, MARGIN, MARGIN + 14);
  f->links[0][0] = (np_link_area){MARGIN, MARGIN, 100, 14, LINK_URI, -1, 0};
  f->links[0][1] =
      (np_link_area){MARGIN, MARGIN + 40, 200, 120, NULL, 1, MARGIN};
  f->links[1][0] = (np_link_area){MARGIN, MARGIN, 100, 14, NULL, 0, 0};
  f->pages[0] = (np_page){f->boxes[0], 3, 4, f->links[0], 2, 2};
  f->pages[1] = (np_page){f->boxes[1], 1, 4, f->links[1], 1, 2};

  f->outline[0] = (np_outline_entry){"Harvest report", 1, 0, MARGIN};
  f->outline[1] = (np_outline_entry){"The fields", 2, 0, MARGIN + 20};
  f->outline[2] = (np_outline_entry){"North field", 3, 1, MARGIN};
  f->outline[3] = (np_outline_entry){"Nowhere", 2, 7, 0};
  f->outline[4] = (np_outline_entry){"Prices \xc3\xa0 la ferme", 2, 1, 200};

  f->layout.page_width = PAGE_WIDTH;
  f->layout.page_height = PAGE_HEIGHT;
  f->layout.pages = f->pages;
  f->layout.n_pages = 2;
  f->layout.outline = f->outline;
  f->layout.n_outline = 5;
  for (p = 0; p < 2; p++)
    g_assert_cmpint(pango_layout_get_line_count(f->text[p]), ==, 1);
}

/* Releases what fixture_init made. */
static void fixture_clear(fixture *f) {
  g_object_unref(f->text[0]);
  g_object_unref(f->text[1]);
  g_object_unref(f->context);
  np_fonts_free(f->fonts);
}

/* Returns a document with the metadata of the test article. */
static np_doc *test_doc(const char *title, const char *published) {
  np_doc *doc = np_doc_new();

  doc->meta.title = np_arena_strdup(doc->arena, title);
  doc->meta.published = np_arena_strdup(doc->arena, published);
  doc->meta.summary =
      np_arena_strdup(doc->arena, "Farmers report the best year in a decade.");
  np_doc_add_author(doc, "Ann Author");
  np_doc_add_author(doc, "Bob Writer");
  np_doc_add_keyword(doc, "farming");
  np_doc_add_keyword(doc, "economy");
  return doc;
}

/* Renders the fixture for docs with opts; asserts success. The caller
 * frees the bytes. */
static char *render(fixture *f, np_doc **docs, size_t n,
                    const np_pdf_options *opts, size_t *len) {
  np_error err = {0};
  char *data = NULL;
  np_status status = np_pdf_render(&f->layout, docs, n, opts, &data, len, &err);

  if (status != NP_OK)
    g_test_message("np_pdf_render: %s", err.message);
  g_assert_cmpint(status, ==, NP_OK);
  g_assert_nonnull(data);
  return data;
}

/* Writes len bytes of data to a new temporary file and returns its path
 * (a heap string). */
static char *write_temp(const char *data, size_t len) {
  GError *error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp("np-test-pdf-XXXXXX.pdf", &path, &error);

  g_assert_no_error(error);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  g_assert_true(g_file_set_contents(path, data, (gssize)len, &error));
  g_assert_no_error(error);
  return path;
}

/* Runs tool with the arguments (NULL-terminated, the PDF path among them)
 * and returns its standard output and error together (a heap string), or
 * NULL when the tool is not installed. Asserts it exited with status 0. */
static char *run_tool(const char *tool, ...) {
  GPtrArray *argv = g_ptr_array_new();
  GError *error = NULL;
  char *program = g_find_program_in_path(tool);
  char *out = NULL, *errors = NULL, *both;
  const char *arg;
  int wait_status = 0;
  va_list ap;

  if (!program) {
    g_ptr_array_free(argv, TRUE);
    return NULL;
  }
  g_ptr_array_add(argv, program);
  va_start(ap, tool);
  while ((arg = va_arg(ap, const char *)) != NULL)
    g_ptr_array_add(argv, (char *)arg);
  va_end(ap);
  g_ptr_array_add(argv, NULL);
  g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT,
                             NULL, NULL, &out, &errors, &wait_status, &error));
  g_assert_no_error(error);
  both = g_strconcat(out, errors, NULL);
  if (!g_spawn_check_wait_status(wait_status, NULL))
    g_test_message("%s failed: %s", tool, both);
  g_assert_true(g_spawn_check_wait_status(wait_status, NULL));
  g_free(out);
  g_free(errors);
  g_free(program);
  g_ptr_array_free(argv, TRUE);
  return both;
}

/* Returns the value of "Key:" in pdfinfo's output (a heap string), or
 * NULL. */
static char *info_value(const char *info, const char *key) {
  char **lines = g_strsplit(info, "\n", -1);
  char *value = NULL;
  size_t i, key_len = strlen(key);

  for (i = 0; lines[i] && !value; i++)
    if (strncmp(lines[i], key, key_len) == 0 && lines[i][key_len] == ':')
      value = g_strstrip(g_strdup(lines[i] + key_len + 1));
  g_strfreev(lines);
  return value;
}

/* Asserts that pdfinfo shows value for key. */
static void assert_info(const char *info, const char *key, const char *value) {
  char *got = info_value(info, key);

  g_assert_nonnull(got);
  g_assert_cmpstr(got, ==, value);
  g_free(got);
}

/* Renders the fixture for one or two test documents, without
 * SOURCE_DATE_EPOCH (main unsets it), and returns pdfinfo's output (NULL: no
 * pdfinfo). */
static char *render_info(size_t n, const np_pdf_options *opts,
                         const char *published) {
  fixture f;
  np_doc *docs[2];
  char *data, *path, *info;
  size_t len, i;

  fixture_init(&f);
  docs[0] = test_doc("Harvest report", published);
  docs[1] = test_doc("Market prices", published);
  np_doc_add_author(docs[1], "ann  AUTHOR");
  np_doc_add_author(docs[1], "Cy Third");
  np_doc_add_keyword(docs[1], "prices");
  data = render(&f, docs, n, opts, &len);
  path = write_temp(data, len);
  info = run_tool("pdfinfo", "-isodates", path, NULL);
  g_unlink(path);
  g_free(path);
  free(data);
  for (i = 0; i < 2; i++)
    np_doc_free(docs[i]);
  fixture_clear(&f);
  return info;
}

/* The file is a PDF that qpdf finds free of errors, with both pages, the
 * text of its lines, and every font embedded and subset. */
static void test_structure(void) {
  fixture f;
  np_doc *doc;
  char *data, *path, *out;
  size_t len;
  int fonts = 0;
  char **lines;
  size_t i;

  fixture_init(&f);
  doc = test_doc("Harvest report", "2021-03-04T05:06:07+02:00");
  data = render(&f, &doc, 1, NULL, &len);
  g_assert_cmpuint(len, >, 16);
  g_assert_cmpmem(data, 5, "%PDF-", 5);
  g_assert_cmpmem(data + len - 6, 6, "%%EOF\n", 6);
  path = write_temp(data, len);

  out = run_tool("qpdf", "--check", path, NULL);
  if (!out) {
    g_test_skip("qpdf is not installed");
    goto done;
  }
  g_assert_null(strstr(out, "WARNING"));
  g_assert_nonnull(strstr(out, "No syntax or stream encoding errors"));
  g_free(out);

  out = run_tool("pdftotext", "-layout", path, "-", NULL);
  if (!out) {
    g_test_skip("pdftotext is not installed");
    goto done;
  }
  g_assert_nonnull(strstr(out, "Quarterly harvest exceeds forecasts"));
  g_assert_nonnull(strstr(out, "Second page heading"));
  g_assert_true(strstr(out, "Quarterly") < strstr(out, "Second"));
  g_assert_nonnull(strchr(out, '\f'));
  g_free(out);

  out = run_tool("pdffonts", path, NULL);
  if (!out) {
    g_test_skip("pdffonts is not installed");
    goto done;
  }
  lines = g_strsplit(out, "\n", -1);
  for (i = 2; lines[i]; i++) {
    if (!*lines[i])
      continue;
    fonts++;
    g_assert_nonnull(strstr(lines[i], " yes yes "));
  }
  g_strfreev(lines);
  g_assert_cmpint(fonts, >=, 2);
  g_free(out);

done:
  g_unlink(path);
  g_free(path);
  free(data);
  np_doc_free(doc);
  fixture_clear(&f);
}

/* pdfinfo shows the metadata of a single article: its title, authors,
 * summary, keywords, the creator and its publication date (in UTC). */
static void test_metadata_single(void) {
  char *info = render_info(1, NULL, "2021-03-04T05:06:07+02:00");

  if (!info) {
    g_test_skip("pdfinfo is not installed");
    return;
  }
  assert_info(info, "Pages", "2");
  assert_info(info, "Title", "Harvest report");
  assert_info(info, "Author", "Ann Author, Bob Writer");
  assert_info(info, "Subject", "Farmers report the best year in a decade.");
  assert_info(info, "Keywords", "farming, economy");
  assert_info(info, "Creator", "newsprint " NP_VERSION);
  assert_info(info, "CreationDate", "2021-03-04T03:06:07Z");
  assert_info(info, "ModDate", "2021-03-04T03:06:07Z");
  g_free(info);
}

/* Several articles: a digest title, every author once (ignoring case),
 * "N articles" as subject; a date without a time is midnight UTC. */
static void test_metadata_digest(void) {
  char *info = render_info(2, NULL, "2022-07-08");

  if (!info) {
    g_test_skip("pdfinfo is not installed");
    return;
  }
  assert_info(info, "Title", "News digest");
  assert_info(info, "Author", "Ann Author, Bob Writer, Cy Third");
  assert_info(info, "Subject", "2 articles");
  assert_info(info, "Keywords", "farming, economy, prices");
  assert_info(info, "CreationDate", "2022-07-08T00:00:00Z");
  g_free(info);
}

/* The options win: their title, and their epoch over the article's date;
 * an article without a usable date gives the epoch itself. */
static void test_metadata_options(void) {
  np_pdf_options opts = {"My selection", 86400, NULL};
  char *info = render_info(2, &opts, "2022-07-08");

  if (!info) {
    g_test_skip("pdfinfo is not installed");
    return;
  }
  assert_info(info, "Title", "My selection");
  assert_info(info, "CreationDate", "1970-01-02T00:00:00Z");
  g_free(info);
  opts.epoch = -1;
  info = render_info(1, &opts, "not a date");
  assert_info(info, "CreationDate", "1970-01-01T00:00:00Z");
  g_free(info);
}

/* Returns whether the len bytes of data hold needle. */
static int pdf_holds(const char *data, size_t len, const char *needle) {
  return memmem(data, len, needle, strlen(needle)) != NULL;
}

/* The catalog names the articles' most common language as /Lang (the
 * first on a tie), the option's over theirs, none for a tag that is not
 * letters, digits and hyphens; the title is shown (DisplayDocTitle). */
static void test_catalog_lang(void) {
  fixture f;
  np_doc *docs[3];
  np_pdf_options opts = {NULL, 0, NULL};
  const char *langs[3] = {"en", "he", "he"};
  char *data;
  size_t len, i;

  fixture_init(&f);
  for (i = 0; i < 3; i++) {
    docs[i] = test_doc("Harvest report", "2021-03-04");
    docs[i]->meta.lang = np_arena_strdup(docs[i]->arena, langs[i]);
  }
  data = render(&f, docs, 3, &opts, &len);
  g_assert_true(pdf_holds(data, len, "/Lang (he)"));
  g_assert_false(pdf_holds(data, len, "/Lang (en)"));
  /* a digest without a title is "News digest": shown too */
  g_assert_true(pdf_holds(data, len, "/DisplayDocTitle true"));
  free(data);

  data = render(&f, docs, 2, &opts, &len);
  g_assert_true(pdf_holds(data, len, "/Lang (en)"));
  free(data);

  opts.lang = "fr-CA";
  data = render(&f, docs, 1, &opts, &len);
  g_assert_true(pdf_holds(data, len, "/Lang (fr-CA)"));
  g_assert_true(
      pdf_holds(data, len, "/ViewerPreferences << /DisplayDocTitle true >>"));
  free(data);

  opts.lang = "en) /OpenAction (x";
  data = render(&f, docs, 1, &opts, &len);
  g_assert_false(pdf_holds(data, len, "/Lang"));
  g_assert_false(pdf_holds(data, len, "/OpenAction"));
  free(data);

  for (i = 0; i < 3; i++)
    docs[i]->meta.lang = NULL;
  opts.lang = NULL;
  data = render(&f, docs, 3, &opts, &len);
  g_assert_false(pdf_holds(data, len, "/Lang"));
  free(data);

  for (i = 0; i < 3; i++)
    np_doc_free(docs[i]);
  fixture_clear(&f);
}

/* The link areas become annotations: the URI escaped, the internal links
 * named destinations on the right pages (also forward). */
static void test_links(void) {
  fixture f;
  np_doc *doc;
  char *data, *path, *qdf, *program, *text = NULL;
  size_t len;
  gsize text_len = 0;

  fixture_init(&f);
  doc = test_doc("Harvest report", "2021-03-04");
  data = render(&f, &doc, 1, NULL, &len);
  path = write_temp(data, len);
  qdf = g_strconcat(path, ".qdf", NULL);
  program = g_find_program_in_path("qpdf");
  if (!program) {
    g_test_skip("qpdf is not installed");
    goto done;
  }
  g_free(
      run_tool("qpdf", "--qdf", "--object-streams=disable", path, qdf, NULL));
  g_assert_true(g_file_get_contents(qdf, &text, &text_len, NULL));
  g_assert_nonnull(g_strstr_len(text, (gssize)text_len, LINK_URI_PDF));
  g_assert_nonnull(g_strstr_len(text, (gssize)text_len, "/Dest (np-dest-0)"));
  g_assert_nonnull(g_strstr_len(text, (gssize)text_len, "/Dest (np-dest-1)"));
  g_assert_nonnull(g_strstr_len(text, (gssize)text_len, "/Dests"));
  g_assert_null(g_strstr_len(text, (gssize)text_len, "np-dest-2"));

done:
  g_free(program);
  g_free(text);
  g_unlink(qdf);
  g_free(qdf);
  g_unlink(path);
  g_free(path);
  free(data);
  np_doc_free(doc);
  fixture_clear(&f);
}

/* Returns the "outlines" array of qpdf --json for the PDF at path, or
 * NULL when qpdf is not installed; *parser keeps it alive. */
static JsonArray *outlines(const char *path, JsonParser **parser) {
  char *json = run_tool("qpdf", "--json", "--json-key=outlines", path, NULL);
  GError *error = NULL;
  JsonObject *root;

  if (!json)
    return NULL;
  *parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(*parser, json, -1, &error));
  g_assert_no_error(error);
  g_free(json);
  root = json_node_get_object(json_parser_get_root(*parser));
  return json_object_get_array_member(root, "outlines");
}

/* Asserts that outline item has the title, the page (from 1) and n kids,
 * and returns its kids. */
static JsonArray *assert_item(JsonArray *items, guint i, const char *title,
                              gint64 page, guint kids) {
  JsonObject *item = json_array_get_object_element(items, i);
  JsonArray *children = json_object_get_array_member(item, "kids");

  g_assert_cmpstr(json_object_get_string_member(item, "title"), ==, title);
  g_assert_cmpint(json_object_get_int_member(item, "destpageposfrom1"), ==,
                  page);
  g_assert_cmpuint(json_array_get_length(children), ==, kids);
  return children;
}

/* The outline nests by level, points at the right pages and leaves out an
 * entry pointing outside the layout. */
static void test_outline(void) {
  fixture f;
  np_doc *doc;
  JsonParser *parser = NULL;
  JsonArray *top, *kids;
  char *data, *path;
  size_t len;

  fixture_init(&f);
  doc = test_doc("Harvest report", "2021-03-04");
  data = render(&f, &doc, 1, NULL, &len);
  path = write_temp(data, len);
  top = outlines(path, &parser);
  if (!top) {
    g_test_skip("qpdf is not installed");
    goto done;
  }
  g_assert_cmpuint(json_array_get_length(top), ==, 1);
  kids = assert_item(top, 0, "Harvest report", 1, 2);
  assert_item(assert_item(kids, 0, "The fields", 1, 1), 0, "North field", 2, 0);
  assert_item(kids, 1, "Prices \xc3\xa0 la ferme", 2, 0);

done:
  if (parser)
    g_object_unref(parser);
  g_unlink(path);
  g_free(path);
  free(data);
  np_doc_free(doc);
  fixture_clear(&f);
}

/* Renders the fixture for the test article; the caller frees it. */
static char *render_article(size_t *len) {
  fixture f;
  np_doc *doc;
  char *data;

  fixture_init(&f);
  doc = test_doc("Harvest report", "2021-03-04");
  data = render(&f, &doc, 1, NULL, len);
  np_doc_free(doc);
  fixture_clear(&f);
  return data;
}

/* Writes the rendering of the test article to $OUT_ENV. */
static void write_article(void) {
  size_t len;
  char *data = render_article(&len);

  g_assert_true(
      g_file_set_contents(g_getenv(OUT_ENV), data, (gssize)len, NULL));
  free(data);
}

/* Subprocess of test_reproducible: renders in a fresh process. */
static void child_render(void) {
  if (!g_test_subprocess()) {
    g_test_skip("run by /pdf/reproducible in a subprocess");
    return;
  }
  write_article();
}

/* Subprocess of test_source_date_epoch: renders with SOURCE_DATE_EPOCH set
 * (here, before any thread exists). */
static void child_source_date_epoch(void) {
  if (!g_test_subprocess()) {
    g_test_skip("run by /pdf/source-date-epoch in a subprocess");
    return;
  }
  g_setenv("SOURCE_DATE_EPOCH", TEST_EPOCH, TRUE);
  write_article();
}

/* Runs the subprocess test path and returns what it wrote to $OUT_ENV. */
static char *run_child(const char *path, gsize *len) {
  const char *out = g_getenv(OUT_ENV);
  char *data = NULL;

  g_assert_true(g_file_set_contents(out, "", 0, NULL));
  g_test_trap_subprocess(path, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  g_assert_true(g_file_get_contents(out, &data, len, NULL));
  g_unlink(out);
  return data;
}

/* The same input gives the same bytes, in one process and in another
 * (where addresses and hash orders differ). */
static void test_reproducible(void) {
  size_t len1, len2;
  char *first = render_article(&len1);
  char *second = render_article(&len2);
  gsize child_len = 0;
  char *child = run_child("/pdf/child/render", &child_len);

  g_assert_cmpmem(first, len1, second, len2);
  g_assert_cmpmem(first, len1, child, child_len);
  g_free(child);
  free(first);
  free(second);
}

/* SOURCE_DATE_EPOCH gives the creation date over the article's date. */
static void test_source_date_epoch(void) {
  gsize len = 0;
  char *data = run_child("/pdf/child/source-date-epoch", &len);
  char *path = write_temp(data, len);
  char *info = run_tool("pdfinfo", "-isodates", path, NULL);

  if (!info)
    g_test_skip("pdfinfo is not installed");
  else
    assert_info(info, "CreationDate", TEST_EPOCH_DATE);
  g_free(info);
  g_unlink(path);
  g_free(path);
  g_free(data);
}

/* A layout without pages is an error, not an empty file. */
static void test_no_pages(void) {
  np_layout empty = {0};
  np_error err = {0};
  char *data = (char *)"unchanged";
  size_t len = 1;

  g_assert_cmpint(np_pdf_render(&empty, NULL, 0, NULL, &data, &len, &err), ==,
                  NP_ERR_IO);
  g_assert_null(data);
  g_assert_cmpuint(len, ==, 0);
  g_assert_cmpint(err.status, ==, NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, "no pages"));
}

int main(int argc, char **argv) {
  char *out;

  /* The environment is set before any thread exists: the tests choose the
   * date source, and subprocesses inherit where to write. */
  g_unsetenv("SOURCE_DATE_EPOCH");
  if (!g_getenv(OUT_ENV)) {
    out = g_strdup_printf("%s/np-test-pdf-%d.pdf", g_get_tmp_dir(),
                          (int)getpid());
    g_setenv(OUT_ENV, out, TRUE);
    g_free(out);
  }
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pdf/structure", test_structure);
  g_test_add_func("/pdf/metadata/single", test_metadata_single);
  g_test_add_func("/pdf/metadata/digest", test_metadata_digest);
  g_test_add_func("/pdf/metadata/options", test_metadata_options);
  g_test_add_func("/pdf/catalog-lang", test_catalog_lang);
  g_test_add_func("/pdf/links", test_links);
  g_test_add_func("/pdf/outline", test_outline);
  g_test_add_func("/pdf/reproducible", test_reproducible);
  g_test_add_func("/pdf/source-date-epoch", test_source_date_epoch);
  g_test_add_func("/pdf/child/render", child_render);
  g_test_add_func("/pdf/child/source-date-epoch", child_source_date_epoch);
  g_test_add_func("/pdf/no-pages", test_no_pages);
  return g_test_run();
}
