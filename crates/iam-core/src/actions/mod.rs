//! One function per AWS action, named after it. Each takes the authenticated caller and the
//! operation's input structure (`iam_api`, generated from botocore's model) and returns its
//! output structure, or `()` where the model has none.
pub mod access_keys;
pub mod account;
pub mod certificates;
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

/// Tags as the model's `Tag` structures.
pub(crate) fn tags_out(tags: &[Tag]) -> Vec<iam_api::iam::Tag> {
    tags.iter()
        .map(|t| iam_api::iam::Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect()
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

/// Merges new tags into existing ones (same key, case-insensitively, replaces), with AWS's checks.
pub(crate) fn merge_tags(existing: &[Tag], new: &[Tag]) -> IamResult<Vec<Tag>> {
    check_duplicate_tag_keys(new)?;
    let mut out = existing.to_vec();
    for t in new {
        match out.iter_mut().find(|e| e.key.eq_ignore_ascii_case(&t.key)) {
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
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|o| o.key.eq_ignore_ascii_case(&t.key)) {
            return Err(IamError::InvalidInput(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.".into(),
            ));
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
    existing
        .iter()
        .filter(|t| !keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key)))
        .cloned()
        .collect()
}

pub(crate) fn path_or_root(p: Option<&str>) -> String {
    p.unwrap_or("/").to_string()
}
