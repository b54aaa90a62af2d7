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
    /// Attached to a resource: every statement names a `Principal`.
    Resource,
    /// A role's trust policy: a resource policy whose statements name no resource and allow
    /// only the STS actions that use a role (AssumeRole*, TagSession, SetSourceIdentity,
    /// SetContext).
    Trust,
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
            } else if value == account_id || is_account_root(value, account_id, arn) {
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

/// `arn:<partition>:iam::<account>:root`, in the caller's partition (that of `caller_arn`,
/// when it is an ARN): accounts trust each other only within a partition (IAM User Guide:
/// id_roles_compare-resource-policies), so `arn:aws:iam::ACCOUNT:root` does not name the
/// account's `aws-cn` namesake.
fn is_account_root(value: &str, account_id: &str, caller_arn: &str) -> bool {
    let caller_partition = caller_arn
        .strip_prefix("arn:")
        .and_then(|r| r.split(':').next());
    let mut parts = value.split(':');
    parts.next() == Some("arn")
        && parts
            .next()
            .is_some_and(|p| caller_partition.is_none_or(|c| c == p))
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

    /// `NotAction` rather than `Action`.
    pub fn is_not_action(&self) -> bool {
        self.action.negated
    }

    /// The patterns of the `Action` (or `NotAction`) element in document order, as they match:
    /// ASCII-lowercased (actions are case-insensitive), runs of `*` collapsed. Compare them with
    /// [`crate::action_matches`].
    pub fn action_patterns(&self) -> impl Iterator<Item = String> + '_ {
        self.action.patterns.iter().filter_map(Glob::pattern)
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
    pub(crate) action_index: ActionIndex,
    /// Whether a condition or variable reads `aws:ResourceTag/…` or `iam:ResourceTag/…`.
    pub(crate) reads_resource_tags: bool,
}

/// Which statements can match an action of a given service, so a decision visits only those: a
/// user's hundred statements typically name a handful of services each.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActionIndex {
    /// Each service prefix named (lowercased) with its hash and the statements naming it,
    /// ascending. A policy names few services: a scan comparing hashes first beats a search.
    by_service: Vec<(u64, Box<str>, Vec<u32>)>,
    /// Statements that can match an action of any service, ascending: `NotAction`, or an
    /// `Action` pattern whose service part has a wildcard (`*`, `iam*:…`).
    any_service: Vec<u32>,
    statements: u32,
}

impl ActionIndex {
    /// One item per statement: its `Action` patterns, or `None` for a `NotAction` statement.
    pub(crate) fn build<'a, S, P>(statements: S) -> Self
    where
        S: Iterator<Item = Option<P>>,
        P: Iterator<Item = &'a str>,
    {
        let mut index = ActionIndex::default();
        for (i, patterns) in statements.enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            index.statements = i.saturating_add(1);
            let Some(patterns) = patterns else {
                index.any_service.push(i);
                continue;
            };
            for pattern in patterns {
                match pattern.split_once(':') {
                    Some((service, _)) if !service.contains(['*', '?']) => {
                        let lowercase = service.to_ascii_lowercase();
                        let service = ActionService::new(&lowercase);
                        let at = match index.position(&service) {
                            Some(at) => at,
                            None => {
                                let ActionService { name, hash } = service;
                                index.by_service.push((hash, name.into(), Vec::new()));
                                index.by_service.len() - 1
                            }
                        };
                        let list = &mut index.by_service[at].2;
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                    _ => {
                        if index.any_service.last() != Some(&i) {
                            index.any_service.push(i);
                        }
                    }
                }
            }
        }
        index
    }

    fn position(&self, service: &ActionService<'_>) -> Option<usize> {
        self.by_service
            .iter()
            .position(|(hash, name, _)| *hash == service.hash && **name == *service.name)
    }

    /// The statements that can match an action of `service` (`None`: an action without a
    /// service prefix), each once, in document order.
    pub(crate) fn candidates(&self, service: Option<&ActionService<'_>>) -> Candidates<'_> {
        let Some(service) = service else {
            return Candidates::All(0..self.statements);
        };
        let named = self
            .position(service)
            .map_or(&[][..], |at| &self.by_service[at].2[..]);
        Candidates::Merge(named, &self.any_service)
    }
}

/// The service prefix of a request's action (`iam` of `iam:getuser`), hashed once per decision.
pub(crate) struct ActionService<'a> {
    name: &'a str,
    hash: u64,
}

impl<'a> ActionService<'a> {
    /// `name` is lowercased.
    pub(crate) fn new(name: &'a str) -> Self {
        ActionService {
            name,
            hash: crate::context::fnv1a(name.as_bytes()),
        }
    }

    /// The service of a lowercased action, if it has one.
    pub(crate) fn of(action: &'a str) -> Option<Self> {
        action
            .split_once(':')
            .map(|(service, _)| Self::new(service))
    }
}

