//! Quotas and input constraints through the AWS SDK
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
use crate::common;

use common::{Server, api_error, policy_doc};

/// A policy document of about `len` bytes (one long Sid), valid JSON.
fn big_doc(len: usize) -> String {
    let base = policy_doc("s3:GetObject");
    let pad = "a".repeat(len.saturating_sub(base.len() + 10));
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{pad}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}"#
    )
}

#[tokio::test]
async fn managed_policies_per_user_quota() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    for i in 0..10 {
        let arn = iam
            .create_policy()
            .policy_name(format!("p{i}"))
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
            .policy_arn(arn)
            .send()
            .await
            .unwrap();
    }
    api_error(
        iam.attach_user_policy()
            .user_name("alice")
            .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is("Cannot exceed quota for PoliciesPerUser: 10");
}

#[tokio::test]
async fn groups_per_user_quota() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    for i in 0..11 {
        iam.create_group()
            .group_name(format!("g{i}"))
            .send()
            .await
            .unwrap();
    }
    for i in 0..10 {
        iam.add_user_to_group()
            .group_name(format!("g{i}"))
            .user_name("alice")
            .send()
            .await
            .unwrap();
    }
    api_error(
        iam.add_user_to_group()
            .group_name("g10")
            .user_name("alice")
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is("Cannot exceed quota for GroupsPerUser: 10");
}

#[tokio::test]
async fn policy_size_quotas() {
    let s = Server::start().await;
    let iam = s.iam_client();
    api_error(
        iam.create_policy()
            .policy_name("huge")
            .policy_document(big_doc(6300))
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is("Cannot exceed quota for PolicySize: 6144");
    iam.create_policy()
        .policy_name("fits")
        .policy_document(big_doc(6000))
        .send()
        .await
        .unwrap();

    iam.create_user().user_name("alice").send().await.unwrap();
    api_error(
        iam.put_user_policy()
            .user_name("alice")
            .policy_name("huge")
            .policy_document(big_doc(2200))
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is("Maximum policy size of 2048 bytes exceeded for user alice");
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("fits")
        .policy_document(big_doc(2000))
        .send()
        .await
        .unwrap();

    iam.create_group().group_name("devs").send().await.unwrap();
    api_error(
        iam.put_group_policy()
            .group_name("devs")
            .policy_name("huge")
            .policy_document(big_doc(5300))
            .send()
            .await,
    )
    .expect(409, "LimitExceeded")
    .message_is("Maximum policy size of 5120 bytes exceeded for group devs");
}

#[tokio::test]
async fn constraint_violations_are_validation_errors() {
    let s = Server::start().await;
    let iam = s.iam_client();
    // A Path outside its pattern: AWS's own text, not the model's pattern message (recorded:
    // aws-recorded/iam/test_iam_mfa.snapshot.json, test_virtual_mfa_device_errors,
    // `create-invalid-path-no-leading-slash-error` and `-no-trailing-slash-error`: ValidationError, 400).
    let invalid_path = "The specified value for path is invalid. It must begin and end with / and \
                        contain only alphanumeric characters and/or / characters.";
    for path in ["eng", "eng/", "/eng"] {
        api_error(iam.create_user().user_name("alice").path(path).send().await)
            .expect(400, "ValidationError")
            .message_is(invalid_path);
        api_error(iam.create_role().role_name("r").path(path).assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ).send().await)
        .expect(400, "ValidationError")
        .message_is(invalid_path);
    }
    api_error(
        iam.create_virtual_mfa_device()
            .virtual_mfa_device_name("phone")
            .path("invalid-path/")
            .send()
            .await,
    )
    .expect(400, "ValidationError")
    .message_is(invalid_path);
    // Its length is the model's check, before the pattern (recorded alongside:
    // `create-path-too-long-error`).
    let e = api_error(
        iam.create_group()
            .group_name("g")
            .path(format!("/{}/", "a".repeat(512)))
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    assert!(
        e.message.starts_with("1 validation error detected: ")
            && e.message.ends_with(
                "at 'path' failed to satisfy constraint: Member must have length less than or equal to 512"
            ),
        "{e:?}"
    );
    // Paths AWS accepts: a doubled slash is within the pattern (recorded:
    // test_virtual_mfa_device_lifecycle[/test//double/]).
    iam.create_virtual_mfa_device()
        .virtual_mfa_device_name("double")
        .path("/test//double/")
        .send()
        .await
        .unwrap();
    // Every member but Path keeps the model's message.
    let e =
        api_error(iam.list_users().path_prefix("eng").send().await).expect(400, "ValidationError");
    assert!(e.message.contains("'pathPrefix'"), "{e:?}");
    let e = api_error(iam.list_users().max_items(0).send().await).expect(400, "ValidationError");
    assert!(
        e.message
            .contains("Member must have value greater than or equal to 1"),
        "{e:?}"
    );
    let e = api_error(
        iam.get_policy_version()
            .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .version_id("version-one")
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    assert!(e.message.contains("'versionId'"), "{e:?}");
    let e =
        api_error(iam.create_group().group_name("").send().await).expect(400, "ValidationError");
    assert!(
        e.message
            .contains("Member must have length greater than or equal to 1"),
        "{e:?}"
    );
}
