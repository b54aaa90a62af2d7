//! Account-level actions through the AWS SDK: account aliases, GetAccountSummary,
//! GetAccountAuthorizationDetails
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html and siblings).
use crate::common;

use aws_sdk_iam::types::{EntityType, SummaryKeyType};
use common::{Server, api_error, policy_doc, url_decode};
use std::collections::{BTreeSet, HashMap};

#[tokio::test]
async fn account_alias_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let aliases = iam.list_account_aliases().send().await.unwrap();
    assert!(aliases.account_aliases.is_empty());
    assert!(!aliases.is_truncated);

    iam.create_account_alias()
        .account_alias("my-company")
        .send()
        .await
        .unwrap();
    let aliases = iam.list_account_aliases().send().await.unwrap();
    assert_eq!(aliases.account_aliases, vec!["my-company".to_string()]);

    api_error(
        iam.delete_account_alias()
            .account_alias("not-mine")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The account alias not-mine cannot be found.");

    iam.delete_account_alias()
        .account_alias("my-company")
        .send()
        .await
        .unwrap();
    assert!(
        iam.list_account_aliases()
            .send()
            .await
            .unwrap()
            .account_aliases
            .is_empty()
    );

    for bad in ["Upper-Case", "-leading", "a", "double--dash"] {
        api_error(iam.create_account_alias().account_alias(bad).send().await)
            .expect(400, "ValidationError");
    }
}

fn summary(
    out: aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput,
) -> HashMap<SummaryKeyType, i32> {
    out.summary_map.unwrap_or_default()
}

