//! GenerateOrganizationsAccessReport and GetOrganizationsAccessReport through the AWS SDK
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateOrganizationsAccessReport.html):
//! the services the SCPs allow at an entity, with the last access from the accounts below it.
use crate::common;

use aws_sdk_iam::types::{AccessDetail, SortKeyType};
use common::{Server, api_error};
use serde_json::json;

fn namespaces(d: &[AccessDetail]) -> Vec<&str> {
    d.iter().map(|a| a.service_namespace.as_str()).collect()
}

#[tokio::test]
async fn organizations_access_report_follows_scps_and_activity() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let org_id = s.organization("ALL").await;
    let root_id = s.org(&s.account_id, "ListRoots", json!({})).await.unwrap()["Roots"][0]["Id"]
        .as_str()
        .unwrap()
        .to_string();

    // SCPs must be enabled on the root first.
    api_error(
        iam.generate_organizations_access_report()
            .entity_path(format!("{org_id}/{root_id}"))
            .send()
            .await,
    )
    .expect(400, "InvalidInput");
    s.org(
        &s.account_id,
        "EnablePolicyType",
        json!({"RootId": root_id, "PolicyType": "SERVICE_CONTROL_POLICY"}),
    )
    .await
    .unwrap();

    // An OU whose SCPs allow IAM only, with a member account in it.
    let ou = s
        .org(
            &s.account_id,
            "CreateOrganizationalUnit",
            json!({"ParentId": root_id, "Name": "dev"}),
        )
        .await
        .unwrap()["OrganizationalUnit"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let account = s.member("workload").await;
    s.org(
        &s.account_id,
        "MoveAccount",
        json!({"AccountId": account, "SourceParentId": root_id, "DestinationParentId": ou}),
    )
    .await
    .unwrap();
    let iam_only = s
        .org(
            &s.account_id,
            "CreatePolicy",
            json!({"Name": "IamOnly", "Description": "", "Type": "SERVICE_CONTROL_POLICY",
                   "Content": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#}),
        )
        .await
        .unwrap()["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    s.org(
        &s.account_id,
        "AttachPolicy",
        json!({"PolicyId": iam_only, "TargetId": ou}),
    )
    .await
    .unwrap();
    s.org(
        &s.account_id,
        "DetachPolicy",
        json!({"PolicyId": "p-FullAWSAccess", "TargetId": ou}),
    )
    .await
    .unwrap();

    // Activity in the member account: a role session calls IAM.
    let creds = s.member_session(&account).await;
    s.iam_client_session(&creds)
        .list_roles()
        .send()
        .await
        .unwrap();

    let report = |path: String, policy: Option<&str>| {
        let iam = iam.clone();
        let policy = policy.map(str::to_string);
        async move {
            let job = iam
                .generate_organizations_access_report()
                .entity_path(path)
                .set_organizations_policy_id(policy)
                .send()
                .await
                .unwrap()
                .job_id
                .unwrap();
            iam.get_organizations_access_report()
                .job_id(job)
                .send()
                .await
                .unwrap()
        }
    };

    // The root: every service FullAWSAccess allows; member accounts' data only.
    let r = report(format!("{org_id}/{root_id}"), None).await;
    assert_eq!(r.job_status.as_str(), "COMPLETED");
    assert!(r.job_completion_date.is_some());
    let details = r.access_details.unwrap();
    assert_eq!(namespaces(&details), ["iam", "organizations", "sts"]);
    assert_eq!(r.number_of_services_accessible, Some(3));
    assert_eq!(r.number_of_services_not_accessed, Some(2));
    let account_path = format!("{org_id}/{root_id}/{ou}/{account}");
    assert_eq!(
        details[0].entity_path.as_deref(),
        Some(account_path.as_str())
    );
    assert_eq!(details[0].total_authenticated_entities, Some(1));
    assert_eq!(details[0].region.as_deref(), Some("us-east-1"));
    assert!(details[0].last_authenticated_time.is_some());
    assert!(details[2].last_authenticated_time.is_none());
    assert_eq!(details[2].total_authenticated_entities, Some(0));

    // The OU: what every level from the root down allows.
    let r = report(format!("{org_id}/{root_id}/{ou}"), None).await;
    assert_eq!(namespaces(&r.access_details.unwrap()), ["iam"]);
    assert_eq!(r.number_of_services_not_accessed, Some(0));

    // One SCP: the services it allows, for the accounts it applies to.
    let r = report(format!("{org_id}/{root_id}"), Some(&iam_only)).await;
    let details = r.access_details.unwrap();
    assert_eq!(namespaces(&details), ["iam"]);
    assert_eq!(details[0].total_authenticated_entities, Some(1));

    // The management account: every service, its own data (the admin user's AssumeRole).
    let r = report(format!("{org_id}/{root_id}/{}", s.account_id), None).await;
    let details = r.access_details.unwrap();
    assert_eq!(namespaces(&details), ["iam", "organizations", "sts"]);
    assert_eq!(
        details[2].entity_path.as_deref(),
        Some(format!("{org_id}/{root_id}/{}", s.account_id).as_str())
    );

    // Sorting and paging.
    let job = iam
        .generate_organizations_access_report()
        .entity_path(format!("{org_id}/{root_id}"))
        .send()
        .await
        .unwrap()
        .job_id
        .unwrap();
    let page = iam
        .get_organizations_access_report()
        .job_id(&job)
        .sort_key(SortKeyType::ServiceNamespaceDescending)
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert_eq!(
        namespaces(page.access_details.as_deref().unwrap()),
        ["sts", "organizations"]
    );
    assert!(page.is_truncated);
    let rest = iam
        .get_organizations_access_report()
        .job_id(&job)
        .sort_key(SortKeyType::ServiceNamespaceDescending)
        .marker(page.marker.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(namespaces(&rest.access_details.unwrap()), ["iam"]);
    assert!(!rest.is_truncated);
    // A marker iamd did not issue (recorded for ListVirtualMFADevices,
    // aws-recorded/iam/test_iam_mfa.snapshot.json `list-invalid-marker-error`).
    api_error(
        iam.get_organizations_access_report()
            .job_id(&job)
            .marker("invalid-marker-value")
            .send()
            .await,
    )
    .expect(400, "ValidationError")
    .message_is("Invalid Marker.");

    // Errors.
    api_error(
        iam.generate_organizations_access_report()
            .entity_path(format!("{org_id}/{root_id}/{account}"))
            .send()
            .await,
    )
    .expect(400, "InvalidInput")
    .message_is(&format!(
        "The entity path {org_id}/{root_id}/{account} is not valid."
    ));
    api_error(
        iam.generate_organizations_access_report()
            .entity_path(format!("{org_id}/{root_id}"))
            .organizations_policy_id("p-doesnotexist")
            .send()
            .await,
    )
    .expect(400, "InvalidInput");
    let missing = "00000000-0000-4000-8000-000000000000";
    api_error(
        iam.get_organizations_access_report()
            .job_id(missing)
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is(&format!("The job with ID {missing} cannot be found."));
    // Only from the management account.
    api_error(
        s.iam_client_session(&creds)
            .generate_organizations_access_report()
            .entity_path(format!("{org_id}/{root_id}"))
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    // Authorized against the access-report resource.
    let (user, _, _) = s.user_client("reader").await;
    api_error(
        user.generate_organizations_access_report()
            .entity_path(format!("{org_id}/{root_id}"))
            .send()
            .await,
    )
    .expect(403, "AccessDenied")
    .message_is(&format!(
        "User: arn:aws:iam::{acct}:user/reader is not authorized to perform: iam:GenerateOrganizationsAccessReport on resource: arn:aws:iam::{acct}:access-report/{org_id}/{root_id} because no identity-based policy allows the iam:GenerateOrganizationsAccessReport action",
        acct = s.account_id
    ));
}
