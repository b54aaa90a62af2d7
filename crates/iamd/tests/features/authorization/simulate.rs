//! Policy simulation (SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysFor*Policy)
//! through `handle`, signed like the SDKs sign: decisions, matched statements with positions,
//! missing context values, boundaries, context entries, and agreement with enforcement.
use crate::support;
use iam_server::Response;
use support::*;

/// Simulation tests name the action apart from its parameters.
impl Harness {
    /// Calls `action` with `params` as the principal owning `creds`.
    async fn action_as(&self, creds: &Creds, action: &str, params: &[(&str, &str)]) -> Response {
        let mut all = vec![("Action", action)];
        all.extend_from_slice(params);
        self.call_as(creds, &all).await
    }

    /// Calls `action` with `params` as the root user.
    async fn action(&self, action: &str, params: &[(&str, &str)]) -> Response {
        self.action_as(&self.root, action, params).await
    }

    /// Calls `action` as the root user; it must succeed.
    async fn action_ok(&self, action: &str, params: &[(&str, &str)]) -> String {
        let r = self.action(action, params).await;
        assert_eq!(r.status, 200, "{action}: {}", r.body);
        r.body
    }

    fn arn(&self, rest: &str) -> String {
        format!("arn:aws:iam::{}:{rest}", self.account)
    }
}

/// Each `EvaluationResults` member.
fn results(xml: &str) -> Vec<String> {
    let list = find_tag(xml, "EvaluationResults").unwrap_or_default();
    // Members hold nested `<member>`s; split on the result's first child instead.
    list.split("<EvalActionName>")
        .skip(1)
        .map(|s| format!("<EvalActionName>{s}"))
        .collect()
}

fn decision(result: &str) -> String {
    find_tag(result, "EvalDecision").unwrap_or_default()
}

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
    {"Sid": "NotBob", "Effect": "Deny", "Action": "iam:GetUser",
     "Resource": "arn:aws:iam::*:user/bob"}
  ]
}"#;

