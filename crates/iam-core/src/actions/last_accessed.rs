//! GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
//! GetServiceLastAccessedDetailsWithEntities from the access records every authenticated
//! request leaves (`activity.rs`) (IAM User Guide: access_policies_access-advisor,
//! access_policies_access-advisor-view-data). Jobs complete at once and are records of the
//! store (`activity::KIND_ACCESS_JOB`, `KIND_ORG_ACCESS_JOB`): any node of a cluster answers
//! them, they survive a restart, and they are deleted `JOB_LIFETIME_SECS` after creation.
use super::managed_policies::resolve_policy;
use super::*;
use crate::activity::{Entity, Job, OrgJob};
use crate::authz::{GatheredPolicy, group_policies, managed, role_policies, user_policies};
use crate::entities::*;
use crate::service::{Caller, Iam};
use crate::state::{AccountState, State, compiled_key_group, compiled_key_role, compiled_key_user};
use iam_api::iam as api;
use iam_policy::{Effect, Policy, action_matches};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The services this server runs, whose access it can report: namespace → AWS's name.
pub const SERVICES: [(&str, &str); 3] = [
    ("iam", "AWS Identity and Access Management"),
    ("organizations", "AWS Organizations"),
    ("sts", "AWS Security Token Service"),
];
/// Jobs kept at most; the oldest go first.
const MAX_JOBS: usize = 10_000;

/// Whether an Allow statement of `policy` grants some action of service `ns`
/// (permissions policy logic only: no Deny, condition or resource is considered, as AWS's
/// service last accessed data and ListPoliciesGrantingServiceAccess do).
pub(crate) fn grants_namespace(policy: &Policy, ns: &str) -> bool {
    // `*`, or a pattern whose service part matches `ns` (with `act` `*`: the whole service).
    let names_service = |pattern: &str, whole: bool| {
        pattern == "*"
            || pattern
                .split_once(':')
                .is_some_and(|(svc, act)| (!whole || act == "*") && action_matches(svc, ns))
    };
    policy
        .statements()
        .iter()
        .filter(|s| s.effect() == Effect::Allow)
        .any(|s| {
            if s.is_not_action() {
                // Allowed unless the NotAction list excludes the whole service.
                !s.action_patterns().any(|a| names_service(&a, true))
            } else {
                s.action_patterns().any(|a| names_service(&a, false))
            }
        })
}

/// The namespaces of `SERVICES` that the Allow statements of `policies` grant some action in.
pub(crate) fn allowed_namespaces<'a>(
    policies: impl Iterator<Item = &'a Policy> + Clone,
) -> Vec<&'static str> {
    SERVICES
        .iter()
        .map(|(ns, _)| *ns)
        .filter(|ns| policies.clone().any(|p| grants_namespace(p, ns)))
        .collect()
}

fn user_entity(u: &User, partition: Partition) -> Entity {
    Entity {
        id: u.id.to_string(),
        name: u.name.to_string(),
        path: u.path.to_string(),
        arn: u.arn(partition),
        kind: "USER".into(),
    }
}

fn role_entity(r: &Role, partition: Partition) -> Entity {
    Entity {
        id: r.id.clone(),
        name: r.name.clone(),
        path: r.path.clone(),
        arn: r.arn(partition),
        kind: "ROLE".into(),
    }
}

