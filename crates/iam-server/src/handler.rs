//! One request, start to finish: see the crate doc for the flow.
use crate::errors::{self, WireError};
use crate::moto_api::{self, NoAuthActionCount};
use hyper::http::header as hyper_headers;
use iam_core::audit::{self, EventDetail, EventDraft, EventResource, RequestAudit, UserIdentity};
use iam_core::{
    Access, Auth, Caller, Iam, Input, Partition, Principal, RequestInfo, Service as OpService,
};
use iam_wire::model::{Service, model};
use iam_wire::{json, query, sigv4, xml};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Open mode: any well-formed SigV4 signature by an unknown key acts as the default
    /// account's root (what moto/LocalStack users expect with `test`/`test`); known keys are
    /// still verified. Off by default. moto's control paths are served (`moto_api`):
    /// `/moto-api/reset`, and `/moto-api/reset-auth`, which ends this for unknown keys after a
    /// number of requests (`no_auth`).
    pub open: bool,
    /// Open mode: unknown keys act as this IAM user of the default account instead of its root
    /// (`moto_api::prepare_open_mode` creates it with AdministratorAccess), for suites that
    /// assume roles, which AWS refuses to the root user.
    pub open_as_admin_user: Option<String>,
    /// Open mode: requests still let through unauthenticated (moto's
    /// `INITIAL_NO_AUTH_ACTION_COUNT`, set by `POST /moto-api/reset-auth`; initially no end).
    /// Shared by this configuration's clones.
    pub no_auth: Arc<NoAuthActionCount>,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// Whether requests are recorded as audit events (on by default; `--no-audit-trail` turns
    /// it off, to measure what it costs).
    pub audit_trail: bool,
    /// Whether the web console (`/console/`, `/federation`) is served (on by default).
    pub console: bool,
    /// The console's sessions and keys, shared by this configuration's clones.
    pub console_state: Arc<iam_console::Console>,
    /// The `iamd-audit` binary the console's Findings page runs (`None`: the one beside the
    /// running executable, where `iamd audit` finds it).
    pub audit_binary: Option<std::path::PathBuf>,
    /// The listener's address (`serve_with` sets it): the endpoint `iamd-audit` is pointed at.
    pub local_addr: Option<std::net::SocketAddr>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            open: false,
            open_as_admin_user: None,
            no_auth: Arc::default(),
            max_body_bytes: 1 << 20,
            audit_trail: true,
            console: true,
            console_state: Arc::default(),
            audit_binary: None,
            local_addr: None,
        }
    }
}

/// A buffered HTTP request (the listener enforces the body limit while reading).
#[derive(Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub remote_addr: Option<std::net::SocketAddr>,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub request_id: String,
    pub content_type: &'static str,
    pub body: String,
    /// Further headers (the console's cookies, security headers and redirects).
    pub headers: Vec<(String, String)>,
}

/// What the request context takes from a signed request (plain HTTP: no secure transport).
fn request_info(req: &Request, request_id: &str, region: &str) -> RequestInfo {
    RequestInfo {
        request_id: request_id.to_string(),
        source_ip: req.remote_addr.map(|a| a.ip().to_string()),
        user_agent: header(req, "user-agent").map(str::to_string),
        secure_transport: false,
        region: region.to_string(),
    }
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub async fn handle(iam: &Arc<Iam>, config: &ServerConfig, req: Request) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    if config.open
        && let Some(response) = moto_api::route(iam, config, &req, &request_id).await
    {
        return response;
    }
    // A load balancer's and a monitoring system's GETs (no Action): no event (`ops.rs`).
    if let Some(response) = crate::ops::route(iam, &req, &request_id) {
        return response;
    }
    // The web console and the federation endpoint (crates/iam-console): pages that act as
    // the signed-in principal through `call_as`, the same step as every API request.
    if config.console && iam_console::is_console_path(&req.path) {
        return crate::console::route(iam, config, req, request_id).await;
    }
    // Published documents, not API calls: no event.
    if req.method == "GET"
        && let Some(rest) = req.path.strip_prefix(OUTBOUND_ISSUERS)
    {
        return outbound_discovery(iam, rest, request_id);
    }
    let started = std::time::Instant::now();
    // Every API request becomes one event, made here and completed as the request goes
    // (ARCHITECTURE.md: the audit trail). Until someone authenticates, it is recorded in the
    // account of the key it names, else in the default account (the operator's).
    let mut draft = EventDraft::new(&request_id, audit::now_ms());
    draft.source_ip = req.remote_addr.map(|a| a.ip().to_string());
    draft.user_agent = header(&req, "user-agent").map(str::to_string);
    draft.account_id = iam.default_account();
    draft.event_source = OpService::Iam.event_source().to_string();
    let audit = RequestAudit::with_recording(draft, config.audit_trail);
    // Whether an unknown key is let through as open mode's identity: every API request in
    // open mode counts against moto's no-auth count, whatever becomes of it.
    let open = config.open && config.no_auth.take();
    let response = audit
        .scope(route(iam, config, open, &req, &audit, request_id))
        .await;
    finish(iam, &audit, response, started).await
}

