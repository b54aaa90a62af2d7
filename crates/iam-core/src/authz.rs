//! The one authorization step before dispatch: gathers the caller's policies (user inline and
//! attached, each group's inline and attached, the permissions boundary), builds the request
//! context with AWS's global and action-specific condition keys, and asks `iam_policy` for a
//! decision (IAM User Guide: reference_policies_evaluation-logic).
use crate::catalog::Catalog;
use crate::entities::{Group, Role, Tag, User};
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::operations::{Operation, Resource, Service, When};
use crate::service::{Caller, Iam, Principal};
use crate::sessions::{SessionClaims, SessionKind};
use crate::state::{
    AccountState, State, compiled_key_group, compiled_key_managed, compiled_key_role,
    compiled_key_trust, compiled_key_user,
};
use iam_policy::{
    ContextKeys, Decision, EvaluationInput, Policy, PolicyRef, PrincipalRef, RequestContext,
    evaluate,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Facts about the HTTP request that policies can test.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub request_id: String,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub secure_transport: bool,
    pub region: String,
}

/// Enforcement (default), audit (log what would be denied and let it through), or off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnforcementMode {
    #[default]
    Enforce,
    AuditOnly,
    /// No policy is evaluated (moto's default): requests are still authenticated, and the
    /// rules of STS that no policy can change (which credentials may call what) still hold.
    Off,
}

/// Actions AWS lets every authenticated principal call without a permission, whatever its
/// credentials.
fn always_allowed(action: &str) -> bool {
    matches!(action, "GetCallerIdentity")
}

/// Actions that need no permission once the rules of temporary credentials let them through:
/// GetSessionToken with long-term keys (IAM User Guide: id_credentials_temp_control-access_getsessiontoken,
/// "no permissions are required").
fn needs_no_permission(action: &str) -> bool {
    matches!(action, "GetSessionToken")
}

/// Where a gathered policy comes from: SimulatePrincipalPolicy reports it as `SourcePolicyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PolicySource {
    UserInline,
    GroupInline,
    RoleInline,
    AwsManaged,
    CustomerManaged,
}

/// One identity-based policy of a principal, named as AWS reports it (ARN or inline name).
#[derive(Debug, Clone)]
pub(crate) struct GatheredPolicy {
    pub name: String,
    pub policy: Arc<Policy>,
    pub source: PolicySource,
}

pub(crate) fn managed(acct: &AccountState, arn: &str) -> Option<Arc<Policy>> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        return Catalog::get().compiled(arn);
    }
    let p = acct.policy_by_arn(arn)?;
    acct.compiled.get(&compiled_key_managed(&p.id)).cloned()
}

fn attached(acct: &AccountState, arns: &[String], out: &mut Vec<GatheredPolicy>) {
    for arn in arns {
        if let Some(policy) = managed(acct, arn) {
            let source = if arn.starts_with("arn:aws:iam::aws:policy/") {
                PolicySource::AwsManaged
            } else {
                PolicySource::CustomerManaged
            };
            out.push(GatheredPolicy {
                name: arn.clone(),
                policy,
                source,
            });
        }
    }
}

/// A group's inline and attached policies.
pub(crate) fn group_policies(acct: &AccountState, group: &Group) -> Vec<GatheredPolicy> {
    let mut out = Vec::new();
    for name in group.inline_policies.keys() {
        if let Some(p) = acct.compiled.get(&compiled_key_group(&group.id, name)) {
            out.push(GatheredPolicy {
                name: name.clone(),
                policy: p.clone(),
                source: PolicySource::GroupInline,
            });
        }
    }
    attached(acct, &group.attached_policies, &mut out);
    out
}

/// The identity-based policies of a user: its own inline and attached, then each group's.
pub(crate) fn user_policies(acct: &AccountState, user: &User) -> Vec<GatheredPolicy> {
    let mut out = Vec::new();
    for name in user.inline_policies.keys() {
        if let Some(p) = acct.compiled.get(&compiled_key_user(&user.id, name)) {
            out.push(GatheredPolicy {
                name: name.clone(),
                policy: p.clone(),
                source: PolicySource::UserInline,
            });
        }
    }
    attached(acct, &user.attached_policies, &mut out);
    for gid in &user.groups {
        if let Some(g) = acct.groups.get(gid) {
            out.extend(group_policies(acct, g));
        }
    }
    out
}

