//! Partitions: an account belongs to exactly one (`aws`, `aws-cn`, `aws-us-gov`, …; IAM User
//! Guide: reference-arns), chosen when it is created. Every ARN iamd produces for it carries
//! the partition, policies are evaluated on those ARNs, and its credentials are refused when
//! signed for a region of another partition (InvalidClientTokenId, as AWS's endpoints of one
//! partition answer another's keys). Driven with the Rust SDK signing for the partition's
//! regions (cn-north-1, us-gov-west-1).
use crate::common::*;
use aws_sdk_iam::types::PolicyScopeType;
use iam_core::Partition;
use serde_json::json;

const CN_ACCOUNT: &str = "111122223333";
const IDP_CERT: &str = include_str!("../fixtures/federation_idp.crt");
const SERVER_CRT: &str = include_str!("../fixtures/server.crt");
const SERVER_KEY: &str = include_str!("../fixtures/server.key");

fn partition(id: &str) -> Partition {
    Partition::from_id(id).expect("a partition of partitions.json")
}

/// Creates `account` in `partition` on `s` (as `iamd create-account --partition` does) and
/// returns its root access key.
async fn account_in(s: &Server, account: &str, partition: Partition) -> (String, String) {
    let creds = s
        .iam
        .create_account(account, partition)
        .await
        .expect("create account")
        .expect("a new account");
    (
        creds.access_key_id,
        creds.secret_access_key.expose().to_string(),
    )
}

fn trust_of(principal: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}],
    })
    .to_string()
}

fn allow(action: &str, resource: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}],
    })
    .to_string()
}

fn saml_metadata() -> String {
    let cert: String = IDP_CERT
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    format!(
        r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
    )
}

