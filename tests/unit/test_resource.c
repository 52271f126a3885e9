/* test_resource.c: unit tests of the resource resolver: data: URIs, srcset,
 * percent escapes, confinement to the page's folder, <base href>, links. */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "resource.h"

/* A 1x1 transparent GIF, the usual lazy-loading placeholder. */
#define PIXEL_GIF_URI                                                          \
  "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///"                            \
  "yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

/* Size of the fake image files written by the fixture. */
#define IMAGE_BYTES 160

/* A saved page built in a temporary folder for each test:
 * dir/article.html, dir/article_files/{photo.jpg, my photo.png, café.jpg,
 * pixel.gif}, dir/sub/inner.gif, and dir/outside.jpg next to a second
 * folder dir/page/ used for escape tests. */
typedef struct {
  char *dir;
  char *page;
  np_doc *doc;
  np_resolver *r;
} fixture;

static void write_bytes(const char *path, const unsigned char *b, size_t n) {
  GError *error = NULL;

  g_file_set_contents(path, (const char *)b, (gssize)n, &error);
  g_assert_no_error(error);
}

/* Writes a fake image of the given kind ('j' JPEG, 'p' PNG 10x10, 'g' GIF
 * 2x2, '1' GIF 1x1 tiny) at dir/name. */
static void write_image(const char *dir, const char *name, char kind) {
  unsigned char b[IMAGE_BYTES] = {0};
  size_t n = sizeof b;
  char *path = g_build_filename(dir, name, NULL);

  switch (kind) {
  case 'j':
    memcpy(b, "\xFF\xD8\xFF\xE0", 4);
    break;
  case 'p':
    memcpy(b, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x0a\0\0\0\x0a", 24);
    break;
  case 'g':
    memcpy(b, "GIF89a\x02\0\x02\0", 10);
    break;
  default:
    memcpy(b, "GIF89a\x01\0\x01\0", 10);
    n = 43;
    break;
  }
  write_bytes(path, b, n);
  g_free(path);
}

static void fixture_set_up(fixture *f, gconstpointer data) {
  char *files, *sub, *link;
  GError *error = NULL;

  f->dir = g_dir_make_tmp("np-resource-XXXXXX", &error);
  g_assert_no_error(error);
  f->page = g_build_filename(f->dir, "article.html", NULL);
  write_bytes(f->page, (const unsigned char *)"<p>x</p>", 8);
  files = g_build_filename(f->dir, "article_files", NULL);
  sub = g_build_filename(f->dir, "sub", NULL);
  g_assert_cmpint(g_mkdir(files, 0755), ==, 0);
  g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
  write_image(files, "photo.jpg", 'j');
  write_image(files, "my photo.png", 'p');
  write_image(files, "caf\xC3\xA9.jpg", 'j');
  write_image(files, "pixel.gif", '1');
  write_image(sub, "inner.gif", 'g');
  link = g_build_filename(files, "evil.jpg", NULL);
  g_assert_cmpint(symlink("/etc/passwd", link), ==, 0);
  g_free(link);
  link = g_build_filename(files, "alias.jpg", NULL);
  g_assert_cmpint(symlink("photo.jpg", link), ==, 0);
  g_free(link);
  f->doc = np_doc_new();
  f->r = np_resolver_new(data ? NULL : f->page, f->doc);
  g_free(files);
  g_free(sub);
}

/* Removes path and, for a folder, everything under it (not following
 * symbolic links). */
static void remove_tree(const char *path) {
  GDir *dir;
  const char *name;
  char *child;

  if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) &&
      g_file_test(path, G_FILE_TEST_IS_DIR)) {
    dir = g_dir_open(path, 0, NULL);
    while (dir && (name = g_dir_read_name(dir)) != NULL) {
      child = g_build_filename(path, name, NULL);
      remove_tree(child);
      g_free(child);
    }
    if (dir)
      g_dir_close(dir);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

static void fixture_tear_down(fixture *f, gconstpointer data) {
  np_resolver_free(f->r);
  np_doc_free(f->doc);
  remove_tree(f->dir);
  g_free(f->dir);
  g_free(f->page);
}

/* Resolves one image reference. */
static int image1(fixture *f, const char *ref) {
  const char *c[1] = {ref};

  return np_resolver_image(f->r, c, 1);
}

/* The real path of dir/rel, for comparisons. */
static char *real_of(fixture *f, const char *rel) {
  char *joined = g_build_filename(f->dir, rel, NULL);
  char *real = realpath(joined, NULL);

  g_assert_nonnull(real);
  g_free(joined);
  return real;
}

/* Nonzero when some warning of doc contains every one of a and b. */
static int has_warning(const np_doc *doc, const char *a, const char *b) {
  size_t i;

  for (i = 0; i < doc->n_warnings; i++) {
    if (strstr(doc->warnings[i], a) && (!b || strstr(doc->warnings[i], b)))
      return 1;
  }
  return 0;
}

static void test_percent_decode(void) {
  char *s;

  s = np_percent_decode("a%20b%zz%2");
  g_assert_cmpstr(s, ==, "a b%zz%2");
  free(s);
  s = np_percent_decode("caf%C3%A9%2F%00x%");
  g_assert_cmpstr(s, ==, "caf\xC3\xA9/%00x%");
  free(s);
  g_assert_null(np_percent_decode(NULL));
}

static void test_data_uri(void) {
  unsigned char *data;
  size_t len;
  char *mime;
  np_error err;

  g_assert_cmpint(np_data_uri_decode("data:Image/PNG;base64,aGVs\n bG8=", &data,
                                     &len, &mime, &err),
                  ==, NP_OK);
  g_assert_cmpuint(len, ==, 5);
  g_assert_cmpmem(data, len, "hello", 5);
  g_assert_cmpstr(mime, ==, "image/png");
  free(data);
  free(mime);

  g_assert_cmpint(np_data_uri_decode("data:,caf%C3%A9%20au%00lait", &data, &len,
                                     &mime, &err),
                  ==, NP_OK);
  g_assert_cmpuint(len, ==, 13);
  g_assert_cmpmem(data, len, "caf\xC3\xA9 au\0lait", 13);
  g_assert_cmpstr(mime, ==, "text/plain");
  free(data);
  free(mime);

  /* missing padding is forgiven */
  g_assert_cmpint(np_data_uri_decode("data:text/plain;base64,aGk", &data, &len,
                                     &mime, &err),
                  ==, NP_OK);
  g_assert_cmpmem(data, len, "hi", 2);
  free(data);
  free(mime);

  g_assert_cmpint(np_data_uri_decode("data:image/png;base64,a@b=", &data, &len,
                                     &mime, &err),
                  ==, NP_ERR_IO);
  g_assert_null(data);
  g_assert_nonnull(strstr(err.message, "base64"));
  g_assert_cmpint(np_data_uri_decode("data:image/png;base64,aGVsb", &data, &len,
                                     &mime, &err),
                  ==, NP_ERR_IO);
  g_assert_cmpint(
      np_data_uri_decode("data:image/png", &data, &len, &mime, &err), ==,
      NP_ERR_IO);
  g_assert_cmpint(np_data_uri_decode("http://x/", &data, &len, &mime, &err), ==,
                  NP_ERR_IO);
}

static void test_srcset(void) {
  np_srcset_candidate c[NP_SRCSET_MAX];
  size_t n;

  n = np_srcset_parse(" a.jpg 300w,\n b.jpg 600w , c.jpg", c, NP_SRCSET_MAX);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpstr(c[0].url, ==, "a.jpg");
  g_assert_cmpfloat(c[0].width, ==, 300);
  g_assert_cmpstr(c[1].url, ==, "b.jpg");
  g_assert_cmpfloat(c[1].width, ==, 600);
  g_assert_cmpstr(c[2].url, ==, "c.jpg");
  g_assert_cmpfloat(c[2].width, ==, 0);
  g_assert_cmpfloat(c[2].density, ==, 1);
  np_srcset_free(c, n);

  n = np_srcset_parse("https://x/img,w_300.jpg 300w, https://x/img,w_600.jpg "
                      "600w",
                      c, NP_SRCSET_MAX);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpstr(c[0].url, ==, "https://x/img,w_300.jpg");
  g_assert_cmpstr(c[1].url, ==, "https://x/img,w_600.jpg");
  g_assert_cmpfloat(c[1].width, ==, 600);
  np_srcset_free(c, n);

  n = np_srcset_parse("data:image/png;base64,AAAA 1x, b.png 1.5x,c.png,", c,
                      NP_SRCSET_MAX);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpstr(c[0].url, ==, "data:image/png;base64,AAAA");
  g_assert_cmpfloat(c[0].density, ==, 1);
  g_assert_cmpstr(c[1].url, ==, "b.png");
  g_assert_cmpfloat(c[1].density, ==, 1.5);
  g_assert_cmpstr(c[2].url, ==, "c.png");
  np_srcset_free(c, n);

  n = np_srcset_parse("a.jpg 1x, b.jpg 2x, c.jpg 3x", c, 2);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpstr(c[1].url, ==, "b.jpg");
  np_srcset_free(c, n);
  g_assert_cmpuint(np_srcset_parse(" , ,", c, NP_SRCSET_MAX), ==, 0);
  g_assert_cmpuint(np_srcset_parse(NULL, c, NP_SRCSET_MAX), ==, 0);
}

static void test_local(fixture *f, gconstpointer data) {
  const np_resource *res;
  char *real;
  int i;

  i = image1(f, "./article_files/photo.jpg");
  g_assert_cmpint(i, ==, 0);
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_LOCAL);
  g_assert_cmpstr(res->url, ==, "./article_files/photo.jpg");
  real = real_of(f, "article_files/photo.jpg");
  g_assert_cmpstr(res->path, ==, real);
  free(real);
  g_assert_cmpstr(res->mime, ==, "image/jpeg");

  i = image1(f, " article_files/my%20photo.png?v=2 ");
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_LOCAL);
  g_assert_cmpstr(res->mime, ==, "image/png");

  i = image1(f, "article_files/caf%C3%A9.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);

  /* a symbolic link that stays inside is followed */
  i = image1(f, "article_files/alias.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
  g_assert_true(g_str_has_suffix(f->doc->resources[i].path, "/photo.jpg"));
  g_assert_cmpuint(f->doc->n_warnings, ==, 0);

  i = image1(f, "article_files/nothing.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_MISSING);
  g_assert_true(has_warning(f->doc, "missing", "article_files/nothing.jpg"));
}

static void test_confinement(fixture *f, gconstpointer data) {
  static const char *const refused[] = {
      "../../../../../../etc/passwd", "file:///etc/passwd", "/etc/passwd",
      "article_files/evil.jpg",       "../nothing/x.jpg",   "C:\\x\\y.jpg"};
  size_t k;
  int i;

  for (k = 0; k < G_N_ELEMENTS(refused); k++) {
    i = image1(f, refused[k]);
    g_assert_cmpint(i, >=, 0);
    g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_REFUSED);
    g_assert_null(f->doc->resources[i].path);
    g_assert_true(has_warning(f->doc, "refused", refused[k]));
  }
  g_assert_true(has_warning(f->doc, "evil.jpg", "outside the page's folder"));
  g_assert_true(has_warning(f->doc, "file:///etc/passwd", "file:"));
}

static void test_refused_then_local(fixture *f, gconstpointer data) {
  const char *c[] = {"../../../../etc/passwd", "article_files/photo.jpg"};
  int i = np_resolver_image(f->r, c, 2);

  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
  g_assert_true(has_warning(f->doc, "refused", "etc/passwd"));
}

static void test_remote(fixture *f, gconstpointer data) {
  const char *c[] = {"https://cdn.example/a/missing.jpg",
                     "//cdn.example/b.jpg"};
  const np_resource *res;
  char *real;
  int i;

  i = np_resolver_image(f->r, c, 2);
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_REMOTE);
  g_assert_cmpstr(res->url, ==, "https://cdn.example/a/missing.jpg");
  g_assert_true(has_warning(f->doc,
                            "image not saved with the page, kept as a link: "
                            "https://cdn.example/a/missing.jpg",
                            NULL));
  g_assert_cmpuint(f->doc->n_warnings, ==, 1);

  i = image1(f, "//cdn.example/b.jpg");
  g_assert_cmpstr(f->doc->resources[i].url, ==, "https://cdn.example/b.jpg");

  /* the saved copy in article_files is used for a remote URL */
  i = image1(f, "https://cdn.example/2024/photo.jpg?w=300#x");
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_LOCAL);
  g_assert_cmpstr(res->url, ==, "https://cdn.example/2024/photo.jpg?w=300#x");
  real = real_of(f, "article_files/photo.jpg");
  g_assert_cmpstr(res->path, ==, real);
  free(real);
  i = image1(f, "https://cdn.example/my%20photo.png");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
  /* but never a file outside through a symbolic link */
  i = image1(f, "https://cdn.example/evil.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_REMOTE);
}

