/* hyphenate.c: soft hyphens at the hyphenation points of words, found with
 * libhyphen and the Debian hyphen-* dictionaries. */
#include "hyphenate.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"

/* Fewest characters kept before and after a break, whatever the
 * dictionary allows. */
#define NP_HYPHEN_LEFT_MIN 2
#define NP_HYPHEN_RIGHT_MIN 3
/* Longest primary language subtag of a BCP 47 tag ("en", "ast"). */
#define NP_HYPHEN_LANG_MAX 3
/* First bytes of a cache file: the format, then the sizes it assumes. */
#define NP_HYPHEN_CACHE_MAGIC "newsprint hyphen cache 1\n"
/* Most levels (NEXTLEVEL) of a dictionary read back from the cache. */
#define NP_HYPHEN_CACHE_LEVELS 8
/* U+00AD SOFT HYPHEN in UTF-8. */
#define NP_SOFT_HYPHEN "\xC2\xAD"
#define NP_SOFT_HYPHEN_CHAR 0x00AD

/* A loaded dictionary and the converter from UTF-8 to its charset. */
typedef struct {
  HyphenDict *dict;
  GIConv to_dict; /* (GIConv)-1 for a UTF-8 dictionary */
} np_hyph_dict;

struct np_hyphenator {
  char *dir;
  char *cache;         /* folder of the dictionary cache, or NULL */
  GHashTable *by_lang; /* normalised tag -> np_hyph_dict (borrowed) or NULL */
  GHashTable *by_path; /* real path of a .dic -> np_hyph_dict (owned) */
};

static void np_hyph_dict_free(gpointer data) {
  np_hyph_dict *d = data;
  if (d->to_dict != (GIConv)-1)
    g_iconv_close(d->to_dict);
  hnj_hyphen_free(d->dict);
  free(d);
}

np_hyphenator *np_hyphen_new(const char *dir) {
  np_hyphenator *h = np_xcalloc(1, sizeof *h);

  h->dir = np_xstrdup(dir != NULL ? dir : NP_HYPHEN_DIR);
  h->cache = np_cache_dir();
  h->by_lang = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  h->by_path =
      g_hash_table_new_full(g_str_hash, g_str_equal, free, np_hyph_dict_free);
  return h;
}

void np_hyphen_free(np_hyphenator *h) {
  if (h == NULL)
    return;
  g_hash_table_destroy(h->by_lang);
  g_hash_table_destroy(h->by_path);
  free(h->dir);
  free(h->cache);
  free(h);
}

/* ---- the dictionary cache ------------------------------------------------ */

/* Appends the n bytes at p to the cache image. */
static void np_put(np_buf *b, const void *p, size_t n) {
  np_buf_add(b, (const char *)p, n);
}

static void np_put_i32(np_buf *b, int32_t v) { np_put(b, &v, sizeof v); }

/* Appends a string as its length (-1 for NULL) and its bytes. */
static void np_put_str(np_buf *b, const char *s) {
  np_put_i32(b, s ? (int32_t)strlen(s) : -1);
  if (s)
    np_put(b, s, strlen(s));
}

/* Returns the bytes of the nohyphen list: nohyphenl + 1 strings, each with
 * its NUL, one after the other (as libhyphen keeps them). */
static size_t np_nohyphen_len(const HyphenDict *d) {
  size_t len = 0;

  if (!d->nohyphen)
    return 0;
  for (int i = 0; i <= d->nohyphenl; i++)
    len += strlen(d->nohyphen + len) + 1;
  return len;
}

