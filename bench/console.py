"""A console page load with 10,000 users (issue #13): starts iamd (IAMD_BIN, default
target/release/iamd) with a fresh data directory, creates 10,000 users through the API (16 threads),
signs in to the console as an IAM user with IAMReadOnlyAccess, then times, over keep-alive HTTP
from this process, N loads of each page (server time + transfer; no browser rendering):

  - /console/users                 the first page (ListUsers, MaxItems 50)
  - /console/users?marker=…        a page in the middle (the API's Marker)
  - /console/users?q=user-09999    a search that reads every API page (10 ListUsers of 1,000)
  - /console/users/view?name=…     a user's detail page (7 API calls)

and prints the median and p95 of each in milliseconds.

    python3 bench/console.py [--users 10000] [--loads 50]
"""
import argparse
import concurrent.futures
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
import requests
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import e2e_server  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=10_000)
    ap.add_argument("--loads", type=int, default=50)
    args = ap.parse_args()
    binary = os.environ.get("IAMD_BIN", "target/release/iamd")
    data = tempfile.mkdtemp(prefix="iamd-console-bench-")
    port = e2e_server.free_port()
    proc = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data,
                             "--max-users-per-account", str(args.users + 100)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(endpoint + "/console/signin", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        key = e2e_server.read_credentials(os.path.join(data, "credentials"))
        cfg = Config(retries={"max_attempts": 1}, max_pool_connections=32)
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id=key[0], aws_secret_access_key=key[1], config=cfg)
        acct = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id=key[0], aws_secret_access_key=key[1],
                            config=cfg).get_caller_identity()["Account"]
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(lambda i: iam.create_user(UserName=f"user-{i:05d}"), range(args.users)))
        print(f"created {args.users} users in {time.time() - t0:.1f} s")
        iam.create_user(UserName="viewer")
        iam.create_login_profile(UserName="viewer", Password="Viewer-Passw0rd!")
        iam.attach_user_policy(UserName="viewer", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        s = requests.Session()
        page = s.get(endpoint + "/console/signin").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        r = s.post(endpoint + "/console/signin", data={"csrf": csrf, "kind": "iam", "account": acct,
                                                         "username": "viewer", "password": "Viewer-Passw0rd!"})
        assert r.url.endswith("/console/"), r.url
        middle = None
        for _ in range(max(1, args.users // 2000)):
            page = iam.list_users(MaxItems=1000, **({"Marker": middle} if middle else {}))
            middle = page["Marker"]
        pages = [
            ("users, first page", "/console/users", 50),
            ("users, a middle page", "/console/users?marker=" + requests.utils.quote(middle, safe=""), 50),
            ("users, search reading every API page", f"/console/users?q=user-{args.users - 1:05d}", 1),
            ("a user's detail page", "/console/users/view?name=user-04242", None),
        ]
        print(f"{args.loads} loads each, {args.users} users, keep-alive HTTP, ms:")
        for name, path, rows in pages:
            times = []
            for _ in range(args.loads):
                t = time.perf_counter()
                r = s.get(endpoint + path)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
            if rows is not None:
                got = r.text.count('<tr class="row">')
                assert got == rows, (path, got)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"  {name:40s} median {statistics.median(times):7.2f}  p95 {p95:7.2f}  ({len(r.content)} bytes)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
