//! What used to live in one process's memory and is now a record of the store (issue #14):
//! credential reports, service-last-accessed jobs and the sign-in and MFA-code throttles. A
//! restart on the same database stands in for another node of a cluster reading them (the
//! cross-node cases run against three nodes on PostgreSQL in `tests/e2e/test_cluster.py`).
use crate::common;

use common::{Server, api_error};
use iam_core::totp::{base32_decode, code_at_step, step_at};

#[tokio::test]
async fn credential_reports_and_jobs_survive_a_restart() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let user = iam
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    let generated = iam.generate_credential_report().send().await.unwrap();
    assert_eq!(generated.state.unwrap().as_str(), "STARTED");
    let job = iam
        .generate_service_last_accessed_details()
        .arn(&user.arn)
        .send()
        .await
        .unwrap()
        .job_id
        .unwrap();
    let before = iam.get_credential_report().send().await.unwrap();
    drop(iam);

    let s = s.restart().await;
    let iam = s.iam_client();
    // Still current: not generated again (IAM User Guide, id_credentials_getting-report:
    // "If so, the most recent report is downloaded").
    let again = iam.generate_credential_report().send().await.unwrap();
    assert_eq!(again.state.unwrap().as_str(), "COMPLETE");
    let after = iam.get_credential_report().send().await.unwrap();
    assert_eq!(after.generated_time, before.generated_time);
    assert_eq!(after.content, before.content);
    let csv = String::from_utf8(after.content.unwrap().into_inner()).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("alice,")), "{csv}");

    let details = iam
        .get_service_last_accessed_details()
        .job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(details.job_status.as_str(), "COMPLETED");
    let entities = iam
        .get_service_last_accessed_details_with_entities()
        .job_id(&job)
        .service_namespace("iam")
        .send()
        .await;
    // alice has no policy: no service is allowed, so no entity is listed; the job is found.
    assert!(entities.is_ok(), "{entities:?}");
}

#[tokio::test]
async fn expired_jobs_and_reports_are_deleted() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let user = iam
        .create_user()
        .user_name("old")
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    iam.generate_credential_report().send().await.unwrap();
    let job = iam
        .generate_service_last_accessed_details()
        .arn(&user.arn)
        .send()
        .await
        .unwrap()
        .job_id
        .unwrap();
    // Past the four hours: expired, still there.
    s.iam.age_activity_for_tests(5 * 3600).await;
    s.iam.flush_activity().await.unwrap();
    api_error(iam.get_credential_report().send().await).expect(410, "ReportExpired");
    iam.get_service_last_accessed_details()
        .job_id(&job)
        .send()
        .await
        .unwrap();
    // A week old: both deleted from memory and from the store.
    s.iam
        .age_activity_for_tests(iam_core::activity::JOB_LIFETIME_SECS)
        .await;
    assert!(s.iam.flush_activity().await.unwrap() >= 2);
    api_error(iam.get_credential_report().send().await).expect(410, "ReportNotPresent");
    api_error(
        iam.get_service_last_accessed_details()
            .job_id(&job)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    drop(iam);
    let s = s.restart().await;
    api_error(s.iam_client().get_credential_report().send().await).expect(410, "ReportNotPresent");
}

const CHANGE_PASSWORD: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"*"}]}"#;
const PASSWORD: &str = "Correct-Horse-Battery-9";

/// A user `name` with an access key, the console password `PASSWORD` when `login`, and
/// iam:ChangePassword when `allowed`: the user's client.
async fn password_user(s: &Server, name: &str, login: bool, allowed: bool) -> aws_sdk_iam::Client {
    let (client, _, _) = s.user_client(name).await;
    grant(s, name, login, allowed).await;
    client
}

/// What root gives user `name`: a login profile with `PASSWORD`, a policy allowing
/// iam:ChangePassword.
async fn grant(s: &Server, name: &str, login: bool, allowed: bool) {
    let root = s.iam_client();
    if login {
        root.create_login_profile()
            .user_name(name)
            .password(PASSWORD)
            .send()
            .await
            .unwrap();
    }
    if allowed {
        root.put_user_policy()
            .user_name(name)
            .policy_name("pw")
            .policy_document(CHANGE_PASSWORD)
            .send()
            .await
            .unwrap();
    }
}

