//! The request context a decision is made for: action, resource, principal and condition keys;
//! IAM User Guide reference_policies_evaluation-logic.md ("Processing the request context").

use std::fmt;
use std::sync::OnceLock;

use crate::condition::date::{self, Instant};
use crate::condition::ip::Cidr;
use crate::glob::bytes_eq;

/// A condition key or variable name as a policy reads it: lowercased (key names are
/// case-insensitive) and hashed once at parse time, so a lookup compares integers first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    text: String,
    hash: u64,
}

impl Key {
    pub(crate) fn new(name: &str) -> Self {
        let text = name.to_lowercase();
        Key {
            hash: fnv1a(text.as_bytes()),
            text,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

/// FNV-1a, 64 bits: keys are short and come from the request's own caller-side code or from
/// policies, and a collision only costs a string compare, so a keyed hash buys nothing here.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One key of a request with its values, and their typed readings parsed on first use (a
/// decision may compare `aws:CurrentTime` or `aws:SourceIp` in many statements).
#[derive(Clone)]
pub(crate) struct ContextEntry {
    key: String,
    values: Vec<String>,
    date: OnceLock<Option<Instant>>,
    cidr: OnceLock<Option<Cidr>>,
}

impl ContextEntry {
    fn new(key: String, values: Vec<String>) -> Self {
        ContextEntry {
            key,
            values,
            date: OnceLock::new(),
            cidr: OnceLock::new(),
        }
    }

    pub(crate) fn values(&self) -> &[String] {
        &self.values
    }

    /// `values()[i]` as a `Date*` operand; `None` when it is not a date.
    pub(crate) fn date(&self, i: usize) -> Option<Instant> {
        match self.values.as_slice() {
            [one] => *self.date.get_or_init(|| date::parse(one)),
            many => many.get(i).and_then(|v| date::parse(v)),
        }
    }

    /// `values()[i]` as an `IpAddress` operand; `None` when it is not an address.
    pub(crate) fn cidr(&self, i: usize) -> Option<Cidr> {
        match self.values.as_slice() {
            [one] => *self.cidr.get_or_init(|| Cidr::parse(one)),
            many => many.get(i).and_then(|v| Cidr::parse(v)),
        }
    }
}

/// Condition keys of a request. Key names are case-insensitive (AWS); each key has one value or,
/// for multivalued keys such as `aws:TagKeys`, several.
#[derive(Clone, Default)]
pub struct ContextKeys {
    // INVARIANT (lowercase-keys): every key is stored lowercased, and `hashes[i]` is the
    // `fnv1a` of `entries[i].key`; `entry` relies on both.
    hashes: Vec<u64>,
    entries: Vec<ContextEntry>,
}

impl ContextKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a single-valued key, replacing any earlier value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, vec![value.into()]);
    }

    /// Sets a multivalued key (an empty list is present-but-empty, which `ForAllValues` treats
    /// like a missing key).
    pub fn set_many<I, S>(&mut self, key: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.insert(key, values.into_iter().map(Into::into).collect());
    }

    fn insert(&mut self, key: &str, values: Vec<String>) {
        let key = Key::new(key);
        match self.position(&key.text, key.hash) {
            Some(i) => self.entries[i] = ContextEntry::new(key.text, values),
            None => {
                self.hashes.push(key.hash);
                self.entries.push(ContextEntry::new(key.text, values));
            }
        }
    }

    pub fn remove(&mut self, key: &str) {
        let key = Key::new(key);
        if let Some(i) = self.position(&key.text, key.hash) {
            self.hashes.swap_remove(i);
            self.entries.swap_remove(i);
        }
    }

    /// The values of `key`, matched case-insensitively.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        let found = if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            let key = key.to_lowercase();
            self.position(&key, fnv1a(key.as_bytes()))
        } else {
            self.position(key, fnv1a(key.as_bytes()))
        };
        found.map(|i| self.entries[i].values())
    }

    /// Lookup with a key compiled from a policy.
    pub(crate) fn entry(&self, key: &Key) -> Option<&ContextEntry> {
        self.position(&key.text, key.hash).map(|i| &self.entries[i])
    }

    /// Where the lowercased `key`, whose `fnv1a` is `hash`, is stored.
    fn position(&self, key: &str, hash: u64) -> Option<usize> {
        // Requests carry a few dozen keys at most: a scan of hashes beats hashing into a map.
        self.hashes
            .iter()
            .enumerate()
            .find(|&(i, &h)| h == hash && bytes_eq(self.entries[i].key.as_bytes(), key.as_bytes()))
            .map(|(i, _)| i)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Equal when they hold the same keys with the same values, in whatever order they were set.
impl PartialEq for ContextKeys {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().all(|e| {
                other
                    .position(&e.key, fnv1a(e.key.as_bytes()))
                    .is_some_and(|i| other.entries[i].values == e.values)
            })
    }
}

