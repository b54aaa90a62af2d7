//! `iamd audit`: reads an account through the IAM API (so it works against iamd and against
//! AWS with ordinary credentials) and reports departures from the IAM best practices (IAM User
//! Guide: best-practices, id_credentials_finding-unused, id_credentials_passwords_account-policy).
//! The AWS SDK is the client: it is already built for the integration tests with these same
//! features, and it brings TLS, which AWS requires.
use aws_credential_types::Credentials;
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_iam::types::{EntityType, SummaryKeyType};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

const DAY: i64 = 86_400;
/// AWS's AdministratorAccess, in whatever partition the audited account is
/// (`arn:aws-cn:iam::aws:policy/AdministratorAccess` in China).
fn is_administrator_access(arn: Option<&str>) -> bool {
    arn.and_then(|a| a.strip_prefix("arn:"))
        .and_then(|a| a.split_once(':'))
        .is_some_and(|(_, rest)| rest == "iam::aws:policy/AdministratorAccess")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// IAM endpoint, e.g. http://127.0.0.1:4566 (default: AWS's).
    #[arg(long, env = "IAMD_AUDIT_ENDPOINT")]
    endpoint: Option<String>,
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    region: String,
    /// An AWS credentials file (INI, as iamd writes and the AWS CLI reads); otherwise
    /// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN).
    #[arg(long)]
    credentials_file: Option<PathBuf>,
    /// The profile in the credentials file.
    #[arg(long, env = "AWS_PROFILE", default_value = "default")]
    profile: String,
    /// Access keys older than this many days should be rotated.
    #[arg(long, default_value_t = 90)]
    max_key_age: i64,
    /// Access keys and passwords unused for this many days should be removed.
    #[arg(long, default_value_t = 90)]
    max_unused: i64,
    /// Machine-readable output for CI.
    #[arg(long)]
    json: bool,
    /// Exit non-zero when a finding of at least this severity exists.
    #[arg(long, value_enum, default_value_t = Severity::High)]
    fail_on: Severity,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    pub check: &'static str,
    pub resource: String,
    pub detail: String,
}

fn finding(severity: Severity, check: &'static str, resource: &str, detail: String) -> Finding {
    Finding {
        severity,
        check,
        resource: resource.to_string(),
        detail,
    }
}

/// Runs the audit and prints the report; the exit code says whether `--fail-on` was reached.
pub async fn run(args: AuditArgs) -> std::process::ExitCode {
    match audit(&args).await {
        Ok(mut findings) => {
            findings.sort_by(|a, b| {
                b.severity
                    .cmp(&a.severity)
                    .then_with(|| a.check.cmp(b.check))
                    .then_with(|| a.resource.cmp(&b.resource))
            });
            if args.json {
                println!("{}", json_report(&findings));
            } else {
                print!("{}", table(&findings));
            }
            if findings.iter().any(|f| f.severity >= args.fail_on) {
                std::process::ExitCode::from(2)
            } else {
                std::process::ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("iamd audit: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn json_report(findings: &[Finding]) -> Value {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.severity.as_str()).or_insert(0) += 1;
    }
    json!({
        "findings": findings.iter().map(|f| json!({
            "severity": f.severity.as_str(),
            "check": f.check,
            "resource": f.resource,
            "detail": f.detail,
        })).collect::<Vec<_>>(),
        "counts": counts,
    })
}

fn table(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.\n".into();
    }
    let head = ["SEVERITY", "CHECK", "RESOURCE", "DETAIL"];
    let rows: Vec<[String; 4]> = findings
        .iter()
        .map(|f| {
            [
                f.severity.as_str().to_uppercase(),
                f.check.to_string(),
                f.resource.clone(),
                f.detail.clone(),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].len()])
            .max()
            .unwrap_or(0)
    };
    let w = [width(0), width(1), width(2)];
    let line = |c: [&str; 4]| {
        format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}\n",
            c[0],
            c[1],
            c[2],
            c[3],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2]
        )
    };
    let mut out = line(head);
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3]]));
    }
    out.push_str(&format!("{} finding(s)\n", findings.len()));
    out
}

