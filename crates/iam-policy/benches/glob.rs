//! Criterion benchmarks of wildcard matching on adversarial input (hole 9: one SimulateCustomPolicy
//! request with a `StringLike` pattern of `*` + `a?`×30,000 + `b` and a 60,000-character context
//! value cost 3 s of CPU with the two-pointer matcher). Each case is one decision of a
//! one-statement policy whose only condition is that `StringLike`, so it times one match.
//!
//!     cargo bench -p iam-policy --bench glob -- --quick
//!
//! Figures: the commit message of the change that added this file.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_policy::{
    Decision, EvaluationInput, Policy, PolicyKind, PolicyRef, RequestContext, evaluate,
    parse_policy,
};

/// Allows everything when `aws:UserAgent` is `StringLike` `pattern`.
fn policy(pattern: &str) -> Policy {
    let document = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "*",
            "Resource": "*", "Condition": {{"StringLike": {{"aws:UserAgent": "{pattern}"}}}}}}}}"#
    );
    parse_policy(&document, PolicyKind::Identity).expect("parses")
}

fn request(user_agent: &str) -> RequestContext {
    let mut request = RequestContext::new("iam:GetUser", "arn:aws:iam::123456789012:user/alice");
    request.context.set("aws:UserAgent", user_agent);
    request
}

fn benches(c: &mut Criterion) {
    let cases = [
        // The pentest's request: the segment after `*` is anchored at the end of the value.
        (
            "pentest/star_a?x30000_b_vs_a_x60000",
            format!("*{}b", "a?".repeat(30_000)),
            "a".repeat(60_000),
            Decision::ImplicitDeny,
        ),
        // The same segment between two stars, in a value with room for it: searched for, with
        // the bounded search (Shift-And, 938 words of state) once the compares' budget is spent.
        (
            "unanchored/star_a?x30000_b_star_vs_a_x120000",
            format!("*{}b*", "a?".repeat(30_000)),
            "a".repeat(120_000),
            Decision::ImplicitDeny,
        ),
        // A short `?` segment (one word of state) searched for in a long value.
        (
            "unanchored/star_a?x31_b_star_vs_a_x120000",
            format!("*{}b*", "a?".repeat(31)),
            "a".repeat(120_000),
            Decision::ImplicitDeny,
        ),
        // No `?`: a long literal between stars (Two-Way once the budget is spent).
        (
            "literal/star_a_x30000_b_star_vs_a_x60000",
            format!("*{}b*", "a".repeat(30_000)),
            "a".repeat(60_000),
            Decision::ImplicitDeny,
        ),
        // A policy-sized pattern and value, for scale.
        (
            "typical/user_agent",
            "aws-cli/2.??.* Python/3.*".to_string(),
            "aws-cli/2.15.0 Python/3.11".to_string(),
            Decision::Allow,
        ),
    ];
    let mut group = c.benchmark_group("glob");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for (name, pattern, value, expected) in &cases {
        let policy = policy(pattern);
        let input = EvaluationInput {
            identity: vec![PolicyRef {
                policy: &policy,
                name: "p",
            }],
            ..EvaluationInput::default()
        };
        let request = request(value);
        assert_eq!(evaluate(&request, &input).decision, *expected, "{name}");
        group.bench_function(*name, |b| {
            b.iter(|| evaluate(black_box(&request), black_box(&input)))
        });
    }
    group.finish();
}

criterion_group!(glob_benches, benches);
criterion_main!(glob_benches);
