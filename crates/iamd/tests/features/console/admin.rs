//! The console's own credentials pages beyond the browser suite (SSH keys, an expired password
//! with and without HardExpiry) and the administration pages: paged and searchable lists, the
//! policy editor's validation, the credential report, the simulator's explanation.
use super::{Browser, html_unescape};
use crate::common::Server;

const PASSWORD: &str = "Console-Passw0rd!";

async fn person(server: &Server, name: &str, policy: Option<&str>) {
    let iam = server.iam_client();
    iam.create_user().user_name(name).send().await.unwrap();
    iam.create_login_profile()
        .user_name(name)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    if let Some(p) = policy {
        iam.attach_user_policy()
            .user_name(name)
            .policy_arn(format!("arn:aws:iam::aws:policy/{p}"))
            .send()
            .await
            .unwrap();
    }
}

/// Moves user `name`'s last password change `days` into the past.
async fn age_password(server: &Server, name: &str, days: i64) {
    let account = server.account_id.clone();
    let name = name.to_string();
    server
        .iam
        .write(move |state, tx| {
            let acct = state.accounts.get_mut(&account).unwrap();
            let mut user = acct.user_by_name(&name).unwrap().clone();
            let p = user.login_profile.as_mut().unwrap();
            p.password_last_changed = Some(iam_core::entities::now() - days * 86_400);
            acct.put_user(tx, user);
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expired_password_must_be_changed_unless_hard_expiry_refuses_sign_in() {
    let server = Server::start().await;
    let iam = server.iam_client();
    iam.update_account_password_policy()
        .max_password_age(30)
        .allow_users_to_change_password(true)
        .send()
        .await
        .unwrap();
    person(&server, "old", None).await;
    age_password(&server, "old", 40).await;
    let mut b = Browser::new(server.addr);
    let r = b.sign_in(&server.account_id, "old", PASSWORD, None).await;
    assert_eq!(r.header("location"), Some("/console/password"));
    let page = b.get("/console/password").await;
    assert_eq!(
        page.text_of("password-reason").as_deref(),
        Some("Your password has expired. You must change it to continue.")
    );
    iam.update_account_password_policy()
        .max_password_age(30)
        .allow_users_to_change_password(true)
        .hard_expiry(true)
        .send()
        .await
        .unwrap();
    let mut b = Browser::new(server.addr);
    let r = b.sign_in(&server.account_id, "old", PASSWORD, None).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.text_of("signin-error").as_deref(),
        Some("Your password has expired. Contact your administrator to reset it.")
    );
}

#[tokio::test]
async fn ssh_public_keys_are_uploaded_and_deleted_as_the_user() {
    let server = Server::start().await;
    person(&server, "sam", Some("IAMFullAccess")).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "sam", PASSWORD, None).await;
    let csrf = b.get("/console/security").await.csrf();
    let key = include_str!("../fixtures/ssh_rsa_2048.pub");
    let r = b
        .post(
            "/console/security/ssh/upload",
            &[("csrf", &csrf), ("body", key)],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = b.get("/console/security").await;
    assert_eq!(
        page.text_of("flash").as_deref(),
        Some("SSH public key uploaded.")
    );
    let listed = server
        .iam_client()
        .list_ssh_public_keys()
        .user_name("sam")
        .send()
        .await
        .unwrap()
        .ssh_public_keys
        .unwrap_or_default();
    assert_eq!(listed.len(), 1);
    let id = listed[0].ssh_public_key_id.clone();
    assert!(page.body.contains(&id));
    // A bad key gets the API's error on the page.
    b.post(
        "/console/security/ssh/upload",
        &[("csrf", &csrf), ("body", "ssh-rsa AAAA")],
    )
    .await;
    let page = b.get("/console/security").await;
    assert!(
        page.text_of("flash")
            .unwrap()
            .starts_with("InvalidPublicKey"),
        "{:?}",
        page.text_of("flash")
    );
    b.post(
        "/console/security/ssh/delete",
        &[("csrf", &csrf), ("key_id", &id)],
    )
    .await;
    let left = server
        .iam_client()
        .list_ssh_public_keys()
        .user_name("sam")
        .send()
        .await
        .unwrap()
        .ssh_public_keys
        .unwrap_or_default();
    assert!(left.is_empty());
}

#[tokio::test]
async fn lists_are_paged_and_searchable_through_the_api() {
    let server = Server::start().await;
    person(&server, "admin", Some("IAMReadOnlyAccess")).await;
    let iam = server.iam_client();
    for i in 0..130 {
        iam.create_user()
            .user_name(format!("dev-{i:03}"))
            .send()
            .await
            .unwrap();
    }
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "admin", PASSWORD, None).await;
    let rows = |body: &str| body.matches("<tr class=\"row\">").count();
    // 131 users: pages of 50.
    let first = b.get("/console/users").await;
    assert_eq!(first.status, 200);
    assert_eq!(rows(&first.body), 50);
    let next = html_unescape(&first.body);
    let at = next.find("id=\"next-page\"").expect("a next page");
    let href = &next[..at];
    let href = &href[href.rfind("href=\"").unwrap() + 6..];
    let href = &href[..href.find('"').unwrap()];
    let second = b.get(href).await;
    assert_eq!(rows(&second.body), 50);
    // Searching "dev-1" finds dev-1xx (30 of them) across the API's pages.
    let found = b.get("/console/users?q=DEV-1").await;
    assert_eq!(rows(&found.body), 30, "{}", found.body);
    assert!(!found.body.contains("next-page"));
    // A search with more matches than a page continues where the page stopped, none twice.
    let mut seen = std::collections::BTreeSet::new();
    let mut target = "/console/users?q=dev".to_string();
    loop {
        let page = b.get(&target).await;
        let body = html_unescape(&page.body);
        for part in body.split("users/view?name=").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(seen.insert(name.to_string()), "{name} shown twice");
        }
        let Some(at) = body.find("id=\"next-page\"") else {
            break;
        };
        let href = &body[..at];
        let href = &href[href.rfind("href=\"").unwrap() + 6..];
        target = href[..href.find('"').unwrap()].to_string();
    }
    assert_eq!(seen.len(), 130);
}

