//! Fuzz bodies for the AWS Query protocol and SigV4: no input makes `parse_params`,
//! `decode_input` or `parse_signature` (and what the server does next with a parsed signature)
//! panic, and each is deterministic.

use iam_wire::model::{Service, model};
use iam_wire::query::{decode_input, parse_params};
use iam_wire::sigv4::{
    HttpRequest, canonical_request, check_scope, parse_signature, string_to_sign, verify,
};

/// Actions whose inputs exercise strings with patterns, lists, maps of tags, integers, booleans,
/// enums, nested structures and policy documents.
const IAM_ACTIONS: [&str; 10] = [
    "CreateUser",
    "PutUserPolicy",
    "CreatePolicy",
    "TagUser",
    "ListUsers",
    "UpdateAccessKey",
    "SimulatePrincipalPolicy",
    "CreateRole",
    "UpdateAccountPasswordPolicy",
    "EnableMFADevice",
];
const STS_ACTIONS: [&str; 3] = ["AssumeRole", "GetSessionToken", "GetCallerIdentity"];

/// The `query_decode` target: the input is a form body.
pub fn query_decode(data: &[u8]) {
    let Ok(params) = parse_params(data) else {
        return;
    };
    assert_eq!(
        parse_params(data).ok().as_ref(),
        Some(&params),
        "parse_params is not deterministic"
    );
    let iam = model(Service::Iam);
    let sts = model(Service::Sts);
    // The action the request names, as the server dispatches it, and a fixed set.
    if let Some((_, action)) = params.iter().find(|(k, _)| k == "Action") {
        let _ = decode_input(iam, action, &params);
        let _ = decode_input(sts, action, &params);
    }
    for action in IAM_ACTIONS {
        let a = decode_input(iam, action, &params);
        assert_eq!(
            a,
            decode_input(iam, action, &params),
            "decode_input is not deterministic"
        );
    }
    for action in STS_ACTIONS {
        let _ = decode_input(sts, action, &params);
    }
}

/// The `sigv4_parse` target. The input is split into lines: the first is `METHOD path?query`,
/// then `name: value` headers up to an empty line, then the body.
pub fn sigv4_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let (method, target) = first.split_once(' ').unwrap_or(("POST", first));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = Vec::new();
    let mut body = String::new();
    let mut in_body = false;
    for line in lines {
        if in_body {
            body.push_str(line);
            body.push('\n');
        } else if line.is_empty() {
            in_body = true;
        } else {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            headers.push((name.to_string(), value.trim_start().to_string()));
        }
    }
    let req = HttpRequest {
        method,
        path,
        query,
        headers: &headers,
        body: body.as_bytes(),
    };
    let parsed = parse_signature(&req);
    assert_eq!(
        parsed,
        parse_signature(&req),
        "parse_signature is not deterministic"
    );
    if let Ok(sig) = parsed {
        let _ = canonical_request(&req, &sig);
        let _ = string_to_sign(&req, &sig);
        let _ = check_scope(&sig.credential, "iam", |r| r == "us-east-1");
        let now = time::OffsetDateTime::from_unix_timestamp(1_777_636_800)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let _ = verify(&req, &sig, b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", now);
    }
}
