/* layout.h: the typesetter: lays the document trees out on pages with
 * Pango (lines, justification, hyphenation, bidi), styles, fonts and images;
 * paginates (widows, orphans, keep-with-next, figures whole, columns); the
 * result is a list of pages of positioned boxes that pdf.c draws. */
#ifndef NP_LAYOUT_H
#define NP_LAYOUT_H

#include <pango/pango.h>

#include "doc.h"
#include "fonts.h"
#include "hyphenate.h"
#include "image.h"
#include "style.h"

/* Most pages laid out for one output; past it the layout stops with an
 * error rather than run away. */
#define NP_LAYOUT_MAX_PAGES 10000

/* Most bytes of text (UTF-8, all documents together) laid out for one PDF,
 * about 2,500 pages of body text. Pango holds every shaped line until the
 * PDF is drawn, some 50 bytes of memory per byte of text, so this bounds the
 * memory of a PDF (about 450 MB at the limit); past it the layout refuses
 * at once with an error rather than fail after minutes at the page limit.
 * Text, Markdown, HTML, JSON and EPUB have no such limit. */
#define NP_LAYOUT_MAX_TEXT ((size_t)8 * 1024 * 1024)

/* Most bytes of images held for one PDF (np_image_memory: decoded pixels of
 * rasters, file bytes of JPEG and SVG); an image that would cross it is
 * left out with a warning and drawn as a framed blank. With
 * NP_IMAGE_MAX_PIXELS (one image at most 200 MB decoded) this bounds the
 * memory that a page full of large images can take. */
#define NP_LAYOUT_MAX_IMAGE_MEMORY ((size_t)512 * 1024 * 1024)

/* Tables with more columns than this are set as a sequence of cells, with
 * a warning: nothing is lost, and the column widths stay readable. */
#define NP_LAYOUT_TABLE_MAX_COLUMNS 40

/* Kinds of box. */
typedef enum {
  NP_BOX_LINE = 0, /* one line of a PangoLayout */
  NP_BOX_IMAGE,    /* an image scaled into the box */
  NP_BOX_RULE,     /* a filled rectangle: rules, borders, backgrounds */
  NP_BOX_MISSING   /* an image that could not be loaded: a framed blank */
} np_box_kind;

/* What a box belongs to, for the dump, the outline and the tests. */
typedef enum {
  NP_ROLE_BODY = 0,
  NP_ROLE_MASTHEAD, /* site name and section line */
  NP_ROLE_HEADLINE,
  NP_ROLE_STANDFIRST,
  NP_ROLE_BYLINE,
  NP_ROLE_HEADING,
  NP_ROLE_CAPTION,
  NP_ROLE_CREDIT,
  NP_ROLE_FIGURE,
  NP_ROLE_TABLE,
  NP_ROLE_QUOTE,
  NP_ROLE_CODE,
  NP_ROLE_NOTES,  /* the numbered link notes at the end of an article */
  NP_ROLE_SOURCE, /* the closing source line */
  NP_ROLE_HEADER, /* running header */
  NP_ROLE_FOOTER, /* running footer */
  NP_ROLE_TOC     /* the contents page of a multi-article PDF */
} np_box_role;

/* A positioned box. Coordinates are points from the page's top-left. */
typedef struct {
  np_box_kind kind;
  np_box_role role;
  double x, y, width, height;
  double baseline;       /* LINE: y of the baseline */
  PangoLayout *layout;   /* LINE: owned by the np_layout */
  int line;              /* LINE: index of the line in layout */
  uint32_t color;        /* LINE text colour, RULE fill: 0xRRGGBBAA */
  const np_image *image; /* IMAGE: owned by the np_layout */
} np_box;

/* A clickable area of a page. */
typedef struct {
  double x, y, width, height;
  const char *uri; /* external link, or NULL */
  int dest_page;   /* internal link (contents page): target page, or -1 */
  double dest_y;
} np_link_area;

/* A bookmark: an article title (level 1) or a heading under it. */
typedef struct {
  char *title;
  int level; /* 1 = article, 2.. = its headings */
  int page;  /* 0-based */
  double y;
} np_outline_entry;

/* A laid-out page. */
typedef struct {
  np_box *boxes;
  size_t n_boxes;
  size_t cap_boxes;
  np_link_area *links;
  size_t n_links;
  size_t cap_links;
} np_page;

/* The result of a layout. */
typedef struct np_layout np_layout;

struct np_layout {
  double page_width, page_height; /* points */
  np_page *pages;
  size_t n_pages;
  np_outline_entry *outline;
  size_t n_outline;
  int *article_first_page; /* per document: its first page, 0-based */
  size_t n_articles;
  void *priv; /* the layouts, images and font state the boxes refer to */
};

/* Options of a layout. */
typedef struct {
  const np_style *style;
  np_fonts *fonts;
  np_hyphenator *hyphenator;        /* NULL: no hyphenation */
  double paper_width, paper_height; /* 0: the style's @page size */
  int link_notes; /* nonzero: numbered notes for external links */
  int contents;   /* nonzero: a contents page (several documents) */
} np_layout_options;

/* Lays out n documents (each starting on a new page; with opts->contents a
 * contents page first) into a new np_layout the caller frees with
 * np_layout_free. A missing or broken image is a warning on its document
 * and a framed blank of the same proportions. Returns NP_OK, or
 * NP_ERR_IO with err filled when the layout cannot go on (more than
 * NP_LAYOUT_MAX_TEXT bytes of text, checked before any work, or more than
 * NP_LAYOUT_MAX_PAGES pages). */
np_status np_layout_run(np_doc *const *docs, size_t n,
                        const np_layout_options *opts, np_layout **out,
                        np_error *err);

/* Releases a layout and everything its boxes refer to; NULL allowed. */
void np_layout_free(np_layout *layout);

/* Returns a text dump of the pages for golden tests: one line per box with
 * its page, kind, role, position and size rounded to whole points, and the
 * first words of each line's text. The caller frees it. */
char *np_layout_dump(const np_layout *layout);

#endif