#[tokio::test]
async fn custom_policy_decisions_and_positions() {
    let h = harness().await;
    let bob = h.arn("user/bob");
    let body = h
        .action_ok(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", POLICY),
                ("ActionNames.member.1", "iam:GetGroup"),
                ("ActionNames.member.2", "iam:CreateUser"),
                ("ActionNames.member.3", "iam:GetUser"),
                ("ResourceArns.member.1", &bob),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(r.len(), 3, "{body}");
    assert_eq!(find_tag(&r[0], "EvalActionName").unwrap(), "iam:GetGroup");
    assert_eq!(find_tag(&r[0], "EvalResourceName").unwrap(), bob);
    assert_eq!(decision(&r[0]), "allowed");
    assert_eq!(decision(&r[1]), "implicitDeny");
    assert_eq!(decision(&r[2]), "explicitDeny");

    // Allowed by statement 1: line 4, from just past its `{` (column 6) to just past its `}`
    // (column 78), as AWS counts (AWS-recorded: tests/conformance/aws-recorded/iam/
    // test_iam.snapshot.json `test_simulate_principle_policy[user]`).
    assert_eq!(
        find_tag(&r[0], "SourcePolicyId").unwrap(),
        "PolicyInputList.1"
    );
    assert_eq!(find_tag(&r[0], "SourcePolicyType").unwrap(), "none");
    let start = find_tag(&r[0], "StartPosition").unwrap();
    let end = find_tag(&r[0], "EndPosition").unwrap();
    assert_eq!(find_tag(&start, "Line").unwrap(), "4");
    assert_eq!(find_tag(&start, "Column").unwrap(), "6");
    assert_eq!(find_tag(&end, "Line").unwrap(), "4");
    assert_eq!(find_tag(&end, "Column").unwrap(), "78");
    // An implicit deny names no statement.
    assert!(all_tags(&r[1], "SourcePolicyId").is_empty(), "{}", r[1]);
    // An explicit deny names the deny alone, though the allow matched too: lines 5-6.
    let ids = all_tags(&r[2], "StartPosition");
    assert!(
        ids.iter().all(|p| find_tag(p, "Line").unwrap() == "5"),
        "{}",
        r[2]
    );
    assert_eq!(
        find_tag(&find_tag(&r[2], "EndPosition").unwrap(), "Line").unwrap(),
        "6"
    );
    // A named resource gets its resource-specific result, and an empty details map.
    assert!(r[2].contains("<ResourceSpecificResults>"), "{}", r[2]);
    assert_eq!(
        find_tag(&r[2], "EvalResourceDecision").unwrap(),
        "explicitDeny"
    );
    assert!(
        r[2].contains("<EvalDecisionDetails/>") || r[2].contains("<EvalDecisionDetails></"),
        "{}",
        r[2]
    );
    // …on the result, not inside the resource-specific result (AWS-recorded:
    // test_simulate_principle_policy).
    let specific = find_tag(&r[2], "ResourceSpecificResults").unwrap();
    assert!(!specific.contains("EvalDecisionDetails"), "{specific}");
    assert_eq!(find_tag(&body, "IsTruncated").unwrap(), "false");
}

#[tokio::test]
async fn resource_defaults_to_star() {
    let h = harness().await;
    let body = h
        .action_ok(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", POLICY),
                ("ActionNames.member.1", "iam:GetUser"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(find_tag(&r[0], "EvalResourceName").unwrap(), "*");
    assert_eq!(decision(&r[0]), "allowed");
    assert!(!r[0].contains("ResourceSpecificResults"), "{}", r[0]);
}

const MFA_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;

#[tokio::test]
async fn context_entries_feed_conditions_and_missing_keys_are_reported() {
    let h = harness().await;
    let base = [
        ("PolicyInputList.member.1", MFA_POLICY),
        ("ActionNames.member.1", "s3:GetObject"),
    ];
    let body = h.action_ok("SimulateCustomPolicy", &base).await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "implicitDeny");
    let missing = find_tag(&r[0], "MissingContextValues").unwrap();
    assert_eq!(all_tags(&missing, "member"), ["aws:MultiFactorAuthPresent"]);

    let mut with_mfa = base.to_vec();
    with_mfa.extend([
        (
            "ContextEntries.member.1.ContextKeyName",
            "aws:MultiFactorAuthPresent",
        ),
        ("ContextEntries.member.1.ContextKeyValues.member.1", "true"),
        ("ContextEntries.member.1.ContextKeyType", "boolean"),
    ]);
    let body = h.action_ok("SimulateCustomPolicy", &with_mfa).await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed", "{body}");
    assert!(
        all_tags(&r[0], "member")
            .iter()
            .all(|m| !m.contains("aws:"))
    );

    with_mfa[3].1 = "false";
    let body = h.action_ok("SimulateCustomPolicy", &with_mfa).await;
    assert_eq!(decision(&results(&body)[0]), "implicitDeny");

    // With a named resource the missing keys move into the resource-specific result.
    let mut on_object = base.to_vec();
    on_object.push(("ResourceArns.member.1", "arn:aws:s3:::b/k"));
    let body = h.action_ok("SimulateCustomPolicy", &on_object).await;
    let specific = find_tag(&body, "ResourceSpecificResults").unwrap();
    assert!(
        specific.contains("aws:MultiFactorAuthPresent"),
        "{specific}"
    );
}

const ALL_IAM: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;
const GET_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}"#;

#[tokio::test]
async fn permissions_boundary_caps_and_is_reported() {
    let h = harness().await;
    let body = h
        .action_ok(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", ALL_IAM),
                ("PermissionsBoundaryPolicyInputList.member.1", GET_ONLY),
                ("ActionNames.member.1", "iam:GetUser"),
                ("ActionNames.member.2", "iam:CreateUser"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed");
    assert_eq!(
        find_tag(&r[0], "AllowedByPermissionsBoundary").unwrap(),
        "true"
    );
    let sources = all_tags(&r[0], "SourcePolicyId");
    assert!(
        sources.contains(&"PermissionsBoundaryPolicyInputList.1".to_string()),
        "{sources:?}"
    );
    assert_eq!(decision(&r[1]), "implicitDeny");
    assert_eq!(
        find_tag(&r[1], "AllowedByPermissionsBoundary").unwrap(),
        "false"
    );
    // Without a boundary there is no boundary detail.
    let body = h
        .action_ok(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", ALL_IAM),
                ("ActionNames.member.1", "iam:CreateUser"),
            ],
        )
        .await;
    assert!(
        !body.contains("PermissionsBoundaryDecisionDetail"),
        "{body}"
    );
}

#[tokio::test]
async fn results_page_with_max_items_and_marker() {
    let h = harness().await;
    let params = [
        ("PolicyInputList.member.1", GET_ONLY),
        ("ActionNames.member.1", "iam:GetUser"),
        ("ActionNames.member.2", "iam:GetGroup"),
        ("ActionNames.member.3", "iam:CreateUser"),
        ("MaxItems", "2"),
    ];
    let body = h.action_ok("SimulateCustomPolicy", &params).await;
    assert_eq!(results(&body).len(), 2);
    assert_eq!(find_tag(&body, "IsTruncated").unwrap(), "true");
    let marker = find_tag(&body, "Marker").unwrap();
    let mut next = params.to_vec();
    next.push(("Marker", &marker));
    let body = h.action_ok("SimulateCustomPolicy", &next).await;
    let r = results(&body);
    assert_eq!(r.len(), 1);
    assert_eq!(find_tag(&r[0], "EvalActionName").unwrap(), "iam:CreateUser");
    assert_eq!(find_tag(&body, "IsTruncated").unwrap(), "false");
}

/// alice: an inline policy allowing iam:List* and iam:GetUser, a group with a managed policy
/// allowing iam:GetGroup, an inline deny of iam:GetUser on bob, and a boundary of iam:Get* and
/// iam:List*.
async fn alice(h: &Harness) -> Creds {
    h.action_ok("CreateUser", &[("UserName", "alice")]).await;
    h.action_ok("CreateUser", &[("UserName", "bob")]).await;
    h.action_ok(
        "PutUserPolicy",
        &[
            ("UserName", "alice"),
            ("PolicyName", "read"),
            (
                "PolicyDocument",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:List*","iam:GetUser","iam:CreateGroup"],"Resource":"*"}]}"#,
            ),
        ],
    )
    .await;
    h.action_ok(
        "PutUserPolicy",
        &[
            ("UserName", "alice"),
            ("PolicyName", "notbob"),
            (
                "PolicyDocument",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/bob"}]}"#,
            ),
        ],
    )
    .await;
    h.action_ok(
        "CreatePolicy",
        &[
            ("PolicyName", "groups"),
            (
                "PolicyDocument",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetGroup","Resource":"*"}]}"#,
            ),
        ],
    )
    .await;
    h.action_ok(
        "CreatePolicy",
        &[
            ("PolicyName", "boundary"),
            (
                "PolicyDocument",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}"#,
            ),
        ],
    )
    .await;
    h.action_ok("CreateGroup", &[("GroupName", "devs")]).await;
    h.action_ok(
        "AttachGroupPolicy",
        &[
            ("GroupName", "devs"),
            ("PolicyArn", &h.arn("policy/groups")),
        ],
    )
    .await;
    h.action_ok(
        "AddUserToGroup",
        &[("GroupName", "devs"), ("UserName", "alice")],
    )
    .await;
    h.action_ok(
        "PutUserPermissionsBoundary",
        &[
            ("UserName", "alice"),
            ("PermissionsBoundary", &h.arn("policy/boundary")),
        ],
    )
    .await;
    let body = h
        .action_ok("CreateAccessKey", &[("UserName", "alice")])
        .await;
    Creds::long_term(tag(&body, "AccessKeyId"), tag(&body, "SecretAccessKey"))
}

#[tokio::test]
async fn principal_policy_gathers_user_group_and_boundary() {
    let h = harness().await;
    alice(&h).await;
    let body = h
        .action_ok(
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &h.arn("user/alice")),
                ("ActionNames.member.1", "iam:ListUsers"),
                ("ActionNames.member.2", "iam:GetGroup"),
                ("ActionNames.member.3", "iam:CreateGroup"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed");
    let sources = all_tags(&r[0], "SourcePolicyId");
    assert!(sources.contains(&"read".to_string()), "{sources:?}");
    assert!(sources.contains(&"boundary".to_string()), "{sources:?}");
    let types = all_tags(&r[0], "SourcePolicyType");
    assert!(types.contains(&"user".to_string()), "{types:?}");
    // A customer managed policy is "IAM Policy" (AWS-recorded: test_simulate_principle_policy).
    assert!(types.contains(&"IAM Policy".to_string()), "{types:?}");

    assert_eq!(decision(&r[1]), "allowed");
    assert!(all_tags(&r[1], "SourcePolicyId").contains(&"groups".to_string()));
    // Allowed by the inline policy, outside the boundary.
    assert_eq!(decision(&r[2]), "implicitDeny");
    assert_eq!(
        find_tag(&r[2], "AllowedByPermissionsBoundary").unwrap(),
        "false"
    );

    // A group's own policies, reported as a group's.
    let body = h
        .action_ok(
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &h.arn("group/devs")),
                ("ActionNames.member.1", "iam:GetGroup"),
                ("ActionNames.member.2", "iam:ListUsers"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed");
    assert_eq!(find_tag(&r[0], "SourcePolicyType").unwrap(), "IAM Policy");
    assert_eq!(decision(&r[1]), "implicitDeny");

    // PolicyInputList adds to the principal's policies.
    let body = h
        .action_ok(
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &h.arn("group/devs")),
                ("PolicyInputList.member.1", ALL_IAM),
                ("ActionNames.member.1", "iam:ListUsers"),
            ],
        )
        .await;
    assert_eq!(decision(&results(&body)[0]), "allowed");
}

#[tokio::test]
async fn principal_simulation_agrees_with_enforcement() {
    let h = harness().await;
    let alice_key = alice(&h).await;
    let bob = h.arn("user/bob");
    let alice_arn = h.arn("user/alice");
    // (action, parameters, resource as enforcement authorizes it)
    let cases = [
        ("ListUsers", vec![], "*"),
        ("GetUser", vec![("UserName", "alice")], &alice_arn),
        ("GetUser", vec![("UserName", "bob")], &bob),
        ("GetGroup", vec![("GroupName", "devs")], ""),
        ("CreateGroup", vec![("GroupName", "ops")], ""),
        ("DeleteUser", vec![("UserName", "bob")], &bob),
    ];
    let group_arn = h.arn("group/devs");
    let ops_arn = h.arn("group/ops");
    for (action, params, resource) in cases {
        let resource = match (action, resource) {
            ("GetGroup", _) => group_arn.as_str(),
            ("CreateGroup", _) => ops_arn.as_str(),
            (_, r) => r,
        };
        let real = h.action_as(&alice_key, action, &params).await;
        let enforced = match real.status {
            200 => "allowed",
            403 if code(&real) == "AccessDenied" => {
                if real.body.contains("explicit deny") {
                    "explicitDeny"
                } else {
                    "implicitDeny"
                }
            }
            other => panic!("{action}: {other} {}", real.body),
        };
        let permission = format!("iam:{action}");
        let body = h
            .action_ok(
                "SimulatePrincipalPolicy",
                &[
                    ("PolicySourceArn", &alice_arn),
                    ("ActionNames.member.1", &permission),
                    ("ResourceArns.member.1", resource),
                ],
            )
            .await;
        assert_eq!(
            decision(&results(&body)[0]),
            enforced,
            "{action} on {resource}: {}",
            real.body
        );
    }
}

#[tokio::test]
async fn principal_keys_fill_policy_variables() {
    let h = harness().await;
    h.action_ok("CreateUser", &[("UserName", "carol")]).await;
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#;
    h.action_ok(
        "PutUserPolicy",
        &[
            ("UserName", "carol"),
            ("PolicyName", "self"),
            ("PolicyDocument", doc),
        ],
    )
    .await;
    let own = h.arn("user/carol");
    let other = h.arn("user/dave");
    let body = h
        .action_ok(
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &own),
                ("ActionNames.member.1", "iam:GetUser"),
                ("ResourceArns.member.1", &own),
                ("ResourceArns.member.2", &other),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed");
    assert_eq!(decision(&r[1]), "implicitDeny");
}

#[tokio::test]
async fn context_keys_for_policies() {
    let h = harness().await;
    let body = h
        .action_ok(
            "GetContextKeysForCustomPolicy",
            &[
                ("PolicyInputList.member.1", MFA_POLICY),
                (
                    "PolicyInputList.member.2",
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"AWS:multifactorauthpresent":"true"}}}]}"#,
                ),
            ],
        )
        .await;
    let keys = all_tags(&find_tag(&body, "ContextKeyNames").unwrap(), "member");
    assert_eq!(keys.len(), 3, "{keys:?}");
    for k in ["aws:MultiFactorAuthPresent", "aws:username", "aws:SourceIp"] {
        assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
    }

    h.action_ok("CreateUser", &[("UserName", "erin")]).await;
    h.action_ok(
        "PutUserPolicy",
        &[
            ("UserName", "erin"),
            ("PolicyName", "mfa"),
            ("PolicyDocument", MFA_POLICY),
        ],
    )
    .await;
    let body = h
        .action_ok(
            "GetContextKeysForPrincipalPolicy",
            &[("PolicySourceArn", &h.arn("user/erin"))],
        )
        .await;
    let keys = all_tags(&find_tag(&body, "ContextKeyNames").unwrap(), "member");
    assert_eq!(keys, ["aws:MultiFactorAuthPresent"]);
}

