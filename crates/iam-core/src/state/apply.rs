//! Incremental catch-up (issue #14): the records other nodes changed (`Store::changes_since`),
//! applied to a live working set one by one, each index kept as a full reload would build it.
//! INVARIANT (incremental-catch-up): after `State::apply_changes`, the working set equals the
//! one a full reload of the store would give (persisted entities and every derived index:
//! names, group members, attachments, boundaries, compiled policies, key and MFA owners,
//! organizations); a record it cannot apply (a kind it does not know, an account deleted)
//! makes it answer `Unapplied::Reload` before it changes anything. Check:
//! `cargo test -p iam-core state::apply` and `cargo test -p iamd --test features` (each test's
//! end replays its store's batches incrementally, `common::assert_incremental_replay`).
use super::*;
use crate::store::ChangeSet;

/// Why a change set was not applied record by record.
#[derive(Debug)]
pub enum Unapplied {
    /// It holds what only a full reload handles (nothing was changed).
    Reload(String),
    /// A record did not decode or open (the working set may be half-changed: reload it).
    Failed(String),
}

impl std::fmt::Display for Unapplied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unapplied::Reload(m) | Unapplied::Failed(m) => f.write_str(m),
        }
    }
}

/// The record kinds `apply_changes` knows (any other: a full reload).
const KNOWN: &[&str] = &[
    KIND_ACCOUNT,
    KIND_USER,
    KIND_GROUP,
    KIND_POLICY,
    KIND_KEY,
    KIND_META,
    KIND_ROLE,
    KIND_INSTANCE_PROFILE,
    KIND_ORG,
    KIND_MFA,
    KIND_SSH_KEY,
    KIND_SIGNING_CERT,
    KIND_SERVER_CERT,
    KIND_SERVICE_CRED,
    KIND_OIDC_PROVIDER,
    KIND_SAML_PROVIDER,
    crate::activity::KIND_ACCESS,
    crate::break_glass::KIND_BREAK_GLASS,
];

fn decode<T: serde::de::DeserializeOwned>(r: &Record) -> Result<T, Unapplied> {
    serde_json::from_slice(&r.value)
        .map_err(|e| Unapplied::Failed(format!("record {}/{}: {e}", r.kind, r.key)))
}

fn owner_key(owner: &KeyOwner) -> Option<String> {
    match owner {
        KeyOwner::Root => None,
        KeyOwner::User(id) => Some(id.clone()),
    }
}

/// Compiles one stored document into `compiled` (as `AccountState::compile_all` does).
fn compile(
    compiled: &mut HashMap<String, Arc<iam_policy::Policy>>,
    key: String,
    doc: &str,
    trust: bool,
) {
    let policy = if trust {
        crate::policy_docs::compile_trust(doc)
    } else {
        crate::policy_docs::compile_stored(doc)
    };
    match policy {
        Some(p) => {
            compiled.insert(key, p);
        }
        None => {
            compiled.remove(&key);
            tracing::error!(key, "stored policy no longer parses; it grants nothing");
        }
    }
}

impl State {
    /// Applies what other nodes changed (`changes`) to this working set, record by record
    /// (INVARIANT (incremental-catch-up)). Deletions first (a record both deleted and put
    /// again is only among the puts), then the puts, accounts before what they hold.
    pub fn apply_changes(
        &mut self,
        changes: ChangeSet,
        master: &MasterKey,
    ) -> Result<(), Unapplied> {
        for r in changes.puts.iter().chain(&changes.deletes) {
            let kind = r.kind.as_str();
            if !KNOWN.contains(&kind) && !crate::activity::ACTIVITY_KINDS.contains(&kind) {
                return Err(Unapplied::Reload(format!("record kind {}", r.kind)));
            }
            if r.kind == KIND_META && r.key != "default_account" {
                return Err(Unapplied::Reload(format!("record meta/{}", r.key)));
            }
        }
        if let Some(r) = changes.deletes.iter().find(|r| r.kind == KIND_ACCOUNT) {
            return Err(Unapplied::Reload(format!("account {} deleted", r.key)));
        }
        let orgs_changed = changes
            .puts
            .iter()
            .chain(&changes.deletes)
            .any(|r| r.kind == KIND_ORG);
        let accounts_added = changes.puts.iter().any(|r| r.kind == KIND_ACCOUNT);
        let mut org_records = if orgs_changed {
            Some(self.organizations.records())
        } else {
            None
        };
        for r in &changes.deletes {
            self.unapply(r, org_records.as_mut())?;
        }
        let mut puts = changes.puts;
        // Accounts first: everything else names one.
        puts.sort_by_key(|r| r.kind != KIND_ACCOUNT);
        for r in puts {
            self.apply_put(r, master, org_records.as_mut())?;
        }
        if let Some(records) = org_records {
            self.organizations =
                crate::organizations::Organizations::from_records(records.into_iter().collect())
                    .map_err(Unapplied::Failed)?;
        }
        if orgs_changed || accounts_added {
            let accounts = &self.accounts;
            self.organizations
                .set_partitions(|id| accounts.get(id).map(AccountState::partition));
        }
        Ok(())
    }

