/* fuzz_style_layout.c: arbitrary bytes as the style sheet of the layout: a
 * fixed small page holding every kind of block (headings, lead, list, quote,
 * figure, table, code, links, right-to-left text) laid out with the fuzzed
 * sheet, the bundled fonts and hyphenation, then drawn into a PDF in
 * memory, so that extreme lengths, page sizes, columns and breaks reach the
 * typesetter. Fonts and hyphenator are set up once. */
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

/* Largest style sheet looked at. */
#define NP_FUZZ_STYLE_LAYOUT_MAX ((size_t)8192)

/* The page laid out with every input. */
static const char np_fuzz_page[] =
    "<html lang=\"en\"><head><title>Storm hits coast</title>"
    "<meta name=\"author\" content=\"Ann Lee\">"
    "<meta property=\"og:site_name\" content=\"Daily\"></head><body><article>"
    "<h1>Storm hits coast</h1><p>The <em>storm</em> reached the coast on "
    "Friday, with <strong>winds</strong> of 120 km/h and <a "
    "href=\"https://example.com/weather\">heavy rain</a>; "
    "extraordinarily uncharacteristic hyphenation candidates.</p>"
    "<p>Second paragraph with enough words to be split over lines, columns "
    "and pages when the sheet makes them narrow or the type large.</p>"
    "<figure><img src=\"data:image/gif;base64,R0lGODlhAgACAIAAAAAAAP///"
    "yH5BAAAAAAALAAAAAACAAIAAAICRF4AOw==\" alt=\"Map\" width=\"200\" "
    "height=\"100\"><figcaption>The path <span class=\"credit\">Photo: A. "
    "Lee</span></figcaption></figure><h2>Damage</h2><ul><li>Roads "
    "closed</li><li>Power cut in <code>3</code> towns</li></ul>"
    "<blockquote><p>It was the worst in decades, said the mayor.</p>"
    "</blockquote><table><caption>Rain</caption><tr><th>Town</th><th>mm</th>"
    "</tr><tr><td>Ayr</td><td>80</td></tr></table><pre>  code  block</pre>"
    "<hr><h3>In Hebrew</h3><p lang=\"he\" dir=\"rtl\">\xd7\xa9\xd7\x9c\xd7"
    "\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d 123</p><ol><li>one</li>"
    "<li>two</li></ol><p>Last words.</p></article></body></html>";

/* The set-up shared by every input, made once. */
static struct {
  np_fonts *fonts;
  np_hyphenator *hyphenator;
} np_fuzz_env;

/* Releases np_fuzz_env at exit (valgrind). */
static void np_fuzz_teardown(void) {
  np_hyphen_free(np_fuzz_env.hyphenator);
  np_fonts_free(np_fuzz_env.fonts);
}

/* Makes np_fuzz_env, or exits when the fonts cannot be read (a broken
 * set-up, not a finding). */
static void np_fuzz_setup(void) {
  char *fonts;
  np_error err;

  if (np_fuzz_env.fonts)
    return;
  fonts = g_build_filename(np_fuzz_datadir(), "fonts", NULL);
  if (np_fonts_new(fonts, 0, &np_fuzz_env.fonts, &err) != NP_OK) {
    fprintf(stderr, "fuzz_style_layout: %s (set NEWSPRINT_DATADIR)\n",
            err.message);
    exit(2);
  }
  np_fuzz_env.hyphenator = np_hyphen_new(NULL);
  atexit(np_fuzz_teardown);
  g_free(fonts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  np_import_options iopts = {0};
  np_layout_options lopts = {0};
  np_pdf_options popts = {NULL, 0, NULL};
  np_layout *layout = NULL;
  np_style *style = NULL;
  np_doc *doc = NULL;
  np_error err;
  char *pdf = NULL;
  size_t len = 0;

  if (size > NP_FUZZ_STYLE_LAYOUT_MAX)
    return 0;
  np_fuzz_setup();
  if (np_import_memory(NULL, np_fuzz_page, sizeof np_fuzz_page - 1, &iopts,
                       &doc, &err) != NP_OK)
    abort(); /* the fixed page always imports */
  style = np_style_parse((const char *)data, size, "fuzz.css", doc);
  lopts.style = style;
  lopts.fonts = np_fuzz_env.fonts;
  lopts.hyphenator = np_fuzz_env.hyphenator;
  lopts.link_notes = 1;
  if (np_layout_run(&doc, 1, &lopts, &layout, &err) != NP_OK)
    goto done; /* too many pages is an error the layout may give */
  if (layout->n_pages == 0)
    abort();
  if (np_pdf_render(layout, &doc, 1, &popts, &pdf, &len, &err) != NP_OK)
    abort(); /* a laid-out page always draws */
  if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0)
    abort();
done:
  free(pdf);
  np_layout_free(layout);
  np_style_free(style);
  np_doc_free(doc);
  return 0;
}
