//! AWS Signature Version 4 verification for IAM and STS requests: the `Authorization` header form
//! and the presigned (query-string) form, plus a small client-side signer for our own tests and
//! load generator.
//!
//! Implements <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>
//! (canonical request, string to sign, signing key) with the non-S3 rules: the URI path is
//! normalized (dot segments removed, empty segments collapsed) and each segment percent-encoded
//! once more as received. Error codes and texts follow what IAM/STS return (all HTTP 403, `Sender`).
//!
//! Flow: [`parse_signature`] finds the auth data without any secret; the caller looks up the
//! secret for `credential.access_key_id`; [`verify`] checks the clock window, the credential
//! scope and then the signature, compared in constant time.
//!
//! Deliberate choices:
//! - The payload hash is always `hex(sha256(body))`, never taken from `x-amz-content-sha256`: the
//!   body carries the IAM action and its parameters, so `UNSIGNED-PAYLOAD` (an S3 feature) or a
//!   header that disagrees with the body must not verify. A client that sent the correct hash in
//!   that header signed the same value, so it still verifies.
//! - An `x-amz-security-token` header that is not in `SignedHeaders` is accepted (AWS allows adding
//!   the token after signing); the token is still returned so the caller can validate it.
//! - Presigned URLs: every query parameter but `X-Amz-Signature` is signed, including
//!   `X-Amz-Security-Token` (what STS does). `X-Amz-Expires` (at most 604800) bounds the URL's life.

#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::string_slice
)]

mod canonical;
mod signing_key;

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use canonical::{
    first_header, hex64, percent_decode, query_pairs, write_canonical_request, write_string_to_sign,
};
use signing_key::signing_mac;

type HmacSha256 = Hmac<Sha256>;

/// Error code: no `Authorization` header and no presigned query parameters.
pub const MISSING_AUTHENTICATION_TOKEN: &str = "MissingAuthenticationToken";
/// Error code: the auth data is present but malformed or incomplete.
pub const INCOMPLETE_SIGNATURE: &str = "IncompleteSignature";
/// Error code: wrong signature, clock outside the window, or a bad credential scope.
pub const SIGNATURE_DOES_NOT_MATCH: &str = "SignatureDoesNotMatch";

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const TERMINATOR: &str = "aws4_request";
/// Allowed clock skew between the request's timestamp and the server's clock, in seconds.
const SKEW_SECS: i64 = 15 * 60;
/// Longest life of a presigned URL (seven days), as AWS enforces.
const MAX_PRESIGN_EXPIRES: u64 = 604_800;

const MSG_MISSING_TOKEN: &str = "Request is missing Authentication Token";
const MSG_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. \
Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const MSG_HOST_NOT_SIGNED: &str =
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

/// The parts of an HTTP request that SigV4 covers, borrowed from the server's request.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// The method as received, e.g. `POST`.
    pub method: &'a str,
    /// The raw path without the query, as received (still percent-encoded).
    pub path: &'a str,
    /// The raw query string without `?`; may be empty.
    pub query: &'a str,
    /// Every header as received, names in any case, repeated names kept in order. HTTP/2
    /// servers must add a `host` header from `:authority`.
    pub headers: &'a [(String, String)],
    /// The whole body.
    pub body: &'a [u8],
}

/// The credential scope `AKID/yyyymmdd/region/service/aws4_request`, terminator checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    /// `yyyymmdd`.
    pub date: String,
    pub region: String,
    pub service: String,
}

/// SigV4 auth data found in a request by [`parse_signature`]; nothing in it is verified yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSignature {
    pub credential: Credential,
    /// Lowercased, in the order the client listed them.
    pub signed_headers: Vec<String>,
    /// The hex signature as sent.
    pub signature: String,
    /// The request time in ISO 8601 basic format (`20150830T123600Z`), from `x-amz-date`, the
    /// `X-Amz-Date` parameter, or the `Date` header (converted if it was an HTTP date).
    pub amz_date: String,
    /// `X-Amz-Security-Token` (parameter first, then header), signed or not.
    pub security_token: Option<String>,
    /// True for the query-string form.
    pub presigned: bool,
    /// `X-Amz-Expires` in seconds (presigned only).
    pub expires: Option<u64>,
}

/// An authentication failure: all are HTTP 403 with error type `Sender`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// One of [`MISSING_AUTHENTICATION_TOKEN`], [`INCOMPLETE_SIGNATURE`], [`SIGNATURE_DOES_NOT_MATCH`].
    pub code: &'static str,
    pub message: String,
}

