//! Policy simulation: SimulatePrincipalPolicy, SimulateCustomPolicy,
//! GetContextKeysForPrincipalPolicy, GetContextKeysForCustomPolicy (IAM User Guide:
//! access_policies_testing-policies; API Reference: SimulatePrincipalPolicy, EvaluationResult).
//! Decisions come from `iam_policy::evaluate` over the policies `authz` gathers, so a simulation
//! answers what enforcement would do with the same policies and context.
//!
//! The simulator fills only the keys that describe the simulated caller (aws:username,
//! aws:PrincipalTag/…, aws:PrincipalOrgID…); everything else about a request (source IP, time,
//! MFA, …) comes from `ContextEntries`, as AWS's simulator "doesn't consider real context key
//! values".
//!
//! Organizations policies take part as in enforcement: the SCPs of the simulated principal's
//! account, and the RCPs of the resource's account when that account is in the same
//! organization (another organization's policies are not disclosed), reported in
//! `OrganizationsDecisionDetail`.
use super::*;
use crate::authz::{
    GatheredPolicy, PolicySource, group_policies, managed, role_policies, set_principal_keys,
};
use crate::entities::User;
use crate::organizations::{OrgState, rcp_governs};
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;
use iam_policy::{
    ContextKeys, Decision, Effect, EvaluationInput, MatchedStatement, Policy, PolicyKind,
    PolicyRef, PolicyType, PrincipalRef, RequestContext, evaluate, parse_policy,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The members a simulation is resolved from, shared by the four simulation requests
/// (GetContextKeysFor* carry only the policy source and the policy list).
#[derive(Default)]
struct SimulationRequest<'a> {
    /// `PolicySourceArn`: the *Principal* variants.
    policy_source_arn: Option<&'a str>,
    policy_input_list: &'a [String],
    permissions_boundary_policy_input_list: &'a [String],
    resource_policy: Option<&'a str>,
    caller_arn: Option<&'a str>,
    resource_owner: Option<&'a str>,
    context_entries: &'a [api::ContextEntry],
    /// `ResourceArns`: the accounts whose RCPs may take part.
    resource_arns: &'a [String],
}

impl<'a> SimulationRequest<'a> {
    fn principal(input: &'a api::SimulatePrincipalPolicyRequest) -> Self {
        Self {
            policy_source_arn: Some(&input.policy_source_arn),
            policy_input_list: input.policy_input_list.as_deref().unwrap_or_default(),
            permissions_boundary_policy_input_list: input
                .permissions_boundary_policy_input_list
                .as_deref()
                .unwrap_or_default(),
            resource_policy: input.resource_policy.as_deref(),
            caller_arn: input.caller_arn.as_deref(),
            resource_owner: input.resource_owner.as_deref(),
            context_entries: input.context_entries.as_deref().unwrap_or_default(),
            resource_arns: input.resource_arns.as_deref().unwrap_or_default(),
        }
    }

    fn custom(input: &'a api::SimulateCustomPolicyRequest) -> Self {
        Self {
            policy_source_arn: None,
            policy_input_list: &input.policy_input_list,
            permissions_boundary_policy_input_list: input
                .permissions_boundary_policy_input_list
                .as_deref()
                .unwrap_or_default(),
            resource_policy: input.resource_policy.as_deref(),
            caller_arn: input.caller_arn.as_deref(),
            resource_owner: input.resource_owner.as_deref(),
            context_entries: input.context_entries.as_deref().unwrap_or_default(),
            resource_arns: input.resource_arns.as_deref().unwrap_or_default(),
        }
    }
}

/// A policy taking part in a simulation, with the identity AWS reports for its statements.
struct SimPolicy {
    /// `SourcePolicyId`: an inline policy's name, a managed policy's name, `PolicyInputList.1`.
    id: String,
    /// `SourcePolicyType`.
    kind: &'static str,
    policy: Arc<Policy>,
    /// Unique within the simulation; the name the evaluator reports matches under.
    key: String,
}

