//! Outbound identity federation through the AWS SDK: Enable/DisableOutboundWebIdentityFederation,
//! GetOutboundWebIdentityFederationInfo and sts:GetWebIdentityToken
//! (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html), and the
//! issuer's discovery documents a relying party verifies the tokens with.
use crate::common;

use common::{Server, api_error};
use iam_core::jwt::Jwt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A plain HTTP GET of `url` (on this server): status and body.
async fn http_get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream
        .write_all(
            format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let status = raw[9..12].parse().unwrap();
    let body = raw.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

#[tokio::test]
async fn outbound_web_identity_tokens_are_issued_and_verifiable() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let acct = s.account_id.clone();

    // Not enabled yet.
    api_error(iam.get_outbound_web_identity_federation_info().send().await)
        .expect(404, "FeatureDisabled");
    api_error(iam.disable_outbound_web_identity_federation().send().await)
        .expect(404, "FeatureDisabled");
    api_error(
        s.sts_client()
            .get_web_identity_token()
            .audience("https://api.example.com")
            .signing_algorithm("RS256")
            .send()
            .await,
    )
    .expect(403, "OutboundWebIdentityFederationDisabledException");

    let issuer = iam
        .enable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap()
        .issuer_identifier
        .unwrap();
    assert!(
        issuer.starts_with(&format!("{}/outbound/", s.endpoint())),
        "{issuer}"
    );
    api_error(iam.enable_outbound_web_identity_federation().send().await)
        .expect(409, "FeatureEnabled");
    let info = iam
        .get_outbound_web_identity_federation_info()
        .send()
        .await
        .unwrap();
    assert_eq!(info.issuer_identifier.as_deref(), Some(issuer.as_str()));
    assert!(info.jwt_vending_enabled);

    // The issuer's discovery documents.
    let (status, config) = http_get(&format!("{issuer}/.well-known/openid-configuration")).await;
    assert_eq!(status, 200, "{config}");
    let config: serde_json::Value = serde_json::from_str(&config).unwrap();
    assert_eq!(config["issuer"], issuer.as_str());
    let (status, jwks) = http_get(config["jwks_uri"].as_str().unwrap()).await;
    assert_eq!(status, 200);

    // A user allowed tokens for one audience only.
    let (_, id, secret) = s.user_client("app").await;
    iam.put_user_policy()
        .user_name("app")
        .policy_name("tokens")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":"https://api.example.com"},"NumericLessThanEquals":{"sts:DurationSeconds":"600"}}}]}"#)
        .send()
        .await
        .unwrap();
    let sts = s.sts_client_with(&id, &secret);
    let out = sts
        .get_web_identity_token()
        .audience("https://api.example.com")
        .signing_algorithm("RS256")
        .tags(
            aws_sdk_sts::types::Tag::builder()
                .key("team")
                .value("blue")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let token = out.web_identity_token.unwrap();
    let jwt = Jwt::decode(&token).unwrap();
    jwt.verify(&jwks).unwrap();
    assert_eq!(jwt.header["alg"], "RS256");
    assert_eq!(jwt.claim_str("iss"), Some(issuer.as_str()));
    assert_eq!(jwt.claim_strings("aud"), ["https://api.example.com"]);
    let user_arn = format!("arn:aws:iam::{acct}:user/app");
    assert_eq!(jwt.claim_str("sub"), Some(user_arn.as_str()));
    let (iat, exp) = (
        jwt.claim_time("iat").unwrap(),
        jwt.claim_time("exp").unwrap(),
    );
    assert_eq!(exp - iat, 300);
    assert_eq!(out.expiration.unwrap().secs(), exp);
    let custom = &jwt.claims["https://sts.amazonaws.com/"];
    assert_eq!(custom["aws_account"], acct.as_str());
    assert_eq!(custom["principal_id"], user_arn.as_str());
    assert_eq!(custom["request_tags"]["team"], "blue");

    // ES384, with a longer lifetime the policy allows.
    let out = sts
        .get_web_identity_token()
        .audience("https://api.example.com")
        .signing_algorithm("ES384")
        .duration_seconds(600)
        .send()
        .await
        .unwrap();
    let jwt = Jwt::decode(&out.web_identity_token.unwrap()).unwrap();
    assert_eq!(jwt.header["alg"], "ES384");
    assert_eq!(
        jwt.claim_time("exp").unwrap() - jwt.claim_time("iat").unwrap(),
        600
    );

    // The policy's conditions: another audience, a longer lifetime.
    api_error(
        sts.get_web_identity_token()
            .audience("https://elsewhere.example.com")
            .signing_algorithm("RS256")
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is(&format!("User: {user_arn} is not authorized to perform: sts:GetWebIdentityToken on resource: * because no identity-based policy allows the sts:GetWebIdentityToken action"));
    api_error(
        sts.get_web_identity_token()
            .audience("https://api.example.com")
            .signing_algorithm("RS256")
            .duration_seconds(900)
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    api_error(
        sts.get_web_identity_token()
            .audience("https://api.example.com")
            .signing_algorithm("HS256")
            .send()
            .await,
    )
    .expect(400, "ValidationError");

    // A role session cannot get a token outliving the session.
    iam.create_role()
        .role_name("worker")
        .assume_role_policy_document(format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{acct}:root"}},"Action":"sts:AssumeRole"}}]}}"#))
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("worker")
        .policy_name("tokens")
        .policy_document(common::policy_doc("sts:GetWebIdentityToken"))
        .send()
        .await
        .unwrap();
    let (admin_id, admin_secret) = s.admin("operator").await;
    let c = s
        .sts_client_with(&admin_id, &admin_secret)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{acct}:role/worker"))
        .role_session_name("job")
        .duration_seconds(900)
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let role_sts = s.sts_client_session(&(c.access_key_id, c.secret_access_key, c.session_token));
    api_error(
        role_sts
            .get_web_identity_token()
            .audience("a")
            .signing_algorithm("RS256")
            .duration_seconds(3600)
            .send()
            .await,
    )
    .expect(403, "SessionDurationEscalationException");
    let jwt = Jwt::decode(
        &role_sts
            .get_web_identity_token()
            .audience("a")
            .audience("b")
            .signing_algorithm("RS256")
            .send()
            .await
            .unwrap()
            .web_identity_token
            .unwrap(),
    )
    .unwrap();
    let role_arn = format!("arn:aws:iam::{acct}:role/worker");
    assert_eq!(jwt.claim_str("sub"), Some(role_arn.as_str()));
    assert_eq!(jwt.claim_strings("aud"), ["a", "b"]);
    assert_eq!(
        jwt.claims["https://sts.amazonaws.com/"]["role_session_name"],
        "job"
    );

    // Durable, and the same keys after a restart.
    let s = s.restart().await;
    let iam = s.iam_client();
    let info = iam
        .get_outbound_web_identity_federation_info()
        .send()
        .await
        .unwrap();
    let issuer2 = info.issuer_identifier.unwrap();
    assert_eq!(issuer2.rsplit('/').next(), issuer.rsplit('/').next());
    let (_, jwks2) = http_get(&format!("{issuer2}/.well-known/jwks.json")).await;
    assert_eq!(jwks2, jwks);

    // Disabled: no tokens, no published keys; re-enabling keeps the issuer.
    iam.disable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap();
    let info = iam
        .get_outbound_web_identity_federation_info()
        .send()
        .await
        .unwrap();
    assert!(!info.jwt_vending_enabled);
    assert_eq!(
        http_get(&format!("{issuer2}/.well-known/jwks.json"))
            .await
            .0,
        404
    );
    api_error(
        s.sts_client()
            .get_web_identity_token()
            .audience("a")
            .signing_algorithm("RS256")
            .send()
            .await,
    )
    .expect(403, "OutboundWebIdentityFederationDisabledException");
    let again = iam
        .enable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap()
        .issuer_identifier
        .unwrap();
    assert_eq!(again, issuer2);
}
