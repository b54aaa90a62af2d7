//! Properties of the evaluation logic that must hold for every policy set
//! (reference_policies_evaluation-logic.md): an explicit deny wins wherever it sits, nothing is
//! allowed without an allow, and NotAction is exactly the complement of Action.

use iam_policy::{
    Decision, EvaluationInput, Policy, PolicyKind, PolicyRef, PrincipalRef, RequestContext,
    evaluate, parse_policy,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn identity(statements: &[Value]) -> Policy {
    let doc = json!({"Version": "2012-10-17", "Statement": statements});
    parse_policy(&doc.to_string(), PolicyKind::Identity).expect("generated policy is valid")
}

fn resource(statements: &[Value]) -> Policy {
    let with_principal: Vec<Value> = statements
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s["Principal"] = json!("*");
            s
        })
        .collect();
    let doc = json!({"Version": "2012-10-17", "Statement": with_principal});
    parse_policy(&doc.to_string(), PolicyKind::Resource).expect("generated policy is valid")
}

fn action() -> impl Strategy<Value = String> {
    ("(iam|s3|sts|ec2)", "[A-Z][a-zA-Z]{0,8}")
        .prop_map(|(service, name)| format!("{service}:{name}"))
}

fn action_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        action(),
        Just("*".to_string()),
        ("(iam|s3|sts|ec2)", "[A-Za-z*?]{0,5}").prop_map(|(s, n)| format!("{s}:{n}")),
    ]
}

fn statement() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(action_pattern(), 1..4),
    )
        .prop_map(|(allow, negated, actions)| {
            let effect = if allow { "Allow" } else { "Deny" };
            let key = if negated { "NotAction" } else { "Action" };
            json!({"Effect": effect, key: actions, "Resource": "*"})
        })
}

/// Six places a policy can sit in a decision.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Identity,
    Resource,
    Boundary,
    Session,
    Scp,
    Rcp,
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        Just(Slot::Identity),
        Just(Slot::Resource),
        Just(Slot::Boundary),
        Just(Slot::Session),
        Just(Slot::Scp),
        Just(Slot::Rcp)
    ]
}

fn request(action: &str) -> RequestContext {
    let mut request = RequestContext::new(action.to_string(), "arn:aws:s3:::bucket/key");
    request.principal = Some(PrincipalRef::Aws {
        arn: "arn:aws:iam::123456789012:user/alice".into(),
        account_id: "123456789012".into(),
        role_arn: None,
    });
    request
}

fn some<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

/// Every slot filled with the statements given for it.
fn decide(action: &str, slots: &[(Slot, Vec<Value>)]) -> Decision {
    let policies: Vec<(Slot, Policy)> = slots
        .iter()
        .map(|(slot, statements)| {
            let policy = match slot {
                Slot::Resource | Slot::Rcp => resource(statements),
                _ => identity(statements),
            };
            (*slot, policy)
        })
        .collect();
    let refs = |wanted: fn(Slot) -> bool| -> Vec<PolicyRef<'_>> {
        policies
            .iter()
            .filter(|(s, _)| wanted(*s))
            .map(|(_, policy)| PolicyRef { policy, name: "p" })
            .collect()
    };
    let input = EvaluationInput {
        identity: refs(|s| matches!(s, Slot::Identity)),
        resource: refs(|s| matches!(s, Slot::Resource)),
        boundary: some(refs(|s| matches!(s, Slot::Boundary))),
        session: some(refs(|s| matches!(s, Slot::Session))),
        scps: some(refs(|s| matches!(s, Slot::Scp))).map(|level| vec![level]),
        rcps: some(refs(|s| matches!(s, Slot::Rcp))).map(|level| vec![level]),
        same_account: true,
    };
    evaluate(&request(action), &input).decision
}

proptest! {
    #[test]
    fn explicit_deny_wins_wherever_it_sits(
        action in action(),
        others in prop::collection::vec((slot(), prop::collection::vec(statement(), 1..4)), 0..5),
        deny_slot in slot(),
        position in 0usize..5,
    ) {
        let mut slots = others;
        let deny = json!({"Effect": "Deny", "Action": action.to_lowercase(), "Resource": "*"});
        let at = position.min(slots.len());
        slots.insert(at, (deny_slot, vec![deny]));
        prop_assert_eq!(decide(&action, &slots), Decision::ExplicitDeny);
    }

    #[test]
    fn nothing_is_allowed_without_an_allow(
        action in action(),
        slots in prop::collection::vec((slot(), prop::collection::vec(statement(), 1..4)), 0..5),
    ) {
        let only_denies: Vec<(Slot, Vec<Value>)> = slots
            .into_iter()
            .map(|(slot, statements)| {
                let statements = statements
                    .into_iter()
                    .map(|mut s| { s["Effect"] = json!("Deny"); s })
                    .collect();
                (slot, statements)
            })
            .collect();
        prop_assert_ne!(decide(&action, &only_denies), Decision::Allow);
    }

    #[test]
    fn not_action_is_the_complement_of_action(
        action in action(),
        patterns in prop::collection::vec(action_pattern(), 1..4),
    ) {
        let with = |key: &str| {
            let statement = json!({"Effect": "Allow", key: patterns.clone(), "Resource": "*"});
            decide(&action, &[(Slot::Identity, vec![statement])]) == Decision::Allow
        };
        prop_assert_ne!(with("Action"), with("NotAction"));
    }
}

#[test]
fn empty_input_is_implicit_deny() {
    let result = evaluate(&request("iam:ListUsers"), &EvaluationInput::default());
    assert_eq!(result.decision, Decision::ImplicitDeny);
    assert!(result.matched.is_empty());
}
