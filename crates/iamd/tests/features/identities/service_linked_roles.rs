//! CreateServiceLinkedRole replayed against every call AWS answered in the recordings:
//! tests/conformance/aws-recorded/iam/test_iam.snapshot.json, class `TestIAMServiceRoles`
//! (`test_service_role_lifecycle[<service>]`, `test_service_role_lifecycle_custom_suffix[<service>]`,
//! `test_service_role_lifecycle_custom_suffix_not_allowed[<service>]`,
//! `test_service_role_already_exists`, `test_service_role_deletion`). The snapshot is read at test
//! time, so a refreshed recording is replayed as it is.
use crate::common::*;
use serde_json::Value;

const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/conformance/aws-recorded/iam/test_iam.snapshot.json"
);

/// The recorded content of each `TestIAMServiceRoles` test whose name starts with `test`,
/// with the parametrized service (`None` for tests without one).
fn recorded(test: &str) -> Vec<(Option<String>, Value)> {
    let text = std::fs::read_to_string(SNAPSHOT).expect("the AWS recording is in the repository");
    let snapshot: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    let mut out: Vec<(Option<String>, Value)> = snapshot
        .into_iter()
        .filter_map(|(key, value)| {
            let name = key.split("::TestIAMServiceRoles::").nth(1)?;
            let (base, service) = match name.split_once('[') {
                Some((base, rest)) => (base, Some(rest.trim_end_matches(']').to_string())),
                None => (name, None),
            };
            (base == test).then(|| (service, value["recorded-content"].clone()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The recording's account and partition placeholders, filled in for this server.
fn localize(recorded: &str, account: &str) -> String {
    recorded
        .replace("<partition>", "aws")
        .replace("111111111111", account)
}

/// Every recorded `test_service_role_lifecycle[<service>]`: the role AWS created (or found) for
/// the service, as GetRole, ListRolePolicies and ListAttachedRolePolicies showed it. Compared:
/// name, path, ARN, the trust policy (Action and Service as single strings), MaxSessionDuration,
/// no inline policies, the attached AWS-managed policies. Left out as the recording's own
/// `skip_snapshot_verify` leaves them out: RoleLastUsed, Description and Tags, which depend on
/// whether AWS's service had created the role before (rds, ssm and sso had: their roles carry
/// the description the service gave them; a role CreateServiceLinkedRole makes has none).
#[tokio::test]
async fn create_service_linked_role_answers_every_recorded_service_as_aws_did() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let cases = recorded("test_service_role_lifecycle");
    assert!(cases.len() >= 70, "{} recorded services", cases.len());
    for (service, content) in cases {
        let service = service.unwrap();
        let expected = &content["describe-response"]["Role"];
        let created = iam
            .create_service_linked_role()
            .aws_service_name(&service)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{service}: {e:?}"))
            .role
            .unwrap();
        let name = expected["RoleName"].as_str().unwrap();
        assert_eq!(created.role_name, name, "{service}");
        let role = iam
            .get_role()
            .role_name(name)
            .send()
            .await
            .unwrap()
            .role
            .unwrap();
        assert_eq!(role.path, expected["Path"].as_str().unwrap(), "{service}");
        assert_eq!(
            role.arn,
            localize(expected["Arn"].as_str().unwrap(), &s.account_id),
            "{service}"
        );
        assert_eq!(
            role.max_session_duration,
            expected["MaxSessionDuration"].as_i64().map(|d| d as i32),
            "{service}"
        );
        assert_eq!(role.description, None, "{service}");
        let trust: Value = serde_json::from_str(&url_decode(
            role.assume_role_policy_document.as_deref().unwrap(),
        ))
        .unwrap();
        assert_eq!(trust, expected["AssumeRolePolicyDocument"], "{service}");

        let inline = iam
            .list_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(&inline.policy_names).unwrap(),
            content["inline-role-policies"]["PolicyNames"],
            "{service}"
        );
        let attached: Vec<(String, String)> = iam
            .list_attached_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap()
            .attached_policies
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.policy_name.unwrap(), p.policy_arn.unwrap()))
            .collect();
        let want: Vec<(String, String)> = content["attached-role-policies"]["AttachedPolicies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["PolicyName"].as_str().unwrap().to_string(),
                    localize(p["PolicyArn"].as_str().unwrap(), &s.account_id),
                )
            })
            .collect();
        if service == "lex.amazonaws.com" {
            // AWS attaches AmazonLexBotPolicy, which neither public compilation of the AWS-managed
            // policies has (data/service-linked-roles.txt): iamd attaches none.
            assert_eq!(
                want,
                vec![(
                    "AmazonLexBotPolicy".to_string(),
                    "arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy".to_string()
                )]
            );
            assert!(attached.is_empty(), "{attached:?}");
        } else {
            assert_eq!(attached, want, "{service}");
        }
    }
}

