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


def _code(e):
    return e.response["Error"]["Code"]


def test_resource_control_policies():
    """Issue #11: RESOURCE_CONTROL_POLICY through boto3, and an RCP of the role's account
    denying a cross-account AssumeRole that trust and identity policies allow, until detached
    (Organizations User Guide: orgs_manage_policies_rcps, orgs_manage_policies_rcps_syntax)."""
    orgs = client("organizations")
    management = client("sts").get_caller_identity()["Account"]
    try:
        orgs.create_organization(FeatureSet="ALL")
    except ClientError as e:
        assert _code(e) == "AlreadyInOrganizationException"
    root = orgs.list_roots()["Roots"][0]["Id"]
    name = uniq("rcp")
    member = orgs.create_account(Email=f"{name}@example.com", AccountName=name)[
        "CreateAccountStatus"]["AccountId"]

    root_iam = client("iam")
    admin_name = uniq("rcp-admin")
    root_iam.create_user(UserName=admin_name)
    root_iam.attach_user_policy(UserName=admin_name,
                                PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    ak = root_iam.create_access_key(UserName=admin_name)["AccessKey"]
    admin_sts = client("sts", (ak["AccessKeyId"], ak["SecretAccessKey"]))
    access_role = f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole"
    key = creds_of(admin_sts.assume_role(RoleArn=access_role, RoleSessionName="admin"))
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
             f'"arn:aws:iam::{management}:root"}},"Action":"sts:AssumeRole"}}]}}')
    shared = client("iam", key).create_role(
        RoleName="shared", AssumeRolePolicyDocument=trust)["Role"]["Arn"]

    try:
        enabled = orgs.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")
        types = {t["Type"]: t["Status"] for t in enabled["Root"]["PolicyTypes"]}
        assert types["RESOURCE_CONTROL_POLICY"] == "ENABLED", enabled
    except ClientError as e:
        assert _code(e) == "PolicyTypeAlreadyEnabledException", e.response
    attached = orgs.list_policies_for_target(TargetId=member, Filter="RESOURCE_CONTROL_POLICY")
    assert [p["Id"] for p in attached["Policies"]] == ["p-RCPFullAWSAccess"], attached
    full = orgs.describe_policy(PolicyId="p-RCPFullAWSAccess")["Policy"]["PolicySummary"]
    assert full["Arn"] == ("arn:aws:organizations::aws:policy/resource_control_policy/"
                           "p-RCPFullAWSAccess")
    assert full["AwsManaged"] is True
    admin_sts.assume_role(RoleArn=shared, RoleSessionName="before")

    # The grammar: customer RCPs only deny.
    try:
        orgs.create_policy(
            Name=uniq("bad-rcp"), Description="", Type="RESOURCE_CONTROL_POLICY",
            Content='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
                    '"Action":"sts:*","Resource":"*"}]}')
        raise AssertionError("an RCP that allows was created")
    except ClientError as e:
        assert _code(e) == "MalformedPolicyDocumentException", e.response

    deny = orgs.create_policy(
        Name=uniq("no-assume"), Description="deny AssumeRole of one role",
        Type="RESOURCE_CONTROL_POLICY",
        Content='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
                f'"Action":"sts:AssumeRole","Resource":"{shared}"}}]}}')["Policy"]["PolicySummary"]
    assert deny["Type"] == "RESOURCE_CONTROL_POLICY"
    orgs.attach_policy(PolicyId=deny["Id"], TargetId=member)
    try:
        admin_sts.assume_role(RoleArn=shared, RoleSessionName="during")
        raise AssertionError("the RCP did not deny AssumeRole")
    except ClientError as e:
        assert _code(e) == "AccessDenied", e.response
        assert "with an explicit deny in a resource control policy" in e.response["Error"]["Message"]
    # Other roles of the account are not named by the RCP.
    admin_sts.assume_role(RoleArn=access_role, RoleSessionName="other")
    # RCPFullAWSAccess stays attached.
    try:
        orgs.detach_policy(PolicyId="p-RCPFullAWSAccess", TargetId=member)
        raise AssertionError("RCPFullAWSAccess was detached")
    except ClientError as e:
        assert _code(e) == "ConstraintViolationException", e.response

    orgs.detach_policy(PolicyId=deny["Id"], TargetId=member)
    admin_sts.assume_role(RoleArn=shared, RoleSessionName="after")
    orgs.delete_policy(PolicyId=deny["Id"])


if __name__ == "__main__":
    setup_module()
    try:
        test_create_account_and_work_in_it()
        test_resource_control_policies()
        print("2 passed")
    finally:
        teardown_module()
