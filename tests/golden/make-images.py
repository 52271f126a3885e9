#!/usr/bin/env python3
"""make-images.py: draws the images of the hand-made saved pages.

Every image the golden pages (tests/golden/<page>_files/) and the examples
(examples/<page>_files/) use is drawn here with the Python standard library
alone (zlib + struct write the PNG files; no downloads, no third-party
modules).  The drawings are simple illustrations: sky gradients, skylines,
hills, sea, boats, bars.  Output is deterministic: the same script writes
the same bytes, so the committed images can be regenerated and compared.

It also rewrites the base64 data: URI of the embedded image in
examples/single-file.html (the <img id="np-embedded-image">), so that page
stays self-contained.

Usage (from anywhere):  python3 tests/golden/make-images.py
"""

import base64
import math
import os
import random
import re
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLDEN = HERE
EXAMPLES = os.path.join(REPO, "examples")

# The classic 43-byte transparent 1x1 GIF of tracking pixels.
PIXEL_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
             b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01"
             b"\x00\x00\x02\x02D\x01\x00;")


class Canvas:
    """An RGB raster with a few filling primitives."""

    def __init__(self, w, h, colour=(255, 255, 255)):
        self.w, self.h = w, h
        self.px = bytearray(bytes(colour) * (w * h))

    def put(self, x, y, c):
        if 0 <= x < self.w and 0 <= y < self.h:
            i = (y * self.w + x) * 3
            self.px[i:i + 3] = bytes(c)

    def vgradient(self, top, bottom, y0=0, y1=None):
        y1 = self.h if y1 is None else y1
        for y in range(y0, y1):
            t = (y - y0) / max(1, y1 - y0 - 1)
            c = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom))
            self.px[(y * self.w) * 3:(y * self.w + self.w) * 3] = c * self.w

    def rect(self, x0, y0, x1, y1, c):
        x0, x1 = max(0, x0), min(self.w, x1)
        row = bytes(c) * max(0, x1 - x0)
        for y in range(max(0, y0), min(self.h, y1)):
            i = (y * self.w + x0) * 3
            self.px[i:i + len(row)] = row

    def circle(self, cx, cy, r, c):
        for y in range(max(0, cy - r), min(self.h, cy + r + 1)):
            dx = int((r * r - (y - cy) ** 2) ** 0.5)
            self.rect(cx - dx, y, cx + dx + 1, y + 1, c)

    def polygon(self, pts, c):
        """Even-odd scanline fill of a closed polygon."""
        ys = [p[1] for p in pts]
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            yc = y + 0.5
            xs = []
            for (xa, ya), (xb, yb) in zip(pts, pts[1:] + pts[:1]):
                if (ya <= yc < yb) or (yb <= yc < ya):
                    xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                self.rect(int(round(a)), y, int(round(b)), y + 1, c)

    def png(self):
        """Encodes as an 8-bit RGB PNG, choosing a filter per row."""
        stride = self.w * 3
        raw = bytearray()
        prev = bytes(stride)
        for y in range(self.h):
            row = self.px[y * stride:(y + 1) * stride]
            best = None
            for ftype in (0, 1, 2):
                if ftype == 0:
                    f = bytes(row)
                elif ftype == 1:
                    f = bytes((row[i] - (row[i - 3] if i >= 3 else 0)) & 255
                              for i in range(stride))
                else:
                    f = bytes((row[i] - prev[i]) & 255 for i in range(stride))
                cost = sum(b if b < 128 else 256 - b for b in f)
                if best is None or cost < best[0]:
                    best = (cost, ftype, f)
            raw.append(best[1])
            raw += best[2]
            prev = row

        def chunk(tag, data):
            body = tag + data
            return (struct.pack(">I", len(data)) + body +
                    struct.pack(">I", zlib.crc32(body) & 0xffffffff))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
                chunk(b"IEND", b""))


def shade(c, k):
    return tuple(max(0, min(255, round(v * k))) for v in c)


