/* test_mhtml.c: unit tests of the MHTML reader (sniffing, header blocks,
 * boundaries, quoted-printable and base64, the root part, lookups) and of
 * importing an archive: its images, its charset, nothing read beside it. */

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "import.h"
#include "mhtml.h"

/* The page URL of the archives below. */
#define PAGE_URL "https://news.example/world/2026/harbour.html"

/* A PNG of side x side pixels (a gradient, so not a placeholder) as a
 * GByteArray the caller frees. */
static cairo_status_t png_sink(void *closure, const unsigned char *data,
                               unsigned int len) {
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

static GByteArray *make_png(int side) {
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
  cairo_t *cr = cairo_create(s);
  cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, side, side);
  GByteArray *out = g_byte_array_new();

  cairo_pattern_add_color_stop_rgb(g, 0, 0.1, 0.3, 0.8);
  cairo_pattern_add_color_stop_rgb(g, 1, 0.9, 0.6, 0.1);
  cairo_set_source(cr, g);
  cairo_paint(cr);
  cairo_pattern_destroy(g);
  cairo_destroy(cr);
  g_assert_cmpint(cairo_surface_write_to_png_stream(s, png_sink, out), ==,
                  CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  return out;
}

/* Base64 of bytes in lines of 76 characters joined by nl, g_free. */
static char *b64_lines(const guint8 *data, size_t len, const char *nl) {
  char *flat = g_base64_encode(data, len);
  GString *out = g_string_new(NULL);
  size_t n = strlen(flat);

  for (size_t i = 0; i < n; i += 76) {
    g_string_append_len(out, flat + i, (gssize)MIN(76, n - i));
    g_string_append(out, nl);
  }
  g_free(flat);
  return g_string_free(out, FALSE);
}

/* Replaces every "\n" of s by nl (g_free). */
static char *with_newlines(const char *s, const char *nl) {
  char **lines = g_strsplit(s, "\n", -1);
  char *out = g_strjoinv(nl, lines);

  g_strfreev(lines);
  return out;
}

/* The article of the import tests, quoted-printable with soft line breaks
 * ("=" at a line's end) and escapes (=3D, UTF-8 =C3=A9). */
static const char article_qp[] =
    "<!DOCTYPE html><html lang=3D\"en\"><head><meta charset=3D\"utf-8\">\n"
    "<title>Harbour reopens after storm</title></head><body>\n"
    "<article><h1>Harbour reopens after storm</h1>\n"
    "<figure><img src=3D\"img/photo.png\" alt=3D\"The "
    "harbour\"><figcaption>Th=\n"
    "e harbour at dawn</figcaption></figure>\n"
    "<p>The harbour reopened on Tuesday morning, three days after the storm "
    "th=\n"
    "at tore boats from their moorings and flooded the fish market, officials "
    "=\n"
    "said in a statement to the caf=C3=A9 owners.</p>\n"
    "<p>Crews worked through the night to clear debris from the main channel, "
    "=\n"
    "and the first ferry left at seven o'clock with a full load of "
    "passengers.=\n"
    "</p>\n"
    "<p>Fishermen said the damage to the fleet would take weeks to repair, "
    "but=\n"
    " most were relieved that nobody had been hurt when the water rose.</p>\n"
    "<figure><img src=3D\"cid:map%40news.example\" alt=3D\"Map\"></figure>\n"
    "<figure><img src=3D\"https://cdn.example/gone.jpg\" "
    "alt=3D\"Gone\"></figure>\n"
    "</article></body></html>\n";

/* A Chromium-style archive of article_qp with its two pictures (one by
 * Content-Location, one by Content-ID) and a style sheet, lines ending in
 * nl; g_free. */
static char *chromium_archive(const char *nl, GByteArray *png,
                              GByteArray *map) {
  char *png64 = b64_lines(png->data, png->len, "\n");
  char *map64 = b64_lines(map->data, map->len, "\n");
  char *text = g_strdup_printf(
      "From: <Saved by Blink>\n"
      "Snapshot-Content-Location: " PAGE_URL "\n"
      "Subject: Harbour reopens after storm\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/related;\n"
      "\ttype=\"text/html\";\n"
      "\tboundary=\"----MultipartBoundary--abc123----\"\n"
      "\n"
      "\n"
      "------MultipartBoundary--abc123----\n"
      "Content-Type: text/html\n"
      "Content-ID: <frame-1@mhtml.blink>\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "Content-Location: " PAGE_URL "\n"
      "\n"
      "%s"
      "------MultipartBoundary--abc123----\n"
      "Content-Type: text/css\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "Content-Location: https://news.example/style.css\n"
      "\n"
      "p { color: #333; }\n"
      "------MultipartBoundary--abc123----\n"
      "Content-Type: image/png\n"
      "Content-Transfer-Encoding: base64\n"
      "Content-Location: https://news.example/world/2026/img/photo.png\n"
      "\n"
      "%s"
      "------MultipartBoundary--abc123----\n"
      "Content-Type: image/png\n"
      "Content-ID: <map@news.example>\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "%s"
      "------MultipartBoundary--abc123------\n",
      article_qp, png64, map64);
  char *out = with_newlines(text, nl);

  g_free(text);
  g_free(png64);
  g_free(map64);
  return out;
}

static void test_sniff(void) {
  static const char *const yes[] = {
      "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: "
      "multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"b\"\r\n\r\n",
      "Content-Type: Multipart/Related; boundary=x\n\nThis is a multi-part\n",
      "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<p>x</p>",
  };
  static const char *const no[] = {
      "<!DOCTYPE html><html><body><p>Content-Type: multipart/related</p>",
      "  <html>\n<head></head></html>",
      "\xef\xbb\xbf<html></html>",
      "Content-Type: text/html\n\n<p>no MIME-Version, so an ordinary file</p>",
      "Title: notes\n\nContent-Type: multipart/related; boundary=b\n",
      "Content-Type: multipart/mixed; boundary=b\n\n--b\n",
      " folded: first\nContent-Type: multipart/related\n\n",
      "",
  };

  for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
    g_assert_true(np_mhtml_sniff(yes[i], strlen(yes[i])));
  for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
    g_assert_false(np_mhtml_sniff(no[i], strlen(no[i])));
}

/* Parses text (as an archive named "t.mhtml") and asserts success. */
static np_mhtml *parse_ok(const char *text) {
  np_mhtml *m = NULL;
  np_error err;

  g_assert_cmpint(np_mhtml_parse("t.mhtml", text, strlen(text), &m, &err), ==,
                  NP_OK);
  g_assert_nonnull(m);
  return m;
}

static void check_chromium(const char *nl) {
  GByteArray *png = make_png(24), *map = make_png(31);
  char *text = chromium_archive(nl, png, map);
  np_mhtml *m = parse_ok(text);
  const np_mhtml_part *root = np_mhtml_root(m), *p;
  size_t n_warnings;

  g_assert_cmpuint(np_mhtml_count(m), ==, 4);
  g_assert_cmpstr(root->mime, ==, "text/html");
  g_assert_null(root->charset);
  g_assert_cmpstr(root->location, ==, PAGE_URL);
  g_assert_cmpstr(root->content_id, ==, "frame-1@mhtml.blink");
  g_assert_cmpstr(np_mhtml_page_url(m), ==, PAGE_URL);
  /* quoted-printable undone: soft breaks joined, escapes decoded */
  g_assert_nonnull(strstr((char *)root->data, "<img src=\"img/photo.png\""));
  g_assert_nonnull(strstr((char *)root->data, "<figcaption>The harbour at"));
  g_assert_nonnull(strstr((char *)root->data, "the storm that tore"));
  g_assert_nonnull(strstr((char *)root->data, "caf\xc3\xa9 owners"));
  g_assert_null(strstr((char *)root->data, "=3D"));
  g_assert_cmpuint(strlen((char *)root->data), ==, root->len);
  /* the line break before each boundary belongs to the boundary */
  g_assert_true(g_str_has_suffix((char *)root->data, "</body></html>"));

  p = np_mhtml_find(m, "https://news.example/world/2026/img/photo.png");
  g_assert_nonnull(p);
  g_assert_cmpstr(p->mime, ==, "image/png");
  g_assert_cmpuint(p->len, ==, png->len);
  g_assert_cmpmem(p->data, p->len, png->data, png->len);
  /* relative, site-relative and with a fragment: against the page URL */
  g_assert_true(np_mhtml_find(m, "img/photo.png") == p);
  g_assert_true(np_mhtml_find(m, "/world/2026/img/photo.png") == p);
  g_assert_true(np_mhtml_find(m, "img/photo.png#top") == p);
  g_assert_null(np_mhtml_find(m, "img/other.png"));
  g_assert_null(np_mhtml_find(m, ""));
  /* Content-ID, percent-encoded in the cid: URL */
  p = np_mhtml_find(m, "cid:map%40news.example");
  g_assert_nonnull(p);
  g_assert_cmpmem(p->data, p->len, map->data, map->len);
  g_assert_true(np_mhtml_find(m, "CID:map@news.example") == p);
  g_assert_null(np_mhtml_find(m, "cid:nothing@news.example"));
  p = np_mhtml_find(m, "../../style.css");
  g_assert_nonnull(p);
  g_assert_cmpstr((char *)p->data, ==, "p { color: #333; }");

  np_mhtml_warnings(m, &n_warnings);
  g_assert_cmpuint(n_warnings, ==, 0);
  np_mhtml_free(m);
  g_free(text);
  g_byte_array_unref(png);
  g_byte_array_unref(map);
}

static void test_chromium_crlf(void) { check_chromium("\r\n"); }

static void test_chromium_lf(void) { check_chromium("\n"); }

static void test_root_choice(void) {
  /* the start parameter names the second HTML part */
  np_mhtml *m = parse_ok(
      "Content-Type: multipart/related; boundary=B; type=\"text/html\";\n"
      " start=\"<main@x>\"\n\n"
      "--B\nContent-Type: text/html\nContent-ID: <frame@x>\n\n<p>frame</p>\n"
      "--B\nContent-Type: text/html\nContent-ID: <main@x>\n\n<p>main</p>\n"
      "--B--\n");

  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==, "<p>main</p>");
  np_mhtml_free(m);

  /* no start: the first HTML part, after an image */
  m = parse_ok("Content-Type: multipart/related; boundary=B\n\n"
               "--B\nContent-Type: image/gif\n\nGIF89a\n"
               "--B\nContent-Type: text/html; charset=\"koi8-r\"\n\n<p>x</p>\n"
               "--B\nContent-Type: text/html\n\n<p>second</p>\n"
               "--B--\n");
  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==, "<p>x</p>");
  g_assert_cmpstr(np_mhtml_root(m)->charset, ==, "koi8-r");
  g_assert_null(np_mhtml_page_url(m));
  np_mhtml_free(m);

  /* a message that is one HTML part */
  m = parse_ok("MIME-Version: 1.0\nContent-Type: text/html\n"
               "Content-Location: https://a.example/p\n"
               "Content-Transfer-Encoding: base64\n\nPHA+b25lPC9wPg==\n");
  g_assert_cmpuint(np_mhtml_count(m), ==, 1);
  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==, "<p>one</p>");
  g_assert_cmpstr(np_mhtml_page_url(m), ==, "https://a.example/p");
  np_mhtml_free(m);
}

