//! AWS Security Token Service (2011-06-15): the input and output of every
//! operation and the structures they contain, generated from botocore's service model
//! by `tools/codegen/gen_api.py`. Do not edit: run `python3 tools/codegen/gen_api.py`.
use serde::{Deserialize, Serialize};

/// The input of AssumeRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleRequest {
    /// The Amazon Resource Name (ARN) of the role to assume.
    #[serde(rename = "RoleArn")]
    pub role_arn: String,
    /// An identifier for the assumed role session.
    #[serde(rename = "RoleSessionName")]
    pub role_session_name: String,
    /// The Amazon Resource Names (ARNs) of the IAM managed policies that you want to use as managed
    /// session policies. The policies must exist in the same account as the role.
    #[serde(
        rename = "PolicyArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_arns: Option<Vec<PolicyDescriptorType>>,
    /// An IAM policy in JSON format that you want to use as an inline session policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The duration, in seconds, of the role session. The value specified can range from 900
    /// seconds (15 minutes) up to the maximum session duration set for the role. The maximum
    /// session duration setting can have a value from 1 hour to 12 hours. If you specify a value
    /// higher than this setting or the administrator setting (whichever is lower), the operation
    /// fails. For example, if you specify a session duration of 12 hours, but your administrator
    /// set the maximum session duration to 6 hours, your operation fails.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
    /// A list of session tags that you want to pass. Each session tag consists of a key name and an
    /// associated value. For more information about session tags, see Tagging Amazon Web Services
    /// STS Sessions in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// A list of keys for session tags that you want to set as transitive. If you set a tag key as
    /// transitive, the corresponding key and value passes to subsequent sessions in a role chain.
    /// For more information, see Chaining Roles with Session Tags in the IAM User Guide.
    #[serde(
        rename = "TransitiveTagKeys",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub transitive_tag_keys: Option<Vec<String>>,
    /// A unique identifier that might be required when you assume a role in another account. If the
    /// administrator of the account to which the role belongs provided you with an external ID,
    /// then provide that value in the ExternalId parameter. This value can be any string, such as a
    /// passphrase or account number. A cross-account role is usually set up to trust everyone in an
    /// account. Therefore, the administrator of the trusting account might send an external ID to
    /// the administrator of the trusted account. That way, only someone with the ID can assume the
    /// role, rather than everyone in the account. For more information about the external ID, see
    /// How to Use an External ID When Granting Access to Your Amazon Web Services Resources to a
    /// Third Party in the IAM User Guide.
    #[serde(
        rename = "ExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    /// The identification number of the MFA device that is associated with the user who is making
    /// the AssumeRole call. Specify this value if the trust policy of the role being assumed
    /// includes a condition that requires MFA authentication. The value is either the serial number
    /// for a hardware device (such as GAHT12345678) or an Amazon Resource Name (ARN) for a virtual
    /// device (such as arn:aws:iam::123456789012:mfa/user).
    #[serde(
        rename = "SerialNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub serial_number: Option<String>,
    /// The value provided by the MFA device, if the trust policy of the role being assumed requires
    /// MFA. (In other words, if the policy includes a condition that tests for MFA). If the role
    /// being assumed requires MFA and if the TokenCode value is missing or expired, the AssumeRole
    /// call returns an "access denied" error.
    #[serde(rename = "TokenCode", default, skip_serializing_if = "Option::is_none")]
    pub token_code: Option<String>,
    /// The source identity specified by the principal that is calling the AssumeRole operation. The
    /// source identity value persists across chained role sessions.
    #[serde(
        rename = "SourceIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_identity: Option<String>,
    /// A list of previously acquired trusted context assertions in the format of a JSON array. The
    /// trusted context assertion is signed and encrypted by Amazon Web Services STS.
    #[serde(
        rename = "ProvidedContexts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provided_contexts: Option<Vec<ProvidedContext>>,
}