#[tokio::test]
async fn account_summary_counts_follow_changes() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let before = summary(iam.get_account_summary().send().await.unwrap());
    assert_eq!(before.get(&SummaryKeyType::Users), Some(&0));
    assert_eq!(before.get(&SummaryKeyType::Groups), Some(&0));
    assert_eq!(before.get(&SummaryKeyType::Policies), Some(&0));
    assert_eq!(
        before.get(&SummaryKeyType::AccessKeysPerUserQuota),
        Some(&2)
    );
    assert_eq!(before.get(&SummaryKeyType::UsersQuota), Some(&5000));
    assert_eq!(
        before.get(&SummaryKeyType::VersionsPerPolicyQuota),
        Some(&5)
    );
    assert_eq!(
        before.get(&SummaryKeyType::AccountAccessKeysPresent),
        Some(&1)
    );
    assert_eq!(before.get(&SummaryKeyType::AccountMfaEnabled), Some(&0));

    for name in ["u1", "u2", "u3"] {
        iam.create_user().user_name(name).send().await.unwrap();
    }
    iam.create_group().group_name("g1").send().await.unwrap();
    let arn = iam
        .create_policy()
        .policy_name("p1")
        .policy_document(policy_doc("s3:*"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    iam.create_policy_version()
        .policy_arn(&arn)
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("u1")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();

    let after = summary(iam.get_account_summary().send().await.unwrap());
    assert_eq!(after.get(&SummaryKeyType::Users), Some(&3));
    assert_eq!(after.get(&SummaryKeyType::Groups), Some(&1));
    assert_eq!(after.get(&SummaryKeyType::Policies), Some(&1));
    assert_eq!(after.get(&SummaryKeyType::PolicyVersionsInUse), Some(&2));

    iam.delete_user().user_name("u3").send().await.unwrap();
    let later = summary(iam.get_account_summary().send().await.unwrap());
    assert_eq!(later.get(&SummaryKeyType::Users), Some(&2));
}

#[tokio::test]
async fn authorization_details_with_filters() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("inline")
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap();
    let arn = iam
        .create_policy()
        .policy_name("local")
        .policy_document(policy_doc("s3:*"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();

    let all = iam
        .get_account_authorization_details()
        .send()
        .await
        .unwrap();
    assert!(!all.is_truncated);
    let users = all.user_detail_list.unwrap_or_default();
    assert_eq!(users.len(), 1);
    let alice = &users[0];
    assert_eq!(alice.user_name.as_deref(), Some("alice"));
    assert_eq!(
        alice.arn.as_deref(),
        Some(format!("arn:aws:iam::{}:user/alice", s.account_id).as_str())
    );
    assert_eq!(
        alice.group_list.clone().unwrap_or_default(),
        vec!["devs".to_string()]
    );
    let inline = alice.user_policy_list.clone().unwrap_or_default();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].policy_name.as_deref(), Some("inline"));
    assert_eq!(
        url_decode(inline[0].policy_document.as_deref().unwrap()),
        policy_doc("s3:GetObject")
    );
    let attached: Vec<String> = alice
        .attached_managed_policies
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.policy_arn)
        .collect();
    assert_eq!(attached, vec![arn.clone()]);

    let groups = all.group_detail_list.unwrap_or_default();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_name.as_deref(), Some("devs"));
    assert!(all.role_detail_list.unwrap_or_default().is_empty());
    let policies: BTreeSet<String> = all
        .policies
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.arn)
        .collect();
    assert_eq!(
        policies,
        BTreeSet::from([
            arn.clone(),
            "arn:aws:iam::aws:policy/ReadOnlyAccess".to_string()
        ])
    );

    let local = iam
        .get_account_authorization_details()
        .filter(EntityType::LocalManagedPolicy)
        .send()
        .await
        .unwrap();
    assert!(local.user_detail_list.unwrap_or_default().is_empty());
    assert!(local.group_detail_list.unwrap_or_default().is_empty());
    let local = local.policies.unwrap_or_default();
    assert_eq!(local.len(), 1);
    let detail = &local[0];
    assert_eq!(detail.policy_name.as_deref(), Some("local"));
    assert_eq!(detail.default_version_id.as_deref(), Some("v1"));
    assert_eq!(detail.attachment_count, Some(1));
    let versions = detail.policy_version_list.clone().unwrap_or_default();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        url_decode(versions[0].document.as_deref().unwrap()),
        policy_doc("s3:*")
    );

    let aws = iam
        .get_account_authorization_details()
        .filter(EntityType::AwsManagedPolicy)
        .send()
        .await
        .unwrap()
        .policies
        .unwrap_or_default();
    assert_eq!(aws.len(), 1);
    assert_eq!(aws[0].policy_name.as_deref(), Some("ReadOnlyAccess"));

    let users_and_groups = iam
        .get_account_authorization_details()
        .filter(EntityType::User)
        .filter(EntityType::Group)
        .send()
        .await
        .unwrap();
    assert_eq!(
        users_and_groups.user_detail_list.unwrap_or_default().len(),
        1
    );
    assert_eq!(
        users_and_groups.group_detail_list.unwrap_or_default().len(),
        1
    );
    assert!(users_and_groups.policies.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn authorization_details_paginate() {
    let s = Server::start().await;
    let iam = s.iam_client();
    for i in 0..3 {
        iam.create_user()
            .user_name(format!("user{i}"))
            .send()
            .await
            .unwrap();
    }
    for i in 0..2 {
        iam.create_group()
            .group_name(format!("group{i}"))
            .send()
            .await
            .unwrap();
    }
    let first = iam
        .get_account_authorization_details()
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert!(first.is_truncated);
    let marker = first.marker.clone().unwrap();
    let first_count = first.user_detail_list.unwrap_or_default().len()
        + first.group_detail_list.unwrap_or_default().len();
    assert_eq!(first_count, 2);
    let second = iam
        .get_account_authorization_details()
        .max_items(2)
        .marker(marker)
        .send()
        .await
        .unwrap();
    assert!(second.is_truncated);

    let pages: Vec<_> = iam
        .get_account_authorization_details()
        .filter(EntityType::User)
        .filter(EntityType::Group)
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let mut users = BTreeSet::new();
    let mut groups = BTreeSet::new();
    for page in pages {
        users.extend(
            page.user_detail_list
                .unwrap_or_default()
                .into_iter()
                .filter_map(|u| u.user_name),
        );
        groups.extend(
            page.group_detail_list
                .unwrap_or_default()
                .into_iter()
                .filter_map(|g| g.group_name),
        );
    }
    assert_eq!(users.len(), 3);
    assert_eq!(groups.len(), 2);
}

#[tokio::test]
async fn security_token_service_preferences_persist_and_show_in_summary() {
    use aws_sdk_iam::types::GlobalEndpointTokenVersion;
    let s = Server::start().await;
    let iam = s.iam_client();
    let version = |out: aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput| {
        summary(out)
            .get(&SummaryKeyType::GlobalEndpointTokenVersion)
            .copied()
    };
    assert_eq!(
        version(iam.get_account_summary().send().await.unwrap()),
        Some(1)
    );

    iam.set_security_token_service_preferences()
        .global_endpoint_token_version(GlobalEndpointTokenVersion::V2Token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        version(iam.get_account_summary().send().await.unwrap()),
        Some(2)
    );

    // Durable: a restart keeps it.
    let s = s.restart().await;
    let iam = s.iam_client();
    assert_eq!(
        version(iam.get_account_summary().send().await.unwrap()),
        Some(2)
    );

    iam.set_security_token_service_preferences()
        .global_endpoint_token_version(GlobalEndpointTokenVersion::V1Token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        version(iam.get_account_summary().send().await.unwrap()),
        Some(1)
    );

    // Not one of the model's values.
    api_error(
        iam.set_security_token_service_preferences()
            .global_endpoint_token_version(GlobalEndpointTokenVersion::from("v3Token"))
            .send()
            .await,
    )
    .expect(400, "ValidationError");

    // Authorized as iam:SetSecurityTokenServicePreferences on "*".
    let (user, _, _) = s.user_client("alice").await;
    api_error(
        user.set_security_token_service_preferences()
            .global_endpoint_token_version(GlobalEndpointTokenVersion::V2Token)
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is(&format!(
        "User: arn:aws:iam::{}:user/alice is not authorized to perform: iam:SetSecurityTokenServicePreferences on resource: * because no identity-based policy allows the iam:SetSecurityTokenServicePreferences action",
        s.account_id
    ));
    assert_eq!(
        version(iam.get_account_summary().send().await.unwrap()),
        Some(1)
    );
}

/// GetAccountAuthorizationDetails gives every role and every user `Tags`, an empty list when
/// they have none. AWS-recorded: tests/conformance/aws-recorded/iam/
/// test_iam_account_authorization_details.snapshot.json,
/// `TestGetAccountAuthorizationDetails::test_get_account_authorization_details_no_filter`
/// "no-filter-result" (the role and the user without tags: `"Tags": []`) and
/// `test_get_account_authorization_details_with_tags` "tags-result" (their tags).
#[tokio::test]
async fn authorization_details_give_roles_and_users_an_empty_tag_list() {
    let h = crate::support::harness().await;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    h.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "plain"),
        ("AssumeRolePolicyDocument", trust),
    ])
    .await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "plain")])
        .await;
    let body = h.ok(&[("Action", "GetAccountAuthorizationDetails")]).await;
    let roles = crate::support::tag(&body, "RoleDetailList");
    assert_eq!(
        crate::support::find_tag(&roles, "Tags").as_deref(),
        Some(""),
        "{roles}"
    );
    let users = crate::support::tag(&body, "UserDetailList");
    assert_eq!(
        crate::support::find_tag(&users, "Tags").as_deref(),
        Some(""),
        "{users}"
    );

    h.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "tagged"),
        ("AssumeRolePolicyDocument", trust),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", "platform"),
    ])
    .await;
    let body = h
        .ok(&[
            ("Action", "GetAccountAuthorizationDetails"),
            ("Filter.member.1", "Role"),
        ])
        .await;
    let roles = crate::support::tag(&body, "RoleDetailList");
    assert_eq!(
        crate::support::all_tags(&roles, "Tags"),
        vec![
            String::new(),
            "<member><Key>team</Key><Value>platform</Value></member>".to_string()
        ],
        "{roles}"
    );
}

