"""Several iamd nodes on one PostgreSQL database (run by cluster.sh, which gives E2E_PG_URL):

- a race on one user name across the three nodes has exactly one winner, and the 2-key quota
  holds when the three nodes create keys for one user at once;
- a policy change made on node A denies on node B within the documented bound (a write is
  acknowledged once every live node holds it: the very next request on B is denied);
- the cross-node visibility delay (create on A, first GetUser that finds it on B), p50/p99;
- a node applies the other nodes' writes record by record (incremental catch-up): names,
  groups, policies and keys written on A are right on B, and B never reloaded its working set;
- kill -9 of a node under write load loses no acknowledged write and the other nodes keep
  serving; the killed node, restarted, rejoins (sees every write, its writes are seen);
- what is shared through the store besides entities: a credential report generated on node A
  is read on node B (and is current on node C), a service-last-accessed job made on A is read
  on B and C, and wrong MFA codes or old passwords spread over the three nodes hit the
  throttle at the same count as on one node (5, then even the right one is refused);
- usage timestamps (a key's last use, service last accessed) of a node killed -9 after one
  flush interval are on the other nodes;
- the web console without sticky sessions: a sign-in's password step on node A, its MFA step
  on node B, the session used on node C with the CSRF token node A's page gave, signed out on
  node B and refused on node A at once.

Exit 0 when every check passed.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http.client  # noqa: E402
import re  # noqa: E402
import urllib.parse  # noqa: E402

import e2e_server  # noqa: E402
from e2e_common import current_step, totp  # noqa: E402

PG_URL = os.environ["E2E_PG_URL"]
# The documented bound (ARCHITECTURE.md, "Cluster"): a write waits at most 1 s for the other
# live nodes; the check allows the bound plus a request's own time.
BOUND_S = 1.5
# Usage timestamps (a key's last use, service last accessed) are flushed this often here (30 s
# by default): a node's death loses at most this window of them.
USAGE_FLUSH_S = 1
FAILS = []


def check(cond, what):
    print(("ok   - " if cond else "FAIL - ") + what, flush=True)
    if not cond:
        FAILS.append(what)


def cluster_node(tmp, n, key_file):
    """Cluster node `n`, flushing usage every `USAGE_FLUSH_S`."""
    return e2e_server.PgNode(tmp, f"node{n}", PG_URL, key_file,
                             ["--usage-flush-secs", str(USAGE_FLUSH_S)])


def client(endpoint, creds, service="iam", retries=1):
    return boto3.client(service, region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
                        config=Config(retries={"max_attempts": retries}, connect_timeout=5,
                                      read_timeout=30))


def code(e):
    return e.response["Error"]["Code"] if isinstance(e, ClientError) else type(e).__name__


def race_names(clients):
    for round_ in range(10):
        name = f"race-{uuid.uuid4().hex[:8]}"
        barrier = threading.Barrier(len(clients))
        outcomes = [None] * len(clients)

        def go(i):
            barrier.wait()
            try:
                clients[i].create_user(UserName=name)
                outcomes[i] = "created"
            except ClientError as e:
                outcomes[i] = code(e)

        threads = [threading.Thread(target=go, args=(i,)) for i in range(len(clients))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = outcomes.count("created")
        if winners != 1 or any(o not in ("created", "EntityAlreadyExists") for o in outcomes):
            check(False, f"name race {round_}: exactly one winner ({outcomes})")
            return
        seen = [c.get_user(UserName=name)["User"]["UserId"] for c in clients]
        if len(set(seen)) != 1:
            check(False, f"name race {round_}: every node sees the same user ({seen})")
            return
    check(True, "10 same-name races across 3 nodes: one winner each, every node sees it")


def race_key_quota(clients):
    name = f"quota-{uuid.uuid4().hex[:8]}"
    clients[0].create_user(UserName=name)
    barrier = threading.Barrier(len(clients) * 2)
    outcomes = []
    lock = threading.Lock()

    def go(i):
        barrier.wait()
        try:
            clients[i % len(clients)].create_access_key(UserName=name)
            r = "created"
        except ClientError as e:
            r = code(e)
        with lock:
            outcomes.append(r)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(clients) * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = [len(c.list_access_keys(UserName=name)["AccessKeyMetadata"]) for c in clients]
    check(outcomes.count("created") == 2 and set(outcomes) <= {"created", "LimitExceeded"}
          and keys == [2, 2, 2],
          f"6 concurrent CreateAccessKey on 3 nodes: 2 created, the rest LimitExceeded "
          f"({sorted(outcomes)}, keys per node {keys})")


def policy_change(clients, nodes):
    a, b = clients[0], clients[1]
    name = f"pol-{uuid.uuid4().hex[:8]}"
    a.create_user(UserName=name)
    a.put_user_policy(UserName=name, PolicyName="list", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers",'
        '"Resource":"*"}]}'))
    k = a.create_access_key(UserName=name)["AccessKey"]
    as_user = client(nodes[1].endpoint, (k["AccessKeyId"], k["SecretAccessKey"]))
    as_user.list_users()
    check(True, "a user allowed on node A calls ListUsers on node B")
    a.put_user_policy(UserName=name, PolicyName="deny", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers",'
        '"Resource":"*"}]}'))
    changed = time.time()
    denied_after = None
    while time.time() - changed < 5:
        try:
            as_user.list_users()
        except ClientError as e:
            if code(e) == "AccessDenied":
                denied_after = time.time() - changed
                break
        time.sleep(0.01)
    check(denied_after is not None and denied_after <= BOUND_S,
          f"a Deny put on node A denies on node B within {BOUND_S}s "
          f"(after {denied_after if denied_after is None else round(denied_after * 1000, 1)} ms)")
    check(denied_after is not None and denied_after < 0.05,
          "...and on the very next request (the write was acknowledged once B held it)")


def visibility(clients, n=100):
    delays = []
    for i in range(n):
        a, b = clients[i % 3], clients[(i + 1) % 3]
        name = f"vis-{uuid.uuid4().hex[:8]}"
        a.create_user(UserName=name)
        acked = time.perf_counter()
        while True:
            try:
                b.get_user(UserName=name)
                break
            except ClientError as e:
                if code(e) != "NoSuchEntity" or time.perf_counter() - acked > 5:
                    raise
        delays.append((time.perf_counter() - acked) * 1000)
    delays.sort()
    p50 = statistics.median(delays)
    p99 = delays[int(len(delays) * 0.99) - 1]
    print(f"cross-node visibility after the write's answer: p50 {p50:.2f} ms, "
          f"p99 {p99:.2f} ms, max {delays[-1]:.2f} ms ({n} writes; includes one GetUser)")
    check(delays[-1] <= BOUND_S * 1000, f"every write visible on another node within {BOUND_S}s")


def catch_ups(node):
    """Node's catch-ups so far: (incremental, full reloads), from GET /metrics."""
    text = urllib.request.urlopen(node.endpoint + "/metrics").read().decode()
    counts = {}
    for mode in ("incremental", "reload"):
        m = re.search(r'iamd_cluster_catch_ups_total\{mode="%s"\} (\d+)' % mode, text)
        counts[mode] = int(m.group(1)) if m else 0
    return counts["incremental"], counts["reload"]


