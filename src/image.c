/* image.c: loads the images of a document for the PDF (JPEG kept as is,
 * other rasters decoded with gdk-pixbuf, SVG parsed with librsvg) and
 * draws them with cairo; recognises and transcodes images for the EPUB. */

/* for MAP_ANONYMOUS and MADV_HUGEPAGE */
#define _DEFAULT_SOURCE

#include "image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <jpeglib.h>
#include <librsvg/rsvg.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "resource.h"

/* Bytes handed to the raster decoder at a time, so that a picture refused
 * from its header is not decoded further. */
#define NP_IMAGE_CHUNK ((size_t)64 * 1024)

/* The most times a JPEG is halved as it is decoded (libjpeg scales by
 * 1/2, 1/4 and 1/8). */
#define NP_JPEG_MAX_SHRINK 3
/* Below this ratio of sizes, a picture is shrunk by cairo's bilinear
 * filter, as its GOOD filter does there too: each pixel still weighs in,
 * at a tenth of the time of gdk-pixbuf's filter, which costs the same at
 * any ratio. Beyond, by gdk-pixbuf's, which averages all the pixels each
 * new one covers. */
#define NP_IMAGE_BILINEAR_MAX (4.0 / 3.0)
/* A JPEG drawn on pixels (the cover) may be decoded at a scale this much
 * smaller than the size it is drawn at, and enlarged back: a 2048-pixel
 * photograph in the cover's 1040-pixel box is decoded at 1024 pixels, in
 * half the time, and spares the shrinking after it. */
#define NP_IMAGE_DECODE_SLACK 1.0625

/* Pixel buffers of at least NP_IMAGE_HUGE_MIN bytes are mapped on their
 * own, aligned to the kernel's 2 MiB transparent huge pages and advised to
 * use them: the cover's 7.7 MB took 1,900 page faults of 1.5-2 us each,
 * a tenth of a short article's EPUB, and takes 4 on huge pages. A buffer is
 * rounded up to whole huge pages, so below a megabyte the waste would
 * outweigh the faults saved. */
#define NP_IMAGE_HUGE_PAGE ((size_t)2 << 20)
#define NP_IMAGE_HUGE_MIN ((size_t)1 << 20)

/* Settings of the encoders np_image_transcode writes with, as gdk-pixbuf
 * takes them: JPEG quality (0-100; also libjpeg's in np_image_encode_jpeg,
 * as a number) and zlib level of PNG (0-9). */
#define NP_IMAGE_JPEG_QUALITY_NUM 85
#define NP_IMAGE_JPEG_QUALITY G_STRINGIFY(NP_IMAGE_JPEG_QUALITY_NUM)
#define NP_IMAGE_PNG_COMPRESSION "9"

/* Resolution at which SVG physical units (in, mm, pt) become CSS pixels. */
#define NP_SVG_DPI 96.0
/* Longest side of an SVG rendered for a package when no limit is given. */
#define NP_SVG_RASTER_SIDE 1600

/* librsvg's file, opened at the first SVG (np_rsvg) rather than linked:
 * loading it at start-up (37,000 relocations) took a millisecond, a fifth
 * of the start-up, from every run, SVG or not. */
#define NP_RSVG_LIBRARY "librsvg-2.so.2"

/* Size of an SVG that gives neither a size nor a viewBox (the CSS default
 * for replaced elements). */
#define NP_SVG_DEFAULT_WIDTH 300.0
#define NP_SVG_DEFAULT_HEIGHT 150.0

/* What the bytes of an image are drawn from. */
typedef enum {
  NP_IMAGE_RASTER, /* decoded pixels */
  NP_IMAGE_KEPT,   /* a file a PDF holds as it is (a JPEG, an opaque 8-bit
                      PNG), decoded only for other targets */
  NP_IMAGE_SVG     /* a librsvg document */
} np_image_kind;

struct np_image {
  np_image_kind kind;
  const char *mime; /* static string */
  double width;     /* CSS pixels, upright */
  double height;
  int orientation; /* KEPT: the file's EXIF orientation (1 to 8), which
                      np_image_draw applies; 1 for the others, whose pixels
                      are upright */
  /* RASTER: the decoded pixels. KEPT: a blank stand-in of the picture's
   * size that carries the embed bytes as cairo's JPEG mime data; the PDF
   * backend embeds those bytes and never reads the pixels. */
  cairo_surface_t *surface;
  GBytes *file;       /* KEPT: the file's bytes, decoded for other targets */
  const char *loader; /* KEPT: the gdk-pixbuf loader that decodes them */
  GBytes *embed;      /* KEPT: what the PDF holds, shared with the surfaces:
                         a JPEG's own bytes, a PNG's in np_png_wrap's form */
  char *unique_id;    /* KEPT: cairo's CAIRO_MIME_TYPE_UNIQUE_ID, so that the
                         PDF holds one copy however often it is drawn */
  RsvgHandle *svg;    /* SVG */
  size_t memory;      /* bytes held: see np_image_memory */
};

/* The librsvg functions this file calls (np_rsvg_api has one member of
 * each, with librsvg's prototype). */
#define NP_RSVG_FUNCTIONS(X)                                                   \
  X(rsvg_handle_new_from_stream_sync)                                          \
  X(rsvg_handle_set_dpi)                                                       \
  X(rsvg_handle_get_intrinsic_size_in_pixels)                                  \
  X(rsvg_handle_get_intrinsic_dimensions)                                      \
  X(rsvg_handle_render_document)

typedef struct {
#define NP_RSVG_MEMBER(f) __typeof__(f) *f;
  NP_RSVG_FUNCTIONS(NP_RSVG_MEMBER)
#undef NP_RSVG_MEMBER
} np_rsvg_api;

/* A format recognised from the first bytes of a file. */
typedef struct {
  const char *mime;
  const char *loader; /* gdk-pixbuf loader name, NULL for SVG */
  const char *name;   /* for messages */
  np_image_kind kind;
} np_format;

static const np_format np_format_jpeg = {"image/jpeg", "jpeg", "JPEG",
                                         NP_IMAGE_KEPT};
static const np_format np_format_png = {"image/png", "png", "PNG",
                                        NP_IMAGE_RASTER};
static const np_format np_format_gif = {"image/gif", "gif", "GIF",
                                        NP_IMAGE_RASTER};
static const np_format np_format_webp = {"image/webp", "webp", "WebP",
                                         NP_IMAGE_RASTER};
static const np_format np_format_bmp = {"image/bmp", "bmp", "BMP",
                                        NP_IMAGE_RASTER};
static const np_format np_format_tiff = {"image/tiff", "tiff", "TIFF",
                                         NP_IMAGE_RASTER};
static const np_format np_format_avif = {"image/avif", "avif", "AVIF",
                                         NP_IMAGE_RASTER};
static const np_format np_format_heif = {"image/heif", "heif", "HEIF",
                                         NP_IMAGE_RASTER};
static const np_format np_format_svg = {"image/svg+xml", NULL, "SVG",
                                        NP_IMAGE_SVG};

/* Counter that makes the unique ids of JPEG images. */
static gint np_image_serial;

/* librsvg's functions once opened, and why it could not be (never freed). */
static np_rsvg_api np_rsvg_funcs;
static char *np_rsvg_failure;

/* Opens librsvg and fills np_rsvg_funcs; returns them, or NULL with
 * np_rsvg_failure set. Run once, by g_once. */
static gpointer np_rsvg_open(gpointer unused) {
#define NP_RSVG_NAME(f) #f,
  static const char *const names[] = {NP_RSVG_FUNCTIONS(NP_RSVG_NAME)};
#undef NP_RSVG_NAME
  void *sym[G_N_ELEMENTS(names)];
  size_t i = 0;

  if (!np_library_open(NP_RSVG_LIBRARY, names, G_N_ELEMENTS(names), sym,
                       &np_rsvg_failure))
    return NULL;
#define NP_RSVG_SET(f) np_rsvg_funcs.f = (__typeof__(f) *)sym[i++];
  NP_RSVG_FUNCTIONS(NP_RSVG_SET)
#undef NP_RSVG_SET
  return &np_rsvg_funcs;
}

/* Returns librsvg's functions, opening it the first time; NULL when it
 * cannot be opened, with *why (when why is not NULL) saying why. */
static const np_rsvg_api *np_rsvg(const char **why) {
  static GOnce once = G_ONCE_INIT;
  const np_rsvg_api *api = g_once(&once, np_rsvg_open, NULL);

  if (!api && why)
    *why = np_rsvg_failure;
  return api;
}

/* Returns nonzero when the len bytes at d start with the string s. */
static int np_starts(const unsigned char *d, size_t len, const char *s) {
  size_t n = strlen(s);
  return len >= n && memcmp(d, s, n) == 0;
}

/* Returns the big-endian 32-bit number at d. */
static size_t np_be32(const unsigned char *d) {
  return (size_t)d[0] << 24 | (size_t)d[1] << 16 | (size_t)d[2] << 8 | d[3];
}

/* Returns the little-endian 32-bit number at d. */
static size_t np_le32(const unsigned char *d) {
  return (size_t)d[3] << 24 | (size_t)d[2] << 16 | (size_t)d[1] << 8 | d[0];
}

/* Returns nonzero when c is XML white space. */
static int np_xml_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Returns the offset just past the first occurrence of the string end at
 * or after i in d, or len when there is none. */
static size_t np_skip_past(const unsigned char *d, size_t len, size_t i,
                           const char *end) {
  size_t n = strlen(end);
  for (; i + n <= len; i++)
    if (memcmp(d + i, end, n) == 0)
      return i + n;
  return len;
}

/* Returns the offset just past a <!DOCTYPE ...> starting at i, allowing an
 * internal subset in brackets with quoted strings and comments in it. */
