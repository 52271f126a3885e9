/* test_base.c: unit tests of the arena, buffers, file helpers and white
 * space functions. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

static void test_arena(void) {
  np_arena *a = np_arena_new();
  char *big, *s;
  unsigned char *z;
  int i;

  for (i = 0; i < 10000; i++) {
    z = np_arena_alloc(a, 24);
    g_assert_cmpuint((guintptr)z % 16, ==, 0);
    g_assert_cmpint(z[0] | z[23], ==, 0);
    memset(z, 0xff, 24);
  }
  big = np_arena_alloc(a, 1 << 20);
  memset(big, 'x', 1 << 20);
  s = np_arena_strdup(a, "after the big one");
  g_assert_cmpstr(s, ==, "after the big one");
  g_assert_null(np_arena_strdup(a, NULL));
  s = np_arena_printf(a, "%d-%s", 42, "x");
  g_assert_cmpstr(s, ==, "42-x");
  np_arena_free(a);
  np_arena_free(NULL);
}

static void test_buf(void) {
  np_buf b = NP_BUF_INIT;
  char *s;
  int i;

  g_assert_cmpstr(np_buf_cstr(&b), ==, "");
  for (i = 0; i < 1000; i++)
    np_buf_printf(&b, "%d,", i);
  g_assert_true(g_str_has_prefix(np_buf_cstr(&b), "0,1,2,"));
  g_assert_true(g_str_has_suffix(np_buf_cstr(&b), "998,999,"));
  np_buf_clear(&b);
  np_buf_puts(&b, "ab");
  np_buf_putc(&b, 'c');
  np_buf_add(&b, "def", 2);
  g_assert_cmpuint(b.len, ==, 5);
  s = np_buf_steal(&b);
  g_assert_cmpstr(s, ==, "abcde");
  g_assert_null(b.data);
  free(s);
  s = np_buf_steal(&b);
  g_assert_cmpstr(s, ==, "");
  free(s);
}

static void test_collapse_space(void) {
  char s1[] = "  a \t\n b\xc2\xa0\xc2\xa0 c  ";
  char s2[] = "\xe2\x80\x8b";
  char s3[] = "x\xffy  z";

  g_assert_cmpstr(np_collapse_space(s1), ==, "a b c");
  g_assert_cmpstr(np_collapse_space(s2), ==, "");
  g_assert_cmpstr(np_collapse_space(s3), ==, "x\xffy z");
  g_assert_true(np_is_blank(NULL));
  g_assert_true(np_is_blank(" \xc2\xa0\t"));
  g_assert_false(np_is_blank(" a "));
}

static void test_read_file(void) {
  char *dir = g_dir_make_tmp("np-base-XXXXXX", NULL);
  char *path = g_build_filename(dir, "f.txt", NULL);
  np_error err;
  size_t len = 0;
  char *data;

  g_assert_true(g_file_set_contents(path, "hello", 5, NULL));
  data = np_read_file(path, 100, &len, &err);
  g_assert_cmpstr(data, ==, "hello");
  g_assert_cmpuint(len, ==, 5);
  free(data);
  g_assert_null(np_read_file(path, 4, &len, &err));
  g_assert_nonnull(strstr(err.message, "larger than the limit"));
  g_assert_null(np_read_file(dir, 100, &len, &err));
  g_assert_nonnull(strstr(err.message, "is a directory"));
  g_assert_cmpint(err.status, ==, NP_ERR_IO);
  g_unlink(path);
  g_assert_null(np_read_file(path, 100, &len, &err));
  g_assert_nonnull(strstr(err.message, "f.txt: cannot open"));
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* A regular file over the limit is refused from its size, before a byte is
 * read: a sparse file of a terabyte costs nothing. Standard input (a pipe)
 * is read up to the limit. */
