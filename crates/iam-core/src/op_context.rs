//! Each operation's own condition keys, named in its row of the operations table
//! (`operations.rs`): the authorizer never recognises an action by its name.
//! Keys and their meaning: Service Authorization Reference (IAM, STS), "Condition keys".
use crate::input::Input;
use iam_policy::ContextKeys;

fn set_tags(ctx: &mut ContextKeys, prefix: &str, tags: &[crate::entities::Tag]) {
    for t in tags {
        ctx.set(&format!("{prefix}/{}", t.key), t.value.clone());
    }
}

/// The keys any IAM or STS request may carry: `aws:RequestTag/…` and `aws:TagKeys` from
/// `Tags`, `aws:TagKeys` from `TagKeys` (Untag*), `iam:PermissionsBoundary`.
pub fn common(input: &Input, ctx: &mut ContextKeys) {
    if let Some(b) = input.opt_str("PermissionsBoundary") {
        ctx.set("iam:PermissionsBoundary", b.to_string());
    }
    let request_tags = input.tags("Tags");
    if !request_tags.is_empty() {
        set_tags(ctx, "aws:RequestTag", &request_tags);
        ctx.set_many("aws:TagKeys", request_tags.iter().map(|t| t.key.clone()));
    }
    let tag_keys = input.strings("TagKeys");
    if !tag_keys.is_empty() {
        ctx.set_many("aws:TagKeys", tag_keys);
    }
}

/// Attach*/Detach*Policy: `iam:PolicyARN`.
pub fn policy_arn(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    if let Some(arn) = input.opt_str("PolicyArn") {
        ctx.set("iam:PolicyARN", arn.to_string());
    }
}

/// sts:AssumeRole (and its dependent sts:TagSession, sts:SetSourceIdentity): `sts:ExternalId`,
/// `sts:RoleSessionName`, `sts:SourceIdentity`, `sts:TransitiveTagKeys`, and the session
/// tags as `aws:RequestTag/…`, `aws:TagKeys` (IAM User Guide: id_session-tags).
pub fn assume_role(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    if let Some(x) = input.opt_str("ExternalId") {
        ctx.set("sts:ExternalId", x.to_string());
    }
    if let Some(x) = input.opt_str("RoleSessionName") {
        ctx.set("sts:RoleSessionName", x.to_string());
    }
    if let Some(x) = input.opt_str("SourceIdentity") {
        ctx.set("sts:SourceIdentity", x.to_string());
    }
    let transitive = input.strings("TransitiveTagKeys");
    if !transitive.is_empty() {
        ctx.set_many("sts:TransitiveTagKeys", transitive);
    }
}

/// sts:AssumeRoot: `sts:TaskPolicyArn`.
pub fn assume_root(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    if let Some(arn) = input
        .0
        .get("TaskPolicyArn")
        .and_then(|p| p.get("arn"))
        .and_then(serde_json::Value::as_str)
    {
        ctx.set("sts:TaskPolicyArn", arn.to_string());
    }
}

/// sts:GetWebIdentityToken: `sts:IdentityTokenAudience`, `sts:SigningAlgorithm`,
/// `sts:DurationSeconds`.
pub fn get_web_identity_token(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    ctx.set_many("sts:IdentityTokenAudience", input.strings("Audience"));
    if let Some(alg) = input.opt_str("SigningAlgorithm") {
        ctx.set("sts:SigningAlgorithm", alg.to_string());
    }
    let duration = input.opt_i64("DurationSeconds").unwrap_or(300);
    ctx.set("sts:DurationSeconds", duration.to_string());
}

/// AddRoleToInstanceProfile: its dependent iam:PassRole passes the role to EC2
/// (Service Authorization Reference: `iam:PassedToService` = `ec2.amazonaws.com`).
pub fn add_role_to_instance_profile(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    ctx.set("iam:PassedToService", "ec2.amazonaws.com".to_string());
}

/// iam:CreateServiceLinkedRole: `iam:AWSServiceName`, the service the role is for (the key
/// every AWS-managed policy that grants the action conditions on, e.g. AWSAppRunnerFullAccess).
pub fn service_linked_role(input: &Input, ctx: &mut ContextKeys) {
    common(input, ctx);
    if let Some(service) = input.opt_str("AWSServiceName") {
        ctx.set("iam:AWSServiceName", service.to_string());
    }
}
