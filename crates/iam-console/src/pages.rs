//! The pages. Each one that shows or changes anything calls operations through `Page::call`,
//! as the session's principal (or its active role); a refusal is shown as AWS sent it.
use crate::session::{
    ActiveRole, Identity, PRE_COOKIE, PasswordChange, PendingMfa, RECENT_ROLES, SESSION_COOKIE,
    Session, USER_SESSION_SECS, cookie, random_token, set_cookie,
};
use crate::templates::{SCRIPT, STYLESHEET, render};
use crate::{Api, ApiError, AuditCredentials, CallInput, Console, HttpRequest, HttpResponse};
use iam_core::audit::{self, EventDraft, RequestAudit, UserIdentity};
use iam_core::sign_in::{MFA_REQUIRED, SignInOutcome};
use iam_core::{Caller, IamError, Principal, RequestInfo, Service};
use serde_json::{Map, Value, json};

/// Rows on a page of a list.
const PAGE_SIZE: usize = 50;
/// Items asked per call while a list is searched.
const SEARCH_BATCH: &str = "1000";

pub(crate) type Form = Vec<(String, String)>;

pub(crate) fn field<'a>(form: &'a Form, name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

pub(crate) fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn static_file(content_type: &'static str, body: &str) -> HttpResponse {
    let mut r = HttpResponse::new(200, content_type, body.to_string());
    for h in r.headers.iter_mut() {
        if h.0 == "cache-control" {
            h.1 = "public, max-age=3600".into();
        }
    }
    r
}

/// A POST from another origin is refused before anything else (the CSRF token is checked too).
/// An opaque origin (`null`: privacy settings, sandboxed frames) is left to the token.
fn cross_origin(req: &HttpRequest<'_>) -> bool {
    let (Some(origin), Some(host)) = (req.header("origin"), req.header("host")) else {
        return false;
    };
    if origin == "null" {
        return false;
    }
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or(origin);
    !origin_host.eq_ignore_ascii_case(host)
}

fn forbidden(message: &str) -> HttpResponse {
    HttpResponse::html(
        403,
        render(
            "denied.html",
            crate::templates::value(json!({
                "title": "Request refused",
                "code": "InvalidCsrfToken",
                "message": message,
                "signed_in": false,
            })),
        ),
    )
}

pub(crate) const CSRF_REFUSED: &str = "The form was not sent by this console (missing or invalid CSRF token). Reload the page and try again.";

pub async fn handle<A: Api>(console: &Console, api: &A, req: &HttpRequest<'_>) -> HttpResponse {
    let path = req.path.strip_prefix(crate::PREFIX).unwrap_or("");
    let path = if path.is_empty() { "/" } else { path };
    match (req.method, path) {
        ("GET", "/static/console.css") => return static_file("text/css", STYLESHEET),
        ("GET", "/static/console.js") => return static_file("application/javascript", SCRIPT),
        ("GET" | "POST", _) => {}
        _ => return HttpResponse::html(405, "Method not allowed".into()),
    }
    let post = req.method == "POST";
    let form: Form = if post {
        form_urlencoded::parse(req.body).into_owned().collect()
    } else {
        Vec::new()
    };
    if post && cross_origin(req) {
        return forbidden(CSRF_REFUSED);
    }
    if path == "/signin" {
        return signin(console, api, req, &form).await;
    }
    let Some(value) = cookie(req, SESSION_COOKIE) else {
        return HttpResponse::redirect("/console/signin");
    };
    let iam = api.iam();
    let Some(session) = console.get(iam, &value) else {
        return HttpResponse::redirect("/console/signin").with_header(
            "set-cookie",
            set_cookie(SESSION_COOKIE, "", None, req.secure()),
        );
    };
    if post && !console.csrf_valid(iam, &value, field(&form, "csrf")) {
        return forbidden(CSRF_REFUSED);
    }
    if path == "/signout" && post {
        console.remove(iam, &value).await;
        return HttpResponse::redirect("/console/signin").with_header(
            "set-cookie",
            set_cookie(SESSION_COOKIE, "", None, req.secure()),
        );
    }
    // The session's role credentials are checked like any session token; once they expire
    // the console goes back to the signed-in identity.
    let mut session = session;
    if let Some(role) = &session.role
        && iam
            .lookup_session(&role.access_key_id, &role.token)
            .is_err()
    {
        let flash = (
            false,
            "Your role session has expired: you are back to your own identity.".to_string(),
        );
        console
            .update(iam, &value, |s| {
                s.role = None;
                s.flash = Some(flash);
            })
            .await;
        session.role = None;
        session.flash = Some((
            false,
            "Your role session has expired: you are back to your own identity.".into(),
        ));
    }
    let Some(caller) = resolve(iam, &session) else {
        // The user was deleted, lost its password or its account was closed: the session ends.
        console.remove(iam, &value).await;
        return HttpResponse::redirect("/console/signin?ended=1").with_header(
            "set-cookie",
            set_cookie(SESSION_COOKIE, "", None, req.secure()),
        );
    };
    let base = if session.role.is_some() {
        resolve_base(iam, &session)
    } else {
        Some(caller.clone())
    };
    // A GET shows the flash a form's redirect left (and takes it, on every node).
    let flash = if !post && session.flash.is_some() {
        console.take_flash(iam, &value).await
    } else {
        None
    };
    let page = Page {
        console,
        api,
        req,
        flash,
        csrf: console.csrf_token(iam, &value),
        cookie: value,
        session,
        caller,
        base,
    };
    if page.session.password_change.is_some() && path != "/password" {
        return HttpResponse::redirect("/console/password");
    }
    match (post, path) {
        (false, "/") => page.home().await,
        (_, "/password") => page.password(&form).await,
        (false, "/security") => page.security().await,
        (true, "/security/mfa/create") => page.mfa_create(&form).await,
        (true, "/security/mfa/enable") => page.mfa_enable(&form).await,
        (true, "/security/mfa/remove") => page.mfa_remove(&form).await,
        (true, "/security/keys/create") => page.key_create().await,
        (true, "/security/keys/status") => page.key_status(&form).await,
        (true, "/security/keys/delete") => page.key_delete(&form).await,
        (true, "/security/ssh/upload") => page.ssh_upload(&form).await,
        (true, "/security/ssh/delete") => page.ssh_delete(&form).await,
        (_, "/switchrole") => page.switch_role(&form).await,
        (true, "/switchrole/back") => page.switch_back().await,
        (false, "/users") => page.list(List::USERS).await,
        (false, "/groups") => page.list(List::GROUPS).await,
        (false, "/roles") => page.list(List::ROLES).await,
        (false, "/policies") => page.list(List::POLICIES).await,
        (false, "/users/view") => page.user_detail().await,
        (false, "/groups/view") => page.group_detail().await,
        (false, "/roles/view") => page.role_detail().await,
        (_, "/policies/view") => page.policy(&form).await,
        (_, "/policies/new") => page.policy_new(&form).await,
        (false, "/credential-report") => page.credential_report(false).await,
        (false, "/credential-report.csv") => page.credential_report(true).await,
        (false, "/findings") => page.findings().await,
        (_, "/simulator") => page.simulator(&form).await,
        (false, "/organization") => page.organization().await,
        _ => page.not_found(),
    }
}

/// Who a session acts as: its active role's session, else its signed-in identity.
fn resolve(iam: &iam_core::Iam, s: &Session) -> Option<Caller> {
    if let Some(role) = &s.role {
        return iam
            .lookup_session(&role.access_key_id, &role.token)
            .ok()
            .map(|k| k.caller);
    }
    resolve_base(iam, s)
}

