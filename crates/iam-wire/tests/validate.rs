//! Validation messages, in AWS's exact wording, for each constraint the models use.

use iam_wire::model::{Service, model};
use iam_wire::query::{QueryError, decode_input, parse_params};

fn validation(service: Service, body: &str) -> String {
    let params = parse_params(body.as_bytes()).expect("form-encoded");
    let action = params
        .iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v.clone())
        .expect("Action");
    match decode_input(model(service), &action, &params) {
        Err(QueryError::Validation(m)) => m,
        other => panic!("expected a validation error for {body}, got {other:?}"),
    }
}

#[test]
fn pattern() {
    assert_eq!(
        validation(Service::Iam, "Action=CreateUser&UserName=a+b"),
        r"1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+"
    );
}

#[test]
fn required_member_missing() {
    assert_eq!(
        validation(Service::Iam, "Action=CreateUser"),
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn length_bounds() {
    let long = "a".repeat(65);
    assert_eq!(
        validation(Service::Iam, &format!("Action=CreateUser&UserName={long}")),
        format!(
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64"
        )
    );
    // Pattern before length, as AWS lists them.
    assert_eq!(
        validation(Service::Iam, "Action=CreateUser&UserName="),
        r"2 validation errors detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; Value at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
}

#[test]
fn lengths_count_code_points() {
    // 64 two-byte characters are 64 long, not 128; `é` is not `\w` in Java so only the pattern fails.
    let name = "é".repeat(64);
    let m = validation(Service::Iam, &format!("Action=CreateUser&UserName={name}"));
    assert!(m.starts_with("1 validation error detected:"), "{m}");
    assert!(
        m.ends_with(r"Member must satisfy regular expression pattern: [\w+=,.@-]+"),
        "{m}"
    );
}

#[test]
fn numeric_range() {
    assert_eq!(
        validation(Service::Iam, "Action=ListUsers&MaxItems=1001"),
        "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"
    );
    assert_eq!(
        validation(Service::Iam, "Action=ListUsers&MaxItems=0"),
        "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        validation(Service::Sts, "Action=GetSessionToken&DurationSeconds=20"),
        "1 validation error detected: Value '20' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
    );
}

#[test]
fn enum_values() {
    assert_eq!(
        validation(
            Service::Iam,
            "Action=UpdateAccessKey&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=On"
        ),
        "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set"
    );
}

#[test]
fn several_errors_in_java_hash_map_order() {
    // IAM orders violations as a Java HashMap keyed by path iterates (bucket order).
    assert_eq!(
        validation(Service::Iam, "Action=UpdateAccessKey&UserName=a%20b"),
        "3 validation errors detected: Value at 'accessKeyId' failed to satisfy constraint: Member must not be null; \
         Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; \
         Value at 'status' failed to satisfy constraint: Member must not be null"
    );
    // Recorded: tests/conformance/aws-recorded/iam/test_iam_account_password_policy.snapshot.json
    // (three bounds exceeded at once).
    assert_eq!(
        validation(
            Service::Iam,
            "Action=UpdateAccountPasswordPolicy&MinimumPasswordLength=129&MaxPasswordAge=1096&PasswordReusePrevention=25"
        ),
        "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; \
         Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; \
         Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095"
    );
    // Recorded: tests/conformance/aws-recorded/iam/test_iam_oidc.snapshot.json (lists of strings
    // reported once, as a whole).
    let long_url = format!("https://{}", "a".repeat(250));
    assert_eq!(
        validation(
            Service::Iam,
            &format!(
                "Action=CreateOpenIDConnectProvider&Url={long_url}&ClientIDList.member.1=&ThumbprintList.member.1=abc"
            )
        ),
        "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; \
         Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; \
         Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255"
    );
}

#[test]
fn nested_paths() {
    assert_eq!(
        validation(
            Service::Iam,
            "Action=TagUser&UserName=bob&Tags.member.1.Key=ok&Tags.member.1.Value=fine&Tags.member.2.Key=k&Tags.member.2.Value=a%26b"
        ),
        r"1 validation error detected: Value at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*"
    );
    assert_eq!(
        validation(
            Service::Iam,
            "Action=TagUser&UserName=bob&Tags.member.1.Value=v"
        ),
        "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must not be null"
    );
    // Recorded: tests/conformance/aws-recorded/iam/test_iam_roles.snapshot.json (UntagRole with
    // an empty or over-long key): the list is reported once, `Member must not be null` included.
    assert_eq!(
        validation(
            Service::Iam,
            "Action=UntagUser&UserName=bob&TagKeys.member.1="
        ),
        r"1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]"
    );
    // STS still echoes the value.
    assert_eq!(
        validation(
            Service::Sts,
            "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&PolicyArns.member.1.arn=short"
        ),
        "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20"
    );
}

#[test]
fn list_length() {
    let mut body = String::from("Action=TagUser&UserName=bob");
    for i in 1..=51 {
        body.push_str(&format!(
            "&Tags.member.{i}.Key=k{i}&Tags.member.{i}.Value=v"
        ));
    }
    // Recorded: tests/conformance/aws-recorded/iam/test_iam_roles.snapshot.json (51 tags).
    assert_eq!(
        validation(Service::Iam, &body),
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"
    );
}

#[test]
fn sensitive_values_are_not_echoed() {
    assert_eq!(
        validation(
            Service::Iam,
            "Action=CreateLoginProfile&UserName=bob&Password="
        ),
        r"2 validation errors detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+; Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
}

#[test]
fn java_patterns_keep_java_meaning() {
    // STS role session names: `[\w+=,.@-]*` is ASCII-only in Java.
    let m = validation(
        Service::Sts,
        "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s%C3%A9ssion",
    );
    assert!(m.contains("at 'roleSessionName'"), "{m}");
    // IAM paths: `\u002F` escapes.
    let m = validation(
        Service::Iam,
        "Action=UpdateUser&UserName=bob&NewPath=team%2F",
    );
    assert!(m.contains("Value at 'newPath'"), "{m}");
    let params = parse_params(b"Action=CreateUser&UserName=bob&Path=%2Fteam%2F").unwrap();
    assert!(decode_input(model(Service::Iam), "CreateUser", &params).is_ok());
}

#[test]
fn an_entity_path_outside_its_pattern_gets_aws_text_after_the_model_checks() {
    // Recorded: tests/conformance/aws-recorded/iam/test_iam_mfa.snapshot.json,
    // `create-invalid-path-no-leading-slash-error` (ValidationError, 400).
    let text = "The specified value for path is invalid. It must begin and end with / and contain \
                only alphanumeric characters and/or / characters.";
    for body in [
        "Action=CreateUser&UserName=bob&Path=team%2F",
        "Action=CreateVirtualMFADevice&VirtualMFADeviceName=d&Path=%2Fteam",
        "Action=CreateInstanceProfile&InstanceProfileName=p&Path=%2F%2F%20%2F",
    ] {
        assert_eq!(validation(Service::Iam, body), text, "{body}");
    }
    // Any other violation is the model's, reported without the path's.
    let m = validation(Service::Iam, "Action=CreateUser&UserName=a+b&Path=team");
    assert!(
        m.starts_with("1 validation error detected: Value at 'userName'"),
        "{m}"
    );
    let long = format!("/{}/", "a".repeat(512));
    let m = validation(
        Service::Iam,
        &format!("Action=CreateUser&UserName=bob&Path={long}"),
    );
    assert!(m.ends_with("at 'path' failed to satisfy constraint: Member must have length less than or equal to 512"), "{m}");
    let params = parse_params(b"Action=CreateUser&UserName=bob&Path=%2Fa%2F%2Fb%2F").unwrap();
    assert!(decode_input(model(Service::Iam), "CreateUser", &params).is_ok());
}

#[test]
fn valid_requests_pass() {
    for (service, body) in [
        (
            Service::Iam,
            "Action=CreateUser&UserName=bob%2Bci%40example.com&Tags.member.1.Key=Team%20A&Tags.member.1.Value=",
        ),
        (Service::Iam, "Action=ListUsers&MaxItems=1000&Marker=abc"),
        (
            Service::Iam,
            "Action=UpdateAccessKey&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Inactive",
        ),
        (Service::Sts, "Action=GetCallerIdentity"),
        (
            Service::Sts,
            "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&DurationSeconds=3600",
        ),
    ] {
        let params = parse_params(body.as_bytes()).unwrap();
        let action = &params[0].1;
        assert!(
            decode_input(model(service), action, &params).is_ok(),
            "{body}"
        );
    }
}

/// Every operation of both models: no parameters decode to `{}` or to null errors for exactly
/// the required members, and any output encodes; nothing in the models trips the interpreter.
#[test]
fn every_operation_decodes_and_encodes() {
    for service in [Service::Iam, Service::Sts] {
        let m = model(service);
        for action in m.operation_names() {
            match decode_input(m, action, &[]) {
                Ok(v) => assert_eq!(v, serde_json::json!({}), "{action}"),
                Err(QueryError::Validation(msg)) => {
                    assert!(msg.contains("Member must not be null"), "{action}: {msg}");
                    assert!(!msg.contains("Value '"), "{action}: {msg}");
                    if service == Service::Iam {
                        assert!(!msg.contains("Value null"), "{action}: {msg}");
                    }
                }
                Err(e) => panic!("{action}: {e:?}"),
            }
            let xml = iam_wire::xml::encode_output(m, action, &serde_json::json!({}), "rid");
            assert!(xml.starts_with(&format!(
                "<{action}Response xmlns=\"{}\">",
                m.xml_namespace()
            )));
            assert!(xml.ends_with(&format!("</ResponseMetadata></{action}Response>")));
        }
    }
}
