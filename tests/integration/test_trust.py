#!/usr/bin/env python3
"""Trust at the edges (issue 11): what an operator or an attacker can make a portal do to
`nianbao run`/`fetch`, each against real servers on 127.0.0.1 and real files.

- an http portal's links to file:// URLs (the config's folder, with -c relative or not)
  are never read or archived;
- another port of the portal's host is another server: a canary there sees nothing,
  neither through links, pagination nor redirects;
- a listing that answers 200 with no report link (a maintenance page), or with far fewer
  than the night before, fails the run (exit 1) with a message naming it, calls no
  report missing (M1) and keeps the last good discovered.csv;
- a 304 to a request that asked nothing conditional is a failed fetch, not "unchanged";
- a page whose chrome changes every night (a visit counter, a token) adds nothing to the
  archive and rewrites no township CSV; a real revision still does (R1);
- a FIFO or a symbolic link out of a file:// mirror is a failure, never a hang or a leak;
- a body longer than its Content-Length is not taken for the page;
- max_run_s ends a run whose portal accepts connections and never answers;
- a repeated --year, a malformed listing URL: usage/config errors (exit 2);
- under a file size limit the run says which write failed instead of dying by SIGXFSZ."""
import glob
import gzip
import http.server
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import portal_server as ps  # noqa: E402

FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
TOWNS = [("平东镇", "pingdong", ""), ("城东镇", "chengdong", ""), ("附城镇", "fucheng", ""), ("海城镇", "haicheng", ""),
         ("联安镇", "lianan", "")]
VALUES = mf.distinct_values("2019")


def report(name, year=2019, chrome="", values=VALUES):
    page = mf.page(f"{name}{year}年政府信息公开工作年度报告", mf.report_2019(values))
    return page.replace("</body>", f"{chrome}</body>").encode("utf-8")


def listing(links):
    items = "".join(f'<li><a href="{href}">{text}</a><span>2020-01-20</span></li>' for href, text in links)
    return (f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul class="list">{items}</ul>'
            '</body></html>').encode("utf-8")


def title(name, year=2019):
    return f"{name}{year}年政府信息公开工作年度报告"


