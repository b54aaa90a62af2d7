//! `iamd plan` / `iamd apply` / `iamd export`: a landing zone — accounts of account types, a
//! role list, groups mapped to the roles they may assume, people mapped to groups, the
//! best-practice group catalogue, the password policy — declared in one YAML or JSON file, and
//! brought about through the public IAM, STS and Organizations APIs only (the AWS SDK for Rust),
//! against iamd or AWS.
//!
//! The pieces: `spec` (the file and its validation), `desired` (each account's desired state),
//! `live` (its live state, read through the API), `plan` (the difference as calls), `execute`
//! (one call each), and here the orchestration across accounts: one role assumption per member
//! account, accounts in parallel, each account's changes in dependency phases with bounded
//! concurrency inside a phase.
pub mod client;
pub mod desired;
pub mod execute;
pub mod export;
pub mod live;
pub mod model;
pub mod plan;
pub mod policy;
pub mod spec;

use client::{Target, api};
use desired::AccountRef;
use plan::Change;
use spec::Spec;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The tag on every user, role and policy this tool creates: what it may delete later.
pub const MANAGED_TAG: &str = "managed-by";
pub const MANAGED_VALUE: &str = "iamd-zone";

pub fn is_managed(tags: &BTreeMap<String, String>) -> bool {
    tags.get(MANAGED_TAG).map(String::as_str) == Some(MANAGED_VALUE)
}

pub fn managed_tag_map() -> BTreeMap<String, String> {
    BTreeMap::from([(MANAGED_TAG.to_string(), MANAGED_VALUE.to_string())])
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneError(pub String);

impl ZoneError {
    pub fn new(s: impl Into<String>) -> ZoneError {
        ZoneError(s.into())
    }
}

impl std::fmt::Display for ZoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ZoneError {}

/// A member account to create with Organizations' CreateAccount.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub account_type: String,
}

/// One account's changes.
#[derive(Debug, Clone)]
pub struct AccountPlan {
    pub account: AccountRef,
    pub changes: Vec<Change>,
    /// The IAM client in that account (`None` while it does not exist yet).
    pub iam: Option<aws_sdk_iam::Client>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub central: String,
    /// The central account has no organization yet: CreateOrganization (all features) first.
    pub create_organization: bool,
    pub create_accounts: Vec<NewAccount>,
    pub accounts: Vec<AccountPlan>,
}

impl Plan {
    pub fn change_count(&self) -> usize {
        usize::from(self.create_organization)
            + self.create_accounts.len()
            + self.accounts.iter().map(|a| a.changes.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.change_count() == 0
    }
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.create_organization {
            writeln!(
                f,
                "+ create an organization (all features) managed by {}",
                self.central
            )?;
        }
        for a in &self.create_accounts {
            writeln!(
                f,
                "+ create account {} (type {}, {}) in the organization",
                a.name, a.account_type, a.email
            )?;
        }
        let (mut add, mut change, mut remove) = (
            self.create_accounts.len() + usize::from(self.create_organization),
            0,
            0,
        );
        for a in &self.accounts {
            if a.changes.is_empty() {
                continue;
            }
            writeln!(f, "account {} ({}):", a.account.name, a.account.id)?;
            for c in &a.changes {
                writeln!(f, "  {c}")?;
                match c.sign() {
                    '+' => add += 1,
                    '-' => remove += 1,
                    _ => change += 1,
                }
            }
        }
        if self.is_empty() {
            writeln!(f, "No changes. The live setup matches the spec.")
        } else {
            writeln!(
                f,
                "Plan: {add} to add, {change} to change, {remove} to remove ({} change(s) in {} account(s)).",
                self.change_count(),
                self.accounts
                    .iter()
                    .filter(|a| !a.changes.is_empty())
                    .count()
                    + usize::from(!self.create_accounts.is_empty())
            )
        }
    }
}

fn placeholder(name: &str) -> String {
    format!("<{name}: known after apply>")
}

