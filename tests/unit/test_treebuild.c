/* test_treebuild.c: unit tests of the DOM to document tree conversion. */
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "import.h"
#include "treebuild.h"

/* An 8x8 PNG image, large enough not to count as a placeholder. */
static const char np_test_png[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x08\x00\x00\x00\x08\x08\x02\x00\x00\x00\x4b\x6d\x29"
    "\xdc\x00\x00\x00\xa2\x49\x44\x41\x54\x78\xda\x1d\x8e\x21\x0e\x83"
    "\x50\x10\x44\xc7\xd5\xe1\x70\x64\x0d\x09\x02\x87\x43\x6c\x52\xc7"
    "\x09\x48\x9a\xac\xc4\xe1\x2a\x57\x71\x02\x1c\xc9\x9e\x01\x57\xb3"
    "\x47\xe0\x04\x73\x17\x5c\x45\xf3\x6b\x27\x93\xf7\x1e\x00\x08\xa0"
    "\x80\x01\x0e\x04\x90\x00\xf1\x9f\x45\x1e\x2a\x95\x49\xed\xd2\x84"
    "\xb4\x29\x3d\x65\x28\x67\xd1\x4a\xb5\x31\xed\x5d\xc7\xd0\x29\x75"
    "\xa6\x2e\x05\x21\x56\xab\xf5\x66\x4f\xb7\x39\x6c\x4d\xdb\x68\x47"
    "\x01\x8b\x37\xea\xa3\xf9\xec\xfe\x0e\xdf\xd3\x4f\xfa\x55\x74\x12"
    "\xad\xc6\x64\xb1\x7a\xec\x11\x9f\x0c\x32\xee\x12\x21\xd9\x6b\xce"
    "\x96\x9b\xe7\x19\xc9\xcc\x2f\xb3\x2b\x69\xc2\x41\xb9\x18\x0f\xe7"
    "\x15\xbc\x93\x1d\xf9\xfa\x01\xf6\xa4\x46\xf1\x4a\xd1\x78\xfa\x00"
    "\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/* A folder holding page.html and page_files/ with a few images. */
static char *np_test_dir;
static char *np_test_page;

/* Appends a compact description of node and its subtree to buf. */
static void shape_node(const np_node *n, GString *buf) {
  const np_node *c;

  switch (n->kind) {
  case NP_NODE_TEXT:
    g_string_append_printf(buf, "\"%s\"", n->text);
    break;
  case NP_NODE_CODE:
    g_string_append_printf(buf, "code\"%s\"", n->text);
    break;
  case NP_NODE_LINEBREAK:
    g_string_append(buf, "br");
    break;
  case NP_NODE_HEADING:
    g_string_append_printf(buf, "h%d", n->as.heading.level);
    break;
  case NP_NODE_PARAGRAPH:
    g_string_append(buf, n->flags & NP_FLAG_LEAD ? "p+lead" : "p");
    break;
  case NP_NODE_BLOCKQUOTE:
    g_string_append(buf, n->flags & NP_FLAG_PULLQUOTE ? "quote+pull" : "quote");
    break;
  case NP_NODE_LIST:
    if (n->as.list.ordered)
      g_string_append_printf(buf, "ol%d", n->as.list.start);
    else
      g_string_append(buf, "ul");
    break;
  case NP_NODE_LIST_ITEM:
    g_string_append(buf, "li");
    break;
  case NP_NODE_ROW:
    g_string_append(buf, "tr");
    break;
  case NP_NODE_CELL:
    g_string_append(buf, n->flags & NP_FLAG_HEADER ? "th" : "td");
    if (n->as.cell.colspan != 1 || n->as.cell.rowspan != 1)
      g_string_append_printf(buf, "{%d,%d}", n->as.cell.colspan,
                             n->as.cell.rowspan);
    break;
  case NP_NODE_RULE:
    g_string_append(buf, "hr");
    break;
  case NP_NODE_IMAGE:
    g_string_append(buf, "img");
    break;
  case NP_NODE_EMPH:
    g_string_append(buf, "em");
    break;
  case NP_NODE_SPAN:
    g_string_append_printf(buf, "span:%s", np_span_kind_name(n->as.span.kind));
    break;
  case NP_NODE_LINK:
    g_string_append_printf(buf, "a[%s]", n->as.link.href);
    break;
  default:
    g_string_append(buf, np_node_kind_name(n->kind));
    break;
  }
  if (n->lang)
    g_string_append_printf(buf, "@%s", n->lang);
  if (n->dir != NP_DIR_INHERIT)
    g_string_append_printf(buf, "!%s", np_dir_name(n->dir));
  if (!n->first_child)
    return;
  g_string_append_c(buf, '(');
  for (c = n->first_child; c; c = c->next) {
    shape_node(c, buf);
    if (c->next)
      g_string_append_c(buf, ',');
  }
  g_string_append_c(buf, ')');
}

/* The shape of the children of the root, comma-separated (g_free). */
static char *shape(const np_doc *doc) {
  GString *buf = g_string_new(NULL);
  const np_node *c;

  for (c = doc->root->first_child; c; c = c->next) {
    shape_node(c, buf);
    if (c->next)
      g_string_append_c(buf, ',');
  }
  return g_string_free(buf, FALSE);
}

/* Checks the tree of doc against the grammar. */
static void assert_valid(const np_doc *doc) {
  np_error err = {0};
  int problems = np_tree_check(doc->root, doc->n_resources, &err);

  if (problems)
    g_printerr("%s\n", err.message);
  g_assert_cmpint(problems, ==, 0);
}

typedef struct {
  const char *title;
  const char *subtitle;
  const char *lang;
  const char *page_url;
  const char *author;
  const char *summary;
} np_test_meta;

/* Parses html, converts its body into a new document and returns it. */
static np_doc *build_with(const char *html, const np_test_meta *m) {
  xmlDoc *dom = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                               HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                   HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  np_doc *doc = np_doc_new();
  np_resolver *r;

  g_assert_nonnull(dom);
  if (m) {
    doc->meta.title = m->title;
    doc->meta.subtitle = m->subtitle;
    doc->meta.lang = m->lang;
    doc->meta.summary = m->summary;
    if (m->author)
      np_doc_add_author(doc, m->author);
  }
  r = np_resolver_new(np_test_page, doc);
  if (m && m->page_url)
    np_resolver_set_page_url(r, m->page_url);
  np_treebuild(np_dom_body(dom), doc, r);
  np_resolver_free(r);
  xmlFreeDoc(dom);
  assert_valid(doc);
  return doc;
}

/* Asserts that html converts to the shape expected. */
static void assert_shape_with(const char *html, const np_test_meta *m,
                              const char *expected) {
  np_doc *doc = build_with(html, m);
  char *got = shape(doc);

  g_assert_cmpstr(got, ==, expected);
  g_free(got);
  np_doc_free(doc);
}

static void assert_shape(const char *html, const char *expected) {
  assert_shape_with(html, NULL, expected);
}

/* The file name of the image of the first IMAGE node in doc, or "". */
static const char *first_image_file(const np_doc *doc) {
  np_iter it;
  np_node *n;
  np_event ev;
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_ENTER && n->kind == NP_NODE_IMAGE) {
      const np_resource *res = &doc->resources[n->as.image.resource];
      const char *slash = strrchr(res->url, '/');

      return slash ? slash + 1 : res->url;
    }
  }
  return "";
}

