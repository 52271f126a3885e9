/* test_render.c: unit tests of the renderers (text, Markdown, XHTML, JSON,
 * tree dump) on documents built by hand. */
#include "doc.h"
#include "dump.h"
#include "html.h"
#include "json.h"
#include "markdown.h"
#include "text.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

/* Appends a new node of kind to parent and returns it. */
static np_node *add(np_doc *doc, np_node *parent, np_node_kind kind) {
  np_node *n = np_node_new(doc->arena, kind);

  g_assert_true(np_node_append(parent, n));
  return n;
}

/* Appends a TEXT (or CODE) node holding s to parent and returns it. */
static np_node *add_text(np_doc *doc, np_node *parent, np_node_kind kind,
                         const char *s) {
  np_node *n = np_node_new_text(doc->arena, kind, s, strlen(s));

  g_assert_true(np_node_append(parent, n));
  return n;
}

/* Appends a block of kind holding one text and returns the block. */
static np_node *add_block(np_doc *doc, np_node *parent, np_node_kind kind,
                          const char *s) {
  np_node *n = add(doc, parent, kind);

  add_text(doc, n, NP_NODE_TEXT, s);
  return n;
}

/* Returns a document with metadata and one node of most kinds. */
static np_doc *sample_doc(void) {
  np_doc *doc = np_doc_new();
  np_node *root = doc->root, *p, *list, *item, *sub, *fig, *img, *table, *row,
          *cell, *link, *q;
  np_resource res = {NP_RES_LOCAL, "photo.jpg", "/abs/dir/photo.jpg",
                     NULL,         0,           "image/jpeg"};
  int i;

  doc->meta.title = "Big news";
  np_doc_add_author(doc, "Ann Lee");
  np_doc_add_author(doc, "Bo Chen");
  doc->meta.published = "2024-03-05T10:00:00Z";
  doc->meta.site_name = "The Daily";
  doc->meta.url = "https://example.com/a";
  doc->meta.source_path = "/home/someone/pages/a.html";
  doc->meta.summary = "What happened.";
  doc->meta.lang = "en";
  doc->meta.dir = NP_DIR_LTR;
  i = np_doc_add_resource(doc, &res);

  p = add_block(doc, root, NP_NODE_PARAGRAPH, "The lede.");
  p->flags |= NP_FLAG_LEAD;
  add_block(doc, root, NP_NODE_HEADING, "Subhead")->as.heading.level = 2;
  p = add(doc, root, NP_NODE_PARAGRAPH);
  add_text(doc, p, NP_NODE_TEXT, "Hello ");
  add_text(doc, add(doc, p, NP_NODE_EMPH), NP_NODE_TEXT, "world");
  add_text(doc, p, NP_NODE_TEXT, " and ");
  link = add(doc, p, NP_NODE_LINK);
  link->as.link.href = "https://x.org/a b";
  link->as.link.title = "T";
  add_text(doc, link, NP_NODE_TEXT, "a link");
  add_text(doc, p, NP_NODE_TEXT, ".");
  list = add(doc, root, NP_NODE_LIST);
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH, "one");
  item = add(doc, list, NP_NODE_LIST_ITEM);
  add_block(doc, item, NP_NODE_PARAGRAPH, "two");
  sub = add(doc, item, NP_NODE_LIST);
  sub->as.list.ordered = 1;
  sub->as.list.start = 3;
  add_block(doc, add(doc, sub, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH, "three");
  fig = add(doc, root, NP_NODE_FIGURE);
  img = add(doc, fig, NP_NODE_IMAGE);
  img->as.image.resource = i;
  img->as.image.alt = "A cat";
  add_block(doc, fig, NP_NODE_CAPTION, "The cat.");
  add_block(doc, fig, NP_NODE_CREDIT, "Photo: Z");
  table = add(doc, root, NP_NODE_TABLE);
  row = add(doc, table, NP_NODE_ROW);
  cell = add(doc, row, NP_NODE_CELL);
  cell->flags |= NP_FLAG_HEADER;
  add_block(doc, cell, NP_NODE_PARAGRAPH, "A");
  cell = add(doc, row, NP_NODE_CELL);
  cell->flags |= NP_FLAG_HEADER;
  add_block(doc, cell, NP_NODE_PARAGRAPH, "B");
  row = add(doc, table, NP_NODE_ROW);
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "1");
  add_block(doc, add(doc, row, NP_NODE_CELL), NP_NODE_PARAGRAPH, "x|y");
  add_block(doc, root, NP_NODE_PRE, "a = 1;\n  b = `c`;\n");
  q = add(doc, root, NP_NODE_BLOCKQUOTE);
  q->flags |= NP_FLAG_PULLQUOTE;
  add_block(doc, q, NP_NODE_PARAGRAPH, "Quoted.");
  p = add_block(doc, q, NP_NODE_PARAGRAPH, "שלום");
  p->lang = "he";
  p->dir = NP_DIR_RTL;
  np_doc_warn(doc, "image \"b.png\" missing");
  g_assert_cmpint(np_tree_check(doc->root, doc->n_resources, NULL), ==, 0);
  return doc;
}

