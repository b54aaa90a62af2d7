//! Managed policies, their versions and tags: CreatePolicy … ListPolicyTags (IAM User Guide:
//! access_policies_managed-versioning). Attachments are in `policy_attachments.rs`.
use super::*;
use crate::catalog::Catalog;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam};
use crate::state::{AccountState, State, compiled_key_managed};
use iam_api::iam as api;

const MAX_VERSIONS: usize = 5;

/// A count as the model's integer (counts of entities never come near its limit).
fn model_count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Which answer a managed policy is shaped for: AWS shows different members in each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PolicyView {
    /// CreatePolicy: without the description, with the tags only when it was given some.
    Created,
    /// GetPolicy: with the description, and the tags even when there are none (an empty list).
    Got,
    /// ListPolicies: neither.
    Listed,
}

/// A managed policy as the model's `Policy`, shaped for `view` (AWS-recorded: test_iam_policies
/// `test_policy_tag_lifecycle`: "create-with-tags" has no Description, "get-with-tags" has it;
/// `test_policy_lifecycle` "get-policy-response" has `"Tags": []`, "create-policy-response" none).
fn policy_shape(p: &ManagedPolicy, acct: &AccountState, view: PolicyView) -> api::Policy {
    let arn = p.arn();
    api::Policy {
        policy_name: Some(p.name.clone()),
        policy_id: Some(p.id.clone()),
        path: Some(p.path.clone()),
        default_version_id: Some(p.default_version.clone()),
        attachment_count: Some(model_count(acct.attachment_count(&arn))),
        permissions_boundary_usage_count: Some(model_count(
            acct.boundary_usage.get(&arn).copied().unwrap_or(0),
        )),
        is_attachable: Some(true),
        description: (view == PolicyView::Got)
            .then(|| p.description.clone())
            .flatten(),
        create_date: Some(iso8601(p.create_date)),
        update_date: Some(iso8601(p.update_date)),
        tags: match view {
            PolicyView::Created => (!p.tags.is_empty()).then(|| tags_out(&p.tags)),
            PolicyView::Got => Some(tags_out(&p.tags)),
            PolicyView::Listed => None,
        },
        arn: Some(arn),
    }
}

/// A policy version as the model's `PolicyVersion`, its document (URL-encoded) only when
/// `with_document` (GetPolicyVersion).
fn version_shape(v: &PolicyVersion, default: &str, with_document: bool) -> api::PolicyVersion {
    api::PolicyVersion {
        document: with_document.then(|| url_encode_document(&v.document)),
        version_id: Some(v.version_id.clone()),
        is_default_version: Some(v.version_id == default),
        create_date: Some(iso8601(v.create_date)),
    }
}

/// A managed policy visible to the caller's account: its own, or AWS's catalogue.
pub(crate) fn resolve_policy<'a>(acct: &'a AccountState, arn: &str) -> Option<&'a ManagedPolicy> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        Catalog::get().by_arn(arn)
    } else {
        acct.policy_by_arn(arn)
    }
}

/// What a request changes in a managed policy, for AWS's refusal of an AWS-managed one.
#[derive(Clone, Copy)]
enum PolicyChange {
    Delete,
    DeleteVersion,
    Update,
}

/// The caller's own managed policy `arn`, or AWS's refusal: AccessDenied (403) for an
/// AWS-managed policy (recorded: test_iam_managed_policies.snapshot.json,
/// test_aws_managed_policy_errors), `missing` for a policy that does not exist.
fn own_policy<'a>(
    acct: &'a AccountState,
    arn: &str,
    change: PolicyChange,
    missing: impl FnOnce() -> IamError,
) -> IamResult<&'a ManagedPolicy> {
    if arn.starts_with("arn:aws:iam::aws:policy/") {
        return Err(IamError::AccessDenied(
            match change {
                PolicyChange::Delete => "Cannot delete policies outside your own account.",
                PolicyChange::DeleteVersion => {
                    "Cannot delete policy versions for policies outside your own account."
                }
                PolicyChange::Update => "Cannot update policies outside your own account.",
            }
            .to_owned(),
        ));
    }
    acct.policy_by_arn(arn).ok_or_else(missing)
}

