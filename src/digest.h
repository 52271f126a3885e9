/* digest.h: a weekly digest of many articles: order by date, sections by
 * site or date, and duplicates dropped (same canonical URL, or nearly the
 * same text by a fingerprint). */
#ifndef NP_DIGEST_H
#define NP_DIGEST_H

#include <stdint.h>

#include "doc.h"

/* How articles are grouped into sections. */
typedef enum {
  NP_GROUP_SITE = 0, /* by site name (then by date within) */
  NP_GROUP_DATE,     /* by publication day */
  NP_GROUP_NONE      /* one list, by date */
} np_group_by;

/* Most fingerprint bits (of 64) that may differ for two texts to count as
 * the same article. SimHash over short texts is noisy: a 300-word article
 * with two words changed differs in up to 9 bits, while unrelated articles
 * differ in about 32 (18 at the least among the 90 real articles of the
 * corpus); the chance that two unrelated texts fall within 10 bits is
 * about 1e-8. */
#define NP_DIGEST_NEAR_BITS 10

/* One section of a digest: a heading and the articles under it. */
typedef struct {
  char *title;     /* site name, day ("2017-07-26"), or NULL for NONE */
  size_t *indices; /* into the documents, in reading order */
  size_t n;
} np_digest_section;

/* A digest plan. */
typedef struct {
  np_digest_section *sections;
  size_t n_sections;
  size_t *dropped; /* indices of the duplicates left out */
  size_t n_dropped;
  char **reasons;   /* per dropped: same URL as "Title" / nearly the same
                       text as "Title" (the kept article's title, else URL) */
  char *first_date; /* earliest publication date (YYYY-MM-DD) or NULL */
  char *last_date;  /* latest, or NULL */
} np_digest;

/* Plans a digest of n documents: drops duplicates (the later of two in
 * input order): the same canonical URL once normalised (scheme and host
 * lowercased, http and https alike, fragment, trailing slash and tracking
 * parameters utm_*, fbclid, gclid... dropped), or fingerprints at most
 * NP_DIGEST_NEAR_BITS apart when both texts have at least 50 words. Orders
 * the rest by publication instant (strings without offset read as UTC;
 * undated last; input order among equals) and groups them by group_by:
 * SITE by site name (else the URL's host, else "Other"), sections ordered
 * by their earliest article then title; DATE by day of publication in the
 * date's own offset, "Undated" last; NONE in one section titled NULL.
 * docs must hold n documents (n may be 0). Returns a new plan the caller
 * frees with np_digest_free; all its strings are heap strings it owns. */
np_digest *np_digest_plan(np_doc *const *docs, size_t n, np_group_by group_by);

/* Releases a plan; NULL is allowed. */
void np_digest_free(np_digest *digest);

/* Returns a 64-bit fingerprint of the text of doc (SimHash over shingles
 * of three words of the lowercased text; runs of Han, Hiragana, Katakana
 * and Hangul count character bigrams as words): near-identical texts differ
 * in few bits, unrelated ones in about half. Deterministic; 0 for a
 * document without words. */
uint64_t np_digest_fingerprint(const np_doc *doc);

/* Returns the default title of a digest: "News digest, FIRST – LAST" (en
 * dash), "News digest, DAY" when both are one day, "News digest" when
 * undated or digest is NULL. The caller frees it with free(). */
char *np_digest_title(const np_digest *digest);

#endif
