//! AWS Organizations: organizations, their root, OUs, member accounts and authorization
//! policies (service control policies and resource control policies), as persisted records
//! (kind `org`) and the in-memory view authorization reads (Organizations User Guide:
//! orgs_introduction, orgs_manage_policies_scps, orgs_manage_policies_rcps,
//! orgs_manage_policies_inheritance_auth). One account belongs to at most one organization.
use crate::entities::{Tag, Timestamp};
use crate::state::{KIND_ORG, Tx};
use iam_policy::{Policy, PolicyRef};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The policy types this server implements: the two authorization policy types.
pub const SCP: &str = "SERVICE_CONTROL_POLICY";
pub const RCP: &str = "RESOURCE_CONTROL_POLICY";

/// An organization policy's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OrgPolicyType {
    /// Principal-centric: caps what the principals of member accounts may do.
    #[default]
    #[serde(rename = "SERVICE_CONTROL_POLICY")]
    Scp,
    /// Resource-centric: caps what anyone may do to the resources of member accounts.
    #[serde(rename = "RESOURCE_CONTROL_POLICY")]
    Rcp,
}

impl OrgPolicyType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            SCP => Some(Self::Scp),
            RCP => Some(Self::Rcp),
            _ => None,
        }
    }

    /// As the API names it: `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scp => SCP,
            Self::Rcp => RCP,
        }
    }

    /// The policy ARN's segment: `service_control_policy`, `resource_control_policy`.
    pub fn arn_segment(self) -> &'static str {
        match self {
            Self::Scp => "service_control_policy",
            Self::Rcp => "resource_control_policy",
        }
    }

    /// The AWS-managed policy attached everywhere when the type is enabled.
    pub fn full_access_id(self) -> &'static str {
        match self {
            Self::Scp => FULL_AWS_ACCESS_ID,
            Self::Rcp => RCP_FULL_AWS_ACCESS_ID,
        }
    }
}
/// The AWS-managed SCP every organization has (Organizations User Guide: orgs_manage_policies_scps).
pub const FULL_AWS_ACCESS_ID: &str = "p-FullAWSAccess";
pub const FULL_AWS_ACCESS_CONTENT: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// The AWS-managed RCP: attached to the root, every OU and every account when RCPs are enabled,
/// and never detachable (Organizations User Guide: orgs_manage_policies_rcps_evaluation,
/// orgs_reference_available-policies: "Allows access to every resource.").
pub const RCP_FULL_AWS_ACCESS_ID: &str = "p-RCPFullAWSAccess";
pub const RCP_FULL_AWS_ACCESS_NAME: &str = "RCPFullAWSAccess";
pub const RCP_FULL_AWS_ACCESS_CONTENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// The service prefixes whose actions RCPs apply to (Organizations User Guide:
/// orgs_manage_policies_rcps, "List of AWS services that support RCPs", 2026), sorted for
/// the binary search of `rcp_governs`, which every check of every request runs. IAM and
/// Organizations are not among them: of what iamd serves, only STS actions are governed.
pub const RCP_SERVICES: &[&str] = &[
    "aoss",
    "appconfig",
    "appstream",
    "autoscaling",
    "autoscaling-plans",
    "budgets",
    "clouddirectory",
    "cloudfront",
    "cloudsearch",
    "cloudtrail-data",
    "codeartifact",
    "codebuild",
    "codecommit",
    "codepipeline",
    "cognito-identity",
    "cognito-idp",
    "comprehend",
    "comprehendmedical",
    "compute-optimizer",
    "cost-optimization-hub",
    "dax",
    "dsql",
    "dynamodb",
    "ecr",
    "ecr-public",
    "events",
    "firehose",
    "fis",
    "fms",
    "gamelift",
    "health",
    "inspector-scan",
    "kendra",
    "kinesisvideo",
    "kms",
    "logs",
    "memorydb",
    "networkmonitor",
    "notifications",
    "opensearch",
    "pca-connector-ad",
    "personalize",
    "polly",
    "pricing",
    "resource-groups",
    "rolesanywhere",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "signin",
    "sqs",
    "sts",
    "support",
    "swf",
    "textract",
    "timestream-influxdb",
    "transcribe",
    "transfer",
    "translate",
    "wafv2",
    "workspaces",
    "xray",
];