static void test_whitespace(void) {
  assert_shape("<p>  Hello \n  <em> big </em> world  </p>",
               "p(\"Hello \",em(\"big \"),\"world\")");
  assert_shape("<p>a&nbsp;b <b>x</b><i>y</i>z</p>",
               "p(\"a\xc2\xa0"
               "b \",strong(\"x\"),em(\"y\"),\"z\")");
  assert_shape("<p>  </p><p>&nbsp;</p><p><span> </span><em></em></p>", "");
  assert_shape("<div>Hello <b>there</b><p>Para</p>tail <span>end</span></div>",
               "p(\"Hello \",strong(\"there\")),p(\"Para\"),p(\"tail end\")");
  assert_shape("<p>x<sub>2</sub> <del>old</del> <u>under</u> <q>q</q> "
               "<small>s</small> <mark>m</mark></p>",
               "p(\"x\",span:sub(\"2\"),\" \",span:del(\"old\"),\" under \","
               "span:quote(\"q\"),\" \",span:small(\"s\"),\" \","
               "span:mark(\"m\"))");
  assert_shape("<p>Use <code> ls   -l </code> now</p>",
               "p(\"Use \",code\"ls -l\",\" now\")");
}

static void test_linebreaks(void) {
  assert_shape("<div>one<br><br>two<br>three<br> <br/>four<br></div>",
               "p(\"one\"),p(\"two\",br,\"three\"),p(\"four\")");
  assert_shape("<p><br>a <br> b</p>", "p(\"a\",br,\"b\")");
  assert_shape("<h2>Top<br><br>line</h2>", "h2(\"Top\",br,br,\"line\")");
}

static void test_blocks(void) {
  assert_shape("<h3>Head <em>line</em></h3><hr><pre>\n  int x;\n<code>  "
               "y = 1;</code>\n\n</pre>",
               "h3(\"Head \",em(\"line\")),hr,pre(\"  int x;\n  y = 1;\")");
  assert_shape("<blockquote><p>Said.</p></blockquote>"
               "<aside class=\"pullquote\"><p>Q</p></aside>"
               "<blockquote class=\"c-pull-quote\">P</blockquote>"
               "<aside><p>Side</p></aside>",
               "quote(p(\"Said.\")),quote+pull(p(\"Q\")),quote+pull(p(\"P\")),"
               "p(\"Side\")");
  assert_shape("<dl><dt>Term</dt><dd>Def <i>it</i></dd></dl>",
               "p(strong(\"Term\")),p(\"Def \",em(\"it\"))");
  assert_shape("<section><span>a<p>b</p>c</span></section>",
               "p(\"a\"),p(\"b\"),p(\"c\")");
}

static void test_lists(void) {
  assert_shape("<ul><li>a <b>b</b></li><li><p>b</p><ol start=\"3\"><li>c</li>"
               "<li>d<ul><li>e</li></ul></li></ol></li><li> </li></ul>",
               "ul(li(p(\"a \",strong(\"b\"))),li(p(\"b\"),ol3(li(p(\"c\")),"
               "li(p(\"d\"),ul(li(p(\"e\")))))))");
  assert_shape("<ul>stray <em>text</em><li>y</li></ul>",
               "ul(li(p(\"stray \",em(\"text\"))),li(p(\"y\")))");
}

