//! The account password policy end to end through `handle` (no socket): every rule on
//! CreateLoginProfile, UpdateLoginProfile and ChangePassword, reuse prevention, expiry and
//! HardExpiry, AllowUsersToChangePassword, and who may call ChangePassword at all.
use iam_core::secrets::MasterKey;
use iam_core::{Iam, MemoryStore};
use iam_server::{Request, Response, ServerConfig, handle};
use std::sync::Arc;

struct Harness {
    iam: Arc<Iam>,
    account: String,
    key: String,
    secret: String,
}

async fn harness() -> Harness {
    let iam = Arc::new(Iam::open(Arc::new(MemoryStore::default()), MasterKey::generate()).unwrap());
    let creds = iam.ensure_default_account(None).await.unwrap().unwrap();
    Harness {
        iam,
        account: creds.account_id,
        key: creds.access_key_id,
        secret: creds.secret_access_key.expose().to_string(),
    }
}

impl Harness {
    async fn call(&self, params: &[(&str, &str)]) -> Response {
        self.call_as(&self.key, &self.secret, params).await
    }

    /// A request signed with `key`/`secret`, as the SDKs sign them.
    async fn call_as(&self, key: &str, secret: &str, params: &[(&str, &str)]) -> Response {
        let body = form_urlencoded(params);
        let mut headers = vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("host".to_string(), "localhost:4566".to_string()),
        ];
        let extra = iam_wire::sigv4::sign(
            "POST",
            "localhost:4566",
            "/",
            "",
            &headers,
            body.as_bytes(),
            key,
            secret,
            None,
            "us-east-1",
            "iam",
            time::OffsetDateTime::now_utc(),
        );
        headers.extend(extra);
        let req = Request {
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers,
            body: body.into_bytes(),
            remote_addr: None,
        };
        handle(&self.iam, &ServerConfig::default(), req).await
    }

    async fn ok(&self, params: &[(&str, &str)]) -> String {
        let r = self.call(params).await;
        assert_eq!(r.status, 200, "{params:?}: {}", r.body);
        r.body
    }

    /// Creates a user with an access key; returns (key, secret).
    async fn user_with_key(&self, name: &str) -> (String, String) {
        self.ok(&[("Action", "CreateUser"), ("UserName", name)])
            .await;
        let body = self
            .ok(&[("Action", "CreateAccessKey"), ("UserName", name)])
            .await;
        (tag(&body, "AccessKeyId"), tag(&body, "SecretAccessKey"))
    }
}

