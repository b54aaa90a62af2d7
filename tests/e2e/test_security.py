"""End-to-end regression tests for security fixes (unittest; also collectable by pytest).

Each test pins AWS's behaviour where iamd once differed in a way an attacker could use:
   1. a session token cannot be opened as an authorization message (DecodeAuthorizationMessage);
   2. a name spelled in another letter case does not escape a Deny on the stored ARN;
   3. session tags and a source identity need sts:TagSession / sts:SetSourceIdentity;
   4. dependent actions: CreateUser/CreateRole with Tags need iam:TagUser/iam:TagRole,
      AddRoleToInstanceProfile needs iam:PassRole;
   5. stale principals: a session of a deleted role, and a deleted user named with JSON escapes
      (`user\\/name`), are not the re-created namesake;
   6. a closed (suspended) member account's keys and sessions stop working;
   7. MFA codes: throttled after 10 wrong attempts; a used code stays used across a restart;
   8. connection timeouts (`--header-timeout-secs`, `--idle-timeout-secs`, `--max-connections`);
  10. the credential scope must name the service and a valid region; aws:RequestedRegion of IAM
      is us-east-1;
  11. the Host header must be signed;
  12. SimulatePrincipalPolicy resolves PolicySourceArn by its whole ARN (path included);
  13. the root secret is written to DATA_DIR/credentials, never printed;
  14. break-glass: `iamd recover-root` after the root deleted its only access key.

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`, root credentials) when both are set
(run.sh does this), else one is started from IAMD_BIN (default target/debug/iamd). Tests that need special
flags, a restart, or a fresh data directory start their own server from IAMD_BIN.

    python3 tests/e2e/test_security.py [-k pattern]
"""
import datetime
import hashlib
import hmac
import http.client
import json
import os
import socket
import stat
import subprocess
import sys
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import (  # noqa: E402
    IamTestCase, SuiteServer, creds_of, current_step, delete_group_fully, delete_instance_profile_fully,
    delete_role_fully, delete_user_fully, policy_doc, quiet, totp, uniq)

SERVER = SuiteServer()
client = SERVER.client
PASSWORD = "Str0ng-Passw0rd!x"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
EXPLICIT = "with an explicit deny in an identity-based policy"


def setUpModule():
    SERVER.open(skip_on_moto="moto does not enforce IAM policies")


def tearDownModule():
    SERVER.close()


def allow(action, resource="*", **extra):
    return dict({"Effect": "Allow", "Action": action, "Resource": resource}, **extra)


def trust(principal_arn, action="sts:AssumeRole", condition=None):
    s = {"Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": action}
    if condition:
        s["Condition"] = condition
    return policy_doc(s)


MFA_PRESENT = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


# --- A hand-written SigV4 signer, for requests boto3 will not make ----------------------------------

