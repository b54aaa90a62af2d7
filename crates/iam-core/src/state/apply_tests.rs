//! Incremental catch-up (issue #14), property-style: random batches of record changes of every
//! kind; a follower that loaded the records at some earlier batch applies the change set since
//! then (`State::apply_changes`) and must equal a full reload, persisted entities and derived
//! indexes alike.
use super::*;
use crate::store::ChangeSet;
use serde_json::{Value, json};

/// A small deterministic generator (xorshift), so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn subset(&mut self, items: &[String]) -> Vec<String> {
        items.iter().filter(|_| self.chance(40)).cloned().collect()
    }
}

const ACCOUNTS: [&str; 2] = ["111111111111", "222222222222"];
const DOCS: [&str; 2] = [
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#,
];
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}"#;

struct World {
    rng: Rng,
    master: MasterKey,
    records: BTreeMap<(String, String), Vec<u8>>,
}

impl World {
    fn id(&mut self, prefix: &str, n: usize) -> String {
        format!("{prefix}{:02}", self.rng.below(n))
    }
    fn account(&mut self) -> &'static str {
        ACCOUNTS[self.rng.below(2)]
    }
    fn inline(&mut self) -> Value {
        let mut m = serde_json::Map::new();
        for name in ["a", "B"] {
            if self.rng.chance(40) {
                m.insert(name.into(), json!(DOCS[self.rng.below(2)]));
            }
        }
        Value::Object(m)
    }
    fn arns(&mut self, account: &str) -> Vec<String> {
        let all: Vec<String> = (0..3)
            .map(|i| format!("arn:aws:iam::{account}:policy/P{i:02}"))
            .chain(["arn:aws:iam::aws:policy/ReadOnlyAccess".to_string()])
            .collect();
        self.rng.subset(&all)
    }
    fn owner(&mut self) -> Value {
        if self.rng.chance(30) {
            json!("Root")
        } else {
            json!({"User": self.id("U", 6)})
        }
    }
    fn boundary(&mut self, account: &str) -> Value {
        if self.rng.chance(30) {
            json!(format!(
                "arn:aws:iam::{account}:policy/P0{}",
                self.rng.below(3)
            ))
        } else {
            Value::Null
        }
    }

    /// One random record of `kind`: (key, value).
    fn record(&mut self, kind: &str) -> (String, Value) {
        let acct = self.account();
        let date = self.rng.below(5) as i64;
        match kind {
            KIND_ACCOUNT => (
                acct.into(),
                json!({"id": acct, "create_date": 0,
                       "aliases": if self.rng.chance(50) { vec!["alias"] } else { vec![] }}),
            ),
            KIND_USER => {
                // Users are per account: the ID says which, so a user never moves.
                let id = self.id("U", 6);
                let acct = ACCOUNTS[id.as_bytes()[2] as usize % 2];
                let groups: Vec<String> = (0..4).map(|i| format!("G{i:02}")).collect();
                let name = format!("{}{}", self.rng.pick(&["user", "User", "other"]), &id[1..]);
                (
                    id.clone(),
                    json!({"id": id, "account_id": acct, "name": name, "path": "/",
                           "create_date": date, "groups": self.rng.subset(&groups),
                           "attached_policies": self.arns(acct),
                           "permissions_boundary": self.boundary(acct),
                           "inline_policies": self.inline()}),
                )
            }
            KIND_GROUP => {
                let id = self.id("G", 4);
                let acct = ACCOUNTS[id.as_bytes()[2] as usize % 2];
                let name = format!("{}{}", self.rng.pick(&["grp", "Grp"]), &id[1..]);
                (
                    id.clone(),
                    json!({"id": id, "account_id": acct, "name": name, "path": "/",
                           "create_date": 0, "inline_policies": self.inline(),
                           "attached_policies": self.arns(acct)}),
                )
            }
            KIND_POLICY => {
                let id = self.id("P", 3);
                let acct = ACCOUNTS[id.as_bytes()[2] as usize % 2];
                let v = self.rng.below(2);
                (
                    id.clone(),
                    json!({"id": id, "account_id": acct, "name": id, "path": "/",
                           "create_date": 0, "update_date": 0,
                           "default_version": format!("v{}", v + 1),
                           "versions": [{"version_id": "v1", "document": DOCS[0], "create_date": 0},
                                        {"version_id": "v2", "document": DOCS[1], "create_date": 0}],
                           "next_version": 3}),
                )
            }
            KIND_ROLE => {
                let id = self.id("R", 4);
                let acct = ACCOUNTS[id.as_bytes()[2] as usize % 2];
                let name = format!("{}{}", self.rng.pick(&["role", "Role"]), &id[1..]);
                (
                    id.clone(),
                    json!({"id": id, "account_id": acct, "name": name, "path": "/",
                           "create_date": 0,
                           "assume_role_policy": if self.rng.chance(50) { TRUST } else { "not json" },
                           "max_session_duration": 3600,
                           "permissions_boundary": self.boundary(acct),
                           "inline_policies": self.inline(),
                           "attached_policies": self.arns(acct)}),
                )
            }
            KIND_INSTANCE_PROFILE => {
                let id = self.id("I", 3);
                let name = format!("{}{}", self.rng.pick(&["ip", "IP"]), &id[1..]);
                (
                    id.clone(),
                    json!({"id": id, "account_id": ACCOUNTS[0], "name": name, "path": "/",
                           "create_date": 0, "roles": [self.id("R", 4)]}),
                )
            }
            KIND_KEY => {
                let id = self.id("AKIA", 6);
                let acct = ACCOUNTS[id.as_bytes()[5] as usize % 2];
                (
                    id.clone(),
                    json!({"id": id, "account_id": acct, "owner": self.owner(),
                           "status": if self.rng.chance(50) { "Active" } else { "Inactive" },
                           "create_date": date, "sealed_secret": self.master.seal("secret")}),
                )
            }
            KIND_MFA => {
                let name = self.id("mfa", 4);
                let serial = format!("arn:aws:iam::{}:mfa/{name}", ACCOUNTS[0]);
                let assignment = if self.rng.chance(50) {
                    json!({"owner": self.owner(), "enable_date": 0, "last_step": 0})
                } else {
                    Value::Null
                };
                (
                    serial.clone(),
                    json!({"serial_number": serial, "account_id": ACCOUNTS[0], "name": name,
                           "path": "/", "create_date": 0,
                           "sealed_seed": self.master.seal("JBSWY3DPEHPK3PXP"),
                           "assignment": assignment}),
                )
            }
            KIND_SSH_KEY => {
                let id = self.id("APKA", 4);
                let user = format!("U0{}", id.as_bytes()[5] as usize % 6);
                (
                    id.clone(),
                    json!({"id": id, "account_id": ACCOUNTS[0], "user_id": user, "body": "ssh-rsa x",
                           "fingerprint": "00", "status": "Active", "upload_date": date}),
                )
            }
            KIND_SIGNING_CERT => {
                let id = self.id("CERT", 4);
                let owner = if id.ends_with('0') {
                    json!("Root")
                } else {
                    json!({"User": "U01"})
                };
                (
                    id.clone(),
                    json!({"id": id, "account_id": ACCOUNTS[0], "owner": owner, "body": "pem",
                           "der_sha256": "00", "status": "Active", "upload_date": date}),
                )
            }
            KIND_SERVER_CERT => {
                let id = self.id("ASCA", 3);
                // Renamed now and then (UpdateServerCertificate).
                let name = format!(
                    "{}{}",
                    self.rng.pick(&["cert", "Cert", "renamed"]),
                    &id[4..]
                );
                (
                    id.clone(),
                    json!({"id": id, "account_id": ACCOUNTS[1], "name": name, "path": "/",
                           "body": "pem", "sealed_private_key": self.master.seal("k"),
                           "upload_date": 0, "expiration": 0}),
                )
            }
            KIND_SERVICE_CRED => {
                let id = self.id("ACCA", 3);
                let user = format!("U0{}", id.as_bytes()[5] as usize % 6);
                (
                    id.clone(),
                    json!({"id": id, "account_id": ACCOUNTS[0], "user_id": user,
                           "service_name": "codecommit.amazonaws.com",
                           "sealed_secret": self.master.seal("s"), "status": "Active",
                           "create_date": date}),
                )
            }
            KIND_OIDC_PROVIDER => {
                let n = self.rng.below(2);
                let arn = format!("arn:aws:iam::{acct}:oidc-provider/idp{n}.example.com");
                (
                    arn.clone(),
                    json!({"arn": arn, "account_id": acct, "url": format!("idp{n}.example.com"),
                           "create_date": date}),
                )
            }
            KIND_SAML_PROVIDER => {
                let n = self.rng.below(2);
                let arn = format!("arn:aws:iam::{acct}:saml-provider/saml{n}");
                (
                    arn.clone(),
                    json!({"arn": arn, "account_id": acct, "name": format!("saml{n}"),
                           "uuid": "u", "metadata": "<m/>", "entity_id": "e",
                           "certificates": [], "create_date": date, "valid_until": date}),
                )
            }
            crate::activity::KIND_ACCESS => {
                let principal = self.id("U", 6);
                let ns = self.rng.pick(&["s3", "iam"]);
                (
                    format!("{acct}/{principal}/{ns}"),
                    json!({"account_id": acct, "principal_id": principal,
                           "principal_arn": format!("arn:aws:iam::{acct}:user/x"),
                           "namespace": ns, "date": date, "region": "us-east-1"}),
                )
            }
            crate::activity::KIND_THROTTLE => {
                let limiter = self.rng.pick(&["sign_in", "mfa"]);
                let name = self.id("n", 4);
                (
                    format!("{limiter}/{acct}/{name}"),
                    json!({"tokens": self.rng.below(5), "at_ms": self.rng.below(1000)}),
                )
            }
            KIND_ORG => {
                let org = "o-example";
                match self.rng.below(3) {
                    0 => (
                        format!("{org}/organization"),
                        json!({"id": org, "management_account_id": ACCOUNTS[0],
                               "management_email": "m@example.com", "feature_set": "ALL",
                               "root_id": "r-root", "scp_enabled": self.rng.chance(50),
                               "create_date": 0}),
                    ),
                    1 => (
                        format!("{org}/account/{}", ACCOUNTS[1]),
                        json!({"id": ACCOUNTS[1], "name": "member", "email": "a@example.com",
                               "joined_method": "CREATED", "joined_timestamp": 0,
                               "parent_id": "r-root"}),
                    ),
                    _ => {
                        let id = self.id("p-", 2);
                        let targets: Vec<String> = vec!["r-root".into(), ACCOUNTS[1].into()];
                        (
                            format!("{org}/policy/{id}"),
                            json!({"id": id, "name": id, "description": "", "aws_managed": false,
                                   "content": DOCS[self.rng.below(2)],
                                   "targets": self.rng.subset(&targets)}),
                        )
                    }
                }
            }
            _ => unreachable!("{kind}"),
        }
    }

    /// A random batch of changes, applied to `records` as a store would (records stay loadable:
    /// accounts and the organization record are never deleted, every record names an account
    /// that exists).
    fn batch(&mut self) -> Vec<Change> {
        const KINDS: [&str; 18] = [
            crate::activity::KIND_THROTTLE,
            KIND_ACCOUNT,
            KIND_USER,
            KIND_GROUP,
            KIND_POLICY,
            KIND_ROLE,
            KIND_INSTANCE_PROFILE,
            KIND_KEY,
            KIND_MFA,
            KIND_SSH_KEY,
            KIND_SIGNING_CERT,
            KIND_SERVER_CERT,
            KIND_SERVICE_CRED,
            KIND_OIDC_PROVIDER,
            KIND_SAML_PROVIDER,
            crate::activity::KIND_ACCESS,
            KIND_ORG,
            KIND_META,
        ];
        let mut changes = Vec::new();
        for _ in 0..1 + self.rng.below(4) {
            let kind = KINDS[self.rng.below(KINDS.len())];
            if kind == KIND_META {
                let k = (KIND_META.to_string(), "default_account".to_string());
                if self.rng.chance(30) && self.records.contains_key(&k) {
                    self.records.remove(&k);
                    changes.push(Change::Delete {
                        kind: KIND_META,
                        key: k.1,
                    });
                } else {
                    let v = self.account().as_bytes().to_vec();
                    self.records.insert(k.clone(), v.clone());
                    changes.push(Change::Put {
                        kind: KIND_META,
                        key: k.1,
                        value: v,
                    });
                }
                continue;
            }
            let (key, value) = self.record(kind);
            let k = (kind.to_string(), key.clone());
            let protected = kind == KIND_ACCOUNT || key.ends_with("/organization");
            // The organization's other records need the organization record.
            let orphan = kind == KIND_ORG
                && !key.ends_with("/organization")
                && !self
                    .records
                    .contains_key(&(KIND_ORG.into(), "o-example/organization".into()));
            if orphan {
                continue;
            }
            let kind: &'static str = KINDS.iter().find(|k| **k == kind).unwrap();
            if !protected && self.records.contains_key(&k) && self.rng.chance(35) {
                self.records.remove(&k);
                changes.push(Change::Delete { kind, key });
            } else {
                let value = serde_json::to_vec(&value).unwrap();
                self.records.insert(k, value.clone());
                changes.push(Change::Put { kind, key, value });
            }
        }
        changes
    }
}