/// What `PolicySourceArn` names.
enum Source<'a> {
    User(&'a User),
    Group(&'a crate::entities::Group),
    Role(&'a crate::entities::Role),
}

/// One organization policy taking part in a simulation (its ID is what AWS would name).
struct OrgSimPolicy {
    id: String,
    policy: Arc<Policy>,
}

/// Organizations policies by level, root first.
type OrgLevels = Vec<Vec<OrgSimPolicy>>;

fn org_levels(levels: Option<Vec<Vec<PolicyRef<'_>>>>, o: &OrgState) -> Option<OrgLevels> {
    // Policy names are unique in an organization: the name leads back to the record.
    let by_name: std::collections::HashMap<&str, &str> = o
        .policies
        .values()
        .map(|p| (p.name.as_str(), p.id.as_str()))
        .collect();
    let levels = levels?
        .into_iter()
        .map(|level| {
            level
                .into_iter()
                .filter_map(|r| {
                    let id = by_name.get(r.name)?;
                    Some(OrgSimPolicy {
                        id: id.to_string(),
                        policy: o.compiled.get(*id)?.clone(),
                    })
                })
                .collect()
        })
        .collect();
    Some(levels)
}

/// Everything a simulation evaluates, resolved from the input once.
struct Simulation {
    identity: Vec<SimPolicy>,
    /// `None`: no permissions boundary in play.
    boundary: Option<Vec<SimPolicy>>,
    resource: Vec<SimPolicy>,
    /// The simulated caller, for resource-based policies' `Principal`.
    caller: Option<PrincipalRef>,
    caller_account: String,
    resource_owner: Option<String>,
    context: ContextKeys,
    /// Whether the simulated principal's account is in an organization: then each result
    /// carries `OrganizationsDecisionDetail`.
    in_organization: bool,
    /// The SCPs of the simulated principal's account (`None`: none apply).
    scps: Option<OrgLevels>,
    /// Resource account → its RCP levels, for the accounts of the simulated resources in the
    /// principal's own organization whose resources RCPs govern. Empty for a service-linked
    /// role, which RCPs never restrict.
    rcps: std::collections::HashMap<String, OrgLevels>,
}

fn source_type(source: PolicySource) -> &'static str {
    match source {
        PolicySource::UserInline => "user",
        PolicySource::GroupInline => "group",
        PolicySource::RoleInline => "role",
        PolicySource::AwsManaged => "aws-managed",
        // AWS-recorded (2026): a customer managed policy attached to a user, group or role is
        // reported as "IAM Policy" (test_iam.snapshot.json `test_simulate_principle_policy`);
        // the model's enum still lists "user-managed".
        PolicySource::CustomerManaged => "IAM Policy",
    }
}

/// A managed policy's name from its ARN (`…:policy/path/Name` → `Name`).
fn policy_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn gathered(list: Vec<GatheredPolicy>, out: &mut Vec<SimPolicy>) {
    for g in list {
        let id = match g.source {
            PolicySource::UserInline | PolicySource::GroupInline | PolicySource::RoleInline => {
                g.name
            }
            PolicySource::AwsManaged | PolicySource::CustomerManaged => {
                policy_name(&g.name).to_string()
            }
        };
        let key = out.len().to_string();
        out.push(SimPolicy {
            id,
            kind: source_type(g.source),
            policy: g.policy,
            key,
        });
    }
}

/// A simulated document that breaks AWS's policy grammar: the simulator answers InvalidInput
/// (HTTP 400) with the grammar's text, where CreatePolicy would answer MalformedPolicyDocument.
/// The models of SimulateCustomPolicy, SimulatePrincipalPolicy and GetContextKeysFor*Policy list
/// only InvalidInput and PolicyEvaluation (a 500, for a policy that cannot be evaluated), and
/// callers rely on InvalidInput to reject a malformed document (HumanCellAtlas/fusillade
/// `verify_iam_policy` validates policies with SimulateCustomPolicy and catches
/// InvalidInputException). AWS's exact text for this case is not recorded.
fn malformed_input(e: iam_policy::PolicyError) -> IamError {
    match e {
        iam_policy::PolicyError::Malformed(msg) => IamError::invalid_input(msg),
    }
}

/// `PolicyInputList` and `PermissionsBoundaryPolicyInputList`: documents checked with AWS's
/// policy grammar (`malformed_input`), reported as `<List>.<n>` (1-based).
fn input_policies(
    documents: &[String],
    list: &str,
    kind: PolicyKind,
    out: &mut Vec<SimPolicy>,
) -> IamResult<()> {
    for (i, doc) in documents.iter().enumerate() {
        let policy = parse_policy(doc, kind).map_err(malformed_input)?;
        let key = format!("{list}#{}", out.len());
        out.push(SimPolicy {
            id: format!("{list}.{}", i + 1),
            kind: "none",
            policy: Arc::new(policy),
            key,
        });
    }
    Ok(())
}

/// An entity's permissions boundary, if it has one (a boundary that no longer resolves
/// allows nothing, as in enforcement).
fn attached_boundary(acct: &AccountState, arn: Option<&str>) -> Option<Vec<SimPolicy>> {
    let arn = arn?;
    let mut list = Vec::new();
    if let Some(policy) = managed(acct, arn) {
        let kind = if crate::arns::is_aws_managed_policy(arn) {
            PolicySource::AwsManaged
        } else {
            PolicySource::CustomerManaged
        };
        list.push(SimPolicy {
            id: policy_name(arn).to_string(),
            kind: source_type(kind),
            policy,
            key: "boundary".into(),
        });
    }
    Some(list)
}

/// An IAM ARN's parts: `arn:<partition>:iam::<account>:<type>/<path><name>` →
/// (account, type, name).
fn iam_arn(arn: &str) -> Option<(&str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    if partition.is_empty() || account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (kind, rest) = resource.split_once('/')?;
    let name = rest.rsplit('/').next().filter(|n| !n.is_empty())?;
    Some((account, kind, name))
}

fn invalid_arn(arn: &str) -> IamError {
    IamError::invalid_input(format!("ARN {arn} is not valid."))
}

/// Resolves `PolicySourceArn`: a user, group or role of the caller's account.
fn resolve_source<'a>(acct: &'a AccountState, arn: &str) -> IamResult<Source<'a>> {
    let (account, kind, name) = iam_arn(arn).ok_or_else(|| invalid_arn(arn))?;
    let not_found = |what: &str| {
        IamError::NoSuchEntity(format!("The {what} with name {name} cannot be found."))
    };
    // Another account's entities are as invisible as missing ones. The whole ARN must be the
    // entity's (path included, as stored): the ARN authorized is the one simulated, so
    // `user/dev/admin` never reaches `user/admin`.
    let ours = account == acct.account.id;
    match kind {
        "user" => acct
            .user_by_name(name)
            .filter(|u| ours && u.arn(acct.partition()) == arn)
            .map(Source::User)
            .ok_or_else(|| not_found("user")),
        "group" => acct
            .group_by_name(name)
            .filter(|g| ours && g.arn(acct.partition()) == arn)
            .map(Source::Group)
            .ok_or_else(|| not_found("group")),
        "role" => acct
            .role_by_name(name)
            .filter(|r| ours && r.arn(acct.partition()) == arn)
            .map(Source::Role)
            .ok_or_else(|| not_found("role")),
        _ => Err(invalid_arn(arn)),
    }
}

