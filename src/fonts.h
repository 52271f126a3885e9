/* fonts.h: a private fontconfig set-up over the bundled fonts/ folder, so
 * that the output does not depend on the machine's fonts; system fonts are
 * a fallback only (CJK), and can be left out for tests. */
#ifndef NP_FONTS_H
#define NP_FONTS_H

#include <pango/pango.h>

#include "base.h"

/* The font set-up. */
typedef struct np_fonts np_fonts;

/* Builds a fontconfig configuration of its own holding the font files of
 * fonts_dir (*.ttf, *.otf, *.ttc, *.otc, through fontconfig's cache of the
 * folder in fontconfig/ under np_cache_dir() when there is one, written
 * there on first use; else scanned in memory) and its fonts.conf, which names
 * the generic families serif, sans-serif and monospace after the bundled faces.
 * When system_fallback is nonzero, the machine's fontconfig set-up and fonts
 * are added behind them, less the system fonts of the bundled families, so that
 * only the scripts the bundled fonts lack (CJK) come from the system. The
 * configuration also becomes fontconfig's current one (so that neither Pango
 * nor librsvg loads the machine's set-up behind it) until the next np_fonts_new
 * or its np_fonts_free. Not thread-safe. Returns NP_OK with *out (freed with
 * np_fonts_free), or NP_ERR_IO with *out NULL and err naming the folder or file
 * when fonts_dir is not a folder, holds no usable font, or its fonts.conf
 * cannot be loaded. */
np_status np_fonts_new(const char *fonts_dir, int system_fallback,
                       np_fonts **out, np_error *err);

/* Releases the set-up; NULL is allowed. */
void np_fonts_free(np_fonts *fonts);

/* Makes the configuration of fonts fontconfig's current one again, as
 * np_fonts_new did (another np_fonts_new since made its own current). Not
 * thread-safe. */
void np_fonts_use(np_fonts *fonts);

/* Returns the Pango font map over the configuration (borrowed: valid as
 * long as fonts). Layouts made from it measure and draw with cairo. */
PangoFontMap *np_fonts_map(np_fonts *fonts);

/* Returns nonzero when some font of the configuration (the system's too,
 * with the fallback) has a glyph for every character of the UTF-8 text
 * that is not white space, a control or a format character (joiners,
 * direction marks, soft hyphens); text after an invalid UTF-8 sequence is
 * not looked at. NULL or empty text: nonzero. */
int np_fonts_cover(np_fonts *fonts, const char *text);

/* Returns the number of font files loaded from fonts_dir (for tests). */
int np_fonts_bundled_count(const np_fonts *fonts);

#endif