/// `test_service_role_lifecycle_custom_suffix[<service>]` (the three services that take one):
/// the role is `<name>_<suffix>` under the same path; every other recorded service refuses a
/// suffix, `test_service_role_lifecycle_custom_suffix_not_allowed[<service>]`, with AWS's code,
/// status and message.
#[tokio::test]
async fn custom_suffixes_are_taken_or_refused_as_aws_recorded() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let allowed = recorded("test_service_role_lifecycle_custom_suffix");
    assert_eq!(allowed.len(), 3);
    for (service, content) in allowed {
        let service = service.unwrap();
        let expected = &content["describe-response"]["Role"];
        // The recording replaced its random suffix with "<suffix>".
        let name = expected["RoleName"]
            .as_str()
            .unwrap()
            .replace("<suffix>", "a1b2c3");
        let role = iam
            .create_service_linked_role()
            .aws_service_name(&service)
            .custom_suffix("a1b2c3")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{service}: {e:?}"))
            .role
            .unwrap();
        assert_eq!(role.role_name, name, "{service}");
        assert_eq!(role.path, expected["Path"].as_str().unwrap(), "{service}");
        let attached = iam
            .list_attached_role_policies()
            .role_name(&name)
            .send()
            .await
            .unwrap()
            .attached_policies
            .unwrap_or_default();
        assert_eq!(
            attached.len(),
            content["attached-role-policies"]["AttachedPolicies"]
                .as_array()
                .unwrap()
                .len(),
            "{service}"
        );
    }

    let refused = recorded("test_service_role_lifecycle_custom_suffix_not_allowed");
    assert!(refused.len() >= 60, "{} recorded refusals", refused.len());
    for (service, content) in refused {
        let service = service.unwrap();
        let expected = &content["custom-suffix-not-allowed"];
        let err = api_error(
            iam.create_service_linked_role()
                .aws_service_name(&service)
                .custom_suffix("testsuffix")
                .send()
                .await,
        )
        .expect(
            expected["ResponseMetadata"]["HTTPStatusCode"]
                .as_u64()
                .unwrap() as u16,
            expected["Error"]["Code"].as_str().unwrap(),
        );
        err.message_is(expected["Error"]["Message"].as_str().unwrap());
    }
}

/// `test_service_role_already_exists`: a second role for batch.amazonaws.com is refused with
/// AWS's text; `test_service_role_deletion`: DeleteServiceLinkedRole answers a deletion task
/// `task/aws-service-role/<service>/<role>/<uuid>` whose status is SUCCEEDED.
#[tokio::test]
async fn batch_service_linked_role_is_taken_once_and_deleted_as_aws_recorded() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_service_linked_role()
        .aws_service_name("batch.amazonaws.com")
        .send()
        .await
        .unwrap();
    let (_, exists) = recorded("test_service_role_already_exists").remove(0);
    let expected = &exists["role-already-exists-error"];
    api_error(
        iam.create_service_linked_role()
            .aws_service_name("batch.amazonaws.com")
            .send()
            .await,
    )
    .expect(400, expected["Error"]["Code"].as_str().unwrap())
    .message_is(expected["Error"]["Message"].as_str().unwrap());

    let (_, deletion) = recorded("test_service_role_deletion").remove(0);
    let task = iam
        .delete_service_linked_role()
        .role_name("AWSServiceRoleForBatch")
        .send()
        .await
        .unwrap()
        .deletion_task_id;
    let pattern = deletion["service-linked-role-deletion-response"]["DeletionTaskId"]
        .as_str()
        .unwrap();
    let prefix = pattern.strip_suffix("<uuid>").unwrap();
    let uuid = task
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{task}"));
    let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
    assert_eq!(groups, vec![8, 4, 4, 4, 12], "{task}");
    assert!(
        uuid.chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    let status = iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(&task)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status.status.as_str(),
        deletion["service-linked-role-deletion-status-response"]["Status"]
            .as_str()
            .unwrap()
    );
    assert_eq!(status.reason, None);
}

