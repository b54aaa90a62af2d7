//! `iamd audit` against a seeded account: the binary, run as a user would run it, finds exactly
//! the problems planted (and nothing in what was set up right).
use crate::common;

use common::Server;
use iam_core::Store;
use iam_core::totp::{base32_decode, code_at_step, step_at};
use serde_json::Value;
use std::collections::BTreeSet;

const DAY: i64 = 86_400;
const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const SHARED_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const SHARED_DOC_REFORMATTED: &str = r#"{ "Statement": [ { "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow" } ], "Version": "2012-10-17" }"#;

async fn create_user(iam: &aws_sdk_iam::Client, name: &str) {
    iam.create_user()
        .user_name(name)
        .send()
        .await
        .expect("create user");
}

async fn console(iam: &aws_sdk_iam::Client, name: &str) {
    iam.create_login_profile()
        .user_name(name)
        .password("Console-passw0rd")
        .send()
        .await
        .expect("login profile");
}

async fn enable_mfa(iam: &aws_sdk_iam::Client, name: &str) {
    let dev = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(name)
        .send()
        .await
        .expect("virtual MFA device");
    let dev = dev.virtual_mfa_device.expect("device");
    let seed = dev.base32_string_seed.expect("seed");
    let key =
        base32_decode(std::str::from_utf8(seed.as_ref()).expect("base32 text")).expect("seed");
    let step = step_at(iam_core::entities::now());
    iam.enable_mfa_device()
        .user_name(name)
        .serial_number(dev.serial_number)
        .authentication_code1(code_at_step(&key, step - 1))
        .authentication_code2(code_at_step(&key, step))
        .send()
        .await
        .expect("enable MFA");
}

async fn access_key(iam: &aws_sdk_iam::Client, name: &str) -> (String, String) {
    let k = iam
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .expect("access key")
        .access_key
        .expect("key");
    (k.access_key_id, k.secret_access_key)
}

/// Moves creation times back `days` in the stored records, as if the server had run that
/// long (the store is shared with the running server; the restart that follows reloads it).
async fn backdate(server: &Server, keys: &[&str], login_profile_of: &str, days: i64) {
    let store = iam_store::SqliteStore::open(&server.db_path).expect("second store handle");
    let mut changes = Vec::new();
    for r in store.load_all().expect("records") {
        let mut v: Value = serde_json::from_slice(&r.value).expect("json record");
        let changed = match r.kind.as_str() {
            "key" if keys.contains(&r.key.as_str()) => {
                v["create_date"] = (v["create_date"].as_i64().unwrap() - days * DAY).into();
                true
            }
            "user" if v["name"] == login_profile_of => {
                let p = &mut v["login_profile"];
                let t = p["create_date"].as_i64().unwrap() - days * DAY;
                p["create_date"] = t.into();
                p["password_last_changed"] = t.into();
                true
            }
            _ => false,
        };
        if changed {
            let kind: &'static str = if r.kind == "key" { "key" } else { "user" };
            changes.push(iam_core::Change::Put {
                kind,
                key: r.key,
                value: serde_json::to_vec(&v).unwrap(),
            });
        }
    }
    assert_eq!(changes.len(), keys.len() + 1);
    store.submit(changes).await.expect("ack").expect("durable");
}