/// Reads `[profile]` keys from an AWS credentials file.
fn credentials_from_file(path: &PathBuf, profile: &str) -> Result<Credentials, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut section = String::new();
    let mut values = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().trim_start_matches("profile ").to_string();
        } else if section == profile
            && let Some((k, v)) = line.split_once('=')
        {
            values.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let get = |k: &str| values.get(k).cloned();
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(
            id,
            secret,
            get("aws_session_token"),
            None,
            "iamd-audit",
        )),
        _ => Err(format!(
            "no aws_access_key_id/aws_secret_access_key for profile {profile} in {}",
            path.display()
        )),
    }
}

fn credentials(args: &AuditArgs) -> Result<Credentials, String> {
    if let Some(path) = &args.credentials_file {
        return credentials_from_file(path, &args.profile);
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(
            id,
            secret,
            env("AWS_SESSION_TOKEN"),
            None,
            "iamd-audit",
        )),
        _ => Err(
            "no credentials: use --credentials-file or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                .into(),
        ),
    }
}

fn client(args: &AuditArgs) -> Result<aws_sdk_iam::Client, String> {
    use aws_smithy_http_client::tls;
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut config = aws_sdk_iam::Config::builder()
        .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
        .region(aws_sdk_iam::config::Region::new(args.region.clone()))
        .credentials_provider(credentials(args)?)
        .http_client(http);
    if let Some(e) = &args.endpoint {
        config = config.endpoint_url(e);
    }
    Ok(aws_sdk_iam::Client::from_conf(config.build()))
}

fn api_error<E: ProvideErrorMetadata + std::fmt::Debug>(
    what: &str,
    e: aws_sdk_iam::error::SdkError<E, aws_sdk_iam::config::http::HttpResponse>,
) -> String {
    match e.code() {
        Some(code) => format!("{what}: {code}: {}", e.message().unwrap_or_default()),
        None => format!("{what}: {e:?}"),
    }
}

fn is_no_such_entity<E: ProvideErrorMetadata>(
    e: &aws_sdk_iam::error::SdkError<E, aws_sdk_iam::config::http::HttpResponse>,
) -> bool {
    e.code() == Some("NoSuchEntity")
}

/// Policy documents come URL-encoded; compared as canonical JSON.
fn canonical_document(encoded: &str) -> String {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| encoded.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    fn sort(v: Value) -> Value {
        match v {
            Value::Object(m) => {
                let sorted: BTreeMap<String, Value> =
                    m.into_iter().map(|(k, v)| (k, sort(v))).collect();
                Value::Object(sorted.into_iter().collect())
            }
            Value::Array(a) => Value::Array(a.into_iter().map(sort).collect()),
            other => other,
        }
    }
    serde_json::from_str::<Value>(&text)
        .map(|v| sort(v).to_string())
        .unwrap_or(text)
}

