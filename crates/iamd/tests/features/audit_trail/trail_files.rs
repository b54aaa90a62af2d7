//! CloudTrail log files (`iamd serve --trail-dir`), read as a SIEM reads them: every file
//! gunzipped and parsed, in AWS's S3 key layout (CloudTrail User Guide: "Finding your
//! CloudTrail log files", "CloudTrail log file name format"), each committed event in exactly
//! one file, rotated every window, none lost or copied across a kill -9 and a restart, the
//! open window delivered by a clean stop, and no secret in any file.
use crate::process::{Process, read_credentials};
use aws_sdk_iam::error::ProvideErrorMetadata;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One log file as delivered.
pub struct TrailFile {
    /// Its key under the trail directory (`AWSLogs/…/…json.gz`).
    pub key: String,
    /// The file's bytes (gzip).
    pub bytes: Vec<u8>,
    /// The decompressed JSON text.
    pub text: String,
    pub records: Vec<Value>,
}

/// Every `*.json.gz` under `dir`, by key.
pub fn read_trail(dir: &Path) -> Vec<TrailFile> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let mut files: Vec<TrailFile> = paths
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap_or_else(|e| panic!("{}: not gzip: {e}", path.display()));
            let doc: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
            let records = doc["Records"].as_array().expect("a Records array").clone();
            let key = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            TrailFile {
                key,
                bytes,
                text,
                records,
            }
        })
        .collect();
    files.sort_by(|a, b| a.key.cmp(&b.key));
    files
}

/// (eventID, recipientAccountId) of every record in the files, with how often each occurs.
pub fn trail_ids(files: &[TrailFile]) -> BTreeMap<(String, String), usize> {
    let mut ids = BTreeMap::new();
    for r in files.iter().flat_map(|f| &f.records) {
        let id = (
            r["eventID"].as_str().unwrap().to_string(),
            r["recipientAccountId"].as_str().unwrap().to_string(),
        );
        *ids.entry(id).or_insert(0) += 1;
    }
    ids
}

/// (eventID, account) of every event in the data directory's database, read as `iamd events`
/// reads it.
pub fn stored_ids(data: &Path) -> BTreeSet<(String, String)> {
    let reader = iam_store::reader::EventReader::open(&data.join("iamd.db")).unwrap();
    reader
        .range(0, reader.max_seq().unwrap())
        .unwrap()
        .into_iter()
        .map(|e| {
            let r: Value = serde_json::from_str(&e.record).unwrap();
            assert_eq!(r["recipientAccountId"].as_str(), Some(e.account.as_str()));
            (r["eventID"].as_str().unwrap().to_string(), e.account)
        })
        .collect()
}

/// Waits (20 s at most) until `ready`.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether a file holds the `name` event whose request parameters say `user`.
fn has_event(files: &[TrailFile], name: &str, user: &str) -> bool {
    files.iter().flat_map(|f| &f.records).any(|r| {
        r["eventName"] == name && r["requestParameters"]["userName"].as_str() == Some(user)
    })
}

