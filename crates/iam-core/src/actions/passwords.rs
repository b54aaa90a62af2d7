//! The account password policy's rules beyond composition: reuse prevention, expiry, hard
//! expiry, AllowUsersToChangePassword; and ChangePassword (IAM User Guide:
//! id_credentials_passwords_account-policy, id_credentials_passwords_user-change-own).
use super::login_profiles::check_password;
use super::*;
use crate::entities::*;
use crate::password_rules::{hard_expiry, password_expired};
use crate::secrets::{hash_password, verify_password};
use crate::service::{Caller, Iam, Principal};
use iam_api::iam as api;

/// PasswordReusePrevention's maximum: at most this many earlier hashes are kept.
pub const MAX_REMEMBERED_PASSWORDS: usize = 24;

/// Refuses a password equal to the current one or to one of the earlier ones that
/// PasswordReusePrevention covers. argon2id verification: run outside any lock.
pub(crate) fn check_reuse(
    policy: Option<&PasswordPolicy>,
    profile: &LoginProfile,
    password: &str,
) -> IamResult<()> {
    let Some(n) = policy
        .and_then(|p| p.password_reuse_prevention)
        .filter(|&n| n > 0)
    else {
        return Ok(());
    };
    let n = usize::try_from(n).unwrap_or(MAX_REMEMBERED_PASSWORDS);
    let reused = std::iter::once(&profile.password_hash)
        .chain(&profile.previous_hashes)
        .take(n)
        .any(|h| verify_password(password, h));
    if reused {
        return Err(IamError::PasswordPolicyViolation(format!(
            "Password should not be one of your previous {n} passwords."
        )));
    }
    Ok(())
}

/// Sets a new password hash, remembering the old one for reuse prevention.
pub(crate) fn set_password(p: &mut LoginProfile, hash: String, now: Timestamp) {
    let old = std::mem::replace(&mut p.password_hash, hash);
    p.previous_hashes.insert(0, old);
    p.previous_hashes.truncate(MAX_REMEMBERED_PASSWORDS - 1);
    p.password_last_changed = Some(now);
}

fn no_profile(name: &str) -> IamError {
    IamError::NoSuchEntity(format!("Login Profile for User {name} cannot be found."))
}

impl Iam {
    /// Checks a new password against the policy's reuse rule for user `name`'s profile.
    pub(crate) fn check_password_reuse(
        &self,
        caller: &Caller,
        name: &str,
        policy: Option<&PasswordPolicy>,
        password: &str,
    ) -> IamResult<()> {
        if policy.and_then(|p| p.password_reuse_prevention).is_none() {
            return Ok(());
        }
        let profile = self.read(|state| {
            Iam::account_of(state, caller)?
                .user_by_name(name)
                .map(|u| u.login_profile.clone())
                .ok_or_else(|| IamError::no_such_user(name))
        })?;
        match profile {
            Some(p) => check_reuse(policy, &p, password),
            None => Ok(()),
        }
    }

    pub async fn change_password(
        &self,
        caller: &Caller,
        input: api::ChangePasswordRequest,
    ) -> IamResult<()> {
        let old = input.old_password.as_str();
        let new = input.new_password.as_str();
        let Principal::User { id, name, .. } = &caller.principal else {
            return Err(IamError::InvalidUserType(
                "Only IAM users can change their own password.".into(),
            ));
        };
        let limiter_key = (caller.account_id.clone(), name.to_lowercase());
        if !self
            .throttle_reserve(crate::sign_in::Limiter::SignIn, &limiter_key)
            .await?
        {
            return Err(crate::sign_in::throttled());
        }
        let found = self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = acct
                .users
                .get(id)
                .ok_or_else(|| IamError::no_such_user(name))?;
            let p = u.login_profile.clone().ok_or_else(|| no_profile(name))?;
            Ok::<_, IamError>((p, acct.account.password_policy.clone()))
        });
        let (profile, policy) = match found {
            Ok(found) => found,
            Err(e) => {
                // No password was tried: the reserved attempt goes back.
                self.throttle_refund(crate::sign_in::Limiter::SignIn, &limiter_key)
                    .await;
                return Err(e);
            }
        };
        // argon2id's verifier compares in constant time.
        if !verify_password(old, &profile.password_hash) {
            // Counted by the reservation.
            return Err(IamError::AccessDenied(
                "The old password is incorrect.".into(),
            ));
        }
        // The right old password was no guess.
        self.throttle_refund(crate::sign_in::Limiter::SignIn, &limiter_key)
            .await;
        if hard_expiry(policy.as_ref()) && password_expired(policy.as_ref(), &profile, now()) {
            return Err(IamError::AccessDenied(
                "Your password has expired and can only be reset by an administrator.".into(),
            ));
        }
        check_password(policy.as_ref(), new)?;
        check_reuse(policy.as_ref(), &profile, new)?;
        let hash = hash_password(new);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = acct
                .users
                .get(id)
                .ok_or_else(|| IamError::no_such_user(name))?
                .clone();
            let p = u.login_profile.as_mut().ok_or_else(|| no_profile(name))?;
            // Changed by someone else since it was checked: the old password may no longer be.
            if p.password_hash != profile.password_hash {
                return Err(IamError::EntityTemporarilyUnmodifiable(format!(
                    "Login Profile for User {name} cannot be modified while it is being updated."
                )));
            }
            set_password(p, hash, now());
            p.password_reset_required = false;
            acct.put_user(tx, u);
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password_rules::{DAY, next_rotation};

    fn profile(hash: &str) -> LoginProfile {
        LoginProfile {
            create_date: 1_000,
            password_reset_required: false,
            password_hash: hash.to_string(),
            password_last_changed: None,
            previous_hashes: Vec::new(),
        }
    }

    #[test]
    fn expiry_counts_from_last_change() {
        let policy = PasswordPolicy {
            max_password_age: Some(1),
            ..Default::default()
        };
        let mut p = profile("x");
        assert_eq!(next_rotation(Some(&policy), &p), Some(1_000 + DAY));
        assert!(!password_expired(Some(&policy), &p, 1_000 + DAY - 1));
        assert!(password_expired(Some(&policy), &p, 1_000 + DAY));
        p.password_last_changed = Some(5_000);
        assert!(!password_expired(Some(&policy), &p, 1_000 + DAY));
        assert!(!password_expired(None, &p, i64::MAX));
    }

    #[test]
    fn history_keeps_hashes_never_passwords_and_is_bounded() {
        let mut p = profile(&hash_password("first-pw"));
        for i in 0..30 {
            set_password(&mut p, hash_password(&format!("pw-{i}")), 2_000 + i);
        }
        assert_eq!(p.previous_hashes.len(), MAX_REMEMBERED_PASSWORDS - 1);
        assert!(
            p.previous_hashes
                .iter()
                .all(|h| h.starts_with("$argon2id$"))
        );
        let policy = PasswordPolicy {
            password_reuse_prevention: Some(3),
            ..Default::default()
        };
        // current (pw-29) and the two before it are refused; pw-26 is allowed again.
        for reused in ["pw-29", "pw-28", "pw-27"] {
            assert!(check_reuse(Some(&policy), &p, reused).is_err(), "{reused}");
        }
        assert!(check_reuse(Some(&policy), &p, "pw-26").is_ok());
        assert!(check_reuse(None, &p, "pw-29").is_ok());
    }
}
