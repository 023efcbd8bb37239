#!/usr/bin/env python3
"""nianbao extract on reports published as files (issue 12): PDFs and Word documents made
here by real tools from report pages (office_files.py: Chromium's print-to-PDF,
LibreOffice's .docx, PDF and .doc, qpdf's encryption), every template cell asserted
against the figures the page holds.

The pages are the "distinct" ones of test_extract_variants.py (every cell a different
number, so a figure read from a neighbouring cell fails), in both templates, printed as
offices print them: tables with rulings and without, split over pages with and without
their header repeated, narrow columns whose labels and headers come out one character per
line, merged header cells in Word. What cannot be read with certainty must be flagged
(uncertain_cell) or missing (not_found): no figure may be wrong without a flag."""
import io
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))

import make_fixtures as mf  # noqa: E402
import office_files as of  # noqa: E402
from test_extract_variants import cells_of, distinct, extract, template_keys  # noqa: E402


def assert_cut_short_fails_alone(test, whole, good_2021, name, said):
    """A file cut short: a clear error naming it and saying what is wrong; the good file
    beside it is still extracted (exit status 1: one file failed)."""
    with open(whole, "rb") as f:
        data = f.read()
    cut = os.path.join(test.dir, name)
    with open(cut, "wb") as f:
        f.write(data[:len(data) // 2])
    rc, rows, err = extract(cut, good_2021)
    test.assertEqual(rc, 1)
    test.assertEqual({r["template"] for r in rows}, {"2021"})
    test.assertEqual(len(cells_of(rows)), len(template_keys("2021")))
    test.assertEqual(len(err), 1, err)
    test.assertTrue(err[0].startswith(f"{cut}: {said}"), err)


def without_rulings(html):
    """The same page with no table line drawn (a Word table with borders turned off)."""
    return (html.replace("border:solid windowtext 1.0pt", "border:none")
                .replace('border="1"', 'border="0"'))


def with_thead(html):
    """Table 三's three header rows in <thead>, which browsers repeat on every page."""
    at = html.index("（本列数据的勾稽关系为")
    start = html.rindex("<tbody>", 0, at)
    end = start
    for _ in range(3):
        end = html.index("</tr>", end) + len("</tr>\n")
    return html[:start] + "<thead>\n" + html[start + len("<tbody>\n"):end] + "</thead>\n<tbody>\n" + html[end:]


def page_2019(t2_simple=False):
    dv = mf.distinct_values("2019")
    body = mf.report_2019(dv, t2=mf.simple_t2_2019(dv) if t2_simple else None)
    return mf.page("平安镇2019年政府信息公开工作年度报告", body, date="2020-01-21")


def page_2021():
    dv = mf.distinct_values("2021")
    return mf.page("平安镇2021年政府信息公开工作年度报告", mf.report_2021(dv), date="2022-01-20")


_made = {}


def made():
    """The files, made once for all tests (each tool takes seconds)."""
    if not _made:
        _made.update(make_files())
    return _made


def make_files():
    tmp = tempfile.TemporaryDirectory()
    d = tmp.name
    files = {"tmp": tmp, "dir": d}

    def write(name, text):
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    split = mf.t3_tables(mf.distinct_values("2019"), "2019", split_before="res_unable_not_held", repeat_header=False)
    html = {
        "unruled-2021": write("unruled-2021.html", without_rulings(page_2021())),
        "unruled-split-2019": write("unruled-split-2019.html", without_rulings(mf.page(
            "平安镇2019年政府信息公开工作年度报告",
            mf.report_2019(mf.distinct_values("2019"),
                           t3=split[0] + '<p style="page-break-before:always;margin:0"></p>\n' + split[1]),
            date="2020-01-21"))),
        "ruled-2019": write("ruled-2019.html", page_2019()),
        "thead-2021": write("thead-2021.html", with_thead(page_2021())),
        "unruled-2019": write("unruled-2019.html", without_rulings(page_2019())),
        "word-2019": write("word-2019.html", page_2019(t2_simple=True)),
        "word-2021": write("word-2021.html", page_2021()),
        "word-unruled-2019": write("word-unruled-2019.html", without_rulings(page_2019(t2_simple=True))),
    }
    pdf = {k: of.print_pdf(html[k], os.path.join(d, k + ".pdf"))
           for k in ("ruled-2019", "thead-2021", "unruled-2019", "unruled-2021", "unruled-split-2019")}
    docx = of.html_to_docx([html["word-2019"], html["word-2021"], html["word-unruled-2019"]], d)
    docx = dict(zip(("word-2019", "word-2021", "word-unruled-2019"), docx))
    pdfdir = os.path.join(d, "from-word")
    os.mkdir(pdfdir)
    word_pdfs = of.libreoffice([docx["word-2019"], docx["word-unruled-2019"]], "pdf", pdfdir)
    pdf.update(zip(("word-2019", "word-unruled-2019"), word_pdfs))
    files.update(pdf=pdf, docx=docx, doc=of.libreoffice([docx["word-2019"]], "doc:MS Word 97", d)[0])
    return files


class Files(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        f = made()
        cls.dir, cls.pdf, cls.docx, cls.doc = f["dir"], f["pdf"], f["docx"], f["doc"]

    def assert_distinct(self, path, fmt, flagged_ok=False):
        """Every cell the page's figure; with flagged_ok, a cell may instead be flagged
        uncertain_cell or be not_found, but never hold another figure unflagged. Returns
        the number of cells read right and unflagged."""
        rc, rows, err = extract(path)
        self.assertEqual(rc, 0, err)
        self.assertEqual({r["template"] for r in rows}, {fmt})
        cells = cells_of(rows)
        self.assertEqual(sorted(cells), sorted(template_keys(fmt)))
        want = distinct(fmt)
        right = 0
        for key in template_keys(fmt):
            flags = cells[key]["flag"].split(";")
            if cells[key]["value"] == want[key] and "uncertain_cell" not in flags:
                right += 1
            elif not flagged_ok:
                self.fail(f"{os.path.basename(path)} {key}: {cells[key]['value']!r} {flags}, want {want[key]}")
            else:
                self.assertTrue("uncertain_cell" in flags or "not_found" in flags,
                                f"{os.path.basename(path)} {key}: {cells[key]['raw']!r} unflagged, want {want[key]}")
        if not flagged_ok:
            # A Word table is a full grid: table 二's two-figure rows (八) and (九) have
            # an empty third cell there, which the matcher names and ignores.
            problems = [e for e in err if not e.endswith("the extra ones were ignored")]
            self.assertEqual(problems, [], "no identity broken, no cell missing or unreadable")
        return right


class Pdf(Files):
    def test_chromium_pdf_with_rulings_split_over_pages_and_narrow_columns(self):
        """Chromium prints table 三 over several pages without repeating its header, a
        row cut by the page break; its narrow label column comes out one character per
        line (1./属/于/国/家...); table 二 has colspans that differ between header and
        figures (R1)."""
        path = self.pdf["ruled-2019"]
        pages = [of.page_text(path, p) for p in range(1, of.page_count(path) + 1)]
        on = [i for i, t in enumerate(pages) if "申请人情况" in t or "四、结转下年度" in t.replace("\n", "")]
        self.assertGreater(on[-1], on[0], "table 三 spans two pages")
        self.assertTrue(any("属\n于" in t for t in pages), "a label printed a character per line")
        self.assert_distinct(path, "2019")

    def test_chromium_pdf_header_repeated_on_the_next_page(self):
        path = self.pdf["thead-2021"]
        pages = [of.page_text(path, p) for p in range(1, of.page_count(path) + 1)]
        self.assertGreaterEqual(sum("申请人情况" in t for t in pages), 2, "the header is printed twice")
        self.assert_distinct(path, "2021")

    def test_word_pdf_with_rulings(self):
        """A Word document saved as PDF (LibreOffice): merged header cells, rulings."""
        self.assert_distinct(self.pdf["word-2019"], "2019")

    def test_word_pdf_without_rulings_read_by_alignment(self):
        """A Word table with its borders off, saved as PDF: columns from how the figures
        and the headers line up, rows from the labels the template knows (wrapped over two
        or three lines, a group's label touching the row labels beside it). Every cell is
        read, or at worst missing or flagged (a regression floor: 98%); none is wrong."""
        right = self.assert_distinct(self.pdf["word-unruled-2019"], "2019", flagged_ok=True)
        self.assertGreaterEqual(right, 0.98 * len(template_keys("2019")))

    def test_pdf_without_rulings_and_stacked_labels(self):
        """No lines, and the row labels of table 三 printed a character per line in a
        narrow column, the group labels interleaved beside them line by line, table 三
        over two pages with a label cut by the page break: the template's labels give the
        rows, every cell is read."""
        path = self.pdf["unruled-2019"]
        pages = [of.page_text(path, p) for p in range(1, of.page_count(path) + 1)]
        self.assertTrue(any("属\n于" in t for t in pages), "a label printed a character per line")
        self.assert_distinct(path, "2019")

    def test_pdf_without_rulings_2021(self):
        """The 2021 format without lines: its long (六) labels stacked, the group label
        （六）其他处理 (a row of 2019) over them."""
        self.assert_distinct(self.pdf["unruled-2021"], "2021")

    def test_pdf_without_rulings_split_over_pages(self):
        """No lines, table 三 broken into two pages before （四） without its header: one
        table, its columns carried over."""
        path = self.pdf["unruled-split-2019"]
        pages = [of.page_text(path, p) for p in range(1, of.page_count(path) + 1)]
        on = [i for i, t in enumerate(pages) if "申请人情况" in t or "四、结转下年度" in t.replace("\n", "")]
        self.assertGreater(on[-1], on[0], "table 三 spans two pages")
        self.assert_distinct(path, "2019")

    def test_word_pdf_with_table_three_split_in_two_tables(self):
        """Word lays out table 三's second part (from （四）, after a page break, no
        header) as a table of its own, other column widths: its row labels reach where
        the first part's figures stood, so each looked like a header starting a section
        of one row, too few figures for the columns. The part is read as one, with the
        seven columns its rows show together: every cell right (163 before, then 170)."""
        counts, misses = self.bench_score("MORE", ["word-split-2019-real"])["word-split-2019-real"]
        self.assertEqual(counts["right"], 198, misses)

    def test_page_margins_hold_rows_not_page_numbers(self):
        """A line low in the bottom margin was taken for a page number when it had eight
        characters or fewer: a table's last row ("行政处罚 0") dropped so that its header
        was moved to the next page as one left alone. Only a page number is passed over
        now, and a header left alone is one whose cells stand over the next page's first
        figures, not over a row label's item number ("2.重复申请" on the figures' line):
        the label's last line at the page's end ("类申请") stays with its label."""
        counts, misses = self.bench_score("MORE", ["word-small-heiti-2019-distinct"])["word-small-heiti-2019-distinct"]
        self.assertEqual(counts["right"], 198, misses)

    def test_word_pdfs_with_table_three_split_other_ways(self):
        """Four files of the bench's --splits set, each failing before in its own way:
        a header over a blank column, the figures beside the next header cell (R1's
        table 二) was taken one for one: two figures WRONG, now flagged; the labels of
        narrow group columns and the row's, printed a quarter of a character apart, read
        as one (123 of 200 right before); the last character of a group's label left
        alone at the top of a page ("供"), unplaced, made the page's rows uncertain (123
        of 200 right before); a part's first two rows at a page's bottom, blank in one
        column, its columns shown only on the next page (186 of 200 right before). (A
        part's rows read in one section with the first part's, in two grids of columns:
        test_word_pdfs_in_the_narrowest_columns' state_secret file, 119 right before.)"""
        got = self.bench_score("SPLITS", ["split-2019-res_denied_internal_affairs-header-none",
                                          "split-2021-res_denied_admin_query-header-hrules",
                                          "split-2021-res_denied_admin_query-no-header-none",
                                          "split-2021-res_unable_not_held-no-header-none"])
        self.assertEqual(got["split-2021-res_denied_admin_query-header-hrules"][0]["right"], 200)
        self.assertEqual(got["split-2021-res_denied_admin_query-no-header-none"][0]["right"], 200)
        self.assertEqual(got["split-2021-res_unable_not_held-no-header-none"][0]["right"], 200)

    def test_word_pdfs_in_the_narrowest_columns(self):
        """LibreOffice's narrowest layout (12 pt, columns 0.8x): figures wider than their
        column wrap over two lines ("1882" over "2") with the row's other figures centred
        between, on lines that hold labels and other figures too: one figure each (142 of
        198 right before, all the wrapped ones flagged); a group's label printed a
        twelfth of a size from the row label beside it ("三、本（三") read as one, its row
        not found (147 right before the wrapped figures, 154 now); a row cut by the page
        break, printed from its top, its wrapped figures' second lines alone on the line
        under the row's figures: its page's rows all flagged (77 of 198 right before); the
        last row label of a page whose second line reaches past where the figures start,
        read as a header line and left out, its row not found (191 right before)."""
        got = self.bench_score("SPLITS", ["split-2019-res_denied_internal_affairs-no-header-narrow",
                                          "split-2019-res_denied_state_secret-no-header-narrow",
                                          "split-2019-res_total-no-header-narrow",
                                          "split-2019-res_unable_needs_creation-no-header-narrow"])
        self.assertEqual(got["split-2019-res_denied_internal_affairs-no-header-narrow"][0]["right"], 198)
        self.assertEqual(got["split-2019-res_unable_needs_creation-no-header-narrow"][0]["right"], 198)
        self.assertGreaterEqual(got["split-2019-res_denied_state_secret-no-header-narrow"][0]["right"], 154)
        self.assertGreaterEqual(got["split-2019-res_total-no-header-narrow"][0]["right"], 196)

    def test_word_pdfs_split_at_rows_the_rules_were_not_made_on(self):
        """The second ten rows of the --splits set, made after the rules for the first ten
        to test them, found cells wrong without a flag: table 四 with its first two cells
        blank, whose header cells left of every figure were read as row labels, every
        figure then a column to the left (13 wrong); a row cut by the page break with a
        figure cut in two ("2056" at the page's end, "5" at the next page's top), the
        second piece dropped (2 wrong; now both pieces in the cell, flagged)."""
        got = self.bench_score("SPLITS", ["split-2021-res_denied_state_secret-header-narrow",
                                          "split-2021-res_total-header-narrow"])
        self.assertGreaterEqual(got["split-2021-res_denied_state_secret-header-narrow"][0]["right"], 199)
        self.assertGreaterEqual(got["split-2021-res_total-header-narrow"][0]["right"], 198)

    def test_weasyprint_pdfs_with_rows_broken_by_the_page_break(self):
        """WeasyPrint breaks a table's row across pages between its cells' lines (Word
        can too): the figures at the bottom of one page, the label (two lines, not room
        for them) at the top of the next. That row was read as a row of blanks, its
        figures dropped: 7 cells wrong without a flag in each of these files (landscape;
        79 over the bench's four sets), and the page before flagged whole (74 and 88 of 200
        right). A figure pushed alone onto the next page ("251000" over "元") was a blank,
        unflagged: now in its cell, flagged. Table 四 whose header the break cut (the
        second half's columns headed only on the next page) lost its blank first total
        column and read every figure after it a column off (6 wrong): a row one short of
        the template's 15 was flagged whole, and since the header's first half is moved
        to the next page as a header left alone (its cells over the figures there) the
        table is read whole."""
        got = self.bench_score("CORPUS", ["word-narrow-2021-distinct", "chromium-none-2021-distinct"], weasyprint=True)
        for name in got:
            self.assertEqual(got[name][0]["right"], 200, got[name][1])
        got = self.bench_score("MORE", ["word-hrules-narrow-2019-real"], weasyprint=True)
        counts, misses = got["word-hrules-narrow-2019-real"]
        self.assertEqual([m[0][1:] for m in misses], [("art20_9.central_procurement", "proc_amount")])
        self.assertEqual((misses[0][1], misses[0][3]), ("flagged", "251000元"))
        got = self.bench_score("SPLITS", ["split-2021-res_unable_not_held-no-header-none"], weasyprint=True)
        counts, misses = got["split-2021-res_unable_not_held-no-header-none"]
        self.assertEqual(counts["right"], 200, misses)

    def test_libreoffice_pdfs_with_rows_at_a_page_end(self):
        """LibreOffice's narrow layouts of table 三 split in two, where a page ends: the
        last row's figures printed a line above its label (the page's rows all flagged,
        130 of 198 right before); a label's rest and the next row's label lines, its
        group's label beside them, above a page's first figures read as free text (179 of
        200); on shorter pages, the two parts' grids on one page seen as one because the
        second part's first figure touched its label (100 of 198), and a figure wrapped in
        its column whose second line broke the page's block of lines (186 of 200). A
        WeasyPrint page checks that a heading right under table 四 stays text."""
        heights = {"split-2019-res_notproc_repeat-no-header-narrow": 25, "split-2021-res_other_other-no-header-narrow": 25}
        got = self.bench_score(["SPLITS", "HELD_OUT"], ["split-2019-res_unable_not_held-header-hrules",
                                                        "split-2021-res_denied_third_party-header-narrow"] + list(heights),
                               page_heights=heights)
        got.update(self.bench_score("SPLITS", ["split-2021-res_denied_state_secret-header-narrow"], weasyprint=True))
        self.assertEqual(len(got), 5)
        for name in got:
            self.assertEqual(got[name][0]["right"], sum(got[name][0].values()), got[name][1])

    def test_libreoffice_pdfs_on_23_cm_pages(self):
        """Pages 23 cm tall, first measured after every rule above: 11 cells wrong without a flag
        in two files. Table 三's first two rows alone at a page's end under a header that
        ran two of its cells together ("商业企业 科研机构"): placed one for one under the
        header's six cells, a column off (now: fewer header cells than the template's
        columns place nothing for sure). A cut label's rest printed above the header
        repeated on the next page, read into the next row beside its label: that row was
        taken for the cut one, its figures a cell off behind the second label (now: a row
        holding another row's label has its figures flagged)."""
        names = ["split-2019-res_notproc_excessive-no-header-none", "split-2021-res_denied_state_secret-header-narrow"]
        got = self.bench_score("SPLITS", names, page_heights={name: 23 for name in names})
        self.assertGreaterEqual(got[names[0]][0]["right"], 196)

    def bench_score(self, corpus, names, weasyprint=False, page_heights=None):
        """bench/pdf_accuracy.py's scores of the named files of its corpus (or corpora,
        a list), made here in one go: printed by WeasyPrint with weasyprint, those in
        page_heights on pages that tall (cm). Each is checked to hold no cell wrong without
        a flag."""
        sys.path.insert(0, os.path.join(HERE, "..", "..", "bench"))
        import pdf_accuracy as bench
        corpora = corpus if isinstance(corpus, list) else [corpus]
        entries = [e for c in corpora for e in getattr(bench, c) if e[0] in names]
        self.assertEqual(len(entries), len(names))
        heights = page_heights or {}
        entries = [(name, fmt, maker, lambda build=build, cm=heights[name]: bench.page_height(build(), cm))
                   if name in heights else (name, fmt, maker, build) for name, fmt, maker, build in entries]
        nianbao = os.environ.get("NIANBAO", "build/nianbao")
        got = {name: bench.score(bench.cells(nianbao, html), bench.cells(nianbao, pdf))
               for name, fmt, html, pdf in bench.make(self.dir, entries, weasyprint)}
        for name, (counts, misses) in got.items():
            with self.subTest(name):
                self.assertEqual(counts["WRONG"], 0, misses)
        return got

    def test_encrypted_pdf_is_unreadable_and_says_why(self):
        enc = of.encrypt_pdf(self.pdf["word-2019"], os.path.join(self.dir, "locked.pdf"), "user-secret")
        rc, rows, err = extract(enc)
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(err, [f"{enc}: the PDF is encrypted: it opens only with a password"])

    def test_pdf_encrypted_without_a_user_password_is_read(self):
        """Restrictions only (printing, copying): it opens without a password."""
        enc = of.encrypt_pdf(self.pdf["word-2019"], os.path.join(self.dir, "restricted.pdf"), "")
        self.assert_distinct(enc, "2019")

    def test_damaged_pdf(self):
        path = os.path.join(self.dir, "damaged.pdf")
        with open(path, "wb") as f:
            f.write(b"%PDF-1.7\n" + bytes(range(256)) * 8)
        rc, rows, err = extract(path)
        self.assertEqual(rc, 1)
        self.assertEqual(len(err), 1, err)
        self.assertTrue(err[0].startswith(f"{path}: not a readable PDF"), err)


class Word(Files):
    def test_docx_with_merged_header_cells(self):
        """Table 三's header: gridSpan and vMerge (合并单元格) as LibreOffice writes them."""
        with open(self.docx["word-2019"], "rb") as f:
            data = f.read()
        import zipfile
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        self.assertIn("w:gridSpan", xml)
        self.assertIn('w:vMerge w:val="restart"', xml)
        self.assert_distinct(self.docx["word-2019"], "2019")

    def test_docx_2021(self):
        self.assert_distinct(self.docx["word-2021"], "2021")

    def test_docx_table_without_borders(self):
        self.assert_distinct(self.docx["word-unruled-2019"], "2019")

    def test_legacy_doc_converted_by_libreoffice(self):
        self.assert_distinct(self.doc, "2019")

    def test_legacy_doc_without_libreoffice_says_what_to_install(self):
        env = dict(os.environ, PATH=os.path.join(self.dir, "empty-path"))
        rc, rows, err = extract(self.doc, env=env)
        self.assertEqual(rc, 1)
        self.assertEqual(rows, [])
        self.assertEqual(err, [f"{self.doc}: a legacy Word/WPS file (.doc, .wps) needs LibreOffice to be read, "
                               "and it is not installed (apt-get install libreoffice-writer-nogui)"])

    def test_truncated_docx_fails_alone(self):
        assert_cut_short_fails_alone(self, self.docx["word-2019"], self.docx["word-2021"], "cut.docx",
                                     "not a readable Word file (.docx): the zip archive is cut short or damaged")


class Sniffing(Files):
    def test_kind_decided_from_content_not_name(self):
        """A PDF saved as .html and a .docx saved as .pdf (portals name files anyhow)."""
        pdf_as_html = os.path.join(self.dir, "report.html")
        docx_as_pdf = os.path.join(self.dir, "report.pdf")
        shutil.copy(self.pdf["word-2019"], pdf_as_html)
        shutil.copy(self.docx["word-2021"], docx_as_pdf)
        self.assert_distinct(pdf_as_html, "2019")
        self.assert_distinct(docx_as_pdf, "2021")

    def test_source_url_of_the_file_and_the_page(self):
        rc, rows, err = extract("--url", "http://www.example.gov.cn/uploadfiles/nb2019.pdf",
                                "--page-url", "http://www.example.gov.cn/gknb/t20200118_1.html", self.pdf["word-2019"])
        self.assertEqual(rc, 0, err)
        self.assertEqual({r["source_url"] for r in rows}, {"http://www.example.gov.cn/uploadfiles/nb2019.pdf"})
        self.assertEqual([r["raw"] for r in rows if (r["table"], r["col_key"]) == ("meta", "page_url")],
                         ["http://www.example.gov.cn/gknb/t20200118_1.html"])
        rc, rows, err = extract(self.pdf["word-2019"])  # no page named: no page_url row
        self.assertEqual([r for r in rows if r["col_key"] == "page_url"], [])

    def test_unread_kinds_are_named(self):
        """A TIFF scan, a zip of attachments, an OFD file: said what they are, not read."""
        for name, data, said in [
                ("scan.tif", b"II*\0" + bytes(64), "an image in a format that is not read (PNG, JPEG, GIF and BMP pictures are)"),
                ("all.zip", b"PK\3\4" + bytes(26) + b"a.txt", "an archive (zip, rar, 7z): archives are not unpacked"),
                ("report.ofd", b"PK\3\4" + bytes(22) + b"\x07\0\0\0OFD.xml", "an OFD document: OFD files are not read (ask for a PDF or Word copy)")]:
            path = os.path.join(self.dir, name)
            with open(path, "wb") as f:
                f.write(data)
            rc, rows, err = extract(path)
            self.assertEqual((rc, rows), (1, []), name)
            self.assertEqual(err, [f"{path}: {said}"])


if __name__ == "__main__":
    try:
        unittest.main()
    finally:
        if _made:
            _made["tmp"].cleanup()
