#!/usr/bin/env python3
"""The cost and the accuracy of reading report tables from pictures (issue 13): CPU
seconds of `nianbao extract` per table picture (median and worst of --runs fresh
processes), the fixed cost of starting Tesseract, the cells read right and the wrong
ones without `ocr_uncertain`, and a rerun answered by the OCR cache (no OCR at all).

    scripts/build.sh && python3 bench/ocr.py [--runs N] [--work DIR] [--compare OTHER_NIANBAO]

The pictures are those of tests/integration/test_ocr.py (drawn at run time by headless
Chromium from Word-exported tables, PNG/JPEG/GIF/BMP, text 12-18 px, one turned 1.5°,
tables printed without rulings), two typical 表三 screenshots (14 px, PNG and JPEG at
quality 70), one more table 四 without rulings, and the scanned PDF of
test_ocr_scan.py (three pages). CPU time is user+sys of the child (getrusage).
--compare runs another build (say, the commit before) on the same pictures, each run
right after ours, so both see the same machine. Prints Markdown. NB_BUILD names the
build folder (default build/).
"""
import argparse
import csv
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("NB_BUILD", os.path.join(ROOT, "build"))
NIANBAO = os.path.join(BUILD, "nianbao")
os.environ.setdefault("NB_IMGTOOL", os.path.join(BUILD, "tests", "imgtool"))
os.environ.setdefault("NB_FIXTURES", os.path.join(ROOT, "tests", "fixtures"))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import ocr_images as oi  # noqa: E402
from test_ocr import PICTURES, UNRULED, score  # noqa: E402
from test_ocr_scan import make_scan  # noqa: E402

TYPICAL = [("t3_typical", "2019", "t3", 14, "song", 0, "png", None, 21),
           ("t3_typical_jpeg", "2021", "t3", 14, "song", 0, "jpeg", 70, 22)]
MORE_UNRULED = [("t4_2019_unruled", "2019", "t4", 15, "song", 0, "jpeg", 70, 36)]


def cpu_of(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(args, capture_output=True, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), p


def accuracy(stdout, values, tables):
    rows = {(r["table"], r["row_key"], r["col_key"]): r for r in csv.DictReader(io.StringIO(stdout.decode("utf-8")))}
    total = right = uncertain = wrong = 0
    for t in tables:
        n, r, u, bad = score(rows, values, t)
        total, right, uncertain, wrong = total + n, right + r, uncertain + u, wrong + len(bad)
    return total, right, uncertain, wrong


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work")
    ap.add_argument("--compare", help="another nianbao binary, run beside this one")
    a = ap.parse_args()
    if not os.path.exists(NIANBAO) or not os.path.exists(os.environ["NB_IMGTOOL"]):
        sys.exit(f"build first (scripts/build.sh): {NIANBAO} and {os.environ['NB_IMGTOOL']} are needed")
    builds = [("this", NIANBAO)] + ([("compared", a.compare)] if a.compare else [])
    work = a.work or tempfile.mkdtemp(prefix="nb-bench-ocr-")
    os.makedirs(work, exist_ok=True)
    pictures = []  # (name, fmt, tables, path, values)
    for name, fmt, table, font, family, angle, kind, quality, seed in PICTURES + TYPICAL + UNRULED + MORE_UNRULED:
        values = oi.realistic_values(fmt, seed)
        path = os.path.join(work, f"{name}.{kind}")
        if not os.path.exists(path):
            png = os.path.join(work, name + ".png")
            oi.render([oi.table_html(table, values, fmt)], png, font=font, family=family, angle=angle,
                      width=900 if table == "t4" else 820, rulings="unruled" not in name)
            if kind != "png":
                oi.convert(png, path, kind, quality)
        pictures.append((name, fmt, (table,), path, values))
    scan = os.path.join(work, "scan.pdf")
    scan_work = os.path.join(work, "scan")
    os.makedirs(scan_work, exist_ok=True)
    scan_values = oi.realistic_values("2019", 41)
    if not os.path.exists(scan):
        make_scan(scan_work, "2019", 41, scan)
    pictures.append(("scan_pdf (3 pages)", "2019", ("t2", "t3", "t4"), scan, scan_values))
    banner = os.path.join(work, "banner.png")
    if not os.path.exists(banner):
        oi.render_banner(banner)

    for label, binary in builds:
        start = statistics.median(cpu_of([binary, "extract", banner])[0] for _ in range(a.runs))
        print(f"Tesseract's start ({label} build; a banner, no table): {start:.2f} CPU-s")
    print()
    head = " | ".join(f"{label}: median / worst CPU-s | right / cells | wrong unflagged | ocr_uncertain"
                      for label, _ in builds)
    print(f"| picture | {head} |")
    print("| --- |" + " --- | --- | --- | --- |" * len(builds))
    times = {label: {} for label, _ in builds}
    totals = {label: [0, 0, 0, 0] for label, _ in builds}
    for name, fmt, tables, path, values in pictures:
        cells = []
        runs = {label: [] for label, _ in builds}
        last = {}
        for _ in range(a.runs):
            for label, binary in builds:
                t, p = cpu_of([binary, "extract", "--year", fmt, path])
                runs[label].append(t)
                last[label] = p
        for label, _ in builds:
            acc = accuracy(last[label].stdout, values, tables)
            totals[label] = [x + y for x, y in zip(totals[label], acc)]
            times[label][name] = (statistics.median(runs[label]), max(runs[label]))
            med, worst = times[label][name]
            cells.append(f"{med:.2f} / {worst:.2f} | {acc[1]} / {acc[0]} | {acc[3]} | {acc[2]}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    for label, _ in builds:
        total, right, uncertain, wrong = totals[label]
        t3 = sorted(m for n, (m, _) in times[label].items() if "t3" in n and "unruled" not in n)
        every = sorted(m for n, (m, _) in times[label].items() if "scan" not in n)
        print(f"{label}: {right} of {total} cells right ({100 * right / total:.2f}%), wrong without ocr_uncertain "
              f"{wrong} ({100 * wrong / total:.2f}%), flagged ocr_uncertain {uncertain}")
        print(f"{label}: per table picture, start included: median {statistics.median(every):.2f} CPU-s, "
              f"worst {every[-1]:.2f}; 表三 screenshots: median {statistics.median(t3):.2f}, worst {t3[-1]:.2f} "
              f"(target <= 2)")

    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    paths = [p for _, _, _, p, _ in pictures]
    first, _ = cpu_of([NIANBAO, "extract", "--ocr-cache", cache, *paths])
    again = statistics.median(cpu_of([NIANBAO, "extract", "--ocr-cache", cache, *paths])[0] for _ in range(a.runs))
    print(f"this: all {len(paths) - 1} pictures and the scan in one run: {first:.2f} CPU-s; again with the OCR cache: "
          f"{again:.2f} CPU-s")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
