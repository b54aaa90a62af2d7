//! Users through the AWS SDK: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, TagUser,
//! UntagUser, ListUserTags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
//! and siblings).
use crate::common;

use aws_sdk_iam::operation::create_user::CreateUserError;
use aws_sdk_iam::operation::get_user::GetUserError;
use common::{Server, api_error, policy_doc, tag};
use std::collections::BTreeSet;

/// GetUser for an existing user.
async fn get_user(iam: &aws_sdk_iam::Client, name: &str) -> aws_sdk_iam::types::User {
    iam.get_user()
        .user_name(name)
        .send()
        .await
        .unwrap()
        .user
        .unwrap()
}

#[tokio::test]
async fn create_user_with_path_and_tags_then_get_it() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let created = iam
        .create_user()
        .user_name("alice")
        .path("/eng/")
        .tags(tag("team", "core"))
        .tags(tag("cost-center", "42"))
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(created.user_name, "alice");
    assert_eq!(created.path, "/eng/");
    assert_eq!(
        created.arn,
        format!("arn:aws:iam::{}:user/eng/alice", s.account_id)
    );
    assert!(created.user_id.starts_with("AIDA"), "{}", created.user_id);
    assert_eq!(created.user_id.len(), 21);
    let tags = created.tags.unwrap_or_default();
    assert_eq!(tags.len(), 2);

    let got = get_user(&iam, "alice").await;
    assert_eq!(got.user_id, created.user_id);
    assert_eq!(got.arn, created.arn);
    assert_eq!(got.path, "/eng/");
    assert_eq!(got.create_date, created.create_date);
    let mut tags: Vec<(String, String)> = got
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        vec![
            ("cost-center".to_string(), "42".to_string()),
            ("team".to_string(), "core".to_string())
        ]
    );
}

#[tokio::test]
async fn create_user_defaults_path_to_slash() {
    let s = Server::start().await;
    let user = s
        .iam_client()
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(user.path, "/");
    assert_eq!(user.arn, format!("arn:aws:iam::{}:user/bob", s.account_id));
    assert!(user.tags.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn create_user_twice_is_entity_already_exists() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let err = iam
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_service_error(),
        Some(CreateUserError::EntityAlreadyExistsException(_))
    ));
    let e = api_error::<(), _>(Err(err)).expect(409, "EntityAlreadyExists");
    e.message_is("User with name alice already exists.");
    // Names are unique case-insensitively.
    api_error(iam.create_user().user_name("ALICE").send().await).expect(409, "EntityAlreadyExists");
}

#[tokio::test]
async fn user_name_validation_errors() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let e =
        api_error(iam.create_user().user_name("a b").send().await).expect(400, "ValidationError");
    assert!(
        e.message.starts_with("1 validation error detected: "),
        "{e:?}"
    );
    e.message_is(
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    let long = "x".repeat(65);
    let e =
        api_error(iam.create_user().user_name(&long).send().await).expect(400, "ValidationError");
    assert!(
        e.message
            .contains("Member must have length less than or equal to 64"),
        "{e:?}"
    );
    let e = api_error(iam.get_user().user_name("a b").send().await).expect(400, "ValidationError");
    assert!(e.message.contains("'userName'"), "{e:?}");
}

#[tokio::test]
async fn get_user_missing_is_no_such_entity() {
    let s = Server::start().await;
    let err = s
        .iam_client()
        .get_user()
        .user_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_service_error(),
        Some(GetUserError::NoSuchEntityException(_))
    ));
    api_error::<(), _>(Err(err))
        .expect(404, "NoSuchEntity")
        .message_is("The user with name ghost cannot be found.");
}

#[tokio::test]
async fn get_user_without_name_as_root_describes_the_root_user() {
    let s = Server::start().await;
    let user = s
        .iam_client()
        .get_user()
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(user.arn, format!("arn:aws:iam::{}:root", s.account_id));
    assert_eq!(user.user_id, s.account_id);
}

