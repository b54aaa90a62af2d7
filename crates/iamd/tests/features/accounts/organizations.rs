//! AWS Organizations over the JSON 1.1 protocol, driven through `handle` with signed requests:
//! the organization, CreateAccount (OrganizationAccountAccessRole assumable from the management
//! account), the OU tree, SCP enforcement on member accounts only, and who may call.
use crate::support;
use iam_core::Iam;
use iam_server::{ServerConfig, handle};
use serde_json::{Value, json};
use std::sync::Arc;
use support::*;

impl Harness {
    /// An Organizations call; returns the status and the parsed JSON body.
    pub(crate) async fn org(&self, creds: &Creds, action: &str, body: Value) -> (u16, Value) {
        let target = format!("AWSOrganizationsV20161128.{action}");
        let body = body.to_string();
        let req = signed_request(
            creds,
            "organizations",
            body.as_bytes(),
            &[
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", &target),
            ],
        );
        let r = self.send(req).await;
        assert_eq!(r.content_type, "application/x-amz-json-1.1");
        let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body));
        (r.status, v)
    }

    pub(crate) async fn org_ok(&self, creds: &Creds, action: &str, body: Value) -> Value {
        let (status, v) = self.org(creds, action, body).await;
        assert_eq!(status, 200, "{action}: {v}");
        v
    }

    pub(crate) async fn org_err(
        &self,
        creds: &Creds,
        action: &str,
        body: Value,
    ) -> (String, String) {
        let (status, v) = self.org(creds, action, body).await;
        assert_eq!(status, 400, "{action}: {v}");
        (
            v["__type"].as_str().unwrap_or_default().to_string(),
            v["message"].as_str().unwrap_or_default().to_string(),
        )
    }

    /// An IAM user of the management account with AdministratorAccess: AWS refuses AssumeRole
    /// by a root user ("Roles may not be assumed by root accounts.").
    pub(crate) async fn admin_user(&self) -> Creds {
        let name = format!("org-admin-{}", uuid_like());
        let creds = self.user_with_key(&name).await;
        self.ok(&[
            ("Action", "AttachUserPolicy"),
            ("UserName", &name),
            ("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"),
        ])
        .await;
        creds
    }

    pub(crate) async fn assume(&self, creds: &Creds, role_arn: &str) -> Creds {
        let admin;
        let creds = if creds.key == self.root.key {
            admin = self.admin_user().await;
            &admin
        } else {
            creds
        };
        let r = self
            .sts(
                Some(creds),
                &[
                    ("Action", "AssumeRole"),
                    ("RoleSessionName", "admin"),
                    ("RoleArn", role_arn),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        Creds::from_session(&r.body)
    }

    /// Creates the organization and one member account; returns the member account ID.
    pub(crate) async fn org_with_member(&self) -> String {
        self.org_ok(
            &self.root,
            "CreateOrganization",
            json!({"FeatureSet": "ALL"}),
        )
        .await;
        let v = self
            .org_ok(
                &self.root,
                "CreateAccount",
                json!({"Email": "dev@example.com", "AccountName": "dev"}),
            )
            .await;
        v["CreateAccountStatus"]["AccountId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub(crate) async fn root_id(&self) -> String {
        let v = self.org_ok(&self.root, "ListRoots", json!({})).await;
        v["Roots"][0]["Id"].as_str().unwrap().to_string()
    }
}

pub(crate) fn role_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/OrganizationAccountAccessRole")
}

#[tokio::test]
async fn create_organization_and_account_then_work_in_it() {
    let h = harness().await;
    let (code, _) = h.org_err(&h.root, "DescribeOrganization", json!({})).await;
    assert_eq!(code, "AWSOrganizationsNotInUseException");

    let v = h
        .org_ok(&h.root, "CreateOrganization", json!({"FeatureSet": "ALL"}))
        .await;
    let org = &v["Organization"];
    assert!(org["Id"].as_str().unwrap().starts_with("o-"));
    assert_eq!(org["MasterAccountId"], h.account.as_str());
    assert_eq!(org["FeatureSet"], "ALL");
    let (code, _) = h.org_err(&h.root, "CreateOrganization", json!({})).await;
    assert_eq!(code, "AlreadyInOrganizationException");
    assert!(h.root_id().await.starts_with("r-"));
    let v = h
        .org_ok(
            &h.root,
            "ListPolicies",
            json!({"Filter": "SERVICE_CONTROL_POLICY"}),
        )
        .await;
    assert_eq!(v["Policies"][0]["Id"], "p-FullAWSAccess");
    assert_eq!(v["Policies"][0]["AwsManaged"], true);

    let v = h
        .org_ok(
            &h.root,
            "CreateAccount",
            json!({"Email": "dev@example.com", "AccountName": "dev", "Tags": [{"Key": "team", "Value": "a"}]}),
        )
        .await;
    let status = &v["CreateAccountStatus"];
    assert_eq!(status["State"], "SUCCEEDED");
    assert!(status["Id"].as_str().unwrap().starts_with("car-"));
    assert!(status["RequestedTimestamp"].is_number());
    let member = status["AccountId"].as_str().unwrap().to_string();
    assert_eq!(member.len(), 12);
    let v = h
        .org_ok(
            &h.root,
            "DescribeCreateAccountStatus",
            json!({"CreateAccountRequestId": status["Id"]}),
        )
        .await;
    assert_eq!(v["CreateAccountStatus"]["AccountId"], member.as_str());
    // The same email again fails the way AWS reports it.
    let v = h
        .org_ok(
            &h.root,
            "CreateAccount",
            json!({"Email": "dev@example.com", "AccountName": "dup"}),
        )
        .await;
    assert_eq!(v["CreateAccountStatus"]["State"], "FAILED");
    assert_eq!(
        v["CreateAccountStatus"]["FailureReason"],
        "EMAIL_ALREADY_EXISTS"
    );

    let v = h.org_ok(&h.root, "ListAccounts", json!({})).await;
    let ids: Vec<&str> = v["Accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["Id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&member.as_str()) && ids.contains(&h.account.as_str()));
    let v = h
        .org_ok(&h.root, "DescribeAccount", json!({"AccountId": member}))
        .await;
    assert_eq!(v["Account"]["JoinedMethod"], "CREATED");
    assert_eq!(v["Account"]["Email"], "dev@example.com");
    let v = h
        .org_ok(
            &h.root,
            "ListTagsForResource",
            json!({"ResourceId": member}),
        )
        .await;
    assert_eq!(v["Tags"], json!([{"Key": "team", "Value": "a"}]));
    let (code, _) = h
        .org_err(
            &h.root,
            "DescribeAccount",
            json!({"AccountId": "000000000000"}),
        )
        .await;
    assert_eq!(code, "AccountNotFoundException");

    // The management account's root assumes OrganizationAccountAccessRole in the new account.
    let session = h.assume(&h.root, &role_arn(&member)).await;
    let r = h
        .query(
            &session,
            "sts",
            "Action=GetCallerIdentity&Version=2011-06-15",
        )
        .await;
    assert_eq!(tag(&r.body, "Account"), member);
    let r = h
        .query(
            &session,
            "iam",
            "Action=GetRole&Version=2010-05-08&RoleName=OrganizationAccountAccessRole",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains(&format!("arn%3Aaws%3Aiam%3A%3A{}%3Aroot", h.account))
    );
    let r = h
        .query(
            &session,
            "iam",
            "Action=ListAttachedRolePolicies&Version=2010-05-08&RoleName=OrganizationAccountAccessRole",
        )
        .await;
    assert!(
        r.body
            .contains("arn:aws:iam::aws:policy/AdministratorAccess"),
        "{}",
        r.body
    );
    let r = h
        .query(
            &session,
            "iam",
            "Action=CreateUser&Version=2010-05-08&UserName=alice",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains(&format!("arn:aws:iam::{member}:user/alice"))
    );
    // The user lives in the member account, not in the management account.
    let r = h
        .query(
            &h.root,
            "iam",
            "Action=GetUser&Version=2010-05-08&UserName=alice",
        )
        .await;
    assert_eq!(r.status, 404);

    // Member accounts remain; the organization cannot be deleted.
    let (code, _) = h.org_err(&h.root, "DeleteOrganization", json!({})).await;
    assert_eq!(code, "OrganizationNotEmptyException");
}

