/* image.h: images for the PDF and the EPUB: decoding (gdk-pixbuf for PNG, GIF,
 * WebP..., librsvg for SVG), JPEG kept as is, size limits against decompression
 * bombs, and drawing with cairo. */
#ifndef NP_IMAGE_H
#define NP_IMAGE_H

#include <cairo.h>

#include "doc.h"

/* Most pixels (width x height) of a raster image decoded. */
#define NP_IMAGE_MAX_PIXELS ((size_t)50 * 1000 * 1000)
/* Largest image file read, in bytes. */
#define NP_IMAGE_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* The comment that opens the stand-in JPEG in which a PNG's compressed
 * pixels reach cairo's PDF backend, which embeds a JPEG's bytes as they
 * are (cairo 1.16 passes no other compressed pixels through). The stand-in
 * is: the JPEG start marker; a comment segment of this tag followed by the
 * stream's PDF decode parameters ("/DecodeParms << ... >>"); a frame
 * header of the picture's size and channels; then the zlib stream of the
 * PNG's IDAT chunks. np_pdf_render (pdf.c) cuts the stand-in's markers off
 * and makes the image a FlateDecode one with those parameters, as a PDF
 * reads PNG data. No JPEG whose first segment is this comment is kept as
 * it is. */
#define NP_IMAGE_FLATE_TAG "newsprint-flate "

/* A loaded image. */
typedef struct np_image np_image;

/* Loads resource index of doc (through np_resource_read, at most
 * NP_IMAGE_MAX_BYTES). The format comes from the bytes, never from the
 * name: JPEG, PNG, GIF (first frame), WebP, BMP, TIFF, SVG, and AVIF/HEIF
 * when gdk-pixbuf has a loader for them. A raster's size is checked against
 * NP_IMAGE_MAX_PIXELS from its header, before any pixel is decoded. A
 * complete 8-bit JPEG is kept as is, not decoded, and drawn turned by its
 * EXIF orientation; a truncated one is decoded as far as it goes. Decoded
 * rasters (JPEG, TIFF) are turned upright by theirs. So is a PNG whose
 * compressed pixels a PDF can hold as they are (8-bit gray or RGB, not
 * interlaced, no transparent colour, its zlib stream whole and each row's
 * filter valid, checked by inflating it once); other PNGs are decoded. SVG is
 * parsed without a base URI: it loads no file, URL or external entity. Returns
 * NP_OK with *out (freed with np_image_free), or NP_ERR_IO with *out NULL and
 * err saying why: the message of np_resource_read (remote, missing...), "not an
 * image", "unsupported image format (AVIF)", "image too large (WxH pixels)",
 * "truncated JPEG" or "cannot decode image: REASON". */
np_status np_image_load(const np_doc *doc, int index, np_image **out,
                        np_error *err);

/* As np_image_load, for an image drawn only on pixels (the cover): a PNG
 * is decoded at once, not kept and checked for a PDF; a decoded picture
 * larger than a box_width x box_height box (0 x 0: no box) other than a
 * JPEG or a TIFF is scaled to fill the box as it is decoded, so that a
 * large picture drawn small costs no full-size pixels. np_image_width and
 * np_image_height still give the picture's own size. */
np_status np_image_load_pixels(const np_doc *doc, int index, int box_width,
                               int box_height, np_image **out, np_error *err);

/* Releases an image; NULL is allowed. */
void np_image_free(np_image *image);

/* Returns the intrinsic size in CSS pixels, upright (a JPEG whose EXIF
 * orientation turns it a quarter has its stored width as its height); for
 * SVG, its width and height in absolute units at 96 dpi, else its viewBox,
 * else 300 x 150. */
double np_image_width(const np_image *image);
double np_image_height(const np_image *image);

/* Returns the bytes of memory the image holds: the decoded pixels of a
 * raster, the file's bytes of a JPEG or an SVG. */
size_t np_image_memory(const np_image *image);

/* Returns the media type detected from the bytes ("image/jpeg", ...). */
const char *np_image_mime(const np_image *image);

