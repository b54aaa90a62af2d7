//! Drift: changes made outside the spec (a policy attached by hand, a user added to a group, a
//! role's trust edited, a policy version, a session duration, an inline policy) are each
//! reported by plan and undone by apply; what the spec does not manage is left alone.
use super::helpers::*;
use crate::common::Server;

const WIDE_OPEN_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test]
async fn out_of_band_changes_are_reported_and_undone() {
    let server = Server::start().await;
    let target = admin_target(&server).await;
    let spec = example("multi-account.yaml");
    apply(&spec, &target).await;
    let ids = account_ids(&spec, &target).await;
    let iam = server.iam_client();

    // By hand in the central account.
    iam.attach_group_policy()
        .group_name("engineers")
        .policy_arn("arn:aws:iam::aws:policy/IAMFullAccess")
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("mallory").send().await.unwrap();
    iam.add_user_to_group()
        .user_name("mallory")
        .group_name("platform")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("bob")
        .policy_name("extra")
        .policy_document(crate::common::policy_doc("s3:*"))
        .send()
        .await
        .unwrap();
    iam.delete_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    // By hand in dev-1 and prod-1.
    let dev1 = server.iam_client_session(&server.member_session(&ids["dev-1"]).await);
    dev1.update_assume_role_policy()
        .role_name("admin")
        .policy_document(WIDE_OPEN_TRUST)
        .send()
        .await
        .unwrap();
    let boundary = format!("arn:aws:iam::{}:policy/developer-boundary", ids["dev-1"]);
    dev1.create_policy_version()
        .policy_arn(&boundary)
        .policy_document(crate::common::policy_doc("*"))
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    let prod1 = server.iam_client_session(&server.member_session(&ids["prod-1"]).await);
    prod1
        .update_role()
        .role_name("read-only")
        .max_session_duration(7200)
        .send()
        .await
        .unwrap();

    let p = plan(&spec, &target).await;
    assert_eq!(p.change_count(), 7, "{p}");
    let text = p.to_string();
    for line in [
        "- detach arn:aws:iam::aws:policy/IAMFullAccess from group engineers (not in the spec)",
        "- remove user mallory from group platform (not in the spec)",
        "- delete inline policy extra of user bob (not in the spec)",
        "+ console access for user alice",
        "~ restore the trust policy of role admin (edited outside the spec?)",
        "~ update policy developer-boundary (new default version)",
        "~ update role read-only: max session 43200s",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    // The harness's hop-* users (created by hand, untagged) are left alone.
    assert!(!text.contains("hop-"), "{text}");

    apply(&spec, &target).await;
    assert_no_changes(&spec, &target).await;
    // Undone, and nothing else touched: mallory still exists, outside every spec group.
    assert!(iam.get_user().user_name("mallory").send().await.is_ok());
    let trust = dev1
        .get_role()
        .role_name("admin")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    let trust = crate::common::url_decode(trust.assume_role_policy_document().unwrap());
    assert!(trust.contains("aws:MultiFactorAuthPresent"), "{trust}");
}

#[tokio::test]
async fn opting_out_of_exclusive_management_keeps_what_was_added_by_hand() {
    let server = Server::start().await;
    let target = root_target(&server);
    let spec = parse(
        "groups:\n  shared: {exclusive: false}\n  strict: {}\nuser_map:\n  ann: {groups: [shared]}\n  ben: {groups: [strict], exclusive: false}\n",
    );
    apply(&spec, &target).await;
    let iam = server.iam_client();
    iam.create_user()
        .user_name("contractor")
        .send()
        .await
        .unwrap();
    iam.add_user_to_group()
        .user_name("contractor")
        .group_name("shared")
        .send()
        .await
        .unwrap();
    iam.add_user_to_group()
        .user_name("contractor")
        .group_name("strict")
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("shared")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    iam.add_user_to_group()
        .user_name("ben")
        .group_name("shared")
        .send()
        .await
        .unwrap();
    let text = plan(&spec, &target).await.to_string();
    assert_eq!(
        text,
        "account central (".to_string()
            + &server.account_id
            + "):\n  - remove user contractor from group strict (not in the spec)\nPlan: 0 to add, 0 to change, 1 to remove (1 change(s) in 1 account(s)).\n"
    );
}
