/* test_epub.c: unit tests of the EPUB writer: the zip's order and stored
 * mimetype, container, manifest and spine, identifier, reproducibility,
 * images, direction, digest navigation, and EPUBCheck when installed. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "digest.h"
#include "epub.h"
#include "image.h"
#include "import.h"
#include "style.h"

/* A fixed time for the books of these tests: 2024-05-02T12:00:00Z. */
#define TEST_EPOCH 1714651200LL

/* The bundled fonts, for the covers. */
static np_fonts *test_fonts;

/* Path of a golden page (heap, g_free). */
static char *golden_path(const char *name) {
  char *unit = g_path_get_dirname(__FILE__);
  char *path = g_build_filename(unit, "..", "golden", name, NULL);

  g_free(unit);
  return path;
}

/* Imports a golden page. */
static np_doc *import_golden(const char *name) {
  char *path = golden_path(name);
  np_doc *doc = NULL;
  np_error err;

  if (np_import_file(path, NULL, &doc, &err) != NP_OK)
    g_error("%s", err.message);
  g_free(path);
  return doc;
}

/* Default options with the fixed time. */
static np_epub_options test_options(void) {
  np_epub_options o;

  memset(&o, 0, sizeof o);
  o.epoch = TEST_EPOCH;
  o.fonts = test_fonts;
  return o;
}

/* Renders docs into EPUB bytes, asserting success. */
static char *render(np_doc *const *docs, size_t n, const np_digest *digest,
                    const np_epub_options *opts, size_t *len) {
  char *data = NULL;
  np_error err = {NP_OK, ""};

  g_assert_cmpint(np_epub_render(docs, n, digest, opts, &data, len, &err), ==,
                  NP_OK);
  g_assert_nonnull(data);
  return data;
}

/* Opens EPUB bytes read-only with libzip. */
static zip_t *open_zip(const char *data, size_t len) {
  zip_error_t zerr;
  zip_source_t *src;
  zip_t *za;

  zip_error_init(&zerr);
  src = zip_source_buffer_create(data, len, 0, &zerr);
  g_assert_nonnull(src);
  za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  g_assert_nonnull(za);
  zip_error_fini(&zerr);
  return za;
}

/* Returns the bytes of entry name (heap, NUL-terminated), or NULL when the
 * archive has no such entry. */
static char *read_entry(zip_t *za, const char *name, size_t *len) {
  zip_stat_t st;
  zip_file_t *f;
  char *buf;

  if (zip_stat(za, name, 0, &st) < 0)
    return NULL;
  f = zip_fopen(za, name, 0);
  g_assert_nonnull(f);
  buf = g_malloc(st.size + 1);
  g_assert_cmpint(zip_fread(f, buf, st.size), ==, (zip_int64_t)st.size);
  buf[st.size] = '\0';
  zip_fclose(f);
  if (len)
    *len = st.size;
  return buf;
}

/* Parses an entry as XML (asserting that it is well-formed). */
static xmlDocPtr parse_entry(zip_t *za, const char *name) {
  size_t len;
  char *xml = read_entry(za, name, &len);
  xmlDocPtr doc;

  g_assert_nonnull(xml);
  doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET);
  if (!doc)
    g_error("%s is not well-formed XML", name);
  g_free(xml);
  return doc;
}

/* Returns the first element named name under node (depth first). */
static xmlNodePtr find_element(xmlNodePtr node, const char *name) {
  for (; node; node = node->next) {
    xmlNodePtr found;
    if (node->type == XML_ELEMENT_NODE &&
        strcmp((const char *)node->name, name) == 0)
      return node;
    found = find_element(node->children, name);
    if (found)
      return found;
  }
  return NULL;
}

/* Returns the attribute of node as a g_free'd string, or NULL. */
static char *attr(xmlNodePtr node, const char *name) {
  xmlChar *v = xmlGetProp(node, BAD_CAST name);
  char *s = v ? g_strdup((const char *)v) : NULL;

  xmlFree(v);
  return s;
}

