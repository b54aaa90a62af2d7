//! AWS Organizations (2016-11-28): the input and output of every
//! operation and the structures they contain, generated from botocore's service model
//! by `tools/codegen/gen_api.py`. Do not edit: run `python3 tools/codegen/gen_api.py`.
use serde::{Deserialize, Serialize};

/// The input of AcceptHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcceptHandshakeRequest {
    /// ID for the handshake that you want to accept.
    #[serde(rename = "HandshakeId")]
    pub handshake_id: String,
}

/// The output of AcceptHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcceptHandshakeResponse {
    /// A Handshake object. Contains details for the handshake.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// Contains information about an Amazon Web Services account that is a member of an
/// organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The unique identifier (ID) of the account.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of the account.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The email address associated with the Amazon Web Services account.
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The friendly name of the account.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The status of the account in the organization.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Each state represents a specific phase in the account lifecycle. Use this information to
    /// manage account access, automate workflows, or trigger actions based on account state
    /// changes.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The paths in the organization where the account exists.
    #[serde(rename = "Paths", default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    /// The method by which the account joined the organization.
    #[serde(
        rename = "JoinedMethod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub joined_method: Option<String>,
    /// The date the account became a part of the organization.
    #[serde(
        rename = "JoinedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub joined_timestamp: Option<i64>,
}

/// The input of AttachPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachPolicyRequest {
    /// ID for the policy that you want to attach to the target. You can get the ID for the policy
    /// by calling the ListPolicies operation.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
    /// ID for the root, OU, or account that you want to attach the policy to. You can get the ID by
    /// calling the ListRoots, ListOrganizationalUnitsForParent, or ListAccounts operations.
    #[serde(rename = "TargetId")]
    pub target_id: String,
}

/// The input of CancelHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CancelHandshakeRequest {
    /// ID for the handshake that you want to cancel. You can get the ID from the
    /// ListHandshakesForOrganization operation.
    #[serde(rename = "HandshakeId")]
    pub handshake_id: String,
}

/// The output of CancelHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CancelHandshakeResponse {
    /// A Handshake object. Contains for the handshake that you canceled.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// Contains a list of child entities, either OUs or accounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Child {
    /// The unique identifier (ID) of this child entity.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The type of this child entity.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// The input of CloseAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CloseAccountRequest {
    /// Retrieves the Amazon Web Services account Id for the current CloseAccount API request.
    #[serde(rename = "AccountId")]
    pub account_id: String,
}

/// The input of CreateAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccountRequest {
    /// The email address of the owner to assign to the new member account. This email address must
    /// not already be associated with another Amazon Web Services account. You must use a valid
    /// email address to complete account creation.
    #[serde(rename = "Email")]
    pub email: String,
    /// The friendly name of the member account.
    #[serde(rename = "AccountName")]
    pub account_name: String,
    /// The name of an IAM role that Organizations automatically preconfigures in the new member
    /// account. This role trusts the management account, allowing users in the management account
    /// to assume the role, as permitted by the management account administrator. The role has
    /// administrator permissions in the new member account.
    #[serde(rename = "RoleName", default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// If set to ALLOW, the new account enables IAM users to access account billing information if
    /// they have the required permissions. If set to DENY, only the root user of the new account
    /// can access account billing information. For more information, see About IAM access to the
    /// Billing and Cost Management console in the Amazon Web Services Billing and Cost Management
    /// User Guide.
    #[serde(
        rename = "IamUserAccessToBilling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub iam_user_access_to_billing: Option<String>,
    /// A list of tags that you want to attach to the newly created account. For each tag in the
    /// list, you must specify both a tag key and a value. You can set the value to an empty string,
    /// but you can't set it to null. For more information about tagging, see Tagging Organizations
    /// resources in the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccountResponse {
    /// A structure that contains details about the request to create an account. This response
    /// structure might not be fully populated when you first receive it because account creation is
    /// an asynchronous process. You can pass the returned CreateAccountStatus ID as a parameter to
    /// DescribeCreateAccountStatus to get status about the progress of the request at later times.
    /// You can also check the CloudTrail log for the CreateAccountResult event. For more
    /// information, see Logging and monitoring in Organizations in the Organizations User Guide.
    #[serde(
        rename = "CreateAccountStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_account_status: Option<CreateAccountStatus>,
}

/// Contains the status about a CreateAccount or CreateGovCloudAccount request to create an
/// Amazon Web Services account or an Amazon Web Services GovCloud (US) account in an
/// organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAccountStatus {
    /// The unique identifier (ID) that references this request. You get this value from the
    /// response of the initial CreateAccount request to create the account.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The account name given to the account when it was created.
    #[serde(
        rename = "AccountName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_name: Option<String>,
    /// The status of the asynchronous request to create an Amazon Web Services account.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The date and time that the request was made for the account creation.
    #[serde(
        rename = "RequestedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requested_timestamp: Option<i64>,
    /// The date and time that the account was created and the request completed.
    #[serde(
        rename = "CompletedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub completed_timestamp: Option<i64>,
    /// If the account was created successfully, the unique identifier (ID) of the new account.
    #[serde(rename = "AccountId", default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// If the account was created successfully, the ID for the new account in the Amazon Web
    /// Services GovCloud (US) Region.
    #[serde(
        rename = "GovCloudAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub gov_cloud_account_id: Option<String>,
    /// If the request failed, a description of the reason for the failure.
    #[serde(
        rename = "FailureReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub failure_reason: Option<String>,
}

