#!/bin/sh
# The Google Reader API test server (tests/sync/fake-greader.py) itself
# speaks the protocol the greader backend's tests rely on: ClientLogin
# good and bad, 401 without Authorization, the T token required for
# writes and a stale one refused with X-Reader-Google-Bad-Token, an Auth
# made invalid refused without it, continuation pages that cover every id
# exactly once (also while items change between pages), xt and it, ot and
# nt, the three id forms (ids above 2^63 too) naming the same item,
# edit-tag idempotent, mark-all-as-read bounded by ts, quickadd,
# subscription/edit, failures and the request log.  The client here is
# python3's urllib, not tidende.
. "$TOP_SRCDIR/tests/lib.sh"

SERVER="$TOP_SRCDIR/tests/sync/fake-greader.py"
py_server "$SERVER" gr "the Google Reader test server" --page-max 4 \
    --user alice --password 'pa ss&word' --log "$T/gr.log"
PORT=$_py_port
plan 65

# c.py CODE: run CODE (statements, then an expression) with a small Google Reader client in scope
# and print the result.  The Auth and T it got are kept in $T/cl.json so
# one call can log in and the next use it.
cat >"$T/c.py" <<'EOF'
import json, os, sys, urllib.error, urllib.parse, urllib.request
PORT = int(sys.argv[1]); STATE = sys.argv[2]
BASE = "http://127.0.0.1:%d/api/greader.php" % PORT
ADMIN = "http://127.0.0.1:%d/admin/" % PORT
LONG = "tag:google.com,2005:reader/item/"
RL = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STAR = "user/-/state/com.google/starred"
st = json.load(open(STATE)) if os.path.exists(STATE) else {}

def raw(path, q=None, form=None, auth=True, base=None, binary=False):
    url = (base or BASE) + path + ("?" + urllib.parse.urlencode(q, doseq=True) if q else "")
    data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
    req = urllib.request.Request(url, data=data)
    if auth and st.get("auth"):
        req.add_header("Authorization", "GoogleLogin auth=" + st["auth"])
    try:
        with urllib.request.urlopen(req) as r:
            b = r.read()
            return r.status, dict(r.headers), b if binary else b.decode()
    except urllib.error.HTTPError as e:
        b = e.read()
        return e.code, dict(e.headers), b if binary else b.decode()

def login(user="alice", pw="pa ss&word"):
    code, h, body = raw("/accounts/ClientLogin", form={"Email": user, "Passwd": pw}, auth=False)
    if code == 200:
        st["auth"] = [l[5:] for l in body.splitlines() if l.startswith("Auth=")][0]
        save()
    return code, body

def token():
    code, h, body = raw("/reader/api/0/token")
    st["T"] = body.strip()
    save()
    return st["T"]

def save():
    json.dump(st, open(STATE, "w"))

def get(op, **q):
    code, h, body = raw("/reader/api/0/" + op, q=dict(q, output="json"))
    if code != 200:
        raise SystemExit("%s: %d %s" % (op, code, body))
    return json.loads(body)

def post(op, form, T=True):
    f = list(form)
    if T is True:
        f.append(("T", st.get("T", "")))
    elif T:
        f.append(("T", T))
    return raw("/reader/api/0/" + op, form=f)

def admin(op, obj=None):
    data = json.dumps(obj).encode() if obj is not None else None
    with urllib.request.urlopen(urllib.request.Request(ADMIN + op, data=data)) as r:
        return json.loads(r.read())

def state():
    return {i["id"]: i for i in admin("state")["items"]}

def allids(**q):
    """Every page of stream/items/ids; returns (ids, pages)."""
    ids, pages, c = [], 0, None
    while True:
        qq = dict(q)
        if c:
            qq["c"] = c
        r = get("stream/items/ids", **qq)
        pages += 1
        ids += [int(x["id"]) for x in r["itemRefs"]]
        c = r.get("continuation")
        if not c or pages > 100:
            return ids, pages

def parse(s):
    """The client's rule: 16 hex digits after the prefix are hex, any
    other digits are decimal; the short form is signed decimal."""
    if s.startswith(LONG):
        rest = s[len(LONG):]
        v = int(rest, 16) if len(rest) == 16 else int(rest)
    else:
        v = int(s)
    return v - (1 << 64) if v >= 1 << 63 else v

