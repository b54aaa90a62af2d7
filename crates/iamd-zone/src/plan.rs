//! The difference between an account's desired and live state, as the exact list of calls to
//! make. Anything live that the spec does not say (a policy attached by hand, a member added
//! outside the spec, an edited trust policy) shows up as a change that undoes it, marked
//! "not in the spec" or with the live and desired documents side by side.
use crate::desired::{ASSUME_POLICY, REVOKE_POLICY};
use crate::model::*;
use crate::policy;
use crate::spec::PasswordPolicy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    User,
    Group,
    Role,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Role => "role",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Change {
    SetPasswordPolicy(PasswordPolicy),
    CreatePolicy {
        name: String,
        document: Value,
        description: Option<String>,
    },
    UpdatePolicy {
        name: String,
        arn: String,
        document: Value,
        live: Value,
        /// Non-default versions to delete first (IAM keeps five).
        delete_versions: Vec<String>,
    },
    DeletePolicy {
        name: String,
        arn: String,
    },
    CreateGroup {
        name: String,
    },
    DeleteGroup {
        name: String,
    },
    CreateRole {
        name: String,
        trust: Value,
        max_session: i32,
        description: Option<String>,
        tags: BTreeMap<String, String>,
    },
    UpdateTrust {
        name: String,
        trust: Value,
        live: Value,
    },
    UpdateRole {
        name: String,
        max_session: i32,
        description: Option<String>,
    },
    DeleteRole {
        name: String,
    },
    SetBoundary {
        kind: Kind,
        name: String,
        arn: Option<String>,
    },
    CreateUser {
        name: String,
        tags: BTreeMap<String, String>,
    },
    TagUser {
        name: String,
        set: BTreeMap<String, String>,
        remove: Vec<String>,
    },
    CreateLoginProfile {
        name: String,
        reset_required: bool,
    },
    DeleteLoginProfile {
        name: String,
    },
    Attach {
        kind: Kind,
        name: String,
        arn: String,
    },
    Detach {
        kind: Kind,
        name: String,
        arn: String,
    },
    PutInline {
        kind: Kind,
        name: String,
        policy: String,
        document: Value,
        live: Option<Value>,
    },
    DeleteInline {
        kind: Kind,
        name: String,
        policy: String,
    },
    AddToGroup {
        user: String,
        group: String,
    },
    RemoveFromGroup {
        user: String,
        group: String,
    },
    /// Revoke the role's sessions issued before now (AWSRevokeOlderSessions).
    RevokeSessions {
        role: String,
        because: String,
    },
    /// Remove a person completely.
    Offboard {
        user: String,
    },
}

impl Change {
    /// Dependency order: creations, then attachments and memberships, then detachments,
    /// then deletions of entities, then of the policies they used.
    pub fn phase(&self) -> usize {
        use Change::*;
        match self {
            SetPasswordPolicy(_)
            | CreatePolicy { .. }
            | UpdatePolicy { .. }
            | CreateGroup { .. }
            | CreateRole { .. }
            | CreateUser { .. } => 0,
            UpdateTrust { .. }
            | UpdateRole { .. }
            | SetBoundary { .. }
            | TagUser { .. }
            | CreateLoginProfile { .. }
            | DeleteLoginProfile { .. }
            | Attach { .. }
            | PutInline { .. }
            | AddToGroup { .. }
            | RevokeSessions { .. } => 1,
            Detach { .. } | DeleteInline { .. } | RemoveFromGroup { .. } => 2,
            Offboard { .. } | DeleteRole { .. } | DeleteGroup { .. } => 3,
            DeletePolicy { .. } => 4,
        }
    }

    /// `+` create, `~` change, `-` remove.
    pub fn sign(&self) -> char {
        use Change::*;
        match self {
            CreatePolicy { .. }
            | CreateGroup { .. }
            | CreateRole { .. }
            | CreateUser { .. }
            | CreateLoginProfile { .. }
            | Attach { .. }
            | AddToGroup { .. } => '+',
            PutInline { live: None, .. } => '+',
            DeletePolicy { .. }
            | DeleteGroup { .. }
            | DeleteRole { .. }
            | DeleteLoginProfile { .. }
            | Detach { .. }
            | DeleteInline { .. }
            | RemoveFromGroup { .. }
            | Offboard { .. } => '-',
            _ => '~',
        }
    }
}