static size_t np_skip_doctype(const unsigned char *d, size_t len, size_t i) {
  int depth = 0;
  unsigned char quote = 0;

  while (i < len) {
    unsigned char c = d[i];
    if (quote) {
      if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (depth > 0 && np_starts(d + i, len - i, "<!--")) {
      i = np_skip_past(d, len, i + 4, "-->");
      continue;
    } else if (c == '[') {
      depth++;
    } else if (c == ']' && depth > 0) {
      depth--;
    } else if (c == '>' && depth == 0) {
      return i + 1;
    }
    i++;
  }
  return len;
}

/* Returns nonzero when the bytes are an XML document whose root element is
 * svg (after a byte order mark, white space, the XML declaration,
 * processing instructions, comments and a doctype). */
static int np_is_svg(const unsigned char *d, size_t len) {
  size_t i = 0, name;

  if (np_starts(d, len, "\xEF\xBB\xBF"))
    i = 3;
  while (i < len) {
    if (np_xml_space(d[i])) {
      i++;
    } else if (np_starts(d + i, len - i, "<?")) {
      i = np_skip_past(d, len, i + 2, "?>");
    } else if (np_starts(d + i, len - i, "<!--")) {
      i = np_skip_past(d, len, i + 4, "-->");
    } else if (np_starts(d + i, len - i, "<!DOCTYPE")) {
      i = np_skip_doctype(d, len, i + 9);
    } else {
      break;
    }
  }
  if (i >= len || d[i] != '<')
    return 0;
  /* The root element's name, with an optional namespace prefix. */
  name = ++i;
  while (i < len && !np_xml_space(d[i]) && d[i] != '>' && d[i] != '/')
    i++;
  if (i - name >= 4 && memcmp(d + i - 4, ":svg", 4) == 0)
    return 1;
  return i - name == 3 && memcmp(d + name, "svg", 3) == 0;
}

/* Returns nonzero when a gdk-pixbuf loader named name is installed. */
static int np_have_loader(const char *name) {
  GSList *formats = gdk_pixbuf_get_formats(), *l;
  int found = 0;

  for (l = formats; l && !found; l = l->next) {
    char *format_name = gdk_pixbuf_format_get_name(l->data);
    found = strcmp(format_name, name) == 0;
    g_free(format_name);
  }
  g_slist_free(formats);
  return found;
}

/* Recognises the format of an ISO base media file (AVIF, HEIF) from the
 * brands of its ftyp box, or returns NULL. */
static const np_format *np_detect_ftyp(const unsigned char *d, size_t len) {
  static const char *const heif_brands[] = {"heic", "heix", "hevc", "hevx",
                                            "heim", "heis", "mif1", "msf1"};
  size_t box, i;
  int avif = 0, heif = 0;

  box = np_be32(d);
  if (box < 16 || box > len)
    box = len;
  /* The major brand at 8, then compatible brands from 16 on. */
  for (i = 8; i + 4 <= box; i += i == 8 ? 8 : 4) {
    size_t k;
    if (memcmp(d + i, "avif", 4) == 0 || memcmp(d + i, "avis", 4) == 0)
      avif = 1;
    for (k = 0; k < G_N_ELEMENTS(heif_brands); k++)
      if (memcmp(d + i, heif_brands[k], 4) == 0)
        heif = 1;
  }
  if (avif)
    return &np_format_avif;
  return heif ? &np_format_heif : NULL;
}

/* Returns the format of the image in the len bytes at d from its magic
 * numbers, whether or not it can be decoded here, or NULL. */
static const np_format *np_detect(const unsigned char *d, size_t len) {
  static const unsigned char png[8] = {0x89, 'P',  'N',  'G',
                                       '\r', '\n', 0x1A, '\n'};

  if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    return &np_format_jpeg;
  if (len >= 8 && memcmp(d, png, 8) == 0)
    return &np_format_png;
  if (np_starts(d, len, "GIF87a") || np_starts(d, len, "GIF89a"))
    return &np_format_gif;
  if (len >= 12 && np_starts(d, len, "RIFF") && memcmp(d + 8, "WEBP", 4) == 0)
    return &np_format_webp;
  if (np_starts(d, len, "II*\0") || np_starts(d, len, "MM\0*"))
    return &np_format_tiff;
  /* "BM" alone starts too many texts: also ask for a known DIB header
   * size. */
  if (len >= 26 && np_starts(d, len, "BM") && d[15] == 0 && d[16] == 0 &&
      d[17] == 0 &&
      (d[14] == 12 || d[14] == 40 || d[14] == 52 || d[14] == 56 ||
       d[14] == 64 || d[14] == 108 || d[14] == 124))
    return &np_format_bmp;
  if (len >= 16 && memcmp(d + 4, "ftyp", 4) == 0)
    return np_detect_ftyp(d, len);
  if (np_is_svg(d, len))
    return &np_format_svg;
  return NULL;
}

/* Returns the format of the image in the len bytes at d when it can be
 * decoded here, or NULL: then *unsupported names a recognised format that
 * cannot be read (AVIF or HEIF without a loader, JPEG XL), or stays NULL
 * when the bytes are no image. */
static const np_format *np_sniff(const unsigned char *d, size_t len,
                                 const char **unsupported) {
  const np_format *format = np_detect(d, len);

  *unsupported = NULL;
  if ((format == &np_format_avif || format == &np_format_heif) &&
      !np_have_loader(format->loader)) {
    *unsupported = format->name;
    return NULL;
  }
  if (!format &&
      ((len >= 2 && d[0] == 0xFF && d[1] == 0x0A) ||
       (len >= 12 && memcmp(d, "\0\0\0\x0CJXL \r\n\x87\n", 12) == 0)))
    *unsupported = "JPEG XL";
  return format;
}

const char *np_image_sniff(const unsigned char *bytes, size_t len) {
  const np_format *format = bytes ? np_detect(bytes, len) : NULL;

  return format ? format->mime : NULL;
}

/* What the frame header and marker structure of a JPEG tell. */
typedef struct {
  int marker;    /* the SOFn marker (0xC0...), 0 when none was found */
  int precision; /* bits per sample */
  int width;     /* pixels */
  int height;
  int components;  /* colour channels */
  int complete;    /* nonzero when the markers run up to EOI */
  int orientation; /* EXIF orientation, 1 (upright) to 8; 1 without one */
} np_jpeg_info;

/* Returns the 16-bit (wide 2) or 32-bit (wide 4) number at d in the byte
 * order of a TIFF header: big-endian when big is nonzero. */
static size_t np_tiff_uint(const unsigned char *d, int wide, int big) {
  size_t v = 0;
  int k;

  for (k = 0; k < wide; k++)
    v |= (size_t)d[big ? k : wide - 1 - k] << (8 * (wide - 1 - k));
  return v;
}

/* Returns the Orientation (tag 0x0112) of the first image directory of the
 * EXIF data in an APP1 segment's len bytes at d ("Exif\0\0", then a TIFF
 * header), or 1 when the segment holds no valid one (1 to 8). */
static int np_exif_orientation(const unsigned char *d, size_t len) {
  const unsigned char *tiff = d + 6;
  size_t tiff_len, ifd, count, k;
  int big;

  if (len < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0)
    return 1;
  tiff_len = len - 6;
  if (memcmp(tiff, "MM\0*", 4) == 0)
    big = 1;
  else if (memcmp(tiff, "II*\0", 4) == 0)
    big = 0;
  else
    return 1;
  ifd = np_tiff_uint(tiff + 4, 4, big);
  if (ifd < 8 || ifd > tiff_len - 2)
    return 1;
  count = np_tiff_uint(tiff + ifd, 2, big);
  for (k = 0; k < count && ifd + 2 + 12 * (k + 1) <= tiff_len; k++) {
    const unsigned char *entry = tiff + ifd + 2 + 12 * k;
    size_t value;

    /* a SHORT of count 1, held in the first bytes of the value field */
    if (np_tiff_uint(entry, 2, big) != 0x0112)
      continue;
    if (np_tiff_uint(entry + 2, 2, big) != 3 ||
        np_tiff_uint(entry + 4, 4, big) != 1)
      return 1;
    value = np_tiff_uint(entry + 8, 2, big);
    return value >= 1 && value <= 8 ? (int)value : 1;
  }
  return 1;
}

/* Returns nonzero when m is a start-of-frame marker (SOF0 to SOF15, which
 * leave out DHT, JPG and DAC). */
static int np_jpeg_is_sof(int m) {
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Walks the markers of the JPEG in the len bytes at d (which start with
 * SOI), skipping segments and entropy-coded data, to read the first frame
 * header and the EXIF orientation, and to find whether the file runs up to
 * its EOI marker. */
static void np_jpeg_scan(const unsigned char *d, size_t len,
                         np_jpeg_info *info) {
  size_t i = 2, seg;
  int m, exif_done = 0;

  memset(info, 0, sizeof *info);
  info->orientation = 1;
  while (i < len && d[i] == 0xFF) {
    while (i < len && d[i] == 0xFF)
      i++;
    if (i >= len)
      return;
    m = d[i++];
    if (m == 0xD9) {
      info->complete = 1;
      return;
    }
    /* TEM, RSTn and SOI stand alone. */
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
      continue;
    if (i + 2 > len)
      return;
    seg = (size_t)d[i] << 8 | d[i + 1];
    if (seg < 2 || i + seg > len)
      return;
    if (np_jpeg_is_sof(m) && !info->marker && seg >= 8) {
      info->marker = m;
      info->precision = d[i + 2];
      info->height = d[i + 3] << 8 | d[i + 4];
      info->width = d[i + 5] << 8 | d[i + 6];
      info->components = d[i + 7];
    }
    /* the first EXIF segment of the header (the markers before the first
     * scan, which libjpeg's users such as gdk-pixbuf read) */
    if (m == 0xE1 && !exif_done && seg >= 2 + 6 &&
        memcmp(d + i + 2, "Exif\0\0", 6) == 0) {
      info->orientation = np_exif_orientation(d + i + 2, seg - 2);
      exif_done = 1;
    }
    i += seg;
    if (m != 0xDA)
      continue;
    exif_done = 1;
    /* Entropy-coded data ends at the first marker other than a stuffed
     * zero or a restart marker. */
    for (;;) {
      const unsigned char *ff = memchr(d + i, 0xFF, len - i);
      if (!ff)
        return;
      i = (size_t)(ff - d);
      if (i + 1 >= len)
        return;
      if (d[i + 1] != 0 && d[i + 1] != 0xFF &&
          !(d[i + 1] >= 0xD0 && d[i + 1] <= 0xD7))
        break;
      i++;
    }
  }
}

/* Returns nonzero when the image runs up to its declared end (PNG: an IEND
 * chunk; WebP: the RIFF size): gdk-pixbuf decodes cut-off files of these
 * formats without a word. Other formats are left to the decoder. */
static int np_raster_complete(const np_format *format, const unsigned char *d,
                              size_t len) {
  size_t i;

  if (format == &np_format_webp)
    return np_le32(d + 4) <= len - 8;
  if (format != &np_format_png)
    return 1;
  for (i = 8; i + 12 <= len; i += 12 + np_be32(d + i)) {
    if (memcmp(d + i + 4, "IEND", 4) == 0)
      return 1;
    if (np_be32(d + i) > len - i - 12)
      return 0;
  }
  return 0;
}

/* Returns nonzero when width x height is more pixels than allowed. */
static int np_too_many_pixels(long width, long height) {
  return width > 0 && height > 0 &&
         (size_t)width > NP_IMAGE_MAX_PIXELS / (size_t)height;
}

/* A pixel buffer mapped by np_image_surface_new: what munmap needs. */
typedef struct {
  void *base;
  size_t len;
} np_pixel_map;

/* The key of a surface's np_pixel_map in cairo's user data. */
static const cairo_user_data_key_t np_pixel_map_key;

/* Unmaps a surface's pixel buffer: cairo calls it once the surface is
 * gone, after any copy it keeps of the pixels has been made. */
static void np_pixel_map_free(void *data) {
  np_pixel_map *map = data;

  munmap(map->base, map->len);
  free(map);
}

/* Maps len bytes (a multiple of NP_IMAGE_HUGE_PAGE) of zeroed memory
 * aligned to NP_IMAGE_HUGE_PAGE, advised for huge pages. Returns NULL when
 * the kernel gives none. */
static unsigned char *np_pixel_map_new(size_t len) {
  unsigned char *base, *aligned;
  size_t head;

  base = mmap(NULL, len + NP_IMAGE_HUGE_PAGE, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return NULL;
  head = (NP_IMAGE_HUGE_PAGE - (uintptr_t)base % NP_IMAGE_HUGE_PAGE) %
         NP_IMAGE_HUGE_PAGE;
  aligned = base + head;
  /* the slack before and after the aligned run goes back at once */
  if (head)
    munmap(base, head);
  munmap(aligned + len, NP_IMAGE_HUGE_PAGE - head);
  /* advice only: without huge pages (a kernel set to never) it is small
   * pages as before */
  madvise(aligned, len, MADV_HUGEPAGE);
  return aligned;
}

cairo_surface_t *np_image_surface_new(cairo_format_t format, int width,
                                      int height) {
  int stride = cairo_format_stride_for_width(format, width);
  cairo_surface_t *surface = NULL;
  np_pixel_map *map = NULL;
  unsigned char *pixels = NULL;
  size_t bytes, len = 0;

  if (stride <= 0 || height <= 0 ||
      (size_t)height > SIZE_MAX / 2 / (size_t)stride)
    goto small;
  bytes = (size_t)stride * (size_t)height;
  if (bytes < NP_IMAGE_HUGE_MIN)
    goto small;
  len = (bytes + NP_IMAGE_HUGE_PAGE - 1) / NP_IMAGE_HUGE_PAGE *
        NP_IMAGE_HUGE_PAGE;
  pixels = np_pixel_map_new(len);
  if (!pixels)
    goto small;
  surface = cairo_image_surface_create_for_data(pixels, format, width, height,
                                                stride);
  map = np_xmalloc(sizeof *map);
  map->base = pixels;
  map->len = len;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data(surface, &np_pixel_map_key, map,
                                  np_pixel_map_free) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    np_pixel_map_free(map);
    goto small;
  }
  goto done;
small:
  /* cairo's own buffer, or its error surface for a size it refuses */
  surface = cairo_image_surface_create(format, width, height);
done:
  return surface;
}

/* Converts a decoded picture into a cairo surface (RGB24 when opaque,
 * premultiplied ARGB32 otherwise). Returns NULL for a layout cairo cannot
 * take. */
static cairo_surface_t *np_surface_from_pixbuf(GdkPixbuf *pixbuf) {
  int width = gdk_pixbuf_get_width(pixbuf);
  int height = gdk_pixbuf_get_height(pixbuf);
  int channels = gdk_pixbuf_get_n_channels(pixbuf);
  int alpha = gdk_pixbuf_get_has_alpha(pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride(pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels(pixbuf);
  cairo_surface_t *surface;
  unsigned char *dst;
  int dst_stride, x, y;

  if (gdk_pixbuf_get_colorspace(pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample(pixbuf) != 8 ||
      channels != (alpha ? 4 : 3))
    return NULL;
  surface = np_image_surface_new(
      alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return NULL;
  }
  cairo_surface_flush(surface);
  dst = cairo_image_surface_get_data(surface);
  dst_stride = cairo_image_surface_get_stride(surface);
  for (y = 0; y < height; y++) {
    const guint8 *p = src + (size_t)y * (size_t)src_stride;
    uint32_t *q = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dst_stride);
    if (!alpha) {
      /* Four bytes read at once, R G B and the next pixel's R, make the
       * word 0xRRGGBBxx big-endian: a byte swap and a shift, a third of
       * the instructions of putting the bytes together one by one. The
       * last pixel is put together so, since its fourth byte may lie past
       * the pixbuf's end. */
      for (x = 0; x + 1 < width; x++, p += 3) {
        uint32_t word;
        memcpy(&word, p, sizeof word);
        q[x] = 0xFFu << 24 | GUINT32_FROM_BE(word) >> 8;
      }
      q[x] = 0xFFu << 24 | (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
      continue;
    }
    for (x = 0; x < width; x++, p += channels) {
      uint32_t r = p[0], g = p[1], b = p[2], a = p[3];
      if (a != 0xFF) {
        /* Premultiplies with rounding, r * a / 255 as cairo does it. */
        uint32_t t;
        t = r * a + 0x80;
        r = (t + (t >> 8)) >> 8;
        t = g * a + 0x80;
        g = (t + (t >> 8)) >> 8;
        t = b * a + 0x80;
        b = (t + (t >> 8)) >> 8;
      }
      q[x] = a << 24 | r << 16 | g << 8 | b;
    }
  }
  cairo_surface_mark_dirty(surface);
  return surface;
}

/* Returns a new RGB24 surface of width x height holding from resampled
 * by cairo's bilinear filter, or NULL when it cannot be drawn. */
static cairo_surface_t *np_surface_resample(cairo_surface_t *from, int width,
                                            int height) {
  cairo_surface_t *to = np_image_surface_new(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(to);

  cairo_scale(cr, (double)width / cairo_image_surface_get_width(from),
              (double)height / cairo_image_surface_get_height(from));
  cairo_set_source_surface(cr, from, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
  /* the edge pixels are repeated outward, not faded into black */
  cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint(cr);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(to);
    to = NULL;
  } else {
    cairo_surface_flush(to);
  }
  cairo_destroy(cr);
  return to;
}

/* Returns an opaque RGB24 surface made by np_surface_from_pixbuf shrunk to
 * width x height by gdk-pixbuf's filter, as a new RGB24 surface, or NULL
 * when that cannot be done here. On a little-endian machine cairo's pixel
 * 0xFFRRGGBB is the bytes B, G, R, 0xFF: gdk-pixbuf reads them in place as
 * a picture with an opaque alpha channel, and as its filter treats each
 * channel alike, the bytes it writes are cairo's pixels again. */
static cairo_surface_t *np_surface_shrink(cairo_surface_t *from, int width,
                                          int height) {
  GdkPixbuf *view, *scaled = NULL;
  cairo_surface_t *to = NULL;
  unsigned char *dst;
  int y, dst_stride;

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN ||
      cairo_image_surface_get_format(from) != CAIRO_FORMAT_RGB24)
    return NULL;
  cairo_surface_flush(from);
  view = gdk_pixbuf_new_from_data(
      cairo_image_surface_get_data(from), GDK_COLORSPACE_RGB, TRUE, 8,
      cairo_image_surface_get_width(from), cairo_image_surface_get_height(from),
      cairo_image_surface_get_stride(from), NULL, NULL);
  if (view)
    scaled = gdk_pixbuf_scale_simple(view, width, height, GDK_INTERP_BILINEAR);
  if (!scaled)
    goto done;
  to = np_image_surface_new(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(to) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(to);
    to = NULL;
    goto done;
  }
  dst = cairo_image_surface_get_data(to);
  dst_stride = cairo_image_surface_get_stride(to);
  for (y = 0; y < height; y++)
    memcpy(dst + (size_t)y * (size_t)dst_stride,
           gdk_pixbuf_read_pixels(scaled) +
               (size_t)y * (size_t)gdk_pixbuf_get_rowstride(scaled),
           (size_t)width * 4);
  cairo_surface_mark_dirty(to);
done:
  if (scaled)
    g_object_unref(scaled);
  if (view)
    g_object_unref(view);
  return to;
}

/* Returns n / 2^shift rounded up, as libjpeg sizes a scaled picture. */
static int np_ceil_shift(int n, int shift) {
  return (int)(((long)n + (1L << shift) - 1) >> shift);
}

/* Returns how many times a JPEG of width x height can be halved while
 * its decoder scales it (libjpeg's DCT scaling, at most
 * NP_JPEG_MAX_SHRINK times) and its longer side stays at least min_side
 * pixels: a picture decoded at half size costs a third of the time, and
 * leaves less for the resampling after it. */
static int np_jpeg_shrink(int width, int height, int min_side) {
  int shift = 0, side = MAX(width, height);

  while (shift < NP_JPEG_MAX_SHRINK &&
         np_ceil_shift(side, shift + 1) >= min_side)
    shift++;
  return shift;
}

/* libjpeg's error manager with the way back from a fatal error, first in
 * each of newsprint's libjpeg jobs (np_unjpeg_job, np_jpeg_job) so that the
 * handler finds it from cinfo->err. */
typedef struct {
  struct jpeg_error_mgr mgr; /* first: cinfo->err points at it */
  jmp_buf escape;
  char message[JMSG_LENGTH_MAX];
} np_jpeg_error;

/* libjpeg's fatal error: keeps the message and returns to the setjmp of
 * the job. */
static void np_jpeg_error_exit(j_common_ptr cinfo) {
  np_jpeg_error *e = (np_jpeg_error *)(void *)cinfo->err;

  e->mgr.format_message(cinfo, e->message);
  longjmp(e->escape, 1);
}

/* libjpeg's warnings and traces: none is worth a line of newsprint's. */
static void np_jpeg_no_message(j_common_ptr cinfo, int level) {
  (void)cinfo;
  (void)level;
}

/* Sets up e as libjpeg's error manager with newsprint's handlers and
 * returns it, for cinfo->err. */
static struct jpeg_error_mgr *np_jpeg_error_init(np_jpeg_error *e) {
  struct jpeg_error_mgr *mgr = jpeg_std_error(&e->mgr);

  mgr->error_exit = np_jpeg_error_exit;
  mgr->emit_message = np_jpeg_no_message;
  return mgr;
}

/* One JPEG decompression into a cairo surface by libjpeg, kept off the
 * stack frame that calls setjmp. */
typedef struct {
  np_jpeg_error error; /* first: the error handler's way back */
  struct jpeg_decompress_struct cinfo;
  cairo_surface_t *surface; /* the pixels, or NULL */
} np_unjpeg_job;

/* Decodes the len bytes at d into job->surface, halved as it decodes
 * while the longer side stays at least min_side (0: full size). Returns 0,
 * or -1 when libjpeg cannot give the picture as RGB (CMYK, 12 bits), it
 * has more than NP_IMAGE_MAX_PIXELS, or the data is not a JPEG it decodes;
 * job->surface, when not NULL, is the caller's to destroy either way. */
static int np_unjpeg_run(np_unjpeg_job *job, const unsigned char *d, size_t len,
                         int min_side) {
  struct jpeg_decompress_struct *c = &job->cinfo;
  unsigned char *pixels;
  size_t stride;
  /* volatile: read again after a longjmp */
  volatile int result = -1;

  c->err = np_jpeg_error_init(&job->error);
  if (setjmp(job->error.escape))
    goto done;
  jpeg_create_decompress(c);
  jpeg_mem_src(c, d, (unsigned long)len);
  if (jpeg_read_header(c, TRUE) != JPEG_HEADER_OK || c->data_precision != 8 ||
      (c->jpeg_color_space != JCS_YCbCr && c->jpeg_color_space != JCS_RGB &&
       c->jpeg_color_space != JCS_GRAYSCALE) ||
      np_too_many_pixels(c->image_width, c->image_height))
    goto done;
  /* the byte order of cairo's 0xXXRRGGBB words; libjpeg sets X to 0xFF */
  c->out_color_space =
      G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
  /* Halvings only: libjpeg's other scales (7/8, 3/4...) have no SIMD code
   * and take two to three times as long as the full size. */
  c->scale_num = 1;
  c->scale_denom =
      1u << (min_side > 0 ? np_jpeg_shrink((int)c->image_width,
                                           (int)c->image_height, min_side)
                          : 0);
  jpeg_start_decompress(c);
  job->surface = np_image_surface_new(CAIRO_FORMAT_RGB24, (int)c->output_width,
                                      (int)c->output_height);
  if (cairo_surface_status(job->surface) != CAIRO_STATUS_SUCCESS)
    goto done;
  cairo_surface_flush(job->surface);
  pixels = cairo_image_surface_get_data(job->surface);
  stride = (size_t)cairo_image_surface_get_stride(job->surface);
  while (c->output_scanline < c->output_height) {
    JSAMPROW row = pixels + (size_t)c->output_scanline * stride;
    jpeg_read_scanlines(c, &row, 1);
  }
  jpeg_finish_decompress(c);
  cairo_surface_mark_dirty(job->surface);
  result = 0;
done:
  jpeg_destroy_decompress(c);
  return result;
}

/* Decodes the complete JPEG in the len bytes at d straight into an RGB24
 * surface by libjpeg, without gdk-pixbuf's buffer and the copy out of it:
 * halved as it decodes while its longer side stays at least min_side (0:
 * full size; as np_decode_pixbuf), not turned by its EXIF orientation.
 * Returns the surface (the caller destroys it), or NULL when libjpeg cannot
 * give this picture as RGB or fails on it: the caller then decodes with
 * gdk-pixbuf, whose error says why. */
static cairo_surface_t *np_jpeg_decode(const unsigned char *d, size_t len,
                                       int min_side) {
  np_unjpeg_job *job = np_xcalloc(1, sizeof *job);
  cairo_surface_t *surface = NULL;

  if (np_unjpeg_run(job, d, len, min_side) == 0) {
    surface = job->surface;
    job->surface = NULL;
  }
  if (job->surface)
    cairo_surface_destroy(job->surface);
  free(job);
  return surface;
}

/* Sets *fit_w x *fit_h to width x height scaled to fill a box_w x box_h
 * box, the sides in proportion (at least 1). */
static void np_fit_box(int width, int height, int box_w, int box_h, int *fit_w,
                       int *fit_h) {
  if ((double)width * box_h >= (double)height * box_w) {
    *fit_w = box_w;
    *fit_h = MAX((int)((double)height * box_w / width + 0.5), 1);
  } else {
    *fit_h = box_h;
    *fit_w = MAX((int)((double)width * box_h / height + 0.5), 1);
  }
}

/* Sets *fit_w x *fit_h to width x height scaled so that the longer side is
 * max_side, the other in proportion (at least 1). */
static void np_fit_size(int width, int height, int max_side, int *fit_w,
                        int *fit_h) {
  np_fit_box(width, height, max_side, max_side, fit_w, fit_h);
}

/* What one raster decode is asked (set by its caller) and finds (set by
 * the size-prepared handler). */
typedef struct {
  int min_side;  /* JPEG: halved while the longer side stays this long (0:
                    decode at full size) */
  int box_width; /* loaders other than JPEG's and TIFF's: scaled as it
                    decodes to fill a box_width x box_height box when
                    larger (0: full size) */
  int box_height;
  int width; /* as the header declares, 0 before it was read */
  int height;
  int too_large; /* nonzero once the header declared too many pixels */
} np_decode_state;

/* Refuses, from the header and before any pixel buffer exists, a picture
 * of more than NP_IMAGE_MAX_PIXELS: a size of 0 tells the loader to stop. */
static void np_on_size_prepared(GdkPixbufLoader *loader, int width, int height,
                                gpointer data) {
  np_decode_state *state = data;

  state->width = width;
  state->height = height;
  if (np_too_many_pixels(width, height)) {
    state->too_large = 1;
    gdk_pixbuf_loader_set_size(loader, 0, 0);
  } else if (state->min_side > 0) {
    int shift = np_jpeg_shrink(width, height, state->min_side);
    if (shift > 0)
      gdk_pixbuf_loader_set_size(loader, np_ceil_shift(width, shift),
                                 np_ceil_shift(height, shift));
  } else if (state->box_width > 0 && state->box_height > 0 &&
             (width > state->box_width || height > state->box_height)) {
    int w, h;
    np_fit_box(width, height, state->box_width, state->box_height, &w, &h);
    gdk_pixbuf_loader_set_size(loader, w, h);
  }
}

/* Decodes the len bytes at d with the gdk-pixbuf loader named type (the
 * first frame of an animation) into *out, a new reference the caller
 * releases, refusing from its header a picture of more than
 * NP_IMAGE_MAX_PIXELS. As *state asks: a JPEG is decoded at a half, a
 * quarter or an eighth of its size when its longer side stays at least
 * min_side pixels (the loader scales it exactly so, and keeps its options:
 * the EXIF orientation); a picture of another format larger than the box
 * is scaled to fill it as it is decoded (libwebp's scaler for a WebP, else
 * gdk-pixbuf's bilinear filter on the decoded picture), except a TIFF,
 * whose orientation would turn the box. Then state holds the size the
 * header declares. Returns NP_OK or NP_ERR_IO with err filled. */
static np_status np_decode_pixbuf(const unsigned char *d, size_t len,
                                  const char *type, np_decode_state *state,
                                  GdkPixbuf **out, np_error *err) {
  GdkPixbufLoader *loader;
  GdkPixbuf *pixbuf;
  GError *gerr = NULL;
  np_status status = NP_OK;
  size_t done = 0;
  gboolean ok = TRUE;

  *out = NULL;
  loader = gdk_pixbuf_loader_new_with_type(type, &gerr);
  if (!loader) {
    status =
        np_error_set(err, NP_ERR_IO, "cannot decode image: %s", gerr->message);
    goto done;
  }
  /* Only the JPEG loader halves as it decodes; another would decode at
   * full size and then resample, so halving is not asked of it. */
  if (strcmp(type, np_format_jpeg.loader) != 0)
    state->min_side = 0;
  else
    state->box_width = state->box_height = 0;
  if (strcmp(type, "tiff") == 0)
    state->box_width = state->box_height = 0;
  state->width = state->height = state->too_large = 0;
  g_signal_connect(loader, "size-prepared", G_CALLBACK(np_on_size_prepared),
                   state);
  while (ok && done < len && !state->too_large) {
    size_t n = MIN(len - done, NP_IMAGE_CHUNK);
    ok = gdk_pixbuf_loader_write(loader, d + done, n, &gerr);
    done += n;
  }
  /* A loader is always closed, even after a failed write. */
  if (ok)
    ok = gdk_pixbuf_loader_close(loader, &gerr);
  else
    gdk_pixbuf_loader_close(loader, NULL);
  if (state->too_large) {
    status = np_error_set(err, NP_ERR_IO, "image too large (%dx%d pixels)",
                          state->width, state->height);
    goto done;
  }
  if (!ok) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: %s",
                          gerr ? gerr->message : "unknown error");
    goto done;
  }
  pixbuf = gdk_pixbuf_loader_get_pixbuf(loader);
  if (!pixbuf) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: no picture");
    goto done;
  }
  if (np_too_many_pixels(gdk_pixbuf_get_width(pixbuf),
                         gdk_pixbuf_get_height(pixbuf))) {
    status = np_error_set(err, NP_ERR_IO, "image too large (%dx%d pixels)",
                          gdk_pixbuf_get_width(pixbuf),
                          gdk_pixbuf_get_height(pixbuf));
    goto done;
  }
  *out = g_object_ref(pixbuf);
done:
  if (gerr)
    g_error_free(gerr);
  if (loader)
    g_object_unref(loader);
  return status;
}

/* Decodes the len bytes at d with the gdk-pixbuf loader named type (the
 * first frame of an animation) into *out, a surface the caller destroys,
 * turned upright by the EXIF orientation the loader found, and scaled to
 * fill state's box as np_decode_pixbuf does (state then holds the size
 * the header declares). Returns NP_OK or NP_ERR_IO with err filled. */
static np_status np_decode_raster(const unsigned char *d, size_t len,
                                  const char *type, np_decode_state *state,
                                  cairo_surface_t **out, np_error *err) {
  GdkPixbuf *pixbuf, *upright;
  np_status status;

  *out = NULL;
  status = np_decode_pixbuf(d, len, type, state, &pixbuf, err);
  if (status != NP_OK)
    return status;
  /* turned by its EXIF orientation (JPEG, TIFF), as a browser shows it */
  upright = gdk_pixbuf_apply_embedded_orientation(pixbuf);
  g_object_unref(pixbuf);
  if (!upright)
    return np_error_set(err, NP_ERR_IO, "cannot decode image: out of memory");
  *out = np_surface_from_pixbuf(upright);
  g_object_unref(upright);
  if (!*out)
    return np_error_set(err, NP_ERR_IO,
                        "cannot decode image: unsupported pixel layout");
  return NP_OK;
}

/* Attaches the embed bytes and unique id of a kept image to surface, so
 * that the PDF backend embeds the bytes as they are (once). */
static void np_attach_kept(const np_image *image, cairo_surface_t *surface) {
  gsize len;
  const unsigned char *bytes = g_bytes_get_data(image->embed, &len);
  char *id;

  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, bytes, len,
                              (cairo_destroy_func_t)g_bytes_unref,
                              g_bytes_ref(image->embed));
  /* cairo keeps the pointer: each surface gets its own copy, since the
   * surface may outlive the image. */
  id = g_strdup(image->unique_id);
  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID,
                              (const unsigned char *)id, strlen(id), g_free,
                              id);
}