/// Reads the live state of every account of the spec and returns the changes that bring it to
/// the spec. Makes no change.
pub async fn plan(spec: &Spec, target: &Target) -> Result<Plan, ZoneError> {
    let caller = target
        .sts(&target.credentials)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| api("GetCallerIdentity", e))?;
    let central_id = caller.account.unwrap_or_default();
    let (central_name, central_type) = match spec.central_account() {
        Some((name, a)) => {
            if let Some(id) = &a.id
                && *id != central_id
            {
                return Err(ZoneError::new(format!(
                    "accounts.{name}: the central account is {id}, but the credentials are of account {central_id}"
                )));
            }
            (name.clone(), Some(a.account_type.clone()))
        }
        None => ("central".to_string(), None),
    };
    let mut accounts = vec![AccountRef {
        name: central_name,
        id: central_id.clone(),
        account_type: central_type,
        central: true,
    }];
    let mut create_accounts = Vec::new();
    let mut create_organization = false;
    let members: Vec<_> = spec.accounts.iter().filter(|(_, a)| !a.central).collect();
    if !members.is_empty() {
        let org = target.organizations();
        if let Err(e) = org.describe_organization().send().await {
            if client::code(&e) == Some("AWSOrganizationsNotInUseException") {
                create_organization = true;
            } else {
                return Err(api("Organizations DescribeOrganization", e));
            }
        }
        let mut by_name = BTreeMap::new();
        let mut ids = BTreeSet::new();
        let mut token: Option<String> = None;
        while !create_organization {
            let out = match org
                .list_accounts()
                .set_next_token(token.clone())
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) if client::code(&e) == Some("AWSOrganizationsNotInUseException") => {
                    create_organization = true;
                    break;
                }
                Err(e) => return Err(api("Organizations ListAccounts", e)),
            };
            for a in out.accounts() {
                if let (Some(id), Some(name)) = (a.id(), a.name()) {
                    ids.insert(id.to_string());
                    by_name.insert(name.to_string(), id.to_string());
                }
            }
            match out.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        for (name, a) in members {
            let id = match &a.id {
                Some(id) if ids.contains(id) => id.clone(),
                Some(id) => {
                    return Err(ZoneError::new(format!(
                        "accounts.{name}: account {id} is not in the organization of {central_id}"
                    )));
                }
                None => match by_name.get(name) {
                    Some(id) => id.clone(),
                    None => {
                        create_accounts.push(NewAccount {
                            name: name.clone(),
                            email: a
                                .email
                                .clone()
                                .unwrap_or_else(|| format!("{name}@example.com")),
                            account_type: a.account_type.clone(),
                        });
                        placeholder(name)
                    }
                },
            };
            accounts.push(AccountRef {
                name: name.clone(),
                id,
                account_type: Some(a.account_type.clone()),
                central: false,
            });
        }
    }

    // Read every existing account at once.
    let spec_users: BTreeSet<String> = spec.user_map.keys().cloned().collect();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, a) in accounts.iter().enumerate() {
        if a.id.starts_with('<') {
            continue;
        }
        let target = target.clone();
        let a = a.clone();
        let role = spec.options.member_role.clone();
        let opts = live::ReadOptions {
            login_profiles_of: Some(if a.central {
                spec_users.clone()
            } else {
                BTreeSet::new()
            }),
            password_policy: a.central,
            concurrency: spec.options.concurrency,
        };
        tasks.spawn(async move {
            let creds = if a.central {
                target.credentials.clone()
            } else {
                target.assume(&a.id, &role).await?
            };
            let iam = target.iam(&creds);
            let state = live::read(&iam, &opts)
                .await
                .map_err(|e| ZoneError::new(format!("account {} ({}): {e}", a.name, a.id)))?;
            Ok::<_, ZoneError>((i, iam, state))
        });
    }
    let mut live_states: BTreeMap<usize, (aws_sdk_iam::Client, model::AccountModel)> =
        BTreeMap::new();
    while let Some(r) = tasks.join_next().await {
        let (i, iam, state) = r.map_err(|e| ZoneError::new(format!("task: {e}")))??;
        live_states.insert(i, (iam, state));
    }

    let ctx = plan::DiffContext {
        offboard: &spec.offboard,
        retired_groups: &spec.retired_groups,
    };
    let mut plans: Vec<AccountPlan> = Vec::new();
    for (i, a) in accounts.iter().enumerate() {
        let want = desired::desired(spec, &accounts, a);
        let empty = model::AccountModel::default();
        let (iam, have) = match live_states.get(&i) {
            Some((iam, s)) => (Some(iam.clone()), s),
            None => (None, &empty),
        };
        let changes = plan::diff(&want, have, &ctx);
        plans.push(AccountPlan {
            account: a.clone(),
            changes,
            iam,
        });
    }

    // Offboarding may revoke the sessions of the roles the person could assume.
    if spec.options.revoke_sessions_on_offboard {
        let central_live = live_states
            .get(&0)
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        let mut revoke: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for c in &plans[0].changes {
            if let Change::Offboard { user } = c
                && let Some(u) = central_live.users.get(user)
            {
                // What they could assume: their groups' assume-roles policies as they are live.
                for g in &u.groups {
                    let Some(doc) = central_live
                        .groups
                        .get(g)
                        .and_then(|g| g.inline.get(desired::ASSUME_POLICY))
                    else {
                        continue;
                    };
                    for (acct, role) in desired::assume_targets(doc) {
                        revoke
                            .entry(acct)
                            .or_default()
                            .entry(role)
                            .or_insert_with(|| user.clone());
                    }
                }
            }
        }
        for (i, p) in plans.iter_mut().enumerate() {
            let Some(roles) = revoke.get(&p.account.id) else {
                continue;
            };
            let Some((_, have)) = live_states.get(&i) else {
                continue;
            };
            for (role, user) in roles {
                if have.roles.contains_key(role) {
                    p.changes.push(Change::RevokeSessions {
                        role: role.clone(),
                        because: user.clone(),
                    });
                }
            }
        }
    }
    Ok(Plan {
        central: central_id,
        create_organization,
        create_accounts,
        accounts: plans,
    })
}

