#!/usr/bin/env python3
"""A scriptable HTTP/1.1 test server for tidende's fetcher tests.

Listens on 127.0.0.1 only, on a free port written to --port-file.  Every
request is logged to --log as one line:

    START END CONN ACTIVE METHOD PATH STATUS USER-AGENT ACCEPT-ENCODING
        IF-NONE-MATCH IF-MODIFIED-SINCE

and, as it starts, to --log with .started appended as START PATH (so a
test can wait until a request is in progress).

(START/END: seconds since the server started; CONN: the client's port, so
requests on one kept-alive connection share it; ACTIVE: requests in
progress when this one started, this one included; header values have
spaces as _, and - when absent).  Behaviours by path:

  /feed/NAME           fixture NAME with ETag and Last-Modified (304 on match)
  /etag/NAME           fixture with ETag only
  /lm/NAME             fixture with Last-Modified only
  /plain/NAME          fixture, no validators
  /gzip/NAME           fixture gzip-compressed (Content-Encoding: gzip)
  /charset/CS/NAME     fixture sent as application/xml; charset=CS
  /redirect/N/PATH     N 301 redirects, then PATH (e.g. /redirect/2/feed/a.xml)
  /redirect302/N/PATH  the same with 302
  /loop/N              302 to /loop/N+1, forever
  /location?to=URL     302 to any URL (e.g. file:///etc/passwd)
  /status/CODE         an empty reply with that status
  /retry/CODE/SECS     CODE (429 or 503) with Retry-After: SECS
  /retry/CODE/+SECS    the same with Retry-After as an HTTP date
  /stall/SECS          headers, a little of the body, then silence for SECS
  /truncated/NAME      Content-Length says more than is sent, then close
  /huge/MB             a valid RSS document of about MB megabytes, chunked
  /bomb/MB             a gzip body that inflates to MB megabytes
  /html                an HTML page
  /gen/ID?items=N&delay=S  a generated RSS feed (ID in titles), after S seconds
                       (&until=TEXT: not before a request whose path,
                       without its query, holds TEXT has started, or 10 s
                       have passed)
  /gzipgen/ID?items=N  a generated RSS feed gzip-compressed, whole in one
                       write (Content-Length, ETag)
  /count               how many requests were served, as text
  /site/PATH           a file of tests/fixtures/discover (PATH/ is
                       PATH/index.html or PATH/index.xml), @BASE@ in it
                       replaced by this server's http://127.0.0.1:PORT
  /bigpage/MB          an HTML page of MB megabytes: the head holds that
                       much filler, then an alternate link to /feed/rss.xml
  /page/NAME           fixture NAME as text/html (no charset), with ETag and
                       Last-Modified (304 on match): an article's web page
  /pagecs/CS/NAME      fixture NAME as text/html; charset=CS
  /slowpage/SECS/NAME  fixture NAME as text/html after SECS seconds
  /gatepage/NAME       fixture NAME as text/html once the file --gate names
                       exists (a test holds a page until it is ready for it)
  /hugepage/MB         an HTML page of about MB megabytes, chunked
  /htmlbomb/MB         a gzip body that inflates to MB megabytes, as text/html
  /bigheader/KB        a reply with one header line of KB kilobytes
"""
import argparse
import email.utils
import gzip
import hashlib
import os
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, unquote

T0 = time.time()
LOCK = threading.Lock()
STATE = {"active": 0, "count": 0, "started": []}
STARTED = threading.Condition(LOCK)
ARGS = None
LAST_MODIFIED = email.utils.formatdate(1700000000, usegmt=True)


def hdr(v):
    return "-" if not v else v.replace(" ", "_")


BOMBS = {}


def bomb(mb):
    """A gzip body that inflates to mb megabytes (made once per size)."""
    with LOCK:
        if mb not in BOMBS:
            comp = zlib.compressobj(1, zlib.DEFLATED, 31)
            body = [comp.compress(b'<?xml version="1.0"?><rss version="2.0">'
                                  b'<channel><title>Bomb</title><description>')]
            block = b"a" * (1 << 20)
            for _ in range(mb):
                body.append(comp.compress(block))
            body.append(comp.compress(b"</description></channel></rss>"))
            body.append(comp.flush())
            BOMBS[mb] = b"".join(body)
        return BOMBS[mb]


