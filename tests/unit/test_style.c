/* test_style.c: unit tests of the CSS subset: parsing, selectors, the
 * cascade, units, shorthands, @page, paper sizes and the shipped sheets. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "style.h"

#define MM (72.0 / 25.4)

/* Parses css (named test.css) into a sheet; warnings go to *doc. */
static np_style *parse(const char *css, np_doc **doc) {
  *doc = np_doc_new();
  return np_style_parse(css, strlen(css), "test.css", *doc);
}

/* Computes element.classes with no parent. */
static np_computed compute(const np_style *st, const char *element,
                           const char *classes) {
  np_computed c;

  np_style_compute(st, element, classes, NULL, 400, &c);
  return c;
}

/* Returns the number of warnings containing needle. */
static size_t count_warnings(const np_doc *doc, const char *needle) {
  size_t i, n = 0;

  for (i = 0; i < doc->n_warnings; i++)
    if (strstr(doc->warnings[i], needle))
      n++;
  return n;
}

static void test_initial(void) {
  np_doc *doc;
  np_style *st = parse("", &doc);
  np_computed c = compute(st, "p", NULL);

  g_assert_cmpstr(c.font_family, ==, "serif");
  g_assert_cmpfloat_with_epsilon(c.font_size, 10.0, 1e-9);
  g_assert_cmpint(c.font_weight, ==, 400);
  g_assert_cmpfloat_with_epsilon(c.line_height, 12.0, 1e-9);
  g_assert_cmphex(c.color, ==, 0x000000ff);
  g_assert_cmphex(c.background, ==, 0);
  g_assert_cmpint(c.text_align, ==, NP_ALIGN_START);
  g_assert_cmpint(c.column_count, ==, 1);
  g_assert_cmpint(c.widows, ==, 2);
  g_assert_cmpint(c.orphans, ==, 2);
  g_assert_cmpuint(c.border_sides, ==, 0);
  g_assert_cmpfloat(c.border_width, ==, 0);
  g_assert_cmpint(c.hyphens, ==, 0);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_style_free(NULL);
  np_doc_free(doc);
}