/// AWS's NoSuchEntity for a version of a policy, whether the policy or the version is missing
/// (recorded: test_iam_policies.snapshot.json, test_policy_version_errors).
fn no_such_version(arn: &str, vid: &str) -> IamError {
    IamError::NoSuchEntity(format!(
        "Policy {arn} version {vid} does not exist or is not attachable."
    ))
}

/// Whether `arn` has the form of a managed policy's ARN (AWS's or an account's).
fn is_policy_arn(arn: &str) -> bool {
    arn.strip_prefix("arn:aws:iam::")
        .and_then(|r| r.split_once(":policy/"))
        .is_some_and(|(acct, name)| {
            (acct == "aws" || (acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit())))
                && !name.is_empty()
        })
}

/// AWS refuses an ARN that is not a policy ARN before looking anything up, with a
/// ValidationError (recorded: Attach{User,Role}Policy with `longpolicynamebutnoarn` or a policy's
/// name, `tests/conformance/aws-recorded/iam/test_iam.snapshot.json`
/// `non_existent_malformed_policy_arn`, `existing_policy_name_provided`, and
/// test_iam_roles.snapshot.json `non-existent-malformed-policy-arn`). A permissions boundary
/// gets the same text as InvalidInput (`check_boundary_policy`).
pub(crate) fn check_policy_arn(arn: &str) -> IamResult<()> {
    if is_policy_arn(arn) {
        Ok(())
    } else {
        Err(IamError::ValidationError(format!(
            "ARN {arn} is not valid."
        )))
    }
}

impl Iam {
    pub(crate) fn check_boundary_policy(
        &self,
        state: &State,
        caller: &Caller,
        arn: &str,
    ) -> IamResult<()> {
        let acct = Iam::account_of(state, caller)?;
        // Recorded: test_iam_roles.snapshot.json, test_role_permissions_boundary_errors
        // (`put-invalid-boundary-error`, `put-nonexistent-policy-error`).
        if !is_policy_arn(arn) {
            return Err(IamError::invalid_input(format!("ARN {arn} is not valid.")));
        }
        if resolve_policy(acct, arn).is_none() {
            return Err(IamError::NoSuchEntity(format!(
                "Scope ARN: {arn} does not exist or is not attachable."
            )));
        }
        Ok(())
    }

