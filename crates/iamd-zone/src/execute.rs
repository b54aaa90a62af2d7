//! Carries out one change with the IAM API. Each call tolerates the answer that means "already
//! done" (EntityAlreadyExists on a create, NoSuchEntity on a delete), so an interrupted apply
//! resumes by running again.
use crate::ZoneError;
use crate::client::{api, code};
use crate::desired::REVOKE_POLICY;
use crate::plan::{Change, Kind};
use crate::policy;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::Tag;
use serde_json::json;

fn tag_list(tags: &std::collections::BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok())
        .collect()
}

/// `Ok(())` when the call succeeded or its error code is one of `done`.
macro_rules! call {
    ($what:expr, $fut:expr, [$($done:literal),*]) => {
        match $fut.await {
            Ok(_) => Ok(()),
            Err(e) if [$($done),*].contains(&code(&e).unwrap_or("")) => Ok(()),
            Err(e) => Err(api(&$what, e)),
        }
    };
}

/// A random initial password meeting any password policy (20 characters of all four classes).
pub fn random_password() -> String {
    use rand::Rng;
    use rand::seq::SliceRandom;
    let mut rng = rand::thread_rng();
    let classes: [&[u8]; 4] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
        b"!@#$%^&*()-_=+",
    ];
    let mut chars: Vec<u8> = classes
        .iter()
        .map(|c| c[rng.gen_range(0..c.len())])
        .collect();
    let all: Vec<u8> = classes.concat();
    while chars.len() < 20 {
        chars.push(all[rng.gen_range(0..all.len())]);
    }
    chars.shuffle(&mut rng);
    String::from_utf8(chars).unwrap_or_default()
}