static void test_tables(void) {
  assert_shape(
      "<table><caption>Cap</caption><thead><tr><th>H1</th>"
      "<th colspan=\"5000\">H2</th></tr></thead><tbody><tr>"
      "<td rowspan=\"0\">x</td><td rowspan=\"2\"><b>y</b></td></tr>"
      "</tbody><tfoot><tr><td></td><td>z</td></tr></tfoot></table>",
      "table(caption(\"Cap\"),tr(th(p(\"H1\")),th{1000,1}(p(\"H2\"))),"
      "tr(td(p(\"x\")),td{1,2}(p(strong(\"y\")))),tr(td,td(p(\"z\"))))");
  /* layout tables are unwrapped */
  assert_shape("<table><tr><td><p>One</p></td><td><p>Two</p><p>Three</p>"
               "</td></tr></table><table><tr><td>Only</td></tr></table>",
               "p(\"One\"),p(\"Two\"),p(\"Three\"),p(\"Only\")");
  assert_shape("<table role=\"presentation\"><tr><td>a</td><td>b</td></tr>"
               "</table>",
               "p(\"a\"),p(\"b\")");
}

static void test_links(void) {
  np_test_meta m = {NULL, NULL, NULL, "https://example.com/news/story.html",
                    NULL, NULL};

  assert_shape_with("<p><a href=\"/b\" title=\" T \">go</a> "
                    "<a href=\"javascript:alert(1)\">js</a> <a>plain</a> "
                    "<a href=\"#n\"></a><a href=\"#f\">f</a></p>",
                    &m,
                    "p(a[https://example.com/b](\"go\"),\" js plain \","
                    "a[#f](\"f\"))");
}

static void test_nested_links(void) {
  /* the HTML parser never nests links, so build the DOM by hand */
  xmlDoc *dom = xmlNewDoc(BAD_CAST "1.0");
  xmlNode *body = xmlNewNode(NULL, BAD_CAST "body"), *p, *a, *inner;
  np_doc *doc = np_doc_new();
  np_resolver *r = np_resolver_new(NULL, doc);
  char *got;

  xmlDocSetRootElement(dom, body);
  p = xmlNewChild(body, NULL, BAD_CAST "p", NULL);
  a = xmlNewChild(p, NULL, BAD_CAST "a", BAD_CAST "out ");
  xmlNewProp(a, BAD_CAST "href", BAD_CAST "https://a.example/");
  inner = xmlNewChild(a, NULL, BAD_CAST "a", BAD_CAST "in");
  xmlNewProp(inner, BAD_CAST "href", BAD_CAST "https://b.example/");
  np_treebuild(body, doc, r);
  assert_valid(doc);
  got = shape(doc);
  g_assert_cmpstr(got, ==, "p(a[https://a.example/](\"out in\"))");
  g_free(got);
  np_resolver_free(r);
  np_doc_free(doc);
  xmlFreeDoc(dom);
}

static void test_credit_detection(void) {
  g_assert_true(np_treebuild_is_credit("Photo: Jane Doe"));
  g_assert_true(np_treebuild_is_credit("(AP Photo/Jane Doe)"));
  g_assert_true(np_treebuild_is_credit("Photograph: Jane Doe/Getty Images"));
  g_assert_true(np_treebuild_is_credit("(Photo by John Smith)"));
  g_assert_true(np_treebuild_is_credit("Credit: NASA"));
  g_assert_true(np_treebuild_is_credit("\xc2\xa9 2020 Jane Doe"));
  g_assert_true(np_treebuild_is_credit("Jane Doe / Reuters"));
  g_assert_true(np_treebuild_is_credit("John Smith/AFP"));
  g_assert_true(np_treebuild_is_credit("Getty Images"));
  g_assert_true(np_treebuild_is_credit("Foto: Max Muster"));
  g_assert_false(np_treebuild_is_credit("A man walks his dog in the park."));
  g_assert_false(np_treebuild_is_credit("Photos of the flood show damage"));
  g_assert_false(
      np_treebuild_is_credit("The reporter spoke to the AP office manager "
                             "about the storm on Tuesday afternoon"));
  g_assert_false(np_treebuild_is_credit(""));
  g_assert_false(np_treebuild_is_credit(NULL));
}

static void test_credit_languages(void) {
  g_assert_true(np_treebuild_is_credit("צילום: נועה ברק"));
  g_assert_true(np_treebuild_is_credit("تصوير: سامر خليل"));
  g_assert_true(np_treebuild_is_credit("الصورة: وكالة"));
  g_assert_true(np_treebuild_is_credit("Фото: Игорь Лебедев"));
  g_assert_true(np_treebuild_is_credit("Bild: Max Muster"));
  g_assert_true(np_treebuild_is_credit("Photo : Jean Dupont"));
  g_assert_true(np_treebuild_is_credit("Photo\xc2\xa0: Jean Dupont"));
  g_assert_true(np_treebuild_is_credit("Crédit : AFP"));
  g_assert_true(np_treebuild_is_credit("Imagen: Ana Ruiz"));
  g_assert_true(np_treebuild_is_credit("Fotografia: Luca Bianchi"));
  g_assert_true(np_treebuild_is_credit("Créditos: Ana Ruiz"));
  g_assert_true(np_treebuild_is_credit("Photographer: Tom Ellery"));
  g_assert_true(np_treebuild_is_credit("图片来源：新华社"));
  g_assert_true(np_treebuild_is_credit("写真：山田太郎"));
  g_assert_false(np_treebuild_is_credit("Фотография города в сумерках"));
  g_assert_false(np_treebuild_is_credit("צילום אוויר של העיר"));
  /* split from the caption as "Photo: ..." is */
  assert_shape("<figure><img src=\"page_files/pic.png\"><figcaption>אוטובוס "
               "בתחנה. צילום: נועה ברק</figcaption></figure>",
               "figure(img,caption(\"אוטובוס בתחנה.\"),"
               "credit(\"צילום: נועה ברק\"))");
  assert_shape("<figure><img src=\"page_files/pic.png\"><figcaption>Пробный "
               "рейс. Фото: Игорь Лебедев</figcaption></figure>",
               "figure(img,caption(\"Пробный рейс.\"),"
               "credit(\"Фото: Игорь Лебедев\"))");
  assert_shape("<figure><img src=\"page_files/pic.png\"><figcaption>Le port. "
               "Photo : Jean Dupont</figcaption></figure>",
               "figure(img,caption(\"Le port.\"),"
               "credit(\"Photo : Jean Dupont\"))");
  assert_shape("<figure><img src=\"page_files/pic.png\"><figcaption>港口。"
               "图片来源：新华社</figcaption></figure>",
               "figure(img,caption(\"港口。\"),credit(\"图片来源：新华社\"))");
}

