//! The decision on one check: `Iam::subject` gathers what the caller brings once per
//! request, `Iam::decide` evaluates one permission on one resource for every kind of principal
//! (users, roles, sessions, federated users, root, member-account root under SCPs), with the
//! resource control policies of the account that owns the resource.
use super::gather::*;
use super::*;
use crate::entities::Tag;
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::operations::{Operation, Resource};
use crate::organizations::rcp_governs;
use crate::service::{Caller, Iam, Principal};
use crate::sessions::SessionKind;
use crate::state::{AccountState, State, compiled_key_trust};
use iam_policy::{
    ContextKeys, Decision, EvaluationInput, Policy, PolicyRef, PrincipalRef, RequestContext,
    evaluate,
};
use std::sync::Arc;

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
    /// A session of a service-linked role: RCPs never restrict calls made with one
    /// (Organizations User Guide: orgs_manage_policies_rcps, "Resources and entities not
    /// restricted by RCPs").
    service_linked: bool,
    /// The caller's organization: its ID and the account's path (`aws:PrincipalOrgID`,
    /// `aws:PrincipalOrgPaths`).
    org: Option<(String, String)>,
}

impl Iam {
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
        let mut service_linked = false;
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
                        service_linked = role.is_service_linked();
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
            service_linked,
            org: state.organizations.org_keys(&caller.account_id),
        })
    }

    /// The decision on one check of a request, for every kind of principal: identity policies
    /// (the root user's implicit full access), boundary, session policies, SCPs, the RCPs of
    /// the resource's account, and — for the sts:AssumeRole family — the target role's trust
    /// policy, which must allow.
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
        // The RCPs of the account that owns the resource, whoever calls (for a role to assume,
        // its account's: below). The action's service must support RCPs: first, and cheapest.
        let resource_account = (!trust_target && rcp_governs(check.permission))
            .then(|| arn_account(&check.resource))
            .flatten();
        let mut rcps = rcp_sets(state, subject, check.permission, resource_account);
        // INVARIANT (root-unrestricted): the root user is not subject to identity policies;
        // only a role's trust policy, the SCPs of a member account, or the RCPs of a member
        // account's resources can refuse it. An AssumeRoot session is the root user restricted
        // by its root-task policy.
        if matches!(caller.principal, Principal::Root)
            && !trust_target
            && subject.scps.is_none()
            && rcps.is_none()
            && !subject.root_task
        {
            return Authorization::allow(check);
        }
        let mut request = request_context(caller, subject, op, &check, input, info);
        // sts:AssumeRole & co: the target role's trust policy is the resource-based policy.
        let mut trust: Option<Arc<Policy>> = None;
        let mut same_account = true;
        let mut resource_tags: Option<&[Tag]> = None;
        if trust_target {
            let Some((role_acct, role)) = state.assumable_role(&check.resource) else {
                return Authorization::deny(check, String::new(), Vec::new());
            };
            same_account = role_acct.account.id == caller.account_id;
            trust = role_acct
                .compiled
                .get(&compiled_key_trust(&role.id))
                .cloned();
            resource_tags = Some(&role.tags[..]);
            request.principal = Some(principal_ref(caller, subject.stale_role));
            // A service-linked role's trust policy is not subject to RCPs.
            if !role.is_service_linked() {
                rcps = rcp_sets(
                    state,
                    subject,
                    check.permission,
                    Some(&role_acct.account.id),
                );
            }
            set_resource_keys(state, &mut request.context, &role_acct.account.id);
        } else if let (Some(account), Some(_)) = (resource_account, &rcps) {
            set_resource_keys(state, &mut request.context, account);
        }

        let eval = evaluation_input(subject, trust.as_ref(), same_account, rcps);
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
        let denied_by_trust = trust_target && !trusted && !explicit_deny;
        denial(check, &result, denied_by_trust)
    }
}