/* Appends the image of dict and its next levels to b. */
static void np_cache_write_dict(np_buf *b, const HyphenDict *dict) {
  static const signed char zero = 0;
  char cset[MAX_NAME];
  int32_t levels = 0;

  for (const HyphenDict *d = dict; d; d = d->nextlevel)
    levels++;
  np_put_i32(b, levels);
  for (const HyphenDict *d = dict; d; d = d->nextlevel) {
    size_t nlen = np_nohyphen_len(d);

    np_put(b, &d->lhmin, 1);
    np_put(b, &d->rhmin, 1);
    np_put(b, &d->clhmin, 1);
    np_put(b, &d->crhmin, 1);
    np_put_i32(b, d->nohyphenl);
    np_put_i32(b, (int32_t)nlen);
    np_put(b, d->nohyphen, nlen);
    np_put_i32(b, d->num_states);
    /* the name and zeros: libhyphen leaves the bytes after its NUL unset,
     * and the cache is written byte for byte the same each time */
    memset(cset, 0, sizeof cset);
    memcpy(cset, d->cset, strnlen(d->cset, MAX_NAME - 1));
    np_put(b, cset, MAX_NAME);
    np_put_i32(b, d->utf8);
    for (int i = 0; i < d->num_states; i++) {
      const HyphenState *st = &d->states[i];

      np_put_str(b, st->match);
      np_put_str(b, st->repl);
      /* libhyphen sets these only for states with a replacement */
      np_put(b, st->repl ? &st->replindex : &zero, 1);
      np_put(b, st->repl ? &st->replcut : &zero, 1);
      np_put_i32(b, st->fallback_state);
      np_put_i32(b, st->num_trans);
      for (int t = 0; t < st->num_trans; t++) {
        np_put(b, &st->trans[t].ch, 1);
        np_put_i32(b, st->trans[t].new_state);
      }
    }
  }
}

/* A cache image being read: bounds-checked. */
typedef struct {
  const unsigned char *p, *end;
  int bad; /* set on the first read past the end or bad value */
} np_reader;

static void np_get(np_reader *r, void *out, size_t n) {
  if (r->bad || (size_t)(r->end - r->p) < n) {
    r->bad = 1;
    memset(out, 0, n);
    return;
  }
  memcpy(out, r->p, n);
  r->p += n;
}

static int32_t np_get_i32(np_reader *r) {
  int32_t v;

  np_get(r, &v, sizeof v);
  return v;
}

/* Reads a string written by np_put_str into a new heap string (NULL for
 * -1 or on error). */
static char *np_get_str(np_reader *r) {
  int32_t len = np_get_i32(r);
  char *s;

  if (r->bad || len < 0)
    return NULL;
  if ((size_t)(r->end - r->p) < (size_t)len) {
    r->bad = 1;
    return NULL;
  }
  s = np_xmalloc((size_t)len + 1);
  memcpy(s, r->p, (size_t)len);
  s[len] = '\0';
  r->p += len;
  if (strlen(s) != (size_t)len)
    r->bad = 1; /* a NUL inside */
  return s;
}

/* Reads one level of a dictionary into d (allocated with malloc, as
 * hnj_hyphen_free expects). Sets r->bad on any inconsistency. */
static void np_cache_read_level(np_reader *r, HyphenDict *d) {
  int32_t nlen;

  np_get(r, &d->lhmin, 1);
  np_get(r, &d->rhmin, 1);
  np_get(r, &d->clhmin, 1);
  np_get(r, &d->crhmin, 1);
  d->nohyphenl = np_get_i32(r);
  nlen = np_get_i32(r);
  if (r->bad || nlen < 0 || (size_t)(r->end - r->p) < (size_t)nlen ||
      d->nohyphenl < 0 || (nlen == 0 && d->nohyphenl != 0)) {
    r->bad = 1;
    return;
  }
  if (nlen > 0) {
    int strings = 0;

    d->nohyphen = np_xmalloc((size_t)nlen);
    np_get(r, d->nohyphen, (size_t)nlen);
    for (int32_t i = 0; i < nlen; i++)
      strings += d->nohyphen[i] == '\0';
    if (d->nohyphen[nlen - 1] != '\0' || strings != d->nohyphenl + 1)
      r->bad = 1;
  }
  d->num_states = np_get_i32(r);
  np_get(r, d->cset, MAX_NAME);
  d->utf8 = np_get_i32(r);
  /* every state takes at least 14 bytes of the image */
  if (r->bad || d->num_states <= 0 ||
      (size_t)d->num_states > (size_t)(r->end - r->p) / 14 ||
      memchr(d->cset, '\0', MAX_NAME) == NULL) {
    r->bad = 1;
    return;
  }
  d->states = np_xcalloc((size_t)d->num_states, sizeof *d->states);
  for (int i = 0; i < d->num_states && !r->bad; i++) {
    HyphenState *st = &d->states[i];

    st->match = np_get_str(r);
    st->repl = np_get_str(r);
    np_get(r, &st->replindex, 1);
    np_get(r, &st->replcut, 1);
    st->fallback_state = np_get_i32(r);
    st->num_trans = np_get_i32(r);
    if (r->bad || st->fallback_state < -1 ||
        st->fallback_state >= d->num_states || st->num_trans < 0 ||
        (size_t)st->num_trans > (size_t)(r->end - r->p) / 5) {
      st->num_trans = 0;
      r->bad = 1;
      break;
    }
    if (st->num_trans > 0)
      st->trans = np_xcalloc((size_t)st->num_trans, sizeof *st->trans);
    for (int t = 0; t < st->num_trans; t++) {
      np_get(r, &st->trans[t].ch, 1);
      st->trans[t].new_state = np_get_i32(r);
      if (st->trans[t].new_state < 0 || st->trans[t].new_state >= d->num_states)
        r->bad = 1;
    }
  }
}