    fn account_mut(&mut self, id: &str, what: &Record) -> Result<&mut AccountState, Unapplied> {
        self.accounts.get_mut(id).ok_or_else(|| {
            Unapplied::Failed(format!(
                "record {}/{} of unknown account {id}",
                what.kind, what.key
            ))
        })
    }

    /// Removes the entity a deleted record held (`r.value`: its last value, read for the
    /// account and owner it was under) with every index it was in.
    fn unapply(
        &mut self,
        r: &Record,
        org_records: Option<&mut BTreeMap<String, Vec<u8>>>,
    ) -> Result<(), Unapplied> {
        let id = r.key.as_str();
        match r.kind.as_str() {
            KIND_USER => {
                let u: User = decode(r)?;
                if let Some(a) = self.accounts.get_mut(u.account_id.as_str()) {
                    a.forget_user(id);
                }
            }
            KIND_GROUP => {
                let g: Group = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&g.account_id) {
                    a.forget_group(id);
                }
            }
            KIND_POLICY => {
                let p: ManagedPolicy = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&p.account_id.unwrap_or_default()) {
                    a.forget_policy(id);
                }
            }
            KIND_ROLE => {
                let role: Role = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&role.account_id) {
                    a.remove_role(id);
                }
            }
            KIND_INSTANCE_PROFILE => {
                let p: InstanceProfile = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&p.account_id)
                    && let Some(old) = a.instance_profiles.remove(id)
                {
                    a.instance_profile_names.remove(&old.name.to_lowercase());
                }
            }
            KIND_KEY => self.forget_key(id),
            KIND_MFA => {
                let d: MfaDevice = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&d.account_id) {
                    a.remove_mfa_device(id);
                }
            }
            KIND_SSH_KEY => {
                let k: SshPublicKeyRecord = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&k.account_id) {
                    a.ssh_keys.remove(&(k.user_id, k.id));
                }
            }
            KIND_SIGNING_CERT => {
                let c: SigningCertificateRecord = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&c.account_id) {
                    a.signing_certs.remove(&(owner_key(&c.owner), c.id));
                }
            }
            KIND_SERVER_CERT => {
                let c: ServerCertificateRecord = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&c.account_id) {
                    a.server_certs.retain(|_, s| s.id != id);
                }
            }
            KIND_SERVICE_CRED => {
                let c: ServiceSpecificCredentialRecord = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&c.account_id) {
                    a.service_creds.remove(&(c.user_id, c.id));
                }
            }
            KIND_OIDC_PROVIDER => {
                let p: OidcProvider = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&p.account_id) {
                    a.oidc_providers.remove(id);
                }
            }
            KIND_SAML_PROVIDER => {
                let p: SamlProvider = decode(r)?;
                if let Some(a) = self.accounts.get_mut(&p.account_id) {
                    a.saml_providers.remove(id);
                }
            }
            KIND_META => self.default_account = None,
            KIND_ORG => {
                if let Some(records) = org_records {
                    records.remove(id);
                }
            }
            crate::activity::KIND_ACCESS => self
                .activity
                .forget(&r.value)
                .map_err(|e| Unapplied::Failed(format!("record {}/{}: {e}", r.kind, r.key)))?,
            // Reports, jobs, throttle buckets and console sessions: whole records, no index.
            kind if crate::activity::ACTIVITY_KINDS.contains(&kind) => {
                self.activity.unload_record(kind, id)
            }
            _ => {}
        }
        Ok(())
    }

    /// Puts a record's entity in place of the one it replaces, with every index.
    fn apply_put(
        &mut self,
        r: Record,
        master: &MasterKey,
        org_records: Option<&mut BTreeMap<String, Vec<u8>>>,
    ) -> Result<(), Unapplied> {
        match r.kind.as_str() {
            KIND_ACCOUNT => {
                let account: Account = decode(&r)?;
                match self.accounts.get_mut(&account.id) {
                    Some(a) => a.account = account,
                    None => {
                        self.accounts
                            .insert(account.id.clone(), AccountState::new(account));
                    }
                }
            }
            KIND_USER => {
                let u: User = decode(&r)?;
                let a = self.account_mut(&u.account_id.clone(), &r)?;
                a.forget_user(&u.id);
                for (name, doc) in &u.inline_policies {
                    compile(&mut a.compiled, compiled_key_user(&u.id, name), doc, false);
                }
                a.replace_user(u);
            }
            KIND_GROUP => {
                let g: Group = decode(&r)?;
                let a = self.account_mut(&g.account_id.clone(), &r)?;
                a.forget_group(&g.id);
                for (name, doc) in &g.inline_policies {
                    compile(&mut a.compiled, compiled_key_group(&g.id, name), doc, false);
                }
                a.replace_group(g);
            }
            KIND_POLICY => {
                let p: ManagedPolicy = decode(&r)?;
                let a = self.account_mut(&p.account_id.clone().unwrap_or_default(), &r)?;
                a.forget_policy(&p.id);
                compile(
                    &mut a.compiled,
                    compiled_key_managed(&p.id),
                    p.default_document(),
                    false,
                );
                a.policy_names.insert(p.name.to_lowercase(), p.id.clone());
                a.policies.insert(p.id.clone(), p);
            }
            KIND_ROLE => {
                let role: Role = decode(&r)?;
                let a = self.account_mut(&role.account_id.clone(), &r)?;
                a.remove_role(&role.id);
                compile(
                    &mut a.compiled,
                    compiled_key_trust(&role.id),
                    &role.assume_role_policy,
                    true,
                );
                for (name, doc) in &role.inline_policies {
                    compile(
                        &mut a.compiled,
                        compiled_key_role(&role.id, name),
                        doc,
                        false,
                    );
                }
                a.replace_role(role);
            }
            KIND_INSTANCE_PROFILE => {
                let p: InstanceProfile = decode(&r)?;
                let a = self.account_mut(&p.account_id.clone(), &r)?;
                if let Some(old) = a.instance_profiles.remove(&p.id) {
                    a.instance_profile_names.remove(&old.name.to_lowercase());
                }
                a.instance_profile_names
                    .insert(p.name.to_lowercase(), p.id.clone());
                a.instance_profiles.insert(p.id.clone(), p);
            }
            KIND_KEY => {
                let k: AccessKeyRecord = decode(&r)?;
                let secret = master.open(&k.sealed_secret).ok_or_else(|| {
                    Unapplied::Failed(format!(
                        "access key {} cannot be opened with this master key",
                        k.id
                    ))
                })?;
                self.account_mut(&k.account_id.clone(), &r)?;
                self.forget_key(&k.id);
                let keys = &self.keys;
                if let Some(a) = self.accounts.get_mut(&k.account_id) {
                    let list = a.user_keys.entry(owner_key(&k.owner)).or_default();
                    list.push(k.id.clone());
                    let created = k.create_date;
                    let id = k.id.clone();
                    list.sort_by_key(|other| {
                        if *other == id {
                            Some(created)
                        } else {
                            keys.get(other).map(|e| e.record.create_date)
                        }
                    });
                }
                self.keys
                    .insert(k.id.clone(), KeyEntry { record: k, secret });
            }
            KIND_MFA => {
                let d: MfaDevice = decode(&r)?;
                let seed = master.open(&d.sealed_seed).ok_or_else(|| {
                    Unapplied::Failed(format!(
                        "MFA device {} cannot be opened with this master key",
                        d.serial_number
                    ))
                })?;
                let a = self.account_mut(&d.account_id.clone(), &r)?;
                a.remove_mfa_device(&d.serial_number);
                a.put_mfa_device(MfaEntry { record: d, seed });
            }
            KIND_SSH_KEY | KIND_SIGNING_CERT | KIND_SERVER_CERT | KIND_SERVICE_CRED => {
                if r.kind == KIND_SERVER_CERT {
                    // Its name (the map's key) may have changed: the old entry goes by ID.
                    let c: ServerCertificateRecord = decode(&r)?;
                    if let Some(a) = self.accounts.get_mut(&c.account_id) {
                        a.server_certs.retain(|_, s| s.id != c.id);
                    }
                }
                // The other kinds are keyed by (owner, ID), which never change: replaced.
                load_credential_record(self, &r.kind, &r.key, &r.value)
                    .map_err(|e| Unapplied::Failed(e.to_string()))?;
            }
            KIND_OIDC_PROVIDER => {
                let p: OidcProvider = decode(&r)?;
                let a = self.account_mut(&p.account_id.clone(), &r)?;
                a.oidc_providers.insert(p.arn.clone(), p);
            }
            KIND_SAML_PROVIDER => {
                let p: SamlProvider = decode(&r)?;
                let a = self.account_mut(&p.account_id.clone(), &r)?;
                a.saml_providers.insert(p.arn.clone(), p);
            }
            KIND_META => {
                self.default_account = Some(String::from_utf8_lossy(&r.value).into_owned());
            }
            KIND_ORG => {
                if let Some(records) = org_records {
                    records.insert(r.key, r.value);
                }
            }
            crate::activity::KIND_ACCESS => self
                .activity
                .load_newer(&r.value)
                .map_err(|e| Unapplied::Failed(format!("record {}/{}: {e}", r.kind, r.key)))?,
            kind if crate::activity::ACTIVITY_KINDS.contains(&kind) => self
                .activity
                .load_record(kind, &r.key, &r.value)
                .map_err(Unapplied::Failed)?,
            _ => {}
        }
        Ok(())
    }

    /// Removes access key `id` from the key map and its owner's list.
    fn forget_key(&mut self, id: &str) {
        let Some(old) = self.keys.remove(id) else {
            return;
        };
        let owner = owner_key(&old.record.owner);
        if let Some(a) = self.accounts.get_mut(&old.record.account_id)
            && let Some(list) = a.user_keys.get_mut(&owner)
        {
            list.retain(|k| k != id);
            if list.is_empty() {
                a.user_keys.remove(&owner);
            }
        }
    }
}

