//! The operations table: every action this server implements, with the IAM permission it needs
//! and the resource AWS authorizes it against, and the one dispatch from action name to handler.
//! Adding an action = one line here + its handler.
use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::service::{Caller, Iam, Principal};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Iam,
    Sts,
    /// AWS Organizations (JSON protocol; its own table in `organizations.rs`).
    Organizations,
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
    /// `ServerCertificateName`: `arn:aws:iam::ACCT:server-certificate{path}{name}`.
    ServerCertificate,
    /// `OpenIDConnectProviderArn`, or the ARN CreateOpenIDConnectProvider will give (`Url`).
    OidcProvider,
    /// `SAMLProviderArn`, or the ARN CreateSAMLProvider will give (`Name`).
    SamlProvider,
    /// GetFederationToken: `arn:aws:sts::ACCT:federated-user/NAME`.
    FederatedUser,
    /// GenerateOrganizationsAccessReport: `arn:aws:iam::ACCT:access-report/{EntityPath}`.
    AccessReport,
    /// sts:AssumeRoot: the target member account's root user, `arn:aws:iam::TARGET:root`.
    TargetRoot,
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
}

impl Operation {
    /// `iam:CreateUser`, `sts:GetCallerIdentity`.
    pub fn permission(&self) -> &'static str {
        self.permission
    }
}

/// The IAM policy prefix of a service, as a literal for `concat!`.
macro_rules! service_prefix {
    (Iam) => {
        "iam"
    };
    (Sts) => {
        "sts"
    };
    (Organizations) => {
        "organizations"
    };
}

/// The context extractor of a row: the one named, or `context::common`.
macro_rules! context_fn {
    () => {
        crate::op_context::common
    };
    ($f:path) => {
        $f
    };
}

/// `mfa_code = true` in a row, else false.
macro_rules! flag {
    () => {
        false
    };
    ($b:literal) => {
        $b
    };
}

macro_rules! operations {
    ($($action:literal => $handler:ident, $service:ident, $resource:ident
        $(, deps [$($dep:expr),* $(,)?])? $(, context $ctx:path)?
        $(, mfa_code = $mfa:literal)?;)*) => {
        pub const OPERATIONS: &[Operation] = &[
            $(Operation {
                action: $action,
                permission: concat!(service_prefix!($service), ":", $action),
                service: Service::$service,
                resource: Resource::$resource,
                dependents: &[$($($dep),*)?],
                context: context_fn!($($ctx)?),
                takes_mfa_code: flag!($($mfa)?),
            },)*
        ];

        impl Iam {
            /// Runs an already authenticated and authorized action.
            pub async fn execute(&self, caller: &Caller, action: &str, input: &Input) -> IamResult<Value> {
                match action {
                    $($action => self.$handler(caller, input).await,)*
                    other => Err(IamError::NotImplemented(other.to_string())),
                }
            }
        }
    };
}

