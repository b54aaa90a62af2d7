"""Durability under kill -9: every acknowledged write must survive a crash, with its audit event.

1. start iamd on a fresh data dir; make a few sequential writes (group, policy, attachment, access key);
2. ~32 threads create users with unique names as fast as they can, recording each CreateUser that
   returned success; after ~2 s the server is killed with SIGKILL mid-flight;
3. restart on the same data dir (same credentials file) and check that every acknowledged user and every
   setup write exists; then one more acknowledged write + kill -9 + restart, and check it too;
4. the audit trail (CloudTrail LookupEvents): every acknowledged write has its event (the event commits
   in the write's own transaction), and every successful CreateUser event names a user that exists (no
   event for a change that did not happen).

Needs iamd (IAMD_BIN, default target/debug/iamd). Skipped only when E2E_TARGET=moto (moto keeps its state
in memory); E2E_DURABILITY_FORCE=1 runs it against moto anyway, which must then report the losses
(a check of the checker). Exit codes: 0 ok, 1 loss or error, 77 skipped.
"""
import json
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402

THREADS = int(os.environ.get("E2E_DURABILITY_THREADS", "32"))
KILL_AFTER = float(os.environ.get("E2E_DURABILITY_KILL_AFTER", "2.0"))


def iam_client(server):
    key, secret = e2e_server.read_credentials(server.credentials_file)
    return boto3.client("iam", region_name="us-east-1", endpoint_url=server.endpoint,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30,
                                      max_pool_connections=4))


def log(msg):
    print(f"[durability {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def storm(server, run_id):
    """Create users from THREADS threads until the server dies; return (acked, errors, attempts)."""
    acked = [[] for _ in range(THREADS)]
    errors = [[] for _ in range(THREADS)]
    attempts = [0] * THREADS
    stop = threading.Event()
    clients = [iam_client(server) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS + 1)

    def worker(t):
        iam = clients[t]
        barrier.wait()
        i = 0
        while not stop.is_set():
            name = f"dur-{run_id}-{t}-{i}"
            i += 1
            attempts[t] += 1
            try:
                r = iam.create_user(UserName=name, Path="/durability/")
            except ClientError as e:
                # an error response from a live server: not acknowledged, keep going
                errors[t].append(f"{name}: {e.response['Error'].get('Code')}")
                continue
            except (BotoCoreError, OSError):
                # connection refused/reset: the server is gone
                if stop.is_set() or server.proc is None:
                    return
                time.sleep(0.01)
                continue
            if r["User"]["UserName"] != name:
                errors[t].append(f"{name}: response names {r['User']['UserName']}")
                continue
            acked[t].append(name)

    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(THREADS)]
    for th in threads:
        th.start()
    barrier.wait()
    time.sleep(KILL_AFTER)
    before = sum(len(a) for a in acked)
    server.kill9()
    log(f"SIGKILL sent after {KILL_AFTER}s ({before} creates acknowledged just before it)")
    stop.set()
    for th in threads:
        th.join(timeout=60)
    alive = [th for th in threads if th.is_alive()]
    if alive:
        raise RuntimeError(f"{len(alive)} client threads did not finish after the kill")
    return [n for a in acked for n in a], [e for es in errors for e in es], sum(attempts)


def cloudtrail_client(server):
    key, secret = e2e_server.read_credentials(server.credentials_file)
    return boto3.client("cloudtrail", region_name="us-east-1", endpoint_url=server.endpoint,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60))


def recorded_writes(server, event_name):
    """The successful `event_name` events of the account, as (requestParameters, record) pairs."""
    trail = cloudtrail_client(server)
    pages = trail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": event_name}])
    out = []
    for page in pages:
        for e in page["Events"]:
            r = json.loads(e["CloudTrailEvent"])
            if "errorCode" not in r:
                out.append((r.get("requestParameters") or {}, r))
    return out


def missing_users(iam, names):
    def check(name):
        try:
            u = iam.get_user(UserName=name)["User"]
            return None if u["UserName"] == name and u["Path"] == "/durability/" else f"{name}: wrong entity {u}"
        except ClientError as e:
            return f"{name}: {e.response['Error'].get('Code')}"
    with ThreadPoolExecutor(8) as ex:
        return [m for m in ex.map(check, names) if m]


