//! The declarative spec (YAML or JSON) and its validation: every check runs before any call, and
//! each error names the path of the offending value and, when known, its line
//! (`spec.yaml:14: user_map.alice.groups[0]: unknown group "devs"`).
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// A landing zone: accounts of account types, the role list, groups and the roles they may
/// assume, people and their groups, the password policy.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Account types (sandbox, dev, prod…), each with an optional description.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_types: BTreeMap<String, AccountType>,
    /// Accounts by name. One may be `central: true` (where people live: the credentials'
    /// account); the others are member accounts of its organization, created when missing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, Account>,
    /// The role list: each role exists in every account of its account types while enabled.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, Role>,
    /// Customer managed policies, referred to by name from roles, groups and users.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, Policy>,
    /// Best-practice groups to install from the shipped catalogue: `all` or a list of names.
    #[serde(default, skip_serializing_if = "Catalogue::is_none")]
    pub catalogue: Catalogue,
    /// Groups of the central account (in addition to the catalogue's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Group>,
    /// Group → the roles its members may assume, in which account types (MFA required).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_map: BTreeMap<String, Vec<Grant>>,
    /// User → groups (and console access, tags).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_map: BTreeMap<String, User>,
    /// Users to offboard although they were not created by this tool (adopted setups); users
    /// this tool created are offboarded when they leave `user_map`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offboard: Vec<String>,
    /// Groups to delete (IAM groups cannot be tagged, so a group leaving the spec is only
    /// deleted when listed here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_groups: Vec<String>,
    /// The central account's password policy: `best-practice` or the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicySpec>,
    #[serde(default, skip_serializing_if = "Options::is_default")]
    pub options: Options,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccountType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Its account type (a key of `account_types`).
    #[serde(rename = "type")]
    pub account_type: String,
    /// The 12-digit ID of an existing account (otherwise it is found by name in the
    /// organization, or created).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The e-mail address CreateAccount needs (default: NAME@example.com).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The account people live in (the account of the credentials used).
    #[serde(default, skip_serializing_if = "is_false")]
    pub central: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// The account types it exists in (default: every account type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_types: Option<Vec<String>>,
    /// Managed policies: AWS-managed ARNs or names of `policies`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// Inline policies by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline: BTreeMap<String, Value>,
    /// Permissions boundary: an ARN or a name of `policies`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// Maximum session duration in seconds (3600–43200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<i32>,
    /// The trust policy requires MFA (aws:MultiFactorAuthPresent) — default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub require_mfa: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Remove policies attached outside the spec (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exclusive: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub document: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Managed policies: AWS-managed ARNs or names of `policies` (or the catalogue's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline: BTreeMap<String, Value>,
    /// Remove members and policies added outside the spec (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exclusive: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub role: String,
    pub account_types: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct User {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// A console password (created with a random initial password).
    #[serde(default, skip_serializing_if = "is_false")]
    pub console_access: bool,
    /// The person must choose a new password at first sign-in (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub password_reset_required: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Managed policies attached to the user directly (best practice: none, use groups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// Remove group memberships and policies added outside the spec (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exclusive: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Catalogue {
    #[default]
    None,
    /// `all`
    All(String),
    Groups(Vec<String>),
}

