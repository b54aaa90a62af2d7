"""pytest plugin that runs LocalStack's recorded IAM/STS tests, unmodified, against the server under
test and compares every response with what AWS answered (the `*.snapshot.json` beside each test).

It provides the fixtures the tests ask for (LocalStack's own live in its testing library, which is
not installed here; these are written for iamd, after their documented behaviour), and decides each
recorded test's outcome:

  match           the test passed and every snapshot.match() equals AWS's recording once both
                  went through the same transformers (names, IDs, dates as placeholders);
  differs         a snapshot differs, or the test failed on its way (an error where AWS
                  succeeded, an assertion of the test);
  not replayable  no test produces the recording any more (a stale snapshot entry, named by
                  replay.py), or the test needs what no IAM/STS server can give
                  (NOT_REPLAYABLE, with why; empty today).

AWS-validated tests that snapshot nothing run too; their own assertions decide (ASSERTED).
How the replay reproduces the recording's conditions, each from evidence in the recordings:
the callers (replay.py: an administrator user, a role session for ROLE_SESSION_TESTS), the
region (replay.py: not us-east-1), the account's state (RECORDED_ACCOUNT_STATE), a random value
the recording kept (RECORDED_RANDOM), and the few LocalStack skip paths that are honoured
(HONOURED_SKIPS).

`replay.py` runs pytest with this plugin and prints the report; RESULTS holds the outcomes.
"""
import json
import logging
import os
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from localstack_snapshot.snapshots import SnapshotAssertionError, SnapshotSession
from localstack_snapshot.snapshots.transformer import RegexTransformer

from localstack import config as ls_config
from localstack.testing.aws.util import wait_for_user
from localstack.testing.snapshots.transformer_utility import TransformerUtility, basic_transformers
from localstack.utils.aws.arns import get_partition
from localstack.utils.strings import short_uid

LOG = logging.getLogger("aws-recorded")

RECORDED_ROOT = Path(__file__).resolve().parent.parent  # tests/conformance/aws-recorded
# LocalStack's snapshot entries are keyed by the node id in its repository.
SCOPE_PREFIX = "tests/aws/services/"

# Tests that cannot be replayed against an IAM/STS server, by node id (a prefix matches every
# parametrization), with the reason. Tests marked aws.only_localstack have no AWS recording and are
# left out before this list is looked at.
NOT_REPLAYABLE = {}

# skip_snapshot_verify paths that are honoured. LocalStack lists there where *LocalStack* deviates
# from AWS; the replay compares strictly and ignores those lists, except for a path whose recorded
# value depends on when or where the recording ran (keyed by test function name, then the paths).
HONOURED_SKIPS = {
    # AWS-managed policies get new versions over time (ReadOnlyAccess was v178 when recorded, is
    # v188 in iamd's later catalogue): a version number is a date, not behaviour.
    "test_list_policies_scope_aws": {"$..Policies..DefaultVersionId"},
    # "last used and the description depend on whether the role was created in the snapshot
    # account by a service or manually": the recording account had some of these service-linked
    # roles long before the test (made by the service, used since); a fresh account cannot.
    "test_service_role_lifecycle": {"$..Role.RoleLastUsed", "$..Role.Description"},
}

# Values the recording left random: AWS's answer holds a name the test made up (short_uid) and no
# transformer replaces (test function name -> (regex of our random value, the recorded one)). Only
# the random part is mapped, so the rest of the message is still compared.
RECORDED_RANDOM = {
    # "Provider with url https://oidc-dup-04669428.example.com already exists."
    "test_create_open_id_connect_provider_duplicate_error": (r"oidc-dup-[0-9a-f]{8}", "oidc-dup-04669428"),
}

UNCALLED = {}  # scope key -> recorded snapshot keys the test did not produce (informational)
ASSERTED = {}  # scope key -> {"outcome": "passes" | "fails", "detail": [...]} (unrecorded tests)
RESULTS = {}  # scope key -> {"outcome": ..., "detail": [...]}
COLLECTED = {}  # scope key -> "replay" | "only_localstack" | "not_replayable" | "unrecorded"


def scope_key(item) -> str:
    rel = Path(item.path).resolve().relative_to(RECORDED_ROOT).as_posix()
    _, sep, rest = item.nodeid.partition("::")
    return SCOPE_PREFIX + rel + sep + rest


def _recorded_keys(path: Path) -> set:
    snap = path.with_suffix(".snapshot.json")
    if not snap.exists():
        return set()
    return set(json.loads(snap.read_text()))


_RECORDED_CACHE = {}


