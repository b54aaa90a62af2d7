"""End-to-end IAM/STS suite with boto3 (unittest; also collectable by pytest).

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`) when both are set (run.sh does this),
else one is started (iamd from IAMD_BIN, or moto with E2E_TARGET=moto).
Blocks under `aws_only("why")` assert AWS behaviour that moto lacks: on moto a failure there is reported as
a known deviation (XFAIL) and the test goes on; against iamd they are ordinary assertions.

    python3 tests/e2e/test_boto3.py [-k pattern]
"""
import contextlib
import json
import os
import re
import sys
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402
from e2e_common import (  # noqa: E402
    IamTestCase, SuiteServer, delete_group_fully, delete_policy_fully, delete_user_fully, quiet, uniq)

IS_MOTO = e2e_server.is_moto()
DEVIATIONS = []
SERVER = SuiteServer()
client = SERVER.client


def setUpModule():
    SERVER.open()


def tearDownModule():
    SERVER.close()
    if DEVIATIONS:
        print(f"\n{len(DEVIATIONS)} known moto deviation(s) (XFAIL):", file=sys.stderr)
        for d in DEVIATIONS:
            print(f"  XFAIL {d}", file=sys.stderr)


@contextlib.contextmanager
def aws_only(reason):
    """AWS behaviour that moto does not implement: tolerated (and recorded) on moto only."""
    try:
        yield
    except (AssertionError, ClientError, BotoCoreError, ResponseParserError) as e:
        if not IS_MOTO:
            raise
        DEVIATIONS.append(f"{reason}: {str(e).splitlines()[0][:160]}")


def doc(action="s3:GetObject", resource="*", sid="S1"):
    return {"Version": "2012-10-17",
            "Statement": [{"Sid": sid, "Effect": "Allow", "Action": action, "Resource": resource}]}


class Base(IamTestCase):
    server = SERVER

    def setUp(self):
        self._cleanups_iam = []

    def assertError(self, code, status, fn, *args, **kwargs):
        with self.assertRaises(ClientError, msg=f"expected {code}") as cm:
            fn(*args, **kwargs)
        err = cm.exception.response["Error"]
        meta = cm.exception.response["ResponseMetadata"]
        self.assertEqual((err.get("Code"), meta["HTTPStatusCode"]), (code, status),
                         f"wrong error: {err}")
        self.assertTrue(err.get("Message"), "error without a message")
        return cm.exception

    def user(self, name=None, **kw):
        """A user (deleted after the test), created with `kw`; returns CreateUser's User."""
        name = name or uniq("u")
        r = self.iam.create_user(UserName=name, **kw)["User"]
        self.addCleanup(delete_user_fully, self.iam, name)
        return r

    def group(self, name=None, **kw):
        name = name or uniq("g")
        r = self.iam.create_group(GroupName=name, **kw)["Group"]
        self.addCleanup(delete_group_fully, self.iam, name)
        return r

    def policy(self, name=None, document=None, **kw):
        name = name or uniq("p")
        r = self.iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document or doc()), **kw)["Policy"]
        self.addCleanup(delete_policy_fully, self.iam, r["Arn"])
        return r


class TestIdentity(Base):
    def test_root_caller_identity(self):
        r = self.sts.get_caller_identity()
        self.assertRegex(r["Account"], r"^\d{12}$")
        self.assertTrue(r["Arn"].startswith(f"arn:aws:"), r["Arn"])
        self.assertIn(r["Account"], r["Arn"])

    def test_error_response_shape(self):
        e = self.assertError("NoSuchEntity", 404, self.iam.get_user, UserName=uniq("nobody"))
        self.assertEqual(e.response["Error"].get("Type"), "Sender")
        self.assertTrue(e.response["ResponseMetadata"].get("RequestId"), "no RequestId in the error response")