impl AccountState {
    /// Removes user `id` with its indexes and compiled inline policies (its access keys are
    /// records of their own).
    fn forget_user(&mut self, id: &str) {
        if let Some(old) = self.users.remove(id) {
            self.unindex_user(&old);
            for name in old.inline_policies.keys() {
                self.compiled.remove(&compiled_key_user(id, name));
            }
            for g in &old.groups {
                if self.group_members.get(g).is_some_and(BTreeSet::is_empty) {
                    self.group_members.remove(g);
                }
            }
            self.drop_empty_attachments(&old.attached_policies);
            if let Some(b) = &old.permissions_boundary
                && self.boundary_usage.get(b) == Some(&0)
            {
                self.boundary_usage.remove(b);
            }
        }
    }

    /// Removes group `id` with its indexes and compiled inline policies (its members are
    /// users' records).
    fn forget_group(&mut self, id: &str) {
        if let Some(old) = self.groups.remove(id) {
            self.unindex_group(&old);
            for name in old.inline_policies.keys() {
                self.compiled.remove(&compiled_key_group(id, name));
            }
            self.drop_empty_attachments(&old.attached_policies);
        }
    }

    /// Removes managed policy `id` with its name and compiled form (who has it attached is
    /// the users', groups' and roles' records).
    fn forget_policy(&mut self, id: &str) {
        if let Some(old) = self.policies.remove(id) {
            self.policy_names.remove(&old.name.to_lowercase());
            self.compiled.remove(&compiled_key_managed(id));
        }
    }

