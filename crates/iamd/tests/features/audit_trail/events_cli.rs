//! `iamd events` as a process against the data directory of a running server: JSON lines (one
//! CloudTrail record each), every filter, --limit, bad input refused with a message, and
//! --follow printing an event committed after it started.
use super::trail_files::stored_ids;
use crate::process::{self, Process, read_credentials};
use aws_sdk_iam::error::ProvideErrorMetadata;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `iamd events ARGS… --data-dir DATA`: its records, or panics with its output.
fn events(data: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events"];
    all.extend_from_slice(args);
    let out = process::iamd(&all, data);
    assert!(out.status.success(), "{args:?}: {}", process::text(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn names(records: &[Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["eventName"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn iamd_events_filters_the_events_of_a_running_server() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let server = Process::start(&data, &tmp.path().join("logs"));
    let root = read_credentials(&data.join("credentials"));
    let iam = server.iam(&root);
    iam.create_user().user_name("alice").send().await.unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    let alice = (key.access_key_id.clone(), key.secret_access_key.clone());
    // A read (refused or not: alice has no policy), recorded as alice's.
    let _ = server.iam(&alice).get_user().send().await;
    let refused = server
        .iam(&alice)
        .create_user()
        .user_name("mallory")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("AccessDenied"));
    server
        .sts_in("eu-west-1", &root)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    // The events of reads and refusals commit with a group commit a moment later, in order:
    // the last request's there, every one is.
    process::wait_for_event(&data, "GetCallerIdentity");

    let all = events(&data, &[]);
    assert_eq!(
        all.len(),
        stored_ids(&data).len(),
        "every event, one per line"
    );
    assert!(all.len() >= 6, "{:?}", names(&all));
    let account = all[0]["recipientAccountId"].as_str().unwrap().to_string();

    let created = events(&data, &["--event-name", "CreateUser"]);
    assert_eq!(names(&created), ["CreateUser", "CreateUser"]);
    let by_alice = events(&data, &["--user", "alice"]);
    assert!(by_alice.len() >= 2);
    assert!(
        by_alice
            .iter()
            .all(|r| r["userIdentity"]["userName"] == "alice")
    );
    assert_eq!(events(&data, &["--access-key-id", &alice.0]), by_alice);
    // Filters combine: alice's CreateUser is the refused one.
    let refused = events(&data, &["--event-name", "CreateUser", "--user", "alice"]);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["errorCode"], "AccessDenied");
    assert_eq!(
        names(&events(&data, &["--resource-name", "devs"])),
        ["CreateGroup"]
    );
    assert_eq!(
        names(&events(&data, &["--resource-type", "AWS::IAM::Group"])),
        ["CreateGroup"]
    );
    let sts = events(&data, &["--event-source", "sts.amazonaws.com"]);
    assert_eq!(names(&sts), ["GetCallerIdentity"]);
    assert_eq!(sts[0]["awsRegion"], "eu-west-1");
    let reads = events(&data, &["--read-only", "true"]);
    let writes = events(&data, &["--read-only", "false"]);
    assert!(reads.iter().all(|r| r["readOnly"] == true));
    assert!(writes.iter().all(|r| r["readOnly"] == false));
    assert_eq!(reads.len() + writes.len(), all.len());
    assert_eq!(events(&data, &["--account", &account]).len(), all.len());
    assert!(events(&data, &["--account", "000000000000"]).is_empty());
    // Time bounds (RFC 3339), and --limit: the newest N, oldest first.
    assert!(events(&data, &["--end", "2000-01-01T00:00:00Z"]).is_empty());
    assert!(events(&data, &["--start", "2999-01-01T00:00:00Z"]).is_empty());
    let t0 = all[0]["eventTime"].as_str().unwrap();
    let tn = all[all.len() - 1]["eventTime"].as_str().unwrap();
    assert_eq!(events(&data, &["--start", t0, "--end", tn]), all);
    assert_eq!(events(&data, &["--limit", "2"]), all[all.len() - 2..]);

    // Bad input: a message and a failure, never a panic.
    for (args, says) in [
        (
            &["events", "--start", "yesterday"][..],
            "not an RFC 3339 time",
        ),
        (
            &["events", "--read-only", "maybe"][..],
            "invalid value 'maybe'",
        ),
        (&["events", "--limit", "0"][..], "invalid value '0'"),
    ] {
        let out = process::iamd(args, &data);
        assert!(!out.status.success(), "{args:?}");
        let text = process::text(&out);
        assert!(text.contains(says) && !text.contains("panicked"), "{text}");
    }
    let out = process::iamd(&["events"], &tmp.path().join("nothing-here"));
    assert!(!out.status.success());
    assert!(
        process::text(&out).contains("is not an iamd data directory"),
        "{}",
        process::text(&out)
    );

    // --follow: prints what matches so far, then each new event as it is committed.
    let mut follower = Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args([
            "events",
            "--follow",
            "--poll-ms",
            "100",
            "--resource-name",
            "carol",
        ])
        .arg("--data-dir")
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = {
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let stdout = follower.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        rx
    };
    std::thread::sleep(Duration::from_millis(500));
    assert!(lines.try_recv().is_err(), "nothing about carol yet");
    iam.create_user().user_name("carol").send().await.unwrap();
    let line = lines
        .recv_timeout(Duration::from_secs(15))
        .expect("--follow prints the new event");
    let record: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["eventName"], "CreateUser");
    assert_eq!(record["requestParameters"]["userName"], "carol");
    iam.tag_user()
        .user_name("carol")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("team")
                .value("blue")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let line = lines
        .recv_timeout(Duration::from_secs(15))
        .expect("and the next one");
    assert!(line.contains("\"TagUser\""), "{line}");
    let _ = follower.kill();
    let _ = follower.wait();
    server.stop();
}

#[test]
fn iamd_help_lists_events_and_the_trail_options() {
    let help = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_iamd"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let top = help(&["--help"]);
    assert!(top.contains("events"), "{top}");
    let events = help(&["events", "--help"]);
    for flag in [
        "--account",
        "--event-name",
        "--user",
        "--access-key-id",
        "--resource-name",
        "--resource-type",
        "--event-source",
        "--read-only",
        "--start",
        "--end",
        "--limit",
        "--follow",
    ] {
        assert!(events.contains(flag), "{flag} in {events}");
    }
    let serve = help(&["serve", "--help"]);
    for flag in [
        "--trail-dir",
        "--trail-rotate-minutes",
        "--event-retention-days",
    ] {
        assert!(serve.contains(flag), "{flag} in {serve}");
    }
    assert!(serve.contains("every event is kept"), "{serve}");
}