static void test_text_sample(void) {
  np_doc *doc = sample_doc();
  char *text = np_render_text(doc);

  g_assert_cmpstr(text, ==,
                  "The lede.\n\n"
                  "Subhead\n\n"
                  "Hello world and a link.\n\n"
                  "- one\n"
                  "- two\n"
                  "  3. three\n\n"
                  "The cat.\n\n"
                  "Photo: Z\n\n"
                  "A\tB\n"
                  "1\tx|y\n\n"
                  "a = 1;\n"
                  "  b = `c`;\n\n"
                  "Quoted.\n\n"
                  "שלום\n");
  free(text);
  np_doc_free(doc);
}

static void test_text_blocks(void) {
  np_doc *doc = np_doc_new();
  np_node *p, *list, *item;
  char *text;

  p = add(doc, doc->root, NP_NODE_PARAGRAPH);
  add_text(doc, p, NP_NODE_TEXT, "  first line ");
  add(doc, p, NP_NODE_LINEBREAK);
  add_text(doc, p, NP_NODE_TEXT, " second ");
  add(doc, doc->root, NP_NODE_RULE);
  add(doc, doc->root, NP_NODE_PARAGRAPH); /* empty: left out */
  list = add(doc, doc->root, NP_NODE_LIST);
  list->as.list.ordered = 1;
  list->as.list.start = 9;
  item = add(doc, list, NP_NODE_LIST_ITEM);
  add_block(doc, item, NP_NODE_PARAGRAPH, "nine");
  add_block(doc, item, NP_NODE_PARAGRAPH, "more of nine");
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH, "ten");
  text = np_render_text(doc);
  g_assert_cmpstr(text, ==,
                  "first line\nsecond\n\n"
                  "9. nine\n\n"
                  "   more of nine\n"
                  "10. ten\n");
  free(text);
  np_doc_free(doc);

  doc = np_doc_new();
  text = np_render_text(doc);
  g_assert_cmpstr(text, ==, "");
  free(text);
  np_doc_free(doc);
}

static void test_word_count(void) {
  g_assert_cmpuint(np_word_count(""), ==, 0);
  g_assert_cmpuint(np_word_count("Hello, world!"), ==, 2);
  g_assert_cmpuint(np_word_count("It's a well-known fact - 42 times."), ==, 6);
  g_assert_cmpuint(np_word_count("don't-stop 'quoted'"), ==, 2);
  /* Hebrew, with a gershayim acronym and niqqud */
  g_assert_cmpuint(np_word_count("שָׁלוֹם לכם, צה״ל"), ==, 3);
  /* Chinese: one word per Han character */
  g_assert_cmpuint(np_word_count("我爱北京。"), ==, 4);
  /* Japanese: kana count per character, the length mark joins */
  g_assert_cmpuint(np_word_count("コーヒー"), ==, 2);
  g_assert_cmpuint(np_word_count("Apple 公司 2024年"), ==, 5);
  /* digits (Common script) right after an ideograph belong to it; Latin
   * letters start a word */
  g_assert_cmpuint(np_word_count("年2024 公司A"), ==, 4);
  g_assert_cmpuint(np_word_count("한국어 text"), ==, 4);
  /* invalid UTF-8 separates words */
  g_assert_cmpuint(np_word_count("ab\xff"
                                 "cd"),
                   ==, 2);
}

