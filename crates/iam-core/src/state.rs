//! The in-memory working set: every entity plus the indexes the actions need (names → IDs,
//! group members, policy attachments). Rebuilt from the store's records at start-up; kept in
//! step with the store by the mutators (`mutators.rs`), which change an entity and write its
//! record into the mutation's `Tx` together. Lookups are hash or B-tree probes, so the request
//! path does not slow down as an account grows.
mod apply;
#[cfg(test)]
mod load_tests;
mod mutators;
mod users;

pub use apply::{Unapplied, check_incremental_replay};
pub use users::Users;

use crate::entities::*;
use crate::secrets::{MasterKey, Secret};
use crate::store::{Change, Record};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A name's key in a name index: lower case (names are unique case-insensitively), sharing
/// the name's own storage when it is lower case already (a `SmolStr` clone copies no bytes).
pub fn name_key(name: &SmolStr) -> SmolStr {
    if name
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        let lower = name.to_lowercase();
        if lower != *name {
            return lower.into();
        }
    }
    name.clone()
}

pub fn compiled_key_user(user_id: &str, policy: &str) -> String {
    format!("u/{user_id}/{policy}")
}
pub fn compiled_key_group(group_id: &str, policy: &str) -> String {
    format!("g/{group_id}/{policy}")
}
pub fn compiled_key_role(role_id: &str, policy: &str) -> String {
    format!("r/{role_id}/{policy}")
}
/// A role's trust policy, compiled as a resource-based policy.
pub fn compiled_key_trust(role_id: &str) -> String {
    format!("t/{role_id}")
}
pub fn compiled_key_managed(policy_id: &str) -> String {
    format!("p/{policy_id}")
}

pub const KIND_ACCOUNT: &str = "account";
pub const KIND_USER: &str = "user";
pub const KIND_GROUP: &str = "group";
pub const KIND_POLICY: &str = "policy";
pub const KIND_KEY: &str = "key";
pub const KIND_META: &str = "meta";
pub const KIND_ROLE: &str = "role";
pub const KIND_INSTANCE_PROFILE: &str = "instance_profile";
/// AWS Organizations records, keyed `<org-id>/<part>/<id>` (see `organizations.rs`).
pub const KIND_ORG: &str = "org";
pub const KIND_MFA: &str = "mfa";
pub const KIND_SSH_KEY: &str = "ssh_key";
pub const KIND_SIGNING_CERT: &str = "signing_cert";
pub const KIND_SERVER_CERT: &str = "server_cert";
pub const KIND_SERVICE_CRED: &str = "service_cred";
pub const KIND_OIDC_PROVIDER: &str = "oidc_provider";
pub const KIND_SAML_PROVIDER: &str = "saml_provider";

/// An access key in memory: the record plus its opened secret.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub record: AccessKeyRecord,
    pub secret: Secret,
}

/// A virtual MFA device in memory: the record plus its opened seed (base32 text).
#[derive(Debug, Clone)]
pub struct MfaEntry {
    pub record: MfaDevice,
    pub seed: Secret,
}

#[derive(Debug, Default, Clone)]
pub struct Attachments {
    pub users: BTreeSet<String>,
    pub groups: BTreeSet<String>,
    pub roles: BTreeSet<String>,
}

impl Attachments {
    pub fn count(&self) -> usize {
        self.users.len() + self.groups.len() + self.roles.len()
    }
}

