//! The AWS-managed policy catalogue (`data/aws-managed-policies.json.gz`, built by
//! `tools/gen_managed_policies.py`). Shared by every account and loaded once: it costs an account
//! nothing; only its attachments are per account.
use crate::entities::{ManagedPolicy, PolicyVersion, parse_iso8601};
use crate::ids::{IdKind, stable_id};
use iam_partitions::Partition;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, OnceLock};

static CATALOG_GZ: &[u8] = include_bytes!("../../../data/aws-managed-policies.json.gz");

pub struct Catalog {
    /// In creation order, then by lower-case name: ListPolicies' order (AWS-recorded:
    /// test_iam_managed_policies.snapshot.json `test_list_policies_scope_aws` lists
    /// AdministratorAccess, PowerUserAccess, ReadOnlyAccess, AWSCloudFormationReadOnlyAccess —
    /// the first four created, one second apart).
    pub policies: Vec<ManagedPolicy>,
    /// Path and name (`/job-function/Billing`) → index: the part of the ARN every partition
    /// shares (`arn:aws-cn:iam::aws:policy/job-function/Billing` in `aws-cn`).
    by_path_name: HashMap<String, usize>,
    /// Compiled on first use: most of the 1.6k policies are never attached anywhere.
    compiled: Vec<OnceLock<Option<Arc<iam_policy::Policy>>>>,
}

#[derive(serde::Deserialize)]
struct Row {
    name: String,
    path: String,
    default_version: String,
    create_date: String,
    update_date: String,
    document: String,
}

impl Catalog {
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(Catalog::load)
    }

    fn load() -> Catalog {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(CATALOG_GZ)
            .read_to_end(&mut json)
            .expect("embedded catalogue is valid gzip");
        let rows: Vec<Row> =
            serde_json::from_slice(&json).expect("embedded catalogue is valid JSON");
        let mut policies: Vec<ManagedPolicy> = rows
            .into_iter()
            .map(|r| {
                let created = parse_iso8601(&r.create_date).unwrap_or(0);
                let updated = parse_iso8601(&r.update_date).unwrap_or(created);
                let vnum = r
                    .default_version
                    .trim_start_matches('v')
                    .parse::<u32>()
                    .unwrap_or(1);
                // IDs as in partition `aws`, the same in every partition.
                let arn = format!("arn:aws:iam::aws:policy{}{}", r.path, r.name);
                ManagedPolicy {
                    id: stable_id(IdKind::Policy, &arn),
                    account_id: None,
                    name: r.name,
                    path: r.path,
                    description: None,
                    create_date: created,
                    update_date: updated,
                    default_version: r.default_version.clone(),
                    versions: vec![PolicyVersion {
                        version_id: r.default_version,
                        document: r.document,
                        create_date: updated,
                    }],
                    next_version: vnum + 1,
                    tags: Vec::new(),
                }
            })
            .collect();
        policies.sort_by_key(|p| (p.create_date, p.name.to_lowercase()));
        let by_path_name = policies
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{}{}", p.path, p.name), i))
            .collect();
        let compiled = policies.iter().map(|_| OnceLock::new()).collect();
        Catalog {
            policies,
            by_path_name,
            compiled,
        }
    }

    /// The policy `arn` names, an AWS-managed policy of `partition`
    /// (`arn:<partition>:iam::aws:policy/…`): the catalogue's policies exist in every
    /// partition, each under its partition's ARN, and in no other.
    fn index(&self, partition: Partition, arn: &str) -> Option<usize> {
        let path_name = arn
            .strip_prefix("arn:")?
            .strip_prefix(partition.id())?
            .strip_prefix(":iam::aws:policy")?;
        self.by_path_name.get(path_name).copied()
    }

    pub fn compiled(&self, partition: Partition, arn: &str) -> Option<Arc<iam_policy::Policy>> {
        let i = self.index(partition, arn)?;
        self.compiled
            .get(i)?
            .get_or_init(|| crate::policy_docs::compile_stored(self.policies[i].default_document()))
            .clone()
    }

    pub fn by_arn(&self, partition: Partition, arn: &str) -> Option<&ManagedPolicy> {
        self.index(partition, arn).map(|i| &self.policies[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_the_seed_policies_with_paths() {
        let c = Catalog::get();
        assert!(c.policies.len() > 1500);
        for arn in [
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/job-function/Billing",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            "arn:aws:iam::aws:policy/AWSSupportAccess",
            "arn:aws:iam::aws:policy/IAMUserChangePassword",
        ] {
            let p = c
                .by_arn(Partition::aws(), arn)
                .unwrap_or_else(|| panic!("{arn} missing"));
            assert!(p.default_document().contains("Statement"));
            assert_eq!(p.arn(Partition::aws()), arn);
        }
    }

    #[test]
    fn each_partition_names_the_policies_with_its_own_arns() {
        let c = Catalog::get();
        let cn = Partition::from_id("aws-cn").unwrap();
        let gov = Partition::from_id("aws-us-gov").unwrap();
        let cn_arn = "arn:aws-cn:iam::aws:policy/job-function/Billing";
        let p = c.by_arn(cn, cn_arn).expect("found in aws-cn");
        assert_eq!(p.arn(cn), cn_arn);
        assert!(c.compiled(cn, cn_arn).is_some());
        // Another partition's ARN names nothing here.
        assert!(c.by_arn(Partition::aws(), cn_arn).is_none());
        assert!(
            c.by_arn(cn, "arn:aws:iam::aws:policy/job-function/Billing")
                .is_none()
        );
        assert!(
            c.by_arn(gov, "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess")
                .is_some()
        );
    }
}