/// Global condition keys set on every request, named once (lowercased at compile time).
mod keys {
    use iam_policy::StaticKey;
    pub const CURRENT_TIME: StaticKey = StaticKey::new("aws:currenttime");
    pub const EPOCH_TIME: StaticKey = StaticKey::new("aws:epochtime");
    pub const SECURE_TRANSPORT: StaticKey = StaticKey::new("aws:securetransport");
    pub const VIA_AWS_SERVICE: StaticKey = StaticKey::new("aws:viaawsservice");
    pub const REQUESTED_REGION: StaticKey = StaticKey::new("aws:requestedregion");
    pub const SOURCE_IP: StaticKey = StaticKey::new("aws:sourceip");
    pub const USER_AGENT: StaticKey = StaticKey::new("aws:useragent");
    pub const USERNAME: StaticKey = StaticKey::new("aws:username");
    pub const USERID: StaticKey = StaticKey::new("aws:userid");
    pub const PRINCIPAL_ARN: StaticKey = StaticKey::new("aws:principalarn");
    pub const PRINCIPAL_ACCOUNT: StaticKey = StaticKey::new("aws:principalaccount");
    pub const PRINCIPAL_TYPE: StaticKey = StaticKey::new("aws:principaltype");
}

/// The condition keys that describe a calling IAM user (aws:username, aws:PrincipalTag/…).
pub(crate) fn set_principal_keys(ctx: &mut ContextKeys, user: &User) {
    ctx.set_static(keys::USERNAME, user.name.clone());
    ctx.set_static(keys::USERID, user.id.clone());
    ctx.set_static(keys::PRINCIPAL_ARN, user.arn());
    ctx.set_static(keys::PRINCIPAL_ACCOUNT, user.account_id.clone());
    ctx.set_static(keys::PRINCIPAL_TYPE, "User");
    set_tags(ctx, "aws:PrincipalTag", &user.tags);
}

fn set_tags(ctx: &mut ContextKeys, prefix: &str, tags: &[Tag]) {
    for t in tags {
        ctx.set(&format!("{prefix}/{}", t.key), t.value.clone());
    }
}

/// The identity-based policies of a role: inline, then attached.
pub(crate) fn role_policies(acct: &AccountState, role: &Role) -> Vec<GatheredPolicy> {
    let mut out = Vec::new();
    for name in role.inline_policies.keys() {
        if let Some(p) = acct.compiled.get(&compiled_key_role(&role.id, name)) {
            out.push(GatheredPolicy {
                name: name.clone(),
                policy: p.clone(),
                source: PolicySource::RoleInline,
            });
        }
    }
    attached(acct, &role.attached_policies, &mut out);
    out
}

/// The role an `sts:AssumeRole*` request names, looked up in its own account.
fn target_role<'a>(state: &'a State, role_arn: &str) -> Option<(&'a AccountState, &'a Role)> {
    let rest = role_arn.strip_prefix("arn:aws:iam::")?;
    let (account, resource) = rest.split_once(':')?;
    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
    // A closed account's roles can no longer be assumed.
    if state.organizations.is_suspended(account) {
        return None;
    }
    let acct = state.accounts.get(account)?;
    let role = acct.role_by_name(name)?;
    (role.arn() == role_arn).then_some((acct, role))
}

/// What a principal brings to a decision besides the request itself.
struct PrincipalPolicies {
    /// `None`: the root user, whom identity policies do not restrict.
    identity: Option<Arc<Vec<GatheredPolicy>>>,
    boundary: Option<(String, Option<Arc<Policy>>)>,
}

/// What authorizing a user's request needs of the user, the same for all of its requests until
/// the next write.
pub(crate) struct UserAuthz {
    /// The user's identity policies (its own, then each group's).
    policies: Arc<Vec<GatheredPolicy>>,
    /// aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and
    /// aws:PrincipalTag/…: the base of each request's context.
    principal_keys: Arc<ContextKeys>,
    /// The permissions boundary's ARN and policy (`None` policy: the ARN names no policy).
    boundary: Option<(String, Option<Arc<Policy>>)>,
}

