//! The root secret of a new data directory is written to DATA_DIR/credentials (mode 0600) and
//! nowhere else: not to stdout or stderr, which end up in journald and container logs.
use crate::process;
use process::*;

#[tokio::test]
async fn first_start_prints_the_credentials_path_never_the_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let server = Process::start(&data, &logs);
    let creds_path = data.join("credentials");
    let key = read_credentials(&creds_path);
    assert_eq!(mode(&creds_path), 0o600);
    // The key works, and requests signed with it are logged (IAMD_LOG=debug) without it.
    let arn = server.caller_arn(&key).await.unwrap();
    assert!(arn.ends_with(":root"), "{arn}");
    let out = server.stop();
    assert!(!out.contains(&key.1), "the root secret was printed:\n{out}");
    assert!(out.contains(&key.0), "the access key ID is shown:\n{out}");
    assert!(
        out.contains(&creds_path.display().to_string()),
        "the credentials path is shown:\n{out}"
    );

    // create-account shows the path, not the secret, either.
    let made = iamd(&["create-account", "--account-id", "222233334444"], &data);
    assert!(made.status.success(), "{}", text(&made));
    let extra_path = data.join("credentials-222233334444");
    let extra = read_credentials(&extra_path);
    assert_eq!(mode(&extra_path), 0o600);
    let out = text(&made);
    assert!(!out.contains(&extra.1), "a root secret was printed:\n{out}");
    assert!(out.contains(&extra_path.display().to_string()), "{out}");
}