#[tokio::test]
async fn ou_tree_and_move_account() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let root = h.root_id().await;
    let v = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Workloads"}),
        )
        .await;
    let workloads = v["OrganizationalUnit"]["Id"].as_str().unwrap().to_string();
    assert!(workloads.starts_with(&format!("ou-{}-", &root[2..])));
    let v = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": workloads, "Name": "Prod"}),
        )
        .await;
    let prod = v["OrganizationalUnit"]["Id"].as_str().unwrap().to_string();
    let (code, _) = h
        .org_err(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Workloads"}),
        )
        .await;
    assert_eq!(code, "DuplicateOrganizationalUnitException");
    let (code, _) = h
        .org_err(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": "ou-zzzz-zzzzzzzz", "Name": "X"}),
        )
        .await;
    assert_eq!(code, "ParentNotFoundException");

    let v = h
        .org_ok(
            &h.root,
            "ListOrganizationalUnitsForParent",
            json!({"ParentId": root}),
        )
        .await;
    assert_eq!(v["OrganizationalUnits"].as_array().unwrap().len(), 1);
    assert_eq!(v["OrganizationalUnits"][0]["Name"], "Workloads");

    let (code, _) = h
        .org_err(
            &h.root,
            "MoveAccount",
            json!({"AccountId": member, "SourceParentId": workloads, "DestinationParentId": prod}),
        )
        .await;
    assert_eq!(code, "AccountNotFoundException");
    h.org_ok(
        &h.root,
        "MoveAccount",
        json!({"AccountId": member, "SourceParentId": root, "DestinationParentId": prod}),
    )
    .await;
    let v = h
        .org_ok(&h.root, "ListParents", json!({"ChildId": member}))
        .await;
    assert_eq!(
        v["Parents"],
        json!([{"Id": prod, "Type": "ORGANIZATIONAL_UNIT"}])
    );
    let v = h
        .org_ok(&h.root, "ListParents", json!({"ChildId": workloads}))
        .await;
    assert_eq!(v["Parents"], json!([{"Id": root, "Type": "ROOT"}]));
    let v = h
        .org_ok(
            &h.root,
            "ListChildren",
            json!({"ParentId": prod, "ChildType": "ACCOUNT"}),
        )
        .await;
    assert_eq!(v["Children"], json!([{"Id": member, "Type": "ACCOUNT"}]));
    let v = h
        .org_ok(
            &h.root,
            "ListChildren",
            json!({"ParentId": workloads, "ChildType": "ORGANIZATIONAL_UNIT"}),
        )
        .await;
    assert_eq!(v["Children"][0]["Id"], prod.as_str());
    let v = h
        .org_ok(&h.root, "ListAccountsForParent", json!({"ParentId": root}))
        .await;
    assert_eq!(
        v["Accounts"].as_array().unwrap().len(),
        1,
        "only the management account"
    );

    let (code, _) = h
        .org_err(
            &h.root,
            "DeleteOrganizationalUnit",
            json!({"OrganizationalUnitId": prod}),
        )
        .await;
    assert_eq!(code, "OrganizationalUnitNotEmptyException");
    h.org_ok(
        &h.root,
        "MoveAccount",
        json!({"AccountId": member, "SourceParentId": prod, "DestinationParentId": root}),
    )
    .await;
    h.org_ok(
        &h.root,
        "DeleteOrganizationalUnit",
        json!({"OrganizationalUnitId": prod}),
    )
    .await;
    let (code, _) = h
        .org_err(
            &h.root,
            "DescribeOrganizationalUnit",
            json!({"OrganizationalUnitId": prod}),
        )
        .await;
    assert_eq!(code, "OrganizationalUnitNotFoundException");
}

