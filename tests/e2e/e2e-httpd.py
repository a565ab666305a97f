#!/usr/bin/env python3
"""A small HTTP server for the end-to-end tests, on 127.0.0.1 only.

The same URL can be made to misbehave between two refreshes, which the
shared tests/httpd.py cannot do.  Paths:

  /f/NAME          the file ROOT/NAME.  When ROOT/NAME.mode exists its first
                   word changes the reply: a number (that status, empty
                   body), "truncate" (Content-Length twice the size, half
                   sent, then close), "refuse" (close with no reply).
  /slow/ID?items=N&secs=S
                   a valid RSS feed of N items streamed over about S seconds
  /count           how many requests were served

The port is written to --port-file; the server exits after --lifetime s.
"""
import argparse
import os
import sys
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import httpd  # noqa: E402  (tests/httpd.py: the shared server start-up)

ARGS = None
COUNT = [0]


def item(ident, i):
    return ('<item><title>Slow %s item %d</title>'
            '<link>http://example.org/slow/%s/%d</link>'
            '<guid>slow-%s-%d</guid>'
            '<pubDate>Tue, 14 Nov 2023 10:%02d:%02d GMT</pubDate>'
            '<description>Body %d</description></item>'
            % (ident, i, ident, i, ident, i, (i // 60) % 60, i % 60, i)
            ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body=b"", ctype="application/rss+xml"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        COUNT[0] += 1
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route(self):
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        q = parse_qs(url.query)
        kind = parts[0] if parts else ""
        if kind == "f" and len(parts) == 2:
            path = os.path.join(ARGS.root, os.path.basename(parts[1]))
            mode = ""
            try:
                with open(path + ".mode") as f:
                    mode = f.read().strip()
            except OSError:
                pass
            if mode.isdigit():
                return self.reply(int(mode), b"", "text/plain")
            if mode == "refuse":
                self.close_connection = True
                return
            try:
                with open(path, "rb") as f:
                    body = f.read()
            except OSError:
                return self.reply(404, b"not found\n", "text/plain")
            ctype = "application/rss+xml"
            if path.endswith(".json"):
                ctype = "application/feed+json"
            elif path.endswith(".html"):
                ctype = "text/html; charset=utf-8"
            if mode == "truncate":
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) * 2))
                self.end_headers()
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            return self.reply(200, body, ctype)
        if kind == "slow" and len(parts) == 2:
            n = int(q.get("items", ["1000"])[0])
            secs = float(q.get("secs", ["5"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.chunk(b'<?xml version="1.0"?><rss version="2.0"><channel>'
                       b'<title>Slow ' + parts[1].encode() + b'</title>')
            steps = 50
            per = max(1, n // steps)
            i = 0
            while i < n:
                self.chunk(b"".join(item(parts[1], k)
                                    for k in range(i, min(n, i + per))))
                i += per
                time.sleep(secs / steps)
            self.chunk(b"</channel></rss>\n")
            self.chunk(b"")
            return
        if kind == "count":
            return self.reply(200, b"%d\n" % COUNT[0], "text/plain")
        return self.reply(404, b"no such path\n", "text/plain")

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--lifetime", type=float, default=120)
    ARGS = p.parse_args()
    return httpd.serve(Handler, ARGS.port_file, ARGS.lifetime)


if __name__ == "__main__":
    sys.exit(main())
