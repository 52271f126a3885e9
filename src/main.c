/* main.c: the newsprint command line: parse options, import every input,
 * render the chosen format, write the output atomically. */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "dump.h"
#include "fonts.h"
#include "html.h"
#include "hyphenate.h"
#include "import.h"
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
  char *to;
  char *style;
  char *paper;
  gboolean no_notes;
  gboolean raw;
  gboolean quiet;
  gboolean verbose;
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
    "EPUB output is not available yet.\n"
    "\n"
    "INPUT is a page saved by a browser (.html with its NAME_files/ folder, "
    "or\n"
    "a single-file HTML with data: images), or - for standard input. OUTPUT - "
    "is\n"
    "standard output. Nothing is fetched from the network.\n"
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
    "article.pdf\n";

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

/* The resources of a PDF conversion. */
typedef struct {
  np_style *style;
  np_fonts *fonts;
  np_hyphenator *hyphenator;
  np_doc **docs;
  size_t n_docs;
  np_layout *layout;
  char *pdf;
  size_t pdf_len;
} np_pdf_job;

/* Loads the style sheet, fonts and hyphenation; warnings of the style sheet
 * go to warnings. Returns NP_OK or the failure, reported. */
static np_status np_pdf_setup(const np_cli *cli, np_pdf_job *job,
                              np_doc *warnings) {
  char *datadir = np_find_datadir();
  char *styles = g_build_filename(datadir, "styles", NULL);
  char *fonts = g_build_filename(datadir, "fonts", NULL);
  np_error err;
  np_status status;

  status = np_style_load(cli->style ? cli->style : "default", styles, warnings,
                         &job->style, &err);
  if (status == NP_OK)
    status = np_fonts_new(fonts, 1, &job->fonts, &err);
  if (status != NP_OK)
    fprintf(stderr, "newsprint: %s\n", err.message);
  job->hyphenator = np_hyphen_new(NULL);
  g_free(styles);
  g_free(fonts);
  g_free(datadir);
  return status;
}

/* Imports every input, lays them out and writes one PDF. Returns the exit
 * status: the first failure's, or 0. */
static int np_convert_pdf(const np_cli *cli) {
  np_pdf_job job = {0};
  np_import_options iopts = {0};
  np_layout_options lopts = {0};
  np_pdf_options popts = {NULL, -1};
  np_doc *sheet_warnings = np_doc_new();
  size_t count = g_strv_length(cli->inputs), i;
  np_error err;
  int status = NP_OK;
  np_status st;

  if (cli->paper && !np_style_parse_paper(cli->paper, &lopts.paper_width,
                                          &lopts.paper_height)) {
    status = np_usage("unknown paper size '%s' (a4, a5, a6, letter, legal "
                      "or WIDTHxHEIGHT with mm, cm, in or pt)",
                      cli->paper);
    goto done;
  }
  st = np_pdf_setup(cli, &job, sheet_warnings);
  if (!cli->quiet)
    np_print_warnings(cli->style ? cli->style : "default", sheet_warnings);
  if (st != NP_OK) {
    status = st;
    goto done;
  }
  job.docs = np_xcalloc(count, sizeof *job.docs);
  iopts.raw = cli->raw;
  for (i = 0; i < count; i++) {
    st = np_import_file(cli->inputs[i], &iopts, &job.docs[job.n_docs], &err);
    if (st != NP_OK) {
      fprintf(stderr, "newsprint: %s\n", err.message);
      if (status == NP_OK)
        status = st;
      continue;
    }
    job.n_docs++;
  }
  if (!job.n_docs)
    goto done;
  lopts.style = job.style;
  lopts.fonts = job.fonts;
  lopts.hyphenator = job.hyphenator;
  lopts.link_notes = !cli->no_notes;
  lopts.contents = job.n_docs > 1;
  st = np_layout_run(job.docs, job.n_docs, &lopts, &job.layout, &err);
  if (st == NP_OK)
    st = np_pdf_render(job.layout, job.docs, job.n_docs, &popts, &job.pdf,
                       &job.pdf_len, &err);
  for (i = 0; i < job.n_docs; i++) {
    if (!cli->quiet)
      np_print_warnings(job.docs[i]->meta.source_path
                            ? job.docs[i]->meta.source_path
                            : "standard input",
                        job.docs[i]);
    if (cli->verbose)
      np_print_summary(job.docs[i]->meta.source_path
                           ? job.docs[i]->meta.source_path
                           : "standard input",
                       job.docs[i]);
  }
  if (st == NP_OK) {
    np_buf out = {job.pdf, job.pdf_len, job.pdf_len};

    st = np_write_output(cli->output, &out, &err);
  }
  if (st != NP_OK) {
    fprintf(stderr, "newsprint: %s\n", err.message);
    status = st;
  }
done:
  for (i = 0; i < job.n_docs; i++)
    np_doc_free(job.docs[i]);
  free(job.docs);
  free(job.pdf);
  np_layout_free(job.layout);
  np_hyphen_free(job.hyphenator);
  np_fonts_free(job.fonts);
  np_style_free(job.style);
  np_doc_free(sheet_warnings);
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
    part = np_render(doc, format, &len);
    np_join(&all, format, array, part, len, done);
    done++;
    free(part);
    np_doc_free(doc);
  }
  if (array && done > 0)
    np_buf_puts(&all, "]\n");
  if (done > 0 && np_write_output(cli->output, &all, &err) != NP_OK) {
    fprintf(stderr, "newsprint: %s\n", err.message);
    status = NP_ERR_IO;
  }
  np_buf_free(&all);
  return status;
}

