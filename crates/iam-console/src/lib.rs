//! The web console of iamd: server-rendered pages under `/console/` and AWS's federation
//! endpoint at `/federation`, served on the API's own listener (iam-server routes here).
//!
//! The console is a client of the service, never a back door: every page that reads or
//! changes anything calls an operation through [`Api::call`], which iam-server implements with
//! `call_as` — the same input checks, the same authorization step (`Iam::authorize`: the
//! operation's permission, its dependent actions, the caller's policies, boundary, session
//! policies, SCPs, with `aws:MultiFactorAuthPresent`/`Age` from the console session) and the
//! same handler as a signed API request, recorded as its own audit event. A denied call shows
//! AWS's AccessDenied text, which says why.
//!
//! What the console does itself: sign-in (`Iam::sign_in`, rate-limited; root sign-in with an
//! access key, since iamd keeps no root password), its sessions (server-side, by a random
//! cookie: HttpOnly, SameSite=Lax, Secure behind TLS; 12 h for users, 1 h by default for
//! federation), CSRF tokens on every form, the security headers (a strict
//! Content-Security-Policy with `frame-ancestors 'none'`), and the `ConsoleLogin` audit event.
mod federation;
mod pages;
mod session;
mod templates;

use iam_core::{Caller, Iam, RequestInfo, Service};
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;

pub use session::{Console, SESSION_COOKIE};

/// Where the console lives.
pub const PREFIX: &str = "/console";
/// AWS's federation endpoint path.
pub const FEDERATION: &str = "/federation";

/// Whether a request path belongs to the console or the federation endpoint.
pub fn is_console_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/console/") || path == FEDERATION
}

/// What a page passes to an operation: Query parameters for IAM and STS, a JSON body for
/// Organizations (each checked against its model, as a request's are).
pub enum CallInput {
    Query(Vec<(String, String)>),
    Json(Value),
}

/// An operation's refusal, as AWS sends it.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

/// The service as the console reaches it. `call` must be the API's own path after
/// authentication (iam-server: `call_as`), so a page can do exactly what its signed-in
/// principal could do with the API, nothing more.
pub trait Api: Sync {
    fn iam(&self) -> &Arc<Iam>;
    /// Whether requests are recorded in the audit trail (`--no-audit-trail` turns it off).
    fn audit_trail(&self) -> bool;
    fn call(
        &self,
        caller: &Caller,
        info: &RequestInfo,
        service: Service,
        action: &str,
        input: CallInput,
    ) -> impl Future<Output = Result<Value, ApiError>> + Send;
    /// Runs `iamd-audit --json` against this server with `credentials` (temporary ones the
    /// page obtained through `call`) and returns its report, or why it could not run (not
    /// installed, timed out, or the tool's own error text, e.g. an AccessDenied).
    fn audit(
        &self,
        credentials: AuditCredentials,
    ) -> impl Future<Output = Result<Value, String>> + Send;
}

/// Temporary credentials of a console session's principal, handed to `iamd-audit` through
/// its environment (never its arguments). Their `Debug` shows only the key ID.
pub struct AuditCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

impl std::fmt::Debug for AuditCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditCredentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// A request, as the listener read it.
#[derive(Debug)]
pub struct HttpRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub remote_addr: Option<std::net::SocketAddr>,
}

impl HttpRequest<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Served over TLS: directly, or behind a proxy that says so. It only ever adds the
    /// `Secure` attribute, so a client claiming it gains nothing.
    pub fn secure(&self) -> bool {
        self.header("x-forwarded-proto")
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }

    /// The query string's parameters.
    pub fn query_params(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    pub fn query_param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// A response: status, content type, body, and headers (cookies, redirects, security).
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

/// The Content-Security-Policy of every console response: only this origin's stylesheet and
/// script, no inline script or style, no framing, forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

impl HttpResponse {
    fn new(status: u16, content_type: &'static str, body: String) -> Self {
        let headers = vec![
            (
                "content-security-policy".into(),
                CONTENT_SECURITY_POLICY.into(),
            ),
            ("x-frame-options".into(), "DENY".into()),
            ("x-content-type-options".into(), "nosniff".into()),
            ("referrer-policy".into(), "same-origin".into()),
            ("cache-control".into(), "no-store".into()),
        ];
        HttpResponse {
            status,
            content_type,
            body,
            headers,
        }
    }

    pub(crate) fn html(status: u16, body: String) -> Self {
        Self::new(status, "text/html; charset=utf-8", body)
    }

    pub(crate) fn json(status: u16, body: String) -> Self {
        Self::new(status, "application/json", body)
    }

    /// 303 See Other: after a form, the browser loads the page with GET.
    pub(crate) fn redirect(location: &str) -> Self {
        let mut r = Self::new(303, "text/plain; charset=utf-8", String::new());
        r.headers.push(("location".into(), location.into()));
        r
    }

    pub(crate) fn with_header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.to_string(), value));
        self
    }
}

/// Answers a console or federation request.
pub async fn handle<A: Api>(console: &Console, api: &A, req: HttpRequest<'_>) -> HttpResponse {
    if req.path == FEDERATION {
        return federation::handle(console, api, &req).await;
    }
    pages::handle(console, api, &req).await
}
