//! Criterion benchmarks of the policy engine (issue 3, "Performance"): one decision for a user in
//! 10 groups with one 10-statement managed policy each (100 statements, wildcards, conditions,
//! `${aws:username}`), the same decision by cedar-policy's `Authorizer` on an equivalent policy
//! set of 100 policies, and parsing + compiling one policy.
//!
//!     cargo bench -p policy-vs-cedar --bench evaluate -- --warm-up-time 1 --measurement-time 3
//!
//! Figures: BENCHMARKS.md, "Policy engine (criterion)".

use std::hint::black_box;
use std::str::FromStr;

use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicySet, Request};
use criterion::{Criterion, criterion_group, criterion_main};
use iam_policy::{
    Decision, EvaluationInput, Policy, PolicyKind, PolicyRef, RequestContext, evaluate,
    parse_policy,
};

const GROUPS: usize = 10;
const ACCOUNT: &str = "123456789012";
const NOW: &str = "2026-05-01T12:00:00Z";

/// The managed policy of group `g`: ten statements, three of them Deny, mixing action and
/// resource wildcards, `${aws:username}`, StringLike, IpAddress, BoolIfExists and DateLessThan.
/// For `iam:CreateAccessKey` on the caller's own user, every group's statement 9 allows; the
/// other statements fail on the action, the resource or a condition.
fn iam_policy_document(g: usize) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}},
    {{"Sid": "Buckets", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
      "Resource": "arn:aws:s3:::bucket-{g}/*"}},
    {{"Sid": "ReadSelfFromCli", "Effect": "Allow", "Action": "iam:Get*",
      "Resource": "arn:aws:iam::*:user/${{aws:username}}",
      "Condition": {{"StringLike": {{"aws:UserAgent": "*terraform*"}}}}}},
    {{"Sid": "NoDeletesFromTestNet", "Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
      "Condition": {{"IpAddress": {{"aws:SourceIp": "203.0.113.0/24"}}}}}},
    {{"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*",
      "Resource": "arn:aws:sqs:us-east-1:*:queue-{g}-*",
      "Condition": {{"BoolIfExists": {{"aws:MultiFactorAuthPresent": "true"}}}}}},
    {{"Sid": "TeamKeys", "Effect": "Allow", "Action": "iam:*AccessKey*",
      "Resource": "arn:aws:iam::*:user/team-{g}/*"}},
    {{"Sid": "Expired", "Effect": "Deny", "Action": "*", "Resource": "*",
      "Condition": {{"DateLessThan": {{"aws:CurrentTime": "2001-01-01T00:00:00Z"}}}}}},
    {{"Sid": "OwnItems", "Effect": "Allow", "Action": "dynamodb:*Item",
      "Resource": "arn:aws:dynamodb:*:*:table/t{g}",
      "Condition": {{"StringLike": {{"dynamodb:LeadingKeys": "${{aws:username}}"}}}}}},
    {{"Sid": "OthersKeysNeedMfa", "Effect": "Deny", "Action": "iam:*AccessKey*",
      "NotResource": "arn:aws:iam::*:user/${{aws:username}}",
      "Condition": {{"BoolIfExists": {{"aws:MultiFactorAuthPresent": "false"}}}}}},
    {{"Sid": "OwnCredentials", "Effect": "Allow",
      "Action": ["iam:*AccessKey*", "iam:*LoginProfile"],
      "Resource": "arn:aws:iam::*:user/${{aws:username}}",
      "Condition": {{
        "IpAddress": {{"aws:SourceIp": ["10.{g}.0.0/16", "192.0.2.0/24"]}},
        "DateLessThan": {{"aws:CurrentTime": "2100-01-01T00:00:00Z"}}
      }}}}
  ]
}}"#
    )
}

/// The request context iamd's authorization step builds for a long-term key (no
/// `aws:MultiFactorAuthPresent`).
fn iam_request(resource_user: &str) -> RequestContext {
    let mut r = RequestContext::new(
        "iam:CreateAccessKey",
        format!("arn:aws:iam::{ACCOUNT}:user/{resource_user}"),
    );
    let c = &mut r.context;
    c.set("aws:CurrentTime", NOW);
    c.set("aws:EpochTime", "1777636800");
    c.set("aws:SecureTransport", "false");
    c.set("aws:ViaAWSService", "false");
    c.set("aws:RequestedRegion", "us-east-1");
    c.set("aws:SourceIp", "192.0.2.10");
    c.set("aws:UserAgent", "aws-cli/2.15.0 Python/3.11");
    c.set("aws:username", "alice");
    c.set("aws:userid", "AIDAEXAMPLEALICE0001");
    c.set(
        "aws:PrincipalArn",
        format!("arn:aws:iam::{ACCOUNT}:user/alice"),
    );
    c.set("aws:PrincipalAccount", ACCOUNT);
    c.set("aws:PrincipalType", "User");
    c.set("aws:PrincipalTag/team", "platform");
    r
}

