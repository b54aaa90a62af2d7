#!/usr/bin/env python3
"""Replays AWS's recorded IAM/STS answers against a server: runs LocalStack's test files in
../iam and ../sts unmodified with pytest (fixtures and the `localstack.*` names they import come
from replay_plugin.py and shim/), compares each test's responses with AWS's snapshot, and reports.

    python3 replay.py ENDPOINT [--json FILE] [--details] [-k EXPR]

Credentials: the default boto3 chain (tests/e2e/run.sh points AWS_SHARED_CREDENTIALS_FILE at the
server's root key). Every recorded test gets one outcome: match, differs, or not replayable (why).
The baseline ../KNOWN-DIFFERENCES.md lists the tests that do not match yet, each with its reason;
the run fails when a test outside it differs (a regression), and names the baseline entries that
match now (remove them). It ends with

    aws-recorded: N of M recorded tests match AWS
    N passed, N failed

where passed counts the matching tests and failed the regressions.
"""
import argparse
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECORDED = HERE.parent
BASELINE = RECORDED / "KNOWN-DIFFERENCES.md"
TEST_DIRS = ("iam", "sts")
# Python packages the recorded tests and the comparison need (PyPI name, import name).
NEEDS = (("pytest", "pytest"), ("boto3", "boto3"), ("localstack-snapshot", "localstack_snapshot"),
         ("pyotp", "pyotp"), ("cryptography", "cryptography"), ("requests", "requests"))
BASELINE_LINE = re.compile(r"^- `([^`]+)`(?::\s*(.*))?$")


def ensure_packages():
    missing = []
    for dist, module in NEEDS:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(dist)
    if missing:
        print(f"installing {' '.join(missing)}", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])
        importlib.invalidate_caches()


def read_baseline(path: Path) -> dict:
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            m = BASELINE_LINE.match(line.strip())
            if m:
                known[m.group(1)] = m.group(2) or ""
    return known


def all_recorded() -> dict:
    """Every recorded test: scope key -> test file."""
    keys = {}
    for d in TEST_DIRS:
        for snap in sorted((RECORDED / d).glob("*.snapshot.json")):
            for key in json.loads(snap.read_text()):
                keys[key] = snap
    return keys