/// The request's protocol: AWS Organizations and CloudTrail speak JSON 1.1, named by
/// X-Amz-Target; everything else is an IAM/STS Query request.
async fn route(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    audit: &RequestAudit,
    request_id: String,
) -> Response {
    if let Some(target) = header(req, "x-amz-target")
        && let Some(service) = JSON_SERVICES
            .iter()
            .find(|s| s.target_prefixes.iter().any(|p| target.starts_with(p)))
    {
        let target = target.to_string();
        return handle_json(iam, config, open, req, service, &target, audit, request_id).await;
    }
    let mut service = Service::Iam;
    let result = process(iam, config, open, req, &mut service, audit, &request_id).await;
    match result {
        Ok(body) => Response {
            status: 200,
            request_id,
            content_type: "text/xml",
            body,
            headers: Vec::new(),
        },
        Err(e) => {
            failed(audit, &e);
            let body = xml::encode_error(service, e.kind, e.code, &e.message, &request_id);
            Response {
                status: e.status,
                request_id,
                content_type: "text/xml",
                body,
                headers: Vec::new(),
            }
        }
    }
}

/// A request refused before its body was read (too large, too slow): its event says what
/// is known, who connected from where.
pub(crate) async fn record_unread(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    headers: &hyper_headers::HeaderMap,
    remote_addr: std::net::SocketAddr,
    e: &WireError,
    request_id: &str,
) {
    if !config.audit_trail {
        return;
    }
    let mut draft = EventDraft::new(request_id, audit::now_ms());
    draft.source_ip = Some(remote_addr.ip().to_string());
    draft.user_agent = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    draft.account_id = iam.default_account();
    draft.event_source = OpService::Iam.event_source().to_string();
    draft.error = Some((e.code.to_string(), e.message.clone()));
    let audit = RequestAudit::new(draft);
    let _ = iam.finish_request(&audit).await;
}

/// Records a refusal in the request's event.
fn failed(audit: &RequestAudit, e: &WireError) {
    audit.update(|d| d.error = Some((e.code.to_string(), e.message.clone())));
}

/// Ends a request: its event is completed and stored (with its write, or queued), its writes
/// are awaited (a write that failed turns the answer into a service failure), and one log line
/// says what happened, with the request ID that joins it to the event.
async fn finish(
    iam: &Arc<Iam>,
    audit: &RequestAudit,
    mut response: Response,
    started: std::time::Instant,
) -> Response {
    if let Err(e) = iam.finish_request(audit).await {
        let json = response.content_type == json::CONTENT_TYPE;
        let w = errors::from_domain(iam_core::IamError::ServiceFailure(e.0));
        response.status = w.status;
        response.body = if json {
            json::encode_error("InternalFailure", &w.message)
        } else {
            xml::encode_error(
                Service::Iam,
                w.kind,
                w.code,
                &w.message,
                &response.request_id,
            )
        };
    }
    // `summary`: the completed event holds the draft once the request has ended.
    audit.summary(|d| {
        crate::ops::record_request(
            &d.event_name,
            d.error.as_ref().map_or("ok", |(code, _)| code.as_str()),
            started.elapsed().as_secs_f64(),
        );
    });
    // The fields are read only when the line is enabled (`tracing` evaluates them lazily).
    audit.summary(|d| {
        tracing::info!(
            request_id = response.request_id,
            action = d.event_name,
            service = d.event_source,
            principal = d.identity.arn.as_deref().unwrap_or("-"),
            account = d.account_id.as_deref().unwrap_or("-"),
            access_key_id = d.identity.access_key_id.as_deref().unwrap_or("-"),
            source_ip = d.source_ip.as_deref().unwrap_or("-"),
            outcome = d.error.as_ref().map_or("ok", |(code, _)| code.as_str()),
            status = response.status,
            duration_us = started.elapsed().as_micros() as u64,
            event_id = d.event_id,
            "request"
        );
    });
    response
}

