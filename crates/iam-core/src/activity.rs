//! Activity kept in memory on the request path and persisted off it: the service each user and
//! role last called, when and from which Region (IAM User Guide: access_policies_access-advisor),
//! users' PasswordLastUsed (id_credentials_finding-unused), the sign-in rate limiter, the
//! account's credential report and the service-last-accessed jobs.
use crate::entities::Timestamp;
use crate::error::IamResult;
use crate::service::{Caller, Iam, Principal};
use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// Access records, keyed `<account>/<principal id>/<service namespace>`.
pub const KIND_ACCESS: &str = "access";

/// A principal's last authenticated request to one service.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessRecord {
    pub account_id: String,
    /// User ID or role ID.
    pub principal_id: String,
    pub principal_arn: String,
    pub namespace: String,
    pub date: Timestamp,
    pub region: String,
}

impl AccessRecord {
    fn key(&self) -> String {
        format!(
            "{}/{}/{}",
            self.account_id, self.principal_id, self.namespace
        )
    }
}

// The reports GenerateServiceLastAccessedDetails / GenerateOrganizationsAccessReport keep
// (their handlers are in actions/last_accessed.rs).

/// A user or role the report covers.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) arn: String,
    pub(crate) kind: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) account_id: String,
    pub(crate) created: Timestamp,
    pub(crate) job_type: String,
    /// namespace → (entity, its last access) for the services the policies allow.
    pub(crate) services: BTreeMap<&'static str, Vec<(Entity, Option<AccessRecord>)>>,
}

/// A completed Organizations access report: for each service the SCPs allow, the most recent
/// access from the accounts the report covers.
#[derive(Debug, Clone)]
pub(crate) struct OrgJob {
    pub(crate) account_id: String,
    pub(crate) created: Timestamp,
    /// namespace → (entity path of the account, its last access) for every covered account
    /// that accessed the service.
    pub(crate) services: BTreeMap<&'static str, Vec<(String, AccessRecord)>>,
}

/// A generated credential report (GenerateCredentialReport): when, and its CSV.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub generated: Timestamp,
    pub csv: String,
}

/// (account ID, principal ID).
type PrincipalKey = (String, String);

#[derive(Debug, Default)]
pub struct Activity {
    /// (account, principal) → service namespace → last access.
    access: RwLock<HashMap<PrincipalKey, HashMap<String, AccessRecord>>>,
    /// Access records changed since the last flush: (account, principal, namespace).
    dirty_access: Mutex<HashSet<(String, String, String)>>,
    /// Users whose PasswordLastUsed changed since the last flush.
    pub(crate) dirty_users: Mutex<HashSet<PrincipalKey>>,
    pub(crate) sign_in: Mutex<crate::sign_in::SignInLimiter>,
    /// Wrong MFA codes per device (STS and sign-in alike).
    pub(crate) mfa: Mutex<crate::sign_in::SignInLimiter>,
    /// Account ID → its one credential report (AWS keeps a single report per account).
    pub(crate) reports: Mutex<HashMap<String, Report>>,
    /// Job ID → a completed service-last-accessed job.
    pub(crate) jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// Job ID → a completed Organizations access report (GenerateOrganizationsAccessReport).
    pub(crate) org_jobs: Mutex<HashMap<String, Arc<OrgJob>>>,
}

/// A second is enough resolution; one update a minute per principal and service keeps the
/// request path to a read-locked probe.
const ACCESS_RESOLUTION_SECS: i64 = 60;

impl Activity {
    /// A working set reloaded from a shared store (`Iam::catch_up`) takes over what this node
    /// kept in memory: access records newer than the stored ones and not yet flushed, the
    /// flush lists, the sign-in and MFA limiters, the reports and jobs.
    pub(crate) fn carry_over(&mut self, old: &mut Activity) {
        {
            let mut access = self.access.write();
            for (principal, services) in old.access.get_mut().drain() {
                let mine = access.entry(principal).or_default();
                for (namespace, record) in services {
                    match mine.get(&namespace) {
                        Some(stored) if stored.date >= record.date => {}
                        _ => {
                            mine.insert(namespace, record);
                        }
                    }
                }
            }
        }
        std::mem::swap(self.dirty_access.get_mut(), old.dirty_access.get_mut());
        std::mem::swap(self.dirty_users.get_mut(), old.dirty_users.get_mut());
        std::mem::swap(self.sign_in.get_mut(), old.sign_in.get_mut());
        std::mem::swap(self.mfa.get_mut(), old.mfa.get_mut());
        std::mem::swap(self.reports.get_mut(), old.reports.get_mut());
        std::mem::swap(self.jobs.get_mut(), old.jobs.get_mut());
        std::mem::swap(self.org_jobs.get_mut(), old.org_jobs.get_mut());
    }

    pub(crate) fn load(&self, value: &[u8]) -> Result<(), serde_json::Error> {
        let r: AccessRecord = serde_json::from_slice(value)?;
        self.access
            .write()
            .entry((r.account_id.clone(), r.principal_id.clone()))
            .or_default()
            .insert(r.namespace.clone(), r);
        Ok(())
    }