#[tokio::test]
async fn update_user_renames_and_moves() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let original = iam
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    iam.update_user()
        .user_name("alice")
        .new_user_name("alicia")
        .new_path("/ops/")
        .send()
        .await
        .unwrap();
    let renamed = get_user(&iam, "alicia").await;
    assert_eq!(renamed.user_id, original.user_id);
    assert_eq!(renamed.path, "/ops/");
    assert_eq!(
        renamed.arn,
        format!("arn:aws:iam::{}:user/ops/alicia", s.account_id)
    );
    api_error(iam.get_user().user_name("alice").send().await).expect(404, "NoSuchEntity");

    // Path only.
    iam.update_user()
        .user_name("alicia")
        .new_path("/")
        .send()
        .await
        .unwrap();
    let moved = get_user(&iam, "alicia").await;
    assert_eq!(moved.path, "/");
}

#[tokio::test]
async fn update_user_errors() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_user().user_name("bob").send().await.unwrap();
    api_error(
        iam.update_user()
            .user_name("alice")
            .new_user_name("bob")
            .send()
            .await,
    )
    .expect(409, "EntityAlreadyExists");
    api_error(
        iam.update_user()
            .user_name("ghost")
            .new_user_name("spirit")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    // Both still there, unchanged.
    iam.get_user().user_name("alice").send().await.unwrap();
    iam.get_user().user_name("bob").send().await.unwrap();
}

#[tokio::test]
async fn delete_user_then_it_is_gone() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.delete_user().user_name("alice").send().await.unwrap();
    api_error(iam.get_user().user_name("alice").send().await)
        .expect(404, "NoSuchEntity")
        .message_is("The user with name alice cannot be found.");
    api_error(iam.delete_user().user_name("alice").send().await).expect(404, "NoSuchEntity");
    // The name is free again.
    iam.create_user().user_name("alice").send().await.unwrap();
}

#[tokio::test]
async fn delete_user_conflicts_with_each_dependent() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let delete = || iam.delete_user().user_name("alice").send();

    // Access keys.
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must delete access keys first.");
    iam.delete_access_key()
        .user_name("alice")
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap();

    // Login profile.
    iam.create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-Battery-9")
        .send()
        .await
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must delete login profile first.");
    iam.delete_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();

    // Group membership.
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    api_error(delete().await).expect(409, "DeleteConflict");
    iam.remove_user_from_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();

    // Attached managed policy.
    let arn = iam
        .create_policy()
        .policy_name("p")
        .policy_document(policy_doc("s3:GetObject"))
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
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must detach all policies first.");
    iam.detach_user_policy()
        .user_name("alice")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();

    // Inline policy.
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("inline")
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must delete policies first.");
    iam.delete_user_policy()
        .user_name("alice")
        .policy_name("inline")
        .send()
        .await
        .unwrap();

    delete().await.unwrap();
}

#[tokio::test]
async fn list_users_by_path_prefix() {
    let s = Server::start().await;
    let iam = s.iam_client();
    for (name, path) in [
        ("a1", "/"),
        ("e1", "/eng/"),
        ("e2", "/eng/backend/"),
        ("o1", "/ops/"),
    ] {
        iam.create_user()
            .user_name(name)
            .path(path)
            .send()
            .await
            .unwrap();
    }
    let names = |out: aws_sdk_iam::operation::list_users::ListUsersOutput| {
        out.users
            .into_iter()
            .map(|u| u.user_name)
            .collect::<BTreeSet<_>>()
    };
    let all = names(iam.list_users().send().await.unwrap());
    assert_eq!(
        all,
        BTreeSet::from(["a1", "e1", "e2", "o1"].map(String::from))
    );
    let eng = names(iam.list_users().path_prefix("/eng/").send().await.unwrap());
    assert_eq!(eng, BTreeSet::from(["e1", "e2"].map(String::from)));
    let none = names(iam.list_users().path_prefix("/nope/").send().await.unwrap());
    assert!(none.is_empty());
}