static void test_markdown_sample(void) {
  np_doc *doc = sample_doc();
  char *md = np_render_markdown(doc);

  g_assert_cmpstr(md, ==,
                  "# Big news\n\n"
                  "*Ann Lee and Bo Chen* · 2024-03-05 · "
                  "[The Daily](https://example.com/a)\n\n"
                  "The lede.\n\n"
                  "## Subhead\n\n"
                  "Hello *world* and [a link](<https://x.org/a b> \"T\").\n\n"
                  "- one\n"
                  "- two\n"
                  "  3. three\n\n"
                  "![A cat](photo.jpg)\n\n"
                  "*The cat.* — *Photo: Z*\n\n"
                  "| A | B |\n"
                  "| --- | --- |\n"
                  "| 1 | x\\|y |\n\n"
                  "```\n"
                  "a = 1;\n"
                  "  b = `c`;\n"
                  "```\n\n"
                  "> Quoted.\n"
                  ">\n"
                  "> שלום\n");
  free(md);
  np_doc_free(doc);
}

/* Returns the Markdown of a document holding one paragraph with text s. */
static char *markdown_of_paragraph(const char *s) {
  np_doc *doc = np_doc_new();
  char *md;

  add_block(doc, doc->root, NP_NODE_PARAGRAPH, s);
  md = np_render_markdown(doc);
  np_doc_free(doc);
  return md;
}

static void test_markdown_escape(void) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"*not emphasis*", "\\*not emphasis\\*\n"},
      {"[x](y)", "\\[x\\](y)\n"},
      {"# not a heading", "\\# not a heading\n"},
      {"1. not a list", "1\\. not a list\n"},
      {"2024) also not", "2024\\) also not\n"},
      {"- nor this", "\\- nor this\n"},
      {"+ nor this", "\\+ nor this\n"},
      {"a_b `c` <d> \\ ~", "a\\_b \\`c\\` \\<d\\> \\\\ \\~\n"},
      {"AT&T &amp; & co", "AT&T \\&amp; & co\n"},
      {"price 1.5 #1", "price 1.5 #1\n"},
  };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *md = markdown_of_paragraph(cases[i].in);

    g_assert_cmpstr(md, ==, cases[i].out);
    free(md);
  }
}

static void test_markdown_inlines(void) {
  np_doc *doc = np_doc_new();
  np_node *p = add(doc, doc->root, NP_NODE_PARAGRAPH), *em, *q, *list;
  char *md;

  add_text(doc, p, NP_NODE_TEXT, "a");
  em = add(doc, p, NP_NODE_STRONG);
  add_text(doc, em, NP_NODE_TEXT, " bold ");
  add_text(doc, p, NP_NODE_TEXT, "b");
  em = add(doc, p, NP_NODE_EMPH);
  add_text(doc, em, NP_NODE_TEXT, "\u00a0nb\u00a0");
  add(doc, p, NP_NODE_EMPH); /* empty: no delimiters */
  add_text(doc, p, NP_NODE_CODE, "x ` y");
  add(doc, p, NP_NODE_LINEBREAK);
  add_text(doc, p, NP_NODE_TEXT, "1. line");
  q = add(doc, doc->root, NP_NODE_BLOCKQUOTE);
  add_block(doc, add(doc, q, NP_NODE_BLOCKQUOTE), NP_NODE_PARAGRAPH, "deep");
  add_block(doc, q, NP_NODE_PARAGRAPH, "shallow");
  list = add(doc, doc->root, NP_NODE_LIST);
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PARAGRAPH, "x");
  list = add(doc, doc->root, NP_NODE_LIST);
  add_block(doc, add(doc, list, NP_NODE_LIST_ITEM), NP_NODE_PRE, "```\n");
  md = np_render_markdown(doc);
  g_assert_cmpstr(md, ==,
                  "a **bold** b\u00a0*nb*\u00a0``x ` y``\\\n"
                  "1\\. line\n\n"
                  "> > deep\n"
                  ">\n"
                  "> shallow\n\n"
                  "- x\n\n"
                  "* ````\n"
                  "  ```\n"
                  "  ````\n");
  free(md);
  np_doc_free(doc);
}

/* Parses xml strictly (no recovery, no network); fails the test if it is
 * not well-formed, and returns the document. */
