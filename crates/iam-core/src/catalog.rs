//! The AWS-managed policy catalogue (`data/aws-managed-policies.json.gz`, built by
//! `tools/gen_managed_policies.py`). Shared by every account and loaded once: it costs an account
//! nothing; only its attachments are per account.
use crate::entities::{ManagedPolicy, PolicyVersion, parse_iso8601};
use crate::ids::{IdKind, stable_id};
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
    by_arn: HashMap<String, usize>,
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
        let by_arn = policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.arn(), i))
            .collect();
        let compiled = policies.iter().map(|_| OnceLock::new()).collect();
        Catalog {
            policies,
            by_arn,
            compiled,
        }
    }

    pub fn compiled(&self, arn: &str) -> Option<Arc<iam_policy::Policy>> {
        let i = *self.by_arn.get(arn)?;
        self.compiled
            .get(i)?
            .get_or_init(|| crate::policy_docs::compile_stored(self.policies[i].default_document()))
            .clone()
    }

    pub fn by_arn(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.by_arn.get(arn).map(|&i| &self.policies[i])
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
            let p = c.by_arn(arn).unwrap_or_else(|| panic!("{arn} missing"));
            assert!(p.default_document().contains("Statement"));
        }
    }
}