const DENY_CREATE_USER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#;

#[tokio::test]
async fn scps_restrict_member_accounts_only() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let root = h.root_id().await;
    let v = h
        .org_ok(
            &h.root,
            "CreatePolicy",
            json!({"Name": "NoUsers", "Description": "d", "Type": "SERVICE_CONTROL_POLICY", "Content": DENY_CREATE_USER}),
        )
        .await;
    let deny = v["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(deny.starts_with("p-"));
    let (code, _) = h
        .org_err(
            &h.root,
            "CreatePolicy",
            json!({"Name": "Bad", "Description": "d", "Type": "SERVICE_CONTROL_POLICY", "Content": "{\"Version\":\"2012-10-17\"}"}),
        )
        .await;
    assert_eq!(code, "MalformedPolicyDocumentException");
    // SCPs must be enabled before any can be attached.
    let (code, _) = h
        .org_err(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": deny, "TargetId": member}),
        )
        .await;
    assert_eq!(code, "PolicyTypeNotEnabledException");
    let v = h
        .org_ok(
            &h.root,
            "EnablePolicyType",
            json!({"RootId": root, "PolicyType": "SERVICE_CONTROL_POLICY"}),
        )
        .await;
    assert_eq!(v["Root"]["PolicyTypes"][0]["Status"], "ENABLED");
    // FullAWSAccess is now attached everywhere.
    let v = h
        .org_ok(
            &h.root,
            "ListPoliciesForTarget",
            json!({"TargetId": member, "Filter": "SERVICE_CONTROL_POLICY"}),
        )
        .await;
    assert_eq!(v["Policies"][0]["Id"], "p-FullAWSAccess");

    let session = h.assume(&h.root, &role_arn(&member)).await;
    let create = |name: &str| format!("Action=CreateUser&Version=2010-05-08&UserName={name}");
    let r = h.query(&session, "iam", &create("before")).await;
    assert_eq!(r.status, 200, "{}", r.body);

    h.org_ok(
        &h.root,
        "AttachPolicy",
        json!({"PolicyId": deny, "TargetId": member}),
    )
    .await;
    let (code, _) = h
        .org_err(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": deny, "TargetId": member}),
        )
        .await;
    assert_eq!(code, "DuplicatePolicyAttachmentException");
    let v = h
        .org_ok(&h.root, "ListTargetsForPolicy", json!({"PolicyId": deny}))
        .await;
    assert_eq!(v["Targets"][0]["TargetId"], member.as_str());
    assert_eq!(v["Targets"][0]["Type"], "ACCOUNT");

    let r = h.query(&session, "iam", &create("after")).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body
            .contains("with an explicit deny in a service control policy"),
        "{}",
        r.body
    );
    // Other actions still pass.
    let r = h
        .query(&session, "iam", "Action=ListUsers&Version=2010-05-08")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // SCPs never restrict the management account, even when attached to the root.
    let r = h.query(&h.root, "iam", &create("mgmt1")).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Inheritance: the deny moves to an OU and still applies to the account inside it.
    h.org_ok(
        &h.root,
        "DetachPolicy",
        json!({"PolicyId": deny, "TargetId": member}),
    )
    .await;
    let r = h.query(&session, "iam", &create("detached")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Sandbox"}),
        )
        .await;
    let ou = v["OrganizationalUnit"]["Id"].as_str().unwrap().to_string();
    h.org_ok(
        &h.root,
        "AttachPolicy",
        json!({"PolicyId": deny, "TargetId": ou}),
    )
    .await;
    h.org_ok(
        &h.root,
        "MoveAccount",
        json!({"AccountId": member, "SourceParentId": root, "DestinationParentId": ou}),
    )
    .await;
    let r = h.query(&session, "iam", &create("in-ou")).await;
    assert!(
        r.status == 403 && r.body.contains("explicit deny in a service control policy"),
        "{}",
        r.body
    );
    let (code, _) = h
        .org_err(&h.root, "DeletePolicy", json!({"PolicyId": deny}))
        .await;
    assert_eq!(code, "PolicyInUseException");

    // A level whose SCPs allow nothing for the action: "no service control policy allows".
    let v = h
        .org_ok(
            &h.root,
            "CreatePolicy",
            json!({"Name": "ReadOnly", "Description": "", "Type": "SERVICE_CONTROL_POLICY",
                   "Content": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]}"#}),
        )
        .await;
    let read_only = v["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    h.org_ok(
        &h.root,
        "AttachPolicy",
        json!({"PolicyId": read_only, "TargetId": member}),
    )
    .await;
    h.org_ok(
        &h.root,
        "DetachPolicy",
        json!({"PolicyId": "p-FullAWSAccess", "TargetId": member}),
    )
    .await;
    let (code, _) = h
        .org_err(
            &h.root,
            "DetachPolicy",
            json!({"PolicyId": read_only, "TargetId": member}),
        )
        .await;
    assert_eq!(code, "ConstraintViolationException", "the last SCP stays");
    h.org_ok(
        &h.root,
        "DetachPolicy",
        json!({"PolicyId": deny, "TargetId": ou}),
    )
    .await;
    let r = h.query(&session, "iam", &create("readonly")).await;
    assert!(
        r.status == 403
            && r.body
                .contains("because no service control policy allows the iam:CreateUser action"),
        "{}",
        r.body
    );

    // SCPs survive a restart: the working set is rebuilt from the records.
    let reopened = Arc::new(Iam::open(h.store.clone(), h.master.clone()).unwrap());
    let r = handle(
        &reopened,
        &ServerConfig::default(),
        signed_request(
            &session,
            "iam",
            create("after-restart").as_bytes(),
            &[("content-type", "application/x-www-form-urlencoded")],
        ),
    )
    .await;
    assert!(
        r.status == 403 && r.body.contains("no service control policy allows"),
        "{}",
        r.body
    );

    // Disabling SCPs detaches them all and lifts the restriction.
    h.org_ok(
        &h.root,
        "DisablePolicyType",
        json!({"RootId": root, "PolicyType": "SERVICE_CONTROL_POLICY"}),
    )
    .await;
    let r = h.query(&session, "iam", &create("disabled")).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn only_the_management_account_may_call() {
    let h = harness().await;
    let member = h.org_with_member().await;
    // A role session in the member account.
    let session = h.assume(&h.root, &role_arn(&member)).await;
    let (code, message) = h.org_err(&session, "ListAccounts", json!({})).await;
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(
        message,
        "You don't have permissions to access this resource."
    );
    let (code, _) = h
        .org_err(
            &session,
            "CreateAccount",
            json!({"Email": "x@example.com", "AccountName": "x"}),
        )
        .await;
    assert_eq!(code, "AccessDeniedException");
    // Members may describe their organization, as in AWS.
    let v = h.org_ok(&session, "DescribeOrganization", json!({})).await;
    assert_eq!(v["Organization"]["MasterAccountId"], h.account.as_str());

    // An account outside any organization.
    let outsider = h.iam.create_account("444455556666").await.unwrap().unwrap();
    let outsider = Creds {
        key: outsider.access_key_id,
        secret: outsider.secret_access_key.expose().to_string(),
        token: None,
    };
    let (code, _) = h.org_err(&outsider, "ListAccounts", json!({})).await;
    assert_eq!(code, "AWSOrganizationsNotInUseException");

    // An IAM user of the management account needs organizations:<Action>.
    let r = h
        .query(
            &h.root,
            "iam",
            "Action=CreateUser&Version=2010-05-08&UserName=ops",
        )
        .await;
    assert_eq!(r.status, 200);
    let r = h
        .query(
            &h.root,
            "iam",
            "Action=CreateAccessKey&Version=2010-05-08&UserName=ops",
        )
        .await;
    let ops = Creds {
        key: tag(&r.body, "AccessKeyId"),
        secret: tag(&r.body, "SecretAccessKey"),
        token: None,
    };
    let (code, message) = h.org_err(&ops, "ListAccounts", json!({})).await;
    assert_eq!(code, "AccessDeniedException");
    assert!(
        message.contains("is not authorized to perform: organizations:ListAccounts"),
        "{message}"
    );
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:List*","Resource":"*"}]}"#;
    let r = h
        .query(
            &h.root,
            "iam",
            &format!(
                "Action=PutUserPolicy&Version=2010-05-08&UserName=ops&PolicyName=orgs&PolicyDocument={}",
                policy
                    .replace('%', "%25")
                    .replace('"', "%22")
                    .replace('{', "%7B")
                    .replace('}', "%7D")
                    .replace(':', "%3A")
                    .replace('*', "%2A")
                    .replace('[', "%5B")
                    .replace(']', "%5D")
                    .replace(',', "%2C")
            ),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = h.org_ok(&ops, "ListAccounts", json!({})).await;
    assert_eq!(v["Accounts"].as_array().unwrap().len(), 2);
    let (code, _) = h
        .org_err(&ops, "DescribeAccount", json!({"AccountId": member}))
        .await;
    assert_eq!(code, "AccessDeniedException");
}

#[tokio::test]
async fn protocol_errors_are_json() {
    let h = harness().await;
    let (code, _) = h
        .org_err(&h.root, "FrobnicateOrganization", json!({}))
        .await;
    assert_eq!(code, "UnknownOperationException");
    let req = signed_request(
        &h.root,
        "organizations",
        b"{not json",
        &[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "AWSOrganizationsV20161128.ListRoots"),
        ],
    );
    let r = h.send(req).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("SerializationException"), "{}", r.body);
    let bad = Creds {
        secret: "wrong".into(),
        ..h.root.clone()
    };
    let (status, v) = h.org(&bad, "ListRoots", json!({})).await;
    assert!(status >= 400 && v["__type"].is_string(), "{v}");
    // Deleting an organization with no members works, and the account is free again.
    h.org_ok(&h.root, "CreateOrganization", json!({})).await;
    h.org_ok(&h.root, "DeleteOrganization", json!({})).await;
    let (code, _) = h.org_err(&h.root, "ListRoots", json!({})).await;
    assert_eq!(code, "AWSOrganizationsNotInUseException");
}