/// Whether RCPs apply to `action` (`service:Name`): its service supports RCPs.
pub fn rcp_governs(action: &str) -> bool {
    let Some((service, _)) = action.split_once(':') else {
        return false;
    };
    let lowered = service.bytes().map(|b| b.to_ascii_lowercase());
    RCP_SERVICES
        .binary_search_by(|s| s.bytes().cmp(lowered.clone()))
        .is_ok()
}

/// A failure of an Organizations action: each variant is an AWS error code (mapped in
/// `iam_server::errors`), the message AWS's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    #[error("{0}")]
    NotInUse(String),
    #[error("{0}")]
    AccessDenied(String),
    #[error("{0}")]
    AlreadyInOrganization(String),
    #[error("{0}")]
    AccountAlreadyClosed(String),
    #[error("{0}")]
    AccountNotFound(String),
    #[error("{0}")]
    ChildNotFound(String),
    #[error("{0}")]
    ConstraintViolation(String),
    #[error("{0}")]
    CreateAccountStatusNotFound(String),
    #[error("{0}")]
    DestinationParentNotFound(String),
    #[error("{0}")]
    DuplicateAccount(String),
    #[error("{0}")]
    DuplicateOrganizationalUnit(String),
    #[error("{0}")]
    DuplicatePolicy(String),
    #[error("{0}")]
    DuplicatePolicyAttachment(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    MalformedPolicyDocument(String),
    #[error("{0}")]
    OrganizationNotEmpty(String),
    #[error("{0}")]
    OrganizationalUnitNotEmpty(String),
    #[error("{0}")]
    OrganizationalUnitNotFound(String),
    #[error("{0}")]
    ParentNotFound(String),
    #[error("{0}")]
    PolicyInUse(String),
    #[error("{0}")]
    PolicyNotAttached(String),
    #[error("{0}")]
    PolicyNotFound(String),
    #[error("{0}")]
    PolicyTypeAlreadyEnabled(String),
    #[error("{0}")]
    PolicyTypeNotAvailableForOrganization(String),
    #[error("{0}")]
    PolicyTypeNotEnabled(String),
    #[error("{0}")]
    RootNotFound(String),
    #[error("{0}")]
    SourceParentNotFound(String),
    #[error("{0}")]
    TargetNotFound(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub management_account_id: String,
    pub management_email: String,
    pub feature_set: String,
    pub root_id: String,
    /// SERVICE_CONTROL_POLICY enabled on the root: only then are SCPs enforced.
    pub scp_enabled: bool,
    /// RESOURCE_CONTROL_POLICY enabled on the root: only then are RCPs enforced.
    #[serde(default)]
    pub rcp_enabled: bool,
    pub create_date: Timestamp,
    #[serde(default)]
    pub root_tags: Vec<Tag>,
    /// Trusted access for AWS services (EnableAWSServiceAccess): principal → date enabled.
    #[serde(default)]
    pub service_access: BTreeMap<String, Timestamp>,
    /// IAM's centralized root access features enabled for the member accounts
    /// (`RootCredentialsManagement`, `RootSessions`).
    #[serde(default)]
    pub root_features: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgAccount {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `CREATED` (CreateAccount) or `INVITED` (the management account).
    pub joined_method: String,
    pub joined_timestamp: Timestamp,
    /// The root or OU that contains the account.
    pub parent_id: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// When CloseAccount closed it: the account is SUSPENDED, stays in the organization and
    /// under its SCPs, and none of its principals can call anything.
    #[serde(default)]
    pub closed: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: String,
    pub name: String,
    pub parent_id: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl Organization {
    /// Whether a policy type is enabled on the root.
    pub fn enabled(&self, kind: OrgPolicyType) -> bool {
        match kind {
            OrgPolicyType::Scp => self.scp_enabled,
            OrgPolicyType::Rcp => self.rcp_enabled,
        }
    }

    pub fn set_enabled(&mut self, kind: OrgPolicyType, on: bool) {
        match kind {
            OrgPolicyType::Scp => self.scp_enabled = on,
            OrgPolicyType::Rcp => self.rcp_enabled = on,
        }
    }
}

/// An organization policy (SCP or RCP) and where it is attached.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgPolicy {
    pub id: String,
    /// Records written before RCPs existed are SCPs.
    #[serde(default, rename = "type")]
    pub policy_type: OrgPolicyType,
    pub name: String,
    pub description: String,
    pub content: String,
    pub aws_managed: bool,
    /// Root, OU and account IDs the policy is attached to.
    #[serde(default)]
    pub targets: BTreeSet<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateAccountStatusRecord {
    pub id: String,
    pub account_name: String,
    /// `SUCCEEDED` or `FAILED` (CreateAccount completes before it answers).
    pub state: String,
    pub requested: Timestamp,
    pub completed: Timestamp,
    pub account_id: Option<String>,
    pub failure_reason: Option<String>,
}

/// One organization: its records plus what is derived from them.
#[derive(Debug)]
pub struct OrgState {
    pub org: Organization,
    pub accounts: BTreeMap<String, OrgAccount>,
    pub units: BTreeMap<String, OrgUnit>,
    pub policies: BTreeMap<String, OrgPolicy>,
    pub create_statuses: BTreeMap<String, CreateAccountStatusRecord>,
    /// policy ID → the compiled policy, parsed once when written.
    pub compiled: HashMap<String, Arc<Policy>>,
    /// target ID → attached policy IDs (derived from `OrgPolicy::targets`).
    pub by_target: HashMap<String, BTreeSet<String>>,
    /// The partition of the management account, which every member shares (CreateAccount
    /// creates members in it): the organization's ARNs carry it. Derived, never stored: set
    /// when the organization is created and when the state is loaded (`set_partitions`).
    pub partition: iam_partitions::Partition,
}

impl OrgState {
    pub fn new(org: Organization) -> Self {
        Self {
            org,
            accounts: BTreeMap::new(),
            units: BTreeMap::new(),
            policies: BTreeMap::new(),
            create_statuses: BTreeMap::new(),
            compiled: HashMap::new(),
            by_target: HashMap::new(),
            partition: iam_partitions::Partition::default(),
        }
    }

    pub fn management(&self) -> &str {
        &self.org.management_account_id
    }

    /// The ARN of one of the organization's resources, `arn:P:organizations::MGMT:RESOURCE`,
    /// P the organization's partition.
    pub fn arn(&self, resource: &str) -> String {
        format!(
            "arn:{}:organizations::{}:{resource}",
            self.partition, self.org.management_account_id
        )
    }

    pub fn is_parent(&self, id: &str) -> bool {
        id == self.org.root_id || self.units.contains_key(id)
    }

    /// Persistence by construction (invariant 24): the policy's record and the working set
    /// change together.
    pub fn put_policy(&mut self, tx: &mut Tx, policy: OrgPolicy, compiled: Arc<Policy>) {
        tx.put(KIND_ORG, &key_policy(&self.org.id, &policy.id), &policy);
        self.replace_policy(policy, compiled);
    }

    /// `put_policy` for a member account.
    pub fn put_account(&mut self, tx: &mut Tx, account: OrgAccount) {
        tx.put(KIND_ORG, &key_account(&self.org.id, &account.id), &account);
        self.accounts.insert(account.id.clone(), account);
    }

    /// Removes a member account and its record (its policy attachments are the caller's).
    pub fn delete_account(&mut self, tx: &mut Tx, id: &str) -> Option<OrgAccount> {
        tx.delete(KIND_ORG, &key_account(&self.org.id, id));
        self.by_target.remove(id);
        self.accounts.remove(id)
    }

    /// `put_policy` for an organizational unit.
    pub fn put_unit(&mut self, tx: &mut Tx, unit: OrgUnit) {
        tx.put(KIND_ORG, &key_unit(&self.org.id, &unit.id), &unit);
        self.units.insert(unit.id.clone(), unit);
    }

    /// Removes an organizational unit and its record.
    pub fn delete_unit(&mut self, tx: &mut Tx, id: &str) -> Option<OrgUnit> {
        tx.delete(KIND_ORG, &key_unit(&self.org.id, id));
        self.by_target.remove(id);
        self.units.remove(id)
    }

    /// Removes a policy and its record.
    pub fn delete_policy(&mut self, tx: &mut Tx, id: &str) -> Option<OrgPolicy> {
        tx.delete(KIND_ORG, &key_policy(&self.org.id, id));
        self.remove_policy(id)
    }

    /// `put_policy` for a CreateAccount status.
    pub fn put_create_status(&mut self, tx: &mut Tx, status: CreateAccountStatusRecord) {
        tx.put(KIND_ORG, &key_status(&self.org.id, &status.id), &status);
        self.create_statuses.insert(status.id.clone(), status);
    }

    /// Changes the organization record (features, root tags, trusted services…) and writes it.
    pub fn update_org(&mut self, tx: &mut Tx, change: impl FnOnce(&mut Organization)) {
        change(&mut self.org);
        tx.put(KIND_ORG, &key_org(&self.org.id), &self.org);
    }

    /// Changes a member account's record and writes it; false if there is no such account.
    pub fn update_account(
        &mut self,
        tx: &mut Tx,
        id: &str,
        change: impl FnOnce(&mut OrgAccount),
    ) -> bool {
        let Some(account) = self.accounts.get_mut(id) else {
            return false;
        };
        change(account);
        tx.put(KIND_ORG, &key_account(&self.org.id, id), &*account);
        true
    }

    /// Stores a policy (new or updated), keeping the compiled form and the target index in step.
    fn replace_policy(&mut self, policy: OrgPolicy, compiled: Arc<Policy>) {
        if let Some(old) = self.policies.remove(&policy.id) {
            for t in &old.targets {
                if let Some(s) = self.by_target.get_mut(t) {
                    s.remove(&old.id);
                }
            }
        }
        for t in &policy.targets {
            self.by_target
                .entry(t.clone())
                .or_default()
                .insert(policy.id.clone());
        }
        self.compiled.insert(policy.id.clone(), compiled);
        self.policies.insert(policy.id.clone(), policy);
    }

    fn remove_policy(&mut self, id: &str) -> Option<OrgPolicy> {
        let old = self.policies.remove(id)?;
        for t in &old.targets {
            if let Some(s) = self.by_target.get_mut(t) {
                s.remove(id);
            }
        }
        self.compiled.remove(id);
        Some(old)
    }

    /// Containers from the root down to `id`'s parent, then `id` itself: the levels at which
    /// SCPs apply to an account (or OU).
    pub fn levels(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        let mut parent = self
            .accounts
            .get(id)
            .map(|a| a.parent_id.clone())
            .or_else(|| self.units.get(id).map(|u| u.parent_id.clone()));
        // The tree is acyclic by construction (MoveAccount moves accounts only); the bound
        // guards against a corrupted store.
        while let Some(p) = parent.take() {
            if out.len() > 8 {
                break;
            }
            parent = self.units.get(&p).map(|u| u.parent_id.clone());
            out.push(p);
        }
        out.reverse();
        out
    }

    /// The SCP sets that apply to principals of `account_id`, one per level root → OUs →
    /// account, each of which must allow (orgs_manage_policies_inheritance_auth). `None` when
    /// SCPs do not apply: SCP type not enabled, or the management account, which SCPs never
    /// restrict.
    pub fn scp_levels(&self, account_id: &str) -> Option<Vec<Vec<PolicyRef<'_>>>> {
        self.policy_levels(account_id, OrgPolicyType::Scp)
    }

    /// The RCP sets that apply to the resources of `account_id`, one per level root → OUs →
    /// account, each of which must allow (orgs_manage_policies_rcps_evaluation). `None` when
    /// RCPs do not apply: RCP type not enabled, or the management account, whose resources
    /// RCPs never restrict (orgs_manage_policies_rcps, "RCPs don't affect resources in the
    /// management account").
    pub fn rcp_levels(&self, account_id: &str) -> Option<Vec<Vec<PolicyRef<'_>>>> {
        self.policy_levels(account_id, OrgPolicyType::Rcp)
    }

    /// The policies of `kind` at each level of a member account, or `None` when the type is
    /// not enabled or the account is the management account (or not a member).
    fn policy_levels(
        &self,
        account_id: &str,
        kind: OrgPolicyType,
    ) -> Option<Vec<Vec<PolicyRef<'_>>>> {
        if !self.org.enabled(kind) || account_id == self.management() {
            return None;
        }
        if !self.accounts.contains_key(account_id) {
            return None;
        }
        let levels = self
            .levels(account_id)
            .iter()
            .map(|target| {
                self.by_target
                    .get(target)
                    .into_iter()
                    .flatten()
                    .filter_map(|pid| {
                        let record = self.policies.get(pid)?;
                        if record.policy_type != kind {
                            return None;
                        }
                        let policy = self.compiled.get(pid)?;
                        Some(PolicyRef {
                            policy,
                            name: &record.name,
                        })
                    })
                    .collect()
            })
            .collect();
        Some(levels)
    }

    /// `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` of a member account: the organization,
    /// the root and the OUs down to the account's parent, each followed by `/`
    /// (IAM User Guide: reference_policies_condition-keys, aws:PrincipalOrgPaths).
    pub fn org_path(&self, account_id: &str) -> String {
        let mut path = format!("{}/", self.org.id);
        let levels = self.levels(account_id);
        for level in levels.iter().take(levels.len().saturating_sub(1)) {
            path.push_str(level);
            path.push('/');
        }
        path
    }

    /// The key of every record of this organization (DeleteOrganization removes them all).
    pub fn record_keys(&self) -> Vec<String> {
        let o = &self.org.id;
        let mut keys = vec![key_org(o)];
        keys.extend(self.accounts.keys().map(|id| key_account(o, id)));
        keys.extend(self.units.keys().map(|id| key_unit(o, id)));
        keys.extend(self.policies.keys().map(|id| key_policy(o, id)));
        keys.extend(self.create_statuses.keys().map(|id| key_status(o, id)));
        keys
    }
}