    /// An access record another node stored (incremental catch-up): taken unless this node
    /// holds a newer one for the same principal and service (as `carry_over` keeps it).
    pub(crate) fn load_newer(&self, value: &[u8]) -> Result<(), serde_json::Error> {
        let r: AccessRecord = serde_json::from_slice(value)?;
        let mut access = self.access.write();
        let mine = access
            .entry((r.account_id.clone(), r.principal_id.clone()))
            .or_default();
        match mine.get(&r.namespace) {
            Some(held) if held.date > r.date => {}
            _ => {
                mine.insert(r.namespace.clone(), r);
            }
        }
        Ok(())
    }

    /// An access record another node deleted (`value`: its last value).
    pub(crate) fn forget(&self, value: &[u8]) -> Result<(), serde_json::Error> {
        let r: AccessRecord = serde_json::from_slice(value)?;
        let mut access = self.access.write();
        let key = (r.account_id.clone(), r.principal_id.clone());
        if let Some(mine) = access.get_mut(&key) {
            mine.remove(&r.namespace);
            if mine.is_empty() {
                access.remove(&key);
            }
        }
        Ok(())
    }

    pub(crate) fn note(
        &self,
        account_id: &str,
        principal_id: &str,
        principal_arn: &str,
        namespace: &str,
        region: &str,
        now: Timestamp,
    ) {
        let key = (account_id.to_string(), principal_id.to_string());
        let fresh = self
            .access
            .read()
            .get(&key)
            .and_then(|m| m.get(namespace))
            .is_some_and(|r| {
                now - r.date < ACCESS_RESOLUTION_SECS
                    && r.region == region
                    && r.principal_arn == principal_arn
            });
        if fresh {
            return;
        }
        self.access.write().entry(key).or_default().insert(
            namespace.to_string(),
            AccessRecord {
                account_id: account_id.to_string(),
                principal_id: principal_id.to_string(),
                principal_arn: principal_arn.to_string(),
                namespace: namespace.to_string(),
                date: now,
                region: region.to_string(),
            },
        );
        self.dirty_access.lock().insert((
            account_id.to_string(),
            principal_id.to_string(),
            namespace.to_string(),
        ));
    }

    /// Moves every credential report `secs` into the past (tests of report expiry).
    #[doc(hidden)]
    pub fn age_reports_for_tests(&self, secs: i64) {
        for r in self.reports.lock().values_mut() {
            r.generated -= secs;
        }
    }

    /// The most recent access of any principal of an account to a service, if any.
    pub fn account_last_access(&self, account_id: &str, namespace: &str) -> Option<AccessRecord> {
        self.access
            .read()
            .iter()
            .filter(|((account, _), _)| account == account_id)
            .filter_map(|(_, m)| m.get(namespace))
            .max_by_key(|r| r.date)
            .cloned()
    }

    /// The last access of a principal to a service, if any.
    pub fn last_access(
        &self,
        account_id: &str,
        principal_id: &str,
        namespace: &str,
    ) -> Option<AccessRecord> {
        self.access
            .read()
            .get(&(account_id.to_string(), principal_id.to_string()))
            .and_then(|m| m.get(namespace))
            .cloned()
    }
}

impl Iam {
    /// Records an authenticated request of `caller` to `namespace` (`iam`, `sts`,
    /// `organizations`) in memory only: no disk write on the request path (see
    /// `flush_activity`). Root is not an entity of access reports and is not recorded.
    pub fn note_access(&self, caller: &Caller, namespace: &str, region: &str) {
        let (id, arn) = match &caller.principal {
            Principal::User { id, arn, .. } => (id.as_str(), arn.as_str()),
            Principal::AssumedRole {
                role_id, role_arn, ..
            } => (role_id.as_str(), role_arn.as_str()),
            // Federated users are sessions of a user or root, not entities of their own.
            Principal::Root | Principal::FederatedUser { .. } => return,
        };
        let now = crate::entities::now();
        self.state
            .read()
            .activity
            .note(&caller.account_id, id, arn, namespace, region, now);
    }

    /// Persists access records and users' PasswordLastUsed changed since the previous flush,
    /// in one batch. Run periodically and at shutdown, next to `flush_key_usage`.
    pub async fn flush_activity(&self) -> IamResult<usize> {
        let (access, users) = {
            let state = self.state.read();
            let access: Vec<_> = state.activity.dirty_access.lock().drain().collect();
            let users: Vec<_> = state.activity.dirty_users.lock().drain().collect();
            (access, users)
        };
        if access.is_empty() && users.is_empty() {
            return Ok(0);
        }
        self.write(|state, tx| {
            let mut n = 0;
            for (account, principal, namespace) in &access {
                if let Some(r) = state.activity.last_access(account, principal, namespace) {
                    tx.put(KIND_ACCESS, &r.key(), &r);
                    n += 1;
                }
            }
            for (account, user_id) in &users {
                if let Some(u) = state
                    .accounts
                    .get(account)
                    .and_then(|a| a.users.get(user_id))
                {
                    tx.put(crate::state::KIND_USER, &u.id, u);
                    n += 1;
                }
            }
            Ok(n)
        })
        .await
    }
}