#[tokio::test]
async fn validation_errors_as_aws() {
    let h = harness().await;
    let cases = [
        ("not-an-arn-at-all-xxxxx".to_string(), 400, "InvalidInput"),
        (h.arn("policy/whatever"), 400, "InvalidInput"),
        (h.arn("user/nobody"), 404, "NoSuchEntity"),
        (h.arn("role/somerole"), 404, "NoSuchEntity"),
        (h.arn("group/nogroup"), 404, "NoSuchEntity"),
    ];
    for (arn, status, want) in cases {
        let r = h
            .action(
                "SimulatePrincipalPolicy",
                &[
                    ("PolicySourceArn", &arn),
                    ("ActionNames.member.1", "iam:GetUser"),
                ],
            )
            .await;
        assert_eq!(
            (r.status, code(&r).as_str()),
            (status, want),
            "{arn}: {}",
            r.body
        );
        if arn.ends_with("user/nobody") {
            assert!(
                r.body
                    .contains("The user with name nobody cannot be found.")
            );
        }
    }

    let r = h
        .action(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", r#"{"Statement":"nope"}"#),
                ("ActionNames.member.1", "iam:GetUser"),
            ],
        )
        .await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (400, "InvalidInput"),
        "{}",
        r.body
    );
    let r = h
        .action(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", GET_ONLY),
                ("PermissionsBoundaryPolicyInputList.member.1", "{"),
                ("ActionNames.member.1", "iam:GetUser"),
            ],
        )
        .await;
    assert_eq!(code(&r), "InvalidInput", "{}", r.body);
    let r = h
        .action(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", GET_ONLY),
                ("ActionNames.member.1", "iam:GetUser"),
                ("CallerArn", "arn:aws:iam::123456789012:role/r"),
            ],
        )
        .await;
    assert_eq!(code(&r), "InvalidInput", "{}", r.body);
    // ActionNames is required.
    let r = h
        .action(
            "SimulateCustomPolicy",
            &[("PolicyInputList.member.1", GET_ONLY)],
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
}