static void test_base(fixture *f, gconstpointer data) {
  const np_resource *res;
  int i;

  np_resolver_set_base(f->r, "sub/");
  i = image1(f, "inner.gif");
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_LOCAL);
  g_assert_cmpstr(res->url, ==, "sub/inner.gif");
  g_assert_cmpstr(res->mime, ==, "image/gif");
  i = image1(f, "../../etc/passwd");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_REFUSED);

  np_resolver_set_base(f->r, "https://cdn.example/img/");
  i = image1(f, "a.jpg");
  res = &f->doc->resources[i];
  g_assert_cmpint(res->kind, ==, NP_RES_REMOTE);
  g_assert_cmpstr(res->url, ==, "https://cdn.example/img/a.jpg");
  g_assert_cmpstr(res->mime, ==, "image/jpeg");
  i = image1(f, "../x/photo.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
  g_assert_cmpstr(f->doc->resources[i].url, ==,
                  "https://cdn.example/x/photo.jpg");

  np_resolver_set_base(f->r, NULL);
  i = image1(f, "sub/inner.gif");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
}

static void test_placeholders(fixture *f, gconstpointer data) {
  const char *lazy[] = {"", PIXEL_GIF_URI, "article_files/photo.jpg"};
  const char *only[] = {NULL,
                        " ",
                        "#",
                        "about:blank",
                        PIXEL_GIF_URI,
                        "article_files/pixel.gif",
                        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/"
                        "2000/svg' viewBox='0 0 3 2'%3E%3C/svg%3E"};
  int i;

  i = np_resolver_image(f->r, lazy, G_N_ELEMENTS(lazy));
  g_assert_cmpint(i, >=, 0);
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_LOCAL);
  g_assert_cmpint(np_resolver_image(f->r, only, G_N_ELEMENTS(only)), ==, -1);
  g_assert_cmpint(np_resolver_image(f->r, only, 0), ==, -1);
  g_assert_cmpuint(f->doc->n_resources, ==, 1);
}