/// Where outbound identity federation issuers are published (see
/// `iam_core::actions::outbound_federation`).
const OUTBOUND_ISSUERS: &str = "/outbound/";

/// An issuer's OIDC discovery documents, public as AWS's are: `{issuer}/.well-known/
/// openid-configuration` and `{issuer}/.well-known/jwks.json`. 404 for an unknown or
/// disabled issuer.
fn outbound_discovery(iam: &Arc<Iam>, rest: &str, request_id: String) -> Response {
    let body = match rest.split_once('/') {
        Some((issuer, "/.well-known/openid-configuration"))
        | Some((issuer, ".well-known/openid-configuration")) => {
            iam.outbound_openid_configuration(issuer)
        }
        Some((issuer, ".well-known/jwks.json")) => iam.outbound_jwks(issuer),
        _ => None,
    };
    match body {
        Some(body) => Response {
            status: 200,
            request_id,
            content_type: "application/json",
            body,
            headers: Vec::new(),
        },
        None => Response {
            status: 404,
            request_id,
            content_type: "application/json",
            body: r#"{"error":"not_found"}"#.to_string(),
            headers: Vec::new(),
        },
    }
}

async fn process(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    service_out: &mut Service,
    audit: &RequestAudit,
    request_id: &str,
) -> Result<String, WireError> {
    if req.method != "POST" && req.method != "GET" {
        return Err(errors::method_not_allowed(&req.method));
    }
    // Parameters: the query string always; a form body for POST.
    let mut params = query::parse_params(req.query.as_bytes()).map_err(errors::from_query)?;
    if req.method == "POST" && !req.body.is_empty() {
        let form = header(req, "content-type").is_none_or(|ct| {
            ct.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        if !form {
            return Err(errors::not_form_encoded());
        }
        params.extend(query::parse_params(&req.body).map_err(errors::from_query)?);
    }
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(action) = param("Action") {
        let sts = model(Service::Sts).has_operation(action);
        audit.update(|d| {
            d.event_name = action.to_string();
            if sts {
                set_text(&mut d.event_source, OpService::Sts.event_source());
            }
        });
    }

    // AssumeRoleWithWebIdentity and AssumeRoleWithSAML need no signature (AWS ignores one):
    // the token or assertion they carry is the credential, checked by the action itself.
    if let Some(op) = param("Action")
        .and_then(|a| iam_core::operation(OpService::Sts, a))
        .filter(|op| op.auth == Auth::InRequest)
    {
        *service_out = Service::Sts;
        return process_unsigned(iam, req, &params, op, audit, request_id).await;
    }

    // Authentication comes first, as in AWS: an unsigned request learns nothing else.
    let http = sigv4::HttpRequest {
        method: &req.method,
        path: &req.path,
        query: &req.query,
        headers: &req.headers,
        body: &req.body,
    };
    let signature = sigv4::parse_signature(&http).map_err(errors::from_auth)?;
    signed_by(iam, audit, &signature);

    let action = param("Action").ok_or_else(errors::missing_action)?;
    // One endpoint serves both services: the action says which, and the credential scope
    // must name that service and a region that exists, with AWS's messages. IAM is global,
    // but clients pointed at a custom endpoint sign it with their configured region, so any
    // region is accepted here, of any partition (`authenticate` then requires the caller's:
    // IAM's aws:RequestedRegion is the partition's IAM region regardless).
    let (service, scope_service, op_service) = if model(Service::Sts).has_operation(action) {
        (Service::Sts, "sts", OpService::Sts)
    } else {
        (Service::Iam, "iam", OpService::Iam)
    };
    *service_out = service;
    if service == Service::Sts {
        audit.update(|d| set_text(&mut d.region, &signature.credential.region));
    }
    sigv4::check_scope(&signature.credential, scope_service, region_exists)
        .map_err(errors::from_auth)?;
    let model = model(service);
    let version = param("Version").unwrap_or_default();
    if !model.has_operation(action) || version != model.api_version() {
        return Err(errors::invalid_action(
            action,
            if version.is_empty() {
                model.api_version()
            } else {
                version
            },
        ));
    }
    let op = iam_core::operation(op_service, action);
    if let Some(op) = op {
        audit.update(|d| d.read_only = op.access == Access::Read);
    }

    let caller = authenticate(iam, config, open, &http, &signature)?;
    let region = home_region(&caller, scope_service, &signature.credential.region);
    authenticated(iam, audit, &caller, region);
    iam.note_key_used(&caller.access_key_id, scope_service, region);
    // Service last accessed: every authenticated attempt counts, allowed or not (in memory).
    iam.note_access(&caller, scope_service, &signature.credential.region);

    let input = Arc::new(Input::new(
        query::decode_input(model, action, &params).map_err(errors::from_query)?,
    ));
    let op = op.ok_or_else(|| errors::invalid_action(action, model.api_version()))?;
    let info = request_info(req, request_id, &signature.credential.region);
    let output = run(
        iam,
        audit,
        model,
        op,
        &caller,
        &input,
        &info,
        errors::from_domain,
    )
    .await?;
    let body = xml::encode_output(model, action, &output, request_id);
    answered(audit, op, output);
    Ok(body)
}

/// The steps every authenticated call goes through once its input is decoded, whoever sends
/// it — a signed API request (`process`, `process_json`) or a console page (`call_as`): the
/// event learns the parameters, an MFA code is verified, then the ONE authorization step
/// (`Iam::authorize`: the operation's permission and its dependent actions) and the row's
/// handler (`Iam::execute`). The caller encodes the output, then hands it to the event
/// (`answered`).
#[allow(clippy::too_many_arguments)]
async fn run(
    iam: &Arc<Iam>,
    audit: &RequestAudit,
    model: &'static iam_wire::model::Model,
    op: &'static iam_core::Operation,
    caller: &Caller,
    input: &Arc<Input>,
    info: &RequestInfo,
    domain_error: fn(iam_core::IamError) -> WireError,
) -> Result<serde_json::Value, WireError> {
    decoded(iam, audit, model, op, Some(caller), input);
    // An MFA code presented to STS is verified once, here; the request then carries
    // aws:MultiFactorAuthPresent for the trust policy, and the session it creates keeps it.
    let mut caller = caller.clone();
    if op.takes_mfa_code
        && let (Some(serial), Some(code)) =
            (input.opt_str("SerialNumber"), input.opt_str("TokenCode"))
    {
        let user_id = match &caller.principal {
            Principal::User { id, .. } => Some(id.as_str()),
            Principal::Root | Principal::AssumedRole { .. } | Principal::FederatedUser { .. } => {
                None
            }
        };
        let verified = iam
            .verify_mfa_code(&caller.account_id, user_id, serial, code)
            .await
            .map_err(errors::from_domain)?;
        caller.mfa_auth_time = Some(verified);
    }
    iam.authorize(op, &caller, input, info)
        .map_err(domain_error)?;
    let output = iam
        .execute(op, Some(&caller), input, info)
        .await
        .map_err(domain_error)?;
    Ok(output)
}

/// What a caller inside the process (the console) passes to `call_as`: Query parameters for
/// IAM and STS (decoded and validated against the model as a request's are), a JSON body for
/// Organizations (checked against its model).
pub use iam_console::CallInput;

/// Runs one operation as `caller`, an identity the console authenticated (password sign-in,
/// or a session token through `Iam::lookup_session`), through `run`: the same input checks,
/// authorization step and handler as a signed API request, recorded as its own audit event.
/// The answer is the handler's output as JSON, or the error AWS would send.
pub async fn call_as(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    caller: &Caller,
    info: &RequestInfo,
    service: OpService,
    action: &str,
    input: CallInput,
) -> Result<serde_json::Value, WireError> {
    let started = std::time::Instant::now();
    let mut draft = EventDraft::new(&info.request_id, audit::now_ms());
    draft.source_ip = info.source_ip.clone();
    draft.user_agent = info.user_agent.clone();
    draft.account_id = Some(caller.account_id.clone());
    draft.event_source = service.event_source().to_string();
    draft.event_name = action.to_string();
    let audit = RequestAudit::with_recording(draft, config.audit_trail);
    let result = audit
        .scope(async {
            let (wire, scope) = match service {
                OpService::Iam => (Service::Iam, "iam"),
                OpService::Sts => (Service::Sts, "sts"),
                OpService::Organizations => (Service::Organizations, "organizations"),
                OpService::CloudTrail => (Service::CloudTrail, "cloudtrail"),
            };
            let region = home_region(caller, scope, &info.region);
            authenticated(iam, &audit, caller, region);
            iam.note_access(caller, scope, &info.region);
            let model = model(wire);
            let (op, input, domain_error): (_, _, fn(iam_core::IamError) -> WireError) = match input
            {
                CallInput::Query(params) => {
                    let op = iam_core::operation(service, action)
                        .ok_or_else(|| errors::invalid_action(action, model.api_version()))?;
                    let value =
                        query::decode_input(model, action, &params).map_err(errors::from_query)?;
                    (op, Arc::new(Input::new(value)), errors::from_domain)
                }
                CallInput::Json(body) => {
                    let op = match service {
                        OpService::Organizations => iam_organizations::operation(action),
                        _ => iam_core::operation(service, action),
                    }
                    .ok_or_else(errors::unknown_operation)?;
                    if let Err(v) = json::check_input(model, action, &body) {
                        return Err(errors::from_json_input(v));
                    }
                    (op, Arc::new(Input::new(body)), errors::from_domain_json)
                }
            };
            audit.update(|d| d.read_only = op.access == Access::Read);
            let output = run(iam, &audit, model, op, caller, &input, info, domain_error).await?;
            // The console needs the output itself: the event gets a copy.
            answered(&audit, op, output.clone());
            Ok(output)
        })
        .await;
    if let Err(e) = &result {
        failed(&audit, e);
    }
    let stored = iam.finish_request(&audit).await;
    audit.update(|d| {
        tracing::info!(
            request_id = info.request_id,
            action = d.event_name,
            service = d.event_source,
            principal = d.identity.arn.as_deref().unwrap_or("-"),
            account = d.account_id.as_deref().unwrap_or("-"),
            outcome = d.error.as_ref().map_or("ok", |(code, _)| code.as_str()),
            duration_us = started.elapsed().as_micros() as u64,
            via = "console",
            "request"
        );
    });
    if let Err(e) = stored {
        return Err(errors::from_domain(iam_core::IamError::ServiceFailure(e.0)));
    }
    result
}

/// The event learns the access key a request was signed with: until the signature is
/// verified, the identity is `Unknown` with that key, in the key's account if iamd issued it.
fn signed_by(iam: &Iam, audit: &RequestAudit, signature: &sigv4::ParsedSignature) {
    let key = &signature.credential.access_key_id;
    let account = iam.account_of_key(key);
    audit.update(|d| {
        d.identity = UserIdentity::unknown(Some(key), account.as_deref());
        if account.is_some() {
            d.account_id = account;
        }
    });
}

/// The region a request of `scope` happens in, for its event and its key's last use: a global
/// service's (IAM, Organizations) is its endpoint's in the caller's partition whatever region the
/// client signed for (AWS-recorded: test_iam_users.snapshot.json `test_access_key_last_used`:
/// ServiceName iam, Region us-east-1); a regional one's (STS, CloudTrail) the signed region.
fn home_region<'a>(caller: &Caller, scope: &str, signed: &'a str) -> &'a str {
    match scope {
        "iam" => caller.partition.iam_region(),
        "organizations" => caller.partition.organizations_region(),
        _ => signed,
    }
}

