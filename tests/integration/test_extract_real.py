#!/usr/bin/env python3
"""nianbao extract on real report pages (tests/fixtures/real): every template cell of each
page is asserted, the figures read by hand from the page itself.

Each page is given as the cells that hold something other than its usual cell (a dict)
plus the rule for all the others (0 as printed, or blank)."""
import csv
import io
import os
import subprocess
import unittest

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
REAL = os.path.join(os.environ.get("NB_FIXTURES", "tests/fixtures"), "real")

from template_keys import T2_2019, T2_2021, T3_2019, T3_2021, T3_COLS  # noqa: E402

T4 = [(g, ["upheld", "corrected", "other", "pending", "total"])
      for g in ("review", "suit_direct", "suit_after_review")]


def template_keys(fmt):
    keys = [("t2", r, c) for r, cols in (T2_2019 if fmt == "2019" else T2_2021) for c in cols]
    keys += [("t3", r, c) for r in (T3_2019 if fmt == "2019" else T3_2021) for c in T3_COLS]
    return keys + [("t4", g, c) for g, cols in T4 for c in cols]


def extract(path):
    p = subprocess.run([NIANBAO, "extract", path], capture_output=True, timeout=60)
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8"))))
    return p.returncode, rows, p.stderr.decode("utf-8", "replace").splitlines()


class RealPage(unittest.TestCase):
    file = None

    @classmethod
    def setUpClass(cls):
        cls.rc, cls.rows, cls.err = extract(os.path.join(REAL, cls.file))
        cls.cells = {(r["table"], r["row_key"], r["col_key"]): r
                     for r in cls.rows if r["table"] in ("t2", "t3", "t4")}

    def meta(self, key):
        return next(r["raw"] for r in self.rows if r["table"] == "meta" and r["col_key"] == key)

    def derived(self, row_key, col_key):
        return next(r for r in self.rows
                    if r["table"] == "derived" and r["row_key"] == row_key and r["col_key"] == col_key)

    def assert_every_cell(self, fmt, special, default):
        """special: key -> (value, raw, unit, flag); default(key) gives the others."""
        keys = template_keys(fmt)
        self.assertEqual(sorted(self.cells), sorted(keys))
        for key in keys:
            want = special.get(key) or default(key)
            r = self.cells[key]
            self.assertEqual((r["value"], r["raw"], r["unit"], r["flag"]), want, key)
        for key in special:
            self.assertIn(key, keys)

    def count(self, table):
        return sum(1 for r in self.rows if r["table"] == table)


ZERO = ("0", "0", "", "")
BLANK = ("", "", "", "blank")


class Pingdong2019Text(RealPage):
    """The seed report as copied from a browser: one cell per paragraph."""
    file = "pingdong-2019.txt"

    def test_exit_and_no_problems(self):
        self.assertEqual(self.rc, 0)
        self.assertEqual(self.err, [])

    def test_every_cell(self):
        special = {
            ("t2", "art20_9.central_procurement", "proc_projects"): ("13", "13", "", ""),
            ("t2", "art20_9.central_procurement", "proc_amount"):
                ("36", "约36万元", "万元", "approximate;unit_stripped"),
        }
        self.assert_every_cell("2019", special, lambda key: ZERO)

    def test_rows_per_table(self):
        self.assertEqual((self.count("t2"), self.count("t3"), self.count("t4")), (22, 161, 15))

    def test_amount_in_yuan(self):
        d = self.derived("art20_9.central_procurement", "proc_amount_yuan")
        self.assertEqual((d["value"], d["unit"], d["flag"]), ("360000", "元", "approximate;derived"))

    def test_page_metadata(self):
        r = self.rows[0]
        self.assertEqual((r["template"], r["year"], r["county"], r["township"]),
                         ("2019", "2019", "海丰县", "平东镇"))
        self.assertTrue(all(x["template"] == "2019" and x["year"] == "2019" for x in self.rows))
        self.assertEqual(self.meta("publish_date"), "2020-02-18")
        self.assertEqual(self.meta("title"), "平东镇2019年政府信息公开工作年度报告")


