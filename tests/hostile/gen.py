#!/usr/bin/env python3
"""gen.py: writes newsprint's hostile-input corpus into a folder.

    python3 gen.py DIR [NAME=VALUE ...]

DIR receives the pages (DIR/pages, one folder with every page and its
NAME_files/), the files outside it that no conversion may read (DIR/secret,
holding a unique canary string), the long digest (DIR/digest) and
DIR/manifest.tsv, which tests/suites/hostile.sh runs. NAME=VALUE gives the
value of a limit of the code (read by the suite from the headers); the
cases that cross a limit (and stay just under it) are written only for the
limits given. Python 3 standard library only; the same arguments give the
same bytes.

manifest.tsv has one conversion per line, tab-separated:

    case  format  exit  stderr  checks  weight  timeout  args  inputs

format is json, pdf, epub, html or txt (also the output's extension); exit
the expected exit code; stderr a Python regular expression the standard
error must match (search), where {in} stands for the first input's path
and {out} for the output's, or "-" for an empty standard error; checks a
comma-separated list (see the suite); weight "light" or "heavy" (skipped
under valgrind; every case whose inputs pass 1 MB is heavy); timeout in seconds; args extra options separated by
spaces, or "-"; inputs the input paths relative to DIR, separated by "|".
"""
import base64
import os
import quopri
import random
import struct
import sys
import zlib

CANARY = "np-hostile-canary-3f9c1e"

# Inputs larger than this are heavy cases, whatever the case says: the suite
# skips them under valgrind.
HEAVY_BYTES = 1 << 20

WORDS = (
    "harbour council ferry storm market fishermen timetable survey summer "
    "officials river bridge school hospital budget minister election village "
    "winter festival railway station museum library farmers weather coast "
    "island mountain valley forest factory workers union contract court "
    "judge police report evidence witness mayor district street square "
    "garden theatre concert season tourists hotel airport flight runway "
    "engineers repairs funding grant project plan committee meeting vote "
    "residents neighbours families children teachers students nurses "
    "doctors patients clinic pharmacy shop bakery restaurant kitchen "
    "harvest orchard vineyard cattle sheep shepherd pasture drought rain "
    "flood damage insurance claim payment delay traffic road tunnel"
).split()

PARA = ("<p>The harbour reopened on Tuesday morning, three days after the "
        "storm that tore boats from their moorings and flooded the fish "
        "market, officials said.</p>\n")
PARAS = [
    PARA,
    "<p>Crews worked through the night to clear debris from the main "
    "channel, and the first ferry left at seven o'clock with a full load "
    "of passengers bound for the islands.</p>\n",
    "<p>Fishermen said the damage to the fleet would take weeks to repair, "
    "but most were relieved that nobody had been hurt when the water rose "
    "over the quay.</p>\n",
    "<p>The council will publish a survey of the sea wall before the "
    "summer, and the mayor promised that the market would keep its "
    "Saturday pitches while the work goes on.</p>\n",
]


class Corpus:
    """The folder being written and the manifest lines."""

    def __init__(self, root, limits):
        self.root = os.path.abspath(root)
        self.limits = limits
        self.rows = []
        self.names = set()

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, data):
        """Writes str (UTF-8, lone surrogates allowed) or bytes at rel."""
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        with open(p, "wb") as f:
            f.write(data)
        return rel

    def symlink(self, target, rel):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if os.path.lexists(p):
            os.remove(p)
        os.symlink(target, p)

    def sparse(self, rel, head, size):
        """A file of size bytes that starts with head, the rest a hole."""
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(head)
            f.truncate(size)
        return rel

    def case(self, name, fmts, exit, stderr, checks="valid", weight="light",
             timeout=60, args="-", inputs=None):
        """Adds one manifest line per format in fmts (a list or a string of
        space-separated formats); exit and stderr may be dicts by format."""
        if isinstance(fmts, str):
            fmts = fmts.split()
        paths = [self.path(p) for p in (inputs or ["pages/%s.html" % name])]
        big = sum(os.path.getsize(p) for p in paths) > HEAVY_BYTES
        for fmt in fmts:
            key = (name, fmt)
            if key in self.names:
                raise SystemExit("gen.py: case %s.%s written twice" % key)
            self.names.add(key)
            pick = lambda v: v[fmt] if isinstance(v, dict) else v
            row = [name, fmt, str(pick(exit)), pick(stderr), pick(checks),
                   "heavy" if big else pick(weight), str(pick(timeout)),
                   pick(args),
                   "|".join(inputs or ["pages/%s.html" % name])]
            for field in row:
                if "\t" in field or "\n" in field or field == "":
                    raise SystemExit("gen.py: bad manifest field %r" % field)
            self.rows.append(row)

    def save_manifest(self):
        with open(self.path("manifest.tsv"), "w", encoding="utf-8") as f:
            for row in self.rows:
                f.write("\t".join(row) + "\n")


def page(title, body, head="", n=4, charset='<meta charset="utf-8">',
         lang="en"):
    """An article page: title, n paragraphs of prose, body, more prose."""
    prose = "".join(PARAS[i % len(PARAS)] for i in range(n))
    return ('<!DOCTYPE html>\n<html lang="%s"><head>%s<title>%s</title>%s'
            '</head>\n<body><nav><a href="/">Home</a> <a href="/news">News'
            '</a></nav>\n<article><h1>%s</h1>\n%s%s%s</article>\n'
            '<footer>Copyright Coast Daily</footer></body></html>\n'
            % (lang, charset, title, head, title, prose, body, prose))