/// The output of AssumeRole.
///
/// Contains the response to a successful AssumeRole request, including temporary Amazon Web
/// Services credentials that can be used to make Amazon Web Services requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security (or session) token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// The Amazon Resource Name (ARN) and the assumed role ID, which are identifiers that you can
    /// use to refer to the resulting temporary security credentials. For example, you can reference
    /// these credentials as a principal in a resource-based policy by using the ARN or assumed role
    /// ID. The ARN and ID include the RoleSessionName that you specified when you called
    /// AssumeRole.
    #[serde(
        rename = "AssumedRoleUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assumed_role_user: Option<AssumedRoleUser>,
    /// A percentage value that indicates the packed size of the session policies and session tags
    /// combined passed in the request. The request fails if the packed size is greater than 100
    /// percent, which means the policies and tags exceeded the allowed space.
    #[serde(
        rename = "PackedPolicySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub packed_policy_size: Option<i32>,
    /// The source identity specified by the principal that is calling the AssumeRole operation.
    #[serde(
        rename = "SourceIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_identity: Option<String>,
}

/// The input of AssumeRoleWithSAML.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleWithSAMLRequest {
    /// The Amazon Resource Name (ARN) of the role that the caller is assuming.
    #[serde(rename = "RoleArn")]
    pub role_arn: String,
    /// The Amazon Resource Name (ARN) of the SAML provider in IAM that describes the IdP.
    #[serde(rename = "PrincipalArn")]
    pub principal_arn: String,
    /// The base64 encoded SAML authentication response provided by the IdP.
    #[serde(rename = "SAMLAssertion")]
    pub saml_assertion: String,
    /// The Amazon Resource Names (ARNs) of the IAM managed policies that you want to use as managed
    /// session policies. The policies must exist in the same account as the role.
    #[serde(
        rename = "PolicyArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_arns: Option<Vec<PolicyDescriptorType>>,
    /// An IAM policy in JSON format that you want to use as an inline session policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The duration, in seconds, of the role session. Your role session lasts for the duration that
    /// you specify for the DurationSeconds parameter, or until the time specified in the SAML
    /// authentication response's SessionNotOnOrAfter value, whichever is shorter. You can provide a
    /// DurationSeconds value from 900 seconds (15 minutes) up to the maximum session duration
    /// setting for the role. This setting can have a value from 1 hour to 12 hours. If you specify
    /// a value higher than this setting, the operation fails. For example, if you specify a session
    /// duration of 12 hours, but your administrator set the maximum session duration to 6 hours,
    /// your operation fails. To learn how to view the maximum value for your role, see View the
    /// Maximum Session Duration Setting for a Role in the IAM User Guide.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
}

/// The output of AssumeRoleWithSAML.
///
/// Contains the response to a successful AssumeRoleWithSAML request, including temporary Amazon
/// Web Services credentials that can be used to make Amazon Web Services requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleWithSAMLResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security (or session) token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// The identifiers for the temporary security credentials that the operation returns.
    #[serde(
        rename = "AssumedRoleUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assumed_role_user: Option<AssumedRoleUser>,
    /// A percentage value that indicates the packed size of the session policies and session tags
    /// combined passed in the request. The request fails if the packed size is greater than 100
    /// percent, which means the policies and tags exceeded the allowed space.
    #[serde(
        rename = "PackedPolicySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub packed_policy_size: Option<i32>,
    /// The value of the NameID element in the Subject element of the SAML assertion.
    #[serde(rename = "Subject", default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The format of the name ID, as defined by the Format attribute in the NameID element of the
    /// SAML assertion. Typical examples of the format are transient or persistent.
    #[serde(
        rename = "SubjectType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_type: Option<String>,
    /// The value of the Issuer element of the SAML assertion.
    #[serde(rename = "Issuer", default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The value of the Recipient attribute of the SubjectConfirmationData element of the SAML
    /// assertion.
    #[serde(rename = "Audience", default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// A hash value based on the concatenation of the following:
    #[serde(
        rename = "NameQualifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub name_qualifier: Option<String>,
    /// The value in the SourceIdentity attribute in the SAML assertion. The source identity value
    /// persists across chained role sessions.
    #[serde(
        rename = "SourceIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_identity: Option<String>,
}

