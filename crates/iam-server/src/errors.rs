//! THE place where errors become AWS error responses: code, HTTP status and Type. Exhaustive
//! matches with no wildcard arm, so a new error variant cannot ship without a decision here.
use iam_core::IamError;
use iam_core::error::CloudTrailError;
use iam_core::organizations::OrgError;
use iam_wire::query::QueryError;

/// An error as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    pub status: u16,
    /// `Sender` (client's fault) or `Receiver` (ours).
    pub kind: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl WireError {
    pub fn sender(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind: "Sender",
            code,
            message: message.into(),
        }
    }
}

/// A method other than POST (or GET for the Query protocol).
pub fn method_not_allowed(method: &str) -> WireError {
    WireError::sender(
        405,
        "MethodNotAllowed",
        format!("The method {method} is not allowed."),
    )
}

/// A POST body that is not a form.
pub fn not_form_encoded() -> WireError {
    WireError::sender(
        400,
        "InvalidParameterValue",
        "The request body must be application/x-www-form-urlencoded.",
    )
}

/// A signed Query request without an `Action` parameter.
pub fn missing_action() -> WireError {
    WireError::sender(400, "MissingAction", "Missing Action")
}

/// An access key or session token that authenticates no one (unknown, inactive, deleted,
/// of a closed account).
pub fn invalid_client_token() -> WireError {
    WireError::sender(
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )
}

/// A body longer than the listener accepts (`max` bytes).
pub fn request_entity_too_large(max: usize) -> WireError {
    WireError::sender(
        413,
        "RequestEntityTooLarge",
        format!("Request body must be at most {max} bytes."),
    )
}

/// A body that did not arrive in time: S3's code and text.
pub fn request_timeout() -> WireError {
    WireError::sender(
        400,
        "RequestTimeout",
        "Your socket connection to the server was not read from or written to within the \
         timeout period.",
    )
}

pub fn from_domain(e: IamError) -> WireError {
    use IamError::*;
    let (status, code) = match &e {
        NoSuchEntity(_) => (404, "NoSuchEntity"),
        EntityAlreadyExists(_) => (409, "EntityAlreadyExists"),
        LimitExceeded(_) => (409, "LimitExceeded"),
        DeleteConflict(_) => (409, "DeleteConflict"),
        MalformedPolicyDocument(_) => (400, "MalformedPolicyDocument"),
        InvalidInput(_) => (400, "InvalidInput"),
        ValidationError(_) => (400, "ValidationError"),
        InvalidParameterValue(_) => (400, "InvalidParameterValue"),
        AccessDenied(_) => (403, "AccessDenied"),
        PasswordPolicyViolation(_) => (400, "PasswordPolicyViolation"),
        EntityTemporarilyUnmodifiable(_) => (409, "EntityTemporarilyUnmodifiable"),
        ConcurrentModification(_) => (409, "ConcurrentModification"),
        UnmodifiableEntity(_) => (400, "UnmodifiableEntity"),
        ReportNotPresent(_) => (410, "ReportNotPresent"),
        ReportInProgress(_) => (404, "ReportInProgress"),
        ExpiredToken(_) => (403, "ExpiredToken"),
        InvalidClientTokenId(_) => (403, "InvalidClientTokenId"),
        InvalidAuthenticationCode(_) => (403, "InvalidAuthenticationCode"),
        PackedPolicyTooLarge(_) => (400, "PackedPolicyTooLarge"),
        InvalidPublicKey(_) => (400, "InvalidPublicKey"),
        UnrecognizedPublicKeyEncoding(_) => (400, "UnrecognizedPublicKeyEncoding"),
        DuplicateSSHPublicKey(_) => (400, "DuplicateSSHPublicKey"),
        MalformedCertificate(_) => (400, "MalformedCertificate"),
        InvalidCertificate(_) => (400, "InvalidCertificate"),
        DuplicateCertificate(_) => (409, "DuplicateCertificate"),
        KeyPairMismatch(_) => (400, "KeyPairMismatch"),
        InvalidUserType(_) => (400, "InvalidUserType"),
        ReportExpired(_) => (410, "ReportExpired"),
        Throttling(_) => (400, "Throttling"),
        InvalidIdentityToken(_) => (400, "InvalidIdentityToken"),
        ExpiredTokenException(_) => (400, "ExpiredTokenException"),
        IdpRejectedClaim(_) => (403, "IDPRejectedClaim"),
        InvalidAuthorizationMessage(_) => (400, "InvalidAuthorizationMessageException"),
        OrganizationNotFound(_) => (400, "OrganizationNotFoundException"),
        OrganizationNotInAllFeaturesMode(_) => (400, "OrganizationNotInAllFeaturesModeException"),
        ServiceAccessNotEnabled(_) => (400, "ServiceAccessNotEnabledException"),
        AccountNotManagementOrDelegatedAdministrator(_) => {
            (400, "AccountNotManagementOrDelegatedAdministratorException")
        }
        CallerIsNotManagementAccount(_) => (400, "CallerIsNotManagementAccountException"),
        ReportGenerationLimitExceeded(_) => (409, "ReportGenerationLimitExceeded"),
        FeatureEnabled(_) => (409, "FeatureEnabled"),
        FeatureDisabled(_) => (404, "FeatureDisabled"),
        OutboundWebIdentityFederationDisabled(_) => {
            (403, "OutboundWebIdentityFederationDisabledException")
        }
        SessionDurationEscalation(_) => (403, "SessionDurationEscalationException"),
        JwtPayloadSizeExceeded(_) => (400, "JWTPayloadSizeExceededException"),
        Organizations(o) => (400, organizations_code(o)),
        CloudTrail(c) => (400, cloudtrail_code(c)),
        NotImplemented(_) | ServiceFailure(_) => (0, ""),
    };
    match e {
        NotImplemented(action) => invalid_action(&action, "2010-05-08"),
        ServiceFailure(detail) => {
            // Detail goes to the log under the request id, never to the client.
            tracing::error!(%detail, "service failure");
            WireError {
                status: 500,
                kind: "Receiver",
                code: "ServiceFailure",
                message: "The request processing has failed because of an unknown error, exception or failure.".into(),
            }
        }
        other => WireError::sender(status, code, other.to_string()),
    }
}

