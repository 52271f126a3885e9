#!/usr/bin/env python3
"""make-mhtml.py: packs a page saved with its NAME_files/ folder into one
MHTML archive, the way a browser's "Webpage, Single File" writes it, for
the tests of newsprint's MHTML reader.

    make-mhtml.py [--style chromium|ie] [--lf] [--url URL] PAGE.html OUT

--style chromium (the default) writes what Chromium's MHTML writer does:
"From: <Saved by Blink>", Snapshot-Content-Location, a text/html root part
without a charset in quoted-printable, a Content-ID on it, the files of the
folder in base64, every Content-Location absolute (the file's path resolved
against URL). --style ie writes the shape of Internet Explorer's .mht with
Python's own email package (an independent MIME writer): a preamble, a
charset parameter on the root, folded headers, and a
start parameter naming the root by its Content-ID. Lines end in CRLF unless
--lf. The page's bytes go in unchanged: its references stay relative, and
mean the archived files once resolved against URL, as in a real archive.
"""
import argparse
import base64
import email.generator
import email.mime.base
import email.mime.multipart
import email.mime.nonmultipart
import email.policy
import io
import mimetypes
import os
import quopri
import sys
import urllib.parse


def folder_files(page):
    """(path relative to the page's folder, bytes) of NAME_files/."""
    stem = os.path.splitext(os.path.basename(page))[0]
    folder = os.path.join(os.path.dirname(page), stem + "_files")
    out = []
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                out.append((stem + "_files/" + name, f.read()))
    return out


def mime_of(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def chromium(html, files, url, nl):
    boundary = "----MultipartBoundary--Q1wTp9aZ5xD2mK8vR3nL7yB4cF6hJ0sE----"
    lines = [
        "From: <Saved by Blink>",
        "Snapshot-Content-Location: " + url,
        "Subject: =?utf-8?Q?saved_page?=",
        "Date: Sat, 5 Dec 2026 10:00:00 -0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        '\tboundary="%s"' % boundary,
        "",
        "",
        "--" + boundary,
        "Content-Type: text/html",
        "Content-ID: <frame-6F1C2D3E4B5A69788796A5B4C3D2E1F0@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: " + url,
        "",
    ]
    body = quopri.encodestring(html.replace(b"\r\n", b"\n")).decode("ascii")
    lines += body.split("\n")
    for rel, data in files:
        lines += [
            "--" + boundary,
            "Content-Type: " + mime_of(rel),
            "Content-Transfer-Encoding: base64",
            "Content-Location: " + urllib.parse.urljoin(url, rel),
            "",
        ]
        b64 = base64.b64encode(data).decode("ascii")
        lines += [b64[i:i + 76] for i in range(0, len(b64), 76)]
    lines += ["--" + boundary + "--", ""]
    return nl.join(lines).encode("ascii")


def ie(html, files, url, nl):
    root = email.mime.nonmultipart.MIMENonMultipart("text", "html",
                                                    charset="utf-8")
    root.set_payload(quopri.encodestring(html).decode("ascii"))
    root["Content-Transfer-Encoding"] = "quoted-printable"
    root["Content-Location"] = url
    root["Content-ID"] = "<root.part@example.invalid>"
    msg = email.mime.multipart.MIMEMultipart(
        "related", boundary="----=_NextPart_000_0000_01DB4711.2A3B4C50",
        type="text/html", start="<root.part@example.invalid>")
    msg["From"] = "<Saved by Windows Internet Explorer 11>"
    msg["Subject"] = "saved page"
    msg.preamble = "This is a multi-part message in MIME format."
    msg.attach(root)
    for rel, data in files:
        maintype, subtype = mime_of(rel).split("/", 1)
        part = email.mime.base.MIMEBase(maintype, subtype)
        part.set_payload(base64.encodebytes(data).decode("ascii"))
        part["Content-Transfer-Encoding"] = "base64"
        part["Content-Location"] = urllib.parse.urljoin(url, rel)
        msg.attach(part)
    out = io.BytesIO()
    policy = email.policy.compat32.clone(linesep=nl)
    email.generator.BytesGenerator(out, policy=policy).flatten(msg)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--style", choices=["chromium", "ie"], default="chromium")
    ap.add_argument("--lf", action="store_true")
    ap.add_argument("--url", default="https://news.example/world/story.html")
    ap.add_argument("page")
    ap.add_argument("out")
    a = ap.parse_args()
    with open(a.page, "rb") as f:
        html = f.read()
    files = folder_files(a.page)
    nl = "\n" if a.lf else "\r\n"
    data = (chromium if a.style == "chromium" else ie)(html, files, a.url, nl)
    with open(a.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
