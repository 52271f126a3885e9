/* import.h: reads a saved page (file or memory) into a document: load and
 * decode, parse with libxml2, harvest metadata, extract the article and
 * build the tree. The DOM lives only inside this stage. */
#ifndef NP_IMPORT_H
#define NP_IMPORT_H

#include "doc.h"

/* Largest input page read, in bytes. */
#define NP_IMPORT_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* Options of the import. */
typedef struct {
  int raw; /* skip extraction and keep the whole body */
} np_import_options;

/* Reads the page at path ("-" reads standard input, whose references to
 * local files are refused) into a new document in *out that the caller
 * frees with np_doc_free. Returns NP_OK; NP_ERR_IO when the file cannot be
 * read or is not HTML; NP_ERR_NOCONTENT when no article content is found.
 * On failure *out is NULL and err names the file and the reason. */
np_status np_import_file(const char *path, const np_import_options *opts,
                         np_doc **out, np_error *err);

/* As np_import_file for len bytes already in memory; name is used in
 * messages and as the page's location (NULL: no folder, local references
 * refused). */
np_status np_import_memory(const char *name, const char *bytes, size_t len,
                           const np_import_options *opts, np_doc **out,
                           np_error *err);

#endif