/* Returns nonzero when the len bytes at d open as np_png_wrap's stand-in
 * does: the start marker, then a comment of NP_IMAGE_FLATE_TAG. */
static int np_flate_tagged(const unsigned char *d, size_t len) {
  size_t tag = strlen(NP_IMAGE_FLATE_TAG);

  return len >= 6 + tag && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF &&
         d[3] == 0xFE && memcmp(d + 6, NP_IMAGE_FLATE_TAG, tag) == 0;
}

/* Makes image (its file set) a kept one of width x height, embedded in a
 * PDF as embed (taken over) and decoded by loader for other targets.
 * Returns NP_OK, or NP_ERR_IO when cairo has no stand-in of that size. */
static np_status np_keep(np_image *image, GBytes *embed, const char *loader,
                         int width, int height, np_error *err) {
  np_status status = NP_OK;

  image->kind = NP_IMAGE_KEPT;
  image->embed = embed;
  image->loader = loader;
  image->unique_id = g_strdup_printf("newsprint-kept-%d",
                                     g_atomic_int_add(&np_image_serial, 1));
  image->width = width;
  image->height = height;
  /* Blank pixels, allocated zeroed and never touched, so that they cost no
   * memory; np_image_draw decodes for targets other than PDF. */
  image->surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(image->surface) != CAIRO_STATUS_SUCCESS)
    status = np_error_set(
        err, NP_ERR_IO, "cannot decode image: %s",
        cairo_status_to_string(cairo_surface_status(image->surface)));
  else
    np_attach_kept(image, image->surface);
  return status;
}

