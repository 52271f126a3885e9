/* test_hyphenate.c: unit tests of hyphenation with libhyphen (hyphenate.c) over
 * the Debian dictionaries in /usr/share/hyphen. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <utime.h>

#include "hyphenate.h"

/* U+00AD SOFT HYPHEN in UTF-8. */
#define SHY "\xC2\xAD"
/* Size of the hostile one-word input. */
#define HOSTILE_WORD_BYTES (100 * 1024)

/* Returns nonzero when the system dictionary file name exists. */
static int have_dic(const char *name) {
  char *path = g_build_filename(NP_HYPHEN_DIR, name, NULL);
  int found = g_file_test(path, G_FILE_TEST_EXISTS);
  g_free(path);
  return found;
}

/* Checks the offset map of a hyphenation: every byte of text is found at
 * its mapped offset, offsets grow, and only soft hyphens are added. */
static void check_map(const char *text, const char *result, const size_t *map) {
  size_t len = strlen(text);
  size_t result_len = strlen(result);
  size_t prev = 0;
  g_assert_cmpuint(map[len], ==, result_len);
  for (size_t i = 0; i < len; i++) {
    g_assert_cmpuint(map[i], <, result_len);
    g_assert_cmpint(result[map[i]], ==, text[i]);
    g_assert_cmpuint(map[i], >=, prev);
    /* The gap before byte i holds whole soft hyphens only. */
    for (size_t k = prev; k < map[i]; k += 2)
      g_assert_cmpmem(result + k, 2, SHY, 2);
    g_assert_cmpuint((map[i] - prev) % 2, ==, 0);
    prev = map[i] + 1;
  }
}

/* Returns the hyphenation of text in lang with its map checked. */
static char *hyphenate(np_hyphenator *h, const char *lang, const char *text) {
  size_t *map = NULL;
  char *result = np_hyphen_insert(h, lang, text, strlen(text), &map);
  g_assert_nonnull(result);
  g_assert_nonnull(map);
  check_map(text, result, map);
  free(map);
  return result;
}

/* Returns the number of soft hyphens in s. */
static int count_shy(const char *s) {
  int n = 0;
  for (const char *p = strstr(s, SHY); p != NULL; p = strstr(p + 2, SHY))
    n++;
  return n;
}

/* Returns s without its soft hyphens (a heap string). */
static char *strip_shy(const char *s) {
  char **parts = g_strsplit(s, SHY, -1);
  char *joined = g_strjoinv("", parts);
  g_strfreev(parts);
  return joined;
}

