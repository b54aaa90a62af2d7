//! The IAM entities as persisted (one JSON record each, keyed by unique ID) and the wire-facing
//! helpers to render them. Names are unique case-insensitively, case-preserving, as in AWS.
use iam_partitions::Partition;
use serde::{Deserialize, Serialize};
pub use smol_str::SmolStr;
use std::collections::BTreeMap;

/// Seconds since the Unix epoch; rendered as ISO-8601 `2026-11-25T14:22:10Z` on the wire.
pub type Timestamp = i64;

pub fn now() -> Timestamp {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn iso8601(ts: Timestamp) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    // Written digit by digit: this runs several times per request (aws:CurrentTime, output
    // dates) and `format!` showed up at ~2% of a GetUser profile.
    let year = t.year().clamp(0, 9999) as u32;
    let parts = [
        (year / 100) as u8,
        (year % 100) as u8,
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    ];
    let mut out = String::with_capacity(20);
    for (i, n) in parts.into_iter().enumerate() {
        match i {
            2 | 3 => out.push('-'),
            4 => out.push('T'),
            5 | 6 => out.push(':'),
            _ => {}
        }
        out.push(char::from(b'0' + n / 10));
        out.push(char::from(b'0' + n % 10));
    }
    out.push('Z');
    out
}

pub fn parse_iso8601(s: &str) -> Option<Timestamp> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Tags an entity may carry (IAM and Organizations quotas).
pub const MAX_TAGS: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct PasswordPolicy {
    pub minimum_password_length: i64,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    pub max_password_age: Option<i64>,
    pub password_reuse_prevention: Option<i64>,
    pub hard_expiry: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    /// The partition the account belongs to, chosen when it is created and never changed: it
    /// names every ARN of the account (`arn:aws-cn:…`) and the regions its credentials are
    /// valid in. Records written before partitions existed have none: they are `aws`.
    #[serde(default)]
    pub partition: Partition,
    pub create_date: Timestamp,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub password_policy: Option<PasswordPolicy>,
    /// SetSecurityTokenServicePreferences: the global endpoint's session token version
    /// (1 or 2); `None` until set, which AWS reports as 1.
    #[serde(default)]
    pub global_endpoint_token_version: Option<u8>,
    /// Outbound identity federation (EnableOutboundWebIdentityFederation): `None` until it is
    /// first enabled.
    #[serde(default)]
    pub outbound_federation: Option<OutboundFederation>,
}

/// An account's outbound identity federation: its issuer, kept across disable/enable so
/// external services' trust stays valid, and whether GetWebIdentityToken may issue tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboundFederation {
    /// The random part of the account's issuer URL.
    pub issuer_id: String,
    pub enabled: bool,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct LoginProfile {
    pub create_date: Timestamp,
    pub password_reset_required: bool,
    /// argon2id PHC string; never rendered.
    pub password_hash: String,
    /// When the password was last set; `None` in records from before it was tracked, where
    /// `create_date` stands in (see `LoginProfile::last_changed`).
    #[serde(default)]
    pub password_last_changed: Option<Timestamp>,
    /// argon2id PHC strings of earlier passwords, newest first (PasswordReusePrevention keeps
    /// at most 24); never the passwords themselves.
    #[serde(default)]
    pub previous_hashes: Vec<String>,
}

impl LoginProfile {
    pub fn last_changed(&self) -> Timestamp {
        self.password_last_changed.unwrap_or(self.create_date)
    }
}

impl std::fmt::Debug for LoginProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginProfile")
            .field("create_date", &self.create_date)
            .field("password_reset_required", &self.password_reset_required)
            .field("password_hash", &"<redacted>")
            .field("password_last_changed", &self.password_last_changed)
            .field("previous_hashes", &self.previous_hashes.len())
            .finish()
    }
}

