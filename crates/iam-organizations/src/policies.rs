//! Organizations policies: Enable/DisablePolicyType, Create/Describe/Update/Delete/ListPolicies,
//! Attach/DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy, and Tag/Untag/
//! ListTagsForResource (User Guide: orgs_manage_policies_scps, orgs_manage_policies_attach,
//! orgs_tagging). Only SERVICE_CONTROL_POLICY is implemented. Each SCP is compiled once when
//! written and kept in `OrgState::compiled` for authorization.
use crate::accounts::{
    account_arn, managed, managed_mut, org_tags, page_of, random_lower, root_arn, root_shape,
    tag_shape, unit_arn,
};
use iam_api::organizations as api;
use iam_core::entities::MAX_TAGS;
use iam_core::entities::Tag;
use iam_core::error::{IamError, IamResult};
use iam_core::organizations::*;
use iam_core::service::{Caller, Iam};
use iam_core::state::Tx;
use iam_policy::{PolicyError, PolicyKind, parse_policy, size_without_whitespace};
use std::sync::Arc;

/// SCP documents are limited to 5,120 characters (Organizations quotas).
const MAX_SCP_SIZE: usize = 5120;

fn policy_not_found() -> OrgError {
    OrgError::PolicyNotFound("We can't find a policy with the PolicyId that you specified.".into())
}

fn target_not_found() -> OrgError {
    OrgError::TargetNotFound(
        "We can't find a root, OU, account, or policy with the TargetId that you specified.".into(),
    )
}

fn root_not_found() -> OrgError {
    OrgError::RootNotFound("We can't find a root with the RootId that you specified.".into())
}

fn check_type(t: &str) -> Result<(), OrgError> {
    match t {
        SCP => Ok(()),
        "TAG_POLICY" | "BACKUP_POLICY" | "AISERVICES_OPT_OUT_POLICY" | "CHATBOT_POLICY"
        | "DECLARATIVE_POLICY_EC2" | "RESOURCE_CONTROL_POLICY" => {
            Err(OrgError::PolicyTypeNotAvailableForOrganization(
                "You can't use the specified policy type with the feature set currently enabled for this organization."
                    .into(),
            ))
        }
        _ => Err(OrgError::InvalidInput(
            "You specified an invalid value for PolicyType.".into(),
        )),
    }
}

/// Validates an SCP document: size, then the policy grammar (SCPs are identity-style: no
/// Principal) — User Guide: orgs_manage_policies_scps_syntax.
fn compile_content(content: &str) -> Result<Arc<iam_policy::Policy>, OrgError> {
    if size_without_whitespace(content) > MAX_SCP_SIZE {
        return Err(OrgError::ConstraintViolation(
            "You provided policy content that exceeds the maximum allowed size.".into(),
        ));
    }
    match parse_policy(content, PolicyKind::Identity) {
        Ok(p) => Ok(Arc::new(p)),
        Err(PolicyError::Malformed(m)) => Err(OrgError::MalformedPolicyDocument(format!(
            "The provided policy document does not meet the requirements of the specified policy type: {m}"
        ))),
    }
}

fn policy_arn(o: &OrgState, p: &ScpRecord) -> String {
    if p.aws_managed {
        format!(
            "arn:{}:organizations::aws:policy/service_control_policy/{}",
            o.partition, p.id
        )
    } else {
        o.arn(&format!(
            "policy/{}/service_control_policy/{}",
            o.org.id, p.id
        ))
    }
}

fn summary_shape(o: &OrgState, p: &ScpRecord) -> api::PolicySummary {
    api::PolicySummary {
        id: Some(p.id.clone()),
        arn: Some(policy_arn(o, p)),
        name: Some(p.name.clone()),
        description: Some(p.description.clone()),
        r#type: Some(SCP.into()),
        aws_managed: Some(p.aws_managed),
    }
}

fn policy_shape(o: &OrgState, p: &ScpRecord) -> api::Policy {
    api::Policy {
        policy_summary: Some(summary_shape(o, p)),
        content: Some(p.content.clone()),
    }
}

fn target_exists(o: &OrgState, id: &str) -> bool {
    o.is_parent(id) || o.accounts.contains_key(id)
}

/// Puts an updated policy (record and memory), recompiling nothing: its content is unchanged.
fn store_policy(o: &mut OrgState, tx: &mut Tx, p: ScpRecord) {
    let Some(compiled) = o.compiled.get(&p.id).cloned() else {
        return;
    };
    o.put_policy(tx, p, compiled);
}

