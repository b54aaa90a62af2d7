//! `Iam`: the domain service. Owns the working set behind one lock and the store; every
//! mutation runs through `write`, which applies it in memory and submits its record changes
//! under the lock (so store order = memory order) and returns only once they are durable.
use crate::entities::*;
use crate::error::{IamError, IamResult};
use crate::ids::{IdKind, new_account_id, new_id, new_secret_access_key};
use crate::secrets::{MasterKey, Secret};
use crate::sessions::{OpenedTokens, SessionClaims, SessionKind};
use crate::state::*;
use crate::store::{Store, StoreError};
use iam_partitions::Partition;
use parking_lot::RwLock;
use std::sync::Arc;

/// Who is calling, established by authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: String,
    /// The account's partition (`Account::partition`): the caller's ARNs carry it, and a
    /// request signed for a region of another partition is refused.
    pub partition: Partition,
    pub principal: Principal,
    pub access_key_id: String,
    /// Set when the caller signed with temporary credentials.
    pub session: Option<Arc<SessionClaims>>,
    /// When MFA was last verified for this caller: from its session, or from an MFA code
    /// carried by this very request (AssumeRole / GetSessionToken SerialNumber + TokenCode).
    pub mfa_auth_time: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Root,
    User {
        id: String,
        name: String,
        arn: String,
    },
    /// A role session from AssumeRole.
    AssumedRole {
        role_id: String,
        role_name: String,
        /// The role's ARN (with path).
        role_arn: String,
        session_name: String,
    },
    /// A federated user session from GetFederationToken, on behalf of an IAM user (`None`:
    /// the root user).
    FederatedUser {
        user_id: Option<String>,
        name: String,
    },
}

impl Caller {
    pub fn arn(&self) -> String {
        let p = self.partition;
        match &self.principal {
            Principal::Root => crate::arns::root(p, &self.account_id),
            Principal::User { arn, .. } => arn.clone(),
            Principal::AssumedRole {
                role_name,
                session_name,
                ..
            } => crate::arns::sts(
                p,
                &self.account_id,
                &format!("assumed-role/{role_name}/{session_name}"),
            ),
            Principal::FederatedUser { name, .. } => {
                crate::arns::sts(p, &self.account_id, &format!("federated-user/{name}"))
            }
        }
    }
    pub fn user_id(&self) -> String {
        match &self.principal {
            Principal::Root => self.account_id.clone(),
            Principal::User { id, .. } => id.clone(),
            Principal::AssumedRole {
                role_id,
                session_name,
                ..
            } => format!("{role_id}:{session_name}"),
            Principal::FederatedUser { name, .. } => format!("{}:{name}", self.account_id),
        }
    }
}

/// What authentication needs to know about an access key.
#[derive(Debug, Clone)]
pub struct KeyAuth {
    pub secret: Secret,
    pub active: bool,
    pub caller: Caller,
}

/// Root credentials created for a new account, to be shown once.
#[derive(Debug, Clone)]
pub struct NewRootCredentials {
    pub account_id: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

/// Per-account quotas (AWS's defaults; raised by operators as AWS raises them on request).
#[derive(Debug, Clone)]
pub struct Quotas {
    pub users_per_account: usize,
    pub groups_per_account: usize,
    pub policies_per_account: usize,
    pub roles_per_account: usize,
    pub instance_profiles_per_account: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            users_per_account: 5000,
            groups_per_account: 300,
            policies_per_account: 1500,
            roles_per_account: 1000,
            instance_profiles_per_account: 1000,
        }
    }
}