static void test_english(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *r;
  if (!have_dic("hyph_en_US.dic")) {
    g_test_skip("hyph_en_US.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  g_assert_true(np_hyphen_has(h, "en-US"));
  r = hyphenate(h, "en-US", "hyphenation");
  g_assert_cmpstr(r, ==, "hy" SHY "phen" SHY "ation");
  free(r);
  /* Case is kept; punctuation and spaces stay where they were. */
  r = hyphenate(h, "en", "Hyphenation, HYPHENATION and (hyphenation).");
  g_assert_cmpstr(r, ==,
                  "Hy" SHY "phen" SHY "ation, HYPHENATION and (hy" SHY
                  "phen" SHY "ation).");
  free(r);
  /* Short words and the last three letters are never split. */
  r = hyphenate(h, "en-US", "a cat sat on the mat");
  g_assert_cmpstr(r, ==, "a cat sat on the mat");
  free(r);
  np_hyphen_free(h);
}

static void test_language_fallbacks(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *r;
  if (!have_dic("hyph_en_GB.dic") || !have_dic("hyph_en_US.dic")) {
    g_test_skip("English dictionaries are not installed");
    np_hyphen_free(h);
    return;
  }
  /* en-GB has its own patterns, unlike en-US. */
  r = hyphenate(h, "en_gb", "hyphenation");
  g_assert_cmpstr(r, ==, "hy" SHY "phen" SHY "a" SHY "tion");
  free(r);
  /* A region without its own file falls back to hyph_en.dic. */
  g_assert_true(np_hyphen_has(h, "en-NZ"));
  r = hyphenate(h, "EN-nz", "hyphenation");
  g_assert_cmpstr(r, ==, "hy" SHY "phen" SHY "ation");
  free(r);
  /* A script subtag is passed over. */
  g_assert_true(np_hyphen_has(h, "en-Latn-GB"));
  g_assert_false(np_hyphen_has(h, "xx"));
  g_assert_false(np_hyphen_has(h, "xx-YY"));
  g_assert_false(np_hyphen_has(h, "../hyph_en"));
  g_assert_false(np_hyphen_has(h, ""));
  g_assert_false(np_hyphen_has(h, NULL));
  np_hyphen_free(h);
}

static void test_unknown_language(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  size_t *map = (size_t *)&map;
  g_assert_false(np_hyphen_has(h, "xx"));
  g_assert_null(np_hyphen_insert(h, "xx", "hyphenation", 11, &map));
  g_assert_null(map);
  /* The miss is remembered and answered the same way again. */
  g_assert_false(np_hyphen_has(h, "xx"));
  g_assert_null(np_hyphen_insert(h, NULL, "hyphenation", 11, NULL));
  np_hyphen_free(h);
  np_hyphen_free(NULL);
}

static void test_german(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *r;
  char *plain;
  if (!have_dic("hyph_de_DE.dic")) {
    g_test_skip("hyph_de_DE.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  /* An ISO-8859-1 dictionary. */
  r = hyphenate(h, "de-DE", "Donaudampfschifffahrt");
  g_assert_cmpint(count_shy(r), >=, 3);
  g_assert_true(g_str_has_prefix(r, "Do" SHY "nau" SHY "dampf"));
  plain = strip_shy(r);
  g_assert_cmpstr(plain, ==, "Donaudampfschifffahrt");
  g_free(plain);
  free(r);
  /* Letters outside ASCII go through the charset conversion. */
  r = hyphenate(h, "de", "Größenordnung Übermüdung");
  g_assert_cmpint(count_shy(r), >=, 2);
  plain = strip_shy(r);
  g_assert_cmpstr(plain, ==, "Größenordnung Übermüdung");
  g_free(plain);
  free(r);
  /* A word with a letter the charset lacks is left alone. */
  r = hyphenate(h, "de", "Donaudampfschiffſahrt");
  g_assert_cmpstr(r, ==, "Donaudampfschiffſahrt");
  free(r);
  np_hyphen_free(h);
}

static void test_russian(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *r;
  if (!have_dic("hyph_ru_RU.dic")) {
    g_test_skip("hyph_ru_RU.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  /* No hyph_ru.dic: the first hyph_ru_*.dic (KOI8-R) is used. */
  g_assert_true(np_hyphen_has(h, "ru"));
  r = hyphenate(h, "ru", "Электростанция");
  g_assert_cmpstr(r, ==, "Элек" SHY "тро" SHY "станция");
  free(r);
  np_hyphen_free(h);
}

static void test_ukrainian_utf8(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *r;
  char *plain;
  if (!have_dic("hyph_uk.dic")) {
    g_test_skip("hyph_uk.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  /* A UTF-8 Cyrillic dictionary: positions count characters, not bytes. */
  r = hyphenate(h, "uk-UA", "українська");
  g_assert_cmpint(count_shy(r), >=, 1);
  plain = strip_shy(r);
  g_assert_cmpstr(plain, ==, "українська");
  g_free(plain);
  free(r);
  np_hyphen_free(h);
}

static void test_left_alone(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  const char *const untouched[] = {
      "https://example.com/hyphenation/international",
      "www.internationalization.org",
      "hyphenation@internationalization.org",
      "hyphenation2024 international1",
      "C:\\internationalization",
      "hyphen" SHY "ation",
      "NATO UNESCO INTERNATIONAL",
      "e.g.internationalization",
  };
  char *r;
  if (!have_dic("hyph_en_US.dic")) {
    g_test_skip("hyph_en_US.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(untouched); i++) {
    r = hyphenate(h, "en", untouched[i]);
    g_assert_cmpstr(r, ==, untouched[i]);
    free(r);
  }
  /* A sentence ending in a full stop is still hyphenated. */
  r = hyphenate(h, "en", "See hyphenation.");
  g_assert_cmpstr(r, ==, "See hy" SHY "phen" SHY "ation.");
  free(r);
  /* Hyphenated compounds: each part on its own. */
  r = hyphenate(h, "en", "hyphenation-hyphenation");
  g_assert_cmpstr(r, ==, "hy" SHY "phen" SHY "ation-hy" SHY "phen" SHY "ation");
  free(r);
  r = hyphenate(h, "en", "");
  g_assert_cmpstr(r, ==, "");
  free(r);
  np_hyphen_free(h);
}

static void test_map_with_mixed_text(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  const char *text = "Internationalization in “quotes”, naïveté, "
                     "don’t hyphenation\xff"
                     "international\n\tresponsibility";
  char *r;
  if (!have_dic("hyph_en_US.dic")) {
    g_test_skip("hyph_en_US.dic is not installed");
    np_hyphen_free(h);
    return;
  }
  r = hyphenate(h, "en-US", text);
  g_assert_cmpint(count_shy(r), >=, 6);
  /* No break next to the apostrophe, none before the last three letters;
   * the invalid byte ends a word like punctuation. */
  g_assert_nonnull(strstr(r, "don’t "));
  g_assert_nonnull(strstr(r, "re" SHY "spon" SHY "si" SHY "bil" SHY "ity"));
  g_assert_null(strstr(r, SHY "ty"));
  g_assert_null(strstr(r, SHY "al\n"));
  g_assert_nonnull(strstr(r, "ation\xff"
                             "in" SHY "ter"));
  free(r);
  /* Without a map the result is the same. */
  r = np_hyphen_insert(h, "en-US", text, strlen(text), NULL);
  g_assert_nonnull(r);
  g_assert_cmpint(count_shy(r), >=, 6);
  free(r);
  np_hyphen_free(h);
}

static void test_hostile_long_word(void) {
  np_hyphenator *h = np_hyphen_new(NULL);
  char *text = g_malloc(HOSTILE_WORD_BYTES + 1);
  size_t *map = NULL;
  char *r;
  if (!have_dic("hyph_en_US.dic")) {
    g_test_skip("hyph_en_US.dic is not installed");
    np_hyphen_free(h);
    g_free(text);
    return;
  }
  for (size_t i = 0; i < HOSTILE_WORD_BYTES; i++)
    text[i] = "hyphenation"[i % 11];
  text[HOSTILE_WORD_BYTES] = '\0';
  r = np_hyphen_insert(h, "en", text, HOSTILE_WORD_BYTES, &map);
  g_assert_nonnull(r);
  g_assert_cmpstr(r, ==, text);
  g_assert_cmpuint(map[HOSTILE_WORD_BYTES], ==, HOSTILE_WORD_BYTES);
  free(map);
  free(r);
  /* A word of exactly the longest length is still hyphenated. */
  text[NP_HYPHEN_MAX_WORD] = '\0';
  r = hyphenate(h, "en", text);
  g_assert_cmpint(count_shy(r), >, 0);
  free(r);
  g_free(text);
  np_hyphen_free(h);
}

static void test_private_folder(void) {
  char *dir = g_dir_make_tmp("np-hyphen-XXXXXX", NULL);
  char *path = g_build_filename(dir, "hyph_zz_ZZ.dic", NULL);
  /* A tiny dictionary: break between "a" and "b" anywhere. */
  const char *dic = "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\na1b\n";
  np_hyphenator *h = np_hyphen_new(dir);
  char *r;
  g_assert_true(g_file_set_contents(path, dic, -1, NULL));
  g_assert_false(np_hyphen_has(h, "en"));
  g_assert_true(np_hyphen_has(h, "zz"));
  /* Our minima (2 before, 3 after) hold over the dictionary's. */
  r = hyphenate(h, "zz", "ababababab");
  g_assert_cmpstr(r, ==, "aba" SHY "ba" SHY "ba" SHY "bab");
  free(r);
  np_hyphen_free(h);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* Returns the path of the one cache file in dir (heap), or NULL. */
static char *cache_file(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  char *found = NULL;
  int n = 0;

  g_assert_nonnull(d);
  while ((name = g_dir_read_name(d)) != NULL) {
    if (g_str_has_suffix(name, ".bin")) {
      g_free(found);
      found = g_build_filename(dir, name, NULL);
      n++;
    }
  }
  g_dir_close(d);
  g_assert_cmpint(n, <=, 1);
  return found;
}

/* Hyphenates text with a new hyphenator over dir; the caller frees. */
static char *fresh(const char *dir, const char *lang, const char *text) {
  np_hyphenator *h = np_hyphen_new(dir);
  char *r = hyphenate(h, lang, text);

  np_hyphen_free(h);
  return r;
}

/* The dictionary cache: written on first use, read back (it is what is
 * used while the dictionary keeps its size and time), ignored when stale
 * or broken, and the same hyphenation as libhyphen's own load. */
static void test_cache(void) {
  char *dir = g_dir_make_tmp("np-hyphen-XXXXXX", NULL);
  char *cache = g_build_filename(dir, "cache", NULL);
  char *dic = g_build_filename(dir, "hyph_zz.dic", NULL);
  const char *ab = "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\na1b\n";
  const char *ba = "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\nb1a\n";
  const char *longer = "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\nb1a\n\n";
  const char *old = getenv(NP_HYPHEN_CACHE_ENV);
  char *saved = old ? g_strdup(old) : NULL;
  char *bin, *r, *bytes;
  gsize len;
  GStatBuf st;
  struct utimbuf times;

  g_setenv(NP_HYPHEN_CACHE_ENV, cache, TRUE);
  g_assert_true(g_file_set_contents(dic, ab, -1, NULL));
  r = fresh(dir, "zz", "ababababab");
  g_assert_cmpstr(r, ==, "aba" SHY "ba" SHY "ba" SHY "bab");
  free(r);
  bin = cache_file(cache);
  g_assert_nonnull(bin);
  /* Same size and time, other patterns: the cache answers. */
  g_assert_cmpint(g_stat(dic, &st), ==, 0);
  g_assert_true(g_file_set_contents(dic, ba, -1, NULL));
  times.actime = st.st_atime;
  times.modtime = st.st_mtime;
  g_assert_cmpint(g_utime(dic, &times), ==, 0);
  r = fresh(dir, "zz", "ababababab");
  g_assert_cmpstr(r, ==, "aba" SHY "ba" SHY "ba" SHY "bab");
  free(r);
  /* Another size: stale, the dictionary is read again. */
  g_assert_true(g_file_set_contents(dic, longer, -1, NULL));
  r = fresh(dir, "zz", "ababababab");
  g_assert_cmpstr(r, ==, "ab" SHY "ab" SHY "ab" SHY "abab");
  free(r);
  /* A truncated cache file is ignored and written again. */
  g_assert_true(g_file_get_contents(bin, &bytes, &len, NULL));
  g_assert_true(g_file_set_contents(bin, bytes, (gssize)(len - 7), NULL));
  r = fresh(dir, "zz", "ababababab");
  g_assert_cmpstr(r, ==, "ab" SHY "ab" SHY "ab" SHY "abab");
  free(r);
  g_free(bytes);
  g_assert_true(g_file_get_contents(bin, &bytes, &len, NULL));
  g_assert_cmpuint(len, >, 7);
  g_free(bytes);
  g_unlink(bin);
  g_free(bin);
  /* The system dictionaries: the same soft hyphens through the cache
   * (written, then read) as without it. */
  {
    const char *cases[][2] = {
        {"en-US", "Internationalization of hyphenation algorithms, "
                  "nevertheless extraordinarily"},
        {"de-DE", "Donaudampfschifffahrtsgesellschaft Rechtsschutzversicherung"
                  " Silbentrennung"},
        {"ru", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80"}};
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
      char *plain, *written, *read;
      g_setenv(NP_HYPHEN_CACHE_ENV, "", TRUE);
      plain = fresh(NULL, cases[i][0], cases[i][1]);
      g_setenv(NP_HYPHEN_CACHE_ENV, cache, TRUE);
      written = fresh(NULL, cases[i][0], cases[i][1]);
      read = fresh(NULL, cases[i][0], cases[i][1]);
      g_assert_cmpstr(written, ==, plain);
      g_assert_cmpstr(read, ==, plain);
      free(plain);
      free(written);
      free(read);
    }
  }
  {
    GDir *d = g_dir_open(cache, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL) {
      char *p = g_build_filename(cache, name, NULL);
      g_unlink(p);
      g_free(p);
    }
    g_dir_close(d);
  }
  if (saved)
    g_setenv(NP_HYPHEN_CACHE_ENV, saved, TRUE);
  else
    g_unsetenv(NP_HYPHEN_CACHE_ENV);
  g_free(saved);
  g_rmdir(cache);
  g_unlink(dic);
  g_rmdir(dir);
  g_free(dic);
  g_free(cache);
  g_free(dir);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hyphen/english", test_english);
  g_test_add_func("/hyphen/language-fallbacks", test_language_fallbacks);
  g_test_add_func("/hyphen/unknown-language", test_unknown_language);
  g_test_add_func("/hyphen/german", test_german);
  g_test_add_func("/hyphen/russian", test_russian);
  g_test_add_func("/hyphen/ukrainian-utf8", test_ukrainian_utf8);
  g_test_add_func("/hyphen/left-alone", test_left_alone);
  g_test_add_func("/hyphen/map-with-mixed-text", test_map_with_mixed_text);
  g_test_add_func("/hyphen/hostile-long-word", test_hostile_long_word);
  g_test_add_func("/hyphen/private-folder", test_private_folder);
  g_test_add_func("/hyphen/cache", test_cache);
  return g_test_run();
}