#[tokio::test]
async fn a_china_account_is_named_by_aws_cn_arns() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let iam = s.iam_client_in("cn-north-1", &key, &secret);
    let sts = s.sts_client_in("cn-north-1", &key, &secret);
    let arn = |resource: &str| format!("arn:aws-cn:iam::{CN_ACCOUNT}:{resource}");

    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn(), Some(arn("root").as_str()));
    assert_eq!(me.account(), Some(CN_ACCOUNT));
    let root = iam.get_user().send().await.unwrap();
    assert_eq!(root.user().map(|u| u.arn()), Some(arn("root").as_str()));

    let user = iam
        .create_user()
        .user_name("alice")
        .path("/team/")
        .send()
        .await
        .unwrap();
    assert_eq!(user.user().unwrap().arn(), arn("user/team/alice"));
    let group = iam.create_group().group_name("devs").send().await.unwrap();
    assert_eq!(group.group().unwrap().arn(), arn("group/devs"));
    let role = iam
        .create_role()
        .role_name("deployer")
        .assume_role_policy_document(trust_of(&arn("root")))
        .send()
        .await
        .unwrap();
    assert_eq!(role.role().unwrap().arn(), arn("role/deployer"));
    let policy = iam
        .create_policy()
        .policy_name("reader")
        .policy_document(allow("iam:Get*", "*"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        policy.policy().unwrap().arn(),
        Some(arn("policy/reader").as_str())
    );
    let profile = iam
        .create_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap();
    assert_eq!(
        profile.instance_profile().unwrap().arn(),
        arn("instance-profile/web")
    );
    let oidc = iam
        .create_open_id_connect_provider()
        .url("https://token.example.com")
        .client_id_list("sts.amazonaws.com")
        .thumbprint_list("0123456789abcdef0123456789abcdef01234567")
        .send()
        .await
        .unwrap();
    assert_eq!(
        oidc.open_id_connect_provider_arn(),
        Some(arn("oidc-provider/token.example.com").as_str())
    );
    let saml = iam
        .create_saml_provider()
        .name("corp")
        .saml_metadata_document(saml_metadata())
        .send()
        .await
        .unwrap();
    assert_eq!(
        saml.saml_provider_arn(),
        Some(arn("saml-provider/corp").as_str())
    );
    let mfa = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("phone")
        .send()
        .await
        .unwrap();
    assert_eq!(
        mfa.virtual_mfa_device().map(|d| d.serial_number()),
        Some(arn("mfa/phone").as_str())
    );
    let cert = iam
        .upload_server_certificate()
        .server_certificate_name("site")
        .certificate_body(SERVER_CRT)
        .private_key(SERVER_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(
        cert.server_certificate_metadata().map(|m| m.arn()),
        Some(arn("server-certificate/site").as_str())
    );

    // AWS-managed policies are the partition's: arn:aws-cn:iam::aws:policy/…, listed and
    // attached under that ARN; partition aws's ARN names no policy here.
    let managed = "arn:aws-cn:iam::aws:policy/ReadOnlyAccess";
    let got = iam.get_policy().policy_arn(managed).send().await.unwrap();
    assert_eq!(got.policy().unwrap().arn(), Some(managed));
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(managed)
        .send()
        .await
        .unwrap();
    let attached = iam
        .list_attached_user_policies()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let arns: Vec<_> = attached
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_arn())
        .collect();
    assert_eq!(arns, [managed]);
    api_error(
        iam.attach_user_policy()
            .user_name("alice")
            .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity");
    let listed = iam
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .max_items(5)
        .send()
        .await
        .unwrap();
    assert!(
        listed
            .policies()
            .iter()
            .all(|p| p.arn().unwrap().starts_with("arn:aws-cn:iam::aws:policy/")),
        "{listed:?}"
    );
    let details = iam
        .get_account_authorization_details()
        .send()
        .await
        .unwrap();
    assert!(
        details.policies().iter().any(|p| p.arn() == Some(managed)),
        "{details:?}"
    );
}

#[tokio::test]
async fn sessions_and_policies_of_a_china_account_see_aws_cn_arns() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let iam = s.iam_client_in("cn-north-1", &key, &secret);
    let arn = |resource: &str| format!("arn:aws-cn:iam::{CN_ACCOUNT}:{resource}");
    iam.create_user().user_name("alice").send().await.unwrap();
    let k = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    // Alice may assume the role and read herself, named by aws-cn ARNs; an aws ARN of the same
    // user grants nothing, and aws:PrincipalArn is her aws-cn ARN.
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn("role/deployer")},
            {"Effect": "Allow", "Action": "iam:GetUser", "Resource": arn("user/alice"),
             "Condition": {"StringEquals": {"aws:PrincipalArn": arn("user/alice")}}},
            {"Effect": "Allow", "Action": "sts:GetFederationToken",
             "Resource": format!("arn:aws-cn:sts::{CN_ACCOUNT}:federated-user/*")},
            {"Effect": "Allow", "Action": "iam:ListGroupsForUser",
             "Resource": format!("arn:aws:iam::{CN_ACCOUNT}:user/alice")},
        ],
    });
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("p")
        .policy_document(policy.to_string())
        .send()
        .await
        .unwrap();
    iam.create_role()
        .role_name("deployer")
        .assume_role_policy_document(trust_of(&arn("root")))
        .send()
        .await
        .unwrap();
    iam.attach_role_policy()
        .role_name("deployer")
        .policy_arn("arn:aws-cn:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();

    let alice = s.iam_client_in("cn-north-1", &k.access_key_id, &k.secret_access_key);
    let got = alice.get_user().user_name("alice").send().await.unwrap();
    assert_eq!(got.user().unwrap().arn(), arn("user/alice"));
    let denied = api_error(alice.list_groups_for_user().user_name("alice").send().await)
        .expect(403, "AccessDenied");
    denied.message_is(&format!(
        "User: {0} is not authorized to perform: iam:ListGroupsForUser on resource: {0} because no identity-based policy allows the iam:ListGroupsForUser action",
        arn("user/alice")
    ));

    let alice_sts = s.sts_client_in("cn-north-1", &k.access_key_id, &k.secret_access_key);
    let assumed = alice_sts
        .assume_role()
        .role_arn(arn("role/deployer"))
        .role_session_name("ship")
        .send()
        .await
        .unwrap();
    let session_arn = format!("arn:aws-cn:sts::{CN_ACCOUNT}:assumed-role/deployer/ship");
    assert_eq!(assumed.assumed_role_user().unwrap().arn(), session_arn);
    let c = assumed.credentials.unwrap();
    let creds = (c.access_key_id, c.secret_access_key, c.session_token);
    let session = s.sts_client_in("cn-north-1", &creds.0, &creds.1);
    let session = aws_sdk_sts::Client::from_conf(
        session
            .config()
            .to_builder()
            .credentials_provider(aws_credential_types::Credentials::new(
                &creds.0,
                &creds.1,
                Some(creds.2.clone()),
                None,
                "test",
            ))
            .build(),
    );
    let me = session.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn(), Some(session_arn.as_str()));
    // The role's AWS-managed policy (arn:aws-cn:…) applies to the session.
    let session_iam = aws_sdk_iam::Client::from_conf(
        s.iam_client_in("cn-north-1", &creds.0, &creds.1)
            .config()
            .to_builder()
            .credentials_provider(aws_credential_types::Credentials::new(
                &creds.0,
                &creds.1,
                Some(creds.2),
                None,
                "test",
            ))
            .build(),
    );
    let role = session_iam
        .get_role()
        .role_name("deployer")
        .send()
        .await
        .unwrap();
    assert_eq!(role.role().unwrap().arn(), arn("role/deployer"));
    let last_used = role.role().unwrap().role_last_used().unwrap();
    assert_eq!(last_used.region(), Some("cn-north-1"));

    let federated = alice_sts
        .get_federation_token()
        .name("bob")
        .send()
        .await
        .unwrap();
    assert_eq!(
        federated.federated_user().map(|f| f.arn()),
        Some(format!("arn:aws-cn:sts::{CN_ACCOUNT}:federated-user/bob").as_str())
    );
}

