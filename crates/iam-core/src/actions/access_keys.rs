//! Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
//! GetAccessKeyLastUsed (IAM User Guide: id_credentials_access-keys).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::secrets::Secret;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KeyEntry};
use iam_api::iam as api;

const MAX_KEYS_PER_USER: usize = 2;

/// The user whose keys an action concerns: `UserName`, else the caller (root → `None`).
fn key_owner(
    acct: &AccountState,
    caller: &Caller,
    user_name: Option<&str>,
) -> IamResult<(Option<String>, Option<String>)> {
    match (user_name, &caller.principal) {
        (Some(name), _) => {
            let u = find_user(acct, name)?;
            Ok((Some(u.id.to_string()), Some(u.name.to_string())))
        }
        (None, Principal::User { id, name, .. }) => Ok((Some(id.clone()), Some(name.clone()))),
        (None, Principal::Root) => Ok((None, None)),
        (None, Principal::AssumedRole { .. } | Principal::FederatedUser { .. }) => {
            Err(IamError::ValidationError(
                "Must specify userName when calling with non-User credentials".into(),
            ))
        }
    }
}

fn no_such_key(id: &str) -> IamError {
    IamError::NoSuchEntity(format!("The Access Key with id {id} cannot be found."))
}

impl Iam {
    pub async fn create_access_key(
        &self,
        caller: &Caller,
        input: api::CreateAccessKeyRequest,
    ) -> IamResult<api::CreateAccessKeyResponse> {
        let secret = new_secret_access_key();
        let sealed = self.master.seal(&secret);
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = key_owner(acct, caller, input.user_name.as_deref())?;
            if acct.keys_of(owner.as_deref()).len() >= MAX_KEYS_PER_USER {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS_PER_USER}"
                )));
            }
            let record = AccessKeyRecord {
                id: new_id(IdKind::AccessKey),
                account_id: caller.account_id.clone(),
                owner: owner.map_or(KeyOwner::Root, KeyOwner::User),
                status: KeyStatus::Active,
                create_date: now(),
                sealed_secret: sealed,
                last_used: None,
            };
            // The root user's own key has no UserName.
            let key = api::AccessKey {
                user_name,
                access_key_id: record.id.clone(),
                status: KeyStatus::Active.as_str().to_string(),
                secret_access_key: secret.clone(),
                create_date: Some(iso8601(record.create_date)),
            };
            state.put_access_key(
                tx,
                KeyEntry {
                    record,
                    secret: Secret::new(secret),
                },
            );
            Ok(api::CreateAccessKeyResponse { access_key: key })
        })
        .await
    }

    pub async fn list_access_keys(
        &self,
        caller: &Caller,
        input: api::ListAccessKeysRequest,
    ) -> IamResult<api::ListAccessKeysResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = key_owner(acct, caller, input.user_name.as_deref())?;
            let items = acct.keys_of(owner.as_deref()).iter().filter_map(|k| {
                let e = state.keys.get(k)?;
                let metadata = api::AccessKeyMetadata {
                    user_name: user_name.clone(),
                    access_key_id: Some(e.record.id.clone()),
                    status: Some(e.record.status.as_str().to_string()),
                    create_date: Some(iso8601(e.record.create_date)),
                };
                Some((k.as_str(), metadata))
            });
            let (keys, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListAccessKeysResponse {
                access_key_metadata: keys,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn update_access_key(
        &self,
        caller: &Caller,
        input: api::UpdateAccessKeyRequest,
    ) -> IamResult<()> {
        let key_id = input.access_key_id;
        let status = match input.status.as_str() {
            "Active" => KeyStatus::Active,
            _ => KeyStatus::Inactive,
        };
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, _) = key_owner(acct, caller, input.user_name.as_deref())?;
            if !acct.keys_of(owner.as_deref()).contains(&key_id) {
                return Err(no_such_key(&key_id));
            }
            state
                .update_access_key(tx, &key_id, |r| r.status = status)
                .ok_or_else(|| no_such_key(&key_id))
        })
        .await
    }

    pub async fn delete_access_key(
        &self,
        caller: &Caller,
        input: api::DeleteAccessKeyRequest,
    ) -> IamResult<()> {
        let key_id = input.access_key_id;
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, _) = key_owner(acct, caller, input.user_name.as_deref())?;
            if !acct.keys_of(owner.as_deref()).contains(&key_id) {
                return Err(no_such_key(&key_id));
            }
            state.delete_access_key(tx, &key_id);
            Ok(())
        })
        .await
    }

    pub async fn get_access_key_last_used(
        &self,
        caller: &Caller,
        input: api::GetAccessKeyLastUsedRequest,
    ) -> IamResult<api::GetAccessKeyLastUsedResponse> {
        let key_id = input.access_key_id;
        self.read(|state| {
            // A key that is not the account's is not revealed to exist: AWS answers AccessDenied
            // naming the key (recorded: `tests/conformance/aws-recorded/iam/
            // test_iam_users.snapshot.json`, `get-last-used-nonexistent-key-error`: 403).
            let e = state
                .keys
                .get(&key_id)
                .filter(|e| e.record.account_id == caller.account_id)
                .ok_or_else(|| {
                    IamError::AccessDenied(format!(
                        "User: {} is not authorized to perform iam:GetAccessKeyLastUsed on \
                         resource: access key {key_id}",
                        caller.arn()
                    ))
                })?;
            let mut user_name = None;
            if let KeyOwner::User(uid) = &e.record.owner
                && let Some(u) = Iam::account_of(state, caller)?.users.get(uid)
            {
                user_name = Some(u.name.to_string());
            }
            let last_used = match &e.record.last_used {
                Some(l) => api::AccessKeyLastUsed {
                    last_used_date: Some(iso8601(l.date)),
                    service_name: l.service.clone(),
                    region: l.region.clone(),
                },
                None => api::AccessKeyLastUsed {
                    last_used_date: None,
                    service_name: "N/A".into(),
                    region: "N/A".into(),
                },
            };
            Ok(api::GetAccessKeyLastUsedResponse {
                user_name,
                access_key_last_used: Some(last_used),
            })
        })
    }
}
