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
        let state = self.state.read();
        // The SCPs of the caller's account, one set per level root → OUs → account: `None`
        // outside an organization with SCPs enabled, and for its management account, which
        // SCPs never restrict (Organizations User Guide: orgs_manage_policies_scps).
        let scps = state.organizations.scp_levels(&caller.account_id);
        // Fast path for the root user's long-term keys outside SCPs: the same outcome as the
        // root-unrestricted check below, without building the resource ARN and messages first.
        if matches!(caller.principal, Principal::Root)
            && caller.session.is_none()
            && op.action != "AssumeRole"
            && scps.is_none()
        {
            return Ok(());
        }
        let permission = op.permission();
        let resource = Self::resource_arn_in(&state, op, caller, input);
        let deny = |reason: &str| {
            let caller_arn = caller.arn();
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
        if self.enforcement == EnforcementMode::Off {
            return Ok(());
        }
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
        // The caller's keys first: a user's come prebuilt from the cache as the context's base.
        let (principal, principal_keys) = match &caller.principal {
            Principal::Root => {
                let mut ctx = ContextKeys::for_request();
                ctx.set_static(keys::PRINCIPAL_ARN, caller.arn());
                ctx.set_static(keys::PRINCIPAL_TYPE, "Account");
                ctx.set_static(keys::USERID, caller.account_id.clone());
                ctx.set_static(keys::PRINCIPAL_ACCOUNT, caller.account_id.clone());
                ctx.set_static(keys::VIA_AWS_SERVICE, "false");
                let policies = PrincipalPolicies {
                    identity: None,
                    boundary: None,
                };
                (policies, ctx)
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
                (
                    policies,
                    ContextKeys::with_base(cached.principal_keys.clone()),
                )
            }
            Principal::AssumedRole {
                role_id, role_arn, ..
            } => {
                let mut ctx = ContextKeys::for_request();
                ctx.set_static(keys::PRINCIPAL_ARN, role_arn.clone());
                ctx.set_static(keys::PRINCIPAL_TYPE, "AssumedRole");
                ctx.set_static(keys::USERID, caller.user_id());
                ctx.set_static(keys::PRINCIPAL_ACCOUNT, caller.account_id.clone());
                ctx.set_static(keys::VIA_AWS_SERVICE, "false");
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
                    None => PrincipalPolicies {
                        identity: Some(Arc::new(Vec::new())),
                        boundary: None,
                    },
                };
                (policies, ctx)
            }
            // A federated user session: the issuing user's policies (the root user's implicit
            // full access), intersected below with the session policies passed.
            Principal::FederatedUser { user_id, .. } => {
                let mut ctx = ContextKeys::for_request();
                ctx.set_static(keys::PRINCIPAL_ARN, caller.arn());
                ctx.set_static(keys::PRINCIPAL_TYPE, "FederatedUser");
                ctx.set_static(keys::USERID, caller.user_id());
                ctx.set_static(keys::PRINCIPAL_ACCOUNT, caller.account_id.clone());
                ctx.set_static(keys::VIA_AWS_SERVICE, "false");
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
                (policies, ctx)
            }
        };
        let mut request = RequestContext::new(permission, resource.clone());
        request.context = principal_keys;
        let ctx = &mut request.context;
        let now = crate::entities::now();
        ctx.set_static(keys::CURRENT_TIME, crate::entities::iso8601(now));
        ctx.set_static(keys::EPOCH_TIME, now.to_string());
        ctx.set_static(keys::SECURE_TRANSPORT, info.secure_transport.to_string());
        ctx.set_static(keys::REQUESTED_REGION, info.region.clone());
        if let Some(ip) = &info.source_ip {
            ctx.set_static(keys::SOURCE_IP, ip.clone());
        }
        if let Some(ua) = &info.user_agent {
            ctx.set_static(keys::USER_AGENT, ua.clone());
        }
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
        // sts:AssumeRole: the target role's trust policy is the resource-based policy.
        let mut trust: Option<Arc<Policy>> = None;
        let mut same_account = true;
        let mut assumed_role_tags: Option<&[Tag]> = None;
        if assume_role {
            let Some((role_acct, role)) = target_role(&state, &resource) else {
                return Err(deny(""));
            };
            same_account = role_acct.account.id == caller.account_id;
            trust = role_acct
                .compiled
                .get(&compiled_key_trust(&role.id))
                .cloned();
            assumed_role_tags = Some(&role.tags[..]);
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
                arn: caller.arn(),
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
        // The tags of the user or role the request acts on (IAM User Guide: access_iam-tags,
        // "both iam:ResourceTag and aws:ResourceTag"), looked up only when a policy reads them.
        if eval.reads_resource_tags() {
            let tags = assumed_role_tags
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
                .map(|r| r.describe(permission))
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
