"""End-to-end policy enforcement with boto3 (unittest; also collectable by pytest).

What issue 3 says users must be able to show, each checked against enforcement and against
SimulatePrincipalPolicy for the same request:
  (a) the self-management policy (`arn:aws:iam::*:user/${aws:username}`): own keys and login profile
      yes, another user's no, with AWS's AccessDenied message;
  (b) an MFA-required deny (BoolIfExists aws:MultiFactorAuthPresent false) refuses long-term keys and
      lets MFA session credentials (virtual MFA device, TOTP, GetSessionToken) through;
  (c) a permissions boundary of iam:Get*/iam:List* stops AdministratorAccess from CreateUser;
  (d) a user without policies can call only what needs no permission;
  (f) `iamd serve --audit-only` lets a denied call through; `--no-enforcement` evaluates nothing but still
      authenticates.

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`, root credentials) when both are set
(run.sh does this), else one is started from IAMD_BIN (default target/debug/iamd). The audit-mode test always
starts its own second server from IAMD_BIN.

    python3 tests/e2e/test_enforcement.py [-k pattern]
"""
import json
import os
import re
import subprocess
import sys
import time
import unittest

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import (  # noqa: E402
    IamTestCase, SuiteServer, creds_of, current_step, delete_group_fully, delete_user_fully, policy_doc,
    quiet, totp, uniq)

SERVER = SuiteServer()
client = SERVER.client
PASSWORD = "Str0ng-Passw0rd!x"


def setUpModule():
    SERVER.open(skip_on_moto="moto does not enforce IAM policies")


def tearDownModule():
    SERVER.close()


SELF_MANAGEMENT = policy_doc({
    "Sid": "ManageOwnCredentials",
    "Effect": "Allow",
    "Action": ["iam:*AccessKey*", "iam:*LoginProfile", "iam:GetUser"],
    "Resource": "arn:aws:iam::*:user/${aws:username}",
})

MFA_REQUIRED = policy_doc({
    "Sid": "DenyAllExceptMfaSetupWithoutMfa",
    "Effect": "Deny",
    "NotAction": ["iam:*MFA*", "sts:GetSessionToken"],
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
})

ALLOW_IAM = policy_doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})

READ_ONLY_BOUNDARY = policy_doc({"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"})

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


class Base(IamTestCase):
    server = SERVER

    def managed_policy(self, document):
        arn = self.iam.create_policy(PolicyName=uniq("p"), PolicyDocument=document)["Policy"]["Arn"]

        def cleanup():
            for u in (quiet(self.iam.list_entities_for_policy, PolicyArn=arn) or {}).get("PolicyUsers", []):
                quiet(self.iam.detach_user_policy, UserName=u["UserName"], PolicyArn=arn)
                quiet(self.iam.delete_user_permissions_boundary, UserName=u["UserName"])
            quiet(self.iam.delete_policy, PolicyArn=arn)
        self.addCleanup(cleanup)
        return arn

    def simulate(self, user_name, action, resource, context=None):
        """SimulatePrincipalPolicy's EvalDecision for one action on one resource."""
        entries = [{"ContextKeyName": k, "ContextKeyValues": [v], "ContextKeyType": t}
                   for k, (v, t) in (context or {}).items()]
        r = self.iam.simulate_principal_policy(
            PolicySourceArn=self.user_arn(user_name), ActionNames=[action], ResourceArns=[resource],
            ContextEntries=entries)
        (result,) = r["EvaluationResults"]
        return result

    def assertSimulated(self, user_name, action, resource, decision, context=None):
        result = self.simulate(user_name, action, resource, context)
        self.assertEqual(result["EvalDecision"], decision,
                         f"SimulatePrincipalPolicy {action} on {resource}: {result}")
        return result