/* Makes image a raster of the len bytes at data decoded by gdk-pixbuf's
 * loader (see np_decode_raster), at the size that fills a box_width x
 * box_height box when it is larger (0 x 0: full size); its size is that
 * of the pixels, or the header's when they were scaled to the box. */
static np_status np_load_decoded(np_image *image, const unsigned char *data,
                                 size_t len, const char *loader, int box_width,
                                 int box_height, np_error *err) {
  np_decode_state state = {0};
  np_status status;

  state.box_width = box_width;
  state.box_height = box_height;
  status = np_decode_raster(data, len, loader, &state, &image->surface, err);
  image->kind = NP_IMAGE_RASTER;
  if (status == NP_OK) {
    image->width = cairo_image_surface_get_width(image->surface);
    image->height = cairo_image_surface_get_height(image->surface);
    /* only the pictures without an orientation are scaled to a box */
    if (state.box_width > 0 && state.width > 0 && state.height > 0 &&
        (image->width != state.width || image->height != state.height)) {
      image->width = state.width;
      image->height = state.height;
    }
  }
  return status;
}

/* The header of a PNG whose compressed pixels a PDF can hold as they
 * are, and where they lie. */
typedef struct {
  int width, height;
  int channels;    /* 1 (gray) or 3 (RGB), 8 bits each */
  size_t idat_len; /* all IDAT chunks' data */
} np_png_info;

