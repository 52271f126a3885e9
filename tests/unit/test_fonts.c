/* test_fonts.c: unit tests of the private font set-up (fonts.c) over the
 * bundled fonts/ folder. */
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"

/* Least number of font files the repository bundles. */
#define BUNDLED_MIN 15

/* Returns the bundled fonts folder: beside $NP_TESTS when tests/run.sh set
 * it, else fonts/ under the working directory (the repository root). */
static char *fonts_dir(void) {
  const char *tests = g_getenv("NP_TESTS");
  if (tests != NULL)
    return g_build_filename(tests, "..", "fonts", NULL);
  return g_strdup("fonts");
}

/* Returns a set-up over the bundled fonts, failing the test otherwise. */
static np_fonts *open_fonts(int system_fallback) {
  char *dir = fonts_dir();
  np_fonts *fonts = NULL;
  np_error err = {0};
  np_status status = np_fonts_new(dir, system_fallback, &fonts, &err);
  if (status != NP_OK)
    g_test_message("np_fonts_new: %s", err.message);
  g_assert_cmpint(status, ==, NP_OK);
  g_assert_nonnull(fonts);
  g_free(dir);
  return fonts;
}

/* Returns the family of the font Pango picks for the first run of text set
 * in the font description desc (a heap string). */
static char *first_family(np_fonts *fonts, const char *desc_text,
                          const char *text) {
  PangoContext *context = pango_font_map_create_context(np_fonts_map(fonts));
  PangoLayout *layout = pango_layout_new(context);
  PangoFontDescription *desc = pango_font_description_from_string(desc_text);
  PangoLayoutLine *line;
  PangoGlyphItem *run;
  PangoFontDescription *used;
  char *family;

  pango_layout_set_font_description(layout, desc);
  pango_layout_set_text(layout, text, -1);
  line = pango_layout_get_line_readonly(layout, 0);
  g_assert_nonnull(line);
  g_assert_nonnull(line->runs);
  run = line->runs->data;
  used = pango_font_describe(run->item->analysis.font);
  family = g_strdup(pango_font_description_get_family(used));
  pango_font_description_free(used);
  pango_font_description_free(desc);
  g_object_unref(layout);
  g_object_unref(context);
  return family;
}

static void test_bundled_count(void) {
  np_fonts *fonts = open_fonts(0);
  g_assert_cmpint(np_fonts_bundled_count(fonts), >=, BUNDLED_MIN);
  np_fonts_free(fonts);
}

static void test_cover_bundled_scripts(void) {
  np_fonts *fonts = open_fonts(0);
  g_assert_true(np_fonts_cover(fonts, "The quick brown fox, naïve café."));
  g_assert_true(np_fonts_cover(fonts, "Η γρήγορη καφέ αλεπού"));
  g_assert_true(np_fonts_cover(fonts, "Съешь же ещё этих мягких булок"));
  g_assert_true(np_fonts_cover(fonts, "שלום עולם"));
  g_assert_true(np_fonts_cover(fonts, "مرحبا بالعالم"));
  g_assert_true(np_fonts_cover(fonts, " \t\n"));
  g_assert_true(np_fonts_cover(fonts, ""));
  /* Without the system fonts, CJK has no glyph, even inside Latin text. */
  g_assert_false(np_fonts_cover(fonts, "中文"));
  g_assert_false(np_fonts_cover(fonts, "Hello 中 world"));
  np_fonts_free(fonts);
}

static void test_generic_families(void) {
  np_fonts *fonts = open_fonts(0);
  char *family = first_family(fonts, "serif 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Serif");
  g_free(family);
  family = first_family(fonts, "sans-serif 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Sans");
  g_free(family);
  family = first_family(fonts, "monospace 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Sans Mono");
  g_free(family);
  family = first_family(fonts, "serif 12", "שלום עולם");
  g_assert_cmpstr(family, ==, "Noto Serif Hebrew");
  g_free(family);
  family = first_family(fonts, "sans-serif 12", "שלום עולם");
  g_assert_cmpstr(family, ==, "Noto Sans Hebrew");
  g_free(family);
  family = first_family(fonts, "serif 12", "مرحبا بالعالم");
  g_assert_cmpstr(family, ==, "Noto Naskh Arabic");
  g_free(family);
  /* A family the set-up lacks falls back to the serif face. */
  family = first_family(fonts, "Nonexistent Family 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Serif");
  g_free(family);
  np_fonts_free(fonts);
}

