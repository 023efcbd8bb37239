#!/usr/bin/env python3
"""report.html on the sample county (issue 15), as a person sees it in headless Chromium:
one file, no script; the coverage grid, the anomalies grouped by township with the errors
first, the trend charts and the township-beside-median table from the rendered DOM; a
screenshot; a print to PDF (A4 landscape, its headings in the text)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from officer_util import *  # noqa: E402,F401,F403


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-report-")
        cls.ini, cls.out = copy_sample(cls.tmp)
        code, _, err = run("run", "-q", "-c", cls.ini, "-o", cls.out)
        assert code == 0, err
        cls.page = os.path.join(cls.out, "report.html")
        with open(cls.page, encoding="utf-8") as f:
            cls.source = f.read()
        p = chromium("--dump-dom", "file://" + cls.page)
        assert p.returncode == 0, p.stderr
        cls.dom = Dom(p.stdout.decode("utf-8"))
        cls.overview = {(r["township"], int(r["year"])): r for r in read_csv(os.path.join(cls.out, "overview.csv"))}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_one_file_no_script_nothing_from_elsewhere(self):
        self.assertNotIn("<script", self.source.lower())
        self.assertFalse(self.dom.find("script") or self.dom.find("link") or self.dom.find("img") or self.dom.find("iframe"))
        self.assertNotIn("@import", self.source)
        for a in self.dom.find("a"):
            self.assertRegex(a["attrs"]["href"], r"^(https?|file)://")

    def test_coverage_grid(self):
        grid = self.dom.find("table", class_="grid")[0]
        rows = [r for r in self.dom.find("tr", node=grid)][1:]
        self.assertEqual([Dom.text(r["children"][0]) for r in rows], [t["name"] for t in EXPECTED["townships"]])
        for r in rows:
            township = Dom.text(r["children"][0])
            cells = self.dom.find("td", node=r)
            self.assertEqual(len(cells), 6)
            for year, cell in zip(range(2019, 2025), cells):
                o = self.overview[(township, year)]
                self.assertIn(o["status"].split("_")[0], cell["attrs"]["class"])
                self.assertTrue(Dom.text(cell).startswith(STATUS_ZH[o["status"]]), (township, year))
                links = self.dom.find("a", node=cell)
                self.assertEqual([l["attrs"]["href"] for l in links], [o["source_url"]] if o["source_url"] else [])
        missing = [c for r in rows if Dom.text(r["children"][0]) == "青石镇" for c in self.dom.find("td", node=r)][4]
        self.assertEqual(Dom.text(missing).strip(), "缺失1")  # and its M1 error
        late = [c for r in rows if Dom.text(r["children"][0]) == "东湖镇" for c in self.dom.find("td", node=r)][2]
        self.assertTrue(Dom.text(late).startswith("逾期"))

    def test_anomalies_grouped_by_township_errors_first(self):
        section = self.dom.find("section", id="anomalies")[0]
        groups = self.dom.find("div", node=section, class_="township")
        names = [Dom.text(self.dom.find("h3", node=g)[0]) for g in groups]
        self.assertEqual(names[:2], ["南塘镇", "青石镇"])  # the townships with errors
        anomalies = read_csv(os.path.join(self.out, "anomalies.csv"))
        self.assertEqual(set(names), {a["township"] for a in anomalies})
        items = self.dom.find("li", node=groups[0])
        self.assertTrue(items)
        first = Dom.text(items[0])
        self.assertIn("I2", first)
        self.assertIn("勾稽关系不成立", first)
        self.assertEqual(Dom.text(self.dom.find("span", node=items[0], class_="sev")[0]), "错误")
        self.assertEqual(sum(len(self.dom.find("li", node=g)) for g in groups), len(anomalies))

    def test_trend_charts(self):
        charts = self.dom.find("figure", class_="chart")
        captions = [Dom.text(self.dom.find("figcaption", node=c)[0]) for c in charts]
        self.assertEqual(captions, ["本年新收申请", "予以公开", "不予公开", "行政复议", "行政诉讼", "收费金额（万元）"])
        received = charts[0]
        self.assertTrue(self.dom.find("polyline", node=received))
        values = [Dom.text(t) for t in self.dom.find("text", node=received, class_="value")]
        self.assertEqual(values, [str(EXPECTED["county_sums"][str(y)]["t3_total"]["new_received"]) for y in range(2019, 2025)])
        counts = [Dom.text(t) for t in self.dom.find("text", node=received, class_="count")]
        self.assertEqual(counts[4], "11/12")  # 2023: 青石镇 missing
        medians = self.dom.find("table", class_="medians")[0]
        self.assertEqual(len(self.dom.find("svg", node=medians)), 12 * 6)

    def test_screenshot_and_print(self):
        shot = os.path.join(self.tmp, "report.png")
        p = chromium("--window-size=1280,2400", f"--screenshot={shot}", "file://" + self.page)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(shot, "rb") as f:
            png = f.read()
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual((int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")), (1280, 2400))
        self.assertGreater(len(png), 100_000)  # a page of text and charts, not a blank
        pdf = os.path.join(self.tmp, "report.pdf")
        p = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + self.page)
        self.assertEqual(p.returncode, 0, p.stderr)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        self.assertRegex(info, r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)")  # landscape
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertTrue(2 <= pages <= 12, pages)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        for heading in ("年报覆盖情况", "异常情况", "全县趋势", "各乡镇与全县中位数"):
            self.assertIn(heading, text)

if __name__ == "__main__":
    unittest.main()
