//! Console passwords and the account password policy: Create/Get/Update/DeleteLoginProfile,
//! Get/Update/DeleteAccountPasswordPolicy (IAM User Guide: id_credentials_passwords_account-policy).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::secrets::hash_password;
use crate::service::{Caller, Iam};
use iam_api::iam as api;

/// The nonalphanumeric characters AWS's password policy counts as symbols (IAM User Guide:
/// id_credentials_passwords_account-policy).
pub const PASSWORD_SYMBOLS: &str = "!@#$%^&*()_+-=[]{}|'";

/// Checks a new password's length and character classes against the account's password
/// policy. AWS reports the first rule broken, in this order.
pub(crate) fn check_password(policy: Option<&PasswordPolicy>, password: &str) -> IamResult<()> {
    let Some(p) = policy else {
        return Ok(());
    };
    let has = |f: fn(char) -> bool| password.chars().any(f);
    let violation = if (password.chars().count() as i64) < p.minimum_password_length {
        Some(format!(
            "Password should have a minimum length of {}",
            p.minimum_password_length
        ))
    } else if p.require_lowercase_characters && !has(|c| c.is_ascii_lowercase()) {
        Some("Password should have at least one lowercase letter".to_string())
    } else if p.require_uppercase_characters && !has(|c| c.is_ascii_uppercase()) {
        Some("Password should have at least one uppercase letter".to_string())
    } else if p.require_numbers && !has(|c| c.is_ascii_digit()) {
        Some("Password should have at least one number".to_string())
    } else if p.require_symbols && !has(|c| PASSWORD_SYMBOLS.contains(c)) {
        Some("Password should have at least one symbol".to_string())
    } else {
        None
    };
    match violation {
        Some(m) => Err(IamError::PasswordPolicyViolation(m)),
        None => Ok(()),
    }
}

/// A login profile as the model's `LoginProfile`.
fn profile_shape(user: &User, p: &LoginProfile) -> api::LoginProfile {
    api::LoginProfile {
        user_name: user.name.to_string(),
        create_date: iso8601(p.create_date),
        password_reset_required: Some(p.password_reset_required),
    }
}