/* Returns the text of the first element named name (g_free), or NULL. */
static char *element_text(xmlDocPtr doc, const char *name) {
  xmlNodePtr n = find_element(xmlDocGetRootElement(doc), name);
  xmlChar *v;
  char *s;

  if (!n)
    return NULL;
  v = xmlNodeGetContent(n);
  s = g_strdup((const char *)v);
  xmlFree(v);
  return s;
}

/* Returns the dcterms:modified of a package document (g_free), or NULL. */
static char *modified_of(xmlDocPtr opf) {
  xmlNodePtr n = find_element(xmlDocGetRootElement(opf), "metadata");

  for (n = n->children; n; n = n->next) {
    char *property = n->type == XML_ELEMENT_NODE ? attr(n, "property") : NULL;
    int found = property && strcmp(property, "dcterms:modified") == 0;
    g_free(property);
    if (found) {
      xmlChar *v = xmlNodeGetContent(n);
      char *s = g_strdup((const char *)v);
      xmlFree(v);
      return s;
    }
  }
  return NULL;
}

/* Returns the media type a file name in an EPUB must have. */
static const char *expected_type(const char *name) {
  if (g_str_has_suffix(name, ".xhtml"))
    return "application/xhtml+xml";
  if (g_str_has_suffix(name, ".ncx"))
    return "application/x-dtbncx+xml";
  if (g_str_has_suffix(name, ".css"))
    return "text/css";
  if (g_str_has_suffix(name, ".png"))
    return "image/png";
  if (g_str_has_suffix(name, ".jpg"))
    return "image/jpeg";
  if (g_str_has_suffix(name, ".gif"))
    return "image/gif";
  if (g_str_has_suffix(name, ".svg"))
    return "image/svg+xml";
  return "?";
}

/* Checks everything every EPUB must satisfy: the mimetype entry first and
 * stored, the container, a manifest listing exactly the other entries with
 * the right media types (images checked against their bytes), a spine of
 * chapters in order, and every XML entry well-formed. Returns the number of
 * chapters. */
static size_t check_package(const char *data, size_t len) {
  zip_t *za = open_zip(data, len);
  zip_stat_t st;
  xmlDocPtr container, opf;
  xmlNodePtr n;
  char *text, *path;
  GHashTable *listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             g_free); /* id -> href */
  zip_int64_t i, count = zip_get_num_entries(za, 0);
  size_t chapters = 0, manifest = 0;

  /* the mimetype: first, stored, exact */
  g_assert_cmpint(zip_stat_index(za, 0, 0, &st), ==, 0);
  g_assert_cmpstr(st.name, ==, "mimetype");
  g_assert_cmpint(st.comp_method, ==, ZIP_CM_STORE);
  text = read_entry(za, "mimetype", NULL);
  g_assert_cmpstr(text, ==, "application/epub+zip");
  g_free(text);
  g_assert_cmpint(zip_file_extra_fields_count(za, 0, ZIP_FL_LOCAL), ==, 0);

  container = parse_entry(za, "META-INF/container.xml");
  n = find_element(xmlDocGetRootElement(container), "rootfile");
  g_assert_nonnull(n);
  path = attr(n, "full-path");
  g_assert_cmpstr(path, ==, "EPUB/package.opf");
  g_free(path);
  xmlFreeDoc(container);

  opf = parse_entry(za, "EPUB/package.opf");
  for (n = find_element(xmlDocGetRootElement(opf), "manifest")->children; n;
       n = n->next) {
    char *href, *type, *id, *full, *bytes;
    size_t blen;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    href = attr(n, "href");
    type = attr(n, "media-type");
    id = attr(n, "id");
    full = g_strconcat("EPUB/", href, NULL);
    bytes = read_entry(za, full, &blen);
    if (!bytes)
      g_error("manifest item %s is not in the archive", full);
    g_assert_cmpstr(type, ==, expected_type(href));
    if (g_str_has_prefix(type, "image/"))
      g_assert_cmpstr(np_image_sniff((const unsigned char *)bytes, blen), ==,
                      type);
    if (g_str_has_suffix(href, ".xhtml") || g_str_has_suffix(href, ".ncx"))
      xmlFreeDoc(parse_entry(za, full));
    g_hash_table_insert(listed, id, href);
    manifest++;
    g_free(bytes);
    g_free(type);
    g_free(full);
  }
  /* everything but mimetype, container and package document is listed */
  g_assert_cmpint((zip_int64_t)manifest + 3, ==, count);
  for (i = 0; i < count; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
    g_assert_nonnull(name);
    if (i < 3)
      continue;
    g_assert_true(g_str_has_prefix(name, "EPUB/"));
  }
  n = find_element(xmlDocGetRootElement(opf), "spine");
  text = attr(n, "toc");
  g_assert_cmpstr(text, ==, "ncx");
  g_free(text);
  for (n = n->children; n; n = n->next) {
    char *idref, expected[64];
    const char *href;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    idref = attr(n, "idref");
    href = g_hash_table_lookup(listed, idref);
    g_assert_nonnull(href);
    if (g_str_has_prefix(href, "text/")) {
      g_snprintf(expected, sizeof expected, "text/chapter-%03zu.xhtml",
                 ++chapters);
      g_assert_cmpstr(href, ==, expected);
    }
    g_free(idref);
  }
  xmlFreeDoc(opf);
  g_hash_table_unref(listed);
  zip_close(za);
  return chapters;
}