#[tokio::test]
async fn the_policy_editor_validates_with_aws_messages_before_saving() {
    let server = Server::start().await;
    person(&server, "editor", Some("IAMFullAccess")).await;
    let arn = server
        .iam_client()
        .create_policy()
        .policy_name("ReadS3")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "editor", PASSWORD, None)
        .await;
    let page = b
        .get(&format!(
            "/console/policies/view?arn={}",
            super::form(&[("a", &arn)]).trim_start_matches("a=")
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    let bad =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}"#;
    for op in ["validate", "save"] {
        let r = b
            .post(
                "/console/policies/view",
                &[
                    ("csrf", &csrf),
                    ("arn", &arn),
                    ("document", bad),
                    ("op", op),
                ],
            )
            .await;
        assert_eq!(r.status, 400);
        let body = html_unescape(&r.body);
        assert!(body.contains("MalformedPolicyDocument"), "{body}");
        assert!(
            body.contains("Policy statement must contain resources."),
            "{body}"
        );
    }
    let good = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#;
    let r = b
        .post(
            "/console/policies/view",
            &[
                ("csrf", &csrf),
                ("arn", &arn),
                ("document", good),
                ("op", "validate"),
            ],
        )
        .await;
    assert!(r.body.contains("id=\"policy-valid\""));
    let versions = || async {
        server
            .iam_client()
            .list_policy_versions()
            .policy_arn(&arn)
            .send()
            .await
            .unwrap()
            .versions
            .unwrap_or_default()
            .len()
    };
    assert_eq!(versions().await, 1, "validating saved nothing");
    let r = b
        .post(
            "/console/policies/view",
            &[
                ("csrf", &csrf),
                ("arn", &arn),
                ("document", good),
                ("op", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(versions().await, 2);
}

#[tokio::test]
async fn the_credential_report_is_shown_and_downloaded_as_csv() {
    let server = Server::start().await;
    person(&server, "auditor", Some("IAMReadOnlyAccess")).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "auditor", PASSWORD, None)
        .await;
    // IAMReadOnlyAccess has iam:Generate* and iam:Get*.
    let page = b.get("/console/credential-report").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<th>password_enabled</th>"));
    let csv = b.get("/console/credential-report.csv").await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(csv.body.starts_with("user,arn,user_creation_time,"));
    assert!(csv.body.contains("\nauditor,"));
}

#[tokio::test]
async fn the_simulator_names_the_statement_that_decided() {
    let server = Server::start().await;
    person(&server, "sim", Some("IAMReadOnlyAccess")).await;
    let iam = server.iam_client();
    iam.put_user_policy()
        .user_name("sim")
        .policy_name("read-objects")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "sim", PASSWORD, None).await;
    let csrf = b.get("/console/simulator").await.csrf();
    let r = b
        .post(
            "/console/simulator",
            &[
                ("csrf", &csrf),
                ("principal", ""),
                ("actions", "s3:GetObject, s3:DeleteObject, s3:PutObject"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = html_unescape(&r.body);
    let results: Vec<&str> = body.split("<tr class=\"sim-result\">").skip(1).collect();
    assert_eq!(results.len(), 3, "{body}");
    assert!(
        results[0].contains(">allowed<") && results[0].contains("read-objects"),
        "{}",
        results[0]
    );
    assert!(
        results[1].contains(">explicitDeny<") && results[1].contains("read-objects"),
        "{}",
        results[1]
    );
    assert!(
        results[2].contains(">implicitDeny<") && results[2].contains("no statement allows it"),
        "{}",
        results[2]
    );
}

#[tokio::test]
async fn a_virtual_mfa_device_is_enrolled_from_the_page_and_removed() {
    let server = Server::start().await;
    person(&server, "mia", Some("IAMFullAccess")).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "mia", PASSWORD, None).await;
    let csrf = b.get("/console/security").await.csrf();
    let page = b
        .post(
            "/console/security/mfa/create",
            &[("csrf", &csrf), ("device_name", "")],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"), "the QR code is an inline SVG");
    let seed = page.text_of("mfa-secret").unwrap();
    let serial = page.text_of("mfa-serial").unwrap();
    assert_eq!(
        serial,
        format!("arn:aws:iam::{}:mfa/mia", server.account_id)
    );
    let key = iam_core::totp::base32_decode(&seed).expect("the page shows the base32 secret");
    let step = iam_core::totp::step_at(iam_core::entities::now());
    let r = b
        .post(
            "/console/security/mfa/enable",
            &[
                ("csrf", &csrf),
                ("serial", &serial),
                ("code1", &iam_core::totp::code_at_step(&key, step - 1)),
                ("code2", &iam_core::totp::code_at_step(&key, step)),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let devices = || async {
        server
            .iam_client()
            .list_mfa_devices()
            .user_name("mia")
            .send()
            .await
            .unwrap()
            .mfa_devices
            .len()
    };
    assert_eq!(devices().await, 1);
    b.post(
        "/console/security/mfa/remove",
        &[("csrf", &csrf), ("serial", &serial)],
    )
    .await;
    assert_eq!(devices().await, 0);
    let virtual_devices = server
        .iam_client()
        .list_virtual_mfa_devices()
        .send()
        .await
        .unwrap()
        .virtual_mfa_devices
        .len();
    assert_eq!(virtual_devices, 0, "the removed device is deleted too");
}

#[tokio::test]
async fn a_users_page_shows_when_each_allowed_service_was_last_accessed() {
    let server = Server::start().await;
    person(&server, "ana", Some("IAMReadOnlyAccess")).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "ana", PASSWORD, None).await;
    // The console's own calls count: ana has just used IAM.
    b.get("/console/users").await;
    let page = b.get("/console/users/view?name=ana").await;
    assert_eq!(page.status, 200);
    let body = html_unescape(&page.body);
    let section = &body[body
        .find("id=\"last-accessed\"")
        .expect("last-accessed section")..];
    assert!(section.contains("<th>iam</th>"), "{section}");
    assert!(section.contains("us-east-1"), "{section}");
}

#[tokio::test]
async fn the_root_user_signs_in_with_an_access_key_and_sees_the_organization() {
    let server = Server::start().await;
    server.organization("ALL").await;
    let member = server.member("console-member").await;
    let (key, secret) = server.root_key.clone();
    let mut b = Browser::new(server.addr);
    let csrf = b.get("/console/signin").await.csrf();
    let root_form = |secret: &str| {
        vec![
            ("csrf".to_string(), csrf.clone()),
            ("kind".to_string(), "root".to_string()),
            ("account".to_string(), server.account_id.clone()),
            ("access_key_id".to_string(), key.clone()),
            ("secret_access_key".to_string(), secret.to_string()),
        ]
    };
    let wrong = root_form("not-the-secret");
    let wrong: Vec<(&str, &str)> = wrong
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = b.post("/console/signin", &wrong).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.text_of("signin-error").as_deref(),
        Some("Your authentication information is incorrect. Please try again.")
    );
    let right = root_form(&secret);
    let right: Vec<(&str, &str)> = right
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = b.post("/console/signin", &right).await;
    assert_eq!(r.header("location"), Some("/console/"), "{}", r.body);
    let home = b.get("/console/").await;
    assert_eq!(
        home.text_of("home-caller").as_deref(),
        Some(format!("arn:aws:iam::{}:root", server.account_id).as_str())
    );
    let org = b.get("/console/organization").await;
    assert_eq!(org.status, 200);
    let body = html_unescape(&org.body);
    assert!(body.contains(&member), "{body}");
    assert!(body.contains("FullAWSAccess"), "{body}");
    assert!(
        body.contains("Organizational units under the root"),
        "{body}"
    );
}
