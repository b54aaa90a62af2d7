//! The request context a decision is made for: action, resource, principal and condition keys;
//! IAM User Guide reference_policies_evaluation-logic.md ("Processing the request context").

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

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

/// A condition key name known when compiling (`aws:CurrentTime`, …), lowercased and hashed at
/// compile time: setting it costs no allocation or hashing for the name.
#[derive(Debug, Clone, Copy)]
pub struct StaticKey {
    text: &'static str,
    hash: u64,
}

impl StaticKey {
    /// `name` as AWS spells it; it is lowercased here, at compile time when used in a `const`.
    pub const fn new(name: &'static str) -> Self {
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // The lowercase form must be the text itself to be borrowed: require it.
            assert!(
                !bytes[i].is_ascii_uppercase(),
                "StaticKey names are written in lowercase"
            );
            i += 1;
        }
        StaticKey {
            text: name,
            hash: fnv1a(bytes),
        }
    }
}

/// FNV-1a, 64 bits: keys are short and come from the request's own caller-side code or from
/// policies, and a collision only costs a string compare, so a keyed hash buys nothing here.
pub(crate) const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// One key of a request with its values, and their typed readings parsed on first use (a
/// decision may compare `aws:CurrentTime` or `aws:SourceIp` in many statements).
#[derive(Clone)]
pub(crate) struct ContextEntry {
    key: Cow<'static, str>,
    values: Values,
    date: OnceLock<Option<Instant>>,
    cidr: OnceLock<Option<Cidr>>,
}

/// Almost every key has one value: keeping it inline saves an allocation per key per request.
#[derive(Clone)]
enum Values {
    One([String; 1]),
    Many(Vec<String>),
}

impl Values {
    fn as_slice(&self) -> &[String] {
        match self {
            Values::One(one) => one,
            Values::Many(many) => many,
        }
    }
}

impl ContextEntry {
    fn new(key: Cow<'static, str>, values: Values) -> Self {
        ContextEntry {
            key,
            values,
            date: OnceLock::new(),
            cidr: OnceLock::new(),
        }
    }

    pub(crate) fn values(&self) -> &[String] {
        self.values.as_slice()
    }

    /// `values()[i]` as a `Date*` operand; `None` when it is not a date.
    pub(crate) fn date(&self, i: usize) -> Option<Instant> {
        match self.values() {
            [one] => *self.date.get_or_init(|| date::parse(one)),
            many => many.get(i).and_then(|v| date::parse(v)),
        }
    }

    /// `values()[i]` as an `IpAddress` operand; `None` when it is not an address.
    pub(crate) fn cidr(&self, i: usize) -> Option<Cidr> {
        match self.values() {
            [one] => *self.cidr.get_or_init(|| Cidr::parse(one)),
            many => many.get(i).and_then(|v| Cidr::parse(v)),
        }
    }
}

/// Room reserved for the keys of one request (global keys, principal keys, action keys).
const REQUEST_KEYS: usize = 8;

/// Condition keys of a request. Key names are case-insensitive (AWS); each key has one value or,
/// for multivalued keys such as `aws:TagKeys`, several.
///
/// A context may sit on a shared `base` (`with_base`): keys that describe the caller and change
/// only when the caller does (aws:username, aws:PrincipalArn, principal tags…) are built once and
/// shared by all of its requests; a key set on the context itself hides the base's.
#[derive(Clone, Default)]
pub struct ContextKeys {
    // INVARIANT (lowercase-keys): every key is stored lowercased, and `hashes[i]` is the
    // `fnv1a` of `entries[i].key`; `entry` relies on both.
    hashes: Vec<u64>,
    entries: Vec<ContextEntry>,
    base: Option<Arc<ContextKeys>>,
}

