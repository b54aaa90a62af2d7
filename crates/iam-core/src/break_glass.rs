//! Break-glass recovery of a locked-out root user: a new root access key issued offline by
//! whoever holds the data directory and its master key (`iamd recover-root`), as AWS's root
//! recovery rests on the account's e-mail. It never runs on the request path: no API action
//! reaches it. Each use leaves a durable `break_glass` record (time, account, new key, any key
//! deleted to make room), which the working set does not load (`State::from_records` skips the
//! kind), so nothing the API reports — the credential report, GetAccountSummary — changes shape.
use crate::entities::*;
use crate::error::{IamError, IamResult};
use crate::ids::new_secret_access_key;
use crate::service::{Iam, NewRootCredentials, add_root_access_key};
use serde::{Deserialize, Serialize};

/// The record kind of a break-glass use; key `ACCOUNT/NEW-KEY-ID`.
pub const KIND_BREAK_GLASS: &str = "break_glass";

/// AWS's quota of access keys per user, the root user included.
const MAX_ROOT_KEYS: usize = 2;

/// One use of break-glass recovery, kept in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassEvent {
    pub account_id: String,
    pub date: Timestamp,
    /// The root access key issued.
    pub access_key_id: String,
    /// The inactive root access key deleted to stay within the quota, if any.
    pub deleted_access_key_id: Option<String>,
}

impl Iam {
    /// Issues a new active root access key for `account_id` and records that it happened.
    /// The root user may hold at most two keys: with two already, the older inactive one is
    /// deleted; with two active ones recovery is refused (LimitExceeded; the root is not locked
    /// out then, it can delete one with the other). A closed (suspended) account is refused.
    pub async fn recover_root_access_key(&self, account_id: &str) -> IamResult<NewRootCredentials> {
        let secret = new_secret_access_key();
        let sealed = self.master.seal(&secret);
        let account_id = account_id.to_string();
        self.write(move |state, tx| {
            let acct = state.account(&account_id).ok_or_else(|| {
                IamError::NoSuchEntity(format!("The account {account_id} cannot be found."))
            })?;
            if state.organizations.is_suspended(&account_id) {
                // Its principals are refused whatever they present: a key would not help.
                return Err(IamError::InvalidInput(format!(
                    "The account {account_id} is closed (suspended in its organization)."
                )));
            }
            let root_keys = acct.keys_of(None);
            let mut deleted = None;
            if root_keys.len() >= MAX_ROOT_KEYS {
                let oldest_inactive = root_keys
                    .iter()
                    .filter_map(|id| state.keys.get(id))
                    .filter(|e| e.record.status == KeyStatus::Inactive)
                    .min_by_key(|e| (e.record.create_date, e.record.id.clone()))
                    .map(|e| e.record.id.clone());
                let Some(old) = oldest_inactive else {
                    return Err(IamError::LimitExceeded(format!(
                        "The root user of account {account_id} already has {} active access \
                         keys ({}): delete or deactivate one with DeleteAccessKey or \
                         UpdateAccessKey signed by the other, then run recover-root again.",
                        root_keys.len(),
                        root_keys.join(", ")
                    )));
                };
                // Validated: from here on the write changes state.
                state.delete_access_key(tx, &old);
                deleted = Some(old);
            }
            let creds = add_root_access_key(state, tx, &account_id, secret, sealed);
            let event = BreakGlassEvent {
                account_id: account_id.clone(),
                date: now(),
                access_key_id: creds.access_key_id.clone(),
                deleted_access_key_id: deleted,
            };
            tx.put(
                KIND_BREAK_GLASS,
                &format!("{account_id}/{}", creds.access_key_id),
                &event,
            );
            Ok(creds)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MasterKey;
    use crate::store::{MemoryStore, Store};
    use std::sync::Arc;

    async fn iam() -> (Arc<MemoryStore>, MasterKey, Iam, NewRootCredentials) {
        let store = Arc::new(MemoryStore::default());
        let master = MasterKey::generate();
        let iam = Iam::open(store.clone(), master.clone()).unwrap();
        let root = iam
            .ensure_default_account(None, crate::Partition::aws())
            .await
            .unwrap()
            .unwrap();
        (store, master, iam, root)
    }

    fn root_keys(iam: &Iam, account: &str) -> Vec<String> {
        iam.read(|s| s.account(account).unwrap().keys_of(None).to_vec())
    }

    fn set_status(iam: &Iam, key: &str, status: KeyStatus) {
        iam.state.write().keys.get_mut(key).unwrap().record.status = status;
    }

    #[tokio::test]
    async fn issues_a_working_root_key_and_records_it_durably() {
        let (store, master, iam, root) = iam().await;
        let account = root.account_id.clone();
        let new = iam.recover_root_access_key(&account).await.unwrap();
        assert_eq!(new.account_id, account);
        assert_ne!(new.access_key_id, root.access_key_id);
        assert_eq!(
            root_keys(&iam, &account),
            [root.access_key_id.clone(), new.access_key_id.clone()]
        );
        let auth = iam.lookup_key(&new.access_key_id).unwrap();
        assert!(auth.active);
        assert_eq!(auth.secret.expose(), new.secret_access_key.expose());
        assert_eq!(auth.caller.principal, crate::Principal::Root);

        // Durable: a restart sees the key, and the event is in the store (and the working set
        // loads despite the new record kind).
        let records = store.load_all().unwrap();
        let event = records
            .iter()
            .find(|r| r.kind == KIND_BREAK_GLASS)
            .expect("a break_glass record");
        let event: BreakGlassEvent = serde_json::from_slice(&event.value).unwrap();
        assert_eq!(event.account_id, account);
        assert_eq!(event.access_key_id, new.access_key_id);
        assert_eq!(event.deleted_access_key_id, None);
        let reopened = Iam::open(store.clone(), master).unwrap();
        assert_eq!(
            reopened
                .lookup_key(&new.access_key_id)
                .unwrap()
                .secret
                .expose(),
            new.secret_access_key.expose()
        );
    }

    #[tokio::test]
    async fn with_two_keys_the_oldest_inactive_one_makes_room_else_refused() {
        let (_store, _master, iam, root) = iam().await;
        let account = root.account_id.clone();
        let second = iam.recover_root_access_key(&account).await.unwrap();
        // Two active keys: the root is not locked out; nothing is changed.
        let err = iam.recover_root_access_key(&account).await.unwrap_err();
        assert!(matches!(err, IamError::LimitExceeded(_)), "{err:?}");
        assert_eq!(
            root_keys(&iam, &account),
            [root.access_key_id.clone(), second.access_key_id.clone()]
        );
        // One inactive: it is the one replaced.
        set_status(&iam, &second.access_key_id, KeyStatus::Inactive);
        let third = iam.recover_root_access_key(&account).await.unwrap();
        assert_eq!(
            root_keys(&iam, &account),
            [root.access_key_id.clone(), third.access_key_id.clone()]
        );
        assert!(iam.lookup_key(&second.access_key_id).is_none());
    }

    #[tokio::test]
    async fn unknown_account_is_refused() {
        let (_store, _master, iam, _root) = iam().await;
        let err = iam
            .recover_root_access_key("999999999999")
            .await
            .unwrap_err();
        assert!(matches!(err, IamError::NoSuchEntity(_)), "{err:?}");
    }
}
