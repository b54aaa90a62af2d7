//! Organizations policies: Enable/DisablePolicyType, Create/Describe/Update/Delete/ListPolicies,
//! Attach/DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy, and Tag/Untag/
//! ListTagsForResource (User Guide: orgs_manage_policies_scps, orgs_manage_policies_rcps,
//! orgs_manage_policies_attach, orgs_tagging). The two authorization policy types are
//! implemented: SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY. Each policy is compiled once
//! when written and kept in `OrgState::compiled` for authorization.
use crate::accounts::{
    account_arn, aws_managed_policy, managed, managed_mut, org_tags, page_of, random_lower,
    root_arn, root_shape, tag_shape, unit_arn,
};
use iam_api::organizations as api;
use iam_core::entities::MAX_TAGS;
use iam_core::entities::Tag;
use iam_core::error::{IamError, IamResult};
use iam_core::organizations::*;
use iam_core::service::{Caller, Iam};
use iam_core::state::Tx;
use iam_policy::{Effect, PolicyError, PolicyKind, parse_policy, size_without_whitespace};
use std::sync::Arc;

/// SCP and RCP documents are limited to 5,120 characters (Organizations quotas:
/// orgs_reference_limits, "Maximum size of a policy document").
const MAX_POLICY_SIZE: usize = 5120;
/// At most five policies of one type attached to a root, OU or account (orgs_reference_limits,
/// "Maximum number of policies attached to root, OU or account").
const MAX_ATTACHED_PER_TYPE: usize = 5;

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

fn type_not_enabled() -> OrgError {
    OrgError::PolicyTypeNotEnabled(
        "This operation can be performed only for enabled policy types.".into(),
    )
}

/// The policy types served; the model's other types (management policies) are refused.
fn check_type(t: &str) -> Result<OrgPolicyType, OrgError> {
    OrgPolicyType::parse(t).ok_or_else(|| {
        OrgError::PolicyTypeNotAvailableForOrganization(
            "You can't use the specified policy type with the feature set currently enabled for this organization."
                .into(),
        )
    })
}

fn malformed(reason: &str) -> OrgError {
    OrgError::MalformedPolicyDocument(format!(
        "The provided policy document does not meet the requirements of the specified policy type: {reason}"
    ))
}

/// The grammar of an RCP you create (Organizations User Guide: orgs_manage_policies_rcps_syntax;
/// the reasons are IAM Access Analyzer's RCP_SYNTAX_ERROR_* findings): every statement denies
/// (`Allow` is for RCPFullAWSAccess only), names `"Principal": "*"` (no `NotPrincipal`), uses
/// `Action` (no `NotAction`) and only actions of services that support RCPs, never a bare `*`.
fn rcp_rules(policy: &iam_policy::Policy) -> Result<(), OrgError> {
    for statement in policy.statements() {
        let principal_ok = statement
            .principal()
            .is_some_and(|p| !p.is_negated() && p.is_everyone());
        if !principal_ok {
            return Err(malformed(
                "The Principal element contents are not valid. RCPs only support specifying all principals (\"*\") in the Principal element. The NotPrincipal element is not supported for RCPs.",
            ));
        }
        if statement.is_not_action() {
            return Err(malformed(
                "RCPs do not support the NotAction element. Update to use the Action element.",
            ));
        }
        if statement.effect() != Effect::Deny {
            return Err(malformed(
                "RCPs that you create support only the Deny effect; Allow is reserved for RCPFullAWSAccess.",
            ));
        }
        let supported = |pattern: &str| {
            pattern
                .split_once(':')
                .is_some_and(|(service, _)| RCP_SERVICES.contains(&service))
        };
        if !statement.action_patterns().all(|p| supported(&p)) {
            return Err(malformed(
                "RCPs only support specifying select service prefixes in the Action element.",
            ));
        }
    }
    Ok(())
}

/// Validates a policy document of `kind`: size, then its grammar. SCPs are identity-style (no
/// Principal; orgs_manage_policies_scps_syntax), RCPs resource-style with the RCP rules.
fn compile_content(
    kind: OrgPolicyType,
    content: &str,
) -> Result<Arc<iam_policy::Policy>, OrgError> {
    // SCPs have been measured without white space; every character of an RCP counts
    // (orgs_manage_policies_rcps: "All characters in your RCP count against its maximum size").
    let size = match kind {
        OrgPolicyType::Scp => size_without_whitespace(content),
        OrgPolicyType::Rcp => content.chars().count(),
    };
    if size > MAX_POLICY_SIZE {
        return Err(OrgError::ConstraintViolation(
            "You provided policy content that exceeds the maximum allowed size.".into(),
        ));
    }
    let grammar = match kind {
        OrgPolicyType::Scp => PolicyKind::Identity,
        OrgPolicyType::Rcp => PolicyKind::Resource,
    };
    let policy = match parse_policy(content, grammar) {
        Ok(p) => p,
        Err(PolicyError::Malformed(m)) => return Err(malformed(&m)),
    };
    if kind == OrgPolicyType::Rcp {
        rcp_rules(&policy)?;
    }
    Ok(Arc::new(policy))
}