/// The event learns who called: the identity, the account whose trail records the event and
/// the region it happened in (`home_region`).
fn authenticated(iam: &Iam, audit: &RequestAudit, caller: &Caller, region: &str) {
    let identity = iam.user_identity(caller);
    audit.update(|d| {
        d.identity = identity;
        set_text(
            d.account_id.get_or_insert_with(String::new),
            &caller.account_id,
        );
        set_text(&mut d.region, region);
    });
}

/// Sets one of the draft's strings to `value` in the string it already has: a request's event
/// learns its fields as the request goes, mostly what they already hold (the default region,
/// IAM's event source, the key's account), and a new string each time cost an allocation
/// and a free per request.
fn set_text(slot: &mut String, value: &str) {
    value.clone_into(slot);
}

/// The event learns the request's input — its `requestParameters` (secrets left out by
/// `iam_wire::audit`) and the resources it names are worked out from it when the store writes
/// the event (`Detail`) — and, for an STS role call, the role owner's account: AWS records a
/// cross-account AssumeRole in both accounts, the role owner's copy showing the caller as
/// `AWSAccount`, both with the same `sharedEventID`.
fn decoded(
    iam: &Iam,
    audit: &RequestAudit,
    model: &'static iam_wire::model::Model,
    op: &'static iam_core::Operation,
    caller: Option<&Caller>,
    input: &Arc<Input>,
) {
    if !audit.recording() {
        return;
    }
    // The caller's own user or account names a resource only for these rows.
    let caller_names = match op.resource {
        iam_core::Resource::User if input.0.get("UserName").is_none() => caller,
        iam_core::Resource::NewPolicy => caller,
        _ => None,
    }
    .map(|c| {
        let user = match &c.principal {
            Principal::User { name, .. } => Some(name.clone()),
            _ => None,
        };
        (user, c.account_id.clone(), c.partition)
    });
    let detail = Arc::new(Detail {
        model,
        op,
        input: input.clone(),
        caller: caller_names,
    });
    // An STS role call: the role in the record's `resources`, and its owner's account.
    let role = (op.resource == iam_core::Resource::RoleArn).then(|| {
        let record_resources = audit::event_resources(op, None, &input.0, None).1;
        let role_account = record_resources
            .first()
            .map(|r| r.account_id.clone())
            .filter(|a| iam.account_exists(a));
        (record_resources, role_account)
    });
    audit.update(|d| {
        d.read_only = op.access == Access::Read;
        set_text(&mut d.event_source, op.service.event_source());
        d.detail = Some(detail);
        if let Some((record_resources, role_account)) = role {
            if !record_resources.is_empty() {
                d.shared_event_id = Some(uuid::Uuid::new_v4().to_string());
            }
            d.record_resources = record_resources;
            if let (Some(caller), Some(role_account)) = (caller, role_account)
                && role_account != caller.account_id
            {
                d.other_account = Some((role_account, UserIdentity::of_other_account(caller)));
            }
        }
    });
}

