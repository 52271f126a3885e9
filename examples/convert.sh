#!/usr/bin/env bash
# convert.sh: converts every example page (the *.html and *.mhtml files at
# the top of examples/) into OUTDIR/<name>.json, .txt, .md, .html and .epub,
# and into a PDF in every shipped style (OUTDIR/<name>-<style>.pdf), with
# newsprint; then the *.html pages into one PDF with a contents page and one
# EPUB digest (OUTDIR/all-examples.pdf, .epub; the archives hold the same
# articles).
#
# Usage: examples/convert.sh NEWSPRINT_BINARY OUTDIR
# Prints one line per output written; exits non-zero if any conversion
# fails (after trying all of them).
set -eu

if [ "$#" -ne 2 ]; then
  echo "usage: $0 NEWSPRINT_BINARY OUTDIR" >&2
  exit 2
fi
newsprint=$1
outdir=$2
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -x "$newsprint" ] && ! command -v -- "$newsprint" >/dev/null 2>&1; then
  echo "$0: $newsprint: not an executable program" >&2
  exit 2
fi
mkdir -p -- "$outdir"

failed=0
found=0
pages=()

# convert OUT ARGS...: runs newsprint -q ARGS -o OUT and reports it.
convert() {
  local out=$1
  shift
  if "$newsprint" -q "$@" -o "$out"; then
    echo "wrote $out"
  else
    echo "$0: failed: $newsprint -q $* -o $out" >&2
    failed=$((failed + 1))
  fi
}

for page in "$here"/*.html "$here"/*.mhtml; do
  [ -f "$page" ] || continue
  found=$((found + 1))
  case "$page" in *.html) pages+=("$page") ;; esac
  name=$(basename -- "$page")
  name=${name%.*}
  for ext in json txt md html epub; do
    convert "$outdir/$name.$ext" "$page"
  done
  for style in default newspaper ereader large-print; do
    convert "$outdir/$name-$style.pdf" --style "$style" "$page"
  done
done
if [ "${#pages[@]}" -gt 1 ]; then
  convert "$outdir/all-examples.pdf" "${pages[@]}"
  convert "$outdir/all-examples.epub" "${pages[@]}"
fi

if [ "$found" -eq 0 ]; then
  echo "$0: no example pages in $here" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  echo "$0: $failed conversion(s) failed" >&2
  exit 1
fi
