//! AWS partitions: `aws`, `aws-cn`, `aws-us-gov`, the isolated ones and `aws-eusc`. Every
//! account belongs to exactly one (IAM User Guide: reference-arns), which names its ARNs
//! (`arn:aws-cn:iam::…`) and the regions its credentials are valid in.
//!
//! The data is botocore's (`data/partitions.json`, verbatim, and the signing regions of IAM's
//! and Organizations' global endpoints per partition from its `endpoints.json`;
//! `tools/gen_partitions.py` copies both, `data/NOTICE` keeps botocore's notice), embedded
//! and read once.
//!
//! ```
//! use iam_partitions::Partition;
//! let cn = Partition::of_region("cn-north-1").unwrap();
//! assert_eq!(cn.id(), "aws-cn");
//! assert_eq!(cn.iam_region(), "cn-north-1");
//! assert_eq!(Partition::default().id(), "aws");
//! ```
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::LazyLock;

static PARTITIONS_JSON: &str = include_str!("../data/partitions.json");
static GLOBAL_SIGNING_REGIONS_JSON: &str = include_str!("../data/global-signing-regions.json");

/// `global-signing-regions.json`: service → partition → region.
#[derive(Deserialize)]
struct SigningRegions {
    iam: HashMap<String, String>,
    organizations: HashMap<String, String>,
}

#[derive(Deserialize)]
struct File {
    partitions: Vec<RawPartition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPartition {
    id: String,
    outputs: Outputs,
    region_regex: String,
    regions: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Outputs {
    dns_suffix: String,
    implicit_global_region: String,
}

struct Data {
    id: String,
    dns_suffix: String,
    implicit_global_region: String,
    iam_region: String,
    organizations_region: String,
    region_regex: regex::Regex,
}

struct Table {
    /// In partitions.json's order: the order its regexes are tried in.
    partitions: Vec<Data>,
    /// Every region partitions.json lists by name (`aws-global`, `cn-north-1`, …).
    listed: HashMap<String, u8>,
    aws: u8,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let file: File =
        serde_json::from_str(PARTITIONS_JSON).expect("embedded partitions.json is valid");
    let signing: SigningRegions = serde_json::from_str(GLOBAL_SIGNING_REGIONS_JSON)
        .expect("embedded global-signing-regions.json is valid");
    let mut listed = HashMap::new();
    let partitions: Vec<Data> = file
        .partitions
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let index = u8::try_from(i).expect("fewer than 256 partitions");
            for region in p.regions.keys() {
                listed.insert(region.clone(), index);
            }
            // The global endpoint's signing region; a partition whose endpoints.json lists no
            // such endpoint signs for its implicit global region.
            let global = |regions: &HashMap<String, String>| {
                regions
                    .get(&p.id)
                    .cloned()
                    .unwrap_or_else(|| p.outputs.implicit_global_region.clone())
            };
            Data {
                iam_region: global(&signing.iam),
                organizations_region: global(&signing.organizations),
                region_regex: regex::Regex::new(&p.region_regex)
                    .expect("partitions.json's regionRegex compiles"),
                id: p.id,
                dns_suffix: p.outputs.dns_suffix,
                implicit_global_region: p.outputs.implicit_global_region,
            }
        })
        .collect();
    let aws = partitions
        .iter()
        .position(|p| p.id == "aws")
        .and_then(|i| u8::try_from(i).ok())
        .expect("partitions.json has partition aws");
    Table {
        partitions,
        listed,
        aws,
    }
});

/// One partition: a small copyable handle on the embedded data. `Default` is `aws`.
/// Serialized as its ID (`"aws-cn"`); an unknown ID does not deserialize.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partition(u8);

impl Partition {
    /// The standard partition, `aws`.
    pub fn aws() -> Self {
        Partition(TABLE.aws)
    }

    /// Every partition, in partitions.json's order.
    pub fn all() -> impl Iterator<Item = Partition> {
        (0..TABLE.partitions.len()).map(|i| Partition(i as u8))
    }

    /// The partition with this ID (`aws`, `aws-cn`, …).
    pub fn from_id(id: &str) -> Option<Self> {
        TABLE
            .partitions
            .iter()
            .position(|p| p.id == id)
            .map(|i| Partition(i as u8))
    }

