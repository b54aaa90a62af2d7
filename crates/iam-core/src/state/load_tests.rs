//! Start-up's load (`Loader`, `Store::load_each`): the regression tests of issue #14, where a
//! restart at a million users held every record, then every decoded user, then a hash table of
//! inline users at once (1.66 GB, seconds of page faults and copies).
use super::*;
use crate::audit::{EventQuery, EventRecord, StoredEvent};
use crate::service::Iam;
use crate::store::{Ack, MemoryStore, Store, StoreError};
use iam_partitions::Partition;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A store that only streams its records: `load_all` fails the test.
struct StreamOnly {
    inner: Arc<MemoryStore>,
    handed: AtomicUsize,
}

impl Store for StreamOnly {
    fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        panic!("start-up must stream the records (Store::load_each), not collect them all");
    }
    fn load_each(
        &self,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for r in self.inner.load_all()? {
            self.handed.fetch_add(1, Ordering::Relaxed);
            visit(r)?;
        }
        Ok(())
    }
    fn submit(&self, changes: Vec<Change>) -> Ack {
        self.inner.submit(changes)
    }
    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack> {
        self.inner.append_events(events, replace)
    }
    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        self.inner.lookup_events(query)
    }
}

fn user(account: &str, id: &str, name: &str) -> User {
    User {
        id: id.into(),
        account_id: account.into(),
        name: name.into(),
        path: "/".into(),
        create_date: 0,
        tags: Vec::new(),
        permissions_boundary: None,
        inline_policies: Default::default(),
        attached_policies: Vec::new(),
        groups: vec!["AGPAEXAMPLEGROUP0001".into()],
        login_profile: None,
        password_last_used: None,
    }
}

const NAMES: [&str; 4] = [
    "Carol-With-A-Name-Longer-Than-23-Bytes",
    "alice",
    "Bob",
    "dave-lower-case-and-longer-than-23",
];

/// A store with an account and `NAMES` as users (IDs in another order than names).
async fn populated() -> (Arc<MemoryStore>, MasterKey, String) {
    let store = Arc::new(MemoryStore::default());
    let master = MasterKey::generate();
    let iam = Iam::open(store.clone(), master.clone()).unwrap();
    let account = iam
        .ensure_default_account(None, Partition::aws())
        .await
        .unwrap()
        .unwrap()
        .account_id;
    let acct = account.clone();
    iam.write(move |state, tx| {
        let a = state.accounts.get_mut(&acct).unwrap();
        for (i, name) in NAMES.iter().enumerate() {
            a.put_user(tx, user(&acct, &format!("AIDAEXAMPLE{:09}", 9 - i), name));
        }
        Ok(())
    })
    .await
    .unwrap();
    (store, master, account)
}

fn check_loaded(state: &State, account: &str) {
    let a = &state.accounts[account];
    assert_eq!(a.users.len(), NAMES.len());
    for name in NAMES {
        let found = a.user_by_name(&name.to_uppercase()).expect(name);
        assert_eq!(found.name, name);
    }
    // The name index: lower-case keys in order (ListUsers pages by it).
    let keys: Vec<&str> = a.user_names.keys().map(SmolStr::as_str).collect();
    let mut expected: Vec<String> = NAMES.iter().map(|n| n.to_lowercase()).collect();
    expected.sort();
    assert_eq!(keys, expected);
    // The group-member index is kept at load.
    assert_eq!(a.group_members["AGPAEXAMPLEGROUP0001"].len(), NAMES.len());
}

#[tokio::test]
async fn start_up_streams_the_records() {
    let (store, master, account) = populated().await;
    let streamed = Arc::new(StreamOnly {
        inner: store.clone(),
        handed: AtomicUsize::new(0),
    });
    let reopened = Iam::open(streamed.clone(), master.clone()).unwrap();
    assert_eq!(
        streamed.handed.load(Ordering::Relaxed),
        store.load_all().unwrap().len()
    );
    reopened.read(|s| check_loaded(s, &account));
    let first = Iam::open(store, master).unwrap();
    assert_eq!(first.persisted_snapshot(), reopened.persisted_snapshot());
}

#[tokio::test]
async fn records_load_in_any_order() {
    let (store, master, account) = populated().await;
    let sorted = State::from_records(store.load_all().unwrap(), &master).unwrap();
    // Users, keys and the default account before their account's record: they wait for it.
    let mut reversed = store.load_all().unwrap();
    reversed.reverse();
    assert_eq!(reversed.last().unwrap().kind, KIND_ACCOUNT);
    let state = State::from_records(reversed, &master).unwrap();
    check_loaded(&state, &account);
    assert_eq!(state.persisted_snapshot(), sorted.persisted_snapshot());
    // A user whose account never comes is still an error.
    let orphan = Record {
        kind: KIND_USER.into(),
        key: "AIDAORPHAN".into(),
        value: serde_json::to_vec(&user("999999999999", "AIDAORPHAN", "orphan")).unwrap(),
    };
    let err = State::from_records(vec![orphan], &master).unwrap_err();
    assert!(err.contains("of unknown account"), "{err}");
}

#[test]
fn a_lower_case_name_shares_its_storage_with_its_key() {
    let name = SmolStr::from("a-lower-case-name-longer-than-23-bytes");
    let key = name_key(&name);
    assert!(name.is_heap_allocated());
    assert_eq!(key.as_str().as_ptr(), name.as_str().as_ptr());
    let mixed = SmolStr::from("A-Mixed-Case-Name-Longer-Than-23-Bytes");
    assert_eq!(name_key(&mixed), "a-mixed-case-name-longer-than-23-bytes");
}
