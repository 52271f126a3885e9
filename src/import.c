/* import.c: the import stage: bytes -> UTF-8 -> libxml2 DOM -> metadata,
 * extraction and tree; the DOM is freed before the document is returned. */
#include "import.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charset.h"
#include "dom.h"
#include "extract.h"
#include "metadata.h"
#include "mhtml.h"
#include "rawtext.h"
#include "resource.h"
#include "treebuild.h"

/* Options of libxml2's HTML parser: recover from errors, stay quiet, never
 * touch the network. */
#define NP_HTML_PARSE_OPTIONS                                                  \
  (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |            \
   HTML_PARSE_NONET | HTML_PARSE_COMPACT)

/* Deepest nesting libxml2's HTML parser follows (its xmlParserMaxDepth,
 * without HTML_PARSE_HUGE, which our passes are not tested beyond). */
#define NP_HTML_MAX_DEPTH 256

/* Signatures of files that are certainly not HTML. */
static const struct {
  const char *magic;
  size_t len;
  const char *what;
} np_not_html[] = {
    {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
    {"%PDF-", 5, "a PDF document"},
    {"\xff\xd8\xff", 3, "a JPEG image"},
    {"GIF8", 4, "a GIF image"},
    {"PK\x03\x04", 4, "a zip archive (EPUB, DOCX...)"},
    {"\x1f\x8b", 2, "a gzip file"},
    {"RIFF", 4, "a RIFF file (WebP, WAV...)"},
    {"\x7f"
     "ELF",
     4, "an executable"},
};

/* Names what the bytes are when they are certainly not HTML, else NULL. */
static const char *np_sniff_not_html(const char *bytes, size_t len) {
  size_t i;

  for (i = 0; i < sizeof np_not_html / sizeof np_not_html[0]; i++) {
    if (len >= np_not_html[i].len &&
        memcmp(bytes, np_not_html[i].magic, np_not_html[i].len) == 0)
      return np_not_html[i].what;
  }
  return NULL;
}

/* Bytes at the start of a page looked at to tell binary data from text. */
#define NP_SNIFF_BINARY_BYTES 1024

/* Nonzero when the bytes look like binary data rather than a page: no byte
 * order mark, no markup first ('<' after white space), and among the first
 * NP_SNIFF_BINARY_BYTES a byte that text never holds (the "binary data
 * bytes" of the WHATWG MIME Sniffing standard: 0x00-0x08, 0x0B, 0x0E-0x1A,
 * 0x1C-0x1F). */
static int np_looks_binary(const char *bytes, size_t len) {
  const unsigned char *b = (const unsigned char *)bytes;
  size_t i = 0, n = len < NP_SNIFF_BINARY_BYTES ? len : NP_SNIFF_BINARY_BYTES;

  if ((len >= 2 &&
       ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE))) ||
      (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF))
    return 0;
  while (i < n && strchr(" \t\n\f\r", b[i]) && b[i])
    i++;
  if (i < n && b[i] == '<')
    return 0;
  for (i = 0; i < n; i++) {
    if (b[i] <= 0x08 || b[i] == 0x0B || (b[i] >= 0x0E && b[i] <= 0x1A) ||
        (b[i] >= 0x1C && b[i] <= 0x1F))
      return 1;
  }
  return 0;
}

/* Returns the monotonic clock in milliseconds, for doc->stage_ms. */
static double np_clock_ms(void) {
  return (double)g_get_monotonic_time() / 1000.0;
}

/* Returns the href of the page's first <base> element, or NULL. */
static const char *np_find_base_href(xmlDoc *dom) {
  xmlNode *head = np_dom_head(dom), *c;

  for (c = np_dom_first_element(head); c; c = np_dom_next_element(c)) {
    if (np_dom_is(c, "base") && np_dom_attr(c, "href"))
      return np_dom_attr(c, "href");
  }
  return NULL;
}

/* Uses the first figure's image as the lead image when none is known. */
static void np_pick_lead_image(np_doc *doc) {
  np_iter it;
  np_node *node;
  np_event ev;

  if (doc->meta.lead_image >= 0)
    return;
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &node)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_ENTER && node->kind == NP_NODE_IMAGE) {
      doc->meta.lead_image = node->as.image.resource;
      return;
    }
  }
}

/* Returns s without control characters (np_strip_controls) and with its
 * explicit bidi controls balanced (np_bidi_balance), as an arena copy, or s
 * itself when it needs neither or is NULL. */
static const char *np_balanced(np_doc *doc, const char *s) {
  char *fixed;

  if (!s)
    return s;
  if (np_has_controls(s))
    s = np_strip_controls(np_arena_strdup(doc->arena, s));
  if (!np_bidi_has_controls(s, strlen(s)))
    return s;
  fixed = np_bidi_balance(s);
  s = np_arena_strdup(doc->arena, fixed);
  free(fixed);
  return s;
}