fn load(records: &BTreeMap<(String, String), Vec<u8>>, master: &MasterKey) -> State {
    let records = records
        .iter()
        .map(|((kind, key), value)| Record {
            kind: kind.clone(),
            key: key.clone(),
            value: value.clone(),
        })
        .collect();
    State::from_records(records, master).expect("records load")
}

/// The comparison: persisted entities and derived indexes, as JSON text (a readable diff).
fn view(state: &State) -> String {
    format!(
        "{:#}\n{:#}",
        state.persisted_snapshot(),
        state.derived_snapshot()
    )
}

#[test]
fn random_changes_applied_incrementally_equal_a_full_reload() {
    for seed in 1..=40u64 {
        let master = MasterKey::generate();
        let mut world = World {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            master: master.clone(),
            records: BTreeMap::new(),
        };
        // Both accounts first, as `ensure_default_account` and CreateAccount write them.
        for acct in ACCOUNTS {
            world.records.insert(
                (KIND_ACCOUNT.into(), acct.into()),
                serde_json::to_vec(&json!({"id": acct, "create_date": 0})).unwrap(),
            );
        }
        // Followers load at several points and catch up at later ones.
        // (its state, the records it loaded or caught up to, the batches since)
        type Follower = (State, BTreeMap<(String, String), Vec<u8>>, Vec<Vec<Change>>);
        let mut followers: Vec<Follower> = Vec::new();
        for step in 0..60 {
            let batch = world.batch();
            for (_, _, pending) in followers.iter_mut() {
                pending.push(batch.clone());
            }
            if step % 7 == 0 {
                followers.push((
                    load(&world.records, &master),
                    world.records.clone(),
                    Vec::new(),
                ));
            }
            if step % 5 == 4 {
                let reloaded = view(&load(&world.records, &master));
                for (i, (state, before, pending)) in followers.iter_mut().enumerate() {
                    let set =
                        ChangeSet::of_batches(before, pending.iter().map(Vec::as_slice), step)
                            .expect("no reset");
                    state
                        .apply_changes(set, &master)
                        .unwrap_or_else(|e| panic!("seed {seed} step {step}: {e}"));
                    let caught_up = view(state);
                    if caught_up != reloaded {
                        let diff = crate::service::line_diff(&reloaded, &caught_up);
                        panic!(
                            "seed {seed} step {step} follower {i}: incremental catch-up \
                             differs from a full reload (- reload, + incremental):\n{diff}"
                        );
                    }
                    *before = world.records.clone();
                    pending.clear();
                }
            }
        }
    }
}

