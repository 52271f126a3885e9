#!/usr/bin/env bash
# run-fuzz.sh OUT SECONDS PARALLEL TARGET...: runs each libFuzzer target
# OUT/TARGET for SECONDS with the corpus OUT/corpus/TARGET (new inputs go
# there) and the seeds OUT/seeds/TARGET, PARALLEL targets at a time, under
# nice. Crashes, timeouts, leaks and OOMs are written to OUT/crashes/TARGET/
# and logs to OUT/logs/TARGET.log. Prints one line per target with its
# executions and corpus size; exits 1 when any target found something,
# naming the reproducer.
set -u
out=${1:?usage: run-fuzz.sh OUT SECONDS PARALLEL TARGET...}
seconds=${2:?}
parallel=${3:?}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
# leaks of fontconfig, libhyphen and cairo, as under make asan
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}

# Options of one target: its largest input and its dictionary.
target_opts() {
  case "$1" in
  fuzz_import) echo "-max_len=65536 -dict=$here/html.dict" ;;
  fuzz_layout) echo "-max_len=4096 -dict=$here/html.dict" ;;
  fuzz_css) echo "-max_len=16384 -dict=$here/css.dict" ;;
  fuzz_style_layout) echo "-max_len=8192 -dict=$here/css.dict" ;;
  fuzz_charset) echo "-max_len=16384" ;;
  *) echo "-max_len=8192" ;;
  esac
}

# Runs one target; its exit status is libFuzzer's.
run_one() {
  local t=$1
  mkdir -p "$out/corpus/$t" "$out/crashes/$t" "$out/logs" "$out/seeds/$t"
  # shellcheck disable=SC2046
  nice -n 10 "$out/$t" $(target_opts "$t") -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t/" \
    "$out/corpus/$t" "$out/seeds/$t" >"$out/logs/$t.log" 2>&1
}

# Prints the summary line of target $1 that ended with status $2.
report() {
  local t=$1 rc=$2 execs corpus
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log")
  corpus=$(find "$out/corpus/$t" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $t: ok, ${execs:-?} executions in ${seconds}s, corpus $corpus"
  else
    echo "fuzz: $t: FOUND A PROBLEM (status $rc), log $out/logs/$t.log"
    grep -m1 -E '^==[0-9]+==ERROR|runtime error|^==[0-9]+== ERROR|ALARM|out-of-memory|Test unit written' \
      "$out/logs/$t.log" | sed 's/^/fuzz:   /'
    find "$out/crashes/$t" -type f -newer "$out/logs/$t.start" \
      -printf 'fuzz:   reproducer %p\n'
    echo "fuzz:   replay: $out/$t REPRODUCER; minimize: $out/$t -minimize_crash=1 -runs=10000 REPRODUCER"
  fi
}

failed=0

pids=()
names=()
for t in "$@"; do
  mkdir -p "$out/logs"
  touch "$out/logs/$t.start"
  run_one "$t" &
  pids+=($!)
  names+=("$t")
  # wait for the oldest while PARALLEL are running
  while [ "${#pids[@]}" -ge "$parallel" ]; do
    wait "${pids[0]}"
    rc=$?
    report "${names[0]}" "$rc"
    [ "$rc" -eq 0 ] || failed=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  done
done
while [ "${#pids[@]}" -gt 0 ]; do
  wait "${pids[0]}"
  rc=$?
  report "${names[0]}" "$rc"
  [ "$rc" -eq 0 ] || failed=1
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
done
exit "$failed"
