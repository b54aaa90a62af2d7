//! `iamd-loadgen`: signs real SigV4 AWS Query requests and measures req/s and
//! latency percentiles against an IAM endpoint (iamd, moto, ...) at several
//! concurrency levels. One HTTP/1.1 keep-alive connection per worker.

mod creds;
mod sigv4;

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::{Parser, ValueEnum};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONNECTION, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::sigv4::Signer;

/// IAM API version sent with IAM requests.
const IAM_VERSION: &str = "2010-05-08";
/// STS API version sent with STS requests.
const STS_VERSION: &str = "2011-06-15";
/// Error bodies are truncated to this many bytes in reports.
const MAX_ERROR_BODY: usize = 2000;

#[derive(Parser, Debug)]
#[command(
    name = "iamd-loadgen",
    version,
    about = "SigV4-signing load generator for AWS-compatible IAM endpoints",
    after_help = "Credentials come from --access-key/--secret-key[/--session-token] or from \
                  --credentials-file (AWS shared credentials format, with aws_session_token for \
                  temporary credentials); a session token is sent and signed as \
                  x-amz-security-token. Each concurrency level runs a warm-up, then \
                  measures for --duration seconds (and at most --requests requests). Only 2xx \
                  responses count as successes; latency percentiles are over successes."
)]
struct Args {
    /// Endpoint URL, e.g. http://127.0.0.1:8080 (plain HTTP only).
    #[arg(long)]
    endpoint: String,
    /// Access key id.
    #[arg(long, env = "AWS_ACCESS_KEY_ID", requires = "secret_key")]
    access_key: Option<String>,
    /// Secret access key.
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true)]
    secret_key: Option<String>,
    /// Session token of temporary credentials given with --access-key/--secret-key (sent and
    /// signed as x-amz-security-token).
    #[arg(long, env = "AWS_SESSION_TOKEN", hide_env_values = true)]
    session_token: Option<String>,
    /// AWS shared credentials file to read the keys (and aws_session_token) from; overrides
    /// --access-key/--secret-key/--session-token.
    #[arg(long)]
    credentials_file: Option<std::path::PathBuf>,
    /// Profile to use from --credentials-file.
    #[arg(long, default_value = "default")]
    profile: String,
    /// Operation to benchmark.
    #[arg(long, value_enum)]
    op: Op,
    /// Comma-separated list of concurrency levels (workers = connections).
    #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
    concurrency: Vec<usize>,
    /// Measured duration per concurrency level, in seconds.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Warm-up per concurrency level, in seconds (not measured).
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Stop a level after this many measured requests (in addition to --duration).
    #[arg(long)]
    requests: Option<u64>,
    /// Per-request timeout in seconds (a timed-out request counts as an error).
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// SigV4 region.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// SigV4 service name (default: `iam` for IAM operations, `sts` for assume-role).
    #[arg(long)]
    service: Option<String>,
    /// Role to assume (assume-role): every request is AssumeRole with RoleSessionName lg-N.
    #[arg(long)]
    role_arn: Option<String>,
    /// Number of users lg-user-N created before get-user / list-users.
    #[arg(long, default_value_t = 5)]
    setup_users: usize,
    /// Tokio worker threads for the load generator (default: half the CPUs, at least 1).
    #[arg(long)]
    threads: Option<usize>,
    /// Print results as JSON on stdout (the table then goes to stderr).
    #[arg(long)]
    json: bool,
    /// Instead of measuring: send a signed GetUser (the caller's own user) every 5 ms, for
    /// at most this many seconds, until one is answered with 2xx; print the Unix time of that
    /// answer in milliseconds (`first_answer_unix_ms=…`) and exit 0 (1 if none was). Measures a
    /// server's start to first answer (`bench/million-users.sh`).
    #[arg(long)]
    wait_ready: Option<f64>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Op {
    GetUser,
    ListUsers,
    CreateUser,
    /// STS AssumeRole of --role-arn; each call creates a session.
    AssumeRole,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::GetUser => "get-user",
            Op::ListUsers => "list-users",
            Op::CreateUser => "create-user",
            Op::AssumeRole => "assume-role",
        }
    }

    /// SigV4 service name used unless --service overrides it.
    fn default_service(self) -> &'static str {
        match self {
            Op::GetUser | Op::ListUsers | Op::CreateUser => "iam",
            Op::AssumeRole => "sts",
        }
    }
}

