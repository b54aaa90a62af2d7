"""Catching up on PostgreSQL when the change log cannot answer (run by cluster.sh, which gives
E2E_PG_URL, a database of its own):

- a reset on node A (open mode's /moto-api/reset: every record removed) makes node B reload its
  working set whole, and B then holds what A holds;
- deletions every live node holds are pruned from the change log (once a minute), and later
  deletions still reach node B record by record.

Takes about 70 s (it waits for the prune). Exit 0 when every check passed.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402

PG_URL = os.environ["E2E_PG_URL"]
PSQL = os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")
FAILS = []


def check(cond, what):
    print(("ok   - " if cond else "FAIL - ") + what, flush=True)
    if not cond:
        FAILS.append(what)


def sql(q):
    return subprocess.run([PSQL, "-X", "-q", "-t", "-A", PG_URL, "-c", q],
                          capture_output=True, text=True, check=True).stdout.strip()


def catch_ups(endpoint):
    """(incremental, full reloads) so far, from GET /metrics."""
    text = urllib.request.urlopen(endpoint + "/metrics").read().decode()
    return tuple(int(m.group(1)) if m else 0 for m in (
        re.search(r'iamd_cluster_catch_ups_total\{mode="%s"\} (\d+)' % mode, text)
        for mode in ("incremental", "reload")))


def main():
    tmp = tempfile.mkdtemp(prefix="iamd-catchup-test.")
    with open(os.path.join(tmp, "master.key"), "wb") as f:
        f.write(os.urandom(32))
    procs, endpoints = [], []
    try:
        for n in ("a", "b"):
            port = e2e_server.free_port()
            log = open(os.path.join(tmp, f"{n}.log"), "a")
            procs.append(subprocess.Popen(
                [e2e_server.iamd_bin(), "serve", "--open", "--listen", f"127.0.0.1:{port}",
                 "--data-dir", os.path.join(tmp, n), "--store", PG_URL,
                 "--master-key-file", os.path.join(tmp, "master.key")],
                stdout=log, stderr=subprocess.STDOUT))
            deadline = time.time() + 60
            while not e2e_server.port_open(port):
                if time.time() > deadline:
                    raise RuntimeError("node did not start")
                time.sleep(0.1)
            endpoints.append(f"http://127.0.0.1:{port}")
        a, b = (boto3.client("iam", region_name="us-east-1", endpoint_url=e,
                             aws_access_key_id="AKIAOPENMODE0000000", aws_secret_access_key="x")
                for e in endpoints)
        for i in range(5):
            a.create_user(UserName=f"before-reset-{i}")
        check(len(b.list_users()["Users"]) == 5, "node B holds node A's 5 users")
        before = catch_ups(endpoints[1])
        urllib.request.urlopen(urllib.request.Request(endpoints[0] + "/moto-api/reset",
                                                      data=b"", method="POST"))
        a.create_user(UserName="after-reset")
        names = [u["UserName"] for u in b.list_users()["Users"]]
        after = catch_ups(endpoints[1])
        check(names == ["after-reset"], f"after a reset on node A, node B holds A's users ({names})")
        check(after[1] > before[1], f"...having reloaded (catch-ups {before} -> {after})")
        for i in range(3):
            a.create_user(UserName=f"gone-{i}")
            a.delete_user(UserName=f"gone-{i}")
        check(int(sql("SELECT count(*) FROM record_deletes")) >= 3,
              "deletions are logged with their last values")
        time.sleep(65)
        check(sql("SELECT count(*) FROM record_deletes") == "0"
              and int(sql("SELECT since FROM change_log")) > 0,
              "deletions every live node holds are pruned (change_log.since moves on)")
        mid = catch_ups(endpoints[1])
        a.create_user(UserName="late")
        a.delete_user(UserName="after-reset")
        names = [u["UserName"] for u in b.list_users()["Users"]]
        end = catch_ups(endpoints[1])
        check(names == ["late"], f"after the prune, node B follows a deletion ({names})")
        check(end[0] > mid[0] and end[1] == mid[1],
              f"...record by record (catch-ups {mid} -> {end})")
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        if os.environ.get("E2E_KEEP") != "1":
            subprocess.run(["rm", "-rf", tmp])
    print("FAILED: " + "; ".join(FAILS) if FAILS else "cluster catch-up: all checks passed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