impl ContextKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty context whose lookups fall back to `base`, with room for a request's keys.
    pub fn with_base(base: Arc<ContextKeys>) -> Self {
        ContextKeys {
            hashes: Vec::with_capacity(REQUEST_KEYS),
            entries: Vec::with_capacity(REQUEST_KEYS),
            base: Some(base),
        }
    }

    /// An empty context with room for a request's keys.
    pub fn for_request() -> Self {
        ContextKeys {
            hashes: Vec::with_capacity(REQUEST_KEYS),
            entries: Vec::with_capacity(REQUEST_KEYS),
            base: None,
        }
    }

    /// Sets a single-valued key, replacing any earlier value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, Values::One([value.into()]));
    }

    /// `set` for a key named at compile time.
    pub fn set_static(&mut self, key: StaticKey, value: impl Into<String>) {
        self.insert_key(
            Cow::Borrowed(key.text),
            key.hash,
            Values::One([value.into()]),
        );
    }

    /// Sets a multivalued key (an empty list is present-but-empty, which `ForAllValues` treats
    /// like a missing key).
    pub fn set_many<I, S>(&mut self, key: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.insert(
            key,
            Values::Many(values.into_iter().map(Into::into).collect()),
        );
    }

    fn insert(&mut self, key: &str, values: Values) {
        let key = Key::new(key);
        self.insert_key(Cow::Owned(key.text), key.hash, values);
    }

    fn insert_key(&mut self, key: Cow<'static, str>, hash: u64, values: Values) {
        match self.position(&key, hash) {
            Some(i) => self.entries[i] = ContextEntry::new(key, values),
            None => {
                self.hashes.push(hash);
                self.entries.push(ContextEntry::new(key, values));
            }
        }
    }

    pub fn remove(&mut self, key: &str) {
        let key = Key::new(key);
        if self
            .base
            .as_ref()
            .is_some_and(|b| b.find(&key.text, key.hash).is_some())
        {
            // A base is shared: copy its keys in before removing one of them.
            self.flatten();
        }
        if let Some(i) = self.position(&key.text, key.hash) {
            self.hashes.swap_remove(i);
            self.entries.swap_remove(i);
        }
    }

    /// Moves the base's keys (those not hidden) into this context and drops the base.
    fn flatten(&mut self) {
        if let Some(base) = self.base.take() {
            for e in base.iter() {
                let hash = fnv1a(e.key.as_bytes());
                if self.position(&e.key, hash).is_none() {
                    self.hashes.push(hash);
                    self.entries.push(e.clone());
                }
            }
        }
    }

    /// Every visible entry: this context's, then the base's it does not hide.
    fn iter(&self) -> impl Iterator<Item = &ContextEntry> {
        let base = self.base.iter().flat_map(|b| b.iter_boxed());
        self.entries
            .iter()
            .chain(base.filter(|e| self.position(&e.key, fnv1a(e.key.as_bytes())).is_none()))
    }

    fn iter_boxed(&self) -> Box<dyn Iterator<Item = &ContextEntry> + '_> {
        Box::new(self.iter())
    }

    /// The values of `key`, matched case-insensitively.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        let found = if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            let key = key.to_lowercase();
            self.find(&key, fnv1a(key.as_bytes()))
        } else {
            self.find(key, fnv1a(key.as_bytes()))
        };
        found.map(ContextEntry::values)
    }

    /// Lookup with a key compiled from a policy.
    pub(crate) fn entry(&self, key: &Key) -> Option<&ContextEntry> {
        self.find(&key.text, key.hash)
    }

    /// The entry of the lowercased `key` here or, failing that, in the base.
    fn find(&self, key: &str, hash: u64) -> Option<&ContextEntry> {
        match self.position(key, hash) {
            Some(i) => Some(&self.entries[i]),
            None => self.base.as_ref().and_then(|b| b.find(key, hash)),
        }
    }

    /// Where the lowercased `key`, whose `fnv1a` is `hash`, is stored in this context itself.
    fn position(&self, key: &str, hash: u64) -> Option<usize> {
        // Requests carry a few dozen keys at most: a scan of hashes beats hashing into a map.
        self.hashes
            .iter()
            .enumerate()
            .find(|&(i, &h)| h == hash && bytes_eq(self.entries[i].key.as_bytes(), key.as_bytes()))
            .map(|(i, _)| i)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.base.as_ref().is_none_or(|b| b.is_empty())
    }
}

/// Equal when they hold the same keys with the same values, in whatever order (or layer) they
/// were set.
impl PartialEq for ContextKeys {
    fn eq(&self, other: &Self) -> bool {
        self.iter().count() == other.iter().count()
            && self.iter().all(|e| {
                other
                    .find(&e.key, fnv1a(e.key.as_bytes()))
                    .is_some_and(|o| o.values() == e.values())
            })
    }
}

impl Eq for ContextKeys {}

impl fmt::Debug for ContextKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|e| (&e.key, e.values())))
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
    /// `service:Action`, e.g. `iam:CreateUser`; matched case-insensitively. Usually a
    /// `&'static str` from an operations table, hence the `Cow`.
    pub action: Cow<'static, str>,
    /// The resource ARN (or `*` for actions without a resource); matched case-sensitively.
    pub resource: String,
    /// Needed only when resource-based policies are evaluated.
    pub principal: Option<PrincipalRef>,
    pub context: ContextKeys,
}

impl RequestContext {
    pub fn new(action: impl Into<Cow<'static, str>>, resource: impl Into<String>) -> Self {
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

    #[test]
    fn base_keys_are_visible_and_hidden_by_own_keys() {
        let mut base = ContextKeys::new();
        base.set("aws:username", "alice");
        base.set("aws:PrincipalTag/team", "a");
        let base = Arc::new(base);
        let mut c = ContextKeys::with_base(base.clone());
        assert!(!c.is_empty());
        assert_eq!(c.get("AWS:UserName"), Some(&["alice".to_string()][..]));
        c.set("aws:principaltag/TEAM", "b");
        assert_eq!(c.get("aws:PrincipalTag/team"), Some(&["b".to_string()][..]));
        assert_eq!(
            base.get("aws:PrincipalTag/team"),
            Some(&["a".to_string()][..])
        );
        let mut flat = ContextKeys::new();
        flat.set("aws:PrincipalTag/team", "b");
        flat.set_many("aws:username", ["alice"]);
        assert_eq!(c, flat);
        assert_eq!(
            format!("{c:?}"),
            format!("{:?}", {
                let mut d = ContextKeys::new();
                d.set("aws:principaltag/team", "b");
                d.set("aws:username", "alice");
                d
            })
        );
        c.remove("aws:username");
        assert_eq!(c.get("aws:username"), None);
        assert_eq!(base.get("aws:username").map(<[String]>::len), Some(1));
        assert_eq!(c.get("aws:principaltag/team"), Some(&["b".to_string()][..]));
    }
}
