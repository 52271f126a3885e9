/* image.h: images for the PDF: decoding (gdk-pixbuf for PNG, GIF, WebP...,
 * librsvg for SVG), JPEG kept as is, size limits against decompression
 * bombs, and drawing with cairo. */
#ifndef NP_IMAGE_H
#define NP_IMAGE_H

#include <cairo.h>

#include "doc.h"

/* Most pixels (width x height) of a raster image decoded. */
#define NP_IMAGE_MAX_PIXELS ((size_t)50 * 1000 * 1000)
/* Largest image file read, in bytes. */
#define NP_IMAGE_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* A loaded image. */
typedef struct np_image np_image;

/* Loads resource index of doc (through np_resource_read). Returns NP_OK
 * with *out (freed with np_image_free), or NP_ERR_IO with err saying why
 * (remote, missing, not an image, truncated, too many pixels). */
np_status np_image_load(const np_doc *doc, int index, np_image **out,
                        np_error *err);

/* Releases an image; NULL is allowed. */
void np_image_free(np_image *image);

/* Returns the intrinsic size in CSS pixels (for SVG, its viewport). */
double np_image_width(const np_image *image);
double np_image_height(const np_image *image);

/* Returns the media type detected from the bytes ("image/jpeg", ...). */
const char *np_image_mime(const np_image *image);

/* Draws the image scaled into the rectangle (points) on cr: JPEG data goes
 * into the PDF as is (no re-encoding), other rasters as decoded pixels, SVG
 * as vectors. */
void np_image_draw(const np_image *image, cairo_t *cr, double x, double y,
                   double width, double height);

#endif