/* Cleans every metadata text as the tree builder cleans the blocks of the
 * body, each text a block of its own (a title line, a name): no control
 * characters, and no override of the page's title runs into what an
 * output puts after it. */
static void np_balance_meta(np_doc *doc) {
  np_meta *m = &doc->meta;
  size_t i;

  m->title = np_balanced(doc, m->title);
  m->subtitle = np_balanced(doc, m->subtitle);
  m->site_name = np_balanced(doc, m->site_name);
  m->section = np_balanced(doc, m->section);
  m->summary = np_balanced(doc, m->summary);
  m->rights = np_balanced(doc, m->rights);
  for (i = 0; i < m->n_authors; i++)
    m->authors[i] = np_balanced(doc, m->authors[i]);
  for (i = 0; i < m->n_keywords; i++)
    m->keywords[i] = np_balanced(doc, m->keywords[i]);
}

/* Parses len bytes of UTF-8 HTML with libxml2; *too_deep is set when the
 * parser stopped at its depth limit. Returns the DOM or NULL. */
static xmlDoc *np_parse_bytes(const char *utf8, size_t len, int *too_deep) {
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  const xmlError *last;
  xmlDoc *dom;

  *too_deep = 0;
  if (!ctxt)
    return NULL;
  dom = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                           NP_HTML_PARSE_OPTIONS);
  last = xmlCtxtGetLastError(ctxt);
  if (last && last->message && strstr(last->message, "Excessive depth"))
    *too_deep = 1;
  htmlFreeParserCtxt(ctxt);
  return dom;
}

/* Parses UTF-8 HTML with libxml2: the page without the content of its
 * scripts and styles (rawtext.h), or the page itself when the parse of
 * that does not match the scan. When the page nests elements deeper than
 * libxml2's limit (NP_HTML_MAX_DEPTH), the parser stops there and drops the
 * rest of the page: that is said in a warning on doc, never silently. */
static xmlDoc *np_parse_html(const char *utf8, size_t len, np_doc *doc) {
  np_rawtext *log = NULL;
  size_t stripped_len = 0;
  char *stripped = np_rawtext_strip(utf8, len, &stripped_len, &log);
  xmlDoc *dom = NULL;
  int too_deep = 0;

  if (stripped) {
    dom = np_parse_bytes(stripped, stripped_len, &too_deep);
    if (dom && !np_rawtext_matches(log, dom)) {
      xmlFreeDoc(dom);
      dom = NULL;
    }
  }
  if (!dom)
    dom = np_parse_bytes(utf8, len, &too_deep);
  if (too_deep)
    np_doc_warn(doc,
                "the page nests elements more than %d deep; the HTML parser "
                "stopped there and the rest of the page is lost",
                NP_HTML_MAX_DEPTH);
  free(stripped);
  np_rawtext_free(log);
  return dom;
}

/* Parses, harvests, extracts and builds; name is for messages, location
 * the page's path or NULL, archive the MHTML archive the page came out of
 * or NULL (its parts are the page's images; no file beside it is read). */
static np_status np_import_utf8(const char *name, const char *location,
                                const np_mhtml *archive, const char *utf8,
                                size_t len, const np_import_options *opts,
                                np_doc *doc, np_error *err) {
  xmlDoc *dom = NULL;
  xmlNode *article;
  np_resolver *resolver = NULL;
  np_extract_options eopts = {0};
  char *article_body = NULL;
  np_error check;
  np_status status = NP_OK;
  double start = np_clock_ms(), now;

  if (len > (size_t)INT32_MAX) {
    status = np_error_set(err, NP_ERR_IO, "%s: too large to parse", name);
    goto done;
  }
  dom = np_parse_html(utf8, len, doc);
  now = np_clock_ms();
  doc->stage_ms[NP_STAGE_PARSE] += now - start;
  start = now;
  if (!dom || !np_dom_html(dom)) {
    status = np_error_set(err, NP_ERR_IO, "%s: not an HTML page", name);
    goto done;
  }
  np_metadata_harvest(dom, doc, &article_body);
  if (archive) {
    /* the archive's page URL is the one the page was read from, which its
     * relative references mean, as a browser resolves them */
    if (!doc->meta.url && np_mhtml_page_url(archive))
      doc->meta.url = np_arena_strdup(doc->arena, np_mhtml_page_url(archive));
    resolver = np_resolver_new(NULL, doc);
    np_resolver_set_archive(resolver, archive);
    np_resolver_set_page_url(resolver, np_mhtml_page_url(archive)
                                           ? np_mhtml_page_url(archive)
                                           : doc->meta.url);
  } else {
    resolver = np_resolver_new(location, doc);
    np_resolver_set_page_url(resolver, doc->meta.url);
  }
  np_resolver_set_base(resolver, np_find_base_href(dom));
  eopts.raw = opts && opts->raw;
  article = np_extract_article(dom, &eopts, article_body, doc);
  if (!article) {
    status = np_error_set(err, NP_ERR_NOCONTENT, "%s: no article content found",
                          name);
    goto done;
  }
  np_metadata_from_article(article, doc);
  now = np_clock_ms();
  doc->stage_ms[NP_STAGE_EXTRACT] = now - start;
  start = now;
  np_treebuild(article, doc, resolver);
  np_balance_meta(doc);
  if (!doc->root->first_child) {
    status = np_error_set(err, NP_ERR_NOCONTENT, "%s: no article content found",
                          name);
    goto done;
  }
  if (np_tree_check(doc->root, doc->n_resources, &check)) {
    status = np_error_set(err, NP_ERR_IO, "%s: internal error: %s", name,
                          check.message);
    goto done;
  }
  np_pick_lead_image(doc);
  doc->stage_ms[NP_STAGE_TREE] = np_clock_ms() - start;
done:
  free(article_body);
  np_resolver_free(resolver);
  if (dom)
    xmlFreeDoc(dom);
  return status;
}