    pub async fn create_policy(
        &self,
        caller: &Caller,
        input: api::CreatePolicyRequest,
    ) -> IamResult<api::CreatePolicyResponse> {
        let name = input.policy_name;
        let path = path_or_root(input.path.as_deref());
        let document = input.policy_document;
        let compiled = validate_document(&document, PolicyLimit::Managed, &name)?;
        let description = input.description;
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys_by(TagKeys::CaseSensitive, &tags)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.policy_names.contains_key(&name.to_lowercase()) {
                return Err(IamError::EntityAlreadyExists(format!(
                    "A policy called {name} already exists. Duplicate names are not allowed."
                )));
            }
            if acct.policies.len() >= self.quotas.policies_per_account {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for PoliciesPerAccount: {}",
                    self.quotas.policies_per_account
                )));
            }
            let t = now();
            let policy = ManagedPolicy {
                id: new_id(IdKind::Policy),
                account_id: Some(caller.account_id.clone()),
                name,
                path,
                description,
                create_date: t,
                update_date: t,
                default_version: "v1".into(),
                versions: vec![PolicyVersion {
                    version_id: "v1".into(),
                    document,
                    create_date: t,
                }],
                next_version: 2,
                tags,
            };
            let out = api::CreatePolicyResponse {
                policy: Some(policy_shape(&policy, acct, PolicyView::Created)),
            };
            acct.compiled
                .insert(compiled_key_managed(&policy.id), compiled);
            acct.put_policy(tx, policy);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy(
        &self,
        caller: &Caller,
        input: api::GetPolicyRequest,
    ) -> IamResult<api::GetPolicyResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            Ok(api::GetPolicyResponse {
                policy: Some(policy_shape(p, acct, PolicyView::Got)),
            })
        })
    }

    pub async fn delete_policy(
        &self,
        caller: &Caller,
        input: api::DeletePolicyRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let p = own_policy(acct, &arn, PolicyChange::Delete, || {
                IamError::no_such_policy(&arn)
            })?;
            if acct.attachment_count(&arn) > 0 || acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0 {
                return Err(IamError::DeleteConflict("Cannot delete a policy attached to entities.".into()));
            }
            if p.versions.len() > 1 {
                return Err(IamError::DeleteConflict(
                    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.".into(),
                ));
            }
            let id = p.id.clone();
            acct.delete_policy(tx, &id);
            Ok(())
        })
        .await
    }

    pub async fn list_policies(
        &self,
        caller: &Caller,
        input: api::ListPoliciesRequest,
    ) -> IamResult<api::ListPoliciesResponse> {
        let scope = input.scope.as_deref().unwrap_or("All");
        let only_attached = input.only_attached.unwrap_or(false);
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        let usage = input.policy_usage_filter.as_deref();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let keep = |p: &ManagedPolicy| {
                let arn = p.arn();
                p.path.starts_with(prefix)
                    && match (only_attached, usage) {
                        (false, _) => true,
                        (true, Some("PermissionsBoundary")) => {
                            acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0
                        }
                        (true, Some("PermissionsPolicy")) => acct.attachment_count(&arn) > 0,
                        (true, _) => {
                            acct.attachment_count(&arn) > 0
                                || acct.boundary_usage.get(&arn).copied().unwrap_or(0) > 0
                        }
                    }
            };
            // The account's own policies first, then AWS's in creation order (AWS-recorded:
            // test_iam_policies.snapshot.json `test_policy_lifecycle`: a new policy is on the
            // first page of an unfiltered ListPolicies; the catalogue's order: `Catalog`).
            let local = acct
                .policy_names
                .iter()
                .filter(|_| scope != "AWS")
                .filter_map(|(k, id)| acct.policies.get(id).map(|p| (k, p)))
                .filter(|(_, p)| keep(p))
                .map(|(k, p)| (format!("0:{k}"), p));
            let aws = Catalog::get()
                .policies
                .iter()
                .enumerate()
                .filter(|_| scope != "Local")
                .filter(|(_, p)| keep(p))
                .map(|(i, p)| (format!("1:{i:06}"), p));
            let items = local
                .chain(aws)
                .map(|(k, p)| (k, policy_shape(p, acct, PolicyView::Listed)));
            let (policies, next) =
                page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListPoliciesResponse {
                policies: Some(policies),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn create_policy_version(
        &self,
        caller: &Caller,
        input: api::CreatePolicyVersionRequest,
    ) -> IamResult<api::CreatePolicyVersionResponse> {
        let arn = input.policy_arn;
        let document = input.policy_document;
        let set_default = input.set_as_default.unwrap_or(false);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn, PolicyChange::Update, || IamError::no_such_policy(&arn))?.clone();
            let compiled = validate_document(&document, PolicyLimit::Managed, &p.name)?;
            if p.versions.len() >= MAX_VERSIONS {
                return Err(IamError::LimitExceeded(
                    "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.".into(),
                ));
            }
            let t = now();
            let v = PolicyVersion {
                version_id: format!("v{}", p.next_version),
                document,
                create_date: t,
            };
            p.next_version += 1;
            if set_default {
                p.default_version = v.version_id.clone();
                p.update_date = t;
                acct.compiled.insert(compiled_key_managed(&p.id), compiled);
            }
            let out = api::CreatePolicyVersionResponse {
                policy_version: Some(version_shape(&v, &p.default_version, false)),
            };
            p.versions.push(v);
            acct.put_policy(tx, p);
            Ok(out)
        })
        .await
    }

    pub async fn get_policy_version(
        &self,
        caller: &Caller,
        input: api::GetPolicyVersionRequest,
    ) -> IamResult<api::GetPolicyVersionResponse> {
        let arn = input.policy_arn.as_str();
        let vid = input.version_id.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| no_such_version(arn, vid))?;
            let v = p
                .versions
                .iter()
                .find(|v| v.version_id == vid)
                .ok_or_else(|| no_such_version(arn, vid))?;
            Ok(api::GetPolicyVersionResponse {
                policy_version: Some(version_shape(v, &p.default_version, true)),
            })
        })
    }

    pub async fn list_policy_versions(
        &self,
        caller: &Caller,
        input: api::ListPolicyVersionsRequest,
    ) -> IamResult<api::ListPolicyVersionsResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            // Newest first, as AWS lists them.
            let items = p.versions.iter().rev().enumerate().map(|(i, v)| {
                (
                    format!("{i:04}"),
                    version_shape(v, &p.default_version, false),
                )
            });
            let (versions, next) =
                page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListPolicyVersionsResponse {
                versions: Some(versions),
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn delete_policy_version(
        &self,
        caller: &Caller,
        input: api::DeletePolicyVersionRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let vid = input.version_id;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn, PolicyChange::DeleteVersion, || {
                no_such_version(&arn, &vid)
            })?
            .clone();
            let idx = p
                .versions
                .iter()
                .position(|v| v.version_id == vid)
                .ok_or_else(|| no_such_version(&arn, &vid))?;
            if p.default_version == vid {
                return Err(IamError::DeleteConflict(
                    "Cannot delete the default version of a policy.".into(),
                ));
            }
            p.versions.remove(idx);
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn set_default_policy_version(
        &self,
        caller: &Caller,
        input: api::SetDefaultPolicyVersionRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let vid = input.version_id;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn, PolicyChange::Update, || {
                no_such_version(&arn, &vid)
            })?
            .clone();
            if !p.versions.iter().any(|v| v.version_id == vid) {
                return Err(no_such_version(&arn, &vid));
            }
            p.default_version = vid;
            p.update_date = now();
            if let Some(c) = crate::policy_docs::compile_stored(p.default_document()) {
                acct.compiled.insert(compiled_key_managed(&p.id), c);
            }
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn tag_policy(&self, caller: &Caller, input: api::TagPolicyRequest) -> IamResult<()> {
        let arn = input.policy_arn;
        let tags = tags_in(Some(input.tags));
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn, PolicyChange::Update, || {
                IamError::no_such_policy(&arn)
            })?
            .clone();
            p.tags = merge_tags_by(TagKeys::CaseSensitive, &p.tags, &tags)?;
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn untag_policy(
        &self,
        caller: &Caller,
        input: api::UntagPolicyRequest,
    ) -> IamResult<()> {
        let arn = input.policy_arn;
        let keys = input.tag_keys;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = own_policy(acct, &arn, PolicyChange::Update, || {
                IamError::no_such_policy(&arn)
            })?
            .clone();
            p.tags = remove_tags_by(TagKeys::CaseSensitive, &p.tags, &keys);
            acct.put_policy(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn list_policy_tags(
        &self,
        caller: &Caller,
        input: api::ListPolicyTagsRequest,
    ) -> IamResult<api::ListPolicyTagsResponse> {
        let arn = input.policy_arn.as_str();
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let p = resolve_policy(acct, arn).ok_or_else(|| IamError::no_such_policy(arn))?;
            let items = tags_in_list_order(&p.tags, TagOrder::LengthThenKey);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListPolicyTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
