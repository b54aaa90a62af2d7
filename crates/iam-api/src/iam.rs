//! AWS Identity and Access Management (2010-05-08): the input and output of every
//! operation and the structures they contain, generated from botocore's service model
//! by `tools/codegen/gen_api.py`. Do not edit: run `python3 tools/codegen/gen_api.py`.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The input of AcceptDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcceptDelegationRequestRequest {
    /// The unique identifier of the delegation request to accept.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
}

/// An object that contains details about when a principal in the reported Organizations entity
/// last attempted to access an Amazon Web Services service. A principal can be an IAM user, an
/// IAM role, or the Amazon Web Services account root user within the reported Organizations
/// entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessDetail {
    /// The name of the service in which access was attempted.
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// The namespace of the service in which access was attempted.
    #[serde(rename = "ServiceNamespace")]
    pub service_namespace: String,
    /// The Region where the last service access attempt occurred.
    #[serde(rename = "Region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The path of the Organizations entity (root, organizational unit, or account) from which an
    /// authenticated principal last attempted to access the service. Amazon Web Services does not
    /// report unauthenticated requests.
    #[serde(
        rename = "EntityPath",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_path: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when an authenticated principal most
    /// recently attempted to access the service. Amazon Web Services does not report
    /// unauthenticated requests.
    #[serde(
        rename = "LastAuthenticatedTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated_time: Option<String>,
    /// The number of accounts with authenticated principals (root user, IAM users, and IAM roles)
    /// that attempted to access the service in the tracking period.
    #[serde(
        rename = "TotalAuthenticatedEntities",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_authenticated_entities: Option<i32>,
}

/// Contains information about an Amazon Web Services access key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessKey {
    /// The name of the IAM user that the access key is associated with.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The ID for this access key.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    /// The status of the access key. Active means that the key is valid for API calls, while
    /// Inactive means it is not.
    #[serde(rename = "Status")]
    pub status: String,
    /// The secret key used to sign requests.
    #[serde(rename = "SecretAccessKey")]
    pub secret_access_key: String,
    /// The date when the access key was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
}

/// Contains information about the last time an Amazon Web Services access key was used since
/// IAM began tracking this information on April 22, 2015.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessKeyLastUsed {
    /// The date and time, in ISO 8601 date-time format, when the access key was most recently used.
    /// This field is null in the following situations:
    #[serde(
        rename = "LastUsedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_used_date: Option<String>,
    /// The name of the Amazon Web Services service with which this access key was most recently
    /// used. The value of this field is "N/A" in the following situations:
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// The Amazon Web Services Region where this access key was most recently used. The value for
    /// this field is "N/A" in the following situations:
    #[serde(rename = "Region")]
    pub region: String,
}

/// Contains information about an Amazon Web Services access key, without its secret key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessKeyMetadata {
    /// The name of the IAM user that the key is associated with.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The ID for this access key.
    #[serde(
        rename = "AccessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    /// The status of the access key. Active means that the key is valid for API calls; Inactive
    /// means it is not.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The date when the access key was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
}

/// The input of AddClientIDToOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddClientIDToOpenIDConnectProviderRequest {
    /// The Amazon Resource Name (ARN) of the IAM OpenID Connect (OIDC) provider resource to add the
    /// client ID to. You can get a list of OIDC provider ARNs by using the
    /// ListOpenIDConnectProviders operation.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// The client ID (also known as audience) to add to the IAM OpenID Connect provider resource.
    #[serde(rename = "ClientID")]
    pub client_id: String,
}

/// The input of AddRoleToInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddRoleToInstanceProfileRequest {
    /// The name of the instance profile to update.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// The name of the role to add.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The input of AddUserToGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddUserToGroupRequest {
    /// The name of the group to update.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name of the user to add.
    #[serde(rename = "UserName")]
    pub user_name: String,
}

/// The input of AssociateDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssociateDelegationRequestRequest {
    /// The unique identifier of the delegation request to associate.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
}

/// The input of AttachGroupPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachGroupPolicyRequest {
    /// The name (friendly name, not ARN) of the group to attach the policy to.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to attach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of AttachRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachRolePolicyRequest {
    /// The name (friendly name, not ARN) of the role to attach the policy to.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to attach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of AttachUserPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachUserPolicyRequest {
    /// The name (friendly name, not ARN) of the IAM user to attach the policy to.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to attach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// Contains information about an attached permissions boundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachedPermissionsBoundary {
    /// The permissions boundary usage type that indicates what type of IAM resource is used as the
    /// permissions boundary for an entity. This data type can only have a value of Policy.
    #[serde(
        rename = "PermissionsBoundaryType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_type: Option<String>,
    /// The ARN of the policy used to set the permissions boundary for the user or role.
    #[serde(
        rename = "PermissionsBoundaryArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_arn: Option<String>,
}

/// Contains information about an attached policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachedPolicy {
    /// The friendly name of the attached policy.
    #[serde(
        rename = "PolicyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    #[serde(rename = "PolicyArn", default, skip_serializing_if = "Option::is_none")]
    pub policy_arn: Option<String>,
}

/// The input of ChangePassword.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    /// The IAM user's current password.
    #[serde(rename = "OldPassword")]
    pub old_password: String,
    /// The new password. The new password must conform to the Amazon Web Services account's
    /// password policy, if one exists.
    #[serde(rename = "NewPassword")]
    pub new_password: String,
}

/// Contains information about a condition context key. It includes the name of the key and
/// specifies the value (or values, if the context key supports multiple values) to use in the
/// simulation. This information is used when evaluating the Condition elements of the input
/// policies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextEntry {
    /// The full name of a condition context key, including the service prefix. For example,
    /// aws:SourceIp or s3:VersionId.
    #[serde(
        rename = "ContextKeyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_key_name: Option<String>,
    /// The value (or values, if the condition context key supports multiple values) to provide to
    /// the simulation when the key is referenced by a Condition element in an input policy.
    #[serde(
        rename = "ContextKeyValues",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_key_values: Option<Vec<String>>,
    /// The data type of the value (or values) specified in the ContextKeyValues parameter.
    #[serde(
        rename = "ContextKeyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_key_type: Option<String>,
}

/// The input of CreateAccessKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccessKeyRequest {
    /// The name of the IAM user that the new key will belong to.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The output of CreateAccessKey.
///
/// Contains the response to a successful CreateAccessKey request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccessKeyResponse {
    /// A structure with details about the access key.
    #[serde(rename = "AccessKey")]
    pub access_key: AccessKey,
}

/// The input of CreateAccountAlias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccountAliasRequest {
    /// The account alias to create.
    #[serde(rename = "AccountAlias")]
    pub account_alias: String,
}

/// The input of CreateDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDelegationRequestRequest {
    /// The Amazon Web Services account ID this delegation request is targeted to.
    #[serde(
        rename = "OwnerAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub owner_account_id: Option<String>,
    /// A description of the delegation request.
    #[serde(rename = "Description")]
    pub description: String,
    /// The permissions to be delegated in this delegation request.
    #[serde(rename = "Permissions")]
    pub permissions: DelegationPermission,
    /// A message explaining the reason for the delegation request.
    #[serde(
        rename = "RequestMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_message: Option<String>,
    /// The workflow ID associated with the requestor.
    #[serde(rename = "RequestorWorkflowId")]
    pub requestor_workflow_id: String,
    /// The URL to redirect to after the delegation request is processed.
    #[serde(
        rename = "RedirectUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redirect_url: Option<String>,
    /// The notification channel for updates about the delegation request.
    #[serde(rename = "NotificationChannel")]
    pub notification_channel: String,
    /// The duration for which the delegated session should remain active, in seconds.
    #[serde(rename = "SessionDuration")]
    pub session_duration: i32,
    /// Specifies whether the delegation token should only be sent by the owner.
    #[serde(
        rename = "OnlySendByOwner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub only_send_by_owner: Option<bool>,
}

/// The output of CreateDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDelegationRequestResponse {
    /// A deep link URL to the Amazon Web Services Management Console for managing the delegation
    /// request.
    #[serde(
        rename = "ConsoleDeepLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub console_deep_link: Option<String>,
    /// The unique identifier for the created delegation request.
    #[serde(
        rename = "DelegationRequestId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_request_id: Option<String>,
}

/// The input of CreateGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGroupRequest {
    /// The path to the group. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name of the group to create. Do not include the path in this value.
    #[serde(rename = "GroupName")]
    pub group_name: String,
}

/// The output of CreateGroup.
///
/// Contains the response to a successful CreateGroup request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGroupResponse {
    /// A structure containing details about the new group.
    #[serde(rename = "Group")]
    pub group: Group,
}

/// The input of CreateInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateInstanceProfileRequest {
    /// The name of the instance profile to create.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// The path to the instance profile. For more information about paths, see IAM Identifiers in
    /// the IAM User Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A list of tags that you want to attach to the newly created IAM instance profile. Each tag
    /// consists of a key name and an associated value. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateInstanceProfile.
///
/// Contains the response to a successful CreateInstanceProfile request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateInstanceProfileResponse {
    /// A structure containing details about the new instance profile.
    #[serde(rename = "InstanceProfile")]
    pub instance_profile: InstanceProfile,
}

/// The input of CreateLoginProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateLoginProfileRequest {
    /// The name of the IAM user to create a password for. The user must already exist.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The new password for the user.
    #[serde(rename = "Password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Specifies whether the user is required to set a new password on next sign-in.
    #[serde(
        rename = "PasswordResetRequired",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_reset_required: Option<bool>,
}

/// The output of CreateLoginProfile.
///
/// Contains the response to a successful CreateLoginProfile request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateLoginProfileResponse {
    /// A structure containing the user name and password create date.
    #[serde(rename = "LoginProfile")]
    pub login_profile: LoginProfile,
}

/// The input of CreateOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOpenIDConnectProviderRequest {
    /// The URL of the identity provider. The URL must begin with https:// and should correspond to
    /// the iss claim in the provider's OpenID Connect ID tokens. Per the OIDC standard, path
    /// components are allowed but query parameters are not. Typically the URL consists of only a
    /// hostname, like <https://server.example.org> or <https://example.com.> The URL should not
    /// contain a port number.
    #[serde(rename = "Url")]
    pub url: String,
    /// Provides a list of client IDs, also known as audiences. When a mobile or web app registers
    /// with an OpenID Connect provider, they establish a value that identifies the application.
    /// This is the value that's sent as the client_id parameter on OAuth requests.
    #[serde(
        rename = "ClientIDList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_id_list: Option<Vec<String>>,
    /// A list of server certificate thumbprints for the OpenID Connect (OIDC) identity provider's
    /// server certificates. Typically this list includes only one entry. However, IAM lets you have
    /// up to five thumbprints for an OIDC provider. This lets you maintain multiple thumbprints if
    /// the identity provider is rotating certificates.
    #[serde(
        rename = "ThumbprintList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumbprint_list: Option<Vec<String>>,
    /// A list of tags that you want to attach to the new IAM OpenID Connect (OIDC) provider. Each
    /// tag consists of a key name and an associated value. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateOpenIDConnectProvider.
///
/// Contains the response to a successful CreateOpenIDConnectProvider request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOpenIDConnectProviderResponse {
    /// The Amazon Resource Name (ARN) of the new IAM OpenID Connect provider that is created. For
    /// more information, see OpenIDConnectProviderListEntry.
    #[serde(
        rename = "OpenIDConnectProviderArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_id_connect_provider_arn: Option<String>,
    /// A list of tags that are attached to the new IAM OIDC provider. The returned list of tags is
    /// sorted by tag key. For more information about tagging, see Tagging IAM resources in the IAM
    /// User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The input of CreatePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyRequest {
    /// The friendly name of the policy.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The path for the policy.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The JSON policy document that you want to use as the content for the new policy.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
    /// A friendly description of the policy.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// A list of tags that you want to attach to the new IAM customer managed policy. Each tag
    /// consists of a key name and an associated value. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreatePolicy.
///
/// Contains the response to a successful CreatePolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyResponse {
    /// A structure containing details about the new policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The input of CreatePolicyVersion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyVersionRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy to which you want to add a new version.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// The JSON policy document that you want to use as the content for this new version of the
    /// policy.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
    /// Specifies whether to set this version as the policy's default version.
    #[serde(
        rename = "SetAsDefault",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub set_as_default: Option<bool>,
}

/// The output of CreatePolicyVersion.
///
/// Contains the response to a successful CreatePolicyVersion request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyVersionResponse {
    /// A structure containing details about the new policy version.
    #[serde(
        rename = "PolicyVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_version: Option<PolicyVersion>,
}

/// The input of CreateRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateRoleRequest {
    /// The path to the role. For more information about paths, see IAM Identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name of the role to create.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The trust relationship policy document that grants an entity permission to assume the role.
    #[serde(rename = "AssumeRolePolicyDocument")]
    pub assume_role_policy_document: String,
    /// A description of the role.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The maximum session duration (in seconds) that you want to set for the specified role. If
    /// you do not specify a value for this setting, the default value of one hour is applied. This
    /// setting can have a value from 1 hour to 12 hours.
    #[serde(
        rename = "MaxSessionDuration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_session_duration: Option<i32>,
    /// The ARN of the managed policy that is used to set the permissions boundary for the role.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<String>,
    /// A list of tags that you want to attach to the new role. Each tag consists of a key name and
    /// an associated value. For more information about tagging, see Tagging IAM resources in the
    /// IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateRole.
///
/// Contains the response to a successful CreateRole request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateRoleResponse {
    /// A structure containing details about the new role.
    #[serde(rename = "Role")]
    pub role: Role,
}

/// The input of CreateSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSAMLProviderRequest {
    /// An XML document generated by an identity provider (IdP) that supports SAML 2.0. The document
    /// includes the issuer's name, expiration information, and keys that can be used to validate
    /// the SAML authentication response (assertions) that are received from the IdP. You must
    /// generate the metadata document using the identity management software that is used as your
    /// organization's IdP.
    #[serde(rename = "SAMLMetadataDocument")]
    pub saml_metadata_document: String,
    /// The name of the provider to create.
    #[serde(rename = "Name")]
    pub name: String,
    /// A list of tags that you want to attach to the new IAM SAML provider. Each tag consists of a
    /// key name and an associated value. For more information about tagging, see Tagging IAM
    /// resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Specifies the encryption setting for the SAML provider.
    #[serde(
        rename = "AssertionEncryptionMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assertion_encryption_mode: Option<String>,
    /// The private key generated from your external identity provider. The private key must be a
    /// .pem file that uses AES-GCM or AES-CBC encryption algorithm to decrypt SAML assertions.
    #[serde(
        rename = "AddPrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub add_private_key: Option<String>,
}

/// The output of CreateSAMLProvider.
///
/// Contains the response to a successful CreateSAMLProvider request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSAMLProviderResponse {
    /// The Amazon Resource Name (ARN) of the new SAML provider resource in IAM.
    #[serde(
        rename = "SAMLProviderArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_provider_arn: Option<String>,
    /// A list of tags that are attached to the new IAM SAML provider. The returned list of tags is
    /// sorted by tag key. For more information about tagging, see Tagging IAM resources in the IAM
    /// User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The input of CreateServiceLinkedRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateServiceLinkedRoleRequest {
    /// The service principal for the Amazon Web Services service to which this role is attached.
    /// You use a string similar to a URL but without the http:// in front. For example:
    /// elasticbeanstalk.amazonaws.com.
    #[serde(rename = "AWSServiceName")]
    pub aws_service_name: String,
    /// The description of the role.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// A string that you provide, which is combined with the service-provided prefix to form the
    /// complete role name. If you make multiple requests for the same service, then you must supply
    /// a different CustomSuffix for each request. Otherwise the request fails with a duplicate role
    /// name error. For example, you could add -1 or -debug to the suffix.
    #[serde(
        rename = "CustomSuffix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_suffix: Option<String>,
}

/// The output of CreateServiceLinkedRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateServiceLinkedRoleResponse {
    /// A Role object that contains details about the newly created role.
    #[serde(rename = "Role", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// The input of CreateServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateServiceSpecificCredentialRequest {
    /// The name of the IAM user that is to be associated with the credentials. The new
    /// service-specific credentials have the same permissions as the associated user except that
    /// they can be used only to access the specified service.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The name of the Amazon Web Services service that is to be associated with the credentials.
    /// The service you specify here is the only service that can be accessed using these
    /// credentials.
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// The number of days until the service specific credential expires. This field is only valid
    /// for Bedrock and CloudWatch Logs API keys and must be a positive integer. When not specified,
    /// the credential will not expire.
    #[serde(
        rename = "CredentialAgeDays",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_age_days: Option<i32>,
}

/// The output of CreateServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateServiceSpecificCredentialResponse {
    /// A structure that contains information about the newly created service-specific credential.
    #[serde(
        rename = "ServiceSpecificCredential",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_specific_credential: Option<ServiceSpecificCredential>,
}

/// The input of CreateUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateUserRequest {
    /// The path for the user name. For more information about paths, see IAM identifiers in the IAM
    /// User Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name of the user to create.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The ARN of the managed policy that is used to set the permissions boundary for the user.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<String>,
    /// A list of tags that you want to attach to the new user. Each tag consists of a key name and
    /// an associated value. For more information about tagging, see Tagging IAM resources in the
    /// IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateUser.
