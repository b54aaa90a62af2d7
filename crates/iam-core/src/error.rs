//! The domain's one error type. Each variant is an AWS error code; the message is AWS's text.
//! The mapping to HTTP status and Type lives in one place: `iam_server::errors`.

/// A failure an IAM or STS action reports to its caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IamError {
    #[error("{0}")]
    NoSuchEntity(String),
    #[error("{0}")]
    EntityAlreadyExists(String),
    #[error("{0}")]
    LimitExceeded(String),
    #[error("{0}")]
    DeleteConflict(String),
    #[error("{0}")]
    MalformedPolicyDocument(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    ValidationError(String),
    /// STS: a parameter's value is refused (session tags and transitive tag keys).
    #[error("{0}")]
    InvalidParameterValue(String),
    #[error("{0}")]
    AccessDenied(String),
    #[error("{0}")]
    PasswordPolicyViolation(String),
    #[error("{0}")]
    EntityTemporarilyUnmodifiable(String),
    #[error("{0}")]
    ConcurrentModification(String),
    #[error("{0}")]
    UnmodifiableEntity(String),
    #[error("{0}")]
    ReportNotPresent(String),
    #[error("{0}")]
    ReportInProgress(String),
    #[error("{0}")]
    ExpiredToken(String),
    #[error("{0}")]
    InvalidClientTokenId(String),
    /// EnableMFADevice, ResyncMFADevice: the codes are not two consecutive codes of the device.
    #[error("{0}")]
    InvalidAuthenticationCode(String),
    #[error("{0}")]
    PackedPolicyTooLarge(String),
    /// UploadSSHPublicKey: the key is malformed, or too short.
    #[error("{0}")]
    InvalidPublicKey(String),
    /// UploadSSHPublicKey: neither ssh-rsa nor PEM.
    #[error("{0}")]
    UnrecognizedPublicKeyEncoding(String),
    #[error("{0}")]
    DuplicateSSHPublicKey(String),
    /// A certificate or private key that does not parse, or a certificate out of its validity.
    #[error("{0}")]
    MalformedCertificate(String),
    #[error("{0}")]
    InvalidCertificate(String),
    #[error("{0}")]
    DuplicateCertificate(String),
    /// UploadServerCertificate: the private key is not the certificate's.
    #[error("{0}")]
    KeyPairMismatch(String),
    /// ChangePassword called by a principal that is not an IAM user.
    #[error("{0}")]
    InvalidUserType(String),
    /// GetCredentialReport: the report is older than four hours.
    #[error("{0}")]
    ReportExpired(String),
    /// Too many failed sign-ins for one user: refused for now, never locked out.
    #[error("{0}")]
    Throttling(String),
    /// AssumeRoleWithWebIdentity/SAML: the token or assertion is not valid (issuer, audience,
    /// signature, format).
    #[error("{0}")]
    InvalidIdentityToken(String),
    /// AssumeRoleWithWebIdentity/SAML: the token or assertion has expired.
    #[error("{0}")]
    ExpiredTokenException(String),
    /// The identity provider's claims are refused (e.g. no OIDC provider for the issuer).
    #[error("{0}")]
    IdpRejectedClaim(String),
    /// DecodeAuthorizationMessage: not a message this server encoded.
    #[error("{0}")]
    InvalidAuthorizationMessage(String),
    /// Centralized root access: the caller's account is in no organization.
    #[error("{0}")]
    OrganizationNotFound(String),
    /// Centralized root access: the organization has only consolidated billing.
    #[error("{0}")]
    OrganizationNotInAllFeaturesMode(String),
    /// Centralized root access: trusted access for `iam.amazonaws.com` is not enabled.
    #[error("{0}")]
    ServiceAccessNotEnabled(String),
    /// Centralized root access: the caller is not the organization's management account (or
    /// IAM's delegated administrator).
    #[error("{0}")]
    AccountNotManagementOrDelegatedAdministrator(String),
    /// Enabling centralized root access from an account other than the management account.
    #[error("{0}")]
    CallerIsNotManagementAccount(String),
    /// GenerateOrganizationsAccessReport: too many report jobs.
    #[error("{0}")]
    ReportGenerationLimitExceeded(String),
    /// EnableOutboundWebIdentityFederation when it is enabled already.
    #[error("{0}")]
    FeatureEnabled(String),
    /// Disable/GetOutboundWebIdentityFederation(Info) when it is not enabled.
    #[error("{0}")]
    FeatureDisabled(String),
    /// GetWebIdentityToken in an account without outbound identity federation.
    #[error("{0}")]
    OutboundWebIdentityFederationDisabled(String),
    /// GetWebIdentityToken: the token would outlive the calling session.
    #[error("{0}")]
    SessionDurationEscalation(String),
    /// GetWebIdentityToken: the claims (tags) are too large.
    #[error("{0}")]
    JwtPayloadSizeExceeded(String),
    /// An AWS Organizations error (its own codes: `AWSOrganizationsNotInUseException`, …).
    #[error("{0}")]
    Organizations(#[from] crate::organizations::OrgError),
    /// A CloudTrail error (LookupEvents' own codes: `InvalidLookupAttributesException`, …).
    #[error("{0}")]
    CloudTrail(#[from] CloudTrailError),
    /// An action the model knows but this server does not implement yet.
    #[error("{0}")]
    NotImplemented(String),
    /// Storage or another internal failure: reported as ServiceFailure, detail logged only.
    #[error("internal failure: {0}")]
    ServiceFailure(String),
}

impl IamError {
    pub fn no_such_user(name: &str) -> Self {
        Self::NoSuchEntity(format!("The user with name {name} cannot be found."))
    }
    pub fn no_such_group(name: &str) -> Self {
        Self::NoSuchEntity(format!("The group with name {name} cannot be found."))
    }
    pub fn policy_not_attachable(arn: &str) -> Self {
        Self::NoSuchEntity(format!("Policy {arn} does not exist or is not attachable."))
    }
    pub fn no_such_policy(arn: &str) -> Self {
        Self::NoSuchEntity(format!("Policy {arn} was not found."))
    }
    pub fn invalid_input(msg: impl Into<String>) -> Self {
        Self::InvalidInput(msg.into())
    }
}

pub type IamResult<T> = Result<T, IamError>;

/// The errors of CloudTrail's LookupEvents (botocore cloudtrail model, its `errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudTrailError {
    #[error("{0}")]
    InvalidLookupAttributes(String),
    #[error("{0}")]
    InvalidTimeRange(String),
    #[error("{0}")]
    InvalidMaxResults(String),
    #[error("{0}")]
    InvalidNextToken(String),
    #[error("{0}")]
    InvalidEventCategory(String),
}
