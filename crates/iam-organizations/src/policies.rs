//! Organizations policies: Enable/DisablePolicyType, Create/Describe/Update/Delete/ListPolicies,
//! Attach/DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy, and Tag/Untag/
//! ListTagsForResource (User Guide: orgs_manage_policies_scps, orgs_manage_policies_attach,
//! orgs_tagging). Only SERVICE_CONTROL_POLICY is implemented. Each SCP is compiled once when
//! written and kept in `OrgState::compiled` for authorization.
use crate::accounts::{
    account_json, managed, managed_mut, org_tags, page_of, random_lower, root_json, unit_json,
    with_token,
};
use iam_core::entities::MAX_TAGS;
use iam_core::entities::Tag;
use iam_core::error::{IamError, IamResult};
use iam_core::input::Input;
use iam_core::organizations::*;
use iam_core::service::{Caller, Iam};
use iam_core::state::{KIND_ORG, Tx};
use iam_policy::{PolicyError, PolicyKind, parse_policy, size_without_whitespace};
use serde_json::{Value, json};
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
            "arn:aws:organizations::aws:policy/service_control_policy/{}",
            p.id
        )
    } else {
        o.arn(&format!(
            "policy/{}/service_control_policy/{}",
            o.org.id, p.id
        ))
    }
}

fn summary_json(o: &OrgState, p: &ScpRecord) -> Value {
    json!({
        "Id": p.id,
        "Arn": policy_arn(o, p),
        "Name": p.name,
        "Description": p.description,
        "Type": SCP,
        "AwsManaged": p.aws_managed,
    })
}

fn policy_json(o: &OrgState, p: &ScpRecord) -> Value {
    json!({ "PolicySummary": summary_json(o, p), "Content": p.content })
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

pub async fn enable_policy_type(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let root = input.str("RootId")?.to_string();
    let policy_type = input.str("PolicyType")?.to_string();
    check_type(&policy_type)?;
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
        o.org.scp_enabled = true;
        tx.put(KIND_ORG, &key_org(&o.org.id), &o.org);
        // Enabling SCPs attaches FullAWSAccess to the root, every OU and every account, so
        // nothing is denied until a restricting SCP is attached (orgs_manage_policies_scps).
        if let Some(mut full) = o.policies.get(FULL_AWS_ACCESS_ID).cloned() {
            full.targets.insert(o.org.root_id.clone());
            full.targets.extend(o.units.keys().cloned());
            full.targets.extend(o.accounts.keys().cloned());
            store_policy(o, tx, full);
        }
        Ok(json!({ "Root": root_json(o) }))
    })
    .await
}

pub async fn disable_policy_type(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let root = input.str("RootId")?.to_string();
    let policy_type = input.str("PolicyType")?.to_string();
    check_type(&policy_type)?;
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
        o.org.scp_enabled = false;
        tx.put(KIND_ORG, &key_org(&o.org.id), &o.org);
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
        Ok(json!({ "Root": root_json(o) }))
    })
    .await
}

pub async fn create_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let content = input.str("Content")?.to_string();
    let description = input.opt_str("Description").unwrap_or_default().to_string();
    let name = input.str("Name")?.to_string();
    check_type(input.str("Type")?)?;
    if name.is_empty() || name.chars().count() > 128 {
        return Err(OrgError::InvalidInput(
            "You provided a value that does not match the required pattern.".into(),
        )
        .into());
    }
    let tags = org_tags(input)?;
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
        tx.put(KIND_ORG, &key_policy(&o.org.id, &policy.id), &policy);
        let out = json!({ "Policy": policy_json(o, &policy) });
        o.replace_policy(policy, compiled);
        Ok(out)
    })
    .await
}

pub async fn describe_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("PolicyId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let p = o.policies.get(id).ok_or_else(policy_not_found)?;
        Ok(json!({ "Policy": policy_json(o, p) }))
    })
}

fn aws_managed_refused() -> OrgError {
    OrgError::InvalidInput("You can't modify or delete an AWS managed policy.".into())
}

pub async fn update_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("PolicyId")?.to_string();
    let name = input.opt_str("Name").map(str::to_string);
    let description = input.opt_str("Description").map(str::to_string);
    let content = input.opt_str("Content").map(str::to_string);
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
        tx.put(KIND_ORG, &key_policy(&o.org.id, &p.id), &p);
        let out = json!({ "Policy": policy_json(o, &p) });
        o.replace_policy(p, compiled);
        Ok(out)
    })
    .await
}

