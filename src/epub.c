/* epub.c: the EPUB writer: XHTML chapters (html.c), package document,
 * navigation and NCX (libxml2's writer), images and cover, zipped in memory
 * with libzip in a reproducible way. */
#include "epub.h"

#include <glib.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "cover.h"
#include "html.h"
#include "image.h"
#include "resource.h"

/* Earliest time a zip entry can carry (DOS time): 1980-01-01T00:00:00Z. */
#define NP_EPUB_DOS_EPOCH 315532800LL
/* Namespace of the name-based (version 5) identifiers: the URL namespace of
 * RFC 4122. */
static const unsigned char np_epub_uuid_ns[16] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
/* Length of a "YYYY-MM-DD" date. */
#define NP_EPUB_DATE_LEN 10

/* The style sheet used when the options give none. */
static const char np_epub_default_css[] =
    "body { margin: 0 0.5em; line-height: 1.4; }\n"
    "h1, h2, h3, h4, h5, h6 { line-height: 1.2; text-align: left; }\n"
    "p { margin: 0 0 0.6em; }\n"
    ".masthead, .byline, .source, figcaption { font-size: 0.85em; }\n"
    ".standfirst { font-style: italic; }\n"
    "figure { margin: 1em 0; }\n"
    "img { max-width: 100%; height: auto; }\n"
    "blockquote { margin: 1em 0 1em 1.5em; }\n"
    "pre { white-space: pre-wrap; font-size: 0.85em; }\n"
    "table { border-collapse: collapse; }\n"
    "th, td { border: 1px solid #999999; padding: 0.2em 0.4em; }\n";

/* Style of the cover page: the image fills the screen. */
static const char np_epub_cover_css[] =
    "body { margin: 0; padding: 0; text-align: center; }\n"
    "img { max-width: 100%; max-height: 100%; }\n";

/* Right-to-left primary language subtags. */
static const char *const np_epub_rtl_langs[] = {"ar", "arc", "ckb", "dv", "fa",
                                                "he", "iw",  "ps",  "sd", "ug",
                                                "ur", "yi",  NULL};

/* One image stored in the book. */
typedef struct {
  char *hash; /* SHA-1 of the stored bytes' source, the identity */
  char *href; /* "../images/img-001.jpg", from a chapter */
  char *name; /* "images/img-001.jpg", inside EPUB/ */
  const char *mime;
  unsigned char *bytes;
  size_t len;
} np_epub_image;

/* One chapter: an article in reading order. */
typedef struct {
  np_doc *doc;
  char *name;   /* "text/chapter-001.xhtml", inside EPUB/ */
  char *prefix; /* id prefix of its headings */
  char *xhtml;
  size_t len;
} np_epub_chapter;

/* One section of the table of contents. */
typedef struct {
  const char *title; /* NULL: the chapters stand at the top level */
  size_t first, n;   /* range of chapters */
} np_epub_section;

/* State of one packaging. */
typedef struct {
  const np_epub_options *opts;
  np_epub_chapter *chapters;
  size_t n_chapters;
  np_epub_section *sections;
  size_t n_sections;
  np_epub_image *images;
  size_t n_images, cap_images;
  size_t image_bytes;  /* sum of the stored images' lengths */
  GHashTable *by_hash; /* hash -> image index + 1 */
  GHashTable *by_ref;  /* "doc:resource" -> image index + 1, or 0: left out */
  char *identifier;    /* "urn:uuid:..." */
  char *title;
  char *lang;
  int rtl;
  long long epoch;
  unsigned char *cover;
  size_t cover_len;
  const char *cover_mime;
} np_epub;

/* ---- small helpers ------------------------------------------------------ */

/* Returns the file extension of a core image media type. */
static const char *np_epub_image_ext(const char *mime) {
  if (strcmp(mime, "image/jpeg") == 0)
    return "jpg";
  if (strcmp(mime, "image/png") == 0)
    return "png";
  if (strcmp(mime, "image/gif") == 0)
    return "gif";
  return "svg";
}

/* Returns nonzero when mime is one of EPUB's core image media types. */
static int np_epub_core_image(const char *mime) {
  return mime &&
         (strcmp(mime, "image/jpeg") == 0 || strcmp(mime, "image/png") == 0 ||
          strcmp(mime, "image/gif") == 0 || strcmp(mime, "image/svg+xml") == 0);
}

/* Parses an ISO 8601 date or date-time (UTC when no offset is given) into
 * seconds since 1970; returns -1 when it is not one. */
static long long np_epub_parse_time(const char *iso) {
  GTimeZone *utc;
  GDateTime *dt;
  char *full;
  long long t = -1;

  if (!iso || strlen(iso) < NP_EPUB_DATE_LEN)
    return -1;
  full = strlen(iso) == NP_EPUB_DATE_LEN ? g_strconcat(iso, "T00:00:00", NULL)
                                         : g_strdup(iso);
  utc = g_time_zone_new_utc();
  dt = g_date_time_new_from_iso8601(full, utc);
  if (dt) {
    t = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
  }
  g_time_zone_unref(utc);
  g_free(full);
  return t;
}

/* Returns the "YYYY-MM-DD" part of an ISO date in a heap string, or NULL
 * when iso does not start with one. */
static char *np_epub_day(const char *iso) {
  int i;

  if (!iso || strlen(iso) < NP_EPUB_DATE_LEN)
    return NULL;
  for (i = 0; i < NP_EPUB_DATE_LEN; i++) {
    int dash = i == 4 || i == 7;
    if (dash ? iso[i] != '-' : !g_ascii_isdigit(iso[i]))
      return NULL;
  }
  return np_xstrndup(iso, NP_EPUB_DATE_LEN);
}

/* Returns the time of the book: opts->epoch, else SOURCE_DATE_EPOCH, else
 * the latest date of an article, else 0. */
static long long np_epub_epoch(const np_epub *e) {
  const char *env = getenv("SOURCE_DATE_EPOCH");
  long long best = -1;
  size_t i;

  if (e->opts->epoch >= 0)
    return e->opts->epoch;
  if (env && *env) {
    char *end;
    long long t = g_ascii_strtoll(env, &end, 10);
    if (*end == '\0' && t >= 0)
      return t;
  }
  for (i = 0; i < e->n_chapters; i++) {
    const np_meta *m = &e->chapters[i].doc->meta;
    long long a = np_epub_parse_time(m->published);
    long long b = np_epub_parse_time(m->modified);
    if (a > best)
      best = a;
    if (b > best)
      best = b;
  }
  return best >= 0 ? best : 0;
}