pub fn key_org(org: &str) -> String {
    format!("{org}/organization")
}
pub fn key_account(org: &str, id: &str) -> String {
    format!("{org}/account/{id}")
}
pub fn key_unit(org: &str, id: &str) -> String {
    format!("{org}/ou/{id}")
}
pub fn key_policy(org: &str, id: &str) -> String {
    format!("{org}/policy/{id}")
}
pub fn key_status(org: &str, id: &str) -> String {
    format!("{org}/car/{id}")
}

/// Every organization of this server.
#[derive(Debug, Default)]
pub struct Organizations {
    pub by_id: HashMap<String, OrgState>,
    /// account ID → organization ID (derived).
    pub account_org: HashMap<String, String>,
}

impl Organizations {
    /// A new organization: its record, its management account and the AWS-managed policies
    /// (FullAWSAccess, RCPFullAWSAccess) written with it.
    /// `partition` is the management account's.
    pub fn create(
        &mut self,
        tx: &mut Tx,
        org: Organization,
        management: OrgAccount,
        managed_policies: Vec<(OrgPolicy, Arc<Policy>)>,
        partition: iam_partitions::Partition,
    ) -> &OrgState {
        let id = org.id.clone();
        let mut o = OrgState::new(org);
        o.partition = partition;
        o.update_org(tx, |_| ());
        self.account_org.insert(management.id.clone(), id.clone());
        o.put_account(tx, management);
        for (policy, compiled) in managed_policies {
            o.put_policy(tx, policy, compiled);
        }
        self.by_id.entry(id).or_insert(o)
    }

