/* test_image.c: unit tests of image loading and drawing: format detection,
 * sizes, JPEG kept as is in the PDF, decoded rasters, SVG, hostile and
 * broken inputs; transcoding for the EPUB. */

#define _GNU_SOURCE /* memmem */
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <jpeglib.h>

#include "image.h"
#include "pdf.h"
#include "resource.h"

/* A 4x3 GIF of two frames, red then blue, written byte by byte (palette
 * red, blue, black, white; LZW with a clear code every two pixels). */
static const unsigned char two_frame_gif[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x04, 0x00, 0x03, 0x00, 0xf1, 0x00,
    0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff,
    0xff, 0x21, 0xff, 0x0b, 0x4e, 0x45, 0x54, 0x53, 0x43, 0x41, 0x50, 0x45,
    0x32, 0x2e, 0x30, 0x03, 0x01, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x00,
    0x0a, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x03,
    0x00, 0x00, 0x02, 0x08, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x40, 0x01,
    0x00, 0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
    0x00, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x02, 0x08, 0x4c, 0x98, 0x30,
    0x61, 0xc2, 0x84, 0x49, 0x01, 0x00, 0x3b};

/* Adds the bytes as a data: resource of doc under a unique URL. */
static int add_data(np_doc *doc, const void *bytes, size_t len) {
  np_resource res = {0};
  char url[64];

  g_snprintf(url, sizeof url, "data:test,%zu", doc->n_resources);
  res.kind = NP_RES_DATA;
  res.url = url;
  res.data = bytes;
  res.len = len;
  return np_doc_add_resource(doc, &res);
}

/* Returns a width x height picture of one colour. */
static GdkPixbuf *solid_pixbuf(int width, int height, gboolean alpha,
                               guint32 rgba) {
  GdkPixbuf *p = gdk_pixbuf_new(GDK_COLORSPACE_RGB, alpha, 8, width, height);

  gdk_pixbuf_fill(p, rgba);
  return p;
}

/* Encodes a picture with gdk-pixbuf; returns FALSE when the format cannot
 * be written here. */
static gboolean encode(GdkPixbuf *p, const char *type, gchar **buf,
                       gsize *len) {
  GError *error = NULL;
  gboolean ok = gdk_pixbuf_save_to_buffer(p, buf, len, type, &error, NULL);

  if (!ok)
    g_error_free(error);
  return ok;
}

/* Loads resource index of doc, asserting success. */
static np_image *load_ok(np_doc *doc, int index) {
  np_image *image = NULL;
  np_error err = {0};

  g_assert_cmpint(np_image_load(doc, index, &image, &err), ==, NP_OK);
  g_assert_nonnull(image);
  return image;
}

/* Loads bytes that must be refused; returns the error message (static
 * storage, overwritten by the next call). */
