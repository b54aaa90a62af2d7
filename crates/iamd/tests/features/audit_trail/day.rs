//! A scripted day of an IAM team, then the security team's questions through CloudTrail's
//! LookupEvents with the AWS SDK for Rust: who did what, from where, with which credentials,
//! with MFA or not, and was it allowed — and no secret in the store's bytes. (The log lines of
//! the same kind of requests are searched in `log.rs`, with iamd as a process.)
use crate::common::*;
use aws_sdk_cloudtrail::types::{Event, LookupAttribute, LookupAttributeKey};
use iam_core::totp::{base32_decode, code_at_step, step_at};
use serde_json::Value;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Every event of `client`'s account matching one attribute, all pages.
async fn lookup(
    client: &aws_sdk_cloudtrail::Client,
    key: LookupAttributeKey,
    value: &str,
) -> Vec<Event> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .lookup_events()
            .lookup_attributes(
                LookupAttribute::builder()
                    .attribute_key(key.clone())
                    .attribute_value(value)
                    .build()
                    .unwrap(),
            )
            .set_next_token(token)
            .send()
            .await
            .expect("lookup events");
        out.extend(page.events.unwrap_or_default());
        token = page.next_token;
        if token.is_none() {
            return out;
        }
    }
}

fn record(e: &Event) -> Value {
    serde_json::from_str(e.cloud_trail_event.as_deref().unwrap()).unwrap()
}

/// The one event named `name` whose record satisfies `pred`.
fn find<'a>(events: &'a [Event], name: &str, pred: impl Fn(&Value) -> bool) -> (&'a Event, Value) {
    let found: Vec<_> = events
        .iter()
        .filter(|e| e.event_name.as_deref() == Some(name))
        .map(|e| (e, record(e)))
        .filter(|(_, r)| pred(r))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {name} event expected, got {}",
        found.len()
    );
    found.into_iter().next().unwrap()
}