pub async fn enable_policy_type(
    iam: &Iam,
    caller: &Caller,
    input: api::EnablePolicyTypeRequest,
) -> IamResult<api::EnablePolicyTypeResponse> {
    let root = input.root_id;
    check_type(&input.policy_type)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if o.org.root_id != root {
            return Err(root_not_found().into());
        }
        if o.org.feature_set != "ALL" {
            return Err(OrgError::PolicyTypeNotAvailableForOrganization(
                "You can't use the specified policy type with the feature set currently enabled for this organization."
                    .into(),
            )
            .into());
        }
        if o.org.scp_enabled {
            return Err(OrgError::PolicyTypeAlreadyEnabled(
                "The specified policy type is already enabled.".into(),
            )
            .into());
        }
        o.update_org(tx, |org| org.scp_enabled = true);
        // Enabling SCPs attaches FullAWSAccess to the root, every OU and every account, so
        // nothing is denied until a restricting SCP is attached (orgs_manage_policies_scps).
        if let Some(mut full) = o.policies.get(FULL_AWS_ACCESS_ID).cloned() {
            full.targets.insert(o.org.root_id.clone());
            full.targets.extend(o.units.keys().cloned());
            full.targets.extend(o.accounts.keys().cloned());
            store_policy(o, tx, full);
        }
        Ok(api::EnablePolicyTypeResponse {
            root: Some(root_shape(o)),
        })
    })
    .await
}

pub async fn disable_policy_type(
    iam: &Iam,
    caller: &Caller,
    input: api::DisablePolicyTypeRequest,
) -> IamResult<api::DisablePolicyTypeResponse> {
    let root = input.root_id;
    check_type(&input.policy_type)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if o.org.root_id != root {
            return Err(root_not_found().into());
        }
        if !o.org.scp_enabled {
            return Err(OrgError::PolicyTypeNotEnabled(
                "This operation can be performed only for enabled policy types.".into(),
            )
            .into());
        }
        o.update_org(tx, |org| org.scp_enabled = false);
        // Disabling a policy type detaches every policy of that type from every target.
        let attached: Vec<ScpRecord> = o
            .policies
            .values()
            .filter(|p| !p.targets.is_empty())
            .cloned()
            .collect();
        for mut p in attached {
            p.targets.clear();
            store_policy(o, tx, p);
        }
        Ok(api::DisablePolicyTypeResponse {
            root: Some(root_shape(o)),
        })
    })
    .await
}

pub async fn create_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::CreatePolicyRequest,
) -> IamResult<api::CreatePolicyResponse> {
    let content = input.content;
    let description = input.description;
    let name = input.name;
    check_type(&input.r#type)?;
    if name.is_empty() || name.chars().count() > 128 {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    let tags = org_tags(input.tags)?;
    let compiled = compile_content(&content)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if o.policies.values().any(|p| p.name == name) {
            return Err(OrgError::DuplicatePolicy(
                "A policy with the same name already exists.".into(),
            )
            .into());
        }
        let policy = ScpRecord {
            id: format!("p-{}", random_lower(8)),
            name,
            description,
            content,
            aws_managed: false,
            targets: Default::default(),
            tags,
        };
        let out = api::CreatePolicyResponse {
            policy: Some(policy_shape(o, &policy)),
        };
        o.put_policy(tx, policy, compiled);
        Ok(out)
    })
    .await
}

pub async fn describe_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::DescribePolicyRequest,
) -> IamResult<api::DescribePolicyResponse> {
    let id = input.policy_id;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let p = o.policies.get(&id).ok_or_else(policy_not_found)?;
        Ok(api::DescribePolicyResponse {
            policy: Some(policy_shape(o, p)),
        })
    })
}

fn aws_managed_refused() -> OrgError {
    OrgError::InvalidInput("You can't modify or delete an AWS managed policy.".into())
}