class SelfManagement(Base):
    """(a) A group policy on `arn:aws:iam::*:user/${aws:username}`."""

    def test_self_management(self):
        group = uniq("self-managers")
        self.iam.create_group(GroupName=group)
        self.addCleanup(delete_group_fully, self.iam, group)
        self.iam.put_group_policy(GroupName=group, PolicyName="SelfManagement", PolicyDocument=SELF_MANAGEMENT)
        me, key = self.user()
        other, _ = self.user(key=False)
        self.iam.add_user_to_group(GroupName=group, UserName=me)
        iam = client("iam", key)

        # Rotate: a second key, the old one inactive, then deleted; continue with the new one.
        self.assertEqual(iam.get_user()["User"]["UserName"], me)
        new = iam.create_access_key()["AccessKey"]
        self.assertEqual(new["UserName"], me)
        iam.update_access_key(UserName=me, AccessKeyId=key[0], Status="Inactive")
        iam = client("iam", (new["AccessKeyId"], new["SecretAccessKey"]))
        iam.delete_access_key(UserName=me, AccessKeyId=key[0])
        keys = iam.list_access_keys()["AccessKeyMetadata"]
        self.assertEqual([k["AccessKeyId"] for k in keys], [new["AccessKeyId"]])

        # Own login profile: create, change, read.
        iam.create_login_profile(UserName=me, Password=PASSWORD)
        iam.update_login_profile(UserName=me, Password=PASSWORD + "2", PasswordResetRequired=False)
        self.assertEqual(iam.get_login_profile(UserName=me)["LoginProfile"]["UserName"], me)

        # Someone else's: AWS's message, naming the other user's ARN.
        caller = self.user_arn(me)
        for action, fn, kwargs in [
            ("iam:CreateAccessKey", iam.create_access_key, {"UserName": other}),
            ("iam:ListAccessKeys", iam.list_access_keys, {"UserName": other}),
            ("iam:CreateLoginProfile", iam.create_login_profile, {"UserName": other, "Password": PASSWORD}),
            ("iam:GetUser", iam.get_user, {"UserName": other}),
        ]:
            with self.subTest(action=action):
                self.assertDenied(fn, self.denial(
                    caller, action, self.user_arn(other),
                    f"because no identity-based policy allows the {action} action"), **kwargs)
        self.assertEqual(self.iam.list_access_keys(UserName=other)["AccessKeyMetadata"], [])
        # Nothing outside the policy's actions, even on oneself.
        self.assertDenied(iam.delete_user, self.denial(
            caller, "iam:DeleteUser", caller,
            "because no identity-based policy allows the iam:DeleteUser action"), UserName=me)

        # (e) The simulator agrees (aws:username given, as a console user would see it).
        ctx = {"aws:username": (me, "string")}
        for action in ("iam:CreateAccessKey", "iam:UpdateLoginProfile", "iam:GetUser"):
            with self.subTest(simulate=action):
                r = self.assertSimulated(me, action, self.user_arn(me), "allowed", ctx)
                self.assertTrue(r.get("MatchedStatements"), r)
                self.assertSimulated(me, action, self.user_arn(other), "implicitDeny", ctx)
        self.assertSimulated(me, "iam:DeleteUser", self.user_arn(me), "implicitDeny", ctx)


class MfaRequired(Base):
    """(b) Deny everything but MFA set-up unless aws:MultiFactorAuthPresent (BoolIfExists)."""

    def test_mfa_required(self):
        me, key = self.user()
        self.iam.put_user_policy(UserName=me, PolicyName="AllowIam", PolicyDocument=ALLOW_IAM)
        self.iam.put_user_policy(UserName=me, PolicyName="RequireMfa", PolicyDocument=MFA_REQUIRED)
        iam, sts = client("iam", key), client("sts", key)
        caller = self.user_arn(me)

        # Long-term keys: the key is absent, so BoolIfExists holds and the deny applies.
        explicit = "with an explicit deny in an identity-based policy"
        self.assertDenied(iam.get_user, self.denial(caller, "iam:GetUser", caller, explicit))
        self.assertTrue(self.assertDenied(iam.list_users).endswith(explicit))
        self.assertDenied(iam.create_user, self.denial(
            caller, "iam:CreateUser", self.user_arn("nope"), explicit), UserName="nope")

        # MFA set-up is exempt (NotAction iam:*MFA*): the user enrols a virtual device.
        serial, seed = self.mfa_device(me, iam, device_name=me)
        self.assertEqual([d["SerialNumber"] for d in iam.list_mfa_devices()["MFADevices"]], [serial])

        # GetSessionToken without MFA: credentials without MultiFactorAuthPresent=true are still denied
        # (and GetSessionToken credentials without MFA cannot call IAM at all).
        plain_iam = client("iam", creds_of(sts.get_session_token()))
        self.assertDenied(plain_iam.get_user)

        # With MFA: the deny no longer applies and the Allow grants.
        mfa = creds_of(sts.get_session_token(SerialNumber=serial, TokenCode=totp(seed, current_step())))
        mfa_iam = client("iam", mfa)
        self.assertEqual(mfa_iam.get_user()["User"]["UserName"], me)
        self.assertIn(me, [u["UserName"] for u in mfa_iam.list_users()["Users"]])
        self.assertEqual(client("sts", mfa).get_caller_identity()["Arn"], caller)
        # The same code cannot be used twice.
        with self.assertRaises(ClientError):
            sts.get_session_token(SerialNumber=serial, TokenCode=totp(seed, current_step()))

        # (e) The simulator agrees: explicit deny without MFA (key missing or false), allowed with it.
        r = self.assertSimulated(me, "iam:GetUser", caller, "explicitDeny")
        self.assertTrue(any(s["SourcePolicyId"] == "RequireMfa" for s in r["MatchedStatements"]), r)
        self.assertSimulated(me, "iam:GetUser", caller, "explicitDeny",
                             {"aws:MultiFactorAuthPresent": ("false", "boolean")})
        self.assertSimulated(me, "iam:GetUser", caller, "allowed",
                             {"aws:MultiFactorAuthPresent": ("true", "boolean")})
        self.assertSimulated(me, "iam:EnableMFADevice", caller, "allowed")


