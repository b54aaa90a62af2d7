//! Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
//! GetServiceLinkedRoleDeletionStatus (IAM User Guide: id_roles_create-service-linked-role,
//! using-service-linked-roles). A service-linked role lives under
//! `/aws-service-role/<service>/`, trusts only its service, carries the service's AWS-managed
//! policy, and only "AWS" (these actions) may change or delete it.
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::service::{Caller, Iam};
use crate::state::compiled_key_trust;
use iam_api::iam as api;

use crate::service_linked::SERVICE_ROLE_PATH;

/// A service-linked role: only AWS may modify it.
pub(crate) fn is_service_linked(role: &Role) -> bool {
    role.path.starts_with(SERVICE_ROLE_PATH)
}

/// UnmodifiableEntity for a service-linked role, with AWS's message.
pub(crate) fn protected(role: &Role) -> IamResult<()> {
    if is_service_linked(role) {
        return Err(IamError::UnmodifiableEntity(format!(
            "Cannot perform the operation on the protected role '{}' - this role is only modifiable by AWS",
            role.name
        )));
    }
    Ok(())
}

const TASK_PREFIX: &str = "task/aws-service-role/";

impl Iam {
    pub async fn create_service_linked_role(
        &self,
        caller: &Caller,
        input: api::CreateServiceLinkedRoleRequest,
    ) -> IamResult<api::CreateServiceLinkedRoleResponse> {
        let service_name = input.aws_service_name;
        let service = crate::service_linked::service(&service_name).ok_or_else(|| {
            IamError::invalid_input(format!(
                "Unrecognized AWSServiceName: {service_name}. Please check the value and try again."
            ))
        })?;
        // AWS-recorded: test_iam `test_service_role_lifecycle_custom_suffix_not_allowed[*]`.
        if input.custom_suffix.is_some() && !service.custom_suffix {
            return Err(IamError::invalid_input(format!(
                "Custom suffix is not allowed for {service_name}"
            )));
        }
        let name = service.role_name_with(input.custom_suffix.as_deref());
        let path = service.path();
        // The document as AWS writes it: one service and one action, each a single string
        // (AWS-recorded: test_iam `test_service_role_lifecycle*` "describe-response").
        let trust = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": service_name},
                "Action": "sts:AssumeRole",
            }],
        })
        .to_string();
        let compiled = crate::policy_docs::compile_trust(&trust)
            .ok_or_else(|| IamError::ServiceFailure("service trust policy".into()))?;
        // Every policy of the table is in the catalogue (`service_linked` tests).
        let catalog = crate::catalog::Catalog::get();
        let attached: Vec<String> = service
            .policy_arns()
            .filter(|arn| catalog.by_arn(arn).is_some())
            .collect();
        let description = input.description;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.role_by_name(&name).is_some() {
                return Err(IamError::invalid_input(format!(
                    "Service role name {name} has been taken in this account, please try a different suffix."
                )));
            }
            if acct.roles.len() >= self.quotas.roles_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for RolesPerAccount: {}",
                    self.quotas.roles_per_account
                )));
            }
            let role = Role {
                id: new_id(IdKind::Role),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                assume_role_policy: trust,
                description,
                max_session_duration: 3600,
                tags: Vec::new(),
                permissions_boundary: None,
                inline_policies: Default::default(),
                attached_policies: attached,
                last_used: None,
            };
            let out = api::CreateServiceLinkedRoleResponse {
                role: Some(super::roles::created_role_shape(&role)),
            };
            acct.compiled.insert(compiled_key_trust(&role.id), compiled);
            acct.put_role(tx, role);
            Ok(out)
        })
        .await
    }

    pub async fn delete_service_linked_role(
        &self,
        caller: &Caller,
        input: api::DeleteServiceLinkedRoleRequest,
    ) -> IamResult<api::DeleteServiceLinkedRoleResponse> {
        let name = input.role_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let role = super::roles::find_role(acct, &name)?.clone();
            if !is_service_linked(&role) {
                return Err(IamError::invalid_input(format!(
                    "Role {name} is not a service-linked role."
                )));
            }
            if acct
                .instance_profiles
                .values()
                .any(|p| p.roles.contains(&role.id))
            {
                return Err(IamError::DeleteConflict(
                    "Cannot delete entity, must remove roles from instance profile first.".into(),
                ));
            }
            let service = role
                .path
                .strip_prefix(SERVICE_ROLE_PATH)
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string();
            acct.delete_role(tx, &role.id);
            super::roles::orphan_trust_principal(state, tx, &role.arn(), &role.id);
            // AWS-recorded: test_iam `test_service_role_deletion`
            // "task/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch/<uuid>".
            let task = format!(
                "{TASK_PREFIX}{service}/{}/{}",
                role.name,
                crate::ids::new_uuid()
            );
            Ok(api::DeleteServiceLinkedRoleResponse {
                deletion_task_id: task,
            })
        })
        .await
    }

    pub async fn get_service_linked_role_deletion_status(
        &self,
        caller: &Caller,
        input: api::GetServiceLinkedRoleDeletionStatusRequest,
    ) -> IamResult<api::GetServiceLinkedRoleDeletionStatusResponse> {
        let task = input.deletion_task_id;
        let parts: Vec<&str> = task
            .strip_prefix(TASK_PREFIX)
            .map(|r| r.split('/').collect())
            .unwrap_or_default();
        let [_service, role_name, _id] = parts.as_slice() else {
            return Err(IamError::invalid_input(format!(
                "Invalid deletion task id: {task}"
            )));
        };
        // Deletion is immediate here, so a task whose role is gone has succeeded.
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let status = if acct.role_by_name(role_name).is_some_and(is_service_linked) {
                "IN_PROGRESS"
            } else {
                "SUCCEEDED"
            };
            Ok(api::GetServiceLinkedRoleDeletionStatusResponse {
                status: status.to_string(),
                reason: None,
            })
        })
    }
}
