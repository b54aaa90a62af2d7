//! Roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
//! DeleteRole, ListRoles, Tag/Untag/ListRoleTags, Put/DeleteRolePermissionsBoundary
//! (IAM User Guide: id_roles_create, id_roles_manage). Role inline and attached policies live
//! with the user and group ones (inline_policies.rs, managed_policies.rs).
use super::users::boundary_shape;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{AccountState, State, Tx, compiled_key_trust};
use iam_api::iam as api;
use iam_policy::{Policy, PrincipalElement, PrincipalType, Statement};

const DEFAULT_MAX_SESSION: i64 = 3600;

/// A role as the model's `Role`: `full` adds the boundary, tags and last use (GetRole); list
/// results leave them out, as AWS does.
pub(crate) fn role_shape(r: &Role, full: bool) -> api::Role {
    api::Role {
        path: r.path.clone(),
        role_name: r.name.clone(),
        role_id: r.id.clone(),
        arn: r.arn(),
        create_date: iso8601(r.create_date),
        assume_role_policy_document: Some(url_encode_document(&r.assume_role_policy)),
        description: r.description.clone(),
        // Kept within 3600..=43200 by every writer.
        max_session_duration: Some(i32::try_from(r.max_session_duration).unwrap_or(i32::MAX)),
        permissions_boundary: full
            .then(|| r.permissions_boundary.as_deref().map(boundary_shape))
            .flatten(),
        tags: (full && !r.tags.is_empty()).then(|| tags_out(&r.tags)),
        role_last_used: full.then(|| last_used_shape(r.last_used.as_ref())),
    }
}

/// A role just created (CreateRole, CreateServiceLinkedRole): AWS answers it with its
/// boundary and tags but without `Description`, `MaxSessionDuration` and `RoleLastUsed`
/// (AWS-recorded: test_iam_roles `test_role_permissions_boundary_lifecycle`
/// "create-role-with-boundary", `test_create_role_defaults` "create-role-response").
pub(crate) fn created_role_shape(r: &Role) -> api::Role {
    api::Role {
        description: None,
        max_session_duration: None,
        role_last_used: None,
        ..role_shape(r, true)
    }
}

/// A role's last use as the model's `RoleLastUsed`: empty when it was never used.
fn last_used_shape(last_used: Option<&RoleLastUsed>) -> api::RoleLastUsed {
    match last_used {
        Some(l) => api::RoleLastUsed {
            last_used_date: Some(iso8601(l.date)),
            region: Some(l.region.clone()),
        },
        None => api::RoleLastUsed::default(),
    }
}

pub(crate) fn find_role<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a Role> {
    acct.role_by_name(name).ok_or_else(|| {
        IamError::NoSuchEntity(format!("The role with name {name} cannot be found."))
    })
}

fn check_max_session(n: i64) -> IamResult<()> {
    if !(3600..=43200).contains(&n) {
        return Err(IamError::ValidationError(format!(
            "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value {}",
            if n < 3600 {
                "greater than or equal to 3600"
            } else {
                "less than or equal to 43200"
            }
        )));
    }
    Ok(())
}

/// AWS resolves the IAM users and roles a trust policy names when the policy is saved, and
/// refuses one that does not exist: MalformedPolicyDocument `Invalid principal in policy:
/// "AWS":"<arn>"` (IAM User Guide, reference_policies_elements_principal: "IAM role principals",
/// "IAM user principals"). iamd knows only the accounts it hosts: principals of other accounts,
/// account IDs, root ARNs and wildcards are accepted as written.
pub(crate) fn check_trust_principals(state: &State, policy: &Policy) -> IamResult<()> {
    let aws = policy
        .statements()
        .iter()
        .filter_map(Statement::principal)
        .flat_map(PrincipalElement::entries)
        .filter(|(kind, _)| *kind == PrincipalType::Aws);
    for (_, arn) in aws {
        if !principal_exists(state, arn) {
            return Err(IamError::MalformedPolicyDocument(format!(
                "Invalid principal in policy: \"AWS\":\"{arn}\""
            )));
        }
    }
    Ok(())
}

/// Whether an `AWS` principal names an existing user or role (by name, as IAM resolves it), or
/// something iamd cannot check.
fn principal_exists(state: &State, principal: &str) -> bool {
    let Some(rest) = principal.strip_prefix("arn:aws:iam::") else {
        return true;
    };
    let Some((account, resource)) = rest.split_once(':') else {
        return true;
    };
    let Some(acct) = state.accounts.get(account) else {
        return true;
    };
    if resource.contains('*') || resource.contains('?') {
        return true;
    }
    let name = |r: &str| r.rsplit('/').next().unwrap_or_default().to_string();
    if let Some(r) = resource.strip_prefix("role/") {
        acct.role_by_name(&name(r)).is_some()
    } else if let Some(u) = resource.strip_prefix("user/") {
        acct.user_by_name(&name(u)).is_some()
    } else {
        true
    }
}

