#!/usr/bin/env python3
"""Cross-account access checks (boto3) for the multi-account Terraform configuration in this folder.

Run after `terraform apply` (phase `granted`) and again after the user was removed from its group in
user_map and Terraform applied that (phase `revoked`):

    check_access.py granted --endpoint URL --credentials-file FILE --account-types JSON --user alice \
        --assume admin:dev --readonly readonly:prod --unmapped admin:prod --state STATE.json
    check_access.py revoked --endpoint URL --credentials-file FILE --account-types JSON --user alice \
        --assume admin:dev --readonly readonly:prod --state STATE.json
    check_access.py cleanup --endpoint URL --credentials-file FILE --user alice --state STATE.json

Every option may also come from the environment: E2E_ENDPOINT, AWS_SHARED_CREDENTIALS_FILE
(profile `default`: the management account's root), MA_ACCOUNT_TYPES ('{"dev": ["A", "B"], "prod": ["C"]}'),
MA_USER, MA_ASSUME, MA_READONLY, MA_UNMAPPED, MA_STATE.

granted, as the management root: an access key and a virtual MFA device for the user, enabled with two
consecutive TOTP codes computed from the seed (RFC 6238, HMAC-SHA1, 30 s). Then as the user:
GetSessionToken with a fresh TOTP code; AssumeRole with the MFA session into the mapped role in every
account of the mapped type (GetCallerIdentity shows arn:aws:sts::MEMBER:assumed-role/ROLE/SESSION);
without MFA, into an unmapped account type, into a disabled role: AccessDenied. The roles are limited by
their policies (readonly: iam:CreateUser denied), their permissions boundary and extra policies, and an SCP
on one member account denies iam:CreateUser there although the admin role allows it.
The state file keeps the user's keys and MFA session for the `revoked` phase, which checks that the same
MFA session (still valid) is refused every AssumeRole at once. `cleanup`: the user deletes its own MFA
device and access key (self-management), so the user can be destroyed without force_destroy.

Prints `ok   - ...` / `FAIL - ...` lines and ends with `N passed, N failed`; exit status 1 on failure.
"""
import argparse
import base64
import configparser
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import traceback
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

STEP = 30
PASSED = 0
FAILED = 0


def ok(msg):
    global PASSED
    PASSED += 1
    print(f"ok   - {msg}", flush=True)


def fail(msg, detail=None):
    global FAILED
    FAILED += 1
    print(f"FAIL - {msg}", flush=True)
    if detail:
        for line in str(detail).splitlines():
            print(f"       {line}", flush=True)


def check(cond, msg, detail=None):
    if cond:
        ok(msg)
    else:
        fail(msg, detail)
    return cond


# ------------------------------------------------------------------ TOTP (RFC 6238 / RFC 4226)

def seed_key(seed):
    """The HMAC key from CreateVirtualMFADevice's Base32StringSeed.

    On the wire it is a base64 blob whose bytes are the Base32 text; boto3 already base64-decodes blobs
    (bytes), a raw XML/CLI value is still base64 text (str)."""
    if isinstance(seed, str):
        seed = base64.b64decode(seed)
    text = seed.decode("ascii").strip().upper()
    text += "=" * (-len(text) % 8)
    return base64.b32decode(text)


def totp_at(key, step):
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def current_step():
    return int(time.time()) // STEP


def fresh_step(last_used):
    """A step after `last_used` that is the current one (waits for the next boundary if needed)."""
    step = current_step()
    while step <= last_used:
        wait = STEP - (time.time() % STEP) + 0.3
        print(f"# waiting {wait:.1f} s for the next TOTP step (a code is accepted once)", flush=True)
        time.sleep(wait)
        step = current_step()
    return step


# ------------------------------------------------------------------ clients