static void test_read_refuses_early(void) {
  char *dir = g_dir_make_tmp("np-base-XXXXXX", NULL);
  char *path = g_build_filename(dir, "huge.html", NULL);
  np_error err;
  size_t len = 0;
  int fd, pipefd[2];
  char *data;

  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(write(fd, "<p>", 3), ==, 3);
  g_assert_cmpint(ftruncate(fd, (off_t)1 << 40), ==, 0);
  close(fd);
  g_assert_null(np_read_file(path, (size_t)64 << 20, &len, &err));
  g_assert_cmpint(err.status, ==, NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, "huge.html: larger than the limit of "
                                       "67108864 bytes"));
  /* exactly at the limit is read */
  fd = open(path, O_WRONLY | O_TRUNC);
  g_assert_cmpint(write(fd, "abcdef", 6), ==, 6);
  close(fd);
  data = np_read_file(path, 6, &len, &err);
  g_assert_cmpstr(data, ==, "abcdef");
  g_assert_cmpuint(len, ==, 6);
  free(data);
  g_assert_null(np_read_file(path, 5, &len, &err));
  /* a pipe says no size: read up to the limit, refused past it */
  g_assert_cmpint(pipe(pipefd), ==, 0);
  g_assert_cmpint(write(pipefd[1], "0123456789", 10), ==, 10);
  close(pipefd[1]);
  g_assert_null(np_read_fd(pipefd[0], "standard input", 9, &len, &err));
  g_assert_cmpstr(err.message, ==,
                  "standard input: larger than the limit of 9 bytes");
  close(pipefd[0]);
  g_assert_cmpint(pipe(pipefd), ==, 0);
  g_assert_cmpint(write(pipefd[1], "0123456789", 10), ==, 10);
  close(pipefd[1]);
  data = np_read_fd(pipefd[0], "standard input", 10, &len, &err);
  g_assert_cmpstr(data, ==, "0123456789");
  free(data);
  close(pipefd[0]);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* Balances s as one block and compares with want. */
static void assert_bidi(const char *s, const char *want) {
  char *got = np_bidi_balance(s);

  g_assert_cmpstr(got, ==, want);
  free(got);
}

#define LRE "\xe2\x80\xaa"
#define RLE "\xe2\x80\xab"
#define PDF "\xe2\x80\xac"
#define RLO "\xe2\x80\xae"
#define LRI "\xe2\x81\xa6"
#define RLI "\xe2\x81\xa7"
#define PDI "\xe2\x81\xa9"

static void test_bidi_balance(void) {
  np_bidi st = NP_BIDI_INIT;
  np_buf out = NP_BUF_INIT;
  GString *deep = g_string_new(NULL), *want = g_string_new(NULL);
  int i;

  g_assert_null(np_bidi_balance(NULL));
  assert_bidi("plain", "plain");
  assert_bidi("", "");
  /* balanced text is kept as it is */
  assert_bidi("a " RLO "b" PDF " " RLI "c" PDI,
              "a " RLO "b" PDF " " RLI "c" PDI);
  /* an unterminated override or isolate is closed at the end */
  assert_bidi("a " RLO "reversed", "a " RLO "reversed" PDF);
  assert_bidi(LRI "x " RLE "y", LRI "x " RLE "y" PDF PDI);
  /* closers that close nothing are dropped */
  assert_bidi(PDF "a" PDI "b" PDF, "ab");
  /* a PDF does not close across an isolate */
  assert_bidi(RLE "a" LRI "b" PDF "c" PDI "d", RLE "a" LRI "bc" PDI "d" PDF);
  /* a PDI closes the embeddings opened inside its isolate first */
  assert_bidi(RLI "a" RLO "b" PDI "c", RLI "a" RLO "b" PDF PDI "c");
  /* openers past the maximum depth are dropped with their closers */
  for (i = 0; i < NP_BIDI_MAX_DEPTH + 5; i++)
    g_string_append(deep, RLE);
  g_string_append(deep, "x");
  for (i = 0; i < 3; i++)
    g_string_append(deep, PDF);
  for (i = 0; i < NP_BIDI_MAX_DEPTH; i++)
    g_string_append(want, RLE);
  g_string_append(want, "x");
  for (i = 0; i < NP_BIDI_MAX_DEPTH; i++)
    g_string_append(want, PDF);
  assert_bidi(deep->str, want->str);
  /* the state runs across the texts of one block */
  g_assert_cmpint(np_bidi_feed(&st, &out, "a " RLO "b", 6), ==, 0);
  g_assert_cmpint(np_bidi_feed(&st, &out, " c" PDF PDF, 8), ==, 1);
  g_assert_cmpint(np_bidi_feed(&st, &out, LRI "d", 4), ==, 0);
  np_bidi_close(&st, &out);
  g_assert_cmpstr(np_buf_cstr(&out), ==, "a " RLO "b c" PDF LRI "d" PDI);
  g_assert_cmpint(st.depth, ==, 0);
  g_assert_true(np_bidi_has_controls("x" PDI, 4));
  g_assert_false(np_bidi_has_controls("x\xe2\x80\x94 \xe2\x81", 6));
  np_buf_free(&out);
  g_string_free(deep, TRUE);
  g_string_free(want, TRUE);
}