fn resources(e: &Event) -> Vec<(String, String)> {
    e.resources()
        .iter()
        .map(|r| {
            (
                r.resource_type().unwrap_or_default().to_string(),
                r.resource_name().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_day_of_iam_work_is_answered_by_lookup_events_and_leaks_no_secret() {
    let server = Server::start().await;
    let a = server.account_id.clone();
    let root = server.iam_client();
    // Secrets the day creates: every one is searched for at the end.
    let mut secrets: Vec<String> = vec![server.root_key.1.clone()];

    // 08:00 — the admin, alice, gets AdministratorAccess and a key.
    let (alice_key, alice_secret) = server.admin("alice").await;
    secrets.push(alice_secret.clone());
    let alice = server.iam_client_with(&alice_key, &alice_secret);

    // 09:00 — alice onboards bob: a user, a group, a policy, a console password, a key.
    alice.create_user().user_name("bob").send().await.unwrap();
    alice
        .create_group()
        .group_name("devs")
        .send()
        .await
        .unwrap();
    alice
        .add_user_to_group()
        .group_name("devs")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    alice
        .attach_user_policy()
        .user_name("bob")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let bob_password = "Bob-first-Passw0rd!xyzzy";
    secrets.push(bob_password.into());
    alice
        .create_login_profile()
        .user_name("bob")
        .password(bob_password)
        .send()
        .await
        .unwrap();
    let old = alice
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    secrets.push(old.secret_access_key.clone());
    let bob = server.iam_client_with(&old.access_key_id, &old.secret_access_key);

    // 10:00 — bob tries something he may not do.
    let denied =
        api_error(bob.create_user().user_name("mallory").send().await).expect(403, "AccessDenied");

    // 11:00 — alice enables MFA and assumes a role that requires it.
    let device = alice
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("alice-phone")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap();
    let serial = device.serial_number.clone();
    let seed_text = String::from_utf8(device.base32_string_seed.unwrap().into_inner()).unwrap();
    secrets.push(seed_text.clone());
    let seed = base32_decode(&seed_text).unwrap();
    let step = step_at(now());
    let codes = [code_at_step(&seed, step - 1), code_at_step(&seed, step)];
    alice
        .enable_mfa_device()
        .user_name("alice")
        .serial_number(&serial)
        .authentication_code1(&codes[0])
        .authentication_code2(&codes[1])
        .send()
        .await
        .unwrap();
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{a}:root"}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}]}}"#
    );
    alice
        .create_role()
        .role_name("ops")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    alice
        .attach_role_policy()
        .role_name("ops")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let token_code = code_at_step(&seed, step + 1);
    let ops = server
        .sts_client_with(&alice_key, &alice_secret)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{a}:role/ops"))
        .role_session_name("alice-ops")
        .serial_number(&serial)
        .token_code(&token_code)
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    secrets.push(ops.secret_access_key.clone());
    secrets.push(ops.session_token.clone());
    let ops_session = (
        ops.access_key_id.clone(),
        ops.secret_access_key.clone(),
        ops.session_token.clone(),
    );
    server
        .iam_client_session(&ops_session)
        .list_users()
        .send()
        .await
        .unwrap();

    // 12:00 — alice assumes a role in another account.
    let b = "222233334444";
    let b_root = server
        .iam
        .create_account(b, iam_core::Partition::default())
        .await
        .unwrap()
        .unwrap();
    let b_root = (
        b_root.access_key_id,
        b_root.secret_access_key.expose().to_string(),
    );
    secrets.push(b_root.1.clone());
    let b_trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{a}:user/alice"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    server
        .iam_client_with(&b_root.0, &b_root.1)
        .create_role()
        .role_name("deploy")
        .assume_role_policy_document(b_trust)
        .send()
        .await
        .unwrap();
    let deploy = server
        .sts_client_with(&alice_key, &alice_secret)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{b}:role/deploy"))
        .role_session_name("alice-deploy")
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    secrets.push(deploy.secret_access_key.clone());
    secrets.push(deploy.session_token.clone());

    // 14:00 — bob's key is rotated: a new key, the old one deactivated, then deleted.
    let new = alice
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    secrets.push(new.secret_access_key.clone());
    alice
        .update_access_key()
        .user_name("bob")
        .access_key_id(&old.access_key_id)
        .status(aws_sdk_iam::types::StatusType::Inactive)
        .send()
        .await
        .unwrap();
    alice
        .delete_access_key()
        .user_name("bob")
        .access_key_id(&old.access_key_id)
        .send()
        .await
        .unwrap();

    // 17:00 — bob leaves: password, keys, group, policy, user.
    alice
        .delete_login_profile()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    alice
        .delete_access_key()
        .user_name("bob")
        .access_key_id(&new.access_key_id)
        .send()
        .await
        .unwrap();
    alice
        .remove_user_from_group()
        .group_name("devs")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    alice
        .detach_user_policy()
        .user_name("bob")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    alice.delete_user().user_name("bob").send().await.unwrap();

    // The security team: an auditor with AWSCloudTrail_ReadOnlyAccess.
    let (auditor_key, auditor_secret) = {
        let (_, k, s) = server.user_client("auditor").await;
        root.attach_user_policy()
            .user_name("auditor")
            .policy_arn("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")
            .send()
            .await
            .unwrap();
        (k, s)
    };
    secrets.push(auditor_secret.clone());
    let trail = server.cloudtrail_client_with(&auditor_key, &auditor_secret, None);

    // Who created bob, with which key, from where — and who was refused.
    let creates = lookup(&trail, LookupAttributeKey::EventName, "CreateUser").await;
    let (ev, r) = find(&creates, "CreateUser", |r| {
        r["requestParameters"]["userName"] == "bob"
    });
    assert_eq!(r["userIdentity"]["type"], "IAMUser");
    assert_eq!(
        r["userIdentity"]["arn"],
        format!("arn:aws:iam::{a}:user/alice")
    );
    assert_eq!(r["userIdentity"]["accessKeyId"], alice_key.as_str());
    assert_eq!(r["sourceIPAddress"], "127.0.0.1");
    assert_eq!(r["eventSource"], "iam.amazonaws.com");
    assert_eq!(r["recipientAccountId"], a.as_str());
    assert_eq!(r["readOnly"], false);
    assert_eq!(r["eventVersion"], "1.11");
    assert_eq!(r["eventType"], "AwsApiCall");
    assert_eq!(r["managementEvent"], true);
    assert_eq!(r["eventCategory"], "Management");
    assert_eq!(r["responseElements"]["user"]["userName"], "bob");
    assert!(r.get("errorCode").is_none());
    assert_eq!(ev.username(), Some("alice"));
    assert_eq!(ev.access_key_id(), Some(alice_key.as_str()));
    assert_eq!(ev.read_only(), Some("false"));
    assert_eq!(
        resources(ev),
        [("AWS::IAM::User".to_string(), "bob".to_string())]
    );
    let (ev, r) = find(&creates, "CreateUser", |r| {
        r["requestParameters"]["userName"] == "mallory"
    });
    assert_eq!(r["errorCode"], "AccessDenied");
    assert_eq!(r["errorMessage"], denied.message.as_str());
    assert_eq!(
        r["userIdentity"]["arn"],
        format!("arn:aws:iam::{a}:user/bob")
    );
    assert_eq!(r["responseElements"], Value::Null);
    assert_eq!(ev.access_key_id(), Some(old.access_key_id.as_str()));
    // Everything bob's first key did, through its ID.
    let by_key = lookup(&trail, LookupAttributeKey::AccessKeyId, &old.access_key_id).await;
    assert_eq!(by_key.len(), 1);
    assert_eq!(by_key[0].event_name(), Some("CreateUser"));

    // The password was set, never recorded.
    let (_, r) = find(
        &lookup(&trail, LookupAttributeKey::EventName, "CreateLoginProfile").await,
        "CreateLoginProfile",
        |_| true,
    );
    assert_eq!(
        r["requestParameters"]["password"],
        "HIDDEN_DUE_TO_SECURITY_REASONS"
    );
    // A new key's event names the key, never its secret.
    let key_events = lookup(&trail, LookupAttributeKey::EventName, "CreateAccessKey").await;
    let (ev, r) = find(&key_events, "CreateAccessKey", |r| {
        r["responseElements"]["accessKey"]["accessKeyId"] == new.access_key_id.as_str()
    });
    assert!(
        r["responseElements"]["accessKey"]
            .get("secretAccessKey")
            .is_none()
    );
    assert!(resources(ev).contains(&("AWS::IAM::AccessKey".into(), new.access_key_id.clone())));

    // The role session that used MFA: its AssumeRole and what it did.
    let assumed = lookup(&trail, LookupAttributeKey::EventName, "AssumeRole").await;
    let (ev, r) = find(&assumed, "AssumeRole", |r| {
        r["requestParameters"]["roleSessionName"] == "alice-ops"
    });
    assert_eq!(r["eventSource"], "sts.amazonaws.com");
    assert_eq!(r["readOnly"], true);
    assert_eq!(r["requestParameters"]["serialNumber"], serial.as_str());
    assert!(r["requestParameters"].get("tokenCode").is_none());
    assert_eq!(
        r["responseElements"]["credentials"]["accessKeyId"],
        ops.access_key_id.as_str()
    );
    assert!(
        r["responseElements"]["credentials"]
            .get("sessionToken")
            .is_none()
    );
    assert!(
        r["responseElements"]["credentials"]
            .get("secretAccessKey")
            .is_none()
    );
    assert_eq!(r["resources"][0]["type"], "AWS::IAM::Role");
    assert!(resources(ev).contains(&(
        "AWS::IAM::Role".into(),
        format!("arn:aws:iam::{a}:role/ops")
    )));
    let by_session = lookup(&trail, LookupAttributeKey::AccessKeyId, &ops.access_key_id).await;
    let (ev, r) = find(&by_session, "ListUsers", |_| true);
    assert_eq!(r["userIdentity"]["type"], "AssumedRole");
    assert_eq!(
        r["userIdentity"]["arn"],
        format!("arn:aws:sts::{a}:assumed-role/ops/alice-ops")
    );
    assert_eq!(
        r["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"],
        "true"
    );
    assert_eq!(
        r["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"],
        format!("arn:aws:iam::{a}:role/ops")
    );
    assert_eq!(ev.username(), Some("alice-ops"));
    // alice's own calls with her long-term key: no MFA session.
    let (_, r) = find(&creates, "CreateUser", |r| {
        r["requestParameters"]["userName"] == "bob"
    });
    assert!(r["userIdentity"].get("sessionContext").is_none());

    // The cross-account AssumeRole: in alice's account as alice, in the role's account as
    // the account that called, the same event ID and shared event ID.
    let (_, mine) = find(
        &lookup(&trail, LookupAttributeKey::EventName, "AssumeRole").await,
        "AssumeRole",
        |r| r["requestParameters"]["roleSessionName"] == "alice-deploy",
    );
    let b_trail = server.cloudtrail_client_with(&b_root.0, &b_root.1, None);
    let (_, theirs) = find(
        &lookup(&b_trail, LookupAttributeKey::EventName, "AssumeRole").await,
        "AssumeRole",
        |_| true,
    );
    assert_eq!(mine["recipientAccountId"], a.as_str());
    assert_eq!(theirs["recipientAccountId"], b);
    assert_eq!(mine["eventID"], theirs["eventID"]);
    assert_eq!(mine["sharedEventID"], theirs["sharedEventID"]);
    assert!(mine["sharedEventID"].is_string());
    assert_eq!(mine["userIdentity"]["type"], "IAMUser");
    assert_eq!(theirs["userIdentity"]["type"], "AWSAccount");
    assert_eq!(theirs["userIdentity"]["accountId"], a.as_str());
    assert!(theirs["userIdentity"].get("arn").is_none());
    // Another account's events are invisible: B sees none of A's users being created...
    assert!(
        lookup(&b_trail, LookupAttributeKey::EventName, "CreateUser")
            .await
            .is_empty()
    );
    // ...and A none of B's role.
    assert!(
        lookup(&trail, LookupAttributeKey::EventName, "CreateRole")
            .await
            .iter()
            .all(|e| record(e)["recipientAccountId"] == a.as_str())
    );
    assert!(
        lookup(&trail, LookupAttributeKey::ResourceName, "deploy")
            .await
            .is_empty()
    );

    // The rotation of bob's first key, by its ID: created, deactivated, deleted.
    let rotation = lookup(&trail, LookupAttributeKey::ResourceName, &old.access_key_id).await;
    let names: Vec<_> = rotation.iter().filter_map(|e| e.event_name()).collect();
    assert_eq!(
        names,
        ["DeleteAccessKey", "UpdateAccessKey", "CreateAccessKey"],
        "newest first"
    );
    let (_, r) = find(&rotation, "UpdateAccessKey", |_| true);
    assert_eq!(r["requestParameters"]["status"], "Inactive");
    assert_eq!(r["responseElements"], Value::Null);

    // bob's offboarding, by resource: everything that named him.
    let offboarding = lookup(&trail, LookupAttributeKey::ResourceName, "bob").await;
    let names: Vec<_> = offboarding.iter().filter_map(|e| e.event_name()).collect();
    assert_eq!(
        &names[..5],
        [
            "DeleteUser",
            "DetachUserPolicy",
            "RemoveUserFromGroup",
            "DeleteAccessKey",
            "DeleteLoginProfile"
        ]
    );
    for e in &offboarding[..5] {
        let r = record(e);
        assert_eq!(r["userIdentity"]["userName"], "alice");
        assert!(r.get("errorCode").is_none());
    }
    let (ev, _) = find(&offboarding, "DetachUserPolicy", |_| true);
    assert!(resources(ev).contains(&(
        "AWS::IAM::Policy".into(),
        "arn:aws:iam::aws:policy/IAMReadOnlyAccess".into()
    )));

    // Reads and writes apart; bob's denied call among the writes that failed.
    let writes = lookup(&trail, LookupAttributeKey::ReadOnly, "false").await;
    assert!(writes.iter().all(|e| e.read_only() == Some("false")));
    assert!(
        writes
            .iter()
            .any(|e| record(e)["errorCode"] == "AccessDenied")
    );
    let sts = lookup(&trail, LookupAttributeKey::EventSource, "sts.amazonaws.com").await;
    assert!(sts.len() >= 2);
    let users = lookup(&trail, LookupAttributeKey::ResourceType, "AWS::IAM::User").await;
    assert!(users.len() >= 8);
    let by_id = lookup(
        &trail,
        LookupAttributeKey::EventId,
        mine["eventID"].as_str().unwrap(),
    )
    .await;
    assert_eq!(by_id.len(), 1);

    // The audit trail's own reads are events too (AWS records LookupEvents).
    let (_, r) = find(
        &lookup(&trail, LookupAttributeKey::Username, "auditor").await,
        "LookupEvents",
        |r| r["requestParameters"]["lookupAttributes"][0]["attributeValue"] == "bob",
    );
    assert_eq!(r["eventSource"], "cloudtrail.amazonaws.com");
    assert_eq!(r["readOnly"], true);

    // No secret in the store's bytes (database and write-ahead log).
    let mut stored = std::fs::read(&server.db_path).unwrap();
    let wal = server.db_path.with_extension("db-wal");
    stored.extend(std::fs::read(&wal).unwrap_or_default());
    for secret in &secrets {
        assert!(
            !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a secret is in the store"
        );
    }
    // The MFA codes: never in an event (searched as the values they would be, quoted: a bare
    // six-digit string can occur by chance in sealed bytes).
    let all = lookup(&trail, LookupAttributeKey::ReadOnly, "false").await;
    let all_reads = lookup(&trail, LookupAttributeKey::ReadOnly, "true").await;
    for code in codes.iter().chain([&token_code]) {
        let quoted = format!("\"{code}\"");
        for e in all.iter().chain(&all_reads) {
            assert!(!e.cloud_trail_event().unwrap().contains(&quoted));
        }
    }
}