/// GetAccountSummary always has `AccountPasswordPresent`: 0, as iamd's root users have no console
/// password. AWS-recorded: tests/conformance/aws-recorded/iam/test_iam_account_summary.snapshot.json,
/// `TestGetAccountSummary::test_get_account_summary_format` "transformed-summary" (the key is
/// present) and `test_get_account_summary_with_resources` "resource-deltas" (`"AccountPasswordPresent": 0`).
#[tokio::test]
async fn account_summary_has_account_password_present() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let map = summary(iam.get_account_summary().send().await.unwrap());
    assert_eq!(map.get(&SummaryKeyType::AccountPasswordPresent), Some(&0));
}

/// GetAccountAuthorizationDetails as AWS recorded it (test_iam_account_authorization_details
/// "role-filter-result" and "no-filter-result"): a role's instance profiles list their roles, and a
/// user without inline policies has no `UserPolicyList` element.
#[tokio::test]
async fn authorization_details_list_profile_roles_and_omit_empty_user_policy_lists() {
    let h = crate::support::harness().await;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    h.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "web"),
        ("AssumeRolePolicyDocument", trust),
        ("Description", "serves the web"),
    ])
    .await;
    h.ok(&[
        ("Action", "CreateInstanceProfile"),
        ("InstanceProfileName", "web-profile"),
    ])
    .await;
    h.ok(&[
        ("Action", "AddRoleToInstanceProfile"),
        ("InstanceProfileName", "web-profile"),
        ("RoleName", "web"),
    ])
    .await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "quiet")])
        .await;
    let body = h.ok(&[("Action", "GetAccountAuthorizationDetails")]).await;
    let profiles = crate::support::tag(&body, "InstanceProfileList");
    let roles = crate::support::tag(&profiles, "Roles");
    assert!(roles.contains("<RoleName>web</RoleName>"), "{profiles}");
    assert!(!roles.contains("MaxSessionDuration"), "{roles}");
    assert!(!roles.contains("Description"), "{roles}");
    let users = crate::support::tag(&body, "UserDetailList");
    assert!(!users.contains("UserPolicyList"), "{users}");
}

