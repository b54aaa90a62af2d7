//! Organizations: the organization, its root, accounts and OUs (CreateOrganization …
//! MoveAccount, TagResource), one function per AWS action (Organizations API Reference;
//! User Guide: orgs_manage_org, orgs_manage_accounts_create, orgs_manage_ous). Only the
//! management account may call them; DescribeOrganization also any member, as in AWS.
//! Policies and attachments are in `org_policies.rs`.
use iam_core::entities::MAX_TAGS;
use iam_core::entities::{Role, Tag, Timestamp, now};
use iam_core::error::{IamError, IamResult};
use iam_core::ids::{IdKind, new_account_id, new_id};
use iam_core::input::Input;
use iam_core::organizations::*;
use iam_core::paging::page;
use iam_core::policy_docs::{PolicyLimit, validate_document};
use iam_core::service::{Caller, Iam};
use iam_core::state::{KIND_KEY, KIND_ORG, KIND_ROLE, State, Tx, compiled_key_trust};
use serde_json::{Value, json};

pub const NOT_IN_USE: &str = "Your account is not a member of an organization.";
pub const ACCESS_DENIED: &str = "You don't have permissions to access this resource.";
const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";
const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
/// OUs nest at most five levels under the root (Organizations quotas).
const MAX_OU_DEPTH: usize = 5;

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

/// `MaxResults` (AWS allows 1–20) and `NextToken`.
pub fn page_of<K: AsRef<str>, T>(
    items: impl Iterator<Item = (K, T)>,
    input: &Input,
) -> (Vec<T>, Option<String>) {
    let max = input
        .opt_i64("MaxResults")
        .map_or(20, |n| n.clamp(1, 20) as usize);
    page(items, input.opt_str("NextToken"), max)
}

pub fn with_token(mut body: Value, next: Option<String>) -> Value {
    if let Some(t) = next {
        body["NextToken"] = json!(t);
    }
    body
}

pub fn org_tags(input: &Input) -> Result<Vec<Tag>, OrgError> {
    let tags = input.tags("Tags");
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

fn required<'a>(input: &'a Input, name: &str) -> Result<&'a str, OrgError> {
    input
        .opt_str(name)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| OrgError::InvalidInput(format!("You must specify a value for {name}.")))
}

/// Organizations' JSON timestamps: seconds since the epoch.
fn ts(t: Timestamp) -> Value {
    json!(t)
}

pub fn org_json(o: &OrgState) -> Value {
    let org = &o.org;
    json!({
        "Id": org.id,
        "Arn": o.arn(&format!("organization/{}", org.id)),
        "FeatureSet": org.feature_set,
        "MasterAccountArn": o.arn(&format!("account/{}/{}", org.id, org.management_account_id)),
        "MasterAccountId": org.management_account_id,
        "MasterAccountEmail": org.management_email,
        "AvailablePolicyTypes": [{"Type": SCP, "Status": "ENABLED"}],
    })
}

pub fn root_json(o: &OrgState) -> Value {
    let types: Vec<Value> = if o.org.scp_enabled {
        vec![json!({"Type": SCP, "Status": "ENABLED"})]
    } else {
        Vec::new()
    };
    json!({
        "Id": o.org.root_id,
        "Arn": o.arn(&format!("root/{}/{}", o.org.id, o.org.root_id)),
        "Name": "Root",
        "PolicyTypes": types,
    })
}

pub fn account_json(o: &OrgState, a: &OrgAccount) -> Value {
    json!({
        "Id": a.id,
        "Arn": o.arn(&format!("account/{}/{}", o.org.id, a.id)),
        "Email": a.email,
        "Name": a.name,
        "Status": if a.closed.is_some() { "SUSPENDED" } else { "ACTIVE" },
        "State": if a.closed.is_some() { "SUSPENDED" } else { "ACTIVE" },
        "JoinedMethod": a.joined_method,
        "JoinedTimestamp": ts(a.joined_timestamp),
    })
}

pub fn unit_json(o: &OrgState, u: &OrgUnit) -> Value {
    json!({
        "Id": u.id,
        "Arn": o.arn(&format!("ou/{}/{}", o.org.id, u.id)),
        "Name": u.name,
    })
}

fn status_json(c: &CreateAccountStatusRecord) -> Value {
    let mut v = json!({
        "Id": c.id,
        "AccountName": c.account_name,
        "State": c.state,
        "RequestedTimestamp": ts(c.requested),
        "CompletedTimestamp": ts(c.completed),
    });
    if let Some(a) = &c.account_id {
        v["AccountId"] = json!(a);
    }
    if let Some(r) = &c.failure_reason {
        v["FailureReason"] = json!(r);
    }
    v
}

/// `ROOT` or `ORGANIZATIONAL_UNIT` for a container ID of `o`.
fn parent_type(o: &OrgState, id: &str) -> &'static str {
    if id == o.org.root_id {
        "ROOT"
    } else {
        "ORGANIZATIONAL_UNIT"
    }
}

