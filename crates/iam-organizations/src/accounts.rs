//! Organizations: the organization, its root, accounts and OUs (CreateOrganization …
//! MoveAccount, TagResource), one function per AWS action (Organizations API Reference;
//! User Guide: orgs_manage_org, orgs_manage_accounts_create, orgs_manage_ous). Only the
//! management account may call them; DescribeOrganization also any member, as in AWS.
//! Policies and attachments are in `org_policies.rs`.
use iam_api::organizations as api;
use iam_core::entities::MAX_TAGS;
use iam_core::entities::{Role, Tag, now};
use iam_core::error::{IamError, IamResult};
use iam_core::ids::{IdKind, new_account_id, new_id};
use iam_core::organizations::*;
use iam_core::paging::page_lenient;
use iam_core::policy_docs::{PolicyLimit, validate_document};
use iam_core::service::{Caller, Iam};
use iam_core::state::{State, Tx, compiled_key_trust};
use iam_policy::Policy;
use std::sync::Arc;

pub const NOT_IN_USE: &str = "Your account is not a member of an organization.";
pub const ACCESS_DENIED: &str = "You don't have permissions to access this resource.";
const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";
const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// Lower-case letters and digits, as AWS's Organizations IDs use.
pub fn random_lower(n: usize) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The caller's organization, whoever in it calls.
pub fn org_of<'a>(state: &'a State, caller: &Caller) -> Result<&'a OrgState, OrgError> {
    state
        .organizations
        .of_account(&caller.account_id)
        .ok_or_else(|| OrgError::NotInUse(NOT_IN_USE.into()))
}

/// The caller's organization, when the caller is its management account.
pub fn managed<'a>(state: &'a State, caller: &Caller) -> Result<&'a OrgState, OrgError> {
    let org = org_of(state, caller)?;
    if org.management() != caller.account_id {
        return Err(OrgError::AccessDenied(ACCESS_DENIED.into()));
    }
    Ok(org)
}

pub fn managed_mut<'a>(
    state: &'a mut State,
    caller: &Caller,
) -> Result<&'a mut OrgState, OrgError> {
    managed(state, caller)?;
    state
        .organizations
        .of_account_mut(&caller.account_id)
        .ok_or_else(|| OrgError::NotInUse(NOT_IN_USE.into()))
}

/// `MaxResults` (AWS allows 1–20, 20 unless given) and `NextToken`.
pub fn page_of<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    max_results: Option<i32>,
    next_token: Option<&str>,
) -> (Vec<T>, Option<String>) {
    let max = max_results.map_or(20, |n| n.clamp(1, 20) as usize);
    page_lenient(items, next_token, max)
}

/// A request's `Tags`: no key twice, at most `MAX_TAGS`.
pub fn org_tags(tags: Option<Vec<api::Tag>>) -> Result<Vec<Tag>, OrgError> {
    let tags: Vec<Tag> = tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| Tag {
            key: t.key,
            value: t.value,
        })
        .collect();
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|o| o.key == t.key) {
            return Err(OrgError::InvalidInput(
                "You provided a duplicate tag key.".into(),
            ));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(OrgError::ConstraintViolation(
            "You have tried to add more than the allowed number of tags to a resource.".into(),
        ));
    }
    Ok(tags)
}

/// A tag as the model's `Tag`.
pub fn tag_shape(t: &Tag) -> api::Tag {
    api::Tag {
        key: t.key.clone(),
        value: t.value.clone(),
    }
}

/// A required member given empty: AWS asks for a value. (A missing one fails decoding.)
pub fn required<'a>(value: &'a str, name: &str) -> Result<&'a str, OrgError> {
    if value.is_empty() {
        return Err(OrgError::InvalidInput(format!(
            "You must specify a value for {name}."
        )));
    }
    Ok(value)
}