class Site:
    """One HTTP server on 127.0.0.1: routes[path] is bytes (a 200 page), a callable
    (handler) -> None that answers itself, or (status, headers, body). Every request is
    recorded (path and headers)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    route = (404, {}, b"not here")
                if callable(route):
                    return route(self)
                if isinstance(route, bytes):
                    route = (200, {"Content-Type": "text/html; charset=utf-8"}, route)
                status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def nianbao(*args, cwd=None, timeout=120, preexec=None):
    p = subprocess.run([os.path.abspath(NIANBAO), *args], capture_output=True, timeout=timeout, cwd=cwd,
                       preexec_fn=preexec)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-trust-")
        self.sites = []

    def tearDown(self):
        for s in self.sites:
            s.stop()
        shutil.rmtree(self.tmp)

    def site(self):
        s = Site()
        self.sites.append(s)
        return s

    def config(self, listing_url, extra="", folder=None):
        folder = folder or self.tmp
        return ps.write_config(folder, listing_url, extra=extra, delay_ms=0, townships=TOWNS)

    def archived_bodies(self, out):
        bodies = []
        for path in glob.glob(os.path.join(out, "raw", "**", "*.gz"), recursive=True):
            with gzip.open(path, "rb") as f:
                bodies.append(f.read())
        return bodies


class LocalFilesFromTheWeb(Case):
    def test_an_http_portal_cannot_make_nianbao_read_local_files(self):
        secret = "平东镇2019年政府信息公开工作年度报告 SECRET-KEY-1234"
        with open(os.path.join(self.tmp, "secret.txt"), "w", encoding="utf-8") as f:
            f.write(secret)
        os.makedirs(os.path.join(self.tmp, ".git"))
        with open(os.path.join(self.tmp, ".git", "config"), "w") as f:
            f.write("城东镇2019年政府信息公开工作年度报告 [remote] url=SECRET-GIT")
        web = self.site()
        web.routes["/gknb/index.html"] = listing([
            (f"file://{self.tmp}/secret.txt", title("平东镇")),
            (f"file://{self.tmp}/.git/config", title("城东镇")),
            ("file:///etc/passwd", title("附城镇")),
            ("/gknb/lianan.html", title("联安镇")),
        ])
        web.routes["/gknb/lianan.html"] = report("联安镇")
        ini = self.config(f"{web.base}/gknb/index.html")
        # absolute -c, then a relative one from the config's own folder
        for args, cwd in (([ "-c", ini, "-o", os.path.join(self.tmp, "out1")], None),
                          (["-c", "county.ini", "-o", "out2"], self.tmp)):
            code, _, err = nianbao("fetch", *args, cwd=cwd)
            self.assertEqual(code, 0, err)
            out = os.path.join(self.tmp, args[-1]) if cwd else args[-1]
            for body in self.archived_bodies(out):
                self.assertNotIn(b"SECRET", body)
                self.assertNotIn(b"root:", body)
            manifest = read_csv(os.path.join(out, "manifest.csv"))
            self.assertEqual([r["url"] for r in manifest], [f"{web.base}/gknb/lianan.html"])
            offsite = {r["url"] for r in read_csv(os.path.join(out, "discovered.csv")) if r["status"] == "offsite"}
            self.assertEqual(offsite, {f"file://{self.tmp}/secret.txt", f"file://{self.tmp}/.git/config",
                                       "file:///etc/passwd"})


class AnotherPortIsAnotherServer(Case):
    def test_a_canary_on_another_port_sees_nothing(self):
        web, canary = self.site(), self.site()
        canary.routes["/gknb/x.html"] = report("平东镇")
        web.routes["/gknb/index.html"] = listing([
            (f"{canary.base}/gknb/x.html", title("平东镇")),
            ("/gknb/away.html", title("城东镇")),
            ("/gknb/lianan.html", title("联安镇")),
            (f"{canary.base}/gknb/index_2.html", "下一页"),
        ])
        web.routes["/gknb/away.html"] = (302, {"Location": f"{canary.base}/gknb/x.html"}, b"")
        web.routes["/gknb/lianan.html"] = report("联安镇")
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--year", "2019")
        self.assertEqual(canary.requests, [])
        self.assertEqual(code, 1, err)  # the redirect is a failed fetch
        manifest = {r["url"]: r for r in read_csv(os.path.join(out, "manifest.csv"))}
        self.assertIn("redirected to another site (host and port)", manifest[f"{web.base}/gknb/away.html"]["outcome"])
        self.assertNotIn(f"{canary.base}/gknb/x.html", manifest)
        self.assertTrue(os.path.exists(os.path.join(out, "townships", "2019", "lianan.csv")))


class BrokenListing(Case):
    def night(self, ini, out):
        return nianbao("run", "-c", ini, "-o", out, "--year", "2019")

    def test_a_maintenance_page_is_a_failure_not_a_quiet_night(self):
        web = self.site()
        full = [(f"/gknb/{slug}.html", title(name)) for name, slug, _ in TOWNS]
        for name, slug, _ in TOWNS:
            web.routes[f"/gknb/{slug}.html"] = report(name)
        web.routes["/gknb/index.html"] = listing(full[:4])  # 联安镇 has not published
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        code, _, err = self.night(ini, out)
        self.assertEqual(code, 0, err)
        anomalies = read_csv(os.path.join(out, "anomalies.csv"))
        self.assertEqual([(r["rule"], r["township"]) for r in anomalies if r["rule"] == "M1" and r["year"] == "2019"],
                         [("M1", "联安镇")])  # a complete listing without it: missing
        with open(os.path.join(out, "discovered.csv"), "rb") as f:
            discovered = f.read()

        # the portal is down for maintenance: 200, no report link
        web.routes["/gknb/index.html"] = b"<html><body><h1>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xbb\xb4\xe6\x8a\xa4\xe4\xb8\xad</h1></body></html>"
        code, _, err = self.night(ini, out)
        self.assertEqual(code, 1, err)
        self.assertIn(f"nianbao run: listing {web.base}/gknb/index.html: 1 page read and no report link on it", err)
        anomalies = read_csv(os.path.join(out, "anomalies.csv"))
        self.assertEqual([r for r in anomalies if r["rule"] == "M1"], [])
        for slug in ("pingdong", "chengdong", "fucheng", "haicheng"):  # last night's results stay
            self.assertTrue(os.path.exists(os.path.join(out, "townships", "2019", f"{slug}.csv")))
        with open(os.path.join(out, "discovered.csv"), "rb") as f:
            self.assertEqual(f.read(), discovered)

        # a listing that shows one report where four were: failure, nothing missing
        web.routes["/gknb/index.html"] = listing(full[:1])
        code, _, err = self.night(ini, out)
        self.assertEqual(code, 1, err)
        self.assertIn("1 report links where earlier runs found 4", err)
        self.assertEqual([r for r in read_csv(os.path.join(out, "anomalies.csv")) if r["rule"] == "M1"], [])

        # back to normal: quiet again, 联安镇 missing again
        web.routes["/gknb/index.html"] = listing(full[:4])
        code, _, err = self.night(ini, out)
        self.assertEqual(code, 0, err)
        self.assertEqual([r["township"] for r in read_csv(os.path.join(out, "anomalies.csv")) if r["rule"] == "M1"
                          and r["year"] == "2019"], ["联安镇"])


class UnaskedNotModified(Case):
    def test_a_304_to_a_plain_get_is_a_failed_fetch(self):
        web = self.site()
        web.routes["/gknb/index.html"] = listing([("/gknb/p.html", title("平东镇")), ("/gknb/c.html", title("城东镇"))])
        web.routes["/gknb/p.html"] = (304, {}, b"")
        web.routes["/gknb/c.html"] = report("城东镇")
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--year", "2019")
        self.assertEqual(code, 1, err)
        asked = [h for p, h in web.requests if p == "/gknb/p.html"]
        self.assertTrue(asked and all("If-None-Match" not in h and "If-Modified-Since" not in h for h in asked))
        row = {r["url"]: r for r in read_csv(os.path.join(out, "manifest.csv"))}[f"{web.base}/gknb/p.html"]
        self.assertTrue(row["outcome"].startswith("failed: HTTP 304"), row)
        self.assertEqual(row["archive"], "")
        rules = {(r["rule"], r["township"]) for r in read_csv(os.path.join(out, "anomalies.csv")) if r["year"] == "2019"}
        self.assertIn(("F1", "平东镇"), rules)
        self.assertNotIn(("M1", "平东镇"), rules)


class VolatileChrome(Case):
    def test_a_visit_counter_adds_nothing_and_rewrites_nothing(self):
        web = self.site()
        visits = [0]

        def counted(handler):
            visits[0] += 1
            chrome = (f'<div class="footer">访问次数：{visits[0] * 7919}</div>'
                      f'<input type="hidden" name="token" value="{os.urandom(8).hex()}">'
                      f'<script>var t="{time.time()}";</script>')
            body = report("平东镇", chrome=chrome)
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        web.routes["/gknb/index.html"] = listing([("/gknb/p.html", title("平东镇"))])
        web.routes["/gknb/p.html"] = counted
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        csv_path = os.path.join(out, "townships", "2019", "pingdong.csv")
        stats = []
        for night in range(3):
            code, _, err = nianbao("run", "-c", ini, "-o", out, "--township", "平东镇", "--year", "2019")
            self.assertEqual(code, 0, err)
            st = os.stat(csv_path)
            stats.append((st.st_ino, st.st_mtime_ns))
            self.assertEqual(len(glob.glob(os.path.join(out, "raw", "pingdong", "2019", "*.html.gz"))), 1)
            row = read_csv(os.path.join(out, "manifest.csv"))[0]
            self.assertEqual(row["outcome"], "new" if night == 0 else "unchanged")
            time.sleep(0.01)
        self.assertEqual(visits[0], 3)  # fetched every night: the bytes did change
        self.assertEqual(stats[0], stats[1])
        self.assertEqual(stats[1], stats[2])

        # a real revision is still one: a new copy, the CSV rewritten, R1
        revised = dict(VALUES)
        key = next(k for k in revised if k[0] == "t3")
        revised[key] = str(int(revised[key]) + 1000)
        web.routes["/gknb/p.html"] = report("平东镇", values=revised)
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--township", "平东镇", "--year", "2019")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(glob.glob(os.path.join(out, "raw", "pingdong", "2019", "*.html.gz"))), 2)
        self.assertEqual(read_csv(os.path.join(out, "manifest.csv"))[0]["outcome"], "changed")
        self.assertIn("R1", {r["rule"] for r in read_csv(os.path.join(out, "anomalies.csv"))})


class MirrorFiles(Case):
    def test_a_fifo_or_a_link_out_of_the_mirror_is_a_failure(self):
        mirror = os.path.join(self.tmp, "mirror", "gknb")
        os.makedirs(os.path.join(mirror, "content"))
        with open(os.path.join(self.tmp, "secret.html"), "wb") as f:
            f.write(report("城东镇").replace(b"</body>", b"SECRET-OUTSIDE</body>"))
        os.mkfifo(os.path.join(mirror, "content", "fifo.html"))
        os.symlink(os.path.join(self.tmp, "secret.html"), os.path.join(mirror, "content", "link.html"))
        with open(os.path.join(mirror, "content", "ok.html"), "wb") as f:
            f.write(report("附城镇"))
        with open(os.path.join(mirror, "index.html"), "wb") as f:
            f.write(listing([("content/fifo.html", title("平东镇")), ("content/link.html", title("城东镇")),
                             ("content/ok.html", title("附城镇"))]))
        ini = self.config("mirror/gknb/index.html", extra="max_run_s = 60\n")
        out = os.path.join(self.tmp, "out")
        start = time.monotonic()
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--year", "2019", timeout=60)
        self.assertLess(time.monotonic() - start, 30)
        self.assertEqual(code, 1, err)
        manifest = {os.path.basename(r["url"]): r for r in read_csv(os.path.join(out, "manifest.csv"))}
        self.assertEqual(manifest["fifo.html"]["outcome"],
                         "failed: not a regular file (a FIFO, a device or a folder is not a page)")
        self.assertTrue(manifest["link.html"]["outcome"].startswith("failed: outside the mirror"))
        self.assertEqual(manifest["ok.html"]["outcome"], "new")
        for body in self.archived_bodies(out):
            self.assertNotIn(b"SECRET-OUTSIDE", body)


class ContentLength(Case):
    def test_a_body_longer_than_its_content_length_is_not_the_page(self):
        web = self.site()
        page = report("平东镇")

        def overlong(handler):
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                b"Content-Length: 400\r\nConnection: close\r\n\r\n" + page)
            handler.close_connection = True

        web.routes["/gknb/index.html"] = listing([("/gknb/p.html", title("平东镇"))])
        web.routes["/gknb/p.html"] = overlong
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        code, _, err = nianbao("fetch", "-c", ini, "-o", out, "--year", "2019")
        self.assertEqual(code, 1, err)
        row = read_csv(os.path.join(out, "manifest.csv"))[0]
        self.assertIn("more than its Content-Length", row["outcome"])
        self.assertEqual(self.archived_bodies(out), [])


class RunDeadline(Case):
    def test_max_run_s_ends_a_portal_that_never_answers(self):
        web = self.site()
        stop = threading.Event()

        def never(handler):
            stop.wait(120)

        web.routes["/gknb/index.html"] = listing([(f"/gknb/{s}.html", title(n)) for n, s, _ in TOWNS])
        for _, slug, _ in TOWNS:
            web.routes[f"/gknb/{slug}.html"] = never
        ini = self.config(f"{web.base}/gknb/index.html", extra="")
        with open(ini, encoding="utf-8") as f:
            text = f.read().replace("timeout_s = 2", "timeout_s = 600").replace("retries = 1", "retries = 5")
        with open(ini, "w", encoding="utf-8") as f:
            f.write(text + "max_run_s = 10\n")
        out = os.path.join(self.tmp, "out")
        start = time.monotonic()
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--year", "2019", timeout=100)
        elapsed = time.monotonic() - start
        stop.set()
        self.assertEqual(code, 1, err)
        self.assertLess(elapsed, 40)
        self.assertIn("when the run's time limit (max_run_s = 10) was reached", err)
        # the lock is free again: the next run starts at once
        code, _, err = nianbao("run", "--offline", "-c", ini, "-o", out, "--year", "2019")
        self.assertNotEqual(code, 3, err)


class UsageAndLimits(Case):
    def test_a_repeated_year_is_a_usage_error(self):
        ini = self.config("http://127.0.0.1:9/gknb/index.html")
        code, _, err = nianbao("run", "-c", ini, "-o", os.path.join(self.tmp, "out"), "--year", "2019", "--year", "2020")
        self.assertEqual(code, 2)
        self.assertIn("--year is given twice", err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out")))

    def test_a_malformed_listing_url_is_a_config_error(self):
        ini = self.config("http://exa mple.gov.cn/gknb/index.html")
        code, _, err = nianbao("fetch", "-c", ini, "-o", os.path.join(self.tmp, "out"))
        self.assertEqual(code, 2)
        self.assertIn("county.ini:9: listing \"http://exa mple.gov.cn/gknb/index.html\" is not a URL", err)

    def test_a_file_size_limit_is_a_message_not_a_signal(self):
        web = self.site()
        web.routes["/gknb/index.html"] = listing([("/gknb/p.html", title("平东镇"))])
        web.routes["/gknb/p.html"] = report("平东镇")
        ini = self.config(f"{web.base}/gknb/index.html")
        out = os.path.join(self.tmp, "out")
        limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # noqa: E731
        code, _, err = nianbao("run", "-c", ini, "-o", out, "--year", "2019", preexec=limit)
        self.assertNotEqual(code, -signal.SIGXFSZ, err)
        self.assertEqual(code, 1, err)
        self.assertIn("File too large", err)


if __name__ == "__main__":
    unittest.main()
