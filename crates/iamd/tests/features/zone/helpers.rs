//! Shared steps of the landing-zone tests: the examples, plan/apply as library calls against the
//! loopback server, and people signing in with MFA to assume roles.
use crate::common::{Server, SessionCreds};
use iam_core::totp::{base32_decode, code_at_step, step_at};
use iamd_zone::client::Target;
use iamd_zone::spec::{self, Format, Spec};
use std::sync::Arc;

pub fn example(name: &str) -> Spec {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    spec::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

pub fn parse(yaml: &str) -> Spec {
    spec::parse(yaml, Format::Yaml, "test.yaml").unwrap_or_else(|e| panic!("{e}"))
}

/// The server's root user (enough for one account: root cannot assume member roles).
pub fn root_target(server: &Server) -> Target {
    Target::new(
        Some(server.endpoint()),
        &server.root_key.0,
        &server.root_key.1,
    )
}

/// An AdministratorAccess user of the central account, as a platform team runs the tool.
pub async fn admin_target(server: &Server) -> Target {
    let (id, secret) = server.admin("zone-admin").await;
    Target::new(Some(server.endpoint()), &id, &secret)
}

pub async fn plan(spec: &Spec, target: &Target) -> iamd_zone::Plan {
    iamd_zone::plan(spec, target)
        .await
        .unwrap_or_else(|e| panic!("plan: {e}"))
}

/// Plans and applies; returns the report and the printed plan.
pub async fn apply(spec: &Spec, target: &Target) -> (iamd_zone::ApplyReport, String) {
    let p = plan(spec, target).await;
    let text = p.to_string();
    let report = iamd_zone::apply(spec, target, p, Arc::new(|_: &str| {}))
        .await
        .unwrap_or_else(|e| panic!("apply: {e}\nplan was:\n{text}"));
    (report, text)
}

pub async fn assert_no_changes(spec: &Spec, target: &Target) {
    let p = plan(spec, target).await;
    assert!(p.is_empty(), "expected no changes, got:\n{p}");
    assert_eq!(
        p.to_string(),
        "No changes. The live setup matches the spec.\n"
    );
}

/// Gives `user` an access key and an enabled virtual MFA device, and returns an MFA session
/// (sts:GetSessionToken with a code), as the catalogue's MFA guard expects people to work.
pub async fn mfa_session(server: &Server, user: &str) -> SessionCreds {
    let iam = server.iam_client();
    let key = iam
        .create_access_key()
        .user_name(user)
        .send()
        .await
        .expect("access key")
        .access_key
        .expect("key");
    let dev = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(user)
        .send()
        .await
        .expect("virtual MFA device")
        .virtual_mfa_device
        .expect("device");
    let seed = dev.base32_string_seed.expect("seed");
    let seed = base32_decode(std::str::from_utf8(seed.as_ref()).expect("text")).expect("seed");
    let step = step_at(iam_core::entities::now());
    iam.enable_mfa_device()
        .user_name(user)
        .serial_number(&dev.serial_number)
        .authentication_code1(code_at_step(&seed, step - 1))
        .authentication_code2(code_at_step(&seed, step))
        .send()
        .await
        .expect("enable MFA");
    let c = server
        .sts_client_with(&key.access_key_id, &key.secret_access_key)
        .get_session_token()
        .serial_number(&dev.serial_number)
        .token_code(code_at_step(&seed, step + 1))
        .send()
        .await
        .expect("GetSessionToken with MFA")
        .credentials
        .expect("credentials");
    (c.access_key_id, c.secret_access_key, c.session_token)
}

/// Whether `session` may assume `role` in `account`.
pub async fn can_assume(
    server: &Server,
    session: &SessionCreds,
    account: &str,
    role: &str,
) -> bool {
    server
        .sts_client_session(session)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{role}"))
        .role_session_name("zone-test")
        .send()
        .await
        .is_ok()
}

/// The spec's account IDs by name, from the plan.
pub async fn account_ids(
    spec: &Spec,
    target: &Target,
) -> std::collections::BTreeMap<String, String> {
    plan(spec, target)
        .await
        .accounts
        .iter()
        .map(|a| (a.account.name.clone(), a.account.id.clone()))
        .collect()
}