/// What apply did.
#[derive(Debug, Default)]
pub struct ApplyReport {
    /// Calls that changed something, account and organization creation included.
    pub changes: usize,
    pub accounts_created: Vec<(String, String)>,
    /// Initial console passwords of the people given console access: (user, password).
    pub passwords: Vec<(String, String)>,
}

pub type Progress = Arc<dyn Fn(&str) + Send + Sync>;

/// Creates the missing member accounts, then carries out `plan` (re-planned after account
/// creation, since ARNs need the new IDs).
pub async fn apply(
    spec: &Spec,
    target: &Target,
    plan: Plan,
    progress: Progress,
) -> Result<ApplyReport, ZoneError> {
    let mut report = ApplyReport::default();
    let plan = if plan.create_accounts.is_empty() && !plan.create_organization {
        plan
    } else {
        let org = target.organizations();
        if plan.create_organization {
            progress("creating the organization");
            match org
                .create_organization()
                .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
                .send()
                .await
            {
                Ok(_) => report.changes += 1,
                Err(e) if client::code(&e) == Some("AlreadyInOrganizationException") => {}
                Err(e) => return Err(api("CreateOrganization", e)),
            }
        }
        for a in &plan.create_accounts {
            progress(&format!("creating account {} ({})", a.name, a.email));
            let out = org
                .create_account()
                .account_name(&a.name)
                .email(&a.email)
                .send()
                .await
                .map_err(|e| api(&format!("CreateAccount {}", a.name), e))?;
            let mut status = out.create_account_status;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(900);
            loop {
                let s = status
                    .as_ref()
                    .ok_or_else(|| ZoneError::new("CreateAccount returned no status"))?;
                match s.state().map(|s| s.as_str()) {
                    Some("SUCCEEDED") => {
                        let id = s.account_id().unwrap_or_default().to_string();
                        progress(&format!("account {} created: {id}", a.name));
                        report.accounts_created.push((a.name.clone(), id));
                        report.changes += 1;
                        break;
                    }
                    Some("FAILED") => {
                        return Err(ZoneError::new(format!(
                            "CreateAccount {}: {}",
                            a.name,
                            s.failure_reason().map(|r| r.as_str()).unwrap_or("failed")
                        )));
                    }
                    _ => {}
                }
                if std::time::Instant::now() > deadline {
                    return Err(ZoneError::new(format!(
                        "CreateAccount {}: still in progress after 15 minutes; run apply again later",
                        a.name
                    )));
                }
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                let id = s.id().unwrap_or_default().to_string();
                status = org
                    .describe_create_account_status()
                    .create_account_request_id(id)
                    .send()
                    .await
                    .map_err(|e| api("DescribeCreateAccountStatus", e))?
                    .create_account_status;
            }
        }
        // The new accounts' roles can be assumed once the accounts exist.
        self::plan(spec, target).await?
    };

    let concurrency = spec.options.concurrency.max(1);
    let mut tasks = tokio::task::JoinSet::new();
    for a in plan.accounts {
        if a.changes.is_empty() {
            continue;
        }
        let Some(iam) = a.iam.clone() else {
            return Err(ZoneError::new(format!(
                "account {}: no access (it does not exist)",
                a.account.name
            )));
        };
        let progress = progress.clone();
        tasks.spawn(async move { run_account(a, iam, concurrency, progress).await });
    }
    let mut errors = Vec::new();
    while let Some(r) = tasks.join_next().await {
        match r {
            Ok(Ok((n, passwords))) => {
                report.changes += n;
                report.passwords.extend(passwords);
            }
            Ok(Err(e)) => errors.push(e.0),
            Err(e) => errors.push(format!("task: {e}")),
        }
    }
    report.passwords.sort();
    if errors.is_empty() {
        Ok(report)
    } else {
        errors.sort();
        Err(ZoneError::new(format!(
            "{} change(s) made; failed:\n  {}\n(run apply again: it resumes from the live state)",
            report.changes,
            errors.join("\n  ")
        )))
    }
}

