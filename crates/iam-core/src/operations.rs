//! The operations table: every action this server implements, with the IAM permission it needs
//! and the resource AWS authorizes it against, and the one dispatch from action name to handler.
//! Adding an action = one line here + its handler.
use crate::authz::RequestInfo;
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::service::{Caller, Iam, Principal};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Iam,
    Sts,
    /// AWS Organizations (the JSON 1.1 protocol).
    Organizations,
    /// AWS CloudTrail (JSON 1.1): LookupEvents, the audit trail's event history.
    CloudTrail,
}

impl Service {
    /// CloudTrail's `eventSource` for this service's events.
    pub fn event_source(self) -> &'static str {
        match self {
            Service::Iam => "iam.amazonaws.com",
            Service::Sts => "sts.amazonaws.com",
            Service::Organizations => "organizations.amazonaws.com",
            Service::CloudTrail => "cloudtrail.amazonaws.com",
        }
    }
}

/// How a request proves who sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// A SigV4 signature by an access key or session (every action but the two below).
    Signature,
    /// The web identity token or SAML assertion in the request is the credential: AWS ignores
    /// any signature, and the role's trust policy, evaluated by the action, is the only policy.
    InRequest,
}

/// The wire protocol of an operation's service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// Form-encoded parameters, XML answers (IAM, STS).
    Query,
    /// JSON 1.1 (`X-Amz-Target`), JSON answers (Organizations).
    Json,
}

/// Whether an operation changes state: what the audit trail records as `readOnly`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// `Get*`, `List*`, `Describe*`, `Simulate*`, `Lookup*`, DecodeAuthorizationMessage and the
/// STS role calls (`Assume*`, which CloudTrail records with `"readOnly": true`, like
/// GetSessionToken) read; every other action writes (CloudTrail's `readOnly`).
#[doc(hidden)]
pub const fn access_of(action: &str) -> Access {
    const fn starts_with(s: &[u8], prefix: &[u8]) -> bool {
        if s.len() < prefix.len() {
            return false;
        }
        let mut i = 0;
        while i < prefix.len() {
            if s[i] != prefix[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let a = action.as_bytes();
    if starts_with(a, b"Get")
        || starts_with(a, b"List")
        || starts_with(a, b"Describe")
        || starts_with(a, b"Simulate")
        || starts_with(a, b"Lookup")
        || starts_with(a, b"Assume")
        || starts_with(a, b"DecodeAuthorizationMessage")
    {
        Access::Read
    } else {
        Access::Write
    }
}

/// How an action names the resource it is authorized against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// `UserName` (or, where optional, the calling user).
    User,
    Group,
    /// `PolicyArn`.
    Policy,
    /// CreatePolicy: the ARN the new policy will have.
    NewPolicy,
    /// `RoleName`.
    Role,
    /// `RoleArn` (sts:AssumeRole).
    RoleArn,
    /// `InstanceProfileName`.
    InstanceProfile,
    /// Account-level and list actions: `*`.
    Any,
    /// Virtual MFA devices: `SerialNumber`, or the ARN CreateVirtualMFADevice will give.
    MfaDevice,
    /// SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy: the `PolicySourceArn`.
    PolicySource,
    /// `ServerCertificateName`: `arn:P:iam::ACCT:server-certificate{path}{name}` (P the
    /// caller's partition, as in every ARN below).
    ServerCertificate,
    /// `OpenIDConnectProviderArn`, or the ARN CreateOpenIDConnectProvider will give (`Url`).
    OidcProvider,
    /// `SAMLProviderArn`, or the ARN CreateSAMLProvider will give (`Name`).
    SamlProvider,
    /// GetFederationToken: `arn:P:sts::ACCT:federated-user/NAME`.
    FederatedUser,
    /// GenerateOrganizationsAccessReport: `arn:P:iam::ACCT:access-report/{EntityPath}`.
    AccessReport,
    /// sts:AssumeRoot: the target member account's root user, `arn:P:iam::TARGET:root`.
    TargetRoot,
    /// CreateServiceLinkedRole: the role it will create,
    /// `arn:aws:iam::ACCT:role/aws-service-role/{AWSServiceName}/{role name}[_{CustomSuffix}]`
    /// (IAM User Guide, using-service-linked-roles: the permission is granted on that ARN).
    ServiceLinkedRole,
}

/// When a dependent action is authorized besides the operation's own permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// On every call (AddRoleToInstanceProfile → iam:PassRole).
    Always,
    /// The request carries `Tags` (Create* → iam:Tag*; GetFederationToken → sts:TagSession).
    Tags,
    /// The new session gets tags: `Tags`, `TransitiveTagKeys`, or transitive tags of the
    /// calling session (AssumeRole → sts:TagSession).
    SessionTags,
    /// The request sets `SourceIdentity`, or the calling session has one that the new session
    /// inherits (AssumeRole → sts:SetSourceIdentity).
    SourceIdentity,
}

/// An action the Service Authorization Reference lists in an operation's "Dependent actions"
/// column: authorized with its own permission and resource, in the same request context.
#[derive(Clone, Copy, Debug)]
pub struct Dependent {
    pub permission: &'static str,
    pub resource: Resource,
    pub when: When,
}

/// Sets an operation's own condition keys (beyond the global ones) from its input.
pub type ContextFn = fn(&Input, &mut iam_policy::ContextKeys);

#[derive(Clone, Copy, Debug)]
pub struct Operation {
    pub action: &'static str,
    /// `service:Action`, spelled once at compile time: read it with `permission()`.
    pub permission: &'static str,
    pub service: Service,
    pub resource: Resource,
    /// Dependent actions, each authorized too when its `When` holds.
    pub dependents: &'static [Dependent],
    /// The operation's own condition keys.
    pub context: ContextFn,
    /// It may carry an MFA code (`SerialNumber` + `TokenCode`), verified before authorization
    /// so that aws:MultiFactorAuthPresent holds for the request and the session it creates.
    pub takes_mfa_code: bool,
    pub auth: Auth,
    pub access: Access,
    /// The handler (`Iam::create_user`, `accounts::create_account`), called through
    /// `Iam::execute`.
    pub handler: Handler,
}

impl Operation {
    /// The wire protocol: JSON 1.1 for Organizations and CloudTrail, Query for IAM and STS.
    pub fn protocol(&self) -> Protocol {
        match self.service {
            Service::Organizations | Service::CloudTrail => Protocol::Json,
            Service::Iam | Service::Sts => Protocol::Query,
        }
    }

    /// `iam:CreateUser`, `sts:GetCallerIdentity`.
    pub fn permission(&self) -> &'static str {
        self.permission
    }
}

