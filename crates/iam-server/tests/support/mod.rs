//! Shared harness of the iam-server integration tests: an `Iam` on a `MemoryStore` with a
//! default account, requests signed like the SDKs sign them (SigV4) and sent straight into
//! `handle` (no socket), and helpers to read the XML responses.
// The request benchmark compiles its own copy of this module and uses only a subset of it.
#![allow(dead_code)]

use iam_core::secrets::MasterKey;
use iam_core::{Iam, MemoryStore};
use iam_server::{Request, Response, ServerConfig, handle};
use std::sync::Arc;

/// The IAM Query API version.
pub const IAM_VERSION: &str = "2010-05-08";
/// The STS Query API version.
pub const STS_VERSION: &str = "2011-06-15";
/// The host every request is addressed (and signed) to.
const HOST_HEADER: &str = "localhost:4566";
const FORM: &str = "application/x-www-form-urlencoded";

/// Credentials to sign with: long-term keys, or temporary ones with a session token.
#[derive(Clone)]
pub struct Creds {
    pub key: String,
    pub secret: String,
    pub token: Option<String>,
}

impl Creds {
    pub fn long_term(key: String, secret: String) -> Creds {
        Creds {
            key,
            secret,
            token: None,
        }
    }

    /// The AccessKeyId, SecretAccessKey and SessionToken of an STS response.
    pub fn from_session(body: &str) -> Creds {
        Creds {
            key: tag(body, "AccessKeyId"),
            secret: tag(body, "SecretAccessKey"),
            token: Some(tag(body, "SessionToken")),
        }
    }
}

pub struct Harness {
    pub iam: Arc<Iam>,
    /// The store and master key behind `iam`, to reopen it or inspect what it wrote.
    pub store: Arc<MemoryStore>,
    pub master: MasterKey,
    /// The default account's ID.
    pub account: String,
    /// The default account's root user's access key.
    pub root: Creds,
}

/// At the end of every test (unless it is already failing), the store is reloaded and its
/// state must equal the live one: a handler that changes memory without writing the records
/// (its `tx.put` / `tx.delete`) fails the test that calls it.
impl Drop for Harness {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let reloaded = Iam::open(self.store.clone(), self.master.clone())
            .expect("the store reloads at the end of the test");
        assert_same_persisted_state(&self.iam, &reloaded);
        // INVARIANT (incremental-catch-up): a node that applied these batches record by
        // record holds what the reload holds.
        let batches = self.store.batches();
        if let Err(e) = reloaded.read(|state| {
            iam_core::state::check_incremental_replay(
                &Default::default(),
                &batches,
                state,
                &self.master,
            )
        }) {
            panic!("{e}");
        }
        let unknown = iam_wire::xml::take_unknown_output_keys();
        assert!(
            unknown.is_empty(),
            "output keys their model does not know (handler typos): {unknown:?}"
        );
    }
}

/// Panics, showing the lines that differ, when the persisted parts of `live` and `reloaded`
/// are not equal (`iam_core::persisted_state_diff`).
pub fn assert_same_persisted_state(live: &Iam, reloaded: &Iam) {
    if let Some(diff) = iam_core::persisted_state_diff(live, reloaded) {
        panic!(
            "the state reloaded from the store differs from the live one \
             (a mutation without its record?):\n{diff}"
        );
    }
}

pub async fn harness() -> Harness {
    let store = Arc::new(MemoryStore::recording());
    let master = MasterKey::generate();
    let iam = Arc::new(Iam::open(store.clone(), master.clone()).unwrap());
    let creds = iam
        .ensure_default_account(None, iam_core::Partition::aws())
        .await
        .unwrap()
        .unwrap();
    Harness {
        iam,
        store,
        master,
        account: creds.account_id,
        root: Creds::long_term(
            creds.access_key_id,
            creds.secret_access_key.expose().to_string(),
        ),
    }
}

/// A POST to `/` with the host header, `headers` and `body`, signed with `creds` for `service`.
pub fn signed_request(
    creds: &Creds,
    service: &str,
    body: &[u8],
    headers: &[(&str, &str)],
) -> Request {
    let mut req = unsigned_request(body, headers);
    let auth = iam_wire::sigv4::sign(
        "POST",
        HOST_HEADER,
        "/",
        "",
        &req.headers,
        body,
        &creds.key,
        &creds.secret,
        creds.token.as_deref(),
        "us-east-1",
        service,
        time::OffsetDateTime::now_utc(),
    );
    req.headers.extend(auth);
    req
}

