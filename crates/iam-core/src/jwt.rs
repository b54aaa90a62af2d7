//! JSON Web Tokens as AssumeRoleWithWebIdentity reads them: the compact JWS form, RS256 and
//! ES256 signatures checked against the OIDC provider's JSON Web Key Set (RFC 7515, 7517,
//! 7518, 7519; IAM User Guide: id_roles_providers_oidc). No I/O: the key set is an argument.
use base64::Engine;
use serde_json::{Map, Value};

/// Why a token is refused; each becomes `InvalidIdentityToken` with AWS's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the token is not a JWT")]
    Malformed,
    #[error("unsupported signing algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    #[error("the provider's key set is missing or invalid")]
    NoKeySet,
    #[error("no key of the provider's key set verifies the signature")]
    BadSignature,
}

/// A decoded (not yet verified) token.
#[derive(Debug, Clone)]
pub struct Jwt {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

fn b64url(s: &str) -> Option<Vec<u8>> {
    // Tolerate padding, which some issuers add although RFC 7515 §2 forbids it.
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

fn json_object(bytes: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

impl Jwt {
    pub fn decode(token: &str) -> Result<Jwt, JwtError> {
        let mut parts = token.split('.');
        let (Some(h), Some(c), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let header = b64url(h)
            .and_then(|b| json_object(&b))
            .ok_or(JwtError::Malformed)?;
        let claims = b64url(c)
            .and_then(|b| json_object(&b))
            .ok_or(JwtError::Malformed)?;
        let signature = b64url(s).ok_or(JwtError::Malformed)?;
        Ok(Jwt {
            header,
            claims,
            signing_input: format!("{h}.{c}"),
            signature,
        })
    }

    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A claim that may be a string or an array of strings (`aud`, `amr`).
    pub fn claim_strings(&self, name: &str) -> Vec<String> {
        match self.claims.get(name) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A numeric date claim (`exp`, `nbf`, `iat`), seconds since the epoch.
    pub fn claim_time(&self, name: &str) -> Option<i64> {
        let v = self.claims.get(name)?;
        v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
    }

    /// Verifies the signature with the keys of `jwks` (a JWKS document): the key named by the
    /// header's `kid` if there is one, otherwise every key of the algorithm's type.
    pub fn verify(&self, jwks: &str) -> Result<(), JwtError> {
        let alg = self.header.get("alg").and_then(Value::as_str).unwrap_or("");
        let kty = match alg {
            "RS256" => "RSA",
            "ES256" => "EC",
            other => return Err(JwtError::UnsupportedAlgorithm(other.to_string())),
        };
        let set: Value = serde_json::from_str(jwks).map_err(|_| JwtError::NoKeySet)?;
        let keys = set
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(JwtError::NoKeySet)?;
        let kid = self.header.get("kid").and_then(Value::as_str);
        let candidates = keys.iter().filter(|k| {
            k.get("kty").and_then(Value::as_str) == Some(kty)
                && kid.is_none_or(|kid| k.get("kid").and_then(Value::as_str) == Some(kid))
                && k.get("use")
                    .and_then(Value::as_str)
                    .is_none_or(|u| u == "sig")
                && k.get("alg")
                    .and_then(Value::as_str)
                    .is_none_or(|a| a == alg)
        });
        for key in candidates {
            let ok = match kty {
                "RSA" => verify_rs256(key, self.signing_input.as_bytes(), &self.signature),
                _ => verify_es256(key, self.signing_input.as_bytes(), &self.signature),
            };
            if ok {
                return Ok(());
            }
        }
        Err(JwtError::BadSignature)
    }
}

fn key_bytes(key: &Value, member: &str) -> Option<Vec<u8>> {
    b64url(key.get(member)?.as_str()?)
}

fn verify_rs256(key: &Value, message: &[u8], signature: &[u8]) -> bool {
    use rsa::signature::Verifier;
    let (Some(n), Some(e)) = (key_bytes(key, "n"), key_bytes(key, "e")) else {
        return false;
    };
    let n = rsa::BoxedUint::from_be_slice_vartime(&n);
    let e = rsa::BoxedUint::from_be_slice_vartime(&e);
    let Ok(public) = rsa::PublicKey::new(n, e) else {
        return false;
    };
    let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return false;
    };
    rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public)
        .verify(message, &sig)
        .is_ok()
}

fn verify_es256(key: &Value, message: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    if key.get("crv").and_then(Value::as_str) != Some("P-256") {
        return false;
    }
    let (Some(x), Some(y)) = (key_bytes(key, "x"), key_bytes(key, "y")) else {
        return false;
    };
    if x.len() != 32 || y.len() != 32 {
        return false;
    }
    let mut sec1 = Vec::with_capacity(65);
    sec1.push(4);
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    let Ok(vk) = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1) else {
        return false;
    };
    // JWS ES256 signatures are the raw 64-byte R || S (RFC 7518 §3.4), not DER.
    let Ok(sig) = p256::ecdsa::Signature::from_slice(signature) else {
        return false;
    };
    vk.verify(message, &sig).is_ok()
}

/// Checks that `jwks` is a key set this module can use (CreateOpenIDConnectProvider's
/// companion, `Iam::put_openid_connect_provider_jwks`).
pub fn validate_jwks(jwks: &str) -> Result<usize, JwtError> {
    let set: Value = serde_json::from_str(jwks).map_err(|_| JwtError::NoKeySet)?;
    let keys = set
        .get("keys")
        .and_then(Value::as_array)
        .ok_or(JwtError::NoKeySet)?;
    let usable = keys
        .iter()
        .filter(|k| match k.get("kty").and_then(Value::as_str) {
            Some("RSA") => key_bytes(k, "n").is_some() && key_bytes(k, "e").is_some(),
            Some("EC") => key_bytes(k, "x").is_some() && key_bytes(k, "y").is_some(),
            _ => false,
        })
        .count();
    if usable == 0 {
        return Err(JwtError::NoKeySet);
    }
    Ok(usable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_tokens_are_refused() {
        assert_eq!(Jwt::decode("a.b").unwrap_err(), JwtError::Malformed);
        assert_eq!(Jwt::decode("a.b.c.d").unwrap_err(), JwtError::Malformed);
        assert_eq!(Jwt::decode("!!.e30.").unwrap_err(), JwtError::Malformed);
        // {"alg":"none"} . {} . (empty signature)
        let t = Jwt::decode("eyJhbGciOiJub25lIn0.e30.").unwrap();
        assert_eq!(
            t.verify(r#"{"keys":[]}"#).unwrap_err(),
            JwtError::UnsupportedAlgorithm("none".into())
        );
    }

    #[test]
    fn key_sets_are_validated() {
        assert!(validate_jwks("{}").is_err());
        assert!(validate_jwks(r#"{"keys":[{"kty":"oct","k":"AA"}]}"#).is_err());
        assert_eq!(
            validate_jwks(r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#),
            Ok(1)
        );
    }
}

/// A deterministic byte stream for key generation: SHA-256 in counter mode over a secret seed
/// and a label, so the same master key always yields the same signing keys (nothing to store,
/// and tokens stay verifiable across restarts).
struct SeededRng {
    seed: Vec<u8>,
    counter: u64,
    buffer: Vec<u8>,
}

impl SeededRng {
    fn new(secret: &[u8], label: &str) -> Self {
        let mut seed = secret.to_vec();
        seed.extend_from_slice(label.as_bytes());
        Self {
            seed,
            counter: 0,
            buffer: Vec::new(),
        }
    }

    fn fill(&mut self, dst: &mut [u8]) {
        use sha2::Digest;
        for b in dst {
            if self.buffer.is_empty() {
                let mut h = sha2::Sha256::new();
                h.update(&self.seed);
                h.update(self.counter.to_be_bytes());
                self.counter += 1;
                self.buffer = h.finalize().to_vec();
            }
            *b = self.buffer.pop().unwrap_or_default();
        }
    }
}

impl rand_core_010::TryRng for SeededRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.fill(dst);
        Ok(())
    }
}

impl rand_core_010::TryCryptoRng for SeededRng {}

fn b64url_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The keys GetWebIdentityToken signs with (RS256: RSA-2048; ES384: P-384), derived from the
/// server's master key, and their public JSON Web Key Set.
pub struct SigningKeys {
    rsa: rsa::pkcs1v15::SigningKey<sha2::Sha256>,
    rsa_jwk: Value,
    ec: p384::ecdsa::SigningKey,
    ec_jwk: Value,
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeys").finish_non_exhaustive()
    }
}

/// A key ID: the first 16 bytes of the SHA-256 of the public key material.
fn kid(parts: &[&[u8]]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p);
    }
    b64url_encode(&h.finalize()[..16])
}

impl SigningKeys {
    pub fn derive(secret: &[u8]) -> Self {
        use rsa::traits::PublicKeyParts;
        let mut rng = SeededRng::new(secret, "iamd outbound web identity RS256");
        let private = rsa::PrivateKey::new(&mut rng, 2048).expect("RSA key generation");
        let n = private.n().to_be_bytes_trimmed_vartime();
        let e = private.e().to_be_bytes_trimmed_vartime();
        let rsa_jwk = serde_json::json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid(&[&n, &e]),
            "n": b64url_encode(&n), "e": b64url_encode(&e),
        });
        let mut rng = SeededRng::new(secret, "iamd outbound web identity ES384");
        let ec = loop {
            let mut scalar = [0u8; 48];
            rng.fill(&mut scalar);
            if let Ok(k) = p384::ecdsa::SigningKey::from_slice(&scalar) {
                break k;
            }
        };
        let point = ec.verifying_key().to_sec1_point(false);
        let (x, y) = (
            point.x().map(|x| x.to_vec()).unwrap_or_default(),
            point.y().map(|y| y.to_vec()).unwrap_or_default(),
        );
        let ec_jwk = serde_json::json!({
            "kty": "EC", "use": "sig", "alg": "ES384", "crv": "P-384", "kid": kid(&[&x, &y]),
            "x": b64url_encode(&x), "y": b64url_encode(&y),
        });
        Self {
            rsa: rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private),
            rsa_jwk,
            ec,
            ec_jwk,
        }
    }

    /// The public keys as a JWKS document.
    pub fn jwks(&self) -> Value {
        serde_json::json!({ "keys": [self.rsa_jwk, self.ec_jwk] })
    }

    /// A compact JWS of `claims` signed with `alg` (`RS256` or `ES384`); `None` for another
    /// algorithm.
    pub fn sign(&self, alg: &str, claims: &Value) -> Option<String> {
        use rsa::signature::{SignatureEncoding, Signer};
        let jwk = match alg {
            "RS256" => &self.rsa_jwk,
            "ES384" => &self.ec_jwk,
            _ => return None,
        };
        let header = serde_json::json!({"alg": alg, "typ": "JWT", "kid": jwk["kid"]});
        let input = format!(
            "{}.{}",
            b64url_encode(header.to_string().as_bytes()),
            b64url_encode(claims.to_string().as_bytes())
        );
        let signature = match alg {
            "RS256" => self.rsa.sign(input.as_bytes()).to_vec(),
            _ => {
                let s: p384::ecdsa::Signature = self.ec.sign(input.as_bytes());
                s.to_bytes().to_vec()
            }
        };
        Some(format!("{input}.{}", b64url_encode(&signature)))
    }
}