/// Bodies are checked against the Organizations model before authorization and dispatch, with
/// the InvalidInputException reasons AWS documents (and the pattern text AWS sends).
#[tokio::test]
async fn bodies_are_checked_against_the_organizations_model() {
    let h = harness().await;
    h.org_with_member().await;
    let cases = [
        (
            "DescribeAccount",
            json!({"AccountId": "not-an-account"}),
            "InvalidInputException",
            "You provided a value that does not match the required pattern.",
        ),
        (
            "DescribeAccount",
            json!({}),
            "InvalidInputException",
            "You must include a value for all required parameters.",
        ),
        (
            "CreateOrganizationalUnit",
            json!({"ParentId": "r-abcd", "Name": "x".repeat(129)}),
            "InvalidInputException",
            "You provided a string parameter that is longer than allowed.",
        ),
        (
            "ListAccounts",
            json!({"MaxResults": 0}),
            "InvalidInputException",
            "You provided a numeric parameter that has a smaller value than allowed.",
        ),
        (
            "ListAccounts",
            json!({"MaxResults": "5"}),
            "SerializationException",
            "A member of the request body has the wrong JSON type.",
        ),
        (
            "CreateOrganization",
            json!({"FeatureSet": "SOME"}),
            "InvalidInputException",
            "You specified an invalid value.",
        ),
        (
            "UntagResource",
            json!({"ResourceId": "r-abcd", "TagKeys": ["ok", ""]}),
            "InvalidInputException",
            "You provided a list to a parameter that contains at least one invalid value.",
        ),
    ];
    for (action, body, code, message) in cases {
        let (got_code, got_message) = h.org_err(&h.root, action, body.clone()).await;
        assert_eq!(
            (got_code.as_str(), got_message.as_str()),
            (code, message),
            "{action} {body}"
        );
    }
    // A member the model does not have is ignored, as AWS ignores it.
    h.org_ok(&h.root, "ListAccounts", json!({"Frobnicate": true}))
        .await;
}

