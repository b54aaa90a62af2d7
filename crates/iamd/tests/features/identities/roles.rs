//! Roles through the AWS SDK: what AWS checks in a trust policy when it is saved
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
//! and the shapes of AWS's recorded answers (tests/conformance/aws-recorded/iam/), some read
//! from the raw XML (`support`).
use crate::{common, support};

use common::{Server, api_error, url_decode};

/// A trust policy for EC2, as LocalStack's recorded tests create their roles with.
const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn trust(principal: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{principal}}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

/// A trust policy naming a user or role that does not exist is refused with
/// MalformedPolicyDocument "Invalid principal in policy" on CreateRole and UpdateAssumeRolePolicy,
/// and leaves nothing behind; existing ones (any case, with their path), account IDs and root
/// ARNs are accepted as written.
#[tokio::test]
async fn trust_policy_principals_must_exist() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let sts = s.sts_client();
    let acct = sts
        .get_caller_identity()
        .send()
        .await
        .unwrap()
        .account
        .unwrap();

    let missing_role = format!("arn:aws:iam::{acct}:role/nope");
    let e = api_error(
        iam.create_role()
            .role_name("r1")
            .assume_role_policy_document(trust(&format!(r#""{missing_role}""#)))
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
    e.message_is(&format!(
        r#"Invalid principal in policy: "AWS":"{missing_role}""#
    ));
    api_error(iam.get_role().role_name("r1").send().await).expect(404, "NoSuchEntity");

    // a missing user among existing principals is named
    iam.create_user()
        .user_name("alice")
        .path("/people/")
        .send()
        .await
        .unwrap();
    let alice = format!("arn:aws:iam::{acct}:user/people/alice");
    let bob = format!("arn:aws:iam::{acct}:user/bob");
    let e = api_error(
        iam.create_role()
            .role_name("r1")
            .assume_role_policy_document(trust(&format!(r#"["{alice}","{bob}"]"#)))
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
    e.message_is(&format!(r#"Invalid principal in policy: "AWS":"{bob}""#));

    // existing principals, the account itself, and other accounts are accepted
    let doc = trust(&format!(
        r#"["{alice}","arn:aws:iam::{acct}:root","{acct}","arn:aws:iam::111122223333:role/elsewhere"]"#
    ));
    iam.create_role()
        .role_name("r1")
        .assume_role_policy_document(&doc)
        .send()
        .await
        .unwrap();
    let r1 = format!("arn:aws:iam::{acct}:role/r1");

    // UpdateAssumeRolePolicy: the same check, and the old document stays
    let e = api_error(
        iam.update_assume_role_policy()
            .role_name("r1")
            .policy_document(trust(&format!(r#""{missing_role}""#)))
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument");
    e.message_is(&format!(
        r#"Invalid principal in policy: "AWS":"{missing_role}""#
    ));
    let got = iam
        .get_role()
        .role_name("r1")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(url_decode(&got.assume_role_policy_document.unwrap()), doc);

    // a role trusting an existing role (here: r1, case-insensitively) is fine
    iam.create_role()
        .role_name("r2")
        .assume_role_policy_document(trust(&format!(r#""{}""#, r1.replace("r1", "R1"))))
        .send()
        .await
        .unwrap();
    iam.update_assume_role_policy()
        .role_name("r2")
        .policy_document(trust(&format!(r#""{r1}""#)))
        .send()
        .await
        .unwrap();
}

/// Service-linked roles of services Terraform configurations create often, with AWS's role names
/// (Application Auto Scaling's custom resources, ECS services and Spot Fleets; OpenSearch; EKS
/// node groups and Fargate): the role lives under /aws-service-role/<service>/, trusts the service
/// and carries its AWS-managed policy.
#[tokio::test]
async fn service_linked_roles_of_common_services() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let cases = [
        (
            "custom-resource.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_CustomResource",
            Some("AWSApplicationAutoScalingCustomResourcePolicy"),
        ),
        (
            "ecs.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            Some("AWSApplicationAutoscalingECSServicePolicy"),
        ),
        (
            "ec2.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest",
            Some("AWSApplicationAutoscalingEC2SpotFleetRequestPolicy"),
        ),
        (
            "opensearchservice.amazonaws.com",
            "AWSServiceRoleForAmazonOpenSearchService",
            Some("AmazonOpenSearchServiceRolePolicy"),
        ),
        (
            "eks-nodegroup.amazonaws.com",
            "AWSServiceRoleForAmazonEKSNodegroup",
            Some("AWSServiceRoleForAmazonEKSNodegroup"),
        ),
        (
            "eks-fargate.amazonaws.com",
            "AWSServiceRoleForAmazonEKSForFargate",
            Some("AmazonEKSForFargateServiceRolePolicy"),
        ),
    ];
    for (service, name, policy) in cases {
        let role = iam
            .create_service_linked_role()
            .aws_service_name(service)
            .send()
            .await
            .unwrap()
            .role
            .unwrap();
        assert_eq!(role.role_name, name);
        assert_eq!(role.path, format!("/aws-service-role/{service}/"));
        let doc = url_decode(role.assume_role_policy_document.as_deref().unwrap());
        assert!(doc.contains(&format!(r#""Service":"{service}""#)), "{doc}");
        let attached: Vec<String> = iam
            .list_attached_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap()
            .attached_policies
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.policy_arn)
            .collect();
        if let Some(p) = policy {
            assert_eq!(
                attached,
                vec![format!("arn:aws:iam::aws:policy/aws-service-role/{p}")]
            );
        }
        // one per account
        api_error(
            iam.create_service_linked_role()
                .aws_service_name(service)
                .send()
                .await,
        )
        .expect(400, "InvalidInput");
    }
}

/// A trust policy keeps its principals by unique ID: deleting a trusted user shows its ID in the
/// policy instead of the ARN, and a new user of the same name is not trusted (no privilege
/// escalation by delete and recreate); principals still present keep working.
#[tokio::test]
async fn deleted_principal_becomes_its_unique_id_and_a_namesake_is_not_trusted() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let (alice_key, alice_secret) = s.admin("alice").await;
    let (bob_key, bob_secret) = s.admin("bob").await;
    let user = |name: &str| {
        let iam = iam.clone();
        let name = name.to_string();
        async move {
            let u = iam.get_user().user_name(name).send().await.unwrap();
            let u = u.user.unwrap();
            (u.arn, u.user_id)
        }
    };
    let (alice_arn, alice_id) = user("alice").await;
    let (bob_arn, _) = user("bob").await;
    let role_arn = iam
        .create_role()
        .role_name("trusting")
        .assume_role_policy_document(trust(&format!(r#"["{alice_arn}","{bob_arn}"]"#)))
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let assume = |key: String, secret: String| {
        let sts = s.sts_client_with(&key, &secret);
        let role_arn = role_arn.clone();
        async move {
            sts.assume_role()
                .role_arn(role_arn)
                .role_session_name("s1")
                .send()
                .await
        }
    };
    assert!(
        assume(alice_key.clone(), alice_secret.clone())
            .await
            .is_ok()
    );

    // Delete alice (detach and remove her key first, as AWS requires), then recreate her.
    iam.detach_user_policy()
        .user_name("alice")
        .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .unwrap();
    iam.delete_access_key()
        .user_name("alice")
        .access_key_id(&alice_key)
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("alice").send().await.unwrap();
    let doc = iam.get_role().role_name("trusting").send().await.unwrap();
    let doc = url_decode(&doc.role.unwrap().assume_role_policy_document.unwrap());
    assert!(doc.contains(&alice_id), "{doc}");
    assert!(!doc.contains(&alice_arn), "{doc}");
    assert!(doc.contains(&bob_arn), "{doc}");

    let (new_key, new_secret) = s.admin("alice").await;
    api_error(assume(new_key, new_secret).await).expect(403, "AccessDenied");
    // Bob, still the same principal, is still trusted.
    assert!(assume(bob_key, bob_secret).await.is_ok());
}

/// CreateRole answers the role without `Description` and `MaxSessionDuration`, even when they
/// were given; GetRole has both. AWS-recorded: tests/conformance/aws-recorded/iam/
/// test_iam_roles.snapshot.json, `TestRolePermissionsBoundary::test_role_permissions_boundary_lifecycle`
/// "create-role-with-boundary" (created with a Description, answered without it) against
/// "get-role-with-boundary", and `TestRoleLifecycle::test_create_role_defaults` "create-role-response"
/// (no MaxSessionDuration) against "get-role-response" (MaxSessionDuration 3600).
#[tokio::test]
async fn create_role_answers_without_description_and_max_session_duration() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let role = iam
        .create_role()
        .role_name("described")
        .assume_role_policy_document(EC2_TRUST)
        .description("a role with a description")
        .max_session_duration(7200)
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(role.role_name, "described");
    assert_eq!(role.description, None);
    assert_eq!(role.max_session_duration, None);
    assert!(role.role_last_used.is_none());
    let got = iam
        .get_role()
        .role_name("described")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(
        got.description.as_deref(),
        Some("a role with a description")
    );
    assert_eq!(got.max_session_duration, Some(7200));
}

/// CreateServiceLinkedRole answers like CreateRole: no `Description`, no `MaxSessionDuration`
/// (the brief's statement of AWS's answer; the recordings only show GetRole of a service-linked
/// role: tests/conformance/aws-recorded/iam/test_iam.snapshot.json,
/// `TestIAMServiceRoles::test_service_role_lifecycle[rds.amazonaws.com]` "describe-response",
/// which has both).
#[tokio::test]
async fn create_service_linked_role_answers_without_description_and_max_session_duration() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let role = iam
        .create_service_linked_role()
        .aws_service_name("autoscaling.amazonaws.com")
        .description("scales things")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(role.role_name, "AWSServiceRoleForAutoScaling");
    assert_eq!(role.description, None);
    assert_eq!(role.max_session_duration, None);
    assert!(role.role_last_used.is_none());
    let got = iam
        .get_role()
        .role_name("AWSServiceRoleForAutoScaling")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(got.description.as_deref(), Some("scales things"));
    assert_eq!(got.max_session_duration, Some(3600));
}

/// GetInstanceProfile always has `Tags`, an empty list when the profile has none;
/// CreateInstanceProfile and ListInstanceProfiles leave it out. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_instance_profiles.snapshot.json,
/// `TestInstanceProfileLifecycle::test_instance_profile_lifecycle` "create-instance-profile"
/// (no Tags) and "get-instance-profile" (`"Tags": []`), `test_list_instance_profiles`
/// "list-instance-profiles" (no Tags), `TestInstanceProfileTags::test_instance_profile_create_with_tags`
/// "create-with-tags" (Tags when given).
#[tokio::test]
async fn get_instance_profile_has_an_empty_tag_list() {
    let h = support::harness().await;
    let created = h
        .ok(&[
            ("Action", "CreateInstanceProfile"),
            ("InstanceProfileName", "plain"),
        ])
        .await;
    assert_eq!(support::find_tag(&created, "Tags"), None, "{created}");
    let got = h
        .ok(&[
            ("Action", "GetInstanceProfile"),
            ("InstanceProfileName", "plain"),
        ])
        .await;
    assert_eq!(
        support::find_tag(&got, "Tags").as_deref(),
        Some(""),
        "{got}"
    );
    let listed = h.ok(&[("Action", "ListInstanceProfiles")]).await;
    assert_eq!(support::find_tag(&listed, "Tags"), None, "{listed}");

    let created = h
        .ok(&[
            ("Action", "CreateInstanceProfile"),
            ("InstanceProfileName", "tagged"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "blue"),
        ])
        .await;
    assert!(
        created.contains("<Tags><member><Key>team</Key><Value>blue</Value></member></Tags>"),
        "{created}"
    );
    let got = h
        .ok(&[
            ("Action", "GetInstanceProfile"),
            ("InstanceProfileName", "tagged"),
        ])
        .await;
    assert!(
        got.contains("<Tags><member><Key>team</Key><Value>blue</Value></member></Tags>"),
        "{got}"
    );
}

/// A service-linked role's trust policy, as GetRole shows it, is the document AWS writes:
/// `Action` and the `Service` principal are single strings. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam.snapshot.json,
/// `TestIAMServiceRoles::test_service_role_lifecycle_custom_suffix[autoscaling.amazonaws.com]`
/// "describe-response" (`"Action": "sts:AssumeRole"`, `"Principal": {"Service": "autoscaling.amazonaws.com"}`).
#[tokio::test]
async fn service_linked_role_trust_policy_has_single_strings() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_service_linked_role()
        .aws_service_name("autoscaling.amazonaws.com")
        .custom_suffix("web")
        .send()
        .await
        .unwrap();
    let role = iam
        .get_role()
        .role_name("AWSServiceRoleForAutoScaling_web")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    let doc = url_decode(role.assume_role_policy_document.as_deref().unwrap());
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "autoscaling.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }],
        })
    );
}

/// UpdateRoleDescription answers the role with its new `Description` but without
/// `MaxSessionDuration` and without an empty `RoleLastUsed`. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_roles.snapshot.json,
/// `TestRoleLifecycle::test_update_role` "update-role-description-response" (Arn,
/// AssumeRolePolicyDocument, CreateDate, Description, Path, RoleId, RoleName) against
/// "get-role-after-desc-update" (MaxSessionDuration 7200, `"RoleLastUsed": {}`).
#[tokio::test]
async fn update_role_description_answers_without_max_session_duration_and_last_used() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_role()
        .role_name("r")
        .assume_role_policy_document(EC2_TRUST)
        .description("initial description")
        .send()
        .await
        .unwrap();
    iam.update_role()
        .role_name("r")
        .max_session_duration(7200)
        .send()
        .await
        .unwrap();
    let role = iam
        .update_role_description()
        .role_name("r")
        .description("description via update_role_description")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(
        role.description.as_deref(),
        Some("description via update_role_description")
    );
    assert_eq!(role.max_session_duration, None);
    assert!(role.role_last_used.is_none(), "{role:?}");
    let got = iam
        .get_role()
        .role_name("r")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(got.max_session_duration, Some(7200));
    assert!(got.role_last_used.is_some());
}

/// A trust policy that is not JSON: AWS's own text, not "Syntax errors in policy." (recorded:
/// aws-recorded/iam/test_iam.snapshot.json `invalid-json`, CreateRole with a trailing comma;
/// test_iam_roles.snapshot.json `invalid-json-error`, UpdateAssumeRolePolicy with
/// `not valid json`: MalformedPolicyDocument, 400).
#[tokio::test]
async fn a_trust_policy_that_is_not_json_is_invalid_json() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let trailing_comma = r#"
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Action": "sts:AssumeRole",
              "Principal": "*",
              "Effect": "Allow",
            }
          ]
        }
        "#;
    api_error(
        iam.create_role()
            .role_name("r1")
            .assume_role_policy_document(trailing_comma)
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument")
    .message_is("This policy contains invalid Json");
    api_error(iam.get_role().role_name("r1").send().await).expect(404, "NoSuchEntity");

    iam.create_role()
        .role_name("r1")
        .assume_role_policy_document(trust(&format!(r#""{}""#, s.account_id)))
        .send()
        .await
        .unwrap();
    api_error(
        iam.update_assume_role_policy()
            .role_name("r1")
            .policy_document("not valid json")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument")
    .message_is("This policy contains invalid Json");
    // Identity policies keep AWS's syntax message (test_iam_policies.snapshot.json).
    api_error(
        iam.put_role_policy()
            .role_name("r1")
            .policy_name("p")
            .policy_document("not valid json")
            .send()
            .await,
    )
    .expect(400, "MalformedPolicyDocument")
    .message_is("Syntax errors in policy.");
}

/// STS checks AssumeRole's input before it authorizes the call: a role ARN that is not an ARN
/// is a ValidationError even for a caller with no permission at all (recorded: aws-recorded/sts/
/// test_sts.snapshot.json test_sts_invalid_parameters: `malformed-arn`, `no-partition`,
/// `no-service`, `not-enough-colons`, `no-resource`: 400, `<arn> is invalid`).
#[tokio::test]
async fn assume_role_refuses_a_malformed_role_arn_before_authorizing() {
    let s = Server::start().await;
    let (_, id, secret) = s.user_client("nobody").await;
    for sts in [s.sts_client(), s.sts_client_with(&id, &secret)] {
        for arn in [
            "nothing-valid-in-here",
            "arn::b:::something/test-role",
            "arn:a::::something/test-role",
            "arn:a:::something/test-role",
            "arn:a:a::aaaaaaaaaa:",
        ] {
            api_error(
                sts.assume_role()
                    .role_arn(arn)
                    .role_session_name("Session1")
                    .send()
                    .await,
            )
            .expect(400, "ValidationError")
            .message_is(&format!("{arn} is invalid"));
        }
    }
    // An ARN that parses but names no role the caller may assume is still AccessDenied.
    let e = api_error(
        s.sts_client_with(&id, &secret)
            .assume_role()
            .role_arn("arn:a:b:::something/test-role")
            .role_session_name("Session1")
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    assert!(e.message.contains("sts:AssumeRole"), "{e:?}");
}

/// Session tags AssumeRole refuses, with STS's code InvalidParameterValue (recorded:
/// aws-recorded/sts/test_sts.snapshot.json test_assume_role_tag_validation:
/// `invalid-transitive-tag-keys`, `duplicate-tag-keys-different-casing`: 400).
#[tokio::test]
async fn assume_role_refuses_transitive_keys_that_are_not_requested_tags() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let role_trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{}"}},"Action":["sts:AssumeRole","sts:TagSession"]}}]}}"#,
        s.account_id
    );
    let arn = iam
        .create_role()
        .role_name("tagged")
        .assume_role_policy_document(role_trust)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    // Root may not assume roles: an administrator does.
    let (id, secret) = s.admin("admin").await;
    let sts = s.sts_client_with(&id, &secret);
    let tag = |k: &str, v: &str| {
        aws_sdk_sts::types::Tag::builder()
            .key(k)
            .value(v)
            .build()
            .unwrap()
    };
    api_error(
        sts.assume_role()
            .role_arn(&arn)
            .role_session_name("SessionInvalidTransitiveKeys")
            .tags(tag("SessionTag1", "SessionValue1"))
            .transitive_tag_keys("InvalidKey")
            .send()
            .await,
    )
    .expect(400, "InvalidParameterValue")
    .message_is("The specified transitive tag key must be included in the requested tags.");
    // Keys match whatever their case.
    sts.assume_role()
        .role_arn(&arn)
        .role_session_name("SessionInvalidCasingTransitiveKeys")
        .tags(tag("SessionTag1", "SessionValue1"))
        .transitive_tag_keys("sessiontag1")
        .send()
        .await
        .unwrap();
    api_error(
        sts.assume_role()
            .role_arn(&arn)
            .role_session_name("SessionDuplicateKeys")
            .tags(tag("SessionTag1", "SessionValue1"))
            .tags(tag("sessiontag1", "SessionValue2"))
            .send()
            .await,
    )
    .expect(400, "InvalidParameterValue")
    .message_is("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

/// Instance profile role errors (AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_instance_profiles.snapshot.json,
/// `test_role_instance_profile_operations_errors`).
#[tokio::test]
async fn instance_profile_role_errors_name_what_is_missing() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_role()
        .role_name("web")
        .assume_role_policy_document(EC2_TRUST)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("web-profile")
        .send()
        .await
        .unwrap();
    api_error(
        iam.remove_role_from_instance_profile()
            .instance_profile_name("web-profile")
            .role_name("web")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("Role web in Instance Profile web-profile cannot be found.");
    api_error(
        iam.remove_role_from_instance_profile()
            .instance_profile_name("nonexistent-profile")
            .role_name("web")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("Instance Profile nonexistent-profile cannot be found.");
    api_error(
        iam.remove_role_from_instance_profile()
            .instance_profile_name("web-profile")
            .role_name("nonexistent-role")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The role with name nonexistent-role cannot be found.");
}