///
/// Contains the response to a successful CreateUser request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateUserResponse {
    /// A structure with details about the new IAM user.
    #[serde(rename = "User", default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// The input of CreateVirtualMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateVirtualMFADeviceRequest {
    /// The path for the virtual MFA device. For more information about paths, see IAM identifiers
    /// in the IAM User Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name of the virtual MFA device, which must be unique. Use with path to uniquely identify
    /// a virtual MFA device.
    #[serde(rename = "VirtualMFADeviceName")]
    pub virtual_mfa_device_name: String,
    /// A list of tags that you want to attach to the new IAM virtual MFA device. Each tag consists
    /// of a key name and an associated value. For more information about tagging, see Tagging IAM
    /// resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateVirtualMFADevice.
///
/// Contains the response to a successful CreateVirtualMFADevice request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateVirtualMFADeviceResponse {
    /// A structure containing details about the new virtual MFA device.
    #[serde(rename = "VirtualMFADevice")]
    pub virtual_mfa_device: VirtualMFADevice,
}

/// The input of DeactivateMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeactivateMFADeviceRequest {
    /// The name of the user whose MFA device you want to deactivate.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The serial number that uniquely identifies the MFA device. For virtual MFA devices, the
    /// serial number is the device ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
}

/// Contains information about the permissions being delegated in a delegation request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DelegationPermission {
    /// This ARN maps to a pre-registered policy content for this partner. See the partner
    /// onboarding documentation to understand how to create a delegation template.
    #[serde(
        rename = "PolicyTemplateArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_template_arn: Option<String>,
    /// A list of policy parameters that define the scope and constraints of the delegated
    /// permissions.
    #[serde(
        rename = "Parameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub parameters: Option<Vec<PolicyParameter>>,
}

/// Contains information about a delegation request, including its status, permissions, and
/// associated metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DelegationRequest {
    /// The unique identifier for the delegation request.
    #[serde(
        rename = "DelegationRequestId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_request_id: Option<String>,
    /// Amazon Web Services account ID of the owner of the delegation request.
    #[serde(
        rename = "OwnerAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub owner_account_id: Option<String>,
    /// Description of the delegation request. This is a message that is provided by the Amazon Web
    /// Services partner that filed the delegation request.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// A custom message that is added to the delegation request by the partner.
    #[serde(
        rename = "RequestMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_message: Option<String>,
    #[serde(
        rename = "Permissions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions: Option<DelegationPermission>,
    /// JSON content of the associated permission policy of this delegation request.
    #[serde(
        rename = "PermissionPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permission_policy: Option<String>,
    /// If the PermissionPolicy includes role creation permissions, this element will include the
    /// list of permissions boundary policies associated with the role creation. See Permissions
    /// boundaries for IAM entities for more details about IAM permission boundaries.
    #[serde(
        rename = "RolePermissionRestrictionArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_permission_restriction_arns: Option<Vec<String>>,
    /// ARN of the owner of this delegation request.
    #[serde(rename = "OwnerId", default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(
        rename = "ApproverId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub approver_id: Option<String>,
    /// The state of this delegation request.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The expiry time of this delegation request
    #[serde(
        rename = "ExpirationTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_time: Option<String>,
    /// Identity of the requestor of this delegation request. This will be an Amazon Web Services
    /// account ID.
    #[serde(
        rename = "RequestorId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requestor_id: Option<String>,
    /// A friendly name of the requestor.
    #[serde(
        rename = "RequestorName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requestor_name: Option<String>,
    /// Creation date (timestamp) of this delegation request.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// The life-time of the requested session credential.
    #[serde(
        rename = "SessionDuration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_duration: Option<i32>,
    /// A URL to be redirected to once the delegation request is approved. Partners provide this URL
    /// when creating the delegation request.
    #[serde(
        rename = "RedirectUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redirect_url: Option<String>,
    /// Notes added to this delegation request, if this request was updated via the
    /// UpdateDelegationRequest API.
    #[serde(rename = "Notes", default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Reasons for rejecting this delegation request, if this request was rejected. See also
    /// RejectDelegationRequest API documentation.
    #[serde(
        rename = "RejectionReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rejection_reason: Option<String>,
    /// A flag indicating whether the SendDelegationToken must be called by the owner of this
    /// delegation request. This is set by the requesting partner.
    #[serde(
        rename = "OnlySendByOwner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub only_send_by_owner: Option<bool>,
    /// Last updated timestamp of the request.
    #[serde(
        rename = "UpdatedTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_time: Option<String>,
}

/// The input of DeleteAccessKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteAccessKeyRequest {
    /// The name of the user whose access key pair you want to delete.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The access key ID for the access key ID and secret access key you want to delete.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
}

/// The input of DeleteAccountAlias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteAccountAliasRequest {
    /// The name of the account alias to delete.
    #[serde(rename = "AccountAlias")]
    pub account_alias: String,
}

/// The input of DeleteGroupPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteGroupPolicyRequest {
    /// The name (friendly name, not ARN) identifying the group that the policy is embedded in.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name identifying the policy document to delete.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The input of DeleteGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteGroupRequest {
    /// The name of the IAM group to delete.
    #[serde(rename = "GroupName")]
    pub group_name: String,
}

/// The input of DeleteInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteInstanceProfileRequest {
    /// The name of the instance profile to delete.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
}

/// The input of DeleteLoginProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteLoginProfileRequest {
    /// The name of the user whose password you want to delete.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The input of DeleteOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteOpenIDConnectProviderRequest {
    /// The Amazon Resource Name (ARN) of the IAM OpenID Connect provider resource object to delete.
    /// You can get a list of OpenID Connect provider resource ARNs by using the
    /// ListOpenIDConnectProviders operation.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
}

/// The input of DeletePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletePolicyRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy you want to delete.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of DeletePolicyVersion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletePolicyVersionRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy from which you want to delete a version.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// The policy version to delete.
    #[serde(rename = "VersionId")]
    pub version_id: String,
}

/// The input of DeleteRolePermissionsBoundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteRolePermissionsBoundaryRequest {
    /// The name (friendly name, not ARN) of the IAM role from which you want to remove the
    /// permissions boundary.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The input of DeleteRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteRolePolicyRequest {
    /// The name (friendly name, not ARN) identifying the role that the policy is embedded in.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The name of the inline policy to delete from the specified IAM role.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The input of DeleteRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteRoleRequest {
    /// The name of the role to delete.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The input of DeleteSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteSAMLProviderRequest {
    /// The Amazon Resource Name (ARN) of the SAML provider to delete.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
}

/// The input of DeleteSSHPublicKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteSSHPublicKeyRequest {
    /// The name of the IAM user associated with the SSH public key.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The unique identifier for the SSH public key.
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: String,
}

/// The input of DeleteServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteServerCertificateRequest {
    /// The name of the server certificate you want to delete.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
}

/// The input of DeleteServiceLinkedRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteServiceLinkedRoleRequest {
    /// The name of the service-linked role to be deleted.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The output of DeleteServiceLinkedRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteServiceLinkedRoleResponse {
    /// The deletion task identifier that you can use to check the status of the deletion. This
    /// identifier is returned in the format
    /// task/aws-service-role/&lt;service-principal-name&gt;/&lt;role-name&gt;/&lt;task-uuid&gt;.
    #[serde(rename = "DeletionTaskId")]
    pub deletion_task_id: String,
}

/// The input of DeleteServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteServiceSpecificCredentialRequest {
    /// The name of the IAM user associated with the service-specific credential. If this value is
    /// not specified, then the operation assumes the user whose credentials are used to call the
    /// operation.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The unique identifier of the service-specific credential. You can get this value by calling
    /// ListServiceSpecificCredentials.
    #[serde(rename = "ServiceSpecificCredentialId")]
    pub service_specific_credential_id: String,
}

/// The input of DeleteSigningCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteSigningCertificateRequest {
    /// The name of the user the signing certificate belongs to.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The ID of the signing certificate to delete.
    #[serde(rename = "CertificateId")]
    pub certificate_id: String,
}

/// The input of DeleteUserPermissionsBoundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteUserPermissionsBoundaryRequest {
    /// The name (friendly name, not ARN) of the IAM user from which you want to remove the
    /// permissions boundary.
    #[serde(rename = "UserName")]
    pub user_name: String,
}

/// The input of DeleteUserPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteUserPolicyRequest {
    /// The name (friendly name, not ARN) identifying the user that the policy is embedded in.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The name identifying the policy document to delete.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The input of DeleteUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteUserRequest {
    /// The name of the user to delete.
    #[serde(rename = "UserName")]
    pub user_name: String,
}

/// The input of DeleteVirtualMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteVirtualMFADeviceRequest {
    /// The serial number that uniquely identifies the MFA device. For virtual MFA devices, the
    /// serial number is the same as the ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
}

/// The reason that the service-linked role deletion failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletionTaskFailureReasonType {
    /// A short description of the reason that the service-linked role deletion failed.
    #[serde(rename = "Reason", default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A list of objects that contains details about the service-linked role deletion failure, if
    /// that information is returned by the service. If the service-linked role has active sessions
    /// or if any resources that were used by the role have not been deleted from the linked
    /// service, the role can't be deleted. This parameter includes a list of the resources that are
    /// associated with the role and the Region in which the resources are being used.
    #[serde(
        rename = "RoleUsageList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_usage_list: Option<Vec<RoleUsageType>>,
}

/// The input of DetachGroupPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetachGroupPolicyRequest {
    /// The name (friendly name, not ARN) of the IAM group to detach the policy from.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to detach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of DetachRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetachRolePolicyRequest {
    /// The name (friendly name, not ARN) of the IAM role to detach the policy from.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to detach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of DetachUserPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetachUserPolicyRequest {
    /// The name (friendly name, not ARN) of the IAM user to detach the policy from.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The Amazon Resource Name (ARN) of the IAM policy you want to detach.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The input of DisableOrganizationsRootCredentialsManagement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisableOrganizationsRootCredentialsManagementRequest {}

/// The output of DisableOrganizationsRootCredentialsManagement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisableOrganizationsRootCredentialsManagementResponse {
    /// The unique identifier (ID) of an organization.
    #[serde(
        rename = "OrganizationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// The features enabled for centralized root access for member accounts in your organization.
    #[serde(
        rename = "EnabledFeatures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_features: Option<Vec<String>>,
}

/// The input of DisableOrganizationsRootSessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisableOrganizationsRootSessionsRequest {}

/// The output of DisableOrganizationsRootSessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisableOrganizationsRootSessionsResponse {
    /// The unique identifier (ID) of an organization.
    #[serde(
        rename = "OrganizationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// The features you have enabled for centralized root access of member accounts in your
    /// organization.
    #[serde(
        rename = "EnabledFeatures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_features: Option<Vec<String>>,
}

/// The input of EnableMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableMFADeviceRequest {
    /// The name of the IAM user for whom you want to enable the MFA device.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The serial number that uniquely identifies the MFA device. For virtual MFA devices, the
    /// serial number is the device ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// An authentication code emitted by the device.
    #[serde(rename = "AuthenticationCode1")]
    pub authentication_code1: String,
    /// A subsequent authentication code emitted by the device.
    #[serde(rename = "AuthenticationCode2")]
    pub authentication_code2: String,
}

/// The input of EnableOrganizationsRootCredentialsManagement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableOrganizationsRootCredentialsManagementRequest {}

/// The output of EnableOrganizationsRootCredentialsManagement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableOrganizationsRootCredentialsManagementResponse {
    /// The unique identifier (ID) of an organization.
    #[serde(
        rename = "OrganizationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// The features you have enabled for centralized root access.
    #[serde(
        rename = "EnabledFeatures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_features: Option<Vec<String>>,
}

/// The input of EnableOrganizationsRootSessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableOrganizationsRootSessionsRequest {}

/// The output of EnableOrganizationsRootSessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableOrganizationsRootSessionsResponse {
    /// The unique identifier (ID) of an organization.
    #[serde(
        rename = "OrganizationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// The features you have enabled for centralized root access.
    #[serde(
        rename = "EnabledFeatures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_features: Option<Vec<String>>,
}

/// The output of EnableOutboundWebIdentityFederation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableOutboundWebIdentityFederationResponse {
    /// A unique issuer URL for your Amazon Web Services account that hosts the OpenID Connect
    /// (OIDC) discovery endpoints at /.well-known/openid-configuration and /.well-known/jwks.json.
    /// The OpenID Connect (OIDC) discovery endpoints contain verification keys and metadata
    /// necessary for token verification.
    #[serde(
        rename = "IssuerIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer_identifier: Option<String>,
}

/// An object that contains details about when the IAM entities (users or roles) were last used
/// in an attempt to access the specified Amazon Web Services service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityDetails {
    /// The EntityInfo object that contains details about the entity (user or role).
    #[serde(rename = "EntityInfo")]
    pub entity_info: EntityInfo,
    /// The date and time, in ISO 8601 date-time format, when the authenticated entity last
    /// attempted to access Amazon Web Services. Amazon Web Services does not report unauthenticated
    /// requests.
    #[serde(
        rename = "LastAuthenticated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated: Option<String>,
}

/// Contains details about the specified entity (user or role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityInfo {
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The name of the entity (user or role).
    #[serde(rename = "Name")]
    pub name: String,
    /// The type of entity (user or role).
    #[serde(rename = "Type")]
    pub r#type: String,
    /// The identifier of the entity (user or role).
    #[serde(rename = "Id")]
    pub id: String,
    /// The path to the entity (user or role). For more information about paths, see IAM identifiers
    /// in the IAM User Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Contains information about the reason that the operation failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetails {
    /// Detailed information about the reason that the operation failed.
    #[serde(rename = "Message")]
    pub message: String,
    /// The error code associated with the operation failure.
    #[serde(rename = "Code")]
    pub code: String,
}

/// Contains the results of a simulation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvaluationResult {
    /// The name of the API operation tested on the indicated resource.
    #[serde(rename = "EvalActionName")]
    pub eval_action_name: String,
    /// The ARN of the resource that the indicated API operation was tested on.
    #[serde(
        rename = "EvalResourceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub eval_resource_name: Option<String>,
    /// The result of the simulation.
    #[serde(rename = "EvalDecision")]
    pub eval_decision: String,
    /// A list of the statements in the input policies that determine the result for this scenario.
    /// Remember that even if multiple statements allow the operation on the resource, if only one
    /// statement denies that operation, then the explicit deny overrides any allow. In addition,
    /// the deny statement is the only entry included in the result.
    #[serde(
        rename = "MatchedStatements",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub matched_statements: Option<Vec<Statement>>,
    /// A list of context keys that are required by the included input policies but that were not
    /// provided by one of the input parameters. This list is used when the resource in a simulation
    /// is "*", either explicitly, or when the ResourceArns parameter blank. If you include a list
    /// of resources, then any missing context values are instead included under the
    /// ResourceSpecificResults section. To discover the context keys used by a set of policies, you
    /// can call GetContextKeysForCustomPolicy or GetContextKeysForPrincipalPolicy.
    #[serde(
        rename = "MissingContextValues",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub missing_context_values: Option<Vec<String>>,
    /// A structure that details how Organizations and its service control policies affect the
    /// results of the simulation. Only applies if the simulated user's account is part of an
    /// organization.
    #[serde(
        rename = "OrganizationsDecisionDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizations_decision_detail: Option<OrganizationsDecisionDetail>,
    /// Contains information about the effect that a permissions boundary has on a policy simulation
    /// when the boundary is applied to an IAM entity.
    #[serde(
        rename = "PermissionsBoundaryDecisionDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
    /// Additional details about the results of the cross-account evaluation decision. This
    /// parameter is populated for only cross-account simulations. It contains a brief summary of
    /// how each policy type contributes to the final evaluation decision.
    #[serde(
        rename = "EvalDecisionDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub eval_decision_details: Option<BTreeMap<String, String>>,
    /// The individual results of the simulation of the API operation specified in EvalActionName on
    /// each resource.
    #[serde(
        rename = "ResourceSpecificResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_specific_results: Option<Vec<ResourceSpecificResult>>,
}

/// The output of GenerateCredentialReport.
///
/// Contains the response to a successful GenerateCredentialReport request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerateCredentialReportResponse {
    /// Information about the state of the credential report.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Information about the credential report.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
}

/// The input of GenerateOrganizationsAccessReport.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerateOrganizationsAccessReportRequest {
    /// The path of the Organizations entity (root, OU, or account). You can build an entity path
    /// using the known structure of your organization. For example, assume that your account ID is
    /// 123456789012 and its parent OU ID is ou-rge0-awsabcde. The organization root ID is
    /// r-f6g7h8i9j0example and your organization ID is o-a1b2c3d4e5. Your entity path is
    /// o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-rge0-awsabcde/123456789012.
    #[serde(rename = "EntityPath")]
    pub entity_path: String,
    /// The identifier of the Organizations service control policy (SCP). This parameter is
    /// optional.
    #[serde(
        rename = "OrganizationsPolicyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizations_policy_id: Option<String>,
}

/// The output of GenerateOrganizationsAccessReport.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerateOrganizationsAccessReportResponse {
    /// The job identifier that you can use in the GetOrganizationsAccessReport operation.
    #[serde(rename = "JobId", default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
}

/// The input of GenerateServiceLastAccessedDetails.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerateServiceLastAccessedDetailsRequest {
    /// The ARN of the IAM resource (user, group, role, or managed policy) used to generate
    /// information about when the resource was last used in an attempt to access an Amazon Web
    /// Services service.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The level of detail that you want to generate. You can specify whether you want to generate
    /// information about the last attempt to access services or actions. If you specify
    /// service-level granularity, this operation generates only service data. If you specify
    /// action-level granularity, it generates service and action data. If you don't include this
    /// optional parameter, the operation generates service data.
    #[serde(
        rename = "Granularity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub granularity: Option<String>,
}

