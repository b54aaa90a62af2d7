//! The TCP/HTTP listener: HTTP/1.1 keep-alive via hyper, bounded body reads, graceful stop, and
//! the connection limits that keep slow or idle clients from holding the server: a deadline
//! for each request's headers, for its body and for the wait between keep-alive requests, a
//! cap on open connections, and a backoff when accept() fails (out of file descriptors).
use crate::errors::{self, WireError};
use crate::handler::{Request, ServerConfig, handle};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use iam_core::Iam;
use iam_wire::model::Service;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// How long a connection may take and how many may be open at once.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    /// From the moment the server waits for a request (a new connection, or the first byte of
    /// the next request on a keep-alive connection) until its headers are complete; then the
    /// connection is closed without an answer.
    pub header_timeout: Duration,
    /// From the end of the headers until the whole body is read. A request whose body is late
    /// is answered 400 `RequestTimeout` (S3's code and text) and its connection closed.
    pub body_timeout: Duration,
    /// How long a keep-alive connection may wait between requests (after a response, for the
    /// first byte of the next request; it also bounds writing that response). Then it is closed.
    pub idle_timeout: Duration,
    /// Connections served at once. The server accepts the next connection only when one closes,
    /// so excess connections wait in the kernel's listen backlog.
    pub max_connections: usize,
}

impl Default for ListenerConfig {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 4096,
        }
    }
}

async fn to_response(
    iam: Arc<Iam>,
    config: Arc<ServerConfig>,
    body_timeout: Duration,
    remote_addr: std::net::SocketAddr,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let collected = tokio::time::timeout(
        body_timeout,
        Limited::new(body, config.max_body_bytes).collect(),
    )
    .await;
    let body = match collected {
        Ok(Ok(b)) => b.to_bytes().to_vec(),
        Ok(Err(_)) => {
            let id = uuid::Uuid::new_v4().to_string();
            let e = errors::request_entity_too_large(config.max_body_bytes);
            crate::handler::record_unread(&iam, &config, &parts.headers, remote_addr, &e, &id)
                .await;
            return Ok(build_error(&e, &id));
        }
        Err(_elapsed) => {
            // S3's answer to a body that does not arrive in time; the rest of the body is never
            // read, so the connection cannot carry another request and is closed.
            let id = uuid::Uuid::new_v4().to_string();
            tracing::debug!(%remote_addr, request_id = id, "request body timed out");
            let e = errors::request_timeout();
            crate::handler::record_unread(&iam, &config, &parts.headers, remote_addr, &e, &id)
                .await;
            let mut r = build_error(&e, &id);
            r.headers_mut().insert(
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            );
            return Ok(r);
        }
    };
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let request = Request {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers,
        body,
        remote_addr: Some(remote_addr),
    };
    let resp = handle(&iam, &config, request).await;
    let mut built = build(resp.status, &resp.request_id, resp.content_type, resp.body);
    for (name, value) in resp.headers {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            built.headers_mut().append(n, v);
        }
    }
    Ok(built)
}

/// An error answered before the request reaches `handle`, as a Query (XML) error.
fn build_error(e: &WireError, request_id: &str) -> hyper::Response<Full<Bytes>> {
    let xml = iam_wire::xml::encode_error(Service::Iam, e.kind, e.code, &e.message, request_id);
    build(e.status, request_id, "text/xml", xml)
}

fn build(
    status: u16,
    request_id: &str,
    content_type: &str,
    body: String,
) -> hyper::Response<Full<Bytes>> {
    let mut r = hyper::Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    if let Ok(v) = hyper::header::HeaderValue::from_str(request_id) {
        h.insert("x-amzn-requestid", v);
    }
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        h.insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for a request's headers (a new connection, or bytes of the next request).
    Head,
    /// A request is being served: its body is read under the service's body deadline.
    Busy,
    /// Between requests on a keep-alive connection (including writing the last response).
    Idle,
}

struct ClockState {
    phase: Phase,
    /// When the connection is closed unless the phase changes first (not used while `Busy`).
    deadline: Instant,
    /// Requests whose service future has not finished.
    in_flight: u32,
}

/// A connection's header and idle deadlines. hyper's own `header_read_timeout` is not used: it
/// starts when hyper begins waiting for a request head, which on a keep-alive connection
/// includes the wait between requests, so it cannot give a slow request (short deadline) and
/// an idle connection (longer deadline) different limits. The phase follows the service
/// (request started, finished) and the socket (first bytes of the next request, see
/// [`TimedIo`]); [`ConnClock::expired`] resolves when the current deadline passes, and the
/// connection task then drops the connection.
struct ConnClock {
    state: std::sync::Mutex<ClockState>,
    changed: tokio::sync::Notify,
    header_timeout: Duration,
    idle_timeout: Duration,
}