fn query_body_version(action: &str, params: &[(&str, &str)], version: &str) -> Bytes {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("Action", action);
    for (k, v) in params {
        s.append_pair(k, v);
    }
    s.append_pair("Version", version);
    Bytes::from(s.finish())
}

fn query_body(action: &str, params: &[(&str, &str)]) -> Bytes {
    query_body_version(action, params, IAM_VERSION)
}

fn assume_role_body(role_arn: &str, session_name: &str) -> Bytes {
    query_body_version(
        "AssumeRole",
        &[("RoleArn", role_arn), ("RoleSessionName", session_name)],
        STS_VERSION,
    )
}

fn create_user_body(name: &str) -> Bytes {
    query_body("CreateUser", &[("UserName", name)])
}

/// Where to connect and what to put in the `Host` header.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    addr: String,
    host_header: String,
}

fn parse_endpoint(endpoint: &str) -> Result<Target, String> {
    let uri: Uri = endpoint
        .parse()
        .map_err(|e| format!("bad --endpoint {endpoint:?}: {e}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => return Err(format!("unsupported scheme {other:?} (only http)")),
        None => return Err(format!("--endpoint {endpoint:?} needs http://")),
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(format!(
            "--endpoint {endpoint:?} must not have a path or query"
        ));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| format!("--endpoint {endpoint:?} has no host"))?;
    let host = authority.host();
    let port = authority.port_u16().unwrap_or(80);
    Ok(Target {
        addr: format!("{host}:{port}"),
        host_header: authority.as_str().to_owned(),
    })
}

/// One keep-alive HTTP/1.1 connection plus a signer.
struct Client {
    target: Arc<Target>,
    signer: Signer,
    sender: Option<SendRequest<Full<Bytes>>>,
    connects: u64,
    timeout: Duration,
}

impl Client {
    fn new(target: Arc<Target>, signer: Signer, timeout: Duration) -> Self {
        Client {
            target,
            signer,
            sender: None,
            connects: 0,
            timeout,
        }
    }

    async fn connect(&mut self) -> Result<(), String> {
        let stream = TcpStream::connect(&self.target.addr)
            .await
            .map_err(|e| format!("connect {}: {e}", self.target.addr))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        self.sender = Some(sender);
        self.connects += 1;
        Ok(())
    }

    fn build(&mut self, body: Bytes) -> Request<Full<Bytes>> {
        let signed = self.signer.sign_post(
            &self.target.host_header,
            time::OffsetDateTime::now_utc(),
            &body,
        );
        let mut b = Request::builder()
            .method(Method::POST)
            .uri("/")
            .header(HOST, &self.target.host_header)
            .header(CONTENT_TYPE, sigv4::CONTENT_TYPE);
        // authorization, x-amz-date and, with a session token, x-amz-security-token.
        for (name, value) in signed {
            b = b.header(name, value);
        }
        b.body(Full::new(body)).expect("valid request")
    }

    /// Sends one signed request; returns the status code and body.
    async fn call(&mut self, body: Bytes) -> Result<(u16, Bytes), String> {
        let timeout = self.timeout;
        match tokio::time::timeout(timeout, self.call_inner(body)).await {
            Ok(r) => r,
            Err(_) => {
                self.sender = None;
                Err(format!("timeout after {timeout:?}"))
            }
        }
    }

    async fn call_inner(&mut self, body: Bytes) -> Result<(u16, Bytes), String> {
        if let Some(s) = &mut self.sender
            && s.ready().await.is_err()
        {
            self.sender = None;
        }
        if self.sender.is_none() {
            self.connect().await?;
        }
        let req = self.build(body);
        let sender = self.sender.as_mut().expect("connected");
        let resp = match sender.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                self.sender = None;
                return Err(format!("request: {e}"));
            }
        };
        let status = resp.status().as_u16();
        let close = resp
            .headers()
            .get(CONNECTION)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
        let body = match resp.into_body().collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                self.sender = None;
                return Err(format!("reading body: {e}"));
            }
        };
        if close {
            self.sender = None;
        }
        Ok((status, body))
    }
}

