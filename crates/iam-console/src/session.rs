//! Console sessions: kept server-side, named by a random 256-bit cookie value (only its SHA-256
//! is kept, so a memory dump or the database holds no usable cookie); CSRF tokens; the pending
//! MFA step of a sign-in; the federation endpoint's used SigninTokens.
//!
//! Sessions, pending MFA steps and used SigninTokens are records of the store (kind `console`,
//! sealed under the master key: `Iam::console_record`, `Iam::modify_console_record`): every
//! change is acknowledged once every live node of a cluster holds it, so a session works on
//! any node, survives a restart, and a sign-out or an offboarding ends it on every node at
//! once. The CSRF key is derived from the master key (`Iam::console_key`), the same on every
//! node.
use crate::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use iam_core::Iam;
use iam_core::entities::now;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "iamd-console";
/// The cookie that binds the sign-in form's CSRF token before there is a session.
pub const PRE_COOKIE: &str = "iamd-console-pre";
/// AWS: console sessions of IAM users last 12 hours.
pub const USER_SESSION_SECS: i64 = 12 * 3600;
/// AWS's federation endpoint: 1 hour unless SessionDuration says otherwise (900 s to 12 h).
pub const FEDERATION_DEFAULT_SECS: i64 = 3600;
/// How long the MFA step of a sign-in may wait for its code.
const PENDING_MFA_SECS: i64 = 300;
/// Roles kept in a session's recent-roles list (AWS keeps five).
pub const RECENT_ROLES: usize = 5;

/// Whom a console session acts as before any role switch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Identity {
    User {
        account_id: String,
        user_id: String,
        user_name: String,
    },
    Root {
        account_id: String,
    },
    /// Temporary credentials brought by the federation endpoint (AssumeRole or
    /// GetFederationToken), checked on every page by `Iam::lookup_session`.
    Federated {
        access_key_id: String,
        token: String,
    },
}

/// A role the session switched into: its temporary credentials from AssumeRole.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActiveRole {
    pub account_id: String,
    pub role_name: String,
    pub display_name: String,
    pub access_key_id: String,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentRole {
    pub account: String,
    pub role_name: String,
    pub display_name: String,
}

/// Why the session may do nothing but change its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordChange {
    /// PasswordResetRequired (an administrator's temporary password).
    Reset,
    /// The account's password policy expired the password (MaxPasswordAge, no HardExpiry).
    Expired,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub identity: Identity,
    /// The session's key ID in the audit trail (AWS records the console's temporary key).
    pub key_id: String,
    pub expires: i64,
    pub mfa_auth_time: Option<i64>,
    pub password_change: Option<PasswordChange>,
    pub role: Option<ActiveRole>,
    pub recent: Vec<RecentRole>,
    /// A message for the next page (after a redirect).
    pub flash: Option<(bool, String)>,
}

impl Session {
    pub fn new(identity: Identity, lifetime: i64, mfa_auth_time: Option<i64>) -> Self {
        let mut id = [0u8; 8];
        rand::thread_rng().fill_bytes(&mut id);
        let key_id = format!(
            "ASIA{}",
            base32ish(&id).chars().take(16).collect::<String>()
        );
        Session {
            identity,
            key_id,
            expires: now() + lifetime,
            mfa_auth_time,
            password_change: None,
            role: None,
            recent: Vec::new(),
            flash: None,
        }
    }
}

fn base32ish(bytes: &[u8]) -> String {
    const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(A[((acc >> bits) & 31) as usize]));
        }
    }
    out
}

/// The password step of a sign-in passed and the user has MFA: the code is asked next.
/// Kept by the sign-in form's cookie, for five minutes; the password is kept only so the
/// one sign-in check can be run again with the code (sealed under the master key in the store).
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingMfa {
    pub account: String,
    pub user: String,
    pub password: String,
    pub expires: i64,
}

/// The console's state: sessions, pending MFA steps and used SigninTokens, all kept in the
/// store through `Iam` (records `console`), so this holds nothing of its own.
#[derive(Debug, Default)]
pub struct Console {
    _private: (),
}

fn digest(value: &str) -> [u8; 32] {
    Sha256::digest(value.as_bytes()).into()
}