/* Draws the image upright, scaled to fill the rectangle (user units of cr;
 * the caller keeps the aspect ratio) with a good resampling filter, leaving
 * the state of cr as it was. On a PDF surface a JPEG goes in as its own
 * bytes (DCTDecode, once however often it is drawn; the drawing's matrix
 * applies its EXIF orientation), a kept PNG as its own
 * compressed pixels (FlateDecode with PNG predictors, through
 * NP_IMAGE_FLATE_TAG); on other surfaces they are decoded at each call
 * (one that no longer decodes draws nothing).
 * Other rasters go in as decoded pixels, SVG as vectors. The image may be
 * freed before the surface is finished. A NULL image or an empty rectangle
 * draws nothing. */
void np_image_draw(const np_image *image, cairo_t *cr, double x, double y,
                   double width, double height);

/* Returns a new image surface of width x height in format, its pixels
 * zeroed, as cairo_image_surface_create does; the caller destroys it. From
 * a megabyte of pixels up they are mapped on their own, on the kernel's
 * transparent huge pages when it has them, which spares most of the page
 * faults of first touching them (the memory is unmapped with the surface).
 * A size cairo refuses gives cairo's error surface. */
cairo_surface_t *np_image_surface_new(cairo_format_t format, int width,
                                      int height);

/* Encodes the pixels of an image surface (RGB24 or ARGB32, alpha dropped)
 * as a JPEG of the quality np_image_transcode uses: *out (heap, caller
 * frees) and *out_len. Deterministic. Returns NP_OK, or NP_ERR_IO with *out
 * NULL and err saying why. */
np_status np_image_encode_jpeg(cairo_surface_t *surface, unsigned char **out,
                               size_t *out_len, np_error *err);

/* A cairo write function that appends to the np_buf given as closure:
 * for cairo_surface_write_to_png_stream into memory. */
cairo_status_t np_image_buf_write(void *closure, const unsigned char *data,
                                  unsigned int length);

/* Prepares the bytes of an image for an EPUB. EPUB's core media types that
 * need no change are kept, judged from their headers without decoding:
 * NP_OK with *out NULL, *out_len 0 and *mime the type of the bytes. These
 * are a JPEG (complete, 8-bit baseline or progressive, gray or RGB, and
 * upright: no EXIF orientation other than 1, since not every reader applies
 * it), a
 * complete PNG or a GIF (animation kept) whose longer side is within
 * max_side pixels (0: no limit) and, with grayscale, that is gray already.
 * Everything else (WebP, AVIF, BMP, TIFF, CMYK JPEG..., larger rasters, and
 * with grayscale colour rasters) is decoded within NP_IMAGE_MAX_PIXELS (a
 * larger size is refused from the header), turned upright by its EXIF
 * orientation, scaled so that its longer side is max_side, turned gray
 * (luma, alpha kept) when asked, and encoded again: PNG (level 9) when it
 * has transparency or was a GIF (its first frame), JPEG (quality 85)
 * otherwise. Then *out (heap, caller frees), *out_len and *mime
 * ("image/jpeg" or "image/png", static) receive the result; the encoding is
 * deterministic (the same bytes for the same input). Returns NP_ERR_IO with
 * *out NULL, *mime NULL and err saying why (the messages of np_image_load:
 * "not an image", "image too large (WxH pixels)"...) when the bytes are not
 * a decodable image. An SVG is never kept: it is rendered (without loading
 * anything it refers to) into a PNG whose longer side is at most max_side
 * (0: 1600), so that no reader resolves its entities or file references. */
np_status np_image_transcode(const unsigned char *bytes, size_t len,
                             int max_side, int grayscale, unsigned char **out,
                             size_t *out_len, const char **mime, np_error *err);

/* Returns the media type of image bytes from their magic numbers (static):
 * "image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml",
 * "image/bmp", "image/tiff", "image/avif" or "image/heif", whether or not a
 * decoder for it is installed; NULL when they are none of these (or bytes
 * is NULL). */
const char *np_image_sniff(const unsigned char *bytes, size_t len);

#endif
