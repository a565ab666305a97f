#!/usr/bin/env python3
"""A hostile stand-in for the Tiny Tiny RSS API, for what the real server
never does: forget a session in the middle of a sync, send escape
sequences and markup in titles, answer with garbage, nesting too deep, a
reply too big, or an HTTP error.  Listens on 127.0.0.1 only, on a free
port written to --port-file.  Each request is logged to --log as one JSON
line of what was asked (the password is logged as "<password>" when it
is the expected one, so tests can say it arrived without printing it).

Behaviour comes from the file --mode names, read at every request (so a
test changes it between runs): one word, or nothing for a well-behaved
server.
  relogin   the first getCategories in this mode answers NOT_LOGGED_IN
  garbage   every reply is an HTML page
  deep      every reply is an API reply whose content is 100,000 nested
            arrays
  big       every reply is 3 MB of JSON (a test sets max-size 1)
  http500   every reply is HTTP 500 with an empty body
  http503   every reply is HTTP 503
  counters  getCounters says 450 unread and 1 starred (and a category of
            id -1, to be ignored); the unread set is articles 1, 3, 5 and
            447 ids of articles the cache does not have; each page of a
            set answers after 0.3 s, and every logged line says how many
            requests were in the server then ("inflight")
  counters-fail  the same, but the unread page at skip 200 answers
            HTTP 500 at once, while the others are still in the server
  counters-relogin  the same, but the first unread page at skip 200 in
            this mode answers NOT_LOGGED_IN at once
subscribeToFeed answers "added" (code 1) once per URL, then "already
subscribed" (code 0), as for the URLs of its own feeds.
"""
import time
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()
STATE = {"logins": 0, "relogin_done": False, "inflight": 0}
UNREAD_IDS = [1, 3, 5] + list(range(1000, 1447))

FEEDS = [
    {"id": 7, "feed_url": "http://feeds.invalid/evil.xml",
     "title": "Evil \u001b[31mred\u001b[0m <b>feed</b>", "cat_id": 3},
    {"id": 8, "feed_url": "http://feeds.invalid/bad url\nx", "title": "Bad",
     "cat_id": 0},
]
CATS = [{"id": 3, "title": "Cat &amp; \u009b31m"}]


def article(i):
    return {
        "id": i, "guid": "g%d" % i, "unread": i % 2 == 1, "marked": i == 2,
        "updated": 1700000000 + i,
        "title": "\u001b]0;pwned\u0007Title %d <script>x</script>&amp; "
                 "\u202emore" % i,
        "link": "http://feeds.invalid/item/%d" % i,
        "feed_id": 7 if i != 3 else "7", "author": "A\u0000uthor",
        "content": "<p>Body %d</p>" % i,
    }


ARTICLES = [article(i) for i in range(1, 6)]


def mode():
    try:
        with open(ARGS.mode) as f:
            return f.read().strip()
    except OSError:
        return ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            req = json.loads(raw)
        except ValueError:
            req = {"op": "<not json>"}
        logged = dict(req)
        if "password" in logged:
            logged["password"] = ("<password>" if logged["password"] == ARGS.password
                                  else "<other>")
        logged["path"] = self.path
        logged["content_type"] = self.headers.get("Content-Type")
        logged["user_agent"] = self.headers.get("User-Agent")
        with LOCK, open(ARGS.log, "a") as f:
            STATE["inflight"] += 1
            logged["inflight"] = STATE["inflight"]
            f.write(json.dumps(logged) + "\n")
        try:
            self.answer(req)
        finally:
            with LOCK:
                STATE["inflight"] -= 1

    def answer(self, req):
        m = mode()
        if m == "garbage":
            return self.send(200, b"<html><body>Welcome</body></html>", "text/html")
        if m == "deep":
            return self.send(200, b'{"status":0,"content":' + b"[" * 100000 +
                             b"]" * 100000 + b"}")
        if m == "big":
            return self.send(200, b'{"status":0,"content":"' + b"x" * (3 << 20) + b'"}')
        if m == "http500":
            return self.send(500, b"")
        if m == "http503":
            return self.send(503, b"busy", "text/plain")
        op = req.get("op")
        content = None
        status = 0
        if op == "login":
            if req.get("password") != ARGS.password:
                status, content = 1, {"error": "LOGIN_ERROR"}
            else:
                with LOCK:
                    STATE["logins"] += 1
                    sid = "sid%d" % STATE["logins"]
                content = {"session_id": sid, "api_level": 15}
        elif req.get("sid", "").startswith("sid") is False:
            status, content = 1, {"error": "NOT_LOGGED_IN"}
        elif op == "getCategories":
            with LOCK:
                first = m == "relogin" and not STATE["relogin_done"]
                if first:
                    STATE["relogin_done"] = True
            if first:
                status, content = 1, {"error": "NOT_LOGGED_IN"}
            else:
                content = CATS
        elif op == "getFeeds":
            content = FEEDS
        elif op == "getCounters" and m.startswith("counters"):
            content = [{"id": "global-unread", "counter": len(UNREAD_IDS)},
                       {"id": -1, "kind": "cat", "counter": 99},
                       {"id": -1, "counter": 0, "auxcounter": 1},
                       {"id": -4, "counter": len(UNREAD_IDS), "auxcounter": 0}]
        elif (op == "getHeadlines" and m.startswith("counters") and
              (req.get("view_mode") == "unread" or req.get("feed_id") == -1)):
            skip = int(req.get("skip", 0) or 0)
            if m == "counters-fail" and req.get("feed_id") == -4 and skip == 200:
                return self.send(500, b"")
            if m == "counters-relogin" and req.get("feed_id") == -4 and skip == 200:
                with LOCK:
                    first = not STATE.get("page_relogin_done")
                    STATE["page_relogin_done"] = True
                if first:
                    return self.send(200, json.dumps({
                        "seq": 0, "status": 1,
                        "content": {"error": "NOT_LOGGED_IN"}}).encode())
            time.sleep(0.3)
            if req.get("feed_id") == -1:
                content = [{"id": 2}][skip:skip + 200]
            else:
                content = [{"id": i} for i in UNREAD_IDS[skip:skip + 200]]
        elif op == "getHeadlines":
            fid = req.get("feed_id")
            since = int(req.get("since_id", 0) or 0)
            rows = [a for a in ARTICLES if a["id"] > since]
            if fid == -4 and req.get("view_mode") == "unread":
                rows = [a for a in ARTICLES if a["unread"]]
            elif fid == -1:
                rows = [a for a in ARTICLES if a["marked"]]
            skip = int(req.get("skip", 0) or 0)
            limit = min(int(req.get("limit", 200) or 200), 200)
            content = rows[skip:skip + limit]
        elif op == "subscribeToFeed":
            url = req.get("feed_url", "")
            with LOCK:
                subs = STATE.setdefault("subscribed", set())
                known = url in subs or any(f["feed_url"] == url for f in FEEDS)
                subs.add(url)
            content = {"status": {"code": 0 if known else 1}}
        elif op == "updateArticle":
            content = {"status": "OK", "updated": 1}
        else:
            status, content = 1, {"error": "UNKNOWN_METHOD"}
        self.send(200, json.dumps({"seq": 0, "status": status,
                                   "content": content}).encode())


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--mode", required=True)
    p.add_argument("--password", required=True)
    ARGS = p.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, ARGS.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