fn form_urlencoded(params: &[(&str, &str)]) -> String {
    let mut out = String::from("Version=2010-05-08");
    for (k, v) in params {
        out.push('&');
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn tag(body: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let start = body
        .find(&open)
        .map(|i| i + open.len())
        .unwrap_or_else(|| panic!("no <{name}> in {body}"));
    let end = body[start..].find(&format!("</{name}>")).unwrap() + start;
    body[start..end].to_string()
}

/// (HTTP status, AWS error code, message).
fn error(r: &Response) -> (u16, String, String) {
    let field = |name: &str| {
        if r.body.contains(&format!("<{name}>")) {
            tag(&r.body, name)
        } else {
            String::new()
        }
    };
    (r.status, field("Code"), field("Message"))
}

const STRONG: [(&str, &str); 7] = [
    ("Action", "UpdateAccountPasswordPolicy"),
    ("MinimumPasswordLength", "10"),
    ("RequireUppercaseCharacters", "true"),
    ("RequireLowercaseCharacters", "true"),
    ("RequireNumbers", "true"),
    ("RequireSymbols", "true"),
    ("PasswordReusePrevention", "2"),
];

async fn set_policy(h: &Harness, extra: &[(&str, &str)]) {
    let mut p = STRONG.to_vec();
    p.extend_from_slice(extra);
    h.ok(&p).await;
}

/// Moves user `name`'s password change `days` into the past.
async fn age_password(h: &Harness, name: &str, days: i64) {
    let account = h.account.clone();
    let name = name.to_string();
    h.iam
        .write(move |state, _tx| {
            let acct = state.accounts.get_mut(&account).unwrap();
            let id = acct.user_by_name(&name).unwrap().id.clone();
            let p = acct
                .users
                .get_mut(&id)
                .unwrap()
                .login_profile
                .as_mut()
                .unwrap();
            p.password_last_changed = Some(iam_core::entities::now() - days * 86_400);
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn every_composition_rule_with_awss_message() {
    let h = harness().await;
    set_policy(&h, &[]).await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "alice")])
        .await;
    for (password, message) in [
        ("Ab1!short", "Password should have a minimum length of 10"),
        (
            "ABCDEFGH1!X",
            "Password should have at least one lowercase letter",
        ),
        (
            "abcdefgh1!x",
            "Password should have at least one uppercase letter",
        ),
        ("Abcdefgh!!x", "Password should have at least one number"),
        ("Abcdefgh12x", "Password should have at least one symbol"),
        // A symbol outside AWS's set does not count.
        ("Abcdefgh12~", "Password should have at least one symbol"),
    ] {
        for action in ["CreateLoginProfile", "UpdateLoginProfile"] {
            let r = h
                .call(&[
                    ("Action", action),
                    ("UserName", "alice"),
                    ("Password", password),
                ])
                .await;
            let (status, code, msg) = error(&r);
            if action == "UpdateLoginProfile" && code == "NoSuchEntity" {
                continue;
            }
            assert_eq!(
                (status, code.as_str()),
                (400, "PasswordPolicyViolation"),
                "{password}"
            );
            assert_eq!(msg, message, "{action} {password}");
        }
    }
    // Every symbol of AWS's set counts.
    for (i, symbol) in "!@#$%^&*()_+-=[]{}|'".chars().enumerate() {
        let name = format!("u{i}");
        h.ok(&[("Action", "CreateUser"), ("UserName", &name)]).await;
        let pw = format!("Abcdefgh1{symbol}");
        h.ok(&[
            ("Action", "CreateLoginProfile"),
            ("UserName", &name),
            ("Password", &pw),
        ])
        .await;
    }
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "alice"),
        ("Password", "Abcdefgh1!"),
    ])
    .await;
}