static void test_bold_italic_faces(void) {
  np_fonts *fonts = open_fonts(0);
  PangoContext *context = pango_font_map_create_context(np_fonts_map(fonts));
  PangoFontDescription *desc =
      pango_font_description_from_string("serif bold italic 12");
  PangoFont *font =
      pango_font_map_load_font(np_fonts_map(fonts), context, desc);
  PangoFontDescription *used = pango_font_describe(font);
  g_assert_cmpstr(pango_font_description_get_family(used), ==, "Noto Serif");
  g_assert_cmpint(pango_font_description_get_weight(used), ==,
                  PANGO_WEIGHT_BOLD);
  g_assert_cmpint(pango_font_description_get_style(used), ==,
                  PANGO_STYLE_ITALIC);
  pango_font_description_free(used);
  pango_font_description_free(desc);
  g_object_unref(font);
  g_object_unref(context);
  np_fonts_free(fonts);
}

/* Returns nonzero when the machine's fontconfig knows a font for Chinese. */
static int system_has_cjk(void) {
  FcConfig *config = FcInitLoadConfigAndFonts();
  FcPattern *pattern = FcNameParse((const FcChar8 *)":lang=zh-cn");
  FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, NULL);
  FcFontSet *list = FcFontList(config, pattern, objects);
  int found = list != NULL && list->nfont > 0;
  if (list != NULL)
    FcFontSetDestroy(list);
  FcObjectSetDestroy(objects);
  FcPatternDestroy(pattern);
  FcConfigDestroy(config);
  return found;
}

static void test_system_fallback(void) {
  np_fonts *fonts;
  char *family;
  if (!system_has_cjk()) {
    g_test_skip("no system font covers Chinese");
    return;
  }
  fonts = open_fonts(1);
  g_assert_true(np_fonts_cover(fonts, "中文"));
  /* The bundled faces still come first for the scripts they cover. */
  family = first_family(fonts, "serif 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Serif");
  g_free(family);
  family = first_family(fonts, "sans-serif 12", "שלום עולם");
  g_assert_cmpstr(family, ==, "Noto Sans Hebrew");
  g_free(family);
  family = first_family(fonts, "serif 12", "中文");
  g_assert_nonnull(strstr(family, "CJK"));
  g_free(family);
  np_fonts_free(fonts);
}

/* The system fonts that share a family with a bundled font are left out, so
 * that the bundled file is the one used. */
static void test_fallback_prefers_bundled_files(void) {
  np_fonts *fonts = open_fonts(1);
  PangoContext *context = pango_font_map_create_context(np_fonts_map(fonts));
  PangoFontDescription *desc = pango_font_description_from_string("serif 12");
  PangoFont *font =
      pango_font_map_load_font(np_fonts_map(fonts), context, desc);
  FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
  FcChar8 *file = NULL;
  char *dir = fonts_dir();
  char *expected = g_build_filename(dir, "NotoSerif-Regular.ttf", NULL);
  char *expected_real = realpath(expected, NULL);
  char *used_real;
  g_assert_cmpint(FcPatternGetString(pattern, FC_FILE, 0, &file), ==,
                  FcResultMatch);
  used_real = realpath((const char *)file, NULL);
  g_assert_nonnull(expected_real);
  g_assert_cmpstr(used_real, ==, expected_real);
  free(used_real);
  free(expected_real);
  g_free(expected);
  g_free(dir);
  pango_font_description_free(desc);
  g_object_unref(font);
  g_object_unref(context);
  np_fonts_free(fonts);
}