#[derive(Debug)]
pub struct AccountState {
    pub account: Account,
    /// By ID (`Users`: compact, one boxed user a slot).
    pub users: Users,
    /// lower-case name → user ID; B-tree so ListUsers pages in name order. `SmolStr`: both
    /// inline up to 23 bytes (a million users' names and IDs without two allocations each).
    pub user_names: BTreeMap<SmolStr, SmolStr>,
    pub groups: HashMap<String, Group>,
    pub group_names: BTreeMap<String, String>,
    pub policies: HashMap<String, ManagedPolicy>,
    pub policy_names: BTreeMap<String, String>,
    pub roles: HashMap<String, Role>,
    pub role_names: BTreeMap<String, String>,
    pub instance_profiles: HashMap<String, InstanceProfile>,
    pub instance_profile_names: BTreeMap<String, String>,
    /// group ID → member user IDs (derived from `User::groups`).
    pub group_members: HashMap<String, BTreeSet<String>>,
    /// policy ARN → who has it attached (derived), for AWS-managed policies too.
    pub attachments: HashMap<String, Attachments>,
    /// boundary policy ARN → number of users using it (derived).
    pub boundary_usage: HashMap<String, usize>,
    /// Compiled identity policies, keyed by `compiled_key_*`: parsed once when written.
    pub compiled: HashMap<String, Arc<iam_policy::Policy>>,
    /// owner → access key IDs (derived); root keys under `None`.
    pub user_keys: HashMap<Option<String>, Vec<String>>,
    /// Virtual MFA devices by serial number; B-tree so ListVirtualMFADevices pages in order.
    pub mfa_devices: BTreeMap<String, MfaEntry>,
    /// lower-case device name → serial number.
    pub mfa_names: HashMap<String, String>,
    /// owner → serial numbers of the devices assigned to it (derived); root under `None`.
    pub mfa_by_owner: HashMap<Option<String>, BTreeSet<String>>,
    /// SSH public keys by (user ID, key ID).
    pub ssh_keys: BTreeMap<(String, String), SshPublicKeyRecord>,
    /// Signing certificates by (owner, certificate ID); the root user's under `None`.
    pub signing_certs: BTreeMap<(Option<String>, String), SigningCertificateRecord>,
    /// Server certificates by lower-case name (names are unique case-insensitively).
    pub server_certs: BTreeMap<String, ServerCertificateRecord>,
    /// Service-specific credentials by (user ID, credential ID).
    pub service_creds: BTreeMap<(String, String), ServiceSpecificCredentialRecord>,
    /// OpenID Connect providers by ARN.
    pub oidc_providers: BTreeMap<String, OidcProvider>,
    /// SAML providers by ARN.
    pub saml_providers: BTreeMap<String, SamlProvider>,
}

impl AccountState {
    pub fn new(account: Account) -> Self {
        Self {
            account,
            users: Users::default(),
            user_names: BTreeMap::new(),
            groups: HashMap::new(),
            group_names: BTreeMap::new(),
            policies: HashMap::new(),
            policy_names: BTreeMap::new(),
            roles: HashMap::new(),
            role_names: BTreeMap::new(),
            instance_profiles: HashMap::new(),
            instance_profile_names: BTreeMap::new(),
            group_members: HashMap::new(),
            attachments: HashMap::new(),
            boundary_usage: HashMap::new(),
            compiled: HashMap::new(),
            user_keys: HashMap::new(),
            mfa_devices: BTreeMap::new(),
            mfa_names: HashMap::new(),
            mfa_by_owner: HashMap::new(),
            ssh_keys: BTreeMap::new(),
            signing_certs: BTreeMap::new(),
            server_certs: BTreeMap::new(),
            service_creds: BTreeMap::new(),
            oidc_providers: BTreeMap::new(),
            saml_providers: BTreeMap::new(),
        }
    }

    /// The account's partition: every ARN of the account carries it.
    pub fn partition(&self) -> iam_partitions::Partition {
        self.account.partition
    }

    pub fn user_by_name(&self, name: &str) -> Option<&User> {
        self.user_names
            .get(name.to_lowercase().as_str())
            .and_then(|id| self.users.get(id))
    }
    pub fn group_by_name(&self, name: &str) -> Option<&Group> {
        self.group_names
            .get(&name.to_lowercase())
            .and_then(|id| self.groups.get(id))
    }
    pub fn role_by_name(&self, name: &str) -> Option<&Role> {
        self.role_names
            .get(&name.to_lowercase())
            .and_then(|id| self.roles.get(id))
    }
    pub fn instance_profile_by_name(&self, name: &str) -> Option<&InstanceProfile> {
        self.instance_profile_names
            .get(&name.to_lowercase())
            .and_then(|id| self.instance_profiles.get(id))
    }

