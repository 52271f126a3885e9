/* test_metadata.c: unit tests of the metadata harvest (JSON-LD, <meta>,
 * bylines, titles, dates, language and direction). */
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "metadata.h"

/* Parses an HTML string as the importer does. */
static xmlDoc *parse(const char *html) {
  return htmlReadMemory(html, (int)strlen(html), "file:///page.html", "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

/* Harvests html into a new document; body receives the articleBody when
 * not NULL. */
static np_doc *harvest(const char *html, char **body) {
  xmlDoc *dom = parse(html);
  np_doc *doc = np_doc_new();

  np_metadata_harvest(dom, doc, body);
  np_metadata_from_article(NULL, doc);
  xmlFreeDoc(dom);
  return doc;
}

/* Returns the first element named tag in dom. */
static xmlNode *find(xmlDoc *dom, const char *tag) {
  xmlNode *root = np_dom_html(dom), *n;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (np_dom_is(n, tag))
      return n;
  }
  return NULL;
}

static void assert_byline(const np_doc *doc, const char *expected) {
  char *byline = np_meta_byline(&doc->meta);

  g_assert_cmpstr(byline, ==, expected);
  free(byline);
}

static void test_jsonld_graph(void) {
  static const char html[] =
      "<html><head><title>Ignored | Example</title>"
      "<script type=\"application/ld+json\">{\"@context\":\"https://"
      "schema.org\",\"@graph\":["
      "{\"@type\":\"WebPage\",\"name\":\"Page name\"},"
      "{\"@type\":\"Organization\",\"@id\":\"#org\",\"name\":\"The Daily "
      "Example\"},"
      "{\"@type\":\"NewsArticle\",\"headline\":\"Rivers rise  again\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},"
      "{\"@type\":\"Person\",\"name\":\"John Roe\"},"
      "{\"@type\":\"Person\",\"name\":\"jane doe\"}],"
      "\"publisher\":{\"@id\":\"#org\"},"
      "\"datePublished\":\"2017-07-26T10:31:00+0300\","
      "\"dateModified\":\"2017-07-27T08:00:00Z\","
      "\"articleSection\":[\"Weather\",\"Local\"],"
      "\"keywords\":\"floods, rivers ,floods\","
      "\"alternativeHeadline\":\"The second flood this year\","
      "\"mainEntityOfPage\":{\"@id\":\"https://example.com/rivers\"},"
      "\"articleBody\":\"The rivers rose.\"}]}</script>"
      "</head><body><p>x</p></body></html>";
  char *body = NULL;
  np_doc *doc = harvest(html, &body);

  g_assert_cmpstr(doc->meta.title, ==, "Rivers rise again");
  g_assert_cmpstr(doc->meta.subtitle, ==, "The second flood this year");
  g_assert_cmpuint(doc->meta.n_authors, ==, 2);
  g_assert_cmpstr(doc->meta.authors[0], ==, "Jane Doe");
  g_assert_cmpstr(doc->meta.authors[1], ==, "John Roe");
  g_assert_cmpstr(doc->meta.site_name, ==, "The Daily Example");
  g_assert_cmpstr(doc->meta.published, ==, "2017-07-26T10:31:00+03:00");
  g_assert_cmpstr(doc->meta.modified, ==, "2017-07-27T08:00:00Z");
  g_assert_cmpstr(doc->meta.section, ==, "Weather");
  g_assert_cmpuint(doc->meta.n_keywords, ==, 2);
  g_assert_cmpstr(doc->meta.keywords[0], ==, "floods");
  g_assert_cmpstr(doc->meta.keywords[1], ==, "rivers");
  g_assert_cmpstr(doc->meta.url, ==, "https://example.com/rivers");
  g_assert_cmpstr(body, ==, "The rivers rose.");
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  free(body);
  np_doc_free(doc);
}

static void test_jsonld_array_and_type_array(void) {
  static const char html[] =
      "<html><head><script type=\"application/ld+json\">["
      "{\"@type\":\"BreadcrumbList\",\"name\":\"Crumbs\"},"
      "{\"@type\":[\"ReportageNewsArticle\",\"Thing\"],"
      "\"headline\":\"Field notes\",\"author\":\"By Ann Lee and Bo Kim\","
      "\"inLanguage\":\"fr_FR\",\"copyrightHolder\":{\"name\":\"Ex "
      "SA\"}}]</script></head><body></body></html>";
  np_doc *doc = harvest(html, NULL);

  g_assert_cmpstr(doc->meta.title, ==, "Field notes");
  assert_byline(doc, "Ann Lee et Bo Kim");
  g_assert_cmpstr(doc->meta.lang, ==, "fr-FR");
  g_assert_cmpstr(doc->meta.rights, ==, "© Ex SA");
  np_doc_free(doc);
}

static void test_jsonld_only_byline(void) {
  static const char html[] =
      "<html><head><title>A headline long enough here</title>"
      "<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"Kim Park\"}}</script>"
      "</head><body><p>Text.</p></body></html>";
  np_doc *doc = harvest(html, NULL);

  assert_byline(doc, "Kim Park");
  g_assert_cmpstr(doc->meta.title, ==, "A headline long enough here");
  np_doc_free(doc);
}

/* Names from structured data may hold digits; scraped bylines may not. */
static void test_structured_author_digits(void) {
  static const char jsonld[] =
      "<html><head><title>A headline long enough here</title>"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"i24NEWS\"},"
      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"i24NEWS\"}}"
      "</script></head><body><p>Text.</p></body></html>";
  static const char meta[] =
      "<html><head><meta name=\"author\" content=\"Team 7 Desk\">"
      "</head><body></body></html>";
  static const char handle[] =
      "<html><head><meta name=\"author\" content=\"@desk24\">"
      "</head><body><p class=\"byline\">By 24 March 2020</p></body></html>";
  np_doc *doc = harvest(jsonld, NULL);

  assert_byline(doc, "i24NEWS");
  np_doc_free(doc);
  doc = harvest(meta, NULL);
  assert_byline(doc, "Team 7 Desk");
  np_doc_free(doc);
  /* a handle stays refused, and a visible "byline" that is a date too */
  doc = harvest(handle, NULL);
  g_assert_cmpuint(doc->meta.n_authors, ==, 0);
  np_doc_free(doc);
}

/* "By" in other languages opens a byline too. */
static void test_byline_prefixes(void) {
  np_doc *doc = harvest("<html><body><div class=\"author\">"
                        "\xd8\xa8\xd9\x82\xd9\x84\xd9\x85: Layla Mansour"
                        "</div><p>x</p></body></html>",
                        NULL);

  assert_byline(doc, "Layla Mansour");
  np_doc_free(doc);
  doc = harvest("<html><head><meta name=\"author\" content=\"\xd0\x90\xd0"
                "\xb2\xd1\x82\xd0\xbe\xd1\x80: Anna Sokolova\"></head>"
                "</html>",
                NULL);
  assert_byline(doc, "Anna Sokolova");
  np_doc_free(doc);
}

static void test_opengraph_fallbacks(void) {
  static const char html[] =
      "<html><head><title>Other | Example News</title>"
      "<meta property=\"og:title\" content=\"The real headline | Example "
      "News\">"
      "<meta property=\"og:site_name\" content=\"Example News\">"
      "<meta property=\"og:description\" content=\"What happened.\">"
      "<meta name=\"description\" content=\"Not this one.\">"
      "<meta property=\"og:locale\" content=\"en_US\">"
      "<meta property=\"article:author\" "
      "content=\"https://facebook.com/someone\">"
      "<meta name=\"author\" content=\"Sam Writer\">"
      "<meta property=\"article:published_time\" content=\"2020-01-02\">"
      "<meta property=\"article:section\" content=\"World\">"
      "<meta property=\"article:tag\" content=\"one\">"
      "<meta property=\"article:tag\" content=\"two\">"
      "<meta property=\"og:url\" content=\"https://example.com/og\">"
      "<link rel=\"canonical\" href=\"https://example.com/canonical\">"
      "</head><body></body></html>";
  np_doc *doc = harvest(html, NULL);

  g_assert_cmpstr(doc->meta.title, ==, "The real headline");
  g_assert_cmpstr(doc->meta.site_name, ==, "Example News");
  g_assert_cmpstr(doc->meta.summary, ==, "What happened.");
  g_assert_cmpstr(doc->meta.lang, ==, "en-US");
  assert_byline(doc, "Sam Writer");
  g_assert_cmpstr(doc->meta.published, ==, "2020-01-02");
  g_assert_cmpstr(doc->meta.section, ==, "World");
  g_assert_cmpuint(doc->meta.n_keywords, ==, 2);
  g_assert_cmpstr(doc->meta.url, ==, "https://example.com/canonical");
  /* no dir attribute: the direction follows from the language */
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_LTR);
  np_doc_free(doc);
}