    /// Deletes an organization and every record it has.
    pub fn delete(&mut self, tx: &mut Tx, id: &str) {
        if let Some(o) = self.by_id.remove(id) {
            for key in o.record_keys() {
                tx.delete(KIND_ORG, &key);
            }
        }
        self.account_org.retain(|_, org| org != id);
    }

    pub fn of_account(&self, account_id: &str) -> Option<&OrgState> {
        self.by_id.get(self.account_org.get(account_id)?)
    }

    pub fn of_account_mut(&mut self, account_id: &str) -> Option<&mut OrgState> {
        let id = self.account_org.get(account_id)?;
        self.by_id.get_mut(id)
    }

    /// Whether `account_id` was closed (CloseAccount): SUSPENDED, unusable by its principals.
    pub fn is_suspended(&self, account_id: &str) -> bool {
        self.of_account(account_id)
            .and_then(|o| o.accounts.get(account_id))
            .is_some_and(|a| a.closed.is_some())
    }

    /// SCP sets for a principal of `account_id` (see [`OrgState::scp_levels`]).
    pub fn scp_levels(&self, account_id: &str) -> Option<Vec<Vec<PolicyRef<'_>>>> {
        self.of_account(account_id)?.scp_levels(account_id)
    }

    /// RCP sets for a request of `action` on a resource of `resource_account` (see
    /// [`OrgState::rcp_levels`]), keyed off the resource's account whoever calls; `None` too
    /// when the action's service does not support RCPs.
    pub fn rcp_levels(
        &self,
        action: &str,
        resource_account: &str,
    ) -> Option<Vec<Vec<PolicyRef<'_>>>> {
        if !rcp_governs(action) {
            return None;
        }
        self.of_account(resource_account)?
            .rcp_levels(resource_account)
    }

    /// Whether RCPs are enabled for `account_id`'s resources (a member account of an
    /// organization with RCPs enabled): the cheap test before gathering them.
    pub fn rcps_enabled_for(&self, account_id: &str) -> bool {
        self.of_account(account_id)
            .is_some_and(|o| o.org.rcp_enabled && o.management() != account_id)
    }

    /// The organization ID and path of an account in an organization (`aws:PrincipalOrgID`,
    /// `aws:PrincipalOrgPaths`, and their `aws:Resource…` counterparts).
    pub fn org_keys(&self, account_id: &str) -> Option<(String, String)> {
        let o = self.of_account(account_id)?;
        Some((o.org.id.clone(), o.org_path(account_id)))
    }

    /// Every organization's records as they are stored (key → value): what `from_records`
    /// rebuilds them from (incremental catch-up applies other nodes' changes to these).
    pub fn records(&self) -> BTreeMap<String, Vec<u8>> {
        fn json<T: Serialize>(v: &T) -> Vec<u8> {
            serde_json::to_vec(v).expect("organization records serialize")
        }
        let mut out = BTreeMap::new();
        for o in self.by_id.values() {
            let id = &o.org.id;
            out.insert(key_org(id), json(&o.org));
            for (k, a) in &o.accounts {
                out.insert(key_account(id, k), json(a));
            }
            for (k, u) in &o.units {
                out.insert(key_unit(id, k), json(u));
            }
            for (k, p) in &o.policies {
                out.insert(key_policy(id, k), json(p));
            }
            for (k, c) in &o.create_statuses {
                out.insert(key_status(id, k), json(c));
            }
        }
        out
    }

    /// Rebuilds every organization from its `org` records (start-up).
    pub fn from_records(records: Vec<(String, Vec<u8>)>) -> Result<Self, String> {
        let mut orgs = Vec::new();
        let mut accounts = Vec::new();
        let mut units = Vec::new();
        let mut policies = Vec::new();
        let mut statuses = Vec::new();
        for (key, value) in records {
            let (org, rest) = key
                .split_once('/')
                .ok_or_else(|| format!("record org/{key}: bad key"))?;
            let org = org.to_string();
            let bad = |e: serde_json::Error| format!("record org/{key}: {e}");
            match rest.split_once('/').map_or(rest, |(k, _)| k) {
                "organization" => {
                    orgs.push(serde_json::from_slice::<Organization>(&value).map_err(bad)?)
                }
                "account" => accounts.push((
                    org,
                    serde_json::from_slice::<OrgAccount>(&value).map_err(bad)?,
                )),
                "ou" => units.push((org, serde_json::from_slice::<OrgUnit>(&value).map_err(bad)?)),
                "policy" => policies.push((
                    org,
                    serde_json::from_slice::<OrgPolicy>(&value).map_err(bad)?,
                )),
                "car" => statuses.push((
                    org,
                    serde_json::from_slice::<CreateAccountStatusRecord>(&value).map_err(bad)?,
                )),
                other => return Err(format!("record org/{key}: unknown part {other}")),
            }
        }
        let mut out = Organizations::default();
        for o in orgs {
            out.by_id.insert(o.id.clone(), OrgState::new(o));
        }
        let missing = |org: &str| format!("organization {org} missing");
        for (org, a) in accounts {
            let s = out.by_id.get_mut(&org).ok_or_else(|| missing(&org))?;
            out.account_org.insert(a.id.clone(), org.clone());
            s.accounts.insert(a.id.clone(), a);
        }
        for (org, u) in units {
            let s = out.by_id.get_mut(&org).ok_or_else(|| missing(&org))?;
            s.units.insert(u.id.clone(), u);
        }
        for (org, p) in policies {
            let s = out.by_id.get_mut(&org).ok_or_else(|| missing(&org))?;
            match compile_org_policy(p.policy_type, &p.content) {
                Some(c) => s.replace_policy(p, c),
                None => {
                    tracing::error!(
                        policy = p.id,
                        "stored organization policy no longer parses; it allows nothing"
                    );
                    s.policies.insert(p.id.clone(), p);
                }
            }
        }
        for (org, c) in statuses {
            let s = out.by_id.get_mut(&org).ok_or_else(|| missing(&org))?;
            s.create_statuses.insert(c.id.clone(), c);
        }
        Ok(out)
    }

    /// Gives each organization its management account's partition (start-up, once the
    /// accounts are loaded: `partition_of` looks one up).
    pub fn set_partitions(
        &mut self,
        partition_of: impl Fn(&str) -> Option<iam_partitions::Partition>,
    ) {
        for o in self.by_id.values_mut() {
            o.partition = partition_of(o.management()).unwrap_or_default();
        }
    }
}

/// Compiles a stored organization policy (validated when written): SCPs are identity-style
/// (no `Principal`), RCPs resource-style (`Principal: "*"`).
pub fn compile_org_policy(kind: OrgPolicyType, content: &str) -> Option<Arc<Policy>> {
    let grammar = match kind {
        OrgPolicyType::Scp => iam_policy::PolicyKind::Identity,
        OrgPolicyType::Rcp => iam_policy::PolicyKind::Resource,
    };
    iam_policy::parse_policy(content, grammar)
        .ok()
        .map(Arc::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rcp_services_are_sorted_and_found_in_any_case() {
        assert!(RCP_SERVICES.windows(2).all(|w| w[0] < w[1]));
        for service in RCP_SERVICES {
            assert!(rcp_governs(&format!("{service}:Anything")), "{service}");
        }
        assert!(rcp_governs("STS:AssumeRole"));
        assert!(rcp_governs("sts:TagSession"));
        for action in [
            "iam:GetUser",
            "organizations:ListAccounts",
            "ec2:RunInstances",
            "*",
            "",
        ] {
            assert!(!rcp_governs(action), "{action}");
        }
    }
}