fn policy_arn(o: &OrgState, p: &OrgPolicy) -> String {
    let segment = p.policy_type.arn_segment();
    if p.aws_managed {
        format!("arn:aws:organizations::aws:policy/{segment}/{}", p.id)
    } else {
        o.arn(&format!("policy/{}/{segment}/{}", o.org.id, p.id))
    }
}

fn summary_shape(o: &OrgState, p: &OrgPolicy) -> api::PolicySummary {
    api::PolicySummary {
        id: Some(p.id.clone()),
        arn: Some(policy_arn(o, p)),
        name: Some(p.name.clone()),
        description: Some(p.description.clone()),
        r#type: Some(p.policy_type.as_str().into()),
        aws_managed: Some(p.aws_managed),
    }
}

fn policy_shape(o: &OrgState, p: &OrgPolicy) -> api::Policy {
    api::Policy {
        policy_summary: Some(summary_shape(o, p)),
        content: Some(p.content.clone()),
    }
}

fn target_exists(o: &OrgState, id: &str) -> bool {
    o.is_parent(id) || o.accounts.contains_key(id)
}

/// How many policies of `kind` are attached to `target`.
fn attached_of_type(o: &OrgState, target: &str, kind: OrgPolicyType) -> usize {
    o.by_target
        .get(target)
        .into_iter()
        .flatten()
        .filter(|id| o.policies.get(*id).is_some_and(|p| p.policy_type == kind))
        .count()
}

