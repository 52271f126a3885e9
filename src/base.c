/* base.c: memory, arena, string builder, errors and file reading. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest temporary output path the signal handler can remove. */
#define NP_TMP_PATH_MAX 4096

/* Size of an arena chunk; larger requests get a chunk of their own. */
#define NP_ARENA_CHUNK 65536
#define NP_ARENA_ALIGN 16

struct np_chunk {
  struct np_chunk *next;
  size_t used;
  size_t size;
  _Alignas(NP_ARENA_ALIGN) unsigned char data[];
};

struct np_arena {
  struct np_chunk *head;
};

static void np_oom(void) {
  fputs("newsprint: out of memory\n", stderr);
  abort();
}

np_status np_error_set(np_error *err, np_status status, const char *fmt, ...) {
  va_list ap;

  if (err) {
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  }
  return status;
}

void *np_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);

  if (!p)
    np_oom();
  return p;
}

void *np_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);

  if (!p)
    np_oom();
  return p;
}

void *np_xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);

  if (!p)
    np_oom();
  return p;
}

char *np_xstrdup(const char *s) { return s ? np_xstrndup(s, strlen(s)) : NULL; }

char *np_xstrndup(const char *s, size_t len) {
  char *p = np_xmalloc(len + 1);

  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void np_grow(void **array, size_t *cap, size_t need, size_t elem_size) {
  size_t n = *cap ? *cap : 8;

  if (need <= *cap)
    return;
  while (n < need) {
    if (n > SIZE_MAX / 2)
      np_oom();
    n *= 2;
  }
  if (n > SIZE_MAX / elem_size)
    np_oom();
  *array = np_xrealloc(*array, n * elem_size);
  *cap = n;
}

np_arena *np_arena_new(void) { return np_xcalloc(1, sizeof(np_arena)); }

void np_arena_free(np_arena *arena) {
  struct np_chunk *c, *next;

  if (!arena)
    return;
  for (c = arena->head; c; c = next) {
    next = c->next;
    free(c);
  }
  free(arena);
}

void *np_arena_alloc(np_arena *arena, size_t size) {
  struct np_chunk *c = arena->head;
  size_t rounded, chunk_size;
  void *p;

  if (size > SIZE_MAX - NP_ARENA_ALIGN - sizeof(struct np_chunk))
    np_oom();
  rounded = (size + NP_ARENA_ALIGN - 1) & ~(size_t)(NP_ARENA_ALIGN - 1);
  if (!c || c->size - c->used < rounded) {
    chunk_size = rounded > NP_ARENA_CHUNK ? rounded : NP_ARENA_CHUNK;
    c = np_xmalloc(sizeof(struct np_chunk) + chunk_size);
    c->used = 0;
    c->size = chunk_size;
    if (arena->head && rounded > NP_ARENA_CHUNK) {
      /* keep the partly used chunk at the head for later small requests */
      c->next = arena->head->next;
      arena->head->next = c;
    } else {
      c->next = arena->head;
      arena->head = c;
    }
  }
  p = c->data + c->used;
  c->used += rounded;
  memset(p, 0, size);
  return p;
}

char *np_arena_strndup(np_arena *arena, const char *s, size_t len) {
  char *p = np_arena_alloc(arena, len + 1);

  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *np_arena_strdup(np_arena *arena, const char *s) {
  return s ? np_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *np_arena_printf(np_arena *arena, const char *fmt, ...) {
  np_buf buf = NP_BUF_INIT;
  va_list ap;
  char *s;

  va_start(ap, fmt);
  np_buf_vprintf(&buf, fmt, ap);
  va_end(ap);
  s = np_arena_strndup(arena, np_buf_cstr(&buf), buf.len);
  np_buf_free(&buf);
  return s;
}

void np_buf_add(np_buf *buf, const char *s, size_t len) {
  if (len > SIZE_MAX - buf->len - 1)
    np_oom();
  np_grow((void **)&buf->data, &buf->cap, buf->len + len + 1, 1);
  if (len)
    memcpy(buf->data + buf->len, s, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
}

void np_buf_puts(np_buf *buf, const char *s) {
  if (s)
    np_buf_add(buf, s, strlen(s));
}

void np_buf_putc(np_buf *buf, char c) { np_buf_add(buf, &c, 1); }

void np_buf_vprintf(np_buf *buf, const char *fmt, va_list ap) {
  va_list copy;
  int n;

  va_copy(copy, ap);
  n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0)
    return;
  np_grow((void **)&buf->data, &buf->cap, buf->len + (size_t)n + 1, 1);
  vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
  buf->len += (size_t)n;
}

void np_buf_printf(np_buf *buf, const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  np_buf_vprintf(buf, fmt, ap);
  va_end(ap);
}

const char *np_buf_cstr(np_buf *buf) { return buf->data ? buf->data : ""; }

char *np_buf_steal(np_buf *buf) {
  char *s = buf->data ? buf->data : np_xstrdup("");

  buf->data = NULL;
  buf->len = buf->cap = 0;
  return s;
}

void np_buf_truncate(np_buf *buf, size_t len) {
  if (!buf->data || len >= buf->len)
    return;
  buf->len = len;
  buf->data[len] = '\0';
}

void np_buf_clear(np_buf *buf) {
  buf->len = 0;
  if (buf->data)
    buf->data[0] = '\0';
}

void np_buf_free(np_buf *buf) {
  free(buf->data);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}

char *np_read_file(const char *path, size_t max_bytes, size_t *len,
                   np_error *err) {
  FILE *f = NULL;
  np_buf buf = NP_BUF_INIT;
  char chunk[65536];
  char *result = NULL;
  struct stat st;
  size_t n;

  f = fopen(path, "rb");
  if (!f) {
    np_error_set(err, NP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    goto done;
  }
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    np_error_set(err, NP_ERR_IO, "%s: is a directory", path);
    goto done;
  }
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (buf.len + n > max_bytes) {
      np_error_set(err, NP_ERR_IO, "%s: larger than the limit of %zu bytes",
                   path, max_bytes);
      goto done;
    }
    np_buf_add(&buf, chunk, n);
  }
  if (ferror(f)) {
    np_error_set(err, NP_ERR_IO, "%s: read error: %s", path, strerror(errno));
    goto done;
  }
  if (len)
    *len = buf.len;
  result = np_buf_steal(&buf);
done:
  if (f)
    fclose(f);
  np_buf_free(&buf);
  return result;
}

/* Writes all len bytes to fd, retrying short writes. Returns 0 or -1. */
static int np_write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);

    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Writes data into an existing file that is not a regular file. */
static np_status np_write_in_place(const char *path, const char *data,
                                   size_t len, np_error *err) {
  np_status status = NP_OK;
  int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY);

  if (fd < 0 || np_write_all(fd, data, len) != 0)
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
  if (fd >= 0 && close(fd) != 0 && status == NP_OK)
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
  return status;
}

