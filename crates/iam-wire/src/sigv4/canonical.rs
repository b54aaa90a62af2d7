//! SigV4 task 1 and 2: the canonical request and the string to sign, written to a [`Sink`] so the
//! hot path streams straight into SHA-256 and HMAC without building strings.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>

#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::string_slice
)]

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use super::{ALGORITHM, HmacSha256, HttpRequest, ParsedSignature, TERMINATOR};
use hmac::Mac;

pub(super) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        Digest::update(self, bytes);
    }
}

impl Sink for HmacSha256 {
    fn put(&mut self, bytes: &[u8]) {
        Mac::update(self, bytes);
    }
}

pub(super) fn write_string_to_sign(
    out: &mut impl Sink,
    req: &HttpRequest<'_>,
    sig: &ParsedSignature,
) {
    let mut hasher = Sha256::new();
    write_canonical_request(&mut hasher, req, sig);
    let canonical_hash: [u8; 32] = hasher.finalize().into();
    let c = &sig.credential;
    // <Algorithm>\n<RequestDateTime>\n<CredentialScope>\n<HashedCanonicalRequest>
    out.put(ALGORITHM.as_bytes());
    out.put(b"\n");
    out.put(sig.amz_date.as_bytes());
    out.put(b"\n");
    for part in [&c.date, &c.region, &c.service] {
        out.put(part.as_bytes());
        out.put(b"/");
    }
    out.put(TERMINATOR.as_bytes());
    out.put(b"\n");
    out.put(&hex64(&canonical_hash));
}

pub(super) fn write_canonical_request(
    out: &mut impl Sink,
    req: &HttpRequest<'_>,
    sig: &ParsedSignature,
) {
    // <HTTPMethod>\n
    out.put(req.method.as_bytes());
    out.put(b"\n");
    // <CanonicalURI>\n
    write_canonical_uri(out, req.path);
    out.put(b"\n");
    // <CanonicalQueryString>\n
    write_canonical_query(out, req.query, sig.presigned);
    out.put(b"\n");
    // <CanonicalHeaders>\n
    for name in &sig.signed_headers {
        write_canonical_header(out, req.headers, name);
    }
    out.put(b"\n");
    // <SignedHeaders>\n
    for (i, name) in sig.signed_headers.iter().enumerate() {
        if i > 0 {
            out.put(b";");
        }
        out.put(name.as_bytes());
    }
    out.put(b"\n");
    // <HashedPayload>: always computed from the body (see the module notes).
    let body_hash: [u8; 32] = Sha256::digest(req.body).into();
    out.put(&hex64(&body_hash));
}

/// IAM/STS (not S3) rules: remove `.` and `..` segments and empty segments (RFC 3986 5.2.4 plus
/// slash collapsing), keep a trailing slash, then percent-encode each segment as received.
fn write_canonical_uri(out: &mut impl Sink, path: &str) {
    let mut segments: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split('/') {
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    out.put(b"/");
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.put(b"/");
        }
        write_uri_encoded(out, segment.as_bytes());
    }
    if trailing_slash && !segments.is_empty() {
        out.put(b"/");
    }
}

/// Pairs sorted by encoded name, then encoded value; each side decoded (`+` is a space, as in
/// the form decoding the server applies to the same query) and re-encoded strictly.
fn write_canonical_query(out: &mut impl Sink, query: &str, presigned: bool) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (raw_key, raw_value) in query_pairs(query) {
        let key = percent_decode(raw_key);
        if presigned && &*key == b"X-Amz-Signature" {
            continue;
        }
        let mut encoded_key = Vec::with_capacity(key.len());
        write_uri_encoded(&mut encoded_key, &key);
        let mut encoded_value = Vec::with_capacity(raw_value.len());
        write_uri_encoded(&mut encoded_value, &percent_decode(raw_value));
        pairs.push((encoded_key, encoded_value));
    }
    pairs.sort_unstable();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.put(b"&");
        }
        out.put(key);
        out.put(b"=");
        out.put(value);
    }
}

/// `name:v1,v2\n` over every header of that name in order; values trimmed and runs of spaces
/// collapsed. A signed header absent from the request contributes no line.
fn write_canonical_header(out: &mut impl Sink, headers: &[(String, String)], name: &str) {
    let mut values = header_values(headers, name).peekable();
    if values.peek().is_none() {
        return;
    }
    out.put(name.as_bytes());
    out.put(b":");
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.put(b",");
        }
        write_collapsed_spaces(out, value.trim_matches(' ').as_bytes());
    }
    out.put(b"\n");
}

