//! Authentication through the AWS SDK: SigV4 failures and who the caller is
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html,
//! https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
use crate::common;

use common::{Server, api_error};

const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the \
     signature you provided. Check your AWS Secret Access Key and signing method. Consult the \
     service documentation for details.";
const INVALID_TOKEN: &str = "The security token included in the request is invalid.";

#[tokio::test]
async fn root_caller_identity() {
    let s = Server::start().await;
    let who = s.sts_client().get_caller_identity().send().await.unwrap();
    assert_eq!(who.account.as_deref(), Some(s.account_id.as_str()));
    assert_eq!(who.arn, Some(format!("arn:aws:iam::{}:root", s.account_id)));
    assert_eq!(who.user_id.as_deref(), Some(s.account_id.as_str()));
}

#[tokio::test]
async fn wrong_secret_is_signature_does_not_match() {
    let s = Server::start().await;
    let wrong = "x".repeat(40);
    let iam = s.iam_client_with(&s.root_key.0, &wrong);
    api_error(iam.list_users().send().await)
        .expect(403, "SignatureDoesNotMatch")
        .message_is(SIGNATURE_MISMATCH);
    let sts = s.sts_client_with(&s.root_key.0, &wrong);
    api_error(sts.get_caller_identity().send().await)
        .expect(403, "SignatureDoesNotMatch")
        .message_is(SIGNATURE_MISMATCH);

    // A user's key with a wrong secret, too.
    let (_, key_id, _) = s.user_client("alice").await;
    api_error(s.iam_client_with(&key_id, &wrong).get_user().send().await)
        .expect(403, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn unknown_key_is_invalid_client_token_id() {
    let s = Server::start().await;
    let iam = s.iam_client_with(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    api_error(iam.list_users().send().await)
        .expect(403, "InvalidClientTokenId")
        .message_is(INVALID_TOKEN);
    let sts = s.sts_client_with(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    api_error(sts.get_caller_identity().send().await)
        .expect(403, "InvalidClientTokenId")
        .message_is(INVALID_TOKEN);
    // Nothing was created by the rejected call.
    let iam = s.iam_client_with(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    api_error(iam.create_user().user_name("mallory").send().await)
        .expect(403, "InvalidClientTokenId");
    api_error(s.iam_client().get_user().user_name("mallory").send().await)
        .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn user_caller_identity_and_sts_needs_no_permission() {
    let s = Server::start().await;
    let root = s.iam_client();
    root.create_user()
        .user_name("bob")
        .path("/team/")
        .send()
        .await
        .unwrap();
    let key = root
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let who = s
        .sts_client_with(&key.access_key_id, &key.secret_access_key)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        who.arn,
        Some(format!("arn:aws:iam::{}:user/team/bob", s.account_id))
    );
    let bob = root
        .get_user()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    assert_eq!(who.user_id.as_deref(), Some(bob.user_id.as_str()));

    // Deleting the user (after its key) makes the key unknown.
    root.delete_access_key()
        .user_name("bob")
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap();
    root.delete_user().user_name("bob").send().await.unwrap();
    api_error(
        s.sts_client_with(&key.access_key_id, &key.secret_access_key)
            .get_caller_identity()
            .send()
            .await,
    )
    .expect(403, "InvalidClientTokenId");
}