/// The input of AssumeRoleWithWebIdentity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleWithWebIdentityRequest {
    /// The Amazon Resource Name (ARN) of the role that the caller is assuming.
    #[serde(rename = "RoleArn")]
    pub role_arn: String,
    /// An identifier for the assumed role session. Typically, you pass the name or identifier that
    /// is associated with the user who is using your application. That way, the temporary security
    /// credentials that your application will use are associated with that user. This session name
    /// is included as part of the ARN and assumed role ID in the AssumedRoleUser response element.
    #[serde(rename = "RoleSessionName")]
    pub role_session_name: String,
    /// The OAuth 2.0 access token or OpenID Connect ID token that is provided by the identity
    /// provider. Your application must get this token by authenticating the user who is using your
    /// application with a web identity provider before the application makes an
    /// AssumeRoleWithWebIdentity call. Timestamps in the token must be formatted as either an
    /// integer or a long integer. Tokens must be signed using either RSA keys (RS256, RS384, or
    /// RS512) or ECDSA keys (ES256, ES384, or ES512).
    #[serde(rename = "WebIdentityToken")]
    pub web_identity_token: String,
    /// The fully qualified host component of the domain name of the OAuth 2.0 identity provider. Do
    /// not specify this value for an OpenID Connect identity provider.
    #[serde(
        rename = "ProviderId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_id: Option<String>,
    /// The Amazon Resource Names (ARNs) of the IAM managed policies that you want to use as managed
    /// session policies. The policies must exist in the same account as the role.
    #[serde(
        rename = "PolicyArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_arns: Option<Vec<PolicyDescriptorType>>,
    /// An IAM policy in JSON format that you want to use as an inline session policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The duration, in seconds, of the role session. The value can range from 900 seconds (15
    /// minutes) up to the maximum session duration setting for the role. This setting can have a
    /// value from 1 hour to 12 hours. If you specify a value higher than this setting, the
    /// operation fails. For example, if you specify a session duration of 12 hours, but your
    /// administrator set the maximum session duration to 6 hours, your operation fails. To learn
    /// how to view the maximum value for your role, see View the Maximum Session Duration Setting
    /// for a Role in the IAM User Guide.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
}

/// The output of AssumeRoleWithWebIdentity.
///
/// Contains the response to a successful AssumeRoleWithWebIdentity request, including temporary
/// Amazon Web Services credentials that can be used to make Amazon Web Services requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRoleWithWebIdentityResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// The unique user identifier that is returned by the identity provider. This identifier is
    /// associated with the WebIdentityToken that was submitted with the AssumeRoleWithWebIdentity
    /// call. The identifier is typically unique to the user and the application that acquired the
    /// WebIdentityToken (pairwise identifier). For OpenID Connect ID tokens, this field contains
    /// the value returned by the identity provider as the token's sub (Subject) claim.
    #[serde(
        rename = "SubjectFromWebIdentityToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_from_web_identity_token: Option<String>,
    /// The Amazon Resource Name (ARN) and the assumed role ID, which are identifiers that you can
    /// use to refer to the resulting temporary security credentials. For example, you can reference
    /// these credentials as a principal in a resource-based policy by using the ARN or assumed role
    /// ID. The ARN and ID include the RoleSessionName that you specified when you called
    /// AssumeRole.
    #[serde(
        rename = "AssumedRoleUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assumed_role_user: Option<AssumedRoleUser>,
    /// A percentage value that indicates the packed size of the session policies and session tags
    /// combined passed in the request. The request fails if the packed size is greater than 100
    /// percent, which means the policies and tags exceeded the allowed space.
    #[serde(
        rename = "PackedPolicySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub packed_policy_size: Option<i32>,
    /// The issuing authority of the web identity token presented. For OpenID Connect ID tokens,
    /// this contains the value of the iss field. For OAuth 2.0 access tokens, this contains the
    /// value of the ProviderId parameter that was passed in the AssumeRoleWithWebIdentity request.
    #[serde(rename = "Provider", default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The intended audience (also known as client ID) of the web identity token. This is
    /// traditionally the client identifier issued to the application that requested the web
    /// identity token.
    #[serde(rename = "Audience", default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// The value of the source identity that is returned in the JSON web token (JWT) from the
    /// identity provider.
    #[serde(
        rename = "SourceIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_identity: Option<String>,
}

/// The input of AssumeRoot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRootRequest {
    /// The member account principal ARN or account ID.
    #[serde(rename = "TargetPrincipal")]
    pub target_principal: String,
    /// The identity based policy that scopes the session to the privileged tasks that can be
    /// performed. You must use one of following Amazon Web Services managed policies to scope root
    /// session actions:
    #[serde(rename = "TaskPolicyArn")]
    pub task_policy_arn: PolicyDescriptorType,
    /// The duration, in seconds, of the privileged session. The value can range from 0 seconds up
    /// to the maximum session duration of 900 seconds (15 minutes). If you specify a value higher
    /// than this setting, the operation fails.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
}

