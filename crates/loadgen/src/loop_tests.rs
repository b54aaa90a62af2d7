//! The worker loop against a local HTTP server.
use super::*;
use hyper::header::AUTHORIZATION;
use std::convert::Infallible;
use std::sync::atomic::AtomicUsize;

/// Serves HTTP/1.1 keep-alive on an ephemeral loopback port; answers every
/// request with `status` and a small body. Returns the port and the number
/// of accepted connections.
async fn serve(status: u16) -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let acc = accepted.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            acc.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(
                    move |req: Request<hyper::body::Incoming>| async move {
                        let authz = req
                            .headers()
                            .get(AUTHORIZATION)
                            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                            .unwrap_or_default();
                        // A session token must be both sent and signed.
                        let token = req.headers().get("x-amz-security-token").is_some();
                        let signed = authz.starts_with("AWS4-HMAC-SHA256 Credential=AK/")
                            && token == authz.contains(";x-amz-security-token,");
                        let body = req.into_body().collect().await.unwrap().to_bytes();
                        let code = if signed && body.starts_with(b"Action=") {
                            status
                        } else {
                            403
                        };
                        Ok::<_, Infallible>(
                            hyper::Response::builder()
                                .status(code)
                                .body(Full::new(Bytes::from_static(b"<Error>nope</Error>")))
                                .unwrap(),
                        )
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (port, accepted)
}

fn config(port: u16, op: Op, requests: Option<u64>) -> Config {
    Config {
        target: Arc::new(parse_endpoint(&format!("http://127.0.0.1:{port}")).unwrap()),
        signer: Signer::new("AK", "SK", None, "us-east-1", "iam"),
        op,
        role_arn: "arn:aws:iam::123456789012:role/r".into(),
        duration: Duration::from_millis(300),
        warmup: Duration::from_millis(100),
        requests,
        timeout: Duration::from_secs(5),
        run_id: "test".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeps_one_connection_per_worker_and_stops_at_limits() {
    let (port, accepted) = serve(200).await;
    let cfg = config(port, Op::GetUser, None);
    let t0 = Instant::now();
    let r = run_level(&cfg, 4, 0).await;
    assert!(t0.elapsed() < Duration::from_secs(3));
    assert!(r.ok > 0 && r.errors == 0, "{r:?}");
    assert_eq!(r.connects, 4);
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
    assert!(r.p50_us > 0 && r.p50_us <= r.p99_us && r.p99_us <= r.max_us);

    let cfg = config(port, Op::CreateUser, Some(50));
    let r = run_level(&cfg, 3, 1).await;
    assert_eq!(r.ok, 50, "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_credentials_and_assume_role() {
    let (port, _) = serve(200).await;
    let mut cfg = config(port, Op::GetUser, Some(20));
    cfg.signer = Signer::new("AK", "SK", Some("TOKEN"), "us-east-1", "iam");
    let r = run_level(&cfg, 2, 0).await;
    assert_eq!((r.ok, r.errors), (20, 0), "{r:?}");

    let mut cfg = config(port, Op::AssumeRole, Some(20));
    cfg.signer = Signer::new("AK", "SK", None, "us-east-1", "sts");
    let r = run_level(&cfg, 2, 0).await;
    assert_eq!((r.ok, r.errors), (20, 0), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_non_2xx_as_errors_with_body() {
    let (port, _) = serve(400).await;
    let r = run_level(&config(port, Op::ListUsers, None), 2, 0).await;
    assert_eq!(r.ok, 0);
    assert!(r.errors > 0);
    assert_eq!(
        r.first_error.as_deref(),
        Some("HTTP 400: <Error>nope</Error>")
    );
    assert!(
        setup_users(&config(port, Op::GetUser, None), 1)
            .await
            .is_err()
    );
}

/// `--wait-ready`: retries until a signed request is answered with 2xx, across a server that
/// is not listening yet; gives up with the last error otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_ready_polls_until_a_2xx_answer() {
    let (port, _) = serve(200).await;
    assert!(
        wait_ready(&config(port, Op::GetUser, None), Duration::from_secs(5))
            .await
            .is_ok()
    );
    let (refusing, _) = serve(403).await;
    let err = wait_ready(
        &config(refusing, Op::GetUser, None),
        Duration::from_millis(200),
    )
    .await
    .unwrap_err();
    assert!(err.contains("HTTP 403"), "{err}");
    // Nothing listening yet: a server that starts later is waited for.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let later = free.local_addr().unwrap().port();
    drop(free);
    let cfg = config(later, Op::GetUser, None);
    let waiter = tokio::spawn(async move { wait_ready(&cfg, Duration::from_secs(10)).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", later))
        .await
        .unwrap();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let svc = hyper::service::service_fn(|_req: Request<hyper::body::Incoming>| async {
            Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(b"ok"))))
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), svc)
            .await;
    });
    assert!(waiter.await.unwrap().is_ok());
}