/// The natural outcome in AWS: a key exists in its own partition only, and another
/// partition's endpoints do not know it ("The security token included in the request is
/// invalid.", 403; what GetCallerIdentity and IAM answered aws-cn keys sent to the global
/// endpoint in the reports of github.com/apex/up#490 and
/// prometheus-community/yet-another-cloudwatch-exporter#501).
#[tokio::test]
async fn credentials_are_refused_when_signed_for_another_partitions_region() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let refused = |e: ApiError| {
        e.expect(403, "InvalidClientTokenId")
            .message_is("The security token included in the request is invalid.")
    };
    // An aws-cn key signed for us-east-1: IAM and STS both refuse it.
    refused(api_error(
        s.iam_client_in("us-east-1", &key, &secret)
            .list_users()
            .send()
            .await,
    ));
    let e = s
        .sts_client_in("us-east-1", &key, &secret)
        .get_caller_identity()
        .send()
        .await;
    refused(api_error(e));
    // ... and for us-gov-west-1 (a third partition), while cn-northwest-1 is its own.
    refused(api_error(
        s.iam_client_in("us-gov-west-1", &key, &secret)
            .list_users()
            .send()
            .await,
    ));
    s.iam_client_in("cn-northwest-1", &key, &secret)
        .list_users()
        .send()
        .await
        .unwrap();
    // The default account (aws) signed for cn-north-1: refused the same way.
    refused(api_error(
        s.iam_client_in("cn-north-1", &s.root_key.0, &s.root_key.1)
            .list_users()
            .send()
            .await,
    ));
    // Temporary credentials of the aws-cn account too.
    let session = s
        .sts_client_in("cn-north-1", &key, &secret)
        .get_session_token()
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let creds = aws_credential_types::Credentials::new(
        &session.access_key_id,
        &session.secret_access_key,
        Some(session.session_token.clone()),
        None,
        "test",
    );
    let in_region = |region: &'static str| {
        aws_sdk_sts::Client::from_conf(
            s.sts_client_in(region, "unused", "unused")
                .config()
                .to_builder()
                .credentials_provider(creds.clone())
                .build(),
        )
    };
    in_region("cn-north-1")
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    refused(api_error(
        in_region("eu-west-1").get_caller_identity().send().await,
    ));
}