/// (write generation it was built at, what the user brings to a decision)
type CachedIdentity = (u64, Arc<UserAuthz>);

/// Bounds each thread's cache of one server (an entry is ≈2 KB: ≈32 MB per thread at most
/// for the busy users of the moment); emptied when full, a user's entry being rebuilt in
/// microseconds on its next request.
const IDENTITY_CACHE_CAPACITY: usize = 16_384;

thread_local! {
    /// Each user's `UserAuthz`, reused until the next write: building it walks the user's and
    /// its groups' inline and attached policies (tens of lookups and clones) and allocates a
    /// dozen context keys, on every request otherwise. Kept per worker thread, keyed by server
    /// instance (`Iam::instance`) then user ID: a map shared by the threads cost a lock whose
    /// cache line bounced between cores on every request.
    /// (server instance, its users' entries): a process normally runs one server.
    static USER_AUTHZ: RefCell<Vec<(u64, HashMap<String, CachedIdentity>)>> =
        const { RefCell::new(Vec::new()) };
}

impl Iam {
    /// What the user brings to a decision. Must be called with the state read lock held, so
    /// the generation read here is the one the state reflects.
    fn cached_user(&self, acct: &AccountState, user: &User) -> Arc<UserAuthz> {
        // INVARIANT (generation): `Iam::write` bumps the generation under the write lock before
        // changing anything, so an entry of the current generation matches the state we read.
        let generation = self.generation.load(std::sync::atomic::Ordering::Acquire);
        let cached = USER_AUTHZ.with_borrow(|servers| {
            let (_, entries) = servers.iter().find(|(i, _)| *i == self.instance)?;
            let (g, entry) = entries.get(&user.id)?;
            (*g == generation).then(|| entry.clone())
        });
        if let Some(entry) = cached {
            return entry;
        }
        let mut principal_keys = ContextKeys::new();
        set_principal_keys(&mut principal_keys, user);
        // The same for every request iamd serves: no AWS service calls iamd on a user's behalf.
        principal_keys.set_static(keys::VIA_AWS_SERVICE, "false");
        let list = Arc::new(UserAuthz {
            policies: Arc::new(user_policies(acct, user)),
            principal_keys: Arc::new(principal_keys),
            boundary: user
                .permissions_boundary
                .as_ref()
                .map(|arn| (arn.clone(), managed(acct, arn))),
        });
        USER_AUTHZ.with_borrow_mut(|servers| {
            let at = match servers.iter().position(|(i, _)| *i == self.instance) {
                Some(at) => at,
                None => {
                    servers.push((self.instance, HashMap::new()));
                    servers.len() - 1
                }
            };
            let entries = &mut servers[at].1;
            if entries.len() >= IDENTITY_CACHE_CAPACITY {
                entries.clear();
            }
            entries.insert(user.id.clone(), (generation, list.clone()));
        });
        list
    }

