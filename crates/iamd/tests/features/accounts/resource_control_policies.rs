//! Resource control policies (RCPs, issue #11): the RESOURCE_CONTROL_POLICY type through the
//! Organizations JSON client (lifecycle, RCPFullAWSAccess, AWS's errors), and their enforcement
//! on STS role assumption through the Rust SDK: the RCPs of the account that owns the role
//! apply to whoever calls, never to the management account's roles (Organizations User Guide:
//! orgs_manage_policies_rcps, orgs_manage_policies_rcps_syntax,
//! orgs_manage_policies_rcps_evaluation; IAM User Guide: reference_policies_evaluation-logic).
use crate::common::{Server, SessionCreds, api_error};
use crate::support;
use serde_json::{Value, json};
use support::*;

const RCP: &str = "RESOURCE_CONTROL_POLICY";
const SCP: &str = "SERVICE_CONTROL_POLICY";

fn rcp_document(statement: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

fn deny(action: &str) -> Value {
    json!({"Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*"})
}

fn ids(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} in {v}"))
        .iter()
        .map(|p| p["Id"].as_str().unwrap().to_string())
        .collect()
}

fn policy_id(v: &Value) -> String {
    v["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn rcp_lifecycle_and_errors() {
    let h = harness().await;
    let member = h.org_with_member().await;
    let root = h.root_id().await;
    let org_id = h.org_ok(&h.root, "DescribeOrganization", json!({})).await["Organization"]["Id"]
        .as_str()
        .unwrap()
        .to_string();

    // The AWS-managed RCP exists from the start, listed under its own type only.
    let v = h
        .org_ok(&h.root, "ListPolicies", json!({"Filter": RCP}))
        .await;
    assert_eq!(ids(&v, "Policies"), ["p-RCPFullAWSAccess"]);
    let summary = &v["Policies"][0];
    assert_eq!(summary["Name"], "RCPFullAWSAccess");
    assert_eq!(summary["Type"], RCP);
    assert_eq!(summary["AwsManaged"], true);
    assert_eq!(
        summary["Arn"],
        "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess"
    );
    let v = h
        .org_ok(&h.root, "ListPolicies", json!({"Filter": SCP}))
        .await;
    assert_eq!(ids(&v, "Policies"), ["p-FullAWSAccess"]);
    let v = h
        .org_ok(
            &h.root,
            "DescribePolicy",
            json!({"PolicyId": "p-RCPFullAWSAccess"}),
        )
        .await;
    let content: Value = serde_json::from_str(v["Policy"]["Content"].as_str().unwrap()).unwrap();
    assert_eq!(
        content["Statement"],
        json!([{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}])
    );

    // A customer RCP can be created before the type is enabled, not attached.
    let v = h
        .org_ok(
            &h.root,
            "CreatePolicy",
            json!({"Name": "NoAssume", "Description": "d", "Type": RCP,
                   "Content": rcp_document(deny("sts:AssumeRole"))}),
        )
        .await;
    let no_assume = policy_id(&v);
    assert_eq!(v["Policy"]["PolicySummary"]["Type"], RCP);
    assert_eq!(
        v["Policy"]["PolicySummary"]["Arn"],
        format!(
            "arn:aws:organizations::{}:policy/{org_id}/resource_control_policy/{no_assume}",
            h.account
        )
        .as_str()
    );
    let (code, _) = h
        .org_err(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": no_assume, "TargetId": member}),
        )
        .await;
    assert_eq!(code, "PolicyTypeNotEnabledException");
    let (code, _) = h
        .org_err(
            &h.root,
            "DisablePolicyType",
            json!({"RootId": root, "PolicyType": RCP}),
        )
        .await;
    assert_eq!(code, "PolicyTypeNotEnabledException");

    // Enabling attaches RCPFullAWSAccess to the root, every OU and every account.
    let ou = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Workloads"}),
        )
        .await["OrganizationalUnit"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = h
        .org_ok(
            &h.root,
            "EnablePolicyType",
            json!({"RootId": root, "PolicyType": RCP}),
        )
        .await;
    assert_eq!(
        v["Root"]["PolicyTypes"],
        json!([{"Type": RCP, "Status": "ENABLED"}])
    );
    let (code, _) = h
        .org_err(
            &h.root,
            "EnablePolicyType",
            json!({"RootId": root, "PolicyType": RCP}),
        )
        .await;
    assert_eq!(code, "PolicyTypeAlreadyEnabledException");
    for target in [&root, &ou, &member, &h.account] {
        let v = h
            .org_ok(
                &h.root,
                "ListPoliciesForTarget",
                json!({"TargetId": target, "Filter": RCP}),
            )
            .await;
        assert_eq!(ids(&v, "Policies"), ["p-RCPFullAWSAccess"], "{target}");
        // SCPs are a type of their own, still disabled.
        let v = h
            .org_ok(
                &h.root,
                "ListPoliciesForTarget",
                json!({"TargetId": target, "Filter": SCP}),
            )
            .await;
        assert!(ids(&v, "Policies").is_empty(), "{target}");
    }
    let v = h.org_ok(&h.root, "ListRoots", json!({})).await;
    assert_eq!(
        v["Roots"][0]["PolicyTypes"],
        json!([{"Type": RCP, "Status": "ENABLED"}])
    );
    // An OU created afterwards gets it too.
    let later = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Later"}),
        )
        .await["OrganizationalUnit"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = h
        .org_ok(
            &h.root,
            "ListTargetsForPolicy",
            json!({"PolicyId": "p-RCPFullAWSAccess"}),
        )
        .await;
    let targets: Vec<&str> = v["Targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TargetId"].as_str().unwrap())
        .collect();
    for target in [&root, &ou, &later, &member, &h.account] {
        assert!(targets.contains(&target.as_str()), "{target} in {v}");
    }

    // RCPFullAWSAccess cannot be detached ("You cannot detach this policy"), nor changed.
    let (code, _) = h
        .org_err(
            &h.root,
            "DetachPolicy",
            json!({"PolicyId": "p-RCPFullAWSAccess", "TargetId": member}),
        )
        .await;
    assert_eq!(code, "ConstraintViolationException");
    let (code, message) = h
        .org_err(
            &h.root,
            "UpdatePolicy",
            json!({"PolicyId": "p-RCPFullAWSAccess", "Name": "Mine"}),
        )
        .await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "InvalidInputException",
            "You can't modify or delete an AWS managed policy."
        )
    );

    // Attach, list both ways, refuse a second attachment, and detach again.
    h.org_ok(
        &h.root,
        "AttachPolicy",
        json!({"PolicyId": no_assume, "TargetId": member}),
    )
    .await;
    let (code, _) = h
        .org_err(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": no_assume, "TargetId": member}),
        )
        .await;
    assert_eq!(code, "DuplicatePolicyAttachmentException");
    let v = h
        .org_ok(
            &h.root,
            "ListPoliciesForTarget",
            json!({"TargetId": member, "Filter": RCP}),
        )
        .await;
    let mut attached = ids(&v, "Policies");
    attached.sort();
    let mut want = vec![no_assume.clone(), "p-RCPFullAWSAccess".to_string()];
    want.sort();
    assert_eq!(attached, want);
    let v = h
        .org_ok(
            &h.root,
            "ListTargetsForPolicy",
            json!({"PolicyId": no_assume}),
        )
        .await;
    assert_eq!(
        v["Targets"],
        json!([{"TargetId": member, "Arn": format!("arn:aws:organizations::{}:account/{org_id}/{member}", h.account),
                "Name": "dev", "Type": "ACCOUNT"}])
    );
    let (code, _) = h
        .org_err(&h.root, "DeletePolicy", json!({"PolicyId": no_assume}))
        .await;
    assert_eq!(code, "PolicyInUseException");
    h.org_ok(
        &h.root,
        "DetachPolicy",
        json!({"PolicyId": no_assume, "TargetId": member}),
    )
    .await;

    // At most five RCPs on one target, RCPFullAWSAccess included (orgs_reference_limits).
    let mut extra = Vec::new();
    for i in 0..5 {
        let v = h
            .org_ok(
                &h.root,
                "CreatePolicy",
                json!({"Name": format!("Deny{i}"), "Description": "", "Type": RCP,
                       "Content": rcp_document(deny(&format!("s3:Delete{i}*")))}),
            )
            .await;
        extra.push(policy_id(&v));
    }
    for id in &extra[..4] {
        h.org_ok(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": id, "TargetId": ou}),
        )
        .await;
    }
    let (code, message) = h
        .org_err(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": extra[4], "TargetId": ou}),
        )
        .await;
    assert_eq!(code, "ConstraintViolationException");
    assert_eq!(
        message,
        "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time."
    );

    // The RCP grammar (orgs_manage_policies_rcps_syntax), on create and on update.
    let malformed = [
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
        json!({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}),
        json!({"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"}),
        json!({"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"}),
        json!({"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "Resource": "*"}),
        json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}),
        json!({"Effect": "Deny", "Principal": "*", "Action": "iam:PassRole", "Resource": "*"}),
    ];
    for statement in malformed {
        let (code, message) = h
            .org_err(
                &h.root,
                "CreatePolicy",
                json!({"Name": "Bad", "Description": "", "Type": RCP,
                       "Content": rcp_document(statement.clone())}),
            )
            .await;
        assert_eq!(code, "MalformedPolicyDocumentException", "{statement}");
        assert!(
            message.starts_with(
                "The provided policy document does not meet the requirements of the specified policy type"
            ),
            "{message}"
        );
        let (code, _) = h
            .org_err(
                &h.root,
                "UpdatePolicy",
                json!({"PolicyId": no_assume, "Content": rcp_document(statement.clone())}),
            )
            .await;
        assert_eq!(code, "MalformedPolicyDocumentException", "{statement}");
    }
    // An SCP's grammar is not an RCP's: the same document is refused as an SCP.
    let (code, _) = h
        .org_err(
            &h.root,
            "CreatePolicy",
            json!({"Name": "AsScp", "Description": "", "Type": SCP,
                   "Content": rcp_document(deny("sts:AssumeRole"))}),
        )
        .await;
    assert_eq!(code, "MalformedPolicyDocumentException");
    // Every character counts against the 5,120 of an RCP.
    let big = format!("{}{}", rcp_document(deny("s3:GetObject")), " ".repeat(5120));
    let (code, _) = h
        .org_err(
            &h.root,
            "CreatePolicy",
            json!({"Name": "Big", "Description": "", "Type": RCP, "Content": big}),
        )
        .await;
    assert_eq!(code, "ConstraintViolationException");
    // A valid update keeps the policy's type.
    let v = h
        .org_ok(
            &h.root,
            "UpdatePolicy",
            json!({"PolicyId": no_assume, "Content": rcp_document(deny("sts:TagSession"))}),
        )
        .await;
    assert_eq!(v["Policy"]["PolicySummary"]["Type"], RCP);

    // Disabling detaches every RCP (RCPFullAWSAccess too); SCPs are untouched.
    h.org_ok(
        &h.root,
        "EnablePolicyType",
        json!({"RootId": root, "PolicyType": SCP}),
    )
    .await;
    let v = h
        .org_ok(
            &h.root,
            "DisablePolicyType",
            json!({"RootId": root, "PolicyType": RCP}),
        )
        .await;
    assert_eq!(
        v["Root"]["PolicyTypes"],
        json!([{"Type": SCP, "Status": "ENABLED"}])
    );
    let v = h
        .org_ok(
            &h.root,
            "ListTargetsForPolicy",
            json!({"PolicyId": "p-RCPFullAWSAccess"}),
        )
        .await;
    assert_eq!(v["Targets"], json!([]));
    let v = h
        .org_ok(
            &h.root,
            "ListPoliciesForTarget",
            json!({"TargetId": member, "Filter": SCP}),
        )
        .await;
    assert_eq!(ids(&v, "Policies"), ["p-FullAWSAccess"]);
    h.org_ok(&h.root, "DeletePolicy", json!({"PolicyId": no_assume}))
        .await;
}

