//! Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
//! GetAccessKeyLastUsed (IAM User Guide: id_credentials_access-keys).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::input::Input;
use crate::secrets::Secret;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KIND_KEY, KeyEntry};

const MAX_KEYS_PER_USER: usize = 2;

/// The user whose keys an action concerns: `UserName`, else the caller (root → `None`).
fn key_owner(
    acct: &AccountState,
    caller: &Caller,
    input: &Input,
) -> IamResult<(Option<String>, Option<String>)> {
    match (input.opt_str("UserName"), &caller.principal) {
        (Some(name), _) => {
            let u = find_user(acct, name)?;
            Ok((Some(u.id.clone()), Some(u.name.clone())))
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
    pub async fn create_access_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let secret = new_secret_access_key();
        let sealed = self.master.seal(&secret);
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = key_owner(acct, caller, input)?;
            if acct.keys_of(owner.as_deref()).len() >= MAX_KEYS_PER_USER {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS_PER_USER}"
                )));
            }
            let record = AccessKeyRecord {
                id: new_id(IdKind::AccessKey),
                account_id: caller.account_id.clone(),
                owner: owner.clone().map_or(KeyOwner::Root, KeyOwner::User),
                status: KeyStatus::Active,
                create_date: now(),
                sealed_secret: sealed,
                last_used: None,
            };
            tx.put(KIND_KEY, &record.id, &record);
            let mut key = json!({
                "AccessKeyId": record.id,
                "Status": "Active",
                "SecretAccessKey": secret,
                "CreateDate": iso8601(record.create_date),
            });
            if let Some(n) = user_name {
                key["UserName"] = json!(n);
            }
            let acct = Iam::account_of_mut(state, caller)?;
            acct.user_keys
                .entry(owner)
                .or_default()
                .push(record.id.clone());
            state.keys.insert(
                record.id.clone(),
                KeyEntry {
                    record,
                    secret: Secret::new(secret),
                },
            );
            Ok(json!({ "AccessKey": key }))
        })
        .await
    }

    pub async fn list_access_keys(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = key_owner(acct, caller, input)?;
            let items = acct.keys_of(owner.as_deref()).iter().filter_map(|k| {
                let e = state.keys.get(k)?;
                let mut v = json!({
                    "AccessKeyId": e.record.id,
                    "Status": e.record.status.as_str(),
                    "CreateDate": iso8601(e.record.create_date),
                });
                if let Some(n) = &user_name {
                    v["UserName"] = json!(n);
                }
                Some((k.as_str(), v))
            });
            let (keys, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "AccessKeyMetadata": keys }), next))
        })
    }

    pub async fn update_access_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let key_id = input.str("AccessKeyId")?.to_string();
        let status = match input.str("Status")? {
            "Active" => KeyStatus::Active,
            _ => KeyStatus::Inactive,
        };
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, _) = key_owner(acct, caller, input)?;
            if !acct.keys_of(owner.as_deref()).contains(&key_id) {
                return Err(no_such_key(&key_id));
            }
            let e = state
                .keys
                .get_mut(&key_id)
                .ok_or_else(|| no_such_key(&key_id))?;
            e.record.status = status;
            tx.put(KIND_KEY, &key_id, &e.record);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_access_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let key_id = input.str("AccessKeyId")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, _) = key_owner(acct, caller, input)?;
            if !acct.keys_of(owner.as_deref()).contains(&key_id) {
                return Err(no_such_key(&key_id));
            }
            tx.delete(KIND_KEY, &key_id);
            state.keys.remove(&key_id);
            let acct = Iam::account_of_mut(state, caller)?;
            if let Some(ks) = acct.user_keys.get_mut(&owner) {
                ks.retain(|k| k != &key_id);
            }
            Ok(json!({}))
        })
        .await
    }

    pub async fn get_access_key_last_used(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let key_id = input.str("AccessKeyId")?;
        self.read(|state| {
            let e = state
                .keys
                .get(key_id)
                .filter(|e| e.record.account_id == caller.account_id)
                .ok_or_else(|| no_such_key(key_id))?;
            let mut out = json!({});
            if let KeyOwner::User(uid) = &e.record.owner
                && let Some(u) = Iam::account_of(state, caller)?.users.get(uid) {
                    out["UserName"] = json!(u.name);
                }
            out["AccessKeyLastUsed"] = match &e.record.last_used {
                Some(l) => json!({"LastUsedDate": iso8601(l.date), "ServiceName": l.service, "Region": l.region}),
                None => json!({"ServiceName": "N/A", "Region": "N/A"}),
            };
            Ok(out)
        })
    }
}