    /// Stores a role in the working set only, keeping every derived index in step (start-up;
    /// requests go through `put_role`, which also writes the record).
    fn replace_role(&mut self, role: Role) {
        if let Some(old) = self.roles.remove(&role.id) {
            self.role_names.remove(&old.name.to_lowercase());
            for p in &old.attached_policies {
                if let Some(a) = self.attachments.get_mut(p) {
                    a.roles.remove(&old.id);
                }
            }
            if let Some(b) = &old.permissions_boundary
                && let Some(n) = self.boundary_usage.get_mut(b)
            {
                *n = n.saturating_sub(1);
            }
        }
        self.index_role(&role);
        self.roles.insert(role.id.clone(), role);
    }

    fn index_role(&mut self, role: &Role) {
        self.role_names
            .insert(role.name.to_lowercase(), role.id.clone());
        for p in &role.attached_policies {
            self.attachments
                .entry(p.clone())
                .or_default()
                .roles
                .insert(role.id.clone());
        }
        if let Some(b) = &role.permissions_boundary {
            *self.boundary_usage.entry(b.clone()).or_default() += 1;
        }
    }

    fn remove_role(&mut self, role_id: &str) -> Option<Role> {
        let old = self.roles.remove(role_id)?;
        self.role_names.remove(&old.name.to_lowercase());
        for p in &old.attached_policies {
            if let Some(a) = self.attachments.get_mut(p) {
                a.roles.remove(&old.id);
            }
        }
        if let Some(b) = &old.permissions_boundary
            && let Some(n) = self.boundary_usage.get_mut(b)
        {
            *n = n.saturating_sub(1);
        }
        self.compiled.remove(&compiled_key_trust(role_id));
        for name in old.inline_policies.keys() {
            self.compiled.remove(&compiled_key_role(role_id, name));
        }
        Some(old)
    }

    pub fn policy_by_arn(&self, arn: &str) -> Option<&ManagedPolicy> {
        let name = arn.rsplit('/').next()?;
        let id = self.policy_names.get(&name.to_lowercase())?;
        self.policies
            .get(id)
            .filter(|p| p.arn_is(self.account.partition, arn))
    }

    pub fn attachment_count(&self, arn: &str) -> usize {
        self.attachments.get(arn).map_or(0, Attachments::count)
    }

    pub fn keys_of(&self, user_id: Option<&str>) -> &[String] {
        self.user_keys
            .get(&user_id.map(str::to_string))
            .map_or(&[], Vec::as_slice)
    }

    /// Index maintenance for a user being inserted (or re-inserted after an update).
    fn index_user(&mut self, user: &User) {
        self.user_names
            .insert(name_key(&user.name), user.id.clone());
        self.link_user(user);
    }

    /// `index_user` but the name index (start-up builds that one at the end, in one go).
    fn link_user(&mut self, user: &User) {
        for g in &user.groups {
            self.group_members
                .entry(g.clone())
                .or_default()
                .insert(user.id.to_string());
        }
        for p in &user.attached_policies {
            self.attachments
                .entry(p.clone())
                .or_default()
                .users
                .insert(user.id.to_string());
        }
        if let Some(b) = &user.permissions_boundary {
            *self.boundary_usage.entry(b.clone()).or_default() += 1;
        }
    }

    fn unindex_user(&mut self, user: &User) {
        self.user_names.remove(user.name.to_lowercase().as_str());
        for g in &user.groups {
            if let Some(m) = self.group_members.get_mut(g) {
                m.remove(user.id.as_str());
            }
        }
        for p in &user.attached_policies {
            if let Some(a) = self.attachments.get_mut(p) {
                a.users.remove(user.id.as_str());
            }
        }
        if let Some(b) = &user.permissions_boundary
            && let Some(n) = self.boundary_usage.get_mut(b)
        {
            *n = n.saturating_sub(1);
        }
    }

