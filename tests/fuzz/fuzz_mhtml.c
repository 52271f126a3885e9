/* fuzz_mhtml.c: the MHTML reader on arbitrary bytes: sniffing, parsing,
 * and a lookup of every part by its Content-Location and Content-ID.
 * Input: the bytes of an archive. */
#include <string.h>

#include <glib.h>

#include "fuzz_common.h"
#include "mhtml.h"

/* Largest input looked at. */
#define NP_FUZZ_MHTML_MAX ((size_t)4 * 1024 * 1024)

/* Checks the promises about one part of m. */
static void np_fuzz_part(const np_mhtml *m, const np_mhtml_part *part) {
  char *cid;

  if (!part->mime || !part->mime[0] || !part->data || part->data[part->len])
    abort();
  /* a location that is a fragment alone, or a cid: URL, names no place */
  if (part->location && part->location[0] && part->location[0] != '#' &&
      g_ascii_strncasecmp(part->location, "cid:", 4) != 0 &&
      !np_mhtml_find(m, part->location))
    abort();
  if (part->content_id && part->content_id[0]) {
    cid = g_strconcat("cid:", part->content_id, NULL);
    /* a Content-ID holding '%' may read as another once unescaped */
    if (!strchr(part->content_id, '%') && !np_mhtml_find(m, cid))
      abort();
    g_free(cid);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *bytes = (const char *)data;
  const char *const *warnings;
  const np_mhtml_part *root;
  np_mhtml *m = NULL;
  size_t n_warnings, i;
  np_error err;

  np_fuzz_fatal_criticals();
  if (size > NP_FUZZ_MHTML_MAX)
    return 0;
  (void)np_mhtml_sniff(bytes, size);
  if (np_mhtml_parse("fuzz.mhtml", bytes, size, &m, &err) != NP_OK) {
    if (m || strncmp(err.message, "fuzz.mhtml: ", 12) != 0)
      abort();
    return 0;
  }
  root = np_mhtml_root(m);
  if (strcmp(root->mime, "text/html") != 0 &&
      strcmp(root->mime, "application/xhtml+xml") != 0)
    abort();
  if (np_mhtml_count(m) > NP_MHTML_MAX_PARTS)
    abort();
  for (i = 0; i < np_mhtml_count(m); i++)
    np_fuzz_part(m, np_mhtml_part_at(m, i));
  warnings = np_mhtml_warnings(m, &n_warnings);
  if (n_warnings > NP_MHTML_MAX_WARNINGS + 1)
    abort();
  for (i = 0; i < n_warnings; i++) {
    if (!warnings[i] || !warnings[i][0])
      abort();
  }
  np_mhtml_free(m);
  return 0;
}