static void test_data_image(fixture *f, gconstpointer data) {
  unsigned char png[IMAGE_BYTES] = {0}, *bytes;
  char *b64, *uri, *svg;
  size_t len;
  np_error err;
  int i;

  memcpy(png, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x20\0\0\0\x20", 24);
  b64 = g_base64_encode(png, sizeof png);
  /* declared wrongly: the bytes decide the media type */
  uri = g_strdup_printf("data:image/jpeg;base64,%.40s\n  %s", b64, b64 + 40);
  i = image1(f, uri);
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_DATA);
  g_assert_cmpstr(f->doc->resources[i].mime, ==, "image/png");
  g_assert_cmpint(np_resource_read(f->doc, i, 1 << 20, &bytes, &len, &err), ==,
                  NP_OK);
  g_assert_cmpmem(bytes, len, png, sizeof png);
  free(bytes);
  g_assert_cmpint(np_resource_read(f->doc, i, 10, &bytes, &len, &err), ==,
                  NP_ERR_IO);

  svg = g_strdup("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/"
                 "svg'><circle r='4'/></svg>");
  i = image1(f, svg);
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_DATA);
  g_assert_cmpstr(f->doc->resources[i].mime, ==, "image/svg+xml");

  g_assert_cmpint(image1(f, "data:image/png;base64,!!!!"), ==, -1);
  g_assert_true(has_warning(f->doc, "skipped", "base64"));
  g_free(svg);
  g_free(uri);
  g_free(b64);
}