    /// Compiles every stored policy document (start-up).
    pub fn compile_all(&mut self) {
        // (key, document, is a trust policy)
        let mut sources: Vec<(String, &str, bool)> = Vec::new();
        for u in self.users.values() {
            for (name, doc) in &u.inline_policies {
                sources.push((compiled_key_user(&u.id, name), doc, false));
            }
        }
        for g in self.groups.values() {
            for (name, doc) in &g.inline_policies {
                sources.push((compiled_key_group(&g.id, name), doc, false));
            }
        }
        for p in self.policies.values() {
            sources.push((compiled_key_managed(&p.id), p.default_document(), false));
        }
        for r in self.roles.values() {
            for (name, doc) in &r.inline_policies {
                sources.push((compiled_key_role(&r.id, name), doc, false));
            }
            sources.push((compiled_key_trust(&r.id), &r.assume_role_policy, true));
        }
        let mut compiled = HashMap::new();
        for (key, doc, trust) in sources {
            let policy = if trust {
                crate::policy_docs::compile_trust(doc)
            } else {
                crate::policy_docs::compile_stored(doc)
            };
            match policy {
                Some(p) => {
                    compiled.insert(key, p);
                }
                None => tracing::error!(key, "stored policy no longer parses; it grants nothing"),
            }
        }
        self.compiled = compiled;
    }

    /// Stores a user in the working set only, keeping every derived index in step (requests go
    /// through `put_user`, which also writes the record).
    pub(crate) fn replace_user(&mut self, user: User) {
        if let Some(old) = self.users.remove(&user.id) {
            self.unindex_user(&old);
        }
        self.index_user(&user);
        self.users.insert(user);
    }

    fn replace_group(&mut self, group: Group) {
        if let Some(old) = self.groups.remove(&group.id) {
            self.unindex_group(&old);
        }
        self.index_group(&group);
        self.groups.insert(group.id.clone(), group);
    }

    fn index_group(&mut self, group: &Group) {
        self.group_names
            .insert(group.name.to_lowercase(), group.id.clone());
        for p in &group.attached_policies {
            self.attachments
                .entry(p.clone())
                .or_default()
                .groups
                .insert(group.id.clone());
        }
    }

