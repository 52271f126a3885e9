/* style.h: the CSS subset that drives the PDF typesetter (and goes into the
 * EPUB): parsing, selectors by element and class, specificity, the cascade
 * with inheritance, shorthands, units, and @page. */
#ifndef NP_STYLE_H
#define NP_STYLE_H

#include <stdint.h>

#include "doc.h"

/* Longest font family list kept, in bytes with the NUL. */
#define NP_STYLE_FAMILY_MAX 128
/* Largest style sheet read, in bytes. */
#define NP_STYLE_MAX_BYTES ((size_t)1024 * 1024)
/* Initial font size in points: the size of an element nothing styles, the
 * "medium" keyword and the root of rem units. */
#define NP_STYLE_INITIAL_SIZE 10.0

/* Horizontal alignment; START and END follow the paragraph's direction. */
typedef enum {
  NP_ALIGN_START = 0,
  NP_ALIGN_END,
  NP_ALIGN_LEFT,
  NP_ALIGN_RIGHT,
  NP_ALIGN_CENTER,
  NP_ALIGN_JUSTIFY
} np_align;

/* break-before / break-after / break-inside values. */
typedef enum {
  NP_BREAK_AUTO = 0,
  NP_BREAK_AVOID,
  NP_BREAK_PAGE, /* page, always, left, right: a new page */
  NP_BREAK_COLUMN
} np_break;

/* The computed style of one box. Lengths are in points (1/72 in); colours
 * are 0xRRGGBBAA. */
typedef struct {
  char font_family[NP_STYLE_FAMILY_MAX]; /* CSS list: "Noto Serif, serif" */
  double font_size;
  int font_weight; /* 100..900 */
  int font_italic; /* nonzero for italic or oblique */
  int font_smallcaps;
  double line_height; /* absolute, in points */
  uint32_t color;
  uint32_t background; /* 0 when transparent */
  np_align text_align;
  double text_indent;
  double margin_top, margin_right, margin_bottom, margin_left;
  double padding_top, padding_right, padding_bottom, padding_left;
  double border_width; /* one width and colour for the sides that have one */
  uint32_t border_color;
  unsigned border_sides; /* bit 0 top, 1 right, 2 bottom, 3 left */
  int hyphens;           /* nonzero for hyphens: auto */
  int column_count;      /* 1 when not multi-column */
  double column_gap;
  int column_span_all; /* column-span: all */
  np_break break_before, break_after, break_inside;
  int widows, orphans;
  int display_none; /* display: none */
  int uppercase;    /* text-transform: uppercase */
  double letter_spacing;
  double max_height_ratio; /* figures: max-height as a share of the page
                              content height, 0 when none */
} np_computed;

/* The page set-up from @page. */
typedef struct {
  double width, height; /* points */
  double margin_top, margin_right, margin_bottom, margin_left;
} np_page_setup;

/* A parsed style sheet. */
typedef struct np_style np_style;

/* Parses len bytes of CSS named name (for messages) into a new style sheet
 * the caller frees with np_style_free. Unknown properties, bad values and
 * unsupported selectors are skipped, each with a warning added to warnings
 * (may be NULL) as "NAME:LINE: reason". Never fails. */
np_style *np_style_parse(const char *css, size_t len, const char *name,
                         np_doc *warnings);

/* Loads the style sheet spec: a shipped style's name ("default",
 * "newspaper", "ereader", "large-print") looked up as NAME.css in
 * styles_dir, or a path to a .css file. Returns NP_OK with *out set, or
 * NP_ERR_USAGE for an unknown name, NP_ERR_IO for an unreadable file, with
 * err filled. Warnings as for np_style_parse. */
np_status np_style_load(const char *spec, const char *styles_dir,
                        np_doc *warnings, np_style **out, np_error *err);

/* Releases a style sheet; NULL is allowed. */
void np_style_free(np_style *style);

/* Computes the style of an element named element (lowercase, e.g. "p",
 * "h2", "figcaption") with the space-separated classes (may be NULL),
 * inheriting from parent (NULL: the initial values, font size
 * NP_STYLE_INITIAL_SIZE): the matching rules by !important, specificity
 * then order, inherited properties (font-*, line-height, color, text-align,
 * text-indent, hyphens, widows, orphans, text-transform, letter-spacing)
 * from the parent, relative units resolved: em and % of font-size against
 * the parent's font size, em of other properties against the element's own
 * font size, rem against NP_STYLE_INITIAL_SIZE, % of margins, padding and
 * text-indent against content_width. A line-height nothing sets keeps the
 * parent's ratio to the font size (as an inherited unitless value does).
 * Only selectors without ancestors match here: use np_style_compute_path
 * for descendant selectors. style NULL gives the inherited/initial values. */
void np_style_compute(const np_style *style, const char *element,
                      const char *classes, const np_computed *parent,
                      double content_width, np_computed *out);

/* One element of an ancestor chain: its name (lowercase) and its
 * space-separated classes (may be NULL). Both strings are borrowed. */
typedef struct {
  const char *element;
  const char *classes;
} np_style_element;

/* Computes the style of chain[depth - 1], whose ancestors are chain[0]
 * (the root, usually "article") .. chain[depth - 2], so that descendant
 * selectors ("figure figcaption", ".lead p") and child selectors
 * ("blockquote > p") match. parent is the computed style of
 * chain[depth - 2] (NULL: the initial values); otherwise as
 * np_style_compute, which is this function with depth 1. depth 0 gives the
 * inherited or initial values. */
void np_style_compute_path(const np_style *style, const np_style_element *chain,
                           size_t depth, const np_computed *parent,
                           double content_width, np_computed *out);

/* Returns the page set-up of the sheet (@page size and margins; A4 with
 * 20 mm margins when the sheet says nothing). */
np_page_setup np_style_page(const np_style *style);

/* Parses a --paper value: a4, a5, a6, letter, legal, or WIDTHxHEIGHT with
 * a unit (mm, cm, in, pt), e.g. "150x200mm". Sets *width and *height in
 * points and returns 1, or returns 0 when the value is not understood. */
int np_style_parse_paper(const char *paper, double *width, double *height);

/* Returns the CSS text of the sheet as loaded (for the EPUB), borrowed. */
const char *np_style_source(const np_style *style);

/* Returns the sheet as CSS that e-readers accept, for an EPUB (heap, the
 * caller frees; never NULL; style NULL gives the base rules only): the
 * parsed rules written again without what has no place in a reflowable
 * book (@page, columns, heights relative to the page, id selectors, the
 * article's own font size, which the reader chooses), with absolute font
 * sizes, margins, padding and indents turned into em of the article's
 * size (or of the rule's own font size) and line heights unitless, so
 * that text follows the reader's size setting; break-* written as
 * page-break-*. A few base rules come first (images fit the screen). */
char *np_style_export_css(const np_style *style);

#endif
