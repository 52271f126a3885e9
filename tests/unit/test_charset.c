/* test_charset.c: unit tests of encoding detection and conversion to UTF-8,
 * with real legacy-encoded bytes made by g_convert from UTF-8 text. */
#include <glib.h>
#include <string.h>

#include "charset.h"

/* Converts a page and checks the text, the encoding and how it was found. */
static void check_page(const char *bytes, size_t len, const char *expected,
                       size_t expected_len, const char *name,
                       np_charset_source source) {
  np_charset_info info;
  np_error err;
  char *out;
  size_t out_len;

  g_assert_cmpint(
      np_charset_to_utf8("page.html", bytes, len, &out, &out_len, &info, &err),
      ==, NP_OK);
  g_assert_cmpmem(out, out_len, expected, expected_len);
  g_assert_cmpint(out[out_len], ==, '\0');
  g_assert_true(g_utf8_validate(out, (gssize)out_len, NULL));
  g_assert_cmpstr(info.name, ==, name);
  g_assert_cmpint(info.source, ==, source);
  free(out);
}

static void test_prescan(void) {
  static const struct {
    const char *html;
    const char *found; /* NULL: nothing */
  } cases[] = {
      {"<html><head><meta charset=\"Windows-1255\">", "windows-1255"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=ISO-8859-5\">",
       "iso-8859-5"},
      {"<meta content='text/html; charset=\"gbk\"' "
       "http-equiv='content-type'>",
       "gbk"},
      {"<!-- <meta charset=\"koi8-r\"> --><meta charset=utf-8>", "utf-8"},
      {"<div title=\"<meta charset=koi8-r>\"><meta charset=euc-kr>", "euc-kr"},
      {"<meta content=\"text/html; charset=gbk\">", NULL},
      {"<meta name=viewport content=\"width=device-width\">", NULL},
      {"<metal charset=big5>", NULL},
      {"<p>no declaration at all</p>", NULL},
      {"<meta charset=\"", NULL},
  };
  char out[NP_CHARSET_NAME_MAX];
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    int found = np_charset_prescan(cases[i].html, strlen(cases[i].html), out,
                                   sizeof out);

    if (cases[i].found) {
      g_assert_true(found);
      g_assert_cmpstr(out, ==, cases[i].found);
    } else {
      g_assert_false(found);
    }
  }
}

/* A declaration deep in a long <head> is still found. */
static void test_prescan_far(void) {
  GString *html = g_string_new("<head>");
  char out[NP_CHARSET_NAME_MAX];

  while (html->len < 3000)
    g_string_append(html, "<link rel=\"preload\" href=\"/static/x.js\">\n");
  g_string_append(html, "<meta charset=\"windows-1251\">");
  g_assert_true(np_charset_prescan(html->str, html->len, out, sizeof out));
  g_assert_cmpstr(out, ==, "windows-1251");
  g_string_free(html, TRUE);
}

/* Pages in legacy encodings, made from UTF-8 text with g_convert, read back
 * to the same UTF-8. */
static void test_legacy_round_trip(void) {
  static const struct {
    const char *label;   /* what the page declares */
    const char *encoder; /* what g_convert writes it with */
    const char *text;
    const char *name; /* the encoding reported */
  } cases[] = {
      {"windows-1255", "WINDOWS-1255",
       "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D, "
       "\xD7\x96\xD7\x94\xD7\x95 \xD7\x9E\xD7\x91\xD7\x97\xD7\x9F",
       "windows-1255"},
      {"windows-1256", "WINDOWS-1256",
       "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
       "\xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85",
       "windows-1256"},
      {"windows-1251", "WINDOWS-1251",
       "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
       "\xD0\xBC\xD0\xB8\xD1\x80! \xD0\x81\xD0\xB6\xD0\xB8\xD0\xBA",
       "windows-1251"},
      {"x-sjis", "SHIFT_JIS",
       "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82"
       "\xAD\xE3\x82\xB9\xE3\x83\x88\xE3\x80\x81\xE6\x9D\xB1\xE4\xBA\xAC",
       "Shift_JIS"},
      {"euc-kr", "EUC-KR",
       "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 "
       "\xED\x85\x8D\xEC\x8A\xA4\xED\x8A\xB8",
       "EUC-KR"},
      {"gb2312", "GBK",
       "\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\xB0\xE9\x97\xBB\xE6\x8A\xA5\xE9\x81"
       "\x93",
       "GBK"},
      {"ISO-8859-1", "ISO-8859-1",
       "Caf\xC3\xA9 d\xC3\xA9j\xC3\xA0 vu, "
       "na\xC3\xAFve, \xC2\xA3"
       "5",
       "windows-1252"},
      {"latin1", "WINDOWS-1252",
       "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 \xE2\x82\xAC"
       "5",
       "windows-1252"},
      {"iso-8859-8-i", "ISO-8859-8", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
       "ISO-8859-8-I"},
      {"koi8-r", "KOI8-R",
       "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82"
       "\xD0\xB8",
       "KOI8-R"},
      {"iso-8859-7", "ISO-8859-7",
       "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1", "ISO-8859-7"},
  };
  size_t i, len;
  GError *error = NULL;
  char *html, *bytes;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    html = g_strdup_printf("<html><head><meta charset=\"%s\"><title>t</title>"
                           "</head><body><p>%s</p></body></html>",
                           cases[i].label, cases[i].text);
    bytes = g_convert(html, -1, cases[i].encoder, "UTF-8", NULL, &len, &error);
    g_assert_no_error(error);
    /* the fixture really is in a legacy encoding */
    g_assert_false(g_utf8_validate(bytes, (gssize)len, NULL));
    check_page(bytes, len, html, strlen(html), cases[i].name,
               NP_CHARSET_FROM_META);
    g_free(bytes);
    g_free(html);
  }
}

