//! The one authorization step before dispatch: gathers the caller's policies (user inline and
//! attached, each group's inline and attached, the permissions boundary), builds the request
//! context with AWS's global and action-specific condition keys, and asks `iam_policy` for a
//! decision (IAM User Guide: reference_policies_evaluation-logic).
use crate::catalog::Catalog;
use crate::entities::{Group, Tag, User};
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::operations::Operation;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, compiled_key_group, compiled_key_managed, compiled_key_user};
use iam_policy::{Decision, EvaluationInput, Policy, PolicyRef, RequestContext, evaluate};
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

impl Iam {
    /// Decides whether `caller` may run `op` with `input`; AccessDenied carries AWS's message.
    pub fn authorize(
        &self,
        op: &Operation,
        caller: &Caller,
        input: &Input,
        info: &RequestInfo,
    ) -> IamResult<()> {
        let user_id = match &caller.principal {
            // INVARIANT (root-unrestricted): the root user is not subject to identity policies.
            Principal::Root => return Ok(()),
            Principal::User { id, .. } => id,
        };
        if needs_no_permission(op.action) {
            return Ok(());
        }
        let permission = op.permission();
        let resource = self.resource_arn(op, caller, input);
        let state = self.state.read();
        let acct = Iam::account_of(&state, caller)?;
        let user = acct.users.get(user_id).ok_or_else(|| {
            IamError::InvalidClientTokenId(
                "The security token included in the request is invalid.".into(),
            )
        })?;

        let mut request = RequestContext::new(permission.clone(), resource.clone());
        let ctx = &mut request.context;
        let now = time::OffsetDateTime::now_utc();
        ctx.set(
            "aws:CurrentTime",
            crate::entities::iso8601(now.unix_timestamp()),
        );
        ctx.set("aws:EpochTime", now.unix_timestamp().to_string());
        set_principal_keys(ctx, user);
        ctx.set("aws:SecureTransport", info.secure_transport.to_string());
        ctx.set("aws:ViaAWSService", "false");
        ctx.set("aws:RequestedRegion", info.region.clone());
        if let Some(ip) = &info.source_ip {
            ctx.set("aws:SourceIp", ip.clone());
        }
        if let Some(ua) = &info.user_agent {
            ctx.set("aws:UserAgent", ua.clone());
        }
        // Long-term access keys carry no aws:MultiFactorAuthPresent key at all (AWS: the key is
        // present only for temporary credentials), which is why policies use BoolIfExists.
        // Action-specific keys.
        if let Some(arn) = input
            .opt_str("PolicyArn")
            .filter(|_| op.action.starts_with("Attach") || op.action.starts_with("Detach"))
        {
            ctx.set("iam:PolicyARN", arn.to_string());
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

        let identity = user_policies(acct, user);
        let boundary = user
            .permissions_boundary
            .as_deref()
            .map(|arn| managed(acct, arn));
        let eval = EvaluationInput {
            identity: identity
                .iter()
                .map(|g| PolicyRef {
                    policy: &g.policy,
                    name: &g.name,
                })
                .collect(),
            boundary: boundary.as_ref().map(|b| {
                b.iter()
                    .map(|p| PolicyRef {
                        policy: p,
                        name: user.permissions_boundary.as_deref().unwrap_or_default(),
                    })
                    .collect()
            }),
            ..EvaluationInput::default()
        };
        let result = evaluate(&request, &eval);
        if result.decision == Decision::Allow {
            return Ok(());
        }
        let reason = result
            .denied_by
            .map(|r| r.describe(&permission))
            .unwrap_or_else(|| {
                format!("because no identity-based policy allows the {permission} action")
            });
        let message = format!(
            "User: {} is not authorized to perform: {permission} on resource: {resource} {reason}",
            user.arn()
        );
        let statements: Vec<String> = result
            .matched
            .iter()
            .map(|m| {
                format!(
                    "{}#{}{}",
                    m.policy_name,
                    m.statement_index,
                    m.sid
                        .as_deref()
                        .map(|s| format!("({s})"))
                        .unwrap_or_default()
                )
            })
            .collect();
        if self.enforcement == EnforcementMode::AuditOnly {
            tracing::warn!(request_id = info.request_id, %message, ?statements, "audit mode: would deny, allowed");
            return Ok(());
        }
        tracing::info!(request_id = info.request_id, %message, ?statements, "denied");
        Err(IamError::AccessDenied(message))
    }
}
