"""moto drop-in with boto3: what suites written for moto's server mode do, unchanged, against
`iamd serve --open` (unittest; also collectable by pytest).

- ResetAuth: `requests.post(ENDPOINT + "/moto-api/reset-auth", data="4")`, as moto's own
  `set_initial_no_auth_action_count` decorator sends it in server mode (moto/core/authorization.py):
  the next N requests (the suite's set-up, made with the dummy test/test key) go through
  unauthenticated, then every request is authenticated and authorized: the dummy key gets
  InvalidClientTokenId, a user without the permission AccessDenied; posting back the previous value
  (`inf`) restores open mode.
- AdminUser (iamd only): `iamd serve --open --open-as-admin-user admin`: the dummy key acts as the IAM
  user `admin` (AdministratorAccess), so AssumeRole works, and `/moto-api/reset` recreates the user.

Server: always its own, started from IAMD_BIN with `--open` (with E2E_TARGET=moto, moto's server:
ResetAuth passes against moto itself, which is what makes it a drop-in check).

    python3 tests/e2e/test_moto_dropin.py [-k pattern]
"""
import contextlib
import json
import os
import sys
import unittest

import requests
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import SuiteServer, creds_of, policy_doc, uniq  # noqa: E402

# The dummy key pair of moto suites.
TEST_KEY = ("test", "test")


class OpenServer(SuiteServer):
    """A SuiteServer always started here, as `iamd serve --open ARGS` (or moto)."""

    def __init__(self, *args):
        super().__init__()
        self.args = ["--open", *args]

    def open(self, skip_on_moto=None):
        if skip_on_moto and e2e_server.is_moto():
            raise unittest.SkipTest(skip_on_moto)
        self.started = e2e_server.Server(extra_args=self.args).start()
        self.endpoint = self.started.endpoint
        self.root_key = e2e_server.read_credentials(self.started.credentials_file)
        return self


def code_of(fn, **kwargs):
    """The error code `fn(**kwargs)` fails with (AssertionError when it succeeds)."""
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError(f"{fn.__name__} succeeded")


@contextlib.contextmanager
def initial_no_auth_action_count(endpoint, n):
    """moto's `set_initial_no_auth_action_count(n)` in server mode, as a context manager: posts
    str(n), runs the body, posts back the previous value the reply gave."""
    response = requests.post(f"{endpoint}/moto-api/reset-auth", data=str(n).encode("utf-8"))
    previous = response.json()["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"]
    try:
        yield
    finally:
        requests.post(f"{endpoint}/moto-api/reset-auth", data=str(previous).encode("utf-8"))