def is_recorded(item) -> bool:
    path = Path(item.path).resolve()
    if path not in _RECORDED_CACHE:
        _RECORDED_CACHE[path] = _recorded_keys(path)
    return scope_key(item) in _RECORDED_CACHE[path]


def _not_replayable_reason(key: str):
    for prefix, reason in NOT_REPLAYABLE.items():
        if key == prefix or key.startswith(prefix + "["):
            return reason
    return None


COLLECT_ERRORS = []  # (node id, error) of test files that did not import


# --- hooks ---------------------------------------------------------------------------------------


def pytest_configure(config):
    for name in (
        "aws_validated",
        "aws_manual_setup_required",
        "aws_needs_fixing",
        "aws_only_localstack",
        "aws_unknown",
        "skip_snapshot_verify",
        "requires_in_process",
        "requires_in_container",
    ):
        config.addinivalue_line("markers", f"{name}: LocalStack test marker")


def pytest_collectreport(report):
    if report.failed:
        COLLECT_ERRORS.append((report.nodeid, str(report.longrepr)))


def pytest_collection_modifyitems(session, config, items):
    keep, dropped = [], []
    for item in items:
        key = scope_key(item)
        item.stash[_KEY] = key
        if item.get_closest_marker("aws_only_localstack"):
            COLLECTED[key] = "only_localstack"
            dropped.append(item)
            continue
        if not is_recorded(item):
            # validated against AWS, asserting in Python only (no snapshot): run, reported apart
            COLLECTED[key] = "unrecorded"
            keep.append(item)
            continue
        reason = _not_replayable_reason(key)
        if reason:
            COLLECTED[key] = "not_replayable"
            RESULTS[key] = {"outcome": "not replayable", "detail": [reason]}
            dropped.append(item)
            continue
        COLLECTED[key] = "replay"
        # LocalStack skips a few recorded tests for its own gaps (test_access_key_last_used:
        # "LastUsedDate tracking requires integration with auth layer"); AWS's answer is recorded,
        # so the replay runs them.
        item.own_markers = [m for m in item.own_markers if m.name not in ("skip", "skipif")]
        keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


_KEY = pytest.StashKey[str]()
_SNAP_ERR = pytest.StashKey[list]()


def _honoured_paths(item) -> list:
    name = getattr(item, "originalname", item.name)
    allowed = HONOURED_SKIPS.get(name, set())
    paths = []
    for mark in item.iter_markers(name="skip_snapshot_verify"):
        for p in mark.kwargs.get("paths") or []:
            if p in allowed:
                paths.append(p)
    return paths


def _describe_diffs(results) -> list:
    """One line per difference: `snapshot-key /path: recorded AWS value → iamd value`."""
    lines = []
    for res in sorted(results, key=lambda r: r.key):
        if res:
            continue
        tree = res.result
        changes = []
        for change_type in tree.keys():
            for change in tree[change_type]:
                parts = change.path(output_format="list")
                path = "/" + "/".join(str(p) for p in parts)
                if change_type in ("dictionary_item_removed", "iterable_item_removed"):
                    text = f"{res.key} {path}: {_short(change.t1)} → (missing)"
                elif change_type in ("dictionary_item_added", "iterable_item_added"):
                    text = f"{res.key} {path}: (absent) → {_short(change.t2)}"
                else:
                    text = f"{res.key} {path}: {_short(change.t1)} → {_short(change.t2)}"
                changes.append(([(isinstance(p, int), p if isinstance(p, int) else str(p)) for p in parts], text))
        lines += [text for _, text in sorted(changes)]
    return lines


def _short(value, limit=700) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    sm = item.funcargs.get("snapshot") if hasattr(item, "funcargs") else None
    if not isinstance(sm, SnapshotSession):
        return
    item.stash[_SNAP_ERR] = []
    uncalled = sorted(set(sm.recorded_state or {}) - sm.called_keys)
    if uncalled:
        UNCALLED[item.stash[_KEY]] = uncalled
    try:
        sm._assert_all(True, _honoured_paths(item))
    except SnapshotAssertionError as e:
        diffs = _describe_diffs(e.result)
        if outcome.excinfo is None:
            outcome.force_exception(SnapshotDiffers("\n".join(diffs)))
        else:
            # the test failed anyway; keep the differences of the snapshots it took before that
            item.stash[_SNAP_ERR] = diffs
    except Exception as e:  # a recording missing for a key the test matched, ...
        if outcome.excinfo is None:
            outcome.force_exception(e)