/* Returns nonzero when the primary subtag of lang is written right to
 * left. */
static int np_epub_lang_rtl(const char *lang) {
  size_t i, n = strcspn(lang, "-_");

  for (i = 0; np_epub_rtl_langs[i]; i++)
    if (strlen(np_epub_rtl_langs[i]) == n &&
        g_ascii_strncasecmp(lang, np_epub_rtl_langs[i], n) == 0)
      return 1;
  return 0;
}

/* Returns the language of the book (heap): opts->lang, else the most
 * common language of the articles (the first in reading order on a tie),
 * else "und". */
static char *np_epub_language(const np_epub *e) {
  np_doc **docs = np_xcalloc(e->n_chapters + 1, sizeof *docs);
  const char *best;
  char *lang;
  size_t i;

  if (e->opts->lang && *e->opts->lang) {
    lang = np_xml_clean(e->opts->lang);
    goto done;
  }
  for (i = 0; i < e->n_chapters; i++)
    docs[i] = e->chapters[i].doc;
  best = np_docs_main_lang(docs, e->n_chapters);
  lang = np_xml_clean(best ? best : "und");
done:
  free(docs);
  return lang;
}

/* Returns the name identifying a document for the identifier: its URL, else
 * the base name of its source file, else its title (heap). */
static char *np_epub_doc_name(const np_doc *doc) {
  if (doc->meta.url)
    return np_xstrdup(doc->meta.url);
  if (doc->meta.source_path) {
    char *base = g_path_get_basename(doc->meta.source_path);
    char *name = np_xstrdup(base);
    g_free(base);
    return name;
  }
  return np_xstrdup(doc->meta.title ? doc->meta.title : "");
}

/* Returns "urn:uuid:" and a version 5 UUID over the names of the articles
 * (sorted, one a line), so that the same articles give the same
 * identifier. The caller frees it. */
static char *np_epub_identifier(const np_epub *e) {
  char **names = np_xcalloc(e->n_chapters ? e->n_chapters : 1, sizeof *names);
  GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
  unsigned char d[20];
  gsize dlen = sizeof d;
  char *id;
  size_t i;

  for (i = 0; i < e->n_chapters; i++)
    names[i] = np_epub_doc_name(e->chapters[i].doc);
  qsort(names, e->n_chapters, sizeof *names, np_strcmp_ptr);
  g_checksum_update(sha, np_epub_uuid_ns, sizeof np_epub_uuid_ns);
  for (i = 0; i < e->n_chapters; i++) {
    if (i > 0)
      g_checksum_update(sha, (const guchar *)"\n", 1);
    g_checksum_update(sha, (const guchar *)names[i], (gssize)strlen(names[i]));
    free(names[i]);
  }
  free(names);
  g_checksum_get_digest(sha, d, &dlen);
  g_checksum_free(sha);
  d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
  d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
  id = g_strdup_printf("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                       "%02x%02x%02x%02x%02x%02x",
                       d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
                       d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
  return id;
}

/* ---- images ------------------------------------------------------------- */

/* Returns the stored image for resource index of doc, adding it on first
 * use: its bytes read, sniffed and transcoded when needed. Returns NULL,
 * with a warning on the document, when the image cannot go into the
 * book. */
static const np_epub_image *np_epub_image_for(np_epub *e, np_doc *doc,
                                              int index) {
  char *ref = g_strdup_printf("%p:%d", (void *)doc, index);
  gpointer found;
  unsigned char *bytes = NULL, *out = NULL;
  size_t len = 0, out_len = 0;
  const char *mime = NULL;
  np_epub_image *img;
  np_error err = {NP_OK, ""};
  char *hash = NULL;
  size_t k = 0;
  int max_side =
      e->opts->max_image_size > 0 ? e->opts->max_image_size : NP_EPUB_MAX_IMAGE;
  size_t budget = e->opts->max_image_bytes > 0 &&
                          e->opts->max_image_bytes < NP_EPUB_MAX_IMAGE_BYTES
                      ? e->opts->max_image_bytes
                      : NP_EPUB_MAX_IMAGE_BYTES;

  if (g_hash_table_lookup_extended(e->by_ref, ref, NULL, &found)) {
    k = GPOINTER_TO_SIZE(found);
    goto done;
  }
  if (np_resource_read(doc, index, NP_IMAGE_MAX_BYTES, &bytes, &len, &err) !=
      NP_OK) {
    /* the importer has already warned about remote, missing and refused
     * images */
    if (doc->resources[index].kind == NP_RES_LOCAL ||
        doc->resources[index].kind == NP_RES_DATA)
      np_doc_warn(doc, "EPUB: image %s left out: %s", doc->resources[index].url,
                  err.message);
    goto remember;
  }
  hash = g_compute_checksum_for_data(G_CHECKSUM_SHA1, bytes, len);
  k = GPOINTER_TO_SIZE(g_hash_table_lookup(e->by_hash, hash));
  if (k > 0)
    goto remember;
  if (np_image_transcode(bytes, len, max_side, e->opts->grayscale, &out,
                         &out_len, &mime, &err) != NP_OK) {
    np_doc_warn(doc, "EPUB: image %s left out: %s", doc->resources[index].url,
                err.message);
    goto remember;
  }
  if (out) {
    free(bytes);
    bytes = out;
    len = out_len;
  } else {
    mime = np_image_sniff(bytes, len);
  }
  if (!np_epub_core_image(mime)) {
    np_doc_warn(doc, "EPUB: image %s left out: not a JPEG, PNG, GIF or SVG",
                doc->resources[index].url);
    goto remember;
  }
  if (len > budget - e->image_bytes) {
    np_doc_warn(doc,
                "EPUB: image %s left out: the images of this book already "
                "take %zu of at most %zu MB",
                doc->resources[index].url, e->image_bytes / (1024 * 1024),
                budget / (1024 * 1024));
    goto remember;
  }
  e->image_bytes += len;
  np_grow((void **)&e->images, &e->cap_images, e->n_images + 1,
          sizeof *e->images);
  img = &e->images[e->n_images++];
  img->hash = hash;
  img->mime = mime;
  img->name = g_strdup_printf("images/img-%03zu.%s", e->n_images,
                              np_epub_image_ext(mime));
  img->href = g_strdup_printf("../%s", img->name);
  img->bytes = bytes;
  img->len = len;
  bytes = NULL;
  hash = NULL;
  k = e->n_images;
  g_hash_table_insert(e->by_hash, g_strdup(img->hash), GSIZE_TO_POINTER(k));
remember:
  g_hash_table_insert(e->by_ref, ref, GSIZE_TO_POINTER(k));
  ref = NULL;
done:
  g_free(ref);
  g_free(hash);
  free(bytes);
  return k > 0 ? &e->images[k - 1] : NULL;
}

/* The np_html_image_fn of the chapters: the href of the stored image. */
static const char *np_epub_image_src(void *ctx, const np_doc *doc, int index) {
  np_epub *e = ctx;
  const np_epub_image *img;

  /* the chapters hand their own documents, which the writer may warn on */
  img = np_epub_image_for(e, (np_doc *)doc, index);
  return img ? img->href : NULL;
}

/* ---- XML writing ------------------------------------------------------- */

/* An XML document being written into memory. */
typedef struct {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
} np_xml;

/* Starts an indented XML document. */
static void np_xml_begin(np_xml *x) {
  x->buf = xmlBufferCreate();
  if (!x->buf)
    g_error("epub: out of memory");
  /* doubling, not exact, growth: linear time for large documents */
  xmlBufferSetAllocationScheme(x->buf, XML_BUFFER_ALLOC_DOUBLEIT);
  x->w = xmlNewTextWriterMemory(x->buf, 0);
  if (!x->w)
    g_error("epub: out of memory");
  xmlTextWriterSetIndent(x->w, 1);
  xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
  xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL);
}

