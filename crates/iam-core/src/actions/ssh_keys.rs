//! SSH public keys for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey, UpdateSSHPublicKey,
//! DeleteSSHPublicKey, ListSSHPublicKeys (IAM API Reference; CodeCommit User Guide:
//! setting-up-ssh-unixes). Also the start-up loader of every credential record kind
//! (SSH keys, signing and server certificates, service-specific credentials).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::pki::{SshKeyError, SshRsaKey};
use crate::service::{Caller, Iam, Principal};
use crate::state::AccountState;
use iam_api::iam as api;

/// AWS's default quota: five SSH public keys per user.
pub const MAX_SSH_KEYS_PER_USER: usize = 5;

fn no_such_key(id: &str) -> IamError {
    IamError::NoSuchEntity(format!("The Public Key with id {id} cannot be found."))
}

/// The user an SSH-key or service-credential action concerns: `UserName`, else the calling
/// IAM user. These credentials belong to IAM users only, never to the root user or a role.
pub(crate) fn user_or_caller<'a>(
    acct: &'a AccountState,
    caller: &Caller,
    user_name: Option<&str>,
) -> IamResult<&'a User> {
    match (user_name, &caller.principal) {
        (Some(name), _) => find_user(acct, name),
        (None, Principal::User { id, name, .. }) => acct
            .users
            .get(id)
            .ok_or_else(|| IamError::no_such_user(name)),
        (None, _) => Err(IamError::ValidationError(
            "Must specify userName when calling with non-User credentials".into(),
        )),
    }
}

impl AccountState {
    pub fn ssh_keys_of<'a>(
        &'a self,
        user_id: &str,
    ) -> impl Iterator<Item = &'a SshPublicKeyRecord> + use<'a> {
        let from = (user_id.to_string(), String::new());
        let user = user_id.to_string();
        self.ssh_keys
            .range(from..)
            .take_while(move |((u, _), _)| *u == user)
            .map(|(_, k)| k)
    }
}

/// A key with its body in the given encoding, as Upload and Get answer it.
fn key_shape(user_name: &str, k: &SshPublicKeyRecord, body: String) -> api::SSHPublicKey {
    api::SSHPublicKey {
        user_name: user_name.to_string(),
        ssh_public_key_id: k.id.clone(),
        fingerprint: k.fingerprint.clone(),
        ssh_public_key_body: body,
        status: k.status.as_str().into(),
        upload_date: Some(iso8601(k.upload_date)),
    }
}

/// A key as ListSSHPublicKeys lists it: no body, no fingerprint.
fn key_metadata(user_name: &str, k: &SshPublicKeyRecord) -> api::SSHPublicKeyMetadata {
    api::SSHPublicKeyMetadata {
        user_name: user_name.to_string(),
        ssh_public_key_id: k.id.clone(),
        status: k.status.as_str().into(),
        upload_date: iso8601(k.upload_date),
    }
}

/// A request's `Status` member as a key status (Update of SSH keys, signing certificates and
/// service-specific credentials).
pub(crate) fn parse_status(status: &str) -> IamResult<KeyStatus> {
    match status {
        "Active" => Ok(KeyStatus::Active),
        "Inactive" => Ok(KeyStatus::Inactive),
        // `Expired` is in the model's enum (service-specific credentials) but cannot be set.
        // Recorded: test_iam.snapshot.json, TestIAMServiceSpecificCredentials::test_invalid_update_parameters.
        _ => Err(IamError::ValidationError(
            "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set".to_owned(),
        )),
    }
}

