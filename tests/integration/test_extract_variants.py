#!/usr/bin/env python3
"""nianbao extract on the variations real pages show (issue 2, "What real pages do"), one
small realistic page each in tests/fixtures/variants (see make_fixtures.py there), every
template cell asserted.

Most pages hold the "distinct" figures: every cell a different number, so a value read
from a neighbouring cell or row fails the test, and identities I1-I4 hold, so any
identity line on stderr is a misreading too:
  table 二: 1001, 1002, ... in printed order (2019: 采购总金额 70487元);
  table 三: result row r (0-based from （一）), column c < 6: (r+1)*100 + c + 1; 总计 the
            row's sum; （七）总计 the column sums; 上年结转 31..36; 结转下年度 41..46;
            本年新收 what balances I2;
  table 四: 501..504 and their sum, 511..514 and sum, 521..524 and sum."""
import csv
import io
import os
import subprocess
import unittest

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
VARIANTS = os.path.join(os.environ.get("NB_FIXTURES", "tests/fixtures"), "variants")

from template_keys import T2_2019, T2_2021, T3_2019, T3_2021, T3_COLS  # noqa: E402

T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def template_keys(fmt):
    keys = [("t2", r, c) for r, cols in (T2_2019 if fmt == "2019" else T2_2021) for c in cols]
    keys += [("t3", r, c) for r in (T3_2019 if fmt == "2019" else T3_2021) for c in T3_COLS]
    return keys + [("t4", g, c) for g in T4_GROUPS for c in T4_COLS]


def distinct(fmt):
    """key -> value (the CSV `value`) of the distinct figures described above."""
    e = {}
    n = 1001
    for row, cols in (T2_2019 if fmt == "2019" else T2_2021):
        for c in cols:
            e[("t2", row, c)] = str(n)
            n += 1
    if fmt == "2019":
        e[("t2", "art20_9.central_procurement", "proc_amount")] = "70487"
    rows3 = T3_2019 if fmt == "2019" else T3_2021
    results = [r for r in rows3 if r.startswith("res_") and r != "res_total"]
    t3 = {r: [(i + 1) * 100 + c + 1 for c in range(6)] for i, r in enumerate(results)}
    t3["res_total"] = [sum(t3[r][c] for r in results) for c in range(6)]
    t3["carried_over"] = [31 + c for c in range(6)]
    t3["carry_forward"] = [41 + c for c in range(6)]
    t3["new_received"] = [t3["res_total"][c] + 41 + c - (31 + c) for c in range(6)]
    for row, nums in t3.items():
        for c in range(6):
            e[("t3", row, T3_COLS[c])] = str(nums[c])
        e[("t3", row, "total")] = str(sum(nums))
    for i, g in enumerate(T4_GROUPS):
        nums = [501 + 10 * i + c for c in range(4)]
        for c in range(4):
            e[("t4", g, T4_COLS[c])] = str(nums[c])
        e[("t4", g, "total")] = str(sum(nums))
    return e


def extract(*args, stdin=None, env=None):
    p = subprocess.run([NIANBAO, "extract", *args], input=stdin, capture_output=True, timeout=300, env=env)
    out = p.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out))) if out else []
    return p.returncode, rows, p.stderr.decode("utf-8", "replace").splitlines()


def cells_of(rows):
    return {(r["table"], r["row_key"], r["col_key"]): r for r in rows if r["table"] in ("t2", "t3", "t4")}


def meta(rows, key):
    return next(r["raw"] for r in rows if r["table"] == "meta" and r["col_key"] == key)


def derived(rows, row_key, col_key):
    return next(r for r in rows
                if r["table"] == "derived" and r["row_key"] == row_key and r["col_key"] == col_key)


