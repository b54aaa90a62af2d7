//! Groups and membership: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
//! AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser (IAM User Guide: id_groups_manage).
use super::users::{find_user, user_shape};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;

/// AWS's default quota of groups a user can be a member of.
const MAX_GROUPS_PER_USER: usize = 10;

/// A group as the model's `Group`.
pub(crate) fn group_shape(g: &Group, partition: Partition) -> api::Group {
    api::Group {
        path: g.path.clone(),
        group_name: g.name.clone(),
        group_id: g.id.clone(),
        arn: g.arn(partition),
        create_date: iso8601(g.create_date),
    }
}

pub(crate) fn find_group<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a Group> {
    acct.group_by_name(name)
        .ok_or_else(|| IamError::no_such_group(name))
}

impl Iam {
    pub async fn create_group(
        &self,
        caller: &Caller,
        input: api::CreateGroupRequest,
    ) -> IamResult<api::CreateGroupResponse> {
        let name = input.group_name;
        let path = path_or_root(input.path.as_deref());
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.group_by_name(&name).is_some() {
                return Err(IamError::EntityAlreadyExists(format!(
                    "Group with name {name} already exists."
                )));
            }
            if acct.groups.len() >= self.quotas.groups_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for GroupsPerAccount: {}",
                    self.quotas.groups_per_account
                )));
            }
            let group = Group {
                id: new_id(IdKind::Group),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                inline_policies: Default::default(),
                attached_policies: Vec::new(),
            };
            let out = api::CreateGroupResponse {
                group: group_shape(&group, caller.partition),
            };
            acct.put_group(tx, group);
            Ok(out)
        })
        .await
    }

    pub async fn get_group(
        &self,
        caller: &Caller,
        input: api::GetGroupRequest,
    ) -> IamResult<api::GetGroupResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let g = find_group(acct, &input.group_name)?;
            let mut members: Vec<&User> = acct
                .group_members
                .get(&g.id)
                .into_iter()
                .flatten()
                .filter_map(|id| acct.users.get(id))
                .collect();
            members.sort_by_key(|u| u.name.to_lowercase());
            let items = members.into_iter().map(|u| {
                (
                    u.name.to_lowercase(),
                    user_shape(u, false, caller.partition),
                )
            });
            let (users, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::GetGroupResponse {
                group: group_shape(g, caller.partition),
                users,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn update_group(
        &self,
        caller: &Caller,
        input: api::UpdateGroupRequest,
    ) -> IamResult<()> {
        let name = input.group_name;
        let new_name = input.new_group_name;
        let new_path = input.new_path;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut g = find_group(acct, &name)?.clone();
            if let Some(n) = &new_name
                && n != &g.name
                && acct.group_by_name(n).is_some()
            {
                return Err(IamError::EntityAlreadyExists(format!(
                    "Group with name {n} already exists."
                )));
            }
            if let Some(n) = new_name {
                g.name = n;
            }
            if let Some(p) = new_path {
                g.path = p;
            }
            acct.put_group(tx, g);
            Ok(())
        })
        .await
    }

    pub async fn delete_group(
        &self,
        caller: &Caller,
        input: api::DeleteGroupRequest,
    ) -> IamResult<()> {
        let name = input.group_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let g = find_group(acct, &name)?.clone();
            if acct.group_members.get(&g.id).is_some_and(|m| !m.is_empty()) {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must remove users from group first.".into(),
                ));
            }
            if !g.attached_policies.is_empty() {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must detach all policies first.".into(),
                ));
            }
            if !g.inline_policies.is_empty() {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must delete policies first.".into(),
                ));
            }
            acct.delete_group(tx, &g.id);
            Ok(())
        })
        .await
    }

    pub async fn list_groups(
        &self,
        caller: &Caller,
        input: api::ListGroupsRequest,
    ) -> IamResult<api::ListGroupsResponse> {
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.group_names.iter().filter_map(|(k, id)| {
                let g = acct.groups.get(id)?;
                g.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), group_shape(g, caller.partition)))
            });
            let (groups, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListGroupsResponse {
                groups,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn add_user_to_group(
        &self,
        caller: &Caller,
        input: api::AddUserToGroupRequest,
    ) -> IamResult<()> {
        self.membership(caller, input.group_name, input.user_name, true)
            .await
    }

    pub async fn remove_user_from_group(
        &self,
        caller: &Caller,
        input: api::RemoveUserFromGroupRequest,
    ) -> IamResult<()> {
        self.membership(caller, input.group_name, input.user_name, false)
            .await
    }

    /// Adds user `user` to group `group` (a no-op if a member already), or removes it (a no-op
    /// if not a member). The user is looked up first, as AWS does (recorded: RemoveUserFromGroup
    /// with neither, `tests/conformance/aws-recorded/iam/test_iam_groups.snapshot.json`
    /// `remove-from-unknown-group`; removing a non-member succeeds, test_iam_users.snapshot.json
    /// `remove-nonmember-user-from-group`).
    async fn membership(
        &self,
        caller: &Caller,
        group: String,
        user: String,
        add: bool,
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = find_user(acct, &user)?.clone();
            let gid = find_group(acct, &group)?.id.clone();
            let member = u.groups.contains(&gid);
            if add {
                if member {
                    return Ok(());
                }
                if u.groups.len() >= MAX_GROUPS_PER_USER {
                    return Err(IamError::LimitExceeded(format!(
                        "Cannot exceed quota for GroupsPerUser: {MAX_GROUPS_PER_USER}"
                    )));
                }
                u.groups.push(gid);
            } else {
                if !member {
                    return Ok(());
                }
                u.groups.retain(|g| g != &gid);
            }
            acct.put_user(tx, u);
            Ok(())
        })
        .await
    }

    pub async fn list_groups_for_user(
        &self,
        caller: &Caller,
        input: api::ListGroupsForUserRequest,
    ) -> IamResult<api::ListGroupsForUserResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = find_user(acct, &input.user_name)?;
            let mut groups: Vec<&Group> =
                u.groups.iter().filter_map(|g| acct.groups.get(g)).collect();
            groups.sort_by_key(|g| g.name.to_lowercase());
            let items = groups
                .into_iter()
                .map(|g| (g.name.to_lowercase(), group_shape(g, caller.partition)));
            let (groups, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListGroupsForUserResponse {
                groups,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
