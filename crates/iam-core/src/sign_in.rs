//! The console sign-in check: account (ID or alias) + user name + password (+ MFA code) →
//! the user and whether a new password must be set first (IAM User Guide:
//! id_credentials_passwords_account-policy, id_credentials_mfa). AWS has no lockout
//! ("You can't create a lockout policy"): failures are rate-limited per (account, user)
//! with a token bucket instead, so a guesser gets one try a minute after five misses.
use crate::entities::now;
use crate::error::{IamError, IamResult};
use crate::password_rules::{hard_expiry, password_expired};
use crate::secrets::{hash_password, verify_password};
use crate::service::{Caller, Iam};
use std::collections::HashMap;

/// Failed attempts allowed in a burst.
const BURST: f64 = 5.0;
/// One attempt comes back per this period.
const REFILL_MS: i64 = 60_000;
/// AWS records a password's use once per five minutes (credential report: password_last_used).
const LAST_USED_RESOLUTION_SECS: i64 = 300;

/// The one message for every wrong account, user, password or MFA code: a guesser learns
/// nothing about which part was wrong.
pub const SIGN_IN_FAILED: &str = "Your authentication information is incorrect. Please try again.";
/// The password was right and the user has MFA: ask for a code.
pub const MFA_REQUIRED: &str = "MFA code required.";
pub const PASSWORD_EXPIRED: &str =
    "Your password has expired. Contact your administrator to reset it.";

/// The two throttles of guessed secrets, named in their records' keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limiter {
    /// Passwords: console and root sign-in, ChangePassword's old password; keyed by account
    /// and lower-case user name.
    SignIn,
    /// MFA codes, keyed by account and device serial number.
    Mfa,
}

impl Limiter {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Limiter::SignIn => "sign_in",
            Limiter::Mfa => "mfa",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [Limiter::SignIn, Limiter::Mfa]
            .into_iter()
            .find(|l| l.as_str() == text)
    }
}

pub(crate) fn throttled() -> IamError {
    IamError::Throttling("Rate exceeded".into())
}

/// A successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInOutcome {
    pub account_id: String,
    pub user_id: String,
    pub user_name: String,
    pub arn: String,
    /// PasswordResetRequired, or an expired password (without HardExpiry): the console must
    /// have the user set a new password (ChangePassword) before anything else.
    pub password_change_required: bool,
    /// An MFA code was verified.
    pub mfa_authenticated: bool,
}

/// A token bucket of failed attempts, as stored (record `throttle`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bucket {
    tokens: f64,
    at_ms: i64,
}

impl Bucket {
    fn refill(&mut self, now_ms: i64) {
        let elapsed = now_ms.saturating_sub(self.at_ms).max(0) as f64;
        self.tokens = (self.tokens + elapsed / REFILL_MS as f64).min(BURST);
        self.at_ms = now_ms.max(self.at_ms);
    }

    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        Bucket {
            tokens: 2.0,
            at_ms: 1_700_000_000_000,
        }
    }

    /// Full again at `now_ms`: the same as no bucket.
    fn refilled(&self, now_ms: i64) -> bool {
        let mut b = *self;
        b.refill(now_ms);
        b.tokens >= BURST
    }
}

/// Token buckets of failed attempts, keyed (account ID, lower-case user name) for sign-in
/// and (account ID, serial number) for MFA codes. Every failure is a record written through
/// the store (`Iam::sign_in_failed`, `mfa_attempt_failed`), so every node of a cluster counts
/// every node's failures, and a restart forgives none.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    buckets: HashMap<(String, String), Bucket>,
}

impl SignInLimiter {
    pub(crate) fn allowed(&self, key: &(String, String), now_ms: i64) -> bool {
        match self.buckets.get(key) {
            Some(b) => {
                let mut b = *b;
                b.refill(now_ms);
                b.tokens >= 1.0
            }
            None => true,
        }
    }

