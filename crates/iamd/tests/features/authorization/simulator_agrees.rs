//! Property (issue #9): for random users, groups, boundaries and policies, and random requests,
//! SimulatePrincipalPolicy's decision equals what enforcement does with the same request —
//! both go through the same gathering of the principal's policies and the same resource ARN.
use crate::support;
use proptest::prelude::*;
use support::*;

const ACTIONS: &[&str] = &[
    "iam:GetUser",
    "iam:ListUsers",
    "iam:Get*",
    "iam:List*",
    "iam:*",
    "*",
    "iam:CreateAccessKey",
    "iam:ListAccessKeys",
    "iam:TagUser",
];

/// Resource patterns; `ACCT` is replaced by the account ID.
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:iam::ACCT:user/*",
    "arn:aws:iam::ACCT:user/t*",
    "arn:aws:iam::ACCT:user/target",
    "arn:aws:iam::ACCT:user/TARGET",
    "arn:aws:iam::ACCT:user/dev/*",
    "arn:aws:iam::ACCT:user/other",
    "arn:aws:iam::ACCT:group/*",
];

const CONDITIONS: &[&str] = &[
    "",
    r#","Condition":{"StringEquals":{"aws:username":"caller"}}"#,
    r#","Condition":{"StringEquals":{"aws:username":"someone"}}"#,
    r#","Condition":{"StringLike":{"aws:PrincipalTag/team":"dev*"}}"#,
    r#","Condition":{"StringEquals":{"aws:PrincipalType":"User"}}"#,
];

/// The requests tried: (action, user name). `target` and `dev-user` exist (the latter under
/// path /dev/), `TARGET` is `target` in another case, `ghost` does not exist.
const REQUESTS: &[(&str, &str)] = &[
    ("GetUser", "target"),
    ("GetUser", "TARGET"),
    ("GetUser", "ghost"),
    ("GetUser", "dev-user"),
    ("ListAccessKeys", "target"),
    ("ListAccessKeys", "Dev-User"),
    ("CreateAccessKey", "ghost"),
    ("ListUsers", ""),
];

#[derive(Debug, Clone)]
struct StatementSpec {
    deny: bool,
    not_action: bool,
    action: usize,
    resource: usize,
    condition: usize,
}

fn statement() -> impl Strategy<Value = StatementSpec> {
    (
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.1),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        0..CONDITIONS.len(),
    )
        .prop_map(
            |(deny, not_action, action, resource, condition)| StatementSpec {
                deny,
                not_action,
                action,
                resource,
                condition,
            },
        )
}

fn document(statements: &[StatementSpec], account: &str) -> String {
    let list: Vec<String> = statements
        .iter()
        .map(|s| {
            format!(
                r#"{{"Effect":"{}","{}":"{}","Resource":"{}"{}}}"#,
                if s.deny { "Deny" } else { "Allow" },
                if s.not_action { "NotAction" } else { "Action" },
                ACTIONS[s.action],
                RESOURCES[s.resource].replace("ACCT", account),
                CONDITIONS[s.condition]
            )
        })
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        list.join(",")
    )
}

#[derive(Debug, Clone)]
struct Case {
    user_policy: Vec<StatementSpec>,
    group_policy: Vec<StatementSpec>,
    boundary: Option<Vec<StatementSpec>>,
    tagged: bool,
    requests: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(statement(), 1..4),
        prop::collection::vec(statement(), 0..3),
        prop::option::weighted(0.3, prop::collection::vec(statement(), 1..3)),
        any::<bool>(),
        prop::collection::vec(0..REQUESTS.len(), 1..5),
    )
        .prop_map(
            |(user_policy, group_policy, boundary, tagged, requests)| Case {
                user_policy,
                group_policy,
                boundary,
                tagged,
                requests,
            },
        )
}

async fn check(case: Case) -> Result<(), TestCaseError> {
    let h = harness().await;
    let account = h.account.clone();
    let caller = h.user_with_key("caller").await;
    h.create_user("target").await;
    h.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "dev-user"),
        ("Path", "/dev/"),
    ])
    .await;
    if case.tagged {
        h.ok(&[
            ("Action", "TagUser"),
            ("UserName", "caller"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "developers"),
        ])
        .await;
    }
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "caller"),
        ("PolicyName", "p"),
        ("PolicyDocument", &document(&case.user_policy, &account)),
    ])
    .await;
    if !case.group_policy.is_empty() {
        h.ok(&[("Action", "CreateGroup"), ("GroupName", "g")]).await;
        h.ok(&[
            ("Action", "AddUserToGroup"),
            ("GroupName", "g"),
            ("UserName", "caller"),
        ])
        .await;
        h.ok(&[
            ("Action", "PutGroupPolicy"),
            ("GroupName", "g"),
            ("PolicyName", "gp"),
            ("PolicyDocument", &document(&case.group_policy, &account)),
        ])
        .await;
    }
    if let Some(boundary) = &case.boundary {
        let body = h
            .ok(&[
                ("Action", "CreatePolicy"),
                ("PolicyName", "boundary"),
                ("PolicyDocument", &document(boundary, &account)),
            ])
            .await;
        let arn = tag(&body, "Arn");
        h.ok(&[
            ("Action", "PutUserPermissionsBoundary"),
            ("UserName", "caller"),
            ("PermissionsBoundary", &arn),
        ])
        .await;
    }
    for &i in &case.requests {
        let (action, name) = REQUESTS[i];
        let mut params = vec![("Action", action)];
        if !name.is_empty() {
            params.push(("UserName", name));
        }
        let enforced = h.call_as(&caller, &params).await;
        let denied = code(&enforced) == "AccessDenied";
        // The resource enforcement authorized, from its AccessDenied message or, when
        // allowed, the stored entity's ARN as iamd names it.
        let resource = match name {
            "" => "*".to_string(),
            "target" | "TARGET" => format!("arn:aws:iam::{account}:user/target"),
            "dev-user" | "Dev-User" => format!("arn:aws:iam::{account}:user/dev/dev-user"),
            other => format!("arn:aws:iam::{account}:user/{other}"),
        };
        if denied {
            let message = find_tag(&enforced.body, "Message").unwrap_or_default();
            prop_assert!(
                message.contains(&format!("on resource: {resource}")),
                "{message}"
            );
        }
        let simulated = h
            .ok(&[
                ("Action", "SimulatePrincipalPolicy"),
                (
                    "PolicySourceArn",
                    &format!("arn:aws:iam::{account}:user/caller"),
                ),
                ("ActionNames.member.1", &format!("iam:{action}")),
                ("ResourceArns.member.1", &resource),
            ])
            .await;
        let decision = tag(&simulated, "EvalDecision");
        prop_assert_eq!(
            denied,
            decision != "allowed",
            "{} {} on {}: enforcement {} / simulator {}\n{:?}",
            action,
            name,
            resource,
            enforced.body,
            decision,
            case
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn simulator_decision_equals_enforcement(case in case()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(check(case))?;
    }
}

// Resource control policies (issue #11): for random RCPs attached at random levels of the role
// account's organization, and random identity policies of a management-account caller,
// SimulatePrincipalPolicy (with the role's trust policy as ResourcePolicy) decides
// sts:AssumeRole — and sts:TagSession when tags are passed — as enforcement does.

const RCP_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:*",
    "sts:TagSession",
    "sts:Assume*",
    "s3:*",
];

/// `MEMBER` is replaced by the role's account.
const RCP_RESOURCES: &[&str] = &[
    "*",
    "arn:aws:iam::MEMBER:role/target",
    "arn:aws:iam::MEMBER:role/other",
    "arn:aws:iam::*:role/t*",
];

/// `ORG` and `MGMT` are replaced by the organization and the caller's account.
const RCP_CONDITIONS: &[&str] = &[
    "",
    r#","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"ORG"}}"#,
    r#","Condition":{"StringEquals":{"aws:PrincipalOrgID":"ORG"}}"#,
    r#","Condition":{"StringEquals":{"aws:PrincipalAccount":"MGMT"}}"#,
    r#","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"MGMT"}}"#,
    r#","Condition":{"StringLike":{"aws:PrincipalArn":"*:user/caller"}}"#,
    r#","Condition":{"StringEquals":{"aws:username":"someone"}}"#,
];

const IDENTITY_ACTIONS: &[&str] = &["sts:AssumeRole", "sts:*", "sts:TagSession", "*"];

#[derive(Debug, Clone)]
struct RcpStatement {
    action: usize,
    resource: usize,
    condition: usize,
}

#[derive(Debug, Clone)]
struct RcpCase {
    /// (deny, action, role-specific resource) of the caller's identity policy.
    identity: Vec<(bool, usize, bool)>,
    rcp: Vec<RcpStatement>,
    /// 0: not attached, 1: the root, 2: the OU holding the account, 3: the account.
    attached_at: usize,
    /// Per request: whether session tags are passed.
    requests: Vec<bool>,
}

fn rcp_case() -> impl Strategy<Value = RcpCase> {
    let identity = prop::collection::vec(
        (
            prop::bool::weighted(0.2),
            0..IDENTITY_ACTIONS.len(),
            any::<bool>(),
        ),
        1..3,
    );
    let rcp = prop::collection::vec(
        (
            0..RCP_ACTIONS.len(),
            0..RCP_RESOURCES.len(),
            0..RCP_CONDITIONS.len(),
        )
            .prop_map(|(action, resource, condition)| RcpStatement {
                action,
                resource,
                condition,
            }),
        1..3,
    );
    (
        identity,
        rcp,
        0..4usize,
        prop::collection::vec(any::<bool>(), 1..3),
    )
        .prop_map(|(identity, rcp, attached_at, requests)| RcpCase {
            identity,
            rcp,
            attached_at,
            requests,
        })
}

async fn check_rcp(case: RcpCase) -> Result<(), TestCaseError> {
    use serde_json::json;
    let h = harness().await;
    let mgmt = h.account.clone();
    let member = h.org_with_member().await;
    let root = h.root_id().await;
    let org = h.org_ok(&h.root, "DescribeOrganization", json!({})).await["Organization"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    // The role, created from inside the member account before any RCP is attached.
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{mgmt}:root"}},"Action":["sts:AssumeRole","sts:TagSession"]}}]}}"#
    );
    let session = h
        .assume(
            &h.root,
            &format!("arn:aws:iam::{member}:role/OrganizationAccountAccessRole"),
        )
        .await;
    let r = h
        .call_as(
            &session,
            &[
                ("Action", "CreateRole"),
                ("RoleName", "target"),
                ("AssumeRolePolicyDocument", &trust),
            ],
        )
        .await;
    prop_assert_eq!(r.status, 200, "{}", r.body);
    let role = format!("arn:aws:iam::{member}:role/target");

    let caller = h.user_with_key("caller").await;
    let identity: Vec<String> = case
        .identity
        .iter()
        .map(|(deny, action, specific)| {
            format!(
                r#"{{"Effect":"{}","Action":"{}","Resource":"{}"}}"#,
                if *deny { "Deny" } else { "Allow" },
                IDENTITY_ACTIONS[*action],
                if *specific { role.as_str() } else { "*" }
            )
        })
        .collect();
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "caller"),
        ("PolicyName", "p"),
        (
            "PolicyDocument",
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
                identity.join(",")
            ),
        ),
    ])
    .await;

    let ou = h
        .org_ok(
            &h.root,
            "CreateOrganizationalUnit",
            json!({"ParentId": root, "Name": "Workloads"}),
        )
        .await["OrganizationalUnit"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    h.org_ok(
        &h.root,
        "MoveAccount",
        json!({"AccountId": member, "SourceParentId": root, "DestinationParentId": ou}),
    )
    .await;
    h.org_ok(
        &h.root,
        "EnablePolicyType",
        json!({"RootId": root, "PolicyType": "RESOURCE_CONTROL_POLICY"}),
    )
    .await;
    let statements: Vec<String> = case
        .rcp
        .iter()
        .map(|s| {
            format!(
                r#"{{"Effect":"Deny","Principal":"*","Action":"{}","Resource":"{}"{}}}"#,
                RCP_ACTIONS[s.action],
                RCP_RESOURCES[s.resource].replace("MEMBER", &member),
                RCP_CONDITIONS[s.condition]
                    .replace("ORG", &org)
                    .replace("MGMT", &mgmt)
            )
        })
        .collect();
    let content = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let v = h
        .org_ok(
            &h.root,
            "CreatePolicy",
            json!({"Name": "rcp", "Description": "", "Type": "RESOURCE_CONTROL_POLICY", "Content": content}),
        )
        .await;
    let rcp = v["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let target = match case.attached_at {
        1 => Some(&root),
        2 => Some(&ou),
        3 => Some(&member),
        _ => None,
    };
    if let Some(target) = target {
        h.org_ok(
            &h.root,
            "AttachPolicy",
            json!({"PolicyId": rcp, "TargetId": target}),
        )
        .await;
    }

    for &tagged in &case.requests {
        let mut params = vec![
            ("Action", "AssumeRole"),
            ("RoleArn", role.as_str()),
            ("RoleSessionName", "agree"),
        ];
        if tagged {
            params.push(("Tags.member.1.Key", "team"));
            params.push(("Tags.member.1.Value", "a"));
        }
        let enforced = h.sts(Some(&caller), &params).await;
        prop_assert!(
            enforced.status == 200 || code(&enforced) == "AccessDenied",
            "{}",
            enforced.body
        );
        let denied = enforced.status != 200;
        let mut simulate = vec![
            ("Action", "SimulatePrincipalPolicy"),
            ("ActionNames.member.1", "sts:AssumeRole"),
            ("ResourceArns.member.1", role.as_str()),
            ("ResourcePolicy", trust.as_str()),
        ];
        let source = format!("arn:aws:iam::{mgmt}:user/caller");
        simulate.push(("PolicySourceArn", &source));
        if tagged {
            simulate.push(("ActionNames.member.2", "sts:TagSession"));
        }
        let simulated = h.ok(&simulate).await;
        let decisions = all_tags(&simulated, "EvalDecision");
        prop_assert_eq!(
            denied,
            decisions.iter().any(|d| d != "allowed"),
            "tags {}: enforcement {} / simulator {:?}\n{:?}\n{}",
            tagged,
            enforced.body,
            decisions,
            case,
            content
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    #[test]
    fn simulator_decision_equals_enforcement_under_rcps(case in rcp_case()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(check_rcp(case))?;
    }
}
