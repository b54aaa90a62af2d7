//! moto drop-in: `POST /moto-api/reset-auth` in open mode (moto's server-mode switch: the next N
//! requests go through unauthenticated, every later one is authenticated and authorized, unknown
//! keys included), refused outside open mode; `--open-as-admin-user NAME` (unknown keys act as
//! an AdministratorAccess user, recreated after `/moto-api/reset`, so AssumeRole works).
use crate::common::{Server, api_error, policy_doc};
use crate::process::Process;
use iam_server::ServerConfig;
use serde_json::Value;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The dummy key pair of moto suites.
const TEST: &str = "test";

fn open() -> ServerConfig {
    ServerConfig {
        open: true,
        ..ServerConfig::default()
    }
}

fn open_as(user: &str) -> ServerConfig {
    ServerConfig {
        open_as_admin_user: Some(user.to_string()),
        ..open()
    }
}

/// One plain HTTP request (no signature, as `requests.post` sends it): status and body.
async fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    s.read_to_end(&mut got).await.unwrap();
    let text = String::from_utf8(got).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("a whole response");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

/// `POST /moto-api/reset-auth` with `body`, as moto's `set_initial_no_auth_action_count`
/// sends it: the reply's JSON.
async fn reset_auth(server: &Server, body: &str) -> Value {
    let (status, reply) = http(server.addr, "POST", "/moto-api/reset-auth", body).await;
    assert_eq!(status, 200, "{reply}");
    serde_json::from_str(&reply).expect("JSON")
}

/// The previous limit a reset-auth to `body` reports.
async fn previous(server: &Server, body: &str) -> String {
    let reply = reset_auth(server, body).await;
    assert_eq!(reply["status"], "ok", "{reply}");
    reply["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"]
        .as_str()
        .expect("a string, as moto's str(float)")
        .to_string()
}

/// Whether an unknown key gets through now (GetCallerIdentity: its ARN), else its error code.
async fn unknown_key_arn(server: &Server) -> Result<String, String> {
    match server
        .sts_client_with(TEST, TEST)
        .get_caller_identity()
        .send()
        .await
    {
        Ok(out) => Ok(out.arn().unwrap().to_string()),
        Err(e) => Err(api_error::<(), _>(Err(e)).code),
    }
}

#[tokio::test]
async fn reset_auth_lets_n_requests_through_then_authenticates_everyone() {
    let server = Server::start_with(open()).await;
    let root_arn = format!("arn:aws:iam::{}:root", server.account_id);
    // moto's initial value: no end.
    assert_eq!(previous(&server, "4").await, "inf");
    // Four requests with the dummy key, as a suite's set-up makes them.
    let iam = server.iam_client_with(TEST, TEST);
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("get-only")
        .policy_document(policy_doc("iam:GetUser"))
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    assert_eq!(unknown_key_arn(&server).await, Ok(root_arn.clone()));
    // The fifth: the dummy key is now an unknown key like any other.
    api_error(iam.list_users().send().await).expect(403, "InvalidClientTokenId");
    assert_eq!(
        unknown_key_arn(&server).await,
        Err("InvalidClientTokenId".into())
    );
    // Real keys are authorized by their policies.
    let alice = server.iam_client_with(&key.access_key_id, &key.secret_access_key);
    alice.get_user().user_name("alice").send().await.unwrap();
    api_error(alice.list_users().send().await).expect(403, "AccessDenied");
    api_error(alice.create_user().user_name("mallory").send().await).expect(403, "AccessDenied");
    server.iam_client().list_users().send().await.unwrap();
    // `inf` restores open mode; the previous limit comes back as Python's str(4.0).
    assert_eq!(previous(&server, "inf").await, "4.0");
    assert_eq!(unknown_key_arn(&server).await, Ok(root_arn));
    iam.create_user().user_name("bob").send().await.unwrap();
    // Known keys are still checked in open mode, as before.
    api_error(alice.list_users().send().await).expect(403, "AccessDenied");
}