static void test_file_locations(void) {
  /* a page Chromium saved from a file: URL: its relative references name
   * parts by their file: locations; no file is a page URL */
  np_mhtml *m =
      parse_ok("Snapshot-Content-Location: file:///home/u/page.html\n"
               "Content-Type: multipart/related; boundary=B\n\n"
               "--B\nContent-Type: text/html\n"
               "Content-Location: file:///home/u/page.html\n\n<p>x</p>\n"
               "--B\nContent-Type: image/png\n"
               "Content-Location: file:///home/u/page_files/a%20b.png\n\nPNG\n"
               "--B--\n");

  g_assert_null(np_mhtml_page_url(m));
  g_assert_nonnull(np_mhtml_find(m, "page_files/a%20b.png"));
  g_assert_nonnull(np_mhtml_find(m, "./page_files/a%20b.png#x"));
  g_assert_null(np_mhtml_find(m, "page_files/other.png"));
  np_mhtml_free(m);
}

static void test_nested(void) {
  np_mhtml *m = parse_ok(
      "Content-Type: multipart/related; boundary=\"outer\"\n\n"
      "preamble text\n"
      "--outer\n"
      "Content-Type: multipart/alternative; boundary=inner\n\n"
      "--inner\nContent-Type: text/plain\n\nplain words\n"
      "--inner\nContent-Type: text/html\n\n<p>rich words</p>\n"
      "--inner--\n"
      "--outer\nContent-Type: image/png\nContent-Location: a.png\n\nPNGDATA\n"
      "--outer--\nepilogue\n");

  g_assert_cmpuint(np_mhtml_count(m), ==, 3);
  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==, "<p>rich words</p>");
  g_assert_cmpstr((char *)np_mhtml_part_at(m, 0)->data, ==, "plain words");
  /* a relative Content-Location, found as written */
  g_assert_nonnull(np_mhtml_find(m, "a.png"));
  np_mhtml_free(m);
}