class Case(unittest.TestCase):
    def run_page(self, name, *args):
        rc, rows, err = extract(os.path.join(VARIANTS, name), *args)
        return rc, rows, err, cells_of(rows)

    def assert_cells(self, cells, fmt, expected):
        """expected: key -> value string, or a (value, raw, unit, flag) tuple; every template
        cell must be listed."""
        self.assertEqual(sorted(cells), sorted(template_keys(fmt)))
        self.assertEqual(sorted(expected), sorted(template_keys(fmt)))
        for key, want in expected.items():
            r = cells[key]
            if isinstance(want, tuple):
                self.assertEqual((r["value"], r["raw"], r["unit"], r["flag"]), want, key)
            else:
                self.assertEqual(r["value"], want, key)

    def assert_distinct_page(self, name, fmt="2019", overrides=None):
        rc, rows, err, cells = self.run_page(name)
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, [])
        self.assertEqual({r["template"] for r in rows}, {fmt})
        expected = distinct(fmt)
        expected.update(overrides or {})
        self.assert_cells(cells, fmt, expected)
        return rows


class Structure(Case):
    def test_r1_spans_data_rows_differ_from_header_spans(self):
        """R1's 2019 grid: the (五)/(六) header puts 本年增/减 at colspan 2 in columns 3-4,
        the data rows put their first figure at colspan 2 in columns 2-3; blank cells are
        Word's <o:p>&nbsp;</o:p>; the 总计 column is blank except in the balance rows."""
        rc, rows, err, cells = self.run_page("r1-spans-2019.html")
        self.assertEqual(rc, 0)
        blank = ("", "", "", "blank")
        expected = {k: blank for k in template_keys("2019") if k[0] == "t3"}
        expected.update({k: ("0", "0", "", "") for k in template_keys("2019") if k[0] == "t4"})
        figures = {
            ("t2", "art20_1.regulations"): ["3", "3", "15"],
            ("t2", "art20_1.normative_docs"): ["10", "10", "80"],
            ("t2", "art20_5.licensing"): ["120", "-5", "3050"],
            ("t2", "art20_5.other_mgmt_services"): ["30", "2", "150"],
            ("t2", "art20_6.penalty"): ["15", "0", None],
            ("t2", "art20_6.coercion"): [None, None, None],
            ("t2", "art20_8.admin_fees"): ["8", "-1"],
            ("t3", "new_received"): ["821", "20", None, None, None, None, "841"],
            ("t3", "carried_over"): ["18", "0", None, None, None, None, "18"],
            ("t3", "res_granted"): ["400", "15"], ("t3", "res_partial"): ["100", "3"],
            ("t3", "res_denied_state_secret"): ["2"], ("t3", "res_denied_third_party"): ["5"],
            ("t3", "res_unable_not_held"): ["200"], ("t3", "res_notproc_repeat"): ["40"],
            ("t3", "res_other"): ["20"],
            ("t3", "res_total"): ["767", "18", None, None, None, None, "785"],
            ("t3", "carry_forward"): ["72", "2", None, None, None, None, "74"],
            ("t4", "review"): ["2", "1", "0", "1", "4"],
            ("t4", "suit_direct"): ["1", "0", "0", "1", "2"],
        }
        cols = dict(T2_2019)
        for (table, row), values in figures.items():
            keys = cols[row] if table == "t2" else T3_COLS if table == "t3" else T4_COLS
            for col, value in zip(keys, values):
                expected[(table, row, col)] = blank if value is None else (value, value, "", "")
        expected[("t2", "art20_9.central_procurement", "proc_projects")] = ("3", "3", "", "")
        expected[("t2", "art20_9.central_procurement", "proc_amount")] = \
            ("251000", "251000元", "元", "unit_stripped")
        self.assert_cells(cells, "2019", expected)
        self.assertEqual(derived(rows, "art20_9.central_procurement", "proc_amount_yuan")["value"], "251000")
        self.assertEqual(meta(rows, "publish_date"), "2020-01-31")
        # The identities hold where they can be checked; a side left all blank (the 总计
        # column of the result rows) is not checked, so no problem at all is reported.
        self.assertEqual(err, [])

    def test_table_three_split_across_two_tables(self):
        """A page break inside （四）: the second <table> repeats the header rows and the
        group labels 三、本年度办理结果 / （四）无法提供, and "- 4 -" sits between."""
        self.assert_distinct_page("split-table-2019.html")

    def test_header_rows_repeated_inside_one_table(self):
        self.assert_distinct_page("repeated-header-2019.html")

    def test_header_printed_twice_and_mislabelled(self):
        """R6: the (一) header row printed twice, its third column labelled 本年新制作数量
        again; 152790元 as the procurement amount."""
        rows = self.assert_distinct_page("duplicate-header-2019.html", overrides={
            ("t2", "art20_9.central_procurement", "proc_amount"): ("152790", "152790元", "元", "unit_stripped")})
        self.assertEqual(derived(rows, "art20_9.central_procurement", "proc_amount_yuan")["value"], "152790")

    def test_site_menu_above_the_report_does_not_steal_rows(self):
        """A menu of links 行政许可/行政处罚/... and a side table 行政许可 | (1,203),
        行政处罚 | 356, 行政强制 | 12 above the report."""
        self.assert_distinct_page("menu-2019.html")

    def test_side_menu_above_a_report_without_table_two(self):
        """The side table (行政许可 | (1,203), ...) above a report whose table 二 is missing
        and whose heading 二 has a typo: table 二 is not found, the menu is not read."""
        rc, rows, err, cells = self.run_page("menu-no-t2-2019.html")
        self.assertEqual(rc, 0)
        expected = distinct("2019")
        for k in template_keys("2019"):
            if k[0] == "t2":
                expected[k] = ("", "", "", "not_found")
        self.assert_cells(cells, "2019", expected)
        self.assertEqual(len(err), 1, err)
        self.assertIn("table t2", err[0])

    def test_table_flattened_into_paragraphs(self):
        rows = self.assert_distinct_page("flat-paragraphs-2019.html")
        self.assertEqual(meta(rows, "publish_date"), "2020-01-15")


