//! Groups and membership: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
//! AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser (IAM User Guide: id_groups_manage).
use super::users::{find_user, user_json};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::service::{Caller, Iam};
use crate::state::{AccountState, KIND_GROUP};

/// AWS's default quota of groups a user can be a member of.
const MAX_GROUPS_PER_USER: usize = 10;

pub(crate) fn group_json(g: &Group) -> Value {
    json!({
        "Path": g.path,
        "GroupName": g.name,
        "GroupId": g.id,
        "Arn": g.arn(),
        "CreateDate": iso8601(g.create_date),
    })
}

pub(crate) fn find_group<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a Group> {
    acct.group_by_name(name)
        .ok_or_else(|| IamError::no_such_group(name))
}

impl Iam {
    pub async fn create_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("GroupName")?.to_string();
        let path = path_or_root(input.opt_str("Path"));
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
            tx.put(KIND_GROUP, &group.id, &group);
            let out = json!({ "Group": group_json(&group) });
            acct.replace_group(group);
            Ok(out)
        })
        .await
    }

    pub async fn get_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("GroupName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let g = find_group(acct, name)?;
            let mut members: Vec<&User> = acct
                .group_members
                .get(&g.id)
                .into_iter()
                .flatten()
                .filter_map(|id| acct.users.get(id))
                .collect();
            members.sort_by_key(|u| u.name.to_lowercase());
            let items = members
                .into_iter()
                .map(|u| (u.name.to_lowercase(), user_json(u, false)));
            let (users, next) = page(items, input.marker(), input.max_items());
            Ok(paged(
                json!({ "Group": group_json(g), "Users": users }),
                next,
            ))
        })
    }

    pub async fn update_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("GroupName")?.to_string();
        let new_name = input.opt_str("NewGroupName").map(str::to_string);
        let new_path = input.opt_str("NewPath").map(str::to_string);
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
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("GroupName")?.to_string();
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
            tx.delete(KIND_GROUP, &g.id);
            acct.unindex_group(&g);
            acct.groups.remove(&g.id);
            acct.group_members.remove(&g.id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_groups(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.group_names.iter().filter_map(|(k, id)| {
                let g = acct.groups.get(id)?;
                g.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), group_json(g)))
            });
            let (groups, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Groups": groups }), next))
        })
    }

    pub async fn add_user_to_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.membership(caller, input, true).await
    }

    pub async fn remove_user_from_group(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.membership(caller, input, false).await
    }

    async fn membership(&self, caller: &Caller, input: &Input, add: bool) -> IamResult<Value> {
        let group = input.str("GroupName")?.to_string();
        let user = input.str("UserName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let gid = find_group(acct, &group)?.id.clone();
            let mut u = find_user(acct, &user)?.clone();
            let member = u.groups.contains(&gid);
            if add {
                if member {
                    return Ok(json!({}));
                }
                if u.groups.len() >= MAX_GROUPS_PER_USER {
                    return Err(IamError::LimitExceeded(format!(
                        "Cannot exceed quota for GroupsPerUser: {MAX_GROUPS_PER_USER}"
                    )));
                }
                u.groups.push(gid);
            } else {
                if !member {
                    return Err(IamError::NoSuchEntity(format!(
                        "The user with name {user} cannot be found in group {group}."
                    )));
                }
                u.groups.retain(|g| g != &gid);
            }
            acct.put_user(tx, u);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_groups_for_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = find_user(acct, name)?;
            let mut groups: Vec<&Group> =
                u.groups.iter().filter_map(|g| acct.groups.get(g)).collect();
            groups.sort_by_key(|g| g.name.to_lowercase());
            let items = groups
                .into_iter()
                .map(|g| (g.name.to_lowercase(), group_json(g)));
            let (groups, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Groups": groups }), next))
        })
    }
}