/// A policy type, enabled.
fn enabled_shape(kind: OrgPolicyType) -> api::PolicyTypeSummary {
    api::PolicyTypeSummary {
        r#type: Some(kind.as_str().into()),
        status: Some("ENABLED".into()),
    }
}

pub fn org_shape(o: &OrgState) -> api::Organization {
    let org = &o.org;
    api::Organization {
        id: Some(org.id.clone()),
        arn: Some(o.arn(&format!("organization/{}", org.id))),
        feature_set: Some(org.feature_set.clone()),
        master_account_arn: Some(
            o.arn(&format!("account/{}/{}", org.id, org.management_account_id)),
        ),
        master_account_id: Some(org.management_account_id.clone()),
        master_account_email: Some(org.management_email.clone()),
        // Deprecated in the model ("doesn't provide complete information"): AWS keeps
        // answering the SCP type here whatever is enabled on the root.
        available_policy_types: Some(vec![enabled_shape(OrgPolicyType::Scp)]),
    }
}

pub fn root_arn(o: &OrgState) -> String {
    o.arn(&format!("root/{}/{}", o.org.id, o.org.root_id))
}

pub fn root_shape(o: &OrgState) -> api::Root {
    let types = [OrgPolicyType::Scp, OrgPolicyType::Rcp]
        .into_iter()
        .filter(|&t| o.org.enabled(t))
        .map(enabled_shape)
        .collect();
    api::Root {
        id: Some(o.org.root_id.clone()),
        arn: Some(root_arn(o)),
        name: Some("Root".into()),
        policy_types: Some(types),
    }
}

pub fn account_arn(o: &OrgState, a: &OrgAccount) -> String {
    o.arn(&format!("account/{}/{}", o.org.id, a.id))
}

pub fn account_shape(o: &OrgState, a: &OrgAccount) -> api::Account {
    let status = if a.closed.is_some() {
        "SUSPENDED"
    } else {
        "ACTIVE"
    };
    api::Account {
        id: Some(a.id.clone()),
        arn: Some(account_arn(o, a)),
        email: Some(a.email.clone()),
        name: Some(a.name.clone()),
        status: Some(status.into()),
        state: Some(status.into()),
        paths: None,
        joined_method: Some(a.joined_method.clone()),
        joined_timestamp: Some(a.joined_timestamp),
    }
}

pub fn unit_arn(o: &OrgState, u: &OrgUnit) -> String {
    o.arn(&format!("ou/{}/{}", o.org.id, u.id))
}

pub fn unit_shape(o: &OrgState, u: &OrgUnit) -> api::OrganizationalUnit {
    api::OrganizationalUnit {
        id: Some(u.id.clone()),
        arn: Some(unit_arn(o, u)),
        name: Some(u.name.clone()),
        path: None,
    }
}

fn status_shape(c: &CreateAccountStatusRecord) -> api::CreateAccountStatus {
    api::CreateAccountStatus {
        id: Some(c.id.clone()),
        account_name: Some(c.account_name.clone()),
        state: Some(c.state.clone()),
        requested_timestamp: Some(c.requested),
        completed_timestamp: Some(c.completed),
        account_id: c.account_id.clone(),
        gov_cloud_account_id: None,
        failure_reason: c.failure_reason.clone(),
    }
}

/// `ROOT` or `ORGANIZATIONAL_UNIT` for a container ID of `o`.
pub fn parent_type(o: &OrgState, id: &str) -> &'static str {
    if id == o.org.root_id {
        "ROOT"
    } else {
        "ORGANIZATIONAL_UNIT"
    }
}

/// Attaches FullAWSAccess (SCPs enabled) and RCPFullAWSAccess (RCPs enabled) to a new OU or
/// account, as AWS does.
pub fn attach_default_policies(o: &mut OrgState, tx: &mut Tx, target: &str) {
    for kind in [OrgPolicyType::Scp, OrgPolicyType::Rcp] {
        if !o.org.enabled(kind) {
            continue;
        }
        let id = kind.full_access_id();
        if let (Some(mut p), Some(c)) = (o.policies.get(id).cloned(), o.compiled.get(id).cloned()) {
            p.targets.insert(target.to_string());
            o.put_policy(tx, p, c);
        }
    }
}

