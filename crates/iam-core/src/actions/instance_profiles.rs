//! Instance profiles: Create/Get/Delete/ListInstanceProfiles, AddRoleToInstanceProfile,
//! RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags
//! (IAM User Guide: id_roles_use_switch-role-ec2_instance-profiles).
use super::roles::{find_role, role_json};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::service::{Caller, Iam};
use crate::state::{AccountState, KIND_INSTANCE_PROFILE};

fn profile_json(acct: &AccountState, p: &InstanceProfile, with_tags: bool) -> Value {
    let roles: Vec<Value> = p
        .roles
        .iter()
        .filter_map(|id| acct.roles.get(id))
        .map(|r| {
            let mut v = role_json(r, false);
            if let Some(o) = v.as_object_mut() {
                o.remove("MaxSessionDuration");
            }
            v
        })
        .collect();
    let mut v = json!({
        "Path": p.path,
        "InstanceProfileName": p.name,
        "InstanceProfileId": p.id,
        "Arn": p.arn(),
        "CreateDate": iso8601(p.create_date),
        "Roles": roles,
    });
    if with_tags && !p.tags.is_empty() {
        v["Tags"] = tags_json(&p.tags);
    }
    v
}

fn find_profile<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a InstanceProfile> {
    acct.instance_profile_by_name(name)
        .ok_or_else(|| IamError::NoSuchEntity(format!("Instance Profile {name} cannot be found.")))
}

impl Iam {
    async fn modify_profile(
        &self,
        caller: &Caller,
        name: &str,
        f: impl FnOnce(&mut InstanceProfile, &AccountState) -> IamResult<()>,
    ) -> IamResult<Value> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = find_profile(acct, name)?.clone();
            f(&mut p, acct)?;
            acct.put_instance_profile(tx, p);
            Ok(json!({}))
        })
        .await
    }

    pub async fn create_instance_profile(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        let path = path_or_root(input.opt_str("Path"));
        let tags = input.tags("Tags");
        check_duplicate_tag_keys(&tags)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.instance_profile_by_name(&name).is_some() {
                return Err(IamError::EntityAlreadyExists(format!(
                    "Instance Profile {name} already exists."
                )));
            }
            if acct.instance_profiles.len() >= self.quotas.instance_profiles_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for InstanceProfilesPerAccount: {}",
                    self.quotas.instance_profiles_per_account
                )));
            }
            let p = InstanceProfile {
                id: new_id(IdKind::InstanceProfile),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                roles: Vec::new(),
                tags,
            };
            tx.put(KIND_INSTANCE_PROFILE, &p.id, &p);
            let out = json!({ "InstanceProfile": profile_json(acct, &p, true) });
            acct.instance_profile_names
                .insert(p.name.to_lowercase(), p.id.clone());
            acct.instance_profiles.insert(p.id.clone(), p);
            Ok(out)
        })
        .await
    }

    pub async fn get_instance_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            Ok(json!({ "InstanceProfile": profile_json(acct, find_profile(acct, name)?, true) }))
        })
    }

    pub async fn delete_instance_profile(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let p = find_profile(acct, &name)?.clone();
            if !p.roles.is_empty() {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must remove roles from instance profile first.".into(),
                ));
            }
            tx.delete(KIND_INSTANCE_PROFILE, &p.id);
            acct.instance_profiles.remove(&p.id);
            acct.instance_profile_names.remove(&p.name.to_lowercase());
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_instance_profiles(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.instance_profile_names.iter().filter_map(|(k, id)| {
                let p = acct.instance_profiles.get(id)?;
                p.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), profile_json(acct, p, false)))
            });
            let (list, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "InstanceProfiles": list }), next))
        })
    }

    pub async fn add_role_to_instance_profile(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        let role = input.str("RoleName")?.to_string();
        self.modify_profile(caller, &name, |p, acct| {
            let r = find_role(acct, &role)?;
            if p.roles.contains(&r.id) {
                return Err(IamError::LimitExceeded(
                    "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1".into(),
                ));
            }
            if !p.roles.is_empty() {
                return Err(IamError::LimitExceeded(
                    "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1".into(),
                ));
            }
            p.roles.push(r.id.clone());
            Ok(())
        })
        .await
    }

    pub async fn remove_role_from_instance_profile(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        let role = input.str("RoleName")?.to_string();
        self.modify_profile(caller, &name, |p, acct| {
            let r = find_role(acct, &role)?;
            if !p.roles.contains(&r.id) {
                return Err(IamError::NoSuchEntity(format!(
                    "The role with name {role} cannot be found."
                )));
            }
            p.roles.retain(|id| id != &r.id);
            Ok(())
        })
        .await
    }

    pub async fn list_instance_profiles_for_role(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let role = input.str("RoleName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let r = find_role(acct, role)?;
            let items = acct.instance_profile_names.iter().filter_map(|(k, id)| {
                let p = acct.instance_profiles.get(id)?;
                p.roles
                    .contains(&r.id)
                    .then(|| (k.as_str(), profile_json(acct, p, false)))
            });
            let (list, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "InstanceProfiles": list }), next))
        })
    }

    pub async fn tag_instance_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        let tags = input.tags("Tags");
        self.modify_profile(caller, &name, |p, _| {
            p.tags = merge_tags(&p.tags, &tags)?;
            Ok(())
        })
        .await
    }

    pub async fn untag_instance_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?.to_string();
        let keys = input.strings("TagKeys");
        self.modify_profile(caller, &name, |p, _| {
            p.tags = remove_tags(&p.tags, &keys);
            Ok(())
        })
        .await
    }

    pub async fn list_instance_profile_tags(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("InstanceProfileName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = find_profile(acct, name)?;
            let items = p
                .tags
                .iter()
                .map(|t| (t.key.as_str(), json!({"Key": t.key, "Value": t.value})));
            let (tags, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Tags": tags }), next))
        })
    }
}