static xmlDocPtr parse_xml(const char *xml, size_t len) {
  xmlDocPtr d =
      xmlReadMemory(xml, (int)len, "test.xhtml", NULL,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  g_assert_nonnull(d);
  return d;
}

/* Returns the number of elements called name in the subtree of node. */
static int count_elements(xmlNodePtr node, const char *name) {
  int n = 0;

  for (; node; node = node->next) {
    if (node->type == XML_ELEMENT_NODE &&
        strcmp((const char *)node->name, name) == 0)
      n++;
    n += count_elements(node->children, name);
  }
  return n;
}

/* Appends a cell holding one paragraph of text to row. */
static np_node *add_cell(np_doc *doc, np_node *row, const char *s, int colspan,
                         int rowspan) {
  np_node *cell = add(doc, row, NP_NODE_CELL);

  cell->as.cell.colspan = colspan;
  cell->as.cell.rowspan = rowspan;
  add_block(doc, cell, NP_NODE_PARAGRAPH, s);
  return cell;
}

static void test_markdown_spans(void) {
  np_doc *doc = np_doc_new();
  np_node *table = add(doc, doc->root, NP_NODE_TABLE);
  np_node *row = add(doc, table, NP_NODE_ROW);
  np_node *p, *sup;
  char *md;

  add_cell(doc, row, "Type", 1, 2);
  add_cell(doc, row, "Cost", 2, 1);
  row = add(doc, table, NP_NODE_ROW);
  add_cell(doc, row, "Gas", 1, 1);
  add_cell(doc, row, "Heat", 1, 1);
  row = add(doc, table, NP_NODE_ROW);
  add_cell(doc, row, "Flat", 1, 1);
  add_cell(doc, row, "640", 1, 1);
  add_cell(doc, row, "590", 1, 1);
  p = add_block(doc, doc->root, NP_NODE_PARAGRAPH, "m");
  sup = add(doc, p, NP_NODE_SPAN);
  sup->as.span.kind = NP_SPAN_SUP;
  add_text(doc, sup, NP_NODE_TEXT, "2");
  md = np_render_markdown(doc);
  /* the row span leaves the first column of the second row empty, so the
   * later cells stay under their headers */
  g_assert_nonnull(strstr(md, "| Type | Cost |  |\n"
                              "| --- | --- | --- |\n"
                              "|  | Gas | Heat |\n"
                              "| Flat | 640 | 590 |\n"));
  g_assert_nonnull(strstr(md, "m<sup>2</sup>"));
  free(md);
  np_doc_free(doc);
}

static void test_html_sample(void) {
  np_doc *doc = sample_doc();
  size_t len = 0;
  char *html = np_render_html(doc, &len);
  xmlDocPtr d = parse_xml(html, len);
  xmlNodePtr root = xmlDocGetRootElement(d);

  g_assert_cmpuint(len, ==, strlen(html));
  g_assert_true(g_str_has_prefix(
      html, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" "
            "xml:lang=\"en\" dir=\"ltr\">\n"));
  g_assert_nonnull(strstr(html, "<meta charset=\"utf-8\"/>"));
  g_assert_nonnull(strstr(html, "<title>Big news</title>"));
  g_assert_nonnull(strstr(html, "<meta name=\"author\" content=\"Bo Chen\"/>"));
  g_assert_nonnull(
      strstr(html, "<link rel=\"canonical\" href=\"https://example.com/a\"/>"));
  g_assert_nonnull(strstr(html, "<h1>Big news</h1>\n"
                                "<p class=\"lede\">The lede.</p>\n"
                                "<p class=\"byline\">Ann Lee and Bo Chen · "
                                "<time datetime=\"2024-03-05T10:00:00Z\">"
                                "2024-03-05</time></p>\n</header>"));
  g_assert_nonnull(strstr(html, "<h2>Subhead</h2>"));
  g_assert_nonnull(strstr(html, "<p>Hello <em>world</em> and <a "
                                "href=\"https://x.org/a b\" title=\"T\">a "
                                "link</a>.</p>"));
  g_assert_nonnull(strstr(html, "<ol start=\"3\">"));
  /* the local file does not exist: no <img>, the caption stays */
  g_assert_null(strstr(html, "<img"));
  g_assert_nonnull(strstr(html, "<figcaption>The cat. <small "
                                "class=\"credit\">Photo: Z</small>"
                                "</figcaption>"));
  g_assert_nonnull(strstr(html, "<th><p>A</p>\n</th>"));
  g_assert_nonnull(strstr(html, "<pre>a = 1;\n  b = `c`;\n</pre>"));
  g_assert_nonnull(strstr(html, "<blockquote class=\"pullquote\">"));
  g_assert_nonnull(
      strstr(html, "<p lang=\"he\" xml:lang=\"he\" dir=\"rtl\">שלום</p>"));
  g_assert_nonnull(strstr(html, "<footer>"));
  /* the standfirst appears once, in the header */
  g_assert_cmpint(count_elements(root, "p"), ==, 14);
  g_assert_cmpint(count_elements(root, "script"), ==, 0);
  g_assert_null(strstr(html, "/abs/dir"));
  xmlFreeDoc(d);
  free(html);
  np_doc_free(doc);
}

static void test_html_hostile(void) {
  static const char *const nasty[] = {"]]>",
                                      "--",
                                      "<!-- x -->",
                                      "a\x01"
                                      "b",
                                      "\xED\xA0\x80",
                                      "\xEF\xBF\xBE",
                                      "\xEF\xBF\xBF",
                                      "\xC3",
                                      "&amp; <script>alert(1)</script>",
                                      "\r\x0b\x1f\x7f ok"};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(nasty); i++) {
    np_doc *doc = np_doc_new();
    np_node *p, *link, *fig, *img;
    np_resource res = {NP_RES_REMOTE, nasty[i], NULL, NULL, 0, nasty[i]};
    size_t len = 0;
    char *html;
    xmlDocPtr d;

    doc->meta.title = nasty[i];
    doc->meta.lang = nasty[i];
    np_doc_add_author(doc, nasty[i]);
    doc->meta.summary = nasty[i];
    doc->meta.url = nasty[i];
    doc->meta.published = nasty[i];
    p = add_block(doc, doc->root, NP_NODE_PARAGRAPH, nasty[i]);
    p->lang = nasty[i];
    add_text(doc, p, NP_NODE_CODE, nasty[i]);
    link = add(doc, p, NP_NODE_LINK);
    link->as.link.href = nasty[i];
    link->as.link.title = nasty[i];
    add_text(doc, link, NP_NODE_TEXT, nasty[i]);
    fig = add(doc, doc->root, NP_NODE_FIGURE);
    img = add(doc, fig, NP_NODE_IMAGE);
    img->as.image.resource = np_doc_add_resource(doc, &res);
    img->as.image.alt = nasty[i];
    add_block(doc, doc->root, NP_NODE_PRE, nasty[i]);
    html = np_render_html(doc, &len);
    d = parse_xml(html, len);
    g_assert_cmpint(count_elements(xmlDocGetRootElement(d), "script"), ==, 0);
    g_assert_true(g_utf8_validate(html, (gssize)len, NULL));
    xmlFreeDoc(d);
    free(html);
    np_doc_free(doc);
  }
}

