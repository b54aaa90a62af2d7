//! Issue #9 hole 4: every row's dependent actions are authorized. For each create that takes
//! `Tags` (and GetFederationToken), a caller allowed the action itself but not the dependent
//! permission is denied naming that permission; without tags the dependent check does not apply
//! (the request gets past authorization, whatever the handler then says of the dummy input).
use crate::support;
use support::*;

/// (action, the dependent permission, the action's own parameters, IAM or STS).
type Case = (
    &'static str,
    &'static str,
    Vec<(&'static str, String)>,
    &'static str,
);

fn cases() -> Vec<Case> {
    let saml = format!(
        "<md:EntityDescriptor>{}</md:EntityDescriptor>",
        "x".repeat(1000)
    );
    vec![
        ("CreateUser", "iam:TagUser", vec![("UserName", "u1".into())], "iam"),
        (
            "CreateRole",
            "iam:TagRole",
            vec![
                ("RoleName", "r1".into()),
                (
                    "AssumeRolePolicyDocument",
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
                ),
            ],
            "iam",
        ),
        (
            "CreatePolicy",
            "iam:TagPolicy",
            vec![
                ("PolicyName", "p1".into()),
                (
                    "PolicyDocument",
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into(),
                ),
            ],
            "iam",
        ),
        (
            "CreateInstanceProfile",
            "iam:TagInstanceProfile",
            vec![("InstanceProfileName", "ip1".into())],
            "iam",
        ),
        (
            "CreateVirtualMFADevice",
            "iam:TagMFADevice",
            vec![("VirtualMFADeviceName", "d1".into())],
            "iam",
        ),
        (
            "CreateOpenIDConnectProvider",
            "iam:TagOpenIDConnectProvider",
            vec![
                ("Url", "https://issuer.example.com".into()),
                ("ThumbprintList.member.1", "a".repeat(40)),
            ],
            "iam",
        ),
        (
            "CreateSAMLProvider",
            "iam:TagSAMLProvider",
            vec![("Name", "idp1".into()), ("SAMLMetadataDocument", saml)],
            "iam",
        ),
        (
            "UploadServerCertificate",
            "iam:TagServerCertificate",
            vec![
                ("ServerCertificateName", "c1".into()),
                ("CertificateBody", "-----BEGIN CERTIFICATE-----".into()),
                ("PrivateKey", "-----BEGIN PRIVATE KEY-----".into()),
            ],
            "iam",
        ),
        ("GetFederationToken", "sts:TagSession", vec![("Name", "fed1".into())], "sts"),
    ]
}

#[tokio::test]
async fn each_dependent_permission_is_required_with_tags_only() {
    let h = harness().await;
    let caller = h.user_with_key("creator").await;
    for (action, dependent, params, service) in cases() {
        let own = format!("{service}:{action}");
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{own}","Resource":"*"}}]}}"#
        );
        h.ok(&[
            ("Action", "PutUserPolicy"),
            ("UserName", "creator"),
            ("PolicyName", "only-the-action"),
            ("PolicyDocument", &policy),
        ])
        .await;
        let call = |tagged: bool| {
            let mut p: Vec<(&str, &str)> = vec![("Action", action)];
            p.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
            if tagged {
                p.push(("Tags.member.1.Key", "team"));
                p.push(("Tags.member.1.Value", "blue"));
            }
            p.into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        let send = |p: Vec<(String, String)>| {
            let p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let body = if service == "sts" {
                query_body("2011-06-15", &p)
            } else {
                query_body("2010-05-08", &p)
            };
            (body, service)
        };
        let (body, svc) = send(call(true));
        let r = h.query(&caller, svc, &body).await;
        assert_eq!(code(&r), "AccessDenied", "{action} with tags: {}", r.body);
        assert!(
            r.body.contains(&format!(
                "is not authorized to perform: {dependent} on resource"
            )),
            "{action}: {}",
            r.body
        );
        let (body, svc) = send(call(false));
        let r = h.query(&caller, svc, &body).await;
        assert_ne!(
            code(&r),
            "AccessDenied",
            "{action} without tags: {}",
            r.body
        );
        h.ok(&[
            ("Action", "DeleteUserPolicy"),
            ("UserName", "creator"),
            ("PolicyName", "only-the-action"),
        ])
        .await;
    }
}

/// Hole 2 for instance profiles: another letter case authorizes the stored ARN, so a Deny on
/// the profile holds, and AddRoleToInstanceProfile's iam:PassRole is checked on the stored role.
#[tokio::test]
async fn instance_profiles_and_passed_roles_are_authorized_by_their_stored_arn() {
    let h = harness().await;
    let acct = h.account.clone();
    let caller = h.user_with_key("ops").await;
    h.ok(&[
        ("Action", "CreateInstanceProfile"),
        ("InstanceProfileName", "ipadmin"),
    ])
    .await;
    h.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "AdminRole"),
        (
            "AssumeRolePolicyDocument",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ),
    ])
    .await;
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"iam:*","Resource":"*"}},{{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::{acct}:instance-profile/ipadmin"}},{{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:iam::{acct}:role/AdminRole"}}]}}"#
    );
    h.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "ops"),
        ("PolicyName", "p"),
        ("PolicyDocument", &policy),
    ])
    .await;
    let r = h
        .call_as(
            &caller,
            &[
                ("Action", "DeleteInstanceProfile"),
                ("InstanceProfileName", "IPADMIN"),
            ],
        )
        .await;
    assert_eq!(code(&r), "AccessDenied", "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "on resource: arn:aws:iam::{acct}:instance-profile/ipadmin"
        )),
        "{}",
        r.body
    );
    h.ok(&[
        ("Action", "CreateInstanceProfile"),
        ("InstanceProfileName", "web"),
    ])
    .await;
    let r = h
        .call_as(
            &caller,
            &[
                ("Action", "AddRoleToInstanceProfile"),
                ("InstanceProfileName", "web"),
                ("RoleName", "adminrole"),
            ],
        )
        .await;
    assert_eq!(code(&r), "AccessDenied", "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "iam:PassRole on resource: arn:aws:iam::{acct}:role/AdminRole"
        )),
        "{}",
        r.body
    );
}
