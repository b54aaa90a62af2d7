//! Reads one account's live IAM state through the public IAM API: one paginated
//! GetAccountAuthorizationDetails (users with their groups, policies and tags; groups; roles;
//! customer managed policies with their versions), ListRoles (session durations, descriptions),
//! GetLoginProfile for the people concerned and GetAccountPasswordPolicy, in parallel.
use crate::client::api;
use crate::model::*;
use crate::spec::PasswordPolicy;
use crate::{ZoneError, policy};
use aws_sdk_iam::types::EntityType;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub struct ReadOptions {
    /// Users whose console access matters (GetLoginProfile is one call per user); `None`:
    /// every user.
    pub login_profiles_of: Option<BTreeSet<String>>,
    pub password_policy: bool,
    pub concurrency: usize,
}

fn tags(t: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    t.iter().map(|t| (t.key.clone(), t.value.clone())).collect()
}

pub async fn read(
    iam: &aws_sdk_iam::Client,
    opts: &ReadOptions,
) -> Result<AccountModel, ZoneError> {
    let mut m = AccountModel::default();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .filter(EntityType::LocalManagedPolicy)
            .max_items(1000)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| api("GetAccountAuthorizationDetails", e))?;
        for u in out.user_detail_list() {
            let name = u.user_name().unwrap_or_default().to_string();
            let user = UserModel {
                groups: u.group_list().iter().cloned().collect(),
                attached: u
                    .attached_managed_policies()
                    .iter()
                    .filter_map(|p| p.policy_arn.clone())
                    .collect(),
                inline: u
                    .user_policy_list()
                    .iter()
                    .map(|p| {
                        (
                            p.policy_name.clone().unwrap_or_default(),
                            policy::decode(p.policy_document.as_deref().unwrap_or_default()),
                        )
                    })
                    .collect(),
                tags: tags(u.tags()),
                console: false,
                password_reset_required: false,
                boundary: u
                    .permissions_boundary()
                    .and_then(|b| b.permissions_boundary_arn.clone()),
                exclusive: true,
            };
            m.users.insert(name, user);
        }
        for g in out.group_detail_list() {
            let name = g.group_name().unwrap_or_default().to_string();
            m.groups.insert(
                name,
                GroupModel {
                    path: g.path().unwrap_or("/").to_string(),
                    attached: g
                        .attached_managed_policies()
                        .iter()
                        .filter_map(|p| p.policy_arn.clone())
                        .collect(),
                    inline: g
                        .group_policy_list()
                        .iter()
                        .map(|p| {
                            (
                                p.policy_name.clone().unwrap_or_default(),
                                policy::decode(p.policy_document.as_deref().unwrap_or_default()),
                            )
                        })
                        .collect(),
                    exclusive: true,
                },
            );
        }
        for r in out.role_detail_list() {
            let path = r.path().unwrap_or("/").to_string();
            if path.starts_with("/aws-service-role/") {
                continue;
            }
            let name = r.role_name().unwrap_or_default().to_string();
            m.roles.insert(
                name,
                RoleModel {
                    path,
                    trust: policy::decode(r.assume_role_policy_document().unwrap_or_default()),
                    attached: r
                        .attached_managed_policies()
                        .iter()
                        .filter_map(|p| p.policy_arn.clone())
                        .collect(),
                    inline: r
                        .role_policy_list()
                        .iter()
                        .map(|p| {
                            (
                                p.policy_name.clone().unwrap_or_default(),
                                policy::decode(p.policy_document.as_deref().unwrap_or_default()),
                            )
                        })
                        .collect(),
                    boundary: r
                        .permissions_boundary()
                        .and_then(|b| b.permissions_boundary_arn.clone()),
                    max_session: 3600,
                    description: None,
                    tags: tags(r.tags()),
                    exclusive: true,
                },
            );
        }
        for p in out.policies() {
            // The name is the ARN's last segment (moto leaves PolicyName out here).
            let name = p
                .policy_name()
                .map(str::to_string)
                .or_else(|| {
                    p.arn()
                        .and_then(|a| a.rsplit('/').next())
                        .map(str::to_string)
                })
                .unwrap_or_default();
            let default = p.default_version_id().unwrap_or_default();
            let mut document = serde_json::Value::Null;
            let mut old_versions = Vec::new();
            for v in p.policy_version_list() {
                if v.is_default_version || v.version_id() == Some(default) {
                    document = policy::decode(v.document().unwrap_or_default());
                } else if let Some(id) = v.version_id() {
                    old_versions.push(id.to_string());
                }
            }
            m.policies.insert(
                name,
                PolicyModel {
                    arn: p.arn().unwrap_or_default().to_string(),
                    document,
                    description: p.description().map(str::to_string),
                    old_versions,
                    tags: BTreeMap::new(),
                },
            );
        }
        if out.is_truncated {
            marker = out.marker;
            if marker.is_none() {
                break;
            }
        } else {
            break;
        }
    }

    // Session durations and descriptions are not in the authorization details.
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_roles()
            .max_items(1000)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| api("ListRoles", e))?;
        for r in out.roles() {
            if let Some(role) = m.roles.get_mut(r.role_name()) {
                role.max_session = r.max_session_duration.unwrap_or(3600);
                role.description = r.description.clone().filter(|d| !d.is_empty());
            }
        }
        match (out.is_truncated, out.marker) {
            (true, Some(next)) => marker = Some(next),
            _ => break,
        }
    }

    let sem = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    // Console access of the people concerned.
    let concerned: Vec<String> = match &opts.login_profiles_of {
        Some(names) => names
            .iter()
            .filter(|n| m.users.contains_key(*n))
            .cloned()
            .collect(),
        None => m.users.keys().cloned().collect(),
    };
    for name in concerned {
        let iam = iam.clone();
        let sem = sem.clone();
        tasks.spawn(async move {
            let _permit = sem.acquire().await;
            match iam.get_login_profile().user_name(&name).send().await {
                Ok(out) => Ok(Some((
                    name,
                    out.login_profile
                        .map(|p| p.password_reset_required)
                        .unwrap_or(false),
                ))),
                Err(e) if crate::client::code(&e) == Some("NoSuchEntity") => Ok(None),
                Err(e) => Err(api(&format!("GetLoginProfile {name}"), e)),
            }
        });
    }
    // Tags of customer managed policies (not in the authorization details): ownership.
    for (name, p) in &m.policies {
        let iam = iam.clone();
        let sem = sem.clone();
        let (name, arn) = (name.clone(), p.arn.clone());
        tasks.spawn(async move {
            let _permit = sem.acquire().await;
            match iam.list_policy_tags().policy_arn(&arn).send().await {
                Ok(out) => {
                    if crate::is_managed(&tags(out.tags())) {
                        Ok(Some((format!("\0policy:{name}"), true)))
                    } else {
                        Ok(None)
                    }
                }
                Err(e) => Err(api(&format!("ListPolicyTags {name}"), e)),
            }
        });
    }
    while let Some(r) = tasks.join_next().await {
        if let Some((key, flag)) = r.map_err(|e| ZoneError::new(format!("task: {e}")))?? {
            if let Some(p) = key.strip_prefix("\0policy:") {
                if let Some(pol) = m.policies.get_mut(p) {
                    pol.tags
                        .insert(crate::MANAGED_TAG.into(), crate::MANAGED_VALUE.into());
                }
            } else if let Some(u) = m.users.get_mut(&key) {
                u.console = true;
                u.password_reset_required = flag;
            }
        }
    }

    if opts.password_policy {
        m.password_policy = match iam.get_account_password_policy().send().await {
            Ok(out) => out.password_policy.map(|p| PasswordPolicy {
                minimum_length: p.minimum_password_length,
                require_symbols: p.require_symbols,
                require_numbers: p.require_numbers,
                require_uppercase: p.require_uppercase_characters,
                require_lowercase: p.require_lowercase_characters,
                allow_users_to_change: p.allow_users_to_change_password,
                max_age_days: p.max_password_age,
                reuse_prevention: p.password_reuse_prevention,
                hard_expiry: p.hard_expiry.unwrap_or(false),
            }),
            Err(e) if crate::client::code(&e) == Some("NoSuchEntity") => None,
            Err(e) => return Err(api("GetAccountPasswordPolicy", e)),
        };
    }
    Ok(m)
}
