//! The AWS IAM policy language: parsing, validation with AWS's exact MalformedPolicyDocument
//! messages, and evaluation returning a decision with the statements that produced it.
//! Pure: no I/O, no async, no crate of ours.
//!
//! ```
//! use iam_policy::{evaluate, parse_policy, Decision, EvaluationInput, PolicyKind, PolicyRef, RequestContext};
//!
//! let policy = parse_policy(
//!     r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}}"#,
//!     PolicyKind::Identity,
//! )
//! .unwrap();
//! let input = EvaluationInput {
//!     identity: vec![PolicyRef { policy: &policy, name: "ReadOnly" }],
//!     ..EvaluationInput::default()
//! };
//! let request = RequestContext::new("iam:GetUser", "arn:aws:iam::123456789012:user/alice");
//! assert_eq!(evaluate(&request, &input).decision, Decision::Allow);
//! ```

mod arn;
mod condition;
mod context;
mod error;
mod evaluate;
mod glob;
mod json;
mod parse;
mod policy;
mod template;
mod validate;

pub use context::{ContextKeys, PrincipalRef, RequestContext, StaticKey};
pub use error::PolicyError;
pub use evaluate::{
    Decision, DenyReason, EvaluationInput, EvaluationResult, MatchedStatement, PolicyRef,
    PolicyType, evaluate,
};
pub use parse::parse_policy;
pub use policy::{
    Effect, Policy, PolicyKind, Position, PrincipalElement, PrincipalType, Statement,
    StatementPosition,
};
pub use validate::PARTITIONS;

/// Whether the action `pattern` (`*` any run of characters, `?` exactly one) matches the whole
/// of `action`, ASCII case-insensitively, as an `Action` element matches a request's action:
/// the same matcher as evaluation's, for callers that reason about policies outside a decision
/// (which services a policy grants, say).
///
/// ```
/// assert!(iam_policy::action_matches("iam:Get*", "IAM:GetUser"));
/// assert!(iam_policy::action_matches("i?m", "iam"));
/// assert!(!iam_policy::action_matches("iam:Get*", "iam:ListUsers"));
/// ```
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob::Glob::new(pattern)
        .to_ascii_lowercase()
        .matches(&action.to_ascii_lowercase())
}

/// The size AWS compares with its policy size quotas: every character except whitespace.
/// The caller compares it with the quota that applies (managed 6144, user inline 2048,
/// group inline 5120, role inline 10240, trust policy 2048 by default).
pub fn size_without_whitespace(document: &str) -> usize {
    document.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_ignores_whitespace() {
        assert_eq!(size_without_whitespace("{ \"a\" :\n\t1 }"), 7);
    }

    #[test]
    fn action_patterns_match_case_insensitively() {
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(action_matches("STS:assume*", "sts:AssumeRole"));
        assert!(action_matches("o*ns", "organizations"));
        assert!(!action_matches("iam", "iam:GetUser"));
        assert!(!action_matches("s?s", "sts:x"));
    }

    #[test]
    fn policy_is_shareable() {
        fn check<T: Clone + std::fmt::Debug + Send + Sync>() {}
        check::<Policy>();
    }
}
