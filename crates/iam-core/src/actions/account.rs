//! Account-level actions: Create/Delete/ListAccountAliases, GetAccountSummary,
//! GetAccountAuthorizationDetails (IAM User Guide: console_account-alias, reference_iam-quotas).
use super::groups::group_shape;
use super::instance_profiles::{ProfileView, profile_shape};
use super::managed_policies::resolve_policy;
use super::roles::role_shape;
use super::users::boundary_shape;
use super::*;
use crate::entities::*;
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;
use std::collections::{BTreeMap, BTreeSet};

impl Iam {
    pub async fn create_account_alias(
        &self,
        caller: &Caller,
        input: api::CreateAccountAliasRequest,
    ) -> IamResult<()> {
        let alias = input.account_alias;
        self.write(|state, tx| {
            let taken = state
                .accounts
                .values()
                .any(|a| a.account.id != caller.account_id && a.account.aliases.contains(&alias));
            if taken {
                return Err(IamError::EntityAlreadyExists(format!(
                    "The account alias {alias} already exists."
                )));
            }
            let acct = Iam::account_of_mut(state, caller)?;
            // An account has at most one alias: a new one replaces the old.
            acct.update_account(tx, |a| a.aliases = vec![alias]);
            Ok(())
        })
        .await
    }

    pub async fn delete_account_alias(
        &self,
        caller: &Caller,
        input: api::DeleteAccountAliasRequest,
    ) -> IamResult<()> {
        let alias = input.account_alias;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if !acct.account.aliases.contains(&alias) {
                return Err(IamError::NoSuchEntity(format!(
                    "The account alias {alias} cannot be found."
                )));
            }
            acct.update_account(tx, |a| a.aliases.retain(|a| a != &alias));
            Ok(())
        })
        .await
    }

    pub async fn list_account_aliases(
        &self,
        caller: &Caller,
        input: api::ListAccountAliasesRequest,
    ) -> IamResult<api::ListAccountAliasesResponse> {
        // An account has one alias at most: one page, but a made-up marker is still refused.
        crate::paging::check_marker(input.marker.as_deref())?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            Ok(api::ListAccountAliasesResponse {
                account_aliases: acct.account.aliases.clone(),
                is_truncated: Some(false),
                marker: None,
            })
        })
    }

    pub async fn get_account_summary(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::GetAccountSummaryResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let versions: usize = acct.policies.values().map(|p| p.versions.len()).sum();
            let root_keys = !acct.keys_of(None).is_empty();
            let mfa_in_use = acct.mfa_by_owner.values().map(|s| s.len()).sum::<usize>();
            let root_mfa = acct.mfa_devices_of(None).next().is_some();
            let q = &self.quotas;
            // Counts and quotas are far below i32::MAX; the model's values are 32-bit.
            let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
            let summary_map: BTreeMap<String, i32> = [
                ("Users", count(acct.users.len())),
                ("UsersQuota", count(q.users_per_account)),
                ("Groups", count(acct.groups.len())),
                ("GroupsQuota", count(q.groups_per_account)),
                ("Policies", count(acct.policies.len())),
                ("PoliciesQuota", count(q.policies_per_account)),
                ("PolicySizeQuota", 6144),
                ("PolicyVersionsInUse", count(versions)),
                ("PolicyVersionsInUseQuota", 10000),
                ("VersionsPerPolicyQuota", 5),
                ("GroupsPerUserQuota", 10),
                ("AttachedPoliciesPerUserQuota", 10),
                ("AttachedPoliciesPerGroupQuota", 10),
                ("AttachedPoliciesPerRoleQuota", 10),
                ("AccessKeysPerUserQuota", 2),
                ("UserPolicySizeQuota", 2048),
                ("GroupPolicySizeQuota", 5120),
                ("RolePolicySizeQuota", 10240),
                ("AssumeRolePolicySizeQuota", 2048),
                ("SigningCertificatesPerUserQuota", 2),
                ("ServerCertificates", count(acct.server_certs.len())),
                ("ServerCertificatesQuota", 20),
                ("MFADevices", count(acct.mfa_devices.len())),
                ("MFADevicesInUse", count(mfa_in_use)),
                ("AccountMFAEnabled", i32::from(root_mfa)),
                ("AccountAccessKeysPresent", i32::from(root_keys)),
                // Whether the root user has a console password: iamd's root users sign in with
                // access keys only (the console sign-in is for IAM users), so never.
                ("AccountPasswordPresent", 0),
                (
                    "AccountSigningCertificatesPresent",
                    i32::from(acct.signing_certs_of(None).next().is_some()),
                ),
                ("Roles", count(acct.roles.len())),
                ("RolesQuota", 1000),
                ("InstanceProfiles", count(acct.instance_profiles.len())),
                ("InstanceProfilesQuota", 1000),
                (
                    "Providers",
                    count(acct.oidc_providers.len() + acct.saml_providers.len()),
                ),
                (
                    "GlobalEndpointTokenVersion",
                    i32::from(acct.account.global_endpoint_token_version.unwrap_or(1)),
                ),
            ]
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect();
            Ok(api::GetAccountSummaryResponse {
                summary_map: Some(summary_map),
            })
        })
    }

    /// SetSecurityTokenServicePreferences: which session tokens the global STS endpoint issues
    /// (v1Token: valid in Regions enabled by default; v2Token: in every Region). GetAccountSummary
    /// reports it as GlobalEndpointTokenVersion.
    pub async fn set_security_token_service_preferences(
        &self,
        caller: &Caller,
        input: api::SetSecurityTokenServicePreferencesRequest,
    ) -> IamResult<()> {
        // The model's enum (v1Token | v2Token) was checked when the input was decoded.
        let version = if input.global_endpoint_token_version == "v2Token" {
            2
        } else {
            1
        };
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.account.global_endpoint_token_version != Some(version) {
                acct.update_account(tx, |a| a.global_endpoint_token_version = Some(version));
            }
            Ok(())
        })
        .await
    }

    pub async fn get_account_authorization_details(
        &self,
        caller: &Caller,
        input: api::GetAccountAuthorizationDetailsRequest,
    ) -> IamResult<api::GetAccountAuthorizationDetailsResponse> {
        let filter = input.filter.unwrap_or_default();
        let want = |f: &str| filter.is_empty() || filter.iter().any(|x| x == f);
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            // One sorted sequence of users, groups, roles, then policies, paged as a whole.
            let mut items: Vec<(String, Detail)> = Vec::new();
            if want("User") {
                for (k, id) in &acct.user_names {
                    if let Some(u) = acct.users.get(id) {
                        items.push((format!("1{k}"), Detail::User(user_detail(acct, u))));
                    }
                }
            }
            if want("Group") {
                for (k, id) in &acct.group_names {
                    if let Some(g) = acct.groups.get(id) {
                        items.push((format!("2{k}"), Detail::Group(group_detail(acct, g))));
                    }
                }
            }
            if want("Role") {
                for (k, id) in &acct.role_names {
                    if let Some(r) = acct.roles.get(id) {
                        items.push((format!("3{k}"), Detail::Role(role_detail(acct, r))));
                    }
                }
            }
            if want("LocalManagedPolicy") {
                for (k, id) in &acct.policy_names {
                    if let Some(p) = acct.policies.get(id) {
                        items.push((format!("4l{k}"), Detail::Policy(policy_detail(acct, p))));
                    }
                }
            }
            if want("AWSManagedPolicy") {
                // AWS lists the AWS-managed policies in use in the account.
                let in_use: BTreeSet<&String> = acct
                    .attachments
                    .iter()
                    .filter(|(arn, a)| a.count() > 0 && crate::arns::is_aws_managed_policy(arn))
                    .map(|(arn, _)| arn)
                    .collect();
                for arn in in_use {
                    if let Some(p) = resolve_policy(acct, arn) {
                        let key = format!("4a{}", p.name.to_lowercase());
                        items.push((key, Detail::Policy(policy_detail(acct, p))));
                    }
                }
            }
            items.sort_by(|a, b| a.0.cmp(&b.0));
            let (list, next) = page(
                items.into_iter(),
                input.marker.as_deref(),
                max_items(input.max_items),
            )?;
            let mut out = api::GetAccountAuthorizationDetailsResponse {
                user_detail_list: Some(Vec::new()),
                group_detail_list: Some(Vec::new()),
                role_detail_list: Some(Vec::new()),
                policies: Some(Vec::new()),
                is_truncated: Some(next.is_some()),
                marker: next,
            };
            for detail in list {
                match detail {
                    Detail::User(d) => out.user_detail_list.get_or_insert_default().push(d),
                    Detail::Group(d) => out.group_detail_list.get_or_insert_default().push(d),
                    Detail::Role(d) => out.role_detail_list.get_or_insert_default().push(d),
                    Detail::Policy(d) => out.policies.get_or_insert_default().push(d),
                }
            }
            Ok(out)
        })
    }
}