/// Six wrong-password changes as `client`, each refused with `status` and `code`: their errors.
async fn refused_six_times(
    client: &aws_sdk_iam::Client,
    status: u16,
    code: &str,
) -> Vec<common::ApiError> {
    let mut errors = Vec::new();
    for _ in 0..6 {
        let e = change_password(client, "wrong-password-1", "New-Horse-Battery-9")
            .await
            .unwrap_err();
        errors.push(e.expect(status, code));
    }
    errors
}

/// ChangePassword from `old` to `new` as `client`: the error, if any.
async fn change_password(
    client: &aws_sdk_iam::Client,
    old: &str,
    new: &str,
) -> Result<(), common::ApiError> {
    match client
        .change_password()
        .old_password(old)
        .new_password(new)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => Err(api_error::<(), _>(Err(e))),
    }
}

#[tokio::test]
async fn failed_password_attempts_count_across_a_restart() {
    let s = Server::start().await;
    let client = password_user(&s, "bob", true, true).await;
    for _ in 0..3 {
        change_password(&client, "wrong-password-1", "Another-Horse-Battery-9")
            .await
            .unwrap_err()
            .expect(403, "AccessDenied");
    }
    drop(client);
    // The three failures are records: the restarted server (another node) counts on from them.
    let s = s.restart().await;
    let client = {
        let root = s.iam_client();
        let key = root
            .create_access_key()
            .user_name("bob")
            .send()
            .await
            .unwrap()
            .access_key
            .unwrap();
        s.iam_client_with(&key.access_key_id, &key.secret_access_key)
    };
    for _ in 0..2 {
        change_password(&client, "wrong-password-1", "Another-Horse-Battery-9")
            .await
            .unwrap_err()
            .expect(403, "AccessDenied");
    }
    // The sixth attempt, even with the right password, is refused: five failures in all.
    change_password(&client, PASSWORD, "Another-Horse-Battery-9")
        .await
        .unwrap_err()
        .expect(400, "Throttling");
}

/// Each attempt reserves its token before the password is checked: guesses sent at once take
/// from one bucket, never five each.
#[tokio::test]
async fn concurrent_wrong_passwords_take_from_one_bucket() {
    let s = Server::start().await;
    let client = password_user(&s, "dave", true, true).await;
    let guesses: Vec<_> = (0..12)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                change_password(&client, &format!("wrong-password-{i}"), "New-Horse-9").await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for guess in guesses {
        outcomes.push(guess.await.unwrap());
    }
    let denied = outcomes
        .iter()
        .filter(|r| matches!(r, Err(e) if e.code == "AccessDenied"))
        .count();
    let throttled = outcomes
        .iter()
        .filter(|r| matches!(r, Err(e) if e.code == "Throttling" && e.status == 400))
        .count();
    assert_eq!((denied, throttled), (5, 7), "{outcomes:?}");
}

/// Attempts that tried no password give their token back: a right old password, a caller
/// without a login profile, a caller the policy denies (refused before the handler).
#[tokio::test]
async fn attempts_that_guess_nothing_are_not_throttled() {
    let s = Server::start().await;
    // Six changes in a row with the right old password (each the previous new one).
    let client = password_user(&s, "erin", true, true).await;
    let passwords: Vec<String> = (0..7).map(|i| format!("Right-Horse-Battery-{i}")).collect();
    change_password(&client, PASSWORD, &passwords[0])
        .await
        .unwrap();
    for pair in passwords.windows(2) {
        change_password(&client, &pair[0], &pair[1]).await.unwrap();
    }
    // No login profile: NoSuchEntity six times, then, once given a password, a change works.
    let client = password_user(&s, "frank", false, true).await;
    refused_six_times(&client, 404, "NoSuchEntity").await;
    grant(&s, "frank", true, false).await;
    change_password(&client, PASSWORD, "New-Horse-Battery-9")
        .await
        .unwrap();
    // Denied by policy (no iam:ChangePassword): AccessDenied with the reason, six times, and no
    // token taken: once allowed, the right password works.
    let client = password_user(&s, "grace", true, false).await;
    for e in refused_six_times(&client, 403, "AccessDenied").await {
        assert!(e.message.contains("iam:ChangePassword"), "{}", e.message);
    }
    grant(&s, "grace", false, true).await;
    change_password(&client, PASSWORD, "New-Horse-Battery-9")
        .await
        .unwrap();
}