def incremental_catch_up(clients, nodes):
    """Writes on node A of every common kind; node B holds each one as A does, and caught up
    record by record (issue #14: before, B reloaded its whole working set per foreign write)."""
    a, b = clients[0], clients[1]
    before = catch_ups(nodes[1])
    tag = uuid.uuid4().hex[:6]
    user, renamed, group = f"inc-{tag}", f"Inc-Renamed-{tag}", f"incg-{tag}"
    a.create_user(UserName=user)
    a.create_group(GroupName=group)
    a.add_user_to_group(GroupName=group, UserName=user)
    pol = a.create_policy(PolicyName=f"incp-{tag}", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",'
        '"Resource":"*"}]}'))["Policy"]["Arn"]
    a.attach_group_policy(GroupName=group, PolicyArn=pol)
    a.update_user(UserName=user, NewUserName=renamed)
    key = a.create_access_key(UserName=renamed)["AccessKey"]
    check([g["GroupName"] for g in b.list_groups_for_user(UserName=renamed)["Groups"]] == [group],
          "incremental catch-up: node B lists the renamed user's group")
    try:
        b.get_user(UserName=user)
        check(False, "incremental catch-up: the old name is gone on node B")
    except ClientError as e:
        check(code(e) == "NoSuchEntity", "incremental catch-up: the old name is gone on node B")
    attached = b.list_attached_group_policies(GroupName=group)["AttachedPolicies"]
    check([p["PolicyArn"] for p in attached] == [pol]
          and b.get_policy(PolicyArn=pol)["Policy"]["AttachmentCount"] == 1,
          "incremental catch-up: node B counts the policy's attachment")
    as_user = client(nodes[1].endpoint, (key["AccessKeyId"], key["SecretAccessKey"]))
    check(as_user.get_user()["User"]["UserName"] == renamed,
          "incremental catch-up: a key created on node A signs on node B (group policy allows)")
    a.delete_access_key(UserName=renamed, AccessKeyId=key["AccessKeyId"])
    try:
        as_user.get_user()
        check(False, "incremental catch-up: a key deleted on node A is refused on node B")
    except ClientError as e:
        check(code(e) == "InvalidClientTokenId",
              "incremental catch-up: a key deleted on node A is refused on node B")
    a.detach_group_policy(GroupName=group, PolicyArn=pol)
    a.delete_policy(PolicyArn=pol)
    a.remove_user_from_group(GroupName=group, UserName=renamed)
    a.delete_group(GroupName=group)
    a.delete_user(UserName=renamed)
    names = {u["UserName"] for page in b.get_paginator("list_users").paginate()
             for u in page["Users"]}
    check(renamed not in names and user not in names,
          "incremental catch-up: a user deleted on node A is not listed on node B")
    after = catch_ups(nodes[1])
    check(after[0] > before[0] and after[1] == before[1],
          f"node B caught up record by record, never reloading (catch-ups: incremental "
          f"{before[0]} -> {after[0]}, full reloads {before[1]} -> {after[1]})")