/* Returns the package document of EPUB bytes, parsed. */
static xmlDocPtr package_of(const char *data, size_t len) {
  zip_t *za = open_zip(data, len);
  xmlDocPtr opf = parse_entry(za, "EPUB/package.opf");

  zip_close(za);
  return opf;
}

/* Returns the dc:identifier of EPUB bytes (g_free). */
static char *identifier_of(const char *data, size_t len) {
  xmlDocPtr opf = package_of(data, len);
  char *id = element_text(opf, "identifier");

  xmlFreeDoc(opf);
  return id;
}

/* Runs EPUBCheck on the bytes when it is installed and asserts a clean
 * report; skips otherwise. */
static void epubcheck(const char *data, size_t len) {
  const char *jar = "/usr/share/java/epubcheck.jar";
  char *java = g_find_program_in_path("java");
  char *tool = g_find_program_in_path("epubcheck");
  char *dir, *file, *out = NULL, *errs = NULL;
  const char *argv_jar[] = {java, "-jar", jar, NULL, NULL};
  const char *argv_tool[] = {tool, NULL, NULL};
  const char **argv;
  GError *error = NULL;
  int status = 0;

  /* the Debian epubcheck is a jar that needs binfmt to run by itself */
  if (java && g_file_test(jar, G_FILE_TEST_EXISTS))
    argv = argv_jar;
  else if (tool)
    argv = argv_tool;
  else {
    g_test_skip("epubcheck is not installed");
    g_free(java);
    g_free(tool);
    return;
  }
  dir = g_dir_make_tmp("test_epub-XXXXXX", NULL);
  g_assert_nonnull(dir);
  file = g_build_filename(dir, "book.epub", NULL);
  g_assert_true(g_file_set_contents(file, data, (gssize)len, NULL));
  argv[argv == argv_jar ? 3 : 1] = file;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL,
                             NULL, &out, &errs, &status, &error));
  if (!strstr(out, "No errors or warnings detected"))
    g_error("epubcheck:\n%s%s", out, errs);
  g_unlink(file);
  g_rmdir(dir);
  g_free(file);
  g_free(dir);
  g_free(out);
  g_free(errs);
  g_free(java);
  g_free(tool);
}

/* Appends a paragraph of text to doc. */
static void add_paragraph(np_doc *doc, np_node *parent, const char *text) {
  np_node *p = np_node_new(doc->arena, NP_NODE_PARAGRAPH);

  np_node_append(
      p, np_node_new_text(doc->arena, NP_NODE_TEXT, text, strlen(text)));
  np_node_append(parent, p);
}

