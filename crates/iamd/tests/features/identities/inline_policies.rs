//! Inline policies through the AWS SDK: Put/Get/Delete/List for users and groups
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html and siblings).
use crate::common;

use common::{Server, api_error, policy_doc, url_decode};

#[tokio::test]
async fn user_inline_policy_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    for name in ["zeta", "alpha"] {
        iam.put_user_policy()
            .user_name("alice")
            .policy_name(name)
            .policy_document(policy_doc("s3:GetObject"))
            .send()
            .await
            .unwrap();
    }
    let got = iam
        .get_user_policy()
        .user_name("alice")
        .policy_name("alpha")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_name, "alice");
    assert_eq!(got.policy_name, "alpha");
    assert!(got.policy_document.starts_with("%7B"));
    assert_eq!(url_decode(&got.policy_document), policy_doc("s3:GetObject"));

    // Putting again replaces the document.
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("alpha")
        .policy_document(policy_doc("s3:PutObject"))
        .send()
        .await
        .unwrap();
    let got = iam
        .get_user_policy()
        .user_name("alice")
        .policy_name("alpha")
        .send()
        .await
        .unwrap();
    assert_eq!(url_decode(&got.policy_document), policy_doc("s3:PutObject"));

    let listed = iam
        .list_user_policies()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!listed.is_truncated);
    let mut names = listed.policy_names;
    names.sort();
    assert_eq!(names, vec!["alpha".to_string(), "zeta".to_string()]);

    let page = iam
        .list_user_policies()
        .user_name("alice")
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.policy_names.len(), 1);
    assert!(page.is_truncated);
    let rest = iam
        .list_user_policies()
        .user_name("alice")
        .max_items(1)
        .marker(page.marker.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.policy_names.len(), 1);
    assert_ne!(rest.policy_names, page.policy_names);
    assert!(!rest.is_truncated);

    iam.delete_user_policy()
        .user_name("alice")
        .policy_name("alpha")
        .send()
        .await
        .unwrap();
    api_error(
        iam.get_user_policy()
            .user_name("alice")
            .policy_name("alpha")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user policy with name alpha cannot be found.");
    api_error(
        iam.delete_user_policy()
            .user_name("alice")
            .policy_name("alpha")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user policy with name alpha cannot be found.");
    let names = iam
        .list_user_policies()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .policy_names;
    assert_eq!(names, vec!["zeta".to_string()]);
}

#[tokio::test]
async fn user_inline_policy_errors() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    api_error(
        iam.put_user_policy()
            .user_name("ghost")
            .policy_name("p")
            .policy_document(policy_doc("s3:*"))
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(
        iam.put_user_policy()
            .user_name("alice")
            .policy_name("p")
            .policy_document("nope")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument")
    .message_is("Syntax errors in policy.");
    api_error(
        iam.put_user_policy()
            .user_name("alice")
            .policy_name("bad name")
            .policy_document(policy_doc("s3:*"))
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    api_error(
        iam.get_user_policy()
            .user_name("ghost")
            .policy_name("p")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    api_error(iam.list_user_policies().user_name("ghost").send().await).expect(404, "NoSuchEntity");
    assert!(
        iam.list_user_policies()
            .user_name("alice")
            .send()
            .await
            .unwrap()
            .policy_names
            .is_empty()
    );
}

#[tokio::test]
async fn group_inline_policy_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("read")
        .policy_document(policy_doc("s3:GetObject"))
        .send()
        .await
        .unwrap();
    let got = iam
        .get_group_policy()
        .group_name("devs")
        .policy_name("read")
        .send()
        .await
        .unwrap();
    assert_eq!(got.group_name, "devs");
    assert_eq!(got.policy_name, "read");
    assert_eq!(url_decode(&got.policy_document), policy_doc("s3:GetObject"));
    let names = iam
        .list_group_policies()
        .group_name("devs")
        .send()
        .await
        .unwrap()
        .policy_names;
    assert_eq!(names, vec!["read".to_string()]);

    iam.delete_group_policy()
        .group_name("devs")
        .policy_name("read")
        .send()
        .await
        .unwrap();
    api_error(
        iam.get_group_policy()
            .group_name("devs")
            .policy_name("read")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group policy with name read cannot be found.");
    api_error(
        iam.delete_group_policy()
            .group_name("devs")
            .policy_name("read")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    assert!(
        iam.list_group_policies()
            .group_name("devs")
            .send()
            .await
            .unwrap()
            .policy_names
            .is_empty()
    );

    api_error(
        iam.put_group_policy()
            .group_name("ghosts")
            .policy_name("p")
            .policy_document(policy_doc("s3:*"))
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group with name ghosts cannot be found.");
    api_error(
        iam.put_group_policy()
            .group_name("devs")
            .policy_name("p")
            .policy_document("{}")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
    api_error(iam.list_group_policies().group_name("ghosts").send().await)
        .expect(404, "NoSuchEntity");
}
