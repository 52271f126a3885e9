/* hyphenate.h: hyphenation with libhyphen and the Debian hyphen-* dictionaries:
 * soft hyphens inserted where a word may break. */
#ifndef NP_HYPHENATE_H
#define NP_HYPHENATE_H

#include <stddef.h>

#include "base.h"

/* Folder of the Debian hyphenation dictionaries. */
#define NP_HYPHEN_DIR "/usr/share/hyphen"
/* Shortest word hyphenated, in characters. */
#define NP_HYPHEN_MIN_WORD 5
/* Longest word hyphenated, in characters; longer ones are left alone. */
#define NP_HYPHEN_MAX_WORD 100

/* Environment variable naming the folder where loaded dictionaries are
 * cached: NP_CACHE_ENV (base.h). */
#define NP_HYPHEN_CACHE_ENV NP_CACHE_ENV
/* Largest cache file read back, in bytes. */
#define NP_HYPHEN_CACHE_MAX ((size_t)64 * 1024 * 1024)

/* A hyphenator with its dictionaries loaded on demand, by language.
 *
 * libhyphen builds its state machine from the pattern file slowly for
 * large dictionaries (about 2 s for German's 1 MB, 11 ms for English), so
 * the machine it built is kept in the cache folder, keyed by the
 * dictionary's real path, size and time, and read back (some 20 ms for
 * German) the next time. A cache file that is missing, stale, truncated or
 * inconsistent is ignored and written again; a cache folder that cannot be
 * written only costs the time. The hyphenation is the same either way. */
typedef struct np_hyphenator np_hyphenator;

/* Returns a new hyphenator reading dictionaries (hyph_LL_CC.dic) from dir
 * (NULL: NP_HYPHEN_DIR); nothing is read before a language is asked for.
 * Each dictionary is loaded once, and the answer for each language, found
 * or not, is remembered. The caller frees it with np_hyphen_free. Not
 * thread-safe. */
np_hyphenator *np_hyphen_new(const char *dir);

/* Releases the hyphenator and its dictionaries; NULL is allowed. */
void np_hyphen_free(np_hyphenator *h);

/* Returns nonzero when a dictionary exists for the BCP 47 language lang
 * (case and '-' or '_' do not matter): "en-GB" tries hyph_en_GB.dic, then
 * hyph_en.dic, then the first hyph_en_*.dic in name order; a script subtag
 * is passed over ("sr-Latn-RS" tries hyph_sr_RS.dic). Dictionaries in UTF-8
 * and in 8-bit charsets (ISO 8859-x, KOI8-R) are both used; one in a
 * charset iconv does not know counts as missing. NULL lang: zero. */
int np_hyphen_has(np_hyphenator *h, const char *lang);

/* Returns a heap copy of the UTF-8 text (len bytes) with U+00AD SOFT
 * HYPHEN inserted at the hyphenation points of its words in language lang,
 * leaving at least 2 characters before and 3 after a break (more when the
 * dictionary says so); or NULL when there is no dictionary for lang (and
 * *map, when map is not NULL, is set to NULL). When map is not NULL, *map
 * receives a heap array of len + 1 entries giving, for each byte offset of
 * text, the offset of the same byte in the result (map[len] is the length
 * of the result); soft hyphens go before the byte they precede, so
 * result[map[i]] == text[i]. The caller frees both.
 *
 * A word is a run of letters (and combining marks) with apostrophes inside
 * it; hyphens and other punctuation separate words, so "well-known" has
 * its parts hyphenated on their own. The case of the text is kept (the
 * dictionary is asked with the lower-case word). Left alone: whole
 * white-space-separated tokens with a digit, '/', '@', '\', '_', '=', a
 * '.' or ':' followed by a letter or digit (URLs, e-mail addresses,
 * domains, "e.g."), or soft hyphens of their own; words shorter than
 * NP_HYPHEN_MIN_WORD or longer than NP_HYPHEN_MAX_WORD characters; words
 * in capitals only (acronyms); words with characters outside an 8-bit
 * dictionary's charset; breaks next to an apostrophe or a combining mark,
 * and the dictionary's non-standard breaks that change the spelling
 * ("Schiffahrt" -> "Schiff-fahrt"). Invalid UTF-8 bytes are copied and end
 * a word. */
char *np_hyphen_insert(np_hyphenator *h, const char *lang, const char *text,
                       size_t len, size_t **map);

#endif
