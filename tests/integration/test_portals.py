"""The portals counties really have (issue 14), through the built binary against the CMS
imitations of cms_portal.py on 127.0.0.1: each family with no `scraper =` line (auto) finds
its 36 reports and nothing else, within the politeness limits; `nianbao discover` starts a
county from one township line; townships' own columns; an anti-robot challenge ends the
run with exit 4, a message and no M1 rows; allowed_hosts, proxy and ca_file do what curl
users expect, and their mistakes are file:line errors."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cms_portal as cp  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
DELAY_MS = 30
NOT_REPORTS = {i.id for i in cp.ITEMS if not i.report}  # notices, news, 解读, 石头镇


def nianbao(*args, timeout=120, env=None):
    p = subprocess.run([NIANBAO, *args], capture_output=True, timeout=timeout, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def item_id(path):
    """The item id in a report or news path (…_1005.html, post_2002.html), or None."""
    name = path.rsplit("/", 1)[-1].split("?")[0]
    digits = "".join(c if c.isdigit() else " " for c in name).split()
    return int(digits[-1]) if digits else None


class Families(unittest.TestCase):
    """Each family, no scraper = line: 36 reports found and fetched, nothing else."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-portals-")
        cls.runs = {}
        for family, adapter in (("trs4", "trs"), ("trs6", "trs"), ("hanweb", "hanweb"), ("hanwebpage", "hanweb"),
                                ("gkmlpt", "gkmlpt")):
            portal = cp.CmsPortal(family).start()
            folder = os.path.join(cls.tmp, family)
            os.makedirs(folder)
            ini = cp.write_config(folder, portal, delay_ms=DELAY_MS)
            out = os.path.join(folder, "out")
            result = nianbao("fetch", "-c", ini, "-o", out, "-v")
            cls.runs[family] = (portal, adapter, out, result, list(portal.log), dict(portal.max_active))
            portal.stop()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_auto_finds_all_36_reports_and_nothing_else(self):
        for family, (portal, adapter, out, (code, _, err), log, _) in self.runs.items():
            with self.subTest(family=family):
                self.assertEqual(code, 0, err)
                manifest = read_csv(os.path.join(out, "manifest.csv"))
                self.assertEqual({r["url"] for r in manifest}, portal.report_urls())
                self.assertTrue(all(r["outcome"] == "new" for r in manifest))
                # the three links straight at a PDF or Word file are among them
                self.assertEqual(sum(r["url"].endswith((".pdf", ".docx")) for r in manifest), 3)
                # 解读, notices about 年报 work, news: never asked for
                fetched = {item_id(e["path"]) for e in log if e["path"] != portal.listing.split("#")[0]}
                self.assertFalse(fetched & NOT_REPORTS, f"asked for non-reports: {fetched & NOT_REPORTS}")
                # the report of a township the registry lacks is listed, with the adapter
                discovered = read_csv(os.path.join(out, "discovered.csv"))
                self.assertEqual([(r["township"], r["status"], r["scraper"]) for r in discovered],
                                 [("石头镇", "unregistered", adapter)])
                self.assertIn(f"listing {portal.base}{portal.listing}: adapter {adapter}", err)

    def test_each_listing_request_is_made_once_and_as_the_family_makes_it(self):
        trs = [e["path"] for e in self.runs["trs4"][4] if "/index" in e["path"]]
        self.assertEqual(trs, ["/gov/gknb/index.html"] + [f"/gov/gknb/index_{k}.html" for k in range(1, 6)])
        trs6 = sorted(e["path"] for e in self.runs["trs6"][4] if "dezlist" in e["path"])
        self.assertEqual(trs6, sorted(["/gov/nb/dezlist.shtml"] + [f"/gov/nb/dezlist_{k}.shtml" for k in range(2, 7)]))
        # Hanweb: the column page, then the two groups it does not hold, by POST with jpage's form
        hanweb = [e for e in self.runs["hanweb"][4] if not e["path"].startswith("/art/")]
        self.assertEqual([(e["method"], e["path"]) for e in hanweb],
                         [("GET", "/col/col1229/index.html"),
                          ("POST", "/module/web/jpage/dataproxy.jsp?startrecord=21&endrecord=40&perpage=10"),
                          ("POST", "/module/web/jpage/dataproxy.jsp?startrecord=41&endrecord=51&perpage=10")])
        self.assertIn("columnid=1229", hanweb[1]["form"])
        self.assertIn("webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF", hanweb[1]["form"])
        # Hanweb paged by page number, no count on the column page: page 2 alone, whose
        # <totalrecord> tells that pages 3-5 remain; past page 5 nothing is asked although
        # the site would answer (its last page again)
        paged = [(e["method"], e["path"]) for e in self.runs["hanwebpage"][4] if not e["path"].startswith("/art/")]
        proxy = "/module/web/jpage/dataproxy.jsp"
        self.assertEqual(paged[:2], [("GET", "/col/col1229/index.html"), ("POST", f"{proxy}?page=2&perpage=12")])
        self.assertEqual(sorted(paged[2:]), [("POST", f"{proxy}?page={k}&perpage=12") for k in (3, 4, 5)])
        self.assertIn("unitid=4407", self.runs["hanwebpage"][4][1]["form"])
        # gkmlpt: the index for the site id, then the API's three pages of the category
        gkmlpt = [e["path"] for e in self.runs["gkmlpt"][4] if not e["path"].startswith("/gkmlpt/content/")]
        self.assertEqual(gkmlpt, ["/gkmlpt/index"] + [f"/gkmlpt/api/all/2590?page={k}&sid=755031" for k in (1, 2, 3)])

    def test_politeness_limits_hold(self):
        for family, (_, _, _, _, log, max_active) in self.runs.items():
            with self.subTest(family=family):
                self.assertLessEqual(max(max_active.values()), 2)
                starts = sorted(e["start"] for e in log)
                # stamped when the server's thread runs: judge the spacing over the run
                self.assertGreaterEqual(starts[-1] - starts[0], 0.8 * DELAY_MS / 1000 * (len(starts) - 1))
                self.assertTrue(all(e["user_agent"] == "nianbao/0.1.0 (+test)" for e in log))


