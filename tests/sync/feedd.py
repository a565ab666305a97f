#!/usr/bin/env python3
"""Serve test feeds to a local tt-rss over IPv6 loopback.

tt-rss refuses to fetch feeds from 127.* and "localhost" and from any port
but 80 and 443, so its test feeds are served on http://[::1]/ (port 80 by
default).  Files come from --root (the path of the URL is the path under
it); the reply never carries Last-Modified or ETag, so tt-rss always gets
the current file with a 200 and never a 304.  Every request is logged to
--log as "METHOD PATH STATUS USER-AGENT".  --ready is written once the
socket listens; the server stops by itself after --lifetime seconds, or
as soon as the process --owner (the test's shell) is gone.
"""
import argparse
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, unquote

ARGS = None
LOCK = threading.Lock()

TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _log(self, status):
        if not ARGS.log:
            return
        ua = (self.headers.get("User-Agent") or "-").replace(" ", "_")
        with LOCK, open(ARGS.log, "a", encoding="utf-8") as f:
            f.write("%s %s %d %s\n" % (self.command, self.path, status, ua))

    def _reply(self, head):
        path = unquote(urlsplit(self.path).path)
        root = os.path.realpath(ARGS.root)
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if (full != root and not full.startswith(root + os.sep)) or not os.path.isfile(full):
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            self._log(404)
            return
        with open(full, "rb") as f:
            body = f.read()
        ext = os.path.splitext(full)[1]
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(ext, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self._log(200)

    def do_GET(self):
        self._reply(False)

    def do_HEAD(self):
        self._reply(True)


class Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--bind", default="::1")
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--log")
    p.add_argument("--ready", required=True)
    p.add_argument("--lifetime", type=float, default=600)
    p.add_argument("--owner", type=int)
    ARGS = p.parse_args()
    if ARGS.bind not in ("::1",):
        sys.exit("feedd: only [::1] is allowed")
    try:
        srv = Server((ARGS.bind, ARGS.port), Handler)
    except OSError as e:
        sys.exit("feedd: cannot listen on [%s]:%d: %s" % (ARGS.bind, ARGS.port, e))
    with open(ARGS.ready + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(ARGS.ready + ".tmp", ARGS.ready)
    def watch():
        end = time.monotonic() + ARGS.lifetime
        while time.monotonic() < end:
            if ARGS.owner:
                try:
                    os.kill(ARGS.owner, 0)
                except ProcessLookupError:
                    break
            time.sleep(0.5)
        srv.shutdown()

    threading.Thread(target=watch, daemon=True).start()
    srv.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