class SnapshotDiffers(AssertionError):
    pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    out = yield
    report = out.get_result()
    key = item.stash.get(_KEY, None)
    if key is None:
        return
    if COLLECTED.get(key) == "unrecorded":
        if report.skipped:  # LocalStack's own skip marks stand here: no recording says otherwise
            ASSERTED[key] = {"outcome": "skipped", "detail": [str(report.longrepr[-1])]}
        elif report.when == "call" or (report.when == "setup" and report.failed):
            exc = call.excinfo.value if call.excinfo else None
            ASSERTED[key] = {"outcome": "passes" if report.passed else "fails",
                             "detail": [] if report.passed else [_exception_line(exc)]}
        return
    if report.when == "call":
        if report.passed:
            RESULTS[key] = {"outcome": "match", "detail": []}
        elif report.skipped:
            RESULTS[key] = {"outcome": "not replayable", "detail": [str(call.excinfo.value)]}
        else:
            exc = call.excinfo.value if call.excinfo else None
            if isinstance(exc, SnapshotDiffers):
                detail = str(exc).splitlines()
            else:
                detail = [_exception_line(exc)] + item.stash.get(_SNAP_ERR, [])
            RESULTS[key] = {"outcome": "differs", "detail": detail}
    elif report.when == "setup" and report.skipped:
        RESULTS[key] = {"outcome": "not replayable", "detail": [str(report.longrepr[-1])]}
    elif report.when == "setup" and report.failed:
        exc = call.excinfo.value if call.excinfo else None
        RESULTS[key] = {"outcome": "differs", "detail": ["setup: " + _exception_line(exc)]}


def _exception_line(exc) -> str:
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        op = getattr(exc, "operation_name", "?")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return f"{op} raised {err.get('Code')} ({status}): {err.get('Message')}"
    text = f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


# --- clients -------------------------------------------------------------------------------------


# Tests whose recording was made by a role session rather than the administrator user (function
# name -> the evidence in the recording).
ROLE_SESSION_TESTS = {
    "test_access_key_errors": "DeleteAccessKey without UserName answered \"Must specify userName "
    "when calling with non-User credentials\"",
}


class Clients:
    """boto3 clients on the server under test, one per service name as an attribute
    (`aws_client.iam`, `aws_client.sts`), signing with the given credentials or the default
    chain (replay.py puts the administrator user's key in the environment)."""

    def __init__(self, region_name=None, config=None, **credentials):
        self._region = region_name or os.environ.get("AWS_RECORDED_REGION", "us-east-1")
        base = Config(retries={"total_max_attempts": 1})
        self._config = base.merge(config) if config else base
        self._credentials = {k: v for k, v in credentials.items() if v is not None}
        self._cache = {}

    def __getattr__(self, service):
        if service.startswith("_"):
            raise AttributeError(service)
        if service not in self._cache:
            self._cache[service] = boto3.client(
                service,
                region_name=self._region,
                endpoint_url=ls_config.ENDPOINT,
                config=self._config,
                **self._credentials,
            )
        return self._cache[service]


@pytest.fixture(scope="session")
def aws_client_factory():
    def factory(**kwargs):
        return Clients(**kwargs)

    return factory


@pytest.fixture(scope="session")
def _admin_user_client(aws_client_factory):
    return aws_client_factory()


@pytest.fixture(scope="session")
def _role_session_client(aws_client_factory):
    keys = json.loads(os.environ["AWS_RECORDED_ROLE_SESSION"])
    return aws_client_factory(aws_access_key_id=keys["AccessKeyId"],
                              aws_secret_access_key=keys["SecretAccessKey"],
                              aws_session_token=keys["SessionToken"])


@pytest.fixture
def aws_client(request, _admin_user_client, _role_session_client):
    """Clients signing as the caller the test's recording was made with."""
    if getattr(request.node, "originalname", request.node.name) in ROLE_SESSION_TESTS:
        return _role_session_client
    return _admin_user_client


@pytest.fixture(scope="session")
def account_id(_admin_user_client):
    return _admin_user_client.sts.get_caller_identity()["Account"]


@pytest.fixture(scope="session")
def region_name(_admin_user_client):
    return _admin_user_client.sts.meta.region_name


@pytest.fixture(scope="session")
def partition(region_name):
    return get_partition(region_name)


# --- the snapshot --------------------------------------------------------------------------------


