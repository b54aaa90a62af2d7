//! Attaching managed policies to users, groups and roles, and listing attachments:
//! Attach/Detach{User,Group,Role}Policy, ListAttached{User,Group,Role}Policies,
//! ListEntitiesForPolicy (IAM User Guide: access_policies_manage-attach-detach).
use super::managed_policies::{check_policy_arn, resolve_policy};
use super::*;
use crate::entities::*;
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;

/// AWS's default quota of managed policies attached to one user or group.
const MAX_ATTACHED: usize = 10;

enum Target {
    User,
    Group,
    Role,
}

/// An entry of ListEntitiesForPolicy's one paged sequence: groups, then roles, then users.
enum PolicyEntity {
    Group(api::PolicyGroup),
    Role(api::PolicyRole),
    User(api::PolicyUser),
}

impl Iam {
    /// Attaches policy `arn` to the `target` named `name` (a no-op if attached already), or
    /// detaches it.
    async fn attach(
        &self,
        caller: &Caller,
        target: Target,
        name: String,
        arn: String,
        attach: bool,
    ) -> IamResult<()> {
        if attach {
            check_policy_arn(&arn)?;
        }
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (attached, quota) = match target {
                Target::User => (
                    &acct
                        .user_by_name(&name)
                        .ok_or_else(|| IamError::no_such_user(&name))?
                        .attached_policies,
                    "PoliciesPerUser",
                ),
                Target::Group => (
                    &acct
                        .group_by_name(&name)
                        .ok_or_else(|| IamError::no_such_group(&name))?
                        .attached_policies,
                    "PoliciesPerGroup",
                ),
                Target::Role => (
                    &super::roles::find_role(acct, &name)?.attached_policies,
                    "PoliciesPerRole",
                ),
            };
            let present = attached.iter().any(|a| a == &arn);
            let mut list = attached.clone();
            if attach {
                if resolve_policy(acct, &arn).is_none() {
                    return Err(IamError::policy_not_attachable(&arn));
                }
                if present {
                    return Ok(());
                }
                if list.len() >= MAX_ATTACHED {
                    return Err(IamError::LimitExceeded(format!(
                        "Cannot exceed quota for {quota}: {MAX_ATTACHED}"
                    )));
                }
                list.push(arn.clone());
            } else {
                if !present {
                    return Err(IamError::no_such_policy(&arn));
                }
                list.retain(|a| a != &arn);
            }
            match target {
                Target::User => {
                    let mut u = acct
                        .user_by_name(&name)
                        .cloned()
                        .ok_or_else(|| IamError::no_such_user(&name))?;
                    u.attached_policies = list;
                    acct.put_user(tx, u);
                }
                Target::Group => {
                    let mut g = acct
                        .group_by_name(&name)
                        .cloned()
                        .ok_or_else(|| IamError::no_such_group(&name))?;
                    g.attached_policies = list;
                    acct.put_group(tx, g);
                }
                Target::Role => {
                    let mut r = super::roles::find_role(acct, &name)?.clone();
                    r.attached_policies = list;
                    acct.put_role(tx, r);
                }
            }
            Ok(())
        })
        .await
    }

    pub async fn attach_user_policy(
        &self,
        caller: &Caller,
        input: api::AttachUserPolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::User,
            input.user_name,
            input.policy_arn,
            true,
        )
        .await
    }
    pub async fn detach_user_policy(
        &self,
        caller: &Caller,
        input: api::DetachUserPolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::User,
            input.user_name,
            input.policy_arn,
            false,
        )
        .await
    }
    pub async fn attach_group_policy(
        &self,
        caller: &Caller,
        input: api::AttachGroupPolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::Group,
            input.group_name,
            input.policy_arn,
            true,
        )
        .await
    }
    pub async fn detach_group_policy(
        &self,
        caller: &Caller,
        input: api::DetachGroupPolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::Group,
            input.group_name,
            input.policy_arn,
            false,
        )
        .await
    }

    pub async fn attach_role_policy(
        &self,
        caller: &Caller,
        input: api::AttachRolePolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::Role,
            input.role_name,
            input.policy_arn,
            true,
        )
        .await
    }
    pub async fn detach_role_policy(
        &self,
        caller: &Caller,
        input: api::DetachRolePolicyRequest,
    ) -> IamResult<()> {
        self.attach(
            caller,
            Target::Role,
            input.role_name,
            input.policy_arn,
            false,
        )
        .await
    }
    pub async fn list_attached_role_policies(
        &self,
        caller: &Caller,
        input: api::ListAttachedRolePoliciesRequest,
    ) -> IamResult<api::ListAttachedRolePoliciesResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let r = super::roles::find_role(acct, &input.role_name)?;
            let (attached, next) = Self::list_attached(
                acct,
                &r.attached_policies,
                input.path_prefix.as_deref(),
                input.marker.as_deref(),
                input.max_items,
            )?;
            Ok(api::ListAttachedRolePoliciesResponse {
                attached_policies: Some(attached),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    /// One page of the policies in `attached` whose path starts with `path_prefix` (default
    /// `/`), and the next page's marker.
    fn list_attached(
        acct: &AccountState,
        attached: &[String],
        path_prefix: Option<&str>,
        marker: Option<&str>,
        requested_max_items: Option<i32>,
    ) -> IamResult<(Vec<api::AttachedPolicy>, Option<String>)> {
        let prefix = path_prefix.unwrap_or("/");
        let items = attached.iter().enumerate().filter_map(|(i, arn)| {
            let p = resolve_policy(acct, arn)?;
            p.path.starts_with(prefix).then(|| {
                (
                    format!("{i:04}"),
                    api::AttachedPolicy {
                        policy_name: Some(p.name.clone()),
                        policy_arn: Some(arn.clone()),
                    },
                )
            })
        });
        page(items, marker, max_items(requested_max_items))
    }

    pub async fn list_attached_user_policies(
        &self,
        caller: &Caller,
        input: api::ListAttachedUserPoliciesRequest,
    ) -> IamResult<api::ListAttachedUserPoliciesResponse> {
        let name = input.user_name.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = acct
                .user_by_name(name)
                .ok_or_else(|| IamError::no_such_user(name))?;
            let (attached, next) = Self::list_attached(
                acct,
                &u.attached_policies,
                input.path_prefix.as_deref(),
                input.marker.as_deref(),
                input.max_items,
            )?;
            Ok(api::ListAttachedUserPoliciesResponse {
                attached_policies: Some(attached),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn list_attached_group_policies(
        &self,
        caller: &Caller,
        input: api::ListAttachedGroupPoliciesRequest,
    ) -> IamResult<api::ListAttachedGroupPoliciesResponse> {
        let name = input.group_name.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let g = acct
                .group_by_name(name)
                .ok_or_else(|| IamError::no_such_group(name))?;
            let (attached, next) = Self::list_attached(
                acct,
                &g.attached_policies,
                input.path_prefix.as_deref(),
                input.marker.as_deref(),
                input.max_items,
            )?;
            Ok(api::ListAttachedGroupPoliciesResponse {
                attached_policies: Some(attached),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn list_entities_for_policy(
        &self,
        caller: &Caller,
        input: api::ListEntitiesForPolicyRequest,
    ) -> IamResult<api::ListEntitiesForPolicyResponse> {
        let arn = input.policy_arn.as_str();
        let filter = input.entity_filter.as_deref();
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        let usage = input.policy_usage_filter.as_deref();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            // Recorded: test_iam_policies.snapshot.json, test_list_entities_for_policy_errors.
            resolve_policy(acct, arn).ok_or_else(|| IamError::policy_not_attachable(arn))?;
            let want = |kind: &str| filter.is_none_or(|f| f == kind);
            let as_policy = usage != Some("PermissionsBoundary");
            let as_boundary = usage != Some("PermissionsPolicy");
            let user_entry = |u: &User| {
                (
                    format!("u:{}", u.name.to_lowercase()),
                    api::PolicyUser {
                        user_name: Some(u.name.to_string()),
                        user_id: Some(u.id.to_string()),
                    },
                )
            };
            let role_entry = |r: &Role| {
                (
                    format!("r:{}", r.name.to_lowercase()),
                    api::PolicyRole {
                        role_name: Some(r.name.clone()),
                        role_id: Some(r.id.clone()),
                    },
                )
            };
            let mut users: Vec<(String, api::PolicyUser)> = Vec::new();
            let mut groups: Vec<(String, api::PolicyGroup)> = Vec::new();
            let mut roles: Vec<(String, api::PolicyRole)> = Vec::new();
            if let Some(att) = acct.attachments.get(arn).filter(|_| as_policy) {
                if want("User") {
                    for id in &att.users {
                        if let Some(u) = acct.users.get(id).filter(|u| u.path.starts_with(prefix)) {
                            users.push(user_entry(u));
                        }
                    }
                }
                if want("Group") {
                    for id in &att.groups {
                        if let Some(g) = acct.groups.get(id).filter(|g| g.path.starts_with(prefix))
                        {
                            groups.push((
                                format!("g:{}", g.name.to_lowercase()),
                                api::PolicyGroup {
                                    group_name: Some(g.name.clone()),
                                    group_id: Some(g.id.clone()),
                                },
                            ));
                        }
                    }
                }
                if want("Role") {
                    for id in &att.roles {
                        if let Some(r) = acct.roles.get(id).filter(|r| r.path.starts_with(prefix)) {
                            roles.push(role_entry(r));
                        }
                    }
                }
            }
            if as_boundary && want("Role") {
                for r in acct.roles.values() {
                    if r.permissions_boundary.as_deref() == Some(arn)
                        && r.path.starts_with(prefix)
                        && !roles
                            .iter()
                            .any(|(_, v)| v.role_id.as_deref() == Some(r.id.as_str()))
                    {
                        roles.push(role_entry(r));
                    }
                }
            }
            if as_boundary && want("User") && acct.boundary_usage.get(arn).copied().unwrap_or(0) > 0
            {
                for u in acct.users.values() {
                    if u.permissions_boundary.as_deref() == Some(arn)
                        && u.path.starts_with(prefix)
                        && !users
                            .iter()
                            .any(|(_, v)| v.user_id.as_deref() == Some(u.id.as_str()))
                    {
                        users.push(user_entry(u));
                    }
                }
            }
            users.sort_by(|a, b| a.0.cmp(&b.0));
            groups.sort_by(|a, b| a.0.cmp(&b.0));
            roles.sort_by(|a, b| a.0.cmp(&b.0));
            // One marker over groups, then roles, then users (keys g: < r: < u:).
            let items = groups
                .into_iter()
                .map(|(k, v)| (k, PolicyEntity::Group(v)))
                .chain(roles.into_iter().map(|(k, v)| (k, PolicyEntity::Role(v))))
                .chain(users.into_iter().map(|(k, v)| (k, PolicyEntity::User(v))));
            let (list, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            let mut policy_groups = Vec::new();
            let mut policy_roles = Vec::new();
            let mut policy_users = Vec::new();
            for entity in list {
                match entity {
                    PolicyEntity::Group(g) => policy_groups.push(g),
                    PolicyEntity::Role(r) => policy_roles.push(r),
                    PolicyEntity::User(u) => policy_users.push(u),
                }
            }
            Ok(api::ListEntitiesForPolicyResponse {
                policy_groups: Some(policy_groups),
                policy_users: Some(policy_users),
                policy_roles: Some(policy_roles),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
