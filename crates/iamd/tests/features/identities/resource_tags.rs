//! Tag-based access to IAM users and roles: IAM and STS set both `iam:ResourceTag/…` and
//! `aws:ResourceTag/…` from the tags of the user or role a request acts on (IAM User Guide:
//! access_iam-tags), and the authorization step looks them up only when a policy reads them.
use crate::support;
use support::*;

/// Gives `user` an inline policy allowing `actions` on users and roles whose tag `team` is
/// `platform`, tested with the condition key `key`.
async fn allow_tagged(h: &Harness, user: &str, key: &str, actions: &[&str]) {
    let doc = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow", "Action": actions, "Resource": "*",
            "Condition": {"StringEquals": {key: "platform"}}
        }]
    })
    .to_string();
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", user),
        ("PolicyName", "tagged"),
        ("PolicyDocument", &doc),
    ])
    .await;
}

async fn tagged_user(h: &Harness, name: &str, team: &str) {
    h.ok(&[
        ("Action", "CreateUser"),
        ("UserName", name),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", team),
    ])
    .await;
}

#[tokio::test]
async fn iam_and_aws_resource_tag_keys_both_decide_access_to_users() {
    let h = harness().await;
    tagged_user(&h, "platform-svc", "platform").await;
    tagged_user(&h, "data-svc", "data").await;
    for (caller, key) in [
        ("by-iam-key", "iam:ResourceTag/team"),
        ("by-aws-key", "aws:ResourceTag/team"),
    ] {
        let creds = h.user_with_key(caller).await;
        allow_tagged(&h, caller, key, &["iam:GetUser", "iam:ListUserTags"]).await;
        let get = |name: &'static str| [("Action", "GetUser"), ("UserName", name)];
        let r = h.call_as(&creds, &get("platform-svc")).await;
        assert_eq!(r.status, 200, "{key}: {}", r.body);
        let r = h.call_as(&creds, &get("data-svc")).await;
        assert_eq!(r.status, 403, "{key}: {}", r.body);
        assert!(
            r.body.contains(
                "is not authorized to perform: iam:GetUser on resource: \
                 arn:aws:iam::"
            ) && r
                .body
                .contains(":user/data-svc because no identity-based policy allows"),
            "{}",
            r.body
        );
        // Retagging moves access with the tag, on the next request.
        h.ok(&[
            ("Action", "TagUser"),
            ("UserName", "data-svc"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "platform"),
        ])
        .await;
        assert_eq!(h.call_as(&creds, &get("data-svc")).await.status, 200);
        h.ok(&[
            ("Action", "TagUser"),
            ("UserName", "data-svc"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "data"),
        ])
        .await;
        assert_eq!(h.call_as(&creds, &get("data-svc")).await.status, 403);
    }
}

#[tokio::test]
async fn resource_tags_of_roles_decide_access_and_untagged_resources_never_match() {
    let h = harness().await;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for (name, team) in [("platform-role", Some("platform")), ("bare-role", None)] {
        let mut params = vec![
            ("Action", "CreateRole"),
            ("RoleName", name),
            ("AssumeRolePolicyDocument", trust),
        ];
        if let Some(team) = team {
            params.extend([("Tags.member.1.Key", "team"), ("Tags.member.1.Value", team)]);
        }
        h.ok(&params).await;
    }
    let creds = h.user_with_key("operator").await;
    allow_tagged(&h, "operator", "aws:ResourceTag/team", &["iam:GetRole"]).await;
    let get = |name: &'static str| [("Action", "GetRole"), ("RoleName", name)];
    assert_eq!(h.call_as(&creds, &get("platform-role")).await.status, 200);
    assert_eq!(h.call_as(&creds, &get("bare-role")).await.status, 403);
    // A missing tag key fails a StringEquals, but satisfies a negated operator (AWS's rule).
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*","Condition":{"StringNotEquals":{"iam:ResourceTag/team":"platform"}}}]}"#;
    let other = h.user_with_key("other").await;
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "other"),
        ("PolicyName", "not-platform"),
        ("PolicyDocument", doc),
    ])
    .await;
    assert_eq!(h.call_as(&other, &get("bare-role")).await.status, 200);
    assert_eq!(h.call_as(&other, &get("platform-role")).await.status, 403);
}
