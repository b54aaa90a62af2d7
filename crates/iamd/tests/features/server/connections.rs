//! Connection limits of the listener: slow headers, slow bodies and idle keep-alive connections
//! are closed after their deadlines, and at most `max_connections` are served at once (the rest
//! wait in the listen backlog and are served when a slot frees). Raw TCP clients, 1 s deadlines;
//! the only time limits asserted are generous hang guards.
use crate::support;
use iam_server::{ListenerConfig, Request, ServerConfig};
use std::net::SocketAddr;
use std::time::Duration;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// Longest any single step may take before the test fails as hung.
const HANG_GUARD: Duration = Duration::from_secs(20);
const SHORT: Duration = Duration::from_secs(1);
const LONG: Duration = Duration::from_secs(600);

/// An unsigned request: answered (with an AWS error) without touching any state.
const PLAIN_GET: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost:4566\r\n\r\n";

struct Running {
    addr: SocketAddr,
    h: Harness,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    async fn start(limits: ListenerConfig) -> Running {
        let h = harness().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(iam_server::serve_with(
            listener,
            h.iam.clone(),
            ServerConfig::default(),
            limits,
            async move {
                let _ = stopped.await;
            },
        ));
        Running {
            addr,
            h,
            stop: Some(stop),
            task: Some(task),
        }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// A signed GetCallerIdentity on a new connection: the server answers normally.
    async fn assert_serves(&self) {
        let mut s = self.connect().await;
        let req = signed_request(
            &self.h.root,
            "sts",
            query_body(STS_VERSION, &[("Action", "GetCallerIdentity")]).as_bytes(),
            &[("content-type", "application/x-www-form-urlencoded")],
        );
        s.write_all(&raw(&req)).await.unwrap();
        let (status, body) = read_response(&mut s).await.expect("a response");
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(&format!("arn:aws:iam::{}:root", self.h.account)));
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let served = tokio::time::timeout(HANG_GUARD, self.task.take().unwrap())
            .await
            .expect("server stops");
        served.unwrap().unwrap();
    }
}

fn limits(header: Duration, body: Duration, idle: Duration, max: usize) -> ListenerConfig {
    ListenerConfig {
        header_timeout: header,
        body_timeout: body,
        idle_timeout: idle,
        max_connections: max,
    }
}

/// `req` as HTTP/1.1 bytes.
fn raw(req: &Request) -> Vec<u8> {
    let mut out = format!("{} {} HTTP/1.1\r\n", req.method, req.path);
    for (k, v) in &req.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", req.body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(&req.body);
    out
}

/// Reads one response (headers, then a Content-Length body): its status and body. `None` if
/// the connection ends before a whole response.
async fn read_response(s: &mut TcpStream) -> Option<(u16, String)> {
    tokio::time::timeout(HANG_GUARD, async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let status: u16 = head.split(' ').nth(1)?.parse().ok()?;
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(Some(0), |v| v.trim().parse().ok())?;
        while buf.len() < head_end + length {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
        Some((status, body))
    })
    .await
    .expect("hung waiting for a response")
}