#[tokio::test]
async fn roles_are_not_assumable_from_another_partition() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let cn = s.iam_client_in("cn-north-1", &key, &secret);
    // The aws-cn role trusts the aws account (an ARN that names nothing in aws-cn).
    cn.create_role()
        .role_name("bridge")
        .assume_role_policy_document(trust_of(&format!("arn:aws:iam::{}:root", s.account_id)))
        .send()
        .await
        .unwrap();
    let (id, secret) = s.admin("crosser").await;
    let e = api_error(
        s.sts_client_with(&id, &secret)
            .assume_role()
            .role_arn(format!("arn:aws-cn:iam::{CN_ACCOUNT}:role/bridge"))
            .role_session_name("crossing")
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    assert!(
        e.message
            .contains(&format!("arn:aws-cn:iam::{CN_ACCOUNT}:role/bridge")),
        "{e:?}"
    );
}

#[tokio::test]
async fn organizations_members_inherit_the_management_accounts_partition() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let org = s
        .org(
            CN_ACCOUNT,
            "CreateOrganization",
            json!({"FeatureSet": "ALL"}),
        )
        .await
        .unwrap();
    let org_id = org["Organization"]["Id"].as_str().unwrap().to_string();
    assert_eq!(
        org["Organization"]["Arn"],
        format!("arn:aws-cn:organizations::{CN_ACCOUNT}:organization/{org_id}")
    );
    assert_eq!(
        org["Organization"]["MasterAccountArn"],
        format!("arn:aws-cn:organizations::{CN_ACCOUNT}:account/{org_id}/{CN_ACCOUNT}")
    );
    let created = s
        .org(
            CN_ACCOUNT,
            "CreateAccount",
            json!({"AccountName": "workload", "Email": "workload@example.com"}),
        )
        .await
        .unwrap();
    let member = created["CreateAccountStatus"]["AccountId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.iam.account_partition(&member), Some(partition("aws-cn")));
    let listed = s.org(CN_ACCOUNT, "ListAccounts", json!({})).await.unwrap();
    assert!(
        listed["Accounts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["Arn"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws-cn:organizations::")),
        "{listed}"
    );
    let policies = s
        .org(
            CN_ACCOUNT,
            "ListPolicies",
            json!({"Filter": "SERVICE_CONTROL_POLICY"}),
        )
        .await
        .unwrap();
    assert_eq!(
        policies["Policies"][0]["Arn"],
        "arn:aws-cn:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    );

    // The management account reaches the member through its OrganizationAccountAccessRole,
    // named, trusted and carrying AdministratorAccess in aws-cn.
    let mgmt = s.iam_client_in("cn-north-1", &key, &secret);
    mgmt.create_user().user_name("ops").send().await.unwrap();
    mgmt.attach_user_policy()
        .user_name("ops")
        .policy_arn("arn:aws-cn:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .unwrap();
    let k = mgmt
        .create_access_key()
        .user_name("ops")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let assumed = s
        .sts_client_in("cn-north-1", &k.access_key_id, &k.secret_access_key)
        .assume_role()
        .role_arn(format!(
            "arn:aws-cn:iam::{member}:role/OrganizationAccountAccessRole"
        ))
        .role_session_name("hop")
        .send()
        .await
        .unwrap();
    assert_eq!(
        assumed.assumed_role_user().unwrap().arn(),
        format!("arn:aws-cn:sts::{member}:assumed-role/OrganizationAccountAccessRole/hop")
    );
    let c = assumed.credentials.unwrap();
    let in_member = aws_sdk_iam::Client::from_conf(
        s.iam_client_in("cn-north-1", "unused", "unused")
            .config()
            .to_builder()
            .credentials_provider(aws_credential_types::Credentials::new(
                &c.access_key_id,
                &c.secret_access_key,
                Some(c.session_token),
                None,
                "test",
            ))
            .build(),
    );
    let attached = in_member
        .list_attached_role_policies()
        .role_name("OrganizationAccountAccessRole")
        .send()
        .await
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some("arn:aws-cn:iam::aws:policy/AdministratorAccess")
    );
}