pub fn from_query(e: QueryError) -> WireError {
    match e {
        QueryError::Validation(m) => WireError::sender(400, "ValidationError", m),
        QueryError::MalformedInput(m) => WireError::sender(400, "MalformedInput", m),
        QueryError::InvalidUtf8 => WireError::sender(
            400,
            "MalformedQueryString",
            "The query string contains invalid UTF-8 sequences.",
        ),
    }
}

pub fn from_auth(e: iam_wire::sigv4::AuthError) -> WireError {
    WireError::sender(403, e.code, e.message)
}

/// What AWS answers for an action it does not know in this API version.
pub fn invalid_action(action: &str, version: &str) -> WireError {
    WireError::sender(
        400,
        "InvalidAction",
        format!("Could not find operation {action} for version {version}"),
    )
}

/// AWS Organizations' error codes (botocore organizations model, `exception` shapes).
pub fn organizations_code(e: &OrgError) -> &'static str {
    use OrgError::*;
    match e {
        NotInUse(_) => "AWSOrganizationsNotInUseException",
        AccessDenied(_) => "AccessDeniedException",
        AlreadyInOrganization(_) => "AlreadyInOrganizationException",
        AccountAlreadyClosed(_) => "AccountAlreadyClosedException",
        AccountNotFound(_) => "AccountNotFoundException",
        ChildNotFound(_) => "ChildNotFoundException",
        ConstraintViolation(_) => "ConstraintViolationException",
        CreateAccountStatusNotFound(_) => "CreateAccountStatusNotFoundException",
        DestinationParentNotFound(_) => "DestinationParentNotFoundException",
        DuplicateAccount(_) => "DuplicateAccountException",
        DuplicateOrganizationalUnit(_) => "DuplicateOrganizationalUnitException",
        DuplicatePolicy(_) => "DuplicatePolicyException",
        DuplicatePolicyAttachment(_) => "DuplicatePolicyAttachmentException",
        InvalidInput(_) => "InvalidInputException",
        MalformedPolicyDocument(_) => "MalformedPolicyDocumentException",
        OrganizationNotEmpty(_) => "OrganizationNotEmptyException",
        OrganizationalUnitNotEmpty(_) => "OrganizationalUnitNotEmptyException",
        OrganizationalUnitNotFound(_) => "OrganizationalUnitNotFoundException",
        ParentNotFound(_) => "ParentNotFoundException",
        PolicyInUse(_) => "PolicyInUseException",
        PolicyNotAttached(_) => "PolicyNotAttachedException",
        PolicyNotFound(_) => "PolicyNotFoundException",
        PolicyTypeAlreadyEnabled(_) => "PolicyTypeAlreadyEnabledException",
        PolicyTypeNotAvailableForOrganization(_) => {
            "PolicyTypeNotAvailableForOrganizationException"
        }
        PolicyTypeNotEnabled(_) => "PolicyTypeNotEnabledException",
        RootNotFound(_) => "RootNotFoundException",
        SourceParentNotFound(_) => "SourceParentNotFoundException",
        TargetNotFound(_) => "TargetNotFoundException",
    }
}

