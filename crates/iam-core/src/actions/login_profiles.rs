//! Console passwords and the account password policy: Create/Get/Update/DeleteLoginProfile,
//! Get/Update/DeleteAccountPasswordPolicy (IAM User Guide: id_credentials_passwords_account-policy).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::input::Input;
use crate::secrets::hash_password;
use crate::service::{Caller, Iam};
use crate::state::KIND_ACCOUNT;

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

fn profile_json(user: &User, p: &LoginProfile) -> Value {
    json!({
        "UserName": user.name,
        "CreateDate": iso8601(p.create_date),
        "PasswordResetRequired": p.password_reset_required,
    })
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

    pub async fn create_login_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let password = input.str("Password")?;
        let reset = input.opt_bool("PasswordResetRequired").unwrap_or(false);
        check_password(self.password_policy(caller)?.as_ref(), password)?;
        // argon2id is deliberately slow: hash before taking the write lock.
        let hash = hash_password(password);
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
            let out = json!({ "LoginProfile": profile_json(&u, &p) });
            u.login_profile = Some(p);
            acct.put_user(tx, u);
            Ok(out)
        })
        .await
    }

    pub async fn get_login_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let u = find_user(acct, name)?;
            let p = u
                .login_profile
                .as_ref()
                .ok_or_else(|| no_profile(&u.name))?;
            Ok(json!({ "LoginProfile": profile_json(u, p) }))
        })
    }

    pub async fn update_login_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        let hash = match input.opt_str("Password") {
            Some(pw) => {
                let policy = self.password_policy(caller)?;
                check_password(policy.as_ref(), pw)?;
                self.check_password_reuse(caller, &name, policy.as_ref(), pw)?;
                Some(hash_password(pw))
            }
            None => None,
        };
        let reset = input.opt_bool("PasswordResetRequired");
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
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_login_profile(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("UserName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut u = find_user(acct, &name)?.clone();
            u.login_profile.take().ok_or_else(|| no_profile(&name))?;
            acct.put_user(tx, u);
            Ok(json!({}))
        })
        .await
    }

    pub async fn update_account_password_policy(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let p = PasswordPolicy {
            minimum_password_length: input.opt_i64("MinimumPasswordLength").unwrap_or(6),
            require_symbols: input.opt_bool("RequireSymbols").unwrap_or(false),
            require_numbers: input.opt_bool("RequireNumbers").unwrap_or(false),
            require_uppercase_characters: input
                .opt_bool("RequireUppercaseCharacters")
                .unwrap_or(false),
            require_lowercase_characters: input
                .opt_bool("RequireLowercaseCharacters")
                .unwrap_or(false),
            allow_users_to_change_password: input
                .opt_bool("AllowUsersToChangePassword")
                .unwrap_or(false),
            max_password_age: input.opt_i64("MaxPasswordAge").filter(|&n| n > 0),
            password_reuse_prevention: input.opt_i64("PasswordReusePrevention").filter(|&n| n > 0),
            hard_expiry: input.opt_bool("HardExpiry"),
        };
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            acct.account.password_policy = Some(p);
            tx.put(KIND_ACCOUNT, &acct.account.id.clone(), &acct.account);
            Ok(json!({}))
        })
        .await
    }

    pub async fn get_account_password_policy(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        let p = self.password_policy(caller)?.ok_or_else(|| {
            IamError::NoSuchEntity(format!(
                "The Password Policy with domain name {} cannot be found.",
                caller.account_id
            ))
        })?;
        let mut v = json!({
            "MinimumPasswordLength": p.minimum_password_length,
            "RequireSymbols": p.require_symbols,
            "RequireNumbers": p.require_numbers,
            "RequireUppercaseCharacters": p.require_uppercase_characters,
            "RequireLowercaseCharacters": p.require_lowercase_characters,
            "AllowUsersToChangePassword": p.allow_users_to_change_password,
            "ExpirePasswords": p.max_password_age.is_some(),
        });
        if let Some(n) = p.max_password_age {
            v["MaxPasswordAge"] = json!(n);
        }
        if let Some(n) = p.password_reuse_prevention {
            v["PasswordReusePrevention"] = json!(n);
        }
        if let Some(h) = p.hard_expiry {
            v["HardExpiry"] = json!(h);
        }
        Ok(json!({ "PasswordPolicy": v }))
    }

    pub async fn delete_account_password_policy(
        &self,
        caller: &Caller,
        _input: &Input,
    ) -> IamResult<Value> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.account.password_policy.take().is_none() {
                return Err(IamError::NoSuchEntity(
                    "The account policy with name PasswordPolicy cannot be found.".to_string(),
                ));
            }
            tx.put(KIND_ACCOUNT, &acct.account.id.clone(), &acct.account);
            Ok(json!({}))
        })
        .await
    }
}
