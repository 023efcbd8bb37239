"""A small county portal on 127.0.0.1 for the fetch tests (Python standard library only).

Portal(root, faults=True) writes the portal's pages into `root` (so the same tree can be
read through file:// as a mirror) and serves them over HTTP from a thread:

  /gknb/index.html, index_2.html, index_3.html   listing pages in the Guangdong scheme
      (page 1 links to page 2 with 下一页; page 3 is only reachable by the index_N
      scheme and is encoded in GBK)
  /gknb/content/post_<id>.html                   report pages (one of them GBK)

Every static page is served with ETag and Last-Modified, answers conditional requests
with 304, and is gzip-compressed when the client accepts it. With faults=True the
listing also links to pages that misbehave, each a distinct township-year:

  /fault/flaky     503 (Retry-After: 1) the first time, then 200
  /fault/hang      accepts the request and never answers
  /fault/truncated promises 50000 bytes, sends 1000 and closes
  /fault/loop      redirects to /fault/loop2, which redirects back
  /fault/away      redirects to another host (127.0.0.2)
  /fault/big       a 300000-byte body (the tests cap max_bytes at 200000)
  /fault/bomb      a small gzip body that inflates to 50 MB
  /fault/chain/N   redirects to /fault/chain/N+1, without end

The server records every request (path, conditional headers, status, body bytes sent)
and the largest number of requests it was serving at once per Host header.

Network faults (test_faults_network.py links to them; the listing above does not):

  /fault/reset     promises 50000 bytes, sends 1000, then resets the connection (RST)
  /fault/stall     sends the headers, then nothing until the client gives up
  /fault/drip      sends the headers, then one byte a second
  /fault/429       429 with Retry-After: 1 the first time, then the page
  /fault/429long   429 with Retry-After: 3600, always
  /fault/500       500, always (a storm)
  /fault/huge      a 100 MB body (Content-Length given), streamed until the client hangs up
  /fault/huge-chunked  the same without Content-Length (chunked)

What /fault/flaky and /fault/429 answer once they succeed is Portal.fault_pages[path]
when set, else a small page. closed_port() gives a port nothing listens on.
Portal.header_overrides[path] replaces response headers of a static page (a hostile
ETag or Last-Modified, say).
"""

import gzip
import hashlib
import http.server
import os
import select
import socket
import struct
import threading
import time
from email.utils import formatdate, parsedate_to_datetime

TOWNSHIPS = [
    # name, slug, aliases
    ("平东镇", "pingdong", "平东|平东镇人民政府"),
    ("城东镇", "chengdong", ""),
    ("附城镇", "fucheng", ""),
    ("联安镇", "lianan", "联安"),
    ("海城镇", "haicheng", ""),
    ("梅陇镇", "meilong", ""),
    ("陶河镇", "taohe", ""),
    ("赤坑镇", "chikeng", ""),
    ("大湖镇", "dahu", ""),
    ("可塘镇", "ketang", ""),
    ("黄羌镇", "huangqiang", ""),
    ("公平镇", "gongping", ""),
    ("鹅埠镇", "ebu", ""),
]

# (post id, link text on the listing, page title, listing page, encoding)
REPORTS = [
    (101, "平东镇2019年政府信息公开工作年度报告", None, 1, "utf-8"),
    (102, "2020年度平东镇政府信息公开年报", None, 1, "utf-8"),
    (103, "海丰县平东镇人民政府2021年政府信息公开工作年度报告", None, 2, "utf-8"),
    (104, "城东镇2019年政府信息公开工作年度报告", None, 1, "utf-8"),
    (105, "城东镇2020年度政务公开年报", None, 2, "utf-8"),
    (106, "附城镇2019年政府信息公开工作年度报告", None, 3, "gbk"),
    (107, "联安镇2020年政府信息公开工作…", "联安镇2020年政府信息公开工作年度报告", 2, "utf-8"),
    (108, "海城镇2021年政府信息公开工作年度报告", None, 3, "utf-8"),
    (109, "城东镇2020年政府信息公开工作年度报告（更正版）", None, 3, "utf-8"),
]
EXPECTED = {  # township slug, year -> post id
    ("pingdong", 2019): 101, ("pingdong", 2020): 102, ("pingdong", 2021): 103,
    ("chengdong", 2019): 104, ("chengdong", 2020): 105, ("fucheng", 2019): 106,
    ("lianan", 2020): 107, ("haicheng", 2021): 108,
}
DUPLICATES = {105, 109}  # both read as 城东镇 2020: both fetched, both listed
# Links discovery must list but not fetch: (href, text, expected status)
OTHER_LINKS = [
    ("content/post_201.html", "石头镇2019年政府信息公开工作年度报告", "unregistered"),
    ("content/post_202.html", "平东镇2017年政府信息公开工作年度报告", "out_of_range"),
    ("content/post_203.html", "平东镇政府信息公开工作年度报告", "no_year"),
]
FAULTS = [
    # path, township name, year, expected reason (substring)
    ("/fault/flaky", "梅陇镇", 2019, None),
    ("/fault/hang", "陶河镇", 2019, "timed out after 2 s"),
    ("/fault/truncated", "赤坑镇", 2019, "truncated body: 1000 of 50000 bytes arrived"),
    ("/fault/loop", "大湖镇", 2019, "redirect loop"),
    ("/fault/away", "可塘镇", 2019, "redirected to another site (host and port): http://127.0.0.2:"),
    ("/fault/big", "黄羌镇", 2019, "body larger than max_bytes (200000 bytes)"),
    ("/fault/bomb", "公平镇", 2019, "body larger than max_bytes (200000 bytes)"),
    ("/fault/chain/0", "鹅埠镇", 2019, "too many redirects (more than 5)"),
]