/// An organization with a member account holding role `shared`, assumable (trust policy) by
/// the management account and by an outside account; RCPs enabled.
struct Setup {
    s: Server,
    org_id: String,
    root_id: String,
    member: String,
    role_arn: String,
    /// A session in the member account (its OrganizationAccountAccessRole).
    member_session: SessionCreds,
    /// alice, an IAM user of the management account allowed sts:AssumeRole, TagSession and
    /// SetSourceIdentity.
    alice: (String, String),
    /// bob, an IAM user of an account outside the organization, allowed the same.
    bob: (String, String),
}

const OUTSIDER: &str = "444455556666";

async fn setup() -> Setup {
    let s = Server::start().await;
    let org_id = s.organization("ALL").await;
    let member = s.member("workload").await;
    let mgmt = s.account_id.clone();
    let trust = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": [format!("arn:aws:iam::{mgmt}:root"), format!("arn:aws:iam::{OUTSIDER}:root")]},
        "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    }]});
    let session: SessionCreds = s.member_session(&member).await;
    s.iam_client_session(&session)
        .create_role()
        .role_name("shared")
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"],"Resource":"*"}]}"#;
    let (_, id, secret) = s.user_client("alice").await;
    s.iam_client()
        .put_user_policy()
        .user_name("alice")
        .policy_name("assume")
        .policy_document(allow)
        .send()
        .await
        .unwrap();
    let alice = (id, secret);
    let outsider = s.iam.create_account(OUTSIDER).await.unwrap().unwrap();
    let outsider_iam =
        s.iam_client_with(&outsider.access_key_id, outsider.secret_access_key.expose());
    outsider_iam
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    outsider_iam
        .put_user_policy()
        .user_name("bob")
        .policy_name("assume")
        .policy_document(allow)
        .send()
        .await
        .unwrap();
    let key = outsider_iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let bob = (key.access_key_id, key.secret_access_key);
    let roots = s.org(&mgmt, "ListRoots", json!({})).await.unwrap();
    let root_id = roots["Roots"][0]["Id"].as_str().unwrap().to_string();
    s.org(
        &mgmt,
        "EnablePolicyType",
        json!({"RootId": root_id, "PolicyType": RCP}),
    )
    .await
    .unwrap();
    Setup {
        role_arn: format!("arn:aws:iam::{member}:role/shared"),
        member_session: session,
        s,
        org_id,
        root_id,
        member,
        alice,
        bob,
    }
}