static void test_strip_controls(void) {
  char s[] = "a\x01"
             "b\x7f\tc\nd\re\xc2\x80"
             "f\xc2\x85g\xc2\xa0h\x1b";

  g_assert_true(np_has_controls(s));
  g_assert_false(np_has_controls("tab\tand\nnewline\r \xc2\xa0\xc3\xa9"));
  g_assert_false(np_has_controls(NULL));
  g_assert_cmpstr(np_strip_controls(s), ==, "ab\tc\nd\ref g\xc2\xa0h");
  g_assert_null(np_strip_controls(NULL));
}

static void test_write_atomic(void) {
  char *dir = g_dir_make_tmp("np-base-XXXXXX", NULL);
  char *path = g_build_filename(dir, "out.txt", NULL);
  char *missing = g_build_filename(dir, "no", "out.txt", NULL);
  char *contents = NULL;
  np_error err;
  GDir *d;
  int entries = 0;

  g_assert_cmpint(np_write_file_atomic(path, "one", 3, &err), ==, NP_OK);
  g_assert_cmpint(np_write_file_atomic(path, "two!", 4, &err), ==, NP_OK);
  g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
  g_assert_cmpstr(contents, ==, "two!");
  g_free(contents);
  /* a directory at the path: fails, no temporary file is left */
  g_assert_cmpint(np_write_file_atomic(dir, "x", 1, &err), ==, NP_ERR_IO);
  g_assert_cmpint(np_write_file_atomic(missing, "x", 1, &err), ==, NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, "cannot write"));
  d = g_dir_open(dir, 0, NULL);
  while (g_dir_read_name(d))
    entries++;
  g_dir_close(d);
  g_assert_cmpint(entries, ==, 1);
  g_unlink(path);
  g_rmdir(dir);
  g_free(missing);
  g_free(path);
  g_free(dir);
}

static void test_write_special_files(void) {
  char *dir = g_dir_make_tmp("np-base-XXXXXX", NULL);
  char *target = g_build_filename(dir, "target.txt", NULL);
  char *link = g_build_filename(dir, "link.txt", NULL);
  char *fifo = g_build_filename(dir, "fifo", NULL);
  char *contents = NULL;
  char got[8] = {0};
  struct stat st;
  np_error err;
  int reader;

  /* a FIFO (like a device) is written in place, never replaced */
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  reader = open(fifo, O_RDONLY | O_NONBLOCK);
  g_assert_cmpint(reader, >=, 0);
  g_assert_cmpint(np_write_file_atomic(fifo, "abc", 3, &err), ==, NP_OK);
  g_assert_cmpint(read(reader, got, sizeof got), ==, 3);
  g_assert_cmpstr(got, ==, "abc");
  close(reader);
  g_assert_cmpint(stat(fifo, &st), ==, 0);
  g_assert_true(S_ISFIFO(st.st_mode));
  g_unlink(fifo);
  g_free(fifo);
  /* a symbolic link keeps being a link; its target gets the bytes */
  g_assert_true(g_file_set_contents(target, "old", 3, NULL));
  g_assert_cmpint(symlink(target, link), ==, 0);
  g_assert_cmpint(np_write_file_atomic(link, "new", 3, &err), ==, NP_OK);
  g_assert_cmpint(lstat(link, &st), ==, 0);
  g_assert_true(S_ISLNK(st.st_mode));
  g_assert_true(g_file_get_contents(target, &contents, NULL, NULL));
  g_assert_cmpstr(contents, ==, "new");
  g_free(contents);
  g_unlink(link);
  g_unlink(target);
  g_rmdir(dir);
  g_free(link);
  g_free(target);
  g_free(dir);
}

/* The cleanup handlers replace default dispositions, never nohup's ignored
 * SIGHUP. */
static void test_signal_cleanup_keeps_ignored(void) {
  struct sigaction hup, term, old_hup, old_term;

  sigaction(SIGHUP, NULL, &old_hup);
  sigaction(SIGTERM, NULL, &old_term);
  signal(SIGHUP, SIG_IGN);
  signal(SIGTERM, SIG_DFL);
  np_install_signal_cleanup();
  sigaction(SIGHUP, NULL, &hup);
  sigaction(SIGTERM, NULL, &term);
  g_assert_true(hup.sa_handler == SIG_IGN);
  g_assert_true(term.sa_handler != SIG_IGN && term.sa_handler != SIG_DFL);
  sigaction(SIGHUP, &old_hup, NULL);
  sigaction(SIGTERM, &old_term, NULL);
}

/* A library is opened and its functions found; a missing library or
 * function is an error that names it. */
/* Language tags: BCP 47's shape, nothing that could break out of a PDF
 * or XML string. */