fn describe_error(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_ERROR_BODY)]);
    format!("HTTP {status}: {}", text.trim())
}

/// Shared, read-only configuration of one concurrency level.
struct Level {
    op: Op,
    role_arn: String,
    run_id: String,
    measure_start: Instant,
    end: Instant,
    max_requests: Option<u64>,
    issued: AtomicU64,
}

#[derive(Default)]
struct WorkerResult {
    latencies_us: Vec<u32>,
    ok: u64,
    errors: u64,
    connects: u64,
    first_error: Option<(Instant, String)>,
    finished: Option<Instant>,
}

async fn worker(level: Arc<Level>, mut client: Client, id: usize) -> WorkerResult {
    let static_body = match level.op {
        Op::GetUser => query_body("GetUser", &[("UserName", "lg-user-0")]),
        Op::ListUsers => query_body("ListUsers", &[("MaxItems", "100")]),
        Op::CreateUser | Op::AssumeRole => Bytes::new(),
    };
    let mut r = WorkerResult::default();
    let mut n: u64 = 0;
    loop {
        let now = Instant::now();
        if now >= level.end {
            break;
        }
        let measured = now >= level.measure_start;
        if measured
            && let Some(max) = level.max_requests
            && level.issued.fetch_add(1, Ordering::Relaxed) >= max
        {
            break;
        }
        let body = match level.op {
            Op::CreateUser => {
                n += 1;
                create_user_body(&format!("lg-{}-{id}-{n}", level.run_id))
            }
            Op::AssumeRole => {
                n += 1;
                assume_role_body(&level.role_arn, &format!("lg-{id}-{n}"))
            }
            _ => static_body.clone(),
        };
        let t0 = Instant::now();
        let res = client.call(body).await;
        let elapsed = t0.elapsed();
        if !measured {
            continue;
        }
        match res {
            Ok((status, _)) if (200..300).contains(&status) => {
                r.ok += 1;
                r.latencies_us
                    .push(u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX));
            }
            Ok((status, body)) => {
                r.errors += 1;
                if r.first_error.is_none() {
                    r.first_error = Some((t0, describe_error(status, &body)));
                }
            }
            Err(e) => {
                r.errors += 1;
                if r.first_error.is_none() {
                    r.first_error = Some((t0, e));
                }
            }
        }
    }
    r.connects = client.connects;
    r.finished = Some(Instant::now());
    r
}

#[derive(Debug, Default, Clone, PartialEq)]
struct LevelResult {
    concurrency: usize,
    ok: u64,
    errors: u64,
    connects: u64,
    elapsed_s: f64,
    rps: f64,
    p50_us: u64,
    p99_us: u64,
    max_us: u64,
    mean_us: f64,
    first_error: Option<String>,
}

impl LevelResult {
    fn error_ratio(&self) -> f64 {
        let total = self.ok + self.errors;
        if total == 0 {
            0.0
        } else {
            self.errors as f64 / total as f64
        }
    }
}

/// Nearest-rank percentile of a sorted slice (0 when empty).
fn percentile(sorted: &[u32], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    u64::from(sorted[rank.clamp(1, sorted.len()) - 1])
}

struct Config {
    target: Arc<Target>,
    signer: Signer,
    op: Op,
    role_arn: String,
    duration: Duration,
    warmup: Duration,
    requests: Option<u64>,
    timeout: Duration,
    run_id: String,
}