/// The output of GenerateServiceLastAccessedDetails.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenerateServiceLastAccessedDetailsResponse {
    /// The JobId that you can use in the GetServiceLastAccessedDetails or
    /// GetServiceLastAccessedDetailsWithEntities operations. The JobId returned by
    /// GenerateServiceLastAccessedDetail must be used by the same role within a session, or by the
    /// same user when used to call GetServiceLastAccessedDetail.
    #[serde(rename = "JobId", default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
}

/// The input of GetAccessKeyLastUsed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccessKeyLastUsedRequest {
    /// The identifier of an access key.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
}

/// The output of GetAccessKeyLastUsed.
///
/// Contains the response to a successful GetAccessKeyLastUsed request. It is also returned as a
/// member of the AccessKeyMetaData structure returned by the ListAccessKeys action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccessKeyLastUsedResponse {
    /// The name of the IAM user that owns this access key.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Contains information about the last time the access key was used.
    #[serde(
        rename = "AccessKeyLastUsed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_last_used: Option<AccessKeyLastUsed>,
}

/// The input of GetAccountAuthorizationDetails.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccountAuthorizationDetailsRequest {
    /// A list of entity types used to filter the results. Only the entities that match the types
    /// you specify are included in the output. Use the value LocalManagedPolicy to include customer
    /// managed policies.
    #[serde(rename = "Filter", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Vec<String>>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The output of GetAccountAuthorizationDetails.
///
/// Contains the response to a successful GetAccountAuthorizationDetails request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccountAuthorizationDetailsResponse {
    /// A list containing information about IAM users.
    #[serde(
        rename = "UserDetailList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_detail_list: Option<Vec<UserDetail>>,
    /// A list containing information about IAM groups.
    #[serde(
        rename = "GroupDetailList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_detail_list: Option<Vec<GroupDetail>>,
    /// A list containing information about IAM roles.
    #[serde(
        rename = "RoleDetailList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_detail_list: Option<Vec<RoleDetail>>,
    /// A list containing information about managed policies.
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<ManagedPolicyDetail>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The output of GetAccountPasswordPolicy.
///
/// Contains the response to a successful GetAccountPasswordPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccountPasswordPolicyResponse {
    /// A structure that contains details about the account's password policy.
    #[serde(rename = "PasswordPolicy")]
    pub password_policy: PasswordPolicy,
}

/// The output of GetAccountSummary.
///
/// Contains the response to a successful GetAccountSummary request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetAccountSummaryResponse {
    /// A set of key–value pairs containing information about IAM entity usage and IAM quotas.
    #[serde(
        rename = "SummaryMap",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub summary_map: Option<BTreeMap<String, i32>>,
}

/// The input of GetContextKeysForCustomPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetContextKeysForCustomPolicyRequest {
    /// A list of policies for which you want the list of context keys referenced in those policies.
    /// Each document is specified as a string containing the complete, valid JSON text of an IAM
    /// policy.
    #[serde(rename = "PolicyInputList")]
    pub policy_input_list: Vec<String>,
}

/// The output of GetContextKeysForCustomPolicy. The output of GetContextKeysForPrincipalPolicy.
///
/// Contains the response to a successful GetContextKeysForPrincipalPolicy or
/// GetContextKeysForCustomPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetContextKeysForPolicyResponse {
    /// The list of context keys that are referenced in the input policies.
    #[serde(
        rename = "ContextKeyNames",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_key_names: Option<Vec<String>>,
}

/// The input of GetContextKeysForPrincipalPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetContextKeysForPrincipalPolicyRequest {
    /// The ARN of a user, group, or role whose policies contain the context keys that you want
    /// listed. If you specify a user, the list includes context keys that are found in all policies
    /// that are attached to the user. The list also includes all groups that the user is a member
    /// of. If you pick a group or a role, then it includes only those context keys that are found
    /// in policies attached to that entity. Note that all parameters are shown in unencoded form
    /// here for clarity, but must be URL encoded to be included as a part of a real HTML request.
    #[serde(rename = "PolicySourceArn")]
    pub policy_source_arn: String,
    /// An optional list of additional policies for which you want the list of context keys that are
    /// referenced.
    #[serde(
        rename = "PolicyInputList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_input_list: Option<Vec<String>>,
}

/// The output of GetCredentialReport.
///
/// Contains the response to a successful GetCredentialReport request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetCredentialReportResponse {
    /// Contains the credential report. The report is Base64-encoded.
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The format (MIME type) of the credential report.
    #[serde(
        rename = "ReportFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub report_format: Option<String>,
    /// The date and time when the credential report was created, in ISO 8601 date-time format.
    #[serde(
        rename = "GeneratedTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub generated_time: Option<String>,
}

/// The input of GetDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetDelegationRequestRequest {
    /// The unique identifier of the delegation request to retrieve.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
    /// Specifies whether to perform a permission check for the delegation request.
    #[serde(
        rename = "DelegationPermissionCheck",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_permission_check: Option<bool>,
}

/// The output of GetDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetDelegationRequestResponse {
    /// The delegation request object containing all details about the request.
    #[serde(
        rename = "DelegationRequest",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_request: Option<DelegationRequest>,
    /// The status of the permission check for the delegation request.
    #[serde(
        rename = "PermissionCheckStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permission_check_status: Option<String>,
    /// The result of the permission check, indicating whether the caller has sufficient permissions
    /// to cover the requested permissions. This is an approximate result.
    #[serde(
        rename = "PermissionCheckResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permission_check_result: Option<String>,
}

/// The input of GetGroupPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetGroupPolicyRequest {
    /// The name of the group the policy is associated with.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name of the policy document to get.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The output of GetGroupPolicy.
///
/// Contains the response to a successful GetGroupPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetGroupPolicyResponse {
    /// The group the policy is associated with.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name of the policy.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of GetGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetGroupRequest {
    /// The name of the group.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of GetGroup.
///
/// Contains the response to a successful GetGroup request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetGroupResponse {
    /// A structure that contains details about the group.
    #[serde(rename = "Group")]
    pub group: Group,
    /// A list of users in the group.
    #[serde(rename = "Users")]
    pub users: Vec<User>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of GetHumanReadableSummary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetHumanReadableSummaryRequest {
    /// Arn of the entity to be summarized. At this time, the only supported entity type is
    /// delegation-request
    #[serde(rename = "EntityArn")]
    pub entity_arn: String,
    /// A string representing the locale to use for the summary generation. The supported locale
    /// strings are based on the Supported languages of the Amazon Web Services Management Console .
    #[serde(rename = "Locale", default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// The output of GetHumanReadableSummary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetHumanReadableSummaryResponse {
    /// Summary content in the specified locale. Summary content is non-empty only if the
    /// SummaryState is AVAILABLE.
    #[serde(
        rename = "SummaryContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub summary_content: Option<String>,
    /// The locale that this response was generated for. This maps to the input locale.
    #[serde(rename = "Locale", default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// State of summary generation. This generation process is asynchronous and this attribute
    /// indicates the state of the generation process.
    #[serde(
        rename = "SummaryState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub summary_state: Option<String>,
}

/// The input of GetInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetInstanceProfileRequest {
    /// The name of the instance profile to get information about.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
}

/// The output of GetInstanceProfile.
///
/// Contains the response to a successful GetInstanceProfile request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetInstanceProfileResponse {
    /// A structure containing details about the instance profile.
    #[serde(rename = "InstanceProfile")]
    pub instance_profile: InstanceProfile,
}

/// The input of GetLoginProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetLoginProfileRequest {
    /// The name of the user whose login profile you want to retrieve.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The output of GetLoginProfile.
///
/// Contains the response to a successful GetLoginProfile request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetLoginProfileResponse {
    /// A structure containing the user name and the profile creation date for the user.
    #[serde(rename = "LoginProfile")]
    pub login_profile: LoginProfile,
}

/// The input of GetMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetMFADeviceRequest {
    /// Serial number that uniquely identifies the MFA device. For this API, we only accept FIDO
    /// security key ARNs.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// The friendly name identifying the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The output of GetMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetMFADeviceResponse {
    /// The friendly name identifying the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Serial number that uniquely identifies the MFA device. For this API, we only accept FIDO
    /// security key ARNs.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// The date that a specified user's MFA device was first enabled.
    #[serde(
        rename = "EnableDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_date: Option<String>,
    /// The certifications of a specified user's MFA device. We currently provide FIPS-140-2,
    /// FIPS-140-3, and FIDO certification levels obtained from FIDO Alliance Metadata Service
    /// (MDS).
    #[serde(
        rename = "Certifications",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub certifications: Option<BTreeMap<String, String>>,
}

/// The input of GetOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOpenIDConnectProviderRequest {
    /// The Amazon Resource Name (ARN) of the OIDC provider resource object in IAM to get
    /// information for. You can get a list of OIDC provider resource ARNs by using the
    /// ListOpenIDConnectProviders operation.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
}

/// The output of GetOpenIDConnectProvider.
///
/// Contains the response to a successful GetOpenIDConnectProvider request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOpenIDConnectProviderResponse {
    /// The URL that the IAM OIDC provider resource object is associated with. For more information,
    /// see CreateOpenIDConnectProvider.
    #[serde(rename = "Url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A list of client IDs (also known as audiences) that are associated with the specified IAM
    /// OIDC provider resource object. For more information, see CreateOpenIDConnectProvider.
    #[serde(
        rename = "ClientIDList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_id_list: Option<Vec<String>>,
    /// A list of certificate thumbprints that are associated with the specified IAM OIDC provider
    /// resource object. For more information, see CreateOpenIDConnectProvider.
    #[serde(
        rename = "ThumbprintList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumbprint_list: Option<Vec<String>>,
    /// The date and time when the IAM OIDC provider resource object was created in the Amazon Web
    /// Services account.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// A list of tags that are attached to the specified IAM OIDC provider. The returned list of
    /// tags is sorted by tag key. For more information about tagging, see Tagging IAM resources in
    /// the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The input of GetOrganizationsAccessReport.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOrganizationsAccessReportRequest {
    /// The identifier of the request generated by the GenerateOrganizationsAccessReport operation.
    #[serde(rename = "JobId")]
    pub job_id: String,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// The key that is used to sort the results. If you choose the namespace key, the results are
    /// returned in alphabetical order. If you choose the time key, the results are sorted
    /// numerically by the date and time.
    #[serde(rename = "SortKey", default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
}

/// The output of GetOrganizationsAccessReport.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOrganizationsAccessReportResponse {
    /// The status of the job.
    #[serde(rename = "JobStatus")]
    pub job_status: String,
    /// The date and time, in ISO 8601 date-time format, when the report job was created.
    #[serde(rename = "JobCreationDate")]
    pub job_creation_date: String,
    /// The date and time, in ISO 8601 date-time format, when the generated report job was completed
    /// or failed.
    #[serde(
        rename = "JobCompletionDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub job_completion_date: Option<String>,
    /// The number of services that the applicable SCPs allow account principals to access.
    #[serde(
        rename = "NumberOfServicesAccessible",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_services_accessible: Option<i32>,
    /// The number of services that account principals are allowed but did not attempt to access.
    #[serde(
        rename = "NumberOfServicesNotAccessed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_services_not_accessed: Option<i32>,
    /// An object that contains details about the most recent attempt to access the service.
    #[serde(
        rename = "AccessDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_details: Option<Vec<AccessDetail>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(
        rename = "ErrorDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_details: Option<ErrorDetails>,
}

/// The output of GetOutboundWebIdentityFederationInfo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOutboundWebIdentityFederationInfoResponse {
    /// A unique issuer URL for your Amazon Web Services account that hosts the OpenID Connect
    /// (OIDC) discovery endpoints at /.well-known/openid-configuration and /.well-known/jwks.json.
    /// The OpenID Connect (OIDC) discovery endpoints contain verification keys and metadata
    /// necessary for token verification.
    #[serde(
        rename = "IssuerIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer_identifier: Option<String>,
    /// Indicates whether outbound identity federation is currently enabled for your Amazon Web
    /// Services account. When true, IAM principals in the account can call the GetWebIdentityToken
    /// API to obtain JSON Web Tokens (JWTs) for authentication with external services.
    #[serde(
        rename = "JwtVendingEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub jwt_vending_enabled: Option<bool>,
}

/// The input of GetPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetPolicyRequest {
    /// The Amazon Resource Name (ARN) of the managed policy that you want information about.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// The output of GetPolicy.
///
/// Contains the response to a successful GetPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetPolicyResponse {
    /// A structure containing details about the policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The input of GetPolicyVersion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetPolicyVersionRequest {
    /// The Amazon Resource Name (ARN) of the managed policy that you want information about.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// Identifies the policy version to retrieve.
    #[serde(rename = "VersionId")]
    pub version_id: String,
}

/// The output of GetPolicyVersion.
///
/// Contains the response to a successful GetPolicyVersion request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetPolicyVersionResponse {
    /// A structure containing details about the policy version.
    #[serde(
        rename = "PolicyVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_version: Option<PolicyVersion>,
}

/// The input of GetRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetRolePolicyRequest {
    /// The name of the role associated with the policy.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The name of the policy document to get.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The output of GetRolePolicy.
///
/// Contains the response to a successful GetRolePolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetRolePolicyResponse {
    /// The role the policy is associated with.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The name of the policy.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of GetRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetRoleRequest {
    /// The name of the IAM role to get information about.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The output of GetRole.
///
/// Contains the response to a successful GetRole request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetRoleResponse {
    /// A structure containing details about the IAM role.
    #[serde(rename = "Role")]
    pub role: Role,
}

/// The input of GetSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSAMLProviderRequest {
    /// The Amazon Resource Name (ARN) of the SAML provider resource object in IAM to get
    /// information about.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
}

/// The output of GetSAMLProvider.
///
/// Contains the response to a successful GetSAMLProvider request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSAMLProviderResponse {
    /// The unique identifier assigned to the SAML provider.
    #[serde(
        rename = "SAMLProviderUUID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_provider_uuid: Option<String>,
    /// The XML metadata document that includes information about an identity provider.
    #[serde(
        rename = "SAMLMetadataDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_metadata_document: Option<String>,
    /// The date and time when the SAML provider was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// The expiration date and time for the SAML provider.
    #[serde(
        rename = "ValidUntil",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<String>,
    /// A list of tags that are attached to the specified IAM SAML provider. The returned list of
    /// tags is sorted by tag key. For more information about tagging, see Tagging IAM resources in
    /// the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Specifies the encryption setting for the SAML provider.
    #[serde(
        rename = "AssertionEncryptionMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assertion_encryption_mode: Option<String>,
    /// The private key metadata for the SAML provider.
    #[serde(
        rename = "PrivateKeyList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_key_list: Option<Vec<SAMLPrivateKey>>,
}

/// The input of GetSSHPublicKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSSHPublicKeyRequest {
    /// The name of the IAM user associated with the SSH public key.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The unique identifier for the SSH public key.
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: String,
    /// Specifies the public key encoding format to use in the response. To retrieve the public key
    /// in ssh-rsa format, use SSH. To retrieve the public key in PEM format, use PEM.
    #[serde(rename = "Encoding")]
    pub encoding: String,
}

/// The output of GetSSHPublicKey.
///
/// Contains the response to a successful GetSSHPublicKey request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetSSHPublicKeyResponse {
    /// A structure containing details about the SSH public key.
    #[serde(
        rename = "SSHPublicKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ssh_public_key: Option<SSHPublicKey>,
}

/// The input of GetServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServerCertificateRequest {
    /// The name of the server certificate you want to retrieve information about.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
}

/// The output of GetServerCertificate.
///
/// Contains the response to a successful GetServerCertificate request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServerCertificateResponse {
    /// A structure containing details about the server certificate.
    #[serde(rename = "ServerCertificate")]
    pub server_certificate: ServerCertificate,
}

/// The input of GetServiceLastAccessedDetails.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLastAccessedDetailsRequest {
    /// The ID of the request generated by the GenerateServiceLastAccessedDetails operation. The
    /// JobId returned by GenerateServiceLastAccessedDetail must be used by the same role within a
    /// session, or by the same user when used to call GetServiceLastAccessedDetail.
    #[serde(rename = "JobId")]
    pub job_id: String,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The output of GetServiceLastAccessedDetails.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLastAccessedDetailsResponse {
    /// The status of the job.
    #[serde(rename = "JobStatus")]
    pub job_status: String,
    /// The type of job. Service jobs return information about when each service was last accessed.
    /// Action jobs also include information about when tracked actions within the service were last
    /// accessed.
    #[serde(rename = "JobType", default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the report job was created.
    #[serde(rename = "JobCreationDate")]
    pub job_creation_date: String,
    /// A ServiceLastAccessed object that contains details about the most recent attempt to access
    /// the service.
    #[serde(rename = "ServicesLastAccessed")]
    pub services_last_accessed: Vec<ServiceLastAccessed>,
    /// The date and time, in ISO 8601 date-time format, when the generated report job was completed
    /// or failed.
    #[serde(rename = "JobCompletionDate")]
    pub job_completion_date: String,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// An object that contains details about the reason the operation failed.
    #[serde(rename = "Error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetails>,
}