def main():
    if e2e_server.is_moto() and os.environ.get("E2E_DURABILITY_FORCE") != "1":
        print("SKIP durability.py: E2E_TARGET=moto (moto keeps its state in memory; this suite needs iamd)")
        return 77
    server = e2e_server.Server()
    failures = []
    try:
        server.start()
        log(f"{e2e_server.target()} at {server.endpoint}, data dir {server.data_dir}")
        creds_before = open(server.credentials_file).read()
        iam = iam_client(server)
        run_id = uuid.uuid4().hex[:6]

        # -- sequential setup writes
        group = f"dur-group-{run_id}"
        iam.create_group(GroupName=group)
        doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
        parn = iam.create_policy(PolicyName=f"dur-policy-{run_id}", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
        iam.attach_group_policy(GroupName=group, PolicyArn=parn)
        iam.create_user(UserName=f"dur-keyed-{run_id}")
        key = iam.create_access_key(UserName=f"dur-keyed-{run_id}")["AccessKey"]
        iam.add_user_to_group(GroupName=group, UserName=f"dur-keyed-{run_id}")

        # -- concurrent storm + kill -9
        acked, errors, attempts = storm(server, run_id)
        log(f"{attempts} CreateUser attempts, {len(acked)} acknowledged, {len(errors)} error responses")
        if errors:
            log("error responses (first 5): " + "; ".join(errors[:5]))
        if not acked:
            failures.append("no CreateUser was acknowledged before the kill: the test proved nothing")
        if len(set(acked)) != len(acked):
            failures.append("a user name was acknowledged twice")

        # -- restart on the same data dir
        server.start()
        log(f"restarted at {server.endpoint}")
        if open(server.credentials_file).read() != creds_before:
            failures.append("the credentials file changed across the restart")
        iam = iam_client(server)
        lost = missing_users(iam, acked)
        if lost:
            failures.append(f"{len(lost)} of {len(acked)} acknowledged users LOST after kill -9: "
                            + "; ".join(lost[:10]))
        else:
            log(f"all {len(acked)} acknowledged users present after restart")
        # -- every acknowledged write has its event, and every event its write
        created = {p.get("userName") for p, _ in recorded_writes(server, "CreateUser")}
        unrecorded = [n for n in acked if n not in created]
        if unrecorded:
            failures.append(f"{len(unrecorded)} of {len(acked)} acknowledged CreateUser have no event "
                            "after kill -9: " + "; ".join(unrecorded[:10]))
        else:
            log(f"all {len(acked)} acknowledged CreateUser have their event after restart")
        storm_events = sorted(n for n in created if n and n.startswith(f"dur-{run_id}-"))
        phantom = missing_users(iam, storm_events)
        if phantom:
            failures.append(f"{len(phantom)} CreateUser events describe a user that does not exist: "
                            + "; ".join(phantom[:10]))
        for name, what in [("CreateGroup", group), ("CreatePolicy", f"dur-policy-{run_id}"),
                           ("AttachGroupPolicy", group), ("CreateAccessKey", f"dur-keyed-{run_id}"),
                           ("AddUserToGroup", group)]:
            if not any(what in json.dumps(p) for p, _ in recorded_writes(server, name)):
                failures.append(f"the acknowledged setup write {name} ({what}) has no event")

        listed = iam.get_paginator("list_users").paginate(PathPrefix="/durability/").build_full_result()["Users"]
        listed_names = {u["UserName"] for u in listed}
        if not set(acked) <= listed_names:
            failures.append(f"{len(set(acked) - listed_names)} acknowledged users missing from ListUsers")
        try:
            g = iam.get_group(GroupName=group)
            if [u["UserName"] for u in g["Users"]] != [f"dur-keyed-{run_id}"]:
                failures.append(f"group membership lost: {g['Users']}")
            att = [p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=group)["AttachedPolicies"]]
            if att != [parn]:
                failures.append(f"group policy attachment lost: {att}")
            keys = [k["AccessKeyId"] for k in iam.list_access_keys(UserName=f"dur-keyed-{run_id}")["AccessKeyMetadata"]]
            if keys != [key["AccessKeyId"]]:
                failures.append(f"access key lost: {keys}")
        except ClientError as e:
            failures.append(f"setup writes lost: {e}")
        try:
            sts = boto3.client("sts", region_name="us-east-1", endpoint_url=server.endpoint,
                               aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                               config=Config(retries={"max_attempts": 1}))
            arn = sts.get_caller_identity()["Arn"]
            if not arn.endswith(f":user/dur-keyed-{run_id}"):
                failures.append(f"access key authenticates as {arn}")
        except ClientError as e:
            failures.append(f"access key created before the crash no longer works: {e}")

        # -- one acknowledged write, immediately kill -9, restart
        last = f"dur-last-{run_id}"
        iam.create_user(UserName=last, Path="/durability/")
        deleted = None
        if acked and not lost:
            iam.delete_user(UserName=acked[0])
            deleted = acked[0]
        server.kill9()
        server.start()
        iam = iam_client(server)
        try:
            iam.get_user(UserName=last)
        except ClientError as e:
            failures.append(f"user created right before the second kill -9 was lost: {e}")
        if not any(p.get("userName") == last for p, _ in recorded_writes(server, "CreateUser")):
            failures.append("the CreateUser acknowledged right before the second kill -9 has no event")
        if deleted and not any(p.get("userName") == deleted for p, _ in recorded_writes(server, "DeleteUser")):
            failures.append("the DeleteUser acknowledged right before the second kill -9 has no event")
        if deleted:
            try:
                iam.get_user(UserName=deleted)
                failures.append("an acknowledged DeleteUser was undone by kill -9")
            except ClientError as e:
                if e.response["Error"].get("Code") != "NoSuchEntity":
                    failures.append(f"unexpected error after the second restart: {e}")
    except Exception as e:  # noqa: BLE001 - any error is a failure of the suite
        failures.append(f"{type(e).__name__}: {e}")
        tail = server.log_tail(15)
        if tail:
            print("--- server log tail ---\n" + tail)
    finally:
        server.cleanup()

    if failures:
        print("DURABILITY FAILURE" + (" (expected on moto: it keeps state in memory)" if e2e_server.is_moto() else ""))
        for f in failures:
            print(f"  FAIL {f}")
        return 1
    print("durability: every acknowledged write survived kill -9, each with its audit event")
    return 0


if __name__ == "__main__":
    sys.exit(main())