/// The same ten statements as Cedar policies. IAM's action wildcards become action groups
/// (`Action::"iam:*AccessKey*"`), `${aws:username}` in a user ARN becomes an attribute
/// comparison (Cedar has no string interpolation), literal ARN patterns become `like`, Deny
/// becomes `forbid`, NotResource becomes `unless`, IfExists becomes `has`.
fn cedar_policies(g: usize) -> String {
    format!(
        r#"
@id("g{g}-Describe")
permit(principal in Group::"g{g}", action in Action::"ec2:Describe*", resource);
@id("g{g}-Buckets")
permit(principal in Group::"g{g}", action in [Action::"s3:Get*", Action::"s3:List*"], resource)
  when {{ resource.arn like "arn:aws:s3:::bucket-{g}/*" }};
@id("g{g}-ReadSelfFromCli")
permit(principal in Group::"g{g}", action in Action::"iam:Get*", resource is IamUser)
  when {{ resource.name == principal.username && context.user_agent like "*terraform*" }};
@id("g{g}-NoDeletesFromTestNet")
forbid(principal in Group::"g{g}", action in Action::"iam:Delete*", resource)
  when {{ context.source_ip.isInRange(ip("203.0.113.0/24")) }};
@id("g{g}-Queues")
permit(principal in Group::"g{g}", action in Action::"sqs:*", resource)
  when {{ resource.arn like "arn:aws:sqs:us-east-1:*:queue-{g}-*"
          && (!(context has mfa_present) || context.mfa_present == true) }};
@id("g{g}-TeamKeys")
permit(principal in Group::"g{g}", action in Action::"iam:*AccessKey*", resource)
  when {{ resource.arn like "arn:aws:iam::*:user/team-{g}/*" }};
@id("g{g}-Expired")
forbid(principal in Group::"g{g}", action, resource)
  when {{ context.current_time < datetime("2001-01-01T00:00:00Z") }};
@id("g{g}-OwnItems")
permit(principal in Group::"g{g}", action in Action::"dynamodb:*Item", resource)
  when {{ resource.arn like "arn:aws:dynamodb:*:*:table/t{g}"
          && context has leading_keys && context.leading_keys == principal.username }};
@id("g{g}-OthersKeysNeedMfa")
forbid(principal in Group::"g{g}", action in Action::"iam:*AccessKey*", resource)
  when {{ !(context has mfa_present) || context.mfa_present == false }}
  unless {{ resource is IamUser && resource.name == principal.username }};
@id("g{g}-OwnCredentials")
permit(principal in Group::"g{g}",
       action in [Action::"iam:*AccessKey*", Action::"iam:*LoginProfile"],
       resource is IamUser)
  when {{ resource.name == principal.username
          && (context.source_ip.isInRange(ip("10.{g}.0.0/16"))
              || context.source_ip.isInRange(ip("192.0.2.0/24")))
          && context.current_time < datetime("2100-01-01T00:00:00Z") }};
"#
    )
}

/// alice in ten groups, the action and its groups, and both target users.
fn cedar_entities() -> Entities {
    let groups: Vec<_> = (0..GROUPS)
        .map(|g| serde_json::json!({"type": "Group", "id": format!("g{g}")}))
        .collect();
    let mut list = vec![serde_json::json!({
        "uid": {"type": "User", "id": "alice"},
        "attrs": {"username": "alice"},
        "parents": groups,
    })];
    for g in 0..GROUPS {
        list.push(serde_json::json!({"uid": {"type": "Group", "id": format!("g{g}")}, "attrs": {}, "parents": []}));
    }
    for name in ["alice", "bob"] {
        list.push(serde_json::json!({
            "uid": {"type": "IamUser", "id": format!("arn:aws:iam::{ACCOUNT}:user/{name}")},
            "attrs": {"arn": format!("arn:aws:iam::{ACCOUNT}:user/{name}"), "name": name},
            "parents": [],
        }));
    }
    let action_groups = [
        "ec2:Describe*",
        "s3:Get*",
        "s3:List*",
        "iam:Get*",
        "iam:Delete*",
        "sqs:*",
        "iam:*AccessKey*",
        "dynamodb:*Item",
        "iam:*LoginProfile",
    ];
    for a in action_groups {
        list.push(
            serde_json::json!({"uid": {"type": "Action", "id": a}, "attrs": {}, "parents": []}),
        );
    }
    list.push(serde_json::json!({
        "uid": {"type": "Action", "id": "iam:CreateAccessKey"},
        "attrs": {},
        "parents": [{"type": "Action", "id": "iam:*AccessKey*"}],
    }));
    Entities::from_json_value(serde_json::Value::Array(list), None).expect("entities")
}