/* A small article made by hand; url may be NULL. */
static np_doc *hand_doc(const char *title, const char *url) {
  np_doc *doc = np_doc_new();

  doc->meta.title = np_arena_strdup(doc->arena, title);
  doc->meta.url = np_arena_strdup(doc->arena, url);
  doc->meta.lang = "en";
  doc->meta.published = "2024-03-01T10:00:00Z";
  add_paragraph(doc, doc->root, "A paragraph of the article.");
  return doc;
}

/* Adds a figure with an image of resource res and a caption. */
static void add_figure(np_doc *doc, int res, const char *caption) {
  np_node *fig = np_node_new(doc->arena, NP_NODE_FIGURE);
  np_node *img = np_node_new(doc->arena, NP_NODE_IMAGE);
  np_node *cap = np_node_new(doc->arena, NP_NODE_CAPTION);

  img->as.image.resource = res;
  img->as.image.alt = "alt text";
  np_node_append(fig, img);
  np_node_append(cap, np_node_new_text(doc->arena, NP_NODE_TEXT, caption,
                                       strlen(caption)));
  np_node_append(fig, cap);
  g_assert_true(np_node_append(doc->root, fig));
}

/* Adds a data resource with the given bytes and url. */
static int add_data(np_doc *doc, const char *url, const void *bytes, size_t len,
                    const char *mime) {
  np_resource res;

  memset(&res, 0, sizeof res);
  res.kind = NP_RES_DATA;
  res.url = url;
  res.data = bytes;
  res.len = len;
  res.mime = mime;
  return np_doc_add_resource(doc, &res);
}

/* Encodes a small gradient with gdk-pixbuf in format (NULL when it has no
 * saver for it). */
static char *make_image(const char *format, int width, int height, gsize *len) {
  GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *px = gdk_pixbuf_get_pixels(pb);
  int stride = gdk_pixbuf_get_rowstride(pb), x, y;
  gchar *buf = NULL;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++) {
      guchar *p = px + y * stride + x * 3;
      p[0] = (guchar)(x * 255 / width);
      p[1] = (guchar)(y * 255 / height);
      p[2] = 128;
    }
  if (!gdk_pixbuf_save_to_buffer(pb, &buf, len, format, NULL, NULL))
    buf = NULL;
  g_object_unref(pb);
  return buf;
}

/* Counts the entries of the archive under EPUB/images/img-. */
static int count_images(const char *data, size_t len) {
  zip_t *za = open_zip(data, len);
  zip_int64_t i, n = zip_get_num_entries(za, 0);
  int count = 0;

  for (i = 0; i < n; i++)
    count += g_str_has_prefix(zip_get_name(za, (zip_uint64_t)i, 0),
                              "EPUB/images/img-");
  zip_close(za);
  return count;
}

static void test_single_article(void) {
  np_doc *doc = import_golden("figure-credits.html");
  np_epub_options o = test_options();
  size_t len, len2;
  char *data = render(&doc, 1, NULL, &o, &len);
  char *again = render(&doc, 1, NULL, &o, &len2);
  zip_t *za;
  char *chapter, *id;
  xmlDocPtr opf;

  g_assert_cmpuint(check_package(data, len), ==, 1);
  /* the same input gives the same bytes */
  g_assert_cmpuint(len, ==, len2);
  g_assert_true(memcmp(data, again, len) == 0);
  /* the figures' images are there, referenced from the chapter */
  g_assert_cmpint(count_images(data, len), >, 0);
  za = open_zip(data, len);
  chapter = read_entry(za, "EPUB/text/chapter-001.xhtml", NULL);
  g_assert_nonnull(strstr(chapter, "src=\"../images/img-001."));
  g_assert_null(strstr(chapter, "data:"));
  g_assert_nonnull(strstr(chapter, "epub:type=\"chapter\""));
  g_assert_nonnull(strstr(chapter, "href=\"../style.css\""));
  g_free(chapter);
  zip_close(za);
  opf = package_of(data, len);
  id = element_text(opf, "identifier");
  g_assert_true(g_str_has_prefix(id, "urn:uuid:"));
  g_assert_cmpuint(strlen(id), ==, strlen("urn:uuid:") + 36);
  g_assert_cmpint(id[9 + 14], ==, '5'); /* version 5 */
  g_free(id);
  id = element_text(opf, "source");
  g_assert_cmpstr(id, ==, doc->meta.url);
  g_free(id);
  id = modified_of(opf);
  g_assert_cmpstr(id, ==, "2024-05-02T12:00:00Z");
  g_free(id);
  xmlFreeDoc(opf);
  epubcheck(data, len);
  free(data);
  free(again);
  np_doc_free(doc);
}