operations! {
    "CreateUser" => create_user, Iam, User, deps [TAG_USER];
    "GetUser" => get_user, Iam, User;
    "UpdateUser" => update_user, Iam, User;
    "DeleteUser" => delete_user, Iam, User;
    "ListUsers" => list_users, Iam, Any;
    "TagUser" => tag_user, Iam, User;
    "UntagUser" => untag_user, Iam, User;
    "ListUserTags" => list_user_tags, Iam, User;
    "PutUserPermissionsBoundary" => put_user_permissions_boundary, Iam, User;
    "DeleteUserPermissionsBoundary" => delete_user_permissions_boundary, Iam, User;
    "CreateGroup" => create_group, Iam, Group;
    "GetGroup" => get_group, Iam, Group;
    "UpdateGroup" => update_group, Iam, Group;
    "DeleteGroup" => delete_group, Iam, Group;
    "ListGroups" => list_groups, Iam, Any;
    "AddUserToGroup" => add_user_to_group, Iam, Group;
    "RemoveUserFromGroup" => remove_user_from_group, Iam, Group;
    "ListGroupsForUser" => list_groups_for_user, Iam, User;
    "CreatePolicy" => create_policy, Iam, NewPolicy, deps [TAG_POLICY];
    "GetPolicy" => get_policy, Iam, Policy;
    "DeletePolicy" => delete_policy, Iam, Policy;
    "ListPolicies" => list_policies, Iam, Any;
    "CreatePolicyVersion" => create_policy_version, Iam, Policy;
    "GetPolicyVersion" => get_policy_version, Iam, Policy;
    "ListPolicyVersions" => list_policy_versions, Iam, Policy;
    "DeletePolicyVersion" => delete_policy_version, Iam, Policy;
    "SetDefaultPolicyVersion" => set_default_policy_version, Iam, Policy;
    "TagPolicy" => tag_policy, Iam, Policy;
    "UntagPolicy" => untag_policy, Iam, Policy;
    "ListPolicyTags" => list_policy_tags, Iam, Policy;
    "AttachUserPolicy" => attach_user_policy, Iam, User, context crate::op_context::policy_arn;
    "DetachUserPolicy" => detach_user_policy, Iam, User, context crate::op_context::policy_arn;
    "ListAttachedUserPolicies" => list_attached_user_policies, Iam, User;
    "AttachGroupPolicy" => attach_group_policy, Iam, Group, context crate::op_context::policy_arn;
    "DetachGroupPolicy" => detach_group_policy, Iam, Group, context crate::op_context::policy_arn;
    "ListAttachedGroupPolicies" => list_attached_group_policies, Iam, Group;
    "ListEntitiesForPolicy" => list_entities_for_policy, Iam, Policy;
    "PutUserPolicy" => put_user_policy, Iam, User;
    "GetUserPolicy" => get_user_policy, Iam, User;
    "DeleteUserPolicy" => delete_user_policy, Iam, User;
    "ListUserPolicies" => list_user_policies, Iam, User;
    "PutGroupPolicy" => put_group_policy, Iam, Group;
    "GetGroupPolicy" => get_group_policy, Iam, Group;
    "DeleteGroupPolicy" => delete_group_policy, Iam, Group;
    "ListGroupPolicies" => list_group_policies, Iam, Group;
    "CreateAccessKey" => create_access_key, Iam, User;
    "ListAccessKeys" => list_access_keys, Iam, User;
    "UpdateAccessKey" => update_access_key, Iam, User;
    "DeleteAccessKey" => delete_access_key, Iam, User;
    "GetAccessKeyLastUsed" => get_access_key_last_used, Iam, User;
    "CreateLoginProfile" => create_login_profile, Iam, User;
    "GetLoginProfile" => get_login_profile, Iam, User;
    "UpdateLoginProfile" => update_login_profile, Iam, User;
    "DeleteLoginProfile" => delete_login_profile, Iam, User;
    "ChangePassword" => change_password, Iam, User;
    "GenerateCredentialReport" => generate_credential_report, Iam, Any;
    "GetCredentialReport" => get_credential_report, Iam, Any;
    "GenerateServiceLastAccessedDetails" => generate_service_last_accessed_details, Iam, Any;
    "GetServiceLastAccessedDetails" => get_service_last_accessed_details, Iam, Any;
    "GetServiceLastAccessedDetailsWithEntities" => get_service_last_accessed_details_with_entities, Iam, Any;
    "GenerateOrganizationsAccessReport" => generate_organizations_access_report, Iam, AccessReport;
    "GetOrganizationsAccessReport" => get_organizations_access_report, Iam, Any;
    "ListPoliciesGrantingServiceAccess" => list_policies_granting_service_access, Iam, Any;
    "GetAccountPasswordPolicy" => get_account_password_policy, Iam, Any;
    "UpdateAccountPasswordPolicy" => update_account_password_policy, Iam, Any;
    "DeleteAccountPasswordPolicy" => delete_account_password_policy, Iam, Any;
    "CreateAccountAlias" => create_account_alias, Iam, Any;
    "DeleteAccountAlias" => delete_account_alias, Iam, Any;
    "ListAccountAliases" => list_account_aliases, Iam, Any;
    "GetAccountSummary" => get_account_summary, Iam, Any;
    "SetSecurityTokenServicePreferences" => set_security_token_service_preferences, Iam, Any;
    "EnableOrganizationsRootCredentialsManagement" => enable_organizations_root_credentials_management, Iam, Any;
    "DisableOrganizationsRootCredentialsManagement" => disable_organizations_root_credentials_management, Iam, Any;
    "EnableOrganizationsRootSessions" => enable_organizations_root_sessions, Iam, Any;
    "DisableOrganizationsRootSessions" => disable_organizations_root_sessions, Iam, Any;
    "ListOrganizationsFeatures" => list_organizations_features, Iam, Any;
    "GetAccountAuthorizationDetails" => get_account_authorization_details, Iam, Any;
    "SimulatePrincipalPolicy" => simulate_principal_policy, Iam, PolicySource;
    "SimulateCustomPolicy" => simulate_custom_policy, Iam, Any;
    "GetContextKeysForPrincipalPolicy" => get_context_keys_for_principal_policy, Iam, PolicySource;
    "GetContextKeysForCustomPolicy" => get_context_keys_for_custom_policy, Iam, Any;
    "GetCallerIdentity" => get_caller_identity, Sts, Any;
    "AssumeRole" => assume_role, Sts, RoleArn, deps [TAG_SESSION_ASSUMED, SET_SOURCE_IDENTITY], context crate::op_context::assume_role, mfa_code = true;
    "GetSessionToken" => get_session_token, Sts, Any, mfa_code = true;
    "GetAccessKeyInfo" => get_access_key_info, Sts, Any;
    "AssumeRoot" => assume_root, Sts, TargetRoot, context crate::op_context::assume_root;
    "GetWebIdentityToken" => get_web_identity_token, Sts, Any, context crate::op_context::get_web_identity_token;
    "EnableOutboundWebIdentityFederation" => enable_outbound_web_identity_federation, Iam, Any;
    "DisableOutboundWebIdentityFederation" => disable_outbound_web_identity_federation, Iam, Any;
    "GetOutboundWebIdentityFederationInfo" => get_outbound_web_identity_federation_info, Iam, Any;
    "CreateRole" => create_role, Iam, Role, deps [TAG_ROLE];
    "GetRole" => get_role, Iam, Role;
    "UpdateRole" => update_role, Iam, Role;
    "UpdateRoleDescription" => update_role_description, Iam, Role;
    "UpdateAssumeRolePolicy" => update_assume_role_policy, Iam, Role;
    "DeleteRole" => delete_role, Iam, Role;
    "ListRoles" => list_roles, Iam, Any;
    "TagRole" => tag_role, Iam, Role;
    "UntagRole" => untag_role, Iam, Role;
    "ListRoleTags" => list_role_tags, Iam, Role;
    "PutRolePermissionsBoundary" => put_role_permissions_boundary, Iam, Role;
    "DeleteRolePermissionsBoundary" => delete_role_permissions_boundary, Iam, Role;
    "PutRolePolicy" => put_role_policy, Iam, Role;
    "GetRolePolicy" => get_role_policy, Iam, Role;
    "DeleteRolePolicy" => delete_role_policy, Iam, Role;
    "ListRolePolicies" => list_role_policies, Iam, Role;
    "AttachRolePolicy" => attach_role_policy, Iam, Role, context crate::op_context::policy_arn;
    "DetachRolePolicy" => detach_role_policy, Iam, Role, context crate::op_context::policy_arn;
    "ListAttachedRolePolicies" => list_attached_role_policies, Iam, Role;
    "CreateInstanceProfile" => create_instance_profile, Iam, InstanceProfile, deps [TAG_INSTANCE_PROFILE];
    "GetInstanceProfile" => get_instance_profile, Iam, InstanceProfile;
    "DeleteInstanceProfile" => delete_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfiles" => list_instance_profiles, Iam, Any;
    "AddRoleToInstanceProfile" => add_role_to_instance_profile, Iam, InstanceProfile, deps [PASS_ROLE], context crate::op_context::add_role_to_instance_profile;
    "RemoveRoleFromInstanceProfile" => remove_role_from_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfilesForRole" => list_instance_profiles_for_role, Iam, Role;
    "TagInstanceProfile" => tag_instance_profile, Iam, InstanceProfile;
    "UntagInstanceProfile" => untag_instance_profile, Iam, InstanceProfile;
    "ListInstanceProfileTags" => list_instance_profile_tags, Iam, InstanceProfile;
    "CreateVirtualMFADevice" => create_virtual_mfa_device, Iam, MfaDevice, deps [TAG_MFA_DEVICE];
    "DeleteVirtualMFADevice" => delete_virtual_mfa_device, Iam, MfaDevice;
    "ListVirtualMFADevices" => list_virtual_mfa_devices, Iam, Any;
    "EnableMFADevice" => enable_mfa_device, Iam, User;
    "ResyncMFADevice" => resync_mfa_device, Iam, User;
    "DeactivateMFADevice" => deactivate_mfa_device, Iam, User;
    "ListMFADevices" => list_mfa_devices, Iam, User;
    "GetMFADevice" => get_mfa_device, Iam, User;
    "TagMFADevice" => tag_mfa_device, Iam, MfaDevice;
    "UntagMFADevice" => untag_mfa_device, Iam, MfaDevice;
    "ListMFADeviceTags" => list_mfa_device_tags, Iam, MfaDevice;
    "UploadSSHPublicKey" => upload_ssh_public_key, Iam, User;
    "GetSSHPublicKey" => get_ssh_public_key, Iam, User;
    "UpdateSSHPublicKey" => update_ssh_public_key, Iam, User;
    "DeleteSSHPublicKey" => delete_ssh_public_key, Iam, User;
    "ListSSHPublicKeys" => list_ssh_public_keys, Iam, User;
    "UploadSigningCertificate" => upload_signing_certificate, Iam, User;
    "UpdateSigningCertificate" => update_signing_certificate, Iam, User;
    "DeleteSigningCertificate" => delete_signing_certificate, Iam, User;
    "ListSigningCertificates" => list_signing_certificates, Iam, User;
    "UploadServerCertificate" => upload_server_certificate, Iam, ServerCertificate, deps [TAG_SERVER_CERTIFICATE];
    "GetServerCertificate" => get_server_certificate, Iam, ServerCertificate;
    "UpdateServerCertificate" => update_server_certificate, Iam, ServerCertificate;
    "DeleteServerCertificate" => delete_server_certificate, Iam, ServerCertificate;
    "ListServerCertificates" => list_server_certificates, Iam, Any;
    "TagServerCertificate" => tag_server_certificate, Iam, ServerCertificate;
    "UntagServerCertificate" => untag_server_certificate, Iam, ServerCertificate;
    "ListServerCertificateTags" => list_server_certificate_tags, Iam, ServerCertificate;
    "CreateServiceSpecificCredential" => create_service_specific_credential, Iam, User;
    "ResetServiceSpecificCredential" => reset_service_specific_credential, Iam, User;
    "UpdateServiceSpecificCredential" => update_service_specific_credential, Iam, User;
    "DeleteServiceSpecificCredential" => delete_service_specific_credential, Iam, User;
    "ListServiceSpecificCredentials" => list_service_specific_credentials, Iam, User;
    "CreateOpenIDConnectProvider" => create_open_id_connect_provider, Iam, OidcProvider, deps [TAG_OIDC_PROVIDER];
    "GetOpenIDConnectProvider" => get_open_id_connect_provider, Iam, OidcProvider;
    "DeleteOpenIDConnectProvider" => delete_open_id_connect_provider, Iam, OidcProvider;
    "ListOpenIDConnectProviders" => list_open_id_connect_providers, Iam, Any;
    "AddClientIDToOpenIDConnectProvider" => add_client_id_to_open_id_connect_provider, Iam, OidcProvider;
    "RemoveClientIDFromOpenIDConnectProvider" => remove_client_id_from_open_id_connect_provider, Iam, OidcProvider;
    "UpdateOpenIDConnectProviderThumbprint" => update_open_id_connect_provider_thumbprint, Iam, OidcProvider;
    "TagOpenIDConnectProvider" => tag_open_id_connect_provider, Iam, OidcProvider;
    "UntagOpenIDConnectProvider" => untag_open_id_connect_provider, Iam, OidcProvider;
    "ListOpenIDConnectProviderTags" => list_open_id_connect_provider_tags, Iam, OidcProvider;
    "CreateSAMLProvider" => create_saml_provider, Iam, SamlProvider, deps [TAG_SAML_PROVIDER];
    "GetSAMLProvider" => get_saml_provider, Iam, SamlProvider;
    "UpdateSAMLProvider" => update_saml_provider, Iam, SamlProvider;
    "DeleteSAMLProvider" => delete_saml_provider, Iam, SamlProvider;
    "ListSAMLProviders" => list_saml_providers, Iam, Any;
    "TagSAMLProvider" => tag_saml_provider, Iam, SamlProvider;
    "UntagSAMLProvider" => untag_saml_provider, Iam, SamlProvider;
    "ListSAMLProviderTags" => list_saml_provider_tags, Iam, SamlProvider;
    "GetFederationToken" => get_federation_token, Sts, FederatedUser, deps [TAG_SESSION_FEDERATED];
    "DecodeAuthorizationMessage" => decode_authorization_message, Sts, Any;
    "CreateServiceLinkedRole" => create_service_linked_role, Iam, Role;
    "DeleteServiceLinkedRole" => delete_service_linked_role, Iam, Role;
    "GetServiceLinkedRoleDeletionStatus" => get_service_linked_role_deletion_status, Iam, Any;
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

pub fn operation(action: &str) -> Option<&'static Operation> {
    // A scan of ~190 names cost more than the rest of routing on every request.
    static BY_ACTION: std::sync::LazyLock<std::collections::HashMap<&str, &Operation>> =
        std::sync::LazyLock::new(|| OPERATIONS.iter().map(|o| (o.action, o)).collect());
    BY_ACTION.get(action).copied()
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
        let account = s.account(acct);
        let requested_path = || input.opt_str("Path").unwrap_or("/").to_string();
        match resource {
            Resource::Any => "*".to_string(),
            Resource::TargetRoot => {
                let target = input.opt_str("TargetPrincipal").unwrap_or_default();
                format!(
                    "arn:aws:iam::{}:root",
                    crate::actions::root_access::target_account(target).unwrap_or(target)
                )
            }
            Resource::AccessReport => format!(
                "arn:aws:iam::{acct}:access-report/{}",
                input.opt_str("EntityPath").unwrap_or_default()
            ),
            Resource::OidcProvider => match input.opt_str("OpenIDConnectProviderArn") {
                Some(arn) => arn.to_string(),
                None => {
                    let url = input.opt_str("Url").unwrap_or_default();
                    let url = url.strip_prefix("https://").unwrap_or(url);
                    format!(
                        "arn:aws:iam::{acct}:oidc-provider/{}",
                        url.trim_end_matches('/')
                    )
                }
            },
            Resource::SamlProvider => match input.opt_str("SAMLProviderArn") {
                Some(arn) => arn.to_string(),
                None => format!(
                    "arn:aws:iam::{acct}:saml-provider/{}",
                    input.opt_str("Name").unwrap_or_default()
                ),
            },
            Resource::FederatedUser => format!(
                "arn:aws:sts::{acct}:federated-user/{}",
                input.opt_str("Name").unwrap_or_default()
            ),
            Resource::MfaDevice => match input.opt_str("SerialNumber") {
                Some(serial) => serial.to_string(),
                None => format!(
                    "arn:aws:iam::{acct}:mfa{}{}",
                    input.opt_str("Path").unwrap_or("/"),
                    input.opt_str("VirtualMFADeviceName").unwrap_or_default()
                ),
            },
            Resource::Policy => input.opt_str("PolicyArn").unwrap_or("*").to_string(),
            Resource::ServerCertificate => {
                let name = input.opt_str("ServerCertificateName").unwrap_or_default();
                match account.and_then(|a| a.server_certs.get(&name.to_lowercase())) {
                    Some(c) => {
                        format!("arn:aws:iam::{acct}:server-certificate{}{}", c.path, c.name)
                    }
                    None => format!(
                        "arn:aws:iam::{acct}:server-certificate{}{name}",
                        requested_path()
                    ),
                }
            }
            Resource::PolicySource => input.opt_str("PolicySourceArn").unwrap_or("*").to_string(),
            Resource::NewPolicy => format!(
                "arn:aws:iam::{acct}:policy{}{}",
                input.opt_str("Path").unwrap_or("/"),
                input.opt_str("PolicyName").unwrap_or_default()
            ),
            Resource::RoleArn => input.opt_str("RoleArn").unwrap_or("*").to_string(),
            Resource::Role => {
                let name = input.opt_str("RoleName").unwrap_or_default();
                match account.and_then(|a| a.role_by_name(name)) {
                    Some(r) => r.arn(),
                    None => format!("arn:aws:iam::{acct}:role{}{name}", requested_path()),
                }
            }
            Resource::InstanceProfile => {
                let name = input.opt_str("InstanceProfileName").unwrap_or_default();
                match account.and_then(|a| a.instance_profile_by_name(name)) {
                    Some(p) => p.arn(),
                    None => format!(
                        "arn:aws:iam::{acct}:instance-profile{}{name}",
                        requested_path()
                    ),
                }
            }
            Resource::Group => {
                let name = input.opt_str("GroupName").unwrap_or_default();
                match account.and_then(|a| a.group_by_name(name)) {
                    Some(g) => g.arn(),
                    None => format!("arn:aws:iam::{acct}:group{}{name}", requested_path()),
                }
            }
            Resource::User => match (input.opt_str("UserName"), &caller.principal) {
                (Some(name), _) => match account.and_then(|a| a.user_by_name(name)) {
                    Some(u) => u.arn(),
                    None => format!("arn:aws:iam::{acct}:user{}{name}", requested_path()),
                },
                (None, Principal::User { arn, .. }) => arn.clone(),
                (None, Principal::Root) => format!("arn:aws:iam::{acct}:root"),
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
            assert!(seen.insert(op.action), "{} listed twice", op.action);
            let found = operation(op.action).expect("listed");
            assert_eq!(found.permission(), op.permission());
            assert!(op.permission().ends_with(&format!(":{}", op.action)));
        }
        assert!(operation("NoSuchAction").is_none());
        assert_eq!(
            operation("GetUser").map(Operation::permission),
            Some("iam:GetUser")
        );
    }
}
