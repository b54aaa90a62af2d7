//! GenerateCredentialReport / GetCredentialReport end to end through `handle`: the CSV parsed
//! and checked column by column; and the service-last-accessed reports from real requests.
use crate::support;
use base64::Engine;
use support::*;

/// A tiny CSV reader: the report's fields never need quoting (names and ARNs have no commas).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn is_report_time(s: &str) -> bool {
    // 2026-11-25T14:22:10Z, as AWS wrote them in 2026 (AWS-recorded:
    // tests/conformance/aws-recorded/iam/test_iam_credential_report.snapshot.json).
    s.len() == 20 && s.ends_with('Z') && iam_core::entities::parse_iso8601(s).is_some()
}

#[tokio::test]
async fn credential_report_csv_column_by_column() {
    let h = harness().await;
    let r = h.call(&[("Action", "GetCredentialReport")]).await;
    assert_eq!(
        (error(&r).0, error(&r).1.as_str()),
        (410, "ReportNotPresent")
    );
    // AWS's ReportNotPresent carries no Message (AWS-recorded:
    // test_get_credential_report_before_generated).
    assert!(!r.body.contains("<Message>"), "{}", r.body);

    h.ok(&[
        ("Action", "UpdateAccountPasswordPolicy"),
        ("MaxPasswordAge", "90"),
    ])
    .await;
    let alice_key = h.user_with_key("alice").await;
    h.ok(&[("Action", "CreateAccessKey"), ("UserName", "alice")])
        .await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "alice"),
        ("Password", "Alice-pass1"),
    ])
    .await;
    // alice's first key is used (even a denied request is a use).
    h.call_as(&alice_key, &[("Action", "ListUsers")]).await;
    h.iam
        .sign_in(&h.account, "alice", "Alice-pass1", None)
        .await
        .unwrap();
    h.ok(&[("Action", "CreateUser"), ("UserName", "bob")]).await;
    // A second login profile that was never used.
    h.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "carol"),
        ("Path", "/eng/"),
    ])
    .await;
    h.ok(&[
        ("Action", "CreateLoginProfile"),
        ("UserName", "carol"),
        ("Password", "Carol-pass1"),
    ])
    .await;

    let body = h.ok(&[("Action", "GenerateCredentialReport")]).await;
    assert_eq!(tag(&body, "State"), "STARTED");
    assert_eq!(
        tag(&body, "Description"),
        "No report exists. Starting a new report generation task"
    );
    let body = h.ok(&[("Action", "GenerateCredentialReport")]).await;
    assert_eq!(tag(&body, "State"), "COMPLETE");

    let body = h.ok(&[("Action", "GetCredentialReport")]).await;
    assert_eq!(tag(&body, "ReportFormat"), "text/csv");
    assert!(iam_core::entities::parse_iso8601(&tag(&body, "GeneratedTime")).is_some());
    let csv = base64::engine::general_purpose::STANDARD
        .decode(tag(&body, "Content"))
        .expect("base64 content");
    let rows = parse_csv(std::str::from_utf8(&csv).unwrap());
    assert_eq!(
        rows[0],
        iam_core::actions::credential_report::COLUMNS.to_vec()
    );
    assert_eq!(rows.len(), 5, "root + 3 users");
    assert!(rows.iter().all(|r| r.len() == 22));
    let col = |row: &Vec<String>, name: &str| {
        let i = rows[0].iter().position(|c| c == name).unwrap();
        row[i].clone()
    };

    let root = &rows[1];
    assert_eq!(col(root, "user"), "<root_account>");
    assert_eq!(col(root, "arn"), format!("arn:aws:iam::{}:root", h.account));
    assert!(is_report_time(&col(root, "user_creation_time")));
    assert_eq!(col(root, "password_enabled"), "not_supported");
    assert_eq!(col(root, "password_last_used"), "no_information");
    assert_eq!(col(root, "password_last_changed"), "not_supported");
    assert_eq!(col(root, "password_next_rotation"), "not_supported");
    assert_eq!(col(root, "mfa_active"), "false");
    // The root key signed every call above.
    assert_eq!(col(root, "access_key_1_active"), "true");
    assert!(is_report_time(&col(root, "access_key_1_last_rotated")));
    assert!(is_report_time(&col(root, "access_key_1_last_used_date")));
    assert_eq!(col(root, "access_key_1_last_used_region"), "us-east-1");
    assert_eq!(col(root, "access_key_1_last_used_service"), "iam");
    assert_eq!(col(root, "access_key_2_active"), "false");
    assert_eq!(col(root, "access_key_2_last_rotated"), "N/A");

    let alice = &rows[2];
    assert_eq!(col(alice, "user"), "alice");
    assert_eq!(
        col(alice, "arn"),
        format!("arn:aws:iam::{}:user/alice", h.account)
    );
    assert_eq!(col(alice, "password_enabled"), "true");
    assert!(is_report_time(&col(alice, "password_last_used")));
    let changed = col(alice, "password_last_changed");
    assert!(is_report_time(&changed));
    let next = col(alice, "password_next_rotation");
    assert_eq!(
        iam_core::entities::parse_iso8601(&next).unwrap()
            - iam_core::entities::parse_iso8601(&changed).unwrap(),
        90 * 86_400
    );
    assert_eq!(col(alice, "mfa_active"), "false");
    assert_eq!(col(alice, "access_key_1_active"), "true");
    assert!(is_report_time(&col(alice, "access_key_1_last_rotated")));
    assert!(is_report_time(&col(alice, "access_key_1_last_used_date")));
    assert_eq!(col(alice, "access_key_1_last_used_region"), "us-east-1");
    assert_eq!(col(alice, "access_key_1_last_used_service"), "iam");
    assert_eq!(col(alice, "access_key_2_active"), "true");
    assert!(is_report_time(&col(alice, "access_key_2_last_rotated")));
    for c in [
        "access_key_2_last_used_date",
        "access_key_2_last_used_region",
        "access_key_2_last_used_service",
    ] {
        assert_eq!(col(alice, c), "N/A", "{c}");
    }
    for (c, v) in [
        ("cert_1_active", "false"),
        ("cert_1_last_rotated", "N/A"),
        ("cert_2_active", "false"),
        ("cert_2_last_rotated", "N/A"),
    ] {
        assert_eq!(col(alice, c), v, "{c}");
    }

    let bob = &rows[3];
    assert_eq!(col(bob, "user"), "bob");
    assert_eq!(col(bob, "password_enabled"), "false");
    for c in [
        "password_last_used",
        "password_last_changed",
        "password_next_rotation",
        "access_key_1_last_rotated",
        "access_key_1_last_used_date",
    ] {
        assert_eq!(col(bob, c), "N/A", "{c}");
    }
    assert_eq!(col(bob, "access_key_1_active"), "false");

    let carol = &rows[4];
    assert_eq!(
        col(carol, "arn"),
        format!("arn:aws:iam::{}:user/eng/carol", h.account)
    );
    assert_eq!(col(carol, "password_enabled"), "true");
    assert_eq!(col(carol, "password_last_used"), "no_information");
}

