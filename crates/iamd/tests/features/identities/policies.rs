//! Managed policies through the AWS SDK: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
//! policy versions, policy tags, attachments and ListEntitiesForPolicy
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html and siblings).
use crate::common;

use aws_sdk_iam::types::{PolicyScopeType, PolicyUsageType};
use common::{Server, api_error, policy_doc, tag, url_decode};
use std::collections::BTreeSet;

const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const VIEW_ONLY: &str = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";

async fn create(iam: &aws_sdk_iam::Client, name: &str, path: Option<&str>) -> String {
    iam.create_policy()
        .policy_name(name)
        .set_path(path.map(str::to_string))
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap()
}

#[tokio::test]
async fn create_get_and_delete_policy() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let p = iam
        .create_policy()
        .policy_name("reader")
        .path("/app/")
        .description("reads things")
        .policy_document(policy_doc("s3:GetObject"))
        .tags(tag("owner", "me"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    let arn = format!("arn:aws:iam::{}:policy/app/reader", s.account_id);
    assert_eq!(p.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(p.policy_name.as_deref(), Some("reader"));
    assert_eq!(p.path.as_deref(), Some("/app/"));
    assert_eq!(p.default_version_id.as_deref(), Some("v1"));
    assert_eq!(p.attachment_count, Some(0));
    assert!(p.is_attachable);
    let id = p.policy_id.unwrap();
    assert!(id.starts_with("ANPA"), "{id}");
    assert_eq!(id.len(), 21);

    let got = iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(got.policy_id.as_deref(), Some(id.as_str()));
    assert_eq!(got.description.as_deref(), Some("reads things"));
    assert_eq!(got.default_version_id.as_deref(), Some("v1"));
    let tags = got.tags.unwrap_or_default();
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_str()),
        ("owner", "me")
    );

    api_error(
        iam.create_policy()
            .policy_name("reader")
            .policy_document(policy_doc("s3:GetObject"))
            .send()
            .await,
    )
    .expect(409, "EntityAlreadyExists")
    .message_is("A policy called reader already exists. Duplicate names are not allowed.");

    iam.delete_policy().policy_arn(&arn).send().await.unwrap();
    api_error(iam.get_policy().policy_arn(&arn).send().await)
        .expect(404, "NoSuchEntity")
        .message_is(&format!("Policy {arn} was not found."));
    api_error(iam.delete_policy().policy_arn(&arn).send().await).expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn malformed_policy_documents_are_rejected() {
    let s = Server::start().await;
    let iam = s.iam_client();
    api_error(
        iam.create_policy()
            .policy_name("bad")
            .policy_document("this is not json")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument")
    .message_is("Syntax errors in policy.");
    api_error(
        iam.create_policy()
            .policy_name("bad")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#,
            )
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
    // Nothing was created.
    let local = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    assert!(local.policies.unwrap_or_default().is_empty());

    let arn = create(&iam, "good", None).await;
    api_error(
        iam.create_policy_version()
            .policy_arn(&arn)
            .policy_document("{")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
}

#[tokio::test]
async fn get_aws_managed_policies() {
    let s = Server::start().await;
    let iam = s.iam_client();
    for arn in [READ_ONLY, VIEW_ONLY] {
        let p = iam
            .get_policy()
            .policy_arn(arn)
            .send()
            .await
            .unwrap()
            .policy
            .unwrap();
        assert_eq!(p.arn.as_deref(), Some(arn));
        assert!(p.is_attachable);
        let version = p.default_version_id.unwrap();
        let v = iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(&version)
            .send()
            .await
            .unwrap()
            .policy_version
            .unwrap();
        assert!(v.is_default_version);
        let doc = url_decode(&v.document.unwrap());
        assert!(doc.contains("\"Statement\""), "{doc}");
    }
    let p = iam
        .get_policy()
        .policy_arn(VIEW_ONLY)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(p.path.as_deref(), Some("/job-function/"));
    assert_eq!(p.policy_name.as_deref(), Some("ViewOnlyAccess"));
    api_error(
        iam.get_policy()
            .policy_arn("arn:aws:iam::aws:policy/NoSuchPolicyAtAll")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("Policy arn:aws:iam::aws:policy/NoSuchPolicyAtAll was not found.");
}

#[tokio::test]
async fn list_policies_by_scope_path_and_attachment() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let a = create(&iam, "a", None).await;
    let _b = create(&iam, "b", Some("/team/")).await;
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(&a)
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(READ_ONLY)
        .send()
        .await
        .unwrap();

    let names = |ps: Vec<aws_sdk_iam::types::Policy>| -> BTreeSet<String> {
        ps.into_iter().filter_map(|p| p.arn).collect()
    };
    let local = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    assert!(!local.is_truncated);
    let local = names(local.policies.unwrap_or_default());
    assert_eq!(local.len(), 2);
    assert!(local.iter().all(|a| a.contains(&s.account_id)));

    let aws: Vec<_> = iam
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let aws = names(aws);
    assert!(aws.contains(READ_ONLY));
    assert!(aws.contains(VIEW_ONLY));
    assert!(
        aws.iter()
            .all(|a| a.starts_with("arn:aws:iam::aws:policy/"))
    );

    let all: Vec<_> = iam
        .list_policies()
        .scope(PolicyScopeType::All)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), aws.len() + 2);
    // Default scope is All.
    let default: Vec<_> = iam
        .list_policies()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(default.len(), all.len());

    let attached = iam
        .list_policies()
        .only_attached(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        names(attached.policies.unwrap_or_default()),
        BTreeSet::from([a.clone(), READ_ONLY.to_string()])
    );
    let attached_local = iam
        .list_policies()
        .only_attached(true)
        .scope(PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    assert_eq!(
        names(attached_local.policies.unwrap_or_default()),
        BTreeSet::from([a.clone()])
    );

    let team = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .path_prefix("/team/")
        .send()
        .await
        .unwrap();
    let team = team.policies.unwrap_or_default();
    assert_eq!(team.len(), 1);
    assert_eq!(team[0].policy_name.as_deref(), Some("b"));
    let job = iam
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .path_prefix("/job-function/")
        .send()
        .await
        .unwrap();
    let job = names(job.policies.unwrap_or_default());
    assert!(job.contains(VIEW_ONLY));
    assert!(!job.contains(READ_ONLY));

    let page = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.policies.unwrap_or_default().len(), 1);
    assert!(page.is_truncated);
    let rest = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .max_items(1)
        .marker(page.marker.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.policies.unwrap_or_default().len(), 1);
    assert!(!rest.is_truncated);

    let used = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .policy_usage_filter(PolicyUsageType::PermissionsPolicy)
        .only_attached(true)
        .send()
        .await
        .unwrap();
    assert_eq!(used.policies.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn policy_versions_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let arn = create(&iam, "versioned", None).await;

    // v1 comes back URL-encoded (AWS encodes documents; the SDK does not decode them).
    let v1 = iam
        .get_policy_version()
        .policy_arn(&arn)
        .version_id("v1")
        .send()
        .await
        .unwrap()
        .policy_version
        .unwrap();
    let raw = v1.document.unwrap();
    assert!(raw.starts_with("%7B"), "{raw}");
    assert_eq!(url_decode(&raw), policy_doc("s3:GetObject"));
    assert!(v1.is_default_version);
    assert_eq!(v1.version_id.as_deref(), Some("v1"));

    for i in 2..=5 {
        let v = iam
            .create_policy_version()
            .policy_arn(&arn)
            .policy_document(policy_doc(&format!("s3:Action{i}")))
            .set_as_default(i == 3)
            .send()
            .await
            .unwrap()
            .policy_version
            .unwrap();
        assert_eq!(v.version_id, Some(format!("v{i}")));
        assert_eq!(v.is_default_version, i == 3);
    }
    api_error(
        iam.create_policy_version()
            .policy_arn(&arn)
            .policy_document(policy_doc("s3:Six"))
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is(
        "A managed policy can have up to 5 versions. Before you create a new version, you must \
         delete an existing version.",
    );

    let p = iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(p.default_version_id.as_deref(), Some("v3"));

    let versions = iam
        .list_policy_versions()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .versions
        .unwrap_or_default();
    assert_eq!(versions.len(), 5);
    let defaults: Vec<_> = versions
        .iter()
        .filter(|v| v.is_default_version)
        .map(|v| v.version_id.clone().unwrap())
        .collect();
    assert_eq!(defaults, vec!["v3".to_string()]);

    let v4 = iam
        .get_policy_version()
        .policy_arn(&arn)
        .version_id("v4")
        .send()
        .await
        .unwrap()
        .policy_version
        .unwrap();
    assert_eq!(url_decode(&v4.document.unwrap()), policy_doc("s3:Action4"));
    assert!(!v4.is_default_version);

    api_error(
        iam.delete_policy_version()
            .policy_arn(&arn)
            .version_id("v3")
            .send()
            .await,
    )
    .expect(409, "DeleteConflict")
    .message_is("Cannot delete the default version of a policy.");

    iam.set_default_policy_version()
        .policy_arn(&arn)
        .version_id("v5")
        .send()
        .await
        .unwrap();
    iam.delete_policy_version()
        .policy_arn(&arn)
        .version_id("v3")
        .send()
        .await
        .unwrap();
    api_error(
        iam.get_policy_version()
            .policy_arn(&arn)
            .version_id("v3")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.delete_policy_version()
            .policy_arn(&arn)
            .version_id("v3")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.set_default_policy_version()
            .policy_arn(&arn)
            .version_id("v3")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    // Version IDs are never reused.
    let v = iam
        .create_policy_version()
        .policy_arn(&arn)
        .policy_document(policy_doc("s3:Seven"))
        .send()
        .await
        .unwrap()
        .policy_version
        .unwrap();
    assert_eq!(v.version_id.as_deref(), Some("v6"));

    // DeletePolicy wants the non-default versions gone first.
    api_error(iam.delete_policy().policy_arn(&arn).send().await).expect(409, "DeleteConflict");
    for v in ["v1", "v2", "v4", "v6"] {
        iam.delete_policy_version()
            .policy_arn(&arn)
            .version_id(v)
            .send()
            .await
            .unwrap();
    }
    iam.delete_policy().policy_arn(&arn).send().await.unwrap();

    let missing = format!("arn:aws:iam::{}:policy/missing", s.account_id);
    api_error(
        iam.create_policy_version()
            .policy_arn(&missing)
            .policy_document(policy_doc("s3:*"))
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(iam.list_policy_versions().policy_arn(&missing).send().await)
        .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn tag_untag_and_list_policy_tags() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let arn = create(&iam, "tagged", None).await;
    iam.tag_policy()
        .policy_arn(&arn)
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .send()
        .await
        .unwrap();
    let tags = iam
        .list_policy_tags()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags;
    let mut tags: Vec<_> = tags.into_iter().map(|t| (t.key, t.value)).collect();
    tags.sort();
    assert_eq!(
        tags,
        vec![("a".into(), "1".into()), ("b".into(), "2".into())]
    );
    iam.untag_policy()
        .policy_arn(&arn)
        .tag_keys("a")
        .send()
        .await
        .unwrap();
    let tags = iam
        .list_policy_tags()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags;
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].key, "b");

    let missing = format!("arn:aws:iam::{}:policy/missing", s.account_id);
    api_error(
        iam.tag_policy()
            .policy_arn(&missing)
            .tags(tag("a", "1"))
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(iam.list_policy_tags().policy_arn(&missing).send().await).expect(404, "NoSuchEntity");
}

/// Managed policies keep tag keys as written: `a` and `A` are two tags, untagging `a` leaves
/// `A`, and only an exact duplicate is refused, with a text shorter than other entities' (recorded:
/// aws-recorded/iam/test_iam_policies.snapshot.json: test_policy_tag_lifecycle
/// `create-with-case-sensitive-tags`, `list-case-sensitive-tags`; test_policy_tag_operations
/// `list-case-sensitive-tags`, `list-after-untag-lowercase`; test_policy_tag_create_errors
/// `err-duplicate-keys` and test_policy_tag_update_errors `err-tag-duplicate-keys`: InvalidInput,
/// 400). Roles still compare keys ignoring case (test_iam_roles.snapshot.json
/// `create-role-duplicate-tags-different-case`, `tag-role-duplicate-tags-different-case`).
#[tokio::test]
async fn policy_tag_keys_are_case_sensitive() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let sorted = |tags: Vec<aws_sdk_iam::types::Tag>| {
        let mut tags: Vec<(String, String)> = tags.into_iter().map(|t| (t.key, t.value)).collect();
        tags.sort();
        tags
    };
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    let created = iam
        .create_policy()
        .policy_name("cased")
        .policy_document(policy_doc("s3:GetObject"))
        .tags(tag("a", "lowercase"))
        .tags(tag("A", "uppercase"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    let arn = created.arn.unwrap();
    assert_eq!(
        sorted(created.tags.unwrap_or_default()),
        [pair("A", "uppercase"), pair("a", "lowercase")]
    );

    let other = create(&iam, "retagged", None).await;
    iam.tag_policy()
        .policy_arn(&other)
        .tags(tag("a", "lowercase"))
        .tags(tag("A", "uppercase"))
        .send()
        .await
        .unwrap();
    // Tagging `a` again replaces `a` only.
    iam.tag_policy()
        .policy_arn(&other)
        .tags(tag("a", "new"))
        .send()
        .await
        .unwrap();
    let list = |arn: String| {
        let iam = iam.clone();
        async move {
            iam.list_policy_tags()
                .policy_arn(arn)
                .send()
                .await
                .unwrap()
                .tags
        }
    };
    assert_eq!(
        sorted(list(other.clone()).await),
        [pair("A", "uppercase"), pair("a", "new")]
    );
    iam.untag_policy()
        .policy_arn(&other)
        .tag_keys("a")
        .send()
        .await
        .unwrap();
    assert_eq!(sorted(list(other.clone()).await), [pair("A", "uppercase")]);
    assert_eq!(sorted(list(arn).await).len(), 2);

    // Exact duplicates are refused, on create and on tag.
    api_error(
        iam.create_policy()
            .policy_name("dup")
            .policy_document(policy_doc("s3:GetObject"))
            .tags(tag("0", ""))
            .tags(tag("0", ""))
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is("Duplicate tag keys found.");
    api_error(
        iam.tag_policy()
            .policy_arn(&other)
            .tags(tag("0", ""))
            .tags(tag("0", ""))
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is("Duplicate tag keys found.");

    // Roles compare keys ignoring case.
    api_error(
        iam.create_role()
            .role_name("r")
            .assume_role_policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            )
            .tags(tag("a", "lowercase"))
            .tags(tag("A", "uppercase"))
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

#[tokio::test]
async fn attach_detach_and_list_entities_for_policy() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let arn = create(&iam, "shared", None).await;
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();

    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    // Attaching twice is not an error and does not double count.
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(READ_ONLY)
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(VIEW_ONLY)
        .send()
        .await
        .unwrap();

    let p = iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(p.attachment_count, Some(2));

    let user_attached = iam
        .list_attached_user_policies()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!user_attached.is_truncated);
    let arns: BTreeSet<String> = user_attached
        .attached_policies
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.policy_arn)
        .collect();
    assert_eq!(arns, BTreeSet::from([arn.clone(), READ_ONLY.to_string()]));

    let group_attached = iam
        .list_attached_group_policies()
        .group_name("devs")
        .send()
        .await
        .unwrap()
        .attached_policies
        .unwrap_or_default();
    let names: BTreeSet<String> = group_attached
        .into_iter()
        .filter_map(|p| p.policy_name)
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["shared".to_string(), "ViewOnlyAccess".to_string()])
    );

    let entities = iam
        .list_entities_for_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    let users: Vec<String> = entities
        .policy_users
        .unwrap_or_default()
        .into_iter()
        .filter_map(|u| u.user_name)
        .collect();
    let groups: Vec<String> = entities
        .policy_groups
        .unwrap_or_default()
        .into_iter()
        .filter_map(|g| g.group_name)
        .collect();
    assert_eq!(users, vec!["alice".to_string()]);
    assert_eq!(groups, vec!["devs".to_string()]);
    assert!(entities.policy_roles.unwrap_or_default().is_empty());

    let only_users = iam
        .list_entities_for_policy()
        .policy_arn(&arn)
        .entity_filter(aws_sdk_iam::types::EntityType::User)
        .send()
        .await
        .unwrap();
    assert_eq!(only_users.policy_users.unwrap_or_default().len(), 1);
    assert!(only_users.policy_groups.unwrap_or_default().is_empty());

    let ro = iam
        .list_entities_for_policy()
        .policy_arn(READ_ONLY)
        .send()
        .await
        .unwrap();
    assert_eq!(ro.policy_users.unwrap_or_default().len(), 1);

    // Attached policies cannot be deleted.
    api_error(iam.delete_policy().policy_arn(&arn).send().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete a policy attached to entities.");

    iam.detach_user_policy()
        .user_name("alice")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.detach_group_policy()
        .group_name("devs")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    api_error(
        iam.detach_user_policy()
            .user_name("alice")
            .policy_arn(&arn)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.detach_group_policy()
            .group_name("devs")
            .policy_arn(&arn)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    let p = iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(p.attachment_count, Some(0));
    let entities = iam
        .list_entities_for_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    assert!(entities.policy_users.unwrap_or_default().is_empty());
    assert!(entities.policy_groups.unwrap_or_default().is_empty());
    iam.delete_policy().policy_arn(&arn).send().await.unwrap();
}

#[tokio::test]
async fn attach_errors() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    let arn = create(&iam, "p", None).await;
    let missing = format!("arn:aws:iam::{}:policy/missing", s.account_id);
    api_error(
        iam.attach_user_policy()
            .user_name("alice")
            .policy_arn(&missing)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Policy {missing} does not exist or is not attachable."
    ));
    api_error(
        iam.attach_group_policy()
            .group_name("devs")
            .policy_arn(&missing)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.attach_user_policy()
            .user_name("ghost")
            .policy_arn(&arn)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(
        iam.attach_group_policy()
            .group_name("ghosts")
            .policy_arn(&arn)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group with name ghosts cannot be found.");
    // Not a policy ARN: ValidationError (recorded: aws-recorded/iam/test_iam.snapshot.json
    // `non_existent_malformed_policy_arn` (AttachUserPolicy), test_iam_roles.snapshot.json
    // `non-existent-malformed-policy-arn` (AttachRolePolicy): 400), refused before the entity
    // is looked up.
    let bad = "longpolicynamebutnoarn";
    for user in ["alice", "ghost"] {
        api_error(
            iam.attach_user_policy()
                .user_name(user)
                .policy_arn(bad)
                .send()
                .await,
        )
        .expect(400, "ValidationError")
        .message_is("ARN longpolicynamebutnoarn is not valid.");
    }
    api_error(
        iam.attach_group_policy()
            .group_name("ghosts")
            .policy_arn(bad)
            .send()
            .await,
    )
    .expect(400, "ValidationError")
    .message_is("ARN longpolicynamebutnoarn is not valid.");
    api_error(
        iam.attach_role_policy()
            .role_name("ghost-role")
            .policy_arn(bad)
            .send()
            .await,
    )
    .expect(400, "ValidationError")
    .message_is("ARN longpolicynamebutnoarn is not valid.");
    api_error(
        iam.list_attached_user_policies()
            .user_name("ghost")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.list_attached_group_policies()
            .group_name("ghosts")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.list_entities_for_policy()
            .policy_arn(&missing)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn list_attached_user_policies_paginates() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    for i in 0..3 {
        let arn = create(&iam, &format!("p{i}"), None).await;
        iam.attach_user_policy()
            .user_name("alice")
            .policy_arn(arn)
            .send()
            .await
            .unwrap();
    }
    let page = iam
        .list_attached_user_policies()
        .user_name("alice")
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.attached_policies.unwrap_or_default().len(), 2);
    assert!(page.is_truncated);
    let all: Vec<_> = iam
        .list_attached_user_policies()
        .user_name("alice")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

/// CreatePolicy answers the policy without its `Description`; GetPolicy has it. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_policies.snapshot.json,
/// `TestPolicyTags::test_policy_tag_lifecycle` "create-with-tags" (created with
/// `Description="testing"`, answered without it) against "get-with-tags" (`"Description": "testing"`).
#[tokio::test]
async fn create_policy_answers_without_description() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let created = iam
        .create_policy()
        .policy_name("described")
        .description("testing")
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(created.policy_name.as_deref(), Some("described"));
    assert_eq!(created.description, None);
    let got = iam
        .get_policy()
        .policy_arn(created.arn.unwrap())
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(got.description.as_deref(), Some("testing"));
}

/// GetPolicy always has `Tags`, an empty list for a policy without tags, an AWS-managed one
/// included; CreatePolicy has it only when tags were given, ListPolicies never. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_policies.snapshot.json,
/// `TestPolicies::test_policy_lifecycle[/]` "create-policy-response" (no Tags),
/// "get-policy-response" (`"Tags": []`), "filtered-policy-list" (no Tags);
/// test_iam_managed_policies.snapshot.json, `TestGetAwsManagedPolicy::test_get_aws_managed_policy`
/// "get-policy" (`"Tags": []`).
#[tokio::test]
async fn get_policy_has_an_empty_tag_list() {
    let h = crate::support::harness().await;
    let created = h
        .ok(&[
            ("Action", "CreatePolicy"),
            ("PolicyName", "untagged"),
            ("PolicyDocument", &policy_doc("s3:GetObject")),
        ])
        .await;
    assert_eq!(
        crate::support::find_tag(&created, "Tags"),
        None,
        "{created}"
    );
    let arn = crate::support::tag(&created, "Arn");
    let got = h.ok(&[("Action", "GetPolicy"), ("PolicyArn", &arn)]).await;
    assert_eq!(
        crate::support::find_tag(&got, "Tags").as_deref(),
        Some(""),
        "{got}"
    );
    let listed = h
        .ok(&[("Action", "ListPolicies"), ("Scope", "Local")])
        .await;
    assert_eq!(crate::support::find_tag(&listed, "Tags"), None, "{listed}");
    let managed = h
        .ok(&[("Action", "GetPolicy"), ("PolicyArn", READ_ONLY)])
        .await;
    assert_eq!(
        crate::support::find_tag(&managed, "Tags").as_deref(),
        Some(""),
        "{managed}"
    );
}

/// Tags list shorter keys first, then by key, and page to the end with `MaxItems` (AWS-recorded:
/// test_iam_policies.snapshot.json lists tags created as `abc, b, z, a` as `a, b, z, abc`; and
/// `somekey` before `someotherkey`, "list-tags-page1"/"list-tags-page2" one per page).
#[tokio::test]
async fn policy_tags_list_in_aws_order_and_page_to_the_end() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let arn = create(&iam, "ordered", None).await;
    iam.tag_policy()
        .policy_arn(&arn)
        .tags(tag("abc", "1"))
        .tags(tag("b", "2"))
        .tags(tag("z", "3"))
        .tags(tag("a", "4"))
        .send()
        .await
        .unwrap();
    let all = iam
        .list_policy_tags()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = all.tags().iter().map(|t| t.key()).collect();
    assert_eq!(keys, ["a", "b", "z", "abc"]);
    // One tag per page: four pages, each tag once, then the end.
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..10 {
        let page = iam
            .list_policy_tags()
            .policy_arn(&arn)
            .max_items(1)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        seen.extend(page.tags().iter().map(|t| t.key().to_string()));
        marker = page.marker().map(str::to_string);
        if !page.is_truncated() {
            break;
        }
    }
    assert_eq!(seen, ["a", "b", "z", "abc"]);
}

/// AWS's texts for policies that are missing or not the caller's (AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_policies.snapshot.json `test_policy_version_errors`,
/// `test_list_entities_for_policy_errors`; test_iam_managed_policies.snapshot.json
/// `test_aws_managed_policy_errors`; test_iam_roles.snapshot.json
/// `test_role_permissions_boundary_errors`).
#[tokio::test]
async fn missing_and_foreign_policies_get_aws_texts() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let account = &s.account_id;
    let missing = format!("arn:aws:iam::{account}:policy/TestNonExistingPolicy");
    api_error(
        iam.get_policy_version()
            .policy_arn(&missing)
            .version_id("v1")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Policy {missing} version v1 does not exist or is not attachable."
    ));
    api_error(
        iam.set_default_policy_version()
            .policy_arn(&missing)
            .version_id("v1")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Policy {missing} version v1 does not exist or is not attachable."
    ));
    api_error(
        iam.list_entities_for_policy()
            .policy_arn(&missing)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Policy {missing} does not exist or is not attachable."
    ));
    let own = create(&iam, "versioned", None).await;
    api_error(
        iam.delete_policy_version()
            .policy_arn(&own)
            .version_id("v9")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Policy {own} version v9 does not exist or is not attachable."
    ));

    // AWS-managed policies belong to no account: changing one is AccessDenied (403).
    api_error(iam.delete_policy().policy_arn(READ_ONLY).send().await)
        .expect(403, "AccessDenied")
        .message_is("Cannot delete policies outside your own account.");
    api_error(
        iam.delete_policy_version()
            .policy_arn(READ_ONLY)
            .version_id("v1")
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is("Cannot delete policy versions for policies outside your own account.");
    api_error(
        iam.set_default_policy_version()
            .policy_arn(READ_ONLY)
            .version_id("v1")
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is("Cannot update policies outside your own account.");

    // A permissions boundary: not a policy ARN, then a policy ARN naming nothing.
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let not_a_policy = format!("arn:aws:iam::{account}:not_a_policy/invalid");
    api_error(
        iam.create_role()
            .role_name("bounded")
            .assume_role_policy_document(trust)
            .permissions_boundary(&not_a_policy)
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(&format!("ARN {not_a_policy} is not valid."));
    let nonexistent = format!("arn:aws:iam::{account}:policy/nonexistent-policy");
    api_error(
        iam.create_role()
            .role_name("bounded")
            .assume_role_policy_document(trust)
            .permissions_boundary(&nonexistent)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "Scope ARN: {nonexistent} does not exist or is not attachable."
    ));
}

/// ListPolicies lists the account's own policies first, then AWS's in creation order
/// (AWS-recorded: tests/conformance/aws-recorded/iam/test_iam_policies.snapshot.json
/// `test_policy_lifecycle` finds a new policy on the first page of an unfiltered list;
/// test_iam_managed_policies.snapshot.json `test_list_policies_scope_aws` starts with these four).
#[tokio::test]
async fn list_policies_lists_own_policies_first_then_aws_in_creation_order() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let own = create(&iam, "zz-last-by-name", Some("/test/path/")).await;
    let first = iam.list_policies().send().await.unwrap();
    let names: Vec<&str> = first
        .policies()
        .iter()
        .filter_map(|p| p.policy_name())
        .collect();
    assert_eq!(names.len(), 100);
    assert_eq!(first.policies()[0].arn(), Some(own.as_str()));
    assert_eq!(
        &names[1..5],
        [
            "AdministratorAccess",
            "PowerUserAccess",
            "ReadOnlyAccess",
            "AWSCloudFormationReadOnlyAccess"
        ]
    );
    let aws = iam
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .max_items(5)
        .send()
        .await
        .unwrap();
    assert!(aws.is_truncated);
    assert_eq!(aws.policies()[0].policy_name(), Some("AdministratorAccess"));
    // The marker resumes where the page ended.
    let next = iam
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .max_items(1)
        .marker(aws.marker().unwrap())
        .send()
        .await
        .unwrap();
    let fifth = aws.policies()[4].policy_name().unwrap();
    assert_ne!(next.policies()[0].policy_name(), Some(fifth));
    assert_eq!(
        iam.list_policies()
            .scope(PolicyScopeType::Aws)
            .max_items(6)
            .send()
            .await
            .unwrap()
            .policies()[5]
            .policy_name(),
        next.policies()[0].policy_name()
    );
}