/// One entry of GetAccountAuthorizationDetails, before the page splits them into their lists.
enum Detail {
    User(api::UserDetail),
    Group(api::GroupDetail),
    Role(api::RoleDetail),
    Policy(api::ManagedPolicyDetail),
}

fn inline_list(policies: &BTreeMap<String, String>) -> Option<Vec<api::PolicyDetail>> {
    Some(
        policies
            .iter()
            .map(|(n, d)| api::PolicyDetail {
                policy_name: Some(n.clone()),
                policy_document: Some(url_encode_document(d)),
            })
            .collect(),
    )
}

fn attached_list(acct: &AccountState, arns: &[String]) -> Option<Vec<api::AttachedPolicy>> {
    Some(
        arns.iter()
            .filter_map(|a| {
                resolve_policy(acct, a).map(|p| api::AttachedPolicy {
                    policy_name: Some(p.name.clone()),
                    policy_arn: Some(a.clone()),
                })
            })
            .collect(),
    )
}

fn user_detail(acct: &AccountState, u: &User) -> api::UserDetail {
    let groups = u.groups.iter().filter_map(|g| acct.groups.get(g));
    api::UserDetail {
        path: Some(u.path.to_string()),
        user_name: Some(u.name.to_string()),
        user_id: Some(u.id.to_string()),
        arn: Some(u.arn(acct.partition())),
        create_date: Some(iso8601(u.create_date)),
        // AWS leaves an empty list out for users (test_iam_account_authorization_details
        // "no-filter-result"), unlike GroupPolicyList and RolePolicyList.
        user_policy_list: inline_list(&u.inline_policies).filter(|l| !l.is_empty()),
        group_list: Some(groups.map(|g| g.name.clone()).collect()),
        attached_managed_policies: attached_list(acct, &u.attached_policies),
        permissions_boundary: u.permissions_boundary.as_deref().map(boundary_shape),
        // An empty list when the user has none, as for roles.
        tags: Some(tags_out(&u.tags)),
    }
}