def forms(v):
    u = v % (1 << 64)
    return ["%d" % v, "%d" % u, LONG + "%016x" % u, LONG + "%d" % u]

# Run the statements, print the value of the last expression.
import ast
tree = ast.parse(sys.argv[3])
last = tree.body.pop()
env = globals()
exec(compile(tree, "expr", "exec"), env)
print(eval(compile(ast.Expression(last.value), "expr", "eval"), env))
EOF
c() { python3 "$T/c.py" "$PORT" "$T/cl.json" "$1"; }
cp_port() { python3 "$T/c.py" "$1" "$T/cl2.json" "$2"; }

# ---------------------------------------------------------------- fixtures
c 'admin("feed", {"url": "http://feeds.invalid/a.xml", "title": "Feed A", "label": "News"})' >/dev/null
c 'admin("feed", {"url": "http://feeds.invalid/b.xml", "title": "Feed B"})' >/dev/null
c '[admin("item", {"feed": "feed/%d" % (1 + i % 2), "title": "Item %d" % i, "content": "<p>%d</p>" % i, "link": "http://feeds.invalid/%d" % i, "published": 1700000000 + i, "read": i % 3 == 0, "starred": i % 5 == 0}) for i in range(1, 26)] and None' >/dev/null

# ---------------------------------------------------------------- login
is "a wrong password: 401 Error=BadAuthentication" "$(c 'login(pw="nope")')" \
    "(401, 'Error=BadAuthentication\\n')"
is "the right password: 200 with SID, LSID and Auth lines" \
    "$(c 'r = login(); (r[0], [l.split("=")[0] for l in r[1].splitlines()], st["auth"].startswith("alice/"))')" \
    "(200, ['SID', 'LSID', 'Auth'], True)"
is "no Authorization header: 401 Unauthorized, no bad-token header" \
    "$(c 'r = raw("/reader/api/0/subscription/list", {"output": "json"}, auth=False); (r[0], r[2], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, 'Unauthorized\\n', None)"
is "an unknown Auth: 401" \
    "$(c 'st.update(auth="alice/0"); raw("/reader/api/0/tag/list", {"output": "json"})[0]')" 401
c 'login()' >/dev/null
is "token: 57 characters" "$(c 'len(token())')" 57
is "user-info names the user" "$(c 'get("user-info")["userName"]')" alice

# ---------------------------------------------------------------- lists
is "subscription/list: feed/N ids, url, title and label as category" \
    "$(c '[(s["id"], s["url"], s["title"], s["categories"]) for s in get("subscription/list")["subscriptions"]]')" \
    "[('feed/1', 'http://feeds.invalid/a.xml', 'Feed A', [{'id': 'user/-/label/News', 'label': 'News'}]), ('feed/2', 'http://feeds.invalid/b.xml', 'Feed B', [])]"
is "tag/list: starred and the label as a folder" "$(c 'get("tag/list")["tags"]')" \
    "[{'id': 'user/-/state/com.google/starred'}, {'id': 'user/-/label/News', 'type': 'folder'}]"

# ---------------------------------------------------------------- paging
is "page-max 4: 25 ids come in 7 pages, each id exactly once" \
    "$(c 'ids, p = allids(s=RL, n=1000); (len(ids), len(set(ids)), p, sorted(ids) == sorted(state()))')" \
    "(25, 25, 7, True)"
is "newest first by default, oldest first with r=o" \
    "$(c 'a = allids(s=RL)[0]; b = allids(s=RL, r="o")[0]; ts = {i: int(x["timestampUsec"]) for i, x in state().items()}; (a == b[::-1], [ts[i] for i in b] == sorted(ts.values()))')" \
    "(True, True)"
is "n=3 gives pages of 3, the last one without continuation" \
    "$(c 'r = [get("stream/items/ids", s=RL, n=3)]; [r.append(get("stream/items/ids", s=RL, n=3, c=r[-1]["continuation"])) for _ in range(8)]; ([len(x["itemRefs"]) for x in r], "continuation" in r[-1])')" \
    "([3, 3, 3, 3, 3, 3, 3, 3, 1], False)"
is "items read between pages: no unread item is skipped or repeated" \
    "$(c 'first = get("stream/items/ids", s=RL, xt=READ, n=4); got = [int(x["id"]) for x in first["itemRefs"]]