fn write_collapsed_spaces(out: &mut impl Sink, value: &[u8]) {
    let mut start = 0;
    let mut previous_was_space = false;
    for (i, &b) in value.iter().enumerate() {
        if b == b' ' && previous_was_space {
            out.put(value.get(start..i).unwrap_or_default());
            start = i + 1;
        }
        previous_was_space = b == b' ';
    }
    out.put(value.get(start..).unwrap_or_default());
}

pub(super) fn header_values<'r>(
    headers: &'r [(String, String)],
    name: &'r str,
) -> impl Iterator<Item = &'r str> + 'r {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub(super) fn first_header<'r>(headers: &'r [(String, String)], name: &'r str) -> Option<&'r str> {
    header_values(headers, name).next()
}

/// `a=1&b&&c=` → (a,1) (b,"") (c,""): empty pieces skipped, a missing `=` means an empty value.
pub(super) fn query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// Form decoding on bytes: `+` is a space, `%XY` a byte; a malformed escape stays literal.
pub(super) fn percent_decode(raw: &str) -> Cow<'_, [u8]> {
    let bytes = raw.as_bytes();
    if !bytes.iter().any(|&b| b == b'%' || b == b'+') {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|&c| hex_value(c));
                let lo = bytes.get(i + 2).and_then(|&c| hex_value(c));
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            other => out.push(other),
        }
        i += 1;
    }
    Cow::Owned(out)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// RFC 3986 encoding: everything but unreserved characters (`A-Z a-z 0-9 - _ . ~`) as `%XY`.
fn write_uri_encoded(out: &mut impl Sink, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            continue;
        }
        out.put(bytes.get(start..i).unwrap_or_default());
        let escaped = [
            b'%',
            hex_digit(b >> 4).to_ascii_uppercase(),
            hex_digit(b & 0xf).to_ascii_uppercase(),
        ];
        out.put(&escaped);
        start = i + 1;
    }
    out.put(bytes.get(start..).unwrap_or_default());
}

/// Lowercase hex digit of a nibble (`0..16`).
fn hex_digit(nibble: u8) -> u8 {
    if nibble < 10 {
        b'0' + nibble
    } else {
        b'a' + (nibble - 10)
    }
}

pub(super) fn hex64(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        if let [hi, lo] = pair {
            *hi = hex_digit(b >> 4);
            *lo = hex_digit(b & 0xf);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(path: &str) -> String {
        let mut out = Vec::new();
        write_canonical_uri(&mut out, path);
        String::from_utf8(out).unwrap_or_default()
    }

    fn query(q: &str, presigned: bool) -> String {
        let mut out = Vec::new();
        write_canonical_query(&mut out, q, presigned);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn uri_normalization() {
        for (path, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/example/..", "/"),
            ("/a/b/..", "/a/"),
            ("/a/b/.", "/a/b/"),
            ("/../foo", "/foo"),
            ("//example//", "/example/"),
            ("/example space/", "/example%20space/"),
            ("/%20", "/%2520"),
            ("/ሴ", "/%E1%88%B4"),
            ("/-._~az09", "/-._~az09"),
            ("noslash", "/noslash"),
        ] {
            assert_eq!(uri(path), expected, "path {path:?}");
        }
    }

    #[test]
    fn query_canonicalization() {
        assert_eq!(query("", false), "");
        assert_eq!(query("b=2&a=1&a=0", false), "a=0&a=1&b=2");
        assert_eq!(query("a+b=c%20d&e", false), "a%20b=c%20d&e=");
        assert_eq!(query("x=%zz&y=%4", false), "x=%25zz&y=%254");
        assert_eq!(query("&&a=1&&", false), "a=1");
        assert_eq!(query("X-Amz-Signature=abc&a=1", true), "a=1");
        assert_eq!(
            query("X-Amz-Signature=abc&a=1", false),
            "X-Amz-Signature=abc&a=1"
        );
    }

    #[test]
    fn header_value_collapsing() {
        let mut out = Vec::new();
        write_collapsed_spaces(&mut out, b"a   b c  d");
        assert_eq!(out, b"a b c d");
    }
}
