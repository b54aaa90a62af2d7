//! The console over HTTP: cookies and headers, CSRF, a denied page that says why, forced
//! password change, offboarding, the federation endpoint, the ConsoleLogin event, and that a
//! page acts through the API's authorization step (MFA context included).
use super::{Browser, html_unescape};
use crate::common::Server;

const PASSWORD: &str = "Console-Passw0rd!";

/// A user with a console password (and `policy` attached, an AWS-managed policy name).
async fn person(server: &Server, name: &str, policy: Option<&str>, reset: bool) {
    let iam = server.iam_client();
    iam.create_user().user_name(name).send().await.unwrap();
    iam.create_login_profile()
        .user_name(name)
        .password(PASSWORD)
        .password_reset_required(reset)
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

#[tokio::test]
async fn every_response_carries_the_security_headers_and_the_cookie_is_httponly_lax() {
    let server = Server::start().await;
    person(&server, "alice", None, false).await;
    let mut b = Browser::new(server.addr);
    let page = b.get("/console/signin").await;
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("cache-control"), Some("no-store"));

    let signed = b.sign_in(&server.account_id, "alice", PASSWORD, None).await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(signed.header("location"), Some("/console/"));
    let cookie = signed
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("iamd-console="))
        .expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    // Not served over TLS: no Secure attribute (a browser would refuse to send it back).
    assert!(!cookie.contains("Secure"), "{cookie}");
    let home = b.get("/console/").await;
    assert_eq!(home.status, 200);
    assert!(
        html_unescape(&home.body)
            .contains(&format!("arn:aws:iam::{}:user/alice", server.account_id))
    );

    // Behind a TLS proxy the cookie is Secure.
    let mut tls = Browser::new(server.addr);
    tls.extra_headers
        .push(("x-forwarded-proto".into(), "https".into()));
    let signed = tls
        .sign_in(&server.account_id, "alice", PASSWORD, None)
        .await;
    let cookie = signed
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("iamd-console="))
        .expect("session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_form_without_its_csrf_token_or_from_another_origin_changes_nothing() {
    let server = Server::start().await;
    person(&server, "bob", Some("IAMFullAccess"), false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "bob", PASSWORD, None).await;
    let page = b.get("/console/security").await;
    let csrf = page.csrf();
    let keys = || async {
        server
            .iam_client()
            .list_access_keys()
            .user_name("bob")
            .send()
            .await
            .unwrap()
            .access_key_metadata
            .len()
    };
    // No token, a wrong token, another session's token.
    for token in ["", "forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let r = b
            .post("/console/security/keys/create", &[("csrf", token)])
            .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(r.body.contains("CSRF"), "{}", r.body);
    }
    // The right token from a page of another origin.
    b.extra_headers
        .push(("origin".into(), "http://evil.example".into()));
    let r = b
        .post("/console/security/keys/create", &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(keys().await, 0, "a refused form created a key");
    b.extra_headers.clear();
    // The sign-in form needs its token too.
    let mut fresh = Browser::new(server.addr);
    let r = fresh
        .post(
            "/console/signin",
            &[
                ("kind", "iam"),
                ("account", &server.account_id),
                ("username", "bob"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    // With its token the form works, and shows the secret once.
    let r = b
        .post("/console/security/keys/create", &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.text_of("new-key-secret").is_some_and(|s| s.len() == 40));
    assert_eq!(keys().await, 1);
}

#[tokio::test]
async fn a_page_the_user_may_not_see_shows_the_denial_and_why() {
    let server = Server::start().await;
    person(&server, "carol", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "carol", PASSWORD, None).await;
    let r = b.get("/console/users").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.text_of("denied-code").as_deref(), Some("AccessDenied"));
    let message = r.text_of("denied-message").unwrap();
    assert_eq!(
        message,
        format!(
            "User: arn:aws:iam::{0}:user/carol is not authorized to perform: iam:ListUsers on \
             resource: * because no identity-based policy allows the \
             iam:ListUsers action",
            server.account_id
        )
    );
    assert!(!r.body.contains("<tr class=\"row\">"));
    // Granted through the API, the same page lists the users.
    server
        .iam_client()
        .attach_user_policy()
        .user_name("carol")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let r = b.get("/console/users").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(html_unescape(&r.body).contains("users/view?name=carol"));
}

#[tokio::test]
async fn first_sign_in_must_change_the_password_under_the_account_policy() {
    let server = Server::start().await;
    let iam = server.iam_client();
    iam.update_account_password_policy()
        .minimum_password_length(12)
        .require_symbols(true)
        .allow_users_to_change_password(true)
        .send()
        .await
        .unwrap();
    person(&server, "dave", None, true).await;
    let mut b = Browser::new(server.addr);
    let r = b.sign_in(&server.account_id, "dave", PASSWORD, None).await;
    assert_eq!(r.header("location"), Some("/console/password"));
    // Nothing else until the password is changed.
    let r = b.get("/console/security").await;
    assert_eq!(r.header("location"), Some("/console/password"));
    let page = b.get("/console/password").await;
    assert!(page.text_of("password-reason").is_some());
    let csrf = page.csrf();
    let r = b
        .post(
            "/console/password",
            &[
                ("csrf", &csrf),
                ("old_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let error = html_unescape(&r.body);
    assert!(error.contains("PasswordPolicyViolation"), "{error}");
    let r = b
        .post(
            "/console/password",
            &[
                ("csrf", &csrf),
                ("old_password", PASSWORD),
                ("new_password", "New-Passw0rd!long"),
                ("confirm_password", "New-Passw0rd!long"),
            ],
        )
        .await;
    assert_eq!(r.header("location"), Some("/console/"), "{}", r.body);
    let reset = iam
        .get_login_profile()
        .user_name("dave")
        .send()
        .await
        .unwrap()
        .login_profile
        .unwrap()
        .password_reset_required;
    assert!(!reset);
    assert_eq!(b.get("/console/security").await.status, 200);
}

#[tokio::test]
async fn an_offboarded_user_is_refused_and_loses_open_sessions() {
    let server = Server::start().await;
    person(&server, "erin", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "erin", PASSWORD, None).await;
    assert_eq!(b.get("/console/").await.status, 200);
    server
        .iam_client()
        .delete_login_profile()
        .user_name("erin")
        .send()
        .await
        .unwrap();
    let r = b.get("/console/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/console/signin?ended=1"));
    let mut again = Browser::new(server.addr);
    let r = again
        .sign_in(&server.account_id, "erin", PASSWORD, None)
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.text_of("signin-error").as_deref(),
        Some("Your authentication information is incorrect. Please try again.")
    );
}

#[tokio::test]
async fn sign_ins_are_console_login_events() {
    let server = Server::start().await;
    person(&server, "frank", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "frank", "wrong-password", None)
        .await;
    b.sign_in(&server.account_id, "frank", PASSWORD, None).await;
    let (id, secret) = server.root_key.clone();
    let ct = server.cloudtrail_client_with(&id, &secret, None);
    let events = ct
        .lookup_events()
        .lookup_attributes(
            aws_sdk_cloudtrail::types::LookupAttribute::builder()
                .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::EventName)
                .attribute_value("ConsoleLogin")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .events
        .unwrap_or_default();
    assert_eq!(events.len(), 2, "{events:?}");
    let records: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::from_str(e.cloud_trail_event().unwrap()).unwrap())
        .collect();
    // Newest first: the success, then the failure (IAM User Guide: cloudtrail-integration).
    assert_eq!(records[0]["eventSource"], "signin.amazonaws.com");
    assert_eq!(records[0]["eventType"], "AwsConsoleSignIn");
    assert_eq!(records[0]["responseElements"]["ConsoleLogin"], "Success");
    assert_eq!(records[0]["additionalEventData"]["MFAUsed"], "No");
    assert_eq!(records[0]["userIdentity"]["userName"], "frank");
    assert_eq!(records[1]["responseElements"]["ConsoleLogin"], "Failure");
    assert_eq!(records[1]["errorMessage"], "Failed authentication");
    // No password in either record.
    for r in &records {
        assert!(!r.to_string().contains(PASSWORD));
        assert!(!r.to_string().contains("wrong-password"));
    }
}

#[tokio::test]
async fn the_federation_endpoint_turns_role_credentials_into_a_console_session() {
    let server = Server::start().await;
    let (admin_id, admin_secret) = server.admin("fed-admin").await;
    let iam = server.iam_client();
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        server.account_id
    );
    iam.create_role()
        .role_name("Viewer")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    let sts = server.sts_client_with(&admin_id, &admin_secret);
    let c = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{}:role/Viewer", server.account_id))
        .role_session_name("alice")
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let session = serde_json::json!({
        "sessionId": c.access_key_id,
        "sessionKey": c.secret_access_key,
        "sessionToken": c.session_token,
    })
    .to_string();
    let mut b = Browser::new(server.addr);
    let target = format!(
        "/federation?Action=getSigninToken&Session={}",
        super::form(&[("x", &session)]).trim_start_matches("x=")
    );
    let r = b.get(&target).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let token = v["SigninToken"].as_str().unwrap().to_string();
    // The same as a form body (POST), which keeps the credentials out of the URL.
    let posted = b
        .post(
            "/federation",
            &[("Action", "getSigninToken"), ("Session", &session)],
        )
        .await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    assert!(posted.body.starts_with("{\"SigninToken\":\""));
    // The token does not carry the secret in clear.
    assert!(!token.contains(&c.secret_access_key));
    let login = format!(
        "/federation?Action=login&Issuer=test&Destination={}&SigninToken={}",
        super::form(&[("d", "https://elsewhere.example/")]).trim_start_matches("d="),
        super::form(&[("t", &token)]).trim_start_matches("t=")
    );
    let r = b.get(&login).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Only this console's pages are destinations.
    assert_eq!(r.header("location"), Some("/console/"));
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("iamd-console="))
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("Max-Age=3600") || cookie.contains("Max-Age=359"),
        "{cookie}"
    );
    let home = b.get("/console/").await;
    assert!(
        html_unescape(&home.body).contains(&format!(
            "arn:aws:sts::{}:assumed-role/Viewer/alice",
            server.account_id
        )),
        "{}",
        home.body
    );
    // The role has no permission: the console shows the denial as the role session.
    let r = b.get("/console/roles").await;
    assert_eq!(r.status, 403);
    assert!(
        r.text_of("denied-message")
            .unwrap()
            .contains("assumed-role/Viewer/alice")
    );
    // A SigninToken signs in once.
    let mut other = Browser::new(server.addr);
    assert_eq!(other.get(&login).await.status, 400);
    // Long-term keys and GetSessionToken credentials are refused.
    let session = serde_json::json!({
        "sessionId": admin_id, "sessionKey": admin_secret, "sessionToken": "x"
    })
    .to_string();
    let r = other
        .get(&format!(
            "/federation?Action=getSigninToken&Session={}",
            super::form(&[("x", &session)]).trim_start_matches("x=")
        ))
        .await;
    assert_eq!(r.status, 400);
    let own = sts
        .get_session_token()
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let session = serde_json::json!({
        "sessionId": own.access_key_id, "sessionKey": own.secret_access_key,
        "sessionToken": own.session_token
    })
    .to_string();
    let r = other
        .get(&format!(
            "/federation?Action=getSigninToken&Session={}",
            super::form(&[("x", &session)]).trim_start_matches("x=")
        ))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // A wrong secret with a valid token is refused.
    let session = serde_json::json!({
        "sessionId": c.access_key_id, "sessionKey": "wrong", "sessionToken": c.session_token
    })
    .to_string();
    let r = other
        .get(&format!(
            "/federation?Action=getSigninToken&Session={}",
            super::form(&[("x", &session)]).trim_start_matches("x=")
        ))
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn switch_role_acts_as_the_role_with_the_sessions_mfa_context() {
    let server = Server::start().await;
    person(&server, "gina", None, false).await;
    let iam = server.iam_client();
    iam.put_user_policy()
        .user_name("gina")
        .policy_name("assume")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}]}}"#,
        server.account_id
    );
    iam.create_role()
        .role_name("Admin")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("Admin")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    // Signed in without MFA: the trust policy's condition refuses the switch.
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "gina", PASSWORD, None).await;
    let page = b.get("/console/switchrole").await;
    let csrf = page.csrf();
    let r = b
        .post(
            "/console/switchrole",
            &[
                ("csrf", &csrf),
                ("account", &server.account_id),
                ("role", "Admin"),
                ("display_name", "admin"),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(html_unescape(&r.body).contains("is not authorized to perform: sts:AssumeRole"));
    assert_eq!(b.get("/console/users").await.status, 403);

    // With a virtual MFA device, the sign-in asks for a code and the switch succeeds.
    let device = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("gina")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap();
    let seed = String::from_utf8(device.base32_string_seed.unwrap().into_inner()).unwrap();
    let key = iam_core::totp::base32_decode(&seed).unwrap();
    let step = iam_core::totp::step_at(iam_core::entities::now());
    iam.enable_mfa_device()
        .user_name("gina")
        .serial_number(device.serial_number.clone())
        .authentication_code1(iam_core::totp::code_at_step(&key, step - 2))
        .authentication_code2(iam_core::totp::code_at_step(&key, step - 1))
        .send()
        .await
        .unwrap();
    let mut b = Browser::new(server.addr);
    let asked = b.sign_in(&server.account_id, "gina", PASSWORD, None).await;
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("id=\"mfa_code\""));
    let code = iam_core::totp::code_at_step(&key, step);
    let r = b
        .post(
            "/console/signin",
            &[
                ("csrf", &asked.csrf()),
                ("kind", "iam"),
                ("mfa_code", &code),
            ],
        )
        .await;
    assert_eq!(r.header("location"), Some("/console/"), "{}", r.body);
    let csrf = b.get("/console/switchrole").await.csrf();
    let r = b
        .post(
            "/console/switchrole",
            &[
                ("csrf", &csrf),
                ("account", &server.account_id),
                ("role", "Admin"),
                ("display_name", "admin"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let home = b.get("/console/").await;
    assert_eq!(home.text_of("active-role").as_deref(), Some("admin"));
    assert!(home.body.contains("recent-roles"));
    let users = b.get("/console/users").await;
    assert_eq!(users.status, 200, "{}", users.body);
    // Switch back: the user's own (empty) permissions again.
    let csrf = home.csrf();
    b.post("/console/switchrole/back", &[("csrf", &csrf)]).await;
    assert_eq!(b.get("/console/users").await.status, 403);
}

#[tokio::test]
async fn a_pages_calls_are_audit_events_of_the_signed_in_user() {
    let server = Server::start().await;
    person(&server, "hank", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "hank", PASSWORD, None).await;
    assert_eq!(b.get("/console/users").await.status, 403);
    let (id, secret) = server.root_key.clone();
    let events = server
        .cloudtrail_client_with(&id, &secret, None)
        .lookup_events()
        .lookup_attributes(
            aws_sdk_cloudtrail::types::LookupAttribute::builder()
                .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::EventName)
                .attribute_value("ListUsers")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .events
        .unwrap_or_default();
    assert_eq!(events.len(), 1, "{events:?}");
    let record: serde_json::Value =
        serde_json::from_str(events[0].cloud_trail_event().unwrap()).unwrap();
    assert_eq!(record["userIdentity"]["type"], "IAMUser");
    assert_eq!(record["userIdentity"]["userName"], "hank");
    assert_eq!(record["errorCode"], "AccessDenied");
    assert_eq!(record["userAgent"], "console-test");
    assert_eq!(record["eventSource"], "iam.amazonaws.com");
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let server = Server::start().await;
    person(&server, "ivy", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "ivy", PASSWORD, None).await;
    let stolen = b.cookies.get("iamd-console").cloned().unwrap();
    let csrf = b.get("/console/").await.csrf();
    let r = b.post("/console/signout", &[("csrf", &csrf)]).await;
    assert_eq!(r.header("location"), Some("/console/signin"));
    assert!(
        r.set_cookies()
            .iter()
            .any(|c| c.starts_with("iamd-console=;") && c.contains("Max-Age=0"))
    );
    // The old cookie value no longer names a session.
    let mut replay = Browser::new(server.addr);
    replay.cookies.insert("iamd-console".into(), stolen);
    let r = replay.get("/console/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/console/signin"));
}

/// The console is `/console/` exactly: another letter case is the AWS API (unsigned: refused),
/// and an escaped or dotted path under it names no page, whatever the session.
#[tokio::test]
async fn only_the_exact_console_prefix_is_the_console() {
    let server = Server::start().await;
    person(&server, "alice", None, false).await;
    let mut b = Browser::new(server.addr);
    let signed = b.sign_in(&server.account_id, "alice", PASSWORD, None).await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(b.get("/console/").await.status, 200);
    for path in ["/CONSOLE/", "/Console/users", "/FEDERATION"] {
        let page = b.get(path).await;
        assert_eq!(page.status, 403, "{path}: {}", page.body);
        assert!(
            page.body.contains("<ErrorResponse"),
            "{path}: {}",
            page.body
        );
    }
    for path in [
        "/console/%75sers",
        "/console/../console/users",
        "/console/users/",
    ] {
        let page = b.get(path).await;
        assert_eq!(page.status, 404, "{path}: {}", page.body);
    }
}

/// Console sessions are records of the store (issue #14): a restart (or another node of a
/// cluster, `tests/e2e/test_cluster.py`) serves a session signed in before it, with the same
/// CSRF tokens (their key derives from the master key), and a sign-out through it ends the
/// session in the store.
#[tokio::test]
async fn a_console_session_survives_a_restart_and_its_sign_out_is_stored() {
    let server = Server::start().await;
    person(&server, "rosa", None, false).await;
    let mut b = Browser::new(server.addr);
    b.sign_in(&server.account_id, "rosa", PASSWORD, None).await;
    let csrf = b.get("/console/").await.csrf();
    let server = server.restart().await;
    b.addr = server.addr;
    let page = b.get("/console/").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.csrf(), csrf, "the same CSRF token after the restart");
    let stolen = b.cookies.get("iamd-console").cloned().unwrap();
    let r = b.post("/console/signout", &[("csrf", &csrf)]).await;
    assert_eq!(r.header("location"), Some("/console/signin"));
    let server = server.restart().await;
    let mut replay = Browser::new(server.addr);
    replay.cookies.insert("iamd-console".into(), stolen);
    let r = replay.get("/console/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/console/signin"));
}