/// Waits (under the hang guard) until the server closes `s`; returns what it sent before.
async fn until_closed(s: &mut TcpStream) -> Vec<u8> {
    tokio::time::timeout(HANG_GUARD, async {
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return got,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .expect("the server never closed the connection")
}

/// A request on `s` answered (any AWS answer), the connection kept open.
async fn exchange(s: &mut TcpStream) {
    s.write_all(PLAIN_GET).await.unwrap();
    let (status, body) = read_response(s).await.expect("a response");
    assert!((400..500).contains(&status), "{status} {body}");
}

#[tokio::test]
async fn partial_headers_are_cut_off_at_the_header_timeout() {
    let server = Running::start(limits(SHORT, LONG, LONG, 16)).await;
    // Slowloris: a byte of a header every 200 ms never completes the head; every byte is
    // progress, but the deadline is for the whole head.
    let mut s = server.connect().await;
    s.write_all(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .await
        .unwrap();
    let sent = tokio::time::timeout(HANG_GUARD, async {
        for _ in 0..200 {
            if s.write_all(b"a").await.is_err() {
                return;
            }
            let mut probe = [0u8; 1];
            if let Ok(Ok(0) | Err(_)) =
                tokio::time::timeout(Duration::from_millis(200), s.read(&mut probe)).await
            {
                return;
            }
        }
        panic!("still connected after 40 s of trickled headers");
    })
    .await;
    sent.expect("the server never closed the connection");

    // A connection that sends nothing at all is closed too.
    let mut silent = server.connect().await;
    until_closed(&mut silent).await;

    server.assert_serves().await;
    server.stop().await;
}

#[tokio::test]
async fn idle_keep_alive_connection_is_closed_at_the_idle_timeout() {
    // Header deadline far away: what closes the connection is the idle deadline.
    let server = Running::start(limits(LONG, LONG, SHORT, 16)).await;
    let mut s = server.connect().await;
    // Keep-alive: two requests on one connection.
    exchange(&mut s).await;
    exchange(&mut s).await;
    let after = until_closed(&mut s).await;
    assert!(after.is_empty(), "{}", String::from_utf8_lossy(&after));
    server.assert_serves().await;
    server.stop().await;
}

#[tokio::test]
async fn waiting_between_requests_is_bounded_by_the_idle_timeout_not_the_header_timeout() {
    // hyper's own header_read_timeout would also count the wait between requests: a keep-alive
    // connection quiet for longer than the header deadline must still be served.
    let server = Running::start(limits(SHORT, LONG, LONG, 16)).await;
    let mut s = server.connect().await;
    exchange(&mut s).await;
    tokio::time::sleep(3 * SHORT).await;
    exchange(&mut s).await;
    server.stop().await;
}

#[tokio::test]
async fn slow_body_gets_request_timeout_and_the_connection_is_closed() {
    let server = Running::start(limits(LONG, SHORT, LONG, 16)).await;
    let mut s = server.connect().await;
    s.write_all(
        b"POST / HTTP/1.1\r\nHost: localhost\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n\
          Action=Get",
    )
    .await
    .unwrap();
    let (status, body) = read_response(&mut s).await.expect("a response");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("<Code>RequestTimeout</Code>"), "{body}");
    assert!(
        body.contains(
            "Your socket connection to the server was not read from or written to within \
             the timeout period."
        ),
        "{body}"
    );
    until_closed(&mut s).await;
    server.assert_serves().await;
    server.stop().await;
}

#[tokio::test]
async fn connections_over_the_limit_are_served_once_idle_ones_time_out() {
    let server = Running::start(limits(LONG, LONG, SHORT, 2)).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = server.connect().await;
        exchange(&mut s).await;
        held.push(s);
    }
    // Both slots are taken by idle connections: the third waits in the backlog and is served
    // when they are closed.
    let mut third = server.connect().await;
    exchange(&mut third).await;
    for s in &mut held {
        until_closed(s).await;
    }
    server.assert_serves().await;
    server.stop().await;
}

#[tokio::test]
async fn a_connection_over_the_limit_waits_for_a_free_slot() {
    // No deadline will free a slot: only a client closing its connection does.
    let server = Running::start(limits(LONG, LONG, LONG, 2)).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = server.connect().await;
        exchange(&mut s).await;
        held.push(s);
    }
    let mut third = server.connect().await;
    third.write_all(PLAIN_GET).await.unwrap();
    let mut probe = [0u8; 1];
    // Not served while both slots are held (a correct server never answers here, so this
    // wait cannot fail spuriously).
    assert!(
        tokio::time::timeout(Duration::from_secs(1), third.read(&mut probe))
            .await
            .is_err(),
        "served over the connection limit"
    );
    drop(held.pop());
    let (status, _) = read_response(&mut third)
        .await
        .expect("served once a slot frees");
    assert!((400..500).contains(&status));
    drop(held);
    drop(third);
    server.assert_serves().await;
    server.stop().await;
}