/// A service the User Guide documents but AWS was not recorded for gets its documented role
/// (data/service-linked-roles.txt); a principal no service answers to is refused.
#[tokio::test]
async fn documented_services_get_their_roles_and_unknown_ones_are_refused() {
    let s = Server::start().await;
    let iam = s.iam_client();
    for (service, name, policy) in [
        (
            "apprunner.amazonaws.com",
            "AWSServiceRoleForAppRunner",
            "AppRunnerServiceRolePolicy",
        ),
        (
            "custom-resource.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_CustomResource",
            "AWSApplicationAutoScalingCustomResourcePolicy",
        ),
        (
            "access-analyzer.amazonaws.com",
            "AWSServiceRoleForAccessAnalyzer",
            "AccessAnalyzerServiceRolePolicy",
        ),
    ] {
        let role = iam
            .create_service_linked_role()
            .aws_service_name(service)
            .send()
            .await
            .unwrap()
            .role
            .unwrap();
        assert_eq!(role.role_name, name);
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
        assert_eq!(
            attached,
            vec![format!("arn:aws:iam::aws:policy/aws-service-role/{policy}")]
        );
    }
    // An unknown service, a known one in another letter case (service principals are
    // case-sensitive) and one with a path or escape in it name no service; nothing is created.
    for service in [
        "nosuchservice.amazonaws.com",
        "Batch.amazonaws.com",
        "BATCH.AMAZONAWS.COM",
    ] {
        api_error(
            iam.create_service_linked_role()
                .aws_service_name(service)
                .send()
                .await,
        )
        .expect(400, "InvalidInput")
        .message_is(&format!(
            "Unrecognized AWSServiceName: {service}. Please check the value and try again."
        ));
    }
    // A path or an escape is outside the member's pattern: refused before any lookup.
    for service in [
        "batch.amazonaws.com/../ecs.amazonaws.com",
        "batch.amazonaws.com%2F",
    ] {
        api_error(
            iam.create_service_linked_role()
                .aws_service_name(service)
                .send()
                .await,
        )
        .expect(400, "ValidationError")
        .message_is(
            "1 validation error detected: Value at 'aWSServiceName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        );
    }
    let roles = iam
        .list_roles()
        .path_prefix("/aws-service-role/")
        .send()
        .await
        .unwrap();
    assert_eq!(roles.roles.len(), 3, "{:?}", roles.roles);
}

/// The permission is granted on the role to be created and conditioned on `iam:AWSServiceName`,
/// as AWS-managed policies grant it (AWSAppRunnerFullAccess: iam:CreateServiceLinkedRole on
/// `arn:aws:iam::*:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner`
/// when `iam:AWSServiceName` is `apprunner.amazonaws.com`): a user with that policy creates
/// App Runner's role and no other.
#[tokio::test]
async fn create_service_linked_role_is_authorized_on_the_role_and_its_service_name() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("runner").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("runner")
        .policy_arn("arn:aws:iam::aws:policy/AWSAppRunnerFullAccess")
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("runner")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let runner = s.iam_client_with(&key.access_key_id, &key.secret_access_key);
    api_error(
        runner
            .create_service_linked_role()
            .aws_service_name("batch.amazonaws.com")
            .send()
            .await,
    )
    .expect(403, "AccessDenied");
    let role = runner
        .create_service_linked_role()
        .aws_service_name("apprunner.amazonaws.com")
        .send()
        .await
        .unwrap()
        .role
        .unwrap();
    assert_eq!(
        role.arn,
        format!(
            "arn:aws:iam::{}:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner",
            s.account_id
        )
    );
}
