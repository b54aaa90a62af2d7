//! The TCP/HTTP listener: HTTP/1.1 keep-alive via hyper, bounded body reads, graceful stop.
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
use std::sync::Arc;
use tokio::net::TcpListener;

async fn to_response(
    iam: Arc<Iam>,
    config: Arc<ServerConfig>,
    remote_addr: std::net::SocketAddr,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, config.max_body_bytes).collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => {
            let id = uuid::Uuid::new_v4().to_string();
            let xml = iam_wire::xml::encode_error(
                Service::Iam,
                "Sender",
                "RequestEntityTooLarge",
                &format!(
                    "Request body must be at most {} bytes.",
                    config.max_body_bytes
                ),
                &id,
            );
            return Ok(build(413, &id, "text/xml", xml));
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
    Ok(build(
        resp.status,
        &resp.request_id,
        resp.content_type,
        resp.body,
    ))
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

/// Serves until `shutdown` resolves, then stops accepting and lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    iam: Arc<Iam>,
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let config = Arc::new(config);
    let mut shutdown = std::pin::pin!(shutdown);
    let (close_tx, close_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let (stream, remote_addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (iam, config) = (iam.clone(), config.clone());
        let mut close_rx = close_rx.clone();
        connections.spawn(async move {
            let svc =
                service_fn(move |req| to_response(iam.clone(), config.clone(), remote_addr, req));
            let conn = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
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