/* Returns the dictionary in a cache image, or NULL when the image is not
 * a whole, consistent one. */
static HyphenDict *np_cache_read_dict(np_reader *r) {
  int32_t levels = np_get_i32(r);
  HyphenDict *first = NULL, **link = &first;

  if (levels < 1 || levels > NP_HYPHEN_CACHE_LEVELS)
    return NULL;
  for (int32_t i = 0; i < levels && !r->bad; i++) {
    HyphenDict *d = np_xcalloc(1, sizeof *d);

    *link = d;
    link = &d->nextlevel;
    np_cache_read_level(r, d);
  }
  if (r->bad || r->p != r->end) {
    if (first)
      hnj_hyphen_free(first);
    return NULL;
  }
  return first;
}

/* Returns the header of the cache image of the dictionary at real, whose
 * status is st: the format, the sizes of the types, and the file's
 * identity. The caller frees it. */
static char *np_cache_header(const char *real, const GStatBuf *st) {
  return g_strdup_printf("%s%zu %zu %zu %zu\n%s\n%lld %lld\n",
                         NP_HYPHEN_CACHE_MAGIC, sizeof(int), sizeof(int32_t),
                         sizeof(HyphenState), sizeof(HyphenDict), real,
                         (long long)st->st_size, (long long)st->st_mtime);
}

/* Returns the path of the cache file of the dictionary at real (heap). */
static char *np_cache_path(const np_hyphenator *h, const char *real) {
  char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, real, -1);
  char *name = g_strdup_printf("hyph-%s.bin", sum);
  char *path = g_build_filename(h->cache, name, NULL);

  g_free(name);
  g_free(sum);
  return path;
}

/* Returns the dictionary at real: from the cache when it holds a current
 * image of it, else loaded by libhyphen and then cached. NULL when
 * libhyphen cannot load it. */
static HyphenDict *np_hyphen_load_cached(const np_hyphenator *h,
                                         const char *real) {
  GStatBuf st;
  char *header = NULL, *path = NULL, *bytes = NULL;
  size_t len = 0, hlen;
  HyphenDict *dict = NULL;
  np_buf image = NP_BUF_INIT;

  if (!h->cache || g_stat(real, &st) != 0)
    goto load;
  header = np_cache_header(real, &st);
  hlen = strlen(header);
  path = np_cache_path(h, real);
  bytes = np_read_file(path, NP_HYPHEN_CACHE_MAX, &len, NULL);
  if (bytes && len > hlen && memcmp(bytes, header, hlen) == 0) {
    np_reader r = {(const unsigned char *)bytes + hlen,
                   (const unsigned char *)bytes + len, 0};
    dict = np_cache_read_dict(&r);
  }
load:
  if (!dict) {
    dict = hnj_hyphen_load(real);
    if (dict && header && g_mkdir_with_parents(h->cache, 0755) == 0) {
      np_buf_puts(&image, header);
      np_cache_write_dict(&image, dict);
      /* a cache that cannot be written only costs time */
      np_write_file_atomic(path, image.data, image.len, NULL);
    }
  }
  np_buf_free(&image);
  free(bytes);
  g_free(path);
  g_free(header);
  return dict;
}

/* Loads the dictionary at path, sharing it with any other language whose
 * file is the same (Debian links hyph_de_AT.dic to hyph_de_DE.dic). Returns
 * NULL when the file is missing, unreadable, or in a charset iconv lacks. */
