//! AWS's content rules for Action and Resource strings, with their exact messages: vendor
//! prefixes, ARN partitions, region-free services and IAM resource paths. The rules and their
//! quirks (e.g. only the part before the first colon is taken as `arn`) were recorded from real
//! AWS in the conformance corpus (tests/conformance/policy-validation).

use crate::error::messages;

/// Partitions AWS accepts in resource ARNs: every partition there is (iam-partitions checks
/// this list against botocore's partitions.json).
pub const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Resource types an IAM ARN can name (the path after the account).
const IAM_PREFIXES: [&str; 13] = [
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
];

/// The operator name without `ForAnyValue:`/`ForAllValues:` and `IfExists`, known or not.
pub(crate) fn strip_operator(name: &str) -> &str {
    let name = name
        .strip_prefix("ForAnyValue:")
        .or_else(|| name.strip_prefix("ForAllValues:"))
        .unwrap_or(name);
    name.strip_suffix("IfExists").unwrap_or(name)
}

/// `service:Action` with a plain vendor, or `*`.
pub(crate) fn action_prefix(action: &str) -> Result<(), String> {
    let parts: Vec<&str> = action.split(':').collect();
    if parts.len() == 1 && action != "*" {
        return Err(messages::NO_VENDOR.to_string());
    }
    if parts.len() > 2 {
        return Err(messages::ONE_COLON.to_string());
    }
    let vendor = parts[0];
    if vendor != "*"
        && !vendor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(format!("Vendor {vendor} is not valid"));
    }
    Ok(())
}

/// A resource AWS refuses with a message of its own.
pub(crate) struct ResourceError<'a> {
    pub(crate) resource: &'a str,
    pub(crate) message: String,
}

pub(crate) fn resource_format(resource: &str) -> Result<(), ResourceError<'_>> {
    let fail = |message: String| Err(ResourceError { resource, message });
    if resource == "*" {
        return Ok(());
    }
    let Some((_, rest)) = resource.split_once(':') else {
        return fail(format!(
            "Resource {resource} must be in ARN format or \"*\"."
        ));
    };
    let (partition, after_partition) = match rest.split_once(':') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    };
    if partition != "*" && !PARTITIONS.contains(&partition) {
        return fail(partition_message(partition, after_partition.unwrap_or("")));
    }
    let Some(after_partition) = after_partition else {
        return fail(messages::VENDOR_QUALIFIED.to_string());
    };
    let (service, after_service) = match after_partition.split_once(':') {
        Some((s, a)) => (s, Some(a)),
        None => (after_partition, None),
    };
    let mut fields = after_service.unwrap_or("").splitn(3, ':');
    let region = fields.next().unwrap_or("");
    let account = fields.next().unwrap_or("");
    let path = fields.next().unwrap_or("");
    // An ARN that stops right after the service counts as naming a region (AWS's quirk).
    let has_region = after_service.is_none() || !region.is_empty();
    match service {
        "iam" if has_region => fail(format!(
            "IAM resource {resource} cannot contain region information."
        )),
        "iam" if !iam_path_ok(path) => fail(messages::IAM_PATH.to_string()),
        // Buckets are global; account-scoped S3 resources (access points, jobs) carry a region.
        "s3" if has_region && account.is_empty() => fail(format!(
            "Resource {resource} can not contain region information."
        )),
        _ => Ok(()),
    }
}

fn iam_path_ok(path: &str) -> bool {
    let resource_type = path.split('/').next().unwrap_or("");
    path == "*"
        || path == "root"
        || IAM_PREFIXES.iter().any(|p| path.starts_with(p))
        // A wildcard or variable in the type may stand for a valid one.
        || resource_type.contains(['*', '?', '$'])
}

/// `Partition "x" is not valid for resource "arn:x:a:b:c:d".`, with absent fields shown as `*`.
fn partition_message(partition: &str, remaining: &str) -> String {
    let parts: Vec<&str> = remaining.split(':').collect();
    let service = if parts[0].is_empty() && parts.len() == 1 {
        "*"
    } else {
        parts[0]
    };
    let region = parts.get(1).copied().unwrap_or("*");
    let account = parts.get(2).copied().unwrap_or("*");
    let rest = if parts.len() > 3 {
        parts[3..].join(":")
    } else {
        "*".to_string()
    };
    format!(
        "Partition \"{partition}\" is not valid for resource \"arn:{partition}:{service}:{region}:{account}:{rest}\"."
    )
}

/// The older parser AWS still runs: an ARN with `::` needs all six fields, and the service is
/// never empty.
pub(crate) fn resource_legacy_ok(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let colons = resource.matches(':').count();
    (colons >= 5 || !resource.contains("::"))
        && resource.split(':').nth(2).is_some_and(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(resource: &str) -> Option<String> {
        resource_format(resource).err().map(|e| e.message)
    }

    #[test]
    fn resource_formats() {
        assert_eq!(message("*"), None);
        assert_eq!(message("arn:aws:s3:::bucket"), None);
        assert_eq!(
            message("arn:aws:s3:us-west-2:123456789012:accesspoint/ap"),
            None
        );
        assert_eq!(message("arn:aws:iam::123456789012:root"), None);
        assert_eq!(message("arn:aws:iam::*:*"), None);
        assert_eq!(message("arn:aws:fdsasf"), None);
        assert_eq!(
            message("arn:aws").as_deref(),
            Some(messages::VENDOR_QUALIFIED)
        );
        assert_eq!(
            message("arn:aws:iam:::x").as_deref(),
            Some(messages::IAM_PATH)
        );
        assert_eq!(
            message("a:bsdfdsafsad").as_deref(),
            Some(
                "Partition \"bsdfdsafsad\" is not valid for resource \"arn:bsdfdsafsad:*:*:*:*\"."
            )
        );
    }

    #[test]
    fn actions() {
        assert!(action_prefix("*").is_ok());
        assert!(action_prefix("iam: asdf safdsf af ").is_ok());
        assert!(action_prefix("s3.s:ListBucket").is_ok());
        assert_eq!(
            action_prefix("a a:b"),
            Err("Vendor a a is not valid".to_string())
        );
        assert_eq!(action_prefix(""), Err(messages::NO_VENDOR.to_string()));
    }
}
