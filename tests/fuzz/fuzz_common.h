/* fuzz_common.h: what the fuzz targets share: the libFuzzer entry point's
 * declaration and where the repository's styles/ and fonts/ are. */
#ifndef NP_FUZZ_COMMON_H
#define NP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

/* The source tree, set by tests/fuzz/fuzz.mk; NEWSPRINT_DATADIR overrides
 * it at run time. */
#ifndef NP_FUZZ_SRCDIR
#define NP_FUZZ_SRCDIR "."
#endif

/* Runs one input through the target; always returns 0 (libFuzzer's
 * contract). A bug shows as a sanitizer report or an abort. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Makes a GLib critical (a library told a contract was broken, as
 * g_uri_join is by a URL it cannot write) abort like any other bug. */
static inline void np_fuzz_fatal_criticals(void) {
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

/* Returns the folder that holds styles/ and fonts/ (borrowed). */
static inline const char *np_fuzz_datadir(void) {
  const char *dir = getenv("NEWSPRINT_DATADIR");

  return dir && *dir ? dir : NP_FUZZ_SRCDIR;
}

#endif
