//! The audit trail at scale: fills a store with synthetic but realistic CloudTrail events
//! through the `Store` API (rendered and inserted by the store's writer thread, in its group
//! commits, exactly as the server's are) and times filtered LookupEvents queries against it.
//!
//! ```text
//! cargo run --release -p iam-store --example events_at_scale -- fill DB COUNT
//! cargo run --release -p iam-store --example events_at_scale -- lookup DB [ROUNDS]
//! ```
//!
//! `fill` appends COUNT events (to what DB already holds), spread over the 90 days before now in
//! time order: three accounts (90% of the events in the first), 2,000 IAM users with an access
//! key each and 200 roles whose sessions call too; 88% reads (GetUser, ListUsers, GetRole,
//! GetPolicy, ListAccessKeys, GetCallerIdentity...), 10% writes (CreateUser, AttachUserPolicy,
//! PutRolePolicy, CreateAccessKey...), 2% AssumeRole; 3% denied. It prints the insert rate and
//! the database's size. `lookup` runs ROUNDS (default 300) lookups of each kind — by EventName,
//! Username, AccessKeyId, ResourceName, EventId, ReadOnly, EventSource, ResourceType, a time
//! range alone, an EventName within a day, and the page after a NextToken — with values taken
//! from stored events, 51 at most as LookupEvents asks (MaxResults 50 + 1), and prints p50/p99.
use iam_core::audit::{
    CompletedEvent, EventCursor, EventDraft, EventQuery, EventResource, LookupAttribute,
    UserIdentity,
};
use iam_core::store::Store;
use iam_store::SqliteStore;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ACCOUNTS: [&str; 3] = ["111111111111", "222222222222", "333333333333"];
const USERS: usize = 2_000;
const ROLES: usize = 200;
const DAY_MS: i64 = 86_400_000;

/// xorshift64*: fast, reproducible, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards small indexes: a few busy users, many quiet ones.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a * b / n
    }
    fn percent(&mut self) -> usize {
        self.below(100)
    }
}

fn user_name(i: usize) -> String {
    format!("user-{i:04}")
}

fn access_key(i: usize) -> String {
    format!("AKIAEXAMPLE{i:09}")
}

