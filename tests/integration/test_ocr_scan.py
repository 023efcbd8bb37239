#!/usr/bin/env python3
"""Scanned PDFs (issue 13): a report whose tables were printed, scanned and saved as a PDF
holds no text, only a picture a page. Made here as a scanner's software makes one: each
table drawn on a sheet by headless Chromium (large type, as a 200 dpi scan has it, on
slightly grey paper, turned by under a degree), saved as JPEG at quality 70, and the
JPEGs printed into an A4 PDF by Chromium, one a page (ocr_images.render_scan_pdf).

What a user must be able to rely on: `nianbao extract scan.pdf` gives the report with
every figure flagged `ocr`, at least 98% of the cells right and no wrong figure without
`ocr_uncertain`; `nianbao run` on a portal page that links the scan gives the
township's CSV the same way and no "M1 missing" anomaly; the OCR cache keeps the PDF's
reading under its SHA-256, so the next night reads no page of it again."""
import csv
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ocr_images as oi  # noqa: E402
import portal_server as ps  # noqa: E402
from test_ocr import score  # noqa: E402
from outputs import read_csv  # noqa: E402
from test_trust import Site, listing, title  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
HEADINGS = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况"}


def make_scan(work, fmt, seed, out_pdf):
    """The report's three tables scanned into a PDF of three pages; returns the values."""
    values = oi.realistic_values(fmt, seed)
    sheets = []
    for table, angle in (("t2", -0.6), ("t3", 0.8), ("t4", 0.4)):
        png = os.path.join(work, f"{table}.png")
        heading = '<p style="font-size:30px;font-family:serif">%s</p>' % HEADINGS[table]
        oi.render([heading, oi.table_html(table, values, fmt)], png, font=26, family="song", angle=angle,
                  width=1534, height=2339, page=True)
        jpeg = os.path.join(work, f"{table}.jpg")
        oi.convert(png, jpeg, "jpeg", 70)
        sheets.append(jpeg)
    oi.render_scan_pdf(sheets, out_pdf)
    return values


def rows_of(text):
    return {(r["table"], r["row_key"], r["col_key"]): r for r in csv.DictReader(io.StringIO(text))}


class ScannedPdf(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-ocr-scan-")
        work = os.path.join(cls.tmp, "work")
        os.makedirs(work)
        cls.pdf = os.path.join(cls.tmp, "scan.pdf")
        cls.values = make_scan(work, "2019", 41, cls.pdf)
        with open(cls.pdf, "rb") as f:
            cls.pdf_bytes = f.read()
        cls.extract = subprocess.run([NIANBAO, "extract", "--year", "2019", cls.pdf], capture_output=True,
                                     timeout=300)
        # a township page that says 详见附件 and links the scan
        web = cls.web = Site()
        web.routes["/gknb/haixi.html"] = (
            '<html><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1>'
            '<p>详见附件。</p><p>附件：<a href="/files/haixi-2019.pdf">海西镇2019年年报.pdf</a></p></body></html>'
            % (title("海西镇"), title("海西镇"))).encode("utf-8")
        web.routes["/files/haixi-2019.pdf"] = (200, {"Content-Type": "application/pdf"}, cls.pdf_bytes)
        web.routes["/gknb/index.html"] = listing([("/gknb/haixi.html", title("海西镇"))])
        cls.ini = ps.write_config(cls.tmp, f"{web.base}/gknb/index.html", delay_ms=0,
                                  townships=[("海西镇", "haixi", "")])
        with open(cls.ini, encoding="utf-8") as f:
            text = f.read().replace("max_bytes = 200000", "max_bytes = 20000000").replace("timeout_s = 2",
                                                                                          "timeout_s = 30")
        with open(cls.ini, "w", encoding="utf-8") as f:
            f.write(text)
        cls.out = os.path.join(cls.tmp, "out")
        cls.night = subprocess.run([os.path.abspath(NIANBAO), "run", "-c", cls.ini, "-o", cls.out, "--year", "2019"],
                                 capture_output=True, timeout=300)

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def check(self, rows):
        total = right = 0
        unflagged = []
        for table in ("t2", "t3", "t4"):
            t, r, _, bad = score(rows, self.values, table)
            total, right = total + t, right + r
            unflagged += bad
        self.assertEqual(unflagged, [], "wrong figures without ocr_uncertain:\n" + "\n".join(unflagged))
        self.assertGreaterEqual(right / total, 0.98, f"{right} of {total} cells right")
        found = [r for r in rows.values() if r["table"] in ("t2", "t3", "t4") and r["flag"] != "not_found"]
        self.assertGreater(len(found), 190)
        self.assertTrue(all("ocr" in r["flag"].split(";") for r in found))

    def test_extract_reads_the_scanned_pages(self):
        p = self.extract
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.check(rows_of(p.stdout.decode("utf-8")))
        self.assertIn("the PDF holds no text", p.stderr.decode())  # and it was read all the same

    def test_run_gives_the_township_its_csv_flagged_ocr_and_no_m1(self):
        self.assertEqual(self.night.returncode, 0, self.night.stderr.decode())
        path = os.path.join(self.out, "townships", "2019", "haixi.csv")
        self.check({(r["table"], r["row_key"], r["col_key"]): r for r in read_csv(path)})
        anomalies = read_csv(os.path.join(self.out, "anomalies.csv"))
        self.assertEqual([r for r in anomalies if r["rule"] in ("M1", "F1") and r["year"] == "2019"], [])

    def test_the_cache_keeps_the_scan_by_the_pdfs_sha256(self):
        key = hashlib.sha256(self.pdf_bytes).hexdigest()
        cached = os.path.join(self.out, "raw", "ocr", key[:2], key + ".ocr")
        self.assertTrue(os.path.exists(cached), os.listdir(os.path.join(self.out, "raw", "ocr")))
        # Whoever answers next time says what the cache holds (the test edits it to see).
        with open(cached, encoding="utf-8") as f:
            lines = f.read().split("\n")
        at = next(i for i, line in enumerate(lines) if line.count("\t") == 6 and line.rsplit("\t", 1)[1].isdigit()
                  and line.rsplit("\t", 1)[1] != "0")
        fields = lines[at].split("\t")
        fields[6] = "987654"
        lines[at] = "\t".join(fields)
        cache = os.path.join(self.tmp, "cache")
        os.makedirs(os.path.join(cache, key[:2]))
        with open(os.path.join(cache, key[:2], key + ".ocr"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        p = subprocess.run([NIANBAO, "extract", "--ocr-cache", cache, "--year", "2019", self.pdf],
                           capture_output=True, timeout=300)
        self.assertIn(",987654,987654,", p.stdout.decode("utf-8"))
        self.assertEqual(len(glob.glob(os.path.join(cache, "*", "*.ocr"))), 1)


if __name__ == "__main__":
    unittest.main()