fn short(v: &Value) -> String {
    policy::canonical(v).to_string()
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Change::*;
        let s = self.sign();
        match self {
            SetPasswordPolicy(p) => write!(
                f,
                "{s} set the password policy (minimum length {}, reuse prevention {}, max age {})",
                p.minimum_length.map_or("-".into(), |n| n.to_string()),
                p.reuse_prevention.map_or("-".into(), |n| n.to_string()),
                p.max_age_days.map_or("-".into(), |n| n.to_string())
            ),
            CreatePolicy { name, .. } => write!(f, "{s} create policy {name}"),
            UpdatePolicy {
                name,
                document,
                live,
                ..
            } => write!(
                f,
                "{s} update policy {name} (new default version)\n      live: {}\n      spec: {}",
                short(live),
                short(document)
            ),
            DeletePolicy { name, .. } => write!(f, "{s} delete policy {name} (not in the spec)"),
            CreateGroup { name } => write!(f, "{s} create group {name}"),
            DeleteGroup { name } => write!(f, "{s} delete group {name} (retired)"),
            CreateRole { name, .. } => write!(f, "{s} create role {name}"),
            UpdateTrust { name, trust, live } => write!(
                f,
                "{s} restore the trust policy of role {name} (edited outside the spec?)\n      live: {}\n      spec: {}",
                short(live),
                short(trust)
            ),
            UpdateRole {
                name,
                max_session,
                description,
            } => write!(
                f,
                "{s} update role {name}: max session {max_session}s, description {:?}",
                description.as_deref().unwrap_or("")
            ),
            DeleteRole { name } => {
                write!(f, "{s} delete role {name} (disabled or not in the spec)")
            }
            SetBoundary { kind, name, arn } => match arn {
                Some(a) => write!(
                    f,
                    "{s} set the permissions boundary of {} {name} to {a}",
                    kind.as_str()
                ),
                None => write!(
                    f,
                    "{s} remove the permissions boundary of {} {name} (not in the spec)",
                    kind.as_str()
                ),
            },
            CreateUser { name, .. } => write!(f, "{s} create user {name}"),
            TagUser { name, set, remove } => {
                write!(f, "{s} tags of user {name}:")?;
                for (k, v) in set {
                    write!(f, " +{k}={v}")?;
                }
                for k in remove {
                    write!(f, " -{k}")?;
                }
                Ok(())
            }
            CreateLoginProfile {
                name,
                reset_required,
            } => write!(
                f,
                "{s} console access for user {name} (random initial password{})",
                if *reset_required {
                    ", reset at first sign-in"
                } else {
                    ""
                }
            ),
            DeleteLoginProfile { name } => write!(
                f,
                "{s} remove console access of user {name} (not in the spec)"
            ),
            Attach { kind, name, arn } => write!(f, "{s} attach {arn} to {} {name}", kind.as_str()),
            Detach { kind, name, arn } => write!(
                f,
                "{s} detach {arn} from {} {name} (not in the spec)",
                kind.as_str()
            ),
            PutInline {
                kind,
                name,
                policy,
                document,
                live,
            } => match live {
                None => write!(
                    f,
                    "{s} put inline policy {policy} on {} {name}",
                    kind.as_str()
                ),
                Some(l) => write!(
                    f,
                    "{s} update inline policy {policy} of {} {name}\n      live: {}\n      spec: {}",
                    kind.as_str(),
                    short(l),
                    short(document)
                ),
            },
            DeleteInline { kind, name, policy } => write!(
                f,
                "{s} delete inline policy {policy} of {} {name} (not in the spec)",
                kind.as_str()
            ),
            AddToGroup { user, group } => write!(f, "{s} add user {user} to group {group}"),
            RemoveFromGroup { user, group } => write!(
                f,
                "{s} remove user {user} from group {group} (not in the spec)"
            ),
            RevokeSessions { role, because } => write!(
                f,
                "{s} revoke the sessions of role {role} issued before now ({REVOKE_POLICY}; {because} was offboarded)"
            ),
            Offboard { user } => write!(
                f,
                "{s} offboard user {user}: access keys, login profile, MFA devices, SSH keys, signing certificates, service-specific credentials, groups, policies, then the user"
            ),
        }
    }
}

/// What plan knows about ownership beyond the two states.
pub struct DiffContext<'a> {
    /// Users to offboard even when not tagged (the spec's `offboard` list).
    pub offboard: &'a [String],
    /// Groups to delete (the spec's `retired_groups`).
    pub retired_groups: &'a [String],
}

