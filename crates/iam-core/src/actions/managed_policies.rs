//! Managed policies and their attachments: CreatePolicy … ListEntitiesForPolicy
//! (IAM User Guide: access_policies_managed-versioning, access_policies_manage-attach-detach).
use super::*;
use crate::catalog::Catalog;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{AccountState, KIND_POLICY, State, compiled_key_managed};

const MAX_VERSIONS: usize = 5;
/// AWS's default quota of managed policies attached to one user or group.
const MAX_ATTACHED: usize = 10;

fn policy_json(p: &ManagedPolicy, acct: &AccountState, full: bool) -> Value {
    let arn = p.arn();
    let mut v = json!({
        "PolicyName": p.name,
        "PolicyId": p.id,
        "Arn": arn,
        "Path": p.path,
        "DefaultVersionId": p.default_version,
        "AttachmentCount": acct.attachment_count(&arn),
        "PermissionsBoundaryUsageCount": acct.boundary_usage.get(&arn).copied().unwrap_or(0),
        "IsAttachable": true,
        "CreateDate": iso8601(p.create_date),
        "UpdateDate": iso8601(p.update_date),
    });
    if full {
        if let Some(d) = &p.description {
            v["Description"] = json!(d);
        }
        if !p.tags.is_empty() {
            v["Tags"] = tags_json(&p.tags);
        }
    }
    v
}