/// What a row's handler returns: the operation's output as the JSON value the wire layer
/// encodes.
pub type HandlerFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = IamResult<Value>> + Send + 'a>>;

/// A row's handler, as a value: decodes the input into the handler's input type, runs it, and
/// turns its output into JSON. `caller` is `None` only for `auth = InRequest` rows.
pub type Handler =
    for<'a> fn(&'a Iam, Option<&'a Caller>, &'a Input, &'a RequestInfo) -> HandlerFuture<'a>;

/// A row's credential column: `auth = InRequest`, else a signature.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_auth {
    () => {
        $crate::operations::Auth::Signature
    };
    ($a:ident) => {
        $crate::operations::Auth::$a
    };
}

/// Calls a row's handler: `(iam, caller, input)` for a signed action, `(iam, input, info)`
/// for one whose credential is in the request; the input is decoded into the handler's input
/// type and its output turned into the JSON value the wire layer encodes.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_call {
    ($h:path, $iam:ident, $caller:ident, $input:ident, $info:ident) => {{
        let _ = $info;
        $h(
            $iam,
            $crate::operations::signed($caller)?,
            $crate::input::Decode::decode($input)?,
        )
        .await
        .map($crate::__api_output)
    }};
    ($h:path, $iam:ident, $caller:ident, $input:ident, $info:ident, InRequest) => {{
        let _ = $caller;
        $h($iam, $crate::input::Decode::decode($input)?, $info)
            .await
            .map($crate::__api_output)
    }};
}

/// The caller of a signed action (always authenticated before dispatch).
#[doc(hidden)]
pub fn signed(caller: Option<&Caller>) -> IamResult<&Caller> {
    caller
        .ok_or_else(|| IamError::ServiceFailure("signed action dispatched without a caller".into()))
}

/// The IAM policy prefix of a service, as a literal for `concat!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_service_prefix {
    (Iam) => {
        "iam"
    };
    (Sts) => {
        "sts"
    };
    (Organizations) => {
        "organizations"
    };
    (CloudTrail) => {
        "cloudtrail"
    };
}

/// The context extractor of a row: the one named, or `op_context::common`.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_context {
    () => {
        $crate::op_context::common
    };
    ($f:path) => {
        $f
    };
}

/// `mfa_code = true` in a row, else false.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_flag {
    () => {
        false
    };
    ($b:literal) => {
        $b
    };
}