static void test_identifier(void) {
  np_doc *a = hand_doc("One", "https://news.example/a");
  np_doc *b = hand_doc("Two", "https://news.example/b");
  np_doc *a2 = hand_doc("One, edited title", "https://news.example/a");
  np_epub_options o = test_options();
  size_t la, lb, la2;
  char *da = render(&a, 1, NULL, &o, &la);
  char *db = render(&b, 1, NULL, &o, &lb);
  char *da2 = render(&a2, 1, NULL, &o, &la2);
  char *ia = identifier_of(da, la), *ib = identifier_of(db, lb),
       *ia2 = identifier_of(da2, la2);

  g_assert_cmpstr(ia, ==, ia2);
  g_assert_cmpstr(ia, !=, ib);
  g_free(ia);
  g_free(ib);
  g_free(ia2);
  free(da);
  free(db);
  free(da2);
  np_doc_free(a);
  np_doc_free(b);
  np_doc_free(a2);
}

static void test_epoch(void) {
  np_doc *doc = hand_doc("Dated", "https://news.example/dated");
  np_epub_options o = test_options();
  size_t len, len2;
  char *data, *again, *modified;
  xmlDocPtr opf;

  /* no epoch given, no SOURCE_DATE_EPOCH: the article's date */
  o.epoch = -1;
  unsetenv("SOURCE_DATE_EPOCH");
  data = render(&doc, 1, NULL, &o, &len);
  opf = package_of(data, len);
  modified = modified_of(opf);
  g_assert_cmpstr(modified, ==, "2024-03-01T10:00:00Z");
  g_free(modified);
  xmlFreeDoc(opf);
  free(data);
  setenv("SOURCE_DATE_EPOCH", "0", 1);
  data = render(&doc, 1, NULL, &o, &len);
  again = render(&doc, 1, NULL, &o, &len2);
  unsetenv("SOURCE_DATE_EPOCH");
  opf = package_of(data, len);
  modified = modified_of(opf);
  g_assert_cmpstr(modified, ==, "1970-01-01T00:00:00Z");
  g_assert_cmpuint(len, ==, len2);
  g_assert_true(memcmp(data, again, len) == 0);
  check_package(data, len);
  g_free(modified);
  xmlFreeDoc(opf);
  free(data);
  free(again);
  np_doc_free(doc);
}

