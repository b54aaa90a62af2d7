//! `iamd serve --event-retention-days N`: events older than N days are deleted (with their
//! resources), the recent ones kept; without the option every event is kept. The old events
//! are written into the data directory's database with timestamps 40 days back, as an
//! earlier run would have left them.
use super::trail_files::wait_until;
use crate::process::{Process, read_credentials};
use iam_core::audit::{EventRecord, EventResource};
use iam_core::store::Store;
use iam_store::reader::{EventFilter, EventReader, ReadEvent};
use std::path::Path;

const DAY_MS: i64 = 86_400_000;

/// The events of `data`'s database that match `filter` (read as `iamd events` reads them).
fn events(data: &Path, filter: EventFilter) -> Vec<ReadEvent> {
    EventReader::open(&data.join("iamd.db"))
        .unwrap()
        .read(&filter, 0, usize::MAX, false)
        .unwrap()
}

fn named(name: &str) -> EventFilter {
    EventFilter {
        event_name: Some(name.into()),
        ..EventFilter::default()
    }
}

fn naming(resource: &str) -> EventFilter {
    EventFilter {
        resource_name: Some(resource.into()),
        ..EventFilter::default()
    }
}

/// Writes `n` events `days` days old into the database of `data` (server stopped), naming
/// the users `old{days}-user-{i}`.
async fn old_events(data: &Path, account: &str, n: usize, days: i64) {
    let store = iam_store::SqliteStore::open(data.join("iamd.db")).unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    let events = (0..n)
        .map(|i| {
            let id = format!("00000000-0000-4000-8{days:03}-{i:012}");
            let time_ms = now - days * DAY_MS + i as i64;
            EventRecord {
                capture: Vec::new(),
                event_id: id.clone(),
                account_id: account.into(),
                time_ms,
                event_name: "OldEvent".into(),
                event_source: "iam.amazonaws.com".into(),
                read_only: false,
                username: Some("old-admin".into()),
                access_key_id: None,
                resources: vec![EventResource {
                    resource_type: "AWS::IAM::User".into(),
                    resource_name: format!("old{days}-user-{i}"),
                }],
                json: serde_json::json!({
                    "eventVersion": "1.11",
                    "eventTime": iam_core::audit::event_time(time_ms),
                    "eventSource": "iam.amazonaws.com",
                    "eventName": "OldEvent",
                    "awsRegion": "us-east-1",
                    "eventID": id,
                    "recipientAccountId": account,
                })
                .to_string(),
            }
        })
        .collect();
    assert!(store.append_events(events, false).is_none());
    store.submit(Vec::new()).await.unwrap().unwrap();
}

#[tokio::test]
async fn events_past_the_retention_are_deleted_the_recent_ones_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let account = "111122223333";
    let at = ["--account-id", account];
    // An earlier run's events: more than one retention batch 40 days old, a few 10 days old.
    std::fs::create_dir_all(&data).unwrap();
    old_events(&data, account, 2_500, 40).await;
    old_events(&data, account, 3, 10).await;

    // Without the option, everything is kept.
    let server = Process::start_with(&data, &logs, &at, &[]);
    let root = read_credentials(&data.join("credentials"));
    server
        .iam(&root)
        .create_user()
        .user_name("recent")
        .send()
        .await
        .unwrap();
    server.stop();
    assert_eq!(events(&data, named("OldEvent")).len(), 2_503);

    // 30 days: the 40-day-old events go (at start), the 10-day-old ones and today's stay.
    let server = Process::start_with(
        &data,
        &logs,
        &["--account-id", account, "--event-retention-days", "30"],
        &[],
    );
    wait_until("the retention", || {
        events(&data, named("OldEvent")).len() == 3
    });
    assert!(events(&data, naming("old40-user-0")).is_empty());
    assert!(events(&data, naming("old40-user-2499")).is_empty());
    assert_eq!(events(&data, naming("old10-user-2")).len(), 1);
    assert_eq!(
        events(
            &data,
            EventFilter {
                event_name: Some("CreateUser".into()),
                ..naming("recent")
            }
        )
        .len(),
        1
    );
    // The server goes on recording.
    server
        .iam(&root)
        .create_user()
        .user_name("later")
        .send()
        .await
        .unwrap();
    let output = server.stop();
    assert!(
        output.contains("audit events past retention deleted"),
        "{output}"
    );
    assert_eq!(events(&data, naming("later")).len(), 1);
}
