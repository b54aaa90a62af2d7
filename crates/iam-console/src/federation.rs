//! AWS's federation endpoint (IAM User Guide: id_roles_providers_enable-console-custom-url):
//! `GET /federation?Action=getSigninToken&Session={"sessionId","sessionKey","sessionToken"}`
//! answers `{"SigninToken": "..."}` (the shape aws-vault and similar tools read), and
//! `GET /federation?Action=login&Issuer=…&Destination=…&SigninToken=…` turns it into a console
//! session and redirects to the destination (a console page of this server only).
//!
//! The credentials must be a role session (AssumeRole*) or a federated user's
//! (GetFederationToken), checked like any session token (`Iam::lookup_session`) and their
//! secret compared in constant time. The SiginToken is sealed under the master key for its own
//! purpose (`Purpose::ConsoleSigninToken`), valid 15 minutes and once.
use crate::pages::{console_login_event, session_cookie};
use crate::session::{FEDERATION_DEFAULT_SECS, Identity, Session};
use crate::{Api, Console, HttpRequest, HttpResponse};
use iam_core::entities::now;
use iam_core::sessions::SessionKind;
use serde_json::{Value, json};

/// AWS: a SigninToken is valid for 15 minutes.
const SIGNIN_TOKEN_SECS: i64 = 900;

fn error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::json(status, json!({"Error": message}).to_string())
}

pub async fn handle<A: Api>(console: &Console, api: &A, req: &HttpRequest<'_>) -> HttpResponse {
    // The parameters come in the query string (as aws-vault sends them) or a form body.
    let mut params = req.query_params();
    if req.method == "POST" {
        params.extend(form_urlencoded::parse(req.body).into_owned());
    } else if req.method != "GET" {
        return error(405, "Method not allowed");
    }
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match param("Action") {
        Some("getSigninToken") => get_signin_token(api, param("Session"), param("SessionDuration")),
        Some("login") => {
            login(
                console,
                api,
                req,
                param("SigninToken"),
                param("Destination"),
            )
            .await
        }
        _ => error(400, "Action must be getSigninToken or login"),
    }
}

fn get_signin_token<A: Api>(
    api: &A,
    session: Option<&str>,
    duration: Option<&str>,
) -> HttpResponse {
    use subtle::ConstantTimeEq;
    let Some(session) = session.and_then(|s| serde_json::from_str::<Value>(s).ok()) else {
        return error(
            400,
            "Session must be a JSON object with sessionId, sessionKey and sessionToken",
        );
    };
    let s = |k: &str| session.get(k).and_then(Value::as_str).unwrap_or_default();
    let (key_id, secret, token) = (s("sessionId"), s("sessionKey"), s("sessionToken"));
    let iam = api.iam();
    let Ok(key) = iam.lookup_session(key_id, token) else {
        return error(
            400,
            "The security token included in the request is invalid or expired",
        );
    };
    let equal: bool = key
        .secret
        .expose()
        .as_bytes()
        .ct_eq(secret.as_bytes())
        .into();
    if !equal || iam.account_suspended(&key.caller.account_id) {
        return error(
            400,
            "The security token included in the request is invalid or expired",
        );
    }
    let claims = key.caller.session.as_deref();
    let role = matches!(
        claims.map(|c| &c.kind),
        Some(SessionKind::AssumedRole { .. })
    );
    let federated = matches!(
        claims.map(|c| &c.kind),
        Some(SessionKind::FederatedUser { .. })
    );
    if !role && !federated {
        return error(
            400,
            "Only credentials from AssumeRole or GetFederationToken can sign in to the console",
        );
    }
    let lifetime = match duration {
        None => FEDERATION_DEFAULT_SECS,
        Some(_) if !role => {
            return error(
                400,
                "SessionDuration is valid only with credentials from AssumeRole",
            );
        }
        Some(d) => match d.parse::<i64>() {
            Ok(n) if (900..=43_200).contains(&n) => n,
            _ => return error(400, "SessionDuration must be between 900 and 43200 seconds"),
        },
    };
    let content = json!({
        "id": key_id,
        "token": token,
        "lifetime": lifetime,
        "exp": now() + SIGNIN_TOKEN_SECS,
    });
    let sealed = iam.seal_signin_token(&content.to_string());
    HttpResponse::json(200, json!({"SigninToken": sealed}).to_string())
}

/// Only this console's own pages are destinations (no open redirect).
fn destination(d: Option<&str>) -> String {
    let d = d.unwrap_or("/console/");
    let path = match d.find("://") {
        Some(i) => d[i + 3..].find('/').map_or("/", |j| &d[i + 3 + j..]),
        None => d,
    };
    if (path == "/console" || path.starts_with("/console/"))
        && !path.contains("//")
        && !path.contains('\\')
    {
        path.to_string()
    } else {
        "/console/".to_string()
    }
}

async fn login<A: Api>(
    console: &Console,
    api: &A,
    req: &HttpRequest<'_>,
    token: Option<&str>,
    dest: Option<&str>,
) -> HttpResponse {
    let iam = api.iam();
    let Some(content) = token
        .and_then(|t| iam.open_signin_token(t))
        .and_then(|c| serde_json::from_str::<Value>(&c).ok())
    else {
        return error(400, "The SigninToken is invalid");
    };
    let exp = content.get("exp").and_then(Value::as_i64).unwrap_or(0);
    if exp <= now() {
        return error(400, "The SigninToken has expired");
    }
    if !console.use_token(iam, token.unwrap_or_default(), exp).await {
        return error(400, "The SigninToken was already used");
    }
    let s = |k: &str| {
        content
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (key_id, session_token) = (s("id"), s("token"));
    let Ok(key) = iam.lookup_session(&key_id, &session_token) else {
        return error(
            400,
            "The security token included in the request is invalid or expired",
        );
    };
    let expires = key.caller.session.as_ref().map_or(0, |c| c.expires);
    let lifetime = content
        .get("lifetime")
        .and_then(Value::as_i64)
        .unwrap_or(FEDERATION_DEFAULT_SECS)
        .min(expires - now());
    let identity = iam.user_identity(&key.caller);
    console_login_event(
        api,
        req,
        Some(key.caller.account_id.clone()),
        identity,
        None,
        key.caller.mfa_auth_time.is_some(),
    )
    .await;
    let session = Session::new(
        Identity::Federated {
            access_key_id: key_id,
            token: session_token,
        },
        lifetime,
        key.caller.mfa_auth_time,
    );
    let value = console.create(iam, session).await;
    HttpResponse::redirect(&destination(dest))
        .with_header("set-cookie", session_cookie(&value, lifetime, req.secure()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn destinations_stay_on_the_console() {
        use super::destination;
        assert_eq!(destination(None), "/console/");
        assert_eq!(destination(Some("/console/users")), "/console/users");
        assert_eq!(
            destination(Some("https://h:9000/console/roles")),
            "/console/roles"
        );
        assert_eq!(destination(Some("https://evil.example/")), "/console/");
        assert_eq!(destination(Some("//evil.example/console/")), "/console/");
        assert_eq!(destination(Some("/console//evil")), "/console/");
        assert_eq!(
            destination(Some("https://console.aws.amazon.com/")),
            "/console/"
        );
    }
}
