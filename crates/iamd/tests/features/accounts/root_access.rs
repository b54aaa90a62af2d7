//! Centralized root access for member accounts through the AWS SDK:
//! Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions,
//! ListOrganizationsFeatures (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
//! and siblings), and sts:AssumeRoot.
use crate::common;

use common::{Server, api_error};
use serde_json::json;

fn features(v: &[aws_sdk_iam::types::FeatureType]) -> Vec<&str> {
    v.iter().map(|f| f.as_str()).collect()
}

#[tokio::test]
async fn root_access_features_need_an_all_features_organization_with_iam_trusted() {
    let s = Server::start().await;
    let iam = s.iam_client();

    // No organization.
    api_error(iam.list_organizations_features().send().await)
        .expect(400, "OrganizationNotFoundException")
        .message_is(
            "The request was rejected because no organization is associated with your account.",
        );
    api_error(
        iam.enable_organizations_root_credentials_management()
            .send()
            .await,
    )
    .expect(400, "OrganizationNotFoundException");

    // Consolidated billing only.
    s.organization("CONSOLIDATED_BILLING").await;
    api_error(iam.enable_organizations_root_sessions().send().await)
        .expect(400, "OrganizationNotInAllFeaturesModeException");
    s.org(&s.account_id, "DeleteOrganization", json!({}))
        .await
        .unwrap();

    // All features, but no trusted access for IAM.
    let org_id = s.organization("ALL").await;
    api_error(iam.list_organizations_features().send().await)
        .expect(400, "ServiceAccessNotEnabledException")
        .message_is(
            "The request was rejected because trusted access is not enabled for IAM in Organizations.",
        );

    s.trust_iam().await;
    let out = iam.list_organizations_features().send().await.unwrap();
    assert_eq!(out.organization_id.as_deref(), Some(org_id.as_str()));
    assert!(out.enabled_features.unwrap_or_default().is_empty());

    let out = iam
        .enable_organizations_root_credentials_management()
        .send()
        .await
        .unwrap();
    assert_eq!(out.organization_id.as_deref(), Some(org_id.as_str()));
    assert_eq!(
        features(&out.enabled_features.unwrap()),
        ["RootCredentialsManagement"]
    );
    let out = iam
        .enable_organizations_root_sessions()
        .send()
        .await
        .unwrap();
    assert_eq!(
        features(&out.enabled_features.unwrap()),
        ["RootCredentialsManagement", "RootSessions"]
    );
    // Enabling again changes nothing.
    let out = iam
        .enable_organizations_root_sessions()
        .send()
        .await
        .unwrap();
    assert_eq!(out.enabled_features.unwrap().len(), 2);

    // Durable.
    let s = s.restart().await;
    let iam = s.iam_client();
    let out = iam.list_organizations_features().send().await.unwrap();
    assert_eq!(
        features(&out.enabled_features.unwrap()),
        ["RootCredentialsManagement", "RootSessions"]
    );

    let out = iam
        .disable_organizations_root_credentials_management()
        .send()
        .await
        .unwrap();
    assert_eq!(features(&out.enabled_features.unwrap()), ["RootSessions"]);
    let out = iam
        .disable_organizations_root_sessions()
        .send()
        .await
        .unwrap();
    assert!(out.enabled_features.unwrap().is_empty());
    assert_eq!(out.organization_id.as_deref(), Some(org_id.as_str()));
}

#[tokio::test]
async fn root_access_features_are_managed_from_the_management_account_only() {
    let s = Server::start().await;
    s.organization("ALL").await;
    s.trust_iam().await;
    let account = s.member("workload").await;
    let creds = s.member_session(&account).await;
    let iam = s.iam_client_session(&creds);
    api_error(iam.enable_organizations_root_sessions().send().await)
        .expect(400, "CallerIsNotManagementAccountException")
        .message_is("The request was rejected because the account making the request is not the management account for the organization.");
    api_error(
        iam.enable_organizations_root_credentials_management()
            .send()
            .await,
    )
    .expect(400, "CallerIsNotManagementAccountException");
    api_error(iam.list_organizations_features().send().await)
        .expect(400, "AccountNotManagementOrDelegatedAdministratorException");
    api_error(iam.disable_organizations_root_sessions().send().await)
        .expect(400, "AccountNotManagementOrDelegatedAdministratorException")
        .message_is("The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.");

    // Authorized as iam:<Action> on "*".
    let (user, _, _) = s.user_client("auditor").await;
    api_error(user.list_organizations_features().send().await)
        .expect(403, "AccessDenied")
        .message_is(&format!(
            "User: arn:aws:iam::{}:user/auditor is not authorized to perform: iam:ListOrganizationsFeatures on resource: * because no identity-based policy allows the iam:ListOrganizationsFeatures action",
            s.account_id
        ));
}

fn task(name: &str) -> aws_sdk_sts::types::PolicyDescriptorType {
    aws_sdk_sts::types::PolicyDescriptorType::builder()
        .arn(format!("arn:aws:iam::aws:policy/root-task/{name}"))
        .build()
}

