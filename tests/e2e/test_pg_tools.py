"""The operator's tools on a PostgreSQL cluster (run by pg-tools.sh, which gives E2E_PG_URL and
E2E_PG_ADMIN, a URL of the server's `postgres` database to create one database per part):

- CloudTrail log files (`--trail-dir`) from three nodes: every event of the cluster is in
  exactly one file of one node's trail directory (compared with LookupEvents and with the
  database), in AWS's key layout; kill -9 of the node that delivered last, under load, and the
  others go on delivering without a gap or a copy;
- a delivery cut by kill -9 (files of it written, others not) is finished by the next node
  with the same file names: each of 150 000 events in exactly one file;
- `--event-retention-days` on a node without a trail never deletes an event the cluster's trail
  has not delivered, and deletes it once delivered;
- `iamd events --store postgres://…` (and IAMD_STORE): every event, its filters, --follow of
  events committed on any node;
- `iamd create-account` / `recover-root` / `set-oidc-jwks` with `--store postgres://…` while the
  nodes run: the new credentials work at once on every node; the tool does not join the nodes.

Exit 0 when every check passed.
"""
import calendar
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402

ADMIN_URL = os.environ["E2E_PG_ADMIN"]
FAILS = []
ROTATE_S = 2
LAYOUT = re.compile(r"^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/"
                    r"\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$")


def check(cond, what):
    print(("ok   - " if cond else "FAIL - ") + what, flush=True)
    if not cond:
        FAILS.append(what)


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout.strip()