impl Iam {
    pub async fn upload_ssh_public_key(
        &self,
        caller: &Caller,
        input: api::UploadSSHPublicKeyRequest,
    ) -> IamResult<api::UploadSSHPublicKeyResponse> {
        let key = SshRsaKey::parse(&input.ssh_public_key_body).map_err(|e| match e {
            SshKeyError::Unrecognized => IamError::UnrecognizedPublicKeyEncoding(
                "The public key encoding format is unsupported or unrecognized.".into(),
            ),
            SshKeyError::Invalid => IamError::InvalidPublicKey(
                "The public key is malformed or otherwise invalid.".into(),
            ),
            SshKeyError::TooShort(bits) => IamError::InvalidPublicKey(format!(
                "The public key is {bits} bits long; the minimum length is {} bits.",
                crate::pki::MIN_SSH_KEY_BITS
            )),
        })?;
        let fingerprint = key.fingerprint_md5();
        let body = key.to_ssh();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user = user_or_caller(acct, caller, Some(&input.user_name))?;
            let (user_id, user_name) = (user.id.clone(), user.name.clone());
            let existing: Vec<&SshPublicKeyRecord> = acct.ssh_keys_of(&user_id).collect();
            if existing.iter().any(|k| k.fingerprint == fingerprint) {
                return Err(IamError::DuplicateSSHPublicKey(
                    "The SSH public key is already associated with the specified IAM user.".into(),
                ));
            }
            if existing.len() >= MAX_SSH_KEYS_PER_USER {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for PublicKeysPerUser: {MAX_SSH_KEYS_PER_USER}"
                )));
            }
            let record = SshPublicKeyRecord {
                id: new_id(IdKind::SshPublicKey),
                account_id: caller.account_id.clone(),
                user_id: user_id.to_string(),
                body: body.clone(),
                fingerprint,
                status: KeyStatus::Active,
                upload_date: now(),
            };
            let out = api::UploadSSHPublicKeyResponse {
                ssh_public_key: Some(key_shape(&user_name, &record, body)),
            };
            acct.put_ssh_key(tx, record);
            Ok(out)
        })
        .await
    }

    pub async fn get_ssh_public_key(
        &self,
        caller: &Caller,
        input: api::GetSSHPublicKeyRequest,
    ) -> IamResult<api::GetSSHPublicKeyResponse> {
        let id = input.ssh_public_key_id.as_str();
        let encoding = input.encoding.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = user_or_caller(acct, caller, Some(&input.user_name))?;
            let k = acct
                .ssh_keys
                .get(&(user.id.to_string(), id.to_string()))
                .ok_or_else(|| no_such_key(id))?;
            let body = match encoding {
                "SSH" => k.body.clone(),
                "PEM" => SshRsaKey::parse(&k.body)
                    .map_err(|_| {
                        IamError::ServiceFailure(format!("stored SSH key {id} unreadable"))
                    })?
                    .to_pem(),
                _ => {
                    return Err(IamError::UnrecognizedPublicKeyEncoding(
                        "The public key encoding format is unsupported or unrecognized.".into(),
                    ));
                }
            };
            Ok(api::GetSSHPublicKeyResponse {
                ssh_public_key: Some(key_shape(&user.name, k, body)),
            })
        })
    }

    pub async fn update_ssh_public_key(
        &self,
        caller: &Caller,
        input: api::UpdateSSHPublicKeyRequest,
    ) -> IamResult<()> {
        let id = input.ssh_public_key_id;
        let status = parse_status(&input.status)?;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, Some(&user_name))?.id.clone();
            acct.update_ssh_key(tx, &user_id, &id, |k| k.status = status)
                .ok_or_else(|| no_such_key(&id))
        })
        .await
    }

    pub async fn delete_ssh_public_key(
        &self,
        caller: &Caller,
        input: api::DeleteSSHPublicKeyRequest,
    ) -> IamResult<()> {
        let id = input.ssh_public_key_id;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, Some(&user_name))?.id.clone();
            acct.delete_ssh_key(tx, &user_id, &id)
                .ok_or_else(|| no_such_key(&id))?;
            Ok(())
        })
        .await
    }

    pub async fn list_ssh_public_keys(
        &self,
        caller: &Caller,
        input: api::ListSSHPublicKeysRequest,
    ) -> IamResult<api::ListSSHPublicKeysResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            // AWS: without UserName the caller's keys; the root user has none (an empty list).
            let user_name = input.user_name.as_deref();
            let user = match (user_name, &caller.principal) {
                (None, Principal::Root) => None,
                _ => Some(user_or_caller(acct, caller, user_name)?),
            };
            let items = user.into_iter().flat_map(|u| {
                acct.ssh_keys_of(&u.id)
                    .map(move |k| (k.id.clone(), key_metadata(&u.name, k)))
            });
            let (keys, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListSSHPublicKeysResponse {
                ssh_public_keys: Some(keys),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