/// Statement indices in ascending order (see `ActionIndex::candidates`).
pub(crate) enum Candidates<'a> {
    All(std::ops::Range<u32>),
    Merge(&'a [u32], &'a [u32]),
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let next = match self {
            Candidates::All(range) => range.next()?,
            Candidates::Merge(a, b) => {
                let next = match (a.first().copied(), b.first().copied()) {
                    (None, None) => return None,
                    (Some(x), None) => x,
                    (None, Some(y)) => y,
                    (Some(x), Some(y)) => x.min(y),
                };
                // Advance both lists past it: a statement may be in both.
                for list in [a, b] {
                    if list.first() == Some(&next) {
                        *list = &list[1..];
                    }
                }
                next
            }
        };
        usize::try_from(next).ok()
    }
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

    /// Whether the policy reads the resource's tags (`aws:ResourceTag/…`, `iam:ResourceTag/…`)
    /// in a condition or variable: callers may skip looking them up for policies that do not.
    pub fn reads_resource_tags(&self) -> bool {
        self.reads_resource_tags
    }

    pub(crate) fn compute_reads_resource_tags(&mut self) {
        self.reads_resource_tags = self.context_keys().iter().any(|key| {
            let key = key.to_ascii_lowercase();
            key.starts_with("aws:resourcetag/") || key.starts_with("iam:resourcetag/")
        });
    }

    /// The statements whose `Action`/`NotAction` can match an action of `service` (see
    /// `ActionService::of`), with their indices, in document order.
    pub(crate) fn statements_for(
        &self,
        service: Option<&ActionService<'_>>,
    ) -> impl Iterator<Item = (usize, &Statement)> {
        self.action_index
            .candidates(service)
            .filter_map(|i| self.statements.get(i).map(|s| (i, s)))
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

#[cfg(test)]
mod tests {
    use super::ActionService;
    use crate::{PolicyKind, parse_policy};

    #[test]
    fn action_index_yields_every_statement_that_can_match_once_in_order() {
        let doc = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"iam:Get*","Resource":"*"},
            {"Effect":"Allow","Action":["s3:*","iam:List*","IAM:CreateUser"],"Resource":"*"},
            {"Effect":"Deny","NotAction":"iam:*","Resource":"*"},
            {"Effect":"Allow","Action":"*","Resource":"*"},
            {"Effect":"Allow","Action":["iam:Get*","iam:GetUser"],"Resource":"*"},
            {"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},
            {"Effect":"Allow","Action":"Iam:CreateUser","Resource":"*"}]}"#;
        let policy = parse_policy(doc, PolicyKind::Identity).expect("valid");
        for action in [
            "iam:getuser",
            "iam:createuser",
            "s3:getobject",
            "ec2:describeinstances",
            "sts:assumerole",
            "kms:",
            "no-service",
        ] {
            let service = ActionService::of(action);
            let candidates: Vec<usize> = policy
                .statements_for(service.as_ref())
                .map(|(i, _)| i)
                .collect();
            let mut sorted = candidates.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(candidates, sorted, "{action}: ascending, each once");
            for (i, s) in policy.statements().iter().enumerate() {
                if s.action.matches(action) {
                    assert!(candidates.contains(&i), "{action}: statement {i} missed");
                }
            }
        }
        let ids = |a| {
            let service = ActionService::of(a);
            let ids = policy.statements_for(service.as_ref()).map(|(i, _)| i);
            ids.collect::<Vec<_>>()
        };
        assert_eq!(ids("iam:getuser"), [0, 1, 2, 3, 4, 6]);
        assert_eq!(ids("s3:getobject"), [1, 2, 3]);
        assert_eq!(ids("no-service"), [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn action_patterns_read_back_as_they_match() {
        let doc = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["IAM:Get*","s3:**Object","sts:Assume?ole"],"Resource":"*"},
            {"Effect":"Deny","NotAction":"*","Resource":"*"}]}"#;
        let policy = parse_policy(doc, PolicyKind::Identity).expect("valid");
        let [allow, deny] = policy.statements() else {
            panic!("two statements")
        };
        assert!(!allow.is_not_action());
        assert_eq!(
            allow.action_patterns().collect::<Vec<_>>(),
            ["iam:get*", "s3:*object", "sts:assume?ole"]
        );
        assert!(deny.is_not_action());
        assert_eq!(deny.action_patterns().collect::<Vec<_>>(), ["*"]);
    }

    #[test]
    fn an_account_root_principal_names_the_account_in_its_own_partition_only() {
        use super::is_account_root;
        let root = "arn:aws-cn:iam::111122223333:root";
        assert!(is_account_root(
            root,
            "111122223333",
            "arn:aws-cn:iam::111122223333:user/a"
        ));
        assert!(!is_account_root(
            root,
            "111122223333",
            "arn:aws:iam::111122223333:user/a"
        ));
        assert!(!is_account_root(
            root,
            "444455556666",
            "arn:aws-cn:iam::444455556666:user/a"
        ));
        // A caller named by unique ID (a session of a deleted role) has no partition to compare.
        assert!(is_account_root(root, "111122223333", "AROAEXAMPLE:s"));
    }
}
