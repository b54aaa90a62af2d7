//! The Findings page: `iamd audit`'s checks, run by the console as the signed-in principal.
//! The page runs the real `iamd-audit` binary (cargo builds it for this test) against the
//! server's own listener with temporary credentials of the page's principal, so it shows what
//! that principal may read and, otherwise, the tool's AccessDenied text.
use super::{Browser, html_unescape};
use crate::common::Server;

const PASSWORD: &str = "Console-Passw0rd!";

async fn with_audit() -> Server {
    Server::start_with(iam_server::ServerConfig {
        audit_binary: Some(env!("CARGO_BIN_EXE_iamd-audit").into()),
        ..Default::default()
    })
    .await
}

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

/// Gives `name` a virtual MFA device (through the API, as the account's root) and returns the
/// code for the current step, for a sign-in with MFA.
async fn mfa(server: &Server, name: &str) -> String {
    let iam = server.iam_client();
    let device = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(name)
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap();
    let seed = String::from_utf8(device.base32_string_seed.unwrap().into_inner()).unwrap();
    let key = iam_core::totp::base32_decode(&seed).unwrap();
    let step = iam_core::totp::step_at(iam_core::entities::now());
    iam.enable_mfa_device()
        .user_name(name)
        .serial_number(device.serial_number.clone())
        .authentication_code1(iam_core::totp::code_at_step(&key, step - 2))
        .authentication_code2(iam_core::totp::code_at_step(&key, step - 1))
        .send()
        .await
        .unwrap();
    iam_core::totp::code_at_step(&key, step)
}

/// The findings table's rows as (severity, check, resource) cells.
fn rows(body: &str) -> Vec<Vec<String>> {
    let Some(at) = body.find("id=\"findings\"") else {
        return Vec::new();
    };
    let table = &body[at..body[at..].find("</table>").map_or(body.len(), |e| at + e)];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|c| html_unescape(&c[..c.find("</td>").unwrap_or(c.len())]))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn an_administrator_sees_the_audit_findings_of_the_account() {
    let server = with_audit().await;
    person(&server, "ada", Some("AdministratorAccess")).await;
    person(&server, "newbie", None).await;
    let code = mfa(&server, "ada").await;
    let mut b = Browser::new(server.addr);
    let r = b
        .sign_in(&server.account_id, "ada", PASSWORD, Some(&code))
        .await;
    assert_eq!(r.header("location"), Some("/console/"), "{}", r.body);
    let home = b.get("/console/").await;
    assert!(home.body.contains("href=\"/console/findings\""));
    let page = b.get("/console/findings").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let rows = rows(&page.body);
    // newbie has a console password and no MFA device: iamd-audit's own check says so.
    assert!(
        rows.iter()
            .any(|r| r[1] == "console-without-mfa" && r[2].contains("newbie") && r[0] == "high"),
        "{rows:?}\n{}",
        page.body
    );
    // The credentials the page handed over stay out of the page.
    assert!(!page.body.contains("SecretAccessKey"));
}

#[tokio::test]
async fn a_user_without_permission_sees_the_denial_and_a_role_session_its_own_view() {
    let server = with_audit().await;
    person(&server, "nemo", None).await;
    person(&server, "newbie", None).await;
    let iam = server.iam_client();
    iam.put_user_policy()
        .user_name("nemo")
        .policy_name("assume")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    // Signed in without MFA: GetSessionToken's credentials could not call IAM (AWS's rule),
    // and the page says so.
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "nemo", PASSWORD, None).await;
    let page = b.get("/console/findings").await;
    assert_eq!(page.status, 403, "{}", page.body);
    let error = page.text_of("findings-error").unwrap();
    assert!(error.contains("only when MFA was used"), "{error}");

    // With MFA but no IAM permission: the tool's own AccessDenied, which says why.
    let code = mfa(&server, "nemo").await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "nemo", PASSWORD, Some(&code))
        .await;
    let page = b.get("/console/findings").await;
    assert_eq!(page.status, 403, "{}", page.body);
    let error = page.text_of("findings-error").unwrap();
    assert!(error.contains("AccessDenied"), "{error}");
    assert!(
        error.contains("nemo is not authorized to perform: iam:"),
        "{error}"
    );
    assert!(rows(&page.body).is_empty());

    // Switched into a read-only role, the page runs with the role session's credentials.
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        server.account_id
    );
    iam.create_role()
        .role_name("Auditor")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("Auditor")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let csrf = b.get("/console/switchrole").await.csrf();
    let r = b
        .post(
            "/console/switchrole",
            &[
                ("csrf", &csrf),
                ("account", &server.account_id),
                ("role", "Auditor"),
                ("display_name", "auditor"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = b.get("/console/findings").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        rows(&page.body)
            .iter()
            .any(|r| r[1] == "console-without-mfa" && r[2].contains("newbie")),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn without_iamd_audit_the_page_says_it_is_not_installed() {
    let server = Server::start_with(iam_server::ServerConfig {
        audit_binary: Some("/nonexistent/iamd-audit".into()),
        ..Default::default()
    })
    .await;
    person(&server, "ada", Some("AdministratorAccess")).await;
    let code = mfa(&server, "ada").await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "ada", PASSWORD, Some(&code))
        .await;
    let page = b.get("/console/findings").await;
    assert_eq!(page.status, 502, "{}", page.body);
    assert!(
        page.text_of("findings-error")
            .unwrap()
            .contains("iamd-audit is not installed")
    );
}