def prose(rng, sentences):
    """Distinct prose for a generated article."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def png(width, height, rows=None, color=0, text=None):
    """A PNG of real pixels (8-bit gray, color 0, or RGB, color 2): a
    gradient with stripes unless rows (the raw filtered scanlines, already
    built, for any colour type) is given; text adds a tEXt Comment chunk."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    if rows is None:
        channels = 3 if color == 2 else 1
        line = bytes(((x * 7) // 3 + (x // 50) * 40) & 0xFF
                     for x in range(width))
        if channels == 3:
            line = bytes(b for v in line for b in (v, 255 - v, (v * 3) & 255))
        z = zlib.compressobj(6)
        parts = []
        for y in range(height):
            shift = (y * 3) % len(line) if line else 0
            parts.append(z.compress(b"\0" + line[shift:] + line[:shift]))
        parts.append(z.flush())
        idat = b"".join(parts)
    else:
        idat = zlib.compress(rows, 9)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if text:
        out += chunk(b"tEXt", b"Comment\0" + text.encode())
    return out + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_truncated():
    """The first bytes of a 1024x768 baseline JPEG: headers and a little of
    the entropy-coded data, no end marker."""
    q = b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65))
    sof = (b"\xff\xc0\x00\x11\x08\x03\x00\x04\x00\x03"
           b"\x01\x22\x00\x02\x11\x00\x03\x11\x00")
    # DC and AC tables with one code each: enough for a decoder to start
    dht = (b"\xff\xc4\x00\x14\x00" + b"\x01" + b"\x00" * 15 + b"\x00" +
           b"\xff\xc4\x00\x14\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    sos = b"\xff\xda\x00\x0c\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00"
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
            b"\x00\x00" + q + sof + dht + sos + b"\x12\x34\x56" * 40)


def jpeg_claiming(width, height):
    """A JPEG whose frame header claims width x height; then nothing."""
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
            b"\x00\x00\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) +
            b"\xff\xc0\x00\x0b\x08" + struct.pack(">HH", height, width) +
            b"\x01\x01\x11\x00\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" +
            b"\x00" * 64 + b"\xff\xd9")


