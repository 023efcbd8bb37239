#!/usr/bin/env python3
"""A county whose portal mixes report forms (issues 12 and 13), through `nianbao run`
against a real HTTP server on 127.0.0.1:

  平东镇  the tables in the page (HTML)
  城东镇  a page saying 详见附件 and linking a PDF printed by headless Chromium
  附城镇  a page linking a .docx made by LibreOffice
  联安镇  the listing links the PDF itself as the report
  海城镇  a page with the headings 二、三、四 and under each a picture of its table
          (Chromium screenshots), a site logo above the article

Every township-year gets its CSV and none is called missing; the manifest records each
file with its kind and the page it belongs to; the logo is not fetched; the pictures'
figures carry the flag `ocr`; a second night reads no picture again (the OCR cache) and
rewrites nothing."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ocr_images as oi  # noqa: E402
import office_files as of  # noqa: E402
import portal_server as ps  # noqa: E402
from test_trust import Site, listing, title  # noqa: E402

FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
TOWNS = [("平东镇", "pingdong", ""), ("城东镇", "chengdong", ""), ("附城镇", "fucheng", ""),
         ("联安镇", "lianan", ""), ("海城镇", "haicheng", "")]
VALUES = mf.distinct_values("2019")


def figures(path):
    return {(r["table"], r["row_key"], r["col_key"]): r for r in read_csv(path) if r["table"] in ("t2", "t3", "t4")}


class MixedCounty(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-run-files-")
        work = os.path.join(cls.tmp, "work")
        os.makedirs(work)
        web = cls.web = Site()
        # the report as an office writes it, printed to PDF and saved as Word
        report_html = os.path.join(work, "report.html")
        with open(report_html, "w", encoding="utf-8") as f:
            f.write(mf.page(title("城东镇"), mf.report_2019(VALUES)))
        with open(of.print_pdf(report_html, os.path.join(work, "report.pdf")), "rb") as f:
            pdf = f.read()
        with open(of.html_to_docx([report_html], work)[0], "rb") as f:
            docx = f.read()
        # the document itself, as an office exports it: its title and tables, no publish date
        document_html = os.path.join(work, "document.html")
        with open(document_html, "w", encoding="utf-8") as f:
            f.write(f'<html><head><meta charset="utf-8"></head><body><h1>{title("联安镇")}</h1>'
                    f'{mf.report_2019(VALUES)}</body></html>')
        with open(of.print_pdf(document_html, os.path.join(work, "document.pdf")), "rb") as f:
            document_pdf = f.read()
        # the three tables as pictures, OCR-friendly figures
        cls.picture_values = oi.realistic_values("2019", 7)
        pictures = {}
        for table in ("t2", "t3", "t4"):
            png = os.path.join(work, f"{table}.png")
            oi.render([oi.table_html(table, cls.picture_values, "2019")], png, font=15)
            with open(png, "rb") as f:
                pictures[table] = f.read()
        logo = os.path.join(work, "logo.png")
        oi.render_banner(logo)
        with open(logo, "rb") as f:
            pictures["logo"] = f.read()

        def page(name, body):
            return mf.page(title(name), body).encode("utf-8")

        png = {"Content-Type": "image/png"}
        web.routes["/gknb/pingdong.html"] = page("平东镇", mf.report_2019(VALUES))
        web.routes["/gknb/chengdong.html"] = page(
            "城东镇", '<p>详见附件。</p><p>附件：<a href="/files/chengdong-2019.pdf">城东镇2019年年报.pdf</a></p>')
        web.routes["/files/chengdong-2019.pdf"] = (200, {"Content-Type": "application/octet-stream"}, pdf)
        web.routes["/gknb/fucheng.html"] = page(
            "附城镇", '<p>附件：<a href="/files/fucheng-2019.docx">附城镇2019年年报.docx</a></p>')
        web.routes["/files/fucheng-2019.docx"] = (200, {"Content-Type": "application/msword"}, docx)
        web.routes["/files/lianan-2019.pdf"] = (200, {"Content-Type": "application/pdf"}, document_pdf)
        body = ('<p>一、总体情况</p><p>本年度，我镇认真贯彻落实《条例》。</p>'
                '<p>二、主动公开政府信息情况</p><p><img src="/img/t2.png" width="820"></p>'
                '<p>三、收到和处理政府信息公开申请情况</p><p><img src="/img/t3.png"></p>'
                '<p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src="/img/t4.png"></p>'
                '<p>五、存在的主要问题及改进情况</p><p>无。</p>')
        haicheng = mf.page(title("海城镇"), body).replace("<body>", '<body><img src="/img/logo.png" alt="logo">', 1)
        web.routes["/gknb/haicheng.html"] = haicheng.encode("utf-8")
        for table in ("t2", "t3", "t4", "logo"):
            web.routes[f"/img/{table}.png"] = (200, png, pictures[table])
        web.routes["/gknb/index.html"] = listing([
            ("/gknb/pingdong.html", title("平东镇")), ("/gknb/chengdong.html", title("城东镇")),
            ("/gknb/fucheng.html", title("附城镇")), ("/files/lianan-2019.pdf", title("联安镇")),
            ("/gknb/haicheng.html", title("海城镇"))])
        cls.ini = ps.write_config(cls.tmp, f"{web.base}/gknb/index.html", delay_ms=0, townships=TOWNS)
        with open(cls.ini, encoding="utf-8") as f:
            text = f.read().replace("max_bytes = 200000", "max_bytes = 20000000").replace("timeout_s = 2", "timeout_s = 30")
        with open(cls.ini, "w", encoding="utf-8") as f:
            f.write(text)
        cls.out = os.path.join(cls.tmp, "out")
        cls.first = subprocess.run([os.path.abspath(NIANBAO), "run", "-c", cls.ini, "-o", cls.out, "--year", "2019"],
                                   capture_output=True, timeout=600)
        cls.manifest = {r["url"]: r for r in read_csv(os.path.join(cls.out, "manifest.csv"))}

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()
        shutil.rmtree(cls.tmp)

    def csv_of(self, slug):
        return os.path.join(self.out, "townships", "2019", f"{slug}.csv")

    def test_every_township_year_has_its_csv_and_none_is_missing(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr.decode())
        for _, slug, _ in TOWNS:
            self.assertTrue(os.path.exists(self.csv_of(slug)), slug)
        anomalies = read_csv(os.path.join(self.out, "anomalies.csv"))
        self.assertEqual([r for r in anomalies if r["rule"] in ("M1", "F1") and r["year"] == "2019"], [])

    def test_pdf_and_word_give_the_figures_of_the_page(self):
        page = figures(self.csv_of("pingdong"))
        for slug in ("chengdong", "fucheng", "lianan"):
            got = figures(self.csv_of(slug))
            wrong = [k for k, r in page.items() if got.get(k, {}).get("value") != r["value"]]
            self.assertEqual(wrong, [], slug)

    def test_the_overview_says_where_each_report_was_read(self):
        status = {r["township"]: r["status"] for r in read_csv(os.path.join(self.out, "overview.csv"))
                  if r["year"] == "2019"}
        self.assertEqual(status, {"平东镇": "ok", "城东镇": "attachment_only", "附城镇": "attachment_only",
                                  "联安镇": "attachment_only", "海城镇": "image_only"})

    def test_a_pdf_linked_straight_takes_the_listing_date(self):
        """联安镇's PDF prints no publish date and has no page: the date the listing prints
        beside its link (2020-01-20) is its publish date, flagged as the listing's, and the
        report is judged on time by it."""
        overview = {r["township"]: r for r in read_csv(os.path.join(self.out, "overview.csv")) if r["year"] == "2019"}
        self.assertEqual((overview["联安镇"]["publish_date"], overview["联安镇"]["on_time"]), ("2020-01-20", "yes"))
        meta = {r["col_key"]: r for r in read_csv(self.csv_of("lianan")) if r["table"] == "meta"}
        self.assertEqual((meta["publish_date"]["raw"], meta["publish_date"]["flag"]), ("2020-01-20", "listing"))
        self.assertNotIn("page_url", meta)  # no page links it
        self.assertEqual(self.manifest[f"{self.web.base}/files/lianan-2019.pdf"]["listed_date"], "2020-01-20")
        # a page that prints its own date keeps it, unflagged
        page_meta = {r["col_key"]: r for r in read_csv(self.csv_of("pingdong")) if r["table"] == "meta"}
        self.assertNotEqual(page_meta["publish_date"]["flag"], "listing")

    def test_the_manifest_names_each_file_and_its_page(self):
        base = self.web.base
        self.assertEqual(self.manifest[f"{base}/files/chengdong-2019.pdf"]["kind"], "pdf")
        self.assertEqual(self.manifest[f"{base}/files/chengdong-2019.pdf"]["parent"], f"{base}/gknb/chengdong.html")
        self.assertEqual(self.manifest[f"{base}/files/fucheng-2019.docx"]["kind"], "docx")
        self.assertEqual(self.manifest[f"{base}/files/lianan-2019.pdf"]["kind"], "pdf")
        self.assertEqual(self.manifest[f"{base}/files/lianan-2019.pdf"]["parent"], "")
        for table in ("t2", "t3", "t4"):
            row = self.manifest[f"{base}/img/{table}.png"]
            self.assertEqual((row["kind"], row["parent"]), ("image", f"{base}/gknb/haicheng.html"))
            self.assertTrue(row["archive"].endswith(".image.gz"), row)
        # the page holding its own tables links nothing to fetch; the logo is site chrome
        self.assertNotIn(f"{base}/img/logo.png", self.manifest)
        self.assertEqual([p for p, _ in self.web.requests if p == "/img/logo.png"], [])

    def test_pictures_are_read_by_ocr_and_flagged(self):
        rows = figures(self.csv_of("haicheng"))
        t3 = [r for k, r in rows.items() if k[0] == "t3" and r["flag"] != "not_found"]
        self.assertGreater(len(t3), 150)
        self.assertTrue(all("ocr" in r["flag"].split(";") for r in t3))
        expected = oi.expected(self.picture_values)
        right = sum(1 for k, (value, _) in expected.items() if k in rows and rows[k]["value"] == value)
        self.assertGreaterEqual(right / len(expected), 0.95)
        self.assertTrue(os.listdir(os.path.join(self.out, "raw", "ocr")))

    def test_a_second_night_reads_no_picture_again_and_rewrites_nothing(self):
        stat = os.stat(self.csv_of("haicheng"))
        cache = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(self.out, "raw", "ocr")) for f in fs)
        cache_times = [os.stat(p).st_mtime_ns for p in cache]
        again = subprocess.run([os.path.abspath(NIANBAO), "run", "-c", self.ini, "-o", self.out, "--year", "2019"],
                               capture_output=True, timeout=600)
        self.assertEqual(again.returncode, 0, again.stderr.decode())
        self.assertEqual((os.stat(self.csv_of("haicheng")).st_ino, os.stat(self.csv_of("haicheng")).st_mtime_ns),
                         (stat.st_ino, stat.st_mtime_ns))
        self.assertEqual([os.stat(p).st_mtime_ns for p in cache], cache_times)


if __name__ == "__main__":
    unittest.main()