static np_hyph_dict *np_hyphen_load(np_hyphenator *h, const char *path) {
  char *real = realpath(path, NULL);
  np_hyph_dict *d = NULL;
  HyphenDict *dict;
  GIConv to_dict = (GIConv)-1;

  if (real == NULL)
    goto done;
  d = g_hash_table_lookup(h->by_path, real);
  if (d != NULL)
    goto done;
  dict = np_hyphen_load_cached(h, real);
  if (dict == NULL)
    goto done;
  if (!dict->utf8) {
    to_dict = g_iconv_open(dict->cset, "UTF-8");
    if (to_dict == (GIConv)-1) {
      hnj_hyphen_free(dict);
      goto done;
    }
  }
  d = np_xmalloc(sizeof *d);
  d->dict = dict;
  d->to_dict = to_dict;
  g_hash_table_insert(h->by_path, real, d);
  real = NULL;

done:
  free(real);
  return d;
}

/* Returns the first file of the folder, in name order, whose name is
 * hyph_LANG_*.dic (a heap path), or NULL. */
static char *np_hyphen_first_variant(const char *dir, const char *lang) {
  GDir *folder = g_dir_open(dir, 0, NULL);
  char *prefix = g_strdup_printf("hyph_%s_", lang);
  char *best = NULL;
  char *path = NULL;
  const char *name;
  if (folder == NULL)
    goto done;
  while ((name = g_dir_read_name(folder)) != NULL) {
    if (g_str_has_prefix(name, prefix) && g_str_has_suffix(name, ".dic") &&
        (best == NULL || strcmp(name, best) < 0)) {
      g_free(best);
      best = g_strdup(name);
    }
  }
  if (best != NULL)
    path = g_build_filename(dir, best, NULL);

done:
  if (folder != NULL)
    g_dir_close(folder);
  g_free(best);
  g_free(prefix);
  return path;
}

/* Splits the BCP 47 tag into its primary language (lower case, 2 or 3
 * letters) and its region (upper case, 2 letters or 3 digits, or "").
 * Returns zero when the tag has no valid primary language. */
static int np_hyphen_parse_tag(const char *tag, char *language, char *region) {
  char **parts = g_strsplit_set(tag, "-_", -1);
  size_t n = parts[0] != NULL ? strlen(parts[0]) : 0;
  int ok = n >= 2 && n <= NP_HYPHEN_LANG_MAX;
  for (size_t i = 0; ok && i < n; i++)
    ok = g_ascii_isalpha(parts[0][i]);
  region[0] = '\0';
  if (ok) {
    for (size_t i = 0; i < n; i++)
      language[i] = g_ascii_tolower(parts[0][i]);
    language[n] = '\0';
    /* The region follows the script; a singleton starts the extensions. */
    for (int i = 1; parts[i] != NULL && strlen(parts[i]) > 1; i++) {
      const char *p = parts[i];
      if ((strlen(p) == 2 && g_ascii_isalpha(p[0]) && g_ascii_isalpha(p[1])) ||
          (strlen(p) == 3 && g_ascii_isdigit(p[0]) && g_ascii_isdigit(p[1]) &&
           g_ascii_isdigit(p[2]))) {
        for (int k = 0; p[k] != '\0'; k++)
          region[k] = g_ascii_toupper(p[k]);
        region[strlen(p)] = '\0';
        break;
      }
    }
  }
  g_strfreev(parts);
  return ok;
}

/* Returns the dictionary for lang, loading it on first use; NULL when
 * there is none. Misses are remembered too. */
static np_hyph_dict *np_hyphen_lookup(np_hyphenator *h, const char *lang) {
  char language[NP_HYPHEN_LANG_MAX + 1];
  char region[4];
  char *key;
  gpointer found;
  np_hyph_dict *d = NULL;

  if (lang == NULL)
    return NULL;
  key = g_ascii_strdown(lang, -1);
  g_strdelimit(key, "_", '-');
  if (g_hash_table_lookup_extended(h->by_lang, key, NULL, &found)) {
    g_free(key);
    return found;
  }
  if (strlen(key) < 16 && np_hyphen_parse_tag(key, language, region)) {
    char *path;
    if (region[0] != '\0') {
      char *name = g_strdup_printf("hyph_%s_%s.dic", language, region);
      path = g_build_filename(h->dir, name, NULL);
      d = np_hyphen_load(h, path);
      g_free(path);
      g_free(name);
    }
    if (d == NULL) {
      char *name = g_strdup_printf("hyph_%s.dic", language);
      path = g_build_filename(h->dir, name, NULL);
      d = np_hyphen_load(h, path);
      g_free(path);
      g_free(name);
    }
    if (d == NULL) {
      path = np_hyphen_first_variant(h->dir, language);
      if (path != NULL)
        d = np_hyphen_load(h, path);
      g_free(path);
    }
  }
  g_hash_table_insert(h->by_lang, key, d);
  return d;
}

