/* main.c: the newsprint command line: parse options, import every input,
 * render the chosen format, write the output atomically. */
#include <glib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "doc.h"
#include "dump.h"
#include "epub.h"
#include "fonts.h"
#include "html.h"
#include "hyphenate.h"
#include "import.h"
#include "jobs.h"
#include "json.h"
#include "layout.h"
#include "markdown.h"
#include "pdf.h"
#include "style.h"
#include "text.h"

#ifndef NP_VERSION
#define NP_VERSION "unknown"
#endif
#ifndef NP_DATADIR
#define NP_DATADIR "/usr/local/share/newsprint"
#endif

/* Environment variable naming the folder that holds styles/ and fonts/. */
#define NP_DATADIR_ENV "NEWSPRINT_DATADIR"

/* Output formats. */
typedef enum {
  NP_FORMAT_NONE = 0,
  NP_FORMAT_JSON,
  NP_FORMAT_TEXT,
  NP_FORMAT_MARKDOWN,
  NP_FORMAT_HTML,
  NP_FORMAT_TREE,
  NP_FORMAT_PDF,
  NP_FORMAT_EPUB
} np_format;

/* Names (for --to) and file extensions of the formats. */
static const struct {
  const char *name;
  const char *ext;
  np_format format;
} np_formats[] = {
    {"json", "json", NP_FORMAT_JSON},
    {"text", "txt", NP_FORMAT_TEXT},
    {"markdown", "md", NP_FORMAT_MARKDOWN},
    {"md", "markdown", NP_FORMAT_MARKDOWN},
    {"html", "html", NP_FORMAT_HTML},
    {"xhtml", "xhtml", NP_FORMAT_HTML},
    {"tree", "tree", NP_FORMAT_TREE},
    {"pdf", "pdf", NP_FORMAT_PDF},
    {"epub", "epub", NP_FORMAT_EPUB},
    {"txt", "text", NP_FORMAT_TEXT},
    {"htm", "htm", NP_FORMAT_HTML},
};

/* The command line's settings. */
typedef struct {
  char *output;
  char *output_dir; /* -O: one output per input in this folder */
  int jobs;         /* with -O: conversions side by side */
  char *to;
  char *style;
  char *paper;
  gboolean no_notes;
  char *cover;
  char *title;
  char *author;
  char *lang;
  char *group_by;
  int max_image_size;
  gboolean grayscale;
  gboolean raw;
  gboolean quiet;
  gboolean verbose;
  gboolean timings; /* print the time of each stage */
  gboolean version;
  char **inputs;
} np_cli;

static const char np_description[] =
    "Formats (from OUTPUT's extension or --to):\n"
    "  json (.json)      metadata, images and the article text as JSON\n"
    "  text (.txt)       the article text, paragraphs separated by a blank "
    "line\n"
    "  markdown (.md)    the article as CommonMark\n"
    "  html (.html)      one clean, standalone XHTML5 page\n"
    "  tree              an indented dump of the document tree (for tests)\n"
    "  pdf (.pdf)        a print-ready PDF: one article, or several with a\n"
    "                    contents page\n"
    "  epub (.epub)      an EPUB 3 e-book: one article, or a digest of many\n"
    "                    (ordered by date, sections by site, duplicates\n"
    "                    dropped)\n"
    "\n"
    "INPUT is a page saved by a browser (.html with its NAME_files/ folder, "
    "a\n"
    "single-file HTML with data: images, or an MHTML archive: .mhtml, .mht),"
    "\n"
    "a folder (every saved page in it), or - for standard input. OUTPUT - is"
    "\n"
    "standard output. Nothing is fetched from the network.\n"
    "\n"
    "With -O DIR, every INPUT becomes its own DIR/NAME.EXT (the page's name,\n"
    "the format's extension; --to is required), --jobs at a time.\n"
    "\n"
    "Exit status: 0 ok, 1 input or output failure, 2 usage error,\n"
    "3 no article content found.\n"
    "\n"
    "Styles (PDF): default, newspaper, ereader, large-print, or a CSS file.\n"
    "\n"
    "Example:\n"
    "  newsprint article.html -o article.json\n"
    "  newsprint --to text article.html -o -\n"
    "  newsprint --style newspaper --paper letter article.html -o "
    "article.pdf\n"
    "  newsprint --jobs 4 --to pdf -O pdfs/ saved-pages/\n";

/* Returns the format named by --to or by the extension of output. */
static np_format np_pick_format(const char *to, const char *output) {
  const char *ext;
  size_t i;

  if (to) {
    for (i = 0; i < G_N_ELEMENTS(np_formats); i++) {
      if (g_ascii_strcasecmp(to, np_formats[i].name) == 0)
        return np_formats[i].format;
    }
    return NP_FORMAT_NONE;
  }
  ext = strrchr(output, '.');
  if (!ext || strchr(ext, '/'))
    return NP_FORMAT_NONE;
  for (i = 0; i < G_N_ELEMENTS(np_formats); i++) {
    if (g_ascii_strcasecmp(ext + 1, np_formats[i].ext) == 0 ||
        g_ascii_strcasecmp(ext + 1, np_formats[i].name) == 0)
      return np_formats[i].format;
  }
  return NP_FORMAT_NONE;
}