    /// Enforces the decision on every check of a request — the operation's own permission,
    /// then each dependent action whose `When` holds — through one `enforce` that owns the
    /// AccessDenied text and audit-only logging. AccessDenied carries AWS's message.
    pub fn authorize(
        &self,
        op: &Operation,
        caller: &Caller,
        input: &Input,
        info: &RequestInfo,
    ) -> IamResult<()> {
        if always_allowed(op.action) {
            return Ok(());
        }
        let state = self.state.read();
        // The SCPs of the caller's account, one set per level root → OUs → account: `None`
        // outside an organization with SCPs enabled, and for its management account, which
        // SCPs never restrict (Organizations User Guide: orgs_manage_policies_scps).
        let scps_apply = state.organizations.scp_levels(&caller.account_id).is_some();
        let assume_role = op.resource == Resource::RoleArn;
        // Fast path for the root user's long-term keys outside SCPs: the same outcome as the
        // root-unrestricted rule in `decide`, without building ARNs and contexts first.
        if matches!(caller.principal, Principal::Root)
            && caller.session.is_none()
            && !assume_role
            && !scps_apply
        {
            return Ok(());
        }
        let primary = Check {
            permission: op.permission(),
            resource: Self::resource_arn_in(&state, op.resource, caller, input),
        };
        if let Some(refusal) = credential_rules(op, caller) {
            let message = match refusal {
                Refusal::Message(m) => m.to_string(),
                Refusal::NoSessionPolicy => primary.denial(caller, NO_SESSION_POLICY),
            };
            tracing::info!(request_id = info.request_id, %message, "denied");
            return Err(IamError::AccessDenied(message));
        }
        if self.enforcement == EnforcementMode::Off || needs_no_permission(op.action) {
            return Ok(());
        }
        let subject = self.subject(&state, caller)?;
        let decision = self.decide(&state, caller, &subject, op, primary, input, info);
        self.enforce(&decision, caller, info)?;
        for dep in op.dependents {
            if dependent_applies(dep.when, caller, input) {
                let check = Check {
                    permission: dep.permission,
                    resource: Self::resource_arn_in(&state, dep.resource, caller, input),
                };
                let decision = self.decide(&state, caller, &subject, op, check, input, info);
                self.enforce(&decision, caller, info)?;
            }
        }
        Ok(())
    }

    /// Turns a decision into the request's outcome: nothing when allowed; in audit mode a
    /// warning and nothing; otherwise AccessDenied with AWS's message.
    fn enforce(&self, a: &Authorization, caller: &Caller, info: &RequestInfo) -> IamResult<()> {
        if a.allowed {
            return Ok(());
        }
        if self.enforcement == EnforcementMode::AuditOnly {
            tracing::warn!(
                request_id = info.request_id,
                permission = a.permission,
                resource = a.resource,
                reason = a.reason,
                statements = ?a.matched,
                "audit mode: would deny, allowed"
            );
            return Ok(());
        }
        let message = format!(
            "User: {} is not authorized to perform: {} on resource: {}{}",
            caller.arn(),
            a.permission,
            a.resource,
            a.reason
        );
        tracing::info!(request_id = info.request_id, %message, statements = ?a.matched, "denied");
        Err(IamError::AccessDenied(message))
    }