    fn unindex_group(&mut self, group: &Group) {
        self.group_names.remove(&group.name.to_lowercase());
        for p in &group.attached_policies {
            if let Some(a) = self.attachments.get_mut(p) {
                a.groups.remove(&group.id);
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub accounts: HashMap<String, AccountState>,
    /// Every access key of every account: the key ID alone names the account (no header can).
    pub keys: HashMap<String, KeyEntry>,
    pub default_account: Option<String>,
    /// AWS Organizations: every organization, and which account belongs to which.
    pub organizations: crate::organizations::Organizations,
    /// Access records, sign-in limiter, credential reports, last-accessed jobs (`activity.rs`).
    pub activity: crate::activity::Activity,
}

/// The record changes of one mutation, submitted to the store as one batch.
#[derive(Default)]
pub struct Tx {
    pub(crate) changes: Vec<Change>,
}

impl Tx {
    pub fn put<T: Serialize>(&mut self, kind: &'static str, key: &str, value: &T) {
        let value = serde_json::to_vec(value).expect("entities serialize");
        self.changes.push(Change::Put {
            kind,
            key: key.to_string(),
            value,
        });
    }
    /// A record whose value is not JSON (the activity records kept compressed).
    pub fn put_bytes(&mut self, kind: &'static str, key: &str, value: Vec<u8>) {
        self.changes.push(Change::Put {
            kind,
            key: key.to_string(),
            value,
        });
    }
    pub fn delete(&mut self, kind: &'static str, key: &str) {
        self.changes.push(Change::Delete {
            kind,
            key: key.to_string(),
        });
    }
    pub fn delete_all(&mut self) {
        self.changes.push(Change::DeleteAll);
    }
}

impl State {
    pub fn account(&self, id: &str) -> Option<&AccountState> {
        self.accounts.get(id)
    }

    /// Rebuilds the working set from stored records. Records that fail to decode are reported,
    /// not skipped silently.
    pub fn from_records(records: Vec<Record>, master: &MasterKey) -> Result<Self, String> {
        let mut loader = Loader::default();
        for r in records {
            loader.add(r)?;
        }
        loader.finish(master)
    }
    /// Everything of the working set that is persisted as records, in a canonical form (every
    /// map sorted by key), so that tests can compare a live state with the state its store
    /// reloads (`Iam::persisted_snapshot`). It covers every record kind `from_records` loads:
    /// the default account, accounts, users, groups, managed policies, roles, instance
    /// profiles, MFA devices, SSH keys, signing and server certificates, service-specific
    /// credentials, OIDC and SAML providers, access keys and organizations (organization,
    /// accounts, OUs, SCPs, CreateAccount statuses), credential reports, last-accessed jobs
    /// and throttle buckets (`activity.rs`). It leaves out what is derived (indexes,
    /// compiled policies), opened secrets, and the usage data kept in memory and flushed
    /// periodically (`activity.rs`, `Iam::note_key_used`): access keys' `last_used`, users'
    /// `password_last_used` and the access records. (Roles' `last_used` is written with the
    /// AssumeRole that sets it, so it is kept.) `break_glass` records are never loaded.
    pub fn persisted_snapshot(&self) -> serde_json::Value {
        use serde_json::{Value, json};
        fn sorted<K: std::fmt::Display, V: Serialize>(
            items: impl IntoIterator<Item = (K, V)>,
        ) -> Value {
            let map: BTreeMap<String, Value> = items
                .into_iter()
                .map(|(k, v)| {
                    let v = serde_json::to_value(v).expect("entities serialize");
                    (k.to_string(), v)
                })
                .collect();
            serde_json::to_value(map).expect("entities serialize")
        }
        let owner = |o: &Option<String>| o.clone().unwrap_or_else(|| "root".into());
        let accounts = self.accounts.iter().map(|(id, a)| {
            let users = a.users.iter().map(|(id, u)| {
                let mut u = u.clone();
                u.password_last_used = None;
                (id, u)
            });
            let snapshot = json!({
                "account": a.account,
                "users": sorted(users),
                "groups": sorted(&a.groups),
                "policies": sorted(&a.policies),
                "roles": sorted(&a.roles),
                "instance_profiles": sorted(&a.instance_profiles),
                "mfa_devices": sorted(a.mfa_devices.iter().map(|(s, e)| (s, &e.record))),
                "ssh_keys": sorted(a.ssh_keys.iter().map(|((u, k), r)| (format!("{u}/{k}"), r))),
                "signing_certs": sorted(
                    a.signing_certs
                        .iter()
                        .map(|((o, id), r)| (format!("{}/{id}", owner(o)), r))
                ),
                "server_certs": sorted(&a.server_certs),
                "service_creds": sorted(
                    a.service_creds.iter().map(|((u, id), r)| (format!("{u}/{id}"), r))
                ),
                "oidc_providers": sorted(&a.oidc_providers),
                "saml_providers": sorted(&a.saml_providers),
            });
            (id, snapshot)
        });
        let keys = self.keys.iter().map(|(id, e)| {
            let mut r = e.record.clone();
            r.last_used = None;
            (id, r)
        });
        let organizations = self.organizations.by_id.iter().map(|(id, o)| {
            let snapshot = json!({
                "organization": o.org,
                "accounts": sorted(&o.accounts),
                "units": sorted(&o.units),
                "policies": sorted(&o.policies),
                "create_statuses": sorted(&o.create_statuses),
            });
            (id, snapshot)
        });
        json!({
            "default_account": self.default_account,
            "accounts": sorted(accounts),
            "access_keys": sorted(keys),
            "organizations": sorted(organizations),
            "activity": self.activity.persisted_snapshot(),
        })
    }
}

/// Rebuilds the working set from records handed over one at a time (`Store::load_each`):
/// each is decoded and put in place as it arrives, so no list of every record or entity is
/// ever held (INVARIANT (streaming-load): at a million users that list doubled start-up
/// memory). Work per record is a hash or B-tree insertion, never a scan of what is loaded.
/// Records come in any order: one that names an account not loaded yet waits in `pending`
/// (the SQLite store reads accounts first, so nothing waits there).
#[derive(Default)]
pub struct Loader {
    state: State,
    /// Records whose account was not loaded yet when they came.
    pending: Vec<Record>,
    /// Organizations' records (a few per account), read once all accounts are in.
    org_records: Vec<(String, Vec<u8>)>,
    /// Access keys and MFA devices, opened with the master key in `finish`.
    keys: Vec<AccessKeyRecord>,
    mfa_devices: Vec<MfaDevice>,
    /// Each account's (name key, user ID) pairs, made into its name index in `finish`: a
    /// B-tree built from sorted pairs in one pass, its nodes full, where a million random
    /// insertions spent a third of the load comparing names and left nodes ~70% full.
    user_names: HashMap<String, Vec<(SmolStr, SmolStr)>>,
    /// Records put in place so far (`Iam::open` logs it).
    pub records: usize,
}

impl Loader {
    /// Puts one record in place (or keeps it for `finish` when its account is not loaded yet).
    pub fn add(&mut self, r: Record) -> Result<(), String> {
        self.records += 1;
        self.apply(r, false)
    }

    fn apply(&mut self, r: Record, last_chance: bool) -> Result<(), String> {
        let bad = |e: serde_json::Error| format!("record {}/{}: {e}", r.kind, r.key);
        let state = &mut self.state;
        // The account an entity belongs to, or `None` to keep the record for later.
        macro_rules! account_of {
            ($id:expr, $what:expr) => {
                match state.accounts.get_mut($id) {
                    Some(a) => a,
                    None if last_chance => return Err(format!("{} of unknown account", $what)),
                    None => {
                        self.pending.push(r);
                        return Ok(());
                    }
                }
            };
        }
        match r.kind.as_str() {
            KIND_ACCOUNT => {
                let a: Account = serde_json::from_slice(&r.value).map_err(bad)?;
                state.accounts.insert(a.id.clone(), AccountState::new(a));
            }
            KIND_USER => {
                let u = serde_json::from_slice::<User>(&r.value).map_err(bad)?;
                let a = account_of!(&*u.account_id, format!("user {}", u.id));
                a.link_user(&u);
                let names = match self.user_names.get_mut(u.account_id.as_str()) {
                    Some(names) => names,
                    None => self.user_names.entry(u.account_id.to_string()).or_default(),
                };
                names.push((name_key(&u.name), u.id.clone()));
                a.users.insert(u);
            }
            KIND_GROUP => {
                let g = serde_json::from_slice::<Group>(&r.value).map_err(bad)?;
                let a = account_of!(&g.account_id, format!("group {}", g.id));
                a.index_group(&g);
                a.groups.insert(g.id.clone(), g);
            }
            KIND_POLICY => {
                let p = serde_json::from_slice::<ManagedPolicy>(&r.value).map_err(bad)?;
                let acct = p.account_id.clone().unwrap_or_default();
                let a = account_of!(&acct, format!("policy {}", p.id));
                a.policy_names.insert(p.name.to_lowercase(), p.id.clone());
                a.policies.insert(p.id.clone(), p);
            }
            KIND_KEY => self
                .keys
                .push(serde_json::from_slice::<AccessKeyRecord>(&r.value).map_err(bad)?),
            KIND_ROLE => {
                let role = serde_json::from_slice::<Role>(&r.value).map_err(bad)?;
                let a = account_of!(&role.account_id, format!("role {}", role.id));
                a.replace_role(role);
            }
            KIND_INSTANCE_PROFILE => {
                let p = serde_json::from_slice::<InstanceProfile>(&r.value).map_err(bad)?;
                let a = account_of!(&p.account_id, format!("instance profile {}", p.id));
                a.instance_profile_names
                    .insert(p.name.to_lowercase(), p.id.clone());
                a.instance_profiles.insert(p.id.clone(), p);
            }
            KIND_MFA => self
                .mfa_devices
                .push(serde_json::from_slice::<MfaDevice>(&r.value).map_err(bad)?),
            KIND_META if r.key == "default_account" => {
                state.default_account = Some(String::from_utf8_lossy(&r.value).into_owned());
            }
            KIND_ORG => self.org_records.push((r.key, r.value)),
            KIND_SSH_KEY | KIND_SIGNING_CERT | KIND_SERVER_CERT | KIND_SERVICE_CRED => {
                match load_credential_record(state, &r.kind, &r.key, &r.value) {
                    Err(Missing::Account(_)) if !last_chance => self.pending.push(r),
                    Err(e) => return Err(e.to_string()),
                    Ok(()) => {}
                }
            }
            crate::activity::KIND_ACCESS => state.activity.load(&r.value).map_err(bad)?,
            // Credential reports, last-accessed jobs, throttles (`activity.rs`).
            k if crate::activity::ACTIVITY_KINDS.contains(&k) => {
                state.activity.load_record(k, &r.key, &r.value)?
            }
            KIND_OIDC_PROVIDER => {
                let p = serde_json::from_slice::<OidcProvider>(&r.value).map_err(bad)?;
                let a = account_of!(&p.account_id, format!("OIDC provider {}", p.arn));
                a.oidc_providers.insert(p.arn.clone(), p);
            }
            KIND_SAML_PROVIDER => {
                let p = serde_json::from_slice::<SamlProvider>(&r.value).map_err(bad)?;
                let a = account_of!(&p.account_id, format!("SAML provider {}", p.arn));
                a.saml_providers.insert(p.arn.clone(), p);
            }
            // An audit trail of offline root recoveries (`break_glass.rs`): kept, not loaded.
            crate::break_glass::KIND_BREAK_GLASS => {}
            other => return Err(format!("unknown record kind {other}")),
        }
        Ok(())
    }

    /// Every record is in: places those that waited for their account, opens the secrets,
    /// reads the organizations and compiles the policies.
    pub fn finish(mut self, master: &MasterKey) -> Result<State, String> {
        for r in std::mem::take(&mut self.pending) {
            self.apply(r, true)?;
        }
        let mut state = self.state;
        for (account, names) in self.user_names {
            if let Some(a) = state.accounts.get_mut(&account) {
                a.user_names = BTreeMap::from_iter(names);
            }
        }
        for d in self.mfa_devices {
            let seed = master.open(&d.sealed_seed).ok_or_else(|| {
                format!(
                    "MFA device {} cannot be opened with this master key",
                    d.serial_number
                )
            })?;
            let a = state
                .accounts
                .get_mut(&d.account_id)
                .ok_or_else(|| format!("MFA device {} of unknown account", d.serial_number))?;
            a.put_mfa_device(MfaEntry { record: d, seed });
        }
        for k in self.keys {
            let secret = master.open(&k.sealed_secret).ok_or_else(|| {
                format!("access key {} cannot be opened with this master key", k.id)
            })?;
            let a = state
                .accounts
                .get_mut(&k.account_id)
                .ok_or_else(|| format!("key {} of unknown account", k.id))?;
            let owner = match &k.owner {
                KeyOwner::Root => None,
                KeyOwner::User(u) => Some(u.clone()),
            };
            a.user_keys.entry(owner).or_default().push(k.id.clone());
            state
                .keys
                .insert(k.id.clone(), KeyEntry { record: k, secret });
        }
        state.organizations = crate::organizations::Organizations::from_records(self.org_records)?;
        let accounts = &state.accounts;
        state
            .organizations
            .set_partitions(|id| accounts.get(id).map(AccountState::partition));
        for a in state.accounts.values_mut() {
            a.compile_all();
            for ks in a.user_keys.values_mut() {
                ks.sort_by_key(|k| state.keys.get(k).map(|e| e.record.create_date));
            }
        }
        Ok(state)
    }
}

impl State {
    /// The role an `sts:AssumeRole*` request names (`RoleArn`), looked up in its own account:
    /// the exact ARN (path and name as stored, and the account's partition), never a role of a
    /// closed (suspended) account. Roles delegate only within a partition (IAM User Guide:
    /// id_roles_compare-resource-policies): callers with credentials check the role's
    /// partition is theirs.
    pub fn assumable_role(&self, role_arn: &str) -> Option<(&AccountState, &Role)> {
        let (_, account, resource) = crate::arns::split_iam(role_arn)?;
        let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
        if self.organizations.is_suspended(account) {
            return None;
        }
        let acct = self.accounts.get(account)?;
        let role = acct.role_by_name(name)?;
        (role.arn(acct.partition()) == role_arn).then_some((acct, role))
    }
}

/// Rebuilds one credential record into the working set (start-up; see `State::from_records`).
pub(crate) fn load_credential_record(
    state: &mut State,
    kind: &str,
    key: &str,
    value: &[u8],
) -> Result<(), Missing> {
    fn decode<T: serde::de::DeserializeOwned>(
        kind: &str,
        key: &str,
        v: &[u8],
    ) -> Result<T, Missing> {
        serde_json::from_slice(v).map_err(|e| Missing::Bad(format!("record {kind}/{key}: {e}")))
    }
    fn account<'a>(
        state: &'a mut State,
        id: &str,
        what: &str,
    ) -> Result<&'a mut AccountState, Missing> {
        state
            .accounts
            .get_mut(id)
            .ok_or_else(|| Missing::Account(format!("{what} of unknown account {id}")))
    }
    match kind {
        KIND_SSH_KEY => {
            let r: SshPublicKeyRecord = decode(kind, key, value)?;
            let a = account(state, &r.account_id, "SSH public key")?;
            a.ssh_keys.insert((r.user_id.clone(), r.id.clone()), r);
        }
        KIND_SIGNING_CERT => {
            let r: SigningCertificateRecord = decode(kind, key, value)?;
            let a = account(state, &r.account_id, "signing certificate")?;
            let owner = match &r.owner {
                KeyOwner::Root => None,
                KeyOwner::User(u) => Some(u.clone()),
            };
            a.signing_certs.insert((owner, r.id.clone()), r);
        }
        KIND_SERVER_CERT => {
            let r: ServerCertificateRecord = decode(kind, key, value)?;
            let a = account(state, &r.account_id, "server certificate")?;
            a.server_certs.insert(r.name.to_lowercase(), r);
        }
        KIND_SERVICE_CRED => {
            let r: ServiceSpecificCredentialRecord = decode(kind, key, value)?;
            let a = account(state, &r.account_id, "service-specific credential")?;
            a.service_creds.insert((r.user_id.clone(), r.id.clone()), r);
        }
        other => return Err(Missing::Bad(format!("unknown record kind {other}"))),
    }
    Ok(())
}

/// Why a credential record could not be put in place.
#[derive(Debug)]
pub(crate) enum Missing {
    /// Its account is not loaded (yet).
    Account(String),
    /// It does not decode, or is of no credential kind.
    Bad(String),
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Account(m) | Missing::Bad(m) => f.write_str(m),
        }
    }
}
