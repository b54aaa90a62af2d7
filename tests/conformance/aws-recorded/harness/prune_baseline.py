#!/usr/bin/env python3
"""Removes the tests a replay reported as matching AWS from KNOWN-DIFFERENCES.md.

    python3 prune_baseline.py REPLAY_LOG [BASELINE]

REPLAY_LOG is the output of the `aws-recorded` suite (its "now matches AWS, remove from
KNOWN-DIFFERENCES.md: <id>" lines). Groups left empty are dropped; the per-group counts in the
headings and the summary list are recomputed.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BASELINE = os.path.join(HERE, "..", "KNOWN-DIFFERENCES.md")
MARK = "now matches AWS, remove from KNOWN-DIFFERENCES.md: "


def main():
    log, baseline = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else DEFAULT_BASELINE)
    with open(log) as f:
        matched = {line.split(MARK, 1)[1].strip() for line in f if MARK in line}
    with open(baseline) as f:
        text = f.read()
    head, *groups = re.split(r"(?m)^(?=## )", text)
    kept, removed = [], 0
    for g in groups:
        lines = g.split("\n")
        out, count = [], 0
        for line in lines:
            m = re.match(r"- `([^`]+)`:", line)
            if m and m.group(1) in matched:
                removed += 1
                continue
            if m:
                count += 1
            out.append(line)
        if count:
            out[0] = re.sub(r"\(\d+\)$", f"({count})", out[0])
            kept.append(("\n".join(out), re.sub(r" \(\d+\)$", "", out[0][3:]), count))
    total = sum(c for _, _, c in kept)
    summary = "\n".join(f"- {name}: {c}" for _, name, c in kept)
    head = re.sub(r"(?ms)^\d+ tests in \d+ groups:\n\n(?:- .*\n)+\n*",
                  f"{total} tests in {len(kept)} groups:\n\n{summary}\n\n", head)
    with open(baseline, "w") as f:
        f.write(head + "".join(g if g.endswith("\n") else g + "\n" for g, _, _ in kept).rstrip("\n") + "\n")
    print(f"removed {removed}, {total} left in {len(kept)} groups")


if __name__ == "__main__":
    main()
