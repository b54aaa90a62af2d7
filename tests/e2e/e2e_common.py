"""Helpers shared by the Python end-to-end suites (test_*.py).

- SuiteServer: the server a suite talks to, its root key, and boto3 clients for it;
- IamTestCase: a TestCase with the root's clients, users made for one test, and AWS's AccessDenied;
- uniq(), policy_doc(), creds_of(): names, policy documents, an STS answer's credentials;
- totp(), current_step(): RFC 6238 codes for virtual MFA devices;
- quiet() and delete_*_fully(): clean-up that removes an entity with whatever is attached to it.

Starting and stopping a server process is e2e_server.py's.
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import time
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import e2e_server


class SuiteServer:
    """The server of one suite: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`, root
    credentials) when both are set (run.sh does this), else one started by open() (iamd from IAMD_BIN, or
    moto with E2E_TARGET=moto) and stopped by close(). Each suite module has its own, opened in its
    setUpModule and closed in its tearDownModule."""

    def __init__(self):
        self.started = None  # the e2e_server.Server open() started, if it started one
        self.endpoint = None
        self.root_key = None  # (access key id, secret access key)

    def open(self, skip_on_moto=None):
        """Connects, starting a server if none is given; with E2E_TARGET=moto and a `skip_on_moto`
        reason, skips the suite instead (unittest.SkipTest)."""
        if skip_on_moto and e2e_server.is_moto():
            raise unittest.SkipTest(skip_on_moto)
        if os.environ.get("E2E_ENDPOINT") and os.environ.get("AWS_SHARED_CREDENTIALS_FILE"):
            self.endpoint = os.environ["E2E_ENDPOINT"]
            creds = os.environ["AWS_SHARED_CREDENTIALS_FILE"]
        else:
            self.started = e2e_server.Server().start()
            self.endpoint, creds = self.started.endpoint, self.started.credentials_file
        self.root_key = e2e_server.read_credentials(creds)
        return self

    def close(self):
        """Stops the server open() started, if any (again: nothing)."""
        if self.started:
            self.started.cleanup()
            self.started = None

    def client(self, service, key=None, endpoint=None, region="us-east-1", **config):
        """A boto3 client that signs with `key` (access key id, secret[, session token]; default the root
        key) and sends to `endpoint` (default this server), without retries; `config`: more
        botocore.config.Config options (e.g. parameter_validation=False)."""
        key = key or self.root_key
        return boto3.client(
            service, region_name=region, endpoint_url=endpoint or self.endpoint,
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
            aws_session_token=key[2] if len(key) > 2 else None,
            config=Config(retries={"max_attempts": 1}, **config))


class IamTestCase(unittest.TestCase):
    """A test against the suite's server (`server`: its SuiteServer, set by the suite's base class):
    self.iam and self.sts are the root's clients, self.acct the account."""
    server = None

    @classmethod
    def setUpClass(cls):
        cls.iam = cls.server.client("iam")
        cls.sts = cls.server.client("sts")
        cls.acct = cls.sts.get_caller_identity()["Account"]

    def user_arn(self, name, path="/"):
        return f"arn:aws:iam::{self.acct}:user{path}{name}"

    def user(self, name=None, key=True, policy=None, iam=None):
        """A user (deleted after the test), by default with an access key, optionally an inline policy;
        returns (name, (access key id, secret) or None)."""
        iam = iam or self.iam
        name = name or uniq("u")
        iam.create_user(UserName=name)
        self.addCleanup(delete_user_fully, iam, name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy)
        if not key:
            return name, None
        k = iam.create_access_key(UserName=name)["AccessKey"]
        return name, (k["AccessKeyId"], k["SecretAccessKey"])

    def mfa_device(self, user, iam=None, device_name=None):
        """A virtual MFA device (named `device_name`, default a unique name) enabled for `user` with the codes
        of the two previous steps, so the current one is still unused; returns (serial, seed)."""
        iam = iam or self.iam
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=device_name or uniq("mfa"))["VirtualMFADevice"]
        serial = device["SerialNumber"]
        seed = device["Base32StringSeed"]
        seed = seed.decode() if isinstance(seed, bytes) else seed
        step = current_step()
        iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=totp(seed, step - 2), AuthenticationCode2=totp(seed, step - 1))
        return serial, seed

    def assertDenied(self, fn, message=None, **kwargs):
        """AccessDenied (403); with `message`, AWS's exact text. Returns the message."""
        with self.assertRaises(ClientError, msg=f"{fn.__name__} should be denied") as cm:
            fn(**kwargs)
        err = cm.exception.response["Error"]
        status = cm.exception.response["ResponseMetadata"]["HTTPStatusCode"]
        self.assertEqual((err.get("Code"), status), ("AccessDenied", 403), f"wrong error: {err}")
        if message is not None:
            self.assertEqual(err.get("Message"), message)
        return err.get("Message") or ""

    def denial(self, caller, action, resource, why):
        """AWS's AccessDenied message."""
        return f"User: {caller} is not authorized to perform: {action} on resource: {resource} {why}"


def uniq(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def policy_doc(*statements):
    """A policy document (JSON text) of these statements."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def creds_of(response):
    """(access key id, secret, session token) of an STS answer (AssumeRole, GetSessionToken, ...)."""
    c = response["Credentials"]
    return c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]


# --- RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as authenticator apps compute it from the device's seed ---

def totp(seed_base32, step):
    key = base64.b32decode(seed_base32 + "=" * (-len(seed_base32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def current_step():
    return int(time.time()) // 30


# --- Clean-up: each removes what may be attached, then the entity; errors (already gone, ...) are ignored ---

def quiet(fn, *args, **kwargs):
    """fn(*args, **kwargs), or None where it raises a ClientError."""
    try:
        return fn(*args, **kwargs)
    except ClientError:
        return None


def delete_user_fully(iam, name):
    for k in (quiet(iam.list_access_keys, UserName=name) or {}).get("AccessKeyMetadata", []):
        quiet(iam.delete_access_key, UserName=name, AccessKeyId=k["AccessKeyId"])
    for c in (quiet(iam.list_signing_certificates, UserName=name) or {}).get("Certificates", []):
        quiet(iam.delete_signing_certificate, UserName=name, CertificateId=c["CertificateId"])
    quiet(iam.delete_login_profile, UserName=name)
    for d in (quiet(iam.list_mfa_devices, UserName=name) or {}).get("MFADevices", []):
        quiet(iam.deactivate_mfa_device, UserName=name, SerialNumber=d["SerialNumber"])
        quiet(iam.delete_virtual_mfa_device, SerialNumber=d["SerialNumber"])
    for p in (quiet(iam.list_user_policies, UserName=name) or {}).get("PolicyNames", []):
        quiet(iam.delete_user_policy, UserName=name, PolicyName=p)
    for p in (quiet(iam.list_attached_user_policies, UserName=name) or {}).get("AttachedPolicies", []):
        quiet(iam.detach_user_policy, UserName=name, PolicyArn=p["PolicyArn"])
    for g in (quiet(iam.list_groups_for_user, UserName=name) or {}).get("Groups", []):
        quiet(iam.remove_user_from_group, UserName=name, GroupName=g["GroupName"])
    if (quiet(iam.get_user, UserName=name) or {}).get("User", {}).get("PermissionsBoundary"):
        quiet(iam.delete_user_permissions_boundary, UserName=name)
    quiet(iam.delete_user, UserName=name)


def delete_group_fully(iam, name):
    for u in (quiet(iam.get_group, GroupName=name) or {}).get("Users", []):
        quiet(iam.remove_user_from_group, UserName=u["UserName"], GroupName=name)
    for p in (quiet(iam.list_group_policies, GroupName=name) or {}).get("PolicyNames", []):
        quiet(iam.delete_group_policy, GroupName=name, PolicyName=p)
    for p in (quiet(iam.list_attached_group_policies, GroupName=name) or {}).get("AttachedPolicies", []):
        quiet(iam.detach_group_policy, GroupName=name, PolicyArn=p["PolicyArn"])
    quiet(iam.delete_group, GroupName=name)


def delete_role_fully(iam, name):
    for p in (quiet(iam.list_role_policies, RoleName=name) or {}).get("PolicyNames", []):
        quiet(iam.delete_role_policy, RoleName=name, PolicyName=p)
    for p in (quiet(iam.list_attached_role_policies, RoleName=name) or {}).get("AttachedPolicies", []):
        quiet(iam.detach_role_policy, RoleName=name, PolicyArn=p["PolicyArn"])
    for ip in (quiet(iam.list_instance_profiles_for_role, RoleName=name) or {}).get("InstanceProfiles", []):
        quiet(iam.remove_role_from_instance_profile, RoleName=name,
              InstanceProfileName=ip["InstanceProfileName"])
    quiet(iam.delete_role, RoleName=name)


def delete_instance_profile_fully(iam, name):
    for r in ((quiet(iam.get_instance_profile, InstanceProfileName=name) or {})
              .get("InstanceProfile", {}).get("Roles", [])):
        quiet(iam.remove_role_from_instance_profile, InstanceProfileName=name, RoleName=r["RoleName"])
    quiet(iam.delete_instance_profile, InstanceProfileName=name)


def delete_policy_fully(iam, arn):
    ents = quiet(iam.list_entities_for_policy, PolicyArn=arn) or {}
    for u in ents.get("PolicyUsers", []):
        quiet(iam.detach_user_policy, UserName=u["UserName"], PolicyArn=arn)
    for g in ents.get("PolicyGroups", []):
        quiet(iam.detach_group_policy, GroupName=g["GroupName"], PolicyArn=arn)
    for r in ents.get("PolicyRoles", []):
        quiet(iam.detach_role_policy, RoleName=r["RoleName"], PolicyArn=arn)
    for v in (quiet(iam.list_policy_versions, PolicyArn=arn) or {}).get("Versions", []):
        if not v["IsDefaultVersion"]:
            quiet(iam.delete_policy_version, PolicyArn=arn, VersionId=v["VersionId"])
    quiet(iam.delete_policy, PolicyArn=arn)
