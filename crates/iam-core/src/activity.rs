//! Activity kept in memory on the request path and persisted off it: the service each user and
//! role last called, when and from which Region (IAM User Guide: access_policies_access-advisor),
//! users' PasswordLastUsed (id_credentials_finding-unused), the sign-in rate limiter, the
//! account's credential report and the service-last-accessed jobs.
use crate::entities::Timestamp;
use crate::error::IamResult;
use crate::service::{Caller, Iam, Principal};
use crate::state::Tx;
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
// (their handlers are in actions/last_accessed.rs), the credential reports and the sign-in and
// MFA-code throttles are records of the store (kinds below), written through `Iam::write` like
// any entity: on a store several nodes share they reach every node through the change
// sequence, and they survive a restart or a node's death. Each node holds them in memory too
// (loaded with the other records), so reading one costs no database round trip.

use crate::sign_in::Limiter;

/// A credential report, keyed by account ID: a JSON header line (`{"generated":…}`), then
/// the CSV gzip'd (`Report::encode`).
pub const KIND_CREDENTIAL_REPORT: &str = "credential_report";
/// A service-last-accessed job (GenerateServiceLastAccessedDetails), keyed by job ID: its
/// JSON gzip'd.
pub const KIND_ACCESS_JOB: &str = "access_job";
/// An Organizations access report (GenerateOrganizationsAccessReport), keyed by job ID: its
/// JSON gzip'd.
pub const KIND_ORG_ACCESS_JOB: &str = "org_access_job";
/// A throttle bucket of failed attempts, keyed `sign_in/<account>/<lower-case user name>` or
/// `mfa/<account>/<serial number>` (`throttle_key`): `{"tokens":…,"at_ms":…}`.
pub const KIND_THROTTLE: &str = "throttle";
/// The web console's server-side state (`iam-console/src/session.rs`): sessions, pending MFA
/// steps and used SigninTokens, keyed `<what>/<hex SHA-256 of the cookie or token>`: a JSON
/// header line (`{"expires":…}`), then the state sealed under the master key
/// (`Purpose::ConsoleSession`, scope: the key).
pub const KIND_CONSOLE: &str = "console";
/// The record kinds `Activity::load_record` loads.
pub const ACTIVITY_KINDS: [&str; 5] = [
    KIND_CREDENTIAL_REPORT,
    KIND_ACCESS_JOB,
    KIND_ORG_ACCESS_JOB,
    KIND_THROTTLE,
    KIND_CONSOLE,
];

/// A record's value of a JSON header line, then `body` as is (read without parsing it).
fn with_header(header: &impl Serialize, body: &[u8]) -> Vec<u8> {
    let mut out = serde_json::to_vec(header).expect("a header serializes");
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The header and body of a value `with_header` made.
fn split_header<H: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<(H, &[u8]), String> {
    let split = bytes
        .iter()
        .position(|b| *b == b'\n')
        .ok_or("no header line")?;
    let header = serde_json::from_slice(&bytes[..split]).map_err(|e| e.to_string())?;
    Ok((header, &bytes[split + 1..]))
}

/// A console record as kept: until when, and its sealed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsoleEntry {
    expires: Timestamp,
    sealed: String,
}

#[derive(Serialize, Deserialize)]
struct ConsoleHeader {
    expires: Timestamp,
}

impl ConsoleEntry {
    fn encode(&self) -> Vec<u8> {
        with_header(
            &ConsoleHeader {
                expires: self.expires,
            },
            self.sealed.as_bytes(),
        )
    }

    fn decode(bytes: &[u8]) -> Result<Self, String> {
        let (header, body): (ConsoleHeader, _) = split_header(bytes)?;
        Ok(Self {
            expires: header.expires,
            sealed: String::from_utf8(body.to_vec()).map_err(|e| e.to_string())?,
        })
    }
}

/// Default seconds between two flushes of the usage timestamps kept in memory (`iamd serve
/// --usage-flush-secs`): what a node's death can lose of them.
pub const USAGE_FLUSH_SECS: u64 = 30;