static void test_images_once(void) {
  np_doc *a = hand_doc("First", "https://news.example/1");
  np_doc *b = hand_doc("Second", "https://news.example/2");
  np_doc *docs[2] = {a, b};
  gsize plen;
  char *png = make_image("png", 40, 30, &plen);
  np_epub_options o = test_options();
  size_t len, w;
  char *data, *chapter;
  int r1, r2, missing;
  zip_t *za;

  g_assert_nonnull(png);
  r1 = add_data(a, "data:one", png, plen, "image/png");
  add_figure(a, r1, "First use");
  add_figure(a, r1, "Second use");
  /* the same bytes under another name, in another article */
  r2 = add_data(b, "data:two", png, plen, "image/png");
  add_figure(b, r2, "Third use");
  {
    np_resource res;
    memset(&res, 0, sizeof res);
    res.kind = NP_RES_REMOTE;
    res.url = "https://cdn.example/gone.jpg";
    missing = np_doc_add_resource(b, &res);
  }
  add_figure(b, missing, "Caption of a remote image");
  data = render(docs, 2, NULL, &o, &len);
  g_assert_cmpuint(check_package(data, len), ==, 2);
  g_assert_cmpint(count_images(data, len), ==, 1);
  za = open_zip(data, len);
  chapter = read_entry(za, "EPUB/text/chapter-002.xhtml", NULL);
  g_assert_nonnull(strstr(chapter, "../images/img-001.png"));
  g_assert_nonnull(strstr(chapter, "Caption of a remote image"));
  g_assert_null(strstr(chapter, "<img src=\"https://"));
  g_free(chapter);
  zip_close(za);
  /* an unreadable local image is a warning on its document */
  {
    np_resource res;
    int before = (int)a->n_warnings, bad;
    memset(&res, 0, sizeof res);
    res.kind = NP_RES_DATA;
    res.url = "data:broken";
    res.data = (const unsigned char *)"not an image at all";
    res.len = strlen("not an image at all");
    bad = np_doc_add_resource(a, &res);
    add_figure(a, bad, "Broken");
    free(data);
    data = render(docs, 2, NULL, &o, &len);
    g_assert_cmpint(count_images(data, len), ==, 1);
    g_assert_cmpint((int)a->n_warnings, >, before);
    for (w = (size_t)before; w < a->n_warnings; w++)
      g_assert_nonnull(strstr(a->warnings[w], "data:broken"));
  }
  epubcheck(data, len);
  free(data);
  g_free(png);
  np_doc_free(a);
  np_doc_free(b);
}

/* Images past the book's image budget are left out with a warning, and the
 * budget never rises above NP_EPUB_MAX_IMAGE_BYTES. */
static void test_image_budget(void) {
  np_doc *doc = hand_doc("Budget", "https://news.example/budget");
  np_epub_options o = test_options();
  gsize lens[3];
  char *pngs[3];
  size_t len, w;
  char *data;
  int found = 0;

  for (int i = 0; i < 3; i++) {
    char url[32];
    pngs[i] = make_image("png", 40 + i, 30, &lens[i]);
    g_assert_nonnull(pngs[i]);
    snprintf(url, sizeof url, "data:picture-%d", i + 1);
    add_figure(doc, add_data(doc, url, pngs[i], lens[i], "image/png"), url);
  }
  o.max_image_bytes = lens[0] + lens[1];
  data = render(&doc, 1, NULL, &o, &len);
  g_assert_cmpint(count_images(data, len), ==, 2);
  for (w = 0; w < doc->n_warnings; w++)
    found += strstr(doc->warnings[w], "data:picture-3 left out: the images of "
                                      "this book already take") != NULL;
  g_assert_cmpint(found, ==, 1);
  epubcheck(data, len);
  free(data);
  /* a budget above the constant is the constant: all three fit */
  o.max_image_bytes = NP_EPUB_MAX_IMAGE_BYTES * 2;
  data = render(&doc, 1, NULL, &o, &len);
  g_assert_cmpint(count_images(data, len), ==, 3);
  free(data);
  for (int i = 0; i < 3; i++)
    g_free(pngs[i]);
  np_doc_free(doc);
}

static void test_webp_transcoded(void) {
  np_doc *doc = hand_doc("WebP", "https://news.example/webp");
  np_epub_options o = test_options();
  gsize wlen;
  char *webp = make_image("webp", 64, 48, &wlen);
  size_t len;
  char *data;
  xmlDocPtr opf;
  xmlNodePtr n;
  int images = 0;

  if (!webp || !np_image_sniff((const unsigned char *)webp, wlen) ||
      strcmp(np_image_sniff((const unsigned char *)webp, wlen), "image/webp") !=
          0) {
    g_test_skip("gdk-pixbuf cannot write WebP here");
    g_free(webp);
    np_doc_free(doc);
    return;
  }
  add_figure(doc, add_data(doc, "data:webp", webp, wlen, "image/webp"),
             "A WebP picture");
  data = render(&doc, 1, NULL, &o, &len);
  check_package(data, len); /* media types checked against the bytes */
  opf = package_of(data, len);
  for (n = find_element(xmlDocGetRootElement(opf), "manifest")->children; n;
       n = n->next) {
    char *type;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    type = attr(n, "media-type");
    g_assert_cmpstr(type, !=, "image/webp");
    images += g_str_has_prefix(type, "image/") ? 1 : 0;
    g_free(type);
  }
  g_assert_cmpint(images, ==, 2); /* the cover and the transcoded picture */
  xmlFreeDoc(opf);
  free(data);
  g_free(webp);
  np_doc_free(doc);
}

