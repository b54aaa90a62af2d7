//! The request log (`IAMD_LOG=info`) of `iamd serve` as a process: one line per request with
//! its request ID, action, principal, account, outcome and event ID, so a log line and an event
//! join; no secret in the log or in the data directory's database.
use crate::process::{Process, read_credentials};
use aws_sdk_iam::error::ProvideErrorMetadata;

#[tokio::test]
async fn one_line_per_request_joined_to_its_event_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Process::start_with(
        &data,
        &dir.path().join("logs"),
        &[],
        &[("IAMD_LOG", "info")],
    );
    let root = read_credentials(&data.join("credentials"));
    let iam = server.iam(&root);
    iam.create_user().user_name("dave").send().await.unwrap();
    let password = "Dave-Passw0rd!-never-logged";
    iam.create_login_profile()
        .user_name("dave")
        .password(password)
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("dave")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let dave = (key.access_key_id.clone(), key.secret_access_key.clone());
    let refused = server
        .iam(&dave)
        .create_user()
        .user_name("eve")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("AccessDenied"));
    let request_id = refused
        .meta()
        .extra("aws_request_id")
        .map(str::to_string)
        .or_else(|| {
            refused
                .raw_response()
                .and_then(|r| r.headers().get("x-amzn-requestid"))
                .map(str::to_string)
        })
        .expect("a request ID");
    let output = server.stop();
    let line = output
        .lines()
        .find(|l| l.contains(&request_id) && l.contains("outcome"))
        .unwrap_or_else(|| panic!("no request line for {request_id}:\n{output}"));
    for part in [
        "action=\"CreateUser\"",
        "outcome=\"AccessDenied\"",
        ":user/dave\"",
        &format!("access_key_id=\"{}\"", dave.0),
        "status=403",
        "event_id=",
    ] {
        assert!(line.contains(part), "{part} not in {line}");
    }
    // Every request has its line: root's three, dave's one.
    assert_eq!(
        output
            .lines()
            .filter(|l| l.contains("outcome=") && l.contains("iam.amazonaws.com"))
            .count(),
        4,
        "{output}"
    );
    let mut stored = std::fs::read(data.join("iamd.db")).unwrap();
    stored.extend(std::fs::read(data.join("iamd.db-wal")).unwrap_or_default());
    for secret in [password, &dave.1, &root.1] {
        assert!(!output.contains(secret), "a secret is in the log");
        assert!(
            !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a secret is in the store"
        );
    }
}