/// An operations table: `operations_table! { pub const NAME = [ rows ] }`, one row per action:
/// `"Action" => handler::path, Service, Resource[, deps [..]][, context f][, mfa_code = true]
/// [, auth = InRequest];`. iam-core declares IAM's and STS's rows, `iam-organizations` its own.
#[macro_export]
macro_rules! operations_table {
    ($(#[$meta:meta])* $vis:vis const $name:ident = [
        $($action:literal => $handler:path, $service:ident, $resource:ident
        $(, deps [$($dep:expr),* $(,)?])? $(, context $ctx:path)?
        $(, mfa_code = $mfa:literal)? $(, auth = $auth:ident)?;)*
    ]) => {
        $(#[$meta])*
        $vis const $name: &[$crate::operations::Operation] = &[
            $($crate::operations::Operation {
                action: $action,
                permission: concat!($crate::__op_service_prefix!($service), ":", $action),
                service: $crate::operations::Service::$service,
                resource: $crate::operations::Resource::$resource,
                dependents: &[$($($dep),*)?],
                context: $crate::__op_context!($($ctx)?),
                takes_mfa_code: $crate::__op_flag!($($mfa)?),
                auth: $crate::__op_auth!($($auth)?),
                access: $crate::operations::access_of($action),
                handler: {
                    fn run<'a>(
                        iam: &'a $crate::Iam,
                        caller: ::std::option::Option<&'a $crate::Caller>,
                        input: &'a $crate::Input,
                        info: &'a $crate::RequestInfo,
                    ) -> $crate::operations::HandlerFuture<'a> {
                        ::std::boxed::Box::pin(async move {
                            $crate::__op_call!($handler, iam, caller, input, info $(, $auth)?)
                        })
                    }
                    run
                },
            },)*
        ];
    };
}

impl Iam {
    /// Runs an operation of a table: a signed one already authenticated and authorized
    /// (`caller` is its caller), or one whose credential is in the request.
    pub async fn execute(
        &self,
        op: &Operation,
        caller: Option<&Caller>,
        input: &Input,
        info: &RequestInfo,
    ) -> IamResult<Value> {
        (op.handler)(self, caller, input, info).await
    }
}

