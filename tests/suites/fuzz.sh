#!/usr/bin/env bash
# fuzz.sh: replays the fuzz targets' seeds and the reproducers of the bugs
# fuzzing found (tests/fuzz/regress/TARGET/) through the replay binaries
# ($NP_BUILD/fuzz-replay/TARGET, built without libFuzzer like the rest of
# the build, so that make asan and make valgrind check them too). One TAP
# line per target for its seeds and one for its reproducers.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
root=$(cd "$NP_TESTS/.." && pwd)
targets="fuzz_import fuzz_css fuzz_charset fuzz_datauri fuzz_layout
  fuzz_style_layout fuzz_mhtml"

# max_len TARGET: the -max_len the target is fuzzed with (run-fuzz.sh).
max_len() {
  case "$1" in
  fuzz_layout) echo 4096 ;;
  *) echo 16777216 ;;
  esac
}

# replay NAME TARGET FILE...: ok when the target runs over every file.
replay() {
  local name=$1 t=$2
  shift 2
  if NEWSPRINT_DATADIR="$root" $NP_RUN "$NP_BUILD/fuzz-replay/$t" \
    -max_len="$(max_len "$t")" "$@" >"$NP_TMP/out" 2>"$NP_TMP/err"; then
    ok "$name ($(cat "$NP_TMP/out"))"
  else
    not_ok "$name: $(tail -n 25 "$NP_TMP/err")"
  fi
}

for t in $targets; do
  if [ ! -x "$NP_BUILD/fuzz-replay/$t" ]; then
    not_ok "fuzz $t: $NP_BUILD/fuzz-replay/$t is not built"
    continue
  fi
  seeds=()
  while IFS= read -r f; do
    seeds+=("$root/$f")
  done < <(cd "$root" && tests/fuzz/seeds.sh "$t")
  if [ "${#seeds[@]}" -eq 0 ]; then
    not_ok "fuzz $t seeds: none listed by tests/fuzz/seeds.sh"
  else
    replay "fuzz $t seeds" "$t" "${seeds[@]}"
  fi
  dir="$NP_TESTS/fuzz/regress/$t"
  if [ -n "$(find "$dir" -type f ! -name '.*' 2>/dev/null | head -n 1)" ]; then
    replay "fuzz $t regressions" "$t" "$dir"
  else
    ok "fuzz $t regressions # SKIP none saved"
  fi
done