int main(int argc, char **argv) {
  np_cli cli = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output,
       "Write to OUTPUT (- for standard output)", "OUTPUT"},
      {"to", 0, 0, G_OPTION_ARG_STRING, &cli.to,
       "Output format: json, text, markdown, html, tree, pdf", "FORMAT"},
      {"style", 0, 0, G_OPTION_ARG_FILENAME, &cli.style,
       "PDF style: default, newspaper, ereader, large-print or a CSS file",
       "NAME|FILE"},
      {"paper", 0, 0, G_OPTION_ARG_STRING, &cli.paper,
       "PDF paper: a4, a5, a6, letter, legal or WIDTHxHEIGHT{mm,cm,in,pt}",
       "SIZE"},
      {"no-notes", 0, 0, G_OPTION_ARG_NONE, &cli.no_notes,
       "PDF: no numbered notes for the links", NULL},
      {"raw", 0, 0, G_OPTION_ARG_NONE, &cli.raw,
       "Keep the whole body: skip article extraction", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet,
       "Print no warnings, only errors", NULL},
      {"verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose,
       "Print a summary of every input", NULL},
      {"version", 0, 0, G_OPTION_ARG_NONE, &cli.version,
       "Print the version and exit", NULL},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.inputs, NULL,
       "INPUT..."},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("-o OUTPUT");
  GError *gerr = NULL;
  np_format format;
  int status = NP_OK;

  /* messages in the user's language and charset; numbers stay in C */
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  g_option_context_set_summary(
      ctx, "Turn saved news articles into clean JSON, text, Markdown or "
           "XHTML, offline.");
  g_option_context_set_description(ctx, np_description);
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
    status = np_usage("%s", gerr->message);
    goto done;
  }
  if (cli.version) {
    printf("newsprint %s\n", NP_VERSION);
    goto done;
  }
  if (!cli.inputs || !cli.inputs[0]) {
    status = np_usage("%s", "no INPUT given");
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
  if (format == NP_FORMAT_EPUB) {
    status = np_usage("%s", "EPUB output is not available yet");
    goto done;
  }
  if (format == NP_FORMAT_HTML && g_strv_length(cli.inputs) > 1) {
    status = np_usage("%s", "html output takes one INPUT");
    goto done;
  }
  status =
      format == NP_FORMAT_PDF ? np_convert_pdf(&cli) : np_convert(&cli, format);
done:
  if (gerr)
    g_error_free(gerr);
  g_option_context_free(ctx);
  g_free(cli.output);
  g_free(cli.to);
  g_free(cli.style);
  g_free(cli.paper);
  g_strfreev(cli.inputs);
  return status;
}