/// GetAccountSummary counts identity providers, OIDC and SAML (test_iam_account_summary
/// "resource-deltas": +2 after creating one of each).
#[tokio::test]
async fn account_summary_counts_identity_providers() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let before = summary(iam.get_account_summary().send().await.unwrap());
    iam.create_open_id_connect_provider()
        .url("https://token.example.com")
        .thumbprint_list("a".repeat(40))
        .send()
        .await
        .unwrap();
    let after = summary(iam.get_account_summary().send().await.unwrap());
    assert_eq!(
        after
            .get(&SummaryKeyType::Providers)
            .copied()
            .unwrap_or_default(),
        before
            .get(&SummaryKeyType::Providers)
            .copied()
            .unwrap_or_default()
            + 1
    );
}

/// GetAccountAuthorizationDetails with `Filter=AWSManagedPolicy` lists the AWS-managed policies
/// in use in the account, each with its attachment count and default version, as AWS recorded it
/// (tests/conformance/aws-recorded/iam/test_iam_account_authorization_details.snapshot.json,
/// `test_get_account_authorization_details_filter_aws_managed_policy` "aws-managed-policy-result":
/// AmazonS3FullAccess attached twice in the recording account, `AttachmentCount` 2, `Path` "/",
/// `IsAttachable`, `PermissionsBoundaryUsageCount` 0, no `Description`, the default version v2
/// first in `PolicyVersionList`). An AWS-managed policy attached nowhere is not listed (AWS: "only
/// attached AWS Managed Policies", cloudquery/cloudquery#13322; the recording's test says they
/// "vary between accounts"). Paging by Marker/MaxItems walks them all once, in order.
#[tokio::test]
async fn authorization_details_list_the_aws_managed_policies_in_use_page_by_page() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let none = iam
        .get_account_authorization_details()
        .filter(EntityType::AwsManagedPolicy)
        .send()
        .await
        .unwrap();
    assert!(none.policies.unwrap_or_default().is_empty());

    // 25 AWS-managed policies of path "/", attached ten to a role.
    let mut aws: Vec<(String, String)> = Vec::new();
    let mut listed = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Aws)
        .path_prefix("/")
        .into_paginator()
        .items()
        .send();
    while let Some(p) = listed.next().await {
        let p = p.unwrap();
        let arn = p.arn.unwrap();
        if p.path.as_deref() == Some("/") && arn != "arn:aws:iam::aws:policy/AmazonS3FullAccess" {
            aws.push((p.policy_name.unwrap(), arn));
        }
        if aws.len() == 24 {
            break;
        }
    }
    aws.push((
        "AmazonS3FullAccess".into(),
        "arn:aws:iam::aws:policy/AmazonS3FullAccess".into(),
    ));
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for (i, chunk) in aws.chunks(10).enumerate() {
        let role = format!("role{i}");
        iam.create_role()
            .role_name(&role)
            .assume_role_policy_document(trust)
            .send()
            .await
            .unwrap();
        for (_, arn) in chunk {
            iam.attach_role_policy()
                .role_name(&role)
                .policy_arn(arn)
                .send()
                .await
                .unwrap();
        }
    }
    // AmazonS3FullAccess twice, as in the recording account; a local policy, not listed.
    iam.create_user().user_name("u").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("u")
        .policy_arn("arn:aws:iam::aws:policy/AmazonS3FullAccess")
        .send()
        .await
        .unwrap();
    let local = iam
        .create_policy()
        .policy_name("local")
        .policy_document(policy_doc("s3:*"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    iam.attach_user_policy()
        .user_name("u")
        .policy_arn(&local)
        .send()
        .await
        .unwrap();

    let mut pages = 0;
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    let mut s3 = None;
    loop {
        let page = iam
            .get_account_authorization_details()
            .filter(EntityType::AwsManagedPolicy)
            .max_items(4)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(page.user_detail_list.unwrap_or_default().is_empty());
        assert!(page.role_detail_list.unwrap_or_default().is_empty());
        let policies = page.policies.unwrap_or_default();
        assert!(policies.len() <= 4);
        for p in policies {
            if p.policy_name.as_deref() == Some("AmazonS3FullAccess") {
                s3 = Some(p.clone());
            }
            names.push(p.policy_name.unwrap());
        }
        assert_eq!(page.is_truncated, page.marker.is_some());
        marker = page.marker;
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 7, "25 policies, 4 a page");
    let mut want: Vec<String> = aws.iter().map(|(n, _)| n.clone()).collect();
    want.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, want, "each in-use AWS-managed policy once, by name");

    let s3 = s3.unwrap();
    assert_eq!(
        s3.arn.as_deref(),
        Some("arn:aws:iam::aws:policy/AmazonS3FullAccess")
    );
    assert_eq!(s3.attachment_count, Some(2));
    assert_eq!(s3.permissions_boundary_usage_count, Some(0));
    assert!(s3.is_attachable);
    assert_eq!(s3.path.as_deref(), Some("/"));
    assert_eq!(s3.default_version_id.as_deref(), Some("v2"));
    assert_eq!(s3.description, None);
    assert!(s3.policy_id.as_deref().unwrap().starts_with("ANPA"));
    // Created in 2015, its default version in 2021 (AWS's managed-policy reference).
    assert!(s3.create_date.unwrap() < s3.update_date.unwrap());
    let versions = s3.policy_version_list.unwrap_or_default();
    let default = &versions[0];
    assert_eq!(default.version_id.as_deref(), Some("v2"));
    assert!(default.is_default_version);
    let document: serde_json::Value =
        serde_json::from_str(&url_decode(default.document.as_deref().unwrap())).unwrap();
    assert_eq!(
        document,
        serde_json::json!({
            "Statement": [{"Action": ["s3:*", "s3-object-lambda:*"], "Effect": "Allow", "Resource": "*"}],
            "Version": "2012-10-17"
        })
    );

    // The SDK's paginator walks the same pages.
    let mut all = Vec::new();
    let mut paginated = iam
        .get_account_authorization_details()
        .filter(EntityType::AwsManagedPolicy)
        .into_paginator()
        .page_size(6)
        .send();
    while let Some(page) = paginated.next().await {
        all.extend(
            page.unwrap()
                .policies
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.policy_name),
        );
    }
    assert_eq!(all, want);

    // Detached everywhere, a policy leaves the list.
    iam.detach_user_policy()
        .user_name("u")
        .policy_arn("arn:aws:iam::aws:policy/AmazonS3FullAccess")
        .send()
        .await
        .unwrap();
    iam.detach_role_policy()
        .role_name("role2")
        .policy_arn("arn:aws:iam::aws:policy/AmazonS3FullAccess")
        .send()
        .await
        .unwrap();
    let after = iam
        .get_account_authorization_details()
        .filter(EntityType::AwsManagedPolicy)
        .send()
        .await
        .unwrap()
        .policies
        .unwrap_or_default();
    assert_eq!(after.len(), 24);
    assert!(
        after
            .iter()
            .all(|p| p.policy_name.as_deref() != Some("AmazonS3FullAccess"))
    );
}
