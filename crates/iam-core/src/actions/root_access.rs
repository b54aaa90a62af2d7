//! Centralized root access for member accounts of an organization (IAM User Guide:
//! id_root-user, "Centrally manage root access for member accounts"):
//! Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions,
//! ListOrganizationsFeatures, and sts:AssumeRoot, which the RootSessions feature allows.
//! Each needs an organization with all features, trusted access for `iam.amazonaws.com`
//! (Organizations EnableAWSServiceAccess), and a caller in its management account.
use super::*;
use crate::input::Input;
use crate::organizations::{OrgState, key_org};
use crate::service::{Caller, Iam};
use crate::state::{KIND_ORG, State};

pub const ROOT_CREDENTIALS_MANAGEMENT: &str = "RootCredentialsManagement";
pub const ROOT_SESSIONS: &str = "RootSessions";
/// The service principal whose trusted access centralized root access needs.
pub const IAM_SERVICE_PRINCIPAL: &str = "iam.amazonaws.com";

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

fn features_json(o: &OrgState) -> Value {
    json!({
        "OrganizationId": o.org.id,
        "EnabledFeatures": o.org.root_features.iter().collect::<Vec<_>>(),
    })
}

impl Iam {
    /// Turns one centralized root access feature on or off; durable before it answers.
    async fn set_root_feature(
        &self,
        caller: &Caller,
        feature: &'static str,
        on: bool,
    ) -> IamResult<Value> {
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
            let changed = if on {
                o.org.root_features.insert(feature.to_string())
            } else {
                o.org.root_features.remove(feature)
            };
            if changed {
                tx.put(KIND_ORG, &key_org(&o.org.id), &o.org);
            }
            Ok(features_json(o))
        })
        .await
    }

    pub async fn enable_organizations_root_credentials_management(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.set_root_feature(caller, ROOT_CREDENTIALS_MANAGEMENT, true)
            .await
    }

    pub async fn disable_organizations_root_credentials_management(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.set_root_feature(caller, ROOT_CREDENTIALS_MANAGEMENT, false)
            .await
    }

    pub async fn enable_organizations_root_sessions(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.set_root_feature(caller, ROOT_SESSIONS, true).await
    }

    pub async fn disable_organizations_root_sessions(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.set_root_feature(caller, ROOT_SESSIONS, false).await
    }

    pub async fn list_organizations_features(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.read(|state| {
            let o = central_org(state, caller, Access::Managing)?;
            Ok(features_json(o))
        })
    }
}
