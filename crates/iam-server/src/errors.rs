//! THE place where errors become AWS error responses: code, HTTP status and Type. Exhaustive
//! matches with no wildcard arm, so a new error variant cannot ship without a decision here.
use iam_core::IamError;
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