static void test_html_filter(void) {
  np_doc *doc = np_doc_new();
  size_t len;
  char *html;

  doc->meta.title = "a\x01"
                    "b\xEF\xBF\xBE"
                    "c\xED\xA0\x80"
                    "d\te";
  html = np_render_html(doc, &len);
  g_assert_nonnull(strstr(html, "<title>abcd\te</title>"));
  g_assert_nonnull(strstr(html, "<h1>abcd\te</h1>"));
  free(html);
  np_doc_free(doc);
}

static void test_html_data_image(void) {
  np_doc *doc = np_doc_new();
  static const unsigned char png[] = {0x89, 'P', 'N', 'G'};
  np_resource res = {NP_RES_DATA, "data:image/png;name=a.png;base64,iVBORw==",
                     NULL,        png,
                     sizeof png,  "image/png"};
  np_node *fig = add(doc, doc->root, NP_NODE_FIGURE);
  np_node *img = add(doc, fig, NP_NODE_IMAGE);
  np_node *p, *t, *link;
  size_t len;
  char *html;

  img->as.image.resource = np_doc_add_resource(doc, &res);
  add_block(doc, fig, NP_NODE_CREDIT, "AP");
  p = add_block(doc, doc->root, NP_NODE_PARAGRAPH, "x");
  t = add_text(doc, p, NP_NODE_TEXT, "ltr");
  t->dir = NP_DIR_LTR;
  link = add(doc, p, NP_NODE_LINK);
  link->as.link.href = " JavaScript:alert(1)";
  add_text(doc, link, NP_NODE_TEXT, "run");
  html = np_render_html(doc, &len);
  g_assert_nonnull(
      strstr(html, "<img src=\"data:image/png;base64,iVBORw==\" alt=\"\"/>\n"
                   "<figcaption><small class=\"credit\">AP</small>"
                   "</figcaption>"));
  g_assert_nonnull(strstr(html, "<p>x<span dir=\"ltr\">ltr</span>"
                                "<a>run</a></p>"));
  xmlFreeDoc(parse_xml(html, len));
  free(html);
  np_doc_free(doc);
}

