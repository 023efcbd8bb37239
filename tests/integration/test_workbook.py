#!/usr/bin/env python3
"""county.xlsx on the sample county (issue 15), read back with openpyxl: figures are number
cells, every raw text is a text cell exactly as printed (the planted 1e5, (3), 1/2, 3.,
007, 18 digits, =1+2), no formula anywhere, dates are dates, the county tables in the
official layout with their merged header cells, the lists with frozen headers, filters
and hyperlinks; and the README's LibreOffice recipes: a township CSV converted headless
keeps its raw text and its Chinese, the workbook converted back to CSV reads right."""
import csv
import glob
import io
import os
import shutil
import sys
import tempfile
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from officer_util import *  # noqa: E402,F401,F403


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

if __name__ == "__main__":
    unittest.main()
