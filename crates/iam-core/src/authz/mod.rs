//! The one authorization step before dispatch: gathers the caller's policies (user inline and
//! attached, each group's inline and attached, the permissions boundary), builds the request
//! context with AWS's global and action-specific condition keys, and asks `iam_policy` for a
//! decision (IAM User Guide: reference_policies_evaluation-logic).
//!
//! `authorize` (here) runs the checks of a request and `enforce`s each decision; `decide.rs`
//! makes one decision; `gather.rs` collects what the caller brings to it.
mod decide;
mod gather;

use crate::error::{IamError, IamResult};
use crate::input::Input;
use crate::operations::{Operation, Resource, Service, When};
use crate::service::{Caller, Iam, Principal};
use crate::sessions::SessionKind;
pub(crate) use gather::{
    GatheredPolicy, PolicySource, group_policies, managed, role_policies, set_principal_keys,
    user_policies,
};
use iam_partitions::Partition;

/// Facts about the HTTP request that policies can test.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub request_id: String,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub secure_transport: bool,
    pub region: String,
}

/// Enforcement (default), audit (log what would be denied and let it through), or off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnforcementMode {
    #[default]
    Enforce,
    AuditOnly,
    /// No policy is evaluated (moto's default): requests are still authenticated, and the
    /// rules of STS that no policy can change (which credentials may call what) still hold.
    Off,
}

/// Actions AWS lets every authenticated principal call without a permission, whatever its
/// credentials.
fn always_allowed(action: &str) -> bool {
    matches!(action, "GetCallerIdentity")
}

/// Actions that need no permission once the rules of temporary credentials let them through:
/// GetSessionToken with long-term keys (IAM User Guide: id_credentials_temp_control-access_getsessiontoken,
/// "no permissions are required").
fn needs_no_permission(action: &str) -> bool {
    matches!(action, "GetSessionToken")
}

/// AWS validates the role ARN of an AssumeRole before it authorizes the call: a value that is
/// not `arn:partition:service:region:account:resource` with a partition, a service and a
/// resource is a ValidationError `<arn> is invalid`, whoever asks (recorded:
/// `tests/conformance/aws-recorded/sts/test_sts.snapshot.json`, test_sts_invalid_parameters:
/// `malformed-arn`, `no-partition`, `no-service`, `not-enough-colons`, `no-resource`; 400).
fn check_role_arn(op: &Operation, input: &Input) -> IamResult<()> {
    if op.resource != Resource::RoleArn {
        return Ok(());
    }
    let Some(arn) = input.opt_str("RoleArn") else {
        return Ok(());
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let valid = matches!(parts.as_slice(), ["arn", partition, service, _, _, resource]
        if !partition.is_empty() && !service.is_empty() && !resource.is_empty());
    if valid {
        Ok(())
    } else {
        Err(IamError::ValidationError(format!("{arn} is invalid")))
    }
}

impl Iam {
    /// Enforces the decision on every check of a request — the operation's own permission,
    /// then each dependent action whose `When` holds — through one `enforce` that owns the
    /// AccessDenied text and audit-only logging. AccessDenied carries AWS's message.
    pub fn authorize(
        &self,
        op: &Operation,
        caller: &Caller,
        input: &Input,
        info: &RequestInfo,
    ) -> IamResult<()> {
        check_role_arn(op, input)?;
        if always_allowed(op.action) {
            return Ok(());
        }
        let state = self.state.read();
        // The SCPs of the caller's account, one set per level root → OUs → account: `None`
        // outside an organization with SCPs enabled, and for its management account, which
        // SCPs never restrict (Organizations User Guide: orgs_manage_policies_scps).
        let scps_apply = state.organizations.scp_levels(&caller.account_id).is_some();
        // The RCPs of the account's own resources restrict its root user too, on the actions
        // of services that support them (of iamd's, STS).
        let rcps_may_apply = crate::organizations::rcp_governs(op.permission())
            && state.organizations.rcps_enabled_for(&caller.account_id);
        let assume_role = op.resource == Resource::RoleArn;
        // Fast path for the root user's long-term keys outside SCPs and RCPs: the same outcome
        // as the root-unrestricted rule in `decide`, without building ARNs and contexts first.
        if matches!(caller.principal, Principal::Root)
            && caller.session.is_none()
            && !assume_role
            && !scps_apply
            && !rcps_may_apply
        {
            return Ok(());
        }
        let primary = Check {
            permission: op.permission(),
            resource: Self::resource_arn_in(&state, op.resource, caller, input),
        };
        if let Some(refusal) = credential_rules(op, caller) {
            let message = match refusal {
                Refusal::Message(m) => m.to_string(),
                Refusal::NoSessionPolicy => primary.denial(caller, NO_SESSION_POLICY),
            };
            tracing::info!(request_id = info.request_id, %message, "denied");
            return Err(IamError::AccessDenied(message));
        }
        if self.enforcement == EnforcementMode::Off || needs_no_permission(op.action) {
            return Ok(());
        }
        let subject = self.subject(&state, caller)?;
        let decision = self.decide(&state, caller, &subject, op, primary, input, info);
        self.enforce(&decision, caller, info)?;
        for dep in op.dependents {
            if dependent_applies(dep.when, caller, input) {
                let check = Check {
                    permission: dep.permission,
                    resource: Self::resource_arn_in(&state, dep.resource, caller, input),
                };
                let decision = self.decide(&state, caller, &subject, op, check, input, info);
                self.enforce(&decision, caller, info)?;
            }
        }
        Ok(())
    }

    /// Turns a decision into the request's outcome: nothing when allowed; in audit mode a
    /// warning and nothing; otherwise AccessDenied with AWS's message.
    fn enforce(&self, a: &Authorization, caller: &Caller, info: &RequestInfo) -> IamResult<()> {
        if a.allowed {
            return Ok(());
        }
        if self.enforcement == EnforcementMode::AuditOnly {
            tracing::warn!(
                request_id = info.request_id,
                permission = a.permission,
                resource = a.resource,
                reason = a.reason,
                statements = ?a.matched,
                "audit mode: would deny, allowed"
            );
            return Ok(());
        }
        let message = format!(
            "User: {} is not authorized to perform: {} on resource: {}{}",
            caller.arn(),
            a.permission,
            a.resource,
            a.reason
        );
        tracing::info!(request_id = info.request_id, %message, statements = ?a.matched, "denied");
        Err(IamError::AccessDenied(message))
    }
}

/// One permission check of a request: the operation's own, or one of its dependent actions,
/// with the resource it is authorized on (`Iam::resource_arn_in`: the stored, canonical ARN).
#[derive(Debug, Clone)]
pub(crate) struct Check {
    pub permission: &'static str,
    pub resource: String,
}

impl Check {
    fn denial(&self, caller: &Caller, reason: &str) -> String {
        format!(
            "User: {} is not authorized to perform: {} on resource: {}{reason}",
            caller.arn(),
            self.permission,
            self.resource
        )
    }
}

/// The outcome of one check (cedar's `Response`): the decision and what decided it.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub allowed: bool,
    pub permission: &'static str,
    /// The ARN authorized: the entity acted on.
    pub resource: String,
    /// For a denial, the statements that applied, `policy#index(sid)`.
    pub matched: Vec<String>,
    /// AWS's explanation after the resource in AccessDenied (` because …`), empty when a
    /// trust policy simply does not allow.
    pub reason: String,
}