static void test_boundaries(void) {
  /* a line that starts with the boundary but goes on is body text; the
   * closing delimiter may carry trailing white space; a part without
   * headers starts with the empty line */
  np_mhtml *m = parse_ok("Content-Type: multipart/related; boundary=zz\n\n"
                         "--zz\nContent-Type: text/html\n\n"
                         "<p>a</p>\n--zzz is not a boundary\n<p>b</p>\n"
                         "--zz\n\nno headers\n"
                         "--zz--   \n"
                         "--zz\nContent-Type: text/html\n\nafter the end\n");
  size_t n_warnings;

  g_assert_cmpuint(np_mhtml_count(m), ==, 2);
  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==,
                  "<p>a</p>\n--zzz is not a boundary\n<p>b</p>");
  g_assert_cmpstr(np_mhtml_part_at(m, 1)->mime, ==, "text/plain");
  g_assert_cmpstr((char *)np_mhtml_part_at(m, 1)->data, ==, "no headers");
  np_mhtml_warnings(m, &n_warnings);
  g_assert_cmpuint(n_warnings, ==, 0);
  np_mhtml_free(m);
}

static void test_truncated(void) {
  const char *const *warnings;
  size_t n_warnings;
  np_mhtml *m = parse_ok("Content-Type: multipart/related; boundary=B\n\n"
                         "--B\nContent-Type: text/html\n\n<p>kept</p>\n"
                         "--B\nContent-Type: image/png\n"
                         "Content-Transfer-Encoding: base64\n\niVBORw0KGgo");

  g_assert_cmpuint(np_mhtml_count(m), ==, 2);
  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==, "<p>kept</p>");
  g_assert_cmpuint(np_mhtml_part_at(m, 1)->len, ==, 8);
  warnings = np_mhtml_warnings(m, &n_warnings);
  g_assert_cmpuint(n_warnings, ==, 1);
  g_assert_nonnull(strstr(warnings[0], "closing boundary"));
  np_mhtml_free(m);
}