fn run_audit(server: &Server, extra: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iamd"))
        .arg("audit")
        .arg("--endpoint")
        .arg(server.endpoint())
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", &server.root_key.0)
        .env("AWS_SECRET_ACCESS_KEY", &server.root_key.1)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env_remove("IAMD_AUDIT_ENDPOINT")
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("run iamd audit");
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_finds_exactly_the_planted_problems() {
    let server = Server::start().await;
    let iam = server.iam_client();

    // Planted: a password policy weaker than the baseline.
    iam.update_account_password_policy()
        .minimum_password_length(8)
        .require_numbers(true)
        .send()
        .await
        .unwrap();
    iam.create_group()
        .group_name("admins")
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("admins")
        .policy_arn(ADMIN)
        .send()
        .await
        .unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();

    // alice: console with MFA, policies through a group — but that group is AdministratorAccess.
    create_user(&iam, "alice").await;
    console(&iam, "alice").await;
    enable_mfa(&iam, "alice").await;
    iam.add_user_to_group()
        .group_name("admins")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    // bob: console without MFA.
    create_user(&iam, "bob").await;
    console(&iam, "bob").await;
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    // carol: AdministratorAccess attached directly; an old key, used today.
    create_user(&iam, "carol").await;
    iam.attach_user_policy()
        .user_name("carol")
        .policy_arn(ADMIN)
        .send()
        .await
        .unwrap();
    let (carol_key, carol_secret) = access_key(&iam, "carol").await;
    server
        .iam_client_with(&carol_key, &carol_secret)
        .get_user()
        .send()
        .await
        .expect("carol uses her key");
    // dave and erin: the same inline policy each (a managed policy would do); dave's key is
    // old and was never used.
    create_user(&iam, "dave").await;
    iam.put_user_policy()
        .user_name("dave")
        .policy_name("shared")
        .policy_document(SHARED_DOC)
        .send()
        .await
        .unwrap();
    let (dave_key, _) = access_key(&iam, "dave").await;
    create_user(&iam, "erin").await;
    iam.put_user_policy()
        .user_name("erin")
        .policy_name("shared")
        .policy_document(SHARED_DOC_REFORMATTED)
        .send()
        .await
        .unwrap();
    // frank: console with MFA, password set 120 days ago and never used.
    create_user(&iam, "frank").await;
    console(&iam, "frank").await;
    enable_mfa(&iam, "frank").await;
    // gina: nothing wrong (a fresh key, in a harmless group).
    create_user(&iam, "gina").await;
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("gina")
        .send()
        .await
        .unwrap();
    let _ = access_key(&iam, "gina").await;

    server.iam.flush_key_usage().await.unwrap();
    backdate(&server, &[&carol_key, &dave_key], "frank", 120).await;
    let server = server.restart().await;

    let (code, stdout) = run_audit(&server, &["--json"]);
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    let found: BTreeSet<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("root-access-keys", "<root_account>".to_string(), "high"),
        ("password-policy-weak", "account".into(), "medium"),
        ("console-without-mfa", "user/bob".into(), "high"),
        ("admin-access", "user/alice".into(), "medium"),
        ("admin-access", "user/carol".into(), "medium"),
        ("user-direct-policies", "user/carol".into(), "low"),
        (
            "access-key-old",
            format!("user/carol/{carol_key}"),
            "medium",
        ),
        ("access-key-old", format!("user/dave/{dave_key}"), "medium"),
        ("access-key-unused", format!("user/dave/{dave_key}"), "low"),
        ("user-direct-policies", "user/dave".into(), "low"),
        ("user-direct-policies", "user/erin".into(), "low"),
        (
            "inline-policy-duplicated",
            "user/dave:shared, user/erin:shared".into(),
            "low",
        ),
        ("password-unused", "user/frank".into(), "low"),
    ]
    .into_iter()
    .map(|(c, r, s)| (c.to_string(), r, s.to_string()))
    .collect();
    assert_eq!(found, expected, "{stdout}");
    assert_eq!(report["counts"]["high"], 2);
    // High findings reach the default --fail-on high.
    assert_eq!(code, 2);

    // The readable table lists the same findings, most severe first.
    let (code, table) = run_audit(&server, &[]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("SEVERITY"), "{table}");
    assert!(lines[1].starts_with("HIGH"), "{table}");
    assert_eq!(lines.len(), expected.len() + 2, "{table}");
    assert!(table.ends_with("13 finding(s)\n"), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_on_threshold_and_missing_credentials() {
    let server = Server::start().await;
    // Only the root key (high) and the missing password policy (medium): --fail-on is a
    // threshold, never below what is found.
    let (code, out) = run_audit(&server, &["--json", "--fail-on", "low"]);
    assert_eq!(code, 2, "{out}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args(["audit", "--endpoint", &server.endpoint()])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no credentials"));
}