crate::operations_table! {
    /// Every action of IAM, STS and CloudTrail iamd serves, one row each.
    pub const OPERATIONS = [
    "CreateUser" => Iam::create_user, Iam, User, deps [TAG_USER];
    "GetUser" => Iam::get_user, Iam, User;
    "UpdateUser" => Iam::update_user, Iam, User;
    "DeleteUser" => Iam::delete_user, Iam, User;
    "ListUsers" => Iam::list_users, Iam, Any;
    "TagUser" => Iam::tag_user, Iam, User;
    "UntagUser" => Iam::untag_user, Iam, User;
    "ListUserTags" => Iam::list_user_tags, Iam, User;
    "PutUserPermissionsBoundary" => Iam::put_user_permissions_boundary, Iam, User;
    "DeleteUserPermissionsBoundary" => Iam::delete_user_permissions_boundary, Iam, User;
    "CreateGroup" => Iam::create_group, Iam, Group;
    "GetGroup" => Iam::get_group, Iam, Group;
    "UpdateGroup" => Iam::update_group, Iam, Group;
    "DeleteGroup" => Iam::delete_group, Iam, Group;
    "ListGroups" => Iam::list_groups, Iam, Any;
    "AddUserToGroup" => Iam::add_user_to_group, Iam, Group;
    "RemoveUserFromGroup" => Iam::remove_user_from_group, Iam, Group;
    "ListGroupsForUser" => Iam::list_groups_for_user, Iam, User;
    "CreatePolicy" => Iam::create_policy, Iam, NewPolicy, deps [TAG_POLICY];
    "GetPolicy" => Iam::get_policy, Iam, Policy;
    "DeletePolicy" => Iam::delete_policy, Iam, Policy;
    "ListPolicies" => Iam::list_policies, Iam, Any;
    "CreatePolicyVersion" => Iam::create_policy_version, Iam, Policy;
    "GetPolicyVersion" => Iam::get_policy_version, Iam, Policy;
    "ListPolicyVersions" => Iam::list_policy_versions, Iam, Policy;
    "DeletePolicyVersion" => Iam::delete_policy_version, Iam, Policy;
    "SetDefaultPolicyVersion" => Iam::set_default_policy_version, Iam, Policy;
    "TagPolicy" => Iam::tag_policy, Iam, Policy;
    "UntagPolicy" => Iam::untag_policy, Iam, Policy;
    "ListPolicyTags" => Iam::list_policy_tags, Iam, Policy;
    "AttachUserPolicy" => Iam::attach_user_policy, Iam, User, context crate::op_context::policy_arn;
    "DetachUserPolicy" => Iam::detach_user_policy, Iam, User, context crate::op_context::policy_arn;
    "ListAttachedUserPolicies" => Iam::list_attached_user_policies, Iam, User;
    "AttachGroupPolicy" => Iam::attach_group_policy, Iam, Group, context crate::op_context::policy_arn;
    "DetachGroupPolicy" => Iam::detach_group_policy, Iam, Group, context crate::op_context::policy_arn;
    "ListAttachedGroupPolicies" => Iam::list_attached_group_policies, Iam, Group;
    "ListEntitiesForPolicy" => Iam::list_entities_for_policy, Iam, Policy;
    "PutUserPolicy" => Iam::put_user_policy, Iam, User;
    "GetUserPolicy" => Iam::get_user_policy, Iam, User;
    "DeleteUserPolicy" => Iam::delete_user_policy, Iam, User;
    "ListUserPolicies" => Iam::list_user_policies, Iam, User;
    "PutGroupPolicy" => Iam::put_group_policy, Iam, Group;
    "GetGroupPolicy" => Iam::get_group_policy, Iam, Group;
    "DeleteGroupPolicy" => Iam::delete_group_policy, Iam, Group;
    "ListGroupPolicies" => Iam::list_group_policies, Iam, Group;
    "CreateAccessKey" => Iam::create_access_key, Iam, User;
    "ListAccessKeys" => Iam::list_access_keys, Iam, User;
    "UpdateAccessKey" => Iam::update_access_key, Iam, User;
    "DeleteAccessKey" => Iam::delete_access_key, Iam, User;
    "GetAccessKeyLastUsed" => Iam::get_access_key_last_used, Iam, User;
    "CreateLoginProfile" => Iam::create_login_profile, Iam, User;
    "GetLoginProfile" => Iam::get_login_profile, Iam, User;
    "UpdateLoginProfile" => Iam::update_login_profile, Iam, User;
    "DeleteLoginProfile" => Iam::delete_login_profile, Iam, User;
    "ChangePassword" => Iam::change_password, Iam, User;
    "GenerateCredentialReport" => Iam::generate_credential_report, Iam, Any;
    "GetCredentialReport" => Iam::get_credential_report, Iam, Any;
    "GenerateServiceLastAccessedDetails" => Iam::generate_service_last_accessed_details, Iam, Any;
    "GetServiceLastAccessedDetails" => Iam::get_service_last_accessed_details, Iam, Any;
    "GetServiceLastAccessedDetailsWithEntities" => Iam::get_service_last_accessed_details_with_entities, Iam, Any;
    "GenerateOrganizationsAccessReport" => Iam::generate_organizations_access_report, Iam, AccessReport;
    "GetOrganizationsAccessReport" => Iam::get_organizations_access_report, Iam, Any;
    "ListPoliciesGrantingServiceAccess" => Iam::list_policies_granting_service_access, Iam, Any;
    "GetAccountPasswordPolicy" => Iam::get_account_password_policy, Iam, Any;
    "UpdateAccountPasswordPolicy" => Iam::update_account_password_policy, Iam, Any;
    "DeleteAccountPasswordPolicy" => Iam::delete_account_password_policy, Iam, Any;
    "CreateAccountAlias" => Iam::create_account_alias, Iam, Any;
    "DeleteAccountAlias" => Iam::delete_account_alias, Iam, Any;
    "ListAccountAliases" => Iam::list_account_aliases, Iam, Any;
    "GetAccountSummary" => Iam::get_account_summary, Iam, Any;
    "SetSecurityTokenServicePreferences" => Iam::set_security_token_service_preferences, Iam, Any;
    "EnableOrganizationsRootCredentialsManagement" => Iam::enable_organizations_root_credentials_management, Iam, Any;
    "DisableOrganizationsRootCredentialsManagement" => Iam::disable_organizations_root_credentials_management, Iam, Any;
    "EnableOrganizationsRootSessions" => Iam::enable_organizations_root_sessions, Iam, Any;
    "DisableOrganizationsRootSessions" => Iam::disable_organizations_root_sessions, Iam, Any;
    "ListOrganizationsFeatures" => Iam::list_organizations_features, Iam, Any;
    "GetAccountAuthorizationDetails" => Iam::get_account_authorization_details, Iam, Any;
    "SimulatePrincipalPolicy" => Iam::simulate_principal_policy, Iam, PolicySource;
    "SimulateCustomPolicy" => Iam::simulate_custom_policy, Iam, Any;
    "GetContextKeysForPrincipalPolicy" => Iam::get_context_keys_for_principal_policy, Iam, PolicySource;
    "GetContextKeysForCustomPolicy" => Iam::get_context_keys_for_custom_policy, Iam, Any;
    "GetCallerIdentity" => Iam::get_caller_identity, Sts, Any;
    "AssumeRole" => Iam::assume_role, Sts, RoleArn, deps [TAG_SESSION_ASSUMED, SET_SOURCE_IDENTITY], context crate::op_context::assume_role, mfa_code = true;
    "GetSessionToken" => Iam::get_session_token, Sts, Any, mfa_code = true;
    "GetAccessKeyInfo" => Iam::get_access_key_info, Sts, Any;
    "AssumeRoot" => Iam::assume_root, Sts, TargetRoot, context crate::op_context::assume_root;
    "GetWebIdentityToken" => Iam::get_web_identity_token, Sts, Any, context crate::op_context::get_web_identity_token;
    "EnableOutboundWebIdentityFederation" => Iam::enable_outbound_web_identity_federation, Iam, Any;
    "DisableOutboundWebIdentityFederation" => Iam::disable_outbound_web_identity_federation, Iam, Any;
    "GetOutboundWebIdentityFederationInfo" => Iam::get_outbound_web_identity_federation_info, Iam, Any;
    "CreateRole" => Iam::create_role, Iam, Role, deps [TAG_ROLE];
    "GetRole" => Iam::get_role, Iam, Role;
    "UpdateRole" => Iam::update_role, Iam, Role;
    "UpdateRoleDescription" => Iam::update_role_description, Iam, Role;
    "UpdateAssumeRolePolicy" => Iam::update_assume_role_policy, Iam, Role;
    "DeleteRole" => Iam::delete_role, Iam, Role;
    "ListRoles" => Iam::list_roles, Iam, Any;
    "TagRole" => Iam::tag_role, Iam, Role;
    "UntagRole" => Iam::untag_role, Iam, Role;
    "ListRoleTags" => Iam::list_role_tags, Iam, Role;
    "PutRolePermissionsBoundary" => Iam::put_role_permissions_boundary, Iam, Role;
    "DeleteRolePermissionsBoundary" => Iam::delete_role_permissions_boundary, Iam, Role;
    "PutRolePolicy" => Iam::put_role_policy, Iam, Role;
    "GetRolePolicy" => Iam::get_role_policy, Iam, Role;
    "DeleteRolePolicy" => Iam::delete_role_policy, Iam, Role;
    "ListRolePolicies" => Iam::list_role_policies, Iam, Role;
    "AttachRolePolicy" => Iam::attach_role_policy, Iam, Role, context crate::op_context::policy_arn;
    "DetachRolePolicy" => Iam::detach_role_policy, Iam, Role, context crate::op_context::policy_arn;
    "ListAttachedRolePolicies" => Iam::list_attached_role_policies, Iam, Role;
    "CreateInstanceProfile" => Iam::create_instance_profile, Iam, InstanceProfile, deps [TAG_INSTANCE_PROFILE];
    "GetInstanceProfile" => Iam::get_instance_profile, Iam, InstanceProfile;
    "DeleteInstanceProfile" => Iam::delete_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfiles" => Iam::list_instance_profiles, Iam, Any;
    "AddRoleToInstanceProfile" => Iam::add_role_to_instance_profile, Iam, InstanceProfile, deps [PASS_ROLE], context crate::op_context::add_role_to_instance_profile;
    "RemoveRoleFromInstanceProfile" => Iam::remove_role_from_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfilesForRole" => Iam::list_instance_profiles_for_role, Iam, Role;
    "TagInstanceProfile" => Iam::tag_instance_profile, Iam, InstanceProfile;
    "UntagInstanceProfile" => Iam::untag_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfileTags" => Iam::list_instance_profile_tags, Iam, InstanceProfile;
    "CreateVirtualMFADevice" => Iam::create_virtual_mfa_device, Iam, MfaDevice, deps [TAG_MFA_DEVICE];
    "DeleteVirtualMFADevice" => Iam::delete_virtual_mfa_device, Iam, MfaDevice;
    "ListVirtualMFADevices" => Iam::list_virtual_mfa_devices, Iam, Any;
    "EnableMFADevice" => Iam::enable_mfa_device, Iam, User;
    "ResyncMFADevice" => Iam::resync_mfa_device, Iam, User;
    "DeactivateMFADevice" => Iam::deactivate_mfa_device, Iam, User;
    "ListMFADevices" => Iam::list_mfa_devices, Iam, User;
    "GetMFADevice" => Iam::get_mfa_device, Iam, User;
    "TagMFADevice" => Iam::tag_mfa_device, Iam, MfaDevice;
    "UntagMFADevice" => Iam::untag_mfa_device, Iam, MfaDevice;
    "ListMFADeviceTags" => Iam::list_mfa_device_tags, Iam, MfaDevice;
    "UploadSSHPublicKey" => Iam::upload_ssh_public_key, Iam, User;
    "GetSSHPublicKey" => Iam::get_ssh_public_key, Iam, User;
    "UpdateSSHPublicKey" => Iam::update_ssh_public_key, Iam, User;
    "DeleteSSHPublicKey" => Iam::delete_ssh_public_key, Iam, User;
    "ListSSHPublicKeys" => Iam::list_ssh_public_keys, Iam, User;
    "UploadSigningCertificate" => Iam::upload_signing_certificate, Iam, User;
    "UpdateSigningCertificate" => Iam::update_signing_certificate, Iam, User;
    "DeleteSigningCertificate" => Iam::delete_signing_certificate, Iam, User;
    "ListSigningCertificates" => Iam::list_signing_certificates, Iam, User;
    "UploadServerCertificate" => Iam::upload_server_certificate, Iam, ServerCertificate, deps [TAG_SERVER_CERTIFICATE];
    "GetServerCertificate" => Iam::get_server_certificate, Iam, ServerCertificate;
    "UpdateServerCertificate" => Iam::update_server_certificate, Iam, ServerCertificate;
    "DeleteServerCertificate" => Iam::delete_server_certificate, Iam, ServerCertificate;
    "ListServerCertificates" => Iam::list_server_certificates, Iam, Any;
    "TagServerCertificate" => Iam::tag_server_certificate, Iam, ServerCertificate;
    "UntagServerCertificate" => Iam::untag_server_certificate, Iam, ServerCertificate;
    "ListServerCertificateTags" => Iam::list_server_certificate_tags, Iam, ServerCertificate;
    "CreateServiceSpecificCredential" => Iam::create_service_specific_credential, Iam, User;
    "ResetServiceSpecificCredential" => Iam::reset_service_specific_credential, Iam, User;
    "UpdateServiceSpecificCredential" => Iam::update_service_specific_credential, Iam, User;
    "DeleteServiceSpecificCredential" => Iam::delete_service_specific_credential, Iam, User;
    "ListServiceSpecificCredentials" => Iam::list_service_specific_credentials, Iam, User;
    "CreateOpenIDConnectProvider" => Iam::create_open_id_connect_provider, Iam, OidcProvider, deps [TAG_OIDC_PROVIDER];
    "GetOpenIDConnectProvider" => Iam::get_open_id_connect_provider, Iam, OidcProvider;
    "DeleteOpenIDConnectProvider" => Iam::delete_open_id_connect_provider, Iam, OidcProvider;
    "ListOpenIDConnectProviders" => Iam::list_open_id_connect_providers, Iam, Any;
    "AddClientIDToOpenIDConnectProvider" => Iam::add_client_id_to_open_id_connect_provider, Iam, OidcProvider;
    "RemoveClientIDFromOpenIDConnectProvider" => Iam::remove_client_id_from_open_id_connect_provider, Iam, OidcProvider;
    "UpdateOpenIDConnectProviderThumbprint" => Iam::update_open_id_connect_provider_thumbprint, Iam, OidcProvider;
    "TagOpenIDConnectProvider" => Iam::tag_open_id_connect_provider, Iam, OidcProvider;
    "UntagOpenIDConnectProvider" => Iam::untag_open_id_connect_provider, Iam, OidcProvider;
    "ListOpenIDConnectProviderTags" => Iam::list_open_id_connect_provider_tags, Iam, OidcProvider;
    "CreateSAMLProvider" => Iam::create_saml_provider, Iam, SamlProvider, deps [TAG_SAML_PROVIDER];
    "GetSAMLProvider" => Iam::get_saml_provider, Iam, SamlProvider;
    "UpdateSAMLProvider" => Iam::update_saml_provider, Iam, SamlProvider;
    "DeleteSAMLProvider" => Iam::delete_saml_provider, Iam, SamlProvider;
    "ListSAMLProviders" => Iam::list_saml_providers, Iam, Any;
    "TagSAMLProvider" => Iam::tag_saml_provider, Iam, SamlProvider;
    "UntagSAMLProvider" => Iam::untag_saml_provider, Iam, SamlProvider;
    "ListSAMLProviderTags" => Iam::list_saml_provider_tags, Iam, SamlProvider;
    "GetFederationToken" => Iam::get_federation_token, Sts, FederatedUser, deps [TAG_SESSION_FEDERATED];
    "DecodeAuthorizationMessage" => Iam::decode_authorization_message, Sts, Any;
    "CreateServiceLinkedRole" => Iam::create_service_linked_role, Iam, ServiceLinkedRole, context crate::op_context::service_linked_role;
    "DeleteServiceLinkedRole" => Iam::delete_service_linked_role, Iam, Role;
    "GetServiceLinkedRoleDeletionStatus" => Iam::get_service_linked_role_deletion_status, Iam, Any;
    // STS, the credential in the request.
    "AssumeRoleWithWebIdentity" => Iam::assume_role_with_web_identity, Sts, RoleArn, auth = InRequest;
    "AssumeRoleWithSAML" => Iam::assume_role_with_saml, Sts, RoleArn, auth = InRequest;
    // CloudTrail (JSON 1.1): the event history of the audit trail.
    "LookupEvents" => Iam::lookup_events, CloudTrail, Any;
    ]
}