#[tokio::test]
async fn assume_root_issues_task_scoped_root_sessions_in_member_accounts() {
    let s = Server::start().await;
    s.organization("ALL").await;
    s.trust_iam().await;
    let account = s.member("workload").await;
    // An access key of the member account's root user (created in process: nobody holds the
    // root credentials of an account CreateAccount made).
    let member_root = iam_core::Caller {
        account_id: account.clone(),
        partition: iam_core::Partition::aws(),
        principal: iam_core::Principal::Root,
        access_key_id: "AKIASETUP".into(),
        session: None,
        mfa_auth_time: None,
    };
    s.iam
        .execute(
            iam_core::operation(iam_core::Service::Iam, "CreateAccessKey").unwrap(),
            Some(&member_root),
            &iam_core::Input::new(json!({})),
            &iam_core::RequestInfo::default(),
        )
        .await
        .unwrap();
    let (id, secret) = s.admin("operator").await;
    let sts = s.sts_client_with(&id, &secret);
    let assume = |target: String, policy: &str| {
        sts.assume_root()
            .target_principal(target)
            .task_policy_arn(task(policy))
            .send()
    };

    // RootSessions not enabled yet.
    api_error(assume(account.clone(), "IAMAuditRootUserCredentials").await)
        .expect(403, "AccessDenied");
    s.iam_client()
        .enable_organizations_root_sessions()
        .send()
        .await
        .unwrap();

    let out = assume(account.clone(), "IAMAuditRootUserCredentials")
        .await
        .unwrap();
    let c = out.credentials.unwrap();
    let lifetime = c.expiration.secs()
        - std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
    assert!((890..=900).contains(&lifetime), "{lifetime}");
    let creds = (c.access_key_id, c.secret_access_key, c.session_token);
    let who = s
        .sts_client_session(&creds)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        who.arn.as_deref(),
        Some(format!("arn:aws:iam::{account}:root").as_str())
    );
    assert_eq!(who.account.as_deref(), Some(account.as_str()));
    // The audit task: the root user's credentials, nothing else.
    let root_iam = s.iam_client_session(&creds);
    let keys = root_iam.list_access_keys().send().await.unwrap();
    assert_eq!(keys.access_key_metadata.len(), 1);
    let root_key = keys.access_key_metadata[0].access_key_id.clone().unwrap();
    api_error(root_iam.list_users().send().await)
        .expect(403, "AccessDenied")
        .message_is(&format!(
            "User: arn:aws:iam::{account}:root is not authorized to perform: iam:ListUsers on resource: * with an explicit deny in an identity-based policy"
        ));
    api_error(
        root_iam
            .delete_access_key()
            .access_key_id(&root_key)
            .send()
            .await,
    )
    .expect(403, "AccessDenied");

    // The delete task removes the root user's access key (target named by principal ARN).
    let out = assume(
        format!("arn:aws:iam::{account}:root"),
        "IAMDeleteRootUserCredentials",
    )
    .await
    .unwrap();
    let c = out.credentials.unwrap();
    let creds = (c.access_key_id, c.secret_access_key, c.session_token);
    let root_iam = s.iam_client_session(&creds);
    root_iam
        .delete_access_key()
        .access_key_id(&root_key)
        .send()
        .await
        .unwrap();
    assert!(
        root_iam
            .list_access_keys()
            .send()
            .await
            .unwrap()
            .access_key_metadata
            .is_empty()
    );

    // Errors.
    api_error(assume(s.account_id.clone(), "IAMAuditRootUserCredentials").await)
        .expect(403, "AccessDenied");
    api_error(assume("not-an-account".into(), "IAMAuditRootUserCredentials").await)
        .expect(400, "ValidationError");
    api_error(
        sts.assume_root()
            .target_principal(&account)
            .task_policy_arn(
                aws_sdk_sts::types::PolicyDescriptorType::builder()
                    .arn("arn:aws:iam::aws:policy/AdministratorAccess")
                    .build(),
            )
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    api_error(
        sts.assume_root()
            .target_principal(&account)
            .task_policy_arn(task("IAMAuditRootUserCredentials"))
            .duration_seconds(901)
            .send()
            .await,
    )
    .expect(400, "ValidationError");
    // Never with root user credentials.
    api_error(
        s.sts_client()
            .assume_root()
            .target_principal(&account)
            .task_policy_arn(task("IAMAuditRootUserCredentials"))
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    // Authorized as sts:AssumeRoot on the member account's root.
    let (_, plain_id, plain_secret) = s.user_client("plain").await;
    api_error(
        s.sts_client_with(&plain_id, &plain_secret)
            .assume_root()
            .target_principal(&account)
            .task_policy_arn(task("IAMAuditRootUserCredentials"))
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is(&format!(
        "User: arn:aws:iam::{}:user/plain is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::{account}:root because no identity-based policy allows the sts:AssumeRoot action",
        s.account_id
    ));
}