static void test_read(fixture *f, gconstpointer data) {
  unsigned char *bytes;
  char *path, *expected;
  size_t len, expected_len;
  np_error err;
  int local, remote;

  local = image1(f, "article_files/photo.jpg");
  remote = image1(f, "https://cdn.example/zz.jpg");
  g_assert_cmpint(np_resource_read(f->doc, local, 1 << 20, &bytes, &len, &err),
                  ==, NP_OK);
  path = g_build_filename(f->dir, "article_files", "photo.jpg", NULL);
  g_assert_true(g_file_get_contents(path, &expected, &expected_len, NULL));
  g_assert_cmpmem(bytes, len, expected, expected_len);
  free(bytes);
  /* over the limit: named as the page wrote it, not by its real path */
  g_assert_cmpint(
      np_resource_read(f->doc, local, expected_len - 1, &bytes, &len, &err), ==,
      NP_ERR_IO);
  g_assert_null(bytes);
  g_assert_true(g_str_has_prefix(err.message, "article_files/photo.jpg: "
                                              "larger than the limit of "));
  g_free(expected);
  g_assert_cmpint(np_resource_read(f->doc, remote, 1 << 20, &bytes, &len, &err),
                  ==, NP_ERR_IO);
  g_assert_null(bytes);
  g_assert_cmpint(np_resource_read(f->doc, 99, 1 << 20, &bytes, &len, &err), ==,
                  NP_ERR_IO);

  /* the file was swapped for a link outside after resolution */
  g_assert_cmpint(g_unlink(path), ==, 0);
  g_assert_cmpint(symlink("/etc/passwd", path), ==, 0);
  g_assert_cmpint(np_resource_read(f->doc, local, 1 << 20, &bytes, &len, &err),
                  ==, NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, "not inside the page"));
  g_free(path);
}

