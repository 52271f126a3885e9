#!/usr/bin/env bash
# seeds.sh TARGET: prints the seed files of a fuzz target, one path a line,
# relative to the repository's root (run from there): the repository's own
# test pages, style sheets and examples, then the hand-written seeds of
# tests/fuzz/seeds/TARGET/. fuzz.mk copies them into build/fuzz/seeds and
# tests/suites/fuzz.sh replays them, so the list lives here only. Pages for
# fuzz_layout are listed whole; fuzz.mk cuts them to the target's 4 KB.
set -u
target=${1:?usage: seeds.sh TARGET}

list() {
  local f
  for f in "$@"; do
    [ -f "$f" ] && printf '%s\n' "$f"
  done
}

case "$target" in
fuzz_import | fuzz_layout)
  list tests/golden/*.html examples/*.html examples/*.mhtml
  ;;
fuzz_css | fuzz_style_layout)
  list styles/*.css
  ;;
fuzz_charset)
  list tests/golden/windows-125*.html tests/golden/rtl-*.html
  ;;
fuzz_datauri | fuzz_mhtml) ;;
*)
  echo "seeds.sh: unknown target $target" >&2
  exit 2
  ;;
esac
# targets of the same input share their hand-written seeds
case "$target" in
fuzz_layout) list tests/fuzz/seeds/fuzz_import/* ;;
fuzz_style_layout) list tests/fuzz/seeds/fuzz_css/*.css ;;
fuzz_mhtml) list examples/*.mhtml tests/fuzz/seeds/fuzz_import/*.mht* ;;
esac
list "tests/fuzz/seeds/$target"/*
