//! One function per AWS action, named after it. Each takes the authenticated caller and the
//! operation's input structure (`iam_api`, generated from botocore's model) and returns its
//! output structure, or `()` where the model has none.
pub mod access_keys;
pub mod account;
pub mod certificates;
pub mod cloudtrail;
pub mod credential_report;
pub mod federation;
pub mod groups;
pub mod inline_policies;
pub mod instance_profiles;
pub mod last_accessed;
pub mod login_profiles;
pub mod managed_policies;
pub mod mfa;
pub mod oidc_providers;
pub mod outbound_federation;
pub mod passwords;
pub mod policy_attachments;
pub mod roles;
pub mod root_access;
pub mod saml_providers;
pub mod service_credentials;
pub mod service_linked_roles;
pub mod simulate;
pub mod ssh_keys;
pub mod sts;
pub mod users;

use crate::entities::Tag;
use crate::error::{IamError, IamResult};
use serde_json::{Value, json};

pub(crate) use crate::entities::MAX_TAGS;
pub(crate) use crate::paging::{max_items, page};
pub(crate) use iam_partitions::Partition;

/// Tags as the model's `Tag` structures.
pub(crate) fn tags_out(tags: &[Tag]) -> Vec<iam_api::iam::Tag> {
    tags.iter()
        .map(|t| iam_api::iam::Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect()
}

/// The order in which an entity type's List*Tags answers list tags.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TagOrder {
    /// Managed policies: shorter keys first, then by key (AWS-recorded:
    /// test_iam_policies.snapshot.json lists tags created as `abc, b, z, a` as `a, b, z, abc`).
    LengthThenKey,
    /// Every other entity: by key (AWS-recorded: test_iam_users.snapshot.json
    /// test_user_tag_lifecycle lists `Environment, Team`; test_iam_roles `somekey,
    /// someotherkey`; test_iam_account_authorization_details `environment, team`).
    Key,
}

/// Tags in the order AWS lists them, each with the key paging resumes from. A total order, so
/// a marker always moves forward.
pub(crate) fn tags_in_list_order(
    tags: &[Tag],
    order: TagOrder,
) -> std::vec::IntoIter<(String, iam_api::iam::Tag)> {
    let mut out: Vec<(String, iam_api::iam::Tag)> = tags_out(tags)
        .into_iter()
        .map(|t| match order {
            TagOrder::LengthThenKey => (format!("{:03}{}", t.key.chars().count(), t.key), t),
            TagOrder::Key => (t.key.clone(), t),
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter()
}

/// A request's optional `Tags` member.
pub(crate) fn tags_in(tags: Option<Vec<iam_api::iam::Tag>>) -> Vec<Tag> {
    tags.unwrap_or_default()
        .into_iter()
        .map(|t| Tag {
            key: t.key,
            value: t.value,
        })
        .collect()
}

/// How an entity type compares tag keys. AWS: case-insensitively (recorded for roles,
/// `tests/conformance/aws-recorded/iam/test_iam_roles.snapshot.json`
/// `create-role-duplicate-tags-different-case`, `tag-role-duplicate-tags-different-case`), but
/// managed policies keep `a` and `A` as two tags (test_iam_policies.snapshot.json,
/// test_policy_tag_lifecycle `create-with-case-sensitive-tags`, test_policy_tag_operations
/// `list-case-sensitive-tags`, `list-after-untag-lowercase`) and refuse only exact duplicates,
/// with a shorter text (`err-duplicate-keys`, `err-tag-duplicate-keys`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagKeys {
    CaseInsensitive,
    CaseSensitive,
}

impl TagKeys {
    fn same(self, a: &str, b: &str) -> bool {
        match self {
            TagKeys::CaseInsensitive => a.eq_ignore_ascii_case(b),
            TagKeys::CaseSensitive => a == b,
        }
    }

    fn duplicate_message(self) -> &'static str {
        match self {
            TagKeys::CaseInsensitive => {
                "Duplicate tag keys found. Please note that Tag keys are case insensitive."
            }
            TagKeys::CaseSensitive => "Duplicate tag keys found.",
        }
    }
}

/// Merges new tags into existing ones (same key, case-insensitively, replaces), with AWS's checks.
pub(crate) fn merge_tags(existing: &[Tag], new: &[Tag]) -> IamResult<Vec<Tag>> {
    merge_tags_by(TagKeys::CaseInsensitive, existing, new)
}

/// Merges new tags into existing ones (same key by `keys` replaces), with AWS's checks.
pub(crate) fn merge_tags_by(keys: TagKeys, existing: &[Tag], new: &[Tag]) -> IamResult<Vec<Tag>> {
    check_duplicate_tag_keys_by(keys, new)?;
    let mut out = existing.to_vec();
    for t in new {
        match out.iter_mut().find(|e| keys.same(&e.key, &t.key)) {
            Some(e) => *e = t.clone(),
            None => out.push(t.clone()),
        }
    }
    if out.len() > MAX_TAGS {
        return Err(IamError::LimitExceeded(
            "The number of tags has reached the maximum limit.".into(),
        ));
    }
    Ok(out)
}

pub(crate) fn check_duplicate_tag_keys(tags: &[Tag]) -> IamResult<()> {
    check_duplicate_tag_keys_by(TagKeys::CaseInsensitive, tags)
}

pub(crate) fn check_duplicate_tag_keys_by(keys: TagKeys, tags: &[Tag]) -> IamResult<()> {
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|o| keys.same(&o.key, &t.key)) {
            return Err(IamError::InvalidInput(keys.duplicate_message().into()));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(IamError::LimitExceeded(
            "The number of tags has reached the maximum limit.".into(),
        ));
    }
    Ok(())
}

pub(crate) fn remove_tags(existing: &[Tag], keys: &[String]) -> Vec<Tag> {
    remove_tags_by(TagKeys::CaseInsensitive, existing, keys)
}

pub(crate) fn remove_tags_by(by: TagKeys, existing: &[Tag], keys: &[String]) -> Vec<Tag> {
    existing
        .iter()
        .filter(|t| !keys.iter().any(|k| by.same(k, &t.key)))
        .cloned()
        .collect()
}

pub(crate) fn path_or_root(p: Option<&str>) -> String {
    p.unwrap_or("/").to_string()
}