// Dependent actions (Service Authorization Reference, IAM and STS: "Dependent actions").
const fn tag_dep(permission: &'static str, resource: Resource) -> Dependent {
    Dependent {
        permission,
        resource,
        when: When::Tags,
    }
}
const TAG_USER: Dependent = tag_dep("iam:TagUser", Resource::User);
const TAG_ROLE: Dependent = tag_dep("iam:TagRole", Resource::Role);
const TAG_POLICY: Dependent = tag_dep("iam:TagPolicy", Resource::NewPolicy);
const TAG_INSTANCE_PROFILE: Dependent =
    tag_dep("iam:TagInstanceProfile", Resource::InstanceProfile);
const TAG_MFA_DEVICE: Dependent = tag_dep("iam:TagMFADevice", Resource::MfaDevice);
const TAG_SERVER_CERTIFICATE: Dependent =
    tag_dep("iam:TagServerCertificate", Resource::ServerCertificate);
const TAG_OIDC_PROVIDER: Dependent =
    tag_dep("iam:TagOpenIDConnectProvider", Resource::OidcProvider);
const TAG_SAML_PROVIDER: Dependent = tag_dep("iam:TagSAMLProvider", Resource::SamlProvider);
const TAG_SESSION_FEDERATED: Dependent = tag_dep("sts:TagSession", Resource::FederatedUser);
/// Passing a role to EC2 through an instance profile (IAM User Guide: id_roles_use_passrole).
const PASS_ROLE: Dependent = Dependent {
    permission: "iam:PassRole",
    resource: Resource::Role,
    when: When::Always,
};
const TAG_SESSION_ASSUMED: Dependent = Dependent {
    permission: "sts:TagSession",
    resource: Resource::RoleArn,
    when: When::SessionTags,
};
const SET_SOURCE_IDENTITY: Dependent = Dependent {
    permission: "sts:SetSourceIdentity",
    resource: Resource::RoleArn,
    when: When::SourceIdentity,
};

