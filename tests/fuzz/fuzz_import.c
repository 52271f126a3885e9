/* fuzz_import.c: arbitrary bytes as a saved page without a folder, through
 * the import (charset, parse, metadata, extraction, tree building) and every
 * text renderer into memory: text, Markdown, XHTML, JSON, the tree dump and
 * the XHTML writer as the EPUB calls it. Both the extracting and the raw
 * import run. Everything is freed, so leaks count. */
#include <stdio.h>
#include <string.h>

#include "dump.h"
#include "fuzz_common.h"
#include "html.h"
#include "import.h"
#include "json.h"
#include "markdown.h"
#include "text.h"
#include "tree.h"

/* Largest input looked at: bigger pages add time, not coverage. */
#define NP_FUZZ_IMPORT_MAX ((size_t)256 * 1024)
/* Longest EPUB image href made up by the callback, with the NUL. */
#define NP_FUZZ_HREF_MAX 32

/* The np_html_image_fn of the EPUB chapters' writer: every other image is
 * left out, the others get an href as epub.c would give them. */
static const char *np_fuzz_image_src(void *ctx, const np_doc *doc, int index) {
  static char href[NP_FUZZ_HREF_MAX];

  (void)ctx;
  if (index < 0 || (size_t)index >= doc->n_resources)
    abort(); /* the writer asked about a resource that does not exist */
  if (index % 2)
    return NULL;
  snprintf(href, sizeof href, "images/img-%d.jpg", index);
  return href;
}

/* Renders doc with every text renderer and frees the results. */
static void np_fuzz_render(const np_doc *doc) {
  np_html_options ho = {"../style.css", 1, np_fuzz_image_src, NULL, "a1-"};
  char *s;
  size_t len = 0;

  if (np_tree_check(doc->root, doc->n_resources, NULL) != 0)
    abort();
  s = np_render_text(doc);
  (void)np_word_count(s);
  free(s);
  free(np_render_markdown(doc));
  s = np_render_html(doc, &len);
  if (strlen(s) != len)
    abort();
  free(s);
  free(np_render_json(doc));
  free(np_render_tree(doc));
  s = np_render_html_with(doc, &ho, &len);
  if (strlen(s) != len)
    abort();
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  np_import_options opts = {0};
  np_doc *doc = NULL;
  np_error err;
  int raw;

  if (size > NP_FUZZ_IMPORT_MAX)
    return 0;
  for (raw = 0; raw <= 1; raw++) {
    opts.raw = raw;
    if (np_import_memory(NULL, (const char *)data, size, &opts, &doc, &err) ==
        NP_OK) {
      np_fuzz_render(doc);
      np_doc_free(doc);
      doc = NULL;
    } else if (doc != NULL) {
      abort(); /* the contract: *out is NULL on failure */
    }
  }
  return 0;
}