#[cfg(test)]
mod signing_tests {
    use super::*;

    #[test]
    fn signed_tokens_verify_with_the_published_keys() {
        let keys = SigningKeys::derive(&[7u8; 32]);
        let claims = serde_json::json!({"iss": "https://issuer.example", "sub": "me"});
        // RS256 through the verifier AssumeRoleWithWebIdentity uses.
        let token = keys.sign("RS256", &claims).unwrap();
        let jwt = Jwt::decode(&token).unwrap();
        assert_eq!(jwt.claim_str("sub"), Some("me"));
        jwt.verify(&keys.jwks().to_string()).unwrap();
        // ES384 with the published P-384 key.
        use p384::ecdsa::signature::Verifier;
        let token = keys.sign("ES384", &claims).unwrap();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let jwk = &keys.jwks()["keys"][1];
        let mut sec1 = vec![4u8];
        sec1.extend(b64url(jwk["x"].as_str().unwrap()).unwrap());
        sec1.extend(b64url(jwk["y"].as_str().unwrap()).unwrap());
        let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).unwrap();
        let sig = p384::ecdsa::Signature::from_slice(&b64url(sig).unwrap()).unwrap();
        vk.verify(input.as_bytes(), &sig).unwrap();
        assert!(keys.sign("HS256", &claims).is_none());
        // Same secret, same keys.
        assert_eq!(SigningKeys::derive(&[7u8; 32]).jwks(), keys.jwks());
    }
}