static void test_amp_img(void) {
  /* rendered: the <amp-img> and its inner <img> are one image */
  assert_shape("<figure><amp-img src=\"page_files/pic.png\" width=\"640\" "
               "height=\"384\" layout=\"responsive\"><i-amphtml-sizer>"
               "</i-amphtml-sizer><img src=\"page_files/pic.png\">"
               "</amp-img><figcaption>Stalls under the roof.</figcaption>"
               "</figure>",
               "figure(img,caption(\"Stalls under the roof.\"))");
  /* not rendered: the <amp-img> alone, with a srcset */
  assert_shape("<figure><amp-img srcset=\"page_files/big.png 1280w, "
               "page_files/small.png 640w\" src=\"page_files/small.png\" "
               "width=\"640\" height=\"384\"></amp-img><figcaption>Roof."
               "</figcaption></figure><p>Text <amp-anim "
               "src=\"page_files/pic.png\" width=\"200\" height=\"100\">"
               "</amp-anim> here</p>",
               "figure(img,caption(\"Roof.\")),p(\"Text\"),figure(img),"
               "p(\"here\")");
}

static void test_top_chrome(void) {
  np_test_meta m = {"Flood", NULL, NULL, NULL, "Moshe Avrahami", NULL};

  /* datelines, reading times, kickers and breadcrumbs before the text */
  assert_shape_with(
      "<p><a href=\"https://x.example/environment\">Environment</a></p>"
      "<p>17.08.2023 · 07:45 3 min read</p>"
      "<p>Features · Neighbourhoods</p>"
      "<p>Tuesday 21 November 2023 18:20 GMT</p>"
      "<p>| 26.03.2024, 21:15</p>"
      "<p><a href=\"https://x.example/\">Home</a> &gt; "
      "<a href=\"https://x.example/culture/\">Culture</a></p>"
      "<p>By Moshe Avrahami | 03/11/2009 | Print | "
      "<a href=\"mailto:?subject=x\">Send to a friend</a></p>"
      "<p>The council voted on Tuesday night to open the library on "
      "Saturdays, after a petition signed by 2,300 residents.</p>"
      "<p>Updated 12 May 2024</p>",
      &m,
      "p(\"The council voted on Tuesday night to open the library on "
      "Saturdays, after a petition signed by 2,300 residents.\"),"
      "p(\"Updated 12 May 2024\")");
  /* short real content at the top stays */
  assert_shape_with("<p>It rained.</p><p>Lorem ipsum<br>dolor sit</p>"
                    "<p>Analysis</p><p>In 2023, 41 per cent.</p>",
                    &m,
                    "p(\"It rained.\"),p(\"Lorem ipsum\",br,\"dolor sit\"),"
                    "p(\"Analysis\"),p(\"In 2023, 41 per cent.\")");
}

static void test_figures(void) {
  assert_shape("<figure><img src=\"page_files/pic.png\" alt=\" A  pic \">"
               "<figcaption>A man walks. (AP Photo/Jane Doe)</figcaption>"
               "</figure>",
               "figure(img,caption(\"A man walks.\"),"
               "credit(\"AP Photo/Jane Doe\"))");
  assert_shape("<figure><figcaption>Photo: Ann Lee</figcaption>"
               "<img src=\"page_files/pic.png\"></figure>",
               "figure(img,credit(\"Photo: Ann Lee\"))");
  assert_shape("<figure><img src=\"page_files/pic.png\"><img "
               "src=\"page_files/big.png\"><figcaption>Sunset <em>at</em> "
               "sea <span class=\"image-credit\">Jane / Reuters</span>"
               "</figcaption></figure>",
               "figure(img,img,caption(\"Sunset \",em(\"at\"),\" sea\"),"
               "credit(\"Jane / Reuters\"))");
  assert_shape("<figure><img src=\"page_files/pic.png\"><figcaption>Protesters "
               "march. Photograph: Jane Doe/Getty Images</figcaption></figure>",
               "figure(img,caption(\"Protesters march.\"),"
               "credit(\"Photograph: Jane Doe/Getty Images\"))");
  /* a caption-like sibling in a figure-like container */
  assert_shape("<div class=\"wp-caption\"><img src=\"page_files/pic.png\">"
               "<p class=\"wp-caption-text\">Nice view | Photo: Ann</p></div>"
               "<p class=\"caption\">Not a caption</p>",
               "figure(img,caption(\"Nice view\"),credit(\"Photo: Ann\")),"
               "p(\"Not a caption\")");
  /* a figure holding text blocks is a plain container */
  assert_shape("<figure><ul><li>Share</li></ul><img src=\"page_files/pic."
               "png\"></figure><figure><p>A long quotation that goes on and "
               "on, far longer than any share bar or credit line would ever "
               "be, and then it goes on some more.</p><img "
               "src=\"page_files/pic.png\"></figure>",
               "figure(img),p(\"A long quotation that goes on and on, far "
               "longer than any share bar or credit line would ever be, and "
               "then it goes on some more.\"),"
               "figure(img)");
}

