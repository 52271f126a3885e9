/* doc.h: the document handed from the importer to every renderer: metadata,
 * the tree, the resource table and the warnings. */
#ifndef NP_DOC_H
#define NP_DOC_H

#include "tree.h"

/* Most warnings kept on one document; later ones are counted, not kept. */
#define NP_DOC_MAX_WARNINGS 200

/* Metadata of an article. Every string belongs to the document's arena and
 * is NULL when unknown; arrays are NULL when empty. */
typedef struct {
  const char *title;
  const char *subtitle;
  const char **authors; /* n_authors names, each once, in page order */
  size_t n_authors;
  const char *published; /* ISO 8601, with offset when the page gave one */
  const char *modified;  /* ISO 8601 */
  const char *site_name;
  const char *section;
  const char *url;         /* canonical URL */
  const char *source_path; /* the file the page was read from */
  const char *lang;        /* BCP 47 language tag of the article */
  np_dir dir;          /* direction of the article, NP_DIR_INHERIT if unknown */
  const char *summary; /* excerpt / description */
  const char **keywords;
  size_t n_keywords;
  const char *rights;
  const char *identifier;
  int lead_image; /* index into the resources, -1 when none */
} np_meta;

/* Where a resource's bytes are. */
typedef enum {
  NP_RES_LOCAL = 0, /* a file inside the page's folder: path */
  NP_RES_DATA,      /* decoded from a data: URI: data, len */
  NP_RES_REMOTE,    /* only a network URL; never fetched */
  NP_RES_MISSING,   /* a local reference whose file does not exist */
  NP_RES_REFUSED    /* outside the page's folder, or a file: URL */
} np_res_kind;

/* A resource (image) that the tree refers to by index. */
typedef struct {
  np_res_kind kind;
  const char *url;           /* the reference as written in the page, resolved
                                against <base href> when that applies; never NULL */
  const char *path;          /* NP_RES_LOCAL: real path of the file */
  const unsigned char *data; /* NP_RES_DATA: the decoded bytes */
  size_t len;
  const char *mime; /* media type when known (data: URI or extension) */
} np_resource;

/* Stages of the import of a page, timed for --timings. */
typedef enum {
  NP_STAGE_READ = 0, /* reading the file */
  NP_STAGE_PARSE,    /* charset and libxml2's HTML parser */
  NP_STAGE_EXTRACT,  /* metadata and finding the article */
  NP_STAGE_TREE,     /* the document tree and its resources */
  NP_STAGE_COUNT
} np_stage;

/* A document. Created by np_doc_new, released by np_doc_free with
 * everything in it. */
typedef struct {
  np_arena *arena; /* owns the nodes and every string */
  np_meta meta;
  np_node *root; /* the ARTICLE */
  np_resource *resources;
  size_t n_resources;
  size_t cap_resources;
  const char **warnings;
  size_t n_warnings;
  size_t cap_warnings;
  size_t dropped_warnings;         /* past NP_DOC_MAX_WARNINGS */
  double stage_ms[NP_STAGE_COUNT]; /* milliseconds each import stage took */
  /* The authors and keywords of meta as compared (a GHashTable of folded
   * names, keys in the arena; created at the first one). */
  struct _GHashTable *names;
} np_doc;

/* Returns a new empty document (an ARTICLE root, no resources, no lead
 * image) that the caller releases with np_doc_free. */
np_doc *np_doc_new(void);

/* Releases doc and everything it owns; NULL is allowed. */
void np_doc_free(np_doc *doc);

/* Adds a printf-style warning to doc (kept in its arena). */
void np_doc_warn(np_doc *doc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends a copy of res (its strings and data copied into the arena) to the
 * resource table and returns its index. When a resource with the same kind
 * and url already exists, returns that index instead. */
int np_doc_add_resource(np_doc *doc, const np_resource *res);

/* Appends name to meta->authors unless an equal name (ignoring case and
 * white space) is already there. The string is copied into the arena. */
void np_doc_add_author(np_doc *doc, const char *name);

/* Appends word to meta->keywords unless already there (copied). */
void np_doc_add_keyword(np_doc *doc, const char *word);

/* Returns the most common language (meta.lang, compared ignoring case)
 * of the n docs, the first in reading order on a tie, or NULL when none
 * names one. Borrowed from that doc. NULL entries are skipped. */
const char *np_docs_main_lang(np_doc *const *docs, size_t n);

/* Returns the authors as a reader writes them ("A", "A and B",
 * "A, B and C"), or NULL when there are none. The caller frees it. */
char *np_meta_byline(const np_meta *meta);

/* Returns the name of an import stage: "read", "parse", "extract",
 * "tree" ("?" for another value). */
const char *np_stage_name(np_stage stage);

/* Returns "ltr", "rtl" or NULL for NP_DIR_INHERIT. */
const char *np_dir_name(np_dir dir);

#endif