#[tokio::test]
async fn wrong_mfa_codes_count_across_a_restart() {
    let s = Server::start().await;
    let root = s.iam_client();
    let (_, key_id, secret) = s.user_client("carol").await;
    let device = root
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("carol")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap();
    let serial = device.serial_number.clone();
    let seed_text = String::from_utf8(device.base32_string_seed.unwrap().into_inner()).unwrap();
    let seed = base32_decode(&seed_text).unwrap();
    let step = step_at(iam_core::entities::now());
    root.enable_mfa_device()
        .user_name("carol")
        .serial_number(&serial)
        .authentication_code1(code_at_step(&seed, step - 1))
        .authentication_code2(code_at_step(&seed, step))
        .send()
        .await
        .unwrap();
    let wrong = |right: &str| {
        if right == "000000" {
            "111111"
        } else {
            "000000"
        }
        .to_string()
    };
    let right = code_at_step(&seed, step + 1);
    for _ in 0..5 {
        let sts = s.sts_client_with(&key_id, &secret);
        api_error(
            sts.get_session_token()
                .serial_number(&serial)
                .token_code(wrong(&right))
                .send()
                .await,
        )
        .expect(403, "AccessDenied");
    }
    drop(root);
    let s = s.restart().await;
    // Five wrong codes before the restart: a right one is refused after it, as before it.
    api_error(
        s.sts_client_with(&key_id, &secret)
            .get_session_token()
            .serial_number(&serial)
            .token_code(&right)
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
}

#[tokio::test]
async fn an_organizations_access_report_survives_a_restart() {
    use serde_json::json;
    let s = Server::start().await;
    let org_id = s.organization("ALL").await;
    let root_id = s.org(&s.account_id, "ListRoots", json!({})).await.unwrap()["Roots"][0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    s.org(
        &s.account_id,
        "EnablePolicyType",
        json!({"RootId": root_id, "PolicyType": "SERVICE_CONTROL_POLICY"}),
    )
    .await
    .unwrap();
    let job = s
        .iam_client()
        .generate_organizations_access_report()
        .entity_path(format!("{org_id}/{root_id}"))
        .send()
        .await
        .unwrap()
        .job_id
        .unwrap();
    let s = s.restart().await;
    let report = s
        .iam_client()
        .get_organizations_access_report()
        .job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(report.job_status.as_str(), "COMPLETED");
}

/// The console sign-in's bucket is the account's and the user name's in lower case (IAM user
/// names are unique without regard to case): guesses under any spelling count together, and
/// an unknown user name is counted and answered like a wrong password (no enumeration).
#[tokio::test]
async fn console_sign_in_guesses_count_whatever_the_letter_case() {
    use iam_core::IamError;
    use iam_core::sign_in::SIGN_IN_FAILED;
    let s = Server::start().await;
    password_user(&s, "hank", true, false).await;
    for name in ["Hank", "HANK", "hank", "hAnK", "HaNk"] {
        let e = s
            .iam
            .sign_in(&s.account_id, name, "wrong-password-1", None)
            .await
            .unwrap_err();
        assert_eq!(e, IamError::AccessDenied(SIGN_IN_FAILED.into()), "{name}");
    }
    let e = s
        .iam
        .sign_in(&s.account_id, "hank", PASSWORD, None)
        .await
        .unwrap_err();
    assert!(matches!(e, IamError::Throttling(_)), "{e:?}");

    for _ in 0..5 {
        let e = s
            .iam
            .sign_in(&s.account_id, "nobody", PASSWORD, None)
            .await
            .unwrap_err();
        assert_eq!(e, IamError::AccessDenied(SIGN_IN_FAILED.into()));
    }
    let e = s
        .iam
        .sign_in(&s.account_id, "Nobody", PASSWORD, None)
        .await
        .unwrap_err();
    assert!(matches!(e, IamError::Throttling(_)), "{e:?}");
}
