//! STS: GetCallerIdentity, AssumeRole, GetSessionToken, GetAccessKeyInfo
//! (IAM User Guide: id_credentials_temp_request, id_roles_use_switch-role-api).
use super::*;
use crate::entities::{Tag, iso8601, now};
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam, Principal};
use crate::sessions::{SessionClaims, SessionKind, seal_token};
use iam_api::sts as api;

/// Role chaining caps a session at one hour (IAM User Guide: id_roles_terms-and-concepts).
const CHAINED_MAX: i64 = 3600;
/// AWS's packed limit for session policy + session tags, as a percentage base.
const PACKED_POLICY_LIMIT: usize = 2048;

/// A session's credentials as the model's `Credentials`, with its sealed `token`.
pub(crate) fn credentials_shape(c: &SessionClaims, token: &str) -> api::Credentials {
    api::Credentials {
        access_key_id: c.access_key_id.clone(),
        secret_access_key: c.secret_access_key.clone(),
        session_token: token.to_string(),
        expiration: iso8601(c.expires),
    }
}

/// A request's optional session `Tags` member (STS's `Tag`).
pub(crate) fn session_tags_in(tags: Option<Vec<api::Tag>>) -> Vec<Tag> {
    tags.unwrap_or_default()
        .into_iter()
        .map(|t| Tag {
            key: t.key,
            value: t.value,
        })
        .collect()
}

/// A request's optional `PolicyArns` member: the ARNs given (an entry without one is skipped).
pub(crate) fn policy_arns_in(policy_arns: Option<Vec<api::PolicyDescriptorType>>) -> Vec<String> {
    policy_arns
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.arn)
        .collect()
}

impl Iam {
    pub async fn get_caller_identity(
        &self,
        caller: &Caller,
        _input: api::GetCallerIdentityRequest,
    ) -> IamResult<api::GetCallerIdentityResponse> {
        Ok(api::GetCallerIdentityResponse {
            user_id: Some(caller.user_id()),
            account: Some(caller.account_id.clone()),
            arn: Some(caller.arn()),
        })
    }

