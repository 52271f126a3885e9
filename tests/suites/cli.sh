# cli.sh: the command line: options, formats, exit codes, error messages,
# standard output, atomic output files, determinism.
. "$NP_TESTS/lib.sh"
T=$NP_TMP
cat >"$T/page.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm | Coast Daily</title>
<meta property="og:site_name" content="Coast Daily"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday morning, three days after the storm that
tore boats from their moorings and flooded the fish market, officials said.</p>
<p>Crews worked through the night to clear debris from the main channel, and
the first ferry left at seven o'clock with a full load of passengers.</p>
<p>Fishermen said the damage to the fleet would take weeks to repair, but
most were relieved that nobody had been hurt when the water rose.</p>
</article><footer>Copyright Coast Daily</footer></body></html>
HTML

np --version >"$T/v" 2>&1
check "--version prints the version" grep -q '^newsprint [0-9]' "$T/v"
np --help >"$T/help" 2>&1
rc=$?
check "--help exits 0" test "$rc" -eq 0
for opt in --output --to --raw --quiet --verbose --version --help; do
  check "--help lists $opt" grep -q -- "$opt" "$T/help"
done
check "--help has an example" grep -q 'Example' "$T/help"
check "--help documents exit status 3" grep -q '3 no article content' "$T/help"

# the man page documents every option that --help lists
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
  check "man page documents $opt" grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" "$NP_TESTS/../docs/newsprint.1"
done

expect_exit "no arguments is a usage error" 2
expect_exit "unknown option is a usage error" 2 --frobnicate "$T/page.html" -o "$T/x.json"
expect_exit "missing -o is a usage error" 2 "$T/page.html"
expect_exit "unknown format is a usage error" 2 --to docx "$T/page.html" -o "$T/x.docx"
expect_exit "unknown extension is a usage error" 2 "$T/page.html" -o "$T/x.xyz"
expect_exit "--lang that is not a language tag is a usage error" 2 --lang "en GB" "$T/page.html" -o "$T/badlang.pdf"
check "--lang refused: no output file" test ! -e "$T/badlang.pdf"
np -q --lang en_GB "$T/page.html" -o "$T/lang.epub"
check "--lang en_GB is the tag en-GB" sh -c 'unzip -p "$1" EPUB/package.opf | grep -q "<dc:language>en-GB</dc:language>"' _ "$T/lang.epub"
expect_exit "missing input fails with 1" 1 "$T/nope.html" -o "$T/x.json"
check "missing input is named in the error" grep -q 'nope.html: cannot open' "$NP_TMP/err"

printf '\x89PNG\r\n\x1a\n0000' >"$T/image.html"
expect_exit "a PNG given as HTML fails with 1" 1 "$T/image.html" -o "$T/x.json"
check "the PNG error says why" grep -q 'image.html: not an HTML page (looks like a PNG' "$NP_TMP/err"
: >"$T/empty.html"
expect_exit "an empty file fails with 1" 1 "$T/empty.html" -o "$T/x.json"
check "the empty file error names it" grep -q 'empty.html: empty file' "$NP_TMP/err"

cat >"$T/nav.html" <<'HTML'
<html><body><nav><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li></ul></nav></body></html>
HTML
expect_exit "a page without an article exits 3" 3 "$T/nav.html" -o "$T/x.json"
check "exit 3 says no article content" grep -q 'nav.html: no article content found' "$NP_TMP/err"
check "a failed conversion writes no output" test ! -e "$T/x.json"

# every format by extension
for ext in json txt md html; do
  expect_exit "converts to .$ext" 0 "$T/page.html" -o "$T/out.$ext"
  check ".$ext output is not empty" test -s "$T/out.$ext"
done
expect_exit "converts with --to tree" 0 --to tree "$T/page.html" -o "$T/out.tree"
check "tree output starts with the metadata" grep -q '^meta title "Harbour reopens after storm"' "$T/out.tree"
check "the title loses the site tail" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["title"]!="Harbour reopens after storm")' "$T/out.json"
check "text output has the body and not the navigation" sh -c "grep -q 'first ferry left' '$T/out.txt' && ! grep -q 'Sport' '$T/out.txt'"
check "text output drops the title" sh -c "! grep -q 'Harbour reopens' '$T/out.txt'"
check "html output is well-formed XML" python3 -c '
import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/out.html"

np -q "$NP_TESTS/golden/figure-credits.html" -o "$T/figures.html"
check "html output embeds the page's local images" grep -q '<img src="data:image/png;base64,' "$T/figures.html"
check "html output refers to no file of the page" sh -c "! grep -q 'figure-credits_files' '$T/figures.html'"