static void test_large_image_scaled(void) {
  np_doc *doc = hand_doc("Large", "https://news.example/large");
  np_epub_options o = test_options();
  gsize plen;
  char *png = make_image("png", 300, 200, &plen);
  size_t len, ilen;
  char *data, *img;
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
  GdkPixbuf *pb;
  zip_t *za;

  add_figure(doc, add_data(doc, "data:big", png, plen, "image/png"), "Big");
  o.max_image_size = 100;
  data = render(&doc, 1, NULL, &o, &len);
  check_package(data, len);
  za = open_zip(data, len);
  img = read_entry(za, "EPUB/images/img-001.jpg", &ilen);
  if (!img)
    img = read_entry(za, "EPUB/images/img-001.png", &ilen);
  g_assert_nonnull(img);
  g_assert_true(
      gdk_pixbuf_loader_write(loader, (const guchar *)img, ilen, NULL));
  g_assert_true(gdk_pixbuf_loader_close(loader, NULL));
  pb = gdk_pixbuf_loader_get_pixbuf(loader);
  g_assert_cmpint(gdk_pixbuf_get_width(pb), ==, 100);
  g_object_unref(loader);
  g_free(img);
  zip_close(za);
  free(data);
  g_free(png);
  np_doc_free(doc);
}

static void test_rtl(void) {
  np_doc *ar = import_golden("rtl-arabic.html");
  np_doc *en = import_golden("figure-credits.html");
  np_epub_options o = test_options();
  size_t len;
  char *data = render(&ar, 1, NULL, &o, &len), *dir;
  xmlDocPtr opf = package_of(data, len);

  dir = attr(find_element(xmlDocGetRootElement(opf), "spine"),
             "page-progression-direction");
  g_assert_cmpstr(dir, ==, "rtl");
  g_free(dir);
  xmlFreeDoc(opf);
  epubcheck(data, len);
  free(data);
  data = render(&en, 1, NULL, &o, &len);
  opf = package_of(data, len);
  dir = attr(find_element(xmlDocGetRootElement(opf), "spine"),
             "page-progression-direction");
  g_assert_null(dir);
  xmlFreeDoc(opf);
  free(data);
  np_doc_free(ar);
  np_doc_free(en);
}

