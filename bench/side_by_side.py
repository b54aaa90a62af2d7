#!/usr/bin/env python3
"""Several iamd builds or configurations loaded at the same time, each by its own load generator:
what each costs against the last one, measured in the same seconds.

`ab.py` and `audit.sh` alternate rounds of a few seconds, one server at a time; on a shared VM
whose speed drifts by 10-30% from one round to the next, a ratio of two rounds moves by several
points. Here every server runs its round at once, so the drift is the same for all of them and
cancels out of each round's ratio (two copies of one build measure within ±1.5% per round).

- Every server is in a session of its own (`setsid`): with the kernel's autogroup scheduling,
  each session gets an equal share of a busy CPU, however many threads it runs, so a server's
  req/s is its share over its CPU per request, and the ratio of two servers' req/s is the
  inverse ratio of their CPU per request.
- `PIN=1` (the default): every server on CPU 0, every load generator on CPU 1 (`taskset`), so
  CPU 0 is saturated and the ratio is CPU per request alone. `PIN=0`: no pinning (servers and
  load generators then share both CPUs: much noisier).
- Its biases, which a reader of its figures should weigh:
  - A server gets 1/N of the CPU, so work done once per unit of time rather than per request
    (the audit trail's 50 ms windows, checkpoints, the fsync every second) weighs N times what
    it weighs for a server that has the CPU to itself: it overstates such costs.
  - The servers share the CPU's caches, so whatever one server gains from a smaller working set
    does not show.
  - Where a server starts in the order moves it by about ±1.5%: the run is made twice, the
    servers started in the order given and then in the reverse order, and each round starts the
    load generators in a rotated order; the figure is the median over both passes.
  - A case that is not bound by the CPU (durable writes at low concurrency wait for their
    group commit's fsync) is measured here while bound by it: a different regime from a
    server alone.

Usage: python3 bench/side_by_side.py OP ROUNDS SECONDS NAME=BIN[:FLAG,FLAG][@ENV=VALUE]...
(the last is the baseline; ROUNDS per pass). Environment: LOADGEN_BIN (default
target/release/iamd-loadgen), CONCURRENCY (default 8), PIN (default 1).
Example: python3 bench/side_by_side.py get-user 10 3 on=target/release/iamd \
    off=target/release/iamd:--no-audit-trail
"""
import json
import os
import statistics
import subprocess
import sys

from servers import loadgen, parse_spec, start, stop

op, rounds, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
LG = os.environ.get("LOADGEN_BIN", "target/release/iamd-loadgen")
CONCURRENCY = os.environ.get("CONCURRENCY", "8")
PIN = os.environ.get("PIN", "1") == "1"
SERVER_CPU = ["taskset", "-c", "0"] if PIN else []
LOADGEN_CPU = ["taskset", "-c", "1"] if PIN else []


def round_at_once(servers, duration, rotation):
    """One round: every server's load generator started (in a rotated order), their req/s."""
    order = list(range(len(servers)))
    order = order[rotation % len(order):] + order[:rotation % len(order)]
    running = {}
    for i in order:
        running[i] = subprocess.Popen(
            ["setsid"] + LOADGEN_CPU + loadgen(LG, servers[i], op, CONCURRENCY, duration),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return [json.loads(running[i].communicate()[0])["results"][0]["rps"]
            for i in range(len(servers))]


specs = [parse_spec(a) for a in sys.argv[4:]]
ratios = {s["name"]: [] for s in specs}
passes = {s["name"]: [] for s in specs}
rps = {s["name"]: [] for s in specs}
for start_order in (specs, specs[::-1]):
    started = {}
    try:
        for spec in start_order:
            started[spec["name"]] = start(spec, ["setsid"] + SERVER_CPU)
        # Measured in the order given: the baseline last.
        servers = [started[spec["name"]] for spec in specs]
        round_at_once(servers, 1, 0)
        this_pass = {s["name"]: [] for s in specs}
        for r in range(rounds):
            result = round_at_once(servers, seconds, r)
            for s, x in zip(servers, result):
                rps[s["name"]].append(x)
                this_pass[s["name"]].append(x / result[-1] - 1)
        for name, values in this_pass.items():
            ratios[name].extend(values)
            passes[name].append(statistics.median(values))
    finally:
        for s in started.values():
            stop(s)

print(f"{op}, concurrency {CONCURRENCY}, {'pinned' if PIN else 'unpinned'}, {len(specs)} servers at "
      f"once, 2 passes of {rounds} rounds of {seconds} s; against {specs[-1]['name']}:")
for s in specs:
    n = s["name"]
    print(f"{n:>12} {statistics.median(rps[n]):9.0f}/s  {100 * statistics.median(ratios[n]):+6.1f}%"
          f"  (passes {' / '.join(f'{100 * p:+.1f}%' for p in passes[n])}; rounds "
          + " ".join(f"{100 * x:+.1f}" for x in ratios[n]) + ")")
