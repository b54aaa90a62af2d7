//! Service-specific credentials: CreateServiceSpecificCredential,
//! ResetServiceSpecificCredential, UpdateServiceSpecificCredential,
//! DeleteServiceSpecificCredential, ListServiceSpecificCredentials (IAM User Guide:
//! id_credentials_service-specific-creds, id_credentials_bedrock).
use super::ssh_keys::{parse_status, user_or_caller};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KIND_SERVICE_CRED};
use base64::Engine;
use rand::RngCore;

/// AWS: "a maximum of two sets of service-specific credentials for each supported service per user".
pub const MAX_PER_USER_PER_SERVICE: usize = 2;

/// How a service's credentials look.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A generated user name and password (CodeCommit Git, Amazon Keyspaces).
    Password,
    /// An API key: an alias and a secret token with the service's prefix (Amazon Bedrock).
    ApiKey { prefix: &'static str },
}

fn service_kind(name: &str) -> Option<Kind> {
    match name {
        "codecommit.amazonaws.com" | "cassandra.amazonaws.com" => Some(Kind::Password),
        "bedrock.amazonaws.com" => Some(Kind::ApiKey { prefix: "ABSK" }),
        _ => None,
    }
}

fn not_supported(name: &str) -> IamError {
    IamError::NotSupportedService(format!(
        "No such service {name} is supported for Service-Specific Credentials"
    ))
}

fn no_such_credential(id: &str) -> IamError {
    IamError::NoSuchEntity(format!(
        "The Service Specific Credential with id {id} cannot be found."
    ))
}

fn new_password() -> String {
    let mut bytes = [0u8; 33];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn new_secret(kind: Kind, alias: &str) -> String {
    match kind {
        Kind::Password => new_password(),
        // Bedrock API keys carry their alias: prefix + base64("ALIAS:SECRET").
        Kind::ApiKey { prefix } => format!(
            "{prefix}{}",
            base64::engine::general_purpose::STANDARD.encode(format!("{alias}:{}", new_password()))
        ),
    }
}

fn status_str(c: &ServiceSpecificCredentialRecord, at: Timestamp) -> &'static str {
    match c.expiration_date {
        Some(e) if e <= at => "Expired",
        _ => c.status.as_str(),
    }
}

/// The metadata shape; with `secret`, the full `ServiceSpecificCredential` shape.
fn credential_json(
    user_name: &str,
    c: &ServiceSpecificCredentialRecord,
    secret: Option<&str>,
) -> Value {
    let mut v = json!({
        "CreateDate": iso8601(c.create_date),
        "ServiceName": c.service_name,
    });
    if let Some(e) = c.expiration_date {
        v["ExpirationDate"] = json!(iso8601(e));
    }
    if let Some(u) = &c.service_user_name {
        v["ServiceUserName"] = json!(u);
        if let Some(s) = secret {
            v["ServicePassword"] = json!(s);
        }
    }
    if let Some(a) = &c.service_credential_alias {
        v["ServiceCredentialAlias"] = json!(a);
        if let Some(s) = secret {
            v["ServiceCredentialSecret"] = json!(s);
        }
    }
    v["ServiceSpecificCredentialId"] = json!(c.id);
    v["UserName"] = json!(user_name);
    v["Status"] = json!(status_str(c, now()));
    v
}

impl AccountState {
    pub fn service_creds_of<'a>(
        &'a self,
        user_id: &str,
    ) -> impl Iterator<Item = &'a ServiceSpecificCredentialRecord> + use<'a> {
        let user = user_id.to_string();
        self.service_creds
            .range((user.clone(), String::new())..)
            .take_while(move |((u, _), _)| *u == user)
            .map(|(_, c)| c)
    }
}

