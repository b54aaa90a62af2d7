//! Gathering what a principal brings to a decision: its identity-based policies (a user's own
//! and its groups', a role's), its permissions boundary and session policies, and the
//! condition keys that describe it — with the per-thread cache of each user's (`UserAuthz`).
use crate::catalog::Catalog;
use crate::entities::{Group, Role, Tag, User};
use crate::service::Iam;
use crate::sessions::{SessionClaims, SessionKind};
use crate::state::{
    AccountState, compiled_key_group, compiled_key_managed, compiled_key_role, compiled_key_user,
};
use iam_partitions::Partition;
use iam_policy::{ContextKeys, Policy};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

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

/// The compiled managed policy `arn` names in `acct`: one of its own, or an AWS-managed
/// policy of its partition.
pub(crate) fn managed(acct: &AccountState, arn: &str) -> Option<Arc<Policy>> {
    if crate::arns::is_aws_managed_policy(arn) {
        return Catalog::get().compiled(acct.partition(), arn);
    }
    let p = acct.policy_by_arn(arn)?;
    acct.compiled.get(&compiled_key_managed(&p.id)).cloned()
}

fn attached(acct: &AccountState, arns: &[String], out: &mut Vec<GatheredPolicy>) {
    for arn in arns {
        if let Some(policy) = managed(acct, arn) {
            let source = if crate::arns::is_aws_managed_policy(arn) {
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
pub(super) mod keys {
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
    pub const PRINCIPAL_ORG_ID: StaticKey = StaticKey::new("aws:principalorgid");
    pub const PRINCIPAL_ORG_PATHS: StaticKey = StaticKey::new("aws:principalorgpaths");
    pub const RESOURCE_ACCOUNT: StaticKey = StaticKey::new("aws:resourceaccount");
    pub const RESOURCE_ORG_ID: StaticKey = StaticKey::new("aws:resourceorgid");
    pub const RESOURCE_ORG_PATHS: StaticKey = StaticKey::new("aws:resourceorgpaths");
}

/// The condition keys that describe a calling IAM user (aws:username, aws:PrincipalTag/…).
pub(crate) fn set_principal_keys(ctx: &mut ContextKeys, user: &User, partition: Partition) {
    ctx.set_static(keys::USERNAME, user.name.clone());
    ctx.set_static(keys::USERID, user.id.clone());
    ctx.set_static(keys::PRINCIPAL_ARN, user.arn(partition));
    ctx.set_static(keys::PRINCIPAL_ACCOUNT, user.account_id.clone());
    ctx.set_static(keys::PRINCIPAL_TYPE, "User");
    set_tags(ctx, "aws:PrincipalTag", &user.tags);
}

pub(super) fn set_tags(ctx: &mut ContextKeys, prefix: &str, tags: &[Tag]) {
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

/// What a principal brings to a decision besides the request itself.
pub(super) struct PrincipalPolicies {
    /// `None`: the root user, whom identity policies do not restrict.
    pub(super) identity: Option<Arc<Vec<GatheredPolicy>>>,
    pub(super) boundary: Option<(String, Option<Arc<Policy>>)>,
}

/// What authorizing a user's request needs of the user, the same for all of its requests until
/// the next write.
pub(crate) struct UserAuthz {
    /// The user's identity policies (its own, then each group's).
    pub(super) policies: Arc<Vec<GatheredPolicy>>,
    /// aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and
    /// aws:PrincipalTag/…: the base of each request's context.
    pub(super) principal_keys: Arc<ContextKeys>,
    /// The permissions boundary's ARN and policy (`None` policy: the ARN names no policy).
    pub(super) boundary: Option<(String, Option<Arc<Policy>>)>,
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
    pub(super) fn cached_user(&self, acct: &AccountState, user: &User) -> Arc<UserAuthz> {
        // INVARIANT (generation): `Iam::write` bumps the generation under the write lock before
        // changing anything, so an entry of the current generation matches the state we read.
        let generation = self.generation.load(std::sync::atomic::Ordering::Acquire);
        let cached = USER_AUTHZ.with_borrow(|servers| {
            let (_, entries) = servers.iter().find(|(i, _)| *i == self.instance)?;
            let (g, entry) = entries.get(user.id.as_str())?;
            (*g == generation).then(|| entry.clone())
        });
        if let Some(entry) = cached {
            return entry;
        }
        let mut principal_keys = ContextKeys::new();
        set_principal_keys(&mut principal_keys, user, acct.partition());
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
            entries.insert(user.id.to_string(), (generation, list.clone()));
        });
        list
    }

    /// The session policies of a session (inline document and managed ARNs), if any were passed.
    pub(super) fn session_policies(
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
