//! XML responses for representative output shapes. With `IAM_WIRE_DUMP_XML=<dir>` set, each
//! document is also written to `<dir>/<Service>_<Action>.xml` so `botocore_parse.py` can check
//! that botocore's own Query parser reads back exactly the JSON the handler gave.

use iam_wire::model::{Service, model};
use iam_wire::xml::{encode_error, encode_output};
use serde_json::{Value, json};

const RID: &str = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

fn encode(service: Service, action: &str, output: &Value) -> String {
    let xml = encode_output(model(service), action, output, RID);
    if let Ok(dir) = std::env::var("IAM_WIRE_DUMP_XML") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{service:?}_{action}.xml"), &xml).unwrap();
        std::fs::write(
            format!("{dir}/{service:?}_{action}.json"),
            output.to_string(),
        )
        .unwrap();
    }
    xml
}

fn user() -> Value {
    json!({
        "Path": "/", "UserName": "bob", "UserId": "AIDACKCEVSQ6C2EXAMPLE",
        "Arn": "arn:aws:iam::123456789012:user/bob", "CreateDate": "2026-11-25T14:22:10Z",
        "Tags": [{"Key": "team", "Value": "a&b <c>"}]
    })
}

/// A key the model does not know is a handler's typo: left out of the document, and recorded
/// in debug builds (every test) for the harnesses to fail on.
#[test]
#[cfg(debug_assertions)]
fn an_unknown_output_key_is_left_out_and_recorded() {
    let mut out = json!({"User": user()});
    out["User"]["UserNmae"] = json!("typo");
    let xml = encode(Service::Iam, "GetUser", &out);
    assert!(!xml.contains("typo"), "{xml}");
    assert!(iam_wire::xml::take_unknown_output_keys().contains(&"User.UserNmae".to_string()));
}

#[test]
fn get_user() {
    // Keys in a different order than the model, and a null: the model decides.
    let mut out = json!({"User": user()});
    out["User"]["PasswordLastUsed"] = Value::Null;
    let xml = encode(Service::Iam, "GetUser", &out);
    assert_eq!(
        xml,
        "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetUserResult><User>\
         <Path>/</Path><UserName>bob</UserName><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>\
         <Arn>arn:aws:iam::123456789012:user/bob</Arn><CreateDate>2026-11-25T14:22:10Z</CreateDate>\
         <Tags><member><Key>team</Key><Value>a&amp;b &lt;c&gt;</Value></member></Tags>\
         </User></GetUserResult><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE\
         </RequestId></ResponseMetadata></GetUserResponse>"
    );
}

#[test]
fn list_users_with_pagination() {
    let mut second = user();
    second["UserName"] = json!("alice");
    let out = json!({"Users": [user(), second], "IsTruncated": true, "Marker": "m2"});
    let xml = encode(Service::Iam, "ListUsers", &out);
    assert!(xml.contains("<ListUsersResult><Users><member><Path>/</Path><UserName>bob</UserName>"));
    assert!(xml.contains(
        "</member></Users><IsTruncated>true</IsTruncated><Marker>m2</Marker></ListUsersResult>"
    ));

    let empty = encode_output(
        model(Service::Iam),
        "ListUsers",
        &json!({"Users": [], "IsTruncated": false}),
        RID,
    );
    assert!(empty.contains(
        "<ListUsersResult><Users></Users><IsTruncated>false</IsTruncated></ListUsersResult>"
    ));
}

#[test]
fn get_account_summary_map() {
    let out = json!({"SummaryMap": {"Users": 3, "Groups": 1, "UsersQuota": 5000, "AccountMFAEnabled": 0}});
    let xml = encode(Service::Iam, "GetAccountSummary", &out);
    assert!(xml.contains(
        "<GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>3</value></entry>\
         <entry><key>Groups</key><value>1</value></entry>"
    ));
}

