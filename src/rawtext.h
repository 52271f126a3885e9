/* rawtext.h: drops the content of script and style elements before the
 * HTML parser reads a page. Nothing of the importer reads that content
 * (but JSON-LD, which is kept), and it is a third to a half of a saved
 * page's bytes: libxml2 reads it character by character, the slowest of
 * its loops. The scan follows libxml2's HTML tokenizer for comments, tags
 * and quoted attributes; np_rawtext_matches then checks the parse against
 * the scan, so that a page the scan misread is parsed again whole. */
#ifndef NP_RAWTEXT_H
#define NP_RAWTEXT_H

#include <libxml/tree.h>
#include <stddef.h>

/* What the scan found: the script and style elements of the page, in
 * order. Opaque; owned by the caller of np_rawtext_strip. */
typedef struct np_rawtext np_rawtext;

/* Scans the len bytes of UTF-8 HTML at html. When it drops something,
 * returns a new NUL-terminated copy without the content of the script and
 * style elements (their tags stay; a <script type="application/ld+json">
 * keeps its content), sets *out_len to its length and *log to what was
 * found; the caller frees the copy with free() and *log with
 * np_rawtext_free. When there is nothing to drop, returns NULL and sets
 * *log to NULL: parse html itself. */
char *np_rawtext_strip(const char *html, size_t len, size_t *out_len,
                       np_rawtext **log);

/* Returns nonzero when the script and style elements of dom (parsed from
 * np_rawtext_strip's copy) are the ones of log, in order, of the same name
 * and number of attributes, each one whose content was dropped empty: the
 * scan read the page as the parser did. Zero: parse the page itself. */
int np_rawtext_matches(const np_rawtext *log, const xmlDoc *dom);

/* Releases log; NULL is allowed. */
void np_rawtext_free(np_rawtext *log);

#endif
