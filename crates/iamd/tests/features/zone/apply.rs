//! The two examples applied to a fresh server, re-planned to "no changes", and checked through
//! the SDK: group memberships, console access, the password policy, and — across three member
//! accounts — that each person can assume exactly the roles their groups map to, with MFA, in
//! exactly those account types. Then the spec changes (onboard, offboard, move a user, disable a
//! role, add an account type) and everything is checked again; `export` reads it all back.
use super::helpers::*;
use crate::common::{Server, api_error};
use iamd_zone::spec::{Account, AccountType, Grant, User};
use std::collections::{BTreeMap, BTreeSet};

const ROLES: [&str; 5] = ["admin", "power-user", "read-only", "billing", "kms-admin"];

async fn groups_of(server: &Server, user: &str) -> BTreeSet<String> {
    server
        .iam_client()
        .list_groups_for_user()
        .user_name(user)
        .send()
        .await
        .expect("groups")
        .groups()
        .iter()
        .map(|g| g.group_name().to_string())
        .collect()
}

#[tokio::test]
async fn the_single_account_example_applies_and_replans_to_no_changes() {
    let server = Server::start().await;
    let target = root_target(&server);
    let spec = example("single-account.yaml");
    let (report, text) = apply(&spec, &target).await;
    assert!(text.contains("+ create group full-access"), "{text}");
    assert!(
        text.contains("+ create policy iamd-self-management"),
        "{text}"
    );
    let people: Vec<_> = report.passwords.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(people, ["alice", "bob", "carol"]);
    assert_no_changes(&spec, &target).await;

    assert_eq!(
        groups_of(&server, "bob").await,
        BTreeSet::from([
            "developers".into(),
            "iam-user-self-mgmt".into(),
            "ssh-users".into()
        ])
    );
    let iam = server.iam_client();
    let profile = iam
        .get_login_profile()
        .user_name("carol")
        .send()
        .await
        .unwrap();
    assert!(profile.login_profile.unwrap().password_reset_required);
    let e = api_error(iam.get_login_profile().user_name("dave").send().await);
    assert_eq!(e.code, "NoSuchEntity");
    let pp = iam
        .get_account_password_policy()
        .send()
        .await
        .unwrap()
        .password_policy
        .unwrap();
    assert_eq!(pp.minimum_password_length, Some(14));
    assert_eq!(pp.password_reuse_prevention, Some(24));
    let attached: BTreeSet<String> = iam
        .list_attached_group_policies()
        .group_name("full-access")
        .send()
        .await
        .unwrap()
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_name.clone())
        .collect();
    assert_eq!(
        attached,
        BTreeSet::from(["AdministratorAccess".into(), "iamd-require-mfa".into()])
    );
    let tags = iam
        .list_user_tags()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let tags: BTreeMap<_, _> = tags.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert_eq!(
        tags,
        BTreeMap::from([("managed-by", "iamd-zone"), ("team", "platform")])
    );

    // The catalogue's MFA guard: dave's read-only access works only in an MFA session.
    let key = iam
        .create_access_key()
        .user_name("dave")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let plain = server.iam_client_with(&key.access_key_id, &key.secret_access_key);
    assert_eq!(
        api_error(plain.list_users().send().await).code,
        "AccessDenied"
    );
    iam.delete_access_key()
        .user_name("dave")
        .access_key_id(&key.access_key_id)
        .send()
        .await
        .unwrap();
    let session = mfa_session(&server, "dave").await;
    assert!(
        server
            .iam_client_session(&session)
            .list_users()
            .send()
            .await
            .is_ok()
    );
    // The key and the device are not in the spec, so the plan stays empty.
    assert_no_changes(&spec, &target).await;
}

/// Every (account, role) each person can assume with an MFA session.
async fn reachable(
    server: &Server,
    sessions: &BTreeMap<&str, crate::common::SessionCreds>,
    ids: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out = BTreeMap::new();
    for (user, session) in sessions {
        let mut can = BTreeSet::new();
        for (account, id) in ids {
            for role in ROLES {
                if can_assume(server, session, id, role).await {
                    can.insert((account.clone(), role.to_string()));
                }
            }
        }
        out.insert(user.to_string(), can);
    }
    out
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, r)| (a.to_string(), r.to_string()))
        .collect()
}

