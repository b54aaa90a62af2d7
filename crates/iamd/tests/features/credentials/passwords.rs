//! The account password policy end to end through `handle` (no socket): every rule on
//! CreateLoginProfile, UpdateLoginProfile and ChangePassword, reuse prevention, expiry and
//! HardExpiry, AllowUsersToChangePassword, and who may call ChangePassword at all.
use crate::support;
use support::*;

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
    let alice = h.user_with_key("alice").await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "alice"),
        ("Password", "First-pass1"),
        ("PasswordResetRequired", "true"),
    ])
    .await;
    let change = |old: &'static str, new: &'static str| {
        let alice = alice.clone();
        let h = &h;
        async move {
            h.call_as(
                &alice,
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
        .call_as(&alice, &[("Action", "GetAccountPasswordPolicy")])
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
    let bob = h.user_with_key("bob").await;
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
    let r = h.call_as(&bob, &params).await;
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
    let r = h.call_as(&bob, &params).await;
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
    let carol = h.user_with_key("carol").await;
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
    let r = h.call_as(&carol, &params).await;
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
    let r = h.call_as(&carol, &params).await;
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