/// The record key of a cookie or token: `<what>/<hex SHA-256>` (never the value itself).
fn record_key(what: &str, value: &str) -> String {
    let mut key = String::with_capacity(what.len() + 65);
    key.push_str(what);
    key.push('/');
    for b in digest(value) {
        key.push_str(&format!("{b:02x}"));
    }
    key
}

/// A fresh random cookie value (256 bits, base64url).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// The value of cookie `name` in the request's Cookie headers.
pub fn cookie(req: &HttpRequest<'_>, name: &str) -> Option<String> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| cookie::Cookie::split_parse(v.clone()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure when served over TLS;
/// `max_age` None deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> String {
    let mut c = cookie::Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure);
    c = match max_age {
        Some(s) => c.max_age(cookie::time::Duration::seconds(s)),
        None => c.max_age(cookie::time::Duration::ZERO),
    };
    c.build().to_string()
}

impl Console {
    /// Stores a new session (on every node) and returns its cookie value.
    pub async fn create(&self, iam: &Iam, session: Session) -> String {
        let value = random_token();
        let expires = session.expires;
        let json = serde_json::to_string(&session).expect("a session serializes");
        let key = record_key("session", &value);
        if let Err(e) = iam
            .modify_console_record(&key, |_| Some((expires, json)))
            .await
        {
            // The cookie names no session: the next page asks to sign in again.
            tracing::warn!(error = %e, "could not store a console session");
        }
        value
    }

    /// The live session a cookie value names.
    pub fn get(&self, iam: &Iam, value: &str) -> Option<Session> {
        iam.console_record(&record_key("session", value))
            .and_then(|json| serde_json::from_str::<Session>(&json).ok())
            .filter(|s| s.expires > now())
    }

    /// Changes a live session (on every node).
    pub async fn update(&self, iam: &Iam, value: &str, f: impl FnOnce(&mut Session) + Send) {
        let key = record_key("session", value);
        let changed = iam
            .modify_console_record(&key, |current| {
                let mut s = serde_json::from_str::<Session>(&current?).ok()?;
                f(&mut s);
                let json = serde_json::to_string(&s).expect("a session serializes");
                Some((s.expires, json))
            })
            .await;
        if let Err(e) = changed {
            tracing::warn!(error = %e, "could not update a console session");
        }
    }

    /// Takes the session's flash message.
    pub async fn take_flash(&self, iam: &Iam, value: &str) -> Option<(bool, String)> {
        self.get(iam, value)?.flash.as_ref()?;
        let mut taken = None;
        self.update(iam, value, |s| taken = s.flash.take()).await;
        taken
    }

    /// Ends a session on every node.
    pub async fn remove(&self, iam: &Iam, value: &str) {
        let key = record_key("session", value);
        if let Err(e) = iam.modify_console_record(&key, |_| None).await {
            tracing::warn!(error = %e, "could not end a console session");
        }
    }

