//! Virtual MFA devices end to end through `handle` (no socket), signed like the SDKs sign: the
//! tests compute TOTP codes from the seed the server returns, as an authenticator app would.
use crate::support;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use iam_core::secrets::MasterKey;
use iam_core::totp::{base32_decode, code_at_step, step_at};
use iam_core::{Iam, IamError};
use support::*;

impl Harness {
    /// Creates a device; returns its serial number and seed bytes.
    async fn create_device(&self, name: &str) -> (String, Vec<u8>) {
        let body = self
            .ok(&[
                ("Action", "CreateVirtualMFADevice"),
                ("VirtualMFADeviceName", name),
            ])
            .await;
        (tag(&body, "SerialNumber"), seed_of(&body))
    }

    async fn enable(&self, user: &str, serial: &str, seed: &[u8]) {
        let now = step_at(now());
        let (c1, c2) = (code_at_step(seed, now - 1), code_at_step(seed, now));
        self.ok(&[
            ("Action", "EnableMFADevice"),
            ("UserName", user),
            ("SerialNumber", serial),
            ("AuthenticationCode1", &c1),
            ("AuthenticationCode2", &c2),
        ])
        .await;
    }
}

impl Harness {
    /// The server restarted on a copy of its store: what it writes (a wrong code counted by
    /// the throttle, now a record) does not reach the store the end-of-test check reloads
    /// against this harness's live state.
    fn reopened_copy(&self) -> Iam {
        use iam_core::store::{Change, Store};
        let copy = iam_core::store::MemoryStore::default();
        let changes = self
            .store
            .load_all()
            .unwrap()
            .into_iter()
            .map(|r| Change::Put {
                kind: Box::leak(r.kind.into_boxed_str()),
                key: r.key,
                value: r.value,
            })
            .collect();
        drop(copy.submit(changes));
        Iam::open(std::sync::Arc::new(copy), self.master.clone()).unwrap()
    }
}

/// Base32StringSeed is a blob: base64 of the base32 text, which decodes to the key.
fn seed_of(body: &str) -> Vec<u8> {
    let text = B64.decode(tag(body, "Base32StringSeed")).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(text.len(), 64, "AWS-shaped seed: 64 base32 characters");
    base32_decode(&text).unwrap()
}

