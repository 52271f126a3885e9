/* fuzz_datauri.c: data: URI decoding, srcset parsing, percent decoding and
 * the link and image resolver of a page without a folder on arbitrary
 * text. Input: up to three lines: the reference, then an optional <base
 * href>, then an optional page URL. */
#include <string.h>

#include "doc.h"
#include "fuzz_common.h"
#include "resource.h"

/* Largest input looked at. */
#define NP_FUZZ_DATAURI_MAX ((size_t)64 * 1024)
/* Fewer srcset candidates than NP_SRCSET_MAX, so that the limit is hit. */
#define NP_FUZZ_SRCSET_FEW 3

/* Decodes uri and checks the contract's promises. */
static void np_fuzz_decode(const char *uri) {
  unsigned char *bytes = NULL;
  char *mime = NULL;
  size_t len = 0;
  np_error err;

  if (np_data_uri_decode(uri, &bytes, &len, &mime, &err) == NP_OK) {
    if (mime == NULL || bytes == NULL || bytes[len] != '\0' ||
        len > NP_DATA_URI_MAX)
      abort();
    free(bytes);
    free(mime);
  } else if (err.message[0] == '\0') {
    abort();
  }
}

/* Parses srcset with room for max candidates. */
static void np_fuzz_srcset(const char *srcset, size_t max) {
  np_srcset_candidate c[NP_SRCSET_MAX + 1];
  size_t n, i;

  n = np_srcset_parse(srcset, c, max);
  if (n > max || n > NP_SRCSET_MAX)
    abort();
  for (i = 0; i < n; i++)
    if (c[i].url == NULL || c[i].url[0] == '\0')
      abort();
  np_srcset_free(c, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text, *lines[3] = {NULL, NULL, NULL}, *p, *prefixed, *dec;
  const char *cands[3];
  np_resolver *r;
  np_doc *doc;
  int i;

  np_fuzz_fatal_criticals();
  if (size > NP_FUZZ_DATAURI_MAX)
    return 0;
  text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  lines[0] = text;
  for (i = 1, p = text; i < 3 && (p = strchr(p, '\n')) != NULL; i++) {
    *p++ = '\0';
    lines[i] = p;
  }
  np_fuzz_decode(lines[0]);
  prefixed = malloc(strlen(lines[0]) + sizeof "data:");
  strcpy(prefixed, "data:");
  strcat(prefixed, lines[0]);
  np_fuzz_decode(prefixed);
  np_fuzz_srcset(lines[0], NP_SRCSET_MAX + 1);
  np_fuzz_srcset(lines[0], NP_FUZZ_SRCSET_FEW);
  dec = np_percent_decode(lines[0]);
  if (dec == NULL || strlen(dec) > strlen(lines[0]))
    abort();
  free(dec);

  doc = np_doc_new();
  r = np_resolver_new(NULL, doc);
  if (lines[1])
    np_resolver_set_base(r, lines[1]);
  if (lines[2])
    np_resolver_set_page_url(r, lines[2]);
  (void)np_resolver_link(r, lines[0]);
  cands[0] = lines[0];
  cands[1] = NULL;
  cands[2] = prefixed;
  i = np_resolver_image(r, cands, 3);
  if (i >= (int)doc->n_resources || i < -1)
    abort();
  np_resolver_free(r);
  np_doc_free(doc);
  free(prefixed);
  free(text);
  return 0;
}
