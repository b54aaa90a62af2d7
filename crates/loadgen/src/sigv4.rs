//! Signing `POST /` requests with a form-encoded body (the AWS Query protocol) through
//! iam-wire's SigV4 signer, the one the server's tests use: the load generator signs exactly as
//! the verifier computes. (iam-wire caches the derived signing key per thread.)
//!
//! Signed headers are always `content-type`, `host`, `x-amz-date` and, when a
//! session token is used, `x-amz-security-token`.

use time::OffsetDateTime;

/// Content type of every request the load generator sends.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Signs requests for one set of credentials, region and service.
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    secret_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    /// The headers signed besides those the signer adds: `content-type`.
    headers: [(String, String); 1],
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
            headers: [("content-type".to_owned(), CONTENT_TYPE.to_owned())],
        }
    }

    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "the tests check the credentials read")
    )]
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// Signs `POST /` with the given `Host` header value, time and body. Returns the headers to
    /// add besides `host` and `content-type`: `authorization`, `x-amz-date` and, with a session
    /// token, `x-amz-security-token`.
    pub fn sign_post(&self, host: &str, now: OffsetDateTime, body: &[u8]) -> Vec<(String, String)> {
        iam_wire::sigv4::sign(
            "POST",
            host,
            "/",
            "",
            &self.headers,
            body,
            &self.access_key,
            &self.secret_key,
            self.session_token.as_deref(),
            &self.region,
            &self.service,
            now,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // botocore aws4_testsuite: post-x-www-form-urlencoded
    const AUTHZ: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";
    const NOW: OffsetDateTime = time::macros::datetime!(2015-08-30 12:36:00 UTC);

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn aws4_testsuite_post_x_www_form_urlencoded() {
        let s = Signer::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            "us-east-1",
            "service",
        );
        let signed = s.sign_post("example.amazonaws.com", NOW, b"Param1=value1");
        assert_eq!(header(&signed, "authorization"), Some(AUTHZ));
        assert_eq!(header(&signed, "x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(header(&signed, "x-amz-security-token"), None);
    }

    #[test]
    fn session_token_is_signed() {
        let s = Signer::new("AK", "SK", Some("TOKEN"), "us-east-1", "iam");
        let signed = s.sign_post("h", NOW, b"x");
        assert!(header(&signed, "authorization").is_some_and(|a| {
            a.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,")
        }));
        assert_eq!(header(&signed, "x-amz-security-token"), Some("TOKEN"));
    }
}
