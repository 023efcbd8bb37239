#!/usr/bin/env python3
"""nianbao extract on reports published as Excel workbooks (issue 12): workbooks made here
by real tools (sheet_files.py: LibreOffice Calc saving a township's workbook and a report
page opened in Calc, openpyxl writing one as a program would), every template cell asserted
against the figures the workbook holds (test_extract_variants.py's distinct figures: every
cell a different number, so a figure read from a neighbouring cell fails).

What a workbook adds over a page: merged header and label cells, labels printed over the
empty cells beside them, formats (thousands separators, a 元 unit, dates), formulas with or
without their computed value, floating-point figures, hidden sheets, a legacy .xls."""
import os
import re
import shutil
import sys
import tempfile
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import office_files as of  # noqa: E402
import sheet_files as sf  # noqa: E402
from sheet_files import mf  # noqa: E402
from test_extract_files import assert_cut_short_fails_alone  # noqa: E402
from test_extract_variants import cells_of, distinct, extract, template_keys  # noqa: E402


def part(path, name):
    return zipfile.ZipFile(path).read(name).decode("utf-8")


def blank_column(values, col):
    """The figures with table 三's column col left blank in every row (totals kept)."""
    out = dict(values)
    for key in list(out):
        if key[0] == "t3" and key[2] == col:
            out[key] = None
    return out


_made = {}


def made():
    if not _made:
        _made.update(make_files())
    return _made


