#!/usr/bin/env python3
"""Reports published as Excel workbooks through `nianbao run` (issue 12), against a real
HTTP server on 127.0.0.1:

  平东镇  the tables in the page (HTML)
  城东镇  a page saying 详见附件 and linking the report as a workbook saved by Calc
  附城镇  a page linking a workbook cut short in transit

城东镇 gets its CSV with the figures of the page, status attachment_only and no M1; the
manifest records the workbook with kind xlsx and its page; 附城镇's report was found, so
it is F1 with the reason and the link, never M1."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import portal_server as ps  # noqa: E402
import sheet_files as sf  # noqa: E402
from sheet_files import mf  # noqa: E402
from outputs import read_csv  # noqa: E402
from test_run_files import figures  # noqa: E402
from test_trust import Site, listing, title  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
TOWNS = [("平东镇", "pingdong", ""), ("城东镇", "chengdong", ""), ("附城镇", "fucheng", "")]
VALUES = mf.distinct_values("2019")


class WorkbookCounty(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-run-xlsx-")
        web = cls.web = Site()
        book = sf.calc_xlsx([(sf.office_workbook(VALUES, "2019"), os.path.join(cls.tmp, "report.xlsx"))])[0]
        with open(book, "rb") as f:
            xlsx = f.read()

        def page(name, body):
            return mf.page(title(name), body).encode("utf-8")

        sheet = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        web.routes["/gknb/pingdong.html"] = page("平东镇", mf.report_2019(VALUES))
        web.routes["/gknb/chengdong.html"] = page(
            "城东镇", '<p>详见附件。</p><p>附件：<a href="/files/chengdong-2019.xlsx">城东镇2019年年报.xlsx</a></p>')
        web.routes["/files/chengdong-2019.xlsx"] = (200, sheet, xlsx)
        web.routes["/gknb/fucheng.html"] = page(
            "附城镇", '<p>附件：<a href="/files/fucheng-2019.xlsx">附城镇2019年年报.xlsx</a></p>')
        web.routes["/files/fucheng-2019.xlsx"] = (200, sheet, xlsx[:len(xlsx) // 2])
        web.routes["/gknb/index.html"] = listing([(f"/gknb/{slug}.html", title(name)) for name, slug, _ in TOWNS])
        cls.ini = ps.write_config(cls.tmp, f"{web.base}/gknb/index.html", delay_ms=0, townships=TOWNS)
        with open(cls.ini, encoding="utf-8") as f:
            text = f.read().replace("max_bytes = 200000", "max_bytes = 20000000").replace("timeout_s = 2", "timeout_s = 30")
        with open(cls.ini, "w", encoding="utf-8") as f:
            f.write(text)
        cls.out = os.path.join(cls.tmp, "out")
        cls.run_ = subprocess.run([os.path.abspath(NIANBAO), "run", "-c", cls.ini, "-o", cls.out, "--year", "2019"],
                                  capture_output=True, timeout=600)
        cls.anomalies = read_csv(os.path.join(cls.out, "anomalies.csv"))

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()
        shutil.rmtree(cls.tmp)

    def csv_of(self, slug):
        return os.path.join(self.out, "townships", "2019", f"{slug}.csv")

    def test_only_the_cut_workbook_fails_and_is_named(self):
        """Exit status 1 (a township failed), one line naming the file and why."""
        self.assertEqual(self.run_.returncode, 1, self.run_.stderr.decode())
        lines = self.run_.stderr.decode().splitlines()
        self.assertEqual([line for line in lines if "xlsx" in line],
                         [f"nianbao run: 附城镇 2019 {self.web.base}/files/fucheng-2019.xlsx: not a readable Excel file "
                          "(.xlsx): the zip archive is cut short or damaged (Not a zip archive)"])

    def test_the_workbook_gives_the_figures_of_the_page(self):
        page, book = figures(self.csv_of("pingdong")), figures(self.csv_of("chengdong"))
        self.assertEqual(len(page), 198)
        self.assertEqual([k for k, r in page.items() if book[k]["value"] != r["value"]], [])
        self.assertEqual({r["source_url"] for r in book.values()}, {f"{self.web.base}/files/chengdong-2019.xlsx"})

    def test_overview_and_anomalies(self):
        status = {r["township"]: r["status"] for r in read_csv(os.path.join(self.out, "overview.csv"))
                  if r["year"] == "2019"}
        self.assertEqual(status, {"平东镇": "ok", "城东镇": "attachment_only", "附城镇": "unreadable"})
        rules = {(r["township"], r["rule"]) for r in self.anomalies if r["rule"] in ("M1", "F1") and r["year"] == "2019"}
        self.assertEqual(rules, {("附城镇", "F1")})
        f1 = [r for r in self.anomalies if r["rule"] == "F1"][0]
        self.assertIn("not a readable Excel file (.xlsx): the zip archive is cut short or damaged", f1["message"])
        self.assertIn("fucheng-2019.xlsx", f1["message"] + f1["source_url"])

    def test_the_manifest_names_the_workbook_and_its_page(self):
        manifest = {r["url"]: r for r in read_csv(os.path.join(self.out, "manifest.csv"))}
        row = manifest[f"{self.web.base}/files/chengdong-2019.xlsx"]
        self.assertEqual((row["kind"], row["parent"]), ("xlsx", f"{self.web.base}/gknb/chengdong.html"))
        self.assertTrue(row["archive"].endswith(".xlsx.gz"), row)


if __name__ == "__main__":
    unittest.main()
