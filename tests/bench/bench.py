#!/usr/bin/env python3
"""bench.py: speed and memory of newsprint, with its peers side by side.

`make bench` runs this script (Python standard library only). It measures
newsprint on the shared corpus (NP_SHARED/corpus/readability/*/source.html)
and examples/*.html, and, when they are installed, WeasyPrint and headless
Chromium (to PDF), pandoc and calibre's ebook-convert (to EPUB) on the same
pages. It prints one Markdown report on standard output (progress goes to
standard error) and writes it to OUT/results.md, with per-run logs under
OUT/logs/.

Wall time comes from time.perf_counter, CPU time and peak memory (ru_maxrss)
from os.wait4's resource usage of the finished process. Peers are compared
with newsprint as ratios of medians on the same page, never as absolute
times alone: the machines are shared and noisy.

Exit status: 0 when every run of newsprint succeeded, even when a target is
missed (the report says FAIL); 1 when newsprint itself failed on a run; 2 on
a usage error.

Knobs (options win over the environment):
  BENCH_RUNS=N         runs of each newsprint measurement (default 5)
  BENCH_PEER_RUNS=N    runs of each peer measurement (default 3)
  BENCH_JOBS_RUNS=N    runs of each --jobs measurement (default 3)
  BENCH_QUICK=1        a few pages and one run: to try the script out
  BENCH_PEERS=0        skip the peers
  BENCH_PIN=0          do not pin the single-core measurements to one CPU
  BENCH_CPU=K          the CPU to pin to (default: the last one allowed)
  BENCH_ARTICLE=FILE   the typical article (default
                       examples/i24news-article.html)
  BENCH_PEER_TIMEOUT=S seconds before a peer run is killed (default 120)
  NP_SHARED=DIR        the shared folder (default: ../shared beside the repo)
"""

import argparse
import datetime
import math
import os
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# Stages that `newsprint --timings` reports, in pipeline order.
STAGES = ["read", "parse", "extract", "tree", "layout", "pdf", "epub", "write"]
PAGE_STAGES = {"read", "parse", "extract", "tree"}
TIMING_PREFIX = "newsprint: timing: "

# Targets of issue 6.
TARGET_EXTRACT_PAGES_PER_S = 200.0
TARGET_PEER_RATIO = 20.0
TARGET_ARTICLE_MB = 60.0
# The photo article: the typical article with its largest picture replaced
# by a JPEG photograph of this size, as news sites serve their leads.
PHOTO_SIZE = (2048, 1152)
PHOTO_EXTS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
TARGET_DIGEST_MB = 300.0
# A digest counts as linear when its time per article at the largest size
# is at most this many times the time per article at the smallest size.
TARGET_LINEAR_FACTOR = 1.5

DIGEST_SIZES = [25, 50, 100]
QUICK_DIGEST_SIZES = [2, 4, 8]
PEER_SAMPLE = 10
QUICK_PEER_SAMPLE = 2
QUICK_PAGES = 6
# A fixed seed: the digests hold the same articles in the same order on
# every machine.
DIGEST_SEED = 6
# Where the peers' HTTP requests go when they try the network: a closed
# port on the loopback, refused at once (the discard port).
DEAD_PROXY = "http://127.0.0.1:9"
STDERR_KEEP = 400


def log(msg):
    """Prints a progress line on standard error."""
    print("bench: " + msg, file=sys.stderr, flush=True)


def env_int(name, default):
    """Returns the integer in environment variable NAME, or default."""
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        log("ignoring %s=%r: not an integer" % (name, value))
        return default


def env_flag(name, default):
    """Returns environment variable NAME as a boolean (1/0), or default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "no", "false", "off")


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, q):
    """The q-th percentile (0..100) of values, linear between ranks."""
    if not values:
        return float("nan")
    s = sorted(values)
    pos = (len(s) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def geomean(values):
    values = [v for v in values if v and v > 0 and not math.isnan(v)]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_ms(seconds):
    if seconds is None or math.isnan(seconds):
        return "—"
    ms = seconds * 1000.0
    if ms >= 10000:
        return "%.0f ms" % ms
    if ms >= 100:
        return "%.0f ms" % ms
    if ms >= 10:
        return "%.1f ms" % ms
    return "%.2f ms" % ms


def fmt_s(seconds):
    if seconds is None or math.isnan(seconds):
        return "—"
    return "%.2f s" % seconds


def fmt_time(seconds):
    """Milliseconds below 10 s, seconds above."""
    if seconds is None or math.isnan(seconds):
        return "—"
    return fmt_s(seconds) if seconds >= 10 else fmt_ms(seconds)


def fmt_mb(kib):
    if kib is None or (isinstance(kib, float) and math.isnan(kib)):
        return "—"
    return "%.1f MB" % (kib / 1024.0)


def fmt_ratio(r):
    if r is None or math.isnan(r):
        return "—"
    return ("%.1f×" % r) if r < 100 else ("%.0f×" % r)


def fmt_rate(r):
    if r is None or math.isnan(r):
        return "—"
    return "%.0f" % r if r >= 100 else "%.1f" % r


def runs_text(n):
    return "%d run%s" % (n, "" if n == 1 else "s")


def md_table(header, rows):
    """A Markdown table."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        out.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(out)