def make_files():
    tmp = tempfile.TemporaryDirectory()
    d = tmp.name
    files = {"tmp": tmp, "dir": d}
    v19, v21 = mf.distinct_values("2019"), mf.distinct_values("2021")
    # last year's figures, in a hidden sheet of this year's workbook
    old = {k: str(sf.number(x) + 7) for k, x in v19.items()}
    # labels printed over the empty cells beside them (no merged label cells)
    overflow = sf.office_workbook(v19, "2019")
    name, rows, merges, hidden = overflow[2]
    overflow[2] = (name, rows, [m for m in merges if not (m[1] < 3 and m[0] > 3)], hidden)
    files["calc-2019"], files["calc-2021"], files["overflow-2019"] = sf.calc_xlsx([
        (sf.office_workbook(v19, "2019", old_values=old), os.path.join(d, "calc-2019.xlsx")),
        (sf.office_workbook(v21, "2021"), os.path.join(d, "calc-2021.xlsx")),
        (overflow, os.path.join(d, "overflow-2019.xlsx"))])
    # the natural persons' column left blank all through
    blank = {k: x for k, x in blank_column(v19, "natural_person").items() if x is not None}
    files["blank-2019"] = sf.openpyxl_xlsx(sf.office_workbook(blank, "2019"), os.path.join(d, "blank-2019.xlsx"))
    # a report page opened in Calc and saved as a workbook
    pages = []
    for fmt, body, date in (("2019", mf.report_2019(v19, t2=mf.simple_t2_2019(v19)), "2020-01-21"),
                            ("2021", mf.report_2021(v21), "2022-01-20")):
        path = os.path.join(d, f"page-{fmt}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(mf.page(f"平安镇{fmt}年政府信息公开工作年度报告", body, date=date))
        pages.append(path)
    files["page-2019"], files["page-2021"] = sf.html_to_xlsx(pages, d)
    # a program's workbook: formulas without computed values, figures as floats
    files["program-2021"] = sf.openpyxl_xlsx(sf.office_workbook(v21, "2021"), os.path.join(d, "program-2021.xlsx"))
    # a legacy .xls saved by Calc
    files["xls-2019"] = of.libreoffice([files["calc-2019"]], "xls:MS Excel 97", os.path.join(d))[0]
    return files


class Workbooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.f = made()
        cls.dir = cls.f["dir"]

    def assert_cells(self, path, fmt, expected=None, warnings=()):
        """Every template cell holds its figure, none flagged uncertain; stderr says only
        what warnings lists (and the Word-like note on table 二's wider rows)."""
        rc, rows, err = extract(path)
        self.assertEqual(rc, 0, err)
        self.assertEqual({r["template"] for r in rows}, {fmt})
        cells = cells_of(rows)
        self.assertEqual(sorted(cells), sorted(template_keys(fmt)))
        want = {**distinct(fmt), **(expected or {})}
        for key in template_keys(fmt):
            got = cells[key]
            self.assertEqual((got["value"], "uncertain_cell" in got["flag"]), (want[key], False),
                             f"{os.path.basename(path)} {key}: {got}")
        problems = [e for e in err if not e.endswith("the extra ones were ignored")]
        self.assertEqual(problems, [f"{path}: {w}" for w in warnings])
        return cells, rows

    def test_calc_workbook_2019_merged_cells_formats_formulas(self):
        """A township's workbook as Calc saves it: a sheet per table, the template's
        merged header and label cells, 总计 as SUM formulas (their computed values are
        the figures), 处理决定数量 shown with a thousands separator, 采购总金额 with the
        unit 元 in its format, and last year's 表三 in a hidden sheet (not read)."""
        path = self.f["calc-2019"]
        sheet = part(path, "xl/worksheets/sheet4.xml")
        self.assertIn("<mergeCell ", sheet)
        self.assertRegex(sheet, r"<f[^>]*>SUM\(D\d+:I\d+\)</f><v>\d+</v>")
        styles = part(path, "xl/styles.xml")
        self.assertIn('formatCode="#,##0"', styles)
        self.assertIn("元", styles)
        self.assertIn('state="hidden"', part(path, "xl/workbook.xml"))
        cells, rows = self.assert_cells(path, "2019", warnings=['sheet "去年" is hidden: not read'])
        # the format's thousands separator is how it looks: the figure, no `thousands` flag
        decisions = cells[("t2", "art20_5.licensing", "decisions")]
        self.assertEqual((decisions["raw"], decisions["flag"]), ("1009", ""))
        amount = cells[("t2", "art20_9.central_procurement", "proc_amount")]
        self.assertEqual((amount["value"], amount["raw"], amount["unit"], amount["flag"]),
                         ("70487", "70487元", "元", "unit_stripped"))
        meta = {r["col_key"]: r["raw"] for r in rows if r["table"] == "meta"}
        self.assertEqual((rows[0]["township"], rows[0]["year"], meta["publish_date"]), ("平安镇", "2019", "2020-01-21"))

    def test_calc_workbook_2021(self):
        self.assert_cells(self.f["calc-2021"], "2021")

    def test_report_page_saved_as_a_workbook_both_templates(self):
        """Calc puts the whole page on one sheet: paragraphs, headings and the three
        tables on their own columns, their spans as merged cells."""
        for fmt in ("2019", "2021"):
            self.assert_cells(self.f[f"page-{fmt}"], fmt)

    def test_labels_printed_over_the_empty_cells_beside_them(self):
        """表三's labels not merged: "一、本年新收…" in column A, B and C empty (other rows'
        labels are there); the empty cells are not taken for blank figures."""
        sheet = part(self.f["overflow-2019"], "xl/worksheets/sheet3.xml")
        self.assertIn("<mergeCell ref=\"A2:C4\"/>", sheet)  # the header's, kept
        self.assertEqual([m for m in re.findall(r'<mergeCell ref="([A-C])(\d+):', sheet) if int(m[1]) > 4], [])
        self.assert_cells(self.f["overflow-2019"], "2019")

    def test_a_column_left_blank_stays_in_its_place(self):
        """自然人 blank in every row of 表三, the cells not even written (openpyxl): each
        row's figures keep their columns, the blanks are blank, nothing shifts."""
        want = {k: "" for k in template_keys("2019") if k[0] == "t3" and k[2] == "natural_person"}
        rc, rows, err = extract(self.f["blank-2019"])
        cells = cells_of(rows)
        self.assertEqual({cells[k]["flag"] for k in want}, {"blank"})
        expected = {**distinct("2019"), **want}
        for k in template_keys("2019"):
            if k[0] == "t3" and k[2] == "total":
                expected[k] = cells[k]["value"]  # the formulas' cells, checked elsewhere
        wrong = {k: cells[k]["value"] for k in template_keys("2019")
                 if k[0] == "t3" and k[2] != "total" and cells[k]["value"] != expected[k]}
        self.assertEqual(wrong, {})
        self.assertFalse([k for k in want if "uncertain_cell" in cells[k]["flag"]])

    def test_an_empty_column_the_sheet_does_not_explain_is_flagged(self):
        """表二 with an empty column B, bordered, between the labels and the figures: no
        label, no figure, no header in it. Whether "规章" was printed over it or its
        figures were left blank the sheet does not say: every figure of those rows is
        flagged uncertain_cell (they are read one column off), none is wrong without a
        flag. (A column the sheet writes nothing in at all is no column: see the Calc
        workbooks, whose unused columns are not written.)"""
        sheets = sf.office_workbook(mf.distinct_values("2019"), "2019")
        name, rows, merges, hidden = sheets[1]
        rows = [row if len(row) == 1 else row[:1] + [sf.Empty()] + row[1:] for row in rows]
        merges = [(r, c, rs, cs + 1) for r, c, rs, cs in merges]
        sheets[1] = (name, rows, merges, hidden)
        path = sf.openpyxl_xlsx(sheets, os.path.join(self.dir, "spacer.xlsx"))
        rc, out, err = extract(path)
        cells = cells_of(out)
        want = distinct("2019")
        t2 = [k for k in template_keys("2019") if k[0] == "t2"]
        flagged = [k for k in t2 if "uncertain_cell" in cells[k]["flag"].split(";")]
        self.assertEqual(flagged, t2)
        self.assertTrue(any(cells[k]["value"] != want[k] for k in t2), "read one column off, as the flag says")
        for k in template_keys("2019"):
            if k[0] != "t2" and k[2] != "total":
                self.assertEqual((cells[k]["value"], cells[k]["flag"]), (want[k], ""), k)

    def test_formula_without_its_value_is_unreadable_never_0(self):
        """openpyxl stores =SUM(...) without a computed value: the cell is unreadable, its
        raw text the formula, with one warning for the sheet; never a 0 or a sum of ours."""
        path = self.f["program-2021"]
        self.assertRegex(part(path, "xl/worksheets/sheet3.xml"), r"<f>SUM\(D5:I5\)</f><v\s*/?>|<f>SUM\(D5:I5\)</f></c>")
        rc, rows, err = extract(path)
        self.assertEqual(rc, 0, err)
        cells = cells_of(rows)
        totals = [k for k in template_keys("2021") if k[0] == "t3" and k[2] == "total"]
        for k in totals:
            self.assertEqual((cells[k]["value"], cells[k]["flag"]), ("", "unreadable"), k)
            self.assertRegex(cells[k]["raw"], r"^'=SUM\(D\d+:I\d+\)$")  # quoted: the CSV is no spreadsheet
        want = distinct("2021")
        self.assertEqual([k for k in template_keys("2021") if k not in totals and cells[k]["value"] != want[k]], [])
        self.assertIn(f'{path}: sheet "表三": 25 formulas without a computed value (J5, J6, J7, J8, J9, ...): '
                      "not computed here, unreadable (open and save the file in Excel or WPS to compute them)", err)

    def test_floating_point_figures_come_out_as_excel_shows_them(self):
        """A program's figures as floats (1001.0000000000001, 0.1+0.2, Excel's 1E-3): the
        figure a person sees in Excel, never a long float."""
        v21 = mf.distinct_values("2021")
        sheets = sf.office_workbook(v21, "2021")
        row_of = {cells[0]: r for r, cells in enumerate(sheets[1][1])}
        floats = {("表二", row_of["行政事业性收费"], 1): 0.3}
        path = sf.openpyxl_xlsx(sheets, os.path.join(self.dir, "floats.xlsx"), floats=floats)
        # openpyxl rounds what it writes; Excel writes what it computed, 17 digits, and
        # large or small numbers with an exponent: so shall this file
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = parts["xl/worksheets/sheet2.xml"].decode()
        for was, now in (("<v>1001</v>", "<v>1001.0000000000001</v>"), ("<v>0.3</v>", "<v>0.30000000000000004</v>"),
                         ("<v>1002</v>", "<v>1.002E3</v>")):
            self.assertEqual(sheet.count(was), 1, was)
            sheet = sheet.replace(was, now)
        parts["xl/worksheets/sheet2.xml"] = sheet.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts.items():
                z.writestr(n, data)
        rc, rows, err = extract(path)
        cells = cells_of(rows)
        self.assertEqual(cells[("t2", "art20_1.regulations", "issued")]["raw"], "1001")
        self.assertEqual(cells[("t2", "art20_1.regulations", "repealed")]["raw"], "1002")
        fee = cells[("t2", "art20_8.admin_fees", "fee_amount_wan")]
        self.assertEqual((fee["value"], fee["raw"], fee["unit"]), ("0.3", "0.3", "万元"))

    def test_legacy_xls_converted_by_libreoffice(self):
        self.assert_cells(self.f["xls-2019"], "2019", warnings=['sheet "去年" is hidden: not read'])

    def test_legacy_xls_without_libreoffice_says_what_to_install(self):
        env = dict(os.environ, PATH=os.path.join(self.dir, "empty-path"))
        rc, rows, err = extract(self.f["xls-2019"], env=env)
        self.assertEqual((rc, rows), (1, []))
        self.assertEqual(err, [f"{self.f['xls-2019']}: a legacy Excel/WPS spreadsheet (.xls, .et) needs LibreOffice "
                               "to be read, and it is not installed (apt-get install libreoffice-calc-nogui)"])

    def test_truncated_xlsx_fails_alone(self):
        assert_cut_short_fails_alone(self, self.f["calc-2019"], self.f["calc-2021"], "cut.xlsx",
                                     "not a readable Excel file (.xlsx): the zip archive is cut short or damaged")

    def test_encrypted_workbook_says_so(self):
        """Excel saves a workbook with a password as an OLE2 compound file holding the
        encrypted package (streams EncryptionInfo and EncryptedPackage): named as such.
        (Made by hand: no packaged tool here encrypts one.)"""
        sector = bytearray(512)
        for i, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
            raw = name.encode("utf-16-le")
            sector[128 * i:128 * i + len(raw)] = raw
            sector[128 * i + 64] = len(raw) + 2
        header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504)
        path = os.path.join(self.dir, "locked.xlsx")
        with open(path, "wb") as f:
            f.write(header + bytes(sector))
        rc, rows, err = extract(path)
        self.assertEqual((rc, rows), (1, []))
        self.assertEqual(err, [f"{path}: an encrypted Office file (a .docx or .xlsx saved with a password): it opens "
                               "only with the password"])

    def test_zip_bomb_stops_at_the_cap(self):
        """A sheet that unpacks to 80 MB (a few hundred KB packed) is refused, named."""
        bomb = os.path.join(self.dir, "bomb.xlsx")
        with zipfile.ZipFile(self.f["calc-2021"]) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            for n in src.namelist():
                data = src.read(n)
                if n == "xl/worksheets/sheet1.xml":
                    comment = b"<!--" + b" " * (1 << 20) + b"-->"
                    data = data.replace(b"<sheetData>", b"<sheetData>" + comment * 80, 1)
                z.writestr(n, data)
        self.assertLess(os.path.getsize(bomb), 2 << 20)
        rc, rows, err = extract(bomb)
        self.assertEqual((rc, rows), (1, []))
        self.assertEqual(err, [f"{bomb}: xl/worksheets/sheet1.xml is larger than 64 MB once unpacked: not read"])

    def test_kind_decided_from_content_not_name(self):
        """A workbook named .docx, a Word file's name the portal gave it."""
        renamed = os.path.join(self.dir, "report.docx")
        shutil.copy(self.f["calc-2021"], renamed)
        self.assert_cells(renamed, "2021")


if __name__ == "__main__":
    try:
        unittest.main()
    finally:
        if _made:
            _made["tmp"].cleanup()
