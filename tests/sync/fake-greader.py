#!/usr/bin/env python3
"""A protocol-faithful Google Reader API server for tidende's tests.

Written from the public descriptions of the API (see PROTOCOL NOTES
below); standard library only.  Listens on 127.0.0.1 only, on a free
port written to --port-file once it accepts connections.  State lives in
memory; one server process per test.

    fake-greader.py --port-file FILE [--id-form long-hex|long-dec|short|mixed]
        [--token-ttl SECS] [--page-max N] [--log FILE]
        [--base PATH] [--user NAME --password PW]

API base: http://127.0.0.1:PORT/api/greader.php (FreshRSS-like; --base ""
gives Miniflux's layout, the API at the root).  The contract with the
client's tests is /work/notes/greader-server.md; summary:

  POST {base}/accounts/ClientLogin (Email, Passwd; GET with a query too)
       200 "SID=..\\nLSID=..\\nAuth=A\\n" | 401 "Error=BadAuthentication\\n"
  every other {base}/reader/api/0/... call needs the header
       Authorization: GoogleLogin auth=A   else 401 "Unauthorized"
  GET  token                   -> "TOKEN\\n" (57 characters)
  GET  user-info               -> {"userId","userName","userProfileId","userEmail"}
  GET  subscription/list       -> {"subscriptions":[...]}
  GET  tag/list                -> {"tags":[...]}
  GET  unread-count            -> {"max":N,"unreadcounts":[...]}
  GET  stream/items/ids        s n c xt it ot nt r=o -> {"itemRefs":[..],"continuation"?}
  POST stream/items/contents   i=.. (repeated, any id form) -> {"items":[..]}
  GET  stream/contents/STREAM  n c xt it ot nt r=o -> {"id","updated","items","continuation"?}
  POST edit-tag                T i=.. a=.. r=..                -> "OK"
  POST mark-all-as-read        T s=STREAM ts=USEC              -> "OK"
  POST subscription/quickadd   T quickadd=URL -> {"numResults","query","streamId"}
  POST subscription/edit       T ac=subscribe|unsubscribe|edit s= t= a= r= -> "OK"
  A write without a valid T (missing, or expired by --token-ttl or
  /admin/expire-token) -> 401 "Unauthorized" with X-Reader-Google-Bad-Token: true.

Test-only admin endpoints, http://127.0.0.1:PORT/admin/..., JSON in and out:
  POST /admin/user {"user","password"}
  POST /admin/feed {"url","title","label"?} -> {"id":"feed/N"}
  POST /admin/item {"feed","title","content","link","published","read",
                    "starred"} -> {"id":<signed decimal>,"long":"tag:..."}
  POST /admin/mark {"id","read"?,"starred"?}
  GET  /admin/state -> {"items":[{"id","read","starred","feed","title"}],"feeds":[..]}
  POST /admin/expire-token {}   POST /admin/expire-auth {}
       ({"after": N}: once N more writes / API requests went through)
  POST /admin/fail {"count":N,"status":503}
  GET  /admin/log -> [{"method","path","query","form"},...]
  POST /admin/hostile {"kind":K}

Details a test may rely on:
  * Item ids are unsigned 64-bit numbers; the n-th item added gets
    100000+n, except every third: n%6==3 gets 2^63+n and n%6==0 gets
    2^64-n (both negative in signed decimal).  /admin/item may name an
    id ("id", any form).  itemRefs ids are always signed decimal.
  * timestampUsec is the crawl time: when /admin/item ran (microseconds,
    strictly increasing), or "crawled" (unix seconds) if given.  It is
    what ot, nt, r=o, ts and the order of streams use (newest first).
  * Continuations are opaque keys of the last item sent (keyset paging),
    so a stream that changes between pages neither skips nor repeats an
    item that stays in it.
  * The log's "path" is relative to the API base; "query" and "form"
    map each name to the LIST of its values (i= is repeated); Passwd is
    logged as "<password>" when right and "<other>" when wrong.
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, unquote

ARGS = None
LOCK = threading.Lock()

LONG_PREFIX = "tag:google.com,2005:reader/item/"
ST = "user/-/state/com.google/"
READING_LIST = ST + "reading-list"
READ = ST + "read"
STARRED = ST + "starred"
KEPT_UNREAD = ST + "kept-unread"
LABEL = "user/-/label/"
U64 = 1 << 64
HEX = "0123456789abcdefABCDEF"


class State:
    def __init__(self):
        self.users = {}          # name -> password
        self.auths = {}          # Auth -> user
        self.tokens = {}         # T -> (user, issued at)
        self.feeds = []          # dicts: n, url, title, labels, html
        self.items = {}          # id -> dict
        self.seq = 0
        self.feed_seq = 0
        self.last_ts = 0
        self.fail = {"count": 0, "status": 503}
        self.hostile = ""
        self.log = []
        self.counter = 0
        self.token_after = None  # writes until every T goes stale
        self.auth_after = None   # API requests until every Auth goes


S = State()


# ---------------------------------------------------------------- ids
def parse_id(s):
    """Any id form -> unsigned 64-bit int, or None.  Long form: the
    prefix and 16 hex digits (Google's form), or the prefix and a decimal
    number of any other length; short form: signed or unsigned decimal;
    bare 16 hex digits with a letter or a leading 0 (FreshRSS's rule)."""
    s = str(s).strip()
    try:
        if s.startswith(LONG_PREFIX):
            rest = s[len(LONG_PREFIX):]
            if len(rest) == 16 and all(c in HEX for c in rest):
                v = int(rest, 16)
            elif rest and (rest.isdigit() or (rest[0] == "-" and rest[1:].isdigit())):
                v = int(rest)
            else:
                return None
        elif len(s) == 16 and all(c in HEX for c in s) and (
                s[0] == "0" or not s.isdigit()):
            v = int(s, 16)   # bare 16 hex digits, as Reeder sends them
        elif s and (s.isdigit() or (s[0] == "-" and s[1:].isdigit())):
            v = int(s)
        else:
            return None
    except ValueError:
        return None
    if v < -(1 << 63) or v >= U64:
        return None
    return v % U64


def signed(v):
    return v - U64 if v >= (1 << 63) else v


def long_hex(v):
    return LONG_PREFIX + "%016x" % v


def item_id_json(it):
    form = ARGS.id_form
    if form == "mixed":
        form = ("long-hex", "long-dec", "short")[it["seq"] % 3]
    if form == "long-hex":
        return long_hex(it["id"])
    if form == "long-dec":
        return LONG_PREFIX + str(it["id"])
    return str(signed(it["id"]))


# ---------------------------------------------------------------- streams
def feed_stream(f):
    return "feed/%d" % f["n"]


def find_feed(stream):
    """feed/N or feed/URL (both accepted, as FreshRSS and Inoreader)."""
    if not stream.startswith("feed/"):
        return None
    rest = stream[5:]
    for f in S.feeds:
        if rest == str(f["n"]) or rest == f["url"]:
            return f
    return None


def norm_stream(s):
    """user/<anything>/... -> user/-/... (clients may send their user id)."""
    if s.startswith("user/"):
        parts = s.split("/", 2)
        if len(parts) == 3:
            return "user/-/" + parts[2]
    return s


def item_in(it, stream):
    stream = norm_stream(stream)
    if stream == READING_LIST:
        return True
    if stream == READ:
        return it["read"]
    if stream == STARRED:
        return it["starred"]
    if stream == KEPT_UNREAD:
        return not it["read"]
    if stream.startswith(LABEL):
        name = stream[len(LABEL):]
        return name in it["feed"]["labels"] or name in it["tags"]
    if stream.startswith("feed/"):
        return find_feed(stream) is it["feed"]
    return False


def known_stream(stream):
    stream = norm_stream(stream)
    if stream in (READING_LIST, READ, STARRED, KEPT_UNREAD):
        return True
    if stream.startswith(LABEL):
        return True
    return find_feed(stream) is not None


def select(q):
    """Items of q's stream after filters and continuation; returns (page,
    continuation or None) or raises ValueError(message) for a 400."""
    stream = first(q, "s") or READING_LIST
    if not known_stream(stream):
        raise LookupError("unknown stream " + stream)
    rows = [it for it in S.items.values() if item_in(it, stream)]
    for x in q.get("xt", []):
        rows = [it for it in rows if not item_in(it, x)]
    for x in q.get("it", []):
        rows = [it for it in rows if item_in(it, x)]
    ot = num(q, "ot")
    nt = num(q, "nt")
    if ot is not None:
        rows = [it for it in rows if it["ts"] >= ot * 1000000]
    if nt is not None:
        rows = [it for it in rows if it["ts"] <= nt * 1000000]
    oldest_first = first(q, "r") == "o"
    rows.sort(key=lambda it: (it["ts"], it["id"]), reverse=not oldest_first)
    c = first(q, "c")
    if c:
        key = parse_cont(c)
        if key is None:
            raise ValueError("bad continuation")
        if oldest_first:
            rows = [it for it in rows if (it["ts"], it["id"]) > key]
        else:
            rows = [it for it in rows if (it["ts"], it["id"]) < key]
    n = num(q, "n")
    if n is None:
        n = 20
    if n <= 0:
        n = 20
    n = min(n, ARGS.page_max)
    page = rows[:n]
    cont = None
    if len(rows) > n:
        last = page[-1]
        cont = "%x.%x" % (last["ts"], last["id"])
    return page, cont


def parse_cont(c):
    try:
        a, b = c.split(".")
        return (int(a, 16), int(b, 16))
    except ValueError:
        return None


def first(q, k):
    v = q.get(k)
    return v[0] if v else None


def num(q, k):
    v = first(q, k)
    if v is None or v == "":
        return None
    try:
        return int(v)
    except ValueError:
        raise ValueError("bad %s" % k)


def item_json(it):
    f = it["feed"]
    cats = [READING_LIST]
    if it["read"]:
        cats.append(READ)
    if it["starred"]:
        cats.append(STARRED)
    for lab in f["labels"]:
        cats.append(LABEL + lab)
    for t in sorted(it["tags"]):
        cats.append(LABEL + t)
    return {
        "id": item_id_json(it),
        "crawlTimeMsec": str(it["ts"] // 1000),
        "timestampUsec": str(it["ts"]),
        "published": it["published"],
        "updated": it["published"],
        "title": it["title"],
        "canonical": [{"href": it["link"]}],
        "alternate": [{"href": it["link"], "type": "text/html"}],
        "summary": {"direction": "ltr", "content": it["content"]},
        "author": it["author"],
        "categories": cats,
        "origin": {"streamId": feed_stream(f), "title": f["title"],
                   "htmlUrl": f["html"]},
    }


def sub_json(f):
    return {"id": feed_stream(f), "title": f["title"], "url": f["url"],
            "htmlUrl": f["html"], "iconUrl": "",
            "categories": [{"id": LABEL + lab, "label": lab}
                           for lab in f["labels"]]}


# ---------------------------------------------------------------- model
def add_feed(url, title, labels):
    for f in S.feeds:
        if f["url"] == url:
            return f
    S.feed_seq += 1
    f = {"n": S.feed_seq, "url": url, "title": title or url,
         "labels": list(labels), "html": url.rsplit("/", 1)[0] + "/"}
    S.feeds.append(f)
    return f


def next_id():
    n = S.seq
    if n % 6 == 3:
        return (1 << 63) + n
    if n % 6 == 0:
        return U64 - n
    return 100000 + n


def add_item(d):
    f = find_feed(d.get("feed", ""))
    if f is None:
        raise LookupError("no such feed")
    S.seq += 1
    if d.get("id") is not None:
        iid = parse_id(d["id"])
        if iid is None or iid in S.items:
            raise ValueError("bad or duplicate id")
    else:
        iid = next_id()
        while iid in S.items:
            iid = (iid + 1) % U64
    if d.get("crawled") is not None:
        ts = int(d["crawled"]) * 1000000
        while any(x["ts"] == ts for x in S.items.values()):
            ts += 1
    else:
        ts = max(int(time.time() * 1000000), S.last_ts + 1)
        S.last_ts = ts
    it = {"id": iid, "seq": S.seq, "ts": ts, "feed": f,
          "title": d.get("title", ""), "content": d.get("content", ""),
          "link": d.get("link", ""), "author": d.get("author", ""),
          "published": int(d.get("published", ts // 1000000)),
          "read": bool(d.get("read", False)),
          "starred": bool(d.get("starred", False)), "tags": set()}
    S.items[iid] = it
    return it


def apply_tag(it, tag, add):
    tag = norm_stream(tag)
    if tag == READ:
        it["read"] = add
    elif tag == KEPT_UNREAD:
        if add:
            it["read"] = False
    elif tag == STARRED:
        it["starred"] = add
    elif tag.startswith(LABEL):
        name = tag[len(LABEL):]
        if add:
            it["tags"].add(name)
        else:
            it["tags"].discard(name)
    elif tag.startswith(ST):
        pass  # other states (broadcast, like, tracking-*) are accepted
    else:
        raise ValueError("bad tag " + tag)


# ---------------------------------------------------------------- HTTP
class Reply(Exception):
    def __init__(self, code, body, ctype="text/plain; charset=utf-8", headers=None):
        self.code, self.body, self.ctype = code, body, ctype
        self.headers = headers or {}


def unauthorized(bad_token=False):
    return Reply(401, "Unauthorized\n", headers=(
        {"X-Reader-Google-Bad-Token": "true"} if bad_token else {}))


def js(obj):
    return Reply(200, json.dumps(obj), "application/json; charset=utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-greader/1"

    def log_message(self, fmt, *args):
        pass

    def send(self, r):
        body = r.body if isinstance(r.body, bytes) else r.body.encode()
        self.send_response(r.code)
        self.send_header("Content-Type", r.ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in r.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def handle_any(self):
        u = urlsplit(self.path)
        n = int(self.headers.get("Content-Length", "0") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        try:
            if u.path.startswith("/admin/"):
                r = self.admin(u.path[len("/admin/"):], raw)
            else:
                r = self.api(u, raw)
        except Reply as e:
            r = e
        self.send(r)

    # ------------------------------------------------------------ API
    def api(self, u, raw):
        base = ARGS.base
        if not u.path.startswith(base + "/"):
            raise Reply(404, "Not Found\n")
        path = u.path[len(base):]
        query = parse_qs(u.query, keep_blank_values=True)
        form = {}
        ctype = self.headers.get("Content-Type", "")
        if self.command == "POST" and raw and (
                ctype.startswith("application/x-www-form-urlencoded") or not ctype):
            form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        with LOCK:
            entry = {"method": self.command, "path": path, "query": query,
                     "form": form, "full_path": u.path}
            S.log.append(entry)
            if ARGS.log:
                pass  # written below with the status
            try:
                r = self.api_locked(path, query, form)
            except Reply as e:
                r = e
            entry["status"] = r.code
            if "Passwd" in form:
                form["Passwd"] = ["<password>" if entry.get("_pwok") else "<other>"]
            if "Passwd" in query:
                query["Passwd"] = ["<password>" if entry.get("_pwok") else "<other>"]
            entry.pop("_pwok", None)
            if ARGS.log:
                with open(ARGS.log, "a") as fh:
                    fh.write(json.dumps(entry) + "\n")
        return r

    def api_locked(self, path, query, form):
        if S.auth_after is not None:
            if S.auth_after <= 0:
                S.auths.clear()
                S.auth_after = None
            else:
                S.auth_after -= 1
        if S.fail["count"] > 0:
            S.fail["count"] -= 1
            raise Reply(S.fail["status"], "Service Unavailable\n")
        both = dict(query)
        for k, v in form.items():
            both[k] = both.get(k, []) + v
        if path == "/accounts/ClientLogin":
            return self.login(both)
        if not path.startswith("/reader/api/0/"):
            raise Reply(404, "Not Found\n")
        user = self.auth_user()
        if user is None:
            raise unauthorized()
        op = path[len("/reader/api/0/"):]
        out = first(both, "output")
        if out not in (None, "json"):
            raise Reply(400, "Bad Request: only output=json\n")
        writes = ("edit-tag", "mark-all-as-read", "subscription/quickadd",
                  "subscription/edit", "rename-tag", "disable-tag")
        if op in writes:
            if self.command != "POST":
                raise Reply(405, "Method Not Allowed\n")
            self.check_token(user, both)
        try:
            return self.dispatch(op, both, user)
        except LookupError as e:
            raise Reply(404, "Not Found: %s\n" % e)
        except ValueError as e:
            raise Reply(400, "Bad Request: %s\n" % e)

    def login(self, q):
        user = first(q, "Email")
        pw = first(q, "Passwd")
        ok = user in S.users and S.users[user] == pw
        S.log[-1]["_pwok"] = ok
        if not ok:
            raise Reply(401, "Error=BadAuthentication\n")
        S.counter += 1
        auth = "%s/%040x" % (user, (S.counter * 0x9e3779b97f4a7c15) % (1 << 160))
        S.auths[auth] = user
        return Reply(200, "SID=%s\nLSID=null\nAuth=%s\n" % (auth, auth))

    def auth_user(self):
        h = self.headers.get("Authorization", "")
        parts = h.split(None, 1)
        if len(parts) != 2 or parts[0].lower() != "googlelogin":
            return None
        kv = parts[1].strip()
        if not kv.startswith("auth="):
            return None
        return S.auths.get(kv[5:])

    def check_token(self, user, q):
        t = first(q, "T")
        ent = S.tokens.get(t) if t else None
        if ent is None or ent[0] != user:
            raise unauthorized(True)
        if ARGS.token_ttl is not None and time.time() - ent[1] > ARGS.token_ttl:
            raise unauthorized(True)
        if S.token_after is not None:
            S.token_after -= 1
            if S.token_after <= 0:
                S.tokens.clear()
                S.token_after = None

    def dispatch(self, op, q, user):
        h = S.hostile
        if h and op not in ("token",):
            hostile_reply(h, op)
        if op == "token":
            S.counter += 1
            t = ("%s%040X" % (user, S.counter * 0x2545F4914F6CDD1D))[:57].ljust(57, "Z")
            S.tokens[t] = (user, time.time())
            return Reply(200, t + "\n")
        if op == "user-info":
            return js({"userId": "1", "userName": user, "userProfileId": "1",
                       "userEmail": user if "@" in user else ""})
        if op == "subscription/list":
            return js({"subscriptions": [sub_json(f) for f in S.feeds]})
        if op == "tag/list":
            tags = [{"id": STARRED}]
            labs = sorted({lab for f in S.feeds for lab in f["labels"]})
            tags += [{"id": LABEL + lab, "type": "folder"} for lab in labs]
            itags = sorted({t for it in S.items.values() for t in it["tags"]} - set(labs))
            tags += [{"id": LABEL + t, "type": "tag"} for t in itags]
            return js({"tags": tags})
        if op == "unread-count":
            counts = {}
            for it in S.items.values():
                if it["read"]:
                    continue
                keys = [READING_LIST, feed_stream(it["feed"])]
                keys += [LABEL + lab for lab in it["feed"]["labels"]]
                for k in keys:
                    c = counts.setdefault(k, [0, 0])
                    c[0] += 1
                    c[1] = max(c[1], it["ts"])
            return js({"max": 1000, "unreadcounts": [
                {"id": k, "count": c[0], "newestItemTimestampUsec": str(c[1])}
                for k, c in sorted(counts.items())]})
        if op == "stream/items/ids":
            page, cont = select(q)
            out = {"itemRefs": [{"id": str(signed(it["id"])), "directStreamIds": [],
                                 "timestampUsec": str(it["ts"])} for it in page]}
            if cont:
                out["continuation"] = cont
            return js(out)
        if op == "stream/items/contents":
            ids = []
            for s in q.get("i", []):
                v = parse_id(s)
                if v is None:
                    raise ValueError("bad item id " + s)
                ids.append(v)
            if not ids:
                raise ValueError("no i=")
            items = [item_json(S.items[v]) for v in dict.fromkeys(ids) if v in S.items]
            return js({"id": READING_LIST, "updated": int(time.time()), "items": items})
        if op == "stream/contents" or op.startswith("stream/contents/"):
            stream = unquote(op[len("stream/contents/"):]) if "/" in op[15:] else ""
            if stream:
                q = dict(q)
                q["s"] = [stream]
            page, cont = select(q)
            out = {"id": first(q, "s") or READING_LIST, "updated": int(time.time()),
                   "items": [item_json(it) for it in page]}
            if cont:
                out["continuation"] = cont
            return js(out)
        if op == "edit-tag":
            ids = []
            for s in q.get("i", []):
                v = parse_id(s)
                if v is None:
                    raise ValueError("bad item id " + s)
                ids.append(v)
            if not ids:
                raise ValueError("no i=")
            adds, rems = q.get("a", []), q.get("r", [])
            if not adds and not rems:
                raise ValueError("no a= or r=")
            for t in adds + rems:   # check every tag before changing anything
                apply_tag({"read": 0, "starred": 0, "tags": set()}, t, True)
            for v in ids:
                it = S.items.get(v)
                if it is None:
                    continue   # unknown ids are ignored, as real servers do
                for t in rems:
                    apply_tag(it, t, False)
                for t in adds:
                    apply_tag(it, t, True)
            return Reply(200, "OK")
        if op == "mark-all-as-read":
            s = first(q, "s")
            if not s:
                raise ValueError("no s=")
            if not known_stream(s):
                raise LookupError("unknown stream " + s)
            ts = num(q, "ts")
            for it in S.items.values():
                if item_in(it, s) and (ts is None or it["ts"] <= ts):
                    it["read"] = True
            return Reply(200, "OK")
        if op == "subscription/quickadd":
            url = first(q, "quickadd") or ""
            if url.startswith("feed/"):
                url = url[5:]
            if not (url.startswith("http://") or url.startswith("https://")):
                return js({"numResults": 0, "query": url,
                           "error": "not a feed URL"})
            f = add_feed(url, "", [])
            return js({"numResults": 1, "query": url, "streamId": feed_stream(f),
                       "streamName": f["title"]})
        if op == "subscription/edit":
            ac = first(q, "ac")
            streams = q.get("s", [])
            if not streams:
                raise ValueError("no s=")
            title = first(q, "t")
            adds = [norm_stream(a) for a in q.get("a", [])]
            rems = [norm_stream(r) for r in q.get("r", [])]
            for a in adds + rems:
                if not a.startswith(LABEL):
                    raise ValueError("bad label " + a)
            if ac == "subscribe":
                for s in streams:
                    if not s.startswith("feed/") or not (
                            s[5:].startswith("http://") or s[5:].startswith("https://")):
                        if find_feed(s) is None:
                            raise ValueError("bad feed " + s)
                        continue
                    f = add_feed(s[5:], title, [a[len(LABEL):] for a in adds])
                return Reply(200, "OK")
            fs = []
            for s in streams:
                f = find_feed(s)
                if f is None:
                    raise LookupError("no feed " + s)
                fs.append(f)
            if ac == "unsubscribe":
                for f in fs:
                    S.feeds.remove(f)
                    for iid in [i for i, it in S.items.items() if it["feed"] is f]:
                        del S.items[iid]
                return Reply(200, "OK")
            if ac == "edit":
                for f in fs:
                    if title:
                        f["title"] = title
                    for r in rems:
                        if r[len(LABEL):] in f["labels"]:
                            f["labels"].remove(r[len(LABEL):])
                    for a in adds:
                        if a[len(LABEL):] not in f["labels"]:
                            f["labels"].append(a[len(LABEL):])
                return Reply(200, "OK")
            raise ValueError("bad ac=")
        raise Reply(404, "Not Found\n")

    # ------------------------------------------------------------ admin
    def admin(self, op, raw):
        try:
            d = json.loads(raw) if raw.strip() else {}
        except ValueError:
            raise Reply(400, "bad json\n")
        with LOCK:
            try:
                return self.admin_locked(op, d)
            except (LookupError, ValueError, TypeError, KeyError) as e:
                raise Reply(400, json.dumps({"error": str(e)}), "application/json")

    def admin_locked(self, op, d):
        if op == "user":
            S.users[d["user"]] = d["password"]
            return js({"ok": True})
        if op == "feed":
            labels = d.get("labels") or ([d["label"]] if d.get("label") else [])
            f = add_feed(d["url"], d.get("title", ""), labels)
            return js({"id": feed_stream(f)})
        if op == "item":
            it = add_item(d)
            return js({"id": signed(it["id"]), "long": long_hex(it["id"]),
                       "timestampUsec": str(it["ts"]), "unsigned": str(it["id"])})
        if op == "mark":
            v = parse_id(d["id"])
            it = S.items.get(v)
            if it is None:
                raise LookupError("no such item")
            if "read" in d:
                it["read"] = bool(d["read"])
            if "starred" in d:
                it["starred"] = bool(d["starred"])
            return js({"ok": True})
        if op == "state":
            items = sorted(S.items.values(), key=lambda it: it["seq"])
            return js({"items": [{"id": signed(it["id"]), "read": it["read"],
                                  "starred": it["starred"],
                                  "feed": feed_stream(it["feed"]),
                                  "title": it["title"],
                                  "timestampUsec": str(it["ts"]),
                                  "tags": sorted(it["tags"])} for it in items],
                       "feeds": [sub_json(f) for f in S.feeds]})
        # {"after": N}: mid-sync, once N more writes (token) or API
        # requests (auth) have gone through
        if op == "expire-token":
            if d.get("after"):
                S.token_after = int(d["after"])
            else:
                S.tokens.clear()
            return js({"ok": True})
        if op == "expire-auth":
            if d.get("after"):
                S.auth_after = int(d["after"])
            else:
                S.auths.clear()
            return js({"ok": True})
        if op == "fail":
            S.fail = {"count": int(d.get("count", 1)), "status": int(d.get("status", 503))}
            return js({"ok": True})
        if op == "log":
            return js([{k: v for k, v in e.items()} for e in S.log])
        if op == "hostile":
            S.hostile = d.get("kind", "") or ""
            return js({"ok": True})
        raise LookupError("no admin op " + op)


def hostile_reply(kind, op):
    """Replies no real server should send; see /admin/hostile."""
    if kind == "html":
        raise Reply(200, "<html><body>Login</body></html>", "text/html")
    if kind == "badjson":
        raise Reply(200, '{"itemRefs":[{"id":"1"', "application/json")
    if kind == "deep":
        raise Reply(200, "[" * 100000 + "]" * 100000, "application/json")
    if kind == "huge":
        raise Reply(200, '{"x":"' + "x" * (3 << 20) + '"}', "application/json")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--id-form", default="long-hex",
                   choices=["long-hex", "long-dec", "short", "mixed"])
    p.add_argument("--token-ttl", type=float, default=None)
    p.add_argument("--page-max", type=int, default=1000)
    p.add_argument("--log", default=None)
    p.add_argument("--base", default="/api/greader.php")
    p.add_argument("--user", default=None)
    p.add_argument("--password", default=None)
    ARGS = p.parse_args()
    ARGS.base = ARGS.base.rstrip("/")
    if ARGS.user is not None:
        S.users[ARGS.user] = ARGS.password or ""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, ARGS.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
