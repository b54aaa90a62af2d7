//! Bad input never yields a 500, a panic or a hang: each gets AWS's error code and status.
//! Requests go straight into `handle` (no socket), signed like the SDKs sign them.
use crate::support;
use iam_server::{Request, Response, ServerConfig, handle};
use support::*;

impl Harness {
    /// `body` with `content_type`, signed by the root user for IAM.
    fn signed(&self, body: &[u8], content_type: &str) -> Request {
        signed_request(&self.root, "iam", body, &[("content-type", content_type)])
    }

    /// A raw form `body`, signed by the root user.
    async fn form(&self, body: &str) -> Response {
        let req = self.signed(body.as_bytes(), "application/x-www-form-urlencoded");
        self.send(req).await
    }
}

#[tokio::test]
async fn unknown_action_is_invalid_action_400() {
    let h = harness().await;
    let r = h.form("Action=FrobnicateUser&Version=2010-05-08").await;
    assert_eq!((r.status, code(&r).as_str()), (400, "InvalidAction"));
    assert!(
        r.body
            .contains("Could not find operation FrobnicateUser for version 2010-05-08")
    );
}

#[tokio::test]
async fn wrong_version_is_invalid_action_400() {
    let h = harness().await;
    let r = h.form("Action=ListUsers&Version=2099-01-01").await;
    assert_eq!((r.status, code(&r).as_str()), (400, "InvalidAction"));
}

#[tokio::test]
async fn missing_action_is_400() {
    let h = harness().await;
    let r = h.form("Version=2010-05-08").await;
    assert_eq!(r.status, 400);
    assert_eq!(code(&r), "MissingAction");
}

#[tokio::test]
async fn invalid_utf8_is_400() {
    let h = harness().await;
    let r = h
        .form("Action=CreateUser&Version=2010-05-08&UserName=%FF%FE")
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let req = h.signed(
        b"Action=CreateUser&Version=2010-05-08&UserName=\xff",
        "application/x-www-form-urlencoded",
    );
    let r = h.send(req).await;
    assert_eq!(r.status, 400, "{}", r.body);
}

#[tokio::test]
async fn malformed_bodies_never_500() {
    let h = harness().await;
    for body in [
        "",
        "&&&===",
        "Action",
        "Action=CreateUser",
        "Action=CreateUser&Version=2010-05-08",
        "Action=CreateUser&Version=2010-05-08&UserName=",
        "Action=CreateUser&Version=2010-05-08&UserName=%",
        "Action=CreateUser&Version=2010-05-08&UserName=a&Tags.member.1.Key=k",
        "Action=ListUsers&Version=2010-05-08&MaxItems=abc",
        "Action=ListUsers&Version=2010-05-08&MaxItems=99999999999999999999",
        "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=Bogus",
    ] {
        let r = h.form(body).await;
        assert!(
            (400..500).contains(&r.status),
            "{body:?} -> {} {}",
            r.status,
            r.body
        );
        assert!(
            r.body.starts_with("<ErrorResponse"),
            "{body:?} -> {}",
            r.body
        );
    }
}

#[tokio::test]
async fn huge_max_items_is_a_validation_error() {
    let h = harness().await;
    let r = h
        .form("Action=ListUsers&Version=2010-05-08&MaxItems=100000")
        .await;
    assert_eq!((r.status, code(&r).as_str()), (400, "ValidationError"));
    assert!(
        r.body
            .contains("Member must have value less than or equal to 1000"),
        "{}",
        r.body
    );
    let r = h
        .form("Action=ListUsers&Version=2010-05-08&MaxItems=0")
        .await;
    assert_eq!((r.status, code(&r).as_str()), (400, "ValidationError"));
}

#[tokio::test]
async fn wrong_content_type_is_400() {
    let h = harness().await;
    let req = h.signed(b"{\"Action\":\"ListUsers\"}", "application/json");
    let r = h.send(req).await;
    assert_eq!(r.status, 400, "{}", r.body);
}

#[tokio::test]
async fn unsigned_request_is_missing_authentication_token() {
    let h = harness().await;
    let r = h
        .send(Request {
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            body: b"Action=ListUsers&Version=2010-05-08".to_vec(),
            remote_addr: None,
        })
        .await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (403, "MissingAuthenticationToken")
    );
}

#[tokio::test]
async fn tampered_body_is_signature_does_not_match() {
    let h = harness().await;
    let mut req = h.signed(
        b"Action=ListUsers&Version=2010-05-08",
        "application/x-www-form-urlencoded",
    );
    req.body = b"Action=ListUsers&Version=2010-05-08&MaxItems=5".to_vec();
    let r = h.send(req).await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (403, "SignatureDoesNotMatch")
    );
}

#[tokio::test]
async fn unknown_key_is_invalid_client_token_id() {
    let mut h = harness().await;
    h.root.key = "AKIAIOSFODNN7EXAMPLE".into();
    let r = h.form("Action=ListUsers&Version=2010-05-08").await;
    assert_eq!((r.status, code(&r).as_str()), (403, "InvalidClientTokenId"));
}

#[tokio::test]
async fn open_mode_accepts_dummy_keys_and_resets() {
    let mut h = harness().await;
    h.root.key = "test".into();
    h.root.secret = "test".into();
    let open = ServerConfig {
        open: true,
        ..ServerConfig::default()
    };
    let req = h.signed(
        b"Action=CreateUser&Version=2010-05-08&UserName=x",
        "application/x-www-form-urlencoded",
    );
    let r = handle(&h.iam, &open, req).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Closed mode refuses the same dummy key.
    let req = h.signed(
        b"Action=ListUsers&Version=2010-05-08",
        "application/x-www-form-urlencoded",
    );
    assert_eq!(h.send(req).await.status, 403);
    let reset = Request {
        method: "POST".into(),
        path: "/moto-api/reset".into(),
        query: String::new(),
        headers: vec![],
        body: vec![],
        remote_addr: None,
    };
    assert_eq!(handle(&h.iam, &open, reset).await.status, 200);
    let req = h.signed(
        b"Action=GetUser&Version=2010-05-08&UserName=x",
        "application/x-www-form-urlencoded",
    );
    let r = handle(&h.iam, &open, req).await;
    assert_eq!((r.status, code(&r).as_str()), (404, "NoSuchEntity"));
}

#[tokio::test]
async fn deeply_nested_or_long_values_are_rejected_cleanly() {
    let h = harness().await;
    let long = "a".repeat(100_000);
    let r = h
        .form(&format!(
            "Action=CreateUser&Version=2010-05-08&UserName={long}"
        ))
        .await;
    assert_eq!((r.status, code(&r).as_str()), (400, "ValidationError"));
    let doc = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let r = h
        .form(&format!(
            "Action=CreatePolicy&Version=2010-05-08&PolicyName=p&PolicyDocument={doc}"
        ))
        .await;
    assert!((400..500).contains(&r.status), "{}", r.body);
}
