//! SSH public keys for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey, UpdateSSHPublicKey,
//! DeleteSSHPublicKey, ListSSHPublicKeys (IAM API Reference; CodeCommit User Guide:
//! setting-up-ssh-unixes). Also the start-up loader of every credential record kind
//! (SSH keys, signing and server certificates, service-specific credentials).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::pki::{SshKeyError, SshRsaKey};
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KIND_SSH_KEY};

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
    input: &Input,
) -> IamResult<&'a User> {
    match (input.opt_str("UserName"), &caller.principal) {
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

fn key_json(user_name: &str, k: &SshPublicKeyRecord, body: Option<String>) -> Value {
    let mut v = json!({
        "UserName": user_name,
        "SSHPublicKeyId": k.id,
    });
    if let Some(body) = body {
        v["Fingerprint"] = json!(k.fingerprint);
        v["SSHPublicKeyBody"] = json!(body);
    }
    v["Status"] = json!(k.status.as_str());
    v["UploadDate"] = json!(iso8601(k.upload_date));
    v
}

pub(crate) fn parse_status(input: &Input) -> IamResult<KeyStatus> {
    match input.str("Status")? {
        "Active" => Ok(KeyStatus::Active),
        "Inactive" => Ok(KeyStatus::Inactive),
        // `Expired` is in the model's enum (service-specific credentials) but cannot be set.
        other => Err(IamError::ValidationError(format!(
            "1 validation error detected: Value '{other}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"
        ))),
    }
}

impl Iam {
    pub async fn upload_ssh_public_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let key = SshRsaKey::parse(input.str("SSHPublicKeyBody")?).map_err(|e| match e {
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
            let user = user_or_caller(acct, caller, input)?;
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
                user_id: user_id.clone(),
                body: body.clone(),
                fingerprint,
                status: KeyStatus::Active,
                upload_date: now(),
            };
            tx.put(KIND_SSH_KEY, &record.id, &record);
            let out = json!({ "SSHPublicKey": key_json(&user_name, &record, Some(body)) });
            acct.ssh_keys.insert((user_id, record.id.clone()), record);
            Ok(out)
        })
        .await
    }

    pub async fn get_ssh_public_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let id = input.str("SSHPublicKeyId")?;
        let encoding = input.str("Encoding")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let user = user_or_caller(acct, caller, input)?;
            let k = acct
                .ssh_keys
                .get(&(user.id.clone(), id.to_string()))
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
            Ok(json!({ "SSHPublicKey": key_json(&user.name, k, Some(body)) }))
        })
    }

    pub async fn update_ssh_public_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let id = input.str("SSHPublicKeyId")?.to_string();
        let status = parse_status(input)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, input)?.id.clone();
            let k = acct
                .ssh_keys
                .get_mut(&(user_id, id.clone()))
                .ok_or_else(|| no_such_key(&id))?;
            k.status = status;
            tx.put(KIND_SSH_KEY, &id, k);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_ssh_public_key(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let id = input.str("SSHPublicKeyId")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let user_id = user_or_caller(acct, caller, input)?.id.clone();
            acct.ssh_keys
                .remove(&(user_id, id.clone()))
                .ok_or_else(|| no_such_key(&id))?;
            tx.delete(KIND_SSH_KEY, &id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_ssh_public_keys(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            // AWS: without UserName the caller's keys; the root user has none (an empty list).
            let user = match (input.opt_str("UserName"), &caller.principal) {
                (None, Principal::Root) => None,
                _ => Some(user_or_caller(acct, caller, input)?),
            };
            let items = user.into_iter().flat_map(|u| {
                acct.ssh_keys_of(&u.id)
                    .map(move |k| (k.id.clone(), key_json(&u.name, k, None)))
            });
            let (keys, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "SSHPublicKeys": keys }), next))
        })
    }
}
