/* fonts.c: the private fontconfig set-up over the bundled fonts/ folder and
 * the Pango font map drawn with cairo over it. */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Name of the fontconfig file in the fonts folder. */
#define NP_FONTS_CONF "fonts.conf"
/* Folder of fontconfig's cache of the bundled fonts, in the cache folder. */
#define NP_FONTS_CACHE "fontconfig"

/* The configuration np_fonts_new last made fontconfig's current one (not a
 * reference of its own), or NULL. */
static FcConfig *np_fonts_current;

struct np_fonts {
  FcConfig *config;   /* owned reference */
  PangoFontMap *map;  /* owned reference; holds its own on config */
  FcCharSet *covered; /* union of every font's characters, made on demand */
  int bundled;        /* font files loaded from the folder */
};

/* Orders the names of a GPtrArray of strings. */
static gint np_fonts_compare_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns nonzero when the file name ends with a font file extension. */
static int np_fonts_is_font_file(const char *name) {
  static const char *const extensions[] = {".ttf", ".otf", ".ttc", ".otc"};
  size_t len = strlen(name);
  for (size_t i = 0; i < G_N_ELEMENTS(extensions); i++) {
    size_t ext_len = strlen(extensions[i]);
    if (len > ext_len &&
        g_ascii_strcasecmp(name + len - ext_len, extensions[i]) == 0)
      return 1;
  }
  return 0;
}

/* Adds the font files of dir (an absolute path) to the application set of
 * config, in name order, and returns how many fontconfig accepted. The
 * files are scanned in memory: no cache file is read or written. */
static int np_fonts_scan_folder(FcConfig *config, const char *dir) {
  GDir *folder = g_dir_open(dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  int added = 0;
  if (folder == NULL)
    goto done;
  while ((name = g_dir_read_name(folder)) != NULL)
    if (np_fonts_is_font_file(name))
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, np_fonts_compare_names);
  for (guint i = 0; i < names->len; i++) {
    char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    if (FcConfigAppFontAddFile(config, (const FcChar8 *)path))
      added++;
    g_free(path);
  }

done:
  if (folder != NULL)
    g_dir_close(folder);
  g_ptr_array_free(names, TRUE);
  return added;
}

/* Adds the font files of dir to the application set of config as
 * np_fonts_scan_folder does, but through fontconfig's cache of the folder
 * in NP_FONTS_CACHE under newsprint's cache folder (written on first use,
 * rebuilt when the folder changes): scanning the bundled files costs more
 * than a short article's layout. Returns how many fonts were added, or -1
 * (config untouched) when there is no usable cache folder. */
static int np_fonts_add_cached(FcConfig *config, const char *dir) {
  char *cache = np_cache_dir();
  char *fc_cache = NULL;
  char *escaped = NULL;
  char *xml = NULL;
  FcFontSet *set;
  int added = -1;

  if (cache == NULL)
    goto done;
  fc_cache = g_build_filename(cache, NP_FONTS_CACHE, NULL);
  if (g_mkdir_with_parents(fc_cache, 0755) != 0 || access(fc_cache, W_OK) != 0)
    goto done;
  escaped = g_markup_escape_text(fc_cache, -1);
  xml = g_strdup_printf("<fontconfig><cachedir>%s</cachedir></fontconfig>",
                        escaped);
  /* a configuration that names a cache folder reads and writes the
   * folder's cache there */
  if (!FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml, FcFalse) ||
      !FcConfigAppFontAddDir(config, (const FcChar8 *)dir))
    goto done;
  set = FcConfigGetFonts(config, FcSetApplication);
  added = set != NULL ? set->nfont : 0;

done:
  g_free(xml);
  g_free(escaped);
  g_free(fc_cache);
  free(cache);
  return added;
}

/* Adds the bundled fonts of dir to config, through the cache when there is
 * one; returns how many were added. */
static int np_fonts_add_folder(FcConfig *config, const char *dir) {
  int added = np_fonts_add_cached(config, dir);
  return added >= 0 ? added : np_fonts_scan_folder(config, dir);
}

/* Makes the system fonts that share a family name with a bundled font
 * (another version of Noto Serif, say) unacceptable to config, so that the
 * bundled faces are the only ones of their families. Must run after the
 * bundled fonts were added and before the system fonts are. */
static int np_fonts_reject_bundled_families(FcConfig *config) {
  FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GString *xml = g_string_new("<fontconfig><selectfont><rejectfont>");
  int ok;
  for (int i = 0; set != NULL && i < set->nfont; i++) {
    FcChar8 *family = NULL;
    for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &family) ==
                    FcResultMatch;
         k++) {
      char *escaped;
      if (!g_hash_table_add(seen, family))
        continue;
      escaped = g_markup_escape_text((const char *)family, -1);
      g_string_append_printf(xml,
                             "<pattern><patelt name=\"family\"><string>%s"
                             "</string></patelt></pattern>",
                             escaped);
      g_free(escaped);
    }
  }
  g_string_append(xml, "</rejectfont></selectfont></fontconfig>");
  ok = FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml->str,
                                      FcFalse) == FcTrue;
  g_string_free(xml, TRUE);
  g_hash_table_destroy(seen);
  return ok;
}

