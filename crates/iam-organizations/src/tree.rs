//! The organization's tree: organizational units (Create/Describe/Update/Delete,
//! ListOrganizationalUnitsForParent), ListParents, ListChildren, ListAccountsForParent and
//! MoveAccount (Organizations User Guide: orgs_manage_ous).
use crate::accounts::*;
use iam_api::organizations as api;
use iam_core::error::IamResult;
use iam_core::organizations::*;
use iam_core::service::{Caller, Iam};

/// OUs nest at most five levels under the root (Organizations quotas).
const MAX_OU_DEPTH: usize = 5;

fn parent_not_found() -> OrgError {
    OrgError::ParentNotFound(
        "We can't find a root or OU with the ParentId that you specified.".into(),
    )
}

pub async fn list_accounts_for_parent(
    iam: &Iam,
    caller: &Caller,
    input: api::ListAccountsForParentRequest,
) -> IamResult<api::ListAccountsForParentResponse> {
    let parent = required(&input.parent_id, "ParentId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let items = o
            .accounts
            .values()
            .filter(|a| a.parent_id == parent)
            .map(|a| (a.id.as_str(), account_shape(o, a)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListAccountsForParentResponse {
            accounts: Some(list),
            next_token: next,
        })
    })
}

fn ou_not_found() -> OrgError {
    OrgError::OrganizationalUnitNotFound(
        "We can't find an OU with the OrganizationalUnitId that you specified.".into(),
    )
}

fn check_ou_name(name: &str) -> Result<(), OrgError> {
    if name.is_empty() || name.chars().count() > 128 {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        ));
    }
    Ok(())
}

pub async fn create_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: api::CreateOrganizationalUnitRequest,
) -> IamResult<api::CreateOrganizationalUnitResponse> {
    let parent = required(&input.parent_id, "ParentId")?.to_string();
    let name = required(&input.name, "Name")?.to_string();
    check_ou_name(&name)?;
    let tags = org_tags(input.tags)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if !o.is_parent(&parent) {
            return Err(parent_not_found().into());
        }
        if o.units
            .values()
            .any(|u| u.parent_id == parent && u.name == name)
        {
            return Err(OrgError::DuplicateOrganizationalUnit(
                "An OU with the same name already exists.".into(),
            )
            .into());
        }
        // levels(parent) = root … parent: one more for the new OU.
        if o.levels(&parent).len() > MAX_OU_DEPTH {
            return Err(OrgError::ConstraintViolation(
                "You attempted to create an OU tree that is too many levels deep.".into(),
            )
            .into());
        }
        let root_suffix = o.org.root_id.trim_start_matches("r-").to_string();
        let unit = OrgUnit {
            id: format!("ou-{root_suffix}-{}", random_lower(8)),
            name,
            parent_id: parent,
            tags,
        };
        let out = api::CreateOrganizationalUnitResponse {
            organizational_unit: Some(unit_shape(o, &unit)),
        };
        let id = unit.id.clone();
        o.put_unit(tx, unit);
        attach_default_policies(o, tx, &id);
        Ok(out)
    })
    .await
}

pub async fn describe_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: api::DescribeOrganizationalUnitRequest,
) -> IamResult<api::DescribeOrganizationalUnitResponse> {
    let id = required(&input.organizational_unit_id, "OrganizationalUnitId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let u = o.units.get(id).ok_or_else(ou_not_found)?;
        Ok(api::DescribeOrganizationalUnitResponse {
            organizational_unit: Some(unit_shape(o, u)),
        })
    })
}

pub async fn update_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: api::UpdateOrganizationalUnitRequest,
) -> IamResult<api::UpdateOrganizationalUnitResponse> {
    let id = required(&input.organizational_unit_id, "OrganizationalUnitId")?.to_string();
    let name = input.name;
    if let Some(n) = &name {
        check_ou_name(n)?;
    }
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut unit = o.units.get(&id).cloned().ok_or_else(ou_not_found)?;
        if let Some(n) = name {
            if o.units
                .values()
                .any(|u| u.parent_id == unit.parent_id && u.name == n && u.id != unit.id)
            {
                return Err(OrgError::DuplicateOrganizationalUnit(
                    "An OU with the same name already exists.".into(),
                )
                .into());
            }
            unit.name = n;
        }
        let out = api::UpdateOrganizationalUnitResponse {
            organizational_unit: Some(unit_shape(o, &unit)),
        };
        o.put_unit(tx, unit);
        Ok(out)
    })
    .await
}