static const char *load_fails(const void *bytes, size_t len) {
  static np_error err;
  np_doc *doc = np_doc_new();
  np_image *image = NULL;

  memset(&err, 0, sizeof err);
  g_assert_cmpint(np_image_load(doc, add_data(doc, bytes, len), &image, &err),
                  ==, NP_ERR_IO);
  g_assert_null(image);
  np_doc_free(doc);
  return err.message;
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data,
                                   unsigned int len) {
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws image into a 300x300 pt PDF in memory and returns its bytes. */
static GByteArray *draw_pdf(const np_image *image, double width,
                            double height) {
  GByteArray *pdf = g_byte_array_new();
  cairo_surface_t *s =
      cairo_pdf_surface_create_for_stream(append_bytes, pdf, 300, 300);
  cairo_t *cr = cairo_create(s);

  np_image_draw(image, cr, 10, 20, width, height);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  g_assert_true(g_str_has_prefix((const char *)pdf->data, "%PDF-"));
  return pdf;
}

/* Returns nonzero when the PDF holds the string s. */
static int pdf_has(const GByteArray *pdf, const char *s) {
  return memmem(pdf->data, pdf->len, s, strlen(s)) != NULL;
}

/* Draws image into a new width x height ARGB32 surface at (0, 0, width,
 * height). */
static cairo_surface_t *draw_pixels(const np_image *image, int width,
                                    int height) {
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create(s);

  np_image_draw(image, cr, 0, 0, width, height);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

/* Returns the premultiplied ARGB pixel at x, y. */
static guint32 pixel_at(cairo_surface_t *s, int x, int y) {
  const unsigned char *row =
      cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s);
  guint32 p;

  memcpy(&p, row + 4 * x, 4);
  return p;
}

/* Asserts that each channel of pixel p is within tol of expected. */
static void assert_pixel_near(guint32 p, guint32 expected, int tol) {
  int shift;

  for (shift = 0; shift < 32; shift += 8) {
    int a = (int)(p >> shift & 0xFF), b = (int)(expected >> shift & 0xFF);
    if (ABS(a - b) > tol)
      g_error("pixel %08x, expected %08x (+-%d)", p, expected, tol);
  }
}

static void test_png_alpha(void) {
  np_doc *doc = np_doc_new();
  GdkPixbuf *p = solid_pixbuf(40, 30, TRUE, 0xC8643280); /* 200,100,50 a128 */
  gchar *buf;
  gsize len;
  np_image *image;
  cairo_surface_t *s;
  GByteArray *pdf;

  g_assert_true(encode(p, "png", &buf, &len));
  image = load_ok(doc, add_data(doc, buf, len));
  g_assert_cmpfloat(np_image_width(image), ==, 40);
  g_assert_cmpfloat(np_image_height(image), ==, 30);
  g_assert_cmpstr(np_image_mime(image), ==, "image/png");
  /* Premultiplied: 200 * 128 / 255 = 100.4, 100 -> 50.2, 50 -> 25.1. */
  s = draw_pixels(image, 40, 30);
  assert_pixel_near(pixel_at(s, 20, 15), 0x80643219, 1);
  cairo_surface_destroy(s);
  /* Decoded pixels go into the PDF losslessly, with a soft mask. */
  pdf = draw_pdf(image, 120, 90);
  g_assert_false(pdf_has(pdf, "/DCTDecode"));
  g_assert_true(pdf_has(pdf, "/SMask"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  g_free(buf);
  g_object_unref(p);
  np_doc_free(doc);
}

/* Loads a solid picture saved by gdk-pixbuf as type; checks size, media
 * type, colour and that it draws into a PDF. */
static void check_saved_format(const char *type, const char *mime) {
  np_doc *doc = np_doc_new();
  GdkPixbuf *p = solid_pixbuf(33, 17, FALSE, 0x2080C0FF);
  gchar *buf;
  gsize len;
  np_image *image;
  cairo_surface_t *s;
  GByteArray *pdf;

  if (!encode(p, type, &buf, &len)) {
    g_object_unref(p);
    np_doc_free(doc);
    g_test_skip("gdk-pixbuf cannot write this format here");
    return;
  }
  image = load_ok(doc, add_data(doc, buf, len));
  g_assert_cmpfloat(np_image_width(image), ==, 33);
  g_assert_cmpfloat(np_image_height(image), ==, 17);
  g_assert_cmpstr(np_image_mime(image), ==, mime);
  s = draw_pixels(image, 33, 17);
  assert_pixel_near(pixel_at(s, 16, 8), 0xFF2080C0, 6);
  cairo_surface_destroy(s);
  pdf = draw_pdf(image, 66, 34);
  g_assert_true(pdf_has(pdf, "/Subtype /Image"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  g_free(buf);
  g_object_unref(p);
  np_doc_free(doc);
}

static void test_webp(void) { check_saved_format("webp", "image/webp"); }
static void test_bmp(void) { check_saved_format("bmp", "image/bmp"); }
static void test_tiff(void) { check_saved_format("tiff", "image/tiff"); }
static void test_jpeg_pixels(void) { check_saved_format("jpeg", "image/jpeg"); }

static void test_gif_first_frame(void) {
  np_doc *doc = np_doc_new();
  np_image *image =
      load_ok(doc, add_data(doc, two_frame_gif, sizeof two_frame_gif));
  cairo_surface_t *s;

  g_assert_cmpfloat(np_image_width(image), ==, 4);
  g_assert_cmpfloat(np_image_height(image), ==, 3);
  g_assert_cmpstr(np_image_mime(image), ==, "image/gif");
  s = draw_pixels(image, 4, 3);
  g_assert_cmphex(pixel_at(s, 1, 1), ==, 0xFFFF0000);
  cairo_surface_destroy(s);
  np_image_free(image);
  np_doc_free(doc);
}

/* Makes a JPEG of the given size with gdk-pixbuf. */
static void make_jpeg(int width, int height, gchar **buf, gsize *len) {
  GdkPixbuf *p = solid_pixbuf(width, height, FALSE, 0x30A050FF);
  int x;

  /* Some texture, so that the file is not trivially small. */
  for (x = 0; x < width; x += 2)
    gdk_pixbuf_get_pixels(p)[3 * x] = (guchar)(x * 7);
  g_assert_true(encode(p, "jpeg", buf, len));
  g_object_unref(p);
}

static void test_jpeg_passthrough(void) {
  np_doc *doc = np_doc_new();
  gchar *buf;
  gsize len;
  np_image *image;
  GByteArray *pdf;

  make_jpeg(64, 48, &buf, &len);
  image = load_ok(doc, add_data(doc, buf, len));
  g_assert_cmpfloat(np_image_width(image), ==, 64);
  g_assert_cmpfloat(np_image_height(image), ==, 48);
  g_assert_cmpstr(np_image_mime(image), ==, "image/jpeg");
  pdf = draw_pdf(image, 128, 96);
  g_assert_true(pdf_has(pdf, "/DCTDecode"));
  g_assert_true(pdf_has(pdf, "/Width 64"));
  /* The whole file, byte for byte. */
  g_assert_nonnull(memmem(pdf->data, pdf->len, buf, len));
  g_byte_array_unref(pdf);
  np_image_free(image);
  g_free(buf);
  np_doc_free(doc);
}

/* A JPEG that opens as newsprint's stand-in for PNG pixels does
 * (NP_IMAGE_FLATE_TAG) is decoded, never passed to the PDF as it is, where
 * it would be taken for one. */
static void test_jpeg_flate_tag_decoded(void) {
  np_doc *doc = np_doc_new();
  gchar *buf;
  gsize len;
  GByteArray *tagged = g_byte_array_new();
  size_t com = 2 + strlen(NP_IMAGE_FLATE_TAG) + 4;
  guint8 head[6] = {0xFF, 0xD8, 0xFF, 0xFE, (guint8)(com >> 8), (guint8)com};
  np_image *image;
  GByteArray *pdf;

  make_jpeg(64, 48, &buf, &len);
  g_byte_array_append(tagged, head, sizeof head);
  g_byte_array_append(tagged, (const guint8 *)NP_IMAGE_FLATE_TAG,
                      strlen(NP_IMAGE_FLATE_TAG));
  g_byte_array_append(tagged, (const guint8 *)"abcd", 4);
  g_byte_array_append(tagged, (const guint8 *)buf + 2, len - 2);
  image = load_ok(doc, add_data(doc, tagged->data, tagged->len));
  g_assert_cmpfloat(np_image_width(image), ==, 64);
  /* decoded: its pixels, not its bytes */
  g_assert_cmpuint(np_image_memory(image), ==, 64 * 48 * 4);
  pdf = draw_pdf(image, 128, 96);
  g_assert_false(pdf_has(pdf, "/DCTDecode"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  g_byte_array_unref(tagged);
  g_free(buf);
  np_doc_free(doc);
}

/* The same JPEG drawn twice is embedded once. */
static void test_jpeg_embedded_once(void) {
  np_doc *doc = np_doc_new();
  GByteArray *pdf = g_byte_array_new();
  cairo_surface_t *s;
  cairo_t *cr;
  gchar *buf;
  gsize len;
  np_image *image;
  const guint8 *first;

  make_jpeg(32, 32, &buf, &len);
  image = load_ok(doc, add_data(doc, buf, len));
  s = cairo_pdf_surface_create_for_stream(append_bytes, pdf, 300, 300);
  cr = cairo_create(s);
  np_image_draw(image, cr, 0, 0, 50, 50);
  np_image_draw(image, cr, 100, 100, 80, 80);
  cairo_show_page(cr);
  np_image_draw(image, cr, 0, 0, 50, 50);
  cairo_destroy(cr);
  /* Freeing the image before the PDF is written is allowed. */
  np_image_free(image);
  cairo_surface_destroy(s);
  first = memmem(pdf->data, pdf->len, buf, len);
  g_assert_nonnull(first);
  g_assert_null(memmem(first + len, pdf->len - (gsize)(first - pdf->data) - len,
                       buf, len));
  g_byte_array_unref(pdf);
  g_free(buf);
  np_doc_free(doc);
}

/* A JPEG cut short is not passed through as a broken stream: what can be
 * decoded of it is drawn as pixels, and a file without picture data is
 * refused. */
static void test_jpeg_truncated(void) {
  np_doc *doc = np_doc_new();
  gchar *buf;
  gsize len;
  np_image *image;
  GByteArray *pdf;

  make_jpeg(200, 150, &buf, &len);
  image = load_ok(doc, add_data(doc, buf, len * 2 / 3));
  g_assert_cmpfloat(np_image_width(image), ==, 200);
  g_assert_cmpfloat(np_image_height(image), ==, 150);
  g_assert_cmpstr(np_image_mime(image), ==, "image/jpeg");
  pdf = draw_pdf(image, 100, 75);
  g_assert_true(pdf_has(pdf, "/Subtype /Image"));
  g_assert_false(pdf_has(pdf, "/DCTDecode"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  /* The SOI and a frame header only. */
  g_assert_cmpstr(load_fails("\xFF\xD8\xFF\xC0\0\x0B\x08\0\x10\0\x10\x01\x01"
                             "\x11\0",
                             15),
                  ==, "truncated JPEG");
  g_free(buf);
  np_doc_free(doc);
}

/* Trailing zero bytes after EOI still make a complete JPEG. */
static void test_jpeg_trailing_bytes(void) {
  np_doc *doc = np_doc_new();
  gchar *buf;
  gsize len;
  guint8 *padded;
  np_image *image;
  GByteArray *pdf;

  make_jpeg(24, 16, &buf, &len);
  padded = g_malloc0(len + 100);
  memcpy(padded, buf, len);
  image = load_ok(doc, add_data(doc, padded, len + 100));
  pdf = draw_pdf(image, 24, 16);
  g_assert_true(pdf_has(pdf, "/DCTDecode"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  g_free(padded);
  g_free(buf);
  np_doc_free(doc);
}

static guint32 crc32_of(const guint8 *d, size_t n) {
  guint32 c = 0xFFFFFFFFu;
  size_t i;
  int k;

  for (i = 0; i < n; i++) {
    c ^= d[i];
    for (k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
  }
  return ~c;
}

/* Appends a PNG chunk with its CRC. */
static void put_chunk(GByteArray *png, const char *type, const guint8 *data,
                      guint32 len) {
  guint8 be[4] = {(guint8)(len >> 24), (guint8)(len >> 16), (guint8)(len >> 8),
                  (guint8)len};
  GByteArray *body = g_byte_array_new();
  guint32 crc;

  g_byte_array_append(png, be, 4);
  g_byte_array_append(body, (const guint8 *)type, 4);
  g_byte_array_append(body, data, len);
  crc = crc32_of(body->data, body->len);
  g_byte_array_append(png, body->data, body->len);
  be[0] = (guint8)(crc >> 24);
  be[1] = (guint8)(crc >> 16);
  be[2] = (guint8)(crc >> 8);
  be[3] = (guint8)crc;
  g_byte_array_append(png, be, 4);
  g_byte_array_unref(body);
}

/* Returns a PNG that declares 50000 x 50000 8-bit RGB pixels; its IDAT
 * holds a few deflated bytes. */
static GByteArray *png_bomb(void) {
  static const guint8 ihdr[13] = {0,    0, 0xC3, 0x50, 0, 0, 0xC3,
                                  0x50, 8, 2,    0,    0, 0};
  static const guint8 idat[] = {0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1};
  GByteArray *png = g_byte_array_new();

  g_byte_array_append(png, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", ihdr, sizeof ihdr);
  put_chunk(png, "IDAT", idat, sizeof idat);
  put_chunk(png, "IEND", NULL, 0);
  return png;
}

static void test_png_bomb(void) {
  GByteArray *png = png_bomb();
  gint64 start;

  start = g_get_monotonic_time();
  g_assert_cmpstr(load_fails(png->data, png->len), ==,
                  "image too large (50000x50000 pixels)");
  g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
  g_byte_array_unref(png);
}

static void test_jpeg_bomb(void) {
  /* SOI, an SOF0 of 60000 x 60000 with one component, EOI. */
  static const guint8 jpeg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B,
                                0x08, 0xEA, 0x60, 0xEA, 0x60, 0x01,
                                0x01, 0x11, 0x00, 0xFF, 0xD9};

  g_assert_cmpstr(load_fails(jpeg, sizeof jpeg), ==,
                  "image too large (60000x60000 pixels)");
}

static void test_not_images(void) {
  static const char text[] = "Hello, this is a text file.\n";
  static const char html[] = "<!DOCTYPE html><html><body><svg></svg></body>";
  static const char bmw[] = "BMW reported record sales this quarter.";

  g_assert_cmpstr(load_fails(text, strlen(text)), ==, "not an image");
  g_assert_cmpstr(load_fails(html, strlen(html)), ==, "not an image");
  g_assert_cmpstr(load_fails(bmw, strlen(bmw)), ==, "not an image");
  g_assert_cmpstr(load_fails("", 0), ==, "not an image");
}

static void test_truncated_png(void) {
  GdkPixbuf *p = solid_pixbuf(120, 90, TRUE, 0x336699FF);
  gchar *buf;
  gsize len;
  int x;

  for (x = 0; x < 120 * 90 * 4; x += 5)
    gdk_pixbuf_get_pixels(p)[x] = (guchar)(x * 31);
  g_assert_true(encode(p, "png", &buf, &len));
  g_assert_true(
      g_str_has_prefix(load_fails(buf, len / 2), "cannot decode image: "));
  g_free(buf);
  g_object_unref(p);
}

static void test_avif(void) {
  static const guint8 avif[] = {0,   0,   0,   0x1C, 'f', 't', 'y', 'p', 'a',
                                'v', 'i', 'f', 0,    0,   0,   0,   'a', 'v',
                                'i', 'f', 'm', 'i',  'f', '1', 'm', 'i', 'a',
                                'f', 0,   0,   0,    8,   'm', 'd', 'a', 't'};
  GSList *formats = gdk_pixbuf_get_formats(), *l;
  gboolean have_loader = FALSE;

  for (l = formats; l; l = l->next) {
    char *name = gdk_pixbuf_format_get_name(l->data);
    have_loader |= strcmp(name, "avif") == 0;
    g_free(name);
  }
  g_slist_free(formats);
  if (have_loader) {
    g_test_skip("an AVIF loader is installed");
    return;
  }
  g_assert_cmpstr(load_fails(avif, sizeof avif), ==,
                  "unsupported image format (AVIF)");
}

/* Errors of np_resource_read reach the caller unchanged. */
static void test_unreadable_resources(void) {
  np_doc *doc = np_doc_new();
  np_resource res = {0};
  np_res_kind kinds[] = {NP_RES_REMOTE, NP_RES_MISSING, NP_RES_REFUSED};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(kinds); i++) {
    np_error err = {0}, expected = {0};
    np_image *image = NULL;
    unsigned char *data;
    size_t len;
    int index;

    res.kind = kinds[i];
    res.url = i == 0 ? "https://cdn.example/a.jpg" : "b.png";
    index = np_doc_add_resource(doc, &res);
    g_assert_cmpint(np_resource_read(doc, index, NP_IMAGE_MAX_BYTES, &data,
                                     &len, &expected),
                    ==, NP_ERR_IO);
    g_assert_cmpint(np_image_load(doc, index, &image, &err), ==, NP_ERR_IO);
    g_assert_null(image);
    g_assert_cmpstr(err.message, ==, expected.message);
  }
  np_doc_free(doc);
}

/* Loads an SVG given as a string. */
static np_image *load_svg(np_doc *doc, const char *svg) {
  return load_ok(doc, add_data(doc, svg, strlen(svg)));
}

static void test_svg_sizes(void) {
  np_doc *doc = np_doc_new();
  np_image *image;

  image = load_svg(doc, "<svg xmlns='http://www.w3.org/2000/svg' width='120' "
                        "height='80'/>");
  g_assert_cmpstr(np_image_mime(image), ==, "image/svg+xml");
  g_assert_cmpfloat(np_image_width(image), ==, 120);
  g_assert_cmpfloat(np_image_height(image), ==, 80);
  np_image_free(image);
  /* Inches at 96 px each, behind a BOM, declaration, comment and
   * doctype with a comment in its internal subset. */
  image = load_svg(
      doc, "\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- a <svg> comment -->\n"
           "<!DOCTYPE svg [ <!-- ]> --> ]>\n"
           "<svg xmlns='http://www.w3.org/2000/svg' width='2in' "
           "height='1in'/>");
  g_assert_cmpfloat(np_image_width(image), ==, 192);
  g_assert_cmpfloat(np_image_height(image), ==, 96);
  np_image_free(image);
  image = load_svg(doc, "<svg xmlns='http://www.w3.org/2000/svg' "
                        "viewBox='0 0 40 10'/>");
  g_assert_cmpfloat(np_image_width(image), ==, 40);
  g_assert_cmpfloat(np_image_height(image), ==, 10);
  np_image_free(image);
  image = load_svg(doc, "<svg xmlns='http://www.w3.org/2000/svg' width='100%' "
                        "viewBox='0 0 40 10'/>");
  g_assert_cmpfloat(np_image_width(image), ==, 40);
  np_image_free(image);
  image = load_svg(doc, "<svg xmlns='http://www.w3.org/2000/svg' width='200' "
                        "viewBox='0 0 40 10'/>");
  g_assert_cmpfloat(np_image_width(image), ==, 200);
  g_assert_cmpfloat(np_image_height(image), ==, 50);
  np_image_free(image);
  image = load_svg(doc, "<svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>");
  g_assert_cmpfloat(np_image_width(image), ==, 300);
  g_assert_cmpfloat(np_image_height(image), ==, 150);
  np_image_free(image);
  g_assert_true(g_str_has_prefix(load_fails("<svg><g></svg>", 14),
                                 "cannot decode image: "));
  np_doc_free(doc);
}

static void test_svg_draws_vectors(void) {
  np_doc *doc = np_doc_new();
  np_image *image =
      load_svg(doc, "<svg xmlns='http://www.w3.org/2000/svg' width='10' "
                    "height='10'><rect x='5' width='5' height='10' "
                    "fill='#0000ff'/></svg>");
  cairo_surface_t *s;
  GByteArray *pdf;

  /* Scaled tenfold: the left half stays empty, the right half is blue. */
  s = draw_pixels(image, 100, 100);
  g_assert_cmphex(pixel_at(s, 20, 50), ==, 0);
  g_assert_cmphex(pixel_at(s, 80, 50), ==, 0xFF0000FF);
  cairo_surface_destroy(s);
  pdf = draw_pdf(image, 100, 100);
  g_assert_false(pdf_has(pdf, "/Subtype /Image"));
  g_byte_array_unref(pdf);
  np_image_free(image);
  np_doc_free(doc);
}

/* Returns nonzero when any pixel of s has red in it. */
static int any_red(cairo_surface_t *s) {
  int x, y, w = cairo_image_surface_get_width(s),
            h = cairo_image_surface_get_height(s);

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      if (pixel_at(s, x, y) & 0x00FF0000)
        return 1;
  return 0;
}

/* An SVG that refers to local files (images by file: URL and by relative
 * path, an external entity that would draw a red square) reads none of
 * them; the blue square it draws itself shows that it was drawn. */
static void test_svg_no_external(void) {
  np_doc *doc = np_doc_new();
  GError *error = NULL;
  char *dir = g_dir_make_tmp("np-image-XXXXXX", &error);
  char *png_path, *ent_path, *png_uri, *ent_uri, *svg, *cwd;
  GdkPixbuf *red = solid_pixbuf(10, 10, FALSE, 0xFF0000FF);
  np_image *image = NULL;
  np_error err = {0};
  cairo_surface_t *s;

  g_assert_no_error(error);
  png_path = g_build_filename(dir, "secret.png", NULL);
  ent_path = g_build_filename(dir, "entity.xml", NULL);
  g_assert_true(gdk_pixbuf_save(red, png_path, "png", &error, NULL));
  g_assert_true(g_file_set_contents(
      ent_path, "<rect width='100' height='100' fill='#ff0000'/>", -1, NULL));
  png_uri = g_filename_to_uri(png_path, NULL, NULL);
  ent_uri = g_filename_to_uri(ent_path, NULL, NULL);
  /* Relative references would resolve against the working folder. */
  cwd = g_get_current_dir();
  g_assert_cmpint(g_chdir(dir), ==, 0);

  svg = g_strdup_printf(
      "<svg xmlns='http://www.w3.org/2000/svg' "
      "xmlns:xlink='http://www.w3.org/1999/xlink' width='100' height='100'>"
      "<image width='100' height='100' xlink:href='%s'/>"
      "<image width='100' height='100' href='secret.png'/>"
      "<image width='100' height='100' href='file:///etc/passwd'/>"
      "<rect width='2' height='2' fill='#0000ff'/></svg>",
      png_uri);
  image = load_ok(doc, add_data(doc, svg, strlen(svg)));
  s = draw_pixels(image, 100, 100);
  g_assert_cmphex(pixel_at(s, 0, 0), ==, 0xFF0000FF);
  g_assert_false(any_red(s));
  cairo_surface_destroy(s);
  np_image_free(image);
  image = NULL;
  g_free(svg);

  /* librsvg refuses the undefined entity; drawing without it would be as
   * good. */
  svg = g_strdup_printf(
      "<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY ext SYSTEM '%s'>]>\n"
      "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
      "<g>&ext;</g><rect width='2' height='2' fill='#0000ff'/></svg>",
      ent_uri);
  if (np_image_load(doc, add_data(doc, svg, strlen(svg)), &image, &err) ==
      NP_OK) {
    s = draw_pixels(image, 100, 100);
    g_assert_cmphex(pixel_at(s, 0, 0), ==, 0xFF0000FF);
    g_assert_false(any_red(s));
    cairo_surface_destroy(s);
    np_image_free(image);
  } else {
    g_assert_true(g_str_has_prefix(err.message, "cannot decode image: "));
  }

  g_assert_cmpint(g_chdir(cwd), ==, 0);
  g_remove(png_path);
  g_remove(ent_path);
  g_rmdir(dir);
  g_free(cwd);
  g_free(svg);
  g_free(png_uri);
  g_free(ent_uri);
  g_free(png_path);
  g_free(ent_path);
  g_free(dir);
  g_object_unref(red);
  np_doc_free(doc);
}

/* The file name says PNG, the bytes say JPEG: the bytes win. */
static void test_type_from_bytes(void) {
  np_doc *doc = np_doc_new();
  np_resource res = {0};
  gchar *buf;
  gsize len;
  np_image *image;

  make_jpeg(8, 8, &buf, &len);
  res.kind = NP_RES_DATA;
  res.url = "data:image/png;base64,x";
  res.mime = "image/png";
  res.data = (const unsigned char *)buf;
  res.len = len;
  image = load_ok(doc, np_doc_add_resource(doc, &res));
  g_assert_cmpstr(np_image_mime(image), ==, "image/jpeg");
  np_image_free(image);
  g_free(buf);
  np_doc_free(doc);
}

/* Media types from magic numbers, whatever the decoders installed. */
static void test_sniff(void) {
  static const guint8 avif[] = {0,   0,   0,   0x14, 'f', 't', 'y',
                                'p', 'a', 'v', 'i',  'f', 0,   0,
                                0,   0,   'm', 'i',  'f', '1'};
  static const guint8 heic[] = {0,   0,   0,   0x14, 'f', 't', 'y',
                                'p', 'h', 'e', 'i',  'c', 0,   0,
                                0,   0,   'm', 'i',  'f', '1'};
  static const char svg[] = "<?xml version=\"1.0\"?>\n<!-- x -->\n"
                            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  static const char *const types[][2] = {{"jpeg", "image/jpeg"},
                                         {"png", "image/png"},
                                         {"bmp", "image/bmp"},
                                         {"tiff", "image/tiff"},
                                         {"webp", "image/webp"}};
  GdkPixbuf *p = solid_pixbuf(5, 4, FALSE, 0x102030FF);
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(types); i++) {
    gchar *buf;
    gsize len;
    if (!encode(p, types[i][0], &buf, &len))
      continue;
    g_assert_cmpstr(np_image_sniff((guint8 *)buf, len), ==, types[i][1]);
    g_free(buf);
  }
  g_assert_cmpstr(np_image_sniff(two_frame_gif, sizeof two_frame_gif), ==,
                  "image/gif");
  g_assert_cmpstr(np_image_sniff((const guint8 *)svg, strlen(svg)), ==,
                  "image/svg+xml");
  g_assert_cmpstr(np_image_sniff(avif, sizeof avif), ==, "image/avif");
  g_assert_cmpstr(np_image_sniff(heic, sizeof heic), ==, "image/heif");
  g_assert_null(np_image_sniff((const guint8 *)"BMW sales", 9));
  g_assert_null(np_image_sniff((const guint8 *)"<html><svg/>", 12));
  g_assert_null(np_image_sniff((const guint8 *)"", 0));
  g_assert_null(np_image_sniff(NULL, 0));
  g_object_unref(p);
}

/* Transcodes bytes that must succeed with a new encoding; returns the
 * result (freed with free) and its media type. */
static unsigned char *transcode_ok(const void *bytes, size_t len, int max_side,
                                   int grayscale, size_t *out_len,
                                   const char **mime) {
  unsigned char *out = NULL;
  np_error err = {0};

  g_assert_cmpint(np_image_transcode(bytes, len, max_side, grayscale, &out,
                                     out_len, mime, &err),
                  ==, NP_OK);
  g_assert_nonnull(out);
  g_assert_cmpuint(*out_len, >, 0);
  g_assert_cmpstr(np_image_sniff(out, *out_len), ==, *mime);
  return out;
}

/* Asserts that the bytes are kept as they are, with the given type. */
static void assert_kept(const void *bytes, size_t len, int max_side,
                        int grayscale, const char *type) {
  unsigned char *out = (unsigned char *)"unset";
  size_t out_len = 1;
  const char *mime = NULL;
  np_error err = {0};

  g_assert_cmpint(np_image_transcode(bytes, len, max_side, grayscale, &out,
                                     &out_len, &mime, &err),
                  ==, NP_OK);
  g_assert_null(out);
  g_assert_cmpuint(out_len, ==, 0);
  g_assert_cmpstr(mime, ==, type);
}

/* Transcodes bytes that must be refused; returns the error message (static
 * storage, overwritten by the next call). */
static const char *transcode_fails(const void *bytes, size_t len,
                                   int max_side) {
  static np_error err;
  unsigned char *out = NULL;
  size_t out_len = 0;
  const char *mime = "unset";

  memset(&err, 0, sizeof err);
  g_assert_cmpint(
      np_image_transcode(bytes, len, max_side, 0, &out, &out_len, &mime, &err),
      ==, NP_ERR_IO);
  g_assert_null(out);
  g_assert_null(mime);
  return err.message;
}

/* Decodes encoded bytes with gdk-pixbuf (a new reference). */
static GdkPixbuf *decode(const unsigned char *bytes, size_t len) {
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
  GdkPixbuf *p;

  g_assert_true(gdk_pixbuf_loader_write(loader, bytes, len, NULL));
  g_assert_true(gdk_pixbuf_loader_close(loader, NULL));
  p = g_object_ref(gdk_pixbuf_loader_get_pixbuf(loader));
  g_object_unref(loader);
  return p;
}

/* Returns the RGBA of pixel x, y of p (alpha 0xFF when it has none). */
static guint32 rgba_at(GdkPixbuf *p, int x, int y) {
  const guint8 *q = gdk_pixbuf_read_pixels(p) +
                    y * gdk_pixbuf_get_rowstride(p) +
                    x * gdk_pixbuf_get_n_channels(p);

  return (guint32)q[0] << 24 | (guint32)q[1] << 16 | (guint32)q[2] << 8 |
         (gdk_pixbuf_get_has_alpha(p) ? q[3] : 0xFF);
}

/* Returns a width x height picture with a colour gradient. */
static GdkPixbuf *gradient_pixbuf(int width, int height, gboolean alpha) {
  GdkPixbuf *p = gdk_pixbuf_new(GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n = gdk_pixbuf_get_n_channels(p), x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++) {
      guint8 *q =
          gdk_pixbuf_get_pixels(p) + y * gdk_pixbuf_get_rowstride(p) + x * n;
      q[0] = (guint8)(x * 255 / width);
      q[1] = (guint8)(y * 255 / height);
      q[2] = (guint8)(255 - x * 255 / width);
      if (alpha)
        q[3] = (guint8)(x < width / 2 ? 0xFF : 0x80);
    }
  return p;
}

/* WebP is no EPUB core media type: it becomes JPEG, or PNG with alpha. */
static void test_transcode_webp(void) {
  GdkPixbuf *opaque = solid_pixbuf(33, 17, FALSE, 0x2080C0FF);
  GdkPixbuf *clear = solid_pixbuf(20, 10, TRUE, 0xC8643280);
  gchar *buf;
  gsize len;
  size_t out_len;
  const char *mime;
  unsigned char *out;
  GdkPixbuf *d;

  if (!encode(opaque, "webp", &buf, &len)) {
    g_object_unref(opaque);
    g_object_unref(clear);
    g_test_skip("gdk-pixbuf cannot write WebP here");
    return;
  }
  out = transcode_ok(buf, len, 1600, 0, &out_len, &mime);
  g_assert_cmpstr(mime, ==, "image/jpeg");
  d = decode(out, out_len);
  g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 33);
  g_assert_cmpint(gdk_pixbuf_get_height(d), ==, 17);
  assert_pixel_near(rgba_at(d, 16, 8), 0x2080C0FF, 8);
  g_object_unref(d);
  free(out);
  g_free(buf);
  g_assert_true(encode(clear, "webp", &buf, &len));
  out = transcode_ok(buf, len, 0, 0, &out_len, &mime);
  g_assert_cmpstr(mime, ==, "image/png");
  d = decode(out, out_len);
  g_assert_true(gdk_pixbuf_get_has_alpha(d));
  assert_pixel_near(rgba_at(d, 10, 5), 0xC8643280, 8);
  g_object_unref(d);
  free(out);
  g_free(buf);
  g_object_unref(opaque);
  g_object_unref(clear);
}

/* The longer side becomes max_side, the other in proportion. */
static void test_transcode_scale(void) {
  static const int sizes[][4] = {{3000, 1000, 1600, 533},
                                 {1000, 3000, 533, 1600},
                                 {1700, 1700, 1600, 1600}};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(sizes); i++) {
    GdkPixbuf *p = gradient_pixbuf(sizes[i][0], sizes[i][1], i == 0);
    gchar *buf;
    gsize len;
    size_t out_len;
    const char *mime;
    unsigned char *out;
    GdkPixbuf *d;

    g_assert_true(encode(p, "png", &buf, &len));
    out = transcode_ok(buf, len, 1600, 0, &out_len, &mime);
    /* Transparency asks for PNG; an opaque picture becomes JPEG. */
    g_assert_cmpstr(mime, ==, i == 0 ? "image/png" : "image/jpeg");
    d = decode(out, out_len);
    g_assert_cmpint(gdk_pixbuf_get_width(d), ==, sizes[i][2]);
    g_assert_cmpint(gdk_pixbuf_get_height(d), ==, sizes[i][3]);
    /* The left edge of the gradient stays blue, the right edge red. */
    assert_pixel_near(rgba_at(d, 0, 0) | 0xFF, 0x0000FFFF, 16);
    assert_pixel_near(rgba_at(d, sizes[i][2] - 1, 0) | 0xFF, 0xFF0000FF, 16);
    g_object_unref(d);
    free(out);
    g_free(buf);
    g_object_unref(p);
  }
}

/* Returns a width x height picture of four flat quarters: red top left,
 * green top right, blue bottom left, white bottom right. */
static GdkPixbuf *quarters_pixbuf(int width, int height) {
  static const guint8 colours[4][3] = {
      {0xFF, 0, 0}, {0, 0xFF, 0}, {0, 0, 0xFF}, {0xFF, 0xFF, 0xFF}};
  GdkPixbuf *p = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++) {
      const guint8 *c = colours[(y >= height / 2) * 2 + (x >= width / 2)];
      memcpy(gdk_pixbuf_get_pixels(p) + y * gdk_pixbuf_get_rowstride(p) + x * 3,
             c, 3);
    }
  return p;
}

/* Returns p saved as JPEG (g_free), with an EXIF block giving orientation
 * (1-8) right after the start-of-image marker when orientation is not 0. */
static gchar *exif_jpeg(GdkPixbuf *p, int orientation, gsize *len) {
  /* APP1: "Exif", a big-endian TIFF header, one IFD entry 0x0112 (SHORT,
   * one value) and no next IFD. */
  static const unsigned char exif[] = {
      0xFF, 0xE1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0,    0,    'M',  'M',
      0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  gchar *buf, *out;
  gsize n;

  g_assert_true(encode(p, "jpeg", &buf, &n));
  if (!orientation) {
    *len = n;
    return buf;
  }
  out = g_malloc(n + sizeof exif);
  memcpy(out, buf, 2);
  memcpy(out + 2, exif, sizeof exif);
  out[2 + 29] = (gchar)orientation; /* the SHORT's low byte */
  memcpy(out + 2 + sizeof exif, buf + 2, n - 2);
  g_free(buf);
  *len = n + sizeof exif;
  return out;
}

/* exif_jpeg of a quarters_pixbuf of width x height. */
static gchar *quarters_jpeg(int width, int height, int orientation,
                            gsize *len) {
  GdkPixbuf *p = quarters_pixbuf(width, height);
  gchar *out = exif_jpeg(p, orientation, len);

  g_object_unref(p);
  return out;
}

/* Asserts the colours at the centres of the four quarters of p. */
static void assert_quarters(GdkPixbuf *p, guint32 tl, guint32 tr, guint32 bl,
                            guint32 br) {
  int w = gdk_pixbuf_get_width(p), h = gdk_pixbuf_get_height(p);

  assert_pixel_near(rgba_at(p, w / 4, h / 4), tl, 12);
  assert_pixel_near(rgba_at(p, 3 * w / 4, h / 4), tr, 12);
  assert_pixel_near(rgba_at(p, w / 4, 3 * h / 4), bl, 12);
  assert_pixel_near(rgba_at(p, 3 * w / 4, 3 * h / 4), br, 12);
  /* the edges keep their colour: nothing faded in from outside */
  assert_pixel_near(rgba_at(p, 0, 0), tl, 12);
  assert_pixel_near(rgba_at(p, w - 1, h - 1), br, 12);
}

/* Returns the bytes of a as exif_jpeg's with its EXIF block in the
 * little-endian ("II") byte order, which cameras write as often. */
static gchar *little_endian_exif(const gchar *a, gsize len) {
  static const unsigned char tiff_le[] = {'I',  'I',  0x2A, 0x00, 0x08, 0x00,
                                          0x00, 0x00, 0x01, 0x00, 0x12, 0x01,
                                          0x03, 0x00, 0x01, 0x00, 0x00, 0x00};
  gchar *b = g_memdup2(a, len);

  /* the TIFF header, entry count, tag, type and count from offset 12; the
   * value's low byte moves from offset 31 to 30 */
  memcpy(b + 12, tiff_le, sizeof tiff_le);
  b[30] = a[31];
  b[31] = 0;
  return b;
}

/* Returns nonzero when a flate stream of the PDF sets a matrix ("a b c d e
 * f cm") that turns by a quarter (a and d zero, b and c not): a picture
 * drawn on its side. */
static int pdf_turns_quarter(const GByteArray *pdf) {
  const guint8 *at = pdf->data, *end = pdf->data + pdf->len;
  int found = 0;

  while (!found && (at = memmem(at, (size_t)(end - at), "stream\n", 7))) {
    z_stream z = {0};
    static guint8 out[65536];
    gchar **lines;
    size_t i;

    at += 7;
    if (inflateInit(&z) != Z_OK)
      break;
    z.next_in = (Bytef *)at;
    z.avail_in = (uInt)(end - at);
    z.next_out = out;
    z.avail_out = sizeof out - 1;
    inflate(&z, Z_FINISH);
    out[sizeof out - 1 - z.avail_out] = 0;
    inflateEnd(&z);
    lines = g_strsplit((const char *)out, "\n", -1);
    for (i = 0; lines[i] && !found; i++) {
      double a, b, c, d, e, f;
      char op[3];
      if (sscanf(lines[i], "%lf %lf %lf %lf %lf %lf %2s", &a, &b, &c, &d, &e,
                 &f, op) == 7 &&
          strcmp(op, "cm") == 0)
        found = a == 0 && d == 0 && b != 0 && c != 0;
    }
    g_strfreev(lines);
  }
  return found;
}

/* A JPEG with an EXIF orientation (0: none, 1 to 8; big- and little-endian)
 * has its upright size, and is drawn upright on pixels as gdk-pixbuf turns
 * it; in a PDF its bytes stay as they are, at their stored size, and the
 * drawing turns them; so too for a large one drawn small (decoded at a
 * reduced scale). */
static void test_jpeg_orientation(void) {
  int o, order;

  for (o = 0; o <= 8; o++)
    for (order = 0; order < 2; order++) {
      np_doc *doc = np_doc_new();
      gsize len;
      gchar *buf = quarters_jpeg(64, 32, o, &len);
      GdkPixbuf *stored, *ref;
      np_image *image;
      cairo_surface_t *s;
      GByteArray *pdf;
      int w = o >= 5 ? 32 : 64, h = o >= 5 ? 64 : 32, q;

      if (order == 1) {
        gchar *le;
        if (o == 0)
          goto next;
        le = little_endian_exif(buf, len);
        g_free(buf);
        buf = le;
      }
      stored = decode((const guint8 *)buf, len);
      ref = gdk_pixbuf_apply_embedded_orientation(stored);
      /* gdk-pixbuf read the orientation too: the reference is turned */
      g_assert_cmpint(gdk_pixbuf_get_width(ref), ==, w);
      image = load_ok(doc, add_data(doc, buf, len));
      g_assert_cmpfloat(np_image_width(image), ==, w);
      g_assert_cmpfloat(np_image_height(image), ==, h);
      s = draw_pixels(image, w, h);
      for (q = 0; q < 4; q++) {
        int x = (q % 2 ? 3 : 1) * w / 4, y = (q / 2 ? 3 : 1) * h / 4;
        guint32 rgba = rgba_at(ref, x, y);
        assert_pixel_near(pixel_at(s, x, y), rgba >> 8 | 0xFF000000u, 12);
      }
      cairo_surface_destroy(s);
      pdf = draw_pdf(image, w, h);
      g_assert_nonnull(memmem(pdf->data, pdf->len, buf, len));
      g_assert_true(pdf_has(pdf, "/Width 64"));
      g_assert_cmpint(pdf_turns_quarter(pdf), ==, o >= 5);
      g_byte_array_unref(pdf);
      np_image_free(image);
      g_object_unref(ref);
      g_object_unref(stored);
    next:
      g_free(buf);
      np_doc_free(doc);
    }
  /* 2000 x 1000 stored, a quarter turn clockwise, drawn 250 x 500 */
  {
    np_doc *doc = np_doc_new();
    gsize len;
    gchar *buf = quarters_jpeg(2000, 1000, 6, &len);
    np_image *image = load_ok(doc, add_data(doc, buf, len));
    cairo_surface_t *s = draw_pixels(image, 250, 500);

    assert_pixel_near(pixel_at(s, 62, 125), 0xFF0000FF, 12);
    assert_pixel_near(pixel_at(s, 187, 125), 0xFFFF0000, 12);
    assert_pixel_near(pixel_at(s, 62, 375), 0xFFFFFFFF, 12);
    assert_pixel_near(pixel_at(s, 187, 375), 0xFF00FF00, 12);
    assert_pixel_near(pixel_at(s, 249, 0), 0xFFFF0000, 12);
    cairo_surface_destroy(s);
    np_image_free(image);
    g_free(buf);
    np_doc_free(doc);
  }
}

/* For the EPUB, a JPEG turned by its EXIF orientation is made upright
 * (not every reader turns it), even when nothing else asks to encode it
 * again; orientation 1 is kept as it is. */
static void test_transcode_orientation(void) {
  gsize len;
  gchar *buf = quarters_jpeg(64, 32, 8, &len);
  size_t out_len;
  const char *mime;
  unsigned char *out = transcode_ok(buf, len, 1600, 0, &out_len, &mime);
  GdkPixbuf *d = decode(out, out_len);

  g_assert_cmpstr(mime, ==, "image/jpeg");
  g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 32);
  g_assert_cmpint(gdk_pixbuf_get_height(d), ==, 64);
  /* a quarter turn anticlockwise: the top right quarter goes top left */
  assert_quarters(d, 0x00FF00FF, 0xFFFFFFFF, 0xFF0000FF, 0x0000FFFF);
  /* no orientation left to be applied twice */
  g_assert_null(gdk_pixbuf_get_option(d, "orientation"));
  g_object_unref(d);
  free(out);
  g_free(buf);
  buf = quarters_jpeg(64, 32, 1, &len);
  assert_kept(buf, len, 1600, 0, "image/jpeg");
  g_free(buf);
}

/* A JPEG larger than max_side is decoded at a half, a quarter or an eighth
 * of its size when that is still large enough, then shrunk: the result has
 * exactly the size asked, its picture, and its EXIF orientation applied.
 * Sizes: halved then shrunk a little (3400), shrunk by 1.25 (2000), by
 * more than 4/3 (3000), quartered (7000), halved exactly to max_side
 * (3200), and turned upright (orientation 6: a quarter turn clockwise);
 * then gray. */
static void test_transcode_scale_jpeg(void) {
  static const int sizes[][5] = {
      {3400, 1700, 0, 1600, 800}, {2000, 1000, 0, 1600, 800},
      {3000, 1500, 0, 1600, 800}, {7000, 3500, 0, 1600, 800},
      {3200, 1600, 0, 1600, 800}, {3400, 1700, 6, 800, 1600}};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(sizes); i++) {
    gsize len;
    gchar *buf = quarters_jpeg(sizes[i][0], sizes[i][1], sizes[i][2], &len);
    size_t out_len;
    const char *mime;
    unsigned char *out = transcode_ok(buf, len, 1600, 0, &out_len, &mime);
    GdkPixbuf *d;

    g_assert_cmpstr(mime, ==, "image/jpeg");
    d = decode(out, out_len);
    g_assert_cmpint(gdk_pixbuf_get_width(d), ==, sizes[i][3]);
    g_assert_cmpint(gdk_pixbuf_get_height(d), ==, sizes[i][4]);
    if (sizes[i][2] == 6)
      assert_quarters(d, 0x0000FFFF, 0xFF0000FF, 0xFFFFFFFF, 0x00FF00FF);
    else
      assert_quarters(d, 0xFF0000FF, 0x00FF00FF, 0x0000FFFF, 0xFFFFFFFF);
    g_object_unref(d);
    free(out);
    g_free(buf);
  }
  /* gray when asked: the luma of red, green, blue and white */
  {
    gsize len;
    gchar *buf = quarters_jpeg(2000, 1000, 0, &len);
    size_t out_len;
    const char *mime;
    unsigned char *out = transcode_ok(buf, len, 1600, 1, &out_len, &mime);
    GdkPixbuf *d = decode(out, out_len);

    g_assert_cmpstr(mime, ==, "image/jpeg");
    g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 1600);
    assert_quarters(d, 0x4C4C4CFF, 0x969696FF, 0x1D1D1DFF, 0xFFFFFFFF);
    g_object_unref(d);
    free(out);
    g_free(buf);
  }
}

/* Returns a width x height JPEG written by libjpeg in colour space cs (gray:
 * one channel; CMYK: four), its left half all samples left, the right half
 * right (g_free). */
static gchar *two_halves_jpeg(int width, int height, J_COLOR_SPACE cs, int left,
                              int right, gsize *len) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr jerr;
  int n = cs == JCS_GRAYSCALE ? 1 : cs == JCS_CMYK ? 4 : 3;
  unsigned char *row = g_malloc((size_t)width * (size_t)n), *buf = NULL;
  unsigned long buf_len = 0;
  gchar *out;
  int x;

  for (x = 0; x < width * n; x++)
    row[x] = (unsigned char)(x / n < width / 2 ? left : right);
  c.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &buf, &buf_len);
  c.image_width = (JDIMENSION)width;
  c.image_height = (JDIMENSION)height;
  c.input_components = n;
  c.in_color_space = cs;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 95, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height)
    jpeg_write_scanlines(&c, &row, 1);
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  out = g_memdup2(buf, buf_len);
  *len = buf_len;
  free(buf);
  g_free(row);
  return out;
}

/* JPEGs of other colour spaces than YCbCr, transcoded for the EPUB and
 * drawn on pixels (the cover): a gray one goes through libjpeg straight
 * into cairo's pixels as gray, a CMYK one (which libjpeg cannot give as
 * RGB) through gdk-pixbuf, which reads CMYK as Adobe's inverted samples
 * (255 is no ink): both shrunk, halves in place. */
static void test_jpeg_color_spaces(void) {
  static const struct {
    J_COLOR_SPACE cs;
    int left, right;
    guint32 left_px, right_px; /* expected 0xAARRGGBB */
  } cases[] = {{JCS_GRAYSCALE, 0x30, 0xD0, 0xFF303030, 0xFFD0D0D0},
               {JCS_CMYK, 0xFF, 0x00, 0xFFFFFFFF, 0xFF000000}};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    gsize len;
    gchar *buf = two_halves_jpeg(2000, 1000, cases[i].cs, cases[i].left,
                                 cases[i].right, &len);
    size_t out_len;
    const char *mime;
    unsigned char *out = transcode_ok(buf, len, 1600, 0, &out_len, &mime);
    GdkPixbuf *d = decode(out, out_len);
    np_doc *doc = np_doc_new();
    np_image *image = load_ok(doc, add_data(doc, buf, len));
    cairo_surface_t *s = draw_pixels(image, 500, 250);
    guint32 left = cases[i].left_px << 8 | 0xFF,
            right = cases[i].right_px << 8 | 0xFF;

    g_assert_cmpstr(mime, ==, "image/jpeg");
    g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 1600);
    g_assert_cmpint(gdk_pixbuf_get_height(d), ==, 800);
    assert_pixel_near(rgba_at(d, 400, 400), left, 12);
    assert_pixel_near(rgba_at(d, 1200, 400), right, 12);
    assert_pixel_near(rgba_at(d, 0, 0), left, 12);
    assert_pixel_near(rgba_at(d, 1599, 799), right, 12);
    assert_pixel_near(pixel_at(s, 125, 125), cases[i].left_px, 12);
    assert_pixel_near(pixel_at(s, 375, 125), cases[i].right_px, 12);
    assert_pixel_near(pixel_at(s, 499, 249), cases[i].right_px, 12);
    cairo_surface_destroy(s);
    np_image_free(image);
    np_doc_free(doc);
    g_object_unref(d);
    free(out);
    g_free(buf);
  }
}

