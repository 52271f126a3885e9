/* base.c: memory, arena, string builder, errors and file reading. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <gmodule.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest temporary output path the signal handler can remove. */
#define NP_TMP_PATH_MAX 4096

/* Bytes read at a time when the size of the input is not known. */
#define NP_READ_CHUNK 65536

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

void np_buf_putc(np_buf *buf, char c) {
  if (buf->data && buf->len + 2 <= buf->cap) {
    /* room for c and the NUL: the common case, without np_grow */
    buf->data[buf->len++] = c;
    buf->data[buf->len] = '\0';
    return;
  }
  np_buf_add(buf, &c, 1);
}

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

char *np_read_fd(int fd, const char *name, size_t max_bytes, size_t *len,
                 np_error *err) {
  np_buf buf = NP_BUF_INIT;
  char *result = NULL;
  struct stat st;
  ssize_t n;

  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      np_error_set(err, NP_ERR_IO, "%s: is a directory", name);
      goto done;
    }
    /* a regular file says its size: refuse it before reading a byte, and
     * read it into one buffer of the right size */
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
      np_error_set(err, NP_ERR_IO, "%s: larger than the limit of %zu bytes",
                   name, max_bytes);
      goto done;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
      /* room for the end of file to be seen and the NUL */
      buf.cap = (size_t)st.st_size + 2;
      buf.data = np_xmalloc(buf.cap);
    }
  }
  for (;;) {
    if (buf.cap - buf.len < 2)
      np_grow((void **)&buf.data, &buf.cap, buf.len + NP_READ_CHUNK, 1);
    n = read(fd, buf.data + buf.len, buf.cap - buf.len - 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      np_error_set(err, NP_ERR_IO, "%s: read error: %s", name, strerror(errno));
      goto done;
    }
    if (n == 0)
      break;
    if ((size_t)n > max_bytes - buf.len) {
      np_error_set(err, NP_ERR_IO, "%s: larger than the limit of %zu bytes",
                   name, max_bytes);
      goto done;
    }
    buf.len += (size_t)n;
  }
  if (!buf.data)
    np_grow((void **)&buf.data, &buf.cap, 1, 1);
  buf.data[buf.len] = '\0';
  if (len)
    *len = buf.len;
  result = np_buf_steal(&buf);
done:
  np_buf_free(&buf);
  return result;
}

/* Flags of every URL parse: relaxed as browsers are, escapes as written. */
#define NP_URL_FLAGS (G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED)

char *np_url_resolve(const char *base, const char *ref) {
  GUri *base_uri = g_uri_parse(base, NP_URL_FLAGS, NULL), *uri = NULL;
  const char *host, *path;
  char *out = NULL;

  if (!base_uri)
    goto done;
  uri = g_uri_parse_relative(base_uri, ref, NP_URL_FLAGS, NULL);
  if (!uri)
    goto done;
  host = g_uri_get_host(uri);
  path = g_uri_get_path(uri);
  /* what g_uri_join asserts of its parts */
  if ((host && path[0] && path[0] != '/') ||
      (!host && path[0] == '/' && path[1] == '/'))
    goto done;
  out = g_uri_to_string(uri);
done:
  if (uri)
    g_uri_unref(uri);
  if (base_uri)
    g_uri_unref(base_uri);
  return out;
}