    /// What the caller brings to every check of a request: its identity policies (or the
    /// root user's implicit full access), boundary, session policies, SCPs, and the condition
    /// keys that describe it.
    pub(crate) fn subject<'s>(&self, state: &'s State, caller: &Caller) -> IamResult<Subject<'s>> {
        let acct = Iam::account_of(state, caller)?;
        let session = caller.session.as_deref();
        let root_task = session.and_then(|s| match &s.kind {
            SessionKind::RootTask { task_policy_arn } => Some(task_policy_arn.clone()),
            _ => None,
        });
        let base_keys = |arn: String, kind: &'static str| {
            let mut ctx = ContextKeys::for_request();
            ctx.set_static(keys::PRINCIPAL_ARN, arn);
            ctx.set_static(keys::PRINCIPAL_TYPE, kind);
            ctx.set_static(keys::USERID, caller.user_id());
            ctx.set_static(keys::PRINCIPAL_ACCOUNT, caller.account_id.clone());
            ctx.set_static(keys::VIA_AWS_SERVICE, "false");
            ctx
        };
        // A role session whose role was deleted (even if a namesake exists since).
        let mut stale_role = false;
        let (policies, keys) = match &caller.principal {
            Principal::Root => {
                let mut ctx = base_keys(caller.arn(), "Account");
                ctx.set_static(keys::USERID, caller.account_id.clone());
                let policies = PrincipalPolicies {
                    identity: None,
                    boundary: None,
                };
                (policies, Arc::new(ctx))
            }
            Principal::User { id, .. } => {
                let user = acct.users.get(id).ok_or_else(|| {
                    IamError::InvalidClientTokenId(
                        "The security token included in the request is invalid.".into(),
                    )
                })?;
                let cached = self.cached_user(acct, user);
                let policies = PrincipalPolicies {
                    identity: Some(cached.policies.clone()),
                    boundary: cached.boundary.clone(),
                };
                (policies, cached.principal_keys.clone())
            }
            Principal::AssumedRole {
                role_id, role_arn, ..
            } => {
                let mut ctx = base_keys(role_arn.clone(), "AssumedRole");
                // A deleted role's sessions keep authenticating but are granted nothing.
                let policies = match acct.roles.get(role_id) {
                    Some(role) => {
                        set_tags(&mut ctx, "aws:PrincipalTag", &role.tags);
                        PrincipalPolicies {
                            identity: Some(Arc::new(role_policies(acct, role))),
                            boundary: role
                                .permissions_boundary
                                .clone()
                                .map(|arn| (arn.clone(), managed(acct, &arn))),
                        }
                    }
                    None => {
                        stale_role = true;
                        PrincipalPolicies {
                            identity: Some(Arc::new(Vec::new())),
                            boundary: None,
                        }
                    }
                };
                (policies, Arc::new(ctx))
            }
            // A federated user session: the issuing user's policies (the root user's implicit
            // full access), intersected with the session policies passed.
            Principal::FederatedUser { user_id, .. } => {
                let ctx = base_keys(caller.arn(), "FederatedUser");
                let policies = match user_id.as_ref().map(|id| acct.users.get(id)) {
                    None => PrincipalPolicies {
                        identity: None,
                        boundary: None,
                    },
                    Some(Some(user)) => {
                        let cached = self.cached_user(acct, user);
                        PrincipalPolicies {
                            identity: Some(cached.policies.clone()),
                            boundary: cached.boundary.clone(),
                        }
                    }
                    Some(None) => PrincipalPolicies {
                        identity: Some(Arc::new(Vec::new())),
                        boundary: None,
                    },
                };
                (policies, Arc::new(ctx))
            }
        };
        let task_policy = root_task
            .as_deref()
            .and_then(|arn| Some((arn.to_string(), managed(acct, arn)?)));
        Ok(Subject {
            acct,
            policies,
            keys,
            stale_role,
            session_policies: self.session_policies(acct, session),
            scps: state.organizations.scp_levels(&caller.account_id),
            task_policy,
            root_task: root_task.is_some(),
        })
    }

    /// The decision on one check of a request, for every kind of principal: identity policies
    /// (the root user's implicit full access), boundary, session policies, SCPs, and — for
    /// the sts:AssumeRole family — the target role's trust policy, which must allow.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide(
        &self,
        state: &State,
        caller: &Caller,
        subject: &Subject<'_>,
        op: &Operation,
        check: Check,
        input: &Input,
        info: &RequestInfo,
    ) -> Authorization {
        let acct = subject.acct;
        let trust_target = op.resource == Resource::RoleArn;
        // INVARIANT (root-unrestricted): the root user is not subject to identity policies;
        // only a role's trust policy, or the SCPs of a member account, can refuse it. An
        // AssumeRoot session is the root user restricted by its root-task policy.
        if matches!(caller.principal, Principal::Root)
            && !trust_target
            && subject.scps.is_none()
            && !subject.root_task
        {
            return Authorization::allow(check);
        }
        let mut request = RequestContext::new(check.permission, check.resource.as_str());
        request.context = ContextKeys::with_base(subject.keys.clone());
        let ctx = &mut request.context;
        let now = crate::entities::now();
        ctx.set_static(keys::CURRENT_TIME, crate::entities::iso8601(now));
        ctx.set_static(keys::EPOCH_TIME, now.to_string());
        ctx.set_static(keys::SECURE_TRANSPORT, info.secure_transport.to_string());
        ctx.set_static(keys::REQUESTED_REGION, requested_region(op, info));
        if let Some(ip) = &info.source_ip {
            ctx.set_static(keys::SOURCE_IP, ip.clone());
        }
        if let Some(ua) = &info.user_agent {
            ctx.set_static(keys::USER_AGENT, ua.clone());
        }
        let session = caller.session.as_deref();
        if let Some(s) = session {
            // Session tags override the principal's tags of the same key.
            set_tags(ctx, "aws:PrincipalTag", &s.tags);
            ctx.set("aws:TokenIssueTime", crate::entities::iso8601(s.issued));
        }
        // aws:MultiFactorAuthPresent exists only for temporary credentials (and requests that
        // carry an MFA code); long-term keys leave it absent, hence BoolIfExists in policies.
        if let Some(t) = caller.mfa_auth_time {
            ctx.set("aws:MultiFactorAuthPresent", "true");
            ctx.set("aws:MultiFactorAuthAge", (now - t).max(0).to_string());
        } else if session.is_some() {
            ctx.set("aws:MultiFactorAuthPresent", "false");
        }
        // The operation's own keys, named in its row.
        (op.context)(input, ctx);
        if trust_target && let Some(s) = session {
            // Role chaining: the calling session's transitive tags become the new session's
            // tags, so sts:TagSession sees them as requested tags.
            for key in &s.transitive_tag_keys {
                if let Some(t) = s.tags.iter().find(|t| t.key.eq_ignore_ascii_case(key)) {
                    ctx.set(&format!("aws:RequestTag/{}", t.key), t.value.clone());
                }
            }
        }
        // sts:AssumeRole & co: the target role's trust policy is the resource-based policy.
        let mut trust: Option<Arc<Policy>> = None;
        let mut same_account = true;
        let mut resource_tags: Option<&[Tag]> = None;
        if trust_target {
            let Some((role_acct, role)) = target_role(state, &check.resource) else {
                return Authorization::deny(check, String::new(), Vec::new());
            };
            same_account = role_acct.account.id == caller.account_id;
            trust = role_acct
                .compiled
                .get(&compiled_key_trust(&role.id))
                .cloned();
            resource_tags = Some(&role.tags[..]);
            request.principal = Some(principal_ref(caller, subject.stale_role));
        }

        // The root user's implicit full access stands in for identity policies.
        let allow_all = ROOT_IDENTITY.get_or_init(|| {
            Arc::new(
                iam_policy::parse_policy(
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                    iam_policy::PolicyKind::Identity,
                )
                .expect("static policy parses"),
            )
        });
        let mut identity: Vec<PolicyRef> = match &subject.policies.identity {
            Some(list) => list
                .iter()
                .map(|g| PolicyRef {
                    policy: &g.policy,
                    name: &g.name,
                })
                .collect(),
            None => vec![PolicyRef {
                policy: allow_all,
                name: "root",
            }],
        };
        // The root-task policies are Deny statements that carve the task out of root's access.
        if let Some((name, policy)) = &subject.task_policy {
            identity.push(PolicyRef { policy, name });
        }
        let boundary: Option<Vec<PolicyRef>> =
            subject.policies.boundary.as_ref().map(|(name, p)| {
                p.iter()
                    .map(|p| PolicyRef {
                        policy: p,
                        name: name.as_str(),
                    })
                    .collect()
            });
        let eval = EvaluationInput {
            identity,
            resource: trust
                .iter()
                .map(|p| PolicyRef {
                    policy: p,
                    name: "trust policy",
                })
                .collect(),
            boundary,
            session: subject.session_policies.as_ref().map(|list| {
                list.iter()
                    .map(|(n, p)| PolicyRef {
                        policy: p,
                        name: n.as_str(),
                    })
                    .collect()
            }),
            scps: subject.scps.clone(),
            same_account,
        };
        // The tags of the user or role the request acts on (IAM User Guide: access_iam-tags,
        // "both iam:ResourceTag and aws:ResourceTag"), looked up only when a policy reads them.
        if eval.reads_resource_tags() {
            let tags = resource_tags
                .or_else(|| {
                    let role = input.opt_str("RoleName").and_then(|n| acct.role_by_name(n));
                    role.map(|r| &r.tags[..])
                })
                .or_else(|| {
                    let user = input.opt_str("UserName").and_then(|n| acct.user_by_name(n));
                    user.map(|u| &u.tags[..])
                });
            if let Some(tags) = tags {
                set_tags(&mut request.context, "iam:ResourceTag", tags);
                set_tags(&mut request.context, "aws:ResourceTag", tags);
            }
        }
        let result = evaluate(&request, &eval);
        // For the AssumeRole family the trust policy must allow in every case, same account
        // included.
        let trusted = !trust_target
            || result.matched.iter().any(|m| {
                m.policy_type == iam_policy::PolicyType::Resource
                    && m.effect == iam_policy::Effect::Allow
            });
        let explicit_deny = result.decision == Decision::ExplicitDeny;
        if !explicit_deny
            && crate::password_rules::account_grants(
                acct,
                caller,
                check.permission.rsplit(':').next().unwrap_or_default(),
            )
        {
            return Authorization::allow(check);
        }
        if result.decision == Decision::Allow && trusted {
            return Authorization::allow(check);
        }
        // Named only for a denial (the log line): formatting them on every allowed request
        // cost more than the decision itself.
        let matched: Vec<String> = result
            .matched
            .iter()
            .map(|m| {
                format!(
                    "{}#{}{}",
                    m.policy_name,
                    m.statement_index,
                    m.sid.map(|s| format!("({s})")).unwrap_or_default()
                )
            })
            .collect();
        let reason = if trust_target && !trusted && !explicit_deny {
            String::new()
        } else {
            let r = result
                .denied_by
                .map(|r| r.describe(check.permission))
                .unwrap_or_else(|| {
                    format!(
                        "because no identity-based policy allows the {} action",
                        check.permission
                    )
                });
            format!(" {r}")
        };
        Authorization::deny(check, reason, matched)
    }

    /// The session policies of a session (inline document and managed ARNs), if any were passed.
    fn session_policies(
        &self,
        acct: &AccountState,
        session: Option<&SessionClaims>,
    ) -> Option<Vec<(String, Arc<Policy>)>> {
        let s = session?;
        if s.session_policy.is_none() && s.policy_arns.is_empty() {
            // A federated user session created without session policies allows nothing.
            return matches!(s.kind, SessionKind::FederatedUser { .. }).then(Vec::new);
        }
        let mut out = Vec::new();
        if let Some(doc) = &s.session_policy
            && let Some(p) = crate::policy_docs::compile_stored(doc)
        {
            out.push(("session policy".to_string(), p));
        }
        for arn in &s.policy_arns {
            if let Some(p) = managed(acct, arn) {
                out.push((arn.clone(), p));
            }
        }
        Some(out)
    }
}