/// One synthetic request's event, as the server's handler would have gathered it.
fn event(rng: &mut Rng, time_ms: i64, serial: u64) -> CompletedEvent {
    let account = match rng.percent() {
        0..=89 => ACCOUNTS[0],
        90..=94 => ACCOUNTS[1],
        _ => ACCOUNTS[2],
    };
    let caller = rng.skewed(USERS);
    let by_role = rng.percent() < 10;
    let identity = if by_role {
        let role = format!("role-{:03}", caller % ROLES);
        let session = format!("session-{caller}");
        UserIdentity {
            kind: "AssumedRole".into(),
            principal_id: Some(format!("AROAEXAMPLE{:09}:{session}", caller % ROLES)),
            arn: Some(format!(
                "arn:aws:sts::{account}:assumed-role/{role}/{session}"
            )),
            account_id: Some(account.into()),
            access_key_id: Some(format!("ASIAEXAMPLE{caller:09}")),
            session_context: Some(iam_core::audit::SessionContext {
                session_issuer: Some(iam_core::audit::SessionIssuer {
                    kind: "Role".into(),
                    principal_id: format!("AROAEXAMPLE{:09}", caller % ROLES),
                    arn: format!("arn:aws:iam::{account}:role/{role}"),
                    account_id: account.into(),
                    user_name: Some(role),
                }),
                attributes: iam_core::audit::SessionAttributes {
                    creation_date: iam_core::audit::event_time(time_ms - 600_000),
                    mfa_authenticated: "false".into(),
                },
                source_identity: None,
            }),
            ..Default::default()
        }
    } else {
        UserIdentity {
            kind: "IAMUser".into(),
            principal_id: Some(format!("AIDAEXAMPLE{caller:09}")),
            arn: Some(format!("arn:aws:iam::{account}:user/{}", user_name(caller))),
            account_id: Some(account.into()),
            access_key_id: Some(access_key(caller)),
            user_name: Some(user_name(caller)),
            ..Default::default()
        }
    };
    let target = user_name(rng.below(USERS));
    let role = format!("role-{:03}", rng.below(ROLES));
    let policy = format!("arn:aws:iam::{account}:policy/policy-{:03}", rng.below(300));
    let user = |name: &str| EventResource {
        resource_type: "AWS::IAM::User".into(),
        resource_name: name.into(),
    };
    let roll = rng.percent();
    let (source, name, read_only, params, elements, resources) = match roll {
        0..=29 => (
            "iam",
            "GetUser",
            true,
            json!({"userName": target}),
            json!(null),
            vec![user(&target)],
        ),
        30..=39 => ("iam", "ListUsers", true, json!(null), json!(null), vec![]),
        40..=49 => (
            "iam",
            "GetRole",
            true,
            json!({"roleName": role}),
            json!(null),
            vec![EventResource {
                resource_type: "AWS::IAM::Role".into(),
                resource_name: role.clone(),
            }],
        ),
        50..=57 => (
            "iam",
            "GetPolicy",
            true,
            json!({"policyArn": policy}),
            json!(null),
            vec![EventResource {
                resource_type: "AWS::IAM::Policy".into(),
                resource_name: policy.clone(),
            }],
        ),
        58..=65 => (
            "iam",
            "ListAttachedUserPolicies",
            true,
            json!({"userName": target}),
            json!(null),
            vec![user(&target)],
        ),
        66..=72 => (
            "iam",
            "ListAccessKeys",
            true,
            json!({"userName": target}),
            json!(null),
            vec![user(&target)],
        ),
        73..=82 => (
            "iam",
            "GetAccessKeyLastUsed",
            true,
            json!({"accessKeyId": access_key(rng.below(USERS))}),
            json!(null),
            vec![],
        ),
        83..=87 => (
            "sts",
            "GetCallerIdentity",
            true,
            json!(null),
            json!(null),
            vec![],
        ),
        88..=89 => {
            let arn = format!("arn:aws:iam::{account}:role/{role}");
            (
                "sts",
                "AssumeRole",
                false,
                json!({"roleArn": arn, "roleSessionName": format!("s-{serial}"), "durationSeconds": 3600}),
                json!({"credentials": {"accessKeyId": format!("ASIAEXAMPLE{serial:09}"),
                    "expiration": "Oct 27, 2025, 1:16:57 AM"},
                    "assumedRoleUser": {"assumedRoleId": format!("AROAEXAMPLE:s-{serial}"),
                    "arn": format!("arn:aws:sts::{account}:assumed-role/{role}/s-{serial}")}}),
                vec![EventResource {
                    resource_type: "AWS::IAM::Role".into(),
                    resource_name: arn,
                }],
            )
        }
        90..=92 => {
            let created = format!("new-user-{serial}");
            (
                "iam",
                "CreateUser",
                false,
                json!({"userName": created, "tags": [{"key": "team", "value": "platform"}]}),
                json!({"user": {"path": "/", "userName": created,
                    "userId": format!("AIDANEW{serial:013}"),
                    "arn": format!("arn:aws:iam::{account}:user/{created}"),
                    "createDate": "Oct 27, 2025, 12:16:57 AM",
                    "tags": [{"key": "team", "value": "platform"}]}}),
                vec![user(&created)],
            )
        }
        93..=95 => (
            "iam",
            "AttachUserPolicy",
            false,
            json!({"userName": target, "policyArn": policy}),
            json!(null),
            vec![
                user(&target),
                EventResource {
                    resource_type: "AWS::IAM::Policy".into(),
                    resource_name: policy.clone(),
                },
            ],
        ),
        96..=97 => (
            "iam",
            "PutRolePolicy",
            false,
            json!({"roleName": role, "policyName": "inline",
                "policyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}),
            json!(null),
            vec![EventResource {
                resource_type: "AWS::IAM::Role".into(),
                resource_name: role.clone(),
            }],
        ),
        _ => {
            let key = format!("AKIANEW{serial:013}");
            (
                "iam",
                "CreateAccessKey",
                false,
                json!({"userName": target}),
                json!({"accessKey": {"userName": target, "accessKeyId": key,
                    "status": "Active", "createDate": "Oct 27, 2025, 12:16:57 AM"}}),
                vec![
                    user(&target),
                    EventResource {
                        resource_type: "AWS::IAM::AccessKey".into(),
                        resource_name: key,
                    },
                ],
            )
        }
    };
    let mut draft = EventDraft::new(&format!("req-{serial}"), time_ms);
    // The event ID's time is the event's (EventDraft::new takes it from its argument).
    draft.source_ip = Some(format!("10.0.{}.{}", caller % 250, serial % 250));
    draft.user_agent = Some("aws-cli/2.27.0 md/awscrt#0.26.1 ua/2.1 os/linux#6.1".into());
    draft.region = "us-east-1".into();
    draft.event_source = format!("{source}.amazonaws.com");
    draft.event_name = name.into();
    draft.read_only = read_only;
    draft.identity = identity;
    draft.account_id = Some(account.into());
    if rng.percent() < 3 {
        draft.error = Some((
            "AccessDenied".into(),
            format!(
                "User: arn:aws:iam::{account}:user/{} is not authorized to perform: {source}:{name}",
                user_name(caller)
            ),
        ));
        draft.response_elements = json!(null);
    } else {
        draft.response_elements = elements;
    }
    draft.request_parameters = params;
    draft.resources = resources;
    CompletedEvent { draft, time_ms }
}

/// The store's database and its postings' (`<file>.postings`), with their WALs.
fn db_size(path: &str) -> u64 {
    ["", "-wal", ".postings", ".postings-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{path}{s}")).ok())
        .map(|m| m.len())
        .sum()
}