impl Catalogue {
    fn is_none(&self) -> bool {
        matches!(self, Catalogue::None)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum PasswordPolicySpec {
    /// `best-practice`: the catalogue's rules.
    Preset(String),
    Rules(PasswordPolicy),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<i32>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub allow_users_to_change: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reuse_prevention: Option<i32>,
    #[serde(default)]
    pub hard_expiry: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The role assumed in each member account (created there by Organizations).
    #[serde(default = "default_member_role")]
    pub member_role: String,
    /// One group per (member account, enabled role): `ACCOUNT-ROLE`, allowed to assume that
    /// role in that account only.
    #[serde(default)]
    pub cross_account_groups: bool,
    /// Offboarding also revokes the sessions of the roles the person could assume (AWS's
    /// AWSRevokeOlderSessions policy, aws:TokenIssueTime).
    #[serde(default)]
    pub revoke_sessions_on_offboard: bool,
    /// Calls in flight at once per account.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
}

fn default_member_role() -> String {
    "OrganizationAccountAccessRole".into()
}
fn default_concurrency() -> usize {
    16
}

impl Default for Options {
    fn default() -> Self {
        Options {
            member_role: default_member_role(),
            cross_account_groups: false,
            revoke_sessions_on_offboard: false,
            concurrency: default_concurrency(),
        }
    }
}

impl Options {
    fn is_default(&self) -> bool {
        *self == Options::default()
    }
}

/// A spec that failed to read or validate: every problem found, each with its path and line.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub file: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: Option<u64>,
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match p.line {
                Some(l) => write!(f, "{}:{l}: ", self.file)?,
                None => write!(f, "{}: ", self.file)?,
            }
            if p.path.is_empty() {
                write!(f, "{}", p.message)?;
            } else {
                write!(f, "{}: {}", p.path, p.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

/// Which syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    pub fn of_path(path: &str) -> Format {
        if path.ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// Reads and validates a spec file.
pub fn load(path: &str) -> Result<Spec, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        file: path.to_string(),
        problems: vec![Problem {
            line: None,
            path: String::new(),
            message: format!("cannot read: {e}"),
        }],
    })?;
    parse(&text, Format::of_path(path), path)
}

/// Parses and validates a spec; `file` names it in errors.
pub fn parse(text: &str, format: Format, file: &str) -> Result<Spec, SpecError> {
    let one = |line: Option<u64>, message: String| SpecError {
        file: file.to_string(),
        problems: vec![Problem {
            line,
            path: String::new(),
            message,
        }],
    };
    let spec: Spec = match format {
        Format::Json => {
            serde_json::from_str(text).map_err(|e| one(Some(e.line() as u64), e.to_string()))?
        }
        Format::Yaml => serde_saphyr::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line()).filter(|l| *l > 0);
            one(line, yaml_error_text(&e))
        })?,
    };
    let problems = validate(&spec);
    if problems.is_empty() {
        return Ok(spec);
    }
    // JSON is YAML's flow syntax: one reader gives the lines of both.
    let index = LineIndex::build(text);
    Err(SpecError {
        file: file.to_string(),
        problems: problems
            .into_iter()
            .map(|(path, message)| Problem {
                line: index.as_ref().and_then(|i| i.line_of(&path)),
                path,
                message,
            })
            .collect(),
    })
}

fn yaml_error_text(e: &serde_saphyr::Error) -> String {
    // The crate's Display renders a snippet over several lines; keep its first line.
    let full = e.to_string();
    full.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid YAML")
        .trim()
        .to_string()
}

/// The shipped catalogue: policies, groups and the best-practice password policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub policies: BTreeMap<String, Policy>,
    pub groups: BTreeMap<String, Group>,
    pub password_policy: PasswordPolicy,
}

pub const CATALOGUE_YAML: &str = include_str!("../catalogue.yaml");

pub fn catalogue() -> CatalogueFile {
    serde_saphyr::from_str(CATALOGUE_YAML).expect("the shipped catalogue parses (unit-tested)")
}

impl Spec {
    /// The catalogue groups this spec selects.
    pub fn catalogue_groups(&self) -> Vec<String> {
        match &self.catalogue {
            Catalogue::None => Vec::new(),
            Catalogue::All(_) => catalogue().groups.keys().cloned().collect(),
            Catalogue::Groups(g) => g.clone(),
        }
    }

    /// Every group of the central account: the spec's, the catalogue's, the cross-account ones.
    pub fn all_groups(&self) -> BTreeMap<String, Group> {
        let cat = catalogue();
        let mut out = BTreeMap::new();
        for name in self.catalogue_groups() {
            if let Some(g) = cat.groups.get(&name) {
                out.insert(name, g.clone());
            }
        }
        for (n, g) in &self.groups {
            out.insert(n.clone(), g.clone());
        }
        for (n, _) in self.cross_account_groups() {
            out.entry(n).or_insert(Group {
                policies: vec![],
                inline: BTreeMap::new(),
                exclusive: true,
            });
        }
        out
    }

    /// `ACCOUNT-ROLE` groups (option cross_account_groups): name → (account, role).
    pub fn cross_account_groups(&self) -> BTreeMap<String, (String, String)> {
        let mut out = BTreeMap::new();
        if !self.options.cross_account_groups {
            return out;
        }
        for (acct, a) in &self.accounts {
            for (role, r) in &self.roles {
                if r.enabled && self.role_in_type(r, &a.account_type) {
                    out.insert(format!("{acct}-{role}"), (acct.clone(), role.clone()));
                }
            }
        }
        out
    }

    pub fn role_in_type(&self, role: &Role, account_type: &str) -> bool {
        match &role.account_types {
            None => true,
            Some(types) => types.iter().any(|t| t == account_type),
        }
    }