#[test]
fn unknown_kinds_and_deleted_accounts_ask_for_a_reload_and_change_nothing() {
    let master = MasterKey::generate();
    let mut records = BTreeMap::new();
    records.insert(
        (KIND_ACCOUNT.to_string(), ACCOUNTS[0].to_string()),
        serde_json::to_vec(&json!({"id": ACCOUNTS[0], "create_date": 0})).unwrap(),
    );
    let mut state = load(&records, &master);
    let before = view(&state);
    let user = Record {
        kind: KIND_USER.into(),
        key: "U01".into(),
        value: serde_json::to_vec(&json!({"id": "U01", "account_id": ACCOUNTS[0],
            "name": "u", "path": "/", "create_date": 0}))
        .unwrap(),
    };
    let unknown = ChangeSet {
        head: 2,
        puts: vec![
            user.clone(),
            Record {
                kind: "some_future_kind".into(),
                key: "x".into(),
                value: b"{}".to_vec(),
            },
        ],
        deletes: Vec::new(),
    };
    assert!(matches!(
        state.apply_changes(unknown, &master),
        Err(Unapplied::Reload(_))
    ));
    let account_gone = ChangeSet {
        head: 3,
        puts: vec![user],
        deletes: vec![Record {
            kind: KIND_ACCOUNT.into(),
            key: ACCOUNTS[0].into(),
            value: records.values().next().unwrap().clone(),
        }],
    };
    assert!(matches!(
        state.apply_changes(account_gone, &master),
        Err(Unapplied::Reload(_))
    ));
    assert_eq!(view(&state), before, "a refused change set changes nothing");
}
