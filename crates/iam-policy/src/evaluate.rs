//! Deciding a request against every policy that applies: explicit deny anywhere wins, RCPs, SCPs,
//! permissions boundaries and session policies cap, identity- or resource-based policies grant.
//! IAM User Guide reference_policies_evaluation-logic.md ("Determining whether a request is allowed
//! or denied within an account"; the current guide's order: deny evaluation, Organizations RCPs,
//! Organizations SCPs, resource-based, identity-based, boundaries, session policies) and
//! reference_policies_evaluation-logic-cross-account.md.

use crate::context::RequestContext;
use crate::policy::{ActionService, Effect, Grant, Policy, StatementMatch, StatementPosition};

/// The role a policy plays in a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyType {
    Identity,
    Resource,
    PermissionsBoundary,
    Session,
    Scp,
    /// An Organizations resource control policy of the resource's account.
    Rcp,
}

impl PolicyType {
    /// As AWS names it in AccessDenied messages: `identity-based policy`, …
    pub fn description(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity-based policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::Scp => "service control policy",
            PolicyType::Rcp => "resource control policy",
        }
    }
}

/// A policy taking part in a decision, with the name reported for its matched statements
/// (a managed policy's ARN or an inline policy's name). Its role is given by the list of
/// [`EvaluationInput`] it is placed in.
#[derive(Debug, Clone, Copy)]
pub struct PolicyRef<'a> {
    pub policy: &'a Policy,
    pub name: &'a str,
}

/// Every policy that applies to one request.
#[derive(Debug, Clone)]
pub struct EvaluationInput<'a> {
    /// The principal's policies: inline and attached, its groups' for a user.
    pub identity: Vec<PolicyRef<'a>>,
    /// The resource's policies, e.g. a role's trust policy for `sts:AssumeRole`.
    pub resource: Vec<PolicyRef<'a>>,
    /// `None` when the principal has no permissions boundary.
    pub boundary: Option<Vec<PolicyRef<'a>>>,
    /// `None` when no session policy was passed, or for a principal that is not a session.
    /// `Some(vec![])` for a federated user session created without one (which allows nothing).
    pub session: Option<Vec<PolicyRef<'a>>>,
    /// `None` outside an organization; otherwise one set per level from the root to the account,
    /// each of which must allow.
    pub scps: Option<Vec<Vec<PolicyRef<'a>>>>,
    /// The resource control policies of the resource's account, one set per level from the root
    /// to that account, each of which must allow: `None` where no RCP applies (the resource's
    /// account is in no organization with RCPs enabled, is its management account, or the
    /// action's service does not support RCPs). Their statements all name `Principal: "*"`.
    pub rcps: Option<Vec<Vec<PolicyRef<'a>>>>,
    /// Principal and resource in the same account: then either an identity- or a resource-based
    /// policy suffices; across accounts both must allow.
    pub same_account: bool,
}

impl EvaluationInput<'_> {
    /// Whether any policy here reads the resource's tags: if none does, the caller need not
    /// look them up for the request context.
    pub fn reads_resource_tags(&self) -> bool {
        let scps = self.scps.iter().flatten().flatten();
        let rcps = self.rcps.iter().flatten().flatten();
        self.identity
            .iter()
            .chain(&self.resource)
            .chain(self.boundary.iter().flatten())
            .chain(self.session.iter().flatten())
            .chain(scps)
            .chain(rcps)
            .any(|p| p.policy.reads_resource_tags())
    }
}