/* Asserts that the w x h surface s shows quarters_pixbuf's picture (red,
 * green; blue, white) at the centres of its quarters, and that its corners
 * are painted, not left transparent. */
static void assert_drawn_quarters(cairo_surface_t *s, int w, int h) {
  assert_pixel_near(pixel_at(s, w / 4, h / 4), 0xFFFF0000, 12);
  assert_pixel_near(pixel_at(s, 3 * w / 4, h / 4), 0xFF00FF00, 12);
  assert_pixel_near(pixel_at(s, w / 4, 3 * h / 4), 0xFF0000FF, 12);
  assert_pixel_near(pixel_at(s, 3 * w / 4, 3 * h / 4), 0xFFFFFFFF, 12);
  assert_pixel_near(pixel_at(s, 0, 0), 0xFFFF0000, 12);
  assert_pixel_near(pixel_at(s, w - 1, h - 1), 0xFFFFFFFF, 12);
}

/* A large picture drawn small on pixels (the EPUB cover) is shrunk before
 * painting: a JPEG decoded at a reduced scale (a quarter, a half), then,
 * like a PNG, shrunk by gdk-pixbuf when much larger (1.43 times at half
 * scale; the PNG 2 to 6 times) or painted as it is (1.11 times), or
 * decoded at half size a little smaller than its box and enlarged (1050
 * px): the picture stays whole, colours in place, up to the edges. */