class TestUsers(Base):
    def test_user_lifecycle(self):
        name = uniq("alice")
        u = self.user(name, Path="/eng/", Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}])
        self.assertEqual(u["Arn"], f"arn:aws:iam::{self.acct}:user/eng/{name}")
        self.assertEqual(u["Path"], "/eng/")
        with aws_only("moto user ids are not AIDA + 17 upper-case alphanumerics"):
            self.assertRegex(u["UserId"], r"^AIDA[A-Z0-9]{17}$")
        g = self.iam.get_user(UserName=name)["User"]
        self.assertEqual((g["UserName"], g["UserId"], g["Arn"]), (name, u["UserId"], u["Arn"]))
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in g["Tags"]), [("env", "dev"), ("team", "core")])

        self.assertError("EntityAlreadyExists", 409, self.iam.create_user, UserName=name)
        with aws_only("moto treats user names case-sensitively"):
            try:
                r = self.iam.create_user(UserName=name.upper())
            except ClientError as e:
                self.assertEqual((e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]),
                                 ("EntityAlreadyExists", 409))
            else:
                # only delete what was created: in AWS, names resolve case-insensitively
                self.iam.delete_user(UserName=r["User"]["UserName"])
                self.fail("a user differing only in case was created")

        new = uniq("alice2")
        self.iam.update_user(UserName=name, NewUserName=new, NewPath="/ops/")
        self.addCleanup(delete_user_fully, self.iam, new)
        self.assertError("NoSuchEntity", 404, self.iam.get_user, UserName=name)
        g = self.iam.get_user(UserName=new)["User"]
        self.assertEqual((g["Path"], g["Arn"], g["UserId"]),
                         ("/ops/", f"arn:aws:iam::{self.acct}:user/ops/{new}", u["UserId"]))
        self.assertEqual([x["UserName"] for x in self.iam.list_users(PathPrefix="/ops/")["Users"]
                          if x["UserName"] == new], [new])
        self.assertNotIn(new, [x["UserName"] for x in self.iam.list_users(PathPrefix="/eng/")["Users"]])

        self.iam.tag_user(UserName=new, Tags=[{"Key": "team", "Value": "platform"}, {"Key": "cc", "Value": "42"}])
        self.iam.untag_user(UserName=new, TagKeys=["cc"])
        tags = {t["Key"]: t["Value"] for t in self.iam.list_user_tags(UserName=new)["Tags"]}
        self.assertEqual(tags.get("team"), "platform")
        self.assertNotIn("cc", tags)
        with aws_only("moto loses a user's tags when the user is renamed"):
            self.assertEqual(tags, {"team": "platform", "env": "dev"})

        self.iam.delete_user(UserName=new)
        self.assertError("NoSuchEntity", 404, self.iam.get_user, UserName=new)
        self.assertError("NoSuchEntity", 404, self.iam.delete_user, UserName=new)

    def test_validation_errors(self):
        iam = client("iam", parameter_validation=False)
        with aws_only("moto does not validate user names"):
            self.assertError("ValidationError", 400, iam.create_user, UserName="bad/name")
            quiet(iam.delete_user, UserName="bad/name")
        with aws_only("moto does not validate name lengths"):
            self.assertError("ValidationError", 400, iam.create_user, UserName="x" * 65)
            quiet(iam.delete_user, UserName="x" * 65)
        with aws_only("moto does not validate the password policy parameters"):
            self.assertError("ValidationError", 400, iam.update_account_password_policy, MinimumPasswordLength=3)

    def test_list_users_pagination(self):
        path = f"/{uniq('page')}/"
        names = sorted(uniq("pu") for _ in range(5))
        for n in names:
            self.user(n, Path=path)
        r = self.iam.list_users(PathPrefix=path)
        self.assertEqual(sorted(u["UserName"] for u in r["Users"]), names)
        self.assertFalse(r.get("IsTruncated", False))
        with aws_only("moto ignores MaxItems on ListUsers"):
            seen, marker, pages = [], None, 0
            while True:
                kw = {"PathPrefix": path, "MaxItems": 2}
                if marker:
                    kw["Marker"] = marker
                r = self.iam.list_users(**kw)
                pages += 1
                self.assertLessEqual(len(r["Users"]), 2)
                seen += [u["UserName"] for u in r["Users"]]
                if not r["IsTruncated"]:
                    self.assertNotIn("Marker", r)
                    break
                self.assertTrue(r["Marker"])
                marker = r["Marker"]
                self.assertLess(pages, 10, "pagination does not terminate")
            self.assertEqual(pages, 3)
            self.assertEqual(sorted(seen), names)
            self.assertEqual(len(seen), len(set(seen)), "duplicates across pages")
        with aws_only("moto ignores MaxItems on ListUsers"):
            pages = list(self.iam.get_paginator("list_users").paginate(
                PathPrefix=path, PaginationConfig={"PageSize": 2}))
            self.assertEqual([len(p["Users"]) for p in pages], [2, 2, 1])
        got = self.iam.get_paginator("list_users").paginate(PathPrefix=path).build_full_result()
        self.assertEqual(sorted(u["UserName"] for u in got["Users"]), names)

    def test_list_policies_pagination(self):
        path = f"/{uniq('pp')}/"
        arns = sorted(self.policy(uniq("pp"), Path=path)["Arn"] for _ in range(3))
        r = self.iam.list_policies(Scope="Local", PathPrefix=path, MaxItems=2)
        self.assertTrue(r["IsTruncated"])
        self.assertEqual(len(r["Policies"]), 2)
        r2 = self.iam.list_policies(Scope="Local", PathPrefix=path, MaxItems=2, Marker=r["Marker"])
        self.assertFalse(r2["IsTruncated"])
        self.assertEqual(sorted(p["Arn"] for p in r["Policies"] + r2["Policies"]), arns)
        pages = list(self.iam.get_paginator("list_policies").paginate(
            Scope="Local", PathPrefix=path, PaginationConfig={"PageSize": 1}))
        self.assertTrue(all(len(p["Policies"]) <= 1 for p in pages))
        self.assertEqual(sorted(x["Arn"] for p in pages for x in p["Policies"]), arns)