/// The input of CreateGovCloudAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGovCloudAccountRequest {
    /// Specifies the email address of the owner to assign to the new member account in the
    /// commercial Region. This email address must not already be associated with another Amazon Web
    /// Services account. You must use a valid email address to complete account creation.
    #[serde(rename = "Email")]
    pub email: String,
    /// The friendly name of the member account.
    #[serde(rename = "AccountName")]
    pub account_name: String,
    /// (Optional)
    #[serde(rename = "RoleName", default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// If set to ALLOW, the new linked account in the commercial Region enables IAM users to access
    /// account billing information if they have the required permissions. If set to DENY, only the
    /// root user of the new account can access account billing information. For more information,
    /// see About IAM access to the Billing and Cost Management console in the Amazon Web Services
    /// Billing and Cost Management User Guide.
    #[serde(
        rename = "IamUserAccessToBilling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub iam_user_access_to_billing: Option<String>,
    /// A list of tags that you want to attach to the newly created account. These tags are attached
    /// to the commercial account associated with the GovCloud account, and not to the GovCloud
    /// account itself. To add tags to the actual GovCloud account, call the TagResource operation
    /// in the GovCloud region after the new GovCloud account exists.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateGovCloudAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGovCloudAccountResponse {
    #[serde(
        rename = "CreateAccountStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_account_status: Option<CreateAccountStatus>,
}

/// The input of CreateOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOrganizationRequest {
    /// Specifies the feature set supported by the new organization. Each feature set supports
    /// different levels of functionality.
    #[serde(
        rename = "FeatureSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub feature_set: Option<String>,
}

/// The output of CreateOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOrganizationResponse {
    /// A structure that contains details about the newly created organization.
    #[serde(
        rename = "Organization",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization: Option<Organization>,
}

/// The input of CreateOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOrganizationalUnitRequest {
    /// ID for the parent root or OU that you want to create the new OU in.
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    /// The friendly name to assign to the new OU.
    #[serde(rename = "Name")]
    pub name: String,
    /// A list of tags that you want to attach to the newly created OU. For each tag in the list,
    /// you must specify both a tag key and a value. You can set the value to an empty string, but
    /// you can't set it to null. For more information about tagging, see Tagging Organizations
    /// resources in the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreateOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateOrganizationalUnitResponse {
    /// A structure that contains details about the newly created OU.
    #[serde(
        rename = "OrganizationalUnit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit: Option<OrganizationalUnit>,
}

/// The input of CreatePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyRequest {
    /// The policy text content to add to the new policy. The text that you supply must adhere to
    /// the rules of the policy type you specify in the Type parameter.
    #[serde(rename = "Content")]
    pub content: String,
    /// An optional description to assign to the policy.
    #[serde(rename = "Description")]
    pub description: String,
    /// The friendly name to assign to the policy.
    #[serde(rename = "Name")]
    pub name: String,
    /// The type of policy to create. You can specify one of the following values:
    #[serde(rename = "Type")]
    pub r#type: String,
    /// A list of tags that you want to attach to the newly created policy. For each tag in the
    /// list, you must specify both a tag key and a value. You can set the value to an empty string,
    /// but you can't set it to null. For more information about tagging, see Tagging Organizations
    /// resources in the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of CreatePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatePolicyResponse {
    /// A structure that contains details about the newly created policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The input of DeclineHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeclineHandshakeRequest {
    /// ID for the handshake that you want to decline. You can get the ID from the
    /// ListHandshakesForAccount operation.
    #[serde(rename = "HandshakeId")]
    pub handshake_id: String,
}

/// The output of DeclineHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeclineHandshakeResponse {
    /// A Handshake object. Contains details for the declined handshake.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// Contains information about the delegated administrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DelegatedAdministrator {
    /// The unique identifier (ID) of the delegated administrator's account.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of the delegated administrator's account.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The email address that is associated with the delegated administrator's Amazon Web Services
    /// account.
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The friendly name of the delegated administrator's account.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The status of the delegated administrator's account in the organization.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Each state represents a specific phase in the account lifecycle. Use this information to
    /// manage account access, automate workflows, or trigger actions based on account state
    /// changes.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The method by which the delegated administrator's account joined the organization.
    #[serde(
        rename = "JoinedMethod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub joined_method: Option<String>,
    /// The date when the delegated administrator's account became a part of the organization.
    #[serde(
        rename = "JoinedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub joined_timestamp: Option<i64>,
    /// The date when the account was made a delegated administrator.
    #[serde(
        rename = "DelegationEnabledDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_enabled_date: Option<i64>,
}

/// Contains information about the Amazon Web Services service for which the account is a
/// delegated administrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DelegatedService {
    /// The name of an Amazon Web Services service that can request an operation for the specified
    /// service. This is typically in the form of a URL, such as: servicename.amazonaws.com.
    #[serde(
        rename = "ServicePrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_principal: Option<String>,
    /// The date that the account became a delegated administrator for this service.
    #[serde(
        rename = "DelegationEnabledDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegation_enabled_date: Option<i64>,
}

/// The input of DeleteOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteOrganizationalUnitRequest {
    /// ID for the organizational unit that you want to delete. You can get the ID from the
    /// ListOrganizationalUnitsForParent operation.
    #[serde(rename = "OrganizationalUnitId")]
    pub organizational_unit_id: String,
}

/// The input of DeletePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletePolicyRequest {
    /// ID for the policy that you want to delete. You can get the ID from the ListPolicies or
    /// ListPoliciesForTarget operations.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
}

/// The input of DeregisterDelegatedAdministrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeregisterDelegatedAdministratorRequest {
    /// The account ID number of the member account in the organization that you want to deregister
    /// as a delegated administrator.
    #[serde(rename = "AccountId")]
    pub account_id: String,
    /// The service principal name of an Amazon Web Services service for which the account is a
    /// delegated administrator.
    #[serde(rename = "ServicePrincipal")]
    pub service_principal: String,
}

/// The input of DescribeAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeAccountRequest {
    /// The unique identifier (ID) of the Amazon Web Services account that you want information
    /// about. You can get the ID from the ListAccounts or ListAccountsForParent operations.
    #[serde(rename = "AccountId")]
    pub account_id: String,
}

/// The output of DescribeAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeAccountResponse {
    /// A structure that contains information about the requested account.
    #[serde(rename = "Account", default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