/* Ends the document and returns its bytes (heap, caller frees). */
static char *np_xml_end(np_xml *x, size_t *len) {
  char *s;

  xmlTextWriterEndDocument(x->w);
  xmlFreeTextWriter(x->w);
  *len = (size_t)xmlBufferLength(x->buf);
  s = np_xstrndup((const char *)xmlBufferContent(x->buf), *len);
  xmlBufferFree(x->buf);
  return s;
}

static void np_xml_start(np_xml *x, const char *name) {
  xmlTextWriterStartElement(x->w, BAD_CAST name);
}

static void np_xml_close(np_xml *x) { xmlTextWriterEndElement(x->w); }

/* Writes the attribute (value made safe for XML); NULL writes nothing. */
static void np_xml_attr(np_xml *x, const char *name, const char *value) {
  char *clean;

  if (!value)
    return;
  clean = np_xml_clean(value);
  xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST clean);
  free(clean);
}

/* Writes text content (made safe for XML). */
static void np_xml_text(np_xml *x, const char *text) {
  char *clean = np_xml_clean(text);

  xmlTextWriterWriteString(x->w, BAD_CAST clean);
  free(clean);
}

/* Writes <name>text</name>; NULL or blank text writes nothing. */
static void np_xml_element(np_xml *x, const char *name, const char *text) {
  if (np_is_blank(text))
    return;
  np_xml_start(x, name);
  np_xml_text(x, text);
  xmlTextWriterFullEndElement(x->w);
}

/* Opens <html> of an XHTML content document with its head. */
static void np_xml_xhtml_begin(np_xml *x, const np_epub *e, const char *title,
                               const char *css_href, const char *inline_css) {
  xmlTextWriterWriteDTD(x->w, BAD_CAST "html", NULL, NULL, NULL);
  np_xml_start(x, "html");
  np_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
  np_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
  np_xml_attr(x, "lang", e->lang);
  np_xml_attr(x, "xml:lang", e->lang);
  np_xml_attr(x, "dir", e->rtl ? "rtl" : NULL);
  np_xml_start(x, "head");
  np_xml_start(x, "meta");
  np_xml_attr(x, "charset", "utf-8");
  np_xml_close(x);
  np_xml_element(x, "title", title);
  if (css_href) {
    np_xml_start(x, "link");
    np_xml_attr(x, "rel", "stylesheet");
    np_xml_attr(x, "type", "text/css");
    np_xml_attr(x, "href", css_href);
    np_xml_close(x);
  }
  if (inline_css)
    np_xml_element(x, "style", inline_css);
  np_xml_close(x);
  np_xml_start(x, "body");
}

/* ---- table of contents -------------------------------------------------- */

/* Calls fn for each heading of doc that has text, with its number in the
 * id scheme of np_render_html_with (1, 2, ... over every heading). */
static void np_epub_headings(const np_doc *doc,
                             void (*fn)(void *ctx, int number,
                                        const char *text),
                             void *ctx) {
  np_iter it;
  np_node *n;
  int number = 0;

  np_iter_init(&it, doc->root);
  while (np_iter_next(&it, &n) != NP_EVENT_NONE) {
    if (n->kind == NP_NODE_HEADING && it.event == NP_EVENT_ENTER) {
      char *text = np_node_text(n);
      number++;
      np_collapse_space(text);
      if (!np_is_blank(text))
        fn(ctx, number, text);
      free(text);
    }
  }
}

/* The title of a chapter as the contents show it. */
static const char *np_epub_chapter_title(const np_epub_chapter *c) {
  const np_meta *m = &c->doc->meta;

  if (!np_is_blank(m->title))
    return m->title;
  return !np_is_blank(m->site_name) ? m->site_name : "Article";
}

/* State of the nav headings list. */
typedef struct {
  np_xml *x;
  const np_epub_chapter *c;
  int open; /* the nested <ol> is open */
} np_nav_ctx;

static void np_nav_heading(void *ctx, int number, const char *text) {
  np_nav_ctx *n = ctx;
  char *href = g_strdup_printf("%s#%sh%d", n->c->name, n->c->prefix, number);

  if (!n->open) {
    np_xml_start(n->x, "ol");
    n->open = 1;
  }
  np_xml_start(n->x, "li");
  np_xml_start(n->x, "a");
  np_xml_attr(n->x, "href", href);
  np_xml_text(n->x, text);
  np_xml_close(n->x);
  np_xml_close(n->x);
  g_free(href);
}

/* Writes the <li> of a chapter in nav.xhtml with its headings. */
static void np_nav_chapter(np_xml *x, const np_epub_chapter *c) {
  np_nav_ctx ctx = {x, c, 0};

  np_xml_start(x, "li");
  np_xml_start(x, "a");
  np_xml_attr(x, "href", c->name);
  np_xml_text(x, np_epub_chapter_title(c));
  np_xml_close(x);
  np_epub_headings(c->doc, np_nav_heading, &ctx);
  if (ctx.open)
    np_xml_close(x);
  np_xml_close(x);
}