#[tokio::test]
async fn reset_auth_counts_as_moto_does() {
    let server = Server::start_with(open()).await;
    // 0 (and anything below): authentication from the very next request.
    assert_eq!(previous(&server, "0").await, "inf");
    assert_eq!(
        unknown_key_arn(&server).await,
        Err("InvalidClientTokenId".into())
    );
    // Every API request counts, whatever becomes of it: a failing one, a known key's.
    assert_eq!(previous(&server, "3").await, "0.0");
    let iam = server.iam_client_with(TEST, TEST);
    api_error(iam.get_user().user_name("nobody").send().await).expect(404, "NoSuchEntity");
    server.iam_client().list_users().send().await.unwrap();
    assert!(unknown_key_arn(&server).await.is_ok());
    assert!(unknown_key_arn(&server).await.is_err());
    // moto compares its count with a float: 1.5 lets counts 0 and 1 through.
    assert_eq!(previous(&server, " 1.5\n").await, "3.0");
    assert!(unknown_key_arn(&server).await.is_ok());
    assert!(unknown_key_arn(&server).await.is_ok());
    assert!(unknown_key_arn(&server).await.is_err());
    // Setting restarts the count, even to the same limit.
    assert_eq!(previous(&server, "1").await, "1.5");
    assert_eq!(previous(&server, "1").await, "1.0");
    assert!(unknown_key_arn(&server).await.is_ok());
    assert!(unknown_key_arn(&server).await.is_err());
    // The control paths themselves are not counted; /moto-api/reset leaves the count alone.
    assert_eq!(previous(&server, "1").await, "1.0");
    let (status, reply) = http(server.addr, "POST", "/moto-api/reset", "").await;
    assert_eq!((status, reply.as_str()), (200, r#"{"status": "ok"}"#));
    assert!(unknown_key_arn(&server).await.is_ok());
    assert!(unknown_key_arn(&server).await.is_err());
    // nan, like inf, never ends (moto: `count >= nan` is always false).
    assert_eq!(previous(&server, "nan").await, "1.0");
    for _ in 0..3 {
        assert!(unknown_key_arn(&server).await.is_ok());
    }
    // Big and small limits come back in Python's notation.
    assert_eq!(previous(&server, "1e16").await, "nan");
    assert_eq!(previous(&server, "0.00001").await, "1e+16");
    assert_eq!(previous(&server, "Infinity").await, "1e-05");
    assert_eq!(previous(&server, "-inf").await, "inf");
    assert!(unknown_key_arn(&server).await.is_err());
    assert_eq!(previous(&server, "inf").await, "-inf");
}

#[tokio::test]
async fn reset_auth_refuses_what_moto_cannot_read() {
    let server = Server::start_with(open()).await;
    assert_eq!(previous(&server, "2").await, "inf");
    // A body float() cannot read: 400 (moto: a 500), the count unchanged.
    for bad in ["", "four", "4 4", "1__0"] {
        let (status, reply) = http(server.addr, "POST", "/moto-api/reset-auth", bad).await;
        assert_eq!(status, 400, "{bad:?}: {reply}");
        let reply: Value = serde_json::from_str(&reply).unwrap();
        assert!(
            reply["Error"]
                .as_str()
                .unwrap()
                .starts_with("could not convert string to float"),
            "{reply}"
        );
    }
    // Not a POST: moto's answer.
    let (status, reply) = http(server.addr, "GET", "/moto-api/reset-auth", "").await;
    assert_eq!(
        (status, reply.as_str()),
        (400, r#"{"Error": "Need to POST to reset Moto Auth"}"#)
    );
    assert_eq!(previous(&server, "inf").await, "2.0");
}

#[tokio::test]
async fn reset_auth_is_an_unknown_path_outside_open_mode() {
    let server = Server::start().await;
    let unknown = http(server.addr, "POST", "/moto-api/no-such-path", "0").await;
    let refused = http(server.addr, "POST", "/moto-api/reset-auth", "0").await;
    let reset = http(server.addr, "POST", "/moto-api/reset", "").await;
    let error_code = |(status, body): &(u16, String)| {
        let code = body
            .split("<Code>")
            .nth(1)
            .and_then(|r| r.split("</Code>").next());
        (*status, code.map(str::to_string))
    };
    assert_eq!(
        error_code(&unknown),
        (403, Some("MissingAuthenticationToken".into()))
    );
    assert_eq!(error_code(&refused), error_code(&unknown));
    assert_eq!(error_code(&reset), error_code(&unknown));
    // Nothing changed: unknown keys are refused, the root still works.
    assert_eq!(
        unknown_key_arn(&server).await,
        Err("InvalidClientTokenId".into())
    );
    server.iam_client().list_users().send().await.unwrap();
}

#[tokio::test]
async fn open_as_admin_user_maps_unknown_keys_to_that_user() {
    let server = Server::start_with(open_as("admin")).await;
    let account = server.account_id.clone();
    let user_arn = format!("arn:aws:iam::{account}:user/admin");
    assert_eq!(unknown_key_arn(&server).await, Ok(user_arn.clone()));
    let iam = server.iam_client_with(TEST, TEST);
    let attached = |iam: aws_sdk_iam::Client| async move {
        let out = iam
            .list_attached_user_policies()
            .user_name("admin")
            .send()
            .await
            .unwrap();
        out.attached_policies()
            .iter()
            .map(|p| p.policy_arn().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        attached(iam.clone()).await,
        ["arn:aws:iam::aws:policy/AdministratorAccess"]
    );
    // AssumeRole, which AWS refuses to the root user, works for the admin user.
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    let role = iam
        .create_role()
        .role_name("deployer")
        .assume_role_policy_document(&trust)
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    let sts = server.sts_client_with(TEST, TEST);
    let creds = sts
        .assume_role()
        .role_arn(role.arn())
        .role_session_name("suite")
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let session = server.sts_client_session(&(
        creds.access_key_id,
        creds.secret_access_key,
        creds.session_token,
    ));
    let who = session.get_caller_identity().send().await.unwrap();
    assert_eq!(
        who.arn(),
        Some(format!("arn:aws:sts::{account}:assumed-role/deployer/suite").as_str())
    );
    // The user is the real pipeline's: a detached policy takes its permissions away.
    let root = server.iam_client();
    root.detach_user_policy()
        .user_name("admin")
        .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .unwrap();
    api_error(iam.list_users().send().await).expect(403, "AccessDenied");
    // Deleted, its "keys" are refused as a deleted user's are.
    root.delete_user().user_name("admin").send().await.unwrap();
    assert_eq!(
        unknown_key_arn(&server).await,
        Err("InvalidClientTokenId".into())
    );
    // /moto-api/reset forgets everything and recreates the user with its policy.
    let (status, reply) = http(server.addr, "POST", "/moto-api/reset", "").await;
    assert_eq!((status, reply.as_str()), (200, r#"{"status": "ok"}"#));
    assert_eq!(unknown_key_arn(&server).await, Ok(user_arn));
    assert_eq!(
        attached(iam.clone()).await,
        ["arn:aws:iam::aws:policy/AdministratorAccess"]
    );
    api_error(iam.get_role().role_name("deployer").send().await).expect(404, "NoSuchEntity");
    // After reset-auth's window the dummy key is refused like any unknown key.
    assert_eq!(previous(&server, "1").await, "inf");
    assert!(unknown_key_arn(&server).await.is_ok());
    assert_eq!(
        unknown_key_arn(&server).await,
        Err("InvalidClientTokenId".into())
    );
}

#[tokio::test]
async fn open_mode_keeps_the_root_user_by_default() {
    let server = Server::start_with(open()).await;
    let account = server.account_id.clone();
    assert_eq!(
        unknown_key_arn(&server).await,
        Ok(format!("arn:aws:iam::{account}:root"))
    );
    let iam = server.iam_client_with(TEST, TEST);
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    let role = iam
        .create_role()
        .role_name("deployer")
        .assume_role_policy_document(&trust)
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    // As in AWS, the root user cannot assume a role: why --open-as-admin-user exists.
    let refused = server
        .sts_client_with(TEST, TEST)
        .assume_role()
        .role_arn(role.arn())
        .role_session_name("suite")
        .send()
        .await;
    api_error(refused).expect(403, "AccessDenied");
    // No user was made.
    let users = iam.list_users().send().await.unwrap();
    assert!(users.users().is_empty(), "{users:?}");
}

#[tokio::test]
async fn serve_open_as_admin_user_creates_the_user_once() {
    let dir = tempfile::tempdir().unwrap();
    let (data, logs) = (dir.path().join("data"), dir.path().join("logs"));
    let test = (TEST.to_string(), TEST.to_string());
    let server = Process::start_with(&data, &logs, &["--open", "--open-as-admin-user", "ci"], &[]);
    assert_eq!(
        server.caller_arn(&test).await,
        Ok("arn:aws:iam::123456789012:user/ci".into())
    );
    let out = server.stop();
    assert!(out.contains("open mode as user ci"), "{out}");
    // Again, from the environment: the user is there already and stays the only one.
    let server = Process::start_with(
        &data,
        &logs,
        &["--open"],
        &[("IAMD_OPEN_AS_ADMIN_USER", "ci")],
    );
    let users = server.iam(&test).list_users().send().await.unwrap();
    let names: Vec<_> = users.users().iter().map(|u| u.user_name()).collect();
    assert_eq!(names, ["ci"]);
    // Without the flag, open mode's identity is the root user again.
    server.stop();
    let server = Process::start_with(&data, &logs, &["--open"], &[]);
    assert_eq!(
        server.caller_arn(&test).await,
        Ok("arn:aws:iam::123456789012:root".into())
    );
    server.stop();
    // The flag needs open mode, and a valid user name.
    let refused = crate::process::iamd(&["serve", "--open-as-admin-user", "ci"], &data);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--open"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let bad = crate::process::iamd(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--open",
            "--open-as-admin-user",
            "no/slash",
        ],
        &data,
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("not a valid user name"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
