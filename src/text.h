/* text.h: the plain-text renderer and the word count. */
#ifndef NP_TEXT_H
#define NP_TEXT_H

#include "doc.h"

/* Returns the body of doc as plain text without the title: blocks separated
 * by a blank line, list items prefixed ("- " or "1. "), table cells by tabs,
 * figure captions and credits as their own paragraphs, <pre> kept verbatim,
 * a final newline. The caller frees it; never NULL. */
char *np_render_text(const np_doc *doc);

/* Counts the words of UTF-8 text: runs of letters and digits, with every
 * Han, Hiragana, Katakana and Hangul character counted as one word. */
size_t np_word_count(const char *text);

#endif
