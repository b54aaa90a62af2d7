"""AWS Organizations smoke test with boto3 (pytest style).

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`) when both are set, else one
is started with e2e_server (iamd from IAMD_BIN). The credentials are the management account's root.
Re-runnable against the same server: an existing organization of the caller is reused.

    python3 -m pytest tests/e2e/test_organizations.py
"""
import configparser
import os
import sys
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_server  # noqa: E402


@pytest.fixture(scope="module")
def server():
    if os.environ.get("E2E_ENDPOINT") and os.environ.get("AWS_SHARED_CREDENTIALS_FILE"):
        endpoint, creds, started = os.environ["E2E_ENDPOINT"], os.environ["AWS_SHARED_CREDENTIALS_FILE"], None
    else:
        started = e2e_server.Server().start()
        endpoint, creds = started.endpoint, started.credentials_file
    c = configparser.RawConfigParser()
    c.read(creds)
    key = (c.get("default", "aws_access_key_id"), c.get("default", "aws_secret_access_key"), None)
    yield endpoint, key
    if started:
        started.cleanup()


def client(server, service, key=None):
    endpoint, root = server
    key = key or root
    return boto3.client(
        service, region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id=key[0], aws_secret_access_key=key[1], aws_session_token=key[2],
        config=Config(retries={"max_attempts": 1}))


def test_create_account_and_work_in_it(server):
    orgs = client(server, "organizations")
    sts = client(server, "sts")
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

    name = f"dev-{uuid.uuid4().hex[:8]}"
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

    # The management account assumes OrganizationAccountAccessRole in the new account.
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
        RoleSessionName="admin")["Credentials"]
    key = (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    assert client(server, "sts", key).get_caller_identity()["Account"] == member
    iam = client(server, "iam", key)
    user = iam.create_user(UserName="alice")["User"]
    assert user["Arn"] == f"arn:aws:iam::{member}:user/alice"

    # The member account cannot manage the organization.
    with pytest.raises(ClientError) as e:
        client(server, "organizations", key).list_accounts()
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