/// The entities an ARN's report covers and the policies that decide its services (gathered
/// as authorization gathers them).
fn resolve(acct: &AccountState, arn: &str) -> IamResult<(Vec<Entity>, Vec<Arc<Policy>>)> {
    let partition = acct.partition();
    let prefix = crate::arns::iam(partition, &acct.account.id, "");
    let invalid = || IamError::InvalidInput(format!("ARN {arn} is not valid."));
    let not_found =
        || IamError::NoSuchEntity(format!("The entity with ARN {arn} cannot be found."));
    let rest = arn
        .strip_prefix(&prefix)
        .or_else(|| {
            arn.strip_prefix(&crate::arns::iam(partition, "aws", ""))
                .filter(|r| r.starts_with("policy/"))
        })
        .ok_or_else(invalid)?;
    let (kind, _) = rest.split_once('/').ok_or_else(invalid)?;
    let name = rest.rsplit('/').next().unwrap_or_default();
    let gathered = |g: Vec<GatheredPolicy>| g.into_iter().map(|g| g.policy).collect();
    let mut policies = Vec::new();
    let mut entities = Vec::new();
    match kind {
        "user" => {
            let u = acct
                .user_by_name(name)
                .filter(|u| u.arn(acct.partition()) == arn)
                .ok_or_else(not_found)?;
            policies = gathered(user_policies(acct, u));
            entities.push(user_entity(u, acct.partition()));
        }
        "role" => {
            let r = acct
                .role_by_name(name)
                .filter(|r| r.arn(acct.partition()) == arn)
                .ok_or_else(not_found)?;
            policies = gathered(role_policies(acct, r));
            entities.push(role_entity(r, acct.partition()));
        }
        "group" => {
            let g = acct
                .group_by_name(name)
                .filter(|g| g.arn(acct.partition()) == arn)
                .ok_or_else(not_found)?;
            policies = gathered(group_policies(acct, g));
            for uid in acct.group_members.get(&g.id).into_iter().flatten() {
                if let Some(u) = acct.users.get(uid) {
                    entities.push(user_entity(u, acct.partition()));
                }
            }
        }
        "policy" => {
            resolve_policy(acct, arn).ok_or_else(not_found)?;
            policies.extend(managed(acct, arn));
            if let Some(a) = acct.attachments.get(arn) {
                let mut users: Vec<&String> = a.users.iter().collect();
                for gid in &a.groups {
                    users.extend(acct.group_members.get(gid).into_iter().flatten());
                }
                users.sort();
                users.dedup();
                entities.extend(
                    users
                        .into_iter()
                        .filter_map(|u| acct.users.get(u))
                        .map(|u| user_entity(u, partition)),
                );
                entities.extend(
                    a.roles
                        .iter()
                        .filter_map(|r| acct.roles.get(r))
                        .map(|r| role_entity(r, partition)),
                );
            }
        }
        _ => return Err(invalid()),
    }
    Ok((entities, policies))
}

fn no_such_job(id: &str) -> IamError {
    IamError::NoSuchEntity(format!("The job with ID {id} cannot be found."))
}

/// A number of entities or services as the model's integer (never near `i32::MAX`).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A job's completion status: jobs complete when they are created.
const COMPLETED: &str = "COMPLETED";

fn entity_info(e: &Entity) -> api::EntityInfo {
    api::EntityInfo {
        arn: e.arn.clone(),
        name: e.name.clone(),
        r#type: e.kind.clone(),
        id: e.id.clone(),
        path: Some(e.path.clone()),
    }
}

impl Iam {
    fn job(&self, caller: &Caller, id: &str) -> IamResult<Arc<Job>> {
        let state = self.state.read();
        let jobs = state.activity.jobs.lock();
        jobs.get(id)
            .filter(|j| j.account_id == caller.account_id)
            .cloned()
            .ok_or_else(|| no_such_job(id))
    }

    pub async fn generate_service_last_accessed_details(
        &self,
        caller: &Caller,
        input: api::GenerateServiceLastAccessedDetailsRequest,
    ) -> IamResult<api::GenerateServiceLastAccessedDetailsResponse> {
        let job_type = input
            .granularity
            .unwrap_or_else(|| "SERVICE_LEVEL".to_string());
        let job = {
            let state: &State = &self.state.read();
            let acct = Iam::account_of(state, caller)?;
            let (entities, policies) = resolve(acct, &input.arn)?;
            let mut services = BTreeMap::new();
            for ns in allowed_namespaces(policies.iter().map(|p| &**p)) {
                let rows = entities
                    .iter()
                    .map(|e| {
                        let last = state.activity.last_access(&caller.account_id, &e.id, ns);
                        (e.clone(), last)
                    })
                    .collect();
                services.insert(ns.to_string(), rows);
            }
            Job {
                account_id: caller.account_id.clone(),
                created: now(),
                job_type,
                services,
            }
        };
        let id = uuid_v4();
        self.keep_job(id.clone(), job).await?;
        Ok(api::GenerateServiceLastAccessedDetailsResponse { job_id: Some(id) })
    }