/// A POST to `/` with the host header, `headers` and `body`, and no signature.
pub fn unsigned_request(body: &[u8], headers: &[(&str, &str)]) -> Request {
    let mut all = vec![("host".to_string(), HOST_HEADER.to_string())];
    all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Request {
        method: "POST".into(),
        path: "/".into(),
        query: String::new(),
        headers: all,
        body: body.to_vec(),
        remote_addr: None,
    }
}

impl Harness {
    pub async fn send(&self, req: Request) -> Response {
        handle(&self.iam, &ServerConfig::default(), req).await
    }

    /// A Query-protocol (form-encoded) `body` for `service` ("iam" or "sts"), signed with `creds`.
    pub async fn query(&self, creds: &Creds, service: &str, body: &str) -> Response {
        let req = signed_request(creds, service, body.as_bytes(), &[("content-type", FORM)]);
        self.send(req).await
    }

    /// An IAM call (`params` include the Action) by the principal owning `creds`.
    pub async fn call_as(&self, creds: &Creds, params: &[(&str, &str)]) -> Response {
        self.query(creds, "iam", &query_body(IAM_VERSION, params))
            .await
    }

    /// An IAM call by the root user.
    pub async fn call(&self, params: &[(&str, &str)]) -> Response {
        self.call_as(&self.root, params).await
    }

    /// An IAM call by the root user that must succeed; returns the response body.
    pub async fn ok(&self, params: &[(&str, &str)]) -> String {
        let r = self.call(params).await;
        assert_eq!(r.status, 200, "{params:?}: {}", r.body);
        r.body
    }

    /// An IAM call by the root user that must fail: returns (status, code, unescaped message).
    pub async fn err(&self, params: &[(&str, &str)]) -> (u16, String, String) {
        let r = self.call(params).await;
        assert_ne!(r.status, 200, "{params:?} succeeded: {}", r.body);
        (
            r.status,
            tag(&r.body, "Code"),
            unescape(&tag(&r.body, "Message")),
        )
    }

    /// An STS call signed with `creds`, or unsigned (as AssumeRoleWith* may be) without.
    pub async fn sts(&self, creds: Option<&Creds>, params: &[(&str, &str)]) -> Response {
        let body = query_body(STS_VERSION, params);
        match creds {
            Some(creds) => self.query(creds, "sts", &body).await,
            None => {
                let req = unsigned_request(body.as_bytes(), &[("content-type", FORM)]);
                self.send(req).await
            }
        }
    }

    /// Creates an IAM user; returns its UserId.
    pub async fn create_user(&self, name: &str) -> String {
        let body = self
            .ok(&[("Action", "CreateUser"), ("UserName", name)])
            .await;
        tag(&body, "UserId")
    }

    /// Creates an IAM user with an access key; returns the key.
    pub async fn user_with_key(&self, name: &str) -> Creds {
        self.create_user(name).await;
        let body = self
            .ok(&[("Action", "CreateAccessKey"), ("UserName", name)])
            .await;
        Creds::long_term(tag(&body, "AccessKeyId"), tag(&body, "SecretAccessKey"))
    }
}

/// A Query-protocol body: `Version=version`, then `params` percent-encoded.
pub fn query_body(version: &str, params: &[(&str, &str)]) -> String {
    let mut out = format!("Version={version}");
    for (k, v) in params {
        out.push('&');
        out.push_str(k);
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// `s` percent-encoded, every byte but the unreserved ones (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of the first `<name>` element, if there is one.
pub fn find_tag(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{name}>"))? + start;
    Some(body[start..end].to_string())
}

/// The text of the first `<name>` element; panics when there is none.
pub fn tag(body: &str, name: &str) -> String {
    find_tag(body, name).unwrap_or_else(|| panic!("no <{name}> in {body}"))
}

/// The text of every `<name>` element (not nested in itself).
pub fn all_tags(body: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + close.len()..];
    }
    out
}

/// How many `<name>` elements `body` has.
pub fn count(body: &str, name: &str) -> usize {
    body.matches(&format!("<{name}>")).count()
}

/// XML text with its five predefined entities decoded.
pub fn unescape(s: &str) -> String {
    s.replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The AWS error code of a response ("" if it has none).
pub fn code(r: &Response) -> String {
    find_tag(&r.body, "Code").unwrap_or_default()
}

/// (HTTP status, AWS error code, message), "" for a missing code or message.
pub fn error(r: &Response) -> (u16, String, String) {
    let field = |name: &str| find_tag(&r.body, name).unwrap_or_default();
    (r.status, field("Code"), field("Message"))
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
