"""AWS Organizations smoke test with boto3 (pytest style).

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`) when both are set, else one
is started with e2e_server (iamd from IAMD_BIN). The credentials are the management account's root.
Re-runnable against the same server: an existing organization of the caller is reused.

    python3 -m pytest tests/e2e/test_organizations.py     (or: python3 tests/e2e/test_organizations.py)
"""
import os
import sys

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import SuiteServer, creds_of, uniq  # noqa: E402

SERVER = SuiteServer()
client = SERVER.client


def setup_module(_module=None):
    SERVER.open()


def teardown_module(_module=None):
    SERVER.close()


def test_create_account_and_work_in_it():
    orgs = client("organizations")
    sts = client("sts")
    management = sts.get_caller_identity()["Account"]

    try:
        org = orgs.create_organization(FeatureSet="ALL")["Organization"]
    except ClientError as e:
        assert e.response["Error"]["Code"] == "AlreadyInOrganizationException"
        org = orgs.describe_organization()["Organization"]
    assert org["MasterAccountId"] == management
    assert org["Id"].startswith("o-")
    roots = orgs.list_roots()["Roots"]
    assert roots[0]["Id"].startswith("r-")

    name = uniq("dev")
    status = orgs.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
    assert status["State"] == "SUCCEEDED", status
    assert status["Id"].startswith("car-")
    member = status["AccountId"]
    assert len(member) == 12
    # botocore parsed the epoch-seconds timestamp into a datetime.
    assert status["RequestedTimestamp"].year >= 2024

    described = orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])
    assert described["CreateAccountStatus"]["AccountId"] == member
    accounts = orgs.get_paginator("list_accounts").paginate().build_full_result()["Accounts"]
    ids = {a["Id"] for a in accounts}
    assert {management, member} <= ids
    assert orgs.describe_account(AccountId=member)["Account"]["Name"] == name

    # AWS refuses AssumeRole by a root user; an administrator of the management account may.
    try:
        sts.assume_role(RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
                        RoleSessionName="admin")
        raise AssertionError("a root user assumed a role")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "AccessDenied", e.response
        assert "Roles may not be assumed by root accounts." in e.response["Error"]["Message"]
    root_iam = client("iam")
    admin_name = uniq("org-admin")
    root_iam.create_user(UserName=admin_name)
    root_iam.attach_user_policy(UserName=admin_name,
                                PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    ak = root_iam.create_access_key(UserName=admin_name)["AccessKey"]
    sts = client("sts", (ak["AccessKeyId"], ak["SecretAccessKey"]))

    # The management account's administrator assumes OrganizationAccountAccessRole.
    key = creds_of(sts.assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="admin"))
    assert client("sts", key).get_caller_identity()["Account"] == member
    iam = client("iam", key)
    user = iam.create_user(UserName="alice")["User"]
    assert user["Arn"] == f"arn:aws:iam::{member}:user/alice"

    # The member account cannot manage the organization.
    try:
        client("organizations", key).list_accounts()
        raise AssertionError("a member account listed the organization's accounts")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "AccessDeniedException", e.response


if __name__ == "__main__":
    setup_module()
    try:
        test_create_account_and_work_in_it()
        print("1 passed")
    finally:
        teardown_module()