/// The most characters all `ContextKeyValues` of one simulation may hold together. AWS's model
/// sets no bound; one is needed because both the patterns (PolicyInputList, up to 131,072
/// characters a document) and the values come from the caller, and a `?`-heavy pattern costs
/// up to text × pattern / 64 word operations to match (iam-policy's glob.rs). 10,240 keeps one
/// simulation to milliseconds and is far above any real request's values (names ≤ 128, tag
/// values ≤ 256, ARNs ≤ 2,048 characters). AWS's own limit is unknown: see ARCHITECTURE.md.
pub(crate) const MAX_CONTEXT_VALUE_CHARS: usize = 10_240;

/// `ContextEntries`: each key's values, lists for the `…List` types. Entries without values
/// are ignored (AWS: "keys with empty values are ignored").
fn context_entries(entries: &[api::ContextEntry], ctx: &mut ContextKeys) -> IamResult<()> {
    let total: usize = entries
        .iter()
        .filter_map(|e| e.context_key_values.as_deref())
        .flatten()
        .map(|v| v.chars().count())
        .sum();
    if total > MAX_CONTEXT_VALUE_CHARS {
        return Err(IamError::invalid_input(format!(
            "The context entries' values hold {total} characters together; at most {MAX_CONTEXT_VALUE_CHARS} are accepted."
        )));
    }
    for entry in entries {
        let Some(name) = entry.context_key_name.as_deref() else {
            continue;
        };
        let values = entry.context_key_values.clone().unwrap_or_default();
        if values.is_empty() {
            continue;
        }
        ctx.set_many(name, values);
    }
    Ok(())
}

