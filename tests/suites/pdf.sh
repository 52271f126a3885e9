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
  check "$name: qpdf --check passes" sh -c 'qpdf --check "$1" >/dev/null 2>&1' _ "$pdf"
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
# the catalog names the article's language, for screen readers and
# read-aloud; --lang overrides it; viewers show the title
qpdf --qdf --object-streams=disable "$T/he.pdf" "$T/he.qdf" 2>/dev/null
check "hebrew: the catalog's /Lang is he" grep -a -q "^ */Lang (he)" "$T/he.qdf"
check "hebrew: viewers show the title" grep -a -q "/DisplayDocTitle true" "$T/he.qdf"
np -q --lang he-IL "$ex/i24news-article.html" -o "$T/lang.pdf"
qpdf --qdf --object-streams=disable "$T/lang.pdf" "$T/lang.qdf" 2>/dev/null
check "--lang sets the PDF's /Lang" grep -a -q "^ */Lang (he-IL)" "$T/lang.qdf"

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

# PNG pictures go into the PDF as their own compressed pixels when a PDF
# can hold them (8-bit gray or RGB, not interlaced, no transparent colour):
# every row filter, then the pixels read back by poppler must be the
# source's exactly, and the PNG's zlib stream must be in the file as it
# is. An RGBA, an interlaced and a palette PNG are decoded as before; a
# PNG with a bad row filter is refused with a warning.
mkdir -p "$T/flate/page_files"
python3 - "$T/flate" <<'PY'
import struct, sys, zlib

out = sys.argv[1]

def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

