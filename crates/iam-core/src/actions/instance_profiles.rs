//! Instance profiles: Create/Get/Delete/ListInstanceProfiles, AddRoleToInstanceProfile,
//! RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags
//! (IAM User Guide: id_roles_use_switch-role-ec2_instance-profiles).
use super::roles::{find_role, role_shape};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;

/// Which answer an instance profile is shaped for: AWS shows its tags differently in each
/// (AWS-recorded: test_iam_instance_profiles `test_instance_profile_lifecycle`
/// "create-instance-profile" has no Tags, "get-instance-profile" `"Tags": []`;
/// `test_instance_profile_create_with_tags` "create-with-tags" has them; the lists never).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProfileView {
    /// CreateInstanceProfile: the tags only when it was given some.
    Created,
    /// GetInstanceProfile: the tags, an empty list when there are none.
    Got,
    /// ListInstanceProfiles, ListInstanceProfilesForRole, GetAccountAuthorizationDetails: no
    /// tags.
    Listed,
}

/// An instance profile as the model's `InstanceProfile`, with its role (as listed, without
/// `MaxSessionDuration` and `Description`: AWS-recorded, test_iam_account_authorization_details
/// `test_get_account_authorization_details_filter_role` "role-filter-result" shows a role with
/// a description without it inside its instance profile), shaped for `view`.
pub(crate) fn profile_shape(
    acct: &AccountState,
    p: &InstanceProfile,
    view: ProfileView,
) -> api::InstanceProfile {
    let roles = p
        .roles
        .iter()
        .filter_map(|id| acct.roles.get(id))
        .map(|r| api::Role {
            max_session_duration: None,
            description: None,
            ..role_shape(r, false)
        })
        .collect();
    api::InstanceProfile {
        path: p.path.clone(),
        instance_profile_name: p.name.clone(),
        instance_profile_id: p.id.clone(),
        arn: p.arn(),
        create_date: iso8601(p.create_date),
        roles,
        tags: match view {
            ProfileView::Created => (!p.tags.is_empty()).then(|| tags_out(&p.tags)),
            ProfileView::Got => Some(tags_out(&p.tags)),
            ProfileView::Listed => None,
        },
    }
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
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = find_profile(acct, name)?.clone();
            f(&mut p, acct)?;
            acct.put_instance_profile(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn create_instance_profile(
        &self,
        caller: &Caller,
        input: api::CreateInstanceProfileRequest,
    ) -> IamResult<api::CreateInstanceProfileResponse> {
        let name = input.instance_profile_name;
        let path = path_or_root(input.path.as_deref());
        let tags = tags_in(input.tags);
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
            let out = api::CreateInstanceProfileResponse {
                instance_profile: profile_shape(acct, &p, ProfileView::Created),
            };
            acct.put_instance_profile(tx, p);
            Ok(out)
        })
        .await
    }

    pub async fn get_instance_profile(
        &self,
        caller: &Caller,
        input: api::GetInstanceProfileRequest,
    ) -> IamResult<api::GetInstanceProfileResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = find_profile(acct, &input.instance_profile_name)?;
            Ok(api::GetInstanceProfileResponse {
                instance_profile: profile_shape(acct, p, ProfileView::Got),
            })
        })
    }

    pub async fn delete_instance_profile(
        &self,
        caller: &Caller,
        input: api::DeleteInstanceProfileRequest,
    ) -> IamResult<()> {
        let name = input.instance_profile_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let p = find_profile(acct, &name)?.clone();
            if !p.roles.is_empty() {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must remove roles from instance profile first.".into(),
                ));
            }
            acct.delete_instance_profile(tx, &p.id);
            Ok(())
        })
        .await
    }

    pub async fn list_instance_profiles(
        &self,
        caller: &Caller,
        input: api::ListInstanceProfilesRequest,
    ) -> IamResult<api::ListInstanceProfilesResponse> {
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.instance_profile_names.iter().filter_map(|(k, id)| {
                let p = acct.instance_profiles.get(id)?;
                p.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), profile_shape(acct, p, ProfileView::Listed)))
            });
            let (list, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListInstanceProfilesResponse {
                instance_profiles: list,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn add_role_to_instance_profile(
        &self,
        caller: &Caller,
        input: api::AddRoleToInstanceProfileRequest,
    ) -> IamResult<()> {
        let name = input.instance_profile_name;
        let role = input.role_name;
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
        input: api::RemoveRoleFromInstanceProfileRequest,
    ) -> IamResult<()> {
        let name = input.instance_profile_name;
        let role = input.role_name;
        self.modify_profile(caller, &name, |p, acct| {
            let r = find_role(acct, &role)?;
            // Recorded: test_iam_instance_profiles.snapshot.json,
            // test_role_instance_profile_operations_errors `remove-unattached-role-error`.
            if !p.roles.contains(&r.id) {
                return Err(IamError::NoSuchEntity(format!(
                    "Role {role} in Instance Profile {name} cannot be found."
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
        input: api::ListInstanceProfilesForRoleRequest,
    ) -> IamResult<api::ListInstanceProfilesForRoleResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let r = find_role(acct, &input.role_name)?;
            let items = acct.instance_profile_names.iter().filter_map(|(k, id)| {
                let p = acct.instance_profiles.get(id)?;
                p.roles
                    .contains(&r.id)
                    .then(|| (k.as_str(), profile_shape(acct, p, ProfileView::Listed)))
            });
            let (list, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListInstanceProfilesForRoleResponse {
                instance_profiles: list,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn tag_instance_profile(
        &self,
        caller: &Caller,
        input: api::TagInstanceProfileRequest,
    ) -> IamResult<()> {
        let name = input.instance_profile_name;
        let tags = tags_in(Some(input.tags));
        self.modify_profile(caller, &name, |p, _| {
            p.tags = merge_tags(&p.tags, &tags)?;
            Ok(())
        })
        .await
    }

    pub async fn untag_instance_profile(
        &self,
        caller: &Caller,
        input: api::UntagInstanceProfileRequest,
    ) -> IamResult<()> {
        let name = input.instance_profile_name;
        let keys = input.tag_keys;
        self.modify_profile(caller, &name, |p, _| {
            p.tags = remove_tags(&p.tags, &keys);
            Ok(())
        })
        .await
    }

    pub async fn list_instance_profile_tags(
        &self,
        caller: &Caller,
        input: api::ListInstanceProfileTagsRequest,
    ) -> IamResult<api::ListInstanceProfileTagsResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = find_profile(acct, &input.instance_profile_name)?;
            let items = tags_in_list_order(&p.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListInstanceProfileTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