static void test_image_lifted(void) {
  assert_shape("<p>Before <img src=\"page_files/pic.png\"> after</p>",
               "p(\"Before\"),figure(img),p(\"after\")");
  assert_shape("<p><em>a <a href=\"https://x.example/\"><img "
               "src=\"page_files/pic.png\"></a> b</em></p>",
               "p(em(\"a\")),figure(img),p(em(\"b\"))");
  assert_shape("<h2>Title <img src=\"page_files/pic.png\"></h2>",
               "h2(\"Title\")");
  /* tracking pixels and icons are skipped */
  assert_shape(
      "<p>x<img src=\"page_files/pic.png\" width=\"1\" height=\"1\">"
      "<img src=\"page_files/pic.png\" width=\"16\">"
      "<img src=\"page_files/pic.png\" width=\"0\" height=\"300\"></p>",
      "p(\"x\")");
}

static void test_image_sources(void) {
  np_doc *doc;
  np_node *image;

  doc = build_with("<img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///"
                   "yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\" data-src=\"page_files/"
                   "pic.png\" alt=\"Lazy\" width=\"640\" height=\"480\">",
                   NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "pic.png");
  image = doc->root->first_child->first_child;
  g_assert_cmpstr(image->as.image.alt, ==, "Lazy");
  g_assert_cmpint(image->as.image.width, ==, 640);
  g_assert_cmpint(image->as.image.height, ==, 480);
  np_doc_free(doc);

  doc = build_with("<img src=\"page_files/pic.png\" srcset=\"page_files/"
                   "small.png 100w, page_files/big.png 800w, page_files/"
                   "pic.png 400w\">",
                   NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "big.png");
  np_doc_free(doc);

  doc = build_with("<img src=\"page_files/pic.png\" srcset=\"page_files/"
                   "big.png 2x, page_files/small.png 1x\">",
                   NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "big.png");
  np_doc_free(doc);

  doc = build_with("<picture><source type=\"image/webp\" srcset=\"page_files/"
                   "big.png\"><img src=\"page_files/small.png\"></picture>",
                   NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "big.png");
  np_doc_free(doc);

  doc =
      build_with("<div><img class=\"lazy\" src=\"data:image/gif;base64,"
                 "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\">"
                 "<noscript><img src=\"page_files/big.png\"></noscript></div>",
                 NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "big.png");
  g_assert_cmpuint(np_node_child_count(doc->root), ==, 1);
  np_doc_free(doc);

  /* generic data-* attribute holding an image URL */
  doc =
      build_with("<img data-lazy-image=\"page_files/small.png?w=300\">", NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "small.png?w=300");
  np_doc_free(doc);

  /* a noscript alone is the image */
  doc = build_with("<div><noscript><img src=\"page_files/pic.png\">"
                   "</noscript></div>",
                   NULL);
  g_assert_cmpstr(first_image_file(doc), ==, "pic.png");
  np_doc_free(doc);

  /* an image without any reference is dropped with its figure */
  assert_shape("<figure><img alt=\"none\"><figcaption>Cap</figcaption>"
               "</figure><p>t</p>",
               "p(\"t\")");
}

static void test_lang_dir(void) {
  np_test_meta m = {NULL, NULL, "en", NULL, NULL, NULL};
  np_doc *doc;

  assert_shape_with(
      "<p>Hello</p><p lang=\"he\" dir=\"rtl\">\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
      "<span lang=\"en\">OK</span></p><p dir=\"auto\">\xd7\xa9\xd7\x9c\xd7"
      "\x95\xd7\x9d</p><div lang=\"EN\"><p>same</p></div>"
      "<p>x <bdi>\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9</bdi>"
      "</p>",
      &m,
      "p(\"Hello\"),p@he!rtl(\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \","
      "\"OK\"@en),p!rtl(\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\"),p(\"same\"),"
      "p(\"x \",\"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9\""
      "!rtl)");
  doc = build_with("<p>Hi</p>", &m);
  g_assert_cmpstr(doc->root->lang, ==, "en");
  np_doc_free(doc);
}

static void test_title_and_lead(void) {
  np_test_meta m = {
      "The Big  Story", "A short summary of it", NULL, NULL, NULL, NULL};

  assert_shape_with("<h1>The big story</h1><p class=\"c-standfirst\">Lead "
                    "text</p><p>Body</p>",
                    &m, "p+lead(\"Lead text\"),p(\"Body\")");
  assert_shape_with("<p><strong>The Big Story:</strong></p><p>A short "
                    "summary of it</p><p>Body</p><h1>The Big Story</h1>",
                    &m,
                    "p+lead(\"A short summary of it\"),p(\"Body\"),"
                    "h1(\"The Big Story\")");
  assert_shape_with("<p>One</p><p>Two</p><p>Three</p><p>Four</p>"
                    "<p class=\"lead\">Late</p><h2>The Big Story</h2>",
                    &m,
                    "p(\"One\"),p(\"Two\"),p(\"Three\"),p(\"Four\"),"
                    "p(\"Late\"),h2(\"The Big Story\")");
}

