//! Organizations: trusted service access (ListAWSServiceAccessForOrganization,
//! Enable/DisableAWSServiceAccess) and accounts leaving (RemoveAccountFromOrganization,
//! CloseAccount) — what Terraform's `aws_organizations_organization` and
//! `aws_organizations_account` read and call (Organizations User Guide: orgs_integrate_services,
//! orgs_manage_accounts_remove, orgs_manage_accounts_close).
use crate::accounts::{account_not_found, managed, managed_mut, page_of};
use iam_api::organizations as api;
use iam_core::entities::now;
use iam_core::error::IamResult;
use iam_core::organizations::*;
use iam_core::service::{Caller, Iam};

/// A `ServicePrincipal`: `<service>.amazonaws.com`, or one of the caller's partition (a few
/// services' principals end in its DNS suffix, `config.c2s.ic.gov` in `aws-iso`), at most 128
/// characters.
fn principal(caller: &Caller, p: String) -> IamResult<String> {
    let suffix_ok =
        p.ends_with(".amazonaws.com") || caller.partition.service_of_principal(&p).is_some();
    if p.is_empty() || p.len() > 128 || !suffix_ok {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    Ok(p)
}

pub async fn list_aws_service_access_for_organization(
    iam: &Iam,
    caller: &Caller,
    input: api::ListAWSServiceAccessForOrganizationRequest,
) -> IamResult<api::ListAWSServiceAccessForOrganizationResponse> {
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o.org.service_access.iter().map(|(p, date)| {
            (
                p.as_str(),
                api::EnabledServicePrincipal {
                    service_principal: Some(p.clone()),
                    date_enabled: Some(*date),
                },
            )
        });
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListAWSServiceAccessForOrganizationResponse {
            enabled_service_principals: Some(list),
            next_token: next,
        })
    })
}

pub async fn enable_aws_service_access(
    iam: &Iam,
    caller: &Caller,
    input: api::EnableAWSServiceAccessRequest,
) -> IamResult<()> {
    let p = principal(caller, input.service_principal)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        o.update_org(tx, |org| {
            org.service_access.entry(p).or_insert_with(now);
        });
        Ok(())
    })
    .await
}

pub async fn disable_aws_service_access(
    iam: &Iam,
    caller: &Caller,
    input: api::DisableAWSServiceAccessRequest,
) -> IamResult<()> {
    let p = principal(caller, input.service_principal)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        o.update_org(tx, |org| {
            org.service_access.remove(&p);
        });
        Ok(())
    })
    .await
}

/// Takes a member account out of the organization: it keeps its IAM entities and becomes a
/// standalone account; SCPs no longer apply to it.
async fn leave(iam: &Iam, caller: &Caller, account_id: String) -> IamResult<()> {
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if account_id == o.org.management_account_id {
            return Err(OrgError::ConstraintViolation(
                "You can't remove the management account from an organization. You must delete the organization instead."
                    .into(),
            )
            .into());
        }
        if !o.accounts.contains_key(&account_id) {
            return Err(account_not_found().into());
        }
        // Detach every SCP from the account, keeping the derived index in step.
        let attached: Vec<String> = o.by_target.get(&account_id).into_iter().flatten().cloned().collect();
        for policy_id in attached {
            if let (Some(mut p), Some(compiled)) =
                (o.policies.get(&policy_id).cloned(), o.compiled.get(&policy_id).cloned())
            {
                p.targets.remove(&account_id);
                o.put_policy(tx, p, compiled);
            }
        }
        o.delete_account(tx, &account_id);
        state.organizations.account_org.remove(&account_id);
        Ok(())
    })
    .await
}

pub async fn remove_account_from_organization(
    iam: &Iam,
    caller: &Caller,
    input: api::RemoveAccountFromOrganizationRequest,
) -> IamResult<()> {
    leave(iam, caller, input.account_id).await
}

/// Closes a member account as AWS does: it becomes SUSPENDED, stays in the organization and
/// under its SCPs (nobody leaves them by closing), and from then on none of its users, roles
/// or sessions can call anything (`Iam::account_suspended`, checked at authentication).
pub async fn close_account(
    iam: &Iam,
    caller: &Caller,
    input: api::CloseAccountRequest,
) -> IamResult<()> {
    let account_id = input.account_id;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if account_id == o.org.management_account_id {
            return Err(OrgError::ConstraintViolation(
                "You can't close the management account with the CloseAccount operation.".into(),
            )
            .into());
        }
        let account = o.accounts.get(&account_id).ok_or_else(account_not_found)?;
        if account.closed.is_some() {
            return Err(OrgError::AccountAlreadyClosed(
                "You attempted to close an account that is already closed.".into(),
            )
            .into());
        }
        o.update_account(tx, &account_id, |a| a.closed = Some(now()));
        Ok(())
    })
    .await
}
