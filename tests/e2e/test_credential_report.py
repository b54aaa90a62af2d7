"""The credential report parsed with Python's csv module and checked column by column (unittest; also
collectable by pytest).

Seeds users with every kind of credential the report shows — a console password, two access keys (the
first one used), an enabled virtual MFA device (codes computed from its seed), a signing certificate
(made with openssl) and a user with nothing — then GenerateCredentialReport until COMPLETE,
GetCredentialReport, csv.DictReader over `Content`, and checks: AWS's header list and order
(IAM User Guide, id_credentials_getting-report), the `<root_account>` first row, `not_supported` /
`N/A` / `no_information` where AWS writes them, ISO-8601 times (datetime.fromisoformat, UTC), the
lower-case `true`/`false` AWS's reports use (the guide's prose says TRUE/FALSE; the files say
true/false), and every value against what the IAM API says about the same user.

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`, root credentials) when both are
set (run.sh does this), else one is started from IAMD_BIN (default target/debug/iamd). AWS keeps one
report per account for four hours: against a server that already made one, the seeded users are not in
it and the test is skipped.

    python3 tests/e2e/test_credential_report.py
"""
import csv
import datetime
import io
import os
import subprocess
import sys
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import SuiteServer, current_step, delete_user_fully, quiet, totp, uniq  # noqa: E402

SERVER = SuiteServer()
client = SERVER.client
PASSWORD = "Str0ng-Passw0rd!x"
MAX_PASSWORD_AGE = 90

# IAM User Guide, "Understanding the report format": the columns, in this order.
COLUMNS = [
    "user", "arn", "user_creation_time",
    "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
    "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
]
BOOL_COLUMNS = ["password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active",
                "cert_1_active", "cert_2_active"]
NO_KEY = {"active": "false", "last_rotated": "N/A", "last_used_date": "N/A",
          "last_used_region": "N/A", "last_used_service": "N/A"}


def setUpModule():
    SERVER.open()


def tearDownModule():
    SERVER.close()


def report_time(value):
    """A report time: ISO 8601 with an explicit UTC offset, e.g. 2026-11-25T14:22:10Z (AWS, 2026) or +00:00."""
    t = datetime.datetime.fromisoformat(value)
    if t.tzinfo is None or t.utcoffset() != datetime.timedelta(0):
        raise AssertionError(f"{value!r} is not an ISO 8601 UTC time")
    return t


def self_signed_certificate():
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                        "-out", "cert.pem", "-days", "30", "-subj", "/CN=report.e2e.example.com"],
                       cwd=d, check=True, capture_output=True)
        with open(os.path.join(d, "cert.pem")) as f:
            return f.read()


class CredentialReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.iam = client("iam")
        cls.acct = client("sts").get_caller_identity()["Account"]
        cls.seeded_at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        p = uniq("cr")
        cls.names = {k: f"{p}-{k}" for k in ("console", "keys", "mfa", "cert", "plain")}
        cls.cleanups = []
        try:
            cls._seed()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for fn in reversed(cls.cleanups):
            try:
                fn()
            except ClientError:
                pass

    @classmethod
    def _seed(cls):
        iam, n = cls.iam, cls.names
        # A password policy with rotation, so password_next_rotation has a value (restored afterwards).
        try:
            previous = iam.get_account_password_policy()["PasswordPolicy"]
        except ClientError as e:
            if e.response["Error"]["Code"] != "NoSuchEntity":
                raise
            previous = None
        iam.update_account_password_policy(MinimumPasswordLength=8, MaxPasswordAge=MAX_PASSWORD_AGE)
        cls.cleanups.append(lambda: cls._restore_password_policy(previous))

        for name in n.values():
            iam.create_user(UserName=name)
            cls.cleanups.append(lambda name=name: delete_user_fully(iam, name))

        iam.create_login_profile(UserName=n["console"], Password=PASSWORD, PasswordResetRequired=False)

        k1 = iam.create_access_key(UserName=n["keys"])["AccessKey"]
        time.sleep(1.1)  # distinct creation seconds: access_key_1 is the older key
        k2 = iam.create_access_key(UserName=n["keys"])["AccessKey"]
        cls.key_ids = (k1["AccessKeyId"], k2["AccessKeyId"])
        # The first key signs one request: its last-used date, Region and service are recorded.
        me = client("sts", (k1["AccessKeyId"], k1["SecretAccessKey"])).get_caller_identity()
        assert me["Arn"].endswith(f":user/{n['keys']}"), me

        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=n["mfa"])["VirtualMFADevice"]
        cls.cleanups.append(lambda: quiet(iam.delete_virtual_mfa_device, SerialNumber=device["SerialNumber"]))
        seed = device["Base32StringSeed"]
        seed = seed.decode() if isinstance(seed, bytes) else seed
        step = current_step()
        iam.enable_mfa_device(UserName=n["mfa"], SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))

        iam.upload_signing_certificate(UserName=n["cert"], CertificateBody=self_signed_certificate())

        # Generate until COMPLETE, then download.
        first = iam.generate_credential_report()
        cls.first_state = first["State"]
        deadline = time.time() + 60
        state = first["State"]
        while state != "COMPLETE":
            assert state in ("STARTED", "INPROGRESS"), first
            assert time.time() < deadline, "credential report not COMPLETE after 60 s"
            time.sleep(1)
            state = iam.generate_credential_report()["State"]
        cls.report = iam.get_credential_report()

    @classmethod
    def _restore_password_policy(cls, previous):
        if previous is None:
            quiet(cls.iam.delete_account_password_policy)
            return
        keep = ["MinimumPasswordLength", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                "RequireLowercaseCharacters", "AllowUsersToChangePassword", "MaxPasswordAge",
                "PasswordReusePrevention", "HardExpiry"]
        cls.iam.update_account_password_policy(**{k: previous[k] for k in keep if k in previous})

    # ---------------------------------------------------------------- helpers
    def setUp(self):
        generated = self.report["GeneratedTime"]
        if self.first_state == "COMPLETE" and generated < self.seeded_at:
            self.skipTest(f"this account's report of {generated} (before the seed) is reused for 4 hours, "
                          "as AWS does: run against a fresh server")
        self.assertGreaterEqual(generated, self.seeded_at, "a new report must be generated after the seed")

    def rows(self):
        text = self.report["Content"]
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        reader = csv.DictReader(io.StringIO(text))
        rows = list(reader)
        return reader.fieldnames, rows

    def row(self, who):
        name = self.names[who]
        found = [r for r in self.rows()[1] if r["user"] == name]
        self.assertEqual(len(found), 1, f"one row for {name}")
        return found[0]

    def assertTime(self, value, expected=None, column=""):
        t = report_time(value)
        if expected is not None:
            self.assertLessEqual(abs((t - expected).total_seconds()), 1, f"{column}: {value} vs {expected}")
        return t

    def assertKeyColumns(self, row, i, key=None, user=None):
        """access_key_<i>_*: from the report against ListAccessKeys and GetAccessKeyLastUsed."""
        cols = {c: row[f"access_key_{i}_{c}"] for c in NO_KEY}
        if key is None:
            self.assertEqual(cols, NO_KEY, f"access_key_{i}")
            return
        self.assertEqual(cols["active"], "true" if key["Status"] == "Active" else "false")
        self.assertTime(cols["last_rotated"], key["CreateDate"], f"access_key_{i}_last_rotated")
        used = self.iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        if "LastUsedDate" not in used:
            self.assertEqual([cols["last_used_date"], cols["last_used_region"], cols["last_used_service"]],
                             ["N/A"] * 3, f"access_key_{i} never used")
            return
        self.assertTime(cols["last_used_date"])
        self.assertLessEqual(report_time(cols["last_used_date"]), used["LastUsedDate"] + datetime.timedelta(seconds=1))
        # The report may predate the key's latest use (the report request itself, for the caller).
        self.assertEqual(cols["last_used_region"], "us-east-1")
        self.assertIn(cols["last_used_service"], ("iam", "sts"))

    # ---------------------------------------------------------------- tests
    def test_download(self):
        self.assertEqual(self.report["ReportFormat"], "text/csv")
        self.assertIsInstance(self.report["GeneratedTime"], datetime.datetime)
        text = self.report["Content"].decode("utf-8")
        self.assertFalse(text.startswith("\ufeff"), "no byte-order mark")
        self.assertNotIn("\r", text, "AWS's report has \\n line ends")

    def test_header_is_awss_columns_in_order(self):
        fields, rows = self.rows()
        self.assertEqual(fields, COLUMNS)
        for r in rows:
            self.assertNotIn(None, r, f"row with more fields than the header: {r}")
            self.assertNotIn(None, r.values(), f"row with fewer fields than the header: {r}")

    def test_rows_are_root_then_every_user(self):
        _, rows = self.rows()
        self.assertEqual(rows[0]["user"], "<root_account>")
        self.assertNotIn("<root_account>", [r["user"] for r in rows[1:]])
        users = {u["UserName"]: u for p in self.iam.get_paginator("list_users").paginate() for u in p["Users"]}
        self.assertEqual(sorted(r["user"] for r in rows[1:]), sorted(users))
        for r in rows[1:]:
            u = users[r["user"]]
            self.assertEqual(r["arn"], u["Arn"])
            self.assertTime(r["user_creation_time"], u["CreateDate"], f"{r['user']} user_creation_time")

    def test_spelling_of_values(self):
        _, rows = self.rows()
        for r in rows:
            for c in BOOL_COLUMNS:
                allowed = {"true", "false"} | ({"not_supported"} if r["user"] == "<root_account>" and
                                               c == "password_enabled" else set())
                self.assertIn(r[c], allowed, f"{r['user']} {c}")
            for c in COLUMNS:
                v = r[c]
                if c.endswith(("_time", "_last_used", "_last_changed", "_next_rotation", "_last_rotated",
                               "_last_used_date")) and v not in ("N/A", "no_information", "not_supported"):
                    self.assertTime(v, column=f"{r['user']} {c}")

    def test_root_row(self):
        r = self.rows()[1][0]
        self.assertEqual(r["arn"], f"arn:aws:iam::{self.acct}:root")
        self.assertTime(r["user_creation_time"])
        self.assertEqual(r["password_enabled"], "not_supported")
        if r["password_last_used"] != "no_information":
            self.assertTime(r["password_last_used"])
        self.assertEqual(r["password_last_changed"], "not_supported")
        self.assertEqual(r["password_next_rotation"], "not_supported")
        mfa = self.iam.list_mfa_devices()["MFADevices"]  # no UserName: the caller, root
        self.assertEqual(r["mfa_active"], "true" if mfa else "false")
        # These suites sign with root's access key: it is in the report, and used.
        keys = sorted(self.iam.list_access_keys()["AccessKeyMetadata"], key=lambda k: k["CreateDate"])
        self.assertIn(SERVER.root_key[0], [k["AccessKeyId"] for k in keys])
        for i in (1, 2):
            self.assertKeyColumns(r, i, keys[i - 1] if len(keys) >= i else None)
        used = r[f"access_key_{[k['AccessKeyId'] for k in keys].index(SERVER.root_key[0]) + 1}_last_used_date"]
        self.assertNotEqual(used, "N/A", "root's key signed every request of this test")

    def test_console_user(self):
        r = self.row("console")
        profile = self.iam.get_login_profile(UserName=self.names["console"])["LoginProfile"]
        self.assertEqual(r["password_enabled"], "true")
        # Never used to sign in.
        self.assertEqual(r["password_last_used"], "no_information")
        changed = self.assertTime(r["password_last_changed"], profile["CreateDate"], "password_last_changed")
        nxt = self.assertTime(r["password_next_rotation"])
        self.assertEqual(nxt - changed, datetime.timedelta(days=MAX_PASSWORD_AGE))
        self.assertEqual(r["mfa_active"], "false")
        self.assertKeyColumns(r, 1)
        self.assertKeyColumns(r, 2)

    def test_user_with_two_keys(self):
        r = self.row("keys")
        self.assertEqual([r["password_enabled"], r["password_last_used"], r["password_last_changed"],
                          r["password_next_rotation"]], ["false", "N/A", "N/A", "N/A"])
        self.assertEqual(r["mfa_active"], "false")
        keys = {k["AccessKeyId"]: k for k in
                self.iam.list_access_keys(UserName=self.names["keys"])["AccessKeyMetadata"]}
        first, second = (keys[k] for k in self.key_ids)
        self.assertKeyColumns(r, 1, first)
        self.assertKeyColumns(r, 2, second)
        # Key 1 signed sts:GetCallerIdentity in us-east-1; key 2 never signed anything.
        self.assertEqual(r["access_key_1_active"], "true")
        self.assertGreaterEqual(report_time(r["access_key_1_last_used_date"]),
                                self.seeded_at - datetime.timedelta(seconds=1))
        self.assertEqual(r["access_key_1_last_used_region"], "us-east-1")
        self.assertEqual(r["access_key_1_last_used_service"], "sts")
        self.assertEqual(r["access_key_2_active"], "true")
        self.assertEqual([r["access_key_2_last_used_date"], r["access_key_2_last_used_region"],
                          r["access_key_2_last_used_service"]], ["N/A", "N/A", "N/A"])
        self.assertLess(report_time(r["access_key_1_last_rotated"]), report_time(r["access_key_2_last_rotated"]))
        self.assertEqual([r["cert_1_active"], r["cert_1_last_rotated"], r["cert_2_active"],
                          r["cert_2_last_rotated"]], ["false", "N/A", "false", "N/A"])

    def test_mfa_user(self):
        r = self.row("mfa")
        self.assertEqual(r["mfa_active"], "true")
        self.assertEqual(r["password_enabled"], "false")
        self.assertEqual(r["password_last_used"], "N/A")
        self.assertKeyColumns(r, 1)

    def test_signing_certificate(self):
        r = self.row("cert")
        cert = self.iam.list_signing_certificates(UserName=self.names["cert"])["Certificates"][0]
        self.assertEqual(r["cert_1_active"], "true")
        self.assertTime(r["cert_1_last_rotated"], cert["UploadDate"], "cert_1_last_rotated")
        self.assertEqual([r["cert_2_active"], r["cert_2_last_rotated"]], ["false", "N/A"])
        self.assertEqual(r["mfa_active"], "false")

    def test_user_without_credentials(self):
        r = self.row("plain")
        expected = {c: "N/A" for c in COLUMNS[3:]}
        expected.update({c: "false" for c in BOOL_COLUMNS})
        got = {c: r[c] for c in COLUMNS[3:]}
        self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main(verbosity=2)