    /// Counts a failure; returns the bucket to store.
    pub(crate) fn failed(&mut self, key: (String, String), now_ms: i64) -> Bucket {
        let b = self.buckets.entry(key).or_insert(Bucket {
            tokens: BURST,
            at_ms: now_ms,
        });
        b.refill(now_ms);
        b.tokens = (b.tokens - 1.0).max(0.0);
        *b
    }

    /// Gives back the attempt a reservation took (`Iam::throttle_reserve`) for an attempt that
    /// was no guess; returns the bucket to store, `None` once it is full (no record needed).
    pub(crate) fn refund(&mut self, key: &(String, String), now_ms: i64) -> Option<Bucket> {
        let b = self.buckets.get_mut(key)?;
        b.refill(now_ms);
        b.tokens = (b.tokens + 1.0).min(BURST);
        if b.tokens >= BURST {
            self.buckets.remove(key);
            return None;
        }
        Some(*b)
    }

    /// Forgets a key's failures; returns whether it had any.
    pub(crate) fn succeeded(&mut self, key: &(String, String)) -> bool {
        self.buckets.remove(key).is_some()
    }

    pub(crate) fn put(&mut self, key: (String, String), bucket: Bucket) {
        self.buckets.insert(key, bucket);
    }

    /// The keys whose buckets are full again at `now_ms` (their records can go).
    pub(crate) fn refilled(&self, now_ms: i64) -> Vec<(String, String)> {
        self.buckets
            .iter()
            .filter(|(_, b)| b.refilled(now_ms))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Whether `key` has a bucket (failures counted).
    pub(crate) fn snapshot_has(&self, key: &(String, String)) -> bool {
        self.buckets.contains_key(key)
    }

    pub(crate) fn snapshot(&self) -> std::collections::BTreeMap<String, Bucket> {
        self.buckets
            .iter()
            .map(|(k, b)| (format!("{}/{}", k.0, k.1), *b))
            .collect()
    }
}

/// A hash to verify against when the user does not exist, so that the answer takes as long.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("iamd-no-such-user"))
}

struct Found {
    account_id: String,
    user_id: String,
    user_name: String,
    arn: String,
    hash: String,
    reset_required: bool,
    expired: bool,
    hard_expiry: bool,
    mfa_serials: Vec<String>,
}

impl Iam {
    /// Takes one attempt from `key`'s bucket in limiter `which` (`sign_in`, `mfa`) before the
    /// secret is checked: `false` when none is left (throttled). The attempt is counted as a
    /// failure at once, in a record written under the cluster's write lock, so concurrent
    /// attempts on any nodes take from one bucket: five guesses, never five per node or per
    /// concurrent request. A success then clears the bucket (`throttle_succeeded`), an attempt
    /// that was no guess gives it back (`throttle_refund`).
    pub(crate) async fn throttle_reserve(
        &self,
        which: Limiter,
        key: &(String, String),
    ) -> IamResult<bool> {
        if !self.state.read().activity.attempt_allowed(which, key) {
            return Ok(false);
        }
        self.write(|state, tx| {
            if !state.activity.attempt_allowed(which, key) {
                return Ok(false);
            }
            state.activity.attempt_failed(tx, which, key.clone());
            Ok(true)
        })
        .await
    }

    /// Gives back a reserved attempt that was no guess (e.g. the right password of a user who
    /// must still give an MFA code).
    pub(crate) async fn throttle_refund(&self, which: Limiter, key: &(String, String)) {
        let written = self
            .write(|state, tx| {
                state.activity.attempt_refunded(tx, which, key);
                Ok(())
            })
            .await;
        if let Err(e) = written {
            tracing::warn!(error = %e, limiter = which.as_str(), "could not give back an attempt");
        }
    }