/// Puts an updated policy (record and memory), recompiling nothing: its content is unchanged.
fn store_policy(o: &mut OrgState, tx: &mut Tx, p: OrgPolicy) {
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
    let kind = check_type(&input.policy_type)?;
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
        if o.org.enabled(kind) {
            return Err(OrgError::PolicyTypeAlreadyEnabled(
                "The specified policy type is already enabled.".into(),
            )
            .into());
        }
        // An organization created before RCPs existed has no RCPFullAWSAccess yet.
        let full = match o.policies.get(kind.full_access_id()) {
            Some(p) => (p.clone(), o.compiled.get(&p.id).cloned()),
            None => {
                let (p, c) = aws_managed_policy(kind)?;
                (p, Some(c))
            }
        };
        o.update_org(tx, |org| org.set_enabled(kind, true));
        // Enabling the type attaches its AWS-managed full-access policy (FullAWSAccess,
        // RCPFullAWSAccess) to the root, every OU and every account, so nothing is denied until
        // a restricting policy is attached (orgs_manage_policies_scps, _rcps_evaluation).
        if let (mut p, Some(compiled)) = full {
            p.targets.insert(o.org.root_id.clone());
            p.targets.extend(o.units.keys().cloned());
            p.targets.extend(o.accounts.keys().cloned());
            o.put_policy(tx, p, compiled);
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
    let kind = check_type(&input.policy_type)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if o.org.root_id != root {
            return Err(root_not_found().into());
        }
        if !o.org.enabled(kind) {
            return Err(type_not_enabled().into());
        }
        o.update_org(tx, |org| org.set_enabled(kind, false));
        // Disabling a policy type detaches every policy of that type from every target.
        let attached: Vec<OrgPolicy> = o
            .policies
            .values()
            .filter(|p| p.policy_type == kind && !p.targets.is_empty())
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
    let kind = check_type(&input.r#type)?;
    if name.is_empty() || name.chars().count() > 128 {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    let tags = org_tags(input.tags)?;
    let compiled = compile_content(kind, &content)?;
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        if o.policies.values().any(|p| p.name == name) {
            return Err(OrgError::DuplicatePolicy(
                "A policy with the same name already exists.".into(),
            )
            .into());
        }
        let policy = OrgPolicy {
            id: format!("p-{}", random_lower(8)),
            policy_type: kind,
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
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let mut p = o.policies.get(&id).cloned().ok_or_else(policy_not_found)?;
        if p.aws_managed {
            return Err(aws_managed_refused().into());
        }
        // The new content must follow the grammar of the policy's own type.
        let compiled = content
            .as_deref()
            .map(|c| compile_content(p.policy_type, c))
            .transpose()?;
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
                    IamError::ServiceFailure(format!("policy {} not compiled", p.id))
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
    let kind = OrgPolicyType::parse(&input.filter);
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .policies
            .values()
            .filter(|p| Some(p.policy_type) == kind)
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
        if !o.org.enabled(p.policy_type) {
            return Err(type_not_enabled().into());
        }
        if p.targets.contains(&target) {
            return Err(OrgError::DuplicatePolicyAttachment(
                "The selected policy is already attached to the specified target.".into(),
            )
            .into());
        }
        if attached_of_type(o, &target, p.policy_type) >= MAX_ATTACHED_PER_TYPE {
            return Err(OrgError::ConstraintViolation(
                "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time."
                    .into(),
            )
            .into());
        }
        p.targets.insert(target);
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
        match p.policy_type {
            // Every root, OU and account keeps at least one SCP while SCPs are enabled.
            OrgPolicyType::Scp if attached_of_type(o, &target, OrgPolicyType::Scp) <= 1 => {
                return Err(OrgError::ConstraintViolation(
                    "You attempted to detach a policy from an entity that would leave it with fewer than the minimum number of policies of that type."
                        .into(),
                )
                .into());
            }
            // RCPFullAWSAccess stays attached everywhere while RCPs are enabled: "You cannot
            // detach this policy" (orgs_manage_policies_rcps_evaluation). AWS's exact answer is
            // not recorded; the minimum-attachment violation is the nearest it documents.
            OrgPolicyType::Rcp if p.aws_managed => {
                return Err(OrgError::ConstraintViolation(
                    "You attempted to detach a policy from an entity that would leave it with fewer than the minimum number of policies of that type."
                        .into(),
                )
                .into());
            }
            _ => {}
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
    let kind = OrgPolicyType::parse(&input.filter);
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
            .filter_map(|pid| o.policies.get(pid))
            .filter(|p| Some(p.policy_type) == kind)
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
        o.put_policy(tx, OrgPolicy { tags, ..p }, compiled);
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
        let scp = OrgPolicyType::Scp;
        assert!(compile_content(scp, FULL_AWS_ACCESS_CONTENT).is_ok());
        assert!(matches!(
            compile_content(scp, "{"),
            Err(OrgError::MalformedPolicyDocument(_))
        ));
        let with_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
        assert!(compile_content(scp, with_principal).is_err());
        assert!(matches!(
            check_type("TAG_POLICY"),
            Err(OrgError::PolicyTypeNotAvailableForOrganization(_))
        ));
        assert_eq!(check_type(RCP), Ok(OrgPolicyType::Rcp));
    }

    fn rcp(statement: &str) -> Result<Arc<iam_policy::Policy>, OrgError> {
        compile_content(
            OrgPolicyType::Rcp,
            &format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#),
        )
    }

    fn reason(r: Result<Arc<iam_policy::Policy>, OrgError>) -> String {
        match r {
            Err(OrgError::MalformedPolicyDocument(m)) => m,
            other => panic!("expected MalformedPolicyDocument, got {other:?}"),
        }
    }

    /// orgs_manage_policies_rcps_syntax: Deny only, `Principal: "*"`, no NotPrincipal or
    /// NotAction, only the services that support RCPs, no bare `*` action.
    #[test]
    fn rcp_grammar() {
        assert!(
            rcp(r#"{"Effect":"Deny","Principal":"*","Action":"s3:PutBucketPublicAccessBlock","Resource":"*"}"#)
                .is_ok()
        );
        assert!(
            rcp(r#"{"Sid":"Perimeter","Effect":"Deny","Principal":"*","Action":["sts:AssumeRole","kms:*","secretsmanager:Get*","sqs:*"],"NotResource":"arn:aws:iam::*:role/keep","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abcdefghij"}}}"#)
                .is_ok()
        );
        // The AWS-managed RCP's Allow is valid as its own content, never in one you create.
        assert!(compile_org_policy(OrgPolicyType::Rcp, RCP_FULL_AWS_ACCESS_CONTENT).is_some());
        assert!(
            reason(rcp(
                r#"{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#
            ))
            .contains("only the Deny effect")
        );
        for principal in [
            r#""Principal":{"AWS":"*"}"#,
            r#""Principal":{"AWS":"arn:aws:iam::123456789012:root"}"#,
            r#""NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"}"#,
        ] {
            let statement =
                format!(r#"{{"Effect":"Deny",{principal},"Action":"s3:*","Resource":"*"}}"#);
            assert!(
                reason(rcp(&statement)).contains("RCPs only support specifying all principals")
            );
        }
        // No Principal at all is a resource policy without principal: the grammar refuses it.
        assert!(rcp(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#).is_err());
        assert!(
            reason(rcp(
                r#"{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}"#
            ))
            .contains("NotAction")
        );
        for action in [
            r#""*""#,
            r#""iam:PassRole""#,
            r#"["sts:AssumeRole","ec2:*"]"#,
        ] {
            let statement =
                format!(r#"{{"Effect":"Deny","Principal":"*","Action":{action},"Resource":"*"}}"#);
            assert!(
                reason(rcp(&statement)).contains("select service prefixes"),
                "{action}"
            );
        }
        // A wildcard in the service prefix is refused by the policy grammar itself.
        let wild = r#"{"Effect":"Deny","Principal":"*","Action":"s*:Get*","Resource":"*"}"#;
        assert!(matches!(
            rcp(wild),
            Err(OrgError::MalformedPolicyDocument(_))
        ));
        // Every character counts against the 5,120 of an RCP, white space included.
        let padded = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}]{}}}"#,
            " ".repeat(5120)
        );
        assert!(matches!(
            compile_content(OrgPolicyType::Rcp, &padded),
            Err(OrgError::ConstraintViolation(_))
        ));
    }
}
