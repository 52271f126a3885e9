# mhtml.sh: MHTML archives from the command line: Chromium's own archives
# of the examples, and the examples packed the way Chromium and Internet
# Explorer write them (tests/make-mhtml.py, also LF-only and cut short) give
# the same article, the same images and a valid PDF; standard input,
# folders, -O names, a cut archive, and archives that are refused.
. "$NP_TESTS/lib.sh"
T=$NP_TMP
ex=$NP_TESTS/../examples
pack() { python3 "$NP_TESTS/make-mhtml.py" "$@"; }
URL=https://www.i24news.tv/en/news/international/middle-east/152220-story
HEB=https://www.hadashot-hasharon.example/news/article/night-bus

pack --url "$URL" "$ex/i24news-article.html" "$T/i24.mhtml"
pack --style ie --url "$URL" "$ex/i24news-article.html" "$T/i24-ie.mht"
pack --lf --url "$URL" "$ex/i24news-article.html" "$T/i24-lf.mhtml"
pack --url "$HEB" "$ex/rtl-hebrew-article.html" "$T/heb.mhtml"
check "the Chromium archive is quoted-printable HTML and base64 images" \
  sh -c 'grep -q "^Content-Transfer-Encoding: quoted-printable" "$1" &&
         grep -q "^Content-Transfer-Encoding: base64" "$1" && grep -q "=3D" "$1"' _ "$T/i24.mhtml"

np -q --to text "$ex/i24news-article.html" -o "$T/ref.txt"
np -q --to text "$ex/rtl-hebrew-article.html" -o "$T/heb-ref.txt"
for a in i24.mhtml i24-ie.mht i24-lf.mhtml; do
  np --to text "$T/$a" -o "$T/$a.txt" 2>"$T/$a.err"
  check "$a: exit 0" test $? -eq 0
  check "$a: the same text as the saved page" cmp -s "$T/ref.txt" "$T/$a.txt"
  check "$a: no warning" test ! -s "$T/$a.err"
  np -q "$T/$a" -o "$T/$a.json"
  check "$a: the figure is read from the archive" python3 - "$T/$a.json" "$ex/i24news-article_files" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
imgs = d["images"]
assert len(imgs) == 1, imgs
assert imgs[0]["status"] == "saved", imgs
assert imgs[0]["src"].endswith("/i24news-article_files/syria-skyline-illustration.png"), imgs
assert imgs[0]["src"].startswith("https://www.i24news.tv/"), imgs
assert d["leadImage"] == imgs[0]["src"], d["leadImage"]
assert "A Syrian walks past a mosque" in imgs[0]["caption"], imgs
assert d["url"].startswith("https://www.i24news.tv/en/news/"), d["url"]
PY
done
np --to text "$T/heb.mhtml" -o "$T/heb.txt" 2>"$T/heb.err"
check "heb.mhtml: the same Hebrew text as the saved page" cmp -s "$T/heb-ref.txt" "$T/heb.txt"