impl Authorization {
    fn allow(check: Check) -> Self {
        Authorization {
            allowed: true,
            permission: check.permission,
            resource: check.resource,
            matched: Vec::new(),
            reason: String::new(),
        }
    }
    fn deny(check: Check, reason: String, matched: Vec<String>) -> Self {
        Authorization {
            allowed: false,
            permission: check.permission,
            resource: check.resource,
            matched,
            reason,
        }
    }
}

const NO_SESSION_POLICY: &str = " because no session policy allows the action";

/// Why the rules of temporary credentials refuse a call, whatever the policies say.
enum Refusal {
    NoSessionPolicy,
    Message(&'static str),
}

/// The STS rules no policy can change: which credentials may call what (IAM User Guide:
/// id_credentials_temp_request, "Comparing the AWS STS API operations").
fn credential_rules(op: &Operation, caller: &Caller) -> Option<Refusal> {
    let session = caller.session.as_deref();
    // GetSessionToken credentials: IAM only with MFA; STS only AssumeRole and
    // GetCallerIdentity.
    if let Some(s) = session
        && matches!(s.kind, SessionKind::User { .. } | SessionKind::Root)
    {
        let allowed = match op.service {
            Service::Sts => op.action == "AssumeRole",
            Service::Iam => s.mfa_auth_time.is_some(),
            Service::Organizations | Service::CloudTrail => true,
        };
        if !allowed {
            return Some(Refusal::NoSessionPolicy);
        }
    }
    // GetFederationToken credentials: no IAM API, no STS but GetCallerIdentity.
    if let Some(s) = session
        && matches!(s.kind, SessionKind::FederatedUser { .. })
        && !matches!(op.service, Service::Organizations | Service::CloudTrail)
    {
        return Some(Refusal::NoSessionPolicy);
    }
    if op.action == "GetFederationToken" && session.is_some() {
        return Some(Refusal::Message(
            "Cannot call GetFederationToken with session credentials",
        ));
    }
    if op.action == "GetSessionToken" && session.is_some() {
        return Some(Refusal::Message(
            "Cannot call GetSessionToken with session credentials",
        ));
    }
    if op.resource == Resource::RoleArn && matches!(caller.principal, Principal::Root) {
        return Some(Refusal::Message(
            "Roles may not be assumed by root accounts.",
        ));
    }
    None
}

/// Whether a dependent action is authorized for this request.
fn dependent_applies(when: When, caller: &Caller, input: &Input) -> bool {
    let has_items = |name: &str| {
        input
            .0
            .get(name)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    match when {
        When::Always => true,
        When::Tags => has_items("Tags"),
        When::SessionTags => {
            has_items("Tags")
                || has_items("TransitiveTagKeys")
                || caller
                    .session
                    .as_deref()
                    .is_some_and(|s| !s.transitive_tag_keys.is_empty())
        }
        When::SourceIdentity => input.opt_str("SourceIdentity").is_some(),
    }
}

/// `aws:RequestedRegion`: IAM is a global service whose requests are always served in its
/// partition's global region (us-east-1 for `aws`, cn-north-1 for `aws-cn`), whatever region
/// the client signed for; so is Organizations (cn-northwest-1 in `aws-cn`); STS requests are in
/// the region of their scope.
fn requested_region(op: &Operation, info: &RequestInfo, partition: Partition) -> String {
    match op.service {
        Service::Iam => partition.iam_region().to_string(),
        Service::Organizations => partition.organizations_region().to_string(),
        Service::Sts | Service::CloudTrail => info.region.clone(),
    }
}
