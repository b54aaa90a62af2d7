//! The policy-validation corpus (tests/conformance/policy-validation): 78 documents with the
//! MalformedPolicyDocument messages recorded from real AWS, and 54 documents AWS accepts.

use std::path::PathBuf;

use iam_policy::{PolicyKind, parse_policy};
use serde_json::Value;

fn corpus(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/conformance/policy-validation")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("corpus is JSON")
}

/// String documents are sent as they are; JSON documents serialized, as the replay script does.
fn document_text(document: &Value) -> String {
    match document {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).expect("serializable"),
    }
}

#[test]
fn aws_corpus_passes() {
    let mut failures = Vec::new();
    let mut passed = 0;

    let invalid = corpus("invalid-policy-documents.aws-checked.json");
    for case in invalid["cases"].as_array().expect("cases") {
        let index = &case["index"];
        let want = case["aws_recorded_message"].as_str().expect("message");
        let document = document_text(&case["document"]);
        match parse_policy(&document, PolicyKind::Identity) {
            Err(e) if e.to_string() == want => passed += 1,
            Err(e) => failures.push(format!(
                "invalid-{index}: want {want:?}, got {:?}\n  {document}",
                e.to_string()
            )),
            Ok(_) => failures.push(format!(
                "invalid-{index}: want {want:?}, accepted\n  {document}"
            )),
        }
    }

    let valid = corpus("moto-valid-policy-documents.json");
    for (i, document) in valid["cases"].as_array().expect("cases").iter().enumerate() {
        let document = document_text(document);
        match parse_policy(&document, PolicyKind::Identity) {
            Ok(_) => passed += 1,
            Err(e) => failures.push(format!(
                "valid-{i}: refused with {:?}\n  {document}",
                e.to_string()
            )),
        }
    }

    for failure in &failures {
        eprintln!("FAIL {failure}");
    }
    eprintln!("{passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} corpus cases failed",
        failures.len()
    );
    assert_eq!(passed, 132);
}