/// A user. Kept small (INVARIANT (compact-user): at most 256 bytes, its ID, account ID, path
/// and a name of up to 23 bytes stored inline), since an account may hold a million: the
/// short strings are `SmolStr` (the same JSON as `String`), the rarely set login profile is
/// boxed. Check: `cargo test -p iam-core state::users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: SmolStr,
    pub account_id: SmolStr,
    pub name: SmolStr,
    pub path: SmolStr,
    pub create_date: Timestamp,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub permissions_boundary: Option<String>,
    /// Inline policies: name → document as submitted.
    #[serde(default)]
    pub inline_policies: BTreeMap<String, String>,
    /// Attached managed policy ARNs, in attachment order.
    #[serde(default)]
    pub attached_policies: Vec<String>,
    /// Group IDs.
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub login_profile: Option<Box<LoginProfile>>,
    #[serde(default)]
    pub password_last_used: Option<Timestamp>,
}

impl User {
    /// Its ARN in `partition`, its account's.
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:user{}{}",
            self.account_id, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub create_date: Timestamp,
    #[serde(default)]
    pub inline_policies: BTreeMap<String, String>,
    #[serde(default)]
    pub attached_policies: Vec<String>,
}

impl Group {
    /// Its ARN in `partition`, its account's.
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:group{}{}",
            self.account_id, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleLastUsed {
    pub date: Timestamp,
    pub region: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub create_date: Timestamp,
    /// The trust policy, as submitted.
    pub assume_role_policy: String,
    #[serde(default)]
    pub description: Option<String>,
    pub max_session_duration: i64,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub permissions_boundary: Option<String>,
    #[serde(default)]
    pub inline_policies: BTreeMap<String, String>,
    #[serde(default)]
    pub attached_policies: Vec<String>,
    #[serde(default)]
    pub last_used: Option<RoleLastUsed>,
}

impl Role {
    /// A service-linked role: only AWS may modify it, and RCPs never restrict it nor calls
    /// made with it (Organizations User Guide: orgs_manage_policies_rcps).
    pub fn is_service_linked(&self) -> bool {
        self.path
            .starts_with(crate::service_linked::SERVICE_ROLE_PATH)
    }

    /// Its ARN in `partition`, its account's.
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:role{}{}",
            self.account_id, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InstanceProfile {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub create_date: Timestamp,
    /// Role IDs (AWS allows at most one).
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl InstanceProfile {
    /// Its ARN in `partition`, its account's.
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:instance-profile{}{}",
            self.account_id, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolicyVersion {
    pub version_id: String,
    pub document: String,
    pub create_date: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub id: String,
    /// `None` for AWS-managed policies (account `aws`).
    pub account_id: Option<String>,
    pub name: String,
    pub path: String,
    #[serde(default)]
    pub description: Option<String>,
    pub create_date: Timestamp,
    pub update_date: Timestamp,
    pub default_version: String,
    pub versions: Vec<PolicyVersion>,
    /// The next version number to hand out (AWS never reuses version IDs).
    pub next_version: u32,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl ManagedPolicy {
    /// `self.arn(partition) == arn` without building the ARN: this runs for every attached
    /// policy on every authorized request.
    pub fn arn_is(&self, partition: Partition, arn: &str) -> bool {
        let account = self.account_id.as_deref().unwrap_or("aws");
        arn.strip_prefix("arn:")
            .and_then(|r| r.strip_prefix(partition.id()))
            .and_then(|r| r.strip_prefix(":iam::"))
            .and_then(|r| r.strip_prefix(account))
            .and_then(|r| r.strip_prefix(":policy"))
            .and_then(|r| r.strip_prefix(self.path.as_str()))
            .is_some_and(|r| r == self.name)
    }

    /// Its ARN in `partition`: its account's, or for an AWS-managed policy (account `aws`)
    /// the partition of the account that sees it.
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:policy{}{}",
            self.account_id.as_deref().unwrap_or("aws"),
            self.path,
            self.name
        )
    }
    pub fn default_document(&self) -> &str {
        self.versions
            .iter()
            .find(|v| v.version_id == self.default_version)
            .map(|v| v.document.as_str())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum KeyStatus {
    Active,
    Inactive,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "Active",
            KeyStatus::Inactive => "Inactive",
        }
    }
}

/// Who an access key belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub enum KeyOwner {
    Root,
    User(String),
}

/// An access key as persisted: the secret is sealed under the master key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessKeyRecord {
    pub id: String,
    pub account_id: String,
    pub owner: KeyOwner,
    pub status: KeyStatus,
    pub create_date: Timestamp,
    pub sealed_secret: String,
    #[serde(default)]
    pub last_used: Option<KeyLastUsed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyLastUsed {
    pub date: Timestamp,
    pub service: String,
    pub region: String,
}

/// A virtual MFA device as persisted (keyed by serial number, its ARN): the TOTP seed's base32
/// text is sealed under the master key.
#[derive(Clone, Serialize, Deserialize)]
pub struct MfaDevice {
    pub serial_number: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub create_date: Timestamp,
    pub sealed_seed: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// `None` while unassigned.
    #[serde(default)]
    pub assignment: Option<MfaAssignment>,
}

impl std::fmt::Debug for MfaDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MfaDevice")
            .field("serial_number", &self.serial_number)
            .field("sealed_seed", &"<redacted>")
            .field("tags", &self.tags)
            .field("assignment", &self.assignment)
            .finish_non_exhaustive()
    }
}

