//! The ARNs iamd builds and reads that are not an entity's own (`User::arn` and the like):
//! every one carries the partition of the account it names (IAM User Guide: reference-arns,
//! "an account belongs to exactly one partition").
use iam_partitions::Partition;

/// `arn:P:iam::ACCOUNT:root`, the account's root user.
pub fn root(partition: Partition, account: &str) -> String {
    format!("arn:{partition}:iam::{account}:root")
}

/// `arn:P:iam::ACCOUNT:RESOURCE`.
pub fn iam(partition: Partition, account: &str, resource: &str) -> String {
    format!("arn:{partition}:iam::{account}:{resource}")
}

/// `arn:P:sts::ACCOUNT:RESOURCE` (assumed-role and federated-user sessions).
pub fn sts(partition: Partition, account: &str, resource: &str) -> String {
    format!("arn:{partition}:sts::{account}:{resource}")
}

/// An AWS-managed policy's ARN, `arn:P:iam::aws:policy{path_and_name}` (`/ReadOnlyAccess`,
/// `/job-function/Billing`).
pub fn aws_managed_policy(partition: Partition, path_and_name: &str) -> String {
    format!("arn:{partition}:iam::aws:policy{path_and_name}")
}

/// The parts of an IAM ARN of a known partition: `arn:aws-cn:iam::123456789012:role/r` →
/// (aws-cn, `123456789012`, `role/r`). The account may be `aws` (AWS-managed policies).
pub fn split_iam(arn: &str) -> Option<(Partition, &str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let (account, resource) = rest.split_once(':')?;
    Some((Partition::from_id(partition)?, account, resource))
}

/// Whether `arn` names an AWS-managed policy (`arn:P:iam::aws:policy/…`), in any partition.
pub fn is_aws_managed_policy(arn: &str) -> bool {
    split_iam(arn)
        .is_some_and(|(_, account, resource)| account == "aws" && resource.starts_with("policy/"))
}

/// `arn:P:iam::aws:policy/` for this partition: the prefix of its AWS-managed policies.
pub fn aws_managed_policy_prefix(partition: Partition) -> String {
    format!("arn:{partition}:iam::aws:policy/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_carry_their_partition() {
        let cn = Partition::from_id("aws-cn").unwrap();
        assert_eq!(
            root(cn, "111122223333"),
            "arn:aws-cn:iam::111122223333:root"
        );
        assert_eq!(
            sts(cn, "1", "assumed-role/r/s"),
            "arn:aws-cn:sts::1:assumed-role/r/s"
        );
        assert_eq!(
            aws_managed_policy(cn, "/ReadOnlyAccess"),
            "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"
        );
        assert_eq!(
            split_iam("arn:aws-us-gov:iam::123456789012:user/a/b"),
            Some((
                Partition::from_id("aws-us-gov").unwrap(),
                "123456789012",
                "user/a/b"
            ))
        );
        assert_eq!(split_iam("arn:aws-mars:iam::1:root"), None);
        assert_eq!(split_iam("arn:aws:s3:::bucket"), None);
        assert!(is_aws_managed_policy(
            "arn:aws-cn:iam::aws:policy/AdministratorAccess"
        ));
        assert!(!is_aws_managed_policy("arn:aws:iam::123456789012:policy/x"));
    }
}
