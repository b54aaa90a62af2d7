//! The `iamd` command line: `serve` prints one line once it accepts requests and writes the root
//! credentials (mode 0600) on first start only; `create-account` adds an account to a stopped
//! server's data directory; `--partition` chooses an account's partition when it is created.
use crate::process;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

fn serve_once(dir: &std::path::Path) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("iamd starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // SIGTERM: a clean stop.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let status = child.wait().unwrap();
    assert!(status.success(), "iamd exited with {status}");
    line
}

/// `iamd create-account --account-id <account_id> --data-dir <dir>`.
fn create_account(dir: &std::path::Path, account_id: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args(["create-account", "--account-id", account_id, "--data-dir"])
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn serve_writes_credentials_once_and_create_account_adds_one() {
    let dir = tempfile::tempdir().unwrap();
    let line = serve_once(dir.path());
    assert!(
        line.starts_with("iamd listening on http://127.0.0.1:"),
        "{line}"
    );
    let creds = dir.path().join("credentials");
    let first = std::fs::read_to_string(&creds).unwrap();
    assert!(
        first.starts_with("[default]\naws_access_key_id = AKIA"),
        "{first}"
    );
    let mode = std::fs::metadata(&creds).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let key_mode = std::fs::metadata(dir.path().join("master.key"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(key_mode, 0o600);
    // A second start reuses the account and its credentials.
    serve_once(dir.path());
    assert_eq!(std::fs::read_to_string(&creds).unwrap(), first);

    let out = create_account(dir.path(), "222233334444");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let extra = std::fs::read_to_string(dir.path().join("credentials-222233334444")).unwrap();
    assert!(extra.contains("aws_access_key_id = AKIA"));
    // The same ID twice is refused.
    let again = create_account(dir.path(), "222233334444");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // set-oidc-jwks refuses a provider that does not exist (and bad ARNs) with a message.
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, r#"{"keys":[]}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args([
            "set-oidc-jwks",
            "--provider-arn",
            "arn:aws:iam::222233334444:oidc-provider/token.example.com",
            "--jwks",
        ])
        .arg(&jwks)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    // And the server still starts on the directory.
    assert!(serve_once(dir.path()).starts_with("iamd listening"));
}

#[tokio::test]
async fn the_partition_is_chosen_when_an_account_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let server = process::Process::start_with(&data, &logs, &["--partition", "aws-cn"], &[]);
    assert!(
        server.output().contains("in partition aws-cn"),
        "{}",
        server.output()
    );
    let root = process::read_credentials(&data.join("credentials"));
    let arn = server.caller_arn_in("cn-north-1", &root).await.unwrap();
    assert!(
        arn.starts_with("arn:aws-cn:iam::") && arn.ends_with(":root"),
        "{arn}"
    );
    assert_eq!(
        server.caller_arn_in("us-east-1", &root).await,
        Err("InvalidClientTokenId".into())
    );
    server.stop();

    // The data directory keeps its default account's partition: another one is refused.
    let other = process::iamd(
        &["serve", "--listen", "127.0.0.1:0", "--partition", "aws"],
        &data,
    );
    assert!(!other.status.success());
    assert!(
        process::text(&other).contains("is in partition aws-cn"),
        "{}",
        process::text(&other)
    );
    // create-account takes a partition too, and only a known one.
    let created = process::iamd(
        &[
            "create-account",
            "--account-id",
            "222233334444",
            "--partition",
            "aws-us-gov",
        ],
        &data,
    );
    assert!(created.status.success(), "{}", process::text(&created));
    assert!(process::text(&created).contains("in partition aws-us-gov"));
    let unknown = process::iamd(&["create-account", "--partition", "aws-mars"], &data);
    assert!(!unknown.status.success());
    assert!(
        process::text(&unknown).contains("unknown partition \"aws-mars\""),
        "{}",
        process::text(&unknown)
    );

    let server = process::Process::start(&data, &logs);
    assert_eq!(
        server.caller_arn_in("cn-north-1", &root).await.as_deref(),
        Ok(arn.as_str())
    );
    let gov = process::read_credentials(&data.join("credentials-222233334444"));
    assert_eq!(
        server.caller_arn_in("us-gov-west-1", &gov).await.as_deref(),
        Ok("arn:aws-us-gov:iam::222233334444:root")
    );
    server.stop();
}