/// The changes that take `live` to `desired`.
pub fn diff(desired: &AccountModel, live: &AccountModel, ctx: &DiffContext<'_>) -> Vec<Change> {
    let mut out = Vec::new();

    if let Some(p) = &desired.password_policy
        && live.password_policy.as_ref() != Some(p)
    {
        out.push(Change::SetPasswordPolicy(p.clone()));
    }

    // Policies.
    for (name, p) in &desired.policies {
        match live.policies.get(name) {
            None => out.push(Change::CreatePolicy {
                name: name.clone(),
                document: p.document.clone(),
                description: p.description.clone(),
            }),
            Some(l) if !policy::same(&l.document, &p.document) => {
                // Oldest first: v2 before v10.
                let mut versions = l.old_versions.clone();
                versions.sort_by_key(|v| v.trim_start_matches('v').parse::<u64>().unwrap_or(0));
                let delete_versions = if versions.len() >= 4 {
                    versions[..versions.len() - 3].to_vec()
                } else {
                    vec![]
                };
                out.push(Change::UpdatePolicy {
                    name: name.clone(),
                    arn: l.arn.clone(),
                    document: p.document.clone(),
                    live: l.document.clone(),
                    delete_versions,
                })
            }
            _ => {}
        }
    }
    for (name, l) in &live.policies {
        if !desired.policies.contains_key(name) && crate::is_managed(&l.tags) {
            out.push(Change::DeletePolicy {
                name: name.clone(),
                arn: l.arn.clone(),
            });
        }
    }

    // Groups.
    let empty_group = GroupModel::default();
    for (name, g) in &desired.groups {
        let l = match live.groups.get(name) {
            Some(l) => l,
            None => {
                out.push(Change::CreateGroup { name: name.clone() });
                &empty_group
            }
        };
        attachments(
            Kind::Group,
            name,
            &g.attached,
            &l.attached,
            g.exclusive,
            &mut out,
        );
        inlines(
            Kind::Group,
            name,
            &g.inline,
            &l.inline,
            g.exclusive,
            &mut out,
        );
    }
    for name in ctx.retired_groups {
        if live.groups.contains_key(name) {
            out.push(Change::DeleteGroup { name: name.clone() });
        }
    }

    // Roles.
    let empty_role = RoleModel::default();
    for (name, r) in &desired.roles {
        let l = match live.roles.get(name) {
            Some(l) => {
                if !policy::same(&l.trust, &r.trust) {
                    out.push(Change::UpdateTrust {
                        name: name.clone(),
                        trust: r.trust.clone(),
                        live: l.trust.clone(),
                    });
                }
                if l.max_session != r.max_session
                    || (r.description.is_some() && l.description != r.description)
                {
                    out.push(Change::UpdateRole {
                        name: name.clone(),
                        max_session: r.max_session,
                        description: r.description.clone(),
                    });
                }
                l
            }
            None => {
                out.push(Change::CreateRole {
                    name: name.clone(),
                    trust: r.trust.clone(),
                    max_session: r.max_session,
                    description: r.description.clone(),
                    tags: r.tags.clone(),
                });
                &empty_role
            }
        };
        if l.boundary != r.boundary && (r.boundary.is_some() || r.exclusive) {
            out.push(Change::SetBoundary {
                kind: Kind::Role,
                name: name.clone(),
                arn: r.boundary.clone(),
            });
        }
        attachments(
            Kind::Role,
            name,
            &r.attached,
            &l.attached,
            r.exclusive,
            &mut out,
        );
        inlines(
            Kind::Role,
            name,
            &r.inline,
            &l.inline,
            r.exclusive,
            &mut out,
        );
    }
    for (name, l) in &live.roles {
        if !desired.roles.contains_key(name) && crate::is_managed(&l.tags) {
            out.push(Change::DeleteRole { name: name.clone() });
        }
    }

    // Users.
    let empty_user = UserModel::default();
    for (name, u) in &desired.users {
        let l = match live.users.get(name) {
            Some(l) => l,
            None => {
                out.push(Change::CreateUser {
                    name: name.clone(),
                    tags: u.tags.clone(),
                });
                &empty_user
            }
        };
        if live.users.contains_key(name) {
            let set: BTreeMap<_, _> = u
                .tags
                .iter()
                .filter(|(k, v)| l.tags.get(*k) != Some(v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let remove: Vec<_> = if u.exclusive {
                l.tags
                    .keys()
                    .filter(|k| !u.tags.contains_key(*k))
                    .cloned()
                    .collect()
            } else {
                vec![]
            };
            if !set.is_empty() || !remove.is_empty() {
                out.push(Change::TagUser {
                    name: name.clone(),
                    set,
                    remove,
                });
            }
        }
        if u.console && !l.console {
            out.push(Change::CreateLoginProfile {
                name: name.clone(),
                reset_required: u.password_reset_required,
            });
        } else if !u.console && l.console && u.exclusive {
            out.push(Change::DeleteLoginProfile { name: name.clone() });
        }
        if l.boundary != u.boundary && (u.boundary.is_some() || u.exclusive) {
            out.push(Change::SetBoundary {
                kind: Kind::User,
                name: name.clone(),
                arn: u.boundary.clone(),
            });
        }
        attachments(
            Kind::User,
            name,
            &u.attached,
            &l.attached,
            u.exclusive,
            &mut out,
        );
        inlines(
            Kind::User,
            name,
            &u.inline,
            &l.inline,
            u.exclusive,
            &mut out,
        );
        for g in &u.groups {
            if !l.groups.iter().any(|lg| lg.eq_ignore_ascii_case(g)) {
                out.push(Change::AddToGroup {
                    user: name.clone(),
                    group: g.clone(),
                });
            }
        }
        for g in &l.groups {
            let in_spec = u.groups.iter().any(|sg| sg.eq_ignore_ascii_case(g));
            let group_exclusive = desired.groups.get(g).is_some_and(|dg| dg.exclusive);
            if !in_spec && (u.exclusive || group_exclusive) {
                out.push(Change::RemoveFromGroup {
                    user: name.clone(),
                    group: g.clone(),
                });
            }
        }
    }
    // Members of spec groups who are not in the spec (added by hand): removed from exclusive
    // groups. People to offboard are removed whole below.
    for (name, l) in &live.users {
        if desired.users.contains_key(name) {
            continue;
        }
        let offboard = crate::is_managed(&l.tags) || ctx.offboard.iter().any(|o| o == name);
        if offboard {
            out.push(Change::Offboard { user: name.clone() });
            continue;
        }
        for g in &l.groups {
            if desired.groups.get(g).is_some_and(|dg| dg.exclusive) {
                out.push(Change::RemoveFromGroup {
                    user: name.clone(),
                    group: g.clone(),
                });
            }
        }
    }
    out
}

fn attachments(
    kind: Kind,
    name: &str,
    desired: &BTreeSet<String>,
    live: &BTreeSet<String>,
    exclusive: bool,
    out: &mut Vec<Change>,
) {
    for arn in desired.difference(live) {
        out.push(Change::Attach {
            kind,
            name: name.into(),
            arn: arn.clone(),
        });
    }
    if exclusive {
        for arn in live.difference(desired) {
            out.push(Change::Detach {
                kind,
                name: name.into(),
                arn: arn.clone(),
            });
        }
    }
}

fn inlines(
    kind: Kind,
    name: &str,
    desired: &BTreeMap<String, Value>,
    live: &BTreeMap<String, Value>,
    exclusive: bool,
    out: &mut Vec<Change>,
) {
    for (p, doc) in desired {
        match live.get(p) {
            Some(l) if policy::same(l, doc) => {}
            l => out.push(Change::PutInline {
                kind,
                name: name.into(),
                policy: p.clone(),
                document: doc.clone(),
                live: l.cloned(),
            }),
        }
    }
    // The assume-roles policy is always the spec's; a revocation policy is never drift.
    for p in live.keys() {
        if !desired.contains_key(p) && p != REVOKE_POLICY && (exclusive || p == ASSUME_POLICY) {
            out.push(Change::DeleteInline {
                kind,
                name: name.into(),
                policy: p.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> DiffContext<'static> {
        DiffContext {
            offboard: &[],
            retired_groups: &[],
        }
    }

    #[test]
    fn a_sixth_policy_version_first_deletes_the_oldest() {
        let doc = |a: &str| json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": a, "Resource": "*"}]});
        let mut want = AccountModel::default();
        want.policies.insert(
            "p".into(),
            PolicyModel {
                document: doc("s3:*"),
                ..Default::default()
            },
        );
        let mut live = AccountModel::default();
        live.policies.insert(
            "p".into(),
            PolicyModel {
                arn: "arn:aws:iam::111111111111:policy/p".into(),
                document: doc("ec2:*"),
                old_versions: vec!["v10".into(), "v9".into(), "v2".into(), "v3".into()],
                ..Default::default()
            },
        );
        let changes = diff(&want, &live, &ctx());
        match &changes[..] {
            [
                Change::UpdatePolicy {
                    delete_versions, ..
                },
            ] => assert_eq!(delete_versions, &["v2"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn untagged_people_and_unlisted_groups_are_left_alone() {
        let want = AccountModel::default();
        let mut live = AccountModel::default();
        live.users.insert(
            "someone".into(),
            UserModel {
                groups: ["x".to_string()].into(),
                ..Default::default()
            },
        );
        live.groups.insert("x".into(), GroupModel::default());
        assert!(diff(&want, &live, &ctx()).is_empty());
        live.users.get_mut("someone").unwrap().tags = crate::managed_tag_map();
        let changes = diff(&want, &live, &ctx());
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].phase(), 3);
        assert!(
            changes[0]
                .to_string()
                .starts_with("- offboard user someone")
        );
    }
}