pub async fn update_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::UpdatePolicyRequest,
) -> IamResult<api::UpdatePolicyResponse> {
    let id = input.policy_id;
    let name = input.name;
    let description = input.description;
    let content = input.content;
    let compiled = content.as_deref().map(compile_content).transpose()?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut p = o.policies.get(&id).cloned().ok_or_else(policy_not_found)?;
        if p.aws_managed {
            return Err(aws_managed_refused().into());
        }
        if let Some(n) = name {
            if o.policies.values().any(|q| q.name == n && q.id != p.id) {
                return Err(OrgError::DuplicatePolicy(
                    "A policy with the same name already exists.".into(),
                )
                .into());
            }
            p.name = n;
        }
        if let Some(d) = description {
            p.description = d;
        }
        if let Some(c) = content {
            p.content = c;
        }
        let compiled =
            match compiled {
                Some(c) => c,
                None => o.compiled.get(&p.id).cloned().ok_or_else(|| {
                    IamError::ServiceFailure(format!("SCP {} not compiled", p.id))
                })?,
            };
        let out = api::UpdatePolicyResponse {
            policy: Some(policy_shape(o, &p)),
        };
        o.put_policy(tx, p, compiled);
        Ok(out)
    })
    .await
}

pub async fn delete_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::DeletePolicyRequest,
) -> IamResult<()> {
    let id = input.policy_id;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let p = o.policies.get(&id).ok_or_else(policy_not_found)?;
        if p.aws_managed {
            return Err(aws_managed_refused().into());
        }
        if !p.targets.is_empty() {
            return Err(OrgError::PolicyInUse(
                "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation."
                    .into(),
            )
            .into());
        }
        o.delete_policy(tx, &id);
        Ok(())
    })
    .await
}

pub async fn list_policies(
    iam: &Iam,
    caller: &Caller,
    input: api::ListPoliciesRequest,
) -> IamResult<api::ListPoliciesResponse> {
    let filter = input.filter;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .policies
            .values()
            .filter(|_| filter == SCP)
            .map(|p| (p.id.as_str(), summary_shape(o, p)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListPoliciesResponse {
            policies: Some(list),
            next_token: next,
        })
    })
}

pub async fn attach_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::AttachPolicyRequest,
) -> IamResult<()> {
    let id = input.policy_id;
    let target = input.target_id;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut p = o.policies.get(&id).cloned().ok_or_else(policy_not_found)?;
        if !target_exists(o, &target) {
            return Err(target_not_found().into());
        }
        if !o.org.scp_enabled {
            return Err(OrgError::PolicyTypeNotEnabled(
                "This operation can be performed only for enabled policy types.".into(),
            )
            .into());
        }
        if !p.targets.insert(target) {
            return Err(OrgError::DuplicatePolicyAttachment(
                "The selected policy is already attached to the specified target.".into(),
            )
            .into());
        }
        store_policy(o, tx, p);
        Ok(())
    })
    .await
}

pub async fn detach_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::DetachPolicyRequest,
) -> IamResult<()> {
    let id = input.policy_id;
    let target = input.target_id;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut p = o.policies.get(&id).cloned().ok_or_else(policy_not_found)?;
        if !target_exists(o, &target) {
            return Err(target_not_found().into());
        }
        if !p.targets.remove(&target) {
            return Err(OrgError::PolicyNotAttached(
                "The policy isn't attached to the specified target in the specified root.".into(),
            )
            .into());
        }
        // Every root, OU and account keeps at least one SCP while SCPs are enabled.
        if o.by_target.get(&target).map_or(0, |s| s.len()) <= 1 {
            return Err(OrgError::ConstraintViolation(
                "You attempted to detach a policy from an entity that would leave it with fewer than the minimum number of policies of that type."
                    .into(),
            )
            .into());
        }
        store_policy(o, tx, p);
        Ok(())
    })
    .await
}

pub async fn list_policies_for_target(
    iam: &Iam,
    caller: &Caller,
    input: api::ListPoliciesForTargetRequest,
) -> IamResult<api::ListPoliciesForTargetResponse> {
    let target = input.target_id;
    let filter = input.filter;
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !target_exists(o, &target) {
            return Err(target_not_found().into());
        }
        let items = o
            .by_target
            .get(&target)
            .into_iter()
            .flatten()
            .filter(|_| filter == SCP)
            .filter_map(|pid| o.policies.get(pid))
            .map(|p| (p.id.as_str(), summary_shape(o, p)));
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListPoliciesForTargetResponse {
            policies: Some(list),
            next_token: next,
        })
    })
}