def report_page(title, post_id, encoding, version=1):
    charset = "gbk" if encoding == "gbk" else "utf-8"
    rows = "".join(f"<tr><td>第{i}项</td><td>{post_id * i + version}</td></tr>" for i in range(1, 6))
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}">'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2020-02-18 10:21">'
            f"<title>{title}-海丰县人民政府门户网站</title></head><body>"
            f"<h1>{title}</h1><p>发布时间：2020-02-18</p><table>{rows}</table>"
            f"<p>版本 {version}</p></body></html>").encode(encoding)


def listing_page(items, page, pages, with_next, encoding="utf-8"):
    charset = "gbk" if encoding == "gbk" else "utf-8"
    lis = "".join(f'<li><a href="{href}" target="_blank"{title}>{text}</a><span>2020-02-18</span></li>'
                  for href, text, title in items)
    nav = '<a href="index.html">首页</a>'
    if with_next:
        nav += f' <a href="index_{page + 1}.html">下一页</a>'
    script = f"<script>createPageHTML('page_div',{pages}, {page},'index','html',24);</script>"
    return (f'<html><head><meta charset="{charset}"><title>年报 - 海丰县</title></head><body>'
            f'<div class="nav"><a href="/">首页</a><a href="/gknb/">政府信息公开年报</a></div>'
            f'<ul class="list">{lis}</ul><div id="page_div">{nav}</div>{script}</body></html>'
            ).encode(encoding)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that hang up on the faulty pages are expected


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """What every imitation portal's handler shares (this file's and cms_portal.py's): the
    request log, the count of requests served at once per Host header (for the politeness
    checks), answers with a length, and static pages served the way real portals serve
    them: ETag and Last-Modified, 304 to a conditional request, gzip when accepted.

    The portal object (self.portal, set by the subclass) has lock, log, active and
    max_active (dicts by host)."""
    protocol_version = "HTTP/1.1"
    portal = None
    entry = None

    def log_message(self, *args):
        pass

    def begin(self, **fields):
        """Logs the request (with fields) and counts it; returns its log entry."""
        host = self.headers.get("Host", "").split(":")[0]
        entry = {"path": self.path, "host": host, "start": time.monotonic(),
                 "user_agent": self.headers.get("User-Agent"), "status": None, "body_bytes": 0, **fields}
        portal = self.portal
        with portal.lock:
            portal.log.append(entry)
            portal.active[host] = portal.active.get(host, 0) + 1
            portal.max_active[host] = max(portal.max_active.get(host, 0), portal.active[host])
        self.entry = entry
        return entry

    def release(self):
        """Ends the request's count in the concurrency figures, once. It is called as soon
        as the answer starts: a client may start its next request the moment the answer is
        complete, before this thread has finished."""
        entry = self.entry
        if entry is None:
            return
        self.entry = None
        with self.portal.lock:
            self.portal.active[entry["host"]] -= 1

    def send_response(self, *args, **kwargs):
        self.release()
        super().send_response(*args, **kwargs)

    def send(self, entry, status, body=b"", headers=None, close=False):
        """headers: a dict, or (name, value) pairs where a name repeats (Set-Cookie)."""
        entry["status"] = status
        self.send_response(status)
        pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or ())
        for k, v in pairs:
            self.send_header(k, v)
        if "Content-Length" not in {k for k, _ in pairs}:
            self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if body:
            self.wfile.write(body)
            entry["body_bytes"] = len(body)

    def send_static(self, entry, data, mtime, headers):
        """A static page: validators, 304 to a matching conditional request, gzip."""
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        last_modified = formatdate(mtime, usegmt=True)
        validators = {"ETag": etag, "Last-Modified": last_modified}
        headers = dict(validators, **headers)  # headers given may replace them (a hostile ETag)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if inm == etag:
                return self.send(entry, 304, b"", validators)
        elif ims is not None:
            try:
                if parsedate_to_datetime(ims).timestamp() >= mtime:
                    return self.send(entry, 304, b"", validators)
            except (TypeError, ValueError):
                pass
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        self.send(entry, 200, data, headers)