/// The input of GetServiceLastAccessedDetailsWithEntities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLastAccessedDetailsWithEntitiesRequest {
    /// The ID of the request generated by the GenerateServiceLastAccessedDetails operation.
    #[serde(rename = "JobId")]
    pub job_id: String,
    /// The service namespace for an Amazon Web Services service. Provide the service namespace to
    /// learn when the IAM entity last attempted to access the specified service.
    #[serde(rename = "ServiceNamespace")]
    pub service_namespace: String,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The output of GetServiceLastAccessedDetailsWithEntities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLastAccessedDetailsWithEntitiesResponse {
    /// The status of the job.
    #[serde(rename = "JobStatus")]
    pub job_status: String,
    /// The date and time, in ISO 8601 date-time format, when the report job was created.
    #[serde(rename = "JobCreationDate")]
    pub job_creation_date: String,
    /// The date and time, in ISO 8601 date-time format, when the generated report job was completed
    /// or failed.
    #[serde(rename = "JobCompletionDate")]
    pub job_completion_date: String,
    /// An EntityDetailsList object that contains details about when an IAM entity (user or role)
    /// used group or policy permissions in an attempt to access the specified Amazon Web Services
    /// service.
    #[serde(rename = "EntityDetailsList")]
    pub entity_details_list: Vec<EntityDetails>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// An object that contains details about the reason the operation failed.
    #[serde(rename = "Error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetails>,
}

/// The input of GetServiceLinkedRoleDeletionStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLinkedRoleDeletionStatusRequest {
    /// The deletion task identifier. This identifier is returned by the DeleteServiceLinkedRole
    /// operation in the format
    /// task/aws-service-role/&lt;service-principal-name&gt;/&lt;role-name&gt;/&lt;task-uuid&gt;.
    #[serde(rename = "DeletionTaskId")]
    pub deletion_task_id: String,
}

/// The output of GetServiceLinkedRoleDeletionStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetServiceLinkedRoleDeletionStatusResponse {
    /// The status of the deletion.
    #[serde(rename = "Status")]
    pub status: String,
    /// An object that contains details about the reason the deletion failed.
    #[serde(rename = "Reason", default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DeletionTaskFailureReasonType>,
}

/// The input of GetUserPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserPolicyRequest {
    /// The name of the user who the policy is associated with.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The name of the policy document to get.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
}

/// The output of GetUserPolicy.
///
/// Contains the response to a successful GetUserPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserPolicyResponse {
    /// The user the policy is associated with.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The name of the policy.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of GetUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserRequest {
    /// The name of the user to get information about.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The output of GetUser.
///
/// Contains the response to a successful GetUser request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserResponse {
    /// A structure containing details about the IAM user.
    #[serde(rename = "User")]
    pub user: User,
}

/// Contains information about an IAM group entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The path to the group. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path")]
    pub path: String,
    /// The friendly name that identifies the group.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The stable and unique string identifying the group. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "GroupId")]
    pub group_id: String,
    /// The Amazon Resource Name (ARN) specifying the group. For more information about ARNs and how
    /// to use them in policies, see IAM identifiers in the IAM User Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The date and time, in ISO 8601 date-time format, when the group was created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
}

/// Contains information about an IAM group, including all of the group's policies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupDetail {
    /// The path to the group. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The friendly name that identifies the group.
    #[serde(rename = "GroupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The stable and unique string identifying the group. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "GroupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the group was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// A list of the inline policies embedded in the group.
    #[serde(
        rename = "GroupPolicyList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_policy_list: Option<Vec<PolicyDetail>>,
    /// A list of the managed policies attached to the group.
    #[serde(
        rename = "AttachedManagedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_managed_policies: Option<Vec<AttachedPolicy>>,
}

/// Contains information about an instance profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceProfile {
    /// The path to the instance profile. For more information about paths, see IAM identifiers in
    /// the IAM User Guide.
    #[serde(rename = "Path")]
    pub path: String,
    /// The name identifying the instance profile.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// The stable and unique string identifying the instance profile. For more information about
    /// IDs, see IAM identifiers in the IAM User Guide.
    #[serde(rename = "InstanceProfileId")]
    pub instance_profile_id: String,
    /// The Amazon Resource Name (ARN) specifying the instance profile. For more information about
    /// ARNs and how to use them in policies, see IAM identifiers in the IAM User Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The date when the instance profile was created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// The role associated with the instance profile.
    #[serde(rename = "Roles")]
    pub roles: Vec<Role>,
    /// A list of tags that are attached to the instance profile. For more information about
    /// tagging, see Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The input of ListAccessKeys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccessKeysRequest {
    /// The name of the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListAccessKeys.
///
/// Contains the response to a successful ListAccessKeys request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccessKeysResponse {
    /// A list of objects containing metadata about the access keys.
    #[serde(rename = "AccessKeyMetadata")]
    pub access_key_metadata: Vec<AccessKeyMetadata>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListAccountAliases.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountAliasesRequest {
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListAccountAliases.
///
/// Contains the response to a successful ListAccountAliases request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountAliasesResponse {
    /// A list of aliases associated with the account. Amazon Web Services supports only one alias
    /// per account.
    #[serde(rename = "AccountAliases")]
    pub account_aliases: Vec<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListAttachedGroupPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedGroupPoliciesRequest {
    /// The name (friendly name, not ARN) of the group to list attached policies for.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The path prefix for filtering the results. This parameter is optional. If it is not
    /// included, it defaults to a slash (/), listing all policies.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListAttachedGroupPolicies.
///
/// Contains the response to a successful ListAttachedGroupPolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedGroupPoliciesResponse {
    /// A list of the attached policies.
    #[serde(
        rename = "AttachedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListAttachedRolePolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedRolePoliciesRequest {
    /// The name (friendly name, not ARN) of the role to list attached policies for.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The path prefix for filtering the results. This parameter is optional. If it is not
    /// included, it defaults to a slash (/), listing all policies.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListAttachedRolePolicies.
///
/// Contains the response to a successful ListAttachedRolePolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedRolePoliciesResponse {
    /// A list of the attached policies.
    #[serde(
        rename = "AttachedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListAttachedUserPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedUserPoliciesRequest {
    /// The name (friendly name, not ARN) of the user to list attached policies for.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The path prefix for filtering the results. This parameter is optional. If it is not
    /// included, it defaults to a slash (/), listing all policies.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListAttachedUserPolicies.
///
/// Contains the response to a successful ListAttachedUserPolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAttachedUserPoliciesResponse {
    /// A list of the attached policies.
    #[serde(
        rename = "AttachedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListDelegationRequests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegationRequestsRequest {
    /// The owner ID to filter delegation requests by.
    #[serde(rename = "OwnerId", default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListDelegationRequests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegationRequestsResponse {
    /// A list of delegation requests that match the specified criteria.
    #[serde(
        rename = "DelegationRequests",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_requests: Option<Vec<DelegationRequest>>,
    /// When isTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items.
    #[serde(
        rename = "isTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
}

/// The input of ListEntitiesForPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEntitiesForPolicyRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy for which you want the versions.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// The entity type to use for filtering the results.
    #[serde(
        rename = "EntityFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_filter: Option<String>,
    /// The path prefix for filtering the results. This parameter is optional. If it is not
    /// included, it defaults to a slash (/), listing all entities.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// The policy usage method to use for filtering the results.
    #[serde(
        rename = "PolicyUsageFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_usage_filter: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListEntitiesForPolicy.
///
/// Contains the response to a successful ListEntitiesForPolicy request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEntitiesForPolicyResponse {
    /// A list of IAM groups that the policy is attached to.
    #[serde(
        rename = "PolicyGroups",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_groups: Option<Vec<PolicyGroup>>,
    /// A list of IAM users that the policy is attached to.
    #[serde(
        rename = "PolicyUsers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_users: Option<Vec<PolicyUser>>,
    /// A list of IAM roles that the policy is attached to.
    #[serde(
        rename = "PolicyRoles",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_roles: Option<Vec<PolicyRole>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListGroupPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupPoliciesRequest {
    /// The name of the group to list policies for.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListGroupPolicies.
///
/// Contains the response to a successful ListGroupPolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupPoliciesResponse {
    /// A list of policy names.
    #[serde(rename = "PolicyNames")]
    pub policy_names: Vec<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListGroupsForUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsForUserRequest {
    /// The name of the user to list groups for.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListGroupsForUser.
///
/// Contains the response to a successful ListGroupsForUser request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsForUserResponse {
    /// A list of groups.
    #[serde(rename = "Groups")]
    pub groups: Vec<Group>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListGroups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsRequest {
    /// The path prefix for filtering the results. For example, the prefix
    /// /division_abc/subdivision_xyz/ gets all groups whose path starts with
    /// /division_abc/subdivision_xyz/.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListGroups.
///
/// Contains the response to a successful ListGroups request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsResponse {
    /// A list of groups.
    #[serde(rename = "Groups")]
    pub groups: Vec<Group>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListInstanceProfileTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfileTagsRequest {
    /// The name of the IAM instance profile whose tags you want to see.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListInstanceProfileTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfileTagsResponse {
    /// The list of tags that are currently attached to the IAM instance profile. Each tag consists
    /// of a key name and an associated value. If no tags are attached to the specified resource,
    /// the response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListInstanceProfilesForRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfilesForRoleRequest {
    /// The name of the role to list instance profiles for.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListInstanceProfilesForRole.
///
/// Contains the response to a successful ListInstanceProfilesForRole request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfilesForRoleResponse {
    /// A list of instance profiles.
    #[serde(rename = "InstanceProfiles")]
    pub instance_profiles: Vec<InstanceProfile>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListInstanceProfiles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfilesRequest {
    /// The path prefix for filtering the results. For example, the prefix
    /// /application_abc/component_xyz/ gets all instance profiles whose path starts with
    /// /application_abc/component_xyz/.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListInstanceProfiles.
///
/// Contains the response to a successful ListInstanceProfiles request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInstanceProfilesResponse {
    /// A list of instance profiles.
    #[serde(rename = "InstanceProfiles")]
    pub instance_profiles: Vec<InstanceProfile>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListMFADeviceTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMFADeviceTagsRequest {
    /// The unique identifier for the IAM virtual MFA device whose tags you want to see. For virtual
    /// MFA devices, the serial number is the same as the ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListMFADeviceTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMFADeviceTagsResponse {
    /// The list of tags that are currently attached to the virtual MFA device. Each tag consists of
    /// a key name and an associated value. If no tags are attached to the specified resource, the
    /// response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListMFADevices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMFADevicesRequest {
    /// The name of the user whose MFA devices you want to list.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListMFADevices.
///
/// Contains the response to a successful ListMFADevices request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMFADevicesResponse {
    /// A list of MFA devices.
    #[serde(rename = "MFADevices")]
    pub mfa_devices: Vec<MFADevice>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListOpenIDConnectProviderTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOpenIDConnectProviderTagsRequest {
    /// The ARN of the OpenID Connect (OIDC) identity provider whose tags you want to see.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListOpenIDConnectProviderTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOpenIDConnectProviderTagsResponse {
    /// The list of tags that are currently attached to the OpenID Connect (OIDC) identity provider.
    /// Each tag consists of a key name and an associated value. If no tags are attached to the
    /// specified resource, the response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListOpenIDConnectProviders.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOpenIDConnectProvidersRequest {}

/// The output of ListOpenIDConnectProviders.
///
/// Contains the response to a successful ListOpenIDConnectProviders request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOpenIDConnectProvidersResponse {
    /// The list of IAM OIDC provider resource objects defined in the Amazon Web Services account.
    #[serde(
        rename = "OpenIDConnectProviderList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_id_connect_provider_list: Option<Vec<OpenIDConnectProviderListEntry>>,
}

/// The input of ListOrganizationsFeatures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOrganizationsFeaturesRequest {}

/// The output of ListOrganizationsFeatures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOrganizationsFeaturesResponse {
    /// The unique identifier (ID) of an organization.
    #[serde(
        rename = "OrganizationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization_id: Option<String>,
    /// Specifies the features that are currently available in your organization.
    #[serde(
        rename = "EnabledFeatures",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_features: Option<Vec<String>>,
}

/// Contains details about the permissions policies that are attached to the specified identity
/// (user, group, or role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesGrantingServiceAccessEntry {
    /// The namespace of the service that was accessed.
    #[serde(
        rename = "ServiceNamespace",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_namespace: Option<String>,
    /// The PoliciesGrantingServiceAccess object that contains details about the policy.
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<PolicyGrantingServiceAccess>>,
}

/// The input of ListPoliciesGrantingServiceAccess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesGrantingServiceAccessRequest {
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// The ARN of the IAM identity (user, group, or role) whose policies you want to list.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The service namespace for the Amazon Web Services services whose policies you want to list.
    #[serde(rename = "ServiceNamespaces")]
    pub service_namespaces: Vec<String>,
}

/// The output of ListPoliciesGrantingServiceAccess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesGrantingServiceAccessResponse {
    /// A ListPoliciesGrantingServiceAccess object that contains details about the permissions
    /// policies attached to the specified identity (user, group, or role).
    #[serde(rename = "PoliciesGrantingServiceAccess")]
    pub policies_granting_service_access: Vec<ListPoliciesGrantingServiceAccessEntry>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. We recommend that you check IsTruncated after every call to ensure
    /// that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesRequest {
    /// The scope to use for filtering the results.
    #[serde(rename = "Scope", default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// A flag to filter the results to only the attached policies.
    #[serde(
        rename = "OnlyAttached",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub only_attached: Option<bool>,
    /// The path prefix for filtering the results. This parameter is optional. If it is not
    /// included, it defaults to a slash (/), listing all policies. This parameter allows (through
    /// its regex pattern) a string of characters consisting of either a forward slash (/) by itself
    /// or a string that must begin and end with forward slashes. In addition, it can contain any
    /// ASCII character from the ! (\u0021) through the DEL character (\u007F), including most
    /// punctuation characters, digits, and upper and lowercased letters.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// The policy usage method to use for filtering the results.
    #[serde(
        rename = "PolicyUsageFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_usage_filter: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListPolicies.
///
/// Contains the response to a successful ListPolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesResponse {
    /// A list of policies.
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<Policy>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListPolicyTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPolicyTagsRequest {
    /// The ARN of the IAM customer managed policy whose tags you want to see.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListPolicyTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPolicyTagsResponse {
    /// The list of tags that are currently attached to the IAM customer managed policy. Each tag
    /// consists of a key name and an associated value. If no tags are attached to the specified
    /// resource, the response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListPolicyVersions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPolicyVersionsRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy for which you want the versions.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListPolicyVersions.
///
/// Contains the response to a successful ListPolicyVersions request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPolicyVersionsResponse {
    /// A list of policy versions.
    #[serde(rename = "Versions", default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<PolicyVersion>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListRolePolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRolePoliciesRequest {
    /// The name of the role to list policies for.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListRolePolicies.
///
/// Contains the response to a successful ListRolePolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRolePoliciesResponse {
    /// A list of policy names.
    #[serde(rename = "PolicyNames")]
    pub policy_names: Vec<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListRoleTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRoleTagsRequest {
    /// The name of the IAM role for which you want to see the list of tags.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListRoleTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRoleTagsResponse {
    /// The list of tags that are currently attached to the role. Each tag consists of a key name
    /// and an associated value. If no tags are attached to the specified resource, the response
    /// contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListRoles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRolesRequest {
    /// The path prefix for filtering the results. For example, the prefix
    /// /application_abc/component_xyz/ gets all roles whose path starts with
    /// /application_abc/component_xyz/.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListRoles.
///
/// Contains the response to a successful ListRoles request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRolesResponse {
    /// A list of roles.
    #[serde(rename = "Roles")]
    pub roles: Vec<Role>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListSAMLProviderTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSAMLProviderTagsRequest {
    /// The ARN of the Security Assertion Markup Language (SAML) identity provider whose tags you
    /// want to see.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListSAMLProviderTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSAMLProviderTagsResponse {
    /// The list of tags that are currently attached to the Security Assertion Markup Language
    /// (SAML) identity provider. Each tag consists of a key name and an associated value. If no
    /// tags are attached to the specified resource, the response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListSAMLProviders.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSAMLProvidersRequest {}

/// The output of ListSAMLProviders.
///
/// Contains the response to a successful ListSAMLProviders request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSAMLProvidersResponse {
    /// The list of SAML provider resource objects defined in IAM for this Amazon Web Services
    /// account.
    #[serde(
        rename = "SAMLProviderList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_provider_list: Option<Vec<SAMLProviderListEntry>>,
}

/// The input of ListSSHPublicKeys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSSHPublicKeysRequest {
    /// The name of the IAM user to list SSH public keys for. If none is specified, the UserName
    /// field is determined implicitly based on the Amazon Web Services access key used to sign the
    /// request.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListSSHPublicKeys.
///
/// Contains the response to a successful ListSSHPublicKeys request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSSHPublicKeysResponse {
    /// A list of the SSH public keys assigned to IAM user.
    #[serde(
        rename = "SSHPublicKeys",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ssh_public_keys: Option<Vec<SSHPublicKeyMetadata>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListServerCertificateTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServerCertificateTagsRequest {
    /// The name of the IAM server certificate whose tags you want to see.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListServerCertificateTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServerCertificateTagsResponse {
    /// The list of tags that are currently attached to the IAM server certificate. Each tag
    /// consists of a key name and an associated value. If no tags are attached to the specified
    /// resource, the response contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListServerCertificates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServerCertificatesRequest {
    /// The path prefix for filtering the results. For example: /company/servercerts would get all
    /// server certificates for which the path starts with /company/servercerts.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListServerCertificates.
///
/// Contains the response to a successful ListServerCertificates request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServerCertificatesResponse {
    /// A list of server certificates.
    #[serde(rename = "ServerCertificateMetadataList")]
    pub server_certificate_metadata_list: Vec<ServerCertificateMetadata>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListServiceSpecificCredentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServiceSpecificCredentialsRequest {
    /// The name of the user whose service-specific credentials you want information about. If this
    /// value is not specified, then the operation assumes the user whose credentials are used to
    /// call the operation.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Filters the returned results to only those for the specified Amazon Web Services service. If
    /// not specified, then Amazon Web Services returns service-specific credentials for all
    /// services.
    #[serde(
        rename = "ServiceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_name: Option<String>,
    /// A flag indicating whether to list service specific credentials for all users. This parameter
    /// cannot be specified together with UserName. When true, returns all credentials associated
    /// with the specified service.
    #[serde(rename = "AllUsers", default, skip_serializing_if = "Option::is_none")]
    pub all_users: Option<bool>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker from the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListServiceSpecificCredentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListServiceSpecificCredentialsResponse {
    /// A list of structures that each contain details about a service-specific credential.
    #[serde(
        rename = "ServiceSpecificCredentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_specific_credentials: Option<Vec<ServiceSpecificCredentialMetadata>>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
}

/// The input of ListSigningCertificates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSigningCertificatesRequest {
    /// The name of the IAM user whose signing certificates you want to examine.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListSigningCertificates.
///
/// Contains the response to a successful ListSigningCertificates request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSigningCertificatesResponse {
    /// A list of the user's signing certificate information.
    #[serde(rename = "Certificates")]
    pub certificates: Vec<SigningCertificate>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListUserPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUserPoliciesRequest {
    /// The name of the user to list policies for.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListUserPolicies.
///
/// Contains the response to a successful ListUserPolicies request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUserPoliciesResponse {
    /// A list of policy names.
    #[serde(rename = "PolicyNames")]
    pub policy_names: Vec<String>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListUserTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUserTagsRequest {
    /// The name of the IAM user whose tags you want to see.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListUserTags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUserTagsResponse {
    /// The list of tags that are currently attached to the user. Each tag consists of a key name
    /// and an associated value. If no tags are attached to the specified resource, the response
    /// contains an empty list.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListUsers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUsersRequest {
    /// The path prefix for filtering the results. For example: /division_abc/subdivision_xyz/,
    /// which would get all user names whose path starts with /division_abc/subdivision_xyz/.
    #[serde(
        rename = "PathPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_prefix: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListUsers.
///
/// Contains the response to a successful ListUsers request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUsersResponse {
    /// A list of users.
    #[serde(rename = "Users")]
    pub users: Vec<User>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of ListVirtualMFADevices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListVirtualMFADevicesRequest {
    /// The status (Unassigned or Assigned) of the devices to list. If you do not specify an
    /// AssignmentStatus, the operation defaults to Any, which lists both assigned and unassigned
    /// virtual MFA devices.,
    #[serde(
        rename = "AssignmentStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assignment_status: Option<String>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
}

/// The output of ListVirtualMFADevices.
///
/// Contains the response to a successful ListVirtualMFADevices request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListVirtualMFADevicesResponse {
    /// The list of virtual MFA devices in the current account that match the AssignmentStatus value
    /// that was passed in the request.
    #[serde(rename = "VirtualMFADevices")]
    pub virtual_mfa_devices: Vec<VirtualMFADevice>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// Contains the user name and password create date for a user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginProfile {
    /// The name of the user, which can be used for signing in to the Amazon Web Services Management
    /// Console.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The date when the password for the user was created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// Specifies whether the user is required to set a new password on next sign-in.
    #[serde(
        rename = "PasswordResetRequired",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_reset_required: Option<bool>,
}

/// Contains information about an MFA device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MFADevice {
    /// The user with whom the MFA device is associated.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The serial number that uniquely identifies the MFA device. For virtual MFA devices, the
    /// serial number is the device ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// The date when the MFA device was enabled for the user.
    #[serde(rename = "EnableDate")]
    pub enable_date: String,
}

/// Contains information about a managed policy, including the policy's ARN, versions, and the
/// number of principal entities (users, groups, and roles) that the policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicyDetail {
    /// The friendly name (not ARN) identifying the policy.
    #[serde(
        rename = "PolicyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    /// The stable and unique string identifying the policy.
    #[serde(rename = "PolicyId", default, skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The path to the policy.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The identifier for the version of the policy that is set as the default (operative) version.
    #[serde(
        rename = "DefaultVersionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_version_id: Option<String>,
    /// The number of principal entities (users, groups, and roles) that the policy is attached to.
    #[serde(
        rename = "AttachmentCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attachment_count: Option<i32>,
    /// The number of entities (users and roles) for which the policy is used as the permissions
    /// boundary.
    #[serde(
        rename = "PermissionsBoundaryUsageCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_usage_count: Option<i32>,
    /// Specifies whether the policy can be attached to an IAM user, group, or role.
    #[serde(
        rename = "IsAttachable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_attachable: Option<bool>,
    /// A friendly description of the policy.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the policy was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the policy was last updated.
    #[serde(
        rename = "UpdateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_date: Option<String>,
    /// A list containing information about the versions of the policy.
    #[serde(
        rename = "PolicyVersionList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_version_list: Option<Vec<PolicyVersion>>,
}

/// Contains the Amazon Resource Name (ARN) for an IAM OpenID Connect provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OpenIDConnectProviderListEntry {
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// Contains information about the effect that Organizations has on a policy simulation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsDecisionDetail {
    /// Specifies whether the simulated operation is allowed by the Organizations service control
    /// policies that impact the simulated user's account.
    #[serde(
        rename = "AllowedByOrganizations",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_by_organizations: Option<bool>,
}

/// Contains information about the account password policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// Minimum length to require for IAM user passwords.
    #[serde(
        rename = "MinimumPasswordLength",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_password_length: Option<i32>,
    /// Specifies whether IAM user passwords must contain at least one of the following symbols:
    #[serde(
        rename = "RequireSymbols",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_symbols: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one numeric character (0 to 9).
    #[serde(
        rename = "RequireNumbers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_numbers: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one uppercase character (A to Z).
    #[serde(
        rename = "RequireUppercaseCharacters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_uppercase_characters: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one lowercase character (a to z).
    #[serde(
        rename = "RequireLowercaseCharacters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_lowercase_characters: Option<bool>,
    /// Specifies whether IAM users are allowed to change their own password. Gives IAM users
    /// permissions to iam:ChangePassword for only their user and to the
    /// iam:GetAccountPasswordPolicy action. This option does not attach a permissions policy to
    /// each user, rather the permissions are applied at the account-level for all users by IAM.
    #[serde(
        rename = "AllowUsersToChangePassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_users_to_change_password: Option<bool>,
    /// Indicates whether passwords in the account expire. Returns true if MaxPasswordAge contains a
    /// value greater than 0. Returns false if MaxPasswordAge is 0 or not present.
    #[serde(
        rename = "ExpirePasswords",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expire_passwords: Option<bool>,
    /// The number of days that an IAM user password is valid.
    #[serde(
        rename = "MaxPasswordAge",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_password_age: Option<i32>,
    /// Specifies the number of previous passwords that IAM users are prevented from reusing.
    #[serde(
        rename = "PasswordReusePrevention",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_reuse_prevention: Option<i32>,
    /// Specifies whether IAM users are prevented from setting a new password via the Amazon Web
    /// Services Management Console after their password has expired. The IAM user cannot access the
    /// console until an administrator resets the password. IAM users with iam:ChangePassword
    /// permission and active access keys can reset their own expired console password using the CLI
    /// or API.
    #[serde(
        rename = "HardExpiry",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub hard_expiry: Option<bool>,
}

/// Contains information about the effect that a permissions boundary has on a policy simulation
/// when the boundary is applied to an IAM entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PermissionsBoundaryDecisionDetail {
    /// Specifies whether an action is allowed by a permissions boundary that is applied to an IAM
    /// entity (user or role). A value of true means that the permissions boundary does not deny the
    /// action. This means that the policy includes an Allow statement that matches the request. In
    /// this case, if an identity-based policy also allows the action, the request is allowed. A
    /// value of false means that either the requested action is not allowed (implicitly denied) or
    /// that the action is explicitly denied by the permissions boundary. In both of these cases,
    /// the action is not allowed, regardless of the identity-based policy.
    #[serde(
        rename = "AllowedByPermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_by_permissions_boundary: Option<bool>,
}

/// Contains information about a managed policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// The friendly name (not ARN) identifying the policy.
    #[serde(
        rename = "PolicyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    /// The stable and unique string identifying the policy.
    #[serde(rename = "PolicyId", default, skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The path to the policy.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The identifier for the version of the policy that is set as the default version.
    #[serde(
        rename = "DefaultVersionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_version_id: Option<String>,
    /// The number of entities (users, groups, and roles) that the policy is attached to.
    #[serde(
        rename = "AttachmentCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attachment_count: Option<i32>,
    /// The number of entities (users and roles) for which the policy is used to set the permissions
    /// boundary.
    #[serde(
        rename = "PermissionsBoundaryUsageCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_usage_count: Option<i32>,
    /// Specifies whether the policy can be attached to an IAM user, group, or role.
    #[serde(
        rename = "IsAttachable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_attachable: Option<bool>,
    /// A friendly description of the policy.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the policy was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the policy was last updated.
    #[serde(
        rename = "UpdateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_date: Option<String>,
    /// A list of tags that are attached to the instance profile. For more information about
    /// tagging, see Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// Contains information about an IAM policy, including the policy document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyDetail {
    /// The name of the policy.
    #[serde(
        rename = "PolicyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    /// The policy document.
    #[serde(
        rename = "PolicyDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_document: Option<String>,
}

/// Contains details about the permissions policies that are attached to the specified identity
/// (user, group, or role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyGrantingServiceAccess {
    /// The policy name.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy type. For more information about these policy types, see Managed policies and
    /// inline policies in the IAM User Guide.
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
    #[serde(rename = "PolicyArn", default, skip_serializing_if = "Option::is_none")]
    pub policy_arn: Option<String>,
    /// The type of entity (user or role) that used the policy to access the service to which the
    /// inline policy is attached.
    #[serde(
        rename = "EntityType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_type: Option<String>,
    /// The name of the entity (user or role) to which the inline policy is attached.
    #[serde(
        rename = "EntityName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_name: Option<String>,
}

/// Contains information about a group that a managed policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyGroup {
    /// The name (friendly name, not ARN) identifying the group.
    #[serde(rename = "GroupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The stable and unique string identifying the group. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "GroupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
}

/// Contains information about a policy parameter used to customize delegated permissions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyParameter {
    /// The name of the policy parameter.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The allowed values for the policy parameter.
    #[serde(rename = "Values", default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The data type of the policy parameter value.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// Contains information about a role that a managed policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyRole {
    /// The name (friendly name, not ARN) identifying the role.
    #[serde(rename = "RoleName", default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The stable and unique string identifying the role. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "RoleId", default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
}

