#!/usr/bin/env python3
"""A protocol-faithful Google Reader API server for tidende's tests.

Written from the public descriptions of the API (sources in PROTOCOL
NOTES below; no code copied); standard library only.  Listens on
127.0.0.1 only, on a free port written to --port-file once it accepts
connections.  State lives in memory; one server process per test.

    fake-greader.py --port-file FILE [--id-form long-hex|long-dec|short|mixed]
        [--token-ttl SECS] [--page-max N] [--log FILE]
        [--base PATH] [--user NAME --password PW]
        [--continuation key|id|offset] [--user-id ID] [--feed-ids num|url]
        [--bad-token-header x-reader|freshrss|both|none] [--bad-auth-header]

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
  POST rename-tag              T s=user/-/label/A dest=user/-/label/B -> "OK"
  POST disable-tag             T s=user/-/label/A (repeated)   -> "OK"
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
    2^64-n (both negative in signed decimal).  None has 16 decimal
    digits, so a long form with decimal digits is never mistaken for
    hex.  /admin/item may name an id ("id", any form).  itemRefs ids are
    always signed decimal.
  * timestampUsec is the crawl time: when /admin/item ran (microseconds,
    strictly increasing), or "crawled" (unix seconds) if given.  It is
    what ot, nt, r=o, ts and the order of streams use (newest first).
    ot and nt are inclusive.
  * Continuations are opaque keys of the last item sent (keyset paging),
    so a stream that changes between pages neither skips nor repeats an
    item that stays in it.  n defaults to 20 and is capped by --page-max
    (default 1000).
  * The log's "path" is relative to the API base; "query" and "form"
    map each name to the LIST of its values (i= is repeated); Passwd is
    logged as "<password>" when right and "<other>" when wrong.
  * Parameters are read where FreshRSS reads them: a GET's from its
    query; edit-tag, mark-all-as-read, rename-tag, disable-tag and
    stream/items/contents from the POST body only (a client that puts
    i= or T in the URL fails here as it would on FreshRSS); ClientLogin,
    quickadd and subscription/edit from either.  T is always read from
    the body.
  * A write's tags are all checked before anything changes: an unknown
    a=/r= (not a state or user/-/label/..) is 400 and changes nothing.
    Unknown item ids are ignored (OK), as on FreshRSS.

PROTOCOL NOTES: what this server covers, and where real servers differ
------------------------------------------------------------------------
Sources (all public): the Google Reader API wiki (mihaip/google-reader-api
on GitHub: ItemId, ApiSubscriptionEdit), pyrfeed's GoogleReaderAPI page,
Nick Bradbury's "Google Reader API" notes (2009), Martin Doms's "Using the
Google Reader API" parts 1-3, FreshRSS's p/api/greader.php (read at
commit 6c58b90, Oct 2024) and its docs page "Google Reader compatible API
implementation", Miniflux's internal/googlereader (README.md and item.go,
2025), The Old Reader's API README (theoldreader/api), Inoreader's
developer pages (auth, app-auth, stream-contents, item-ids, edit-tag,
article-ids, subscription-list, unread-counts), BazQux's API README
(bazqux/bazqux-api), FeedHQ's API reference, and FreshRSS pull request
#2957 (bare hex ids from Reeder).

Covered, as the sources describe it:
  - ClientLogin: form Email/Passwd, text reply SID/LSID/Auth lines, 401
    on a bad password; Authorization: GoogleLogin auth=... on every call.
  - token: a 57-character T (pyrfeed: "a special 57 chars string ...
    that expire rather quickly"; FreshRSS pads to 57 with Z); writes
    need it; a stale one is 401 + X-Reader-Google-Bad-Token: true
    (Bradbury's notes, Miniflux's README).
  - Streams: feed/N and feed/URL, user/-/label/NAME, user/-/state/
    com.google/{reading-list,read,starred,kept-unread}; user/<id>/...
    is taken as user/-/....
  - Item ids: the long form (prefix + 16 zero-padded hex digits,
    unsigned) and the short form (signed decimal), as the ItemId wiki
    and Inoreader's article-ids page define them; ids above 2^63 are
    negative in the short form (the wiki's own example,
    fb115bd6d34a8e9f = -355401917359550817).  Requests accept both,
    unsigned decimal, the long form with decimal digits, and bare 16 hex
    digits.
  - stream/items/ids (itemRefs with decimal ids), stream/items/contents
    (POST, repeated i=), stream/contents/STREAM, with n, c/continuation
    (absent on the last page), r=o, xt, it, ot, nt; output=json
    (anything else is 400: this server speaks JSON only, as The Old
    Reader).
  - edit-tag with repeated i=, a= and r= (read, starred, kept-unread,
    labels; broadcast/like and other states accepted and ignored);
    mark-all-as-read with s= and ts= in microseconds (items not newer
    than ts); subscription/quickadd, subscription/edit
    (subscribe/unsubscribe/edit with t=, a=, r=), rename-tag,
    disable-tag, subscription/list, tag/list, unread-count, user-info.
Not covered: XML/Atom output (/reader/atom), OAuth (Inoreader), the
AppId/AppKey headers (Inoreader), SID cookies (old Google), the ck= and
client= parameters (accepted, ignored), includeAllDirectStreamIds,
directStreamIds contents, annotations, enclosures, subscription
import/export, preference/*, friend/*, stream/items/count, search.

Where real servers differ (a client must cope with all of these):
  - Base URL: FreshRSS .../api/greader.php/{accounts,reader/api/0};
    Miniflux, Inoreader, The Old Reader, BazQux at the host's root.
  - Login failure: Google, Inoreader, BazQux answer 401
    "Error=BadAuthentication"; FreshRSS 401 "Unauthorized!" with a
    Google-Bad-Token header; Miniflux 401 with a JSON error body.  Only
    the status is common.  FreshRSS and Miniflux need a separate API
    password set in the web interface, not the account's password.
  - The bad-token header: Google and Miniflux send
    X-Reader-Google-Bad-Token: true; FreshRSS sends Google-Bad-Token:
    true (no X-Reader- prefix), and sends it for a bad Auth too, so the
    header cannot tell "get a new T" from "log in again"; Miniflux also
    sends it for any auth failure (--bad-token-header, --bad-auth-header
    reproduce both).  A client should, on a 401 to a write, fetch a new
    T once and retry, and log in again only when the token call itself
    is refused.
  - T: Google's expired "rather quickly"; FreshRSS's never expires and
    it even accepts an empty T or "x" (for FeedMe and Reeder); Miniflux's
    T is the Auth itself and Miniflux authenticates POSTs by T alone,
    not by the Authorization header; The Old Reader's token call returns
    the Auth ("added for compatibility"); Inoreader's ClientLogin is
    legacy (OAuth 2.0 for new apps) and needs AppId/AppKey headers.
    FreshRSS does not check T on quickadd and subscription/edit.
  - Item ids in replies: itemRefs decimal everywhere; ITEM ids long hex
    on FreshRSS, Miniflux, Google; Inoreader's edit-tag page shows
    tag:google.com,2005:reader/item/1234567890 (decimal digits after
    the prefix), hence --id-form long-dec; The Old Reader uses 24-hex
    BSON ObjectIds for items and feeds.  Parsing requests: FreshRSS
    takes an all-digit id not starting with 0 as decimal and anything
    else as hex after the last "/" (so prefix+decimal is read as HEX
    there); Miniflux's item.go wants exactly 16 hex digits after the
    prefix and a signed int64 otherwise (its newer README adds unpadded
    hex after the prefix and bare 16-hex).  So a client should only ever
    send the short form or the 16-hex long form.
  - Continuation: FreshRSS returns the id (decimal) of the last item and
    starts the next page after it (--continuation id); Miniflux returns a
    numeric SQL offset (--continuation offset), which skips items when
    the stream changes between pages (e.g. marked read while paging
    xt=read); Inoreader and Google an opaque string.  Clients must treat
    it as opaque and stop when it is absent (and not loop for ever when
    a server repeats it: /admin/hostile loop).
  - n: default 20 (Google, FreshRSS, Inoreader); Miniflux unbounded when
    n is absent; caps: Inoreader 1000 ids / 100 (older docs 1000)
    contents, The Old Reader 10000 ids / 1000 contents (--page-max).
  - ot/nt: "only items crawled after ot" (pyrfeed; FreshRSS: id >= ot
    and id <= nt in microseconds, its ids being crawl times, inclusive as
    here, app/Models/EntryDAO.php); Miniflux compares with the
    published date; Inoreader: ot only, and with r=o clamped to one month
    ago; The Old Reader lists them as "newer than"/"older than".  BazQux
    warns clients not to bound the unread list with ot, as issue 16
    says.  This server uses the crawl time.
  - xt/it: FreshRSS reads one xt and one it; Miniflux parses it= but
    ignores it and supports no label stream in stream/items/ids;
    Inoreader's it accepts read, starred, like; The Old Reader: "xt does
    not work for starred items".  This server takes each repeatedly.
  - edit-tag: FreshRSS reads a single a= and a single r= (PHP $_POST, the
    last one wins) though i= may repeat; Miniflux reads a/r only from the
    body and refuses contradictory pairs; Inoreader silently refuses to
    mark unread items older than the feed's firstitemmsec.  One tag per
    request is what works everywhere.
  - mark-all-as-read ts: microseconds on Google, FreshRSS, Inoreader (The
    Old Reader's and FreshRSS's comments say "nanoseconds" but the
    example is microseconds; The Old Reader's TODO once said
    milliseconds); Miniflux takes >= 16 digits as microseconds, else
    seconds, and the published date; FreshRSS marks "id <= ts" (its ids
    are crawl times in microseconds; no ts means now; ts not all digits
    is 400).
  - Stream and category ids: FreshRSS and The Old Reader write user/-/...;
    Miniflux user/1/..., Inoreader user/1005921515/... (--user-id);
    feed ids feed/N (FreshRSS, Miniflux), feed/URL (Inoreader, Google;
    --feed-ids url), feed/<ObjectId> (The Old Reader); Miniflux's
    subscribe wants feed/URL while edit/unsubscribe want feed/N.
  - output: FreshRSS answers 501 for tag/list, subscription/list and
    unread-count without output=json; Miniflux wants it on some calls;
    Inoreader's stream/contents is always JSON.  Send output=json always.
  - Unknown endpoints: FreshRSS 400, Miniflux 200 "[]", this server 404.

Added after the first version (appended, nothing before changed):
  - rename-tag, disable-tag; unread-count (already there, now listed).
  - options --continuation, --user-id, --feed-ids, --bad-token-header,
    --bad-auth-header; parameters read where FreshRSS reads them.
  - /admin/item takes "crawled" (unix seconds) and "author"; its reply
    also has "timestampUsec" and "unsigned"; /admin/state items also
    have "timestampUsec" and "tags"; /admin/feed takes "labels" (list).
  - /admin/hostile {"kind", "count"?}: the kind lasts for "count" API
    calls (token and ClientLogin not counted), or until {"kind": ""}:
      html        every reply an HTML page
      badjson     truncated JSON            deep   100,000 nested arrays
      huge        3 MB of JSON              empty  200 with no body
      escapes     titles, authors, labels, links with ESC/OSC sequences,
                  C1 controls, bidi overrides, NUL, CR/LF, markup, script
      badutf8     invalid UTF-8 bytes inside every "title"
      numbers     itemRefs ids and timestamps as JSON numbers
      badids      invalid ids first in itemRefs and items (empty, 12abc,
                  2^64, below -2^63, 1e5, null, 12.5, a 21-digit long form)
      wrongtypes  the right keys with the wrong JSON types
      loop        the same page and the same continuation for ever
  - the log entries also have "status" and "full_path".
  - stream/items/ids without s= is 400 (FreshRSS and Miniflux need it);
    stream/contents without a stream is the reading list.
  - --flavor google|freshrss|miniflux (default google: all the above).
    A flavor sets the defaults of --bad-token-header, --bad-auth-header,
    --user-id, --continuation (given options win) and behaves as that
    server does where the notes above say it differs:
      freshrss  login refused: 401 "Unauthorized!" + Google-Bad-Token;
                Google-Bad-Token (no X-Reader-) on a bad T and a bad
                Auth; T missing, empty or "x" accepted; edit-tag applies
                only the last a= and the last r=; tag/list,
                subscription/list, unread-count without output=json:
                501; continuation = the last id; mark-all-as-read
                without ts: now; unknown endpoint: 400.
      miniflux  login refused: 401 JSON {"error_message"}; the bad-token
                header on any auth failure; user/1/... ids; continuation
                = an offset; it= ignored; ot/nt against the published
                date (exclusive); no n: no limit (--page-max still caps);
                mark-all-as-read ts of < 16 digits in seconds, against
                the published date; tag/list, subscription/list,
                stream/items/ids without output=json: 400; unknown
                endpoint: 200 "[]".
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
        self.hostile_left = 0
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
    if ARGS.feed_ids == "url":
        return "feed/" + f["url"]
    return "feed/%d" % f["n"]


def out_stream(s):
    """A user/-/... stream as this server writes it (--user-id)."""
    if ARGS.user_id != "-" and s.startswith("user/-/"):
        return "user/%s/%s" % (ARGS.user_id, s[7:])
    return s


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
    if ARGS.flavor != "miniflux":       # Miniflux parses it= and ignores it
        for x in q.get("it", []):
            rows = [it for it in rows if item_in(it, x)]
    ot = num(q, "ot")
    nt = num(q, "nt")
    if ARGS.flavor == "miniflux":       # the published date, exclusive
        if ot is not None:
            rows = [it for it in rows if it["published"] > ot]
        if nt is not None:
            rows = [it for it in rows if it["published"] < nt]
        ot = nt = None
    if ot is not None:
        rows = [it for it in rows if it["ts"] >= ot * 1000000]
    if nt is not None:
        rows = [it for it in rows if it["ts"] <= nt * 1000000]
    oldest_first = first(q, "r") == "o"
    rows.sort(key=lambda it: (it["ts"], it["id"]), reverse=not oldest_first)
    c = first(q, "c")
    offset = 0
    if c:
        if ARGS.continuation == "offset":
            if not c.isdigit():
                raise ValueError("bad continuation")
            offset = int(c)
        else:
            key = parse_cont(c)
            if key is None:
                raise ValueError("bad continuation")
            if oldest_first:
                rows = [it for it in rows if (it["ts"], it["id"]) > key]
            else:
                rows = [it for it in rows if (it["ts"], it["id"]) < key]
    n = num(q, "n")
    if n is None and ARGS.flavor == "miniflux":
        n = ARGS.page_max               # no n: no limit on Miniflux
    if n is None or n <= 0:
        n = 20
    n = min(n, ARGS.page_max)
    page = rows[offset:offset + n]
    cont = None
    if len(rows) > offset + n:
        last = page[-1]
        if ARGS.continuation == "offset":
            cont = str(offset + n)
        elif ARGS.continuation == "id":
            cont = str(signed(last["id"]))
        else:
            cont = "%x.%x" % (last["ts"], last["id"])
    if S.hostile == "loop" and page:
        # The same page and the same continuation, for ever.
        if ARGS.continuation == "offset":
            cont = str(offset)
        elif ARGS.continuation == "key":
            cont = "%x.%x" % (page[0]["ts"] + (1 if not oldest_first else -1),
                              page[0]["id"])
        else:
            cont = c or str(signed(page[-1]["id"]))
    return page, cont


def parse_cont(c):
    """The position after which the next page starts: our own key, or
    (--continuation id, FreshRSS's way) the id of the last item sent."""
    if ARGS.continuation == "id":
        v = parse_id(c)
        it = S.items.get(v) if v is not None else None
        return (it["ts"], it["id"]) if it else None
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
    cats = [out_stream(x) for x in cats]
    if S.hostile == "escapes":
        return {
            "id": item_id_json(it), "crawlTimeMsec": str(it["ts"] // 1000),
            "timestampUsec": str(it["ts"]), "published": it["published"],
            "title": NASTY + it["title"], "author": NASTY,
            "canonical": [{"href": "javascript:alert(1)"}],
            "alternate": [{"href": it["link"] + "\n\x1b[2J", "type": "text/html"}],
            "summary": {"content": "<script>alert(1)</script>" + NASTY + it["content"]},
            "categories": cats + [LABEL + NASTY],
            "origin": {"streamId": feed_stream(f), "title": NASTY + f["title"],
                       "htmlUrl": "http://x.invalid/\x1b[31m"}}
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
    if S.hostile == "escapes":
        return {"id": feed_stream(f), "title": NASTY + f["title"],
                "url": f["url"], "htmlUrl": "http://x.invalid/\x1b[31m\n",
                "iconUrl": "file:///etc/passwd",
                "categories": [{"id": LABEL + NASTY, "label": NASTY}]}
    return {"id": feed_stream(f), "title": f["title"], "url": f["url"],
            "htmlUrl": f["html"], "iconUrl": "",
            "categories": [{"id": out_stream(LABEL + lab), "label": lab}
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


WRITES = ("edit-tag", "mark-all-as-read", "subscription/quickadd",
          "subscription/edit", "rename-tag", "disable-tag")
NEED_OUTPUT = {"freshrss": ("tag/list", "subscription/list", "unread-count"),
               "miniflux": ("tag/list", "subscription/list", "stream/items/ids")}
BODY_ONLY = ("edit-tag", "mark-all-as-read", "rename-tag", "disable-tag",
             "stream/items/contents")


def unauthorized(bad_token=False):
    """401; a stale or missing T (bad_token) says so in a header, by
    default Google's X-Reader-Google-Bad-Token (--bad-token-header)."""
    h = {}
    if bad_token or ARGS.bad_auth_header:
        if ARGS.bad_token_header in ("x-reader", "both"):
            h["X-Reader-Google-Bad-Token"] = "true"
        if ARGS.bad_token_header in ("freshrss", "both"):
            h["Google-Bad-Token"] = "true"
    return Reply(401, "Unauthorized\n", headers=h)


def js(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    if S.hostile == "badutf8":
        body = body.replace(b'"title": "', b'"title": "\xff\xfe\xc3(')
    return Reply(200, body, "application/json; charset=utf-8")


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
        if out is None and op in NEED_OUTPUT.get(ARGS.flavor, ()):
            if ARGS.flavor == "freshrss":
                raise Reply(501, "Not Implemented!")
            raise Reply(400, '{"error_message":"output=json is required"}',
                        "application/json")
        # Where parameters are read, as FreshRSS reads them: a GET from
        # its query; edit-tag, mark-all-as-read, rename-tag, disable-tag
        # and items/contents from the POST body only (output may stay in
        # the query); the rest of the POSTs from both.
        if op in BODY_ONLY:
            if self.command != "POST":
                raise Reply(405, "Method Not Allowed\n")
            params = dict(form)
            if "output" in query:
                params["output"] = query["output"]
        elif self.command == "GET":
            params = query
        else:
            params = both
        if op in WRITES:
            if self.command != "POST":
                raise Reply(405, "Method Not Allowed\n")
            self.check_token(user, form)
        try:
            return self.dispatch(op, params, user)
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
            if ARGS.flavor == "freshrss":
                raise Reply(401, "Unauthorized!", headers={"Google-Bad-Token": "true"})
            if ARGS.flavor == "miniflux":
                raise Reply(401, '{"error_message":"access unauthorized"}',
                            "application/json")
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
        if ARGS.flavor == "freshrss" and (t is None or t.strip() in ("", "x")):
            return   # FreshRSS lets FeedMe ("") and Reeder ("x") through
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
        if S.hostile and op != "token":
            S.hostile_left -= 1
            if S.hostile_left < 0:
                S.hostile = ""
            elif S.hostile_left == 0:
                S.hostile_left = -1     # this request is the last one
            hostile_reply(S.hostile, op)
        r = self.dispatch2(op, q, user)
        if S.hostile_left == -1:
            S.hostile = ""
        return r

    def dispatch2(self, op, q, user):
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
            tags = [{"id": out_stream(STARRED)}]
            labs = sorted({lab for f in S.feeds for lab in f["labels"]})
            tags += [{"id": out_stream(LABEL + lab), "type": "folder"} for lab in labs]
            itags = sorted({t for it in S.items.values() for t in it["tags"]} - set(labs))
            tags += [{"id": out_stream(LABEL + t), "type": "tag"} for t in itags]
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
                {"id": out_stream(k), "count": c[0], "newestItemTimestampUsec": str(c[1])}
                for k, c in sorted(counts.items())]})
        if op == "stream/items/ids":
            if not first(q, "s"):
                raise ValueError("no s=")   # FreshRSS and Miniflux need it
            page, cont = select(q)
            out = {"itemRefs": [{"id": str(signed(it["id"])), "directStreamIds": [],
                                 "timestampUsec": str(it["ts"])} for it in page]}
            if S.hostile == "numbers":
                for r in out["itemRefs"]:
                    r["id"] = int(r["id"])
                    r["timestampUsec"] = int(r["timestampUsec"])
            elif S.hostile == "badids":
                out["itemRefs"] = [{"id": x} for x in BAD_IDS] + out["itemRefs"]
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
            if S.hostile == "badids":
                items = BAD_ITEMS + items
            return js({"id": READING_LIST, "updated": int(time.time()), "items": items})
        if op == "stream/contents" or op.startswith("stream/contents/"):
            stream = unquote(op[len("stream/contents/"):]) if "/" in op[15:] else ""
            if stream:
                q = dict(q)
                q["s"] = [stream]
            page, cont = select(q)
            out = {"id": first(q, "s") or READING_LIST, "updated": int(time.time()),
                   "items": [item_json(it) for it in page]}
            if S.hostile == "badids":
                out["items"] = BAD_ITEMS + out["items"]
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
            if ARGS.flavor == "freshrss":
                adds, rems = adds[-1:], rems[-1:]   # PHP's $_POST: the last one
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
            if ARGS.flavor == "miniflux":
                # >= 16 digits microseconds, else seconds; none: now;
                # compared with the published date.
                t = time.time() if ts is None else (
                    ts / 1e6 if len(first(q, "ts")) >= 16 else ts)
                for it in S.items.values():
                    if item_in(it, s) and it["published"] < t:
                        it["read"] = True
                return Reply(200, "OK")
            if ts is None and ARGS.flavor == "freshrss":
                ts = int(time.time()) * 1000000
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
        if op == "rename-tag":
            src, dest = norm_stream(first(q, "s") or ""), norm_stream(first(q, "dest") or "")
            if not src.startswith(LABEL) or not dest.startswith(LABEL) or dest == LABEL:
                raise ValueError("s= and dest= must be labels")
            a, b = src[len(LABEL):], dest[len(LABEL):]
            found = False
            for f in S.feeds:
                if a in f["labels"]:
                    found = True
                    f["labels"] = [b if x == a else x for x in f["labels"]]
                    f["labels"] = list(dict.fromkeys(f["labels"]))
            for it in S.items.values():
                if a in it["tags"]:
                    found = True
                    it["tags"].discard(a)
                    it["tags"].add(b)
            if not found:
                raise LookupError("no label " + a)
            return Reply(200, "OK")
        if op == "disable-tag":
            names = [norm_stream(x) for x in q.get("s", [])]
            if not names or not all(x.startswith(LABEL) for x in names):
                raise ValueError("s= must be labels")
            for x in names:
                a = x[len(LABEL):]
                for f in S.feeds:
                    if a in f["labels"]:
                        f["labels"].remove(a)
                for it in S.items.values():
                    it["tags"].discard(a)
            return Reply(200, "OK")
        if ARGS.flavor == "freshrss":
            raise Reply(400, "Bad Request!")
        if ARGS.flavor == "miniflux":
            return js([])       # Miniflux's catch-all for what it lacks
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
            kind = d.get("kind", "") or ""
            if kind not in HOSTILE_KINDS:
                raise ValueError("no hostile kind " + kind)
            S.hostile = kind
            S.hostile_left = int(d.get("count", 1 << 60))
            return js({"ok": True})
        raise LookupError("no admin op " + op)


BAD_IDS = ("", "12abc", "18446744073709551616", "-9223372036854775809",
           "1e5", " 7", "tag:google.com,2005:reader/item/xyz", None, 12.5,
           "tag:google.com,2005:reader/item/000000000000000000001")
BAD_ITEMS = [{"id": "tag:google.com,2005:reader/item/xyz", "title": "bad id"},
             {"title": "no id"}, {"id": 5, "title": "number id"}, "not an object"]
HOSTILE_KINDS = ("", "html", "badjson", "deep", "huge", "empty", "escapes",
                 "badutf8", "numbers", "badids", "wrongtypes", "loop")
NASTY = ("\x1b]0;pwned\x07\x1b[31m<b>red</b>\x1b[0m <script>alert(1)</script>"
         "&amp; \u202emore\u202c \x9b31m \x00nul\r\nnext \u2028line")


def hostile_reply(kind, op):
    """Whole replies no real server should send; see /admin/hostile."""
    if kind == "html":
        raise Reply(200, "<html><body>Login</body></html>", "text/html")
    if kind == "badjson":
        raise Reply(200, '{"itemRefs":[{"id":"1"', "application/json")
    if kind == "deep":
        raise Reply(200, "[" * 100000 + "]" * 100000, "application/json")
    if kind == "huge":
        raise Reply(200, '{"x":"' + "x" * (3 << 20) + '"}', "application/json")
    if kind == "empty":
        raise Reply(200, "", "application/json")
    if kind == "wrongtypes":
        bodies = {"stream/items/ids": {"itemRefs": {"id": 1}, "continuation": 5},
                  "subscription/list": {"subscriptions": None},
                  "tag/list": {"tags": 7},
                  "user-info": [],
                  "unread-count": {"unreadcounts": "x"}}
        b = bodies.get(op, {"items": "x", "id": 3, "continuation": []})
        raise Reply(200, json.dumps(b), "application/json")


FLAVORS = {
    "google": {"bad_token_header": "x-reader", "bad_auth_header": False,
               "user_id": "-", "feed_ids": "num", "continuation": "key"},
    "freshrss": {"bad_token_header": "freshrss", "bad_auth_header": True,
                 "user_id": "-", "feed_ids": "num", "continuation": "id"},
    "miniflux": {"bad_token_header": "x-reader", "bad_auth_header": True,
                 "user_id": "1", "feed_ids": "num", "continuation": "offset"},
}


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
    p.add_argument("--flavor", default="google",
                   choices=["google", "freshrss", "miniflux"])
    p.add_argument("--bad-token-header", default=None,
                   choices=["x-reader", "freshrss", "both", "none"])
    p.add_argument("--bad-auth-header", action="store_true", default=None)
    p.add_argument("--user-id", default=None)
    p.add_argument("--feed-ids", default=None, choices=["num", "url"])
    p.add_argument("--continuation", default=None, choices=["key", "id", "offset"])
    p.add_argument("--user", default=None)
    p.add_argument("--password", default=None)
    ARGS = p.parse_args()
    # Each flavor's defaults; an option given on the command line wins.
    for k, v in FLAVORS[ARGS.flavor].items():
        if getattr(ARGS, k) is None:
            setattr(ARGS, k, v)
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