impl Iam {
    pub async fn create_role(
        &self,
        caller: &Caller,
        input: api::CreateRoleRequest,
    ) -> IamResult<api::CreateRoleResponse> {
        let name = input.role_name;
        let path = path_or_root(input.path.as_deref());
        let trust = input.assume_role_policy_document;
        let compiled = validate_document(&trust, PolicyLimit::Trust, &name)?;
        let max_session = input
            .max_session_duration
            .map_or(DEFAULT_MAX_SESSION, i64::from);
        check_max_session(max_session)?;
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let boundary = input.permissions_boundary;
        let description = input.description;
        self.write(|state, tx| {
            if let Some(b) = &boundary {
                self.check_boundary_policy(state, caller, b)?;
            }
            check_trust_principals(state, &compiled)?;
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.role_by_name(&name).is_some() {
                return Err(IamError::EntityAlreadyExists(format!(
                    "Role with name {name} already exists."
                )));
            }
            if acct.roles.len() >= self.quotas.roles_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for RolesPerAccount: {}",
                    self.quotas.roles_per_account
                )));
            }
            let role = Role {
                id: new_id(IdKind::Role),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                assume_role_policy: trust,
                description,
                max_session_duration: max_session,
                tags,
                permissions_boundary: boundary,
                inline_policies: Default::default(),
                attached_policies: Vec::new(),
                last_used: None,
            };
            let out = api::CreateRoleResponse {
                role: created_role_shape(&role),
            };
            acct.compiled.insert(compiled_key_trust(&role.id), compiled);
            acct.put_role(tx, role);
            Ok(out)
        })
        .await
    }

    pub async fn get_role(
        &self,
        caller: &Caller,
        input: api::GetRoleRequest,
    ) -> IamResult<api::GetRoleResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            Ok(api::GetRoleResponse {
                role: role_shape(find_role(acct, &input.role_name)?, true),
            })
        })
    }

    async fn modify_role(
        &self,
        caller: &Caller,
        name: &str,
        f: impl FnOnce(&mut Role, &mut AccountState) -> IamResult<()>,
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut role = find_role(acct, name)?.clone();
            f(&mut role, acct)?;
            acct.put_role(tx, role);
            Ok(())
        })
        .await
    }

    pub async fn update_role(
        &self,
        caller: &Caller,
        input: api::UpdateRoleRequest,
    ) -> IamResult<api::UpdateRoleResponse> {
        let name = input.role_name;
        let description = input.description;
        let max = input.max_session_duration.map(i64::from);
        if let Some(n) = max {
            check_max_session(n)?;
        }
        self.modify_role(caller, &name, |r, _| {
            if let Some(d) = description {
                r.description = Some(d);
            }
            if let Some(n) = max {
                r.max_session_duration = n;
            }
            Ok(())
        })
        .await?;
        Ok(api::UpdateRoleResponse {})
    }

    pub async fn update_role_description(
        &self,
        caller: &Caller,
        input: api::UpdateRoleDescriptionRequest,
    ) -> IamResult<api::UpdateRoleDescriptionResponse> {
        let name = input.role_name;
        let description = input.description;
        self.modify_role(caller, &name, |r, _| {
            r.description = Some(description);
            Ok(())
        })
        .await?;
        let updated = self
            .get_role(caller, api::GetRoleRequest { role_name: name })
            .await?;
        // The role as GetRole shows it but without MaxSessionDuration and RoleLastUsed
        // (AWS-recorded: test_iam_roles `test_update_role` "update-role-description-response").
        Ok(api::UpdateRoleDescriptionResponse {
            role: Some(api::Role {
                max_session_duration: None,
                role_last_used: None,
                ..updated.role
            }),
        })
    }

    pub async fn update_assume_role_policy(
        &self,
        caller: &Caller,
        input: api::UpdateAssumeRolePolicyRequest,
    ) -> IamResult<()> {
        let name = input.role_name;
        let doc = input.policy_document;
        let compiled = validate_document(&doc, PolicyLimit::Trust, &name)?;
        self.write(|state, tx| {
            let mut role = find_role(Iam::account_of(state, caller)?, &name)?.clone();
            super::service_linked_roles::protected(&role)?;
            check_trust_principals(state, &compiled)?;
            let acct = Iam::account_of_mut(state, caller)?;
            role.assume_role_policy = doc;
            acct.compiled.insert(compiled_key_trust(&role.id), compiled);
            acct.put_role(tx, role);
            Ok(())
        })
        .await
    }

    pub async fn delete_role(
        &self,
        caller: &Caller,
        input: api::DeleteRoleRequest,
    ) -> IamResult<()> {
        let name = input.role_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let role = find_role(acct, &name)?.clone();
            super::service_linked_roles::protected(&role)?;
            let conflict = |what: &str| {
                Err(IamError::DeleteConflict(format!(
                    "Cannot delete entity, must {what} first."
                )))
            };
            if acct
                .instance_profiles
                .values()
                .any(|p| p.roles.contains(&role.id))
            {
                return conflict("remove roles from instance profile");
            }
            if !role.attached_policies.is_empty() {
                return conflict("detach all policies");
            }
            if !role.inline_policies.is_empty() {
                return conflict("delete policies");
            }
            acct.delete_role(tx, &role.id);
            orphan_trust_principal(state, tx, &role.arn(), &role.id);
            Ok(())
        })
        .await
    }

    pub async fn list_roles(
        &self,
        caller: &Caller,
        input: api::ListRolesRequest,
    ) -> IamResult<api::ListRolesResponse> {
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.role_names.iter().filter_map(|(k, id)| {
                let r = acct.roles.get(id)?;
                r.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), role_shape(r, false)))
            });
            let (roles, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListRolesResponse {
                roles,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn tag_role(&self, caller: &Caller, input: api::TagRoleRequest) -> IamResult<()> {
        let name = input.role_name;
        let tags = tags_in(Some(input.tags));
        self.modify_role(caller, &name, |r, _| {
            r.tags = merge_tags(&r.tags, &tags)?;
            Ok(())
        })
        .await
    }

    pub async fn untag_role(&self, caller: &Caller, input: api::UntagRoleRequest) -> IamResult<()> {
        let name = input.role_name;
        let keys = input.tag_keys;
        self.modify_role(caller, &name, |r, _| {
            r.tags = remove_tags(&r.tags, &keys);
            Ok(())
        })
        .await
    }

    pub async fn list_role_tags(
        &self,
        caller: &Caller,
        input: api::ListRoleTagsRequest,
    ) -> IamResult<api::ListRoleTagsResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let r = find_role(acct, &input.role_name)?;
            let items = tags_in_list_order(&r.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListRoleTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn put_role_permissions_boundary(
        &self,
        caller: &Caller,
        input: api::PutRolePermissionsBoundaryRequest,
    ) -> IamResult<()> {
        let name = input.role_name;
        let arn = input.permissions_boundary;
        self.read(|state| self.check_boundary_policy(state, caller, &arn))?;
        self.modify_role(caller, &name, |r, _| {
            r.permissions_boundary = Some(arn);
            Ok(())
        })
        .await
    }

    pub async fn delete_role_permissions_boundary(
        &self,
        caller: &Caller,
        input: api::DeleteRolePermissionsBoundaryRequest,
    ) -> IamResult<()> {
        let name = input.role_name;
        self.modify_role(caller, &name, |r, _| {
            r.permissions_boundary.take().map(|_| ()).ok_or_else(|| {
                IamError::NoSuchEntity(format!(
                    "The permissions boundary of role with name {} cannot be found.",
                    r.name
                ))
            })
        })
        .await
    }
}

/// AWS keeps the users and roles a trust policy names by their unique IDs: once one is deleted
/// the policy shows its ID instead of the ARN and no longer applies, even to a new principal of
/// the same name (IAM User Guide: reference_policies_elements_principal, "IAM role principals",
/// "IAM user principals"). Called when the principal `arn` with `unique_id` is deleted: rewrites
/// every trust policy of every account that names it.
pub(crate) fn orphan_trust_principal(state: &mut State, tx: &mut Tx, arn: &str, unique_id: &str) {
    let mut changed = Vec::new();
    for (account_id, acct) in &state.accounts {
        for role in acct.roles.values() {
            // Matched on the parsed policy, never the text: JSON escapes (`user\/x`,
            // `\u0033`) spell the same ARN in other characters.
            let names_it = acct
                .compiled
                .get(&compiled_key_trust(&role.id))
                .is_some_and(|trust| {
                    trust.statements().iter().any(|st| {
                        st.principal().is_some_and(|p| {
                            p.entries().iter().any(|(kind, value)| {
                                *kind == iam_policy::PrincipalType::Aws && value == arn
                            })
                        })
                    })
                });
            if !names_it {
                continue;
            }
            if let Some(doc) = replace_aws_principal(&role.assume_role_policy, arn, unique_id) {
                changed.push((account_id.clone(), role.id.clone(), doc));
            }
        }
    }
    for (account_id, role_id, doc) in changed {
        let Some(acct) = state.accounts.get_mut(&account_id) else {
            continue;
        };
        let Some(mut role) = acct.roles.get(&role_id).cloned() else {
            continue;
        };
        if let Some(compiled) = crate::policy_docs::compile_trust(&doc) {
            acct.compiled.insert(compiled_key_trust(&role.id), compiled);
        }
        role.assume_role_policy = doc;
        acct.put_role(tx, role);
    }
}

/// `document` with each `"AWS"` principal equal to `arn` replaced by `id`; `None` if none is.
fn replace_aws_principal(document: &str, arn: &str, id: &str) -> Option<String> {
    let mut doc: Value = serde_json::from_str(document).ok()?;
    let mut replaced = false;
    let mut swap = |v: &mut Value| {
        if v.as_str() == Some(arn) {
            *v = Value::String(id.to_string());
            replaced = true;
        }
    };
    let statements: Vec<&mut Value> = match doc.get_mut("Statement") {
        Some(Value::Array(list)) => list.iter_mut().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for statement in statements {
        for element in ["Principal", "NotPrincipal"] {
            match statement.get_mut(element).and_then(|p| p.get_mut("AWS")) {
                Some(Value::Array(list)) => list.iter_mut().for_each(&mut swap),
                Some(one) => swap(one),
                None => {}
            }
        }
    }
    replaced.then(|| doc.to_string())
}
