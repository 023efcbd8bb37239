#!/usr/bin/env python3
"""The peers of the extraction benchmark, run over a list of pages in one process:

    peers.py lxml LIST      lxml parse-only: lxml.etree.HTML(bytes) per page (Debian python3-lxml)
    peers.py pandas LIST    pandas.read_html per page, what most users would write (python3-pandas)

Prints one JSON line: pages, bytes, cpu (user+sys seconds of the loop alone: reading the
files and the work, not the interpreter start or the imports), wall, maxrss_kb, and for
pandas how many pages gave tables. Pages are read as bytes, as nianbao reads them, so
each parser deals with the charset itself (<meta charset>, GBK pages).
"""

import io
import json
import resource
import sys
import time
import warnings


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    tool, listing = sys.argv[1], sys.argv[2]
    with open(listing, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    if tool == "lxml":
        import lxml.etree

        def work(data):
            lxml.etree.HTML(data)
            return 1
    elif tool == "pandas":
        import pandas

        warnings.simplefilter("ignore")

        def work(data):
            try:
                return 1 if pandas.read_html(io.BytesIO(data)) else 0
            except (ValueError, IndexError, AssertionError):
                return 0  # "No tables found" and the like: the peer gives nothing
    else:
        sys.exit(f"peers.py: unknown tool {tool}")
    nbytes = found = 0
    c0, w0 = cpu(), time.perf_counter()
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        found += work(data)
    c1, w1 = cpu(), time.perf_counter()
    print(json.dumps({"tool": tool, "pages": len(paths), "bytes": nbytes, "cpu": c1 - c0, "wall": w1 - w0,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "found": found}))


if __name__ == "__main__":
    main()
