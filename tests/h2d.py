#!/usr/bin/env python3
"""An HTTP/2 test server over TLS for tidende's fetcher tests.

Listens on 127.0.0.1 only, on a free port written to --port-file, with
the certificate and key given (the test makes a self-signed one and
hands it to tidende through TIDENDE_CA_FILE).  Offers only h2 by ALPN.
Every request gets, after --delay seconds, a small generated RSS feed
named after its path.  Each request is logged to --log, as it starts, as
one line:

    CONN STREAMS_ON_CONN STREAMS_ALL PATH

(CONN: the connection's number, from 1; STREAMS_*: requests in progress
when this one started, this one included, on its connection and on the
whole server.)

Needs the h2 module (Debian: python3-h2); exits 3 without it.
"""
import argparse
import asyncio
import os
import ssl
import sys

try:
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions
except ImportError:
    sys.exit(3)

ARGS = None
STATE = {"conns": 0, "active": 0}


def feed(path):
    name = path.strip("/").replace("/", "-").replace("&", "-") or "x"
    items = "".join(
        "<item><title>%s item %d</title><link>https://example.org/%s/%d"
        "</link><guid>%s-%d</guid></item>" % (name, i, name, i, name, i)
        for i in range(2))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
            "<channel><title>%s</title><link>https://example.org/</link>"
            "<description>h2</description>%s</channel></rss>\n"
            % (name, items)).encode()


class Conn:
    def __init__(self, reader, writer):
        STATE["conns"] += 1
        self.num = STATE["conns"]
        self.active = 0
        self.reader, self.writer = reader, writer
        self.h2 = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False))
        self.pending = {}       # stream id -> body bytes not yet sent
        self.tasks = set()

    def flush(self):
        self.writer.write(self.h2.data_to_send())

    def send_some(self, sid):
        data = self.pending.get(sid)
        if data is None:
            return
        while data:
            n = min(len(data), self.h2.local_flow_control_window(sid),
                    self.h2.max_outbound_frame_size)
            if n <= 0:
                break
            self.h2.send_data(sid, data[:n])
            data = data[n:]
        if data:
            self.pending[sid] = data
        else:
            del self.pending[sid]
            self.h2.end_stream(sid)
            self.active -= 1
            STATE["active"] -= 1
        self.flush()

    async def answer(self, sid, path):
        await asyncio.sleep(ARGS.delay)
        body = feed(path)
        self.h2.send_headers(sid, [
            (":status", "200"), ("content-type", "application/rss+xml"),
            ("content-length", str(len(body)))])
        self.pending[sid] = body
        self.send_some(sid)

    async def run(self):
        self.h2.initiate_connection()
        self.flush()
        while True:
            data = await self.reader.read(65536)
            if not data:
                break
            for ev in self.h2.receive_data(data):
                if isinstance(ev, h2.events.RequestReceived):
                    hdrs = dict((k.decode() if isinstance(k, bytes) else k,
                                 v.decode() if isinstance(v, bytes) else v)
                                for k, v in ev.headers)
                    path = hdrs.get(":path", "/")
                    self.active += 1
                    STATE["active"] += 1
                    if ARGS.log:
                        with open(ARGS.log, "a") as f:
                            f.write("%d %d %d %s\n" % (
                                self.num, self.active, STATE["active"],
                                path))
                    t = asyncio.ensure_future(self.answer(ev.stream_id,
                                                          path))
                    self.tasks.add(t)
                    t.add_done_callback(self.tasks.discard)
                elif isinstance(ev, h2.events.WindowUpdated):
                    for sid in list(self.pending):
                        self.send_some(sid)
                elif isinstance(ev, h2.events.ConnectionTerminated):
                    self.writer.close()
                    return
            self.flush()
        self.writer.close()


async def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--log")
    p.add_argument("--delay", type=float, default=0.2)
    p.add_argument("--lifetime", type=float, default=300)
    ARGS = p.parse_args()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(ARGS.cert, ARGS.key)
    ctx.set_alpn_protocols(["h2"])

    async def handle(reader, writer):
        try:
            await Conn(reader, writer).run()
        except (ConnectionError, ssl.SSLError, h2.exceptions.ProtocolError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    port = server.sockets[0].getsockname()[1]
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, ARGS.port_file)
    async with server:
        await asyncio.sleep(ARGS.lifetime)


if __name__ == "__main__":
    asyncio.run(main())