/// `aws:…` decision for one policy type from the statements that applied.
fn decision_of(matched: &[MatchedStatement<'_>], kind: PolicyType) -> &'static str {
    let mut allow = false;
    for m in matched.iter().filter(|m| m.policy_type == kind) {
        match m.effect {
            Effect::Deny => return "explicitDeny",
            Effect::Allow => allow = true,
        }
    }
    if allow { "allowed" } else { "implicitDeny" }
}

fn decision_name(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allowed",
        Decision::ExplicitDeny => "explicitDeny",
        Decision::ImplicitDeny => "implicitDeny",
    }
}

/// A statement position's line or column as the model's integer (a policy document is far
/// shorter than `i32::MAX` characters).
fn position_number(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A statement's start or end as AWS reports it: the 1-based line, and the 1-based column just
/// past the statement's `{` or `}` (a JSON parser's location after reading the brace).
/// AWS-recorded: test_iam.snapshot.json `test_simulate_principle_policy[user]`, a statement
/// whose `{` is the 40th character and `}` the 112th, reported from column 41 to 113.
fn position_shape(p: &iam_policy::Position) -> api::Position {
    api::Position {
        line: Some(position_number(p.line)),
        column: Some(position_number(p.column + 1)),
    }
}

/// The account in a resource ARN: `arn:aws:s3:::bucket` names none, and AWS-managed policies
/// (`arn:<partition>:iam::aws:policy/…`) carry the alias `aws`, which is no other account.
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':')
        .nth(4)
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
}

/// Actions whose resource policy must grant whoever calls, in the same account too: the
/// AssumeRole family (the role's trust policy) and KMS (the key policy), as AWS's evaluation
/// logic documents (reference_policies_evaluation-logic; KMS: key-policies).
fn resource_policy_must_grant(action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    action.starts_with("sts:assumerole") || action.starts_with("kms:")
}

/// sts:GetCallerIdentity needs no permission, and no explicit deny blocks it (STS API
/// reference).
fn needs_no_permission(action: &str) -> bool {
    action.eq_ignore_ascii_case("sts:GetCallerIdentity")
}

impl Simulation {
    fn all(&self) -> impl Iterator<Item = &SimPolicy> {
        self.identity
            .iter()
            .chain(self.boundary.iter().flatten())
            .chain(&self.resource)
    }