#[tokio::test]
async fn resource_policy_grants_the_caller() {
    let h = harness().await;
    let caller = h.arn("user/frank");
    let resource_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{caller}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}]}}"#
    );
    let body = h
        .action_ok(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", GET_ONLY),
                ("ResourcePolicy", &resource_policy),
                ("CallerArn", &caller),
                ("ActionNames.member.1", "s3:GetObject"),
                ("ResourceArns.member.1", "arn:aws:s3:::b/k"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed", "{body}");
    assert_eq!(find_tag(&r[0], "SourcePolicyType").unwrap(), "resource");
    assert_eq!(find_tag(&r[0], "SourcePolicyId").unwrap(), "ResourcePolicy");

    // A resource policy needs a caller to name.
    let r = h
        .action(
            "SimulateCustomPolicy",
            &[
                ("PolicyInputList.member.1", GET_ONLY),
                ("ResourcePolicy", &resource_policy),
                ("ActionNames.member.1", "s3:GetObject"),
            ],
        )
        .await;
    assert_eq!(code(&r), "InvalidInput", "{}", r.body);
}

#[tokio::test]
async fn simulating_a_principal_needs_permission_on_it() {
    let h = harness().await;
    let alice_key = alice(&h).await;
    // alice's policies allow nothing about simulation.
    let r = h
        .action_as(
            &alice_key,
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &h.arn("user/bob")),
                ("ActionNames.member.1", "iam:GetUser"),
            ],
        )
        .await;
    assert_eq!(code(&r), "AccessDenied", "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "iam:SimulatePrincipalPolicy on resource: {}",
            h.arn("user/bob")
        )),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn principal_policy_of_a_role() {
    let h = harness().await;
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        h.account
    );
    h.action_ok(
        "CreateRole",
        &[("RoleName", "reader"), ("AssumeRolePolicyDocument", &trust)],
    )
    .await;
    h.action_ok(
        "PutRolePolicy",
        &[
            ("RoleName", "reader"),
            ("PolicyName", "read"),
            ("PolicyDocument", GET_ONLY),
        ],
    )
    .await;
    let body = h
        .action_ok(
            "SimulatePrincipalPolicy",
            &[
                ("PolicySourceArn", &h.arn("role/reader")),
                ("ActionNames.member.1", "iam:GetUser"),
                ("ActionNames.member.2", "iam:CreateUser"),
            ],
        )
        .await;
    let r = results(&body);
    assert_eq!(decision(&r[0]), "allowed");
    assert_eq!(find_tag(&r[0], "SourcePolicyId").unwrap(), "read");
    assert_eq!(find_tag(&r[0], "SourcePolicyType").unwrap(), "role");
    assert_eq!(decision(&r[1]), "implicitDeny");
}

