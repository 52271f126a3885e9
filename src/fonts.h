/* fonts.h: a private fontconfig set-up over the bundled fonts/ folder, so
 * that the output does not depend on the machine's fonts; system fonts are
 * a fallback only (CJK), and can be left out for tests. */
#ifndef NP_FONTS_H
#define NP_FONTS_H

#include <pango/pango.h>

#include "base.h"

/* The font set-up. */
typedef struct np_fonts np_fonts;

/* Builds a fontconfig configuration holding the fonts of fonts_dir (with
 * its fonts.conf, which names the bundled families and their aliases:
 * serif, sans-serif, monospace), then, when system_fallback is nonzero, the
 * system's fonts after them. Returns NP_OK with *out (freed with
 * np_fonts_free) or NP_ERR_IO when fonts_dir holds no usable font. */
np_status np_fonts_new(const char *fonts_dir, int system_fallback,
                       np_fonts **out, np_error *err);

/* Releases the set-up; NULL is allowed. */
void np_fonts_free(np_fonts *fonts);

/* Returns the Pango font map over the configuration (borrowed: valid as
 * long as fonts). Layouts made from it measure and draw with cairo. */
PangoFontMap *np_fonts_map(np_fonts *fonts);

/* Returns nonzero when some font of the configuration has a glyph for
 * every character of the UTF-8 text that is not white space. */
int np_fonts_cover(np_fonts *fonts, const char *text);

/* Returns the number of font files loaded from fonts_dir (for tests). */
int np_fonts_bundled_count(const np_fonts *fonts);

#endif
