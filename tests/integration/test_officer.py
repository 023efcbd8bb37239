#!/usr/bin/env python3
"""What the disclosure officer opens (issue 15), on the sample county:
  - county.xlsx read back with openpyxl: figures are number cells, every raw text is a
    text cell exactly as printed (the planted 1e5, (3), 1/2, 3., 007, 18 digits, =1+2),
    no formula anywhere, dates are dates, the county tables in the official layout with
    their merged header cells, the lists with frozen headers, filters and hyperlinks;
  - the README's LibreOffice recipe: a township CSV converted headless keeps its raw text
    and its Chinese; the workbook converted back to CSV reads right;
  - report.html in headless Chromium: the page a person sees (the coverage grid, an
    anomaly, the charts) from the rendered DOM, a screenshot, and a print to PDF;
  - what changed: new reports, a planted revision and a new error in changes.csv and the
    summary line; --fail-on and acknowledged.csv; the summary on a terminal and not
    under cron; an unreadable page's status; a night the portal is down."""
import csv
import glob
import html.parser
import io
import json
import os
import pty
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
from test_run import rewrite_t4_review, report_of  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
ROOT = os.environ.get("NB_ROOT", os.path.join(HERE, "..", ".."))
SAMPLE = os.path.join(ROOT, "examples", "sample-county")
with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)
STATUS_ZH = {"ok": "按时", "late": "逾期", "image_only": "仅图片", "attachment_only": "仅附件",
             "unreadable": "无法读取", "missing": "缺失"}
# The README's recipe: every column as text (2) but year (3) and value (10): standard (1).
LO_FILTER = "CSV:44,34,76,1,1/2/2/2/3/1/4/2/5/2/6/2/7/2/8/2/9/2/10/1/11/2/12/2/13/2/14/2"


