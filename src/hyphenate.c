/* hyphenate.c: soft hyphens at the hyphenation points of words, found with
 * libhyphen and the Debian hyphen-* dictionaries. */
#include "hyphenate.h"

#include <glib.h>
#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

/* Fewest characters kept before and after a break, whatever the
 * dictionary allows. */
#define NP_HYPHEN_LEFT_MIN 2
#define NP_HYPHEN_RIGHT_MIN 3
/* Longest primary language subtag of a BCP 47 tag ("en", "ast"). */
#define NP_HYPHEN_LANG_MAX 3
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
  free(h);
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
  dict = hnj_hyphen_load(real);
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