/* Fills info and returns nonzero when the PNG at d (complete: see
 * np_raster_complete) can go into a PDF undecoded: 8-bit gray or RGB, not
 * interlaced, without a transparent colour (tRNS), its IDAT chunks in one
 * run. */
static int np_png_passable(const unsigned char *d, size_t len,
                           np_png_info *info) {
  size_t i, n;
  int run = 0, ended = 0;

  memset(info, 0, sizeof *info);
  if (len < 33 || np_be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
    return 0;
  info->width = (int)MIN(np_be32(d + 16), (size_t)INT_MAX);
  info->height = (int)MIN(np_be32(d + 20), (size_t)INT_MAX);
  /* bit depth 8, colour type 0 or 2, deflate, adaptive filters, no
   * interlacing */
  if (d[24] != 8 || (d[25] != 0 && d[25] != 2) || d[26] || d[27] || d[28] ||
      info->width <= 0 || info->height <= 0 ||
      np_too_many_pixels(info->width, info->height))
    return 0;
  info->channels = d[25] == 2 ? 3 : 1;
  for (i = 8; i + 12 <= len && !ended; i += 12 + n) {
    n = np_be32(d + i);
    if (n > len - i - 12 || memcmp(d + i + 4, "tRNS", 4) == 0)
      return 0;
    if (memcmp(d + i + 4, "IDAT", 4) == 0) {
      if (run > 1)
        return 0; /* a second run of IDAT chunks */
      run = 1;
      info->idat_len += n;
    } else if (run == 1) {
      run = 2;
    }
    ended = memcmp(d + i + 4, "IEND", 4) == 0;
  }
  return ended && info->idat_len > 0;
}

/* Returns nonzero when the zlib stream z of z_len bytes inflates to
 * exactly the rows of a PNG of info's size, each row's filter type valid
 * (0-4): what a PDF reader needs to show it. */
static int np_png_inflates(const unsigned char *z, size_t z_len,
                           const np_png_info *info) {
  unsigned char out[NP_IMAGE_CHUNK];
  size_t row = 1 + (size_t)info->width * (size_t)info->channels;
  size_t want = row * (size_t)info->height, got = 0;
  z_stream zs;
  int ret = Z_OK, ok = 1;

  memset(&zs, 0, sizeof zs);
  if (inflateInit(&zs) != Z_OK)
    return 0;
  zs.next_in = (unsigned char *)z;
  while (ok && ret != Z_STREAM_END) {
    size_t produced, at;
    uInt chunk = (uInt)MIN(z_len - (size_t)(zs.next_in - z), (size_t)UINT_MAX);

    zs.avail_in = chunk;
    zs.next_out = out;
    zs.avail_out = sizeof out;
    ret = inflate(&zs, Z_NO_FLUSH);
    produced = sizeof out - zs.avail_out;
    if ((ret != Z_OK && ret != Z_STREAM_END) || produced > want - got ||
        (produced == 0 && ret == Z_OK && zs.avail_in == 0)) {
      ok = 0;
      break;
    }
    /* the filter byte that opens each row */
    for (at = (row - got % row) % row; at < produced; at += row)
      if (out[at] > 4)
        ok = 0;
    got += produced;
  }
  inflateEnd(&zs);
  return ok && got == want;
}

/* Returns the stand-in JPEG of NP_IMAGE_FLATE_TAG for the PNG at d: its
 * markers, then the data of its IDAT chunks. */
static GBytes *np_png_wrap(const unsigned char *d, size_t len,
                           const np_png_info *info) {
  char parms[128];
  size_t com, sof = 8 + 3 * (size_t)info->channels, head, i, n, at;
  unsigned char *w;
  int c;

  g_snprintf(parms, sizeof parms,
             NP_IMAGE_FLATE_TAG "/DecodeParms << /Predictor 15 /Colors %d "
                                "/BitsPerComponent 8 /Columns %d >>",
             info->channels, info->width);
  com = 2 + strlen(parms);
  head = 2 + 2 + com + 2 + sof;
  w = np_xmalloc(head + info->idat_len);
  at = 0;
  w[at++] = 0xFF;
  w[at++] = 0xD8; /* start of image */
  w[at++] = 0xFF;
  w[at++] = 0xFE; /* comment */
  w[at++] = (unsigned char)(com >> 8);
  w[at++] = (unsigned char)com;
  memcpy(w + at, parms, com - 2);
  at += com - 2;
  w[at++] = 0xFF;
  w[at++] = 0xC0; /* baseline frame header: what cairo reads the size from */
  w[at++] = 0;
  w[at++] = (unsigned char)sof;
  w[at++] = 8;
  w[at++] = (unsigned char)(info->height >> 8);
  w[at++] = (unsigned char)info->height;
  w[at++] = (unsigned char)(info->width >> 8);
  w[at++] = (unsigned char)info->width;
  w[at++] = (unsigned char)info->channels;
  for (c = 1; c <= info->channels; c++) {
    w[at++] = (unsigned char)c;
    w[at++] = 0x11;
    w[at++] = 0;
  }
  /* np_png_passable checked the chunks up to IEND */
  for (i = 8; memcmp(d + i + 4, "IEND", 4) != 0; i += 12 + n) {
    n = np_be32(d + i);
    if (memcmp(d + i + 4, "IDAT", 4) == 0) {
      memcpy(w + at, d + i + 8, n);
      at += n;
    }
  }
  return g_bytes_new_take(w, at);
}

/* Loads a PNG: kept when a PDF can hold its compressed pixels as they are
 * (np_png_passable, np_png_inflates), else decoded. Takes over data. */
static np_status np_load_png(np_image *image, unsigned char *data, size_t len,
                             np_error *err) {
  np_png_info info;
  GBytes *embed = NULL;
  const unsigned char *wrapped;
  gsize n = 0;
  np_status status;

  /* sizes up to 65535: what a JPEG frame header holds */
  if (np_png_passable(data, len, &info) && info.width <= 0xFFFF &&
      info.height <= 0xFFFF) {
    embed = np_png_wrap(data, len, &info);
    wrapped = g_bytes_get_data(embed, &n);
    if (!np_png_inflates(wrapped + (n - info.idat_len), info.idat_len, &info)) {
      g_bytes_unref(embed);
      embed = NULL;
    }
  }
  if (!embed) {
    status = np_load_decoded(image, data, len, "png", 0, 0, err);
    goto done;
  }
  image->file = g_bytes_new_take(data, len);
  data = NULL;
  status = np_keep(image, embed, "png", info.width, info.height, err);
done:
  free(data);
  return status;
}

/* Loads a JPEG: kept as is when it is complete and a PDF can hold it
 * (8-bit baseline, extended or progressive Huffman coding with 1, 3 or 4
 * channels); otherwise decoded, and refused when truncated and not
 * decodable. Takes over data. */
static np_status np_load_jpeg(np_image *image, unsigned char *data, size_t len,
                              np_error *err) {
  np_jpeg_info info;
  np_status status = NP_OK;

  np_jpeg_scan(data, len, &info);
  if (!info.marker || info.width <= 0 || info.height <= 0) {
    status =
        np_error_set(err, NP_ERR_IO,
                     info.complete ? "cannot decode image: no JPEG frame header"
                                   : "truncated JPEG");
    goto done;
  }
  if (np_too_many_pixels(info.width, info.height)) {
    status = np_error_set(err, NP_ERR_IO, "image too large (%dx%d pixels)",
                          info.width, info.height);
    goto done;
  }
  if (!info.complete || info.precision != 8 || info.marker > 0xC2 ||
      (info.components != 1 && info.components != 3 && info.components != 4) ||
      np_flate_tagged(data, len)) {
    status = np_load_decoded(image, data, len, "jpeg", 0, 0, err);
    if (status != NP_OK && !info.complete)
      np_error_set(err, status, "truncated JPEG");
    goto done;
  }
  image->file = g_bytes_new_take(data, len);
  data = NULL;
  status = np_keep(image, g_bytes_ref(image->file), "jpeg", info.width,
                   info.height, err);
  /* the picture is drawn turned by its EXIF orientation: its size is the
   * upright one */
  image->orientation = info.orientation;
  if (info.orientation >= 5) {
    image->width = info.height;
    image->height = info.width;
  }
done:
  free(data);
  return status;
}

/* Sets the intrinsic size of an SVG: its width and height in absolute
 * units, else its viewBox (scaled to a width or height given in px), else
 * 300 x 150. */
static void np_svg_size(np_image *image) {
  const np_rsvg_api *rsvg = np_rsvg(NULL);
  gboolean has_w, has_h, has_vb;
  RsvgLength w, h;
  RsvgRectangle vb;
  double pw = 0, ph = 0;

  if (rsvg->rsvg_handle_get_intrinsic_size_in_pixels(image->svg, &pw, &ph) &&
      isfinite(pw) && isfinite(ph) && pw > 0 && ph > 0) {
    image->width = pw;
    image->height = ph;
    return;
  }
  rsvg->rsvg_handle_get_intrinsic_dimensions(image->svg, &has_w, &w, &has_h, &h,
                                             &has_vb, &vb);
  if (has_vb && isfinite(vb.width) && isfinite(vb.height) && vb.width > 0 &&
      vb.height > 0) {
    image->width = vb.width;
    image->height = vb.height;
    if (has_w && w.unit == RSVG_UNIT_PX && isfinite(w.length) && w.length > 0) {
      image->width = w.length;
      image->height = vb.height * w.length / vb.width;
    } else if (has_h && h.unit == RSVG_UNIT_PX && isfinite(h.length) &&
               h.length > 0) {
      image->height = h.length;
      image->width = vb.width * h.length / vb.height;
    }
    return;
  }
  image->width = NP_SVG_DEFAULT_WIDTH;
  image->height = NP_SVG_DEFAULT_HEIGHT;
}

/* Parses an SVG without a base URI, so that librsvg loads no file or
 * external entity it refers to (only data: URIs). */
static np_status np_load_svg(np_image *image, const unsigned char *data,
                             size_t len, np_error *err) {
  const np_rsvg_api *rsvg;
  const char *why = NULL;
  GInputStream *stream;
  GError *gerr = NULL;
  np_status status = NP_OK;

  image->kind = NP_IMAGE_SVG;
  rsvg = np_rsvg(&why);
  if (!rsvg) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode SVG: %s", why);
    goto done;
  }
  stream = g_memory_input_stream_new_from_data(data, (gssize)len, NULL);
  image->svg = rsvg->rsvg_handle_new_from_stream_sync(
      stream, NULL, RSVG_HANDLE_FLAGS_NONE, NULL, &gerr);
  g_object_unref(stream);
  if (!image->svg) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: %s",
                          gerr ? gerr->message : "invalid SVG");
    goto done;
  }
  rsvg->rsvg_handle_set_dpi(image->svg, NP_SVG_DPI);
  np_svg_size(image);
