#!/usr/bin/env python3
"""Spreadsheet formula injection (issue 6): text that reaches nianbao's CSVs from a web
page, a server or the configuration and starts with =, +, -, @, tab or CR is neutralised
in EVERY CSV nianbao writes. A portal on 127.0.0.1 serves report pages whose titles and
cells start with formula characters, under hostile ETag and Last-Modified headers, and
a listing whose link texts do the same; the county's name starts with "=". Two runs (the
second after the pages changed, so revisions.csv and the archived old CSVs are written
too). Then every CSV under the output folder is opened with a real CSV reader (Python's
csv module) and every field checked: a field starting with a formula character is a
plain number (-18) or a lone placeholder (-); the hostile texts are all there, with the
apostrophe that makes a spreadsheet show them as text."""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

try:
    import openpyxl
except ImportError:  # a Python of its own (pyenv) beside Debian's python3-openpyxl
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import county_gen as cg  # noqa: E402
import portal_server as ps  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
FORMULA = "=+-@\t\r"
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

TOWNSHIPS = [("平东镇", "pingdong", "平东"), ("城东镇", "chengdong", ""), ("附城镇", "fucheng", "")]
# (township, title prefix, ETag, Last-Modified, cell texts: key -> text)
PAGES = [
    ("平东镇", "=", '=HYPERLINK("http://evil.example/","click")', "@SUM(1+1)*cmd|' /C calc'!A0",
     {("t3", "res_granted", "natural_person"): "=1+1", ("t3", "res_partial", "natural_person"): "@SUM(A1:A9)"}),
    ("城东镇", "+", "+1+1", "-1-1", {("t3", "res_granted", "legal_commercial"): "+cmd|'/C calc'!A0",
                                   ("t3", "res_granted", "legal_research"): "-2+3"}),
    ("附城镇", "@", "\t=tab", "-", {("t4", "review", "upheld"): "=-5", ("t4", "review", "corrected"): "-"}),
]
UNREGISTERED = ["=HYPERLINK(\"http://evil.example/\",\"石头镇2019年政府信息公开工作年度报告\")",
                "@石头镇2019年政府信息公开工作年度报告", "+石头镇2020年政府信息公开工作年度报告",
                "-石头镇2021年政府信息公开工作年度报告", "\t=石头镇2019年度政府信息公开年报",
                "\r=石头镇2020年度政府信息公开年报"]


def formula_like(field):
    return len(field) > 1 and field[0] in FORMULA and not PLAIN_NUMBER.match(field)


