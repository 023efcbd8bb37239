#!/usr/bin/env python3
"""Which files a report page needs is decided once per copy of the page: the manifest's
`files_rule` says which version of the rules listed them, and a page copy listed by
today's rules is not read again on the next night (that reading was most of an unchanged
night's CPU). A new copy of the page, a manifest of an earlier nianbao, or rules of an
earlier version list them again. Through `nianbao fetch` against a real HTTP server on
127.0.0.1."""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import portal_server as ps  # noqa: E402
from test_trust import Site, listing, title  # noqa: E402

FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
RULE = "1"  # NB_EXTRACT_FILES_RULE (pipeline/read/extract.h)
PDF = b"%PDF-1.4\n% the report as a file; fetch only archives it\n%%EOF\n"


def read_manifest(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    return text.splitlines()[0], {r["url"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def write_manifest(path, header, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header.split(","), lineterminator="\r\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


class FilesOfPages(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-harvest-files-")
        self.web = Site()
        self.page_url = f"{self.web.base}/gknb/chengdong.html"
        self.pdf_url = f"{self.web.base}/files/chengdong-2019.pdf"
        self.web.routes["/gknb/index.html"] = listing([("/gknb/chengdong.html", title("城东镇"))])
        self.web.routes["/files/chengdong-2019.pdf"] = (200, {"Content-Type": "application/pdf"}, PDF)
        self.ini = ps.write_config(self.tmp, f"{self.web.base}/gknb/index.html", delay_ms=0,
                                   townships=[("城东镇", "chengdong", "")])
        self.out = os.path.join(self.tmp, "out")
        self.manifest = os.path.join(self.out, "manifest.csv")

    def tearDown(self):
        self.web.stop()
        shutil.rmtree(self.tmp)

    def publish(self, body):
        self.web.routes["/gknb/chengdong.html"] = mf.page(title("城东镇"), body).encode("utf-8")

    def attachment_page(self):
        self.publish('<p>详见附件。</p><p>附件：<a href="/files/chengdong-2019.pdf">城东镇2019年年报.pdf</a></p>')

    def night(self):
        self.web.requests.clear()
        p = subprocess.run([os.path.abspath(NIANBAO), "fetch", "-q", "-c", self.ini, "-o", self.out,
                            "--year", "2019"], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        return [path for path, _ in self.web.requests]

    def test_a_page_that_changes_to_an_attachment_gets_its_file(self):
        self.publish(mf.report_2019(mf.distinct_values("2019")))
        self.assertNotIn("/files/chengdong-2019.pdf", self.night())
        header, rows = read_manifest(self.manifest)
        self.assertTrue(header.endswith(",kind,parent,files_rule,listed_date"), header)
        self.assertEqual(rows[self.page_url]["files_rule"], RULE)
        self.assertNotIn("/files/chengdong-2019.pdf", self.night())  # unchanged: still none

        self.attachment_page()
        self.assertIn("/files/chengdong-2019.pdf", self.night())
        _, rows = read_manifest(self.manifest)
        self.assertEqual((rows[self.pdf_url]["kind"], rows[self.pdf_url]["parent"]), ("pdf", self.page_url))
        # an unchanged night still asks for the file (conditionally), from the kept list
        self.assertIn("/files/chengdong-2019.pdf", self.night())
        _, rows = read_manifest(self.manifest)
        self.assertEqual(rows[self.pdf_url]["outcome"], "unchanged")

    def test_a_listed_page_copy_is_not_read_again(self):
        self.attachment_page()
        self.night()
        header, rows = read_manifest(self.manifest)
        # drop the file's row: if the page were read again, the file would be listed again
        write_manifest(self.manifest, header, [r for u, r in rows.items() if u != self.pdf_url])
        self.assertNotIn("/files/chengdong-2019.pdf", self.night())

    def test_rules_of_an_earlier_version_list_the_files_again(self):
        self.attachment_page()
        self.night()
        header, rows = read_manifest(self.manifest)
        rows[self.page_url]["files_rule"] = "0"
        write_manifest(self.manifest, header, [r for u, r in rows.items() if u != self.pdf_url])
        self.assertIn("/files/chengdong-2019.pdf", self.night())
        _, rows = read_manifest(self.manifest)
        self.assertEqual(rows[self.page_url]["files_rule"], RULE)

    def test_a_manifest_of_an_earlier_nianbao_lists_the_files_again(self):
        """Written before files_rule existed: the page's files are listed on the first night."""
        self.attachment_page()
        self.night()
        header, rows = read_manifest(self.manifest)
        old_header = header[:-len(",files_rule,listed_date")]
        write_manifest(self.manifest, old_header, [r for u, r in rows.items() if u != self.pdf_url])
        self.assertIn("/files/chengdong-2019.pdf", self.night())
        header, rows = read_manifest(self.manifest)
        self.assertTrue(header.endswith(",files_rule,listed_date"))
        self.assertEqual(rows[self.pdf_url]["parent"], self.page_url)


if __name__ == "__main__":
    unittest.main()