static ROOT_IDENTITY: std::sync::OnceLock<Arc<Policy>> = std::sync::OnceLock::new();

/// The request context of one check: the caller's keys as the base, the request's global keys
/// (time, transport, IAM's region, source IP, user agent), the session's tags, MFA keys, the
/// operation's own keys (its row's extractor), and for role chaining the transitive tags.
fn request_context(
    caller: &Caller,
    subject: &Subject<'_>,
    op: &Operation,
    check: &Check,
    input: &Input,
    info: &RequestInfo,
) -> RequestContext {
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
    if let Some((org, path)) = &subject.org {
        ctx.set_static(keys::PRINCIPAL_ORG_ID, org.clone());
        ctx.set_static(keys::PRINCIPAL_ORG_PATHS, path.clone());
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
    if op.resource == Resource::RoleArn
        && let Some(s) = session
    {
        // Role chaining: the calling session's transitive tags become the new session's
        // tags, so sts:TagSession sees them as requested tags.
        for key in &s.transitive_tag_keys {
            if let Some(t) = s.tags.iter().find(|t| t.key.eq_ignore_ascii_case(key)) {
                ctx.set(&format!("aws:RequestTag/{}", t.key), t.value.clone());
            }
        }
    }
    request
}

/// The policies of one decision: the caller's identity policies (the root user's implicit full
/// access, plus an AssumeRoot session's root-task policy), boundary, session policies, SCPs,
/// and the trust policy of the role an sts:AssumeRole-family check targets.
fn evaluation_input<'a>(
    subject: &'a Subject<'_>,
    trust: Option<&'a Arc<Policy>>,
    same_account: bool,
    rcps: Option<Vec<Vec<PolicyRef<'a>>>>,
) -> EvaluationInput<'a> {
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
    let mut identity: Vec<PolicyRef<'_>> = match &subject.policies.identity {
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
    let boundary: Option<Vec<PolicyRef<'_>>> =
        subject.policies.boundary.as_ref().map(|(name, p)| {
            p.iter()
                .map(|p| PolicyRef {
                    policy: p,
                    name: name.as_str(),
                })
                .collect()
        });
    EvaluationInput {
        identity,
        resource: trust
            .into_iter()
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
        rcps,
        same_account,
    }
}

/// The RCP sets of a request on a resource of `resource_account` (`None` where none apply:
/// see `Organizations::rcp_levels`), unless the caller is a service-linked role's session.
fn rcp_sets<'s>(
    state: &'s State,
    subject: &Subject<'_>,
    permission: &str,
    resource_account: Option<&str>,
) -> Option<Vec<Vec<PolicyRef<'s>>>> {
    if subject.service_linked {
        return None;
    }
    state
        .organizations
        .rcp_levels(permission, resource_account?)
}

/// The account in an ARN (its fifth field, twelve digits): `None` for `*` and account-less ARNs.
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':')
        .nth(4)
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
}

/// The condition keys describing the resource's owner: `aws:ResourceAccount`, and in an
/// organization `aws:ResourceOrgID` and `aws:ResourceOrgPaths` (IAM User Guide:
/// reference_policies_condition-keys, "Properties of the resource").
fn set_resource_keys(state: &State, ctx: &mut ContextKeys, account: &str) {
    ctx.set_static(keys::RESOURCE_ACCOUNT, account.to_string());
    if let Some((org, path)) = state.organizations.org_keys(account) {
        ctx.set_static(keys::RESOURCE_ORG_ID, org);
        ctx.set_static(keys::RESOURCE_ORG_PATHS, path);
    }
}

/// A denial with AWS's explanation (none when a trust policy simply does not allow) and, for
/// the log line, the statements that applied — named only here: formatting them on every
/// allowed request cost more than the decision itself.
fn denial(
    check: Check,
    result: &iam_policy::EvaluationResult<'_>,
    denied_by_trust: bool,
) -> Authorization {
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
    let reason = if denied_by_trust {
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
