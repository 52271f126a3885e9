/* fuzz_css.c: the CSS parser on arbitrary bytes, then the cascade for a few
 * elements (alone and in ancestor chains, so descendant and child
 * selectors match), the @page set-up and the EPUB export, whose output is
 * parsed again. The input also goes to the --paper parser. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "style.h"

/* Largest style sheet looked at (np_style_load's own limit is larger). */
#define NP_FUZZ_CSS_MAX ((size_t)64 * 1024)
/* Longest --paper value tried, with the NUL. */
#define NP_FUZZ_PAPER_MAX 64
/* The content width the relative lengths resolve against, in points. */
#define NP_FUZZ_CSS_WIDTH 450.0

/* The ancestor chains computed: each is computed element by element, every
 * element inheriting from the one before. */
static const np_style_element np_fuzz_chain_a[] = {
    {"article", NULL}, {"blockquote", "pullquote"},
    {"p", "lead x"},   {"em", NULL},
    {"a", NULL},
};
static const np_style_element np_fuzz_chain_b[] = {
    {"article", "rtl"}, {"figure", NULL}, {"figcaption", NULL},
    {"span", "credit"}, {"small", NULL},
};
static const np_style_element np_fuzz_chain_c[] = {
    {"article", NULL}, {"table", NULL}, {"tr", NULL},
    {"th", "num"},     {"code", NULL},
};
static const np_style_element np_fuzz_chain_d[] = {
    {"article", NULL}, {"h1", NULL}, {"ol", NULL}, {"li", NULL}, {"pre", NULL},
};

/* Aborts when a computed style is out of what the typesetter can take. */
static void np_fuzz_check(const np_computed *c) {
  if (memchr(c->font_family, '\0', sizeof c->font_family) == NULL)
    abort();
  if (c->font_weight < 100 || c->font_weight > 900)
    abort();
  if (c->column_count < 1)
    abort();
  if (isnan(c->font_size) || isnan(c->line_height))
    abort();
}

/* Computes every element of chain with its ancestors. */
static void np_fuzz_chain(const np_style *style, const np_style_element *chain,
                          size_t n) {
  np_computed c[8];
  size_t i;

  for (i = 0; i < n && i < sizeof c / sizeof c[0]; i++) {
    np_style_compute_path(style, chain, i + 1, i ? &c[i - 1] : NULL,
                          NP_FUZZ_CSS_WIDTH, &c[i]);
    np_fuzz_check(&c[i]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  np_style *style = NULL, *again = NULL;
  np_doc *warnings = np_doc_new();
  np_computed root, p;
  np_page_setup page;
  char paper[NP_FUZZ_PAPER_MAX];
  char *css = NULL;
  double w, h;

  if (size > NP_FUZZ_CSS_MAX)
    goto done;
  style = np_style_parse((const char *)data, size, "fuzz.css", warnings);
  np_style_compute(style, "article", NULL, NULL, NP_FUZZ_CSS_WIDTH, &root);
  np_fuzz_check(&root);
  np_style_compute(style, "p", "lead", &root, NP_FUZZ_CSS_WIDTH, &p);
  np_fuzz_check(&p);
  np_style_compute(style, "h2", NULL, &root, -1.0, &p);
  np_fuzz_check(&p);
  np_fuzz_chain(style, np_fuzz_chain_a, 5);
  np_fuzz_chain(style, np_fuzz_chain_b, 5);
  np_fuzz_chain(style, np_fuzz_chain_c, 5);
  np_fuzz_chain(style, np_fuzz_chain_d, 5);
  np_style_compute_path(style, np_fuzz_chain_a, 0, NULL, 0.0, &p);
  page = np_style_page(style);
  if (!(page.width > 0) || !(page.height > 0))
    abort();
  (void)np_style_source(style);
  css = np_style_export_css(style);
  again = np_style_parse(css, strlen(css), "export.css", NULL);
  np_fuzz_chain(again, np_fuzz_chain_b, 5);
  if (size < sizeof paper) {
    memcpy(paper, data, size);
    paper[size] = '\0';
    if (np_style_parse_paper(paper, &w, &h) && (!(w > 0) || !(h > 0)))
      abort();
  }
done:
  free(css);
  np_style_free(again);
  np_style_free(style);
  np_doc_free(warnings);
  return 0;
}