class Labels(Case):
    def test_label_variations(self):
        """Annotations in headers and row labels (R11), half-width brackets, (三) 不予公开
        with a stray space, 1、 for 1., full-width ４．, labels broken by <br> and
        <p>商业</p><p>企业</p>, ASCII quotes, an extra row 其他主动公开文件 7/8/9 that the
        template lacks, and the heading typos 二、主动公开政府信息的情况 and
        四、政府信息公开行政法复议、行政诉讼情况."""
        self.assert_distinct_page("labels-2019.html")

    def test_2021_labels_numbered_with_comma(self):
        """R3's （六） rows numbered 1、 2、 3、其他 (3、其他 is not the 其他 column)."""
        rc, rows, err, cells = self.run_page("cells-2021.html")
        for i, row in enumerate(["res_other_no_correction", "res_other_no_fee", "res_other_other"]):
            # result rows 19, 20, 21 (1-based from （一）)
            self.assertEqual(cells[("t3", row, "natural_person")]["value"], str((19 + i) * 100 + 1))
            self.assertEqual(cells[("t3", row, "legal_other")]["value"], str((19 + i) * 100 + 6))


class Cells(Case):
    def test_cell_variations_2019(self):
        rc, rows, err, cells = self.run_page("cells-2019.html")
        self.assertEqual(rc, 0)
        expected = distinct("2019")
        expected.update({
            ("t2", "art20_1.regulations", "made_new"): ("", "", "", "blank"),          # <td></td>
            ("t2", "art20_1.regulations", "published_new"): ("", "", "", "blank"),     # &nbsp;
            ("t2", "art20_1.regulations", "total_public"): ("", "/", "", "placeholder"),
            ("t2", "art20_1.normative_docs", "made_new"): ("", "—", "", "placeholder"),
            # csvfile.h: text starting with '-' gets an apostrophe (formula injection)
            ("t2", "art20_1.normative_docs", "published_new"): ("", "-", "", "placeholder"),
            ("t2", "art20_1.normative_docs", "total_public"): ("", "无", "", "placeholder"),
            ("t2", "art20_5.licensing", "prev_items"): ("12", "１２", "", "fullwidth"),
            ("t2", "art20_5.licensing", "items_delta"): ("-18", "-18", "", ""),  # 本年增/减 is signed
            ("t2", "art20_5.licensing", "decisions"): ("1234", "1,234", "", "thousands"),
            ("t2", "art20_5.other_mgmt_services", "prev_items"): ("22", "22（其中修订16件）", "", "annotated"),
            ("t2", "art20_5.other_mgmt_services", "items_delta"): ("", "2648-18538", "", "unreadable"),
            ("t2", "art20_5.other_mgmt_services", "decisions"): ("0", "0", "", ""),
            ("t2", "art20_6.penalty", "prev_items"): ("12", "12件", "件", "unit_stripped"),
            ("t2", "art20_6.penalty", "items_delta"): ("", "——", "", "placeholder"),
            ("t2", "art20_6.penalty", "decisions"): ("305", "305", "", ""),  # <span>3</span><span>05</span>
            ("t2", "art20_6.coercion", "prev_items"): ("7", "7", "", ""),    # <b><span>&nbsp;7&nbsp;
            ("t2", "art20_6.coercion", "items_delta"): ("0", "0", "", ""),   # <p>0</p>
            ("t2", "art20_6.coercion", "decisions"): ("4", "4", "", ""),     # <font>4</font><o:p>
            ("t2", "art20_9.central_procurement", "proc_projects"): ("13", "13", "", ""),
            ("t2", "art20_9.central_procurement", "proc_amount"): ("36", "约36万元", "万元", "approximate;unit_stripped"),
        })
        self.assert_cells(cells, "2019", expected)
        d = derived(rows, "art20_9.central_procurement", "proc_amount_yuan")
        self.assertEqual((d["value"], d["unit"], d["flag"]), ("360000", "元", "approximate;derived"))
        # The one problem: the unreadable cell, named with the file.
        self.assertEqual(len(err), 1, err)
        self.assertIn("cells-2019.html", err[0])
        self.assertIn("art20_5.other_mgmt_services/items_delta", err[0])
        self.assertIn("2648-18538", err[0])

    def test_wan_yuan_column_2021(self):
        """2021: 96171.6 in 本年收费金额（单位：万元） is 961716000 元; 22（其中修订16件）."""
        rows = self.assert_distinct_page("cells-2021.html", fmt="2021", overrides={
            ("t2", "art20_1.normative_docs", "issued"): ("22", "22（其中修订16件）", "", "annotated"),
            ("t2", "art20_8.admin_fees", "fee_amount_wan"): ("96171.6", "96171.6", "万元", ""),
        })
        d = derived(rows, "art20_8.admin_fees", "fee_amount_wan_yuan")
        self.assertEqual((d["value"], d["unit"], d["flag"]), ("961716000", "元", "derived"))
        self.assertEqual(rows[0]["year"], "2021")

    def test_amount_units(self):
        """The 2019 采购总金额 has no unit in the template: a header that states one
        (采购总金额（万元）) gives it to a bare figure; a bare figure under a bare header
        (R5: 8040) has no unit, and its 元 value is left empty, flagged unit_unknown."""
        with open(os.path.join(VARIANTS, "tabs-2019.txt"), encoding="utf-8") as f:
            text = f.read()
        for header, cell, want, yuan, flag in (
                ("采购总金额（万元）", "36.5", ("36.5", "36.5", "万元", ""), "365000", "derived"),
                ("采购总金额", "8040", ("8040", "8040", "", ""), "", "derived;unit_unknown"),
                ("采购总金额(元)", "251,000.50", ("251000.50", "251,000.50", "元", "thousands"), "251000.50", "derived")):
            page = text.replace("采购总金额", header).replace("70487元", cell)
            rc, rows, err = extract("-", stdin=page.encode("utf-8"))
            r = cells_of(rows)[("t2", "art20_9.central_procurement", "proc_amount")]
            self.assertEqual((r["value"], r["raw"], r["unit"], r["flag"]), want, header)
            d = derived(rows, "art20_9.central_procurement", "proc_amount_yuan")
            self.assertEqual((d["value"], d["flag"]), (yuan, flag), header)

    def test_digit_run_in_flattened_text_is_never_split(self):
        """2648-18538 on a line of its own stays one unreadable cell of 行政处罚; R2's glued
        行政处罚2648-18538 is no label at all, so the row is not found."""
        with open(os.path.join(VARIANTS, "lines-2019.txt"), encoding="utf-8") as f:
            text = f.read()
        one_cell = text.replace("行政处罚\n1013\n1014\n1015\n", "行政处罚\n2648-18538\n")
        self.assertNotEqual(one_cell, text)
        rc, rows, err = extract("-", stdin=one_cell.encode("utf-8"))
        cells = cells_of(rows)
        self.assertEqual(rc, 0)
        pen = [(cells[("t2", "art20_6.penalty", c)]["value"], cells[("t2", "art20_6.penalty", c)]["raw"],
                cells[("t2", "art20_6.penalty", c)]["flag"]) for c in ("prev_items", "items_delta", "decisions")]
        self.assertEqual(pen, [("", "2648-18538", "unreadable"), ("", "", "not_found"), ("", "", "not_found")])
        self.assertEqual([cells[("t2", "art20_6.coercion", c)]["value"] for c in ("prev_items", "items_delta", "decisions")],
                         ["1016", "1017", "1018"])
        self.assertTrue(any("unreadable" in l and "2648-18538" in l for l in err), err)

        glued = text.replace("行政处罚\n1013\n1014\n1015\n", "行政处罚2648-18538\n")
        rc, rows, err = extract("-", stdin=glued.encode("utf-8"))
        cells = cells_of(rows)
        self.assertEqual([cells[("t2", "art20_6.penalty", c)]["flag"] for c in ("prev_items", "items_delta", "decisions")],
                         ["not_found"] * 3)
        self.assertEqual(cells[("t2", "art20_6.coercion", "prev_items")]["value"], "1016")
        self.assertFalse(any(r["raw"] and "2648" in r["raw"] for r in rows))


