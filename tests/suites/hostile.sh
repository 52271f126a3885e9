# hostile.sh: hostile inputs (issue 5): every input ends in a good output or
# a clear error naming the file and the reason, in bounded time and memory,
# without reading outside the page's folder or leaving a broken file.
#
# tests/hostile/gen.py writes the corpus and its manifest (one conversion a
# line: the expected exit code, standard error and output checks) into a
# temporary folder; the limits of the code are read from the headers, so the
# cases that cross them follow the code. This suite runs every conversion
# under `timeout` and /usr/bin/time, checks it, and adds what a manifest
# cannot say: linear time (2,000 vs 20,000 paragraphs), unwritable and full
# outputs, signals in the middle of a long digest. Under valgrind (NP_RUN
# set) the heavy cases and the timing ratios are skipped. Set
# NP_HOSTILE_KEEP=DIR to keep the corpus and the outputs in DIR.
. "$NP_TESTS/lib.sh"
T=${NP_HOSTILE_KEEP:-$NP_TMP/hostile}
rm -rf "$T"
mkdir -p "$T"
src=$NP_TESTS/../src
C=$T/corpus

# limit NAME HEADER: the value of a #define (an integer expression,
# (size_t) casts dropped), or nothing when the header does not define it.
limit() {
  local expr
  expr=$(sed -n "s|^#define $1 \([^/]*\).*|\1|p" "$src/$2" | sed 's/(size_t)//g')
  [ -n "$expr" ] && echo $((expr))
}
limits=()
for spec in NP_IMPORT_MAX_BYTES:import.h NP_HTML_MAX_DEPTH:import.c \
  NP_IMAGE_MAX_PIXELS:image.h NP_IMAGE_MAX_BYTES:image.h \
  NP_DATA_URI_MAX:resource.h NP_LAYOUT_MAX_PAGES:layout.h \
  NP_LAYOUT_MAX_TEXT:layout.h NP_LAYOUT_MAX_IMAGE_MEMORY:layout.h; do
  value=$(limit "${spec%%:*}" "${spec#*:}")
  if [ -n "$value" ]; then
    limits+=("${spec%%:*}=$value")
  else
    not_ok "limit ${spec%%:*} is defined in src/${spec#*:}"
  fi
done
if ! python3 "$NP_TESTS/hostile/gen.py" "$C" "${limits[@]}" 2>"$T/gen.err"; then
  not_ok "gen.py writes the corpus: $(head -c 300 "$T/gen.err")"
  exit 0
fi

valgrind=0
[ -n "${NP_RUN:-}" ] && valgrind=1
# AddressSanitizer (shadow memory, quarantine, slower code) and valgrind:
# larger bounds of memory and time
mem_factor=1
time_factor=1
if ldd "$NP_BIN" 2>/dev/null | grep -q libasan; then
  mem_factor=3
  time_factor=3
fi
if [ "$valgrind" = 1 ]; then
  mem_factor=4
  time_factor=20
fi
strace_ok=0
if [ "$valgrind" = 0 ] && [ "$mem_factor" = 1 ] && command -v strace >/dev/null &&
  strace -f -qq -o /dev/null true 2>/dev/null; then
  strace_ok=1
fi
export NP_HOSTILE_MEM_FACTOR=$mem_factor NP_HOSTILE_VALGRIND=$valgrind

# run_one ID TIMEOUT OUTDIR TRACE ARGS...: runs newsprint ARGS under
# timeout and /usr/bin/time (and strace when TRACE is a file name); writes
# the exit code, seconds and peak kilobytes to $T/run/ID.{rc,time,err}.
run_one() {
  local id=$1 tmo=$2 trace=$4 start end
  shift 4
  local -a wrap=()
  [ -n "$trace" ] && wrap=(strace -f -qq -e trace=open,openat,openat2 -o "$trace")
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$T/run/$id.kb" \
    timeout -k 5 "$tmo" "${wrap[@]}" $NP_RUN "$NP_BIN" "$@" \
    >"$T/run/$id.out" 2>"$T/run/$id.err"
  echo $? >"$T/run/$id.rc"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000)) >"$T/run/$id.ms"
}