class ExplicitAdapter(unittest.TestCase):
    def test_named_adapter_reads_its_family_and_generic_cannot(self):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        portal = cp.CmsPortal("hanweb").start()
        try:
            ini = cp.write_config(tmp, portal, extra_portal="scraper = hanweb\n", delay_ms=0)
            code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(tmp, "a"))
            self.assertEqual(code, 0, err)
            self.assertEqual({r["url"] for r in read_csv(os.path.join(tmp, "a", "manifest.csv"))}, portal.report_urls())
            # the generic adapter sees only the page's markup: the records are data
            ini = cp.write_config(tmp, portal, extra_portal="scraper = generic\n", delay_ms=0)
            code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(tmp, "b"))
            self.assertEqual(code, 1)
            self.assertIn("no report link", err)
        finally:
            portal.stop()
            shutil.rmtree(tmp)


class Discover(unittest.TestCase):
    def test_a_county_starts_from_one_township_line(self):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        portal = cp.CmsPortal("trs6").start()
        try:
            # the one line's slug is the pinyin of another township's name
            ini = cp.write_config(tmp, portal, townships=[(cp.TOWNSHIPS[0][0], "dongshi")], delay_ms=0)
            proposed = os.path.join(tmp, "proposed.csv")
            code, out, err = nianbao("discover", "-c", ini, "--csv", proposed)
            self.assertEqual(code, 0, err)
            self.assertIn(f"listing {portal.base}/gov/nb/dezlist.shtml\n  adapter trs (recognised); 6 pages read; "
                          "37 report links", out)
            self.assertIn("report links of registered townships, years 2019-2021 (3):", out)
            self.assertIn("titles that name no registered township (34):", out)
            for item in cp.REPORTS:
                self.assertIn(portal.base + portal.report_path(item), out)
            # the registry proposed: the one line, then every township the titles name
            rows = read_csv(proposed)
            self.assertEqual([r["name"] for r in rows], [n for n, _ in cp.TOWNSHIPS] + ["石头镇"])
            # the registered slug kept; the new ones in pinyin (ICU), unique
            self.assertEqual([r["slug"] for r in rows],
                             ["dongshi", "dongnan", "dongbei", "dongzhong", "dongxin", "dongda", "dongxiao",
                              "dongshi-2", "dongshan", "dongshui", "dongtian", "donglin", "shitou"])
            self.assertFalse(os.path.exists(os.path.join(tmp, "nianbao-out")))  # nothing else written
            # and it is a registry nianbao takes: every report now maps to a township
            shutil.copy(proposed, os.path.join(tmp, "townships.csv"))
            code, out, err = nianbao("discover", "-c", ini)
            self.assertEqual(code, 0, err)
            self.assertIn("report links of registered townships, years 2019-2021 (37):", out)
            self.assertIn("titles that name no registered township (0):", out)
            self.assertIn("registered township-years with no report link:\n  石头镇 2019, 石头镇 2020\n", out)
        finally:
            portal.stop()
            shutil.rmtree(tmp)


