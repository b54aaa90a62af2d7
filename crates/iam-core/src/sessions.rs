//! Temporary security credentials. The session token is self-contained: the session's claims
//! (principal, expiry, MFA, session policies and tags, and the secret) sealed with AES-256-GCM
//! under the master key. Nothing is stored per session, a restart keeps every session valid
//! until it expires, and a modified token fails authentication (IAM User Guide:
//! id_credentials_temp, id_credentials_temp_request).
use crate::entities::Tag;
use crate::secrets::{MasterKey, Purpose};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

/// Who a session acts as.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub enum SessionKind {
    /// AssumeRole: acts as the role.
    AssumedRole {
        role_id: String,
        role_name: String,
        /// The role's ARN with its path.
        role_arn: String,
        session_name: String,
    },
    /// GetSessionToken by a user: acts as the user, with MFA context.
    User { user_id: String },
    /// GetSessionToken by the root user.
    Root,
    /// AssumeRoot: the root user of a member account, for the privileged task its AWS-managed
    /// root-task policy allows (IAM User Guide: id_root-user-privileged-task).
    RootTask { task_policy_arn: String },
    /// GetFederationToken: acts as the calling IAM user (`None`: the root user), limited by
    /// the session policies passed (IAM User Guide: id_credentials_temp_control-access_getfederationtoken).
    FederatedUser {
        user_id: Option<String>,
        name: String,
    },
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionClaims {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub account_id: String,
    pub kind: SessionKind,
    pub issued: i64,
    pub expires: i64,
    /// When MFA was verified for this session (carried through role chaining).
    #[serde(default)]
    pub mfa_auth_time: Option<i64>,
    /// Session policies: an inline document and managed policy ARNs.
    #[serde(default)]
    pub session_policy: Option<String>,
    #[serde(default)]
    pub policy_arns: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub transitive_tag_keys: Vec<String>,
    #[serde(default)]
    pub source_identity: Option<String>,
    /// Created by a role session assuming another role (capped at one hour).
    #[serde(default)]
    pub chained: bool,
}

impl std::fmt::Debug for SessionClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionClaims")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("account_id", &self.account_id)
            .field("kind", &self.kind)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

/// Prefix so tokens are recognisable in logs and support questions; the rest is opaque.
const TOKEN_PREFIX: &str = "IAMD";

pub fn seal_token(master: &MasterKey, claims: &SessionClaims) -> String {
    let json = serde_json::to_string(claims).expect("claims serialize");
    format!(
        "{TOKEN_PREFIX}{}",
        master.seal_for(Purpose::SessionToken, "", &json)
    )
}

/// `None` for anything that is not a token this server sealed with this key.
pub fn open_token(master: &MasterKey, token: &str) -> Option<SessionClaims> {
    let sealed = token.strip_prefix(TOKEN_PREFIX)?;
    let json = master.open_for(Purpose::SessionToken, "", sealed)?;
    serde_json::from_str(json.expose()).ok()
}

/// Entries kept by `OpenedTokens` before it is emptied.
pub const OPENED_TOKENS_CAPACITY: usize = 4096;

/// Session tokens this server has opened, so that each request of a session does not pay the
/// base64 decoding, AES-256-GCM decryption and JSON decoding of its token again. Keyed by a
/// (randomly keyed) hash of the token; a hit counts only if the whole token is byte-identical to
/// the one that was opened, so the cached claims are exactly what `open_token` would return.
/// Only tokens that opened successfully are kept; expiry and everything else are still checked
/// by the caller on every request. Bounded: emptied when full.
#[derive(Default)]
pub struct OpenedTokens {
    hasher: std::collections::hash_map::RandomState,
    entries: parking_lot::RwLock<HashMap<u64, OpenedToken>>,
}

/// A token and the claims it opened to.
type OpenedToken = (Box<str>, Arc<SessionClaims>);

impl OpenedTokens {
    /// `open_token`, from the cache when this exact token was opened before.
    pub fn open(&self, master: &MasterKey, token: &str) -> Option<Arc<SessionClaims>> {
        let slot = self.hasher.hash_one(token);
        // A plain comparison: the token is not a secret by itself (the session's secret key is
        // sealed inside it and every request must still be signed with that key), and a
        // constant-time comparison of ~600 bytes cost ~0.8 µs per request.
        if let Some((cached, claims)) = self.entries.read().get(&slot)
            && **cached == *token
        {
            return Some(claims.clone());
        }
        let claims = Arc::new(open_token(master, token)?);
        let mut entries = self.entries.write();
        if entries.len() >= OPENED_TOKENS_CAPACITY {
            entries.clear();
        }
        entries.insert(slot, (token.into(), claims.clone()));
        Some(claims)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.read().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> SessionClaims {
        SessionClaims {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "s3cr3t".into(),
            account_id: "123456789012".into(),
            kind: SessionKind::Root,
            issued: 1,
            expires: 2,
            mfa_auth_time: None,
            session_policy: None,
            policy_arns: vec![],
            tags: vec![],
            transitive_tag_keys: vec![],
            source_identity: None,
            chained: false,
        }
    }

    #[test]
    fn tokens_round_trip_and_tampering_fails() {
        let k = MasterKey::generate();
        let t = seal_token(&k, &claims());
        assert_eq!(open_token(&k, &t), Some(claims()));
        assert!(!t.contains("s3cr3t"));
        let mut bytes = t.into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        assert_eq!(open_token(&k, &String::from_utf8(bytes).unwrap()), None);
        assert!(!format!("{:?}", claims()).contains("s3cr3t"));
    }

    #[test]
    fn opened_tokens_cache_exact_tokens_only_and_stay_bounded() {
        let k = MasterKey::generate();
        let cache = OpenedTokens::default();
        let t = seal_token(&k, &claims());
        let first = cache.open(&k, &t).unwrap();
        let again = cache.open(&k, &t).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(*again, claims());
        // A modified copy of a cached token is not found in the cache and fails to open.
        let mut bytes = t.clone().into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(cache.open(&k, &tampered).is_none());
        assert!(cache.open(&k, &format!("{t}A")).is_none());
        assert!(cache.open(&k, &t[..t.len() - 1]).is_none());
        // Sealed under another key: not opened, even though the cache holds a token.
        assert!(
            cache
                .open(
                    &MasterKey::generate(),
                    &seal_token(&MasterKey::generate(), &claims())
                )
                .is_none()
        );
        assert_eq!(cache.len(), 1);
        for _ in 0..OPENED_TOKENS_CAPACITY + 10 {
            cache.open(&k, &seal_token(&k, &claims())).unwrap();
        }
        assert!(cache.len() <= OPENED_TOKENS_CAPACITY);
        assert_eq!(*cache.open(&k, &t).unwrap(), claims());
    }
}
