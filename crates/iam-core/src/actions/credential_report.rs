//! GenerateCredentialReport and GetCredentialReport: AWS's CSV of every user's credentials
//! (IAM User Guide: id_credentials_getting-report). One report per account, reused for four
//! hours. The report is a record of the store (`activity::KIND_CREDENTIAL_REPORT`, its CSV
//! gzip'd): every node of a cluster answers it, and it survives a restart.
use super::*;
use crate::entities::*;
use crate::password_rules::next_rotation;
use crate::service::{Caller, Iam};
use crate::state::{AccountState, State};
use iam_api::iam as api;

/// AWS regenerates a report older than this, and GetCredentialReport calls it expired.
pub const REPORT_LIFETIME_SECS: i64 = 4 * 3600;

/// AWS's columns, in AWS's order.
pub const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

use crate::activity::Report;

/// ISO 8601 as the report writes it in 2026: `2026-11-25T14:22:10Z`, whole seconds (AWS-recorded:
/// test_iam_credential_report.snapshot.json, `test_credential_report`: every date matched
/// LocalStack's `YYYY-MM-DDTHH:MM:SSZ` timestamp pattern; older documentation shows `+00:00`).
pub fn report_time(ts: Timestamp) -> String {
    iso8601(ts)
}

const NA: &str = "N/A";

fn bool_text(b: bool) -> String {
    (if b { "true" } else { "false" }).to_string()
}

/// The five key columns of each of up to two keys (active keys first, then by creation: AWS
/// reported a newer active key as key 1 before an older inactive one, test_credential_report),
/// then the two columns of each of up to two signing certificates (oldest first) of `owner`
/// (`None`: the root user).
fn key_columns(state: &State, acct: &AccountState, owner: Option<&str>, row: &mut Vec<String>) {
    let mut keys: Vec<_> = acct
        .keys_of(owner)
        .iter()
        .filter_map(|k| state.keys.get(k))
        .collect();
    keys.sort_by_key(|e| e.record.status != KeyStatus::Active);
    for i in 0..2 {
        match keys.get(i) {
            Some(e) => {
                let r = &e.record;
                row.push(bool_text(r.status == KeyStatus::Active));
                row.push(report_time(r.create_date));
                match &r.last_used {
                    Some(l) => {
                        row.push(report_time(l.date));
                        row.push(if l.region.is_empty() {
                            NA.into()
                        } else {
                            l.region.clone()
                        });
                        row.push(l.service.clone());
                    }
                    None => row.extend([NA.into(), NA.into(), NA.into()]),
                }
            }
            None => row.extend(["false".into(), NA.into(), NA.into(), NA.into(), NA.into()]),
        }
    }
    let mut certs: Vec<&SigningCertificateRecord> = acct.signing_certs_of(owner).collect();
    certs.sort_by(|a, b| (a.upload_date, &a.id).cmp(&(b.upload_date, &b.id)));
    for i in 0..2 {
        match certs.get(i) {
            Some(c) => {
                row.push(bool_text(c.status == KeyStatus::Active));
                row.push(report_time(c.upload_date));
            }
            None => row.extend(["false".into(), NA.into()]),
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Builds the report's CSV from the working set.
pub(crate) fn build_csv(state: &State, acct: &AccountState) -> String {
    let policy = acct.account.password_policy.as_ref();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut root = vec![
        "<root_account>".to_string(),
        crate::arns::root(acct.partition(), &acct.account.id),
        report_time(acct.account.create_date),
        "not_supported".into(),
        // Root sign-in is not tracked by this server.
        "no_information".into(),
        "not_supported".into(),
        "not_supported".into(),
        bool_text(acct.mfa_devices_of(None).next().is_some()),
    ];
    key_columns(state, acct, None, &mut root);
    rows.push(root);
    for id in acct.user_names.values() {
        let Some(u) = acct.users.get(id) else {
            continue;
        };
        let p = u.login_profile.as_ref();
        let mut row = vec![
            u.name.to_string(),
            u.arn(acct.partition()),
            report_time(u.create_date),
            bool_text(p.is_some()),
            match (p, u.password_last_used) {
                (None, _) => NA.into(),
                (Some(_), Some(t)) => report_time(t),
                (Some(_), None) => "no_information".into(),
            },
            p.map_or(NA.into(), |p| report_time(p.last_changed())),
            p.and_then(|p| next_rotation(policy, p))
                .map_or(NA.into(), report_time),
            bool_text(acct.mfa_devices_of(Some(&u.id)).next().is_some()),
        ];
        key_columns(state, acct, Some(&u.id), &mut row);
        rows.push(row);
    }
    let mut out = COLUMNS.join(",");
    for r in rows {
        out.push('\n');
        out.push_str(&r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
    }
    out
}

impl Iam {
    /// GenerateCredentialReport has no input structure: the raw input is taken and ignored.
    /// The CSV is built under the read lock (a million users take seconds: no write waits for
    /// it), then stored under the write lock unless another request or node stored a current
    /// report meanwhile.
    pub async fn generate_credential_report(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::GenerateCredentialReportResponse> {
        let t = now();
        let current = |state: &State| {
            let previous = state
                .activity
                .reports
                .lock()
                .get(&caller.account_id)
                .map(|r| r.generated);
            (
                previous,
                previous.is_some_and(|g| t - g < REPORT_LIFETIME_SECS),
            )
        };
        let complete = || api::GenerateCredentialReportResponse {
            state: Some("COMPLETE".into()),
            description: None,
        };
        let csv = {
            let state = self.state.read();
            let acct = Iam::account_of(&state, caller)?;
            if current(&state).1 {
                return Ok(complete());
            }
            build_csv(&state, acct)
        };
        // Generation is immediate here; the first answer still says STARTED, as AWS's does.
        let report = Report::new(t, &csv);
        drop(csv);
        self.write(|state, tx| {
            let (previous, is_current) = current(state);
            if is_current {
                return Ok(complete());
            }
            state
                .activity
                .put_report(tx, caller.account_id.clone(), report);
            Ok(api::GenerateCredentialReportResponse {
                state: Some("STARTED".into()),
                description: previous
                    .is_none()
                    .then(|| "No report exists. Starting a new report generation task".into()),
            })
        })
        .await
    }

    /// GetCredentialReport has no input structure: the raw input is taken and ignored.
    pub async fn get_credential_report(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::GetCredentialReportResponse> {
        use base64::Engine;
        let r = self
            .state
            .read()
            .activity
            .reports
            .lock()
            .get(&caller.account_id)
            .cloned()
            .ok_or_else(|| IamError::ReportNotPresent(String::new()))?;
        if now() - r.generated >= REPORT_LIFETIME_SECS {
            return Err(IamError::ReportExpired(
                "The credential report has expired. Call GenerateCredentialReport to generate a new report."
                    .into(),
            ));
        }
        let csv = r.csv().map_err(IamError::ServiceFailure)?;
        // The wire layer emits blobs as given: the report goes out base64-encoded.
        Ok(api::GetCredentialReportResponse {
            content: Some(base64::engine::general_purpose::STANDARD.encode(csv.as_bytes())),
            report_format: Some("text/csv".into()),
            generated_time: Some(iso8601(r.generated)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_the_report_writes_them() {
        assert_eq!(report_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