@pytest.fixture
def snapshot(request, account_id, region_name):
    """The recorded snapshot of this test (its entry in the `.snapshot.json` beside it), compared
    after the test by pytest_runtest_call. Transformers run by priority: the test's own (0) first,
    then the account ID, region and partition, the ResponseMetadata reduction, UUIDs and dates (2)."""
    path = Path(request.node.path)
    sm = SnapshotSession(
        base_file_path=str(path.with_suffix("")),
        scope_key=request.node.stash[_KEY],
        update=False,
        verify=True,
    )
    sm.transform = TransformerUtility
    sm.add_transformer(RegexTransformer(account_id, "1" * 12), priority=2)
    sm.add_transformer(RegexTransformer(region_name, "<region>"), priority=2)
    sm.add_transformer(RegexTransformer(f"arn:{get_partition(region_name)}:", "arn:<partition>:"), priority=2)
    sm.add_transformer(basic_transformers(), priority=2)
    random_value = RECORDED_RANDOM.get(getattr(request.node, "originalname", request.node.name))
    if random_value:
        sm.add_transformer(RegexTransformer(*random_value), priority=3)
    return sm


# --- the recording account's state --------------------------------------------------------------


def _s3_full_access_attached_twice(aws_client, partition):
    """The recording account had AWS-managed AmazonS3FullAccess attached to two entities
    (GetAccountAuthorizationDetails' AttachmentCount: 2, and that call lists only AWS-managed
    policies that are attached); a fresh account has it attached nowhere."""
    iam = aws_client.iam
    arn = f"arn:{partition}:iam::aws:policy/AmazonS3FullAccess"
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    names = [f"aws-recorded-state-{short_uid()}" for _ in range(2)]
    for name in names:
        iam.create_role(RoleName=name, Path="/aws-recorded-state/", AssumeRolePolicyDocument=trust)
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)

    def undo():
        for name in names:
            _quietly(iam.detach_role_policy, RoleName=name, PolicyArn=arn)
            _quietly(iam.delete_role, RoleName=name)

    return undo


# Test function name -> a setup giving the account what the recording shows it had before the test.
RECORDED_ACCOUNT_STATE = {
    "test_get_account_authorization_details_filter_aws_managed_policy": _s3_full_access_attached_twice,
}


@pytest.fixture(autouse=True)
def _recorded_account_state(request, partition):
    setup = RECORDED_ACCOUNT_STATE.get(getattr(request.node, "originalname", request.node.name))
    if not setup:
        yield
        return
    undo = setup(request.getfixturevalue("_admin_user_client"), partition)
    yield
    undo()


# --- resources with clean-up ---------------------------------------------------------------------