    fn refs(list: &[SimPolicy]) -> Vec<PolicyRef<'_>> {
        list.iter()
            .map(|p| PolicyRef {
                policy: &p.policy,
                name: &p.key,
            })
            .collect()
    }

    fn org_refs(levels: &OrgLevels) -> Vec<Vec<PolicyRef<'_>>> {
        levels
            .iter()
            .map(|level| {
                level
                    .iter()
                    .map(|p| PolicyRef {
                        policy: &p.policy,
                        name: &p.id,
                    })
                    .collect()
            })
            .collect()
    }

    fn statement_shape(&self, m: &MatchedStatement<'_>) -> api::Statement {
        let source = self.all().find(|p| p.key == m.policy_name);
        api::Statement {
            source_policy_id: Some(source.map_or(m.policy_name, |p| p.id.as_str()).to_string()),
            source_policy_type: Some(source.map_or("none", |p| p.kind).to_string()),
            start_position: Some(position_shape(&m.position.start)),
            end_position: Some(position_shape(&m.position.end)),
        }
    }

    /// One `EvaluationResult`: `action` on `resource`.
    fn run(&self, action: &str, resource: &str) -> api::EvaluationResult {
        let mut request = RequestContext::new(action.to_string(), resource);
        request.context = self.context.clone();
        request.principal = self.caller.clone();
        let owner = arn_account(resource)
            .or(self.resource_owner.as_deref())
            .unwrap_or(&self.caller_account);
        let same_account = owner == self.caller_account;
        // The resource's RCPs: on the actions of services that support them, never on a
        // service-linked role (as enforcement, `authz::decide`).
        let rcps = (rcp_governs(action) && !resource.contains(":role/aws-service-role/"))
            .then(|| self.rcps.get(owner))
            .flatten();
        let eval = EvaluationInput {
            identity: Self::refs(&self.identity),
            resource: Self::refs(&self.resource),
            boundary: self.boundary.as_deref().map(Self::refs),
            scps: self.scps.as_ref().map(Self::org_refs),
            rcps: rcps.map(Self::org_refs),
            same_account,
            ..EvaluationInput::default()
        };
        let mut result = evaluate(&request, &eval);
        if needs_no_permission(action) {
            result.decision = Decision::Allow;
            result.matched.clear();
        } else if result.decision == Decision::Allow
            && !self.resource.is_empty()
            && resource_policy_must_grant(action)
            && !result
                .matched
                .iter()
                .any(|m| m.policy_type == PolicyType::Resource && m.effect == Effect::Allow)
        {
            result.decision = Decision::ImplicitDeny;
        }
        // AWS lists the statements that determine the result: an explicit deny alone when one
        // applies; the allowing statements when allowed; none for an implicit deny.
        let determining: Vec<api::Statement> = result
            .matched
            .iter()
            .filter(|m| match result.decision {
                Decision::Allow => m.effect == Effect::Allow,
                Decision::ExplicitDeny => m.effect == Effect::Deny,
                Decision::ImplicitDeny => false,
            })
            .map(|m| self.statement_shape(m))
            .collect();
        let decision = decision_name(result.decision);
        let boundary = self
            .boundary
            .as_ref()
            .map(|_| api::PermissionsBoundaryDecisionDetail {
                allowed_by_permissions_boundary: Some(
                    decision_of(&result.matched, PolicyType::PermissionsBoundary) == "allowed",
                ),
            });
        let organizations = self
            .in_organization
            .then(|| api::OrganizationsDecisionDetail {
                allowed_by_organizations: Some(result.organizations_allow.unwrap_or(true)),
            });
        let mut out = api::EvaluationResult {
            eval_action_name: action.to_string(),
            eval_resource_name: Some(resource.to_string()),
            eval_decision: decision.to_string(),
            matched_statements: Some(determining),
            organizations_decision_detail: organizations,
            permissions_boundary_decision_detail: boundary.clone(),
            ..Default::default()
        };
        if resource == "*" {
            // AWS: missing keys are reported here only for a simulation on `*`; with a
            // resource they move into ResourceSpecificResults, and the details map is absent.
            out.missing_context_values = Some(result.missing_context_keys);
            return out;
        }
        // Same account: present but empty; across accounts, each policy type's part.
        let details = if same_account {
            BTreeMap::new()
        } else {
            BTreeMap::from([
                (
                    "IAM Policy".to_string(),
                    decision_of(&result.matched, PolicyType::Identity).to_string(),
                ),
                (
                    "Resource Policy".to_string(),
                    decision_of(&result.matched, PolicyType::Resource).to_string(),
                ),
            ])
        };
        let specific = api::ResourceSpecificResult {
            eval_resource_name: resource.to_string(),
            eval_resource_decision: decision.to_string(),
            matched_statements: out.matched_statements.clone(),
            missing_context_values: Some(result.missing_context_keys),
            // AWS leaves an empty map out here while the result itself carries `{}`
            // (AWS-recorded: test_simulate_principle_policy).
            eval_decision_details: (!details.is_empty()).then(|| details.clone()),
            permissions_boundary_decision_detail: boundary,
        };
        out.missing_context_values = Some(Vec::new());
        out.eval_decision_details = Some(details);
        out.resource_specific_results = Some(vec![specific]);
        out
    }

    /// Every action on every resource (`*` when none is given), paged by `MaxItems`/`Marker`.
    fn respond(
        &self,
        actions: &[String],
        resources: Option<&[String]>,
        marker: Option<&str>,
        max_items: usize,
    ) -> IamResult<api::SimulatePolicyResponse> {
        let any_resource = ["*".to_string()];
        let resources = resources.filter(|r| !r.is_empty()).unwrap_or(&any_resource);
        let pairs = actions
            .iter()
            .flat_map(|a| resources.iter().map(move |r| (a, r)));
        // Zero-padded so the page helper's string order is the evaluation order.
        let keyed = pairs
            .enumerate()
            .map(|(i, pair)| (format!("{i:010}"), pair));
        let (page, next) = page(keyed, marker, max_items)?;
        let results = page.into_iter().map(|(a, r)| self.run(a, r)).collect();
        Ok(api::SimulatePolicyResponse {
            evaluation_results: Some(results),
            is_truncated: Some(next.is_some()),
            marker: next,
        })
    }

    /// The condition keys every policy of the simulation reads, each once.
    fn context_keys(&self) -> api::GetContextKeysForPolicyResponse {
        let mut keys: Vec<String> = Vec::new();
        for key in self.all().flat_map(|p| p.policy.context_keys()) {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                keys.push(key);
            }
        }
        api::GetContextKeysForPolicyResponse {
            context_key_names: Some(keys),
        }
    }
}