done:
  if (gerr)
    g_error_free(gerr);
  return status;
}

/* np_image_load and np_image_load_pixels: keep_png nonzero keeps a PNG a
 * PDF can hold (np_load_png), zero decodes it, scaled to fill a box_width x
 * box_height box when larger (0 x 0: full size; see np_load_decoded). */
static np_status np_image_load_as(const np_doc *doc, int index, int keep_png,
                                  int box_width, int box_height, np_image **out,
                                  np_error *err) {
  unsigned char *data = NULL;
  size_t len = 0;
  const np_format *format;
  const char *unsupported;
  np_image *image = NULL;
  np_status status;

  *out = NULL;
  status = np_resource_read(doc, index, NP_IMAGE_MAX_BYTES, &data, &len, err);
  if (status != NP_OK)
    goto done;
  format = np_sniff(data, len, &unsupported);
  if (!format) {
    if (unsupported)
      status = np_error_set(err, NP_ERR_IO, "unsupported image format (%s)",
                            unsupported);
    else
      status = np_error_set(err, NP_ERR_IO, "not an image");
    goto done;
  }
  image = np_xcalloc(1, sizeof *image);
  image->kind = format->kind;
  image->mime = format->mime;
  image->orientation = 1;
  switch (format->kind) {
  case NP_IMAGE_KEPT:
    status = np_load_jpeg(image, data, len, err);
    data = NULL; /* taken over */
    break;
  case NP_IMAGE_SVG:
    status = np_load_svg(image, data, len, err);
    break;
  case NP_IMAGE_RASTER:
    if (!np_raster_complete(format, data, len)) {
      status =
          np_error_set(err, NP_ERR_IO, "cannot decode image: truncated file");
      break;
    }
    if (format == &np_format_png && keep_png) {
      status = np_load_png(image, data, len, err);
      data = NULL; /* taken over */
      break;
    }
    status = np_load_decoded(image, data, len, format->loader, box_width,
                             box_height, err);
    break;
  }
  if (status != NP_OK)
    goto done;
  /* A parsed SVG is counted as twice its text: the tree librsvg builds. A
   * kept PNG holds its file and the stand-in made of it. */
  if (image->surface && image->kind == NP_IMAGE_RASTER)
    image->memory = (size_t)cairo_image_surface_get_stride(image->surface) *
                    (size_t)cairo_image_surface_get_height(image->surface);
  else if (image->kind == NP_IMAGE_KEPT && image->embed != image->file)
    image->memory =
        g_bytes_get_size(image->file) + g_bytes_get_size(image->embed);
  else
    image->memory = image->kind == NP_IMAGE_SVG ? 2 * len : len;
  *out = image;
  image = NULL;
done:
  np_image_free(image);
  free(data);
  return status;
}

np_status np_image_load(const np_doc *doc, int index, np_image **out,
                        np_error *err) {
  return np_image_load_as(doc, index, 1, 0, 0, out, err);
}

np_status np_image_load_pixels(const np_doc *doc, int index, int box_width,
                               int box_height, np_image **out, np_error *err) {
  return np_image_load_as(doc, index, 0, box_width, box_height, out, err);
}

void np_image_free(np_image *image) {
  if (!image)
    return;
  if (image->surface)
    cairo_surface_destroy(image->surface);
  if (image->file)
    g_bytes_unref(image->file);
  if (image->embed)
    g_bytes_unref(image->embed);
  g_free(image->unique_id);
  if (image->svg)
    g_object_unref(image->svg);
  free(image);
}

double np_image_width(const np_image *image) { return image->width; }

double np_image_height(const np_image *image) { return image->height; }

const char *np_image_mime(const np_image *image) { return image->mime; }

size_t np_image_memory(const np_image *image) { return image->memory; }

/* Returns nonzero when a picture of sw x sh pixels exceeds w x h (both
 * positive) by more than NP_IMAGE_BILINEAR_MAX on a side. */
static int np_much_larger(int sw, int sh, int w, int h) {
  return w > 0 && h > 0 &&
         (sw > NP_IMAGE_BILINEAR_MAX * w || sh > NP_IMAGE_BILINEAR_MAX * h);
}

/* Returns a new reference to the surface to paint image from on target,
 * where it covers width x height device pixels, or NULL when it cannot be
 * decoded. On a PDF surface, the image's own (a JPEG's bytes go in as they
 * are). On others, pixels near that size, since cairo's GOOD filter takes
 * three times as long as gdk-pixbuf's to shrink by more than
 * NP_IMAGE_BILINEAR_MAX: a JPEG decoded (by np_jpeg_decode when it can, else
 * by gdk-pixbuf) at the smallest of libjpeg's halvings that still covers the
 * size, give or take NP_IMAGE_DECODE_SLACK (carrying its bytes too, should
 * they reach a PDF later), then, like an opaque
 * decoded picture, shrunk to the size by gdk-pixbuf's filter when still that
 * much larger. */
static cairo_surface_t *np_image_source(const np_image *image,
                                        cairo_surface_t *target, double width,
                                        double height) {
  cairo_surface_t *decoded = NULL, *shrunk_surface;
  GdkPixbuf *pixbuf = NULL, *shrunk;
  gsize len;
  const unsigned char *bytes;
  int w = (int)lround(width), h = (int)lround(height), min_side;
  np_decode_state state = {0};

  if (cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_PDF)
    return cairo_surface_reference(image->surface);
  if (image->kind != NP_IMAGE_KEPT) {
    if (image->surface &&
        np_much_larger(cairo_image_surface_get_width(image->surface),
                       cairo_image_surface_get_height(image->surface), w, h))
      decoded = np_surface_shrink(image->surface, w, h);
    return decoded ? decoded : cairo_surface_reference(image->surface);
  }
  bytes = g_bytes_get_data(image->file, &len);
  min_side = (int)ceil(MAX(width, height) / NP_IMAGE_DECODE_SLACK);
  if (strcmp(image->loader, np_format_jpeg.loader) == 0 &&
      (decoded = np_jpeg_decode(bytes, len, min_side))) {
    if (np_much_larger(cairo_image_surface_get_width(decoded),
                       cairo_image_surface_get_height(decoded), w, h) &&
        (shrunk_surface = np_surface_shrink(decoded, w, h))) {
      cairo_surface_destroy(decoded);
      decoded = shrunk_surface;
    }
    np_attach_kept(image, decoded);
    goto done;
  }
  state.min_side = min_side;
  if (np_decode_pixbuf(bytes, len, image->loader, &state, &pixbuf, NULL) !=
      NP_OK)
    goto done;
  if (np_much_larger(gdk_pixbuf_get_width(pixbuf),
                     gdk_pixbuf_get_height(pixbuf), w, h)) {
    shrunk = gdk_pixbuf_scale_simple(pixbuf, w, h, GDK_INTERP_BILINEAR);
    if (!shrunk)
      goto done;
    g_object_unref(pixbuf);
    pixbuf = shrunk;
  }
  decoded = np_surface_from_pixbuf(pixbuf);
  if (decoded)
    np_attach_kept(image, decoded);
done:
  if (pixbuf)
    g_object_unref(pixbuf);
  return decoded;
}

/* The linear part (xx, yx, xy, yy, as cairo_matrix_t names them) of the
 * map from a picture's stored pixels to its upright ones, for each EXIF
 * orientation 1 to 8 (TIFF 6.0's "0th row" and "0th column" table). */
static const signed char np_orientation_map[8][4] = {
    {1, 0, 0, 1}, {-1, 0, 0, 1}, {-1, 0, 0, -1}, {1, 0, 0, -1},
    {0, 1, 1, 0}, {0, 1, -1, 0}, {0, -1, -1, 0}, {0, -1, 1, 0}};

/* Multiplies the matrix of cr by the map of orientation (1 to 8) from the
 * sw x sh stored pixels of a picture to its upright pixels (sh x sw for 5
 * to 8). */
