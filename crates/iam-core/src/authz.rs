//! The one authorization step before dispatch: gathers the caller's policies (user inline and
//! attached, each group's inline and attached, the permissions boundary), builds the request
//! context with AWS's global and action-specific condition keys, and asks `iam_policy` for a
//! decision (IAM User Guide: reference_policies_evaluation-logic).
use crate::catalog::Catalog;
use crate::entities::{Tag, User};
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

fn managed(acct: &AccountState, arn: &str) -> Option<Arc<Policy>> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        return Catalog::get().compiled(arn);
    }
    let p = acct.policy_by_arn(arn)?;
    acct.compiled.get(&compiled_key_managed(&p.id)).cloned()
}

/// The identity-based policies of a user, named as AWS reports them (ARN or inline name).
fn identity_policies(acct: &AccountState, user: &User) -> Vec<(String, Arc<Policy>)> {
    let mut out = Vec::new();
    for name in user.inline_policies.keys() {
        if let Some(p) = acct.compiled.get(&compiled_key_user(&user.id, name)) {
            out.push((name.clone(), p.clone()));
        }
    }
    for arn in &user.attached_policies {
        if let Some(p) = managed(acct, arn) {
            out.push((arn.clone(), p));
        }
    }
    for gid in &user.groups {
        let Some(g) = acct.groups.get(gid) else {
            continue;
        };
        for name in g.inline_policies.keys() {
            if let Some(p) = acct.compiled.get(&compiled_key_group(&g.id, name)) {
                out.push((name.clone(), p.clone()));
            }
        }
        for arn in &g.attached_policies {
            if let Some(p) = managed(acct, arn) {
                out.push((arn.clone(), p));
            }
        }
    }
    out
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
        ctx.set("aws:username", user.name.clone());
        ctx.set("aws:userid", user.id.clone());
        ctx.set("aws:PrincipalArn", user.arn());
        ctx.set("aws:PrincipalAccount", caller.account_id.clone());
        ctx.set("aws:PrincipalType", "User");
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
        set_tags(ctx, "aws:PrincipalTag", &user.tags);
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

        let identity = identity_policies(acct, user);
        let boundary = user
            .permissions_boundary
            .as_deref()
            .map(|arn| managed(acct, arn));
        let eval = EvaluationInput {
            identity: identity
                .iter()
                .map(|(n, p)| PolicyRef { policy: p, name: n })
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
