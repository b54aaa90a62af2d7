//! `iamd export`: the spec of an existing setup, read through the same public APIs, so a team
//! can adopt this tool from today's accounts (or Terraform-managed ones). Each member account
//! becomes an account type of its own name (accounts with the same roles can then be merged by
//! hand); a group's `iamd-assume-roles` policy becomes its `group_map` entry.
use crate::client::{Target, api};
use crate::desired::ASSUME_POLICY;
use crate::model::AccountModel;
use crate::spec::*;
use crate::{ZoneError, is_managed, live};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn policy_ref(
    arn: &str,
    account_policies: &AccountModel,
    policies: &mut BTreeMap<String, Policy>,
) -> String {
    if arn.starts_with("arn:aws:iam::aws:") {
        return arn.to_string();
    }
    match account_policies.policies.iter().find(|(_, p)| p.arn == arn) {
        Some((name, p)) => {
            policies.entry(name.clone()).or_insert_with(|| Policy {
                document: p.document.clone(),
                description: p.description.clone(),
            });
            name.clone()
        }
        None => arn.to_string(),
    }
}

fn requires_mfa(trust: &Value) -> bool {
    trust.to_string().contains("aws:MultiFactorAuthPresent")
}

pub async fn export(target: &Target, member_role: &str) -> Result<Spec, ZoneError> {
    let caller = target
        .sts(&target.credentials)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| api("GetCallerIdentity", e))?;
    let central_id = caller.account.unwrap_or_default();
    let mut spec = Spec::default();

    // Member accounts of the organization, if there is one.
    let mut members: Vec<(String, String)> = Vec::new();
    let org = target.organizations();
    let mut token = None;
    loop {
        match org
            .list_accounts()
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(out) => {
                for a in out.accounts() {
                    let active = a.status().map(|s| s.as_str()) == Some("ACTIVE")
                        || a.state().map(|s| s.as_str()) == Some("ACTIVE");
                    if let (Some(id), Some(name)) = (a.id(), a.name())
                        && id != central_id
                        && active
                    {
                        members.push((name.to_string(), id.to_string()));
                    }
                }
                match out.next_token {
                    Some(t) => token = Some(t),
                    None => break,
                }
            }
            Err(e)
                if matches!(
                    crate::client::code(&e),
                    Some("AWSOrganizationsNotInUseException") | Some("AccessDeniedException")
                ) =>
            {
                break;
            }
            Err(e) => return Err(api("Organizations ListAccounts", e)),
        }
    }

    let central = live::read(
        &target.iam(&target.credentials),
        &live::ReadOptions {
            login_profiles_of: None,
            password_policy: true,
            concurrency: 16,
        },
    )
    .await?;

    // Roles of every account (the central one's too).
    let mut role_accounts: Vec<(String, String, AccountModel)> = Vec::new();
    for (name, id) in &members {
        let creds = target.assume(id, member_role).await?;
        let m = live::read(
            &target.iam(&creds),
            &live::ReadOptions {
                login_profiles_of: Some(BTreeSet::new()),
                password_policy: false,
                concurrency: 16,
            },
        )
        .await?;
        role_accounts.push((name.clone(), id.clone(), m));
    }
    let central_has_roles = central
        .roles
        .iter()
        .any(|(n, r)| n != member_role && is_managed(&r.tags));
    if !members.is_empty() || central_has_roles {
        spec.accounts.insert(
            "central".into(),
            Account {
                account_type: "central".into(),
                id: Some(central_id.clone()),
                email: None,
                central: true,
            },
        );
        spec.account_types
            .insert("central".into(), AccountType::default());
    }
    for (name, id, _) in &role_accounts {
        spec.accounts.insert(
            name.clone(),
            Account {
                account_type: name.clone(),
                id: Some(id.clone()),
                email: None,
                central: false,
            },
        );
        spec.account_types
            .insert(name.clone(), AccountType::default());
    }
    let mut type_of: BTreeMap<String, String> = role_accounts
        .iter()
        .map(|(n, id, _)| (id.clone(), n.clone()))
        .collect();
    let mut all_role_accounts = role_accounts;
    if central_has_roles {
        type_of.insert(central_id.clone(), "central".into());
        all_role_accounts.push(("central".into(), central_id.clone(), central.clone()));
    }
    for (acct_type, _, m) in &all_role_accounts {
        for (rname, r) in &m.roles {
            if rname == member_role || r.path.starts_with("/aws-reserved/") {
                continue;
            }
            let mut policies = BTreeMap::new();
            let attached: Vec<String> = r
                .attached
                .iter()
                .map(|a| policy_ref(a, m, &mut policies))
                .collect();
            let boundary = r
                .boundary
                .as_deref()
                .map(|b| policy_ref(b, m, &mut policies));
            for (k, v) in policies {
                spec.policies.entry(k).or_insert(v);
            }
            let entry = spec.roles.entry(rname.clone()).or_insert_with(|| Role {
                enabled: true,
                account_types: Some(vec![]),
                policies: attached,
                inline: r
                    .inline
                    .iter()
                    .filter(|(k, _)| k.as_str() != crate::desired::REVOKE_POLICY)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                boundary,
                max_session_duration: (r.max_session != 3600).then_some(r.max_session),
                require_mfa: requires_mfa(&r.trust),
                description: r.description.clone(),
                exclusive: true,
            });
            if let Some(types) = &mut entry.account_types {
                types.push(acct_type.clone());
            }
        }
    }

    // Groups and their role grants.
    for (gname, g) in &central.groups {
        let mut policies = BTreeMap::new();
        let attached: Vec<String> = g
            .attached
            .iter()
            .map(|a| policy_ref(a, &central, &mut policies))
            .collect();
        for (k, v) in policies {
            spec.policies.entry(k).or_insert(v);
        }
        let mut inline = g.inline.clone();
        if let Some(doc) = inline.remove(ASSUME_POLICY) {
            let mut by_role: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (account, role) in crate::desired::assume_targets(&doc) {
                if let Some(t) = type_of.get(&account) {
                    by_role.entry(role).or_default().insert(t.clone());
                }
            }
            if !by_role.is_empty() {
                spec.group_map.insert(
                    gname.clone(),
                    by_role
                        .into_iter()
                        .map(|(role, types)| Grant {
                            role,
                            account_types: types.into_iter().collect(),
                        })
                        .collect(),
                );
            }
        }
        spec.groups.insert(
            gname.clone(),
            Group {
                policies: attached,
                inline,
                exclusive: true,
            },
        );
    }

    for (uname, u) in &central.users {
        let mut policies = BTreeMap::new();
        let attached: Vec<String> = u
            .attached
            .iter()
            .map(|a| policy_ref(a, &central, &mut policies))
            .collect();
        let boundary = u
            .boundary
            .as_deref()
            .map(|b| policy_ref(b, &central, &mut policies));
        for (k, v) in policies {
            spec.policies.entry(k).or_insert(v);
        }
        let mut tags = u.tags.clone();
        tags.remove(crate::MANAGED_TAG);
        spec.user_map.insert(
            uname.clone(),
            User {
                groups: u.groups.iter().cloned().collect(),
                console_access: u.console,
                password_reset_required: if u.console {
                    u.password_reset_required
                } else {
                    true
                },
                tags,
                policies: attached,
                boundary,
                exclusive: true,
            },
        );
    }
    spec.password_policy = central
        .password_policy
        .clone()
        .map(PasswordPolicySpec::Rules);
    spec.options.member_role = member_role.to_string();
    Ok(spec)
}

/// The spec as YAML (or JSON), with a header saying where it came from.
pub fn render(spec: &Spec, format: Format) -> Result<String, ZoneError> {
    match format {
        Format::Json => serde_json::to_string_pretty(spec)
            .map(|s| s + "\n")
            .map_err(|e| ZoneError::new(format!("cannot write JSON: {e}"))),
        Format::Yaml => serde_saphyr::to_string(spec)
            .map(|s| format!("# Written by `iamd export` from the live setup.\n{s}"))
            .map_err(|e| ZoneError::new(format!("cannot write YAML: {e}"))),
    }
}
