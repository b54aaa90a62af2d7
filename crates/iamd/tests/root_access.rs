//! Centralized root access for member accounts through the AWS SDK:
//! Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions,
//! ListOrganizationsFeatures (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
//! and siblings), and sts:AssumeRoot.
mod common;

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
