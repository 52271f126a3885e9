/* pdf.c: the PDF writer: draws the boxes of a layout with cairo and Pango,
 * adds links, outline and metadata, and makes the bytes reproducible. */
/* for memmem */
#define _GNU_SOURCE

#include "pdf.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

#ifndef NP_VERSION
#define NP_VERSION "unknown"
#endif

/* Deepest outline level kept apart; deeper entries hang under this one. */
#define NP_PDF_MAX_OUTLINE_LEVEL 16
/* Latest creation date accepted: 9999-12-31T23:59:59Z. */
#define NP_PDF_MAX_EPOCH 253402300799LL
/* Longest number written into a cairo attribute string. */
#define NP_PDF_NUMBER_MAX G_ASCII_DTOSTR_BUF_SIZE
/* Length of one entry of a PDF cross-reference table. */
#define NP_PDF_XREF_ENTRY 20
/* Title when neither the options nor a single article give one. */
#define NP_PDF_DIGEST_TITLE "News digest"
/* Width of the frame of a missing image, in points. */
#define NP_PDF_MISSING_LINE 0.5

/* cairo's write callback: appends the bytes to the np_buf closure. */
static cairo_status_t np_pdf_write(void *closure, const unsigned char *data,
                                   unsigned int length) {
  np_buf_add(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Appends v to buf with a dot as decimal separator whatever the locale. */
static void np_pdf_number(np_buf *buf, double v) {
  char number[NP_PDF_NUMBER_MAX];

  np_buf_puts(buf, g_ascii_formatd(number, sizeof number, "%.3f", v));
}

/* Sets the source of cr to the colour 0xRRGGBBAA. */
static void np_pdf_color(cairo_t *cr, uint32_t color) {
  cairo_set_source_rgba(cr, ((color >> 24) & 0xff) / 255.0,
                        ((color >> 16) & 0xff) / 255.0,
                        ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
}

/* Draws a framed light-grey blank with a diagonal cross: the place of an
 * image that could not be loaded. */
static void np_pdf_draw_missing(cairo_t *cr, const np_box *box) {
  double inset = NP_PDF_MISSING_LINE / 2;

  cairo_save(cr);
  cairo_rectangle(cr, box->x, box->y, box->width, box->height);
  cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
  cairo_fill(cr);
  if (box->width > NP_PDF_MISSING_LINE && box->height > NP_PDF_MISSING_LINE) {
    cairo_set_line_width(cr, NP_PDF_MISSING_LINE);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_rectangle(cr, box->x + inset, box->y + inset,
                    box->width - NP_PDF_MISSING_LINE,
                    box->height - NP_PDF_MISSING_LINE);
    cairo_move_to(cr, box->x + inset, box->y + inset);
    cairo_line_to(cr, box->x + box->width - inset,
                  box->y + box->height - inset);
    cairo_move_to(cr, box->x + box->width - inset, box->y + inset);
    cairo_line_to(cr, box->x + inset, box->y + box->height - inset);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* Draws one box. A LINE box is drawn with its line origin (the left end of
 * the line's logical rectangle on the baseline, where
 * pango_cairo_show_layout_line starts) at (box->x, box->baseline). */
static void np_pdf_draw_box(cairo_t *cr, const np_box *box) {
  PangoLayoutLine *line;

  switch (box->kind) {
  case NP_BOX_LINE:
    if (!box->layout || box->line < 0)
      break;
    line = pango_layout_get_line_readonly(box->layout, box->line);
    if (!line)
      break;
    cairo_save(cr);
    np_pdf_color(cr, box->color);
    cairo_move_to(cr, box->x, box->baseline);
    pango_cairo_show_layout_line(cr, line);
    cairo_restore(cr);
    break;
  case NP_BOX_RULE:
    cairo_save(cr);
    np_pdf_color(cr, box->color);
    cairo_rectangle(cr, box->x, box->y, box->width, box->height);
    cairo_fill(cr);
    cairo_restore(cr);
    break;
  case NP_BOX_IMAGE:
    if (!box->image) {
      np_pdf_draw_missing(cr, box);
      break;
    }
    cairo_save(cr);
    np_image_draw(box->image, cr, box->x, box->y, box->width, box->height);
    cairo_restore(cr);
    break;
  case NP_BOX_MISSING:
    np_pdf_draw_missing(cr, box);
    break;
  }
}

/* Appends uri to buf percent-encoded where a byte could break cairo's
 * attribute syntax or the PDF string cairo copies it into unescaped
 * (quotes, backslash, parentheses, spaces, controls, non-ASCII bytes). */
static void np_pdf_put_uri(np_buf *buf, const char *uri) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p;

  for (p = (const unsigned char *)uri; *p; p++) {
    if (*p <= ' ' || *p >= 0x7f || strchr("'\"\\()<>", *p)) {
      np_buf_putc(buf, '%');
      np_buf_putc(buf, hex[*p >> 4]);
      np_buf_putc(buf, hex[*p & 0xf]);
    } else {
      np_buf_putc(buf, (char)*p);
    }
  }
}

/* Appends the name of the destination of internal link target k. */
static void np_pdf_put_dest_name(np_buf *buf, size_t k) {
  np_buf_printf(buf, "np-dest-%zu", k);
}

/* An internal link target: a place on a page, named np-dest-K. */
typedef struct {
  int page;
  double y;
} np_pdf_target;

/* The internal link targets of a layout, each once, in order of first
 * use. */
typedef struct {
  np_pdf_target *items;
  size_t n;
  size_t cap;
} np_pdf_targets;

/* Returns the index of the target (page, y), adding it when new. */
static size_t np_pdf_target_index(np_pdf_targets *targets, int page, double y) {
  size_t k;

  for (k = 0; k < targets->n; k++)
    if (targets->items[k].page == page && targets->items[k].y == y)
      return k;
  np_grow((void **)&targets->items, &targets->cap, targets->n + 1,
          sizeof *targets->items);
  targets->items[targets->n].page = page;
  targets->items[targets->n].y = y;
  return targets->n++;
}

/* Collects the targets of the internal links that point into the layout. */
static void np_pdf_collect_targets(const np_layout *layout,
                                   np_pdf_targets *targets) {
  size_t p, i;

  for (p = 0; p < layout->n_pages; p++)
    for (i = 0; i < layout->pages[p].n_links; i++) {
      const np_link_area *link = &layout->pages[p].links[i];

      if (!link->uri && link->dest_page >= 0 &&
          (size_t)link->dest_page < layout->n_pages)
        np_pdf_target_index(targets, link->dest_page, link->dest_y);
    }
}

/* Places the named destinations of the targets on page p. */
static void np_pdf_draw_dests(cairo_t *cr, const np_pdf_targets *targets,
                              size_t p) {
  np_buf attrs = NP_BUF_INIT;
  size_t k;

  for (k = 0; k < targets->n; k++) {
    if ((size_t)targets->items[k].page != p)
      continue;
    np_buf_clear(&attrs);
    np_buf_puts(&attrs, "name='");
    np_pdf_put_dest_name(&attrs, k);
    np_buf_puts(&attrs, "' x=0 y=");
    np_pdf_number(&attrs, targets->items[k].y);
    cairo_tag_begin(cr, CAIRO_TAG_DEST, np_buf_cstr(&attrs));
    cairo_tag_end(cr, CAIRO_TAG_DEST);
  }
  np_buf_free(&attrs);
}

/* Makes the link areas of page clickable: a URI action for an external
 * link, a named destination for an internal one (cairo resolves those at
 * the end, so links may point forward). */
static void np_pdf_draw_links(cairo_t *cr, const np_page *page,
                              np_pdf_targets *targets, size_t n_pages) {
  np_buf attrs = NP_BUF_INIT;
  size_t i;

  for (i = 0; i < page->n_links; i++) {
    const np_link_area *link = &page->links[i];

    if (!link->uri &&
        (link->dest_page < 0 || (size_t)link->dest_page >= n_pages))
      continue;
    np_buf_clear(&attrs);
    np_buf_puts(&attrs, "rect=[");
    np_pdf_number(&attrs, link->x);
    np_buf_putc(&attrs, ' ');
    np_pdf_number(&attrs, link->y);
    np_buf_putc(&attrs, ' ');
    np_pdf_number(&attrs, link->width);
    np_buf_putc(&attrs, ' ');
    np_pdf_number(&attrs, link->height);
    if (link->uri) {
      np_buf_puts(&attrs, "] uri='");
      np_pdf_put_uri(&attrs, link->uri);
    } else {
      np_buf_puts(&attrs, "] dest='");
      np_pdf_put_dest_name(
          &attrs, np_pdf_target_index(targets, link->dest_page, link->dest_y));
    }
    np_buf_putc(&attrs, '\'');
    cairo_tag_begin(cr, CAIRO_TAG_LINK, np_buf_cstr(&attrs));
    cairo_tag_end(cr, CAIRO_TAG_LINK);
  }
  np_buf_free(&attrs);
}

/* Adds the outline: level-1 entries at the root, each deeper entry under
 * the last entry of a shallower level; entries pointing outside the
 * layout are left out. */
static void np_pdf_add_outline(cairo_surface_t *surface,
                               const np_layout *layout) {
  int ids[NP_PDF_MAX_OUTLINE_LEVEL + 1] = {0};
  np_buf attrs = NP_BUF_INIT;
  size_t i;

  for (i = 0; i < layout->n_outline; i++) {
    const np_outline_entry *entry = &layout->outline[i];
    int level = entry->level < 1 ? 1 : entry->level;
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    int up, id;
    char *title;

    if (entry->page < 0 || (size_t)entry->page >= layout->n_pages)
      continue;
    if (level > NP_PDF_MAX_OUTLINE_LEVEL)
      level = NP_PDF_MAX_OUTLINE_LEVEL;
    for (up = level - 1; up >= 1; up--)
      if (ids[up]) {
        parent = ids[up];
        break;
      }
    np_buf_clear(&attrs);
    np_buf_printf(&attrs, "page=%d pos=[0 ", entry->page + 1);
    np_pdf_number(&attrs, entry->y);
    np_buf_putc(&attrs, ']');
    title = g_utf8_make_valid(entry->title ? entry->title : "", -1);
    id = cairo_pdf_surface_add_outline(
        surface, parent, title, np_buf_cstr(&attrs),
        level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    g_free(title);
    ids[level] = id;
    for (up = level + 1; up <= NP_PDF_MAX_OUTLINE_LEVEL; up++)
      ids[up] = 0;
  }
  np_buf_free(&attrs);
}

/* Appends the strings of list (n of them) to buf, joined with ", ", each
 * once ignoring case; seen holds the case-folded strings already added. */
static void np_pdf_join_unique(np_buf *buf, GHashTable *seen,
                               const char *const *list, size_t n) {
  size_t i;

  for (i = 0; i < n; i++) {
    char *key;

    if (np_is_blank(list[i]))
      continue;
    key = g_utf8_casefold(list[i], -1);
    if (g_hash_table_contains(seen, key)) {
      g_free(key);
      continue;
    }
    g_hash_table_add(seen, key);
    if (buf->len)
      np_buf_puts(buf, ", ");
    np_buf_puts(buf, list[i]);
  }
}

/* Sets one metadata entry from UTF-8 that may be invalid; blank values are
 * left out. */
static void np_pdf_set_meta(cairo_surface_t *surface, cairo_pdf_metadata_t key,
                            const char *value) {
  char *valid;

  if (np_is_blank(value))
    return;
  valid = g_utf8_make_valid(value, -1);
  cairo_pdf_surface_set_metadata(surface, key, valid);
  g_free(valid);
}

/* Returns the epoch of SOURCE_DATE_EPOCH, or -1 when unset or not a whole
 * number of seconds in range. */
static long long np_pdf_env_epoch(void) {
  const char *env = g_getenv("SOURCE_DATE_EPOCH");
  const char *p;
  long long value = 0;

  if (!env || !*env)
    return -1;
  for (p = env; *p; p++) {
    if (!g_ascii_isdigit(*p))
      return -1;
    value = value * 10 + (*p - '0');
    if (value > NP_PDF_MAX_EPOCH)
      return -1;
  }
  return value;
}

/* Returns the date of an ISO 8601 string ("2020-05-01", with or without a
 * time and an offset; no offset means UTC), or NULL. */
static GDateTime *np_pdf_parse_date(const char *iso) {
  GTimeZone *utc;
  GDateTime *date;
  int y, m, d;
  char end;

  if (np_is_blank(iso))
    return NULL;
  if (sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    return g_date_time_new_utc(y, m, d, 0, 0, 0);
  utc = g_time_zone_new_utc();
  date = g_date_time_new_from_iso8601(iso, utc);
  g_time_zone_unref(utc);
  return date;
}

/* Returns the creation date as cairo wants it ("2020-05-01T10:00:00Z",
 * always UTC: cairo 1.16 cannot write negative offsets), from opts->epoch,
 * else SOURCE_DATE_EPOCH, else the first article's publication date, else
 * the epoch itself. The caller frees it with g_free. */
static char *np_pdf_creation_date(const np_pdf_options *opts,
                                  np_doc *const *docs, size_t n) {
  long long epoch = opts && opts->epoch >= 0 ? opts->epoch : -1;
  GDateTime *date = NULL, *utc;
  char *text;

  if (epoch > NP_PDF_MAX_EPOCH)
    epoch = -1;
  if (epoch < 0)
    epoch = np_pdf_env_epoch();
  if (epoch >= 0)
    date = g_date_time_new_from_unix_utc(epoch);
  if (!date && n > 0 && docs[0])
    date = np_pdf_parse_date(docs[0]->meta.published);
  if (!date)
    date = g_date_time_new_from_unix_utc(0);
  utc = g_date_time_to_utc(date);
  text = g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(utc);
  g_date_time_unref(date);
  return text;
}

/* Sets the document information: Title, Author, Subject, Keywords,
 * Creator, CreationDate and ModDate. */
static void np_pdf_metadata(cairo_surface_t *surface, np_doc *const *docs,
                            size_t n, const np_pdf_options *opts) {
  GHashTable *seen =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  np_buf text = NP_BUF_INIT;
  const char *title = NULL;
  char *date;
  size_t i;

  if (opts && !np_is_blank(opts->title))
    title = opts->title;
  else if (n == 1 && docs[0] && !np_is_blank(docs[0]->meta.title))
    title = docs[0]->meta.title;
  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_TITLE,
                  title ? title : NP_PDF_DIGEST_TITLE);

  for (i = 0; i < n; i++)
    if (docs[i])
      np_pdf_join_unique(&text, seen, docs[i]->meta.authors,
                         docs[i]->meta.n_authors);
  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_AUTHOR, np_buf_cstr(&text));

  if (n == 1 && docs[0])
    np_pdf_set_meta(surface, CAIRO_PDF_METADATA_SUBJECT, docs[0]->meta.summary);
  else if (n > 1) {
    np_buf_clear(&text);
    np_buf_printf(&text, "%zu articles", n);
    np_pdf_set_meta(surface, CAIRO_PDF_METADATA_SUBJECT, np_buf_cstr(&text));
  }

  np_buf_clear(&text);
  g_hash_table_remove_all(seen);
  for (i = 0; i < n; i++)
    if (docs[i])
      np_pdf_join_unique(&text, seen, docs[i]->meta.keywords,
                         docs[i]->meta.n_keywords);
  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_KEYWORDS, np_buf_cstr(&text));

  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_CREATOR, "newsprint " NP_VERSION);
  date = np_pdf_creation_date(opts, docs, n);
  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  np_pdf_set_meta(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  g_free(date);
  np_buf_free(&text);
  g_hash_table_destroy(seen);
}

/* Returns the position of the last occurrence of needle in [from, to) of
 * pdf, or (size_t)-1. */
static size_t np_pdf_rfind(const char *pdf, size_t from, size_t to,
                           const char *needle) {
  size_t n = strlen(needle), i;

  if (to < from + n)
    return (size_t)-1;
  for (i = to - n + 1; i-- > from;)
    if (memcmp(pdf + i, needle, n) == 0)
      return i;
  return (size_t)-1;
}

/* Reads the decimal number at pdf[*pos] (below end) into *value and moves
 * *pos past it. Returns nonzero when there was one. */
static int np_pdf_read_number(const char *pdf, size_t end, size_t *pos,
                              size_t *value) {
  size_t start = *pos;

  *value = 0;
  while (*pos < end && g_ascii_isdigit(pdf[*pos]) && *pos - start < 12)
    *value = *value * 10 + (size_t)(pdf[(*pos)++] - '0');
  return *pos > start;
}

/* Returns nonzero when object id starts at offset of pdf ("ID 0 obj"). */
static int np_pdf_object_at(const char *pdf, size_t len, size_t offset,
                            size_t id) {
  size_t pos = offset, value;

  if (offset >= len || !np_pdf_read_number(pdf, len, &pos, &value) ||
      value != id)
    return 0;
  return len - pos >= 6 && memcmp(pdf + pos, " 0 obj", 6) == 0;
}

/* Returns the offset of the "endobj" that ends the object starting at
 * start, before end (the cross-reference table), or (size_t)-1. */
static size_t np_pdf_object_end(const char *pdf, size_t start, size_t end) {
  const char *hit =
      start < end ? memmem(pdf + start, end - start, "endobj", 6) : NULL;

  return hit ? (size_t)(hit - pdf) : (size_t)-1;
}

/* Where cairo's cross-reference table and trailer are. */
typedef struct {
  size_t xref;    /* offset of "xref" */
  size_t entries; /* offset of the first entry */
  size_t count;   /* entries */
  size_t trailer; /* offset of "trailer" */
  size_t startxref;
  size_t info_start, info_end; /* the document information object */
} np_pdf_xref;

/* Finds the single cross-reference table that cairo writes. Returns
 * nonzero when the file has the expected shape. */
static int np_pdf_find_xref(const char *pdf, size_t len, np_pdf_xref *x) {
  size_t pos, first, offset, info;

  x->startxref = np_pdf_rfind(pdf, 0, len, "startxref");
  if (x->startxref == (size_t)-1)
    return 0;
  pos = x->startxref + 9;
  while (pos < len && g_ascii_isspace(pdf[pos]))
    pos++;
  if (!np_pdf_read_number(pdf, len, &pos, &x->xref) ||
      x->xref + 5 > x->startxref || memcmp(pdf + x->xref, "xref\n", 5) != 0)
    return 0;
  pos = x->xref + 5;
  if (!np_pdf_read_number(pdf, len, &pos, &first) || first != 0 || pos >= len ||
      pdf[pos++] != ' ' || !np_pdf_read_number(pdf, len, &pos, &x->count) ||
      pos >= len || pdf[pos++] != '\n')
    return 0;
  x->entries = pos;
  if (x->count == 0 ||
      x->count > (x->startxref - x->entries) / NP_PDF_XREF_ENTRY)
    return 0;
  x->trailer = x->entries + x->count * NP_PDF_XREF_ENTRY;
  if (memcmp(pdf + x->trailer, "trailer", 7) != 0)
    return 0;
  pos = np_pdf_rfind(pdf, x->trailer, x->startxref, "/Info ");
  if (pos == (size_t)-1)
    return 0;
  pos += 6;
  if (!np_pdf_read_number(pdf, x->startxref, &pos, &info) || info == 0 ||
      info >= x->count)
    return 0;
  pos = x->entries + info * NP_PDF_XREF_ENTRY;
  if (!np_pdf_read_number(pdf, len, &pos, &offset) ||
      !np_pdf_object_at(pdf, len, offset, info))
    return 0;
  x->info_start = offset;
  x->info_end = np_pdf_object_end(pdf, offset, x->xref);
  return x->info_end != (size_t)-1;
}

/* One change np_pdf_fix makes to cairo's bytes: del bytes at pos replaced
 * by text. */
typedef struct {
  size_t pos, del;
  char *text; /* heap */
} np_pdf_edit;

/* The changes to make, in any order; np_pdf_fix sorts them. */
typedef struct {
  np_pdf_edit *v;
  size_t n, cap;
} np_pdf_edits;

/* Adds the change of del bytes at pos into text (taken over). */
static void np_pdf_edit_add(np_pdf_edits *e, size_t pos, size_t del,
                            char *text) {
  np_grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v);
  e->v[e->n].pos = pos;
  e->v[e->n].del = del;
  e->v[e->n].text = text;
  e->n++;
}

/* Releases the changes and their texts. */
static void np_pdf_edits_free(np_pdf_edits *e) {
  size_t i;

  for (i = 0; i < e->n; i++)
    free(e->v[i].text);
  free(e->v);
}

/* Orders changes by position, for qsort. */
static int np_pdf_edit_cmp(const void *a, const void *b) {
  const np_pdf_edit *x = a, *y = b;

  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Returns how far the changes move the byte at offset of cairo's file. */
static long np_pdf_shift(const np_pdf_edits *e, size_t offset) {
  long shift = 0;
  size_t i;

  for (i = 0; i < e->n && e->v[i].pos < offset; i++)
    shift += (long)strlen(e->v[i].text) - (long)e->v[i].del;
  return shift;
}

/* Returns the offset of object id from the cross-reference table, or
 * (size_t)-1 when it has none. */
static size_t np_pdf_object_offset(const char *pdf, size_t len,
                                   const np_pdf_xref *x, size_t id) {
  size_t pos, offset;

  if (id == 0 || id >= x->count)
    return (size_t)-1;
  pos = x->entries + id * NP_PDF_XREF_ENTRY;
  if (!np_pdf_read_number(pdf, len, &pos, &offset) ||
      !np_pdf_object_at(pdf, len, offset, id))
    return (size_t)-1;
  return offset;
}

/* Reads the big-endian 16 bits at d. */
static size_t np_pdf_be16(const char *d) {
  return (size_t)(unsigned char)d[0] << 8 | (unsigned char)d[1];
}

/* Adds the changes that turn the stand-in JPEG whose stream starts at
 * data (see NP_IMAGE_FLATE_TAG) into the FlateDecode image it carries:
 * the filter and its parameters, the stand-in's markers cut from the
 * stream, the stream's length object. Returns 1 when done; 0 when the
 * bytes at data are not the first stream of an object the
 * cross-reference table lists (a picture's own bytes may hold a stand-in's
 * markers); -1 when they are, but not a stand-in as cairo writes it. */
static int np_pdf_unwrap_flate(const char *pdf, size_t len,
                               const np_pdf_xref *x, size_t data,
                               np_pdf_edits *edits) {
  static const char filter[] = "/Filter /DCTDecode";
  size_t tag = strlen(NP_IMAGE_FLATE_TAG), com, sof, head, obj, at, id, start;
  size_t length_obj, old_len, value;

  /* The image's object: one the cross-reference table lists, whose first
   * stream is this one. */
  obj = np_pdf_rfind(pdf, 0, data, " 0 obj");
  if (obj == (size_t)-1)
    return 0;
  at = obj;
  while (at > 0 && g_ascii_isdigit(pdf[at - 1]))
    at--;
  start = at;
  if (!np_pdf_read_number(pdf, obj, &at, &id) || at != obj ||
      np_pdf_object_offset(pdf, len, x, id) != start ||
      memmem(pdf + obj, data - obj, "stream\n", 7) != pdf + data - 7)
    return 0;
  /* the stand-in's markers */
  if (data + 6 + tag > x->xref)
    return -1;
  com = np_pdf_be16(pdf + data + 4);
  sof = data + 4 + com;
  if (com < 2 + tag || sof + 4 > x->xref || (unsigned char)pdf[sof] != 0xFF ||
      (unsigned char)pdf[sof + 1] != 0xC0)
    return -1;
  head = sof + 2 + np_pdf_be16(pdf + sof + 2) - data;
  /* its dictionary: the filter and the indirect length */
  at = np_pdf_rfind(pdf, obj, data, "/Length ");
  if (at == (size_t)-1)
    return -1;
  at += strlen("/Length ");
  if (!np_pdf_read_number(pdf, data, &at, &id) || data - at < 4 ||
      memcmp(pdf + at, " 0 R", 4) != 0)
    return -1;
  length_obj = np_pdf_object_offset(pdf, len, x, id);
  if (length_obj == (size_t)-1)
    return -1;
  /* the length object is "ID 0 obj", white space, then the number */
  at = length_obj;
  np_pdf_read_number(pdf, len, &at, &id);
  at += strlen(" 0 obj");
  while (at < x->xref && g_ascii_isspace(pdf[at]))
    at++;
  value = at;
  if (!np_pdf_read_number(pdf, x->xref, &at, &old_len) || old_len < head ||
      old_len > x->xref - data ||
      memcmp(pdf + data + old_len, "\nendstream", 10) != 0)
    return -1;
  obj = np_pdf_rfind(pdf, obj, data, filter);
  if (obj == (size_t)-1)
    return -1;
  np_pdf_edit_add(edits, obj, strlen(filter),
                  g_strdup_printf("/Filter /FlateDecode\n   %.*s",
                                  (int)(com - 2 - tag), pdf + data + 6 + tag));
  np_pdf_edit_add(edits, data, head, g_strdup(""));
  np_pdf_edit_add(edits, value, at - value,
                  g_strdup_printf("%zu", old_len - head));
  return 1;
}

/* The bytes that open the stream of a stand-in JPEG as cairo writes it:
 * the stream keyword, the start marker and a comment marker; the
 * comment's two length bytes and NP_IMAGE_FLATE_TAG follow. */
static const char np_pdf_stand_in[] = "stream\n\xff\xd8\xff\xfe";

/* Returns the offset of the first stand-in JPEG of NP_IMAGE_FLATE_TAG
 * (see np_pdf_stand_in) in the len bytes at pdf from offset from, or
 * (size_t)-1. */
static size_t np_pdf_next_stand_in(const char *pdf, size_t len, size_t from) {
  size_t n = strlen(np_pdf_stand_in), tag = strlen(NP_IMAGE_FLATE_TAG);
  const char *hit;

  while (from < len &&
         (hit = memmem(pdf + from, len - from, NP_IMAGE_FLATE_TAG, tag))) {
    size_t at = (size_t)(hit - pdf);

    if (at >= n + 2 && memcmp(pdf + at - 2 - n, np_pdf_stand_in, n) == 0)
      return at - 2 - n + strlen("stream\n");
    from = at + tag;
  }
  return (size_t)-1;
}

/* Adds the changes for every stand-in JPEG of NP_IMAGE_FLATE_TAG in the
 * objects of cairo's file. Returns how many it found that it cannot turn
 * into their images. */
static size_t np_pdf_find_flate(const char *pdf, size_t len,
                                const np_pdf_xref *x, np_pdf_edits *edits) {
  size_t at = 0, left = 0;

  while ((at = np_pdf_next_stand_in(pdf, x->xref, at)) != (size_t)-1) {
    if (np_pdf_unwrap_flate(pdf, len, x, at, edits) < 0)
      left++;
    at += strlen(NP_IMAGE_FLATE_TAG);
  }
  return left;
}

/* Adds to the document catalog (the trailer's /Root) the default language
 * lang as /Lang, when lang is one np_lang_tag_ok takes and the catalog
 * names none, and /ViewerPreferences with DisplayDocTitle, when the
 * document information has a Title and the catalog has no viewer
 * preferences. A catalog not found as cairo writes it is left as it is. */
static void np_pdf_edit_catalog(const char *pdf, size_t len,
                                const np_pdf_xref *x, const char *lang,
                                np_pdf_edits *edits) {
  size_t pos, id, start, end;
  np_buf add = NP_BUF_INIT;

  pos = np_pdf_rfind(pdf, x->trailer, x->startxref, "/Root ");
  if (pos == (size_t)-1)
    goto done;
  pos += strlen("/Root ");
  if (!np_pdf_read_number(pdf, x->startxref, &pos, &id))
    goto done;
  start = np_pdf_object_offset(pdf, len, x, id);
  if (start == (size_t)-1)
    goto done;
  end = np_pdf_object_end(pdf, start, x->xref);
  if (end == (size_t)-1 ||
      np_pdf_rfind(pdf, start, end, "/Type /Catalog") == (size_t)-1)
    goto done;
  end = np_pdf_rfind(pdf, start, end, ">>");
  if (end == (size_t)-1)
    goto done;
  if (np_lang_tag_ok(lang) &&
      np_pdf_rfind(pdf, start, end, "/Lang") == (size_t)-1)
    np_buf_printf(&add, "   /Lang (%s)\n", lang);
  if (np_pdf_rfind(pdf, x->info_start, x->info_end, "/Title") != (size_t)-1 &&
      np_pdf_rfind(pdf, start, end, "/ViewerPreferences") == (size_t)-1)
    np_buf_puts(&add, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
  if (add.len)
    np_pdf_edit_add(edits, end, 0, np_buf_steal(&add));
done:
  np_buf_free(&add);
}

/* Rewrites pdf into out as np_pdf_fix promises, setting *left to the
 * number of stand-ins it cannot turn into their images; returns nonzero
 * when done, zero (out untouched) when the file does not have the shape
 * cairo gives it. */
static int np_pdf_rewrite(const char *pdf, size_t len, const char *lang,
                          np_buf *out, size_t *left) {
  static const char *const dates[] = {"/CreationDate (", "/ModDate ("};
  np_pdf_edits edits = {NULL, 0, 0};
  size_t i, k, copied = 0, next_free = 0, pos, dict_end;
  np_pdf_xref x;
  GChecksum *md5;
  const char *digest;
  char *is_free = NULL;
  int done = 0;

  if (!np_pdf_find_xref(pdf, len, &x))
    goto end;
  dict_end = np_pdf_rfind(pdf, x.trailer, x.startxref, ">>");
  if (dict_end == (size_t)-1)
    goto end;
  for (k = 0; k < G_N_ELEMENTS(dates); k++) {
    pos = np_pdf_rfind(pdf, x.info_start, x.info_end, dates[k]);
    if (pos != (size_t)-1 && g_ascii_isdigit(pdf[pos + strlen(dates[k])]))
      np_pdf_edit_add(&edits, pos + strlen(dates[k]), 0, g_strdup("D:"));
  }
  *left = np_pdf_find_flate(pdf, len, &x, &edits);
  np_pdf_edit_catalog(pdf, len, &x, lang, &edits);
  if (edits.n)
    qsort(edits.v, edits.n, sizeof *edits.v, np_pdf_edit_cmp);

  for (k = 0; k < edits.n; k++) {
    np_buf_add(out, pdf + copied, edits.v[k].pos - copied);
    np_buf_puts(out, edits.v[k].text);
    copied = edits.v[k].pos + edits.v[k].del;
  }
  np_buf_add(out, pdf + copied, x.xref - copied);
  np_buf_printf(out, "xref\n0 %zu\n", x.count);

  is_free = np_xcalloc(x.count, 1);
  is_free[0] = 1;
  for (i = 1; i < x.count; i++)
    is_free[i] = np_pdf_object_offset(pdf, len, &x, i) == (size_t)-1 ||
                 pdf[x.entries + i * NP_PDF_XREF_ENTRY + 17] != 'n';
  for (i = 0; i < x.count; i++) {
    size_t offset;

    if (is_free[i]) {
      for (next_free = i + 1; next_free < x.count && !is_free[next_free];
           next_free++)
        ;
      np_buf_printf(out, "%010zu %05d f \n",
                    next_free < x.count ? next_free : 0, i == 0 ? 65535 : 1);
      continue;
    }
    offset = np_pdf_object_offset(pdf, len, &x, i);
    np_buf_printf(out, "%010zu 00000 n \n",
                  (size_t)((long)offset + np_pdf_shift(&edits, offset)));
  }

  np_buf_add(out, pdf + x.trailer, dict_end - x.trailer);
  if (np_pdf_rfind(pdf, x.trailer, dict_end, "/ID") == (size_t)-1) {
    md5 = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(md5, (const guchar *)out->data, out->len);
    digest = g_checksum_get_string(md5);
    np_buf_printf(out, "   /ID [<%s> <%s>]\n", digest, digest);
    g_checksum_free(md5);
  }
  np_buf_add(out, pdf + dict_end, x.startxref - dict_end);
  np_buf_printf(out, "startxref\n%zu\n%%%%EOF\n",
                (size_t)((long)x.xref + np_pdf_shift(&edits, x.xref)));
  done = 1;
end:
  free(is_free);
  np_pdf_edits_free(&edits);
  return done;
}

np_status np_pdf_fix(const char *pdf, size_t len, const char *lang, np_buf *out,
                     np_error *err) {
  np_status status = NP_OK;
  size_t left = 0;

  np_buf_clear(out);
  if (!np_pdf_rewrite(pdf, len, lang, out, &left)) {
    /* without its objects, any stand-in's markers count */
    left = np_pdf_next_stand_in(pdf, len, 0) != (size_t)-1;
    np_buf_add(out, pdf, len);
  }
  /* A stand-in left as it is would show as a broken picture. */
  if (left) {
    np_buf_clear(out);
    status = np_error_set(err, NP_ERR_IO,
                          "PDF: cannot embed a PNG picture as it is: cairo "
                          "wrote its stand-in in a shape newsprint does not "
                          "know");
  }
  return status;
}

np_status np_pdf_render(const np_layout *layout, np_doc *const *docs, size_t n,
                        const np_pdf_options *opts, char **data, size_t *len,
                        np_error *err) {
  np_buf raw = NP_BUF_INIT, fixed = NP_BUF_INIT;
  np_pdf_targets targets = {NULL, 0, 0};
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  cairo_status_t status;
  np_status result = NP_OK;
  const char *lang;
  size_t p, i;

  *data = NULL;
  *len = 0;
  if (!layout || layout->n_pages == 0) {
    result = np_error_set(err, NP_ERR_IO, "PDF: the layout has no pages");
    goto done;
  }
  surface = cairo_pdf_surface_create_for_stream(
      np_pdf_write, &raw, layout->page_width, layout->page_height);
  np_pdf_metadata(surface, docs, n, opts);
  cr = cairo_create(surface);
  np_pdf_collect_targets(layout, &targets);
  for (p = 0; p < layout->n_pages; p++) {
    const np_page *page = &layout->pages[p];

    np_pdf_draw_dests(cr, &targets, p);
    for (i = 0; i < page->n_boxes; i++)
      np_pdf_draw_box(cr, &page->boxes[i]);
    np_pdf_draw_links(cr, page, &targets, layout->n_pages);
    cairo_show_page(cr);
  }
  np_pdf_add_outline(surface, layout);
  status = cairo_status(cr);
  cairo_destroy(cr);
  cr = NULL;
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    result = np_error_set(err, NP_ERR_IO, "PDF: cannot write: %s",
                          cairo_status_to_string(status));
    goto done;
  }
  lang = opts && opts->lang && *opts->lang ? opts->lang
                                           : np_docs_main_lang(docs, n);
  result = np_pdf_fix(raw.data, raw.len, lang, &fixed, err);
  if (result != NP_OK)
    goto done;
  *len = fixed.len;
  *data = np_buf_steal(&fixed);

done:
  if (cr)
    cairo_destroy(cr);
  if (surface)
    cairo_surface_destroy(surface);
  free(targets.items);
  np_buf_free(&fixed);
  np_buf_free(&raw);
  return result;
}