/// How the record shows a request's input and answer, worked out from the decoded input when
/// the store writes the event (on its writer thread), not while the client waits.
struct Detail {
    model: &'static iam_wire::model::Model,
    op: &'static iam_core::Operation,
    input: Arc<Input>,
    /// The caller's IAM user name (if an IAM user), account and partition, where the row's
    /// resource is the caller's own (`audit::event_resources`).
    caller: Option<(Option<String>, String, iam_core::Partition)>,
}

impl std::fmt::Debug for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detail")
            .field("action", &self.op.action)
            .finish_non_exhaustive()
    }
}

impl EventDetail for Detail {
    fn request_parameters(&self) -> serde_json::Value {
        iam_wire::audit::request_parameters(self.model, self.op.action, &self.input.0)
    }

    fn response_elements(&self, output: &serde_json::Value) -> serde_json::Value {
        iam_wire::audit::response_elements(self.model, self.op.action, output)
    }

    fn write_request_parameters(&self, out: &mut Vec<u8>) {
        iam_wire::audit::write_request_parameters(self.model, self.op.action, &self.input.0, out);
    }

    fn write_response_elements(&self, output: &serde_json::Value, out: &mut Vec<u8>) {
        iam_wire::audit::write_response_elements(self.model, self.op.action, output, out);
    }

