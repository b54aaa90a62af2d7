//! The one authorization step before dispatch: gathers the caller's policies (user inline and
//! attached, each group's inline and attached, the permissions boundary), builds the request
//! context with AWS's global and action-specific condition keys, and asks `iam_policy` for a
//! decision (IAM User Guide: reference_policies_evaluation-logic).
use crate::catalog::Catalog;
use crate::entities::{Group, Role, Tag, User};
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::operations::Operation;
use crate::service::{Caller, Iam, Principal};
use crate::sessions::{SessionClaims, SessionKind};
use crate::state::{
    AccountState, State, compiled_key_group, compiled_key_managed, compiled_key_role,
    compiled_key_trust, compiled_key_user,
};
use iam_policy::{
    Decision, EvaluationInput, Policy, PolicyRef, PrincipalRef, RequestContext, evaluate,
};
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

/// Enforcement (default) or audit: log what would be denied and let it through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnforcementMode {
    #[default]
    Enforce,
    AuditOnly,
}

/// Actions AWS lets every authenticated principal call without a permission.
fn needs_no_permission(action: &str) -> bool {
    matches!(action, "GetCallerIdentity")
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

/// The condition keys that describe a calling IAM user (aws:username, aws:PrincipalTag/…).
pub(crate) fn set_principal_keys(ctx: &mut iam_policy::ContextKeys, user: &User) {
    ctx.set("aws:username", user.name.clone());
    ctx.set("aws:userid", user.id.clone());
    ctx.set("aws:PrincipalArn", user.arn());
    ctx.set("aws:PrincipalAccount", user.account_id.clone());
    ctx.set("aws:PrincipalType", "User");
    set_tags(ctx, "aws:PrincipalTag", &user.tags);
}

fn set_tags(ctx: &mut iam_policy::ContextKeys, prefix: &str, tags: &[Tag]) {
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
    let acct = state.accounts.get(account)?;
    let role = acct.role_by_name(name)?;
    (role.arn() == role_arn).then_some((acct, role))
}

/// What a principal brings to a decision besides the request itself.
struct PrincipalPolicies {
    /// `None`: the root user, whom identity policies do not restrict.
    identity: Option<Arc<Vec<GatheredPolicy>>>,
    boundary: Option<(String, Option<Arc<Policy>>)>,
    tags: Vec<Tag>,
}

/// Each user's gathered identity policies, reused until the next write: gathering walks the
/// user's and its groups' inline and attached policies (tens of lookups and clones) on every
/// request otherwise. Entries carry the write generation they were built at.
#[derive(Default)]
pub(crate) struct IdentityCache {
    entries: parking_lot::Mutex<HashMap<String, CachedIdentity>>,
}

/// (write generation it was built at, the user's gathered policies)
type CachedIdentity = (u64, Arc<Vec<GatheredPolicy>>);

/// Bounds the cache; emptied when full (a user's entry is rebuilt on its next request).
const IDENTITY_CACHE_CAPACITY: usize = 65_536;

impl Iam {
    /// The user's identity policies. Must be called with the state read lock held, so the
    /// generation read here is the one the state reflects.
    fn cached_user_policies(&self, acct: &AccountState, user: &User) -> Arc<Vec<GatheredPolicy>> {
        // INVARIANT (generation): `Iam::write` bumps the generation under the write lock before
        // changing anything, so an entry of the current generation matches the state we read.
        let generation = self.generation.load(std::sync::atomic::Ordering::Acquire);
        if let Some((g, list)) = self.identity_cache.entries.lock().get(&user.id)
            && *g == generation
        {
            return list.clone();
        }
        let list = Arc::new(user_policies(acct, user));
        let mut entries = self.identity_cache.entries.lock();
        if entries.len() >= IDENTITY_CACHE_CAPACITY {
            entries.clear();
        }
        entries.insert(user.id.clone(), (generation, list.clone()));
        list
    }

    /// Decides whether `caller` may run `op` with `input`; AccessDenied carries AWS's message.
    pub fn authorize(
        &self,
        op: &Operation,
        caller: &Caller,
        input: &Input,
        info: &RequestInfo,
    ) -> IamResult<()> {
        if needs_no_permission(op.action) {
            return Ok(());
        }
        // Fast path for the root user's long-term keys outside SCPs: the same outcome as the
        // root-unrestricted check below, without building the resource ARN and messages first.
        if matches!(caller.principal, Principal::Root)
            && caller.session.is_none()
            && op.action != "AssumeRole"
            && self
                .state
                .read()
                .organizations
                .scp_levels(&caller.account_id)
                .is_none()
        {
            return Ok(());
        }
        let permission = op.permission();
        let resource = self.resource_arn(op, caller, input);
        let caller_arn = caller.arn();
        let deny = |reason: &str| {
            let message = format!(
                "User: {caller_arn} is not authorized to perform: {permission} on resource: {resource}{reason}"
            );
            tracing::info!(request_id = info.request_id, %message, "denied");
            IamError::AccessDenied(message)
        };
        let session = caller.session.as_deref();
        // GetSessionToken credentials: IAM only with MFA; STS only AssumeRole and
        // GetCallerIdentity (IAM User Guide: id_credentials_temp_request, "GetSessionToken").
        if let Some(s) = session
            && matches!(s.kind, SessionKind::User { .. } | SessionKind::Root)
        {
            let allowed = match op.service {
                crate::operations::Service::Sts => op.action == "AssumeRole",
                crate::operations::Service::Iam => s.mfa_auth_time.is_some(),
                crate::operations::Service::Organizations => true,
            };
            if !allowed {
                return Err(deny(" because no session policy allows the action"));
            }
        }
        // GetFederationToken credentials: no IAM API, no STS but GetCallerIdentity
        // (IAM User Guide: id_credentials_temp_request, "GetFederationToken").
        if let Some(s) = session
            && matches!(s.kind, SessionKind::FederatedUser { .. })
            && op.service != crate::operations::Service::Organizations
        {
            return Err(deny(" because no session policy allows the action"));
        }
        if op.action == "GetFederationToken" && session.is_some() {
            return Err(IamError::AccessDenied(
                "Cannot call GetFederationToken with session credentials".into(),
            ));
        }
        if op.action == "GetSessionToken" {
            return match session {
                None => Ok(()),
                Some(_) => Err(IamError::AccessDenied(
                    "Cannot call GetSessionToken with session credentials".into(),
                )),
            };
        }
        let assume_role = op.action == "AssumeRole";
        if assume_role && matches!(caller.principal, Principal::Root) {
            return Err(IamError::AccessDenied(
                "Roles may not be assumed by root accounts.".into(),
            ));
        }
        let state = self.state.read();
        // The SCPs of the caller's account, one set per level root → OUs → account: `None`
        // outside an organization with SCPs enabled, and for its management account, which
        // SCPs never restrict (Organizations User Guide: orgs_manage_policies_scps).
        let scps = state.organizations.scp_levels(&caller.account_id);
        // INVARIANT (root-unrestricted): the root user is not subject to identity policies;
        // only a role's trust policy, or the SCPs of a member account, can refuse it.
        // An AssumeRoot session is the root user restricted by its root-task policy.
        let root_task = session.and_then(|s| match &s.kind {
            SessionKind::RootTask { task_policy_arn } => Some(task_policy_arn.as_str()),
            _ => None,
        });
        if matches!(caller.principal, Principal::Root)
            && !assume_role
            && scps.is_none()
            && root_task.is_none()
        {
            return Ok(());
        }

        let acct = Iam::account_of(&state, caller)?;
        let mut request = RequestContext::new(permission.clone(), resource.clone());
        let ctx = &mut request.context;
        let now = crate::entities::now();
        ctx.set("aws:CurrentTime", crate::entities::iso8601(now));
        ctx.set("aws:EpochTime", now.to_string());
        ctx.set("aws:SecureTransport", info.secure_transport.to_string());
        ctx.set("aws:ViaAWSService", "false");
        ctx.set("aws:RequestedRegion", info.region.clone());
        ctx.set("aws:PrincipalAccount", caller.account_id.clone());
        if let Some(ip) = &info.source_ip {
            ctx.set("aws:SourceIp", ip.clone());
        }
        if let Some(ua) = &info.user_agent {
            ctx.set("aws:UserAgent", ua.clone());
        }
        let principal = match &caller.principal {
            Principal::Root => {
                ctx.set("aws:PrincipalArn", caller_arn.clone());
                ctx.set("aws:PrincipalType", "Account");
                ctx.set("aws:userid", caller.account_id.clone());
                PrincipalPolicies {
                    identity: None,
                    boundary: None,
                    tags: Vec::new(),
                }
            }
            Principal::User { id, .. } => {
                let user = acct.users.get(id).ok_or_else(|| {
                    IamError::InvalidClientTokenId(
                        "The security token included in the request is invalid.".into(),
                    )
                })?;
                set_principal_keys(ctx, user);
                PrincipalPolicies {
                    identity: Some(self.cached_user_policies(acct, user)),
                    boundary: user
                        .permissions_boundary
                        .clone()
                        .map(|arn| (arn.clone(), managed(acct, &arn))),
                    tags: user.tags.clone(),
                }
            }
            Principal::AssumedRole {
                role_id, role_arn, ..
            } => {
                ctx.set("aws:PrincipalArn", role_arn.clone());
                ctx.set("aws:PrincipalType", "AssumedRole");
                ctx.set("aws:userid", caller.user_id());
                // A deleted role's sessions keep authenticating but are granted nothing.
                match acct.roles.get(role_id) {
                    Some(role) => {
                        set_tags(ctx, "aws:PrincipalTag", &role.tags);
                        PrincipalPolicies {
                            identity: Some(Arc::new(role_policies(acct, role))),
                            boundary: role
                                .permissions_boundary
                                .clone()
                                .map(|arn| (arn.clone(), managed(acct, &arn))),
                            tags: role.tags.clone(),
                        }
                    }
                    None => PrincipalPolicies {
                        identity: Some(Arc::new(Vec::new())),
                        boundary: None,
                        tags: Vec::new(),
                    },
                }
            }
            // A federated user session: the issuing user's policies (the root user's implicit
            // full access), intersected below with the session policies passed.
            Principal::FederatedUser { user_id, .. } => {
                ctx.set("aws:PrincipalArn", caller_arn.clone());
                ctx.set("aws:PrincipalType", "FederatedUser");
                ctx.set("aws:userid", caller.user_id());
                match user_id {
                    None => PrincipalPolicies {
                        identity: None,
                        boundary: None,
                        tags: Vec::new(),
                    },
                    Some(id) => match acct.users.get(id) {
                        Some(user) => PrincipalPolicies {
                            identity: Some(self.cached_user_policies(acct, user)),
                            boundary: user
                                .permissions_boundary
                                .clone()
                                .map(|arn| (arn.clone(), managed(acct, &arn))),
                            tags: user.tags.clone(),
                        },
                        None => PrincipalPolicies {
                            identity: Some(Arc::new(Vec::new())),
                            boundary: None,
                            tags: Vec::new(),
                        },
                    },
                }
            }
        };
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
        // Action-specific keys.
        if let Some(arn) = input
            .opt_str("PolicyArn")
            .filter(|_| op.action.starts_with("Attach") || op.action.starts_with("Detach"))
        {
            ctx.set("iam:PolicyARN", arn.to_string());
        }
        if op.action == "AssumeRoot"
            && let Some(arn) = input
                .0
                .get("TaskPolicyArn")
                .and_then(|p| p.get("arn"))
                .and_then(serde_json::Value::as_str)
        {
            ctx.set("sts:TaskPolicyArn", arn.to_string());
        }
        if op.action == "GetWebIdentityToken" {
            ctx.set_many("sts:IdentityTokenAudience", input.strings("Audience"));
            if let Some(alg) = input.opt_str("SigningAlgorithm") {
                ctx.set("sts:SigningAlgorithm", alg.to_string());
            }
            let duration = input.opt_i64("DurationSeconds").unwrap_or(300);
            ctx.set("sts:DurationSeconds", duration.to_string());
        }
        if let Some(b) = input.opt_str("PermissionsBoundary") {
            ctx.set("iam:PermissionsBoundary", b.to_string());
        }
        let request_tags = input.tags("Tags");
        if !request_tags.is_empty() {
            set_tags(ctx, "aws:RequestTag", &request_tags);
            ctx.set_many("aws:TagKeys", request_tags.iter().map(|t| t.key.clone()));
        }
        let tag_keys = input.strings("TagKeys");
        if !tag_keys.is_empty() {
            ctx.set_many("aws:TagKeys", tag_keys);
        }
        if let Some(target) = input.opt_str("UserName").and_then(|n| acct.user_by_name(n)) {
            set_tags(ctx, "iam:ResourceTag", &target.tags);
        }
        if let Some(target) = input.opt_str("RoleName").and_then(|n| acct.role_by_name(n)) {
            set_tags(ctx, "iam:ResourceTag", &target.tags);
        }
        // sts:AssumeRole: the target role's trust policy is the resource-based policy.
        let mut trust: Option<Arc<Policy>> = None;
        let mut same_account = true;
        if assume_role {
            let Some((role_acct, role)) = target_role(&state, &resource) else {
                return Err(deny(""));
            };
            same_account = role_acct.account.id == caller.account_id;
            trust = role_acct
                .compiled
                .get(&compiled_key_trust(&role.id))
                .cloned();
            set_tags(ctx, "iam:ResourceTag", &role.tags);
            if let Some(x) = input.opt_str("ExternalId") {
                ctx.set("sts:ExternalId", x.to_string());
            }
            if let Some(x) = input.opt_str("RoleSessionName") {
                ctx.set("sts:RoleSessionName", x.to_string());
            }
            if let Some(x) = input.opt_str("SourceIdentity") {
                ctx.set("sts:SourceIdentity", x.to_string());
            }
            request.principal = Some(PrincipalRef::Aws {
                arn: caller_arn.clone(),
                account_id: caller.account_id.clone(),
                role_arn: match &caller.principal {
                    Principal::AssumedRole { role_arn, .. } => Some(role_arn.clone()),
                    _ => None,
                },
            });
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
        let task_policy = root_task.and_then(|arn| Some((arn, managed(acct, arn)?)));
        let mut identity: Vec<PolicyRef> = match &principal.identity {
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
        if let Some((name, policy)) = &task_policy {
            identity.push(PolicyRef { policy, name });
        }
        let boundary: Option<Vec<PolicyRef>> = principal.boundary.as_ref().map(|(name, p)| {
            p.iter()
                .map(|p| PolicyRef {
                    policy: p,
                    name: name.as_str(),
                })
                .collect()
        });
        let session_policies = self.session_policies(acct, session);
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
            session: session_policies.as_ref().map(|list| {
                list.iter()
                    .map(|(n, p)| PolicyRef {
                        policy: p,
                        name: n.as_str(),
                    })
                    .collect()
            }),
            scps,
            same_account,
        };
        let _ = &principal.tags;
        let result = evaluate(&request, &eval);
        // For AssumeRole the trust policy must allow in every case, same account included.
        let trusted = !assume_role
            || result.matched.iter().any(|m| {
                m.policy_type == iam_policy::PolicyType::Resource
                    && m.effect == iam_policy::Effect::Allow
            });
        let explicit_deny = result.decision == Decision::ExplicitDeny;
        if !explicit_deny && crate::actions::passwords::account_grants(acct, caller, op.action) {
            return Ok(());
        }
        if result.decision == Decision::Allow && trusted {
            return Ok(());
        }
        let reason = if assume_role && !trusted && !explicit_deny {
            String::new()
        } else {
            let r = result
                .denied_by
                .map(|r| r.describe(&permission))
                .unwrap_or_else(|| {
                    format!("because no identity-based policy allows the {permission} action")
                });
            format!(" {r}")
        };
        let statements: Vec<String> = result
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
        if self.enforcement == EnforcementMode::AuditOnly {
            tracing::warn!(
                request_id = info.request_id,
                permission,
                resource,
                reason,
                ?statements,
                "audit mode: would deny, allowed"
            );
            return Ok(());
        }
        tracing::info!(
            request_id = info.request_id,
            ?statements,
            "decision statements"
        );
        Err(deny(&reason))
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
