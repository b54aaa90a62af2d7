//! Users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, TagUser, UntagUser,
//! ListUserTags (AWS IAM User Guide: id_users_create, id_users_manage).
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::service::{Caller, Iam, Principal};
use crate::state::AccountState;
use iam_api::iam as api;

/// A user as the model's `User`: `full` adds the boundary and tags (GetUser, CreateUser);
/// list results leave them out, as AWS does.
pub(crate) fn user_shape(u: &User, full: bool, partition: Partition) -> api::User {
    api::User {
        path: Some(u.path.to_string()),
        user_name: Some(u.name.to_string()),
        user_id: u.id.to_string(),
        arn: u.arn(partition),
        create_date: iso8601(u.create_date),
        password_last_used: u.password_last_used.map(iso8601),
        permissions_boundary: full
            .then(|| u.permissions_boundary.as_deref().map(boundary_shape))
            .flatten(),
        tags: (full && !u.tags.is_empty()).then(|| tags_out(&u.tags)),
    }
}

/// A permissions boundary as the model's `AttachedPermissionsBoundary`.
pub(crate) fn boundary_shape(arn: &str) -> api::AttachedPermissionsBoundary {
    api::AttachedPermissionsBoundary {
        permissions_boundary_type: Some("Policy".into()),
        permissions_boundary_arn: Some(arn.to_string()),
    }
}

pub(crate) fn find_user<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a User> {
    acct.user_by_name(name)
        .ok_or_else(|| IamError::no_such_user(name))
}