pub async fn delete_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("PolicyId")?.to_string();
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
        tx.delete(KIND_ORG, &key_policy(&o.org.id, &id));
        o.remove_policy(&id);
        Ok(json!({}))
    })
    .await
}

pub async fn list_policies(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let filter = input.str("Filter")?.to_string();
    iam.read(|state| {
        let o = managed(state, caller)?;
        let items = o
            .policies
            .values()
            .filter(|_| filter == SCP)
            .map(|p| (p.id.as_str(), summary_json(o, p)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Policies": list }), next))
    })
}

pub async fn attach_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("PolicyId")?.to_string();
    let target = input.str("TargetId")?.to_string();
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
        Ok(json!({}))
    })
    .await
}

pub async fn detach_policy(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("PolicyId")?.to_string();
    let target = input.str("TargetId")?.to_string();
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
        Ok(json!({}))
    })
    .await
}

pub async fn list_policies_for_target(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let target = input.str("TargetId")?;
    let filter = input.str("Filter")?.to_string();
    iam.read(|state| {
        let o = managed(state, caller)?;
        if !target_exists(o, target) {
            return Err(target_not_found().into());
        }
        let items = o
            .by_target
            .get(target)
            .into_iter()
            .flatten()
            .filter(|_| filter == SCP)
            .filter_map(|pid| o.policies.get(pid))
            .map(|p| (p.id.as_str(), summary_json(o, p)));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Policies": list }), next))
    })
}

pub async fn list_targets_for_policy(
    iam: &Iam,
    caller: &Caller,
    input: &Input,
) -> IamResult<Value> {
    let id = input.str("PolicyId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let p = o.policies.get(id).ok_or_else(policy_not_found)?;
        let items = p.targets.iter().filter_map(|t| {
            let (arn, name, kind) = if *t == o.org.root_id {
                (root_json(o)["Arn"].clone(), json!("Root"), "ROOT")
            } else if let Some(u) = o.units.get(t) {
                (
                    unit_json(o, u)["Arn"].clone(),
                    json!(u.name),
                    "ORGANIZATIONAL_UNIT",
                )
            } else {
                let a = o.accounts.get(t)?;
                (account_json(o, a)["Arn"].clone(), json!(a.name), "ACCOUNT")
            };
            Some((
                t.as_str(),
                json!({"TargetId": t, "Arn": arn, "Name": name, "Type": kind}),
            ))
        });
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Targets": list }), next))
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
    let org_id = o.org.id.clone();
    if id == o.org.root_id {
        o.org.root_tags = tags;
        tx.put(KIND_ORG, &key_org(&org_id), &o.org);
    } else if let Some(a) = o.accounts.get_mut(id) {
        a.tags = tags;
        tx.put(KIND_ORG, &key_account(&org_id, id), a);
    } else if let Some(u) = o.units.get_mut(id) {
        u.tags = tags;
        tx.put(KIND_ORG, &key_unit(&org_id, id), u);
    } else if let Some(p) = o.policies.get_mut(id) {
        p.tags = tags;
        tx.put(KIND_ORG, &key_policy(&org_id, id), p);
    }
}

pub async fn tag_resource(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("ResourceId")?.to_string();
    let new = org_tags(input)?;
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
        Ok(json!({}))
    })
    .await
}

pub async fn untag_resource(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("ResourceId")?.to_string();
    let keys = input.strings("TagKeys");
    iam.write(|state, tx| {
        let o = managed_mut(state, caller)?;
        let tags: Vec<Tag> = tags_of(o, &id)
            .ok_or_else(target_not_found)?
            .iter()
            .filter(|t| !keys.contains(&t.key))
            .cloned()
            .collect();
        set_tags(o, tx, &id, tags);
        Ok(json!({}))
    })
    .await
}

pub async fn list_tags_for_resource(iam: &Iam, caller: &Caller, input: &Input) -> IamResult<Value> {
    let id = input.str("ResourceId")?;
    iam.read(|state| {
        let o = managed(state, caller)?;
        let tags = tags_of(o, id).ok_or_else(target_not_found)?;
        let items = tags
            .iter()
            .map(|t| (t.key.as_str(), json!({"Key": t.key, "Value": t.value})));
        let (list, next) = page_of(items, input);
        Ok(with_token(json!({ "Tags": list }), next))
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