impl Setup {
    async fn org(&self, action: &str, input: Value) -> Value {
        self.s
            .org(&self.s.account_id, action, input)
            .await
            .unwrap_or_else(|e| panic!("{action}: {e:?}"))
    }

    /// Creates an RCP and returns its ID.
    async fn rcp(&self, name: &str, statement: Value) -> String {
        let v = self
            .org(
                "CreatePolicy",
                json!({"Name": name, "Description": "", "Type": RCP, "Content": rcp_document(statement)}),
            )
            .await;
        policy_id(&v)
    }

    async fn attach(&self, policy: &str, target: &str) {
        self.org(
            "AttachPolicy",
            json!({"PolicyId": policy, "TargetId": target}),
        )
        .await;
    }

    async fn detach(&self, policy: &str, target: &str) {
        self.org(
            "DetachPolicy",
            json!({"PolicyId": policy, "TargetId": target}),
        )
        .await;
    }

    async fn update(&self, policy: &str, statement: Value) {
        self.org(
            "UpdatePolicy",
            json!({"PolicyId": policy, "Content": rcp_document(statement)}),
        )
        .await;
    }

    fn sts(&self, who: &(String, String)) -> aws_sdk_sts::Client {
        self.s.sts_client_with(&who.0, &who.1)
    }