#[tokio::test]
async fn create_enable_list_get_tag_deactivate_delete() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    h.create_user("alice").await;
    let body = h
        .ok(&[
            ("Action", "CreateVirtualMFADevice"),
            ("VirtualMFADeviceName", "alice-phone"),
            ("Path", "/team/"),
            ("Tags.member.1.Key", "owner"),
            ("Tags.member.1.Value", "alice"),
        ])
        .await;
    let serial = tag(&body, "SerialNumber");
    assert_eq!(serial, format!("arn:aws:iam::{acct}:mfa/team/alice-phone"));
    let seed = seed_of(&body);
    let png = B64.decode(tag(&body, "QRCodePNG")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    // Same name again (any case, any path): AWS's conflict.
    let r = h
        .call(&[
            ("Action", "CreateVirtualMFADevice"),
            ("VirtualMFADeviceName", "Alice-Phone"),
        ])
        .await;
    // Recorded: aws-recorded/iam/test_iam_mfa.snapshot.json `create-duplicate-error`.
    assert_eq!(
        error(&r),
        (
            409,
            "EntityAlreadyExists".into(),
            "MFA device already exists.".into()
        )
    );

    // Unassigned: listed under Unassigned and Any (the default), not Assigned.
    let list = |status: &'static str| {
        let h = &h;
        async move {
            let mut p = vec![("Action", "ListVirtualMFADevices")];
            if !status.is_empty() {
                p.push(("AssignmentStatus", status));
            }
            h.ok(&p).await
        }
    };
    assert_eq!(count(&list("").await, "SerialNumber"), 1);
    assert_eq!(count(&list("Unassigned").await, "SerialNumber"), 1);
    assert_eq!(count(&list("Assigned").await, "SerialNumber"), 0);

    // Wrong codes: reversed order, and codes far from now.
    let now = step_at(now());
    for (c1, c2) in [
        (code_at_step(&seed, now), code_at_step(&seed, now - 1)),
        (code_at_step(&seed, now - 40), code_at_step(&seed, now - 39)),
    ] {
        let r = h
            .call(&[
                ("Action", "EnableMFADevice"),
                ("UserName", "alice"),
                ("SerialNumber", &serial),
                ("AuthenticationCode1", &c1),
                ("AuthenticationCode2", &c2),
            ])
            .await;
        assert_eq!(
            (r.status, code(&r).as_str()),
            (403, "InvalidAuthenticationCode")
        );
        assert!(
            r.body
                .contains("Authentication code for device is not valid.")
        );
    }
    // Unknown user and unknown device.
    let r = h
        .call(&[
            ("Action", "EnableMFADevice"),
            ("UserName", "nobody"),
            ("SerialNumber", &serial),
            ("AuthenticationCode1", "123456"),
            ("AuthenticationCode2", "654321"),
        ])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (404, "NoSuchEntity"));
    let missing = format!("arn:aws:iam::{acct}:mfa/missing");
    let r = h
        .call(&[
            ("Action", "EnableMFADevice"),
            ("UserName", "alice"),
            ("SerialNumber", &missing),
            ("AuthenticationCode1", "123456"),
            ("AuthenticationCode2", "654321"),
        ])
        .await;
    // Recorded: test_iam_mfa.snapshot.json `deactivate-nonexistent-mfa-error` and
    // `delete-nonexistent-error`: the same text whatever the action.
    assert_eq!(
        error(&r),
        (
            404,
            "NoSuchEntity".into(),
            format!("MFA Device with serial number {missing} does not exist.")
        )
    );
    for action in ["DeactivateMFADevice", "DeleteVirtualMFADevice"] {
        let mut params = vec![("Action", action), ("SerialNumber", missing.as_str())];
        if action == "DeactivateMFADevice" {
            params.push(("UserName", "alice"));
        }
        assert_eq!(
            error(&h.call(&params).await),
            (
                404,
                "NoSuchEntity".into(),
                format!("MFA Device with serial number {missing} does not exist.")
            ),
            "{action}"
        );
    }

    h.enable("alice", &serial, &seed).await;

    // Enabling again (for anyone) is a conflict.
    h.create_user("bob").await;
    let r = h
        .call(&[
            ("Action", "EnableMFADevice"),
            ("UserName", "bob"),
            ("SerialNumber", &serial),
            ("AuthenticationCode1", &code_at_step(&seed, now)),
            ("AuthenticationCode2", &code_at_step(&seed, now + 1)),
        ])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (409, "EntityAlreadyExists"));
    assert!(r.body.contains("MFA Device is already in use."));

    let body = h
        .ok(&[("Action", "ListMFADevices"), ("UserName", "alice")])
        .await;
    assert_eq!(tag(&body, "SerialNumber"), serial);
    assert_eq!(tag(&body, "UserName"), "alice");
    assert!(body.contains("<EnableDate>"));
    let body = h
        .ok(&[("Action", "ListMFADevices"), ("UserName", "bob")])
        .await;
    assert_eq!(count(&body, "SerialNumber"), 0);

    let body = list("Assigned").await;
    assert_eq!(tag(&body, "SerialNumber"), serial);
    assert_eq!(tag(&body, "UserName"), "alice");
    assert!(body.contains("<Key>owner</Key>"));
    assert!(!body.contains("Base32StringSeed"));
    assert_eq!(count(&list("Unassigned").await, "SerialNumber"), 0);

    let body = h
        .ok(&[
            ("Action", "GetMFADevice"),
            ("UserName", "alice"),
            ("SerialNumber", &serial),
        ])
        .await;
    assert_eq!(tag(&body, "UserName"), "alice");
    assert_eq!(tag(&body, "SerialNumber"), serial);

    // Tags.
    h.ok(&[
        ("Action", "TagMFADevice"),
        ("SerialNumber", &serial),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", "red"),
    ])
    .await;
    h.ok(&[
        ("Action", "UntagMFADevice"),
        ("SerialNumber", &serial),
        ("TagKeys.member.1", "owner"),
    ])
    .await;
    let body = h
        .ok(&[("Action", "ListMFADeviceTags"), ("SerialNumber", &serial)])
        .await;
    assert_eq!(count(&body, "Key"), 1);
    assert_eq!(tag(&body, "Key"), "team");

    // Summary counts real devices.
    let body = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(
        body.contains("<key>MFADevices</key><value>1</value>"),
        "{body}"
    );
    assert!(
        body.contains("<key>MFADevicesInUse</key><value>1</value>"),
        "{body}"
    );
    assert!(
        body.contains("<key>AccountMFAEnabled</key><value>0</value>"),
        "{body}"
    );

    // In use: neither the device nor its user can be deleted.
    let r = h
        .call(&[
            ("Action", "DeleteVirtualMFADevice"),
            ("SerialNumber", &serial),
        ])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (409, "DeleteConflict"));
    let r = h
        .call(&[("Action", "DeleteUser"), ("UserName", "alice")])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (409, "DeleteConflict"));
    assert!(
        r.body
            .contains("Cannot delete entity, must delete MFA device first.")
    );

    // Deactivating for the wrong user fails; for alice it frees the device.
    let r = h
        .call(&[
            ("Action", "DeactivateMFADevice"),
            ("UserName", "bob"),
            ("SerialNumber", &serial),
        ])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (404, "NoSuchEntity"));
    h.ok(&[
        ("Action", "DeactivateMFADevice"),
        ("UserName", "alice"),
        ("SerialNumber", &serial),
    ])
    .await;
    h.ok(&[
        ("Action", "DeleteVirtualMFADevice"),
        ("SerialNumber", &serial),
    ])
    .await;
    h.ok(&[("Action", "DeleteUser"), ("UserName", "alice")])
        .await;
    assert_eq!(count(&list("").await, "SerialNumber"), 0);
    let r = h
        .call(&[
            ("Action", "DeleteVirtualMFADevice"),
            ("SerialNumber", &serial),
        ])
        .await;
    assert_eq!((r.status, code(&r).as_str()), (404, "NoSuchEntity"));
}