    pub async fn get_service_last_accessed_details(
        &self,
        caller: &Caller,
        input: api::GetServiceLastAccessedDetailsRequest,
    ) -> IamResult<api::GetServiceLastAccessedDetailsResponse> {
        let job = self.job(caller, &input.job_id)?;
        let rows = SERVICES
            .iter()
            .filter_map(|(ns, name)| job.services.get(*ns).map(|rows| (ns, name, rows)))
            .map(|(ns, name, rows)| {
                let accessed: Vec<_> = rows.iter().filter_map(|(_, a)| a.as_ref()).collect();
                let last = accessed.iter().max_by_key(|a| a.date);
                let service = api::ServiceLastAccessed {
                    service_name: name.to_string(),
                    service_namespace: ns.to_string(),
                    last_authenticated: last.map(|a| iso8601(a.date)),
                    last_authenticated_entity: last.map(|a| a.principal_arn.clone()),
                    last_authenticated_region: last.map(|a| a.region.clone()),
                    total_authenticated_entities: Some(count(accessed.len())),
                    tracked_actions_last_accessed: None,
                };
                (ns.to_string(), service)
            });
        let (services, next) = page(rows, input.marker.as_deref(), max_items(input.max_items))?;
        Ok(api::GetServiceLastAccessedDetailsResponse {
            job_status: COMPLETED.into(),
            job_type: Some(job.job_type.clone()),
            job_creation_date: iso8601(job.created),
            services_last_accessed: services,
            job_completion_date: iso8601(job.created),
            is_truncated: Some(next.is_some()),
            marker: next,
            error: None,
        })
    }