    /// AssumeRole of `role` as `who`: `Ok(())` or the SDK's error.
    async fn assume(
        &self,
        who: &(String, String),
        role: &str,
    ) -> Result<(), crate::common::ApiError> {
        match self
            .sts(who)
            .assume_role()
            .role_arn(role)
            .role_session_name("rcp-test")
            .send()
            .await
        {
            Ok(_) => Ok(()),
            result => Err(api_error(result)),
        }
    }
}

fn denied_by_rcp(caller: &str, action: &str, resource: &str) -> String {
    format!(
        "User: {caller} is not authorized to perform: {action} on resource: {resource} with an explicit deny in a resource control policy"
    )
}

#[tokio::test]
async fn cross_account_assume_role_is_denied_by_the_role_accounts_rcp() {
    let t = setup().await;
    let alice_arn = format!("arn:aws:iam::{}:user/alice", t.s.account_id);
    let bob_arn = format!("arn:aws:iam::{OUTSIDER}:user/bob");
    // Trust and identity policies allow; RCPFullAWSAccess lets the request through.
    t.assume(&t.alice, &t.role_arn).await.unwrap();
    t.assume(&t.bob, &t.role_arn).await.unwrap();

    let no_assume = t.rcp("NoAssume", deny("sts:AssumeRole")).await;
    t.attach(&no_assume, &t.member).await;
    // Whoever calls: a principal of the organization's management account, or of an account
    // outside the organization.
    t.assume(&t.alice, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied")
        .message_is(&denied_by_rcp(&alice_arn, "sts:AssumeRole", &t.role_arn));
    t.assume(&t.bob, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied")
        .message_is(&denied_by_rcp(&bob_arn, "sts:AssumeRole", &t.role_arn));

    // Detached, the same call is allowed again.
    t.detach(&no_assume, &t.member).await;
    t.assume(&t.alice, &t.role_arn).await.unwrap();

    // Attached to the root, it reaches the member account below it.
    t.attach(&no_assume, &t.root_id).await;
    t.assume(&t.bob, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");

    // The management account's resources are never governed by RCPs, even from the root.
    let mgmt = t.s.account_id.clone();
    let local_trust = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": [format!("arn:aws:iam::{mgmt}:root"), format!("arn:aws:iam::{OUTSIDER}:root")]},
        "Action": "sts:AssumeRole",
    }]});
    t.s.iam_client()
        .create_role()
        .role_name("local")
        .assume_role_policy_document(local_trust.to_string())
        .send()
        .await
        .unwrap();
    let local = format!("arn:aws:iam::{mgmt}:role/local");
    t.assume(&t.alice, &local).await.unwrap();
    t.assume(&t.bob, &local).await.unwrap();

    // Disabling the type lifts every RCP.
    t.org(
        "DisablePolicyType",
        json!({"RootId": t.root_id, "PolicyType": RCP}),
    )
    .await;
    t.assume(&t.bob, &t.role_arn).await.unwrap();
}