impl AuthError {
    fn missing_token() -> Self {
        AuthError {
            code: MISSING_AUTHENTICATION_TOKEN,
            message: MSG_MISSING_TOKEN.to_owned(),
        }
    }

    fn incomplete(message: String) -> Self {
        AuthError {
            code: INCOMPLETE_SIGNATURE,
            message,
        }
    }

    fn mismatch(message: String) -> Self {
        AuthError {
            code: SIGNATURE_DOES_NOT_MATCH,
            message,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AuthError {}

// ---------------------------------------------------------------------------------------------
// Finding the signature
// ---------------------------------------------------------------------------------------------

/// Finds SigV4 auth in the `Authorization` header or in presigned query parameters and checks
/// its shape (no secret needed). Follows AWS's order: missing auth, both forms, algorithm,
/// `key=value` syntax, missing parts, `host` signed, date format, credential scope.
pub fn parse_signature(req: &HttpRequest<'_>) -> Result<ParsedSignature, AuthError> {
    let auth_header = first_header(req.headers, "authorization").filter(|h| !h.trim().is_empty());
    let mut query = QueryAuth::find(req.query);
    match (auth_header, query.algorithm.take()) {
        (Some(_), Some(_)) => Err(AuthError::mismatch(MSG_MISMATCH.to_owned())),
        (Some(header), None) => parse_header_auth(req, header),
        (None, Some(algorithm)) => parse_query_auth(req, &algorithm, query),
        (None, None) => Err(AuthError::missing_token()),
    }
}

/// Auth fields of the `Authorization` header or query, before they are checked.
struct RawAuth {
    credential: String,
    signed_headers: String,
    signature: String,
    date: String,
    date_from_http_date_header: bool,
    security_token: Option<String>,
    presigned: bool,
    expires: Option<u64>,
}

fn parse_header_auth(req: &HttpRequest<'_>, header: &str) -> Result<ParsedSignature, AuthError> {
    let header = header.trim();
    let (algorithm, params) = header.split_once(' ').unwrap_or((header, ""));
    if algorithm != ALGORITHM {
        return Err(AuthError::incomplete(format!(
            "Unsupported AWS 'algorithm': '{algorithm}'."
        )));
    }

    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for param in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = param.split_once('=') else {
            return Err(AuthError::incomplete(format!(
                "'{param}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'"
            )));
        };
        // The last occurrence of a key wins, as AWS does.
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }

    let amz_date = first_header(req.headers, "x-amz-date");
    let date = amz_date.or_else(|| first_header(req.headers, "date"));
    let mut missing = Vec::new();
    if credential.is_none() {
        missing.push("Authorization header requires 'Credential' parameter.");
    }
    if signature.is_none() {
        missing.push("Authorization header requires 'Signature' parameter.");
    }
    if signed_headers.is_none() {
        missing.push("Authorization header requires 'SignedHeaders' parameter.");
    }
    if date.is_none() {
        missing.push(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        );
    }
    let (Some(credential), Some(signed_headers), Some(signature), Some(date)) =
        (credential, signed_headers, signature, date)
    else {
        return Err(AuthError::incomplete(format!(
            "{} Authorization={header}",
            missing.join(" ")
        )));
    };

    finish_parse(RawAuth {
        credential: credential.to_owned(),
        signed_headers: signed_headers.to_owned(),
        signature: signature.to_owned(),
        date: date.trim().to_owned(),
        date_from_http_date_header: amz_date.is_none(),
        security_token: first_header(req.headers, "x-amz-security-token").map(str::to_owned),
        presigned: false,
        expires: None,
    })
}

/// The first value of each `X-Amz-*` auth parameter of a query string, percent-decoded.
#[derive(Default)]
struct QueryAuth {
    algorithm: Option<String>,
    credential: Option<String>,
    signature: Option<String>,
    signed_headers: Option<String>,
    date: Option<String>,
    expires: Option<String>,
    security_token: Option<String>,
}

impl QueryAuth {
    fn find(query: &str) -> Self {
        let mut found = QueryAuth::default();
        if !query.contains("X-Amz-") && !query.contains('%') {
            return found;
        }
        for (raw_key, raw_value) in query_pairs(query) {
            let slot = match &*percent_decode(raw_key) {
                b"X-Amz-Algorithm" => &mut found.algorithm,
                b"X-Amz-Credential" => &mut found.credential,
                b"X-Amz-Signature" => &mut found.signature,
                b"X-Amz-SignedHeaders" => &mut found.signed_headers,
                b"X-Amz-Date" => &mut found.date,
                b"X-Amz-Expires" => &mut found.expires,
                b"X-Amz-Security-Token" => &mut found.security_token,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(String::from_utf8_lossy(&percent_decode(raw_value)).into_owned());
            }
        }
        found
    }
}

fn parse_query_auth(
    req: &HttpRequest<'_>,
    algorithm: &str,
    query: QueryAuth,
) -> Result<ParsedSignature, AuthError> {
    if algorithm != ALGORITHM {
        return Err(AuthError::missing_token());
    }
    let present = |v: Option<String>| v.filter(|s| !s.is_empty());
    let (credential, signature) = (present(query.credential), present(query.signature));
    let (signed_headers, date) = (present(query.signed_headers), present(query.date));
    let mut missing = Vec::new();
    for (value, name) in [
        (credential.is_none(), "X-Amz-Credential"),
        (signature.is_none(), "X-Amz-Signature"),
        (signed_headers.is_none(), "X-Amz-SignedHeaders"),
        (date.is_none(), "X-Amz-Date"),
    ] {
        if value {
            missing.push(format!(
                "AWS query-string parameters must include '{name}'."
            ));
        }
    }
    let (Some(credential), Some(signature), Some(signed_headers), Some(date)) =
        (credential, signature, signed_headers, date)
    else {
        return Err(AuthError::incomplete(format!(
            "{} Re-examine the query-string parameters.",
            missing.join(" ")
        )));
    };

    let expires = match query.expires {
        None => None,
        Some(raw) => {
            let Ok(secs) = raw.parse::<u64>() else {
                return Err(AuthError::incomplete(
                    "X-Amz-Expires should be a number".to_owned(),
                ));
            };
            if secs > MAX_PRESIGN_EXPIRES {
                return Err(AuthError::incomplete(format!(
                    "X-Amz-Expires must be less than a week (in seconds) that is {MAX_PRESIGN_EXPIRES}"
                )));
            }
            Some(secs)
        }
    };

    finish_parse(RawAuth {
        credential,
        signed_headers,
        signature,
        date,
        date_from_http_date_header: false,
        security_token: query
            .security_token
            .or_else(|| first_header(req.headers, "x-amz-security-token").map(str::to_owned)),
        presigned: true,
        expires,
    })
}

/// The checks shared by both forms: `host` signed, date format, credential scope shape.
fn finish_parse(raw: RawAuth) -> Result<ParsedSignature, AuthError> {
    let signed_headers: Vec<String> = raw
        .signed_headers
        .split(';')
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    // iamd speaks HTTP/1.1, where the host is the `Host` header: `:authority` (HTTP/2's
    // pseudo-header) names no header here, so signing it would leave the host unsigned.
    if !signed_headers.iter().any(|h| h == "host") {
        return Err(AuthError::mismatch(MSG_HOST_NOT_SIGNED.to_owned()));
    }

    let timestamp = parse_amz_date(&raw.date).or_else(|| {
        raw.date_from_http_date_header
            .then(|| parse_http_date(&raw.date))
            .flatten()
    });
    let Some(timestamp) = timestamp else {
        return Err(AuthError::incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601",
            raw.date
        )));
    };