pub struct Iam {
    pub(crate) state: RwLock<State>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) master: MasterKey,
    pub quotas: Quotas,
    pub enforcement: crate::authz::EnforcementMode,
    /// Keys whose last-used data changed since the last flush (see `flush_key_usage`).
    dirty_keys: parking_lot::Mutex<std::collections::HashSet<String>>,
    /// Bumped by every `write` under the write lock: caches derived from the state (the
    /// identity-policy cache) compare against it.
    pub(crate) generation: std::sync::atomic::AtomicU64,
    /// One reload from a shared store at a time (`catch_up`).
    catching_up: parking_lot::Mutex<()>,
    /// Catch-ups so far: applied record by record, and reloaded whole (`catch_up_counts`).
    catch_ups: [std::sync::atomic::AtomicU64; 2],
    /// This server's number within the process: the key of its entries in per-thread caches.
    pub(crate) instance: u64,
    /// Session tokens already opened (decrypted and decoded), by exact token.
    opened_tokens: OpenedTokens,
    /// GetWebIdentityToken's signing keys, derived from the master key on first use.
    pub(crate) signing_keys: std::sync::OnceLock<crate::jwt::SigningKeys>,
    /// The URL clients reach this server at (`iamd serve --public-url`, or the listening
    /// address): outbound identity federation issuers are published under it.
    pub public_url: std::sync::OnceLock<String>,
}

impl std::fmt::Debug for Iam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iam").finish_non_exhaustive()
    }
}

