//! Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice,
//! DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices,
//! GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags, and the TOTP check STS uses
//! (IAM User Guide: id_credentials_mfa_enable_virtual, id_credentials_mfa_sync,
//! id_credentials_mfa_disable).
use super::users::user_shape;
use super::*;
use crate::entities::*;
use crate::secrets::Secret;
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, MfaEntry};
use crate::totp;
use iam_api::iam as api;

/// AWS allows up to eight MFA devices of any type per user (and per root user).
pub const MAX_MFA_DEVICES_PER_USER: usize = 8;
/// EnableMFADevice: the second code may be this many steps away from the server's clock (AWS
/// does not publish its window; one minute either way absorbs typing time and small skew).
const ENABLE_WINDOW: i64 = 2;
/// ResyncMFADevice exists for devices whose clock drifted: search ten minutes either way.
const RESYNC_WINDOW: i64 = 20;
/// STS: one step either side of the device's learnt clock (RFC 6238 §5.2's recommendation).
const VERIFY_WINDOW: i64 = 1;

/// Recorded: DeleteVirtualMFADevice and DeactivateMFADevice of a device that does not exist
/// (`tests/conformance/aws-recorded/iam/test_iam_mfa.snapshot.json`, `delete-nonexistent-error`,
/// `deactivate-nonexistent-mfa-error`: NoSuchEntity, 404).
fn no_such_device(serial: &str) -> IamError {
    IamError::NoSuchEntity(format!(
        "MFA Device with serial number {serial} does not exist."
    ))
}

fn invalid_code() -> IamError {
    IamError::InvalidAuthenticationCode("Authentication code for device is not valid.".into())
}

fn sts_invalid_code() -> IamError {
    IamError::AccessDenied(
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ".into(),
    )
}

/// STS's text when the serial names no device of the calling principal.
fn sts_unknown_serial() -> IamError {
    IamError::AccessDenied(
        "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
            .into(),
    )
}

fn owner_key(owner: &KeyOwner) -> Option<String> {
    match owner {
        KeyOwner::Root => None,
        KeyOwner::User(id) => Some(id.clone()),
    }
}

/// The principal an MFA action concerns and the name AWS reports for it: `UserName` if given,
/// else the caller. The root user has no user name; the account ID stands in for it, which is
/// also how root assigns itself a device here (AWS does that in the console, which we lack).
fn mfa_owner(
    acct: &AccountState,
    caller: &Caller,
    user_name: Option<&str>,
) -> IamResult<(KeyOwner, String)> {
    match (user_name, &caller.principal) {
        (Some(name), principal) => match acct.user_by_name(name) {
            Some(u) => Ok((KeyOwner::User(u.id.to_string()), u.name.to_string())),
            None if *principal == Principal::Root && name == caller.account_id => {
                Ok((KeyOwner::Root, caller.account_id.clone()))
            }
            None => Err(IamError::no_such_user(name)),
        },
        (None, Principal::User { id, name, .. }) => Ok((KeyOwner::User(id.clone()), name.clone())),
        (None, Principal::Root) => Ok((KeyOwner::Root, caller.account_id.clone())),
        (None, Principal::AssumedRole { .. } | Principal::FederatedUser { .. }) => {
            Err(IamError::ValidationError(
                "Must specify userName when calling with non-User credentials".into(),
            ))
        }
    }
}

fn device<'a>(acct: &'a AccountState, serial: &str) -> IamResult<&'a MfaEntry> {
    acct.mfa_devices
        .get(serial)
        .ok_or_else(|| no_such_device(serial))
}

fn seed_bytes(entry: &MfaEntry) -> IamResult<Vec<u8>> {
    totp::base32_decode(entry.seed.expose()).ok_or_else(|| {
        IamError::ServiceFailure(format!(
            "seed of {} is not base32",
            entry.record.serial_number
        ))
    })
}

/// The `User` member of a listed device: the user, or root described as GetUser describes it.
fn owner_shape(acct: &AccountState, owner: &KeyOwner) -> Option<api::User> {
    match owner {
        KeyOwner::User(id) => acct
            .users
            .get(id)
            .map(|u| user_shape(u, false, acct.partition())),
        KeyOwner::Root => Some(api::User {
            user_id: acct.account.id.clone(),
            arn: crate::arns::root(acct.partition(), &acct.account.id),
            create_date: iso8601(acct.account.create_date),
            ..Default::default()
        }),
    }
}

/// A device's tags as its outputs carry them: left out when it has none.
fn device_tags(record: &MfaDevice) -> Option<Vec<api::Tag>> {
    (!record.tags.is_empty()).then(|| tags_out(&record.tags))
}