static void test_drawn_small(void) {
  static const int boxes[][2] = {
      {500, 250}, {900, 450}, {700, 350}, {333, 166}, {1050, 525}};
  static const char *const types[] = {"jpeg", "png"};
  size_t t, i;

  for (t = 0; t < G_N_ELEMENTS(types); t++) {
    np_doc *doc = np_doc_new();
    GdkPixbuf *p = quarters_pixbuf(2000, 1000);
    gchar *buf;
    gsize len;
    np_image *image;

    g_assert_true(encode(p, types[t], &buf, &len));
    image = load_ok(doc, add_data(doc, buf, len));
    for (i = 0; i < G_N_ELEMENTS(boxes); i++) {
      int w = boxes[i][0], h = boxes[i][1];
      cairo_surface_t *s = draw_pixels(image, w, h);

      assert_drawn_quarters(s, w, h);
      cairo_surface_destroy(s);
    }
    np_image_free(image);
    g_free(buf);
    g_object_unref(p);
    np_doc_free(doc);
  }
}

/* A picture loaded for pixels into a box (the cover's lead) is decoded at
 * the size that fills the box, WebP by libwebp's scaler and PNG by
 * gdk-pixbuf's filter, keeping its own size as its size: the pixels held
 * are those of the box, and it draws whole, colours in place. Without a
 * box, and for a TIFF (whose orientation would turn the box), the full
 * size. */
