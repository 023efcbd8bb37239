#!/usr/bin/env python3
"""Hostile and broken pages through `nianbao extract` (issue 6), each with its expected
outcome. Inputs are generated here, in a temporary folder, from the synthetic report of
tests/fixtures/variants/make_fixtures.py with the "distinct" figures (every cell another
number, identities I1-I4 hold), so a misread cell or a lost figure shows.

Outcomes decided here, and documented in docs/reliability.md:
- a file over --max-bytes (default 20000000) is not read: exit 1, "larger than N bytes";
  a gzip that inflates past it: "decompressed size exceeds N bytes";
- HTML nested deeper than 1000 elements is refused as unreadable, at once (gumbo's time
  grows with depth x tags); a report nested 500 deep is read;
- spans of 65534, negative, zero or not numbers, 10,000 tables, a 1 MB cell: the report
  is read with every other figure right (how fast is the benchmark's business; a hang
  would meet ctest's timeout);
- NUL bytes, invalid UTF-8, a page in GBK declared UTF-8 (and the reverse), mixed
  encodings: the figures are right; replaced bytes are counted in one warning;
- numbers: 99999999999999999999999 is kept exactly (flag too_large), 1e308, a 53-digit
  decimal and Chinese numerals are unreadable text, never a wrong figure; 36万元（360000元）
  is 36 万元 = 360000 元."""
import csv
import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402

TITLE = "平安镇2019年政府信息公开工作年度报告"
csv.field_size_limit(1 << 30)  # a 1 MB cell is one of the inputs


def report_html(values=None, body=None):
    values = values if values is not None else mf.distinct_values("2019")
    return mf.page(TITLE, body if body is not None else mf.report_2019(values))


def extract(path, *args, stdin=None, timeout=120):
    p = subprocess.run([NIANBAO, "extract", *args, path], input=stdin, capture_output=True, timeout=timeout)
    out = p.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out, newline=""))) if out else []
    return p.returncode, rows, p.stderr.decode("utf-8", "replace")


def figures(rows):
    return {(r["table"], r["row_key"], r["col_key"]): r["value"] for r in rows if r["table"] in ("t2", "t3", "t4")}