/// Hole 9 of issue #9: the pentest's pattern (`*` + `a?`×30,000 + `b`) against a long value
/// answers at once (no backtracking), and a simulation's context values are bounded in size.
#[tokio::test]
async fn adversarial_patterns_and_oversized_context() {
    let h = harness().await;
    let pattern = format!("*{}b", "a?".repeat(30_000));
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"StringLike":{{"aws:UserAgent":"{pattern}"}}}}}}]}}"#
    );
    let value = "a".repeat(10_000);
    let r = h
        .call(&[
            ("Action", "SimulateCustomPolicy"),
            ("PolicyInputList.member.1", &policy),
            ("ActionNames.member.1", "s3:GetObject"),
            ("ContextEntries.member.1.ContextKeyName", "aws:UserAgent"),
            ("ContextEntries.member.1.ContextKeyType", "string"),
            ("ContextEntries.member.1.ContextKeyValues.member.1", &value),
        ])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(tag(&r.body, "EvalDecision"), "implicitDeny");
    let too_long = "a".repeat(10_241);
    let r = h
        .call(&[
            ("Action", "SimulateCustomPolicy"),
            ("PolicyInputList.member.1", &policy),
            ("ActionNames.member.1", "s3:GetObject"),
            ("ContextEntries.member.1.ContextKeyName", "aws:UserAgent"),
            ("ContextEntries.member.1.ContextKeyType", "string"),
            (
                "ContextEntries.member.1.ContextKeyValues.member.1",
                &too_long,
            ),
        ])
        .await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (400, "InvalidInput"),
        "{}",
        r.body
    );
}