/* Returns nav.xhtml: the table of contents and the landmarks. */
static char *np_epub_nav(const np_epub *e, size_t *len) {
  np_xml x;
  size_t s, i;

  np_xml_begin(&x);
  np_xml_xhtml_begin(&x, e, e->title, "style.css", NULL);
  np_xml_start(&x, "nav");
  np_xml_attr(&x, "epub:type", "toc");
  np_xml_attr(&x, "id", "toc");
  np_xml_element(&x, "h1", "Contents");
  np_xml_start(&x, "ol");
  for (s = 0; s < e->n_sections; s++) {
    const np_epub_section *sec = &e->sections[s];
    if (sec->title) {
      np_xml_start(&x, "li");
      np_xml_element(&x, "span", sec->title);
      np_xml_start(&x, "ol");
    }
    for (i = sec->first; i < sec->first + sec->n; i++)
      np_nav_chapter(&x, &e->chapters[i]);
    if (sec->title) {
      np_xml_close(&x);
      np_xml_close(&x);
    }
  }
  np_xml_close(&x);
  np_xml_close(&x);
  np_xml_start(&x, "nav");
  np_xml_attr(&x, "epub:type", "landmarks");
  np_xml_attr(&x, "hidden", "hidden");
  np_xml_element(&x, "h2", "Landmarks");
  np_xml_start(&x, "ol");
  np_xml_start(&x, "li");
  np_xml_start(&x, "a");
  np_xml_attr(&x, "epub:type", "cover");
  np_xml_attr(&x, "href", "cover.xhtml");
  np_xml_text(&x, "Cover");
  np_xml_close(&x);
  np_xml_close(&x);
  np_xml_start(&x, "li");
  np_xml_start(&x, "a");
  np_xml_attr(&x, "epub:type", "toc");
  np_xml_attr(&x, "href", "nav.xhtml#toc");
  np_xml_text(&x, "Contents");
  np_xml_close(&x);
  np_xml_close(&x);
  np_xml_start(&x, "li");
  np_xml_start(&x, "a");
  np_xml_attr(&x, "epub:type", "bodymatter");
  np_xml_attr(&x, "href", e->chapters[0].name);
  np_xml_text(&x, np_epub_chapter_title(&e->chapters[0]));
  np_xml_close(&x);
  np_xml_close(&x);
  return np_xml_end(&x, len);
}

/* State of the NCX writer. */
typedef struct {
  np_xml *x;
  const np_epub_chapter *c;
  GHashTable *orders; /* target -> playOrder */
  int next_order;
  int next_id;
} np_ncx_ctx;

/* Opens a navPoint for target; targets met before keep their playOrder. */
static void np_ncx_point(np_ncx_ctx *n, const char *label, const char *target) {
  char text[32];
  int order = GPOINTER_TO_INT(g_hash_table_lookup(n->orders, target));

  if (order == 0) {
    order = ++n->next_order;
    g_hash_table_insert(n->orders, g_strdup(target), GINT_TO_POINTER(order));
  }
  np_xml_start(n->x, "navPoint");
  g_snprintf(text, sizeof text, "navpoint-%d", ++n->next_id);
  np_xml_attr(n->x, "id", text);
  g_snprintf(text, sizeof text, "%d", order);
  np_xml_attr(n->x, "playOrder", text);
  np_xml_start(n->x, "navLabel");
  np_xml_element(n->x, "text", label);
  np_xml_close(n->x);
  np_xml_start(n->x, "content");
  np_xml_attr(n->x, "src", target);
  np_xml_close(n->x);
}

static void np_ncx_heading(void *ctx, int number, const char *text) {
  np_ncx_ctx *n = ctx;
  char *target = g_strdup_printf("%s#%sh%d", n->c->name, n->c->prefix, number);

  np_ncx_point(n, text, target);
  np_xml_close(n->x);
  g_free(target);
}