char *np_read_file(const char *path, size_t max_bytes, size_t *len,
                   np_error *err) {
  char *result;
  int fd = open(path, O_RDONLY | O_NOCTTY);

  if (fd < 0) {
    np_error_set(err, NP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  result = np_read_fd(fd, path, max_bytes, len, err);
  close(fd);
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

/* The signals whose handler removes the temporary file. */
static const int np_fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

char *np_cache_dir(void) {
  const char *env = g_getenv(NP_CACHE_ENV);
  char *dir = NULL;
  char *built;

  if (env == NULL) {
    built = g_build_filename(g_get_user_cache_dir(), "newsprint", NULL);
    dir = np_xstrdup(built);
    g_free(built);
  } else if (*env != '\0') {
    dir = np_xstrdup(env);
  }
  return dir;
}

void np_install_signal_cleanup(void) {
  struct sigaction old;
  size_t i;

  for (i = 0; i < sizeof np_fatal_signals / sizeof np_fatal_signals[0]; i++) {
    /* a hangup ignored from the start (nohup) stays ignored */
    if (np_fatal_signals[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    signal(np_fatal_signals[i], np_on_fatal_signal);
  }
}

/* Blocks (block nonzero) or restores the fatal signals: while the temporary
 * file is being created and registered, a signal waits until the handler
 * knows which file to remove. */
static void np_block_fatal_signals(int block, sigset_t *saved) {
  sigset_t set;
  size_t i;

  if (block) {
    sigemptyset(&set);
    for (i = 0; i < sizeof np_fatal_signals / sizeof np_fatal_signals[0]; i++)
      sigaddset(&set, np_fatal_signals[i]);
    sigprocmask(SIG_BLOCK, &set, saved);
  } else {
    sigprocmask(SIG_SETMASK, saved, NULL);
  }
}

/* Writes data to a new file at target through a renamed temporary file;
 * path is the name used in messages. */
static np_status np_write_renamed(const char *path, const char *target,
                                  const char *data, size_t len, np_error *err) {
  np_buf tmp = NP_BUF_INIT;
  np_status status = NP_OK;
  sigset_t saved;
  mode_t mask;
  int fd, created;

  np_buf_printf(&tmp, "%s.np-XXXXXX", target);
  /* no signal between the file's creation and its registration */
  np_block_fatal_signals(1, &saved);
  np_tmp_active = 0;
  fd = mkstemp(tmp.data);
  created = fd >= 0;
  if (created && tmp.len < sizeof np_tmp_path) {
    memcpy(np_tmp_path, tmp.data, tmp.len + 1);
    np_tmp_active = 1;
  }
  np_block_fatal_signals(0, &saved);
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

int np_library_open(const char *soname, const char *const *names, size_t n,
                    void **syms, char **why) {
  GModule *module;
  gpointer sym;
  size_t i;
  int ok = 0;

  module = g_module_open(soname, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (!module)
    goto done;
  for (i = 0; i < n; i++) {
    if (!g_module_symbol(module, names[i], &sym) || !sym)
      goto done;
    syms[i] = sym;
  }
  g_module_make_resident(module);
  ok = 1;
done:
  if (!ok) {
    *why = np_xstrdup(g_module_error() ? g_module_error() : soname);
    if (module)
      g_module_close(module);
  }
  return ok;
}

int np_strcmp_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *np_collapse_space(char *s) {
  const char *r = s;
  char *w = s;
  int pending = 0;

  while (*r) {
    gunichar c;
    const char *next;

    if ((unsigned char)*r < 0x80) {
      /* ASCII, the common case, without the Unicode tables */
      if (*r == ' ' || (*r >= '\t' && *r <= '\r')) {
        pending = w != s;
      } else {
        if (pending)
          *w++ = ' ';
        pending = 0;
        *w++ = *r;
      }
      r++;
      continue;
    }
    c = g_utf8_get_char_validated(r, -1);
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

/* Returns the bytes of the control character (as np_has_controls) that
 * starts at s, or 0 when s starts with anything else. */
static size_t np_control_len(const unsigned char *s) {
  if ((s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r' &&
       s[0] != '\0') ||
      s[0] == 0x7F)
    return 1;
  /* 0xC2 is never a continuation byte: C2 80..C2 9F is U+0080..U+009F */
  if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
    return 2;
  return 0;
}

int np_has_controls(const char *s) {
  const unsigned char *p = (const unsigned char *)s;

  if (!s)
    return 0;
  for (; *p; p++) {
    if (np_control_len(p))
      return 1;
  }
  return 0;
}

char *np_strip_controls(char *s) {
  unsigned char *r = (unsigned char *)s, *w = r;
  size_t n;

  if (!s)
    return NULL;
  while (*r) {
    n = np_control_len(r);
    if (n == 2 && r[1] == 0x85)
      *w++ = ' ';
    if (n) {
      r += n;
      continue;
    }
    *w++ = *r++;
  }
  *w = '\0';
  return s;
}

/* UTF-8 of PDF (U+202C) and PDI (U+2069). */
#define NP_BIDI_PDF "\xe2\x80\xac"
#define NP_BIDI_PDI "\xe2\x81\xa9"

/* Returns the kind of the explicit bidi control whose UTF-8 starts at s (3
 * bytes available): 'e' opens an embedding or override, 'i' an isolate, 'E'
 * is PDF, 'I' is PDI; 0 for anything else. */
static char np_bidi_kind(const unsigned char *s) {
  if (s[0] != 0xE2)
    return 0;
  if (s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
    return s[2] == 0xAC ? 'E' : 'e';
  if (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
    return s[2] == 0xA9 ? 'I' : 'i';
  return 0;
}

int np_bidi_has_controls(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *end = p + len;

  while (p + 3 <= end && (p = memchr(p, 0xE2, (size_t)(end - p) - 2)) != NULL) {
    if (np_bidi_kind(p))
      return 1;
    p++;
  }
  return 0;
}

int np_bidi_feed(np_bidi *state, np_buf *out, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, start = 0;
  int changed = 0, keep, k;
  char kind;

  while (i + 3 <= len) {
    kind = np_bidi_kind(p + i);
    if (!kind) {
      i++;
      continue;
    }
    np_buf_add(out, s + start, i - start);
    keep = 1;
    if ((kind == 'e' || kind == 'i') && state->depth >= NP_BIDI_MAX_DEPTH) {
      state->overflow++;
      keep = 0;
    } else if (kind == 'e' || kind == 'i') {
      state->open[state->depth++] = kind;
    } else if (state->overflow > 0) {
      state->overflow--;
      keep = 0;
    } else if (kind == 'E') {
      if (state->depth > 0 && state->open[state->depth - 1] == 'e')
        state->depth--;
      else
        keep = 0;
    } else {
      for (k = state->depth - 1; k >= 0 && state->open[k] != 'i'; k--)
        ;
      if (k < 0) {
        keep = 0;
      } else {
        /* the embeddings inside the isolate end with it */
        for (; state->depth - 1 > k; state->depth--) {
          np_buf_puts(out, NP_BIDI_PDF);
          changed = 1;
        }
        state->depth--;
      }
    }
    if (keep)
      np_buf_add(out, s + i, 3);
    else
      changed = 1;
    i += 3;
    start = i;
  }
  np_buf_add(out, s + start, len - start);
  return changed;
}

void np_bidi_close(np_bidi *state, np_buf *out) {
  while (state->depth > 0) {
    state->depth--;
    np_buf_puts(out,
                state->open[state->depth] == 'i' ? NP_BIDI_PDI : NP_BIDI_PDF);
  }
  state->overflow = 0;
}

char *np_bidi_balance(const char *s) {
  np_bidi state = NP_BIDI_INIT;
  np_buf out = NP_BUF_INIT;

  if (!s)
    return NULL;
  np_bidi_feed(&state, &out, s, strlen(s));
  np_bidi_close(&state, &out);
  return np_buf_steal(&out);
}

int np_lang_tag_ok(const char *tag) {
  size_t i, run = 0, first = 0;
  int ok = tag != NULL && g_ascii_isalpha(tag[0]);

  for (i = 0; ok && tag[i]; i++) {
    if (i >= NP_LANG_TAG_MAX) {
      ok = 0;
    } else if (tag[i] == '-') {
      /* a first subtag of one letter: only x- (private) and i- */
      ok =
          run > 0 && (first > 0 || run >= 2 || g_ascii_tolower(tag[0]) == 'x' ||
                      g_ascii_tolower(tag[0]) == 'i');
      if (first == 0)
        first = run;
      run = 0;
    } else {
      /* the first subtag is letters only */
      ok = (first > 0 ? g_ascii_isalnum(tag[i]) : g_ascii_isalpha(tag[i])) &&
           ++run <= 8;
    }
  }
  /* the last subtag: not empty, and a lone first one of 2 letters or more */
  return ok && run > 0 && (first > 0 || run >= 2);
}

void np_lang_hyphens(char *tag) {
  for (; tag && *tag; tag++)
    if (*tag == '_')
      *tag = '-';
}
