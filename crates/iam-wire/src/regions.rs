//! Which regions exist, for the credential scope check: AWS refuses a scope naming a region
//! that does not exist ("Credential should be scoped to a valid region."). Taken from
//! botocore's `data/partitions.json` (partition `aws`: its `regionRegex` and its listed
//! regions, `aws-global` among them). Every iamd account is in partition `aws`, so a region
//! of another partition (cn-north-1, us-gov-west-1) is refused too.

/// Whether `region` is a region of partition `aws`: `aws-global`, or what partitions.json's
/// `regionRegex` `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$` accepts (checked by hand: this
/// runs on every request, and a regex cost more than the rest of the scope check).
pub fn is_valid_region(region: &str) -> bool {
    if region == "aws-global" {
        return true;
    }
    let Some((prefix, rest)) = region.split_once('-') else {
        return false;
    };
    let Some((middle, number)) = rest.rsplit_once('-') else {
        return false;
    };
    matches!(
        prefix,
        "us" | "eu" | "ap" | "sa" | "ca" | "me" | "af" | "il" | "mx"
    ) && !middle.is_empty()
        && middle.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
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
