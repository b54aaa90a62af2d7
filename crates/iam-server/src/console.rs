//! The web console's route: `iam_console` renders the pages; every operation a page calls
//! comes back here, to `handler::call_as`, the API's own path after authentication.
use crate::handler::{Request, Response, ServerConfig, call_as};
use iam_core::{Caller, Iam, RequestInfo, Service};
use std::sync::Arc;

struct Backend<'a> {
    iam: &'a Arc<Iam>,
    config: &'a ServerConfig,
}

impl iam_console::Api for Backend<'_> {
    fn iam(&self) -> &Arc<Iam> {
        self.iam
    }

    fn audit_trail(&self) -> bool {
        self.config.audit_trail
    }

    async fn call(
        &self,
        caller: &Caller,
        info: &RequestInfo,
        service: Service,
        action: &str,
        input: iam_console::CallInput,
    ) -> Result<serde_json::Value, iam_console::ApiError> {
        call_as(self.iam, self.config, caller, info, service, action, input)
            .await
            .map_err(|e| iam_console::ApiError {
                status: e.status,
                code: e.code.to_string(),
                message: e.message,
            })
    }

    async fn audit(
        &self,
        credentials: iam_console::AuditCredentials,
    ) -> Result<serde_json::Value, String> {
        let program = match &self.config.audit_binary {
            Some(p) => p.clone(),
            None => std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("iamd-audit")))
                .unwrap_or_default(),
        };
        if !program.is_file() {
            return Err(
                "iamd-audit is not installed beside iamd (cargo build -p iamd builds it), \
                 so the findings cannot be shown."
                    .into(),
            );
        }
        let Some(mut addr) = self.config.local_addr else {
            return Err("the server's own address is not known".into());
        };
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let endpoint = format!("http://{addr}");
        // A page load starts a process: at most a few at once, whoever asks.
        let Ok(_slot) = AUDITS.try_acquire() else {
            return Err("Other audits are running; try again in a moment.".into());
        };
        tokio::task::spawn_blocking(move || run_audit(&program, &endpoint, &credentials))
            .await
            .map_err(|e| format!("iamd-audit: {e}"))?
    }
}

/// `iamd-audit` runs at once (the Findings page answers "try again" beyond that).
static AUDITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// How long the Findings page waits for `iamd-audit`.
const AUDIT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `iamd-audit --json --endpoint <this server>` with the credentials in its environment
/// only (a cleared one: no profile, config file or instance metadata of the server's own), and
/// parses its report. Its error text (e.g. `GetAccountSummary: AccessDenied: …`) comes back
/// as is; it is killed after [`AUDIT_TIMEOUT`].
fn run_audit(
    program: &std::path::Path,
    endpoint: &str,
    credentials: &iam_console::AuditCredentials,
) -> Result<serde_json::Value, String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(["--json", "--endpoint", endpoint])
        .env_clear()
        .env("AWS_ACCESS_KEY_ID", &credentials.access_key_id)
        .env("AWS_SECRET_ACCESS_KEY", &credentials.secret_access_key)
        .env("AWS_SESSION_TOKEN", &credentials.session_token)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    // Both pipes drained on their own threads, so a large report never blocks the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = std::time::Instant::now() + AUDIT_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "iamd-audit did not finish within {} seconds",
                    AUDIT_TIMEOUT.as_secs()
                ));
            }
            Err(e) => return Err(format!("iamd-audit: {e}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    // Exit 2 only says a finding reached --fail-on; the report is on stdout either way.
    if matches!(status.code(), Some(0 | 2))
        && let Ok(report) = serde_json::from_slice::<serde_json::Value>(&stdout)
    {
        return Ok(report);
    }
    let text = String::from_utf8_lossy(&stderr);
    let text = text.trim().trim_start_matches("iamd audit: ");
    Err(if text.is_empty() {
        format!("iamd-audit failed ({status})")
    } else {
        text.to_string()
    })
}

pub(crate) async fn route(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    req: Request,
    request_id: String,
) -> Response {
    let backend = Backend { iam, config };
    let r = iam_console::handle(
        &config.console_state,
        &backend,
        iam_console::HttpRequest {
            method: &req.method,
            path: &req.path,
            query: &req.query,
            headers: &req.headers,
            body: &req.body,
            remote_addr: req.remote_addr,
        },
    )
    .await;
    Response {
        status: r.status,
        request_id,
        content_type: r.content_type,
        body: r.body,
        headers: r.headers,
    }
}