class Injection(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-inject-")
        root = os.path.join(cls.tmp, "portal")
        cls.portal = ps.Portal(root, faults=False)
        for name in ("index_2.html", "index_3.html"):
            os.remove(os.path.join(root, "gknb", name))
        cls.portal.start()
        cls.ini = ps.write_config(cls.tmp, cls.portal.base + "/gknb/index.html", townships=TOWNSHIPS)
        with open(cls.ini, encoding="utf-8") as f:
            text = f.read().replace("name = 海丰县", "name = =海丰县")
        with open(cls.ini, "w", encoding="utf-8") as f:
            f.write(text)
        cls.out = os.path.join(cls.tmp, "out")
        cls.publish(version=1)
        cls.first = cls.run_nianbao()
        cls.publish(version=2)
        cls.second = cls.run_nianbao()

    @classmethod
    def publish(cls, version):
        entries = []
        for i, (name, prefix, etag, modified, cells) in enumerate(PAGES):
            values = cg.mf.distinct_values("2019")
            values.update(cells)
            if version == 2:  # the figures change: a silent revision, the old CSV archived
                values[("t3", "res_granted", "natural_person")] = "@2+2" if i == 0 else "7"
            title = f"{prefix}{name}2019年政府信息公开工作年度报告"
            href = f"content/post_{i}.html"
            entries.append((href, title, cg.report(name, 2019, version, values=values, title=title)))
            cls.portal.header_overrides[f"/gknb/{href}"] = {"ETag": etag, "Last-Modified": modified}
        for i, text in enumerate(UNREGISTERED):
            entries.append((f"content/other_{i}.html", text, None))
        entries.append((f"http://127.0.0.2:{cls.portal.port}/x.html", "=cmd|' /C calc'!A0 城东镇2019年政府信息公开工作年度报告", None))
        cg.write_portal(os.path.join(cls.tmp, "portal"), entries)

    @classmethod
    def run_nianbao(cls):
        p = subprocess.run([NIANBAO, "run", "-c", cls.ini, "-o", cls.out, "--year", "2019"], capture_output=True,
                           timeout=120)
        return p.returncode, p.stderr.decode("utf-8", "replace")

    @classmethod
    def tearDownClass(cls):
        cls.portal.stop()
        shutil.rmtree(cls.tmp)

    def csv_files(self):
        found = []
        for folder, _, names in os.walk(self.out):
            found += [os.path.join(folder, n) for n in names if n.endswith(".csv")]
        return sorted(found)

    def test_every_field_of_every_csv(self):
        self.assertIn(self.second[0], (0, 1), self.second[1])
        files = self.csv_files()
        rel = {os.path.relpath(f, self.out) for f in files}
        # per-township, county tables, overview, anomalies, manifest, discovered,
        # revisions, and the superseded per-township CSVs kept in the archive
        for expected in ("townships/2019/pingdong.csv", "townships/2019/chengdong.csv", "2019/county_table2.csv",
                         "2019/county_table3.csv", "2019/county_table4.csv", "overview.csv", "anomalies.csv",
                         "manifest.csv", "discovered.csv", "revisions.csv"):
            self.assertIn(expected, rel)
        self.assertTrue([f for f in rel if f.startswith("raw/pingdong/2019/") and f.endswith(".csv")], rel)
        seen = set()
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            self.assertTrue(data.startswith(b"\xef\xbb\xbf"), path)
            for row in csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")):
                for field in row:
                    self.assertFalse(formula_like(field), f"{os.path.relpath(path, self.out)}: {field!r}")
                    seen.add(field)
        # the hostile texts are there, as text
        for text in ("'=1+1", "'@SUM(A1:A9)", "'+cmd|'/C calc'!A0", "'-2+3", "'=-5", "'@2+2",
                     "'=海丰县", "'=平东镇2019年政府信息公开工作年度报告", "'+城东镇2019年政府信息公开工作年度报告",
                     "'@附城镇2019年政府信息公开工作年度报告",
                     "'" + PAGES[0][2], "'" + PAGES[0][3], "'+1+1", "'-1-1",
                     "'" + UNREGISTERED[0], "'@石头镇2019年政府信息公开工作年度报告"):
            self.assertIn(text, seen)
        self.assertIn("-", seen)  # a placeholder stays itself

    def test_the_workbook_and_the_report_hold_them_as_text(self):
        # county.xlsx: no formula at all; the cells as the pages printed them, as text
        path = os.path.join(self.out, "county.xlsx")
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/"):
                    self.assertNotRegex(z.read(name).decode("utf-8", "replace"), r"<f[ >]", name)
        wb = openpyxl.load_workbook(path)
        tidy = list(wb["明细"].iter_rows(min_row=2))
        raws = {row[7].value: row[7].data_type for row in tidy}
        for text in ("@2+2", "@SUM(A1:A9)", "+cmd|'/C calc'!A0", "-2+3", "=-5"):
            self.assertEqual(raws.get(text), "s", text)
        self.assertTrue(wb["概览"]["A1"].value.startswith("=海丰县"))
        self.assertEqual(wb["概览"]["A1"].data_type, "s")
        # report.html: every page text escaped, no link the pages made up
        with open(os.path.join(self.out, "report.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertNotIn("<script", page.lower())
        self.assertNotIn("evil.example", page)
        self.assertIn("=海丰县", page)
        for href in re.findall(r'href="([^"]*)"', page):
            self.assertTrue(href.startswith(self.portal.base), href)

    def test_the_hostile_texts_read_back(self):
        # nianbao's own readers take the apostrophe off again: the stored CSVs read back
        # to the page's text (the R1 revision compares the raw cell, "=1+1" -> "@2+2")
        with open(os.path.join(self.out, "revisions.csv"), "rb") as f:
            rows = list(csv.DictReader(io.StringIO(f.read()[3:].decode("utf-8"), newline="")))
        r1 = [r for r in rows if r["township"] == "平东镇" and r["col_key"] == "natural_person"]
        self.assertEqual(len(r1), 1, rows)
        self.assertEqual(r1[0]["county"], "'=海丰县")


if __name__ == "__main__":
    unittest.main()
