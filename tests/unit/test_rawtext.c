/* test_rawtext.c: unit tests of the script and style content dropped
 * before parsing, and of the check of the parse against the scan. */
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "rawtext.h"

static xmlDoc *parse(const char *html, size_t len) {
  return htmlReadMemory(html, (int)len, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

/* Strips html and checks the copy against expected (NULL: nothing to drop)
 * and that the parse of the copy matches the scan. */
static void check_strip(const char *html, const char *expected) {
  np_rawtext *log = (np_rawtext *)&log;
  size_t len = 12345;
  char *out = np_rawtext_strip(html, strlen(html), &len, &log);

  if (!expected) {
    g_assert_null(out);
    g_assert_null(log);
    g_assert_cmpuint(len, ==, 0);
    return;
  }
  g_assert_nonnull(out);
  g_assert_nonnull(log);
  g_assert_cmpstr(out, ==, expected);
  g_assert_cmpuint(len, ==, strlen(expected));
  {
    xmlDoc *dom = parse(out, len);

    g_assert_true(np_rawtext_matches(log, dom));
    xmlFreeDoc(dom);
  }
  free(out);
  np_rawtext_free(log);
}

static void test_drops_content(void) {
  check_strip("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>",
              "<p>a</p><script></script><p>b</p>");
  check_strip("<style type=text/css>p { color: red }</style><p>x</p>",
              "<style type=text/css></style><p>x</p>");
  /* the end tag in any case; the first one ends the content */
  check_strip("<SCRIPT>a</ScRiPt><script>document.write('<scr'+'ipt>"
              "</script>');</script>",
              "<SCRIPT></ScRiPt><script></script>');</script>");
}

static void test_keeps_json_ld(void) {
  check_strip("<script type=\" Application/LD+JSON \">{\"@type\":\"News"
              "Article\"}</script><script>x()</script>",
              "<script type=\" Application/LD+JSON \">{\"@type\":\"News"
              "Article\"}</script><script></script>");
  /* only JSON-LD: nothing dropped */
  check_strip("<script type='application/ld+json'>{}</script><p>x</p>", NULL);
}

static void test_not_script(void) {
  /* a script tag in a comment, in an attribute, in text that is no tag */
  check_strip("<!-- <script>x</script> --><p title=\"<script>\">a</p>"
              "<p>1 <script>y</script> 2</p>",
              "<!-- <script>x</script> --><p title=\"<script>\">a</p>"
              "<p>1 <script></script> 2</p>");
  check_strip("<p data-x='a>b' title=\"<style>\">text</p>", NULL);
  /* a quoted '>' inside the script's own start tag */
  check_strip("<script data-x=\"a>b\">code</script><p>after</p>",
              "<script data-x=\"a>b\"></script><p>after</p>");
  /* self-closing: no content follows */
  check_strip("<script src=\"a.js\"/><p>kept</p><script>x</script>",
              "<script src=\"a.js\"/><p>kept</p><script></script>");
  /* no end tag: the parser reads to the end, nothing is dropped */
  check_strip("<p>a</p><script>never closed <p>b</p>", NULL);
  check_strip("<scripts>x</scripts><styled>y</styled>", NULL);
}

/* A parse that does not match the scan is refused. */
static void test_mismatch(void) {
  const char *html = "<script>a</script><style>b</style>";
  np_rawtext *log;
  size_t len;
  char *out = np_rawtext_strip(html, strlen(html), &len, &log);
  xmlDoc *other;

  g_assert_nonnull(out);
  /* one script fewer than the scan found */
  other = parse("<script></script>", 17);
  g_assert_false(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  /* one more */
  other = parse("<script></script><style></style><script></script>", 49);
  g_assert_false(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  /* a dropped element that has content after all */
  other = parse("<script>a</script><style></style>", 33);
  g_assert_false(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  /* other attributes */
  other = parse("<script async></script><style></style>", 38);
  g_assert_false(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  /* style and script swapped */
  other = parse("<style></style><script></script>", 32);
  g_assert_false(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  other = parse(out, len);
  g_assert_true(np_rawtext_matches(log, other));
  xmlFreeDoc(other);
  free(out);
  np_rawtext_free(log);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rawtext/drops_content", test_drops_content);
  g_test_add_func("/rawtext/keeps_json_ld", test_keeps_json_ld);
  g_test_add_func("/rawtext/not_script", test_not_script);
  g_test_add_func("/rawtext/mismatch", test_mismatch);
  return g_test_run();
}
