/* hyphen.h: hyphenation with libhyphen and the Debian hyphen-* dictionaries:
 * soft hyphens inserted where a word may break. */
#ifndef NP_HYPHEN_H
#define NP_HYPHEN_H

#include <stddef.h>

/* Folder of the Debian hyphenation dictionaries. */
#define NP_HYPHEN_DIR "/usr/share/hyphen"
/* Shortest word hyphenated, in characters. */
#define NP_HYPHEN_MIN_WORD 5

/* A hyphenator with its dictionaries loaded on demand, by language. */
typedef struct np_hyphenator np_hyphenator;

/* Returns a new hyphenator reading dictionaries (hyph_LL_CC.dic) from dir
 * (NULL: NP_HYPHEN_DIR). The caller frees it with np_hyphen_free. */
np_hyphenator *np_hyphen_new(const char *dir);

/* Releases the hyphenator and its dictionaries; NULL is allowed. */
void np_hyphen_free(np_hyphenator *h);

/* Returns nonzero when a dictionary exists for the BCP 47 language lang
 * ("en-GB" tries hyph_en_GB, then hyph_en_*, then hyph_en). */
int np_hyphen_has(np_hyphenator *h, const char *lang);

/* Returns a heap copy of the UTF-8 text (len bytes) with U+00AD SOFT
 * HYPHEN inserted at the hyphenation points of its words in language lang,
 * leaving at least 2 characters before and 3 after a break; or NULL when
 * there is no dictionary for lang. When map is not NULL, *map receives a
 * heap array of len + 1 entries giving, for each byte offset of text, the
 * offset of the same byte in the result (the caller frees both). Words
 * with digits, URLs and words shorter than NP_HYPHEN_MIN_WORD are left
 * alone. */
char *np_hyphen_insert(np_hyphenator *h, const char *lang, const char *text,
                       size_t len, size_t **map);

#endif