/// The input of DescribeCreateAccountStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeCreateAccountStatusRequest {
    /// Specifies the Id value that uniquely identifies the CreateAccount request. You can get the
    /// value from the CreateAccountStatus.Id response in an earlier CreateAccount request, or from
    /// the ListCreateAccountStatus operation.
    #[serde(rename = "CreateAccountRequestId")]
    pub create_account_request_id: String,
}

/// The output of DescribeCreateAccountStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeCreateAccountStatusResponse {
    /// A structure that contains the current status of an account creation request.
    #[serde(
        rename = "CreateAccountStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_account_status: Option<CreateAccountStatus>,
}

/// The input of DescribeEffectivePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeEffectivePolicyRequest {
    /// The type of policy that you want information about. You can specify one of the following
    /// values:
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
    /// When you're signed in as the management account, specify the ID of the account that you want
    /// details about. Specifying an organization root or organizational unit (OU) as the target is
    /// not supported.
    #[serde(rename = "TargetId", default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

/// The output of DescribeEffectivePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeEffectivePolicyResponse {
    /// The contents of the effective policy.
    #[serde(
        rename = "EffectivePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_policy: Option<EffectivePolicy>,
}

/// The input of DescribeHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeHandshakeRequest {
    /// ID for the handshake that you want information about.
    #[serde(rename = "HandshakeId")]
    pub handshake_id: String,
}

/// The output of DescribeHandshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeHandshakeResponse {
    /// A Handshake object. Contains details for the handshake.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// The output of DescribeOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeOrganizationResponse {
    /// A structure that contains information about the organization.
    #[serde(
        rename = "Organization",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organization: Option<Organization>,
}

/// The input of DescribeOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeOrganizationalUnitRequest {
    /// ID for the organizational unit that you want details about. You can get the ID from the
    /// ListOrganizationalUnitsForParent operation.
    #[serde(rename = "OrganizationalUnitId")]
    pub organizational_unit_id: String,
}

/// The output of DescribeOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeOrganizationalUnitResponse {
    /// A structure that contains details about the specified OU.
    #[serde(
        rename = "OrganizationalUnit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit: Option<OrganizationalUnit>,
}

/// The input of DescribePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribePolicyRequest {
    /// ID for the policy that you want details about. You can get the ID from the ListPolicies or
    /// ListPoliciesForTarget operations.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
}

/// The output of DescribePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribePolicyResponse {
    /// A structure that contains details about the specified policy.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The output of DescribeResourcePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeResourcePolicyResponse {
    /// A structure that contains details about the resource policy.
    #[serde(
        rename = "ResourcePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_policy: Option<ResourcePolicy>,
}

/// The input of DescribeResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeResponsibilityTransferRequest {
    /// ID for the transfer.
    #[serde(rename = "Id")]
    pub id: String,
}

/// The output of DescribeResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeResponsibilityTransferResponse {
    /// A ResponsibilityTransfer object. Contains details for a transfer.
    #[serde(
        rename = "ResponsibilityTransfer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub responsibility_transfer: Option<ResponsibilityTransfer>,
}

/// The input of DetachPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetachPolicyRequest {
    /// ID for the policy you want to detach. You can get the ID from the ListPolicies or
    /// ListPoliciesForTarget operations.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
    /// ID for the root, OU, or account that you want to detach the policy from. You can get the ID
    /// from the ListRoots, ListOrganizationalUnitsForParent, or ListAccounts operations.
    #[serde(rename = "TargetId")]
    pub target_id: String,
}

/// The input of DisableAWSServiceAccess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisableAWSServiceAccessRequest {
    /// The service principal name of the Amazon Web Services service for which you want to disable
    /// integration with your organization. This is typically in the form of a URL, such as
    /// service-abbreviation.amazonaws.com.
    #[serde(rename = "ServicePrincipal")]
    pub service_principal: String,
}

/// The input of DisablePolicyType.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisablePolicyTypeRequest {
    /// ID for the root in which you want to disable a policy type. You can get the ID from the
    /// ListRoots operation.
    #[serde(rename = "RootId")]
    pub root_id: String,
    /// The policy type that you want to disable in this root. You can specify one of the following
    /// values:
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
}

/// The output of DisablePolicyType.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisablePolicyTypeResponse {
    /// A structure that shows the root with the updated list of enabled policy types.
    #[serde(rename = "Root", default, skip_serializing_if = "Option::is_none")]
    pub root: Option<Root>,
}

/// Contains rules to be applied to the affected accounts. The effective policy is the
/// aggregation of any policies the account inherits, plus any policy directly attached to the
/// account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EffectivePolicy {
    /// The text content of the policy.
    #[serde(
        rename = "PolicyContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_content: Option<String>,
    /// The time of the last update to this policy.
    #[serde(
        rename = "LastUpdatedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_updated_timestamp: Option<i64>,
    /// The account ID of the policy target.
    #[serde(rename = "TargetId", default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The policy type.
    #[serde(
        rename = "PolicyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_type: Option<String>,
}

/// Contains details about the validation errors that occurred when generating or enforcing an
/// effective policy, such as which policies contributed to the error and location of the error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EffectivePolicyValidationError {
    /// The error code for the validation error. For example, ELEMENTS_TOO_MANY.
    #[serde(rename = "ErrorCode", default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The error message for the validation error.
    #[serde(
        rename = "ErrorMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_message: Option<String>,
    /// The path within the effective policy where the validation error occurred.
    #[serde(
        rename = "PathToError",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub path_to_error: Option<String>,
    /// The individual policies inherited and attached to the account which contributed to the
    /// validation error.
    #[serde(
        rename = "ContributingPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub contributing_policies: Option<Vec<String>>,
}

/// The input of EnableAWSServiceAccess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableAWSServiceAccessRequest {
    /// The service principal name of the Amazon Web Services service for which you want to enable
    /// integration with your organization. This is typically in the form of a URL, such as
    /// service-abbreviation.amazonaws.com.
    #[serde(rename = "ServicePrincipal")]
    pub service_principal: String,
}

/// The input of EnableAllFeatures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableAllFeaturesRequest {}