static void test_digest(void) {
  static const char *const pages[] = {"wordpress.html", "jsonld-byline.html",
                                      "tables-lists.html"};
  np_doc *docs[3];
  np_digest *digest;
  np_epub_options o = test_options();
  size_t len, i, s;
  char *data, *nav, *ncx, *title;
  zip_t *za;
  xmlDocPtr opf;

  for (i = 0; i < 3; i++)
    docs[i] = import_golden(pages[i]);
  digest = np_digest_plan(docs, 3, NP_GROUP_SITE);
  data = render(docs, 3, digest, &o, &len);
  g_assert_cmpuint(check_package(data, len), ==, 3);
  za = open_zip(data, len);
  nav = read_entry(za, "EPUB/nav.xhtml", NULL);
  ncx = read_entry(za, "EPUB/toc.ncx", NULL);
  /* the sections and every article in the table of contents, in the
   * digest's order */
  {
    const char *at = nav;
    size_t k = 0;
    for (s = 0; s < digest->n_sections; s++) {
      if (digest->sections[s].title)
        g_assert_nonnull(strstr(nav, digest->sections[s].title));
      for (i = 0; i < digest->sections[s].n; i++) {
        char href[64];
        const np_doc *d = docs[digest->sections[s].indices[i]];
        g_snprintf(href, sizeof href, "href=\"text/chapter-%03zu.xhtml\"", ++k);
        at = strstr(at, href);
        g_assert_nonnull(at);
        g_assert_nonnull(strstr(ncx, d->meta.url ? "playOrder" : ""));
      }
    }
    g_assert_cmpuint(k, ==, 3);
  }
  g_assert_nonnull(strstr(nav, "epub:type=\"landmarks\""));
  g_assert_nonnull(strstr(nav, "epub:type=\"bodymatter\""));
  g_assert_nonnull(strstr(ncx, "dtb:uid"));
  /* each chapter names its source near the top */
  for (i = 0; i < 3; i++) {
    char name[64], *chapter, *source, *body;
    g_snprintf(name, sizeof name, "EPUB/text/chapter-%03zu.xhtml", i + 1);
    chapter = read_entry(za, name, NULL);
    source = strstr(chapter, "class=\"source\"");
    body = strstr(chapter, "</header>");
    g_assert_nonnull(source);
    g_assert_true(source < body);
    g_free(chapter);
  }
  zip_close(za);
  opf = package_of(data, len);
  title = element_text(opf, "title");
  {
    char *expected = np_digest_title(digest);
    g_assert_cmpstr(title, ==, expected);
    free(expected);
  }
  g_free(title);
  xmlFreeDoc(opf);
  epubcheck(data, len);
  g_free(nav);
  g_free(ncx);
  free(data);
  np_digest_free(digest);
  for (i = 0; i < 3; i++)
    np_doc_free(docs[i]);
}

static void test_style_sheet(void) {
  static const char css[] = "@page { size: a5; margin: 10mm; }\n"
                            "article { font: 11pt/1.4 serif; columns: 2; }\n"
                            "h2 { font-size: 16.5pt; margin: 11pt 0; }\n";
  np_style *style = np_style_parse(css, strlen(css), "test.css", NULL);
  char *exported = np_style_export_css(style);
  np_doc *doc = hand_doc("Styled", "https://news.example/styled");
  np_epub_options o = test_options();
  size_t len;
  char *data, *inside;
  zip_t *za;

  o.css = exported;
  data = render(&doc, 1, NULL, &o, &len);
  za = open_zip(data, len);
  inside = read_entry(za, "EPUB/style.css", NULL);
  g_assert_cmpstr(inside, ==, exported);
  g_assert_null(strstr(inside, "@page"));
  g_assert_null(strstr(inside, "column"));
  g_assert_nonnull(strstr(inside, "font-size: 1.5em"));
  g_free(inside);
  zip_close(za);
  epubcheck(data, len);
  free(data);
  free(exported);
  np_style_free(style);
  np_doc_free(doc);
}

int main(int argc, char **argv) {
  char *unit = g_path_get_dirname(__FILE__);
  char *fonts_dir = g_build_filename(unit, "..", "..", "fonts", NULL);
  np_error err;
  int status;

  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(np_fonts_new(fonts_dir, 0, &test_fonts, &err), ==, NP_OK);
  g_test_add_func("/epub/single-article", test_single_article);
  g_test_add_func("/epub/identifier", test_identifier);
  g_test_add_func("/epub/epoch", test_epoch);
  g_test_add_func("/epub/images-once", test_images_once);
  g_test_add_func("/epub/webp-transcoded", test_webp_transcoded);
  g_test_add_func("/epub/image-budget", test_image_budget);
  g_test_add_func("/epub/large-image-scaled", test_large_image_scaled);
  g_test_add_func("/epub/rtl", test_rtl);
  g_test_add_func("/epub/digest", test_digest);
  g_test_add_func("/epub/style-sheet", test_style_sheet);
  status = g_test_run();
  np_fonts_free(test_fonts);
  g_free(fonts_dir);
  g_free(unit);
  return status;
}