class PermissionsBoundary(Base):
    """(c) AdministratorAccess within a boundary of iam:Get*/iam:List*."""

    def test_boundary_stops_admin(self):
        boundary = self.managed_policy(READ_ONLY_BOUNDARY)
        me, key = self.user()
        self.iam.attach_user_policy(UserName=me, PolicyArn=ADMIN)
        self.iam.put_user_permissions_boundary(UserName=me, PermissionsBoundary=boundary)
        self.assertEqual(self.iam.get_user(UserName=me)["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"],
                         boundary)
        iam = client("iam", key)
        caller = self.user_arn(me)
        target = uniq("new")

        self.assertEqual(iam.get_user()["User"]["UserName"], me)
        self.assertIn(me, [u["UserName"] for u in iam.list_users()["Users"]])
        self.assertDenied(iam.create_user, self.denial(
            caller, "iam:CreateUser", self.user_arn(target),
            "because no permissions boundary allows the iam:CreateUser action"), UserName=target)
        self.assertDenied(iam.delete_user_permissions_boundary, UserName=me)
        with self.assertRaises(ClientError) as cm:
            self.iam.get_user(UserName=target)
        self.assertEqual(cm.exception.response["Error"]["Code"], "NoSuchEntity")

        # Without the boundary the same user may.
        self.iam.delete_user_permissions_boundary(UserName=me)
        iam.create_user(UserName=target)
        self.addCleanup(delete_user_fully, self.iam, target)

        # (e) The simulator agrees, and says the boundary decided.
        self.iam.put_user_permissions_boundary(UserName=me, PermissionsBoundary=boundary)
        r = self.assertSimulated(me, "iam:CreateUser", self.user_arn(uniq("x")), "implicitDeny")
        detail = r.get("PermissionsBoundaryDecisionDetail")
        self.assertEqual(detail, {"AllowedByPermissionsBoundary": False}, r)
        self.assertSimulated(me, "iam:ListUsers", f"arn:aws:iam::{self.acct}:user/", "allowed")
        self.assertSimulated(me, "iam:GetUser", caller, "allowed")


class NoPolicies(Base):
    """(d) A user with no policies."""

    def test_nothing_but_what_needs_no_permission(self):
        me, key = self.user()
        iam, sts = client("iam", key), client("sts", key)
        caller = self.user_arn(me)
        self.assertEqual(sts.get_caller_identity()["Arn"], caller)
        # GetSessionToken needs no permission (IAM User Guide: "No permissions are required for a user
        # to get a session token"); its credentials carry the user's permissions, i.e. none.
        sess = creds_of(sts.get_session_token())
        self.assertEqual(client("sts", sess).get_caller_identity()["Arn"], caller)

        no = "because no identity-based policy allows the {} action"
        for action, fn, kwargs, resource in [
            ("iam:GetUser", iam.get_user, {}, caller),
            ("iam:ListAccessKeys", iam.list_access_keys, {}, caller),
            ("iam:CreateAccessKey", iam.create_access_key, {}, caller),
            ("iam:CreateUser", iam.create_user, {"UserName": "x"}, self.user_arn("x")),
            # Account-wide actions: iamd names `*`; AWS names e.g. `arn:aws:iam::ACCT:user/` for ListUsers,
            # so the resource is not pinned here.
            ("iam:ListUsers", iam.list_users, {}, None),
            ("iam:GetAccountSummary", iam.get_account_summary, {}, None),
            ("iam:ListPolicies", iam.list_policies, {}, None),
        ]:
            with self.subTest(action=action):
                msg = self.assertDenied(fn, **kwargs)
                if resource is None:
                    self.assertRegex(msg, "^" + re.escape(f"User: {caller} is not authorized to perform: {action} "
                                                          "on resource: ") + r"\S+ " + re.escape(no.format(action))
                                     + "$")
                else:
                    self.assertEqual(msg, self.denial(caller, action, resource, no.format(action)))
        role = f"arn:aws:iam::{self.acct}:role/nobody"
        self.assertDenied(sts.assume_role, RoleArn=role, RoleSessionName="sess")

        # (e) The simulator agrees.
        for action, resource in [("iam:GetUser", caller), ("iam:ListUsers", "*"), ("iam:CreateUser", "*")]:
            with self.subTest(simulate=action):
                r = self.assertSimulated(me, action, resource, "implicitDeny")
                self.assertEqual(r.get("MatchedStatements", []), [], r)