static ROOT_IDENTITY: std::sync::OnceLock<Arc<Policy>> = std::sync::OnceLock::new();

/// One permission check of a request: the operation's own, or one of its dependent actions,
/// with the resource it is authorized on (`Iam::resource_arn_in`: the stored, canonical ARN).
#[derive(Debug, Clone)]
pub(crate) struct Check {
    pub permission: &'static str,
    pub resource: String,
}

impl Check {
    fn denial(&self, caller: &Caller, reason: &str) -> String {
        format!(
            "User: {} is not authorized to perform: {} on resource: {}{reason}",
            caller.arn(),
            self.permission,
            self.resource
        )
    }
}

/// The outcome of one check (cedar's `Response`): the decision and what decided it.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub allowed: bool,
    pub permission: &'static str,
    /// The ARN authorized: the entity acted on.
    pub resource: String,
    /// For a denial, the statements that applied, `policy#index(sid)`.
    pub matched: Vec<String>,
    /// AWS's explanation after the resource in AccessDenied (` because …`), empty when a
    /// trust policy simply does not allow.
    pub reason: String,
}

impl Authorization {
    fn allow(check: Check) -> Self {
        Authorization {
            allowed: true,
            permission: check.permission,
            resource: check.resource,
            matched: Vec::new(),
            reason: String::new(),
        }
    }
    fn deny(check: Check, reason: String, matched: Vec<String>) -> Self {
        Authorization {
            allowed: false,
            permission: check.permission,
            resource: check.resource,
            matched,
            reason,
        }
    }
}