    /// What the input names; for a write, also what its answer names (the new access key).
    fn resources(&self, output: Option<&serde_json::Value>) -> Vec<EventResource> {
        let caller = self
            .caller
            .as_ref()
            .map(|(u, a, p)| (u.as_deref(), a.as_str(), *p));
        let output = output.filter(|_| self.op.access == Access::Write);
        audit::event_resources(self.op, caller, &self.input.0, output).0
    }
}

/// The event keeps the answer for its `responseElements`: a write's, or a call's that issues
/// credentials (their secret and session token left out when rendered); other reads record
/// `null`, as CloudTrail does.
fn answered(audit: &RequestAudit, op: &iam_core::Operation, output: serde_json::Value) {
    if !audit.recording() {
        return;
    }
    let issues_credentials = output.get("Credentials").is_some();
    if op.access == Access::Read && !issues_credentials {
        return;
    }
    audit.update(|d| d.output = Some(output));
}

/// An STS action whose credential is in the request (`Auth::InRequest`): no identity, so no
/// authorization step beyond the role's trust policy inside the action. The event is the role
/// owner's: the caller is the federated user the token or assertion names.
async fn process_unsigned(
    iam: &Arc<Iam>,
    req: &Request,
    params: &[(String, String)],
    op: &'static iam_core::Operation,
    audit: &RequestAudit,
    request_id: &str,
) -> Result<String, WireError> {
    let action = op.action;
    let model = model(Service::Sts);
    let version = params
        .iter()
        .find(|(k, _)| k == "Version")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if version != model.api_version() {
        return Err(errors::invalid_action(
            action,
            if version.is_empty() {
                model.api_version()
            } else {
                version
            },
        ));
    }
    let input = Arc::new(Input::new(
        query::decode_input(model, action, params).map_err(errors::from_query)?,
    ));
    decoded(iam, audit, model, op, None, &input);
    let role_account = input
        .opt_str("RoleArn")
        .and_then(|arn| arn.split(':').nth(4))
        .filter(|a| iam.account_exists(a))
        .map(str::to_string);
    let kind = if action == "AssumeRoleWithSAML" {
        "SAMLUser"
    } else {
        "WebIdentityUser"
    };
    audit.update(|d| {
        d.identity = UserIdentity {
            kind: kind.into(),
            ..Default::default()
        };
        if role_account.is_some() {
            d.account_id = role_account;
        }
    });
    let info = RequestInfo {
        request_id: request_id.to_string(),
        source_ip: req.remote_addr.map(|a| a.ip().to_string()),
        user_agent: header(req, "user-agent").map(str::to_string),
        secure_transport: false,
        region: "us-east-1".to_string(),
    };
    let output = iam
        .execute(op, None, &input, &info)
        .await
        .map_err(errors::from_domain)?;
    // Who the token or assertion named (IAM User Guide, cloudtrail-integration examples).
    let text = |k: &str| output.get(k).and_then(serde_json::Value::as_str);
    let identity = if kind == "SAMLUser" {
        UserIdentity {
            kind: kind.into(),
            principal_id: text("NameQualifier")
                .zip(text("Subject"))
                .map(|(q, s)| format!("{q}:{s}")),
            user_name: text("Subject").map(str::to_string),
            identity_provider: text("NameQualifier").map(str::to_string),
            ..Default::default()
        }
    } else {
        UserIdentity {
            kind: kind.into(),
            principal_id: text("Provider")
                .zip(text("Audience"))
                .zip(text("SubjectFromWebIdentityToken"))
                .map(|((p, a), s)| format!("{p}:{a}:{s}")),
            user_name: text("SubjectFromWebIdentityToken").map(str::to_string),
            identity_provider: text("Provider").map(str::to_string),
            ..Default::default()
        }
    };
    audit.update(|d| d.identity = identity);
    let body = xml::encode_output(model, action, &output, request_id);
    answered(audit, op, output);
    Ok(body)
}