fn resolve_base(iam: &iam_core::Iam, s: &Session) -> Option<Caller> {
    match &s.identity {
        Identity::User {
            account_id,
            user_id,
            ..
        } => iam.console_user_caller(account_id, user_id, &s.key_id, s.mfa_auth_time),
        Identity::Root { account_id } => iam.console_root_caller(account_id, &s.key_id),
        Identity::Federated {
            access_key_id,
            token,
        } => iam
            .lookup_session(access_key_id, token)
            .ok()
            .filter(|k| !iam.account_suspended(&k.caller.account_id))
            .map(|k| k.caller),
    }
}

pub(crate) fn request_info(req: &HttpRequest<'_>, caller: Option<&Caller>) -> RequestInfo {
    RequestInfo {
        request_id: uuid::Uuid::new_v4().to_string(),
        source_ip: req.remote_addr.map(|a| a.ip().to_string()),
        user_agent: req.header("user-agent").map(str::to_string),
        secure_transport: req.secure(),
        region: caller
            .map_or_else(iam_core::Partition::default, |c| c.partition)
            .iam_region()
            .to_string(),
    }
}

/// Records a `ConsoleLogin` event as CloudTrail does (eventSource signin.amazonaws.com,
/// eventType AwsConsoleSignIn, responseElements `{"ConsoleLogin": "Success"|"Failure"}`,
/// additionalEventData LoginTo/MobileVersion/MFAUsed; IAM User Guide: cloudtrail-integration).
/// A failure by an unknown user name is recorded with the name hidden, as AWS does.
pub(crate) async fn console_login_event<A: Api>(
    api: &A,
    req: &HttpRequest<'_>,
    account_id: Option<String>,
    identity: UserIdentity,
    error: Option<&str>,
    mfa_used: bool,
) {
    if !api.audit_trail() {
        return;
    }
    let iam = api.iam();
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut d = EventDraft::new(&request_id, audit::now_ms());
    d.source_ip = req.remote_addr.map(|a| a.ip().to_string());
    d.user_agent = req.header("user-agent").map(str::to_string);
    d.account_id = account_id.or_else(|| iam.default_account());
    d.event_source = "signin.amazonaws.com".into();
    d.event_name = "ConsoleLogin".into();
    d.event_type = "AwsConsoleSignIn";
    d.read_only = false;
    d.identity = identity;
    d.request_parameters = Value::Null;
    d.response_elements = json!({
        "ConsoleLogin": if error.is_some() { "Failure" } else { "Success" }
    });
    d.additional_event_data = Some(json!({
        "LoginTo": "/console/",
        "MobileVersion": "No",
        "MFAUsed": if mfa_used { "Yes" } else { "No" },
    }));
    if let Some(e) = error {
        d.error = Some((String::new(), e.to_string()));
    }
    let audit = RequestAudit::new(d);
    if let Err(e) = iam.finish_request(&audit).await {
        tracing::warn!(error = %e.0, "ConsoleLogin event not stored");
    }
}

/// The sign-in page and its two steps (password, then MFA code when the user has a device).
async fn signin<A: Api>(
    console: &Console,
    api: &A,
    req: &HttpRequest<'_>,
    form: &Form,
) -> HttpResponse {
    let secure = req.secure();
    let (pre, new_pre) = match cookie(req, PRE_COOKIE) {
        Some(v) if v.len() >= 32 => (v, false),
        _ => (random_token(), true),
    };
    let csrf = console.csrf_token(api.iam(), &pre);
    let with_pre = |r: HttpResponse| {
        if new_pre {
            r.with_header(
                "set-cookie",
                set_cookie(PRE_COOKIE, &pre, Some(3600), secure),
            )
        } else {
            r
        }
    };
    let show = |status: u16, ctx: Value| {
        let mut base = json!({
            "csrf": csrf,
            "signed_in": false,
            "account": req.query_param("account").unwrap_or_default(),
        });
        if let (Some(b), Some(extra)) = (base.as_object_mut(), ctx.as_object()) {
            b.extend(extra.clone());
        }
        HttpResponse::html(
            status,
            render("signin.html", crate::templates::value(&base)),
        )
    };
    if req.method != "POST" {
        let mut ctx = json!({});
        if req.query_param("ended").is_some() {
            ctx["error"] = "Your session has ended. Sign in again.".into();
        }
        return with_pre(show(200, ctx));
    }
    if new_pre || !console.csrf_valid(api.iam(), &pre, field(form, "csrf")) {
        return with_pre(forbidden(CSRF_REFUSED));
    }
    let iam = api.iam();
    match field(form, "kind") {
        "root" => {
            let account = field(form, "account").trim();
            let result = iam
                .sign_in_root(
                    account,
                    field(form, "access_key_id").trim(),
                    field(form, "secret_access_key").trim(),
                )
                .await;
            match result {
                Ok(account_id) => {
                    let identity = UserIdentity {
                        kind: "Root".into(),
                        principal_id: Some(account_id.clone()),
                        arn: iam
                            .account_partition(&account_id)
                            .map(|p| iam_core::arns::root(p, &account_id)),
                        account_id: Some(account_id.clone()),
                        access_key_id: Some(String::new()),
                        ..Default::default()
                    };
                    console_login_event(api, req, Some(account_id.clone()), identity, None, false)
                        .await;
                    let session =
                        Session::new(Identity::Root { account_id }, USER_SESSION_SECS, None);
                    let value = console.create(iam, session).await;
                    HttpResponse::redirect("/console/").with_header(
                        "set-cookie",
                        session_cookie(&value, USER_SESSION_SECS, secure),
                    )
                }
                Err(e) => {
                    let account_id = iam.account_by_id_or_alias(account);
                    let identity = UserIdentity {
                        kind: "Root".into(),
                        account_id: account_id.clone(),
                        access_key_id: Some(String::new()),
                        ..Default::default()
                    };
                    console_login_event(
                        api,
                        req,
                        account_id,
                        identity,
                        Some("Failed authentication"),
                        false,
                    )
                    .await;
                    show(
                        401,
                        json!({"error": sign_in_message(&e), "kind": "root", "account": account}),
                    )
                }
            }
        }
        _ => {
            // The MFA step continues a pending sign-in; the first step starts one.
            let mfa_code = field(form, "mfa_code").trim();
            let (account, user, password) = if !mfa_code.is_empty() {
                match console.pending(iam, &pre) {
                    Some(p) => (p.account, p.user, p.password),
                    None => {
                        return show(
                            401,
                            json!({"error": "Your sign-in has expired. Sign in again."}),
                        );
                    }
                }
            } else {
                (
                    field(form, "account").trim().to_string(),
                    field(form, "username").trim().to_string(),
                    field(form, "password").to_string(),
                )
            };
            let code = (!mfa_code.is_empty()).then_some(mfa_code);
            let result = iam.sign_in(&account, &user, &password, code).await;
            match result {
                Ok(out) => {
                    console.clear_pending(iam, &pre).await;
                    signed_in(console, api, req, out).await
                }
                Err(IamError::AccessDenied(m)) if m == MFA_REQUIRED => {
                    console
                        .set_pending(
                            iam,
                            &pre,
                            PendingMfa {
                                account: account.clone(),
                                user: user.clone(),
                                password,
                                expires: Console::pending_expiry(),
                            },
                        )
                        .await;
                    show(
                        200,
                        json!({"mfa": true, "account": account, "username": user}),
                    )
                }
                Err(e) => {
                    let account_id = iam.account_by_id_or_alias(&account);
                    let principal = account_id
                        .as_ref()
                        .and_then(|a| iam.user_principal(a, &user));
                    let identity = match (&principal, &account_id) {
                        (Some(Principal::User { id, name, arn }), _) => UserIdentity {
                            kind: "IAMUser".into(),
                            principal_id: Some(id.clone()),
                            arn: Some(arn.clone()),
                            account_id: account_id.clone(),
                            user_name: Some(name.clone()),
                            ..Default::default()
                        },
                        _ => UserIdentity {
                            kind: "IAMUser".into(),
                            account_id: account_id.clone(),
                            access_key_id: Some(String::new()),
                            user_name: Some("HIDDEN_DUE_TO_SECURITY_REASONS".into()),
                            ..Default::default()
                        },
                    };
                    let error = if principal.is_some() {
                        "Failed authentication"
                    } else {
                        "No username found in supplied account"
                    };
                    console_login_event(
                        api,
                        req,
                        account_id,
                        identity,
                        Some(error),
                        code.is_some(),
                    )
                    .await;
                    if code.is_some() {
                        console.clear_pending(iam, &pre).await;
                    }
                    show(
                        401,
                        json!({"error": sign_in_message(&e), "account": account, "username": user}),
                    )
                }
            }
        }
    }
}

