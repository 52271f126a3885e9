# pdf.sh: PDF output checked from the outside with qpdf and poppler
# (qpdf --check, pdfinfo, pdffonts, pdftotext): every shipped style, an RTL
# article, several inputs, options and failures. Never compares PDF bytes
# with a stored file; compares two runs for reproducibility.
. "$NP_TESTS/lib.sh"
T=$NP_TMP
ex=$NP_TESTS/../examples
golden=$NP_TESTS/golden
for tool in qpdf pdfinfo pdffonts pdftotext; do
  if ! command -v "$tool" >/dev/null; then
    not_ok "$tool is installed (make check installs qpdf and poppler-utils)"
    exit 0
  fi
done

# Reads pdftotext output on stdin and writes its words on one line, with
# words hyphenated at line ends joined again.
pdf_words() {
  python3 -c '
import re, sys
t = sys.stdin.read()
t = re.sub("\u00ad\\s*", "", t)
print(re.sub("\\s+", " ", t))'
}

# Checks the structure of a PDF: qpdf, fonts embedded and subset, metadata.
pdf_ok() {
  local name=$1 pdf=$2
  check "$name: qpdf --check passes" qpdf --check "$pdf" >/dev/null 2>&1
  pdffonts "$pdf" >"$T/fonts.txt" 2>&1
  check "$name: has fonts" test "$(tail -n +3 "$T/fonts.txt" | wc -l)" -gt 0
  check "$name: every font embedded and subset" sh -c \
    "tail -n +3 '$T/fonts.txt' | awk '{ if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") bad=1 } END { exit bad }'"
  pdfinfo "$pdf" >"$T/info.txt" 2>&1
  check "$name: Creator is newsprint" grep -q '^Creator: *newsprint ' "$T/info.txt"
}

for style in default newspaper ereader large-print; do
  np -q --style "$style" "$ex/i24news-article.html" -o "$T/$style.pdf"
  check "$style: converts" test -s "$T/$style.pdf"
  pdf_ok "$style" "$T/$style.pdf"
  pdftotext -layout "$T/$style.pdf" "$T/$style.txt" 2>/dev/null
  pdftotext "$T/$style.pdf" - 2>/dev/null | pdf_words >"$T/$style.raw.txt"
  check "$style: has the headline" grep -q "Israel held secret talks" "$T/$style.raw.txt"
  check "$style: body text is there" grep -q "Amman and an unnamed European" "$T/$style.raw.txt"
  # reading order: the first body paragraph comes before the last one
  check "$style: text in reading order" python3 - "$T/$style.raw.txt" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
a = t.find("Secrets talks over")
b = t.find("held in Amman")
c = t.find("all the points Israel had argued")
sys.exit(not (0 <= a < b < c))
PY
  check "$style: no boilerplate" sh -c "! grep -q -i 'Previous article\|Quantcast' '$T/$style.raw.txt'"
  check "$style: a page number footer" grep -q "1 of" "$T/$style.raw.txt"
done

pdfinfo "$T/default.pdf" >"$T/info.txt"
check "metadata: Title" grep -q "^Title: *Israel held secret talks with Russia" "$T/info.txt"
check "metadata: Author" grep -q "^Author: *i24NEWS" "$T/info.txt"
check "metadata: CreationDate is set" grep -q "^CreationDate: " "$T/info.txt"
check "metadata: Subject is the excerpt" grep -q "^Subject: *Israel warned" "$T/info.txt"
check "default style is A4" grep -q "^Page size: *595.* x 841.* pts" "$T/info.txt"

np -q --paper letter "$ex/i24news-article.html" -o "$T/letter.pdf"
check "--paper letter gives US Letter pages" sh -c "pdfinfo '$T/letter.pdf' | grep -q '^Page size: *612 x 792 pts'"
np -q --paper 100x150mm "$ex/i24news-article.html" -o "$T/custom.pdf"
check "--paper 100x150mm gives that size" sh -c "pdfinfo '$T/custom.pdf' | grep -q '^Page size: *283.* x 425.* pts'"
expect_exit "--paper nonsense is a usage error" 2 --paper huge "$ex/i24news-article.html" -o "$T/x.pdf"
expect_exit "an unknown --style is a usage error" 2 --style nosuchstyle "$ex/i24news-article.html" -o "$T/x.pdf"
check "the unknown style error lists the known ones" grep -q "newspaper" "$NP_TMP/err"
check "a failed PDF leaves no file" test ! -e "$T/x.pdf"
printf 'p { colour: red; font-size: 11pt }\n' >"$T/mine.css"
np --style "$T/mine.css" "$ex/i24news-article.html" -o "$T/mine.pdf" 2>"$T/mine.err"
check "a CSS file as --style works" test -s "$T/mine.pdf"
check "an unknown CSS property is a warning" grep -q "colour" "$T/mine.err"

# reproducible bytes
np -q "$ex/i24news-article.html" -o "$T/again.pdf"
check "the same input gives the same PDF bytes" cmp -s "$T/default.pdf" "$T/again.pdf"
SOURCE_DATE_EPOCH=1500000000 np -q "$ex/i24news-article.html" -o "$T/epoch.pdf"
check "SOURCE_DATE_EPOCH sets the creation date" sh -c "pdfinfo -isodates '$T/epoch.pdf' | grep -q '^CreationDate: *2017-07-14T02:40:00'"

# outline
qpdf --json "$T/default.pdf" >"$T/json.txt" 2>/dev/null
check "the outline holds the article title" python3 - "$T/json.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
titles = []
def walk(items):
    for o in items:
        titles.append(o.get("title", ""))
        walk(o.get("kids", []))