pub fn operation(service: Service, action: &str) -> Option<&'static Operation> {
    // A scan of ~230 rows cost more than the rest of routing on every request.
    type ByAction = std::collections::HashMap<(Service, &'static str), &'static Operation>;
    static BY_ACTION: std::sync::LazyLock<ByAction> = std::sync::LazyLock::new(|| {
        OPERATIONS
            .iter()
            .map(|o| ((o.service, o.action), o))
            .collect()
    });
    BY_ACTION.get(&(service, action)).copied()
}

impl Iam {
    /// The ARN an action is authorized against, as AWS names it in AccessDenied messages.
    pub fn resource_arn(&self, op: &Operation, caller: &Caller, input: &Input) -> String {
        Self::resource_arn_in(&self.state.read(), op.resource, caller, input)
    }

    /// `resource_arn` with the state lock already held (a second read lock could deadlock
    /// behind a waiting writer).
    ///
    /// INVARIANT (authorized-is-acted-on): an existing entity is named by its stored ARN
    /// (path and name as created), whatever letter case or path the request spelled: names
    /// are case-insensitive in IAM, and the handler acts on the entity the name resolves to,
    /// so the ARN authorized must be that entity's. Only a name that resolves to nothing (a
    /// create, or NoSuchEntity to come) is authorized as requested.
    pub(crate) fn resource_arn_in(
        s: &crate::state::State,
        resource: Resource,
        caller: &Caller,
        input: &Input,
    ) -> String {
        let acct = &caller.account_id;
        // Every ARN names the caller's partition (the account's, fixed at its creation).
        let p = caller.partition;
        let account = s.account(acct);
        let requested_path = || input.opt_str("Path").unwrap_or("/").to_string();
        match resource {
            Resource::Any => "*".to_string(),
            Resource::TargetRoot => {
                let target = input.opt_str("TargetPrincipal").unwrap_or_default();
                crate::arns::root(p, crate::entities::target_account(target).unwrap_or(target))
            }
            Resource::AccessReport => format!(
                "arn:{p}:iam::{acct}:access-report/{}",
                input.opt_str("EntityPath").unwrap_or_default()
            ),
            Resource::OidcProvider => match input.opt_str("OpenIDConnectProviderArn") {
                Some(arn) => arn.to_string(),
                None => {
                    let url = input.opt_str("Url").unwrap_or_default();
                    let url = url.strip_prefix("https://").unwrap_or(url);
                    format!(
                        "arn:{p}:iam::{acct}:oidc-provider/{}",
                        url.trim_end_matches('/')
                    )
                }
            },
            Resource::SamlProvider => match input.opt_str("SAMLProviderArn") {
                Some(arn) => arn.to_string(),
                None => format!(
                    "arn:{p}:iam::{acct}:saml-provider/{}",
                    input.opt_str("Name").unwrap_or_default()
                ),
            },
            Resource::FederatedUser => format!(
                "arn:{p}:sts::{acct}:federated-user/{}",
                input.opt_str("Name").unwrap_or_default()
            ),
            Resource::MfaDevice => match input.opt_str("SerialNumber") {
                Some(serial) => serial.to_string(),
                None => format!(
                    "arn:{p}:iam::{acct}:mfa{}{}",
                    input.opt_str("Path").unwrap_or("/"),
                    input.opt_str("VirtualMFADeviceName").unwrap_or_default()
                ),
            },
            Resource::Policy => input.opt_str("PolicyArn").unwrap_or("*").to_string(),
            Resource::ServerCertificate => {
                let name = input.opt_str("ServerCertificateName").unwrap_or_default();
                match account.and_then(|a| a.server_certs.get(&name.to_lowercase())) {
                    Some(c) => {
                        format!("arn:{p}:iam::{acct}:server-certificate{}{}", c.path, c.name)
                    }
                    None => format!(
                        "arn:{p}:iam::{acct}:server-certificate{}{name}",
                        requested_path()
                    ),
                }
            }
            Resource::PolicySource => input.opt_str("PolicySourceArn").unwrap_or("*").to_string(),
            Resource::NewPolicy => format!(
                "arn:{p}:iam::{acct}:policy{}{}",
                input.opt_str("Path").unwrap_or("/"),
                input.opt_str("PolicyName").unwrap_or_default()
            ),
            Resource::RoleArn => input.opt_str("RoleArn").unwrap_or("*").to_string(),
            Resource::ServiceLinkedRole => {
                let service = input.opt_str("AWSServiceName").unwrap_or_default();
                // An unknown service is refused by the handler; its ARN names no role.
                let name = crate::service_linked::service_in(p, service)
                    .map(|s| s.role_name_with(input.opt_str("CustomSuffix")))
                    .unwrap_or_default();
                format!(
                    "arn:{p}:iam::{acct}:role{}{service}/{name}",
                    crate::service_linked::SERVICE_ROLE_PATH
                )
            }
            Resource::Role => {
                let name = input.opt_str("RoleName").unwrap_or_default();
                match account.and_then(|a| a.role_by_name(name)) {
                    Some(r) => r.arn(p),
                    None => format!("arn:{p}:iam::{acct}:role{}{name}", requested_path()),
                }
            }
            Resource::InstanceProfile => {
                let name = input.opt_str("InstanceProfileName").unwrap_or_default();
                match account.and_then(|a| a.instance_profile_by_name(name)) {
                    Some(ip) => ip.arn(p),
                    None => format!(
                        "arn:{p}:iam::{acct}:instance-profile{}{name}",
                        requested_path()
                    ),
                }
            }
            Resource::Group => {
                let name = input.opt_str("GroupName").unwrap_or_default();
                match account.and_then(|a| a.group_by_name(name)) {
                    Some(g) => g.arn(p),
                    None => format!("arn:{p}:iam::{acct}:group{}{name}", requested_path()),
                }
            }
            Resource::User => match (input.opt_str("UserName"), &caller.principal) {
                (Some(name), _) => match account.and_then(|a| a.user_by_name(name)) {
                    Some(u) => u.arn(p),
                    None => format!("arn:{p}:iam::{acct}:user{}{name}", requested_path()),
                },
                (None, Principal::User { arn, .. }) => arn.clone(),
                (None, Principal::Root) => crate::arns::root(p, acct),
                (None, Principal::AssumedRole { .. } | Principal::FederatedUser { .. }) => {
                    caller.arn()
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_listed_once_and_found_by_name() {
        let mut seen = std::collections::HashSet::new();
        for op in OPERATIONS {
            assert!(
                seen.insert((op.service, op.action)),
                "{} listed twice",
                op.action
            );
            let found = operation(op.service, op.action).expect("listed");
            assert_eq!(found.permission(), op.permission());
            assert!(op.permission().ends_with(&format!(":{}", op.action)));
        }
        assert!(operation(Service::Iam, "NoSuchAction").is_none());
        assert_eq!(
            operation(Service::Iam, "GetUser").map(Operation::permission),
            Some("iam:GetUser")
        );
        // Organizations rows live in iam-organizations.
        assert!(operation(Service::Organizations, "CreatePolicy").is_none());
        assert_eq!(
            operation(Service::Sts, "AssumeRoleWithSAML").map(|o| o.auth),
            Some(Auth::InRequest)
        );
        assert_eq!(
            operation(Service::Iam, "ListUsers").map(|o| o.access),
            Some(Access::Read)
        );
        assert_eq!(
            operation(Service::Iam, "CreateUser").map(|o| o.access),
            Some(Access::Write)
        );
        // CloudTrail records the STS role calls and LookupEvents as reads.
        for (service, action) in [
            (Service::Sts, "AssumeRole"),
            (Service::Sts, "GetSessionToken"),
            (Service::CloudTrail, "LookupEvents"),
        ] {
            assert_eq!(
                operation(service, action).map(|o| o.access),
                Some(Access::Read)
            );
        }
    }
}
