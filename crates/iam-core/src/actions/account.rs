//! Account-level actions: Create/Delete/ListAccountAliases, GetAccountSummary,
//! GetAccountAuthorizationDetails (IAM User Guide: console_account-alias, reference_iam-quotas).
use super::groups::group_json;
use super::managed_policies::resolve_policy;
use super::*;
use crate::entities::*;
use crate::input::Input;
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
        _input: api::ListAccountAliasesRequest,
    ) -> IamResult<api::ListAccountAliasesResponse> {
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
            let summary = json!({
                "Users": acct.users.len(),
                "UsersQuota": q.users_per_account,
                "Groups": acct.groups.len(),
                "GroupsQuota": q.groups_per_account,
                "Policies": acct.policies.len(),
                "PoliciesQuota": q.policies_per_account,
                "PolicySizeQuota": 6144,
                "PolicyVersionsInUse": versions,
                "PolicyVersionsInUseQuota": 10000,
                "VersionsPerPolicyQuota": 5,
                "GroupsPerUserQuota": 10,
                "AttachedPoliciesPerUserQuota": 10,
                "AttachedPoliciesPerGroupQuota": 10,
                "AttachedPoliciesPerRoleQuota": 10,
                "AccessKeysPerUserQuota": 2,
                "UserPolicySizeQuota": 2048,
                "GroupPolicySizeQuota": 5120,
                "RolePolicySizeQuota": 10240,
                "AssumeRolePolicySizeQuota": 2048,
                "SigningCertificatesPerUserQuota": 2,
                "ServerCertificates": acct.server_certs.len(),
                "ServerCertificatesQuota": 20,
                "MFADevices": acct.mfa_devices.len(),
                "MFADevicesInUse": mfa_in_use,
                "AccountMFAEnabled": u8::from(root_mfa),
                "AccountAccessKeysPresent": u8::from(root_keys),
                "AccountSigningCertificatesPresent": u8::from(acct.signing_certs_of(None).next().is_some()),
                "Roles": acct.roles.len(),
                "RolesQuota": 1000,
                "InstanceProfiles": acct.instance_profiles.len(),
                "InstanceProfilesQuota": 1000,
                "Providers": 0,
                "GlobalEndpointTokenVersion": acct.account.global_endpoint_token_version.unwrap_or(1),
            });
            // Counts and quotas are far below i32::MAX; the model's values are 32-bit.
            let summary_map: BTreeMap<String, i32> = summary
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let n = v.as_i64().unwrap_or_default();
                    (k.clone(), i32::try_from(n).unwrap_or(i32::MAX))
                })
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
        input: &Input,
    ) -> IamResult<Value> {
        let filter = input.strings("Filter");
        let want = |f: &str| filter.is_empty() || filter.iter().any(|x| x == f);
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let mut items: Vec<(String, (u8, Value))> = Vec::new();
            if want("User") {
                for (k, id) in &acct.user_names {
                    if let Some(u) = acct.users.get(id) {
                        items.push((format!("1{k}"), (1, user_detail(acct, u))));
                    }
                }
            }
            if want("Group") {
                for (k, id) in &acct.group_names {
                    if let Some(g) = acct.groups.get(id) {
                        let mut v = group_json(g);
                        v["GroupPolicyList"] = inline_list(&g.inline_policies);
                        v["AttachedManagedPolicies"] = attached_list(acct, &g.attached_policies);
                        items.push((format!("2{k}"), (2, v)));
                    }
                }
            }
            if want("Role") {
                for (k, id) in &acct.role_names {
                    if let Some(r) = acct.roles.get(id) {
                        let mut v = super::roles::role_json(r, true);
                        v["RolePolicyList"] = inline_list(&r.inline_policies);
                        v["AttachedManagedPolicies"] = attached_list(acct, &r.attached_policies);
                        let profiles: Vec<Value> = acct
                            .instance_profiles
                            .values()
                            .filter(|p| p.roles.contains(&r.id))
                            .map(|p| {
                                json!({
                                    "Path": p.path,
                                    "InstanceProfileName": p.name,
                                    "InstanceProfileId": p.id,
                                    "Arn": p.arn(),
                                    "CreateDate": iso8601(p.create_date),
                                    "Roles": [],
                                })
                            })
                            .collect();
                        v["InstanceProfileList"] = json!(profiles);
                        if let Some(o) = v.as_object_mut() {
                            o.remove("MaxSessionDuration");
                            o.remove("Description");
                        }
                        items.push((format!("3{k}"), (3, v)));
                    }
                }
            }
            if want("LocalManagedPolicy") {
                for (k, id) in &acct.policy_names {
                    if let Some(p) = acct.policies.get(id) {
                        items.push((format!("4l{k}"), (4, policy_detail(acct, p))));
                    }
                }
            }
            if want("AWSManagedPolicy") {
                // AWS lists the AWS-managed policies in use in the account.
                let in_use: BTreeSet<&String> = acct
                    .attachments
                    .iter()
                    .filter(|(arn, a)| a.count() > 0 && arn.starts_with("arn:aws:iam::aws:"))
                    .map(|(arn, _)| arn)
                    .collect();
                for arn in in_use {
                    if let Some(p) = resolve_policy(acct, arn) {
                        items.push((
                            format!("4a{}", p.name.to_lowercase()),
                            (4, policy_detail(acct, p)),
                        ));
                    }
                }
            }
            items.sort_by(|a, b| a.0.cmp(&b.0));
            let (list, next) = page(items.into_iter(), input.marker(), input.max_items());
            let pick = |n: u8| {
                list.iter()
                    .filter(|(k, _)| *k == n)
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>()
            };
            Ok(paged(
                json!({
                    "UserDetailList": pick(1),
                    "GroupDetailList": pick(2),
                    "RoleDetailList": pick(3),
                    "Policies": pick(4),
                }),
                next,
            ))
        })
    }
}

