/* metadata.h: harvests an article's metadata from the page, best source
 * first: JSON-LD, OpenGraph and article:*, Dublin Core, <meta>, rel=author,
 * <time>, then the visible byline and dateline. */
#ifndef NP_METADATA_H
#define NP_METADATA_H

#include "doc.h"
#include "dom.h"

/* Fills doc->meta from the whole page dom before extraction changes it:
 * title (without the " | Site" tail), subtitle, authors (every one), dates
 * (ISO 8601), site name, section, canonical URL, language, direction,
 * summary, keywords, rights. Fields already set in doc->meta are kept.
 * Authors come from JSON-LD, then <meta>, then microdata, and last from the
 * first visible byline of the page outside comments. dom and doc may be
 * NULL (nothing is done).
 * When the JSON-LD holds an articleBody, *article_body receives it as a
 * heap string the caller frees (else NULL); article_body may be NULL.
 * Problems (malformed JSON-LD, a bad date) become warnings on doc. */
void np_metadata_harvest(xmlDoc *dom, np_doc *doc, char **article_body);

/* Completes doc->meta from the article element chosen by extraction: the
 * visible byline, the first <time datetime> and the first long paragraph
 * (as summary) when nothing better was found; lang and dir from the article
 * or its nearest ancestor that has them (they override the page's); when
 * no dir attribute was found anywhere, the direction follows from the
 * language: RTL for languages written right to left (he, ar, fa, ur, ...),
 * LTR for every other language, unknown (NP_DIR_INHERIT) without one.
 * article may be NULL: then only the direction is completed. */
void np_metadata_from_article(xmlNode *article, np_doc *doc);

/* Returns nonzero when the page's own metadata (JSON-LD description, a
 * <meta> description) gives a summary, so that doc->meta.summary was
 * written by the publisher rather than taken from the article's first
 * paragraph. dom may be NULL (0). */
int np_metadata_page_has_summary(xmlDoc *dom);

/* Returns nonzero when the element looks like a byline (rel=author,
 * itemprop=author, class or id with byline/author words) and its text is
 * short enough to be one. Extraction drops such elements from the body. */
int np_metadata_is_byline(const xmlNode *node);

/* Normalises a date as found in pages ("2017-07-26T10:31:00+0300",
 * "Wed, 26 Jul 2017 07:31:00 GMT", "July 26, 2017") to ISO 8601 in a heap
 * string the caller frees, keeping the offset when given; NULL when it
 * cannot be read. */
char *np_metadata_iso_date(const char *text);

/* Removes a site-name tail or head from a page title ("Headline | Site",
 * "Site - Headline") when site is given or the separator pattern is clear.
 * Returns a heap string the caller frees. */
char *np_metadata_clean_title(const char *title, const char *site);

#endif
