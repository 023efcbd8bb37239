#!/usr/bin/env python3
"""A static portal on 127.0.0.1 that answers every request after a fixed latency, for the
fetch benchmark (Python standard library only).

    latency_server.py ROOT --latency-ms 100 [--port 0] [--port-file FILE]

Serves the files under ROOT like a county portal does: ETag and Last-Modified on every
page, 304 to a conditional request that still matches, gzip when the client accepts it,
HTTP/1.1 keep-alive. Every file is read and compressed before the port is announced, so
the server's own work does not blur the timing. Each response, 304s and 404s included, waits the latency before its first
byte, as a distant server would; requests are served concurrently (one thread each).

GET /__stats returns the counts since the last GET /__reset as JSON: requests, by status,
body bytes sent, the most requests in flight at once. Neither is counted or delayed.
"""

import argparse
import gzip
import hashlib
import http.server
import json
import os
import threading
import time
from email.utils import formatdate, parsedate_to_datetime


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.requests = 0
            self.by_status = {}
            self.body_bytes = 0
            self.in_flight = 0
            self.max_in_flight = 0

    def enter(self):
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self, status, body_bytes):
        with self.lock:
            self.in_flight -= 1
            self.by_status[str(status)] = self.by_status.get(str(status), 0) + 1
            self.body_bytes += body_bytes

    def as_json(self):
        with self.lock:
            return json.dumps({"requests": self.requests, "by_status": self.by_status,
                               "body_bytes": self.body_bytes, "max_in_flight": self.max_in_flight})


class Page:
    """One file as served: its bytes, gzip bytes, validators."""

    cache = {}
    cache_lock = threading.Lock()

    @classmethod
    def get(cls, path):
        with cls.cache_lock:
            page = cls.cache.get(path)
        if page is None:
            with open(path, "rb") as f:
                body = f.read()
            page = cls()
            page.body = body
            page.gzipped = gzip.compress(body, compresslevel=6, mtime=0)
            page.etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            page.mtime = int(os.stat(path).st_mtime)
            page.last_modified = formatdate(page.mtime, usegmt=True)
            with cls.cache_lock:
                cls.cache[path] = page
        return page


def make_handler(root, latency, stats):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body in separate small writes would meet Nagle's algorithm and the
        # client's delayed ACK: 40 ms stalls that belong to no real server.
        disable_nagle_algorithm = True
        wbufsize = 1 << 16

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/__stats":
                self.plain(200, stats.as_json().encode())
                return self.wfile.flush()
            if self.path == "/__reset":
                stats.reset()
                self.plain(200, b"ok")
                return self.wfile.flush()
            stats.enter()
            status, sent = 500, 0
            try:
                time.sleep(latency)
                status, sent = self.serve()
            finally:
                self.wfile.flush()
                stats.leave(status, sent)

        def plain(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status, len(body)

        def serve(self):
            rel = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
            path = os.path.realpath(os.path.join(root, rel))
            if not path.startswith(root + os.sep) or not os.path.isfile(path):
                return self.plain(404, b"not found")
            page = Page.get(path)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if inm is not None:
                fresh = page.etag in [t.strip() for t in inm.split(",")]
            elif ims is not None:
                try:
                    fresh = parsedate_to_datetime(ims).timestamp() >= page.mtime
                except (TypeError, ValueError):
                    fresh = False
            if fresh:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.send_header("Last-Modified", page.last_modified)
                self.end_headers()
                return 304, 0
            body = page.body
            zipped = "gzip" in (self.headers.get("Accept-Encoding") or "")
            if zipped:
                body = page.gzipped
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", page.last_modified)
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return 200, len(body)

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root")
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", help="write the port here once listening")
    a = ap.parse_args()
    stats = Stats()
    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

    server = Server(("127.0.0.1", a.port), make_handler(os.path.realpath(a.root), a.latency_ms / 1000, stats))
    root = os.path.realpath(a.root)
    for folder, _, files in os.walk(root):
        for name in files:
            Page.get(os.path.join(folder, name))
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(a.port_file + ".tmp", a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