/// Numbers the `Iam` instances of a process (tests run many).
static NEXT_INSTANCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Iam {
    pub fn open(store: Arc<dyn Store>, master: MasterKey) -> Result<Self, StoreError> {
        // Each record is decoded and put in place as the store reads it (INVARIANT
        // (streaming-load) in `state.rs`).
        let started = std::time::Instant::now();
        let mut loader = crate::state::Loader::default();
        store.load_each(&mut |r| loader.add(r).map_err(StoreError))?;
        let records = loader.records;
        let state = loader.finish(&master).map_err(StoreError)?;
        tracing::info!(
            records,
            users = state
                .accounts
                .values()
                .map(|a| a.users.len())
                .sum::<usize>(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "working set loaded"
        );
        store.caught_up();
        Ok(Self {
            state: RwLock::new(state),
            store,
            master,
            quotas: Quotas::default(),
            enforcement: crate::authz::EnforcementMode::Enforce,
            dirty_keys: Default::default(),
            generation: std::sync::atomic::AtomicU64::new(0),
            catching_up: parking_lot::Mutex::new(()),
            catch_ups: Default::default(),
            instance: NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            opened_tokens: OpenedTokens::default(),
            signing_keys: std::sync::OnceLock::new(),
            public_url: std::sync::OnceLock::new(),
        })
    }

    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.state.read())
    }

    /// Applies `f` to the working set and waits until its record changes are durable (inside a
    /// request: the request's `RequestAudit` waits, once its event is complete).
    /// INVARIANT (validate-then-mutate): `f` returns `Err` only before it has changed anything.
    pub async fn write<R>(
        &self,
        f: impl FnOnce(&mut State, &mut Tx) -> IamResult<R>,
    ) -> IamResult<R> {
        let audit = crate::audit::RequestAudit::current();
        // INVARIANT (cluster-serial-writes): on a shared store, the write runs under the
        // cluster's write lock against a working set holding every change committed before.
        let turn = self
            .store
            .write_turn()
            .await
            .map_err(|e| IamError::ServiceFailure(e.0))?;
        if turn.head > self.store.applied() {
            self.catch_up(turn.head)
                .map_err(|e| IamError::ServiceFailure(e.0))?;
        }
        let (result, ack) = {
            let mut state = self.state.write();
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::Release);
            let mut tx = Tx::default();
            let result = f(&mut state, &mut tx)?;
            if tx.changes.is_empty() {
                return Ok(result);
            }
            // INVARIANT (event-with-write): inside a request, its first batch that changes
            // something carries the request's event, so both commit in one transaction; the
            // batch's acknowledgement is awaited once the event is complete
            // (`RequestAudit::durable`, before the response is sent), not here.
            if let Some(pending) = audit.as_ref().and_then(|a| a.carry()) {
                tx.changes.push(crate::store::Change::Event(pending));
            }
            // INVARIANT (ordered-commit): submitted while holding the lock.
            (result, self.store.submit(tx.changes))
        };
        drop(turn);
        if let Some(audit) = audit {
            audit.defer(ack);
            return Ok(result);
        }
        match ack.await {
            Ok(Ok(())) => Ok(result),
            Ok(Err(e)) => Err(IamError::ServiceFailure(e.0)),
            Err(_) => Err(IamError::ServiceFailure("store writer stopped".into())),
        }
    }

    /// Several nodes on one store: brings the working set up to the store's (other nodes'
    /// changes up to at least `head`). Incremental when the store can say what changed since
    /// the change this node holds (`Store::changes_since`): only those records are applied
    /// (INVARIANT (incremental-catch-up) in `state/apply.rs`); otherwise (a reset, a log that
    /// no longer reaches back, a kind it cannot apply) the working set is reloaded whole. Either
    /// way it keeps what this node holds only in memory (usage not yet flushed, limiters,
    /// reports and jobs), and caches derived from the state are dropped (the generation
    /// moves). Returns whether it changed the working set (`false`: already at `head`).
    pub fn catch_up(&self, head: i64) -> Result<bool, StoreError> {
        let _one = self.catching_up.lock();
        let applied = self.store.applied();
        if applied >= head {
            return Ok(false);
        }
        let started = std::time::Instant::now();
        if let Some(changes) = self.store.changes_since(applied)? {
            let (to, records) = (changes.head, changes.puts.len() + changes.deletes.len());
            match self.apply_changes(changes) {
                Ok(()) => {
                    self.store.caught_up();
                    self.catch_ups[0].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::debug!(
                        head = to,
                        records,
                        took_ms = started.elapsed().as_millis() as u64,
                        "caught up with the shared store (incremental)"
                    );
                    return Ok(true);
                }
                Err(crate::state::Unapplied::Reload(why)) => {
                    tracing::debug!(why, "catch-up needs a full reload");
                }
                Err(crate::state::Unapplied::Failed(why)) => {
                    tracing::warn!(why, "incremental catch-up failed; reloading");
                }
            }
        }
        self.reload()?;
        self.catch_ups[1].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::debug!(
            head,
            took_ms = started.elapsed().as_millis() as u64,
            "caught up with the shared store (full reload)"
        );
        Ok(true)
    }

    /// How many times this node caught up with other nodes' changes: (record by record, by a
    /// full reload) — `/metrics`' `iamd_cluster_catch_ups_total{mode}`.
    pub fn catch_up_counts(&self) -> (u64, u64) {
        (
            self.catch_ups[0].load(std::sync::atomic::Ordering::Relaxed),
            self.catch_ups[1].load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// Applies other nodes' changes to the live working set (`catch_up`), keeping the usage
    /// this node noted and has not flushed yet over what the changed records carry.
    fn apply_changes(
        &self,
        changes: crate::store::ChangeSet,
    ) -> Result<(), crate::state::Unapplied> {
        let mut state = self.state.write();
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        let put = |kind: &str| -> std::collections::HashSet<String> {
            changes
                .puts
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.key.clone())
                .collect()
        };
        let (put_keys, put_users) = (put(crate::state::KIND_KEY), put(crate::state::KIND_USER));
        let kept_keys: Vec<_> = self
            .dirty_keys
            .lock()
            .iter()
            .filter(|id| put_keys.contains(*id))
            .filter_map(|id| {
                let e = state.keys.get(id)?;
                Some((id.clone(), e.record.last_used.clone()))
            })
            .collect();
        let kept_users: Vec<_> = state
            .activity
            .dirty_users
            .lock()
            .iter()
            .filter(|(_, user)| put_users.contains(user))
            .filter_map(|(account, user)| {
                let used = state
                    .accounts
                    .get(account)?
                    .users
                    .get(user)?
                    .password_last_used;
                Some((account.clone(), user.clone(), used))
            })
            .collect();
        state.apply_changes(changes, &self.master)?;
        for (id, used) in kept_keys {
            if let Some(e) = state.keys.get_mut(&id) {
                e.record.last_used = used;
            }
        }
        for (account, user, used) in kept_users {
            if let Some(u) = state
                .accounts
                .get_mut(&account)
                .and_then(|a| a.users.get_mut(&user))
            {
                u.password_last_used = used.max(u.password_last_used);
            }
        }
        Ok(())
    }

    /// `catch_up`'s full reload: the whole working set read again from the store, streamed
    /// as at start-up (INVARIANT (streaming-load)).
    fn reload(&self) -> Result<(), StoreError> {
        let mut loader = crate::state::Loader::default();
        self.store
            .load_each(&mut |r| loader.add(r).map_err(StoreError))?;
        let mut fresh = loader.finish(&self.master).map_err(StoreError)?;
        let mut state = self.state.write();
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        fresh.activity.carry_over(&mut state.activity);
        for id in self.dirty_keys.lock().iter() {
            if let (Some(old), Some(new)) = (state.keys.get(id), fresh.keys.get_mut(id)) {
                // The newer use wins: another node may have flushed a later one.
                let newer = |l: &Option<crate::entities::KeyLastUsed>| l.as_ref().map(|l| l.date);
                if newer(&old.record.last_used) > newer(&new.record.last_used) {
                    new.record.last_used = old.record.last_used.clone();
                }
            }
        }
        for (account, user) in fresh.activity.dirty_users.lock().iter() {
            let used = state
                .accounts
                .get(account)
                .and_then(|a| a.users.get(user))
                .and_then(|u| u.password_last_used);
            if let Some(u) = fresh
                .accounts
                .get_mut(account)
                .and_then(|a| a.users.get_mut(user))
            {
                u.password_last_used = used.max(u.password_last_used);
            }
        }
        *state = fresh;
        drop(state);
        self.store.caught_up();
        Ok(())
    }

    /// Several nodes on one store: follows the changes other nodes commit (woken by the store,
    /// which also polls) and applies them, so a write made elsewhere is seen here within the
    /// documented bound. Returns at once for a store one process owns.
    pub async fn follow_store(self: Arc<Self>) {
        let Some(mut changes) = self.store.changes() else {
            return;
        };
        loop {
            let head = *changes.borrow_and_update();
            if head > self.store.applied() {
                // Under the cluster's write lock, so no write of this node is half-applied.
                // What to catch up to is the turn's head: the newest change when this node took
                // the lock. A newer `head` heard while the lock was already held is this node's
                // own commit, not yet counted as applied (never a reason to reload).
                match self.store.write_turn().await {
                    Ok(turn) if turn.head > self.store.applied() => {
                        let target = turn.head;
                        let iam = self.clone();
                        let result =
                            tokio::task::spawn_blocking(move || iam.catch_up(target)).await;
                        drop(turn);
                        if let Ok(Err(e)) = result {
                            tracing::warn!(error = %e, "could not catch up with the shared store");
                            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                        }
                    }
                    Ok(turn) => {
                        drop(turn);
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not take the cluster's write lock");
                        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    }
                }
                continue;
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    }

    /// Whether the store answers and the working set is current (`GET /ready`).
    pub fn store_readiness(&self) -> Result<(), String> {
        self.store.readiness()
    }

    pub fn default_account(&self) -> Option<String> {
        self.state.read().default_account.clone()
    }

    /// Creates the default account with root credentials on first start (returned to be shown
    /// once); later starts return `None`. `account_id` fixes the ID (open mode's `--account-id`),
    /// `partition` the partition it is created in (`iamd serve --partition`).
    pub async fn ensure_default_account(
        &self,
        account_id: Option<&str>,
        partition: Partition,
    ) -> IamResult<Option<NewRootCredentials>> {
        if let Some(existing) = self.default_account()
            && account_id.is_none_or(|want| want == existing)
        {
            return Ok(None);
        }
        let id = account_id.map_or_else(new_account_id, str::to_string);
        let secret = new_secret_access_key();
        let sealed = self.master.seal(&secret);
        let wanted = account_id.map(str::to_string);
        // One write: on a shared store, nodes starting together create one default account.
        let creds = self
            .write(move |state, tx| {
                if let Some(existing) = &state.default_account
                    && wanted.as_ref().is_none_or(|w| w == existing)
                {
                    return Ok(None);
                }
                let creds = if state.accounts.contains_key(&id) {
                    None
                } else {
                    let account = Account {
                        id: id.clone(),
                        partition,
                        create_date: now(),
                        aliases: Vec::new(),
                        password_policy: None,
                        global_endpoint_token_version: None,
                        outbound_federation: None,
                    };
                    state.put_account(tx, account);
                    Some(add_root_access_key(state, tx, &id, secret, sealed))
                };
                state.default_account = Some(id.clone());
                tx.changes.push(crate::store::Change::Put {
                    kind: KIND_META,
                    key: "default_account".into(),
                    value: id.into_bytes(),
                });
                Ok(creds)
            })
            .await?;
        Ok(creds)
    }

    /// Creates an account in `partition` and its root access key; `None` if it exists already
    /// (in whatever partition: an account's partition never changes).
    pub async fn create_account(
        &self,
        id: &str,
        partition: Partition,
    ) -> IamResult<Option<NewRootCredentials>> {
        let secret = new_secret_access_key();
        let sealed = self.master.seal(&secret);
        let id = id.to_string();
        self.write(move |state, tx| {
            if state.accounts.contains_key(&id) {
                return Ok(None);
            }
            let account = Account {
                id: id.clone(),
                partition,
                create_date: now(),
                aliases: Vec::new(),
                password_policy: None,
                global_endpoint_token_version: None,
                outbound_federation: None,
            };
            state.put_account(tx, account);
            Ok(Some(add_root_access_key(state, tx, &id, secret, sealed)))
        })
        .await
    }

    /// The partition of an account (`None`: no such account).
    pub fn account_partition(&self, account_id: &str) -> Option<Partition> {
        self.state
            .read()
            .accounts
            .get(account_id)
            .map(AccountState::partition)
    }

    /// Whether the account was closed (Organizations CloseAccount): its principals are
    /// refused at authentication, whatever key or session they present.
    pub fn account_suspended(&self, account_id: &str) -> bool {
        self.state.read().organizations.is_suspended(account_id)
    }

    /// Resolves an access key ID to its secret and principal.
    pub fn lookup_key(&self, access_key_id: &str) -> Option<KeyAuth> {
        let state = self.state.read();
        let entry = state.keys.get(access_key_id)?;
        let rec = &entry.record;
        let acct = state.accounts.get(&rec.account_id)?;
        let principal = match &rec.owner {
            KeyOwner::Root => Principal::Root,
            KeyOwner::User(uid) => {
                let u = acct.users.get(uid)?;
                Principal::User {
                    id: u.id.to_string(),
                    name: u.name.to_string(),
                    arn: u.arn(acct.partition()),
                }
            }
        };
        Some(KeyAuth {
            secret: entry.secret.clone(),
            active: rec.status == KeyStatus::Active,
            caller: Caller {
                account_id: rec.account_id.clone(),
                partition: acct.partition(),
                principal,
                access_key_id: access_key_id.to_string(),
                session: None,
                mfa_auth_time: None,
            },
        })
    }

    /// Resolves temporary credentials from their session token.
    pub fn lookup_session(&self, access_key_id: &str, token: &str) -> IamResult<KeyAuth> {
        let invalid = || {
            IamError::InvalidClientTokenId(
                "The security token included in the request is invalid.".into(),
            )
        };
        // Opened once per distinct token; the checks below run on every request.
        let claims = self
            .opened_tokens
            .open(&self.master, token)
            .ok_or_else(invalid)?;
        if claims.access_key_id != access_key_id {
            return Err(invalid());
        }
        if claims.expires <= now() {
            return Err(IamError::ExpiredToken(
                "The security token included in the request is expired".into(),
            ));
        }
        let state = self.state.read();
        let acct = state.accounts.get(&claims.account_id).ok_or_else(invalid)?;
        let principal = match &claims.kind {
            SessionKind::Root | SessionKind::RootTask { .. } => Principal::Root,
            SessionKind::User { user_id } => {
                let u = acct.users.get(user_id).ok_or_else(invalid)?;
                Principal::User {
                    id: u.id.to_string(),
                    name: u.name.to_string(),
                    arn: u.arn(acct.partition()),
                }
            }
            SessionKind::AssumedRole {
                role_id,
                role_name,
                role_arn,
                session_name,
            } => Principal::AssumedRole {
                role_id: role_id.clone(),
                role_name: role_name.clone(),
                role_arn: role_arn.clone(),
                session_name: session_name.clone(),
            },
            SessionKind::FederatedUser { user_id, name } => {
                // The user the session was issued for must still exist.
                if let Some(u) = user_id {
                    acct.users.get(u).ok_or_else(invalid)?;
                }
                Principal::FederatedUser {
                    user_id: user_id.clone(),
                    name: name.clone(),
                }
            }
        };
        Ok(KeyAuth {
            secret: Secret::new(claims.secret_access_key.clone()),
            active: true,
            caller: Caller {
                account_id: claims.account_id.clone(),
                partition: acct.partition(),
                principal,
                access_key_id: access_key_id.to_string(),
                mfa_auth_time: claims.mfa_auth_time,
                session: Some(claims),
            },
        })
    }

    /// Records a key's last use in memory only: no disk write on the request path.
    /// (Persisted with the key record's next write.)
    pub fn note_key_used(&self, access_key_id: &str, service: &str, region: &str) {
        let t = now();
        {
            let state = self.state.read();
            if let Some(e) = state.keys.get(access_key_id) {
                // Cheap check first: a minute's resolution is enough for LastUsedDate, but a
                // use of another service or region is recorded at once (AWS-recorded:
                // test_iam_users.snapshot.json `test_access_key_last_used` shows the IAM call
                // made right after an STS one).
                if e.record
                    .last_used
                    .as_ref()
                    .is_some_and(|l| t - l.date < 60 && l.service == service && l.region == region)
                {
                    return;
                }
            } else {
                return;
            }
        }
        let mut state = self.state.write();
        if let Some(e) = state.keys.get_mut(access_key_id) {
            e.record.last_used = Some(KeyLastUsed {
                date: t,
                service: service.to_string(),
                region: region.to_string(),
            });
            self.dirty_keys.lock().insert(access_key_id.to_string());
        }
    }

    /// Persists last-used data of keys used since the previous flush, in one batch. Run
    /// periodically and at shutdown, so the request path never waits for a disk write.
    pub async fn flush_key_usage(&self) -> IamResult<usize> {
        let dirty: Vec<String> = self.dirty_keys.lock().drain().collect();
        if dirty.is_empty() {
            return Ok(0);
        }
        self.write(|state, tx| {
            let mut n = 0;
            for id in &dirty {
                if let Some(e) = state.keys.get(id) {
                    tx.put(KIND_KEY, id, &e.record);
                    n += 1;
                }
            }
            Ok(n)
        })
        .await
    }

    /// Open mode's reset: forget everything (like moto's `/moto-api/reset`), then recreate
    /// the default account with the same ID.
    pub async fn reset(&self) -> IamResult<()> {
        let default = self.default_account();
        let partition = default
            .as_deref()
            .and_then(|id| self.account_partition(id))
            .unwrap_or_default();
        self.write(|state, tx| {
            *state = State::default();
            tx.delete_all();
            Ok(())
        })
        .await?;
        self.ensure_default_account(default.as_deref(), partition)
            .await?;
        Ok(())
    }

    /// Open mode's `--open-as-admin-user NAME`: the default account's IAM user `name`, created
    /// when missing, with AdministratorAccess attached (both through the actions' own handlers,
    /// as the account's root would call them). Called at start-up and after a reset.
    pub async fn ensure_admin_user(&self, name: &str) -> IamResult<()> {
        let valid = (1..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b));
        if !valid {
            return Err(IamError::InvalidInput(format!(
                "{name:?} is not a valid user name (1 to 64 of A-Z a-z 0-9 +=,.@_-)"
            )));
        }
        let account_id = self
            .default_account()
            .ok_or_else(|| IamError::ServiceFailure("no default account".into()))?;
        let partition = self.account_partition(&account_id).unwrap_or_default();
        let root = Caller {
            account_id,
            partition,
            principal: Principal::Root,
            access_key_id: String::new(),
            session: None,
            mfa_auth_time: None,
        };
        if self.user_principal(&root.account_id, name).is_none() {
            self.create_user(
                &root,
                iam_api::iam::CreateUserRequest {
                    user_name: name.to_string(),
                    ..Default::default()
                },
            )
            .await?;
        }
        self.attach_user_policy(
            &root,
            iam_api::iam::AttachUserPolicyRequest {
                user_name: name.to_string(),
                policy_arn: crate::arns::aws_managed_policy(partition, "/AdministratorAccess"),
            },
        )
        .await
    }

    /// The IAM user `name` of `account_id` as a principal (names ignore case, as in AWS).
    pub fn user_principal(&self, account_id: &str, name: &str) -> Option<Principal> {
        let state = self.state.read();
        let acct = state.accounts.get(account_id)?;
        let u = acct.user_by_name(name)?;
        Some(Principal::User {
            id: u.id.to_string(),
            name: u.name.to_string(),
            arn: u.arn(acct.partition()),
        })
    }

    pub(crate) fn account_of<'a>(state: &'a State, caller: &Caller) -> IamResult<&'a AccountState> {
        state.accounts.get(&caller.account_id).ok_or_else(|| {
            IamError::ServiceFailure(format!("account {} missing", caller.account_id))
        })
    }

    pub(crate) fn account_of_mut<'a>(
        state: &'a mut State,
        caller: &Caller,
    ) -> IamResult<&'a mut AccountState> {
        state.accounts.get_mut(&caller.account_id).ok_or_else(|| {
            IamError::ServiceFailure(format!("account {} missing", caller.account_id))
        })
    }

    /// The persisted part of the working set, canonical (`State::persisted_snapshot`): tests
    /// compare it with the snapshot of an `Iam` reopened on the same store.
    pub fn persisted_snapshot(&self) -> serde_json::Value {
        self.state.read().persisted_snapshot()
    }
}

