#!/usr/bin/env python3
"""Network faults during `nianbao run` (issue 6), against the loopback portal of
portal_server.py: connection refused, a reset in the middle of the body, a server that
stalls after the headers, one that drips a byte a second, a host that does not resolve
(.invalid), TLS spoken to a plain-HTTP port, 429 with Retry-After (short: waited for;
an hour: given up), a storm of 500s, and a 100 MB page (with and without
Content-Length; max_bytes is 200000). One township-year each, beside two townships
whose reports are served properly.

Expected: the run ends (timeout_s = 2, retries = 1), exit status 1; each faulty
township-year has a manifest row "failed: <reason>" and one stderr line naming the
township, year, URL and the same reason; the 429-then-200 page and the good ones are
fetched, extracted and written, and the county outputs are built from them."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import portal_server as ps  # noqa: E402

FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
INVALID = "nb-fault.invalid"

GOOD = [("平东镇", "pingdong"), ("城东镇", "chengdong")]
# township, slug, link (relative to the listing, or a full URL with {port}/{closed}),
# expected reason (a regular expression; None: fetched fine)
FAULTS = [
    ("附城镇", "fucheng", "http://127.0.0.1:{closed}/gknb/content/gone.html", r"[Cc]ouldn't connect|[Cc]onnection refused"),
    ("联安镇", "lianan", "/fault/reset", r"reset by peer|truncated body|Recv failure"),
    ("海城镇", "haicheng", "/fault/stall", r"timed out after 2 s|stalled"),
    ("梅陇镇", "meilong", "/fault/drip", r"timed out after 2 s|stalled"),
    ("陶河镇", "taohe", f"http://{INVALID}/gknb/content/post_1.html", r"[Cc]ould not resolve host: " + re.escape(INVALID)),
    ("赤坑镇", "chikeng", "https://127.0.0.1:{port}/gknb/content/good_pingdong.html", r"SSL|TLS|ssl|tls"),
    ("大湖镇", "dahu", "/fault/429", None),
    ("可塘镇", "ketang", "/fault/429long", r"^HTTP 429, server asks to wait 3600 s$"),
    ("黄羌镇", "huangqiang", "/fault/500", r"^HTTP 500 \(2 attempts\)$"),
    ("公平镇", "gongping", "/fault/huge", r"^body larger than max_bytes \(200000 bytes\)$"),
    ("鹅埠镇", "ebu", "/fault/huge-chunked", r"^body larger than max_bytes \(200000 bytes\)$"),
]


class NetworkFaults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-netfault-")
        root = os.path.join(cls.tmp, "portal")
        cls.portal = ps.Portal(root, faults=False)
        for name in ("index_2.html", "index_3.html"):  # one listing page only
            os.remove(os.path.join(root, "gknb", name))
        values = mf.distinct_values("2019")
        page = lambda name: mf.page(f"{name}2019年政府信息公开工作年度报告", mf.report_2019(values)).encode()  # noqa: E731
        for name, slug in GOOD:
            ps.write(os.path.join(root, "gknb", "content", f"good_{slug}.html"), page(name))
        cls.portal.fault_pages["/fault/429"] = page("大湖镇")
        cls.portal.start()
        port, closed = cls.portal.port, ps.closed_port()
        links = [(f"content/good_{slug}.html", f"{name}2019年政府信息公开工作年度报告") for name, slug in GOOD]
        cls.urls = {}
        for name, slug, href, _ in FAULTS:
            href = href.format(port=port, closed=closed)
            links.append((href, f"{name}2019年政府信息公开工作年度报告"))
            cls.urls[name] = href if "://" in href else f"{cls.portal.base}{href}"
        ps.write(os.path.join(root, "gknb", "index.html"),
                 ps.listing_page([(h, t, "") for h, t in links], 1, 1, False))
        townships = [(n, s, "") for n, s in GOOD] + [(n, s, "") for n, s, _, _ in FAULTS]
        # the .invalid host, the closed port and TLS on the portal's port are further
        # listings of the county, so their links are in scope (a site is host and port)
        listing = "\nlisting = ".join([f"{cls.portal.base}/gknb/index.html", f"http://{INVALID}/gknb/index.html",
                                       f"http://127.0.0.1:{closed}/gknb/index.html",
                                       f"https://127.0.0.1:{port}/gknb/index.html"])
        cls.ini = ps.write_config(cls.tmp, listing, concurrency=4, delay_ms=0, townships=townships)
        with open(cls.ini, "a", encoding="utf-8") as f:
            pass
        # years 2019-2022 in write_config; the run judges 2019 only
        cls.out = os.path.join(cls.tmp, "out")
        p = subprocess.run([NIANBAO, "run", "-c", cls.ini, "-o", cls.out, "--year", "2019"],
                           capture_output=True, timeout=120)
        cls.rc, cls.err = p.returncode, p.stderr.decode("utf-8", "replace")

    @classmethod
    def tearDownClass(cls):
        cls.portal.stop()
        shutil.rmtree(cls.tmp)

    def test_exit_status(self):
        # the run ends (the stalls end by timeout_s), with the partial-failure status
        self.assertEqual(self.rc, 1, self.err)

    def test_each_fault_has_a_clear_outcome_in_manifest_and_on_stderr(self):
        manifest = {r["township"]: r for r in read_csv(os.path.join(self.out, "manifest.csv"))}
        lines = self.err.splitlines()
        for name, _, _, reason in FAULTS:
            row = manifest[name]
            self.assertEqual(row["url"], self.urls[name])
            if reason is None:
                self.assertEqual(row["outcome"], "new", row)
                continue
            self.assertTrue(row["outcome"].startswith("failed: "), row)
            self.assertRegex(row["outcome"][len("failed: "):], reason)
            mine = [l for l in lines if l.startswith(f"nianbao run: {name} 2019 {self.urls[name]}: ")]
            self.assertEqual(len(mine), 1, self.err)
            self.assertEqual(mine[0], f"nianbao run: {name} 2019 {self.urls[name]}: {row['outcome'][len('failed: '):]}")
        # the 429 was waited for (Retry-After: 1) and then fetched
        self.assertEqual(self.portal.served["/fault/429"], 2)
        self.assertEqual(self.portal.served["/fault/429long"], 1)  # an hour is not waited for
        self.assertEqual(self.portal.served["/fault/500"], 2)      # retried once, then given up
        # a 100 MB page is refused at max_bytes, not downloaded: at once when the
        # server says its size, after about max_bytes when it streams
        huge = {r["path"]: r["body_bytes"] for r in self.portal.requests("/fault/huge")}
        self.assertLess(huge["/fault/huge"], 20_000_000)
        self.assertLess(huge["/fault/huge-chunked"], 20_000_000)

    def test_the_listing_that_does_not_resolve_is_reported(self):
        self.assertIn(f"nianbao run: listing http://{INVALID}/gknb/index.html: ", self.err)

    def test_the_others_complete(self):
        for name, slug in GOOD + [("大湖镇", "dahu")]:
            rows = read_csv(os.path.join(self.out, "townships", "2019", f"{slug}.csv"))
            figures = {(r["table"], r["row_key"], r["col_key"]): r["value"] for r in rows}
            self.assertEqual(figures[("t3", "res_granted", "natural_person")], "101", name)
            self.assertEqual(rows[0]["township"], name)
        for _, slug, _, reason in FAULTS:
            if reason:
                self.assertFalse(os.path.exists(os.path.join(self.out, "townships", "2019", f"{slug}.csv")))
        overview = read_csv(os.path.join(self.out, "overview.csv"))
        # every registered township-year has its row; the failed ones say so
        read = [r["township"] for r in overview if r["year"] == "2019" and r["status"] == "ok"]
        self.assertEqual(sorted(read), sorted(["平东镇", "城东镇", "大湖镇"]))
        # found but not fetched: unreadable, with the link; none of them missing
        others = {r["township"]: r for r in overview if r["year"] == "2019" and r["township"] not in read}
        self.assertEqual({r["status"] for r in others.values()}, {"unreadable"})
        for name, r in others.items():
            self.assertEqual(r["source_url"], self.urls[name], name)
        table3 = os.path.join(self.out, "2019", "county_table3.csv")
        self.assertTrue(os.path.exists(table3))
        # a failed fetch is data for the anomaly list too: the report was found and could
        # not be fetched (F1, with the reason and the link), it is not missing (M1)
        anomalies = read_csv(os.path.join(self.out, "anomalies.csv"))
        unfetched = {r["township"]: r for r in anomalies if r["rule"] == "F1" and r["year"] == "2019"}
        self.assertEqual(set(unfetched), {n for n, _, _, reason in FAULTS if reason})
        for name, _, _, reason in FAULTS:
            if reason:
                self.assertEqual(unfetched[name]["source_url"], self.urls[name])
                message = unfetched[name]["message"]
                self.assertTrue(message.startswith(f"找到了{name}2019年度年报，但未能下载："), message)
                self.assertRegex(message[len(f"找到了{name}2019年度年报，但未能下载："):], reason)
        self.assertFalse([r for r in anomalies if r["rule"] == "M1" and r["year"] == "2019"])


if __name__ == "__main__":
    unittest.main()
