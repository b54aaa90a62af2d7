//! Which regions exist, for the credential scope check: AWS refuses a scope naming a region
//! that does not exist ("Credential should be scoped to a valid region."). Taken from
//! botocore's `data/partitions.json` (partition `aws`: its `regionRegex` and its listed
//! regions, `aws-global` among them). Every iamd account is in partition `aws`, so a region
//! of another partition (cn-north-1, us-gov-west-1) is refused too.
use regex::Regex;
use std::sync::LazyLock;

/// partitions.json, partition `aws`, `regionRegex`.
static AWS_REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$").expect("static regex")
});

/// Whether `region` is a region of partition `aws`.
pub fn is_valid_region(region: &str) -> bool {
    region == "aws-global" || AWS_REGION.is_match(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_partition_aws() {
        for ok in [
            "us-east-1",
            "eu-west-1",
            "ap-southeast-7",
            "mx-central-1",
            "aws-global",
        ] {
            assert!(is_valid_region(ok), "{ok}");
        }
        for bad in [
            "",
            "xx-nowhere-9",
            "cn-north-1",
            "us-gov-west-1",
            "us-east",
            "US-EAST-1",
        ] {
            assert!(!is_valid_region(bad), "{bad}");
        }
    }
}
