//! The whole request path in-process (no socket): a signed GetUser parsed, verified, decoded,
//! authorized, executed and encoded by `handle`. The caller is an IAM user in 10 groups with 10
//! managed policies of 10 statements each (wildcards, conditions, `${aws:username}`), as in
//! bench/enforcement.sh; measured on an enforcing server and on one with enforcement off, so
//! the difference is what authorization costs, free of the network and load-generator noise of
//! the end-to-end benchmark; and on an enforcing one without the audit trail
//! (`ServerConfig::audit_trail`). A second group measures a write's request path the same way,
//! with and without the audit trail: CreateUser then DeleteUser of the same user by the root
//! user (the harness's store is in memory, so what the store's writer thread does — rendering
//! the event, SQLite, fsync — is not in these figures; bench/audit.sh measures it over HTTP).
//! Run: `cargo bench -p iam-server --bench request`.
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use iam_core::EnforcementMode;
use iam_server::{Request, ServerConfig, handle};
use std::hint::black_box;
use std::sync::Arc;

/// The allocator `iamd` runs with, so allocation costs match the server's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/mod.rs"]
mod support;

use support::{Creds, Harness, IAM_VERSION, harness, query_body, signed_request};

/// A server in `mode` holding the policy-heavy user; returns it with the user's key.
async fn server(mode: EnforcementMode) -> (Harness, Creds) {
    let mut h = harness().await;
    Arc::get_mut(&mut h.iam)
        .expect("the harness holds the only reference")
        .enforcement = mode;
    h.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "bench"),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", "platform"),
    ])
    .await;
    for g in 0..10 {
        let group = format!("bench-group-{g}");
        h.ok(&[("Action", "CreateGroup"), ("GroupName", &group)])
            .await;
        h.ok(&[
            ("Action", "AddUserToGroup"),
            ("GroupName", &group),
            ("UserName", "bench"),
        ])
        .await;
        let mut statements: Vec<serde_json::Value> = (0..9)
            .map(|s| {
                serde_json::json!({
                    "Sid": format!("S{s}"), "Effect": "Allow",
                    "Action": ["s3:Get*", format!("ec2:Describe{s}*")],
                    "Resource": format!("arn:aws:s3:::bucket-{g}-{s}/${{aws:username}}/*"),
                    "Condition": {
                        "StringLike": {"aws:PrincipalTag/team": "plat*"},
                        "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "127.0.0.0/8"]}
                    }
                })
            })
            .collect();
        statements.push(serde_json::json!({
            "Sid": "Iam", "Effect": "Allow",
            "Action": ["iam:GetUser", "iam:CreateUser", "iam:ListUsers"], "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
        }));
        let document =
            serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string();
        let body = h
            .ok(&[
                ("Action", "CreatePolicy"),
                ("PolicyName", &format!("bench-policy-{g}")),
                ("PolicyDocument", &document),
            ])
            .await;
        let arn = support::tag(&body, "Arn");
        h.ok(&[
            ("Action", "AttachGroupPolicy"),
            ("GroupName", &group),
            ("PolicyArn", &arn),
        ])
        .await;
    }
    let body = h
        .ok(&[("Action", "CreateAccessKey"), ("UserName", "bench")])
        .await;
    let key = Creds::long_term(
        support::tag(&body, "AccessKeyId"),
        support::tag(&body, "SecretAccessKey"),
    );
    (h, key)
}

/// GetUser signed once (SigV4 allows replays within its 15-minute window), sent from loopback.
fn get_user(creds: &Creds) -> Request {
    let body = query_body(IAM_VERSION, &[("Action", "GetUser"), ("UserName", "bench")]);
    let mut req = signed_request(
        creds,
        "iam",
        body.as_bytes(),
        &[("content-type", "application/x-www-form-urlencoded")],
    );
    req.remote_addr = Some("127.0.0.1:50000".parse().expect("address"));
    req
}

fn copy(req: &Request) -> Request {
    Request {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req.query.clone(),
        headers: req.headers.clone(),
        body: req.body.clone(),
        remote_addr: req.remote_addr,
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("signed_get_user");
    for (name, mode, audit_trail) in [
        ("no_enforcement", EnforcementMode::Off, true),
        ("enforcing", EnforcementMode::Enforce, true),
        // The same without the audit trail: the difference is what recording events costs.
        ("enforcing_no_audit_trail", EnforcementMode::Enforce, false),
    ] {
        let config = ServerConfig {
            audit_trail,
            ..ServerConfig::default()
        };
        let (h, key) = rt.block_on(server(mode));
        let req = get_user(&key);
        let first = rt.block_on(handle(&h.iam, &config, copy(&req)));
        assert_eq!(first.status, 200, "{name}: {}", first.body);
        group.bench_function(name, |b| {
            b.iter(|| black_box(rt.block_on(handle(&h.iam, &config, copy(&req)))))
        });
        if mode == EnforcementMode::Enforce {
            // Without any policy the same user is denied: enforcement really ran above.
            let (bare, bare_key) = rt.block_on(async {
                let h = harness().await;
                let k = h.user_with_key("bench").await;
                (h, k)
            });
            let denied = rt.block_on(handle(&bare.iam, &config, get_user(&bare_key)));
            assert_eq!(denied.status, 403, "{}", denied.body);
        }
    }
    group.finish();

    // A write pair, so the account stays the same size however many iterations run.
    let mut group = c.benchmark_group("signed_create_then_delete_user");
    for (name, audit_trail) in [("enforcing", true), ("enforcing_no_audit_trail", false)] {
        let config = ServerConfig {
            audit_trail,
            ..ServerConfig::default()
        };
        let h = rt.block_on(harness());
        let sign = |action: &str, user: &str| {
            let body = query_body(IAM_VERSION, &[("Action", action), ("UserName", user)]);
            let mut req = signed_request(
                &h.root,
                "iam",
                body.as_bytes(),
                &[("content-type", "application/x-www-form-urlencoded")],
            );
            req.remote_addr = Some("127.0.0.1:50000".parse().expect("address"));
            req
        };
        let mut n = 0u64;
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let user = format!("bench-{n}");
                    (sign("CreateUser", &user), sign("DeleteUser", &user))
                },
                |(create, delete)| {
                    let created = rt.block_on(handle(&h.iam, &config, create));
                    assert_eq!(created.status, 200, "{}", created.body);
                    black_box(rt.block_on(handle(&h.iam, &config, delete)))
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