static void test_load_pixels_box(void) {
  static const struct {
    const char *type;
    int box_w, box_h;
    int held_w, held_h; /* the pixels held */
  } cases[] = {{"png", 500, 500, 500, 250},     {"webp", 500, 500, 500, 250},
               {"png", 900, 300, 600, 300},     {"png", 0, 0, 2000, 1000},
               {"png", 4000, 4000, 2000, 1000}, {"tiff", 500, 500, 2000, 1000}};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    np_doc *doc = np_doc_new();
    GdkPixbuf *p = quarters_pixbuf(2000, 1000);
    np_image *image = NULL;
    np_error err = {0};
    cairo_surface_t *s;
    gchar *buf;
    gsize len;

    g_assert_true(encode(p, cases[i].type, &buf, &len));
    g_assert_cmpint(np_image_load_pixels(doc, add_data(doc, buf, len),
                                         cases[i].box_w, cases[i].box_h, &image,
                                         &err),
                    ==, NP_OK);
    g_assert_cmpfloat(np_image_width(image), ==, 2000);
    g_assert_cmpfloat(np_image_height(image), ==, 1000);
    g_assert_cmpuint(np_image_memory(image), ==,
                     (size_t)cases[i].held_w * (size_t)cases[i].held_h * 4);
    s = draw_pixels(image, 400, 200);
    assert_drawn_quarters(s, 400, 200);
    cairo_surface_destroy(s);
    np_image_free(image);
    g_free(buf);
    g_object_unref(p);
    np_doc_free(doc);
  }
}