class GkmlptCategory(unittest.TestCase):
    """The 年报 category of a gkmlpt catalogue: from the URL's #fragment, else from the
    index page's category tree by its name, else the whole catalogue; discover says which."""

    def discover(self, listing=None, **kw):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        self.addCleanup(shutil.rmtree, tmp)
        portal = cp.CmsPortal("gkmlpt", **kw).start()
        self.addCleanup(portal.stop)
        ini = cp.write_config(tmp, portal, delay_ms=0)
        if listing:
            with open(ini, encoding="utf-8") as f:
                text = f.read().replace(f"{portal.base}{portal.listing}\n", f"{portal.base}{listing}\n")
            with open(ini, "w", encoding="utf-8") as f:
                f.write(text)
        code, out, err = nianbao("discover", "-c", ini)
        self.assertEqual(code, 0, err)
        api = sorted({e["path"].split("?")[0] for e in portal.log if "/api/" in e["path"]})
        return out, api

    def test_the_category_named_nianbao_in_the_tree(self):
        out, api = self.discover()
        # not 年报解读, not 统计年报, not the outside link, not the parent 年度报告
        self.assertIn('  adapter gkmlpt (recognised); 4 pages read; 37 report links\n  category 2590 "政府信息公开年报", '
                      "chosen from the index page's category tree by its name\n", out)
        self.assertEqual(api, ["/gkmlpt/api/all/2590"])
        self.assertIn("report links of registered townships, years 2019-2021 (36):", out)

    def test_the_fragment_wins(self):
        out, api = self.discover(listing="/gkmlpt/index#2589")
        self.assertIn("  category 2589, from the URL (#2589)\n", out)
        self.assertEqual(api, ["/gkmlpt/api/all/2589"])

    def test_no_tree_lists_the_whole_catalogue(self):
        out, api = self.discover(gkmlpt_tree=False)
        self.assertIn("  category 0 (the whole catalogue): no # in the URL and no category tree on the index page\n", out)
        self.assertEqual(api, ["/gkmlpt/api/all/0"])
        # the titles still tell the reports from the 25 policy documents around them
        self.assertIn("report links of registered townships, years 2019-2021 (36):", out)


class TownshipColumns(unittest.TestCase):
    def test_each_township_its_own_listing(self):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        portal = cp.CmsPortal("columns").start()
        try:
            ini = cp.write_config(tmp, portal, columns=True, delay_ms=0)
            code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(tmp, "out"), "-v")
            self.assertEqual(code, 0, err)
            manifest = read_csv(os.path.join(tmp, "out", "manifest.csv"))
            # titles such as "2019年度政府信息公开工作年度报告" belong to the column's township
            got = {(r["township"], int(r["year"]), r["url"]) for r in manifest}
            want = {(i.report[0], i.report[2], portal.base + portal.report_path(i)) for i in cp.REPORTS}
            self.assertEqual(got, want)
            self.assertIn("(东西镇's own): adapter generic, 1 page read, 3 report links", err)
            self.assertFalse(any("post_2002" in e["path"] for e in portal.log))  # the 解读 link
        finally:
            portal.stop()
            shutil.rmtree(tmp)