static void test_html_remote_image(void) {
  np_doc *doc = np_doc_new();
  np_resource res = {NP_RES_REMOTE, "https://cdn.example/p.jpg", NULL, NULL, 0,
                     "image/jpeg"};
  np_node *fig = add(doc, doc->root, NP_NODE_FIGURE);
  np_node *img = add(doc, fig, NP_NODE_IMAGE);
  size_t len;
  char *html;

  img->as.image.resource = np_doc_add_resource(doc, &res);
  img->as.image.alt = "Harbour";
  html = np_render_html(doc, &len);
  /* never an <img> that a browser would fetch, a link instead */
  g_assert_null(strstr(html, "<img"));
  g_assert_nonnull(strstr(html,
                          "<a class=\"remote-image\" "
                          "href=\"https://cdn.example/p.jpg\">Harbour</a>"));
  xmlFreeDoc(parse_xml(html, len));
  free(html);
  np_doc_free(doc);
}

static void test_json_sample(void) {
  static const char *const keys[] = {
      "title",   "byline", "authors",   "published", "modified", "siteName",
      "section", "lang",   "dir",       "url",       "excerpt",  "leadImage",
      "images",  "text",   "wordCount", "warnings"};
  np_doc *doc = sample_doc();
  char *json = np_render_json(doc), *text = np_render_text(doc);
  JsonParser *parser = json_parser_new();
  GError *error = NULL;
  JsonObject *o, *image;
  JsonArray *images;
  GList *members, *l;
  size_t i = 0;

  g_assert_true(json_parser_load_from_data(parser, json, -1, &error));
  g_assert_no_error(error);
  o = json_node_get_object(json_parser_get_root(parser));
  members = json_object_get_members(o);
  for (l = members; l; l = l->next, i++) {
    g_assert_cmpuint(i, <, G_N_ELEMENTS(keys));
    g_assert_cmpstr(l->data, ==, keys[i]);
  }
  g_assert_cmpuint(i, ==, G_N_ELEMENTS(keys));
  g_list_free(members);
  g_assert_cmpstr(json_object_get_string_member(o, "title"), ==, "Big news");
  g_assert_cmpstr(json_object_get_string_member(o, "byline"), ==,
                  "Ann Lee and Bo Chen");
  g_assert_cmpuint(
      json_array_get_length(json_object_get_array_member(o, "authors")), ==, 2);
  g_assert_true(json_object_get_null_member(o, "modified"));
  g_assert_true(json_object_get_null_member(o, "section"));
  g_assert_cmpstr(json_object_get_string_member(o, "dir"), ==, "ltr");
  g_assert_cmpstr(json_object_get_string_member(o, "excerpt"), ==,
                  "What happened.");
  g_assert_cmpstr(json_object_get_string_member(o, "leadImage"), ==,
                  "photo.jpg");
  images = json_object_get_array_member(o, "images");
  g_assert_cmpuint(json_array_get_length(images), ==, 1);
  image = json_array_get_object_element(images, 0);
  g_assert_cmpstr(json_object_get_string_member(image, "src"), ==, "photo.jpg");
  g_assert_cmpstr(json_object_get_string_member(image, "alt"), ==, "A cat");
  g_assert_cmpstr(json_object_get_string_member(image, "caption"), ==,
                  "The cat.");
  g_assert_cmpstr(json_object_get_string_member(image, "credit"), ==,
                  "Photo: Z");
  g_assert_cmpstr(json_object_get_string_member(o, "text"), ==, text);
  g_assert_cmpint(json_object_get_int_member(o, "wordCount"), ==,
                  (gint64)np_word_count(text));
  g_assert_cmpstr(json_array_get_string_element(
                      json_object_get_array_member(o, "warnings"), 0),
                  ==, "image \"b.png\" missing");
  g_object_unref(parser);
  free(text);
  free(json);
  np_doc_free(doc);
}

