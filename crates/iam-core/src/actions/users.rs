//! Users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, TagUser, UntagUser,
//! ListUserTags (AWS IAM User Guide: id_users_create, id_users_manage).
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KIND_USER};

pub(crate) fn user_json(u: &User, full: bool) -> Value {
    let mut v = json!({
        "Path": u.path,
        "UserName": u.name,
        "UserId": u.id,
        "Arn": u.arn(),
        "CreateDate": iso8601(u.create_date),
    });
    if let Some(t) = u.password_last_used {
        v["PasswordLastUsed"] = json!(iso8601(t));
    }
    if full {
        if let Some(b) = &u.permissions_boundary {
            v["PermissionsBoundary"] =
                json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b});
        }
        if !u.tags.is_empty() {
            v["Tags"] = tags_json(&u.tags);
        }
    }
    v
}

pub(crate) fn find_user<'a>(acct: &'a AccountState, name: &str) -> IamResult<&'a User> {
    acct.user_by_name(name)
        .ok_or_else(|| IamError::no_such_user(name))
}

impl Iam {
    pub async fn create_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let path = path_or_root(input.opt_str("Path"));
        let tags = input.tags("Tags");
        check_duplicate_tag_keys(&tags)?;
        let boundary = input.opt_str("PermissionsBoundary").map(str::to_string);
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
                id: new_id(IdKind::User),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                tags,
                permissions_boundary: boundary,
                inline_policies: Default::default(),
                attached_policies: Vec::new(),
                groups: Vec::new(),
                login_profile: None,
                password_last_used: None,
            };
            tx.put(KIND_USER, &user.id, &user);
            let out = json!({ "User": user_json(&user, true) });
            acct.index_user(&user);
            acct.users.insert(user.id.clone(), user);
            Ok(out)
        })
        .await
    }

    pub async fn get_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = match (input.opt_str("UserName"), &caller.principal) {
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
                    return Ok(json!({"User": {
                        "UserId": caller.account_id,
                        "Arn": caller.arn(),
                        "CreateDate": iso8601(acct.account.create_date),
                    }}));
                }
            };
            Ok(json!({ "User": user_json(user, true) }))
        })
    }

    pub async fn update_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let new_name = input.opt_str("NewUserName").map(str::to_string);
        let new_path = input.opt_str("NewPath").map(str::to_string);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            if let Some(n) = &new_name {
                // Only an exact repeat of the current name is a no-op rename; a case change collides
                // with the entity itself, as in AWS.
                if n != &user.name && acct.user_by_name(n).is_some() {
                    return Err(IamError::EntityAlreadyExists(format!(
                        "User with name {n} already exists."
                    )));
                }
            }
            if let Some(n) = new_name {
                user.name = n;
            }
            if let Some(p) = new_path {
                user.path = p;
            }
            acct.put_user(tx, user);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
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
                return conflict("delete service-specific credentials");
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
            tx.delete(KIND_USER, &user.id);
            for name in user.inline_policies.keys() {
                acct.compiled
                    .remove(&crate::state::compiled_key_user(&user.id, name));
            }
            acct.unindex_user(&user);
            acct.users.remove(&user.id);
            acct.user_keys.remove(&Some(user.id.clone()));
            super::roles::orphan_trust_principal(state, tx, &user.arn(), &user.id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_users(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.user_names.iter().filter_map(|(k, id)| {
                let u = acct.users.get(id)?;
                u.path
                    .starts_with(prefix)
                    .then(|| (k.as_str(), user_json(u, false)))
            });
            let (users, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Users": users }), next))
        })
    }

    pub async fn tag_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let tags = input.tags("Tags");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.tags = merge_tags(&user.tags, &tags)?;
            acct.put_user(tx, user);
            Ok(json!({}))
        })
        .await
    }

    pub async fn untag_user(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let keys = input.strings("TagKeys");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.tags = remove_tags(&user.tags, &keys);
            acct.put_user(tx, user);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_user_tags(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = find_user(acct, name)?;
            let items = user
                .tags
                .iter()
                .map(|t| (t.key.as_str(), json!({"Key": t.key, "Value": t.value})));
            let (tags, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Tags": tags }), next))
        })
    }

    pub async fn put_user_permissions_boundary(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let arn = input.str("PermissionsBoundary")?.to_string();
        self.write(|state, tx| {
            self.check_boundary_policy(state, caller, &arn)?;
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            user.permissions_boundary = Some(arn);
            acct.put_user(tx, user);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_user_permissions_boundary(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut user = find_user(acct, &name)?.clone();
            if user.permissions_boundary.take().is_none() {
                return Err(IamError::NoSuchEntity(format!(
                    "The permissions boundary of user with name {name} cannot be found."
                )));
            }
            acct.put_user(tx, user);
            Ok(json!({}))
        })
        .await
    }
}