static void test_http_equiv(void) {
  const char *text = "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0";
  char *html =
      g_strdup_printf("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                      "charset=windows-1251\"><p>%s</p>",
                      text);
  size_t len;
  char *bytes = g_convert(html, -1, "WINDOWS-1251", "UTF-8", NULL, &len, NULL);

  g_assert_nonnull(bytes);
  check_page(bytes, len, html, strlen(html), "windows-1251",
             NP_CHARSET_FROM_META);
  g_free(bytes);
  g_free(html);
}

/* A page that declares a legacy encoding but is UTF-8 is read as UTF-8. */
static void test_wrong_declaration(void) {
  const char *html = "<meta charset=\"gb2312\"><p>\xE4\xB8\xAD\xE6\x96\x87 "
                     "caf\xC3\xA9</p>";
  np_charset_info info;
  char *out;
  size_t len;

  check_page(html, strlen(html), html, strlen(html), "UTF-8",
             NP_CHARSET_FROM_BYTES);
  g_assert_cmpint(
      np_charset_to_utf8("p", html, strlen(html), &out, &len, &info, NULL), ==,
      NP_OK);
  g_assert_cmpstr(info.declared, ==, "gb2312");
  free(out);
}

/* The container's charset (an MHTML part's) takes the place of <meta>; a
 * BOM and valid UTF-8 still come first, and an unknown one is passed over. */
static void test_transport(void) {
  const char *html = "<meta charset=\"iso-8859-1\"><p>\xcf\xf0\xe8</p>";
  const char *utf8 = "<p>caf\xc3\xa9</p>";
  char *with_bom = g_strconcat("\xEF\xBB\xBF", html, NULL);
  np_charset_info info;
  char *out;
  size_t len;

  g_assert_cmpint(np_charset_to_utf8_as("p", html, strlen(html),
                                        " Windows-1251 ", &out, &len, &info,
                                        NULL),
                  ==, NP_OK);
  g_assert_cmpstr(out, ==,
                  "<meta charset=\"iso-8859-1\"><p>\xd0\x9f\xd1\x80\xd0\xb8"
                  "</p>");
  g_assert_cmpint(info.source, ==, NP_CHARSET_FROM_TRANSPORT);
  g_assert_cmpstr(info.name, ==, "windows-1251");
  g_assert_cmpstr(info.declared, ==, "windows-1251");
  free(out);
  g_assert_cmpint(np_charset_to_utf8_as("p", html, strlen(html), "no-such",
                                        &out, &len, &info, NULL),
                  ==, NP_OK);
  g_assert_cmpint(info.source, ==, NP_CHARSET_FROM_META);
  g_assert_cmpstr(out, ==,
                  "<meta charset=\"iso-8859-1\"><p>\xc3\x8f\xc3\xb0\xc3\xa8"
                  "</p>");
  free(out);
  g_assert_cmpint(np_charset_to_utf8_as("p", utf8, strlen(utf8), "koi8-r", &out,
                                        &len, &info, NULL),
                  ==, NP_OK);
  g_assert_cmpstr(out, ==, utf8);
  g_assert_cmpint(info.source, ==, NP_CHARSET_FROM_BYTES);
  free(out);
  g_assert_cmpint(np_charset_to_utf8_as("p", with_bom, strlen(with_bom),
                                        "koi8-r", &out, &len, &info, NULL),
                  ==, NP_OK);
  g_assert_cmpint(info.source, ==, NP_CHARSET_FROM_BOM);
  free(out);
  g_free(with_bom);
}