    pub async fn get_service_last_accessed_details_with_entities(
        &self,
        caller: &Caller,
        input: api::GetServiceLastAccessedDetailsWithEntitiesRequest,
    ) -> IamResult<api::GetServiceLastAccessedDetailsWithEntitiesResponse> {
        let job = self.job(caller, &input.job_id)?;
        let rows = job
            .services
            .get(input.service_namespace.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let items = rows.iter().map(|(e, last)| {
            let details = api::EntityDetails {
                entity_info: entity_info(e),
                last_authenticated: last.as_ref().map(|a| iso8601(a.date)),
            };
            (e.arn.clone(), details)
        });
        let (entities, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
        Ok(api::GetServiceLastAccessedDetailsWithEntitiesResponse {
            job_status: COMPLETED.into(),
            job_creation_date: iso8601(job.created),
            job_completion_date: iso8601(job.created),
            entity_details_list: entities,
            is_truncated: Some(next.is_some()),
            marker: next,
            error: None,
        })
    }
}

fn invalid_entity_path(path: &str) -> IamError {
    IamError::InvalidInput(format!("The entity path {path} is not valid."))
}

/// The services the SCPs attached at one level allow: the union of their Allow statements.
fn level_namespaces(o: &crate::organizations::OrgState, target: &str) -> Vec<&'static str> {
    let scps = o
        .by_target
        .get(target)
        .into_iter()
        .flatten()
        .filter(|id| {
            o.policies
                .get(*id)
                .is_some_and(|p| p.policy_type == crate::organizations::OrgPolicyType::Scp)
        })
        .filter_map(|id| o.compiled.get(id).map(|p| &**p));
    allowed_namespaces(scps)
}

impl Iam {
    /// GenerateOrganizationsAccessReport (IAM User Guide: access_policies_access-advisor,
    /// "Viewing last accessed information for Organizations"): only the management account,
    /// with SCPs enabled on the root. Computed at once; kept in memory like the other jobs.
    pub async fn generate_organizations_access_report(
        &self,
        caller: &Caller,
        input: api::GenerateOrganizationsAccessReportRequest,
    ) -> IamResult<api::GenerateOrganizationsAccessReportResponse> {
        let path = input.entity_path.as_str();
        let policy_id = input.organizations_policy_id.as_deref();
        let job = {
            let state: &State = &self.state.read();
            let o = state
            .organizations
            .of_account(&caller.account_id)
            .filter(|o| o.management() == caller.account_id)
            .ok_or_else(|| {
                IamError::AccessDenied(
                    "GenerateOrganizationsAccessReport can be called only from the management account of an organization."
                        .into(),
                )
            })?;
            if !o.org.scp_enabled {
                return Err(IamError::InvalidInput(
                    "Service control policies must be enabled for the organization root.".into(),
                ));
            }
            // The path must be the entity's own: org/root[/ou…][/account].
            let entity = path.rsplit('/').next().unwrap_or_default();
            let is_account = o.accounts.contains_key(entity);
            if !(is_account || o.is_parent(entity)) {
                return Err(invalid_entity_path(path));
            }
            let path_of = |id: &str| format!("{}/{}", o.org.id, o.levels(id).join("/"));
            if path.trim_end_matches('/') != path_of(entity) {
                return Err(invalid_entity_path(path));
            }
            let policy = match policy_id {
                Some(id) => Some(
                    o.policies
                        .get(id)
                        .filter(|p| p.policy_type == crate::organizations::OrgPolicyType::Scp)
                        .ok_or_else(|| {
                            IamError::InvalidInput(format!(
                                "The policy with ID {id} cannot be found."
                            ))
                        })?,
                ),
                None => None,
            };
            let management = o.management();
            let (accounts, namespaces): (Vec<&String>, Vec<&'static str>) = if entity == management
            {
                // SCPs never restrict the management account: every service, its data only.
                (
                    vec![&o.org.management_account_id],
                    SERVICES.iter().map(|(ns, _)| *ns).collect(),
                )
            } else {
                let within = o
                    .accounts
                    .keys()
                    .filter(|a| *a != management && o.levels(a).iter().any(|l| l == entity));
                match policy {
                    Some(p) => (
                        within
                            .filter(|a| o.levels(a).iter().any(|l| p.targets.contains(l)))
                            .collect(),
                        allowed_namespaces(o.compiled.get(&p.id).map(|p| &**p).into_iter()),
                    ),
                    None => {
                        // Allowed at every level from the root down to the entity.
                        let mut allowed: Vec<&'static str> =
                            SERVICES.iter().map(|(ns, _)| *ns).collect();
                        for level in o.levels(entity) {
                            let here = level_namespaces(o, &level);
                            allowed.retain(|ns| here.contains(ns));
                        }
                        (within.collect(), allowed)
                    }
                }
            };
            let mut services = BTreeMap::new();
            for ns in namespaces {
                let rows: Vec<_> = accounts
                    .iter()
                    .filter_map(|a| {
                        state
                            .activity
                            .account_last_access(a, ns)
                            .map(|r| (path_of(a), r))
                    })
                    .collect();
                services.insert(ns.to_string(), rows);
            }
            OrgJob {
                account_id: caller.account_id.clone(),
                created: now(),
                services,
            }
        };
        let id = uuid_v4();
        self.keep_org_job(id.clone(), job).await?;
        Ok(api::GenerateOrganizationsAccessReportResponse { job_id: Some(id) })
    }

    pub async fn get_organizations_access_report(
        &self,
        caller: &Caller,
        input: api::GetOrganizationsAccessReportRequest,
    ) -> IamResult<api::GetOrganizationsAccessReportResponse> {
        let id = input.job_id.as_str();
        let job = {
            let state = self.state.read();
            let jobs = state.activity.org_jobs.lock();
            jobs.get(id)
                .filter(|j| j.account_id == caller.account_id)
                .cloned()
                .ok_or_else(|| no_such_job(id))?
        };
        let mut rows: Vec<(String, Option<i64>, api::AccessDetail)> = SERVICES
            .iter()
            .filter_map(|(ns, name)| job.services.get(*ns).map(|rows| (ns, name, rows)))
            .map(|(ns, name, rows)| {
                let last = rows.iter().max_by_key(|(_, r)| r.date);
                let detail = api::AccessDetail {
                    service_name: name.to_string(),
                    service_namespace: ns.to_string(),
                    region: last.map(|(_, r)| r.region.clone()),
                    entity_path: last.map(|(path, _)| path.clone()),
                    last_authenticated_time: last.map(|(_, r)| iso8601(r.date)),
                    total_authenticated_entities: Some(count(rows.len())),
                };
                (ns.to_string(), last.map(|(_, r)| r.date), detail)
            })
            .collect();
        let accessible = rows.len();
        let not_accessed = rows.iter().filter(|(_, d, _)| d.is_none()).count();
        match input
            .sort_key
            .as_deref()
            .unwrap_or("SERVICE_NAMESPACE_ASCENDING")
        {
            "SERVICE_NAMESPACE_DESCENDING" => rows.reverse(),
            "LAST_AUTHENTICATED_TIME_ASCENDING" => rows.sort_by_key(|(_, d, _)| *d),
            "LAST_AUTHENTICATED_TIME_DESCENDING" => {
                rows.sort_by_key(|(_, d, _)| std::cmp::Reverse(*d));
            }
            _ => {}
        }
        // The marker is the row's position: the order depends on SortKey.
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, (_, _, detail))| (format!("{i:08}"), detail));
        let (details, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
        Ok(api::GetOrganizationsAccessReportResponse {
            job_status: COMPLETED.into(),
            job_creation_date: iso8601(job.created),
            job_completion_date: Some(iso8601(job.created)),
            number_of_services_accessible: Some(count(accessible)),
            number_of_services_not_accessed: Some(count(not_accessed)),
            access_details: Some(details),
            is_truncated: Some(next.is_some()),
            marker: next,
            error_details: None,
        })
    }
}

/// One permissions policy of an identity, as ListPoliciesGrantingServiceAccess names it.
struct NamedPolicy<'a> {
    name: &'a str,
    /// Managed: its ARN. Inline: `None`.
    arn: Option<&'a str>,
    /// Inline: the type and name of the entity it is embedded in.
    owner: Option<(&'static str, &'a str)>,
    /// `None` if the stored document no longer compiles (it grants nothing).
    policy: Option<Arc<Policy>>,
}

