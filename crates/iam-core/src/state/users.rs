//! One account's users, by ID, stored compactly: a hash table of boxed users keyed by the
//! user's own `id` (no second copy of the ID as a key, 8 bytes a slot however the table grows),
//! where a `HashMap<String, User>` held each key twice and every user inline in a table that
//! doubles (at a million users: 2M slots of ~370 bytes, 0.8 GB; see BENCHMARKS.md).
//! The methods are `HashMap`'s, taking `&str`.
use crate::entities::User;
use hashbrown::HashTable;
use std::hash::{BuildHasher, RandomState};

#[derive(Default, Clone)]
pub struct Users {
    table: HashTable<Box<User>>,
    hasher: RandomState,
}

impl std::fmt::Debug for Users {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Users {
    fn hash(hasher: &RandomState, id: &str) -> u64 {
        hasher.hash_one(id)
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&User> {
        self.table
            .find(Self::hash(&self.hasher, id), |u| u.id == id)
            .map(|u| &**u)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut User> {
        self.table
            .find_mut(Self::hash(&self.hasher, id), |u| u.id == id)
            .map(|u| &mut **u)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Inserts `user` under its own ID; returns the user it replaced.
    pub fn insert(&mut self, user: User) -> Option<User> {
        let Self { table, hasher } = self;
        let hash = Self::hash(hasher, &user.id);
        match table.find_mut(hash, |u| u.id == user.id) {
            Some(slot) => Some(std::mem::replace(&mut **slot, user)),
            None => {
                table.insert_unique(hash, Box::new(user), |u| Self::hash(hasher, &u.id));
                None
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<User> {
        let hash = Self::hash(&self.hasher, id);
        match self.table.find_entry(hash, |u| u.id == id) {
            Ok(entry) => Some(*entry.remove().0),
            Err(_) => None,
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &User> {
        self.table.iter().map(|u| &**u)
    }

    /// (ID, user) pairs, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &User)> {
        self.values().map(|u| (u.id.as_str(), u))
    }
}

impl std::ops::Index<&str> for Users {
    type Output = User;
    fn index(&self, id: &str) -> &User {
        self.get(id).expect("no user with this ID")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str) -> User {
        User {
            id: id.into(),
            account_id: "123456789012".into(),
            name: name.into(),
            path: "/".into(),
            create_date: 0,
            tags: Vec::new(),
            permissions_boundary: None,
            inline_policies: Default::default(),
            attached_policies: Vec::new(),
            groups: Vec::new(),
            login_profile: None,
            password_last_used: None,
        }
    }

    #[test]
    fn behaves_as_a_map_by_id() {
        let mut users = Users::default();
        for i in 0..1000 {
            assert!(
                users
                    .insert(user(&format!("AIDA{i:017}"), &format!("u{i}")))
                    .is_none()
            );
        }
        assert_eq!(users.len(), 1000);
        assert_eq!(users.get("AIDA00000000000000042").unwrap().name, "u42");
        let old = users
            .insert(user("AIDA00000000000000042", "renamed"))
            .unwrap();
        assert_eq!(old.name, "u42");
        assert_eq!(users["AIDA00000000000000042"].name, "renamed");
        assert_eq!(users.len(), 1000);
        users.get_mut("AIDA00000000000000007").unwrap().path = "/p/".into();
        assert_eq!(users.get("AIDA00000000000000007").unwrap().path, "/p/");
        assert_eq!(users.remove("AIDA00000000000000007").unwrap().path, "/p/");
        assert!(users.get("AIDA00000000000000007").is_none());
        assert!(users.remove("AIDA00000000000000007").is_none());
        assert_eq!(users.iter().count(), 999);
        assert!(users.iter().all(|(id, u)| id == u.id));
    }

    /// The sizes the working set's memory at a million users was computed from
    /// (BENCHMARKS.md): a slot is a pointer, and a user's short strings (unique ID, account
    /// ID, path, a name of up to 23 bytes) live inside the user, not in allocations of their own.
    #[test]
    fn a_user_is_small() {
        assert_eq!(size_of::<Box<User>>(), 8);
        assert!(
            size_of::<User>() <= 256,
            "User is {} bytes",
            size_of::<User>()
        );
        let u = user("AIDAABCDEFGHIJKLMNOPQ", "a-name-of-23-characters");
        assert!(!u.id.is_heap_allocated() && !u.name.is_heap_allocated());
        assert!(!u.account_id.is_heap_allocated() && !u.path.is_heap_allocated());
    }
}
