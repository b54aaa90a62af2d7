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