static void test_quoted_printable(void) {
  np_mhtml *m = parse_ok("Content-Type: multipart/related; boundary=B\n\n"
                         "--B\nContent-Type: text/html\n"
                         "Content-Transfer-Encoding: Quoted-Printable\n\n"
                         "a=3db=3D=ZZ=4\nsoft=  \r\nbreak=\tx =E2=80=94 end=");

  g_assert_cmpstr((char *)np_mhtml_root(m)->data, ==,
                  "a=b==ZZ=4\nsoftbreak=\tx \xe2\x80\x94 end");
  np_mhtml_free(m);
}

static void test_errors(void) {
  static const struct {
    const char *text, *message;
  } cases[] = {
      {"<html><body>not mime</body></html>", "no MIME header block"},
      {"Content-Type: multipart/related\n\n--x\n", "boundary"},
      {"Content-Type: multipart/related; boundary=\"\"\n\n--\n", "boundary"},
      {"Content-Type: multipart/related; boundary=B\n\n"
       "--B\nContent-Type: image/png\n\nx\n--B--\n",
       "no HTML part"},
      {"Content-Type: multipart/related; boundary=B\n\nno delimiter at all\n",
       "no HTML part"},
  };
  np_mhtml *m;
  np_error err;

  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    m = (np_mhtml *)1;
    g_assert_cmpint(np_mhtml_parse("bad.mhtml", cases[i].text,
                                   strlen(cases[i].text), &m, &err),
                    ==, NP_ERR_IO);
    g_assert_null(m);
    g_assert_true(g_str_has_prefix(err.message, "bad.mhtml: "));
    g_assert_nonnull(strstr(err.message, cases[i].message));
  }
}