def structure(c):
    n = 100000
    # 100,000 nested elements, block and inline; the text after them counts
    c.write("pages/nest_div.html", page(
        "Nested blocks", "<div>" * n + "<p>deep text</p>" + "</div>" * n))
    c.case("nest_div", "json pdf epub", 0, r"{in}: warning: the page nests "
           r"elements more than \d+ deep", "valid,text=first ferry left")
    c.write("pages/nest_inline.html", page(
        "Nested inlines", "<p>" + "<b><i>" * (n // 2) + "deep bold" +
        "</i></b>" * (n // 2) + "</p>"))
    c.case("nest_inline", "json pdf epub", 0, r"{in}: warning: the page "
           r"nests elements more than \d+ deep", "valid,text=first ferry left")
    c.write("pages/nest_list.html", page(
        "Nested lists", "<ul><li>" * n + "deep item" + "</li></ul>" * n))
    c.case("nest_list", "json pdf epub", 0, r"{in}: warning: the page nests "
           r"elements more than \d+ deep", "valid,text=first ferry left")
    c.write("pages/nest_table.html", page(
        "Nested tables", "<table><tr><td>" * n + "deep cell" +
        "</td></tr></table>" * n))
    c.case("nest_table", "json pdf epub", 0, r"{in}: warning: the page "
           r"nests elements more than \d+ deep", "valid,text=first ferry left")
    # unclosed: 100,000 open tags and nothing closed
    c.write("pages/nest_unclosed.html", page(
        "Unclosed tags", "<blockquote><span>" * (n // 2) + "never closed"))
    c.case("nest_unclosed", "json pdf epub", 0, r"{in}: warning: the page "
           r"nests elements more than \d+ deep", "valid,text=first ferry left")

    # 100,000 sibling inline tags in one paragraph, and 100,000 links
    c.write("pages/siblings.html", page(
        "Sibling inlines", "<p>" + "<b>bold</b> <i>it</i> " * (n // 2) +
        "end of siblings</p>"))
    plain = r"{in}: warning: a block with more than \d+ styled runs"
    c.case("siblings", "json pdf epub", 0,
           {"json": "-", "epub": "-", "pdf": plain},
           "valid,text=end of siblings")
    c.write("pages/sibling_links.html", page(
        "Sibling links", "<p>" + "".join(
            '<a href="https://example.com/n/%d">w%d</a> ' % (i, i)
            for i in range(n)) + "end of links</p>"))
    # --raw: extraction would rightly drop a paragraph that is all links
    c.case("sibling_links", "json epub", 0, "-",
           "valid,text=end of links", args="--raw", timeout=30)
    # Pango cannot break a paragraph wider than 2^31 of its units (some
    # 200 KB of text): the PDF keeps its first line only (and says so when
    # it can tell); a known limit, see docs/security.md
    c.case("sibling_links", "pdf", 0, plain, "valid",
           args="--raw", timeout=30)

    # a 50 MB page: JSON and EPUB convert it, a PDF refuses it early
    big = PARA * (50 * 1000 * 1000 // len(PARA))
    c.write("pages/big_page.html", page("A page of fifty megabytes", big))
    c.case("big_page", "json epub pdf",
           {"json": 0, "epub": 0, "pdf": 1},
           {"json": "-", "epub": "-", "pdf": r"{in}.*too long"},
           {"json": "valid", "epub": "valid", "pdf": "none"},
           weight="heavy", timeout=120)

    # a 1 MB attribute value, and a 1 MB attribute name
    c.write("pages/attr_1mb.html", page(
        "A large attribute", '<p title="%s" class="%s">attribute paragraph'
        '</p>' % ("a" * (1 << 20), "b c " * (1 << 18))))
    c.case("attr_1mb", "json pdf epub", 0, "-",
           "valid,text=attribute paragraph", weight="heavy")
    c.write("pages/attr_name_1mb.html", page(
        "A large attribute name", '<p %s="1">attribute name paragraph</p>'
        % ("x" * (1 << 20))))
    c.case("attr_name_1mb", "json pdf epub", 0, "-",
           "valid,text=attribute name paragraph", weight="heavy")

    # one word of 1 MB, in a narrow newspaper column
    c.write("pages/word_1mb.html", page(
        "A long word", "<p>before " + "w" * (1 << 20) + " after</p>"))
    c.case("word_1mb", "json pdf epub", 0, "-",
           {"json": "valid,text=after", "epub": "valid,text=after",
            "pdf": "valid,text=after"},
           weight="heavy", timeout=120,
           args={"json": "-", "epub": "-", "pdf": "--style newspaper"})

    # a table with 5,000 columns, and one wider than the page
    cells = "".join("<td>c%d</td>" % i for i in range(5000))
    c.write("pages/table_5000.html", page(
        "Five thousand columns", "<table><tr>" + "".join(
            "<th>h%d</th>" % i for i in range(5000)) + "</tr><tr>" + cells +
        "</tr><tr>" + cells.replace("<td>c", "<td>d") + "</tr></table>"))
    c.case("table_5000", "json pdf epub", 0,
           {"json": "-", "epub": "-",
            "pdf": r"{in}: warning: a table of more than \d+ columns"},
           "valid,text=c4999")
    row = "".join("<td>Supercalifragilistic%d-https://example.com/a/very/"
                  "long/path/that/does/not/break/%d</td>" % (i, i)
                  for i in range(40))
    c.write("pages/table_wide.html", page(
        "A table wider than the page", "<table>" + ("<tr>" + row + "</tr>")
        * 30 + "</table>"))
    c.case("table_wide", "json pdf epub", 0, "-",
           "valid,text=Supercalifragilistic39")
    c.case("table_wide_news", "pdf", 0, "-",
           "valid,text=Supercalifragilistic39", args="--style newspaper",
           inputs=["pages/table_wide.html"])

    # images far larger than the page, real pixels
    c.write("pages/img_wide_files/wide.png", png(20000, 300))
    c.write("pages/img_wide.html", page(
        "A very wide image", '<figure><img src="img_wide_files/wide.png" '
        'alt="wide"><figcaption>A wide picture</figcaption></figure>'))
    c.case("img_wide", "json pdf epub", 0, "-",
           {"json": "valid,images=saved", "pdf": "valid,pages<=3",
            "epub": "valid,maxpx=1600"})
    c.write("pages/img_tall_files/tall.png", png(300, 20000, color=2))
    c.write("pages/img_tall.html", page(
        "A very tall image", '<figure><img src="img_tall_files/tall.png" '
        'alt="tall"><figcaption>A tall picture</figcaption></figure>'))
    c.case("img_tall", "json pdf epub", 0, "-",
           {"json": "valid,images=saved", "pdf": "valid,pages<=3",
            "epub": "valid,maxpx=1600"})
    c.case("img_tall_news", "pdf", 0, "-", "valid,pages<=3",
           args="--style newspaper", inputs=["pages/img_tall.html"])

    # 2,000 and 20,000 paragraphs: the suite compares the times
    for count in (2000, 20000):
        c.write("pages/paras_%d.html" % count,
                page("Paragraphs %d" % count, "".join(
                    PARAS[i % 4].replace("<p>", "<p>%d. " % i)
                    for i in range(count))))
        c.case("paras_%d" % count, "json epub pdf", 0, "-",
               "valid,text=%d. " % (count - 1), weight="heavy", timeout=120)


def bytes_cases(c):
    c.write("pages/empty.html", b"")
    c.case("empty", "json pdf epub", 1, r"{in}: empty file", "none")
    c.write("pages/png_as_html.html", png(4, 4))
    c.case("png_as_html", "json pdf epub", 1,
           r"{in}: not an HTML page \(looks like a PNG", "none")
    c.write("pages/pdf_as_html.html",
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    c.case("pdf_as_html", "json pdf epub", 1,
           r"{in}: not an HTML page \(looks like a PDF", "none")
    c.write("pages/only_spaces.html", b" \n\t" * 1000)
    c.case("only_spaces", "json pdf epub", 1, r"{in}: not an HTML page(\n| \(skipped\))",
           "none")
    c.write("pages/binary_noise.html", random.Random(7).randbytes(200000))
    c.case("binary_noise", "json pdf epub", 1,
           r"{in}: not an HTML page \(looks like binary data\)", "none")

    text = ("<p>Text with \0 NUL \0\0 bytes inside a paragraph of prose about "
            "the harbour and the ferry.</p>")
    c.write("pages/nul_bytes.html", page("NUL bytes", text))
    c.case("nul_bytes", "json pdf epub html", 0, "-",
           "valid,utf8,text=bytes inside a paragraph")
    raw = (b"<p>bad \xff\xfe \xc3\x28 \xe2\x82 \xf0\x90\x28 \xed\xa0\x80 "
           b"\xc0\xaf \xf8\x88\x80\x80\x80 utf8 in a paragraph of prose.</p>")
    c.write("pages/invalid_utf8.html",
            page("Invalid UTF-8", "@@").encode().replace(b"@@", raw))
    c.case("invalid_utf8", "json pdf epub html", 0, "-",
           "valid,utf8,text=utf8 in a paragraph")
    # UTF-8 bytes declared as Shift_JIS, and windows-1252 declared UTF-8
    c.write("pages/wrong_charset_sjis.html", page(
        "Caf\u00e9 cr\u00e8me", "<p>Na\u00efve caf\u00e9 \u00fcber "
        "fa\u00e7ade, \u201cquoted\u201d \u2014 \u20ac5.</p>",
        charset='<meta charset="shift_jis">'))
    c.case("wrong_charset_sjis", "json pdf epub", 0, "-",
           "valid,utf8,text=Na\u00efve caf\u00e9 \u00fcber")
    c.write("pages/wrong_charset_utf8.html", page(
        "Caf\u00e9 cr\u00e8me", "<p>Na\u00efve caf\u00e9 \u00fcber "
        "fa\u00e7ade, \u201cquoted\u201d \u2014 \u20ac5.</p>").encode(
            "cp1252"))
    c.case("wrong_charset_utf8", "json pdf epub", 0, "-",
           "valid,utf8,text=Na\u00efve caf\u00e9 \u00fcber")
    c.write("pages/charset_unknown.html", page(
        "Unknown charset", "<p>Na\u00efve caf\u00e9 label.</p>",
        charset='<meta charset="x-no-such-charset-' + "z" * 500 + '">'))
    c.case("charset_unknown", "json", 0, "-",
           "valid,utf8,text=Na\u00efve caf\u00e9 label")
    for name, codec, bom in (("utf16le", "utf-16-le", b"\xff\xfe"),
                             ("utf16be", "utf-16-be", b"\xfe\xff")):
        c.write("pages/%s.html" % name, bom + page(
            "UTF-16 page", "<p>Sixteen-bit text: \u00e9t\u00e9 \u4e2d\u6587 "
                           "\U0001F600 end.</p>",
            charset='<meta charset="utf-16">').encode(codec))
        c.case(name, "json pdf epub", 0, "-",
               "valid,utf8,text=\u00e9t\u00e9 \u4e2d\u6587")
    # an odd number of UTF-16 bytes: the last half unit
    c.write("pages/utf16_odd.html", b"\xff\xfe" + page(
        "Odd UTF-16", "<p>odd length</p>").encode("utf-16-le") + b"\x41")
    c.case("utf16_odd", "json", 0, "-", "valid,utf8,text=odd length")

    special = ("<p>CDATA end ]]> and ]]&gt; in text, a double dash -- and "
               "--> and <!-- a comment --> and controls \x01\x02\x07\x08"
               "\x0b\x0c\x1b\x7f\u0085\u0080 and references &#1; &#x7f; "
               "&#x80; &#0; &#xFFFE; &#xFFFF; &#x110000; &#99999999999; "
               "end of specials.</p>\n"
               "<h2>Heading ]]> -- \x0c</h2><pre>pre ]]> \x01 -- \x7f</pre>\n"
               '<p><a href="https://example.com/?a=]]>&amp;b=--" '
               'title="t ]]> \x01 --">link ]]&gt;</a></p>\n'
               '<figure><img src="data:image/png;base64,%s" alt="alt ]]> '
               '\x01 -- \x02"><figcaption>caption ]]> \x03 --</figcaption>'
               '</figure>\n' % base64.b64encode(png(40, 30)).decode())
    c.write("pages/specials.html", page("Title ]]> -- \x01 end", special))
    c.case("specials", "json pdf epub html txt", 0, "-",
           "valid,utf8,text=end of specials")
    c.write("pages/surrogates.html", page(
        "Lone surrogates &#xD800;", "<p>lone &#xD800; and &#xDFFF; and "
        "&#55296;&#56320; pair-ish, and raw \ud800 \udc00 bytes, end of "
        "surrogates.</p><p title=\"&#xDBFF;\">attr &#xDBFF;</p>"))
    c.case("surrogates", "json pdf epub html txt", 0, "-",
           "valid,utf8,text=end of surrogates")

    bidi = ("<p>Unbalanced override \u202e reversed until the end of this "
            "paragraph.</p>\n"
            "<p>An isolate \u2066 opened and \u2067 another never closed, "
            "and an embedding \u202b too.</p>\n"
            "<p>Closers without openers \u202c \u2069 \u202c here.</p>\n"
            "<p>Balanced \u202eok\u202c and \u2067\u05e9\u05dc\u05d5\u05dd"
            "\u2069 stay.</p>\n"
            "<p>Across an inline: <em>\u202eemphasis</em> after it.</p>\n"
            "<h2>Heading \u202e with override</h2>\n"
            "<ul><li>Item \u2068 first-strong isolate</li></ul>\n"
            "<p><a href=\"https://example.com/\">link \u202d text</a> "
            "\u202a tail</p>\n"
            "<p>" + "\u202e\u202b\u202d\u202a" * 40 + "deep</p>\n"
            "<p>End of bidi \u200f\u200e\u061c marks.</p>\n"
            "<table><tr><td>cell \u202e one</td><td>cell two</td></tr>"
            "</table>\n"
            "<figure><img src=\"data:image/png;base64,%s\" alt=\"x\">"
            "<figcaption>caption \u2066 open</figcaption></figure>\n"
            % base64.b64encode(png(40, 30)).decode())
    c.write("pages/bidi.html", page("Bidi \u202e title", bidi))
    c.case("bidi", "json pdf epub html", 0, "-",
           {"json": "valid,utf8,text=End of bidi",
            "pdf": "valid,text=End of bidi",
            "epub": "valid,bidi,text=End of bidi",
            "html": "valid,bidi,text=End of bidi"})


def resource_cases(c):
    root = c.root
    secret = "secret"
    # the canary: outside the page folder, in forms a decoder would take
    c.write(secret + "/canary.txt", CANARY + "\n")
    c.write(secret + "/canary.png", png(16, 16, text=CANARY))
    c.write(secret + "/canary.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" '
            'height="50"><desc>%s</desc><text x="5" y="30">%s</text></svg>'
            % (CANARY, CANARY))
    c.write(secret + "/canary.css", "p { content: '%s' }\n" % CANARY)
    c.write(secret + "/canary.html", page(CANARY, "<p>%s</p>" % CANARY))
    s = c.path(secret)

    refs = [
        "../../../../etc/passwd",
        "../secret/canary.png",
        "../secret/canary.svg",
        "..%2Fsecret%2Fcanary.png",
        "%2E%2E/secret/canary.png",
        "res_outside_files/../../secret/canary.png",
        "res_outside_files/link.png",
        "res_outside_files/abs_link.svg",
        "res_outside_files/dir_link/canary.png",
        "file://" + s + "/canary.png",
        "file:///etc/passwd",
        "file:" + s + "/canary.svg",
        "FILE://localhost" + s + "/canary.png",
        s + "/canary.png",
        "/etc/passwd",
        "//" + s.lstrip("/") + "/canary.png",
        "..\\secret\\canary.png",
        "res_outside_files/%2e%2e/%2e%2e/secret/canary.png",
    ]
    c.symlink("../../secret/canary.png", "pages/res_outside_files/link.png")
    c.symlink(s + "/canary.svg", "pages/res_outside_files/abs_link.svg")
    c.symlink(s, "pages/res_outside_files/dir_link")
    figs = "".join('<figure><img src="%s" alt="r%d"><figcaption>Reference '
                   '%d</figcaption></figure>\n' % (r, i, i)
                   for i, r in enumerate(refs))
    c.write("pages/res_outside.html", page("References outside", figs))
    c.case("res_outside", "json pdf epub html", 0,
           r"{in}: warning: image refused: \.\./\.\./\.\./\.\./etc/passwd",
           {"json": "valid,canary,images=" + "/".join(
               ["refused"] * 9 + ["refused", "refused", "refused", "refused",
                                  "refused", "refused", "remote", "refused",
                                  "refused"]),
            "pdf": "valid,canary", "epub": "valid,canary",
            "html": "valid,canary"})

    # every element and attribute that names a file
    other = (
        '<picture><source srcset="../secret/canary.png 2x"><img '
        'src="../secret/canary.png" alt="pic"></picture>\n'
        '<p><img srcset="../secret/canary.png 100w, ../secret/canary.svg '
        '200w" data-src="../secret/canary.png" alt="srcset"></p>\n'
        '<figure><img data-src="../secret/canary.png" '
        'data-lazy-src="file://%s/canary.png" alt="lazy"></figure>\n'
        '<noscript><img src="../secret/canary.png" alt="noscript">'
        '</noscript>\n'
        '<p><object data="../secret/canary.svg" type="image/svg+xml">obj'
        '</object><embed src="../secret/canary.svg"><iframe '
        'src="../secret/canary.html"></iframe></p>\n'
        '<video poster="../secret/canary.png" src="../secret/canary.txt">'
        '</video><audio src="../secret/canary.txt"></audio>\n'
        '<svg width="10" height="10"><image href="../secret/canary.png" '
        'width="10" height="10"/><use xlink:href="../secret/canary.svg#a"/>'
        '</svg>\n'
        '<p style="background:url(../secret/canary.png)">styled paragraph '
        'of the text.</p>\n'
        '<p><a href="../secret/canary.txt">a link to the secret</a></p>\n'
        % s)
    c.write("pages/res_elements.html", page(
        "Elements naming files", other,
        head='<link rel="stylesheet" href="../secret/canary.css">'
             '<link rel="icon" href="../secret/canary.png">'
             '<meta property="og:image" content="../secret/canary.png">'
             '<style>@import url(../secret/canary.css);</style>'))
    c.case("res_elements", "json pdf epub html", 0,
           r"{in}: warning: image refused: \.\./secret/canary\.png",
           "valid,canary")

    # <base href> pointing out of the folder
    c.write("pages/res_base.html", page(
        "A base outside", '<figure><img src="canary.png" alt="b1">'
        '</figure><figure><img src="canary.svg" alt="b2"></figure>',
        head='<base href="../secret/">'))
    c.case("res_base", "json pdf epub", 0, r"{in}: warning: image refused",
           {"json": "valid,canary,images=refused/refused",
            "pdf": "valid,canary", "epub": "valid,canary"})
    c.write("pages/res_base_file.html", page(
        "A file base", '<figure><img src="canary.png" alt="b1"></figure>',
        head='<base href="file://%s/">' % s))
    c.case("res_base_file", "json pdf epub", 0,
           r"{in}: warning: image refused",
           {"json": "valid,canary,images=refused",
            "pdf": "valid,canary", "epub": "valid,canary"})

    # names with spaces, %20, a literal %, non-ASCII (NFC and NFD)
    px = png(64, 48, color=2)
    for name in ("my photo.png", "a%20b.png", "100%.png", "caf\u00e9.png",
                 "cafe\u0301 nfd.png", "\u65e5\u672c.png", "sp ace%2.png"):
        c.write("pages/res_names_files/" + name, px)
    names = [("res_names_files/my photo.png", "space raw"),
             ("res_names_files/my%20photo.png", "space encoded"),
             ("res_names_files/a%20b.png", "literal percent-20"),
             ("res_names_files/100%.png", "lone percent"),
             ("res_names_files/caf\u00e9.png", "nonascii raw"),
             ("res_names_files/caf%C3%A9.png", "nonascii encoded"),
             ("res_names_files/cafe%CC%81%20nfd.png", "nfd encoded"),
             ("res_names_files/%E6%97%A5%E6%9C%AC.png", "cjk encoded"),
             ("res_names_files/sp%20ace%2.png", "bad escape"),
             ("https://cdn.example/img/my%20photo.png?w=300", "saved copy")]
    c.write("pages/res_names.html", page("Odd file names", "".join(
        '<figure><img src="%s" alt="%s"><figcaption>%s</figcaption>'
        '</figure>\n' % (src, alt, alt) for src, alt in names)))
    c.case("res_names", "json pdf epub html", 0, "-",
           {"json": "valid,images=" + "/".join(["saved"] * len(names)),
            "pdf": "valid", "epub": "valid,maxpx=1600", "html": "valid"})

    # broken and hostile images
    # cut in the middle of the scan: decoded as far as it goes, silently;
    # cut inside the headers: left out with a warning
    c.write("pages/img_truncated_files/cut_scan.jpg", jpeg_truncated())
    c.write("pages/img_truncated_files/cut_head.jpg", jpeg_truncated()[:120])
    c.write("pages/img_truncated.html", page(
        "A truncated JPEG", '<figure><img src="img_truncated_files/'
        'cut_scan.jpg" alt="cut"><figcaption>Cut short</figcaption></figure>'
        '<figure><img src="img_truncated_files/cut_head.jpg" alt="head">'
        '<figcaption>Cut shorter</figcaption></figure>'))
    c.case("img_truncated", "json pdf epub", 0,
           {"json": "-",
            "pdf": r"^newsprint: {in}: warning: image [^\n]*cut_head\.jpg: "
                   r"truncated JPEG\n$",
            "epub": r"^newsprint: {in}: warning: [^\n]*cut_head\.jpg[^\n]*"
                    r"\n$"}, "valid")
    bomb = png(50000, 50000, rows=b"\0" * 50001 * 20)
    c.write("pages/img_bomb_files/bomb.png", bomb)
    c.write("pages/img_bomb.html", page(
        "A decompression bomb", '<figure><img src="img_bomb_files/bomb.png" '
        'alt="bomb"><figcaption>Fifty thousand squared</figcaption>'
        '</figure>'))
    c.case("img_bomb", "json pdf epub", 0,
           {"json": "-", "pdf": r"{in}: warning: image .*bomb\.png.*too "
            r"large \(50000x50000", "epub": r"{in}: warning: .*bomb\.png.*"
            r"too large \(50000x50000"}, "valid")
    c.write("pages/img_jpeg_bomb_files/bomb.jpg", jpeg_claiming(60000, 60000))
    c.write("pages/img_jpeg_bomb.html", page(
        "A JPEG bomb", '<figure><img src="img_jpeg_bomb_files/bomb.jpg" '
        'alt="jbomb"><figcaption>A claimed size</figcaption></figure>'))
    c.case("img_jpeg_bomb", "pdf epub", 0,
           r"{in}: warning: .*bomb\.jpg.*too large \(60000x60000", "valid")
    # a real deflate bomb within the header's claim: 8,000 x 8,000 of zeros
    side = 8000
    c.write("pages/img_zeros_files/zeros.png",
            png(side, side, rows=b"\0" * (side + 1) * side))
    c.write("pages/img_zeros.html", page(
        "Sixty-four megapixels of zeros", '<figure><img '
        'src="img_zeros_files/zeros.png" alt="zeros"><figcaption>Zeros'
        '</figcaption></figure>'))
    c.case("img_zeros", "pdf epub", 0,
           r"{in}: warning: .*zeros\.png.*too large \(8000x8000", "valid")

    # SVGs that reach out: an external entity, XInclude, xlink:href, CSS
    ent = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY xxe SYSTEM '
           '"file://%s/canary.txt">\n<!ENTITY rel SYSTEM '
           '"../../secret/canary.txt">\n]>\n<svg xmlns="http://www.w3.org/'
           '2000/svg" width="300" height="60"><text x="5" y="30">&xxe; '
           '&rel;</text></svg>\n' % s)
    c.write("pages/svg_entity_files/entity.svg", ent)
    c.write("pages/svg_entity.html", page(
        "An SVG with an external entity", '<figure><img '
        'src="svg_entity_files/entity.svg" alt="entity"><figcaption>Entity'
        '</figcaption></figure>'))
    c.case("svg_entity", "json pdf epub html", 0,
           {"json": "-", "pdf": r"{in}: warning: image .*entity\.svg",
            "epub": r"{in}: warning: .*entity\.svg", "html": "-"},
           "valid,canary")
    href = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://'
            'www.w3.org/1999/xlink" xmlns:xi="http://www.w3.org/2001/'
            'XInclude" width="300" height="200">\n'
            '<style>@import url(../../secret/canary.css);</style>\n'
            '<rect width="300" height="200" fill="#8ab"/>\n'
            '<image xlink:href="../../secret/canary.png" width="50" '
            'height="50"/>\n<image href="file://%s/canary.png" x="60" '
            'width="50" height="50"/>\n<image xlink:href="%s/canary.svg" '
            'x="120" width="50" height="50"/>\n<use xlink:href="../../secret/'
            'canary.svg#x"/>\n<text x="5" y="150"><xi:include '
            'href="../../secret/canary.txt" parse="text"/></text>\n'
            '<text x="5" y="190">svg text</text></svg>\n' % (s, s))
    c.write("pages/svg_href_files/href.svg", href)
    c.write("pages/svg_href.html", page(
        "An SVG that links to files", '<figure><img '
        'src="svg_href_files/href.svg" alt="href"><figcaption>Href'
        '</figcaption></figure>\n<figure><img src="data:image/svg+xml;'
        'base64,%s" alt="data svg"></figure>'
        % base64.b64encode(href.encode()).decode()))
    c.case("svg_href", "json pdf epub html", 0, "-", "valid,canary")
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a0 '
              '"lol lol lol lol lol lol lol lol lol lol">\n' + "".join(
                  '<!ENTITY a%d "%s">\n' % (i, ("&a%d;" % (i - 1)) * 10)
                  for i in range(1, 10)) +
              ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
              'height="100"><text>&a9;</text></svg>\n')
    c.write("pages/svg_laughs_files/laughs.svg", laughs)
    c.write("pages/svg_laughs.html", page(
        "Billion laughs", '<figure><img src="svg_laughs_files/laughs.svg" '
        'alt="laughs"><figcaption>Laughs</figcaption></figure>'))
    c.case("svg_laughs", "json pdf epub", 0,
           {"json": "-", "pdf": r"{in}: warning: image .*laughs\.svg",
            "epub": r"{in}: warning: .*laughs\.svg"}, "valid")

    # data: URIs: not base64, truncated, an SVG inside, percent-encoded
    good = base64.b64encode(png(20, 20, color=2)).decode()
    datas = [("data:image/png;base64,!!!not*base64===abc", "bad chars"),
             ("data:image/png;base64," + good[:-5], "truncated"),
             ("data:image/png;base64," + good[:len(good) // 2] + "\0" +
              good[len(good) // 2:], "nul inside"),
             ("data:image/png;base64", "no comma"),
             ("data:;base64,====", "padding only"),
             ("data:image/png;base64," + good, "good"),
             ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'"
              " width='10' height='10'%3E%3Cimage href='file://" + s +
              "/canary.png' width='10' height='10'/%3E%3C/svg%3E", "svg")]
    c.write("pages/data_uri.html", page("Broken data URIs", "".join(
        '<figure><img src="%s" alt="%s"><figcaption>%s</figcaption>'
        '</figure>\n' % (u.replace('"', "&quot;"), a, a) for u, a in datas)))
    c.case("data_uri", "json pdf epub html", 0,
           r"{in}: warning: image skipped: data:image/png;base64,!!!not"
           r"\*base64.*invalid base64", "valid,canary")


def output_cases(c):
    # the ordinary page the output tests write, and the long digest the
    # signal tests interrupt
    c.write("pages/ordinary.html", page("An ordinary article", "", n=8))
    rng = random.Random(2024)
    for i in range(200):
        title = "Digest article %03d: %s" % (i, prose(rng, 1)[:60])
        body = "".join("<p>%s</p>\n" % prose(rng, 6) for _ in range(36))
        c.write("digest/a%03d.html" % i, (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<title>%s</title><meta property="og:site_name" content="Site %d">'
            '<meta property="article:published_time" content="2024-01-%02dT'
            '08:00:00Z"></head><body><article><h1>%s</h1>%s</article>'
            '</body></html>\n' % (title, i % 7, 1 + i % 28, title, body)))


def limit_cases(c):
    lim = c.limits

    if "NP_IMPORT_MAX_BYTES" in lim:
        n = lim["NP_IMPORT_MAX_BYTES"]
        head = page("Over the input limit", "").encode()
        c.sparse("pages/limit_input_over.html", head, n + 1)
        c.case("limit_input_over", "json pdf epub", 1,
               r"{in}: larger than the limit of %d bytes" % n, "none",
               timeout=30)
        # exactly at the limit: read, parsed, converted
        body = page("At the input limit", "<!--@@-->").encode()
        pad = n - (len(body) - 2)
        c.write("pages/limit_input_at.html",
                body.replace(b"@@", b"x" * pad))
        c.case("limit_input_at", "json", 0, "-", "valid,text=first ferry",
               weight="heavy", timeout=120)

    if "NP_HTML_MAX_DEPTH" in lim:
        d = lim["NP_HTML_MAX_DEPTH"]
        # html, body and article are three levels; the divs come under them
        c.write("pages/limit_depth_over.html", page(
            "Over the depth limit", "<div>" * d + "<p>deep text</p>" +
            "</div>" * d))
        c.case("limit_depth_over", "json", 0, r"{in}: warning: the page "
               r"nests elements more than %d deep" % d,
               "valid,text=first ferry left")
        c.write("pages/limit_depth_under.html", page(
            "Under the depth limit", "<div>" * (d - 8) +
            "<p>deep text</p>" + "</div>" * (d - 8)))
        c.case("limit_depth_under", "json pdf epub", 0, "-",
               "valid,text=deep text")

    if "NP_IMAGE_MAX_PIXELS" in lim:
        n = lim["NP_IMAGE_MAX_PIXELS"]
        w = 10000
        h = n // w
        over = png(w, h + 1, rows=b"\0" * (w + 1) * 4)
        c.write("pages/limit_pixels_over_files/over.png", over)
        c.write("pages/limit_pixels_over.html", page(
            "Over the pixel limit", '<figure><img '
            'src="limit_pixels_over_files/over.png" alt="over"></figure>'))
        c.case("limit_pixels_over", "pdf epub", 0,
               r"{in}: warning: .*over\.png.*too large \(%dx%d" % (w, h + 1),
               "valid")
        rows = b"".join(b"\0" + bytes([(y // 40) % 256]) * w
                        for y in range(h))
        c.write("pages/limit_pixels_at_files/at.png", png(w, h, rows=rows))
        c.write("pages/limit_pixels_at.html", page(
            "At the pixel limit", '<figure><img '
            'src="limit_pixels_at_files/at.png" alt="at"></figure>'))
        c.case("limit_pixels_at", "pdf epub", 0, "-",
               {"pdf": "valid", "epub": "valid,maxpx=1600"},
               weight="heavy", timeout=120)

    if "NP_IMAGE_MAX_BYTES" in lim:
        n = lim["NP_IMAGE_MAX_BYTES"]
        small = png(32, 32, color=2)
        c.sparse("pages/limit_imgbytes_files/over.png", small, n + 1)
        c.sparse("pages/limit_imgbytes_files/at.png", small, n)
        c.write("pages/limit_imgbytes.html", page(
            "Image file sizes", '<figure><img src="limit_imgbytes_files/'
            'over.png" alt="over"></figure><figure><img '
            'src="limit_imgbytes_files/at.png" alt="at"></figure>'))
        c.case("limit_imgbytes", "pdf epub", 0,
               r"{in}: warning: .*over\.png.*larger than", "valid",
               weight="heavy")

    if "NP_DATA_URI_MAX" in lim:
        n = lim["NP_DATA_URI_MAX"]
        small = png(8, 8, color=2)
        over = base64.b64encode(small + b"\0" * (n + 1 - len(small)))
        c.write("pages/limit_datauri_over.html", page(
            "Over the data URI limit", "<figure><img alt=\"over\" "
            "src=\"data:image/png;base64,@@\"></figure>").encode().replace(
                b"@@", over))
        c.case("limit_datauri_over", "json", 0,
               r"{in}: warning: image skipped: data:image/png.*larger",
               "valid", weight="heavy")
        at = base64.b64encode(small + b"\0" * (n - len(small)))
        c.write("pages/limit_datauri_at.html", page(
            "At the data URI limit", "<figure><img alt=\"at\" "
            "src=\"data:image/png;base64,@@\"></figure>").encode().replace(
                b"@@", at))
        c.case("limit_datauri_at", "json", 0, "-", "valid,images=saved",
               weight="heavy")

    if "NP_LAYOUT_MAX_PAGES" in lim:
        n = lim["NP_LAYOUT_MAX_PAGES"]
        # a tiny paper holds a line or two: n pages need little text
        count = n + n // 10
        c.write("pages/limit_pages_over.html", page(
            "Over the page limit", "".join("<p>Line %d.</p>" % i
                                           for i in range(count))))
        c.case("limit_pages_over", "pdf", 1, r"{in}: .*more than %d pages" % n,
               "none", args="--paper 60x30mm --no-notes", weight="heavy",
               timeout=120)
        count = n * 8 // 10
        c.write("pages/limit_pages_under.html", page(
            "Under the page limit", "".join("<p>Line %d.</p>" % i
                                            for i in range(count))))
        c.case("limit_pages_under", "pdf", 0, "-",
               "valid,pages>=%d,pages<=%d" % (count, n),
               args="--paper 60x30mm --no-notes", weight="heavy",
               timeout=120)

    if "NP_LAYOUT_MAX_TEXT" in lim:
        n = lim["NP_LAYOUT_MAX_TEXT"]
        # the text of a paragraph, without its markup
        reps = n // (len(PARA) - len("<p></p>\n")) + 2
        c.write("pages/limit_text_over.html", page(
            "Over the PDF text limit", PARA * reps))
        c.case("limit_text_over", "pdf", 1, r"{in}: too long for a PDF",
               "none",
               weight="heavy", timeout=120)

    if "NP_LAYOUT_MAX_IMAGE_MEMORY" in lim:
        n = lim["NP_LAYOUT_MAX_IMAGE_MEMORY"]
        # distinct 2000 x 2000 images of 16 MB decoded each: as many as fit,
        # then one more, which is left out. Gray with alpha (colour type
        # 4): an opaque PNG goes into the PDF undecoded and holds only its
        # file's bytes.
        side = 2000
        fit = n // (side * side * 4)
        figs = []
        for i in range(fit + 1):
            rows = b"".join(
                b"\0" + bytes([(i * 7 + y // 100) % 256, 0xC0]) * side
                for y in range(side))
            c.write("pages/limit_imgmem_files/i%03d.png" % i,
                    png(side, side, rows=rows, color=4))
            figs.append('<figure><img src="limit_imgmem_files/i%03d.png" '
                        'alt="i%d"></figure>' % (i, i))
        c.write("pages/limit_imgmem.html", page("Over the image memory",
                                                "".join(figs)))
        c.case("limit_imgmem", "pdf", 0,
               r"^newsprint: {in}: warning: image .*i%03d\.png: left out"
               r"[^\n]*\n$" % fit, "valid", weight="heavy", timeout=120)


def mhtml(html, parts, boundary="np-hostile-boundary", start=""):
    """An MHTML archive: the root part html (quoted-printable), then parts,
    each (headers, body bytes) written as they are."""
    nl = b"\r\n"
    out = [b"MIME-Version: 1.0",
           ("Content-Type: multipart/related; type=\"text/html\"; "
            "boundary=\"%s\"%s" % (boundary, start)).encode(), b"",
           b"--" + boundary.encode(), b"Content-Type: text/html",
           b"Content-Transfer-Encoding: quoted-printable", b"",
           quopri.encodestring(html.encode("utf-8"))]
    for headers, body in parts:
        out += [b"--" + boundary.encode()] + [h.encode() for h in headers]
        out += [b"", body]
    out += [b"--" + boundary.encode() + b"--", b""]
    return nl.join(out)


def mhtml_cases(c):
    s = c.path("secret")
    # an archive reads nothing beside it: not the folder a browser would
    # have saved, not the secret files; a part that says it is a file is
    # the archive's bytes (harmless ones), never the file
    c.write("pages/mhtml_outside_files/canary.png", png(16, 16, text=CANARY))
    refs = ["mhtml_outside_files/canary.png", "../secret/canary.png",
            "file://" + s + "/canary.png", s + "/canary.png",
            "cid:nothing@hostile", "https://cdn.example/remote.png",
            "inside.png"]
    figs = "".join('<figure><img src="%s" alt="m%d"><figcaption>Archive '
                   'reference %d</figcaption></figure>\n' % (r, i, i)
                   for i, r in enumerate(refs))
    inside = base64.encodebytes(png(24, 24)).replace(b"\n", b"\r\n")
    c.write("pages/mhtml_outside.mhtml", mhtml(
        page("Archive references", figs),
        [(["Content-Type: image/png", "Content-Location: file://" + s +
           "/canary.png", "Content-Transfer-Encoding: base64"], inside),
         (["Content-Type: image/png", "Content-Location: inside.png",
           "Content-Transfer-Encoding: base64"], inside)]))
    c.case("mhtml_outside", "json pdf epub html", 0,
           r"{in}: warning: image missing: mhtml_outside_files/canary\.png: "
           r"not saved in the MHTML archive",
           {"json": "valid,canary,images=" + "/".join(
               ["missing", "missing", "saved", "missing", "missing",
                "remote", "saved"]),
            "pdf": "valid,canary", "epub": "valid,canary",
            "html": "valid,canary"},
           inputs=["pages/mhtml_outside.mhtml"])

    # a storm of empty parts: the first NP_MHTML_MAX_PARTS are kept
    storm = mhtml(page("Many parts", "<p>A storm of empty parts.</p>"), [])
    storm = storm.replace(b"--np-hostile-boundary--",
                          b"--np-hostile-boundary\r\n" * 400000 +
                          b"--np-hostile-boundary--")
    c.write("pages/mhtml_parts.mhtml", storm)
    c.case("mhtml_parts", "json epub", 0,
           r"{in}: warning: MHTML: 390001 parts past the first 10000 are "
           r"left out", "valid,text=A storm of empty parts",
           inputs=["pages/mhtml_parts.mhtml"])

    # multipart bodies nested 3000 deep, never closed
    deep = b"".join(b"--d%d\r\nContent-Type: multipart/mixed; boundary=d%d"
                    b"\r\n\r\n" % (i, i + 1) for i in range(3000))
    c.write("pages/mhtml_deep.mhtml", mhtml(
        page("Deep archive", "<p>Nested very deep.</p>"),
        [(["Content-Type: multipart/mixed; boundary=d0"], deep)]))
    c.case("mhtml_deep", "json", 0,
           r"{in}: warning: MHTML: multipart bodies nested more than 4 deep",
           "valid,text=Nested very deep", inputs=["pages/mhtml_deep.mhtml"])

    # refused: no HTML part; and a start parameter naming no part
    c.write("pages/mhtml_noroot.mht", mhtml("", []).replace(
        b"Content-Type: text/html\r\n", b"Content-Type: image/png\r\n"))
    c.case("mhtml_noroot", "json pdf epub", 1,
           r"{in}: the MHTML archive holds no HTML part", "none",
           inputs=["pages/mhtml_noroot.mht"])
    c.write("pages/mhtml_badstart.mht", mhtml(
        page("Start names nothing", "<p>The first HTML part is used.</p>"),
        [], start='; start="<none@hostile>"'))
    c.case("mhtml_badstart", "json", 0, "-",
           "valid,text=The first HTML part is used",
           inputs=["pages/mhtml_badstart.mht"])


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    limits = {}
    for arg in argv[2:]:
        name, _, value = arg.partition("=")
        limits[name] = int(value)
    c = Corpus(argv[1], limits)
    os.makedirs(c.root, exist_ok=True)
    structure(c)
    bytes_cases(c)
    resource_cases(c)
    mhtml_cases(c)
    output_cases(c)
    limit_cases(c)
    c.save_manifest()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