#[tokio::test]
async fn the_multi_account_example_gives_each_person_exactly_their_roles_then_follows_spec_changes()
{
    let server = Server::start().await;
    let target = admin_target(&server).await;
    let mut spec = example("multi-account.yaml");
    let (_, text) = apply(&spec, &target).await;
    assert!(text.contains("+ create an organization"), "{text}");
    assert!(text.contains("+ create account dev-1 (type dev"), "{text}");
    assert_no_changes(&spec, &target).await;
    let ids = account_ids(&spec, &target).await;
    assert_eq!(ids.len(), 4);

    let mut sessions = BTreeMap::new();
    for user in ["alice", "bob", "carol", "dave"] {
        sessions.insert(user, mfa_session(&server, user).await);
    }
    let got = reachable(&server, &sessions, &ids).await;
    assert_eq!(
        got["alice"],
        set(&[("dev-1", "admin"), ("dev-2", "admin"), ("prod-1", "admin")])
    );
    assert_eq!(
        got["bob"],
        set(&[
            ("dev-1", "power-user"),
            ("dev-2", "power-user"),
            ("prod-1", "read-only")
        ])
    );
    assert_eq!(got["carol"], set(&[("prod-1", "billing")]));
    assert_eq!(
        got["dave"],
        set(&[
            ("dev-1", "read-only"),
            ("dev-2", "read-only"),
            ("prod-1", "read-only")
        ])
    );
    // Without MFA nobody gets in (the trust policy's condition and the catalogue's guard).
    let iam = server.iam_client();
    let key = iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let plain = server.sts_client_with(&key.access_key_id, &key.secret_access_key);
    let e = plain
        .assume_role()
        .role_arn(format!("arn:aws:iam::{}:role/power-user", ids["dev-1"]))
        .role_session_name("no-mfa")
        .send()
        .await;
    assert_eq!(api_error(e).code, "AccessDenied");

    // Day 2: onboard frank, move bob to platform, offboard carol, disable billing, add a
    // staging account type with one account where admins may go.
    spec.user_map.insert(
        "frank".into(),
        User {
            groups: vec!["engineers".into(), "iam-user-self-mgmt".into()],
            console_access: false,
            password_reset_required: true,
            tags: BTreeMap::new(),
            policies: vec![],
            boundary: None,
            exclusive: true,
        },
    );
    spec.user_map.get_mut("bob").unwrap().groups =
        vec!["platform".into(), "iam-user-self-mgmt".into()];
    spec.user_map.remove("carol");
    spec.roles.get_mut("billing").unwrap().enabled = false;
    spec.account_types
        .insert("staging".into(), AccountType::default());
    spec.accounts.insert(
        "staging-1".into(),
        Account {
            account_type: "staging".into(),
            id: None,
            email: Some("staging-1@example.com".into()),
            central: false,
        },
    );
    spec.roles
        .get_mut("admin")
        .unwrap()
        .account_types
        .as_mut()
        .unwrap()
        .push("staging".into());
    spec.group_map.get_mut("platform").unwrap()[0] = Grant {
        role: "admin".into(),
        account_types: vec!["dev".into(), "prod".into(), "staging".into()],
    };
    let (_, text) = apply(&spec, &target).await;
    for line in [
        "+ create account staging-1 (type staging",
        "+ create user frank",
        "+ add user bob to group platform",
        "- remove user bob from group engineers (not in the spec)",
        "- offboard user carol",
        "- delete role billing (disabled or not in the spec)",
        "~ revoke the sessions of role billing issued before now",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert_no_changes(&spec, &target).await;
    let ids = account_ids(&spec, &target).await;
    assert_eq!(ids.len(), 5);
    assert_eq!(
        api_error(iam.get_user().user_name("carol").send().await).code,
        "NoSuchEntity"
    );

    sessions.remove("carol");
    sessions.insert("frank", mfa_session(&server, "frank").await);
    let got = reachable(&server, &sessions, &ids).await;
    assert_eq!(
        got["bob"],
        set(&[
            ("dev-1", "admin"),
            ("dev-2", "admin"),
            ("prod-1", "admin"),
            ("staging-1", "admin")
        ])
    );
    assert_eq!(
        got["frank"],
        set(&[
            ("dev-1", "power-user"),
            ("dev-2", "power-user"),
            ("prod-1", "read-only")
        ])
    );
    assert_eq!(got["alice"], got["bob"]);
    assert_eq!(
        got["dave"],
        set(&[
            ("dev-1", "read-only"),
            ("dev-2", "read-only"),
            ("prod-1", "read-only")
        ])
    );

    // Export reads the setup back: planning the exported spec changes nothing but adopting the
    // one person the tool did not create (the administrator running it gets the managed tag).
    let exported = iamd_zone::export::export(&target, "OrganizationAccountAccessRole")
        .await
        .expect("export");
    let yaml = iamd_zone::export::render(&exported, iamd_zone::spec::Format::Yaml).unwrap();
    let reread = iamd_zone::spec::parse(&yaml, iamd_zone::spec::Format::Yaml, "export.yaml")
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(reread.group_map["platform"][0].role, "admin");
    let p = plan(&reread, &target).await;
    let changes: Vec<String> = p
        .accounts
        .iter()
        .flat_map(|a| a.changes.iter().map(|c| c.to_string()))
        .collect();
    assert_eq!(
        changes,
        ["~ tags of user zone-admin: +managed-by=iamd-zone"],
        "{yaml}"
    );

    // Destroy: an empty spec of the same accounts removes every person and role it manages.
    let mut empty = spec.clone();
    empty.user_map.clear();
    empty.group_map.clear();
    for r in empty.roles.values_mut() {
        r.enabled = false;
    }
    apply(&empty, &target).await;
    assert_no_changes(&empty, &target).await;
    let users: Vec<String> = iam
        .list_users()
        .send()
        .await
        .unwrap()
        .users()
        .iter()
        .map(|u| u.user_name().to_string())
        .collect();
    assert_eq!(users, ["zone-admin"]);
}

#[tokio::test]
async fn bad_specs_and_bad_targets_are_errors_before_any_change() {
    let e = iamd_zone::spec::parse(
        "account_types: {dev: {}}\nroles:\n  admin: {account_types: [dev]}\ngroups:\n  ops: {}\ngroup_map:\n  ops:\n    - {role: admin, account_types: [prod]}\nuser_map:\n  alice: {groups: [devs]}\n",
        iamd_zone::spec::Format::Yaml,
        "zone.yaml",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "zone.yaml:8: group_map.ops[0].account_types[0]: unknown account type \"prod\"\nzone.yaml:10: user_map.alice.groups[0]: unknown group \"devs\""
    );

    let server = Server::start().await;
    let spec = parse(
        "accounts:\n  main: {type: t, central: true, id: \"111111111111\"}\naccount_types: {t: {}}\n",
    );
    let e = iamd_zone::plan(&spec, &root_target(&server))
        .await
        .unwrap_err();
    assert!(
        e.0.contains("the central account is 111111111111, but the credentials are of account"),
        "{e}"
    );
    // Root may not assume roles (as in AWS): the error says what to do.
    let spec = parse("accounts:\n  dev-1: {type: t}\naccount_types: {t: {}}\n");
    let p = plan(&spec, &root_target(&server)).await;
    let e = iamd_zone::apply(
        &spec,
        &root_target(&server),
        p,
        std::sync::Arc::new(|_: &str| {}),
    )
    .await
    .unwrap_err();
    assert!(e.0.contains("not its root user"), "{e}");
    let nowhere = iamd_zone::client::Target::new(Some("http://127.0.0.1:9".into()), "AKIA", "x");
    let e = iamd_zone::plan(&spec, &nowhere).await.unwrap_err();
    assert!(e.0.starts_with("GetCallerIdentity: cannot connect"), "{e}");
}

#[tokio::test]
async fn cross_account_groups_grant_one_role_in_one_account() {
    let server = Server::start().await;
    let target = admin_target(&server).await;
    let spec = parse(
        r#"
account_types: {dev: {}, prod: {}}
accounts:
  dev-1: {type: dev}
  dev-2: {type: dev}
  prod-1: {type: prod}
roles:
  admin: {policies: [arn:aws:iam::aws:policy/AdministratorAccess]}
  viewer: {policies: [arn:aws:iam::aws:policy/ReadOnlyAccess], account_types: [prod]}
user_map:
  ann: {groups: [dev-2-admin]}
  ben: {groups: [prod-1-viewer, dev-1-admin]}
options: {cross_account_groups: true}
"#,
    );
    let (_, text) = apply(&spec, &target).await;
    for g in [
        "dev-1-admin",
        "dev-2-admin",
        "prod-1-admin",
        "prod-1-viewer",
    ] {
        assert!(
            text.contains(&format!("+ create group {g}\n")),
            "{g}:\n{text}"
        );
    }
    assert!(!text.contains("dev-1-viewer"), "{text}");
    assert_no_changes(&spec, &target).await;
    let ids = account_ids(&spec, &target).await;
    let ids: BTreeMap<String, String> = ids.into_iter().filter(|(n, _)| n != "central").collect();
    let mut sessions = BTreeMap::new();
    sessions.insert("ann", mfa_session(&server, "ann").await);
    sessions.insert("ben", mfa_session(&server, "ben").await);
    let got = reachable(&server, &sessions, &ids).await;
    assert_eq!(got["ann"], set(&[("dev-2", "admin")]));
    assert_eq!(got["ben"], set(&[("dev-1", "admin")]));
    // viewer is not among ROLES: check it on its own.
    let id = &ids["prod-1"];
    assert!(can_assume(&server, &sessions["ben"], id, "viewer").await);
    assert!(!can_assume(&server, &sessions["ann"], id, "viewer").await);
}