    /// The partition a region belongs to, as the SDKs resolve it: a region partitions.json
    /// lists by name first (`aws-global`, `us-gov-west-1`), then the first partition whose
    /// `regionRegex` matches (a region launched after this copy, `us-west-9`). `None`: no
    /// partition has it (`xx-nowhere-1`, `US-EAST-1`).
    pub fn of_region(region: &str) -> Option<Self> {
        if let Some(&i) = TABLE.listed.get(region) {
            return Some(Partition(i));
        }
        TABLE
            .partitions
            .iter()
            .position(|p| p.region_regex.is_match(region))
            .map(|i| Partition(i as u8))
    }

    /// Whether `region` is a region of this partition.
    pub fn has_region(self, region: &str) -> bool {
        Self::of_region(region) == Some(self)
    }

    fn data(self) -> &'static Data {
        &TABLE.partitions[usize::from(self.0)]
    }

    /// The ID ARNs carry: `aws`, `aws-cn`, `aws-us-gov`, …
    pub fn id(self) -> &'static str {
        &self.data().id
    }

    /// The partition's DNS suffix: `amazonaws.com`, `amazonaws.com.cn`, `c2s.ic.gov`, …
    pub fn dns_suffix(self) -> &'static str {
        &self.data().dns_suffix
    }

    /// The region requests to global services default to (partitions.json's
    /// `implicitGlobalRegion`).
    pub fn implicit_global_region(self) -> &'static str {
        &self.data().implicit_global_region
    }

    /// The region IAM, a global service, is signed for and serves its requests in:
    /// `us-east-1` for `aws`, `cn-north-1` for `aws-cn`, `us-gov-west-1` for `aws-us-gov`.
    pub fn iam_region(self) -> &'static str {
        &self.data().iam_region
    }

    /// The region Organizations, a global service too, is signed for and serves its requests
    /// in: `us-east-1` for `aws`, `cn-northwest-1` for `aws-cn`.
    pub fn organizations_region(self) -> &'static str {
        &self.data().organizations_region
    }

    /// The service principal of `service` (`ec2`, `config`, …) in this partition:
    /// `<service>.amazonaws.com` in every partition, the global form AWS accepts everywhere,
    /// except the few services whose principal carries the partition's DNS suffix there
    /// (AWS CDK's region-info `Default.servicePrincipal`, the table Terraform's
    /// `aws_service_principal` also follows): `elasticmapreduce` in `aws-cn`; `cloudhsm`,
    /// `config` and `workspaces` in `aws-iso`; `dms` in `aws-iso-b`.
    pub fn service_principal(self, service: &str) -> String {
        let partitional = matches!(
            (self.id(), service),
            ("aws-cn", "elasticmapreduce")
                | ("aws-iso", "cloudhsm" | "config" | "workspaces")
                | ("aws-iso-b", "dms")
        );
        if partitional {
            format!("{service}.{}", self.dns_suffix())
        } else {
            format!("{service}.amazonaws.com")
        }
    }

    /// The service a principal of this partition names (`config.c2s.ic.gov` → `config` in
    /// `aws-iso`), if it is one `service_principal` gives.
    pub fn service_of_principal(self, principal: &str) -> Option<&str> {
        let (service, _) = principal.split_once('.')?;
        (self.service_principal(service) == principal).then_some(service)
    }
}

impl Default for Partition {
    fn default() -> Self {
        Self::aws()
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl fmt::Debug for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Partition({})", self.id())
    }
}

/// An ID that names no partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPartition(pub String);

impl fmt::Display for UnknownPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Partition::all().map(Partition::id).collect();
        write!(
            f,
            "unknown partition {:?} (one of {})",
            self.0,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownPartition {}

impl std::str::FromStr for Partition {
    type Err = UnknownPartition;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_id(s).ok_or_else(|| UnknownPartition(s.to_string()))
    }
}