/* Prints a usage error and returns the usage exit code. */
static int np_usage(const char *fmt, const char *arg) {
  fputs("newsprint: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'newsprint --help' for more information.\n", stderr);
  return NP_ERR_USAGE;
}

/* Renders one document in format; the caller frees the result. */
static char *np_render(const np_doc *doc, np_format format, size_t *len) {
  char *out = NULL;

  switch (format) {
  case NP_FORMAT_JSON:
    out = np_render_json(doc);
    break;
  case NP_FORMAT_TEXT:
    out = np_render_text(doc);
    break;
  case NP_FORMAT_MARKDOWN:
    out = np_render_markdown(doc);
    break;
  case NP_FORMAT_HTML:
    return np_render_html(doc, len);
  case NP_FORMAT_TREE:
    out = np_render_tree(doc);
    break;
  case NP_FORMAT_PDF:
  case NP_FORMAT_EPUB:
  case NP_FORMAT_NONE:
    out = np_xstrdup("");
    break;
  }
  *len = strlen(out);
  return out;
}

/* Adds the index-th rendered document to the combined output. With several
 * inputs, JSON documents become the elements of an array (closed by the
 * caller) and the text formats are separated by a rule. */
static void np_join(np_buf *all, np_format format, int array, const char *part,
                    size_t len, size_t index) {
  if (array)
    np_buf_puts(all, index == 0 ? "[\n" : ",\n");
  else if (index > 0)
    np_buf_puts(all, format == NP_FORMAT_MARKDOWN ? "\n* * *\n\n" : "\n\f\n");
  np_buf_add(all, part, len);
}

/* Returns the monotonic clock in milliseconds. */
static double np_now_ms(void) {
  return (double)g_get_monotonic_time() / 1000.0;
}

/* With --timings, prints how long stage took for name (an input or the
 * output) as "newsprint: timing: STAGE MILLISECONDS NAME". */
static void np_print_timing(const np_cli *cli, const char *stage, double ms,
                            const char *name) {
  if (cli->timings)
    fprintf(stderr, "newsprint: timing: %s %.3f %s\n", stage, ms, name);
}

/* With --timings, prints the import stages of doc, read from input. */
static void np_print_import_timings(const np_cli *cli, const char *input,
                                    const np_doc *doc) {
  for (int i = 0; i < NP_STAGE_COUNT; i++)
    np_print_timing(cli, np_stage_name((np_stage)i), doc->stage_ms[i], input);
}

/* Prints the warnings of doc to stderr, each naming the input. */
static void np_print_warnings(const char *input, const np_doc *doc) {
  size_t i;

  for (i = 0; i < doc->n_warnings; i++)
    fprintf(stderr, "newsprint: %s: warning: %s\n", input, doc->warnings[i]);
  if (doc->dropped_warnings)
    fprintf(stderr, "newsprint: %s: warning: %zu more warnings not shown\n",
            input, doc->dropped_warnings);
}

/* Prints a one-line summary of an imported document. */
static void np_print_summary(const char *input, const np_doc *doc) {
  char *text = np_render_text(doc);

  fprintf(stderr, "newsprint: %s: \"%s\", %zu words, %zu resources, lang %s\n",
          input, doc->meta.title ? doc->meta.title : "(no title)",
          np_word_count(text), doc->n_resources,
          doc->meta.lang ? doc->meta.lang : "unknown");
  free(text);
}

/* Writes the result to output ("-" is standard output). */
static np_status np_write_output(const char *output, const np_buf *all,
                                 np_error *err) {
  if (strcmp(output, "-") == 0) {
    if (fwrite(all->data ? all->data : "", 1, all->len, stdout) != all->len ||
        fflush(stdout) != 0)
      return np_error_set(err, NP_ERR_IO, "standard output: write error");
    return NP_OK;
  }
  return np_write_file_atomic(output, all->data ? all->data : "", all->len,
                              err);
}

/* File name endings of saved pages: HTML, and MHTML archives. */
static const char *const np_page_suffixes[] = {".html", ".htm", ".mhtml",
                                               ".mht"};

/* Returns the length of name's saved-page ending (np_page_suffixes, in any
 * case), or 0 when it has none or is nothing else. */
static size_t np_page_suffix(const char *name) {
  size_t len = strlen(name), n;

  for (size_t i = 0; i < G_N_ELEMENTS(np_page_suffixes); i++) {
    n = strlen(np_page_suffixes[i]);
    if (len > n && g_ascii_strcasecmp(name + len - n, np_page_suffixes[i]) == 0)
      return n;
  }
  return 0;
}

/* Replaces every folder among *inputs by the saved pages (.html, .htm,
 * .mhtml, .mht) at
 * its top level, in name order. Returns NP_OK, or NP_ERR_IO with err filled
 * when a folder cannot be read or holds no page. */