static void test_json_empty(void) {
  np_doc *doc = np_doc_new();
  char *json = np_render_json(doc);

  g_assert_cmpstr(json, ==,
                  "{\n"
                  "  \"title\" : null,\n"
                  "  \"byline\" : null,\n"
                  "  \"authors\" : [],\n"
                  "  \"published\" : null,\n"
                  "  \"modified\" : null,\n"
                  "  \"siteName\" : null,\n"
                  "  \"section\" : null,\n"
                  "  \"lang\" : null,\n"
                  "  \"dir\" : null,\n"
                  "  \"url\" : null,\n"
                  "  \"excerpt\" : null,\n"
                  "  \"leadImage\" : null,\n"
                  "  \"images\" : [],\n"
                  "  \"text\" : \"\",\n"
                  "  \"wordCount\" : 0,\n"
                  "  \"warnings\" : []\n"
                  "}");
  free(json);
  np_doc_free(doc);
}

static void test_dump_sample(void) {
  np_doc *doc = sample_doc();
  char *dump = np_render_tree(doc);

  g_assert_cmpstr(dump, ==,
                  "meta title \"Big news\"\n"
                  "meta authors \"Ann Lee\" \"Bo Chen\"\n"
                  "meta published \"2024-03-05T10:00:00Z\"\n"
                  "meta site_name \"The Daily\"\n"
                  "meta url \"https://example.com/a\"\n"
                  "meta source_path \"a.html\"\n"
                  "meta lang \"en\"\n"
                  "meta dir \"ltr\"\n"
                  "meta summary \"What happened.\"\n"
                  "article\n"
                  "  paragraph flags=lead\n"
                  "    text \"The lede.\"\n"
                  "  heading level=2\n"
                  "    text \"Subhead\"\n"
                  "  paragraph\n"
                  "    text \"Hello \"\n"
                  "    emph\n"
                  "      text \"world\"\n"
                  "    text \" and \"\n"
                  "    link href=\"https://x.org/a b\" title=\"T\"\n"
                  "      text \"a link\"\n"
                  "    text \".\"\n"
                  "  list\n"
                  "    list_item\n"
                  "      paragraph\n"
                  "        text \"one\"\n"
                  "    list_item\n"
                  "      paragraph\n"
                  "        text \"two\"\n"
                  "      list ordered start=3\n"
                  "        list_item\n"
                  "          paragraph\n"
                  "            text \"three\"\n"
                  "  figure\n"
                  "    image resource=0 alt=\"A cat\"\n"
                  "    caption\n"
                  "      text \"The cat.\"\n"
                  "    credit\n"
                  "      text \"Photo: Z\"\n"
                  "  table\n"
                  "    row\n"
                  "      cell flags=header\n"
                  "        paragraph\n"
                  "          text \"A\"\n"
                  "      cell flags=header\n"
                  "        paragraph\n"
                  "          text \"B\"\n"
                  "    row\n"
                  "      cell\n"
                  "        paragraph\n"
                  "          text \"1\"\n"
                  "      cell\n"
                  "        paragraph\n"
                  "          text \"x|y\"\n"
                  "  pre\n"
                  "    text \"a = 1;\\n  b = `c`;\\n\"\n"
                  "  blockquote flags=pullquote\n"
                  "    paragraph\n"
                  "      text \"Quoted.\"\n"
                  "    paragraph lang=he dir=rtl\n"
                  "      text \"שלום\"\n"
                  "resource 0 local \"photo.jpg\" mime=image/jpeg\n"
                  "warning \"image \\\"b.png\\\" missing\"\n");
  g_assert_null(strstr(dump, "/abs"));
  g_assert_null(strstr(dump, "/home"));
  free(dump);
  np_doc_free(doc);
}

static void test_dump_escapes(void) {
  np_doc *doc = np_doc_new();
  char *dump;

  add_block(doc, doc->root, NP_NODE_PARAGRAPH, "q\"b\\n\n\tc\x01\x7f é\xff");
  dump = np_render_tree(doc);
  g_assert_cmpstr(dump, ==,
                  "article\n"
                  "  paragraph\n"
                  "    text \"q\\\"b\\\\n\\n\\tc\\x01\\x7f é\\xff\"\n");
  free(dump);
  np_doc_free(doc);
}

/* An np_html_image_fn: a fixed href for resource 0, nothing for others. */
static const char *epub_image_src(void *ctx, const np_doc *doc, int index) {
  (*(int *)ctx)++;
  return index == 0 && doc ? "../images/img-001.jpg" : NULL;
}