fn version_json(v: &PolicyVersion, default: &str, with_document: bool) -> Value {
    let mut out = json!({
        "VersionId": v.version_id,
        "IsDefaultVersion": v.version_id == default,
        "CreateDate": iso8601(v.create_date),
    });
    if with_document {
        out["Document"] = json!(url_encode_document(&v.document));
    }
    out
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

    pub async fn create_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("PolicyName")?.to_string();
        let path = path_or_root(input.opt_str("Path"));
        let document = input.str("PolicyDocument")?.to_string();
        let compiled = validate_document(&document, PolicyLimit::Managed, &name)?;
        let description = input.opt_str("Description").map(str::to_string);
        let tags = input.tags("Tags");
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
            tx.put(KIND_POLICY, &policy.id, &policy);
            let out = json!({ "Policy": policy_json(&policy, acct, true) });
            acct.compiled
                .insert(compiled_key_managed(&policy.id), compiled);
            acct.policy_names
                .insert(policy.name.to_lowercase(), policy.id.clone());
            acct.policies.insert(policy.id.clone(), policy);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            Ok(json!({ "Policy": policy_json(p, acct, true) }))
        })
    }

    pub async fn delete_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
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
            let (id, lname) = (p.id.clone(), p.name.to_lowercase());
            tx.delete(KIND_POLICY, &id);
            acct.compiled.remove(&compiled_key_managed(&id));
            acct.policies.remove(&id);
            acct.policy_names.remove(&lname);
            acct.attachments.remove(&arn);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_policies(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let scope = input.opt_str("Scope").unwrap_or("All");
        let only_attached = input.opt_bool("OnlyAttached").unwrap_or(false);
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        let usage = input.opt_str("PolicyUsageFilter");
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
                .map(|(k, p)| (k, policy_json(p, acct, false)));
            let (policies, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Policies": policies }), next))
        })
    }

    pub async fn create_policy_version(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let document = input.str("PolicyDocument")?.to_string();
        let set_default = input.opt_bool("SetAsDefault").unwrap_or(false);
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
            let out = json!({ "PolicyVersion": version_json(&v, &p.default_version, false) });
            p.versions.push(v);
            acct.put_policy(tx, p);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy_version(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?;
        let vid = input.str("VersionId")?;
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
            Ok(json!({ "PolicyVersion": version_json(v, &p.default_version, true) }))
        })
    }

    pub async fn list_policy_versions(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            // Newest first, as AWS lists them.
            let items = p.versions.iter().rev().enumerate().map(|(i, v)| {
                (
                    format!("{i:04}"),
                    version_json(v, &p.default_version, false),
                )
            });
            let (versions, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Versions": versions }), next))
        })
    }

    pub async fn delete_policy_version(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let vid = input.str("VersionId")?.to_string();
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
            Ok(json!({}))
        })
        .await
    }

    pub async fn set_default_policy_version(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let vid = input.str("VersionId")?.to_string();
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
            Ok(json!({}))
        })
        .await
    }

    pub async fn tag_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let tags = input.tags("Tags");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            p.tags = merge_tags(&p.tags, &tags)?;
            acct.put_policy(tx, p);
            Ok(json!({}))
        })
        .await
    }

    pub async fn untag_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let keys = input.strings("TagKeys");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn)?.clone();
            p.tags = remove_tags(&p.tags, &keys);
            acct.put_policy(tx, p);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_policy_tags(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let items = p
                .tags
                .iter()
                .map(|t| (t.key.as_str(), json!({"Key": t.key, "Value": t.value})));
            let (tags, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Tags": tags }), next))
        })
    }

    async fn attach(
        &self,
        caller: &Caller,
        input: &Input,
        target: Target,
        attach: bool,
    ) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?.to_string();
        let name = match target {
            Target::User => input.str("UserName")?,
            Target::Group => input.str("GroupName")?,
            Target::Role => input.str("RoleName")?,
        }
        .to_string();
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
                    return Ok(json!({}));
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
                    tx.put(crate::state::KIND_ROLE, &r.id, &r);
                    acct.replace_role(r);
                }
            }
            Ok(json!({}))
        })
        .await
    }

    pub async fn attach_user_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::User, true).await
    }
    pub async fn detach_user_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::User, false).await
    }
    pub async fn attach_group_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::Group, true).await
    }
    pub async fn detach_group_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::Group, false).await
    }

    pub async fn attach_role_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::Role, true).await
    }
    pub async fn detach_role_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.attach(caller, input, Target::Role, false).await
    }
    pub async fn list_attached_role_policies(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("RoleName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let r = super::roles::find_role(acct, name)?;
            Ok(Self::list_attached(acct, &r.attached_policies, input))
        })
    }

    fn list_attached(acct: &AccountState, attached: &[String], input: &Input) -> Value {
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        let items = attached.iter().enumerate().filter_map(|(i, arn)| {
            let p = resolve_policy(acct, arn)?;
            p.path.starts_with(prefix).then(|| {
                (
                    format!("{i:04}"),
                    json!({"PolicyName": p.name, "PolicyArn": arn}),
                )
            })
        });
        let (list, next) = page(items, input.marker(), input.max_items());
        paged(json!({ "AttachedPolicies": list }), next)
    }

    pub async fn list_attached_user_policies(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("UserName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = acct
                .user_by_name(name)
                .ok_or_else(|| IamError::no_such_user(name))?;
            Ok(Self::list_attached(acct, &u.attached_policies, input))
        })
    }

    pub async fn list_attached_group_policies(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("GroupName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let g = acct
                .group_by_name(name)
                .ok_or_else(|| IamError::no_such_group(name))?;
            Ok(Self::list_attached(acct, &g.attached_policies, input))
        })
    }

    pub async fn list_entities_for_policy(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let arn = input.str("PolicyArn")?;
        let filter = input.opt_str("EntityFilter");
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        let usage = input.opt_str("PolicyUsageFilter");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let want = |kind: &str| filter.is_none_or(|f| f == kind);
            let as_policy = usage != Some("PermissionsBoundary");
            let as_boundary = usage != Some("PermissionsPolicy");
            let mut users: Vec<(String, Value)> = Vec::new();
            let mut groups: Vec<(String, Value)> = Vec::new();
            let mut roles: Vec<(String, Value)> = Vec::new();
            if let Some(att) = acct.attachments.get(arn).filter(|_| as_policy) {
                if want("User") {
                    for id in &att.users {
                        if let Some(u) = acct.users.get(id).filter(|u| u.path.starts_with(prefix)) {
                            users.push((
                                format!("u:{}", u.name.to_lowercase()),
                                json!({"UserName": u.name, "UserId": u.id}),
                            ));
                        }
                    }
                }
                if want("Group") {
                    for id in &att.groups {
                        if let Some(g) = acct.groups.get(id).filter(|g| g.path.starts_with(prefix))
                        {
                            groups.push((
                                format!("g:{}", g.name.to_lowercase()),
                                json!({"GroupName": g.name, "GroupId": g.id}),
                            ));
                        }
                    }
                }
                if want("Role") {
                    for id in &att.roles {
                        if let Some(r) = acct.roles.get(id).filter(|r| r.path.starts_with(prefix)) {
                            roles.push((
                                format!("r:{}", r.name.to_lowercase()),
                                json!({"RoleName": r.name, "RoleId": r.id}),
                            ));
                        }
                    }
                }
            }
            if as_boundary && want("Role") {
                for r in acct.roles.values() {
                    if r.permissions_boundary.as_deref() == Some(arn)
                        && r.path.starts_with(prefix)
                        && !roles.iter().any(|(_, v)| v["RoleId"] == json!(r.id))
                    {
                        roles.push((
                            format!("r:{}", r.name.to_lowercase()),
                            json!({"RoleName": r.name, "RoleId": r.id}),
                        ));
                    }
                }
            }
            if as_boundary && want("User") && acct.boundary_usage.get(arn).copied().unwrap_or(0) > 0
            {
                for u in acct.users.values() {
                    if u.permissions_boundary.as_deref() == Some(arn)
                        && u.path.starts_with(prefix)
                        && !users.iter().any(|(_, v)| v["UserId"] == json!(u.id))
                    {
                        users.push((
                            format!("u:{}", u.name.to_lowercase()),
                            json!({"UserName": u.name, "UserId": u.id}),
                        ));
                    }
                }
            }
            users.sort_by(|a, b| a.0.cmp(&b.0));
            groups.sort_by(|a, b| a.0.cmp(&b.0));
            roles.sort_by(|a, b| a.0.cmp(&b.0));
            // One marker over groups, then roles, then users (keys g: < r: < u:).
            let items = groups
                .into_iter()
                .map(|(k, v)| (k, ("g", v)))
                .chain(roles.into_iter().map(|(k, v)| (k, ("r", v))))
                .chain(users.into_iter().map(|(k, v)| (k, ("u", v))));
            let (list, next) = page(items, input.marker(), input.max_items());
            let pick = |kind: &str| {
                list.iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>()
            };
            Ok(paged(
                json!({
                    "PolicyGroups": pick("g"),
                    "PolicyUsers": pick("u"),
                    "PolicyRoles": pick("r"),
                }),
                next,
            ))
        })
    }
}