class PlainText(Case):
    """Plain-text copies: one cell per line, and one row per line split by tabs, '|'
    (Markdown, with rule lines) or runs of spaces (a PDF's text, with page numbers
    "- 4 -" and "第 5 页" between rows)."""

    def test_one_cell_per_line(self):
        rows = self.assert_distinct_page("lines-2019.txt")
        self.assertEqual(meta(rows, "publish_date"), "2020-01-15")
        self.assertEqual((rows[0]["township"], rows[0]["year"]), ("平安镇", "2019"))

    def test_tab_separated(self):
        self.assert_distinct_page("tabs-2019.txt")

    def test_markdown(self):
        self.assert_distinct_page("markdown-2019.txt")

    def test_blank_cells_between_tabs_and_bars(self):
        """A blank figure in a browser's tab-separated copy or a Markdown table is an empty
        field: it stays a blank cell, the next figures keep their columns."""
        for name, sep in (("tabs-2019.txt", "\t"), ("markdown-2019.txt", " | ")):
            with open(os.path.join(VARIANTS, name), encoding="utf-8") as f:
                text = f.read()
            page = text.replace(sep.join(["规范性文件", "1004", "1005"]), sep.join(["规范性文件", "", "1005"]))
            page = page.replace(sep.join(["2.重复申请", "1501", "1502"]), sep.join(["2.重复申请", "", "1502"]))
            self.assertIn(sep.join(["规范性文件", "", "1005"]), page)
            self.assertIn(sep.join(["2.重复申请", "", "1502"]), page)
            rc, rows, err = extract("-", stdin=page.encode("utf-8"))
            cells = cells_of(rows)
            expected = distinct("2019")
            expected[("t2", "art20_1.normative_docs", "made_new")] = ""
            expected[("t3", "res_notproc_repeat", "natural_person")] = ""
            for key, value in expected.items():
                self.assertEqual(cells[key]["value"], value, (name, key))
            self.assertEqual(cells[("t2", "art20_1.normative_docs", "made_new")]["flag"], "blank")
            self.assertEqual(cells[("t3", "res_notproc_repeat", "natural_person")]["flag"], "blank")
            self.assertFalse([l for l in err if "not found" in l], err)

    def test_multi_space_separated_with_page_numbers(self):
        self.assert_distinct_page("spaces-2019.txt")

    def test_tab_separated_2021(self):
        self.assert_distinct_page("tabs-2021.txt", fmt="2021")

    def test_pdf_text_with_wrapped_labels(self):
        """R3: pdftotext -layout of a 2021 report: "商 业 企" / "业", （四）无 / -4- / 法提供,
        and the long （六） labels wrapped over two or three lines with the figures on the
        first or the middle line."""
        self.assert_distinct_page("pdf-wrapped-2021.txt", fmt="2021")

    def test_labels_cut_over_lines(self):
        """One cell per line, long labels cut in two lines."""
        with open(os.path.join(VARIANTS, "lines-2019.txt"), encoding="utf-8") as f:
            text = f.read()
        cut = text.replace("5.要求行政机关确认或重新出具已获取信息\n", "5.要求行政机关确认或重新\n出具已获取信息\n")
        cut = cut.replace("一、本年新收政府信息公开申请数量\n", "一、本年新收政府信息\n公开申请数量\n")
        self.assertNotEqual(cut, text)
        rc, rows, err = extract("-", stdin=cut.encode("utf-8"))
        self.assertEqual((rc, err), (0, []))
        cells = cells_of(rows)
        for key, value in distinct("2019").items():
            self.assertEqual(cells[key]["value"], value, key)