/* The temporary file being written, for the signal handler: removed when
 * the process is interrupted before the rename. */
static char np_tmp_path[NP_TMP_PATH_MAX];
static volatile sig_atomic_t np_tmp_active;

/* Removes the temporary file being written, then dies of the signal. Only
 * async-signal-safe calls. */
static void np_on_fatal_signal(int sig) {
  if (np_tmp_active)
    unlink(np_tmp_path);
  signal(sig, SIG_DFL);
  raise(sig);
}

void np_install_signal_cleanup(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  size_t i;

  for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    signal(sigs[i], np_on_fatal_signal);
}

/* Writes data to a new file at target through a renamed temporary file;
 * path is the name used in messages. */
static np_status np_write_renamed(const char *path, const char *target,
                                  const char *data, size_t len, np_error *err) {
  np_buf tmp = NP_BUF_INIT;
  np_status status = NP_OK;
  mode_t mask;
  int fd, created;

  np_buf_printf(&tmp, "%s.np-XXXXXX", target);
  if (tmp.len < sizeof np_tmp_path) {
    /* mkstemp fills the X's in place: keep the handler's copy in step */
    np_tmp_active = 0;
    memcpy(np_tmp_path, tmp.data, tmp.len + 1);
  }
  fd = mkstemp(tmp.data);
  created = fd >= 0;
  if (created && tmp.len < sizeof np_tmp_path) {
    memcpy(np_tmp_path, tmp.data, tmp.len + 1);
    np_tmp_active = 1;
  }
  if (fd < 0) {
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
    goto done;
  }
  mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0644 & ~mask) != 0 || np_write_all(fd, data, len) != 0 ||
      fsync(fd) != 0) {
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
    goto done;
  }
  if (close(fd) != 0) {
    fd = -1;
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
    goto done;
  }
  fd = -1;
  if (rename(tmp.data, target) != 0)
    status = np_error_set(err, NP_ERR_IO, "%s: cannot write: %s", path,
                          strerror(errno));
done:
  if (fd >= 0)
    close(fd);
  if (status != NP_OK && created)
    unlink(tmp.data);
  np_tmp_active = 0;
  np_buf_free(&tmp);
  return status;
}

np_status np_write_file_atomic(const char *path, const char *data, size_t len,
                               np_error *err) {
  struct stat st;
  char *target = NULL;
  np_status status;

  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    status =
        np_error_set(err, NP_ERR_IO, "%s: cannot write: Is a directory", path);
  } else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    status = np_write_in_place(path, data, len, err);
  } else {
    /* a symbolic link to a regular file: replace its target */
    target = realpath(path, NULL);
    status = np_write_renamed(path, target ? target : path, data, len, err);
  }
  free(target);
  return status;
}

int np_strcmp_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *np_collapse_space(char *s) {
  const char *r = s;
  char *w = s;
  int pending = 0;

  while (*r) {
    gunichar c = g_utf8_get_char_validated(r, -1);
    const char *next;

    if (c == (gunichar)-1 || c == (gunichar)-2) {
      /* invalid byte: keep it as is */
      next = r + 1;
      c = 0;
    } else {
      next = g_utf8_next_char(r);
    }
    if (c && (g_unichar_isspace(c) || c == 0x00A0 || c == 0x200B)) {
      pending = w != s;
    } else {
      if (pending)
        *w++ = ' ';
      pending = 0;
      memmove(w, r, (size_t)(next - r));
      w += next - r;
    }
    r = next;
  }
  *w = '\0';
  return s;
}

int np_is_blank(const char *s) {
  if (!s)
    return 1;
  while (*s) {
    gunichar c = g_utf8_get_char_validated(s, -1);

    if (c == (gunichar)-1 || c == (gunichar)-2)
      return 0;
    if (!g_unichar_isspace(c) && c != 0x00A0 && c != 0x200B)
      return 0;
    s = g_utf8_next_char(s);
  }
  return 1;
}