/* Nonzero when one of the warnings of m holds part. */
static int mhtml_warns(const np_mhtml *m, const char *part) {
  size_t n;
  const char *const *w = np_mhtml_warnings(m, &n);

  for (size_t i = 0; i < n; i++) {
    if (strstr(w[i], part))
      return 1;
  }
  return 0;
}

static void test_limits(void) {
  GString *t = g_string_new("Content-Type: multipart/related; boundary=B\n\n"
                            "--B\nContent-Type: text/html\n\n<p>root</p>\n");
  np_mhtml *m;
  size_t n_warnings;
  int depth;

  /* NP_MHTML_MAX_PARTS: the later parts are left out */
  for (int i = 1; i < NP_MHTML_MAX_PARTS + 5; i++)
    g_string_append_printf(t, "--B\nContent-Location: p%d.png\n\nx\n", i);
  g_string_append(t, "--B--\n");
  m = parse_ok(t->str);
  g_assert_cmpuint(np_mhtml_count(m), ==, NP_MHTML_MAX_PARTS);
  g_assert_nonnull(np_mhtml_find(m, "p9999.png"));
  g_assert_null(np_mhtml_find(m, "p10000.png"));
  g_assert_true(mhtml_warns(m, "5 parts past the first 10000"));
  np_mhtml_free(m);

  /* NP_MHTML_MAX_DEPTH: deeper multiparts are left out */
  g_string_assign(t, "Content-Type: multipart/related; boundary=b0\n\n"
                     "--b0\nContent-Type: text/html\n\n<p>root</p>\n");
  for (depth = 1; depth <= NP_MHTML_MAX_DEPTH + 1; depth++)
    g_string_append_printf(t,
                           "--b%d\nContent-Type: multipart/mixed; "
                           "boundary=b%d\n\n",
                           depth - 1, depth);
  g_string_append_printf(t, "--b%d\nContent-Location: deep.png\n\nx\n",
                         depth - 1);
  m = parse_ok(t->str);
  g_assert_null(np_mhtml_find(m, "deep.png"));
  g_assert_true(mhtml_warns(m, "nested more than 4 deep"));
  np_mhtml_free(m);

  /* NP_MHTML_HEADER_MAX: a part with longer headers is left out */
  g_string_assign(t, "Content-Type: multipart/related; boundary=B\n\n"
                     "--B\nContent-Type: text/html\n\n<p>root</p>\n"
                     "--B\nContent-Location: big.png\nX-Long: a\n");
  while (t->len < NP_MHTML_HEADER_MAX + 1024)
    g_string_append(t, " continued header line of no importance\n");
  g_string_append(t, "\nx\n--B\nContent-Location: small.png\n\ny\n--B--\n");
  m = parse_ok(t->str);
  g_assert_null(np_mhtml_find(m, "big.png"));
  g_assert_nonnull(np_mhtml_find(m, "small.png"));
  g_assert_true(mhtml_warns(m, "headers are longer than 65536 bytes"));
  np_mhtml_free(m);
  /* ... and a message whose own headers are that long is no archive */
  g_string_assign(t,
                  "Content-Type: multipart/related; boundary=B\nX-Long: a\n");
  while (t->len < NP_MHTML_HEADER_MAX + 1024)
    g_string_append(t, " continued header line of no importance\n");
  g_string_append(t, "\n--B\nContent-Type: text/html\n\n<p>x</p>\n--B--\n");
  g_assert_false(np_mhtml_sniff(t->str, t->len));

  /* NP_MHTML_MAX_WARNINGS: the rest are counted */
  g_string_assign(t, "Content-Type: multipart/related; boundary=B\n\n"
                     "--B\nContent-Type: text/html\n\n<p>root</p>\n");
  for (int i = 0; i < NP_MHTML_MAX_WARNINGS + 4; i++)
    g_string_append(t, "--B\nContent-Transfer-Encoding: x-odd\n\nx\n");
  g_string_append(t, "--B--\n");
  m = parse_ok(t->str);
  np_mhtml_warnings(m, &n_warnings);
  g_assert_cmpuint(n_warnings, ==, NP_MHTML_MAX_WARNINGS + 1);
  g_assert_true(mhtml_warns(m, "4 more warnings about the archive"));
  g_assert_true(mhtml_warns(m, "unknown Content-Transfer-Encoding \"x-odd\""));
  np_mhtml_free(m);
  g_string_free(t, TRUE);
}