impl Default for EvaluationInput<'_> {
    /// No policies, same account: the case of an IAM or STS call on the caller's own account.
    fn default() -> Self {
        EvaluationInput {
            identity: Vec::new(),
            resource: Vec::new(),
            boundary: None,
            session: None,
            scps: None,
            rcps: None,
            same_account: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

/// Why a request was denied, as AccessDenied messages tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DenyReason {
    ExplicitDeny(PolicyType),
    NoIdentityPolicyAllows,
    NoResourcePolicyAllows,
    NoBoundaryAllows,
    NoScpAllows,
    NoRcpAllows,
    NoSessionPolicyAllows,
}

impl DenyReason {
    /// The clause AWS appends to `User: … is not authorized to perform: … on resource: …`,
    /// e.g. `because no identity-based policy allows the iam:CreateUser action`.
    pub fn describe(self, action: &str) -> String {
        let no =
            |t: PolicyType| format!("because no {} allows the {action} action", t.description());
        match self {
            DenyReason::ExplicitDeny(t) => {
                let article = if t == PolicyType::Identity { "an" } else { "a" };
                format!("with an explicit deny in {article} {}", t.description())
            }
            DenyReason::NoIdentityPolicyAllows => no(PolicyType::Identity),
            DenyReason::NoResourcePolicyAllows => no(PolicyType::Resource),
            DenyReason::NoBoundaryAllows => no(PolicyType::PermissionsBoundary),
            DenyReason::NoScpAllows => no(PolicyType::Scp),
            DenyReason::NoRcpAllows => no(PolicyType::Rcp),
            DenyReason::NoSessionPolicyAllows => no(PolicyType::Session),
        }
    }
}

/// A statement that applied to the request (its action, resource, principal and conditions all
/// matched), whatever its effect. Borrows from the [`EvaluationInput`]: a decision allocates no
/// string per matched statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedStatement<'a> {
    pub policy_type: PolicyType,
    /// [`PolicyRef::name`].
    pub policy_name: &'a str,
    /// Index in [`Policy::statements`].
    pub statement_index: usize,
    pub sid: Option<&'a str>,
    pub effect: Effect,
    pub position: StatementPosition,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationResult<'a> {
    pub decision: Decision,
    pub matched: Vec<MatchedStatement<'a>>,
    /// Set exactly when the decision is not `Allow`.
    pub denied_by: Option<DenyReason>,
    /// Condition keys and variables the matching statements read that the request lacked
    /// (SimulatePolicy's `MissingContextValues`).
    pub missing_context_keys: Vec<String>,
    /// Whether the Organizations policies (SCPs and RCPs) allow the request: no explicit deny in
    /// them and an allow at every level. `None` when neither applies (SimulatePolicy's
    /// `OrganizationsDecisionDetail`).
    pub organizations_allow: Option<bool>,
}

/// What one set of policies said.
#[derive(Debug, Clone, Copy, Default)]
struct SetOutcome {
    allow: bool,
    deny: bool,
    /// For resource-based policies: the strongest way an allowing statement named the caller.
    grant: Option<Grant>,
}

struct Scan<'r, 'a> {
    request: &'r RequestContext,
    /// Actions match case-insensitively: lowercased once here, and in the patterns at parse.
    action: &'r str,
    /// The action's service prefix: the policies' action indexes are keyed by it.
    service: Option<ActionService<'r>>,
    matched: Vec<MatchedStatement<'a>>,
    missing: Vec<String>,
}

impl<'a> Scan<'_, 'a> {
    fn set(&mut self, kind: PolicyType, policies: &[PolicyRef<'a>]) -> SetOutcome {
        let mut outcome = SetOutcome::default();
        for policy in policies {
            for (index, statement) in policy.policy.statements_for(self.service.as_ref()) {
                let StatementMatch::Yes(grant) =
                    statement.matches(self.request, self.action, &mut self.missing)
                else {
                    continue;
                };
                match statement.effect() {
                    Effect::Deny => outcome.deny = true,
                    Effect::Allow => {
                        outcome.allow = true;
                        outcome.grant = outcome.grant.max(Some(grant.unwrap_or(Grant::Direct)));
                    }
                }
                if self.matched.capacity() == 0 {
                    // One allocation for the usual handful of matches rather than regrowing.
                    self.matched.reserve(16);
                }
                self.matched.push(MatchedStatement {
                    policy_type: kind,
                    policy_name: policy.name,
                    statement_index: index,
                    sid: statement.sid(),
                    effect: statement.effect(),
                    position: statement.position(),
                });
            }
        }
        outcome
    }
}

/// Decides `request` against `input`.
pub fn evaluate<'a>(request: &RequestContext, input: &EvaluationInput<'a>) -> EvaluationResult<'a> {
    with_ascii_lowercase(&request.action, |action| scan_all(request, action, input))
}

/// Calls `f` with `text` ASCII-lowercased, on the stack when it is short (as actions are).
fn with_ascii_lowercase<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut inline = [0u8; 128];
    if let Some(buf) = inline.get_mut(..text.len()) {
        buf.copy_from_slice(text.as_bytes());
        buf.make_ascii_lowercase();
        // INVARIANT: ASCII lowercasing keeps UTF-8 valid, so this is always `Ok`.
        if let Ok(lowered) = std::str::from_utf8(buf) {
            return f(lowered);
        }
    }
    f(&text.to_ascii_lowercase())
}