class ResetAuth(unittest.TestCase):
    server = OpenServer()

    @classmethod
    def setUpClass(cls):
        cls.server.open()
        cls.endpoint = cls.server.endpoint

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def client(self, service, key=TEST_KEY):
        return self.server.client(service, key)

    def user_with_key(self, iam, policy=None):
        """A user made with `iam` (2 requests, 3 with an inline policy); returns (name, key)."""
        name = uniq("u")
        iam.create_user(UserName=name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy)
        k = iam.create_access_key(UserName=name)["AccessKey"]
        return name, (k["AccessKeyId"], k["SecretAccessKey"])

    def test_reply_as_moto_gives_it(self):
        r = requests.post(f"{self.endpoint}/moto-api/reset-auth", data="4")
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.json(), {"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": "inf"})
        r = requests.post(f"{self.endpoint}/moto-api/reset-auth", data="inf")
        self.assertEqual(r.json(), {"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": "4.0"})
        r = requests.get(f"{self.endpoint}/moto-api/reset-auth")
        self.assertEqual((r.status_code, r.json()), (400, {"Error": "Need to POST to reset Moto Auth"}))

    def test_four_requests_through_then_everything_authenticated(self):
        iam = self.client("iam")
        r = requests.post(f"{self.endpoint}/moto-api/reset-auth", data="4")
        self.assertEqual(r.json()["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"], "inf")
        try:
            # 1-3: a user with an inline policy allowing iam:ListUsers, and its key; 4: a read.
            name, key = self.user_with_key(iam, policy_doc(
                {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}))
            iam.get_user(UserName=name)
            # 5: the dummy key is an unknown key now.
            self.assertEqual(code_of(iam.list_users), "InvalidClientTokenId")
            self.assertEqual(code_of(self.client("sts").get_caller_identity), "InvalidClientTokenId")
            # The user's own key: what its policy allows, and nothing else.
            user = self.client("iam", key)
            self.assertIn(name, [u["UserName"] for u in user.list_users()["Users"]])
            self.assertEqual(code_of(user.create_user, UserName=uniq("no")), "AccessDenied")
            self.assertEqual(code_of(user.get_user, UserName=name), "AccessDenied")
        finally:
            r = requests.post(f"{self.endpoint}/moto-api/reset-auth", data="inf")
        self.assertEqual(r.json()["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"], "4.0")
        # inf: open again.
        iam.list_users()
        iam.create_user(UserName=uniq("open-again"))

    def test_access_denied_with_no_policy(self):
        # moto's tests/test_core/test_auth.py pattern: the decorator counts exactly the set-up.
        with initial_no_auth_action_count(self.endpoint, 2):
            name, key = self.user_with_key(self.client("iam"))
            self.assertEqual(code_of(self.client("iam", key).list_users), "AccessDenied")
            self.assertEqual(code_of(self.client("iam").list_users), "InvalidClientTokenId")
        # The decorator restored the previous value (inf): open mode.
        self.client("iam").get_user(UserName=name)

    def test_managed_policy_attached_during_set_up(self):
        with initial_no_auth_action_count(self.endpoint, 4):
            iam = self.client("iam")
            name, key = self.user_with_key(iam)
            policy = iam.create_policy(PolicyName=uniq("p"), PolicyDocument=policy_doc(
                {"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUsers"], "Resource": "*"}))
            iam.attach_user_policy(UserName=name, PolicyArn=policy["Policy"]["Arn"])
            user = self.client("iam", key)
            user.get_user(UserName=name)
            user.list_users()
            self.assertEqual(code_of(user.delete_user, UserName=name), "AccessDenied")
            self.assertEqual(code_of(iam.get_user, UserName=name), "InvalidClientTokenId")


class AdminUser(unittest.TestCase):
    server = OpenServer("--open-as-admin-user", "admin")

    @classmethod
    def setUpClass(cls):
        cls.server.open(skip_on_moto="--open-as-admin-user is iamd's (moto's dummy key is not a real user)")
        cls.endpoint = cls.server.endpoint

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def client(self, service, key=TEST_KEY):
        return self.server.client(service, key)

    def test_dummy_key_is_the_admin_user_and_can_assume_roles(self):
        sts, iam = self.client("sts"), self.client("iam")
        who = sts.get_caller_identity()
        account = who["Account"]
        self.assertEqual(who["Arn"], f"arn:aws:iam::{account}:user/admin")
        role = iam.create_role(RoleName=uniq("r"), AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"}}]}))["Role"]
        session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="suite")
        who = self.client("sts", creds_of(session)).get_caller_identity()
        self.assertEqual(who["Arn"], f"arn:aws:sts::{account}:assumed-role/{role['RoleName']}/suite")

    def test_reset_recreates_the_admin_user(self):
        iam = self.client("iam")
        role = iam.create_role(RoleName=uniq("gone"), AssumeRolePolicyDocument=policy_doc({
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}))
        r = requests.post(f"{self.endpoint}/moto-api/reset")
        self.assertEqual((r.status_code, r.json()), (200, {"status": "ok"}))
        self.assertEqual(code_of(iam.get_role, RoleName=role["Role"]["RoleName"]), "NoSuchEntity")
        self.assertEqual([u["UserName"] for u in iam.list_users()["Users"]], ["admin"])
        attached = iam.list_attached_user_policies(UserName="admin")["AttachedPolicies"]
        self.assertEqual([p["PolicyArn"] for p in attached], ["arn:aws:iam::aws:policy/AdministratorAccess"])
        self.assertTrue(self.client("sts").get_caller_identity()["Arn"].endswith(":user/admin"))

    def test_reset_auth_ends_the_mapping_too(self):
        with initial_no_auth_action_count(self.endpoint, 1):
            self.assertTrue(self.client("sts").get_caller_identity()["Arn"].endswith(":user/admin"))
            self.assertEqual(code_of(self.client("sts").get_caller_identity), "InvalidClientTokenId")
        self.client("sts").get_caller_identity()


if __name__ == "__main__":
    unittest.main(verbosity=2)