    pub async fn assume_role(
        &self,
        caller: &Caller,
        input: api::AssumeRoleRequest,
    ) -> IamResult<api::AssumeRoleResponse> {
        let role_arn = input.role_arn;
        let session_name = input.role_session_name;
        let chained = matches!(caller.principal, Principal::AssumedRole { .. });
        let session_policy = input.policy;
        if let Some(doc) = &session_policy {
            validate_document(doc, PolicyLimit::Managed, &session_name)?;
        }
        let policy_arns = policy_arns_in(input.policy_arns);
        let mut tags = session_tags_in(input.tags);
        // STS's code for refused session tags is InvalidParameterValue (recorded:
        // `tests/conformance/aws-recorded/sts/test_sts.snapshot.json`,
        // test_assume_role_tag_validation and test_iam_role_chaining_override_transitive_tags).
        check_duplicate_tag_keys(&tags).map_err(|e| match e {
            IamError::InvalidInput(m) => IamError::InvalidParameterValue(m),
            other => other,
        })?;
        let mut transitive = input.transitive_tag_keys.unwrap_or_default();
        // Each transitive key must name a requested tag, ignoring case (recorded:
        // `invalid-transitive-tag-keys`; `sessiontag1` for tag `SessionTag1` is accepted).
        if transitive
            .iter()
            .any(|k| !tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
        {
            return Err(IamError::InvalidParameterValue(
                "The specified transitive tag key must be included in the requested tags.".into(),
            ));
        }
        // Transitive tags of the calling session pass on to the chained session.
        if let Some(s) = &caller.session {
            for key in &s.transitive_tag_keys {
                if let Some(t) = s.tags.iter().find(|t| t.key.eq_ignore_ascii_case(key)) {
                    if tags.iter().any(|n| n.key.eq_ignore_ascii_case(key)) {
                        return Err(IamError::InvalidParameterValue(
                            "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.".into(),
                        ));
                    }
                    tags.push(t.clone());
                    transitive.push(key.clone());
                }
            }
        }
        let packed = session_policy
            .as_deref()
            .map_or(0, crate::policy_docs::packed_size)
            + tags
                .iter()
                .map(|t| t.key.len() + t.value.len())
                .sum::<usize>();
        if packed > PACKED_POLICY_LIMIT {
            return Err(IamError::PackedPolicyTooLarge(format!(
                "Packed size of consumed session policies and session tags exceeds the limit: {}% of the limit",
                packed * 100 / PACKED_POLICY_LIMIT
            )));
        }
        let requested = input.duration_seconds.map(i64::from);
        let source_identity = input.source_identity;
        let t = now();
        let (claims, role_id) = self.read(|state| {
            // The role's exact ARN, in the caller's partition: roles delegate only within a
            // partition (IAM User Guide: id_roles_compare-resource-policies).
            let account = crate::arns::split_iam(&role_arn).map_or("", |(_, account, _)| account);
            let role = state
                .accounts
                .get(account)
                .filter(|a| a.partition() == caller.partition)
                .and_then(|a| {
                    let name = role_arn.rsplit('/').next().unwrap_or_default();
                    a.role_by_name(name)
                })
                .filter(|r| r.arn(caller.partition) == role_arn)
                .ok_or_else(|| {
                    IamError::AccessDenied(format!(
                        "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                        caller.arn()
                    ))
                })?;
            let duration = requested.unwrap_or(3600);
            if chained && duration > CHAINED_MAX {
                return Err(IamError::ValidationError(
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.".into(),
                ));
            }
            if duration > role.max_session_duration {
                return Err(IamError::ValidationError(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.".into(),
                ));
            }
            let claims = SessionClaims {
                access_key_id: new_id(IdKind::TemporaryAccessKey),
                secret_access_key: new_secret_access_key(),
                account_id: role.account_id.clone(),
                kind: SessionKind::AssumedRole {
                    role_id: role.id.clone(),
                    role_name: role.name.clone(),
                    role_arn: role.arn(caller.partition),
                    session_name: session_name.clone(),
                },
                issued: t,
                expires: t + duration,
                mfa_auth_time: caller.mfa_auth_time,
                session_policy,
                policy_arns,
                tags,
                transitive_tag_keys: transitive,
                source_identity,
                chained,
            };
            Ok((claims, role.id.clone()))
        })?;
        let token = seal_token(&self.master, &claims);
        // RoleLastUsed, as AWS reports it.
        let account = claims.account_id.clone();
        let region = caller.partition.iam_region().to_string();
        self.write(|state, tx| {
            if let Some(acct) = state.accounts.get_mut(&account)
                && let Some(role) = acct.roles.get(&role_id).cloned()
            {
                let mut role = role;
                role.last_used = Some(crate::entities::RoleLastUsed { date: t, region });
                acct.put_role(tx, role);
            }
            Ok(())
        })
        .await?;
        let assumed = Caller {
            account_id: claims.account_id.clone(),
            partition: caller.partition,
            principal: match &claims.kind {
                SessionKind::AssumedRole {
                    role_id,
                    role_name,
                    role_arn,
                    session_name,
                } => Principal::AssumedRole {
                    role_id: role_id.clone(),
                    role_name: role_name.clone(),
                    role_arn: role_arn.clone(),
                    session_name: session_name.clone(),
                },
                _ => Principal::Root,
            },
            access_key_id: claims.access_key_id.clone(),
            session: None,
            mfa_auth_time: None,
        };
        Ok(api::AssumeRoleResponse {
            credentials: Some(credentials_shape(&claims, &token)),
            assumed_role_user: Some(api::AssumedRoleUser {
                assumed_role_id: assumed.user_id(),
                arn: assumed.arn(),
            }),
            packed_policy_size: packed_policy_size(packed),
            source_identity: claims.source_identity.clone(),
        })
    }

    pub async fn get_session_token(
        &self,
        caller: &Caller,
        input: api::GetSessionTokenRequest,
    ) -> IamResult<api::GetSessionTokenResponse> {
        let (kind, max, default) = match &caller.principal {
            Principal::Root => (SessionKind::Root, 3600, 3600),
            Principal::User { id, .. } => (
                SessionKind::User {
                    user_id: id.clone(),
                },
                129_600,
                43_200,
            ),
            Principal::AssumedRole { .. } | Principal::FederatedUser { .. } => {
                return Err(IamError::AccessDenied(
                    "Cannot call GetSessionToken with session credentials".into(),
                ));
            }
        };
        let duration = input.duration_seconds.map_or(default, i64::from).min(max);
        let t = now();
        let claims = SessionClaims {
            access_key_id: new_id(IdKind::TemporaryAccessKey),
            secret_access_key: new_secret_access_key(),
            account_id: caller.account_id.clone(),
            kind,
            issued: t,
            expires: t + duration,
            mfa_auth_time: caller.mfa_auth_time,
            session_policy: None,
            policy_arns: Vec::new(),
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            chained: false,
        };
        let token = seal_token(&self.master, &claims);
        Ok(api::GetSessionTokenResponse {
            credentials: Some(credentials_shape(&claims, &token)),
        })
    }

    pub async fn get_access_key_info(
        &self,
        caller: &Caller,
        input: api::GetAccessKeyInfoRequest,
    ) -> IamResult<api::GetAccessKeyInfoResponse> {
        let key = input.access_key_id;
        let account = self
            .read(|s| s.keys.get(&key).map(|k| k.record.account_id.clone()))
            .unwrap_or_else(|| caller.account_id.clone());
        Ok(api::GetAccessKeyInfoResponse {
            account: Some(account),
        })
    }
}

/// `PackedPolicySize`: the packed session policies and tags as a percentage of AWS's limit,
/// left out when nothing was packed.
pub(crate) fn packed_policy_size(packed: usize) -> Option<i32> {
    (packed > 0).then(|| i32::try_from(packed * 100 / PACKED_POLICY_LIMIT).unwrap_or(i32::MAX))
}