static void test_html_epub(void) {
  np_doc *doc = sample_doc();
  np_node *p = add(doc, doc->root, NP_NODE_PARAGRAPH), *link;
  np_resource res = {NP_RES_DATA, "data:image/png;base64,iVBORw==",
                     NULL,        (const unsigned char *)"\x89PNG",
                     4,           "image/png"};
  np_node *fig = add(doc, doc->root, NP_NODE_FIGURE);
  np_node *img = add(doc, fig, NP_NODE_IMAGE);
  int calls = 0;
  np_html_options o = {"../style.css", 1, epub_image_src, &calls, "c007-"};
  size_t len;
  char *html, *plain;
  xmlDocPtr xml;

  link = add(doc, p, NP_NODE_LINK);
  link->as.link.href = "#note-1";
  add_text(doc, link, NP_NODE_TEXT, "a note");
  link = add(doc, p, NP_NODE_LINK);
  link->as.link.href = "other/page.html";
  add_text(doc, link, NP_NODE_TEXT, "relative");
  img->as.image.resource = np_doc_add_resource(doc, &res);
  add_block(doc, fig, NP_NODE_CAPTION, "Kept caption.");
  add_block(doc, doc->root, NP_NODE_HEADING, "Second")->as.heading.level = 3;
  html = np_render_html_with(doc, &o, &len);
  xmlFreeDoc(parse_xml(html, len));
  g_assert_nonnull(strstr(html, "xmlns:epub=\"http://www.idpf.org/2007/ops\""));
  g_assert_nonnull(strstr(html, "<article epub:type=\"chapter\">"));
  g_assert_nonnull(strstr(html, "<link rel=\"stylesheet\" type=\"text/css\" "
                                "href=\"../style.css\"/>"));
  g_assert_null(strstr(html, "<style>"));
  g_assert_null(strstr(html, "data:"));
  /* headings numbered for the navigation, the headline 0 */
  g_assert_nonnull(strstr(html, "id=\"c007-h0\">Big news</h1>"));
  g_assert_nonnull(strstr(html, "<h2 id=\"c007-h1\">Subhead</h2>"));
  g_assert_nonnull(strstr(html, "<h3 id=\"c007-h2\">Second</h3>"));
  /* images through the callback; NULL leaves the image out, not the
   * caption */
  g_assert_cmpint(calls, ==, 2);
  g_assert_nonnull(strstr(html, "<img src=\"../images/img-001.jpg\" "
                                "alt=\"A cat\"/>"));
  xml = parse_xml(html, len);
  g_assert_cmpint(count_elements(xmlDocGetRootElement(xml), "img"), ==, 1);
  xmlFreeDoc(xml);
  g_assert_nonnull(strstr(html, "Kept caption."));
  /* links that lead nowhere inside the book lose their target */
  g_assert_nonnull(strstr(html, "<a>a note</a><a>relative</a>"));
  g_assert_nonnull(strstr(html, "href=\"https://x.org/a b\""));
  /* the source near the top, no footer */
  g_assert_nonnull(strstr(html, "<p class=\"source\"><a "
                                "href=\"https://example.com/a\">"));
  g_assert_null(strstr(html, "<footer>"));
  /* NULL options are np_render_html */
  plain = np_render_html_with(doc, NULL, NULL);
  free(html);
  html = np_render_html(doc, &len);
  g_assert_cmpstr(plain, ==, html);
  g_assert_null(strstr(plain, "epub:"));
  free(plain);
  free(html);
  np_doc_free(doc);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/render/text/sample", test_text_sample);
  g_test_add_func("/render/text/blocks", test_text_blocks);
  g_test_add_func("/render/text/word-count", test_word_count);
  g_test_add_func("/render/markdown/sample", test_markdown_sample);
  g_test_add_func("/render/markdown/escape", test_markdown_escape);
  g_test_add_func("/render/markdown/inlines", test_markdown_inlines);
  g_test_add_func("/render/markdown/spans", test_markdown_spans);
  g_test_add_func("/render/html/sample", test_html_sample);
  g_test_add_func("/render/html/hostile", test_html_hostile);
  g_test_add_func("/render/html/filter", test_html_filter);
  g_test_add_func("/render/html/data-image", test_html_data_image);
  g_test_add_func("/render/html/remote-image", test_html_remote_image);
  g_test_add_func("/render/html/epub", test_html_epub);
  g_test_add_func("/render/json/sample", test_json_sample);
  g_test_add_func("/render/json/empty", test_json_empty);
  g_test_add_func("/render/dump/sample", test_dump_sample);
  g_test_add_func("/render/dump/escapes", test_dump_escapes);
  return g_test_run();
}