walk(d.get("outlines", []))
sys.exit(not any("Israel held secret talks" in t for t in titles))
PY

# right to left
np -q "$ex/rtl-hebrew-article.html" -o "$T/he.pdf"
pdf_ok "hebrew" "$T/he.pdf"
pdftotext "$T/he.pdf" "$T/he.txt" 2>/dev/null
check "hebrew: Hebrew text comes out" grep -q "נתניה" "$T/he.txt"
check "hebrew: Latin words inside stay whole" grep -q "CityGo" "$T/he.txt"

# several inputs: one PDF with a contents page, each article on a new page
np -q "$ex/i24news-article.html" "$golden/wordpress.html" "$golden/figure-credits.html" -o "$T/three.pdf"
pdf_ok "three articles" "$T/three.pdf"
pdftotext "$T/three.pdf" "$T/three.txt" 2>/dev/null
check "three articles: a contents page" grep -q "Contents" "$T/three.txt"
check "three articles: every headline" sh -c "grep -q 'Israel held secret' '$T/three.txt' && grep -q 'Council approves new ferry' '$T/three.txt' && grep -q 'Flood defences hold' '$T/three.txt'"
pages=$(pdfinfo "$T/three.pdf" | awk '/^Pages:/ { print $2 }')
check "three articles: at least 4 pages" test "${pages:-0}" -ge 4

np -q "$golden/wordpress.html" -o "$T/wp.pdf"
check "metadata: Keywords from the page" sh -c "pdfinfo '$T/wp.pdf' | grep -q '^Keywords: *ferry, transport'"
check "metadata: CreationDate from the article's date" sh -c "env -u SOURCE_DATE_EPOCH $NP_RUN $NP_BIN -q '$golden/wordpress.html' -o '$T/wp2.pdf' && pdfinfo -isodates '$T/wp2.pdf' | grep -q '^CreationDate: *2024-03-14T09:12:33'"

# images and links
np -q "$golden/figure-credits.html" -o "$T/figures.pdf"
check "figures: images are embedded" sh -c "pdfimages -list '$T/figures.pdf' 2>/dev/null | tail -n +3 | grep -q ."
check "figures: credits are printed" sh -c "pdftotext '$T/figures.pdf' - | grep -q 'AP Photo/Jane Doe'"
np -q "$golden/tables-lists.html" -o "$T/links.pdf"
check "links: an external link is clickable" sh -c "qpdf --qdf --object-streams=disable '$T/links.pdf' - 2>/dev/null | grep -a -q '/URI (https://www.gov.uk/apply-boiler-upgrade-scheme)'"
check "links: a numbered note lists the URL" sh -c "pdftotext '$T/links.pdf' - | grep -q 'gov.uk/apply-boiler-upgrade-scheme'"

# a broken image is a warning, not a failure
mkdir -p "$T/broken/page_files"
printf '\x89PNG\r\n\x1a\nbroken' >"$T/broken/page_files/bad.png"
cat >"$T/broken/page.html" <<'HTML'
<html lang="en"><head><title>Broken picture</title></head><body><article>
<h1>Broken picture</h1>
<p>The council met on Tuesday to discuss the harbour, the ferry timetable and the
new car park, and agreed to publish the survey results before the summer.</p>
<figure><img src="page_files/bad.png" alt="bad"><figcaption>A broken picture</figcaption></figure>
<p>Officials said the ferry timetable would change in June, and that the car park
would open in stages so that the market could keep its Saturday pitches.</p>
</article></body></html>
HTML
np "$T/broken/page.html" -o "$T/broken.pdf" 2>"$T/broken.err"
check "a broken image still gives a PDF" test -s "$T/broken.pdf"
check "a broken image is reported" grep -q "bad.png" "$T/broken.err"

# a sample of the shared corpus: every PDF passes qpdf and embeds its fonts
corpus=$NP_SHARED/corpus/readability
bad=""
for page in aclu bbc-1 cnn guardian-1 lemonde-1 nytimes-1 wikipedia qq \
  heise folha rtl-1 mozilla-1 medium-1 wordpress yahoo-4 keep-tabular-data \
  embedded-videos lazy-image-1 svg-parsing mathjax; do
  src=$corpus/$page/source.html
  [ -f "$src" ] || { bad="$bad $page(missing)"; continue; }
  if ! np -q "$src" -o "$T/c.pdf" 2>/dev/null; then
    bad="$bad $page(exit)"
    continue
  fi
  qpdf --check "$T/c.pdf" >/dev/null 2>&1 || bad="$bad $page(qpdf)"
  pdffonts "$T/c.pdf" 2>/dev/null | tail -n +3 |
    awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad=1 } END { exit bad }' ||
    bad="$bad $page(fonts)"
  [ "$(pdftotext "$T/c.pdf" - 2>/dev/null | wc -w)" -gt 20 ] || bad="$bad $page(text)"
done
check "corpus sample to PDF: qpdf, fonts, text (failed:${bad:- none})" test -z "$bad"

# the machine's fonts come in only for text the bundled ones lack
np -q "$corpus/qq/source.html" -o "$T/qq.pdf" 2>/dev/null
check "a Chinese page embeds a CJK font from the system" sh -c 'pdffonts "$1" | grep -q CJK' _ "$T/qq.pdf"
np -q "$corpus/guardian-1/source.html" -o "$T/latin.pdf" 2>/dev/null
check "an English page embeds bundled Noto faces only" sh -c '
pdffonts "$1" | tail -n +3 | awk "{print \$1}" | sed "s/.*+//" | grep -qv "^Noto" && exit 1
pdffonts "$1" | grep -q Noto' _ "$T/latin.pdf"