np --to text "$T/page.html" -o - >"$T/stdout.txt" 2>/dev/null
check "-o - writes to standard output" grep -q 'first ferry left' "$T/stdout.txt"
np --to text "$T/page.html" -o /dev/stdout >"$T/devstdout.txt" 2>/dev/null
check "-o /dev/stdout writes through the device" grep -q 'first ferry left' "$T/devstdout.txt"
np --to json - -o - <"$T/page.html" >"$T/stdin.json" 2>/dev/null
check "- reads standard input" grep -q 'Harbour reopens' "$T/stdin.json"
expect_exit "-o - without --to is a usage error" 2 "$T/page.html" -o -

np --raw --to text "$T/page.html" -o "$T/raw.txt" 2>/dev/null
check "--raw keeps what extraction drops" grep -q 'Copyright Coast Daily' "$T/raw.txt"
check "extraction drops the footer" sh -c "! grep -q 'Copyright Coast Daily' '$T/out.txt'"

# resources: never read outside the page's folder, never fetched
mkdir -p "$T/saved/hostile_files"
ln -s /etc/passwd "$T/saved/hostile_files/link.png"
cat >"$T/saved/hostile.html" <<'HTML'
<html lang="en"><head><title>Hostile references</title></head><body><article>
<h1>Hostile references</h1>
<p>The council met on Tuesday to discuss the harbour, the ferry timetable and the
new car park, and agreed to publish the survey results before the summer.</p>
<figure><img src="../../../../etc/passwd" alt="up"><figcaption>Up the tree</figcaption></figure>
<figure><img src="file:///etc/passwd" alt="file"><figcaption>A file URL</figcaption></figure>
<figure><img src="hostile_files/link.png" alt="link"><figcaption>A symlink out</figcaption></figure>
<figure><img src="https://cdn.example/remote.jpg" alt="remote"><figcaption>Remote</figcaption></figure>
<p>Officials said the ferry timetable would change in June, and that the car park
would open in stages so that the market could keep its Saturday pitches.</p>
</article></body></html>
HTML
np --to json "$T/saved/hostile.html" -o "$T/hostile.json" 2>"$T/hostile.err"
rc=$?
check "a page with hostile references still converts" test "$rc" -eq 0
check "../ outside the page folder is refused with a warning" grep -q 'etc/passwd' "$T/hostile.err"
check "file: URLs are refused with a warning" grep -q 'file:///etc/passwd' "$T/hostile.err"
check "a symlink out of the folder is refused with a warning" grep -q 'link.png' "$T/hostile.err"
check "a remote image is reported, not fetched" grep -q 'cdn.example/remote.jpg' "$T/hostile.err"
check "no refused file reaches the output" sh -c "! grep -q 'root:' '$T/hostile.json'"
check "JSON says which images were refused and which are remote" python3 - "$T/hostile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
status = {i["alt"]: i["status"] for i in d["images"]}
sys.exit(not (status.get("up") == "refused" and status.get("file") == "refused"
              and status.get("link") == "refused" and status.get("remote") == "remote"))
PY
np -q "$T/saved/hostile.html" -o "$T/hostile.html" 2>/dev/null
check "no refused file is embedded in the XHTML" sh -c "! grep -q 'img src=\"data' '$T/hostile.html'"

# a page nested deeper than the HTML parser follows: said, not silent
python3 -c "
print('<html><body><article><p>' + 'The council met on Tuesday to discuss the harbour and the ferry timetable. ' * 5 + '</p>' + '<div>' * 1000 + '<p>deep</p>' + '</div>' * 1000 + '</article></body></html>')" >"$T/deep.html"
np --to text "$T/deep.html" -o "$T/deep.txt" 2>"$T/deep.err"
check "a very deep page still converts" grep -q "ferry timetable" "$T/deep.txt"
check "a very deep page warns that the rest is lost" grep -q "nests elements more than 256 deep" "$T/deep.err"

# output safety: directories, missing folders, earlier files untouched
mkdir -p "$T/adir"
expect_exit "an output path that is a directory fails with 1" 1 --to json "$T/page.html" -o "$T/adir"
check "no temporary file is left beside it" test -z "$(ls -A "$T" | grep 'np-')"
expect_exit "an output in a missing folder fails with 1" 1 "$T/page.html" -o "$T/missing/out.json"
check "the output error names the path" grep -q 'missing/out.json: cannot write' "$NP_TMP/err"
echo "keep me" >"$T/keep.json"
expect_exit "a failing input leaves the output alone" 3 "$T/nav.html" -o "$T/keep.json"
check "the earlier output file is untouched" grep -q 'keep me' "$T/keep.json"
# a full disk (here the file size limit, 4 KB): an error, no partial file
mkdir -p "$T/full"
{
  sed -n '1,/<article>/p' "$T/page.html"
  for i in $(seq 60); do
    echo "<p>Paragraph $i of a long report on the harbour, its ferries, its fish market and the storm that flooded them.</p>"
  done
  echo '</article></body></html>'
} >"$T/long.html"
(
  ulimit -f 4
  np --to json "$T/long.html" -o "$T/full/long.json" 2>"$T/full.err"
  echo $? >"$T/full.rc"
)
check "over the file size limit the write fails with 1" test "$(cat "$T/full.rc")" -eq 1
check "the size limit error names the path" grep -q 'long.json: cannot write' "$T/full.err"
check "no partial output is left at the size limit" test -z "$(ls -A "$T/full")"