/// Whether any partition has the region (botocore's partitions.json: the listed regions, then
/// each partition's `regionRegex`): a scope naming no region is refused with AWS's text.
fn region_exists(region: &str) -> bool {
    Partition::of_region(region).is_some()
}

/// Who signed the request; a principal of a closed (SUSPENDED) account is refused like an
/// unknown key, whatever it signed with. `open`: an unknown key is open mode's identity.
///
/// INVARIANT (partition-scoped-credentials): a request signed for a region of another partition
/// than the caller's account is refused like an unknown key (InvalidClientTokenId, 403): an
/// account and its credentials exist in one partition only ("Accounts and credentials for
/// other Amazon Regions will not work for services operating in the China Regions", AWS in
/// China: General information), and AWS's endpoints of one partition answer another's keys
/// with "The security token included in the request is invalid." Checked after the signature,
/// so a key's partition cannot be probed without its secret.
fn authenticate(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    http: &sigv4::HttpRequest<'_>,
    signature: &sigv4::ParsedSignature,
) -> Result<Caller, WireError> {
    let caller = verify_credentials(iam, config, open, http, signature)?;
    if iam.account_suspended(&caller.account_id) {
        return Err(errors::invalid_client_token());
    }
    if !caller.partition.has_region(&signature.credential.region) {
        return Err(errors::invalid_client_token());
    }
    Ok(caller)
}

fn verify_credentials(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    http: &sigv4::HttpRequest<'_>,
    signature: &sigv4::ParsedSignature,
) -> Result<Caller, WireError> {
    let now = time::OffsetDateTime::now_utc();
    // Temporary credentials: the session token carries the principal and the secret.
    if let Some(token) = &signature.security_token
        && (signature.credential.access_key_id.starts_with("ASIA")
            || iam
                .lookup_key(&signature.credential.access_key_id)
                .is_none())
    {
        let key = iam
            .lookup_session(&signature.credential.access_key_id, token)
            .map_err(errors::from_domain)?;
        sigv4::verify(http, signature, key.secret.expose().as_bytes(), now)
            .map_err(errors::from_auth)?;
        return Ok(key.caller);
    }
    match iam.lookup_key(&signature.credential.access_key_id) {
        Some(key) => {
            sigv4::verify(http, signature, key.secret.expose().as_bytes(), now)
                .map_err(errors::from_auth)?;
            // INVARIANT (inactive-keys-rejected): checked after the signature so an attacker
            // without the secret cannot probe key status.
            if !key.active {
                return Err(errors::invalid_client_token());
            }
            Ok(key.caller)
        }
        None if open => {
            let account_id = iam
                .default_account()
                .ok_or_else(errors::invalid_client_token)?;
            // The admin user once deleted, its "keys" are refused like a deleted user's.
            let principal = match &config.open_as_admin_user {
                None => Principal::Root,
                Some(name) => iam
                    .user_principal(&account_id, name)
                    .ok_or_else(errors::invalid_client_token)?,
            };
            Ok(Caller {
                partition: iam.account_partition(&account_id).unwrap_or_default(),
                account_id,
                principal,
                access_key_id: signature.credential.access_key_id.clone(),
                session: None,
                mfa_auth_time: None,
            })
        }
        None => Err(errors::invalid_client_token()),
    }
}