#[tokio::test]
async fn change_password_by_the_user() {
    let h = harness().await;
    set_policy(&h, &[("AllowUsersToChangePassword", "true")]).await;
    let (key, secret) = h.user_with_key("alice").await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "alice"),
        ("Password", "First-pass1"),
        ("PasswordResetRequired", "true"),
    ])
    .await;
    let change = |old: &'static str, new: &'static str| {
        let (key, secret) = (key.clone(), secret.clone());
        let h = &h;
        async move {
            h.call_as(
                &key,
                &secret,
                &[
                    ("Action", "ChangePassword"),
                    ("OldPassword", old),
                    ("NewPassword", new),
                ],
            )
            .await
        }
    };
    // AllowUsersToChangePassword: no policy needed, for ChangePassword and reading the policy.
    let r = h
        .call_as(&key, &secret, &[("Action", "GetAccountPasswordPolicy")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = change("Wrong-pass1", "Second-pass1").await;
    assert_eq!(error(&r).0, 403, "{}", r.body);
    assert_eq!(error(&r).1, "AccessDenied");
    let r = change("First-pass1", "weak").await;
    assert_eq!(error(&r).1, "PasswordPolicyViolation");
    // Reuse prevention: the current password is one of the last two.
    let r = change("First-pass1", "First-pass1").await;
    assert_eq!(error(&r).1, "PasswordPolicyViolation", "{}", r.body);
    let r = change("First-pass1", "Second-pass1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    // ChangePassword clears PasswordResetRequired.
    let body = h
        .ok(&[("Action", "GetLoginProfile"), ("UserName", "alice")])
        .await;
    assert_eq!(tag(&body, "PasswordResetRequired"), "false");
    // The previous password is still remembered; the one before the last two is not.
    let r = change("Second-pass1", "First-pass1").await;
    assert_eq!(error(&r).1, "PasswordPolicyViolation");
    let r = change("Second-pass1", "Third-pass1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = change("Third-pass1", "First-pass1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    // An administrator's reset is held to reuse prevention too.
    let r = h
        .call(&[
            ("Action", "UpdateLoginProfile"),
            ("UserName", "alice"),
            ("Password", "Third-pass1"),
        ])
        .await;
    assert_eq!(error(&r).1, "PasswordPolicyViolation", "{}", r.body);
    // The new password signs in.
    let out = h
        .iam
        .sign_in(&h.account, "alice", "First-pass1", None)
        .await
        .unwrap();
    assert!(!out.password_change_required);
}

#[tokio::test]
async fn who_may_change_a_password() {
    let h = harness().await;
    set_policy(&h, &[]).await;
    let (key, secret) = h.user_with_key("bob").await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "bob"),
        ("Password", "First-pass1"),
    ])
    .await;
    let params = [
        ("Action", "ChangePassword"),
        ("OldPassword", "First-pass1"),
        ("NewPassword", "Second-pass1"),
    ];
    // Without AllowUsersToChangePassword the user needs iam:ChangePassword.
    let r = h.call_as(&key, &secret, &params).await;
    assert_eq!(
        (error(&r).0, error(&r).1.as_str()),
        (403, "AccessDenied"),
        "{}",
        r.body
    );
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "bob"),
        ("PolicyName", "self"),
        (
            "PolicyDocument",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"*"}]}"#,
        ),
    ])
    .await;
    let r = h.call_as(&key, &secret, &params).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The root user is not an IAM user.
    let r = h.call(&params).await;
    assert_eq!(
        (error(&r).0, error(&r).1.as_str()),
        (400, "InvalidUserType"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn expiry_and_hard_expiry() {
    let h = harness().await;
    set_policy(
        &h,
        &[
            ("AllowUsersToChangePassword", "true"),
            ("MaxPasswordAge", "30"),
        ],
    )
    .await;
    let (key, secret) = h.user_with_key("carol").await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "carol"),
        ("Password", "First-pass1"),
    ])
    .await;
    age_password(&h, "carol", 31).await;
    // Expired: sign-in asks for a new password; the user may still change it.
    let out = h
        .iam
        .sign_in(&h.account, "carol", "First-pass1", None)
        .await
        .unwrap();
    assert!(out.password_change_required);
    let params = [
        ("Action", "ChangePassword"),
        ("OldPassword", "First-pass1"),
        ("NewPassword", "Second-pass1"),
    ];
    let r = h.call_as(&key, &secret, &params).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let out = h
        .iam
        .sign_in(&h.account, "carol", "Second-pass1", None)
        .await
        .unwrap();
    assert!(!out.password_change_required);

    // HardExpiry: after expiry only an administrator can set a new password.
    set_policy(
        &h,
        &[
            ("AllowUsersToChangePassword", "true"),
            ("MaxPasswordAge", "30"),
            ("HardExpiry", "true"),
        ],
    )
    .await;
    age_password(&h, "carol", 31).await;
    let params = [
        ("Action", "ChangePassword"),
        ("OldPassword", "Second-pass1"),
        ("NewPassword", "Third-pass1"),
    ];
    let r = h.call_as(&key, &secret, &params).await;
    assert_eq!(error(&r).1, "AccessDenied", "{}", r.body);
    assert!(
        h.iam
            .sign_in(&h.account, "carol", "Second-pass1", None)
            .await
            .is_err()
    );
    h.ok(&[
        ("Action", "UpdateLoginProfile"),
        ("UserName", "carol"),
        ("Password", "Third-pass1"),
    ])
    .await;
    let out = h
        .iam
        .sign_in(&h.account, "carol", "Third-pass1", None)
        .await
        .unwrap();
    assert!(!out.password_change_required);
}