def pixel(x, y, w, h, channels):
    if channels == 1:
        return bytes([(x * 255 // (w - 1)) ^ (y & 0x0F)])
    quad = [(220, 30, 40), (20, 160, 60), (30, 60, 200), (250, 250, 245)]
    r, g, b = quad[(x * 2 // w) + 2 * (y * 2 // h)]
    return bytes([r ^ (x & 7), g ^ (y & 7), b])

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def filtered(rows, bpp, bad_row=-1):
    """Each row behind a filter byte, the filter cycling through 0-4."""
    data, prev = b"", bytes(len(rows[0]))
    for y, row in enumerate(rows):
        f = y % 5
        line = bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][f]
            line.append((v - pred) & 0xFF)
        data += bytes([5 if y == bad_row else f]) + bytes(line)
        prev = row
    return data

def png(name, w, h, channels, colour_type, extra=b"", interlace=0,
        bad_row=-1, alpha=False):
    rows = []
    for y in range(h):
        row = b""
        for x in range(w):
            row += pixel(x, y, w, h, channels) + (b"\x80" if alpha else b"")
        rows.append(row)
    bpp = channels + (1 if alpha else 0)
    z = zlib.compress(filtered(rows, bpp, bad_row), 9)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, colour_type, 0, 0, interlace)
    # the zlib stream split over three IDAT chunks
    third = len(z) // 3
    idats = [z[:third], z[third:2 * third], z[2 * third:]]
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra +
            b"".join(chunk(b"IDAT", part) for part in idats) +
            chunk(b"IEND", b""))
    open(f"{out}/page_files/{name}.png", "wb").write(data)
    open(f"{out}/{name}.zlib", "wb").write(z)
    # what poppler should read back: a PPM (pdfimages writes gray as RGB)
    pixels = b"".join(
        bytes(v for i, v in enumerate(r) if not alpha or i % 4 != 3)
        for r in rows)
    if channels == 1:
        pixels = bytes(v for v in pixels for _ in range(3))
    open(f"{out}/{name}.expected", "wb").write(
        b"P6\n%d %d\n255\n" % (w, h) + pixels)

def spoof(name, w, h):
    """An RGB PNG whose zlib stream is stored, not compressed, and whose
    pixels spell the start of newsprint's stand-in for PNG pixels and an
    object of a PDF: the bytes cannot pass for either."""
    fake = (b" 9 0 obj\n<< /Length 12 0 R /Filter /DCTDecode >>\nstream\n"
            b"\xff\xd8\xff\xfe\x00\x30newsprint-flate ")
    rows = []
    for y in range(h):
        row = bytearray(pixel(x, y, w, h, 3)[i] for x in range(w)
                        for i in range(3))
        row[:len(fake)] = fake
        rows.append(bytes(row))
    z = zlib.compress(b"".join(b"\0" + r for r in rows), 0)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    open(f"{out}/page_files/{name}.png", "wb").write(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", z) +
        chunk(b"IEND", b""))
    open(f"{out}/{name}.zlib", "wb").write(z)
    open(f"{out}/{name}.expected", "wb").write(
        b"P6\n%d %d\n255\n" % (w, h) + b"".join(rows))

spoof("spoof", 240, 160)
png("rgb", 320, 200, 3, 2, extra=chunk(b"gAMA", struct.pack(">I", 45455)))
png("gray", 300, 180, 1, 0)
png("rgba", 200, 120, 3, 6, alpha=True)
png("badfilter", 240, 150, 3, 2, bad_row=7)

paras = "".join(
    "<p>The council met on Tuesday to discuss the harbour, the ferry "
    "timetable and the new car park, and agreed to publish the survey "
    "results before the summer, officials said.</p>" for _ in range(3))
figs = "".join(
    f'<figure><img src="page_files/{n}.png" alt="{n}"><figcaption>The {n} '
    f'picture of the harbour</figcaption></figure>{paras}'
    for n in ("rgb", "gray", "rgba", "badfilter", "spoof"))
open(f"{out}/page.html", "w").write(
    '<html lang="en"><head><title>Harbour pictures</title></head><body>'
    f"<article><h1>Harbour pictures</h1>{paras}{figs}</article></body></html>")
PY
np "$T/flate/page.html" -o "$T/flate.pdf" 2>"$T/flate.err"
pdf_ok "PNG pixels as they are" "$T/flate.pdf"
check "PNG pixels: a bad row filter is reported" grep -q "badfilter.png" "$T/flate.err"
check "PNG pixels: nothing else is reported" sh -c "! grep -v badfilter.png '$T/flate.err' | grep -q ."
for n in rgb gray spoof; do
  check "PNG pixels: the $n PNG's zlib stream is in the file as it is" \
    python3 -c 'import sys; sys.exit(open(sys.argv[2], "rb").read() not in open(sys.argv[1], "rb").read())' \
    "$T/flate.pdf" "$T/flate/$n.zlib"
done
check "PNG pixels: the RGBA PNG's are not (decoded, with its mask)" \
  python3 -c 'import sys; sys.exit(open(sys.argv[2], "rb").read() in open(sys.argv[1], "rb").read())' \
  "$T/flate.pdf" "$T/flate/rgba.zlib"
mkdir -p "$T/flate/out"
pdfimages "$T/flate.pdf" "$T/flate/out/im" 2>/dev/null
pdfimages -list "$T/flate.pdf" >"$T/flate/list.txt" 2>/dev/null
check "PNG pixels: five images (the RGBA one with its mask), the refused one left out" \
  test "$(tail -n +3 "$T/flate/list.txt" | wc -l)" -eq 5
for n in rgb gray spoof; do
  check "PNG pixels: the $n picture reads back exactly" sh -c \
    'for f in "$1"/out/im-*; do cmp -s "$f" "$1/$2.expected" && exit 0; done; exit 1' _ "$T/flate" "$n"
done

# A JPEG whose EXIF orientation (6) says the camera was held on its side:
# the drawn cover's JPEG (1200 x 1600) stored with that tag in a saved page.
mkdir -p "$T/turned/page_files"
np -q "$ex/i24news-article.html" -o "$T/turned/source.epub"
python3 - "$T/turned" <<'PY'
import sys, zipfile
out = sys.argv[1]
z = zipfile.ZipFile(f"{out}/source.epub")
jpg = z.read([n for n in z.namelist() if n.endswith("cover.jpg")][0])
exif = (bytes([0xFF, 0xE1, 0, 0x22]) + b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01"
        + b"\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0")
open(f"{out}/page_files/photo.jpg", "wb").write(jpg[:2] + exif + jpg[2:])
paras = "".join(
    "<p>The harbour reopened on Tuesday morning, three days after the storm "
    "that tore boats from their moorings and flooded the fish market.</p>"
    for _ in range(3))
open(f"{out}/page.html", "w").write(
    '<html lang="en"><head><title>Harbour at dawn</title></head><body>'
    f'<article><h1>Harbour at dawn</h1>{paras}<figure><img src="page_files/'
    'photo.jpg" alt="The harbour"><figcaption>The harbour at dawn'
    f'</figcaption></figure>{paras}</article></body></html>')
PY
np -q "$T/turned/page.html" -o "$T/turned.pdf"
pdf_ok "EXIF orientation" "$T/turned.pdf"
check "EXIF orientation: the JPEG is in the PDF as it is" \
  python3 -c 'import sys; sys.exit(open(sys.argv[2], "rb").read() not in open(sys.argv[1], "rb").read())' \
  "$T/turned.pdf" "$T/turned/page_files/photo.jpg"
check "EXIF orientation: the picture is drawn a quarter turned, landscape" python3 - "$T/turned.pdf" <<'PY'
import re, sys, zlib
pdf = open(sys.argv[1], "rb").read()
turned = []
for m in re.finditer(rb"stream\r?\n", pdf):
    try:
        text = zlib.decompressobj().decompress(pdf[m.end():])
    except zlib.error:
        continue
    for a, b, c, d in re.findall(rb"(\S+) (\S+) (\S+) (\S+) \S+ \S+ cm", text):
        if float(a) == 0 and float(d) == 0:
            turned.append((abs(float(c)), abs(float(b))))
# one quarter-turned drawing, wider (the stored height) than high
sys.exit(not (len(turned) == 1 and turned[0][0] > turned[0][1] * 1.3))
PY
np -q "$T/turned/page.html" -o "$T/turned.epub"
check "EXIF orientation: the EPUB's copy is upright (1600 x 1200), without the tag" python3 - "$T/turned.epub" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
pics = [z.read(n) for n in z.namelist() if "/images/img-" in n]
def size(d):
    i = 2
    while d[i + 1] not in (0xC0, 0xC1, 0xC2):
        i += 2 + int.from_bytes(d[i + 2:i + 4], "big")
    return int.from_bytes(d[i + 7:i + 9], "big"), int.from_bytes(d[i + 5:i + 7], "big")
sys.exit(not (len(pics) == 1 and size(pics[0]) == (1600, 1200) and b"Exif" not in pics[0][:64]))
PY

# A long table: its header rows are set again at the top of every page and
# column it runs on, and each body row is set once
mkdir -p "$T/long"
python3 - "$T/long" <<'PY'
import sys
rows = "".join("<tr><td>Stop number %d</td><td>%d riders</td></tr>" % (i, i * 137 % 1000)
               for i in range(1, 151))
page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ridership"
        "</title></head><body><article><h1>Ridership by stop</h1><p>The transit "
        "authority published the ridership of every stop on the line for the past "
        "year, the first count since the line opened.</p><p>Officials said the "
        "figures would guide the timetable changes planned for the spring.</p>"
        "<table>%s<tbody>%s</tbody></table><p>The data set is available on "
        "request, the officials said.</p></article></body></html>")
head = "<thead><tr><th>Stop name</th><th>Yearly riders</th></tr></thead>"
open(sys.argv[1] + "/head.html", "w").write(page % (head, rows))
open(sys.argv[1] + "/bare.html", "w").write(page % ("", rows))
PY
# table_pages PDF WORD: per page, "HEADERS ROWS" (lines with WORD, lines with a body row)
table_pages() {
  local n p
  n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
  for p in $(seq 1 "$n"); do
    pdftotext -f "$p" -l "$p" "$1" - | awk -v w="$2" '$0 ~ w { h++ } /Stop number [0-9]/ { r++ } END { printf "%d %d\n", h, r }'
  done
}
np -q "$T/long/head.html" -o "$T/long/head.pdf"
table_pages "$T/long/head.pdf" "Yearly riders" >"$T/long/head.txt"
check "long table: it runs over 3 pages or more" test "$(wc -l <"$T/long/head.txt")" -ge 3
check "long table: its header row is on every page" sh -c '! grep -qv "^1 " "$1"' _ "$T/long/head.txt"
check "long table: every body row is set once" test "$(awk '{ s += $2 } END { print s }' "$T/long/head.txt")" -eq 150
pdf_ok "long table" "$T/long/head.pdf"
np -q --style newspaper "$T/long/head.html" -o "$T/long/columns.pdf"
table_pages "$T/long/columns.pdf" "Yearly riders" >"$T/long/columns.txt"
check "long table, two columns: the header at the top of each column" sh -c '! grep -qv "^2 " "$1"' _ "$T/long/columns.txt"
check "long table, two columns: every body row is set once" test "$(awk '{ s += $2 } END { print s }' "$T/long/columns.txt")" -eq 150
np -q "$T/long/bare.html" -o "$T/long/bare.pdf"
table_pages "$T/long/bare.pdf" "Stop number 1$" >"$T/long/bare.txt"
check "long table without a header: nothing is repeated" test "$(awk '{ s += $1 } END { print s }' "$T/long/bare.txt")" -eq 1
check "long table without a header: every row is set once" test "$(awk '{ s += $2 } END { print s }' "$T/long/bare.txt")" -eq 150
