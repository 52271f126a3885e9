/* fuzz_charset.c: the charset prescan and the conversion to UTF-8 on
 * arbitrary bytes, checking what the contract promises: valid UTF-8 of the
 * stated length without NUL bytes, a NUL-terminated name. */
#include <glib.h>
#include <string.h>

#include "charset.h"
#include "fuzz_common.h"

/* Largest input looked at. */
#define NP_FUZZ_CHARSET_MAX ((size_t)256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char declared[NP_CHARSET_NAME_MAX];
  np_charset_info info;
  np_error err;
  char *out = NULL;
  size_t out_len = 0;

  if (size > NP_FUZZ_CHARSET_MAX)
    return 0;
  if (np_charset_prescan((const char *)data, size, declared, sizeof declared) &&
      memchr(declared, '\0', sizeof declared) == NULL)
    abort();
  /* a small output buffer must be honoured too */
  if (np_charset_prescan((const char *)data, size, declared, 4) &&
      memchr(declared, '\0', 4) == NULL)
    abort();
  if (np_charset_to_utf8("fuzz.html", (const char *)data, size, &out, &out_len,
                         &info, &err) == NP_OK) {
    if (strlen(out) != out_len || !g_utf8_validate(out, (gssize)out_len, NULL))
      abort();
    if (memchr(info.name, '\0', sizeof info.name) == NULL ||
        memchr(info.declared, '\0', sizeof info.declared) == NULL)
      abort();
    free(out);
  }
  return 0;
}
