//! SigV4 verification against AWS's published test vectors (botocore's aws4_testsuite and the
//! aws-c-auth signing suite, header and presigned forms), plus mutations that must be rejected,
//! AWS's error texts, a no-panic sweep over malformed input, and a micro-benchmark (`--ignored`).
//!
//! Vectors live in `tests/conformance/sigv4/` (vendored, Apache-2.0). Not applicable here:
//! the `*-unnormalized` cases (S3 keeps paths as sent; IAM and STS normalize) and the presigned
//! form of `post-sts-header-after` (STS signs every query parameter, the token included).

use std::fs;
use std::path::{Path, PathBuf};

use iam_wire::sigv4::{
    AuthError, HttpRequest, INCOMPLETE_SIGNATURE, MISSING_AUTHENTICATION_TOKEN, ParsedSignature,
    SIGNATURE_DOES_NOT_MATCH, canonical_request, check_scope, parse_signature, sign,
    string_to_sign, verify,
};
use time::OffsetDateTime;
use time::macros::datetime;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const NOW: OffsetDateTime = datetime!(2015-08-30 12:36:00 UTC);
const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. \
Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/sigv4")
}

/// A request as read from a vector file, owning what `HttpRequest` borrows.
#[derive(Clone, Debug)]
struct OwnedRequest {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl OwnedRequest {
    fn view(&self) -> HttpRequest<'_> {
        HttpRequest {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    /// Raw HTTP/1.1 text as in the vector files: the request target may contain spaces and raw
    /// UTF-8, header lines may be folded (continuations are joined with a space, as a proxy
    /// unfolding obs-fold would), and values lose surrounding whitespace as an HTTP server strips it.
    fn parse(text: &str) -> OwnedRequest {
        let (head, body) = match text.split_once("\n\n") {
            Some((head, body)) => (head, body.as_bytes().to_vec()),
            None => (text.trim_end_matches('\n'), Vec::new()),
        };
        let mut lines = head.lines();
        let request_line = lines.next().expect("request line");
        let (method, rest) = request_line.split_once(' ').expect("method");
        let (target, _version) = rest.rsplit_once(' ').expect("version");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with(' ') || line.starts_with('\t') {
                let last = headers.last_mut().expect("continuation after a header");
                last.1.push(' ');
                last.1.push_str(line);
                continue;
            }
            let (name, value) = line.split_once(':').expect("header colon");
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
        OwnedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers,
            body,
        }
    }