# interrupted in the middle of a long digest: no partial file, and the
# earlier file at the output path untouched
corpus=$NP_SHARED/corpus/readability
for sig in INT TERM; do
  echo "the old digest" >"$T/sig-$sig.epub"
  $NP_BIN -q "$corpus"/*/source.html -o "$T/sig-$sig.epub" 2>/dev/null &
  pid=$!
  sleep 0.3
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check "SIG$sig mid-digest leaves the earlier output untouched" grep -q "the old digest" "$T/sig-$sig.epub"
  check "SIG$sig mid-digest leaves no temporary file" test -z "$(ls -A "$T" | grep "sig-$sig.epub.np-")"
done

# several inputs: a JSON array; one bad input is reported, the rest written
cp "$T/page.html" "$T/page2.html"
expect_exit "two inputs to JSON" 0 "$T/page.html" "$T/page2.html" -o "$T/two.json"
check "two inputs give a JSON array of two" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (isinstance(d,list) and len(d)==2))' "$T/two.json"
expect_exit "a bad input among good ones exits 1" 1 "$T/page.html" "$T/nope.html" "$T/page2.html" -o "$T/some.json"
check "the good inputs are still written" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (isinstance(d,list) and len(d)==2))' "$T/some.json"

# determinism
np "$T/page.html" -o "$T/a.json" 2>/dev/null
np "$T/page.html" -o "$T/b.json" 2>/dev/null
check "the same input gives the same bytes" cmp -s "$T/a.json" "$T/b.json"

np -q "$T/page.html" -o "$T/q.json" 2>"$T/q.err"
check "-q prints nothing on success" test ! -s "$T/q.err"
np -v "$T/page.html" -o "$T/v.json" 2>"$T/v.err"
check "-v prints a summary with the word count" grep -q 'words' "$T/v.err"

# -O DIR: one output per input, --jobs at a time, the same bytes either way
ex=$NP_TESTS/../examples
mkdir -p "$T/each1" "$T/each3" "$T/sub"
cp "$T/page.html" "$T/sub/page.html"
expect_exit "-O converts every input to its own PDF" 0 -q --to pdf -O "$T/each1" "$ex" "$T/page.html" "$T/sub/page.html"
expect_exit "-O with --jobs 3 converts them side by side" 0 -q --to pdf --jobs 3 -O "$T/each3" "$ex" "$T/page.html" "$T/sub/page.html"
names=$(cd "$T/each3" && LC_ALL=C ls | tr '\n' ' ')
check "-O names the outputs after the pages, -2 for a repeated name ($names)" test "$names" = "i24news-article-chromium.pdf i24news-article.pdf page-2.pdf page.pdf rtl-hebrew-article-chromium.pdf rtl-hebrew-article.pdf single-file.pdf "
for f in "$T"/each1/*.pdf; do
  check "--jobs 3 gives the same bytes as --jobs 1: $(basename "$f")" cmp -s "$f" "$T/each3/$(basename "$f")"
done
check "-O writes valid PDFs" sh -c 'qpdf --check "$1" >/dev/null 2>&1' _ "$T/each3/rtl-hebrew-article.pdf"
expect_exit "-O to JSON with a missing input exits 1" 1 -q --to json -j 2 -O "$T/each3" "$T/page.html" "$T/nope.html" "$T/sub/page.html"
check "-O names the failed input" grep -q 'nope.html: cannot open' "$NP_TMP/err"
check "-O still writes the other inputs" python3 -c '
import json,sys; [json.load(open(p)) for p in sys.argv[1:]]' "$T/each3/page.json" "$T/each3/page-2.json"
check "-O leaves no output for the failed input" test ! -e "$T/each3/nope.json"
expect_exit "-O needs --to" 2 -O "$T/each3" "$T/page.html"
expect_exit "-o and -O together are a usage error" 2 --to pdf -O "$T/each3" -o "$T/x.pdf" "$T/page.html"
expect_exit "--jobs without -O is a usage error" 2 --jobs 2 "$T/page.html" -o "$T/x.pdf"
expect_exit "-O with a file for a folder fails with 1" 1 --to pdf -O "$T/page.html" "$T/page.html"
check "-O names the folder that is not one" grep -q 'page.html: not a folder' "$NP_TMP/err"

# --timings: one line per stage, milliseconds as numbers, naming the file
np -q --timings "$T/page.html" -o "$T/t.pdf" 2>"$T/timings.err"
for stage in read parse extract tree layout pdf write; do
  check "--timings reports $stage" grep -Eq "^newsprint: timing: $stage [0-9]+\.[0-9]{3} .*(page\.html|t\.pdf)\$" "$T/timings.err"
done
np -q --timings "$T/page.html" -o "$T/t.epub" 2>"$T/timings.err"
check "--timings reports the EPUB stage" grep -Eq '^newsprint: timing: epub [0-9.]+ .*t\.epub$' "$T/timings.err"
np -q "$T/page.html" -o "$T/t.json" 2>"$T/timings.err"
check "without --timings nothing is timed" test ! -s "$T/timings.err"

# The release build leaves the book it made to the process's exit instead
# of freeing it (NP_FREE_AT_EXIT in main.c), still reachable: valgrind must
# find no definite leak. (Under make valgrind every run above is checked
# so; the sanitizer build frees its book.)
if [ -n "${NP_RUN:-}" ]; then
  :
elif ldd "$NP_BIN" 2>/dev/null | grep -q libasan; then
  ok "the book left to the exit is reachable # SKIP the sanitizer build frees it"
elif ! command -v valgrind >/dev/null; then
  ok "the book left to the exit is reachable # SKIP no valgrind"
else
  for fmt in pdf epub; do
    valgrind -q --error-exitcode=99 --leak-check=full \
      --show-leak-kinds=definite --errors-for-leak-kinds=definite \
      --soname-synonyms=somalloc=libjemalloc.so* \
      --suppressions="$NP_TESTS/valgrind.supp" \
      "$NP_BIN" -q "$T/page.html" -o "$T/exit.$fmt" 2>"$T/exit-$fmt.err"
    rc=$?
    check "$fmt: the book left to the exit is reachable (valgrind exit $rc)" \
      test "$rc" -eq 0
  done
fi

# -O DIR sets the style sheet, fonts and dictionaries up once for all its
# inputs; each output is the same as its own conversion, whatever came
# before it: a Chinese page (the system's fonts joined in) before an
# English one (the bundled fonts alone again), a Hebrew one after both
each_pages="$corpus/qq/source.html $corpus/guardian-1/source.html $ex/rtl-hebrew-article.html"
for fmt in pdf epub; do
  mkdir -p "$T/kit-$fmt" "$T/kit2-$fmt"
  # shellcheck disable=SC2086
  expect_exit "-O to $fmt over Chinese, English and Hebrew pages" 0 -q --to $fmt -O "$T/kit-$fmt" $each_pages
  # shellcheck disable=SC2086
  expect_exit "-O to $fmt with --jobs 2 over the same pages" 0 -q --to $fmt -j 2 -O "$T/kit2-$fmt" $each_pages
  np -q "$corpus/qq/source.html" -o "$T/kit-qq.$fmt" 2>/dev/null
  np -q "$corpus/guardian-1/source.html" -o "$T/kit-en.$fmt" 2>/dev/null
  np -q "$ex/rtl-hebrew-article.html" -o "$T/kit-he.$fmt" 2>/dev/null
  check "-O to $fmt: the Chinese page's output is its own conversion's" cmp -s "$T/kit-qq.$fmt" "$T/kit-$fmt/source.$fmt"
  check "-O to $fmt: the English page after it is its own conversion's" cmp -s "$T/kit-en.$fmt" "$T/kit-$fmt/source-2.$fmt"
  check "-O to $fmt: the Hebrew page after both is its own conversion's" cmp -s "$T/kit-he.$fmt" "$T/kit-$fmt/rtl-hebrew-article.$fmt"
  for f in source.$fmt source-2.$fmt rtl-hebrew-article.$fmt; do
    check "-O to $fmt: --jobs 2 gives the same bytes: $f" cmp -s "$T/kit-$fmt/$f" "$T/kit2-$fmt/$f"
  done
done
check "-O: the English PDF after the Chinese one embeds bundled Noto faces only" sh -c '
pdffonts "$1" | tail -n +3 | awk "{print \$1}" | sed "s/.*+//" | grep -qv "^Noto" && exit 1
pdffonts "$1" | grep -q Noto' _ "$T/kit-pdf/source-2.pdf"
check "-O: the Chinese PDF embeds a CJK font from the system" sh -c 'pdffonts "$1" | grep -q CJK' _ "$T/kit-pdf/source.pdf"