/// The AWS-managed policy of a type: FullAWSAccess or RCPFullAWSAccess, as AWS lists them
/// (Organizations User Guide: orgs_reference_available-policies).
pub fn aws_managed_policy(kind: OrgPolicyType) -> IamResult<(OrgPolicy, Arc<Policy>)> {
    let (name, description, content) = match kind {
        OrgPolicyType::Scp => (
            "FullAWSAccess",
            "Allows access to every operation",
            FULL_AWS_ACCESS_CONTENT,
        ),
        OrgPolicyType::Rcp => (
            RCP_FULL_AWS_ACCESS_NAME,
            "Allows access to every resource",
            RCP_FULL_AWS_ACCESS_CONTENT,
        ),
    };
    let compiled = compile_org_policy(kind, content)
        .ok_or_else(|| IamError::ServiceFailure(format!("{name} does not parse")))?;
    let policy = OrgPolicy {
        id: kind.full_access_id().into(),
        policy_type: kind,
        name: name.into(),
        description: description.into(),
        content: content.into(),
        aws_managed: true,
        targets: Default::default(),
        tags: Vec::new(),
    };
    Ok((policy, compiled))
}

/// The trust policy of OrganizationAccountAccessRole: the management account may assume it
/// (User Guide: orgs_manage_accounts_access).
fn access_role_trust(management: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{management}:root"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

fn valid_role_name(n: &str) -> bool {
    (1..=64).contains(&n.len())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

fn valid_email(e: &str) -> bool {
    (6..=64).contains(&e.len())
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'))
}

pub async fn create_organization(
    iam: &Iam,
    caller: &Caller,
    input: api::CreateOrganizationRequest,
) -> IamResult<api::CreateOrganizationResponse> {
    let feature_set = input.feature_set.unwrap_or_else(|| "ALL".into());
    if !matches!(feature_set.as_str(), "ALL" | "CONSOLIDATED_BILLING") {
        return Err(OrgError::InvalidInput(
            "You specified an invalid value for FeatureSet.".into(),
        )
        .into());
    }
    iam.write(|state, tx| {
        if state.organizations.of_account(&caller.account_id).is_some() {
            return Err(OrgError::AlreadyInOrganization(
                "The AWS account is already a member of an organization.".into(),
            )
            .into());
        }
        let management = caller.account_id.clone();
        let name = state
            .accounts
            .get(&management)
            .and_then(|a| a.account.aliases.first().cloned())
            .unwrap_or_else(|| management.clone());
        let t = now();
        let org = Organization {
            id: format!("o-{}", random_lower(10)),
            management_account_id: management.clone(),
            management_email: format!("{management}@iamd.invalid"),
            feature_set,
            root_id: format!("r-{}", random_lower(4)),
            scp_enabled: false,
            rcp_enabled: false,
            create_date: t,
            root_tags: Vec::new(),
            service_access: Default::default(),
            root_features: Default::default(),
        };
        let account = OrgAccount {
            id: management.clone(),
            name,
            email: org.management_email.clone(),
            joined_method: "INVITED".into(),
            joined_timestamp: t,
            parent_id: org.root_id.clone(),
            tags: Vec::new(),
            closed: None,
        };
        let managed_policies = vec![
            aws_managed_policy(OrgPolicyType::Scp)?,
            aws_managed_policy(OrgPolicyType::Rcp)?,
        ];
        let o = state
            .organizations
            .create(tx, org, account, managed_policies);
        Ok(api::CreateOrganizationResponse {
            organization: Some(org_shape(o)),
        })
    })
    .await
}

pub async fn describe_organization(
    iam: &Iam,
    caller: &Caller,
    _input: iam_api::NoInput,
) -> IamResult<api::DescribeOrganizationResponse> {
    iam.read(|state| {
        Ok(api::DescribeOrganizationResponse {
            organization: Some(org_shape(org_of(state, caller)?)),
        })
    })
}

pub async fn delete_organization(
    iam: &Iam,
    caller: &Caller,
    _input: iam_api::NoInput,
) -> IamResult<()> {
    iam.write(|state, tx| {
        let o = managed(state, caller)?;
        if o.accounts.len() > 1 {
            return Err(OrgError::OrganizationNotEmpty(
                "To delete an organization you must first remove all member accounts (except the master)."
                    .into(),
            )
            .into());
        }
        let id = o.org.id.clone();
        state.organizations.delete(tx, &id);
        Ok(())
    })
    .await
}

/// The one root; paging members are accepted and, with one root, never needed.
pub async fn list_roots(
    iam: &Iam,
    caller: &Caller,
    _input: api::ListRootsRequest,
) -> IamResult<api::ListRootsResponse> {
    iam.read(|state| {
        Ok(api::ListRootsResponse {
            roots: Some(vec![root_shape(managed(state, caller)?)]),
            next_token: None,
        })
    })
}

pub async fn create_account(
    iam: &Iam,
    caller: &Caller,
    input: api::CreateAccountRequest,
) -> IamResult<api::CreateAccountResponse> {
    let email = required(&input.email, "Email")?.to_string();
    let name = required(&input.account_name, "AccountName")?.to_string();
    let role_name = input.role_name.unwrap_or_else(|| DEFAULT_ROLE.into());
    if !valid_email(&email) {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    if name.chars().count() > 50 || !valid_role_name(&role_name) {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    let tags = org_tags(input.tags)?;
    let requested = now();
    let status_id = format!("car-{}", random_lower(32));
    // An email in use fails the request the way AWS reports it: a FAILED status.
    let (management, email_taken) = iam.read(|state| {
        let o = managed(state, caller)?;
        let taken = state
            .organizations
            .by_id
            .values()
            .flat_map(|o| o.accounts.values())
            .any(|a| a.email.eq_ignore_ascii_case(&email));
        Ok::<_, IamError>((o.management().to_string(), taken))
    })?;
    if email_taken {
        let status = CreateAccountStatusRecord {
            id: status_id,
            account_name: name,
            state: "FAILED".into(),
            requested,
            completed: now(),
            account_id: None,
            failure_reason: Some("EMAIL_ALREADY_EXISTS".into()),
        };
        return iam
            .write(|state, tx| {
                let o = managed_mut(state, caller)?;
                let out = api::CreateAccountResponse {
                    create_account_status: Some(status_shape(&status)),
                };
                o.put_create_status(tx, status);
                Ok(out)
            })
            .await;
    }
    let account_id = loop {
        let id = new_account_id();
        if iam.read(|s| !s.accounts.contains_key(&id)) {
            break id;
        }
    };
    // The account itself comes first (its own durable write); if the org write below fails,
    // the account exists outside the organization and is reported as ServiceFailure.
    let creds = iam
        .create_account(&account_id)
        .await?
        .ok_or_else(|| IamError::ServiceFailure(format!("account {account_id} exists")))?;
    let trust = access_role_trust(&management);
    let compiled_trust = validate_document(&trust, PolicyLimit::Trust, &role_name)?;
    iam.write(|state, tx| {
        let t = now();
        let missing = || IamError::ServiceFailure(format!("account {account_id} missing"));
        // Both checked before anything changes: a request that fails has changed nothing.
        if !state.accounts.contains_key(&account_id) {
            return Err(missing());
        }
        managed(state, caller)?;
        // Member accounts created by CreateAccount have no root access keys.
        state.delete_access_key(tx, &creds.access_key_id);
        let acct = state.accounts.get_mut(&account_id).ok_or_else(missing)?;
        let role = Role {
            id: new_id(IdKind::Role),
            account_id: account_id.clone(),
            name: role_name.clone(),
            path: "/".into(),
            create_date: t,
            assume_role_policy: trust.clone(),
            description: None,
            max_session_duration: 3600,
            tags: Vec::new(),
            permissions_boundary: None,
            inline_policies: Default::default(),
            attached_policies: vec![ADMINISTRATOR_ACCESS.to_string()],
            last_used: None,
        };
        acct.compiled
            .insert(compiled_key_trust(&role.id), compiled_trust.clone());
        acct.put_role(tx, role);

        let o = managed_mut(state, caller)?;
        let org_id = o.org.id.clone();
        let account = OrgAccount {
            id: account_id.clone(),
            name: name.clone(),
            email: email.clone(),
            joined_method: "CREATED".into(),
            joined_timestamp: t,
            parent_id: o.org.root_id.clone(),
            tags: tags.clone(),
            closed: None,
        };
        o.put_account(tx, account);
        attach_default_policies(o, tx, &account_id);
        let status = CreateAccountStatusRecord {
            id: status_id.clone(),
            account_name: name.clone(),
            state: "SUCCEEDED".into(),
            requested,
            completed: t,
            account_id: Some(account_id.clone()),
            failure_reason: None,
        };
        let out = api::CreateAccountResponse {
            create_account_status: Some(status_shape(&status)),
        };
        o.put_create_status(tx, status);
        state
            .organizations
            .account_org
            .insert(account_id.clone(), org_id);
        Ok(out)
    })
    .await
}

pub async fn describe_create_account_status(
    iam: &Iam,
    caller: &Caller,
    input: api::DescribeCreateAccountStatusRequest,
) -> IamResult<api::DescribeCreateAccountStatusResponse> {
    let id = required(&input.create_account_request_id, "CreateAccountRequestId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let c = o.create_statuses.get(id).ok_or_else(|| {
            OrgError::CreateAccountStatusNotFound(
                "We can't find an create account request with the CreateAccountRequestId that you specified."
                    .into(),
            )
        })?;
        Ok(api::DescribeCreateAccountStatusResponse {
            create_account_status: Some(status_shape(c)),
        })
    })
}

pub async fn list_create_account_status(
    iam: &Iam,
    caller: &Caller,
    input: api::ListCreateAccountStatusRequest,
) -> IamResult<api::ListCreateAccountStatusResponse> {
    let states = input.states.unwrap_or_default();
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .create_statuses
            .values()
            .filter(|c| states.is_empty() || states.contains(&c.state))
            .map(|c| (c.id.as_str(), status_shape(c)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListCreateAccountStatusResponse {
            create_account_statuses: Some(list),
            next_token: next,
        })
    })
}

pub fn account_not_found() -> OrgError {
    OrgError::AccountNotFound("You specified an account that doesn't exist.".into())
}

pub async fn describe_account(
    iam: &Iam,
    caller: &Caller,
    input: api::DescribeAccountRequest,
) -> IamResult<api::DescribeAccountResponse> {
    let id = required(&input.account_id, "AccountId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let a = o.accounts.get(id).ok_or_else(account_not_found)?;
        Ok(api::DescribeAccountResponse {
            account: Some(account_shape(o, a)),
        })
    })
}

pub async fn list_accounts(
    iam: &Iam,
    caller: &Caller,
    input: api::ListAccountsRequest,
) -> IamResult<api::ListAccountsResponse> {
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .accounts
            .values()
            .map(|a| (a.id.as_str(), account_shape(o, a)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListAccountsResponse {
            accounts: Some(list),
            next_token: next,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_and_emails() {
        assert!(valid_role_name("OrganizationAccountAccessRole"));
        assert!(!valid_role_name("bad name"));
        assert!(valid_email("dev@example.com"));
        assert!(!valid_email("nope"));
        assert_eq!(random_lower(10).len(), 10);
        assert!(access_role_trust("111122223333").contains("arn:aws:iam::111122223333:root"));
    }
}