/// utime + stime of this process, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}

/// utime + stime of the store's writer thread, in seconds: what storing the events costs.
fn writer_cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    for t in tasks.flatten() {
        let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
        if comm.trim() == "iamd-store-writ" {
            let stat = std::fs::read_to_string(t.path().join("stat")).unwrap_or_default();
            let after = stat.rsplit(')').next().unwrap_or_default();
            let fields: Vec<&str> = after.split_whitespace().collect();
            return fields
                .get(11..13)
                .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum::<f64>())
                .unwrap_or(0.0)
                / 100.0;
        }
    }
    0.0
}

async fn fill(path: &str, count: u64) {
    let store = SqliteStore::open(path).expect("open the store");
    let existing = iam_store::reader::EventReader::open(std::path::Path::new(path))
        .and_then(|r| r.max_seq())
        .unwrap_or(0) as u64;
    let now = iam_core::audit::now_ms();
    let start = now - 90 * DAY_MS;
    let step = (90 * DAY_MS) as f64 / count as f64;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ existing.wrapping_add(1));
    let (t0, cpu0, writer0) = (Instant::now(), cpu_seconds(), writer_cpu_seconds());
    let mut last_report = Instant::now();
    for i in 0..count {
        let time_ms = start + (i as f64 * step) as i64 + rng.below(1000) as i64;
        let ev = event(&mut rng, time_ms, existing + i);
        if let Some(ack) = store.append_completed(Arc::new(ev)) {
            let _ = ack.await;
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            let secs = t0.elapsed().as_secs_f64();
            eprintln!(
                "{} events in {secs:.0} s ({:.0}/s), database {:.2} GB",
                i + 1,
                (i + 1) as f64 / secs,
                db_size(path) as f64 / 1e9
            );
        }
    }
    // Everything queued is committed and posted: the lookups below read the postings.
    store.flush_postings().await.unwrap().unwrap();
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let writer = writer_cpu_seconds() - writer0;
    println!(
        "inserted {count} events in {secs:.1} s: {:.0} events/s; CPU {:.1} µs per event (generator \
         and writer threads), of which the writer thread {:.2} µs; database now {} events, \
         {:.2} GB (with its WAL)",
        count as f64 / secs,
        cpu * 1e6 / count as f64,
        writer * 1e6 / count as f64,
        existing + count,
        db_size(path) as f64 / 1e9
    );
}

/// A stored event's (event ID, account, event name, username, access key, time, seq).
type Sample = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
);

/// Values to look up, taken from stored events at random places.
struct Samples {
    events: Vec<Sample>,
    resources: Vec<(String, String)>,
}