/// The output of EnableAllFeatures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnableAllFeaturesResponse {
    /// A structure that contains details about the handshake created to support this request to
    /// enable all features in the organization.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// The input of EnablePolicyType.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnablePolicyTypeRequest {
    /// ID for the root in which you want to enable a policy type. You can get the ID from the
    /// ListRoots operation.
    #[serde(rename = "RootId")]
    pub root_id: String,
    /// The policy type that you want to enable. You can specify one of the following values:
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
}

/// The output of EnablePolicyType.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnablePolicyTypeResponse {
    /// A structure that shows the root with the updated list of enabled policy types.
    #[serde(rename = "Root", default, skip_serializing_if = "Option::is_none")]
    pub root: Option<Root>,
}

/// A structure that contains details of a service principal that represents an Amazon Web
/// Services service that is enabled to integrate with Organizations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnabledServicePrincipal {
    /// The name of the service principal. This is typically in the form of a URL, such as:
    /// servicename.amazonaws.com.
    #[serde(
        rename = "ServicePrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_principal: Option<String>,
    /// The date that the service principal was enabled for integration with Organizations.
    #[serde(
        rename = "DateEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_enabled: Option<i64>,
}

/// Contains details for a handshake. A handshake is the secure exchange of information between
/// two Amazon Web Services accounts: a sender and a recipient.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Handshake {
    /// ID for the handshake.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Amazon Resource Name (ARN) for the handshake.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// An array of HandshakeParty objects. Contains details for participant in a handshake.
    #[serde(rename = "Parties", default, skip_serializing_if = "Option::is_none")]
    pub parties: Option<Vec<HandshakeParty>>,
    /// Current state for the handshake.
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Timestamp when the handshake request was made.
    #[serde(
        rename = "RequestedTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requested_timestamp: Option<i64>,
    /// Timestamp when the handshake expires.
    #[serde(
        rename = "ExpirationTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_timestamp: Option<i64>,
    /// The type of handshake:
    #[serde(rename = "Action", default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// An array of HandshakeResource objects. When needed, contains additional details for a
    /// handshake. For example, the email address for the sender.
    #[serde(rename = "Resources", default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<HandshakeResource>>,
}

/// Contains the filter used to select the handshakes for an operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandshakeFilter {
    /// The type of handshake.
    #[serde(
        rename = "ActionType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub action_type: Option<String>,
    /// The parent handshake. Only used for handshake types that are a child of another type.
    #[serde(
        rename = "ParentHandshakeId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_handshake_id: Option<String>,
}

/// Contains details for a participant in a handshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandshakeParty {
    /// ID for the participant: Acccount ID, organization ID, or email address.
    #[serde(rename = "Id")]
    pub id: String,
    /// The type of ID for the participant.
    #[serde(rename = "Type")]
    pub r#type: String,
}

/// Contains additional details for a handshake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandshakeResource {
    /// Additional information for the handshake. The format of the value string must match the
    /// requirements of the specified type.
    #[serde(rename = "Value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The type of information being passed, specifying how the value is to be interpreted by the
    /// other party:
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// An array of HandshakeResource objects. When needed, contains additional details for a
    /// handshake. For example, the email address for the sender.
    #[serde(rename = "Resources", default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<HandshakeResource>>,
}

/// The input of InviteAccountToOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteAccountToOrganizationRequest {
    /// The identifier (ID) of the Amazon Web Services account that you want to invite to join your
    /// organization. This is a JSON object that contains the following elements:
    #[serde(rename = "Target")]
    pub target: HandshakeParty,
    /// Additional information that you want to include in the generated email to the recipient
    /// account owner.
    #[serde(rename = "Notes", default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A list of tags that you want to attach to the account when it becomes a member of the
    /// organization. For each tag in the list, you must specify both a tag key and a value. You can
    /// set the value to an empty string, but you can't set it to null. For more information about
    /// tagging, see Tagging Organizations resources in the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of InviteAccountToOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteAccountToOrganizationResponse {
    /// A structure that contains details about the handshake that is created to support this
    /// invitation request.
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// The input of InviteOrganizationToTransferResponsibility.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteOrganizationToTransferResponsibilityRequest {
    /// The type of responsibility you want to designate to your organization. Currently, only
    /// BILLING is supported.
    #[serde(rename = "Type")]
    pub r#type: String,
    /// A HandshakeParty object. Contains details for the account you want to invite. Currently,
    /// only ACCOUNT and EMAIL are supported.
    #[serde(rename = "Target")]
    pub target: HandshakeParty,
    /// Additional information that you want to include in the invitation.
    #[serde(rename = "Notes", default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Timestamp when the recipient will begin managing the specified responsibilities.
    #[serde(rename = "StartTimestamp")]
    pub start_timestamp: i64,
    /// Name you want to assign to the transfer.
    #[serde(rename = "SourceName")]
    pub source_name: String,
    /// A list of tags that you want to attach to the transfer. For each tag in the list, you must
    /// specify both a tag key and a value. You can set the value to an empty string, but you can't
    /// set it to null. For more information about tagging, see Tagging Organizations resources in
    /// the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of InviteOrganizationToTransferResponsibility.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteOrganizationToTransferResponsibilityResponse {
    #[serde(rename = "Handshake", default, skip_serializing_if = "Option::is_none")]
    pub handshake: Option<Handshake>,
}

/// The input of ListAWSServiceAccessForOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAWSServiceAccessForOrganizationRequest {
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListAWSServiceAccessForOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAWSServiceAccessForOrganizationResponse {
    /// A list of the service principals for the services that are enabled to integrate with your
    /// organization. Each principal is a structure that includes the name and the date that it was
    /// enabled for integration with Organizations.
    #[serde(
        rename = "EnabledServicePrincipals",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_service_principals: Option<Vec<EnabledServicePrincipal>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListAccountsForParent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsForParentRequest {
    /// The unique identifier (ID) for the parent root or organization unit (OU) whose accounts you
    /// want to list.
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListAccountsForParent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsForParentResponse {
    /// A list of the accounts in the specified root or OU.
    #[serde(rename = "Accounts", default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Account>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListAccounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsRequest {
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListAccounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsResponse {
    /// A list of objects in the organization.
    #[serde(rename = "Accounts", default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Account>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListAccountsWithInvalidEffectivePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsWithInvalidEffectivePolicyRequest {
    /// The type of policy that you want information about. You can specify one of the following
    /// values:
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListAccountsWithInvalidEffectivePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAccountsWithInvalidEffectivePolicyResponse {
    /// The accounts in the organization which have an invalid effective policy for the specified
    /// policy type.
    #[serde(rename = "Accounts", default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Account>>,
    /// The specified policy type. One of the following values:
    #[serde(
        rename = "PolicyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_type: Option<String>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListChildren.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListChildrenRequest {
    /// The unique identifier (ID) for the parent root or OU whose children you want to list.
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    /// Filters the output to include only the specified child type.
    #[serde(rename = "ChildType")]
    pub child_type: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListChildren.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListChildrenResponse {
    /// The list of children of the specified parent container.
    #[serde(rename = "Children", default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Child>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListCreateAccountStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListCreateAccountStatusRequest {
    /// A list of one or more states that you want included in the response. If this parameter isn't
    /// present, all requests are included in the response.
    #[serde(rename = "States", default, skip_serializing_if = "Option::is_none")]
    pub states: Option<Vec<String>>,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListCreateAccountStatus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListCreateAccountStatusResponse {
    /// A list of objects with details about the requests. Certain elements, such as the accountId
    /// number, are present in the output only after the account has been successfully created.
    #[serde(
        rename = "CreateAccountStatuses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_account_statuses: Option<Vec<CreateAccountStatus>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListDelegatedAdministrators.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegatedAdministratorsRequest {
    /// Specifies a service principal name. If specified, then the operation lists the delegated
    /// administrators only for the specified service.
    #[serde(
        rename = "ServicePrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_principal: Option<String>,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListDelegatedAdministrators.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegatedAdministratorsResponse {
    /// The list of delegated administrators in your organization.
    #[serde(
        rename = "DelegatedAdministrators",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegated_administrators: Option<Vec<DelegatedAdministrator>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListDelegatedServicesForAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegatedServicesForAccountRequest {
    /// The account ID number of a delegated administrator account in the organization.
    #[serde(rename = "AccountId")]
    pub account_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListDelegatedServicesForAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelegatedServicesForAccountResponse {
    /// The services for which the account is a delegated administrator.
    #[serde(
        rename = "DelegatedServices",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delegated_services: Option<Vec<DelegatedService>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListEffectivePolicyValidationErrors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEffectivePolicyValidationErrorsRequest {
    /// The ID of the account that you want details about. Specifying an organization root or
    /// organizational unit (OU) as the target is not supported.
    #[serde(rename = "AccountId")]
    pub account_id: String,
    /// The type of policy that you want information about. You can specify one of the following
    /// values:
    #[serde(rename = "PolicyType")]
    pub policy_type: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListEffectivePolicyValidationErrors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEffectivePolicyValidationErrorsResponse {
    /// The ID of the specified account.
    #[serde(rename = "AccountId", default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The specified policy type. One of the following values:
    #[serde(
        rename = "PolicyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_type: Option<String>,
    /// The path in the organization where the specified account exists.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The time when the latest effective policy was generated for the specified account.
    #[serde(
        rename = "EvaluationTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub evaluation_timestamp: Option<i64>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The EffectivePolicyValidationError object contains details about the validation errors that
    /// occurred when generating or enforcing an effective policy, such as which policies
    /// contributed to the error and location of the error.
    #[serde(
        rename = "EffectivePolicyValidationErrors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_policy_validation_errors: Option<Vec<EffectivePolicyValidationError>>,
}

/// The input of ListHandshakesForAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListHandshakesForAccountRequest {
    /// A HandshakeFilter object. Contains the filer used to select the handshakes for an operation.
    #[serde(rename = "Filter", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<HandshakeFilter>,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListHandshakesForAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListHandshakesForAccountResponse {
    /// An array of Handshakeobjects. Contains details for a handshake.
    #[serde(
        rename = "Handshakes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub handshakes: Option<Vec<Handshake>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListHandshakesForOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListHandshakesForOrganizationRequest {
    /// A HandshakeFilter object. Contains the filer used to select the handshakes for an operation.
    #[serde(rename = "Filter", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<HandshakeFilter>,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListHandshakesForOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListHandshakesForOrganizationResponse {
    /// An array of Handshakeobjects. Contains details for a handshake.
    #[serde(
        rename = "Handshakes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub handshakes: Option<Vec<Handshake>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListInboundResponsibilityTransfers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInboundResponsibilityTransfersRequest {
    /// The type of responsibility. Currently, only BILLING is supported.
    #[serde(rename = "Type")]
    pub r#type: String,
    /// ID for the transfer.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListInboundResponsibilityTransfers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInboundResponsibilityTransfersResponse {
    /// A ResponsibilityTransfers object. Contains details for a transfer.
    #[serde(
        rename = "ResponsibilityTransfers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub responsibility_transfers: Option<Vec<ResponsibilityTransfer>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListOrganizationalUnitsForParent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOrganizationalUnitsForParentRequest {
    /// ID for the root or OU whose child OUs you want to list.
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListOrganizationalUnitsForParent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOrganizationalUnitsForParentResponse {
    /// A list of the OUs in the specified root or parent OU.
    #[serde(
        rename = "OrganizationalUnits",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_units: Option<Vec<OrganizationalUnit>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListOutboundResponsibilityTransfers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOutboundResponsibilityTransfersRequest {
    /// The type of responsibility. Currently, only BILLING is supported.
    #[serde(rename = "Type")]
    pub r#type: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListOutboundResponsibilityTransfers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOutboundResponsibilityTransfersResponse {
    /// An array of ResponsibilityTransfer objects. Contains details for a transfer.
    #[serde(
        rename = "ResponsibilityTransfers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub responsibility_transfers: Option<Vec<ResponsibilityTransfer>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListParents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListParentsRequest {
    /// ID for the OU or account whose parent containers you want to list. Don't specify a root.
    #[serde(rename = "ChildId")]
    pub child_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListParents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListParentsResponse {
    /// A list of parents for the specified child account or OU.
    #[serde(rename = "Parents", default, skip_serializing_if = "Option::is_none")]
    pub parents: Option<Vec<Parent>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListPoliciesForTarget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesForTargetRequest {
    /// ID for the root, organizational unit, or account whose policies you want to list.
    #[serde(rename = "TargetId")]
    pub target_id: String,
    /// The type of policy that you want to include in the returned list. You must specify one of
    /// the following values:
    #[serde(rename = "Filter")]
    pub filter: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListPoliciesForTarget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesForTargetResponse {
    /// The list of policies that match the criteria in the request.
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<PolicySummary>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesRequest {
    /// Specifies the type of policy that you want to include in the response. You must specify one
    /// of the following values:
    #[serde(rename = "Filter")]
    pub filter: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListPolicies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPoliciesResponse {
    /// A list of policies that match the filter criteria in the request. The output list doesn't
    /// include the policy contents. To see the content for a policy, see DescribePolicy.
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<PolicySummary>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListRoots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsRequest {
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListRoots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsResponse {
    /// A list of roots that are defined in an organization.
    #[serde(rename = "Roots", default, skip_serializing_if = "Option::is_none")]
    pub roots: Option<Vec<Root>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListTagsForResource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTagsForResourceRequest {
    /// The ID of the resource with the tags to list.
    #[serde(rename = "ResourceId")]
    pub resource_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The output of ListTagsForResource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTagsForResourceResponse {
    /// The tags that are assigned to the resource.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of ListTargetsForPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTargetsForPolicyRequest {
    /// ID for the policy whose attachments you want to know.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
    /// The parameter for receiving additional results if you receive a NextToken response in a
    /// previous request. A NextToken response indicates that more output is available. Set this
    /// parameter to the value of the previous call's NextToken response to indicate where the
    /// output should continue from.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The maximum number of items to return in the response. If more results exist than the
    /// specified MaxResults value, a token is included in the response so that you can retrieve the
    /// remaining results.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The output of ListTargetsForPolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTargetsForPolicyResponse {
    /// A list of structures, each of which contains details about one of the entities to which the
    /// specified policy is attached.
    #[serde(rename = "Targets", default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<PolicyTargetSummary>>,
    /// If present, indicates that more output is available than is included in the current
    /// response. Use this value in the NextToken request parameter in a subsequent call to the
    /// operation to get the next part of the output. You should repeat this until the NextToken
    /// response element comes back as null.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of MoveAccount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MoveAccountRequest {
    /// ID for the account that you want to move.
    #[serde(rename = "AccountId")]
    pub account_id: String,
    /// ID for the root or organizational unit that you want to move the account from.
    #[serde(rename = "SourceParentId")]
    pub source_parent_id: String,
    /// ID for the root or organizational unit that you want to move the account to.
    #[serde(rename = "DestinationParentId")]
    pub destination_parent_id: String,
}

/// Contains details about an organization. An organization is a collection of accounts that are
/// centrally managed together using consolidated billing, organized hierarchically with
/// organizational units (OUs), and controlled with policies .
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The unique identifier (ID) of an organization.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of an organization.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Specifies the functionality that currently is available to the organization. If set to
    /// "ALL", then all features are enabled and policies can be applied to accounts in the
    /// organization. If set to "CONSOLIDATED_BILLING", then only consolidated billing functionality
    /// is available. For more information, see Enabling all features in your organization in the
    /// Organizations User Guide.
    #[serde(
        rename = "FeatureSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub feature_set: Option<String>,
    /// The Amazon Resource Name (ARN) of the account that is designated as the management account
    /// for the organization.
    #[serde(
        rename = "MasterAccountArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_account_arn: Option<String>,
    /// The unique identifier (ID) of the management account of an organization.
    #[serde(
        rename = "MasterAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_account_id: Option<String>,
    /// The email address that is associated with the Amazon Web Services account that is designated
    /// as the management account for the organization.
    #[serde(
        rename = "MasterAccountEmail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_account_email: Option<String>,
    /// Do not use. This field is deprecated and doesn't provide complete information about the
    /// policies in your organization.
    #[serde(
        rename = "AvailablePolicyTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub available_policy_types: Option<Vec<PolicyTypeSummary>>,
}

/// Contains details about an organizational unit (OU). An OU is a container of Amazon Web
/// Services accounts within a root of an organization. Policies that are attached to an OU
/// apply to all accounts contained in that OU and in any child OUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationalUnit {
    /// The unique identifier (ID) associated with this OU. The ID is unique to the organization
    /// only.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of this OU.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The friendly name of this OU.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The path in the organization where this OU exists.
    #[serde(rename = "Path", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Contains information about either a root or an organizational unit (OU) that can contain OUs
/// or accounts in an organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parent {
    /// The unique identifier (ID) of the parent entity.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The type of the parent entity.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// Contains rules to be applied to the affected accounts. Policies can be attached directly to
/// accounts, or to roots and OUs to affect all accounts in those hierarchies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// A structure that contains additional details about the policy.
    #[serde(
        rename = "PolicySummary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_summary: Option<PolicySummary>,
    /// The text content of the policy.
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// Contains information about a policy, but does not include the content. To see the content of
/// a policy, see DescribePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    /// The unique identifier (ID) of the policy.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of the policy.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The friendly name of the policy.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description of the policy.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The type of policy.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// A boolean value that indicates whether the specified policy is an Amazon Web Services
    /// managed policy. If true, then you can attach the policy to roots, OUs, or accounts, but you
    /// cannot edit it.
    #[serde(
        rename = "AwsManaged",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_managed: Option<bool>,
}

/// Contains information about a root, OU, or account that a policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyTargetSummary {
    /// The unique identifier (ID) of the policy target.
    #[serde(rename = "TargetId", default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The Amazon Resource Name (ARN) of the policy target.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The friendly name of the policy target.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The type of the policy target.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// Contains information about a policy type and its status in the associated root.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyTypeSummary {
    /// The name of the policy type.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The status of the policy type as it relates to the associated root. To attach a policy of
    /// the specified type to a root or to an OU or account in that root, it must be available in
    /// the organization and enabled for that root.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// The input of PutResourcePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutResourcePolicyRequest {
    /// If provided, the new content for the resource policy. The text must be correctly formatted
    /// JSON that complies with the syntax for the resource policy's type. For more information, see
    /// SCP syntax in the Organizations User Guide.
    #[serde(rename = "Content")]
    pub content: String,
    /// A list of tags that you want to attach to the newly created resource policy. For each tag in
    /// the list, you must specify both a tag key and a value. You can set the value to an empty
    /// string, but you can't set it to null. For more information about tagging, see Tagging
    /// Organizations resources in the Organizations User Guide.
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The output of PutResourcePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutResourcePolicyResponse {
    /// A structure that contains details about the resource policy.
    #[serde(
        rename = "ResourcePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_policy: Option<ResourcePolicy>,
}

/// The input of RegisterDelegatedAdministrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterDelegatedAdministratorRequest {
    /// The account ID number of the member account in the organization to register as a delegated
    /// administrator.
    #[serde(rename = "AccountId")]
    pub account_id: String,
    /// The service principal of the Amazon Web Services service for which you want to make the
    /// member account a delegated administrator.
    #[serde(rename = "ServicePrincipal")]
    pub service_principal: String,
}

/// The input of RemoveAccountFromOrganization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoveAccountFromOrganizationRequest {
    /// ID for the member account that you want to remove from the organization.
    #[serde(rename = "AccountId")]
    pub account_id: String,
}

/// A structure that contains details about a resource policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourcePolicy {
    /// A structure that contains resource policy ID and Amazon Resource Name (ARN).
    #[serde(
        rename = "ResourcePolicySummary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_policy_summary: Option<ResourcePolicySummary>,
    /// The policy text of the resource policy.
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// A structure that contains resource policy ID and Amazon Resource Name (ARN).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourcePolicySummary {
    /// The unique identifier (ID) of the resource policy.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of the resource policy.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// Contains details for a transfer. A transfer is the arrangement between two management
/// accounts where one account designates the other with specified responsibilities for their
/// organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponsibilityTransfer {
    /// Amazon Resource Name (ARN) for the transfer.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Name assigned to the transfer.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// ID for the transfer.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The type of transfer. Currently, only BILLING is supported.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Status for the transfer.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Account that allows another account external to its organization to manage the specified
    /// responsibilities for the organization.
    #[serde(rename = "Source", default, skip_serializing_if = "Option::is_none")]
    pub source: Option<TransferParticipant>,
    /// Account that manages the specified responsibilities for another organization.
    #[serde(rename = "Target", default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TransferParticipant>,
    /// Timestamp when the transfer starts.
    #[serde(
        rename = "StartTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub start_timestamp: Option<i64>,
    /// Timestamp when the transfer ends.
    #[serde(
        rename = "EndTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub end_timestamp: Option<i64>,
    /// ID for the handshake of the transfer.
    #[serde(
        rename = "ActiveHandshakeId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub active_handshake_id: Option<String>,
}

/// Contains details about a root. A root is a top-level parent node in the hierarchy of an
/// organization that can contain organizational units (OUs) and accounts. The root contains
/// every Amazon Web Services account in the organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Root {
    /// The unique identifier (ID) for the root. The ID is unique to the organization only.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Amazon Resource Name (ARN) of the root.
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The friendly name of the root.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The types of policies that are currently enabled for the root and therefore can be attached
    /// to the root or to its OUs or accounts.
    #[serde(
        rename = "PolicyTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_types: Option<Vec<PolicyTypeSummary>>,
}

/// A custom key-value pair associated with a resource within your organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// The key identifier, or name, of the tag.
    #[serde(rename = "Key")]
    pub key: String,
    /// The string value that's associated with the key of the tag. You can set the value of a tag
    /// to an empty string, but you can't set the value of a tag to null.
    #[serde(rename = "Value")]
    pub value: String,
}

/// The input of TagResource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagResourceRequest {
    /// The ID of the resource to add a tag to.
    #[serde(rename = "ResourceId")]
    pub resource_id: String,
    /// A list of tags to add to the specified resource.
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

/// The input of TerminateResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminateResponsibilityTransferRequest {
    /// ID for the transfer.
    #[serde(rename = "Id")]
    pub id: String,
    /// Timestamp when the responsibility transfer is to end.
    #[serde(
        rename = "EndTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub end_timestamp: Option<i64>,
}

/// The output of TerminateResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminateResponsibilityTransferResponse {
    /// A ResponsibilityTransfer object. Contains details for a transfer.
    #[serde(
        rename = "ResponsibilityTransfer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub responsibility_transfer: Option<ResponsibilityTransfer>,
}

/// Contains details for a participant in a transfer. A transfer is the arrangement between two
/// management accounts where one account designates the other with specified responsibilities
/// for their organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransferParticipant {
    /// ID for the management account.
    #[serde(
        rename = "ManagementAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub management_account_id: Option<String>,
    /// Email address for the management account.
    #[serde(
        rename = "ManagementAccountEmail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub management_account_email: Option<String>,
}

/// The input of UntagResource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagResourceRequest {
    /// The ID of the resource to remove a tag from.
    #[serde(rename = "ResourceId")]
    pub resource_id: String,
    /// The list of keys for tags to remove from the specified resource.
    #[serde(rename = "TagKeys")]
    pub tag_keys: Vec<String>,
}

/// The input of UpdateOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateOrganizationalUnitRequest {
    /// ID for the OU that you want to rename. You can get the ID from the
    /// ListOrganizationalUnitsForParent operation.
    #[serde(rename = "OrganizationalUnitId")]
    pub organizational_unit_id: String,
    /// The new name that you want to assign to the OU.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The output of UpdateOrganizationalUnit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateOrganizationalUnitResponse {
    /// A structure that contains the details about the specified OU, including its new name.
    #[serde(
        rename = "OrganizationalUnit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit: Option<OrganizationalUnit>,
}

/// The input of UpdatePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdatePolicyRequest {
    /// ID for the policy that you want to update.
    #[serde(rename = "PolicyId")]
    pub policy_id: String,
    /// If provided, the new name for the policy.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// If provided, the new description for the policy.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// If provided, the new content for the policy. The text must be correctly formatted JSON that
    /// complies with the syntax for the policy's type. For more information, see SCP syntax in the
    /// Organizations User Guide.
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// The output of UpdatePolicy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdatePolicyResponse {
    /// A structure that contains details about the updated policy, showing the requested changes.
    #[serde(rename = "Policy", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The input of UpdateResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateResponsibilityTransferRequest {
    /// ID for the transfer.
    #[serde(rename = "Id")]
    pub id: String,
    /// New name you want to assign to the transfer.
    #[serde(rename = "Name")]
    pub name: String,
}

/// The output of UpdateResponsibilityTransfer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateResponsibilityTransferResponse {
    #[serde(
        rename = "ResponsibilityTransfer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub responsibility_transfer: Option<ResponsibilityTransfer>,
}

crate::inputs! {
    AcceptHandshakeRequest,
    AttachPolicyRequest,
    CancelHandshakeRequest,
    CloseAccountRequest,
    CreateAccountRequest,
    CreateGovCloudAccountRequest,
    CreateOrganizationRequest,
    CreateOrganizationalUnitRequest,
    CreatePolicyRequest,
    DeclineHandshakeRequest,
    DeleteOrganizationalUnitRequest,
    DeletePolicyRequest,
    DeregisterDelegatedAdministratorRequest,
    DescribeAccountRequest,
    DescribeCreateAccountStatusRequest,
    DescribeEffectivePolicyRequest,
    DescribeHandshakeRequest,
    DescribeOrganizationalUnitRequest,
    DescribePolicyRequest,
    DescribeResponsibilityTransferRequest,
    DetachPolicyRequest,
    DisableAWSServiceAccessRequest,
    DisablePolicyTypeRequest,
    EnableAWSServiceAccessRequest,
    EnableAllFeaturesRequest,
    EnablePolicyTypeRequest,
    InviteAccountToOrganizationRequest,
    InviteOrganizationToTransferResponsibilityRequest,
    ListAWSServiceAccessForOrganizationRequest,
    ListAccountsForParentRequest,
    ListAccountsRequest,
    ListAccountsWithInvalidEffectivePolicyRequest,
    ListChildrenRequest,
    ListCreateAccountStatusRequest,
    ListDelegatedAdministratorsRequest,
    ListDelegatedServicesForAccountRequest,
    ListEffectivePolicyValidationErrorsRequest,
    ListHandshakesForAccountRequest,
    ListHandshakesForOrganizationRequest,
    ListInboundResponsibilityTransfersRequest,
    ListOrganizationalUnitsForParentRequest,
    ListOutboundResponsibilityTransfersRequest,
    ListParentsRequest,
    ListPoliciesForTargetRequest,
    ListPoliciesRequest,
    ListRootsRequest,
    ListTagsForResourceRequest,
    ListTargetsForPolicyRequest,
    MoveAccountRequest,
    PutResourcePolicyRequest,
    RegisterDelegatedAdministratorRequest,
    RemoveAccountFromOrganizationRequest,
    TagResourceRequest,
    TerminateResponsibilityTransferRequest,
    UntagResourceRequest,
    UpdateOrganizationalUnitRequest,
    UpdatePolicyRequest,
    UpdateResponsibilityTransferRequest,
}
crate::outputs! {
    AcceptHandshakeResponse,
    CancelHandshakeResponse,
    CreateAccountResponse,
    CreateGovCloudAccountResponse,
    CreateOrganizationResponse,
    CreateOrganizationalUnitResponse,
    CreatePolicyResponse,
    DeclineHandshakeResponse,
    DescribeAccountResponse,
    DescribeCreateAccountStatusResponse,
    DescribeEffectivePolicyResponse,
    DescribeHandshakeResponse,
    DescribeOrganizationResponse,
    DescribeOrganizationalUnitResponse,
    DescribePolicyResponse,
    DescribeResourcePolicyResponse,
    DescribeResponsibilityTransferResponse,
    DisablePolicyTypeResponse,
    EnableAllFeaturesResponse,
    EnablePolicyTypeResponse,
    InviteAccountToOrganizationResponse,
    InviteOrganizationToTransferResponsibilityResponse,
    ListAWSServiceAccessForOrganizationResponse,
    ListAccountsForParentResponse,
    ListAccountsResponse,
    ListAccountsWithInvalidEffectivePolicyResponse,
    ListChildrenResponse,
    ListCreateAccountStatusResponse,
    ListDelegatedAdministratorsResponse,
    ListDelegatedServicesForAccountResponse,
    ListEffectivePolicyValidationErrorsResponse,
    ListHandshakesForAccountResponse,
    ListHandshakesForOrganizationResponse,
    ListInboundResponsibilityTransfersResponse,
    ListOrganizationalUnitsForParentResponse,
    ListOutboundResponsibilityTransfersResponse,
    ListParentsResponse,
    ListPoliciesForTargetResponse,
    ListPoliciesResponse,
    ListRootsResponse,
    ListTagsForResourceResponse,
    ListTargetsForPolicyResponse,
    PutResourcePolicyResponse,
    TerminateResponsibilityTransferResponse,
    UpdateOrganizationalUnitResponse,
    UpdatePolicyResponse,
    UpdateResponsibilityTransferResponse,
}