class TestGroups(Base):
    def test_group_lifecycle(self):
        gname = uniq("devs")
        g = self.group(gname, Path="/eng/")
        self.assertEqual(g["Arn"], f"arn:aws:iam::{self.acct}:group/eng/{gname}")
        self.assertError("EntityAlreadyExists", 409, self.iam.create_group, GroupName=gname)
        self.assertError("NoSuchEntity", 404, self.iam.get_group, GroupName=uniq("nogroup"))
        u1, u2 = self.user()["UserName"], self.user()["UserName"]
        self.iam.add_user_to_group(GroupName=gname, UserName=u1)
        self.iam.add_user_to_group(GroupName=gname, UserName=u2)
        self.iam.add_user_to_group(GroupName=gname, UserName=u2)  # idempotent in AWS
        self.assertError("NoSuchEntity", 404, self.iam.add_user_to_group, GroupName=gname, UserName=uniq("nobody"))
        r = self.iam.get_group(GroupName=gname)
        self.assertEqual(r["Group"]["GroupName"], gname)
        self.assertEqual(sorted(u["UserName"] for u in r["Users"]), sorted([u1, u2]))
        self.assertEqual([x["GroupName"] for x in self.iam.list_groups_for_user(UserName=u1)["Groups"]], [gname])
        self.iam.remove_user_from_group(GroupName=gname, UserName=u2)
        self.assertEqual([u["UserName"] for u in self.iam.get_group(GroupName=gname)["Users"]], [u1])
        self.assertEqual(self.iam.list_groups_for_user(UserName=u2)["Groups"], [])
        with aws_only("moto deletes groups that still have members"):
            self.assertError("DeleteConflict", 409, self.iam.delete_group, GroupName=gname)
        if IS_MOTO and quiet(self.iam.get_group, GroupName=gname) is None:
            return  # moto deleted it; the rest of the test needs the group
        new = uniq("developers")
        self.iam.update_group(GroupName=gname, NewGroupName=new, NewPath="/dev/")
        self.addCleanup(delete_group_fully, self.iam, new)
        self.assertError("NoSuchEntity", 404, self.iam.get_group, GroupName=gname)
        r = self.iam.get_group(GroupName=new)
        self.assertEqual((r["Group"]["Path"], r["Group"]["Arn"], r["Group"]["GroupId"]),
                         ("/dev/", f"arn:aws:iam::{self.acct}:group/dev/{new}", g["GroupId"]))
        self.assertEqual([u["UserName"] for u in r["Users"]], [u1])
        self.assertEqual([x["GroupName"] for x in self.iam.list_groups_for_user(UserName=u1)["Groups"]], [new])
        self.iam.remove_user_from_group(GroupName=new, UserName=u1)
        self.iam.delete_group(GroupName=new)
        self.assertError("NoSuchEntity", 404, self.iam.get_group, GroupName=new)

    def test_get_group_paginated(self):
        gname = self.group()["GroupName"]
        names = sorted(self.user()["UserName"] for _ in range(5))
        for n in names:
            self.iam.add_user_to_group(GroupName=gname, UserName=n)
        with aws_only("moto ignores MaxItems on GetGroup"):
            r = self.iam.get_group(GroupName=gname, MaxItems=2)
            self.assertEqual(len(r["Users"]), 2)
            self.assertTrue(r["IsTruncated"])
            r2 = self.iam.get_group(GroupName=gname, MaxItems=10, Marker=r["Marker"])
            self.assertFalse(r2["IsTruncated"])
            self.assertEqual(sorted(u["UserName"] for u in r["Users"] + r2["Users"]), names)
        with aws_only("moto ignores MaxItems on GetGroup"):
            pages = list(self.iam.get_paginator("get_group").paginate(
                GroupName=gname, PaginationConfig={"PageSize": 2}))
            self.assertEqual([len(p["Users"]) for p in pages], [2, 2, 1])
            self.assertTrue(all(p["Group"]["GroupName"] == gname for p in pages))
        full = self.iam.get_paginator("get_group").paginate(GroupName=gname).build_full_result()
        self.assertEqual(sorted(u["UserName"] for u in full["Users"]), names)