/// A member the model leaves optional (for the root user's own forms of an action) that this
/// server requires: its absence answered as AWS answers a missing required member.
/// `member` is the member name with its first letter lowercased, as AWS quotes it; IAM's
/// messages carry no value (see `iam_wire::query::validate`).
pub(crate) fn required_member<T>(value: Option<T>, member: &str) -> IamResult<T> {
    value.ok_or_else(|| {
        IamError::ValidationError(format!(
            "1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

/// A stored password policy number as the model's integer (the policy's numbers come from the
/// model's integers, so they always fit).
fn policy_number(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

fn no_profile(name: &str) -> IamError {
    IamError::NoSuchEntity(format!("Login Profile for User {name} cannot be found."))
}

impl Iam {
    fn password_policy(&self, caller: &Caller) -> IamResult<Option<PasswordPolicy>> {
        self.read(|state| {
            Ok(Iam::account_of(state, caller)?
                .account
                .password_policy
                .clone())
        })
    }

    pub async fn create_login_profile(
        &self,
        caller: &Caller,
        input: api::CreateLoginProfileRequest,
    ) -> IamResult<api::CreateLoginProfileResponse> {
        let name = required_member(input.user_name, "userName")?;
        let password = required_member(input.password, "password")?;
        let reset = input.password_reset_required.unwrap_or(false);
        check_password(self.password_policy(caller)?.as_ref(), &password)?;
        // argon2id is deliberately slow: hash before taking the write lock.
        let hash = hash_password(&password);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = find_user(acct, &name)?.clone();
            if u.login_profile.is_some() {
                return Err(IamError::EntityAlreadyExists(format!(
                    "Login Profile for user {} already exists.",
                    u.name
                )));
            }
            let t = now();
            let p = LoginProfile {
                create_date: t,
                password_reset_required: reset,
                password_hash: hash,
                password_last_changed: Some(t),
                previous_hashes: Vec::new(),
            };
            let out = api::CreateLoginProfileResponse {
                login_profile: profile_shape(&u, &p),
            };
            u.login_profile = Some(Box::new(p));
            acct.put_user(tx, u);
            Ok(out)
        })
        .await
    }

    pub async fn get_login_profile(
        &self,
        caller: &Caller,
        input: api::GetLoginProfileRequest,
    ) -> IamResult<api::GetLoginProfileResponse> {
        let name = required_member(input.user_name, "userName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = find_user(acct, &name)?;
            let p = u
                .login_profile
                .as_ref()
                .ok_or_else(|| no_profile(&u.name))?;
            Ok(api::GetLoginProfileResponse {
                login_profile: profile_shape(u, p),
            })
        })
    }

    pub async fn update_login_profile(
        &self,
        caller: &Caller,
        input: api::UpdateLoginProfileRequest,
    ) -> IamResult<()> {
        let name = input.user_name;
        let hash = match input.password.as_deref() {
            Some(pw) => {
                let policy = self.password_policy(caller)?;
                check_password(policy.as_ref(), pw)?;
                self.check_password_reuse(caller, &name, policy.as_ref(), pw)?;
                Some(hash_password(pw))
            }
            None => None,
        };
        let reset = input.password_reset_required;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = find_user(acct, &name)?.clone();
            let p = u.login_profile.as_mut().ok_or_else(|| no_profile(&name))?;
            if let Some(h) = hash {
                super::passwords::set_password(p, h, now());
            }
            if let Some(r) = reset {
                p.password_reset_required = r;
            }
            acct.put_user(tx, u);
            Ok(())
        })
        .await
    }

    pub async fn delete_login_profile(
        &self,
        caller: &Caller,
        input: api::DeleteLoginProfileRequest,
    ) -> IamResult<()> {
        let name = required_member(input.user_name, "userName")?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = find_user(acct, &name)?.clone();
            u.login_profile.take().ok_or_else(|| no_profile(&name))?;
            acct.put_user(tx, u);
            Ok(())
        })
        .await
    }

    pub async fn update_account_password_policy(
        &self,
        caller: &Caller,
        input: api::UpdateAccountPasswordPolicyRequest,
    ) -> IamResult<()> {
        let p = PasswordPolicy {
            minimum_password_length: input.minimum_password_length.map_or(6, i64::from),
            require_symbols: input.require_symbols.unwrap_or(false),
            require_numbers: input.require_numbers.unwrap_or(false),
            require_uppercase_characters: input.require_uppercase_characters.unwrap_or(false),
            require_lowercase_characters: input.require_lowercase_characters.unwrap_or(false),
            allow_users_to_change_password: input.allow_users_to_change_password.unwrap_or(false),
            max_password_age: input.max_password_age.map(i64::from).filter(|&n| n > 0),
            password_reuse_prevention: input
                .password_reuse_prevention
                .map(i64::from)
                .filter(|&n| n > 0),
            hard_expiry: input.hard_expiry,
        };
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            acct.update_account(tx, |a| a.password_policy = Some(p));
            Ok(())
        })
        .await
    }

    /// GetAccountPasswordPolicy has no input structure: the raw input is taken and ignored.
    pub async fn get_account_password_policy(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::GetAccountPasswordPolicyResponse> {
        let p = self.password_policy(caller)?.ok_or_else(|| {
            IamError::NoSuchEntity(format!(
                "The Password Policy with domain name {} cannot be found.",
                caller.account_id
            ))
        })?;
        Ok(api::GetAccountPasswordPolicyResponse {
            password_policy: api::PasswordPolicy {
                minimum_password_length: Some(policy_number(p.minimum_password_length)),
                require_symbols: Some(p.require_symbols),
                require_numbers: Some(p.require_numbers),
                require_uppercase_characters: Some(p.require_uppercase_characters),
                require_lowercase_characters: Some(p.require_lowercase_characters),
                allow_users_to_change_password: Some(p.allow_users_to_change_password),
                expire_passwords: Some(p.max_password_age.is_some()),
                max_password_age: p.max_password_age.map(policy_number),
                password_reuse_prevention: p.password_reuse_prevention.map(policy_number),
                hard_expiry: p.hard_expiry,
            },
        })
    }

    /// DeleteAccountPasswordPolicy has no input structure: the raw input is taken and ignored.
    pub async fn delete_account_password_policy(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.account.password_policy.is_none() {
                return Err(IamError::NoSuchEntity(
                    "The account policy with name PasswordPolicy cannot be found.".to_string(),
                ));
            }
            acct.update_account(tx, |a| a.password_policy = None);
            Ok(())
        })
        .await
    }
}