/// AWS's sign-in texts (`iam_core::sign_in`); too many failures get the throttling text.
fn sign_in_message(e: &IamError) -> String {
    match e {
        IamError::AccessDenied(m) => m.clone(),
        IamError::Throttling(_) => {
            "Too many failed sign-in attempts. Wait a minute and try again.".into()
        }
        _ => iam_core::sign_in::SIGN_IN_FAILED.into(),
    }
}

async fn signed_in<A: Api>(
    console: &Console,
    api: &A,
    req: &HttpRequest<'_>,
    out: SignInOutcome,
) -> HttpResponse {
    let identity = UserIdentity {
        kind: "IAMUser".into(),
        principal_id: Some(out.user_id.clone()),
        arn: Some(out.arn.clone()),
        account_id: Some(out.account_id.clone()),
        user_name: Some(out.user_name.clone()),
        ..Default::default()
    };
    console_login_event(
        api,
        req,
        Some(out.account_id.clone()),
        identity,
        None,
        out.mfa_authenticated,
    )
    .await;
    let expired = out.password_change_required
        && api.iam().read(|s| {
            s.accounts
                .get(&out.account_id)
                .and_then(|a| a.users.get(&out.user_id))
                .and_then(|u| u.login_profile.as_ref())
                .is_some_and(|p| !p.password_reset_required)
        });
    let mut session = Session::new(
        Identity::User {
            account_id: out.account_id,
            user_id: out.user_id,
            user_name: out.user_name,
        },
        USER_SESSION_SECS,
        out.mfa_authenticated.then(iam_core::entities::now),
    );
    if out.password_change_required {
        session.password_change = Some(if expired {
            PasswordChange::Expired
        } else {
            PasswordChange::Reset
        });
    }
    let forced = session.password_change.is_some();
    let value = console.create(api.iam(), session).await;
    let cookie = session_cookie(&value, USER_SESSION_SECS, req.secure());
    HttpResponse::redirect(if forced {
        "/console/password"
    } else {
        "/console/"
    })
    .with_header("set-cookie", cookie)
}

pub(crate) fn session_cookie(value: &str, lifetime: i64, secure: bool) -> String {
    set_cookie(SESSION_COOKIE, value, Some(lifetime), secure)
}

/// One section of a detail page: heading, action, parameters, the output member shown.
type DetailCall<'a> = (&'a str, &'a str, Vec<(&'a str, String)>, &'a str);

/// The lists: what they call and how their rows look.
pub(crate) struct List {
    title: &'static str,
    path: &'static str,
    action: &'static str,
    member: &'static str,
    name: &'static str,
    columns: &'static [(&'static str, &'static str)],
    detail: &'static str,
    extra: &'static [(&'static str, &'static str)],
}

impl List {
    const USERS: List = List {
        title: "Users",
        path: "/console/users",
        action: "ListUsers",
        member: "Users",
        name: "UserName",
        columns: &[
            ("Path", "Path"),
            ("Created", "CreateDate"),
            ("Password last used", "PasswordLastUsed"),
        ],
        detail: "/console/users/view?name=",
        extra: &[],
    };
    const GROUPS: List = List {
        title: "User groups",
        path: "/console/groups",
        action: "ListGroups",
        member: "Groups",
        name: "GroupName",
        columns: &[("Path", "Path"), ("Created", "CreateDate")],
        detail: "/console/groups/view?name=",
        extra: &[],
    };
    const ROLES: List = List {
        title: "Roles",
        path: "/console/roles",
        action: "ListRoles",
        member: "Roles",
        name: "RoleName",
        columns: &[
            ("Path", "Path"),
            ("Created", "CreateDate"),
            ("Description", "Description"),
        ],
        detail: "/console/roles/view?name=",
        extra: &[],
    };
    const POLICIES: List = List {
        title: "Policies",
        path: "/console/policies",
        action: "ListPolicies",
        member: "Policies",
        name: "PolicyName",
        columns: &[
            ("Attached to", "AttachmentCount"),
            ("Updated", "UpdateDate"),
            ("ARN", "Arn"),
        ],
        detail: "/console/policies/view?arn=",
        extra: &[("Scope", "Local")],
    };
}

/// One request's page: the session, who it acts as, and the API.
pub(crate) struct Page<'a, A: Api> {
    console: &'a Console,
    api: &'a A,
    req: &'a HttpRequest<'a>,
    cookie: String,
    csrf: String,
    /// The message a form's redirect left for this page.
    flash: Option<(bool, String)>,
    session: Session,
    /// Who the pages act as: the active role's session, else the signed-in identity.
    caller: Caller,
    /// The signed-in identity (switch role acts as it, whatever role is active).
    base: Option<Caller>,
}

fn str_of<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn items<'v>(v: &'v Value, k: &str) -> &'v [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Why the Findings page cannot run for a user or root session signed in without MFA.
const NEEDS_MFA: &str = "The findings are read through the IAM API with temporary credentials \
     from GetSessionToken, which may call IAM only when MFA was used (AWS's rule for those \
     credentials). Sign in with MFA, or switch to a role, to see them.";

