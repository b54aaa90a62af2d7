//! The account password policy's rules that authorization and sign-in need besides the
//! password actions themselves: expiry, hard expiry, and what AllowUsersToChangePassword grants
//! (IAM User Guide: id_credentials_passwords_account-policy).
use crate::entities::{LoginProfile, PasswordPolicy, Timestamp};
use crate::service::{Caller, Principal};
use crate::state::AccountState;

pub const DAY: i64 = 86_400;

/// When a password set at `p.last_changed()` must be changed, under `policy`.
pub fn next_rotation(policy: Option<&PasswordPolicy>, p: &LoginProfile) -> Option<Timestamp> {
    let days = policy?.max_password_age?;
    Some(p.last_changed() + days * DAY)
}

/// Expiry applies immediately to existing passwords when a policy sets it (AWS: "the
/// expiration period is enforced immediately").
pub fn password_expired(policy: Option<&PasswordPolicy>, p: &LoginProfile, now: Timestamp) -> bool {
    next_rotation(policy, p).is_some_and(|t| t <= now)
}

pub fn hard_expiry(policy: Option<&PasswordPolicy>) -> bool {
    policy.and_then(|p| p.hard_expiry).unwrap_or(false)
}

/// AllowUsersToChangePassword gives every IAM user iam:ChangePassword on itself and
/// iam:GetAccountPasswordPolicy at the account level, without a policy (IAM User Guide:
/// id_credentials_passwords_account-policy, "Allow users to change their own password").
pub fn account_grants(acct: &AccountState, caller: &Caller, action: &str) -> bool {
    matches!(caller.principal, Principal::User { .. })
        && matches!(action, "ChangePassword" | "GetAccountPasswordPolicy")
        && acct
            .account
            .password_policy
            .as_ref()
            .is_some_and(|p| p.allow_users_to_change_password)
}
