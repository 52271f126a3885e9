# epub.sh: EPUB output checked with EPUBCheck (0 errors, 0 warnings) on every
# example and on a digest of 36 corpus pages, and from the outside with
# Python's zipfile: entry order, stored mimetype, identifier stability,
# duplicates, folders, covers, skipped inputs, right to left.
. "$NP_TESTS/lib.sh"
T=$NP_TMP
ex=$NP_TESTS/../examples
golden=$NP_TESTS/golden
corpus=$NP_SHARED/corpus/readability
# Debian's /usr/bin/epubcheck is a bare jar (binfmt_misc runs it on some
# machines only), so run the jar with java.
EPUBCHECK_JAR=/usr/share/java/epubcheck.jar
if [ ! -f "$EPUBCHECK_JAR" ] || ! command -v java >/dev/null; then
  not_ok "epubcheck and java are installed (make check installs the Debian package)"
  exit 0
fi
epubcheck() { java -jar "$EPUBCHECK_JAR" "$@"; }

# epubcheck_ok NAME FILE: EPUBCheck finds no error and no warning.
epubcheck_ok() {
  epubcheck -q "$2" >"$T/epubcheck.txt" 2>&1
  local rc=$?
  if [ "$rc" -eq 0 ] && ! grep -q -E '^(ERROR|WARNING|FATAL)' "$T/epubcheck.txt"; then
    ok "$1: EPUBCheck passes with no error and no warning"
  else
    not_ok "$1: EPUBCheck: $(grep -E '^(ERROR|WARNING|FATAL)' "$T/epubcheck.txt" | head -n 5 | tr '\n' ' ')"
  fi
}

# zip_check NAME FILE PYTHON: runs PYTHON with z (zipfile) and opf (text).
zip_check() {
  check "$1" python3 - "$2" "$3" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
container = z.read("META-INF/container.xml").decode()
opf_path = re.search(r'full-path="([^"]+)"', container).group(1)
opf = z.read(opf_path).decode()
exec(sys.argv[2])
PY
}