    let parts: Vec<&str> = raw.credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = parts.as_slice() else {
        return Err(AuthError::incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{}'",
            raw.credential
        )));
    };
    if *terminator != TERMINATOR {
        return Err(AuthError::mismatch(format!(
            "Credential should be scoped with a valid terminator: '{TERMINATOR}', not '{terminator}'."
        )));
    }

    Ok(ParsedSignature {
        credential: Credential {
            access_key_id: (*access_key_id).to_owned(),
            date: (*date).to_owned(),
            region: (*region).to_owned(),
            service: (*service).to_owned(),
        },
        signed_headers,
        signature: raw.signature,
        amz_date: format_amz_date(timestamp),
        security_token: raw.security_token,
        presigned: raw.presigned,
        expires: raw.expires,
    })
}

/// Checks the credential scope's region and service with AWS's messages. IAM and STS are
/// global: callers pass the service they serve and which regions they accept.
pub fn check_scope(
    credential: &Credential,
    service: &str,
    region_is_valid: impl Fn(&str) -> bool,
) -> Result<(), AuthError> {
    // AWS's texts, trailing space included.
    let mut message = String::new();
    if !region_is_valid(&credential.region) {
        message.push_str("Credential should be scoped to a valid region. ");
    }
    if credential.service != service {
        message.push_str(&format!(
            "Credential should be scoped to correct service: '{service}'. "
        ));
    }
    if message.is_empty() {
        Ok(())
    } else {
        Err(AuthError::mismatch(message))
    }
}