/* Returns the process's mapped memory (VmSize) in kB, or -1. */
static long vm_size_kb(void) {
  gchar *status = NULL;
  const char *line;
  long kb = -1;

  if (g_file_get_contents("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr(status, "\nVmSize:")) != NULL)
    kb = strtol(line + strlen("\nVmSize:"), NULL, 10);
  g_free(status);
  return kb;
}

/* np_image_surface_new gives cairo's surfaces: zeroed, drawable, usable as
 * a PDF's source after it is gone; from a megabyte up on their own
 * mapping, aligned to 2 MiB huge pages, and unmapped with the surface. */
static void test_surface_new(void) {
  static const struct {
    cairo_format_t format;
    int width, height;
    gboolean mapped;
  } cases[] = {{CAIRO_FORMAT_RGB24, 10, 10, FALSE},
               {CAIRO_FORMAT_ARGB32, 500, 500, FALSE},
               {CAIRO_FORMAT_ARGB32, 800, 450, TRUE},
               {CAIRO_FORMAT_RGB24, 1200, 1600, TRUE}};
  cairo_surface_t *s, *pdf;
  long before, after;
  size_t i;
  int n;

  for (i = 0; i < G_N_ELEMENTS(cases); i++) {
    int w = cases[i].width, h = cases[i].height, y, x;
    const unsigned char *data;
    int stride;
    cairo_t *cr;

    s = np_image_surface_new(cases[i].format, w, h);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(cairo_image_surface_get_format(s), ==, cases[i].format);
    g_assert_cmpint(cairo_image_surface_get_width(s), ==, w);
    g_assert_cmpint(cairo_image_surface_get_height(s), ==, h);
    stride = cairo_image_surface_get_stride(s);
    g_assert_cmpint(stride, ==,
                    cairo_format_stride_for_width(cases[i].format, w));
    data = cairo_image_surface_get_data(s);
    g_assert_cmpint((uintptr_t)data % ((uintptr_t)2 << 20) == 0, ==,
                    cases[i].mapped);
    for (y = 0; y < h; y++)
      for (x = 0; x < 4 * w; x++)
        g_assert_cmpuint(data[(size_t)y * (size_t)stride + (size_t)x], ==, 0);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, 0, 0, w / 2.0, h);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    g_assert_cmphex(pixel_at(s, 0, 0) & 0xFFFFFF, ==, 0xFF0000);
    g_assert_cmphex(pixel_at(s, w - 1, h - 1) & 0xFFFFFF, ==, 0);
    /* a PDF keeps a copy of what was painted from it when it goes */
    pdf = cairo_pdf_surface_create_for_stream(NULL, NULL, w, h);
    cr = cairo_create(pdf);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_paint(cr);
    cairo_surface_destroy(s);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    g_assert_cmpint(cairo_surface_status(pdf), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
  }
  /* a size cairo refuses is its error surface */
  s = np_image_surface_new(CAIRO_FORMAT_ARGB32, 40000, 40000);
  g_assert_cmpint(cairo_surface_status(s), !=, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  /* 16 surfaces of 8 MB made and destroyed leave no 128 MB behind */
  before = vm_size_kb();
  g_assert_cmpint(before, >, 0);
  for (n = 0; n < 16; n++)
    cairo_surface_destroy(np_image_surface_new(CAIRO_FORMAT_RGB24, 2048, 1024));
  after = vm_size_kb();
  g_assert_cmpint(after - before, <, 32 * 1024);
}

/* SVG is rendered to PNG for a package, so that the SVG's own references
 * (entities, files) never reach a reader; the size fits max_side. */
static void test_transcode_svg(void) {
  static const char svg[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "
      "\"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"400\" height=\"200\"><rect width=\"400\" height=\"200\" "
      "fill=\"#c00\"/></svg>";
  static const char plain[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                              "width=\"400\" height=\"200\"><rect "
                              "width=\"400\" height=\"200\" fill=\"#c00\"/>"
                              "</svg>";
  unsigned char *out = NULL;
  size_t out_len = 0;
  const char *mime = NULL;
  np_error err;

  g_assert_cmpint(np_image_transcode((const unsigned char *)plain,
                                     strlen(plain), 100, 0, &out, &out_len,
                                     &mime, &err),
                  ==, NP_OK);
  g_assert_cmpstr(mime, ==, "image/png");
  g_assert_nonnull(out);
  g_assert_cmpmem(out, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR width and height: 100 x 50 */
  g_assert_cmpuint(
      ((unsigned)out[16] << 24 | out[17] << 16 | out[18] << 8 | out[19]), ==,
      100);
  g_assert_cmpuint(
      ((unsigned)out[20] << 24 | out[21] << 16 | out[22] << 8 | out[23]), ==,
      50);
  g_assert_null(memmem(out, out_len, "svg", 3));
  /* the picture itself, not blank pixels of its size */
  {
    GdkPixbuf *d = decode(out, out_len);
    assert_pixel_near(rgba_at(d, 50, 25), 0xCC0000FF, 2);
    g_object_unref(d);
  }
  free(out);
  out = NULL;
  /* with an external entity: refused or rendered, never copied */
  if (np_image_transcode((const unsigned char *)svg, strlen(svg), 100, 0, &out,
                         &out_len, &mime, &err) == NP_OK) {
    g_assert_nonnull(out);
    g_assert_null(memmem(out, out_len, "passwd", 6));
    g_assert_null(memmem(out, out_len, "root:", 5));
    free(out);
  }
}

/* Core types within the limit are kept, not decoded. */
static void test_transcode_keeps(void) {
  GdkPixbuf *png = solid_pixbuf(40, 30, TRUE, 0xC8643280);
  GByteArray *bomb = png_bomb();
  gchar *buf;
  gsize len;

  make_jpeg(640, 480, &buf, &len);
  assert_kept(buf, len, 1600, 0, "image/jpeg");
  assert_kept(buf, len, 640, 0, "image/jpeg");
  assert_kept(buf, len, 0, 0, "image/jpeg");
  g_free(buf);
  g_assert_true(encode(png, "png", &buf, &len));
  assert_kept(buf, len, 40, 0, "image/png");
  g_free(buf);
  assert_kept(two_frame_gif, sizeof two_frame_gif, 1600, 0, "image/gif");
  /* No limit: nothing is decoded, so a huge declared size is not seen. */
  assert_kept(bomb->data, bomb->len, 0, 0, "image/png");
  g_byte_array_unref(bomb);
  g_object_unref(png);
}

/* A GIF larger than the limit becomes a PNG of its first frame. */
static void test_transcode_gif(void) {
  size_t out_len;
  const char *mime;
  unsigned char *out =
      transcode_ok(two_frame_gif, sizeof two_frame_gif, 2, 0, &out_len, &mime);
  GdkPixbuf *d;

  g_assert_cmpstr(mime, ==, "image/png");
  d = decode(out, out_len);
  g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 2);
  g_assert_cmpint(gdk_pixbuf_get_height(d), ==, 2);
  g_assert_cmphex(rgba_at(d, 1, 1), ==, 0xFF0000FF);
  g_object_unref(d);
  free(out);
}

/* Every pixel of a grayscale result has R = G = B; alpha is kept. */
static void test_transcode_grayscale(void) {
  GdkPixbuf *colour = gradient_pixbuf(64, 48, FALSE);
  GdkPixbuf *clear = solid_pixbuf(8, 8, TRUE, 0xC8643280);
  gchar *buf;
  gsize len;
  size_t out_len;
  const char *mime;
  unsigned char *out;
  GdkPixbuf *d;
  int x, y;

  g_assert_true(encode(colour, "jpeg", &buf, &len));
  out = transcode_ok(buf, len, 1600, 1, &out_len, &mime);
  g_assert_cmpstr(mime, ==, "image/jpeg");
  d = decode(out, out_len);
  g_assert_cmpint(gdk_pixbuf_get_width(d), ==, 64);
  for (y = 0; y < 48; y++)
    for (x = 0; x < 64; x++) {
      guint32 p = rgba_at(d, x, y);
      g_assert_cmphex(p >> 24, ==, p >> 16 & 0xFF);
      g_assert_cmphex(p >> 24, ==, p >> 8 & 0xFF);
    }
  g_object_unref(d);
  free(out);
  g_free(buf);
  /* Lossless: 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2. */
  g_assert_true(encode(clear, "png", &buf, &len));
  out = transcode_ok(buf, len, 0, 1, &out_len, &mime);
  g_assert_cmpstr(mime, ==, "image/png");
  d = decode(out, out_len);
  g_assert_cmphex(rgba_at(d, 3, 3), ==, 0x7C7C7C80);
  g_object_unref(d);
  free(out);
  g_free(buf);
  g_object_unref(colour);
  g_object_unref(clear);
}

/* The same input gives the same bytes; the PNG carries no text or time. */
static void test_transcode_deterministic(void) {
  GdkPixbuf *p = gradient_pixbuf(300, 200, TRUE);
  static const gboolean alphas[] = {TRUE, FALSE};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(alphas); i++) {
    GdkPixbuf *src =
        alphas[i]
            ? g_object_ref(p)
            : gdk_pixbuf_composite_color_simple(p, 300, 200, GDK_INTERP_NEAREST,
                                                255, 8, 0xFFFFFF, 0xFFFFFF);
    gchar *buf;
    gsize len;
    size_t len1, len2;
    const char *mime1, *mime2;
    unsigned char *out1, *out2;

    g_assert_true(encode(src, "bmp", &buf, &len));
    out1 = transcode_ok(buf, len, 100, 0, &len1, &mime1);
    out2 = transcode_ok(buf, len, 100, 0, &len2, &mime2);
    g_assert_cmpstr(mime1, ==, mime2);
    g_assert_cmpmem(out1, len1, out2, len2);
    if (strcmp(mime1, "image/png") == 0) {
      g_assert_null(memmem(out1, len1, "tEXt", 4));
      g_assert_null(memmem(out1, len1, "tIME", 4));
    }
    free(out1);
    free(out2);
    g_free(buf);
    g_object_unref(src);
  }
  g_object_unref(p);
}

/* Returns the bytes with the first from (a string) replaced by to, of the
 * same length. */
static GByteArray *replaced(const GByteArray *pdf, const char *from,
                            const char *to) {
  GByteArray *copy = g_byte_array_new();
  guint8 *at;

  g_assert_cmpuint(strlen(from), ==, strlen(to));
  g_byte_array_append(copy, pdf->data, pdf->len);
  at = memmem(copy->data, copy->len, from, strlen(from));
  g_assert_nonnull(at);
  memcpy(at, to, strlen(to));
  return copy;
}

/* np_pdf_fix turns a kept PNG's stand-in into its FlateDecode image, and
 * fails, never writing a broken picture, when it cannot: an image object
 * whose dictionary names another filter, a file not shaped as cairo writes
 * it. A file of another shape without a stand-in is copied as it is. */
static void test_pdf_fix_stand_in(void) {
  GdkPixbuf *p = gradient_pixbuf(64, 48, FALSE);
  np_doc *doc = np_doc_new();
  np_buf out = NP_BUF_INIT;
  np_error err = {0};
  GByteArray *pdf, *bad;
  np_image *image;
  gchar *buf;
  gsize len;
  guint8 *xref;

  g_assert_true(encode(p, "png", &buf, &len));
  image = load_ok(doc, add_data(doc, buf, len));
  pdf = draw_pdf(image, 64, 48);
  g_assert_true(pdf_has(pdf, NP_IMAGE_FLATE_TAG));
  g_assert_cmpint(
      np_pdf_fix((const char *)pdf->data, pdf->len, NULL, &out, &err), ==,
      NP_OK);
  g_assert_null(memmem(out.data, out.len, NP_IMAGE_FLATE_TAG,
                       strlen(NP_IMAGE_FLATE_TAG)));
  g_assert_nonnull(memmem(out.data, out.len, "/FlateDecode", 12));

  bad = replaced(pdf, "/Filter /DCTDecode", "/Filter /DCTDecodx");
  g_assert_cmpint(
      np_pdf_fix((const char *)bad->data, bad->len, NULL, &out, &err), ==,
      NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, "cannot embed a PNG picture"));
  g_assert_cmpuint(out.len, ==, 0);
  g_byte_array_unref(bad);

  /* cut at the cross-reference table: not cairo's shape */
  xref = memmem(pdf->data, pdf->len, "\nxref\n", 6);
  g_assert_nonnull(xref);
  g_byte_array_set_size(pdf, (guint)(xref - pdf->data));
  g_assert_cmpint(
      np_pdf_fix((const char *)pdf->data, pdf->len, NULL, &out, &err), ==,
      NP_ERR_IO);
  g_byte_array_unref(pdf);

  pdf = g_byte_array_new();
  g_byte_array_append(pdf, (const guint8 *)"%PDF-1.5\nnot cairo's\n", 21);
  g_assert_cmpint(
      np_pdf_fix((const char *)pdf->data, pdf->len, NULL, &out, &err), ==,
      NP_OK);
  g_assert_cmpmem(out.data, out.len, pdf->data, pdf->len);
  g_byte_array_unref(pdf);

  np_buf_free(&out);
  np_image_free(image);
  g_free(buf);
  np_doc_free(doc);
  g_object_unref(p);
}

/* Refusals: no image, a truncated one, a decompression bomb (fast). */
static void test_transcode_refuses(void) {
  static const char text[] = "Hello, this is a text file.\n";
  GdkPixbuf *p = gradient_pixbuf(200, 100, FALSE);
  GByteArray *bomb = png_bomb();
  gchar *buf;
  gsize len;
  gint64 start;

  g_assert_cmpstr(transcode_fails(text, strlen(text), 1600), ==,
                  "not an image");
  g_assert_cmpstr(transcode_fails("", 0, 1600), ==, "not an image");
  g_assert_cmpstr(transcode_fails(NULL, 0, 1600), ==, "not an image");
  g_assert_true(encode(p, "png", &buf, &len));
  g_assert_true(g_str_has_prefix(transcode_fails(buf, len / 2, 1600),
                                 "cannot decode image: "));
  g_free(buf);
  /* a JPEG cut before its picture data says so, as np_image_load does */
  g_assert_cmpstr(transcode_fails("\xFF\xD8\xFF\xC0\0\x0B\x08\0\x10\0\x10"
                                  "\x01\x01\x11\0",
                                  15, 1600),
                  ==, "truncated JPEG");
  start = g_get_monotonic_time();
  g_assert_cmpstr(transcode_fails(bomb->data, bomb->len, 1600), ==,
                  "image too large (50000x50000 pixels)");
  g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
  g_byte_array_unref(bomb);
  g_object_unref(p);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/image/png-alpha", test_png_alpha);
  g_test_add_func("/image/webp", test_webp);
  g_test_add_func("/image/bmp", test_bmp);
  g_test_add_func("/image/tiff", test_tiff);
  g_test_add_func("/image/gif-first-frame", test_gif_first_frame);
  g_test_add_func("/image/jpeg-pixels", test_jpeg_pixels);
  g_test_add_func("/image/jpeg-passthrough", test_jpeg_passthrough);
  g_test_add_func("/image/jpeg-embedded-once", test_jpeg_embedded_once);
  g_test_add_func("/image/jpeg-flate-tag-decoded", test_jpeg_flate_tag_decoded);
  g_test_add_func("/image/pdf-fix-stand-in", test_pdf_fix_stand_in);
  g_test_add_func("/image/jpeg-truncated", test_jpeg_truncated);
  g_test_add_func("/image/jpeg-trailing-bytes", test_jpeg_trailing_bytes);
  g_test_add_func("/image/png-bomb", test_png_bomb);
  g_test_add_func("/image/jpeg-bomb", test_jpeg_bomb);
  g_test_add_func("/image/not-images", test_not_images);
  g_test_add_func("/image/truncated-png", test_truncated_png);
  g_test_add_func("/image/avif", test_avif);
  g_test_add_func("/image/unreadable-resources", test_unreadable_resources);
  g_test_add_func("/image/svg-sizes", test_svg_sizes);
  g_test_add_func("/image/svg-draws-vectors", test_svg_draws_vectors);
  g_test_add_func("/image/svg-no-external", test_svg_no_external);
  g_test_add_func("/image/type-from-bytes", test_type_from_bytes);
  g_test_add_func("/image/sniff", test_sniff);
  g_test_add_func("/image/transcode-webp", test_transcode_webp);
  g_test_add_func("/image/transcode-scale", test_transcode_scale);
  g_test_add_func("/image/transcode-scale-jpeg", test_transcode_scale_jpeg);
  g_test_add_func("/image/drawn-small", test_drawn_small);
  g_test_add_func("/image/jpeg-color-spaces", test_jpeg_color_spaces);
  g_test_add_func("/image/load-pixels-box", test_load_pixels_box);
  g_test_add_func("/image/surface-new", test_surface_new);
  g_test_add_func("/image/transcode-keeps", test_transcode_keeps);
  g_test_add_func("/image/jpeg-orientation", test_jpeg_orientation);
  g_test_add_func("/image/transcode-orientation", test_transcode_orientation);
  g_test_add_func("/image/transcode-svg", test_transcode_svg);
  g_test_add_func("/image/transcode-gif", test_transcode_gif);
  g_test_add_func("/image/transcode-grayscale", test_transcode_grayscale);
  g_test_add_func("/image/transcode-deterministic",
                  test_transcode_deterministic);
  g_test_add_func("/image/transcode-refuses", test_transcode_refuses);
  return g_test_run();
}
