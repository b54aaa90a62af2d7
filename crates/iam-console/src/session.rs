//! Console sessions: kept server-side, named by a random 256-bit cookie value (only its SHA-256
//! is kept, so a memory dump holds no usable cookie); CSRF tokens; the pending MFA step of a
//! sign-in; the federation endpoint's used SigninTokens.
//!
//! Sessions live in memory: a restart signs everyone out (the API's own state is durable).
use crate::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use iam_core::entities::now;
use parking_lot::Mutex;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "iamd-console";
/// The cookie that binds the sign-in form's CSRF token before there is a session.
pub const PRE_COOKIE: &str = "iamd-console-pre";
/// AWS: console sessions of IAM users last 12 hours.
pub const USER_SESSION_SECS: i64 = 12 * 3600;
/// AWS's federation endpoint: 1 hour unless SessionDuration says otherwise (900 s to 12 h).
pub const FEDERATION_DEFAULT_SECS: i64 = 3600;
/// Sessions kept at most; expired ones are dropped first, then the oldest.
const MAX_SESSIONS: usize = 100_000;
/// How long the MFA step of a sign-in may wait for its code.
const PENDING_MFA_SECS: i64 = 300;
/// Roles kept in a session's recent-roles list (AWS keeps five).
pub const RECENT_ROLES: usize = 5;

/// Whom a console session acts as before any role switch.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct ActiveRole {
    pub account_id: String,
    pub role_name: String,
    pub display_name: String,
    pub access_key_id: String,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecentRole {
    pub account: String,
    pub role_name: String,
    pub display_name: String,
}

/// Why the session may do nothing but change its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// PasswordResetRequired (an administrator's temporary password).
    Reset,
    /// The account's password policy expired the password (MaxPasswordAge, no HardExpiry).
    Expired,
}

#[derive(Debug, Clone)]
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
/// one sign-in check can be run again with the code.
#[derive(Clone)]
pub struct PendingMfa {
    pub account: String,
    pub user: String,
    pub password: String,
    pub expires: i64,
}

/// The console's state: sessions, the CSRF key, pending MFA steps and used SigninTokens.
pub struct Console {
    sessions: Mutex<HashMap<[u8; 32], Session>>,
    pending: Mutex<HashMap<[u8; 32], PendingMfa>>,
    used_tokens: Mutex<HashMap<[u8; 32], i64>>,
    key: [u8; 32],
}

impl Default for Console {
    fn default() -> Self {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Console {
            sessions: Mutex::default(),
            pending: Mutex::default(),
            used_tokens: Mutex::default(),
            key,
        }
    }
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("sessions", &self.sessions.lock().len())
            .finish_non_exhaustive()
    }
}

fn digest(value: &str) -> [u8; 32] {
    Sha256::digest(value.as_bytes()).into()
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
    /// Stores a new session and returns its cookie value.
    pub fn create(&self, session: Session) -> String {
        let value = random_token();
        let mut sessions = self.sessions.lock();
        if sessions.len() >= MAX_SESSIONS {
            let t = now();
            sessions.retain(|_, s| s.expires > t);
            if sessions.len() >= MAX_SESSIONS
                && let Some(oldest) = sessions
                    .iter()
                    .min_by_key(|(_, s)| s.expires)
                    .map(|(k, _)| *k)
            {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(digest(&value), session);
        value
    }

    /// The live session a cookie value names (an expired one is removed).
    pub fn get(&self, value: &str) -> Option<Session> {
        let key = digest(value);
        let mut sessions = self.sessions.lock();
        match sessions.get(&key) {
            Some(s) if s.expires > now() => Some(s.clone()),
            Some(_) => {
                sessions.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Changes a live session in place.
    pub fn update(&self, value: &str, f: impl FnOnce(&mut Session)) {
        if let Some(s) = self.sessions.lock().get_mut(&digest(value)) {
            f(s);
        }
    }

    /// Takes the session's flash message.
    pub fn take_flash(&self, value: &str) -> Option<(bool, String)> {
        self.sessions
            .lock()
            .get_mut(&digest(value))
            .and_then(|s| s.flash.take())
    }

    pub fn remove(&self, value: &str) {
        self.sessions.lock().remove(&digest(value));
    }

    /// The CSRF token of forms bound to `value` (a session cookie, or the sign-in form's
    /// cookie): HMAC-SHA256 under this console's key, so it is worthless without the cookie
    /// that a cross-site page cannot read.
    pub fn csrf_token(&self, value: &str) -> String {
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(b"iamd-console-csrf\0");
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Constant-time check of a form's CSRF token against its cookie.
    pub fn csrf_valid(&self, value: &str, token: &str) -> bool {
        use subtle::ConstantTimeEq;
        let expected = self.csrf_token(value);
        expected.as_bytes().ct_eq(token.as_bytes()).into()
    }

    pub fn set_pending(&self, pre: &str, pending: PendingMfa) {
        let mut map = self.pending.lock();
        let t = now();
        map.retain(|_, p| p.expires > t);
        map.insert(digest(pre), pending);
    }

    pub fn pending(&self, pre: &str) -> Option<PendingMfa> {
        let map = self.pending.lock();
        map.get(&digest(pre)).filter(|p| p.expires > now()).cloned()
    }

    pub fn clear_pending(&self, pre: &str) {
        self.pending.lock().remove(&digest(pre));
    }

    pub fn pending_expiry() -> i64 {
        now() + PENDING_MFA_SECS
    }

    /// Marks a SigninToken used; false if it was used before (a token signs in once).
    pub fn use_token(&self, token: &str, expires: i64) -> bool {
        let mut used = self.used_tokens.lock();
        let t = now();
        used.retain(|_, e| *e > t);
        used.insert(digest(token), expires).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_are_bound_to_their_cookie_and_console() {
        let console = Console::default();
        let a = random_token();
        let b = random_token();
        let token = console.csrf_token(&a);
        assert!(console.csrf_valid(&a, &token));
        assert!(!console.csrf_valid(&b, &token));
        assert!(!console.csrf_valid(&a, ""));
        assert!(!console.csrf_valid(&a, &token[..token.len() - 1]));
        // Another server (another key) does not accept it.
        assert!(!Console::default().csrf_valid(&a, &token));
    }

    #[test]
    fn sessions_are_kept_by_digest_and_expire() {
        let console = Console::default();
        let value = console.create(Session::new(
            Identity::Root {
                account_id: "123456789012".into(),
            },
            60,
            None,
        ));
        assert!(console.get(&value).is_some());
        assert!(!format!("{:?}", console.sessions.lock().keys()).contains(&value));
        console.update(&value, |s| s.expires = now() - 1);
        assert!(console.get(&value).is_none(), "an expired session is gone");
        let value = console.create(Session::new(
            Identity::Root {
                account_id: "123456789012".into(),
            },
            60,
            None,
        ));
        console.remove(&value);
        assert!(console.get(&value).is_none());
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

    #[test]
    fn a_signin_token_is_used_once() {
        let console = Console::default();
        assert!(console.use_token("t", now() + 900));
        assert!(!console.use_token("t", now() + 900));
        assert!(console.use_token("u", now() + 900));
    }
}