def shared_reports_and_jobs(clients):
    a, b, c = clients
    name = f"rep-{uuid.uuid4().hex[:8]}"
    arn = a.create_user(UserName=name)["User"]["Arn"]
    first = a.generate_credential_report()["State"]
    csv = b.get_credential_report()["Content"].decode()
    check(first == "STARTED" and any(l.startswith(name + ",") for l in csv.splitlines()),
          "a credential report generated on node A is read on node B")
    check(c.generate_credential_report()["State"] == "COMPLETE",
          "...and is current on node C (GenerateCredentialReport answers COMPLETE)")
    job = a.generate_service_last_accessed_details(Arn=arn)["JobId"]
    got = b.get_service_last_accessed_details(JobId=job)
    c.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="iam")
    check(got["JobStatus"] == "COMPLETED",
          "a service-last-accessed job made on node A is read on nodes B and C")


def shared_throttles(nodes, clients):
    """Failures spread round-robin over the nodes count once each, as on one node."""
    a = clients[0]
    name = f"thr-{uuid.uuid4().hex[:8]}"
    a.create_user(UserName=name)
    a.put_user_policy(UserName=name, PolicyName="pw", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword",'
        '"Resource":"*"}]}'))
    a.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    k = a.create_access_key(UserName=name)["AccessKey"]
    user_creds = (k["AccessKeyId"], k["SecretAccessKey"])
    as_user = [client(n.endpoint, user_creds) for n in nodes]
    outcomes = []
    for i in range(5):
        try:
            as_user[i % 3].change_password(OldPassword="wrong-password-1",
                                           NewPassword="Another-Horse-Battery-9")
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(code(e))
    try:
        as_user[5 % 3].change_password(OldPassword="Correct-Horse-Battery-9",
                                       NewPassword="Another-Horse-Battery-9")
        sixth = "ok"
    except ClientError as e:
        sixth = code(e)
    check(outcomes == ["AccessDenied"] * 5 and sixth == "Throttling",
          f"5 wrong passwords over 3 nodes, then the right one is throttled ({outcomes}, {sixth})")

    device = a.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    serial = device["SerialNumber"]
    seed = device["Base32StringSeed"].decode()
    step = current_step()
    a.enable_mfa_device(UserName=name, SerialNumber=serial,
                        AuthenticationCode1=totp(seed, step - 1),
                        AuthenticationCode2=totp(seed, step))
    right = totp(seed, step + 1)
    wrong = "111111" if right == "000000" else "000000"
    sts = [client(n.endpoint, user_creds, "sts") for n in nodes]
    outcomes = []
    for i in range(5):
        try:
            sts[i % 3].get_session_token(SerialNumber=serial, TokenCode=wrong)
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(code(e))
    try:
        sts[5 % 3].get_session_token(SerialNumber=serial, TokenCode=right)
        sixth = "ok"
    except ClientError as e:
        sixth = code(e)
    check(outcomes == ["AccessDenied"] * 5 and sixth == "AccessDenied",
          f"5 wrong MFA codes over 3 nodes, then the right one is refused ({outcomes}, {sixth})")