class MissingPerListing(unittest.TestCase):
    """A report is missing only when every listing that could hold it was read completely:
    a failed listing leaves unseen only the townships it was the listing for."""

    def report(self, slug, year):
        return next(i for i in cp.REPORTS if i.report[1] == slug and i.report[2] == year)

    def run_county(self, fail, hidden):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        self.addCleanup(shutil.rmtree, tmp)
        portal = cp.CmsPortal("trs4", own_listings=("t01", "t02"), fail=fail,
                              hidden={self.report(slug, year).id for slug, year in hidden}).start()
        self.addCleanup(portal.stop)
        ini = cp.write_config(tmp, portal, delay_ms=0)
        out = os.path.join(tmp, "out")
        code, _, err = nianbao("run", "-c", ini, "-o", out)
        m1 = sorted((a["township"], int(a["year"])) for a in read_csv(os.path.join(out, "anomalies.csv"))
                    if a["rule"] == "M1")
        return code, err, m1, portal

    def test_a_failed_township_listing_hides_that_township_only(self):
        # t02 (东南镇) has its 2020 report only on its own column, which fails; t05's (东新镇)
        # 2020 report is on no listing at all
        code, err, m1, portal = self.run_county({"/towns/t02/index.html": 500}, [("t02", 2020), ("t05", 2020)])
        self.assertEqual(code, 1, err)
        name = dict((slug, n) for n, slug in cp.TOWNSHIPS)
        self.assertIn(f"listing {portal.base}/towns/t02/index.html ({name['t02']}'s own listing): HTTP 500", err)
        self.assertEqual(m1, [(name["t05"], 2020)])

    def test_a_failed_county_listing_hides_the_townships_without_a_complete_one(self):
        # the county's listing fails: t01 (东西镇) has a complete column of its own, so its
        # absent 2019 report is missing; t05's (东新镇, no column of its own) cannot be told
        code, err, m1, portal = self.run_county({"/gov/gknb/index.html": 500}, [("t01", 2019), ("t05", 2020)])
        self.assertEqual(code, 1, err)
        self.assertIn(f"listing {portal.base}/gov/gknb/index.html: HTTP 500", err)
        name = dict((slug, n) for n, slug in cp.TOWNSHIPS)
        self.assertEqual(m1, [(name["t01"], 2019)])


class Challenge(unittest.TestCase):
    """A portal behind an anti-robot challenge: named, exit 4, nothing called missing."""

    def run_county(self, challenge, reports_only=False):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        self.addCleanup(shutil.rmtree, tmp)
        portal = cp.CmsPortal("trs4", challenge=challenge, challenge_reports=reports_only).start()
        self.addCleanup(portal.stop)
        ini = cp.write_config(tmp, portal, delay_ms=0)
        out = os.path.join(tmp, "out")
        code, _, err = nianbao("run", "-c", ini, "-o", out)
        anomalies = read_csv(os.path.join(out, "anomalies.csv"))
        return code, err, anomalies, out, portal

    def test_listing_challenged(self):
        for challenge, status in (("ruishu", "HTTP 412, 瑞数/Rivers Security"), ("jsl", "HTTP 521, 加速乐/Jiasule"),
                                  ("script200", "HTTP 200")):
            with self.subTest(challenge=challenge):
                code, err, anomalies, out, portal = self.run_county(challenge)
                self.assertEqual(code, 4, err)
                self.assertIn(f"nianbao run: listing {portal.base}{portal.listing}: the portal answered with an "
                              f"anti-robot challenge ({status}); reports could not be listed\n", err)
                # 36 township-years unseen, none called missing
                self.assertEqual([a for a in anomalies if a["rule"] in ("M1", "F1")], [])
                raw = os.path.join(out, "raw")
                self.assertFalse(os.path.isdir(raw) and os.listdir(raw))

    def test_discover_names_the_challenge(self):
        tmp = tempfile.mkdtemp(prefix="nb-portals-")
        self.addCleanup(shutil.rmtree, tmp)
        portal = cp.CmsPortal("hanweb", challenge="jsl").start()
        self.addCleanup(portal.stop)
        ini = cp.write_config(tmp, portal, delay_ms=0)
        code, out, err = nianbao("discover", "-c", ini)
        self.assertEqual(code, 4, err)
        self.assertIn("adapter none; 0 pages read; 0 report links; CHALLENGED", out)
        self.assertIn("the portal answered with an anti-robot challenge (HTTP 521, 加速乐/Jiasule)", err)

    def test_report_pages_challenged(self):
        code, err, anomalies, out, portal = self.run_county("ruishu", reports_only=True)
        self.assertEqual(code, 4, err)
        manifest = read_csv(os.path.join(out, "manifest.csv"))
        self.assertEqual(len(manifest), 36)
        for r in manifest:
            self.assertEqual(r["archive"], "")  # a challenge page is never archived as the report
            self.assertIn("failed: the portal answered with an anti-robot challenge (HTTP 412", r["outcome"])
        self.assertEqual([a for a in anomalies if a["rule"] == "M1"], [])
        self.assertEqual(len([a for a in anomalies if a["rule"] == "F1"]), 36)  # found, not fetched