# Chromium's own archives of the examples (examples/*-chromium.mhtml)
for n in i24news-article:syria-skyline-illustration.png rtl-hebrew-article:light-rail.png; do
  page=${n%%:*} pic=${n#*:}
  a=$ex/$page-chromium.mhtml
  np --to text "$a" -o "$T/$page-c.txt" 2>"$T/$page-c.err"
  check "$page-chromium.mhtml: exit 0, no warning" test $? -eq 0 -a ! -s "$T/$page-c.err"
  np -q --to text "$ex/$page.html" -o "$T/$page-ref.txt"
  check "$page-chromium.mhtml: the same text as the saved page" cmp -s "$T/$page-ref.txt" "$T/$page-c.txt"
  np -q "$a" -o "$T/$page-c.epub"
  check "$page-chromium.mhtml: the figure's picture in the EPUB, byte for byte" python3 - "$T/$page-c.epub" "$ex/${page}_files/$pic" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
want = open(sys.argv[2], "rb").read()
assert any(z.read(n) == want for n in z.namelist() if n.startswith("EPUB/images/"))
PY
done

# EPUB: the archive's picture goes in byte for byte
np -q "$T/i24.mhtml" -o "$T/i24.epub"
check "EPUB: the picture is the archived file, byte for byte" python3 - "$T/i24.epub" "$ex/i24news-article_files/syria-skyline-illustration.png" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
want = open(sys.argv[2], "rb").read()
imgs = [n for n in z.namelist() if n.startswith("EPUB/images/")]
assert any(z.read(n) == want for n in imgs), imgs
PY

# PDF: valid, with the picture and the Hebrew text
np -q "$T/i24.mhtml" -o "$T/i24.pdf"
check "PDF: qpdf --check passes" sh -c 'qpdf --check "$1" >/dev/null 2>&1' _ "$T/i24.pdf"
check "PDF: the picture is embedded" sh -c 'pdfimages -list "$1" 2>/dev/null | tail -n +3 | grep -q .' _ "$T/i24.pdf"
np -q "$T/heb.mhtml" -o "$T/heb.pdf"
pdftotext "$T/heb.pdf" "$T/heb-pdf.txt" 2>/dev/null
check "PDF: the Hebrew archive's text is there" grep -q "נתניה" "$T/heb-pdf.txt"
check "PDF: its Latin words inside stay whole" grep -q "CityGo" "$T/heb-pdf.txt"
SOURCE_DATE_EPOCH=1500000000 np -q "$T/i24.mhtml" -o "$T/r1.epub"
SOURCE_DATE_EPOCH=1500000000 np -q "$T/i24.mhtml" -o "$T/r2.epub"
check "EPUB of an archive: same bytes twice" cmp -s "$T/r1.epub" "$T/r2.epub"

# standard input: the archive holds everything, no folder is needed
np -q --to json - -o - <"$T/i24.mhtml" >"$T/stdin.json"
check "standard input: the figure is read from the archive" grep -q '"status" *: *"saved"' "$T/stdin.json"

# folders and -O: .mhtml and .mht are saved pages, their names kept
mkdir -p "$T/in" "$T/outdir"
cp "$T/i24.mhtml" "$T/in/one.mhtml"
cp "$T/heb.mhtml" "$T/in/two.MHT"
np -q --to json -O "$T/outdir" "$T/in"
check "-O: a folder's archives become NAME.json" test -s "$T/outdir/one.json" -a -s "$T/outdir/two.json"
np -q "$T/in" -o "$T/digest.epub"
check "a folder of archives makes a digest of both" python3 - "$T/digest.epub" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
chapters = [n for n in z.namelist() if n.endswith(".xhtml") and "nav" not in n and "cover" not in n]
assert len(chapters) >= 2, chapters
PY

# a cut archive keeps what it holds, with a warning
head -c "$(($(wc -c <"$T/i24.mhtml") * 3 / 4))" "$T/i24.mhtml" >"$T/cut.mhtml"
np --to text "$T/cut.mhtml" -o "$T/cut.txt" 2>"$T/cut.err"
check "a cut archive: exit 0" test $? -eq 0
check "a cut archive: the warning says so" grep -q "closing boundary" "$T/cut.err"
check "a cut archive: its article is there" grep -q "safe zones" "$T/cut.txt"

# refused archives: a clear message naming the file, no output
printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n' >"$T/nohtml.mhtml"
expect_exit "an archive without an HTML part: exit 1" 1 "$T/nohtml.mhtml" -o "$T/nohtml.pdf"
check "an archive without an HTML part: the message names the file and why" grep -q "nohtml.mhtml: the MHTML archive holds no HTML part" "$NP_TMP/err"
check "an archive without an HTML part: no output file" test ! -e "$T/nohtml.pdf"
printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n<p>x</p>\r\n' >"$T/nobound.mht"
expect_exit "an archive without a boundary: exit 1" 1 "$T/nobound.mht" -o "$T/nobound.epub"
check "an archive without a boundary: the message says so" grep -q "nobound.mht: MHTML archive without a usable boundary" "$NP_TMP/err"
check "an archive without a boundary: no output file" test ! -e "$T/nobound.epub"