#[tokio::test]
async fn rcp_conditions_are_evaluated() {
    let t = setup().await;
    // The data perimeter: only principals of the organization (aws:PrincipalOrgID).
    let perimeter = t
        .rcp(
            "Perimeter",
            json!({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
                   "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": t.org_id}}}),
        )
        .await;
    t.attach(&perimeter, &t.root_id).await;
    t.assume(&t.alice, &t.role_arn).await.unwrap();
    t.assume(&t.bob, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");

    // aws:PrincipalAccount.
    t.update(
        &perimeter,
        json!({"Effect": "Deny", "Principal": "*", "Action": "sts:*", "Resource": "*",
               "Condition": {"StringEquals": {"aws:PrincipalAccount": t.s.account_id}}}),
    )
    .await;
    t.assume(&t.alice, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");
    t.assume(&t.bob, &t.role_arn).await.unwrap();

    // aws:SourceIp: the SDK calls from 127.0.0.1.
    t.update(
        &perimeter,
        json!({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
               "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}),
    )
    .await;
    t.assume(&t.alice, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");
    t.update(
        &perimeter,
        json!({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
               "Condition": {"NotIpAddress": {"aws:SourceIp": "127.0.0.0/8"}}}),
    )
    .await;
    t.assume(&t.alice, &t.role_arn).await.unwrap();

    // aws:ResourceOrgPaths: the role's account sits directly under the root.
    t.update(
        &perimeter,
        json!({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
               "Condition": {"StringEquals": {"aws:ResourceOrgPaths": format!("{}/{}/", t.org_id, t.root_id)}}}),
    )
    .await;
    t.assume(&t.alice, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");
}

#[tokio::test]
async fn session_tags_and_source_identity_fall_under_rcps() {
    let t = setup().await;
    let alice_arn = format!("arn:aws:iam::{}:user/alice", t.s.account_id);
    let no_tags = t.rcp("NoTags", deny("sts:TagSession")).await;
    t.attach(&no_tags, &t.member).await;
    let tagged = t
        .sts(&t.alice)
        .assume_role()
        .role_arn(&t.role_arn)
        .role_session_name("rcp-test")
        .tags(
            aws_sdk_sts::types::Tag::builder()
                .key("team")
                .value("a")
                .build()
                .unwrap(),
        )
        .send()
        .await;
    api_error(tagged)
        .expect(403, "AccessDenied")
        .message_is(&denied_by_rcp(&alice_arn, "sts:TagSession", &t.role_arn));
    t.assume(&t.alice, &t.role_arn).await.unwrap();

    t.update(&no_tags, deny("sts:SetSourceIdentity")).await;
    let sourced = t
        .sts(&t.alice)
        .assume_role()
        .role_arn(&t.role_arn)
        .role_session_name("rcp-test")
        .source_identity("alice")
        .send()
        .await;
    api_error(sourced)
        .expect(403, "AccessDenied")
        .message_is(&denied_by_rcp(
            &alice_arn,
            "sts:SetSourceIdentity",
            &t.role_arn,
        ));
}

/// The simulator includes the RCPs of the resource's account when it is in the simulated
/// principal's organization, and says so in OrganizationsDecisionDetail.
#[tokio::test]
async fn simulation_includes_the_resource_accounts_rcps() {
    let t = setup().await;
    let alice = format!("arn:aws:iam::{}:user/alice", t.s.account_id);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let simulate = || async {
        let out =
            t.s.iam_client()
                .simulate_principal_policy()
                .policy_source_arn(&alice)
                .action_names("sts:AssumeRole")
                .resource_arns(&t.role_arn)
                .resource_policy(trust)
                .send()
                .await
                .unwrap();
        let result = out.evaluation_results.unwrap().remove(0);
        (
            result.eval_decision.as_str().to_string(),
            result
                .organizations_decision_detail
                .map(|d| d.allowed_by_organizations),
        )
    };
    assert_eq!(simulate().await, ("allowed".to_string(), Some(true)));
    let no_assume = t.rcp("NoAssume", deny("sts:AssumeRole")).await;
    t.attach(&no_assume, &t.member).await;
    assert_eq!(simulate().await, ("explicitDeny".to_string(), Some(false)));
    t.assume(&t.alice, &t.role_arn)
        .await
        .unwrap_err()
        .expect(403, "AccessDenied");

    // RCPs never restrict a service-linked role: simulated as the principal, the RCP takes no
    // part (its own policies decide; it is allowed by Organizations).
    let slr =
        t.s.iam_client()
            .create_service_linked_role()
            .aws_service_name("autoscaling.amazonaws.com")
            .send()
            .await
            .unwrap()
            .role
            .unwrap()
            .arn;
    let out = t
        .s
        .iam_client()
        .simulate_principal_policy()
        .policy_source_arn(&slr)
        .policy_input_list(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
        )
        .action_names("sts:AssumeRole")
        .resource_arns(&t.role_arn)
        .resource_policy(trust)
        .caller_arn(&alice)
        .send()
        .await
        .unwrap();
    let result = out.evaluation_results.unwrap().remove(0);
    assert_eq!(
        result
            .organizations_decision_detail
            .map(|d| d.allowed_by_organizations),
        Some(true)
    );
}

/// Any STS check on a resource of a member account falls under its RCPs: GetFederationToken
/// authorizes the federated user of the caller's own account.
#[tokio::test]
async fn federation_tokens_of_a_member_account_fall_under_its_rcps() {
    let t = setup().await;
    let member_iam = t.s.iam_client_session(&t.member_session);
    member_iam
        .create_user()
        .user_name("carol")
        .send()
        .await
        .unwrap();
    member_iam
        .put_user_policy()
        .user_name("carol")
        .policy_name("federate")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetFederationToken","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let key = member_iam
        .create_access_key()
        .user_name("carol")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let carol =
        t.s.sts_client_with(&key.access_key_id, &key.secret_access_key);
    carol
        .get_federation_token()
        .name("fed")
        .send()
        .await
        .unwrap();
    let no_federation = t.rcp("NoFederation", deny("sts:GetFederationToken")).await;
    t.attach(&no_federation, &t.member).await;
    api_error(carol.get_federation_token().name("fed").send().await)
        .expect(403, "AccessDenied")
        .message_is(&denied_by_rcp(
            &format!("arn:aws:iam::{}:user/carol", t.member),
            "sts:GetFederationToken",
            &format!("arn:aws:sts::{}:federated-user/fed", t.member),
        ));
}