/// Issues a new active access key for the root user of `account_id`, an account already in
/// `state`: its record in `tx`, the key in the working set. `sealed` is `secret` sealed under
/// the master key (done before the write lock is taken). Shared by account creation and the
/// break-glass recovery of a locked-out root (`break_glass.rs`).
pub(crate) fn add_root_access_key(
    state: &mut State,
    tx: &mut Tx,
    account_id: &str,
    secret: String,
    sealed: String,
) -> NewRootCredentials {
    let key_id = new_id(IdKind::AccessKey);
    let record = AccessKeyRecord {
        id: key_id.clone(),
        account_id: account_id.to_string(),
        owner: KeyOwner::Root,
        status: KeyStatus::Active,
        create_date: now(),
        sealed_secret: sealed,
        last_used: None,
    };
    let secret = Secret::new(secret);
    state.put_access_key(
        tx,
        KeyEntry {
            record,
            secret: secret.clone(),
        },
    );
    NewRootCredentials {
        account_id: account_id.to_string(),
        access_key_id: key_id,
        secret_access_key: secret,
    }
}

/// The lines that differ between the persisted parts of `live` and `reloaded`
/// (`Iam::persisted_snapshot`), `-` for the reloaded state's and `+` for the live one's with
/// three lines of context; `None` when they are equal. The test harnesses reopen the store after
/// every test and fail on a difference (ARCHITECTURE.md invariant 24).
pub fn persisted_state_diff(live: &Iam, reloaded: &Iam) -> Option<String> {
    let live = format!("{:#}", live.persisted_snapshot());
    let stored = format!("{:#}", reloaded.persisted_snapshot());
    (live != stored).then(|| line_diff(&stored, &live))
}