[admin("mark", {"id": i, "read": True}) for i in got[:2]]
rest = allids(s=RL, xt=READ, c=first["continuation"])[0]
unread = sorted(i for i, x in state().items() if not x["read"])
[admin("mark", {"id": i, "read": False}) for i in got[:2]]
(sorted(set(got[2:] + rest)) == unread, len(got + rest) == len(set(got + rest)))')" \
    "(True, True)"
is "stream/contents pages cover every item exactly once" \
    "$(c 'ids, c = [], None
for _ in range(20):
    q = {"n": 5}
    if c: q["c"] = c
    r = get("stream/contents/" + RL, **q); ids += [parse(x["id"]) for x in r["items"]]; c = r.get("continuation")
    if not c: break
(len(ids), sorted(ids) == sorted(state()))')" "(25, True)"
is "stream/contents/STREAM URL-encoded (Inoreader), and with s= (BazQux): the same items" \
    "$(c 'a = get("stream/contents/" + urllib.parse.quote("feed/http://feeds.invalid/a.xml", safe=""), n=100)["items"]; b = get("stream/contents", s="feed/1", n=100)["items"]; (len(a), a == b)')" \
    "(4, True)"
is "a continuation that is not one of the server's: 400; no s=: 400" \
    "$(c '(raw("/reader/api/0/stream/items/ids", {"s": RL, "c": "zz"})[0], raw("/reader/api/0/stream/items/ids", {"n": 5})[0])')" "(400, 400)"

# ---------------------------------------------------------------- filters
is "xt=read excludes exactly the read items" \
    "$(c 'sorted(allids(s=RL, xt=READ)[0]) == sorted(i for i, x in state().items() if not x["read"])')" True
is "xt=read leaves 17 of 25" "$(c 'len(allids(s=RL, xt=READ)[0])')" 17
is "it=starred gives exactly the starred items" \
    "$(c 'sorted(allids(s=RL, it=STAR)[0]) == sorted(i for i, x in state().items() if x["starred"])')" True
is "s=starred is the same list" \
    "$(c 'sorted(allids(s=STAR)[0]) == sorted(allids(s=RL, it=STAR)[0])')" True
is "s=feed/2 and s=feed/URL: the same items of that feed only" \
    "$(c 'a = sorted(allids(s="feed/2")[0]); b = sorted(allids(s="feed/http://feeds.invalid/b.xml")[0]); (a == b, a == sorted(i for i, x in state().items() if x["feed"] == "feed/2"))')" \
    "(True, True)"
is "s=user/-/label/News: the items of the feeds with that label" \
    "$(c 'sorted(allids(s="user/-/label/News")[0]) == sorted(allids(s="feed/1")[0])')" True
is "ot drops what is older, nt what is newer (seconds)" \
    "$(c 'c = admin("item", {"feed": "feed/2", "title": "old", "crawled": 1000000000}); d = admin("item", {"feed": "feed/2", "title": "older", "crawled": 999999000}); a = allids(s=RL, ot=1000000000)[0]; b = allids(s=RL, nt=1000000000)[0]; (c["id"] in a, d["id"] in a, sorted(b) == sorted([c["id"], d["id"]]))')" \
    "(True, False, True)"

# ---------------------------------------------------------------- ids
is "itemRefs ids are signed decimal: three are negative (above 2^63)" \
    "$(c 'sum(1 for i in allids(s=RL)[0] if i < 0) > 0 and all(str(i) == x["id"] for i, x in ((int(x["id"]), x) for x in get("stream/items/ids", s=RL, n=100)["itemRefs"]))')" True
is "one id in four forms (signed, unsigned, long hex, long decimal) names one item" \
    "$(c 'ok = []
for i in [v for v in state() if v < 0][:2] + [v for v in state() if v > 0][:2]:
    r = post("stream/items/contents", [("i", f) for f in forms(i)])
    items = json.loads(r[2])["items"]
    ok.append((r[0], len(items), parse(items[0]["id"]) == i))
ok')" "[(200, 1, True), (200, 1, True), (200, 1, True), (200, 1, True)]"
is "ITEM ids in the default long form: 16 hex digits" \
    "$(c 'all(x["id"].startswith(LONG) and len(x["id"]) == len(LONG) + 16 for x in get("stream/contents/" + RL, n=100)["items"])')" True
