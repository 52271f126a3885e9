/* cover.c: draws the cover of an EPUB with cairo and Pango: a newspaper
 * masthead (title, date line between rules), then the lead image and
 * headline of a single article or the leading headlines of a digest. */

#include "cover.h"

#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "image.h"

/* Page margin, in pixels. */
#define NP_COVER_MARGIN 80.0
/* The masthead title: largest size tried, smallest size (then wrapped), the
 * step between, and its most lines. */
#define NP_COVER_TITLE_MAX 128.0
#define NP_COVER_TITLE_MIN 72.0
#define NP_COVER_TITLE_STEP 4.0
#define NP_COVER_TITLE_LINES 2
/* White space between the title's line box and the rule below it. */
#define NP_COVER_TITLE_PAD 12.0
/* The date line: size and letter spacing. */
#define NP_COVER_DATE_SIZE 28.0
#define NP_COVER_DATE_SPACING 3.0
/* Thickness of the thin and thick rules, and the gap of the double rule. */
#define NP_COVER_RULE_THIN 2.0
#define NP_COVER_RULE_THICK 7.0
#define NP_COVER_RULE_GAP 5.0
/* White space around the date line and below the masthead. */
#define NP_COVER_DATE_PAD 20.0
#define NP_COVER_MASTHEAD_GAP 56.0
/* A single article: headline size and most lines with and without an
 * image; standfirst size and most lines; gaps. */
#define NP_COVER_HEADLINE_SIZE 64.0
#define NP_COVER_HEADLINE_BIG 84.0
#define NP_COVER_HEADLINE_LINES 4
#define NP_COVER_HEADLINE_LINES_BIG 6
#define NP_COVER_SUMMARY_SIZE 36.0
#define NP_COVER_SUMMARY_LINES 4
#define NP_COVER_TEXT_GAP 28.0
#define NP_COVER_IMAGE_GAP 44.0
/* Smallest box worth an image, and the most an image is enlarged. */
#define NP_COVER_IMAGE_MIN_HEIGHT 240.0
#define NP_COVER_IMAGE_MAX_ZOOM 2.0
/* A digest: the first headline's size, the others', their most lines, and
 * the white space around the hairline between two headlines. */
#define NP_COVER_LEAD_SIZE 58.0
#define NP_COVER_ITEM_SIZE 40.0
#define NP_COVER_ITEM_LINES 3
#define NP_COVER_ITEM_GAP 30.0
#define NP_COVER_HAIRLINE 1.5
/* White space kept above the bottom margin, so that text stays clear of
 * the closing rule. */
#define NP_COVER_FOOT_GAP 16.0
/* Distance between the baselines of bold display text (titles,
 * headlines), as a factor of the font's own line height, which is loose at
 * large sizes; regular text keeps the font's. */
#define NP_COVER_DISPLAY_SPACING 0.92
/* Pango's resolution: 72 units per inch, so that sizes are pixels. */
#define NP_COVER_DPI 72.0

/* Colours, as 0xRRGGBB: paper, ink, muted text, hairlines. */
#define NP_COVER_PAPER 0xFBF9F4
#define NP_COVER_INK 0x161616
#define NP_COVER_MUTED 0x4A4A4A
#define NP_COVER_FAINT 0xB8B4AC

/* What drawing the cover needs. */
typedef struct {
  const np_cover *cover;
  cairo_t *cr;
  PangoContext *ctx;
  double left; /* the text column, in pixels */
  double width;
  double bottom; /* lowest y that text may reach */
} np_cover_pen;

