#!/usr/bin/env python3
"""nianbao extract: what comes in (character sets, a BOM, invalid bytes, gzip, standard
input) and what goes out when something is wrong (attachments instead of tables, a file
that is not there, usage errors), with the exit statuses of issue 2: 0 tables extracted,
1 a file unreadable or without report tables, 2 usage errors.

The byte-level pages are made here from tests/fixtures/variants/split-table-2019.html (a
UTF-8 page with <meta http-equiv="Content-Type" content="text/html; charset=utf-8">)."""
import csv
import gzip
import io
import os
import subprocess
import tempfile
import unittest

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
VARIANTS = os.path.join(os.environ.get("NB_FIXTURES", "tests/fixtures"), "variants")
PAGE = os.path.join(VARIANTS, "split-table-2019.html")
UTF8_META = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'

with open(PAGE, encoding="utf-8") as f:
    HTML = f.read()
assert UTF8_META in HTML


def extract(*args, stdin=None):
    p = subprocess.run([NIANBAO, "extract", *args], input=stdin, capture_output=True, timeout=60)
    out = p.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(out))) if out else []
    return p.returncode, rows, p.stderr.decode("utf-8", "replace").splitlines()


def cells_of(rows):
    return {(r["table"], r["row_key"], r["col_key"]): r for r in rows if r["table"] in ("t2", "t3", "t4")}


# A few cells of the page ("distinct" figures, see test_extract_variants.py) spread over
# the three tables, and the labels that come out in the CSV.
SAMPLE = {
    ("t2", "art20_1.regulations", "made_new"): "1001",
    ("t2", "art20_6.penalty", "decisions"): "1015",
    ("t2", "art20_9.central_procurement", "proc_amount"): "70487",
    ("t3", "res_unable_needs_creation", "legal_research"): "1203",
    ("t3", "res_total", "total"): "114399",
    ("t4", "suit_after_review", "total"): "2090",
}


