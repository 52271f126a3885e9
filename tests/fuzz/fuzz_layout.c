/* fuzz_layout.c: small pages (at most NP_FUZZ_LAYOUT_MAX bytes) imported,
 * laid out with the repository's default style, bundled fonts (no system
 * fallback) and hyphenation, then drawn into a PDF in memory. The style,
 * fonts and hyphenator are set up once, on the first input. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "fonts.h"
#include "fuzz_common.h"
#include "hyphenate.h"
#include "import.h"
#include "layout.h"
#include "pdf.h"
#include "style.h"

/* Largest input laid out: keeps each run well under a second. */
#define NP_FUZZ_LAYOUT_MAX ((size_t)4096)

/* The set-up shared by every input, made once. */
static struct {
  np_style *style;
  np_fonts *fonts;
  np_hyphenator *hyphenator;
} np_fuzz_env;

/* Releases np_fuzz_env at exit, so that valgrind sees the font map's
 * patterns freed as the CLI frees them. */
static void np_fuzz_teardown(void) {
  np_hyphen_free(np_fuzz_env.hyphenator);
  np_fonts_free(np_fuzz_env.fonts);
  np_style_free(np_fuzz_env.style);
}

/* Makes np_fuzz_env, or exits when the repository's data cannot be read
 * (a broken set-up, not a finding). */
static void np_fuzz_setup(void) {
  char *styles, *fonts;
  np_error err;

  if (np_fuzz_env.fonts)
    return;
  styles = g_build_filename(np_fuzz_datadir(), "styles", NULL);
  fonts = g_build_filename(np_fuzz_datadir(), "fonts", NULL);
  if (np_style_load("default", styles, NULL, &np_fuzz_env.style, &err) !=
          NP_OK ||
      np_fonts_new(fonts, 0, &np_fuzz_env.fonts, &err) != NP_OK) {
    fprintf(stderr, "fuzz_layout: %s (set NEWSPRINT_DATADIR)\n", err.message);
    exit(2);
  }
  np_fuzz_env.hyphenator = np_hyphen_new(NULL);
  atexit(np_fuzz_teardown);
  g_free(styles);
  g_free(fonts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  np_import_options iopts = {0};
  np_layout_options lopts = {0};
  np_pdf_options popts = {NULL, 0, NULL};
  np_layout *layout = NULL;
  np_doc *doc = NULL;
  np_error err;
  char *pdf = NULL, *dump = NULL;
  size_t len = 0;

  if (size > NP_FUZZ_LAYOUT_MAX)
    return 0;
  np_fuzz_setup();
  /* the last byte picks the options, so that both ways get explored */
  iopts.raw = size > 0 && (data[size - 1] & 1);
  if (np_import_memory(NULL, (const char *)data, size, &iopts, &doc, &err) !=
      NP_OK)
    goto done;
  lopts.style = np_fuzz_env.style;
  lopts.fonts = np_fuzz_env.fonts;
  lopts.hyphenator = np_fuzz_env.hyphenator;
  lopts.link_notes = size > 0 && (data[size - 1] & 2);
  if (np_layout_run(&doc, 1, &lopts, &layout, &err) != NP_OK)
    goto done;
  if (layout->n_pages == 0)
    abort();
  dump = np_layout_dump(layout);
  if (np_pdf_render(layout, &doc, 1, &popts, &pdf, &len, &err) != NP_OK)
    abort(); /* a laid-out page always draws */
  if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0)
    abort();
done:
  free(pdf);
  free(dump);
  np_layout_free(layout);
  np_doc_free(doc);
  return 0;
}