/// Jobs and Organizations access reports are kept this long, then deleted by
/// `Iam::flush_activity` (AWS documents no lifetime for a job ID; a week covers any client
/// polling for its result).
pub const JOB_LIFETIME_SECS: i64 = 7 * 86_400;
/// A credential report is current for four hours (`REPORT_LIFETIME_SECS`); an older one answers
/// ReportExpired until it is this old, then it is deleted (and the answer is ReportNotPresent).
pub const REPORT_KEPT_SECS: i64 = 7 * 86_400;

/// A user or role the report covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) arn: String,
    pub(crate) kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Job {
    pub(crate) account_id: String,
    pub(crate) created: Timestamp,
    pub(crate) job_type: String,
    /// namespace → (entity, its last access) for the services the policies allow.
    pub(crate) services: BTreeMap<String, Vec<(Entity, Option<AccessRecord>)>>,
}

/// A completed Organizations access report: for each service the SCPs allow, the most recent
/// access from the accounts the report covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct OrgJob {
    pub(crate) account_id: String,
    pub(crate) created: Timestamp,
    /// namespace → (entity path of the account, its last access) for every covered account
    /// that accessed the service.
    pub(crate) services: BTreeMap<String, Vec<(String, AccessRecord)>>,
}

/// A generated credential report (GenerateCredentialReport): when, and its CSV gzip'd (a
/// million users' CSV is ~200 MB, ~10 times less compressed; it is kept so in memory and in
/// the store, and inflated only to answer GetCredentialReport).
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub generated: Timestamp,
    pub csv_gz: Arc<Vec<u8>>,
}

#[derive(Serialize, Deserialize)]
struct ReportHeader {
    generated: Timestamp,
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// A record value: `value` as JSON, gzip'd.
pub(crate) fn encode_gz<T: Serialize>(value: &T) -> Vec<u8> {
    gzip(&serde_json::to_vec(value).expect("activity records serialize"))
}

fn decode_gz<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let json = gunzip(bytes).map_err(|e| e.to_string())?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

impl Report {
    pub(crate) fn new(generated: Timestamp, csv: &str) -> Self {
        Self {
            generated,
            csv_gz: Arc::new(gzip(csv.as_bytes())),
        }
    }

    /// The CSV, inflated.
    pub(crate) fn csv(&self) -> Result<String, String> {
        let bytes = gunzip(&self.csv_gz).map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }

    /// The record's value: a JSON header line, then the gzip'd CSV (read without inflating it).
    pub(crate) fn encode(&self) -> Vec<u8> {
        with_header(
            &ReportHeader {
                generated: self.generated,
            },
            &self.csv_gz,
        )
    }

