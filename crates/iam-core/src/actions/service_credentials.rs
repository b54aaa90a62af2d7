//! Service-specific credentials: CreateServiceSpecificCredential,
//! ResetServiceSpecificCredential, UpdateServiceSpecificCredential,
//! DeleteServiceSpecificCredential, ListServiceSpecificCredentials (IAM User Guide:
//! id_credentials_service-specific-creds, id_credentials_bedrock).
use super::ssh_keys::{parse_status, user_or_caller};
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::service::{Caller, Iam, Principal};
use crate::state::AccountState;
use base64::Engine;
use iam_api::iam as api;
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

/// AWS answers NoSuchEntity here, not the model's NotSupportedService (recorded:
/// test_iam.snapshot.json, TestIAMServiceSpecificCredentials::
/// test_create_service_specific_credential_invalid_service).
fn not_supported(name: &str) -> IamError {
    IamError::NoSuchEntity(format!(
        "No such service {name} is supported for Service Specific Credentials"
    ))
}

/// Recorded: test_iam.snapshot.json, test_user_match_id_mismatch[satisfiesregexbutstillinvalid].
fn no_such_credential(id: &str) -> IamError {
    IamError::NoSuchEntity(format!("No such credential {id} exists"))
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

/// A credential with its secret, as Create and Reset answer it: the password of a generated
/// user name, or the secret of an API key's alias.
fn credential_shape(
    user_name: &str,
    c: &ServiceSpecificCredentialRecord,
    secret: &str,
) -> api::ServiceSpecificCredential {
    api::ServiceSpecificCredential {
        create_date: iso8601(c.create_date),
        expiration_date: c.expiration_date.map(iso8601),
        service_name: c.service_name.clone(),
        service_user_name: c.service_user_name.clone(),
        service_password: c.service_user_name.as_ref().map(|_| secret.to_string()),
        service_credential_alias: c.service_credential_alias.clone(),
        service_credential_secret: c
            .service_credential_alias
            .as_ref()
            .map(|_| secret.to_string()),
        service_specific_credential_id: c.id.clone(),
        user_name: user_name.to_string(),
        status: status_str(c, now()).into(),
    }
}

/// A credential as ListServiceSpecificCredentials lists it: no secret.
fn credential_metadata(
    user_name: &str,
    c: &ServiceSpecificCredentialRecord,
) -> api::ServiceSpecificCredentialMetadata {
    api::ServiceSpecificCredentialMetadata {
        user_name: user_name.to_string(),
        status: status_str(c, now()).into(),
        service_user_name: c.service_user_name.clone(),
        service_credential_alias: c.service_credential_alias.clone(),
        create_date: iso8601(c.create_date),
        expiration_date: c.expiration_date.map(iso8601),
        service_specific_credential_id: c.id.clone(),
        service_name: c.service_name.clone(),
    }
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
        input: api::CreateServiceSpecificCredentialRequest,
    ) -> IamResult<api::CreateServiceSpecificCredentialResponse> {
        let service = input.service_name;
        let age_days = input.credential_age_days.map(i64::from);
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            // The user is looked up before the service (recorded:
            // test_create_service_specific_credential_invalid_user).
            let user = user_or_caller(acct, caller, Some(&user_name))?;
            let (user_id, user_name) = (user.id.clone(), user.name.clone());
            let kind = service_kind(&service).ok_or_else(|| not_supported(&service))?;
            if age_days.is_some() && kind == Kind::Password {
                return Err(IamError::invalid_input(
                    "CredentialAgeDays is only valid for Bedrock API keys.",
                ));
            }
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
                user_id: user_id.to_string(),
                service_name: service,
                service_user_name: (kind == Kind::Password).then(|| alias.clone()),
                service_credential_alias: (kind != Kind::Password).then_some(alias),
                sealed_secret: self.master.seal(&secret),
                status: KeyStatus::Active,
                create_date,
                expiration_date: age_days.map(|d| create_date + d * 86_400),
            };
            let out = api::CreateServiceSpecificCredentialResponse {
                service_specific_credential: Some(credential_shape(&user_name, &record, &secret)),
            };
            acct.put_service_cred(tx, record);
            Ok(out)
        })
        .await
    }

    pub async fn reset_service_specific_credential(
        &self,
        caller: &Caller,
        input: api::ResetServiceSpecificCredentialRequest,
    ) -> IamResult<api::ResetServiceSpecificCredentialResponse> {
        let id = input.service_specific_credential_id;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user = user_or_caller(acct, caller, user_name.as_deref())?;
            let (user_id, user_name) = (user.id.clone(), user.name.clone());
            let credential = acct
                .update_service_cred(tx, &user_id, &id, |c| {
                    let kind = service_kind(&c.service_name).unwrap_or(Kind::Password);
                    let alias = c
                        .service_user_name
                        .clone()
                        .or_else(|| c.service_credential_alias.clone())
                        .unwrap_or_default();
                    let secret = new_secret(kind, &alias);
                    c.sealed_secret = self.master.seal(&secret);
                    credential_shape(&user_name, c, &secret)
                })
                .ok_or_else(|| no_such_credential(&id))?;
            Ok(api::ResetServiceSpecificCredentialResponse {
                service_specific_credential: Some(credential),
            })
        })
        .await
    }

    pub async fn update_service_specific_credential(
        &self,
        caller: &Caller,
        input: api::UpdateServiceSpecificCredentialRequest,
    ) -> IamResult<()> {
        let id = input.service_specific_credential_id;
        let status = parse_status(&input.status)?;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, user_name.as_deref())?
                .id
                .clone();
            acct.update_service_cred(tx, &user_id, &id, |c| c.status = status)
                .ok_or_else(|| no_such_credential(&id))
        })
        .await
    }

    pub async fn delete_service_specific_credential(
        &self,
        caller: &Caller,
        input: api::DeleteServiceSpecificCredentialRequest,
    ) -> IamResult<()> {
        let id = input.service_specific_credential_id;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, user_name.as_deref())?
                .id
                .clone();
            acct.delete_service_cred(tx, &user_id, &id)
                .ok_or_else(|| no_such_credential(&id))?;
            Ok(())
        })
        .await
    }

    pub async fn list_service_specific_credentials(
        &self,
        caller: &Caller,
        input: api::ListServiceSpecificCredentialsRequest,
    ) -> IamResult<api::ListServiceSpecificCredentialsResponse> {
        let service = input.service_name.as_deref();
        if let Some(s) = service
            && service_kind(s).is_none()
        {
            return Err(not_supported(s));
        }
        let user_name = input.user_name.as_deref();
        let all_users = input.all_users.unwrap_or(false);
        if all_users && user_name.is_some() {
            return Err(IamError::invalid_input(
                "AllUsers cannot be specified together with UserName.",
            ));
        }
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let wanted =
                |c: &&ServiceSpecificCredentialRecord| service.is_none_or(|s| c.service_name == s);
            let name_of = |id: &str| {
                acct.users
                    .get(id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default()
            };
            let mut creds: Vec<api::ServiceSpecificCredentialMetadata> = if all_users {
                acct.service_creds
                    .values()
                    .filter(wanted)
                    .map(|c| credential_metadata(&name_of(&c.user_id), c))
                    .collect()
            } else {
                match (user_name, &caller.principal) {
                    // The root user has no service-specific credentials of its own.
                    (None, Principal::Root) => Vec::new(),
                    _ => {
                        let u = user_or_caller(acct, caller, user_name)?;
                        acct.service_creds_of(&u.id)
                            .filter(wanted)
                            .map(|c| credential_metadata(&u.name, c))
                            .collect()
                    }
                }
            };
            // Pages are keyed by credential ID, so the list goes out in ID order.
            creds.sort_by(|a, b| {
                a.service_specific_credential_id
                    .cmp(&b.service_specific_credential_id)
            });
            let items = creds
                .into_iter()
                .map(|c| (c.service_specific_credential_id.clone(), c));
            let (creds, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListServiceSpecificCredentialsResponse {
                service_specific_credentials: Some(creds),
                // AWS leaves IsTruncated out (AWS-recorded: test_iam
                // `test_service_specific_credential_lifecycle` "list-service-specific-credentials-
                // response-before-update"); a page cut short by MaxItems still says so beside its
                // Marker, so that paginators go on.
                is_truncated: next.is_some().then_some(true),
                marker: next,
            })
        })
    }
}
