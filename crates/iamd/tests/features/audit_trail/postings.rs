//! LookupEvents' postings are written by the store's writer about once a second, not in each
//! transaction: a lookup still finds every event answered before it (it writes them first), and
//! after a kill -9 the postings not yet written are rebuilt at open from the stored events.
use crate::process::{Process, read_credentials};
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};

/// The event names LookupEvents finds for `key` = `value`, newest first.
async fn found(
    ct: &aws_sdk_cloudtrail::Client,
    key: LookupAttributeKey,
    value: &str,
) -> Vec<String> {
    let out = ct
        .lookup_events()
        .lookup_attributes(
            LookupAttribute::builder()
                .attribute_key(key)
                .attribute_value(value)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    out.events()
        .iter()
        .map(|e| e.event_name().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn events_whose_postings_were_not_written_before_a_kill_are_found_after_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let logs = tmp.path().join("logs");
    let server = Process::start(&data, &logs);
    let root = read_credentials(&data.join("credentials"));
    let iam = server.iam(&root);
    // Durable writes and reads, then a crash well inside the postings' window (1 s): their
    // postings are only in the writer's memory.
    for i in 0..20 {
        iam.create_user()
            .user_name(format!("crash-{i}"))
            .send()
            .await
            .unwrap();
    }
    iam.get_user().user_name("crash-7").send().await.unwrap();
    // A read's event commits with a group commit a moment after its answer.
    crate::process::wait_for_event(&data, "GetUser");
    server.kill();

    let server = Process::start(&data, &logs);
    let ct = server.cloudtrail(&root);
    for i in [0, 7, 19] {
        let names = found(&ct, LookupAttributeKey::ResourceName, &format!("crash-{i}")).await;
        let want: &[&str] = if i == 7 {
            &["GetUser", "CreateUser"]
        } else {
            &["CreateUser"]
        };
        assert_eq!(names, want, "crash-{i}");
    }
    let created = found(&ct, LookupAttributeKey::EventName, "CreateUser").await;
    assert_eq!(created.len(), 20);
    // And what happens after the restart is found at once (a lookup writes the postings
    // waiting in memory before it reads).
    let iam = server.iam(&root);
    iam.create_user().user_name("after").send().await.unwrap();
    assert_eq!(
        found(&ct, LookupAttributeKey::ResourceName, "after").await,
        ["CreateUser"]
    );
    server.stop();
}
