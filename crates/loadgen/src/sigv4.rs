//! Compact AWS Signature Version 4 signer for `POST /` requests with a
//! form-encoded body (the AWS Query protocol).
//!
//! Signed headers are always `content-type`, `host`, `x-amz-date` and, when a
//! session token is used, `x-amz-security-token`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// Content type of every request the load generator sends.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Formats a timestamp as the SigV4 `X-Amz-Date` value (`YYYYMMDDTHHMMSSZ`).
pub fn amz_date(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Signs requests for one set of credentials, region and service. Caches the
/// derived signing key for the current day.
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    secret_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    cached_key: Option<(String, [u8; 32])>,
}

/// Intermediate products of signing, exposed for tests and debugging.
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct Signed {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub authorization: String,
}

impl Signer {
    pub fn new(
        access_key: &str,
        secret_key: &str,
        session_token: Option<&str>,
        region: &str,
        service: &str,
    ) -> Self {
        Signer {
            access_key: access_key.to_owned(),
            secret_key: secret_key.to_owned(),
            session_token: session_token.map(str::to_owned),
            region: region.to_owned(),
            service: service.to_owned(),
            cached_key: None,
        }
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    fn signing_key(&mut self, date: &str) -> [u8; 32] {
        if let Some((d, k)) = &self.cached_key
            && d == date
        {
            return *k;
        }
        let k_secret = format!("AWS4{}", self.secret_key);
        let k_date = hmac(k_secret.as_bytes(), date.as_bytes());
        let k_region = hmac(&k_date, self.region.as_bytes());
        let k_service = hmac(&k_region, self.service.as_bytes());
        let k_signing = hmac(&k_service, b"aws4_request");
        self.cached_key = Some((date.to_owned(), k_signing));
        k_signing
    }

    /// Signs `POST /` with the given `Host` header value, `X-Amz-Date` value
    /// (`YYYYMMDDTHHMMSSZ`) and body.
    pub fn sign_post(&mut self, host: &str, amz_date: &str, body: &[u8]) -> Signed {
        let date = &amz_date[..8];
        let (token_header, signed_headers) = match &self.session_token {
            Some(t) => (
                format!("x-amz-security-token:{t}\n"),
                "content-type;host;x-amz-date;x-amz-security-token",
            ),
            None => (String::new(), "content-type;host;x-amz-date"),
        };
        let canonical_request = format!(
            "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\nx-amz-date:{amz_date}\n{token_header}\n{signed_headers}\n{}",
            sha256_hex(body)
        );
        let scope = format!("{date}/{}/{}/aws4_request", self.region, self.service);
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            sha256_hex(canonical_request.as_bytes())
        );
        let key = self.signing_key(date);
        let signature = hex::encode(hmac(&key, string_to_sign.as_bytes()));
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            self.access_key
        );
        Signed {
            canonical_request,
            string_to_sign,
            authorization,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // botocore aws4_testsuite: post-x-www-form-urlencoded
    const CREQ: &str = "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
    const STS: &str = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281";
    const AUTHZ: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";

    fn example_signer() -> Signer {
        Signer::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            "us-east-1",
            "service",
        )
    }

    #[test]
    fn aws4_testsuite_post_x_www_form_urlencoded() {
        let mut s = example_signer();
        let signed = s.sign_post(
            "example.amazonaws.com",
            "20150830T123600Z",
            b"Param1=value1",
        );
        assert_eq!(signed.canonical_request, CREQ);
        assert_eq!(signed.string_to_sign, STS);
        assert_eq!(signed.authorization, AUTHZ);
        // Second signature uses the cached key and must be identical.
        let again = s.sign_post(
            "example.amazonaws.com",
            "20150830T123600Z",
            b"Param1=value1",
        );
        assert_eq!(again.authorization, AUTHZ);
    }

    #[test]
    fn signing_key_cache_follows_the_date() {
        let mut s = example_signer();
        let a = s.sign_post("h", "20150830T123600Z", b"x").authorization;
        let b = s.sign_post("h", "20150831T000000Z", b"x").authorization;
        let mut fresh = example_signer();
        let c = fresh.sign_post("h", "20150831T000000Z", b"x").authorization;
        assert_ne!(a, b);
        assert_eq!(b, c);
    }

    #[test]
    fn session_token_is_signed() {
        let mut s = Signer::new("AK", "SK", Some("TOKEN"), "us-east-1", "iam");
        let signed = s.sign_post("h", "20150830T123600Z", b"x");
        assert!(
            signed
                .canonical_request
                .contains("x-amz-date:20150830T123600Z\nx-amz-security-token:TOKEN\n\n")
        );
        assert!(
            signed
                .authorization
                .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,")
        );
    }

    #[test]
    fn amz_date_format() {
        let t = time::macros::datetime!(2015-08-30 12:36:00 UTC);
        assert_eq!(amz_date(t), "20150830T123600Z");
    }
}