def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def signed_query(endpoint, key, params, service="iam", region="us-east-1",
                 signed_headers=("content-type", "host", "x-amz-date"), send_host=True):
    """POSTs a SigV4-signed Query request; returns (status, body text). `signed_headers` chooses what
    SignedHeaders names; a named header the request lacks is left out of the canonical headers."""
    body = urllib.parse.urlencode(params)
    host = urllib.parse.urlparse(endpoint).netloc
    amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-amz-date": amz_date}
    if send_host:
        headers["host"] = host
    if len(key) > 2 and key[2]:
        headers["x-amz-security-token"] = key[2]
    names = sorted(signed_headers)
    canonical_headers = "".join(f"{h}:{headers[h].strip()}\n" for h in names if h in headers)
    canonical = "\n".join(["POST", "/", "", canonical_headers, ";".join(names),
                           hashlib.sha256(body.encode()).hexdigest()])
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = _hmac(_hmac(_hmac(_hmac(("AWS4" + key[1]).encode(), day), region), service), "aws4_request")
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key[0]}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    conn = http.client.HTTPConnection(host, timeout=10)
    try:
        conn.putrequest("POST", "/", skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("content-length", str(len(body)))
        conn.endheaders(body.encode())
        resp = conn.getresponse()
        return resp.status, resp.read().decode(errors="replace")
    finally:
        conn.close()


def error_of(body):
    """(Code, Message) of an ErrorResponse document."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None, None
    found = {}
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("Code", "Message") and tag not in found:
            found[tag] = el.text or ""
    return found.get("Code"), found.get("Message")


LIST_USERS = {"Action": "ListUsers", "Version": "2010-05-08"}


# --- Servers of their own --------------------------------------------------------------------------

class FlagServer(e2e_server.Server):
    """iamd from IAMD_BIN on its own port and data dir, with extra `serve` flags; stdout and stderr are
    kept apart (out_path, err_path). stop() + start() restarts it on the same data dir."""

    def __init__(self, flags=()):
        super().__init__()
        self.flags = list(flags)
        self.out_path = os.path.join(self.tmp, "stdout.log")
        self.err_path = os.path.join(self.tmp, "stderr.log")

    def start(self, timeout=60):
        self.port = e2e_server.free_port()
        cmd = [e2e_server.iamd_bin(), "serve", "--listen", f"127.0.0.1:{self.port}",
               "--data-dir", self.data_dir] + self.flags
        with open(self.out_path, "ab") as out, open(self.err_path, "ab") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        deadline = time.time() + timeout
        while not (e2e_server.port_open(self.port) and os.path.exists(self.credentials_file)
                   and os.path.getsize(self.credentials_file) > 0):
            if self.proc.poll() is not None:
                raise RuntimeError(f"iamd {' '.join(self.flags)} exited with {self.proc.returncode}:\n"
                                   f"{self.output()[-2000:]}")
            if time.time() > deadline:
                raise RuntimeError(f"iamd not ready after {timeout}s:\n{self.output()[-2000:]}")
            time.sleep(0.1)
        return self

    def output(self):
        text = ""
        for p in (self.out_path, self.err_path):
            try:
                with open(p, "rb") as f:
                    text += f.read().decode(errors="replace")
            except OSError:
                pass
        return text

    def log_tail(self, n=40):
        return "\n".join(self.output().splitlines()[-n:])

    def root_key(self):
        return e2e_server.read_credentials(self.credentials_file)


class Base(IamTestCase):
    server = SERVER

    def role_arn(self, name):
        return f"arn:aws:iam::{self.acct}:role/{name}"

    def role(self, name, trust_doc, iam=None):
        iam = iam or self.iam
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_doc)["Role"]["Arn"]
        self.addCleanup(delete_role_fully, iam, name)
        return arn

    def assertError(self, fn, code, status=None, **kwargs):
        with self.assertRaises(ClientError, msg=f"{fn.__name__} should fail with {code}") as cm:
            fn(**kwargs)
        err = cm.exception.response["Error"]
        self.assertEqual(err.get("Code"), code, f"wrong error: {err}")
        if status is not None:
            self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        return err.get("Message") or ""



class SessionTokenIsNotAnAuthorizationMessage(Base):
    """1. DecodeAuthorizationMessage opens only authorization messages, never a session token."""

    def check_token(self, creds):
        secret, token = creds[1], creds[2]
        self.assertTrue(token.startswith("IAMD"), token[:10])
        forged = "IAMDAM" + token[4:]
        msg = self.assertError(self.sts.decode_authorization_message, "InvalidAuthorizationMessageException",
                               EncodedMessage=forged)
        self.assertNotIn(secret, msg)
        # The raw answer, whatever it is, never carries the session's secret.
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, {
            "Action": "DecodeAuthorizationMessage", "Version": "2011-06-15", "EncodedMessage": forged},
            service="sts")
        self.assertNotIn(secret, body)
        self.assertEqual((status, error_of(body)[0]), (400, "InvalidAuthorizationMessageException"), body)

    def test_session_token_of_get_session_token(self):
        self.check_token(creds_of(self.sts.get_session_token()))

    def test_session_token_of_assume_role(self):
        name, key = self.user()
        role = uniq("r")
        arn = self.role(role, trust(self.user_arn(name)))
        self.iam.put_user_policy(UserName=name, PolicyName="assume",
                                 PolicyDocument=policy_doc(allow("sts:AssumeRole", arn)))
        creds = creds_of(client("sts", key).assume_role(RoleArn=arn, RoleSessionName="session"))
        self.check_token(creds)
        # The session itself may call it too: still not a message.
        with self.assertRaises(ClientError) as cm:
            client("sts", creds).decode_authorization_message(EncodedMessage="IAMDAM" + creds[2][4:])
        self.assertIn(cm.exception.response["Error"]["Code"],
                      ("InvalidAuthorizationMessageException", "AccessDenied"))
        self.assertNotIn(creds[1], json.dumps(cm.exception.response, default=str))


class LetterCase(Base):
    """2. IAM names are unique regardless of case; a Deny on the stored ARN holds for every spelling."""

    def test_other_case_does_not_escape_deny(self):
        admin, _ = self.user(uniq("admin"), key=False)
        admin_role = uniq("adminrole")
        role_arn = self.role(admin_role, trust(f"arn:aws:iam::{self.acct}:root"))
        admin_group = uniq("admingroup")
        self.iam.create_group(GroupName=admin_group)
        self.addCleanup(delete_group_fully, self.iam, admin_group)
        self.iam.attach_group_policy(GroupName=admin_group, PolicyArn=ADMIN)
        self.addCleanup(quiet, self.iam.detach_group_policy, GroupName=admin_group, PolicyArn=ADMIN)
        group_arn = f"arn:aws:iam::{self.acct}:group/{admin_group}"
        attacker, key = self.user(uniq("attacker"), policy=policy_doc(
            allow("iam:*"),
            {"Effect": "Deny", "Action": "iam:*", "Resource": [self.user_arn(admin), role_arn, group_arn]}))
        iam = client("iam", key)
        me = self.user_arn(attacker)
        # The spellings all name the same entities.
        self.assertEqual(self.iam.get_user(UserName=admin.upper())["User"]["UserName"], admin)
        self.assertEqual(self.iam.get_role(RoleName=admin_role.upper())["Role"]["RoleName"], admin_role)
        # Sanity: the attacker may manage users in general.
        other, _ = self.user(key=False)
        iam.create_login_profile(UserName=other, Password=PASSWORD)

        original_trust = self.iam.get_role(RoleName=admin_role)["Role"]["AssumeRolePolicyDocument"]
        for action, fn, kwargs, resource in [
            ("iam:CreateAccessKey", iam.create_access_key, {"UserName": admin.upper()}, self.user_arn(admin)),
            ("iam:CreateLoginProfile", iam.create_login_profile,
             {"UserName": admin.upper(), "Password": PASSWORD}, self.user_arn(admin)),
            # AddUserToGroup is authorized against the group (Service Authorization Reference).
            ("iam:AddUserToGroup", iam.add_user_to_group,
             {"GroupName": admin_group.upper(), "UserName": attacker}, group_arn),
            ("iam:AttachRolePolicy", iam.attach_role_policy,
             {"RoleName": admin_role.upper(), "PolicyArn": ADMIN}, role_arn),
            ("iam:UpdateAssumeRolePolicy", iam.update_assume_role_policy,
             {"RoleName": admin_role.upper(), "PolicyDocument": trust(me)}, role_arn),
        ]:
            with self.subTest(action=action):
                self.assertDenied(fn, self.denial(me, action, resource, EXPLICIT), **kwargs)
        # Nothing happened.
        self.assertEqual(self.iam.list_access_keys(UserName=admin)["AccessKeyMetadata"], [])
        self.assertError(self.iam.get_login_profile, "NoSuchEntity", UserName=admin)
        self.assertEqual(self.iam.list_groups_for_user(UserName=attacker)["Groups"], [])
        self.assertEqual(self.iam.list_attached_role_policies(RoleName=admin_role)["AttachedPolicies"], [])
        self.assertEqual(self.iam.get_role(RoleName=admin_role)["Role"]["AssumeRolePolicyDocument"],
                         original_trust)


class SessionTagsNeedPermission(Base):
    """3. AssumeRole with Tags needs sts:TagSession; with SourceIdentity, sts:SetSourceIdentity."""

    def test_tag_session_and_source_identity(self):
        name, key = self.user()
        role = uniq("tagged-role")
        arn = self.role(role, trust(self.user_arn(name)))
        self.iam.put_user_policy(UserName=name, PolicyName="assume",
                                 PolicyDocument=policy_doc(allow("sts:AssumeRole", arn)))
        sts = client("sts", key)
        tags = [{"Key": "team", "Value": "x"}]
        creds_of(sts.assume_role(RoleArn=arn, RoleSessionName="plain"))  # sanity
        msg = self.assertDenied(sts.assume_role, RoleArn=arn, RoleSessionName="session", Tags=tags)
        self.assertIn(f"is not authorized to perform: sts:TagSession on resource: {arn}", msg)
        msg = self.assertDenied(sts.assume_role, RoleArn=arn, RoleSessionName="session", SourceIdentity="me")
        self.assertIn(f"is not authorized to perform: sts:SetSourceIdentity on resource: {arn}", msg)

        self.iam.update_assume_role_policy(RoleName=role, PolicyDocument=trust(
            self.user_arn(name), ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]))
        expected = f"arn:aws:sts::{self.acct}:assumed-role/{role}/session"
        tagged = creds_of(sts.assume_role(RoleArn=arn, RoleSessionName="session", Tags=tags))
        self.assertEqual(client("sts", tagged).get_caller_identity()["Arn"], expected)
        r = sts.assume_role(RoleArn=arn, RoleSessionName="session", SourceIdentity="me")
        self.assertEqual(r.get("SourceIdentity"), "me")
        self.assertEqual(client("sts", creds_of(r)).get_caller_identity()["Arn"], expected)


class DependentActions(Base):
    """4. Actions that imply others: tags on create, PassRole on AddRoleToInstanceProfile."""

    def test_create_user_with_tags_needs_tag_user(self):
        name, key = self.user(policy=policy_doc(allow("iam:CreateUser")))
        iam = client("iam", key)
        target = uniq("tagged")
        msg = self.assertDenied(iam.create_user, UserName=target, Tags=[{"Key": "k", "Value": "v"}])
        self.assertIn(f"is not authorized to perform: iam:TagUser on resource: {self.user_arn(target)}", msg)
        self.assertError(self.iam.get_user, "NoSuchEntity", UserName=target)
        # Without tags iam:CreateUser is enough.
        plain = uniq("plain")
        iam.create_user(UserName=plain)
        self.addCleanup(delete_user_fully, self.iam, plain)
        # With iam:TagUser as well, tags are fine.
        self.iam.put_user_policy(UserName=name, PolicyName="inline",
                                 PolicyDocument=policy_doc(allow(["iam:CreateUser", "iam:TagUser"])))
        self.addCleanup(delete_user_fully, self.iam, target)
        iam.create_user(UserName=target, Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(self.iam.list_user_tags(UserName=target)["Tags"], [{"Key": "k", "Value": "v"}])

    def test_create_role_with_tags_needs_tag_role(self):
        name, key = self.user(policy=policy_doc(allow("iam:CreateRole")))
        iam = client("iam", key)
        doc = trust(f"arn:aws:iam::{self.acct}:root")
        target = uniq("tagged-role")
        msg = self.assertDenied(iam.create_role, RoleName=target, AssumeRolePolicyDocument=doc,
                                Tags=[{"Key": "k", "Value": "v"}])
        self.assertIn(f"is not authorized to perform: iam:TagRole on resource: {self.role_arn(target)}", msg)
        self.assertError(self.iam.get_role, "NoSuchEntity", RoleName=target)
        plain = uniq("plain-role")
        self.addCleanup(delete_role_fully, self.iam, plain)
        iam.create_role(RoleName=plain, AssumeRolePolicyDocument=doc)
        self.iam.put_user_policy(UserName=name, PolicyName="inline",
                                 PolicyDocument=policy_doc(allow(["iam:CreateRole", "iam:TagRole"])))
        self.addCleanup(delete_role_fully, self.iam, target)
        iam.create_role(RoleName=target, AssumeRolePolicyDocument=doc, Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(self.iam.list_role_tags(RoleName=target)["Tags"], [{"Key": "k", "Value": "v"}])

    def test_add_role_to_instance_profile_needs_pass_role(self):
        role = uniq("ec2-admin")
        arn = self.role(role, policy_doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                          "Action": "sts:AssumeRole"}))
        self.iam.attach_role_policy(RoleName=role, PolicyArn=ADMIN)
        actions = ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:GetInstanceProfile",
                   "iam:ListInstanceProfiles"]
        name, key = self.user(policy=policy_doc(allow(actions)))
        iam = client("iam", key)
        profile = uniq("ip")
        self.addCleanup(delete_instance_profile_fully, self.iam, profile)
        iam.create_instance_profile(InstanceProfileName=profile)
        msg = self.assertDenied(iam.add_role_to_instance_profile, InstanceProfileName=profile, RoleName=role)
        self.assertIn(f"is not authorized to perform: iam:PassRole on resource: {arn}", msg)
        self.assertEqual(self.iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Roles"], [])
        self.iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy_doc(
            allow(actions), allow("iam:PassRole", arn)))
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
        roles = self.iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Roles"]
        self.assertEqual([r["RoleName"] for r in roles], [role])


class StalePrincipals(Base):
    """5. A deleted principal is not its re-created namesake."""

    def test_session_of_deleted_role_is_not_the_new_role(self):
        name, key = self.user()
        r1, r2 = uniq("r1"), uniq("r2")
        r1_arn = self.role(r1, trust(self.user_arn(name)))
        hop = policy_doc(allow("sts:AssumeRole", self.role_arn(r2)))
        self.iam.put_role_policy(RoleName=r1, PolicyName="hop", PolicyDocument=hop)
        r2_arn = self.role(r2, trust(r1_arn))
        self.iam.put_user_policy(UserName=name, PolicyName="assume",
                                 PolicyDocument=policy_doc(allow("sts:AssumeRole", r1_arn)))
        session = creds_of(client("sts", key).assume_role(RoleArn=r1_arn, RoleSessionName="old"))
        old = client("sts", session)
        old.assume_role(RoleArn=r2_arn, RoleSessionName="hop")  # sanity

        self.iam.delete_role_policy(RoleName=r1, PolicyName="hop")
        self.iam.delete_role(RoleName=r1)
        self.iam.create_role(RoleName=r1, AssumeRolePolicyDocument=trust(self.user_arn(name)))
        self.iam.put_role_policy(RoleName=r1, PolicyName="hop", PolicyDocument=hop)
        self.assertDenied(old.assume_role, RoleArn=r2_arn, RoleSessionName="hop")
        # R2 trusts the new R1 by ARN again: sessions of the new R1 may hop, the old session still may not.
        self.iam.update_assume_role_policy(RoleName=r2, PolicyDocument=trust(r1_arn))
        new = creds_of(client("sts", key).assume_role(RoleArn=r1_arn, RoleSessionName="new"))
        client("sts", new).assume_role(RoleArn=r2_arn, RoleSessionName="hop")
        self.assertDenied(old.assume_role, RoleArn=r2_arn, RoleSessionName="hop")

    def test_escaped_principal_of_deleted_user_is_not_the_new_user(self):
        victim = uniq("victim")
        role = uniq("r")
        # A JSON escape in the document text: "user\/victim" is the string "user/victim".
        doc = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
               '{"AWS":"arn:aws:iam::%s:user\\/%s"},"Action":"sts:AssumeRole"}]}' % (self.acct, victim))
        self.assertIn("user\\/", doc)
        arn = self.role_arn(role)
        assume = policy_doc(allow("sts:AssumeRole", arn))
        _, key = self.user(victim, policy=assume)
        self.role(role, doc)
        old_id = self.iam.get_user(UserName=victim)["User"]["UserId"]
        client("sts", key).assume_role(RoleArn=arn, RoleSessionName="victim")  # sanity

        delete_user_fully(self.iam, victim)
        _, new_key = self.user(victim, policy=assume)
        self.assertNotEqual(self.iam.get_user(UserName=victim)["User"]["UserId"], old_id)
        self.assertDenied(client("sts", new_key).assume_role, RoleArn=arn, RoleSessionName="victim")
        principal = self.iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
        self.assertTrue(old_id.startswith("AIDA"), old_id)
        self.assertEqual(principal, {"AWS": old_id})


class ClosedAccount(Base):
    """6. CloseAccount suspends the member account: its keys and sessions stop working."""

    def test_closed_account_credentials_fail(self):
        orgs = client("organizations")
        try:
            orgs.create_organization(FeatureSet="ALL")
        except ClientError as e:
            self.assertEqual(e.response["Error"]["Code"], "AlreadyInOrganizationException")
        name = uniq("closing")
        status = orgs.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        self.assertEqual(status["State"], "SUCCEEDED", status)
        member = status["AccountId"]
        _, admin_key = self.user(policy=policy_doc(allow("sts:AssumeRole")))
        session = creds_of(client("sts", admin_key).assume_role(
            RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="admin"))
        self.assertEqual(client("sts", session).get_caller_identity()["Account"], member)
        member_iam = client("iam", session)
        member_user = uniq("member-user")
        member_iam.create_user(UserName=member_user)
        k = member_iam.create_access_key(UserName=member_user)["AccessKey"]
        member_key = (k["AccessKeyId"], k["SecretAccessKey"])
        self.assertEqual(client("sts", member_key).get_caller_identity()["Account"], member)

        orgs.close_account(AccountId=member)
        for what, key in [("member access key", member_key), ("assumed-role session", session)]:
            with self.subTest(credentials=what):
                self.assertError(client("sts", key).get_caller_identity, "InvalidClientTokenId", 403)
                self.assertError(client("iam", key).list_users, "InvalidClientTokenId", 403)
        self.assertEqual(orgs.describe_account(AccountId=member)["Account"]["Status"], "SUSPENDED")
        # The management account is unaffected.
        self.assertEqual(self.sts.get_caller_identity()["Account"], self.acct)


class MfaCodes(Base):
    """7. One-time passwords: throttled after wrong guesses; used once, even across a restart."""

    def test_wrong_codes_throttle_the_device(self):
        name, key = self.user()
        serial, seed = self.mfa_device(name)
        arn = self.role(uniq("mfa-role"), trust(self.user_arn(name), condition=MFA_PRESENT))
        self.iam.put_user_policy(UserName=name, PolicyName="assume",
                                 PolicyDocument=policy_doc(allow("sts:AssumeRole", arn)))
        sts = client("sts", key)
        step = current_step()
        # Sanity: the right code works.
        sts.assume_role(RoleArn=arn, RoleSessionName="session", SerialNumber=serial, TokenCode=totp(seed, step))
        valid = {totp(seed, s) for s in range(step - 40, step + 41)}
        wrong = [c for c in (f"{(123457 + i * 104729) % 1_000_000:06d}" for i in range(100)) if c not in valid][:10]
        self.assertEqual(len(wrong), 10)
        for code in wrong:
            self.assertDenied(sts.assume_role, RoleArn=arn, RoleSessionName="session", SerialNumber=serial,
                              TokenCode=code)
        # The next step's code (unused, inside the window) is refused too: the device is throttled.
        self.assertDenied(sts.assume_role, RoleArn=arn, RoleSessionName="session", SerialNumber=serial,
                          TokenCode=totp(seed, step + 1))

    def test_used_code_stays_used_after_restart(self):
        srv = FlagServer().start()
        self.addCleanup(srv.cleanup)
        root = srv.root_key()
        iam = client("iam", root, srv.endpoint)
        acct = client("sts", root, srv.endpoint).get_caller_identity()["Account"]
        name = uniq("u")
        iam.create_user(UserName=name)
        k = iam.create_access_key(UserName=name)["AccessKey"]
        key = (k["AccessKeyId"], k["SecretAccessKey"])
        serial, seed = self.mfa_device(name, iam)
        arn = iam.create_role(RoleName=uniq("mfa-role"), AssumeRolePolicyDocument=trust(
            f"arn:aws:iam::{acct}:user/{name}", condition=MFA_PRESENT))["Role"]["Arn"]
        iam.put_user_policy(UserName=name, PolicyName="assume",
                            PolicyDocument=policy_doc(allow("sts:AssumeRole", arn)))

        step = current_step()
        code = totp(seed, step)
        client("sts", key, srv.endpoint).assume_role(RoleArn=arn, RoleSessionName="session", SerialNumber=serial,
                                                     TokenCode=code)
        srv.stop()
        srv.start()
        sts = client("sts", key, srv.endpoint)
        msg = self.assertDenied(sts.assume_role, RoleArn=arn, RoleSessionName="session", SerialNumber=serial,
                                TokenCode=code)
        self.assertIn("MultiFactorAuthentication failed", msg)
        # A later step's code is fine.
        creds = creds_of(sts.assume_role(RoleArn=arn, RoleSessionName="session", SerialNumber=serial,
                                         TokenCode=totp(seed, step + 1)))
        self.assertTrue(client("sts", creds, srv.endpoint).get_caller_identity()["Arn"].endswith("/session"))


def closed_by_peer(sock, within=10.0):
    """True when the peer closes (EOF or reset) within `within` seconds; whatever it sends first is read."""
    deadline = time.time() + within
    while True:
        left = deadline - time.time()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            data = sock.recv(4096)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
        if not data:
            return True


class ConnectionTimeouts(Base):
    """8. Slow or idle clients cannot hold connections (or all connection slots) forever."""

    def test_header_and_idle_timeouts(self):
        srv = FlagServer(["--header-timeout-secs", "1", "--idle-timeout-secs", "2"]).start()
        self.addCleanup(srv.cleanup)
        # Headers that never end.
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        self.assertTrue(closed_by_peer(s), "a request whose headers never end was not timed out")
        # An idle keep-alive connection after one full request and response.
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        self.addCleanup(conn.close)
        conn.request("GET", "/")
        resp = conn.getresponse()
        resp.read()
        self.assertIsNotNone(conn.sock, "the server closed the connection at once; not a keep-alive test")
        self.assertTrue(closed_by_peer(conn.sock), "an idle keep-alive connection was not closed")
        # The server still serves.
        self.assertTrue(client("sts", srv.root_key(), srv.endpoint).get_caller_identity()["Arn"].endswith(":root"))

    def test_idle_connections_do_not_exhaust_max_connections(self):
        srv = FlagServer(["--header-timeout-secs", "1", "--idle-timeout-secs", "2",
                          "--max-connections", "4"]).start()
        self.addCleanup(srv.cleanup)
        idle = []
        for _ in range(4):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            self.addCleanup(s.close)
            idle.append(s)
        # A normal client: boto3's default retries, whatever the server does with a connection over the limit.
        root = srv.root_key()
        sts = boto3.client("sts", region_name="us-east-1", endpoint_url=srv.endpoint, aws_access_key_id=root[0],
                           aws_secret_access_key=root[1], config=Config(connect_timeout=15, read_timeout=15))
        t0 = time.time()
        self.assertTrue(sts.get_caller_identity()["Arn"].endswith(":root"))
        self.assertLess(time.time() - t0, 15)
        self.assertIsNone(srv.proc.poll(), "the server died")


class CredentialScope(Base):
    """10. The scope names the service ('iam') and a valid region; IAM's requested region is us-east-1."""

    def test_wrong_service_in_scope(self):
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS)
        self.assertEqual(status, 200, body)  # sanity: the signer
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS, service="s3")
        self.assertEqual((status, *error_of(body)),
                         (403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'iam'. "),
                         body)

    def test_invalid_region_in_scope(self):
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS, region="eu-west-1")
        self.assertEqual(status, 200, body)  # a valid region other than us-east-1 is fine
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS, region="xx-nowhere-9")
        self.assertEqual((status, *error_of(body)),
                         (403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. "), body)

    def test_requested_region_of_iam_is_us_east_1(self):
        # boto3 configured for eu-west-1 signs IAM requests to a custom endpoint with eu-west-1.
        self.assertTrue(client("iam", region="eu-west-1").list_users()["Users"] is not None)

        def only_from(region):
            return policy_doc(allow("iam:ListUsers", "*",
                                    Condition={"StringEquals": {"aws:RequestedRegion": region}}))
        eu, eu_key = self.user(policy=only_from("eu-west-1"))
        self.assertDenied(client("iam", eu_key, region="eu-west-1").list_users)
        us, us_key = self.user(policy=only_from("us-east-1"))
        users = client("iam", us_key, region="eu-west-1").list_users()["Users"]
        self.assertIn(us, [u["UserName"] for u in users])


class HostMustBeSigned(Base):
    """11. SignedHeaders without host is refused."""

    def test_host_not_signed(self):
        status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS,
                                    signed_headers=("content-type", "host", "x-amz-date"))
        self.assertEqual(status, 200, body)  # sanity: the signer
        for signed, send_host in [
            (("x-amz-date",), True),
            # `:authority` is HTTP/2's; an HTTP/1.1 request has no such header, so nothing binds the host.
            ((":authority", "x-amz-date"), True),
            # Host named in SignedHeaders but absent from the request.
            (("host", "x-amz-date"), False),
        ]:
            with self.subTest(signed_headers=signed, host_sent=send_host):
                status, body = signed_query(SERVER.endpoint, SERVER.root_key, LIST_USERS, signed_headers=signed,
                                            send_host=send_host)
                self.assertNotIn("ListUsersResult", body)
                self.assertEqual((status, error_of(body)[0]), (403, "SignatureDoesNotMatch"), body)


class SimulatePolicySource(Base):
    """12. PolicySourceArn is resolved by its whole ARN: another path is another (missing) user."""

    def test_path_is_part_of_the_user_arn(self):
        admin, _ = self.user(uniq("admin"), key=False)
        self.iam.attach_user_policy(UserName=admin, PolicyArn=ADMIN)
        dev_arn = self.user_arn(admin, "/dev/")
        attacker, key = self.user(uniq("attacker"), policy=policy_doc(
            allow("iam:SimulatePrincipalPolicy", f"arn:aws:iam::{self.acct}:user/dev/*")))
        iam = client("iam", key)
        self.assertError(iam.simulate_principal_policy, "NoSuchEntity", 404,
                         PolicySourceArn=dev_arn, ActionNames=["iam:CreateUser"])
        # The real ARN is outside the attacker's permission.
        self.assertDenied(iam.simulate_principal_policy, PolicySourceArn=self.user_arn(admin),
                          ActionNames=["iam:CreateUser"])


class RootSecretNotPrinted(Base):
    """13. A new data directory's root secret goes to DATA_DIR/credentials only."""

    def test_secret_not_in_output(self):
        srv = FlagServer().start()
        self.addCleanup(srv.cleanup)
        key = srv.root_key()
        self.assertTrue(client("sts", key, srv.endpoint).get_caller_identity()["Arn"].endswith(":root"))
        srv.stop()
        out = srv.output()
        self.assertNotIn(key[1], out)
        self.assertIn(srv.credentials_file, out)


class BreakGlass(Base):
    """14. The root deletes its own only key; `iamd recover-root` (server stopped) issues a new one."""

    def test_recover_root(self):
        srv = FlagServer().start()
        self.addCleanup(srv.cleanup)
        old = srv.root_key()
        client("iam", old, srv.endpoint).delete_access_key(AccessKeyId=old[0])
        self.assertError(client("sts", old, srv.endpoint).get_caller_identity, "InvalidClientTokenId", 403)
        srv.stop()

        r = subprocess.run([e2e_server.iamd_bin(), "recover-root", "--data-dir", srv.data_dir],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        new = srv.root_key()
        self.assertNotEqual(new[0], old[0])
        self.assertEqual(stat.S_IMODE(os.stat(srv.credentials_file).st_mode), 0o600)
        self.assertIn(srv.credentials_file, r.stdout + r.stderr)
        self.assertNotIn(new[1], r.stdout + r.stderr)

        srv.start()
        self.assertTrue(client("sts", new, srv.endpoint).get_caller_identity()["Arn"].endswith(":root"))
        self.assertError(client("sts", old, srv.endpoint).get_caller_identity, "InvalidClientTokenId", 403)
        srv.stop()
        self.assertNotIn(new[1], srv.output())


if __name__ == "__main__":
    unittest.main(verbosity=2)