class Pingtan2019Html(RealPage):
    """R2-2019: a county-level report, 2019 template, every figure printed."""
    file = "pingtan-2019.html"

    def test_exit_and_no_problems(self):
        self.assertEqual(self.rc, 0)
        self.assertEqual(self.err, [])

    def test_every_cell(self):
        n = lambda s: (s, s, "", "")
        t2 = {
            ("art20_1.normative_docs", "made_new"): "89",
            ("art20_1.normative_docs", "published_new"): "89",
            ("art20_1.normative_docs", "total_public"): "89",
            ("art20_5.licensing", "prev_items"): "396",
            ("art20_5.licensing", "decisions"): "181",
            ("art20_5.other_mgmt_services", "prev_items"): "10",
            ("art20_5.other_mgmt_services", "decisions"): "153",
            ("art20_6.penalty", "prev_items"): "2648",
            ("art20_6.penalty", "decisions"): "430",
            ("art20_6.coercion", "prev_items"): "126",
            ("art20_6.coercion", "decisions"): "25",
            ("art20_8.admin_fees", "prev_items"): "35",
            ("art20_9.central_procurement", "proc_projects"): "135",
        }
        special = {("t2",) + k: n(v) for k, v in t2.items()}
        special[("t2", "art20_9.central_procurement", "proc_amount")] = \
            ("75394432.52", "75394432.52元", "元", "unit_stripped")
        t3 = {"new_received": "23", "res_granted": "7", "res_partial": "1",
              "res_unable_not_held": "7", "res_unable_still_unclear": "5",
              "res_notproc_repeat": "3", "res_total": "23"}
        for row, value in t3.items():
            for col in ("natural_person", "total"):
                special[("t3", row, col)] = n(value)
        self.assert_every_cell("2019", special, lambda key: ZERO)

    def test_amount_in_yuan(self):
        d = self.derived("art20_9.central_procurement", "proc_amount_yuan")
        self.assertEqual((d["value"], d["unit"], d["flag"]), ("75394432.52", "元", "derived"))

    def test_page_metadata(self):
        self.assertEqual((self.rows[0]["template"], self.rows[0]["year"]), ("2019", "2019"))
        self.assertEqual(self.meta("publish_date"), "2020-01-20")
        self.assertEqual((self.count("t2"), self.count("t3"), self.count("t4")), (22, 161, 15))


class ShuyangFgj2023Html(RealPage):
    """A 2023 department report on the 2021 template; 法人 columns left empty; the
    publish date is in the page's info table (公开日期 | 2024-01-17)."""
    file = "shuyang-fgj-2023.html"

    def test_exit_and_no_problems(self):
        self.assertEqual(self.rc, 0)
        self.assertEqual(self.err, [])

    def test_every_cell(self):
        n = lambda s: (s, s, "", "")
        special = {
            ("t2", "art20_1.normative_docs", "issued"): n("8"),
            ("t2", "art20_1.normative_docs", "in_force"): n("18"),
            ("t2", "art20_8.admin_fees", "fee_amount_wan"): ("0", "0", "万元", ""),
            ("t4", "review", "pending"): n("1"),
            ("t4", "review", "total"): n("1"),
        }
        for row in ("new_received", "res_granted", "res_total"):
            for col in ("natural_person", "total"):
                special[("t3", row, col)] = n("26")

        def default(key):
            if key[0] == "t3" and key[2].startswith("legal_"):
                return BLANK
            return ZERO
        self.assert_every_cell("2021", special, default)

    def test_fee_in_yuan(self):
        d = self.derived("art20_8.admin_fees", "fee_amount_wan_yuan")
        self.assertEqual((d["value"], d["unit"]), ("0", "元"))

    def test_page_metadata(self):
        r = self.rows[0]
        self.assertEqual((r["template"], r["year"], r["county"]), ("2021", "2023", "沭阳县"))
        self.assertEqual(self.meta("publish_date"), "2024-01-17")
        self.assertEqual((self.count("t2"), self.count("t3"), self.count("t4")), (10, 175, 15))


if __name__ == "__main__":
    unittest.main()