/* Index of the resource of doc with the url, or -1. */
static int resource_by_url(const np_doc *doc, const char *url) {
  for (size_t i = 0; i < doc->n_resources; i++) {
    if (strcmp(doc->resources[i].url, url) == 0)
      return (int)i;
  }
  return -1;
}

static int has_warning(const np_doc *doc, const char *part) {
  for (size_t i = 0; i < doc->n_warnings; i++) {
    if (strstr(doc->warnings[i], part))
      return 1;
  }
  return 0;
}

static void test_import(void) {
  GByteArray *png = make_png(24), *map = make_png(31);
  char *text = chromium_archive("\r\n", png, map);
  np_doc *doc = NULL;
  np_error err;
  int photo, cid, gone;

  g_assert_cmpint(
      np_import_memory("t.mhtml", text, strlen(text), NULL, &doc, &err), ==,
      NP_OK);
  g_assert_cmpstr(doc->meta.title, ==, "Harbour reopens after storm");
  g_assert_cmpstr(doc->meta.url, ==, PAGE_URL);
  photo = resource_by_url(doc, "https://news.example/world/2026/img/photo.png");
  g_assert_cmpint(photo, >=, 0);
  g_assert_cmpint(doc->resources[photo].kind, ==, NP_RES_DATA);
  g_assert_cmpmem(doc->resources[photo].data, doc->resources[photo].len,
                  png->data, png->len);
  g_assert_cmpstr(doc->resources[photo].mime, ==, "image/png");
  g_assert_cmpint(doc->meta.lead_image, ==, photo);
  cid = resource_by_url(doc, "cid:map%40news.example");
  g_assert_cmpint(cid, >=, 0);
  g_assert_cmpint(doc->resources[cid].kind, ==, NP_RES_DATA);
  g_assert_cmpmem(doc->resources[cid].data, doc->resources[cid].len, map->data,
                  map->len);
  gone = resource_by_url(doc, "https://cdn.example/gone.jpg");
  g_assert_cmpint(gone, >=, 0);
  g_assert_cmpint(doc->resources[gone].kind, ==, NP_RES_REMOTE);
  g_assert_true(has_warning(doc, "gone.jpg"));
  np_doc_free(doc);
  g_free(text);
  g_byte_array_unref(png);
  g_byte_array_unref(map);
}

/* windows-1251 bytes of "Привет, мир" (hello, world). */
#define HELLO_1251 "\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0"

