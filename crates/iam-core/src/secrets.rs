//! Secrets at rest and in memory: secret access keys are sealed with AES-256-GCM under the data
//! directory's master key; passwords are argon2id hashes. Neither ever reaches `Debug` or a log.
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use rand::RngCore;

/// A secret string whose `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Self {
        Self(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The 256-bit key that seals secrets at rest.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        Self(k)
    }
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        <[u8; 32]>::try_from(bytes).ok().map(Self)
    }
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A secret kept at rest (secret access keys, MFA seeds, private keys, service
    /// credentials): `seal_for(Purpose::StoredSecret, "", …)`.
    pub fn seal(&self, plaintext: &str) -> String {
        self.seal_for(Purpose::StoredSecret, "", plaintext)
    }

    /// Opens a secret kept at rest. Records written before sealing was bound to a purpose
    /// (no associated data) still open here, and only here: nothing a client sends reaches
    /// this path, which reads the store alone.
    pub fn open(&self, sealed: &str) -> Option<Secret> {
        self.open_for(Purpose::StoredSecret, "", sealed)
            .or_else(|| self.open_raw(sealed, b""))
    }

    /// `base64(nonce ‖ ciphertext)`, a fresh random nonce per seal, with the purpose and its
    /// scope (e.g. the account an authorization message is for) bound as associated data.
    ///
    /// INVARIANT (sealed-purpose): a blob sealed for one purpose or scope never opens as
    /// another: AES-GCM authenticates the associated data, so `open_for` with any other
    /// purpose or scope fails.
    pub fn seal_for(&self, purpose: Purpose, scope: &str, plaintext: &str) -> String {
        let cipher = Aes256Gcm::new_from_slice(&self.0).expect("32-byte key");
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = purpose.associated_data(scope);
        let ct = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("AES-GCM encryption of a short secret cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        B64.encode(out)
    }

    /// A key of its own for `label`, derived from the master key (HMAC-SHA256): every node
    /// with the same master key derives the same one.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(b"iamd/derived-key/v1\0");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Opens what `seal_for` sealed with the same purpose and scope; `None` for anything else.
    pub fn open_for(&self, purpose: Purpose, scope: &str, sealed: &str) -> Option<Secret> {
        self.open_raw(sealed, &purpose.associated_data(scope))
    }

    fn open_raw(&self, sealed: &str, aad: &[u8]) -> Option<Secret> {
        let raw = B64.decode(sealed).ok()?;
        if raw.len() < 12 {
            return None;
        }
        let (nonce, ct) = raw.split_at(12);
        let cipher = Aes256Gcm::new_from_slice(&self.0).ok()?;
        let pt = cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad })
            .ok()?;
        String::from_utf8(pt).ok().map(Secret)
    }
}

/// What a sealed blob is for. Each purpose is bound into its blobs (see `seal_for`), so a
/// session token cannot be decoded as an authorization message, nor a stored secret
/// presented as a session token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Secrets kept at rest in the store; never sent to a client.
    StoredSecret,
    /// STS session tokens: a session's claims, its secret included.
    SessionToken,
    /// DecodeAuthorizationMessage's input, scoped to the account it was issued to.
    AuthorizationMessage,
    /// LookupEvents' NextToken, scoped to the account it was issued to.
    LookupToken,
    /// The federation endpoint's SigninToken (`/federation?Action=getSigninToken`): a
    /// session's credentials on their way to becoming a console session.
    ConsoleSigninToken,
    /// A console session, pending MFA step or used SigninToken kept in the store (scope: its
    /// record key), so that any node of a cluster serves it.
    ConsoleSession,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::StoredSecret => "iamd/stored-secret/v1",
            Purpose::SessionToken => "iamd/session-token/v1",
            Purpose::AuthorizationMessage => "iamd/authorization-message/v1",
            Purpose::LookupToken => "iamd/lookup-token/v1",
            Purpose::ConsoleSigninToken => "iamd/console-signin-token/v1",
            Purpose::ConsoleSession => "iamd/console-session/v1",
        }
    }

    fn associated_data(self, scope: &str) -> Vec<u8> {
        let mut aad = self.label().as_bytes().to_vec();
        aad.push(0);
        aad.extend_from_slice(scope.as_bytes());
        aad
    }
}

/// argon2id with the crate's defaults (m=19 MiB, t=2, p=1: OWASP's recommendation).
pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Constant-time by construction (argon2's verifier compares in constant time).
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_blob_never_opens_as_another_purpose_or_scope() {
        let k = MasterKey::generate();
        let token = k.seal_for(Purpose::SessionToken, "", "claims");
        assert_eq!(
            k.open_for(Purpose::SessionToken, "", &token)
                .unwrap()
                .expose(),
            "claims"
        );
        assert!(
            k.open_for(Purpose::AuthorizationMessage, "", &token)
                .is_none()
        );
        assert!(k.open(&token).is_none());
        let stored = k.seal("secret");
        assert!(k.open_for(Purpose::SessionToken, "", &stored).is_none());
        assert!(
            k.open_for(Purpose::AuthorizationMessage, "", &stored)
                .is_none()
        );
        let message = k.seal_for(Purpose::AuthorizationMessage, "111111111111", "{}");
        assert!(
            k.open_for(Purpose::AuthorizationMessage, "222222222222", &message)
                .is_none()
        );
        assert!(
            k.open_for(Purpose::AuthorizationMessage, "111111111111", &message)
                .is_some()
        );
        assert!(k.open_for(Purpose::SessionToken, "", &message).is_none());
    }

    #[test]
    fn seal_open_round_trip_and_debug_redacts() {
        let k = MasterKey::generate();
        let sealed = k.seal("wJalrXUtnFEMI/K7MDENG");
        assert!(!sealed.contains("wJalr"));
        assert_eq!(k.open(&sealed).unwrap().expose(), "wJalrXUtnFEMI/K7MDENG");
        assert!(MasterKey::generate().open(&sealed).is_none());
        assert_eq!(
            format!("{:?}", Secret::new("x".into())),
            "Secret(<redacted>)"
        );
    }

    #[test]
    fn argon2id_hash_verifies() {
        let h = hash_password("correct horse");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
    }
}