for page in "$ex"/*.html "$ex"/*.mhtml; do
  name=$(basename "$page" .html)
  np -q "$page" -o "$T/$name.epub"
  check "$name: converts to EPUB" test -s "$T/$name.epub"
  epubcheck_ok "$name" "$T/$name.epub"
done

f=$T/i24news-article.epub
zip_check "mimetype is the first entry, stored, exact" "$f" '
i = z.infolist()[0]
assert i.filename == "mimetype" and i.compress_type == zipfile.ZIP_STORED
assert z.read("mimetype") == b"application/epub+zip"'
zip_check "compressed images are stored, text is deflated; the cover is a JPEG" "$f" '
infos = z.infolist()
images = [i for i in infos if re.search(r"\.(jpe?g|png|gif|webp)$", i.filename)]
texts = [i for i in infos if re.search(r"\.(xhtml|opf|css|ncx|xml)$", i.filename)]
assert len(images) >= 2 and texts, names
assert all(i.compress_type == zipfile.ZIP_STORED for i in images), images
assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in texts), texts
cover = re.search(r"<item [^>]*properties=\"cover-image\"[^>]*>", opf).group(0)
assert "media-type=\"image/jpeg\"" in cover, cover
href = re.search(r"href=\"([^\"]+)\"", cover).group(1)
assert z.read(opf_path.rsplit("/", 1)[0] + "/" + href)[:3] == b"\xff\xd8\xff"'
zip_check "the package names the article, its author, language and source" "$f" '
assert "Israel held secret talks" in opf
assert re.search(r"<dc:creator[^>]*>i24NEWS</dc:creator>", opf)
assert re.search(r"<dc:language>en</dc:language>", opf)
assert "i24news.tv" in opf
assert re.search(r"<dc:identifier[^>]*>urn:uuid:[0-9a-f-]{36}</dc:identifier>", opf)
assert "dcterms:modified" in opf'
zip_check "a navigation document and an NCX" "$f" '
assert any(n.endswith("nav.xhtml") for n in names)
assert any(n.endswith(".ncx") for n in names)
assert "properties=\"nav\"" in opf'
zip_check "the style sheet styles the chapters' masthead line" "$f" '
css = z.read([n for n in names if n.endswith(".css")][0]).decode()
chapter = z.read([n for n in names if "chapter" in n][0]).decode()
assert "class=\"masthead\"" in chapter
assert re.search(r"(^|\n)\.masthead \{", css), css[:300]'
zip_check "a cover image" "$f" '
assert "cover-image" in opf'
zip_check "no script and no remote image in any chapter" "$f" '
for n in names:
    if n.endswith(".xhtml"):
        t = z.read(n).decode()
        assert "<script" not in t, n
        assert not re.search(r"<img[^>]+src=\"https?:", t), n'

np -q "$ex/i24news-article.html" -o "$T/again.epub"
check "the same input gives the same EPUB bytes" cmp -s "$f" "$T/again.epub"
id1=$(unzip -p "$f" '*.opf' | grep -o 'urn:uuid:[0-9a-f-]*' | head -n 1)
SOURCE_DATE_EPOCH=1600000000 np -q "$ex/i24news-article.html" -o "$T/later.epub"
id2=$(unzip -p "$T/later.epub" '*.opf' | grep -o 'urn:uuid:[0-9a-f-]*' | head -n 1)
check "the identifier is stable across runs and dates" test -n "$id1" -a "$id1" = "$id2"

np -q "$ex/rtl-hebrew-article.html" -o "$T/he.epub"
zip_check "right to left: page-progression-direction rtl" "$T/he.epub" '
assert "page-progression-direction=\"rtl\"" in opf'

# a digest of three golden pages plus a duplicate: one dropped, named
cp "$golden/wordpress.html" "$T/copy-of-wordpress.html"
cp -r "$golden/wordpress_files" "$T/copy-of-wordpress_files"
np "$golden/wordpress.html" "$golden/amp.html" "$golden/figure-credits.html" \
  "$T/copy-of-wordpress.html" -o "$T/digest.epub" 2>"$T/digest.err"
rc=$?
check "a digest with a duplicate exits 0" test "$rc" -eq 0
check "the duplicate is named on stderr" grep -q "copy-of-wordpress.html: duplicate dropped" "$T/digest.err"
epubcheck_ok "digest" "$T/digest.epub"
zip_check "the digest has one chapter per distinct article, by date" "$T/digest.epub" '
spine = re.findall(r"<itemref idref=\"([^\"]+)\"", opf)
chapters = [n for n in names if re.search(r"chapter", n)]
assert len(chapters) == 3, chapters
titles = [re.search(r"<title>([^<]*)</title>", z.read(c).decode()).group(1) for c in sorted(chapters)]
assert titles.index("Flood defences hold as River Lune peaks at record level") < titles.index("Council approves new ferry terminal after two-year consultation") < titles.index("Covered market reopens after three-year restoration"), titles'
zip_check "the digest title names its date range" "$T/digest.epub" '
assert re.search(r"<dc:title[^>]*>News digest, 2023-11-21 \u2013 2024-05-02</dc:title>", opf), opf[:2000]'

# a folder as input; a failing input is reported and skipped
mkdir -p "$T/folder"
cp "$ex/i24news-article.html" "$T/folder/"
cp -r "$ex/i24news-article_files" "$T/folder/"
cp "$ex/single-file.html" "$T/folder/"
printf '<html><body><nav><a href="/">Home</a></nav></body></html>' >"$T/folder/empty.html"
np -q "$T/folder" -o "$T/folder.epub" 2>"$T/folder.err"
rc=$?
check "a folder with a page without content exits 3" test "$rc" -eq 3
check "the skipped page is named" grep -q "empty.html: no article content found" "$T/folder.err"
zip_check "the folder's two articles are in the EPUB" "$T/folder.epub" '
assert len([n for n in names if re.search(r"chapter", n)]) == 2'
expect_exit "a missing folder fails with 1" 1 "$T/nothing-here" -o "$T/x.epub"
mkdir -p "$T/nothing-here"
expect_exit "a folder without pages fails with 1" 1 "$T/nothing-here" -o "$T/x.epub"
check "the folder error says why" grep -q "no saved pages" "$NP_TMP/err"

# options
np -q --title "My week" --author "A Reader" --lang en-GB --group-by none \
  "$golden/wordpress.html" "$golden/amp.html" -o "$T/opts.epub"
zip_check "--title, --author and --lang reach the package" "$T/opts.epub" '
assert re.search(r"<dc:title[^>]*>My week</dc:title>", opf)
assert re.search(r"<dc:creator[^>]*>A Reader</dc:creator>", opf)
assert "<dc:language>en-GB</dc:language>" in opf'
expect_exit "an unknown --group-by is a usage error" 2 --group-by topic "$golden/amp.html" -o "$T/x.epub"
python3 -c 'import base64,sys; open(sys.argv[1],"wb").write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAbAwH/6H4HFQAAAABJRU5ErkJggg=="))' "$T/cover.png"
np -q --cover "$T/cover.png" "$golden/amp.html" -o "$T/cover.epub"
epubcheck_ok "own cover" "$T/cover.epub"
zip_check "--cover puts the reader's image in" "$T/cover.epub" '
covers = [n for n in names if "cover" in n and n.endswith(".png")]
assert covers and z.read(covers[0]) == open(sys.argv[1].replace("cover.epub", "cover.png"), "rb").read()'
echo "not an image" >"$T/cover.txt"
expect_exit "a --cover that is not an image fails with 1" 1 --cover "$T/cover.txt" "$golden/amp.html" -o "$T/x.epub"
np -q --grayscale "$golden/figure-credits.html" -o "$T/gray.epub"
epubcheck_ok "grayscale" "$T/gray.epub"

# a digest of 36 corpus pages
pages=()
for p in aclu ars-1 bbc-1 blogger breitbart buzzfeed-1 citylab-1 cnet cnn \
  daringfireball-1 ehow-1 engadget folha guardian-1 heise herald-sun-1 \
  lemonde-1 liberation-1 lwn-1 medium-1 mozilla-1 nytimes-1 nytimes-2 qq \
  rtl-1 salon-1 seattletimes-1 telegraph theverge tmz-1 wapo-1 wikipedia \
  wordpress yahoo-1 youth gmw; do
  pages+=("$corpus/$p/source.html")
done
np -q "${pages[@]}" -o "$T/corpus.epub"
rc=$?
check "36 corpus pages make one EPUB" test "$rc" -eq 0 -a -s "$T/corpus.epub"
epubcheck_ok "corpus digest" "$T/corpus.epub"