static void test_lang_tag(void) {
  static const char *const good[] = {"en",         "pt-BR",     "zh-Hant-TW",
                                     "de-CH-1996", "sgn-BE-FR", "x-klingon"};
  static const char *const bad[] = {"",
                                    "e",
                                    "x",
                                    "q-abc",
                                    "en-",
                                    "-en",
                                    "en--GB",
                                    "en GB",
                                    "en_GB",
                                    "1en",
                                    "e1",
                                    "toolongsubtag",
                                    "en) /OpenAction (x",
                                    "en-abcdefghi",
                                    "fr-\xc3\xa9",
                                    "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd"};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(good); i++)
    g_assert_true(np_lang_tag_ok(good[i]));
  for (i = 0; i < G_N_ELEMENTS(bad); i++)
    g_assert_false(np_lang_tag_ok(bad[i]));
  g_assert_false(np_lang_tag_ok(NULL));
}

static void test_library_open(void) {
  static const char *const good[] = {"cos", "sqrt"};
  static const char *const bad[] = {"cos", "np_no_such_function"};
  void *syms[2] = {NULL, NULL};
  char *why = NULL;
  double (*cosine)(double);

  g_assert_true(np_library_open("libm.so.6", good, 2, syms, &why));
  g_assert_null(why);
  cosine = (double (*)(double))syms[0];
  g_assert_cmpfloat(cosine(0.0), ==, 1.0);
  g_assert_nonnull(syms[1]);

  g_assert_false(
      np_library_open("libnp-no-such-library.so.9", good, 2, syms, &why));
  g_assert_nonnull(strstr(why, "libnp-no-such-library.so.9"));
  free(why);
  why = NULL;
  g_assert_false(np_library_open("libm.so.6", bad, 2, syms, &why));
  g_assert_nonnull(strstr(why, "np_no_such_function"));
  free(why);
}

static void test_error_set(void) {
  np_error err;

  g_assert_cmpint(np_error_set(&err, NP_ERR_USAGE, "%s: %d", "x", 3), ==,
                  NP_ERR_USAGE);
  g_assert_cmpstr(err.message, ==, "x: 3");
  g_assert_cmpint(np_error_set(NULL, NP_ERR_IO, "ignored"), ==, NP_ERR_IO);
}

/* References resolved as browsers do; one GLib cannot write back gives
 * NULL, not a critical (which g_test_init makes fatal). */
static void test_url_resolve(void) {
  static const struct {
    const char *base, *ref, *want;
  } cases[] = {
      {"https://a.example/x/y.html", "img/p.png",
       "https://a.example/x/img/p.png"},
      {"https://a.example/x/y.html", "/p.png", "https://a.example/p.png"},
      {"https://a.example/x/y.html", "//cdn.example/p.png",
       "https://cdn.example/p.png"},
      {"https://a.example/x/y.html", "../../../p.png",
       "https://a.example/p.png"},
      {"https://a.example/x/y.html", "a%20b.png",
       "https://a.example/x/a%20b.png"},
      {"https://a.example/x/y.html", "https://b.example/q?x=1#f",
       "https://b.example/q?x=1#f"},
      {"https://a.example/x/", "cid:part@x", "cid:part@x"},
      {"https://news.ndary=i",
       "https://news.exampir=3D\"ltr\">Donauated; type=\"textstart=\"<r@oot."
       "part@example.invalid>\"ive; boundary=i",
       NULL},
      {"not a url", "p.png", NULL},
      {"https://a.example/", "//h:99999x/y", NULL},
  };
  char *got;

  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    got = np_url_resolve(cases[i].base, cases[i].ref);
    g_assert_cmpstr(got, ==, cases[i].want);
    g_free(got);
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/url-resolve", test_url_resolve);
  g_test_add_func("/base/arena", test_arena);
  g_test_add_func("/base/buf", test_buf);
  g_test_add_func("/base/collapse-space", test_collapse_space);
  g_test_add_func("/base/read-file", test_read_file);
  g_test_add_func("/base/read-refuses-early", test_read_refuses_early);
  g_test_add_func("/base/bidi-balance", test_bidi_balance);
  g_test_add_func("/base/strip-controls", test_strip_controls);
  g_test_add_func("/base/write-atomic", test_write_atomic);
  g_test_add_func("/base/write-special-files", test_write_special_files);
  g_test_add_func("/base/signal-cleanup-keeps-ignored",
                  test_signal_cleanup_keeps_ignored);
  g_test_add_func("/base/error-set", test_error_set);
  g_test_add_func("/base/library-open", test_library_open);
  g_test_add_func("/base/lang-tag", test_lang_tag);
  return g_test_run();
}