static void test_bom(void) {
  const char *html = "<meta charset=windows-1251><p>\xD0\x94\xD0\xB0</p>";
  char *with_bom = g_strconcat("\xEF\xBB\xBF", html, NULL);
  char *utf16, *bytes;
  size_t len;

  /* the BOM beats the declaration and is not kept */
  check_page(with_bom, strlen(with_bom), html, strlen(html), "UTF-8",
             NP_CHARSET_FROM_BOM);

  utf16 = g_convert(html, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  bytes = g_malloc(len + 2);
  memcpy(bytes, "\xFF\xFE", 2);
  memcpy(bytes + 2, utf16, len);
  check_page(bytes, len + 2, html, strlen(html), "UTF-16LE",
             NP_CHARSET_FROM_BOM);
  g_free(bytes);
  g_free(utf16);

  utf16 = g_convert(html, -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);
  bytes = g_malloc(len + 3);
  memcpy(bytes, "\xFE\xFF", 2);
  memcpy(bytes + 2, utf16, len);
  /* an odd trailing byte is one bad code unit */
  bytes[len + 2] = 'x';
  g_free(with_bom);
  with_bom = g_strconcat(html, "\xEF\xBF\xBD", NULL);
  check_page(bytes, len + 3, with_bom, strlen(with_bom), "UTF-16BE",
             NP_CHARSET_FROM_BOM);
  g_free(bytes);
  g_free(utf16);
  g_free(with_bom);
}

static void test_utf16_bad_unit(void) {
  /* "a", a lone high surrogate, "b" in UTF-16LE */
  static const char bytes[] = "\xFF\xFE"
                              "a\0"
                              "\x00\xD8"
                              "b\0";

  check_page(bytes, sizeof bytes - 1,
             "a\xEF\xBF\xBD"
             "b",
             5, "UTF-16LE", NP_CHARSET_FROM_BOM);
}

static void test_nul_bytes(void) {
  static const char utf8[] = "<p>a\0b\xC3\xA9</p>";
  static const char latin[] = "<p>caf\xE9\0</p>";

  check_page(utf8, sizeof utf8 - 1,
             "<p>a\xEF\xBF\xBD"
             "b\xC3\xA9</p>",
             14, "UTF-8", NP_CHARSET_FROM_BYTES);
  check_page(latin, sizeof latin - 1, "<p>caf\xC3\xA9\xEF\xBF\xBD</p>", 15,
             "windows-1252", NP_CHARSET_FROM_FALLBACK);
}

static void test_fallback(void) {
  const char *bytes = "<p>caf\xE9 na\xEFve \x80 \x93q\x94</p>";
  const char *expected = "<p>caf\xC3\xA9 na\xC3\xAFve \xE2\x82\xAC "
                         "\xE2\x80\x9Cq\xE2\x80\x9D</p>";
  const char *unknown = "<meta charset=x-no-such-thing><p>\xE9</p>";
  const char *unknown_out = "<meta charset=x-no-such-thing><p>\xC3\xA9</p>";

  check_page(bytes, strlen(bytes), expected, strlen(expected), "windows-1252",
             NP_CHARSET_FROM_FALLBACK);
  check_page(unknown, strlen(unknown), unknown_out, strlen(unknown_out),
             "windows-1252", NP_CHARSET_FROM_FALLBACK);
  check_page("", 0, "", 0, "UTF-8", NP_CHARSET_FROM_BYTES);
}

/* Invalid bytes become U+FFFD and lose nothing after them. */
/* UTF-8 declared for bytes that hold no UTF-8 sequence at all (a legacy
 * page with a wrong <meta>): read as windows-1252, nothing lost. */
static void test_declared_utf8_but_legacy(void) {
  const char *page = "<meta charset=utf-8><p>caf\xE9 cr\xE8me\xA0"
                     "\x93quoted\x94 \x80"
                     "5</p>";
  const char *expected = "<meta charset=utf-8><p>caf\xC3\xA9 cr\xC3\xA8me"
                         "\xC2\xA0\xE2\x80\x9Cquoted\xE2\x80\x9D "
                         "\xE2\x82\xAC"
                         "5</p>";
  const char *ascii = "<meta charset=utf-8><p>plain</p>";

  check_page(page, strlen(page), expected, strlen(expected), "windows-1252",
             NP_CHARSET_FROM_FALLBACK);
  /* pure ASCII stays UTF-8 as declared */
  check_page(ascii, strlen(ascii), ascii, strlen(ascii), "UTF-8",
             NP_CHARSET_FROM_META);
}

static void test_invalid_sequences(void) {
  const char *declared_utf8 = "<meta charset=utf-8><p>\xC3\xA9"
                              "a\xFF"
                              "b\xE2\x82</p>";
  const char *expected = "<meta charset=utf-8><p>\xC3\xA9"
                         "a\xEF\xBF\xBD"
                         "b\xEF\xBF\xBD\xEF\xBF\xBD</p>";
  const char *jp = "\xE6\x9D\xB1\xE4\xBA\xAC";
  char *html, *bytes, *spoiled, *want;
  size_t len;

  check_page(declared_utf8, strlen(declared_utf8), expected, strlen(expected),
             "UTF-8", NP_CHARSET_FROM_META);

  html = g_strdup_printf("<meta charset=shift_jis><p>%s|%s</p>", jp, jp);
  bytes = g_convert(html, -1, "SHIFT_JIS", "UTF-8", NULL, &len, NULL);
  g_assert_nonnull(bytes);
  spoiled = g_strdup(bytes);
  *strchr(spoiled, '|') = '\xFF';
  want = g_strdup_printf("<meta charset=shift_jis><p>%s\xEF\xBF\xBD%s</p>", jp,
                         jp);
  check_page(spoiled, len, want, strlen(want), "Shift_JIS",
             NP_CHARSET_FROM_META);
  g_free(want);
  g_free(spoiled);
  g_free(bytes);
  g_free(html);
}

/* The eight-bytes-at-a-time ASCII path of the UTF-8 check (the page holds
 * one valid é, so that it reads as UTF-8): an invalid byte,
 * a NUL or a multi-byte character at every offset of a long ASCII run is
 * found where it is, as g_utf8_validate finds it. */
static void test_ascii_runs(void) {
  static const struct {
    const char *insert;
    const char *expected; /* what the inserted bytes become */
  } cases[] = {
      {"\xff", "\xef\xbf\xbd"},         /* invalid: U+FFFD */
      {"\0", "\xef\xbf\xbd"},           /* NUL: U+FFFD */
      {"\xc3\xa9", "\xc3\xa9"},         /* é stays */
      {"\xe2\x82\xac", "\xe2\x82\xac"}, /* € stays */
      {"\xc3", "\xef\xbf\xbd"},         /* a cut sequence: U+FFFD */
  };
  const char *head = "<meta charset=utf-8><p>";
  size_t c, at;

  for (c = 0; c < G_N_ELEMENTS(cases); c++) {
    size_t insert_len = cases[c].insert[0] ? strlen(cases[c].insert) : 1;

    for (at = 0; at < 24; at++) {
      GString *page = g_string_new(head), *want = g_string_new(head);
      np_charset_info info;
      np_error err;
      char *out;
      size_t out_len;

      g_string_append_len(page, "abcdefghijklmnopqrstuvwxyz", (gssize)at);
      g_string_append_len(want, "abcdefghijklmnopqrstuvwxyz", (gssize)at);
      g_string_append_len(page, cases[c].insert, (gssize)insert_len);
      g_string_append(want, cases[c].expected);
      g_string_append(page, "0123456789 and the rest of the page, caf\xc3\xa9");
      g_string_append(want, "0123456789 and the rest of the page, caf\xc3\xa9");
      g_assert_cmpint(np_charset_to_utf8("page.html", page->str, page->len,
                                         &out, &out_len, &info, &err),
                      ==, NP_OK);
      g_assert_cmpmem(out, out_len, want->str, want->len);
      g_assert_cmpstr(info.name, ==, "UTF-8");
      free(out);
      g_string_free(page, TRUE);
      g_string_free(want, TRUE);
    }
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/charset/prescan", test_prescan);
  g_test_add_func("/charset/prescan_far", test_prescan_far);
  g_test_add_func("/charset/legacy_round_trip", test_legacy_round_trip);
  g_test_add_func("/charset/http_equiv", test_http_equiv);
  g_test_add_func("/charset/wrong_declaration", test_wrong_declaration);
  g_test_add_func("/charset/bom", test_bom);
  g_test_add_func("/charset/utf16_bad_unit", test_utf16_bad_unit);
  g_test_add_func("/charset/nul_bytes", test_nul_bytes);
  g_test_add_func("/charset/ascii_runs", test_ascii_runs);
  g_test_add_func("/charset/fallback", test_fallback);
  g_test_add_func("/charset/transport", test_transport);
  g_test_add_func("/charset/invalid_sequences", test_invalid_sequences);
  g_test_add_func("/charset/declared_utf8_but_legacy",
                  test_declared_utf8_but_legacy);
  return g_test_run();
}