#[tokio::test]
async fn a_govcloud_account_is_named_by_aws_us_gov_arns() {
    let s = Server::start().await;
    let account = "444455556666";
    let (key, secret) = account_in(&s, account, partition("aws-us-gov")).await;
    let me = s
        .sts_client_in("us-gov-west-1", &key, &secret)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws-us-gov:iam::{account}:root").as_str())
    );
    let iam = s.iam_client_in("us-gov-east-1", &key, &secret);
    let user = iam.create_user().user_name("carol").send().await.unwrap();
    assert_eq!(
        user.user().unwrap().arn(),
        format!("arn:aws-us-gov:iam::{account}:user/carol")
    );
    iam.attach_user_policy()
        .user_name("carol")
        .policy_arn("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    api_error(
        s.iam_client_in("us-east-1", &key, &secret)
            .get_user()
            .send()
            .await,
    )
    .expect(403, "InvalidClientTokenId");
}

/// A partition is part of the account's record: a restart keeps it (the harness also compares
/// the reloaded state with the live one after every test).
#[tokio::test]
async fn the_partition_survives_a_restart() {
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let s = s.restart().await;
    let me = s
        .sts_client_in("cn-north-1", &key, &secret)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws-cn:iam::{CN_ACCOUNT}:root").as_str())
    );
    // The default account is still aws.
    let me = s.sts_client().get_caller_identity().send().await.unwrap();
    assert!(me.arn().unwrap().starts_with("arn:aws:iam::"));
}

/// The audit trail names an aws-cn account's entities by aws-cn ARNs: CreatePolicy's event names
/// the new policy, and a federated root session's issuer is the aws-cn root.
#[tokio::test]
async fn audit_events_of_a_china_account_carry_aws_cn_arns() {
    use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
    let s = Server::start().await;
    let (key, secret) = account_in(&s, CN_ACCOUNT, partition("aws-cn")).await;
    let iam = s.iam_client_in("cn-north-1", &key, &secret);
    iam.create_policy()
        .policy_name("reader")
        .policy_document(allow("s3:GetObject", "*"))
        .send()
        .await
        .unwrap();
    s.sts_client_in("cn-north-1", &key, &secret)
        .get_federation_token()
        .name("fed")
        .send()
        .await
        .unwrap();
    let trail = s.cloudtrail_client_in("cn-north-1", &key, &secret, None);
    let lookup = |name: &'static str| {
        trail.lookup_events().lookup_attributes(
            LookupAttribute::builder()
                .attribute_key(LookupAttributeKey::EventName)
                .attribute_value(name)
                .build()
                .unwrap(),
        )
    };
    let created = lookup("CreatePolicy").send().await.unwrap();
    let event = &created.events()[0];
    let names: Vec<&str> = event
        .resources()
        .iter()
        .filter_map(|r| r.resource_name())
        .collect();
    assert!(
        names.contains(&format!("arn:aws-cn:iam::{CN_ACCOUNT}:policy/reader").as_str()),
        "{names:?}"
    );
    let record: serde_json::Value =
        serde_json::from_str(event.cloud_trail_event().unwrap()).unwrap();
    assert_eq!(record["awsRegion"], "cn-north-1");
    assert!(!event.cloud_trail_event().unwrap().contains("arn:aws:"));
    let federated = lookup("GetFederationToken").send().await.unwrap();
    let text = federated.events()[0].cloud_trail_event().unwrap();
    assert!(!text.contains("arn:aws:"), "{text}");
}
