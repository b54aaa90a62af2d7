//! Fuzz body for the policy language: parsing never panics and is deterministic, and
//! evaluating any policy that parses never panics, whatever role it plays in a decision.
//! (The crate has no serializer, so "parse → serialize → parse" is "parse twice, same result".)

use iam_policy::{
    EvaluationInput, Policy, PolicyKind, PolicyRef, PrincipalRef, RequestContext, evaluate,
    parse_policy, size_without_whitespace,
};

/// Requests covering the evaluator's paths: variables, IP, date, bool, numeric and ARN keys,
/// multivalued keys, a principal for resource-based policies, and an empty context.
fn requests() -> Vec<RequestContext> {
    let mut full = RequestContext::new(
        "iam:CreateAccessKey",
        "arn:aws:iam::123456789012:user/alice",
    );
    let c = &mut full.context;
    c.set("aws:CurrentTime", "2026-05-01T12:00:00Z");
    c.set("aws:EpochTime", "1777636800");
    c.set("aws:SourceIp", "192.0.2.10");
    c.set("aws:UserAgent", "aws-cli/2.15.0");
    c.set("aws:username", "alice");
    c.set("aws:userid", "AIDAEXAMPLE");
    c.set("aws:PrincipalArn", "arn:aws:iam::123456789012:user/alice");
    c.set("aws:PrincipalTag/team", "platform");
    c.set("aws:SecureTransport", "true");
    c.set("aws:MultiFactorAuthPresent", "false");
    c.set("aws:MultiFactorAuthAge", "3600");
    c.set_many("aws:TagKeys", ["team", "cost-center"]);
    full.principal = Some(PrincipalRef::Aws {
        arn: "arn:aws:sts::123456789012:assumed-role/r/s".into(),
        account_id: "123456789012".into(),
        role_arn: Some("arn:aws:iam::123456789012:role/r".into()),
    });
    let mut v6 = RequestContext::new("s3:GetObject", "arn:aws:s3:::bucket/key with spaces/*?");
    v6.context.set("aws:SourceIp", "2001:db8::1");
    v6.context.set("aws:CurrentTime", "not a date");
    v6.principal = Some(PrincipalRef::Service("ec2.amazonaws.com".into()));
    let mut anon = RequestContext::new("", "*");
    anon.principal = Some(PrincipalRef::Anonymous);
    vec![full, v6, anon]
}

fn evaluate_all(policy: &Policy) {
    let _ = (policy.version(), policy.id(), policy.context_keys());
    for s in policy.statements() {
        let _ = (s.sid(), s.effect(), s.principal(), s.position());
    }
    let one = || {
        vec![PolicyRef {
            policy,
            name: "fuzz",
        }]
    };
    let inputs = [
        EvaluationInput {
            identity: one(),
            ..EvaluationInput::default()
        },
        EvaluationInput {
            resource: one(),
            ..EvaluationInput::default()
        },
        EvaluationInput {
            resource: one(),
            same_account: false,
            ..EvaluationInput::default()
        },
        EvaluationInput {
            identity: one(),
            boundary: Some(one()),
            session: Some(one()),
            ..EvaluationInput::default()
        },
        EvaluationInput {
            identity: one(),
            scps: Some(vec![one(), one()]),
            ..EvaluationInput::default()
        },
    ];
    for request in requests() {
        for input in &inputs {
            let a = evaluate(&request, input);
            let b = evaluate(&request, input);
            assert_eq!(a, b, "evaluation is not deterministic");
            assert_eq!(
                a.denied_by.is_none(),
                a.decision == iam_policy::Decision::Allow
            );
        }
    }
}

/// The `policy_parse` target.
pub fn policy_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = size_without_whitespace(text);
    for kind in [PolicyKind::Identity, PolicyKind::Resource] {
        let first = parse_policy(text, kind);
        let second = parse_policy(text, kind);
        match (&first, &second) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    format!("{a:?}"),
                    format!("{b:?}"),
                    "parsing is not deterministic"
                );
                evaluate_all(a);
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "parsing is not deterministic");
                assert!(!a.message().is_empty());
            }
            _ => panic!("parsing is not deterministic: {first:?} vs {second:?}"),
        }
    }
}
