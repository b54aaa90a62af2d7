"""The audit trail through the clients people already use: boto3's CloudTrail client and
`aws cloudtrail lookup-events` (AWS CLI) read the events of a short scripted session, a SIEM reads the
CloudTrail log files (`--trail-dir`, gzip JSON in AWS's S3 key layout) with Python's gzip and json, and
no secret the session created is in the store's files, the log files or the server's log
(IAMD_LOG=info: one line per request, joined to its event by the request ID).

Starts its own iamd (IAMD_BIN, default target/debug/iamd) with IAMD_LOG=info, so it can read the data
directory and the log. Skipped against moto (it has no LookupEvents). Exit codes: 0 ok, 1 failure,
77 skipped.

    python3 tests/e2e/test_cloudtrail.py
"""
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import SuiteServer, uniq  # noqa: E402

SERVER = SuiteServer()
TRAIL_DIR = None
PASSWORD = "Audit-Trail-Passw0rd!-e2e"


def setUpModule():
    if e2e_server.is_moto():
        raise unittest.SkipTest("moto has no CloudTrail LookupEvents")
    os.environ["IAMD_LOG"] = "info"
    # Its own server, always: the test reads its data directory, its log and its CloudTrail log
    # files (delivered every 2 seconds here; the hidden --trail-rotate-seconds is for tests).
    global TRAIL_DIR
    TRAIL_DIR = tempfile.mkdtemp(prefix="iamd-e2e-trail.")
    started = e2e_server.Server(
        ["--trail-dir", TRAIL_DIR, "--trail-rotate-seconds", "2"]).start()
    SERVER.started = started
    SERVER.endpoint = started.endpoint
    SERVER.root_key = e2e_server.read_credentials(started.credentials_file)


def tearDownModule():
    SERVER.close()
    if TRAIL_DIR and os.environ.get("E2E_KEEP") != "1":
        shutil.rmtree(TRAIL_DIR, ignore_errors=True)