static np_status np_expand_inputs(char ***inputs, np_error *err) {
  GPtrArray *all = g_ptr_array_new();
  np_status status = NP_OK;
  char **in = *inputs;
  size_t i;

  for (i = 0; in[i] && status == NP_OK; i++) {
    GPtrArray *pages;
    GError *gerr = NULL;
    GDir *dir;
    const char *name;

    if (strcmp(in[i], "-") == 0 || !g_file_test(in[i], G_FILE_TEST_IS_DIR)) {
      g_ptr_array_add(all, g_strdup(in[i]));
      continue;
    }
    dir = g_dir_open(in[i], 0, &gerr);
    if (!dir) {
      status = np_error_set(err, NP_ERR_IO, "%s: cannot read the folder: %s",
                            in[i], gerr->message);
      g_error_free(gerr);
      break;
    }
    pages = g_ptr_array_new();
    while ((name = g_dir_read_name(dir)) != NULL) {
      char *path = g_build_filename(in[i], name, NULL);

      if (np_page_suffix(name) && g_file_test(path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add(pages, path);
      else
        g_free(path);
    }
    g_dir_close(dir);
    if (!pages->len)
      status = np_error_set(err, NP_ERR_IO,
                            "%s: no saved pages (.html, .mhtml) in the folder",
                            in[i]);
    if (pages->len)
      qsort(pages->pdata, pages->len, sizeof(char *), np_strcmp_ptr);
    for (size_t k = 0; k < pages->len; k++)
      g_ptr_array_add(all, pages->pdata[k]);
    g_ptr_array_free(pages, TRUE);
  }
  g_ptr_array_add(all, NULL);
  if (status == NP_OK) {
    g_strfreev(*inputs);
    *inputs = (char **)g_ptr_array_free(all, FALSE);
  } else {
    g_strfreev((char **)g_ptr_array_free(all, FALSE));
  }
  return status;
}

/* Returns nonzero when dir holds the styles/ and fonts/ folders. */
static int np_is_datadir(const char *dir) {
  char *styles = g_build_filename(dir, "styles", "default.css", NULL);
  char *fonts = g_build_filename(dir, "fonts", "fonts.conf", NULL);
  int found = g_file_test(styles, G_FILE_TEST_IS_REGULAR) &&
              g_file_test(fonts, G_FILE_TEST_IS_REGULAR);

  g_free(styles);
  g_free(fonts);
  return found;
}

/* Levels above the binary's folder searched for the data folder. */
#define NP_DATADIR_LEVELS 3

/* Returns the folder that holds styles/ and fonts/ (heap, caller frees):
 * $NEWSPRINT_DATADIR; else, in the folders above the binary's (up to
 * NP_DATADIR_LEVELS), the source tree it was built in (build/newsprint,
 * build/asan/newsprint) or an installation (PREFIX/bin beside
 * PREFIX/share/newsprint, wherever PREFIX is); else NP_DATADIR. */
static char *np_find_datadir(void) {
  const char *env = g_getenv(NP_DATADIR_ENV);
  char *exe, *dir, *found = NULL;
  int level;

  if (env && *env)
    return g_strdup(env);
  exe = g_file_read_link("/proc/self/exe", NULL);
  dir = exe ? g_path_get_dirname(exe) : NULL;
  for (level = 0; dir && !found && level < NP_DATADIR_LEVELS; level++) {
    char *up = g_path_get_dirname(dir);
    char *shared = g_build_filename(up, "share", "newsprint", NULL);

    if (np_is_datadir(up))
      found = g_strdup(up);
    else if (np_is_datadir(shared))
      found = g_strdup(shared);
    g_free(shared);
    g_free(dir);
    dir = up;
  }
  g_free(dir);
  g_free(exe);
  return found ? found : g_strdup(NP_DATADIR);
}

/* What every PDF or EPUB of a run shares, set up once: with -O DIR the
 * inputs after the first find the style sheet parsed, the fonts loaded and
 * the dictionaries read (--jobs workers inherit it from the parent), and
 * the output of an input does not depend on the others. */
typedef struct {
  np_style *style;
  np_fonts *fonts; /* the bundled fonts */
  np_fonts *wider; /* the bundled and the system's: made when first needed */
  char *fonts_dir;
  np_hyphenator *hyphenator;
} np_kit;

/* The resources of a PDF or EPUB conversion. */
typedef struct {
  np_kit *kit;     /* borrowed */
  np_fonts *fonts; /* borrowed from kit: the bundled or the wider fonts */
  np_doc **docs;
  size_t n_docs;
  np_layout *layout;
  np_digest *digest;
  char *css;
  unsigned char *cover;
  size_t cover_len;
  char *out;
  size_t out_len;
} np_book;

/* Loads the style sheet, fonts and hyphenation into kit; warnings of the
 * style sheet go to warnings. Returns NP_OK or the failure, reported. */
static np_status np_kit_setup(const np_cli *cli, np_kit *kit,
                              np_doc *warnings) {
  char *datadir = np_find_datadir();
  char *styles = g_build_filename(datadir, "styles", NULL);
  char *fonts = g_build_filename(datadir, "fonts", NULL);
  np_error err;
  np_status status;

  status = np_style_load(cli->style ? cli->style : "default", styles, warnings,
                         &kit->style, &err);
  /* the system's fonts only when the articles need them: see
   * np_book_fonts */
  if (status == NP_OK)
    status = np_fonts_new(fonts, 0, &kit->fonts, &err);
  if (status != NP_OK)
    fprintf(stderr, "newsprint: %s\n", err.message);
  kit->hyphenator = np_hyphen_new(NULL);
  kit->fonts_dir = fonts;
  g_free(styles);
  g_free(datadir);
  return status;
}

/* Releases what a kit holds. */
static void np_kit_free(np_kit *kit) {
  np_hyphen_free(kit->hyphenator);
  np_fonts_free(kit->wider);
  np_fonts_free(kit->fonts);
  g_free(kit->fonts_dir);
  np_style_free(kit->style);
}

/* Adds the machine's fonts behind the bundled ones when some text of the
 * documents needs them (CJK, symbols): loading and searching the system's
 * set-up costs more than the rest of a short article, and the bundled fonts
 * cover Latin, Greek, Cyrillic, Hebrew and Arabic. Bundled faces come
 * first either way, so a page they cover no longer depends on the machine
 * at all. Returns NP_OK or the failure. */
static np_status np_book_fonts(np_book *book, const np_cli *cli,
                               np_error *err) {
  np_buf all = NP_BUF_INIT;
  np_status status = NP_OK;

  if (cli->title)
    np_buf_puts(&all, cli->title);
  for (size_t i = 0; i < book->n_docs; i++) {
    const np_meta *m = &book->docs[i]->meta;
    const char *fields[] = {m->title, m->site_name, m->summary, m->section};
    char *byline = np_meta_byline(m);
    char *text = np_node_text(book->docs[i]->root);

    for (size_t k = 0; k < G_N_ELEMENTS(fields); k++) {
      np_buf_putc(&all, ' ');
      np_buf_puts(&all, fields[k] ? fields[k] : "");
    }
    np_buf_putc(&all, ' ');
    np_buf_puts(&all, byline ? byline : "");
    np_buf_putc(&all, ' ');
    np_buf_puts(&all, text);
    free(byline);
    free(text);
  }
  book->fonts = book->kit->fonts;
  if (!np_fonts_cover(book->fonts, np_buf_cstr(&all))) {
    if (!book->kit->wider)
      status = np_fonts_new(book->kit->fonts_dir, 1, &book->kit->wider, err);
    if (status == NP_OK)
      book->fonts = book->kit->wider;
  }
  /* the set-up the book draws with is fontconfig's current one (librsvg's
   * text) */
  if (status == NP_OK)
    np_fonts_use(book->fonts);
  np_buf_free(&all);
  return status;
}

/* Imports every input into book->docs, reporting and skipping the ones that
 * fail, with progress on a terminal. Returns the first failure's status, or
 * NP_OK. */
static np_status np_book_import(const np_cli *cli, np_book *book) {
  np_import_options iopts = {0};
  size_t count = g_strv_length(cli->inputs), i;
  int progress = count > 1 && !cli->quiet && isatty(STDERR_FILENO);
  np_status status = NP_OK, st;
  np_error err;

  book->docs = np_xcalloc(count ? count : 1, sizeof *book->docs);
  iopts.raw = cli->raw;
  for (i = 0; i < count; i++) {
    if (progress)
      fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, count, cli->inputs[i]);
    st =
        np_import_file(cli->inputs[i], &iopts, &book->docs[book->n_docs], &err);
    if (st != NP_OK) {
      fprintf(stderr, "%snewsprint: %s (skipped)\n", progress ? "\r\033[K" : "",
              err.message);
      if (status == NP_OK)
        status = st;
      continue;
    }
    np_print_import_timings(cli, cli->inputs[i], book->docs[book->n_docs]);
    book->n_docs++;
  }
  if (progress)
    fputs("\r\033[K", stderr);
  return status;
}

/* Prints the warnings (and with -v the summary) of every document. */
static void np_book_report(const np_cli *cli, const np_book *book) {
  size_t i;

  for (i = 0; i < book->n_docs; i++) {
    const char *name = book->docs[i]->meta.source_path
                           ? book->docs[i]->meta.source_path
                           : "standard input";

    if (!cli->quiet)
      np_print_warnings(name, book->docs[i]);
    if (cli->verbose)
      np_print_summary(name, book->docs[i]);
  }
}

/* Lays the documents out and draws the PDF into book->out. */
static np_status np_book_pdf(const np_cli *cli, np_book *book,
                             const np_layout_options *base, np_error *err) {
  np_layout_options lopts = *base;
  np_pdf_options popts = {NULL, -1, NULL};
  np_status st;
  double start;

  lopts.style = book->kit->style;
  lopts.fonts = book->fonts;
  lopts.hyphenator = book->kit->hyphenator;
  lopts.link_notes = !cli->no_notes;
  lopts.contents = book->n_docs > 1;
  popts.title = cli->title;
  popts.lang = cli->lang;
  start = np_now_ms();
  st = np_layout_run(book->docs, book->n_docs, &lopts, &book->layout, err);
  np_print_timing(cli, "layout", np_now_ms() - start, cli->output);
  if (st != NP_OK) {
    /* Names the page at fault when there is one, else the output. */
    const char *name = book->n_docs == 1 && book->docs[0]->meta.source_path
                           ? book->docs[0]->meta.source_path
                           : cli->output;
    char *message = g_strdup(err->message);

    np_error_set(err, st, "%s: %s", name, message);
    g_free(message);
  } else {
    start = np_now_ms();
    st = np_pdf_render(book->layout, book->docs, book->n_docs, &popts,
                       &book->out, &book->out_len, err);
    np_print_timing(cli, "pdf", np_now_ms() - start, cli->output);
  }
  return st;
}

/* Plans the digest, reads the cover and packages the EPUB in book->out. */
static np_status np_book_epub(const np_cli *cli, np_book *book,
                              np_group_by group_by, np_error *err) {
  np_epub_options eopts = {0};
  size_t i;
  np_status st;
  double start;

  if (book->n_docs > 1) {
    book->digest = np_digest_plan(book->docs, book->n_docs, group_by);
    for (i = 0; i < book->digest->n_dropped; i++) {
      const np_doc *d = book->docs[book->digest->dropped[i]];

      fprintf(stderr, "newsprint: %s: duplicate dropped: %s\n",
              d->meta.source_path ? d->meta.source_path : "standard input",
              book->digest->reasons[i]);
    }
  }
  if (cli->cover) {
    book->cover = (unsigned char *)np_read_file(cli->cover, NP_IMPORT_MAX_BYTES,
                                                &book->cover_len, err);
    if (!book->cover)
      return NP_ERR_IO;
  }
  book->css = np_style_export_css(book->kit->style);
  eopts.title = cli->title;
  eopts.author = cli->author;
  eopts.lang = cli->lang;
  eopts.cover = book->cover;
  eopts.cover_len = book->cover_len;
  eopts.group_by = group_by;
  /* 0 on the command line means no limit */
  eopts.max_image_size = cli->max_image_size ? cli->max_image_size : G_MAXINT;
  eopts.grayscale = cli->grayscale;
  eopts.css = book->css;
  eopts.fonts = book->fonts;
  eopts.epoch = -1;
  start = np_now_ms();
  st = np_epub_render(book->docs, book->n_docs, book->digest, &eopts,
                      &book->out, &book->out_len, err);
  np_print_timing(cli, "epub", np_now_ms() - start, cli->output);
  return st;
}

/* Releases what a book holds. */
static void np_book_free(np_book *book) {
  size_t i;

  for (i = 0; i < book->n_docs; i++)
    np_doc_free(book->docs[i]);
  free(book->docs);
  free(book->out);
  free(book->css);
  free(book->cover);
  np_digest_free(book->digest);
  np_layout_free(book->layout);
}

/* The book a run makes and the kit it shares are the last things it
 * holds, so at the end they are left to the process's exit instead of
 * freed: freeing a short article's layout, fonts and dictionaries took 2
 * ms, a sixteenth of its PDF, for memory the exit returns anyway. They are
 * kept here, where leak checkers (valgrind) see them as still in use. The
 * sanitizer build frees them, so that the frees go on being checked. */
#if defined(__SANITIZE_ADDRESS__)
#define NP_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NP_FREE_AT_EXIT 1
#endif
#endif
#ifndef NP_FREE_AT_EXIT
#define NP_FREE_AT_EXIT 0
#endif

/* The book left to the exit: see NP_FREE_AT_EXIT. Volatile, or the
 * compiler drops the store that nothing reads back. */
static volatile np_book np_book_at_exit;

/* The run's kit: set up once by np_kit_open, freed by np_kit_close. */
static np_kit np_run_kit;

/* Ends the life of a book: freed, unless it is the run's last (last
 * nonzero) and NP_FREE_AT_EXIT is 0, then kept in np_book_at_exit until
 * the process ends. */
static void np_book_release(np_book *book, int last) {
  if (NP_FREE_AT_EXIT || !last)
    np_book_free(book);
  else
    np_book_at_exit = *book;
}

/* Returns the --group-by value, or -1 when it is not known. */
static int np_parse_group_by(const char *value) {
  if (!value || strcmp(value, "site") == 0)
    return NP_GROUP_SITE;
  if (strcmp(value, "date") == 0)
    return NP_GROUP_DATE;
  if (strcmp(value, "none") == 0)
    return NP_GROUP_NONE;
  return -1;
}

/* Returns nonzero for the formats made as books (PDF, EPUB), with the
 * run's kit. */
static int np_format_is_book(np_format format) {
  return format == NP_FORMAT_PDF || format == NP_FORMAT_EPUB;
}

/* Checks the options of a PDF or EPUB conversion. Returns 0, or the exit
 * status of a usage error, reported. */
static int np_book_check(const np_cli *cli) {
  double width, height;

  if (cli->paper && !np_style_parse_paper(cli->paper, &width, &height))
    return np_usage("unknown paper size '%s' (a4, a5, a6, letter, legal "
                    "or WIDTHxHEIGHT with mm, cm, in or pt)",
                    cli->paper);
  if (np_parse_group_by(cli->group_by) < 0)
    return np_usage("unknown --group-by '%s' (site, date or none)",
                    cli->group_by);
  if (cli->max_image_size < 0)
    return np_usage("%s", "--max-image-size must be 0 or more pixels");
  if (cli->lang && !np_lang_tag_ok(cli->lang))
    return np_usage("'--lang %s' is not a language tag (such as en, pt-BR "
                    "or zh-Hant)",
                    cli->lang);
  return 0;
}

/* Checks the options and sets np_run_kit up for the books of cli, printing
 * the style sheet's warnings. Returns 0, or the exit status of the
 * failure, reported. */
static int np_kit_open(const np_cli *cli) {
  np_doc *sheet_warnings = np_doc_new();
  int status = np_book_check(cli);

  if (status == 0) {
    status = np_kit_setup(cli, &np_run_kit, sheet_warnings);
    if (!cli->quiet)
      np_print_warnings(cli->style ? cli->style : "default", sheet_warnings);
  }
  np_doc_free(sheet_warnings);
  return status;
}

/* Ends the run's kit: freed when NP_FREE_AT_EXIT, else left to the
 * exit. */
static void np_kit_close(void) {
  if (NP_FREE_AT_EXIT)
    np_kit_free(&np_run_kit);
}

/* Imports every input and writes one PDF or EPUB of them all, with the
 * run's kit (np_kit_open, which checked the options); last is nonzero when
 * the process ends after it (see np_book_release). Returns the exit status:
 * the first failure's (an input skipped), or 0. */
static int np_convert_book(const np_cli *cli, np_format format, int last) {
  np_book book = {0};
  np_layout_options lopts = {0};
  int group_by = np_parse_group_by(cli->group_by);
  np_error err;
  int status = NP_OK;
  np_status st;

  book.kit = &np_run_kit;
  if (cli->paper)
    np_style_parse_paper(cli->paper, &lopts.paper_width, &lopts.paper_height);
  status = np_book_import(cli, &book);
  if (!book.n_docs)
    goto done;
  st = np_book_fonts(&book, cli, &err);
  if (st == NP_OK)
    st = format == NP_FORMAT_PDF ? np_book_pdf(cli, &book, &lopts, &err)
                                 : np_book_epub(cli, &book, group_by, &err);
  np_book_report(cli, &book);
  if (st == NP_OK) {
    np_buf out = {book.out, book.out_len, book.out_len};
    double start = np_now_ms();

    st = np_write_output(cli->output, &out, &err);
    np_print_timing(cli, "write", np_now_ms() - start, cli->output);
  }
  if (st != NP_OK) {
    fprintf(stderr, "newsprint: %s\n", err.message);
    status = st;
  }
done:
  np_book_release(&book, last);
  return status;
}

/* Imports every input and writes the combined output. Returns the exit
 * status: the first failure's, or 0. */
static int np_convert(const np_cli *cli, np_format format) {
  np_import_options opts = {0};
  np_buf all = NP_BUF_INIT;
  np_error err;
  size_t count = g_strv_length(cli->inputs), i, done = 0;
  int array = count > 1 && format == NP_FORMAT_JSON;
  int status = NP_OK;

  opts.raw = cli->raw;
  for (i = 0; i < count; i++) {
    np_doc *doc = NULL;
    np_status st = np_import_file(cli->inputs[i], &opts, &doc, &err);
    char *part;
    size_t len;
    double start;

    if (st != NP_OK) {
      fprintf(stderr, "newsprint: %s\n", err.message);
      if (status == NP_OK)
        status = st;
      continue;
    }
    if (!cli->quiet)
      np_print_warnings(cli->inputs[i], doc);
    if (cli->verbose)
      np_print_summary(cli->inputs[i], doc);
    np_print_import_timings(cli, cli->inputs[i], doc);
    start = np_now_ms();
    part = np_render(doc, format, &len);
    np_print_timing(cli, "render", np_now_ms() - start, cli->inputs[i]);
    np_join(&all, format, array, part, len, done);
    done++;
    free(part);
    np_doc_free(doc);
  }
  if (array && done > 0)
    np_buf_puts(&all, "]\n");
  if (done > 0) {
    double start = np_now_ms();

    if (np_write_output(cli->output, &all, &err) != NP_OK) {
      fprintf(stderr, "newsprint: %s\n", err.message);
      status = NP_ERR_IO;
    }
    np_print_timing(cli, "write", np_now_ms() - start, cli->output);
  }
  np_buf_free(&all);
  return status;
}

/* The work of -O DIR: the command line and, per input, its output path. */
typedef struct {
  const np_cli *cli;
  np_format format;
  char **outputs;
} np_each;

/* Converts input index of -O DIR into its own output (an np_job_fn). */
static int np_convert_one(size_t index, void *ctx) {
  const np_each *each = ctx;
  np_cli one = *each->cli;
  char *inputs[2] = {each->cli->inputs[index], NULL};

  one.inputs = inputs;
  one.output = each->outputs[index];
  return np_format_is_book(each->format)
             ? np_convert_book(&one, each->format, 0)
             : np_convert(&one, each->format);
}

/* Returns the extension of format's files. */
static const char *np_format_ext(np_format format) {
  for (size_t i = 0; i < G_N_ELEMENTS(np_formats); i++) {
    if (np_formats[i].format == format)
      return np_formats[i].ext;
  }
  return "out";
}

/* Returns the output paths of -O dir for the inputs, NULL-terminated (free
 * with g_strfreev): DIR/NAME.EXT with the page's file name less its .html,
 * .htm, .mhtml or .mht; a name taken by an earlier input gets -2, -3... */
static char **np_output_paths(char *const *inputs, const char *dir,
                              np_format format) {
  GHashTable *taken =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  size_t n = g_strv_length((char **)inputs);
  char **paths = g_new0(char *, n + 1);
  const char *ext = np_format_ext(format);

  for (size_t i = 0; i < n; i++) {
    char *base = g_path_get_basename(inputs[i]);
    char *name;

    base[strlen(base) - np_page_suffix(base)] = '\0';
    name = g_strdup_printf("%s.%s", base, ext);
    for (int k = 2; g_hash_table_contains(taken, name); k++) {
      g_free(name);
      name = g_strdup_printf("%s-%d.%s", base, k, ext);
    }
    paths[i] = g_build_filename(dir, name, NULL);
    g_hash_table_add(taken, name);
    g_free(base);
  }
  g_hash_table_destroy(taken);
  return paths;
}

/* Converts every input into its own file in cli->output_dir, cli->jobs at
 * a time. Returns the exit status: the first failure's (in input order), or
 * 0. */
static int np_convert_each(const np_cli *cli, np_format format) {
  np_each each = {cli, format, NULL};
  int status;

  if (!g_file_test(cli->output_dir, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "newsprint: %s: not a folder\n", cli->output_dir);
    return NP_ERR_IO;
  }
  /* set up once, before the workers are forked */
  if (np_format_is_book(format)) {
    status = np_kit_open(cli);
    if (status != 0)
      goto done;
  }
  each.outputs = np_output_paths(cli->inputs, cli->output_dir, format);
  status = np_jobs_run(g_strv_length(cli->inputs), cli->jobs, np_convert_one,
                       &each, NULL);
  g_strfreev(each.outputs);
done:
  if (np_format_is_book(format))
    np_kit_close();
  return status;
}

int main(int argc, char **argv) {
  np_cli cli = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output,
       "Write to OUTPUT (- for standard output)", "OUTPUT"},
      {"output-dir", 'O', 0, G_OPTION_ARG_FILENAME, &cli.output_dir,
       "Write each INPUT to its own file in DIR (needs --to)", "DIR"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &cli.jobs,
       "With -O: convert N inputs at a time (default 1)", "N"},
      {"to", 0, 0, G_OPTION_ARG_STRING, &cli.to,
       "Output format: json, text, markdown, html, tree, pdf, epub", "FORMAT"},
      {"style", 0, 0, G_OPTION_ARG_FILENAME, &cli.style,
       "PDF style: default, newspaper, ereader, large-print or a CSS file",
       "NAME|FILE"},
      {"paper", 0, 0, G_OPTION_ARG_STRING, &cli.paper,
       "PDF paper: a4, a5, a6, letter, legal or WIDTHxHEIGHT{mm,cm,in,pt}",
       "SIZE"},
      {"no-notes", 0, 0, G_OPTION_ARG_NONE, &cli.no_notes,
       "PDF: no numbered notes for the links", NULL},
      {"title", 0, 0, G_OPTION_ARG_STRING, &cli.title,
       "PDF/EPUB title (default: the article's, or \"News digest, FIRST "
       "DATE – LAST DATE\")",
       "TITLE"},
      {"author", 0, 0, G_OPTION_ARG_STRING, &cli.author,
       "EPUB author (default: the article's authors, or the sites)", "NAME"},
      {"lang", 0, 0, G_OPTION_ARG_STRING, &cli.lang,
       "language tag of the EPUB and PDF (default: the articles' most common)",
       "LANG"},
      {"cover", 0, 0, G_OPTION_ARG_FILENAME, &cli.cover,
       "EPUB cover image (default: one drawn from the titles)", "FILE"},
      {"group-by", 0, 0, G_OPTION_ARG_STRING, &cli.group_by,
       "EPUB digest sections: site (default), date or none", "KEY"},
      {"max-image-size", 0, 0, G_OPTION_ARG_INT, &cli.max_image_size,
       "EPUB: scale images down to this many pixels on the long side "
       "(default 1600, 0: never)",
       "PIXELS"},
      {"grayscale", 0, 0, G_OPTION_ARG_NONE, &cli.grayscale,
       "EPUB: images in gray, for e-ink readers", NULL},
      {"raw", 0, 0, G_OPTION_ARG_NONE, &cli.raw,
       "Keep the whole body: skip article extraction", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet,
       "Print no warnings, only errors", NULL},
      {"verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose,
       "Print a summary of every input", NULL},
      {"timings", 0, 0, G_OPTION_ARG_NONE, &cli.timings,
       "Print the milliseconds of each stage (read, parse, extract, tree, "
       "render, layout, pdf, epub, write) on standard error",
       NULL},
      {"version", 0, 0, G_OPTION_ARG_NONE, &cli.version,
       "Print the version and exit", NULL},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.inputs, NULL,
       "INPUT..."},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("-o OUTPUT");
  GError *gerr = NULL;
  np_error err;
  np_format format;
  int status = NP_OK;

  /* messages in the user's language and charset; numbers stay in C */
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  /* over the file size limit, write() fails with EFBIG and the temporary
   * output file is removed, instead of the process being killed */
  signal(SIGXFSZ, SIG_IGN);
  np_install_signal_cleanup();
  g_option_context_set_summary(
      ctx, "Turn saved news articles into print-ready PDF, EPUB e-books and "
           "clean JSON, text, Markdown or XHTML, offline.");
  g_option_context_set_description(ctx, np_description);
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli.max_image_size = NP_EPUB_MAX_IMAGE;
  if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
    status = np_usage("%s", gerr->message);
    goto done;
  }
  np_lang_hyphens(cli.lang);
  if (cli.version) {
    printf("newsprint %s\n", NP_VERSION);
    goto done;
  }
  if (!cli.inputs || !cli.inputs[0]) {
    status = np_usage("%s", "no INPUT given");
    goto done;
  }
  if (np_expand_inputs(&cli.inputs, &err) != NP_OK) {
    fprintf(stderr, "newsprint: %s\n", err.message);
    status = NP_ERR_IO;
    goto done;
  }
  if (cli.output && cli.output_dir) {
    status = np_usage("%s", "-o and -O cannot go together");
    goto done;
  }
  if (cli.jobs < 0 || cli.jobs > NP_JOBS_MAX ||
      (cli.jobs > 1 && !cli.output_dir)) {
    status = np_usage("%s", cli.jobs > 1 ? "--jobs needs -O DIR"
                                         : "--jobs must be 1 to 256");
    goto done;
  }
  if (cli.output_dir) {
    if (!cli.to) {
      status = np_usage("%s", "-O DIR needs --to FORMAT");
      goto done;
    }
    format = np_pick_format(cli.to, NULL);
    if (format == NP_FORMAT_NONE) {
      status = np_usage("unknown format '%s'", cli.to);
      goto done;
    }
    for (size_t i = 0; cli.inputs[i]; i++) {
      if (strcmp(cli.inputs[i], "-") == 0) {
        status = np_usage("%s", "-O DIR cannot read standard input");
        goto done;
      }
    }
    status = np_convert_each(&cli, format);
    goto done;
  }
  if (!cli.output) {
    status = np_usage("%s", "no OUTPUT given: use -o FILE (or -o - for "
                            "standard output)");
    goto done;
  }
  if (!cli.to && strcmp(cli.output, "-") == 0) {
    status = np_usage("%s", "-o - needs --to FORMAT");
    goto done;
  }
  format = np_pick_format(cli.to, cli.output);
  if (format == NP_FORMAT_NONE) {
    status = cli.to ? np_usage("unknown format '%s'", cli.to)
                    : np_usage("cannot tell the format of '%s': use a "
                               "known extension or --to FORMAT",
                               cli.output);
    goto done;
  }
  if (format == NP_FORMAT_HTML && g_strv_length(cli.inputs) > 1) {
    status = np_usage("%s", "html output takes one INPUT");
    goto done;
  }
  if (np_format_is_book(format)) {
    status = np_kit_open(&cli);
    if (status == 0)
      status = np_convert_book(&cli, format, 1);
    np_kit_close();
  } else {
    status = np_convert(&cli, format);
  }
done:
  if (gerr)
    g_error_free(gerr);
  g_option_context_free(ctx);
  g_free(cli.output);
  g_free(cli.output_dir);
  g_free(cli.to);
  g_free(cli.style);
  g_free(cli.paper);
  g_free(cli.cover);
  g_free(cli.title);
  g_free(cli.author);
  g_free(cli.lang);
  g_free(cli.group_by);
  g_strfreev(cli.inputs);
  return status;
}