def gen_feed(ident, n):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           '<channel><title>Feed %s</title><link>http://example.org/%s</link>'
           '<description>Generated feed %s</description>' % (ident, ident, ident)]
    for i in range(n):
        out.append('<item><title>Item %d of feed %s</title>'
                   '<link>http://example.org/%s/%d</link>'
                   '<guid>%s-%d</guid><pubDate>Tue, 14 Nov 2023 22:13:%02d GMT</pubDate>'
                   '<description>&lt;p&gt;Body of item %d.&lt;/p&gt;</description></item>'
                   % (i, ident, ident, i, ident, i, i % 60, i))
    out.append('</channel></rss>\n')
    return ''.join(out).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tidende-test/1"

    def log_message(self, fmt, *args):
        pass

    def handle_one_request(self):
        self._counted = False
        self._status = 0
        super().handle_one_request()

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def do_GET(self):
        with LOCK:
            STATE["active"] += 1
            STATE["count"] += 1
            active = STATE["active"]
            STATE["started"].append(self.path)
            STARTED.notify_all()
        self._counted = True
        start = time.time() - T0
        if ARGS.log:
            with LOCK, open(ARGS.log + ".started", "a") as f:
                f.write("%.3f %s\n" % (start, self.path))
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.uncount()
            end = time.time() - T0
            if ARGS.log:
                with LOCK, open(ARGS.log, "a") as f:
                    f.write("%.3f %.3f %d %d %s %s %d %s %s %s %s\n" % (
                        start, end, self.client_address[1], active,
                        self.command, self.path, self._status,
                        hdr(self.headers.get("User-Agent")),
                        hdr(self.headers.get("Accept-Encoding")),
                        hdr(self.headers.get("If-None-Match")),
                        hdr(self.headers.get("If-Modified-Since"))))

    def uncount(self):
        """This request no longer counts as active.  Called before the
        reply goes out, so a client cannot have started its next request
        while this one still counts."""
        if self._counted:
            self._counted = False
            with LOCK:
                STATE["active"] -= 1

    def reply(self, code, body=b"", ctype="application/rss+xml",
              headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.uncount()
        self.end_headers()
        self.wfile.write(body)

    def fixture(self, name):
        path = os.path.join(ARGS.root, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError:
            return None

    def conditional(self, body, use_etag, use_lm, extra=(), ctype=None):
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        headers = list(extra)
        if use_etag:
            headers.append(("ETag", etag))
        if use_lm:
            headers.append(("Last-Modified", LAST_MODIFIED))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (use_etag and inm == etag) or \
                (use_lm and inm is None and ims == LAST_MODIFIED):
            self.send_response(304)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.uncount()
            self.end_headers()
            return
        self.reply(200, body, ctype or "application/rss+xml", headers)

    def route(self):
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        query = parse_qs(url.query)
        kind = parts[0] if parts else ""
        rest = "/".join(parts[1:])

        if kind in ("feed", "etag", "lm", "plain", "gzip", "truncated"):
            body = self.fixture(rest)
            if body is None:
                return self.reply(404, b"not found\n", "text/plain")
            if kind == "gzip":
                if "gzip" not in self.headers.get("Accept-Encoding", ""):
                    return self.reply(200, body)
                return self.reply(200, gzip.compress(body), headers=[
                    ("Content-Encoding", "gzip")])
            if kind == "truncated":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body) * 2))
                self.end_headers()
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            return self.conditional(body, kind in ("feed", "etag"),
                                    kind in ("feed", "lm"))
        if kind == "charset" and len(parts) >= 3:
            body = self.fixture(parts[2])
            if body is None:
                return self.reply(404, b"", "text/plain")
            return self.reply(200, body, "application/xml; charset=" + parts[1])
        if kind in ("redirect", "redirect302") and len(parts) >= 3:
            n = int(parts[1])
            target = "/" + "/".join(parts[2:])
            if n > 1:
                target = "/%s/%d%s" % (kind, n - 1, target)
            code = 301 if kind == "redirect" else 302
            return self.reply(code, b"", "text/plain", [("Location", target)])
        if kind == "loop":
            n = int(parts[1]) if len(parts) > 1 else 0
            return self.reply(302, b"", "text/plain",
                              [("Location", "/loop/%d" % (n + 1))])
        if kind == "location":
            return self.reply(302, b"", "text/plain",
                              [("Location", query.get("to", ["/"])[0])])
        if kind == "status":
            return self.reply(int(parts[1]), b"", "text/plain")
        if kind == "retry":
            when = unquote(parts[2])
            if when.startswith("+"):    # an HTTP date this many seconds on
                when = email.utils.formatdate(time.time() + int(when[1:]),
                                              usegmt=True)
            return self.reply(int(parts[1]), b"", "text/plain",
                              [("Retry-After", when)])
        if kind == "stall":
            secs = float(parts[1]) if len(parts) > 1 else 10
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            self.wfile.flush()
            time.sleep(secs)
            self.close_connection = True
            return
        if kind == "huge":
            mb = int(parts[1]) if len(parts) > 1 else 64
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            item = gen_feed("huge", 1).split(b"<item>")[1].split(b"</channel>")[0]
            item = b"<item>" + item
            self.chunk(b'<?xml version="1.0"?><rss version="2.0"><channel>'
                       b'<title>Huge</title>')
            block = item * 200
            sent = 0
            try:
                while sent < mb << 20:
                    self.chunk(block)
                    sent += len(block)
                self.chunk(b"</channel></rss>")
                self.chunk(b"")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            return
        if kind == "bomb":
            mb = int(parts[1]) if len(parts) > 1 else 256
            return self.reply(200, bomb(mb), headers=[
                ("Content-Encoding", "gzip")])
        if kind == "html":
            return self.reply(200, b"<!DOCTYPE html><html><head><title>A page"
                              b"</title></head><body><p>Not a feed.</p>"
                              b"</body></html>\n", "text/html; charset=utf-8")
        if kind == "gen":
            n = int(query.get("items", ["30"])[0])
            delay = float(query.get("delay", ["0"])[0])
            if delay:
                time.sleep(delay)
            until = query.get("until", [None])[0]
            if until:
                with STARTED:
                    STARTED.wait_for(lambda: any(
                        until in p.split("?")[0] for p in STATE["started"]),
                        timeout=10)
            return self.conditional(gen_feed(parts[1] if len(parts) > 1
                                             else "x", n), True, True)
        if kind == "gzipgen":
            body = gen_feed(parts[1] if len(parts) > 1 else "x",
                            int(query.get("items", ["30"])[0]))
            return self.conditional(gzip.compress(body, mtime=0), True, False, [
                ("Content-Encoding", "gzip")])
        if kind == "page":
            body = self.fixture(rest)
            if body is None:
                return self.reply(404, b"not found\n", "text/html")
            return self.conditional(body, True, True, ctype="text/html")
        if kind == "pagecs" and len(parts) >= 3:
            body = self.fixture(parts[2])
            if body is None:
                return self.reply(404, b"", "text/html")
            return self.reply(200, body, "text/html; charset=" + parts[1])
        if kind == "slowpage" and len(parts) >= 3:
            time.sleep(float(parts[1]))
            body = self.fixture(parts[2])
            if body is None:
                return self.reply(404, b"", "text/html")
            return self.reply(200, body, "text/html")
        if kind == "gatepage" and len(parts) >= 2:
            while not (ARGS.gate and os.path.exists(ARGS.gate)):
                time.sleep(0.02)
            body = self.fixture(parts[1])
            if body is None:
                return self.reply(404, b"", "text/html")
            return self.reply(200, body, "text/html")
        if kind == "hugepage":
            mb = int(parts[1]) if len(parts) > 1 else 8
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            block = b"<p>" + b"Et avsnitt med tekst. " * 40 + b"</p>\n"
            block *= 100
            sent = 0
            try:
                self.chunk(b"<!DOCTYPE html><html><body><article>")
                while sent < mb << 20:
                    self.chunk(block)
                    sent += len(block)
                self.chunk(b"</article></body></html>")
                self.chunk(b"")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            return
        if kind == "htmlbomb":
            mb = int(parts[1]) if len(parts) > 1 else 256
            return self.reply(200, bomb(mb), "text/html", headers=[
                ("Content-Encoding", "gzip")])
        if kind == "count":
            return self.reply(200, b"%d\n" % STATE["count"], "text/plain")
        if kind == "site":
            return self.site(url.path)
        if kind == "bigpage":
            return self.bigpage(int(parts[1]) if len(parts) > 1 else 8)
        if kind == "bigheader" and len(parts) >= 2:
            return self.reply(200, b"", "text/plain",
                              [("X-Big", "a" * (int(parts[1]) << 10))])
        return self.reply(404, b"no such behaviour\n", "text/plain")

    def site(self, path):
        top = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "fixtures", "discover")
        rel = [p for p in path.split("/")[2:] if p]
        if any(p in (".", "..") for p in rel):
            return self.reply(404, b"", "text/plain")
        names = ["index.html", "index.xml"] if path.endswith("/") else [""]
        for name in names:
            f = os.path.join(top, *rel, name) if name else \
                os.path.join(top, *rel)
            if os.path.isfile(f):
                break
        else:
            return self.reply(404, b"not found\n", "text/plain")
        with open(f, "rb") as fh:
            body = fh.read()
        base = "http://127.0.0.1:%d" % self.server.server_address[1]
        body = body.replace(b"@BASE@", base.encode())
        ctype = {".html": "text/html; charset=utf-8",
                 ".json": "application/json",
                 ".xml": "application/rss+xml"}.get(
                     os.path.splitext(f)[1], "application/octet-stream")
        return self.reply(200, body, ctype)

    def bigpage(self, mb):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self.chunk(b"<!DOCTYPE html><html><head><title>Big</title>\n")
            block = b"<meta name='filler' content='" + b"x" * 4000 + \
                b"'>\n"
            sent = 0
            while sent < mb << 20:
                self.chunk(block * 16)
                sent += len(block) * 16
            self.chunk(b"<link rel='alternate' type='application/rss+xml' "
                       b"href='/feed/rss.xml'></head><body></body></html>")
            self.chunk(b"")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def serve(handler, port_file, lifetime):
    """Serve on a free port of 127.0.0.1, written to port_file (whole, by
    a rename), until killed or for lifetime seconds.  Also used by
    tests/e2e/e2e-httpd.py."""
    srv = Server(("127.0.0.1", 0), handler)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)
    threading.Timer(lifetime, lambda: os._exit(0)).start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "fixtures", "net"))
    p.add_argument("--gate", help="/gatepage/ answers once this file exists")
    p.add_argument("--lifetime", type=float, default=300,
                   help="exit after this many seconds whatever happens")
    ARGS = p.parse_args()
    return serve(Handler, ARGS.port_file, ARGS.lifetime)


if __name__ == "__main__":
    sys.exit(main())