#[tokio::test]
async fn expired_report() {
    let h = harness().await;
    h.ok(&[("Action", "GenerateCredentialReport")]).await;
    // Four hours later (the report's clock is moved back instead).
    h.iam.age_activity_for_tests(4 * 3600).await;
    let r = h.call(&[("Action", "GetCredentialReport")]).await;
    assert_eq!((error(&r).0, error(&r).1.as_str()), (410, "ReportExpired"));
    let body = h.ok(&[("Action", "GenerateCredentialReport")]).await;
    assert_eq!(tag(&body, "State"), "STARTED");
    h.ok(&[("Action", "GetCredentialReport")]).await;
}

#[tokio::test]
async fn service_last_accessed_from_real_requests() {
    let h = harness().await;
    let dana = h.user_with_key("dana").await;
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "dana"),
        ("PolicyName", "read"),
        (
            "PolicyDocument",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","sts:GetCallerIdentity"],"Resource":"*"}]}"#,
        ),
    ])
    .await;
    h.ok(&[("Action", "CreateGroup"), ("GroupName", "readers")])
        .await;
    h.ok(&[
        ("Action", "AddUserToGroup"),
        ("GroupName", "readers"),
        ("UserName", "dana"),
    ])
    .await;
    let r = h.call_as(&dana, &[("Action", "GetUser")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let arn = format!("arn:aws:iam::{}:user/dana", h.account);

    let body = h
        .ok(&[
            ("Action", "GenerateServiceLastAccessedDetails"),
            ("Arn", &arn),
        ])
        .await;
    let job = tag(&body, "JobId");
    assert_eq!(job.len(), 36);
    let body = h
        .ok(&[("Action", "GetServiceLastAccessedDetails"), ("JobId", &job)])
        .await;
    assert_eq!(tag(&body, "JobStatus"), "COMPLETED");
    assert_eq!(tag(&body, "JobType"), "SERVICE_LEVEL");
    // The policy allows iam and sts: two services, only iam used.
    assert_eq!(body.matches("<ServiceNamespace>").count(), 2, "{body}");
    let iam_part = &body[body.find("<ServiceNamespace>iam<").unwrap() - 200..];
    assert!(iam_part.contains("AWS Identity and Access Management"));
    assert_eq!(tag(iam_part, "LastAuthenticatedEntity"), arn);
    assert_eq!(tag(iam_part, "LastAuthenticatedRegion"), "us-east-1");
    assert_eq!(tag(iam_part, "TotalAuthenticatedEntities"), "1");
    let sts_part = &body[body.find("<ServiceNamespace>sts<").unwrap()..];
    assert_eq!(tag(sts_part, "TotalAuthenticatedEntities"), "0");
    assert!(!sts_part.contains("LastAuthenticatedEntity"));

    let body = h
        .ok(&[
            ("Action", "GetServiceLastAccessedDetailsWithEntities"),
            ("JobId", &job),
            ("ServiceNamespace", "iam"),
        ])
        .await;
    assert_eq!(tag(&body, "Arn"), arn);
    assert_eq!(tag(&body, "Type"), "USER");
    assert!(body.contains("<LastAuthenticated>"));

    // A group's report covers its members.
    let group_arn = format!("arn:aws:iam::{}:group/readers", h.account);
    let body = h
        .ok(&[
            ("Action", "GenerateServiceLastAccessedDetails"),
            ("Arn", &group_arn),
        ])
        .await;
    let body = h
        .ok(&[
            ("Action", "GetServiceLastAccessedDetails"),
            ("JobId", &tag(&body, "JobId")),
        ])
        .await;
    // The group itself has no policy: no services.
    assert_eq!(body.matches("<ServiceNamespace>").count(), 0, "{body}");

    // Unknown entities and jobs.
    let r = h
        .call(&[
            ("Action", "GenerateServiceLastAccessedDetails"),
            ("Arn", &format!("arn:aws:iam::{}:user/nobody", h.account)),
        ])
        .await;
    assert_eq!(error(&r).1, "NoSuchEntity");
    let r = h
        .call(&[
            ("Action", "GetServiceLastAccessedDetails"),
            ("JobId", "00000000-0000-4000-8000-000000000000"),
        ])
        .await;
    assert_eq!(error(&r).1, "NoSuchEntity");

    // Access records survive a flush (persisted off the request path).
    assert!(h.iam.flush_activity().await.unwrap() >= 1);
}

#[tokio::test]
async fn signing_certificates_in_the_report() {
    let h = harness().await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "erin")])
        .await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "frank")])
        .await;
    let body = h
        .ok(&[
            ("Action", "UploadSigningCertificate"),
            ("UserName", "erin"),
            ("CertificateBody", include_str!("../fixtures/server.crt")),
        ])
        .await;
    let first = tag(&body, "CertificateId");
    h.ok(&[
        ("Action", "UploadSigningCertificate"),
        ("UserName", "erin"),
        ("CertificateBody", include_str!("../fixtures/other.crt")),
    ])
    .await;
    h.ok(&[
        ("Action", "UpdateSigningCertificate"),
        ("UserName", "erin"),
        ("CertificateId", &first),
        ("Status", "Inactive"),
    ])
    .await;
    // The root user's own certificate.
    h.ok(&[
        ("Action", "UploadSigningCertificate"),
        ("CertificateBody", include_str!("../fixtures/leaf.crt")),
    ])
    .await;

    h.ok(&[("Action", "GenerateCredentialReport")]).await;
    let body = h.ok(&[("Action", "GetCredentialReport")]).await;
    let csv = base64::engine::general_purpose::STANDARD
        .decode(tag(&body, "Content"))
        .unwrap();
    let rows = parse_csv(std::str::from_utf8(&csv).unwrap());
    let col = |row: &Vec<String>, name: &str| {
        let i = rows[0].iter().position(|c| c == name).unwrap();
        row[i].clone()
    };
    let (root, erin, frank) = (&rows[1], &rows[2], &rows[3]);
    assert_eq!(col(erin, "user"), "erin");
    // Either order of two uploads in the same second; one active, one inactive, both dated.
    let mut actives = [col(erin, "cert_1_active"), col(erin, "cert_2_active")];
    actives.sort();
    assert_eq!(actives, ["false", "true"]);
    assert!(is_report_time(&col(erin, "cert_1_last_rotated")));
    assert!(is_report_time(&col(erin, "cert_2_last_rotated")));
    assert_eq!(col(root, "cert_1_active"), "true");
    assert!(is_report_time(&col(root, "cert_1_last_rotated")));
    assert_eq!(col(root, "cert_2_active"), "false");
    assert_eq!(col(root, "cert_2_last_rotated"), "N/A");
    assert_eq!(col(frank, "user"), "frank");
    for (c, v) in [
        ("cert_1_active", "false"),
        ("cert_1_last_rotated", "N/A"),
        ("cert_2_active", "false"),
        ("cert_2_last_rotated", "N/A"),
    ] {
        assert_eq!(col(frank, c), v, "{c}");
    }
}