def usage_survives_kill(nodes, creds):
    """A key used on node 3 only, then node 3 killed -9 after one flush interval: nodes 1 and 2
    show the key's last use and the user's service last accessed."""
    a = client(nodes[0].endpoint, creds)
    name = f"use-{uuid.uuid4().hex[:8]}"
    arn = a.create_user(UserName=name)["User"]["Arn"]
    a.put_user_policy(UserName=name, PolicyName="get", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",'
        '"Resource":"*"}]}'))
    k = a.create_access_key(UserName=name)["AccessKey"]
    client(nodes[2].endpoint, (k["AccessKeyId"], k["SecretAccessKey"])).get_user()
    time.sleep(USAGE_FLUSH_S * 2 + 0.5)
    nodes[2].kill9()
    used = a.get_access_key_last_used(AccessKeyId=k["AccessKeyId"])["AccessKeyLastUsed"]
    check(used.get("ServiceName") == "iam" and "LastUsedDate" in used,
          f"a key's use on a node killed -9 after the flush interval ({USAGE_FLUSH_S}s) is kept "
          f"({used})")
    b = client(nodes[1].endpoint, creds)
    job = b.generate_service_last_accessed_details(Arn=arn)["JobId"]
    services = b.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    iam = [x for x in services if x["ServiceNamespace"] == "iam"]
    check(bool(iam) and "LastAuthenticated" in iam[0],
          "...and so is the user's service last accessed (IAM)")
    nodes[2].start()


class ConsoleBrowser:
    """A cookie jar and form posts, sent to whichever node is asked (no sticky sessions)."""

    def __init__(self):
        self.cookies = {}

    def send(self, node, method, path, fields=None):
        conn = http.client.HTTPConnection("127.0.0.1", node.port, timeout=30)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        text = r.read().decode()
        for c in r.headers.get_all("Set-Cookie") or []:
            k, _, v = c.split(";")[0].partition("=")
            if "Max-Age=0" in c:
                self.cookies.pop(k, None)
            else:
                self.cookies[k] = v
        conn.close()
        return r.status, r.headers.get("Location"), text


def csrf_of(page):
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    return m.group(1) if m else None


