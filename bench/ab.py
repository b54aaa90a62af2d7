#!/usr/bin/env python3
"""Alternating rounds of several iamd builds or configurations, side by side, on one machine.

Every server is started at once; each round runs the load generator against each server in
turn (the order reversed every other round), and the table gives each one's median req/s, its
change against the last one named, the median of its rounds' ratios to the last one's same
rounds ("paired": each pair ran a few seconds apart, so the machine's drift cancels), and per
request: the server's CPU (utime+stime from /proc),
the load generator's, and the machine's idle time. Medians of alternating rounds are what is
comparable on a shared machine whose speed drifts.

Usage: python3 bench/ab.py OP ROUNDS SECONDS NAME=BIN[:FLAG,FLAG][@ENV=VALUE]... (the last is
the baseline). OP: get-user, create-user, ... (iamd-loadgen --op); concurrency 8.
Example: python3 bench/ab.py get-user 7 3 on=target/release/iamd \
    off=target/release/iamd:--no-audit-trail
Environment: LOADGEN_BIN (default target/release/iamd-loadgen); CONCURRENCY (default 8);
PIN=1: every server on CPU 0 and the load generator on CPU 1 (`taskset`), so that a server's
throughput is its own CPU per request (a saturated core) rather than how the scheduler shares
two cores between it, its helper threads and the load generator (runs vary ±3–5% pinned,
±20% unpinned on the 2-core development VM).
"""
import json
import os
import statistics
import subprocess
import sys

from servers import loadgen, parse_spec, start, stop

op, rounds, dur = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
LG = os.environ.get("LOADGEN_BIN", "target/release/iamd-loadgen")
CONCURRENCY = os.environ.get("CONCURRENCY", "8")
PIN = os.environ.get("PIN") == "1"
SERVER_CPU = ["taskset", "-c", "0"] if PIN else []
LOADGEN_CPU = ["taskset", "-c", "1"] if PIN else []
TICK = os.sysconf("SC_CLK_TCK")
servers = []
try:
    for spec in map(parse_spec, sys.argv[4:]):
        servers.append(dict(start(spec, SERVER_CPU), rps=[], cpu=[], lg=[], idle=[]))
except BaseException:
    for s in servers:
        stop(s)
    raise


def process_cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_idle():
    v = list(map(int, open("/proc/stat").readline().split()[1:]))
    return (v[3] + v[4]) / TICK


def load(s, seconds):
    out = subprocess.run(LOADGEN_CPU + loadgen(LG, s, op, CONCURRENCY, seconds),
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["results"][0]["ok"]


try:
    for s in servers:
        load(s, 1)
    for r in range(rounds):
        for s in servers if r % 2 == 0 else servers[::-1]:
            c0, i0, t0 = process_cpu(s["proc"].pid), machine_idle(), os.times()
            n = load(s, dur)
            c1, i1, t1 = process_cpu(s["proc"].pid), machine_idle(), os.times()
            s["rps"].append(n / dur)
            s["cpu"].append((c1 - c0) * 1e6 / n)
            lg = (t1.children_user + t1.children_system - t0.children_user - t0.children_system)
            s["lg"].append(lg * 1e6 / n)
            s["idle"].append((i1 - i0) * 1e6 / n)
    base = statistics.median(servers[-1]["rps"])
    print(f"{op}, {rounds} rounds of {dur} s, concurrency {CONCURRENCY}"
          f"{', pinned' if PIN else ''}; per request: server CPU, load generator CPU, machine idle")
    for s in servers:
        m = statistics.median(s["rps"])
        # Each round against the last server's same round (run next to it): the machine's
        # drift from one round to the next cancels out of the ratio.
        paired = statistics.median(a / b for a, b in zip(s["rps"], servers[-1]["rps"]))
        print(f"{s['name']:>12} {m:9.0f}/s {100 * (m / base - 1):+6.1f}%  paired "
              f"{100 * (paired - 1):+6.1f}%  server "
              f"{statistics.median(s['cpu']):5.1f} µs  loadgen {statistics.median(s['lg']):5.1f} µs"
              f"  idle {statistics.median(s['idle']):5.1f} µs  rounds "
              + " ".join(f"{x:.0f}" for x in s["rps"]))
finally:
    for s in servers:
        stop(s)