impl Iam {
    /// Resolves the request into a simulation.
    fn simulation(&self, caller: &Caller, input: &SimulationRequest<'_>) -> IamResult<Simulation> {
        let state = self.state.read();
        let acct = Iam::account_of(&state, caller)?;
        let mut identity = Vec::new();
        let mut boundary: Option<Vec<SimPolicy>> = None;
        let mut source_user = None;
        let mut service_linked = false;
        if let Some(source_arn) = input.policy_source_arn {
            match resolve_source(acct, source_arn)? {
                Source::User(user) => {
                    gathered(crate::authz::user_policies(acct, user), &mut identity);
                    boundary = attached_boundary(acct, user.permissions_boundary.as_deref());
                    source_user = Some(user);
                }
                Source::Group(group) => gathered(group_policies(acct, group), &mut identity),
                Source::Role(role) => {
                    service_linked = role.is_service_linked();
                    gathered(role_policies(acct, role), &mut identity);
                    boundary = attached_boundary(acct, role.permissions_boundary.as_deref());
                }
            }
        }
        input_policies(
            input.policy_input_list,
            "PolicyInputList",
            PolicyKind::Identity,
            &mut identity,
        )?;
        // A simulated boundary replaces the entity's own: AWS simulates one boundary at a time
        // (access_policies_testing-policies: "You can only simulate one permissions boundary").
        let mut simulated_boundary = Vec::new();
        input_policies(
            input.permissions_boundary_policy_input_list,
            "PermissionsBoundaryPolicyInputList",
            PolicyKind::Identity,
            &mut simulated_boundary,
        )?;
        if !simulated_boundary.is_empty() {
            boundary = Some(simulated_boundary);
        }
        let mut resource = Vec::new();
        if let Some(doc) = input.resource_policy {
            let policy = parse_policy(doc, PolicyKind::Resource).map_err(malformed_input)?;
            resource.push(SimPolicy {
                id: "ResourcePolicy".into(),
                kind: "resource",
                policy: Arc::new(policy),
                key: "resource".into(),
            });
        }

        // The simulated caller: CallerArn, else the source user.
        let caller_arn = input.caller_arn;
        let mut caller_user = source_user;
        let mut caller_ref = source_user.map(|u| PrincipalRef::Aws {
            arn: u.arn(acct.partition()),
            account_id: u.account_id.to_string(),
            role_arn: None,
        });
        let mut caller_account = caller.account_id.clone();
        if let Some(arn) = caller_arn {
            // AWS: only an IAM user can be the simulated caller.
            let (account, _, name) = iam_arn(arn)
                .filter(|(_, kind, _)| *kind == "user")
                .ok_or_else(|| invalid_arn(arn))?;
            // Ours only in our partition: `arn:aws:iam::…` is no user of an `aws-cn` account.
            let our_partition =
                crate::arns::split_iam(arn).map(|(p, _, _)| p) == Some(acct.partition());
            caller_user = acct
                .user_by_name(name)
                .filter(|_| account == acct.account.id && our_partition);
            caller_account = account.to_string();
            caller_ref = Some(PrincipalRef::Aws {
                arn: arn.to_string(),
                account_id: account.to_string(),
                role_arn: None,
            });
        }
        if !resource.is_empty() && caller_ref.is_none() {
            return Err(IamError::invalid_input(
                "CallerArn must be specified when ResourcePolicy is specified and PolicySourceArn is not a user.",
            ));
        }
        let resource_owner = match input.resource_owner {
            None => None,
            Some(owner) if owner.len() == 12 && owner.bytes().all(|b| b.is_ascii_digit()) => {
                Some(owner.to_string())
            }
            Some(owner) => Some(
                arn_account(owner)
                    .ok_or_else(|| invalid_arn(owner))?
                    .to_string(),
            ),
        };

        // The organization of the simulated principal's account (the caller's).
        let org = state.organizations.of_account(&acct.account.id);
        let scps = org.and_then(|o| org_levels(o.scp_levels(&acct.account.id), o));
        let mut rcps = std::collections::HashMap::new();
        if let Some(o) = org.filter(|_| !service_linked) {
            let accounts = input
                .resource_arns
                .iter()
                .filter_map(|arn| arn_account(arn))
                .chain(resource_owner.as_deref())
                .chain([caller_account.as_str()]);
            for account in accounts {
                if rcps.contains_key(account) {
                    continue;
                }
                if let Some(levels) = org_levels(o.rcp_levels(account), o) {
                    rcps.insert(account.to_string(), levels);
                }
            }
        }

        let mut context = ContextKeys::new();
        if let Some(user) = caller_user {
            set_principal_keys(&mut context, user, acct.partition());
        }
        if let Some((org_id, path)) = state.organizations.org_keys(&caller_account) {
            context.set("aws:PrincipalOrgID", org_id);
            context.set("aws:PrincipalOrgPaths", path);
        }
        context_entries(input.context_entries, &mut context)?;
        Ok(Simulation {
            identity,
            boundary,
            resource,
            caller: caller_ref,
            caller_account,
            resource_owner,
            context,
            in_organization: org.is_some(),
            scps,
            rcps,
        })
    }

