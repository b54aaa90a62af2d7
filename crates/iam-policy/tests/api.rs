//! The parts of the public API the server relies on beyond the corpus: statement positions,
//! context keys, principal rules per policy kind, and the cost of a decision.

use std::time::Instant;

use iam_policy::{
    ContextKeys, Decision, EvaluationInput, PolicyKind, PolicyRef, Position, RequestContext,
    evaluate, parse_policy,
};

#[test]
fn statement_positions_are_line_and_column() {
    let doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"iam:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
    let policy = parse_policy(doc, PolicyKind::Identity).unwrap();
    let first = policy.statements()[0].position();
    assert_eq!(first.start, Position { line: 4, column: 5 });
    assert_eq!(
        first.end,
        Position {
            line: 4,
            column: 58
        }
    );
    let second = policy.statements()[1].position();
    assert_eq!(second.start, Position { line: 5, column: 5 });
    assert_eq!(second.end, Position { line: 9, column: 5 });
}

#[test]
fn context_keys_lists_conditions_and_variables_once() {
    let doc = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*",
         "Condition":{"StringEquals":{"aws:PrincipalTag/team":"x","AWS:USERNAME":"y"},"Bool":{"aws:SecureTransport":"true"}}},
        {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#;
    let policy = parse_policy(doc, PolicyKind::Identity).unwrap();
    assert_eq!(
        policy.context_keys(),
        [
            "aws:username",
            "aws:PrincipalTag/team",
            "aws:SecureTransport",
            "aws:SourceIp"
        ]
    );
}

#[test]
fn principal_rules_follow_the_policy_kind() {
    let with_principal = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}"#;
    let identity_with_principal =
        with_principal.replace(r#""sts:AssumeRole""#, r#""sts:AssumeRole","Resource":"*""#);
    let err = parse_policy(&identity_with_principal, PolicyKind::Identity).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Policy document should not specify a principal."
    );
    let trust = parse_policy(with_principal, PolicyKind::Resource).unwrap();
    assert_eq!(trust.version(), "2012-10-17");

    let no_principal = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#;
    let err = parse_policy(no_principal, PolicyKind::Resource).unwrap_err();
    assert_eq!(err.to_string(), "Missing required field Principal");

    let old = r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
    assert_eq!(
        parse_policy(old, PolicyKind::Resource).unwrap().version(),
        "2008-10-17"
    );
    assert!(parse_policy(old, PolicyKind::Identity).is_err());
}

#[test]
fn malformed_principals_are_syntax_errors() {
    for principal in [
        r#""arn:aws:iam::123456789012:root""#,
        r#"{"Nobody":"x"}"#,
        r#"{"AWS":[]}"#,
        "{}",
        "[]",
    ] {
        let doc = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}}}"#
        );
        let err = parse_policy(&doc, PolicyKind::Resource).unwrap_err();
        assert_eq!(err.to_string(), "Syntax errors in policy.", "{principal}");
    }
}

#[test]
fn duplicate_keys_are_refused() {
    let doc = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}}"#;
    assert_eq!(
        parse_policy(doc, PolicyKind::Identity)
            .unwrap_err()
            .to_string(),
        "Syntax errors in policy."
    );
}

#[test]
fn a_trust_policy_that_is_not_json_has_its_own_message() {
    // Recorded: aws-recorded/iam/test_iam.snapshot.json `invalid-json` (CreateRole, trailing
    // comma) and test_iam_roles.snapshot.json `invalid-json-error` (UpdateAssumeRolePolicy).
    for doc in [
        "not valid json",
        r#"{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Principal":"*","Effect":"Allow",}]}"#,
    ] {
        assert_eq!(
            parse_policy(doc, PolicyKind::Trust)
                .unwrap_err()
                .to_string(),
            "This policy contains invalid Json",
            "{doc}"
        );
        // Identity policies keep AWS's syntax message (test_iam_policies.snapshot.json).
        assert_eq!(
            parse_policy(doc, PolicyKind::Identity)
                .unwrap_err()
                .to_string(),
            "Syntax errors in policy."
        );
    }
    // JSON with a duplicate key is refused as before.
    let dup = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}"#;
    assert_eq!(
        parse_policy(dup, PolicyKind::Trust)
            .unwrap_err()
            .to_string(),
        "Syntax errors in policy."
    );
}

/// 100 statements, none of which applies but the last: the shape of a large managed policy.
/// Run with `cargo test -p iam-policy --release --test api -- --ignored --nocapture`.
#[test]
#[ignore = "timing; meaningful only in release builds"]
fn decision_cost_for_100_statements() {
    let mut statements: Vec<String> = (0..99)
        .map(|i| {
            format!(
                r#"{{"Sid":"S{i}","Effect":"Allow","Action":["ec2:Describe{i}*","s3:Get{i}"],"Resource":"arn:aws:s3:::bucket-{i}/*","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"t{i}"}}}}}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Sid":"Last","Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#.into(),
    );
    let doc = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let policy = parse_policy(&doc, PolicyKind::Identity).unwrap();
    let input = EvaluationInput {
        identity: vec![PolicyRef {
            policy: &policy,
            name: "big",
        }],
        ..Default::default()
    };
    let mut context = ContextKeys::new();
    context.set("aws:username", "alice");
    context.set("aws:SecureTransport", "true");
    let request = RequestContext {
        context,
        ..RequestContext::new(
            "iam:CreateAccessKey",
            "arn:aws:iam::123456789012:user/alice",
        )
    };
    let rounds = 100_000u32;
    let start = Instant::now();
    for _ in 0..rounds {
        assert_eq!(evaluate(&request, &input).decision, Decision::Allow);
    }
    let per = start.elapsed() / rounds;
    eprintln!("{per:?} per decision over 100 statements");
}