ADMIN_POLICY = json.dumps({"Version": "2012-10-17",
                           "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
SETUP_NAME = "aws-recorded-replay"
# The tests' region. Not us-east-1: the recordings were made elsewhere (IAM's own "us-east-1",
# e.g. GetAccessKeyLastUsed's Region, stayed literal where the region transformer would have
# replaced the test region by <region>), and the literal regions they hold (us-east-1,
# us-west-2, ap-southeast-1) must not be taken for the test's.
REGION = "eu-central-1"


def set_up_principals(endpoint: str, region: str, drop_root_key: bool) -> dict:
    """Sets up the callers LocalStack's AWS runs had. The recordings show an administrator IAM
    user signed most tests (AWS refuses AssumeRole to the root user, and GetSessionToken and
    GetFederationToken to role sessions, and the recordings have all three succeed), and a role
    session signed a few (DeleteAccessKey without a user name answers "Must specify userName when
    calling with non-User credentials"). With the given (root) credentials this makes user and
    role `aws-recorded-replay`, both allowed everything, the role trusted by the account, and
    returns {"user": keys, "role": session credentials}.
    With drop_root_key (a server started for this run only) root's access keys are deleted
    afterwards, as the recording account's root had none (GetAccountSummary's
    AccountAccessKeysPresent is 0)."""
    import boto3
    from botocore.config import Config

    cfg = Config(retries={"total_max_attempts": 1})

    def client(service, **keys):
        return boto3.client(service, endpoint_url=endpoint, region_name=region, config=cfg, **keys)

    iam, sts = client("iam"), client("sts")
    account = sts.get_caller_identity()["Account"]
    # The recording account belonged to an organization: the simulator's answers carry
    # OrganizationsDecisionDetail (test_simulate_principle_policy), which AWS gives only then.
    orgs = client("organizations")
    try:
        orgs.create_organization(FeatureSet="ALL")
    except orgs.exceptions.AlreadyInOrganizationException:
        pass
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]})
    try:
        iam.create_role(RoleName=SETUP_NAME, AssumeRolePolicyDocument=trust)
    except iam.exceptions.EntityAlreadyExistsException:
        iam.update_assume_role_policy(RoleName=SETUP_NAME, PolicyDocument=trust)
    iam.put_role_policy(RoleName=SETUP_NAME, PolicyName="admin", PolicyDocument=ADMIN_POLICY)
    try:
        iam.create_user(UserName=SETUP_NAME)
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    iam.put_user_policy(UserName=SETUP_NAME, PolicyName="admin", PolicyDocument=ADMIN_POLICY)
    for k in iam.list_access_keys(UserName=SETUP_NAME)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=SETUP_NAME, AccessKeyId=k["AccessKeyId"])
    key = iam.create_access_key(UserName=SETUP_NAME)["AccessKey"]
    user = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}
    user_sts = client("sts", aws_access_key_id=user["AccessKeyId"],
                      aws_secret_access_key=user["SecretAccessKey"])
    role = user_sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{SETUP_NAME}",
                                RoleSessionName=SETUP_NAME, DurationSeconds=3600)["Credentials"]
    if drop_root_key:
        # root's own keys (ListAccessKeys without a user name lists the caller's), the one signing
        # these calls last
        own = boto3.Session().get_credentials().access_key
        keys = [k["AccessKeyId"] for k in iam.list_access_keys()["AccessKeyMetadata"]]
        for key_id in sorted(keys, key=lambda k: k == own):
            iam.delete_access_key(AccessKeyId=key_id)
    return {"user": user, "role": {k: role[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("endpoint", nargs="?", default=os.environ.get("E2E_ENDPOINT"))
    ap.add_argument("--json", help="write every outcome with its details to this file")
    ap.add_argument("--details", action="store_true", help="print every difference, not only new ones")
    ap.add_argument("-k", dest="keyword", help="pytest -k expression: a partial run (listed tests that match "
                         "or are unknown are not reported)")
    ap.add_argument("--baseline", default=str(BASELINE))
    ap.add_argument("--own-server", action="store_true",
                    help="the server was started for this run: delete its root access key once the "
                         "replay's role session exists (the recording account's root had none)")
    args = ap.parse_args()
    if not args.endpoint:
        ap.error("give the server's endpoint (or set E2E_ENDPOINT)")

    ensure_packages()
    os.environ["AWS_RECORDED_ENDPOINT"] = args.endpoint
    os.environ["AWS_RECORDED_REGION"] = REGION
    principals = set_up_principals(args.endpoint, REGION, args.own_server)
    for var in ("AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(var, None)
    os.environ["AWS_ACCESS_KEY_ID"] = principals["user"]["AccessKeyId"]
    os.environ["AWS_SECRET_ACCESS_KEY"] = principals["user"]["SecretAccessKey"]
    os.environ["AWS_RECORDED_ROLE_SESSION"] = json.dumps(principals["role"])
    import boto3
    boto3.DEFAULT_SESSION = None  # it cached the credentials the setup signed with
    os.environ["AWS_DEFAULT_REGION"] = REGION
    sys.path[:0] = [str(HERE / "shim"), str(HERE)]
    import pytest

    import replay_plugin

    files = [str(p) for d in TEST_DIRS for p in sorted((RECORDED / d).glob("test_*.py"))]
    pytest_args = [
        "-c", str(HERE / "pytest.ini"), "--rootdir", str(RECORDED),
        # no terminal output of pytest's own (its "N failed" would count the known differences);
        # this script prints the outcomes
        "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:warnings",
        *files,
    ]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    print(f"running {len(files)} recorded test files against {args.endpoint}", flush=True)
    rc = pytest.main(pytest_args, plugins=[replay_plugin])
    for nodeid, error in replay_plugin.COLLECT_ERRORS:
        print(f"cannot load {nodeid}:\n{error}")
    if rc not in (0, 1, 5) or replay_plugin.COLLECT_ERRORS:  # 2 interrupted, 3 internal, 4 usage
        print(f"pytest stopped with exit code {rc}")
        return 1

    results = replay_plugin.RESULTS
    collected = replay_plugin.COLLECTED
    recorded = all_recorded()
    for key in ([] if args.keyword else recorded):
        if key not in collected and key not in results:
            results[key] = {"outcome": "not replayable",
                            "detail": ["no test in the test file produces this recording (stale snapshot)"]}
    partial = bool(args.keyword)
    if partial:
        recorded = {k: v for k, v in recorded.items() if k in results}

    known = read_baseline(Path(args.baseline))
    match = [k for k in recorded if results.get(k, {}).get("outcome") == "match"]
    differs = [k for k in recorded if results.get(k, {}).get("outcome") == "differs"]
    unreplayable = [k for k in recorded if results.get(k, {}).get("outcome") == "not replayable"]
    unrun = [k for k in recorded if k not in results]
    asserted = replay_plugin.ASSERTED
    assert_fails = [k for k, v in asserted.items() if v["outcome"] == "fails"]
    regressions = [k for k in differs + unrun + assert_fails if k not in known]
    fixed = [k for k in match if k in known] + [k for k, v in asserted.items()
                                                 if v["outcome"] == "passes" and k in known]

    print()
    for key in recorded:
        res = results.get(key, {"outcome": "not run", "detail": ["collected but never reported"]})
        outcome = res["outcome"]
        detail = res["detail"]
        if outcome == "match":
            tag = "MATCH (listed as known, remove it)" if key in known else "MATCH"
            print(f"{tag:16} {key}")
        elif outcome == "not replayable":
            print(f"{'NOT REPLAYABLE':16} {key}: {detail[0]}")
        else:
            tag = "DIFFERS (known)" if key in known else "DIFFERS (NEW)"
            print(f"{tag:16} {key}: {detail[0] if detail else ''}")
            if args.details or key not in known:
                for line in detail[1:40]:
                    print(f"{'':16}   {line}")
                if len(detail) > 40:
                    print(f"{'':16}   … {len(detail) - 40} more")

    for key, res in sorted(asserted.items()):
        # AWS-validated tests that snapshot nothing: their own assertions are what AWS passed
        if res["outcome"] == "passes":
            print(f"{'ASSERTS PASS':16} {key}")
        elif res["outcome"] == "skipped":
            print(f"{'SKIPPED':16} {key}: LocalStack skips it ({res['detail'][0]})")
        else:
            tag = "ASSERTS FAIL" + (" (known)" if key in known else " (NEW)")
            print(f"{tag:16} {key}: {res['detail'][0]}")

    if args.json:
        out = {k: results.get(k, {"outcome": "not run", "detail": []}) for k in recorded}
        out.update({k: {"outcome": "asserts " + v["outcome"], "detail": v["detail"]}
                    for k, v in asserted.items()})
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False))

    stale = [k for k in known if k not in recorded and k not in asserted]
    print()
    for key, keys in sorted(replay_plugin.UNCALLED.items()):
        if results.get(key, {}).get("outcome") == "match":
            print(f"note: {key} matches but took no snapshot for recorded key(s) {', '.join(keys)}")
    if not partial:
        for key in fixed:
            print(f"now matches AWS, remove from {Path(args.baseline).name}: {key}")
        for key in stale:
            print(f"{Path(args.baseline).name} names an unknown test (remove it): {key}")
    for key in regressions:
        print(f"REGRESSION (differs, not in {Path(args.baseline).name}): {key}")
    print(f"{len(differs)} differ ({len([k for k in differs if k in known])} of them listed in "
          f"{Path(args.baseline).name}), {len(unreplayable)} not replayable")
    only_ls = list(collected.values()).count("only_localstack")
    ran = [k for k, v in asserted.items() if v["outcome"] != "skipped"]
    if asserted:
        print(f"AWS-validated tests without a snapshot (their assertions only): "
              f"{len(ran) - len(assert_fails)} of {len(ran)} pass, {len(asserted) - len(ran)} "
              "skipped by LocalStack")
    if only_ls:
        print(f"left out: {only_ls} tests marked aws.only_localstack (never run against AWS)")
    print(f"aws-recorded: {len(match)} of {len(recorded)} recorded tests match AWS")
    print(f"{len(match)} passed, {len(regressions)} failed")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