impl Iam {
    pub async fn create_service_specific_credential(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let service = input.str("ServiceName")?.to_string();
        let kind = service_kind(&service).ok_or_else(|| not_supported(&service))?;
        let age_days = input.opt_i64("CredentialAgeDays");
        if age_days.is_some() && kind == Kind::Password {
            return Err(IamError::invalid_input(
                "CredentialAgeDays is only valid for Bedrock API keys.",
            ));
        }
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user = user_or_caller(acct, caller, input)?;
            let (user_id, user_name) = (user.id.clone(), user.name.clone());
            let existing: Vec<&ServiceSpecificCredentialRecord> = acct
                .service_creds_of(&user_id)
                .filter(|c| c.service_name == service)
                .collect();
            if existing.len() >= MAX_PER_USER_PER_SERVICE {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {MAX_PER_USER_PER_SERVICE}"
                )));
            }
            // `NAME-at-ACCOUNT`, then `NAME+1-at-ACCOUNT` for the second, as AWS generates them.
            let alias = (0..)
                .map(|slot| match slot {
                    0 => format!("{user_name}-at-{}", caller.account_id),
                    n => format!("{user_name}+{n}-at-{}", caller.account_id),
                })
                .find(|a| {
                    !existing.iter().any(|c| {
                        c.service_user_name.as_ref() == Some(a)
                            || c.service_credential_alias.as_ref() == Some(a)
                    })
                })
                .unwrap_or_default();
            let secret = new_secret(kind, &alias);
            let create_date = now();
            let record = ServiceSpecificCredentialRecord {
                id: new_id(IdKind::ServiceSpecificCredential),
                account_id: caller.account_id.clone(),
                user_id: user_id.clone(),
                service_name: service,
                service_user_name: (kind == Kind::Password).then(|| alias.clone()),
                service_credential_alias: (kind != Kind::Password).then_some(alias),
                sealed_secret: self.master.seal(&secret),
                status: KeyStatus::Active,
                create_date,
                expiration_date: age_days.map(|d| create_date + d * 86_400),
            };
            tx.put(KIND_SERVICE_CRED, &record.id, &record);
            let out = json!({
                "ServiceSpecificCredential": credential_json(&user_name, &record, Some(&secret))
            });
            acct.service_creds.insert((user_id, record.id.clone()), record);
            Ok(out)
        })
        .await
    }

    pub async fn reset_service_specific_credential(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let id = input.str("ServiceSpecificCredentialId")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user = user_or_caller(acct, caller, input)?;
            let (user_id, user_name) = (user.id.clone(), user.name.clone());
            let c = acct
                .service_creds
                .get_mut(&(user_id, id.clone()))
                .ok_or_else(|| no_such_credential(&id))?;
            let kind = service_kind(&c.service_name).unwrap_or(Kind::Password);
            let alias = c
                .service_user_name
                .clone()
                .or_else(|| c.service_credential_alias.clone())
                .unwrap_or_default();
            let secret = new_secret(kind, &alias);
            c.sealed_secret = self.master.seal(&secret);
            tx.put(KIND_SERVICE_CRED, &id, c);
            Ok(json!({
                "ServiceSpecificCredential": credential_json(&user_name, c, Some(&secret))
            }))
        })
        .await
    }

    pub async fn update_service_specific_credential(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let id = input.str("ServiceSpecificCredentialId")?.to_string();
        let status = parse_status(input)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, input)?.id.clone();
            let c = acct
                .service_creds
                .get_mut(&(user_id, id.clone()))
                .ok_or_else(|| no_such_credential(&id))?;
            c.status = status;
            tx.put(KIND_SERVICE_CRED, &id, c);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_service_specific_credential(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let id = input.str("ServiceSpecificCredentialId")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, input)?.id.clone();
            acct.service_creds
                .remove(&(user_id, id.clone()))
                .ok_or_else(|| no_such_credential(&id))?;
            tx.delete(KIND_SERVICE_CRED, &id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_service_specific_credentials(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let service = input.opt_str("ServiceName");
        if let Some(s) = service
            && service_kind(s).is_none()
        {
            return Err(not_supported(s));
        }
        let all_users = input.opt_bool("AllUsers").unwrap_or(false);
        if all_users && input.opt_str("UserName").is_some() {
            return Err(IamError::invalid_input(
                "AllUsers cannot be specified together with UserName.",
            ));
        }
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let wanted =
                |c: &&ServiceSpecificCredentialRecord| service.is_none_or(|s| c.service_name == s);
            let user_name = |id: &str| {
                acct.users
                    .get(id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default()
            };
            let creds: Vec<Value> = if all_users {
                acct.service_creds
                    .values()
                    .filter(wanted)
                    .map(|c| credential_json(&user_name(&c.user_id), c, None))
                    .collect()
            } else {
                match (input.opt_str("UserName"), &caller.principal) {
                    // The root user has no service-specific credentials of its own.
                    (None, Principal::Root) => Vec::new(),
                    _ => {
                        let u = user_or_caller(acct, caller, input)?;
                        acct.service_creds_of(&u.id)
                            .filter(wanted)
                            .map(|c| credential_json(&u.name, c, None))
                            .collect()
                    }
                }
            };
            // Pages are keyed by credential ID, so the list goes out in ID order.
            let mut items: Vec<(String, Value)> = creds
                .into_iter()
                .map(|v| {
                    let key = v["ServiceSpecificCredentialId"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    (key, v)
                })
                .collect();
            items.sort_by(|a, b| a.0.cmp(&b.0));
            let (creds, next) = page(items.into_iter(), input.marker(), input.max_items());
            Ok(paged(json!({ "ServiceSpecificCredentials": creds }), next))
        })
    }
}