#[tokio::test]
async fn eight_devices_per_user() {
    let h = harness().await;
    h.create_user("carol").await;
    for i in 0..8 {
        let (serial, seed) = h.create_device(&format!("carol-{i}")).await;
        h.enable("carol", &serial, &seed).await;
    }
    let (serial, seed) = h.create_device("carol-8").await;
    let now = step_at(now());
    let r = h
        .call(&[
            ("Action", "EnableMFADevice"),
            ("UserName", "carol"),
            ("SerialNumber", &serial),
            ("AuthenticationCode1", &code_at_step(&seed, now - 1)),
            ("AuthenticationCode2", &code_at_step(&seed, now)),
        ])
        .await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (409, "LimitExceeded"),
        "{}",
        r.body
    );
    let body = h
        .ok(&[("Action", "ListMFADevices"), ("UserName", "carol")])
        .await;
    assert_eq!(count(&body, "SerialNumber"), 8);
    // Paging by MaxItems.
    let body = h
        .ok(&[
            ("Action", "ListMFADevices"),
            ("UserName", "carol"),
            ("MaxItems", "5"),
        ])
        .await;
    assert_eq!(count(&body, "SerialNumber"), 5);
    let marker = tag(&body, "Marker");
    let body = h
        .ok(&[
            ("Action", "ListMFADevices"),
            ("UserName", "carol"),
            ("Marker", &marker),
        ])
        .await;
    assert_eq!(count(&body, "SerialNumber"), 3);
}

#[tokio::test]
async fn verify_mfa_code_accepts_each_code_once() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    let uid = h.create_user("dave").await;
    let (serial, seed) = h.create_device("dave").await;
    h.enable("dave", &serial, &seed).await;
    let now = step_at(now());

    let invalid = IamError::AccessDenied(
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ".into(),
    );
    // The code Enable consumed cannot be replayed against STS.
    assert_eq!(
        h.iam
            .verify_mfa_code(&acct, Some(&uid), &serial, &code_at_step(&seed, now))
            .await,
        Err(invalid.clone())
    );
    // The next code works once.
    let next = code_at_step(&seed, now + 1);
    let t = h
        .iam
        .verify_mfa_code(&acct, Some(&uid), &serial, &next)
        .await
        .unwrap();
    assert!((t - self::now()).abs() < 5);
    assert_eq!(
        h.iam
            .verify_mfa_code(&acct, Some(&uid), &serial, &next)
            .await,
        Err(invalid.clone())
    );
    // Garbage and far-away codes.
    for bad in ["12345", "abcdef", &code_at_step(&seed, now + 30)] {
        assert_eq!(
            h.iam.verify_mfa_code(&acct, Some(&uid), &serial, bad).await,
            Err(invalid.clone())
        );
    }
    // Not this principal's device, unknown serial, other account: AWS's other text.
    let unknown = IamError::AccessDenied(
        "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
            .into(),
    );
    let later = code_at_step(&seed, now + 2);
    for (a, u, s) in [
        (acct.as_str(), None, serial.as_str()),
        (acct.as_str(), Some("AIDAOTHER"), serial.as_str()),
        (
            acct.as_str(),
            Some(uid.as_str()),
            "arn:aws:iam::000000000000:mfa/x",
        ),
        ("000000000000", Some(uid.as_str()), serial.as_str()),
    ] {
        assert_eq!(
            h.iam.verify_mfa_code(a, u, s, &later).await,
            Err(unknown.clone())
        );
    }

    // The last accepted step survives a restart once persisted (here: by the next device write).
    h.ok(&[
        ("Action", "TagMFADevice"),
        ("SerialNumber", &serial),
        ("Tags.member.1.Key", "k"),
        ("Tags.member.1.Value", "v"),
    ])
    .await;
    let reopened = h.reopened_copy();
    assert_eq!(
        reopened
            .verify_mfa_code(&acct, Some(&uid), &serial, &next)
            .await,
        Err(invalid.clone())
    );
    // Still assigned after the reload: a code from the future is wrong, not an unknown serial.
    assert_eq!(
        reopened
            .verify_mfa_code(&acct, Some(&uid), &serial, &code_at_step(&seed, now + 30))
            .await,
        Err(invalid)
    );
    // A different master key cannot open the sealed seed.
    assert!(Iam::open(h.store.clone(), MasterKey::generate()).is_err());
}