fn scan_all<'a>(
    request: &RequestContext,
    action: &str,
    input: &EvaluationInput<'a>,
) -> EvaluationResult<'a> {
    let mut scan = Scan {
        request,
        action,
        service: ActionService::of(action),
        matched: Vec::new(),
        missing: Vec::new(),
    };
    let scps: Vec<SetOutcome> = input
        .scps
        .iter()
        .flatten()
        .map(|level| scan.set(PolicyType::Scp, level))
        .collect();
    let rcps: Vec<SetOutcome> = input
        .rcps
        .iter()
        .flatten()
        .map(|level| scan.set(PolicyType::Rcp, level))
        .collect();
    let identity = scan.set(PolicyType::Identity, &input.identity);
    let resource = scan.set(PolicyType::Resource, &input.resource);
    let boundary = input
        .boundary
        .as_ref()
        .map(|b| scan.set(PolicyType::PermissionsBoundary, b));
    let session = input
        .session
        .as_ref()
        .map(|s| scan.set(PolicyType::Session, s));

    let organizations_allow = (input.scps.is_some() || input.rcps.is_some())
        .then(|| scps.iter().chain(&rcps).all(|s| s.allow && !s.deny));
    let denied_by = decide(
        input.same_account,
        &rcps,
        &scps,
        identity,
        resource,
        boundary,
        session,
    );
    let decision = match denied_by {
        None => Decision::Allow,
        Some(DenyReason::ExplicitDeny(_)) => Decision::ExplicitDeny,
        Some(_) => Decision::ImplicitDeny,
    };
    EvaluationResult {
        decision,
        matched: scan.matched,
        denied_by,
        missing_context_keys: scan.missing,
        organizations_allow,
    }
}

/// The flow chart of reference_policies_evaluation-logic.md, returning why a request is denied.
fn decide(
    same_account: bool,
    rcps: &[SetOutcome],
    scps: &[SetOutcome],
    identity: SetOutcome,
    resource: SetOutcome,
    boundary: Option<SetOutcome>,
    session: Option<SetOutcome>,
) -> Option<DenyReason> {
    // 1. An explicit deny in any policy is final.
    let denies = [
        (rcps.iter().any(|s| s.deny), PolicyType::Rcp),
        (scps.iter().any(|s| s.deny), PolicyType::Scp),
        (identity.deny, PolicyType::Identity),
        (resource.deny, PolicyType::Resource),
        (
            boundary.is_some_and(|b| b.deny),
            PolicyType::PermissionsBoundary,
        ),
        (session.is_some_and(|s| s.deny), PolicyType::Session),
    ];
    if let Some((_, kind)) = denies.iter().find(|(deny, _)| *deny) {
        return Some(DenyReason::ExplicitDeny(*kind));
    }
    // 2. Every level of the resource's RCPs must allow (RCPFullAWSAccess, which cannot be
    // detached, allows at every level).
    if rcps.iter().any(|s| !s.allow) {
        return Some(DenyReason::NoRcpAllows);
    }
    // 3. Every level of the principal's SCPs must allow.
    if scps.iter().any(|s| !s.allow) {
        return Some(DenyReason::NoScpAllows);
    }
    let boundary_allows = boundary.is_none_or(|b| b.allow);
    let session_allows = session.is_none_or(|s| s.allow);
    // 4. Same account: a resource-based policy naming the caller itself is enough; naming the
    // caller's role is still capped by boundary and session policy; naming the account defers
    // to the identity-based policies.
    if same_account {
        match resource.grant {
            Some(Grant::Direct) => return None,
            Some(Grant::Role) if !boundary_allows => return Some(DenyReason::NoBoundaryAllows),
            Some(Grant::Role) if !session_allows => return Some(DenyReason::NoSessionPolicyAllows),
            Some(Grant::Role) => return None,
            Some(Grant::Account) | None => {}
        }
    } else if !resource.allow {
        // Across accounts the resource's account must grant too.
        return Some(DenyReason::NoResourcePolicyAllows);
    }
    // 5.-7. Identity-based policies must allow, within the boundary and the session policy.
    if !identity.allow {
        return Some(DenyReason::NoIdentityPolicyAllows);
    }
    if !boundary_allows {
        return Some(DenyReason::NoBoundaryAllows);
    }
    if !session_allows {
        return Some(DenyReason::NoSessionPolicyAllows);
    }
    None
}