/// Attaches FullAWSAccess to a new OU or account when SCPs are enabled, as AWS does.
pub fn attach_default_scp(o: &mut OrgState, tx: &mut Tx, target: &str) {
    if !o.org.scp_enabled {
        return;
    }
    if let (Some(mut p), Some(c)) = (
        o.policies.get(FULL_AWS_ACCESS_ID).cloned(),
        o.compiled.get(FULL_AWS_ACCESS_ID).cloned(),
    ) {
        p.targets.insert(target.to_string());
        o.put_policy(tx, p, c);
    }
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

pub async fn create_organization(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let feature_set = input.opt_str("FeatureSet").unwrap_or("ALL").to_string();
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
            create_date: t,
            root_tags: Vec::new(),
            service_access: Default::default(),
            root_features: Default::default(),
        };
        let org_id = org.id.clone();
        let mut o = OrgState::new(org);
        let account = OrgAccount {
            id: management.clone(),
            name,
            email: o.org.management_email.clone(),
            joined_method: "INVITED".into(),
            joined_timestamp: t,
            parent_id: o.org.root_id.clone(),
            tags: Vec::new(),
            closed: None,
        };
        let full = ScpRecord {
            id: FULL_AWS_ACCESS_ID.into(),
            name: "FullAWSAccess".into(),
            description: "Allows access to every operation".into(),
            content: FULL_AWS_ACCESS_CONTENT.into(),
            aws_managed: true,
            targets: Default::default(),
            tags: Vec::new(),
        };
        let compiled = compile_scp(FULL_AWS_ACCESS_CONTENT)
            .ok_or_else(|| IamError::ServiceFailure("FullAWSAccess does not parse".into()))?;
        tx.put(KIND_ORG, &key_org(&org_id), &o.org);
        tx.put(KIND_ORG, &key_account(&org_id, &account.id), &account);
        tx.put(KIND_ORG, &key_policy(&org_id, &full.id), &full);
        o.accounts.insert(account.id.clone(), account);
        o.replace_policy(full, compiled);
        let out = json!({ "Organization": org_json(&o) });
        state
            .organizations
            .account_org
            .insert(management, org_id.clone());
        state.organizations.by_id.insert(org_id, o);
        Ok(out)
    })
    .await
}

pub async fn describe_organization(iam: &Iam, caller: &Caller, _input: &Input) -> IamResult<Value> {
    iam.read(|state| Ok(json!({ "Organization": org_json(org_of(state, caller)?) })))
}

pub async fn delete_organization(iam: &Iam, caller: &Caller, _input: &Input) -> IamResult<Value> {
    iam.write(|state, tx| {
        let o = managed(state, caller)?;
        if o.accounts.len() > 1 {
            return Err(OrgError::OrganizationNotEmpty(
                "To delete an organization you must first remove all member accounts (except the master)."
                    .into(),
            )
            .into());
        }
        for key in o.record_keys() {
            tx.delete(KIND_ORG, &key);
        }
        let id = o.org.id.clone();
        state.organizations.by_id.remove(&id);
        state.organizations.account_org.retain(|_, org| *org != id);
        Ok(json!({}))
    })
    .await
}

pub async fn list_roots(iam: &Iam, caller: &Caller, _input: &Input) -> IamResult<Value> {
    iam.read(|state| Ok(json!({ "Roots": [root_json(managed(state, caller)?)] })))
}

pub async fn create_account(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let email = required(input, "Email")?.to_string();
    let name = required(input, "AccountName")?.to_string();
    let role_name = input
        .opt_str("RoleName")
        .unwrap_or(DEFAULT_ROLE)
        .to_string();
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
    let tags = org_tags(input)?;
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
                tx.put(KIND_ORG, &key_status(&o.org.id, &status.id), &status);
                let out = json!({ "CreateAccountStatus": status_json(&status) });
                o.create_statuses.insert(status.id.clone(), status);
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
        let acct = state
            .accounts
            .get_mut(&account_id)
            .ok_or_else(|| IamError::ServiceFailure(format!("account {account_id} missing")))?;
        // Member accounts created by CreateAccount have no root access keys.
        if state.keys.remove(&creds.access_key_id).is_some() {
            tx.delete(KIND_KEY, &creds.access_key_id);
            acct.user_keys.remove(&None);
        }
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
        tx.put(KIND_ROLE, &role.id, &role);
        acct.compiled
            .insert(compiled_key_trust(&role.id), compiled_trust.clone());
        acct.replace_role(role);

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
        attach_default_scp(o, tx, &account_id);
        let status = CreateAccountStatusRecord {
            id: status_id.clone(),
            account_name: name.clone(),
            state: "SUCCEEDED".into(),
            requested,
            completed: t,
            account_id: Some(account_id.clone()),
            failure_reason: None,
        };
        tx.put(KIND_ORG, &key_status(&org_id, &status.id), &status);
        let out = json!({ "CreateAccountStatus": status_json(&status) });
        o.create_statuses.insert(status.id.clone(), status);
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
    input: &Input,
) -> IamResult<Value> {
    let id = required(input, "CreateAccountRequestId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let c = o.create_statuses.get(id).ok_or_else(|| {
            OrgError::CreateAccountStatusNotFound(
                "We can't find an create account request with the CreateAccountRequestId that you specified."
                    .into(),
            )
        })?;
        Ok(json!({ "CreateAccountStatus": status_json(c) }))
    })
}