int np_hyphen_has(np_hyphenator *h, const char *lang) {
  return np_hyphen_lookup(h, lang) != NULL;
}

/* Reads the character at text[pos] (of len bytes) into *c and returns its
 * length in bytes; an invalid byte reads as U+FFFD, one byte long. */
static size_t np_hyphen_char(const char *text, size_t len, size_t pos,
                             gunichar *c) {
  gunichar u = g_utf8_get_char_validated(text + pos, (gssize)(len - pos));
  if (u == (gunichar)-1 || u == (gunichar)-2) {
    *c = 0xFFFD;
    return 1;
  }
  *c = u;
  return (size_t)(g_utf8_next_char(text + pos) - (text + pos));
}

static int np_hyphen_is_letter(gunichar c) {
  return g_unichar_isalpha(c) || g_unichar_ismark(c);
}

static int np_hyphen_is_apostrophe(gunichar c) {
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

/* Returns nonzero when the white-space-free token (bytes from to to) is
 * to be left alone: it holds a digit, an URL, path or e-mail character, a
 * dot or colon inside it (a domain, "e.g."), or soft hyphens of its own. */
static int np_hyphen_token_skipped(const char *text, size_t from, size_t to) {
  size_t pos = from;
  while (pos < to) {
    gunichar c, next = 0;
    size_t n = np_hyphen_char(text, to, pos, &c);
    if (pos + n < to)
      np_hyphen_char(text, to, pos + n, &next);
    if (g_unichar_isdigit(c) || c == '/' || c == '@' || c == '\\' || c == '_' ||
        c == '=' || c == NP_SOFT_HYPHEN_CHAR)
      return 1;
    if ((c == '.' || c == ':') && next != 0 && g_unichar_isalnum(next))
      return 1;
    pos += n;
  }
  return 0;
}

/* Appends text[from, to) to out, recording in map (when not NULL) where
 * each byte lands. */
static void np_hyphen_copy(np_buf *out, size_t *map, const char *text,
                           size_t from, size_t to) {
  for (size_t i = from; map != NULL && i < to; i++)
    map[i] = out->len + (i - from);
  np_buf_add(out, text + from, to - from);
}

/* Fills breaks[i] (nchars entries) with nonzero where the word (the
 * nchars characters of text[from, to)) may break after its character i.
 * Returns zero when the dictionary cannot take the word. */
static int np_hyphen_points(const np_hyph_dict *d, const char *text,
                            size_t from, size_t to, size_t nchars,
                            char *breaks) {
  GString *lower = g_string_sized_new(to - from);
  char *converted = NULL;
  const char *word;
  gsize word_len;
  char *hyphens = NULL;
  char **rep = NULL;
  int *pos = NULL;
  int *cut = NULL;
  size_t left = (size_t)MAX(NP_HYPHEN_LEFT_MIN, d->dict->lhmin);
  size_t right = (size_t)MAX(NP_HYPHEN_RIGHT_MIN, d->dict->rhmin);
  int ok = 0;

  /* One character for one, so that positions carry over. */
  for (size_t p = from; p < to;) {
    gunichar c;
    p += np_hyphen_char(text, to, p, &c);
    c = np_hyphen_is_apostrophe(c) ? '\'' : g_unichar_tolower(c);
    g_string_append_unichar(lower, c);
  }
  word = lower->str;
  word_len = lower->len;
  if (d->to_dict != (GIConv)-1) {
    /* The 8-bit charsets of the dictionaries hold a character a byte. */
    converted = g_convert_with_iconv(lower->str, (gssize)lower->len, d->to_dict,
                                     NULL, &word_len, NULL);
    if (converted == NULL || word_len != nchars)
      goto done;
    word = converted;
  }
  hyphens = g_malloc0(word_len + 5);
  if (hnj_hyphen_hyphenate2(d->dict, word, (int)word_len, hyphens, NULL, &rep,
                            &pos, &cut) != 0)
    goto done;
  /* After hnj_hyphen_hyphenate2, hyphens is indexed by character also for
   * UTF-8 dictionaries. Breaks that change the spelling (rep) are left
   * out: a soft hyphen cannot express them. */
  for (size_t i = 0; i + 1 < nchars; i++)
    breaks[i] = (hyphens[i] & 1) && (rep == NULL || rep[i] == NULL) &&
                i + 1 >= left && nchars - (i + 1) >= right;
  ok = 1;

done:
  if (rep != NULL)
    for (gsize i = 0; i < word_len; i++)
      free(rep[i]);
  free(rep);
  free(pos);
  free(cut);
  g_free(hyphens);
  g_free(converted);
  g_string_free(lower, TRUE);
  return ok;
}

/* Appends the word text[from, to) to out with soft hyphens at its
 * hyphenation points, or unchanged when it is too short or too long, an
 * acronym, or outside the dictionary's charset. */
static void np_hyphen_word(const np_hyph_dict *d, const char *text, size_t from,
                           size_t to, np_buf *out, size_t *map) {
  size_t nchars = 0;
  int has_upper = 0;
  int has_lower = 0;
  char *breaks = NULL;
  size_t i = 0;

  for (size_t p = from; p < to && nchars <= NP_HYPHEN_MAX_WORD; nchars++) {
    gunichar c;
    p += np_hyphen_char(text, to, p, &c);
    has_upper |= g_unichar_isupper(c) || g_unichar_istitle(c);
    has_lower |= g_unichar_islower(c);
  }
  if (nchars < NP_HYPHEN_MIN_WORD || nchars > NP_HYPHEN_MAX_WORD ||
      (has_upper && !has_lower)) {
    np_hyphen_copy(out, map, text, from, to);
    return;
  }
  breaks = np_xcalloc(nchars, 1);
  if (!np_hyphen_points(d, text, from, to, nchars, breaks)) {
    np_hyphen_copy(out, map, text, from, to);
    goto done;
  }
  for (size_t p = from; p < to; i++) {
    gunichar c, next = 0;
    size_t n = np_hyphen_char(text, to, p, &c);
    if (p + n < to)
      np_hyphen_char(text, to, p + n, &next);
    np_hyphen_copy(out, map, text, p, p + n);
    if (breaks[i] && !np_hyphen_is_apostrophe(c) &&
        !np_hyphen_is_apostrophe(next) && !g_unichar_ismark(next))
      np_buf_puts(out, NP_SOFT_HYPHEN);
    p += n;
  }

done:
  free(breaks);
}

/* Appends the token text[from, to) (no white space in it) to out, each of
 * its words hyphenated: a word is a run of letters with apostrophes inside
 * it; hyphens and other punctuation separate words. */
static void np_hyphen_token(const np_hyph_dict *d, const char *text,
                            size_t from, size_t to, np_buf *out, size_t *map) {
  size_t pos = from;
  while (pos < to) {
    gunichar c;
    size_t n = np_hyphen_char(text, to, pos, &c);
    size_t end = pos;
    if (!g_unichar_isalpha(c)) {
      np_hyphen_copy(out, map, text, pos, pos + n);
      pos += n;
      continue;
    }
    while (end < to) {
      gunichar next = 0;
      size_t len = np_hyphen_char(text, to, end, &c);
      if (end + len < to)
        np_hyphen_char(text, to, end + len, &next);
      if (np_hyphen_is_letter(c) ||
          (np_hyphen_is_apostrophe(c) && end > pos && g_unichar_isalpha(next)))
        end += len;
      else
        break;
    }
    np_hyphen_word(d, text, pos, end, out, map);
    pos = end;
  }
}

char *np_hyphen_insert(np_hyphenator *h, const char *lang, const char *text,
                       size_t len, size_t **map) {
  np_hyph_dict *d = np_hyphen_lookup(h, lang);
  np_buf out = NP_BUF_INIT;
  size_t *offsets;
  size_t pos = 0;

  if (map != NULL)
    *map = NULL;
  if (d == NULL)
    return NULL;
  offsets = map != NULL ? np_xmalloc((len + 1) * sizeof *offsets) : NULL;
  while (pos < len) {
    gunichar c;
    size_t end = pos;
    int space;
    np_hyphen_char(text, len, pos, &c);
    space = g_unichar_isspace(c) != 0;
    while (end < len) {
      size_t n = np_hyphen_char(text, len, end, &c);
      if ((g_unichar_isspace(c) != 0) != space)
        break;
      end += n;
    }
    if (space || np_hyphen_token_skipped(text, pos, end))
      np_hyphen_copy(&out, offsets, text, pos, end);
    else
      np_hyphen_token(d, text, pos, end, &out, offsets);
    pos = end;
  }
  if (offsets != NULL) {
    offsets[len] = out.len;
    *map = offsets;
  }
  return np_buf_steal(&out);
}
