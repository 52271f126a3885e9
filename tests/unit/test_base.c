/* test_base.c: unit tests of the arena, buffers, file helpers and white
 * space functions. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
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

static void test_error_set(void) {
  np_error err;

  g_assert_cmpint(np_error_set(&err, NP_ERR_USAGE, "%s: %d", "x", 3), ==,
                  NP_ERR_USAGE);
  g_assert_cmpstr(err.message, ==, "x: 3");
  g_assert_cmpint(np_error_set(NULL, NP_ERR_IO, "ignored"), ==, NP_ERR_IO);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/arena", test_arena);
  g_test_add_func("/base/buf", test_buf);
  g_test_add_func("/base/collapse-space", test_collapse_space);
  g_test_add_func("/base/read-file", test_read_file);
  g_test_add_func("/base/write-atomic", test_write_atomic);
  g_test_add_func("/base/write-special-files", test_write_special_files);
  g_test_add_func("/base/error-set", test_error_set);
  return g_test_run();
}