class Io(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def assert_page_read(self, rc, rows, err, allow_err=False):
        self.assertEqual(rc, 0, err)
        if not allow_err:
            self.assertEqual(err, [])
        cells = cells_of(rows)
        self.assertEqual(len(cells), 198)
        for key, value in SAMPLE.items():
            self.assertEqual(cells[key]["value"], value, key)
        self.assertEqual(rows[0]["township"], "平安镇")
        self.assertEqual(next(r for r in rows if r["table"] == "t3")["row_label"],
                         "一、本年新收政府信息公开申请数量")
        self.assertTrue(all(r["raw"].find("\ufffd") < 0 for r in rows))


class Charsets(Io):
    def test_gbk_declared_by_meta_charset(self):
        html = HTML.replace(UTF8_META, '<meta charset="gb2312">')
        self.assert_page_read(*extract(self.write("gb2312.html", html.encode("gbk"))))

    def test_gbk_declared_by_http_equiv(self):
        html = HTML.replace("charset=utf-8", "charset=GBK")
        self.assert_page_read(*extract(self.write("gbk.html", html.encode("gbk"))))

    def test_gbk_without_declaration(self):
        html = HTML.replace(UTF8_META + "\n", "")
        self.assert_page_read(*extract(self.write("gbk-undeclared.html", html.encode("gbk"))))

    def test_gbk_declared_by_the_server(self):
        html = HTML.replace(UTF8_META + "\n", "")
        self.assert_page_read(*extract("--charset", "gbk", self.write("gbk-http.html", html.encode("gbk"))))

    def test_utf8_with_bom(self):
        self.assert_page_read(*extract(self.write("bom.html", b"\xef\xbb\xbf" + HTML.encode("utf-8"))))

    def test_page_claiming_gbk_that_is_utf8(self):
        html = HTML.replace("charset=utf-8", "charset=gb2312")
        self.assert_page_read(*extract(self.write("liar.html", html.encode("utf-8"))))

    def test_invalid_bytes_in_prose(self):
        """Stray bytes in the text around the tables: read, one stderr line, exit 0."""
        data = HTML.encode("utf-8").replace("现将有关情况".encode(), b"\xff\xfe\x80" + "现将".encode(), 1)
        data = data.replace("本报告根据".encode(), b"\xc3\x28" + "本报告根据".encode(), 1)
        rc, rows, err = extract(self.write("invalid.html", data))
        self.assert_page_read(rc, rows, err, allow_err=True)
        self.assertEqual(len(err), 1, err)
        self.assertIn("invalid.html", err[0])
        self.assertIn("not valid", err[0])

    def test_invalid_bytes_in_a_figure(self):
        """An invalid byte inside a figure makes that cell unreadable, not another number."""
        data = HTML.encode("utf-8").replace(b">1015<", b">10\xff15<", 1)
        rc, rows, err = extract(self.write("invalid-cell.html", data))
        self.assertEqual(rc, 0)
        cell = cells_of(rows)[("t2", "art20_6.penalty", "decisions")]
        self.assertEqual((cell["value"], cell["raw"], cell["flag"]), ("", "10\ufffd15", "unreadable"))
        self.assertTrue(any("not valid" in l for l in err), err)
        self.assertTrue(any("art20_6.penalty/decisions" in l and "unreadable" in l for l in err), err)

    def test_binary_garbage_does_not_crash(self):
        data = bytes(range(256)) * 64 + HTML.encode("utf-8")[:5000] + b"\x00\xff" * 100
        rc, rows, err = extract(self.write("garbage.html", data))
        self.assertIn(rc, (0, 1))
        self.assertTrue(all("garbage.html" in l for l in err), err)


class Inputs(Io):
    def test_gzipped_html(self):
        path = self.write("page.html.gz", gzip.compress(HTML.encode("utf-8")))
        self.assert_page_read(*extract(path))

    def test_gzipped_gbk(self):
        html = HTML.replace(UTF8_META, '<meta charset="gbk">')
        self.assert_page_read(*extract(self.write("gbk.html.gz", gzip.compress(html.encode("gbk")))))

    def test_gzipped_picture_as_archived(self):
        """The archive keeps pictures gzipped (`….image.gz`); extract reads one like the
        picture itself, not as "an image in a format that is not read"."""
        import ocr_images
        values = ocr_images.realistic_values("2021", 4)
        png = os.path.join(self.tmp.name, "t4.png")
        ocr_images.render([ocr_images.table_html("t4", values, "2021")], png, width=900, height=700)
        with open(png, "rb") as f:
            archived = self.write("0123abcd.image.gz", gzip.compress(f.read()))
        rc_png, rows_png, _ = extract("--year", "2021", png)
        rc, rows, err = extract("--year", "2021", archived)
        self.assertEqual((rc, rc_png), (0, 0), err)
        figures = {k: (r["value"], r["flag"]) for k, r in cells_of(rows).items() if k[0] == "t4"}
        self.assertEqual(figures, {k: (r["value"], r["flag"]) for k, r in cells_of(rows_png).items() if k[0] == "t4"})
        self.assertTrue(any(v for v, _ in figures.values()), "no figure read from the picture")
        self.assertTrue(all("ocr" in f.split(";") for v, f in figures.values() if v), figures)

    def test_corrupt_gzip(self):
        data = gzip.compress(HTML.encode("utf-8"))
        rc, rows, err = extract(self.write("broken.html.gz", data[:200]))
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(len(err), 1, err)
        self.assertIn("broken.html.gz", err[0])

    def test_stdin_html(self):
        self.assert_page_read(*extract("-", stdin=HTML.encode("utf-8")))

    def test_stdin_text(self):
        with open(os.path.join(VARIANTS, "tabs-2019.txt"), "rb") as f:
            self.assert_page_read(*extract("-", stdin=f.read()))

    def test_html_decided_by_content_not_name(self):
        with open(os.path.join(VARIANTS, "tabs-2019.txt"), "rb") as f:
            text = f.read()
        self.assert_page_read(*extract(self.write("copied.html", text)))
        self.assert_page_read(*extract(self.write("saved-page.txt", HTML.encode("utf-8"))))

    def test_several_files_one_header(self):
        rc, rows, err = extract(PAGE, os.path.join(VARIANTS, "tabs-2021.txt"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(sum(1 for r in rows if r["table"] in ("t2", "t3", "t4")), 198 + 200)
        self.assertEqual(sorted({r["template"] for r in rows}), ["2019", "2021"])

    def test_files_from(self):
        a = self.write("a.html", HTML.encode("utf-8"))
        b = self.write("b.html", HTML.encode("gbk", "replace"))
        listing = self.write("list.txt", f"{a}\r\n\n{b}\n".encode("utf-8"))
        rc, rows, err = extract("--files-from", listing)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len([r for r in rows if r["table"] == "t2"]), 2 * 22)
        rc, rows2, err = extract("--files-from", "-", stdin=f"{a}\n{b}".encode("utf-8"))
        self.assertEqual((rc, rows2), (0, rows))
        rc, rows, err = extract("--files-from", listing, a)  # pages named here come first
        self.assertEqual(len([r for r in rows if r["table"] == "t2"]), 3 * 22)
        rc, rows, err = extract("--files-from", os.path.join(self.tmp.name, "none.txt"))
        self.assertEqual((rc, rows), (2, []))
        self.assertTrue(any("none.txt" in line for line in err), err)

    def test_whole_page_gives_the_same_output(self):
        real = os.path.join(os.path.dirname(VARIANTS), "real")
        pages = [os.path.join(d, p) for d in (VARIANTS, real) for p in sorted(os.listdir(d)) if p.endswith(".html")]
        self.assertGreater(len(pages), 10)
        for path in pages:
            page = os.path.basename(path)
            reduced = subprocess.run([NIANBAO, "extract", path], capture_output=True, timeout=60)
            whole = subprocess.run([NIANBAO, "extract", "--whole-page", path], capture_output=True, timeout=60)
            self.assertEqual((reduced.returncode, reduced.stdout, reduced.stderr),
                             (whole.returncode, whole.stdout, whole.stderr), page)

    def test_overrides(self):
        rc, rows, err = extract("--township", "新安镇", "--county", "某县", "--year", "2020",
                                "--url", "http://example.gov.cn/a.html", PAGE)
        self.assertEqual(rc, 0)
        self.assertEqual({(r["township"], r["county"], r["year"], r["source_url"]) for r in rows},
                         {("新安镇", "某县", "2020", "http://example.gov.cn/a.html")})


class Failures(Io):
    def test_attachments_only(self):
        """A report-like page whose report is only in attachments: exit 1, one stderr line
        naming the page and the attachment links."""
        path = os.path.join(VARIANTS, "attachments-only.html")
        rc, rows, err = extract(path)
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(len(err), 1, err)
        self.assertTrue(err[0].startswith(path + ": "), err[0])
        self.assertIn("no report tables", err[0])
        for link in ("/uploadfiles/202101/平安镇2020年年报.pdf", "/uploadfiles/202101/年报表格.doc",
                     "/uploadfiles/202101/nb-1.jpg"):
            self.assertIn(link, err[0])

    def test_file_that_does_not_exist(self):
        missing = os.path.join(self.tmp.name, "nope-2019.html")
        rc, rows, err = extract(missing)
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(len(err), 1, err)
        self.assertIn(missing, err[0])

    def test_missing_file_among_good_ones(self):
        """The good page is still written; the exit status says something failed."""
        missing = os.path.join(self.tmp.name, "nope.html")
        rc, rows, err = extract(missing, PAGE)
        self.assertEqual(rc, 1)
        self.assertEqual(len(cells_of(rows)), 198)
        self.assertEqual(len(err), 1, err)
        self.assertIn(missing, err[0])

    def test_empty_file(self):
        rc, rows, err = extract(self.write("empty.html", b""))
        self.assertEqual(rc, 1)
        self.assertTrue(err and "empty.html" in err[0], err)

    def test_usage_errors(self):
        for args in ([], ["--bogus", PAGE], ["--year", "abc", PAGE], ["--year", "1850", PAGE], ["--year"]):
            rc, rows, err = extract(*args)
            self.assertEqual(rc, 2, args)
            self.assertEqual(rows, [], args)
            self.assertTrue(err, args)
        for argv in ([NIANBAO], [NIANBAO, "frobnicate"]):
            p = subprocess.run(argv, capture_output=True, timeout=10)
            self.assertEqual(p.returncode, 2, argv)
            self.assertTrue(p.stderr, argv)

    def test_help(self):
        p = subprocess.run([NIANBAO, "extract", "--help"], capture_output=True, timeout=10)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"--township", p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
