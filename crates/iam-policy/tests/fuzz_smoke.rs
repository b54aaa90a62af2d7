//! The `policy_parse` fuzz target (fuzz/src/policy.rs) run on stable by `cargo test`: the
//! policy-validation corpus (tests/conformance/policy-validation) as seeds, then a few thousand
//! mutants of them from a fixed seed. Real fuzzing: fuzz/README.md.

#[path = "../../../fuzz/src/mutate.rs"]
mod mutate;
#[path = "../../../fuzz/src/policy.rs"]
mod policy;

use std::path::PathBuf;

/// Hand-written seeds, used alongside the corpus.
const BUILTIN: &[&str] = &[
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","NotAction":["iam:*MFA*","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2100-01-01T00:00:00Z"},"ForAnyValue:StringLike":{"aws:TagKeys":["team*"]}}}]}"#,
    r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"${*}x${?}${$}"}}}]}"#,
];

const DICTIONARY: &[&str] = &[
    "\"Version\":\"2012-10-17\"",
    "\"2008-10-17\"",
    "\"Statement\":",
    "\"Effect\":\"Deny\"",
    "\"NotAction\":",
    "\"NotResource\":",
    "\"Principal\":\"*\"",
    "\"NotPrincipal\":",
    "\"Condition\":{",
    "\"StringLikeIfExists\":",
    "\"ForAllValues:StringEquals\":",
    "\"IpAddress\":",
    "\"NumericLessThan\":",
    "\"DateGreaterThan\":",
    "\"Null\":",
    "\"ArnLike\":",
    "\"BinaryEquals\":",
    "${aws:username}",
    "${",
    "${aws:CurrentTime, 'x'}",
    "arn:aws:iam::",
    "*",
    "?",
    "::",
    "/",
    "[]",
    "{}",
    "null",
    "true",
    "1e400",
    "\"\\u0000\"",
    "\u{10FFFF}",
    "10.0.0.0/33",
    "::/0",
    "2026-13-45T99:99:99Z",
];

fn seeds() -> Vec<String> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/policy-validation");
    let mut out: Vec<String> = BUILTIN.iter().map(|s| s.to_string()).collect();
    for (file, key) in [
        (
            "invalid-policy-documents.aws-checked.json",
            Some("document"),
        ),
        ("moto-valid-policy-documents.json", None),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let corpus: serde_json::Value = serde_json::from_str(&text).expect("corpus is JSON");
        for case in corpus["cases"].as_array().into_iter().flatten() {
            let document = key.map_or(case, |k| &case[k]);
            out.push(match document {
                serde_json::Value::String(s) => s.clone(),
                other => serde_json::to_string(other).expect("serializable"),
            });
        }
    }
    out
}

#[test]
fn policy_parse_survives_corpus_and_mutants() {
    let seeds = seeds();
    assert!(seeds.len() >= BUILTIN.len());
    for seed in &seeds {
        policy::policy_parse(seed.as_bytes());
    }
    let mut rng = mutate::Rng::new(0x1a3d_5eed);
    let mut current = seeds[0].clone().into_bytes();
    for i in 0..4000 {
        // Mostly fresh mutants of a seed; sometimes keep mutating the last mutant.
        if i % 4 != 3 {
            current = seeds[rng.below(seeds.len())].clone().into_bytes();
        }
        let other = seeds[rng.below(seeds.len())].as_bytes();
        current = mutate::mutate(&mut rng, &current, other, DICTIONARY);
        policy::policy_parse(&current);
    }
}