/// The output of AssumeRoot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumeRootResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// The source identity specified by the principal that is calling the AssumeRoot operation.
    #[serde(
        rename = "SourceIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_identity: Option<String>,
}

/// The identifiers for the temporary security credentials that the operation returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssumedRoleUser {
    /// A unique identifier that contains the role ID and the role session name of the role that is
    /// being assumed. The role ID is generated by Amazon Web Services when the role is created.
    #[serde(rename = "AssumedRoleId")]
    pub assumed_role_id: String,
    /// The ARN of the temporary security credentials that are returned from the AssumeRole action.
    /// For more information about ARNs and how to use them in policies, see IAM Identifiers in the
    /// IAM User Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
}

/// Amazon Web Services credentials for API authentication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    /// The access key ID that identifies the temporary security credentials.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    /// The secret access key that can be used to sign requests.
    #[serde(rename = "SecretAccessKey")]
    pub secret_access_key: String,
    /// The token that users must pass to the service API to use the temporary credentials.
    #[serde(rename = "SessionToken")]
    pub session_token: String,
    /// The date on which the current credentials expire.
    #[serde(rename = "Expiration")]
    pub expiration: String,
}

/// The input of DecodeAuthorizationMessage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DecodeAuthorizationMessageRequest {
    /// The encoded message that was returned with the response.
    #[serde(rename = "EncodedMessage")]
    pub encoded_message: String,
}

/// The output of DecodeAuthorizationMessage.
///
/// A document that contains additional information about the authorization status of a request
/// from an encoded message that is returned in response to an Amazon Web Services request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DecodeAuthorizationMessageResponse {
    /// The API returns a response with the decoded message.
    #[serde(
        rename = "DecodedMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub decoded_message: Option<String>,
}

/// Identifiers for the federated user that is associated with the credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FederatedUser {
    /// The string that identifies the federated user associated with the credentials, similar to
    /// the unique ID of an IAM user.
    #[serde(rename = "FederatedUserId")]
    pub federated_user_id: String,
    /// The ARN that specifies the federated user that is associated with the credentials. For more
    /// information about ARNs and how to use them in policies, see IAM Identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
}

/// The input of GetAccessKeyInfo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccessKeyInfoRequest {
    /// The identifier of an access key.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
}

/// The output of GetAccessKeyInfo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccessKeyInfoResponse {
    /// The number used to identify the Amazon Web Services account.
    #[serde(rename = "Account", default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// The input of GetCallerIdentity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetCallerIdentityRequest {}

/// The output of GetCallerIdentity.
///
/// Contains the response to a successful GetCallerIdentity request, including information about
/// the entity making the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetCallerIdentityResponse {
    /// The unique identifier of the calling entity. The exact value depends on the type of entity
    /// that is making the call. The values returned are those listed in the aws:userid column in
    /// the Principal table found on the Policy Variables reference page in the IAM User Guide.
    #[serde(rename = "UserId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The Amazon Web Services account ID number of the account that owns or contains the calling
    /// entity.
    #[serde(rename = "Account", default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The Amazon Web Services ARN associated with the calling entity.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// The input of GetDelegatedAccessToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetDelegatedAccessTokenRequest {
    /// The token to exchange for temporary Amazon Web Services credentials. This token must be
    /// valid and unexpired at the time of the request.
    #[serde(rename = "TradeInToken")]
    pub trade_in_token: String,
}

/// The output of GetDelegatedAccessToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetDelegatedAccessTokenResponse {
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// The percentage of the maximum policy size that is used by the session policy. The policy
    /// size is calculated as the sum of all the session policies and permission boundaries attached
    /// to the session. If the packed size exceeds 100%, the request fails.
    #[serde(
        rename = "PackedPolicySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub packed_policy_size: Option<i32>,
    /// The Amazon Resource Name (ARN) of the principal that was assumed when obtaining the
    /// delegated access token. This ARN identifies the IAM entity whose permissions are granted by
    /// the temporary credentials.
    #[serde(
        rename = "AssumedPrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assumed_principal: Option<String>,
}

