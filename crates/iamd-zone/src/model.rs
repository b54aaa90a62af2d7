//! One account's IAM as plan compares it: the desired state (from the spec) and the live state
//! (read through the IAM API) have the same shape.
use crate::spec::PasswordPolicy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default)]
pub struct AccountModel {
    pub users: BTreeMap<String, UserModel>,
    pub groups: BTreeMap<String, GroupModel>,
    pub roles: BTreeMap<String, RoleModel>,
    /// Customer managed policies by name.
    pub policies: BTreeMap<String, PolicyModel>,
    /// Desired: `None` = not managed. Live: `None` = no policy set.
    pub password_policy: Option<PasswordPolicy>,
}

#[derive(Debug, Clone, Default)]
pub struct UserModel {
    pub groups: BTreeSet<String>,
    pub attached: BTreeSet<String>,
    pub inline: BTreeMap<String, Value>,
    pub tags: BTreeMap<String, String>,
    pub console: bool,
    pub password_reset_required: bool,
    pub boundary: Option<String>,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct GroupModel {
    pub path: String,
    pub attached: BTreeSet<String>,
    pub inline: BTreeMap<String, Value>,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RoleModel {
    pub path: String,
    pub trust: Value,
    pub attached: BTreeSet<String>,
    pub inline: BTreeMap<String, Value>,
    pub boundary: Option<String>,
    pub max_session: i32,
    pub description: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PolicyModel {
    pub arn: String,
    pub document: Value,
    pub description: Option<String>,
    /// Live: the non-default versions (deleted before a sixth version would be created).
    pub old_versions: Vec<String>,
    pub tags: BTreeMap<String, String>,
}

impl AccountModel {
    pub fn is_managed_user(&self, name: &str) -> bool {
        self.users
            .get(name)
            .is_some_and(|u| crate::is_managed(&u.tags))
    }
}