    fn drop_empty_attachments(&mut self, arns: &[String]) {
        for p in arns {
            if self.attachments.get(p).is_some_and(|a| a.count() == 0) {
                self.attachments.remove(p);
            }
        }
    }
}

impl State {
    /// What the working set derives from its records, in a canonical form: every name index,
    /// group members, policy attachments, boundary counts, which policies are compiled, key and
    /// MFA owners, key lookups and the organizations' derived maps (empty sets and zero counts
    /// left out: a deletion may leave them where a reload has none). With `persisted_snapshot`,
    /// tests compare an incrementally caught-up state with a reloaded one.
    pub fn derived_snapshot(&self) -> serde_json::Value {
        use serde_json::json;
        fn sorted<T: Ord + Clone>(items: impl IntoIterator<Item = T>) -> Vec<T> {
            let mut v: Vec<T> = items.into_iter().collect();
            v.sort();
            v
        }
        let accounts: BTreeMap<&String, serde_json::Value> = self
            .accounts
            .iter()
            .map(|(id, a)| {
                let members: BTreeMap<&String, &BTreeSet<String>> = a
                    .group_members
                    .iter()
                    .filter(|(_, m)| !m.is_empty())
                    .collect();
                let attachments: BTreeMap<&String, serde_json::Value> = a
                    .attachments
                    .iter()
                    .filter(|(_, at)| at.count() > 0)
                    .map(|(arn, at)| (arn, json!([at.users, at.groups, at.roles])))
                    .collect();
                let boundaries: BTreeMap<&String, &usize> =
                    a.boundary_usage.iter().filter(|(_, n)| **n > 0).collect();
                let user_keys: BTreeMap<String, Vec<&String>> = a
                    .user_keys
                    .iter()
                    .filter(|(_, k)| !k.is_empty())
                    .map(|(o, k)| (o.clone().unwrap_or_default(), sorted(k.iter())))
                    .collect();
                let mfa_owners: BTreeMap<String, &BTreeSet<String>> = a
                    .mfa_by_owner
                    .iter()
                    .filter(|(_, s)| !s.is_empty())
                    .map(|(o, s)| (o.clone().unwrap_or_default(), s))
                    .collect();
                let snapshot = json!({
                    "user_names": a.user_names.iter().collect::<Vec<_>>(),
                    "users": sorted(a.users.iter().map(|(id, _)| id.to_string())),
                    "group_names": a.group_names,
                    "policy_names": a.policy_names,
                    "role_names": a.role_names,
                    "instance_profile_names": a.instance_profile_names,
                    "group_members": members,
                    "attachments": attachments,
                    "boundary_usage": boundaries,
                    "compiled": sorted(a.compiled.keys()),
                    "user_keys": user_keys,
                    "mfa_names": a.mfa_names.iter().collect::<BTreeMap<_, _>>(),
                    "mfa_by_owner": mfa_owners,
                    "server_certs": a.server_certs.keys().collect::<Vec<_>>(),
                });
                (id, snapshot)
            })
            .collect();
        let keys: BTreeMap<&String, (&String, bool)> = self
            .keys
            .iter()
            .map(|(id, e)| (id, (&e.record.account_id, !e.secret.expose().is_empty())))
            .collect();
        let orgs: BTreeMap<&String, serde_json::Value> = self
            .organizations
            .by_id
            .iter()
            .map(|(id, o)| {
                let targets: BTreeMap<&String, &BTreeSet<String>> =
                    o.by_target.iter().filter(|(_, s)| !s.is_empty()).collect();
                (
                    id,
                    json!({
                        "compiled": sorted(o.compiled.keys()),
                        "by_target": targets,
                        "partition": o.partition.to_string(),
                    }),
                )
            })
            .collect();
        json!({
            "accounts": accounts,
            "keys": keys,
            "organizations": orgs,
            "account_org": self.organizations.account_org.iter().collect::<BTreeMap<_, _>>(),
        })
    }
}

