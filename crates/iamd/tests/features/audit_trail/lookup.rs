//! LookupEvents' parameters and errors through the AWS SDK for Rust: pages and tokens, the one
//! lookup attribute, the time range, MaxResults; authorization as `cloudtrail:LookupEvents`;
//! unknown CloudTrail operations.
use crate::common::*;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};

fn attribute(key: LookupAttributeKey, value: &str) -> LookupAttribute {
    LookupAttribute::builder()
        .attribute_key(key)
        .attribute_value(value)
        .build()
        .unwrap()
}

#[tokio::test]
async fn pages_tokens_and_the_errors_of_lookup_events() {
    let server = Server::start().await;
    let iam = server.iam_client();
    for i in 0..5 {
        iam.create_user()
            .user_name(format!("u{i}"))
            .send()
            .await
            .unwrap();
    }
    let trail = server.cloudtrail_client_with(&server.root_key.0, &server.root_key.1, None);
    let by_name = attribute(LookupAttributeKey::EventName, "CreateUser");

    // Two by two, newest first, until the token runs out.
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = trail
            .lookup_events()
            .lookup_attributes(by_name.clone())
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        let events = page.events.unwrap_or_default();
        assert!(events.len() <= 2);
        seen.extend(events.into_iter().map(|e| {
            let r: serde_json::Value =
                serde_json::from_str(e.cloud_trail_event().unwrap()).unwrap();
            r["requestParameters"]["userName"]
                .as_str()
                .unwrap()
                .to_string()
        }));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["u4", "u3", "u2", "u1", "u0"]);

    // A token serves only the parameters it was issued for, and a made-up one none.
    let first = trail
        .lookup_events()
        .lookup_attributes(by_name.clone())
        .max_results(1)
        .send()
        .await
        .unwrap();
    let token = first.next_token.unwrap();
    api_error(
        trail
            .lookup_events()
            .lookup_attributes(attribute(LookupAttributeKey::EventName, "DeleteUser"))
            .next_token(&token)
            .send()
            .await,
    )
    .expect(400, "InvalidNextTokenException");
    api_error(trail.lookup_events().next_token("made-up").send().await)
        .expect(400, "InvalidNextTokenException");

    // Exactly one attribute; MaxResults 1..50; a start after the end.
    api_error(
        trail
            .lookup_events()
            .lookup_attributes(by_name.clone())
            .lookup_attributes(attribute(LookupAttributeKey::Username, "root"))
            .send()
            .await,
    )
    .expect(400, "InvalidLookupAttributesException");
    api_error(
        trail
            .lookup_events()
            .lookup_attributes(attribute(LookupAttributeKey::ReadOnly, "maybe"))
            .send()
            .await,
    )
    .expect(400, "InvalidLookupAttributesException");
    for n in [0, 51] {
        api_error(trail.lookup_events().max_results(n).send().await)
            .expect(400, "InvalidMaxResultsException");
    }
    let now = aws_sdk_cloudtrail::primitives::DateTime::from_secs(
        time::OffsetDateTime::now_utc().unix_timestamp(),
    );
    let earlier = aws_sdk_cloudtrail::primitives::DateTime::from_secs(now.secs() - 3600);
    api_error(
        trail
            .lookup_events()
            .start_time(now)
            .end_time(earlier)
            .send()
            .await,
    )
    .expect(400, "InvalidTimeRangeException");
    // A time range that holds the events, and one before them.
    let later = aws_sdk_cloudtrail::primitives::DateTime::from_secs(now.secs() + 60);
    let within = trail
        .lookup_events()
        .lookup_attributes(by_name.clone())
        .start_time(earlier)
        .end_time(later)
        .send()
        .await
        .unwrap();
    assert_eq!(within.events().len(), 5);
    let before = trail
        .lookup_events()
        .lookup_attributes(by_name.clone())
        .end_time(earlier)
        .send()
        .await
        .unwrap();
    assert!(before.events().is_empty());
    // Insights events: none.
    let insights = trail
        .lookup_events()
        .event_category(aws_sdk_cloudtrail::types::EventCategory::Insight)
        .send()
        .await
        .unwrap();
    assert!(insights.events().is_empty());
}

#[tokio::test]
async fn lookup_events_is_authorized_as_cloudtrail_lookup_events() {
    let server = Server::start().await;
    let (_, key, secret) = server.user_client("nobody").await;
    let trail = server.cloudtrail_client_with(&key, &secret, None);
    let e = api_error(trail.lookup_events().send().await).expect(400, "AccessDeniedException");
    assert!(
        e.message.contains("cloudtrail:LookupEvents"),
        "{}",
        e.message
    );
    // The refusal is itself an event, with the error.
    let root = server.cloudtrail_client_with(&server.root_key.0, &server.root_key.1, None);
    let denied = root
        .lookup_events()
        .lookup_attributes(attribute(LookupAttributeKey::Username, "nobody"))
        .send()
        .await
        .unwrap();
    let r: serde_json::Value =
        serde_json::from_str(denied.events()[0].cloud_trail_event().unwrap()).unwrap();
    assert_eq!(r["eventName"], "LookupEvents");
    assert_eq!(r["errorCode"], "AccessDeniedException");
    // ReadOnlyAccess grants it, as in AWS.
    server
        .iam_client()
        .attach_user_policy()
        .user_name("nobody")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    trail.lookup_events().send().await.unwrap();
    // Other CloudTrail operations are not served.
    let e = api_error(trail.describe_trails().send().await);
    assert_eq!(e.code, "UnknownOperationException");
}

#[tokio::test]
async fn requests_refused_before_authentication_are_events_too() {
    let server = Server::start().await;
    let (_, key, _) = server.user_client("carol").await;
    // carol's key with a wrong secret: recorded in carol's account with the key it named.
    let forged = server.iam_client_with(&key, "not-the-secret");
    api_error(forged.list_users().send().await).expect(403, "SignatureDoesNotMatch");
    // A key iamd never issued: recorded in the default account.
    let stranger = server.iam_client_with("AKIAIOSFODNN7EXAMPLE", "x");
    api_error(stranger.list_users().send().await).expect(403, "InvalidClientTokenId");
    let trail = server.cloudtrail_client_with(&server.root_key.0, &server.root_key.1, None);
    for (key, code) in [
        (key.as_str(), "SignatureDoesNotMatch"),
        ("AKIAIOSFODNN7EXAMPLE", "InvalidClientTokenId"),
    ] {
        let found = trail
            .lookup_events()
            .lookup_attributes(attribute(LookupAttributeKey::AccessKeyId, key))
            .send()
            .await
            .unwrap();
        assert_eq!(found.events().len(), 1, "{key}");
        let r: serde_json::Value =
            serde_json::from_str(found.events()[0].cloud_trail_event().unwrap()).unwrap();
        assert_eq!(r["errorCode"], code);
        assert_eq!(r["eventName"], "ListUsers");
        assert_eq!(r["userIdentity"]["type"], "Unknown");
        assert_eq!(r["userIdentity"]["accessKeyId"], key);
        assert_eq!(r["sourceIPAddress"], "127.0.0.1");
    }
}

#[tokio::test]
async fn no_audit_trail_records_nothing() {
    let server = Server::start_with(iam_server::ServerConfig {
        audit_trail: false,
        ..Default::default()
    })
    .await;
    server
        .iam_client()
        .create_user()
        .user_name("quiet")
        .send()
        .await
        .unwrap();
    let trail = server.cloudtrail_client_with(&server.root_key.0, &server.root_key.1, None);
    let found = trail.lookup_events().send().await.unwrap();
    assert!(found.events().is_empty());
}