/// Runs `change`; returns the initial password when it created a login profile.
pub async fn run(iam: &Client, change: &Change) -> Result<Option<String>, ZoneError> {
    use Change::*;
    match change {
        SetPasswordPolicy(p) => call!(
            String::from("UpdateAccountPasswordPolicy"),
            iam.update_account_password_policy()
                .set_minimum_password_length(p.minimum_length)
                .require_symbols(p.require_symbols)
                .require_numbers(p.require_numbers)
                .require_uppercase_characters(p.require_uppercase)
                .require_lowercase_characters(p.require_lowercase)
                .allow_users_to_change_password(p.allow_users_to_change)
                .set_max_password_age(p.max_age_days)
                .set_password_reuse_prevention(p.reuse_prevention)
                .hard_expiry(p.hard_expiry)
                .send(),
            []
        )?,
        CreatePolicy {
            name,
            document,
            description,
        } => call!(
            format!("CreatePolicy {name}"),
            iam.create_policy()
                .policy_name(name)
                .policy_document(policy::text(document))
                .set_description(description.clone())
                .set_tags(Some(tag_list(&crate::managed_tag_map())))
                .send(),
            ["EntityAlreadyExists"]
        )?,
        UpdatePolicy {
            name,
            arn,
            document,
            delete_versions,
            ..
        } => {
            for v in delete_versions {
                call!(
                    format!("DeletePolicyVersion {name} {v}"),
                    iam.delete_policy_version()
                        .policy_arn(arn)
                        .version_id(v)
                        .send(),
                    ["NoSuchEntity"]
                )?;
            }
            call!(
                format!("CreatePolicyVersion {name}"),
                iam.create_policy_version()
                    .policy_arn(arn)
                    .policy_document(policy::text(document))
                    .set_as_default(true)
                    .send(),
                []
            )?
        }
        DeletePolicy { name, arn } => delete_policy(iam, name, arn).await?,
        CreateGroup { name } => call!(
            format!("CreateGroup {name}"),
            iam.create_group().group_name(name).send(),
            ["EntityAlreadyExists"]
        )?,
        DeleteGroup { name } => delete_group(iam, name).await?,
        CreateRole {
            name,
            trust,
            max_session,
            description,
            tags,
        } => call!(
            format!("CreateRole {name}"),
            iam.create_role()
                .role_name(name)
                .assume_role_policy_document(policy::text(trust))
                .max_session_duration(*max_session)
                .set_description(description.clone())
                .set_tags(Some(tag_list(tags)))
                .send(),
            ["EntityAlreadyExists"]
        )?,
        UpdateTrust { name, trust, .. } => call!(
            format!("UpdateAssumeRolePolicy {name}"),
            iam.update_assume_role_policy()
                .role_name(name)
                .policy_document(policy::text(trust))
                .send(),
            []
        )?,
        UpdateRole {
            name,
            max_session,
            description,
        } => call!(
            format!("UpdateRole {name}"),
            iam.update_role()
                .role_name(name)
                .max_session_duration(*max_session)
                .set_description(description.clone())
                .send(),
            []
        )?,
        DeleteRole { name } => delete_role(iam, name).await?,
        SetBoundary { kind, name, arn } => match (kind, arn) {
            (Kind::Role, Some(a)) => call!(
                format!("PutRolePermissionsBoundary {name}"),
                iam.put_role_permissions_boundary()
                    .role_name(name)
                    .permissions_boundary(a)
                    .send(),
                []
            )?,
            (Kind::Role, None) => call!(
                format!("DeleteRolePermissionsBoundary {name}"),
                iam.delete_role_permissions_boundary()
                    .role_name(name)
                    .send(),
                ["NoSuchEntity"]
            )?,
            (_, Some(a)) => call!(
                format!("PutUserPermissionsBoundary {name}"),
                iam.put_user_permissions_boundary()
                    .user_name(name)
                    .permissions_boundary(a)
                    .send(),
                []
            )?,
            (_, None) => call!(
                format!("DeleteUserPermissionsBoundary {name}"),
                iam.delete_user_permissions_boundary()
                    .user_name(name)
                    .send(),
                ["NoSuchEntity"]
            )?,
        },
        CreateUser { name, tags } => call!(
            format!("CreateUser {name}"),
            iam.create_user()
                .user_name(name)
                .set_tags(Some(tag_list(tags)))
                .send(),
            ["EntityAlreadyExists"]
        )?,
        TagUser { name, set, remove } => {
            if !remove.is_empty() {
                call!(
                    format!("UntagUser {name}"),
                    iam.untag_user()
                        .user_name(name)
                        .set_tag_keys(Some(remove.clone()))
                        .send(),
                    []
                )?;
            }
            if !set.is_empty() {
                call!(
                    format!("TagUser {name}"),
                    iam.tag_user()
                        .user_name(name)
                        .set_tags(Some(tag_list(set)))
                        .send(),
                    []
                )?;
            }
        }
        CreateLoginProfile {
            name,
            reset_required,
        } => {
            let password = random_password();
            return match iam
                .create_login_profile()
                .user_name(name)
                .password(&password)
                .password_reset_required(*reset_required)
                .send()
                .await
            {
                Ok(_) => Ok(Some(password)),
                Err(e) if code(&e) == Some("EntityAlreadyExists") => Ok(None),
                Err(e) => Err(api(&format!("CreateLoginProfile {name}"), e)),
            };
        }
        DeleteLoginProfile { name } => call!(
            format!("DeleteLoginProfile {name}"),
            iam.delete_login_profile().user_name(name).send(),
            ["NoSuchEntity"]
        )?,
        Attach { kind, name, arn } => match kind {
            Kind::User => call!(
                format!("AttachUserPolicy {name} {arn}"),
                iam.attach_user_policy()
                    .user_name(name)
                    .policy_arn(arn)
                    .send(),
                []
            )?,
            Kind::Group => call!(
                format!("AttachGroupPolicy {name} {arn}"),
                iam.attach_group_policy()
                    .group_name(name)
                    .policy_arn(arn)
                    .send(),
                []
            )?,
            Kind::Role => call!(
                format!("AttachRolePolicy {name} {arn}"),
                iam.attach_role_policy()
                    .role_name(name)
                    .policy_arn(arn)
                    .send(),
                []
            )?,
        },
        Detach { kind, name, arn } => match kind {
            Kind::User => call!(
                format!("DetachUserPolicy {name} {arn}"),
                iam.detach_user_policy()
                    .user_name(name)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?,
            Kind::Group => call!(
                format!("DetachGroupPolicy {name} {arn}"),
                iam.detach_group_policy()
                    .group_name(name)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?,
            Kind::Role => call!(
                format!("DetachRolePolicy {name} {arn}"),
                iam.detach_role_policy()
                    .role_name(name)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?,
        },
        PutInline {
            kind,
            name,
            policy: p,
            document,
            ..
        } => {
            let text = policy::text(document);
            match kind {
                Kind::User => call!(
                    format!("PutUserPolicy {name} {p}"),
                    iam.put_user_policy()
                        .user_name(name)
                        .policy_name(p)
                        .policy_document(text)
                        .send(),
                    []
                )?,
                Kind::Group => call!(
                    format!("PutGroupPolicy {name} {p}"),
                    iam.put_group_policy()
                        .group_name(name)
                        .policy_name(p)
                        .policy_document(text)
                        .send(),
                    []
                )?,
                Kind::Role => call!(
                    format!("PutRolePolicy {name} {p}"),
                    iam.put_role_policy()
                        .role_name(name)
                        .policy_name(p)
                        .policy_document(text)
                        .send(),
                    []
                )?,
            }
        }
        DeleteInline {
            kind,
            name,
            policy: p,
        } => match kind {
            Kind::User => call!(
                format!("DeleteUserPolicy {name} {p}"),
                iam.delete_user_policy()
                    .user_name(name)
                    .policy_name(p)
                    .send(),
                ["NoSuchEntity"]
            )?,
            Kind::Group => call!(
                format!("DeleteGroupPolicy {name} {p}"),
                iam.delete_group_policy()
                    .group_name(name)
                    .policy_name(p)
                    .send(),
                ["NoSuchEntity"]
            )?,
            Kind::Role => call!(
                format!("DeleteRolePolicy {name} {p}"),
                iam.delete_role_policy()
                    .role_name(name)
                    .policy_name(p)
                    .send(),
                ["NoSuchEntity"]
            )?,
        },
        AddToGroup { user, group } => call!(
            format!("AddUserToGroup {user} {group}"),
            iam.add_user_to_group()
                .user_name(user)
                .group_name(group)
                .send(),
            []
        )?,
        RemoveFromGroup { user, group } => call!(
            format!("RemoveUserFromGroup {user} {group}"),
            iam.remove_user_from_group()
                .user_name(user)
                .group_name(group)
                .send(),
            ["NoSuchEntity"]
        )?,
        RevokeSessions { role, .. } => {
            // AWS's AWSRevokeOlderSessions (id_roles_use_revoke-sessions): deny everything to
            // sessions whose token was issued before now.
            let now = time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            let doc = json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Deny",
                    "Action": ["*"],
                    "Resource": ["*"],
                    "Condition": {"DateLessThan": {"aws:TokenIssueTime": now}}
                }]
            });
            call!(
                format!("PutRolePolicy {role} {REVOKE_POLICY}"),
                iam.put_role_policy()
                    .role_name(role)
                    .policy_name(REVOKE_POLICY)
                    .policy_document(doc.to_string())
                    .send(),
                []
            )?
        }
        Offboard { user } => offboard(iam, user).await?,
    }
    Ok(None)
}