/* Sets the source colour of cr to 0xRRGGBB. */
static void np_cover_colour(cairo_t *cr, unsigned rgb) {
  cairo_set_source_rgb(cr, (rgb >> 16 & 0xFF) / 255.0,
                       (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

/* Returns a layout of text (white space collapsed) in family at size
 * pixels, bold and tightly spaced when bold is nonzero, set to the column's
 * width when wrap is nonzero (at most max_lines lines, the last ellipsized),
 * aligned (centred when centre is nonzero, else to the start side of the
 * cover's direction), in the cover's language. */
static PangoLayout *np_cover_layout(const np_cover_pen *pen, const char *text,
                                    const char *family, double size, int bold,
                                    int wrap, int max_lines, int centre) {
  PangoLayout *layout = pango_layout_new(pen->ctx);
  PangoFontDescription *font = pango_font_description_new();
  PangoAttrList *attrs = pango_attr_list_new();
  char *clean = np_collapse_space(np_xstrdup(text ? text : ""));

  pango_font_description_set_family(font, family);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  if (pen->cover->lang && *pen->cover->lang)
    pango_attr_list_insert(
        attrs,
        pango_attr_language_new(pango_language_from_string(pen->cover->lang)));
  pango_layout_set_attributes(layout, attrs);
  /* each text runs in its own direction (a Hebrew headline among English
   * ones): with auto-dir, Pango swaps LEFT and RIGHT for a paragraph whose
   * direction differs from the cover's, so the start side always wins */
  pango_layout_set_auto_dir(layout, TRUE);
  if (bold)
    pango_layout_set_line_spacing(layout, (float)NP_COVER_DISPLAY_SPACING);
  if (centre)
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  else
    pango_layout_set_alignment(layout, pen->cover->rtl ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
  if (wrap) {
    pango_layout_set_width(layout, (int)(pen->width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(layout, -max_lines);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  }
  pango_layout_set_text(layout, clean, -1);
  free(clean);
  pango_attr_list_unref(attrs);
  pango_font_description_free(font);
  return layout;
}

/* Returns the height of a layout's lines, in pixels. */
static double np_cover_height(PangoLayout *layout) {
  int width, height;

  pango_layout_get_size(layout, &width, &height);
  return (double)height / PANGO_SCALE;
}

/* Draws layout at the top of y in the column, in colour rgb, and returns
 * the y below it. */
static double np_cover_show(const np_cover_pen *pen, PangoLayout *layout,
                            double y, unsigned rgb) {
  double x = pen->left;

  /* A layout without a width is centred by hand. */
  if (pango_layout_get_width(layout) < 0) {
    int width, height;
    pango_layout_get_size(layout, &width, &height);
    x += (pen->width - (double)width / PANGO_SCALE) / 2;
  }
  np_cover_colour(pen->cr, rgb);
  cairo_move_to(pen->cr, x, y);
  pango_cairo_show_layout(pen->cr, layout);
  return y + np_cover_height(layout);
}

/* Draws a horizontal rule across the column whose top is y, and returns
 * the y below it. */
static double np_cover_rule(const np_cover_pen *pen, double y, double thickness,
                            unsigned rgb) {
  np_cover_colour(pen->cr, rgb);
  cairo_rectangle(pen->cr, pen->left, y, pen->width, thickness);
  cairo_fill(pen->cr);
  return y + thickness;
}

/* Returns the title's layout: on one line at the largest size that fits
 * the column, else wrapped at the smallest size. */
static PangoLayout *np_cover_title(const np_cover_pen *pen) {
  int step;

  for (step = 0;
       NP_COVER_TITLE_MAX - step * NP_COVER_TITLE_STEP > NP_COVER_TITLE_MIN;
       step++) {
    double size = NP_COVER_TITLE_MAX - step * NP_COVER_TITLE_STEP;
    PangoLayout *layout =
        np_cover_layout(pen, pen->cover->title, "serif", size, 1, 0, 1, 1);
    int width, height;
    pango_layout_get_size(layout, &width, &height);
    if ((double)width / PANGO_SCALE <= pen->width)
      return layout;
    g_object_unref(layout);
  }
  return np_cover_layout(pen, pen->cover->title, "serif", NP_COVER_TITLE_MIN, 1,
                         1, NP_COVER_TITLE_LINES, 1);
}

/* Draws the masthead from the top margin: the title, then the date line
 * between a thin rule and a double rule (the double rule alone without a
 * date). Returns the y below it. */
static double np_cover_masthead(const np_cover_pen *pen) {
  double y = NP_COVER_MARGIN;

  if (!np_is_blank(pen->cover->title)) {
    PangoLayout *title = np_cover_title(pen);
    PangoRectangle ink;
    /* The title's ink, not its line box, sits on the margin. */
    pango_layout_get_pixel_extents(title, &ink, NULL);
    y = np_cover_show(pen, title, y - ink.y, NP_COVER_INK) + NP_COVER_TITLE_PAD;
    g_object_unref(title);
  }
  if (!np_is_blank(pen->cover->subtitle)) {
    PangoLayout *date = np_cover_layout(pen, pen->cover->subtitle, "sans-serif",
                                        NP_COVER_DATE_SIZE, 0, 1, 1, 1);
    PangoAttrList *attrs =
        pango_attr_list_copy(pango_layout_get_attributes(date));
    pango_attr_list_insert(attrs,
                           pango_attr_letter_spacing_new(
                               (int)(NP_COVER_DATE_SPACING * PANGO_SCALE)));
    pango_layout_set_attributes(date, attrs);
    pango_attr_list_unref(attrs);
    y = np_cover_rule(pen, y, NP_COVER_RULE_THIN, NP_COVER_INK);
    y = np_cover_show(pen, date, y + NP_COVER_DATE_PAD, NP_COVER_MUTED) +
        NP_COVER_DATE_PAD;
    g_object_unref(date);
  }
  y = np_cover_rule(pen, y, NP_COVER_RULE_THICK, NP_COVER_INK);
  y = np_cover_rule(pen, y + NP_COVER_RULE_GAP, NP_COVER_RULE_THIN,
                    NP_COVER_INK);
  return y + NP_COVER_MASTHEAD_GAP;
}

/* Draws the lead image of the article in the box of the column from y,
 * max_height high, scaled to fit (enlarged at most
 * NP_COVER_IMAGE_MAX_ZOOM times) and centred. Returns the y below it, or y
 * when there is no image or it cannot be loaded. */
static double np_cover_image(const np_cover_pen *pen, const np_doc *doc,
                             double y, double max_height) {
  np_image *image = NULL;
  double iw, ih, scale, w, h, below = y;

  if (doc->meta.lead_image < 0 || max_height < NP_COVER_IMAGE_MIN_HEIGHT ||
      np_image_load_pixels(doc, doc->meta.lead_image, (int)pen->width,
                           (int)max_height, &image, NULL) != NP_OK)
    goto done;
  iw = np_image_width(image);
  ih = np_image_height(image);
  if (!(iw > 0) || !(ih > 0))
    goto done;
  scale = fmin(fmin(pen->width / iw, max_height / ih), NP_COVER_IMAGE_MAX_ZOOM);
  w = round(iw * scale);
  h = round(ih * scale);
  np_image_draw(image, pen->cr, round(pen->left + (pen->width - w) / 2), y, w,
                h);
  below = y + h + NP_COVER_IMAGE_GAP;
done:
  np_image_free(image);
  return below;
}

/* Draws a single article from y: its lead image, then the headline and the
 * standfirst, which keep the room they need below the image. */
static void np_cover_article(const np_cover_pen *pen, double y) {
  const np_doc *doc = pen->cover->lead_doc;
  const char *headline =
      pen->cover->n_headlines ? pen->cover->headlines[0] : doc->meta.title;
  PangoLayout *title = NULL, *summary = NULL;
  double text_height = 0, below;
  int photo;

  if (!np_is_blank(headline)) {
    title = np_cover_layout(pen, headline, "serif", NP_COVER_HEADLINE_SIZE, 1,
                            1, NP_COVER_HEADLINE_LINES, 0);
    text_height += np_cover_height(title);
  }
  if (!np_is_blank(doc->meta.summary)) {
    summary =
        np_cover_layout(pen, doc->meta.summary, "serif", NP_COVER_SUMMARY_SIZE,
                        0, 1, NP_COVER_SUMMARY_LINES, 0);
    text_height += NP_COVER_TEXT_GAP + np_cover_height(summary);
  }
  below = np_cover_image(pen, doc, y,
                         pen->bottom - y - NP_COVER_IMAGE_GAP - text_height);
  photo = below != y;
  if (!photo && title) {
    /* No picture: a larger headline takes its place. */
    g_object_unref(title);
    title = np_cover_layout(pen, headline, "serif", NP_COVER_HEADLINE_BIG, 1, 1,
                            NP_COVER_HEADLINE_LINES_BIG, 0);
  }
  y = below;
  if (title) {
    y = np_cover_show(pen, title, y, NP_COVER_INK) + NP_COVER_TEXT_GAP;
    g_object_unref(title);
  }
  if (summary) {
    if (y + np_cover_height(summary) <= pen->bottom)
      np_cover_show(pen, summary, y, NP_COVER_MUTED);
    g_object_unref(summary);
  }
}

/* Lays out the first n headlines of the list at sizes grown by zoom into
 * layouts[] and returns their height with the space between them. */
static double np_cover_list(const np_cover_pen *pen, const char *const *list,
                            size_t n, double zoom, PangoLayout **layouts) {
  double height = 0;
  size_t i;

  for (i = 0; i < n; i++) {
    layouts[i] =
        np_cover_layout(pen, list[i], "serif",
                        zoom * (i ? NP_COVER_ITEM_SIZE : NP_COVER_LEAD_SIZE), 1,
                        1, NP_COVER_ITEM_LINES, 0);
    height += np_cover_height(layouts[i]);
    if (i)
      height += 2 * NP_COVER_ITEM_GAP + NP_COVER_HAIRLINE;
  }
  return height;
}

/* Releases the first n layouts. */
static void np_cover_unref(PangoLayout **layouts, size_t n) {
  size_t i;

  for (i = 0; i < n; i++)
    g_object_unref(layouts[i]);
}

/* Draws the leading headlines of a digest from y, the first larger, with
 * hairlines between them: at the largest of a few sizes at which they all
 * fit, else at the smallest as many as fit whole; white space left over is
 * shared between them, up to half the usual gap more. */
static void np_cover_digest(const np_cover_pen *pen, double y) {
  static const double zooms[] = {1.4, 1.25, 1.1, 1.0};
  const char *list[NP_COVER_MAX_HEADLINES];
  PangoLayout *layouts[NP_COVER_MAX_HEADLINES];
  size_t i, n = 0, z;
  double height = 0, gap = NP_COVER_ITEM_GAP;

  for (i = 0; i < pen->cover->n_headlines && n < NP_COVER_MAX_HEADLINES; i++)
    if (!np_is_blank(pen->cover->headlines[i]))
      list[n++] = pen->cover->headlines[i];
  for (z = 0; z < G_N_ELEMENTS(zooms); z++) {
    height = np_cover_list(pen, list, n, zooms[z], layouts);
    if (y + height <= pen->bottom || z + 1 == G_N_ELEMENTS(zooms))
      break;
    np_cover_unref(layouts, n);
  }
  while (n > 0 && y + height > pen->bottom) {
    n--;
    height -= np_cover_height(layouts[n]);
    if (n)
      height -= 2 * NP_COVER_ITEM_GAP + NP_COVER_HAIRLINE;
    g_object_unref(layouts[n]);
  }
  if (n > 1)
    gap += fmin((pen->bottom - y - height) / (2.0 * (double)(n - 1)),
                NP_COVER_ITEM_GAP / 2);
  for (i = 0; i < n; i++) {
    if (i) {
      np_cover_rule(pen, round(y + gap), NP_COVER_HAIRLINE, NP_COVER_FAINT);
      y += 2 * gap + NP_COVER_HAIRLINE;
    }
    y = np_cover_show(pen, layouts[i], y, NP_COVER_INK);
  }
  np_cover_unref(layouts, n);
}

np_status np_cover_draw(const np_cover *cover, np_fonts *fonts,
                        unsigned char **data, size_t *len, const char **mime,
                        np_error *err) {
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_font_options_t *options = cairo_font_options_create();
  np_cover_pen pen;
  cairo_status_t cst;
  np_status status = NP_OK;
  double y;

  *data = NULL;
  *len = 0;
  *mime = NULL;
  surface =
      np_image_surface_new(CAIRO_FORMAT_RGB24, NP_COVER_WIDTH, NP_COVER_HEIGHT);
  cr = cairo_create(surface);
  /* Unhinted outlines and metrics: the same pixels on every machine. */
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pen.cover = cover;
  pen.cr = cr;
  pen.ctx = pango_font_map_create_context(np_fonts_map(fonts));
  pango_cairo_context_set_resolution(pen.ctx, NP_COVER_DPI);
  pango_cairo_context_set_font_options(pen.ctx, options);
  pango_context_set_round_glyph_positions(pen.ctx, FALSE);
  pango_context_set_base_dir(pen.ctx, cover->rtl ? PANGO_DIRECTION_RTL
                                                 : PANGO_DIRECTION_LTR);
  if (cover->lang && *cover->lang)
    pango_context_set_language(pen.ctx,
                               pango_language_from_string(cover->lang));
  pango_cairo_update_context(cr, pen.ctx);
  pen.left = NP_COVER_MARGIN;
  pen.width = NP_COVER_WIDTH - 2 * NP_COVER_MARGIN;
  pen.bottom = NP_COVER_HEIGHT - NP_COVER_MARGIN - NP_COVER_FOOT_GAP;

  np_cover_colour(cr, NP_COVER_PAPER);
  cairo_paint(cr);
  y = np_cover_masthead(&pen);
  if (cover->lead_doc)
    np_cover_article(&pen, y);
  else
    np_cover_digest(&pen, y);
  /* A closing rule frames the page. */
  np_cover_rule(&pen,
                NP_COVER_HEIGHT - NP_COVER_MARGIN / 2 - NP_COVER_RULE_THIN,
                NP_COVER_RULE_THIN, NP_COVER_INK);

  cst = cairo_status(cr);
  if (cst != CAIRO_STATUS_SUCCESS) {
    status = np_error_set(err, NP_ERR_IO, "cannot draw the cover: %s",
                          cairo_status_to_string(cst));
    goto done;
  }
  /* JPEG, as the e-book stores ask of covers: a twentieth of a PNG's
   * encoding time (which was most of a short article's EPUB), and at this
   * size and quality the type stays sharp */
  status = np_image_encode_jpeg(surface, data, len, err);
  if (status == NP_OK)
    *mime = "image/jpeg";
done:
  g_object_unref(pen.ctx);
  cairo_font_options_destroy(options);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return status;
}
