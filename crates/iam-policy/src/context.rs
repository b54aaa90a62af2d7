//! The request context a decision is made for: action, resource, principal and condition keys;
//! IAM User Guide reference_policies_evaluation-logic.md ("Processing the request context").

use std::collections::HashMap;

/// Condition keys of a request. Key names are case-insensitive (AWS); each key has one value or,
/// for multivalued keys such as `aws:TagKeys`, several.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextKeys {
    // INVARIANT (lowercase-keys): every key is stored lowercased; `get_lowercase` relies on it.
    values: HashMap<String, Vec<String>>,
}

impl ContextKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a single-valued key, replacing any earlier value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.values.insert(key.to_lowercase(), vec![value.into()]);
    }

    /// Sets a multivalued key (an empty list is present-but-empty, which `ForAllValues` treats
    /// like a missing key).
    pub fn set_many<I, S>(&mut self, key: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.values.insert(
            key.to_lowercase(),
            values.into_iter().map(Into::into).collect(),
        );
    }

    pub fn remove(&mut self, key: &str) {
        self.values.remove(&key.to_lowercase());
    }

    /// The values of `key`, matched case-insensitively.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            self.get_lowercase(&key.to_lowercase())
        } else {
            self.get_lowercase(key)
        }
    }

    /// Lookup with a key already lowercased (policies lowercase theirs at parse time).
    pub(crate) fn get_lowercase(&self, key: &str) -> Option<&[String]> {
        self.values.get(key).map(Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
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
