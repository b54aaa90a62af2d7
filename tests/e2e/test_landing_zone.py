"""The landing zone end to end: `iamd apply` / `iamd plan` (the iamd binary, which runs iamd-zone
beside it) on the two examples of examples/, checked with boto3 and changed with the aws CLI.

For each example: apply to the suite's fresh server, re-plan (exit 0, "No changes"), verify with
boto3 — every person can assume exactly the roles their groups map to, with MFA (a virtual MFA
device per person, TOTP codes computed here), in exactly those account types, and nothing else —,
change the spec (onboard, offboard, move a person between groups, disable a role, add an account
type), apply, verify again, make out-of-band changes with the aws CLI (drift: plan exits 2 and
names each, apply undoes them), and destroy.

With E2E_TARGET=moto the same plan/apply runs against moto (a second implementation of the public
APIs: the tool uses nothing else). moto does not evaluate policies, trust policies or MFA, so the
"who can assume what" checks are iamd-only (and moto's GetLoginProfile always says
PasswordResetRequired false); everything else (state after apply, re-plan to no
changes, spec changes, drift, destroy, the roles present in each member account) runs on both.

    E2E_SUITES=landing-zone bash tests/e2e/run.sh
"""
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import SuiteServer, creds_of, current_step, totp  # noqa: E402

SERVER = SuiteServer()
EXAMPLES = os.path.join(e2e_server.REPO_ROOT, "examples")
ROLES = ["admin", "power-user", "read-only", "billing", "kms-admin"]
CATALOGUE = ["full-access", "billing", "developers", "read-only", "logs", "support",
             "use-existing-iam-roles", "iam-user-self-mgmt", "iam-admin", "ssh-users", "ssh-sudo-users"]
MOTO = e2e_server.is_moto()


def setUpModule():
    SERVER.open()


def tearDownModule():
    SERVER.close()