def pdf_page_count(path):
    """Pages of a PDF whose page objects are not in object streams (cairo's,
    Chromium's), or None when none is found."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    n = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return n or None


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None


class Result:
    """One finished run: exit status, wall and CPU seconds, peak memory."""

    def __init__(self):
        self.rc = None
        self.wall = float("nan")
        self.user = float("nan")
        self.sys = float("nan")
        self.maxrss_kib = 0
        self.timed_out = False
        self.spawn_error = None
        self.problem = None  # a failure the exit status does not show
        self.stderr = ""

    @property
    def cpu(self):
        return self.user + self.sys

    @property
    def ok(self):
        return (self.rc == 0 and not self.timed_out and
                not self.spawn_error and not self.problem)

    def why(self):
        """A short reason for a failed run."""
        if self.spawn_error:
            return "cannot run: %s" % self.spawn_error
        if self.timed_out:
            return "timed out after %.0f s" % self.wall
        if self.rc is not None and self.rc < 0:
            return "killed by signal %d" % -self.rc
        if self.rc:
            return "exit %d" % self.rc
        if self.problem:
            return self.problem
        return "ok"


class Runner:
    """Runs commands one at a time and measures them."""

    def __init__(self, pin_cpu, logdir):
        self.pin_cpu = pin_cpu
        self.logdir = logdir
        self.count = 0

    def run(self, argv, cwd=None, env=None, timeout=None, pin=True,
            log_name=None):
        """Runs argv with standard input empty and standard output discarded;
        returns a Result. The child is the leader of a new process group,
        killed whole when it outlives timeout. With pin (and a CPU to pin
        to) the child runs on that one CPU."""
        res = Result()
        self.count += 1
        err_path = os.path.join(self.logdir, "stderr-%d.tmp" % self.count)
        old_affinity = None
        proc = None
        with open(err_path, "w+b") as err:
            if pin and self.pin_cpu is not None:
                # Affinity is per thread and inherited across fork: pin this
                # thread while it starts the child, then restore it.
                old_affinity = os.sched_getaffinity(0)
                os.sched_setaffinity(0, {self.pin_cpu})
            start = time.perf_counter()
            try:
                proc = subprocess.Popen(
                    argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=err,
                    start_new_session=True)
            except OSError as e:
                res.spawn_error = str(e)
            finally:
                if old_affinity is not None:
                    os.sched_setaffinity(0, old_affinity)
            if proc is not None:
                lock = threading.Lock()
                state = {"done": False}

                def kill():
                    with lock:
                        if not state["done"]:
                            res.timed_out = True
                            try:
                                os.killpg(proc.pid, signal.SIGKILL)
                            except OSError:
                                pass

                timer = None
                if timeout:
                    timer = threading.Timer(timeout, kill)
                    timer.daemon = True
                    timer.start()
                while True:
                    try:
                        _, status, ru = os.wait4(proc.pid, 0)
                        break
                    except InterruptedError:
                        continue
                res.wall = time.perf_counter() - start
                with lock:
                    state["done"] = True
                if timer:
                    timer.cancel()
                proc.returncode = os.waitstatus_to_exitcode(status)
                res.rc = proc.returncode
                res.user = ru.ru_utime
                res.sys = ru.ru_stime
                res.maxrss_kib = ru.ru_maxrss
                # Helpers the child left behind (a browser's) go too: the
                # group is this run's own.
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
            err.seek(0)
            res.stderr = err.read().decode("utf-8", "replace")
        if log_name:
            with open(os.path.join(self.logdir, log_name), "w",
                      encoding="utf-8") as f:
                f.write("$ %s\n# cwd %s\n# %s, wall %.3f s, cpu %.3f s, "
                        "peak %d KiB\n" % (
                            " ".join(shlex.quote(a) for a in argv), cwd or ".",
                            res.why(), res.wall, res.cpu, res.maxrss_kib))
                f.write(res.stderr)
        os.unlink(err_path)
        return res


class Series:
    """Several runs of one measurement."""

    def __init__(self, results):
        self.results = results

    @property
    def ok(self):
        return bool(self.results) and all(r.ok for r in self.results)

    def first_failure(self):
        for r in self.results:
            if not r.ok:
                return r
        return None

    def good(self):
        return [r for r in self.results if r.ok]

    @property
    def wall(self):
        return median([r.wall for r in self.good()])

    @property
    def cpu(self):
        return median([r.cpu for r in self.good()])

    @property
    def maxrss_kib(self):
        return max([r.maxrss_kib for r in self.good()] or [float("nan")])


def parse_timings(stderr):
    """The `--timings` lines of stderr as a list of (stage, ms, name)."""
    out = []
    for line in stderr.splitlines():
        if not line.startswith(TIMING_PREFIX):
            continue
        parts = line[len(TIMING_PREFIX):].split(None, 2)
        if len(parts) < 2:
            continue
        try:
            ms = float(parts[1])
        except ValueError:
            continue
        out.append((parts[0], ms, parts[2] if len(parts) > 2 else ""))
    return out


def stage_order(names):
    known = [s for s in STAGES if s in names]
    return known + sorted(n for n in names if n not in STAGES)


class Peer:
    """A converter compared with newsprint."""

    def __init__(self, name, fmt, binary, version_argv, package):
        self.name = name
        self.fmt = fmt
        self.binary = binary
        self.version_argv = version_argv
        self.package = package
        self.path = shutil.which(binary)
        self.version = None

    def detect(self):
        if not self.path:
            return
        try:
            p = subprocess.run(self.version_argv, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=60,
                               env=peer_env(tempfile.gettempdir()))
            text = (p.stdout or p.stderr).decode("utf-8", "replace")
            line = text.strip().splitlines()[0] if text.strip() else ""
            self.version = line.strip() or "unknown version"
        except (OSError, subprocess.SubprocessError) as e:
            self.version = "version unknown (%s)" % e

    def argv(self, page, output, scratch):
        """The command converting page (absolute) to output (absolute);
        it runs in the page's folder."""
        base = os.path.basename(page)
        if self.name == "WeasyPrint":
            return [self.path, base, output]
        if self.name == "Chromium":
            profile = os.path.join(scratch, "chromium-profile")
            os.makedirs(profile, exist_ok=True)
            return [self.path] + chromium_flags(profile) + [
                "--print-to-pdf=" + output, "file://" + page]
        if self.name == "pandoc":
            return [self.path, "-f", "html", "-t", "epub3", base, "-o",
                    output]
        if self.name == "calibre":
            return [self.path, base, output]
        raise ValueError(self.name)


def chromium_flags(profile):
    """Headless printing, offline: no background traffic, every host name
    unresolvable and every request sent to a refusing proxy."""
    return ["--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
            "--disable-breakpad", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=" + DEAD_PROXY, "--user-data-dir=" + profile]


def peer_env(scratch):
    """The peers' environment: HTTP through a refusing proxy (WeasyPrint's
    urllib and pandoc honour it), calibre's configuration in scratch, Qt
    without a display."""
    env = dict(os.environ)
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                "ftp_proxy", "all_proxy", "ALL_PROXY"):
        env[var] = DEAD_PROXY
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    env["CALIBRE_CONFIG_DIRECTORY"] = os.path.join(scratch, "calibre-config")
    env["CALIBRE_TEMP_DIR"] = os.path.join(scratch, "calibre-tmp")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_RUNTIME_DIR"] = os.path.join(scratch, "xdg-runtime")
    os.makedirs(env["CALIBRE_CONFIG_DIRECTORY"], exist_ok=True)
    os.makedirs(env["CALIBRE_TEMP_DIR"], exist_ok=True)
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    return env


def make_peers():
    return [
        Peer("WeasyPrint", "pdf", "weasyprint", ["weasyprint", "--version"],
             "weasyprint"),
        Peer("Chromium", "pdf", "chromium", ["chromium", "--version"],
             "chromium"),
        Peer("pandoc", "epub", "pandoc", ["pandoc", "--version"], "pandoc"),
        Peer("calibre", "epub", "ebook-convert",
             ["ebook-convert", "--version"], "calibre"),
    ]


def page_label(path, shared_corpus):
    """A short name for a page: the corpus folder or the file name."""
    if shared_corpus and path.startswith(shared_corpus + os.sep):
        return os.path.basename(os.path.dirname(path))
    return os.path.basename(path)


def spread(items, k):
    """k items spread evenly over items (sorted by the caller)."""
    if k >= len(items):
        return list(items)
    return [items[int((i + 0.5) * len(items) / k)] for i in range(k)]