fn samples(path: &str, n: usize) -> Samples {
    let reader = iam_store::reader::EventReader::open(std::path::Path::new(path)).expect("open");
    let max = reader.max_seq().expect("events");
    let mut rng = Rng(42);
    let mut events = Vec::new();
    let mut resources = Vec::new();
    while events.len() < n {
        let seq = 1 + (rng.next() % max as u64) as i64;
        let Some(stored) = reader
            .full_events(seq - 1, 1)
            .ok()
            .and_then(|found| found.into_iter().next())
        else {
            continue;
        };
        let e = stored.record;
        if let Some(r) = e.resources.first() {
            resources.push((e.account_id.clone(), r.resource_name.clone()));
        }
        events.push((
            e.event_id,
            e.account_id,
            e.event_name,
            e.username,
            e.access_key_id,
            e.time_ms,
            stored.seq,
        ));
    }
    Samples { events, resources }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn lookup(path: &str, rounds: usize) {
    let store = SqliteStore::open(path).expect("open the store");
    let s = samples(path, rounds);
    let count: i64 = iam_store::reader::EventReader::open(std::path::Path::new(path))
        .and_then(|r| r.max_seq())
        .unwrap_or(0);
    println!(
        "{count} events, {:.2} GB; {rounds} lookups of each kind, MaxResults 50 (51 read); \
         values from stored events",
        db_size(path) as f64 / 1e9
    );
    println!();
    println!("| lookup | p50 | p99 | max | events per lookup (mean) |");
    println!("|---|---:|---:|---:|---:|");
    type Make<'a> = Box<dyn Fn(usize) -> EventQuery + 'a>;
    let query = |account: &str, attribute: Option<LookupAttribute>| EventQuery {
        account_id: account.to_string(),
        attribute,
        start_ms: i64::MIN,
        end_ms: i64::MAX,
        after: None,
        limit: 51,
    };
    let e = &s.events;
    let kinds: Vec<(&str, Make<'_>)> = vec![
        (
            "EventName",
            Box::new(|i| query(&e[i].1, Some(LookupAttribute::EventName(e[i].2.clone())))),
        ),
        (
            "Username",
            Box::new(|i| {
                query(
                    &e[i].1,
                    Some(LookupAttribute::Username(
                        e[i].3.clone().unwrap_or_default(),
                    )),
                )
            }),
        ),
        (
            "AccessKeyId",
            Box::new(|i| {
                query(
                    &e[i].1,
                    Some(LookupAttribute::AccessKeyId(
                        e[i].4.clone().unwrap_or_default(),
                    )),
                )
            }),
        ),
        (
            "ResourceName",
            Box::new(|i| {
                let r = &s.resources[i % s.resources.len()];
                query(&r.0, Some(LookupAttribute::ResourceName(r.1.clone())))
            }),
        ),
        (
            "EventId",
            Box::new(|i| query(&e[i].1, Some(LookupAttribute::EventId(e[i].0.clone())))),
        ),
        (
            "ReadOnly=false",
            Box::new(|i| query(&e[i].1, Some(LookupAttribute::ReadOnly(false)))),
        ),
        (
            "EventSource=sts.amazonaws.com",
            Box::new(|i| {
                query(
                    &e[i].1,
                    Some(LookupAttribute::EventSource("sts.amazonaws.com".into())),
                )
            }),
        ),
        (
            "ResourceType=AWS::IAM::AccessKey",
            Box::new(|i| {
                query(
                    &e[i].1,
                    Some(LookupAttribute::ResourceType("AWS::IAM::AccessKey".into())),
                )
            }),
        ),
        (
            "time range alone (1 hour)",
            Box::new(|i| EventQuery {
                start_ms: e[i].5 - 3_600_000,
                end_ms: e[i].5,
                ..query(&e[i].1, None)
            }),
        ),
        (
            "EventName within 1 day",
            Box::new(|i| EventQuery {
                start_ms: e[i].5 - DAY_MS,
                end_ms: e[i].5,
                ..query(&e[i].1, Some(LookupAttribute::EventName(e[i].2.clone())))
            }),
        ),
        (
            "Username within 1 day",
            Box::new(|i| EventQuery {
                start_ms: e[i].5 - DAY_MS,
                end_ms: e[i].5,
                ..query(
                    &e[i].1,
                    Some(LookupAttribute::Username(
                        e[i].3.clone().unwrap_or_default(),
                    )),
                )
            }),
        ),
        (
            "next page (NextToken) of Username",
            Box::new(|i| EventQuery {
                after: Some(EventCursor {
                    time_ms: e[i].5,
                    seq: e[i].6,
                }),
                ..query(
                    &e[i].1,
                    Some(LookupAttribute::Username(
                        e[i].3.clone().unwrap_or_default(),
                    )),
                )
            }),
        ),
    ];
    for (name, make) in &kinds {
        let mut times = Vec::with_capacity(rounds);
        let mut found = 0usize;
        for i in 0..rounds {
            let q = make(i);
            let t = Instant::now();
            let page = store.lookup_events(&q).expect("lookup");
            times.push(t.elapsed());
            found += page.len();
        }
        times.sort();
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {} | {} | {:.1} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap()),
            found as f64 / rounds as f64
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: events_at_scale fill DB COUNT | lookup DB [ROUNDS]";
    match (
        args.get(1).map(String::as_str),
        args.get(2),
        args.get(3).map(|v| v.parse::<u64>()),
    ) {
        (Some("fill"), Some(db), Some(Ok(count))) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(fill(db, count)),
        (Some("lookup"), Some(db), rounds) => {
            lookup(db, rounds.and_then(Result::ok).unwrap_or(300) as usize)
        }
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
}