    fn decode(bytes: &[u8]) -> Result<Self, String> {
        let (header, body): (ReportHeader, _) = split_header(bytes)?;
        Ok(Self {
            generated: header.generated,
            csv_gz: Arc::new(body.to_vec()),
        })
    }
}

/// The key of a throttle record: `limiter` (`sign_in`, `mfa`), account, name. The account
/// part is what a sign-in form named (an unknown account's text as typed), so its `%` and `/`
/// are escaped: the key splits back at its first two slashes.
pub(crate) fn throttle_key(limiter: Limiter, key: &(String, String)) -> String {
    let account = key.0.replace('%', "%25").replace('/', "%2F");
    format!("{}/{account}/{}", limiter.as_str(), key.1)
}

/// The limiter and its key of a `throttle_key`.
fn split_throttle_key(record: &str) -> Option<(Limiter, (String, String))> {
    let (limiter, rest) = record.split_once('/')?;
    let (account, name) = rest.split_once('/')?;
    Some((
        Limiter::parse(limiter)?,
        (unescape_account(account), name.to_string()),
    ))
}

fn unescape_account(account: &str) -> String {
    account.replace("%2F", "/").replace("%25", "%")
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
    /// Failed sign-ins (and ChangePassword's old passwords) per (account, user); records
    /// `throttle` `sign_in/…`.
    pub(crate) sign_in: Mutex<crate::sign_in::SignInLimiter>,
    /// Wrong MFA codes per device (STS and sign-in alike); records `throttle` `mfa/…`.
    pub(crate) mfa: Mutex<crate::sign_in::SignInLimiter>,
    /// Account ID → its one credential report (AWS keeps a single report per account).
    pub(crate) reports: Mutex<HashMap<String, Report>>,
    /// Job ID → a completed service-last-accessed job.
    pub(crate) jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// Job ID → a completed Organizations access report (GenerateOrganizationsAccessReport).
    pub(crate) org_jobs: Mutex<HashMap<String, Arc<OrgJob>>>,
    /// The console's sessions, pending MFA steps and used SigninTokens (records `console`).
    console: Mutex<HashMap<String, ConsoleEntry>>,
}

/// A second is enough resolution; one update a minute per principal and service keeps the
/// request path to a read-locked probe.
const ACCESS_RESOLUTION_SECS: i64 = 60;

impl Activity {
    /// A working set reloaded from a shared store (`Iam::catch_up`) takes over what this node
    /// kept in memory only: access records newer than the stored ones and not yet flushed, and
    /// the flush lists. (Reports, jobs and throttles are records: the reload read them.)
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
    }

    /// Puts one record of `ACTIVITY_KINDS` in place (start-up, a reload, or a change another
    /// node committed); a record of another kind is an error.
    pub fn load_record(&self, kind: &str, key: &str, value: &[u8]) -> Result<(), String> {
        let bad = |e: String| format!("record {kind}/{key}: {e}");
        match kind {
            KIND_CREDENTIAL_REPORT => {
                let r = Report::decode(value).map_err(bad)?;
                self.reports.lock().insert(key.to_string(), r);
            }
            KIND_ACCESS_JOB => {
                let j: Job = decode_gz(value).map_err(bad)?;
                self.jobs.lock().insert(key.to_string(), Arc::new(j));
            }
            KIND_ORG_ACCESS_JOB => {
                let j: OrgJob = decode_gz(value).map_err(bad)?;
                self.org_jobs.lock().insert(key.to_string(), Arc::new(j));
            }
            KIND_THROTTLE => {
                let b: crate::sign_in::Bucket =
                    serde_json::from_slice(value).map_err(|e| bad(e.to_string()))?;
                let (limiter, name) =
                    split_throttle_key(key).ok_or_else(|| bad("key or limiter".into()))?;
                self.limiter(limiter).lock().put(name, b);
            }
            KIND_CONSOLE => {
                let e = ConsoleEntry::decode(value).map_err(bad)?;
                self.console.lock().insert(key.to_string(), e);
            }
            _ => return Err(bad("not an activity record".into())),
        }
        Ok(())
    }

    /// Removes a record of `ACTIVITY_KINDS` (a deletion another node committed).
    pub fn unload_record(&self, kind: &str, key: &str) {
        match kind {
            KIND_CREDENTIAL_REPORT => {
                self.reports.lock().remove(key);
            }
            KIND_ACCESS_JOB => {
                self.jobs.lock().remove(key);
            }
            KIND_ORG_ACCESS_JOB => {
                self.org_jobs.lock().remove(key);
            }
            KIND_CONSOLE => {
                self.console.lock().remove(key);
            }
            KIND_THROTTLE => {
                if let Some((limiter, name)) = split_throttle_key(key) {
                    self.limiter(limiter).lock().succeeded(&name);
                }
            }
            _ => {}
        }
    }