pub async fn list_targets_for_policy(
    iam: &Iam,
    caller: &Caller,
    input: api::ListTargetsForPolicyRequest,
) -> IamResult<api::ListTargetsForPolicyResponse> {
    let id = input.policy_id;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let p = o.policies.get(&id).ok_or_else(policy_not_found)?;
        let items = p.targets.iter().filter_map(|t| {
            let (arn, name, kind) = if *t == o.org.root_id {
                (root_arn(o), "Root".to_string(), "ROOT")
            } else if let Some(u) = o.units.get(t) {
                (unit_arn(o, u), u.name.clone(), "ORGANIZATIONAL_UNIT")
            } else {
                let a = o.accounts.get(t)?;
                (account_arn(o, a), a.name.clone(), "ACCOUNT")
            };
            Some((
                t.as_str(),
                api::PolicyTargetSummary {
                    target_id: Some(t.clone()),
                    arn: Some(arn),
                    name: Some(name),
                    r#type: Some(kind.into()),
                },
            ))
        });
        let (list, next) = page_of(items, input.max_results, input.next_token.as_deref());
        Ok(api::ListTargetsForPolicyResponse {
            targets: Some(list),
            next_token: next,
        })
    })
}

/// The tags of a taggable resource: the root, an OU, an account or a policy.
fn tags_of<'a>(o: &'a OrgState, id: &str) -> Option<&'a Vec<Tag>> {
    if id == o.org.root_id {
        return Some(&o.org.root_tags);
    }
    o.accounts
        .get(id)
        .map(|a| &a.tags)
        .or_else(|| o.units.get(id).map(|u| &u.tags))
        .or_else(|| o.policies.get(id).map(|p| &p.tags))
}

/// Replaces a resource's tags, in memory and in its record.
fn set_tags(o: &mut OrgState, tx: &mut Tx, id: &str, tags: Vec<Tag>) {
    if id == o.org.root_id {
        o.update_org(tx, |org| org.root_tags = tags);
    } else if o.accounts.contains_key(id) {
        o.update_account(tx, id, |a| a.tags = tags);
    } else if let Some(unit) = o.units.get(id).cloned() {
        o.put_unit(tx, OrgUnit { tags, ..unit });
    } else if let (Some(p), Some(compiled)) =
        (o.policies.get(id).cloned(), o.compiled.get(id).cloned())
    {
        o.put_policy(tx, ScpRecord { tags, ..p }, compiled);
    }
}

pub async fn tag_resource(
    iam: &Iam,
    caller: &Caller,
    input: api::TagResourceRequest,
) -> IamResult<()> {
    let id = input.resource_id;
    let new = org_tags(Some(input.tags))?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut tags = tags_of(o, &id).ok_or_else(target_not_found)?.clone();
        for t in new {
            match tags.iter_mut().find(|e| e.key == t.key) {
                Some(e) => *e = t,
                None => tags.push(t),
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(OrgError::ConstraintViolation(
                "You have tried to add more than the allowed number of tags to a resource.".into(),
            )
            .into());
        }
        set_tags(o, tx, &id, tags);
        Ok(())
    })
    .await
}

pub async fn untag_resource(
    iam: &Iam,
    caller: &Caller,
    input: api::UntagResourceRequest,
) -> IamResult<()> {
    let id = input.resource_id;
    let keys = input.tag_keys;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let tags: Vec<Tag> = tags_of(o, &id)
            .ok_or_else(target_not_found)?
            .iter()
            .filter(|t| !keys.contains(&t.key))
            .cloned()
            .collect();
        set_tags(o, tx, &id, tags);
        Ok(())
    })
    .await
}

/// The model has no `MaxResults` here: pages of 20.
pub async fn list_tags_for_resource(
    iam: &Iam,
    caller: &Caller,
    input: api::ListTagsForResourceRequest,
) -> IamResult<api::ListTagsForResourceResponse> {
    let id = input.resource_id;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let tags = tags_of(o, &id).ok_or_else(target_not_found)?;
        let items = tags.iter().map(|t| (t.key.as_str(), tag_shape(t)));
        let (list, next) = page_of(items, None, input.next_token.as_deref());
        Ok(api::ListTagsForResourceResponse {
            tags: Some(list),
            next_token: next,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scp_content_is_validated() {
        assert!(compile_content(FULL_AWS_ACCESS_CONTENT).is_ok());
        assert!(matches!(
            compile_content("{"),
            Err(OrgError::MalformedPolicyDocument(_))
        ));
        let with_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
        assert!(compile_content(with_principal).is_err());
        assert!(matches!(
            check_type("TAG_POLICY"),
            Err(OrgError::PolicyTypeNotAvailableForOrganization(_))
        ));
    }
}