// ---------------------------------------------------------------------------------------------
// Verifying
// ---------------------------------------------------------------------------------------------

/// Recomputes the signature with `secret` (the secret access key itself, without the `AWS4`
/// prefix) and compares it in constant time, after checking the clock window (±15 minutes, or
/// `X-Amz-Expires` for presigned URLs) and that the scope's date is the request's date.
pub fn verify(
    req: &HttpRequest<'_>,
    sig: &ParsedSignature,
    secret: &[u8],
    now: OffsetDateTime,
) -> Result<(), AuthError> {
    let Some(request_time) = parse_amz_date(&sig.amz_date) else {
        return Err(AuthError::incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601",
            sig.amz_date
        )));
    };
    check_clock(request_time, sig, now.unix_timestamp())?;

    let request_day = sig.amz_date.get(..8).unwrap_or_default();
    if sig.credential.date != request_day {
        return Err(AuthError::mismatch(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{}'.",
            sig.credential.date, request_day, sig.amz_date
        )));
    }

    // A signed header the request does not carry (a missing `Host`, say) binds nothing.
    if sig
        .signed_headers
        .iter()
        .any(|name| first_header(req.headers, name).is_none())
    {
        return Err(AuthError::mismatch(MSG_MISMATCH.to_owned()));
    }
    let expected = compute_signature(req, sig, secret);
    // INVARIANT (constant-time compare): the comparison must not leak how many leading
    // characters of a forged signature are right.
    if bool::from(expected.as_slice().ct_eq(sig.signature.as_bytes())) {
        Ok(())
    } else {
        Err(AuthError::mismatch(MSG_MISMATCH.to_owned()))
    }
}

/// The replay window. Messages are AWS's: `Signature expired: <req> is now earlier than
/// <now - 15 min> (<now> - 15 min.)` and `Signature not yet current: <req> is still later than
/// <now + 15 min> (<now> + 15 min.)`; a presigned URL's own expiry reuses the first shape.
fn check_clock(request_time: i64, sig: &ParsedSignature, now: i64) -> Result<(), AuthError> {
    let request = format_amz_date(request_time);
    if request_time > now.saturating_add(SKEW_SECS) {
        return Err(AuthError::mismatch(format!(
            "Signature not yet current: {request} is still later than {} ({} + 15 min.)",
            format_amz_date(now.saturating_add(SKEW_SECS)),
            format_amz_date(now)
        )));
    }
    let (lifetime, lifetime_text) = match sig.expires.filter(|_| sig.presigned) {
        Some(secs) if secs % 60 == 0 => (secs, format!("{} min", secs / 60)),
        Some(secs) => (secs, format!("{secs} sec")),
        None => (SKEW_SECS.unsigned_abs(), "15 min".to_owned()),
    };
    let earliest = now.saturating_sub(i64::try_from(lifetime).unwrap_or(i64::MAX));
    if request_time < earliest {
        return Err(AuthError::mismatch(format!(
            "Signature expired: {request} is now earlier than {} ({} - {lifetime_text}.)",
            format_amz_date(earliest),
            format_amz_date(now)
        )));
    }
    Ok(())
}