def machine_info():
    info = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info.setdefault("cpu", "unknown CPU")
    info["cores"] = os.cpu_count() or 1
    info["allowed"] = len(os.sched_getaffinity(0))
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["mem"] = "%.1f GB" % (int(line.split()[1]) / 1048576)
                    break
    except OSError:
        pass
    info.setdefault("mem", "unknown")
    info["load"] = os.getloadavg()
    return info


class Bench:
    def __init__(self, args):
        self.args = args
        self.repo = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        self.newsprint = os.path.abspath(args.newsprint)
        self.out = os.path.abspath(args.out)
        self.work = os.path.join(self.out, "work")
        self.logs = os.path.join(self.out, "logs")
        self.failures = []  # (what, Result) of newsprint runs that failed
        self.notes = []
        self.targets = []  # (target, goal, measured, PASS/FAIL/—)
        self.sections = []
        self.timings = False
        self.jobs = False

    # ---- set-up ---------------------------------------------------------

    def setup(self):
        a = self.args
        for d in (self.work, self.logs):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        self.scratch = tempfile.mkdtemp(prefix="np-bench-")
        pin_cpu = None
        if a.pin:
            allowed = sorted(os.sched_getaffinity(0))
            pin_cpu = a.cpu if a.cpu is not None else allowed[-1]
            if pin_cpu not in allowed:
                log("CPU %d is not allowed here: not pinning" % pin_cpu)
                pin_cpu = None
        self.pin_cpu = pin_cpu
        self.runner = Runner(pin_cpu, self.logs)
        self.machine = machine_info()
        self.started = datetime.datetime.now().astimezone()

        shared = a.shared or os.environ.get("NP_SHARED") or os.path.join(
            os.path.dirname(self.repo), "shared")
        self.corpus_dir = os.path.join(os.path.abspath(shared), "corpus",
                                       "readability")
        corpus = []
        if os.path.isdir(self.corpus_dir):
            for name in sorted(os.listdir(self.corpus_dir)):
                p = os.path.join(self.corpus_dir, name, "source.html")
                if os.path.isfile(p):
                    corpus.append(p)
        if not corpus:
            log("no corpus pages under %s: examples only" % self.corpus_dir)
            self.notes.append("No corpus pages found under `%s`: the figures "
                              "cover the examples only." % self.corpus_dir)
        examples_dir = os.path.join(self.repo, "examples")
        examples = sorted(
            os.path.join(examples_dir, n) for n in os.listdir(examples_dir)
            if n.endswith(".html")) if os.path.isdir(examples_dir) else []
        self.article = os.path.abspath(
            a.article or os.path.join(examples_dir, "i24news-article.html"))
        self.photo_article = self.make_photo_article()
        by_size = sorted(corpus, key=lambda p: (os.path.getsize(p), p))
        if a.quick:
            corpus = sorted(spread(by_size, QUICK_PAGES))
            by_size = sorted(corpus, key=lambda p: (os.path.getsize(p), p))
        self.corpus = corpus
        self.examples = examples
        self.pages = corpus + examples
        self.peer_sample = spread(
            by_size, QUICK_PEER_SAMPLE if a.quick else PEER_SAMPLE)
        self.digest_sizes = QUICK_DIGEST_SIZES if a.quick else DIGEST_SIZES

        if not os.access(self.newsprint, os.X_OK):
            raise SystemExit("bench: %s is not an executable (build it with "
                             "`make`)" % self.newsprint)
        p = subprocess.run([self.newsprint, "--version"], capture_output=True)
        self.version = p.stdout.decode("utf-8", "replace").strip() or "?"
        helptext = subprocess.run([self.newsprint, "--help"],
                                  capture_output=True).stdout.decode(
                                      "utf-8", "replace")
        self.timings = "--timings" in helptext
        self.jobs = "--jobs" in helptext
        self.git = ""
        try:
            g = subprocess.run(["git", "-C", self.repo, "describe", "--always",
                                "--dirty"], capture_output=True, timeout=20)
            self.git = g.stdout.decode().strip()
        except (OSError, subprocess.SubprocessError):
            pass

        self.peers = []
        if a.peers:
            for peer in make_peers():
                peer.detect()
                self.peers.append(peer)

    def make_photo_article(self):
        """Writes the photo article under work/ (the typical article, its
        largest picture replaced by a PHOTO_SIZE JPEG made by --photo-tool)
        and returns its path, or None with a note saying why not."""
        tool = self.args.photo_tool
        if not tool:
            return None
        why = self.write_photo_article(tool)
        if why:
            self.notes.append("No photo article: %s." % why)
            return None
        return os.path.join(self.work, "photo", "photo-article.html")

    def write_photo_article(self, tool):
        """Does the work of make_photo_article; returns None, or why the
        photo article cannot be made."""
        files = os.path.splitext(self.article)[0] + "_files"
        if not os.access(tool, os.X_OK):
            return "%s cannot be run" % tool
        if not os.path.isdir(files):
            return "%s has no `_files/` folder" % self.shown(self.article)
        pictures = sorted((os.path.getsize(os.path.join(files, n)), n)
                          for n in os.listdir(files)
                          if n.lower().endswith(PHOTO_EXTS))
        if not pictures:
            return "%s has no picture" % self.shown(files)
        lead = pictures[-1][1]
        with open(self.article, encoding="utf-8", errors="replace") as f:
            html = f.read()
        old_dir = os.path.basename(files) + "/"
        if old_dir + lead not in html:
            return "%s does not name %s" % (self.shown(self.article), lead)
        folder = os.path.join(self.work, "photo")
        new_files = os.path.join(folder, "photo-article_files")
        shutil.copytree(files, new_files)
        r = subprocess.run([tool, os.path.join(files, lead),
                            os.path.join(new_files, "lead-photo.jpg"),
                            str(PHOTO_SIZE[0]), str(PHOTO_SIZE[1])],
                           capture_output=True)
        if r.returncode != 0:
            return r.stderr.decode("utf-8", "replace").strip()
        html = html.replace(old_dir + lead, "photo-article_files/lead-photo.jpg")
        html = html.replace(old_dir, "photo-article_files/")
        with open(os.path.join(folder, "photo-article.html"), "w",
                  encoding="utf-8") as f:
            f.write(html)
        self.photo_lead = lead
        return None

    def np_run(self, what, argv, runs, pin=True, log_name=None):
        """Runs newsprint argv (without the binary) runs times; records
        failures. Returns a Series."""
        results = []
        for i in range(runs):
            r = self.runner.run([self.newsprint] + argv, pin=pin,
                                log_name=log_name if i == runs - 1 else None)
            if not r.ok:
                self.failures.append((what, r))
                log("newsprint failed (%s): %s" % (what, r.why()))
            results.append(r)
        return Series(results)

    def outpath(self, name):
        return os.path.join(self.work, name)

    # ---- measurements ---------------------------------------------------

    def bench_extraction(self):
        a = self.args
        log("extraction: %d pages to JSON in one process, %d runs" %
            (len(self.pages), a.runs))
        s = self.np_run("extraction", ["-q", "--to", "json"] + self.pages +
                        ["-o", "/dev/null"], a.runs, log_name="extract.log")
        n = len(self.pages)
        rows = []
        if s.good():
            rows.append([n, len(s.results), fmt_s(s.wall), fmt_s(s.cpu),
                         fmt_rate(n / s.wall), fmt_rate(n / s.cpu),
                         fmt_mb(s.maxrss_kib)])
            rate = n / s.cpu
            self.targets.append([
                "Extraction, one core (corpus to JSON in one process)",
                "≥ %d pages/s" % TARGET_EXTRACT_PAGES_PER_S,
                "%s pages/s (CPU; wall: %s)" % (fmt_rate(rate),
                                                fmt_rate(n / s.wall)),
                "PASS" if rate >= TARGET_EXTRACT_PAGES_PER_S else "FAIL"])
        else:
            rows.append([n, len(s.results), "failed: " +
                         s.first_failure().why(), "", "", "", ""])
            self.targets.append([
                "Extraction, one core", "≥ %d pages/s" %
                TARGET_EXTRACT_PAGES_PER_S, "newsprint failed", "FAIL"])
        text = ["## Extraction: every page to JSON in one process", "",
                "`newsprint -q --to json PAGES... -o /dev/null` over the "
                "corpus and the examples (%d pages); medians of %s%s. "
                "Pages/s (CPU) divides by the process's user + system time, "
                "which other load on the machine inflates least; the target "
                "is judged on it." % (n, runs_text(a.runs),
                                      self.pinned_text()), "",
                md_table(["Pages", "Runs", "Wall", "CPU", "Pages/s (wall)",
                          "Pages/s (CPU)", "Peak memory"], rows)]
        if self.timings:
            r = self.runner.run([self.newsprint, "--timings", "--to", "json"] +
                                self.pages + ["-o", "/dev/null"],
                                log_name="extract-timings.log")
            if not r.ok:
                self.failures.append(("extraction with --timings", r))
            per_page = {}
            for stage, ms, name in parse_timings(r.stderr):
                if stage in PAGE_STAGES:
                    per_page[name] = per_page.get(name, 0.0) + ms
            if per_page:
                v = list(per_page.values())
                text += ["", "Inside that process (`--timings`: read + parse "
                         "+ extract + tree per page, %d pages): median %.2f "
                         "ms, 95th percentile %.2f ms, slowest %.2f ms "
                         "(%s)." % (len(v), median(v), percentile(v, 95),
                                    max(v), page_label(
                                        max(per_page, key=per_page.get),
                                        self.corpus_dir))]
        self.sections.append("\n".join(text))

    def shown(self, path):
        """path relative to the repository when inside it, else absolute."""
        rel = os.path.relpath(path, self.repo)
        return path if rel.startswith("..") else rel

    def pinned_text(self):
        if self.pin_cpu is None:
            return ", not pinned"
        return ", pinned to CPU %d" % self.pin_cpu

    def bench_article(self):
        a = self.args
        name = self.shown(self.article)
        log("typical article %s to PDF and EPUB, %d runs each" %
            (name, a.runs))
        rows = []
        self.article_series = {}
        self.article_stages = {}
        self.photo_series = {}
        peak = 0
        jobs = [("", self.article, self.article_series)]
        if self.photo_article:
            log("photo article to PDF and EPUB, %d runs each" % a.runs)
            jobs.append(("photo ", self.photo_article, self.photo_series))
        for (label, page, series), fmt in [(j, f) for j in jobs
                                           for f in ("pdf", "epub")]:
            out = self.outpath(label.strip() + "article." + fmt)
            # One run untimed first: the page and fonts in the file cache.
            self.runner.run([self.newsprint, "-q", page, "-o", out])
            s = self.np_run(label + "article to " + fmt,
                            ["-q", page, "-o", out], a.runs,
                            log_name="%sarticle-%s.log" % (
                                label.strip() + "-" if label else "", fmt))
            series[fmt] = s
            row_name = ("%s, photo article" % fmt.upper()) if label else \
                fmt.upper()
            if s.good():
                peak = max(peak, s.maxrss_kib)
                size = file_size(out)
                pages = pdf_page_count(out) if fmt == "pdf" else None
                rows.append([row_name, fmt_ms(s.wall), fmt_ms(s.cpu),
                             fmt_rate(1.0 / s.wall), fmt_mb(s.maxrss_kib),
                             "%.0f KB" % (size / 1000.0) if size else "—",
                             pages or "—"])
            else:
                rows.append([row_name, "failed: " + s.first_failure().why(),
                             "", "", "", "", ""])
            if self.timings and not label:
                stages = {}
                for _ in range(max(1, min(a.runs, 3))):
                    r = self.runner.run([self.newsprint, "--timings",
                                         self.article, "-o", out])
                    for stage, ms, _n in parse_timings(r.stderr):
                        stages.setdefault(stage, []).append(ms)
                self.article_stages[fmt] = stages
        ok = all(s.ok for s in list(self.article_series.values()) +
                 list(self.photo_series.values()))
        self.targets.append([
            "Peak memory, one article (PDF and EPUB%s)" % (
                "; typical and photo article" if self.photo_article else ""),
            "< %d MB" % TARGET_ARTICLE_MB,
            fmt_mb(peak) if ok else "newsprint failed",
            "PASS" if ok and peak / 1024.0 < TARGET_ARTICLE_MB else "FAIL"])
        self.sections.append("\n".join([
            "## One typical article", "",
            "`newsprint -q %s -o OUT.pdf|.epub`: one process, one article; "
            "medians of %s after one untimed run%s.%s" % (
                name, runs_text(a.runs), self.pinned_text(),
                (" The photo article is the same page with its largest "
                 "picture (`%s`) replaced by a %d × %d JPEG photograph "
                 "(`tests/bench/photo.c`), the size news sites serve their "
                 "lead photographs at." % ((self.photo_lead,) + PHOTO_SIZE))
                if self.photo_article else ""), "",
            md_table(["Output", "Wall", "CPU", "Articles/s", "Peak memory",
                      "Size", "PDF pages"], rows)]))

    def bench_per_page(self):
        """Each page in its own process, once, to JSON, PDF and EPUB."""
        log("one process per page: %d pages to JSON, PDF and EPUB" %
            len(self.pages))
        rows = []
        self.page_stages = {}
        for fmt in ("json", "pdf", "epub"):
            walls, peak, failed, n = [], 0, [], 0
            slowest = (0.0, "")
            stages = {}
            for i, page in enumerate(self.pages):
                out = self.outpath("page-%d.%s" % (i, fmt))
                # --timings without -q, whatever -q does to it
                argv = [self.newsprint, "-q", page, "-o", out]
                if self.timings and fmt != "json":
                    argv[1] = "--timings"
                r = self.runner.run(argv)
                n += 1
                if not r.ok:
                    failed.append(page_label(page, self.corpus_dir))
                    self.failures.append(("%s to %s" % (
                        page_label(page, self.corpus_dir), fmt), r))
                    continue
                walls.append(r.wall)
                slowest = max(slowest, (r.wall, page_label(page,
                                                           self.corpus_dir)))
                peak = max(peak, r.maxrss_kib)
                by_stage = {}
                for stage, ms, _name in parse_timings(r.stderr):
                    by_stage[stage] = by_stage.get(stage, 0.0) + ms
                for stage, ms in by_stage.items():
                    stages.setdefault(stage, []).append(ms)
                if by_stage:
                    stages.setdefault("(all stages)", []).append(
                        sum(by_stage.values()))
                stages.setdefault("(process wall)", []).append(r.wall * 1000)
                try:
                    os.unlink(out)
                except OSError:
                    pass
            if stages:
                self.page_stages[fmt] = stages
            total = sum(walls)
            rows.append([fmt.upper(), n, len(failed),
                         fmt_rate(len(walls) / total) if total else "—",
                         fmt_ms(median(walls)), fmt_ms(percentile(walls, 95)),
                         "%s (%s)" % (fmt_ms(slowest[0]), slowest[1])
                         if walls else "—",
                         fmt_mb(peak)])
            if failed:
                self.notes.append("newsprint failed to convert to %s: %s." % (
                    fmt.upper(), ", ".join(failed)))
        self.sections.append("\n".join([
            "## One process per page", "",
            "Every page (%d) converted on its own, `newsprint -q PAGE -o "
            "OUT`, one run each%s: what a user converting one article waits "
            "for, start-up included." % (len(self.pages), self.pinned_text()),
            "", md_table(["Output", "Pages", "Failed", "Pages/s",
                          "Median per page", "95th percentile",
                          "Slowest (page)",
                          "Peak memory (largest)"], rows)]))

    def section_stages(self):
        title = "## Stages (`--timings`)"
        if not self.timings:
            self.sections.append(title + "\n\nnot available: this newsprint "
                                 "has no `--timings` option.")
            return
        names = set()
        for d in [self.article_stages.get(f, {}) for f in ("pdf", "epub")] + \
                [self.page_stages.get(f, {}) for f in ("pdf", "epub")]:
            names.update(k for k in d if not k.startswith("("))
        if not names:
            self.sections.append(
                title + "\n\n`--timings` is there, but newsprint printed no "
                "line `%sSTAGE MILLISECONDS NAME`." % TIMING_PREFIX)
            return
        rows = []
        labels = {"(all stages)": "all stages",
                  "(process wall)": "whole process (wall, from outside)"}
        for stage in stage_order(names) + list(labels):
            row = [labels.get(stage, stage)]
            for fmt in ("pdf", "epub"):
                stages = self.article_stages.get(fmt, {})
                if stage == "(process wall)":
                    s = self.article_series.get(fmt)
                    row.append("%.2f" % (s.wall * 1000)
                               if s and s.good() else "—")
                elif stage == "(all stages)":
                    v = [median(x) for k, x in stages.items()]
                    row.append("%.2f" % sum(v) if v else "—")
                else:
                    v = stages.get(stage)
                    row.append("%.2f" % median(v) if v else "—")
            for fmt in ("pdf", "epub"):
                v = self.page_stages.get(fmt, {}).get(stage)
                if v:
                    row += ["%.0f" % sum(v), "%.2f" % median(v),
                            "%.2f" % percentile(v, 95)]
                else:
                    row += ["—", "—", "—"]
            rows.append(row)
        self.sections.append("\n".join([
            title, "",
            "Milliseconds per stage as `newsprint --timings` reports them "
            "(read, parse, extract, tree per input page; layout, pdf, epub, "
            "write per output). The typical article: medians of up to 3 "
            "runs. Corpus: one process per page (the runs above), the sum "
            "over the pages and the median and 95th percentile per page. The "
            "last row is the whole process as measured from outside: the "
            "difference is start-up (fonts, styles) and exit.", "",
            md_table(["Stage", "Article PDF", "Article EPUB",
                      "Each page to PDF: sum", "median", "p95",
                      "Each page to EPUB: sum", "median", "p95"], rows)]))

    def digest_pool(self):
        """The pages a digest may hold: every page, in a fixed shuffled
        order, less those newsprint drops as duplicates of another."""
        pool = list(self.pages)
        random.Random(DIGEST_SEED).shuffle(pool)
        r = self.runner.run([self.newsprint] + pool +
                            ["-o", self.outpath("pool.epub")], pin=False,
                            log_name="digest-pool.log")
        dropped = set()
        for line in r.stderr.splitlines():
            m = re.match(r"newsprint: (.*): duplicate dropped", line)
            if m:
                dropped.add(m.group(1))
        return [p for p in pool if p not in dropped], len(dropped)

    def bench_digests(self):
        a = self.args
        pool, n_dropped = self.digest_pool()
        sizes = [n for n in self.digest_sizes if n <= len(pool)]
        if len(sizes) < len(self.digest_sizes):
            self.notes.append("Only %d distinct pages: digest sizes above "
                              "that are left out." % len(pool))
        log("digests of %s articles to EPUB and PDF, %d runs each" %
            ("/".join(str(n) for n in sizes), a.runs))
        rows = []
        per = {"epub": {}, "pdf": {}}
        peaks = {"epub": {}, "pdf": {}}
        for fmt in ("epub", "pdf"):
            for n in sizes:
                out = self.outpath("digest-%d.%s" % (n, fmt))
                s = self.np_run("digest of %d to %s" % (n, fmt),
                                ["-q"] + pool[:n] + ["-o", out], a.runs,
                                log_name="digest-%d-%s.log" % (n, fmt))
                if not s.good():
                    rows.append([n, fmt.upper(), "failed: " +
                                 s.first_failure().why(), "", "", "", "", "",
                                 ""])
                    continue
                per[fmt][n] = s.wall / n
                peaks[fmt][n] = s.maxrss_kib
                size = file_size(out)
                pages = pdf_page_count(out) if fmt == "pdf" else None
                rows.append([n, fmt.upper(), fmt_s(s.wall), fmt_s(s.cpu),
                             fmt_ms(s.wall / n), fmt_mb(s.maxrss_kib), "",
                             "%.1f MB" % (size / 1e6) if size else "—",
                             ("%d (%.0f/s)" % (pages, pages / s.wall))
                             if pages else "—"])
            # memory growth per article between consecutive sizes
            prev = None
            for row in rows:
                if row[1] != fmt.upper() or row[0] not in peaks[fmt]:
                    continue
                n = row[0]
                if prev is not None:
                    grow = (peaks[fmt][n] - peaks[fmt][prev]) / (n - prev)
                    row[6] = "%+.2f MB" % (grow / 1024.0)
                prev = n
        big = max(sizes) if sizes else None
        small = min(sizes) if sizes else None
        peak_big = max([peaks[f].get(big, 0) for f in peaks] or [0])
        ok = big is not None and all(big in peaks[f] for f in peaks)
        self.targets.append([
            "Peak memory, %s-article digest (EPUB and PDF)" % big,
            "< %d MB" % TARGET_DIGEST_MB,
            fmt_mb(peak_big) if ok else "newsprint failed",
            "PASS" if ok and peak_big / 1024.0 < TARGET_DIGEST_MB else "FAIL"])
        for fmt in ("epub", "pdf"):
            if small in per[fmt] and big in per[fmt] and small != big:
                f = per[fmt][big] / per[fmt][small]
                self.targets.append([
                    "Digest to %s linear in the articles" % fmt.upper(),
                    "ms/article at %d ≤ %.1f × at %d" % (
                        big, TARGET_LINEAR_FACTOR, small),
                    "%s vs %s (%.2f×)" % (fmt_ms(per[fmt][big]),
                                          fmt_ms(per[fmt][small]), f),
                    "PASS" if f <= TARGET_LINEAR_FACTOR else "FAIL"])
            else:
                self.targets.append(["Digest to %s linear" % fmt.upper(),
                                     "", "not measured", "FAIL"])
        self.sections.append("\n".join([
            "## Digests", "",
            "`newsprint -q PAGE... -o digest.epub|.pdf` with the first N of "
            "%d distinct pages in a fixed shuffled order (seed %d; the %d "
            "pages newsprint drops as near-duplicates of another left out), "
            "so each size is a like sample; medians of %s%s. Linear "
            "growth shows as the same time per article at every size. "
            "Memory growth is per added article from the size above." % (
                len(pool), DIGEST_SEED, n_dropped, runs_text(a.runs),
                self.pinned_text()), "",
            md_table(["Articles", "Output", "Wall", "CPU", "Per article",
                      "Peak memory", "Memory per added article", "Size",
                      "PDF pages (pages/s)"], rows)]))

    def bench_jobs(self):
        title = "## Parallel conversion (`--jobs N`)"
        if not self.jobs:
            self.sections.append(title + "\n\nnot available: this newsprint "
                                 "has no `--jobs` option.")
            return
        a = self.args
        pages = self.corpus or self.pages
        # Corpus pages are all named source.html: give each input its own
        # name, so that the outputs in one folder do not collide.
        stage = os.path.join(self.work, "jobs-in")
        os.makedirs(stage, exist_ok=True)
        inputs = []
        for p in pages:
            name = (page_label(p, self.corpus_dir) if p in self.corpus else
                    os.path.splitext(os.path.basename(p))[0]) + ".html"
            link = os.path.join(stage, name)
            os.symlink(p, link)
            inputs.append(link)
        cores = self.machine["allowed"]
        ns = sorted({1, 2, 4, cores})
        runs = a.jobs_runs
        log("--jobs %s: %d pages to PDF, %d runs each" % (
            "/".join(str(n) for n in ns), len(inputs), runs))
        rows = []
        base = None
        for n in ns:
            outdir = os.path.join(self.work, "jobs-%d" % n)
            results = []
            for _ in range(runs):
                shutil.rmtree(outdir, ignore_errors=True)
                os.makedirs(outdir)
                r = self.runner.run([self.newsprint, "-q", "--jobs", str(n),
                                     "-O", outdir, "--to", "pdf"] + inputs,
                                    pin=False, log_name="jobs-%d.log" % n)
                if not r.ok:
                    self.failures.append(("--jobs %d" % n, r))
                results.append(r)
            s = Series(results)
            written = len([f for f in os.listdir(outdir) if
                           f.endswith(".pdf")]) if os.path.isdir(outdir) else 0
            if not s.good():
                rows.append([n, "failed: " + s.first_failure().why(), "", "",
                             "", ""])
                continue
            if base is None and n == 1:
                base = s.wall
            rows.append([n, fmt_s(s.wall), fmt_s(s.cpu),
                         fmt_rate(len(inputs) / s.wall),
                         fmt_ratio(base / s.wall) if base else "—",
                         fmt_mb(s.maxrss_kib),
                         "%d of %d" % (written, len(inputs))])
        self.sections.append("\n".join([
            title, "",
            "`newsprint -q --jobs N -O DIR --to pdf PAGES...` over %d corpus "
            "pages, not pinned; medians of %s. The machine has %d "
            "cores (%d allowed here); load average at the start %s, so "
            "speed-up beyond the idle cores is not to be expected." % (
                len(inputs), runs_text(runs), self.machine["cores"],
                self.machine["allowed"],
                " ".join("%.2f" % x for x in self.machine["load"])), "",
            md_table(["Jobs", "Wall", "CPU (all processes)", "Pages/s",
                      "Speed-up", "Peak memory (largest process)", "PDFs "
                      "written"], rows)]))

    # ---- peers ----------------------------------------------------------

    def peer_run(self, peer, page, tag, runs):
        """Runs peer on page runs times (each output in its own file);
        returns (Series, output path of the last run, reason or None)."""
        env = peer_env(self.scratch)
        results = []
        out = None
        reason = None
        for i in range(runs):
            out = self.outpath("peer-%s-%s-%d.%s" % (
                peer.binary, tag, i, peer.fmt))
            r = self.runner.run(peer.argv(page, out, self.scratch),
                                cwd=os.path.dirname(page), env=env,
                                timeout=self.args.peer_timeout,
                                log_name="peer-%s-%s.log" % (peer.binary, tag))
            if r.ok and not file_size(out):
                r.problem = "exit 0 but no output written"
            results.append(r)
            if not r.ok:
                reason = r.why()
                break  # a failing peer is not retried
            if i < runs - 1:
                try:
                    os.unlink(out)
                except OSError:
                    pass
        return Series(results), out, reason

    def np_page(self, page, fmt, tag):
        """newsprint on page to fmt, BENCH_RUNS runs after one untimed."""
        out = self.outpath("np-%s.%s" % (tag, fmt))
        self.runner.run([self.newsprint, "-q", page, "-o", out])
        return self.np_run("%s to %s" % (tag, fmt), ["-q", page, "-o", out],
                           self.args.runs)

    def bench_peers(self):
        title = "## Peers"
        a = self.args
        if not a.peers:
            self.sections.append(title + "\n\nskipped (BENCH_PEERS=0).")
            for p in make_peers():
                self.targets.append([
                    "One article to %s vs %s" % (p.fmt.upper(), p.name),
                    "≥ %d× faster" % TARGET_PEER_RATIO, "peers skipped",
                    "—"])
            return
        present = [p for p in self.peers if p.path]
        missing = [p for p in self.peers if not p.path]
        text = [title, "",
                "Each peer converts the same saved page, run in the page's "
                "folder, to the same format; the ratio is the peer's median "
                "wall time over newsprint's on that page (> 1: newsprint is "
                "faster), the CPU ratio the same with user + system time "
                "(of the process and the children it waited for). Medians of "
                "%s of each peer and %s of newsprint%s, one untimed run of "
                "each first on the typical article. The peers convert the "
                "whole page (menus, comments and all), newsprint the article "
                "it finds: the same input and the same kind of output, not "
                "the same output. Offline: HTTP(S) goes to a refusing proxy "
                "(`%s`), Chromium also resolves no host name; a run is "
                "killed after %d s." % (runs_text(a.peer_runs),
                                        runs_text(a.runs),
                                         self.pinned_text(), DEAD_PROXY,
                                         a.peer_timeout), ""]
        if missing:
            text += ["Not installed (`make bench-peers` installs them): " +
                     ", ".join("%s (`%s`)" % (p.name, p.binary)
                               for p in missing) + ".", ""]
        # the typical article
        art = self.article
        np_series = self.article_series
        rows = []
        for peer in self.peers:
            target = "One article to %s vs %s" % (peer.fmt.upper(), peer.name)
            goal = "≥ %d× faster" % TARGET_PEER_RATIO
            if not peer.path:
                rows.append([peer.name, peer.fmt.upper(), "not installed", "",
                             "", "", "", ""])
                self.targets.append([target, goal, "not installed", "—"])
                continue
            log("peer %s on the typical article, %d runs" % (
                peer.name, a.peer_runs))
            try:
                self.peer_run(peer, art, "article-warm", 1)
                s, out, reason = self.peer_run(peer, art, "article",
                                               a.peer_runs)
            except Exception as e:  # a peer never stops the benchmark
                s, out, reason = Series([]), None, "error: %s" % e
            n = np_series.get(peer.fmt)
            if reason or not s.good():
                rows.append([peer.name, peer.fmt.upper(), peer.version,
                             "failed: %s" % reason, "", "", "", ""])
                self.targets.append([target, goal, "%s failed: %s" % (
                    peer.name, reason), "—"])
                continue
            if not n or not n.good():
                rows.append([peer.name, peer.fmt.upper(), peer.version,
                             fmt_time(s.wall), "newsprint failed", "", "", ""])
                self.targets.append([target, goal, "newsprint failed",
                                     "FAIL"])
                continue
            ratio = s.wall / n.wall
            cratio = s.cpu / n.cpu if n.cpu > 0 else float("nan")
            pages = pdf_page_count(out) if peer.fmt == "pdf" else None
            rows.append([peer.name, peer.fmt.upper(), peer.version,
                         fmt_time(s.wall), fmt_ratio(ratio), fmt_ratio(cratio),
                         fmt_mb(s.maxrss_kib),
                         "%.0f KB%s" % (
                             file_size(out) / 1000.0,
                             ", %d pages" % pages if pages else "")])
            self.targets.append([target, goal, "%s (CPU %s)" % (
                fmt_ratio(ratio), fmt_ratio(cratio)),
                "PASS" if ratio >= TARGET_PEER_RATIO else "FAIL"])
        text += ["### The typical article (`%s`)" % self.shown(art), "",
            md_table(["Peer", "Output", "Version", "Peer wall",
                      "Ratio (wall)", "Ratio (CPU)",
                      "Peak memory (largest process)", "Output"], rows), ""]
        # the photo article: the same page with a large lead photograph
        if present and self.photo_article:
            rows = []
            for peer in present:
                log("peer %s on the photo article, %d runs" % (
                    peer.name, a.peer_runs))
                try:
                    self.peer_run(peer, self.photo_article, "photo-warm", 1)
                    s, _out, reason = self.peer_run(
                        peer, self.photo_article, "photo", a.peer_runs)
                except Exception as e:
                    s, reason = Series([]), "error: %s" % e
                n = self.photo_series.get(peer.fmt)
                if reason or not s.good():
                    rows.append([peer.name, peer.fmt.upper(),
                                 "failed: %s" % reason, "", ""])
                elif not n or not n.good():
                    rows.append([peer.name, peer.fmt.upper(),
                                 fmt_time(s.wall), "newsprint failed", ""])
                else:
                    rows.append([peer.name, peer.fmt.upper(),
                                 fmt_time(s.wall), fmt_ratio(s.wall / n.wall),
                                 fmt_ratio(s.cpu / n.cpu) if n.cpu > 0
                                 else "—"])
            text += ["### The photo article (a %d × %d JPEG lead)" %
                     PHOTO_SIZE, "",
                     "No target of its own: it shows what a large "
                     "photograph costs each program.", "",
                     md_table(["Peer", "Output", "Peer wall", "Ratio (wall)",
                               "Ratio (CPU)"], rows), ""]
        # the sample
        if present and self.peer_sample:
            for fmt in ("pdf", "epub"):
                peers = [p for p in present if p.fmt == fmt]
                if not peers:
                    continue
                log("peers to %s on %d sample pages" % (
                    fmt.upper(), len(self.peer_sample)))
                rows = []
                ratios = {p.name: [] for p in peers}
                fails = {p.name: 0 for p in peers}
                for page in self.peer_sample:
                    label = page_label(page, self.corpus_dir)
                    n = self.np_page(page, fmt, label)
                    row = [label, "%.0f KB" % (os.path.getsize(page) / 1000.0),
                           fmt_ms(n.wall) if n.good() else
                           "failed: " + n.first_failure().why()]
                    for peer in peers:
                        try:
                            s, _out, reason = self.peer_run(
                                peer, page, label, a.peer_runs)
                        except Exception as e:
                            s, reason = Series([]), "error: %s" % e
                        if reason or not s.good():
                            fails[peer.name] += 1
                            row.append("failed: %s" % reason)
                        elif n.good():
                            r = s.wall / n.wall
                            ratios[peer.name].append(r)
                            row.append("%s (%s)" % (fmt_ratio(r),
                                                    fmt_time(s.wall)))
                        else:
                            row.append(fmt_time(s.wall))
                    rows.append(row)
                rows.append(["**geometric mean**", "", ""] + [
                    "**%s** (%d page%s%s)" % (
                        fmt_ratio(geomean(ratios[p.name])),
                        len(ratios[p.name]),
                        "" if len(ratios[p.name]) == 1 else "s",
                        ", %d failed" % fails[p.name] if fails[p.name] else "")
                    for p in peers])
                text += ["### %d corpus pages to %s" % (
                    len(self.peer_sample), fmt.upper()), "",
                    "Pages spread evenly over the corpus by size. Each peer "
                    "cell: ratio peer/newsprint (the peer's median wall "
                    "time).", "",
                    md_table(["Page", "Size", "newsprint"] +
                             [p.name for p in peers], rows), ""]
        text.append("Peer logs (the command, its status and its standard "
                    "error): `%s/peer-*.log`." % self.shown(self.logs))
        self.sections.append("\n".join(text))

    # ---- report ---------------------------------------------------------

    def reproduce(self):
        a = self.args
        env = []
        if a.quick:
            env.append("BENCH_QUICK=1")
        env.append("BENCH_RUNS=%d" % a.runs)
        if a.peers:
            env.append("BENCH_PEER_RUNS=%d" % a.peer_runs)
        else:
            env.append("BENCH_PEERS=0")
        env.append("BENCH_JOBS_RUNS=%d" % a.jobs_runs)
        if not a.pin:
            env.append("BENCH_PIN=0")
        elif a.cpu is not None:
            env.append("BENCH_CPU=%d" % a.cpu)
        if a.article:
            env.append("BENCH_ARTICLE=%s" % shlex.quote(a.article))
        if a.peer_timeout != 120:
            env.append("BENCH_PEER_TIMEOUT=%d" % a.peer_timeout)
        make = "make bench " + " ".join(env)
        direct = "python3 %s %s" % (
            os.path.relpath(os.path.abspath(__file__), self.repo),
            " ".join(shlex.quote(x) for x in sys.argv[1:]))
        return make, direct

    def report(self):
        m = self.machine
        make, direct = self.reproduce()
        end_load = os.getloadavg()
        elapsed = time.time() - self.t0
        peers = []
        for p in self.peers:
            peers.append("%s: %s" % (p.name, p.version if p.path else
                                    "not installed"))
        head = [
            "# newsprint benchmark%s" % (" (QUICK: a few pages, one run; "
                                         "not for comparison)"
                                         if self.args.quick else ""),
            "",
            "- Date: %s; took %.0f s" % (
                self.started.strftime("%Y-%m-%d %H:%M %Z"), elapsed),
            "- Machine: %s, %d cores (%d allowed), %s memory; load average "
            "%s at the start, %s at the end" % (
                m["cpu"], m["cores"], m["allowed"], m["mem"],
                " ".join("%.2f" % x for x in m["load"]),
                " ".join("%.2f" % x for x in end_load)),
            "- newsprint: %s (`%s`%s)%s" % (
                self.version, self.shown(self.newsprint),
                ", git %s" % self.git if self.git else "",
                "" if self.timings else "; no `--timings`"),
            "- Peers: %s" % ("; ".join(peers) if peers else
                             "skipped (BENCH_PEERS=0)"),
            "- Pages: %d corpus pages (`%s`) and %d examples" % (
                len(self.corpus), self.corpus_dir, len(self.examples)),
            "- Runs: newsprint %d, peers %d, `--jobs` %d; single-core "
            "figures %s" % (
                self.args.runs, self.args.peer_runs, self.args.jobs_runs,
                "pinned to CPU %d" % self.pin_cpu if self.pin_cpu is not None
                else "not pinned"),
            "- Reproduce: `%s` (or `%s`)" % (make, direct),
        ]
        if m["load"][0] > max(1, m["allowed"] - 1):
            head.append("- The machine was busy (load %.2f on %d cores): "
                        "wall times are inflated; the CPU times and the "
                        "ratios are the figures to read." % (
                            m["load"][0], m["allowed"]))
        parts = ["\n".join(head), "\n".join([
            "## Targets", "",
            md_table(["Target", "Goal", "Measured", "Result"],
                     self.targets)])]
        parts += self.sections
        notes = list(self.notes)
        if self.failures:
            seen = set()
            for what, r in self.failures:
                key = (what, r.why())
                if key in seen:
                    continue
                seen.add(key)
                tail = r.stderr.strip()[-STDERR_KEEP:].replace("\n", " ")
                notes.append("newsprint failed: %s: %s%s" % (
                    what, r.why(), (": `%s`" % tail) if tail else ""))
        if notes:
            parts.append("## Notes\n\n" + "\n".join("- " + n for n in notes))
        return "\n\n".join(parts) + "\n"

    def main(self):
        self.t0 = time.time()
        self.setup()
        try:
            self.bench_extraction()
            self.bench_article()
            self.bench_per_page()
            self.section_stages()
            self.bench_digests()
            self.bench_jobs()
            self.bench_peers()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        text = self.report()
        with open(os.path.join(self.out, "results.md"), "w",
                  encoding="utf-8") as f:
            f.write(text)
        sys.stdout.write(text)
        sys.stdout.flush()
        log("report written to %s (%.0f s)" % (
            os.path.join(self.out, "results.md"), time.time() - self.t0))
        return 1 if self.failures else 0


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Speed and memory of newsprint, with its peers.")
    p.add_argument("--newsprint", default="build/newsprint",
                   help="the binary (default build/newsprint)")
    p.add_argument("--out", default="build/bench",
                   help="folder of results.md, logs/ and work/ "
                        "(default build/bench)")
    p.add_argument("--shared", default=None,
                   help="the shared folder (default $NP_SHARED, else "
                        "../shared beside the repository)")
    p.add_argument("--article", default=os.environ.get("BENCH_ARTICLE"),
                   help="the typical article (default "
                        "examples/i24news-article.html)")
    p.add_argument("--photo-tool", default=None,
                   help="build/bench/photo, which makes the photo article's "
                        "JPEG (none: no photo article)")
    p.add_argument("--runs", type=int, default=None,
                   help="newsprint runs per measurement (BENCH_RUNS, 5)")
    p.add_argument("--peer-runs", type=int, default=None,
                   help="peer runs per measurement (BENCH_PEER_RUNS, 3)")
    p.add_argument("--jobs-runs", type=int, default=None,
                   help="runs per --jobs measurement (BENCH_JOBS_RUNS, 3)")
    p.add_argument("--quick", action="store_true",
                   default=env_flag("BENCH_QUICK", False),
                   help="a few pages, one run (BENCH_QUICK=1)")
    p.add_argument("--no-peers", dest="peers", action="store_false",
                   default=env_flag("BENCH_PEERS", True),
                   help="skip the peers (BENCH_PEERS=0)")
    p.add_argument("--no-pin", dest="pin", action="store_false",
                   default=env_flag("BENCH_PIN", True),
                   help="do not pin to one CPU (BENCH_PIN=0)")
    p.add_argument("--cpu", type=int,
                   default=env_int("BENCH_CPU", -1),
                   help="the CPU to pin to (BENCH_CPU; default the last)")
    p.add_argument("--peer-timeout", type=int,
                   default=env_int("BENCH_PEER_TIMEOUT", 120),
                   help="seconds before a peer run is killed (120)")
    a = p.parse_args(argv)
    quick_runs = 1 if a.quick else None
    if a.runs is None:
        a.runs = env_int("BENCH_RUNS", quick_runs or 5)
    if a.peer_runs is None:
        a.peer_runs = env_int("BENCH_PEER_RUNS", quick_runs or 3)
    if a.jobs_runs is None:
        a.jobs_runs = env_int("BENCH_JOBS_RUNS", quick_runs or 3)
    if a.cpu is not None and a.cpu < 0:
        a.cpu = None
    for name in ("runs", "peer_runs", "jobs_runs", "peer_timeout"):
        if getattr(a, name) < 1:
            p.error("--%s must be 1 or more" % name.replace("_", "-"))
    return a


if __name__ == "__main__":
    sys.exit(Bench(parse_args(sys.argv[1:])).main())
