/* base.h: memory, arena, string builder, status codes and errors shared by
 * every module of newsprint. */
#ifndef NP_BASE_H
#define NP_BASE_H

#include <stdarg.h>
#include <stddef.h>

/* Status of a fallible call; the values are also the CLI's exit codes. */
typedef enum {
  NP_OK = 0,           /* success */
  NP_ERR_IO = 1,       /* an input could not be read or an output written */
  NP_ERR_USAGE = 2,    /* the command line or an option was wrong */
  NP_ERR_NOCONTENT = 3 /* the input holds no article content */
} np_status;

/* Longest error message kept, in bytes including the terminating NUL. */
#define NP_ERROR_MAX 512

/* An error filled by a fallible call: the status and a message that names the
 * file and the reason ("page.html: cannot open: No such file or directory").
 * Callers own it, usually on the stack; it holds no heap memory. */
typedef struct {
  np_status status;
  char message[NP_ERROR_MAX];
} np_error;

/* Sets err (when not NULL) to status and a printf-style message, and returns
 * status so that callers can write `return np_error_set(...)`. */
np_status np_error_set(np_error *err, np_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* malloc, calloc, realloc and strdup that abort the program with a message
 * on out-of-memory; they never return NULL (np_xstrdup(NULL) returns NULL).
 * The caller owns the result and releases it with free(). */
void *np_xmalloc(size_t size);
void *np_xcalloc(size_t count, size_t size);
void *np_xrealloc(void *ptr, size_t size);
char *np_xstrdup(const char *s);
char *np_xstrndup(const char *s, size_t len);

/* Grows *array (of *cap elements of elem_size bytes) so that it holds at
 * least need elements; doubles the capacity. Aborts on overflow or OOM. */
void np_grow(void **array, size_t *cap, size_t need, size_t elem_size);

/* An arena: many small allocations released at once by np_arena_free.
 * Memory from it is 16-byte aligned and zero-filled. Not thread-safe. */
typedef struct np_arena np_arena;

/* Returns a new, empty arena owned by the caller (np_arena_free). */
np_arena *np_arena_new(void);

/* Releases the arena and every allocation made from it; NULL is allowed. */
void np_arena_free(np_arena *arena);

/* Returns size zeroed bytes that live as long as the arena. */
void *np_arena_alloc(np_arena *arena, size_t size);

/* Copies s (NULL gives NULL) or its first len bytes into the arena, with a
 * terminating NUL. */
char *np_arena_strdup(np_arena *arena, const char *s);
char *np_arena_strndup(np_arena *arena, const char *s, size_t len);

/* Formats into a string that lives as long as the arena. */
char *np_arena_printf(np_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A growable byte buffer, always NUL-terminated once anything was added.
 * Initialise with NP_BUF_INIT; release with np_buf_free, or take the bytes
 * with np_buf_steal. */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
} np_buf;

#define NP_BUF_INIT                                                            \
  { NULL, 0, 0 }

/* Appends len bytes of s. */
void np_buf_add(np_buf *buf, const char *s, size_t len);

/* Appends the NUL-terminated string s (NULL appends nothing). */
void np_buf_puts(np_buf *buf, const char *s);

/* Appends one byte. */
void np_buf_putc(np_buf *buf, char c);

/* Appends printf-style formatted text. */
void np_buf_printf(np_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void np_buf_vprintf(np_buf *buf, const char *fmt, va_list ap);

/* Returns the contents as a NUL-terminated string ("" when empty); the buffer
 * keeps ownership. */
const char *np_buf_cstr(np_buf *buf);

/* Returns the contents as a heap string the caller frees, and leaves the
 * buffer empty. Never NULL. */
char *np_buf_steal(np_buf *buf);

/* Shortens the contents to len bytes (no change when already shorter). */
void np_buf_truncate(np_buf *buf, size_t len);

/* Empties the buffer and keeps its memory. */
void np_buf_clear(np_buf *buf);

/* Releases the buffer's memory and leaves it empty. */
void np_buf_free(np_buf *buf);

/* Resolves the reference ref against the absolute URL base with GLib's
 * GUri (relaxed parsing, escapes kept as written), as a g_malloc string the
 * caller frees with g_free; NULL when either is malformed or the result is
 * one GUri cannot write back (an authority followed by a path without its
 * "/": GLib would log a critical). */
char *np_url_resolve(const char *base, const char *ref);

/* Longest language tag taken (BCP 47 tags in use are far shorter). */
#define NP_LANG_TAG_MAX 35

/* Returns nonzero when tag has the shape of a BCP 47 language tag: subtags
 * of 1 to 8 ASCII letters and digits joined by hyphens, the first of 2 to 8
 * letters (or x or i before more), at most NP_LANG_TAG_MAX bytes in all
 * ("en", "pt-BR", "zh-Hant-TW", "x-klingon"). It may then go into XML and PDF
 * strings as it is. */
int np_lang_tag_ok(const char *tag);

/* Turns the underscores of tag into hyphens, in place: "en_US", as locales
 * write it, is the tag en-US. NULL is allowed. */
void np_lang_hyphens(char *tag);

/* Reads the whole file at path into a heap buffer the caller frees, NUL
 * terminated (not counted in *len). Files larger than max_bytes are refused
 * ("PATH: larger than the limit of N bytes"), a regular file from its size
 * before anything is read.
 * On failure returns NULL and fills err with the path and reason. */
char *np_read_file(const char *path, size_t max_bytes, size_t *len,
                   np_error *err);

/* As np_read_file for the open file descriptor fd (left open), named name
 * in messages ("standard input"). A regular file larger than max_bytes is
 * refused from its size, before anything is read; a pipe is read up to
 * max_bytes and refused past it. */
char *np_read_fd(int fd, const char *name, size_t max_bytes, size_t *len,
                 np_error *err);

/* Writes len bytes of data to path. A regular file (or a new one) is
 * written through a temporary file beside it that is renamed over path only
 * when everything was written, so that a failure leaves no partial file and
 * any earlier file at path untouched; a symbolic link is followed and its
 * target replaced. A path that exists and is not a regular file (a device
 * such as /dev/null or /dev/stdout, a FIFO) is written in place, never
 * replaced; a directory is an error. New files get mode 0644 less the
 * umask. Returns NP_OK, or NP_ERR_IO with err naming path and the reason. */
np_status np_write_file_atomic(const char *path, const char *data, size_t len,
                               np_error *err);

/* Environment variable naming the folder where newsprint keeps what it may
 * rebuild at any time (hyphenation state machines, the bundled fonts'
 * fontconfig cache); empty: no cache at all. Unset: newsprint/ in the
 * user's cache folder ($XDG_CACHE_HOME or ~/.cache). */
#define NP_CACHE_ENV "NEWSPRINT_CACHE_DIR"

/* Returns the cache folder NP_CACHE_ENV names (heap, freed with free; not
 * created), or NULL when the cache is turned off. */
char *np_cache_dir(void);

/* Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that remove the
 * temporary file np_write_file_atomic is writing, if any, and then let the
 * signal end the process as it would have. SIGHUP ignored when the process
 * started (nohup) stays ignored. Call once, early in main. */
void np_install_signal_cleanup(void);

/* Opens the shared library soname for the rest of the process (it is never
 * closed) and looks up the n functions of names into syms, in order. For a
 * library that only some runs need, opened when first needed rather than
 * linked, which every run pays for at start-up. Returns nonzero when all
 * are found; else 0 with *why set to the loader's message (heap, freed with
 * free). */
int np_library_open(const char *soname, const char *const *names, size_t n,
                    void **syms, char **why);

/* Compares two strings given as pointers to char pointers: the comparison
 * function of qsort over an array of strings. */
int np_strcmp_ptr(const void *a, const void *b);

/* Collapses runs of white space (ASCII, Unicode, no-break and zero-width
 * space) in the UTF-8 string s to one space and trims both ends, in place;
 * meant for metadata values, not for body text. Returns s. */
char *np_collapse_space(char *s);

/* Returns nonzero when s is NULL or holds only white space (as above). */
int np_is_blank(const char *s);

/* Returns nonzero when the UTF-8 string s holds a control character other
 * than tab, line feed and carriage return: C0 controls, DEL and the C1
 * controls U+0080..U+009F. NULL holds none. */
int np_has_controls(const char *s);

/* Removes those control characters from the UTF-8 string s in place; NEL
 * (U+0085, a line break) becomes a space. Returns s (NULL gives NULL). */
char *np_strip_controls(char *s);

/* Deepest nesting of explicit bidi embeddings, overrides and isolates kept:
 * the max_depth of the Unicode Bidirectional Algorithm (UAX #9). */
#define NP_BIDI_MAX_DEPTH 125

/* The explicit bidi controls left open in a block of text being balanced:
 * embeddings and overrides (LRE, RLE, LRO, RLO, closed by PDF U+202C) and
 * isolates (LRI, RLI, FSI, closed by PDI U+2069). Initialise with
 * NP_BIDI_INIT; it holds no heap memory. */
typedef struct {
  char open[NP_BIDI_MAX_DEPTH]; /* 'e' embedding or override, 'i' isolate */
  int depth;                    /* entries of open in use */
  int overflow;                 /* openers dropped past NP_BIDI_MAX_DEPTH */
} np_bidi;

#define NP_BIDI_INIT                                                           \
  { {0}, 0, 0 }

/* Returns nonzero when the len bytes at s hold an explicit bidi control
 * (U+202A..U+202E, U+2066..U+2069). */
int np_bidi_has_controls(const char *s, size_t len);

/* Appends the len bytes of UTF-8 text s to out with its explicit bidi
 * controls made well nested, continuing the block that state describes: a
 * PDF that closes no embedding or override of the block, and a PDI that
 * closes no isolate, are dropped; a PDI first closes (with PDFs) the
 * embeddings opened inside its isolate, as the bidi algorithm does
 * implicitly; openers past NP_BIDI_MAX_DEPTH are dropped, and so are as
 * many closers after them. Returns nonzero when what was appended differs
 * from s. */
int np_bidi_feed(np_bidi *state, np_buf *out, const char *s, size_t len);

/* Appends to out the closers of everything state holds open, innermost
 * first, and resets state: the end of a block, so that no override or
 * isolate runs past it. */
void np_bidi_close(np_bidi *state, np_buf *out);

/* Returns a heap copy (caller frees) of s with its explicit bidi controls
 * balanced as one block (np_bidi_feed, then np_bidi_close); NULL gives
 * NULL. */
char *np_bidi_balance(const char *s);

#endif