#[test]
fn get_account_authorization_details_nested_lists() {
    let out = json!({
        "UserDetailList": [{
            "Path": "/", "UserName": "bob", "UserId": "AIDACKCEVSQ6C2EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:user/bob", "CreateDate": "2026-11-25T14:22:10Z",
            "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D"}],
            "GroupList": ["admins", "devs"],
            "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
            "Tags": []
        }],
        "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/", "RoleName": "r", "RoleId": "AROADBQP57FF2AEXAMPLE",
            "Arn": "arn:aws:iam::123456789012:role/r", "CreateDate": "2026-11-25T14:22:10Z",
            "AssumeRolePolicyDocument": "%7B%7D",
            "InstanceProfileList": [{
                "Path": "/", "InstanceProfileName": "ip", "InstanceProfileId": "AIPAD5ARO2C5EXAMPLE",
                "Arn": "arn:aws:iam::123456789012:instance-profile/ip", "CreateDate": "2026-11-25T14:22:10Z",
                "Roles": [{"Path": "/", "RoleName": "r", "RoleId": "AROADBQP57FF2AEXAMPLE",
                           "Arn": "arn:aws:iam::123456789012:role/r", "CreateDate": "2026-11-25T14:22:10Z",
                           "MaxSessionDuration": 3600, "RoleLastUsed": {"Region": "us-east-1", "LastUsedDate": "2026-11-26T01:02:03Z"}}]
            }],
            "RolePolicyList": [], "AttachedManagedPolicies": [],
            "RoleLastUsed": {}
        }],
        "Policies": [{
            "PolicyName": "p", "PolicyId": "ANPAJ2UCCR6DPCEXAMPLE", "Arn": "arn:aws:iam::123456789012:policy/p",
            "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": true, "CreateDate": "2026-11-25T14:22:10Z", "UpdateDate": "2026-11-25T14:22:10Z",
            "PolicyVersionList": [{"Document": "%7B%7D", "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2026-11-25T14:22:10Z"}]
        }],
        "IsTruncated": false
    });
    let xml = encode(Service::Iam, "GetAccountAuthorizationDetails", &out);
    assert!(xml.contains("<GroupList><member>admins</member><member>devs</member></GroupList>"));
    assert!(xml.contains("<Roles><member><Path>/</Path><RoleName>r</RoleName>"));
    assert!(xml.contains("<GroupDetailList></GroupDetailList>"));
}

#[test]
fn create_access_key() {
    let out = json!({"AccessKey": {
        "UserName": "bob", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Active",
        "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", "CreateDate": "2026-11-25T14:22:10Z"}});
    let xml = encode(Service::Iam, "CreateAccessKey", &out);
    assert!(xml.contains(
        "<CreateAccessKeyResult><AccessKey><UserName>bob</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId>\
         <Status>Active</Status><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\
         <CreateDate>2026-11-25T14:22:10Z</CreateDate></AccessKey></CreateAccessKeyResult>"
    ));
}

#[test]
fn sts_get_caller_identity_and_assume_role() {
    let out = json!({"UserId": "AIDACKCEVSQ6C2EXAMPLE", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/bob"});
    let xml = encode(Service::Sts, "GetCallerIdentity", &out);
    assert_eq!(
        xml,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>\
         <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/bob</Arn>\
         </GetCallerIdentityResult><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\
         </ResponseMetadata></GetCallerIdentityResponse>"
    );
    let out = json!({
        "Credentials": {"AccessKeyId": "ASIAIOSFODNN7EXAMPLE", "SecretAccessKey": "secret", "SessionToken": "tok",
                        "Expiration": "2026-11-25T15:22:10Z"},
        "AssumedRoleUser": {"AssumedRoleId": "AROA3XFRBF535PLBIFPI4:s1", "Arn": "arn:aws:sts::123456789012:assumed-role/r/s1"},
        "PackedPolicySize": 6, "SourceIdentity": "me"
    });
    encode(Service::Sts, "AssumeRole", &out);
}

#[test]
fn operation_without_output_has_no_result() {
    let xml = encode(Service::Iam, "DeleteUser", &json!({}));
    assert_eq!(
        xml,
        "<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>\
         <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></DeleteUserResponse>"
    );
}

#[test]
fn sts_error_document() {
    let xml = encode_error(
        Service::Sts,
        "Sender",
        "AccessDenied",
        "not authorized",
        RID,
    );
    assert!(xml.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"));
    if let Ok(dir) = std::env::var("IAM_WIRE_DUMP_XML") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/error_Sts.xml"), &xml).unwrap();
    }
}

/// Encodes every `<Service>_<Action>.json` in `IAM_WIRE_ENCODE_DIR` (from `botocore_check.py
/// skeletons`) to the `.xml` beside it, for `botocore_check.py parse` to read back: every output
/// shape of both models, not only the ones above. Skipped unless the variable is set.
#[test]
fn encode_botocore_skeletons() {
    let Ok(dir) = std::env::var("IAM_WIRE_ENCODE_DIR") else {
        return;
    };
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (service, action) = match stem.split_once('_') {
            Some(("Iam", a)) => (Service::Iam, a.to_owned()),
            Some(("Sts", a)) => (Service::Sts, a.to_owned()),
            _ => continue,
        };
        let output: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let xml = encode_output(model(service), &action, &output, RID);
        std::fs::write(path.with_extension("xml"), xml).unwrap();
    }
}