#[tokio::test]
async fn resync_learns_drift_and_root_devices_count_for_account_mfa() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    let uid = h.create_user("erin").await;
    let (serial, seed) = h.create_device("erin").await;
    h.enable("erin", &serial, &seed).await;
    // A device running five minutes fast: resync with its codes, then its codes verify.
    let fast = step_at(now()) + 10;
    h.ok(&[
        ("Action", "ResyncMFADevice"),
        ("UserName", "erin"),
        ("SerialNumber", &serial),
        ("AuthenticationCode1", &code_at_step(&seed, fast - 1)),
        ("AuthenticationCode2", &code_at_step(&seed, fast)),
    ])
    .await;
    assert!(
        h.iam
            .verify_mfa_code(&acct, Some(&uid), &serial, &code_at_step(&seed, fast + 1))
            .await
            .is_ok()
    );
    // Resync cannot replay accepted codes.
    let r = h
        .call(&[
            ("Action", "ResyncMFADevice"),
            ("UserName", "erin"),
            ("SerialNumber", &serial),
            ("AuthenticationCode1", &code_at_step(&seed, fast - 1)),
            ("AuthenticationCode2", &code_at_step(&seed, fast)),
        ])
        .await;
    assert_eq!(
        (r.status, code(&r).as_str()),
        (403, "InvalidAuthenticationCode")
    );

    // Root assigns itself a device by naming the account ID (AWS's console step).
    let (root_serial, root_seed) = h.create_device("root-account-mfa-device").await;
    h.enable(&acct, &root_serial, &root_seed).await;
    let body = h.ok(&[("Action", "ListMFADevices")]).await;
    assert_eq!(tag(&body, "SerialNumber"), root_serial);
    let body = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(
        body.contains("<key>AccountMFAEnabled</key><value>1</value>"),
        "{body}"
    );
    assert!(
        body.contains("<key>MFADevicesInUse</key><value>2</value>"),
        "{body}"
    );
    let next = code_at_step(&root_seed, step_at(now()) + 1);
    assert!(
        h.iam
            .verify_mfa_code(&acct, None, &root_serial, &next)
            .await
            .is_ok()
    );
    h.ok(&[
        ("Action", "DeactivateMFADevice"),
        ("SerialNumber", &root_serial),
    ])
    .await;
    let body = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(
        body.contains("<key>AccountMFAEnabled</key><value>0</value>"),
        "{body}"
    );
}

/// Hole 7 of issue #9: wrong codes are rate-limited per device, so a stolen key cannot walk
/// the codes: after the burst, even the right code is refused (with the wrong-code text).
#[tokio::test]
async fn wrong_codes_are_throttled_per_device() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    let uid = h.create_user("erin").await;
    let (serial, seed) = h.create_device("erin").await;
    h.enable("erin", &serial, &seed).await;
    let now = step_at(now());
    let invalid = IamError::AccessDenied(
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ".into(),
    );
    let right = code_at_step(&seed, now + 1);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..10 {
        assert_eq!(
            h.iam
                .verify_mfa_code(&acct, Some(&uid), &serial, wrong)
                .await,
            Err(invalid.clone())
        );
    }
    assert_eq!(
        h.iam
            .verify_mfa_code(&acct, Some(&uid), &serial, &right)
            .await,
        Err(invalid)
    );
}

/// Hole 7: the accepted step is durable at once: after a restart the same code is refused.
#[tokio::test]
async fn an_accepted_code_is_refused_after_a_restart() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    let uid = h.create_user("fay").await;
    let (serial, seed) = h.create_device("fay").await;
    h.enable("fay", &serial, &seed).await;
    let next = code_at_step(&seed, step_at(now()) + 1);
    h.iam
        .verify_mfa_code(&acct, Some(&uid), &serial, &next)
        .await
        .unwrap();
    let reopened = h.reopened_copy();
    assert!(
        reopened
            .verify_mfa_code(&acct, Some(&uid), &serial, &next)
            .await
            .is_err()
    );
}