/* The publisher's summary marks the standfirst, as a paragraph among the
 * first blocks or a heading right after the title; a summary the page does
 * not give (taken from the first paragraph) marks nothing. */
static void test_lead_from_summary(void) {
  np_test_meta m = {"The Big Story",
                    "A short summary of it",
                    NULL,
                    NULL,
                    NULL,
                    "Israel warned that Syria could turn into a base"};

  assert_shape_with("<head><meta name=\"description\" content=\"Israel "
                    "warned\"></head><figure><img src=\"page_files/pic.png\">"
                    "</figure><p>Israel  warned that Syria could turn into a "
                    "BASE</p><p>Body</p>",
                    &m,
                    "figure(img),p+lead(\"Israel warned that Syria could "
                    "turn into a BASE\"),p(\"Body\")");
  /* the summary starts the paragraph and covers 90% of it */
  assert_shape_with("<head><meta name=\"description\" content=\"x\"></head>"
                    "<p>Israel warned that Syria could turn into a base.</p>"
                    "<p>Israel warned that Syria could turn into a base for "
                    "missiles launched at Jordan, and more.</p>",
                    &m,
                    "p+lead(\"Israel warned that Syria could turn into a "
                    "base.\"),p(\"Israel warned that Syria could turn into a "
                    "base for missiles launched at Jordan, and more.\")");
  assert_shape_with("<p>Israel warned that Syria could turn into a base</p>"
                    "<p>Body</p>",
                    &m,
                    "p(\"Israel warned that Syria could turn into a base\"),"
                    "p(\"Body\")");
  assert_shape_with("<h1>The Big Story</h1><h2>A short summary of it</h2>"
                    "<p>Body</p><h2>A short summary of it</h2>",
                    &m,
                    "p+lead(\"A short summary of it\"),p(\"Body\"),"
                    "h2(\"A short summary of it\")");
  assert_shape_with("<h1>The Big Story</h1><h2>Another heading</h2><p>Body</p>",
                    &m, "h2(\"Another heading\"),p(\"Body\")");
}

/* No-break and other Unicode spaces at the edges of a block are trimmed;
 * inside the text they stay. */
static void test_edge_spaces(void) {
  assert_shape("<p>&nbsp;Defense.&nbsp;&nbsp;</p><p>a&nbsp;b <em>c&nbsp;"
               "</em>&#x2009;</p><h2>\xe2\x80\x83Head\xe3\x80\x80</h2>"
               "<p>&nbsp;<br>&nbsp;</p>",
               "p(\"Defense.\"),p(\"a\xc2\xa0"
               "b \",em(\"c\")),h2(\"Head\")");
}

/* One-column and one-cell tables are layout: unwrapped, an image cell and
 * the short text cell after it make a figure; data tables stay. */
static void test_layout_table_figure(void) {
  assert_shape("<table><tr><td><img src=\"page_files/pic.png\"></td></tr>"
               "<tr><td class=\"note\">Reading room. Photo: Ann Lee</td></tr>"
               "</table><p>Body</p>",
               "figure(img,caption(\"Reading room.\"),"
               "credit(\"Photo: Ann Lee\")),p(\"Body\")");
  assert_shape("<table><tr><td>One</td></tr><tr><td>Two</td></tr></table>",
               "p(\"One\"),p(\"Two\")");
  assert_shape("<table><tr><th>Year</th></tr><tr><td>2001</td></tr></table>",
               "table(tr(th(p(\"Year\"))),tr(td(p(\"2001\"))))");
  assert_shape("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td>"
               "</tr></table>",
               "table(tr(td(p(\"a\")),td(p(\"b\"))),tr(td(p(\"c\")),"
               "td(p(\"d\"))))");
}

/* A short text right after an image is its caption in a small image
 * wrapper, or with a legend-like class; body text is not. */
static void test_image_wrapper_caption(void) {
  assert_shape("<div class=\"news-img\"><img src=\"page_files/pic.png\">"
               "<div class=\"img-sign\">A tram. Photo: Ann Lee</div></div>"
               "<p>Body</p>",
               "figure(img,caption(\"A tram.\"),credit(\"Photo: Ann Lee\")),"
               "p(\"Body\")");
  assert_shape("<div><a href=\"page_files/pic.png\"><img src=\"page_files/"
               "pic.png\"></a><span>The old pier</span></div><p>Body</p>",
               "figure(img,caption(\"The old pier\")),p(\"Body\")");
  assert_shape("<img src=\"page_files/pic.png\"><p class=\"photoDesc\">The "
               "old pier</p><p>Body</p>",
               "figure(img,caption(\"The old pier\")),p(\"Body\")");
  /* text in the article itself, or beside more content, stays body text */
  assert_shape("<img src=\"page_files/pic.png\"><p>First</p>",
               "figure(img),p(\"First\")");
  assert_shape("<div><img src=\"page_files/pic.png\"><p>First</p><p>Second"
               "</p></div>",
               "figure(img),p(\"First\"),p(\"Second\")");
  assert_shape("<div><img src=\"page_files/pic.png\"><div><p>In a block</p>"
               "</div></div>",
               "figure(img),p(\"In a block\")");
}

