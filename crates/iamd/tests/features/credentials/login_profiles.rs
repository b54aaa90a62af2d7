//! Login profiles and the account password policy through the AWS SDK
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html,
//! API_UpdateAccountPasswordPolicy.html and siblings).
use crate::common;

use common::{Server, api_error};

const PASSWORD: &str = "Correct-Horse-Battery-9";

#[tokio::test]
async fn login_profile_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();

    api_error(iam.get_login_profile().user_name("alice").send().await)
        .expect(404, "NoSuchEntity")
        .message_is("Login Profile for User alice cannot be found.");

    let created = iam
        .create_login_profile()
        .user_name("alice")
        .password(PASSWORD)
        .password_reset_required(true)
        .send()
        .await
        .unwrap()
        .login_profile
        .unwrap();
    assert_eq!(created.user_name, "alice");
    assert!(created.password_reset_required);

    let got = iam
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .login_profile
        .unwrap();
    assert_eq!(got.user_name, "alice");
    assert!(got.password_reset_required);
    assert_eq!(got.create_date, created.create_date);

    api_error(
        iam.create_login_profile()
            .user_name("alice")
            .password(PASSWORD)
            .send()
            .await,
    )
    .expect(409, "EntityAlreadyExists");

    iam.update_login_profile()
        .user_name("alice")
        .password("Another-Good-Passw0rd")
        .password_reset_required(false)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .login_profile
        .unwrap();
    assert!(!got.password_reset_required);

    iam.delete_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    api_error(iam.get_login_profile().user_name("alice").send().await)
        .expect(404, "NoSuchEntity")
        .message_is("Login Profile for User alice cannot be found.");
    api_error(iam.delete_login_profile().user_name("alice").send().await)
        .expect(404, "NoSuchEntity");
    api_error(
        iam.update_login_profile()
            .user_name("alice")
            .password_reset_required(true)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn login_profile_for_missing_user() {
    let s = Server::start().await;
    let iam = s.iam_client();
    api_error(
        iam.create_login_profile()
            .user_name("ghost")
            .password(PASSWORD)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(iam.get_login_profile().user_name("ghost").send().await).expect(404, "NoSuchEntity");
    api_error(iam.delete_login_profile().user_name("ghost").send().await)
        .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn password_policy_lifecycle() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let missing = format!(
        "The Password Policy with domain name {} cannot be found.",
        s.account_id
    );
    api_error(iam.get_account_password_policy().send().await)
        .expect(404, "NoSuchEntity")
        .message_is(&missing);

    iam.update_account_password_policy()
        .minimum_password_length(12)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .max_password_age(90)
        .password_reuse_prevention(5)
        .hard_expiry(false)
        .send()
        .await
        .unwrap();
    let p = iam
        .get_account_password_policy()
        .send()
        .await
        .unwrap()
        .password_policy
        .unwrap();
    assert_eq!(p.minimum_password_length, Some(12));
    assert!(p.require_symbols);
    assert!(p.require_numbers);
    assert!(p.require_uppercase_characters);
    assert!(p.require_lowercase_characters);
    assert!(p.allow_users_to_change_password);
    assert!(p.expire_passwords);
    assert_eq!(p.max_password_age, Some(90));
    assert_eq!(p.password_reuse_prevention, Some(5));
    assert_eq!(p.hard_expiry, Some(false));

    // Omitted parameters revert to their defaults.
    iam.update_account_password_policy()
        .minimum_password_length(10)
        .send()
        .await
        .unwrap();
    let p = iam
        .get_account_password_policy()
        .send()
        .await
        .unwrap()
        .password_policy
        .unwrap();
    assert_eq!(p.minimum_password_length, Some(10));
    assert!(!p.require_symbols);
    assert!(!p.require_numbers);
    assert!(!p.expire_passwords);
    assert!(p.max_password_age.is_none());

    iam.delete_account_password_policy().send().await.unwrap();
    api_error(iam.get_account_password_policy().send().await)
        .expect(404, "NoSuchEntity")
        .message_is(&missing);
    // DeleteAccountPasswordPolicy words its NoSuchEntity differently from the Get.
    api_error(iam.delete_account_password_policy().send().await)
        .expect(404, "NoSuchEntity")
        .message_is("The account policy with name PasswordPolicy cannot be found.");
}

#[tokio::test]
async fn password_policy_validation_and_enforcement() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let e = api_error(
        iam.update_account_password_policy()
            .minimum_password_length(5)
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    assert!(
        e.message
            .contains("Member must have value greater than or equal to 6"),
        "{e:?}"
    );
    // Several bounds at once: IAM's 2026 wording (no value) and order, as recorded in
    // tests/conformance/aws-recorded/iam/test_iam_account_password_policy.snapshot.json.
    api_error(
        iam.update_account_password_policy()
            .minimum_password_length(129)
            .max_password_age(1096)
            .password_reuse_prevention(25)
            .send()
            .await,
    )
    .expect(400, "ValidationError")
    .message_is(
        "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy \
         constraint: Member must have value less than or equal to 128; Value at \
         'passwordReusePrevention' failed to satisfy constraint: Member must have value less \
         than or equal to 24; Value at 'maxPasswordAge' failed to satisfy constraint: Member \
         must have value less than or equal to 1095",
    );

    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("alice").send().await.unwrap();
    api_error(
        iam.create_login_profile()
            .user_name("alice")
            .password("short")
            .send()
            .await,
    )
    .expect(400, "PasswordPolicyViolation");
    api_error(
        iam.create_login_profile()
            .user_name("alice")
            .password("longenoughbutnosymbols")
            .send()
            .await,
    )
    .expect(400, "PasswordPolicyViolation");
    api_error(iam.get_login_profile().user_name("alice").send().await).expect(404, "NoSuchEntity");
    iam.create_login_profile()
        .user_name("alice")
        .password("long-enough-with-symbols!")
        .send()
        .await
        .unwrap();
    api_error(
        iam.update_login_profile()
            .user_name("alice")
            .password("short!")
            .send()
            .await,
    )
    .expect(400, "PasswordPolicyViolation");
}