/// A user's active key is reported as key 1 before an inactive older one (AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_credential_report.snapshot.json,
/// `test_credential_report`: key 1 made inactive, key 2 created → `access_key_1_active` true,
/// `access_key_2_active` false).
#[tokio::test]
async fn active_keys_come_first_in_the_report() {
    let h = harness().await;
    h.ok(&[("Action", "CreateUser"), ("UserName", "gina")])
        .await;
    let body = h
        .ok(&[("Action", "CreateAccessKey"), ("UserName", "gina")])
        .await;
    let first = tag(&body, "AccessKeyId");
    h.ok(&[
        ("Action", "UpdateAccessKey"),
        ("UserName", "gina"),
        ("AccessKeyId", &first),
        ("Status", "Inactive"),
    ])
    .await;
    h.ok(&[("Action", "CreateAccessKey"), ("UserName", "gina")])
        .await;
    h.ok(&[("Action", "GenerateCredentialReport")]).await;
    let body = h.ok(&[("Action", "GetCredentialReport")]).await;
    let csv = base64::engine::general_purpose::STANDARD
        .decode(tag(&body, "Content"))
        .unwrap();
    let rows = parse_csv(std::str::from_utf8(&csv).unwrap());
    let col = |row: &Vec<String>, name: &str| {
        let i = rows[0].iter().position(|c| c == name).unwrap();
        row[i].clone()
    };
    let gina = rows.iter().find(|r| r[0] == "gina").unwrap();
    assert_eq!(col(gina, "access_key_1_active"), "true");
    assert_eq!(col(gina, "access_key_2_active"), "false");
    assert!(is_report_time(&col(gina, "access_key_1_last_rotated")));
    assert!(is_report_time(&col(gina, "user_creation_time")));
}
