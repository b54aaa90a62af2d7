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
