#!/usr/bin/env python3
"""The nianbao benchmark: extraction throughput and memory, nianbao side by side with its
floor and its peers on the same pages, cost against page size, fetching against a portal
with a fixed latency, and a whole `nianbao run --offline`. Run it through bench/run.sh,
which installs what it needs and builds first. Prints Markdown tables (also written to
WORK/results.md, the raw measurements to WORK/results.json).

    bench/run.sh [--quick] [--runs N] [--only SECTIONS] [--work DIR]

SECTIONS (comma-separated, default all): extract, peers, size, fetch, run, files.
--quick: fewer runs, no 100,000-page pass, a 300-page fetch (a smoke test of the bench,
not figures to quote).

Every figure is the median of --runs runs (default 5; 3 for the long passes), each run a
fresh process. CPU time is user+sys of the process (getrusage of the child), so threads
neither help nor hurt; the Python peers count the CPU time of their loop only (reading
the files and the parsing), not the interpreter start or the imports.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("NB_BUILD", os.path.join(ROOT, "build-bench"))
NIANBAO = os.path.join(BUILD, "nianbao")
FLOOR = os.path.join(BUILD, "gumbo_floor")
PREFILTER_CHECK = os.path.join(BUILD, "tests", "test_prefilter")
GENERATOR = os.environ.get("NB_GENERATOR", os.path.join(ROOT, "examples", "sample-county", "generate.py"))
PYTHON = "/usr/bin/python3"  # Debian's, where python3-lxml and python3-pandas live
SEED = 2024
YEARS = "2019-2025"
CHROME = "50-300"
REAL = sorted(os.path.join(ROOT, "tests", "fixtures", "real", f)
              for f in os.listdir(os.path.join(ROOT, "tests", "fixtures", "real")) if f.endswith(".html"))

results = {}
report_lines = []


def say(*lines):
    for line in lines:
        print(line, flush=True)
        report_lines.append(line)


def note(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- running and timing ----

def timed(argv, stdin=None, stdout=subprocess.DEVNULL, env=None):
    """Runs argv to the end; returns wall, cpu (user+sys), maxrss_kb and rc of that process.

    The peak RSS comes from /usr/bin/time: a child forked from this Python process and
    then exec'ed keeps the Python process's high-water mark in its own ru_maxrss."""
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"nb-bench-rss-{os.getpid()}")
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file, *argv], stdin=stdin, stdout=stdout,
                         stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)  # includes the command, which /usr/bin/time waited for
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    os.unlink(rss_file)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime, "sys": ru.ru_stime,
            "maxrss_kb": rss, "rc": p.returncode}


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def write_list(path, pages):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in pages))
    return path


def total_bytes(pages):
    sizes = {}
    return sum(sizes.setdefault(p, os.path.getsize(p)) for p in pages)


# ---- corpora ----

def generate(out, townships, chrome=CHROME, seed=SEED):
    """A generated county (cached: the generator is deterministic from its arguments)."""
    stamp = os.path.join(out, ".bench-args")
    args = [f"--seed={seed}", f"--townships={townships}", f"--years={YEARS}", f"--chrome-kb={chrome}"]
    with open(GENERATOR, "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()[:16]
    if os.path.exists(stamp) and open(stamp).read() == " ".join(args) + " " + version:
        return out
    shutil.rmtree(out, ignore_errors=True)
    note(f"generating {out} ({townships} townships x {YEARS}, chrome {chrome} KB)")
    subprocess.run([sys.executable, GENERATOR, "--out", out, "-q", *args], check=True)
    with open(stamp, "w") as f:
        f.write(" ".join(args) + " " + version)
    return out


def report_pages(county):
    with open(os.path.join(county, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    return [os.path.join(county, r["url"]) for r in expected["reports"]]


# ---- sections ----

def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.0f GB" % (int(line.split()[1]) / 1024 / 1024)
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"
    py = version([PYTHON, "-c", "import lxml.etree, pandas, platform; print(platform.python_version(), "
                  "'.'.join(map(str, lxml.etree.LXML_VERSION)), '.'.join(map(str, lxml.etree.LIBXML_VERSION)), pandas.__version__)"]).split()
    info = {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
        "os": version(["sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"]) + ", Linux " + platform.release(),
        "compiler": version(["cc", "--version"]),
        "gumbo": version(["dpkg-query", "-W", "-f=${Version}", "libgumbo1"]),
        "python": py[0] if py else "?", "lxml": py[1] if len(py) > 1 else "?",
        "libxml2": py[2] if len(py) > 2 else "?", "pandas": py[3] if len(py) > 3 else "?",
    }
    info["load_at_start"] = os.getloadavg()
    results["machine"] = info
    say("## Machine", "",
        f"{info['date']}: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}; {info['compiler']}; "
        f"gumbo {info['gumbo']}; Python {info['python']}, lxml {info['lxml']} (libxml2 {info['libxml2']}), "
        f"pandas {info['pandas']}. Load average at the start: {info['load_at_start'][0]:.2f} "
        "(other work on the machine slows every tool alike, but not exactly alike: quote a quiet run).", "")


def extract_runs(listing, runs, extra=()):
    return [timed([NIANBAO, "extract", *extra, "--files-from", listing]) for _ in range(runs)]


def section_extract(a, corpus):
    pages = report_pages(corpus)[:10000]
    sizes = [100, 1000] if a.quick else [100, 1000, 10000, 100000]
    say("## Extraction: throughput and memory (one process)", "",
        f"Generated pages ({CHROME} KB of portal chrome each, both templates, some GBK, some flattened); "
        "100,000 is the 10,000 set read ten times over (generating 26 GB of pages would test the disk).", "",
        "| pages | MB | wall s | pages/s | MB/s | pages per CPU-s | peak RSS MB |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for n in sizes:
        chosen = (pages * (n // len(pages) + 1))[:n]
        listing = write_list(os.path.join(a.work, f"list-{n}.txt"), chosen)
        mb = total_bytes(chosen) / 1e6
        runs = extract_runs(listing, a.runs if n <= 10000 else max(1, a.long_runs))
        wall, cpu, rss = median_of(runs, "wall"), median_of(runs, "cpu"), max(r["maxrss_kb"] for r in runs) / 1024
        rows.append({"pages": n, "mb": mb, "wall": wall, "cpu": cpu, "rss_mb": rss, "runs": runs})
        say(f"| {n:,} | {mb:,.0f} | {wall:.2f} | {n / wall:,.0f} | {mb / wall:,.1f} | {n / cpu:,.0f} | {rss:.1f} |")
    results["extract"] = rows
    # Cores: nianbao extract is one thread; a province's archive is split between processes.
    cores = os.cpu_count() or 1
    if cores > 1:
        n = 1000 if a.quick else 10000
        chosen = (pages * (n // len(pages) + 1))[:n]
        parts = [write_list(os.path.join(a.work, f"list-{n}-part{k}.txt"), chosen[k::cores]) for k in range(cores)]
        walls = []
        for _ in range(a.long_runs):
            t0 = time.perf_counter()
            procs = [subprocess.Popen([NIANBAO, "extract", "--files-from", part], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL) for part in parts]
            for p in procs:
                p.wait()
            walls.append(time.perf_counter() - t0)
        wall = statistics.median(walls)
        results["extract_processes"] = {"processes": cores, "pages": n, "walls": walls}
        say("", f"{cores} processes at once, each on 1/{cores} of the {n:,} pages (`--files-from`): "
            f"{wall:.2f} s wall, {n / wall:,.0f} pages/s.")
    say("")


def peer_runs(tool, listing, runs):
    if tool == "floor":
        return [timed([FLOOR, "--files-from", listing]) for _ in range(runs)]
    if tool in ("nianbao", "nianbao-whole"):
        return extract_runs(listing, runs, ["--whole-page"] if tool == "nianbao-whole" else [])
    out = []
    for _ in range(runs):
        p = subprocess.run([PYTHON, os.path.join(ROOT, "bench", "peers.py"), tool, listing],
                           capture_output=True, text=True, check=True)
        out.append(json.loads(p.stdout))
    return out


TOOLS = [("nianbao", "nianbao extract"), ("nianbao-whole", "nianbao extract --whole-page"),
         ("floor", "gumbo floor (parse whole page, free)"), ("lxml", "lxml parse-only"),
         ("pandas", "pandas.read_html")]


def section_peers(a, corpus):
    gen = report_pages(corpus)[: (300 if a.quick else 1000)]
    sets = [("generated", gen)]
    reps = 20 if a.quick else 100
    for page in REAL:
        sets.append((f"real: {os.path.basename(page)} x{reps}", [page] * reps))
    sets.append((f"real: all {len(REAL)} pages x{reps}", REAL * reps))
    say("## Side by side, same pages, same run: pages per CPU-second", "",
        "CPU-second = user+sys. nianbao extract does everything (decode, reduce, parse, cells, match, "
        "checks, CSV out); `--whole-page` is nianbao without its reduction step; the floor is gumbo "
        "parsing each whole page and freeing it; lxml parse-only is lxml.etree.HTML(bytes); pandas is "
        f"pandas.read_html over each page. Medians of {a.runs} runs (pandas: {a.slow_runs}).", "")
    header = "| pages | " + " | ".join(label for _, label in TOOLS) + " | nianbao / floor | nianbao / lxml | nianbao / pandas |"
    say(header, "| --- |" + " ---: |" * (len(TOOLS) + 3))
    table = {}
    for name, pages in sets:
        listing = write_list(os.path.join(a.work, "peers-" + re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".txt"), pages)
        mb = total_bytes(pages) / 1e6
        row = {}
        for tool, _ in TOOLS:
            runs = peer_runs(tool, listing, a.slow_runs if tool == "pandas" else a.runs)
            row[tool] = {"pages_per_cpu_s": len(pages) / median_of(runs, "cpu"), "cpu": median_of(runs, "cpu"), "runs": runs}
        rate = {t: row[t]["pages_per_cpu_s"] for t in row}
        table[name] = {"pages": len(pages), "mb": mb, "tools": row}
        say(f"| {name} ({len(pages):,} pages, {mb:,.0f} MB) | " + " | ".join(f"{rate[t]:,.0f}" for t, _ in TOOLS) +
            f" | {rate['nianbao'] / rate['floor']:.2f}x | {rate['nianbao'] / rate['lxml']:.2f}x | {rate['nianbao'] / rate['pandas']:.2f}x |")
    results["peers"] = table
    say("")
    # The reduction must not change what is read: check every page of the set.
    if os.path.exists(PREFILTER_CHECK):
        p = subprocess.run([PREFILTER_CHECK, *gen, *REAL], capture_output=True, text=True)
        verdict = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr.strip()
        results["prefilter_check"] = verdict
        say(f"Reduced page vs whole page, cells/metadata/links compared (tests/unit/test_prefilter): {verdict}.", "")


def section_size(a):
    say("## Cost against page size", "",
        "Generated pages with a fixed amount of portal chrome; CPU milliseconds per page (median of runs).", "",
        "| chrome KB | mean page KB | nianbao ms/page | floor ms/page | nianbao µs/KB |", "| ---: | ---: | ---: | ---: | ---: |")
    points = []
    for kb in ([50, 200, 800] if a.quick else [25, 50, 100, 200, 400, 800, 1600]):
        county = generate(os.path.join(a.work, f"size-{kb}"), 15 if kb <= 400 else 8, chrome=f"{kb}-{kb}")
        pages = report_pages(county)
        listing = write_list(os.path.join(a.work, f"size-{kb}.txt"), pages)
        mean_kb = total_bytes(pages) / len(pages) / 1024
        nb = len(pages) and median_of(extract_runs(listing, a.runs), "cpu") / len(pages) * 1000
        fl = median_of(peer_runs("floor", listing, a.runs), "cpu") / len(pages) * 1000
        points.append({"chrome_kb": kb, "page_kb": mean_kb, "nianbao_ms": nb, "floor_ms": fl})
        say(f"| {kb:,} | {mean_kb:,.0f} | {nb:.2f} | {fl:.2f} | {nb * 1000 / mean_kb:.2f} |")
    # least squares: ms = a + b * KB
    xs, ys = [p["page_kb"] for p in points], [p["nianbao_ms"] for p in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a0 = my - b * mx
    ss = sum((y - my) ** 2 for y in ys)
    r2 = 1 - sum((y - (a0 + b * x)) ** 2 for x, y in zip(xs, ys)) / ss if ss else 1
    results["size"] = {"points": points, "fit_ms": a0, "fit_ms_per_kb": b, "r2": r2}
    say("", f"Least squares: ms/page = {a0:.2f} + {b * 1000:.2f} µs × KB, R² = {r2:.4f}.", "")


def start_server(root, latency_ms, work):
    port_file = os.path.join(work, "server.port")
    if os.path.exists(port_file):
        os.unlink(port_file)
    proc = subprocess.Popen([PYTHON, os.path.join(ROOT, "bench", "latency_server.py"), root,
                             "--latency-ms", str(latency_ms), "--port-file", port_file])
    # It compresses every page before it announces its port: seconds for a big portal.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(port_file) and os.path.getsize(port_file):
            return proc, int(open(port_file).read())
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("latency server did not start")


def server_call(port, what):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__{what}", timeout=10) as r:
        return json.loads(r.read()) if what == "stats" else None


def county_ini(county, port, concurrency, path):
    with open(os.path.join(county, "county.ini"), encoding="utf-8") as f:
        ini = f.read()
    ini = re.sub(r"(?m)^listing\s*=.*$", f"listing = http://127.0.0.1:{port}/gknb/index.html", ini)
    ini = re.sub(r"(?m)^townships\s*=.*$", f"townships = {os.path.join(county, 'townships.csv')}", ini)
    ini = re.sub(r"(?m)^concurrency\s*=.*$", f"concurrency = {concurrency}", ini)
    ini = re.sub(r"(?m)^delay_ms\s*=.*$", "delay_ms = 0", ini)
    ini = re.sub(r"(?m)^timeout_s\s*=.*$", "timeout_s = 60", ini)
    with open(path, "w", encoding="utf-8") as f:
        f.write(ini)
    return path


def section_fetch(a):
    latency = 100
    townships = 43 if a.quick else 143  # x 7 years: 301 or 1,001 report pages
    county = generate(os.path.join(a.work, f"fetch-{townships}"), townships)
    proc, port = start_server(os.path.join(county, "portal"), latency, a.work)
    rows = []
    try:
        say("## Fetching from a portal that answers each request after 100 ms", "",
            f"`nianbao fetch` of a generated county ({townships} townships x {YEARS}), delay_ms 0, served "
            "gzip-compressed with ETag/Last-Modified by bench/latency_server.py on 127.0.0.1. Ideal = requests × "
            "latency / C (every request, listing pages included, as if all overlapped; the listing is found a "
            "few pages at a time, so a few rounds cannot). MB transferred: response bodies as sent (gzip). "
            "Then the same fetch again with nothing changed (conditional GET).", "",
            "| C | run | requests | report pages | listing pages and probes | 304 | MB transferred | wall s | ideal s | wall / ideal |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for c in (1, 4, 8):
            ini = county_ini(county, port, c, os.path.join(a.work, f"fetch-c{c}.ini"))
            out = os.path.join(a.work, f"fetch-out-c{c}")
            shutil.rmtree(out, ignore_errors=True)
            for label in ("first", "unchanged"):
                server_call(port, "reset")
                t = timed([NIANBAO, "fetch", "-q", "-c", ini, "-o", out])
                st = server_call(port, "stats")
                with open(os.path.join(out, "manifest.csv"), encoding="utf-8-sig") as f:
                    reports = max(0, sum(1 for _ in f) - 1)
                listing_pages = st["requests"] - reports
                ideal = st["requests"] * latency / 1000 / c
                row = {"c": c, "run": label, "requests": st["requests"], "reports": reports, "listing": listing_pages,
                       "not_modified": st["by_status"].get("304", 0), "bytes": st["body_bytes"], "wall": t["wall"],
                       "ideal": ideal, "rc": t["rc"], "by_status": st["by_status"], "max_in_flight": st["max_in_flight"]}
                rows.append(row)
                say(f"| {c} | {label} | {row['requests']:,} | {reports:,} | {listing_pages:,} | {row['not_modified']:,} | "
                    f"{row['bytes'] / 1e6:,.2f} | {t['wall']:.1f} | {ideal:.1f} | {t['wall'] / ideal:.2f} |")
        first = [r for r in rows if r["run"] == "first"]
        again = [r for r in rows if r["run"] == "unchanged"]
        share = max(r2["bytes"] / r1["bytes"] for r1, r2 in zip(first, again))
        say("", f"Unchanged re-run: at most {share * 100:.2f}% of the first run's bytes.", "")
        results["fetch"] = {"latency_ms": latency, "rows": rows, "rerun_share": share}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def clear_results(out):
    """Removes what `nianbao run` writes, keeping the archive and its manifest."""
    for name in os.listdir(out):
        path = os.path.join(out, name)
        if name == "townships" or re.fullmatch(r"\d{4}", name):
            shutil.rmtree(path)
        elif name in ("overview.csv", "anomalies.csv", "revisions.csv"):
            os.unlink(path)


def section_run(a, corpus):
    out = os.path.join(a.work, "run-out")
    shutil.rmtree(out, ignore_errors=True)
    ini = os.path.join(corpus, "county.ini")
    n = len(report_pages(corpus))
    note("archiving the corpus through file:// (nianbao fetch)")
    fetch = timed([NIANBAO, "fetch", "-q", "-c", ini, "-o", out])
    # The night nothing changed: every page and file is looked at and none is new.
    fetch_again = [timed([NIANBAO, "fetch", "-q", "-c", ini, "-o", out]) for _ in range(a.runs)]
    argv = [NIANBAO, "run", "-q", "--offline", "-c", ini, "-o", out]
    first, again = [], []
    for _ in range(max(1, a.long_runs)):
        clear_results(out)
        first.append(timed(argv))
        again.append(timed(argv))
    results["run"] = {"township_years": n, "fetch_file": fetch, "fetch_unchanged": fetch_again, "first": first,
                      "unchanged": again}
    say("## Whole run", "",
        f"`nianbao run --offline` on the generated county of {n:,} township-years (archive built first by "
        f"`nianbao fetch` from the file:// mirror in {fetch['wall']:.0f} s): extract every archived page, write "
        "the per-township CSVs, roll up, check, write the county outputs. `first`: no results stored yet; "
        "`unchanged`: the same run again, which re-extracts every page and rewrites nothing.", "",
        "| run | township-years | wall s | CPU s | township-years per CPU-s | peak RSS MB | exit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, runs in (("first", first), ("unchanged", again)):
        wall, cpu, rss = median_of(runs, "wall"), median_of(runs, "cpu"), max(r["maxrss_kb"] for r in runs) / 1024
        say(f"| {label} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / cpu:,.0f} | {rss:.1f} | {runs[0]['rc']} |")
    say("", f"`nianbao fetch` from the mirror again with nothing changed (median of {len(fetch_again)}): "
        f"{median_of(fetch_again, 'wall'):.2f} s wall, {median_of(fetch_again, 'user'):.2f} s user + "
        f"{median_of(fetch_again, 'sys'):.2f} s sys, exit {fetch_again[0]['rc']}.", "")


def section_files(a):
    """Reports published as files: PDFs, Word documents and Excel workbooks made by the
    tests' tools (tests/integration/office_files.py, sheet_files.py) from the generated
    report pages, read by `nianbao extract`; and the two PDF libraries doing only their
    part (bench/pdf_peers)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
    os.environ.setdefault("NB_FIXTURES", os.path.join(ROOT, "tests", "fixtures"))
    import office_files  # noqa: E402
    import test_extract_files as tf  # noqa: E402
    import test_extract_xlsx as tx  # noqa: E402
    note("making the PDFs, Word files and workbooks (Chromium, LibreOffice, openpyxl)")
    made = tf.make_files()
    books = tx.make_files()
    files = [
        ("PDF, Chromium print, rulings (2019)", made["pdf"]["ruled-2019"]),
        ("PDF, Chromium print, header repeated (2021)", made["pdf"]["thead-2021"]),
        ("PDF, Chromium print, no rulings (2019)", made["pdf"]["unruled-2019"]),
        ("PDF, Word document saved as PDF, rulings (2019)", made["pdf"]["word-2019"]),
        ("PDF, Word document saved as PDF, no rulings (2019)", made["pdf"]["word-unruled-2019"]),
        (".docx (2019)", made["docx"]["word-2019"]),
        (".docx (2021)", made["docx"]["word-2021"]),
        (".xlsx, Calc, a sheet per table, formulas (2019)", books["calc-2019"]),
        (".xlsx, Calc, a sheet per table, formulas (2021)", books["calc-2021"]),
        (".xlsx, a report page saved by Calc (2019)", books["page-2019"]),
        (".xlsx, openpyxl (2021)", books["program-2021"]),
    ]
    reps = 10 if a.quick else 50
    peers = os.path.join(BUILD, "pdf_peers")
    say("## Reports as files: PDF, Word and Excel", "",
        f"Each file read {reps} times in one `nianbao extract --files-from` process (so the process start is "
        "spread over them); CPU per file is the median of the runs divided by the count. The PDF libraries alone "
        "(`bench/pdf_peers`): every character with its position, MuPDF's structured text and poppler-glib's "
        "text layout, each file read the same number of times.", "",
        "| file | pages | KB | nianbao extract, ms CPU per file | MuPDF text only, ms | poppler-glib text only, ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for label, path in files:
        listing = write_list(os.path.join(a.work, "files-list.txt"), [path] * reps)
        runs = extract_runs(listing, a.runs)
        per_file = median_of(runs, "cpu") / reps * 1000
        pages = office_files.page_count(path) if path.endswith(".pdf") else None
        lib = {}
        if pages and os.path.exists(peers):
            for which in ("mupdf", "poppler"):
                out = subprocess.run([peers, which, str(reps), path], capture_output=True, check=True, text=True)
                lib[which] = float(out.stdout.split()[0])
        rows.append({"file": label, "pages": pages, "kb": os.path.getsize(path) / 1024, "ms_cpu": per_file,
                     "mupdf_ms": lib.get("mupdf"), "poppler_ms": lib.get("poppler"), "runs": runs})
        fmt = lambda v: f"{v:.1f}" if v is not None else "–"  # noqa: E731
        say(f"| {label} | {pages or '–'} | {os.path.getsize(path) / 1024:,.0f} | {per_file:.1f} | "
            f"{fmt(lib.get('mupdf'))} | {fmt(lib.get('poppler'))} |")
    results["files"] = rows
    made["tmp"].cleanup()
    books["tmp"].cleanup()
    say("")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--only", default="extract,peers,size,fetch,run,files")
    ap.add_argument("--work", default=os.environ.get("NB_BENCH_DIR", os.path.join(ROOT, "bench", "work")))
    a = ap.parse_args()
    a.runs = a.runs or (2 if a.quick else 5)
    a.long_runs = 1 if a.quick else 3
    a.slow_runs = 1 if a.quick else 3
    a.work = os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    if not os.path.exists(GENERATOR):
        sys.exit(f"bench: the sample-county generator is not at {GENERATOR} (set NB_GENERATOR)")
    only = set(a.only.split(","))
    machine()
    corpus = None
    if only & {"extract", "peers", "run"}:
        corpus = generate(os.path.join(a.work, "corpus"), 300 // 7 + 1 if a.quick else 10000 // 7 + 1)
    if "extract" in only:
        section_extract(a, corpus)
    if "peers" in only:
        section_peers(a, corpus)
    if "size" in only:
        section_size(a)
    if "fetch" in only:
        section_fetch(a)
    if "run" in only:
        section_run(a, corpus)
    if "files" in only:
        section_files(a)
    load = os.getloadavg()
    results["load_at_end"] = load
    say(f"Load average at the end: {load[0]:.2f} (1 min), {load[2]:.2f} (15 min).")
    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(a.work, "results.md"), "w") as f:
        f.write("\n".join(report_lines) + "\n")
    note(f"written: {a.work}/results.md, results.json")


if __name__ == "__main__":
    main()
