//! The spec turned into each account's desired IAM state.
use crate::model::*;
use crate::policy;
use crate::spec::Spec;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The inline policy a group gets for its role grants.
pub const ASSUME_POLICY: &str = "iamd-assume-roles";
/// AWS's name for the revoke-older-sessions policy (never removed as drift).
pub const REVOKE_POLICY: &str = "AWSRevokeOlderSessions";

/// An account of the plan: its spec name, ID (or a placeholder until created) and type.
#[derive(Debug, Clone)]
pub struct AccountRef {
    pub name: String,
    pub id: String,
    pub account_type: Option<String>,
    pub central: bool,
}

pub fn policy_arn(account: &str, reference: &str) -> String {
    if reference.starts_with("arn:") {
        reference.to_string()
    } else {
        format!("arn:aws:iam::{account}:policy/{reference}")
    }
}

pub fn role_arn(account: &str, role: &str) -> String {
    format!("arn:aws:iam::{account}:role/{role}")
}

/// The trust policy of every spec role: the central account, with MFA unless the role opts out
/// (AWS's documented cross-account pattern, id_credentials_mfa_configure-api-require).
pub fn trust_policy(central: &str, require_mfa: bool) -> Value {
    let mut statement = json!({
        "Sid": "CentralAccount",
        "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{central}:root")},
        "Action": "sts:AssumeRole",
    });
    if require_mfa {
        statement["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

fn managed_tags(extra: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut t = extra.clone();
    t.insert(crate::MANAGED_TAG.into(), crate::MANAGED_VALUE.into());
    t
}

/// The (account, role) pairs a group's assume-roles policy names (as read back live).
pub fn assume_targets(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let statements = match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    for st in statements {
        let list: Vec<String> = match &st["Resource"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        };
        for arn in list {
            // arn:aws:iam::ACCOUNT:role/NAME
            let account = arn.split(':').nth(4).unwrap_or_default().to_string();
            let role = arn.rsplit('/').next().unwrap_or_default().to_string();
            if !account.is_empty() && arn.contains(":role/") {
                out.push((account, role));
            }
        }
    }
    out
}

/// The (account, role) pairs a group's members may assume.
pub fn grants_of(spec: &Spec, accounts: &[AccountRef], group: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    if let Some(grants) = spec.group_map.get(group) {
        for g in grants {
            let Some(role) = spec.roles.get(&g.role) else {
                continue;
            };
            if !role.enabled {
                continue;
            }
            for a in accounts {
                if let Some(t) = &a.account_type
                    && g.account_types.contains(t)
                    && spec.role_in_type(role, t)
                {
                    out.insert((a.id.clone(), g.role.clone()));
                }
            }
        }
    }
    if let Some((acct, role)) = spec.cross_account_groups().get(group)
        && let Some(a) = accounts.iter().find(|a| &a.name == acct)
    {
        out.insert((a.id.clone(), role.clone()));
    }
    out
}

/// The desired state of one account.
pub fn desired(spec: &Spec, accounts: &[AccountRef], this: &AccountRef) -> AccountModel {
    let mut m = AccountModel::default();
    let central_id = accounts
        .iter()
        .find(|a| a.central)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let all_policies = spec.all_policies();
    let mut used_policies: BTreeSet<String> = BTreeSet::new();
    let use_ref = |r: &str, used: &mut BTreeSet<String>| -> String {
        if !r.starts_with("arn:") {
            used.insert(r.to_string());
        }
        policy_arn(&this.id, r)
    };

    // Roles of this account's type.
    if let Some(t) = &this.account_type {
        for (name, r) in &spec.roles {
            if !r.enabled || !spec.role_in_type(r, t) {
                continue;
            }
            let attached = r
                .policies
                .iter()
                .map(|p| use_ref(p, &mut used_policies))
                .collect();
            let boundary = r
                .boundary
                .as_deref()
                .map(|b| use_ref(b, &mut used_policies));
            m.roles.insert(
                name.clone(),
                RoleModel {
                    path: "/".into(),
                    trust: trust_policy(&central_id, r.require_mfa),
                    attached,
                    inline: r
                        .inline
                        .iter()
                        .map(|(k, v)| (k.clone(), policy::from_spec(v)))
                        .collect(),
                    boundary,
                    max_session: r.max_session_duration.unwrap_or(3600),
                    description: r.description.clone(),
                    tags: managed_tags(&BTreeMap::new()),
                    exclusive: r.exclusive,
                },
            );
        }
    }

    if this.central {
        for (name, g) in spec.all_groups() {
            let mut inline: BTreeMap<String, Value> = g
                .inline
                .iter()
                .map(|(k, v)| (k.clone(), policy::from_spec(v)))
                .collect();
            let grants = grants_of(spec, accounts, &name);
            if !grants.is_empty() {
                let resources: Vec<String> = grants.iter().map(|(a, r)| role_arn(a, r)).collect();
                inline.insert(
                    ASSUME_POLICY.into(),
                    json!({
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Sid": "AssumeMappedRoles",
                            "Effect": "Allow",
                            "Action": "sts:AssumeRole",
                            "Resource": resources,
                        }]
                    }),
                );
            }
            m.groups.insert(
                name,
                GroupModel {
                    path: "/".into(),
                    attached: g
                        .policies
                        .iter()
                        .map(|p| use_ref(p, &mut used_policies))
                        .collect(),
                    inline,
                    exclusive: g.exclusive,
                },
            );
        }
        for (name, u) in &spec.user_map {
            m.users.insert(
                name.clone(),
                UserModel {
                    groups: u.groups.iter().cloned().collect(),
                    attached: u
                        .policies
                        .iter()
                        .map(|p| use_ref(p, &mut used_policies))
                        .collect(),
                    inline: BTreeMap::new(),
                    tags: managed_tags(&u.tags),
                    console: u.console_access,
                    password_reset_required: u.password_reset_required,
                    boundary: u
                        .boundary
                        .as_deref()
                        .map(|b| use_ref(b, &mut used_policies)),
                    exclusive: u.exclusive,
                },
            );
        }
        m.password_policy = spec.password_rules();
    }

    for name in used_policies {
        if let Some(p) = all_policies.get(&name) {
            m.policies.insert(
                name.clone(),
                PolicyModel {
                    arn: policy_arn(&this.id, &name),
                    document: policy::from_spec(&p.document),
                    description: p.description.clone(),
                    old_versions: vec![],
                    tags: managed_tags(&BTreeMap::new()),
                },
            );
        }
    }
    m
}
