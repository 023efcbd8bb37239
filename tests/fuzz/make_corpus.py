#!/usr/bin/env python3
"""Builds the fuzzers' starting corpora into a folder (default build-fuzz/corpus): one
sub-folder per target, from the checked-in seeds (tests/fuzz/seeds) and the test
fixtures (tests/fixtures). Nothing here is committed: run it again to start afresh.

The fixtures are Word-exported pages of 100-200 KB; the corpora get them also shrunk
(style attributes, Office tags and spans dropped, whitespace collapsed): the same
structure in a tenth of the bytes, so the fuzzers run ten times as many inputs.

usage: make_corpus.py [OUT]"""
import gzip
import hashlib
import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def put(folder, data):
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def fixture_pages():
    for sub in ("real", "variants"):
        d = os.path.join(FIXTURES, sub)
        for name in sorted(os.listdir(d)):
            if name.endswith((".html", ".txt")):
                with open(os.path.join(d, name), "rb") as f:
                    yield name, f.read()


def shrink(page):
    text = page.decode("utf-8", "replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<style.*?</style>", "", text, flags=re.S | re.I)
    text = re.sub(r'\s(style|class|lang|width|height|valign|align|border|cellspacing|cellpadding)=("[^"]*"|\'[^\']*\'|\S+)', "", text)
    text = re.sub(r"</?(o:p|span|font|b)[^>]*>", "", text, flags=re.I)
    text = re.sub(r"\s+", " ", text)
    return text.encode("utf-8")


def cells(page):
    text = page.decode("utf-8", "replace")
    if "<" in text[:2000]:
        for m in re.finditer(r"<t[dh][^>]*>(.*?)</t[dh]>", text, flags=re.S | re.I):
            yield html.unescape(re.sub(r"<[^>]*>", "", m.group(1))).strip()
    else:
        for line in text.splitlines():
            yield line.strip()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build-fuzz/corpus"
    for target in ("number", "decode", "grid", "extract", "config", "csv", "listing", "data", "pagegrid", "files", "picture"):
        seeds = os.path.join(HERE, "seeds", target)
        if os.path.isdir(seeds):
            for name in sorted(os.listdir(seeds)):
                with open(os.path.join(seeds, name), "rb") as f:
                    put(os.path.join(out, target), f.read())
    sample = os.path.join(HERE, "..", "..", "examples", "sample-county", "portal", "gknb")
    if os.path.isdir(sample):
        for name in sorted(os.listdir(sample)):
            if name.startswith("index"):
                with open(os.path.join(sample, name), "rb") as f:
                    page = f.read()
                put(os.path.join(out, "listing"), b"\x00" + page)
                put(os.path.join(out, "listing"), b"\x01" + page)
    seen_cells = set()
    for name, page in fixture_pages():
        small = shrink(page) if name.endswith(".html") else page
        for variant in (small, page) if len(page) < 20000 else (small,):
            put(os.path.join(out, "extract"), variant)
        put(os.path.join(out, "extract"), gzip.compress(small, mtime=0))
        try:
            put(os.path.join(out, "extract"), small.decode("utf-8").replace('charset="utf-8"', 'charset="gbk"').encode("gb18030"))
        except UnicodeError:
            pass
        put(os.path.join(out, "decode"), b"\x00" + small[:4096])
        put(os.path.join(out, "decode"), b"\x02" + small[:4096].decode("utf-8", "ignore").encode("gb18030"))
        if name.endswith(".html"):
            for t in re.findall(rb"<table.*?</table>", small, flags=re.S | re.I)[:3]:
                put(os.path.join(out, "grid"), t)
        for c in cells(page):
            if c and c not in seen_cells and len(seen_cells) < 1500:
                seen_cells.add(c)
                put(os.path.join(out, "number"), c.encode("utf-8"))
    for target in sorted(os.listdir(out)):
        print(f"{target}: {len(os.listdir(os.path.join(out, target)))} inputs")


if __name__ == "__main__":
    main()