/// A domain error on a JSON-protocol (Organizations) request: every code is an Organizations
/// exception, sent with HTTP 400 (500 for ServiceException).
pub fn from_domain_json(e: IamError) -> WireError {
    use IamError::*;
    let code = match &e {
        Organizations(o) => organizations_code(o),
        CloudTrail(c) => cloudtrail_code(c),
        AccessDenied(_) | InvalidAuthenticationCode(_) => "AccessDeniedException",
        MalformedPolicyDocument(_) => "MalformedPolicyDocumentException",
        InvalidInput(_) | ValidationError(_) => "InvalidInputException",
        LimitExceeded(_) => "ConstraintViolationException",
        ConcurrentModification(_) => "ConcurrentModificationException",
        ExpiredToken(_) => "ExpiredTokenException",
        InvalidClientTokenId(_) => "UnrecognizedClientException",
        NotImplemented(_) => "UnknownOperationException",
        Throttling(_) => "TooManyRequestsException",
        // IAM-only outcomes cannot come from an Organizations action: reaching one is our bug.
        NoSuchEntity(_)
        | EntityAlreadyExists(_)
        | DeleteConflict(_)
        | PasswordPolicyViolation(_)
        | EntityTemporarilyUnmodifiable(_)
        | UnmodifiableEntity(_)
        | ReportNotPresent(_)
        | ReportInProgress(_)
        | PackedPolicyTooLarge(_)
        | InvalidParameterValue(_)
        | InvalidUserType(_)
        | ReportExpired(_)
        | InvalidIdentityToken(_)
        | ExpiredTokenException(_)
        | IdpRejectedClaim(_)
        | InvalidAuthorizationMessage(_)
        | InvalidPublicKey(_)
        | UnrecognizedPublicKeyEncoding(_)
        | DuplicateSSHPublicKey(_)
        | MalformedCertificate(_)
        | InvalidCertificate(_)
        | DuplicateCertificate(_)
        | KeyPairMismatch(_)
        | OrganizationNotFound(_)
        | OrganizationNotInAllFeaturesMode(_)
        | ServiceAccessNotEnabled(_)
        | AccountNotManagementOrDelegatedAdministrator(_)
        | CallerIsNotManagementAccount(_)
        | ReportGenerationLimitExceeded(_)
        | FeatureEnabled(_)
        | FeatureDisabled(_)
        | OutboundWebIdentityFederationDisabled(_)
        | SessionDurationEscalation(_)
        | JwtPayloadSizeExceeded(_)
        | ServiceFailure(_) => "ServiceException",
    };
    if code == "ServiceException" {
        tracing::error!(detail = %e, "service failure");
        return WireError {
            status: 500,
            kind: "Receiver",
            code,
            message: "AWS Organizations can't complete your request because of an internal service error. Try again later.".into(),
        };
    }
    WireError::sender(400, code, e.to_string())
}

/// An `X-Amz-Target` naming no Organizations action this server implements.
pub fn unknown_operation() -> WireError {
    WireError::sender(
        400,
        "UnknownOperationException",
        "The action or operation requested is invalid. Verify that the action is typed correctly.",
    )
}

pub fn from_json_body(e: iam_wire::json::JsonBodyError) -> WireError {
    WireError::sender(400, "SerializationException", e.to_string())
}

/// A JSON 1.1 body that breaks its model: InvalidInputException with the reason's text, or
/// SerializationException when a member has the wrong JSON type.
pub fn from_json_input(e: iam_wire::json::InputViolation) -> WireError {
    use iam_wire::json::InputViolation::*;
    let code = match e {
        WrongType => "SerializationException",
        InputRequired | InvalidPattern | MaxLengthExceeded | MinLengthExceeded
        | MaxValueExceeded | MinValueExceeded | InvalidEnum | InvalidListMember => {
            "InvalidInputException"
        }
    };
    WireError::sender(400, code, e.to_string())
}