static void test_import_charset(void) {
  /* the part's charset beats the page's own (wrong) <meta> */
  static const char text[] =
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/related; boundary=\"B\"\r\n\r\n"
      "--B\r\nContent-Type: text/html; charset=\"windows-1251\"\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n"
      "<html><head><meta charset=\"iso-8859-1\"><title>" HELLO_1251
      "</title></head><body><article><h1>" HELLO_1251 "</h1>"
      "<p>" HELLO_1251 " " HELLO_1251 " " HELLO_1251 " " HELLO_1251
      " " HELLO_1251 " " HELLO_1251 " " HELLO_1251 " " HELLO_1251 ".</p>"
      "<p>" HELLO_1251 " " HELLO_1251 " " HELLO_1251 " " HELLO_1251
      " " HELLO_1251 " " HELLO_1251 " " HELLO_1251 " " HELLO_1251 ".</p>"
      "</article></body></html>\r\n--B--\r\n";
  np_doc *doc = NULL;
  np_error err;

  g_assert_cmpint(
      np_import_memory("ru.mht", text, sizeof text - 1, NULL, &doc, &err), ==,
      NP_OK);
  g_assert_cmpstr(doc->meta.title, ==,
                  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, "
                  "\xd0\xbc\xd0\xb8\xd1\x80");
  np_doc_free(doc);
}

static void test_import_confined(void) {
  /* a file beside the archive, named by a relative reference the archive
   * does not hold, is not read: the image is missing */
  GByteArray *png = make_png(24);
  GError *gerror = NULL;
  char *dir = g_dir_make_tmp("np-mhtml-XXXXXX", &gerror);
  char *beside = g_build_filename(dir, "photo.png", NULL);
  char *path = g_build_filename(dir, "page.mhtml", NULL);
  static const char text[] =
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/related; boundary=B\n\n"
      "--B\nContent-Type: text/html\n\n"
      "<html><head><title>Beside</title></head><body><article><h1>Beside</h1>"
      "<figure><img src=\"photo.png\"></figure>"
      "<p>The harbour reopened on Tuesday morning, three days after the "
      "storm that tore boats from their moorings and flooded the market.</p>"
      "<p>Crews worked through the night to clear debris from the main "
      "channel, and the first ferry left at seven with a full load.</p>"
      "</article></body></html>\n--B--\n";
  np_doc *doc = NULL;
  np_error err;
  int index;

  g_assert_no_error(gerror);
  g_assert_true(
      g_file_set_contents(beside, (char *)png->data, (gssize)png->len, NULL));
  g_assert_true(g_file_set_contents(path, text, sizeof text - 1, NULL));
  g_assert_cmpint(np_import_file(path, NULL, &doc, &err), ==, NP_OK);
  index = resource_by_url(doc, "photo.png");
  g_assert_cmpint(index, >=, 0);
  g_assert_cmpint(doc->resources[index].kind, ==, NP_RES_MISSING);
  g_assert_true(has_warning(doc, "not saved in the MHTML archive"));
  np_doc_free(doc);
  g_unlink(beside);
  g_unlink(path);
  g_rmdir(dir);
  g_free(beside);
  g_free(path);
  g_free(dir);
  g_byte_array_unref(png);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/mhtml/sniff", test_sniff);
  g_test_add_func("/mhtml/chromium-crlf", test_chromium_crlf);
  g_test_add_func("/mhtml/chromium-lf", test_chromium_lf);
  g_test_add_func("/mhtml/root-choice", test_root_choice);
  g_test_add_func("/mhtml/nested", test_nested);
  g_test_add_func("/mhtml/file-locations", test_file_locations);
  g_test_add_func("/mhtml/boundaries", test_boundaries);
  g_test_add_func("/mhtml/truncated", test_truncated);
  g_test_add_func("/mhtml/quoted-printable", test_quoted_printable);
  g_test_add_func("/mhtml/errors", test_errors);
  g_test_add_func("/mhtml/limits", test_limits);
  g_test_add_func("/mhtml/import", test_import);
  g_test_add_func("/mhtml/import-charset", test_import_charset);
  g_test_add_func("/mhtml/import-confined", test_import_confined);
  return g_test_run();
}