pub async fn list_create_account_status(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let states = input.strings("States");
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .create_statuses
            .values()
            .filter(|c| states.is_empty() || states.contains(&c.state))
            .map(|c| (c.id.as_str(), status_json(c)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "CreateAccountStatuses": list }), next))
    })
}

pub fn account_not_found() -> OrgError {
    OrgError::AccountNotFound("You specified an account that doesn't exist.".into())
}

pub async fn describe_account(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = required(input, "AccountId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let a = o.accounts.get(id).ok_or_else(account_not_found)?;
        Ok(json!({ "Account": account_json(o, a) }))
    })
}

pub async fn list_accounts(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .accounts
            .values()
            .map(|a| (a.id.as_str(), account_json(o, a)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Accounts": list }), next))
    })
}

fn parent_not_found() -> OrgError {
    OrgError::ParentNotFound(
        "We can't find a root or OU with the ParentId that you specified.".into(),
    )
}

pub async fn list_accounts_for_parent(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let parent = required(input, "ParentId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let items = o
            .accounts
            .values()
            .filter(|a| a.parent_id == parent)
            .map(|a| (a.id.as_str(), account_json(o, a)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Accounts": list }), next))
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
    input: &Input,
) -> IamResult<Value> {
    let parent = required(input, "ParentId")?.to_string();
    let name = required(input, "Name")?.to_string();
    check_ou_name(&name)?;
    let tags = org_tags(input)?;
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
        tx.put(KIND_ORG, &key_unit(&o.org.id, &unit.id), &unit);
        let out = json!({ "OrganizationalUnit": unit_json(o, &unit) });
        let id = unit.id.clone();
        o.units.insert(id.clone(), unit);
        attach_default_scp(o, tx, &id);
        Ok(out)
    })
    .await
}

pub async fn describe_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let id = required(input, "OrganizationalUnitId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let u = o.units.get(id).ok_or_else(ou_not_found)?;
        Ok(json!({ "OrganizationalUnit": unit_json(o, u) }))
    })
}

pub async fn update_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let id = required(input, "OrganizationalUnitId")?.to_string();
    let name = input.opt_str("Name").map(str::to_string);
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
        tx.put(KIND_ORG, &key_unit(&o.org.id, &unit.id), &unit);
        let out = json!({ "OrganizationalUnit": unit_json(o, &unit) });
        o.units.insert(unit.id.clone(), unit);
        Ok(out)
    })
    .await
}

pub async fn list_organizational_units_for_parent(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let parent = required(input, "ParentId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let items = o
            .units
            .values()
            .filter(|u| u.parent_id == parent)
            .map(|u| (u.id.as_str(), unit_json(o, u)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "OrganizationalUnits": list }), next))
    })
}

pub async fn delete_organizational_unit(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let id = required(input, "OrganizationalUnitId")?.to_string();
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
        let org_id = o.org.id.clone();
        let attached: Vec<String> = o.by_target.remove(&id).into_iter().flatten().collect();
        for pid in attached {
            if let (Some(mut p), Some(c)) = (o.policies.get(&pid).cloned(), o.compiled.get(&pid).cloned())
            {
                p.targets.remove(&id);
                o.put_policy(tx, p, c);
            }
        }
        tx.delete(KIND_ORG, &key_unit(&org_id, &id));
        o.units.remove(&id);
        Ok(json!({}))
    })
    .await
}

pub async fn list_parents(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let child = required(input, "ChildId")?;
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
        Ok(json!({ "Parents": [{"Id": parent, "Type": parent_type(o, parent)}] }))
    })
}

pub async fn list_children(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let parent = required(input, "ParentId")?;
    let child_type = required(input, "ChildType")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !o.is_parent(parent) {
            return Err(parent_not_found().into());
        }
        let children: Vec<(&str, Value)> = match child_type {
            "ACCOUNT" => o
                .accounts
                .values()
                .filter(|a| a.parent_id == parent)
                .map(|a| (a.id.as_str(), json!({"Id": a.id, "Type": "ACCOUNT"})))
                .collect(),
            "ORGANIZATIONAL_UNIT" => o
                .units
                .values()
                .filter(|u| u.parent_id == parent)
                .map(|u| {
                    (
                        u.id.as_str(),
                        json!({"Id": u.id, "Type": "ORGANIZATIONAL_UNIT"}),
                    )
                })
                .collect(),
            _ => {
                return Err(OrgError::InvalidInput(
                    "You specified an invalid value for ChildType.".into(),
                )
                .into());
            }
        };
        let (list, next) = page_of(children.into_iter(), input);
        Ok(with_token(json!({ "Children": list }), next))
    })
}

pub async fn move_account(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let account_id = required(input, "AccountId")?.to_string();
    let source = required(input, "SourceParentId")?.to_string();
    let destination = required(input, "DestinationParentId")?.to_string();
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
        Ok(json!({}))
    })
    .await
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
