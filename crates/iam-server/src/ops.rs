//! What a load balancer and a monitoring system ask of a node, outside the AWS API: plain GETs
//! with no `Action` (the AWS Query API is a POST, or a GET with `Action=`; no AWS path is
//! `/health`, `/ready` or `/metrics`), answered without authentication and recorded as no
//! audit event. They show no secret: liveness, readiness, and counts.
//!
//! - `GET /health`: 200 while the process serves requests (liveness).
//! - `GET /ready`: 200 when the store answers and this node holds every change other nodes
//!   committed (a node more than `LAG_READY` behind is not ready); 503 with the reason.
//! - `GET /metrics`: Prometheus text format (`metrics` + `metrics-exporter-prometheus`):
//!   `iamd_requests_total{action,outcome}`, `iamd_request_duration_seconds{action}`,
//!   `iamd_store_commit_seconds`, and on a shared store `iamd_cluster_apply_lag_seconds`,
//!   `iamd_cluster_sync_wait_seconds`, `iamd_cluster_applied_seq`, `iamd_cluster_head_seq`,
//!   `iamd_cluster_catch_ups_total{mode}` (`incremental` or `reload`, `Iam::catch_up`).
use crate::handler::{Request, Response};
use iam_core::Iam;
use std::sync::{Arc, OnceLock};

static PROMETHEUS: OnceLock<Option<metrics_exporter_prometheus::PrometheusHandle>> =
    OnceLock::new();

/// Latency buckets (seconds): a GetUser takes tens of µs, a durable write milliseconds.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Installs the process's metrics recorder (once; later calls do nothing). Until it is
/// installed, metrics are not recorded and `/metrics` answers 404.
pub fn install_metrics() {
    PROMETHEUS.get_or_init(|| {
        metrics_exporter_prometheus::PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .ok()?
            .install_recorder()
            .map_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
            .ok()
    });
}

/// The operational endpoints, when `req` is one of them.
pub(crate) fn route(iam: &Arc<Iam>, req: &Request, request_id: &str) -> Option<Response> {
    // The query as the API decodes it: an escaped name (`%41ction=`) is still an Action, and
    // a query the API cannot parse is the API's to refuse.
    let names_action = iam_wire::query::parse_params(req.query.as_bytes()).map_or(true, |params| {
        params.iter().any(|(name, _)| name == "Action")
    });
    if req.method != "GET" || names_action {
        return None;
    }
    let text = |status: u16, body: String| Response {
        status,
        request_id: request_id.to_string(),
        content_type: "text/plain; charset=utf-8",
        body,
        headers: Vec::new(),
    };
    match req.path.as_str() {
        "/health" => Some(text(200, "ok\n".into())),
        "/ready" => Some(match iam.store_readiness() {
            Ok(()) => text(200, "ready\n".into()),
            Err(reason) => text(503, format!("not ready: {reason}\n")),
        }),
        "/metrics" => Some(match PROMETHEUS.get().and_then(Option::as_ref) {
            Some(handle) => Response {
                status: 200,
                request_id: request_id.to_string(),
                content_type: "text/plain; version=0.0.4; charset=utf-8",
                body: {
                    let (incremental, reload) = iam.catch_up_counts();
                    metrics::counter!("iamd_cluster_catch_ups_total", "mode" => "incremental")
                        .absolute(incremental);
                    metrics::counter!("iamd_cluster_catch_ups_total", "mode" => "reload")
                        .absolute(reload);
                    handle.render()
                },
                headers: Vec::new(),
            },
            None => text(404, "metrics are not enabled\n".into()),
        }),
        _ => None,
    }
}

/// Counts a finished API request: its action (only a known one: a client's `Action` value is
/// not a label, or the series would grow without bound) and outcome (`ok` or the error code).
pub(crate) fn record_request(action: &str, outcome: &str, seconds: f64) {
    let action = if known_action(action) {
        action
    } else {
        "unknown"
    };
    metrics::counter!("iamd_requests_total", "action" => action.to_string(),
        "outcome" => outcome.to_string())
    .increment(1);
    metrics::histogram!("iamd_request_duration_seconds", "action" => action.to_string())
        .record(seconds);
}

fn known_action(action: &str) -> bool {
    use iam_core::operations::Service;
    iam_core::operation(Service::Iam, action).is_some()
        || iam_core::operation(Service::Sts, action).is_some()
        || iam_organizations::operation(action).is_some()
        || action == "LookupEvents"
}
