/* photo.c: makes the lead photograph of the benchmark's photo article.
 *
 *   photo IN OUT.jpg WIDTH HEIGHT
 *
 * Scales the picture IN (any format gdk-pixbuf reads) to WIDTH x HEIGHT,
 * adds a film grain of a fixed seed, so that the JPEG has the detail and
 * the size of a camera's (not the flat areas of an enlarged drawing), and
 * saves it as a JPEG of quality 85, the size news sites serve their lead
 * photographs at. The same input gives the same bytes. */

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdio.h>
#include <stdlib.h>

/* Largest side accepted, and the grain's amplitude (plus or minus). */
#define PHOTO_MAX_SIDE 8192
#define PHOTO_GRAIN 8

int main(int argc, char **argv) {
  GdkPixbuf *in = NULL, *scaled = NULL;
  GError *error = NULL;
  guint32 seed = 12345;
  int width, height, stride, channels, x, y, status = 1;
  guint8 *pixels;

  if (argc != 5) {
    fprintf(stderr, "usage: photo IN OUT.jpg WIDTH HEIGHT\n");
    goto done;
  }
  width = atoi(argv[3]);
  height = atoi(argv[4]);
  if (width < 1 || height < 1 || width > PHOTO_MAX_SIDE ||
      height > PHOTO_MAX_SIDE) {
    fprintf(stderr, "photo: the size must be 1 to %d pixels a side\n",
            PHOTO_MAX_SIDE);
    goto done;
  }
  in = gdk_pixbuf_new_from_file(argv[1], &error);
  if (!in) {
    fprintf(stderr, "photo: %s: %s\n", argv[1], error->message);
    goto done;
  }
  scaled = gdk_pixbuf_scale_simple(in, width, height, GDK_INTERP_BILINEAR);
  if (!scaled) {
    fprintf(stderr, "photo: out of memory\n");
    goto done;
  }
  stride = gdk_pixbuf_get_rowstride(scaled);
  channels = gdk_pixbuf_get_n_channels(scaled);
  pixels = gdk_pixbuf_get_pixels(scaled);
  for (y = 0; y < height; y++)
    for (x = 0; x < width * channels; x++) {
      guint8 *p = pixels + (size_t)y * (size_t)stride + (size_t)x;
      int v;
      seed = seed * 1103515245u + 12345u;
      v = *p + (int)((seed >> 16) % (2 * PHOTO_GRAIN + 1)) - PHOTO_GRAIN;
      *p = (guint8)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
  if (!gdk_pixbuf_save(scaled, argv[2], "jpeg", &error, "quality", "85",
                       NULL)) {
    fprintf(stderr, "photo: %s: %s\n", argv[2], error->message);
    goto done;
  }
  status = 0;
done:
  if (error)
    g_error_free(error);
  if (scaled)
    g_object_unref(scaled);
  if (in)
    g_object_unref(in);
  return status;
}