/// Contains information about a user that a managed policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyUser {
    /// The name (friendly name, not ARN) identifying the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The stable and unique string identifying the user. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "UserId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// Contains information about a version of a managed policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyVersion {
    /// The policy document.
    #[serde(rename = "Document", default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The identifier for the policy version.
    #[serde(rename = "VersionId", default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// Specifies whether the policy version is set as the policy's default version.
    #[serde(
        rename = "IsDefaultVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_default_version: Option<bool>,
    /// The date and time, in ISO 8601 date-time format, when the policy version was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
}

/// Contains the row and column of a location of a Statement element in a policy document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The line containing the specified position in the document.
    #[serde(rename = "Line", default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i32>,
    /// The column in the line containing the specified position in the document.
    #[serde(rename = "Column", default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i32>,
}

/// The input of PutGroupPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutGroupPolicyRequest {
    /// The name of the group to associate the policy with.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name of the policy document.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of PutRolePermissionsBoundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutRolePermissionsBoundaryRequest {
    /// The name (friendly name, not ARN) of the IAM role for which you want to set the permissions
    /// boundary.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The ARN of the managed policy that is used to set the permissions boundary for the role.
    #[serde(rename = "PermissionsBoundary")]
    pub permissions_boundary: String,
}

/// The input of PutRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutRolePolicyRequest {
    /// The name of the role to associate the policy with.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The name of the policy document.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of PutUserPermissionsBoundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutUserPermissionsBoundaryRequest {
    /// The name (friendly name, not ARN) of the IAM user for which you want to set the permissions
    /// boundary.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The ARN of the managed policy that is used to set the permissions boundary for the user.
    #[serde(rename = "PermissionsBoundary")]
    pub permissions_boundary: String,
}

/// The input of PutUserPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutUserPolicyRequest {
    /// The name of the user to associate the policy with.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The name of the policy document.
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    /// The policy document.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of RejectDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RejectDelegationRequestRequest {
    /// The unique identifier of the delegation request to reject.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
    /// Optional notes explaining the reason for rejecting the delegation request.
    #[serde(rename = "Notes", default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The input of RemoveClientIDFromOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoveClientIDFromOpenIDConnectProviderRequest {
    /// The Amazon Resource Name (ARN) of the IAM OIDC provider resource to remove the client ID
    /// from. You can get a list of OIDC provider ARNs by using the ListOpenIDConnectProviders
    /// operation.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// The client ID (also known as audience) to remove from the IAM OIDC provider resource. For
    /// more information about client IDs, see CreateOpenIDConnectProvider.
    #[serde(rename = "ClientID")]
    pub client_id: String,
}

/// The input of RemoveRoleFromInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoveRoleFromInstanceProfileRequest {
    /// The name of the instance profile to update.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// The name of the role to remove.
    #[serde(rename = "RoleName")]
    pub role_name: String,
}

/// The input of RemoveUserFromGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoveUserFromGroupRequest {
    /// The name of the group to update.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The name of the user to remove.
    #[serde(rename = "UserName")]
    pub user_name: String,
}

/// The input of ResetServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResetServiceSpecificCredentialRequest {
    /// The name of the IAM user associated with the service-specific credential. If this value is
    /// not specified, then the operation assumes the user whose credentials are used to call the
    /// operation.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The unique identifier of the service-specific credential.
    #[serde(rename = "ServiceSpecificCredentialId")]
    pub service_specific_credential_id: String,
}

/// The output of ResetServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResetServiceSpecificCredentialResponse {
    /// A structure with details about the updated service-specific credential, including the new
    /// password.
    #[serde(
        rename = "ServiceSpecificCredential",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_specific_credential: Option<ServiceSpecificCredential>,
}

/// Contains the result of the simulation of a single API operation call on a single resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceSpecificResult {
    /// The name of the simulated resource, in Amazon Resource Name (ARN) format.
    #[serde(rename = "EvalResourceName")]
    pub eval_resource_name: String,
    /// The result of the simulation of the simulated API operation on the resource specified in
    /// EvalResourceName.
    #[serde(rename = "EvalResourceDecision")]
    pub eval_resource_decision: String,
    /// A list of the statements in the input policies that determine the result for this part of
    /// the simulation. Remember that even if multiple statements allow the operation on the
    /// resource, if any statement denies that operation, then the explicit deny overrides any
    /// allow. In addition, the deny statement is the only entry included in the result.
    #[serde(
        rename = "MatchedStatements",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub matched_statements: Option<Vec<Statement>>,
    /// A list of context keys that are required by the included input policies but that were not
    /// provided by one of the input parameters. This list is used when a list of ARNs is included
    /// in the ResourceArns parameter instead of "*". If you do not specify individual resources, by
    /// setting ResourceArns to "*" or by not including the ResourceArns parameter, then any missing
    /// context values are instead included under the EvaluationResults section. To discover the
    /// context keys used by a set of policies, you can call GetContextKeysForCustomPolicy or
    /// GetContextKeysForPrincipalPolicy.
    #[serde(
        rename = "MissingContextValues",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub missing_context_values: Option<Vec<String>>,
    /// Additional details about the results of the evaluation decision on a single resource. This
    /// parameter is returned only for cross-account simulations. This parameter explains how each
    /// policy type contributes to the resource-specific evaluation decision.
    #[serde(
        rename = "EvalDecisionDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub eval_decision_details: Option<BTreeMap<String, String>>,
    /// Contains information about the effect that a permissions boundary has on a policy simulation
    /// when that boundary is applied to an IAM entity.
    #[serde(
        rename = "PermissionsBoundaryDecisionDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
}

/// The input of ResyncMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResyncMFADeviceRequest {
    /// The name of the user whose MFA device you want to resynchronize.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// Serial number that uniquely identifies the MFA device.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// An authentication code emitted by the device.
    #[serde(rename = "AuthenticationCode1")]
    pub authentication_code1: String,
    /// A subsequent authentication code emitted by the device.
    #[serde(rename = "AuthenticationCode2")]
    pub authentication_code2: String,
}