pub(crate) fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}", N.fetch_add(1, Ordering::Relaxed))
}

#[tokio::test]
async fn root_cannot_assume_roles() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let r = h
        .query(
            &h.root,
            "sts",
            &format!(
                "Action=AssumeRole&Version=2011-06-15&RoleSessionName=admin&RoleArn={}",
                role_arn(&member).replace(':', "%3A").replace('/', "%2F")
            ),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body
            .contains("Roles may not be assumed by root accounts."),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn service_access_and_accounts_leaving() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let principal = "sso.amazonaws.com";
    h.org_ok(
        &h.root,
        "EnableAWSServiceAccess",
        json!({"ServicePrincipal": principal}),
    )
    .await;
    let v = h
        .org_ok(&h.root, "ListAWSServiceAccessForOrganization", json!({}))
        .await;
    assert_eq!(
        v["EnabledServicePrincipals"][0]["ServicePrincipal"], principal,
        "{v}"
    );
    assert!(
        v["EnabledServicePrincipals"][0]["DateEnabled"].is_number(),
        "{v}"
    );
    h.org_ok(
        &h.root,
        "DisableAWSServiceAccess",
        json!({"ServicePrincipal": principal}),
    )
    .await;
    let v = h
        .org_ok(&h.root, "ListAWSServiceAccessForOrganization", json!({}))
        .await;
    assert_eq!(v["EnabledServicePrincipals"], json!([]), "{v}");

    // The management account cannot leave; a member can, and is then unknown to the org.
    let (code, _) = h
        .org_err(
            &h.root,
            "RemoveAccountFromOrganization",
            json!({"AccountId": h.account}),
        )
        .await;
    assert_eq!(code, "ConstraintViolationException");
    h.org_ok(
        &h.root,
        "RemoveAccountFromOrganization",
        json!({"AccountId": member}),
    )
    .await;
    let (code, _) = h
        .org_err(&h.root, "DescribeAccount", json!({"AccountId": member}))
        .await;
    assert_eq!(code, "AccountNotFoundException");
    let v = h.org_ok(&h.root, "ListAccounts", json!({})).await;
    assert_eq!(v["Accounts"].as_array().map(Vec::len), Some(1), "{v}");
}