class Ctx:
    def __init__(self, args):
        self.endpoint = args.endpoint
        c = configparser.RawConfigParser()
        c.read(args.credentials_file)
        self.root = (c.get("default", "aws_access_key_id"), c.get("default", "aws_secret_access_key"), None)

    def client(self, service, creds=None, region="us-east-1"):
        creds = creds or self.root
        return boto3.client(
            service, region_name=region, endpoint_url=self.endpoint,
            aws_access_key_id=creds[0], aws_secret_access_key=creds[1], aws_session_token=creds[2],
            config=Config(retries={"max_attempts": 1}))


def creds_of(response):
    c = response["Credentials"]
    return (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def error_of(fn, *a, **kw):
    """(code, message) of the ClientError fn raises, or (None, result) when it succeeds."""
    try:
        return None, fn(*a, **kw)
    except ClientError as e:
        return e.response["Error"].get("Code"), e.response["Error"].get("Message", "")


def expect_denied(msg, fn, *a, contains=None, **kw):
    code, detail = error_of(fn, *a, **kw)
    if code is None:
        return fail(msg, f"want AccessDenied, the call succeeded: {str(detail)[:300]}")
    if code != "AccessDenied":
        return fail(msg, f"want AccessDenied, got {code}: {detail}")
    if contains and contains not in detail:
        return fail(msg, f"AccessDenied, but the message lacks {contains!r}: {detail}")
    ok(f"{msg} ({code}: {detail})" if contains else msg)


def role_arn(account, role):
    return f"arn:aws:iam::{account}:role/{role}"


def assume(sts, account, role, session, **kw):
    return sts.assume_role(RoleArn=role_arn(account, role), RoleSessionName=session, **kw)


# ------------------------------------------------------------------ phases

def setup_user(ctx, args, state):
    """As the management root: an access key and an enabled virtual MFA device for the user."""
    iam = ctx.client("iam")
    user = iam.get_user(UserName=args.user)["User"]
    state["user_arn"] = user["Arn"]
    key = iam.create_access_key(UserName=args.user)["AccessKey"]
    state["key"] = [key["AccessKeyId"], key["SecretAccessKey"], None]
    ok(f"root: access key {key['AccessKeyId']} for {user['Arn']}")

    dev = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{args.user}")["VirtualMFADevice"]
    serial = dev["SerialNumber"]
    key_bytes = seed_key(dev["Base32StringSeed"])
    state["serial"] = serial
    state["seed"] = base64.b32encode(key_bytes).decode()
    check(serial == f"{user['Arn'].split(':user/')[0]}:mfa/{args.user}",
          f"root: virtual MFA device {serial}")
    # Two consecutive codes: the previous step's and the current one's.
    step = current_step()
    iam.enable_mfa_device(UserName=args.user, SerialNumber=serial,
                          AuthenticationCode1=totp_at(key_bytes, step - 1),
                          AuthenticationCode2=totp_at(key_bytes, step))
    state["last_step"] = step
    devices = iam.list_mfa_devices(UserName=args.user)["MFADevices"]
    check([d["SerialNumber"] for d in devices] == [serial],
          "root: EnableMFADevice with two consecutive TOTP codes; ListMFADevices shows it", devices)
    return key_bytes


def phase_granted(ctx, args, state):
    types = args.account_types
    role, mapped_type = args.assume
    ro_role, ro_type = args.readonly
    un_role, un_type = args.unmapped
    mapped_accounts = types[mapped_type]
    first = mapped_accounts[0]
    management = ctx.client("sts").get_caller_identity()["Account"]
    state["management"] = management

    key_bytes = setup_user(ctx, args, state)
    user_key = tuple(state["key"])

    # --- the user's long-term keys
    sts_user = ctx.client("sts", user_key)
    ident = sts_user.get_caller_identity()
    check(ident["Arn"] == state["user_arn"], f"user keys: GetCallerIdentity is {ident['Arn']}")
    iam_user = ctx.client("iam", user_key)
    code, res = error_of(iam_user.get_user)
    check(code is None and res["User"]["UserName"] == args.user,
          "self-management: GetUser without UserName (own user via ${aws:username})", res)
    code, res = error_of(iam_user.list_access_keys)
    check(code is None and [k["AccessKeyId"] for k in res["AccessKeyMetadata"]] == [user_key[0]],
          "self-management: ListAccessKeys on own user", res)
    other = args.other_user
    if other:
        expect_denied(f"self-management: ListAccessKeys on {other} -> AccessDenied",
                      iam_user.list_access_keys, UserName=other)

    # --- AssumeRole without MFA: the trust policy requires aws:MultiFactorAuthPresent
    expect_denied(f"AssumeRole {role} in {mapped_type} account {first} with long-term keys (no MFA) -> AccessDenied",
                  assume, sts_user, first, role, "no-mfa")

    # --- GetSessionToken with a TOTP code
    step = fresh_step(state["last_step"])
    code, res = error_of(sts_user.get_session_token, SerialNumber=state["serial"],
                         TokenCode=totp_at(key_bytes, step), DurationSeconds=3600)
    if not check(code is None, "GetSessionToken with SerialNumber + TOTP code", f"{code}: {res}"):
        return
    state["last_step"] = step
    mfa = creds_of(res)
    state["mfa_session"] = list(mfa)
    check(mfa[0].startswith("ASIA"), f"MFA session key is temporary ({mfa[0][:4]}...)")
    sts_mfa = ctx.client("sts", mfa)
    check(sts_mfa.get_caller_identity()["Arn"] == state["user_arn"],
          "GetCallerIdentity with the MFA session shows the user")
    # a code is accepted once
    code, res = error_of(sts_user.get_session_token, SerialNumber=state["serial"],
                         TokenCode=totp_at(key_bytes, step))
    check(code == "AccessDenied", f"the same TOTP code a second time -> {code}", res)

    # --- AssumeRole with MFA into the mapped role, in every account of the mapped type
    role_creds = {}
    for acct in mapped_accounts:
        session = f"{args.user}-{uuid.uuid4().hex[:6]}"
        code, res = error_of(assume, sts_mfa, acct, role, session)
        if not check(code is None, f"AssumeRole {role} in {mapped_type} account {acct} with the MFA session",
                     f"{code}: {res}"):
            continue
        want = f"arn:aws:sts::{acct}:assumed-role/{role}/{session}"
        check(res["AssumedRoleUser"]["Arn"] == want, f"AssumedRoleUser.Arn is {want}", res["AssumedRoleUser"])
        rc = creds_of(res)
        role_creds[acct] = rc
        ident = ctx.client("sts", rc).get_caller_identity()
        check(ident["Arn"] == want and ident["Account"] == acct,
              f"GetCallerIdentity with the role credentials: {ident['Arn']}", ident)

    # --- not mapped: the group may not assume this role in that account type
    for acct in types[un_type]:
        expect_denied(f"AssumeRole {un_role} in {un_type} account {acct} (type not mapped to the group) -> AccessDenied",
                      assume, sts_mfa, acct, un_role, "unmapped")
    for acct in types.get(mapped_type, [])[:1]:
        if args.disabled_role:
            expect_denied(f"AssumeRole {args.disabled_role} (disabled in role_list) in {acct} -> AccessDenied",
                          assume, sts_mfa, acct, args.disabled_role, "disabled")
    # the management account has no such role
    expect_denied(f"AssumeRole {role} in the management account {management} -> AccessDenied",
                  assume, sts_mfa, management, role, "central")

    # --- readonly role: reads, no writes
    ro_acct = types[ro_type][0]
    code, res = error_of(assume, sts_mfa, ro_acct, ro_role, "readonly-check")
    if check(code is None, f"AssumeRole {ro_role} in {ro_type} account {ro_acct} with the MFA session",
             f"{code}: {res}"):
        iam_ro = ctx.client("iam", creds_of(res))
        code, res = error_of(iam_ro.list_roles)
        check(code is None and any(r["RoleName"] == ro_role for r in res["Roles"]),
              f"{ro_role} role: ListRoles in {ro_acct} works", res)
        expect_denied(f"{ro_role} role: iam:CreateUser -> AccessDenied (ReadOnlyAccess)",
                      iam_ro.create_user, UserName="should-not-exist", contains="no identity-based policy allows")

    if first not in role_creds:
        fail("no admin role session: skipping the boundary and SCP checks")
        return
    admin = role_creds[first]
    iam_admin = ctx.client("iam", admin)

    # --- admin role: its policy allows; the boundary and the extra policies limit it
    name = f"made-by-{role}-{uuid.uuid4().hex[:6]}"
    code, res = error_of(iam_admin.create_user, UserName=name)
    if check(code is None and res["User"]["Arn"] == f"arn:aws:iam::{first}:user/{name}",
             f"{role} role: iam:CreateUser in {first} works (AdministratorAccess)", f"{code}: {res}"):
        iam_admin.delete_user(UserName=name)
    expect_denied(f"{role} role: iam:CreateAccountAlias -> AccessDenied (explicit deny in the permissions boundary)",
                  iam_admin.create_account_alias, AccountAlias=f"x-{uuid.uuid4().hex[:8]}",
                  contains="permissions boundary")
    expect_denied(f"{role} role: iam:DeleteRolePermissionsBoundary on itself -> AccessDenied (boundary)",
                  iam_admin.delete_role_permissions_boundary, RoleName=role, contains="permissions boundary")
    got = iam_admin.get_role(RoleName=role)["Role"]
    check(got.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn", "").endswith(":policy/member-role-boundary"),
          f"{role} role still has its permissions boundary", got.get("PermissionsBoundary"))
    # The extra policies, evaluated by the policy simulator for the role (iamd serves IAM/STS only).
    sim = [
        ("rds:DeleteDBInstance", [], "explicitDeny", "deny-db-deletion"),
        ("ec2:RunInstances", [("aws:RequestedRegion", "ap-southeast-2")], "explicitDeny", "region restriction"),
        ("ec2:RunInstances", [("aws:RequestedRegion", "eu-west-1")], "allowed", "allowed region"),
    ]
    for action, ctx_entries, want, why in sim:
        entries = [{"ContextKeyName": k, "ContextKeyValues": [v], "ContextKeyType": "string"} for k, v in ctx_entries]
        code, res = error_of(iam_admin.simulate_principal_policy, PolicySourceArn=role_arn(first, role),
                             ActionNames=[action], ContextEntries=entries)
        got = res["EvaluationResults"][0]["EvalDecision"] if code is None else f"{code}: {res}"
        check(got == want, f"simulate {role} role: {action} {ctx_entries or ''} -> {want} ({why})", got)

    # --- SCP: deny iam:CreateUser on one member account, as the management root
    other_accts = [a for a in mapped_accounts if a != first]
    orgs = ctx.client("organizations")
    root_id = orgs.list_roots()["Roots"][0]["Id"]
    code, res = error_of(orgs.enable_policy_type, RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    check(code in (None, "PolicyTypeAlreadyEnabledException"),
          f"organizations: EnablePolicyType SERVICE_CONTROL_POLICY on {root_id} ({code or 'enabled'})", res)
    doc = {"Version": "2012-10-17",
           "Statement": [{"Sid": "DenyCreateUser", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]}
    scp = orgs.create_policy(Name=f"deny-create-user-{uuid.uuid4().hex[:6]}", Type="SERVICE_CONTROL_POLICY",
                             Description="no new IAM users", Content=json.dumps(doc))["Policy"]["PolicySummary"]
    orgs.attach_policy(PolicyId=scp["Id"], TargetId=first)
    ok(f"organizations: SCP {scp['Id']} (deny iam:CreateUser) attached to {first}")
    try:
        expect_denied(f"{role} role in {first}: iam:CreateUser -> AccessDenied (explicit deny in a service control policy)",
                      iam_admin.create_user, UserName=f"scp-{uuid.uuid4().hex[:6]}",
                      contains="explicit deny in a service control policy")
        code, res = error_of(iam_admin.list_users)
        check(code is None, f"{role} role in {first}: iam:ListUsers still allowed under the SCP", f"{code}: {res}")
        for acct in other_accts:
            if acct not in role_creds:
                continue
            n = f"no-scp-{uuid.uuid4().hex[:6]}"
            code, res = error_of(ctx.client("iam", role_creds[acct]).create_user, UserName=n)
            if check(code is None, f"{role} role in {acct} (no SCP attached): iam:CreateUser works", f"{code}: {res}"):
                ctx.client("iam", role_creds[acct]).delete_user(UserName=n)
    finally:
        orgs.detach_policy(PolicyId=scp["Id"], TargetId=first)
        orgs.delete_policy(PolicyId=scp["Id"])
    n = f"after-scp-{uuid.uuid4().hex[:6]}"
    code, res = error_of(iam_admin.create_user, UserName=n)
    if check(code is None, f"SCP detached: iam:CreateUser in {first} works again", f"{code}: {res}"):
        iam_admin.delete_user(UserName=n)


def phase_revoked(ctx, args, state):
    """The user left its group: the very same MFA session may no longer assume any mapped role."""
    types = args.account_types
    role, mapped_type = args.assume
    ro_role, ro_type = args.readonly
    if "mfa_session" not in state:
        fail("no MFA session in the state file (did the granted phase pass?)")
        return
    iam = ctx.client("iam")
    groups = sorted(g["GroupName"] for g in iam.list_groups_for_user(UserName=args.user)["Groups"])
    check(groups == ["self-management"], f"root: {args.user} is now only in self-management ({groups})", groups)
    sts_mfa = ctx.client("sts", tuple(state["mfa_session"]))
    code, res = error_of(sts_mfa.get_caller_identity)
    check(code is None and res["Arn"] == state["user_arn"], "the earlier MFA session is still valid",
          f"{code}: {res}")
    for acct in types[mapped_type]:
        expect_denied(f"AssumeRole {role} in {mapped_type} account {acct} with the same MFA session -> AccessDenied",
                      assume, sts_mfa, acct, role, "revoked")
    for acct in types[ro_type][:1]:
        expect_denied(f"AssumeRole {ro_role} in {ro_type} account {acct} with the same MFA session -> AccessDenied",
                      assume, sts_mfa, acct, ro_role, "revoked")
    # self-management still works: the user may still get a new MFA session
    sts_user = ctx.client("sts", tuple(state["key"]))
    key_bytes = base64.b32decode(state["seed"])
    step = fresh_step(state["last_step"])
    code, res = error_of(sts_user.get_session_token, SerialNumber=state["serial"], TokenCode=totp_at(key_bytes, step))
    if check(code is None, "GetSessionToken with a new TOTP code still works (self-management group)", f"{code}: {res}"):
        state["last_step"] = step
        sts_new = ctx.client("sts", creds_of(res))
        expect_denied(f"AssumeRole {role} in {types[mapped_type][0]} with a new MFA session -> AccessDenied",
                      assume, sts_new, types[mapped_type][0], role, "revoked-new")


def phase_cleanup(ctx, args, state):
    """The user removes its own MFA device and access key (self-management policy); the root finishes
    whatever is left, so that `terraform destroy` needs no force_destroy."""
    if "key" not in state:
        ok("cleanup: nothing to remove")
        return
    iam_user = ctx.client("iam", tuple(state["key"]))
    serial = state.get("serial")
    if serial:
        code, res = error_of(iam_user.deactivate_mfa_device, UserName=args.user, SerialNumber=serial)
        check(code is None, "self-management: the user deactivates its own MFA device", f"{code}: {res}")
        code, res = error_of(iam_user.delete_virtual_mfa_device, SerialNumber=serial)
        check(code is None, "self-management: the user deletes its own virtual MFA device", f"{code}: {res}")
    code, res = error_of(iam_user.delete_access_key, AccessKeyId=state["key"][0])
    check(code is None, "self-management: the user deletes its own access key", f"{code}: {res}")
    # Whatever the user could not remove, the root does.
    iam = ctx.client("iam")
    for d in iam.list_mfa_devices(UserName=args.user)["MFADevices"]:
        iam.deactivate_mfa_device(UserName=args.user, SerialNumber=d["SerialNumber"])
    if serial and error_of(iam.delete_virtual_mfa_device, SerialNumber=serial)[0] not in (None, "NoSuchEntity"):
        fail(f"root: could not delete {serial}")
    for k in iam.list_access_keys(UserName=args.user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=args.user, AccessKeyId=k["AccessKeyId"])
    left = (len(iam.list_mfa_devices(UserName=args.user)["MFADevices"]),
            len(iam.list_access_keys(UserName=args.user)["AccessKeyMetadata"]))
    check(left == (0, 0), f"cleanup: {args.user} has no MFA device and no access key left", left)
    state.clear()


def role_type(text):
    role, sep, typ = text.partition(":")
    if not sep or not role or not typ:
        raise argparse.ArgumentTypeError(f"want ROLE:ACCOUNT_TYPE, got {text!r}")
    return role, typ


def main():
    env = os.environ.get
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("phase", choices=["granted", "revoked", "cleanup"])
    p.add_argument("--endpoint", default=env("E2E_ENDPOINT"))
    p.add_argument("--credentials-file", default=env("AWS_SHARED_CREDENTIALS_FILE"),
                   help="the management account root's credentials (profile default)")
    p.add_argument("--account-types", type=json.loads, default=env("MA_ACCOUNT_TYPES"),
                   help='JSON: {"dev": ["A", "B"], "prod": ["C"]}')
    p.add_argument("--user", default=env("MA_USER", "alice"))
    p.add_argument("--other-user", default=env("MA_OTHER_USER", "bob"))
    p.add_argument("--assume", type=role_type, default=env("MA_ASSUME", "admin:dev"),
                   help="ROLE:TYPE the user's group may assume (an admin role)")
    p.add_argument("--readonly", type=role_type, default=env("MA_READONLY", "readonly:prod"),
                   help="ROLE:TYPE of a mapped read-only role")
    p.add_argument("--unmapped", type=role_type, default=env("MA_UNMAPPED", "admin:prod"),
                   help="ROLE:TYPE the group is not mapped to")
    p.add_argument("--disabled-role", default=env("MA_DISABLED_ROLE", "poweruser"))
    p.add_argument("--state", default=env("MA_STATE", "check_access.state.json"))
    args = p.parse_args()
    if isinstance(args.account_types, str):
        args.account_types = json.loads(args.account_types)
    for name in ("endpoint", "credentials_file") + (("account_types",) if args.phase != "cleanup" else ()):
        if not getattr(args, name):
            p.error(f"--{name.replace('_', '-')} is required")

    ctx = Ctx(args)
    state = {}
    if args.phase != "granted" and os.path.exists(args.state):
        with open(args.state) as f:
            state = json.load(f)
    print(f"# check_access.py {args.phase}: endpoint={args.endpoint} user={args.user} "
          f"account_types={json.dumps(args.account_types)}", flush=True)
    try:
        {"granted": phase_granted, "revoked": phase_revoked, "cleanup": phase_cleanup}[args.phase](ctx, args, state)
    except Exception:  # noqa: BLE001 - report and count, never a bare traceback
        fail(f"unexpected error in phase {args.phase}", traceback.format_exc())
    finally:
        with open(args.state, "w") as f:
            json.dump(state, f)
        os.chmod(args.state, 0o600)
    print(f"{PASSED} passed, {FAILED} failed", flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
