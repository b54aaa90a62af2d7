//! Access keys through the AWS SDK: CreateAccessKey, ListAccessKeys, UpdateAccessKey,
//! DeleteAccessKey, GetAccessKeyLastUsed, and what a user's own key may do
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html and siblings).
use crate::common;

use aws_sdk_iam::types::StatusType;
use common::{Server, api_error};
use std::collections::BTreeSet;

#[tokio::test]
async fn create_up_to_two_keys_then_limit_exceeded() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let mut ids = BTreeSet::new();
    for _ in 0..2 {
        let key = iam
            .create_access_key()
            .user_name("alice")
            .send()
            .await
            .unwrap()
            .access_key
            .unwrap();
        assert_eq!(key.user_name, "alice");
        assert!(
            key.access_key_id.starts_with("AKIA"),
            "{}",
            key.access_key_id
        );
        assert_eq!(key.access_key_id.len(), 20);
        assert_eq!(key.secret_access_key.len(), 40);
        assert_eq!(key.status, StatusType::Active);
        assert!(key.create_date.is_some());
        ids.insert(key.access_key_id);
    }
    api_error(iam.create_access_key().user_name("alice").send().await)
        .expect(409, "LimitExceeded")
        .message_is("Cannot exceed quota for AccessKeysPerUser: 2");

    let listed = iam
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!listed.is_truncated);
    let listed_ids: BTreeSet<String> = listed
        .access_key_metadata
        .iter()
        .filter_map(|k| k.access_key_id.clone())
        .collect();
    assert_eq!(listed_ids, ids);
    for k in &listed.access_key_metadata {
        assert_eq!(k.user_name.as_deref(), Some("alice"));
        assert_eq!(k.status, Some(StatusType::Active));
        assert!(k.create_date.is_some());
    }

    api_error(iam.create_access_key().user_name("ghost").send().await)
        .expect(404, "NoSuchEntity")
        .message_is("The user with name ghost cannot be found.");
    api_error(iam.list_access_keys().user_name("ghost").send().await).expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn root_lists_its_own_keys_without_user_name() {
    let s = Server::start().await;
    let listed = s.iam_client().list_access_keys().send().await.unwrap();
    let ids: Vec<String> = listed
        .access_key_metadata
        .into_iter()
        .filter_map(|k| k.access_key_id)
        .collect();
    assert_eq!(ids, vec![s.root_key.0.clone()]);
}

#[tokio::test]
async fn a_users_key_identifies_the_user_and_is_denied_other_actions() {
    let s = Server::start().await;
    let (user_iam, key_id, secret) = s.user_client("bob").await;

    let who = s
        .sts_client_with(&key_id, &secret)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let arn = format!("arn:aws:iam::{}:user/bob", s.account_id);
    assert_eq!(who.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(who.account.as_deref(), Some(s.account_id.as_str()));
    let user_id = who.user_id.unwrap();
    assert!(user_id.starts_with("AIDA"), "{user_id}");

    // Without a policy even reading oneself is denied, as in AWS.
    let e = api_error(user_iam.get_user().send().await).expect(403, "AccessDenied");
    assert!(
        e.message.starts_with(&format!(
            "User: {arn} is not authorized to perform: iam:GetUser on resource: {arn}"
        )),
        "{e:?}"
    );
    s.iam_client()
        .put_user_policy()
        .user_name("bob")
        .policy_name("self")
        .policy_document(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"iam:GetUser","Resource":"{arn}"}}]}}"#
        ))
        .send()
        .await
        .unwrap();
    let me = user_iam.get_user().send().await.unwrap().user.unwrap();
    assert_eq!(me.user_name, "bob");
    assert_eq!(me.arn, arn);
    assert_eq!(me.user_id, user_id);

    let e = api_error(user_iam.list_users().send().await).expect(403, "AccessDenied");
    let prefix = format!("User: {arn} is not authorized to perform: iam:ListUsers on resource: *");
    assert!(e.message.starts_with(&prefix), "{e:?}");

    let e = api_error(user_iam.create_user().user_name("mallory").send().await)
        .expect(403, "AccessDenied");
    assert!(
        e.message.starts_with(&format!(
            "User: {arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::{}:user/mallory",
            s.account_id
        )),
        "{e:?}"
    );
    // Nothing was created.
    api_error(s.iam_client().get_user().user_name("mallory").send().await)
        .expect(404, "NoSuchEntity");

    // The policy names bob only: another user's details stay unreadable.
    s.iam_client()
        .create_user()
        .user_name("carol")
        .send()
        .await
        .unwrap();
    api_error(user_iam.get_user().user_name("carol").send().await).expect(403, "AccessDenied");

    // A policy allowing iam:ListUsers lets bob list.
    s.iam_client()
        .put_user_policy()
        .user_name("bob")
        .policy_name("list")
        .policy_document(common::policy_doc("iam:ListUsers"))
        .send()
        .await
        .unwrap();
    let users = user_iam.list_users().send().await.unwrap().users;
    assert_eq!(users.len(), 2);
}

