//! The services that can create a service-linked role, read once from
//! `data/service-linked-roles.txt` (its header says where every line comes from and how to refresh
//! it): the role name, the AWS-managed policies AWS attaches, and whether a `CustomSuffix` is
//! accepted. CreateServiceLinkedRole (`actions/service_linked_roles.rs`) creates from it and the
//! operations table authorizes on the role it names (`Resource::ServiceLinkedRole`).
use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE_TXT: &str = include_str!("../../../data/service-linked-roles.txt");

/// The path every service-linked role lives under, followed by its service principal.
pub const SERVICE_ROLE_PATH: &str = "/aws-service-role/";

/// One service that can create a service-linked role.
#[derive(Debug)]
pub struct LinkedService {
    /// The service principal: `AWSServiceName`, and the trust policy's `Principal.Service`.
    pub service: &'static str,
    /// `AWSServiceRoleFor…`, without a custom suffix.
    pub role_name: &'static str,
    /// Paths and names under `arn:aws:iam::aws:policy/`.
    pub policies: Vec<&'static str>,
    pub custom_suffix: bool,
}

impl LinkedService {
    /// The role's name, with `_<suffix>` when one is given.
    pub fn role_name_with(&self, suffix: Option<&str>) -> String {
        match suffix {
            Some(s) => format!("{}_{s}", self.role_name),
            None => self.role_name.to_string(),
        }
    }

    /// `/aws-service-role/<service>/`.
    pub fn path(&self) -> String {
        format!("{SERVICE_ROLE_PATH}{}/", self.service)
    }

    pub fn policy_arns(&self) -> impl Iterator<Item = String> + '_ {
        self.policies
            .iter()
            .map(|p| format!("arn:aws:iam::aws:policy/{p}"))
    }
}

/// The table's lines, or the first line that is not four columns.
fn parse(text: &'static str) -> Result<Vec<LinkedService>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&'static str> = line.split_whitespace().collect();
        let [service, role_name, policies, suffix] = cols.as_slice() else {
            return Err(format!("line {}: expected 4 columns: {line}", n + 1));
        };
        let custom_suffix = match *suffix {
            "yes" => true,
            "no" => false,
            other => return Err(format!("line {}: suffix column {other:?}", n + 1)),
        };
        let policies = match *policies {
            "-" => Vec::new(),
            list => list.split(',').collect(),
        };
        out.push(LinkedService {
            service,
            role_name,
            policies,
            custom_suffix,
        });
    }
    Ok(out)
}

fn table() -> &'static HashMap<&'static str, LinkedService> {
    static TABLE: OnceLock<HashMap<&'static str, LinkedService>> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse(TABLE_TXT)
            .expect("data/service-linked-roles.txt is well-formed (tested)")
            .into_iter()
            .map(|s| (s.service, s))
            .collect()
    })
}

/// The service a `AWSServiceName` names (service principals are case-sensitive).
pub fn service(name: &str) -> Option<&'static LinkedService> {
    table().get(name)
}

/// Every service of the table, in no particular order.
pub fn services() -> impl Iterator<Item = &'static LinkedService> {
    table().values()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_parses_and_names_each_service_and_role_once() {
        let rows = parse(TABLE_TXT).unwrap();
        assert!(rows.len() > 150, "{} services", rows.len());
        let mut services = HashSet::new();
        let mut roles = HashSet::new();
        for s in &rows {
            assert!(services.insert(s.service), "{} listed twice", s.service);
            assert!(
                roles.insert(s.role_name.to_lowercase()),
                "{} listed twice",
                s.role_name
            );
            assert!(s.service.ends_with(".amazonaws.com"), "{}", s.service);
            assert!(
                s.role_name.starts_with("AWSServiceRoleFor"),
                "{}",
                s.role_name
            );
            // IAM's role-name limit, before any suffix.
            assert!(s.role_name.len() <= 64, "{}", s.role_name);
        }
        assert_eq!(table().len(), rows.len());
    }

    /// Every policy the table attaches is in iamd's AWS-managed policy catalogue.
    #[test]
    fn every_service_linked_policy_is_in_the_catalogue() {
        let catalog = crate::catalog::Catalog::get();
        for s in services() {
            for arn in s.policy_arns() {
                assert!(
                    catalog.by_arn(&arn).is_some(),
                    "{}: {arn} is not in the catalogue",
                    s.service
                );
            }
        }
    }

    #[test]
    fn malformed_lines_are_reported() {
        assert!(parse("a.amazonaws.com AWSServiceRoleForA - maybe\n").is_err());
        assert!(parse("a.amazonaws.com AWSServiceRoleForA\n").is_err());
        let ok = parse("# c\n\na.amazonaws.com AWSServiceRoleForA x/P,y/Q yes # src\n").unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].policies, vec!["x/P", "y/Q"]);
        assert!(ok[0].custom_suffix);
    }
}