/// The input of GetFederationToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetFederationTokenRequest {
    /// The name of the federated user. The name is used as an identifier for the temporary security
    /// credentials (such as Bob). For example, you can reference the federated user name in a
    /// resource-based policy, such as in an Amazon S3 bucket policy.
    #[serde(rename = "Name")]
    pub name: String,
    /// An IAM policy in JSON format that you want to use as an inline session policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The Amazon Resource Names (ARNs) of the IAM managed policies that you want to use as a
    /// managed session policy. The policies must exist in the same account as the IAM user that is
    /// requesting federated access.
    #[serde(
        rename = "PolicyArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_arns: Option<Vec<PolicyDescriptorType>>,
    /// The duration, in seconds, that the session should last. Acceptable durations for federation
    /// sessions range from 900 seconds (15 minutes) to 129,600 seconds (36 hours), with 43,200
    /// seconds (12 hours) as the default. Sessions obtained using root user credentials are
    /// restricted to a maximum of 3,600 seconds (one hour). If the specified duration is longer
    /// than one hour, the session obtained by using root user credentials defaults to one hour.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
    /// A list of session tags. Each session tag consists of a key name and an associated value. For
    /// more information about session tags, see Passing Session Tags in STS in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of GetFederationToken.
///
/// Contains the response to a successful GetFederationToken request, including temporary Amazon
/// Web Services credentials that can be used to make Amazon Web Services requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetFederationTokenResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security (or session) token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
    /// Identifiers for the federated user associated with the credentials (such as
    /// arn:aws:sts::123456789012:federated-user/Bob or 123456789012:Bob). You can use the federated
    /// user's ARN in your resource-based policies, such as an Amazon S3 bucket policy.
    #[serde(
        rename = "FederatedUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub federated_user: Option<FederatedUser>,
    /// A percentage value that indicates the packed size of the session policies and session tags
    /// combined passed in the request. The request fails if the packed size is greater than 100
    /// percent, which means the policies and tags exceeded the allowed space.
    #[serde(
        rename = "PackedPolicySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub packed_policy_size: Option<i32>,
}

/// The input of GetSessionToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSessionTokenRequest {
    /// The duration, in seconds, that the credentials should remain valid. Acceptable durations for
    /// IAM user sessions range from 900 seconds (15 minutes) to 129,600 seconds (36 hours), with
    /// 43,200 seconds (12 hours) as the default. Sessions for Amazon Web Services account owners
    /// are restricted to a maximum of 3,600 seconds (one hour). If the duration is longer than one
    /// hour, the session for Amazon Web Services account owners defaults to one hour.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
    /// The identification number of the MFA device that is associated with the IAM user who is
    /// making the GetSessionToken call. Specify this value if the IAM user has a policy that
    /// requires MFA authentication. The value is either the serial number for a hardware device
    /// (such as GAHT12345678) or an Amazon Resource Name (ARN) for a virtual device (such as
    /// arn:aws:iam::123456789012:mfa/user). You can find the device for an IAM user by going to the
    /// Amazon Web Services Management Console and viewing the user's security credentials.
    #[serde(
        rename = "SerialNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub serial_number: Option<String>,
    /// The value provided by the MFA device, if MFA is required. If any policy requires the IAM
    /// user to submit an MFA code, specify this value. If MFA authentication is required, the user
    /// must provide a code when requesting a set of temporary security credentials. A user who
    /// fails to provide the code receives an "access denied" response when requesting resources
    /// that require MFA authentication.
    #[serde(rename = "TokenCode", default, skip_serializing_if = "Option::is_none")]
    pub token_code: Option<String>,
}

/// The output of GetSessionToken.
///
/// Contains the response to a successful GetSessionToken request, including temporary Amazon
/// Web Services credentials that can be used to make Amazon Web Services requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSessionTokenResponse {
    /// The temporary security credentials, which include an access key ID, a secret access key, and
    /// a security (or session) token.
    #[serde(
        rename = "Credentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credentials: Option<Credentials>,
}