class AuditTrail(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.iam = SERVER.client("iam")
        cls.trail = SERVER.client("cloudtrail")
        cls.user = uniq("trail-user")
        cls.secrets = [SERVER.root_key[1], PASSWORD]
        cls.iam.create_user(UserName=cls.user)
        cls.iam.create_login_profile(UserName=cls.user, Password=PASSWORD)
        key = cls.iam.create_access_key(UserName=cls.user)["AccessKey"]
        cls.key = key
        cls.secrets.append(key["SecretAccessKey"])
        denied = SERVER.client("iam", key=(key["AccessKeyId"], key["SecretAccessKey"]))
        with_err = None
        try:
            denied.create_user(UserName=uniq("not-allowed"))
        except ClientError as e:
            with_err = e.response
        cls.denied = with_err

    def events(self, key, value):
        pages = self.trail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}])
        return [e for p in pages for e in p["Events"]]

    def test_boto3_finds_the_create_with_its_identity_and_resources(self):
        found = [e for e in self.events("EventName", "CreateUser")
                 if json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] == self.user]
        self.assertEqual(len(found), 1)
        e = found[0]
        r = json.loads(e["CloudTrailEvent"])
        self.assertEqual(e["EventSource"], "iam.amazonaws.com")
        self.assertEqual(e["ReadOnly"], "false")
        self.assertEqual(e["Username"], "root")
        self.assertEqual(e["AccessKeyId"], SERVER.root_key[0])
        self.assertEqual(e["Resources"], [{"ResourceType": "AWS::IAM::User", "ResourceName": self.user}])
        self.assertEqual(r["userIdentity"]["type"], "Root")
        self.assertEqual(r["sourceIPAddress"], "127.0.0.1")
        self.assertTrue(r["userAgent"].startswith("Boto3/"), r["userAgent"])
        self.assertEqual(r["responseElements"]["user"]["userName"], self.user)
        self.assertEqual(r["eventVersion"], "1.11")

    def test_the_denied_call_is_recorded_with_its_error(self):
        self.assertIsNotNone(self.denied, "the user's CreateUser was not refused")
        found = self.events("AccessKeyId", self.key["AccessKeyId"])
        self.assertEqual([e["EventName"] for e in found], ["CreateUser"])
        r = json.loads(found[0]["CloudTrailEvent"])
        self.assertEqual(r["errorCode"], "AccessDenied")
        self.assertEqual(r["errorMessage"], self.denied["Error"]["Message"])
        self.assertEqual(r["requestID"], self.denied["ResponseMetadata"]["RequestId"])
        self.assertEqual(r["userIdentity"]["userName"], self.user)

    def test_the_password_is_hidden(self):
        (e,) = [e for e in self.events("EventName", "CreateLoginProfile")
                if json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] == self.user]
        r = json.loads(e["CloudTrailEvent"])
        self.assertEqual(r["requestParameters"]["password"], "HIDDEN_DUE_TO_SECURITY_REASONS")

    def test_lookup_errors(self):
        for kwargs, code in [
            (dict(MaxResults=51), "InvalidMaxResultsException"),
            (dict(NextToken="forged"), "InvalidNextTokenException"),
            (dict(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"},
                                    {"AttributeKey": "Username", "AttributeValue": "root"}]),
             "InvalidLookupAttributesException"),
        ]:
            with self.assertRaises(ClientError) as ctx:
                self.trail.lookup_events(**kwargs)
            self.assertEqual(ctx.exception.response["Error"]["Code"], code, kwargs)
        with self.assertRaises(ClientError) as ctx:
            self.trail.describe_trails()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "UnknownOperationException")

    def test_aws_cli_lookup_events(self):
        # The aws CLI is on the image: missing, this fails rather than skips (a skip would
        # hide that the CLI was never tried).
        self.assertIsNotNone(shutil.which("aws"), "the aws CLI is not installed")
        env = dict(os.environ, AWS_ACCESS_KEY_ID=SERVER.root_key[0],
                   AWS_SECRET_ACCESS_KEY=SERVER.root_key[1], AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_SHARED_CREDENTIALS_FILE", None)
        env.pop("AWS_PROFILE", None)
        out = subprocess.run(
            ["aws", "cloudtrail", "lookup-events", "--endpoint-url", SERVER.endpoint, "--output", "json",
             "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateUser"],
            env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        events = json.loads(out.stdout)["Events"]
        names = [json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] for e in events]
        self.assertIn(self.user, names)
        self.assertTrue(all(e["EventName"] == "CreateUser" for e in events))

    def trail_files(self):
        """What a SIEM collector reads: every AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz,
        gunzipped and parsed: {path: records}."""
        out = {}
        pattern = os.path.join(TRAIL_DIR, "AWSLogs", "*", "CloudTrail", "*", "*", "*", "*", "*.json.gz")
        for path in glob.glob(pattern):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                out[os.path.relpath(path, TRAIL_DIR)] = json.load(f)["Records"]
        return out

    def test_a_siem_reads_every_event_once_from_the_cloudtrail_log_files(self):
        # Every event of the account so far, by LookupEvents ...
        pages = self.trail.get_paginator("lookup_events").paginate()
        looked_up = {e["EventId"] for p in pages for e in p["Events"]}
        self.assertGreaterEqual(len(looked_up), 4)
        # ... is delivered in a file within a window or two.
        deadline = time.time() + 30
        while True:
            files = self.trail_files()
            ids = [r["eventID"] for records in files.values() for r in records]
            if looked_up <= set(ids) or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertLessEqual(looked_up, set(ids), "events missing from the log files")
        # Once each (per recipient account), in AWS's key layout, the folder matching the records.
        keys = [(r["eventID"], r["recipientAccountId"]) for records in files.values() for r in records]
        self.assertEqual(len(keys), len(set(keys)), "a record in two files")
        layout = re.compile(r"^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/"
                            r"\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$")
        for path, records in files.items():
            m = layout.match(path)
            self.assertIsNotNone(m, path)
            self.assertTrue(records, path)
            for r in records:
                self.assertEqual(r["recipientAccountId"], m.group(1), path)
                self.assertEqual(r["awsRegion"], m.group(2), path)
        # The records are those LookupEvents answers (its CloudTrailEvent, parsed).
        (created,) = [e for e in self.events("EventName", "CreateUser")
                      if json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] == self.user]
        in_file = [r for records in files.values() for r in records if r["eventID"] == created["EventId"]]
        self.assertEqual(in_file, [json.loads(created["CloudTrailEvent"])])
        # No secret in any file, compressed or not.
        for path in files:
            with open(os.path.join(TRAIL_DIR, path), "rb") as f:
                raw = f.read()
            text = gzip.decompress(raw)
            for secret in self.secrets:
                self.assertNotIn(secret.encode(), raw, path)
                self.assertNotIn(secret.encode(), text, path)

    def test_zz_no_secret_in_the_store_or_the_log_and_one_line_per_request(self):
        data = SERVER.started.data_dir
        stored = b""
        for name in os.listdir(data):
            # The credentials file holds the root key by design (shown once, for the operator).
            if name.startswith("iamd.db"):
                with open(os.path.join(data, name), "rb") as f:
                    stored += f.read()
        with open(SERVER.started.log_path, "rb") as f:
            logged = f.read()
        self.assertGreater(len(stored), 0)
        # The store keeps the records LZ4-compressed in blocks: read them back too (every
        # stored record, as JSON lines), so a secret in a record cannot hide in a block.
        records = subprocess.run(
            [e2e_server.iamd_bin(), "events", "--data-dir", data, "--limit", "100000"],
            check=True, capture_output=True, timeout=60).stdout
        self.assertIn(self.denied["ResponseMetadata"]["RequestId"].encode(), records)
        for secret in self.secrets:
            self.assertNotIn(secret.encode(), stored, "a secret is in the store")
            self.assertNotIn(secret.encode(), records, "a secret is in a stored record")
            self.assertNotIn(secret.encode(), logged, "a secret is in the log")
        request_id = self.denied["ResponseMetadata"]["RequestId"]
        lines = [l for l in logged.decode(errors="replace").splitlines()
                 if request_id in l and "outcome" in l]
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("AccessDenied", lines[0])
        self.assertIn(f":user/{self.user}", lines[0])


if __name__ == "__main__":
    result = unittest.main(exit=False).result
    if result.testsRun == 0 or (len(result.skipped) == result.testsRun and not result.failures):
        sys.exit(77 if e2e_server.is_moto() else 0)
    sys.exit(0 if result.wasSuccessful() else 1)