class Zone:
    """Runs `iamd plan|apply` as a platform team would: an administrator's profile in a shared
    credentials file, the endpoint on the command line."""

    def __init__(self, tmp):
        self.tmp = tmp
        iam = SERVER.client("iam")
        iam.create_user(UserName="zone-admin")
        iam.attach_user_policy(UserName="zone-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        k = iam.create_access_key(UserName="zone-admin")["AccessKey"]
        self.admin = (k["AccessKeyId"], k["SecretAccessKey"])
        self.creds = os.path.join(tmp, "credentials")
        with open(self.creds, "w") as f:
            f.write(f"[zone]\naws_access_key_id = {self.admin[0]}\naws_secret_access_key = {self.admin[1]}\n")
        self.iamd = e2e_server.iamd_bin()
        if not os.access(self.iamd, os.X_OK):
            raise unittest.SkipTest(f"{self.iamd} not built (iamd plan/apply run iamd-zone beside it)")

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_SHARED_CREDENTIALS_FILE=self.creds, AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
                   AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="",
                   AWS_CONFIG_FILE=os.path.join(self.tmp, "aws-config"))
        return env

    def run(self, command, spec):
        p = subprocess.run([self.iamd, command, spec, "--profile", "zone", "--endpoint-url", SERVER.endpoint],
                           env=self.env(), capture_output=True, text=True, timeout=600)
        return p.returncode, p.stdout + p.stderr

    def write(self, name, spec):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            yaml.safe_dump(spec, f, sort_keys=False)
        return path

    def aws(self, *args, key=None):
        """The aws CLI, signing as `key` (default the administrator)."""
        key = key or self.admin
        env = self.env()
        env.update(AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1])
        if len(key) > 2:
            env["AWS_SESSION_TOKEN"] = key[2]
        p = subprocess.run(["aws", "--endpoint-url", SERVER.endpoint, *args], env=env,
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, f"aws {' '.join(args)}: {p.stderr}"
        return p.stdout


class LandingZone(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="zone-e2e-")
        cls.zone = Zone(cls.tmp)
        cls.iam = SERVER.client("iam")
        cls.admin_sts = SERVER.client("sts", cls.zone.admin)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def apply(self, spec_path):
        rc, out = self.zone.run("apply", spec_path)
        self.assertEqual(rc, 0, out)
        self.assertIn("Apply complete", out)
        return out

    def assert_no_changes(self, spec_path):
        rc, out = self.zone.run("plan", spec_path)
        self.assertEqual((rc, out), (0, "No changes. The live setup matches the spec.\n"))

    def groups_of(self, user):
        return sorted(g["GroupName"] for g in self.iam.list_groups_for_user(UserName=user)["Groups"])

    def mfa_session(self, user):
        """An access key and an enabled virtual MFA device for `user`; returns an MFA session
        (GetSessionToken with a TOTP code), as the catalogue's MFA guard expects people to work."""
        k = self.iam.create_access_key(UserName=user)["AccessKey"]
        dev = self.iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
        seed = dev["Base32StringSeed"]
        seed = seed.decode() if isinstance(seed, bytes) else seed
        step = current_step()
        self.iam.enable_mfa_device(UserName=user, SerialNumber=dev["SerialNumber"],
                                   AuthenticationCode1=totp(seed, step - 2), AuthenticationCode2=totp(seed, step - 1))
        sts = SERVER.client("sts", (k["AccessKeyId"], k["SecretAccessKey"]))
        return creds_of(sts.get_session_token(SerialNumber=dev["SerialNumber"], TokenCode=totp(seed, step)))

    def reachable(self, session, accounts):
        sts = SERVER.client("sts", session)
        can = set()
        for name, acct in accounts.items():
            for role in ROLES:
                try:
                    sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/{role}", RoleSessionName="e2e")
                    can.add((name, role))
                except Exception:  # noqa: BLE001 - AccessDenied (or no such role)
                    pass
        return can

    def accounts(self):
        orgs = SERVER.client("organizations", self.zone.admin)
        return {a["Name"]: a["Id"] for a in orgs.list_accounts()["Accounts"]}

    def member_iam(self, acct):
        key = creds_of(self.admin_sts.assume_role(
            RoleArn=f"arn:aws:iam::{acct}:role/OrganizationAccountAccessRole", RoleSessionName="e2e"))
        return SERVER.client("iam", key), key

    def managed_roles(self, acct):
        iam, _ = self.member_iam(acct)
        names = set()
        for r in iam.list_roles()["Roles"]:
            tags = iam.list_role_tags(RoleName=r["RoleName"])["Tags"]
            if {"Key": "managed-by", "Value": "iamd-zone"} in tags:
                names.add(r["RoleName"])
        return names

    # --- the command line: errors, --confirm, export ---

    def test_0_command_line(self):
        bad = self.zone.write("bad.yaml", {"groups": {"ops": {}}, "user_map": {"alice": {"groups": ["devs"]}}})
        rc, out = self.zone.run("plan", bad)
        self.assertEqual((rc, out), (1, f"{bad}:6: user_map.alice.groups[0]: unknown group \"devs\"\n"))
        good = self.zone.write("one.yaml", {"user_map": {"solo": {}}})
        rc, out = self.zone.run("plan", good)
        self.assertEqual(rc, 2, out)
        self.assertIn("+ create user solo", out)
        # --confirm asks; anything but yes changes nothing.
        p = subprocess.run([self.zone.iamd, "apply", good, "--confirm", "--profile", "zone", "--endpoint-url",
                            SERVER.endpoint], env=self.zone.env(), input="n\n", capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("Nothing changed.", p.stdout)
        self.assertEqual(self.zone.run("plan", good)[0], 2)
        p = subprocess.run([self.zone.iamd, "apply", good, "--confirm", "--profile", "zone", "--endpoint-url",
                            SERVER.endpoint], env=self.zone.env(), input="yes\n", capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assert_no_changes(good)
        # export writes a spec that validates and plans to nothing but adopting the administrator.
        exported = os.path.join(self.tmp, "exported.yaml")
        p = subprocess.run([self.zone.iamd, "export", "--output", exported, "--profile", "zone", "--endpoint-url",
                            SERVER.endpoint], env=self.zone.env(), capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(exported) as f:
            self.assertIn("solo", yaml.safe_load(f)["user_map"])
        rc, out = self.zone.run("plan", exported)
        self.assertEqual(rc, 2, out)
        self.assertIn("~ tags of user zone-admin: +managed-by=iamd-zone", out)
        self.assertIn("Plan: 0 to add, 1 to change, 0 to remove", out)
        # Clean up for the next tests: solo is offboarded by an empty spec.
        self.apply(self.zone.write("empty.yaml", {}))

    # --- the best-practice single account ---

    def test_1_single_account(self):
        spec = os.path.join(EXAMPLES, "single-account.yaml")
        out = self.apply(spec)
        self.assertIn("+ create group full-access", out)
        self.assert_no_changes(spec)
        self.assertEqual(self.groups_of("bob"), ["developers", "iam-user-self-mgmt", "ssh-users"])
        self.assertEqual(self.groups_of("erin"), ["iam-user-self-mgmt", "logs", "ssh-sudo-users", "support"])
        profile = self.iam.get_login_profile(UserName="carol")["LoginProfile"]
        if not MOTO:  # moto 5 answers PasswordResetRequired false whatever was created
            self.assertTrue(profile["PasswordResetRequired"])
        self.assertEqual(self.iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"], 14)
        attached = {p["PolicyName"] for p in self.iam.list_attached_group_policies(GroupName="full-access")["AttachedPolicies"]}
        self.assertEqual(attached, {"AdministratorAccess", "iamd-require-mfa"})
        if not MOTO:
            # The MFA guard: dave reads from an MFA session, not with his key alone.
            session = self.mfa_session("dave")
            SERVER.client("iam", session).list_users()
            k = self.iam.create_access_key(UserName="dave")["AccessKey"]
            with self.assertRaises(Exception):
                SERVER.client("iam", (k["AccessKeyId"], k["SecretAccessKey"])).list_users()
        self.assert_no_changes(spec)  # keys and devices are the people's own, not drift

        # Destroy: nobody, no policies, and the catalogue groups retired.
        destroy = self.zone.write("destroy-single.yaml", {"retired_groups": CATALOGUE})
        out = self.apply(destroy)
        self.assertIn("- offboard user dave", out)
        self.assert_no_changes(destroy)
        self.assertEqual([u["UserName"] for u in self.iam.list_users()["Users"]], ["zone-admin"])
        self.assertEqual(self.iam.list_groups()["Groups"], [])
        self.assertEqual(self.iam.list_policies(Scope="Local")["Policies"], [])

    # --- a central account and three member accounts ---

    def test_2_multi_account(self):
        with open(os.path.join(EXAMPLES, "multi-account.yaml")) as f:
            spec = yaml.safe_load(f)
        path = os.path.join(EXAMPLES, "multi-account.yaml")
        out = self.apply(path)
        self.assertIn("+ create account prod-1 (type prod", out)
        self.assertIn("account dev-1 (", out)  # progress per account
        self.assert_no_changes(path)
        accounts = self.accounts()
        members = {n: accounts[n] for n in ("dev-1", "dev-2", "prod-1")}
        for n in ("dev-1", "dev-2"):
            self.assertEqual(self.managed_roles(members[n]), {"admin", "power-user", "read-only"})
        self.assertEqual(self.managed_roles(members["prod-1"]), {"admin", "power-user", "read-only", "billing"})

        expected = {
            "alice": {("dev-1", "admin"), ("dev-2", "admin"), ("prod-1", "admin")},
            "bob": {("dev-1", "power-user"), ("dev-2", "power-user"), ("prod-1", "read-only")},
            "carol": {("prod-1", "billing")},
            "dave": {("dev-1", "read-only"), ("dev-2", "read-only"), ("prod-1", "read-only")},
        }
        sessions = {}
        if not MOTO:
            central = {"central": SERVER.client("sts").get_caller_identity()["Account"]}
            for user, want in expected.items():
                sessions[user] = self.mfa_session(user)
                self.assertEqual(self.reachable(sessions[user], {**members, **central}), want, user)
            # Without MFA: nothing.
            k = self.iam.create_access_key(UserName="bob")["AccessKey"]
            self.assertEqual(self.reachable((k["AccessKeyId"], k["SecretAccessKey"]), members), set())

        # Day 2: onboard frank, move bob to platform, offboard carol, disable billing, add an
        # account type (staging) with one account where admins may go.
        day2 = copy.deepcopy(spec)
        day2["user_map"]["frank"] = {"groups": ["engineers", "iam-user-self-mgmt"]}
        day2["user_map"]["bob"]["groups"] = ["platform", "iam-user-self-mgmt"]
        del day2["user_map"]["carol"]
        day2["roles"]["billing"]["enabled"] = False
        day2["account_types"]["staging"] = {}
        day2["accounts"]["staging-1"] = {"type": "staging", "email": "staging-1@example.com"}
        day2["roles"]["admin"]["account_types"].append("staging")
        day2["group_map"]["platform"][0]["account_types"].append("staging")
        day2_path = self.zone.write("day2.yaml", day2)
        out = self.apply(day2_path)
        for line in ["+ create account staging-1", "+ create user frank", "+ add user bob to group platform",
                     "- remove user bob from group engineers", "- offboard user carol", "- delete role billing"]:
            self.assertIn(line, out)
        self.assert_no_changes(day2_path)
        with self.assertRaises(Exception):
            self.iam.get_user(UserName="carol")
        accounts = self.accounts()
        members = {n: accounts[n] for n in ("dev-1", "dev-2", "prod-1", "staging-1")}
        self.assertEqual(self.managed_roles(members["prod-1"]), {"admin", "power-user", "read-only"})
        self.assertEqual(self.managed_roles(members["staging-1"]), {"admin"})
        if not MOTO:
            sessions["frank"] = self.mfa_session("frank")
            admin_everywhere = {(n, "admin") for n in members}
            self.assertEqual(self.reachable(sessions["bob"], members), admin_everywhere)
            self.assertEqual(self.reachable(sessions["alice"], members), admin_everywhere)
            self.assertEqual(self.reachable(sessions["frank"], members),
                             {("dev-1", "power-user"), ("dev-2", "power-user"), ("prod-1", "read-only")})
            self.assertEqual(self.reachable(sessions["dave"], members), expected["dave"])

        # Drift, made with the aws CLI.
        self.zone.aws("iam", "attach-group-policy", "--group-name", "engineers",
                      "--policy-arn", "arn:aws:iam::aws:policy/IAMFullAccess")
        self.zone.aws("iam", "create-user", "--user-name", "mallory")
        self.zone.aws("iam", "add-user-to-group", "--user-name", "mallory", "--group-name", "platform")
        _, dev1 = self.member_iam(members["dev-1"])
        self.zone.aws("iam", "update-assume-role-policy", "--role-name", "admin", "--policy-document",
                      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}',
                      key=dev1)
        rc, out = self.zone.run("plan", day2_path)
        self.assertEqual(rc, 2, out)
        for line in ["- detach arn:aws:iam::aws:policy/IAMFullAccess from group engineers (not in the spec)",
                     "- remove user mallory from group platform (not in the spec)",
                     "~ restore the trust policy of role admin (edited outside the spec?)"]:
            self.assertIn(line, out)
        self.apply(day2_path)
        self.assert_no_changes(day2_path)
        self.assertEqual(self.groups_of("mallory"), [])

        # Destroy: no people, every role disabled, the groups retired.
        destroy = copy.deepcopy(day2)
        destroy["user_map"] = {}
        destroy["group_map"] = {}
        for r in destroy["roles"].values():
            r["enabled"] = False
        destroy["retired_groups"] = list(destroy.pop("groups")) + destroy.pop("catalogue")
        destroy_path = self.zone.write("destroy.yaml", destroy)
        self.apply(destroy_path)
        self.assert_no_changes(destroy_path)
        self.assertEqual(sorted(u["UserName"] for u in self.iam.list_users()["Users"]), ["mallory", "zone-admin"])
        for acct in members.values():
            self.assertEqual(self.managed_roles(acct), set())


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed")
    sys.exit(1 if failed else 0)