pub async fn list_organizational_units_for_parent(
    iam: &Iam,
    caller: &Caller,
    input: api::ListOrganizationalUnitsForParentRequest,
) -> IamResult<api::ListOrganizationalUnitsForParentResponse> {
    let parent = required(&input.parent_id, "ParentId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let items = o
            .units
            .values()
            .filter(|u| u.parent_id == parent)
            .map(|u| (u.id.as_str(), unit_shape(o, u)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListOrganizationalUnitsForParentResponse {
            organizational_units: Some(list),
            next_token: next,
        })
    })
}

pub async fn delete_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: api::DeleteOrganizationalUnitRequest,
) -> IamResult<()> {
    let id = required(&input.organizational_unit_id, "OrganizationalUnitId")?.to_string();
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if !o.units.contains_key(&id) {
            return Err(ou_not_found().into());
        }
        if o.accounts.values().any(|a| a.parent_id == id) || o.units.values().any(|u| u.parent_id == id)
        {
            return Err(OrgError::OrganizationalUnitNotEmpty(
                "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again."
                    .into(),
            )
            .into());
        }
        let attached: Vec<String> = o.by_target.remove(&id).into_iter().flatten().collect();
        for pid in attached {
            if let (Some(mut p), Some(c)) = (o.policies.get(&pid).cloned(), o.compiled.get(&pid).cloned())
            {
                p.targets.remove(&id);
                o.put_policy(tx, p, c);
            }
        }
        o.delete_unit(tx, &id);
        Ok(())
    })
    .await
}

/// The one parent of a child; paging members are accepted and never needed.
pub async fn list_parents(
    iam: &Iam,
    caller: &Caller,
    input: api::ListParentsRequest,
) -> IamResult<api::ListParentsResponse> {
    let child = required(&input.child_id, "ChildId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let parent = o
            .accounts
            .get(child)
            .map(|a| a.parent_id.as_str())
            .or_else(|| o.units.get(child).map(|u| u.parent_id.as_str()))
            .ok_or_else(|| {
                OrgError::ChildNotFound(
                    "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."
                        .into(),
                )
            })?;
        Ok(api::ListParentsResponse {
            parents: Some(vec![api::Parent {
                id: Some(parent.to_string()),
                r#type: Some(parent_type(o, parent).into()),
            }]),
            next_token: None,
        })
    })
}

pub async fn list_children(
    iam: &Iam,
    caller: &Caller,
    input: api::ListChildrenRequest,
) -> IamResult<api::ListChildrenResponse> {
    let parent = required(&input.parent_id, "ParentId")?;
    let child_type = required(&input.child_type, "ChildType")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let child = |id: &str| api::Child {
            id: Some(id.to_string()),
            r#type: Some(child_type.to_string()),
        };
        let children: Vec<(&str, api::Child)> = match child_type {
            "ACCOUNT" => o
                .accounts
                .values()
                .filter(|a| a.parent_id == parent)
                .map(|a| (a.id.as_str(), child(&a.id)))
                .collect(),
            "ORGANIZATIONAL_UNIT" => o
                .units
                .values()
                .filter(|u| u.parent_id == parent)
                .map(|u| (u.id.as_str(), child(&u.id)))
                .collect(),
            _ => {
                return Err(OrgError::InvalidInput(
                    "You specified an invalid value for ChildType.".into(),
                )
                .into());
            }
        };
        let (list, next) = page_of(
            children.into_iter(),
            input.max_results,
            input.next_token.as_deref(),
        );
        Ok(api::ListChildrenResponse {
            children: Some(list),
            next_token: next,
        })
    })
}

pub async fn move_account(
    iam: &Iam,
    caller: &Caller,
    input: api::MoveAccountRequest,
) -> IamResult<()> {
    let account_id = required(&input.account_id, "AccountId")?.to_string();
    let source = required(&input.source_parent_id, "SourceParentId")?.to_string();
    let destination = required(&input.destination_parent_id, "DestinationParentId")?.to_string();
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut account = o.accounts.get(&account_id).cloned().ok_or_else(account_not_found)?;
        if !o.is_parent(&source) {
            return Err(OrgError::SourceParentNotFound(
                "We can't find a source root or OU with the ParentId that you specified.".into(),
            )
            .into());
        }
        if !o.is_parent(&destination) {
            return Err(OrgError::DestinationParentNotFound(
                "We can't find the destination container (a root or OU) with the ParentId that you specified."
                    .into(),
            )
            .into());
        }
        if account.parent_id != source {
            return Err(account_not_found().into());
        }
        if source == destination {
            return Err(OrgError::DuplicateAccount(
                "That account is already present in the specified destination.".into(),
            )
            .into());
        }
        account.parent_id = destination;
        o.put_account(tx, account);
        Ok(())
    })
    .await
}
