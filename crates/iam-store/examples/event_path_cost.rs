//! What one read's audit event costs on each thread, free of the end-to-end benchmark's noise:
//! the request thread's rendering and queuing of a GetUser-like event
//! (`SqliteStore::append_completed`'s work), the preparer's (blocks compressed, postings
//! listed: `events::prepare_events`) and the writer's (`EventWriter::insert_prepared`, SQLite,
//! the postings' rows). Run:
//! `cargo run --release -p iam-store --example event_path_cost`.
use iam_core::audit::{CompletedEvent, EventDraft, EventResource, UserIdentity};
use iam_core::store::Store;
use std::sync::Arc;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn get_user_event(i: usize) -> Arc<CompletedEvent> {
    let now = iam_core::audit::now_ms();
    let mut draft = EventDraft::new(&format!("dafdeb3d-34de-434b-9f4b-{i:012}"), now);
    draft.source_ip = Some("127.0.0.1".into());
    draft.user_agent = Some("aws-cli/1.36.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.35.0".into());
    draft.account_id = Some("810893775170".into());
    draft.event_source = "iam.amazonaws.com".into();
    draft.event_name = "GetUser".into();
    let mut identity = UserIdentity::unknown(Some("AKIA6DON4VPLJCDJ7JOP"), Some("810893775170"));
    identity.kind = "IAMUser".into();
    identity.principal_id = Some("AIDA6DON4VPLJCDJ7JOPX".into());
    identity.arn = Some("arn:aws:iam::810893775170:user/alice".into());
    identity.user_name = Some("alice".into());
    draft.identity = identity;
    draft.request_parameters = serde_json::json!({"userName": format!("lg-user-{}", i % 8)});
    draft.resources = vec![EventResource {
        resource_type: "AWS::IAM::User".into(),
        resource_name: format!("lg-user-{}", i % 8),
    }];
    Arc::new(CompletedEvent {
        draft,
        time_ms: now,
    })
}

fn main() {
    const N: usize = 200_000;
    let events: Vec<_> = (0..N).map(get_user_event).collect();
    let dir = tempfile::tempdir().unwrap();
    let store = iam_store::SqliteStore::open(dir.path().join("iamd.db")).unwrap();
    // Warm up, then the request threads' side alone (records rendered and queued): the
    // writer commits them meanwhile on its own thread, so its time is measured as its CPU.
    for e in &events[..10_000] {
        store.append_completed(e.clone());
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async { store.submit(Vec::new()).await.unwrap().unwrap() });
    let writer_cpu = || thread_cpu("iamd-store-writ");
    let w0 = writer_cpu();
    let p0 = thread_cpu("iamd-event-prep");
    let started = Instant::now();
    let cpu0 = self_cpu();
    // At about the server's pace: a window's worth of events (`EVENTS_WINDOW` at 35,000 a
    // second), then a pause while the writer commits them.
    let per_window = (35_000 * iam_store::EVENTS_WINDOW.as_millis() / 1_000) as usize;
    for window in events.chunks(per_window) {
        for e in window {
            store.append_completed(e.clone());
        }
        std::thread::sleep(iam_store::EVENTS_WINDOW);
    }
    let request_side = (self_cpu() - cpu0) / N as f64;
    rt.block_on(async { store.submit(Vec::new()).await.unwrap().unwrap() });
    let elapsed = started.elapsed();
    println!(
        "request thread: {:.2} µs per event (render + queue); preparer thread: {:.2} µs; writer thread: {:.2} µs; {N} events in {elapsed:?}",
        request_side * 1e6,
        (thread_cpu("iamd-event-prep") - p0) / N as f64 * 1e6,
        (writer_cpu() - w0) / N as f64 * 1e6
    );
    let started = Instant::now();
    for e in &events[..50_000] {
        std::hint::black_box(e.records());
    }
    println!(
        "EventDraft::records (owned records): {:.2} µs per event",
        started.elapsed().as_secs_f64() / 50_000.0 * 1e6
    );
    let started = Instant::now();
    for e in &events[..50_000] {
        e.draft
            .render(e.time_ms, iam_core::audit::RecordForm::Capture, |r| {
                std::hint::black_box(r);
            });
    }
    println!(
        "EventDraft::render (borrowed): {:.2} µs per event",
        started.elapsed().as_secs_f64() / 50_000.0 * 1e6
    );
}

/// CPU seconds of this thread.
fn self_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    ticks(&stat)
}

/// CPU seconds of this process's thread named `name`.
fn thread_cpu(name: &str) -> f64 {
    let mut total = 0.0;
    for t in std::fs::read_dir("/proc/self/task").unwrap() {
        let t = t.unwrap().path();
        if std::fs::read_to_string(t.join("comm")).unwrap().trim() == name {
            total += ticks(&std::fs::read_to_string(t.join("stat")).unwrap());
        }
    }
    total
}

fn ticks(stat: &str) -> f64 {
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    (fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap()) / 100.0
}
