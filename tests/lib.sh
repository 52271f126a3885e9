# lib.sh: helpers for the shell test suites; prints TAP lines.
# Sourced by tests/suites/*.sh, which run.sh starts with NP_BIN, NP_RUN,
# NP_TESTS and NP_SHARED set.
set -u
NP_TMP=$(mktemp -d)
trap 'rm -rf "$NP_TMP"' EXIT

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# np ARGS...: runs newsprint (through valgrind under make valgrind).
np() { $NP_RUN "$NP_BIN" "$@"; }

# expect_exit NAME CODE ARGS...: ok when newsprint ARGS exits with CODE.
expect_exit() {
  local name=$1 code=$2
  shift 2
  np "$@" >"$NP_TMP/out" 2>"$NP_TMP/err"
  local rc=$?
  if [ "$rc" -eq "$code" ]; then
    ok "$name"
  else
    not_ok "$name (exit $rc, wanted $code): $(head -c 300 "$NP_TMP/err")"
  fi
}