/// Whom a virtual MFA device is enabled for, and its TOTP bookkeeping.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MfaAssignment {
    pub owner: KeyOwner,
    pub enable_date: Timestamp,
    /// The last time step whose code was accepted (RFC 6238 §5.2: a code is accepted once).
    pub last_step: i64,
    /// The device clock's offset in steps, learnt by ResyncMFADevice.
    #[serde(default)]
    pub drift: i64,
}

/// An IAM OpenID Connect provider, keyed by its ARN `arn:aws:iam::ACCT:oidc-provider/HOST/PATH`
/// (IAM User Guide: id_roles_providers_create_oidc).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OidcProvider {
    pub arn: String,
    pub account_id: String,
    /// The issuer URL without `https://`, as GetOpenIDConnectProvider returns it.
    pub url: String,
    #[serde(default)]
    pub client_ids: Vec<String>,
    #[serde(default)]
    pub thumbprints: Vec<String>,
    pub create_date: Timestamp,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// The provider's signing keys (a JWKS document): iamd cannot fetch them from the
    /// provider, so an operator supplies them (see `actions::oidc_providers`).
    #[serde(default)]
    pub jwks: Option<String>,
}

/// An IAM SAML provider, keyed by its ARN `arn:aws:iam::ACCT:saml-provider/NAME`
/// (IAM User Guide: id_roles_providers_create_saml).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SamlProvider {
    pub arn: String,
    pub account_id: String,
    pub name: String,
    pub uuid: String,
    /// The metadata document as submitted.
    pub metadata: String,
    /// Parsed from the metadata: the IdP's entity ID and signing certificates (base64 DER).
    pub entity_id: String,
    pub certificates: Vec<String>,
    pub create_date: Timestamp,
    pub valid_until: Timestamp,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub assertion_encryption_mode: Option<String>,
}

/// An SSH public key for CodeCommit (IAM API: UploadSSHPublicKey), keyed by its `APKA…` ID.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SshPublicKeyRecord {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    /// `ssh-rsa BASE64`, re-encoded from what was uploaded (ssh-rsa or PEM).
    pub body: String,
    /// MD5 of the key blob, colon-separated hex.
    pub fingerprint: String,
    pub status: KeyStatus,
    pub upload_date: Timestamp,
}

/// An X.509 signing certificate of a user or the root user (UploadSigningCertificate).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SigningCertificateRecord {
    pub id: String,
    pub account_id: String,
    pub owner: KeyOwner,
    /// The PEM as uploaded.
    pub body: String,
    /// SHA-256 of the DER, to find the same certificate uploaded twice.
    pub der_sha256: String,
    pub status: KeyStatus,
    pub upload_date: Timestamp,
}