class TestManagedPolicies(Base):
    def test_document_round_trip(self):
        # characters that need URL-encoding on the wire: boto3 decodes the document back into a dict
        d = {"Version": "2012-10-17", "Statement": [{
            "Sid": "Weird",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": ["arn:aws:s3:::bucket/a b+c&d=e%f?g#h", "arn:aws:s3:::bucket/ünïcødé/*"],
            "Condition": {"StringLike": {"aws:userid": ["AIDA*:${aws:username}"]},
                          "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
        p = self.policy(document=d, Description="round trip")
        v = self.iam.get_policy_version(PolicyArn=p["Arn"], VersionId="v1")["PolicyVersion"]
        self.assertEqual(v["Document"], d)
        self.assertTrue(v["IsDefaultVersion"])
        u = self.user()["UserName"]
        self.iam.put_user_policy(UserName=u, PolicyName="inline", PolicyDocument=json.dumps(d, indent=2))
        self.assertEqual(self.iam.get_user_policy(UserName=u, PolicyName="inline")["PolicyDocument"], d)

    def test_versions(self):
        p = self.policy(Path="/e2e/")
        arn = p["Arn"]
        self.assertEqual((p["DefaultVersionId"], p["AttachmentCount"], p["Path"]), ("v1", 0, "/e2e/"))
        self.assertEqual(arn, f"arn:aws:iam::{self.acct}:policy/e2e/{p['PolicyName']}")
        self.assertError("EntityAlreadyExists", 409, self.iam.create_policy,
                         PolicyName=p["PolicyName"], Path="/e2e/", PolicyDocument=json.dumps(doc()))
        for i in range(2, 6):
            v = self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc(sid=f"V{i}")),
                                               SetAsDefault=(i == 3))["PolicyVersion"]
            self.assertEqual((v["VersionId"], v["IsDefaultVersion"]), (f"v{i}", i == 3))
        self.assertError("LimitExceeded", 409, self.iam.create_policy_version,
                         PolicyArn=arn, PolicyDocument=json.dumps(doc(sid="V6")))
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v3")
        vs = self.iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual(sorted(v["VersionId"] for v in vs), ["v1", "v2", "v3", "v4", "v5"])
        self.assertEqual([v["VersionId"] for v in vs if v["IsDefaultVersion"]], ["v3"])
        self.iam.set_default_policy_version(PolicyArn=arn, VersionId="v5")
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v5")
        self.assertEqual(self.iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"],
                         doc(sid="V2"))
        self.assertError("DeleteConflict", 409, self.iam.delete_policy_version, PolicyArn=arn, VersionId="v5")
        self.iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
        self.assertError("NoSuchEntity", 404, self.iam.get_policy_version, PolicyArn=arn, VersionId="v1")
        self.assertEqual(self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc()))
                         ["PolicyVersion"]["VersionId"], "v6")
        with aws_only("moto deletes policies that still have non-default versions"):
            self.assertError("DeleteConflict", 409, self.iam.delete_policy, PolicyArn=arn)

    def test_malformed_documents(self):
        bad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}
        self.assertError("MalformedPolicyDocument", 400, self.iam.create_policy,
                         PolicyName=uniq("bad"), PolicyDocument=json.dumps(bad))
        self.assertError("MalformedPolicyDocument", 400, self.iam.create_policy,
                         PolicyName=uniq("bad"), PolicyDocument="not json")
        u = self.user()["UserName"]
        self.assertError("MalformedPolicyDocument", 400, self.iam.put_user_policy,
                         UserName=u, PolicyName="x", PolicyDocument=json.dumps(bad))

    def test_attach_detach_and_conflicts(self):
        p = self.policy()
        arn = p["Arn"]
        u = self.user()["UserName"]
        g = self.group()["GroupName"]
        self.iam.attach_user_policy(UserName=u, PolicyArn=arn)
        self.iam.attach_group_policy(GroupName=g, PolicyArn=arn)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 2)
        ents = self.iam.list_entities_for_policy(PolicyArn=arn)
        self.assertEqual([x["UserName"] for x in ents["PolicyUsers"]], [u])
        self.assertEqual([x["GroupName"] for x in ents["PolicyGroups"]], [g])
        self.assertEqual(ents["PolicyRoles"], [])
        self.assertEqual([x["PolicyArn"] for x in self.iam.list_attached_user_policies(UserName=u)["AttachedPolicies"]],
                         [arn])
        local = [x["Arn"] for x in self.iam.get_paginator("list_policies").paginate(
            Scope="Local", OnlyAttached=True).build_full_result()["Policies"]]
        self.assertIn(arn, local)
        with aws_only("moto deletes attached policies"):
            self.assertError("DeleteConflict", 409, self.iam.delete_policy, PolicyArn=arn)
        if IS_MOTO and quiet(self.iam.get_policy, PolicyArn=arn) is None:
            return
        with aws_only("moto deletes users that still have attached policies"):
            self.assertError("DeleteConflict", 409, self.iam.delete_user, UserName=u)
        self.iam.detach_user_policy(UserName=u, PolicyArn=arn)
        self.iam.detach_group_policy(GroupName=g, PolicyArn=arn)
        self.assertError("NoSuchEntity", 404, self.iam.detach_user_policy, UserName=u, PolicyArn=arn)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 0)
        self.iam.delete_policy(PolicyArn=arn)
        self.assertError("NoSuchEntity", 404, self.iam.get_policy, PolicyArn=arn)
        self.assertError("NoSuchEntity", 404, self.iam.attach_user_policy, UserName=u,
                         PolicyArn=f"arn:aws:iam::{self.acct}:policy/{uniq('nope')}")

    def test_aws_managed_policies(self):
        u = self.user()["UserName"]
        g = self.group()["GroupName"]
        ro = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        vo = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        p = self.iam.get_policy(PolicyArn=vo)["Policy"]
        self.assertEqual((p["PolicyName"], p["Path"]), ("ViewOnlyAccess", "/job-function/"))
        v = self.iam.get_policy_version(PolicyArn=ro, VersionId=self.iam.get_policy(PolicyArn=ro)["Policy"]
                                        ["DefaultVersionId"])["PolicyVersion"]
        self.assertEqual(v["Document"]["Version"], "2012-10-17")
        self.iam.attach_user_policy(UserName=u, PolicyArn=ro)
        self.iam.attach_user_policy(UserName=u, PolicyArn=vo)
        self.iam.attach_group_policy(GroupName=g, PolicyArn=vo)
        self.assertEqual(sorted(x["PolicyArn"] for x in self.iam.list_attached_user_policies(UserName=u)
                                ["AttachedPolicies"]), [ro, vo])
        self.assertEqual([x["PolicyArn"] for x in self.iam.list_attached_group_policies(GroupName=g)
                          ["AttachedPolicies"]], [vo])
        self.assertIn(u, [x["UserName"] for x in self.iam.list_entities_for_policy(PolicyArn=ro)["PolicyUsers"]])
        r = self.iam.list_policies(Scope="AWS", MaxItems=5)
        self.assertEqual(len(r["Policies"]), 5)
        self.assertTrue(r["IsTruncated"])
        self.assertTrue(all(x["Arn"].startswith("arn:aws:iam::aws:policy/") for x in r["Policies"]))
        r = self.iam.list_policies(Scope="AWS", PathPrefix="/job-function/", MaxItems=1000)
        self.assertIn(vo, [x["Arn"] for x in r["Policies"]])
        self.assertError("NoSuchEntity", 404, self.iam.get_policy,
                         PolicyArn="arn:aws:iam::aws:policy/NoSuchManagedPolicyE2E")
        self.iam.detach_user_policy(UserName=u, PolicyArn=ro)
        self.iam.detach_user_policy(UserName=u, PolicyArn=vo)
        self.iam.detach_group_policy(GroupName=g, PolicyArn=vo)


