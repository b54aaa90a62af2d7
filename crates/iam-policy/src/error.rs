//! Why a policy document is refused: AWS's `MalformedPolicyDocument` error, whose message text
//! clients and tests compare verbatim (IAM API reference, CreatePolicy errors).

/// A policy document AWS would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The string is AWS's exact message, e.g. `Syntax errors in policy.`; it is returned to
    /// clients unchanged, so it keeps AWS's capitalisation and trailing period.
    #[error("{0}")]
    Malformed(String),
}

impl PolicyError {
    pub fn message(&self) -> &str {
        match self {
            PolicyError::Malformed(message) => message,
        }
    }
}

pub(crate) mod messages {
    pub(crate) const SYNTAX: &str = "Syntax errors in policy.";
    /// A trust policy that is not JSON (recorded: CreateRole and UpdateAssumeRolePolicy,
    /// `tests/conformance/aws-recorded/iam/test_iam.snapshot.json` `invalid-json`,
    /// `test_iam_roles.snapshot.json` `invalid-json-error`); other policies keep `SYNTAX`.
    pub(crate) const TRUST_NOT_JSON: &str = "This policy contains invalid Json";
    pub(crate) const VERSION: &str = "Policy document must be version 2012-10-17 or greater.";
    pub(crate) const LEGACY: &str = "The policy failed legacy parsing";
    pub(crate) const SID_UNIQUE: &str = "Statement IDs (SID) in a single policy must be unique.";
    pub(crate) const NO_ACTIONS: &str = "Policy statement must contain actions.";
    pub(crate) const NO_RESOURCES: &str = "Policy statement must contain resources.";
    pub(crate) const PRINCIPAL_FORBIDDEN: &str = "Policy document should not specify a principal.";
    pub(crate) const PRINCIPAL_MISSING: &str = "Missing required field Principal";
    pub(crate) const TRUST_RESOURCE: &str = "Has prohibited field Resource";
    pub(crate) const TRUST_ACTIONS: &str =
        "AssumeRole policy may only specify STS AssumeRole actions.";
    pub(crate) const NO_VENDOR: &str =
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    pub(crate) const ONE_COLON: &str = "Actions/Condition can contain only one colon.";
    pub(crate) const VENDOR_QUALIFIED: &str =
        "Resource vendor must be fully qualified and cannot contain regexes.";
    pub(crate) const IAM_PATH: &str = "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.";
}