is "items/contents of several ids: every one once, unknown ids left out" \
    "$(c 'ids = allids(s=RL)[0][:6]; r = json.loads(post("stream/items/contents", [("i", str(i)) for i in ids] + [("i", "12345")])[2]); sorted(parse(x["id"]) for x in r["items"]) == sorted(ids)')" True
is "ITEM fields: title, link, content, origin, categories with read and starred" \
    "$(c 'i = [v for v, x in state().items() if x["title"] == "Item 15"][0]; x = json.loads(post("stream/items/contents", [("i", str(i))])[2])["items"][0]; j = [v for v, x in state().items() if x["title"] == "Item 14"][0]; y = json.loads(post("stream/items/contents", [("i", str(j))])[2])["items"][0]
(x["title"], x["alternate"][0]["href"], x["summary"]["content"], x["origin"]["streamId"], x["published"], READ in x["categories"], STAR in x["categories"], y["categories"])')" \
    "('Item 15', 'http://feeds.invalid/15', '<p>15</p>', 'feed/2', 1700000015, True, True, ['user/-/state/com.google/reading-list', 'user/-/label/News'])"

# With --id-form mixed the ITEM ids come in all three forms, and each
# parses (by the client's rule) to the id in itemRefs.
py_server "$SERVER" mixed "the server with mixed ids" --id-form mixed --user u --password p
P2=$_py_port
cp_port "$P2" 'admin("feed", {"url": "http://feeds.invalid/m.xml", "title": "M"})' >/dev/null
cp_port "$P2" '[admin("item", {"feed": "feed/1", "title": "m%d" % i}) for i in range(12)] and None' >/dev/null
cp_port "$P2" 'login("u", "p")' >/dev/null
is "--id-form mixed: long hex, long decimal and short ids, all the itemRefs ids" \
    "$(cp_port "$P2" 'items = get("stream/contents/" + RL, n=100)["items"]; kinds = sorted({("long-hex" if len(x["id"]) == len(LONG) + 16 else "long-dec") if x["id"].startswith(LONG) else "short" for x in items}); (kinds, sorted(parse(x["id"]) for x in items) == sorted(allids(s=RL)[0]))')" \
    "(['long-dec', 'long-hex', 'short'], True)"

# ---------------------------------------------------------------- tokens
c 'token()' >/dev/null
ID=$(c '[v for v, x in state().items() if not x["read"]][0]')
is "edit-tag without T: 401 with X-Reader-Google-Bad-Token: true" \
    "$(c 'r = post("edit-tag", [("i", "'"$ID"'"), ("a", READ)], T=None); (r[0], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, 'true')"
is "edit-tag with a wrong T: the same" \
    "$(c 'r = post("edit-tag", [("i", "'"$ID"'"), ("a", READ)], T="x" * 57); (r[0], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, 'true')"
is "a refused write changed nothing" "$(c 'state()['"$ID"']["read"]')" False
is "with the token: OK" "$(c 'post("edit-tag", [("i", "'"$ID"'"), ("a", READ)])[2]')" OK
c 'admin("expire-token", {})' >/dev/null
is "after expire-token the old T: 401 with the bad-token header" \
    "$(c 'r = post("edit-tag", [("i", "'"$ID"'"), ("r", READ)]); (r[0], r[1].get("X-Reader-Google-Bad-Token"), state()['"$ID"']["read"])')" \
    "(401, 'true', True)"
is "a new token works" "$(c 'token(); post("edit-tag", [("i", "'"$ID"'"), ("r", READ)])[2]')" OK

py_server "$SERVER" ttl "the server with --token-ttl 0" --token-ttl 0 --user u --password p
P3=$_py_port
cp_port "$P3" 'admin("feed", {"url": "http://feeds.invalid/t.xml"})' >/dev/null
I3=$(cp_port "$P3" 'admin("item", {"feed": "feed/1", "title": "t"})["id"]')
is "--token-ttl 0: a fresh token is already stale, 401 with the header" \
    "$(cp_port "$P3" 'login("u", "p"); token(); r = post("edit-tag", [("i", "'"$I3"'"), ("a", READ)]); (r[0], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, 'true')"