class HostilePages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-hostile-")
        rc, rows, err = extract(cls.write("clean.html", report_html()))
        assert rc == 0, err
        cls.clean = figures(rows)
        assert len(cls.clean) == 198 and cls.clean[("t3", "res_granted", "natural_person")] == "101"

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    @classmethod
    def write(cls, name, data):
        path = os.path.join(cls.tmp, name)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def assert_clean_figures(self, rows, except_cells=()):
        got = figures(rows)
        for key, value in self.clean.items():
            if key not in except_cells:
                self.assertEqual(got.get(key), value, key)

    # ---- size ----
    def test_100_mb_page_is_refused(self):
        path = self.write("huge.html", "<html><body><table><tr><td>规章</td><td>1</td></tr></table>")
        os.truncate(path, 100_000_000)  # sparse: 100 MB without writing them
        rc, rows, err = extract(path)
        self.assertEqual((rc, rows), (1, []))
        self.assertEqual(err, f"{path}: larger than 20000000 bytes: not read (--max-bytes raises the limit)\n")
        with open(path, "rb") as f:  # the same through standard input
            rc, _, err = extract("-", stdin=f.read())
        self.assertEqual(rc, 1)
        self.assertIn("-: larger than 20000000 bytes", err)

    def test_gzip_inflating_past_the_limit_is_refused(self):
        page = report_html().encode("utf-8")
        bomb = gzip.compress(page + b" " * 30_000_000, compresslevel=9)
        self.assertLess(len(bomb), 100_000)
        rc, rows, err = extract(self.write("bomb.html.gz", bomb))
        self.assertEqual((rc, rows), (1, []))
        self.assertIn("decompressed size exceeds 20000000 bytes", err)
        rc, rows, _ = extract(self.write("small.html.gz", gzip.compress(page)))
        self.assertEqual(rc, 0)
        self.assert_clean_figures(rows)

    # ---- structure ----
    def test_50000_deep_nesting_is_refused_at_once(self):
        body = "<div>" * 50000 + mf.report_2019(mf.distinct_values("2019")) + "</div>" * 50000
        rc, rows, err = extract(self.write("deep.html", report_html(body=body)))
        self.assertEqual((rc, rows), (1, []))
        self.assertIn("HTML nested deeper than 1000 elements: not read", err)
        # never closed, and under a million block elements: refused as quickly
        rc, _, err = extract(self.write("deep2.html", "<span>" * 50000 + "<div></div>" * 200000))
        self.assertEqual(rc, 1)
        self.assertIn("nested deeper", err)

    def test_500_deep_nesting_is_read(self):
        body = "<div>" * 500 + mf.report_2019(mf.distinct_values("2019")) + "</div>" * 500
        rc, rows, err = extract(self.write("deep500.html", report_html(body=body)))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)

    def test_hostile_spans(self):
        html = report_html()
        # the header cell of table 三 spans 65534 rows, other cells carry negative, zero,
        # huge and non-numeric spans
        html = html.replace('colspan="3" rowspan="3"', 'colspan="3" rowspan="65534"', 1)
        html = html.replace('colspan="7"', 'colspan="-7"', 1)
        html = html.replace('colspan="5"', 'colspan="abc"', 1)
        html = html.replace('rowspan="2"', 'rowspan="0"', 1)
        html = html.replace("<td", '<td colspan="65534" rowspan="65534"', 1)
        self.assertIn('rowspan="65534"', html)
        rc, rows, err = extract(self.write("spans.html", html))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)

    def test_10000_tables(self):
        junk = '<table><tr><td colspan="65534">栏目</td><td rowspan="-1">1</td></tr></table>\n' * 10000
        body = junk + mf.report_2019(mf.distinct_values("2019"))
        rc, rows, err = extract(self.write("tables.html", report_html(body=body)))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)

    def test_1_mb_single_cell(self):
        values = mf.distinct_values("2019")
        key = ("t3", "res_granted", "natural_person")
        values[key] = "见附件" * 350_000  # 1 MB of text where a figure belongs
        rc, rows, err = extract(self.write("bigcell.html", report_html(values)))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows, except_cells={key})
        cell = [r for r in rows if (r["table"], r["row_key"], r["col_key"]) == key][0]
        self.assertEqual((cell["value"], cell["flag"]), ("", "unreadable"))
        self.assertEqual(len(cell["raw"]), 1_050_000)
        # the message quotes the cell, not all of it: one short line
        line = [l for l in err.splitlines() if "res_granted/natural_person" in l][0]
        self.assertTrue(line.endswith("…\""), line)
        self.assertLess(len(line), 400)

    # ---- bytes ----
    def test_nul_bytes(self):
        html = report_html().replace("</p>", "\0</p>").replace("规章", "规\0章")
        n = html.count("\0")
        rc, rows, err = extract(self.write("nul.html", html))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertIn(f"{n} bytes are not valid UTF-8 and were replaced", err)

    def test_invalid_utf8(self):
        html = report_html().encode("utf-8").replace("本报告".encode(), b"\xff\xfe\xc0\xaf\xed\xa0\x80")
        rc, rows, err = extract(self.write("invalid.html", html))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertRegex(err, r"\d+ bytes are not valid UTF-8 and were replaced")

    def test_gbk_page_declared_utf8(self):
        rc, rows, err = extract(self.write("gbk-as-utf8.html", report_html().encode("gbk")))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertNotIn("replaced", err)
        self.assertEqual(rows[0]["township"], "平安镇")

    def test_utf8_page_declared_gbk(self):
        html = report_html().replace("charset=utf-8", "charset=gbk")
        rc, rows, err = extract(self.write("utf8-as-gbk.html", html))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertNotIn("replaced", err)

    def test_mixed_encodings(self):
        # a UTF-8 page with a GBK-encoded footer pasted in: read as UTF-8, the GBK bytes
        # replaced and counted; the tables are right
        html = report_html().encode("utf-8")
        footer = "<p>联系电话：0660-1234567 平安镇人民政府办公室</p>".encode("gbk")
        mixed = html.replace(b"</body>", footer + b"</body>")
        rc, rows, err = extract(self.write("mixed-utf8.html", mixed))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertRegex(err, r"\d+ bytes are not valid UTF-8 and were replaced")
        # a GBK page with a UTF-8 fragment: read as GB18030 (the fewer invalid bytes)
        gbk = report_html().replace("charset=utf-8", "charset=gbk").encode("gbk")
        mixed = gbk.replace(b"</body>", "<p>来源：平安镇</p>".encode("utf-8") + b"</body>")
        rc, rows, err = extract(self.write("mixed-gbk.html", mixed))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows)
        self.assertEqual(rows[0]["township"], "平安镇")

    # ---- numbers ----
    def test_numbers(self):
        values = mf.distinct_values("2019")
        cells = {
            ("t2", "art20_1.regulations", "made_new"): ("99999999999999999999999", "99999999999999999999999", "too_large"),
            ("t2", "art20_1.regulations", "published_new"): ("1e308", "", "unreadable"),
            ("t2", "art20_1.regulations", "total_public"): ("0." + "0" * 50 + "1", "", "unreadable"),
            ("t2", "art20_1.normative_docs", "made_new"): ("3.1415926535897932384626433832795028841971", "3.1415926535897932384626433832795028841971", "too_large"),
            ("t2", "art20_1.normative_docs", "published_new"): ("十二", "", "unreadable"),
            ("t2", "art20_9.central_procurement", "proc_amount"): ("36万元（360000元）", "36", "annotated;unit_stripped"),
        }
        for key, (text, _, _) in cells.items():
            values[key] = text
        rc, rows, err = extract(self.write("numbers.html", report_html(values)))
        self.assertEqual(rc, 0, err)
        self.assert_clean_figures(rows, except_cells=set(cells))
        by_key = {(r["table"], r["row_key"], r["col_key"]): r for r in rows}
        for key, (text, value, flag) in cells.items():
            self.assertEqual((by_key[key]["raw"], by_key[key]["value"], by_key[key]["flag"]), (text, value, flag), key)
        amount = by_key[("t2", "art20_9.central_procurement", "proc_amount")]
        self.assertEqual(amount["unit"], "万元")
        yuan = by_key[("derived", "art20_9.central_procurement", "proc_amount_yuan")]
        self.assertEqual((yuan["value"], yuan["unit"]), ("360000", "元"))
        # the amount the other way round, 元 first
        values[("t2", "art20_9.central_procurement", "proc_amount")] = "360000元（36万元）"
        rc, rows, err = extract(self.write("numbers2.html", report_html(values)))
        by_key = {(r["table"], r["row_key"], r["col_key"]): r for r in rows}
        self.assertEqual(by_key[("t2", "art20_9.central_procurement", "proc_amount")]["value"], "360000")
        self.assertEqual(by_key[("derived", "art20_9.central_procurement", "proc_amount_yuan")]["value"], "360000")


if __name__ == "__main__":
    unittest.main()
