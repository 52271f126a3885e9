/* test_extract.c: unit tests of article extraction on small pages that
 * imitate publishers' markup. */
#include <glib.h>
#include <string.h>

#include "extract.h"

/* Article paragraphs: long enough, with commas, as real prose is. */
#define PARAS                                                                  \
  "<p>The river rose overnight, flooding the lower town, the market and "      \
  "the old bridge, and the mayor ordered the schools closed for the day.</p>"  \
  "<p>Residents waited on rooftops, on balconies and in the church tower, "    \
  "while boats from the coast guard, the army and local fishermen moved "      \
  "from street to street.</p>"                                                 \
  "<p>By noon the water had begun to fall, slowly, and engineers said the "    \
  "levee, built in 1952, had held better than anyone expected.</p>"            \
  "<p>Officials warned, however, that more rain was forecast for the "         \
  "weekend, and that the clean-up, the repairs and the inquiry would take "    \
  "months.</p>"

/* A parsed page and what extraction made of it. */
typedef struct {
  xmlDoc *dom;
  np_doc *doc;
  xmlNode *article;
  char *text;
} fixture;

static void extract_full(fixture *f, const char *html, int raw,
                         const char *article_body) {
  np_extract_options opts = {raw};

  f->dom = htmlReadMemory(html, (int)strlen(html), "file:///page.html", "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                              HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull(f->dom);
  f->doc = np_doc_new();
  f->article = np_extract_article(f->dom, &opts, article_body, f->doc);
  f->text = f->article ? np_dom_text(f->article) : NULL;
}

static void extract(fixture *f, const char *html) {
  extract_full(f, html, 0, NULL);
}

static void fixture_free(fixture *f) {
  free(f->text);
  np_doc_free(f->doc);
  xmlFreeDoc(f->dom);
}

static void assert_has(const fixture *f, const char *needle) {
  g_assert_nonnull(f->text);
  if (!strstr(f->text, needle))
    g_error("missing \"%s\" in \"%s\"", needle, f->text);
}

static void assert_lacks(const fixture *f, const char *needle) {
  g_assert_nonnull(f->text);
  if (strstr(f->text, needle))
    g_error("kept \"%s\" in \"%s\"", needle, f->text);
}

/* Counts the elements named tag under the article. */
static size_t count_tag(const fixture *f, const char *tag) {
  const xmlNode *cur = f->article;
  size_t n = 0;

  while (cur) {
    if (np_dom_is(cur, tag))
      n++;
    cur = np_dom_walk_next(f->article, cur, 0);
  }
  return n;
}

static void test_wordpress(void) {
  fixture f;

  extract(&f,
          "<html><body><div id='page'><header id='masthead'>"
          "<a href='/'>The Daily Town</a><nav><a href='/news'>News</a>"
          "<a href='/sport'>Sport</a></nav></header>"
          "<div id='primary' class='content-area'><main id='main'>"
          "<article class='post type-post hentry'>"
          "<h1 class='entry-title'>Flood in the lower town</h1>"
          "<div class='entry-content'>" PARAS
          "<div class='sharedaddy sd-sharing-enabled'><h3>Share this:</h3>"
          "<ul><li><a href='https://twitter.com/share'>Twitter</a></li>"
          "<li><a href='https://facebook.com/sharer'>Facebook</a></li></ul>"
          "</div>"
          "<div id='jp-relatedposts' class='jp-relatedposts'><h3>Related</h3>"
          "<div class='jp-relatedposts-items'><p><a href='/a'>Storm hits "
          "coast</a></p><p><a href='/b'>Bridge reopens</a></p></div></div>"
          "</div></article>"
          "<div id='comments' class='comments-area'><h2>3 thoughts</h2>"
          "<ol class='comment-list'><li class='comment'><p>Great reporting, "
          "thank you, stay safe everyone in the valley.</p></li></ol></div>"
          "</main></div>"
          "<footer id='colophon'>Proudly powered by WordPress</footer>"
          "</div></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_has(&f, "would take months.");
  assert_lacks(&f, "Share this");
  assert_lacks(&f, "Twitter");
  assert_lacks(&f, "Storm hits coast");
  assert_lacks(&f, "Great reporting");
  assert_lacks(&f, "Proudly powered");
  assert_lacks(&f, "Sport");
  g_assert_cmpuint(count_tag(&f, "p"), ==, 4);
  fixture_free(&f);
}

static void test_amp(void) {
  fixture f;

  extract(&f, "<html amp><head><script async "
              "src='https://cdn.ampproject.org/v0.js'></script></head><body>"
              "<header class='amp-wp-header'><div><a href='/'>Town News</a>"
              "</div></header>"
              "<article class='amp-wp-article'>"
              "<header class='amp-wp-article-header'><h1 "
              "class='amp-wp-title'>Flood</h1></header>"
              "<figure class='amp-wp-article-featured-image'><amp-img "
              "src='flood.jpg' width='800' height='450'></amp-img>"
              "<figcaption>The lower town under water</figcaption></figure>"
              "<div class='amp-wp-article-content'>" PARAS "</div>"
              "<footer class='amp-wp-article-footer'><div "
              "class='amp-wp-meta amp-wp-tax-category'>Categories: "
              "<a href='/c/news'>News</a></div></footer></article>"
              "<footer class='amp-wp-footer'><p>&copy; Town News</p>"
              "<a href='#top' class='back-to-top'>Back to top</a></footer>"
              "<amp-analytics type='googleanalytics'><script "
              "type='application/json'>{\"vars\":{}}</script></amp-analytics>"
              "</body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_has(&f, "engineers said the levee");
  assert_lacks(&f, "Categories");
  assert_lacks(&f, "Back to top");
  assert_lacks(&f, "vars");
  fixture_free(&f);
}

static void test_nav_article_aside(void) {
  fixture f;

  extract(&f, "<html><body>"
              "<nav><ul><li><a href='/'>Home</a></li><li><a "
              "href='/world'>World news</a></li></ul></nav>"
              "<div class='layout'><article>" PARAS "</article>"
              "<aside><h3>Most read</h3><ol><li><a href='/x'>Ten things "
              "about rivers</a></li><li><a href='/y'>Weather today, "
              "tomorrow and after</a></li></ol></aside></div>"
              "</body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "Residents waited on rooftops");
  assert_lacks(&f, "World news");
  assert_lacks(&f, "Most read");
  assert_lacks(&f, "Ten things");
  fixture_free(&f);
}

static void test_hidden(void) {
  fixture f;

  extract(&f, "<html><body><article>"
              "<div style='display: none'>Subscribe to read the rest</div>"
              "<p hidden>Secret hidden paragraph text</p>" PARAS
              "<div aria-hidden='true'><p>Screen readers never say "
              "this sentence, so neither do we.</p></div>"
              "<span style='visibility:hidden'>Invisible words</span>"
              "</article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "the old bridge");
  assert_lacks(&f, "Subscribe");
  assert_lacks(&f, "Secret hidden");
  assert_lacks(&f, "Screen readers");
  assert_lacks(&f, "Invisible words");
  fixture_free(&f);
}

static void test_tracking_pixel(void) {
  fixture f;
  const xmlNode *cur;
  int photo = 0, pixel = 0;

  extract(&f, "<html><body><article>" PARAS
              "<p><img src='photo.jpg' width='640' height='480' alt='Bridge'>"
              "The bridge, as it stood on Monday, still closed.</p>"
              "<img src='https://pixel.quantserve.com/pixel/p-1.gif' "
              "alt='Quantcast'>"
              "<img src='https://example.com/t.gif' width='1' height='1'>"
              "<img src='https://sb.scorecardresearch.com/p?c1=2' "
              "width='0' height='0'>"
              "</article></body></html>");
  g_assert_nonnull(f.article);
  for (cur = f.article; cur; cur = np_dom_walk_next(f.article, cur, 0)) {
    const char *src = np_dom_attr(cur, "src");

    if (!np_dom_is(cur, "img") || !src)
      continue;
    if (strcmp(src, "photo.jpg") == 0)
      photo++;
    else
      pixel++;
  }
  g_assert_cmpint(photo, ==, 1);
  g_assert_cmpint(pixel, ==, 0);
  fixture_free(&f);
}

static void test_previous_next(void) {
  fixture f;

  extract(&f, "<html><body><div class='main'><article>" PARAS
              "<div class='nav-links'><div><a href='/p1'><span>Previous "
              "article</span> Storm hits coast</a></div><div><a "
              "href='/p3'><span>Next article</span> Bridge reopens</a>"
              "</div></div></article></div></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "more rain was forecast");
  assert_lacks(&f, "Previous article");
  assert_lacks(&f, "Next article");
  assert_lacks(&f, "Bridge reopens");
  fixture_free(&f);
}

static void test_newsletter(void) {
  fixture f;

  extract(&f, "<html><body><article><div class='story-body'>"
              "<p>The river rose overnight, flooding the lower town, the "
              "market and the old bridge, and the mayor ordered the schools "
              "closed for the day.</p>"
              "<div class='newsletter-signup'><h4>Get the morning "
              "briefing</h4><p>Sign up for our daily newsletter.</p>"
              "<form action='/subscribe'><input type='email' "
              "name='email'><button>Sign up</button></form></div>" PARAS
              "</div></article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "closed for the day");
  assert_has(&f, "would take months");
  assert_lacks(&f, "morning briefing");
  assert_lacks(&f, "daily newsletter");
  g_assert_cmpuint(count_tag(&f, "input"), ==, 0);
  g_assert_cmpuint(count_tag(&f, "button"), ==, 0);
  fixture_free(&f);
}

static void test_data_table(void) {
  fixture f;

  extract(&f, "<html><body><article>" PARAS
              "<table><thead><tr><th>Town</th><th>Level (m)</th></tr></thead>"
              "<tbody><tr><td>Upper</td><td>2.1</td></tr>"
              "<tr><td>Lower</td><td>4.7</td></tr></tbody></table>"
              "<p>The table above gives the highest levels, measured at six in "
              "the morning, by the river authority.</p>"
              "</article></body></html>");
  g_assert_nonnull(f.article);
  g_assert_cmpuint(count_tag(&f, "table"), ==, 1);
  g_assert_cmpuint(count_tag(&f, "th"), ==, 2);
  assert_has(&f, "Level (m)");
  assert_has(&f, "Lower");
  assert_has(&f, "4.7");
  assert_has(&f, "river authority");
  fixture_free(&f);
}

static void test_no_content(void) {
  fixture f;

  extract(&f, "<html><head><title>Empty</title></head><body></body></html>");
  g_assert_null(f.article);
  fixture_free(&f);
  extract(&f, "<html><body><div class='menu-bar'><ul><li><a "
              "href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a "
              "href='/about'>About us</a></li></ul></div>"
              "<div><a href='/login'>Log in</a> | <a href='/help'>Help</a>"
              "</div><script>var x = 'not content at all, really';</script>"
              "</body></html>");
  g_assert_null(f.article);
  fixture_free(&f);
}

static void test_byline_and_title(void) {
  fixture f;

  extract(&f,
          "<html><body><article><h1>Flood in the lower town</h1>"
          "<p class='byline'>By Jane Doe</p>" PARAS "</article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose");
  assert_lacks(&f, "Jane Doe");
  fixture_free(&f);
}

static void test_br_paragraphs(void) {
  fixture f;

  extract(&f, "<html><body><div id='story'>"
              "The river rose overnight, flooding the lower town, the market "
              "and the old bridge, and the mayor closed the schools.<br><br>"
              "Residents waited on rooftops, on balconies and in the church "
              "tower, while boats moved from street to street.<br><br>"
              "By noon the water had begun to fall, slowly, and engineers "
              "said the levee, built in 1952, had held better than expected."
              "<br><br>Officials warned, however, that more rain was forecast "
              "for the weekend, and that the repairs would take months."
              "</div></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "Residents waited on rooftops");
  g_assert_cmpuint(count_tag(&f, "p"), >=, 3);
  fixture_free(&f);
}

static void test_raw(void) {
  fixture f;

  extract_full(&f,
               "<html><body><nav><a href='/'>Home page link</a></nav>"
               "<script>var tracking = 1;</script><style>p{}</style>"
               "<div hidden>Hidden banner</div><p>Short note.</p>"
               "</body></html>",
               1, NULL);
  g_assert_nonnull(f.article);
  g_assert_true(np_dom_is(f.article, "body"));
  assert_has(&f, "Home page link");
  assert_has(&f, "Short note.");
  assert_lacks(&f, "Hidden banner");
  g_assert_cmpuint(count_tag(&f, "script"), ==, 0);
  g_assert_cmpuint(count_tag(&f, "style"), ==, 0);
  fixture_free(&f);
}

/* The page's comments outweigh the article by the scores alone; the
 * JSON-LD articleBody points at the article. */
static const char *const evidence_page =
    "<html><body>"
    "<div class='story'><p>Mayor Ortiz opened the rebuilt library on "
    "Saturday, two years after the fire, with a reading for children.</p>"
    "<p>The new building has a larger hall, a cafe, and a garden on the "
    "roof, paid for by a bond that voters approved in 2021.</p></div>"
    "<div class='talk'>"
    "<div class='entry'><p>I remember the old library, its dusty stairs, "
    "its creaking floors, and the librarian who knew every child by name, "
    "every single one of them.</p></div>"
    "<div class='entry'><p>Finally, after years of waiting, delays, "
    "cost overruns, and endless meetings, the town has something to be "
    "proud of, and I for one will visit.</p></div>"
    "<div class='entry'><p>Parking, as usual, is a problem, though, and "
    "nobody on the council, not one person, seems to care about it, which "
    "is sad, really.</p></div>"
    "<div class='entry'><p>My kids loved the opening, the stories, the "
    "balloons, the music, and the free books, and they want to go back "
    "every weekend now, rain or shine.</p></div>"
    "</div></body></html>";

static void test_evidence(void) {
  fixture f;

  extract(&f, evidence_page);
  g_assert_nonnull(f.article);
  assert_has(&f, "dusty stairs");
  fixture_free(&f);
  extract_full(&f, evidence_page, 0,
               "Mayor Ortiz opened the rebuilt library on Saturday, two "
               "years after the fire, with a reading for children. The new "
               "building has a larger hall, a cafe, and a garden on the "
               "roof, paid for by a bond that voters approved in 2021.");
  g_assert_nonnull(f.article);
  assert_has(&f, "Mayor Ortiz opened the rebuilt library");
  assert_has(&f, "garden on the roof");
  assert_lacks(&f, "dusty stairs");
  fixture_free(&f);
}

/* Candidates that hold the top one or lie inside it are not alternatives:
 * the article must not climb to the page wrapper with its skip link,
 * cookie bar and notices. */
static void test_no_climb_to_page(void) {
  fixture f;

  extract(&f, "<html><body><div id='page' class='site'>"
              "<a class='skip-link screen-reader-text' href='#content'>Skip to "
              "content</a>"
              "<div id='cookie-law-info-bar'><span>We use cookies on our "
              "website to give you the most relevant experience. "
              "<a role='button'>Accept</a></span></div>"
              "<div class='notice'>Storm warning for the whole coast "
              "tonight</div>"
              "<div id='content' class='site-content'>"
              "<div id='primary' class='content-area'>"
              "<main id='main' class='site-main'>"
              "<article id='post-4821' class='post hentry entry'>"
              "<div class='entry-content'>" PARAS "</div></article>"
              "<nav class='navigation post-navigation'><a href='/prev'>"
              "Previous article: The lifeboat crew rescues two kayakers</a>"
              "</nav></main></div></div></div></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_lacks(&f, "Skip to content");
  assert_lacks(&f, "We use cookies");
  assert_lacks(&f, "Storm warning");
  fixture_free(&f);
}

/* Skip links and consent boxes go even when they sit inside the article's
 * own container. */
static void test_skip_link_and_consent(void) {
  fixture f;

  extract(&f, "<html><body><div class='story-body'>"
              "<p><a href='#main-text'>Skip to main text</a></p>"
              "<div class='gdpr-notice'><p>We and our partners store data, "
              "use cookies, and show you ads.</p></div>"
              "<div class='cmp-banner'>Manage your privacy choices</div>" PARAS
              "</div></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_lacks(&f, "Skip to main text");
  assert_lacks(&f, "partners store data");
  assert_lacks(&f, "privacy choices");
  fixture_free(&f);
}

/* A media player's controls (video.js's markup: a play button and a group
 * of time displays beside the video) are the player's text, not the
 * article's; a button away from any video or audio stays. */
static void test_player_controls(void) {
  fixture f;

  extract(&f, "<html><body><article><div class='body'>" PARAS
              "<div class='image'><div class='video-js' role='region'>"
              "<video src='clip.mp4' poster='clip.jpg'></video>"
              "<div class='vjs-big-play-button' role='button'>"
              "<span>Play Video</span></div>"
              "<div class='vjs-control-bar' role='group'>"
              "<div role='button'><span>Fullscreen</span></div>"
              "<div class='vjs-current-time'><div><span>Current Time "
              "</span>0:00</div></div></div></div></div>"
              "<figure><audio src='talk.mp3'></audio><figcaption><span "
              "role='timer'>Remaining Time -0:00</span></figcaption></figure>"
              "<p>The council will meet again on Thursday.</p>"
              "<div role='button'>Why did the river rise so fast?</div>"
              "<p>Heavy rain upstream filled the reservoirs, engineers "
              "said.</p></div></article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_has(&f, "meet again on Thursday");
  assert_has(&f, "Why did the river rise so fast?");
  assert_lacks(&f, "Play Video");
  assert_lacks(&f, "Fullscreen");
  assert_lacks(&f, "Current Time");
  assert_lacks(&f, "Remaining Time");
  fixture_free(&f);
}

/* Ad containers, their fallback text and bare ad labels in any language. */
static void test_ads(void) {
  fixture f;

  extract(&f,
          "<html><body><article><div class='body'>" PARAS
          "<amp-ad width='300' height='250' type='doubleclick'>"
          "<div placeholder>Advertisement</div><div fallback>Support "
          "independent journalism: subscribe today.</div></amp-ad>"
          "<div id='div-gpt-ad-123'>Sponsored links from partners</div>"
          "<div class='inline-slot'><span>\xd7\xa4\xd7\xa8\xd7\xa1\xd7\x95"
          "\xd7\x9e\xd7\xaa</span></div>"
          "<p>- Anzeige -</p>"
          "<div class='membership-box'><p>Become a member for 1 euro.</p>"
          "</div>"
          "<p>The flood had reached the square by noon, and ad hoc crews of "
          "neighbours carried sandbags from the depot to the doors.</p>"
          "</div></article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "ad hoc crews");
  assert_lacks(&f, "Advertisement");
  assert_lacks(&f, "Support independent journalism");
  assert_lacks(&f, "Sponsored links");
  assert_lacks(&f, "\xd7\xa4\xd7\xa8\xd7\xa1\xd7\x95\xd7\x9e\xd7\xaa");
  assert_lacks(&f, "Anzeige");
  assert_lacks(&f, "Become a member");
  fixture_free(&f);
}

/* Markup in capitals is markup: the parser lowercases element and
 * attribute names, and the class, id and tag tests see them. */
static void test_upper_case_markup(void) {
  fixture f;

  extract(&f, "<HTML><BODY><NAV CLASS='MENU'><A HREF='/'>Front page</A></NAV>"
              "<ARTICLE><DIV CLASS='BODY'>" PARAS
              "<DIV ID='DIV-GPT-AD-7'>Sponsored links from partners</DIV>"
              "<P>- ADVERTISEMENT -</P>"
              "<P>The flood had reached the square by noon.</P>"
              "</DIV></ARTICLE></BODY></HTML>");
  g_assert_nonnull(f.article);
  assert_has(&f, "reached the square");
  assert_lacks(&f, "Front page");
  assert_lacks(&f, "Sponsored links");
  assert_lacks(&f, "ADVERTISEMENT");
  g_assert_cmpuint(count_tag(&f, "p"), >, 2);
  fixture_free(&f);
}

/* The lead figure beside the article text joins it; a figure of related
 * links does not. */
static void test_lead_figure(void) {
  fixture f;

  extract(&f, "<html><body><article class='story'>"
              "<figure class='media media--lead'><img src='lead.png' "
              "width='800' height='480'><figcaption>Sandbags on the quay. "
              "(AP Photo/Jane Doe)</figcaption></figure>"
              "<div class='story__body'>" PARAS "</div>"
              "<figure><a href='/other'><img src='t.png'></a><figcaption>"
              "<a href='/other'>Read: the storm of 1952</a></figcaption>"
              "</figure></article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "Sandbags on the quay.");
  assert_has(&f, "The river rose overnight");
  assert_lacks(&f, "storm of 1952");
  g_assert_cmpuint(count_tag(&f, "figure"), ==, 1);
  fixture_free(&f);
}

/* A pull quote inside the article stays (as an aside, for the tree
 * builder); other asides go. */
static void test_pullquote_kept(void) {
  fixture f;

  extract(&f, "<html><body><article><div class='article-body'>" PARAS
              "<aside class='pullquote'><p>We did everything we could.</p>"
              "</aside><aside class='factbox'><p>Read also: five ways to "
              "prepare.</p></aside>" PARAS "</div></article></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "We did everything we could.");
  assert_lacks(&f, "five ways to prepare");
  g_assert_cmpuint(count_tag(&f, "aside"), ==, 1);
  fixture_free(&f);
}

/* Reader comments in a plain block named as talkbacks go, also from
 * inside the article's container. */
static void test_talkbacks(void) {
  fixture f;

  extract(&f, "<html><body><table><tr><td class='contentCol'>"
              "<div class='artText'>" PARAS PARAS
              "<div class='talkbacks'><div class='tbTitle'>Reader comments "
              "(2)</div><div class='tb'>1. Well done, council!</div>"
              "<div class='tb'>2. What a waste of money</div></div></div>"
              "</td></tr></table></body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "The river rose overnight");
  assert_lacks(&f, "Reader comments");
  assert_lacks(&f, "waste of money");
  fixture_free(&f);
}

/* A page of headings and images only is content; a page without
 * anything is not. */
static void test_images_only(void) {
  fixture f;

  extract(&f, "<html><body><article class='markdown-body'>"
              "<h2>Test Case 1</h2><img data-src='https://x.example/1.jpg' "
              "alt='one'><h2>Test Case 2</h2><img "
              "data-src='https://x.example/2.png' alt='two'></article>"
              "</body></html>");
  g_assert_nonnull(f.article);
  assert_has(&f, "Test Case 1");
  assert_has(&f, "Test Case 2");
  g_assert_cmpuint(count_tag(&f, "img"), ==, 2);
  fixture_free(&f);
  extract(&f, "<html><body><div><img src='https://x.example/1.jpg'>"
              "</div></body></html>");
  g_assert_nonnull(f.article);
  g_assert_cmpuint(count_tag(&f, "img"), ==, 1);
  fixture_free(&f);
  extract(&f, "<html><body><div><p> </p></div></body></html>");
  g_assert_null(f.article);
  fixture_free(&f);
}

/* One teaser of a feed: a headline link, a blurb, the same controls. */
#define TEASER(n)                                                              \
  "<li><a href=\"/story" n "\">Story number " n " about the weekend</a>"       \
  "<p>A short blurb of the story, which links to another page.</p>"            \
  "<span>Morning Show</span><ul><li><i></i>Save</li>"                          \
  "<li><i></i>More like this</li></ul></li>"

static void test_teaser_feed(void) {
  fixture f;

  extract(&f, "<html><body><article>" PARAS "<ul>" TEASER("1") TEASER("2")
                  TEASER("3") TEASER("4") "</ul></article></body></html>");
  assert_has(&f, "levee, built in 1952");
  assert_lacks(&f, "More like this");
  assert_lacks(&f, "Story number 3");
  fixture_free(&f);
  /* a gallery whose items repeat one caption is not a feed */
  extract(&f, "<html><body><article>" PARAS
              "<ul><li><figure><img src=\"a.png\"><figcaption>The square"
              "</figcaption></figure></li><li><figure><img src=\"b.png\">"
              "<figcaption>The square</figcaption></figure></li><li><figure>"
              "<img src=\"c.png\"><figcaption>The square</figcaption>"
              "</figure></li></ul></article></body></html>");
  assert_has(&f, "The square");
  fixture_free(&f);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/extract/wordpress", test_wordpress);
  g_test_add_func("/extract/amp", test_amp);
  g_test_add_func("/extract/nav-article-aside", test_nav_article_aside);
  g_test_add_func("/extract/hidden", test_hidden);
  g_test_add_func("/extract/tracking-pixel", test_tracking_pixel);
  g_test_add_func("/extract/previous-next", test_previous_next);
  g_test_add_func("/extract/newsletter", test_newsletter);
  g_test_add_func("/extract/data-table", test_data_table);
  g_test_add_func("/extract/no-content", test_no_content);
  g_test_add_func("/extract/byline-title", test_byline_and_title);
  g_test_add_func("/extract/br-paragraphs", test_br_paragraphs);
  g_test_add_func("/extract/raw", test_raw);
  g_test_add_func("/extract/upper-case-markup", test_upper_case_markup);
  g_test_add_func("/extract/evidence", test_evidence);
  g_test_add_func("/extract/no-climb-to-page", test_no_climb_to_page);
  g_test_add_func("/extract/skip-link-consent", test_skip_link_and_consent);
  g_test_add_func("/extract/ads", test_ads);
  g_test_add_func("/extract/player-controls", test_player_controls);
  g_test_add_func("/extract/lead-figure", test_lead_figure);
  g_test_add_func("/extract/pullquote-kept", test_pullquote_kept);
  g_test_add_func("/extract/talkbacks", test_talkbacks);
  g_test_add_func("/extract/images-only", test_images_only);
  g_test_add_func("/extract/teaser-feed", test_teaser_feed);
  return g_test_run();
}
