//! AWS Organizations, served over the JSON 1.1 protocol: its operations table (the same row
//! shape as IAM's, declared with `iam_core::operations_table!`) and one function per action.
//! The organization's state (`iam_core::organizations`: accounts, OUs, SCPs and their
//! compiled policies, `OrgError`) stays in iam-core, where authorization reads the SCPs that
//! apply to a member account; this crate only changes it.
//!
//! - `accounts.rs`: the organization, its root and accounts.
//! - `tree.rs`: organizational units, parents and children, moving accounts.
//! - `policies.rs`: policy types, SCPs, attachments and tags.
//! - `membership.rs`: trusted service access and accounts leaving (remove, close).

pub mod accounts;
pub mod membership;
pub mod policies;
pub mod tree;

use iam_core::operations::Operation;
use std::collections::HashMap;
use std::sync::LazyLock;

iam_core::operations_table! {
    /// Every Organizations action iamd serves: `organizations:<Action>` on `*`.
    pub const OPERATIONS = [
    "CreateOrganization" => accounts::create_organization, Organizations, Any;
    "DescribeOrganization" => accounts::describe_organization, Organizations, Any;
    "DeleteOrganization" => accounts::delete_organization, Organizations, Any;
    "ListRoots" => accounts::list_roots, Organizations, Any;
    "CreateAccount" => accounts::create_account, Organizations, Any;
    "DescribeCreateAccountStatus" => accounts::describe_create_account_status, Organizations, Any;
    "ListCreateAccountStatus" => accounts::list_create_account_status, Organizations, Any;
    "DescribeAccount" => accounts::describe_account, Organizations, Any;
    "ListAccounts" => accounts::list_accounts, Organizations, Any;
    "ListAccountsForParent" => tree::list_accounts_for_parent, Organizations, Any;
    "CreateOrganizationalUnit" => tree::create_organizational_unit, Organizations, Any;
    "DescribeOrganizationalUnit" => tree::describe_organizational_unit, Organizations, Any;
    "UpdateOrganizationalUnit" => tree::update_organizational_unit, Organizations, Any;
    "ListOrganizationalUnitsForParent" => tree::list_organizational_units_for_parent, Organizations, Any;
    "DeleteOrganizationalUnit" => tree::delete_organizational_unit, Organizations, Any;
    "ListParents" => tree::list_parents, Organizations, Any;
    "ListChildren" => tree::list_children, Organizations, Any;
    "MoveAccount" => tree::move_account, Organizations, Any;
    "ListAWSServiceAccessForOrganization" => membership::list_aws_service_access_for_organization, Organizations, Any;
    "EnableAWSServiceAccess" => membership::enable_aws_service_access, Organizations, Any;
    "DisableAWSServiceAccess" => membership::disable_aws_service_access, Organizations, Any;
    "RemoveAccountFromOrganization" => membership::remove_account_from_organization, Organizations, Any;
    "CloseAccount" => membership::close_account, Organizations, Any;
    "EnablePolicyType" => policies::enable_policy_type, Organizations, Any;
    "DisablePolicyType" => policies::disable_policy_type, Organizations, Any;
    "CreatePolicy" => policies::create_policy, Organizations, Any;
    "DescribePolicy" => policies::describe_policy, Organizations, Any;
    "UpdatePolicy" => policies::update_policy, Organizations, Any;
    "DeletePolicy" => policies::delete_policy, Organizations, Any;
    "ListPolicies" => policies::list_policies, Organizations, Any;
    "AttachPolicy" => policies::attach_policy, Organizations, Any;
    "DetachPolicy" => policies::detach_policy, Organizations, Any;
    "ListPoliciesForTarget" => policies::list_policies_for_target, Organizations, Any;
    "ListTargetsForPolicy" => policies::list_targets_for_policy, Organizations, Any;
    "TagResource" => policies::tag_resource, Organizations, Any;
    "UntagResource" => policies::untag_resource, Organizations, Any;
    "ListTagsForResource" => policies::list_tags_for_resource, Organizations, Any;
    ]
}

/// The row of an Organizations action.
pub fn operation(action: &str) -> Option<&'static Operation> {
    type ByAction = HashMap<&'static str, &'static Operation>;
    static BY_ACTION: LazyLock<ByAction> =
        LazyLock::new(|| OPERATIONS.iter().map(|o| (o.action, o)).collect());
    BY_ACTION.get(action).copied()
}
