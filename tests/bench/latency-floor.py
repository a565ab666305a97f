#!/usr/bin/env python3
"""tests/bench/latency-floor.py: the wall time latency-bench.sh's scenario
cannot beat with given connection limits, whatever the client does on its
own side: each feed takes exactly its delay, nothing else costs anything.

It draws the same delays, hosts and config order as latency-bench.sh's
server (the same seed; keep the two in step) and simulates a client that
starts, in the config's order or the slowest first, every queued feed
the two limits allow the moment a transfer ends.  What a real refresh
takes beyond this floor is its own cost (parsing, storing, start-up and
exit, the test server's own delays).

Usage: python3 tests/bench/latency-floor.py [MAXCONN/MAXHOST ...]
(default: 16/2 256/6 512/6 512/8 512/64).  HOSTS, FEEDS, SEED as in the
bench; SEEDS=N also prints, over seeds 1..N, the median and 90th
percentile of the time past the slowest answer.
"""
import collections
import heapq
import os
import random
import statistics
import sys


def scenario(seed, hosts, nfeeds):
    rnd = random.Random(seed)
    delay, host = {}, {}
    for f in range(nfeeds):
        r = rnd.random()
        delay[f] = rnd.uniform(0.05, 1.0) if r < 0.85 else \
            rnd.uniform(1.0, 2.5) if r < 0.97 else rnd.uniform(3.0, 3.9)
        host[f] = rnd.randrange(hosts)
    order = list(range(nfeeds))
    rnd.shuffle(order)
    return delay, host, order


def floor(maxconn, maxhost, delay, host, order):
    t, end = 0.0, 0.0
    running, per_host, queue = [], collections.Counter(), list(order)
    while queue or running:
        waiting = []
        for f in queue:
            if len(running) < maxconn and per_host[host[f]] < maxhost:
                heapq.heappush(running, (t + delay[f], f))
                per_host[host[f]] += 1
            else:
                waiting.append(f)
        queue = waiting
        t, f = heapq.heappop(running)
        per_host[host[f]] -= 1
        end = t
    return end


def main():
    hosts = int(os.environ.get("HOSTS", 100))
    nfeeds = int(os.environ.get("FEEDS", 500))
    seed = int(os.environ.get("SEED", 17))
    seeds = int(os.environ.get("SEEDS", 0))
    limits = sys.argv[1:] or ["16/2", "256/6", "512/6", "512/8", "512/64"]
    delay, host, order = scenario(seed, hosts, nfeeds)
    slowest = max(delay.values())
    print("latency-floor: %d feeds on %d hosts, seed %d, slowest answer "
          "%.2f s" % (nfeeds, hosts, seed, slowest))
    for lim in limits:
        mc, mh = (int(x) for x in lim.split("/"))
        cfg = floor(mc, mh, delay, host, order)
        slow = floor(mc, mh, delay, host,
                     sorted(order, key=lambda f: -delay[f]))
        line = ("floor %s: %.2f s in the config's order, %.2f s slowest "
                "first (max-connections %d, max-host-connections %d)"
                % (lim, cfg, slow, mc, mh))
        if seeds:
            past = []
            for s in range(1, seeds + 1):
                d, h, o = scenario(s, hosts, nfeeds)
                past.append(floor(mc, mh, d, h, o) - max(d.values()))
            past.sort()
            line += ("; over seeds 1-%d, past the slowest: median %.2f s, "
                     "90th percentile %.2f s" % (
                         seeds, statistics.median(past),
                         past[min(len(past) - 1, int(0.9 * len(past)))]))
        print(line)


if __name__ == "__main__":
    main()