# every conversion of the manifest
mkdir -p "$T/run" "$T/out"
suite_start=$(date +%s)
: >"$T/results.tsv"
while IFS=$'\t' read -r name fmt code stderr checks weight tmo args inputs; do
  id=$name.$fmt
  if [ "$valgrind" = 1 ] && [ "$weight" = heavy ]; then
    echo "ok - $id # skip under valgrind"
    continue
  fi
  outdir=$T/out/$id
  mkdir -p "$outdir"
  IFS='|' read -r -a rel <<<"$inputs"
  abs=()
  for r in "${rel[@]}"; do abs+=("$C/$r"); done
  extra=()
  [ "$args" != - ] && read -r -a extra <<<"$args"
  trace=
  case ",$checks," in *,canary,*) [ "$strace_ok" = 1 ] && trace=$T/run/$id.trace ;; esac
  run_one "$id" "$((tmo * time_factor))" "$outdir" "$trace" "${extra[@]}" "${abs[@]}" \
    -o "$outdir/out.$fmt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$fmt" "$code" \
    "$stderr" "$checks" "$((tmo * time_factor))" "$outdir" "$trace" \
    "$(IFS='|'; echo "${abs[*]}")" >>"$T/results.tsv"
done <"$C/manifest.tsv"

# the timing ratio: the 2,000-paragraph page again (the fastest of three
# runs counts), then 20,000 / 2,000 paragraphs in the same run must grow
# about linearly (10; quadratic would be 100)
if [ "$valgrind" = 0 ]; then
  for fmt in json epub pdf; do
    for i in 1 2; do
      mkdir -p "$T/out/ratio$i.$fmt"
      run_one "paras_2000.$fmt.$i" 120 "" "" "$C/pages/paras_2000.html" \
        -o "$T/out/ratio$i.$fmt/out.$fmt"
    done
  done
fi

# checks every conversion and prints the TAP lines
python3 - "$T" "$C" <<'PY'
import json, os, re, subprocess, sys, unicodedata, zipfile, base64, struct
T, C = sys.argv[1], sys.argv[2]
CANARY = "np-hostile-canary-3f9c1e"
SECRET = os.path.join(C, "secret")
MEM_KB = 1536 * 1024 * int(os.environ["NP_HOSTILE_MEM_FACTOR"])
BIDI_OPEN = {"\u202a": "e", "\u202b": "e", "\u202d": "e", "\u202e": "e",
             "\u2066": "i", "\u2067": "i", "\u2068": "i"}
BIDI_CLOSE = {"\u202c": "e", "\u2069": "i"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td",
          "th", "caption", "figcaption", "pre", "blockquote", "div", "body",
          "section", "article", "header", "footer", "nav", "ol", "ul",
          "table", "tr", "figure", "aside", "title"}
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(T, "results.tsv"),
                                                 encoding="utf-8")]
mem_table = []

def read(p):
    with open(p, "rb") as f:
        return f.read()