/// The property of INVARIANT (incremental-catch-up), for test harnesses: a store held
/// `initial` records, then committed `batches` (in order); a node that loaded the records after
/// any of several batches and applied the changes since must hold what `reloaded` (a full load
/// of the store now) holds, persisted entities and derived indexes. `Err`: the first difference.
pub fn check_incremental_replay(
    initial: &BTreeMap<(String, String), Vec<u8>>,
    batches: &[Vec<Change>],
    reloaded: &State,
    master: &MasterKey,
) -> Result<(), String> {
    fn view(state: &State) -> String {
        format!(
            "{:#}\n{:#}",
            state.persisted_snapshot(),
            state.derived_snapshot()
        )
    }
    let expected = view(reloaded);
    let n = batches.len();
    let mut starts: Vec<usize> = vec![0, n / 3, n / 2, (2 * n) / 3, n.saturating_sub(1)];
    starts.extend((1..=4).map(|i| (i * 7919) % (n + 1)));
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        let mut before = initial.clone();
        for batch in &batches[..start] {
            for c in batch {
                match c {
                    Change::Put { kind, key, value } => {
                        before.insert((kind.to_string(), key.clone()), value.clone());
                    }
                    Change::Delete { kind, key } => {
                        before.remove(&(kind.to_string(), key.clone()));
                    }
                    Change::DeleteAll => before.clear(),
                    Change::Event(_) => {}
                }
            }
        }
        let rest = &batches[start..];
        // A reset: only a full reload is right (and is what a node does).
        let Some(set) = ChangeSet::of_batches(&before, rest.iter().map(Vec::as_slice), 0) else {
            continue;
        };
        let records = before
            .iter()
            .map(|((kind, key), value)| Record {
                kind: kind.clone(),
                key: key.clone(),
                value: value.clone(),
            })
            .collect();
        let mut follower = State::from_records(records, master)
            .map_err(|e| format!("the records after batch {start} do not load: {e}"))?;
        match follower.apply_changes(set, master) {
            Ok(()) => {}
            Err(Unapplied::Reload(_)) => continue,
            Err(e) => {
                return Err(format!(
                    "incremental catch-up from batch {start} of {n} failed: {e}"
                ));
            }
        }
        let got = view(&follower);
        if got != expected {
            return Err(format!(
                "a node that loaded the records after batch {start} of {n} and applied the \
                 changes since (incremental catch-up) differs from a full reload \
                 (- reload, + incremental):\n{}",
                crate::service::line_diff(&expected, &got)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
