//! Query decoding: flat `Name.member.N` parameters into the input shape's JSON, per the models.

use iam_wire::model::{Service, model};
use iam_wire::query::{QueryError, decode_input, parse_params};
use serde_json::json;

fn decode(service: Service, body: &str) -> Result<serde_json::Value, QueryError> {
    let params = parse_params(body.as_bytes()).expect("form-encoded");
    let action = params
        .iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v.clone())
        .expect("Action");
    decode_input(model(service), &action, &params)
}

#[test]
fn structure_list_of_structures_and_ignored_params() {
    let got = decode(
        Service::Iam,
        "Action=CreateUser&Version=2010-05-08&UserName=bob&Path=%2Fteam%2F\
         &Tags.member.1.Key=env&Tags.member.1.Value=prod&Tags.member.2.Key=team&Tags.member.2.Value=\
         &Unknown=1&X-Amz-Date=20260101T000000Z",
    )
    .unwrap();
    assert_eq!(
        got,
        json!({"Path": "/team/", "UserName": "bob",
               "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": ""}]})
    );
    // Member order is the model's, whatever the parameter order.
    let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Path", "UserName", "Tags"]);
}

#[test]
fn list_items_are_ordered_numerically() {
    let got = decode(
        Service::Iam,
        "Action=UntagUser&UserName=bob&TagKeys.member.10=j&TagKeys.member.2=b&TagKeys.member.1=a",
    )
    .unwrap();
    assert_eq!(got, json!({"UserName": "bob", "TagKeys": ["a", "b", "j"]}));
}

#[test]
fn empty_list_is_the_bare_name() {
    let got = decode(Service::Iam, "Action=CreateUser&UserName=bob&Tags=").unwrap();
    assert_eq!(got, json!({"UserName": "bob", "Tags": []}));
}

#[test]
fn nested_lists_in_lists() {
    let got = decode(
        Service::Iam,
        "Action=SimulateCustomPolicy&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3%3AGetObject\
         &ContextEntries.member.1.ContextKeyName=aws%3AUsername&ContextEntries.member.1.ContextKeyType=string\
         &ContextEntries.member.1.ContextKeyValues.member.1=bob&ContextEntries.member.1.ContextKeyValues.member.2=alice\
         &MaxItems=10",
    )
    .unwrap();
    assert_eq!(
        got,
        json!({
            "PolicyInputList": ["{}"],
            "ActionNames": ["s3:GetObject"],
            "ContextEntries": [{"ContextKeyName": "aws:Username",
                                "ContextKeyValues": ["bob", "alice"],
                                "ContextKeyType": "string"}],
            "MaxItems": 10
        })
    );
}

#[test]
fn nested_structures() {
    let got = decode(
        Service::Sts,
        "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1\
         &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds=900",
    )
    .unwrap();
    assert_eq!(
        got["PolicyArns"],
        json!([{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])
    );
    assert_eq!(got["DurationSeconds"], json!(900));

    let got = decode(
        Service::Iam,
        "Action=CreateDelegationRequest&Description=d&Permissions.PolicyTemplateArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Fx\
         &Permissions.Parameters.member.1.Name=bucketName&Permissions.Parameters.member.1.Values.member.1=b1\
         &Permissions.Parameters.member.1.Type=string&RequestMessage=m&NotificationChannel=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At\
         &SessionDuration=3600&RequestorWorkflowId=wf-01",
    );
    let got = got.unwrap();
    assert_eq!(
        got["Permissions"],
        json!({"PolicyTemplateArn": "arn:aws:iam::aws:policy/x",
               "Parameters": [{"Name": "bucketName", "Values": ["b1"], "Type": "string"}]})
    );
}

#[test]
fn scalars_take_their_model_types() {
    let got = decode(
        Service::Iam,
        "Action=UpdateAccountPasswordPolicy&MinimumPasswordLength=12&RequireSymbols=true\
         &RequireNumbers=false&MaxPasswordAge=90",
    )
    .unwrap();
    assert_eq!(
        got,
        json!({"MinimumPasswordLength": 12, "RequireSymbols": true, "RequireNumbers": false,
               "MaxPasswordAge": 90})
    );
}

#[test]
fn unreadable_scalars_are_malformed_input() {
    let err = decode(Service::Iam, "Action=ListUsers&MaxItems=ten").unwrap_err();
    assert_eq!(
        err,
        QueryError::MalformedInput(
            "Invalid value 'ten' for parameter MaxItems: expected an integer".into()
        )
    );
    let err = decode(
        Service::Iam,
        "Action=UpdateAccountPasswordPolicy&RequireSymbols=yes",
    )
    .unwrap_err();
    assert!(matches!(err, QueryError::MalformedInput(m) if m.contains("RequireSymbols")));
    // An integer beyond 32 bits does not fit an `integer` shape.
    let err = decode(Service::Iam, "Action=ListUsers&MaxItems=4294967296").unwrap_err();
    assert!(matches!(err, QueryError::MalformedInput(_)));
}

#[test]
fn operations_without_members_decode_to_an_empty_object() {
    assert_eq!(
        decode(Service::Sts, "Action=GetCallerIdentity&Version=2011-06-15").unwrap(),
        json!({})
    );
    assert_eq!(
        decode(Service::Iam, "Action=GetAccountSummary").unwrap(),
        json!({})
    );
}

#[test]
fn unknown_action_is_refused() {
    let params = parse_params(b"Action=Nope").unwrap();
    assert!(matches!(
        decode_input(model(Service::Iam), "Nope", &params),
        Err(QueryError::MalformedInput(_))
    ));
}

/// Bodies serialized by botocore's `QuerySerializer` (`botocore_check.py serialize DIR`) decode to
/// exactly the params botocore was given. Skipped unless `IAM_WIRE_BOTOCORE_BODIES=DIR` is set.
#[test]
fn botocore_serialized_bodies_round_trip() {
    let Ok(dir) = std::env::var("IAM_WIRE_BOTOCORE_BODIES") else {
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "body") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let service = if stem.contains("_Sts_") {
            Service::Sts
        } else {
            Service::Iam
        };
        let body = std::fs::read(&path).unwrap();
        let want: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
        let params = parse_params(&body).unwrap();
        let action = params
            .iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v.clone())
            .unwrap();
        let got = decode_input(model(service), &action, &params).unwrap();
        assert_eq!(got, want, "{stem}");
        checked += 1;
    }
    assert!(checked > 0, "no .body files in {dir}");
}