    /// Forgets a key's failures in limiter `which` on every node (a write only if it had some).
    pub(crate) async fn throttle_succeeded(&self, which: Limiter, key: &(String, String)) {
        if !self.state.read().activity.attempt_counted(which, key) {
            return;
        }
        let written = self
            .write(|state, tx| {
                state.activity.attempt_succeeded(tx, which, key);
                Ok(())
            })
            .await;
        if let Err(e) = written {
            tracing::warn!(error = %e, limiter = which.as_str(), "could not clear failed attempts");
        }
    }

    /// Checks a console sign-in. `account` is the account ID or its alias. Wrong credentials
    /// are `AccessDenied` with `SIGN_IN_FAILED`; a user with MFA and no code is `AccessDenied`
    /// with `MFA_REQUIRED`; too many failures are `Throttling`; an expired password under
    /// HardExpiry is `AccessDenied` with `PASSWORD_EXPIRED`. Records PasswordLastUsed in
    /// memory (persisted by `flush_activity`).
    pub async fn sign_in(
        &self,
        account: &str,
        user: &str,
        password: &str,
        mfa_code: Option<&str>,
    ) -> IamResult<SignInOutcome> {
        let t = now();
        let found = self.read(|state| {
            let acct = state.accounts.get(account).or_else(|| {
                state
                    .accounts
                    .values()
                    .find(|a| a.account.aliases.iter().any(|x| x == account))
            })?;
            let u = acct.user_by_name(user)?;
            let p = u.login_profile.as_ref()?;
            let policy = acct.account.password_policy.as_ref();
            Some(Found {
                account_id: acct.account.id.clone(),
                user_id: u.id.to_string(),
                user_name: u.name.to_string(),
                arn: u.arn(acct.partition()),
                hash: p.password_hash.clone(),
                reset_required: p.password_reset_required,
                expired: password_expired(policy, p, t),
                hard_expiry: hard_expiry(policy),
                mfa_serials: acct.mfa_devices_of(Some(&u.id)).cloned().collect(),
            })
        });
        let key = (
            found
                .as_ref()
                .map_or_else(|| account.to_string(), |f| f.account_id.clone()),
            user.to_lowercase(),
        );
        if !self.throttle_reserve(Limiter::SignIn, &key).await? {
            return Err(throttled());
        }
        let hash = found.as_ref().map_or(dummy_hash(), |f| f.hash.as_str());
        let password_ok = verify_password(password, hash);
        let Some(f) = found.filter(|_| password_ok) else {
            // Counted by the reservation.
            return Err(IamError::AccessDenied(SIGN_IN_FAILED.into()));
        };
        let mut mfa_authenticated = false;
        if !f.mfa_serials.is_empty() {
            let Some(code) = mfa_code else {
                self.throttle_refund(Limiter::SignIn, &key).await;
                return Err(IamError::AccessDenied(MFA_REQUIRED.into()));
            };
            for serial in &f.mfa_serials {
                if self
                    .verify_mfa_code(&f.account_id, Some(&f.user_id), serial, code)
                    .await
                    .is_ok()
                {
                    mfa_authenticated = true;
                    break;
                }
            }
            if !mfa_authenticated {
                // Counted by the reservation.
                return Err(IamError::AccessDenied(SIGN_IN_FAILED.into()));
            }
        }
        if f.expired && f.hard_expiry {
            self.throttle_refund(Limiter::SignIn, &key).await;
            return Err(IamError::AccessDenied(PASSWORD_EXPIRED.into()));
        }
        self.throttle_succeeded(Limiter::SignIn, &key).await;
        {
            let mut state = self.state.write();
            if let Some(u) = state
                .accounts
                .get_mut(&f.account_id)
                .and_then(|a| a.users.get_mut(&f.user_id))
                && u.password_last_used
                    .is_none_or(|l| t - l >= LAST_USED_RESOLUTION_SECS)
            {
                u.password_last_used = Some(t);
                state
                    .activity
                    .dirty_users
                    .lock()
                    .insert((f.account_id.clone(), f.user_id.clone()));
            }
        }
        Ok(SignInOutcome {
            account_id: f.account_id,
            user_id: f.user_id,
            user_name: f.user_name,
            arn: f.arn,
            password_change_required: f.reset_required || f.expired,
            mfa_authenticated,
        })
    }
}