class Settings(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-portals-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_allowed_hosts_admits_the_portals_other_host(self):
        # the listing is read as localhost; the API's article links name 127.0.0.1
        portal = cp.CmsPortal("gkmlpt").start()
        self.addCleanup(portal.stop)
        local = f"http://localhost:{portal.port}"
        ini = cp.write_config(self.tmp, portal, base=local, delay_ms=0)
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "a"))
        self.assertEqual(code, 0, err)
        discovered = read_csv(os.path.join(self.tmp, "a", "discovered.csv"))
        self.assertEqual(sum(r["status"] == "offsite" for r in discovered), 37)
        self.assertEqual(read_csv(os.path.join(self.tmp, "a", "manifest.csv")), [])
        ini = cp.write_config(self.tmp, portal, base=local, delay_ms=0,
                              extra_portal=f"allowed_hosts = www.example.gov.cn, 127.0.0.1:{portal.port}\n")
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "b"))
        self.assertEqual(code, 0, err)
        self.assertEqual({r["url"] for r in read_csv(os.path.join(self.tmp, "b", "manifest.csv"))}, portal.report_urls())

    def test_proxy_carries_every_request(self):
        portal = cp.CmsPortal("trs4").start()  # answers a proxy's absolute-form requests too
        self.addCleanup(portal.stop)
        ini = cp.write_config(self.tmp, portal, base="http://portal.invalid", delay_ms=0,
                              extra_fetch=f"proxy = http://127.0.0.1:{portal.port}\n")
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "out"))
        self.assertEqual(code, 0, err)
        manifest = read_csv(os.path.join(self.tmp, "out", "manifest.csv"))
        self.assertEqual(len(manifest), 36)
        self.assertTrue(all(r["url"].startswith("http://portal.invalid/gov/gknb/") for r in manifest))
        self.assertTrue(portal.log and all(e["proxied"] and e["host"] == "portal.invalid" for e in portal.log))

    def test_ca_file_trusts_the_portals_own_certificate(self):
        cert, key = os.path.join(self.tmp, "cert.pem"), os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        portal = cp.CmsPortal("hanweb", tls=(cert, key)).start()
        self.addCleanup(portal.stop)
        ini = cp.write_config(self.tmp, portal, delay_ms=0)
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "a"))
        self.assertEqual(code, 1)  # TLS verification is on: a certificate nobody vouches for fails
        self.assertIn(f"listing {portal.base}/col/col1229/index.html:", err)
        self.assertRegex(err, "(?i)certificate")
        ini = cp.write_config(self.tmp, portal, delay_ms=0, extra_fetch="ca_file = cert.pem\n")
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "b"))
        self.assertEqual(code, 0, err)
        self.assertEqual({r["url"] for r in read_csv(os.path.join(self.tmp, "b", "manifest.csv"))}, portal.report_urls())
        self.assertEqual(sum(e["method"] == "POST" for e in portal.log), 2)  # POSTs over TLS too

    def test_mistakes_are_file_line_errors(self):
        portal = cp.CmsPortal("trs4")
        portal.port = 1
        cases = [
            ("allowed_hosts = http://files.example.gov.cn/\n", "", 'allowed_hosts: "http://files.example.gov.cn/" is not a host name'),
            ("allowed_hosts = files.example.gov.cn:99999\n", "", 'allowed_hosts: "files.example.gov.cn:99999" is not a host name'),
            ("", "ca_file = missing.pem\n", "ca_file " + os.path.join(self.tmp, "missing.pem") + " cannot be read: No such file"),
            ("", "proxy = ftp://proxy.example:21\n", 'proxy = "ftp://proxy.example:21" is not a proxy URL'),
        ]
        for extra_portal, extra_fetch, message in cases:
            with self.subTest(message=message):
                ini = cp.write_config(self.tmp, portal, extra_portal=extra_portal, extra_fetch=extra_fetch)
                with open(ini, encoding="utf-8") as f:
                    line = next(i for i, l in enumerate(f, 1) if l.startswith(("allowed_hosts", "ca_file", "proxy")))
                code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "out"))
                self.assertEqual(code, 2)
                self.assertIn(f"{ini}:{line}: {message}", err)
        # a township's listing in townships.csv
        ini = cp.write_config(self.tmp, portal)
        with open(os.path.join(self.tmp, "townships.csv"), "w", encoding="utf-8") as f:
            f.write("name,slug,aliases,listing\n东西镇,t01,,ftp://x.gov.cn/nb/\n")
        code, _, err = nianbao("discover", "-c", ini)
        self.assertEqual(code, 2)
        self.assertIn(os.path.join(self.tmp, "townships.csv") + ':2: 东西镇: listing "ftp://x.gov.cn/nb/": only '
                      "http://, https:// and file:// URLs are allowed", err)
        portal.server.server_close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