impl ConnClock {
    fn new(limits: &ListenerConfig) -> Self {
        Self {
            state: std::sync::Mutex::new(ClockState {
                phase: Phase::Head,
                deadline: Instant::now() + limits.header_timeout,
                in_flight: 0,
            }),
            changed: tokio::sync::Notify::new(),
            header_timeout: limits.header_timeout,
            idle_timeout: limits.idle_timeout,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// hyper parsed a request's headers and called the service.
    fn request_started(&self) {
        let mut s = self.lock();
        s.in_flight += 1;
        s.phase = Phase::Busy;
    }

    /// A request's service future completed (or was dropped): once none is left, the
    /// connection is idle until the next request begins.
    fn request_finished(&self) {
        let mut s = self.lock();
        s.in_flight = s.in_flight.saturating_sub(1);
        if s.in_flight == 0 {
            s.phase = Phase::Idle;
            s.deadline = Instant::now() + self.idle_timeout;
            drop(s);
            self.changed.notify_one();
        }
    }

    /// Bytes arrived from the client.
    fn bytes_read(&self) {
        let mut s = self.lock();
        if s.phase == Phase::Idle {
            // The next request has begun: its headers get the header deadline.
            s.phase = Phase::Head;
            s.deadline = Instant::now() + self.header_timeout;
            drop(s);
            self.changed.notify_one();
        }
    }

    /// Resolves with the phase whose deadline passed.
    async fn expired(&self) -> Phase {
        loop {
            let changed = self.changed.notified();
            let (phase, deadline) = {
                let s = self.lock();
                (s.phase, s.deadline)
            };
            if phase == Phase::Busy {
                changed.await;
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {
                    let s = self.lock();
                    if s.phase == phase && s.deadline <= Instant::now() {
                        return phase;
                    }
                }
                () = changed => {}
            }
        }
    }
}

/// Counts a request as finished when its service future completes or is dropped.
struct Finished(Arc<ConnClock>);

impl Drop for Finished {
    fn drop(&mut self) {
        self.0.request_finished();
    }
}

/// The connection's socket, telling its [`ConnClock`] when bytes arrive.
struct TimedIo {
    io: TcpStream,
    clock: Arc<ConnClock>,
}

impl AsyncRead for TimedIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.clock.bytes_read();
        }
        polled
    }
}

impl AsyncWrite for TimedIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// accept() failures other than a client's aborted handshake (EMFILE, ENFILE, ENOBUFS…) repeat
/// until something is released: wait with exponential backoff instead of spinning, and warn at
/// most once a second.
struct AcceptBackoff {
    delay: Duration,
    last_warning: Option<Instant>,
    suppressed: u64,
}

impl AcceptBackoff {
    const FIRST: Duration = Duration::from_millis(10);
    const MAX: Duration = Duration::from_secs(1);
    const WARN_EVERY: Duration = Duration::from_secs(1);

    fn new() -> Self {
        Self {
            delay: Self::FIRST,
            last_warning: None,
            suppressed: 0,
        }
    }

    fn succeeded(&mut self) {
        self.delay = Self::FIRST;
    }

    /// Logs (rate-limited) and returns how long to wait before the next accept().
    fn failed(&mut self, error: &std::io::Error) -> Duration {
        let now = Instant::now();
        if self
            .last_warning
            .is_none_or(|t| now.duration_since(t) >= Self::WARN_EVERY)
        {
            tracing::warn!(
                error = %error,
                retry_in_ms = self.delay.as_millis() as u64,
                failures_not_logged = self.suppressed,
                "accept failed; backing off (logged at most once a second)"
            );
            self.last_warning = Some(now);
            self.suppressed = 0;
        } else {
            self.suppressed += 1;
        }
        let delay = self.delay;
        self.delay = (self.delay * 2).min(Self::MAX);
        delay
    }
}

/// A client that gave up during the handshake: nothing to back off from.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Serves with the default [`ListenerConfig`] until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    iam: Arc<Iam>,
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_with(listener, iam, config, ListenerConfig::default(), shutdown).await
}

/// Serves until `shutdown` resolves, then stops accepting and lets open requests finish.
pub async fn serve_with(
    listener: TcpListener,
    iam: Arc<Iam>,
    config: ServerConfig,
    limits: ListenerConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut config = config;
    if config.local_addr.is_none() {
        config.local_addr = listener.local_addr().ok();
    }
    let config = Arc::new(config);
    let limits = Arc::new(limits);
    let slots = Arc::new(tokio::sync::Semaphore::new(
        limits
            .max_connections
            .clamp(1, tokio::sync::Semaphore::MAX_PERMITS),
    ));
    let mut backoff = AcceptBackoff::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let (close_tx, close_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        // A free slot first: while all are taken, new connections wait in the listen backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_closed) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, remote_addr) = match accepted {
            Ok(s) => {
                backoff.succeeded();
                s
            }
            Err(e) if is_connection_error(&e) => {
                tracing::debug!(error = %e, "accept: client went away");
                continue;
            }
            Err(e) => {
                let delay = backoff.failed(&e);
                tokio::select! {
                    () = tokio::time::sleep(delay) => continue,
                    () = &mut shutdown => break,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let (iam, config, limits) = (iam.clone(), config.clone(), limits.clone());
        let mut close_rx = close_rx.clone();
        connections.spawn(async move {
            let _slot = slot;
            let clock = Arc::new(ConnClock::new(&limits));
            let io = TimedIo {
                io: stream,
                clock: clock.clone(),
            };
            let body_timeout = limits.body_timeout;
            let svc_clock = clock.clone();
            let svc = service_fn(move |req| {
                // Called by hyper as soon as the headers are parsed.
                svc_clock.request_started();
                let finished = Finished(svc_clock.clone());
                let (iam, config) = (iam.clone(), config.clone());
                async move {
                    let _finished = finished;
                    to_response(iam, config, body_timeout, remote_addr, req).await
                }
            });
            let conn = http1::Builder::new()
                .keep_alive(true)
                // ConnClock enforces the header and idle deadlines (see there).
                .header_read_timeout(None)
                .serve_connection(TokioIo::new(io), svc);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                phase = clock.expired() => {
                    // Dropping the connection closes the socket.
                    tracing::debug!(%remote_addr, ?phase, "closing connection: deadline passed");
                }
                _ = close_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        // Reap finished connection tasks so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
    let _ = close_tx.send(true);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}