/// The console's view of the state it needs outside the API: who a console session acts as,
/// re-read on every page so a deleted user or a closed account ends its sessions, and the
/// federation endpoint's sealed SigninToken. Everything a page shows or changes goes through
/// the operations table instead (`iam_server::call_as`).
impl Iam {
    /// The account an account ID or alias names, with its partition.
    pub fn account_by_id_or_alias(&self, account: &str) -> Option<String> {
        self.read(|state| {
            let acct = state.accounts.get(account).or_else(|| {
                state
                    .accounts
                    .values()
                    .find(|a| a.account.aliases.iter().any(|x| x == account))
            })?;
            Some(acct.account.id.clone())
        })
    }

    /// The IAM user `user_id` of `account_id` as a console caller, if the user still exists,
    /// still has a console password and the account is not closed. `session_key_id` names the
    /// console session in the audit trail (AWS shows the console's temporary key there).
    pub fn console_user_caller(
        &self,
        account_id: &str,
        user_id: &str,
        session_key_id: &str,
        mfa_auth_time: Option<i64>,
    ) -> Option<Caller> {
        if self.account_suspended(account_id) {
            return None;
        }
        self.read(|state| {
            let acct = state.accounts.get(account_id)?;
            let u = acct.users.get(user_id)?;
            u.login_profile.as_ref()?;
            Some(Caller {
                account_id: account_id.to_string(),
                partition: acct.partition(),
                principal: crate::service::Principal::User {
                    id: u.id.to_string(),
                    name: u.name.to_string(),
                    arn: u.arn(acct.partition()),
                },
                access_key_id: session_key_id.to_string(),
                session: None,
                mfa_auth_time,
            })
        })
    }

    /// The root user of `account_id` as a console caller (None once the account is closed).
    pub fn console_root_caller(&self, account_id: &str, session_key_id: &str) -> Option<Caller> {
        if self.account_suspended(account_id) {
            return None;
        }
        let partition = self.account_partition(account_id)?;
        Some(Caller {
            account_id: account_id.to_string(),
            partition,
            principal: crate::service::Principal::Root,
            access_key_id: session_key_id.to_string(),
            session: None,
            mfa_auth_time: None,
        })
    }

    /// Root sign-in. iamd keeps no root password or e-mail address: the root user signs in
    /// to the console with the account (ID or alias) and one of its own active access keys
    /// (the key ID and its secret, as `iamd serve` printed them). Wrong values get
    /// `SIGN_IN_FAILED` and count against the same rate limit as user sign-in (key
    /// (account, "#root")). Returns the account ID.
    pub async fn sign_in_root(
        &self,
        account: &str,
        access_key_id: &str,
        secret: &str,
    ) -> IamResult<String> {
        use subtle::ConstantTimeEq;
        let account_id = self.account_by_id_or_alias(account);
        let key = (
            account_id.clone().unwrap_or_else(|| account.to_string()),
            "#root".to_string(),
        );
        if !self.throttle_reserve(Limiter::SignIn, &key).await? {
            return Err(throttled());
        }
        let found = self.lookup_key(access_key_id).filter(|k| {
            k.active
                && matches!(k.caller.principal, crate::service::Principal::Root)
                && Some(&k.caller.account_id) == account_id.as_ref()
        });
        let expected = found
            .as_ref()
            .map_or("iamd-no-such-key", |k| k.secret.expose());
        let equal: bool = expected.as_bytes().ct_eq(secret.as_bytes()).into();
        match (found, equal) {
            (Some(k), true) if !self.account_suspended(&k.caller.account_id) => {
                self.throttle_succeeded(Limiter::SignIn, &key).await;
                Ok(k.caller.account_id)
            }
            // Counted by the reservation.
            _ => Err(IamError::AccessDenied(SIGN_IN_FAILED.into())),
        }
    }