impl Iam {
    pub async fn create_user(
        &self,
        caller: &Caller,
        input: api::CreateUserRequest,
    ) -> IamResult<api::CreateUserResponse> {
        let name = input.user_name;
        let path = path_or_root(input.path.as_deref());
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let boundary = input.permissions_boundary;
        self.write(|state, tx| {
            if let Some(b) = &boundary {
                self.check_boundary_policy(state, caller, b)?;
            }
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.user_by_name(&name).is_some() {
                return Err(IamError::EntityAlreadyExists(format!(
                    "User with name {name} already exists."
                )));
            }
            if acct.users.len() >= self.quotas.users_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for UsersPerAccount: {}",
                    self.quotas.users_per_account
                )));
            }
            let user = User {
                id: new_id(IdKind::User).into(),
                account_id: caller.account_id.as_str().into(),
                name: name.into(),
                path: path.into(),
                create_date: now(),
                tags,
                permissions_boundary: boundary,
                inline_policies: Default::default(),
                attached_policies: Vec::new(),
                groups: Vec::new(),
                login_profile: None,
                password_last_used: None,
            };
            let out = api::CreateUserResponse {
                user: Some(user_shape(&user, true, caller.partition)),
            };
            acct.put_user(tx, user);
            Ok(out)
        })
        .await
    }

    pub async fn get_user(
        &self,
        caller: &Caller,
        input: api::GetUserRequest,
    ) -> IamResult<api::GetUserResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = match (input.user_name.as_deref(), &caller.principal) {
                (Some(name), _) => find_user(acct, name)?,
                (None, Principal::User { id, name, .. }) => acct
                    .users
                    .get(id)
                    .ok_or_else(|| IamError::no_such_user(name))?,
                (None, Principal::AssumedRole { .. } | Principal::FederatedUser { .. }) => {
                    return Err(IamError::ValidationError(
                        "Must specify userName when calling with non-User credentials".into(),
                    ));
                }
                (None, Principal::Root) => {
                    // AWS describes the root user with the account ID as its name and ID.
                    return Ok(api::GetUserResponse {
                        user: api::User {
                            user_id: caller.account_id.clone(),
                            arn: caller.arn(),
                            create_date: iso8601(acct.account.create_date),
                            ..Default::default()
                        },
                    });
                }
            };
            Ok(api::GetUserResponse {
                user: user_shape(user, true, caller.partition),
            })
        })
    }

    pub async fn update_user(
        &self,
        caller: &Caller,
        input: api::UpdateUserRequest,
    ) -> IamResult<()> {
        let name = input.user_name;
        let new_name = input.new_user_name;
        let new_path = input.new_path;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            if let Some(n) = &new_name {
                // Only an exact repeat of the current name is a no-op rename; a case change collides
                // with the entity itself, as in AWS.
                if *n != user.name && acct.user_by_name(n).is_some() {
                    return Err(IamError::EntityAlreadyExists(format!(
                        "User with name {n} already exists."
                    )));
                }
            }
            if let Some(n) = new_name {
                user.name = n.into();
            }
            if let Some(p) = new_path {
                user.path = p.into();
            }
            acct.put_user(tx, user);
            Ok(())
        })
        .await
    }

    pub async fn delete_user(
        &self,
        caller: &Caller,
        input: api::DeleteUserRequest,
    ) -> IamResult<()> {
        let name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user = find_user(acct, &name)?.clone();
            let conflict = |what: &str| {
                Err(IamError::DeleteConflict(format!(
                    "Cannot delete entity, must {what} first."
                )))
            };
            if user.login_profile.is_some() {
                return conflict("delete login profile");
            }
            if !acct.keys_of(Some(&user.id)).is_empty() {
                return conflict("delete access keys");
            }
            if acct.mfa_devices_of(Some(&user.id)).next().is_some() {
                return conflict("delete MFA device");
            }
            if acct.signing_certs_of(Some(&user.id)).next().is_some() {
                return conflict("delete signing certificates");
            }
            if acct.ssh_keys_of(&user.id).next().is_some() {
                return conflict("delete SSH public keys");
            }
            if acct.service_creds_of(&user.id).next().is_some() {
                // AWS's text here (test_iam.snapshot.json,
                // test_delete_user_after_service_credential_created).
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must remove referenced objects first.".into(),
                ));
            }
            if !user.groups.is_empty() {
                return conflict("remove users from group");
            }
            if !user.attached_policies.is_empty() {
                return conflict("detach all policies");
            }
            if !user.inline_policies.is_empty() {
                return conflict("delete policies");
            }
            acct.delete_user(tx, &user.id);
            super::roles::orphan_trust_principal(state, tx, &user.arn(caller.partition), &user.id);
            Ok(())
        })
        .await
    }

    pub async fn list_users(
        &self,
        caller: &Caller,
        input: api::ListUsersRequest,
    ) -> IamResult<api::ListUsersResponse> {
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            // The page starts at its marker's key in the name index (issue #14: a walk from
            // the first name made listing a million users page by page quadratic).
            let start = crate::paging::start_key(input.marker.as_deref())?;
            let from = match &start {
                Some(key) => std::ops::Bound::Included(key.as_str()),
                None => std::ops::Bound::Unbounded,
            };
            let names = acct
                .user_names
                .range::<str, _>((from, std::ops::Bound::Unbounded));
            let items = names.filter_map(|(k, id)| {
                let u = acct.users.get(id)?;
                u.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), user_shape(u, false, caller.partition)))
            });
            let (users, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListUsersResponse {
                users,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn tag_user(&self, caller: &Caller, input: api::TagUserRequest) -> IamResult<()> {
        let name = input.user_name;
        let tags = tags_in(Some(input.tags));
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.tags = merge_tags(&user.tags, &tags)?;
            acct.put_user(tx, user);
            Ok(())
        })
        .await
    }

    pub async fn untag_user(&self, caller: &Caller, input: api::UntagUserRequest) -> IamResult<()> {
        let name = input.user_name;
        let keys = input.tag_keys;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.tags = remove_tags(&user.tags, &keys);
            acct.put_user(tx, user);
            Ok(())
        })
        .await
    }

    pub async fn list_user_tags(
        &self,
        caller: &Caller,
        input: api::ListUserTagsRequest,
    ) -> IamResult<api::ListUserTagsResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = find_user(acct, &input.user_name)?;
            let items = tags_in_list_order(&user.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListUserTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn put_user_permissions_boundary(
        &self,
        caller: &Caller,
        input: api::PutUserPermissionsBoundaryRequest,
    ) -> IamResult<()> {
        let name = input.user_name;
        let arn = input.permissions_boundary;
        self.write(|state, tx| {
            self.check_boundary_policy(state, caller, &arn)?;
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.permissions_boundary = Some(arn);
            acct.put_user(tx, user);
            Ok(())
        })
        .await
    }

    pub async fn delete_user_permissions_boundary(
        &self,
        caller: &Caller,
        input: api::DeleteUserPermissionsBoundaryRequest,
    ) -> IamResult<()> {
        let name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            if user.permissions_boundary.take().is_none() {
                return Err(IamError::NoSuchEntity(format!(
                    "The permissions boundary of user with name {name} cannot be found."
                )));
            }
            acct.put_user(tx, user);
            Ok(())
        })
        .await
    }
}