def console_across_nodes(nodes, clients):
    a = clients[0]
    name = f"con-{uuid.uuid4().hex[:8]}"
    password = "Console-Passw0rd!"
    a.create_user(UserName=name)
    a.create_login_profile(UserName=name, Password=password)
    device = a.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode()
    step = current_step()
    a.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                        AuthenticationCode1=totp(seed, step - 1),
                        AuthenticationCode2=totp(seed, step))
    account = a.get_user(UserName=name)["User"]["Arn"].split(":")[4]
    b = ConsoleBrowser()
    _, _, page = b.send(nodes[0], "GET", "/console/signin")
    status, _, page = b.send(nodes[0], "POST", "/console/signin", {
        "csrf": csrf_of(page), "kind": "iam", "account": account, "username": name,
        "password": password})
    check(status == 200 and "mfa_code" in page, "console: the password step on node A asks for MFA")
    status, location, _ = b.send(nodes[1], "POST", "/console/signin", {
        "csrf": csrf_of(page), "kind": "iam", "mfa_code": totp(seed, step + 1)})
    check(status == 303 and location == "/console/" and "iamd-console" in b.cookies,
          f"console: ...its MFA step on node B signs in ({status} {location})")
    status, _, home_a = b.send(nodes[0], "GET", "/console/")
    status_c, _, _ = b.send(nodes[2], "GET", "/console/security")
    check(status == 200 and status_c == 200,
          f"console: the session is served by nodes A and C ({status}, {status_c})")
    cookie = b.cookies["iamd-console"]
    status, location, _ = b.send(nodes[1], "POST", "/console/signout", {"csrf": csrf_of(home_a)})
    check(status == 303 and location == "/console/signin",
          "console: node B accepts the CSRF token node A's page gave, and signs out")
    replay = ConsoleBrowser()
    replay.cookies["iamd-console"] = cookie
    status, location, _ = replay.send(nodes[0], "GET", "/console/")
    check(status == 303 and location.startswith("/console/signin"),
          f"console: the session signed out on node B is refused on node A at once ({status})")


def console_sign_in_throttle(nodes, clients):
    """Wrong console passwords spread over the nodes: the sixth sign-in, right password and
    all, is throttled, as on one node."""
    a = clients[0]
    name = f"csi-{uuid.uuid4().hex[:8]}"
    password = "Console-Passw0rd!"
    a.create_user(UserName=name)
    a.create_login_profile(UserName=name, Password=password)
    account = a.get_user(UserName=name)["User"]["Arn"].split(":")[4]
    b = ConsoleBrowser()
    texts = []
    for i, pw in enumerate(["wrong-Passw0rd!"] * 5 + [password]):
        node = nodes[i % 3]
        _, _, page = b.send(node, "GET", "/console/signin")
        status, _, page = b.send(node, "POST", "/console/signin", {
            "csrf": csrf_of(page), "kind": "iam", "account": account, "username": name,
            "password": pw})
        texts.append("throttled" if "Too many failed sign-in attempts" in page
                     else "refused" if status == 401 else f"status {status}")
    check(texts == ["refused"] * 5 + ["throttled"],
          f"console: 5 wrong passwords over 3 nodes, then the right one is throttled ({texts})")