class TestInlinePolicies(Base):
    def test_user_and_group_inline(self):
        u = self.user()["UserName"]
        g = self.group()["GroupName"]
        self.iam.put_user_policy(UserName=u, PolicyName="a", PolicyDocument=json.dumps(doc("s3:*")))
        self.iam.put_user_policy(UserName=u, PolicyName="a", PolicyDocument=json.dumps(doc("ec2:*")))
        self.iam.put_user_policy(UserName=u, PolicyName="b", PolicyDocument=json.dumps(doc("sqs:*")))
        self.assertEqual(sorted(self.iam.list_user_policies(UserName=u)["PolicyNames"]), ["a", "b"])
        r = self.iam.get_user_policy(UserName=u, PolicyName="a")
        self.assertEqual((r["UserName"], r["PolicyName"], r["PolicyDocument"]), (u, "a", doc("ec2:*")))
        self.assertError("NoSuchEntity", 404, self.iam.get_user_policy, UserName=u, PolicyName="zzz")
        self.iam.delete_user_policy(UserName=u, PolicyName="a")
        self.assertEqual(self.iam.list_user_policies(UserName=u)["PolicyNames"], ["b"])
        self.assertError("NoSuchEntity", 404, self.iam.delete_user_policy, UserName=u, PolicyName="a")
        self.iam.put_group_policy(GroupName=g, PolicyName="gp", PolicyDocument=json.dumps(doc("sns:*")))
        r = self.iam.get_group_policy(GroupName=g, PolicyName="gp")
        self.assertEqual((r["GroupName"], r["PolicyDocument"]), (g, doc("sns:*")))
        self.assertEqual(self.iam.list_group_policies(GroupName=g)["PolicyNames"], ["gp"])
        with aws_only("moto deletes groups that still have inline policies"):
            self.assertError("DeleteConflict", 409, self.iam.delete_group, GroupName=g)
        quiet(self.iam.delete_group_policy, GroupName=g, PolicyName="gp")
        self.assertError("NoSuchEntity", 404, self.iam.put_user_policy, UserName=uniq("nobody"),
                         PolicyName="x", PolicyDocument=json.dumps(doc()))


class TestAccessKeys(Base):
    def test_keys(self):
        name = self.user(Path="/keys/")["UserName"]
        k1 = self.iam.create_access_key(UserName=name)["AccessKey"]
        self.assertRegex(k1["AccessKeyId"], r"^AKIA[A-Z0-9]{16}$")
        self.assertEqual(len(k1["SecretAccessKey"]), 40)
        self.assertEqual((k1["Status"], k1["UserName"]), ("Active", name))
        k2 = self.iam.create_access_key(UserName=name)["AccessKey"]
        self.assertError("LimitExceeded", 409, self.iam.create_access_key, UserName=name)
        ids = sorted(k["AccessKeyId"] for k in self.iam.list_access_keys(UserName=name)["AccessKeyMetadata"])
        self.assertEqual(ids, sorted([k1["AccessKeyId"], k2["AccessKeyId"]]))
        self.assertNotIn("SecretAccessKey", self.iam.list_access_keys(UserName=name)["AccessKeyMetadata"][0])
        other = self.user()["UserName"]
        self.iam.create_access_key(UserName=other)
        with aws_only("moto deletes users that still have access keys"):
            self.assertError("DeleteConflict", 409, self.iam.delete_user, UserName=other)

        key = (k1["AccessKeyId"], k1["SecretAccessKey"])
        ident = client("sts", key).get_caller_identity()
        self.assertEqual((ident["Arn"], ident["Account"]), (f"arn:aws:iam::{self.acct}:user/keys/{name}", self.acct))
        # the user may read itself through a policy variable (the ARN includes the path)
        self.iam.put_user_policy(UserName=name, PolicyName="self", PolicyDocument=json.dumps(
            doc("iam:GetUser", "arn:aws:iam::*:user/keys/${aws:username}")))
        me = client("iam", key).get_user()["User"]
        self.assertEqual((me["UserName"], me["Arn"]), (name, f"arn:aws:iam::{self.acct}:user/keys/{name}"))

        self.iam.update_access_key(UserName=name, AccessKeyId=k1["AccessKeyId"], Status="Inactive")
        st = {k["AccessKeyId"]: k["Status"] for k in self.iam.list_access_keys(UserName=name)["AccessKeyMetadata"]}
        self.assertEqual(st, {k1["AccessKeyId"]: "Inactive", k2["AccessKeyId"]: "Active"})
        with aws_only("moto does not check the access key status"):
            self.assertError("InvalidClientTokenId", 403, client("sts", key).get_caller_identity)
        with aws_only("moto does not check the access key status"):
            self.assertError("InvalidClientTokenId", 403, client("iam", key).get_user)
        self.iam.delete_access_key(UserName=name, AccessKeyId=k1["AccessKeyId"])
        self.assertError("NoSuchEntity", 404, self.iam.delete_access_key, UserName=name,
                         AccessKeyId=k1["AccessKeyId"])
        self.iam.create_access_key(UserName=name)  # room for one again
        with aws_only("moto does not authenticate requests"):
            self.assertError("InvalidClientTokenId", 403, client("sts", key).get_caller_identity)
        with aws_only("moto does not check signatures"):
            self.assertError("SignatureDoesNotMatch", 403,
                             client("sts", (k2["AccessKeyId"], "x" * 40)).get_caller_identity)
        lu = self.iam.get_access_key_last_used(AccessKeyId=k2["AccessKeyId"])
        self.assertEqual(lu["UserName"], name)