impl Eq for ContextKeys {}

impl fmt::Debug for ContextKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|e| (&e.key, &e.values)))
            .finish()
    }
}

/// Who makes the request, as resource-based policies' `Principal` element names principals
/// (reference_policies_elements_principal.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalRef {
    /// An IAM user, role session, federated user session or account root.
    Aws {
        /// The caller's own ARN: `…:user/alice`, `…:assumed-role/r/session`, `…:root`.
        arn: String,
        /// 12-digit account ID; `"123456789012"` and `arn:aws:iam::123456789012:root` in a policy
        /// name the whole account.
        account_id: String,
        /// For a role session, the role's ARN: a policy naming the role covers its sessions,
        /// but (unlike naming the session) stays limited by boundaries and session policies.
        role_arn: Option<String>,
    },
    /// An AWS service, e.g. `ec2.amazonaws.com`.
    Service(String),
    /// A SAML or OIDC provider, e.g. `cognito-identity.amazonaws.com` or a provider ARN.
    Federated(String),
    CanonicalUser(String),
    /// An unauthenticated caller: only `"Principal": "*"` matches it.
    Anonymous,
}

/// One request to authorize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    /// `service:Action`, e.g. `iam:CreateUser`; matched case-insensitively.
    pub action: String,
    /// The resource ARN (or `*` for actions without a resource); matched case-sensitively.
    pub resource: String,
    /// Needed only when resource-based policies are evaluated.
    pub principal: Option<PrincipalRef>,
    pub context: ContextKeys,
}

impl RequestContext {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        RequestContext {
            action: action.into(),
            resource: resource.into(),
            principal: None,
            context: ContextKeys::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_replaced() {
        let mut c = ContextKeys::new();
        c.set("aws:UserName", "alice");
        c.set("AWS:username", "bob");
        assert_eq!(c.get("aws:username"), Some(&["bob".to_string()][..]));
        assert_eq!(c.get("Aws:UserName"), Some(&["bob".to_string()][..]));
        assert_eq!(
            c.entry(&Key::new("AWS:USERNAME")).map(|e| e.values().len()),
            Some(1)
        );
        c.set_many("aws:TagKeys", ["a", "b"]);
        c.remove("AWS:USERNAME");
        assert_eq!(c.get("aws:username"), None);
        assert_eq!(c.get("aws:tagkeys").map(<[String]>::len), Some(2));
    }

    #[test]
    fn equality_ignores_insertion_order() {
        let mut a = ContextKeys::new();
        a.set("k1", "v");
        a.set("k2", "w");
        let mut b = ContextKeys::new();
        b.set("K2", "w");
        b.set("k1", "v");
        assert_eq!(a, b);
        b.set("k1", "x");
        assert_ne!(a, b);
    }

    #[test]
    fn typed_values_follow_replacement() {
        let mut c = ContextKeys::new();
        c.set("aws:CurrentTime", "1970-01-01T00:00:01Z");
        let key = Key::new("aws:currenttime");
        assert_eq!(c.entry(&key).and_then(|e| e.date(0)), Some(1_000_000_000));
        c.set("aws:CurrentTime", "1970-01-01T00:00:02Z");
        assert_eq!(c.entry(&key).and_then(|e| e.date(0)), Some(2_000_000_000));
        c.set("aws:SourceIp", "10.0.0.1");
        let ip = c.entry(&Key::new("aws:SourceIp")).and_then(|e| e.cidr(0));
        assert_eq!(ip, Cidr::parse("10.0.0.1"));
        c.set_many("ips", ["x", "10.0.0.2"]);
        let many = c.entry(&Key::new("ips"));
        assert_eq!(many.and_then(|e| e.cidr(0)), None);
        assert_eq!(many.and_then(|e| e.cidr(1)), Cidr::parse("10.0.0.2"));
    }
}