def new_database(name):
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def iamd(*args, env=None, check_rc=True):
    """Runs `iamd ARGS`; `env`: variables to set (a value None: to unset)."""
    environ = {**os.environ, **(env or {})}
    environ = {k: v for k, v in environ.items() if v is not None}
    p = subprocess.run([e2e_server.iamd_bin(), *args], capture_output=True, text=True,
                       timeout=120, env=environ)
    if check_rc and p.returncode != 0:
        raise RuntimeError(f"iamd {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p


def client(endpoint, creds, service="iam"):
    return boto3.client(service, region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
                        config=Config(retries={"max_attempts": 1}, connect_timeout=5,
                                      read_timeout=30))


Node = e2e_server.PgNode


def trail_files(dirs):
    """Every trail file under the directories: (dir index, relative path, records)."""
    out = []
    for i, d in enumerate(dirs):
        for path in glob.glob(os.path.join(d, "AWSLogs", "**", "*.json.gz"), recursive=True):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                out.append((i, os.path.relpath(path, d), json.load(f)["Records"]))
    return out


def stored_events(url, *filters, env=None):
    args = ["events", *filters]
    if env is None:
        args += ["--store", url]
    out = iamd(*args, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def trail_across_nodes(tmp, key_file):
    url = new_database("iamd_trail")
    dirs = [os.path.join(tmp, f"trail{i}") for i in range(3)]
    nodes = [Node(tmp, f"trail-node{i}", url, key_file,
                  ["--trail-dir", dirs[i], "--trail-rotate-seconds", str(ROTATE_S)])
             for i in range(3)]
    for n in nodes:
        n.start()
    root = e2e_server.read_credentials(os.path.join(nodes[0].data_dir, "credentials"))
    clients = [client(n.endpoint, root) for n in nodes]
    stop = threading.Event()
    errors = []
    live = [0, 1, 2]

    def load(worker):
        i = 0
        while not stop.is_set():
            n = live[(worker + i) % len(live)]
            name = f"t{worker}-{i}-{uuid.uuid4().hex[:6]}"
            try:
                clients[n].create_user(UserName=name)
                clients[live[(worker + i + 1) % len(live)]].get_user(UserName=name)
            except Exception as e:  # noqa: BLE001 (a killed node's connection errors)
                errors.append((n, repr(e)))
            i += 1
            time.sleep(0.02)

    workers = [threading.Thread(target=load, args=(w,)) for w in range(3)]
    for w in workers:
        w.start()
    time.sleep(3 * ROTATE_S + 1)
    # The node that delivered last (the cursor names it: host/pid).
    row = psql(url, "SELECT node, delivered_seq FROM trail_cursor")
    node_name, delivered_before = row.split("|")
    pid = int(node_name.rsplit("/", 1)[1])
    (victim,) = [i for i, n in enumerate(nodes) if n.proc.pid == pid]
    live[:] = [i for i in range(3) if i != victim]
    time.sleep(0.05)
    nodes[victim].kill9()
    killed_at = time.time()
    check(int(delivered_before) > 0, f"a node delivered before the kill (node {victim}, "
          f"up to seq {delivered_before})")
    time.sleep(3 * ROTATE_S + 1)
    stop.set()
    for w in workers:
        w.join()
    row = psql(url, "SELECT node, delivered_seq FROM trail_cursor")
    after_node, delivered_after = row.split("|")
    check(after_node != node_name and int(delivered_after) > int(delivered_before),
          f"another node delivers after the kill ({after_node}, up to seq {delivered_after})")
    late_errors = [e for e in errors if e[0] != victim]
    check(not late_errors, f"the other nodes kept serving ({late_errors[:3]})")
    # Stopped nodes deliver their open window: then the files hold every event.
    for n in nodes:
        n.stop()
    files = trail_files(dirs)
    keys = [(r["eventID"], r["recipientAccountId"]) for _, _, records in files for r in records]
    in_db = stored_events(url)
    db_keys = [(r["eventID"], r["recipientAccountId"]) for r in in_db]
    check(len(keys) == len(set(keys)), f"no event in two files ({len(keys)} records, "
          f"{len(keys) - len(set(keys))} copies)")
    check(set(keys) == set(db_keys) and len(db_keys) > 100,
          f"the files hold exactly the database's {len(db_keys)} events "
          f"(missing {len(set(db_keys) - set(keys))}, extra {len(set(keys) - set(db_keys))})")
    dirs_used = sorted({i for i, _, _ in files})
    check(len(dirs_used) >= 2, f"files in the trail directories of nodes {dirs_used}")
    after_kill = [p for i, p, _ in files if i != victim and calendar.timegm(
        time.strptime(p.rsplit("_", 2)[1], "%Y%m%dT%H%MZ")) >= killed_at - 60]
    check(bool(after_kill), f"the successors wrote files after the kill ({len(after_kill)})")
    bad = [p for _, p, records in files if not LAYOUT.match(p) or not records or any(
        r["recipientAccountId"] != LAYOUT.match(p).group(1)
        or r["awsRegion"] != LAYOUT.match(p).group(2) for r in records)]
    check(not bad, f"every file in AWS's key layout, its records of its account and region {bad[:2]}")
    # LookupEvents through a node started afterwards: the same events (but its own lookups).
    checker = Node(tmp, "trail-checker", url, key_file).start()
    try:
        started = time.time()
        trail = client(checker.endpoint, root, "cloudtrail")
        looked = [e for p in trail.get_paginator("lookup_events").paginate() for e in p["Events"]]
        looked_ids = {e["EventId"] for e in looked
                      if not (e["EventName"] == "LookupEvents"
                              and e["EventTime"].timestamp() >= started - 1)}
        file_ids = {k[0] for k in keys}
        check(looked_ids == file_ids,
              f"LookupEvents finds the files' {len(file_ids)} events (missing from the files "
              f"{len(looked_ids - file_ids)}, not looked up {len(file_ids - looked_ids)})")
    finally:
        checker.stop()
    return url, root


def events_command(tmp, key_file, url, root):
    # After the trail part: the database holds its events; one node runs for --follow.
    node = Node(tmp, "events-node", url, key_file).start()
    try:
        iam = client(node.endpoint, root)
        name = f"ev-{uuid.uuid4().hex[:8]}"
        iam.create_user(UserName=name)
        iam.get_user(UserName=name)
        everything = stored_events(url)
        check(len(everything) > 100 and all("eventID" in e for e in everything),
              f"iamd events --store prints every event as JSON lines ({len(everything)})")
        created = stored_events(url, "--event-name", "CreateUser", "--resource-name", name)
        check(len(created) == 1 and created[0]["requestParameters"]["userName"] == name,
              "--event-name CreateUser --resource-name NAME: exactly its event")
        reads = stored_events(url, "--read-only", "true", "--resource-name", name)
        check([e["eventName"] for e in reads] == ["GetUser"], f"--read-only true: {reads!r:.200}")
        by_type = stored_events(url, "--resource-type", "AWS::IAM::User", "--event-name",
                                "CreateUser", "--limit", "3")
        check(len(by_type) == 3 and by_type[-1]["requestParameters"]["userName"] == name,
              "--resource-type and --limit: the newest 3, oldest first")
        via_env = stored_events(url, "--event-name", "CreateUser", "--resource-name", name,
                                env={"IAMD_STORE": url})
        check(via_env == created, "IAMD_STORE gives the database")
        none = stored_events(url, "--account", "000000000000")
        check(none == [], "--account of no events: nothing")
        # --follow: events committed on any node after it started, each once.
        follow = subprocess.Popen([e2e_server.iamd_bin(), "events", "--store", url, "--follow",
                                   "--poll-ms", "100", "--event-name", "CreateGroup"],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(1)
        other = Node(tmp, "events-node2", url, key_file).start()
        try:
            groups = [f"g-{uuid.uuid4().hex[:8]}" for _ in range(6)]
            for i, g in enumerate(groups):
                client((node, other)[i % 2].endpoint, root).create_group(GroupName=g)
            time.sleep(1.5)
        finally:
            other.stop()
        # SIGTERM: a shell running the suite in the background makes its children ignore SIGINT.
        follow.terminate()
        out, _ = follow.communicate(timeout=10)
        followed = [json.loads(line)["requestParameters"]["groupName"] for line in out.splitlines()]
        check(followed == groups, f"--follow prints each new event once, in order ({followed})")
        bad = iamd("events", "--store", "mysql://x", check_rc=False)
        check(bad.returncode == 1 and "expected a postgres:// URL" in bad.stderr,
              f"--store of another kind: {bad.stderr.strip()}")
    finally:
        node.stop()


def operator_commands(tmp, key_file):
    url = new_database("iamd_tools")
    nodes = [Node(tmp, f"tools-node{i}", url, key_file).start() for i in range(2)]
    try:
        root = e2e_server.read_credentials(os.path.join(nodes[0].data_dir, "credentials"))
        account = client(nodes[0].endpoint, root, "sts").get_caller_identity()["Account"]
        nodes_before = psql(url, "SELECT count(*) FROM nodes")
        tool_dir = os.path.join(tmp, "tool")
        # create-account while the nodes run: its root key works at once on each node.
        new_id = "222233334444"
        p = iamd("create-account", "--store", url, "--master-key-file", key_file,
                 "--data-dir", tool_dir, "--account-id", new_id)
        creds = e2e_server.read_credentials(os.path.join(tool_dir, f"credentials-{new_id}"))
        seen = [client(n.endpoint, creds, "sts").get_caller_identity()["Account"] for n in nodes]
        check(seen == [new_id, new_id],
              f"create-account --store: its root key works at once on both nodes ({p.stdout.strip()})")
        client(nodes[1].endpoint, creds).create_user(UserName="in-new-account")
        check(True, "...and writes in the new account")
        again = iamd("create-account", "--store", url, "--master-key-file", key_file,
                     "--data-dir", tool_dir, "--account-id", new_id, check_rc=False)
        check(again.returncode == 1 and "already exists" in again.stderr,
              f"create-account of an existing account: {again.stderr.strip()}")
        # recover-root: a new root key of the default account (IAMD_STORE, IAMD_MASTER_KEY).
        with open(key_file, "rb") as f:
            hex_key = f.read().hex()
        p = iamd("recover-root", "--data-dir", tool_dir,
                 env={"IAMD_STORE": url, "IAMD_MASTER_KEY": hex_key})
        recovered = e2e_server.read_credentials(os.path.join(tool_dir, "credentials"))
        check(recovered[0] != root[0] and "break-glass" in p.stderr,
              f"recover-root --store: {p.stdout.strip()}")
        seen = [client(n.endpoint, recovered, "sts").get_caller_identity()["Arn"] for n in nodes]
        check(seen == [f"arn:aws:iam::{account}:root"] * 2,
              "...its key works at once on both nodes")
        record = psql(url, "SELECT count(*) FROM records WHERE kind = 'break_glass'")
        check(record == "1", "...and the recovery is recorded in the store")
        # set-oidc-jwks on a provider created through the API.
        iam = client(nodes[0].endpoint, root)
        arn = iam.create_open_id_connect_provider(
            Url="https://token.example.com", ClientIDList=["sts.amazonaws.com"],
            ThumbprintList=["a" * 40])["OpenIDConnectProviderArn"]
        jwks = os.path.join(tmp, "jwks.json")
        with open(jwks, "w") as f:
            json.dump({"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
                                 "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl"
                                      "UzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDpre"
                                      "cbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_"
                                      "7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBI"
                                      "Y2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU"
                                      "7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw",
                                 "e": "AQAB"}]}, f)
        p = iamd("set-oidc-jwks", "--store", url, "--master-key-file", key_file,
                 "--provider-arn", arn, "--jwks", jwks)
        check("keys set" in p.stdout, f"set-oidc-jwks --store: {p.stdout.strip()}")
        missing = iamd("set-oidc-jwks", "--store", url, "--master-key-file", key_file,
                       "--provider-arn", arn.replace("token.example.com", "nope.example.com"),
                       "--jwks", jwks, check_rc=False)
        check(missing.returncode == 1, f"...of an unknown provider: {missing.stderr.strip()}")
        # No key, a wrong key: refused with what to do.
        no_key = iamd("recover-root", "--store", url, "--data-dir", os.path.join(tmp, "nokey"),
                      check_rc=False, env={"IAMD_MASTER_KEY_FILE": None, "IAMD_MASTER_KEY": None})
        check(no_key.returncode == 1 and "master key" in no_key.stderr,
              f"without the master key: {no_key.stderr.strip()}")
        wrong = os.path.join(tmp, "wrong.key")
        with open(wrong, "wb") as f:
            f.write(os.urandom(32))
        bad = iamd("recover-root", "--store", url, "--master-key-file", wrong,
                   "--data-dir", os.path.join(tmp, "wrongkey"), check_rc=False)
        check(bad.returncode == 1 and "master key" in bad.stderr,
              f"with another master key: {bad.stderr.strip()}")
        check(psql(url, "SELECT count(*) FROM nodes") == nodes_before,
              "the commands never joined the nodes (no node waits for them)")
    finally:
        for n in nodes:
            n.stop()


def retention_waits_for_the_trail(tmp, key_file):
    url = new_database("iamd_retention")
    # The schema and the account, then 1 000 events 40 days old.
    first = Node(tmp, "ret-node0", url, key_file).start()
    first.stop()
    account = psql(url, "SELECT key FROM records WHERE kind = 'account' LIMIT 1")
    psql(url, f"""INSERT INTO events (event_id, account, time_ms, event_name, event_source,
        read_only, username, record)
        SELECT 'old-' || i, '{account}',
            (extract(epoch FROM now()) * 1000)::bigint - 40 * 86400000::bigint + i, 'OldEvent',
            'iam.amazonaws.com', false, 'old-admin',
            json_build_object('eventVersion', '1.11', 'eventName', 'OldEvent',
                'eventSource', 'iam.amazonaws.com', 'awsRegion', 'us-east-1',
                'eventID', 'old-' || i, 'recipientAccountId', '{account}')::text
        FROM generate_series(1, 1000) i""")
    # An earlier trail delivered the first 400.
    k = psql(url, "SELECT seq FROM events WHERE event_id = 'old-400'")
    psql(url, f"""INSERT INTO trail_cursor (id, delivered_seq, cursor, node)
        VALUES (1, {k}, '{{"delivered_seq":{k}}}', 'earlier')""")
    # A node without a trail, retention 30 days: only the delivered ones go.
    node = Node(tmp, "ret-node1", url, key_file, ["--event-retention-days", "30"]).start()
    deadline = time.time() + 30
    while len(stored_events(url, "--event-name", "OldEvent")) != 600 and time.time() < deadline:
        time.sleep(0.3)
    time.sleep(1)
    left = stored_events(url, "--event-name", "OldEvent")
    node.stop()
    check(len(left) == 600 and left[0]["eventID"] == "old-401",
          f"retention on a node without a trail deletes only what the trail delivered "
          f"({1000 - len(left)} of 1000 deleted)")
    # A node with the trail delivers them; at its next start its retention deletes them.
    trail_dir = os.path.join(tmp, "ret-trail")
    args = ["--event-retention-days", "30", "--trail-dir", trail_dir,
            "--trail-rotate-seconds", str(ROTATE_S)]
    node = Node(tmp, "ret-node2", url, key_file, args).start()
    # A recent event (retention never deletes the newest one).
    root = e2e_server.read_credentials(os.path.join(first.data_dir, "credentials"))
    client(node.endpoint, root).create_user(UserName="recent")
    deadline = time.time() + 30
    while int(psql(url, "SELECT delivered_seq FROM trail_cursor")) < int(
            psql(url, "SELECT max(seq) FROM events")) and time.time() < deadline:
        time.sleep(0.3)
    node.stop()
    node = Node(tmp, "ret-node3", url, key_file, args).start()
    deadline = time.time() + 30
    while stored_events(url, "--event-name", "OldEvent") and time.time() < deadline:
        time.sleep(0.3)
    node.stop()
    delivered = [r["eventID"] for _, _, records in trail_files([trail_dir]) for r in records
                 if r["eventName"] == "OldEvent"]
    check(sorted(delivered) == sorted(f"old-{i}" for i in range(401, 1001)),
          f"the 600 undelivered old events reached the files, each once ({len(delivered)})")
    check(stored_events(url, "--event-name", "OldEvent") == [],
          "once delivered, retention deletes them")


def a_delivery_cut_by_a_kill_is_finished_by_another_node(tmp, key_file):
    """A backlog of 150 000 events of thirty accounts (three deliveries of 50 000, thirty
    files each, so that a delivery under way lasts long enough to be seen from psql): the
    delivering node is killed once it has written a file of a delivery; another node on the
    same trail directory (a shared volume) finishes that delivery as planned, with the same
    names, and the rest."""
    url = new_database("iamd_cut")
    first = Node(tmp, "cut-node0", url, key_file).start()
    first.stop()
    psql(url, """INSERT INTO events (event_id, account, time_ms, event_name, event_source,
        read_only, record)
        SELECT 'bulk-' || i, a, (extract(epoch FROM now()) * 1000)::bigint + i, 'Bulk',
            'iam.amazonaws.com', true,
            json_build_object('eventName', 'Bulk', 'awsRegion', 'eu-west-1',
                'eventID', 'bulk-' || i, 'recipientAccountId', a)::text
        FROM generate_series(1, 150000) i,
            LATERAL (SELECT (100000000000 + i % 30)::text) AS x(a)""")
    trail_dir = os.path.join(tmp, "cut-trail")
    args = ["--trail-dir", trail_dir, "--trail-rotate-seconds", str(ROTATE_S)]
    a = Node(tmp, "cut-node1", url, key_file, args).start()
    deadline = time.time() + 60
    cursor = ""
    while time.time() < deadline:
        cursor = psql(url, "SELECT cursor FROM trail_cursor")
        # A delivery under way: planned, with a file written (the cursor keeps an empty
        # "written" list between deliveries).
        state = json.loads(cursor) if cursor else {}
        if state.get("pending") is not None and state.get("written"):
            break
        time.sleep(0.02)
    a.kill9()
    state = json.loads(cursor) if cursor else {}
    check(state.get("pending") is not None and state.get("written"),
          f"killed in the middle of a delivery (planned {state.get('pending')}, "
          f"{len(state.get('written', []))} file(s) written)")
    b = Node(tmp, "cut-node2", url, key_file, args).start()
    deadline = time.time() + 90
    while int(psql(url, "SELECT delivered_seq FROM trail_cursor")) < 150000 and \
            time.time() < deadline:
        time.sleep(0.3)
    b.stop()
    files = trail_files([trail_dir])
    ids = [r["eventID"] for _, _, records in files for r in records]
    check(len(ids) == 150000 and len(set(ids)) == 150000,
          f"every one of the 150 000 events in exactly one file ({len(ids)} records, "
          f"{len(set(ids))} distinct, {len(files)} files)")
    temps = glob.glob(os.path.join(trail_dir, "**", ".*.tmp"), recursive=True)
    check(not temps, f"no temporary file left ({temps[:2]})")


def main():
    if e2e_server.is_moto():
        print("pg-tools: iamd only (skipped for moto)")
        return 77
    tmp = tempfile.mkdtemp(prefix="iamd-pg-tools.")
    key_file = os.path.join(tmp, "master.key")
    with open(key_file, "wb") as f:
        f.write(os.urandom(32))
    for part in (lambda: events_command(tmp, key_file, *trail_across_nodes(tmp, key_file)),
                 lambda: operator_commands(tmp, key_file),
                 lambda: retention_waits_for_the_trail(tmp, key_file),
                 lambda: a_delivery_cut_by_a_kill_is_finished_by_another_node(tmp, key_file)):
        try:
            part()
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            check(False, f"part raised {e!r}")
    print(f"pg-tools: {len(FAILS)} check(s) failed" if FAILS else "pg-tools: all checks passed")
    if FAILS:
        for log in sorted(glob.glob(os.path.join(tmp, "*.log"))):
            print(f"--- {log}")
            print(open(log).read()[-1500:])
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
