#!/usr/bin/env python3
"""Web content that tries to lead nianbao out of the portal (issue 6): javascript:
links, file:///etc/passwd from an http portal, ../../ in paths (also percent-encoded),
a redirect to another host or to a file, a <base href> pointing at the file system,
pagination to another host, titles that would make a path. Expected: nothing is
fetched from anywhere but the configured portal (the server sees every request, and a
second server on 127.0.0.2 sees none), nothing is read outside the mirror, and the
output folder holds exactly the files the config allows: the manifest, discovered.csv,
the lock, and the archive of the one registered report, under raw/<slug>/<year>/."""
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import county_gen as cg  # noqa: E402
import portal_server as ps  # noqa: E402
from outputs import read_csv  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
SECRET = "root:x:0:0:秘密 平东镇2019年政府信息公开工作年度报告"


def tree(root):
    """Every path under root, relative, with a trailing / for folders."""
    out = set()
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        for d in dirs:
            out.add(os.path.normpath(os.path.join(rel, d)) + "/")
        for f in files:
            out.add(os.path.normpath(os.path.join(rel, f)))
    return out


REPORT = ps.report_page("联安镇2019年政府信息公开工作年度报告", 7, "utf-8")


def listing(port, extra=""):
    links = [
        ("javascript:alert(document.cookie)", "平东镇2019年政府信息公开工作年度报告"),
        ("file:///etc/passwd", "城东镇2019年政府信息公开工作年度报告"),
        ("../../../../../../etc/passwd", "附城镇2019年政府信息公开工作年度报告"),
        (f"http://127.0.0.2:{port}/gknb/content/evil.html", "海城镇2019年政府信息公开工作年度报告"),
        ("/redirect/away", "梅陇镇2019年政府信息公开工作年度报告"),
        ("/redirect/file", "陶河镇2019年政府信息公开工作年度报告"),
        ("content/post_7.html", "联安镇/../../../tmp/evil2019年政府信息公开工作年度报告"),
        ("content/post_8.html", "../../x/镇2019年政府信息公开工作年度报告"),
    ]
    lis = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links)
    return (f'<html><head><meta charset="utf-8"></head><body><ul>{lis}</ul>{extra}'
            f'<a href="http://127.0.0.2:{port}/gknb/index_2.html">下一页</a>'
            f'<a href="file:///etc/index_2.html">下页</a></body></html>').encode("utf-8")