class AuditOnly(Base):
    """(f) `--audit-only`: what enforcement denies is logged and allowed."""

    def test_audit_mode_lets_denied_calls_through(self):
        # Enforcing server: denied.
        me, key = self.user()
        self.assertDenied(client("iam", key).list_users)

        audit = AuditServer().start()
        self.addCleanup(audit.cleanup)
        root = client("iam", e2e_server.read_credentials(audit.credentials_file), audit.endpoint)
        name = uniq("audited")
        root.create_user(UserName=name)
        k = root.create_access_key(UserName=name)["AccessKey"]
        iam = client("iam", (k["AccessKeyId"], k["SecretAccessKey"]), audit.endpoint)
        users = [u["UserName"] for u in iam.list_users()["Users"]]
        self.assertIn(name, users)
        iam.create_user(UserName=uniq("made-by-audited"))
        # Simulation still reports what enforcement would decide.
        r = root.simulate_principal_policy(PolicySourceArn=root.get_user(UserName=name)["User"]["Arn"],
                                           ActionNames=["iam:ListUsers"])
        self.assertEqual(r["EvaluationResults"][0]["EvalDecision"], "implicitDeny")
        # Authentication is still enforced.
        bad = client("iam", (k["AccessKeyId"], "wrong" + k["SecretAccessKey"][5:]), audit.endpoint)
        with self.assertRaises(ClientError) as cm:
            bad.list_users()
        self.assertEqual(cm.exception.response["Error"]["Code"], "SignatureDoesNotMatch")
        audit.stop()
        log = audit.log_tail(400)
        self.assertTrue(re.search(r"audit mode: would deny", log), log[-2000:])


    def test_no_enforcement_allows_everything_but_still_authenticates(self):
        srv = AuditServer(flag="--no-enforcement").start()
        self.addCleanup(srv.cleanup)
        self.assertIn("enforcement off", srv.log_tail(400))
        root = client("iam", e2e_server.read_credentials(srv.credentials_file), srv.endpoint)
        name = uniq("unenforced")
        root.create_user(UserName=name)
        k = root.create_access_key(UserName=name)["AccessKey"]
        iam = client("iam", (k["AccessKeyId"], k["SecretAccessKey"]), srv.endpoint)
        # No policy at all, yet every IAM call goes through.
        self.assertIn(name, [u["UserName"] for u in iam.list_users()["Users"]])
        iam.create_user(UserName=uniq("made-by-unenforced"))
        # Rules no policy can change still hold: root cannot assume a role.
        sts = client("sts", e2e_server.read_credentials(srv.credentials_file), srv.endpoint)
        arn = root.create_role(RoleName=uniq("r"), AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"AWS": "*"}}]}))["Role"]["Arn"]
        with self.assertRaises(ClientError) as cm:
            sts.assume_role(RoleArn=arn, RoleSessionName="session")
        self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDenied")
        # Authentication is still enforced.
        bad = client("iam", (k["AccessKeyId"], "wrong" + k["SecretAccessKey"][5:]), srv.endpoint)
        with self.assertRaises(ClientError) as cm:
            bad.list_users()
        self.assertEqual(cm.exception.response["Error"]["Code"], "SignatureDoesNotMatch")


class AuditServer(e2e_server.Server):
    """iamd from IAMD_BIN with `--audit-only` (or another mode flag) on its own port and data dir."""

    def __init__(self, *args, flag="--audit-only", **kwargs):
        super().__init__(*args, **kwargs)
        self.flag = flag

    def start(self, timeout=60):
        self.port = e2e_server.free_port()
        cmd = [e2e_server.iamd_bin(), "serve", "--listen", f"127.0.0.1:{self.port}",
               "--data-dir", self.data_dir, self.flag]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                         env=dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "info")))
        deadline = time.time() + timeout
        while not (e2e_server.port_open(self.port) and os.path.exists(self.credentials_file)
                   and os.path.getsize(self.credentials_file) > 0):
            if self.proc.poll() is not None:
                raise RuntimeError(f"audit-only iamd exited with {self.proc.returncode}:\n{self.log_tail()}")
            if time.time() > deadline:
                raise RuntimeError(f"audit-only iamd not ready after {timeout}s:\n{self.log_tail()}")
            time.sleep(0.2)
        return self


if __name__ == "__main__":
    unittest.main(verbosity=2)
