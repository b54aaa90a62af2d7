//! Inline policies of users and groups: Put/Get/Delete/List {User,Group}Policy/Policies
//! (IAM User Guide: access_policies_managed-vs-inline).
use super::groups::find_group;
use super::roles::find_role;
use super::users::find_user;
use super::*;
use crate::entities::url_encode_document;
use crate::input::Input;
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{compiled_key_group, compiled_key_role, compiled_key_user};

#[derive(Clone, Copy)]
enum Owner {
    User,
    Group,
    Role,
}

impl Owner {
    fn name_member(self) -> &'static str {
        match self {
            Owner::User => "UserName",
            Owner::Group => "GroupName",
            Owner::Role => "RoleName",
        }
    }
    fn not_found(self, policy: &str) -> IamError {
        let what = match self {
            Owner::User => "user",
            Owner::Group => "group",
            Owner::Role => "role",
        };
        IamError::NoSuchEntity(format!(
            "The {what} policy with name {policy} cannot be found."
        ))
    }
}

impl Iam {
    async fn put_inline(&self, caller: &Caller, input: &Input, owner: Owner) -> IamResult<Value> {
        let entity = input.str(owner.name_member())?.to_string();
        let policy = input.str("PolicyName")?.to_string();
        let document = input.str("PolicyDocument")?.to_string();
        let limit = match owner {
            Owner::User => PolicyLimit::UserInline,
            Owner::Group => PolicyLimit::GroupInline,
            Owner::Role => PolicyLimit::RoleInline,
        };
        let compiled = validate_document(&document, limit, &entity)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            match owner {
                Owner::User => {
                    let mut u = find_user(acct, &entity)?.clone();
                    acct.compiled
                        .insert(compiled_key_user(&u.id, &policy), compiled);
                    u.inline_policies.insert(policy, document);
                    acct.put_user(tx, u);
                }
                Owner::Group => {
                    let mut g = find_group(acct, &entity)?.clone();
                    acct.compiled
                        .insert(compiled_key_group(&g.id, &policy), compiled);
                    g.inline_policies.insert(policy, document);
                    acct.put_group(tx, g);
                }
                Owner::Role => {
                    let mut r = find_role(acct, &entity)?.clone();
                    acct.compiled
                        .insert(compiled_key_role(&r.id, &policy), compiled);
                    r.inline_policies.insert(policy, document);
                    acct.put_role(tx, r);
                }
            }
            Ok(json!({}))
        })
        .await
    }

    fn get_inline(&self, caller: &Caller, input: &Input, owner: Owner) -> IamResult<Value> {
        let entity = input.str(owner.name_member())?;
        let policy = input.str("PolicyName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (name, policies) = match owner {
                Owner::User => {
                    let u = find_user(acct, entity)?;
                    (&u.name, &u.inline_policies)
                }
                Owner::Group => {
                    let g = find_group(acct, entity)?;
                    (&g.name, &g.inline_policies)
                }
                Owner::Role => {
                    let r = find_role(acct, entity)?;
                    (&r.name, &r.inline_policies)
                }
            };
            let doc = policies
                .get(policy)
                .ok_or_else(|| owner.not_found(policy))?;
            Ok(json!({
                owner.name_member(): name,
                "PolicyName": policy,
                "PolicyDocument": url_encode_document(doc),
            }))
        })
    }

    async fn delete_inline(
        &self,
        caller: &Caller,
        input: &Input,
        owner: Owner,
    ) -> IamResult<Value> {
        let entity = input.str(owner.name_member())?.to_string();
        let policy = input.str("PolicyName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            match owner {
                Owner::User => {
                    let mut u = find_user(acct, &entity)?.clone();
                    u.inline_policies
                        .remove(&policy)
                        .ok_or_else(|| owner.not_found(&policy))?;
                    // INVARIANT (compiled-in-step): a deleted policy must stop granting at once.
                    acct.compiled.remove(&compiled_key_user(&u.id, &policy));
                    acct.put_user(tx, u);
                }
                Owner::Group => {
                    let mut g = find_group(acct, &entity)?.clone();
                    g.inline_policies
                        .remove(&policy)
                        .ok_or_else(|| owner.not_found(&policy))?;
                    acct.compiled.remove(&compiled_key_group(&g.id, &policy));
                    acct.put_group(tx, g);
                }
                Owner::Role => {
                    let mut r = find_role(acct, &entity)?.clone();
                    r.inline_policies
                        .remove(&policy)
                        .ok_or_else(|| owner.not_found(&policy))?;
                    acct.compiled.remove(&compiled_key_role(&r.id, &policy));
                    acct.put_role(tx, r);
                }
            }
            Ok(json!({}))
        })
        .await
    }

    fn list_inline(&self, caller: &Caller, input: &Input, owner: Owner) -> IamResult<Value> {
        let entity = input.str(owner.name_member())?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let policies = match owner {
                Owner::User => &find_user(acct, entity)?.inline_policies,
                Owner::Group => &find_group(acct, entity)?.inline_policies,
                Owner::Role => &find_role(acct, entity)?.inline_policies,
            };
            let items = policies.keys().map(|k| (k.as_str(), json!(k)));
            let (names, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "PolicyNames": names }), next))
        })
    }

    pub async fn put_user_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.put_inline(caller, input, Owner::User).await
    }
    pub async fn get_user_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.get_inline(caller, input, Owner::User)
    }
    pub async fn delete_user_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.delete_inline(caller, input, Owner::User).await
    }
    pub async fn list_user_policies(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.list_inline(caller, input, Owner::User)
    }
    pub async fn put_group_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.put_inline(caller, input, Owner::Group).await
    }
    pub async fn get_group_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.get_inline(caller, input, Owner::Group)
    }
    pub async fn delete_group_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.delete_inline(caller, input, Owner::Group).await
    }
    pub async fn list_group_policies(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.list_inline(caller, input, Owner::Group)
    }
}

impl Iam {
    pub async fn put_role_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.put_inline(caller, input, Owner::Role).await
    }
    pub async fn get_role_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.get_inline(caller, input, Owner::Role)
    }
    pub async fn delete_role_policy(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.delete_inline(caller, input, Owner::Role).await
    }
    pub async fn list_role_policies(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.list_inline(caller, input, Owner::Role)
    }
}
