//! STS: GetCallerIdentity, AssumeRole, GetSessionToken, GetAccessKeyInfo
//! (IAM User Guide: id_credentials_temp_request, id_roles_use_switch-role-api).
use super::*;
use crate::entities::{Tag, iso8601, now};
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::input::Input;
use crate::policy_docs::{PolicyLimit, validate_document};
use crate::service::{Caller, Iam, Principal};
use crate::sessions::{SessionClaims, SessionKind, seal_token};

/// Role chaining caps a session at one hour (IAM User Guide: id_roles_terms-and-concepts).
const CHAINED_MAX: i64 = 3600;
/// AWS's packed limit for session policy + session tags, as a percentage base.
const PACKED_POLICY_LIMIT: usize = 2048;

fn credentials_json(c: &SessionClaims, token: &str) -> Value {
    json!({
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key,
        "SessionToken": token,
        "Expiration": iso8601(c.expires),
    })
}

impl Iam {
    pub async fn get_caller_identity(&self, caller: &Caller, _input: &Input) -> IamResult<Value> {
        Ok(json!({
            "UserId": caller.user_id(),
            "Account": caller.account_id,
            "Arn": caller.arn(),
        }))
    }

    pub async fn assume_role(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let role_arn = input.str("RoleArn")?.to_string();
        let session_name = input.str("RoleSessionName")?.to_string();
        let chained = matches!(caller.principal, Principal::AssumedRole { .. });
        let session_policy = input.opt_str("Policy").map(str::to_string);
        if let Some(doc) = &session_policy {
            validate_document(doc, PolicyLimit::Managed, &session_name)?;
        }
        let policy_arns: Vec<String> = input
            .0
            .get("PolicyArns")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("arn").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut tags: Vec<Tag> = input.tags("Tags");
        check_duplicate_tag_keys(&tags)?;
        let mut transitive: Vec<String> = input.strings("TransitiveTagKeys");
        // Transitive tags of the calling session pass on to the chained session.
        if let Some(s) = &caller.session {
            for key in &s.transitive_tag_keys {
                if let Some(t) = s.tags.iter().find(|t| t.key.eq_ignore_ascii_case(key)) {
                    if tags.iter().any(|n| n.key.eq_ignore_ascii_case(key)) {
                        return Err(IamError::InvalidInput(
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
        let requested = input.opt_i64("DurationSeconds");
        let t = now();
        let (claims, role_id) = self.read(|state| {
            let rest = role_arn.strip_prefix("arn:aws:iam::").unwrap_or_default();
            let (account, _) = rest.split_once(':').unwrap_or_default();
            let role = state
                .accounts
                .get(account)
                .and_then(|a| {
                    let name = role_arn.rsplit('/').next().unwrap_or_default();
                    a.role_by_name(name)
                })
                .filter(|r| r.arn() == role_arn)
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
                    role_arn: role.arn(),
                    session_name: session_name.clone(),
                },
                issued: t,
                expires: t + duration,
                mfa_auth_time: caller.mfa_auth_time,
                session_policy,
                policy_arns,
                tags,
                transitive_tag_keys: transitive,
                source_identity: input.opt_str("SourceIdentity").map(str::to_string),
                chained,
            };
            Ok((claims, role.id.clone()))
        })?;
        let token = seal_token(&self.master, &claims);
        // RoleLastUsed, as AWS reports it.
        let account = claims.account_id.clone();
        let region = "us-east-1".to_string();
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
        let mut out = json!({
            "Credentials": credentials_json(&claims, &token),
            "AssumedRoleUser": {"AssumedRoleId": assumed.user_id(), "Arn": assumed.arn()},
        });
        if packed > 0 {
            out["PackedPolicySize"] = json!(packed * 100 / PACKED_POLICY_LIMIT);
        }
        if let Some(s) = &claims.source_identity {
            out["SourceIdentity"] = json!(s);
        }
        Ok(out)
    }

    pub async fn get_session_token(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
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
        let duration = input.opt_i64("DurationSeconds").unwrap_or(default).min(max);
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
        Ok(json!({ "Credentials": credentials_json(&claims, &token) }))
    }

    pub async fn get_access_key_info(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let key = input.str("AccessKeyId")?;
        let account = self
            .read(|s| s.keys.get(key).map(|k| k.record.account_id.clone()))
            .unwrap_or_else(|| caller.account_id.clone());
        Ok(json!({ "Account": account }))
    }
}