    fn set_header(&mut self, name: &str, value: &str) {
        for (n, v) in &mut self.headers {
            if n.eq_ignore_ascii_case(name) {
                *v = value.to_owned();
            }
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One applicable signed request with the expected intermediate results.
struct Case {
    name: String,
    request: OwnedRequest,
    canonical_request: String,
    string_to_sign: String,
    presigned: bool,
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// botocore: every directory holding `<name>.sreq` (recursively; `normalize-path/` and
/// `post-sts-token/` nest their cases).
fn botocore_cases() -> Vec<Case> {
    fn walk(dir: &Path, out: &mut Vec<Case>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let sreq = path.join(format!("{name}.sreq"));
                if sreq.exists() {
                    // `.authz` is the authority: the `.sreq` of get-vanilla-with-session-token
                    // carries a corrupted signature (a slice of its token) upstream.
                    let mut request = OwnedRequest::parse(&read(&sreq));
                    let authz = read(&path.join(format!("{name}.authz")));
                    let authz = authz.trim_end();
                    if request.header("authorization") != Some(authz) {
                        assert_eq!(
                            name, "get-vanilla-with-session-token",
                            "unexpected .sreq/.authz disagreement"
                        );
                        request.set_header("authorization", authz);
                    }
                    out.push(Case {
                        name: format!("botocore/{name}"),
                        request,
                        canonical_request: read(&path.join(format!("{name}.creq"))),
                        string_to_sign: read(&path.join(format!("{name}.sts"))),
                        presigned: false,
                    });
                }
                walk(&path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&vectors_dir().join("botocore-aws4_testsuite"), &mut out);
    out
}

/// aws-c-auth v4: header and query variants of each normalized case.
fn aws_c_auth_cases() -> (Vec<Case>, Vec<String>) {
    let dir = vectors_dir().join("aws-c-auth-signing-test-suite/v4");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("v4 dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let (mut cases, mut skipped) = (Vec::new(), Vec::new());
    for name in names {
        let case_dir = dir.join(&name);
        let context = read(&case_dir.join("context.json"));
        let context: serde_json::Value = serde_json::from_str(&context).expect("context.json");
        assert_eq!(context["credentials"]["secret_access_key"], SECRET);
        assert_eq!(context["timestamp"], "2015-08-30T12:36:00Z");
        if context["normalize"] == false {
            skipped.push(format!("{name} (header+query: unnormalized path)"));
            continue;
        }
        for (variant, presigned) in [("header", false), ("query", true)] {
            if presigned && context["omit_session_token"] == true {
                skipped.push(format!("{name} (query: token outside the signed query)"));
                continue;
            }
            cases.push(Case {
                name: format!("aws-c-auth/{name}/{variant}"),
                request: OwnedRequest::parse(&read(
                    &case_dir.join(format!("{variant}-signed-request.txt")),
                )),
                canonical_request: read(&case_dir.join(format!("{variant}-canonical-request.txt"))),
                string_to_sign: read(&case_dir.join(format!("{variant}-string-to-sign.txt"))),
                presigned,
            });
        }
    }
    (cases, skipped)
}

fn all_cases() -> Vec<Case> {
    let mut cases = botocore_cases();
    cases.extend(aws_c_auth_cases().0);
    cases
}

fn check(
    req: &OwnedRequest,
    secret: &str,
    now: OffsetDateTime,
) -> Result<ParsedSignature, AuthError> {
    let parsed = parse_signature(&req.view())?;
    verify(&req.view(), &parsed, secret.as_bytes(), now)?;
    Ok(parsed)
}

fn expect_mismatch(case: &str, what: &str, req: &OwnedRequest) {
    match check(req, SECRET, NOW) {
        Err(AuthError { code, message })
            if code == SIGNATURE_DOES_NOT_MATCH && message == MISMATCH => {}
        other => panic!("{case}: {what}: expected SignatureDoesNotMatch, got {other:?}"),
    }
}

#[test]
fn every_applicable_vector_verifies() {
    let botocore = botocore_cases();
    let (aws_c_auth, skipped) = aws_c_auth_cases();
    assert_eq!(botocore.len(), 34, "botocore cases");
    assert_eq!(
        aws_c_auth.len(),
        61,
        "aws-c-auth cases (31 header + 30 query)"
    );
    let mut failures = Vec::new();
    for case in botocore.iter().chain(&aws_c_auth) {
        let req = case.request.view();
        let parsed = match parse_signature(&req) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: parse: {e}", case.name));
                continue;
            }
        };
        assert_eq!(parsed.presigned, case.presigned, "{}", case.name);
        assert_eq!(parsed.credential.access_key_id, "AKIDEXAMPLE");
        let creq = canonical_request(&req, &parsed);
        if creq != case.canonical_request {
            failures.push(format!(
                "{}: canonical request\n--- got\n{creq}\n--- want\n{}",
                case.name, case.canonical_request
            ));
            continue;
        }
        let sts = string_to_sign(&req, &parsed);
        if sts != case.string_to_sign {
            failures.push(format!(
                "{}: string to sign\n--- got\n{sts}\n--- want\n{}",
                case.name, case.string_to_sign
            ));
            continue;
        }
        if let Err(e) = verify(&req, &parsed, SECRET.as_bytes(), NOW) {
            failures.push(format!("{}: verify: {e}", case.name));
        }
    }
    let total = botocore.len() + aws_c_auth.len();
    println!(
        "{} of {total} applicable vectors verified; skipped: {skipped:?}",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn session_tokens_are_reported_signed_or_not() {
    for case in all_cases() {
        let parsed = parse_signature(&case.request.view()).expect("parse");
        let sent = case.request.header("x-amz-security-token").is_some()
            || case.request.query.contains("X-Amz-Security-Token");
        assert_eq!(parsed.security_token.is_some(), sent, "{}", case.name);
    }
    let after = botocore_cases()
        .into_iter()
        .find(|c| c.name.ends_with("post-sts-header-after"))
        .expect("case");
    let parsed = check(&after.request, SECRET, NOW).expect("unsigned token header accepted");
    assert!(
        parsed
            .security_token
            .expect("token")
            .starts_with("AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j")
    );
    assert!(
        !parsed
            .signed_headers
            .iter()
            .any(|h| h == "x-amz-security-token")
    );
}

#[test]
fn mutated_vectors_are_rejected() {
    for case in all_cases() {
        let name = case.name.as_str();
        let original = &case.request;

        let mut req = original.clone();
        if case.presigned {
            let sig_at = req.query.find("X-Amz-Signature=").expect("signature param")
                + "X-Amz-Signature=".len();
            let flipped = if &req.query[sig_at..=sig_at] == "0" {
                "1"
            } else {
                "0"
            };
            req.query.replace_range(sig_at..=sig_at, flipped);
        } else {
            let auth = req
                .header("authorization")
                .expect("authorization")
                .to_owned();
            let last = auth.len() - 1;
            let flipped = if &auth[last..] == "0" { "1" } else { "0" };
            req.set_header("authorization", &format!("{}{flipped}", &auth[..last]));
        }
        expect_mismatch(name, "signature character", &req);

        let mut req = original.clone();
        match req.body.first_mut() {
            Some(b) => *b ^= 1,
            None => req.body.push(b'x'),
        }
        expect_mismatch(name, "body byte", &req);

        let mut req = original.clone();
        req.set_header("host", "example.amazonaws.com.evil");
        expect_mismatch(name, "host header", &req);

        let mut req = original.clone();
        let signed_custom = req
            .headers
            .iter()
            .position(|(n, _)| n.to_ascii_lowercase().starts_with("my-header"));
        if let Some(i) = signed_custom {
            req.headers[i].1.push('!');
            expect_mismatch(name, "signed header value", &req);
        }

        let mut req = original.clone();
        if case.presigned {
            req.query = req
                .query
                .replace("X-Amz-Date=20150830T123600Z", "X-Amz-Date=20150830T123601Z");
        } else {
            req.set_header("x-amz-date", "20150830T123601Z");
        }
        expect_mismatch(name, "date one second later", &req);

        let mut req = original.clone();
        req.method = if req.method == "GET" {
            "POST".into()
        } else {
            "GET".into()
        };
        expect_mismatch(name, "method", &req);

        let mut req = original.clone();
        req.path.push('x');
        expect_mismatch(name, "path", &req);

        let mut req = original.clone();
        req.query = if req.query.is_empty() {
            "extra=1".into()
        } else {
            format!("{}&extra=1", req.query)
        };
        expect_mismatch(name, "added query parameter", &req);

        match check(original, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", NOW) {
            Err(e) if e.code == SIGNATURE_DOES_NOT_MATCH => {}
            other => panic!("{name}: wrong secret: {other:?}"),
        }

        let late = if case.presigned {
            NOW + time::Duration::seconds(3601)
        } else {
            NOW + time::Duration::minutes(16)
        };
        let err = check(original, SECRET, late).expect_err("late");
        assert!(
            err.code == SIGNATURE_DOES_NOT_MATCH && err.message.starts_with("Signature expired: "),
            "{name}: {err:?}"
        );

        let early = NOW - time::Duration::minutes(16);
        let err = check(original, SECRET, early).expect_err("early");
        assert!(
            err.message.starts_with("Signature not yet current: "),
            "{name}: {err:?}"
        );
    }
}

fn header_request(auth: &str, headers: &[(&str, &str)]) -> OwnedRequest {
    let mut all = vec![("Host".to_owned(), "iam.amazonaws.com".to_owned())];
    all.extend(
        headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    if !auth.is_empty() {
        all.push(("Authorization".to_owned(), auth.to_owned()));
    }
    OwnedRequest {
        method: "POST".into(),
        path: "/".into(),
        query: String::new(),
        headers: all,
        body: Vec::new(),
    }
}

fn parse_err(req: &OwnedRequest) -> AuthError {
    parse_signature(&req.view()).expect_err("should not parse")
}

const GOOD_AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

#[test]
fn aws_error_texts() {
    let err = parse_err(&header_request("", &[("X-Amz-Date", "20150830T123600Z")]));
    assert_eq!(
        err,
        AuthError {
            code: MISSING_AUTHENTICATION_TOKEN,
            message: "Request is missing Authentication Token".into()
        }
    );

    let err = parse_err(&header_request("AWS4-HMAC-SHA256 Credential=abc", &[]));
    assert_eq!(err.code, INCOMPLETE_SIGNATURE);
    assert_eq!(
        err.message,
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. \
Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
Authorization=AWS4-HMAC-SHA256 Credential=abc"
    );

    let err = parse_err(&header_request("AWS4-HMAC-SHA256", &[]));
    assert_eq!(
        err.message,
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. \
Authorization header requires 'SignedHeaders' parameter. \
Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"
    );

    let err = parse_err(&header_request("Bearer abc", &[]));
    assert_eq!(
        err,
        AuthError {
            code: INCOMPLETE_SIGNATURE,
            message: "Unsupported AWS 'algorithm': 'Bearer'.".into()
        }
    );

    let err = parse_err(&header_request(
        "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, junk",
        &[],
    ));
    assert_eq!(
        err.message,
        "'junk' not a valid key=value pair (missing equal-sign) in Authorization header: \
'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, junk'"
    );

    let err = parse_err(&header_request(
        &GOOD_AUTH.replace("host;", ""),
        &[("X-Amz-Date", "20150830T123600Z")],
    ));
    assert_eq!(
        err,
        AuthError {
            code: SIGNATURE_DOES_NOT_MATCH,
            message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
                .into()
        }
    );

    let err = parse_err(&header_request(
        GOOD_AUTH,
        &[("X-Amz-Date", "2015-08-30T12:36:00Z")],
    ));
    assert_eq!(
        err.message,
        "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"
    );

    let err = parse_err(&header_request(
        &GOOD_AUTH.replace("/iam/", "/"),
        &[("X-Amz-Date", "20150830T123600Z")],
    ));
    assert_eq!(
        err.message,
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, \
got 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'"
    );

    let err = parse_err(&header_request(
        &GOOD_AUTH.replace("aws4_request", "aws5_request"),
        &[("X-Amz-Date", "20150830T123600Z")],
    ));
    assert_eq!(
        err.message,
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."
    );

    // Both forms at once.
    let mut both = header_request(GOOD_AUTH, &[("X-Amz-Date", "20150830T123600Z")]);
    both.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256".into();
    assert_eq!(parse_err(&both).code, SIGNATURE_DOES_NOT_MATCH);

    // Presigned with parts missing, and a foreign algorithm.
    let mut q = header_request("", &[]);
    q.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb".into();
    assert_eq!(
        parse_err(&q).message,
        "AWS query-string parameters must include 'X-Amz-Signature'. \
AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."
    );
    q.query = "X-Amz-Algorithm=AWS4-HMAC-SHA512".into();
    assert_eq!(parse_err(&q).code, MISSING_AUTHENTICATION_TOKEN);
    q.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fsts%2Faws4_request\
&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Expires=604801"
        .into();
    assert_eq!(
        parse_err(&q).message,
        "X-Amz-Expires must be less than a week (in seconds) that is 604800"
    );
    q.query = q.query.replace("604801", "soon");
    assert_eq!(parse_err(&q).message, "X-Amz-Expires should be a number");
}

#[test]
fn clock_and_scope_messages() {
    let req = header_request(GOOD_AUTH, &[("X-Amz-Date", "20150830T123600Z")]);
    let parsed = parse_signature(&req.view()).expect("parse");

    let err = verify(
        &req.view(),
        &parsed,
        SECRET.as_bytes(),
        datetime!(2015-08-30 12:56:00 UTC),
    )
    .expect_err("expired");
    assert_eq!(
        err,
        AuthError {
            code: SIGNATURE_DOES_NOT_MATCH,
            message: "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)"
                .into()
        }
    );
    let err = verify(
        &req.view(),
        &parsed,
        SECRET.as_bytes(),
        datetime!(2015-08-30 12:20:59 UTC),
    )
    .expect_err("early");
    assert_eq!(
        err.message,
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)"
    );
    // The window's edges are inclusive.
    for edge in [
        datetime!(2015-08-30 12:51:00 UTC),
        datetime!(2015-08-30 12:21:00 UTC),
    ] {
        let err = verify(&req.view(), &parsed, SECRET.as_bytes(), edge).expect_err("bad signature");
        assert_eq!(err.message, MISMATCH);
    }

    let other_day = header_request(
        &GOOD_AUTH.replace("20150830", "20150831"),
        &[("X-Amz-Date", "20150830T123600Z")],
    );
    let parsed = parse_signature(&other_day.view()).expect("parse");
    let err = verify(&other_day.view(), &parsed, SECRET.as_bytes(), NOW).expect_err("scope date");
    assert_eq!(
        err.message,
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: \
'20150831' != '20150830', from '20150830T123600Z'."
    );

    let err = check_scope(&parsed.credential, "sts", |r| r == "us-east-1").expect_err("service");
    assert_eq!(
        err.message,
        "Credential should be scoped to correct service: 'sts'. "
    );
    let err = check_scope(&parsed.credential, "iam", |r| r == "eu-west-1").expect_err("region");
    assert_eq!(
        err.message,
        "Credential should be scoped to a valid region. "
    );
    assert!(check_scope(&parsed.credential, "iam", |r| r == "us-east-1").is_ok());
}

/// A request shaped like the AWS SDK for Rust's (see NOTES-dependencies.md).
fn sdk_like_request(now: OffsetDateTime, token: Option<&str>) -> OwnedRequest {
    let body = b"Action=GetUser&Version=2010-05-08&UserName=alice".to_vec();
    let mut headers = vec![
        (
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ),
        ("content-length".to_owned(), body.len().to_string()),
        (
            "x-amz-user-agent".to_owned(),
            "aws-sdk-rust/1.3.9 api/iam/1.133.0 os/linux lang/rust/1.95.0".to_owned(),
        ),
    ];
    let added = sign(
        "POST",
        "localhost:8080",
        "/",
        "",
        &headers,
        &body,
        "AKIDEXAMPLE",
        SECRET,
        token,
        "us-east-1",
        "iam",
        now,
    );
    headers.push(("host".to_owned(), "localhost:8080".to_owned()));
    headers.push(("amz-sdk-request".to_owned(), "attempt=1; max=3".to_owned()));
    headers.extend(added);
    OwnedRequest {
        method: "POST".into(),
        path: "/".into(),
        query: String::new(),
        headers,
        body,
    }
}

#[test]
fn sign_round_trips_and_matches_vectors() {
    let req = sdk_like_request(NOW, Some("session-token"));
    let parsed = check(&req, SECRET, NOW).expect("own signature verifies");
    assert_eq!(
        parsed.signed_headers,
        [
            "content-length",
            "content-type",
            "host",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-user-agent"
        ]
    );
    assert_eq!(parsed.security_token.as_deref(), Some("session-token"));
    assert_eq!(parsed.credential.service, "iam");

    // Re-sign each botocore request that signs exactly what `sign` signs; the Authorization
    // header must come out byte for byte as in the vector.
    let mut reproduced = 0;
    for case in botocore_cases() {
        let expected = case
            .request
            .header("authorization")
            .expect("authorization")
            .to_owned();
        let parsed = parse_signature(&case.request.view()).expect("parse");
        let token = case.request.header("x-amz-security-token");
        if token.is_some()
            && !parsed
                .signed_headers
                .iter()
                .any(|h| h == "x-amz-security-token")
        {
            continue;
        }
        let extra: Vec<(String, String)> = case
            .request
            .headers
            .iter()
            .filter(|(n, _)| {
                ![
                    "host",
                    "x-amz-date",
                    "authorization",
                    "x-amz-security-token",
                ]
                .contains(&n.to_ascii_lowercase().as_str())
            })
            .cloned()
            .collect();
        let host = case.request.header("host").expect("host");
        let added = sign(
            &case.request.method,
            host,
            &case.request.path,
            &case.request.query,
            &extra,
            &case.request.body,
            "AKIDEXAMPLE",
            SECRET,
            token,
            "us-east-1",
            "service",
            NOW,
        );
        assert_eq!(added[0].0, "authorization");
        assert_eq!(added[0].1, expected, "{}", case.name);
        assert_eq!(
            added[1],
            ("x-amz-date".to_owned(), "20150830T123600Z".to_owned())
        );
        reproduced += 1;
    }
    assert_eq!(
        reproduced, 33,
        "all botocore cases but post-sts-header-after"
    );
}

/// Tiny deterministic generator, so the sweep needs no extra dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, s: &mut String) {
    const PIECES: [&str; 24] = [
        "%",
        "%2",
        "%zz",
        "%E1%88",
        "+",
        "&",
        "=",
        "/",
        "..",
        ".",
        "//",
        " ",
        ",",
        ";",
        "ሴ",
        "\u{0}",
        "=&=",
        "AWS4-HMAC-SHA256 ",
        "Credential=",
        "X-Amz-",
        "X-Amz-Expires=18446744073709551616",
        "99999999T999999Z",
        "00000101T000000Z",
        "aws4_request",
    ];
    let boundaries: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
    let at = boundaries[rng.below(boundaries.len())];
    match rng.below(3) {
        0 => s.insert_str(at, PIECES[rng.below(PIECES.len())]),
        1 => {
            let end = boundaries
                .iter()
                .copied()
                .filter(|&b| b >= at)
                .nth(rng.below(4))
                .unwrap_or(s.len());
            s.replace_range(at..end, "");
        }
        _ => s.truncate(at),
    }
}

#[test]
fn malformed_input_never_panics() {
    let mut seeds: Vec<OwnedRequest> = all_cases().into_iter().map(|c| c.request).collect();
    seeds.push(sdk_like_request(NOW, Some("tok")));
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let extremes = [
        OffsetDateTime::UNIX_EPOCH,
        datetime!(-9999-01-01 0:00 UTC),
        datetime!(9999-12-31 23:59:59 UTC),
        NOW,
    ];
    let mut outcomes = [0usize; 2];
    for round in 0..30_000 {
        let mut req = seeds[rng.below(seeds.len())].clone();
        for _ in 0..=rng.below(3) {
            match rng.below(5) {
                0 => mutate(&mut rng, &mut req.path),
                1 => mutate(&mut rng, &mut req.query),
                2 | 3 if !req.headers.is_empty() => {
                    let i = rng.below(req.headers.len());
                    mutate(&mut rng, &mut req.headers[i].1);
                }
                _ => req
                    .headers
                    .push(("X-Amz-Date".into(), "20150830T123600Z".into())),
            }
        }
        let now = extremes[round % extremes.len()];
        let ok = check(&req, SECRET, now).is_ok();
        outcomes[usize::from(ok)] += 1;
    }
    assert!(
        outcomes[0] > 0,
        "mutations should mostly fail: {outcomes:?}"
    );
}

/// `cargo test -p iam-wire --release --test sigv4_vectors -- --ignored --nocapture`
#[test]
#[ignore = "micro-benchmark: run in release"]
fn bench_verify() {
    const N: u32 = 100_000;
    let req = sdk_like_request(NOW, None);
    let view = req.view();
    let parsed = parse_signature(&view).expect("parse");
    verify(&view, &parsed, SECRET.as_bytes(), NOW).expect("verifies");

    let start = std::time::Instant::now();
    for _ in 0..N {
        let parsed = parse_signature(std::hint::black_box(&view)).expect("parse");
        verify(&view, &parsed, SECRET.as_bytes(), NOW).expect("verifies");
    }
    let per_call = start.elapsed().as_secs_f64() * 1e6 / f64::from(N);
    println!(
        "parse_signature + verify (signing key cached): {per_call:.2} µs per request over {N}"
    );

    let start = std::time::Instant::now();
    for i in 0..N {
        // A different secret each time defeats the signing-key cache.
        let secret = format!("{SECRET}{i}");
        let _ = verify(&view, &parsed, secret.as_bytes(), NOW);
    }
    let per_call = start.elapsed().as_secs_f64() * 1e6 / f64::from(N);
    println!("verify with a cold signing key: {per_call:.2} µs per request over {N}");
}
