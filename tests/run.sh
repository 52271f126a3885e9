#!/usr/bin/env bash
# run.sh: runs every test of newsprint against each build named on the
# command line (default: build) and prints "N passed, N failed", summed over
# the builds, as its last line. `make check` passes the release build and the
# AddressSanitizer + UBSan build. Each suite prints TAP lines ("ok ..." /
# "not ok ..."); a suite that dies without them counts as failed.
set -u
[ "$#" -gt 0 ] || set -- build
here=$(cd "$(dirname "$0")" && pwd)
export NP_TESTS="$here"
export NP_SHARED=${NP_SHARED:-$(cd "$here/../.." && pwd)/shared}
# Under `make valgrind` every run of the binaries goes through valgrind,
# which is told that the program's malloc is jemalloc's (see MALLOC_LIBS).
# Definite leaks are shown and counted; the others are not shown, since the
# release build leaves its book to the exit (NP_FREE_AT_EXIT in main.c) and
# blocks the libraries reach through interior pointers would be listed as
# possibly lost on every run's standard error.
if [ "${NP_VALGRIND:-}" = 1 ]; then
  export NP_RUN="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --soname-synonyms=somalloc=libjemalloc.so* --suppressions=$here/valgrind.supp"
else
  export NP_RUN=""
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
# Under `make asan`: leaks that belong to libraries, not to us.
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

passed=0
failed=0
log=$(mktemp)
# The caches of this run (hyphenation, fonts), not the user's.
export NEWSPRINT_CACHE_DIR=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$NEWSPRINT_CACHE_DIR"' EXIT

# Runs one suite command, echoes its output, and counts its TAP lines.
suite() {
  local name=$1
  shift
  echo "# suite: $name"
  "$@" >"$log" 2>&1
  local rc=$?
  cat "$log"
  local ok bad
  ok=$(grep -c '^ok ' "$log")
  bad=$(grep -c '^not ok ' "$log")
  passed=$((passed + ok))
  failed=$((failed + bad))
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
    echo "not ok - suite $name exited with status $rc"
    failed=$((failed + 1))
  fi
}

# The place of each library (docs/architecture.md), once for all builds.
suite "depcheck" bash -c '"$1" | sed "s/^depcheck: ok$/ok - each library only in its modules/; s/^depcheck: /not ok - /"' _ "$here/depcheck.sh"

for build in "$@"; do
  NP_BUILD=$(cd "$build" && pwd) || {
    echo "not ok - build $build exists"
    failed=$((failed + 1))
    continue
  }
  export NP_BUILD
  export NP_BIN="$NP_BUILD/newsprint"
  tag=$(basename "$NP_BUILD")
  for t in "$NP_BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    suite "$tag: unit $(basename "$t")" $NP_RUN "$t" --tap
  done
  for s in "$here"/suites/*.sh; do
    [ -f "$s" ] || continue
    suite "$tag: $(basename "$s" .sh)" bash "$s"
  done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