/* Imports bytes: name for messages, location the page path or NULL. An
 * MHTML archive is opened and its root part imported. */
static np_status np_import_bytes(const char *name, const char *location,
                                 const char *bytes, size_t len,
                                 const np_import_options *opts, np_doc **out,
                                 np_error *err) {
  np_doc *doc = NULL;
  np_mhtml *archive = NULL;
  const np_mhtml_part *root;
  const char *const *warnings;
  const char *what, *transport = NULL;
  char *utf8 = NULL;
  size_t utf8_len = 0, n_warnings = 0, i;
  np_status status;
  double start = np_clock_ms();

  *out = NULL;
  if (len == 0) {
    status = np_error_set(err, NP_ERR_IO, "%s: empty file", name);
    goto done;
  }
  if (np_mhtml_sniff(bytes, len)) {
    status = np_mhtml_parse(name, bytes, len, &archive, err);
    if (status != NP_OK)
      goto done;
    root = np_mhtml_root(archive);
    bytes = (const char *)root->data;
    len = root->len;
    transport = root->charset;
    if (len == 0) {
      status = np_error_set(err, NP_ERR_IO,
                            "%s: the MHTML archive's HTML part is empty", name);
      goto done;
    }
  }
  what = np_sniff_not_html(bytes, len);
  if (!what && np_looks_binary(bytes, len))
    what = "binary data";
  if (what) {
    status = np_error_set(err, NP_ERR_IO,
                          "%s: not an HTML page (looks like %s)", name, what);
    goto done;
  }
  status = np_charset_to_utf8_as(name, bytes, len, transport, &utf8, &utf8_len,
                                 NULL, err);
  if (status != NP_OK)
    goto done;
  doc = np_doc_new();
  /* the charset, and the archive */
  doc->stage_ms[NP_STAGE_PARSE] = np_clock_ms() - start;
  doc->meta.source_path = np_arena_strdup(doc->arena, location);
  if (archive) {
    warnings = np_mhtml_warnings(archive, &n_warnings);
    for (i = 0; i < n_warnings; i++)
      np_doc_warn(doc, "MHTML: %s", warnings[i]);
  }
  status =
      np_import_utf8(name, location, archive, utf8, utf8_len, opts, doc, err);
  if (status == NP_OK) {
    *out = doc;
    doc = NULL;
  }
done:
  free(utf8);
  np_doc_free(doc);
  np_mhtml_free(archive);
  return status;
}

np_status np_import_file(const char *path, const np_import_options *opts,
                         np_doc **out, np_error *err) {
  char *bytes;
  size_t len = 0;
  np_status status;
  int from_stdin = strcmp(path, "-") == 0;
  double start = np_clock_ms(), read_ms;

  *out = NULL;
  if (from_stdin)
    bytes = np_read_fd(STDIN_FILENO, "standard input", NP_IMPORT_MAX_BYTES,
                       &len, err);
  else
    bytes = np_read_file(path, NP_IMPORT_MAX_BYTES, &len, err);
  if (!bytes)
    return err ? err->status : NP_ERR_IO;
  read_ms = np_clock_ms() - start;
  status =
      np_import_bytes(from_stdin ? "standard input" : path,
                      from_stdin ? NULL : path, bytes, len, opts, out, err);
  if (*out)
    (*out)->stage_ms[NP_STAGE_READ] = read_ms;
  free(bytes);
  return status;
}

np_status np_import_memory(const char *name, const char *bytes, size_t len,
                           const np_import_options *opts, np_doc **out,
                           np_error *err) {
  return np_import_bytes(name ? name : "memory", name, bytes, len, opts, out,
                         err);
}