/// A server certificate (UploadServerCertificate), keyed by its `ASCA…` ID. The private key is
/// sealed under the master key and never returned.
#[derive(Clone, Serialize, Deserialize)]
pub struct ServerCertificateRecord {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub body: String,
    #[serde(default)]
    pub chain: Option<String>,
    pub sealed_private_key: String,
    pub upload_date: Timestamp,
    /// The certificate's `Not After`.
    pub expiration: Timestamp,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl ServerCertificateRecord {
    pub fn arn(&self, partition: Partition) -> String {
        format!(
            "arn:{partition}:iam::{}:server-certificate{}{}",
            self.account_id, self.path, self.name
        )
    }
}

impl std::fmt::Debug for ServerCertificateRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerCertificateRecord")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("path", &self.path)
            .field("sealed_private_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A service-specific credential (CreateServiceSpecificCredential), keyed by its `ACCA…` ID.
/// The password (or API key secret) is sealed under the master key: shown once, never again.
#[derive(Clone, Serialize, Deserialize)]
pub struct ServiceSpecificCredentialRecord {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub service_name: String,
    /// `NAME-at-ACCOUNT` for user name + password services (CodeCommit, Keyspaces).
    #[serde(default)]
    pub service_user_name: Option<String>,
    /// The alias of an API key (Bedrock).
    #[serde(default)]
    pub service_credential_alias: Option<String>,
    pub sealed_secret: String,
    pub status: KeyStatus,
    pub create_date: Timestamp,
    #[serde(default)]
    pub expiration_date: Option<Timestamp>,
}

impl std::fmt::Debug for ServiceSpecificCredentialRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceSpecificCredentialRecord")
            .field("id", &self.id)
            .field("service_name", &self.service_name)
            .field("sealed_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Renders a URL-encoded policy document as AWS returns them (RFC 3986 unreserved kept).
pub fn url_encode_document(doc: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SET: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(doc, SET).to_string()
}

/// The account an AssumeRoot `TargetPrincipal` names: an account ID, or the ARN of a
/// principal of the account (`arn:aws:iam::ACCOUNT:root`, in any partition).
pub fn target_account(target: &str) -> Option<&str> {
    let account = match crate::arns::split_iam(target) {
        Some((_, account, _)) => account,
        None if target.starts_with("arn:") => return None,
        None => target,
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_764_080_530), "2025-11-25T14:22:10Z");
        assert_eq!(iso8601(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(
            parse_iso8601("2026-11-25T14:22:10Z")
                .map(iso8601)
                .as_deref(),
            Some("2026-11-25T14:22:10Z")
        );
    }
}

#[cfg(test)]
mod arn_tests {
    use super::*;

    #[test]
    fn arn_is_agrees_with_arn() {
        let p = ManagedPolicy {
            id: "ANPA".into(),
            account_id: Some("123456789012".into()),
            name: "Ops".into(),
            path: "/team/".into(),
            description: None,
            create_date: 0,
            update_date: 0,
            default_version: "v1".into(),
            versions: vec![],
            next_version: 2,
            tags: vec![],
        };
        let (aws, cn) = (Partition::aws(), Partition::from_id("aws-cn").unwrap());
        assert!(p.arn_is(aws, &p.arn(aws)));
        assert!(p.arn_is(cn, &p.arn(cn)));
        assert_eq!(p.arn(cn), "arn:aws-cn:iam::123456789012:policy/team/Ops");
        assert!(!p.arn_is(aws, &p.arn(cn)));
        assert!(!p.arn_is(cn, &p.arn(aws)));
        for other in [
            "arn:aws:iam::123456789012:policy/Ops",
            "arn:aws:iam::123456789012:policy/team/ops",
            "arn:aws:iam::210987654321:policy/team/Ops",
            "arn:aws:iam::aws:policy/team/Ops",
            "arn:aws:iam::123456789012:policy/team/Ops2",
        ] {
            assert!(!p.arn_is(aws, other), "{other}");
        }
    }
}