/// CloudTrail's error codes (botocore cloudtrail model, LookupEvents' `errors`).
pub fn cloudtrail_code(e: &CloudTrailError) -> &'static str {
    use CloudTrailError::*;
    match e {
        InvalidLookupAttributes(_) => "InvalidLookupAttributesException",
        InvalidTimeRange(_) => "InvalidTimeRangeException",
        InvalidMaxResults(_) => "InvalidMaxResultsException",
        InvalidNextToken(_) => "InvalidNextTokenException",
        InvalidEventCategory(_) => "InvalidEventCategoryException",
    }
}

/// A domain error on a CloudTrail request: CloudTrail's own codes, the common JSON ones for
/// authorization and credentials, HTTP 400 (500 for an internal failure).
pub fn from_domain_cloudtrail(e: IamError) -> WireError {
    use IamError::*;
    let code = match &e {
        CloudTrail(c) => cloudtrail_code(c),
        AccessDenied(_) | InvalidAuthenticationCode(_) => "AccessDeniedException",
        InvalidClientTokenId(_) => "UnrecognizedClientException",
        ExpiredToken(_) => "ExpiredTokenException",
        NotImplemented(_) => "UnknownOperationException",
        Throttling(_) => "ThrottlingException",
        InvalidInput(_) | ValidationError(_) => "InvalidParameterException",
        // Outcomes of other services' actions cannot come from a CloudTrail action: reaching
        // one is our bug.
        NoSuchEntity(_)
        | EntityAlreadyExists(_)
        | LimitExceeded(_)
        | DeleteConflict(_)
        | MalformedPolicyDocument(_)
        | InvalidParameterValue(_)
        | PasswordPolicyViolation(_)
        | EntityTemporarilyUnmodifiable(_)
        | ConcurrentModification(_)
        | UnmodifiableEntity(_)
        | ReportNotPresent(_)
        | ReportInProgress(_)
        | PackedPolicyTooLarge(_)
        | InvalidPublicKey(_)
        | UnrecognizedPublicKeyEncoding(_)
        | DuplicateSSHPublicKey(_)
        | MalformedCertificate(_)
        | InvalidCertificate(_)
        | DuplicateCertificate(_)
        | KeyPairMismatch(_)
        | InvalidUserType(_)
        | ReportExpired(_)
        | InvalidIdentityToken(_)
        | ExpiredTokenException(_)
        | IdpRejectedClaim(_)
        | InvalidAuthorizationMessage(_)
        | OrganizationNotFound(_)
        | OrganizationNotInAllFeaturesMode(_)
        | ServiceAccessNotEnabled(_)
        | AccountNotManagementOrDelegatedAdministrator(_)
        | CallerIsNotManagementAccount(_)
        | ReportGenerationLimitExceeded(_)
        | FeatureEnabled(_)
        | FeatureDisabled(_)
        | OutboundWebIdentityFederationDisabled(_)
        | SessionDurationEscalation(_)
        | JwtPayloadSizeExceeded(_)
        | Organizations(_)
        | ServiceFailure(_) => "InternalFailure",
    };
    if code == "InternalFailure" {
        tracing::error!(detail = %e, "service failure");
        return WireError {
            status: 500,
            kind: "Receiver",
            code,
            message: "An internal error occurred.".into(),
        };
    }
    WireError::sender(400, code, e.to_string())
}

/// A CloudTrail body that breaks its model: a wrong JSON type is a SerializationException, a
/// MaxResults out of 1..50 InvalidMaxResultsException; the other checks (one lookup attribute
/// of a known key and a value of 1 to 2000 characters, the event category) are LookupEvents'
/// own, with its codes (`None`: left to the handler).
pub fn from_cloudtrail_input(e: iam_wire::json::InputViolation) -> Option<WireError> {
    use iam_wire::json::InputViolation::*;
    match e {
        WrongType => Some(WireError::sender(
            400,
            "SerializationException",
            e.to_string(),
        )),
        MaxValueExceeded | MinValueExceeded => Some(WireError::sender(
            400,
            "InvalidMaxResultsException",
            "MaxResults must be between 1 and 50.",
        )),
        InputRequired | InvalidPattern | MaxLengthExceeded | MinLengthExceeded | InvalidEnum
        | InvalidListMember => None,
    }
}