/* The metadata names the direction the root has. */
static void test_dir_in_meta(void) {
  np_doc *doc = build_with("<body dir=\"rtl\"><p>x</p></body>", NULL);

  g_assert_cmpint(doc->root->dir, ==, NP_DIR_RTL);
  g_assert_cmpint(doc->meta.dir, ==, NP_DIR_RTL);
  np_doc_free(doc);
}

static void test_dropped(void) {
  assert_shape("<p>a<script>x()</script><style>p{}</style></p>"
               "<iframe src=\"x\"></iframe><nav><p>menu</p></nav>"
               "<form><p>In form</p><input value=\"v\"><button>Go</button>"
               "<textarea>t</textarea></form><video>v</video>"
               "<p hidden>h</p><p style=\"display: none\">n</p><!-- c -->"
               "<svg><text>s</text></svg><p>E = <math alttext=\"mc^2\">"
               "<mi>x</mi></math></p>",
               "p(\"a\"),p(\"In form\"),p(\"E = mc^2\")");
}

static void test_lines(void) {
  np_doc *doc = build_with("<p>one</p>\n\n<p>two\n<em>x</em></p>\n<div>"
                           "three</div>",
                           NULL);
  np_node *p = doc->root->first_child;

  g_assert_cmpint(p->line, ==, 1);
  g_assert_cmpint(p->next->line, ==, 3);
  g_assert_cmpint(p->next->last_child->line, ==, 4);
  g_assert_cmpint(p->next->next->line, ==, 5);
  np_doc_free(doc);
}

/* Every this many levels, a deep document holds a word. */
#define NP_TEST_WORD_EVERY 1000

/* Builds a document whose body nests levels elements, cycling through
 * names, with text at the bottom, and converts it. */
static void deep_case(const char *const *names, size_t n_names, int levels) {
  xmlDoc *dom = xmlNewDoc(BAD_CAST "1.0");
  xmlNode *body = xmlNewNode(NULL, BAD_CAST "body"), *cur = body;
  np_doc *doc = np_doc_new();
  np_resolver *r = np_resolver_new(NULL, doc);
  char *text;
  int i, words;

  xmlDocSetRootElement(dom, body);
  for (i = 0; i < levels; i++) {
    cur = xmlNewChild(cur, NULL, BAD_CAST names[(size_t)i % n_names],
                      i % NP_TEST_WORD_EVERY == 0 ? BAD_CAST "w " : NULL);
    if (i % 3 == 0)
      xmlNewProp(cur, BAD_CAST "lang", BAD_CAST(i % 2 ? "fr" : "de"));
  }
  xmlNodeAddContent(cur, BAD_CAST "bottom");
  np_treebuild(body, doc, r);
  assert_valid(doc);
  text = np_node_text(doc->root);
  g_assert_nonnull(strstr(text, "bottom"));
  for (i = 0, words = 0; text[i]; i++)
    words += text[i] == 'w';
  g_assert_cmpint(words, ==,
                  (levels + NP_TEST_WORD_EVERY - 1) / NP_TEST_WORD_EVERY);
  free(text);
  np_resolver_free(r);
  np_doc_free(doc);
  xmlFreeDoc(dom);
}

static void test_deep_nesting(void) {
  static const char *const divs[] = {"div"};
  static const char *const mixed[] = {"blockquote", "em", "ul",     "li",
                                      "span",       "a",  "strong", "table",
                                      "tr",         "td", "p"};
  static const char *const inlines[] = {"em", "strong", "sub"};

  deep_case(divs, G_N_ELEMENTS(divs), 100000);
  deep_case(mixed, G_N_ELEMENTS(mixed), 100000);
  deep_case(inlines, G_N_ELEMENTS(inlines), 100000);
}

#define RLO "\xe2\x80\xae"
#define PDF "\xe2\x80\xac"
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"

/* Explicit bidi controls never run past their block: what a paragraph,
 * heading or caption leaves open is closed at its end (inside the last
 * inline), closers that close nothing are dropped; alt texts and link
 * titles are balanced on their own. */
static void test_bidi_per_block(void) {
  np_doc *doc;
  const np_node *fig;

  assert_shape("<p>a <em>" RLO "b</em> c</p><p>d " PDF "e" PDI "</p>"
               "<h2>h " LRI "i</h2><p>ok " RLO "x" PDF " y</p>",
               "p(\"a \",em(\"" RLO "b\"),\" c" PDF "\"),p(\"d e\"),"
               "h2(\"h " LRI "i" PDI "\"),p(\"ok " RLO "x" PDF " y\")");
  assert_shape("<p>a <a href=\"https://e.x/\" title=\"t" RLO "\">" RLO
               "in the link</a></p>",
               "p(\"a \",a[https://e.x/](\"" RLO "in the link" PDF "\"))");
  doc = build_with("<figure><img src=\"page_files/pic.png\" alt=\"x " RLO
                   "\"><figcaption>cap " LRI "</figcaption></figure>"
                   "<p>t <a href=\"https://e.x/\" title=\"t" RLO "\">l</a>"
                   "</p>",
                   NULL);
  fig = doc->root->first_child;
  g_assert_cmpint(fig->kind, ==, NP_NODE_FIGURE);
  g_assert_cmpstr(fig->first_child->as.image.alt, ==, "x " RLO PDF);
  g_assert_cmpstr(fig->last_child->first_child->text, ==, "cap " LRI PDI);
  g_assert_cmpstr(fig->next->last_child->as.link.title, ==, "t" RLO PDF);
  np_doc_free(doc);
}

/* Control characters (C0 but tab and newlines, DEL, C1) leave every text;
 * NEL becomes a space. */
