//! Offboarding removes a person completely — access keys, console password, MFA device
//! (deactivated and deleted), SSH keys, signing certificates, service-specific credentials,
//! group memberships, attached and inline policies, then the user — where a bare DeleteUser
//! fails with DeleteConflict; and it revokes the sessions of the roles they could assume
//! (AWSRevokeOlderSessions), which is not drift afterwards. An interrupted apply resumes.
use super::helpers::*;
use crate::common::{Server, api_error};
use std::sync::Arc;

const SSH_KEY: &str = include_str!("../fixtures/ssh_rsa_2048.pub");
const CERT: &str = include_str!("../fixtures/server.crt");

const SPEC: &str = r#"
account_types: {main: {}}
accounts:
  main: {type: main, central: true}
roles:
  ops:
    policies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
groups:
  ops: {}
group_map:
  ops: [{role: ops, account_types: [main]}]
user_map:
  stays: {groups: [ops]}
  leaver:
    groups: [ops]
    console_access: true
options:
  revoke_sessions_on_offboard: true
"#;

#[tokio::test]
async fn offboarding_removes_everything_and_revokes_role_sessions() {
    let server = Server::start().await;
    let target = root_target(&server);
    let mut spec = parse(SPEC);
    apply(&spec, &target).await;
    assert_no_changes(&spec, &target).await;
    let iam = server.iam_client();
    let acct = &server.account_id;

    // Everything a person accumulates.
    let session = mfa_session(&server, "leaver").await; // access key + virtual MFA device
    iam.upload_ssh_public_key()
        .user_name("leaver")
        .ssh_public_key_body(SSH_KEY)
        .send()
        .await
        .unwrap();
    iam.upload_signing_certificate()
        .user_name("leaver")
        .certificate_body(CERT)
        .send()
        .await
        .unwrap();
    iam.create_service_specific_credential()
        .user_name("leaver")
        .service_name("codecommit.amazonaws.com")
        .send()
        .await
        .unwrap();
    let e = api_error(iam.delete_user().user_name("leaver").send().await);
    assert_eq!(e.code, "DeleteConflict");
    // A role session opened before offboarding works until then.
    let role = server
        .sts_client_session(&session)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{acct}:role/ops"))
        .role_session_name("leaver")
        .send()
        .await
        .expect("assume ops with MFA")
        .credentials
        .unwrap();
    let role_session = (
        role.access_key_id,
        role.secret_access_key,
        role.session_token,
    );
    assert!(
        server
            .iam_client_session(&role_session)
            .list_users()
            .send()
            .await
            .is_ok()
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    spec.user_map.remove("leaver");
    let (_, text) = apply(&spec, &target).await;
    assert!(text.contains("- offboard user leaver"), "{text}");
    assert!(
        text.contains("~ revoke the sessions of role ops issued before now (AWSRevokeOlderSessions; leaver was offboarded)"),
        "{text}"
    );
    assert_eq!(
        api_error(iam.get_user().user_name("leaver").send().await).code,
        "NoSuchEntity"
    );
    let devices = iam.list_virtual_mfa_devices().send().await.unwrap();
    assert!(devices.virtual_mfa_devices().is_empty(), "{devices:?}");
    // The old role session is refused; the revocation is no drift.
    let e = api_error(
        server
            .iam_client_session(&role_session)
            .list_users()
            .send()
            .await,
    );
    assert_eq!(e.code, "AccessDenied");
    assert_no_changes(&spec, &target).await;
    let inline = iam
        .list_role_policies()
        .role_name("ops")
        .send()
        .await
        .unwrap();
    assert_eq!(inline.policy_names(), ["AWSRevokeOlderSessions"]);
}

#[tokio::test]
async fn an_interrupted_apply_resumes_from_the_live_state() {
    let server = Server::start().await;
    let target = root_target(&server);
    let spec = example("single-account.yaml");
    // Carry out only the first phase (creations), as if the process had been killed.
    let p = plan(&spec, &target).await;
    let total = p.change_count();
    let first = &p.accounts[0];
    let iam = first.iam.clone().unwrap();
    let mut done = 0;
    for c in first.changes.iter().filter(|c| c.phase() == 0) {
        iamd_zone::execute::run(&iam, c).await.expect("phase 0");
        done += 1;
    }
    assert!(done > 0 && done < total);
    // Running the same phase again is harmless (EntityAlreadyExists is "done").
    for c in first.changes.iter().filter(|c| c.phase() == 0) {
        iamd_zone::execute::run(&iam, c)
            .await
            .expect("phase 0 again");
    }
    let p = plan(&spec, &target).await;
    assert_eq!(p.change_count(), total - done, "{p}");
    let report = iamd_zone::apply(&spec, &target, p, Arc::new(|_: &str| {}))
        .await
        .expect("resume");
    assert_eq!(report.changes, total - done);
    assert_no_changes(&spec, &target).await;
}
