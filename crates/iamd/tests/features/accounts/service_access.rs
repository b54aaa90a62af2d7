//! ListPoliciesGrantingServiceAccess through the AWS SDK
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html).
use crate::common;

use aws_sdk_iam::types::{
    ListPoliciesGrantingServiceAccessEntry, PolicyOwnerEntityType, PolicyType,
};
use common::{Server, api_error, policy_doc};

/// One policy: (name, ARN, entity type, entity name, policy type).
type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn rows(entries: &[ListPoliciesGrantingServiceAccessEntry]) -> Vec<(String, Vec<Row>)> {
    entries
        .iter()
        .map(|e| {
            let policies = e
                .policies
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|p| {
                    (
                        p.policy_name.clone(),
                        p.policy_arn.clone(),
                        p.entity_type.as_ref().map(|t| t.as_str().to_string()),
                        p.entity_name.clone(),
                        p.policy_type.as_str().to_string(),
                    )
                })
                .collect();
            (e.service_namespace.clone().unwrap_or_default(), policies)
        })
        .collect()
}

#[tokio::test]
async fn policies_granting_service_access_for_users_groups_and_roles() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let acct = &s.account_id;
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("s3-read")
        .policy_document(policy_doc("s3:Get*"))
        .send()
        .await
        .unwrap();
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("iam-read")
        .policy_document(policy_doc("iam:List*"))
        .send()
        .await
        .unwrap();
    // A deny does not grant; NotAction excluding a service does not grant it.
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("no-s3")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let readonly = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(readonly)
        .send()
        .await
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(readonly)
        .send()
        .await
        .unwrap();

    let user_arn = format!("arn:aws:iam::{acct}:user/alice");
    let out = iam
        .list_policies_granting_service_access()
        .arn(&user_arn)
        .service_namespaces("s3")
        .service_namespaces("iam")
        .service_namespaces("ec2")
        .send()
        .await
        .unwrap();
    assert!(!out.is_truncated);
    let inline = |name: &str, kind: &str, owner: &str| -> Row {
        (
            name.into(),
            None,
            Some(kind.into()),
            Some(owner.into()),
            "INLINE".into(),
        )
    };
    let managed: Row = (
        "IAMReadOnlyAccess".into(),
        Some(readonly.into()),
        None,
        None,
        "MANAGED".into(),
    );
    assert_eq!(
        rows(&out.policies_granting_service_access),
        vec![
            ("s3".to_string(), vec![inline("s3-read", "USER", "alice")]),
            (
                "iam".to_string(),
                vec![
                    managed.clone(),
                    inline("iam-read", "GROUP", "devs"),
                    inline("no-s3", "GROUP", "devs"),
                ]
            ),
            ("ec2".to_string(), vec![inline("no-s3", "GROUP", "devs")]),
        ]
    );
    // The typed values as the SDK reads them.
    let first = &out.policies_granting_service_access[0]
        .policies
        .as_ref()
        .unwrap()[0];
    assert_eq!(first.policy_type, PolicyType::Inline);
    assert_eq!(first.entity_type, Some(PolicyOwnerEntityType::User));

    // A group: its own policies only.
    let out = iam
        .list_policies_granting_service_access()
        .arn(format!("arn:aws:iam::{acct}:group/devs"))
        .service_namespaces("s3")
        .send()
        .await
        .unwrap();
    assert_eq!(
        rows(&out.policies_granting_service_access),
        vec![("s3".to_string(), vec![])]
    );

    // A role.
    iam.create_role()
        .role_name("app")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("app")
        .policy_name("everything")
        .policy_document(policy_doc("*"))
        .send()
        .await
        .unwrap();
    let out = iam
        .list_policies_granting_service_access()
        .arn(format!("arn:aws:iam::{acct}:role/app"))
        .service_namespaces("dynamodb")
        .send()
        .await
        .unwrap();
    assert_eq!(
        rows(&out.policies_granting_service_access),
        vec![(
            "dynamodb".to_string(),
            vec![inline("everything", "ROLE", "app")]
        )]
    );

    // Errors.
    let missing = format!("arn:aws:iam::{acct}:user/nobody");
    api_error(
        iam.list_policies_granting_service_access()
            .arn(&missing)
            .service_namespaces("s3")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!("The entity with ARN {missing} cannot be found."));
    let policy_arn = format!("arn:aws:iam::{acct}:policy/p");
    api_error(
        iam.list_policies_granting_service_access()
            .arn(&policy_arn)
            .service_namespaces("s3")
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(&format!("ARN {policy_arn} is not valid."));
    let (user, _, _) = s.user_client("bob").await;
    api_error(
        user.list_policies_granting_service_access()
            .arn(&user_arn)
            .service_namespaces("s3")
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
}