/// Client-side signing for our own tests and load generator. Signs `host`, `x-amz-date`,
/// `x-amz-security-token` (if given) and every header in `headers` (whose `host`,
/// `x-amz-date`, `x-amz-security-token` and `authorization` entries are ignored), with the
/// payload hash of `body`. Returns the headers to add: `authorization`, `x-amz-date`, and
/// `x-amz-security-token` when a session token is given. `path` and `query` are sent as given.
#[expect(
    clippy::too_many_arguments,
    reason = "the API the server and load generator are written against"
)]
pub fn sign(
    method: &str,
    host: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    body: &[u8],
    access_key: &str,
    secret: &str,
    session_token: Option<&str>,
    region: &str,
    service: &str,
    now: OffsetDateTime,
) -> Vec<(String, String)> {
    let amz_date = format_amz_date(now.unix_timestamp());
    let day = amz_date.get(..8).unwrap_or_default().to_owned();

    let mut all = Vec::with_capacity(headers.len() + 3);
    all.push(("host".to_owned(), host.to_owned()));
    all.push(("x-amz-date".to_owned(), amz_date.clone()));
    if let Some(token) = session_token {
        all.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    const MANAGED: [&str; 4] = [
        "host",
        "x-amz-date",
        "x-amz-security-token",
        "authorization",
    ];
    all.extend(
        headers
            .iter()
            .filter(|(n, _)| !MANAGED.iter().any(|m| n.eq_ignore_ascii_case(m)))
            .cloned(),
    );

    let mut signed_headers: Vec<String> = all.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    signed_headers.sort_unstable();
    signed_headers.dedup();

    let parsed = ParsedSignature {
        credential: Credential {
            access_key_id: access_key.to_owned(),
            date: day.clone(),
            region: region.to_owned(),
            service: service.to_owned(),
        },
        signed_headers,
        signature: String::new(),
        amz_date: amz_date.clone(),
        security_token: session_token.map(str::to_owned),
        presigned: false,
        expires: None,
    };
    let req = HttpRequest {
        method,
        path,
        query,
        headers: &all,
        body,
    };
    let signature = compute_signature(&req, &parsed, secret.as_bytes());

    let mut out = vec![
        (
            "authorization".to_owned(),
            format!(
                "{ALGORITHM} Credential={access_key}/{day}/{region}/{service}/{TERMINATOR}, SignedHeaders={}, Signature={}",
                parsed.signed_headers.join(";"),
                String::from_utf8_lossy(&signature)
            ),
        ),
        ("x-amz-date".to_owned(), amz_date),
    ];
    if let Some(token) = session_token {
        out.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    out
}

/// The canonical request the server computes, for debugging and tests.
pub fn canonical_request(req: &HttpRequest<'_>, sig: &ParsedSignature) -> String {
    let mut out = Vec::with_capacity(512);
    write_canonical_request(&mut out, req, sig);
    String::from_utf8_lossy(&out).into_owned()
}

/// The string to sign the server computes, for debugging and tests.
pub fn string_to_sign(req: &HttpRequest<'_>, sig: &ParsedSignature) -> String {
    let mut out = Vec::with_capacity(128);
    write_string_to_sign(&mut out, req, sig);
    String::from_utf8_lossy(&out).into_owned()
}

/// `hex(HMAC(signing key, string to sign))`, as lowercase ASCII hex.
fn compute_signature(req: &HttpRequest<'_>, sig: &ParsedSignature, secret: &[u8]) -> [u8; 64] {
    let c = &sig.credential;
    let mut mac = signing_mac(secret, &c.date, &c.region, &c.service);
    write_string_to_sign(&mut mac, req, sig);
    let digest: [u8; 32] = mac.finalize().into_bytes().into();
    hex64(&digest)
}

/// `20150830T123600Z` → Unix seconds.
fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        let digits = b.get(from..to)?;
        digits.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    let month = Month::try_from(u8::try_from(num(4, 6)?).ok()?).ok()?;
    let day = u8::try_from(num(6, 8)?).ok()?;
    let (hour, minute, second) = (num(9, 11)?, num(11, 13)?, num(13, 15)?);
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// An HTTP `Date` header (IMF-fixdate, `Sun, 30 Aug 2015 12:36:00 GMT`) → Unix seconds.
fn parse_http_date(s: &str) -> Option<i64> {
    let mut fields = s.split_ascii_whitespace();
    let (_weekday, day, month, year, hms, zone) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if zone != "GMT" || fields.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_number = MONTHS.iter().position(|m| *m == month)?;
    let month = Month::try_from(u8::try_from(month_number + 1).ok()?).ok()?;
    let mut hms = hms.split(':').map(|p| p.parse::<u8>().ok());
    let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
    let date = Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// Unix seconds → `20150830T123600Z` (Unix seconds as digits if out of `time`'s range).
fn format_amz_date(unix: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => unix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(
            parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT"),
            Some(1_440_938_160)
        );
        assert_eq!(format_amz_date(1_440_938_160), "20150830T123600Z");
        for bad in [
            "",
            "20150830T123600",
            "20151330T123600Z",
            "2015083OT123600Z",
            "20150830T246000Z",
            "ሴሴሴሴሴ-",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad:?}");
        }
        assert_eq!(parse_http_date("Sun, 30 Foo 2015 12:36:00 GMT"), None);
    }
}
