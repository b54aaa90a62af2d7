//! The operational endpoints a load balancer and Prometheus use (`iam-server/src/ops.rs`):
//! GET /health, /ready and /metrics, unauthenticated, beside the AWS API on the same port;
//! a GET with `Action=` and a POST to those paths still reach the AWS API.
use crate::common::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One raw HTTP/1.1 request; returns (status, body).
async fn http(server: &Server, method: &str, path: &str) -> (u16, String) {
    let addr = server.endpoint().trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    tcp.read_to_string(&mut raw).await.unwrap();
    let status = raw[9..12].parse().unwrap();
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn health_ready_and_metrics_answer_without_credentials() {
    iam_server::ops::install_metrics();
    let server = Server::start().await;
    server
        .iam_client()
        .create_user()
        .user_name("metered")
        .send()
        .await
        .unwrap();
    let err = server
        .iam_client()
        .get_user()
        .user_name("nobody-here")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.into_service_error().meta().code(), Some("NoSuchEntity"));
    assert_eq!(
        http(&server, "GET", "/health").await,
        (200, "ok\n".to_string())
    );
    assert_eq!(
        http(&server, "GET", "/ready").await,
        (200, "ready\n".to_string())
    );
    let (status, metrics) = http(&server, "GET", "/metrics").await;
    assert_eq!(status, 200);
    for series in [
        r#"iamd_requests_total{action="CreateUser",outcome="ok"}"#,
        r#"iamd_requests_total{action="GetUser",outcome="NoSuchEntity"}"#,
        r#"iamd_request_duration_seconds_bucket{action="CreateUser",le="#,
        "iamd_store_commit_seconds_count",
    ] {
        assert!(
            metrics.contains(series),
            "{series} missing from:\n{metrics}"
        );
    }
    // A client's made-up Action is not a label.
    let (status, _) = http(&server, "GET", "/?Action=NoSuchThing&Version=2010-05-08").await;
    assert_ne!(status, 200);
    let (_, metrics) = http(&server, "GET", "/metrics").await;
    assert!(!metrics.contains("NoSuchThing"));
    // The AWS API on those paths: a POST, or a GET with Action=, is an (unsigned) API call.
    let (status, body) = http(&server, "POST", "/health").await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = http(
        &server,
        "GET",
        "/metrics?Action=ListUsers&Version=2010-05-08",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("<ErrorResponse"), "{body}");
    // An escaped `Action` name is still the API; other letter cases or a trailing slash are
    // not these endpoints (the API answers, unsigned: no metrics, no "ok").
    for path in [
        "/metrics?%41ction=ListUsers&Version=2010-05-08",
        "/HEALTH",
        "/Metrics",
        "/health/",
    ] {
        let (status, body) = http(&server, "GET", path).await;
        assert_ne!(status, 200, "{path}: {body}");
        assert!(!body.contains("iamd_requests_total"), "{path}: {body}");
        assert_ne!(body, "ok\n", "{path}");
    }
}