pub(crate) fn line_diff(stored: &str, live: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (stored.lines().collect(), live.lines().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = head.saturating_sub(3);
    let mut out = String::new();
    for line in &a[from..head] {
        out.push_str(&format!("  {line}\n"));
    }
    for line in &a[head..a.len() - tail] {
        out.push_str(&format!("- {line}\n"));
    }
    for line in &b[head..b.len() - tail] {
        out.push_str(&format!("+ {line}\n"));
    }
    for line in a[a.len() - tail..].iter().take(3) {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::seal_token;
    use crate::store::MemoryStore;

    fn claims(account_id: &str, expires: i64) -> SessionClaims {
        SessionClaims {
            access_key_id: "ASIAEXAMPLE000000001".into(),
            secret_access_key: "s3cr3t".into(),
            account_id: account_id.into(),
            kind: SessionKind::Root,
            issued: now(),
            expires,
            mfa_auth_time: None,
            session_policy: None,
            policy_arns: vec![],
            tags: vec![],
            transitive_tag_keys: vec![],
            source_identity: None,
            chained: false,
        }
    }

    #[tokio::test]
    async fn lookup_session_checks_every_request_with_opened_tokens_cached() {
        let iam = Iam::open(Arc::new(MemoryStore::default()), MasterKey::generate()).unwrap();
        let account = iam
            .ensure_default_account(None, Partition::aws())
            .await
            .unwrap()
            .unwrap()
            .account_id;
        let key = "ASIAEXAMPLE000000001";
        let valid = seal_token(&iam.master, &claims(&account, now() + 3600));
        let a = iam.lookup_session(key, &valid).unwrap();
        let b = iam.lookup_session(key, &valid).unwrap();
        assert_eq!(a.caller.principal, Principal::Root);
        assert_eq!(b.secret.expose(), "s3cr3t");
        // The second lookup reused the opened claims.
        assert!(Arc::ptr_eq(
            a.caller.session.as_ref().unwrap(),
            b.caller.session.as_ref().unwrap()
        ));
        // Another access key ID with a cached token: still refused.
        for _ in 0..2 {
            assert!(matches!(
                iam.lookup_session("ASIAOTHER", &valid),
                Err(IamError::InvalidClientTokenId(_))
            ));
        }
        // Tampered copies of a cached token: refused.
        let mut bytes = valid.clone().into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        for t in [tampered.as_str(), &valid[..valid.len() - 1], "IAMDnope"] {
            assert!(matches!(
                iam.lookup_session(key, t),
                Err(IamError::InvalidClientTokenId(_))
            ));
        }
        // Expired: refused the first time and again once its claims are cached.
        let expired = seal_token(&iam.master, &claims(&account, now() - 1));
        for _ in 0..2 {
            assert!(matches!(
                iam.lookup_session(key, &expired),
                Err(IamError::ExpiredToken(_))
            ));
        }
        // A session of an account that no longer exists: refused although cached.
        iam.write(|state, _tx| {
            state.accounts.remove(&account);
            Ok(())
        })
        .await
        .unwrap();
        assert!(matches!(
            iam.lookup_session(key, &valid),
            Err(IamError::InvalidClientTokenId(_))
        ));
    }
}
