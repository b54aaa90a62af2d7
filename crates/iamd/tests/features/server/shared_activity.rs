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

#[tokio::test]
async fn failed_password_attempts_count_across_a_restart() {
    let s = Server::start().await;
    let root = s.iam_client();
    let (client, _, _) = s.user_client("bob").await;
    root.create_login_profile()
        .user_name("bob")
        .password("Correct-Horse-Battery-9")
        .send()
        .await
        .unwrap();
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"*"}]}"#;
    root.put_user_policy()
        .user_name("bob")
        .policy_name("pw")
        .policy_document(policy)
        .send()
        .await
        .unwrap();
    for _ in 0..3 {
        api_error(
            client
                .change_password()
                .old_password("wrong-password-1")
                .new_password("Another-Horse-Battery-9")
                .send()
                .await,
        )
        .expect(403, "AccessDenied");
    }
    drop((root, client));
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
        api_error(
            client
                .change_password()
                .old_password("wrong-password-1")
                .new_password("Another-Horse-Battery-9")
                .send()
                .await,
        )
        .expect(403, "AccessDenied");
    }
    // The sixth attempt, even with the right password, is refused: five failures in all.
    api_error(
        client
            .change_password()
            .old_password("Correct-Horse-Battery-9")
            .new_password("Another-Horse-Battery-9")
            .send()
            .await,
    )
    .expect(400, "Throttling");
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