/// The input of GetWebIdentityToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetWebIdentityTokenRequest {
    /// The intended recipient of the web identity token. This value populates the aud claim in the
    /// JWT and should identify the service or application that will validate and use the token. The
    /// external service should verify this claim to ensure the token was intended for their use.
    #[serde(rename = "Audience")]
    pub audience: Vec<String>,
    /// The duration, in seconds, for which the JSON Web Token (JWT) will remain valid. The value
    /// can range from 60 seconds (1 minute) to 3600 seconds (1 hour). If not specified, the default
    /// duration is 300 seconds (5 minutes). The token is designed to be short-lived and should be
    /// used for proof of identity, then exchanged for credentials or short-lived tokens in the
    /// external service.
    #[serde(
        rename = "DurationSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_seconds: Option<i32>,
    /// The cryptographic algorithm to use for signing the JSON Web Token (JWT). Valid values are
    /// RS256 (RSA with SHA-256) and ES384 (ECDSA using P-384 curve with SHA-384).
    #[serde(rename = "SigningAlgorithm")]
    pub signing_algorithm: String,
    /// An optional list of tags to include in the JSON Web Token (JWT). These tags are added as
    /// custom claims to the JWT and can be used by the downstream service for authorization
    /// decisions.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of GetWebIdentityToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetWebIdentityTokenResponse {
    /// A signed JSON Web Token (JWT) that represents the caller's Amazon Web Services identity. The
    /// token contains standard JWT claims such as subject, audience, expiration time, and
    /// additional identity attributes added by STS as custom claims. You can also add your own
    /// custom claims to the token by passing tags as request parameters to the GetWebIdentityToken
    /// API. The token is signed using the specified signing algorithm and can be verified using the
    /// verification keys available at the issuer's JWKS endpoint.
    #[serde(
        rename = "WebIdentityToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_identity_token: Option<String>,
    /// The date and time when the web identity token expires, in UTC. The expiration is determined
    /// by adding the DurationSeconds value to the time the token was issued. After this time, the
    /// token should no longer be considered valid.
    #[serde(
        rename = "Expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
}

/// A reference to the IAM managed policy that is passed as a session policy for a role session
/// or a federated user session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyDescriptorType {
    /// The Amazon Resource Name (ARN) of the IAM managed policy to use as a session policy for the
    /// role. For more information about ARNs, see Amazon Resource Names (ARNs) and Amazon Web
    /// Services Service Namespaces in the Amazon Web Services General Reference.
    #[serde(rename = "arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// Contains information about the provided context. This includes the signed and encrypted
/// trusted context assertion and the context provider ARN from which the trusted context
/// assertion was generated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProvidedContext {
    /// The context provider ARN from which the trusted context assertion was generated.
    #[serde(
        rename = "ProviderArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_arn: Option<String>,
    /// The signed and encrypted trusted context assertion generated by the context provider. The
    /// trusted context assertion is signed and encrypted by Amazon Web Services STS.
    #[serde(
        rename = "ContextAssertion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_assertion: Option<String>,
}

/// You can pass custom key-value pair attributes when you assume a role or federate a user.
/// These are called session tags. You can then use the session tags to control access to
/// resources. For more information, see Tagging Amazon Web Services STS Sessions in the IAM
/// User Guide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// The key for a session tag.
    #[serde(rename = "Key")]
    pub key: String,
    /// The value for a session tag.
    #[serde(rename = "Value")]
    pub value: String,
}

crate::inputs! {
    AssumeRoleRequest,
    AssumeRoleWithSAMLRequest,
    AssumeRoleWithWebIdentityRequest,
    AssumeRootRequest,
    DecodeAuthorizationMessageRequest,
    GetAccessKeyInfoRequest,
    GetCallerIdentityRequest,
    GetDelegatedAccessTokenRequest,
    GetFederationTokenRequest,
    GetSessionTokenRequest,
    GetWebIdentityTokenRequest,
}
crate::outputs! {
    AssumeRoleResponse,
    AssumeRoleWithSAMLResponse,
    AssumeRoleWithWebIdentityResponse,
    AssumeRootResponse,
    DecodeAuthorizationMessageResponse,
    GetAccessKeyInfoResponse,
    GetCallerIdentityResponse,
    GetDelegatedAccessTokenResponse,
    GetFederationTokenResponse,
    GetSessionTokenResponse,
    GetWebIdentityTokenResponse,
}