/// Contains information about an IAM role. This structure is returned as a response element in
/// several API operations that interact with roles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The path to the role. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path")]
    pub path: String,
    /// The friendly name that identifies the role.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The stable and unique string identifying the role. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "RoleId")]
    pub role_id: String,
    /// The Amazon Resource Name (ARN) specifying the role. For more information about ARNs and how
    /// to use them in policies, see IAM identifiers in the IAM User Guide guide.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The date and time, in ISO 8601 date-time format, when the role was created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// The policy that grants an entity permission to assume the role.
    #[serde(
        rename = "AssumeRolePolicyDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assume_role_policy_document: Option<String>,
    /// A description of the role that you provide.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The maximum session duration (in seconds) for the specified role. Anyone who uses the CLI,
    /// or API to assume the role can specify the duration using the optional DurationSeconds API
    /// parameter or duration-seconds CLI parameter.
    #[serde(
        rename = "MaxSessionDuration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_session_duration: Option<i32>,
    /// The ARN of the policy used to set the permissions boundary for the role.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<AttachedPermissionsBoundary>,
    /// A list of tags that are attached to the role. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Contains information about the last time that an IAM role was used. This includes the date
    /// and time and the Region in which the role was last used. Activity is only reported for the
    /// trailing 400 days. This period can be shorter if your Region began supporting these features
    /// within the last year. The role might have been used more than 400 days ago. For more
    /// information, see Regions where data is tracked in the IAM user Guide.
    #[serde(
        rename = "RoleLastUsed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_last_used: Option<RoleLastUsed>,
}

/// Contains information about an IAM role, including all of the role's policies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleDetail {
    /// The path to the role. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The friendly name that identifies the role.
    #[serde(rename = "RoleName", default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The stable and unique string identifying the role. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "RoleId", default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the role was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// The trust policy that grants permission to assume the role.
    #[serde(
        rename = "AssumeRolePolicyDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assume_role_policy_document: Option<String>,
    /// A list of instance profiles that contain this role.
    #[serde(
        rename = "InstanceProfileList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_profile_list: Option<Vec<InstanceProfile>>,
    /// A list of inline policies embedded in the role. These policies are the role's access
    /// (permissions) policies.
    #[serde(
        rename = "RolePolicyList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_policy_list: Option<Vec<PolicyDetail>>,
    /// A list of managed policies attached to the role. These policies are the role's access
    /// (permissions) policies.
    #[serde(
        rename = "AttachedManagedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_managed_policies: Option<Vec<AttachedPolicy>>,
    /// The ARN of the policy used to set the permissions boundary for the role.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<AttachedPermissionsBoundary>,
    /// A list of tags that are attached to the role. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Contains information about the last time that an IAM role was used. This includes the date
    /// and time and the Region in which the role was last used. Activity is only reported for the
    /// trailing 400 days. This period can be shorter if your Region began supporting these features
    /// within the last year. The role might have been used more than 400 days ago. For more
    /// information, see Regions where data is tracked in the IAM User Guide.
    #[serde(
        rename = "RoleLastUsed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub role_last_used: Option<RoleLastUsed>,
}

/// Contains information about the last time that an IAM role was used. This includes the date
/// and time and the Region in which the role was last used. Activity is only reported for the
/// trailing 400 days. This period can be shorter if your Region began supporting these features
/// within the last year. The role might have been used more than 400 days ago. For more
/// information, see Regions where data is tracked in the IAM user Guide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleLastUsed {
    /// The date and time, in ISO 8601 date-time format that the role was last used.
    #[serde(
        rename = "LastUsedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_used_date: Option<String>,
    /// The name of the Amazon Web Services Region in which the role was last used.
    #[serde(rename = "Region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An object that contains details about how a service-linked role is used, if that information
/// is returned by the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleUsageType {
    /// The name of the Region where the service-linked role is being used.
    #[serde(rename = "Region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The name of the resource that is using the service-linked role.
    #[serde(rename = "Resources", default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
}

/// Contains the private keys for the SAML provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SAMLPrivateKey {
    /// The unique identifier for the SAML private key.
    #[serde(rename = "KeyId", default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the private key was uploaded.
    #[serde(rename = "Timestamp", default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// Contains the list of SAML providers for this account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SAMLProviderListEntry {
    /// The Amazon Resource Name (ARN) of the SAML provider.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The expiration date and time for the SAML provider.
    #[serde(
        rename = "ValidUntil",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<String>,
    /// The date and time when the SAML provider was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
}

/// Contains information about an SSH public key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SSHPublicKey {
    /// The name of the IAM user associated with the SSH public key.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The unique identifier for the SSH public key.
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: String,
    /// The MD5 message digest of the SSH public key.
    #[serde(rename = "Fingerprint")]
    pub fingerprint: String,
    /// The SSH public key.
    #[serde(rename = "SSHPublicKeyBody")]
    pub ssh_public_key_body: String,
    /// The status of the SSH public key. Active means that the key can be used for authentication
    /// with an CodeCommit repository. Inactive means that the key cannot be used.
    #[serde(rename = "Status")]
    pub status: String,
    /// The date and time, in ISO 8601 date-time format, when the SSH public key was uploaded.
    #[serde(
        rename = "UploadDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub upload_date: Option<String>,
}

/// Contains information about an SSH public key, without the key's body or fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SSHPublicKeyMetadata {
    /// The name of the IAM user associated with the SSH public key.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The unique identifier for the SSH public key.
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: String,
    /// The status of the SSH public key. Active means that the key can be used for authentication
    /// with an CodeCommit repository. Inactive means that the key cannot be used.
    #[serde(rename = "Status")]
    pub status: String,
    /// The date and time, in ISO 8601 date-time format, when the SSH public key was uploaded.
    #[serde(rename = "UploadDate")]
    pub upload_date: String,
}

/// The input of SendDelegationToken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SendDelegationTokenRequest {
    /// The unique identifier of the delegation request for which to send the token.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
}

/// Contains information about a server certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerCertificate {
    /// The meta information of the server certificate, such as its name, path, ID, and ARN.
    #[serde(rename = "ServerCertificateMetadata")]
    pub server_certificate_metadata: ServerCertificateMetadata,
    /// The contents of the public key certificate.
    #[serde(rename = "CertificateBody")]
    pub certificate_body: String,
    /// The contents of the public key certificate chain.
    #[serde(
        rename = "CertificateChain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_chain: Option<String>,
    /// A list of tags that are attached to the server certificate. For more information about
    /// tagging, see Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// Contains information about a server certificate without its certificate body, certificate
/// chain, and private key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerCertificateMetadata {
    /// The path to the server certificate. For more information about paths, see IAM identifiers in
    /// the IAM User Guide.
    #[serde(rename = "Path")]
    pub path: String,
    /// The name that identifies the server certificate.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// The stable and unique string identifying the server certificate. For more information about
    /// IDs, see IAM identifiers in the IAM User Guide.
    #[serde(rename = "ServerCertificateId")]
    pub server_certificate_id: String,
    /// The Amazon Resource Name (ARN) specifying the server certificate. For more information about
    /// ARNs and how to use them in policies, see IAM identifiers in the IAM User Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The date when the server certificate was uploaded.
    #[serde(
        rename = "UploadDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub upload_date: Option<String>,
    /// The date on which the certificate is set to expire.
    #[serde(
        rename = "Expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
}

/// Contains details about the most recent attempt to access the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceLastAccessed {
    /// The name of the service in which access was attempted.
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// The date and time, in ISO 8601 date-time format, when an authenticated entity most recently
    /// attempted to access the service. Amazon Web Services does not report unauthenticated
    /// requests.
    #[serde(
        rename = "LastAuthenticated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated: Option<String>,
    /// The namespace of the service in which access was attempted.
    #[serde(rename = "ServiceNamespace")]
    pub service_namespace: String,
    /// The ARN of the authenticated entity (user or role) that last attempted to access the
    /// service. Amazon Web Services does not report unauthenticated requests.
    #[serde(
        rename = "LastAuthenticatedEntity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated_entity: Option<String>,
    /// The Region from which the authenticated entity (user or role) last attempted to access the
    /// service. Amazon Web Services does not report unauthenticated requests.
    #[serde(
        rename = "LastAuthenticatedRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated_region: Option<String>,
    /// The total number of authenticated principals (root user, IAM users, or IAM roles) that have
    /// attempted to access the service.
    #[serde(
        rename = "TotalAuthenticatedEntities",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_authenticated_entities: Option<i32>,
    /// An object that contains details about the most recent attempt to access a tracked action
    /// within the service.
    #[serde(
        rename = "TrackedActionsLastAccessed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracked_actions_last_accessed: Option<Vec<TrackedActionLastAccessed>>,
}

/// Contains the details of a service-specific credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceSpecificCredential {
    /// The date and time, in ISO 8601 date-time format, when the service-specific credential were
    /// created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// The date and time when the service specific credential expires. This field is only present
    /// for Bedrock API keys and CloudWatch Logs API keys that were created with an expiration
    /// period.
    #[serde(
        rename = "ExpirationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<String>,
    /// The name of the service associated with the service-specific credential.
    #[serde(rename = "ServiceName")]
    pub service_name: String,
    /// The generated user name for the service-specific credential. This value is generated by
    /// combining the IAM user's name combined with the ID number of the Amazon Web Services
    /// account, as in jane-at-123456789012, for example. This value cannot be configured by the
    /// user.
    #[serde(
        rename = "ServiceUserName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_user_name: Option<String>,
    /// The generated password for the service-specific credential.
    #[serde(
        rename = "ServicePassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_password: Option<String>,
    /// For Bedrock API keys and CloudWatch Logs API keys, this is the public portion of the
    /// credential that includes the IAM user name and a suffix containing version and creation
    /// information.
    #[serde(
        rename = "ServiceCredentialAlias",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_credential_alias: Option<String>,
    /// For Bedrock API keys and CloudWatch Logs API keys, this is the secret portion of the
    /// credential that should be used to authenticate API calls. This value is returned only when
    /// the credential is created.
    #[serde(
        rename = "ServiceCredentialSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_credential_secret: Option<String>,
    /// The unique identifier for the service-specific credential.
    #[serde(rename = "ServiceSpecificCredentialId")]
    pub service_specific_credential_id: String,
    /// The name of the IAM user associated with the service-specific credential.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The status of the service-specific credential. Active means that the key is valid for API
    /// calls, while Inactive means it is not.
    #[serde(rename = "Status")]
    pub status: String,
}

/// Contains additional details about a service-specific credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceSpecificCredentialMetadata {
    /// The name of the IAM user associated with the service-specific credential.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The status of the service-specific credential. Active means that the key is valid for API
    /// calls, while Inactive means it is not.
    #[serde(rename = "Status")]
    pub status: String,
    /// The generated user name for the service-specific credential.
    #[serde(
        rename = "ServiceUserName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_user_name: Option<String>,
    /// For Bedrock API keys and CloudWatch Logs API keys, this is the public portion of the
    /// credential that includes the IAM user name and a suffix containing version and creation
    /// information.
    #[serde(
        rename = "ServiceCredentialAlias",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_credential_alias: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the service-specific credential were
    /// created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// The date and time when the service specific credential expires. This field is only present
    /// for Bedrock API keys and CloudWatch Logs API keys that were created with an expiration
    /// period.
    #[serde(
        rename = "ExpirationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<String>,
    /// The unique identifier for the service-specific credential.
    #[serde(rename = "ServiceSpecificCredentialId")]
    pub service_specific_credential_id: String,
    /// The name of the service associated with the service-specific credential.
    #[serde(rename = "ServiceName")]
    pub service_name: String,
}

/// The input of SetDefaultPolicyVersion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SetDefaultPolicyVersionRequest {
    /// The Amazon Resource Name (ARN) of the IAM policy whose default version you want to set.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// The version of the policy to set as the default (operative) version.
    #[serde(rename = "VersionId")]
    pub version_id: String,
}

/// The input of SetSecurityTokenServicePreferences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SetSecurityTokenServicePreferencesRequest {
    /// The version of the global endpoint token. Version 1 tokens are valid only in Amazon Web
    /// Services Regions that are available by default. These tokens do not work in manually enabled
    /// Regions, such as Asia Pacific (Hong Kong). Version 2 tokens are valid in all Regions.
    /// However, version 2 tokens are longer and might affect systems where you temporarily store
    /// tokens.
    #[serde(rename = "GlobalEndpointTokenVersion")]
    pub global_endpoint_token_version: String,
}

/// Contains information about an X.509 signing certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SigningCertificate {
    /// The name of the user the signing certificate is associated with.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The ID for the signing certificate.
    #[serde(rename = "CertificateId")]
    pub certificate_id: String,
    /// The contents of the signing certificate.
    #[serde(rename = "CertificateBody")]
    pub certificate_body: String,
    /// The status of the signing certificate. Active means that the key is valid for API calls,
    /// while Inactive means it is not.
    #[serde(rename = "Status")]
    pub status: String,
    /// The date when the signing certificate was uploaded.
    #[serde(
        rename = "UploadDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub upload_date: Option<String>,
}

/// The input of SimulateCustomPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SimulateCustomPolicyRequest {
    /// A list of policy documents to include in the simulation. Each document is specified as a
    /// string containing the complete, valid JSON text of an IAM policy. Do not include any
    /// resource-based policies in this parameter. Any resource-based policy must be submitted with
    /// the ResourcePolicy parameter. The policies cannot be "scope-down" policies, such as you
    /// could include in a call to GetFederationToken or one of the AssumeRole API operations. In
    /// other words, do not use policies designed to restrict what a user can do while using the
    /// temporary credentials.
    #[serde(rename = "PolicyInputList")]
    pub policy_input_list: Vec<String>,
    /// The IAM permissions boundary policy to simulate. The permissions boundary sets the maximum
    /// permissions that an IAM entity can have. You can input only one permissions boundary when
    /// you pass a policy to this operation. For more information about permissions boundaries, see
    /// Permissions boundaries for IAM entities in the IAM User Guide. The policy input is specified
    /// as a string that contains the complete, valid JSON text of a permissions boundary policy.
    #[serde(
        rename = "PermissionsBoundaryPolicyInputList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_policy_input_list: Option<Vec<String>>,
    /// A list of names of API operations to evaluate in the simulation. Each operation is evaluated
    /// against each resource. Each operation must include the service identifier, such as
    /// iam:CreateUser. This operation does not support using wildcards (*) in an action name.
    #[serde(rename = "ActionNames")]
    pub action_names: Vec<String>,
    /// A list of ARNs of Amazon Web Services resources to include in the simulation. If this
    /// parameter is not provided, then the value defaults to * (all resources). Each API in the
    /// ActionNames parameter is evaluated for each resource in this list. The simulation determines
    /// the access result (allowed or denied) of each combination and reports it in the response.
    /// You can simulate resources that don't exist in your account.
    #[serde(
        rename = "ResourceArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_arns: Option<Vec<String>>,
    /// A resource-based policy to include in the simulation provided as a string. Each resource in
    /// the simulation is treated as if it had this policy attached. You can include only one
    /// resource-based policy in a simulation.
    #[serde(
        rename = "ResourcePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_policy: Option<String>,
    /// An ARN representing the Amazon Web Services account ID that specifies the owner of any
    /// simulated resource that does not identify its owner in the resource ARN. Examples of
    /// resource ARNs include an S3 bucket or object. If ResourceOwner is specified, it is also used
    /// as the account owner of any ResourcePolicy included in the simulation. If the ResourceOwner
    /// parameter is not specified, then the owner of the resources and the resource policy defaults
    /// to the account of the identity provided in CallerArn. This parameter is required only if you
    /// specify a resource-based policy and account that owns the resource is different from the
    /// account that owns the simulated calling user CallerArn.
    #[serde(
        rename = "ResourceOwner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_owner: Option<String>,
    /// The ARN of the IAM user that you want to use as the simulated caller of the API operations.
    /// CallerArn is required if you include a ResourcePolicy so that the policy's Principal element
    /// has a value to use in evaluating the policy.
    #[serde(rename = "CallerArn", default, skip_serializing_if = "Option::is_none")]
    pub caller_arn: Option<String>,
    /// A list of context keys and corresponding values for the simulation to use. Whenever a
    /// context key is evaluated in one of the simulated IAM permissions policies, the corresponding
    /// value is supplied.
    #[serde(
        rename = "ContextEntries",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_entries: Option<Vec<ContextEntry>>,
    /// Specifies the type of simulation to run. Different API operations that support
    /// resource-based policies require different combinations of resources. By specifying the type
    /// of simulation to run, you enable the policy simulator to enforce the presence of the
    /// required resources to ensure reliable simulation results. If your simulation does not match
    /// one of the following scenarios, then you can omit this parameter. The following list shows
    /// each of the supported scenario values and the resources that you must define to run the
    /// simulation.
    #[serde(
        rename = "ResourceHandlingOption",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_handling_option: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The output of SimulateCustomPolicy. The output of SimulatePrincipalPolicy.