static void test_controls_dropped(void) {
  np_doc *doc;

  assert_shape("<p>a&#1;b\x02"
               "c&#x7f;d\xc2\x80"
               "e\xc2\x85"
               "f</p>"
               "<pre>x\x01\ty\nz</pre>",
               "p(\"abcde f\"),pre(\"x\ty\nz\")");
  doc = build_with("<figure><img src=\"page_files/pic.png\" alt=\"a\x01"
                   "b\"></figure>",
                   NULL);
  g_assert_cmpstr(doc->root->first_child->first_child->as.image.alt, ==, "ab");
  np_doc_free(doc);
}

/* The importer: binary data is refused before parsing, a text page is not;
 * the metadata are cleaned as the body is. */
static void test_import_hostile(void) {
  static const char noise[] = "\x93\x01\x02\xff\x00\x10garbage\x05";
  static const char nul_page[] =
      "<html><head><title>T" RLO "itle\x01</title></head><body><article>"
      "<p>A paragraph long enough to be the article, with a NUL \0 byte "
      "inside it and more words after it so that it counts as content.</p>"
      "</article></body></html>";
  np_doc *doc = NULL;
  np_error err;

  g_assert_cmpint(
      np_import_memory("noise.html", noise, sizeof noise - 1, NULL, &doc, &err),
      ==, NP_ERR_IO);
  g_assert_null(doc);
  g_assert_cmpstr(err.message, ==,
                  "noise.html: not an HTML page (looks like binary data)");
  g_assert_cmpint(np_import_memory("nul.html", nul_page, sizeof nul_page - 1,
                                   NULL, &doc, &err),
                  ==, NP_OK);
  g_assert_cmpstr(doc->meta.title, ==, "T" RLO "itle" PDF);
  np_doc_free(doc);
}

static void write_file(const char *path, const char *data, size_t len) {
  GError *error = NULL;

  g_assert_true(g_file_set_contents(path, data, (gssize)len, &error));
}

int main(int argc, char **argv) {
  char *files, *path;
  int rc;

  g_test_init(&argc, &argv, NULL);
  np_test_dir = g_dir_make_tmp("np-treebuild-XXXXXX", NULL);
  g_assert_nonnull(np_test_dir);
  np_test_page = g_build_filename(np_test_dir, "page.html", NULL);
  write_file(np_test_page, "<p>page</p>", 11);
  files = g_build_filename(np_test_dir, "page_files", NULL);
  g_assert_cmpint(g_mkdir(files, 0700), ==, 0);
  path = g_build_filename(files, "pic.png", NULL);
  write_file(path, np_test_png, sizeof np_test_png - 1);
  g_free(path);
  path = g_build_filename(files, "big.png", NULL);
  write_file(path, np_test_png, sizeof np_test_png - 1);
  g_free(path);
  path = g_build_filename(files, "small.png", NULL);
  write_file(path, np_test_png, sizeof np_test_png - 1);
  g_free(path);

  g_test_add_func("/treebuild/whitespace", test_whitespace);
  g_test_add_func("/treebuild/linebreaks", test_linebreaks);
  g_test_add_func("/treebuild/blocks", test_blocks);
  g_test_add_func("/treebuild/lists", test_lists);
  g_test_add_func("/treebuild/tables", test_tables);
  g_test_add_func("/treebuild/links", test_links);
  g_test_add_func("/treebuild/nested_links", test_nested_links);
  g_test_add_func("/treebuild/credit_detection", test_credit_detection);
  g_test_add_func("/treebuild/figures", test_figures);
  g_test_add_func("/treebuild/credit_languages", test_credit_languages);
  g_test_add_func("/treebuild/amp_img", test_amp_img);
  g_test_add_func("/treebuild/top_chrome", test_top_chrome);
  g_test_add_func("/treebuild/image_lifted", test_image_lifted);
  g_test_add_func("/treebuild/image_sources", test_image_sources);
  g_test_add_func("/treebuild/lang_dir", test_lang_dir);
  g_test_add_func("/treebuild/title_and_lead", test_title_and_lead);
  g_test_add_func("/treebuild/lead_from_summary", test_lead_from_summary);
  g_test_add_func("/treebuild/edge_spaces", test_edge_spaces);
  g_test_add_func("/treebuild/layout_table_figure", test_layout_table_figure);
  g_test_add_func("/treebuild/image_wrapper_caption",
                  test_image_wrapper_caption);
  g_test_add_func("/treebuild/dir_in_meta", test_dir_in_meta);
  g_test_add_func("/treebuild/dropped", test_dropped);
  g_test_add_func("/treebuild/lines", test_lines);
  g_test_add_func("/treebuild/deep_nesting", test_deep_nesting);
  g_test_add_func("/treebuild/bidi_per_block", test_bidi_per_block);
  g_test_add_func("/treebuild/controls_dropped", test_controls_dropped);
  g_test_add_func("/import/hostile", test_import_hostile);
  rc = g_test_run();

  path = g_build_filename(files, "pic.png", NULL);
  g_remove(path);
  g_free(path);
  path = g_build_filename(files, "big.png", NULL);
  g_remove(path);
  g_free(path);
  path = g_build_filename(files, "small.png", NULL);
  g_remove(path);
  g_free(path);
  g_rmdir(files);
  g_remove(np_test_page);
  g_rmdir(np_test_dir);
  g_free(files);
  g_free(np_test_page);
  g_free(np_test_dir);
  return rc;
}
