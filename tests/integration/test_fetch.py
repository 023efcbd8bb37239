"""nianbao fetch against a real HTTP server on 127.0.0.1 (portal_server.py) and against
the same portal read as a file:// mirror. Every figure asserted here follows from the
portal the server generates: 9 report pages of 8 registered township-years (城东镇 2020
twice), 3 links to list but not fetch, 8 pages that misbehave (7 of them fail)."""

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portal_server as ps  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")


def run(*args, timeout=60):
    started = time.monotonic()
    p = subprocess.run([NIANBAO, "fetch", *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - started


def by_url(rows):
    return {r["url"]: r for r in rows}


class FaultyPortal(unittest.TestCase):
    """One portal, three runs in order: first fetch, unchanged rerun, a changed page."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-fetch-")
        cls.portal = ps.Portal(os.path.join(cls.tmp, "portal")).start()
        cls.ini = ps.write_config(cls.tmp, cls.portal.base + "/gknb/index.html")
        cls.out = os.path.join(cls.tmp, "out")
        cls.first = run("-c", cls.ini, "-o", cls.out)
        cls.first_log = cls.portal.requests()
        cls.first_max_active = dict(cls.portal.max_active)
        cls.first_manifest = read_csv(os.path.join(cls.out, "manifest.csv"))

    @classmethod
    def tearDownClass(cls):
        cls.portal.stop()
        shutil.rmtree(cls.tmp)

    def report_url(self, post_id):
        return f"{self.portal.base}/gknb/content/post_{post_id}.html"

    def test_1_discovery_finds_every_township_year_across_pagination(self):
        rows = by_url(self.first_manifest)
        fetched = {(r["township"], int(r["year"]), r["url"]) for r in self.first_manifest
                   if not r["outcome"].startswith("failed")}
        slug_to_name = {slug: name for name, slug, _ in ps.TOWNSHIPS}
        expected = {(slug_to_name[s], y, self.report_url(pid)) for (s, y), pid in ps.EXPECTED.items()}
        expected.add(("城东镇", 2020, self.report_url(109)))
        expected.add(("梅陇镇", 2019, self.portal.base + "/fault/flaky"))
        self.assertEqual(fetched, expected)
        self.assertEqual(len(self.first_manifest), 10 + 7)
        # all three listing pages were read, page 3 (GBK) only through the index_N scheme;
        # index_1 (the TRS scheme) and index_4 were tried and are not there: the end
        listing = {r["path"]: r["status"] for r in self.first_log if r["path"].startswith("/gknb/index")}
        self.assertEqual(listing, {"/gknb/index.html": 200, "/gknb/index_1.html": 404, "/gknb/index_2.html": 200,
                                   "/gknb/index_3.html": 200, "/gknb/index_4.html": 404})
        self.assertEqual(len([r for r in self.first_log if r["path"].startswith("/gknb/index")]), 5,
                         "a listing page was fetched twice")
        self.assertEqual(rows[self.report_url(106)]["township"], "附城镇")
        # links to list, not to fetch
        discovered = read_csv(os.path.join(self.out, "discovered.csv"))
        self.assertEqual(list(discovered[0].keys()), ["url", "text", "township", "year", "status", "scraper"])
        got = {(r["url"].rsplit("/", 1)[1], r["status"]) for r in discovered}
        want = {(href.rsplit("/", 1)[1], status) for href, _, status in ps.OTHER_LINKS}
        want |= {(f"post_{pid}.html", "duplicate") for pid in ps.DUPLICATES}
        self.assertEqual(got, want)
        for r in discovered:
            self.assertNotIn(r["url"], {self.report_url(p) for p in (101, 102, 103, 104, 106, 107, 108)})
        unregistered = [r for r in discovered if r["status"] == "unregistered"][0]
        self.assertEqual(unregistered["township"], "石头镇")

    def test_1_every_body_is_archived_by_content_hash(self):
        for r in self.first_manifest:
            if r["outcome"].startswith("failed"):
                self.assertEqual(r["archive"], "")
                continue
            self.assertEqual(r["outcome"], "new")
            slug = {name: slug for name, slug, _ in ps.TOWNSHIPS}[r["township"]]
            self.assertEqual(r["archive"], f"raw/{slug}/{r['year']}/{slug}-{r['year']}-{r['sha256'][:16]}.html.gz")
            with gzip.open(os.path.join(self.out, r["archive"])) as f:
                body = f.read()
            self.assertEqual(hashlib.sha256(body).hexdigest(), r["sha256"])
            self.assertEqual(int(r["bytes"]), len(body))
            self.assertEqual(r["status"], "200")
            self.assertRegex(r["fetched_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
            if r["url"].endswith("/post_101.html"):
                with open(os.path.join(self.portal.root, "gknb/content/post_101.html"), "rb") as f:
                    self.assertEqual(body, f.read())  # as served, gzip transfer undone
                self.assertTrue(r["etag"].startswith('"') and r["last_modified"].endswith("GMT"))
        # the GBK page is archived as its GBK bytes, not converted
        gbk = by_url(self.first_manifest)[self.report_url(106)]
        with gzip.open(os.path.join(self.out, gbk["archive"])) as f:
            self.assertIn("附城镇".encode("gbk"), f.read())
        # the server compressed what it sent; nianbao asked for it
        self.assertTrue(all(r["user_agent"] == "nianbao/0.1.0 (+test)" for r in self.first_log))

    def test_1_faults_fail_cleanly_with_their_reason(self):
        code, out, err, _ = self.first
        self.assertEqual(code, 1, err)
        self.assertEqual(out, "")
        rows = by_url(self.first_manifest)
        failure_lines = [line for line in err.splitlines() if "warning" not in line]
        self.assertEqual(len(failure_lines), 7, err)
        for path, name, year, reason in ps.FAULTS:
            row = rows[self.portal.base + path]
            if reason is None:
                self.assertEqual(row["outcome"], "new")  # 503 then 200
                continue
            self.assertTrue(row["outcome"].startswith("failed: "), row)
            self.assertIn(reason, row["outcome"])
            line = [l for l in failure_lines if self.portal.base + path + ":" in l]
            self.assertEqual(len(line), 1, err)
            self.assertIn(f"nianbao fetch: {name} {year} {self.portal.base}{path}: ", line[0])
            self.assertIn(reason, line[0])
        # retried: flaky twice (503, 200), hang and truncated twice (retries = 1);
        # not retried: the redirect loop (2 hops), the oversized bodies
        count = lambda p: sum(1 for r in self.first_log if r["path"] == p)
        flaky = [r for r in self.first_log if r["path"] == "/fault/flaky"]
        self.assertEqual([r["status"] for r in flaky], [503, 200])
        self.assertGreaterEqual(flaky[1]["start"] - flaky[0]["start"], 1.0, "Retry-After: 1 honoured")
        # the first request and 5 redirects, then it stops
        self.assertEqual(len([r for r in self.first_log if r["path"].startswith("/fault/chain/")]), 6)
        self.assertEqual(count("/fault/hang"), 2)
        self.assertIn("(2 attempts)", rows[self.portal.base + "/fault/hang"]["outcome"])
        self.assertEqual(count("/fault/truncated"), 2)
        self.assertEqual(count("/fault/loop"), 1)
        self.assertEqual(count("/fault/loop2"), 1)
        self.assertEqual(count("/fault/big"), 1)
        self.assertEqual(count("/fault/bomb"), 1)
        self.assertFalse([r for r in self.first_log if r["host"] == "127.0.0.2"])
        # the page that never answers cost two timeouts, and stalled nothing else: every
        # other page of the same run arrived
        for r in self.first_manifest:
            if "/fault/" not in r["url"]:
                self.assertEqual(r["outcome"], "new")

    def test_1_politeness_limits_hold(self):
        self.assertLessEqual(self.first_max_active["127.0.0.1"], 2)
        self.assertEqual(self.first_max_active["127.0.0.1"], 2)  # and the limit is used
        # The server stamps a request when its thread runs, which a loaded machine delays
        # by tens of milliseconds: judge the spacing over the whole run, not gap by gap.
        starts = sorted(r["start"] for r in self.first_log)
        self.assertGreaterEqual(starts[-1] - starts[0], 0.8 * 0.040 * (len(starts) - 1),
                                "delay_ms = 40 between starts to one host")

    def test_1_warnings_name_what_a_person_should_fix(self):
        err = self.first[2]
        warnings = [l for l in err.splitlines() if "warning" in l]
        self.assertEqual(len(warnings), 4, err)  # 1 unregistered, 1 no_year, 2 duplicate
        self.assertTrue(any("石头镇2019年" in w and "names no township" in w for w in warnings))

    def test_2_second_run_is_conditional_and_downloads_nothing_unchanged(self):
        self.portal.clear_log()
        code, out, err, _ = run("-c", self.ini, "-o", self.out)
        self.assertEqual(code, 1)
        self.assertNotIn("warning", err)  # warned once, on the run that found them
        log = [r for r in self.portal.requests("/gknb/content/")]
        self.assertEqual(len(log), 9)
        for r in log:
            self.assertIsNotNone(r["if_none_match"], r)
            self.assertIsNotNone(r["if_modified_since"], r)
            self.assertEqual(r["status"], 304)
            self.assertEqual(r["body_bytes"], 0)
        rows = by_url(read_csv(os.path.join(self.out, "manifest.csv")))
        before = by_url(self.first_manifest)
        for url, r in rows.items():
            if "/gknb/content/" in url:
                self.assertEqual(r["outcome"], "unchanged")
                self.assertEqual(r["status"], "304")
                self.assertEqual(r["archive"], before[url]["archive"])
                self.assertEqual(r["sha256"], before[url]["sha256"])
        self.assertEqual(rows[self.portal.base + "/fault/flaky"]["outcome"], "unchanged")

    def test_3_changed_page_is_archived_beside_the_old_one(self):
        self.portal.change(101, version=2)
        # a copy deleted from the archive is fetched whole, not conditionally
        before = by_url(read_csv(os.path.join(self.out, "manifest.csv")))
        os.remove(os.path.join(self.out, before[self.report_url(104)]["archive"]))
        self.portal.clear_log()
        code, _, err, _ = run("-c", self.ini, "-o", self.out)
        self.assertEqual(code, 1)
        rows = by_url(read_csv(os.path.join(self.out, "manifest.csv")))
        old, new = before[self.report_url(101)], rows[self.report_url(101)]
        self.assertEqual(new["outcome"], "changed")
        self.assertNotEqual(new["sha256"], old["sha256"])
        self.assertNotEqual(new["archive"], old["archive"])
        self.assertTrue(os.path.exists(os.path.join(self.out, old["archive"])))
        self.assertTrue(os.path.exists(os.path.join(self.out, new["archive"])))
        self.assertEqual(len(os.listdir(os.path.join(self.out, "raw/pingdong/2019"))), 2)
        refetched = [r for r in self.portal.requests("/gknb/content/post_104.html")]
        self.assertEqual([(r["if_none_match"], r["status"]) for r in refetched], [(None, 200)])
        self.assertEqual(rows[self.report_url(104)]["outcome"], "unchanged")  # same content again
        self.assertTrue(os.path.exists(os.path.join(self.out, rows[self.report_url(104)]["archive"])))
        self.assertEqual(sum(1 for r in rows.values() if r["outcome"] == "changed"), 1)


class MirrorAndSelection(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-mirror-")
        self.portal = ps.Portal(os.path.join(self.tmp, "mirror"), faults=False).start()

    def tearDown(self):
        self.portal.stop()
        shutil.rmtree(self.tmp)

    def test_file_mirror_gives_the_same_results_as_http(self):
        http_dir = os.path.join(self.tmp, "http")
        file_dir = os.path.join(self.tmp, "file")
        os.makedirs(http_dir)
        os.makedirs(file_dir)
        shutil.copytree(os.path.join(self.tmp, "mirror"), os.path.join(file_dir, "mirror"))
        http_ini = ps.write_config(http_dir, self.portal.base + "/gknb/index.html")
        file_ini = ps.write_config(file_dir, "file://mirror/gknb/index.html")  # relative to the ini
        results = {}
        for name, ini, base in (("http", http_ini, self.portal.base),
                                ("file", file_ini, "file://" + os.path.realpath(os.path.join(file_dir, "mirror")))):
            code, out, err, _ = run("-c", ini, "-o", os.path.join(self.tmp, "out-" + name), "-q")
            self.assertEqual((code, out, err), (0, "", ""))
            manifest = read_csv(os.path.join(self.tmp, "out-" + name, "manifest.csv"))
            discovered = read_csv(os.path.join(self.tmp, "out-" + name, "discovered.csv"))
            results[name] = (
                sorted((r["township"], r["year"], r["url"].replace(base, ""), r["bytes"], r["sha256"], r["archive"],
                        r["outcome"]) for r in manifest),
                sorted((r["url"].replace(base, ""), r["text"], r["township"], r["year"], r["status"])
                       for r in discovered))
        self.assertEqual(len(results["http"][0]), 9)
        self.assertEqual(len(results["http"][1]), 5)
        self.assertEqual(results["http"], results["file"])
        # and the archives are byte for byte the same files
        for row in results["http"][0]:
            with open(os.path.join(self.tmp, "out-http", row[5]), "rb") as a, \
                    open(os.path.join(self.tmp, "out-file", row[5]), "rb") as b:
                self.assertEqual(a.read(), b.read())

    def test_township_and_year_limit_what_is_fetched(self):
        ini = ps.write_config(self.tmp, self.portal.base + "/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        code, _, err, _ = run("-c", ini, "-o", out, "--township", "pingdong", "--township", "联安",
                              "--year", "2020-2021")
        self.assertEqual(code, 0, err)
        rows = read_csv(os.path.join(out, "manifest.csv"))
        self.assertEqual(sorted((r["township"], r["year"]) for r in rows),
                         [("平东镇", "2020"), ("平东镇", "2021"), ("联安镇", "2020")])
        self.assertEqual(sorted(r["path"] for r in self.portal.requests("/gknb/content/")),
                         ["/gknb/content/post_102.html", "/gknb/content/post_103.html", "/gknb/content/post_107.html"])
        self.assertIn("no report page found for 联安镇 2021", err)
        # a later full run adds the rest and keeps those rows
        code, _, err, _ = run("-c", ini, "-o", out, "-q")
        self.assertEqual((code, err), (0, ""))
        rows = by_url(read_csv(os.path.join(out, "manifest.csv")))
        self.assertEqual(len(rows), 9)
        self.assertEqual(rows[self.portal.base + "/gknb/content/post_102.html"]["outcome"], "unchanged")

    def test_verbose_counts(self):
        ini = ps.write_config(self.tmp, self.portal.base + "/gknb/index.html")
        code, _, err, _ = run("-c", ini, "-o", os.path.join(self.tmp, "out"), "-v")
        self.assertEqual(code, 0, err)
        self.assertIn("3 listing pages read, 12 report links: 7 ok, 2 duplicate, 1 unregistered, 1 no_year, "
                      "1 out_of_range", err)
        self.assertIn("9 report pages: 9 new, 0 changed, 0 unchanged, 0 failed", err)


class UsageAndConfigErrors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-usage-")
        self.ini = ps.write_config(self.tmp, "http://127.0.0.1:9/gknb/index.html")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def expect(self, args, code, message):
        got, out, err, _ = run(*args)
        self.assertEqual(got, code, err)
        self.assertEqual(out, "")
        self.assertIn(message, err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out")))

    def test_usage_errors_exit_2(self):
        out = ["-o", os.path.join(self.tmp, "out")]
        self.expect(out, 2, "give -c county.ini")
        self.expect(["-c", self.ini, "--township", "梅州镇"] + out, 2, "--township 梅州镇: not in")
        self.expect(["-c", self.ini, "--year", "2030"] + out, 2, "--year 2030: outside the years 2019-2022")
        self.expect(["-c", self.ini, "--bogus"] + out, 2, "unknown option '--bogus'")
        self.expect(["-c", self.ini, "extra"] + out, 2, "unexpected argument 'extra'")

    def test_config_errors_name_file_and_line(self):
        out = ["-o", os.path.join(self.tmp, "out")]
        with open(self.ini, "a", encoding="utf-8") as f:
            f.write("timeout = 30\n")
        with open(self.ini, encoding="utf-8") as f:
            line = len(f.read().splitlines())
        self.expect(["-c", self.ini] + out, 2, f"{self.ini}:{line}: unknown key \"timeout\" in [fetch]")
        ps.write_config(self.tmp, "http://127.0.0.1:9/", townships=[("平东镇", "Ping Dong", "")])
        self.expect(["-c", self.ini] + out, 2,
                    "townships.csv:2: slug \"Ping Dong\" of 平东镇 must be ASCII letters a-z, digits and -")

    def test_unreachable_portal_exits_1_with_the_listing_url(self):
        got, _, err, _ = run("-c", self.ini, "-o", os.path.join(self.tmp, "out"))
        self.assertEqual(got, 1)
        self.assertIn("nianbao fetch: listing http://127.0.0.1:9/gknb/index.html: ", err)
        self.assertEqual(len(err.splitlines()), 1, err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
