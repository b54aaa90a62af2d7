//! Centralized root access for member accounts of an organization (IAM User Guide:
//! id_root-user, "Centrally manage root access for member accounts"):
//! Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions,
//! ListOrganizationsFeatures, and sts:AssumeRoot, which the RootSessions feature allows.
//! Each needs an organization with all features, trusted access for `iam.amazonaws.com`
//! (Organizations EnableAWSServiceAccess), and a caller in its management account.
use super::sts::credentials_shape;
use super::*;
use crate::entities::{now, target_account};
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::organizations::OrgState;
use crate::service::{Caller, Iam};
use crate::sessions::{SessionClaims, SessionKind, seal_token};
use crate::state::State;
use iam_api::iam as api;
use iam_api::sts as sts_api;

pub const ROOT_CREDENTIALS_MANAGEMENT: &str = "RootCredentialsManagement";
pub const ROOT_SESSIONS: &str = "RootSessions";
/// The service principal whose trusted access centralized root access needs.
pub const IAM_SERVICE_PRINCIPAL: &str = "iam.amazonaws.com";

/// The path of the AWS-managed policies an AssumeRoot session may be scoped to
/// (`arn:<partition>:iam::aws:policy/root-task/…`).
pub const ROOT_TASK_POLICY_PATH: &str = "/root-task/";
/// AssumeRoot sessions last at most (and by default) 15 minutes.
const ROOT_SESSION_MAX: i64 = 900;

/// Who may call: `Enable*` only the management account; the others the management account
/// (or IAM's delegated administrator, which this server does not model).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Enabling,
    Managing,
}

/// The caller's organization, when centralized root access can be managed from the caller's
/// account; AWS's error otherwise.
fn central_org<'a>(state: &'a State, caller: &Caller, kind: Access) -> IamResult<&'a OrgState> {
    let org = state
        .organizations
        .of_account(&caller.account_id)
        .ok_or_else(|| {
            IamError::OrganizationNotFound(
                "The request was rejected because no organization is associated with your account."
                    .into(),
            )
        })?;
    if org.management() != caller.account_id {
        return Err(match kind {
            Access::Enabling => IamError::CallerIsNotManagementAccount(
                "The request was rejected because the account making the request is not the management account for the organization."
                    .into(),
            ),
            Access::Managing => IamError::AccountNotManagementOrDelegatedAdministrator(
                "The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access."
                    .into(),
            ),
        });
    }
    if org.org.feature_set != "ALL" {
        return Err(IamError::OrganizationNotInAllFeaturesMode(
            "The request was rejected because your organization does not have All features enabled."
                .into(),
        ));
    }
    if !org.org.service_access.contains_key(IAM_SERVICE_PRINCIPAL) {
        return Err(IamError::ServiceAccessNotEnabled(
            "The request was rejected because trusted access is not enabled for IAM in Organizations."
                .into(),
        ));
    }
    Ok(org)
}

/// The organization and its enabled centralized root access features: the answer of every
/// root-access action of IAM.
struct RootFeatures {
    organization_id: String,
    enabled_features: Vec<String>,
}

fn root_features(o: &OrgState) -> RootFeatures {
    RootFeatures {
        organization_id: o.org.id.clone(),
        enabled_features: o.org.root_features.iter().cloned().collect(),
    }
}

/// The five output structures of the root-access actions have the same two members.
macro_rules! root_features_output {
    ($($output:ident),* $(,)?) => {
        $(impl From<RootFeatures> for api::$output {
            fn from(f: RootFeatures) -> Self {
                Self {
                    organization_id: Some(f.organization_id),
                    enabled_features: Some(f.enabled_features),
                }
            }
        })*
    };
}

root_features_output!(
    EnableOrganizationsRootCredentialsManagementResponse,
    DisableOrganizationsRootCredentialsManagementResponse,
    EnableOrganizationsRootSessionsResponse,
    DisableOrganizationsRootSessionsResponse,
    ListOrganizationsFeaturesResponse,
);

impl Iam {
    /// Turns one centralized root access feature on or off; durable before it answers.
    async fn set_root_feature(
        &self,
        caller: &Caller,
        feature: &'static str,
        on: bool,
    ) -> IamResult<RootFeatures> {
        let kind = if on {
            Access::Enabling
        } else {
            Access::Managing
        };
        self.write(|state, tx| {
            central_org(state, caller, kind)?;
            let o = state
                .organizations
                .of_account_mut(&caller.account_id)
                .ok_or_else(|| IamError::ServiceFailure("organization vanished".into()))?;
            if o.org.root_features.contains(feature) != on {
                o.update_org(tx, |org| {
                    if on {
                        org.root_features.insert(feature.to_string());
                    } else {
                        org.root_features.remove(feature);
                    }
                });
            }
            Ok(root_features(o))
        })
        .await
    }

