//! Managed policies and their attachments: CreatePolicy … ListEntitiesForPolicy
//! (IAM User Guide: access_policies_managed-versioning, access_policies_manage-attach-detach).
use super::*;
use crate::catalog::Catalog;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{AccountState, State, compiled_key_managed};
use iam_api::iam as api;

const MAX_VERSIONS: usize = 5;
/// AWS's default quota of managed policies attached to one user or group.
const MAX_ATTACHED: usize = 10;

/// A count as the model's integer (counts of entities never come near its limit).
fn model_count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A managed policy as the model's `Policy`: `full` adds the description and tags (GetPolicy,
/// CreatePolicy); ListPolicies leaves them out, as AWS does.
fn policy_shape(p: &ManagedPolicy, acct: &AccountState, full: bool) -> api::Policy {
    let arn = p.arn();
    api::Policy {
        policy_name: Some(p.name.clone()),
        policy_id: Some(p.id.clone()),
        path: Some(p.path.clone()),
        default_version_id: Some(p.default_version.clone()),
        attachment_count: Some(model_count(acct.attachment_count(&arn))),
        permissions_boundary_usage_count: Some(model_count(
            acct.boundary_usage.get(&arn).copied().unwrap_or(0),
        )),
        is_attachable: Some(true),
        description: full.then(|| p.description.clone()).flatten(),
        create_date: Some(iso8601(p.create_date)),
        update_date: Some(iso8601(p.update_date)),
        tags: (full && !p.tags.is_empty()).then(|| tags_out(&p.tags)),
        arn: Some(arn),
    }
}

/// A policy version as the model's `PolicyVersion`, its document (URL-encoded) only when
/// `with_document` (GetPolicyVersion).
fn version_shape(v: &PolicyVersion, default: &str, with_document: bool) -> api::PolicyVersion {
    api::PolicyVersion {
        document: with_document.then(|| url_encode_document(&v.document)),
        version_id: Some(v.version_id.clone()),
        is_default_version: Some(v.version_id == default),
        create_date: Some(iso8601(v.create_date)),
    }
}

/// An entry of ListEntitiesForPolicy's one paged sequence: groups, then roles, then users.
enum PolicyEntity {
    Group(api::PolicyGroup),
    Role(api::PolicyRole),
    User(api::PolicyUser),
}

/// A managed policy visible to the caller's account: its own, or AWS's catalogue.
pub(crate) fn resolve_policy<'a>(acct: &'a AccountState, arn: &str) -> Option<&'a ManagedPolicy> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        Catalog::get().by_arn(arn)
    } else {
        acct.policy_by_arn(arn)
    }
}

fn own_policy<'a>(acct: &'a AccountState, arn: &str) -> IamResult<&'a ManagedPolicy> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        return Err(IamError::UnmodifiableEntity(format!(
            "Cannot modify an AWS managed policy: {arn}."
        )));
    }
    acct.policy_by_arn(arn)
        .ok_or_else(|| IamError::no_such_policy(arn))
}

/// AWS refuses an ARN that is not a policy ARN before looking anything up.
pub(crate) fn check_policy_arn(arn: &str) -> IamResult<()> {
    let ok = arn
        .strip_prefix("arn:aws:iam::")
        .and_then(|r| r.split_once(":policy/"))
        .is_some_and(|(acct, name)| {
            (acct == "aws" || (acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit())))
                && !name.is_empty()
        });
    if ok {
        Ok(())
    } else {
        Err(IamError::invalid_input(format!("ARN {arn} is not valid.")))
    }
}

enum Target {
    User,
    Group,
    Role,
}

impl Iam {
    pub(crate) fn check_boundary_policy(
        &self,
        state: &State,
        caller: &Caller,
        arn: &str,
    ) -> IamResult<()> {
        let acct = Iam::account_of(state, caller)?;
        if resolve_policy(acct, arn).is_none() {
            return Err(IamError::invalid_input(format!("ARN {arn} is not valid.")));
        }
        Ok(())
    }