#[tokio::test]
async fn inactive_and_deleted_keys_are_rejected() {
    let s = Server::start().await;
    let root = s.iam_client();
    let (user_iam, key_id, secret) = s.user_client("bob").await;
    let user_sts = s.sts_client_with(&key_id, &secret);
    user_sts.get_caller_identity().send().await.unwrap();

    root.update_access_key()
        .user_name("bob")
        .access_key_id(&key_id)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    let listed = root
        .list_access_keys()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.access_key_metadata[0].status,
        Some(StatusType::Inactive)
    );
    api_error(user_sts.get_caller_identity().send().await)
        .expect(403, "InvalidClientTokenId")
        .message_is("The security token included in the request is invalid.");
    api_error(user_iam.get_user().send().await).expect(403, "InvalidClientTokenId");

    root.update_access_key()
        .user_name("bob")
        .access_key_id(&key_id)
        .status(StatusType::Active)
        .send()
        .await
        .unwrap();
    user_sts.get_caller_identity().send().await.unwrap();

    root.delete_access_key()
        .user_name("bob")
        .access_key_id(&key_id)
        .send()
        .await
        .unwrap();
    api_error(user_sts.get_caller_identity().send().await)
        .expect(403, "InvalidClientTokenId")
        .message_is("The security token included in the request is invalid.");
    api_error(user_iam.get_user().send().await).expect(403, "InvalidClientTokenId");
    assert!(
        root.list_access_keys()
            .user_name("bob")
            .send()
            .await
            .unwrap()
            .access_key_metadata
            .is_empty()
    );
}

#[tokio::test]
async fn update_and_delete_unknown_keys() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let unknown = "AKIAIOSFODNN7EXAMPLE";
    api_error(
        iam.update_access_key()
            .user_name("alice")
            .access_key_id(unknown)
            .status(StatusType::Inactive)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "The Access Key with id {unknown} cannot be found."
    ));
    api_error(
        iam.delete_access_key()
            .user_name("alice")
            .access_key_id(unknown)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!(
        "The Access Key with id {unknown} cannot be found."
    ));

    // A key of another user is not found under this user's name.
    iam.create_user().user_name("bob").send().await.unwrap();
    let bobs = iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    api_error(
        iam.delete_access_key()
            .user_name("alice")
            .access_key_id(&bobs.access_key_id)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(
        iam.delete_access_key()
            .user_name("ghost")
            .access_key_id(&bobs.access_key_id)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    // Still usable.
    s.sts_client_with(&bobs.access_key_id, &bobs.secret_access_key)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn get_access_key_last_used() {
    let s = Server::start().await;
    let root = s.iam_client();
    root.create_user().user_name("alice").send().await.unwrap();
    let key = root
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();

    let fresh = root
        .get_access_key_last_used()
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.user_name.as_deref(), Some("alice"));
    let used = fresh.access_key_last_used.unwrap();
    assert!(used.last_used_date.is_none());
    assert_eq!(used.service_name, "N/A");
    assert_eq!(used.region, "N/A");

    s.sts_client_with(&key.access_key_id, &key.secret_access_key)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let after = root
        .get_access_key_last_used()
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap()
        .access_key_last_used
        .unwrap();
    assert!(after.last_used_date.is_some());
    assert_eq!(after.service_name, "sts");
    assert_eq!(after.region, "us-east-1");

    // An IAM call right after, signed for another region: the newest use counts at once, and
    // IAM's is recorded in us-east-1 whatever the client signed for (AWS-recorded:
    // tests/conformance/aws-recorded/iam/test_iam_users.snapshot.json `test_access_key_last_used`).
    // (alice may not GetUser: a denied call is a use of the key all the same.)
    api_error(
        s.iam_client_in("eu-central-1", &key.access_key_id, &key.secret_access_key)
            .get_user()
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    let after = root
        .get_access_key_last_used()
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap()
        .access_key_last_used
        .unwrap();
    assert_eq!(after.service_name, "iam");
    assert_eq!(after.region, "us-east-1");

    // An unknown key: AccessDenied naming the key, not NoSuchEntity (recorded:
    // aws-recorded/iam/test_iam_users.snapshot.json `get-last-used-nonexistent-key-error`: 403,
    // `User: <caller> is not authorized to perform iam:GetAccessKeyLastUsed on resource: access
    // key AKIAIOSFODNN7EXAMPLE`).
    api_error(
        root.get_access_key_last_used()
            .access_key_id("AKIAIOSFODNN7EXAMPLE")
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is(&format!(
        "User: arn:aws:iam::{}:root is not authorized to perform iam:GetAccessKeyLastUsed on \
         resource: access key AKIAIOSFODNN7EXAMPLE",
        s.account_id
    ));
    // Another account's key is not revealed either.
    s.organization("ALL").await;
    let member = s.member("other").await;
    let member_key = s.member_session(&member).await;
    api_error(
        s.iam_client_session(&member_key)
            .get_access_key_last_used()
            .access_key_id(&key.access_key_id)
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
}