    pub async fn enable_organizations_root_credentials_management(
        &self,
        caller: &Caller,
        _input: api::EnableOrganizationsRootCredentialsManagementRequest,
    ) -> IamResult<api::EnableOrganizationsRootCredentialsManagementResponse> {
        self.set_root_feature(caller, ROOT_CREDENTIALS_MANAGEMENT, true)
            .await
            .map(Into::into)
    }

    pub async fn disable_organizations_root_credentials_management(
        &self,
        caller: &Caller,
        _input: api::DisableOrganizationsRootCredentialsManagementRequest,
    ) -> IamResult<api::DisableOrganizationsRootCredentialsManagementResponse> {
        self.set_root_feature(caller, ROOT_CREDENTIALS_MANAGEMENT, false)
            .await
            .map(Into::into)
    }

    pub async fn enable_organizations_root_sessions(
        &self,
        caller: &Caller,
        _input: api::EnableOrganizationsRootSessionsRequest,
    ) -> IamResult<api::EnableOrganizationsRootSessionsResponse> {
        self.set_root_feature(caller, ROOT_SESSIONS, true)
            .await
            .map(Into::into)
    }

    pub async fn disable_organizations_root_sessions(
        &self,
        caller: &Caller,
        _input: api::DisableOrganizationsRootSessionsRequest,
    ) -> IamResult<api::DisableOrganizationsRootSessionsResponse> {
        self.set_root_feature(caller, ROOT_SESSIONS, false)
            .await
            .map(Into::into)
    }

    /// sts:AssumeRoot: short-term root credentials for a member account, scoped by one of the
    /// AWS-managed root-task policies. Called from the management account by an IAM user or
    /// role (never root credentials), with the RootSessions feature enabled.
    pub async fn assume_root(
        &self,
        caller: &Caller,
        input: sts_api::AssumeRootRequest,
    ) -> IamResult<sts_api::AssumeRootResponse> {
        let target = input.target_principal.as_str();
        let task = input.task_policy_arn.arn.unwrap_or_default();
        let duration = input.duration_seconds.map_or(ROOT_SESSION_MAX, i64::from);
        if matches!(caller.principal, crate::service::Principal::Root) {
            return Err(IamError::AccessDenied(
                "Root user credentials cannot be used to call AssumeRoot.".into(),
            ));
        }
        let account = target_account(target).ok_or_else(|| {
            IamError::ValidationError(format!(
                "TargetPrincipal {target} is not a valid account ID or principal ARN."
            ))
        })?;
        // The caller's partition is the member account's: an organization spans one.
        let task_prefix = crate::arns::aws_managed_policy(caller.partition, ROOT_TASK_POLICY_PATH);
        if !task.starts_with(&task_prefix)
            || crate::catalog::Catalog::get()
                .compiled(caller.partition, &task)
                .is_none()
        {
            return Err(IamError::ValidationError(format!(
                "TaskPolicyArn {task} is not one of the AWS managed root-task policies ({task_prefix}…)."
            )));
        }
        self.read(|state| {
            let denied = |why: &str| {
                IamError::AccessDenied(format!(
                    "User: {} is not authorized to perform: sts:AssumeRoot on resource: {} because {why}",
                    caller.arn(),
                    crate::arns::root(caller.partition, account)
                ))
            };
            let o = state
                .organizations
                .of_account(&caller.account_id)
                .filter(|o| o.management() == caller.account_id)
                .ok_or_else(|| {
                    denied("the caller is not in the management account of an organization")
                })?;
            if !o.org.root_features.contains(ROOT_SESSIONS)
                || !o.org.service_access.contains_key(IAM_SERVICE_PRINCIPAL)
            {
                return Err(denied(
                    "privileged root sessions (RootSessions) are not enabled for the organization",
                ));
            }
            if account == o.management() || !o.accounts.contains_key(account) {
                return Err(denied("the target is not a member account of the organization"));
            }
            Ok(())
        })?;
        let t = now();
        let claims = SessionClaims {
            access_key_id: new_id(IdKind::TemporaryAccessKey),
            secret_access_key: new_secret_access_key(),
            account_id: account.to_string(),
            kind: SessionKind::RootTask {
                task_policy_arn: task,
            },
            issued: t,
            expires: t + duration,
            mfa_auth_time: None,
            session_policy: None,
            policy_arns: Vec::new(),
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            chained: false,
        };
        let token = seal_token(&self.master, &claims);
        Ok(sts_api::AssumeRootResponse {
            credentials: Some(credentials_shape(&claims, &token)),
            source_identity: None,
        })
    }

    pub async fn list_organizations_features(
        &self,
        caller: &Caller,
        _input: api::ListOrganizationsFeaturesRequest,
    ) -> IamResult<api::ListOrganizationsFeaturesResponse> {
        self.read(|state| {
            let o = central_org(state, caller, Access::Managing)?;
            Ok(root_features(o).into())
        })
    }
}