static void np_orient(cairo_t *cr, int orientation, int sw, int sh) {
  const signed char *m = np_orientation_map[orientation - 1];
  cairo_matrix_t matrix;

  cairo_matrix_init(&matrix, m[0], m[1], m[2], m[3],
                    (m[0] < 0 ? sw : 0) + (m[2] < 0 ? sh : 0),
                    (m[1] < 0 ? sw : 0) + (m[3] < 0 ? sh : 0));
  cairo_transform(cr, &matrix);
}

void np_image_draw(const np_image *image, cairo_t *cr, double x, double y,
                   double width, double height) {
  cairo_surface_t *target, *source;
  cairo_pattern_t *pattern;
  double dw, dh;
  int sw, sh, turned;

  if (!image || !(width > 0) || !(height > 0))
    return;
  cairo_save(cr);
  if (image->kind == NP_IMAGE_SVG) {
    RsvgRectangle viewport = {x, y, width, height};
    /* an SVG image exists only once librsvg is open */
    np_rsvg(NULL)->rsvg_handle_render_document(image->svg, cr, &viewport, NULL);
    goto done;
  }
  target = cairo_get_group_target(cr);
  dw = width;
  dh = height;
  cairo_user_to_device_distance(cr, &dw, &dh);
  /* the stored pixels of a picture turned a quarter lie across the box */
  turned = image->orientation >= 5;
  source = np_image_source(image, target, fabs(turned ? dh : dw),
                           fabs(turned ? dw : dh));
  if (!source)
    goto done;
  sw = cairo_image_surface_get_width(source);
  sh = cairo_image_surface_get_height(source);
  cairo_rectangle(cr, x, y, width, height);
  cairo_clip(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, width / (turned ? sh : sw), height / (turned ? sw : sh));
  if (image->orientation != 1)
    np_orient(cr, image->orientation, sw, sh);
  cairo_set_source_surface(cr, source, 0, 0);
  pattern = cairo_get_source(cr);
  cairo_pattern_set_filter(pattern, CAIRO_FILTER_GOOD);
  /* Padding keeps the edges sharp when pixels are resampled; vector
   * targets would rasterise a padded image instead of embedding it. */
  if (cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE)
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD);
  cairo_paint(cr);
  cairo_surface_destroy(source);
done:
  cairo_restore(cr);
}

/* Returns nonzero when a picture of width x height has a side longer than
 * max_side (0: no limit). */
static int np_exceeds(long width, long height, int max_side) {
  return max_side > 0 && (width > max_side || height > max_side);
}

/* Returns nonzero when an image of an EPUB core media type can go into an
 * EPUB as it is, judging from its header alone: an SVG always (a vector
 * picture has no pixel size, and grayscale does not apply to it); a JPEG
 * that e-readers show (complete, 8-bit baseline or progressive, gray or
 * RGB: not CMYK), a complete PNG, and a GIF, when its longer side is within
 * max_side and, with grayscale, when it is gray already (a one-channel JPEG,
 * a gray PNG). A JPEG turned by its EXIF orientation is not kept: not every
 * reader applies it. */
static int np_keep_as_is(const np_format *format, const unsigned char *d,
                         size_t len, int max_side, int grayscale) {
  long width = 0, height = 0;

  if (format == &np_format_jpeg) {
    np_jpeg_info info;
    np_jpeg_scan(d, len, &info);
    if (!info.marker || !info.complete || info.precision != 8 ||
        info.marker > 0xC2 || (info.components != 1 && info.components != 3) ||
        (grayscale && info.components != 1) || info.orientation != 1)
      return 0;
    width = info.width;
    height = info.height;
  } else if (format == &np_format_png) {
    /* IHDR: width, height, bit depth, colour type (0 and 4 are gray). */
    if (len < 26 || memcmp(d + 12, "IHDR", 4) != 0 ||
        !np_raster_complete(format, d, len) ||
        (grayscale && d[25] != 0 && d[25] != 4))
      return 0;
    width = (long)np_be32(d + 16);
    height = (long)np_be32(d + 20);
  } else if (format == &np_format_gif) {
    /* The logical screen size, little-endian. */
    if (len < 10 || grayscale)
      return 0;
    width = d[6] | d[7] << 8;
    height = d[8] | d[9] << 8;
  }
  return width > 0 && height > 0 && !np_exceeds(width, height, max_side);
}

/* Returns a new 8-bit RGB picture holding the pixels of src, turned gray
 * (luma 0.299 R + 0.587 G + 0.114 B) when grayscale is nonzero, with an
 * alpha channel only when src has one that is not fully opaque. */
static GdkPixbuf *np_pixbuf_finish(GdkPixbuf *src, int grayscale) {
  int width = gdk_pixbuf_get_width(src);
  int height = gdk_pixbuf_get_height(src);
  int channels = gdk_pixbuf_get_n_channels(src);
  int src_stride = gdk_pixbuf_get_rowstride(src);
  const guint8 *pixels = gdk_pixbuf_read_pixels(src);
  int alpha = 0, x, y, out_channels, out_stride;
  GdkPixbuf *out;
  guint8 *dst;

  if (gdk_pixbuf_get_has_alpha(src))
    for (y = 0; y < height && !alpha; y++)
      for (x = 0; x < width && !alpha; x++)
        alpha = pixels[(size_t)y * (size_t)src_stride +
                       (size_t)x * (size_t)channels + 3] != 0xFF;
  out = gdk_pixbuf_new(GDK_COLORSPACE_RGB, alpha, 8, width, height);
  if (!out)
    return NULL;
  out_channels = gdk_pixbuf_get_n_channels(out);
  out_stride = gdk_pixbuf_get_rowstride(out);
  dst = gdk_pixbuf_get_pixels(out);
  for (y = 0; y < height; y++) {
    const guint8 *p = pixels + (size_t)y * (size_t)src_stride;
    guint8 *q = dst + (size_t)y * (size_t)out_stride;
    for (x = 0; x < width; x++, p += channels, q += out_channels) {
      if (grayscale) {
        guint8 luma =
            (guint8)((299u * p[0] + 587u * p[1] + 114u * p[2] + 500u) / 1000u);
        q[0] = q[1] = q[2] = luma;
      } else {
        q[0] = p[0];
        q[1] = p[1];
        q[2] = p[2];
      }
      if (alpha)
        q[3] = p[3];
    }
  }
  return out;
}

/* Turns the pixels of a cairo RGB24 or ARGB32 surface gray with the luma
 * weights of np_pixbuf_finish (premultiplied values stay premultiplied: the
 * weights are linear). */
static void np_surface_gray(cairo_surface_t *surface) {
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  int stride = cairo_image_surface_get_stride(surface);
  unsigned char *data = cairo_image_surface_get_data(surface);
  int x, y;

  for (y = 0; y < height; y++) {
    uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);

    for (x = 0; x < width; x++) {
      uint32_t px = row[x];
      uint32_t r = (px >> 16) & 0xFF, g = (px >> 8) & 0xFF, b = px & 0xFF;
      uint32_t luma = (299u * r + 587u * g + 114u * b + 500u) / 1000u;

      row[x] = (px & 0xFF000000u) | (luma << 16) | (luma << 8) | luma;
    }
  }
  cairo_surface_mark_dirty(surface);
}