/// What a caller brings to every check of its request (see `Iam::subject`).
pub(crate) struct Subject<'s> {
    acct: &'s AccountState,
    policies: PrincipalPolicies,
    /// The condition keys describing the caller: the base of each check's context.
    keys: Arc<ContextKeys>,
    /// A role session whose role no longer exists (by unique ID).
    stale_role: bool,
    session_policies: Option<Vec<(String, Arc<Policy>)>>,
    scps: Option<Vec<Vec<PolicyRef<'s>>>>,
    task_policy: Option<(String, Arc<Policy>)>,
    root_task: bool,
}

const NO_SESSION_POLICY: &str = " because no session policy allows the action";

/// Why the rules of temporary credentials refuse a call, whatever the policies say.
enum Refusal {
    NoSessionPolicy,
    Message(&'static str),
}

/// The STS rules no policy can change: which credentials may call what (IAM User Guide:
/// id_credentials_temp_request, "Comparing the AWS STS API operations").
fn credential_rules(op: &Operation, caller: &Caller) -> Option<Refusal> {
    let session = caller.session.as_deref();
    // GetSessionToken credentials: IAM only with MFA; STS only AssumeRole and
    // GetCallerIdentity.
    if let Some(s) = session
        && matches!(s.kind, SessionKind::User { .. } | SessionKind::Root)
    {
        let allowed = match op.service {
            Service::Sts => op.action == "AssumeRole",
            Service::Iam => s.mfa_auth_time.is_some(),
            Service::Organizations => true,
        };
        if !allowed {
            return Some(Refusal::NoSessionPolicy);
        }
    }
    // GetFederationToken credentials: no IAM API, no STS but GetCallerIdentity.
    if let Some(s) = session
        && matches!(s.kind, SessionKind::FederatedUser { .. })
        && op.service != Service::Organizations
    {
        return Some(Refusal::NoSessionPolicy);
    }
    if op.action == "GetFederationToken" && session.is_some() {
        return Some(Refusal::Message(
            "Cannot call GetFederationToken with session credentials",
        ));
    }
    if op.action == "GetSessionToken" && session.is_some() {
        return Some(Refusal::Message(
            "Cannot call GetSessionToken with session credentials",
        ));
    }
    if op.resource == Resource::RoleArn && matches!(caller.principal, Principal::Root) {
        return Some(Refusal::Message(
            "Roles may not be assumed by root accounts.",
        ));
    }
    None
}

/// How resource-based (trust) policies see the caller. A role session is matched by its role's
/// unique ID: once that role is deleted, a namesake created since is another principal, and
/// the old sessions match no ARN at all (their unique-ID form names nothing).
fn principal_ref(caller: &Caller, stale_role: bool) -> PrincipalRef {
    match &caller.principal {
        Principal::AssumedRole { role_arn, .. } if !stale_role => PrincipalRef::Aws {
            arn: caller.arn(),
            account_id: caller.account_id.clone(),
            role_arn: Some(role_arn.clone()),
        },
        Principal::AssumedRole { .. } => PrincipalRef::Aws {
            arn: caller.user_id(),
            account_id: caller.account_id.clone(),
            role_arn: None,
        },
        _ => PrincipalRef::Aws {
            arn: caller.arn(),
            account_id: caller.account_id.clone(),
            role_arn: None,
        },
    }
}

/// Whether a dependent action is authorized for this request.
fn dependent_applies(when: When, caller: &Caller, input: &Input) -> bool {
    let session = caller.session.as_deref();
    match when {
        When::Always => true,
        When::Tags => input
            .0
            .get("Tags")
            .is_some_and(|t| t.as_array().is_some_and(|a| !a.is_empty())),
        When::SessionTags => {
            input
                .0
                .get("Tags")
                .and_then(serde_json::Value::as_array)
                .is_some_and(|a| !a.is_empty())
                || input
                    .0
                    .get("TransitiveTagKeys")
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|a| !a.is_empty())
                || session.is_some_and(|s| !s.transitive_tag_keys.is_empty())
        }
        When::SourceIdentity => input.opt_str("SourceIdentity").is_some(),
    }
}

/// `aws:RequestedRegion`: IAM is a global service whose requests are always served in its
/// partition's global region (us-east-1 for `aws`), whatever region the client signed for;
/// so is Organizations; STS requests are in the region of their scope.
fn requested_region(op: &Operation, info: &RequestInfo) -> String {
    match op.service {
        Service::Iam | Service::Organizations => IAM_REGION.to_string(),
        Service::Sts => info.region.clone(),
    }
}

/// The region IAM's requests are served in (partition `aws`).
pub const IAM_REGION: &str = "us-east-1";