    pub async fn simulate_principal_policy(
        &self,
        caller: &Caller,
        input: api::SimulatePrincipalPolicyRequest,
    ) -> IamResult<api::SimulatePolicyResponse> {
        let simulation = self.simulation(caller, &SimulationRequest::principal(&input))?;
        simulation.respond(
            &input.action_names,
            input.resource_arns.as_deref(),
            input.marker.as_deref(),
            max_items(input.max_items),
        )
    }

    pub async fn simulate_custom_policy(
        &self,
        caller: &Caller,
        input: api::SimulateCustomPolicyRequest,
    ) -> IamResult<api::SimulatePolicyResponse> {
        let simulation = self.simulation(caller, &SimulationRequest::custom(&input))?;
        simulation.respond(
            &input.action_names,
            input.resource_arns.as_deref(),
            input.marker.as_deref(),
            max_items(input.max_items),
        )
    }

    pub async fn get_context_keys_for_principal_policy(
        &self,
        caller: &Caller,
        input: api::GetContextKeysForPrincipalPolicyRequest,
    ) -> IamResult<api::GetContextKeysForPolicyResponse> {
        let request = SimulationRequest {
            policy_source_arn: Some(&input.policy_source_arn),
            policy_input_list: input.policy_input_list.as_deref().unwrap_or_default(),
            ..SimulationRequest::default()
        };
        Ok(self.simulation(caller, &request)?.context_keys())
    }

    pub async fn get_context_keys_for_custom_policy(
        &self,
        caller: &Caller,
        input: api::GetContextKeysForCustomPolicyRequest,
    ) -> IamResult<api::GetContextKeysForPolicyResponse> {
        let request = SimulationRequest {
            policy_input_list: &input.policy_input_list,
            ..SimulationRequest::default()
        };
        Ok(self.simulation(caller, &request)?.context_keys())
    }
}
