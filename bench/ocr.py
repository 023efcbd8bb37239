#!/usr/bin/env python3
"""The cost of reading report tables from pictures (issue 13): CPU seconds of
`nianbao extract` per table picture, median and worst, the fixed cost of starting
Tesseract, and a rerun answered by the OCR cache (no OCR at all).

    scripts/build.sh && python3 bench/ocr.py [--runs N] [--work DIR]

The pictures are those of tests/integration/test_ocr.py (drawn at run time by headless
Chromium from Word-exported tables, PNG/JPEG/GIF/BMP, text 12-18 px, one turned 1.5°)
plus a typical 表三 screenshot (14 px, PNG, and as JPEG at quality 70). CPU time is
user+sys of the child process (getrusage), the median of --runs fresh processes (default
3). Prints a Markdown table. NB_BUILD names the build folder (default build/).
"""
import argparse
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
from test_ocr import PICTURES  # noqa: E402

TYPICAL = [("t3_typical", "2019", "t3", 14, "song", 0, "png", None, 21),
           ("t3_typical_jpeg", "2021", "t3", 14, "song", 0, "jpeg", 70, 22)]


def cpu_of(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(args, capture_output=True, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work")
    a = ap.parse_args()
    if not os.path.exists(NIANBAO) or not os.path.exists(os.environ["NB_IMGTOOL"]):
        sys.exit(f"build first (scripts/build.sh): {NIANBAO} and {os.environ['NB_IMGTOOL']} are needed")
    work = a.work or tempfile.mkdtemp(prefix="nb-bench-ocr-")
    os.makedirs(work, exist_ok=True)
    pictures = []
    for name, fmt, table, font, family, angle, kind, quality, seed in PICTURES + TYPICAL:
        values = oi.realistic_values(fmt, seed)
        png = os.path.join(work, name + ".png")
        oi.render([oi.table_html(table, values, fmt)], png, font=font, family=family, angle=angle,
                  width=900 if table == "t4" else 820)
        path = png
        if kind != "png":
            path = os.path.join(work, f"{name}.{kind}")
            oi.convert(png, path, kind, quality)
        pictures.append((name, fmt, table, path))
    banner = os.path.join(work, "banner.png")
    oi.render_banner(banner)

    start = statistics.median(cpu_of([NIANBAO, "extract", banner])[0] for _ in range(a.runs))
    print(f"Tesseract's start (a banner, no table): {start:.2f} CPU-s\n")
    print("| picture | table | size | CPU-s (median of %d) | of it OCR | cells |" % a.runs)
    print("| --- | --- | --- | --- | --- | --- |")
    per_table = []
    for name, fmt, table, path in pictures:
        times = []
        for _ in range(a.runs):
            t, p = cpu_of([NIANBAO, "extract", "--year", fmt, path])
            times.append(t)
        cells = sum(1 for line in p.stdout.decode().splitlines() if f",{table}," in line and "ocr" in line)
        med = statistics.median(times)
        per_table.append((med, name, table))
        print(f"| {name} | {table} | {os.path.getsize(path) // 1024} KB | {med:.2f} | {med - start:.2f} | {cells} |")
    t3 = sorted(m for m, _, t in per_table if t == "t3")
    every = sorted(m for m, _, _ in per_table)
    print()
    print(f"per table picture, start included: median {statistics.median(every):.2f} CPU-s, worst {every[-1]:.2f}")
    print(f"表三 pictures: median {statistics.median(t3):.2f} CPU-s, worst {t3[-1]:.2f} (target <= 2)")

    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    paths = [p for _, _, _, p in pictures]
    first, _ = cpu_of([NIANBAO, "extract", "--ocr-cache", cache, *paths])
    again = statistics.median(cpu_of([NIANBAO, "extract", "--ocr-cache", cache, *paths])[0] for _ in range(a.runs))
    print(f"all {len(paths)} pictures in one run: {first:.2f} CPU-s; again with the OCR cache: {again:.2f} CPU-s")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