cairo_status_t np_image_buf_write(void *closure, const unsigned char *data,
                                  unsigned int length) {
  np_buf_add(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Renders an SVG into PNG bytes at its intrinsic size fitted to max_side
 * (0: NP_SVG_RASTER_SIDE), gray when asked. A package never carries the SVG
 * itself, so that a reader never resolves the entities and files it names. */
static np_status np_svg_to_png(const unsigned char *bytes, size_t len,
                               int max_side, int grayscale, unsigned char **out,
                               size_t *out_len, np_error *err) {
  np_image image = {0};
  np_buf png = NP_BUF_INIT;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  double side = max_side > 0 ? max_side : NP_SVG_RASTER_SIDE, scale;
  int width, height;
  np_status status;

  status = np_load_svg(&image, bytes, len, err);
  if (status != NP_OK)
    goto done;
  scale = MIN(1.0, side / MAX(image.width, image.height));
  width = MAX(1, (int)lround(image.width * scale));
  height = MAX(1, (int)lround(image.height * scale));
  surface = np_image_surface_new(CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create(surface);
  np_image_draw(&image, cr, 0, 0, width, height);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (grayscale)
    np_surface_gray(surface);
  if (cairo_surface_write_to_png_stream(surface, np_image_buf_write, &png) !=
      CAIRO_STATUS_SUCCESS) {
    status = np_error_set(err, NP_ERR_IO, "cannot render SVG");
    goto done;
  }
  *out_len = png.len;
  *out = (unsigned char *)np_buf_steal(&png);
done:
  if (surface)
    cairo_surface_destroy(surface);
  if (image.svg)
    g_object_unref(image.svg);
  np_buf_free(&png);
  return status;
}

/* Returns src turned upright by its EXIF orientation and scaled so that
 * its longer side is at most max_side (a new reference), or NULL when the
 * memory for it cannot be had. */
static GdkPixbuf *np_pixbuf_fit(GdkPixbuf *src, int max_side) {
  GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation(src), *scaled;
  int width, height;

  if (!upright)
    return NULL;
  width = gdk_pixbuf_get_width(upright);
  height = gdk_pixbuf_get_height(upright);
  if (!np_exceeds(width, height, max_side))
    return upright;
  np_fit_size(width, height, max_side, &width, &height);
  scaled = gdk_pixbuf_scale_simple(upright, width, height, GDK_INTERP_BILINEAR);
  g_object_unref(upright);
  return scaled;
}

/* Returns nonzero when src has no alpha channel and fitting its longer
 * side (whichever way it is turned) to max_side shrinks it by less than
 * NP_IMAGE_BILINEAR_MAX. */
static int np_fits_bilinear(GdkPixbuf *src, int max_side) {
  int width = gdk_pixbuf_get_width(src), height = gdk_pixbuf_get_height(src);
  int long_side = MAX(width, height);

  return !gdk_pixbuf_get_has_alpha(src) &&
         np_exceeds(width, height, max_side) &&
         long_side < NP_IMAGE_BILINEAR_MAX * max_side;
}

/* Encodes src as a JPEG (*out on the heap, the caller frees) turned
 * upright, shrunk so that its longer side is max_side by cairo's bilinear
 * filter and gray when asked: the pixels go from the decoder to libjpeg
 * through two cairo surfaces, with none of gdk-pixbuf's copies. */
static np_status np_encode_fitted(GdkPixbuf *src, int max_side, int grayscale,
                                  unsigned char **out, size_t *out_len,
                                  np_error *err) {
  GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation(src);
  cairo_surface_t *from = NULL, *to = NULL;
  np_status status = NP_OK;
  int width, height;

  if (upright)
    from = np_surface_from_pixbuf(upright);
  if (!from) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: out of memory");
    goto done;
  }
  np_fit_size(gdk_pixbuf_get_width(upright), gdk_pixbuf_get_height(upright),
              max_side, &width, &height);
  to = np_surface_resample(from, width, height);
  cairo_surface_destroy(from);
  if (!to) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: out of memory");
    goto done;
  }
  if (grayscale)
    np_surface_gray(to);
  status = np_image_encode_jpeg(to, out, out_len, err);
done:
  if (to)
    cairo_surface_destroy(to);
  if (upright)
    g_object_unref(upright);
  return status;
}

/* np_image_transcode of a JPEG that needs no EXIF turn, when np_jpeg_decode
 * takes it: decoded at the smallest halving whose longer side still covers
 * max_side, shrunk to max_side (np_surface_shrink beyond
 * NP_IMAGE_BILINEAR_MAX, else cairo's bilinear filter), gray when asked, and
 * encoded by np_image_encode_jpeg: no gdk-pixbuf buffer and no copy out of
 * it. Returns nonzero with *status (and *out, *out_len) set, or 0 when the
 * caller is to transcode it with gdk-pixbuf. */
static int np_transcode_jpeg(const unsigned char *bytes, size_t len,
                             int max_side, int grayscale, unsigned char **out,
                             size_t *out_len, np_status *status,
                             np_error *err) {
  cairo_surface_t *decoded = NULL, *fitted = NULL;
  np_jpeg_info info;
  int width, height, taken = 0;

  np_jpeg_scan(bytes, len, &info);
  if (info.orientation != 1 || info.width <= 0 || info.height <= 0)
    goto done;
  decoded = np_jpeg_decode(
      bytes, len, np_exceeds(info.width, info.height, max_side) ? max_side : 0);
  if (!decoded)
    goto done;
  taken = 1;
  width = cairo_image_surface_get_width(decoded);
  height = cairo_image_surface_get_height(decoded);
  if (np_exceeds(info.width, info.height, max_side)) {
    /* the size of the whole picture fitted, as gdk-pixbuf's path makes it */
    np_fit_size(info.width, info.height, max_side, &width, &height);
    if (np_much_larger(cairo_image_surface_get_width(decoded),
                       cairo_image_surface_get_height(decoded), width, height))
      fitted = np_surface_shrink(decoded, width, height);
    if (!fitted)
      fitted = np_surface_resample(decoded, width, height);
  } else {
    fitted = cairo_surface_reference(decoded);
  }
  if (!fitted) {
    *status =
        np_error_set(err, NP_ERR_IO, "cannot decode image: out of memory");
    goto done;
  }
  if (grayscale)
    np_surface_gray(fitted);
  *status = np_image_encode_jpeg(fitted, out, out_len, err);
done:
  if (fitted)
    cairo_surface_destroy(fitted);
  if (decoded)
    cairo_surface_destroy(decoded);
  return taken;
}

/* Encodes pb with gdk-pixbuf's encoder type ("png", "jpeg") and its option
 * key=value into *out (heap, caller frees) and *out_len. Returns NP_OK, or
 * NP_ERR_IO with err saying why. */
static np_status np_pixbuf_save(GdkPixbuf *pb, const char *type,
                                const char *key, const char *value,
                                unsigned char **out, size_t *out_len,
                                np_error *err) {
  gchar *buf = NULL;
  gsize buf_len = 0;
  GError *gerr = NULL;
  np_status status = NP_OK;

  if (!pb || !gdk_pixbuf_save_to_buffer(pb, &buf, &buf_len, type, &gerr, key,
                                        value, NULL)) {
    status = np_error_set(err, NP_ERR_IO, "cannot encode image: %s",
                          gerr ? gerr->message : "out of memory");
    goto done;
  }
  *out = np_xmalloc(buf_len);
  memcpy(*out, buf, buf_len);
  *out_len = buf_len;
done:
  g_free(buf);
  if (gerr)
    g_error_free(gerr);
  return status;
}

np_status np_image_transcode(const unsigned char *bytes, size_t len,
                             int max_side, int grayscale, unsigned char **out,
                             size_t *out_len, const char **mime,
                             np_error *err) {
  const np_format *format;
  const char *unsupported;
  GdkPixbuf *decoded = NULL, *fitted = NULL, *final = NULL;
  np_decode_state state = {0};
  np_status status = NP_OK;

  *out = NULL;
  *out_len = 0;
  *mime = NULL;
  format = bytes ? np_sniff(bytes, len, &unsupported) : NULL;
  if (!format) {
    if (bytes && unsupported)
      status = np_error_set(err, NP_ERR_IO, "unsupported image format (%s)",
                            unsupported);
    else
      status = np_error_set(err, NP_ERR_IO, "not an image");
    goto done;
  }
  if (format == &np_format_svg) {
    status = np_svg_to_png(bytes, len, max_side, grayscale, out, out_len, err);
    if (status == NP_OK)
      *mime = "image/png";
    goto done;
  }
  if (np_keep_as_is(format, bytes, len, max_side, grayscale)) {
    *mime = format->mime;
    goto done;
  }
  if (!np_raster_complete(format, bytes, len)) {
    status =
        np_error_set(err, NP_ERR_IO, "cannot decode image: truncated file");
    goto done;
  }
  if (format == &np_format_jpeg &&
      np_transcode_jpeg(bytes, len, max_side, grayscale, out, out_len, &status,
                        err)) {
    *mime = status == NP_OK ? np_format_jpeg.mime : NULL;
    goto done;
  }
  /* a JPEG halved while it covers max_side; another picture scaled to it
   * as it is decoded, where its loader can (WebP) */
  state.min_side = max_side;
  if (max_side > 0)
    state.box_width = state.box_height = max_side;
  status = np_decode_pixbuf(bytes, len, format->loader, &state, &decoded, err);
  if (status != NP_OK && format == &np_format_jpeg) {
    /* as np_image_load says it: the decoder's reason means little here */
    np_jpeg_info info;

    np_jpeg_scan(bytes, len, &info);
    if (!info.complete)
      np_error_set(err, status, "truncated JPEG");
  }
  if (status != NP_OK)
    goto done;
  if (np_fits_bilinear(decoded, max_side) && format != &np_format_gif) {
    status = np_encode_fitted(decoded, max_side, grayscale, out, out_len, err);
    *mime = status == NP_OK ? np_format_jpeg.mime : NULL;
    goto done;
  }
  fitted = np_pixbuf_fit(decoded, max_side);
  final = fitted ? np_pixbuf_finish(fitted, grayscale) : NULL;
  if (!final) {
    status = np_error_set(err, NP_ERR_IO, "cannot decode image: out of memory");
    goto done;
  }
  /* A GIF is drawn art: PNG keeps its flat colours and sharp edges. */
  if (gdk_pixbuf_get_has_alpha(final) || format == &np_format_gif) {
    status = np_pixbuf_save(final, "png", "compression",
                            NP_IMAGE_PNG_COMPRESSION, out, out_len, err);
    *mime = np_format_png.mime;
  } else {
    status = np_pixbuf_save(final, "jpeg", "quality", NP_IMAGE_JPEG_QUALITY,
                            out, out_len, err);
    *mime = np_format_jpeg.mime;
  }
  if (status != NP_OK)
    *mime = NULL;
done:
  if (final)
    g_object_unref(final);
  if (fitted)
    g_object_unref(fitted);
  if (decoded)
    g_object_unref(decoded);
  return status;
}

/* One JPEG compression of an image surface's pixels by libjpeg, kept off
 * the stack frame that calls setjmp. */
typedef struct {
  np_jpeg_error error; /* first: the error handler's way back */
  struct jpeg_compress_struct cinfo;
  unsigned char *buf; /* malloc'd by libjpeg's memory destination */
  unsigned long buf_len;
} np_jpeg_job;

/* Compresses the width x height pixels at data (rows stride bytes apart, in
 * cairo's native-endian 32-bit words) into job->buf. Returns 0, or -1
 * with job->message saying why; job->buf is the caller's to free either
 * way. */
static int np_jpeg_run(np_jpeg_job *job, unsigned char *data, int width,
                       int height, int stride) {
  struct jpeg_compress_struct *c = &job->cinfo;

  c->err = np_jpeg_error_init(&job->error);
  if (setjmp(job->error.escape)) {
    jpeg_destroy_compress(c);
    return -1;
  }
  jpeg_create_compress(c);
  jpeg_mem_dest(c, &job->buf, &job->buf_len);
  c->image_width = (JDIMENSION)width;
  c->image_height = (JDIMENSION)height;
  c->input_components = 4;
  /* the byte order of cairo's 0xXXRRGGBB words; the X byte is skipped */
  c->in_color_space =
      G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
  jpeg_set_defaults(c);
  jpeg_set_quality(c, NP_IMAGE_JPEG_QUALITY_NUM, TRUE);
  /* The standard Huffman tables: tables fitted to the image (optimize_
   * coding) make a cover an eighth smaller but cost a fifth of a short
   * article's EPUB time. */
  c->optimize_coding = FALSE;
  jpeg_start_compress(c, TRUE);
  while (c->next_scanline < c->image_height) {
    JSAMPROW row = data + (size_t)c->next_scanline * (size_t)stride;
    jpeg_write_scanlines(c, &row, 1);
  }
  jpeg_finish_compress(c);
  jpeg_destroy_compress(c);
  return 0;
}

np_status np_image_encode_jpeg(cairo_surface_t *surface, unsigned char **out,
                               size_t *out_len, np_error *err) {
  np_jpeg_job *job = np_xcalloc(1, sizeof *job);
  cairo_format_t format = cairo_image_surface_get_format(surface);
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  unsigned char *data;
  np_status status = NP_OK;

  *out = NULL;
  *out_len = 0;
  cairo_surface_flush(surface);
  data = cairo_image_surface_get_data(surface);
  if (data == NULL || width <= 0 || height <= 0 ||
      (format != CAIRO_FORMAT_RGB24 && format != CAIRO_FORMAT_ARGB32)) {
    status = np_error_set(err, NP_ERR_IO, "cannot encode JPEG: no pixels");
    goto done;
  }
  if (np_jpeg_run(job, data, width, height,
                  cairo_image_surface_get_stride(surface)) < 0) {
    status = np_error_set(err, NP_ERR_IO, "cannot encode JPEG: %s",
                          job->error.message);
    goto done;
  }
  *out = np_xmalloc(job->buf_len ? job->buf_len : 1);
  memcpy(*out, job->buf, job->buf_len);
  *out_len = job->buf_len;

done:
  free(job->buf);
  free(job);
  return status;
}