np_status np_fonts_new(const char *fonts_dir, int system_fallback,
                       np_fonts **out, np_error *err) {
  np_status status = NP_OK;
  FcConfig *config = NULL;
  char *dir = NULL;
  char *conf_path = NULL;
  np_fonts *fonts;
  int bundled;

  *out = NULL;
  if (fonts_dir == NULL)
    fonts_dir = "(null)";
  /* fontconfig resolves relative file names against its own folders. */
  dir = realpath(fonts_dir, NULL);
  if (dir == NULL || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    status = np_error_set(err, NP_ERR_IO, "%s: not a fonts folder", fonts_dir);
    goto done;
  }
  config = FcConfigCreate();
  /* The bundled fonts go in first, before the system's set-up (when asked
   * for) names any cache folder. */
  bundled = np_fonts_add_folder(config, dir);
  if (bundled == 0) {
    status = np_error_set(err, NP_ERR_IO, "%s: holds no usable font file",
                          fonts_dir);
    goto done;
  }
  /* The machine's own configuration (its font folders, caches and rules)
   * comes next, so that the bundled aliases parsed last take precedence. */
  if (system_fallback && (!np_fonts_reject_bundled_families(config) ||
                          !FcConfigParseAndLoad(config, NULL, FcFalse))) {
    status = np_error_set(err, NP_ERR_IO,
                          "cannot read the system's fontconfig set-up");
    goto done;
  }
  conf_path = g_build_filename(dir, NP_FONTS_CONF, NULL);
  if (!FcConfigParseAndLoad(config, (const FcChar8 *)conf_path, FcTrue)) {
    status = np_error_set(err, NP_ERR_IO, "%s: cannot load the fontconfig file",
                          conf_path);
    goto done;
  }
  if (!FcConfigBuildFonts(config)) {
    status = np_error_set(err, NP_ERR_IO, "%s: cannot build the font list",
                          fonts_dir);
    goto done;
  }
  /* Pango's font map calls FcInit, which loads the machine's whole set-up
   * (about a tenth of a short article's time) unless fontconfig already has
   * a current configuration: ours becomes that one. */
  if (!FcConfigSetCurrent(config)) {
    status =
        np_error_set(err, NP_ERR_IO, "%s: cannot use the font list", fonts_dir);
    goto done;
  }
  np_fonts_current = config;
  fonts = np_xcalloc(1, sizeof *fonts);
  fonts->config = config;
  fonts->bundled = bundled;
  fonts->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), config);
  config = NULL;
  *out = fonts;

done:
  if (config != NULL)
    FcConfigDestroy(config);
  g_free(conf_path);
  free(dir);
  return status;
}

/* Returns an empty configuration shared by the whole process (never freed,
 * so always reachable). */
static FcConfig *np_fonts_empty_config(void) {
  static gsize done;
  static FcConfig *empty;
  if (g_once_init_enter(&done)) {
    empty = FcConfigCreate();
    g_once_init_leave(&done, 1);
  }
  return empty;
}

void np_fonts_use(np_fonts *fonts) {
  if (np_fonts_current != fonts->config && FcConfigSetCurrent(fonts->config))
    np_fonts_current = fonts->config;
}

void np_fonts_free(np_fonts *fonts) {
  if (fonts == NULL)
    return;
  /* Pango 1.50 keeps the reference that pango_fc_font_map_set_config took
   * on a configuration until the process ends, even when the map is
   * finalized. Handing the map the shared empty configuration first makes
   * it release ours, which is then destroyed below. */
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map),
                               np_fonts_empty_config());
  g_object_unref(fonts->map);
  /* fontconfig's current configuration holds a reference of its own */
  if (np_fonts_current == fonts->config) {
    FcConfigSetCurrent(np_fonts_empty_config());
    np_fonts_current = NULL;
  }
  if (fonts->covered != NULL)
    FcCharSetDestroy(fonts->covered);
  FcConfigDestroy(fonts->config);
  free(fonts);
}

PangoFontMap *np_fonts_map(np_fonts *fonts) { return fonts->map; }

/* Adds the characters of every font of set to covered. */
static void np_fonts_add_coverage(FcCharSet *covered, FcFontSet *set) {
  for (int i = 0; set != NULL && i < set->nfont; i++) {
    FcCharSet *chars = NULL;
    if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &chars) ==
        FcResultMatch)
      FcCharSetMerge(covered, chars, NULL);
  }
}

/* Returns nonzero for the characters that take no glyph of their own:
 * white space, controls and format characters (joiners, direction marks,
 * the soft hyphen). */
static int np_fonts_is_invisible(gunichar c) {
  GUnicodeType type = g_unichar_type(c);
  return g_unichar_isspace(c) || type == G_UNICODE_CONTROL ||
         type == G_UNICODE_FORMAT || type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

int np_fonts_cover(np_fonts *fonts, const char *text) {
  const char *end;
  if (text == NULL)
    return 1;
  if (fonts->covered == NULL) {
    fonts->covered = FcCharSetCreate();
    np_fonts_add_coverage(fonts->covered,
                          FcConfigGetFonts(fonts->config, FcSetSystem));
    np_fonts_add_coverage(fonts->covered,
                          FcConfigGetFonts(fonts->config, FcSetApplication));
  }
  g_utf8_validate(text, -1, &end);
  for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!np_fonts_is_invisible(c) && !FcCharSetHasChar(fonts->covered, c))
      return 0;
  }
  return 1;
}

int np_fonts_bundled_count(const np_fonts *fonts) { return fonts->bundled; }