class Templates(Case):
    def test_2022_report_on_the_2019_template(self):
        """R8: a 2022 report on the 2019 template, every cell blank: template 2019 (the
        labels decide, not the year), year 2022, 198 blank cells."""
        rc, rows, err, cells = self.run_page("template2019-year2022.html")
        self.assertEqual(rc, 0)
        self.assertEqual({r["template"] for r in rows}, {"2019"})
        self.assertEqual({r["year"] for r in rows}, {"2022"})
        self.assert_cells(cells, "2019", {k: ("", "", "", "blank") for k in template_keys("2019")})

    def test_2021_format(self):
        rc, rows, err, cells = self.run_page("cells-2021.html")
        self.assertEqual({r["template"] for r in rows}, {"2021"})
        self.assertEqual(len(cells), 200)

    def test_2021_format_in_a_2020_report(self):
        """The format is recognised from the labels even when the year says otherwise."""
        rc, rows, err, cells = self.run_page("cells-2021.html", "--year", "2020")
        self.assertEqual({r["template"] for r in rows}, {"2021"})
        self.assertEqual({r["year"] for r in rows}, {"2020"})


class Problems(Case):
    def test_broken_identity(self):
        """I2 broken in the 自然人 and 总计 columns: exit 0, one stderr line each with the
        rule id, the expected and the actual sums."""
        rc, rows, err, cells = self.run_page("identity-broken-2019.html")
        self.assertEqual(rc, 0)
        expected = distinct("2019")
        self.assertEqual(cells[("t3", "new_received", "natural_person")]["value"],
                         str(int(expected[("t3", "new_received", "natural_person")]) + 1))
        np_ = int(expected[("t3", "res_total", "natural_person")]) + 41
        total = int(expected[("t3", "res_total", "total")]) + sum(41 + c for c in range(6))
        self.assertEqual(len(err), 2, err)
        self.assertTrue(err[0].startswith(os.path.join(VARIANTS, "identity-broken-2019.html") + ": I2 t3 "), err[0])
        self.assertIn("new_received/natural_person: expected %d, actual %d" % (np_, np_ + 1), err[0])
        self.assertIn("new_received/total: expected %d, actual %d" % (total, total + 1), err[1])

    def test_missing_table_four(self):
        """The heading of 四 followed by prose with figures in it, no table: its 15 cells
        are rows flagged not_found, one stderr line names the table, exit 0."""
        rc, rows, err, cells = self.run_page("missing-t4-2019.html")
        self.assertEqual(rc, 0)
        expected = distinct("2019")
        for k in template_keys("2019"):
            if k[0] == "t4":
                expected[k] = ("", "", "", "not_found")
        self.assert_cells(cells, "2019", expected)
        self.assertEqual(sum(1 for r in rows if r["table"] == "t4"), 15)
        self.assertEqual(len(err), 1, err)
        self.assertIn("missing-t4-2019.html: table t4", err[0])
        self.assertIn("not found", err[0])

    def test_headings_without_tables(self):
        """R12: the section headings, no table text: no report tables, exit 1."""
        rc, rows, err, cells = self.run_page("headings-only.html")
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(len(err), 1, err)
        self.assertIn("headings-only.html", err[0])
        self.assertIn("no report tables", err[0])


if __name__ == "__main__":
    unittest.main()