#[tokio::test]
async fn list_users_paginates_with_marker() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let expected: BTreeSet<String> = (0..5).map(|i| format!("user{i}")).collect();
    for name in &expected {
        iam.create_user().user_name(name).send().await.unwrap();
    }

    let first = iam.list_users().max_items(2).send().await.unwrap();
    assert_eq!(first.users.len(), 2);
    assert!(first.is_truncated);
    let marker = first.marker.clone().expect("marker when truncated");
    let second = iam
        .list_users()
        .max_items(2)
        .marker(&marker)
        .send()
        .await
        .unwrap();
    assert_eq!(second.users.len(), 2);
    assert!(second.is_truncated);
    let third = iam
        .list_users()
        .max_items(2)
        .marker(second.marker.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(third.users.len(), 1);
    assert!(!third.is_truncated);
    assert!(third.marker.is_none());
    let seen: BTreeSet<String> = [first.users, second.users, third.users]
        .into_iter()
        .flatten()
        .map(|u| u.user_name)
        .collect();
    assert_eq!(seen, expected);

    let collected: Vec<_> = iam
        .list_users()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(collected.len(), 5);
    let collected: BTreeSet<String> = collected.into_iter().map(|u| u.user_name).collect();
    assert_eq!(collected, expected);
}

#[tokio::test]
async fn tag_untag_and_list_user_tags() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user()
        .user_name("alice")
        .tags(tag("a", "1"))
        .send()
        .await
        .unwrap();
    iam.tag_user()
        .user_name("alice")
        .tags(tag("b", "2"))
        .tags(tag("a", "one"))
        .send()
        .await
        .unwrap();
    let tags = |out: aws_sdk_iam::operation::list_user_tags::ListUserTagsOutput| {
        let mut v: Vec<(String, String)> = out.tags.into_iter().map(|t| (t.key, t.value)).collect();
        v.sort();
        v
    };
    let listed = tags(
        iam.list_user_tags()
            .user_name("alice")
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(
        listed,
        vec![
            ("a".to_string(), "one".to_string()),
            ("b".to_string(), "2".to_string())
        ]
    );
    iam.untag_user()
        .user_name("alice")
        .tag_keys("a")
        .tag_keys("not-there")
        .send()
        .await
        .unwrap();
    let listed = tags(
        iam.list_user_tags()
            .user_name("alice")
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(listed, vec![("b".to_string(), "2".to_string())]);

    let out = iam
        .list_user_tags()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!out.is_truncated);

    api_error(
        iam.tag_user()
            .user_name("ghost")
            .tags(tag("a", "1"))
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(iam.list_user_tags().user_name("ghost").send().await).expect(404, "NoSuchEntity");
    api_error(
        iam.untag_user()
            .user_name("ghost")
            .tag_keys("a")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
}

/// Users list their tags by key, not by key length as managed policies do (AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_users.snapshot.json, test_user_tag_lifecycle
/// `list-user-tags`: `Environment`, `Team`).
#[tokio::test]
async fn user_tags_list_by_key() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user()
        .user_name("carol")
        .tags(tag("Team", "platform"))
        .tags(tag("Environment", "dev"))
        .tags(tag("abc", "x"))
        .send()
        .await
        .unwrap();
    let out = iam
        .list_user_tags()
        .user_name("carol")
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = out.tags.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["Environment", "Team", "abc"]);
}

#[tokio::test]
async fn tag_user_rejects_more_than_fifty_tags() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let mut req = iam.tag_user().user_name("alice");
    for i in 0..50 {
        req = req.tags(tag(&format!("k{i}"), "v"));
    }
    req.send().await.unwrap();
    api_error(
        iam.tag_user()
            .user_name("alice")
            .tags(tag("one-more", "v"))
            .send()
            .await,
    )
    .expect(409, "LimitExceeded");
}