static void test_no_folder(fixture *f, gconstpointer data) {
  int i;

  i = image1(f, "article_files/photo.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_REFUSED);
  g_assert_true(has_warning(f->doc, "refused", "no folder"));
  i = image1(f, "https://cdn.example/photo.jpg");
  g_assert_cmpint(f->doc->resources[i].kind, ==, NP_RES_REMOTE);
}

static void test_hostile(fixture *f, gconstpointer data) {
  size_t big = 1u << 20, i;
  char *huge = g_malloc(big + 1);
  int k;

  memset(huge, 'a', big);
  huge[big] = '\0';
  k = image1(f, huge);
  g_assert_cmpint(f->doc->resources[k].kind, ==, NP_RES_REFUSED);
  for (i = 0; i < f->doc->n_warnings; i++)
    g_assert_cmpuint(strlen(f->doc->warnings[i]), <, 400);
  g_assert_null(np_resolver_link(f->r, huge));
  k = image1(f, "%%%ZZ%/%2e%2e/%2e%2e/%2e%2e/x%");
  g_assert_cmpint(f->doc->resources[k].kind, !=, NP_RES_LOCAL);
  g_assert_cmpint(image1(f, "data:;base64,===="), ==, -1);
  g_assert_cmpint(image1(f, "data:image/png;base64,%zz"), ==, -1);
  g_free(huge);
}

static void test_links(fixture *f, gconstpointer data) {
  np_resolver *r = f->r;

  g_assert_cmpstr(np_resolver_link(r, "#note-1"), ==, "#note-1");
  g_assert_null(np_resolver_link(r, "javascript:void(0)"));
  g_assert_null(np_resolver_link(r, "  JaVa\nScript:alert(1)"));
  g_assert_null(np_resolver_link(r, "vbscript:x"));
  g_assert_null(np_resolver_link(r, "data:text/html,<b>x</b>"));
  g_assert_null(np_resolver_link(r, ""));
  g_assert_null(np_resolver_link(r, NULL));
  g_assert_cmpstr(np_resolver_link(r, "mailto:a@example.org"), ==,
                  "mailto:a@example.org");
  g_assert_cmpstr(np_resolver_link(r, "tel:+15551234"), ==, "tel:+15551234");
  g_assert_cmpstr(np_resolver_link(r, "../other.html"), ==, "../other.html");
  g_assert_cmpstr(np_resolver_link(r, "//example.org/x"), ==,
                  "https://example.org/x");

  np_resolver_set_page_url(r, "https://news.example/world/2024/story.html");
  g_assert_cmpstr(np_resolver_link(r, "../other.html?a=1#b"), ==,
                  "https://news.example/world/other.html?a=1#b");
  g_assert_cmpstr(np_resolver_link(r, "/about"), ==,
                  "https://news.example/about");
  g_assert_cmpstr(np_resolver_link(r, "https://elsewhere.example/p"), ==,
                  "https://elsewhere.example/p");
  g_assert_cmpstr(np_resolver_link(r, "#top"), ==, "#top");

  np_resolver_set_base(r, "sub/");
  g_assert_cmpstr(np_resolver_link(r, "x.html"), ==,
                  "https://news.example/world/2024/sub/x.html");
  np_resolver_set_base(r, "https://base.example/dir/");
  g_assert_cmpstr(np_resolver_link(r, "x.html"), ==,
                  "https://base.example/dir/x.html");
  np_resolver_set_base(r, "javascript:alert(1)//");
  g_assert_null(np_resolver_link(r, "x"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/resource/percent_decode", test_percent_decode);
  g_test_add_func("/resource/data_uri", test_data_uri);
  g_test_add_func("/resource/srcset", test_srcset);
#define ADD(name, fn, no_folder)                                               \
  g_test_add(name, fixture, no_folder, fixture_set_up, fn, fixture_tear_down)
  ADD("/resource/local", test_local, NULL);
  ADD("/resource/confinement", test_confinement, NULL);
  ADD("/resource/refused_then_local", test_refused_then_local, NULL);
  ADD("/resource/remote", test_remote, NULL);
  ADD("/resource/base", test_base, NULL);
  ADD("/resource/placeholders", test_placeholders, NULL);
  ADD("/resource/data_image", test_data_image, NULL);
  ADD("/resource/read", test_read, NULL);
  ADD("/resource/no_folder", test_no_folder, "no folder");
  ADD("/resource/hostile", test_hostile, NULL);
  ADD("/resource/links", test_links, NULL);
#undef ADD
  return g_test_run();
}
