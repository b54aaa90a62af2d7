//! The compiled policy: statements with their Effect, Principal, Action, Resource and Condition
//! elements ready to match a request; IAM User Guide reference_policies_elements.md.

use crate::arn::ArnPattern;
use crate::condition::ConditionBlock;
use crate::context::{ContextKeys, PrincipalRef, RequestContext};
use crate::glob::Glob;

/// Which rules a document is validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to a user, group or role (and boundaries, session policies): no `Principal`.
    Identity,
    /// Attached to a resource, e.g. a role trust policy: every statement names a `Principal`.
    Resource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

/// A 1-based line and column (in characters) in the policy source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a statement sits in its document: `start` is its `{`, `end` its `}` (inclusive), as
/// SimulatePolicy's `MatchedStatements` report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatementPosition {
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

/// A statement's `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalElement {
    negated: bool,
    /// `"Principal": "*"`: everyone, anonymous callers included.
    everyone: bool,
    entries: Vec<(PrincipalType, String)>,
}

/// How a resource-based statement named the caller, which decides what else must allow
/// (reference_policies_evaluation-logic.md, "Resource-based policies").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grant {
    /// The caller's account (`123456789012` or `…:root`): its identity policies must allow too.
    Account,
    /// The role of the calling session: still limited by boundaries and session policies.
    Role,
    /// The caller itself (user, session, service, `*`): enough on its own in the same account.
    Direct,
}

impl PrincipalElement {
    pub(crate) fn new(
        negated: bool,
        everyone: bool,
        entries: Vec<(PrincipalType, String)>,
    ) -> Self {
        PrincipalElement {
            negated,
            everyone,
            entries,
        }
    }

    /// `NotPrincipal` rather than `Principal`.
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    pub fn is_everyone(&self) -> bool {
        self.everyone
    }

    /// The named principals, e.g. `(Aws, "arn:aws:iam::123456789012:root")`.
    pub fn entries(&self) -> &[(PrincipalType, String)] {
        &self.entries
    }

    pub(crate) fn grant(&self, caller: Option<&PrincipalRef>) -> Option<Grant> {
        let named = if self.everyone {
            Some(Grant::Direct)
        } else {
            caller.and_then(|caller| {
                self.entries
                    .iter()
                    .filter_map(|e| entry_grant(e, caller))
                    .max()
            })
        };
        match (self.negated, named) {
            (false, named) => named,
            // Allowing or denying "everyone but these" reaches the caller directly.
            (true, None) => Some(Grant::Direct),
            (true, Some(_)) => None,
        }
    }
}

fn entry_grant((kind, value): &(PrincipalType, String), caller: &PrincipalRef) -> Option<Grant> {
    match (kind, caller) {
        (
            PrincipalType::Aws,
            PrincipalRef::Aws {
                arn,
                account_id,
                role_arn,
            },
        ) => {
            if value == "*" || value == arn {
                Some(Grant::Direct)
            } else if role_arn.as_deref() == Some(value.as_str()) {
                Some(Grant::Role)
            } else if value == account_id || is_account_root(value, account_id) {
                Some(Grant::Account)
            } else {
                None
            }
        }
        (PrincipalType::Service, PrincipalRef::Service(name)) => {
            value.eq_ignore_ascii_case(name).then_some(Grant::Direct)
        }
        (PrincipalType::Federated, PrincipalRef::Federated(name))
        | (PrincipalType::CanonicalUser, PrincipalRef::CanonicalUser(name)) => {
            (value == name).then_some(Grant::Direct)
        }
        _ => None,
    }
}

/// `arn:<partition>:iam::<account>:root`
fn is_account_root(value: &str, account_id: &str) -> bool {
    let mut parts = value.split(':');
    parts.next() == Some("arn")
        && parts.next().is_some()
        && parts.next() == Some("iam")
        && parts.next() == Some("")
        && parts.next() == Some(account_id)
        && parts.next() == Some("root")
        && parts.next().is_none()
}

/// One `Action`/`NotAction` pattern, lowercased once: actions match case-insensitively.
#[derive(Debug, Clone)]
pub(crate) struct ActionElement {
    pub(crate) negated: bool,
    pub(crate) patterns: Vec<Glob>,
}

impl ActionElement {
    /// `action` is ASCII-lowercased, like the patterns.
    fn matches(&self, action: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(action)) != self.negated
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ResourceElement {
    pub(crate) negated: bool,
    pub(crate) patterns: Vec<ArnPattern>,
}

impl ResourceElement {
    fn matches(&self, resource: &str, context: &ContextKeys) -> bool {
        self.patterns.iter().any(|p| p.matches(resource, context)) != self.negated
    }
}

/// One statement of a policy.
#[derive(Debug, Clone)]
pub struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) principal: Option<PrincipalElement>,
    pub(crate) action: ActionElement,
    /// `None` where the element is absent (trust policies): the statement covers the resource
    /// the policy is attached to.
    pub(crate) resource: Option<ResourceElement>,
    pub(crate) conditions: Vec<ConditionBlock>,
    pub(crate) position: StatementPosition,
}

/// The outcome of matching one statement against a request.
pub(crate) enum StatementMatch {
    No,
    /// Applies; for resource-based policies with how the principal was named.
    Yes(Option<Grant>),
}

impl Statement {
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    pub fn effect(&self) -> Effect {
        self.effect
    }

    pub fn principal(&self) -> Option<&PrincipalElement> {
        self.principal.as_ref()
    }

    pub fn position(&self) -> StatementPosition {
        self.position
    }

    /// Action first: it is the cheapest test and rejects most statements. `action` is the
    /// request's action ASCII-lowercased once for all statements.
    pub(crate) fn matches(
        &self,
        request: &RequestContext,
        action: &str,
        missing: &mut Vec<String>,
    ) -> StatementMatch {
        if !self.action.matches(action) {
            return StatementMatch::No;
        }
        if let Some(resource) = &self.resource
            && !resource.matches(&request.resource, &request.context)
        {
            return StatementMatch::No;
        }
        let grant = match &self.principal {
            Some(principal) => match principal.grant(request.principal.as_ref()) {
                Some(grant) => Some(grant),
                None => return StatementMatch::No,
            },
            None => None,
        };
        if self
            .conditions
            .iter()
            .all(|c| c.holds(&request.context, missing))
        {
            StatementMatch::Yes(grant)
        } else {
            StatementMatch::No
        }
    }
}

/// A parsed and compiled policy document. Build it with [`crate::parse_policy`].
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) version: &'static str,
    pub(crate) id: Option<String>,
    pub(crate) statements: Vec<Statement>,
}

impl Policy {
    /// `2012-10-17` or `2008-10-17` (also for documents without a Version, which mean 2008).
    pub fn version(&self) -> &str {
        self.version
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// The condition keys and variables the policy reads, as first written, each once
    /// (compared case-insensitively): the answer of GetContextKeysForCustomPolicy.
    pub fn context_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        let mut add = |key: &str| {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                keys.push(key.to_string());
            }
        };
        for statement in &self.statements {
            if let Some(resource) = &statement.resource {
                resource
                    .patterns
                    .iter()
                    .flat_map(|p| p.template().variable_keys())
                    .for_each(&mut add);
            }
            statement
                .conditions
                .iter()
                .flat_map(ConditionBlock::keys)
                .for_each(&mut add);
        }
        keys
    }
}