impl<A: Api> Page<'_, A> {
    /// Calls an operation as the page's principal, through the API's authorization step.
    async fn call(
        &self,
        service: Service,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        self.call_as(&self.caller, service, action, params).await
    }

    async fn call_as(
        &self,
        caller: &Caller,
        service: Service,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let version = match service {
            Service::Sts => "2011-06-15",
            _ => "2010-05-08",
        };
        let mut query: Vec<(String, String)> = vec![
            ("Action".into(), action.into()),
            ("Version".into(), version.into()),
        ];
        query.extend(params.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let info = request_info(self.req, Some(caller));
        self.api
            .call(caller, &info, service, action, CallInput::Query(query))
            .await
    }

    async fn call_json(&self, action: &str, body: Value) -> Result<Value, ApiError> {
        let info = request_info(self.req, Some(&self.caller));
        self.api
            .call(
                &self.caller,
                &info,
                Service::Organizations,
                action,
                CallInput::Json(body),
            )
            .await
    }

    fn user_name(&self) -> Option<&str> {
        match &self.session.identity {
            Identity::User { user_name, .. } => Some(user_name),
            _ => None,
        }
    }

    /// What every page shows: who is signed in, the active role, the CSRF token, the flash.
    fn common(&self) -> Map<String, Value> {
        let base_arn = self.base.as_ref().map(Caller::arn).unwrap_or_default();
        let identity = match &self.session.identity {
            Identity::User { user_name, .. } => user_name.clone(),
            Identity::Root { .. } => "root".into(),
            Identity::Federated { .. } => base_arn.rsplit('/').next().unwrap_or("").to_string(),
        };
        let account = self
            .base
            .as_ref()
            .map_or_else(|| self.caller.account_id.clone(), |c| c.account_id.clone());
        let flash = self.flash.clone();
        let mut m = Map::new();
        m.insert("signed_in".into(), true.into());
        m.insert("csrf".into(), self.csrf.clone().into());
        m.insert("identity".into(), identity.into());
        m.insert("identity_arn".into(), base_arn.into());
        m.insert("account".into(), account.into());
        m.insert("caller_arn".into(), self.caller.arn().into());
        m.insert("is_user".into(), self.user_name().is_some().into());
        m.insert("mfa".into(), self.session.mfa_auth_time.is_some().into());
        m.insert(
            "password_change".into(),
            self.session.password_change.is_some().into(),
        );
        if let Some(r) = &self.session.role {
            m.insert(
                "role".into(),
                json!({"display": r.display_name, "account": r.account_id, "name": r.role_name}),
            );
        }
        if let Some((ok, text)) = flash {
            m.insert("flash".into(), json!({"ok": ok, "text": text}));
        }
        m
    }

    fn render(&self, status: u16, template: &str, ctx: Value) -> HttpResponse {
        let mut m = self.common();
        if let Value::Object(extra) = ctx {
            m.extend(extra);
        }
        HttpResponse::html(status, render(template, crate::templates::value(&m)))
    }

    /// A refused call: AWS's code and message (an AccessDenied says which permission on which
    /// resource and why: no policy allows it, or which kind of policy denies it).
    fn denied(&self, what: &str, e: &ApiError) -> HttpResponse {
        self.render(
            e.status,
            "denied.html",
            json!({"title": what, "code": e.code, "message": e.message}),
        )
    }

    fn not_found(&self) -> HttpResponse {
        self.render(
            404,
            "denied.html",
            json!({"title": "Not found", "code": "NotFound", "message": "This page does not exist."}),
        )
    }

    /// Redirects to `to` with the API error's code and message as the flash.
    async fn flash_error(&self, e: ApiError, to: &str) -> HttpResponse {
        self.flash_redirect(false, format!("{}: {}", e.code, e.message), to)
            .await
    }

    /// Back to the security credentials page with `r`'s outcome: `done` when it succeeded.
    async fn security_outcome<T>(
        &self,
        r: Result<T, ApiError>,
        done: impl Into<String>,
    ) -> HttpResponse {
        match r {
            Ok(_) => self.flash_redirect(true, done, "/console/security").await,
            Err(e) => self.flash_error(e, "/console/security").await,
        }
    }

    async fn flash_redirect(&self, ok: bool, text: impl Into<String>, to: &str) -> HttpResponse {
        let text = text.into();
        self.console
            .update(self.api.iam(), &self.cookie, |s| s.flash = Some((ok, text)))
            .await;
        HttpResponse::redirect(to)
    }

    async fn home(&self) -> HttpResponse {
        let identity = self.call(Service::Sts, "GetCallerIdentity", &[]).await.ok();
        self.render(
            200,
            "home.html",
            json!({
                "caller_identity": identity,
                "recent": self.session.recent,
            }),
        )
    }

    /// Change password: forced (PasswordResetRequired, expired) or chosen. ChangePassword is
    /// called as the user: the account's password policy and its messages apply there.
    async fn password(&self, form: &Form) -> HttpResponse {
        let Some(user) = self.user_name().map(str::to_string) else {
            return self.render(
                400,
                "denied.html",
                json!({"title": "Change password", "code": "NotAnIamUser",
                       "message": "Only IAM users change their console password here."}),
            );
        };
        let reason = match self.session.password_change {
            Some(PasswordChange::Reset) => Some(
                "You must change your password to continue. Your administrator requires a new password at first sign-in.",
            ),
            Some(PasswordChange::Expired) => {
                Some("Your password has expired. You must change it to continue.")
            }
            None => None,
        };
        let policy = self
            .call(Service::Iam, "GetAccountPasswordPolicy", &[])
            .await
            .ok()
            .and_then(|v| v.get("PasswordPolicy").cloned());
        let mut ctx = json!({"reason": reason, "policy": policy, "user": user});
        if self.req.method == "POST" {
            let old = field(form, "old_password");
            let new = field(form, "new_password");
            let confirm = field(form, "confirm_password");
            let result = if new != confirm {
                Err(ApiError {
                    status: 400,
                    code: "PasswordMismatch".into(),
                    message: "The passwords you entered do not match.".into(),
                })
            } else {
                self.call(
                    Service::Iam,
                    "ChangePassword",
                    &[("OldPassword", old), ("NewPassword", new)],
                )
                .await
            };
            match result {
                Ok(_) => {
                    self.console
                        .update(self.api.iam(), &self.cookie, |s| {
                            s.password_change = None;
                            s.flash = Some((true, "Your password has been changed.".into()));
                        })
                        .await;
                    return HttpResponse::redirect("/console/");
                }
                Err(e) => {
                    ctx["error"] = json!({"code": e.code, "message": e.message});
                    return self.render(e.status, "password.html", ctx);
                }
            }
        }
        self.render(200, "password.html", ctx)
    }

    /// My security credentials: MFA devices, access keys (with last use), SSH public keys.
    async fn security(&self) -> HttpResponse {
        if self.session.role.is_some() {
            return self.render(200, "security.html", json!({"as_role": true}));
        }
        let user = self.user_name().unwrap_or_default().to_string();
        let user_param: Vec<(&str, &str)> = if user.is_empty() {
            vec![]
        } else {
            vec![("UserName", user.as_str())]
        };
        let section = |r: Result<Value, ApiError>, key: &str| match r {
            Ok(v) => json!({"items": items(&v, key)}),
            Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
        };
        let mfa = section(
            self.call(Service::Iam, "ListMFADevices", &user_param).await,
            "MFADevices",
        );
        let keys_result = self.call(Service::Iam, "ListAccessKeys", &user_param).await;
        let mut keys = section(keys_result.clone(), "AccessKeyMetadata");
        if let Ok(v) = &keys_result {
            let mut rows = Vec::new();
            for k in items(v, "AccessKeyMetadata") {
                let id = str_of(k, "AccessKeyId");
                let last = self
                    .call(Service::Iam, "GetAccessKeyLastUsed", &[("AccessKeyId", id)])
                    .await
                    .ok()
                    .and_then(|v| v.get("AccessKeyLastUsed").cloned());
                let mut row = k.clone();
                row["LastUsed"] = last.unwrap_or(Value::Null);
                rows.push(row);
            }
            keys = json!({"items": rows});
        }
        let ssh = if user.is_empty() {
            Value::Null
        } else {
            section(
                self.call(Service::Iam, "ListSSHPublicKeys", &user_param)
                    .await,
                "SSHPublicKeys",
            )
        };
        self.render(
            200,
            "security.html",
            json!({"user": user, "mfa_devices": mfa, "keys": keys, "ssh": ssh}),
        )
    }

    async fn mfa_create(&self, form: &Form) -> HttpResponse {
        let Some(user) = self.user_name().map(str::to_string) else {
            return self
                .flash_redirect(
                    false,
                    "Only IAM users enrol MFA devices here.",
                    "/console/security",
                )
                .await;
        };
        let name = match field(form, "device_name").trim() {
            "" => user.clone(),
            n => n.to_string(),
        };
        let created = match self
            .call(
                Service::Iam,
                "CreateVirtualMFADevice",
                &[("VirtualMFADeviceName", &name)],
            )
            .await
        {
            Ok(v) => v,
            Err(e) => {
                return self.flash_error(e, "/console/security").await;
            }
        };
        let device = created.get("VirtualMFADevice").cloned().unwrap_or_default();
        let serial = str_of(&device, "SerialNumber").to_string();
        // A blob member: the output carries it base64-encoded, as the wire does.
        let seed = {
            use base64::Engine;
            let raw = str_of(&device, "Base32StringSeed");
            base64::engine::general_purpose::STANDARD
                .decode(raw)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_else(|| raw.to_string())
        };
        let issuer = "iamd";
        let label = format!("{issuer}:{user}@{}", self.caller.account_id);
        let uri = format!(
            "otpauth://totp/{}?secret={seed}&issuer={issuer}",
            url_encode(&label)
        );
        let svg = qrcode::QrCode::new(uri.as_bytes())
            .map(|q| {
                q.render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(200, 200)
                    .build()
            })
            .unwrap_or_default();
        // The seed is shown once, in this response (no-store), never in a URL.
        self.render(
            200,
            "mfa_enrol.html",
            json!({"serial": serial, "seed": seed, "qr_svg": svg, "user": user}),
        )
    }

    async fn mfa_enable(&self, form: &Form) -> HttpResponse {
        let user = self.user_name().unwrap_or_default().to_string();
        let r = self
            .call(
                Service::Iam,
                "EnableMFADevice",
                &[
                    ("UserName", &user),
                    ("SerialNumber", field(form, "serial")),
                    ("AuthenticationCode1", field(form, "code1").trim()),
                    ("AuthenticationCode2", field(form, "code2").trim()),
                ],
            )
            .await;
        self.security_outcome(r, "MFA device assigned.").await
    }

    async fn mfa_remove(&self, form: &Form) -> HttpResponse {
        let user = self.user_name().unwrap_or_default().to_string();
        let serial = field(form, "serial");
        let r = self
            .call(
                Service::Iam,
                "DeactivateMFADevice",
                &[("UserName", &user), ("SerialNumber", serial)],
            )
            .await;
        if let Err(e) = r {
            return self.flash_error(e, "/console/security").await;
        }
        if serial.contains(":mfa/")
            && let Err(e) = self
                .call(
                    Service::Iam,
                    "DeleteVirtualMFADevice",
                    &[("SerialNumber", serial)],
                )
                .await
        {
            return self.flash_error(e, "/console/security").await;
        }
        self.flash_redirect(true, "MFA device removed.", "/console/security")
            .await
    }

    async fn key_create(&self) -> HttpResponse {
        match self.call(Service::Iam, "CreateAccessKey", &[]).await {
            // The secret is in this response only (no-store): it is never shown again.
            Ok(v) => self.render(200, "key_created.html", json!({"key": v.get("AccessKey")})),
            Err(e) => self.flash_error(e, "/console/security").await,
        }
    }

    async fn key_status(&self, form: &Form) -> HttpResponse {
        let status = if field(form, "status") == "Active" {
            "Active"
        } else {
            "Inactive"
        };
        let r = self
            .call(
                Service::Iam,
                "UpdateAccessKey",
                &[("AccessKeyId", field(form, "key_id")), ("Status", status)],
            )
            .await;
        self.security_outcome(
            r,
            format!(
                "Access key {} is now {}.",
                field(form, "key_id"),
                status.to_lowercase()
            ),
        )
        .await
    }

    async fn key_delete(&self, form: &Form) -> HttpResponse {
        let r = self
            .call(
                Service::Iam,
                "DeleteAccessKey",
                &[("AccessKeyId", field(form, "key_id"))],
            )
            .await;
        self.security_outcome(r, format!("Access key {} deleted.", field(form, "key_id")))
            .await
    }

    async fn ssh_upload(&self, form: &Form) -> HttpResponse {
        let user = self.user_name().unwrap_or_default().to_string();
        let r = self
            .call(
                Service::Iam,
                "UploadSSHPublicKey",
                &[
                    ("UserName", &user),
                    ("SSHPublicKeyBody", field(form, "body").trim()),
                ],
            )
            .await;
        self.security_outcome(r, "SSH public key uploaded.").await
    }

    async fn ssh_delete(&self, form: &Form) -> HttpResponse {
        let user = self.user_name().unwrap_or_default().to_string();
        let r = self
            .call(
                Service::Iam,
                "DeleteSSHPublicKey",
                &[
                    ("UserName", &user),
                    ("SSHPublicKeyId", field(form, "key_id")),
                ],
            )
            .await;
        self.security_outcome(r, "SSH public key deleted.").await
    }

    /// Switch role: AssumeRole as the signed-in identity (with its MFA context, as AWS's
    /// console does), the role's credentials kept in the server-side session.
    async fn switch_role(&self, form: &Form) -> HttpResponse {
        let q = |k: &str| self.req.query_param(k).unwrap_or_default();
        let (account, role_name, display) = if self.req.method == "POST" {
            (
                field(form, "account").trim().to_string(),
                field(form, "role").trim().to_string(),
                field(form, "display_name").trim().to_string(),
            )
        } else {
            (q("account"), q("roleName"), q("displayName"))
        };
        let ctx = json!({
            "recent": self.session.recent,
            "account_in": account, "role_in": role_name, "display_in": display,
        });
        if self.req.method != "POST" {
            return self.render(200, "switchrole.html", ctx);
        }
        let Some(base) = self.base.clone() else {
            return self.render(403, "switchrole.html", ctx);
        };
        let iam = self.api.iam();
        let account_id = iam
            .account_by_id_or_alias(&account)
            .unwrap_or_else(|| account.clone());
        let partition = iam.account_partition(&account_id).unwrap_or(base.partition);
        let role_arn = format!("arn:{}:iam::{account_id}:role/{role_name}", partition.id());
        let session_name: String = match &base.principal {
            Principal::User { name, .. } => name.clone(),
            Principal::AssumedRole { session_name, .. } => session_name.clone(),
            Principal::FederatedUser { name, .. } => name.clone(),
            Principal::Root => "root".into(),
        }
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c))
        .take(64)
        .collect();
        let r = self
            .call_as(
                &base,
                Service::Sts,
                "AssumeRole",
                &[
                    ("RoleArn", &role_arn),
                    ("RoleSessionName", &session_name),
                    ("DurationSeconds", "3600"),
                ],
            )
            .await;
        match r {
            Ok(v) => {
                let creds = v.get("Credentials").cloned().unwrap_or_default();
                let display = if display.is_empty() {
                    format!("{role_name} @ {account}")
                } else {
                    display
                };
                let recent = crate::session::RecentRole {
                    account: account.clone(),
                    role_name: role_name.clone(),
                    display_name: display.clone(),
                };
                let active = ActiveRole {
                    account_id,
                    role_name,
                    display_name: display.clone(),
                    access_key_id: str_of(&creds, "AccessKeyId").to_string(),
                    token: str_of(&creds, "SessionToken").to_string(),
                };
                let flash = format!("You are now acting as {display}.");
                self.console
                    .update(self.api.iam(), &self.cookie, |s| {
                        s.role = Some(active);
                        s.recent.retain(|r| r != &recent);
                        s.recent.insert(0, recent);
                        s.recent.truncate(RECENT_ROLES);
                        s.flash = Some((true, flash));
                    })
                    .await;
                HttpResponse::redirect("/console/")
            }
            Err(e) => {
                let mut ctx = ctx;
                ctx["error"] = json!({"code": e.code, "message": e.message});
                self.render(e.status, "switchrole.html", ctx)
            }
        }
    }

    async fn switch_back(&self) -> HttpResponse {
        self.console
            .update(self.api.iam(), &self.cookie, |s| {
                s.role = None;
                s.flash = Some((true, "You are back to your own identity.".into()));
            })
            .await;
        HttpResponse::redirect("/console/")
    }

    /// A paged, searchable list. Without a search it is one page of the API's own paging
    /// (MaxItems, Marker); a search reads the API's pages (1,000 items a call) until a page of
    /// matches is full, and continues from the marker where it stopped.
    async fn list(&self, list: List) -> HttpResponse {
        let search = self.req.query_param("q").unwrap_or_default();
        let needle = search.to_lowercase();
        let mut marker = self.req.query_param("marker").filter(|m| !m.is_empty());
        let mut skip: usize = self
            .req
            .query_param("skip")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let scope = self
            .req
            .query_param("scope")
            .unwrap_or_else(|| "Local".into());
        let mut rows: Vec<Value> = Vec::new();
        let page_size = PAGE_SIZE.to_string();
        // The next page: the API marker of the batch to read, and how many of its matches
        // this page already showed.
        let next: Option<(String, usize)> = loop {
            let mut params: Vec<(&str, &str)> = vec![(
                "MaxItems",
                if needle.is_empty() {
                    &page_size
                } else {
                    SEARCH_BATCH
                },
            )];
            if let Some(m) = &marker {
                params.push(("Marker", m));
            }
            for (k, v) in list.extra {
                if *k == "Scope" {
                    params.push((k, &scope));
                } else {
                    params.push((k, v));
                }
            }
            let v = match self.call(Service::Iam, list.action, &params).await {
                Ok(v) => v,
                Err(e) => return self.denied(list.title, &e),
            };
            let page_marker = v
                .get("IsTruncated")
                .and_then(Value::as_bool)
                .filter(|t| *t)
                .and_then(|_| v.get("Marker").and_then(Value::as_str))
                .map(str::to_string);
            let mut matched = 0;
            let mut full = false;
            for item in items(&v, list.member) {
                let name = str_of(item, list.name);
                if !needle.is_empty() && !name.to_lowercase().contains(&needle) {
                    continue;
                }
                matched += 1;
                if matched <= skip {
                    continue;
                }
                if rows.len() == PAGE_SIZE {
                    full = true;
                    break;
                }
                let link = match list.name {
                    "PolicyName" => str_of(item, "Arn"),
                    _ => name,
                };
                rows.push(json!({
                    "name": name,
                    "href": format!("{}{}", list.detail, url_encode(link)),
                    "cells": list.columns.iter().map(|(_, k)| cell(item.get(*k))).collect::<Vec<_>>(),
                }));
            }
            if full {
                break Some((marker.clone().unwrap_or_default(), matched - 1));
            }
            match page_marker {
                None => break None,
                Some(m) if needle.is_empty() || rows.len() >= PAGE_SIZE => break Some((m, 0)),
                Some(m) => {
                    marker = Some(m);
                    skip = 0;
                }
            }
        };
        let next_href = next.map(|(m, skip)| {
            format!(
                "{}?q={}&marker={}&skip={skip}&scope={}",
                list.path,
                url_encode(&search),
                url_encode(&m),
                url_encode(&scope)
            )
        });
        self.render(
            200,
            "list.html",
            json!({
                "title": list.title,
                "path": list.path,
                "search": search,
                "columns": list.columns.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
                "rows": rows,
                "next": next_href,
                "policies": list.action == "ListPolicies",
                "scope": scope,
                "create_policy": list.action == "ListPolicies",
            }),
        )
    }

    /// A detail page: sections, each the answer of one call (or its refusal).
    async fn detail(&self, title: String, calls: Vec<DetailCall<'_>>) -> HttpResponse {
        let mut sections = Vec::new();
        for (heading, action, params, member) in calls {
            let p: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let section = match self.call(Service::Iam, action, &p).await {
                Ok(v) => {
                    let value = v.get(member).cloned().unwrap_or(Value::Null);
                    let rows: Vec<Value> = match &value {
                        Value::Array(a) => a.iter().map(flatten).collect(),
                        Value::Null => vec![],
                        other => vec![flatten(other)],
                    };
                    json!({"heading": heading, "rows": rows})
                }
                Err(e) => {
                    json!({"heading": heading, "error": {"code": e.code, "message": e.message}})
                }
            };
            sections.push(section);
        }
        // A user's or role's Access Advisor: which services its policies allow, and when each
        // was last used (GenerateServiceLastAccessedDetails, then its job's details).
        let arn = sections.first().and_then(|s| {
            s["rows"][0]
                .as_array()?
                .iter()
                .find(|pair| pair[0] == "Arn")
                .and_then(|pair| pair[1].as_str())
                .map(str::to_string)
        });
        if let Some(arn) = arn.filter(|a| a.contains(":user/") || a.contains(":role/")) {
            sections.push(self.last_accessed(&arn).await);
        }
        self.render(
            200,
            "detail.html",
            json!({"title": title, "sections": sections}),
        )
    }

    async fn last_accessed(&self, arn: &str) -> Value {
        let heading = "Last accessed (services its policies allow)";
        let refused = |e: ApiError| json!({"heading": heading, "error": {"code": e.code, "message": e.message}});
        let job = match self
            .call(
                Service::Iam,
                "GenerateServiceLastAccessedDetails",
                &[("Arn", arn)],
            )
            .await
        {
            Ok(v) => str_of(&v, "JobId").to_string(),
            Err(e) => return refused(e),
        };
        for _ in 0..20 {
            let v = match self
                .call(
                    Service::Iam,
                    "GetServiceLastAccessedDetails",
                    &[("JobId", &job)],
                )
                .await
            {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            if str_of(&v, "JobStatus") == "IN_PROGRESS" {
                tokio_sleep().await;
                continue;
            }
            let pairs: Vec<Value> = items(&v, "ServicesLastAccessed")
                .iter()
                .map(|svc| {
                    let when = match svc.get("LastAuthenticated").and_then(Value::as_str) {
                        Some(t) => format!("{t} ({})", str_of(svc, "LastAuthenticatedRegion")),
                        None => "Not accessed in the tracking period".to_string(),
                    };
                    json!([str_of(svc, "ServiceNamespace"), when])
                })
                .collect();
            let rows = if pairs.is_empty() {
                vec![]
            } else {
                vec![Value::Array(pairs)]
            };
            return json!({"heading": heading, "rows": rows, "id": "last-accessed"});
        }
        json!({"heading": heading, "error": {"code": "JobInProgress", "message": "Still being generated: reload in a moment."}})
    }

    async fn user_detail(&self) -> HttpResponse {
        let name = self.req.query_param("name").unwrap_or_default();
        let n = || name.clone();
        self.detail(
            format!("User {name}"),
            vec![
                ("Summary", "GetUser", vec![("UserName", n())], "User"),
                (
                    "Groups",
                    "ListGroupsForUser",
                    vec![("UserName", n())],
                    "Groups",
                ),
                (
                    "Attached policies",
                    "ListAttachedUserPolicies",
                    vec![("UserName", n())],
                    "AttachedPolicies",
                ),
                (
                    "Inline policies",
                    "ListUserPolicies",
                    vec![("UserName", n())],
                    "PolicyNames",
                ),
                (
                    "Console password",
                    "GetLoginProfile",
                    vec![("UserName", n())],
                    "LoginProfile",
                ),
                (
                    "Access keys",
                    "ListAccessKeys",
                    vec![("UserName", n())],
                    "AccessKeyMetadata",
                ),
                (
                    "MFA devices",
                    "ListMFADevices",
                    vec![("UserName", n())],
                    "MFADevices",
                ),
            ],
        )
        .await
    }

    async fn group_detail(&self) -> HttpResponse {
        let name = self.req.query_param("name").unwrap_or_default();
        let n = || name.clone();
        self.detail(
            format!("Group {name}"),
            vec![
                ("Members", "GetGroup", vec![("GroupName", n())], "Users"),
                (
                    "Attached policies",
                    "ListAttachedGroupPolicies",
                    vec![("GroupName", n())],
                    "AttachedPolicies",
                ),
                (
                    "Inline policies",
                    "ListGroupPolicies",
                    vec![("GroupName", n())],
                    "PolicyNames",
                ),
            ],
        )
        .await
    }

    async fn role_detail(&self) -> HttpResponse {
        let name = self.req.query_param("name").unwrap_or_default();
        let n = || name.clone();
        self.detail(
            format!("Role {name}"),
            vec![
                ("Summary", "GetRole", vec![("RoleName", n())], "Role"),
                (
                    "Attached policies",
                    "ListAttachedRolePolicies",
                    vec![("RoleName", n())],
                    "AttachedPolicies",
                ),
                (
                    "Inline policies",
                    "ListRolePolicies",
                    vec![("RoleName", n())],
                    "PolicyNames",
                ),
            ],
        )
        .await
    }

    /// A managed policy: its document, and for a customer-managed one an editor that validates
    /// with AWS's MalformedPolicyDocument messages (`Validate`, nothing saved) and saves a new
    /// default version through CreatePolicyVersion (which validates again).
    async fn policy(&self, form: &Form) -> HttpResponse {
        let arn = if self.req.method == "POST" {
            field(form, "arn").to_string()
        } else {
            self.req.query_param("arn").unwrap_or_default()
        };
        let policy = match self
            .call(Service::Iam, "GetPolicy", &[("PolicyArn", &arn)])
            .await
        {
            Ok(v) => v.get("Policy").cloned().unwrap_or_default(),
            Err(e) => return self.denied("Policy", &e),
        };
        let version = str_of(&policy, "DefaultVersionId").to_string();
        let document = match self
            .call(
                Service::Iam,
                "GetPolicyVersion",
                &[("PolicyArn", &arn), ("VersionId", &version)],
            )
            .await
        {
            Ok(v) => pretty(&percent_decode(str_of(
                v.get("PolicyVersion").unwrap_or(&Value::Null),
                "Document",
            ))),
            Err(e) => return self.denied("Policy", &e),
        };
        let editable = !arn.contains(":aws:policy/");
        let mut ctx = json!({
            "policy": flatten(&policy),
            "arn": arn,
            "name": str_of(&policy, "PolicyName"),
            "document": document,
            "editable": editable,
        });
        if self.req.method == "POST" {
            let doc = field(form, "document");
            ctx["document"] = doc.into();
            match validate(doc) {
                Err(msg) => {
                    ctx["error"] = json!({"code": "MalformedPolicyDocument", "message": msg});
                    return self.render(400, "policy.html", ctx);
                }
                Ok(()) if field(form, "op") == "validate" => {
                    ctx["valid"] = true.into();
                    return self.render(200, "policy.html", ctx);
                }
                Ok(()) => {}
            }
            let r = self
                .call(
                    Service::Iam,
                    "CreatePolicyVersion",
                    &[
                        ("PolicyArn", &arn),
                        ("PolicyDocument", doc),
                        ("SetAsDefault", "true"),
                    ],
                )
                .await;
            return match r {
                Ok(_) => {
                    self.flash_redirect(
                        true,
                        "Policy saved as its new default version.",
                        &format!("/console/policies/view?arn={}", url_encode(&arn)),
                    )
                    .await
                }
                Err(e) => {
                    ctx["error"] = json!({"code": e.code, "message": e.message});
                    self.render(e.status, "policy.html", ctx)
                }
            };
        }
        self.render(200, "policy.html", ctx)
    }

    async fn policy_new(&self, form: &Form) -> HttpResponse {
        let mut ctx = json!({
            "new": true,
            "editable": true,
            "name": field(form, "name"),
            "document": if self.req.method == "POST" { field(form, "document").to_string() } else {
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}".to_string()
            },
        });
        if self.req.method != "POST" {
            return self.render(200, "policy.html", ctx);
        }
        let doc = field(form, "document");
        if let Err(msg) = validate(doc) {
            ctx["error"] = json!({"code": "MalformedPolicyDocument", "message": msg});
            return self.render(400, "policy.html", ctx);
        }
        if field(form, "op") == "validate" {
            ctx["valid"] = true.into();
            return self.render(200, "policy.html", ctx);
        }
        match self
            .call(
                Service::Iam,
                "CreatePolicy",
                &[
                    ("PolicyName", field(form, "name").trim()),
                    ("PolicyDocument", doc),
                ],
            )
            .await
        {
            Ok(v) => {
                let arn = v
                    .get("Policy")
                    .map(|p| str_of(p, "Arn").to_string())
                    .unwrap_or_default();
                self.flash_redirect(
                    true,
                    "Policy created.",
                    &format!("/console/policies/view?arn={}", url_encode(&arn)),
                )
                .await
            }
            Err(e) => {
                ctx["error"] = json!({"code": e.code, "message": e.message});
                self.render(e.status, "policy.html", ctx)
            }
        }
    }

    /// The credential report: generated if needed, shown as a table or downloaded as CSV.
    /// `iamd audit`'s findings for the page's principal: the checks stay in `iamd-audit` (the
    /// server links no AWS SDK, invariant 30); the page hands it temporary credentials of its
    /// principal — a role or federated session's own, or GetSessionToken's for a user or the
    /// root, called through the API like any page's operation (so, as AWS rules for those
    /// credentials, only after an MFA sign-in) — and the tool reads the account through this
    /// server's API with them, so it sees exactly what the principal may read.
    async fn findings(&self) -> HttpResponse {
        let held = match (&self.session.role, &self.session.identity) {
            (
                Some(ActiveRole {
                    access_key_id,
                    token,
                    ..
                }),
                _,
            )
            | (
                None,
                Identity::Federated {
                    access_key_id,
                    token,
                },
            ) => Some((access_key_id.clone(), token.clone())),
            _ => None,
        };
        let credentials = match held {
            Some((access_key_id, token)) => {
                match self.api.iam().lookup_session(&access_key_id, &token) {
                    Ok(k) => AuditCredentials {
                        access_key_id,
                        secret_access_key: k.secret.expose().to_string(),
                        session_token: token,
                    },
                    Err(_) => return HttpResponse::redirect("/console/signin?ended=1"),
                }
            }
            // AWS's rule for GetSessionToken credentials: IAM only with MFA (the session's
            // MFA carries over into them). Said here rather than as the tool's first refusal.
            None if self.session.mfa_auth_time.is_none() => {
                return self.render(403, "findings.html", json!({"error": NEEDS_MFA}));
            }
            None => {
                let v = match self
                    .call(
                        Service::Sts,
                        "GetSessionToken",
                        &[("DurationSeconds", "900")],
                    )
                    .await
                {
                    Ok(v) => v,
                    Err(e) => return self.denied("Findings", &e),
                };
                let c = v.get("Credentials").cloned().unwrap_or_default();
                AuditCredentials {
                    access_key_id: str_of(&c, "AccessKeyId").to_string(),
                    secret_access_key: str_of(&c, "SecretAccessKey").to_string(),
                    session_token: str_of(&c, "SessionToken").to_string(),
                }
            }
        };
        match self.api.audit(credentials).await {
            Ok(report) => self.render(
                200,
                "findings.html",
                json!({
                    "findings": items(&report, "findings"),
                    "counts": report.get("counts").cloned().unwrap_or_else(|| json!({})),
                }),
            ),
            Err(error) => {
                let status = if error.contains("AccessDenied") {
                    403
                } else {
                    502
                };
                self.render(status, "findings.html", json!({ "error": error }))
            }
        }
    }

    async fn credential_report(&self, csv: bool) -> HttpResponse {
        if let Err(e) = self
            .call(Service::Iam, "GenerateCredentialReport", &[])
            .await
        {
            return self.denied("Credential report", &e);
        }
        let mut report = None;
        for _ in 0..20 {
            match self.call(Service::Iam, "GetCredentialReport", &[]).await {
                Ok(v) => {
                    report = Some(v);
                    break;
                }
                Err(e) if e.code == "ReportInProgress" || e.code == "ReportNotPresent" => {
                    tokio_sleep().await;
                }
                Err(e) => return self.denied("Credential report", &e),
            }
        }
        let Some(report) = report else {
            return self.render(
                503,
                "denied.html",
                json!({"title": "Credential report", "code": "ReportInProgress",
                       "message": "The report is still being generated. Reload in a moment."}),
            );
        };
        use base64::Engine;
        let content = base64::engine::general_purpose::STANDARD
            .decode(str_of(&report, "Content"))
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        if csv {
            let mut r = HttpResponse::new(200, "text/csv; charset=utf-8", content);
            r.headers.push((
                "content-disposition".into(),
                "attachment; filename=\"credential-report.csv\"".into(),
            ));
            return r;
        }
        let mut lines = content.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        self.render(200, "report.html", json!({"header": header, "rows": rows}))
    }

    /// The policy simulator: SimulatePrincipalPolicy for a principal, actions and resources,
    /// with each decision's matched statements (which statement of which policy) and the
    /// Organizations and boundary details, as the API returns them.
    async fn simulator(&self, form: &Form) -> HttpResponse {
        let principal = match field(form, "principal") {
            "" => self.caller.arn(),
            p => p.to_string(),
        };
        let mut ctx = json!({
            "principal": principal,
            "actions": field(form, "actions"),
            "resources": field(form, "resources"),
        });
        if self.req.method != "POST" {
            return self.render(200, "simulator.html", ctx);
        }
        let mut params: Vec<(String, String)> = vec![("PolicySourceArn".into(), principal.clone())];
        for (i, a) in field(form, "actions")
            .split([',', '\n', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
        {
            params.push((format!("ActionNames.member.{}", i + 1), a.to_string()));
        }
        for (i, r) in field(form, "resources")
            .split([',', '\n', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
        {
            params.push((format!("ResourceArns.member.{}", i + 1), r.to_string()));
        }
        let p: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match self.call(Service::Iam, "SimulatePrincipalPolicy", &p).await {
            Ok(v) => {
                ctx["results"] = Value::Array(items(&v, "EvaluationResults").to_vec());
                self.render(200, "simulator.html", ctx)
            }
            Err(e) => {
                ctx["error"] = json!({"code": e.code, "message": e.message});
                self.render(e.status, "simulator.html", ctx)
            }
        }
    }

    /// Organizations: the organization, its accounts and its service control policies.
    async fn organization(&self) -> HttpResponse {
        let mut sections = Vec::new();
        for (heading, action, body, member) in [
            (
                "Organization",
                "DescribeOrganization",
                json!({}),
                "Organization",
            ),
            ("Roots", "ListRoots", json!({}), "Roots"),
            ("Accounts", "ListAccounts", json!({}), "Accounts"),
            (
                "Service control policies",
                "ListPolicies",
                json!({"Filter": "SERVICE_CONTROL_POLICY"}),
                "Policies",
            ),
        ] {
            sections.push(match self.call_json(action, body).await {
                Ok(v) => {
                    let value = v.get(member).cloned().unwrap_or(Value::Null);
                    let rows: Vec<Value> = match &value {
                        Value::Array(a) => a.iter().map(flatten).collect(),
                        Value::Null => vec![],
                        other => vec![flatten(other)],
                    };
                    json!({"heading": heading, "rows": rows})
                }
                Err(e) => {
                    json!({"heading": heading, "error": {"code": e.code, "message": e.message}})
                }
            });
        }
        // The OUs under the root.
        let root = sections.get(1).and_then(|s| {
            s["rows"][0]
                .as_array()?
                .iter()
                .find(|pair| pair[0] == "Id")
                .and_then(|pair| pair[1].as_str())
                .map(str::to_string)
        });
        if let Some(root) = root {
            let heading = "Organizational units under the root";
            let section = match self
                .call_json(
                    "ListOrganizationalUnitsForParent",
                    json!({"ParentId": root}),
                )
                .await
            {
                Ok(v) => json!({"heading": heading,
                    "rows": items(&v, "OrganizationalUnits").iter().map(flatten).collect::<Vec<_>>()}),
                Err(e) => {
                    json!({"heading": heading, "error": {"code": e.code, "message": e.message}})
                }
            };
            sections.insert(2, section);
        }
        self.render(
            200,
            "detail.html",
            json!({"title": "AWS Organizations", "sections": sections}),
        )
    }
}

async fn tokio_sleep() {
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
}

/// An object's scalar members as (name, text) pairs, for the detail tables.
fn flatten(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Array(
            m.iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => percent_decode(s),
                        other => other.to_string(),
                    };
                    json!([k, text])
                })
                .collect(),
        ),
        Value::String(s) => json!([["", s]]),
        other => json!([["", other.to_string()]]),
    }
}

fn percent_decode(s: &str) -> String {
    if s.starts_with('%') || s.contains("%22") || s.contains("%7B") {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    } else {
        s.to_string()
    }
}

fn pretty(doc: &str) -> String {
    serde_json::from_str::<Value>(doc)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| doc.to_string())
}

/// AWS's MalformedPolicyDocument check of an identity policy, before anything is saved.
fn validate(doc: &str) -> Result<(), String> {
    iam_core::policy_docs::validate_document(doc, iam_core::policy_docs::PolicyLimit::Managed, "")
        .map(|_| ())
        .map_err(|e| match e {
            IamError::MalformedPolicyDocument(m) | IamError::LimitExceeded(m) => m,
            other => other.to_string(),
        })
}