/// Reads the account and returns every finding, unsorted.
pub async fn audit(args: &AuditArgs) -> Result<Vec<Finding>, String> {
    let iam = client(args)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let mut findings = Vec::new();

    // Root access keys.
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .map_err(|e| api_error("GetAccountSummary", e))?;
    let root_keys = summary
        .summary_map()
        .and_then(|m| m.get(&SummaryKeyType::AccountAccessKeysPresent))
        .copied()
        .unwrap_or(0);
    if root_keys > 0 {
        findings.push(finding(
            Severity::High,
            "root-access-keys",
            "<root_account>",
            "the root user has access keys; delete them and use IAM users or roles".into(),
        ));
    }

    // Password policy against the baseline.
    match iam.get_account_password_policy().send().await {
        Ok(out) => {
            let mut weak = Vec::new();
            if let Some(p) = out.password_policy() {
                if p.minimum_password_length().unwrap_or(0) < 14 {
                    weak.push("minimum length below 14".to_string());
                }
                for (on, what) in [
                    (p.require_uppercase_characters(), "uppercase"),
                    (p.require_lowercase_characters(), "lowercase"),
                    (p.require_numbers(), "numbers"),
                    (p.require_symbols(), "symbols"),
                ] {
                    if !on {
                        weak.push(format!("{what} not required"));
                    }
                }
                if p.password_reuse_prevention().unwrap_or(0) < 24 {
                    weak.push("reuse prevention below 24".into());
                }
                if p.max_password_age().is_none_or(|d| d > 90) {
                    weak.push("passwords do not expire within 90 days".into());
                }
            }
            if !weak.is_empty() {
                findings.push(finding(
                    Severity::Medium,
                    "password-policy-weak",
                    "account",
                    weak.join("; "),
                ));
            }
        }
        Err(e) if is_no_such_entity(&e) => findings.push(finding(
            Severity::Medium,
            "password-policy-missing",
            "account",
            "no account password policy: the AWS default applies".into(),
        )),
        Err(e) => return Err(api_error("GetAccountPasswordPolicy", e)),
    }

    // Users, groups and roles with their policies, in one paged call.
    let mut users = Vec::new();
    let mut groups = BTreeMap::new();
    let mut inline: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| api_error("GetAccountAuthorizationDetails", e))?;
        for g in out.group_detail_list() {
            let name = g.group_name().unwrap_or_default().to_string();
            for p in g.group_policy_list() {
                inline
                    .entry(canonical_document(p.policy_document().unwrap_or_default()))
                    .or_default()
                    .push(format!(
                        "group/{name}:{}",
                        p.policy_name().unwrap_or_default()
                    ));
            }
            let admin = g
                .attached_managed_policies()
                .iter()
                .any(|p| is_administrator_access(p.policy_arn()));
            groups.insert(name, admin);
        }
        for r in out.role_detail_list() {
            for p in r.role_policy_list() {
                inline
                    .entry(canonical_document(p.policy_document().unwrap_or_default()))
                    .or_default()
                    .push(format!(
                        "role/{}:{}",
                        r.role_name().unwrap_or_default(),
                        p.policy_name().unwrap_or_default()
                    ));
            }
        }
        users.extend(out.user_detail_list().iter().cloned());
        marker = out.marker().map(str::to_string);
        if !out.is_truncated() || marker.is_none() {
            break;
        }
    }

    for u in &users {
        let name = u.user_name().unwrap_or_default().to_string();
        let resource = format!("user/{name}");
        for p in u.user_policy_list() {
            inline
                .entry(canonical_document(p.policy_document().unwrap_or_default()))
                .or_default()
                .push(format!(
                    "{resource}:{}",
                    p.policy_name().unwrap_or_default()
                ));
        }
        // Policies attached to the user instead of through groups.
        let direct: Vec<String> = u
            .attached_managed_policies()
            .iter()
            .map(|p| p.policy_name().unwrap_or_default().to_string())
            .chain(
                u.user_policy_list()
                    .iter()
                    .map(|p| format!("{} (inline)", p.policy_name().unwrap_or_default())),
            )
            .collect();
        if !direct.is_empty() {
            findings.push(finding(
                Severity::Low,
                "user-direct-policies",
                &resource,
                format!(
                    "policies attached to the user, not through a group: {}",
                    direct.join(", ")
                ),
            ));
        }
        // Administrator access, directly or through a group.
        let mut admin_via = Vec::new();
        if u.attached_managed_policies()
            .iter()
            .any(|p| is_administrator_access(p.policy_arn()))
        {
            admin_via.push("attached directly".to_string());
        }
        for g in u.group_list() {
            if groups.get(g).copied().unwrap_or(false) {
                admin_via.push(format!("group {g}"));
            }
        }
        if !admin_via.is_empty() {
            findings.push(finding(
                Severity::Medium,
                "admin-access",
                &resource,
                format!("AdministratorAccess ({})", admin_via.join(", ")),
            ));
        }

        // Console password: MFA and use.
        let profile = match iam.get_login_profile().user_name(&name).send().await {
            Ok(out) => out.login_profile().map(|p| p.create_date().secs()),
            Err(e) if is_no_such_entity(&e) => None,
            Err(e) => return Err(api_error("GetLoginProfile", e)),
        };
        if let Some(created) = profile {
            let mfa = iam
                .list_mfa_devices()
                .user_name(&name)
                .send()
                .await
                .map_err(|e| api_error("ListMFADevices", e))?;
            if mfa.mfa_devices().is_empty() {
                findings.push(finding(
                    Severity::High,
                    "console-without-mfa",
                    &resource,
                    "console password without an MFA device".into(),
                ));
            }
            let user = iam
                .get_user()
                .user_name(&name)
                .send()
                .await
                .map_err(|e| api_error("GetUser", e))?;
            let last = user
                .user()
                .and_then(|u| u.password_last_used())
                .map(|t| t.secs());
            let idle_since = last.unwrap_or(created);
            if now - idle_since >= args.max_unused * DAY {
                findings.push(finding(
                    Severity::Low,
                    "password-unused",
                    &resource,
                    match last {
                        Some(_) => {
                            format!("password not used for {} days", (now - idle_since) / DAY)
                        }
                        None => format!(
                            "password never used, set {} days ago",
                            (now - idle_since) / DAY
                        ),
                    },
                ));
            }
        }

        // Access keys: age and use.
        let keys = iam
            .list_access_keys()
            .user_name(&name)
            .send()
            .await
            .map_err(|e| api_error("ListAccessKeys", e))?;
        for k in keys.access_key_metadata() {
            let id = k.access_key_id().unwrap_or_default();
            let active = k.status() == Some(&aws_sdk_iam::types::StatusType::Active);
            let created = k.create_date().map(|t| t.secs()).unwrap_or(now);
            let key_resource = format!("{resource}/{id}");
            if active && now - created >= args.max_key_age * DAY {
                findings.push(finding(
                    Severity::Medium,
                    "access-key-old",
                    &key_resource,
                    format!(
                        "active access key created {} days ago",
                        (now - created) / DAY
                    ),
                ));
            }
            let used = iam
                .get_access_key_last_used()
                .access_key_id(id)
                .send()
                .await
                .map_err(|e| api_error("GetAccessKeyLastUsed", e))?;
            let last = used
                .access_key_last_used()
                .and_then(|l| l.last_used_date())
                .map(|t| t.secs());
            let idle_since = last.unwrap_or(created);
            if active && now - idle_since >= args.max_unused * DAY {
                findings.push(finding(
                    Severity::Low,
                    "access-key-unused",
                    &key_resource,
                    match last {
                        Some(_) => format!("not used for {} days", (now - idle_since) / DAY),
                        None => {
                            format!("never used, created {} days ago", (now - idle_since) / DAY)
                        }
                    },
                ));
            }
        }
    }

    // The same inline document on several identities: one managed policy would do.
    for places in inline.values().filter(|p| p.len() > 1) {
        findings.push(finding(
            Severity::Low,
            "inline-policy-duplicated",
            &places.join(", "),
            "identical inline policies: a customer managed policy would do".into(),
        ));
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_compare_canonically() {
        assert_eq!(
            canonical_document("%7B%22b%22%3A1%2C%22a%22%3A2%7D"),
            canonical_document(r#"{ "a": 2, "b": 1 }"#)
        );
    }

    #[test]
    fn table_lists_every_finding() {
        let t = table(&[finding(
            Severity::High,
            "root-access-keys",
            "<root_account>",
            "x".into(),
        )]);
        assert!(t.starts_with("SEVERITY"));
        let row = t.lines().nth(1).unwrap_or_default();
        assert!(row.starts_with("HIGH "), "{t}");
        assert!(row.contains(" root-access-keys "), "{t}");
    }
}