    /// Seals a federation SigninToken's content (`Purpose::ConsoleSigninToken`).
    pub fn seal_signin_token(&self, content: &str) -> String {
        self.master
            .seal_for(crate::secrets::Purpose::ConsoleSigninToken, "", content)
    }

    /// Opens a SigninToken this server sealed; None for anything else.
    pub fn open_signin_token(&self, token: &str) -> Option<String> {
        self.master
            .open_for(crate::secrets::Purpose::ConsoleSigninToken, "", token)
            .map(|s| s.expose().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{LoginProfile, PasswordPolicy};
    use crate::secrets::MasterKey;
    use crate::store::MemoryStore;
    use std::sync::Arc;

    #[test]
    fn bucket_allows_five_then_one_a_minute() {
        let mut l = SignInLimiter::default();
        let key = ("1".to_string(), "alice".to_string());
        let t0 = 1_700_000_000_000;
        for _ in 0..5 {
            assert!(l.allowed(&key, t0));
            l.failed(key.clone(), t0);
        }
        assert!(!l.allowed(&key, t0));
        assert!(!l.allowed(&key, t0 + 59_000));
        assert!(l.allowed(&key, t0 + 60_000));
        l.failed(key.clone(), t0 + 60_000);
        assert!(!l.allowed(&key, t0 + 61_000));
        assert!(l.refilled(t0 + 61_000).is_empty());
        assert_eq!(l.refilled(t0 + 60_000 + 5 * 60_000), vec![key.clone()]);
        l.succeeded(&key);
        assert!(l.allowed(&key, t0 + 61_000));
    }

    async fn iam_with_user(policy: Option<PasswordPolicy>, profile: LoginProfile) -> (Iam, String) {
        let iam = Iam::open(Arc::new(MemoryStore::default()), MasterKey::generate()).unwrap();
        let creds = iam
            .ensure_default_account(None, crate::Partition::aws())
            .await
            .unwrap()
            .unwrap();
        let account = creds.account_id.clone();
        iam.write(|state, _tx| {
            let acct = state.accounts.get_mut(&account).unwrap();
            acct.account.password_policy = policy;
            acct.account.aliases = vec!["example-corp".into()];
            let user = crate::entities::User {
                id: "AIDAEXAMPLEUSER00001".into(),
                account_id: account.as_str().into(),
                name: "Alice".into(),
                path: "/".into(),
                create_date: 0,
                tags: Vec::new(),
                permissions_boundary: None,
                inline_policies: Default::default(),
                attached_policies: Vec::new(),
                groups: Vec::new(),
                login_profile: Some(Box::new(profile)),
                password_last_used: None,
            };
            acct.replace_user(user);
            Ok(())
        })
        .await
        .unwrap();
        (iam, creds.account_id)
    }

    fn profile(password: &str) -> LoginProfile {
        LoginProfile {
            create_date: now(),
            password_reset_required: false,
            password_hash: hash_password(password),
            password_last_changed: None,
            previous_hashes: Vec::new(),
        }
    }

    #[tokio::test]
    async fn right_password_signs_in_by_id_or_alias_and_records_last_used() {
        let (iam, account) = iam_with_user(None, profile("Corr3ct-horse")).await;
        let out = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap();
        assert_eq!(out.user_name, "Alice");
        assert!(!out.password_change_required);
        assert!(!out.mfa_authenticated);
        let by_alias = iam
            .sign_in("example-corp", "Alice", "Corr3ct-horse", None)
            .await
            .unwrap();
        assert_eq!(by_alias.account_id, account);
        let last_used = iam.read(|s| s.accounts[&account].users[&out.user_id].password_last_used);
        assert!(last_used.is_some_and(|t| now() - t < 5));
        assert_eq!(iam.flush_activity().await.unwrap(), 1);
        assert_eq!(iam.flush_activity().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn failures_are_rate_limited_without_lockout_semantics() {
        let (iam, account) = iam_with_user(None, profile("Corr3ct-horse")).await;
        for _ in 0..5 {
            let e = iam
                .sign_in(&account, "alice", "wrong", None)
                .await
                .unwrap_err();
            assert_eq!(e, IamError::AccessDenied(SIGN_IN_FAILED.into()));
        }
        // The sixth attempt within the minute is refused before the password is looked at,
        // even the right one.
        let e = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap_err();
        assert!(matches!(e, IamError::Throttling(_)), "{e:?}");
        // Another user of the account is not affected; unknown users fail the same way.
        let e = iam.sign_in(&account, "bob", "x", None).await.unwrap_err();
        assert_eq!(e, IamError::AccessDenied(SIGN_IN_FAILED.into()));
    }

    #[tokio::test]
    async fn reset_required_and_expiry() {
        let mut p = profile("Corr3ct-horse");
        p.password_reset_required = true;
        let (iam, account) = iam_with_user(None, p).await;
        let out = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap();
        assert!(out.password_change_required);

        let mut old = profile("Corr3ct-horse");
        old.password_last_changed = Some(now() - 10 * 86_400);
        let soft = PasswordPolicy {
            max_password_age: Some(5),
            ..Default::default()
        };
        let (iam, account) = iam_with_user(Some(soft.clone()), old.clone()).await;
        let out = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap();
        assert!(out.password_change_required);

        let hard = PasswordPolicy {
            hard_expiry: Some(true),
            ..soft
        };
        let (iam, account) = iam_with_user(Some(hard), old).await;
        let e = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap_err();
        assert_eq!(e, IamError::AccessDenied(PASSWORD_EXPIRED.into()));
    }

    #[tokio::test]
    async fn mfa_user_needs_a_valid_code() {
        let (iam, account) = iam_with_user(None, profile("Corr3ct-horse")).await;
        let seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        let serial = format!("arn:aws:iam::{account}:mfa/alice");
        let sealed = iam.master.seal(seed);
        let acct_id = account.clone();
        let serial2 = serial.clone();
        iam.write(move |state, _tx| {
            let acct = state.accounts.get_mut(&acct_id).unwrap();
            acct.put_mfa_device(crate::state::MfaEntry {
                record: crate::entities::MfaDevice {
                    serial_number: serial2,
                    account_id: acct_id.clone(),
                    name: "alice".into(),
                    path: "/".into(),
                    create_date: 0,
                    sealed_seed: sealed,
                    tags: Vec::new(),
                    assignment: Some(crate::entities::MfaAssignment {
                        owner: crate::entities::KeyOwner::User("AIDAEXAMPLEUSER00001".into()),
                        enable_date: 0,
                        last_step: 0,
                        drift: 0,
                    }),
                },
                seed: crate::secrets::Secret::new(seed.into()),
            });
            Ok(())
        })
        .await
        .unwrap();
        let e = iam
            .sign_in(&account, "alice", "Corr3ct-horse", None)
            .await
            .unwrap_err();
        assert_eq!(e, IamError::AccessDenied(MFA_REQUIRED.into()));
        let e = iam
            .sign_in(&account, "alice", "Corr3ct-horse", Some("000000"))
            .await
            .unwrap_err();
        assert_eq!(e, IamError::AccessDenied(SIGN_IN_FAILED.into()));
        let key = crate::totp::base32_decode(seed).unwrap();
        let code = crate::totp::code_at_step(&key, crate::totp::step_at(now()));
        let out = iam
            .sign_in(&account, "alice", "Corr3ct-horse", Some(&code))
            .await
            .unwrap();
        assert!(out.mfa_authenticated);
    }
}