/// The file's key in AWS's layout, checked part by part against its records.
fn check_layout(file: &TrailFile) {
    let parts: Vec<&str> = file.key.split('/').collect();
    assert_eq!(parts.len(), 8, "{}", file.key);
    let [logs, account, cloudtrail, region, yyyy, mm, dd, name] = parts[..] else {
        unreachable!()
    };
    assert_eq!(
        (logs, cloudtrail),
        ("AWSLogs", "CloudTrail"),
        "{}",
        file.key
    );
    assert!(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let stamp = format!("{yyyy}{mm}{dd}T");
    let prefix = format!("{account}_CloudTrail_{region}_{stamp}");
    let rest = name
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{name} does not start with {prefix}"));
    let rest = rest.strip_suffix(".json.gz").unwrap();
    let (hhmm, unique) = rest.split_once("Z_").unwrap();
    assert!(
        hhmm.len() == 4 && hhmm.bytes().all(|b| b.is_ascii_digit()),
        "{name}"
    );
    assert!(
        unique.len() == 16 && unique.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{name}"
    );
    assert!(!file.records.is_empty(), "{}: an empty file", file.key);
    for r in &file.records {
        assert_eq!(r["recipientAccountId"], account, "{}", file.key);
        assert_eq!(r["awsRegion"], region, "{}", file.key);
        // A record is what CloudTrail writes: the fields a SIEM's parser expects.
        for field in [
            "eventVersion",
            "userIdentity",
            "eventTime",
            "eventSource",
            "eventID",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
    }
}

#[tokio::test]
async fn log_files_in_awss_layout_hold_every_event_once_and_no_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let trail = tmp.path().join("trail");
    let server = Process::start_with(
        &data,
        &tmp.path().join("logs"),
        &[
            "--trail-dir",
            trail.to_str().unwrap(),
            "--trail-rotate-seconds",
            "2",
        ],
        &[],
    );
    let root = read_credentials(&data.join("credentials"));
    let mut secrets = vec![root.1.clone()];
    let iam = server.iam(&root);

    // The first window: a user with a password, a key, an MFA device, a session, a refusal.
    iam.create_user().user_name("alice").send().await.unwrap();
    let password = "Trail-Files-Passw0rd!-never";
    secrets.push(password.into());
    iam.create_login_profile()
        .user_name("alice")
        .password(password)
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    secrets.push(key.secret_access_key.clone());
    let seed = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("alice-phone")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap()
        .base32_string_seed
        .unwrap()
        .into_inner();
    secrets.push(String::from_utf8(seed).unwrap());
    let alice = (key.access_key_id.clone(), key.secret_access_key.clone());
    let session = server
        .sts_in("eu-west-1", &alice)
        .get_session_token()
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    secrets.push(session.secret_access_key.clone());
    secrets.push(session.session_token.clone());
    let refused = server
        .iam(&alice)
        .create_user()
        .user_name("mallory")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("AccessDenied"));

    // Delivered at the end of the window, without a stop.
    wait_until("the first window's files", || {
        let files = read_trail(&trail);
        has_event(&files, "CreateUser", "mallory")
            && files
                .iter()
                .flat_map(|f| &f.records)
                .any(|r| r["eventName"] == "GetSessionToken")
    });
    let first: BTreeMap<String, Vec<u8>> = read_trail(&trail)
        .into_iter()
        .map(|f| (f.key, f.bytes))
        .collect();
    // STS is regional: its event is in eu-west-1's folder; IAM's in us-east-1's.
    assert!(
        first.keys().any(|k| k.contains("/CloudTrail/eu-west-1/")),
        "{first:?}"
    );
    assert!(first.keys().any(|k| k.contains("/CloudTrail/us-east-1/")));

    // A later window: more events, delivered by the clean stop (SIGTERM) at the latest.
    iam.create_user().user_name("bob").send().await.unwrap();
    iam.delete_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    server.stop();

    let files = read_trail(&trail);
    for f in &files {
        check_layout(f);
    }
    // Files already delivered are never rewritten; the later events are in new files.
    for (key, bytes) in &first {
        let now = files
            .iter()
            .find(|f| &f.key == key)
            .expect("a file is kept");
        assert_eq!(&now.bytes, bytes, "{key} was rewritten");
    }
    let later: Vec<&TrailFile> = files
        .iter()
        .filter(|f| !first.contains_key(&f.key))
        .collect();
    assert!(
        later
            .iter()
            .flat_map(|f| &f.records)
            .any(|r| r["eventName"] == "CreateUser" && r["requestParameters"]["userName"] == "bob"),
        "bob's CreateUser is in a later file"
    );
    // Every committed event in exactly one file, and nothing else.
    let in_files = trail_ids(&files);
    let copies: Vec<_> = in_files.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        copies.is_empty(),
        "records in more than one file: {copies:?}"
    );
    assert_eq!(
        in_files.keys().cloned().collect::<BTreeSet<_>>(),
        stored_ids(&data)
    );
    // The records are the stored ones, byte for byte (LookupEvents' CloudTrailEvent), each
    // in one file.
    let reader = iam_store::reader::EventReader::open(&data.join("iamd.db")).unwrap();
    for e in reader.range(0, i64::MAX).unwrap() {
        let holding = files.iter().filter(|f| f.text.contains(&e.record)).count();
        assert_eq!(holding, 1, "{}", e.record);
    }
    // No secret in any file, compressed or not; no temporary file left.
    for f in &files {
        for s in &secrets {
            assert!(!f.text.contains(s.as_str()), "a secret is in {}", f.key);
            assert!(
                !f.bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "a secret is in {}",
                f.key
            );
        }
    }
    let mut stray = Vec::new();
    fn temps(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                temps(&path, out);
            } else if path.to_string_lossy().ends_with(".tmp") {
                out.push(path);
            }
        }
    }
    temps(&trail, &mut stray);
    assert!(stray.is_empty(), "{stray:?}");
}

#[tokio::test]
async fn a_crash_and_a_restart_neither_lose_nor_copy_a_record() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let trail = tmp.path().join("trail");
    let trail_arg = trail.to_str().unwrap();
    let server = Process::start_with(
        &data,
        &logs,
        &["--trail-dir", trail_arg, "--trail-rotate-seconds", "2"],
        &[],
    );
    let root = read_credentials(&data.join("credentials"));
    let create = |server: &Process, names: std::ops::Range<usize>| {
        let iam = server.iam(&root);
        async move {
            for i in names {
                iam.create_user()
                    .user_name(format!("u{i}"))
                    .send()
                    .await
                    .unwrap();
            }
        }
    };
    create(&server, 0..5).await;
    wait_until("u4's event in a file", || {
        has_event(&read_trail(&trail), "CreateUser", "u4")
    });
    // Acknowledged, committed, not delivered yet: then kill -9.
    create(&server, 5..10).await;
    server.kill();

    // The next start delivers what the crash left at once (a window of an hour would
    // otherwise hold it), and a clean stop delivers its own open window.
    let server = Process::start_with(
        &data,
        &logs,
        &["--trail-dir", trail_arg, "--trail-rotate-minutes", "60"],
        &[],
    );
    wait_until("u9's event in a file", || {
        has_event(&read_trail(&trail), "CreateUser", "u9")
    });
    create(&server, 10..13).await;
    server.stop();

    let files = read_trail(&trail);
    for f in &files {
        check_layout(f);
    }
    for i in 0..13 {
        assert!(has_event(&files, "CreateUser", &format!("u{i}")), "u{i}");
    }
    let in_files = trail_ids(&files);
    let copies: Vec<_> = in_files.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        copies.is_empty(),
        "records in more than one file: {copies:?}"
    );
    assert_eq!(
        in_files.keys().cloned().collect::<BTreeSet<_>>(),
        stored_ids(&data)
    );
}