static void test_selectors(void) {
  np_doc *doc;
  np_style *st = parse("p { color: red }\n"
                       ".x { color: blue }\n"
                       "p.x { color: green }\n"
                       "p { color: yellow; font-weight: bold }\n"
                       ".a.b { font-style: italic }\n"
                       "* { letter-spacing: 1pt }\n"
                       "h2, h3 { text-align: center }\n"
                       "#id p, #id { color: white }\n",
                       &doc);
  np_computed c;

  c = compute(st, "p", "x");
  g_assert_cmphex(c.color, ==, 0x008000ff); /* p.x beats .x and p */
  c = compute(st, "p", NULL);
  g_assert_cmphex(c.color, ==, 0xffff00ff); /* later p beats earlier p */
  g_assert_cmpint(c.font_weight, ==, 700);
  c = compute(st, "div", "y x");
  g_assert_cmphex(c.color, ==, 0x0000ffff);
  g_assert_cmpint(c.font_weight, ==, 400);
  g_assert_cmpint(compute(st, "div", "a").font_italic, ==, 0);
  g_assert_cmpint(compute(st, "div", "b a").font_italic, ==, 1);
  g_assert_cmpfloat(compute(st, "td", NULL).letter_spacing, ==, 1.0);
  g_assert_cmpint(compute(st, "h2", NULL).text_align, ==, NP_ALIGN_CENTER);
  g_assert_cmpint(compute(st, "h3", NULL).text_align, ==, NP_ALIGN_CENTER);
  g_assert_cmpint(compute(st, "h4", NULL).text_align, ==, NP_ALIGN_START);
  /* Class names are whole words of the list. */
  g_assert_cmphex(compute(st, "div", "xx").color, ==, 0x000000ff);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_important(void) {
  np_doc *doc;
  np_style *st = parse("p { color: red !important; margin-top: 1pt }\n"
                       "p.x { color: blue; margin-top: 2pt }\n"
                       "p { margin-top: 3pt ! IMPORTANT }\n"
                       ".y { color: lime !important }\n",
                       &doc);
  np_computed c = compute(st, "p", "x");

  g_assert_cmphex(c.color, ==, 0xff0000ff);
  g_assert_cmpfloat(c.margin_top, ==, 3.0);
  /* Among !important ones, specificity decides again. */
  g_assert_cmphex(compute(st, "p", "y").color, ==, 0x00ff00ff);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_descendant(void) {
  np_doc *doc;
  np_style *st = parse("figcaption { font-size: 9pt }\n"
                       "figure figcaption { font-size: 8pt }\n"
                       ".lead p { margin-top: 5pt }\n"
                       "blockquote > p { font-style: italic }\n"
                       "article .lead > section p.k { color: red }\n",
                       &doc);
  np_style_element cap[] = {
      {"article", NULL}, {"figure", "wide"}, {"figcaption", NULL}};
  np_style_element deep[] = {{"article", NULL},
                             {"div", "lead"},
                             {"section", NULL},
                             {"div", NULL},
                             {"p", "k"}};
  np_style_element quote[] = {{"blockquote", NULL}, {"div", NULL}, {"p", NULL}};
  np_computed c;

  np_style_compute_path(st, cap, 3, NULL, 400, &c);
  g_assert_cmpfloat(c.font_size, ==, 8.0);
  /* Without the chain only the simple selector matches. */
  g_assert_cmpfloat(compute(st, "figcaption", NULL).font_size, ==, 9.0);
  np_style_compute_path(st, deep, 5, NULL, 400, &c);
  g_assert_cmpfloat(c.margin_top, ==, 5.0);
  g_assert_cmphex(c.color, ==, 0xff0000ff);
  np_style_compute_path(st, deep, 4, NULL, 400, &c);
  g_assert_cmpfloat(c.margin_top, ==, 0.0);
  /* '>' wants the parent, not any ancestor. */
  np_style_compute_path(st, quote, 3, NULL, 400, &c);
  g_assert_cmpint(c.font_italic, ==, 0);
  np_style_compute_path(st, quote + 1, 2, NULL, 400, &c);
  g_assert_cmpint(c.font_italic, ==, 0);
  quote[1].element = "blockquote";
  np_style_compute_path(st, quote, 3, NULL, 400, &c);
  g_assert_cmpint(c.font_italic, ==, 1);
  /* The article .lead > section chain breaks when .lead is not the
   * section's parent. */
  deep[2].element = "aside";
  np_style_compute_path(st, deep, 5, NULL, 400, &c);
  g_assert_cmphex(c.color, ==, 0x000000ff);
  g_assert_cmpfloat(c.margin_top, ==, 5.0);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_inheritance(void) {
  np_doc *doc;
  np_style *st = parse("article { font: 12pt/1.5 \"Noto Serif\", serif;"
                       " color: #123456; text-align: justify; hyphens: auto;"
                       " widows: 3; orphans: 4; margin-top: 10pt;"
                       " background-color: silver; column-count: 2;"
                       " text-indent: 1em; break-before: page }\n"
                       "h2 { font-size: 20pt }\n"
                       "pre { line-height: 14pt }\n"
                       "code { font-size: 0.5em }\n",
                       &doc);
  np_computed art, p, h2, pre, code;

  np_style_compute(st, "article", NULL, NULL, 400, &art);
  g_assert_cmpfloat_with_epsilon(art.line_height, 18.0, 1e-9);
  g_assert_cmpfloat(art.text_indent, ==, 12.0);
  np_style_compute(st, "p", NULL, &art, 400, &p);
  g_assert_cmpstr(p.font_family, ==, "Noto Serif, serif");
  g_assert_cmpfloat(p.font_size, ==, 12.0);
  g_assert_cmphex(p.color, ==, 0x123456ff);
  g_assert_cmpint(p.text_align, ==, NP_ALIGN_JUSTIFY);
  g_assert_cmpint(p.hyphens, ==, 1);
  g_assert_cmpint(p.widows, ==, 3);
  g_assert_cmpint(p.orphans, ==, 4);
  g_assert_cmpfloat(p.text_indent, ==, 12.0);
  /* Not inherited: */
  g_assert_cmpfloat(p.margin_top, ==, 0.0);
  g_assert_cmphex(p.background, ==, 0);
  g_assert_cmpint(p.column_count, ==, 1);
  g_assert_cmpint(p.break_before, ==, NP_BREAK_AUTO);
  /* The line-height ratio follows a new font size. */
  np_style_compute(st, "h2", NULL, &art, 400, &h2);
  g_assert_cmpfloat_with_epsilon(h2.line_height, 30.0, 1e-9);
  np_style_compute(st, "pre", NULL, &art, 400, &pre);
  g_assert_cmpfloat(pre.line_height, ==, 14.0);
  /* em in font-size is the parent's size. */
  np_style_compute(st, "code", NULL, &h2, 400, &code);
  g_assert_cmpfloat(code.font_size, ==, 10.0);
  g_assert_cmpfloat_with_epsilon(code.line_height, 15.0, 1e-9);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_units(void) {
  np_doc *doc;
  np_style *st = parse(
      "p { font-size: 150%; margin: 1em 10% 2rem 0.5in;"
      " padding: 4px 1mm 1cm 1pc; text-indent: 2em; letter-spacing: 0.1em }\n"
      "h1 { font-size: 2em; line-height: 1.1 }\n"
      "h2 { font-size: large; line-height: normal }\n"
      "h3 { font-size: x-small; line-height: 150% }\n"
      "h4 { font-size: 8pt; line-height: 2em }\n"
      "small { font-size: smaller }\n",
      &doc);
  np_computed parent, c;

  np_style_compute(st, "div", NULL, NULL, 400, &parent);
  parent.font_size = 12;
  np_style_compute(st, "p", NULL, &parent, 400, &c);
  g_assert_cmpfloat_with_epsilon(c.font_size, 18.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.margin_top, 18.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.margin_right, 40.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.margin_bottom, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.margin_left, 36.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.padding_top, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.padding_right, MM, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.padding_bottom, 10 * MM, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.padding_left, 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.text_indent, 36.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.letter_spacing, 1.8, 1e-9);
  c = compute(st, "h1", NULL);
  g_assert_cmpfloat_with_epsilon(c.font_size, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.line_height, 22.0, 1e-9);
  c = compute(st, "h2", NULL);
  g_assert_cmpfloat_with_epsilon(c.font_size, 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.line_height, 14.4, 1e-9);
  c = compute(st, "h3", NULL);
  g_assert_cmpfloat_with_epsilon(c.font_size, 7.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(c.line_height, 11.25, 1e-9);
  c = compute(st, "h4", NULL);
  g_assert_cmpfloat_with_epsilon(c.line_height, 16.0, 1e-9);
  c = compute(st, "small", NULL);
  g_assert_cmpfloat(c.font_size, <, 10.0);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_font_shorthand(void) {
  np_doc *doc;
  np_style *st =
      parse("p { font-weight: bold; font-style: italic;"
            " font: italic bold 12pt/1.4 \"Noto Serif\", serif }\n"
            "h1 { font-weight: bold; font-variant: small-caps;"
            " font: 9pt Noto Sans, sans-serif }\n"
            "h2 { font: small-caps 600 80%/20pt 'Noto Sans Mono', monospace }\n"
            "b { font-weight: bolder }\n"
            "i { font-weight: lighter }\n"
            "u { font-weight: 650 }\n",
            &doc);
  np_computed c, parent;

  c = compute(st, "p", NULL);
  g_assert_cmpint(c.font_italic, ==, 1);
  g_assert_cmpint(c.font_weight, ==, 700);
  g_assert_cmpfloat(c.font_size, ==, 12.0);
  g_assert_cmpfloat_with_epsilon(c.line_height, 16.8, 1e-9);
  g_assert_cmpstr(c.font_family, ==, "Noto Serif, serif");
  /* The shorthand resets what it does not give. */
  c = compute(st, "h1", NULL);
  g_assert_cmpint(c.font_weight, ==, 400);
  g_assert_cmpint(c.font_smallcaps, ==, 0);
  g_assert_cmpfloat(c.font_size, ==, 9.0);
  g_assert_cmpstr(c.font_family, ==, "Noto Sans, sans-serif");
  c = compute(st, "h2", NULL);
  g_assert_cmpint(c.font_smallcaps, ==, 1);
  g_assert_cmpint(c.font_weight, ==, 600);
  g_assert_cmpfloat(c.font_size, ==, 8.0);
  g_assert_cmpfloat(c.line_height, ==, 20.0);
  g_assert_cmpstr(c.font_family, ==, "Noto Sans Mono, monospace");
  parent = compute(st, "div", NULL);
  g_assert_cmpint(compute(st, "b", NULL).font_weight, ==, 700);
  parent.font_weight = 700;
  np_style_compute(st, "b", NULL, &parent, 400, &c);
  g_assert_cmpint(c.font_weight, ==, 900);
  np_style_compute(st, "i", NULL, &parent, 400, &c);
  g_assert_cmpint(c.font_weight, ==, 400);
  g_assert_cmpint(compute(st, "u", NULL).font_weight, ==, 650);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_box_shorthands(void) {
  np_doc *doc;
  np_style *st = parse(".one { margin: 1pt }\n"
                       ".two { margin: 1pt 2pt }\n"
                       ".three { margin: 1pt 2pt 3pt }\n"
                       ".four { padding: 1pt 2pt 3pt 4pt }\n"
                       ".auto { margin: 0 auto; margin-top: -2pt }\n",
                       &doc);
  np_computed c;

  c = compute(st, "p", "one");
  g_assert_cmpfloat(
      c.margin_top + c.margin_right + c.margin_bottom + c.margin_left, ==, 4.0);
  c = compute(st, "p", "two");
  g_assert_cmpfloat(c.margin_top, ==, 1);
  g_assert_cmpfloat(c.margin_right, ==, 2);
  g_assert_cmpfloat(c.margin_bottom, ==, 1);
  g_assert_cmpfloat(c.margin_left, ==, 2);
  c = compute(st, "p", "three");
  g_assert_cmpfloat(c.margin_bottom, ==, 3);
  g_assert_cmpfloat(c.margin_left, ==, 2);
  c = compute(st, "p", "four");
  g_assert_cmpfloat(c.padding_top, ==, 1);
  g_assert_cmpfloat(c.padding_right, ==, 2);
  g_assert_cmpfloat(c.padding_bottom, ==, 3);
  g_assert_cmpfloat(c.padding_left, ==, 4);
  g_assert_cmpfloat(c.margin_top, ==, 0);
  c = compute(st, "p", "auto");
  g_assert_cmpfloat(c.margin_top, ==, -2);
  g_assert_cmpfloat(c.margin_left, ==, 0);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_border(void) {
  np_doc *doc;
  np_style *st = parse(".all { border: 1pt solid red }\n"
                       ".bottom { color: navy; border-bottom: 2px dashed }\n"
                       ".none { border: 1pt solid red; border: none }\n"
                       ".nostyle { border: 3pt red }\n"
                       ".styles { border-style: solid none }\n"
                       ".widths { border-style: solid;"
                       " border-width: 0 0 1.5pt 0; border-color: #00f }\n"
                       ".off { border: thin solid; border-left: none }\n",
                       &doc);
  np_computed c;

  c = compute(st, "div", "all");
  g_assert_cmpuint(c.border_sides, ==, 0xf);
  g_assert_cmpfloat(c.border_width, ==, 1.0);
  g_assert_cmphex(c.border_color, ==, 0xff0000ff);
  c = compute(st, "div", "bottom");
  g_assert_cmpuint(c.border_sides, ==, 0x4);
  g_assert_cmpfloat(c.border_width, ==, 1.5);
  g_assert_cmphex(c.border_color, ==, 0x000080ff); /* currentcolor */
  g_assert_cmpuint(compute(st, "div", "none").border_sides, ==, 0);
  g_assert_cmpfloat(compute(st, "div", "none").border_width, ==, 0);
  g_assert_cmpuint(compute(st, "div", "nostyle").border_sides, ==, 0);
  c = compute(st, "div", "styles");
  g_assert_cmpuint(c.border_sides, ==, 0x5);
  g_assert_cmpfloat(c.border_width, ==, 2.25); /* medium */
  c = compute(st, "div", "widths");
  g_assert_cmpfloat(c.border_width, ==, 1.5);
  g_assert_cmphex(c.border_color, ==, 0x0000ffff);
  c = compute(st, "div", "off");
  g_assert_cmpuint(c.border_sides, ==, 0x7);
  g_assert_cmpfloat(c.border_width, ==, 0.75);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_colors(void) {
  static const struct {
    const char *value;
    guint32 rgba;
  } cases[] = {{"#abc", 0xaabbccff},
               {"#ABCD", 0xaabbccdd},
               {"#a1b2c3", 0xa1b2c3ff},
               {"#a1b2c380", 0xa1b2c380},
               {"rgb(1, 2, 3)", 0x010203ff},
               {"rgb(1 2 3 / 50%)", 0x01020380},
               {"rgba(255,0,0,0.5)", 0xff000080},
               {"rgb(100%, 0%, 50%)", 0xff0080ff},
               {"grey", 0x808080ff},
               {"Silver", 0xc0c0c0ff},
               {"transparent", 0},
               {"teal", 0x008080ff}};
  static const char *const bad[] = {"#abcde", "#ggg", "rgb(1,2)", "blurple",
                                    "12pt"};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *css = g_strdup_printf("p { background-color: %s }", cases[i].value);
    np_doc *doc;
    np_style *st = parse(css, &doc);
    g_assert_cmphex(compute(st, "p", NULL).background, ==, cases[i].rgba);
    g_assert_cmpuint(doc->n_warnings, ==, 0);
    np_style_free(st);
    np_doc_free(doc);
    g_free(css);
  }
  for (i = 0; i < G_N_ELEMENTS(bad); i++) {
    char *css = g_strdup_printf("p { color: red; color: %s }", bad[i]);
    np_doc *doc;
    np_style *st = parse(css, &doc);
    g_assert_cmphex(compute(st, "p", NULL).color, ==, 0xff0000ff);
    g_assert_cmpuint(count_warnings(doc, "bad value for 'color'"), ==, 1);
    np_style_free(st);
    np_doc_free(doc);
    g_free(css);
  }
}

static void test_page(void) {
  np_doc *doc;
  np_style *st = parse("", &doc);
  np_page_setup pg = np_style_page(st);

  g_assert_cmpfloat_with_epsilon(pg.width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon(pg.height, 841.89, 0.01);
  g_assert_cmpfloat_with_epsilon(pg.margin_left, 20 * MM, 1e-6);
  pg = np_style_page(NULL);
  g_assert_cmpfloat_with_epsilon(pg.margin_top, 20 * MM, 1e-6);
  np_style_free(st);
  np_doc_free(doc);

  st = parse("@page { size: letter landscape; margin: 10mm 1in }", &doc);
  pg = np_style_page(st);
  g_assert_cmpfloat(pg.width, ==, 792);
  g_assert_cmpfloat(pg.height, ==, 612);
  g_assert_cmpfloat_with_epsilon(pg.margin_top, 10 * MM, 1e-6);
  g_assert_cmpfloat_with_epsilon(pg.margin_bottom, 10 * MM, 1e-6);
  g_assert_cmpfloat(pg.margin_right, ==, 72);
  g_assert_cmpfloat(pg.margin_left, ==, 72);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);

  st = parse("@page { size: 210mm 297mm; margin: 5mm; margin-left: 30pt }\n"
             "@page { margin-bottom: 10% }",
             &doc);
  pg = np_style_page(st);
  g_assert_cmpfloat_with_epsilon(pg.width, 210 * MM, 1e-6);
  g_assert_cmpfloat_with_epsilon(pg.height, 297 * MM, 1e-6);
  g_assert_cmpfloat_with_epsilon(pg.margin_top, 5 * MM, 1e-6);
  g_assert_cmpfloat(pg.margin_left, ==, 30);
  g_assert_cmpfloat_with_epsilon(pg.margin_bottom, 29.7 * MM, 1e-6);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);

  st = parse("@page { size: A5; size: 5in; color: red }\n"
             "@page :first { margin: 0 }\n"
             "@page { size: 3em 4em }",
             &doc);
  pg = np_style_page(st);
  g_assert_cmpfloat(pg.width, ==, 360);
  g_assert_cmpfloat(pg.height, ==, 360);
  g_assert_cmpfloat_with_epsilon(pg.margin_top, 20 * MM, 1e-6);
  g_assert_cmpuint(count_warnings(doc, "'color' is not supported in @page"), ==,
                   1);
  g_assert_cmpuint(count_warnings(doc, "@page selectors"), ==, 1);
  g_assert_cmpuint(count_warnings(doc, "bad value for 'size'"), ==, 1);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_media_comments(void) {
  np_doc *doc;
  np_style *st = parse("/* a comment { p { color: red } } */\n"
                       "@charset \"utf-8\";\n"
                       "@media print { p { color: green } }\n"
                       "@media screen { p { color: blue } h1 { color: red } }\n"
                       "@media only screen and (max-width: 600px) {"
                       " p { margin-top: 9pt } }\n"
                       "@media all { h2 { color: lime } }\n"
                       "@media screen, print { h3 { color: navy } }\n"
                       "p /* between */ { font-size: /* in */ 11pt }\n"
                       "@import url(other.css);\n"
                       "@font-face { font-family: X; src: url(x.ttf) }\n"
                       "h4 { color: \"/* not a comment */\"; color: teal }\n",
                       &doc);
  np_computed c = compute(st, "p", NULL);

  g_assert_cmphex(c.color, ==, 0x008000ff);
  g_assert_cmpfloat(c.margin_top, ==, 0);
  g_assert_cmpfloat(c.font_size, ==, 11);
  g_assert_cmphex(compute(st, "h1", NULL).color, ==, 0x000000ff);
  g_assert_cmphex(compute(st, "h2", NULL).color, ==, 0x00ff00ff);
  g_assert_cmphex(compute(st, "h3", NULL).color, ==, 0x000080ff);
  g_assert_cmphex(compute(st, "h4", NULL).color, ==, 0x008080ff);
  g_assert_cmpuint(count_warnings(doc, "'@import' not supported"), ==, 1);
  g_assert_cmpuint(count_warnings(doc, "'@font-face' not supported"), ==, 1);
  g_assert_cmpuint(count_warnings(doc, "bad value for 'color'"), ==, 1);
  g_assert_cmpuint(doc->n_warnings, ==, 3);
  np_style_free(st);
  np_doc_free(doc);

  st = parse("p { color: red }\n/* never closed\np { color: blue }", &doc);
  g_assert_cmphex(compute(st, "p", NULL).color, ==, 0xff0000ff);
  g_assert_cmpuint(count_warnings(doc, "test.css:2: unclosed comment"), ==, 1);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_unknown_property(void) {
  np_doc *doc;
  np_style *st = parse("p {\n"
                       "  color: red;\n"
                       "  foo: bar;\n"
                       "  margin-top: 3pt;\n"
                       "  width: 50%;\n"
                       "}\n",
                       &doc);
  np_computed c = compute(st, "p", NULL);

  g_assert_cmpuint(doc->n_warnings, ==, 1);
  g_assert_cmpstr(doc->warnings[0], ==, "test.css:3: unknown property 'foo'");
  g_assert_cmphex(c.color, ==, 0xff0000ff);
  g_assert_cmpfloat(c.margin_top, ==, 3);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_bad_values(void) {
  np_doc *doc;
  np_style *st = parse("p { font-size: 12pt; font-size: -3pt; margin: 1pt 2pt"
                       " 3pt 4pt 5pt; widows: 0; text-align: middle;"
                       " line-height: 3; column-count: 2.5; margin-top: 7;"
                       " column-rule: 1px solid; padding: -1pt }\n",
                       &doc);
  np_computed c = compute(st, "p", NULL);

  g_assert_cmpfloat(c.font_size, ==, 12);
  g_assert_cmpfloat(c.margin_top, ==, 0);
  g_assert_cmpint(c.widows, ==, 2);
  g_assert_cmpint(c.text_align, ==, NP_ALIGN_START);
  g_assert_cmpfloat(c.line_height, ==, 36); /* unitless is fine here */
  g_assert_cmpint(c.column_count, ==, 1);
  g_assert_cmpfloat(c.padding_top, ==, 0);
  g_assert_cmpuint(count_warnings(doc, "bad value"), ==, 7);
  g_assert_cmpuint(count_warnings(doc, "'column-rule' is not supported"), ==,
                   1);
  g_assert_cmpuint(doc->n_warnings, ==, 8);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_unsupported_selectors(void) {
  np_doc *doc;
  np_style *st = parse("a:hover, p:first-child, p.x { color: blue }\n"
                       "p::before { color: red }\n"
                       "h1 + p, h2 ~ p, [lang] { color: red }\n"
                       "> p, p > { color: red }\n",
                       &doc);

  g_assert_cmphex(compute(st, "p", "x").color, ==, 0x0000ffff);
  g_assert_cmphex(compute(st, "p", NULL).color, ==, 0x000000ff);
  g_assert_cmphex(compute(st, "a", NULL).color, ==, 0x000000ff);
  g_assert_cmpuint(count_warnings(doc, "unsupported selector"), ==, 8);
  g_assert_cmpuint(count_warnings(doc, "'a:hover'"), ==, 1);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_broken(void) {
  static const char *const broken[] = {
      "p { color: red",
      "}}} p { color: red }",
      "garbage ; p { color: red }",
      "p { color: red; { nested } ; }",
      "p { color: red } @media print { p { color: blue }",
      "p { color: \"unterminated }",
      "@media",
      "@page { size: }",
      "p { font: }",
      "p { font-family: , }",
      "p{color:red;;;:;margin:}",
      "{}{}{",
      "p { color: rgb(1, 2, 3 }",
      "p { color: red !important !important }",
      "p { color: red } \x01\x02",
  };
  size_t i;
  unsigned seed;

  for (i = 0; i < G_N_ELEMENTS(broken); i++) {
    np_doc *doc;
    np_style *st = parse(broken[i], &doc);
    np_computed c = compute(st, "p", NULL);
    g_assert_cmpuint(doc->n_warnings, >, 0);
    g_assert_cmpfloat(c.font_size, >, 0);
    np_style_free(st);
    np_doc_free(doc);
  }
  /* Recovery: the rules around the damage still count. */
  {
    np_doc *doc;
    np_style *st = parse("}}} p { color: red }", &doc);
    g_assert_cmphex(compute(st, "p", NULL).color, ==, 0xff0000ff);
    np_style_free(st);
    np_doc_free(doc);
    st = parse("p { color: red", &doc);
    g_assert_cmphex(compute(st, "p", NULL).color, ==, 0xff0000ff);
    g_assert_cmpuint(count_warnings(doc, "unclosed block"), ==, 1);
    np_style_free(st);
    np_doc_free(doc);
  }
  /* Random mutations of a real sheet: every one parses. */
  for (seed = 1; seed <= 200; seed++) {
    char css[] = "@page { size: A4; margin: 1cm }\n"
                 "article p.x, .a .b > c { font: bold 1em/1.2 'A', serif;"
                 " color: rgb(1,2,3); border: 1px solid #abc !important }\n"
                 "@media print { h1 { margin: 1pt 2pt } } /* c */";
    GRand *r = g_rand_new_with_seed(seed);
    size_t len = strlen(css), k;
    np_doc *doc;
    np_style *st;
    np_computed c;
    for (k = 0; k < 6; k++)
      css[g_rand_int_range(r, 0, (gint32)len)] = "{};:/*'\"()@!,>"[k * 2 % 14];
    st = parse(css, &doc);
    np_style_compute(st, "p", "x", NULL, 300, &c);
    g_assert_true(isfinite(c.font_size) && c.font_size > 0);
    np_style_free(st);
    np_doc_free(doc);
    g_rand_free(r);
  }
}

static void test_other_properties(void) {
  np_doc *doc;
  np_style *st = parse(
      "h2 { page-break-before: always; break-after: avoid;"
      " break-inside: avoid-page; -webkit-hyphens: auto; text-transform:"
      " uppercase; display: block; widows: 3; orphans: 4 }\n"
      "article { column-count: 2; column-gap: 6mm }\n"
      "h1 { column-span: all; break-before: column; page-break-after: avoid;"
      " page-break-inside: avoid }\n"
      "figure { max-height: 50%; hyphens: manual }\n"
      "aside { display: none; columns: 3; column-gap: normal; font-size: 8pt "
      "}\n"
      "p { margin-top: inherit; color: initial; hyphens: none;"
      " page-break-before: inherit }\n"
      "td { text-align: end; direction: rtl }\n",
      &doc);
  np_computed c, parent;

  c = compute(st, "h2", NULL);
  g_assert_cmpint(c.break_before, ==, NP_BREAK_PAGE);
  g_assert_cmpint(c.break_after, ==, NP_BREAK_AVOID);
  g_assert_cmpint(c.break_inside, ==, NP_BREAK_AVOID);
  g_assert_cmpint(c.hyphens, ==, 1);
  g_assert_cmpint(c.uppercase, ==, 1);
  g_assert_cmpint(c.display_none, ==, 0);
  g_assert_cmpint(c.widows, ==, 3);
  g_assert_cmpint(c.orphans, ==, 4);
  c = compute(st, "article", NULL);
  g_assert_cmpint(c.column_count, ==, 2);
  g_assert_cmpfloat_with_epsilon(c.column_gap, 6 * MM, 1e-9);
  c = compute(st, "h1", NULL);
  g_assert_cmpint(c.column_span_all, ==, 1);
  g_assert_cmpint(c.break_before, ==, NP_BREAK_COLUMN);
  g_assert_cmpint(c.break_after, ==, NP_BREAK_AVOID);
  g_assert_cmpint(c.break_inside, ==, NP_BREAK_AVOID);
  c = compute(st, "figure", NULL);
  g_assert_cmpfloat(c.max_height_ratio, ==, 0.5);
  g_assert_cmpint(c.hyphens, ==, 0);
  c = compute(st, "aside", NULL);
  g_assert_cmpint(c.display_none, ==, 1);
  g_assert_cmpint(c.column_count, ==, 3);
  g_assert_cmpfloat(c.column_gap, ==, 8);
  g_assert_cmpint(compute(st, "td", NULL).text_align, ==, NP_ALIGN_END);
  parent = compute(st, "div", NULL);
  parent.margin_top = 7;
  parent.color = 0x112233ff;
  np_style_compute(st, "p", NULL, &parent, 400, &c);
  g_assert_cmpfloat(c.margin_top, ==, 7);
  g_assert_cmphex(c.color, ==, 0x000000ff);
  g_assert_cmpint(c.break_before, ==, NP_BREAK_AUTO);
  parent.break_before = NP_BREAK_PAGE;
  np_style_compute(st, "p", NULL, &parent, 400, &c);
  g_assert_cmpint(c.break_before, ==, NP_BREAK_PAGE);
  g_assert_cmpuint(doc->n_warnings, ==, 0);
  np_style_free(st);
  np_doc_free(doc);
}

static void test_source(void) {
  const char css[] = "p { color: red }\n/* kept */";
  np_style *st = np_style_parse(css, strlen(css), "s.css", NULL);

  g_assert_cmpstr(np_style_source(st), ==, css);
  np_style_free(st);
}

static void test_paper(void) {
  static const struct {
    const char *spec;
    double w, h;
  } good[] = {{"a4", 595.28, 841.89},
              {"A4", 595.28, 841.89},
              {"a5", 419.53, 595.28},
              {"A6", 297.64, 419.53},
              {"letter", 612, 792},
              {"Legal", 612, 1008},
              {"150x200mm", 150 * MM, 200 * MM},
              {"8.5x11in", 612, 792},
              {"10X15CM", 100 * MM, 150 * MM},
              {"300x400pt", 300, 400},
              {"100mmx5in", 100 * MM, 360}};
  static const char *const bad[] = {
      "",      "a7",     "150x200",  "x200mm",         "150x",
      "0x0mm", "-5x5in", "9999x9in", "150x200mm junk", "150 x 200mm"};
  double w, h;
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(good); i++) {
    g_assert_true(np_style_parse_paper(good[i].spec, &w, &h));
    g_assert_cmpfloat_with_epsilon(w, good[i].w, 0.01);
    g_assert_cmpfloat_with_epsilon(h, good[i].h, 0.01);
  }
  for (i = 0; i < G_N_ELEMENTS(bad); i++)
    g_assert_false(np_style_parse_paper(bad[i], &w, &h));
  g_assert_false(np_style_parse_paper(NULL, &w, &h));
}

/* Returns the repository's styles/ directory: NP_STYLES_DIR, or the one
 * beside this file's tests/ directory. */
static char *styles_dir(void) {
  const char *env = g_getenv("NP_STYLES_DIR");
  char *here, *dir;

  if (env && *env)
    return g_strdup(env);
  here = g_path_get_dirname(__FILE__);
  dir = g_build_filename(here, "..", "..", "styles", NULL);
  g_free(here);
  return dir;
}

/* The elements and classes the typesetter asks for. */
static const np_style_element typeset_elements[] = {{"article", NULL},
                                                    {"header", "masthead"},
                                                    {"h1", "headline"},
                                                    {"p", "standfirst"},
                                                    {"p", "byline"},
                                                    {"figure", NULL},
                                                    {"figure", "lead"},
                                                    {"img", NULL},
                                                    {"figcaption", NULL},
                                                    {"span", "credit"},
                                                    {"h2", NULL},
                                                    {"h3", NULL},
                                                    {"h4", NULL},
                                                    {"h5", NULL},
                                                    {"h6", NULL},
                                                    {"p", NULL},
                                                    {"blockquote", NULL},
                                                    {"blockquote", "pullquote"},
                                                    {"ul", NULL},
                                                    {"ol", NULL},
                                                    {"li", NULL},
                                                    {"table", NULL},
                                                    {"caption", NULL},
                                                    {"tr", NULL},
                                                    {"th", NULL},
                                                    {"td", NULL},
                                                    {"pre", NULL},
                                                    {"code", NULL},
                                                    {"hr", NULL},
                                                    {"em", NULL},
                                                    {"strong", NULL},
                                                    {"a", NULL},
                                                    {"sub", NULL},
                                                    {"sup", NULL},
                                                    {"small", NULL},
                                                    {"mark", NULL},
                                                    {"del", NULL},
                                                    {"section", "notes"},
                                                    {"h2", "notes-title"},
                                                    {"li", "note"},
                                                    {"p", "source"},
                                                    {"div", "running-header"},
                                                    {"div", "running-footer"},
                                                    {"section", "toc"},
                                                    {"h1", "toc-title"},
                                                    {"p", "toc-entry"}};

static int ends_with_generic(const char *family) {
  return g_str_has_suffix(family, ", serif") ||
         g_str_has_suffix(family, ", sans-serif") ||
         g_str_has_suffix(family, ", monospace");
}

static void test_shipped_sheets(void) {
  static const char *const names[] = {"default", "newspaper", "ereader",
                                      "large-print"};
  char *dir = styles_dir();
  size_t i, k;

  for (i = 0; i < G_N_ELEMENTS(names); i++) {
    np_doc *doc = np_doc_new();
    np_style *st = NULL;
    np_error err;
    np_computed art, c, fig;
    np_style_element chain[2] = {{"article", NULL}, {NULL, NULL}};
    np_page_setup pg;
    np_status status = np_style_load(names[i], dir, doc, &st, &err);

    if (status != NP_OK)
      g_error("%s: %s", names[i], err.message);
    for (k = 0; k < doc->n_warnings; k++)
      g_printerr("%s\n", doc->warnings[k]);
    g_assert_cmpuint(doc->n_warnings, ==, 0);
    g_assert_cmpstr(strstr(np_style_source(st), "@page"), !=, NULL);
    np_style_compute_path(st, chain, 1, NULL, 400, &art);
    g_assert_cmpstr(art.font_family, !=, "serif");
    g_assert_cmpint(art.widows, ==, 2);
    g_assert_cmpint(art.orphans, ==, 2);
    for (k = 1; k < G_N_ELEMENTS(typeset_elements); k++) {
      chain[1] = typeset_elements[k];
      np_style_compute_path(st, chain, 2, &art, 400, &c);
      if (!ends_with_generic(c.font_family))
        g_error("%s: %s.%s: family '%s'", names[i], chain[1].element,
                chain[1].classes ? chain[1].classes : "", c.font_family);
      g_assert_cmpfloat(c.font_size, >=, 6);
      g_assert_cmpfloat(c.line_height, >=, c.font_size);
    }
    np_style_compute(st, "h2", NULL, &art, 400, &c);
    g_assert_cmpint(c.break_after, ==, NP_BREAK_AVOID);
    g_assert_cmpint(c.font_weight, ==, 700);
    np_style_compute(st, "figure", NULL, &art, 400, &fig);
    g_assert_cmpint(fig.break_inside, ==, NP_BREAK_AVOID);
    g_assert_cmpfloat(fig.max_height_ratio, >, 0.3);
    g_assert_cmpfloat(fig.max_height_ratio, <=, 0.5);
    np_style_compute(st, "figcaption", NULL, &fig, 400, &c);
    g_assert_cmpfloat(c.font_size, <, art.font_size);
    pg = np_style_page(st);
    if (strcmp(names[i], "ereader") == 0) {
      g_assert_cmpfloat_with_epsilon(pg.width, 90 * MM, 0.01);
      g_assert_cmpfloat_with_epsilon(pg.height, 120 * MM, 0.01);
      g_assert_cmpfloat(art.font_size, >=, 11);
    } else {
      g_assert_cmpfloat_with_epsilon(pg.width, 595.28, 0.01);
    }
    if (strcmp(names[i], "newspaper") == 0) {
      g_assert_cmpint(art.column_count, ==, 2);
      np_style_compute(st, "h1", "headline", &art, 400, &c);
      g_assert_cmpint(c.column_span_all, ==, 1);
    } else {
      g_assert_cmpint(art.column_count, ==, 1);
    }
    if (strcmp(names[i], "large-print") == 0) {
      g_assert_cmpfloat(art.font_size, >=, 16);
      g_assert_cmpint(art.hyphens, ==, 0);
      g_assert_cmpint(art.text_align, ==, NP_ALIGN_START);
      g_assert_cmpfloat_with_epsilon(art.line_height / art.font_size, 1.5,
                                     1e-9);
    } else {
      g_assert_cmpint(art.hyphens, ==, 1);
      g_assert_cmpint(art.text_align, ==, NP_ALIGN_JUSTIFY);
    }
    np_style_free(st);
    np_doc_free(doc);
  }
  g_free(dir);
}

static void test_load_errors(void) {
  char *dir = styles_dir();
  char *missing;
  np_style *st = NULL;
  np_error err;
  np_status status;

  status = np_style_load("nope", dir, NULL, &st, &err);
  g_assert_cmpint(status, ==, NP_ERR_USAGE);
  g_assert_null(st);
  g_assert_cmpstr(err.message, ==,
                  "unknown style 'nope' (known: default, ereader, "
                  "large-print, newspaper)");
  missing = g_build_filename(dir, "no-such.css", NULL);
  status = np_style_load(missing, dir, NULL, &st, &err);
  g_assert_cmpint(status, ==, NP_ERR_IO);
  g_assert_null(st);
  g_assert_nonnull(strstr(err.message, missing));
  g_free(missing);
  /* A path to a sheet works, too. */
  missing = g_build_filename(dir, "default.css", NULL);
  status = np_style_load(missing, NULL, NULL, &st, &err);
  g_assert_cmpint(status, ==, NP_OK);
  g_assert_nonnull(st);
  np_style_free(st);
  g_free(missing);
  status = np_style_load("", dir, NULL, &st, &err);
  g_assert_cmpint(status, ==, NP_ERR_USAGE);
  g_free(dir);
}

static void test_export_css(void) {
  static const char css[] =
      "@page { size: a5; margin: 12mm; }\n"
      "article { font: 12pt/1.5 \"Noto Serif\", serif; column-count: 2; "
      "column-gap: 6mm; widows: 2; }\n"
      "h2, h3 { font-size: 18pt; line-height: 24pt; margin: 6pt 0 3pt; "
      "break-after: avoid; }\n"
      "#masthead { color: red; }\n"
      "figure { max-height: 40%; break-inside: avoid; }\n"
      "blockquote > p.quote { letter-spacing: 1.2pt; color: #336699; "
      "font-style: italic !important; }\n"
      "@media screen { p { color: blue; } }\n";
  np_style *style = np_style_parse(css, strlen(css), "t.css", NULL);
  char *out = np_style_export_css(style), *base;
  np_style *again;
  np_computed c, c2;

  /* nothing a reflowable book cannot use */
  g_assert_null(strstr(out, "@page"));
  g_assert_null(strstr(out, "column"));
  g_assert_null(strstr(out, "max-height"));
  g_assert_null(strstr(out, "red"));
  g_assert_null(strstr(out, "blue"));
  g_assert_null(strstr(out, "--"));
  g_assert_null(strstr(out, "pt;"));
  g_assert_null(strstr(out, "mm"));
  /* sizes follow the reader's text size: the article's own is dropped,
   * others are em of it */
  g_assert_nonnull(strstr(out, "article { font-style: normal; "));
  g_assert_null(strstr(out, "article { font-size"));
  g_assert_nonnull(strstr(out, "h2, h3 { font-size: 1.5em; line-height: "
                               "1.3333; margin-top: 0.3333em; margin-right: "
                               "0; margin-bottom: 0.1667em; margin-left: 0; "
                               "page-break-after: avoid; }"));
  g_assert_nonnull(strstr(out, "font-family: \"Noto Serif\", serif;"));
  g_assert_nonnull(strstr(out, "widows: 2;"));
  g_assert_nonnull(strstr(out, "figure { page-break-inside: avoid; }"));
  g_assert_nonnull(strstr(out, "blockquote > p.quote { letter-spacing: 0.1em; "
                               "color: #336699; font-style: italic "
                               "!important; }"));
  g_assert_nonnull(strstr(out, "img { max-width: 100%"));
  /* the export parses again without a warning, to the same cascade for
   * what it keeps */
  {
    np_doc *warnings = np_doc_new();
    again = np_style_parse(out, strlen(out), "export.css", warnings);
    g_assert_cmpuint(warnings->n_warnings, ==, 0);
    np_doc_free(warnings);
  }
  np_style_compute(style, "h2", NULL, NULL, 300, &c);
  np_style_compute(again, "h2", NULL, NULL, 300, &c2);
  g_assert_cmpint(c.font_weight, ==, c2.font_weight);
  g_assert_cmpint(c.break_after, ==, c2.break_after);
  np_style_free(again);
  free(out);
  np_style_free(style);
  base = np_style_export_css(NULL);
  g_assert_nonnull(strstr(base, "img {"));
  free(base);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/style/initial", test_initial);
  g_test_add_func("/style/selectors", test_selectors);
  g_test_add_func("/style/important", test_important);
  g_test_add_func("/style/descendant", test_descendant);
  g_test_add_func("/style/inheritance", test_inheritance);
  g_test_add_func("/style/units", test_units);
  g_test_add_func("/style/font-shorthand", test_font_shorthand);
  g_test_add_func("/style/box-shorthands", test_box_shorthands);
  g_test_add_func("/style/border", test_border);
  g_test_add_func("/style/colors", test_colors);
  g_test_add_func("/style/page", test_page);
  g_test_add_func("/style/media-comments", test_media_comments);
  g_test_add_func("/style/unknown-property", test_unknown_property);
  g_test_add_func("/style/bad-values", test_bad_values);
  g_test_add_func("/style/unsupported-selectors", test_unsupported_selectors);
  g_test_add_func("/style/broken", test_broken);
  g_test_add_func("/style/other-properties", test_other_properties);
  g_test_add_func("/style/source", test_source);
  g_test_add_func("/style/paper", test_paper);
  g_test_add_func("/style/shipped-sheets", test_shipped_sheets);
  g_test_add_func("/style/load-errors", test_load_errors);
  g_test_add_func("/style/export-css", test_export_css);
  return g_test_run();
}