/* Orders a GPtrArray of strings. */
static gint compare_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the names of the files in dir, sorted, joined by spaces (heap). */
static char *list_files(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  char *joined;

  while (d != NULL && (name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  if (d != NULL)
    g_dir_close(d);
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  joined = g_strjoinv(" ", (char **)names->pdata);
  g_ptr_array_free(names, TRUE);
  return joined;
}

/* The bundled fonts go through fontconfig's cache of their folder under
 * NEWSPRINT_CACHE_DIR: written once, read back the next time, never inside
 * the fonts folder; with the cache turned off they are scanned as before. */
static void test_font_cache(void) {
  char *saved = g_strdup(g_getenv("NEWSPRINT_CACHE_DIR"));
  char *tmp = g_dir_make_tmp("np-fontcache-XXXXXX", NULL);
  char *fc_dir = g_build_filename(tmp, "fontconfig", NULL);
  char *dir = fonts_dir();
  char *before = list_files(dir), *after, *listed, *cache_file, *again;
  gchar *first = NULL, *second = NULL;
  gsize first_len = 0, second_len = 0;
  np_fonts *fonts;
  char *family;
  int count;

  g_setenv("NEWSPRINT_CACHE_DIR", tmp, TRUE);
  fonts = open_fonts(0);
  count = np_fonts_bundled_count(fonts);
  g_assert_cmpint(count, >=, BUNDLED_MIN);
  family = first_family(fonts, "serif 12", "Hello");
  g_assert_cmpstr(family, ==, "Noto Serif");
  g_free(family);
  np_fonts_free(fonts);
  listed = list_files(fc_dir);
  g_assert_nonnull(strstr(listed, ".cache-"));
  g_assert_null(strchr(listed, ' ')); /* one folder, one cache file */
  cache_file = g_build_filename(fc_dir, listed, NULL);
  g_assert_true(g_file_get_contents(cache_file, &first, &first_len, NULL));

  /* Read back: the same fonts, the cache file left as it was. */
  fonts = open_fonts(0);
  g_assert_cmpint(np_fonts_bundled_count(fonts), ==, count);
  family = first_family(fonts, "sans-serif 12", "\u05e9\u05dc\u05d5\u05dd");
  g_assert_cmpstr(family, ==, "Noto Sans Hebrew");
  g_free(family);
  np_fonts_free(fonts);
  g_assert_true(g_file_get_contents(cache_file, &second, &second_len, NULL));
  g_assert_cmpmem(first, first_len, second, second_len);
  again = list_files(fc_dir);
  g_assert_cmpstr(again, ==, listed);

  /* No cache: the same fonts, nothing written. */
  g_setenv("NEWSPRINT_CACHE_DIR", "", TRUE);
  g_remove(cache_file);
  fonts = open_fonts(0);
  g_assert_cmpint(np_fonts_bundled_count(fonts), ==, count);
  np_fonts_free(fonts);
  g_free(again);
  again = list_files(fc_dir);
  g_assert_cmpstr(again, ==, "");
  after = list_files(dir);
  g_assert_cmpstr(after, ==, before);

  if (saved != NULL)
    g_setenv("NEWSPRINT_CACHE_DIR", saved, TRUE);
  else
    g_unsetenv("NEWSPRINT_CACHE_DIR");
  g_rmdir(fc_dir);
  g_rmdir(tmp);
  g_free(first);
  g_free(second);
  g_free(cache_file);
  g_free(again);
  g_free(listed);
  g_free(after);
  g_free(before);
  g_free(dir);
  g_free(fc_dir);
  g_free(tmp);
  g_free(saved);
}

/* The set-up is fontconfig's current configuration while it lives, so that
 * Pango's FcInit does not load the machine's whole set-up behind it; once
 * freed, the current configuration holds none of its fonts. */
static void test_current_config(void) {
  np_fonts *fonts = open_fonts(0);
  FcConfig *current = FcConfigGetCurrent();
  FcFontSet *app = FcConfigGetFonts(current, FcSetApplication);
  FcFontSet *sys = FcConfigGetFonts(current, FcSetSystem);

  g_assert_nonnull(app);
  g_assert_cmpint(app->nfont, ==, np_fonts_bundled_count(fonts));
  g_assert_true(sys == NULL || sys->nfont == 0);
  np_fonts_free(fonts);
  current = FcConfigGetCurrent();
  app = FcConfigGetFonts(current, FcSetApplication);
  g_assert_true(app == NULL || app->nfont == 0);
}

static void test_empty_folder(void) {
  char *dir = g_dir_make_tmp("np-fonts-XXXXXX", NULL);
  np_fonts *fonts = (np_fonts *)&fonts;
  np_error err = {0};
  g_assert_nonnull(dir);
  g_assert_cmpint(np_fonts_new(dir, 0, &fonts, &err), ==, NP_ERR_IO);
  g_assert_null(fonts);
  g_assert_cmpint(err.status, ==, NP_ERR_IO);
  g_assert_nonnull(strstr(err.message, dir));
  g_rmdir(dir);
  g_free(dir);
}

static void test_missing_folder(void) {
  np_fonts *fonts = NULL;
  np_error err = {0};
  g_assert_cmpint(np_fonts_new("/nonexistent/np-fonts", 0, &fonts, &err), ==,
                  NP_ERR_IO);
  g_assert_null(fonts);
  g_assert_nonnull(strstr(err.message, "/nonexistent/np-fonts"));
  np_fonts_free(NULL);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fonts/bundled-count", test_bundled_count);
  g_test_add_func("/fonts/cover-bundled-scripts", test_cover_bundled_scripts);
  g_test_add_func("/fonts/generic-families", test_generic_families);
  g_test_add_func("/fonts/bold-italic-faces", test_bold_italic_faces);
  g_test_add_func("/fonts/system-fallback", test_system_fallback);
  g_test_add_func("/fonts/fallback-prefers-bundled-files",
                  test_fallback_prefers_bundled_files);
  g_test_add_func("/fonts/font-cache", test_font_cache);
  g_test_add_func("/fonts/current-config", test_current_config);
  g_test_add_func("/fonts/empty-folder", test_empty_folder);
  g_test_add_func("/fonts/missing-folder", test_missing_folder);
  return g_test_run();
}
