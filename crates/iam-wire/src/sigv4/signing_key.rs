//! SigV4 task 3: the signing key `kSigning`, derived from the secret and the credential scope,
//! cached per thread because the four HMACs cost about a microsecond per request.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>

#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::string_slice
)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;

use super::{HmacSha256, TERMINATOR};

/// Entries kept per thread before the cache is emptied.
const KEY_CACHE_CAPACITY: usize = 1024;

struct CachedKey {
    secret: Box<[u8]>,
    date: Box<str>,
    region: Box<str>,
    service: Box<str>,
    /// HMAC already keyed with the signing key: cloning it skips the key schedule too.
    mac: HmacSha256,
}

struct KeyCache {
    hasher: RandomState,
    entries: HashMap<u64, CachedKey>,
}

thread_local! {
    static KEY_CACHE: RefCell<KeyCache> =
        RefCell::new(KeyCache { hasher: RandomState::new(), entries: HashMap::new() });
}

/// An HMAC keyed with `kSigning` for (secret, date, region, service), from the cache when possible.
/// Entries are checked field by field on a hit, so a hash collision only costs a derivation.
pub(super) fn signing_mac(secret: &[u8], date: &str, region: &str, service: &str) -> HmacSha256 {
    let cached = KEY_CACHE.try_with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return derive_signing_mac(secret, date, region, service);
        };
        let slot = cache.hasher.hash_one((secret, date, region, service));
        if let Some(entry) = cache.entries.get(&slot)
            && &*entry.date == date
            && &*entry.region == region
            && &*entry.service == service
            && bool::from(entry.secret.ct_eq(secret))
        {
            return entry.mac.clone();
        }
        let mac = derive_signing_mac(secret, date, region, service);
        if cache.entries.len() >= KEY_CACHE_CAPACITY {
            cache.entries.clear();
        }
        cache.entries.insert(
            slot,
            CachedKey {
                secret: secret.into(),
                date: date.into(),
                region: region.into(),
                service: service.into(),
                mac: mac.clone(),
            },
        );
        mac
    });
    cached.unwrap_or_else(|_| derive_signing_mac(secret, date, region, service))
}

fn derive_signing_mac(secret: &[u8], date: &str, region: &str, service: &str) -> HmacSha256 {
    let mut k_secret = Vec::with_capacity(secret.len() + 4);
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret);
    let k_date = hmac_sha256(&k_secret, date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, TERMINATOR.as_bytes());
    keyed_mac(&k_signing)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_mac(key);
    Mac::update(&mut mac, data);
    mac.finalize().into_bytes().into()
}

#[expect(
    clippy::expect_used,
    reason = "HMAC accepts keys of any length; new_from_slice cannot fail"
)]
fn keyed_mac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::canonical::hex64;

    #[test]
    fn signing_key_matches_aws_example() {
        // The documented example key derivation (secret, 20120215, us-east-1, iam).
        let mut mac = derive_signing_mac(
            b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        );
        Mac::update(&mut mac, b"");
        let cached = signing_mac(
            b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        );
        let again = signing_mac(
            b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        );
        assert_eq!(mac.finalize().into_bytes(), cached.finalize().into_bytes());
        let other = signing_mac(b"another secret", "20120215", "us-east-1", "iam");
        assert_ne!(again.finalize().into_bytes(), other.finalize().into_bytes());
        let k = hmac_sha256(
            &hmac_sha256(
                &hmac_sha256(
                    &hmac_sha256(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", b"20120215"),
                    b"us-east-1",
                ),
                b"iam",
            ),
            b"aws4_request",
        );
        assert_eq!(
            String::from_utf8_lossy(&hex64(&k)),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }
}