static void test_dublin_core_and_saved_url(void) {
  static const char html[] =
      "<!-- saved from url=(0027)https://example.org/story -->"
      "<html><head><title>Title element</title>"
      "<meta name=\"DC.title\" content=\"Dublin title\">"
      "<meta name=\"dcterms.creator\" content=\"Jong, Michiel de\">"
      "<meta name=\"DC.date\" content=\"26 July 2017\">"
      "</head><body></body></html>";
  np_doc *doc = harvest(html, NULL);

  g_assert_cmpstr(doc->meta.title, ==, "Dublin title");
  assert_byline(doc, "Jong, Michiel de");
  g_assert_cmpstr(doc->meta.published, ==, "2017-07-26");
  g_assert_cmpstr(doc->meta.url, ==, "https://example.org/story");
  np_doc_free(doc);
}

static void test_clean_title(void) {
  static const struct {
    const char *title, *site, *expected;
  } cases[] = {
      {"Rivers rise again | The Daily Example", "The Daily Example",
       "Rivers rise again"},
      {"Daily Example - Rivers rise again", "The Daily Example",
       "Rivers rise again"},
      {"Rivers rise again :: Example", "Example", "Rivers rise again"},
      {"Rivers rise again — EXAMPLE.com", "Example", "Rivers rise again"},
      {"A much longer story headline | Some Site", NULL,
       "A much longer story headline"},
      {"Site | A much longer story headline", NULL,
       "A much longer story headline"},
      {"Short one | Site", NULL, "Short one | Site"},
      {"Example", "Example", "Example"},
      {"Example News - Latest Headlines", "Example News - Latest Headlines",
       "Example News - Latest Headlines"},
      {"Ten ways to cook rice | Examples of fine cooking", "Example",
       "Ten ways to cook rice"},
      {"Short one | Examples of fine cooking", "Example",
       "Short one | Examples of fine cooking"},
  };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *got = np_metadata_clean_title(cases[i].title, cases[i].site);

    g_assert_cmpstr(got, ==, cases[i].expected);
    free(got);
  }
}