/// Hole 6 of issue #9: a closed account is SUSPENDED — it stays in the organization, and
/// neither its users' keys nor its role sessions can call anything any more.
#[tokio::test]
async fn a_closed_account_is_suspended_and_unusable() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let session = h.assume(&h.root, &role_arn(&member)).await;
    let r = h
        .call_as(&session, &[("Action", "CreateUser"), ("UserName", "m")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = h
        .call_as(
            &session,
            &[("Action", "CreateAccessKey"), ("UserName", "m")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let member_key = Creds::long_term(tag(&r.body, "AccessKeyId"), tag(&r.body, "SecretAccessKey"));
    h.org_ok(&h.root, "CloseAccount", json!({"AccountId": member}))
        .await;
    let v = h
        .org_ok(&h.root, "DescribeAccount", json!({"AccountId": member}))
        .await;
    assert_eq!(v["Account"]["Status"], "SUSPENDED", "{v}");
    for creds in [&member_key, &session] {
        let r = h.sts(Some(creds), &[("Action", "GetCallerIdentity")]).await;
        assert_eq!((r.status, code(&r).as_str()), (403, "InvalidClientTokenId"));
        let r = h.call_as(creds, &[("Action", "ListUsers")]).await;
        assert_eq!((r.status, code(&r).as_str()), (403, "InvalidClientTokenId"));
    }
    // Its roles can no longer be assumed either, and closing twice is refused.
    let admin = h.admin_user().await;
    let r = h
        .sts(
            Some(&admin),
            &[
                ("Action", "AssumeRole"),
                ("RoleSessionName", "again"),
                ("RoleArn", &role_arn(&member)),
            ],
        )
        .await;
    assert_eq!(code(&r), "AccessDenied", "{}", r.body);
    let (again, _) = h
        .org_err(&h.root, "CloseAccount", json!({"AccountId": member}))
        .await;
    assert_eq!(again, "AccountAlreadyClosedException");
}