type AccountOutcome = Result<(usize, Vec<(String, String)>), ZoneError>;

async fn run_account(
    plan: AccountPlan,
    iam: aws_sdk_iam::Client,
    concurrency: usize,
    progress: Progress,
) -> AccountOutcome {
    let label = format!("{} ({})", plan.account.name, plan.account.id);
    let total = plan.changes.len();
    let mut phases: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
    for c in plan.changes {
        phases.entry(c.phase()).or_default().push(c);
    }
    let sem = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut done = 0usize;
    let mut passwords = Vec::new();
    for (_, changes) in phases {
        let mut tasks = tokio::task::JoinSet::new();
        for c in changes {
            let iam = iam.clone();
            let sem = sem.clone();
            tasks.spawn(async move {
                let _permit = sem.acquire().await;
                let out = execute::run(&iam, &c).await;
                (c, out)
            });
        }
        let mut errors = Vec::new();
        while let Some(r) = tasks.join_next().await {
            match r {
                Ok((c, Ok(pw))) => {
                    done += 1;
                    if let (Some(pw), Change::CreateLoginProfile { name, .. }) = (pw, &c) {
                        passwords.push((name.clone(), pw));
                    }
                }
                Ok((_, Err(e))) => errors.push(format!("account {label}: {e}")),
                Err(e) => errors.push(format!("account {label}: task: {e}")),
            }
        }
        progress(&format!("account {label}: {done}/{total} change(s) made"));
        if !errors.is_empty() {
            // Later phases depend on this one: stop this account here.
            return Err(ZoneError::new(errors.join("\n  ")));
        }
    }
    Ok((done, passwords))
}
