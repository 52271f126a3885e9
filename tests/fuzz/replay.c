/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files without
 * libFuzzer, for the test suite: each file given, or each file of each
 * folder given (in name order); "-max_len=N" first cuts every input to N
 * bytes, as libFuzzer's option does. Prints how many inputs ran; a bug
 * shows as a sanitizer report, an abort or a valgrind error. Exit status 0
 * when every input ran, 1 when a file could not be read, 2 on usage. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

/* Largest input file read. */
#define NP_REPLAY_MAX ((size_t)16 * 1024 * 1024)

/* Inputs are cut to this many bytes (-max_len=N). */
static size_t np_replay_max_len = NP_REPLAY_MAX;

/* Reads path and runs it; returns 0, or 1 when it cannot be read. */
static int np_replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t len = 0;
  int rc = 1;
  long size;

  if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
      (size_t)size > NP_REPLAY_MAX || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    goto done;
  }
  /* an exact-size copy, so that a read past the end is caught */
  buf = malloc(size ? (size_t)size : 1);
  if (!buf)
    goto done;
  len = fread(buf, 1, (size_t)size, f);
  if (len != (size_t)size) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    goto done;
  }
  if (len > np_replay_max_len)
    len = np_replay_max_len;
  fprintf(stderr, "replay: %s\n", path);
  LLVMFuzzerTestOneInput(buf, len);
  rc = 0;
done:
  free(buf);
  if (f)
    fclose(f);
  return rc;
}

/* qsort comparator of two file names. */
static int np_replay_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of the folder dir in name order; adds to *count.
 * Returns 0, or 1 when the folder or a file cannot be read. */
static int np_replay_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int rc = 0;

  if (!d) {
    fprintf(stderr, "replay: cannot open %s\n", dir);
    return 1;
  }
  while ((e = readdir(d)) != NULL) {
    char *path;
    struct stat st;

    if (e->d_name[0] == '.')
      continue;
    path = malloc(strlen(dir) + strlen(e->d_name) + 2);
    if (!path)
      abort();
    sprintf(path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(path);
      continue;
    }
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      names = realloc(names, cap * sizeof *names);
      if (!names)
        abort();
    }
    names[n++] = path;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, np_replay_cmp);
  for (i = 0; i < n; i++) {
    rc |= np_replay_file(names[i]);
    (*count)++;
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int i = 1, rc = 0;
  struct stat st;
  char *end;

  if (argc > 1 && strncmp(argv[1], "-max_len=", 9) == 0) {
    np_replay_max_len = strtoul(argv[1] + 9, &end, 10);
    if (*end || end == argv[1] + 9) {
      fprintf(stderr, "replay: bad %s\n", argv[1]);
      return 2;
    }
    i++;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: %s [-max_len=N] FILE|FOLDER...\n", argv[0]);
    return 2;
  }
  for (; i < argc; i++) {
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      rc |= np_replay_dir(argv[i], &count);
    } else {
      rc |= np_replay_file(argv[i]);
      count++;
    }
  }
  printf("%zu inputs replayed\n", count);
  return rc;
}
