//! Restart durability: everything acknowledged before a restart is there after it, and access
//! keys (sealed with the master key) still authenticate.
use crate::common;

use aws_sdk_iam::types::StatusType;
use common::{Server, policy_doc, tag, url_decode};

#[tokio::test]
async fn state_survives_a_restart() {
    let s = Server::start().await;
    let account = s.account_id.clone();
    let iam = s.iam_client();
    for i in 0..5 {
        iam.create_user()
            .user_name(format!("user{i}"))
            .path("/persist/")
            .tags(tag("n", &i.to_string()))
            .send()
            .await
            .unwrap();
    }
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("user0")
        .send()
        .await
        .unwrap();
    let arn = iam
        .create_policy()
        .policy_name("kept")
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    iam.create_policy_version()
        .policy_arn(&arn)
        .policy_document(policy_doc("s3:PutObject"))
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("user1")
        .policy_name("inline")
        .policy_document(policy_doc("iam:GetUser"))
        .send()
        .await
        .unwrap();
    iam.create_login_profile()
        .user_name("user2")
        .password("Correct-Horse-Battery-9")
        .send()
        .await
        .unwrap();
    iam.update_account_password_policy()
        .minimum_password_length(11)
        .send()
        .await
        .unwrap();
    iam.create_account_alias()
        .account_alias("durable-co")
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("user1")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let inactive = iam
        .create_access_key()
        .user_name("user3")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    iam.update_access_key()
        .user_name("user3")
        .access_key_id(&inactive.access_key_id)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("user4").send().await.unwrap();
    drop(iam);

    let s = s.restart().await;
    assert_eq!(s.account_id, account);
    let iam = s.iam_client();

    let users = iam
        .list_users()
        .path_prefix("/persist/")
        .send()
        .await
        .unwrap()
        .users;
    let mut names: Vec<String> = users.iter().map(|u| u.user_name.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["user0", "user1", "user2", "user3"]);
    let tags = iam
        .list_user_tags()
        .user_name("user3")
        .send()
        .await
        .unwrap()
        .tags;
    assert_eq!(tags.len(), 1);
    assert_eq!((tags[0].key.as_str(), tags[0].value.as_str()), ("n", "3"));

    let group = iam.get_group().group_name("devs").send().await.unwrap();
    assert_eq!(group.users.len(), 1);
    assert_eq!(group.users[0].user_name, "user0");
    let attached = iam
        .list_attached_group_policies()
        .group_name("devs")
        .send()
        .await
        .unwrap()
        .attached_policies
        .unwrap_or_default();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].policy_arn.as_deref(), Some(arn.as_str()));

    let policy = iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap()
        .policy
        .unwrap();
    assert_eq!(policy.default_version_id.as_deref(), Some("v2"));
    assert_eq!(policy.attachment_count, Some(1));
    let v2 = iam
        .get_policy_version()
        .policy_arn(&arn)
        .version_id("v2")
        .send()
        .await
        .unwrap()
        .policy_version
        .unwrap();
    assert_eq!(
        url_decode(&v2.document.unwrap()),
        policy_doc("s3:PutObject")
    );

    let inline = iam
        .get_user_policy()
        .user_name("user1")
        .policy_name("inline")
        .send()
        .await
        .unwrap();
    assert_eq!(
        url_decode(&inline.policy_document),
        policy_doc("iam:GetUser")
    );
    iam.get_login_profile()
        .user_name("user2")
        .send()
        .await
        .unwrap();
    let pp = iam
        .get_account_password_policy()
        .send()
        .await
        .unwrap()
        .password_policy
        .unwrap();
    assert_eq!(pp.minimum_password_length, Some(11));
    assert_eq!(
        iam.list_account_aliases()
            .send()
            .await
            .unwrap()
            .account_aliases,
        vec!["durable-co".to_string()]
    );

    // The user's key still authenticates (its secret was sealed with the same master key),
    // and its inline policy still grants iam:GetUser.
    let who = s
        .sts_client_with(&key.access_key_id, &key.secret_access_key)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        who.arn,
        Some(format!("arn:aws:iam::{account}:user/persist/user1"))
    );
    let me = s
        .iam_client_with(&key.access_key_id, &key.secret_access_key)
        .get_user()
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(me.user_name, "user1");
    // The inactive key is still inactive.
    let e = common::api_error(
        s.sts_client_with(&inactive.access_key_id, &inactive.secret_access_key)
            .get_caller_identity()
            .send()
            .await,
    );
    assert_eq!(e.code, "InvalidClientTokenId");
    // The deleted user stays deleted and its name is free.
    iam.create_user().user_name("user4").send().await.unwrap();

    // A second restart after more writes.
    drop(iam);
    let s = s.restart().await;
    let users = s.iam_client().list_users().send().await.unwrap().users;
    assert_eq!(users.len(), 5);
}