async fn run_level(cfg: &Config, concurrency: usize, index: usize) -> LevelResult {
    let start = Instant::now();
    let measure_start = start + cfg.warmup;
    let level = Arc::new(Level {
        op: cfg.op,
        role_arn: cfg.role_arn.clone(),
        run_id: format!("{}l{index}", cfg.run_id),
        measure_start,
        end: measure_start + cfg.duration,
        max_requests: cfg.requests,
        issued: AtomicU64::new(0),
    });
    let handles: Vec<_> = (0..concurrency)
        .map(|id| {
            let client = Client::new(cfg.target.clone(), cfg.signer.clone(), cfg.timeout);
            tokio::spawn(worker(level.clone(), client, id))
        })
        .collect();
    let mut all = Vec::new();
    let mut res = LevelResult {
        concurrency,
        ..Default::default()
    };
    let mut first_error: Option<(Instant, String)> = None;
    let mut finished = measure_start;
    for h in handles {
        let w = match h.await {
            Ok(w) => w,
            Err(e) => {
                res.errors += 1;
                first_error.get_or_insert((Instant::now(), format!("worker panicked: {e}")));
                continue;
            }
        };
        res.ok += w.ok;
        res.errors += w.errors;
        res.connects += w.connects;
        all.extend_from_slice(&w.latencies_us);
        if let Some(f) = w.finished {
            finished = finished.max(f);
        }
        if let Some((t, e)) = w.first_error
            && first_error.as_ref().is_none_or(|(t0, _)| t < *t0)
        {
            first_error = Some((t, e));
        }
    }
    all.sort_unstable();
    res.elapsed_s = finished
        .duration_since(measure_start)
        .as_secs_f64()
        .max(1e-9);
    res.rps = res.ok as f64 / res.elapsed_s;
    res.p50_us = percentile(&all, 50.0);
    res.p99_us = percentile(&all, 99.0);
    res.max_us = all.last().copied().map_or(0, u64::from);
    res.mean_us = if all.is_empty() {
        0.0
    } else {
        all.iter().map(|&x| f64::from(x)).sum::<f64>() / all.len() as f64
    };
    res.first_error = first_error.map(|(_, e)| e);
    res
}

/// Creates lg-user-0..n, tolerating EntityAlreadyExists.
async fn setup_users(cfg: &Config, n: usize) -> Result<(), String> {
    let mut client = Client::new(cfg.target.clone(), cfg.signer.clone(), cfg.timeout);
    for i in 0..n {
        let name = format!("lg-user-{i}");
        let (status, body) = client.call(create_user_body(&name)).await?;
        if (200..300).contains(&status) {
            continue;
        }
        if String::from_utf8_lossy(&body).contains("EntityAlreadyExists") {
            continue;
        }
        return Err(format!(
            "CreateUser {name} failed: {}",
            describe_error(status, &body)
        ));
    }
    Ok(())
}

fn fmt_ms(us: u64) -> String {
    format!("{:.3}", us as f64 / 1000.0)
}

fn render_table(op: Op, results: &[LevelResult]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<12} {:>5} {:>9} {:>7} {:>10} {:>9} {:>9} {:>9} {:>6}",
        "op", "conc", "ok", "errors", "req/s", "p50 ms", "p99 ms", "max ms", "conns"
    );
    for r in results {
        let _ = writeln!(
            s,
            "{:<12} {:>5} {:>9} {:>7} {:>10.1} {:>9} {:>9} {:>9} {:>6}",
            op.name(),
            r.concurrency,
            r.ok,
            r.errors,
            r.rps,
            fmt_ms(r.p50_us),
            fmt_ms(r.p99_us),
            fmt_ms(r.max_us),
            r.connects
        );
    }
    s
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_json(endpoint: &str, cfg: &Config, results: &[LevelResult]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "{{\"endpoint\":{},\"op\":{},\"duration_s\":{},\"warmup_s\":{},\"results\":[",
        json_str(endpoint),
        json_str(cfg.op.name()),
        cfg.duration.as_secs_f64(),
        cfg.warmup.as_secs_f64()
    );
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"concurrency\":{},\"ok\":{},\"errors\":{},\"connections\":{},\"elapsed_s\":{:.3},\
             \"rps\":{:.1},\"p50_us\":{},\"p99_us\":{},\"max_us\":{},\"mean_us\":{:.1},\"first_error\":{}}}",
            r.concurrency,
            r.ok,
            r.errors,
            r.connects,
            r.elapsed_s,
            r.rps,
            r.p50_us,
            r.p99_us,
            r.max_us,
            r.mean_us,
            r.first_error.as_deref().map_or("null".to_owned(), json_str)
        );
    }
    s.push_str("]}");
    s
}

fn seconds(name: &str, v: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(v).map_err(|_| format!("--{name} must be a non-negative number"))
}