fn inline_list(policies: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Array(
        policies
            .iter()
            .map(|(n, d)| json!({"PolicyName": n, "PolicyDocument": url_encode_document(d)}))
            .collect(),
    )
}

fn attached_list(acct: &AccountState, arns: &[String]) -> Value {
    Value::Array(
        arns.iter()
            .filter_map(|a| {
                resolve_policy(acct, a).map(|p| json!({"PolicyName": p.name, "PolicyArn": a}))
            })
            .collect(),
    )
}

fn user_detail(acct: &AccountState, u: &User) -> Value {
    let mut v = json!({
        "Path": u.path,
        "UserName": u.name,
        "UserId": u.id,
        "Arn": u.arn(),
        "CreateDate": iso8601(u.create_date),
        "UserPolicyList": inline_list(&u.inline_policies),
        "GroupList": u.groups.iter().filter_map(|g| acct.groups.get(g).map(|g| g.name.clone())).collect::<Vec<_>>(),
        "AttachedManagedPolicies": attached_list(acct, &u.attached_policies),
    });
    if let Some(b) = &u.permissions_boundary {
        v["PermissionsBoundary"] =
            json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b});
    }
    if !u.tags.is_empty() {
        v["Tags"] = tags_json(&u.tags);
    }
    v
}

fn policy_detail(acct: &AccountState, p: &ManagedPolicy) -> Value {
    let arn = p.arn();
    let mut v = json!({
        "PolicyName": p.name,
        "PolicyId": p.id,
        "Arn": arn,
        "Path": p.path,
        "DefaultVersionId": p.default_version,
        "AttachmentCount": acct.attachment_count(&arn),
        "PermissionsBoundaryUsageCount": acct.boundary_usage.get(&arn).copied().unwrap_or(0),
        "IsAttachable": true,
        "CreateDate": iso8601(p.create_date),
        "UpdateDate": iso8601(p.update_date),
        "PolicyVersionList": p.versions.iter().rev().map(|ver| json!({
            "Document": url_encode_document(&ver.document),
            "VersionId": ver.version_id,
            "IsDefaultVersion": ver.version_id == p.default_version,
            "CreateDate": iso8601(ver.create_date),
        })).collect::<Vec<_>>(),
    });
    if let Some(d) = &p.description {
        v["Description"] = json!(d);
    }
    v
}