static void test_title_from_page(void) {
  np_doc *doc = harvest("<html><head><title>How rivers rise in the spring - "
                        "Example Blog</title></head><body><h1>x</h1>"
                        "</body></html>",
                        NULL);

  g_assert_cmpstr(doc->meta.title, ==, "How rivers rise in the spring");
  np_doc_free(doc);
  doc = harvest("<html><head><title>Hi</title></head><body>"
                "<h1>The only heading of the page</h1></body></html>",
                NULL);
  g_assert_cmpstr(doc->meta.title, ==, "The only heading of the page");
  np_doc_free(doc);
}

static void test_iso_date(void) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"2017-07-26T10:31:00+0300", "2017-07-26T10:31:00+03:00"},
      {"2017-07-26T10:31:00+03:00", "2017-07-26T10:31:00+03:00"},
      {"2017-07-26 10:31:00.123456", "2017-07-26T10:31:00"},
      {"2017-07-26T07:31:00.000Z", "2017-07-26T07:31:00Z"},
      {"2017-07-26T10:31", "2017-07-26T10:31:00"},
      {" 2017-07-26 ", "2017-07-26"},
      {"Wed, 26 Jul 2017 07:31:00 GMT", "2017-07-26T07:31:00Z"},
      {"Wed, 26 Jul 2017 07:31:00 -0500", "2017-07-26T07:31:00-05:00"},
      {"Wed, 26 Jul 2017 07:31:00 EDT", "2017-07-26T07:31:00-04:00"},
      {"July 26, 2017", "2017-07-26"},
      {"26 July 2017", "2017-07-26"},
      {"Sept. 3rd, 2019 at 6:01 pm", "2019-09-03T18:01:00"},
      {"April 28, 2019 12:05 AM", "2019-04-28T00:05:00"},
  };
  static const char *const bad[] = {
      "yesterday",  "2017-02-30", "",     "Updated April 29, 2019",
      "2017-13-01", "26 July",    "12:00"};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *got = np_metadata_iso_date(cases[i].in);

    g_assert_cmpstr(got, ==, cases[i].out);
    free(got);
  }
  for (i = 0; i < G_N_ELEMENTS(bad); i++)
    g_assert_null(np_metadata_iso_date(bad[i]));
  g_assert_null(np_metadata_iso_date(NULL));
}

