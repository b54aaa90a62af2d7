//! Policy simulation: SimulatePrincipalPolicy, SimulateCustomPolicy,
//! GetContextKeysForPrincipalPolicy, GetContextKeysForCustomPolicy (IAM User Guide:
//! access_policies_testing-policies; API Reference: SimulatePrincipalPolicy, EvaluationResult).
//! Decisions come from `iam_policy::evaluate` over the policies `authz` gathers, so a simulation
//! answers what enforcement would do with the same policies and context.
//!
//! The simulator fills only the keys that describe the simulated caller (aws:username,
//! aws:PrincipalTag/…); everything else about a request (source IP, time, MFA, …) comes from
//! `ContextEntries`, as AWS's simulator "doesn't consider real context key values".
use super::*;
use crate::authz::{
    GatheredPolicy, PolicySource, group_policies, managed, role_policies, set_principal_keys,
};
use crate::entities::User;
use crate::input::Input;
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_policy::{
    ContextKeys, Decision, Effect, EvaluationInput, MatchedStatement, Policy, PolicyKind,
    PolicyRef, PolicyType, PrincipalRef, RequestContext, evaluate, parse_policy,
};
use std::sync::Arc;

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
}

fn source_type(source: PolicySource) -> &'static str {
    match source {
        PolicySource::UserInline => "user",
        PolicySource::GroupInline => "group",
        PolicySource::RoleInline => "role",
        PolicySource::AwsManaged => "aws-managed",
        PolicySource::CustomerManaged => "user-managed",
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

/// `PolicyInputList` and `PermissionsBoundaryPolicyInputList`: documents checked with AWS's
/// MalformedPolicyDocument rules, reported as `<List>.<n>` (1-based).
fn input_policies(
    input: &Input,
    list: &str,
    kind: PolicyKind,
    out: &mut Vec<SimPolicy>,
) -> IamResult<()> {
    for (i, doc) in input.strings(list).iter().enumerate() {
        let policy = parse_policy(doc, kind).map_err(|e| match e {
            iam_policy::PolicyError::Malformed(msg) => IamError::MalformedPolicyDocument(msg),
        })?;
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
        let kind = if arn.starts_with("arn:aws:iam::aws:policy/") {
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
            .filter(|u| ours && u.arn() == arn)
            .map(Source::User)
            .ok_or_else(|| not_found("user")),
        "group" => acct
            .group_by_name(name)
            .filter(|g| ours && g.arn() == arn)
            .map(Source::Group)
            .ok_or_else(|| not_found("group")),
        "role" => acct
            .role_by_name(name)
            .filter(|r| ours && r.arn() == arn)
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
fn context_entries(input: &Input, ctx: &mut ContextKeys) -> IamResult<()> {
    let Some(entries) = input.0.get("ContextEntries").and_then(Value::as_array) else {
        return Ok(());
    };
    let total: usize = entries
        .iter()
        .filter_map(|e| e.get("ContextKeyValues").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(|v| v.chars().count())
        .sum();
    if total > MAX_CONTEXT_VALUE_CHARS {
        return Err(IamError::invalid_input(format!(
            "The context entries' values hold {total} characters together; at most {MAX_CONTEXT_VALUE_CHARS} are accepted."
        )));
    }
    for entry in entries {
        let Some(name) = entry.get("ContextKeyName").and_then(Value::as_str) else {
            continue;
        };
        let values: Vec<String> = entry
            .get("ContextKeyValues")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
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

/// The account in a resource ARN (`arn:aws:s3:::bucket` names none).
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
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

    fn statement_json(&self, m: &MatchedStatement<'_>) -> Value {
        let source = self.all().find(|p| p.key == m.policy_name);
        json!({
            "SourcePolicyId": source.map_or(m.policy_name, |p| p.id.as_str()),
            "SourcePolicyType": source.map_or("none", |p| p.kind),
            "StartPosition": {"Line": m.position.start.line, "Column": m.position.start.column},
            "EndPosition": {"Line": m.position.end.line, "Column": m.position.end.column},
        })
    }

    /// One `EvaluationResult`: `action` on `resource`.
    fn run(&self, action: &str, resource: &str) -> Value {
        let mut request = RequestContext::new(action.to_string(), resource);
        request.context = self.context.clone();
        request.principal = self.caller.clone();
        let owner = arn_account(resource)
            .or(self.resource_owner.as_deref())
            .unwrap_or(&self.caller_account);
        let same_account = owner == self.caller_account;
        let eval = EvaluationInput {
            identity: Self::refs(&self.identity),
            resource: Self::refs(&self.resource),
            boundary: self.boundary.as_deref().map(Self::refs),
            same_account,
            ..EvaluationInput::default()
        };
        let result = evaluate(&request, &eval);
        // AWS lists the statements that determine the result: an explicit deny alone when one
        // applies; the allowing statements when allowed; none for an implicit deny.
        let determining: Vec<Value> = result
            .matched
            .iter()
            .filter(|m| match result.decision {
                Decision::Allow => m.effect == Effect::Allow,
                Decision::ExplicitDeny => m.effect == Effect::Deny,
                Decision::ImplicitDeny => false,
            })
            .map(|m| self.statement_json(m))
            .collect();
        let decision = decision_name(result.decision);
        let boundary = self.boundary.as_ref().map(|_| {
            json!({
                "AllowedByPermissionsBoundary":
                    decision_of(&result.matched, PolicyType::PermissionsBoundary) == "allowed"
            })
        });
        let mut out = json!({
            "EvalActionName": action,
            "EvalResourceName": resource,
            "EvalDecision": decision,
            "MatchedStatements": determining,
        });
        if let Some(b) = &boundary {
            out["PermissionsBoundaryDecisionDetail"] = b.clone();
        }
        if resource == "*" {
            // AWS: missing keys are reported here only for a simulation on `*`; with a
            // resource they move into ResourceSpecificResults, and the details map is absent.
            out["MissingContextValues"] = json!(result.missing_context_keys);
            return out;
        }
        // Same account: present but empty; across accounts, each policy type's part.
        let details = if same_account {
            json!({})
        } else {
            json!({
                "IAM Policy": decision_of(&result.matched, PolicyType::Identity),
                "Resource Policy": decision_of(&result.matched, PolicyType::Resource),
            })
        };
        out["MissingContextValues"] = json!([]);
        out["EvalDecisionDetails"] = details.clone();
        let mut specific = json!({
            "EvalResourceName": resource,
            "EvalResourceDecision": decision,
            "MatchedStatements": out["MatchedStatements"].clone(),
            "MissingContextValues": result.missing_context_keys,
            "EvalDecisionDetails": details,
        });
        if let Some(b) = boundary {
            specific["PermissionsBoundaryDecisionDetail"] = b;
        }
        out["ResourceSpecificResults"] = json!([specific]);
        out
    }

    /// Every action on every resource, paged by `MaxItems`/`Marker`.
    fn respond(&self, input: &Input) -> Value {
        let actions = input.strings("ActionNames");
        let mut resources = input.strings("ResourceArns");
        if resources.is_empty() {
            resources.push("*".to_string());
        }
        let pairs = actions
            .iter()
            .flat_map(|a| resources.iter().map(move |r| (a, r)));
        // Zero-padded so the page helper's string order is the evaluation order.
        let keyed = pairs
            .enumerate()
            .map(|(i, pair)| (format!("{i:010}"), pair));
        let (page, next) = page(keyed, input.marker(), input.max_items());
        let results: Vec<Value> = page.into_iter().map(|(a, r)| self.run(a, r)).collect();
        paged(json!({ "EvaluationResults": results }), next)
    }

    /// The condition keys every policy of the simulation reads, each once.
    fn context_keys(&self) -> Value {
        let mut keys: Vec<String> = Vec::new();
        for key in self.all().flat_map(|p| p.policy.context_keys()) {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                keys.push(key);
            }
        }
        json!({ "ContextKeyNames": keys })
    }
}

impl Iam {
    /// Resolves the input into a simulation. `principal` is whether `PolicySourceArn` applies.
    fn simulation(&self, caller: &Caller, input: &Input, principal: bool) -> IamResult<Simulation> {
        let state = self.state.read();
        let acct = Iam::account_of(&state, caller)?;
        let mut identity = Vec::new();
        let mut boundary: Option<Vec<SimPolicy>> = None;
        let mut source_user = None;
        if principal {
            match resolve_source(acct, input.str("PolicySourceArn")?)? {
                Source::User(user) => {
                    gathered(crate::authz::user_policies(acct, user), &mut identity);
                    boundary = attached_boundary(acct, user.permissions_boundary.as_deref());
                    source_user = Some(user);
                }
                Source::Group(group) => gathered(group_policies(acct, group), &mut identity),
                Source::Role(role) => {
                    gathered(role_policies(acct, role), &mut identity);
                    boundary = attached_boundary(acct, role.permissions_boundary.as_deref());
                }
            }
        }
        input_policies(
            input,
            "PolicyInputList",
            PolicyKind::Identity,
            &mut identity,
        )?;
        // A simulated boundary replaces the entity's own: AWS simulates one boundary at a time
        // (access_policies_testing-policies: "You can only simulate one permissions boundary").
        let mut simulated_boundary = Vec::new();
        input_policies(
            input,
            "PermissionsBoundaryPolicyInputList",
            PolicyKind::Identity,
            &mut simulated_boundary,
        )?;
        if !simulated_boundary.is_empty() {
            boundary = Some(simulated_boundary);
        }
        let mut resource = Vec::new();
        if let Some(doc) = input.opt_str("ResourcePolicy") {
            let policy = parse_policy(doc, PolicyKind::Resource).map_err(|e| match e {
                iam_policy::PolicyError::Malformed(msg) => IamError::MalformedPolicyDocument(msg),
            })?;
            resource.push(SimPolicy {
                id: "ResourcePolicy".into(),
                kind: "resource",
                policy: Arc::new(policy),
                key: "resource".into(),
            });
        }

        // The simulated caller: CallerArn, else the source user.
        let caller_arn = input.opt_str("CallerArn");
        let mut caller_user = source_user;
        let mut caller_ref = source_user.map(|u| PrincipalRef::Aws {
            arn: u.arn(),
            account_id: u.account_id.clone(),
            role_arn: None,
        });
        let mut caller_account = caller.account_id.clone();
        if let Some(arn) = caller_arn {
            // AWS: only an IAM user can be the simulated caller.
            let (account, _, name) = iam_arn(arn)
                .filter(|(_, kind, _)| *kind == "user")
                .ok_or_else(|| invalid_arn(arn))?;
            caller_user = acct
                .user_by_name(name)
                .filter(|_| account == acct.account.id);
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
        let resource_owner = match input.opt_str("ResourceOwner") {
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

        let mut context = ContextKeys::new();
        if let Some(user) = caller_user {
            set_principal_keys(&mut context, user);
        }
        context_entries(input, &mut context)?;
        Ok(Simulation {
            identity,
            boundary,
            resource,
            caller: caller_ref,
            caller_account,
            resource_owner,
            context,
        })
    }

    pub async fn simulate_principal_policy(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        Ok(self.simulation(caller, input, true)?.respond(input))
    }

    pub async fn simulate_custom_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        Ok(self.simulation(caller, input, false)?.respond(input))
    }

    pub async fn get_context_keys_for_principal_policy(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        Ok(self.simulation(caller, input, true)?.context_keys())
    }

    pub async fn get_context_keys_for_custom_policy(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        Ok(self.simulation(caller, input, false)?.context_keys())
    }
}