class Server:
    """Serves the hostile portal on 127.0.0.1 and records every request, whatever host
    it was sent to (127.0.0.2 reaches the same socket when bound to 0.0.0.0)."""

    def __init__(self):
        self.log = []
        self.lock = threading.Lock()
        server = self

        class Handler(ps.http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host = self.headers.get("Host", "")
                with server.lock:
                    server.log.append((host.split(":")[0], self.path))
                port = server.port
                routes = {
                    "/gknb/index.html": (200, listing(port), {}),
                    "/gknb/content/post_7.html": (200, REPORT, {}),
                    "/redirect/away": (302, b"", {"Location": f"http://127.0.0.2:{port}/gknb/content/post_7.html"}),
                    "/redirect/file": (302, b"", {"Location": "file:///etc/passwd"}),
                }
                status, body, headers = routes.get(self.path, (404, b"not found", {}))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ps.QuietServer(("0.0.0.0", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Escapes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-escape-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def fetch(self, ini, out):
        p = subprocess.run([NIANBAO, "fetch", "-c", ini, "-o", out], capture_output=True, timeout=60)
        return p.returncode, p.stderr.decode("utf-8", "replace")

    def test_http_portal(self):
        server = Server()
        try:
            ini = ps.write_config(self.tmp, f"http://127.0.0.1:{server.port}/gknb/index.html")
            out = os.path.join(self.tmp, "out")
            before = tree(self.tmp)
            rc, err = self.fetch(ini, out)
        finally:
            server.stop()
        self.assertEqual(rc, 1, err)  # the portal's own 404 and the refused redirects fail
        # only the portal's host was asked, and only for these paths
        hosts = {h for h, _ in server.log}
        self.assertEqual(hosts, {"127.0.0.1"}, server.log)
        paths = [p for _, p in server.log]
        # the listing, the pages its Guangdong-style pagination scheme suggests (same
        # host), the report, the redirects, and ../../etc/passwd resolved on the portal
        # itself (its own 404); nothing else
        self.assertLessEqual(set(paths), {"/gknb/index.html", "/gknb/index_1.html", "/gknb/index_2.html",
                                          "/etc/passwd", "/redirect/away", "/redirect/file",
                                          "/gknb/content/post_7.html"})
        self.assertEqual(paths.count("/etc/passwd"), 1)
        # the output folder holds what the config allows, and nothing was written beside it
        after = tree(self.tmp)
        self.assertEqual(after - before, {"out/"} | {"out/" + p for p in tree(out)})
        files = {p for p in tree(out) if not p.endswith("/")}
        archived = [p for p in files if p.startswith("raw/")]
        self.assertEqual(len(archived), 1, files)
        self.assertRegex(archived[0], r"^raw/lianan/2019/lianan-2019-[0-9a-f]{16}\.html\.gz$")
        self.assertEqual(files, {".lock", "manifest.csv", "discovered.csv", archived[0]})
        with gzip.open(os.path.join(out, archived[0])) as f:
            self.assertEqual(f.read(), REPORT)
        manifest = {r["url"]: r for r in read_csv(os.path.join(out, "manifest.csv"))}
        base = f"http://127.0.0.1:{server.port}"
        self.assertEqual(set(manifest), {f"{base}/etc/passwd", f"{base}/redirect/away", f"{base}/redirect/file",
                                         f"{base}/gknb/content/post_7.html"})
        self.assertEqual(manifest[f"{base}/etc/passwd"]["outcome"], "failed: HTTP 404")
        self.assertIn("failed: redirected to another site (host and port): http://127.0.0.2:", manifest[f"{base}/redirect/away"]["outcome"])
        self.assertEqual(manifest[f"{base}/redirect/file"]["outcome"],
                         "failed: redirected to file:///etc/passwd: only http and https redirects are followed")
        self.assertEqual(manifest[f"{base}/gknb/content/post_7.html"]["outcome"], "new")
        # the links that lead away are listed, with a warning each, and never fetched
        discovered = {r["url"]: r for r in read_csv(os.path.join(out, "discovered.csv"))}
        self.assertEqual(discovered["file:///etc/passwd"]["status"], "offsite")
        self.assertEqual(discovered[f"http://127.0.0.2:{server.port}/gknb/content/evil.html"]["status"], "offsite")
        self.assertNotIn("javascript:alert(document.cookie)", discovered)
        self.assertEqual(discovered[f"{base}/gknb/content/post_8.html"]["status"], "unregistered")
        self.assertIn('"城东镇2019年政府信息公开工作年度报告" leads outside the portal, not fetched: file:///etc/passwd', err)
        with open(os.path.join(out, "discovered.csv"), encoding="utf-8-sig") as f:
            self.assertNotIn("root:x:0:0", f.read())

    def test_file_mirror(self):
        # a mirror whose pages point at a file beside it (with a report-like title),
        # through ../, %2e%2e, an absolute file URL and a <base href>
        mirror = os.path.join(self.tmp, "mirror", "gknb")
        os.makedirs(os.path.join(mirror, "content"))
        secret = os.path.join(self.tmp, "secret.html")
        with open(secret, "w", encoding="utf-8") as f:
            f.write(f"<html><body><p>{SECRET}</p></body></html>")
        links = [("../../secret.html", "平东镇2019年政府信息公开工作年度报告"),
                 ("content/%2e%2e/%2e%2e/%2e%2e/secret.html", "城东镇2019年政府信息公开工作年度报告"),
                 (f"file://{secret}", "附城镇2019年政府信息公开工作年度报告"),
                 ("content/post_7.html", "联安镇2019年政府信息公开工作年度报告")]
        lis = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links)
        with open(os.path.join(mirror, "index.html"), "w", encoding="utf-8") as f:
            f.write(f'<html><head><meta charset="utf-8"></head><body><ul>{lis}</ul>'
                    f'<a href="index_2.html">下一页</a></body></html>')
        with open(os.path.join(mirror, "index_2.html"), "w", encoding="utf-8") as f:
            f.write(f'<html><head><base href="file://{self.tmp}/"></head><body>'
                    f'<a href="secret.html">海城镇2019年政府信息公开工作年度报告</a></body></html>')
        with open(os.path.join(mirror, "content", "post_7.html"), "wb") as f:
            f.write(REPORT)
        confdir = os.path.join(self.tmp, "conf")
        os.mkdir(confdir)
        ini = ps.write_config(confdir, f"file://{mirror}/index.html")
        out = os.path.join(self.tmp, "out")
        rc, err = self.fetch(ini, out)
        self.assertEqual(rc, 0, err)
        files = {p for p in tree(out) if not p.endswith("/")}
        archived = [p for p in files if p.startswith("raw/")]
        self.assertEqual(len(archived), 1, files)
        self.assertTrue(archived[0].startswith("raw/lianan/2019/"))
        for name in files:
            with open(os.path.join(out, name), "rb") as f:
                data = f.read()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            self.assertNotIn(b"root:x:0:0", data, name)
        # ../../secret.html, the absolute file URL and the one under <base href> are one
        # URL once resolved; %2e%2e is another
        statuses = {r["url"]: r["status"] for r in read_csv(os.path.join(out, "discovered.csv"))}
        self.assertEqual(statuses, {f"file://{secret}": "offsite",
                                    f"file://{mirror}/content/%2e%2e/%2e%2e/%2e%2e/secret.html": "offsite"})
        self.assertEqual(err.count("leads outside the portal, not fetched"), 2, err)


class ManyLinks(unittest.TestCase):
    """A listing page with thousands of report-like links that name no registered
    township (a big portal's whole column, or a hostile one): each is listed once in
    discovered.csv, on the first run and on the next (which tells new links from those
    already listed). How fast that is, is the benchmark's business, not a test's."""

    def test_5000_unregistered_links(self):
        tmp = tempfile.mkdtemp(prefix="nb-links-")
        try:
            n = 5000
            items = [(f"content/p{i}.html", f"石{i}镇2019年政府信息公开工作年度报告", "") for i in range(n)]
            items.append(("content/p0.html", "石0镇2019年政府信息公开工作年度报告", ""))  # listed twice
            ps.write(os.path.join(tmp, "mirror", "gknb", "index.html"), ps.listing_page(items, 1, 1, False))
            ini = cg.write_ini(tmp, "mirror/gknb/index.html", [("平东镇", "pingdong")], (2019, 2019))
            out = os.path.join(tmp, "out")
            for _ in (1, 2):
                p = subprocess.run([NIANBAO, "fetch", "-c", ini, "-o", out, "-q"], capture_output=True, timeout=300)
                self.assertEqual(p.returncode, 0, p.stderr)
            rows = read_csv(os.path.join(out, "discovered.csv"))
            self.assertEqual(len(rows), n)
            self.assertEqual({r["status"] for r in rows}, {"unregistered"})
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()