class TestLoginProfileAndAccount(Base):
    PW = "E2e-Passw0rd!Long#2024"

    def test_login_profile(self):
        name = self.user()["UserName"]
        lp = self.iam.create_login_profile(UserName=name, Password=self.PW, PasswordResetRequired=True)["LoginProfile"]
        self.assertEqual(lp["UserName"], name)
        with aws_only("moto ignores PasswordResetRequired"):
            self.assertTrue(lp["PasswordResetRequired"])
            self.assertTrue(self.iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"])
        self.assertError("EntityAlreadyExists", 409, self.iam.create_login_profile, UserName=name, Password=self.PW)
        self.iam.update_login_profile(UserName=name, Password=self.PW + "x", PasswordResetRequired=False)
        self.assertFalse(self.iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"])
        with aws_only("moto deletes users that still have a login profile"):
            self.assertError("DeleteConflict", 409, self.iam.delete_user, UserName=name)
        if IS_MOTO and quiet(self.iam.get_user, UserName=name) is None:
            return
        self.iam.delete_login_profile(UserName=name)
        self.assertError("NoSuchEntity", 404, self.iam.get_login_profile, UserName=name)

    def test_password_policy(self):
        quiet(self.iam.delete_account_password_policy)
        self.assertError("NoSuchEntity", 404, self.iam.get_account_password_policy)
        self.iam.update_account_password_policy(
            MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
            RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, MaxPasswordAge=90,
            PasswordReusePrevention=5, HardExpiry=False)
        try:
            pp = self.iam.get_account_password_policy()["PasswordPolicy"]
            self.assertEqual((pp["MinimumPasswordLength"], pp["RequireSymbols"], pp["MaxPasswordAge"],
                              pp["PasswordReusePrevention"], pp["ExpirePasswords"], pp["AllowUsersToChangePassword"]),
                             (14, True, 90, 5, True, True))
            with aws_only("moto does not enforce the password policy"):
                self.assertError("PasswordPolicyViolation", 400, self.iam.create_login_profile,
                                 UserName=self.user()["UserName"], Password="Short1!a")
            self.iam.create_login_profile(UserName=self.user()["UserName"], Password=self.PW)
        finally:
            self.iam.delete_account_password_policy()
        self.assertError("NoSuchEntity", 404, self.iam.get_account_password_policy)

    def test_change_password_by_the_user(self):
        """ChangePassword signed by the user themselves: old password checked, the account
        password policy (reuse prevention) applied, PasswordResetRequired cleared."""
        quiet(self.iam.delete_account_password_policy)
        self.iam.update_account_password_policy(
            MinimumPasswordLength=14, RequireNumbers=True, RequireSymbols=True,
            AllowUsersToChangePassword=True, PasswordReusePrevention=3)
        self.addCleanup(quiet, self.iam.delete_account_password_policy)
        name = self.user()["UserName"]
        self.iam.create_login_profile(UserName=name, Password=self.PW, PasswordResetRequired=True)
        k = self.iam.create_access_key(UserName=name)["AccessKey"]
        me = client("iam", (k["AccessKeyId"], k["SecretAccessKey"]))
        with aws_only("moto does not check the old password or the password policy"):
            self.assertError("AccessDenied", 403, me.change_password,
                             OldPassword="Wrong-Passw0rd!Long", NewPassword="An0ther-Passw0rd!Long")
            self.assertError("PasswordPolicyViolation", 400, me.change_password,
                             OldPassword=self.PW, NewPassword="short1!")
            # Reusing the current password is refused by PasswordReusePrevention.
            self.assertError("PasswordPolicyViolation", 400, me.change_password,
                             OldPassword=self.PW, NewPassword=self.PW)
        with aws_only("moto 5.2 answers ChangePassword signed by the user with a 500"):
            me.change_password(OldPassword=self.PW, NewPassword="An0ther-Passw0rd!Long")
        with aws_only("moto keeps PasswordResetRequired"):
            self.assertFalse(self.iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"])
        # Root is not an IAM user: AWS answers InvalidUserType.
        with aws_only("moto lets root call ChangePassword"):
            self.assertError("InvalidUserType", 400, self.iam.change_password,
                             OldPassword=self.PW, NewPassword="An0ther-Passw0rd!Long")

    def test_account_alias(self):
        for a in self.iam.list_account_aliases()["AccountAliases"]:
            self.iam.delete_account_alias(AccountAlias=a)
        with aws_only("moto accepts any account alias"):
            try:
                self.assertError("ValidationError", 400,
                                 client("iam", parameter_validation=False).create_account_alias,
                                 AccountAlias="Bad_Alias")
            finally:
                quiet(self.iam.delete_account_alias, AccountAlias="Bad_Alias")
        alias = uniq("e2e-alias")
        self.iam.create_account_alias(AccountAlias=alias)
        try:
            self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [alias])
        finally:
            self.iam.delete_account_alias(AccountAlias=alias)
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [])

    def test_account_summary(self):
        before = self.iam.get_account_summary()["SummaryMap"]
        for k in ("Users", "Groups", "Policies", "UsersQuota", "GroupsQuota", "PoliciesQuota",
                  "AccessKeysPerUserQuota", "PolicyVersionsInUseQuota", "AttachedPoliciesPerUserQuota"):
            self.assertIn(k, before)
        self.assertEqual((before["AccessKeysPerUserQuota"], before["UsersQuota"], before["GroupsQuota"]),
                         (2, 5000, 300))
        self.user()
        self.group()
        self.policy()
        after = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual((after["Users"], after["Groups"], after["Policies"]),
                         (before["Users"] + 1, before["Groups"] + 1, before["Policies"] + 1))

    def test_authorization_details(self):
        u = self.user(Path="/auth/")["UserName"]
        g = self.group()["GroupName"]
        p = self.policy()
        self.iam.add_user_to_group(GroupName=g, UserName=u)
        self.iam.attach_user_policy(UserName=u, PolicyArn=p["Arn"])
        self.iam.put_user_policy(UserName=u, PolicyName="inl", PolicyDocument=json.dumps(doc("s3:*")))
        self.iam.put_group_policy(GroupName=g, PolicyName="ginl", PolicyDocument=json.dumps(doc("sqs:*")))
        pag = self.iam.get_paginator("get_account_authorization_details")
        r = pag.paginate(Filter=["User", "Group", "LocalManagedPolicy"]).build_full_result()
        ud = [x for x in r["UserDetailList"] if x["UserName"] == u]
        self.assertEqual(len(ud), 1)
        ud = ud[0]
        self.assertEqual(ud["Arn"], f"arn:aws:iam::{self.acct}:user/auth/{u}")
        self.assertEqual(ud["GroupList"], [g])
        self.assertEqual([x["PolicyArn"] for x in ud["AttachedManagedPolicies"]], [p["Arn"]])
        self.assertEqual([(x["PolicyName"], x["PolicyDocument"]) for x in ud["UserPolicyList"]], [("inl", doc("s3:*"))])
        gd = [x for x in r["GroupDetailList"] if x["GroupName"] == g][0]
        self.assertEqual([(x["PolicyName"], x["PolicyDocument"]) for x in gd["GroupPolicyList"]],
                         [("ginl", doc("sqs:*"))])
        pd = [x for x in r["Policies"] if x["Arn"] == p["Arn"]]
        self.assertEqual(len(pd), 1)
        self.assertEqual(pd[0]["AttachmentCount"], 1)
        self.assertEqual([v["Document"] for v in pd[0]["PolicyVersionList"] if v["IsDefaultVersion"]], [doc()])
        with aws_only("moto omits PolicyName in ManagedPolicyDetail"):
            self.assertEqual(pd[0].get("PolicyName"), p["PolicyName"])
        r = self.iam.get_account_authorization_details(Filter=["User"])
        self.assertEqual((r["GroupDetailList"], r["Policies"]), ([], []))


class TestServiceLinkedRoles(Base):
    def test_batch_service_linked_role(self):
        """batch.amazonaws.com as AWS answered it (tests/conformance/aws-recorded/iam/test_iam.snapshot.json,
        TestIAMServiceRoles: test_service_role_lifecycle[batch.amazonaws.com],
        test_service_role_lifecycle_custom_suffix_not_allowed[batch.amazonaws.com],
        test_service_role_already_exists, test_service_role_deletion)."""
        svc = "batch.amazonaws.com"
        # moto creates the role it should refuse: removed again at the end.
        self.addCleanup(quiet, self.iam.delete_service_linked_role, RoleName="AWSServiceRoleForBatch_testsuffix")
        with aws_only("moto accepts any suffix"):
            e = self.assertError("InvalidInput", 400, self.iam.create_service_linked_role,
                                 AWSServiceName=svc, CustomSuffix="testsuffix")
            self.assertEqual(e.response["Error"]["Message"], f"Custom suffix is not allowed for {svc}")
        role = self.iam.create_service_linked_role(AWSServiceName=svc)["Role"]
        name = role["RoleName"]
        self.addCleanup(quiet, self.iam.delete_service_linked_role, RoleName=name)
        with aws_only("moto names the role after the service's lower-case prefix"):
            self.assertEqual(name, "AWSServiceRoleForBatch")
        got = self.iam.get_role(RoleName=name)["Role"]
        self.assertEqual(got["Path"], f"/aws-service-role/{svc}/")
        self.assertEqual(got["Arn"], f"arn:aws:iam::{self.acct}:role/aws-service-role/{svc}/{name}")
        with aws_only("moto writes the trust policy's Action and Service as lists"):
            self.assertEqual(got["AssumeRolePolicyDocument"], {
                "Version": "2012-10-17",
                "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": svc}}]})
        self.assertEqual(got["MaxSessionDuration"], 3600)
        with aws_only("moto gives service-linked roles a Description"):
            self.assertNotIn("Description", got)
        self.assertEqual(self.iam.list_role_policies(RoleName=name)["PolicyNames"], [])
        with aws_only("moto attaches no policy to a service-linked role"):
            self.assertEqual(self.iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"], [{
                "PolicyName": "BatchServiceRolePolicy",
                "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/BatchServiceRolePolicy"}])
        with aws_only("moto answers a second service-linked role differently"):
            e = self.assertError("InvalidInput", 400, self.iam.create_service_linked_role, AWSServiceName=svc)
            self.assertEqual(e.response["Error"]["Message"],
                             f"Service role name {name} has been taken in this account, "
                             "please try a different suffix.")
        task = self.iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"]
        with aws_only("moto's deletion task ids end in a random string"):
            self.assertRegex(task, rf"^task/aws-service-role/{re.escape(svc)}/{name}/"
                                   r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        status = self.iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
        self.assertEqual(status["Status"], "SUCCEEDED")
        self.assertError("NoSuchEntity", 404, self.iam.get_role, RoleName=name)



class TestChinaPartition(unittest.TestCase):
    """An account of partition aws-cn (`iamd serve --partition aws-cn`, a server of its own), reached as
    boto3 reaches AWS in China: region_name='cn-north-1'. Its ARNs are arn:aws-cn:..., its AWS-managed
    policies arn:aws-cn:iam::aws:policy/..., and its keys are refused when signed for another partition's
    region (InvalidClientTokenId, 403). moto is started without the option: it derives the partition from
    the client's region, so only the refusal is iamd's."""

    @classmethod
    def setUpClass(cls):
        cls.server = e2e_server.Server(extra_args=["--partition", "aws-cn"]).start()
        cls.key = e2e_server.read_credentials(cls.server.credentials_file)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, service, region="cn-north-1", key=None):
        key = key or self.key
        return boto3.client(service, region_name=region, endpoint_url=self.server.endpoint,
                            aws_access_key_id=key[0], aws_secret_access_key=key[1],
                            aws_session_token=key[2] if len(key) > 2 else None,
                            config=Config(retries={"max_attempts": 1}))

    def test_arns_are_aws_cn(self):
        sts, iam = self.client("sts"), self.client("iam")
        me = sts.get_caller_identity()
        acct = me["Account"]
        with aws_only("moto's open identity is a user named moto, with an sts ARN"):
            self.assertEqual(me["Arn"], f"arn:aws-cn:iam::{acct}:root")
        name = uniq("cn")
        user = iam.create_user(UserName=name)["User"]
        self.addCleanup(delete_user_fully, iam, name)
        self.assertEqual(user["Arn"], f"arn:aws-cn:iam::{acct}:user/{name}")
        managed = "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"
        iam.attach_user_policy(UserName=name, PolicyArn=managed)
        attached = iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]
        self.assertEqual([p["PolicyArn"] for p in attached], [managed])
        policy = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(doc()))["Policy"]
        self.addCleanup(delete_policy_fully, iam, policy["Arn"])
        self.assertEqual(policy["Arn"], f"arn:aws-cn:iam::{acct}:policy/{name}")
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                         "Principal": {"AWS": f"arn:aws-cn:iam::{acct}:user/{name}"}}]}
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
        self.addCleanup(iam.delete_role, RoleName=name)
        self.assertEqual(role["Arn"], f"arn:aws-cn:iam::{acct}:role/{name}")
        iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=json.dumps(
            doc("sts:AssumeRole", role["Arn"])))
        k = iam.create_access_key(UserName=name)["AccessKey"]
        user_sts = self.client("sts", key=(k["AccessKeyId"], k["SecretAccessKey"]))
        assumed = user_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"], f"arn:aws-cn:sts::{acct}:assumed-role/{name}/s1")

    def test_keys_are_refused_in_another_partitions_region(self):
        with aws_only("moto accepts any region"):
            with self.assertRaises(ClientError) as cm:
                self.client("sts", region="us-east-1").get_caller_identity()
            err = cm.exception.response
            self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                             ("InvalidClientTokenId", 403))
            self.assertEqual(err["Error"]["Message"], "The security token included in the request is invalid.")
            with self.assertRaises(ClientError) as cm:
                self.client("iam", region="us-gov-west-1").list_users()
            self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidClientTokenId")
        self.client("iam", region="cn-northwest-1").list_users()


if __name__ == "__main__":
    unittest.main(verbosity=2)
