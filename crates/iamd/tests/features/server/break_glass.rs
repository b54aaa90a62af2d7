//! Break-glass: a root user that deleted its only access key is locked out for good through the
//! API; `iamd recover-root`, run by whoever holds the data directory with the server stopped,
//! issues a new root key into DATA_DIR/credentials (never printed) and records that it happened.
use crate::process;
use process::*;

#[tokio::test]
async fn recover_root_after_the_root_deleted_its_only_key() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let creds_path = data.join("credentials");

    let server = Process::start(&data, &logs);
    let old = read_credentials(&creds_path);
    let root_arn = server.caller_arn(&old).await.unwrap();
    assert!(root_arn.ends_with(":root"), "{root_arn}");
    // The root deletes its own (only) access key: nothing signed can reach the API any more.
    server
        .iam(&old)
        .delete_access_key()
        .access_key_id(&old.0)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.caller_arn(&old).await,
        Err("InvalidClientTokenId".into())
    );

    // Refused while the server holds the data directory.
    let busy = iamd(&["recover-root"], &data);
    assert!(!busy.status.success());
    assert!(text(&busy).contains("in use"), "{}", text(&busy));
    assert_eq!(read_credentials(&creds_path), old);
    server.stop();

    let recovered = iamd(&["recover-root"], &data);
    let out = text(&recovered);
    assert!(recovered.status.success(), "{out}");
    let new = read_credentials(&creds_path);
    assert_ne!(new.0, old.0);
    assert_eq!(mode(&creds_path), 0o600);
    assert!(out.contains(&creds_path.display().to_string()), "{out}");
    assert!(out.contains(&new.0), "{out}");
    assert!(out.contains("break-glass"), "{out}");
    assert!(!out.contains(&new.1), "the new secret was printed:\n{out}");
    // Recorded durably, in a record kind of its own (the server still loads the store below).
    let store = iam_store::SqliteStore::open(data.join("iamd.db")).unwrap();
    let records = iam_core::Store::load_all(&store).unwrap();
    drop(store);
    let events: Vec<iam_core::break_glass::BreakGlassEvent> = records
        .iter()
        .filter(|r| r.kind == iam_core::break_glass::KIND_BREAK_GLASS)
        .map(|r| serde_json::from_slice(&r.value).unwrap())
        .collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].access_key_id, new.0);
    assert_eq!(events[0].deleted_access_key_id, None);
    assert!(root_arn.contains(&events[0].account_id));

    let server = Process::start(&data, &logs);
    assert_eq!(server.caller_arn(&new).await, Ok(root_arn.clone()));
    assert_eq!(
        server.caller_arn(&old).await,
        Err("InvalidClientTokenId".into())
    );
    // The account summary and credential report still work with the record in the store.
    let iam = server.iam(&new);
    iam.get_account_summary().send().await.unwrap();
    let out = server.stop();
    assert!(!out.contains(&new.1), "the new secret was printed:\n{out}");
}

#[tokio::test]
async fn recover_root_of_another_account_and_the_two_key_quota() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    Process::start(&data, &logs).stop();
    let default_key = read_credentials(&data.join("credentials"));
    let made = iamd(&["create-account", "--account-id", "222233334444"], &data);
    assert!(made.status.success(), "{}", text(&made));
    let path = data.join("credentials-222233334444");
    let first = read_credentials(&path);

    // A second key for that account's root (the first still works: both active now).
    let recovered = iamd(&["recover-root", "--account-id", "222233334444"], &data);
    assert!(recovered.status.success(), "{}", text(&recovered));
    let second = read_credentials(&path);
    assert_ne!(second.0, first.0);
    assert!(!text(&recovered).contains(&second.1));
    // The default account's credentials are untouched.
    assert_eq!(read_credentials(&data.join("credentials")), default_key);

    // Two active keys: refused with a message, nothing changed.
    let refused = iamd(&["recover-root", "--account-id", "222233334444"], &data);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("already has 2"),
        "{}",
        text(&refused)
    );
    assert_eq!(read_credentials(&path), second);
    // Unknown accounts and malformed IDs are refused too.
    let unknown = iamd(&["recover-root", "--account-id", "999999999999"], &data);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("999999999999"),
        "{}",
        text(&unknown)
    );
    let malformed = iamd(&["recover-root", "--account-id", "12"], &data);
    assert!(!malformed.status.success());

    let server = Process::start(&data, &logs);
    for key in [&first, &second] {
        assert_eq!(
            server.caller_arn(key).await,
            Ok("arn:aws:iam::222233334444:root".into())
        );
    }
    // Make the older key inactive: recovery now replaces it.
    server
        .iam(&second)
        .update_access_key()
        .access_key_id(&first.0)
        .status(aws_sdk_iam::types::StatusType::Inactive)
        .send()
        .await
        .unwrap();
    server.stop();
    let recovered = iamd(&["recover-root", "--account-id", "222233334444"], &data);
    assert!(recovered.status.success(), "{}", text(&recovered));
    assert!(text(&recovered).contains(&first.0), "{}", text(&recovered));
    let third = read_credentials(&path);
    let server = Process::start(&data, &logs);
    assert_eq!(
        server.caller_arn(&third).await,
        Ok("arn:aws:iam::222233334444:root".into())
    );
    assert_eq!(
        server.caller_arn(&first).await,
        Err("InvalidClientTokenId".into())
    );
    server.stop();
}
