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

/* Share of fingerprint bits that may differ for two texts to count as the
 * same article. */
#define NP_DIGEST_NEAR_BITS 3

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
  char **reasons; /* per dropped: "same URL as 'Title'" / "nearly the same
                     text as 'Title'" */
  char *first_date; /* earliest publication date (YYYY-MM-DD) or NULL */
  char *last_date;  /* latest, or NULL */
} np_digest;

/* Plans a digest of n documents: drops duplicates (the later of two in
 * input order), orders the rest by publication date (undated last, in
 * input order), groups them by group_by. Returns a new plan the caller
 * frees with np_digest_free. */
np_digest *np_digest_plan(np_doc *const *docs, size_t n, np_group_by group_by);

/* Releases a plan; NULL is allowed. */
void np_digest_free(np_digest *digest);

/* Returns a 64-bit fingerprint of the text of doc (SimHash over word
 * shingles): near-identical texts differ in few bits. */
uint64_t np_digest_fingerprint(const np_doc *doc);

/* Returns the default title of a digest: "News digest, FIRST – LAST" (or
 * one date, or "News digest"). The caller frees it. */
char *np_digest_title(const np_digest *digest);

#endif