/* Returns toc.ncx: the EPUB 2 table of contents, as nav.xhtml's. */
static char *np_epub_ncx(const np_epub *e, size_t *len) {
  np_ncx_ctx n;
  np_xml x;
  size_t s, i;
  int depth = 1;

  for (s = 0; s < e->n_sections; s++)
    depth = e->sections[s].title ? 3 : depth > 2 ? depth : 2;
  np_xml_begin(&x);
  n.x = &x;
  n.c = NULL;
  n.orders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  n.next_order = 0;
  n.next_id = 0;
  np_xml_start(&x, "ncx");
  np_xml_attr(&x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
  np_xml_attr(&x, "version", "2005-1");
  np_xml_attr(&x, "xml:lang", e->lang);
  np_xml_start(&x, "head");
  {
    char text[16];
    static const char *const names[] = {
        "dtb:uid", "dtb:depth", "dtb:totalPageCount", "dtb:maxPageNumber"};
    for (i = 0; i < 4; i++) {
      g_snprintf(text, sizeof text, "%d", i == 1 ? depth : 0);
      np_xml_start(&x, "meta");
      np_xml_attr(&x, "name", names[i]);
      np_xml_attr(&x, "content", i == 0 ? e->identifier : text);
      np_xml_close(&x);
    }
  }
  np_xml_close(&x);
  np_xml_start(&x, "docTitle");
  np_xml_element(&x, "text", e->title);
  np_xml_close(&x);
  np_xml_start(&x, "navMap");
  for (s = 0; s < e->n_sections; s++) {
    const np_epub_section *sec = &e->sections[s];
    if (sec->title)
      np_ncx_point(&n, sec->title, e->chapters[sec->first].name);
    for (i = sec->first; i < sec->first + sec->n; i++) {
      n.c = &e->chapters[i];
      np_ncx_point(&n, np_epub_chapter_title(n.c), n.c->name);
      np_epub_headings(n.c->doc, np_ncx_heading, &n);
      np_xml_close(&x);
    }
    if (sec->title)
      np_xml_close(&x);
  }
  g_hash_table_unref(n.orders);
  return np_xml_end(&x, len);
}

/* ---- package document ------------------------------------------------- */

static void np_opf_meta_property(np_xml *x, const char *property,
                                 const char *value) {
  np_xml_start(x, "meta");
  np_xml_attr(x, "property", property);
  np_xml_text(x, value);
  xmlTextWriterFullEndElement(x->w);
}

static void np_opf_item(np_xml *x, const char *id, const char *href,
                        const char *type, const char *properties) {
  np_xml_start(x, "item");
  np_xml_attr(x, "id", id);
  np_xml_attr(x, "href", href);
  np_xml_attr(x, "media-type", type);
  np_xml_attr(x, "properties", properties);
  np_xml_close(x);
}

/* Returns the site name of a chapter's article, or NULL. */
static const char *np_epub_site(const np_epub_chapter *chapter) {
  return chapter->doc ? chapter->doc->meta.site_name : NULL;
}

/* Writes the Dublin Core metadata of the book. */
static void np_opf_metadata(np_xml *x, const np_epub *e) {
  const np_meta *one = e->n_chapters == 1 ? &e->chapters[0].doc->meta : NULL;
  GDateTime *dt = g_date_time_new_from_unix_utc(e->epoch);
  char *modified = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  char *date = NULL;
  size_t i, j;

  np_xml_start(x, "metadata");
  np_xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  np_xml_start(x, "dc:identifier");
  np_xml_attr(x, "id", "uid");
  np_xml_text(x, e->identifier);
  xmlTextWriterFullEndElement(x->w);
  np_xml_element(x, "dc:title", e->title);
  np_xml_element(x, "dc:language", e->lang);
  if (e->opts->author) {
    np_xml_element(x, "dc:creator", e->opts->author);
  } else if (one) {
    for (i = 0; i < one->n_authors; i++)
      np_xml_element(x, "dc:creator", one->authors[i]);
  } else {
    for (i = 0; i < e->n_chapters; i++) {
      const char *site = np_epub_site(&e->chapters[i]);
      for (j = 0; site && j < i; j++) {
        const char *other = np_epub_site(&e->chapters[j]);
        if (other && strcmp(site, other) == 0)
          break;
      }
      if (site && j == i)
        np_xml_element(x, "dc:creator", site);
    }
  }
  for (i = 0; i < e->n_chapters; i++) {
    char *day = np_epub_day(e->chapters[i].doc->meta.published);
    if (day && (!date || strcmp(day, date) > 0)) {
      free(date);
      date = day;
    } else {
      free(day);
    }
  }
  np_xml_element(x, "dc:date", date);
  if (one) {
    np_xml_element(x, "dc:publisher", one->site_name);
    np_xml_element(x, "dc:source", one->url);
    np_xml_element(x, "dc:description", one->summary);
    for (i = 0; i < one->n_keywords; i++)
      np_xml_element(x, "dc:subject", one->keywords[i]);
    np_xml_element(x, "dc:rights", one->rights);
  }
  np_opf_meta_property(x, "dcterms:modified", modified);
  np_xml_start(x, "meta");
  np_xml_attr(x, "name", "cover");
  np_xml_attr(x, "content", "cover-image");
  np_xml_close(x);
  np_xml_close(x);
  free(date);
  g_free(modified);
  g_date_time_unref(dt);
}

/* Returns the package document. */
static char *np_epub_opf(const np_epub *e, size_t *len) {
  np_xml x;
  size_t i;

  np_xml_begin(&x);
  np_xml_start(&x, "package");
  np_xml_attr(&x, "xmlns", "http://www.idpf.org/2007/opf");
  np_xml_attr(&x, "version", "3.0");
  np_xml_attr(&x, "unique-identifier", "uid");
  np_xml_attr(&x, "xml:lang", e->lang);
  np_xml_attr(&x, "dir", e->rtl ? "rtl" : NULL);
  np_opf_metadata(&x, e);
  np_xml_start(&x, "manifest");
  np_opf_item(&x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
  np_opf_item(&x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
  np_opf_item(&x, "css", "style.css", "text/css", NULL);
  np_opf_item(&x, "cover-page", "cover.xhtml", "application/xhtml+xml", NULL);
  {
    char *href =
        g_strdup_printf("images/cover.%s", np_epub_image_ext(e->cover_mime));
    np_opf_item(&x, "cover-image", href, e->cover_mime, "cover-image");
    g_free(href);
  }
  for (i = 0; i < e->n_chapters; i++) {
    char id[32];
    g_snprintf(id, sizeof id, "chapter-%03zu", i + 1);
    np_opf_item(&x, id, e->chapters[i].name, "application/xhtml+xml", NULL);
  }
  for (i = 0; i < e->n_images; i++) {
    char id[32];
    g_snprintf(id, sizeof id, "img-%03zu", i + 1);
    np_opf_item(&x, id, e->images[i].name, e->images[i].mime, NULL);
  }
  np_xml_close(&x);
  np_xml_start(&x, "spine");
  np_xml_attr(&x, "toc", "ncx");
  np_xml_attr(&x, "page-progression-direction", e->rtl ? "rtl" : NULL);
  np_xml_start(&x, "itemref");
  np_xml_attr(&x, "idref", "cover-page");
  np_xml_close(&x);
  /* the contents are a page of a digest; a single article needs none */
  np_xml_start(&x, "itemref");
  np_xml_attr(&x, "idref", "nav");
  np_xml_attr(&x, "linear", e->n_chapters > 1 ? NULL : "no");
  np_xml_close(&x);
  for (i = 0; i < e->n_chapters; i++) {
    char id[32];
    g_snprintf(id, sizeof id, "chapter-%03zu", i + 1);
    np_xml_start(&x, "itemref");
    np_xml_attr(&x, "idref", id);
    np_xml_close(&x);
  }
  np_xml_close(&x);
  np_xml_close(&x);
  return np_xml_end(&x, len);
}

/* Returns META-INF/container.xml. */
static char *np_epub_container(size_t *len) {
  np_xml x;

  np_xml_begin(&x);
  np_xml_start(&x, "container");
  np_xml_attr(&x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
  np_xml_attr(&x, "version", "1.0");
  np_xml_start(&x, "rootfiles");
  np_xml_start(&x, "rootfile");
  np_xml_attr(&x, "full-path", "EPUB/package.opf");
  np_xml_attr(&x, "media-type", "application/oebps-package+xml");
  np_xml_close(&x);
  np_xml_close(&x);
  np_xml_close(&x);
  return np_xml_end(&x, len);
}

/* Returns cover.xhtml: the cover image alone on its page. */
static char *np_epub_cover_page(const np_epub *e, size_t *len) {
  char *src =
      g_strdup_printf("images/cover.%s", np_epub_image_ext(e->cover_mime));
  np_xml x;
  char *page;

  np_xml_begin(&x);
  np_xml_xhtml_begin(&x, e, e->title, NULL, np_epub_cover_css);
  np_xml_start(&x, "section");
  np_xml_attr(&x, "epub:type", "cover");
  np_xml_start(&x, "img");
  np_xml_attr(&x, "src", src);
  np_xml_attr(&x, "alt", e->title);
  np_xml_close(&x);
  page = np_xml_end(&x, len);
  g_free(src);
  return page;
}

/* ---- cover -------------------------------------------------------------- */

/* Sets e->cover: the reader's own (JPEG or PNG kept, others transcoded) or
 * one drawn from the articles. */
static np_status np_epub_make_cover(np_epub *e, const np_digest *digest,
                                    np_error *err) {
  const np_epub_options *o = e->opts;
  np_status st = NP_OK;

  if (o->cover) {
    const char *mime = np_image_sniff(o->cover, o->cover_len);
    unsigned char *out = NULL;
    size_t out_len = 0;
    int max_side =
        o->max_image_size > 0 ? o->max_image_size : NP_EPUB_MAX_IMAGE;

    if (mime &&
        (strcmp(mime, "image/jpeg") == 0 || strcmp(mime, "image/png") == 0) &&
        !o->grayscale) {
      e->cover = np_xmalloc(o->cover_len ? o->cover_len : 1);
      memcpy(e->cover, o->cover, o->cover_len);
      e->cover_len = o->cover_len;
      e->cover_mime = mime;
      return NP_OK;
    }
    st = np_image_transcode(o->cover, o->cover_len, max_side, o->grayscale,
                            &out, &out_len, &mime, err);
    if (st != NP_OK)
      return np_error_set(err, NP_ERR_IO, "cover: %s", err->message);
    if (!out) {
      out = np_xmalloc(o->cover_len ? o->cover_len : 1);
      memcpy(out, o->cover, o->cover_len);
      out_len = o->cover_len;
      mime = np_image_sniff(out, out_len);
    }
    if (!np_epub_core_image(mime) || strcmp(mime, "image/svg+xml") == 0) {
      free(out);
      return np_error_set(err, NP_ERR_IO, "cover: not a raster image");
    }
    e->cover = out;
    e->cover_len = out_len;
    e->cover_mime = mime;
    return NP_OK;
  } else {
    const char *headlines[NP_COVER_MAX_HEADLINES];
    const np_meta *first = &e->chapters[0].doc->meta;
    char *subtitle = NULL, *day_a = NULL, *day_b = NULL;
    np_cover cover;
    size_t i;

    memset(&cover, 0, sizeof cover);
    for (i = 0; i < e->n_chapters && i < NP_COVER_MAX_HEADLINES; i++)
      headlines[i] = np_epub_chapter_title(&e->chapters[i]);
    cover.headlines = headlines;
    cover.n_headlines = i;
    if (e->n_chapters == 1) {
      cover.title = first->site_name ? first->site_name : e->title;
      subtitle = np_epub_day(first->published);
      cover.lead_doc = e->chapters[0].doc;
    } else {
      /* the default digest title carries the dates the subtitle shows */
      cover.title =
          e->opts->title && *e->opts->title ? e->title : "News digest";
      day_a = digest ? np_xstrdup(digest->first_date) : NULL;
      day_b = digest ? np_xstrdup(digest->last_date) : NULL;
      if (day_a && day_b && strcmp(day_a, day_b) != 0)
        subtitle = g_strdup_printf("%s – %s", day_a, day_b);
      else if (day_a || day_b)
        subtitle = np_xstrdup(day_a ? day_a : day_b);
    }
    cover.subtitle = subtitle;
    cover.lang = e->lang;
    cover.rtl = e->rtl;
    if (!o->fonts)
      st = np_error_set(err, NP_ERR_IO, "EPUB: no fonts to draw the cover");
    else
      st = np_cover_draw(&cover, o->fonts, &e->cover, &e->cover_len,
                         &e->cover_mime, err);
    free(subtitle);
    free(day_a);
    free(day_b);
  }
  return st;
}

/* ---- zip ---------------------------------------------------------------- */

/* libzip's file, opened at the first EPUB (np_zip) rather than linked:
 * loading it and the libcrypto it needs at start-up took 1.2 ms, a third
 * of the start-up's instructions, from every run, EPUB or not. */
#define NP_ZIP_LIBRARY "libzip.so.4"

/* The libzip functions this file calls (np_zip_api has one member of each,
 * with libzip's prototype). */
#define NP_ZIP_FUNCTIONS(X)                                                    \
  X(zip_close)                                                                 \
  X(zip_discard)                                                               \
  X(zip_error_fini)                                                            \
  X(zip_error_init)                                                            \
  X(zip_error_strerror)                                                        \
  X(zip_file_add)                                                              \
  X(zip_file_extra_field_delete)                                               \
  X(zip_file_set_dostime)                                                      \
  X(zip_open_from_source)                                                      \
  X(zip_set_file_compression)                                                  \
  X(zip_source_buffer)                                                         \
  X(zip_source_buffer_create)                                                  \
  X(zip_source_close)                                                          \
  X(zip_source_free)                                                           \
  X(zip_source_keep)                                                           \
  X(zip_source_open)                                                           \
  X(zip_source_read)                                                           \
  X(zip_source_stat)                                                           \
  X(zip_strerror)

typedef struct {
#define NP_ZIP_MEMBER(f) __typeof__(f) *f;
  NP_ZIP_FUNCTIONS(NP_ZIP_MEMBER)
#undef NP_ZIP_MEMBER
} np_zip_api;

/* libzip's functions once opened, and why it could not be (never freed). */
static np_zip_api np_zip_funcs;
static char *np_zip_failure;

/* Opens libzip and fills np_zip_funcs; returns them, or NULL with
 * np_zip_failure set. Run once, by g_once. */
static gpointer np_zip_open(gpointer unused) {
#define NP_ZIP_NAME(f) #f,
  static const char *const names[] = {NP_ZIP_FUNCTIONS(NP_ZIP_NAME)};
#undef NP_ZIP_NAME
  void *sym[G_N_ELEMENTS(names)];
  size_t i = 0;

  if (!np_library_open(NP_ZIP_LIBRARY, names, G_N_ELEMENTS(names), sym,
                       &np_zip_failure))
    return NULL;
#define NP_ZIP_SET(f) np_zip_funcs.f = (__typeof__(f) *)sym[i++];
  NP_ZIP_FUNCTIONS(NP_ZIP_SET)
#undef NP_ZIP_SET
  return &np_zip_funcs;
}

/* Returns libzip's functions, opening it the first time; NULL when it
 * cannot be opened, with *why saying why. */
static const np_zip_api *np_zip(const char **why) {
  static GOnce once = G_ONCE_INIT;
  const np_zip_api *api = g_once(&once, np_zip_open, NULL);

  if (!api)
    *why = np_zip_failure;
  return api;
}

/* Adds an entry name holding len bytes of data (which must live until the
 * archive is closed) with a fixed time and no extra fields. Returns 0, or
 * -1 with err filled. */
static int np_zip_add(const np_zip_api *z, zip_t *za, const char *name,
                      const void *data, size_t len, int store,
                      zip_uint16_t dos_time, zip_uint16_t dos_date,
                      np_error *err) {
  zip_source_t *src = z->zip_source_buffer(za, data, len, 0);
  zip_int64_t idx;

  if (!src)
    goto fail;
  idx = z->zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    z->zip_source_free(src);
    goto fail;
  }
  if (z->zip_set_file_compression(za, (zip_uint64_t)idx,
                                  store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                  9) < 0 ||
      z->zip_file_set_dostime(za, (zip_uint64_t)idx, dos_time, dos_date, 0) <
          0 ||
      z->zip_file_extra_field_delete(za, (zip_uint64_t)idx, ZIP_EXTRA_FIELD_ALL,
                                     ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0)
    goto fail;
  return 0;
fail:
  np_error_set(err, NP_ERR_IO, "EPUB: cannot add %s: %s", name,
               z->zip_strerror(za));
  return -1;
}

/* One entry of the archive, in order. */
typedef struct {
  const char *name;
  const char *data;
  size_t len;
} np_zip_entry;

/* Returns nonzero when the entry name is that of a compressed image
 * (JPEG, PNG, GIF, WebP), which deflating would only slow down. */
static int np_zip_is_compressed(const char *name) {
  static const char *const suffixes[] = {".jpg", ".jpeg", ".png", ".gif",
                                         ".webp"};
  for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++)
    if (g_str_has_suffix(name, suffixes[i]))
      return 1;
  return 0;
}

/* Zips the entries (the first, mimetype, and compressed images stored, the
 * rest deflated) into heap bytes.
 * Returns NP_OK or NP_ERR_IO with err filled. */
static np_status np_epub_zip(const np_zip_entry *entries, size_t n,
                             long long epoch, char **data, size_t *len,
                             np_error *err) {
  const np_zip_api *z;
  const char *why = NULL;
  zip_error_t zerr;
  zip_source_t *src = NULL;
  zip_t *za = NULL;
  zip_stat_t zs;
  GDateTime *dt;
  zip_uint16_t dos_time, dos_date;
  np_status st = NP_ERR_IO;
  char *out = NULL;
  size_t i;

  *data = NULL;
  *len = 0;
  z = np_zip(&why);
  if (!z) {
    np_error_set(err, NP_ERR_IO, "EPUB: cannot open libzip: %s", why);
    goto done;
  }
  z->zip_error_init(&zerr);
  dt = g_date_time_new_from_unix_utc(
      epoch < NP_EPUB_DOS_EPOCH ? NP_EPUB_DOS_EPOCH : epoch);
  dos_time = (zip_uint16_t)(g_date_time_get_hour(dt) << 11 |
                            g_date_time_get_minute(dt) << 5 |
                            g_date_time_get_second(dt) / 2);
  dos_date = (zip_uint16_t)((g_date_time_get_year(dt) - 1980) << 9 |
                            g_date_time_get_month(dt) << 5 |
                            g_date_time_get_day_of_month(dt));
  g_date_time_unref(dt);
  src = z->zip_source_buffer_create(NULL, 0, 0, &zerr);
  if (!src) {
    np_error_set(err, NP_ERR_IO, "EPUB: %s", z->zip_error_strerror(&zerr));
    goto done;
  }
  za = z->zip_open_from_source(src, ZIP_TRUNCATE, &zerr);
  if (!za) {
    np_error_set(err, NP_ERR_IO, "EPUB: %s", z->zip_error_strerror(&zerr));
    z->zip_source_free(src);
    src = NULL;
    goto done;
  }
  z->zip_source_keep(src);
  for (i = 0; i < n; i++)
    if (np_zip_add(z, za, entries[i].name, entries[i].data, entries[i].len,
                   i == 0 || np_zip_is_compressed(entries[i].name), dos_time,
                   dos_date, err) < 0)
      goto done;
  if (z->zip_close(za) < 0) {
    np_error_set(err, NP_ERR_IO, "EPUB: %s", z->zip_strerror(za));
    goto done;
  }
  za = NULL;
  if (z->zip_source_stat(src, &zs) < 0 || z->zip_source_open(src) < 0) {
    np_error_set(err, NP_ERR_IO, "EPUB: cannot read the archive back");
    goto done;
  }
  out = np_xmalloc(zs.size ? (size_t)zs.size : 1);
  if (z->zip_source_read(src, out, zs.size) != (zip_int64_t)zs.size) {
    z->zip_source_close(src);
    np_error_set(err, NP_ERR_IO, "EPUB: cannot read the archive back");
    goto done;
  }
  z->zip_source_close(src);
  *data = out;
  *len = (size_t)zs.size;
  out = NULL;
  st = NP_OK;
done:
  if (za)
    z->zip_discard(za);
  if (src)
    z->zip_source_free(src);
  if (z)
    z->zip_error_fini(&zerr);
  free(out);
  return st;
}

/* ---- the book ----------------------------------------------------------- */

/* Sets the chapters and sections: the digest's reading order, or the
 * documents as given. */
static void np_epub_plan(np_epub *e, np_doc *const *docs, size_t n,
                         const np_digest *digest) {
  size_t s, i, k = 0, total = 0;

  if (digest && digest->n_sections > 0) {
    for (s = 0; s < digest->n_sections; s++)
      total += digest->sections[s].n;
    e->chapters = np_xcalloc(total ? total : 1, sizeof *e->chapters);
    e->sections = np_xcalloc(digest->n_sections, sizeof *e->sections);
    for (s = 0; s < digest->n_sections; s++) {
      const np_digest_section *ds = &digest->sections[s];
      np_epub_section *sec = &e->sections[e->n_sections];
      sec->title = ds->title;
      sec->first = k;
      for (i = 0; i < ds->n; i++)
        if (ds->indices[i] < n)
          e->chapters[k++].doc = docs[ds->indices[i]];
      sec->n = k - sec->first;
      if (sec->n > 0)
        e->n_sections++;
    }
  } else {
    e->chapters = np_xcalloc(n ? n : 1, sizeof *e->chapters);
    e->sections = np_xcalloc(1, sizeof *e->sections);
    for (k = 0; k < n; k++)
      e->chapters[k].doc = docs[k];
    e->sections[0].n = k;
    e->n_sections = k > 0;
  }
  e->n_chapters = k;
  for (i = 0; i < e->n_chapters; i++) {
    e->chapters[i].name = g_strdup_printf("text/chapter-%03zu.xhtml", i + 1);
    e->chapters[i].prefix = g_strdup_printf("c%03zu-", i + 1);
  }
}

/* Returns nonzero when the book reads right to left: its language, or (with
 * no language given) the direction most of its articles declare. */
static int np_epub_is_rtl(const np_epub *e) {
  size_t i, rtl = 0;

  if (strcmp(e->lang, "und") != 0)
    return np_epub_lang_rtl(e->lang);
  for (i = 0; i < e->n_chapters; i++)
    rtl += e->chapters[i].doc->meta.dir == NP_DIR_RTL;
  return rtl * 2 > e->n_chapters;
}

/* Releases everything e holds. */
static void np_epub_clear(np_epub *e) {
  size_t i;

  for (i = 0; i < e->n_chapters; i++) {
    g_free(e->chapters[i].name);
    g_free(e->chapters[i].prefix);
    free(e->chapters[i].xhtml);
  }
  free(e->chapters);
  free(e->sections);
  for (i = 0; i < e->n_images; i++) {
    g_free(e->images[i].hash);
    g_free(e->images[i].href);
    g_free(e->images[i].name);
    free(e->images[i].bytes);
  }
  free(e->images);
  if (e->by_hash)
    g_hash_table_unref(e->by_hash);
  if (e->by_ref)
    g_hash_table_unref(e->by_ref);
  g_free(e->identifier);
  free(e->title);
  free(e->lang);
  free(e->cover);
}

np_status np_epub_render(np_doc *const *docs, size_t n, const np_digest *digest,
                         const np_epub_options *opts, char **data, size_t *len,
                         np_error *err) {
  np_epub e;
  np_zip_entry *entries = NULL;
  char *opf = NULL, *nav = NULL, *ncx = NULL, *container = NULL, *cover = NULL;
  size_t opf_len, nav_len, ncx_len, container_len, cover_len, i, k = 0;
  const char *css = opts->css ? opts->css : np_epub_default_css;
  char *cover_name = NULL;
  np_status st = NP_OK;

  *data = NULL;
  *len = 0;
  memset(&e, 0, sizeof e);
  e.opts = opts;
  np_epub_plan(&e, docs, n, n > 1 ? digest : NULL);
  if (e.n_chapters == 0) {
    st = np_error_set(err, NP_ERR_IO, "EPUB: no article to package");
    goto done;
  }
  e.by_hash = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  e.by_ref = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  e.identifier = np_epub_identifier(&e);
  e.lang = np_epub_language(&e);
  e.rtl = np_epub_is_rtl(&e);
  e.epoch = np_epub_epoch(&e);
  if (opts->title && *opts->title)
    e.title = np_xstrdup(opts->title);
  else if (e.n_chapters == 1)
    e.title = np_xstrdup(np_epub_chapter_title(&e.chapters[0]));
  else if (digest)
    e.title = np_digest_title(digest);
  else
    e.title = np_xstrdup("News digest");
  for (i = 0; i < e.n_chapters; i++) {
    np_html_options ho = {"../style.css", 1, np_epub_image_src, &e,
                          e.chapters[i].prefix};
    e.chapters[i].xhtml =
        np_render_html_with(e.chapters[i].doc, &ho, &e.chapters[i].len);
  }
  st = np_epub_make_cover(&e, digest, err);
  if (st != NP_OK)
    goto done;
  container = np_epub_container(&container_len);
  opf = np_epub_opf(&e, &opf_len);
  nav = np_epub_nav(&e, &nav_len);
  ncx = np_epub_ncx(&e, &ncx_len);
  cover = np_epub_cover_page(&e, &cover_len);
  cover_name =
      g_strdup_printf("EPUB/images/cover.%s", np_epub_image_ext(e.cover_mime));
  entries = np_xcalloc(8 + 2 * (e.n_chapters + e.n_images), sizeof *entries);
  entries[k++] = (np_zip_entry){"mimetype", "application/epub+zip", 20};
  entries[k++] =
      (np_zip_entry){"META-INF/container.xml", container, container_len};
  entries[k++] = (np_zip_entry){"EPUB/package.opf", opf, opf_len};
  entries[k++] = (np_zip_entry){"EPUB/nav.xhtml", nav, nav_len};
  entries[k++] = (np_zip_entry){"EPUB/toc.ncx", ncx, ncx_len};
  entries[k++] = (np_zip_entry){"EPUB/style.css", css, strlen(css)};
  entries[k++] = (np_zip_entry){"EPUB/cover.xhtml", cover, cover_len};
  entries[k++] = (np_zip_entry){cover_name, (const char *)e.cover, e.cover_len};
  for (i = 0; i < e.n_chapters; i++) {
    char *name = g_strdup_printf("EPUB/%s", e.chapters[i].name);
    g_free(e.chapters[i].name);
    e.chapters[i].name = name;
    entries[k++] = (np_zip_entry){name, e.chapters[i].xhtml, e.chapters[i].len};
  }
  for (i = 0; i < e.n_images; i++) {
    char *name = g_strdup_printf("EPUB/%s", e.images[i].name);
    g_free(e.images[i].name);
    e.images[i].name = name;
    entries[k++] =
        (np_zip_entry){name, (const char *)e.images[i].bytes, e.images[i].len};
  }
  st = np_epub_zip(entries, k, e.epoch, data, len, err);
done:
  free(entries);
  free(container);
  free(opf);
  free(nav);
  free(ncx);
  free(cover);
  g_free(cover_name);
  np_epub_clear(&e);
  return st;
}