    /// The CSRF token of forms bound to `value` (a session cookie, or the sign-in form's
    /// cookie): HMAC-SHA256 under a key derived from the master key (the same on every node),
    /// so it is worthless without the cookie that a cross-site page cannot read.
    pub fn csrf_token(&self, iam: &Iam, value: &str) -> String {
        let key = iam.console_key();
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
        mac.update(b"iamd-console-csrf\0");
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Constant-time check of a form's CSRF token against its cookie.
    pub fn csrf_valid(&self, iam: &Iam, value: &str, token: &str) -> bool {
        use subtle::ConstantTimeEq;
        let expected = self.csrf_token(iam, value);
        expected.as_bytes().ct_eq(token.as_bytes()).into()
    }

    pub async fn set_pending(&self, iam: &Iam, pre: &str, pending: PendingMfa) {
        let expires = pending.expires;
        let json = serde_json::to_string(&pending).expect("a pending step serializes");
        let key = record_key("pending", pre);
        if let Err(e) = iam
            .modify_console_record(&key, |_| Some((expires, json)))
            .await
        {
            tracing::warn!(error = %e, "could not store a pending MFA step");
        }
    }

    pub fn pending(&self, iam: &Iam, pre: &str) -> Option<PendingMfa> {
        iam.console_record(&record_key("pending", pre))
            .and_then(|json| serde_json::from_str::<PendingMfa>(&json).ok())
            .filter(|p| p.expires > now())
    }

    pub async fn clear_pending(&self, iam: &Iam, pre: &str) {
        let key = record_key("pending", pre);
        if iam.console_record(&key).is_none() {
            return;
        }
        if let Err(e) = iam.modify_console_record(&key, |_| None).await {
            tracing::warn!(error = %e, "could not clear a pending MFA step");
        }
    }

    pub fn pending_expiry() -> i64 {
        now() + PENDING_MFA_SECS
    }

    /// Marks a SigninToken used on every node; false if it was used before (a token signs in
    /// once), or if that cannot be recorded.
    pub async fn use_token(&self, iam: &Iam, token: &str, expires: i64) -> bool {
        let key = record_key("token", token);
        let mut fresh = false;
        let recorded = iam
            .modify_console_record(&key, |current| {
                fresh = current.is_none();
                Some((expires, String::new()))
            })
            .await;
        recorded.is_ok() && fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn fresh_iam() -> (Iam, std::sync::Arc<iam_core::store::MemoryStore>) {
        let store = std::sync::Arc::new(iam_core::store::MemoryStore::default());
        let iam = Iam::open(store.clone(), iam_core::secrets::MasterKey::generate()).unwrap();
        (iam, store)
    }

    #[tokio::test]
    async fn csrf_tokens_are_bound_to_their_cookie_and_master_key() {
        let console = Console::default();
        let (iam, _) = fresh_iam().await;
        let a = random_token();
        let b = random_token();
        let token = console.csrf_token(&iam, &a);
        assert!(console.csrf_valid(&iam, &a, &token));
        assert!(!console.csrf_valid(&iam, &b, &token));
        assert!(!console.csrf_valid(&iam, &a, ""));
        assert!(!console.csrf_valid(&iam, &a, &token[..token.len() - 1]));
        // A server with another master key does not accept it.
        let (other, _) = fresh_iam().await;
        assert!(!console.csrf_valid(&other, &a, &token));
    }

    #[tokio::test]
    async fn sessions_are_kept_by_digest_sealed_and_expire() {
        use iam_core::store::Store;
        let console = Console::default();
        let (iam, store) = fresh_iam().await;
        let value = console
            .create(
                &iam,
                Session::new(
                    Identity::Federated {
                        access_key_id: "ASIAEXAMPLE".into(),
                        token: "the-session-token".into(),
                    },
                    60,
                    None,
                ),
            )
            .await;
        assert!(console.get(&iam, &value).is_some());
        // The store holds neither the cookie nor the session's credentials in clear.
        let stored = format!("{:?}", store.load_all().unwrap());
        assert!(!stored.contains(&value) && !stored.contains("the-session-token"));
        console
            .update(&iam, &value, |s| s.expires = now() - 1)
            .await;
        assert!(
            console.get(&iam, &value).is_none(),
            "an expired session is gone"
        );
        let value = console
            .create(
                &iam,
                Session::new(
                    Identity::Root {
                        account_id: "123456789012".into(),
                    },
                    60,
                    None,
                ),
            )
            .await;
        console.remove(&iam, &value).await;
        assert!(console.get(&iam, &value).is_none());
    }

    #[test]
    fn cookies_are_httponly_lax_and_secure_only_over_tls() {
        let c = set_cookie(SESSION_COOKIE, "v", Some(43_200), false);
        for a in [
            "iamd-console=v",
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=43200",
        ] {
            assert!(c.contains(a), "{c}");
        }
        assert!(!c.contains("Secure"));
        assert!(set_cookie(SESSION_COOKIE, "v", Some(1), true).contains("Secure"));
        assert!(set_cookie(SESSION_COOKIE, "", None, false).contains("Max-Age=0"));
    }

    #[tokio::test]
    async fn a_signin_token_is_used_once() {
        let console = Console::default();
        let (iam, _) = fresh_iam().await;
        assert!(console.use_token(&iam, "t", now() + 900).await);
        assert!(!console.use_token(&iam, "t", now() + 900).await);
        assert!(console.use_token(&iam, "u", now() + 900).await);
    }
}