fn owner_name(acct: &AccountState, owner: &KeyOwner) -> String {
    match owner {
        KeyOwner::User(id) => acct
            .users
            .get(id)
            .map(|u| u.name.to_string())
            .unwrap_or_default(),
        KeyOwner::Root => acct.account.id.clone(),
    }
}

impl AccountState {
    /// Serial numbers of the devices assigned to a user (`None`: the root user).
    pub fn mfa_devices_of<'a>(
        &'a self,
        user_id: Option<&str>,
    ) -> impl Iterator<Item = &'a String> + use<'a> {
        self.mfa_by_owner
            .get(&user_id.map(str::to_string))
            .into_iter()
            .flatten()
    }
}

impl Iam {
    pub async fn create_virtual_mfa_device(
        &self,
        caller: &Caller,
        input: api::CreateVirtualMFADeviceRequest,
    ) -> IamResult<api::CreateVirtualMFADeviceResponse> {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD;
        let name = input.virtual_mfa_device_name;
        let path = path_or_root(input.path.as_deref());
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let serial = crate::arns::iam(
            caller.partition,
            &caller.account_id,
            &format!("mfa{path}{name}"),
        );
        let seed = totp::base32_encode(&totp::new_seed());
        let sealed = self.master.seal(&seed);
        // The QR code names the account by its alias, as the IAM console does.
        let account_name = self.read(|s| {
            s.account(&caller.account_id)
                .and_then(|a| a.account.aliases.first().cloned())
                .unwrap_or_else(|| caller.account_id.clone())
        });
        let png = totp::qr_png(&totp::otpauth_uri(&name, &account_name, &seed))
            .map_err(IamError::ServiceFailure)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.mfa_names.contains_key(&name.to_lowercase()) {
                // Recorded: test_iam_mfa.snapshot.json `create-duplicate-error` (409).
                return Err(IamError::EntityAlreadyExists(
                    "MFA device already exists.".into(),
                ));
            }
            // AWS: virtual MFA devices per account, assigned or not, equal the user quota.
            let quota = self.quotas.users_per_account;
            if acct.mfa_devices.len() >= quota {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for MFADevices: {quota}."
                )));
            }
            let record = MfaDevice {
                serial_number: serial.clone(),
                account_id: caller.account_id.clone(),
                name,
                path,
                create_date: now(),
                sealed_seed: sealed,
                tags,
                assignment: None,
            };
            let out = api::VirtualMFADevice {
                serial_number: serial,
                // Blobs travel base64-encoded: the seed blob is the base32 text's bytes.
                base32_string_seed: Some(b64.encode(seed.as_bytes())),
                qr_code_png: Some(b64.encode(&png)),
                tags: device_tags(&record),
                ..Default::default()
            };
            acct.store_mfa_device(
                tx,
                MfaEntry {
                    record,
                    seed: Secret::new(seed),
                },
            );
            Ok(api::CreateVirtualMFADeviceResponse {
                virtual_mfa_device: out,
            })
        })
        .await
    }

    pub async fn enable_mfa_device(
        &self,
        caller: &Caller,
        input: api::EnableMFADeviceRequest,
    ) -> IamResult<()> {
        let user_name = input.user_name;
        let serial = input.serial_number;
        let code1 = input.authentication_code1;
        let code2 = input.authentication_code2;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = mfa_owner(acct, caller, Some(&user_name))?;
            let entry = device(acct, &serial)?;
            if entry.record.assignment.is_some() {
                return Err(IamError::EntityAlreadyExists(
                    "MFA Device is already in use.".into(),
                ));
            }
            let owner_id = owner_key(&owner);
            if acct.mfa_devices_of(owner_id.as_deref()).count() >= MAX_MFA_DEVICES_PER_USER {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for MFADevicesPerUser: {MAX_MFA_DEVICES_PER_USER}."
                )));
            }
            let t = now();
            let step = totp::find_consecutive(
                &seed_bytes(entry)?,
                &code1,
                &code2,
                totp::step_at(t),
                ENABLE_WINDOW,
            )
            .ok_or_else(invalid_code)?;
            let mut entry = entry.clone();
            entry.record.assignment = Some(MfaAssignment {
                owner,
                enable_date: t,
                // INVARIANT (mfa-code-once): codes at or before `last_step` are never accepted.
                last_step: step,
                drift: 0,
            });
            acct.store_mfa_device(tx, entry);
            Ok(())
        })
        .await
    }

    pub async fn resync_mfa_device(
        &self,
        caller: &Caller,
        input: api::ResyncMFADeviceRequest,
    ) -> IamResult<()> {
        let user_name = input.user_name;
        let serial = input.serial_number;
        let code1 = input.authentication_code1;
        let code2 = input.authentication_code2;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = mfa_owner(acct, caller, Some(&user_name))?;
            let entry = device(acct, &serial)?;
            let Some(assignment) = entry
                .record
                .assignment
                .as_ref()
                .filter(|a| a.owner == owner)
            else {
                return Err(IamError::NoSuchEntity(
                    "MFA Device invalid for user.".into(),
                ));
            };
            let now_step = totp::step_at(now());
            let step = totp::find_consecutive(
                &seed_bytes(entry)?,
                &code1,
                &code2,
                now_step,
                RESYNC_WINDOW,
            )
            // INVARIANT (mfa-code-once): a resync cannot replay accepted codes.
            .filter(|&s| s - 1 > assignment.last_step)
            .ok_or_else(invalid_code)?;
            let mut entry = entry.clone();
            if let Some(a) = entry.record.assignment.as_mut() {
                a.last_step = step;
                a.drift = step - now_step;
            }
            acct.store_mfa_device(tx, entry);
            Ok(())
        })
        .await
    }

    pub async fn deactivate_mfa_device(
        &self,
        caller: &Caller,
        input: api::DeactivateMFADeviceRequest,
    ) -> IamResult<()> {
        let user_name = input.user_name;
        let serial = input.serial_number;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = mfa_owner(acct, caller, user_name.as_deref())?;
            let entry = device(acct, &serial)?;
            if entry
                .record
                .assignment
                .as_ref()
                .is_none_or(|a| a.owner != owner)
            {
                return Err(IamError::NoSuchEntity(
                    "MFA Device invalid for user.".into(),
                ));
            }
            let mut entry = entry.clone();
            entry.record.assignment = None;
            acct.store_mfa_device(tx, entry);
            Ok(())
        })
        .await
    }

    pub async fn delete_virtual_mfa_device(
        &self,
        caller: &Caller,
        input: api::DeleteVirtualMFADeviceRequest,
    ) -> IamResult<()> {
        let serial = input.serial_number;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if device(acct, &serial)?.record.assignment.is_some() {
                return Err(IamError::DeleteConflict(
                    "MFA VirtualDevice in use. Must deactivate first.".into(),
                ));
            }
            acct.delete_mfa_device(tx, &serial);
            Ok(())
        })
        .await
    }

    pub async fn list_mfa_devices(
        &self,
        caller: &Caller,
        input: api::ListMFADevicesRequest,
    ) -> IamResult<api::ListMFADevicesResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, name) = mfa_owner(acct, caller, input.user_name.as_deref())?;
            let items = acct
                .mfa_devices_of(owner_key(&owner).as_deref())
                .filter_map(|serial| {
                    let a = acct.mfa_devices.get(serial)?.record.assignment.as_ref()?;
                    Some((
                        serial.as_str(),
                        api::MFADevice {
                            user_name: name.clone(),
                            serial_number: serial.clone(),
                            enable_date: iso8601(a.enable_date),
                        },
                    ))
                });
            let (mfa_devices, next) =
                page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListMFADevicesResponse {
                mfa_devices,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn list_virtual_mfa_devices(
        &self,
        caller: &Caller,
        input: api::ListVirtualMFADevicesRequest,
    ) -> IamResult<api::ListVirtualMFADevicesResponse> {
        // AWS's default is Any: assigned and unassigned devices alike.
        let status = input.assignment_status.as_deref().unwrap_or("Any");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct.mfa_devices.iter().filter_map(|(serial, e)| {
                let a = e.record.assignment.as_ref();
                let wanted = match status {
                    "Assigned" => a.is_some(),
                    "Unassigned" => a.is_none(),
                    _ => true,
                };
                if !wanted {
                    return None;
                }
                let device = api::VirtualMFADevice {
                    serial_number: serial.clone(),
                    user: a.and_then(|a| owner_shape(acct, &a.owner)),
                    enable_date: a.map(|a| iso8601(a.enable_date)),
                    tags: device_tags(&e.record),
                    ..Default::default()
                };
                Some((serial.as_str(), device))
            });
            let (virtual_mfa_devices, next) =
                page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListVirtualMFADevicesResponse {
                virtual_mfa_devices,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn get_mfa_device(
        &self,
        caller: &Caller,
        input: api::GetMFADeviceRequest,
    ) -> IamResult<api::GetMFADeviceResponse> {
        let serial = input.serial_number.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, _) = mfa_owner(acct, caller, input.user_name.as_deref())?;
            let a = device(acct, serial)?
                .record
                .assignment
                .as_ref()
                .filter(|a| a.owner == owner)
                .ok_or_else(|| no_such_device(serial))?;
            Ok(api::GetMFADeviceResponse {
                user_name: matches!(owner, KeyOwner::User(_)).then(|| owner_name(acct, &owner)),
                serial_number: serial.to_string(),
                enable_date: Some(iso8601(a.enable_date)),
                certifications: None,
            })
        })
    }

    pub async fn tag_mfa_device(
        &self,
        caller: &Caller,
        input: api::TagMFADeviceRequest,
    ) -> IamResult<()> {
        let serial = input.serial_number;
        let tags = tags_in(Some(input.tags));
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut entry = device(acct, &serial)?.clone();
            entry.record.tags = merge_tags(&entry.record.tags, &tags)?;
            acct.store_mfa_device(tx, entry);
            Ok(())
        })
        .await
    }

    pub async fn untag_mfa_device(
        &self,
        caller: &Caller,
        input: api::UntagMFADeviceRequest,
    ) -> IamResult<()> {
        let serial = input.serial_number;
        let keys = input.tag_keys;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut entry = device(acct, &serial)?.clone();
            entry.record.tags = remove_tags(&entry.record.tags, &keys);
            acct.store_mfa_device(tx, entry);
            Ok(())
        })
        .await
    }

    pub async fn list_mfa_device_tags(
        &self,
        caller: &Caller,
        input: api::ListMFADeviceTagsRequest,
    ) -> IamResult<api::ListMFADeviceTagsResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let entry = device(acct, &input.serial_number)?;
            let items = tags_in_list_order(&entry.record.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListMFADeviceTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    /// Verifies a TOTP code for an MFA device assigned to `user_id` (None = the root user) in
    /// `account_id`. Returns the verification time (unix seconds). Errors:
    /// `IamError::AccessDenied` with STS's texts for a wrong, reused or throttled code, and for
    /// a serial not assigned to that principal.
    ///
    /// Wrong codes are rate-limited per device (five, then one a minute, as console sign-in
    /// is): a stolen access key cannot walk the million codes. The accepted time step is made
    /// durable before the code is accepted, so a code used once is refused after a restart.
    pub async fn verify_mfa_code(
        &self,
        account_id: &str,
        user_id: Option<&str>,
        serial_number: &str,
        code: &str,
    ) -> IamResult<i64> {
        let device_key = (account_id.to_string(), serial_number.to_string());
        let t = now();
        let owner = user_id.map_or(KeyOwner::Root, |u| KeyOwner::User(u.to_string()));
        // Under the write lock: two requests racing with one code cannot both succeed, and the
        // throttle's check and count are one step (concurrent guesses on any nodes take from
        // one bucket).
        self.write(|state, tx| {
            if !state
                .activity
                .attempt_allowed(crate::sign_in::Limiter::Mfa, &device_key)
            {
                // The same answer as a wrong code: a guesser learns nothing from the throttle.
                return Ok(Err(sts_invalid_code()));
            }
            let acct = state
                .accounts
                .get_mut(account_id)
                .ok_or_else(sts_unknown_serial)?;
            let entry = acct
                .mfa_devices
                .get(serial_number)
                .filter(|e| {
                    e.record
                        .assignment
                        .as_ref()
                        .is_some_and(|a| a.owner == owner)
                })
                .ok_or_else(sts_unknown_serial)?;
            let key = seed_bytes(entry)?;
            let Some(a) = entry.record.assignment.as_ref() else {
                return Err(sts_unknown_serial());
            };
            let center = totp::step_at(t) + a.drift;
            // INVARIANT (mfa-code-once): only steps after the last accepted one.
            let from = (center - VERIFY_WINDOW).max(a.last_step + 1);
            let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
            let found = well_formed
                .then(|| totp::find_step(&key, code, from..=center + VERIFY_WINDOW))
                .flatten();
            let Some(step) = found else {
                state
                    .activity
                    .attempt_failed(tx, crate::sign_in::Limiter::Mfa, device_key.clone());
                return Ok(Err(sts_invalid_code()));
            };
            let mut entry = entry.clone();
            if let Some(a) = entry.record.assignment.as_mut() {
                a.last_step = step;
            }
            acct.store_mfa_device(tx, entry);
            state
                .activity
                .attempt_succeeded(tx, crate::sign_in::Limiter::Mfa, &device_key);
            Ok(Ok(t))
        })
        .await?
    }
}