impl NamedPolicy<'_> {
    fn granting_shape(&self) -> api::PolicyGrantingServiceAccess {
        api::PolicyGrantingServiceAccess {
            policy_name: self.name.to_string(),
            policy_type: if self.arn.is_some() {
                "MANAGED"
            } else {
                "INLINE"
            }
            .into(),
            policy_arn: self.arn.map(str::to_string),
            entity_type: self.owner.map(|(kind, _)| kind.to_string()),
            entity_name: self.owner.map(|(_, name)| name.to_string()),
        }
    }
}

/// `key` gives the compiled key of an inline policy of the owner by its name.
fn named_policies<'a>(
    acct: &'a AccountState,
    owner: (&'static str, &'a str),
    inline: &'a BTreeMap<String, String>,
    key: impl Fn(&str) -> String,
    attached: &'a [String],
    out: &mut Vec<NamedPolicy<'a>>,
) {
    for name in inline.keys() {
        out.push(NamedPolicy {
            name,
            arn: None,
            owner: Some(owner),
            policy: acct.compiled.get(&key(name)).cloned(),
        });
    }
    for arn in attached {
        // A managed policy attached twice (user and group) is listed once.
        if out.iter().any(|p| p.arn == Some(arn.as_str())) {
            continue;
        }
        if let Some(p) = resolve_policy(acct, arn) {
            out.push(NamedPolicy {
                name: &p.name,
                arn: Some(arn),
                owner: None,
                policy: managed(acct, arn),
            });
        }
    }
}

