//! Policy changes take effect on the very next request: the per-user identity-policy cache in
//! the authorization step is invalidated by every write (IAM User Guide: troubleshoot_policies —
//! AWS's own propagation delay aside, iamd applies changes immediately).
use crate::support;
use support::*;

const LIST_USERS: &[(&str, &str)] = &[("Action", "ListUsers")];

#[tokio::test]
async fn group_membership_and_policy_edits_apply_immediately() {
    let h = harness().await;
    let bob = h.user_with_key("bob").await;
    assert_eq!(h.call_as(&bob, LIST_USERS).await.status, 403);

    h.ok(&[("Action", "CreateGroup"), ("GroupName", "readers")])
        .await;
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#;
    h.ok(&[
        ("Action", "PutGroupPolicy"),
        ("GroupName", "readers"),
        ("PolicyName", "list"),
        ("PolicyDocument", doc),
    ])
    .await;
    // Cached as "no policies" by the denied call above; joining the group must still count.
    h.ok(&[
        ("Action", "AddUserToGroup"),
        ("GroupName", "readers"),
        ("UserName", "bob"),
    ])
    .await;
    assert_eq!(h.call_as(&bob, LIST_USERS).await.status, 200);

    // Editing the group's policy to a deny applies at once.
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}]}"#;
    h.ok(&[
        ("Action", "PutGroupPolicy"),
        ("GroupName", "readers"),
        ("PolicyName", "list"),
        ("PolicyDocument", deny),
    ])
    .await;
    let r = h.call_as(&bob, LIST_USERS).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body
            .contains("with an explicit deny in an identity-based policy"),
        "{}",
        r.body
    );

    // Back to allow, then leaving the group revokes it.
    h.ok(&[
        ("Action", "PutGroupPolicy"),
        ("GroupName", "readers"),
        ("PolicyName", "list"),
        ("PolicyDocument", doc),
    ])
    .await;
    assert_eq!(h.call_as(&bob, LIST_USERS).await.status, 200);
    h.ok(&[
        ("Action", "RemoveUserFromGroup"),
        ("GroupName", "readers"),
        ("UserName", "bob"),
    ])
    .await;
    assert_eq!(h.call_as(&bob, LIST_USERS).await.status, 403);
}
