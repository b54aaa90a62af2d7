//! One request, start to finish: see the crate doc for the flow.
use crate::errors::{self, WireError};
use crate::moto_api::{self, NoAuthActionCount};
use iam_core::{Auth, Caller, Iam, Input, Partition, Principal, RequestInfo, Service as OpService};
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
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            open: false,
            open_as_admin_user: None,
            no_auth: Arc::default(),
            max_body_bytes: 1 << 20,
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
    // Whether an unknown key is let through as open mode's identity: every API request in
    // open mode counts against moto's no-auth count, whatever becomes of it.
    let open = || config.open && config.no_auth.take();
    // AWS Organizations speaks the JSON 1.1 protocol, named by X-Amz-Target; everything else
    // is an IAM/STS Query request.
    if let Some(target) = header(&req, "x-amz-target")
        && target.starts_with(ORGANIZATIONS_TARGET)
    {
        let target = target.to_string();
        return handle_json(iam, config, open(), &req, &target, request_id).await;
    }
    if req.method == "GET"
        && let Some(rest) = req.path.strip_prefix(OUTBOUND_ISSUERS)
    {
        return outbound_discovery(iam, rest, request_id);
    }
    let mut service = Service::Iam;
    let mut action_name = String::new();
    let result = process(
        iam,
        config,
        open(),
        &req,
        &mut service,
        &mut action_name,
        &request_id,
    )
    .await;
    match result {
        Ok(body) => {
            tracing::debug!(request_id, action = action_name, "ok");
            Response {
                status: 200,
                request_id,
                content_type: "text/xml",
                body,
            }
        }
        Err(e) => {
            tracing::info!(
                request_id,
                action = action_name,
                code = e.code,
                status = e.status,
                "error"
            );
            let body = xml::encode_error(service, e.kind, e.code, &e.message, &request_id);
            Response {
                status: e.status,
                request_id,
                content_type: "text/xml",
                body,
            }
        }
    }
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
        },
        None => Response {
            status: 404,
            request_id,
            content_type: "application/json",
            body: r#"{"error":"not_found"}"#.to_string(),
        },
    }
}

async fn process(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    service_out: &mut Service,
    action_out: &mut String,
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

    // AssumeRoleWithWebIdentity and AssumeRoleWithSAML need no signature (AWS ignores one):
    // the token or assertion they carry is the credential, checked by the action itself.
    if let Some(op) = param("Action")
        .and_then(|a| iam_core::operation(OpService::Sts, a))
        .filter(|op| op.auth == Auth::InRequest)
    {
        *action_out = op.action.to_string();
        *service_out = Service::Sts;
        return process_unsigned(iam, req, &params, op, request_id).await;
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

    let action = param("Action").ok_or_else(errors::missing_action)?;
    *action_out = action.to_string();
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

    let caller = authenticate(iam, config, open, &http, &signature)?;
    // IAM is global: AWS records a key's IAM use in the partition's IAM region whatever region
    // the client signed for (AWS-recorded: test_iam_users.snapshot.json
    // `test_access_key_last_used`: ServiceName iam, Region us-east-1).
    let used_in = if scope_service == "iam" {
        caller.partition.iam_region()
    } else {
        signature.credential.region.as_str()
    };
    iam.note_key_used(&caller.access_key_id, scope_service, used_in);
    // Service last accessed: every authenticated attempt counts, allowed or not (in memory).
    iam.note_access(&caller, scope_service, &signature.credential.region);

    let input =
        Input::new(query::decode_input(model, action, &params).map_err(errors::from_query)?);
    let op = iam_core::operation(op_service, action)
        .ok_or_else(|| errors::invalid_action(action, model.api_version()))?;
    // An MFA code presented to STS is verified once, here; the request then carries
    // aws:MultiFactorAuthPresent for the trust policy, and the session it creates keeps it.
    let mut caller = caller;
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
    let info = RequestInfo {
        request_id: request_id.to_string(),
        source_ip: req.remote_addr.map(|a| a.ip().to_string()),
        user_agent: header(req, "user-agent").map(str::to_string),
        secure_transport: false,
        region: signature.credential.region.clone(),
    };
    iam.authorize(op, &caller, &input, &info)
        .map_err(errors::from_domain)?;
    let output = iam
        .execute(op, Some(&caller), &input, &info)
        .await
        .map_err(errors::from_domain)?;
    Ok(xml::encode_output(model, action, &output, request_id))
}

/// An STS action whose credential is in the request (`Auth::InRequest`): no identity, so no
/// authorization step beyond the role's trust policy inside the action.
async fn process_unsigned(
    iam: &Arc<Iam>,
    req: &Request,
    params: &[(String, String)],
    op: &iam_core::Operation,
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
    let input = Input::new(query::decode_input(model, action, params).map_err(errors::from_query)?);
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
    Ok(xml::encode_output(model, action, &output, request_id))
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

/// The `X-Amz-Target` prefix of AWS Organizations (botocore model `targetPrefix`).
const ORGANIZATIONS_TARGET: &str = "AWSOrganizationsV20161128";

/// A JSON-protocol request: the same authentication and authorization step as a Query request,
/// then an Organizations action; answers and errors are JSON.
async fn handle_json(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    target: &str,
    request_id: String,
) -> Response {
    let mut action_name = String::new();
    match process_json(
        iam,
        config,
        open,
        req,
        target,
        &mut action_name,
        &request_id,
    )
    .await
    {
        Ok(body) => {
            tracing::debug!(request_id, action = action_name, "ok");
            Response {
                status: 200,
                request_id,
                content_type: json::CONTENT_TYPE,
                body,
            }
        }
        Err(e) => {
            tracing::info!(
                request_id,
                action = action_name,
                code = e.code,
                status = e.status,
                "error"
            );
            Response {
                status: e.status,
                request_id,
                content_type: json::CONTENT_TYPE,
                body: json::encode_error(e.code, &e.message),
            }
        }
    }
}

async fn process_json(
    iam: &Arc<Iam>,
    config: &ServerConfig,
    open: bool,
    req: &Request,
    target: &str,
    action_out: &mut String,
    request_id: &str,
) -> Result<String, WireError> {
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
    sigv4::check_scope(&signature.credential, "organizations", region_exists)
        .map_err(errors::from_auth)?;
    let caller = authenticate(iam, config, open, &http, &signature)?;
    // Organizations is global too: its partition's signing region.
    iam.note_key_used(
        &caller.access_key_id,
        "organizations",
        caller.partition.organizations_region(),
    );
    iam.note_access(&caller, "organizations", &signature.credential.region);
    let action = json::target_action(target, ORGANIZATIONS_TARGET).unwrap_or_default();
    *action_out = action.to_string();
    let op = iam_organizations::operation(action).ok_or_else(errors::unknown_operation)?;
    let body = json::parse_body(&req.body).map_err(errors::from_json_body)?;
    json::check_input(model(Service::Organizations), action, &body)
        .map_err(errors::from_json_input)?;
    let input = Input::new(body);
    let info = RequestInfo {
        request_id: request_id.to_string(),
        source_ip: req.remote_addr.map(|a| a.ip().to_string()),
        user_agent: header(req, "user-agent").map(str::to_string),
        secure_transport: false,
        region: signature.credential.region.clone(),
    };
    iam.authorize(op, &caller, &input, &info)
        .map_err(errors::from_domain_json)?;
    let output = iam
        .execute(op, Some(&caller), &input, &info)
        .await
        .map_err(errors::from_domain_json)?;
    Ok(json::encode_output(&output))
}