fn group_detail(acct: &AccountState, g: &Group) -> api::GroupDetail {
    let group = group_shape(g, acct.partition());
    api::GroupDetail {
        path: Some(group.path),
        group_name: Some(group.group_name),
        group_id: Some(group.group_id),
        arn: Some(group.arn),
        create_date: Some(group.create_date),
        group_policy_list: inline_list(&g.inline_policies),
        attached_managed_policies: attached_list(acct, &g.attached_policies),
    }
}

/// A role as GetRole answers it, without MaxSessionDuration and Description (AWS leaves
/// them out here), with its policies and instance profiles, and its tags even when it has none
/// (AWS-recorded: test_iam_account_authorization_details
/// `test_get_account_authorization_details_no_filter` "no-filter-result": `"Tags": []` on the
/// role and the user).
fn role_detail(acct: &AccountState, r: &Role) -> api::RoleDetail {
    let role = role_shape(r, true, acct.partition());
    // Each instance profile with its roles, as ListInstanceProfiles shows them (AWS's recording:
    // test_iam_account_authorization_details "role-filter-result").
    let profiles = acct
        .instance_profiles
        .values()
        .filter(|p| p.roles.contains(&r.id))
        .map(|p| profile_shape(acct, p, ProfileView::Listed))
        .collect();
    api::RoleDetail {
        path: Some(role.path),
        role_name: Some(role.role_name),
        role_id: Some(role.role_id),
        arn: Some(role.arn),
        create_date: Some(role.create_date),
        assume_role_policy_document: role.assume_role_policy_document,
        instance_profile_list: Some(profiles),
        role_policy_list: inline_list(&r.inline_policies),
        attached_managed_policies: attached_list(acct, &r.attached_policies),
        permissions_boundary: role.permissions_boundary,
        tags: Some(tags_out(&r.tags)),
        role_last_used: role.role_last_used,
    }
}

fn policy_detail(acct: &AccountState, p: &ManagedPolicy) -> api::ManagedPolicyDetail {
    let arn = p.arn(acct.partition());
    let versions = p.versions.iter().rev().map(|ver| api::PolicyVersion {
        document: Some(url_encode_document(&ver.document)),
        version_id: Some(ver.version_id.clone()),
        is_default_version: Some(ver.version_id == p.default_version),
        create_date: Some(iso8601(ver.create_date)),
    });
    // Counts are far below i32::MAX; the model's values are 32-bit.
    let count = |n: usize| Some(i32::try_from(n).unwrap_or(i32::MAX));
    api::ManagedPolicyDetail {
        policy_name: Some(p.name.clone()),
        policy_id: Some(p.id.clone()),
        path: Some(p.path.clone()),
        default_version_id: Some(p.default_version.clone()),
        attachment_count: count(acct.attachment_count(&arn)),
        permissions_boundary_usage_count: count(
            acct.boundary_usage.get(&arn).copied().unwrap_or(0),
        ),
        is_attachable: Some(true),
        description: p.description.clone(),
        create_date: Some(iso8601(p.create_date)),
        update_date: Some(iso8601(p.update_date)),
        policy_version_list: Some(versions.collect()),
        arn: Some(arn),
    }
}