///
/// Contains the response to a successful SimulatePrincipalPolicy or SimulateCustomPolicy
/// request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SimulatePolicyResponse {
    /// The results of the simulation.
    #[serde(
        rename = "EvaluationResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub evaluation_results: Option<Vec<EvaluationResult>>,
    /// A flag that indicates whether there are more items to return. If your results were
    /// truncated, you can make a subsequent pagination request using the Marker request parameter
    /// to retrieve more items. Note that IAM might return fewer than the MaxItems number of results
    /// even when there are more results available. We recommend that you check IsTruncated after
    /// every call to ensure that you receive all your results.
    #[serde(
        rename = "IsTruncated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// When IsTruncated is true, this element is present and contains the value to use for the
    /// Marker parameter in a subsequent pagination request.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// The input of SimulatePrincipalPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SimulatePrincipalPolicyRequest {
    /// The Amazon Resource Name (ARN) of a user, group, or role whose policies you want to include
    /// in the simulation. If you specify a user, group, or role, the simulation includes all
    /// policies that are associated with that entity. If you specify a user, the simulation also
    /// includes all policies that are attached to any groups the user belongs to.
    #[serde(rename = "PolicySourceArn")]
    pub policy_source_arn: String,
    /// An optional list of additional policy documents to include in the simulation. Each document
    /// is specified as a string containing the complete, valid JSON text of an IAM policy.
    #[serde(
        rename = "PolicyInputList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_input_list: Option<Vec<String>>,
    /// The IAM permissions boundary policy to simulate. The permissions boundary sets the maximum
    /// permissions that the entity can have. You can input only one permissions boundary when you
    /// pass a policy to this operation. An IAM entity can only have one permissions boundary in
    /// effect at a time. For example, if a permissions boundary is attached to an entity and you
    /// pass in a different permissions boundary policy using this parameter, then the new
    /// permissions boundary policy is used for the simulation. For more information about
    /// permissions boundaries, see Permissions boundaries for IAM entities in the IAM User Guide.
    /// The policy input is specified as a string containing the complete, valid JSON text of a
    /// permissions boundary policy.
    #[serde(
        rename = "PermissionsBoundaryPolicyInputList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary_policy_input_list: Option<Vec<String>>,
    /// A list of names of API operations to evaluate in the simulation. Each operation is evaluated
    /// for each resource. Each operation must include the service identifier, such as
    /// iam:CreateUser.
    #[serde(rename = "ActionNames")]
    pub action_names: Vec<String>,
    /// A list of ARNs of Amazon Web Services resources to include in the simulation. If this
    /// parameter is not provided, then the value defaults to * (all resources). Each API in the
    /// ActionNames parameter is evaluated for each resource in this list. The simulation determines
    /// the access result (allowed or denied) of each combination and reports it in the response.
    /// You can simulate resources that don't exist in your account.
    #[serde(
        rename = "ResourceArns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_arns: Option<Vec<String>>,
    /// A resource-based policy to include in the simulation provided as a string. Each resource in
    /// the simulation is treated as if it had this policy attached. You can include only one
    /// resource-based policy in a simulation.
    #[serde(
        rename = "ResourcePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_policy: Option<String>,
    /// An Amazon Web Services account ID that specifies the owner of any simulated resource that
    /// does not identify its owner in the resource ARN. Examples of resource ARNs include an S3
    /// bucket or object. If ResourceOwner is specified, it is also used as the account owner of any
    /// ResourcePolicy included in the simulation. If the ResourceOwner parameter is not specified,
    /// then the owner of the resources and the resource policy defaults to the account of the
    /// identity provided in CallerArn. This parameter is required only if you specify a
    /// resource-based policy and account that owns the resource is different from the account that
    /// owns the simulated calling user CallerArn.
    #[serde(
        rename = "ResourceOwner",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_owner: Option<String>,
    /// The ARN of the IAM user that you want to specify as the simulated caller of the API
    /// operations. If you do not specify a CallerArn, it defaults to the ARN of the user that you
    /// specify in PolicySourceArn, if you specified a user. If you include both a PolicySourceArn
    /// (for example, arn:aws:iam::123456789012:user/David) and a CallerArn (for example,
    /// arn:aws:iam::123456789012:user/Bob), the result is that you simulate calling the API
    /// operations as Bob, as if Bob had David's policies.
    #[serde(rename = "CallerArn", default, skip_serializing_if = "Option::is_none")]
    pub caller_arn: Option<String>,
    /// A list of context keys and corresponding values for the simulation to use. Whenever a
    /// context key is evaluated in one of the simulated IAM permissions policies, the corresponding
    /// value is supplied.
    #[serde(
        rename = "ContextEntries",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_entries: Option<Vec<ContextEntry>>,
    /// Specifies the type of simulation to run. Different API operations that support
    /// resource-based policies require different combinations of resources. By specifying the type
    /// of simulation to run, you enable the policy simulator to enforce the presence of the
    /// required resources to ensure reliable simulation results. If your simulation does not match
    /// one of the following scenarios, then you can omit this parameter. The following list shows
    /// each of the supported scenario values and the resources that you must define to run the
    /// simulation.
    #[serde(
        rename = "ResourceHandlingOption",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_handling_option: Option<String>,
    /// Use this only when paginating results to indicate the maximum number of items you want in
    /// the response. If additional items exist beyond the maximum you specify, the IsTruncated
    /// response element is true.
    #[serde(rename = "MaxItems", default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i32>,
    /// Use this parameter only when paginating results and only after you receive a response
    /// indicating that the results are truncated. Set it to the value of the Marker element in the
    /// response that you received to indicate where the next call should start.
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// Contains a reference to a Statement element in a policy document that determines the result
/// of the simulation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The identifier of the policy that was provided as an input.
    #[serde(
        rename = "SourcePolicyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_policy_id: Option<String>,
    /// The type of the policy.
    #[serde(
        rename = "SourcePolicyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_policy_type: Option<String>,
    /// The row and column of the beginning of the Statement in an IAM policy.
    #[serde(
        rename = "StartPosition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub start_position: Option<Position>,
    /// The row and column of the end of a Statement in an IAM policy.
    #[serde(
        rename = "EndPosition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub end_position: Option<Position>,
}

/// A structure that represents user-provided metadata that can be associated with an IAM
/// resource. For more information about tagging, see Tagging IAM resources in the IAM User
/// Guide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// The key name that can be used to look up or retrieve the associated value. For example,
    /// Department or Cost Center are common choices.
    #[serde(rename = "Key")]
    pub key: String,
    /// The value associated with this tag. For example, tags with a key name of Department could
    /// have values such as Human Resources, Accounting, and Support. Tags with a key name of Cost
    /// Center might have values that consist of the number associated with the different cost
    /// centers in your company. Typically, many resources have tags with the same key name but with
    /// different values.
    #[serde(rename = "Value")]
    pub value: String,
}

/// The input of TagInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagInstanceProfileRequest {
    /// The name of the IAM instance profile to which you want to add tags.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// The list of tags that you want to attach to the IAM instance profile. Each tag consists of a
    /// key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagMFADeviceRequest {
    /// The unique identifier for the IAM virtual MFA device to which you want to add tags. For
    /// virtual MFA devices, the serial number is the same as the ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// The list of tags that you want to attach to the IAM virtual MFA device. Each tag consists of
    /// a key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagOpenIDConnectProviderRequest {
    /// The ARN of the OIDC identity provider in IAM to which you want to add tags.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// The list of tags that you want to attach to the OIDC identity provider in IAM. Each tag
    /// consists of a key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagPolicyRequest {
    /// The ARN of the IAM customer managed policy to which you want to add tags.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// The list of tags that you want to attach to the IAM customer managed policy. Each tag
    /// consists of a key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagRoleRequest {
    /// The name of the IAM role to which you want to add tags.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The list of tags that you want to attach to the IAM role. Each tag consists of a key name
    /// and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagSAMLProviderRequest {
    /// The ARN of the SAML identity provider in IAM to which you want to add tags.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
    /// The list of tags that you want to attach to the SAML identity provider in IAM. Each tag
    /// consists of a key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagServerCertificateRequest {
    /// The name of the IAM server certificate to which you want to add tags.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// The list of tags that you want to attach to the IAM server certificate. Each tag consists of
    /// a key name and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TagUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagUserRequest {
    /// The name of the IAM user to which you want to add tags.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The list of tags that you want to attach to the IAM user. Each tag consists of a key name
    /// and an associated value.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// Contains details about the most recent attempt to access an action within the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackedActionLastAccessed {
    /// The name of the tracked action to which access was attempted. Tracked actions are actions
    /// that report activity to IAM.
    #[serde(
        rename = "ActionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub action_name: Option<String>,
    #[serde(
        rename = "LastAccessedEntity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_accessed_entity: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when an authenticated entity most recently
    /// attempted to access the tracked service. Amazon Web Services does not report unauthenticated
    /// requests.
    #[serde(
        rename = "LastAccessedTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_accessed_time: Option<String>,
    /// The Region from which the authenticated entity (user or role) last attempted to access the
    /// tracked action. Amazon Web Services does not report unauthenticated requests.
    #[serde(
        rename = "LastAccessedRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_accessed_region: Option<String>,
}

/// The input of UntagInstanceProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagInstanceProfileRequest {
    /// The name of the IAM instance profile from which you want to remove tags.
    #[serde(rename = "InstanceProfileName")]
    pub instance_profile_name: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified instance profile.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagMFADevice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagMFADeviceRequest {
    /// The unique identifier for the IAM virtual MFA device from which you want to remove tags. For
    /// virtual MFA devices, the serial number is the same as the ARN.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified instance profile.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagOpenIDConnectProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagOpenIDConnectProviderRequest {
    /// The ARN of the OIDC provider in IAM from which you want to remove tags.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified OIDC provider.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagPolicyRequest {
    /// The ARN of the IAM customer managed policy from which you want to remove tags.
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified policy.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagRoleRequest {
    /// The name of the IAM role from which you want to remove tags.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified role.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagSAMLProviderRequest {
    /// The ARN of the SAML identity provider in IAM from which you want to remove tags.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified SAML identity provider.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagServerCertificateRequest {
    /// The name of the IAM server certificate from which you want to remove tags.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified IAM server certificate.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UntagUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagUserRequest {
    /// The name of the IAM user from which you want to remove tags.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// A list of key names as a simple array of strings. The tags with matching keys are removed
    /// from the specified user.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UpdateAccessKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateAccessKeyRequest {
    /// The name of the user whose key you want to update.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The access key ID of the secret access key you want to update.
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    /// The status you want to assign to the secret access key. Active means that the key can be
    /// used for programmatic calls to Amazon Web Services, while Inactive means that the key cannot
    /// be used.
    #[serde(rename = "Status")]
    pub status: String,
}

/// The input of UpdateAccountPasswordPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateAccountPasswordPolicyRequest {
    /// The minimum number of characters allowed in an IAM user password.
    #[serde(
        rename = "MinimumPasswordLength",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_password_length: Option<i32>,
    /// Specifies whether IAM user passwords must contain at least one of the following
    /// non-alphanumeric characters:
    #[serde(
        rename = "RequireSymbols",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_symbols: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one numeric character (0 to 9).
    #[serde(
        rename = "RequireNumbers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_numbers: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one uppercase character from the
    /// ISO basic Latin alphabet (A to Z).
    #[serde(
        rename = "RequireUppercaseCharacters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_uppercase_characters: Option<bool>,
    /// Specifies whether IAM user passwords must contain at least one lowercase character from the
    /// ISO basic Latin alphabet (a to z).
    #[serde(
        rename = "RequireLowercaseCharacters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_lowercase_characters: Option<bool>,
    /// Allows all IAM users in your account to use the Amazon Web Services Management Console to
    /// change their own passwords. For more information, see Permitting IAM users to change their
    /// own passwords in the IAM User Guide.
    #[serde(
        rename = "AllowUsersToChangePassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_users_to_change_password: Option<bool>,
    /// The number of days that an IAM user password is valid.
    #[serde(
        rename = "MaxPasswordAge",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_password_age: Option<i32>,
    /// Specifies the number of previous passwords that IAM users are prevented from reusing.
    #[serde(
        rename = "PasswordReusePrevention",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_reuse_prevention: Option<i32>,
    /// Prevents IAM users who are accessing the account via the Amazon Web Services Management
    /// Console from setting a new console password after their password has expired. The IAM user
    /// cannot access the console until an administrator resets the password.
    #[serde(
        rename = "HardExpiry",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub hard_expiry: Option<bool>,
}

/// The input of UpdateAssumeRolePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateAssumeRolePolicyRequest {
    /// The name of the role to update with the new policy.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The policy that grants an entity permission to assume the role.
    #[serde(rename = "PolicyDocument")]
    pub policy_document: String,
}

/// The input of UpdateDelegationRequest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateDelegationRequestRequest {
    /// The unique identifier of the delegation request to update.
    #[serde(rename = "DelegationRequestId")]
    pub delegation_request_id: String,
    /// Additional notes or comments to add to the delegation request.
    #[serde(rename = "Notes", default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The input of UpdateGroup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateGroupRequest {
    /// Name of the IAM group to update. If you're changing the name of the group, this is the
    /// original name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// New path for the IAM group. Only include this if changing the group's path.
    #[serde(rename = "NewPath", default, skip_serializing_if = "Option::is_none")]
    pub new_path: Option<String>,
    /// New name for the IAM group. Only include this if changing the group's name.
    #[serde(
        rename = "NewGroupName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub new_group_name: Option<String>,
}

/// The input of UpdateLoginProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateLoginProfileRequest {
    /// The name of the user whose password you want to update.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The new password for the specified IAM user.
    #[serde(rename = "Password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Allows this new password to be used only once by requiring the specified IAM user to set a
    /// new password on next sign-in.
    #[serde(
        rename = "PasswordResetRequired",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_reset_required: Option<bool>,
}

/// The input of UpdateOpenIDConnectProviderThumbprint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateOpenIDConnectProviderThumbprintRequest {
    /// The Amazon Resource Name (ARN) of the IAM OIDC provider resource object for which you want
    /// to update the thumbprint. You can get a list of OIDC provider ARNs by using the
    /// ListOpenIDConnectProviders operation.
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: String,
    /// A list of certificate thumbprints that are associated with the specified IAM OpenID Connect
    /// provider. For more information, see CreateOpenIDConnectProvider.
    #[serde(rename = "ThumbprintList")]
    pub thumbprint_list: Vec<String>,
}

/// The input of UpdateRoleDescription.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRoleDescriptionRequest {
    /// The name of the role that you want to modify.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The new description that you want to apply to the specified role.
    #[serde(rename = "Description")]
    pub description: String,
}

/// The output of UpdateRoleDescription.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRoleDescriptionResponse {
    /// A structure that contains details about the modified role.
    #[serde(rename = "Role", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// The input of UpdateRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRoleRequest {
    /// The name of the role that you want to modify.
    #[serde(rename = "RoleName")]
    pub role_name: String,
    /// The new description that you want to apply to the specified role.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The maximum session duration (in seconds) that you want to set for the specified role. If
    /// you do not specify a value for this setting, the default value of one hour is applied. This
    /// setting can have a value from 1 hour to 12 hours.
    #[serde(
        rename = "MaxSessionDuration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_session_duration: Option<i32>,
}

/// The output of UpdateRole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRoleResponse {}

/// The input of UpdateSAMLProvider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSAMLProviderRequest {
    /// An XML document generated by an identity provider (IdP) that supports SAML 2.0. The document
    /// includes the issuer's name, expiration information, and keys that can be used to validate
    /// the SAML authentication response (assertions) that are received from the IdP. You must
    /// generate the metadata document using the identity management software that is used as your
    /// IdP.
    #[serde(
        rename = "SAMLMetadataDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_metadata_document: Option<String>,
    /// The Amazon Resource Name (ARN) of the SAML provider to update.
    #[serde(rename = "SAMLProviderArn")]
    pub saml_provider_arn: String,
    /// Specifies the encryption setting for the SAML provider.
    #[serde(
        rename = "AssertionEncryptionMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assertion_encryption_mode: Option<String>,
    /// Specifies the new private key from your external identity provider. The private key must be
    /// a .pem file that uses AES-GCM or AES-CBC encryption algorithm to decrypt SAML assertions.
    #[serde(
        rename = "AddPrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub add_private_key: Option<String>,
    /// The Key ID of the private key to remove.
    #[serde(
        rename = "RemovePrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub remove_private_key: Option<String>,
}

/// The output of UpdateSAMLProvider.
///
/// Contains the response to a successful UpdateSAMLProvider request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSAMLProviderResponse {
    /// The Amazon Resource Name (ARN) of the SAML provider that was updated.
    #[serde(
        rename = "SAMLProviderArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_provider_arn: Option<String>,
}

/// The input of UpdateSSHPublicKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSSHPublicKeyRequest {
    /// The name of the IAM user associated with the SSH public key.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The unique identifier for the SSH public key.
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: String,
    /// The status to assign to the SSH public key. Active means that the key can be used for
    /// authentication with an CodeCommit repository. Inactive means that the key cannot be used.
    #[serde(rename = "Status")]
    pub status: String,
}

/// The input of UpdateServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateServerCertificateRequest {
    /// The name of the server certificate that you want to update.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// The new path for the server certificate. Include this only if you are updating the server
    /// certificate's path.
    #[serde(rename = "NewPath", default, skip_serializing_if = "Option::is_none")]
    pub new_path: Option<String>,
    /// The new name for the server certificate. Include this only if you are updating the server
    /// certificate's name. The name of the certificate cannot contain any spaces.
    #[serde(
        rename = "NewServerCertificateName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub new_server_certificate_name: Option<String>,
}

/// The input of UpdateServiceSpecificCredential.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateServiceSpecificCredentialRequest {
    /// The name of the IAM user associated with the service-specific credential. If you do not
    /// specify this value, then the operation assumes the user whose credentials are used to call
    /// the operation.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The unique identifier of the service-specific credential.
    #[serde(rename = "ServiceSpecificCredentialId")]
    pub service_specific_credential_id: String,
    /// The status to be assigned to the service-specific credential.
    #[serde(rename = "Status")]
    pub status: String,
}

/// The input of UpdateSigningCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSigningCertificateRequest {
    /// The name of the IAM user the signing certificate belongs to.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The ID of the signing certificate you want to update.
    #[serde(rename = "CertificateId")]
    pub certificate_id: String,
    /// The status you want to assign to the certificate. Active means that the certificate can be
    /// used for programmatic calls to Amazon Web Services Inactive means that the certificate
    /// cannot be used.
    #[serde(rename = "Status")]
    pub status: String,
}