    /// What of the activity is persisted as records, canonical (`State::persisted_snapshot`).
    pub(crate) fn persisted_snapshot(&self) -> serde_json::Value {
        let reports: BTreeMap<String, (Timestamp, usize)> = self
            .reports
            .lock()
            .iter()
            .map(|(k, r)| (k.clone(), (r.generated, r.csv_gz.len())))
            .collect();
        let jobs: BTreeMap<String, Job> = self
            .jobs
            .lock()
            .iter()
            .map(|(k, j)| (k.clone(), (**j).clone()))
            .collect();
        let org_jobs: BTreeMap<String, OrgJob> = self
            .org_jobs
            .lock()
            .iter()
            .map(|(k, j)| (k.clone(), (**j).clone()))
            .collect();
        serde_json::json!({
            "credential_reports": reports,
            "access_jobs": jobs,
            "org_access_jobs": org_jobs,
            "sign_in_throttles": self.sign_in.lock().snapshot(),
            "mfa_throttles": self.mfa.lock().snapshot(),
            "console": self
                .console
                .lock()
                .iter()
                .map(|(k, e)| (k.clone(), (e.expires, e.sealed.clone())))
                .collect::<BTreeMap<_, _>>(),
        })
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
    /// and deletes the expired activity records (jobs and reports past their lifetime,
    /// throttle buckets refilled), in one batch. Run periodically (every `USAGE_FLUSH_SECS`)
    /// and at shutdown, next to `flush_key_usage`.
    pub async fn flush_activity(&self) -> IamResult<usize> {
        let (access, users, expired) = {
            let state = self.state.read();
            let access: Vec<_> = state.activity.dirty_access.lock().drain().collect();
            let users: Vec<_> = state.activity.dirty_users.lock().drain().collect();
            let expired = state.activity.expired(crate::entities::now());
            (access, users, expired)
        };
        if access.is_empty() && users.is_empty() && expired.is_empty() {
            return Ok(0);
        }
        self.write(|state, tx| {
            let mut n = 0;
            // Decided again under the write lock: another node may have replaced a record
            // since (a new report, a new failure), which must stay.
            let still = state.activity.expired(crate::entities::now());
            for (kind, key) in expired.iter().filter(|e| still.contains(e)) {
                state.activity.unload_record(kind, key);
                tx.delete(kind, key);
                n += 1;
            }
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

    /// Moves every credential report and job `secs` into the past, in memory and in the store
    /// (tests of expiry).
    #[doc(hidden)]
    pub async fn age_activity_for_tests(&self, secs: i64) {
        self.write(|state, tx| {
            for (account, r) in state.activity.reports.lock().iter_mut() {
                r.generated -= secs;
                tx.put_bytes(KIND_CREDENTIAL_REPORT, account, r.encode());
            }
            for (id, j) in state.activity.jobs.lock().iter_mut() {
                Arc::make_mut(j).created -= secs;
                tx.put_bytes(KIND_ACCESS_JOB, id, encode_gz(&**j));
            }
            for (id, j) in state.activity.org_jobs.lock().iter_mut() {
                Arc::make_mut(j).created -= secs;
                tx.put_bytes(KIND_ORG_ACCESS_JOB, id, encode_gz(&**j));
            }
            Ok(())
        })
        .await
        .expect("aging the activity records");
    }
}

/// The mutators of the activity records: each changes memory and writes the record into the
/// same `Tx` (invariant 24: handlers never write records themselves).
impl Activity {
    fn limiter(&self, which: Limiter) -> &Mutex<crate::sign_in::SignInLimiter> {
        match which {
            Limiter::SignIn => &self.sign_in,
            Limiter::Mfa => &self.mfa,
        }
    }

    /// Whether limiter `which` has an attempt left for `key`.
    pub(crate) fn attempt_allowed(&self, which: Limiter, key: &(String, String)) -> bool {
        self.limiter(which)
            .lock()
            .allowed(key, crate::audit::now_ms())
    }

    /// Whether limiter `which` has counted failures of `key`.
    pub(crate) fn attempt_counted(&self, which: Limiter, key: &(String, String)) -> bool {
        self.limiter(which).lock().snapshot_has(key)
    }

    /// Counts a failure (or reserves an attempt) of `key` in limiter `which`.
    pub(crate) fn attempt_failed(&self, tx: &mut Tx, which: Limiter, key: (String, String)) {
        let record = throttle_key(which, &key);
        let bucket = self
            .limiter(which)
            .lock()
            .failed(key, crate::audit::now_ms());
        tx.put(KIND_THROTTLE, &record, &bucket);
    }

    /// Gives back one attempt of `key` in limiter `which`.
    pub(crate) fn attempt_refunded(&self, tx: &mut Tx, which: Limiter, key: &(String, String)) {
        let mut limiter = self.limiter(which).lock();
        if !limiter.snapshot_has(key) {
            return;
        }
        match limiter.refund(key, crate::audit::now_ms()) {
            Some(bucket) => tx.put(KIND_THROTTLE, &throttle_key(which, key), &bucket),
            None => tx.delete(KIND_THROTTLE, &throttle_key(which, key)),
        }
    }

    /// Forgets the failures of `key` in limiter `which`.
    pub(crate) fn attempt_succeeded(&self, tx: &mut Tx, which: Limiter, key: &(String, String)) {
        if self.limiter(which).lock().succeeded(key) {
            tx.delete(KIND_THROTTLE, &throttle_key(which, key));
        }
    }

    /// Keeps `report` as the account's credential report.
    pub(crate) fn put_report(&self, tx: &mut Tx, account_id: String, report: Report) {
        tx.put_bytes(KIND_CREDENTIAL_REPORT, &account_id, report.encode());
        self.reports.lock().insert(account_id, report);
    }

    /// Keeps a service-last-accessed job, deleting the oldest once `max` are kept.
    pub(crate) fn put_job(&self, tx: &mut Tx, id: String, job: Job, max: usize) {
        put_bounded(
            &mut self.jobs.lock(),
            tx,
            KIND_ACCESS_JOB,
            id,
            job,
            max,
            |j| j.created,
        );
    }

    /// Keeps an Organizations access report, deleting the oldest once `max` are kept.
    pub(crate) fn put_org_job(&self, tx: &mut Tx, id: String, job: OrgJob, max: usize) {
        put_bounded(
            &mut self.org_jobs.lock(),
            tx,
            KIND_ORG_ACCESS_JOB,
            id,
            job,
            max,
            |j| j.created,
        );
    }
}

fn put_bounded<J: Serialize>(
    jobs: &mut HashMap<String, Arc<J>>,
    tx: &mut Tx,
    kind: &'static str,
    id: String,
    job: J,
    max: usize,
    created: impl Fn(&J) -> Timestamp,
) {
    if jobs.len() >= max
        && let Some(oldest) = jobs
            .iter()
            .min_by_key(|(id, j)| (created(j), (*id).clone()))
            .map(|(k, _)| k.clone())
    {
        jobs.remove(&oldest);
        tx.delete(kind, &oldest);
    }
    tx.put_bytes(kind, &id, encode_gz(&job));
    jobs.insert(id, Arc::new(job));
}

impl Activity {
    /// The activity records past their lifetime at `now`: (kind, key).
    fn expired(&self, now: Timestamp) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (account, r) in self.reports.lock().iter() {
            if now - r.generated >= REPORT_KEPT_SECS {
                out.push((KIND_CREDENTIAL_REPORT, account.clone()));
            }
        }
        for (id, j) in self.jobs.lock().iter() {
            if now - j.created >= JOB_LIFETIME_SECS {
                out.push((KIND_ACCESS_JOB, id.clone()));
            }
        }
        for (id, j) in self.org_jobs.lock().iter() {
            if now - j.created >= JOB_LIFETIME_SECS {
                out.push((KIND_ORG_ACCESS_JOB, id.clone()));
            }
        }
        for (key, e) in self.console.lock().iter() {
            if e.expires <= now {
                out.push((KIND_CONSOLE, key.clone()));
            }
        }
        let now_ms = now.saturating_mul(1000);
        for limiter in [Limiter::SignIn, Limiter::Mfa] {
            for key in self.limiter(limiter).lock().refilled(now_ms) {
                out.push((KIND_THROTTLE, throttle_key(limiter, &key)));
            }
        }
        out
    }
}

/// The web console's state in the store (records `console`): what `iam-console` keeps of a
/// session, a pending MFA step or a used SigninToken, as text it serializes itself, sealed
/// here under the master key. Every change is a write through `Iam::write`, acknowledged once
/// every live node holds it, so a session signed in, switched or signed out on one node is so
/// on the next request to any node.
impl Iam {
    /// The content of console record `key` (`<what>/<hex digest>`), if it exists and has not
    /// expired.
    pub fn console_record(&self, key: &str) -> Option<String> {
        let entry = self
            .state
            .read()
            .activity
            .console
            .lock()
            .get(key)
            .cloned()?;
        if entry.expires <= crate::entities::now() {
            return None;
        }
        self.master
            .open_for(crate::secrets::Purpose::ConsoleSession, key, &entry.sealed)
            .map(|s| s.expose().to_string())
    }

    /// Changes console record `key` under the write lock: `f` gets its current content (None:
    /// absent or expired) and returns what to keep — `Some((expires, content))` to store,
    /// `None` to delete. Returns what `f` decided.
    pub async fn modify_console_record(
        &self,
        key: &str,
        f: impl FnOnce(Option<String>) -> Option<(Timestamp, String)>,
    ) -> IamResult<bool> {
        // Decided under the write lock, after the catch-up to every change committed before
        // (another node's sign-out, role switch or use of the same SigninToken).
        self.write(|state, tx| {
            let mut console = state.activity.console.lock();
            let now = crate::entities::now();
            let live = console.get(key).filter(|e| e.expires > now).and_then(|e| {
                self.master
                    .open_for(crate::secrets::Purpose::ConsoleSession, key, &e.sealed)
                    .map(|s| s.expose().to_string())
            });
            match f(live) {
                Some((expires, content)) => {
                    let entry = ConsoleEntry {
                        expires,
                        sealed: self.master.seal_for(
                            crate::secrets::Purpose::ConsoleSession,
                            key,
                            &content,
                        ),
                    };
                    tx.put_bytes(KIND_CONSOLE, key, entry.encode());
                    console.insert(key.to_string(), entry);
                    Ok(true)
                }
                None => {
                    if console.remove(key).is_some() {
                        tx.delete(KIND_CONSOLE, key);
                    }
                    Ok(false)
                }
            }
        })
        .await
    }

    /// A key for the console (its CSRF tokens) derived from the master key: the same on every
    /// node.
    pub fn console_key(&self) -> [u8; 32] {
        self.master.derive("iamd/console-csrf")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_keys_split_back_whatever_the_account_text() {
        let activity = Activity::default();
        let bucket = crate::sign_in::Bucket::for_tests();
        for account in ["123456789012", "a/b", "50%/2F", ""] {
            let key = (account.to_string(), "alice/x".to_string());
            let record = throttle_key(Limiter::SignIn, &key);
            let value = serde_json::to_vec(&bucket).unwrap();
            activity
                .load_record(KIND_THROTTLE, &record, &value)
                .unwrap();
            assert!(
                activity
                    .sign_in
                    .lock()
                    .snapshot()
                    .contains_key(&format!("{account}/alice/x"))
            );
            activity.unload_record(KIND_THROTTLE, &record);
            assert!(activity.sign_in.lock().snapshot().is_empty(), "{account}");
        }
    }

    #[test]
    fn a_report_record_keeps_its_time_and_csv() {
        let r = Report::new(1_700_000_000, "user,arn\nalice,arn:aws:iam::1:user/alice");
        let back = Report::decode(&r.encode()).unwrap();
        assert_eq!(back.generated, r.generated);
        assert_eq!(back.csv().unwrap(), r.csv().unwrap());
    }
}
