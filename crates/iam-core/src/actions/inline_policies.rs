//! Inline policies of users and groups: Put/Get/Delete/List {User,Group}Policy/Policies
//! (IAM User Guide: access_policies_managed-vs-inline).
use super::groups::find_group;
use super::roles::find_role;
use super::users::find_user;
use super::*;
use crate::entities::url_encode_document;
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{compiled_key_group, compiled_key_role, compiled_key_user};
use iam_api::iam as api;

#[derive(Clone, Copy)]
enum Owner {
    User,
    Group,
    Role,
}

impl Owner {
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

/// What Get{User,Group,Role}Policy answer: the owner's stored name, the policy name as asked
/// and the URL-encoded document.
struct InlinePolicy {
    owner_name: String,
    policy_name: String,
    document: String,
}

/// One page of List{User,Group,Role}Policies: the policy names and the next page's marker.
struct PolicyNamesPage {
    names: Vec<String>,
    next: Option<String>,
}

impl Iam {
    async fn put_inline(
        &self,
        caller: &Caller,
        owner: Owner,
        entity: String,
        policy: String,
        document: String,
    ) -> IamResult<()> {
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
            Ok(())
        })
        .await
    }

    fn get_inline(
        &self,
        caller: &Caller,
        owner: Owner,
        entity: &str,
        policy: String,
    ) -> IamResult<InlinePolicy> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (name, policies) = match owner {
                Owner::User => {
                    let u = find_user(acct, entity)?;
                    (u.name.as_str(), &u.inline_policies)
                }
                Owner::Group => {
                    let g = find_group(acct, entity)?;
                    (g.name.as_str(), &g.inline_policies)
                }
                Owner::Role => {
                    let r = find_role(acct, entity)?;
                    (r.name.as_str(), &r.inline_policies)
                }
            };
            let doc = policies
                .get(&policy)
                .ok_or_else(|| owner.not_found(&policy))?;
            Ok(InlinePolicy {
                owner_name: name.to_string(),
                document: url_encode_document(doc),
                policy_name: policy,
            })
        })
    }

    async fn delete_inline(
        &self,
        caller: &Caller,
        owner: Owner,
        entity: String,
        policy: String,
    ) -> IamResult<()> {
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
            Ok(())
        })
        .await
    }

    fn list_inline(
        &self,
        caller: &Caller,
        owner: Owner,
        entity: &str,
        marker: Option<&str>,
        requested_max_items: Option<i32>,
    ) -> IamResult<PolicyNamesPage> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let policies = match owner {
                Owner::User => &find_user(acct, entity)?.inline_policies,
                Owner::Group => &find_group(acct, entity)?.inline_policies,
                Owner::Role => &find_role(acct, entity)?.inline_policies,
            };
            let items = policies.keys().map(|k| (k.as_str(), k.clone()));
            let (names, next) = page(items, marker, max_items(requested_max_items))?;
            Ok(PolicyNamesPage { names, next })
        })
    }

    pub async fn put_user_policy(
        &self,
        caller: &Caller,
        input: api::PutUserPolicyRequest,
    ) -> IamResult<()> {
        self.put_inline(
            caller,
            Owner::User,
            input.user_name,
            input.policy_name,
            input.policy_document,
        )
        .await
    }
    pub async fn get_user_policy(
        &self,
        caller: &Caller,
        input: api::GetUserPolicyRequest,
    ) -> IamResult<api::GetUserPolicyResponse> {
        let p = self.get_inline(caller, Owner::User, &input.user_name, input.policy_name)?;
        Ok(api::GetUserPolicyResponse {
            user_name: p.owner_name,
            policy_name: p.policy_name,
            policy_document: p.document,
        })
    }
    pub async fn delete_user_policy(
        &self,
        caller: &Caller,
        input: api::DeleteUserPolicyRequest,
    ) -> IamResult<()> {
        self.delete_inline(caller, Owner::User, input.user_name, input.policy_name)
            .await
    }
    pub async fn list_user_policies(
        &self,
        caller: &Caller,
        input: api::ListUserPoliciesRequest,
    ) -> IamResult<api::ListUserPoliciesResponse> {
        let p = self.list_inline(
            caller,
            Owner::User,
            &input.user_name,
            input.marker.as_deref(),
            input.max_items,
        )?;
        Ok(api::ListUserPoliciesResponse {
            policy_names: p.names,
            is_truncated: Some(p.next.is_some()),
            marker: p.next,
        })
    }
    pub async fn put_group_policy(
        &self,
        caller: &Caller,
        input: api::PutGroupPolicyRequest,
    ) -> IamResult<()> {
        self.put_inline(
            caller,
            Owner::Group,
            input.group_name,
            input.policy_name,
            input.policy_document,
        )
        .await
    }
    pub async fn get_group_policy(
        &self,
        caller: &Caller,
        input: api::GetGroupPolicyRequest,
    ) -> IamResult<api::GetGroupPolicyResponse> {
        let p = self.get_inline(caller, Owner::Group, &input.group_name, input.policy_name)?;
        Ok(api::GetGroupPolicyResponse {
            group_name: p.owner_name,
            policy_name: p.policy_name,
            policy_document: p.document,
        })
    }
    pub async fn delete_group_policy(
        &self,
        caller: &Caller,
        input: api::DeleteGroupPolicyRequest,
    ) -> IamResult<()> {
        self.delete_inline(caller, Owner::Group, input.group_name, input.policy_name)
            .await
    }
    pub async fn list_group_policies(
        &self,
        caller: &Caller,
        input: api::ListGroupPoliciesRequest,
    ) -> IamResult<api::ListGroupPoliciesResponse> {
        let p = self.list_inline(
            caller,
            Owner::Group,
            &input.group_name,
            input.marker.as_deref(),
            input.max_items,
        )?;
        Ok(api::ListGroupPoliciesResponse {
            policy_names: p.names,
            is_truncated: Some(p.next.is_some()),
            marker: p.next,
        })
    }
}

impl Iam {
    pub async fn put_role_policy(
        &self,
        caller: &Caller,
        input: api::PutRolePolicyRequest,
    ) -> IamResult<()> {
        self.put_inline(
            caller,
            Owner::Role,
            input.role_name,
            input.policy_name,
            input.policy_document,
        )
        .await
    }
    pub async fn get_role_policy(
        &self,
        caller: &Caller,
        input: api::GetRolePolicyRequest,
    ) -> IamResult<api::GetRolePolicyResponse> {
        let p = self.get_inline(caller, Owner::Role, &input.role_name, input.policy_name)?;
        Ok(api::GetRolePolicyResponse {
            role_name: p.owner_name,
            policy_name: p.policy_name,
            policy_document: p.document,
        })
    }
    pub async fn delete_role_policy(
        &self,
        caller: &Caller,
        input: api::DeleteRolePolicyRequest,
    ) -> IamResult<()> {
        self.delete_inline(caller, Owner::Role, input.role_name, input.policy_name)
            .await
    }
    pub async fn list_role_policies(
        &self,
        caller: &Caller,
        input: api::ListRolePoliciesRequest,
    ) -> IamResult<api::ListRolePoliciesResponse> {
        let p = self.list_inline(
            caller,
            Owner::Role,
            &input.role_name,
            input.marker.as_deref(),
            input.max_items,
        )?;
        Ok(api::ListRolePoliciesResponse {
            policy_names: p.names,
            is_truncated: Some(p.next.is_some()),
            marker: p.next,
        })
    }
}