static void test_bad_date_warns(void) {
  np_doc *doc = harvest("<html><head><meta property=\"article:published_time\" "
                        "content=\"soon\"></head><body></body></html>",
                        NULL);

  g_assert_null(doc->meta.published);
  g_assert_cmpuint(doc->n_warnings, ==, 1);
  g_assert_nonnull(strstr(doc->warnings[0], "soon"));
  np_doc_free(doc);
}

static void test_direction(void) {
  xmlDoc *dom;
  np_doc *doc = harvest("<html lang=\"ar\"><body><p>x</p></body></html>", NULL);

  g_assert_cmpstr(doc->meta.lang, ==, "ar");
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_doc_free(doc);

  doc = harvest("<html lang=\"en\" dir=\"RTL\"><body></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_doc_free(doc);

  doc = harvest("<html lang=\"ku-Arab\"><body></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_doc_free(doc);

  /* a known left-to-right language gives LTR; no language, "und" or a
   * word that is no language tag leave the direction unknown */
  doc = harvest("<html lang=\"de-AT\"><body></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_LTR);
  np_doc_free(doc);
  doc = harvest("<html><body><p>x</p></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_INHERIT);
  np_doc_free(doc);
  doc = harvest("<html lang=\"und\"><body></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_INHERIT);
  np_doc_free(doc);
  doc = harvest("<html lang=\"English\"><body></body></html>", NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_INHERIT);
  np_doc_free(doc);

  /* the article's own dir and its ancestors' lang win over the page's */
  dom = parse("<html lang=\"en\"><body><div lang=\"he\"><article>"
              "<p>x</p></article></div></body></html>");
  doc = np_doc_new();
  np_metadata_harvest(dom, doc, NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_INHERIT);
  np_metadata_from_article(find(dom, "article"), doc);
  g_assert_cmpstr(doc->meta.lang, ==, "he");
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_doc_free(doc);
  xmlFreeDoc(dom);

  dom = parse("<html dir=\"rtl\"><body><article dir=\"ltr\"><p>x</p>"
              "</article></body></html>");
  doc = np_doc_new();
  np_metadata_harvest(dom, doc, NULL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_metadata_from_article(find(dom, "article"), doc);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_LTR);
  np_doc_free(doc);
  xmlFreeDoc(dom);
}

static void test_malformed_jsonld(void) {
  static const char broken[] =
      "<html><head><script type=\"application/ld+json\">{\"@type\": "
      "\"NewsArticle\", \"headline\": }</script>"
      "<meta property=\"og:title\" content=\"Still here\">"
      "<meta name=\"author\" content=\"Pat Doe\">"
      "</head><body></body></html>";
  static const char tolerable[] =
      "<html><head><script type=\"application/ld+json\">\n<!--//<![CDATA[\n"
      "{\"@type\":\"WebSite\",\"name\":\"Site\",}\n"
      "{\"@type\":\"NewsArticle\",\"headline\":\"Line\none\","
      "\"author\":[\"Al Bo\",],}\n//]]>-->\n</script>"
      "</head><body></body></html>";
  np_doc *doc = harvest(broken, NULL);

  g_assert_cmpuint(doc->n_warnings, ==, 1);
  g_assert_nonnull(strstr(doc->warnings[0], "JSON-LD"));
  g_assert_cmpstr(doc->meta.title, ==, "Still here");
  assert_byline(doc, "Pat Doe");
  np_doc_free(doc);

  doc = harvest(tolerable, NULL);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  g_assert_cmpstr(doc->meta.title, ==, "Line one");
  assert_byline(doc, "Al Bo");
  np_doc_free(doc);
}

static void test_entities(void) {
  static const char html[] =
      "<html><head><script type=\"application/ld+json\">{\"@type\":"
      "\"Article\",\"headline\":\"Rock &amp; Roll&#8217;s &quot;best&quot; "
      "&#x1F62D; &#0; &bogus;\"}</script>"
      "<meta name=\"description\" content=\"&amp;#xg; &amp;#128557;\">"
      "</head><body></body></html>";
  np_doc *doc = harvest(html, NULL);

  g_assert_cmpstr(doc->meta.title, ==,
                  "Rock & Roll’s \"best\" \xF0\x9F\x98\xAD \xEF\xBF\xBD "
                  "&bogus;");
  g_assert_cmpstr(doc->meta.summary, ==, "&#xg; \xF0\x9F\x98\xAD");
  np_doc_free(doc);
}

static void test_is_byline(void) {
  GString *bio = g_string_new("<html><body><div class=\"author-bio\">");
  xmlDoc *dom;
  size_t i;

  dom = parse("<html><body><span class=\"byline\">By Jane Doe</span>"
              "<a rel=\"author\" href=\"/jd\">Jane</a>"
              "<div itemprop=\"author\">Jane Doe</div>"
              "<p>By Jane Doe</p><div class=\"byline\"> </div>"
              "</body></html>");
  g_assert_true(np_metadata_is_byline(find(dom, "span")));
  g_assert_true(np_metadata_is_byline(find(dom, "a")));
  g_assert_true(np_metadata_is_byline(find(dom, "div")));
  g_assert_false(np_metadata_is_byline(find(dom, "p")));
  g_assert_false(np_metadata_is_byline(find(dom, "div")->next->next));
  g_assert_false(np_metadata_is_byline(find(dom, "body")));
  g_assert_false(np_metadata_is_byline(NULL));
  xmlFreeDoc(dom);

  for (i = 0; i < 20; i++)
    g_string_append(bio, "Jane writes about rivers. ");
  g_string_append(bio, "</div></body></html>");
  dom = parse(bio->str);
  g_assert_false(np_metadata_is_byline(find(dom, "div")));
  xmlFreeDoc(dom);
  g_string_free(bio, TRUE);
}

static void test_visible_byline(void) {
  np_doc *doc = harvest(
      "<html><body><div class=\"comments\"><span class=\"author\">Troll "
      "Person</span></div><article><p class=\"byline\">By Jane Doe, John "
      "Roe and Ann Lee</p><p>Text of the story.</p></article></body></html>",
      NULL);

  g_assert_cmpuint(doc->meta.n_authors, ==, 3);
  assert_byline(doc, "Jane Doe, John Roe and Ann Lee");
  np_doc_free(doc);

  doc = harvest("<html><body><div class=\"byline\">Par <span "
                "itemprop=\"name\">Marie Curie</span></div></body></html>",
                NULL);
  assert_byline(doc, "Marie Curie");
  np_doc_free(doc);

  /* URLs, dates and handles are not names */
  doc = harvest("<html><head><meta name=\"author\" "
                "content=\"https://example.com/me\"></head><body>"
                "<span class=\"byline\">March 11, 2015</span></body></html>",
                NULL);
  g_assert_cmpuint(doc->meta.n_authors, ==, 0);
  np_doc_free(doc);
}

static void test_summary_from_article(void) {
  xmlDoc *dom = parse("<html><body><article><p>Short.</p><p>The first "
                      "paragraph long enough to be a summary.</p></article>"
                      "</body></html>");
  np_doc *doc = np_doc_new();

  np_metadata_harvest(dom, doc, NULL);
  g_assert_null(doc->meta.summary);
  np_metadata_from_article(find(dom, "article"), doc);
  g_assert_cmpstr(doc->meta.summary, ==,
                  "The first paragraph long enough to be a summary.");
  np_doc_free(doc);
  xmlFreeDoc(dom);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/metadata/jsonld-graph", test_jsonld_graph);
  g_test_add_func("/metadata/jsonld-array", test_jsonld_array_and_type_array);
  g_test_add_func("/metadata/jsonld-only-byline", test_jsonld_only_byline);
  g_test_add_func("/metadata/structured-author-digits",
                  test_structured_author_digits);
  g_test_add_func("/metadata/byline-prefixes", test_byline_prefixes);
  g_test_add_func("/metadata/opengraph", test_opengraph_fallbacks);
  g_test_add_func("/metadata/dublin-core", test_dublin_core_and_saved_url);
  g_test_add_func("/metadata/clean-title", test_clean_title);
  g_test_add_func("/metadata/title-from-page", test_title_from_page);
  g_test_add_func("/metadata/iso-date", test_iso_date);
  g_test_add_func("/metadata/bad-date", test_bad_date_warns);
  g_test_add_func("/metadata/direction", test_direction);
  g_test_add_func("/metadata/malformed-jsonld", test_malformed_jsonld);
  g_test_add_func("/metadata/entities", test_entities);
  g_test_add_func("/metadata/is-byline", test_is_byline);
  g_test_add_func("/metadata/visible-byline", test_visible_byline);
  g_test_add_func("/metadata/summary", test_summary_from_article);
  return g_test_run();
}