/// The input of UpdateUser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateUserRequest {
    /// Name of the user to update. If you're changing the name of the user, this is the original
    /// user name.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// New path for the IAM user. Include this parameter only if you're changing the user's path.
    #[serde(rename = "NewPath", default, skip_serializing_if = "Option::is_none")]
    pub new_path: Option<String>,
    /// New name for the user. Include this parameter only if you're changing the user's name.
    #[serde(
        rename = "NewUserName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub new_user_name: Option<String>,
}

/// The input of UploadSSHPublicKey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadSSHPublicKeyRequest {
    /// The name of the IAM user to associate the SSH public key with.
    #[serde(rename = "UserName")]
    pub user_name: String,
    /// The SSH public key. The public key must be encoded in ssh-rsa format or PEM format. The
    /// minimum bit-length of the public key is 2048 bits. For example, you can generate a 2048-bit
    /// key, and the resulting PEM file is 1679 bytes long.
    #[serde(rename = "SSHPublicKeyBody")]
    pub ssh_public_key_body: String,
}

/// The output of UploadSSHPublicKey.
///
/// Contains the response to a successful UploadSSHPublicKey request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadSSHPublicKeyResponse {
    /// Contains information about the SSH public key.
    #[serde(
        rename = "SSHPublicKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ssh_public_key: Option<SSHPublicKey>,
}

/// The input of UploadServerCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadServerCertificateRequest {
    /// The path for the server certificate. For more information about paths, see IAM identifiers
    /// in the IAM User Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name for the server certificate. Do not include the path in this value. The name of the
    /// certificate cannot contain any spaces.
    #[serde(rename = "ServerCertificateName")]
    pub server_certificate_name: String,
    /// The contents of the public key certificate in PEM-encoded format.
    #[serde(rename = "CertificateBody")]
    pub certificate_body: String,
    /// The contents of the private key in PEM-encoded format.
    #[serde(rename = "PrivateKey")]
    pub private_key: String,
    /// The contents of the certificate chain. This is typically a concatenation of the PEM-encoded
    /// public key certificates of the chain.
    #[serde(
        rename = "CertificateChain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_chain: Option<String>,
    /// A list of tags that you want to attach to the new IAM server certificate resource. Each tag
    /// consists of a key name and an associated value. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of UploadServerCertificate.
///
/// Contains the response to a successful UploadServerCertificate request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadServerCertificateResponse {
    /// The meta information of the uploaded server certificate without its certificate body,
    /// certificate chain, and private key.
    #[serde(
        rename = "ServerCertificateMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_certificate_metadata: Option<ServerCertificateMetadata>,
    /// A list of tags that are attached to the new IAM server certificate. The returned list of
    /// tags is sorted by tag key. For more information about tagging, see Tagging IAM resources in
    /// the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The input of UploadSigningCertificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadSigningCertificateRequest {
    /// The name of the user the signing certificate is for.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The contents of the signing certificate.
    #[serde(rename = "CertificateBody")]
    pub certificate_body: String,
}

/// The output of UploadSigningCertificate.
///
/// Contains the response to a successful UploadSigningCertificate request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadSigningCertificateResponse {
    /// Information about the certificate.
    #[serde(rename = "Certificate")]
    pub certificate: SigningCertificate,
}

/// Contains information about an IAM user entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The path to the user. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The friendly name identifying the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The stable and unique string identifying the user. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "UserId")]
    pub user_id: String,
    /// The Amazon Resource Name (ARN) that identifies the user. For more information about ARNs and
    /// how to use ARNs in policies, see IAM Identifiers in the IAM User Guide.
    #[serde(rename = "Arn")]
    pub arn: String,
    /// The date and time, in ISO 8601 date-time format, when the user was created.
    #[serde(rename = "CreateDate")]
    pub create_date: String,
    /// The date and time, in ISO 8601 date-time format, when the user's password was last used to
    /// sign in to an Amazon Web Services website. For a list of Amazon Web Services websites that
    /// capture a user's last sign-in time, see the Credential reports topic in the IAM User Guide.
    /// If a password is used more than once in a five-minute span, only the first use is returned
    /// in this field. If the field is null (no value), then it indicates that they never signed in
    /// with a password. This can be because:
    #[serde(
        rename = "PasswordLastUsed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_last_used: Option<String>,
    /// For more information about permissions boundaries, see Permissions boundaries for IAM
    /// identities in the IAM User Guide.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<AttachedPermissionsBoundary>,
    /// A list of tags that are associated with the user. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// Contains information about an IAM user, including all the user's policies and all the IAM
/// groups the user is in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserDetail {
    /// The path to the user. For more information about paths, see IAM identifiers in the IAM User
    /// Guide.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The friendly name identifying the user.
    #[serde(rename = "UserName", default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The stable and unique string identifying the user. For more information about IDs, see IAM
    /// identifiers in the IAM User Guide.
    #[serde(rename = "UserId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The date and time, in ISO 8601 date-time format, when the user was created.
    #[serde(
        rename = "CreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    /// A list of the inline policies embedded in the user.
    #[serde(
        rename = "UserPolicyList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_policy_list: Option<Vec<PolicyDetail>>,
    /// A list of IAM groups that the user is in.
    #[serde(rename = "GroupList", default, skip_serializing_if = "Option::is_none")]
    pub group_list: Option<Vec<String>>,
    /// A list of the managed policies attached to the user.
    #[serde(
        rename = "AttachedManagedPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attached_managed_policies: Option<Vec<AttachedPolicy>>,
    /// The ARN of the policy used to set the permissions boundary for the user.
    #[serde(
        rename = "PermissionsBoundary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions_boundary: Option<AttachedPermissionsBoundary>,
    /// A list of tags that are associated with the user. For more information about tagging, see
    /// Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// Contains information about a virtual MFA device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VirtualMFADevice {
    /// The serial number associated with VirtualMFADevice.
    #[serde(rename = "SerialNumber")]
    pub serial_number: String,
    /// The base32 seed defined as specified in RFC3548. The Base32StringSeed is base32-encoded.
    #[serde(
        rename = "Base32StringSeed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub base32_string_seed: Option<String>,
    /// A QR code PNG image that encodes
    /// otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String where
    /// $virtualMFADeviceName is one of the create call arguments. AccountName is the user name if
    /// set (otherwise, the account ID otherwise), and Base32String is the seed in base32 format.
    /// The Base32String value is base64-encoded.
    #[serde(rename = "QRCodePNG", default, skip_serializing_if = "Option::is_none")]
    pub qr_code_png: Option<String>,
    /// The IAM user associated with this virtual MFA device.
    #[serde(rename = "User", default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The date and time on which the virtual MFA device was enabled.
    #[serde(
        rename = "EnableDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_date: Option<String>,
    /// A list of tags that are attached to the virtual MFA device. For more information about
    /// tagging, see Tagging IAM resources in the IAM User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

crate::inputs! {
    AcceptDelegationRequestRequest,
    AddClientIDToOpenIDConnectProviderRequest,
    AddRoleToInstanceProfileRequest,
    AddUserToGroupRequest,
    AssociateDelegationRequestRequest,
    AttachGroupPolicyRequest,
    AttachRolePolicyRequest,
    AttachUserPolicyRequest,
    ChangePasswordRequest,
    CreateAccessKeyRequest,
    CreateAccountAliasRequest,
    CreateDelegationRequestRequest,
    CreateGroupRequest,
    CreateInstanceProfileRequest,
    CreateLoginProfileRequest,
    CreateOpenIDConnectProviderRequest,
    CreatePolicyRequest,
    CreatePolicyVersionRequest,
    CreateRoleRequest,
    CreateSAMLProviderRequest,
    CreateServiceLinkedRoleRequest,
    CreateServiceSpecificCredentialRequest,
    CreateUserRequest,
    CreateVirtualMFADeviceRequest,
    DeactivateMFADeviceRequest,
    DeleteAccessKeyRequest,
    DeleteAccountAliasRequest,
    DeleteGroupPolicyRequest,
    DeleteGroupRequest,
    DeleteInstanceProfileRequest,
    DeleteLoginProfileRequest,
    DeleteOpenIDConnectProviderRequest,
    DeletePolicyRequest,
    DeletePolicyVersionRequest,
    DeleteRolePermissionsBoundaryRequest,
    DeleteRolePolicyRequest,
    DeleteRoleRequest,
    DeleteSAMLProviderRequest,
    DeleteSSHPublicKeyRequest,
    DeleteServerCertificateRequest,
    DeleteServiceLinkedRoleRequest,
    DeleteServiceSpecificCredentialRequest,
    DeleteSigningCertificateRequest,
    DeleteUserPermissionsBoundaryRequest,
    DeleteUserPolicyRequest,
    DeleteUserRequest,
    DeleteVirtualMFADeviceRequest,
    DetachGroupPolicyRequest,
    DetachRolePolicyRequest,
    DetachUserPolicyRequest,
    DisableOrganizationsRootCredentialsManagementRequest,
    DisableOrganizationsRootSessionsRequest,
    EnableMFADeviceRequest,
    EnableOrganizationsRootCredentialsManagementRequest,
    EnableOrganizationsRootSessionsRequest,
    GenerateOrganizationsAccessReportRequest,
    GenerateServiceLastAccessedDetailsRequest,
    GetAccessKeyLastUsedRequest,
    GetAccountAuthorizationDetailsRequest,
    GetContextKeysForCustomPolicyRequest,
    GetContextKeysForPrincipalPolicyRequest,
    GetDelegationRequestRequest,
    GetGroupPolicyRequest,
    GetGroupRequest,
    GetHumanReadableSummaryRequest,
    GetInstanceProfileRequest,
    GetLoginProfileRequest,
    GetMFADeviceRequest,
    GetOpenIDConnectProviderRequest,
    GetOrganizationsAccessReportRequest,
    GetPolicyRequest,
    GetPolicyVersionRequest,
    GetRolePolicyRequest,
    GetRoleRequest,
    GetSAMLProviderRequest,
    GetSSHPublicKeyRequest,
    GetServerCertificateRequest,
    GetServiceLastAccessedDetailsRequest,
    GetServiceLastAccessedDetailsWithEntitiesRequest,
    GetServiceLinkedRoleDeletionStatusRequest,
    GetUserPolicyRequest,
    GetUserRequest,
    ListAccessKeysRequest,
    ListAccountAliasesRequest,
    ListAttachedGroupPoliciesRequest,
    ListAttachedRolePoliciesRequest,
    ListAttachedUserPoliciesRequest,
    ListDelegationRequestsRequest,
    ListEntitiesForPolicyRequest,
    ListGroupPoliciesRequest,
    ListGroupsForUserRequest,
    ListGroupsRequest,
    ListInstanceProfileTagsRequest,
    ListInstanceProfilesForRoleRequest,
    ListInstanceProfilesRequest,
    ListMFADeviceTagsRequest,
    ListMFADevicesRequest,
    ListOpenIDConnectProviderTagsRequest,
    ListOpenIDConnectProvidersRequest,
    ListOrganizationsFeaturesRequest,
    ListPoliciesGrantingServiceAccessRequest,
    ListPoliciesRequest,
    ListPolicyTagsRequest,
    ListPolicyVersionsRequest,
    ListRolePoliciesRequest,
    ListRoleTagsRequest,
    ListRolesRequest,
    ListSAMLProviderTagsRequest,
    ListSAMLProvidersRequest,
    ListSSHPublicKeysRequest,
    ListServerCertificateTagsRequest,
    ListServerCertificatesRequest,
    ListServiceSpecificCredentialsRequest,
    ListSigningCertificatesRequest,
    ListUserPoliciesRequest,
    ListUserTagsRequest,
    ListUsersRequest,
    ListVirtualMFADevicesRequest,
    PutGroupPolicyRequest,
    PutRolePermissionsBoundaryRequest,
    PutRolePolicyRequest,
    PutUserPermissionsBoundaryRequest,
    PutUserPolicyRequest,
    RejectDelegationRequestRequest,
    RemoveClientIDFromOpenIDConnectProviderRequest,
    RemoveRoleFromInstanceProfileRequest,
    RemoveUserFromGroupRequest,
    ResetServiceSpecificCredentialRequest,
    ResyncMFADeviceRequest,
    SendDelegationTokenRequest,
    SetDefaultPolicyVersionRequest,
    SetSecurityTokenServicePreferencesRequest,
    SimulateCustomPolicyRequest,
    SimulatePrincipalPolicyRequest,
    TagInstanceProfileRequest,
    TagMFADeviceRequest,
    TagOpenIDConnectProviderRequest,
    TagPolicyRequest,
    TagRoleRequest,
    TagSAMLProviderRequest,
    TagServerCertificateRequest,
    TagUserRequest,
    UntagInstanceProfileRequest,
    UntagMFADeviceRequest,
    UntagOpenIDConnectProviderRequest,
    UntagPolicyRequest,
    UntagRoleRequest,
    UntagSAMLProviderRequest,
    UntagServerCertificateRequest,
    UntagUserRequest,
    UpdateAccessKeyRequest,
    UpdateAccountPasswordPolicyRequest,
    UpdateAssumeRolePolicyRequest,
    UpdateDelegationRequestRequest,
    UpdateGroupRequest,
    UpdateLoginProfileRequest,
    UpdateOpenIDConnectProviderThumbprintRequest,
    UpdateRoleDescriptionRequest,
    UpdateRoleRequest,
    UpdateSAMLProviderRequest,
    UpdateSSHPublicKeyRequest,
    UpdateServerCertificateRequest,
    UpdateServiceSpecificCredentialRequest,
    UpdateSigningCertificateRequest,
    UpdateUserRequest,
    UploadSSHPublicKeyRequest,
    UploadServerCertificateRequest,
    UploadSigningCertificateRequest,
}
crate::outputs! {
    CreateAccessKeyResponse,
    CreateDelegationRequestResponse,
    CreateGroupResponse,
    CreateInstanceProfileResponse,
    CreateLoginProfileResponse,
    CreateOpenIDConnectProviderResponse,
    CreatePolicyResponse,
    CreatePolicyVersionResponse,
    CreateRoleResponse,
    CreateSAMLProviderResponse,
    CreateServiceLinkedRoleResponse,
    CreateServiceSpecificCredentialResponse,
    CreateUserResponse,
    CreateVirtualMFADeviceResponse,
    DeleteServiceLinkedRoleResponse,
    DisableOrganizationsRootCredentialsManagementResponse,
    DisableOrganizationsRootSessionsResponse,
    EnableOrganizationsRootCredentialsManagementResponse,
    EnableOrganizationsRootSessionsResponse,
    EnableOutboundWebIdentityFederationResponse,
    GenerateCredentialReportResponse,
    GenerateOrganizationsAccessReportResponse,
    GenerateServiceLastAccessedDetailsResponse,
    GetAccessKeyLastUsedResponse,
    GetAccountAuthorizationDetailsResponse,
    GetAccountPasswordPolicyResponse,
    GetAccountSummaryResponse,
    GetContextKeysForPolicyResponse,
    GetCredentialReportResponse,
    GetDelegationRequestResponse,
    GetGroupPolicyResponse,
    GetGroupResponse,
    GetHumanReadableSummaryResponse,
    GetInstanceProfileResponse,
    GetLoginProfileResponse,
    GetMFADeviceResponse,
    GetOpenIDConnectProviderResponse,
    GetOrganizationsAccessReportResponse,
    GetOutboundWebIdentityFederationInfoResponse,
    GetPolicyResponse,
    GetPolicyVersionResponse,
    GetRolePolicyResponse,
    GetRoleResponse,
    GetSAMLProviderResponse,
    GetSSHPublicKeyResponse,
    GetServerCertificateResponse,
    GetServiceLastAccessedDetailsResponse,
    GetServiceLastAccessedDetailsWithEntitiesResponse,
    GetServiceLinkedRoleDeletionStatusResponse,
    GetUserPolicyResponse,
    GetUserResponse,
    ListAccessKeysResponse,
    ListAccountAliasesResponse,
    ListAttachedGroupPoliciesResponse,
    ListAttachedRolePoliciesResponse,
    ListAttachedUserPoliciesResponse,
    ListDelegationRequestsResponse,
    ListEntitiesForPolicyResponse,
    ListGroupPoliciesResponse,
    ListGroupsForUserResponse,
    ListGroupsResponse,
    ListInstanceProfileTagsResponse,
    ListInstanceProfilesForRoleResponse,
    ListInstanceProfilesResponse,
    ListMFADeviceTagsResponse,
    ListMFADevicesResponse,
    ListOpenIDConnectProviderTagsResponse,
    ListOpenIDConnectProvidersResponse,
    ListOrganizationsFeaturesResponse,
    ListPoliciesGrantingServiceAccessResponse,
    ListPoliciesResponse,
    ListPolicyTagsResponse,
    ListPolicyVersionsResponse,
    ListRolePoliciesResponse,
    ListRoleTagsResponse,
    ListRolesResponse,
    ListSAMLProviderTagsResponse,
    ListSAMLProvidersResponse,
    ListSSHPublicKeysResponse,
    ListServerCertificateTagsResponse,
    ListServerCertificatesResponse,
    ListServiceSpecificCredentialsResponse,
    ListSigningCertificatesResponse,
    ListUserPoliciesResponse,
    ListUserTagsResponse,
    ListUsersResponse,
    ListVirtualMFADevicesResponse,
    ResetServiceSpecificCredentialResponse,
    SimulatePolicyResponse,
    UpdateRoleDescriptionResponse,
    UpdateRoleResponse,
    UpdateSAMLProviderResponse,
    UploadSSHPublicKeyResponse,
    UploadServerCertificateResponse,
    UploadSigningCertificateResponse,
}