impl Iam {
    /// ListPoliciesGrantingServiceAccess (IAM User Guide: access_policies_access-advisor-view-data):
    /// for each service namespace, the permissions policies of a user (its own and its groups'),
    /// a group (its own) or a role (its own) that allow some action of the service. Boundaries,
    /// session, resource-based and Organizations policies are not considered.
    pub async fn list_policies_granting_service_access(
        &self,
        caller: &Caller,
        input: api::ListPoliciesGrantingServiceAccessRequest,
    ) -> IamResult<api::ListPoliciesGrantingServiceAccessResponse> {
        let arn = input.arn.as_str();
        let namespaces = input.service_namespaces;
        // One page always; a made-up marker is still refused.
        crate::paging::check_marker(input.marker.as_deref())?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let invalid = || IamError::InvalidInput(format!("ARN {arn} is not valid."));
            let not_found =
                || IamError::NoSuchEntity(format!("The entity with ARN {arn} cannot be found."));
            let rest = arn
                .strip_prefix(&crate::arns::iam(acct.partition(), &acct.account.id, ""))
                .ok_or_else(invalid)?;
            let (kind, _) = rest.split_once('/').ok_or_else(invalid)?;
            let name = rest.rsplit('/').next().unwrap_or_default();
            let mut policies = Vec::new();
            match kind {
                "user" => {
                    let u = acct
                        .user_by_name(name)
                        .filter(|u| u.arn(acct.partition()) == arn)
                        .ok_or_else(not_found)?;
                    named_policies(
                        acct,
                        ("USER", &u.name),
                        &u.inline_policies,
                        |n| compiled_key_user(&u.id, n),
                        &u.attached_policies,
                        &mut policies,
                    );
                    for g in u.groups.iter().filter_map(|g| acct.groups.get(g)) {
                        named_policies(
                            acct,
                            ("GROUP", &g.name),
                            &g.inline_policies,
                            |n| compiled_key_group(&g.id, n),
                            &g.attached_policies,
                            &mut policies,
                        );
                    }
                }
                "group" => {
                    let g = acct
                        .group_by_name(name)
                        .filter(|g| g.arn(acct.partition()) == arn)
                        .ok_or_else(not_found)?;
                    named_policies(
                        acct,
                        ("GROUP", &g.name),
                        &g.inline_policies,
                        |n| compiled_key_group(&g.id, n),
                        &g.attached_policies,
                        &mut policies,
                    );
                }
                "role" => {
                    let r = acct
                        .role_by_name(name)
                        .filter(|r| r.arn(acct.partition()) == arn)
                        .ok_or_else(not_found)?;
                    named_policies(
                        acct,
                        ("ROLE", &r.name),
                        &r.inline_policies,
                        |n| compiled_key_role(&r.id, n),
                        &r.attached_policies,
                        &mut policies,
                    );
                }
                _ => return Err(invalid()),
            }
            let entries = namespaces
                .iter()
                .map(|ns| {
                    let granting = policies
                        .iter()
                        .filter(|p| p.policy.as_ref().is_some_and(|p| grants_namespace(p, ns)))
                        .map(NamedPolicy::granting_shape)
                        .collect();
                    api::ListPoliciesGrantingServiceAccessEntry {
                        service_namespace: Some(ns.clone()),
                        policies: Some(granting),
                    }
                })
                .collect();
            Ok(api::ListPoliciesGrantingServiceAccessResponse {
                policies_granting_service_access: entries,
                is_truncated: Some(false),
                marker: None,
            })
        })
    }
}

/// A random UUID (RFC 4122 version 4), as AWS's job IDs are.
fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl Iam {
    /// Stores a completed service-last-accessed job under `id` (a record every node loads),
    /// deleting the oldest one when `MAX_JOBS` are kept already.
    async fn keep_job(&self, id: String, job: Job) -> IamResult<()> {
        self.write(|state, tx| {
            state.activity.put_job(tx, id, job, MAX_JOBS);
            Ok(())
        })
        .await
    }

    /// `keep_job` for an Organizations access report.
    async fn keep_org_job(&self, id: String, job: OrgJob) -> IamResult<()> {
        self.write(|state, tx| {
            state.activity.put_org_job(tx, id, job, MAX_JOBS);
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn namespaces(doc: &str) -> Vec<&'static str> {
        let policy = iam_policy::parse_policy(doc, iam_policy::PolicyKind::Identity).unwrap();
        allowed_namespaces(std::iter::once(&policy))
    }

    #[test]
    fn namespaces_from_allow_statements() {
        let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert_eq!(namespaces(admin), vec!["iam", "organizations", "sts"]);
        let some = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","s3:*"],"Resource":"*"},
            {"Effect":"Deny","Action":"sts:*","Resource":"*"}]}"#;
        assert_eq!(namespaces(some), vec!["iam"]);
        let not = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#;
        assert_eq!(namespaces(not), vec!["organizations", "sts"]);
        let cased = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["Organizations:List*","STS:Get*"],"Resource":"*"}}"#;
        assert_eq!(namespaces(cased), vec!["organizations", "sts"]);
        let not_cased = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":["IAM:**","sts:Get*"],"Resource":"*"}}"#;
        assert_eq!(namespaces(not_cased), vec!["organizations", "sts"]);
    }

    #[test]
    fn job_ids_are_uuids() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