impl serde::Serialize for Partition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Partition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Self::from_id(&id).ok_or_else(|| serde::de::Error::custom(UnknownPartition(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(region: &str) -> Option<&'static str> {
        Partition::of_region(region).map(Partition::id)
    }

    #[test]
    fn every_partition_of_the_issue_is_there() {
        let ids: Vec<&str> = Partition::all().map(Partition::id).collect();
        for want in [
            "aws",
            "aws-cn",
            "aws-us-gov",
            "aws-iso",
            "aws-iso-b",
            "aws-iso-e",
            "aws-iso-f",
            "aws-eusc",
        ] {
            assert!(ids.contains(&want), "{want} missing from {ids:?}");
        }
    }

    #[test]
    fn regions_resolve_to_their_partition() {
        for (region, partition) in [
            ("us-east-1", "aws"),
            ("eu-west-1", "aws"),
            ("ap-southeast-7", "aws"),
            ("mx-central-1", "aws"),
            ("aws-global", "aws"),
            // Not listed yet: the regex decides.
            ("us-west-9", "aws"),
            ("cn-north-1", "aws-cn"),
            ("cn-northwest-1", "aws-cn"),
            ("aws-cn-global", "aws-cn"),
            ("cn-south-7", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-gov-east-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            assert_eq!(id(region), Some(partition), "{region}");
        }
        for bad in [
            "",
            "xx-nowhere-9",
            "us-east",
            "US-EAST-1",
            "cn-north",
            "us-east-1 ",
        ] {
            assert_eq!(id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn iam_signs_for_the_partitions_global_region() {
        let region = |p: &str| Partition::from_id(p).unwrap().iam_region();
        assert_eq!(region("aws"), "us-east-1");
        assert_eq!(region("aws-cn"), "cn-north-1");
        assert_eq!(region("aws-us-gov"), "us-gov-west-1");
        assert_eq!(region("aws-iso"), "us-iso-east-1");
        assert_eq!(region("aws-iso-b"), "us-isob-east-1");
        // No IAM endpoint in endpoints.json: the implicit global region.
        assert_eq!(region("aws-iso-e"), "eu-isoe-west-1");
        assert_eq!(region("aws-eusc"), "eusc-de-east-1");
        let orgs = |p: &str| Partition::from_id(p).unwrap().organizations_region();
        assert_eq!(orgs("aws"), "us-east-1");
        assert_eq!(orgs("aws-cn"), "cn-northwest-1");
        assert_eq!(orgs("aws-us-gov"), "us-gov-west-1");
        for p in Partition::all() {
            assert!(p.has_region(p.iam_region()), "{p}");
            assert!(p.has_region(p.organizations_region()), "{p}");
        }
    }

    #[test]
    fn service_principals_are_global_but_for_the_known_exceptions() {
        let p = |id: &str| Partition::from_id(id).unwrap();
        assert_eq!(p("aws").service_principal("ec2"), "ec2.amazonaws.com");
        assert_eq!(p("aws-cn").service_principal("ec2"), "ec2.amazonaws.com");
        assert_eq!(
            p("aws-cn").service_principal("elasticmapreduce"),
            "elasticmapreduce.amazonaws.com.cn"
        );
        assert_eq!(
            p("aws-iso").service_principal("config"),
            "config.c2s.ic.gov"
        );
        assert_eq!(p("aws").service_principal("config"), "config.amazonaws.com");
        assert_eq!(p("aws-iso-b").service_principal("dms"), "dms.sc2s.sgov.gov");
        assert_eq!(
            p("aws-iso").service_of_principal("config.c2s.ic.gov"),
            Some("config")
        );
        assert_eq!(
            p("aws-iso").service_of_principal("config.amazonaws.com"),
            None
        );
        assert_eq!(
            p("aws").service_of_principal("iam.amazonaws.com"),
            Some("iam")
        );
    }

    #[test]
    fn serialized_as_its_id_and_defaults_to_aws() {
        let cn = Partition::from_id("aws-cn").unwrap();
        assert_eq!(serde_json::to_string(&cn).unwrap(), r#""aws-cn""#);
        assert_eq!(
            serde_json::from_str::<Partition>(r#""aws-cn""#).unwrap(),
            cn
        );
        assert!(serde_json::from_str::<Partition>(r#""aws-mars""#).is_err());
        assert_eq!(Partition::default().id(), "aws");
        assert_eq!(format!("arn:{cn}:iam::1:root"), "arn:aws-cn:iam::1:root");
        assert!("aws-mars".parse::<Partition>().is_err());
    }

    /// The policy validator keeps its own list (iam-policy depends on no crate of ours): it
    /// must accept exactly the partitions that exist.
    #[test]
    fn the_policy_validator_knows_every_partition() {
        let mut ours: Vec<&str> = Partition::all().map(Partition::id).collect();
        let mut validator = iam_policy::PARTITIONS.to_vec();
        ours.sort_unstable();
        validator.sort_unstable();
        assert_eq!(ours, validator);
    }
}