/// Issue #11, "The simulator must decide as enforcement does": one custom-policy simulation of
/// `action` on `resource`, with an optional resource policy, as the root user.
async fn simulate_one(
    h: &Harness,
    identity: &str,
    action: &str,
    resource: &str,
    resource_policy: Option<&str>,
) -> String {
    let mut params = vec![
        ("PolicyInputList.member.1", identity),
        ("ActionNames.member.1", action),
        ("ResourceArns.member.1", resource),
    ];
    let caller = h.arn("user/alice");
    if let Some(doc) = resource_policy {
        params.push(("ResourcePolicy", doc));
        params.push(("CallerArn", &caller));
    }
    let body = h.action_ok("SimulateCustomPolicy", &params).await;
    let r = results(&body);
    assert_eq!(r.len(), 1, "{body}");
    decision(&r[0])
}

/// AWS-managed policies carry the alias `aws`, not another account: reading one is allowed by an
/// identity policy alone, as enforcement allows it.
#[tokio::test]
async fn aws_managed_policy_arns_are_not_another_account() {
    let h = harness().await;
    let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetPolicy","Resource":"*"}]}"#;
    let d = simulate_one(
        &h,
        allow,
        "iam:GetPolicy",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        None,
    )
    .await;
    assert_eq!(d, "allowed");
}