def skyline(w, h, seed, sky=((38, 70, 130), (240, 170, 110)),
            ground=(40, 36, 48), dome=True):
    """Sky gradient, a low sun and a city silhouette with lit windows."""
    rnd = random.Random(seed)
    cv = Canvas(w, h)
    cv.vgradient(sky[0], sky[1])
    cv.circle(int(w * 0.72), int(h * 0.62), max(4, h // 9), (252, 214, 150))
    base = int(h * 0.78)
    x = 0
    while x < w:
        bw = rnd.randint(max(4, w // 28), max(6, w // 11))
        bh = rnd.randint(h // 8, int(h * 0.45))
        colour = shade(ground, rnd.uniform(0.85, 1.25))
        cv.rect(x, base - bh, x + bw, base + 1, colour)
        win = max(2, w // 160)
        for wy in range(base - bh + win * 2, base - win, win * 3):
            for wx in range(x + win, x + bw - win, win * 3):
                if rnd.random() < 0.3:
                    cv.rect(wx, wy, wx + win, wy + win, (250, 220, 120))
        x += bw + rnd.randint(0, max(1, w // 60))
    if dome:
        cx, r = int(w * 0.3), max(5, h // 9)
        cv.rect(cx - r, base - int(r * 1.6), cx + r, base + 1, ground)
        cv.circle(cx, base - int(r * 1.6), r, ground)
        mx = cx + int(r * 1.9)
        cv.rect(mx, base - int(r * 4.2), mx + max(2, r // 3), base + 1,
                ground)
        cv.polygon([(mx - 1, base - int(r * 4.2)),
                    (mx + max(2, r // 3) + 1, base - int(r * 4.2)),
                    (mx + max(2, r // 3) / 2, base - int(r * 4.9))], ground)
    cv.vgradient(shade(ground, 0.9), shade(ground, 0.6), base, h)
    return cv


def seascape(w, h, seed, sky=((120, 170, 215), (220, 235, 245)),
             sea=((40, 100, 150), (20, 50, 90))):
    """Sea, horizon and a few sailing boats."""
    rnd = random.Random(seed)
    cv = Canvas(w, h)
    horizon = int(h * 0.55)
    cv.vgradient(sky[0], sky[1], 0, horizon)
    cv.vgradient(sea[0], sea[1], horizon, h)
    for _ in range(3):
        bx = rnd.randint(w // 10, w - w // 5)
        by = rnd.randint(horizon + h // 12, h - h // 8)
        s = rnd.randint(h // 14, h // 7)
        cv.polygon([(bx, by), (bx + 3 * s, by), (bx + 2.5 * s, by + s * 0.6),
                    (bx + 0.5 * s, by + s * 0.6)], (90, 50, 40))
        cv.polygon([(bx + 1.4 * s, by - 2.2 * s), (bx + 1.4 * s, by - 1),
                    (bx + 0.2 * s, by - 1)], (245, 245, 240))
    for y in range(horizon + 4, h, 7):
        for x in range(rnd.randint(0, 20), w, 31):
            cv.rect(x, y, x + 9, y + 1, (200, 220, 235))
    return cv


def hills(w, h, seed, sky=((150, 200, 235), (250, 240, 210)),
          green=(70, 130, 70), sun=(255, 220, 100)):
    """Rolling hills under a sun, with rows of trees."""
    rnd = random.Random(seed)
    cv = Canvas(w, h)
    cv.vgradient(sky[0], sky[1])
    cv.circle(int(w * 0.2), int(h * 0.25), max(4, h // 8), sun)
    for layer in range(3):
        k = 0.7 + 0.15 * layer
        y0 = int(h * (0.45 + 0.15 * layer))
        amp = rnd.randint(h // 20, h // 8)
        ph = rnd.uniform(0, 6.28)
        pts = [(0, h)]
        for x in range(0, w + 1, max(1, w // 40)):
            pts.append((x, y0 + amp * math.sin(ph + x * 6.28 / w * 1.3)))
        pts.append((w, h))
        cv.polygon(pts, shade(green, k))
    for _ in range(12):
        tx = rnd.randint(0, w)
        ty = rnd.randint(int(h * 0.7), h - 4)
        r = max(2, h // 30)
        cv.rect(tx, ty, tx + max(1, r // 2), ty + 2 * r, (90, 60, 40))
        cv.circle(tx, ty, r, shade(green, 0.5))
    return cv


def bars(w, h, seed, colours=((200, 60, 60), (60, 120, 200),
                              (240, 180, 40))):
    """A small bar chart on a light grid (for explainer pages)."""
    rnd = random.Random(seed)
    cv = Canvas(w, h, (250, 250, 246))
    for y in range(h // 8, h, h // 6):
        cv.rect(0, y, w, y + 1, (220, 220, 214))
    n = 7
    bw = w // (n * 2)
    for i in range(n):
        bh = rnd.randint(h // 6, int(h * 0.85))
        x = bw // 2 + i * 2 * bw
        cv.rect(x, h - bh, x + bw, h, colours[i % len(colours)])
    return cv


def logo(w, h, colour, accent):
    """A flat wordmark-like block: a coloured band and two accent squares."""
    cv = Canvas(w, h, colour)
    s = h // 2
    cv.rect(h // 4, h // 4, h // 4 + s, h // 4 + s, accent)
    cv.rect(h // 4 + s + 4, h // 4, h // 4 + 2 * s + 4, h // 4 + s,
            shade(accent, 0.7))
    cv.rect(h // 4 + 2 * s + 12, h // 2 - 1, w - h // 4, h // 2 + 2,
            (255, 255, 255))
    return cv


def avatar(size, colour):
    cv = Canvas(size, size, (230, 230, 230))
    cv.circle(size // 2, size // 3 + 1, size // 5, colour)
    cv.circle(size // 2, size + size // 8, size // 2, colour)
    return cv


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print("wrote %s (%d bytes)" % (os.path.relpath(path, REPO), len(data)))


def golden(page, name, cv):
    write(os.path.join(GOLDEN, page + "_files", name), cv.png())


def example(page, name, cv):
    write(os.path.join(EXAMPLES, page + "_files", name), cv.png())


def embed_single_file():
    """Refreshes the data: URI of examples/single-file.html in place."""
    path = os.path.join(EXAMPLES, "single-file.html")
    if not os.path.exists(path):
        return
    data = seascape(240, 135, 77).png()
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = re.sub(r'(<img id="np-embedded-image"[^>]*? src=")[^"]*(")',
                 lambda m: m.group(1) + uri + m.group(2), text, count=1)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    print("embedded %d-byte PNG in examples/single-file.html" % len(data))


def main():
    # WordPress post
    golden("wordpress", "ferry-terminal-1024x614.png", seascape(200, 120, 1))
    golden("wordpress", "harbourside-logo.png",
           logo(120, 32, (20, 60, 90), (240, 140, 60)))
    golden("wordpress", "avatar-96.png", avatar(32, (120, 90, 160)))
    golden("wordpress", "related-pier-150x90.png", seascape(80, 48, 2))
    golden("wordpress", "related-dunes-150x90.png",
           hills(80, 48, 3, green=(190, 160, 90)))
    write(os.path.join(GOLDEN, "wordpress_files", "g.gif"), PIXEL_GIF)
    # AMP article
    golden("amp", "market-640.png", skyline(200, 120, 4, dome=False))
    golden("amp", "daily-ledger-logo.png",
           logo(120, 32, (30, 30, 30), (200, 40, 40)))
    # JSON-LD byline
    golden("jsonld-byline", "reservoir-levels.png",
           hills(200, 120, 5, sky=((110, 160, 210), (235, 225, 200)),
                 green=(150, 140, 90)))
    # lazy-loading images
    golden("lazy-images", "orchard-800.png", hills(200, 120, 6))
    golden("lazy-images", "tram-depot-640.png",
           skyline(200, 120, 7, sky=((90, 110, 150), (200, 200, 210)),
                   dome=False))
    golden("lazy-images", "bakery-window.png",
           bars(200, 120, 8, colours=((190, 130, 70), (230, 200, 150))))
    golden("lazy-images", "lighthouse-noscript.png", seascape(200, 120, 9))
    golden("lazy-images", "bridge-480.png",
           skyline(200, 120, 10, sky=((30, 30, 80), (120, 60, 120)),
                   dome=False))
    write(os.path.join(GOLDEN, "lazy-images_files", "p-xyz.gif"), PIXEL_GIF)
    # figure credits
    golden("figure-credits", "flood-barrier.png", seascape(200, 120, 11))
    golden("figure-credits", "council-chamber.png",
           bars(200, 120, 12, colours=((120, 80, 60), (160, 110, 80))))
    golden("figure-credits", "river-town.png",
           skyline(200, 120, 13, sky=((100, 130, 170), (200, 210, 220)),
                   dome=False))
    golden("figure-credits", "sandbags.png",
           hills(200, 120, 14, green=(160, 140, 100)))
    golden("figure-credits", "pump-station.png",
           skyline(200, 120, 15, sky=((60, 60, 70), (150, 150, 160)),
                   dome=False))
    golden("figure-credits", "volunteers.png", hills(200, 120, 16))
    # right-to-left pages
    golden("rtl-hebrew", "light-rail.png",
           skyline(200, 120, 17, sky=((70, 120, 190), (250, 210, 150))))
    golden("rtl-arabic", "old-port.png",
           seascape(200, 120, 18, sky=((200, 150, 110), (250, 220, 170))))
    # legacy encodings
    golden("windows-1255", "library.png",
           bars(200, 120, 19, colours=((90, 60, 40), (150, 100, 60),
                                       (200, 160, 90))))
    golden("windows-1251", "logo.png",
           logo(220, 60, (140, 20, 20), (250, 250, 250)))
    golden("windows-1251", "banner.png",
           logo(728, 90, (230, 230, 240), (60, 90, 160)))
    golden("windows-1251", "tram.png",
           skyline(200, 120, 20, sky=((160, 180, 200), (230, 230, 235)),
                   dome=False))
    # examples
    example("i24news-article", "syria-skyline-illustration.png",
            skyline(800, 450, 24, sky=((52, 84, 140), (236, 176, 118))))
    example("i24news-article", "i24news-logo.png",
            logo(150, 40, (10, 20, 60), (0, 160, 220)))
    example("i24news-article", "related-1.png", hills(160, 90, 25))
    example("i24news-article", "related-2.png",
            skyline(160, 90, 26, dome=False))
    write(os.path.join(EXAMPLES, "i24news-article_files", "pixel.gif"),
          PIXEL_GIF)
    example("rtl-hebrew-article", "light-rail.png",
            skyline(400, 240, 17, sky=((70, 120, 190), (250, 210, 150))))
    embed_single_file()


if __name__ == "__main__":
    main()