def kill_under_load(nodes, creds, tmp):
    clients = [client(n.endpoint, creds) for n in nodes]
    acked, errors = [], []
    lock = threading.Lock()
    stop = threading.Event()
    after_kill_ok = [0, 0, 0]
    killed = threading.Event()

    def worker(t):
        c = client(nodes[t % 3].endpoint, creds)
        i = 0
        while not stop.is_set():
            name = f"load-{t}-{i}-{uuid.uuid4().hex[:6]}"
            i += 1
            try:
                c.create_user(UserName=name)
                with lock:
                    acked.append(name)
                    if killed.is_set():
                        after_kill_ok[t % 3] += 1
            except (ClientError, BotoCoreError) as e:
                with lock:
                    errors.append(code(e))
                if t % 3 == 2 and killed.is_set():
                    return

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(12)]
    for t in threads:
        t.start()
    time.sleep(2)
    nodes[2].kill9()
    killed.set()
    time.sleep(4)
    stop.set()
    for t in threads:
        t.join()
    print(f"{len(acked)} users acknowledged, {len(errors)} errors "
          f"({sorted(set(errors))}), after the kill node1 {after_kill_ok[0]} node2 "
          f"{after_kill_ok[1]} writes", flush=True)
    check(after_kill_ok[0] > 0 and after_kill_ok[1] > 0,
          "after kill -9 of node 3 the other nodes keep acknowledging writes")
    for i in (0, 1):
        names = set()
        for page in clients[i].get_paginator("list_users").paginate():
            names.update(u["UserName"] for u in page["Users"])
        missing = [n for n in acked if n not in names]
        check(not missing, f"node {i + 1} has every acknowledged user ({len(missing)} missing)")
    # The killed node rejoins.
    nodes[2].start()
    c3 = client(nodes[2].endpoint, creds, retries=3)
    names = set()
    for page in c3.get_paginator("list_users").paginate():
        names.update(u["UserName"] for u in page["Users"])
    check(all(n in names for n in acked), "the restarted node sees every acknowledged user")
    name = f"rejoin-{uuid.uuid4().hex[:6]}"
    c3.create_user(UserName=name)
    check(clients[0].get_user(UserName=name)["User"]["UserName"] == name,
          "a write on the restarted node is seen on node 1")


def main():
    tmp = tempfile.mkdtemp(prefix="iamd-cluster-test.")
    key_file = os.path.join(tmp, "master.key")
    with open(key_file, "wb") as f:
        f.write(os.urandom(32))
    nodes = [cluster_node(tmp, n, key_file) for n in (1, 2, 3)]
    try:
        for n in nodes:
            n.start()
        creds = e2e_server.read_credentials(os.path.join(nodes[0].data_dir, "credentials"))
        clients = [client(n.endpoint, creds) for n in nodes]
        # Any node opens any session token (shared master key).
        sts = client(nodes[0].endpoint, creds, "sts")
        t = sts.get_session_token()["Credentials"]
        other = boto3.client("sts", region_name="us-east-1", endpoint_url=nodes[2].endpoint,
                             aws_access_key_id=t["AccessKeyId"],
                             aws_secret_access_key=t["SecretAccessKey"],
                             aws_session_token=t["SessionToken"])
        ident = other.get_caller_identity()
        check(ident["Arn"].endswith(":root"),
              "a session token issued by node 1 authenticates on node 3")
        for i, n in enumerate(nodes):
            health = urllib.request.urlopen(n.endpoint + "/health").status
            ready = urllib.request.urlopen(n.endpoint + "/ready").status
            check(health == 200 and ready == 200, f"node {i + 1}: GET /health and /ready answer 200")
        race_names(clients)
        race_key_quota(clients)
        policy_change(clients, nodes)
        incremental_catch_up(clients, nodes)
        visibility(clients)
        metrics = urllib.request.urlopen(nodes[1].endpoint + "/metrics").read().decode()
        check('iamd_requests_total{action="CreateUser",outcome="ok"}' in metrics
              and "iamd_cluster_apply_lag_seconds_count" in metrics
              and "iamd_cluster_applied_seq" in metrics,
              "GET /metrics: requests by action and outcome, the cluster's apply lag")
        shared_reports_and_jobs(clients)
        shared_throttles(nodes, clients)
        console_across_nodes(nodes, clients)
        console_sign_in_throttle(nodes, clients)
        kill_under_load(nodes, creds, tmp)
        usage_survives_kill(nodes, creds)
    finally:
        for n in nodes:
            n.stop()
        if os.environ.get("E2E_KEEP") != "1":
            subprocess.run(["rm", "-rf", tmp])
        else:
            print(f"kept {tmp}")
    print(f"{'FAILED: ' + '; '.join(FAILS) if FAILS else 'cluster behaviour: all checks passed'}")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