def run(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

def xml_parse(data, what):
    import xml.dom.minidom
    try:
        return xml.dom.minidom.parseString(data)
    except Exception as e:
        raise AssertionError("%s is not well-formed XML: %s" % (what, e))

def epub_entries(path):
    z = zipfile.ZipFile(path)
    if z.testzip() is not None:
        raise AssertionError("a damaged zip entry")
    return {n: z.read(n) for n in z.namelist()}

def text_of(node):
    """The text of a DOM node, image alt texts included."""
    out = []
    def walk(n):
        if n.nodeType == n.TEXT_NODE:
            out.append(n.data)
        elif n.nodeType == n.ELEMENT_NODE:
            if n.tagName == "img":
                out.append(" " + n.getAttribute("alt") + " ")
            for ch in n.childNodes:
                walk(ch)
    walk(node)
    return "".join(out)

def bidi_problems(doc, what):
    """Explicit bidi controls of every block of an XHTML DOM must nest and
    close inside the block; returns the first problem or None."""
    problems = []
    def walk(el):
        # the block's own text: child blocks are checked on their own
        own = []
        def inline(n):
            for ch in n.childNodes:
                if ch.nodeType == ch.TEXT_NODE:
                    own.append(ch.data)
                elif ch.nodeType == ch.ELEMENT_NODE:
                    if ch.tagName in BLOCKS:
                        own.append("\u2029")
                        walk(ch)
                    else:
                        inline(ch)
        inline(el)
        for para in "".join(own).split("\u2029"):
            stack = []
            for ch in para:
                if ch in BIDI_OPEN:
                    stack.append(BIDI_OPEN[ch])
                elif ch in BIDI_CLOSE:
                    if not stack or stack[-1] != BIDI_CLOSE[ch]:
                        problems.append("%s: <%s> closes U+%04X unopened in %r"
                                        % (what, el.tagName, ord(ch), para[:60]))
                        return
                    stack.pop()
            if stack:
                problems.append("%s: <%s> leaves %d explicit bidi controls "
                                "open in %r" % (what, el.tagName, len(stack),
                                                para[:60]))
    walk(doc.documentElement)
    return problems[0] if problems else None

def norm(s):
    s = unicodedata.normalize("NFKC", s).replace("\u00ad", "")
    s = re.sub(r"-\n(?=\w)", "", s)
    return re.sub(r"\s+", " ", s)

def output_text(fmt, path, data):
    if fmt == "json":
        d = json.loads(data.decode("utf-8"))
        docs = d if isinstance(d, list) else [d]
        parts = []
        for doc in docs:
            parts.append(doc.get("title") or "")
            parts.append(doc.get("text") or "")
            for im in doc.get("images", []):
                parts += [im.get("alt") or "", im.get("caption") or ""]
        return norm("\n".join(parts))
    if fmt == "pdf":
        r = run("pdftotext", "-enc", "UTF-8", path, "-")
        return norm(r.stdout.decode("utf-8", "replace"))
    if fmt == "epub":
        parts = []
        for n, b in sorted(epub_entries(path).items()):
            if n.endswith(".xhtml"):
                parts.append(text_of(xml_parse(b, n).documentElement))
        return norm("\n".join(parts))
    if fmt == "html":
        return norm(text_of(xml_parse(data, "the XHTML").documentElement))
    return norm(data.decode("utf-8", "replace"))

def validate(fmt, path, data):
    if fmt == "pdf":
        if not data.startswith(b"%PDF-"):
            raise AssertionError("no %PDF- header")
        r = run("qpdf", "--check", path)
        if r.returncode != 0:
            raise AssertionError("qpdf --check: " +
                                 r.stdout.decode()[-200:] + r.stderr.decode()[-200:])
    elif fmt == "epub":
        r = run("unzip", "-tqq", path)
        if r.returncode != 0:
            raise AssertionError("unzip -t: " + r.stdout.decode()[-200:])
        entries = epub_entries(path)
        if list(entries)[0] != "mimetype":
            raise AssertionError("mimetype is not the first entry")
        for n, b in entries.items():
            if n.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                xml_parse(b, n)
    elif fmt == "json":
        json.loads(data.decode("utf-8"))
    elif fmt == "html":
        xml_parse(data, "the XHTML")
    else:
        data.decode("utf-8")

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
                      "\ufffe\uffff]")

def check_utf8(fmt, path, data):
    """Strict UTF-8, and no control character, lone surrogate or
    noncharacter in the text of the output."""
    if fmt == "pdf":
        return
    texts = []
    if fmt == "epub":
        texts = [b.decode("utf-8") for n, b in epub_entries(path).items()
                 if n.endswith((".xhtml", ".opf", ".ncx"))]
    elif fmt == "json":
        s = data.decode("utf-8")
        if re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", s):
            raise AssertionError("an escaped lone surrogate")
        def strings(v):
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, list):
                for x in v:
                    strings(x)
            elif isinstance(v, dict):
                for x in v.values():
                    strings(x)
        strings(json.loads(s))
    else:
        texts = [data.decode("utf-8")]
    for t in texts:
        bad = CONTROLS.search(t)
        if bad:
            raise AssertionError("character U+%04X in the output: %r" % (
                ord(bad.group()), t[max(0, bad.start() - 30):bad.start() + 10]))

def data_uris(b):
    out = []
    for m in re.finditer(rb"data:[^,\"'\s]*;base64,([A-Za-z0-9+/=]+)", b):
        try:
            out.append(base64.b64decode(m.group(1)))
        except Exception:
            pass
    return out

def check_canary(fmt, path, data, trace, inputs):
    blobs = [data]
    if fmt == "epub":
        blobs += list(epub_entries(path).values())
    blobs += [d for b in list(blobs) for d in data_uris(b)]
    if fmt == "pdf":
        blobs.append(run("pdftotext", path, "-").stdout)
    for b in blobs:
        if CANARY.encode() in b:
            raise AssertionError("the canary from outside the page's folder "
                                 "is in the output")
        if b"root:x:0:0" in b:
            raise AssertionError("/etc/passwd is in the output")
    if trace:
        for line in open(trace, encoding="utf-8", errors="replace"):
            m = re.search(r'open(?:at2?)?\((?:[^,]*, )?"([^"]*)"', line)
            if not m:
                continue
            p = m.group(1)
            if p.startswith(SECRET) or "secret/canary" in p or \
                    p in ("/etc/passwd", "/etc/hostname"):
                raise AssertionError("opened a file outside the page's "
                                     "folder: " + line.strip()[:200])