/// sts:AssumeRole with the trust policy as the resource policy: the trust policy must grant, in
/// the same account too (reference_policies_evaluation-logic); kms: the key policy must grant.
#[tokio::test]
async fn trust_and_key_policies_must_grant_in_the_same_account() {
    let h = harness().await;
    let role = h.arn("role/target");
    let identity = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","kms:Decrypt"],"Resource":"*"}]}"#;
    let other = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:user/someone-else"}},"Action":["sts:AssumeRole","kms:Decrypt"],"Resource":"*"}}]}}"#,
        h.account
    );
    let account = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":["sts:AssumeRole","kms:Decrypt"],"Resource":"*"}}]}}"#,
        h.account
    );
    let key = format!(
        "arn:aws:kms:us-east-1:{}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        h.account
    );
    assert_eq!(
        simulate_one(&h, identity, "sts:AssumeRole", &role, Some(&other)).await,
        "implicitDeny"
    );
    assert_eq!(
        simulate_one(&h, identity, "kms:Decrypt", &key, Some(&other)).await,
        "implicitDeny"
    );
    assert_eq!(
        simulate_one(&h, identity, "sts:AssumeRole", &role, Some(&account)).await,
        "allowed"
    );
    assert_eq!(
        simulate_one(&h, identity, "kms:Decrypt", &key, Some(&account)).await,
        "allowed"
    );
    // Other services keep the same-account rule: either policy suffices.
    let bucket = "arn:aws:s3:::bucket/key";
    assert_eq!(
        simulate_one(
            &h,
            identity.replace("kms:Decrypt", "s3:GetObject").as_str(),
            "s3:GetObject",
            bucket,
            Some(&other.replace("kms:Decrypt", "s3:GetObject"))
        )
        .await,
        "allowed"
    );
}

/// sts:GetCallerIdentity needs no permission and no explicit deny blocks it (STS API reference:
/// GetCallerIdentity) — in simulation as in enforcement.
#[tokio::test]
async fn get_caller_identity_is_always_allowed() {
    let h = harness().await;
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}"#;
    assert_eq!(
        simulate_one(&h, deny, "sts:GetCallerIdentity", "*", None).await,
        "allowed"
    );
    assert_eq!(
        simulate_one(&h, deny, "sts:GetSessionToken", "*", None).await,
        "explicitDeny"
    );
}

/// A simulated document that breaks the policy grammar is InvalidInput (HTTP 400) with the
/// grammar's text, for every simulator input that takes one: SimulateCustomPolicy's
/// PolicyInputList, PermissionsBoundaryPolicyInputList and ResourcePolicy, SimulatePrincipalPolicy's
/// PolicyInputList, GetContextKeysForCustomPolicy. botocore's models list InvalidInput and
/// PolicyEvaluation for these operations, no MalformedPolicyDocument (see `malformed_input` in
/// crates/iam-core/src/actions/simulate.rs for the evidence; AWS's answer is not recorded).
#[tokio::test]
async fn malformed_simulated_policies_are_invalid_input() {
    use crate::common::{Server, api_error};
    let s = Server::start().await;
    let iam = s.iam_client();
    const BROKEN: &str = "{";
    let syntax = "Syntax errors in policy.";
    api_error(
        iam.simulate_custom_policy()
            .policy_input_list(BROKEN)
            .action_names("s3:GetObject")
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(syntax);
    api_error(
        iam.simulate_custom_policy()
            .policy_input_list(GET_ONLY)
            .permissions_boundary_policy_input_list(BROKEN)
            .action_names("iam:GetUser")
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(syntax);
    api_error(
        iam.simulate_custom_policy()
            .policy_input_list(GET_ONLY)
            .action_names("iam:GetUser")
            .resource_policy(BROKEN)
            .caller_arn(format!("arn:aws:iam::{}:user/alice", s.account_id))
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(syntax);
    // A well-formed JSON document that is not a policy: the grammar's own text.
    let not_a_policy = api_error(
        iam.simulate_custom_policy()
            .policy_input_list(r#"{"Version":"2012-10-17","Statement":"nope"}"#)
            .action_names("s3:GetObject")
            .send()
            .await,
    )
    .expect(400, "InvalidInput");
    assert!(!not_a_policy.message.is_empty());

    iam.create_user().user_name("alice").send().await.unwrap();
    api_error(
        iam.simulate_principal_policy()
            .policy_source_arn(format!("arn:aws:iam::{}:user/alice", s.account_id))
            .policy_input_list(BROKEN)
            .action_names("s3:GetObject")
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(syntax);
    api_error(
        iam.get_context_keys_for_custom_policy()
            .policy_input_list(BROKEN)
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(syntax);
}