    /// Every policy definition available by name: the spec's over the catalogue's.
    pub fn all_policies(&self) -> BTreeMap<String, Policy> {
        let mut out = catalogue().policies;
        for (n, p) in &self.policies {
            out.insert(n.clone(), p.clone());
        }
        out
    }

    pub fn password_rules(&self) -> Option<PasswordPolicy> {
        match &self.password_policy {
            None => None,
            Some(PasswordPolicySpec::Preset(_)) => Some(catalogue().password_policy),
            Some(PasswordPolicySpec::Rules(r)) => Some(r.clone()),
        }
    }

    pub fn central_account(&self) -> Option<(&String, &Account)> {
        self.accounts.iter().find(|(_, a)| a.central)
    }
}

fn valid_name(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

/// Every problem in the spec, as (path, message).
pub fn validate(spec: &Spec) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut err = |path: String, msg: String| out.push((path, msg));
    let cat = catalogue();
    let policies = spec.all_policies();
    let policy_ref_ok = |r: &str| r.starts_with("arn:") || policies.contains_key(r);

    if let Catalogue::All(s) = &spec.catalogue
        && s != "all"
    {
        err(
            "catalogue".into(),
            format!("expected `all` or a list of groups, got \"{s}\""),
        );
    }
    if let Catalogue::Groups(gs) = &spec.catalogue {
        for (i, g) in gs.iter().enumerate() {
            if !cat.groups.contains_key(g) {
                let known: Vec<_> = cat.groups.keys().map(String::as_str).collect();
                err(
                    format!("catalogue[{i}]"),
                    format!(
                        "unknown catalogue group \"{g}\" (known: {})",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    for name in spec.catalogue_groups() {
        if spec.groups.contains_key(&name) {
            err(
                format!("groups.{name}"),
                format!(
                    "group \"{name}\" is also a catalogue group: rename it or drop it from `catalogue`"
                ),
            );
        }
    }
    if let Some(PasswordPolicySpec::Preset(p)) = &spec.password_policy
        && p != "best-practice"
    {
        err(
            "password_policy".into(),
            format!("expected `best-practice` or the rules, got \"{p}\""),
        );
    }
    if let Some(PasswordPolicySpec::Rules(r)) = &spec.password_policy
        && let Some(n) = r.minimum_length
        && !(6..=128).contains(&n)
    {
        err(
            "password_policy.minimum_length".into(),
            format!("must be between 6 and 128, got {n}"),
        );
    }

    // Accounts and account types.
    let centrals: Vec<_> = spec.accounts.iter().filter(|(_, a)| a.central).collect();
    if centrals.len() > 1 {
        err(
            format!("accounts.{}.central", centrals[1].0),
            "only one account can be central".into(),
        );
    }
    let mut ids = BTreeSet::new();
    for (name, a) in &spec.accounts {
        if !spec.account_types.contains_key(&a.account_type) {
            err(
                format!("accounts.{name}.type"),
                format!("unknown account type \"{}\"", a.account_type),
            );
        }
        if let Some(id) = &a.id {
            if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
                err(
                    format!("accounts.{name}.id"),
                    format!("an account ID is 12 digits, got \"{id}\""),
                );
            } else if !ids.insert(id.clone()) {
                err(
                    format!("accounts.{name}.id"),
                    format!("account ID {id} is used twice"),
                );
            }
        }
        if name.is_empty() || name.len() > 50 {
            err(
                format!("accounts.{name}"),
                "an account name has 1 to 50 characters".into(),
            );
        }
    }

    // Policies.
    for (name, p) in &spec.policies {
        if !valid_name(name, 128) {
            err(
                format!("policies.{name}"),
                format!("invalid policy name \"{name}\""),
            );
        }
        check_document(&format!("policies.{name}.document"), &p.document, &mut err);
    }

    // Roles.
    for (name, r) in &spec.roles {
        if !valid_name(name, 64) {
            err(
                format!("roles.{name}"),
                format!("invalid role name \"{name}\""),
            );
        }
        if let Some(types) = &r.account_types {
            for (i, t) in types.iter().enumerate() {
                if !spec.account_types.contains_key(t) {
                    err(
                        format!("roles.{name}.account_types[{i}]"),
                        format!("unknown account type \"{t}\""),
                    );
                }
            }
        }
        for (i, p) in r.policies.iter().enumerate() {
            if !policy_ref_ok(p) {
                err(
                    format!("roles.{name}.policies[{i}]"),
                    format!("unknown policy \"{p}\" (an ARN or a name under `policies`)"),
                );
            }
        }
        if let Some(b) = &r.boundary
            && !policy_ref_ok(b)
        {
            err(
                format!("roles.{name}.boundary"),
                format!("unknown policy \"{b}\""),
            );
        }
        if let Some(d) = r.max_session_duration
            && !(3600..=43200).contains(&d)
        {
            err(
                format!("roles.{name}.max_session_duration"),
                format!("must be between 3600 and 43200 seconds, got {d}"),
            );
        }
        for (pn, doc) in &r.inline {
            check_document(&format!("roles.{name}.inline.{pn}"), doc, &mut err);
        }
    }

    // Groups.
    let groups = spec.all_groups();
    for (name, g) in &spec.groups {
        if !valid_name(name, 128) {
            err(
                format!("groups.{name}"),
                format!("invalid group name \"{name}\""),
            );
        }
        for (i, p) in g.policies.iter().enumerate() {
            if !policy_ref_ok(p) {
                err(
                    format!("groups.{name}.policies[{i}]"),
                    format!("unknown policy \"{p}\" (an ARN or a name under `policies`)"),
                );
            }
        }
        if g.policies.len() > 10 {
            err(
                format!("groups.{name}.policies"),
                "a group can have at most 10 managed policies attached".into(),
            );
        }
        for (pn, doc) in &g.inline {
            check_document(&format!("groups.{name}.inline.{pn}"), doc, &mut err);
        }
    }
    for (group, grants) in &spec.group_map {
        if !groups.contains_key(group) {
            err(
                format!("group_map.{group}"),
                format!("unknown group \"{group}\""),
            );
        }
        for (i, g) in grants.iter().enumerate() {
            match spec.roles.get(&g.role) {
                None => err(
                    format!("group_map.{group}[{i}].role"),
                    format!("unknown role \"{}\"", g.role),
                ),
                Some(role) => {
                    for (j, t) in g.account_types.iter().enumerate() {
                        if !spec.account_types.contains_key(t) {
                            err(
                                format!("group_map.{group}[{i}].account_types[{j}]"),
                                format!("unknown account type \"{t}\""),
                            );
                        } else if !spec.role_in_type(role, t) {
                            err(
                                format!("group_map.{group}[{i}].account_types[{j}]"),
                                format!(
                                    "role \"{}\" does not exist in account type \"{t}\"",
                                    g.role
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    // Users.
    for (name, u) in &spec.user_map {
        if !valid_name(name, 64) {
            err(
                format!("user_map.{name}"),
                format!("invalid user name \"{name}\""),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, g) in u.groups.iter().enumerate() {
            if !groups.contains_key(g) {
                err(
                    format!("user_map.{name}.groups[{i}]"),
                    format!("unknown group \"{g}\""),
                );
            } else if !seen.insert(g.to_lowercase()) {
                err(
                    format!("user_map.{name}.groups[{i}]"),
                    format!("group \"{g}\" is listed twice"),
                );
            }
        }
        if u.groups.len() > 10 {
            err(
                format!("user_map.{name}.groups"),
                "a user can be in at most 10 groups".into(),
            );
        }
        for (i, p) in u.policies.iter().enumerate() {
            if !policy_ref_ok(p) {
                err(
                    format!("user_map.{name}.policies[{i}]"),
                    format!("unknown policy \"{p}\""),
                );
            }
        }
        if let Some(b) = &u.boundary
            && !policy_ref_ok(b)
        {
            err(
                format!("user_map.{name}.boundary"),
                format!("unknown policy \"{b}\""),
            );
        }
        for k in u.tags.keys() {
            if k.starts_with("aws:") || k == crate::MANAGED_TAG {
                err(
                    format!("user_map.{name}.tags.{k}"),
                    format!("tag key \"{k}\" is reserved"),
                );
            }
        }
    }
    for (i, name) in spec.offboard.iter().enumerate() {
        if spec.user_map.contains_key(name) {
            err(
                format!("offboard[{i}]"),
                format!("user \"{name}\" is both in user_map and offboarded"),
            );
        }
    }
    for (i, name) in spec.retired_groups.iter().enumerate() {
        if groups.contains_key(name) {
            err(
                format!("retired_groups[{i}]"),
                format!("group \"{name}\" is both defined and retired"),
            );
        }
    }
    if spec.options.concurrency == 0 || spec.options.concurrency > 256 {
        err(
            "options.concurrency".into(),
            "must be between 1 and 256".into(),
        );
    }
    out
}

fn check_document(path: &str, doc: &Value, err: &mut impl FnMut(String, String)) {
    match doc {
        Value::Object(m) => {
            if !m.contains_key("Statement") {
                err(path.into(), "a policy document needs a Statement".into());
            }
        }
        Value::String(s) => {
            if serde_json::from_str::<Value>(s).is_err() {
                err(
                    path.into(),
                    "a policy document given as text must be JSON".into(),
                );
            }
        }
        _ => err(
            path.into(),
            "a policy document is a mapping (or JSON text)".into(),
        ),
    }
}

/// Where each value of a YAML/JSON document sits: the path → line map that validation errors
/// use (built only when there is an error to report).
pub struct LineIndex {
    lines: BTreeMap<String, u64>,
}

enum Node {
    Map(Vec<(serde_saphyr::Spanned<String>, serde_saphyr::Spanned<Node>)>),
    Seq(Vec<serde_saphyr::Spanned<Node>>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::new();
                while let Some(n) = a.next_element()? {
                    v.push(n);
                }
                Ok(Node::Seq(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<serde_saphyr::Spanned<String>>()? {
                    let n = a.next_value()?;
                    v.push((k, n));
                }
                Ok(Node::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl LineIndex {
    pub fn build(text: &str) -> Option<LineIndex> {
        let root: serde_saphyr::Spanned<Node> = serde_saphyr::from_str(text).ok()?;
        let mut lines = BTreeMap::new();
        fn walk(prefix: &str, node: &Node, lines: &mut BTreeMap<String, u64>) {
            match node {
                Node::Map(entries) => {
                    for (k, v) in entries {
                        let path = if prefix.is_empty() {
                            k.value.clone()
                        } else {
                            format!("{prefix}.{}", k.value)
                        };
                        lines.insert(path.clone(), k.referenced.line());
                        walk(&path, &v.value, lines);
                    }
                }
                Node::Seq(items) => {
                    for (i, v) in items.iter().enumerate() {
                        let path = format!("{prefix}[{i}]");
                        lines.insert(path.clone(), v.referenced.line());
                        walk(&path, &v.value, lines);
                    }
                }
                Node::Scalar => {}
            }
        }
        walk("", &root.value, &mut lines);
        Some(LineIndex { lines })
    }

    /// The line of `path`, or of its nearest ancestor present in the document.
    pub fn line_of(&self, path: &str) -> Option<u64> {
        let mut p = path.to_string();
        loop {
            if let Some(l) = self.lines.get(&p).filter(|l| **l > 0) {
                return Some(*l);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_its_policies_have_statements() {
        let c = catalogue();
        assert!(c.groups.len() >= 11);
        for (name, g) in &c.groups {
            for p in &g.policies {
                assert!(
                    p.starts_with("arn:aws:iam::aws:policy/") || c.policies.contains_key(p),
                    "{name}: {p}"
                );
            }
        }
        for p in c.policies.values() {
            assert!(
                p.document["Statement"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty())
            );
        }
    }

    #[test]
    fn errors_point_at_the_path_and_line() {
        let text = "account_types:\n  dev: {}\ngroups:\n  developers: {}\nuser_map:\n  alice:\n    groups: [developers, devs]\n";
        let e = parse(text, Format::Yaml, "spec.yaml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "spec.yaml:7: user_map.alice.groups[1]: unknown group \"devs\""
        );
        let json = "{\n \"user_map\": {\n  \"bob\": {\"groups\": [\"x\"]}\n }\n}";
        let e = parse(json, Format::Json, "spec.json").unwrap_err();
        assert_eq!(
            e.to_string(),
            "spec.json:3: user_map.bob.groups[0]: unknown group \"x\""
        );
    }

    #[test]
    fn the_examples_are_valid_and_read_the_same_as_json() {
        for name in ["single-account.yaml", "multi-account.yaml"] {
            let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
            let yaml = load(&path).unwrap_or_else(|e| panic!("{e}"));
            let json = serde_json::to_string_pretty(&yaml).unwrap();
            let again =
                parse(&json, Format::Json, "example.json").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(again, yaml, "{name}");
        }
    }

    #[test]
    fn syntax_and_unknown_fields_are_errors_with_lines() {
        let e = parse(
            "user_map:\n  alice:\n    grups: []\n",
            Format::Yaml,
            "s.yaml",
        )
        .unwrap_err();
        assert_eq!(e.problems[0].line, Some(3), "{e}");
        assert!(e.to_string().contains("grups"), "{e}");
    }
}