def image_sizes(entries):
    out = []
    for n, b in entries.items():
        if b.startswith(b"\x89PNG"):
            out.append((n,) + struct.unpack(">II", b[16:24]))
        elif b.startswith(b"\xff\xd8"):
            i = 2
            while i + 9 < len(b):
                if b[i] != 0xFF:
                    i += 1
                    continue
                marker = b[i + 1]
                if marker in (0xC0, 0xC1, 0xC2):
                    h, w = struct.unpack(">HH", b[i + 5:i + 9])
                    out.append((n, w, h))
                    break
                i += 2 + struct.unpack(">H", b[i + 2:i + 4])[0]
    return out

def pdf_pages(path):
    r = run("pdfinfo", path)
    m = re.search(rb"Pages:\s+(\d+)", r.stdout)
    return int(m.group(1)) if m else -1

def check_row(row):
    (cid, fmt, code, stderr_re, checks, tmo, outdir, trace, inputs) = row
    inputs = inputs.split("|")
    out = os.path.join(outdir, "out." + fmt)
    rc = int(open(os.path.join(T, "run", cid + ".rc")).read())
    kb = int(open(os.path.join(T, "run", cid + ".kb")).read().split()[-1] or 0) \
        if os.path.getsize(os.path.join(T, "run", cid + ".kb")) else 0
    ms = int(open(os.path.join(T, "run", cid + ".ms")).read())
    err = read(os.path.join(T, "run", cid + ".err")).decode("utf-8", "replace")
    if os.environ["NP_HOSTILE_VALGRIND"] == "1":
        # valgrind's own report (its errors make the exit code 99)
        err = "".join(l for l in err.splitlines(True)
                      if not re.match(r"==\d+==", l))
    mem_table.append((cid, kb, ms, rc))
    if rc in (124, 137):
        raise AssertionError("hung: killed after %s s" % tmo)
    if rc >= 128 or rc in (99,):
        raise AssertionError("crashed or valgrind error (exit %d): %s"
                             % (rc, err[-300:]))
    if rc != int(code):
        raise AssertionError("exit %d, wanted %s: %s" % (rc, code, err[:300]))
    if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|==\d+==", err):
        raise AssertionError("sanitizer report: " + err[:300])
    lines = [l for l in err.split("\n") if l]
    names = inputs + [out]
    for l in lines:
        if not any(l.startswith("newsprint: %s: " % n) for n in names):
            raise AssertionError("a message without the file name: %r" % l[:200])
    if stderr_re == "-":
        if err:
            raise AssertionError("unexpected messages: " + err[:300])
    else:
        pat = stderr_re.replace("{in}", re.escape(inputs[0])).replace(
            "{out}", re.escape(out))
        if not re.search(pat, err):
            raise AssertionError("no message matching %r: %s" % (stderr_re, err[:300]))
    if kb > MEM_KB:
        raise AssertionError("peak memory %d MB over %d MB" % (kb // 1024, MEM_KB // 1024))
    left = sorted(n for n in os.listdir(outdir) if n != "out." + fmt)
    if left:
        raise AssertionError("files left beside the output: %s" % left)
    checks = [] if checks == "-" else checks.split(",")
    if "none" in checks:
        if os.path.lexists(out):
            raise AssertionError("an output file was left after a failure")
        return
    if not os.path.isfile(out) or os.path.getsize(out) == 0:
        raise AssertionError("no output file")
    data = read(out)
    for c in checks:
        key, _, arg = c.partition("=")
        m = re.match(r"pages([<>]=)(\d+)$", c)
        if c == "valid":
            validate(fmt, out, data)
        elif c == "utf8":
            check_utf8(fmt, out, data)
        elif c == "canary":
            check_canary(fmt, out, data, trace, inputs)
        elif c == "bidi":
            docs = []
            if fmt == "epub":
                docs = [(n, b) for n, b in epub_entries(out).items()
                        if n.endswith(".xhtml")]
            else:
                docs = [("the XHTML", data)]
            for n, b in docs:
                p = bidi_problems(xml_parse(b, n), n)
                if p:
                    raise AssertionError(p)
        elif key == "text":
            if norm(arg) not in output_text(fmt, out, data):
                raise AssertionError("the output lacks %r" % arg)
        elif key == "notext":
            if norm(arg) in output_text(fmt, out, data):
                raise AssertionError("the output holds %r" % arg)
        elif key == "images":
            d = json.loads(data)
            got = "/".join(i["status"] or "null" for i in d["images"])
            if got != arg:
                raise AssertionError("image statuses %s, wanted %s" % (got, arg))
        elif key == "maxpx":
            for n, w, h in image_sizes(epub_entries(out)):
                if max(w, h) > int(arg):
                    raise AssertionError("%s is %dx%d, over %s" % (n, w, h, arg))
        elif m:
            pages = pdf_pages(out)
            if (m.group(1) == "<=" and pages > int(m.group(2))) or \
               (m.group(1) == ">=" and pages < int(m.group(2))):
                raise AssertionError("%d pages, wanted %s" % (pages, c[5:]))
        else:
            raise AssertionError("unknown check " + c)

for row in rows:
    try:
        check_row(row)
        print("ok - %s" % row[0])
    except AssertionError as e:
        print("not ok - %s: %s" % (row[0], str(e).replace("\n", " ")))
    except Exception as e:
        print("not ok - %s: checking failed: %s" % (row[0], repr(e)[:300]))

# linear time: 20,000 paragraphs against the fastest of three runs of 2,000
def ms(cid):
    p = os.path.join(T, "run", cid + ".ms")
    return int(open(p).read()) if os.path.exists(p) else None
for fmt in ("json", "epub", "pdf"):
    big = ms("paras_20000." + fmt)
    small = [t for t in (ms("paras_2000." + fmt), ms("paras_2000.%s.1" % fmt),
                         ms("paras_2000.%s.2" % fmt)) if t is not None]
    if big is None or len(small) < 3:
        continue
    ratio = big / max(min(small), 1)
    line = "time grows linearly to %s: 20,000 paragraphs take %.1f times " \
           "as long as 2,000 (%d ms / %d ms; wanted under 20)" % (
               fmt, ratio, big, min(small))
    print(("ok - " if ratio < 20 else "not ok - ") + line)

with open(os.path.join(T, "memory.txt"), "w") as f:
    for cid, kb, t, rc in sorted(mem_table, key=lambda r: -r[1]):
        f.write("%-28s %8d KB %8d ms exit %d\n" % (cid, kb, t, rc))
PY

# ---- outputs that cannot be written -----------------------------------
page=$C/pages/ordinary.html
O=$T/outputs
mkdir -p "$O"
echo "not a folder" >"$O/afile.txt"
for fmt in json pdf epub; do
  expect_exit "$fmt: an output under a regular file fails with 1" 1 \
    "$page" -o "$O/afile.txt/out.$fmt"
  check "$fmt: the error names the output and says why" \
    grep -q "^newsprint: $O/afile.txt/out.$fmt: cannot write: Not a directory" "$NP_TMP/err"
  mkdir -p "$O/adir.$fmt"
  expect_exit "$fmt: an output path that is a folder fails with 1" 1 \
    "$page" -o "$O/adir.$fmt"
  check "$fmt: the folder error names the output" \
    grep -q "^newsprint: $O/adir.$fmt: cannot write: Is a directory" "$NP_TMP/err"
  check "$fmt: the folder stays empty and nothing is left beside it" \
    test -z "$(ls -A "$O/adir.$fmt")$(ls -A "$O" | grep 'np-')"
done
check "the regular file in the way is untouched" grep -qx "not a folder" "$O/afile.txt"
if [ "$(id -u)" = 0 ]; then
  echo "ok - an unwritable folder fails with 1 # skip running as root"
else
  mkdir -p "$O/ro"
  chmod 555 "$O/ro"
  expect_exit "an unwritable folder fails with 1" 1 "$page" -o "$O/ro/out.pdf"
  check "the unwritable folder error names the output" \
    grep -q "^newsprint: $O/ro/out.pdf: cannot write: Permission denied" "$NP_TMP/err"
  check "nothing is left in the unwritable folder" test -z "$(ls -A "$O/ro")"
  chmod 755 "$O/ro"
fi

# a full disk: the file size limit (in KB) stops the write half-way
for fmt in pdf epub json; do
  mkdir -p "$O/full.$fmt"
  echo "the earlier $fmt" >"$O/full.$fmt/out.$fmt"
  before=$(sha256sum <"$O/full.$fmt/out.$fmt")
  (
    ulimit -f 8
    np --to "$fmt" "$C/pages/paras_2000.html" -o "$O/full.$fmt/out.$fmt" \
      2>"$O/full.$fmt.err"
    echo $? >"$O/full.$fmt.rc"
  )
  check "$fmt: a full disk fails with 1" test "$(cat "$O/full.$fmt.rc")" = 1
  check "$fmt: the full disk error names the output" \
    grep -q "^newsprint: $O/full.$fmt/out.$fmt: cannot write: File too large" "$O/full.$fmt.err"
  check "$fmt: a full disk leaves the earlier file untouched and no temporary file" \
    test "$(sha256sum <"$O/full.$fmt/out.$fmt")" = "$before" -a \
    "$(ls -A "$O/full.$fmt")" = "out.$fmt"
done

# standard input over the input limit
max=$(limit NP_IMPORT_MAX_BYTES import.h)
np --to json - -o "$O/stdin.json" <"$C/pages/limit_input_over.html" 2>"$O/stdin.err"
rc=$?
check "standard input over NP_IMPORT_MAX_BYTES fails with 1" test "$rc" = 1
check "the standard input error names it and the limit" \
  grep -q "^newsprint: standard input: larger than the limit of $max bytes" "$O/stdin.err"
check "standard input over the limit leaves no output" test ! -e "$O/stdin.json"

# ---- signals in the middle of a long digest ---------------------------
# 200 articles; the conversion must still run when the signal comes, and
# the earlier file at the output path stays as it was, with nothing beside
for fmt in epub pdf; do
  for sig in INT TERM; do
    d=$O/sig-$fmt-$sig
    mkdir -p "$d"
    echo "the earlier $fmt, $sig" >"$d/week.$fmt"
    before=$(sha256sum <"$d/week.$fmt")
    # a background job ignores SIGINT unless told otherwise
    env --default-signal=INT,TERM $NP_RUN "$NP_BIN" -q "$C"/digest/*.html \
      -o "$d/week.$fmt" 2>"$d.err" &
    pid=$!
    sleep 0.4
    running=0
    kill -0 "$pid" 2>/dev/null && running=1
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    check "$fmt: the digest is still running after 0.4 s (else the test proves nothing)" \
      test "$running" = 1
    check "$fmt: SIG$sig ends the conversion by the signal (exit $rc)" \
      test "$rc" -ge 128
    check "$fmt: SIG$sig leaves the earlier file untouched" \
      test "$(sha256sum <"$d/week.$fmt")" = "$before"
    check "$fmt: SIG$sig leaves no temporary file" \
      test "$(ls -A "$d")" = "week.$fmt"
  done
done
# the signal during the final write: poll for the temporary file, then
# send the signal at once
if [ "$valgrind" = 0 ]; then
  for fmt in pdf epub; do
    d=$O/sig-write-$fmt
    mkdir -p "$d"
    echo "the earlier $fmt" >"$d/week.$fmt"
    before=$(sha256sum <"$d/week.$fmt")
    "$NP_BIN" -q "$C"/digest/*.html -o "$d/week.$fmt" 2>/dev/null &
    pid=$!
    caught=0
    while kill -0 "$pid" 2>/dev/null; do
      for f in "$d"/week."$fmt".np-*; do
        if [ -e "$f" ]; then
          kill -s TERM "$pid" 2>/dev/null
          caught=1
          break 2
        fi
      done
    done
    wait "$pid"
    rc=$?
    if [ "$caught" = 1 ] && [ "$rc" -ge 128 ]; then
      check "$fmt: SIGTERM during the write leaves the earlier file untouched" \
        test "$(sha256sum <"$d/week.$fmt")" = "$before"
      check "$fmt: SIGTERM during the write removes the temporary file" \
        test "$(ls -A "$d")" = "week.$fmt"
    else
      echo "ok - $fmt: SIGTERM during the write # skip the write was too quick to catch"
    fi
  done
fi

suite_end=$(date +%s)
echo "# hostile: $((suite_end - suite_start)) s; peak memory by case in $T/memory.txt:"
head -n 5 "$T/memory.txt" 2>/dev/null | sed 's/^/#   /'