fn build_config(args: &Args) -> Result<Config, String> {
    let target = Arc::new(parse_endpoint(&args.endpoint)?);
    let creds = if let Some(path) = &args.credentials_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        creds::parse(&text, &args.profile).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        match (&args.access_key, &args.secret_key) {
            (Some(a), Some(s)) => creds::Credentials {
                access_key: a.clone(),
                secret_key: s.clone(),
                session_token: args.session_token.clone().filter(|t| !t.is_empty()),
            },
            _ => {
                return Err(
                    "credentials needed: --access-key and --secret-key, or --credentials-file"
                        .into(),
                );
            }
        }
    };
    let role_arn = match (args.op, &args.role_arn) {
        (Op::AssumeRole, Some(arn)) if !arn.is_empty() => arn.clone(),
        (Op::AssumeRole, _) => return Err("--op assume-role needs --role-arn ARN".into()),
        (_, _) => String::new(),
    };
    if args.concurrency.is_empty() || args.concurrency.contains(&0) {
        return Err("--concurrency needs positive integers".into());
    }
    let duration = seconds("duration", args.duration)?;
    if duration.is_zero() {
        return Err("--duration must be positive".into());
    }
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Ok(Config {
        target,
        signer: Signer::new(
            &creds.access_key,
            &creds.secret_key,
            creds.session_token.as_deref(),
            &args.region,
            args.service.as_deref().unwrap_or(args.op.default_service()),
        ),
        op: args.op,
        role_arn,
        duration,
        warmup: seconds("warmup", args.warmup)?,
        requests: args.requests,
        timeout: seconds("timeout", args.timeout)?,
        run_id: format!("{millis:x}"),
    })
}

/// `--wait-ready`: polls until the server answers a signed request (see the flag).
async fn wait_ready(cfg: &Config, within: Duration) -> Result<(), String> {
    let deadline = Instant::now() + within;
    let mut client = Client::new(
        cfg.target.clone(),
        cfg.signer.clone(),
        within.max(Duration::from_secs(1)),
    );
    let mut attempts = 0u64;
    let mut last = String::from("no attempt");
    while Instant::now() < deadline {
        attempts += 1;
        match client.call(query_body("GetUser", &[])).await {
            Ok((status, _)) if (200..300).contains(&status) => {
                let ms = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis());
                println!("first_answer_unix_ms={ms} attempts={attempts}");
                return Ok(());
            }
            Ok((status, body)) => last = describe_error(status, &body),
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(format!(
        "no 2xx answer within {within:?} ({attempts} attempts; last: {last})"
    ))
}

async fn run(args: Args, cfg: Config) -> Result<bool, String> {
    if let Some(within) = args.wait_ready {
        wait_ready(&cfg, seconds("wait-ready", within)?).await?;
        return Ok(true);
    }
    if matches!(cfg.op, Op::GetUser | Op::ListUsers) {
        setup_users(
            &cfg,
            args.setup_users.max(usize::from(cfg.op == Op::GetUser)),
        )
        .await
        .map_err(|e| format!("setup: {e}"))?;
    }
    let mut results = Vec::new();
    let mut all_ok = true;
    for (i, &c) in args.concurrency.iter().enumerate() {
        eprintln!(
            "{} concurrency {c}: warm-up {:?}, measuring {:?}{}",
            cfg.op.name(),
            cfg.warmup,
            cfg.duration,
            cfg.requests
                .map_or(String::new(), |n| format!(" (max {n} requests)"))
        );
        let r = run_level(&cfg, c, i).await;
        if r.error_ratio() > 0.01 {
            all_ok = false;
            eprintln!(
                "  {} errors of {} requests ({:.1}%); first error: {}",
                r.errors,
                r.ok + r.errors,
                r.error_ratio() * 100.0,
                r.first_error.as_deref().unwrap_or("?")
            );
        }
        results.push(r);
    }
    let table = render_table(cfg.op, &results);
    if args.json {
        eprint!("{table}");
        println!("{}", render_json(&args.endpoint, &cfg, &results));
    } else {
        print!("{table}");
    }
    Ok(all_ok)
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let cfg = match build_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("iamd-loadgen: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .expect("tokio runtime");
    match rt.block_on(run(args, cfg)) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        // Completed, but some level had more than 1% errors.
        Ok(false) => std::process::ExitCode::from(3),
        Err(e) => {
            eprintln!("iamd-loadgen: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod loop_tests;
#[cfg(test)]
mod tests;