class Portal:
    def __init__(self, root, faults=True):
        self.root = root
        self.faults = faults
        self.generate()
        self.log = []
        self.lock = threading.Lock()
        self.active = {}
        self.max_active = {}
        self.hang_counts_s = 1.5  # the tests' clients time out after 2 s
        self.flaky_served = 0
        self.served = {}      # fault path -> times served
        self.fault_pages = {}  # fault path -> the body it answers with once it succeeds
        self.header_overrides = {}  # path -> response headers that replace the computed ones
        self.stop_event = threading.Event()
        self.server = QuietServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def generate(self):
        pages = {1: [], 2: [], 3: []}
        for post_id, text, title, page, enc in REPORTS:
            write(os.path.join(self.root, "gknb", "content", f"post_{post_id}.html"),
                  report_page(title or text, post_id, enc))
            attr = f' title="{title}"' if title else ""
            pages[page].append((f"content/post_{post_id}.html", text, attr))
        for href, text, _ in OTHER_LINKS:
            pages[2].append((href, text, ""))
        if self.faults:
            for path, name, year, _ in FAULTS:
                pages[1].append((path, f"{name}{year}年政府信息公开工作年度报告", ""))
        write(os.path.join(self.root, "gknb", "index.html"), listing_page(pages[1], 1, 3, True))
        write(os.path.join(self.root, "gknb", "index_2.html"), listing_page(pages[2], 2, 3, False))
        write(os.path.join(self.root, "gknb", "index_3.html"), listing_page(pages[3], 3, 3, False, "gbk"))

    def change(self, post_id, version):
        """Publishes a new version of a report page (new content, new ETag, newer mtime)."""
        for pid, text, title, _, enc in REPORTS:
            if pid == post_id:
                path = os.path.join(self.root, "gknb", "content", f"post_{post_id}.html")
                write(path, report_page(title or text, post_id, enc, version))
                later = time.time() + 10
                os.utime(path, (later, later))

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()

    def requests(self, prefix=""):
        with self.lock:
            return [r for r in self.log if r["path"].startswith(prefix)]

    def clear_log(self):
        with self.lock:
            self.log.clear()
            self.max_active.clear()

    def handler_class(self):
        portal = self

        class Handler(CountingHandler):
            def do_GET(self):
                entry = self.begin(if_none_match=self.headers.get("If-None-Match"),
                                   if_modified_since=self.headers.get("If-Modified-Since"))
                try:
                    self.route(entry)
                finally:
                    self.release()

            def route(self, entry):
                path = self.path.split("?")[0]
                if path.startswith("/fault/"):
                    return self.fault(entry, path)
                local = os.path.join(portal.root, path.lstrip("/"))
                if path.endswith("/"):
                    local = os.path.join(local, "index.html")
                if not os.path.isfile(local):
                    return self.send(entry, 404, b"not found", {"Content-Type": "text/html"})
                with open(local, "rb") as f:
                    data = f.read()
                mtime = int(os.path.getmtime(local))
                headers = {"Content-Type": "text/html; charset=" + ("GBK" if b'charset="gbk"' in data else "UTF-8")}
                headers.update(portal.header_overrides.get(path, {}))
                self.send_static(entry, data, mtime, headers)

            def fault(self, entry, path):
                html = {"Content-Type": "text/html; charset=UTF-8"}
                with portal.lock:
                    portal.served[path] = portal.served.get(path, 0) + 1
                    times = portal.served[path]
                if path == "/fault/flaky":
                    with portal.lock:
                        portal.flaky_served += 1
                        first = portal.flaky_served == 1
                    if first:
                        return self.send(entry, 503, b"busy", dict(html, **{"Retry-After": "1"}))
                    body = portal.fault_pages.get(path) or report_page("梅陇镇2019年政府信息公开工作年度报告", 301, "utf-8")
                    return self.send(entry, 200, body, html)
                if path == "/fault/429":
                    if times == 1:
                        return self.send(entry, 429, b"slow down", dict(html, **{"Retry-After": "1"}))
                    return self.send(entry, 200, portal.fault_pages.get(path) or report_page("x", 302, "utf-8"), html)
                if path == "/fault/429long":
                    return self.send(entry, 429, b"slow down", dict(html, **{"Retry-After": "3600"}))
                if path == "/fault/500":
                    return self.send(entry, 500, b"internal error", html)
                if path in ("/fault/huge", "/fault/huge-chunked"):
                    entry["status"] = 200
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    chunked = path.endswith("chunked")
                    if chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                    else:
                        self.send_header("Content-Length", str(100_000_000))
                    self.end_headers()
                    block = b"<p>" + b"z" * 65529 + b"</p>"
                    try:
                        for _ in range(100_000_000 // len(block)):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
                            entry["body_bytes"] += len(block)
                    except OSError:
                        pass  # the client stopped reading: what the test wants
                    self.close_connection = True
                    return
                if path == "/fault/reset":
                    entry["status"] = 200
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "50000")
                    self.end_headers()
                    self.wfile.write(b"<html>" + b"r" * 994)
                    self.wfile.flush()
                    # SO_LINGER with a zero timeout: close() sends RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if path in ("/fault/stall", "/fault/drip"):
                    entry["status"] = 200
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.flush()
                    while not portal.stop_event.is_set():
                        ready, _, _ = select.select([self.connection], [], [], 1.0 if path == "/fault/drip" else 0.05)
                        if ready:
                            try:
                                if not self.connection.recv(1, socket.MSG_PEEK):
                                    break
                            except OSError:
                                break
                        elif path == "/fault/drip":
                            try:
                                self.wfile.write(b"x")
                                self.wfile.flush()
                                entry["body_bytes"] += 1
                            except OSError:
                                break
                    self.close_connection = True
                    return
                if path == "/fault/hang":
                    entry["status"] = "hang"
                    # Hold the request until the client gives up (its end of the socket
                    # closes). It stops counting as active shortly before the client's
                    # timeout, so that the client's next request never meets it there.
                    release_at = entry["start"] + portal.hang_counts_s
                    while not portal.stop_event.is_set():
                        if time.monotonic() >= release_at:
                            self.release()
                        ready, _, _ = select.select([self.connection], [], [], 0.05)
                        if ready:
                            try:
                                if not self.connection.recv(1, socket.MSG_PEEK):
                                    break
                            except OSError:
                                break
                    self.close_connection = True
                    return
                if path == "/fault/truncated":
                    entry["status"] = 200
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "50000")
                    self.end_headers()
                    self.wfile.write(b"<html>" + b"x" * 994)
                    self.wfile.flush()
                    entry["body_bytes"] = 1000
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if path == "/fault/loop":
                    return self.send(entry, 302, b"", {"Location": "/fault/loop2"})
                if path == "/fault/loop2":
                    return self.send(entry, 302, b"", {"Location": "/fault/loop"})
                if path == "/fault/away":
                    return self.send(entry, 301, b"", {"Location": f"http://127.0.0.2:{portal.port}/gknb/content/post_101.html"})
                if path.startswith("/fault/chain/"):
                    n = int(path.rsplit("/", 1)[1])
                    return self.send(entry, 302, b"", {"Location": f"/fault/chain/{n + 1}"})
                if path == "/fault/big":
                    return self.send(entry, 200, b"<html>" + b"y" * 299994, html)
                if path == "/fault/bomb":
                    if "gzip" not in self.headers.get("Accept-Encoding", ""):
                        return self.send(entry, 406, b"gzip only", html)
                    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
                    return self.send(entry, 200, bomb, dict(html, **{"Content-Encoding": "gzip"}))
                return self.send(entry, 404, b"not found", html)

        Handler.portal = portal
        return Handler


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(folder, listing, extra="", concurrency=2, delay_ms=40, townships=TOWNSHIPS):
    """county.ini + townships.csv for the test portal; returns the ini's path."""
    with open(os.path.join(folder, "townships.csv"), "w", encoding="utf-8") as f:
        f.write("name,slug,aliases\n")
        for name, slug, aliases in townships:
            f.write(f"{name},{slug},{aliases}\n")
    path = os.path.join(folder, "county.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""; test county
[county]
name = 海丰县
code = 441521
townships = townships.csv
years = 2019-2022

[portal]
listing = {listing}
scraper = generic
max_listing_pages = 10

[fetch]
concurrency = {concurrency}
delay_ms = {delay_ms}
timeout_s = 2
retries = 1
backoff_ms = 100
max_bytes = 200000
user_agent = nianbao/<version> (+test)
{extra}""")
    return path