def _quietly(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - clean-up goes on
        LOG.debug("clean-up: %s", e)
        return None


@pytest.fixture
def cleanups():
    """Callables the test appends; run in reverse order after it, errors logged."""
    fns = []
    yield fns
    for fn in reversed(fns):
        _quietly(fn)


def _delete_user_fully(iam, name):
    if _quietly(iam.get_user, UserName=name) is None:
        return
    for p in (_quietly(iam.list_user_policies, UserName=name) or {}).get("PolicyNames", []):
        _quietly(iam.delete_user_policy, UserName=name, PolicyName=p)
    for p in (_quietly(iam.list_attached_user_policies, UserName=name) or {}).get("AttachedPolicies", []):
        _quietly(iam.detach_user_policy, UserName=name, PolicyArn=p["PolicyArn"])
    for k in (_quietly(iam.list_access_keys, UserName=name) or {}).get("AccessKeyMetadata", []):
        _quietly(iam.delete_access_key, UserName=name, AccessKeyId=k["AccessKeyId"])
    _quietly(iam.delete_user, UserName=name)


@pytest.fixture
def create_user(aws_client):
    names = []

    def create(**kwargs):
        kwargs.setdefault("UserName", f"user-{short_uid()}")
        response = aws_client.iam.create_user(**kwargs)
        names.append(response["User"]["UserName"])
        return response

    yield create
    for name in names:
        _delete_user_fully(aws_client.iam, name)


@pytest.fixture
def create_role(aws_client):
    created = []

    def create(iam_client=None, **kwargs):
        if not kwargs.get("RoleName"):
            kwargs["RoleName"] = f"role-{short_uid()}"
        iam = iam_client or aws_client.iam
        response = iam.create_role(**kwargs)
        created.append((response["Role"]["RoleName"], iam))
        return response

    yield create
    for name, iam in created:
        if _quietly(iam.get_role, RoleName=name) is None:
            continue
        for p in (_quietly(iam.list_attached_role_policies, RoleName=name) or {}).get("AttachedPolicies", []):
            _quietly(iam.detach_role_policy, RoleName=name, PolicyArn=p["PolicyArn"])
        for p in (_quietly(iam.list_role_policies, RoleName=name) or {}).get("PolicyNames", []):
            _quietly(iam.delete_role_policy, RoleName=name, PolicyName=p)
        for ip in (_quietly(iam.list_instance_profiles_for_role, RoleName=name) or {}).get("InstanceProfiles", []):
            _quietly(iam.remove_role_from_instance_profile,
                     InstanceProfileName=ip["InstanceProfileName"], RoleName=name)
        _quietly(iam.delete_role, RoleName=name)


@pytest.fixture
def create_policy(aws_client):
    created = []

    def create(*args, iam_client=None, **kwargs):
        iam = iam_client or aws_client.iam
        kwargs.setdefault("PolicyName", f"policy-{short_uid()}")
        response = iam.create_policy(*args, **kwargs)
        created.append((response["Policy"]["Arn"], iam))
        return response

    yield create
    for arn, iam in created:
        for v in (_quietly(iam.list_policy_versions, PolicyArn=arn) or {}).get("Versions", []):
            if not v["IsDefaultVersion"]:
                _quietly(iam.delete_policy_version, PolicyArn=arn, VersionId=v["VersionId"])
        _quietly(iam.delete_policy, PolicyArn=arn)


@pytest.fixture
def create_group(aws_client):
    names = []

    def create(**kwargs):
        kwargs.setdefault("GroupName", f"group-{short_uid()}")
        response = aws_client.iam.create_group(**kwargs)
        names.append(response["Group"]["GroupName"])
        return response

    yield create
    iam = aws_client.iam
    for name in names:
        group = _quietly(iam.get_group, GroupName=name)
        if group is None:
            continue
        for u in group.get("Users", []):
            _quietly(iam.remove_user_from_group, GroupName=name, UserName=u["UserName"])
        for p in (_quietly(iam.list_group_policies, GroupName=name) or {}).get("PolicyNames", []):
            _quietly(iam.delete_group_policy, GroupName=name, PolicyName=p)
        for p in (_quietly(iam.list_attached_group_policies, GroupName=name) or {}).get("AttachedPolicies", []):
            _quietly(iam.detach_group_policy, GroupName=name, PolicyArn=p["PolicyArn"])
        _quietly(iam.delete_group, GroupName=name)


@pytest.fixture
def create_instance_profile(aws_client):
    names = []

    def create(**kwargs):
        if not kwargs.get("InstanceProfileName"):
            kwargs["InstanceProfileName"] = f"instance-profile-{short_uid()}"
        response = aws_client.iam.create_instance_profile(**kwargs)
        names.append(response["InstanceProfile"]["InstanceProfileName"])
        return response

    yield create
    iam = aws_client.iam
    for name in names:
        profile = _quietly(iam.get_instance_profile, InstanceProfileName=name)
        if profile is None:
            continue
        for role in profile["InstanceProfile"].get("Roles", []):
            _quietly(iam.remove_role_from_instance_profile, InstanceProfileName=name,
                     RoleName=role["RoleName"])
        _quietly(iam.delete_instance_profile, InstanceProfileName=name)


@pytest.fixture
def create_service_linked_role(aws_client):
    """CreateServiceLinkedRole with clean-up (test_iam.py's class has its own, which wins there)."""
    names = []

    def create(**kwargs):
        response = aws_client.iam.create_service_linked_role(**kwargs)
        names.append(response["Role"]["RoleName"])
        return response

    yield create
    for name in names:
        _quietly(aws_client.iam.delete_service_linked_role, RoleName=name)


@pytest.fixture
def wait_and_assume_role(aws_client):
    """AssumeRole (a session name made up if none is given), returning the Credentials."""

    def assume(role_arn: str, session_name: str = None, **kwargs):
        session_name = session_name or f"session-{short_uid()}"
        return aws_client.sts.assume_role(
            RoleArn=role_arn, RoleSessionName=session_name, **kwargs
        )["Credentials"]

    return assume


@pytest.fixture
def client_factory_for_user(aws_client_factory, aws_client, region_name):
    """A new access key for the user, and clients signing with it."""
    default_region = region_name

    def factory(user_name, region_name=None):
        region = region_name or default_region
        keys = aws_client.iam.create_access_key(UserName=user_name)["AccessKey"]
        wait_for_user(keys, region)
        return aws_client_factory(
            aws_access_key_id=keys["AccessKeyId"],
            aws_secret_access_key=keys["SecretAccessKey"],
            region_name=region,
        )

    return factory


@pytest.fixture
def s3_bucket():
    """A bucket name. test_simulate_principle_policy only puts it in a simulated resource ARN;
    iamd serves no S3, and the simulation does not need the bucket to exist."""
    return f"test-bucket-{short_uid()}"