/// Removes a person completely, in the order IAM requires (DeleteUser refuses with
/// DeleteConflict while anything is attached).
pub async fn offboard(iam: &Client, user: &str) -> Result<(), ZoneError> {
    let keys = iam
        .list_access_keys()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListAccessKeys {user}"), e))?;
    for k in keys.access_key_metadata() {
        if let Some(id) = k.access_key_id() {
            call!(
                format!("DeleteAccessKey {user} {id}"),
                iam.delete_access_key()
                    .user_name(user)
                    .access_key_id(id)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    call!(
        format!("DeleteLoginProfile {user}"),
        iam.delete_login_profile().user_name(user).send(),
        ["NoSuchEntity"]
    )?;
    let mfa = iam
        .list_mfa_devices()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListMFADevices {user}"), e))?;
    for d in mfa.mfa_devices() {
        let serial = d.serial_number();
        call!(
            format!("DeactivateMFADevice {user} {serial}"),
            iam.deactivate_mfa_device()
                .user_name(user)
                .serial_number(serial)
                .send(),
            ["NoSuchEntity"]
        )?;
        if serial.starts_with("arn:") && serial.contains(":mfa/") {
            call!(
                format!("DeleteVirtualMFADevice {serial}"),
                iam.delete_virtual_mfa_device().serial_number(serial).send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    let ssh = iam
        .list_ssh_public_keys()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListSSHPublicKeys {user}"), e))?;
    for k in ssh.ssh_public_keys() {
        call!(
            format!("DeleteSSHPublicKey {user}"),
            iam.delete_ssh_public_key()
                .user_name(user)
                .ssh_public_key_id(k.ssh_public_key_id())
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    let certs = iam
        .list_signing_certificates()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListSigningCertificates {user}"), e))?;
    for c in certs.certificates() {
        call!(
            format!("DeleteSigningCertificate {user}"),
            iam.delete_signing_certificate()
                .user_name(user)
                .certificate_id(c.certificate_id())
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    // An endpoint without service-specific credentials (moto answers 500, no AWS error code) has
    // none to delete; on AWS and iamd, should one remain, DeleteUser refuses with DeleteConflict.
    let creds = match iam
        .list_service_specific_credentials()
        .user_name(user)
        .send()
        .await
    {
        Ok(out) => out.service_specific_credentials,
        Err(e)
            if code(&e).is_none() && matches!(e, aws_sdk_iam::error::SdkError::ServiceError(_)) =>
        {
            None
        }
        Err(e) => return Err(api(&format!("ListServiceSpecificCredentials {user}"), e)),
    };
    for c in creds.iter().flatten() {
        call!(
            format!("DeleteServiceSpecificCredential {user}"),
            iam.delete_service_specific_credential()
                .user_name(user)
                .service_specific_credential_id(c.service_specific_credential_id())
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    let groups = iam
        .list_groups_for_user()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListGroupsForUser {user}"), e))?;
    for g in groups.groups() {
        call!(
            format!("RemoveUserFromGroup {user} {}", g.group_name()),
            iam.remove_user_from_group()
                .user_name(user)
                .group_name(g.group_name())
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    let attached = iam
        .list_attached_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListAttachedUserPolicies {user}"), e))?;
    for p in attached.attached_policies() {
        if let Some(arn) = p.policy_arn() {
            call!(
                format!("DetachUserPolicy {user} {arn}"),
                iam.detach_user_policy()
                    .user_name(user)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    let inline = iam
        .list_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| api(&format!("ListUserPolicies {user}"), e))?;
    for p in inline.policy_names() {
        call!(
            format!("DeleteUserPolicy {user} {p}"),
            iam.delete_user_policy()
                .user_name(user)
                .policy_name(p)
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    call!(
        format!("DeleteUser {user}"),
        iam.delete_user().user_name(user).send(),
        ["NoSuchEntity"]
    )
}

async fn delete_role(iam: &Client, role: &str) -> Result<(), ZoneError> {
    let attached = iam
        .list_attached_role_policies()
        .role_name(role)
        .send()
        .await
        .map_err(|e| api(&format!("ListAttachedRolePolicies {role}"), e))?;
    for p in attached.attached_policies() {
        if let Some(arn) = p.policy_arn() {
            call!(
                format!("DetachRolePolicy {role} {arn}"),
                iam.detach_role_policy()
                    .role_name(role)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    let inline = iam
        .list_role_policies()
        .role_name(role)
        .send()
        .await
        .map_err(|e| api(&format!("ListRolePolicies {role}"), e))?;
    for p in inline.policy_names() {
        call!(
            format!("DeleteRolePolicy {role} {p}"),
            iam.delete_role_policy()
                .role_name(role)
                .policy_name(p)
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    let profiles = iam
        .list_instance_profiles_for_role()
        .role_name(role)
        .send()
        .await
        .map_err(|e| api(&format!("ListInstanceProfilesForRole {role}"), e))?;
    for p in profiles.instance_profiles() {
        call!(
            format!("RemoveRoleFromInstanceProfile {role}"),
            iam.remove_role_from_instance_profile()
                .role_name(role)
                .instance_profile_name(p.instance_profile_name())
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    call!(
        format!("DeleteRole {role}"),
        iam.delete_role().role_name(role).send(),
        ["NoSuchEntity"]
    )
}

async fn delete_group(iam: &Client, group: &str) -> Result<(), ZoneError> {
    let g = match iam.get_group().group_name(group).send().await {
        Ok(g) => g,
        Err(e) if code(&e) == Some("NoSuchEntity") => return Ok(()),
        Err(e) => return Err(api(&format!("GetGroup {group}"), e)),
    };
    for u in g.users() {
        call!(
            format!("RemoveUserFromGroup {} {group}", u.user_name()),
            iam.remove_user_from_group()
                .user_name(u.user_name())
                .group_name(group)
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    let attached = iam
        .list_attached_group_policies()
        .group_name(group)
        .send()
        .await
        .map_err(|e| api(&format!("ListAttachedGroupPolicies {group}"), e))?;
    for p in attached.attached_policies() {
        if let Some(arn) = p.policy_arn() {
            call!(
                format!("DetachGroupPolicy {group} {arn}"),
                iam.detach_group_policy()
                    .group_name(group)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    let inline = iam
        .list_group_policies()
        .group_name(group)
        .send()
        .await
        .map_err(|e| api(&format!("ListGroupPolicies {group}"), e))?;
    for p in inline.policy_names() {
        call!(
            format!("DeleteGroupPolicy {group} {p}"),
            iam.delete_group_policy()
                .group_name(group)
                .policy_name(p)
                .send(),
            ["NoSuchEntity"]
        )?;
    }
    call!(
        format!("DeleteGroup {group}"),
        iam.delete_group().group_name(group).send(),
        ["NoSuchEntity"]
    )
}

async fn delete_policy(iam: &Client, name: &str, arn: &str) -> Result<(), ZoneError> {
    let entities = match iam.list_entities_for_policy().policy_arn(arn).send().await {
        Ok(e) => e,
        Err(e) if code(&e) == Some("NoSuchEntity") => return Ok(()),
        Err(e) => return Err(api(&format!("ListEntitiesForPolicy {name}"), e)),
    };
    for g in entities.policy_groups() {
        if let Some(n) = g.group_name() {
            call!(
                format!("DetachGroupPolicy {n} {arn}"),
                iam.detach_group_policy()
                    .group_name(n)
                    .policy_arn(arn)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    for u in entities.policy_users() {
        if let Some(n) = u.user_name() {
            call!(
                format!("DetachUserPolicy {n} {arn}"),
                iam.detach_user_policy().user_name(n).policy_arn(arn).send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    for r in entities.policy_roles() {
        if let Some(n) = r.role_name() {
            call!(
                format!("DetachRolePolicy {n} {arn}"),
                iam.detach_role_policy().role_name(n).policy_arn(arn).send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    let versions = iam
        .list_policy_versions()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| api(&format!("ListPolicyVersions {name}"), e))?;
    for v in versions.versions() {
        if !v.is_default_version
            && let Some(id) = v.version_id()
        {
            call!(
                format!("DeletePolicyVersion {name} {id}"),
                iam.delete_policy_version()
                    .policy_arn(arn)
                    .version_id(id)
                    .send(),
                ["NoSuchEntity"]
            )?;
        }
    }
    call!(
        format!("DeletePolicy {name}"),
        iam.delete_policy().policy_arn(arn).send(),
        ["NoSuchEntity"]
    )
}