c 'admin("expire-auth", {})' >/dev/null
is "after expire-auth: 401 without the bad-token header" \
    "$(c 'r = raw("/reader/api/0/tag/list", {"output": "json"}); (r[0], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, None)"
is "logging in again works" "$(c 'login(); token(); len(get("tag/list")["tags"])')" 2

# ---------------------------------------------------------------- edit-tag
is "edit-tag a=read twice, r=read twice: absolute, so safe to repeat" \
    "$(c 'r = []
for tag, f in ((READ, "a"), (READ, "a"), (READ, "r"), (READ, "r")):
    post("edit-tag", [("i", "'"$ID"'"), (f, tag)]); r.append(state()['"$ID"']["read"])
r')" "[True, True, False, False]"
is "edit-tag a=starred and r=starred the same" \
    "$(c 'r = []
for f in "aarr":
    post("edit-tag", [("i", "'"$ID"'"), (f, STAR)]); r.append(state()['"$ID"']["starred"])
r')" "[True, True, False, False]"
is "one edit-tag, many i= in all forms, ids above 2^63 too" \
    "$(c 'ids = sorted(i for i, x in state().items() if not x["read"])[:4]; post("edit-tag", [("i", forms(i)[k]) for k, i in enumerate(ids)] + [("a", READ)]); [state()[i]["read"] for i in ids] + [ids[0] < 0]')" \
    "[True, True, True, True, True]"

# ---------------------------------------------------------------- mark-all
is "mark-all-as-read s=feed/2 ts=T: only that feed, only items not newer than T" \
    "$(c 'for i in state(): admin("mark", {"id": i, "read": False})