def run(*args, timeout=120):
    p = subprocess.run([NIANBAO, *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def unguard(text):
    """The text nianbao was given for a CSV field (its apostrophe off a formula start)."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r'" else text


def copy_sample(tmp):
    county = os.path.join(tmp, "sample-county")
    shutil.copytree(SAMPLE, county)
    return os.path.join(county, "county.ini"), os.path.join(tmp, "out")


def chromium(*args, timeout=120):
    profile = tempfile.mkdtemp(prefix="nb-chromium-")
    try:
        p = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", *args], capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return p


def soffice(*args, timeout=180):
    home = tempfile.mkdtemp(prefix="nb-lo-")
    try:
        p = subprocess.run(["soffice", "--headless", "--norestore", *args], capture_output=True, timeout=timeout,
                           env=dict(os.environ, HOME=home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return p


class Dom(html.parser.HTMLParser):
    """The rendered page as a tree of (tag, attrs, children, text) — enough to find the
    cells and items a person sees."""

    VOID = {"meta", "br", "img", "link", "input", "hr", "circle", "line", "polyline", "path", "rect"}

    def __init__(self, text):
        super().__init__()
        self.root = {"tag": "", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1]["children"].append({"tag": tag, "attrs": dict(attrs), "children": [], "text": ""})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1]["children"].append({"tag": "#text", "attrs": {}, "children": [], "text": data})

    @staticmethod
    def text(node):
        return node["text"] + "".join(Dom.text(c) for c in node["children"])

    def find(self, tag=None, node=None, **attrs):
        out = []
        for c in (node or self.root)["children"]:
            if (tag is None or c["tag"] == tag) and all(
                    v in c["attrs"].get(k.rstrip("_"), "").split() for k, v in attrs.items()):
                out.append(c)
            out += self.find(tag, c, **attrs)
        return out


class Workbook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-officer-")
        cls.ini, cls.out = copy_sample(cls.tmp)
        cls.result = run("run", "-q", "-c", cls.ini, "-o", cls.out)
        cls.path = os.path.join(cls.out, "county.xlsx")
        cls.wb = openpyxl.load_workbook(cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_sheets(self):
        self.assertEqual(self.result[0], 0, self.result[2])
        names = ["概览", "异常", "变化"] + [f"{y}年表{t}" for y in range(2019, 2025) for t in "二三四"] + ["明细"]
        self.assertEqual(self.wb.sheetnames, names)

    def test_no_formula_anywhere(self):
        with zipfile.ZipFile(self.path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    self.assertNotRegex(z.read(name).decode("utf-8"), r"<f[ >]", name)
        for ws in self.wb:
            for row in ws.iter_rows():
                for c in row:
                    self.assertNotEqual(c.data_type, "f", f"{ws.title}!{c.coordinate}")

    def tidy_rows(self):
        ws = self.wb["明细"]
        header = [c.value for c in ws[1]]
        self.assertEqual(header, ["乡镇", "年度", "格式", "表", "项目", "栏目", "数值", "原文", "单位", "标记", "行键",
                                  "列键"])
        cells = {}
        for row in ws.iter_rows(min_row=2):
            cells[(row[0].value, row[1].value, row[10].value, row[11].value)] = row
        return cells

    def test_tidy_sheet_types_every_cell_as_the_csv_says(self):
        cells = self.tidy_rows()
        checked = 0
        for path in glob.glob(os.path.join(self.out, "townships", "*", "*.csv")):
            for r in read_csv(path):
                if r["table"] not in ("t2", "t3", "t4"):
                    continue
                row = cells[(r["township"], int(r["year"]), r["row_key"], r["col_key"])]
                value, raw = row[6], row[7]
                where = (r["township"], r["year"], r["row_key"], r["col_key"])
                if r["value"] and "too_large" not in r["flag"]:
                    self.assertEqual(value.data_type, "n", where)
                    self.assertEqual(value.value, float(r["value"]), where)
                elif r["value"]:
                    self.assertEqual((value.data_type, value.value), ("s", r["value"]), where)
                else:
                    self.assertIsNone(value.value, where)
                expected_raw = unguard(r["raw"])
                self.assertEqual(raw.value if raw.value is not None else "", expected_raw, where)
                if expected_raw:
                    self.assertEqual((raw.data_type, raw.number_format), ("s", "@"), where)
                checked += 1
        self.assertEqual(checked, len(cells))
        self.assertGreater(checked, 14000)

    def test_the_spreadsheet_traps_stay_as_printed(self):
        cells = self.tidy_rows()
        traps = EXPECTED["spreadsheet_traps"]
        self.assertEqual({t["raw"] for t in traps}, {"1e5", "(3)", "1/2", "3.", "007", "123456789012345678", "=1+2"})
        for t in traps:
            row = cells[(t["township"], t["year"], t["row_key"], t["col_key"])]
            self.assertEqual((row[7].value, row[7].data_type), (t["raw"], "s"), t)
            if t["value"] is None:
                self.assertIsNone(row[6].value, t)
                self.assertEqual(row[9].value, "unreadable", t)
            elif len(t["value"]) > 15:  # no spreadsheet number holds 18 digits
                self.assertEqual((row[6].value, row[6].data_type), (t["value"], "s"), t)
            else:
                self.assertEqual((row[6].value, row[6].data_type), (int(t["value"]), "n"), t)

    def test_overview_sheet(self):
        ws = self.wb["概览"]
        self.assertEqual(ws.freeze_panes, "A3")
        self.assertEqual(ws.auto_filter.ref, "A2:T74")
        self.assertIn("示例县（999999）", ws["A1"].value)
        header = [c.value for c in ws[2]]
        overview = {(r["township"], int(r["year"])): r for r in read_csv(os.path.join(self.out, "overview.csv"))}
        rows = list(ws.iter_rows(min_row=3))
        self.assertEqual(len(rows), len(overview))
        col = {name: i for i, name in enumerate(header)}
        for row in rows:
            o = overview[(row[0].value, row[1].value)]
            self.assertEqual(row[col["状态"]].value, STATUS_ZH[o["status"]])
            link = row[col["来源"]]
            if o["source_url"]:
                self.assertEqual(link.hyperlink.target, o["source_url"])
                date = row[col["发布日期"]]
                self.assertEqual((date.data_type, date.value.strftime("%Y-%m-%d")), ("d", o["publish_date"]))
                self.assertEqual(row[col["本年新收申请"]].value, float(o["received"]) if o["received"] else None)
            else:
                self.assertIsNone(link.value)
        self.assertEqual([r[col["状态"]].value for r in rows if r[0].value == "青石镇" and r[1].value == 2023], ["缺失"])

    def test_anomaly_sheet(self):
        ws = self.wb["异常"]
        self.assertEqual(ws.freeze_panes, "A3")
        anomalies = read_csv(os.path.join(self.out, "anomalies.csv"))
        rows = list(ws.iter_rows(min_row=3))
        self.assertEqual(len(rows), len(anomalies))
        for row, a in zip(rows, anomalies):
            self.assertEqual((row[1].value, row[2].value, row[7].value), (a["rule"], a["township"], unguard(a["message"])))
            self.assertEqual(row[6].value or "", unguard(a["actual"]))
            self.assertEqual(row[6].data_type if row[6].value else "s", "s")  # "2/0/2", "1e5": text
            if a["source_url"]:
                self.assertEqual(row[10].hyperlink.target, a["source_url"])
        self.assertEqual(rows[0][0].value, "错误")

    def test_county_table3_in_the_official_layout(self):
        ws = self.wb["2021年表三"]
        merged = {str(r) for r in ws.merged_cells.ranges}
        # corner note over the three label columns and three header rows; 申请人情况 over
        # the seven columns; 自然人 and 总计 down two rows; 法人或其他组织 over five
        for r in ("A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16", "B25:B27", "A29:C29"):
            self.assertIn(r, merged)
        self.assertEqual((ws["D2"].value, ws["D3"].value, ws["E3"].value, ws["J3"].value, ws["E4"].value, ws["I4"].value),
                         ("申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "其他"))
        self.assertEqual((ws["A7"].value, ws["B9"].value, ws["C9"].value), ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"))
        with open(os.path.join(self.out, "2021", "county_table3.csv"), "rb") as f:
            table = list(csv.reader(io.StringIO(f.read()[3:].decode("utf-8"), newline="")))
        for i, r in enumerate(table[4:29]):
            self.assertEqual([c.value for c in ws[5 + i][3:10]], [float(x) for x in r[1:8]], r[0])

    def test_county_table2_names_the_cells_left_out(self):
        ws = self.wb["2019年表二"]
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        at = [r[0] for r in rows].index("未计入合计的单元格：乡镇")
        self.assertEqual(rows[at + 1][:3], ["柳河镇", "第二十条第（九）项 政府集中采购 / 采购总金额", "38000"])
        ws = self.wb["2023年表二"]
        left = [r[2] for r in ([c.value for c in x] for x in ws.iter_rows()) if r[0] == "北山乡"]
        self.assertEqual(sorted(left), sorted(["1e5", "(3)", "1/2", "3."]))

    def test_libreoffice_recipe_keeps_the_raw_text(self):
        # README: soffice --infilter with UTF-8 (76) and raw as a text column
        src = os.path.join(self.out, "townships", "2023", "beishan.csv")
        dest = os.path.join(self.tmp, "lo")
        p = soffice(f"--infilter={LO_FILTER}", "--convert-to", "xlsx", "--outdir", dest, src)
        self.assertEqual(p.returncode, 0, p.stderr)
        ws = openpyxl.load_workbook(os.path.join(dest, "beishan.xlsx")).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("county", "township", "year"))
        self.assertEqual(rows[1][:3], ("示例县", "北山乡", 2023))  # UTF-8, not mojibake
        by_cell = {(r[5], r[6]): r for r in rows[1:]}
        self.assertEqual(by_cell[("art20_5.licensing", "decisions")][10], "1e5")
        self.assertEqual(by_cell[("art20_6.penalty", "decisions")][10], "(3)")
        self.assertEqual(by_cell[("art20_6.coercion", "decisions")][10], "1/2")
        self.assertEqual(by_cell[("art20_8.admin_fees", "fee_amount_wan")][10], "3.")
        numbers = [r for r in rows[1:] if r[9] is not None]
        self.assertTrue(numbers and all(isinstance(r[9], (int, float)) for r in numbers))

    def test_libreoffice_reads_the_workbook_back(self):
        dest = os.path.join(self.tmp, "lo-back")
        p = soffice("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dest, self.path)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(dest, "county.csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header = rows[1]
        first = dict(zip(header, rows[2]))
        o = [r for r in read_csv(os.path.join(self.out, "overview.csv")) if r["township"] == first["乡镇"]
             and r["year"] == first["年度"]][0]
        self.assertEqual((first["状态"], first["本年新收申请"], first["发布日期"]),
                         (STATUS_ZH[o["status"]], o["received"], o["publish_date"]))


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


def summary_of(out):
    """The counts of changes.csv as the summary line states them."""
    rows = read_csv(os.path.join(out, "changes.csv"))
    kinds = [r["change"] for r in rows]
    revised = {(r["township"], r["year"]) for r in rows if r["change"] == "revised"}
    errors = sum(1 for r in rows if r["change"] == "appeared" and r["severity"] == "error" and not r["acknowledged"])
    warnings = sum(1 for r in rows if r["change"] == "appeared" and r["severity"] == "warning" and not r["acknowledged"])
    def n(k, one, many):
        return f"{k} {one if k == 1 else many}"
    return ", ".join([n(kinds.count("new_report"), "new report", "new reports"), f"{len(revised)} revised",
                      n(errors, "new error", "new errors"), n(warnings, "new warning", "new warnings"),
                      f"{kinds.count('resolved')} resolved"]) + "\n", rows


class Changes(unittest.TestCase):
    def test_new_reports_revision_and_new_error(self):
        with tempfile.TemporaryDirectory(prefix="nb-changes-") as tmp:
            ini, out = copy_sample(tmp)
            # a first run that read 2019-2023 only: 2024 is missing
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out, "--year", "2019-2023")
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, line)
            self.assertTrue(stdout.startswith("59 new reports, 0 revised, 15 new errors"), stdout)  # 12 M1 for 2024

            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, line)
            self.assertTrue(stdout.startswith("12 new reports, 0 revised, 0 new errors"), stdout)
            self.assertTrue(stdout.endswith(", 12 resolved\n"), stdout)  # the twelve M1 of 2024
            new = [r for r in rows if r["change"] == "new_report"]
            self.assertEqual({(r["year"], r["old"], r["new"]) for r in new}, {("2024", "missing", "ok")})
            self.assertEqual({r["rule"] for r in rows if r["change"] == "resolved"}, {"M1"})
            appeared = {(r["rule"], r["township"]) for r in rows if r["change"] == "appeared"}
            self.assertIn(("S3", "金田乡"), appeared)

            # the portal silently revises 城关镇 2020: 尚未审结 of 行政复议 +7, its 总计 left
            # as it was, so 总计 no longer adds up (I4): one revised report, one new error
            rep = report_of(EXPECTED, "城关镇", 2020)
            page = os.path.join(os.path.dirname(ini), rep["url"])
            with open(page, encoding="utf-8") as f:
                html = f.read()
            # a figure as R1 quotes it: the number, or the cell's text when it holds none ("-")
            before = {(r["row_key"], r["col_key"]): r["value"] or unguard(r["raw"])
                      for r in read_csv(os.path.join(out, "townships", "2020", "chengguan.csv"))}
            pending = int(before[("review", "pending")] if before[("review", "pending")].isdigit() else 0) + 7
            revised = rewrite_t4_review(html, pending)
            total = before[("review", "total")]
            revised = keep_review_total(revised, total)
            with open(page, "w", encoding="utf-8") as f:
                f.write(revised)
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, "0 new reports, 1 revised, 1 new error, 0 new warnings, 0 resolved\n")
            self.assertEqual(stdout, line)
            rev = [r for r in rows if r["change"] == "revised"]
            self.assertEqual([(r["township"], r["year"], r["rule"], r["table"], r["row_key"], r["col_key"], r["old"], r["new"])
                              for r in rev],
                             [("城关镇", "2020", "R1", "t4", "review", "pending", before[("review", "pending")],
                               str(pending))])
            err_rows = [r for r in rows if r["change"] == "appeared"]
            self.assertEqual([(r["rule"], r["severity"], r["township"]) for r in err_rows], [("I4", "error", "城关镇")])
            # the report tells it too
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                page_text = f.read()
            self.assertIn("数字修改", page_text)
            self.assertIn(f"<code>t4/review/pending</code> {before[('review', 'pending')]} → {pending}", page_text)
            # and cron can be told: an error not acknowledged fails the run
            code, stdout, err = run("run", "-q", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual((code, stdout), (5, ""), err)

    def test_summary_on_a_terminal_not_under_cron(self):
        with tempfile.TemporaryDirectory(prefix="nb-tty-") as tmp:
            ini, out = copy_sample(tmp)
            code, stdout, err = run("run", "-c", ini, "-o", out)  # cron: stdout is no terminal
            self.assertEqual((code, stdout), (0, ""), err)
            master, slave = pty.openpty()
            p = subprocess.run([NIANBAO, "run", "-c", ini, "-o", out], stdout=slave, stderr=subprocess.PIPE, timeout=120)
            os.close(slave)
            seen = b""
            try:
                while True:
                    chunk = os.read(master, 4096)
                    if not chunk:
                        break
                    seen += chunk
            except OSError:
                pass
            os.close(master)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(seen.decode("utf-8").replace("\r\n", "\n"),
                             "0 new reports, 0 revised, 0 new errors, 0 new warnings, 0 resolved\n")
            master, slave = pty.openpty()
            p = subprocess.run([NIANBAO, "run", "-q", "-c", ini, "-o", out], stdout=slave, stderr=subprocess.PIPE, timeout=120)
            os.close(slave)
            os.set_blocking(master, False)
            try:
                quiet = os.read(master, 4096)
            except OSError:
                quiet = b""
            os.close(master)
            self.assertEqual(quiet, b"")  # -q: nothing but failures

    def test_unreadable_page_is_not_missing_in_the_overview(self):
        with tempfile.TemporaryDirectory(prefix="nb-unread-") as tmp:
            ini, out = copy_sample(tmp)
            rep = report_of(EXPECTED, "北山乡", 2020)
            page = os.path.join(os.path.dirname(ini), rep["url"])
            with open(page, "w", encoding="utf-8") as f:
                f.write("<html><head><title>北山乡2020年政府信息公开工作年度报告</title></head>"
                        "<body><h1>北山乡2020年政府信息公开工作年度报告</h1><p>见附件。</p></body></html>")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 1, err)
            self.assertIn("北山乡 2020", err)
            o = {(r["township"], r["year"]): r for r in read_csv(os.path.join(out, "overview.csv"))}
            self.assertEqual(o[("北山乡", "2020")]["status"], "unreadable")
            self.assertTrue(o[("北山乡", "2020")]["source_url"].endswith(rep["url"].split("/")[-1]))
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                self.assertIn('<td class="unreadable" title="北山乡2020年度：无法读取">', f.read())

    def test_portal_down_keeps_discovered_csv(self):
        with tempfile.TemporaryDirectory(prefix="nb-down-") as tmp:
            ini, out = copy_sample(tmp)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            with open(os.path.join(out, "discovered.csv"), "rb") as f:
                good = f.read()
            self.assertEqual(len(read_csv(os.path.join(out, "discovered.csv"))), 3)
            listing = os.path.join(os.path.dirname(ini), "portal", "gknb", "index.html")
            os.rename(listing, listing + ".down")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 1, err)
            self.assertIn("index.html", err)
            with open(os.path.join(out, "discovered.csv"), "rb") as f:
                self.assertEqual(f.read(), good)
            # what the listing could not show tonight is not called missing, and that is no news
            o = {(r["township"], r["year"]): r["status"] for r in read_csv(os.path.join(out, "overview.csv"))}
            self.assertEqual(o[("青石镇", "2023")], "unknown")
            self.assertEqual(read_csv(os.path.join(out, "changes.csv")), [])
            # nor the night after, when the listing is back and 青石镇 2023 missing again
            os.rename(listing + ".down", listing)
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual((code, stdout), (0, "0 new reports, 0 revised, 0 new errors, 0 new warnings, 0 resolved\n"),
                             err)

    def test_verbose_tells_only_this_runs_pages(self):
        with tempfile.TemporaryDirectory(prefix="nb-verbose-") as tmp:
            ini, out = copy_sample(tmp)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            code, _, err = run("run", "-v", "-c", ini, "-o", out, "--township", "南塘镇", "--year", "2020")
            self.assertEqual(code, 0, err)
            pages = [l for l in err.splitlines() if re.match(r"nianbao run: \S+ \d{4} \S+: ", l)]
            self.assertEqual(len(pages), 1, err)
            self.assertTrue(pages[0].startswith("nianbao run: 南塘镇 2020 file://"), pages)
            self.assertTrue(pages[0].endswith(": unchanged"), pages)


def keep_review_total(html, total):
    """Puts 行政复议's 总计 back to what it was (rewrite_t4_review recomputes it)."""
    start = html.index("复议后起诉")
    row_start = html.index("<tr", html.index("</tr>", html.index("<tr", html.index("</tr>", start))))
    row_end = html.index("</tr>", row_start)
    cells = html[row_start:row_end].split("<td")
    head, _, rest = cells[5].partition(">")
    cells[5] = head + ">" + str(total) + rest[rest.index("</td>"):]
    return html[:row_start] + "<td".join(cells) + html[row_end:]


class Acknowledged(unittest.TestCase):
    def test_an_acknowledged_finding_stops_failing(self):
        with tempfile.TemporaryDirectory(prefix="nb-ack-") as tmp:
            ini, out = copy_sample(tmp)
            code, _, err = run("run", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual(code, 5, err)
            self.assertIn("nianbao run: 3 error(s) not acknowledged (--fail-on error)", err)
            with open(os.path.join(out, "acknowledged.csv"), "w", encoding="utf-8") as f:
                f.write("rule,township,year,cell,note,who,date\n"
                        "I2,南塘镇,2020,,原表如此，已与乡镇核实,张三,2025-03-02\n"
                        "M1,青石镇,2023,,2023年并入城关镇,李四,2025-03-03\n")
            code, _, err = run("run", "-q", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            anomalies = read_csv(os.path.join(out, "anomalies.csv"))
            muted = [(a["rule"], a["township"]) for a in anomalies if a["acknowledged"] == "yes"]
            self.assertEqual(sorted(muted), [("I2", "南塘镇"), ("I2", "南塘镇"), ("M1", "青石镇")])
            self.assertEqual([a["severity"] for a in anomalies][:3], ["error"] * 3)  # still listed as errors
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                page = f.read()
            self.assertIn("（已确认：原表如此，已与乡镇核实，张三 2025-03-02）", page)
            ws = openpyxl.load_workbook(os.path.join(out, "county.xlsx"))["异常"]
            notes = [r[9] for r in ws.iter_rows(min_row=3, values_only=True) if r[8] == "是"]
            self.assertIn("2023年并入城关镇（李四，2025-03-03）", notes)
            # warnings still fail a run that asks to fail on them
            code, _, err = run("run", "-q", "--fail-on", "warning", "-c", ini, "-o", out)
            self.assertEqual(code, 5, err)
            # a mistake in the file stops the run before it starts, naming the line
            with open(os.path.join(out, "acknowledged.csv"), "a", encoding="utf-8") as f:
                f.write("I9,南塘镇,2020,,,,\n")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 2)
            self.assertEqual(err, f"nianbao run: {out}/acknowledged.csv:4: unknown rule \"I9\" (I1, I2, ... X4: see "
                                  "anomalies.csv)\n")
            code, _, err = run("run", "-q", "--fail-on", "sometimes", "-c", ini, "-o", out)
            self.assertEqual((code, err), (2, "nianbao run: --fail-on takes error, warning or never, not 'sometimes'\n"))


if __name__ == "__main__":
    unittest.main()