/// A service of the JSON 1.1 protocol: its `X-Amz-Target` prefixes (botocore model
/// `targetPrefix`; SDKs built from the Smithy model send the service shape's name alone), its
/// signing name, its model, its operations and its error dialect.
struct JsonService {
    target_prefixes: &'static [&'static str],
    scope: &'static str,
    model: Service,
    operation: fn(&str) -> Option<&'static iam_core::Operation>,
    domain_error: fn(iam_core::IamError) -> WireError,
    /// What a body that breaks the model gets: `None` leaves the check to the handler.
    input_error: fn(iam_wire::json::InputViolation) -> Option<WireError>,
}

const JSON_SERVICES: &[JsonService] = &[
    JsonService {
        target_prefixes: &["AWSOrganizationsV20161128"],
        scope: "organizations",
        model: Service::Organizations,
        operation: iam_organizations::operation,
        domain_error: errors::from_domain_json,
        input_error: |v| Some(errors::from_json_input(v)),
    },
    JsonService {
        target_prefixes: &[
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
            "CloudTrail_20131101",
        ],
        scope: "cloudtrail",
        model: Service::CloudTrail,
        operation: |action| iam_core::operation(OpService::CloudTrail, action),
        domain_error: errors::from_domain_cloudtrail,
        input_error: errors::from_cloudtrail_input,
    },
];

/// A JSON-protocol request: the same authentication and authorization step as a Query request,
/// then the service's action; answers and errors are JSON.
#[allow(clippy::too_many_arguments)]
async fn handle_json(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    service: &JsonService,
    target: &str,
    audit: &RequestAudit,
    request_id: String,
) -> Response {
    match process_json(iam, config, open, req, service, target, audit, &request_id).await {
        Ok(body) => Response {
            status: 200,
            request_id,
            content_type: json::CONTENT_TYPE,
            body,
            headers: Vec::new(),
        },
        Err(e) => {
            failed(audit, &e);
            Response {
                status: e.status,
                request_id,
                content_type: json::CONTENT_TYPE,
                body: json::encode_error(e.code, &e.message),
                headers: Vec::new(),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn process_json(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    service: &JsonService,
    target: &str,
    audit: &RequestAudit,
    request_id: &str,
) -> Result<String, WireError> {
    let action = service
        .target_prefixes
        .iter()
        .find_map(|p| json::target_action(target, p))
        .unwrap_or_default();
    let op = (service.operation)(action);
    audit.update(|d| {
        d.event_name = action.to_string();
        d.event_source = format!("{}.amazonaws.com", service.scope);
    });
    if req.method != "POST" {
        return Err(errors::method_not_allowed(&req.method));
    }
    let http = sigv4::HttpRequest {
        method: &req.method,
        path: &req.path,
        query: &req.query,
        headers: &req.headers,
        body: &req.body,
    };
    let signature = sigv4::parse_signature(&http).map_err(errors::from_auth)?;
    signed_by(iam, audit, &signature);
    if service.model == Service::CloudTrail {
        audit.update(|d| set_text(&mut d.region, &signature.credential.region));
    }
    sigv4::check_scope(&signature.credential, service.scope, region_exists)
        .map_err(errors::from_auth)?;
    let caller = authenticate(iam, config, open, &http, &signature)?;
    let region = home_region(&caller, service.scope, &signature.credential.region);
    authenticated(iam, audit, &caller, region);
    iam.note_key_used(&caller.access_key_id, service.scope, region);
    iam.note_access(&caller, service.scope, &signature.credential.region);
    let op = op.ok_or_else(errors::unknown_operation)?;
    audit.update(|d| d.read_only = op.access == Access::Read);
    let body = json::parse_body(&req.body).map_err(errors::from_json_body)?;
    let model = model(service.model);
    if let Err(violation) = json::check_input(model, action, &body)
        && let Some(e) = (service.input_error)(violation)
    {
        return Err(e);
    }
    let input = Arc::new(Input::new(body));
    let info = request_info(req, request_id, &signature.credential.region);
    let output = run(
        iam,
        audit,
        model,
        op,
        &caller,
        &input,
        &info,
        service.domain_error,
    )
    .await?;
    let body = json::encode_output(&output);
    answered(audit, op, output);
    Ok(body)
}
