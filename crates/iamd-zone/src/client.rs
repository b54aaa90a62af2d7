//! Where the calls go and with which credentials: an endpoint (iamd by default, AWS's own when
//! `None`), the standard environment variables, or a profile of the shared credentials file.
//! The clients are the AWS SDK for Rust's: only the public IAM, STS and Organizations APIs.
use crate::ZoneError;
use aws_credential_types::Credentials;
use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// iamd's default listen address (`iamd serve --listen`).
pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:4566";

#[derive(Clone, Debug)]
pub struct Target {
    /// `None`: AWS's endpoints.
    pub endpoint: Option<String>,
    pub region: String,
    pub credentials: Credentials,
}

impl Target {
    pub fn new(endpoint: Option<String>, access_key_id: &str, secret: &str) -> Target {
        Target {
            endpoint,
            region: "us-east-1".into(),
            credentials: Credentials::new(access_key_id, secret, None, None, "iamd-zone"),
        }
    }

    /// The standard environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
    /// or the profile (`--profile`, AWS_PROFILE, `default`) of the shared credentials file
    /// (AWS_SHARED_CREDENTIALS_FILE, or ~/.aws/credentials).
    pub fn from_environment(
        endpoint: Option<String>,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Target, ZoneError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let region = region
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".into());
        let explicit_profile = profile.is_some();
        let profile = profile
            .or_else(|| env("AWS_PROFILE"))
            .unwrap_or_else(|| "default".into());
        let credentials = match (
            explicit_profile,
            env("AWS_ACCESS_KEY_ID"),
            env("AWS_SECRET_ACCESS_KEY"),
        ) {
            (false, Some(id), Some(secret)) => {
                Credentials::new(id, secret, env("AWS_SESSION_TOKEN"), None, "environment")
            }
            _ => {
                let path = env("AWS_SHARED_CREDENTIALS_FILE")
                    .map(PathBuf::from)
                    .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".aws/credentials")))
                    .ok_or_else(|| ZoneError::new("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in the shared credentials file"))?;
                from_file(&path, &profile)?
            }
        };
        Ok(Target {
            endpoint,
            region,
            credentials,
        })
    }

    fn http() -> aws_sdk_iam::config::SharedHttpClient {
        use aws_smithy_http_client::tls;
        aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https()
    }

    pub fn iam(&self, creds: &Credentials) -> aws_sdk_iam::Client {
        let mut c = aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new(self.region.clone()))
            .credentials_provider(creds.clone())
            .http_client(Self::http());
        if let Some(e) = &self.endpoint {
            c = c.endpoint_url(e);
        }
        aws_sdk_iam::Client::from_conf(c.build())
    }

    pub fn sts(&self, creds: &Credentials) -> aws_sdk_sts::Client {
        let mut c = aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .region(aws_sdk_sts::config::Region::new(self.region.clone()))
            .credentials_provider(creds.clone())
            .http_client(Self::http());
        if let Some(e) = &self.endpoint {
            c = c.endpoint_url(e);
        }
        aws_sdk_sts::Client::from_conf(c.build())
    }

    pub fn organizations(&self) -> aws_sdk_organizations::Client {
        let mut c = aws_sdk_organizations::Config::builder()
            .behavior_version(aws_sdk_organizations::config::BehaviorVersion::latest())
            .region(aws_sdk_organizations::config::Region::new(
                self.region.clone(),
            ))
            .credentials_provider(self.credentials.clone())
            .http_client(Self::http());
        if let Some(e) = &self.endpoint {
            c = c.endpoint_url(e);
        }
        aws_sdk_organizations::Client::from_conf(c.build())
    }

    /// Credentials in another account: one AssumeRole of `role` there.
    pub async fn assume(&self, account: &str, role: &str) -> Result<Credentials, ZoneError> {
        let out = self
            .sts(&self.credentials)
            .assume_role()
            .role_arn(format!("arn:aws:iam::{account}:role/{role}"))
            .role_session_name("iamd-zone")
            .send()
            .await
            .map_err(|e| {
                let mut err = api(&format!("AssumeRole {role} in {account}"), e);
                if err.0.contains("root") {
                    err.0.push_str(
                        " (run as an IAM user or role of the central account, not its root user)",
                    );
                }
                err
            })?;
        let c = out
            .credentials
            .ok_or_else(|| ZoneError::new("AssumeRole returned no credentials"))?;
        Ok(Credentials::new(
            c.access_key_id,
            c.secret_access_key,
            Some(c.session_token),
            None,
            "assumed-role",
        ))
    }
}

/// Reads `[profile]` keys from a shared credentials file (INI).
pub fn from_file(path: &PathBuf, profile: &str) -> Result<Credentials, ZoneError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ZoneError::new(format!("cannot read {}: {e}", path.display())))?;
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
            "shared-credentials-file",
        )),
        _ => Err(ZoneError::new(format!(
            "no aws_access_key_id/aws_secret_access_key for profile {profile} in {}",
            path.display()
        ))),
    }
}

/// An SDK error as one line: `what: Code: message`.
pub fn api<E: ProvideErrorMetadata + std::fmt::Debug>(
    what: &str,
    e: SdkError<E, HttpResponse>,
) -> ZoneError {
    if let Some(code) = e.code() {
        return ZoneError::new(format!(
            "{what}: {code}: {}",
            e.message().unwrap_or_default()
        ));
    }
    let detail = match &e {
        SdkError::DispatchFailure(d) => format!("cannot connect: {d:?}"),
        SdkError::TimeoutError(_) => "timed out".into(),
        SdkError::ServiceError(s) => format!(
            "HTTP {} without an AWS error (not implemented by this endpoint?)",
            s.raw().status().as_u16()
        ),
        SdkError::ResponseError(r) => {
            format!("unreadable answer (HTTP {})", r.raw().status().as_u16())
        }
        other => format!("{other:?}"),
    };
    ZoneError::new(format!("{what}: {detail}"))
}

/// The error code of an SDK error, if the service sent one.
pub fn code<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> Option<&str> {
    e.code()
}