    pub async fn create_policy(
        &self,
        caller: &Caller,
        input: api::CreatePolicyRequest,
    ) -> IamResult<api::CreatePolicyResponse> {
        let name = input.policy_name;
        let path = path_or_root(input.path.as_deref());
        let document = input.policy_document;
        let compiled = validate_document(&document, PolicyLimit::Managed, &name)?;
        let description = input.description;
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.policy_names.contains_key(&name.to_lowercase()) {
                return Err(IamError::EntityAlreadyExists(format!(
                    "A policy called {name} already exists. Duplicate names are not allowed."
                )));
            }
            if acct.policies.len() >= self.quotas.policies_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for PoliciesPerAccount: {}",
                    self.quotas.policies_per_account
                )));
            }
            let t = now();
            let policy = ManagedPolicy {
                id: new_id(IdKind::Policy),
                account_id: Some(caller.account_id.clone()),
                name,
                path,
                description,
                create_date: t,
                update_date: t,
                default_version: "v1".into(),
                versions: vec![PolicyVersion {
                    version_id: "v1".into(),
                    document,
                    create_date: t,
                }],
                next_version: 2,
                tags,
            };
            let out = api::CreatePolicyResponse {
                policy: Some(policy_shape(&policy, acct, true)),
            };
            acct.compiled
                .insert(compiled_key_managed(&policy.id), compiled);
            acct.put_policy(tx, policy);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy(
        &self,
        caller: &Caller,
        input: api::GetPolicyRequest,
    ) -> IamResult<api::GetPolicyResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            Ok(api::GetPolicyResponse {
                policy: Some(policy_shape(p, acct, true)),
            })
        })
    }

    pub async fn delete_policy(
        &self,
        caller: &Caller,
        input: api::DeletePolicyRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let p = own_policy(acct, &arn)?;
            if acct.attachment_count(&arn) > 0 || acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0 {
                return Err(IamError::DeleteConflict("Cannot delete a policy attached to entities.".into()));
            }
            if p.versions.len() > 1 {
                return Err(IamError::DeleteConflict(
                    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.".into(),
                ));
            }
            let id = p.id.clone();
            acct.delete_policy(tx, &id);
            Ok(())
        })
        .await
    }

    pub async fn list_policies(
        &self,
        caller: &Caller,
        input: api::ListPoliciesRequest,
    ) -> IamResult<api::ListPoliciesResponse> {
        let scope = input.scope.as_deref().unwrap_or("All");
        let only_attached = input.only_attached.unwrap_or(false);
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        let usage = input.policy_usage_filter.as_deref();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let keep = |p: &ManagedPolicy| {
                let arn = p.arn();
                p.path.starts_with(prefix)
                    && match (only_attached, usage) {
                        (false, _) => true,
                        (true, Some("PermissionsBoundary")) => {
                            acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0
                        }
                        (true, Some("PermissionsPolicy")) => acct.attachment_count(&arn) > 0,
                        (true, _) => {
                            acct.attachment_count(&arn) > 0
                                || acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0
                        }
                    }
            };
            let aws = Catalog::get()
                .policies
                .iter()
                .filter(|_| scope != "Local")
                .filter(|p| keep(p))
                .map(|p| (format!("a:{}", p.name.to_lowercase()), p));
            let local = acct
                .policy_names
                .iter()
                .filter(|_| scope != "AWS")
                .filter_map(|(k, id)| acct.policies.get(id).map(|p| (k, p)))
                .filter(|(_, p)| keep(p))
                .map(|(k, p)| (format!("l:{k}"), p));
            let items = aws
                .chain(local)
                .map(|(k, p)| (k, policy_shape(p, acct, false)));
            let (policies, next) = page(items, input.marker.as_deref(), max_items(input.max_items));
            Ok(api::ListPoliciesResponse {
                policies: Some(policies),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn create_policy_version(
        &self,
        caller: &Caller,
        input: api::CreatePolicyVersionRequest,
    ) -> IamResult<api::CreatePolicyVersionResponse> {
        let arn = input.policy_arn;
        let document = input.policy_document;
        let set_default = input.set_as_default.unwrap_or(false);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            let compiled = validate_document(&document, PolicyLimit::Managed, &p.name)?;
            if p.versions.len() >= MAX_VERSIONS {
                return Err(IamError::LimitExceeded(
                    "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.".into(),
                ));
            }
            let t = now();
            let v = PolicyVersion {
                version_id: format!("v{}", p.next_version),
                document,
                create_date: t,
            };
            p.next_version += 1;
            if set_default {
                p.default_version = v.version_id.clone();
                p.update_date = t;
                acct.compiled.insert(compiled_key_managed(&p.id), compiled);
            }
            let out = api::CreatePolicyVersionResponse {
                policy_version: Some(version_shape(&v, &p.default_version, false)),
            };
            p.versions.push(v);
            acct.put_policy(tx, p);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy_version(
        &self,
        caller: &Caller,
        input: api::GetPolicyVersionRequest,
    ) -> IamResult<api::GetPolicyVersionResponse> {
        let arn = input.policy_arn.as_str();
        let vid = input.version_id.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let v = p
                .versions
                .iter()
                .find(|v| v.version_id == vid)
                .ok_or_else(|| {
                    IamError::NoSuchEntity(format!(
                        "Policy {arn} version {vid} does not exist or is not attachable."
                    ))
                })?;
            Ok(api::GetPolicyVersionResponse {
                policy_version: Some(version_shape(v, &p.default_version, true)),
            })
        })
    }

    pub async fn list_policy_versions(
        &self,
        caller: &Caller,
        input: api::ListPolicyVersionsRequest,
    ) -> IamResult<api::ListPolicyVersionsResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            // Newest first, as AWS lists them.
            let items = p.versions.iter().rev().enumerate().map(|(i, v)| {
                (
                    format!("{i:04}"),
                    version_shape(v, &p.default_version, false),
                )
            });
            let (versions, next) = page(items, input.marker.as_deref(), max_items(input.max_items));
            Ok(api::ListPolicyVersionsResponse {
                versions: Some(versions),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn delete_policy_version(
        &self,
        caller: &Caller,
        input: api::DeletePolicyVersionRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let vid = input.version_id;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            let idx = p
                .versions
                .iter()
                .position(|v| v.version_id == vid)
                .ok_or_else(|| {
                    IamError::NoSuchEntity(format!(
                        "Policy {arn} version {vid} does not exist or is not attachable."
                    ))
                })?;
            if p.default_version == vid {
                return Err(IamError::DeleteConflict(
                    "Cannot delete the default version of a policy.".into(),
                ));
            }
            p.versions.remove(idx);
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn set_default_policy_version(
        &self,
        caller: &Caller,
        input: api::SetDefaultPolicyVersionRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let vid = input.version_id;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            if !p.versions.iter().any(|v| v.version_id == vid) {
                return Err(IamError::NoSuchEntity(format!(
                    "Policy {arn} version {vid} does not exist or is not attachable."
                )));
            }
            p.default_version = vid;
            p.update_date = now();
            if let Some(c) = crate::policy_docs::compile_stored(p.default_document()) {
                acct.compiled.insert(compiled_key_managed(&p.id), c);
            }
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn tag_policy(&self, caller: &Caller, input: api::TagPolicyRequest) -> IamResult<()> {
        let arn = input.policy_arn;
        let tags = tags_in(Some(input.tags));
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            p.tags = merge_tags(&p.tags, &tags)?;
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn untag_policy(
        &self,
        caller: &Caller,
        input: api::UntagPolicyRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let keys = input.tag_keys;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            p.tags = remove_tags(&p.tags, &keys);
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn list_policy_tags(
        &self,
        caller: &Caller,
        input: api::ListPolicyTagsRequest,
    ) -> IamResult<api::ListPolicyTagsResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let items = tags_out(&p.tags).into_iter().map(|t| (t.key.clone(), t));
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items));
            Ok(api::ListPolicyTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

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
                check_policy_arn(&arn)?;
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
            );
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
    ) -> (Vec<api::AttachedPolicy>, Option<String>) {
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
            );
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
            );
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
            resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let want = |kind: &str| filter.is_none_or(|f| f == kind);
            let as_policy = usage != Some("PermissionsBoundary");
            let as_boundary = usage != Some("PermissionsPolicy");
            let user_entry = |u: &User| {
                (
                    format!("u:{}", u.name.to_lowercase()),
                    api::PolicyUser {
                        user_name: Some(u.name.clone()),
                        user_id: Some(u.id.clone()),
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
            let (list, next) = page(items, input.marker.as_deref(), max_items(input.max_items));
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