fn cedar_request(resource_user: &str) -> Request {
    let context = Context::from_json_value(
        serde_json::json!({
            "source_ip": {"__extn": {"fn": "ip", "arg": "192.0.2.10"}},
            "current_time": {"__extn": {"fn": "datetime", "arg": NOW}},
            "user_agent": "aws-cli/2.15.0 Python/3.11",
            "secure_transport": false,
            "requested_region": "us-east-1",
        }),
        None,
    )
    .expect("context");
    Request::new(
        EntityUid::from_str(r#"User::"alice""#).expect("uid"),
        EntityUid::from_str(r#"Action::"iam:CreateAccessKey""#).expect("uid"),
        EntityUid::from_str(&format!(
            r#"IamUser::"arn:aws:iam::{ACCOUNT}:user/{resource_user}""#
        ))
        .expect("uid"),
        context,
        None,
    )
    .expect("request")
}

fn benches(c: &mut Criterion) {
    let policies: Vec<Policy> = (0..GROUPS)
        .map(|g| parse_policy(&iam_policy_document(g), PolicyKind::Identity).expect("parses"))
        .collect();
    let names: Vec<String> = (0..GROUPS)
        .map(|g| format!("arn:aws:iam::{ACCOUNT}:policy/group-{g}-policy"))
        .collect();
    let input = EvaluationInput {
        identity: policies
            .iter()
            .zip(&names)
            .map(|(policy, name)| PolicyRef { policy, name })
            .collect(),
        ..EvaluationInput::default()
    };
    assert_eq!(
        input
            .identity
            .iter()
            .map(|p| p.policy.statements().len())
            .sum::<usize>(),
        100
    );
    let own = iam_request("alice");
    let other = iam_request("bob");
    let allowed = evaluate(&own, &input);
    assert_eq!(allowed.decision, Decision::Allow);
    assert_eq!(allowed.matched.len(), GROUPS, "{allowed:?}");
    assert_eq!(evaluate(&other, &input).decision, Decision::ExplicitDeny);

    let cedar_set =
        PolicySet::from_str(&(0..GROUPS).map(cedar_policies).collect::<String>()).expect("cedar");
    assert_eq!(cedar_set.policies().count(), 100);
    let entities = cedar_entities();
    let authorizer = Authorizer::new();
    let cedar_own = cedar_request("alice");
    let cedar_other = cedar_request("bob");
    let response = authorizer.is_authorized(&cedar_own, &cedar_set, &entities);
    assert_eq!(
        response.decision(),
        cedar_policy::Decision::Allow,
        "{response:?}"
    );
    assert_eq!(response.diagnostics().reason().count(), GROUPS);
    assert_eq!(response.diagnostics().errors().count(), 0, "{response:?}");
    let response = authorizer.is_authorized(&cedar_other, &cedar_set, &entities);
    assert_eq!(response.decision(), cedar_policy::Decision::Deny);
    assert_eq!(response.diagnostics().errors().count(), 0, "{response:?}");

    let mut group = c.benchmark_group("decision_100_statements");
    group.bench_function("iam_policy/allow", |b| {
        b.iter(|| evaluate(black_box(&own), black_box(&input)))
    });
    group.bench_function("iam_policy/explicit_deny", |b| {
        b.iter(|| evaluate(black_box(&other), black_box(&input)))
    });
    // As the server does it: the request context built per request, then the decision.
    group.bench_function("iam_policy/allow_incl_context", |b| {
        b.iter(|| evaluate(&iam_request(black_box("alice")), black_box(&input)))
    });
    group.bench_function("cedar/allow", |b| {
        b.iter(|| authorizer.is_authorized(black_box(&cedar_own), &cedar_set, &entities))
    });
    group.bench_function("cedar/deny", |b| {
        b.iter(|| authorizer.is_authorized(black_box(&cedar_other), &cedar_set, &entities))
    });
    group.finish();

    let document = iam_policy_document(3);
    let cedar_text = cedar_policies(3);
    let mut group = c.benchmark_group("parse_compile_one_policy");
    group.bench_function("iam_policy/10_statements", |b| {
        b.iter(|| parse_policy(black_box(&document), PolicyKind::Identity).expect("parses"))
    });
    group.bench_function("cedar/10_policies", |b| {
        b.iter(|| PolicySet::from_str(black_box(&cedar_text)).expect("parses"))
    });
    group.finish();
}

criterion_group!(evaluate_benches, benches);
criterion_main!(evaluate_benches);