f2 = sorted((int(x["timestampUsec"]), i) for i, x in state().items() if x["feed"] == "feed/2")
ts = f2[len(f2) // 2][0]
r = post("mark-all-as-read", [("s", "feed/2"), ("ts", str(ts))])[2]
s = state()
(r, all(s[i]["read"] == (t <= ts) for t, i in f2), not any(x["read"] for x in s.values() if x["feed"] != "feed/2"))')" \
    "('OK', True, True)"
is "mark-all-as-read without T: 401 with the header" \
    "$(c 'r = post("mark-all-as-read", [("s", RL)], T=None); (r[0], r[1].get("X-Reader-Google-Bad-Token"))')" \
    "(401, 'true')"

# ---------------------------------------------------------------- subscriptions
is "quickadd: numResults 1 and the new feed's stream id" \
    "$(c 'json.loads(post("subscription/quickadd", [("quickadd", "http://feeds.invalid/c.xml")])[2])')" \
    "{'numResults': 1, 'query': 'http://feeds.invalid/c.xml', 'streamId': 'feed/3', 'streamName': 'http://feeds.invalid/c.xml'}"
is "subscription/edit: rename and label, then unsubscribe" \
    "$(c 'a = post("subscription/edit", [("ac", "edit"), ("s", "feed/3"), ("t", "Feed C"), ("a", "user/-/label/Tech")])[2]
s1 = [(x["title"], x["categories"][0]["label"]) for x in get("subscription/list")["subscriptions"] if x["id"] == "feed/3"]
b = post("subscription/edit", [("ac", "unsubscribe"), ("s", "feed/3")])[2]
(a, s1, b, [x["id"] for x in get("subscription/list")["subscriptions"]])')" \
    "('OK', [('Feed C', 'Tech')], 'OK', ['feed/1', 'feed/2'])"
is "subscription/edit subscribe with feed/URL and a label" \
    "$(c 'post("subscription/edit", [("ac", "subscribe"), ("s", "feed/http://feeds.invalid/d.xml"), ("a", "user/-/label/News"), ("t", "D")])[2] + " " + str([(x["title"], x["categories"][0]["label"]) for x in get("subscription/list")["subscriptions"] if x["url"].endswith("d.xml")])')" \
    "OK [('D', 'News')]"

# ---------------------------------------------------------------- where parameters are read
is "edit-tag with i= in the URL (FreshRSS reads the body): 400, nothing changed" \
    "$(c 'i = [v for v, x in state().items() if not x["read"]][0]; r = raw("/reader/api/0/edit-tag?i=%d" % i, form=[("a", READ), ("T", st["T"])]); (r[0], state()[i]["read"])')" \
    "(400, False)"
is "edit-tag with T in the URL: 401 with the bad-token header" \
    "$(c 'i = [v for v, x in state().items() if not x["read"]][0]; r = raw("/reader/api/0/edit-tag?T=" + st["T"], form=[("i", str(i)), ("a", READ)]); (r[0], r[1].get("X-Reader-Google-Bad-Token"), state()[i]["read"])')" \
    "(401, 'true', False)"
is "edit-tag with an unknown tag: 400 and no change, also to the good tag" \
    "$(c 'i = [v for v, x in state().items() if not x["read"]][0]; r = post("edit-tag", [("i", str(i)), ("a", READ), ("a", "feed/1")]); (r[0], state()[i]["read"])')" \
    "(400, False)"
is "rename-tag News to Daily, then disable-tag Daily" \
    "$(c 'a = post("rename-tag", [("s", "user/-/label/News"), ("dest", "user/-/label/Daily")])[2]; t1 = [x["id"] for x in get("tag/list")["tags"]]; b = post("disable-tag", [("s", "user/-/label/Daily")])[2]; (a, t1, b, [x["id"] for x in get("tag/list")["tags"]])')" \
    "('OK', ['user/-/state/com.google/starred', 'user/-/label/Daily'], 'OK', ['user/-/state/com.google/starred'])"

# ---------------------------------------------------------------- hostile replies
c 'token()' >/dev/null
is "hostile kinds: each reply is what it says" \
    "$(c 'def h(kind, path="/reader/api/0/stream/items/ids", q={"s": RL, "output": "json", "n": 3}):
    admin("hostile", {"kind": kind}); r = raw(path, q, binary=True); admin("hostile", {"kind": ""}); return r
def isjson(b):
    try: json.loads(b); return True
    except ValueError: return False
r = {}
r["html"] = h("html")[1]["Content-Type"].startswith("text/html")
r["badjson"] = not isjson(h("badjson")[2])
r["deep"] = h("deep")[2].startswith(b"[" * 1000)
r["huge"] = len(h("huge")[2]) > 3000000
r["empty"] = h("empty")[2] == b""
e = json.loads(h("escapes", "/reader/api/0/stream/contents/" + RL)[2])["items"][0]
r["escapes"] = "\x1b]0;" in e["title"] and "\u202e" in e["title"] and "\x00" in e["author"]
r["badutf8"] = b"\xff\xfe" in h("badutf8", "/reader/api/0/subscription/list")[2]
r["numbers"] = type(json.loads(h("numbers")[2])["itemRefs"][0]["id"]) is int
r["badids"] = json.loads(h("badids")[2])["itemRefs"][0]["id"] == ""
r["wrongtypes"] = type(json.loads(h("wrongtypes")[2])["itemRefs"]) is dict
r["after"] = len(get("stream/items/ids", s=RL, n=3)["itemRefs"]) == 3
[k for k, v in r.items() if not v]')" "[]"
is "hostile loop: the same page and continuation again and again" \
    "$(c 'admin("hostile", {"kind": "loop"}); a = get("stream/items/ids", s=RL, n=3); b = get("stream/items/ids", s=RL, n=3, c=a["continuation"]); c2 = get("stream/items/ids", s=RL, n=3, c=b["continuation"]); admin("hostile", {"kind": ""}); (a == b == c2, "continuation" in c2)')" \
    "(True, True)"
is "hostile with a count: only the next N API calls" \
    "$(c 'admin("hostile", {"kind": "empty", "count": 2}); [len(raw("/reader/api/0/tag/list", {"output": "json"})[2]) > 0 for _ in range(3)]')" \
    "[False, False, True]"
is "an unknown hostile kind is refused" \
    "$(c 'r = urllib.request.Request(ADMIN + "hostile", data=b"{\"kind\": \"nope\"}")
try: urllib.request.urlopen(r); x = 200
except urllib.error.HTTPError as e: x = e.code
x')" 400

# ---------------------------------------------------------------- real servers' variants
# FreshRSS's continuation (the last id) and Miniflux's (an offset).
py_server "$SERVER" cid "the server with FreshRSS continuations" --continuation id \
    --page-max 3 --user u --password p
P4=$_py_port
cp_port "$P4" 'admin("feed", {"url": "http://feeds.invalid/i.xml"}); [admin("item", {"feed": "feed/1", "title": "i%d" % k}) for k in range(10)]; login("u", "p")' >/dev/null
is "--continuation id: the continuation is the last id sent; all 10 once" \
    "$(cp_port "$P4" 'a = get("stream/items/ids", s=RL); ids, p = allids(s=RL); (a["continuation"] == a["itemRefs"][-1]["id"], len(ids), len(set(ids)), p)')" \
    "(True, 10, 10, 4)"
py_server "$SERVER" coff "the server with Miniflux continuations" --continuation offset \
    --page-max 3 --user u --password p
P5=$_py_port
cp_port "$P5" 'admin("feed", {"url": "http://feeds.invalid/o.xml"}); [admin("item", {"feed": "feed/1", "title": "o%d" % k}) for k in range(10)]; login("u", "p")' >/dev/null
is "--continuation offset: 3, 6, 9 and all 10 once; an item read while paging xt=read makes one skip, as on Miniflux" \
    "$(cp_port "$P5" 'ids, p = allids(s=RL); cs = []; c = None
for _ in range(3):
    r = get("stream/items/ids", s=RL, **({"c": c} if c else {})); c = r["continuation"]; cs.append(c)
first = get("stream/items/ids", s=RL, xt=READ); admin("mark", {"id": int(first["itemRefs"][0]["id"]), "read": True})
rest = allids(s=RL, xt=READ, c=first["continuation"])[0]
(len(set(ids)), p, cs, len(first["itemRefs"]) + len(rest))')" \
    "(10, 4, ['3', '6', '9'], 9)"
# Inoreader's stream ids, FreshRSS's headers.
py_server "$SERVER" ino "the server with Inoreader ids and FreshRSS headers" \
    --user-id 1005921515 --feed-ids url --bad-token-header freshrss --bad-auth-header \
    --user u --password p
P6=$_py_port
cp_port "$P6" 'admin("feed", {"url": "http://feeds.invalid/n.xml", "title": "N", "label": "Lab"}); admin("item", {"feed": "feed/1", "title": "n", "starred": True}); login("u", "p"); token()' >/dev/null
is "--user-id and --feed-ids url: user/1005921515/... and feed/URL everywhere" \
    "$(cp_port "$P6" 's = get("subscription/list")["subscriptions"][0]; it = get("stream/contents/" + RL)["items"][0]; (s["id"], s["categories"][0]["id"], [t["id"] for t in get("tag/list")["tags"]], it["origin"]["streamId"], it["categories"], len(allids(s=s["id"])[0]), len(allids(s="user/1005921515/label/Lab")[0]))')" \
    "('feed/http://feeds.invalid/n.xml', 'user/1005921515/label/Lab', ['user/1005921515/state/com.google/starred', 'user/1005921515/label/Lab'], 'feed/http://feeds.invalid/n.xml', ['user/1005921515/state/com.google/reading-list', 'user/1005921515/state/com.google/starred', 'user/1005921515/label/Lab'], 1, 1)"
is "--bad-token-header freshrss --bad-auth-header: Google-Bad-Token on a bad T and on a bad Auth" \
    "$(cp_port "$P6" 'a = post("edit-tag", [("i", "1"), ("a", READ)], T="zz"); st["auth"] = "nobody"; b = raw("/reader/api/0/tag/list", {"output": "json"}); ((a[0], a[1].get("Google-Bad-Token"), a[1].get("X-Reader-Google-Bad-Token")), (b[0], b[1].get("Google-Bad-Token")))')" \
    "((401, 'true', None), (401, 'true'))"
py_server "$SERVER" mf "the server at the root" --base "" --user u --password p
P7=$_py_port
is "--base \"\": Miniflux's layout, the API at the root" \
    "$(cp_port "$P7" 'BASE = "http://127.0.0.1:%d" % PORT; (login("u", "p")[0], raw("/reader/api/0/tag/list", {"output": "json"})[0], raw("/api/greader.php/accounts/ClientLogin", form={"Email": "u", "Passwd": "p"}, base="http://127.0.0.1:%d" % PORT)[0])')" \
    "(200, 200, 404)"

# The flavors: FreshRSS's and Miniflux's ways where they differ.
py_server "$SERVER" fr "the server as FreshRSS" --flavor freshrss --user u --password p
P8=$_py_port
cp_port "$P8" 'admin("feed", {"url": "http://feeds.invalid/f.xml", "label": "L"}); [admin("item", {"feed": "feed/1", "title": "f%d" % k}) for k in range(3)]; login("u", "p"); token()' >/dev/null
is "--flavor freshrss: its login refusal, its header, T \"\" accepted, one tag per edit-tag, 501, 400" \
    "$(cp_port "$P8" 'i = list(state())[0]
a = login("u", "nope")
st["auth"] = None; login("u", "p"); token()
b = post("edit-tag", [("i", str(i)), ("a", READ)], T="zz")
c = post("edit-tag", [("i", str(i)), ("a", READ), ("a", STAR)], T="")[0]
x = state()[i]
(a, b[0], b[1].get("Google-Bad-Token"), c, x["read"], x["starred"], raw("/reader/api/0/tag/list")[0], raw("/reader/api/0/nothing")[0])')" \
    "((401, 'Unauthorized!'), 401, 'true', 200, False, True, 501, 400)"
py_server "$SERVER" mx "the server as Miniflux" --flavor miniflux --base "" --user u --password p
P9=$_py_port
cp_port "$P9" 'admin("feed", {"url": "http://feeds.invalid/x.xml", "label": "L"}); [admin("item", {"feed": "feed/1", "title": "x%d" % k, "published": 1600000000 + k * 100, "starred": k == 1}) for k in range(4)] and None' >/dev/null
is "--flavor miniflux: its login refusal, user/1/, it= ignored, ot on the published date, [] for the unknown" \
    "$(cp_port "$P9" 'BASE = "http://127.0.0.1:%d" % PORT
a = login("u", "nope"); st["auth"] = None; login("u", "p")
(a[0], json.loads(a[1]), get("tag/list")["tags"][0]["id"], len(allids(s=RL, it=STAR)[0]), len(allids(s=RL, ot=1600000100)[0]), raw("/reader/api/0/nothing")[2], raw("/reader/api/0/tag/list")[0])')" \
    "(401, {'error_message': 'access unauthorized'}, 'user/1/state/com.google/starred', 4, 2, '[]', 400)"
is "--flavor miniflux: mark-all-as-read with ts in seconds against the published date" \
    "$(cp_port "$P9" 'BASE = "http://127.0.0.1:%d" % PORT; token(); r = post("mark-all-as-read", [("s", RL), ("ts", "1600000150")])[2]; (r, sorted(x["read"] for x in state().values()))')" \
    "('OK', [False, False, True, True])"

# ---------------------------------------------------------------- failures, log
is "admin/fail: the next 2 API requests answer 503, then it serves again" \
    "$(c 'admin("fail", {"count": 2, "status": 503}); [raw("/reader/api/0/tag/list", {"output": "json"})[0] for _ in range(3)]')" \
    "[503, 503, 200]"
is "the log keeps each request, values as lists, the password hidden" \
    "$(c 'l = admin("log"); (l[0]["path"], l[0]["form"]["Passwd"], l[1]["form"]["Passwd"], [e["query"].get("s") for e in l if e["path"] == "/reader/api/0/stream/items/ids"][0])')" \
    "('/accounts/ClientLogin', ['<other>'], ['<password>'], ['user/-/state/com.google/reading-list'])"
is "admin/hostile badjson: the reply is not JSON; kind \"\" ends it" \
    "$(c 'admin("hostile", {"kind": "badjson"}); a = raw("/reader/api/0/stream/items/ids", {"s": RL})[2]; admin("hostile", {"kind": ""}); b = raw("/reader/api/0/stream/items/ids", {"s": RL, "output": "json"})[2]; (a.startswith("{") and not a.endswith("}"), "itemRefs" in json.loads(b))')" \
    "(True, True)"
is "--log FILE: one JSON line per API request, as in /admin/log" \
    "$(c 'l = [json.loads(x) for x in open("'"$T/gr.log"'")]; a = admin("log"); (len(l) == len(a), l[-1] == a[-1], l[0]["form"]["Passwd"])')" \
    "(True, True, ['<other>'])"

finish
