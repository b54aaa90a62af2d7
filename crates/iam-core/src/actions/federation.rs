//! STS federation: AssumeRoleWithWebIdentity and AssumeRoleWithSAML (unsigned requests: the
//! token or assertion is the credential, the role's trust policy the only policy), and
//! GetFederationToken, DecodeAuthorizationMessage (IAM User Guide: id_roles_providers_oidc,
//! id_roles_providers_saml, id_credentials_temp_request, id_credentials_temp_control-access_getfederationtoken).
use super::sts::{credentials_shape, packed_policy_size, policy_arns_in, session_tags_in};
use super::*;
use crate::RequestInfo;
use crate::entities::{Role, RoleLastUsed, Tag, iso8601, now};
use crate::ids::{IdKind, new_id, new_secret_access_key};
use crate::jwt::Jwt;
use crate::policy_docs::{PolicyLimit, packed_size, validate_document};
use crate::secrets::Purpose;
use crate::service::{Caller, Iam, Principal};
use crate::sessions::{SessionClaims, SessionKind, seal_token};
use crate::state::{AccountState, State, compiled_key_trust};
use iam_api::sts as api;
use iam_policy::{Decision, EvaluationInput, PolicyRef, PrincipalRef, RequestContext, evaluate};

const PACKED_POLICY_LIMIT: usize = 2048;
/// Clock skew tolerated on `nbf`/`iat` and SAML NotBefore.
const SKEW: i64 = 300;
/// The audiences AWS accepts in a SAML assertion (id_roles_providers_create_saml_assertions).
const SAML_AUDIENCES: [&str; 2] = [
    "https://signin.aws.amazon.com/saml",
    "urn:amazon:webservices",
];
/// Prefix of authorization messages sealed by this server.
const AUTHZ_MESSAGE_PREFIX: &str = "IAMDAM";

/// The session-policy parameters shared by the AssumeRole* actions.
struct SessionPolicies {
    policy: Option<String>,
    arns: Vec<String>,
    packed: usize,
}

/// A request's `Policy` and `PolicyArns` members, checked (the session of `entity`, with the
/// session `tags` counted in the packed size).
fn session_policies(
    policy: Option<String>,
    policy_arns: Option<Vec<api::PolicyDescriptorType>>,
    entity: &str,
    tags: &[Tag],
) -> IamResult<SessionPolicies> {
    if let Some(doc) = &policy {
        validate_document(doc, PolicyLimit::Managed, entity)?;
    }
    let arns = policy_arns_in(policy_arns);
    let packed = policy.as_deref().map_or(0, packed_size)
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
    Ok(SessionPolicies {
        policy,
        arns,
        packed,
    })
}

/// Evaluates the role's trust policy for a federated principal: the trust policy decides,
/// within the resource control policies of the role's account (Organizations User Guide:
/// orgs_manage_policies_rcps — RCPs apply to sts:AssumeRoleWithWebIdentity/SAML and
/// sts:SetSourceIdentity on a member account's role, not to a service-linked role).
fn trust_allows(
    state: &State,
    acct: &AccountState,
    role: &Role,
    action: &str,
    provider: &str,
    keys: &[(String, Vec<String>)],
    info: &RequestInfo,
) -> bool {
    let Some(trust) = acct.compiled.get(&compiled_key_trust(&role.id)) else {
        return false;
    };
    let mut request = RequestContext::new(action.to_string(), role.arn());
    request.principal = Some(PrincipalRef::Federated(provider.to_string()));
    let ctx = &mut request.context;
    let t = now();
    ctx.set("aws:CurrentTime", iso8601(t));
    ctx.set("aws:EpochTime", t.to_string());
    ctx.set("aws:SecureTransport", info.secure_transport.to_string());
    ctx.set("aws:RequestedRegion", info.region.clone());
    if let Some(ip) = &info.source_ip {
        ctx.set("aws:SourceIp", ip.clone());
    }
    if let Some(ua) = &info.user_agent {
        ctx.set("aws:UserAgent", ua.clone());
    }
    for (k, v) in keys {
        ctx.set_many(k, v.iter().cloned());
    }
    let account = &acct.account.id;
    ctx.set("aws:ResourceAccount", account.clone());
    if let Some((org, path)) = state.organizations.org_keys(account) {
        ctx.set("aws:ResourceOrgID", org);
        ctx.set("aws:ResourceOrgPaths", path);
    }
    let rcps = if role.is_service_linked() {
        None
    } else {
        state.organizations.rcp_levels(action, account)
    };
    let eval = EvaluationInput {
        identity: Vec::new(),
        resource: vec![PolicyRef {
            policy: trust,
            name: "trust policy",
        }],
        boundary: None,
        session: None,
        scps: None,
        rcps,
        same_account: true,
    };
    let result = evaluate(&request, &eval);
    if result.decision != Decision::Allow {
        tracing::info!(
            request_id = info.request_id,
            action,
            provider,
            "trust policy denies"
        );
    }
    result.decision == Decision::Allow
}

/// What a new role session needs besides the role.
struct NewRoleSession {
    session_name: String,
    duration: i64,
    policies: SessionPolicies,
    source_identity: Option<String>,
}

impl Iam {
    /// Issues the role session (checks DurationSeconds against the role) and records the
    /// role's last use.
    async fn issue_role_session(
        &self,
        role: &Role,
        s: NewRoleSession,
    ) -> IamResult<(SessionClaims, String)> {
        if s.duration > role.max_session_duration {
            return Err(IamError::ValidationError(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                    .into(),
            ));
        }
        let t = now();
        let claims = SessionClaims {
            access_key_id: new_id(IdKind::TemporaryAccessKey),
            secret_access_key: new_secret_access_key(),
            account_id: role.account_id.clone(),
            kind: SessionKind::AssumedRole {
                role_id: role.id.clone(),
                role_name: role.name.clone(),
                role_arn: role.arn(),
                session_name: s.session_name,
            },
            issued: t,
            expires: t + s.duration,
            mfa_auth_time: None,
            session_policy: s.policies.policy,
            policy_arns: s.policies.arns,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: s.source_identity,
            chained: false,
        };
        let token = seal_token(&self.master, &claims);
        let (account, role_id) = (role.account_id.clone(), role.id.clone());
        self.write(|state, tx| {
            if let Some(acct) = state.accounts.get_mut(&account)
                && let Some(mut role) = acct.roles.get(&role_id).cloned()
            {
                role.last_used = Some(RoleLastUsed {
                    date: t,
                    region: "us-east-1".into(),
                });
                acct.put_role(tx, role);
            }
            Ok(())
        })
        .await?;
        Ok((claims, token))
    }

    pub async fn assume_role_with_web_identity(
        &self,
        input: api::AssumeRoleWithWebIdentityRequest,
        info: &RequestInfo,
    ) -> IamResult<api::AssumeRoleWithWebIdentityResponse> {
        let role_arn = input.role_arn;
        let session_name = input.role_session_name;
        let token = input.web_identity_token;
        let policies = session_policies(input.policy, input.policy_arns, &session_name, &[])?;
        let invalid = |m: &str| IamError::InvalidIdentityToken(m.to_string());
        let jwt = Jwt::decode(&token).map_err(|_| {
            invalid("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
        })?;
        let iss = jwt.claim_str("iss").unwrap_or_default().to_string();
        let denied = || {
            IamError::AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity".into())
        };
        let (role, provider_arn, audience, keys) = self.read(|state| {
            let (acct, role) = state.assumable_role(&role_arn).ok_or_else(denied)?;
            // The provider is found by the issuer, in the role's account.
            let url = iss.strip_prefix("https://").unwrap_or(&iss).trim_end_matches('/');
            let provider_arn = format!("arn:aws:iam::{}:oidc-provider/{url}", acct.account.id);
            let provider = acct
                .oidc_providers
                .get(&provider_arn)
                .filter(|_| iss.starts_with("https://"))
                .ok_or_else(|| {
                    invalid(&format!("No OpenIDConnect provider found in your account for {iss}"))
                })?;
            let jwks = provider.jwks.as_deref().ok_or_else(|| {
                invalid("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements")
            })?;
            jwt.verify(jwks).map_err(|e| match e {
                crate::jwt::JwtError::UnsupportedAlgorithm(_) => {
                    invalid("The token's signing algorithm is not supported (RS256 and ES256 are)")
                }
                _ => invalid("The signature of the token is not valid"),
            })?;
            let t = now();
            let exp = jwt
                .claim_time("exp")
                .ok_or_else(|| invalid("The token has no expiration (exp) claim"))?;
            if t >= exp {
                return Err(IamError::ExpiredTokenException(format!(
                    "Token expired: current date/time {t} must be before the expiration date/time{exp}"
                )));
            }
            if jwt.claim_time("nbf").is_some_and(|nbf| nbf > t + SKEW)
                || jwt.claim_time("iat").is_some_and(|iat| iat > t + SKEW)
            {
                return Err(invalid("The token is not valid yet"));
            }
            let audience = jwt
                .claim_strings("aud")
                .into_iter()
                .find(|a| provider.client_ids.contains(a))
                .ok_or_else(|| invalid("Incorrect token audience"))?;
            // Condition keys of the trust policy: `<provider url>:aud|sub|amr|oaud`.
            let mut keys: Vec<(String, Vec<String>)> = vec![
                (format!("{url}:aud"), vec![jwt.claim_str("azp").unwrap_or(&audience).to_string()]),
                (format!("{url}:oaud"), vec![audience.clone()]),
                (format!("{url}:sub"), jwt.claim_str("sub").map(str::to_string).into_iter().collect()),
                ("aws:FederatedProvider".into(), vec![provider_arn.clone()]),
                ("sts:RoleSessionName".into(), vec![session_name.clone()]),
            ];
            let amr = jwt.claim_strings("amr");
            if !amr.is_empty() {
                keys.push((format!("{url}:amr"), amr));
            }
            if !trust_allows(state, acct, role, "sts:AssumeRoleWithWebIdentity", &provider_arn, &keys, info) {
                return Err(denied());
            }
            Ok((role.clone(), provider_arn, audience, keys))
        })?;
        let _ = keys;
        let duration = input.duration_seconds.map_or(3600, i64::from);
        let assumed_role_user = assumed_role_user(&role, &session_name);
        let (claims, token) = self
            .issue_role_session(
                &role,
                NewRoleSession {
                    session_name,
                    duration,
                    policies,
                    source_identity: None,
                },
            )
            .await?;
        let packed = claims.session_policy.as_deref().map_or(0, packed_size);
        let provider = provider_arn
            .split_once(":oidc-provider/")
            .map_or(iss.as_str(), |(_, u)| u);
        Ok(api::AssumeRoleWithWebIdentityResponse {
            credentials: Some(credentials_shape(&claims, &token)),
            subject_from_web_identity_token: Some(
                jwt.claim_str("sub").unwrap_or_default().to_string(),
            ),
            assumed_role_user: Some(assumed_role_user),
            packed_policy_size: packed_policy_size(packed),
            provider: Some(provider.to_string()),
            audience: Some(audience),
            source_identity: None,
        })
    }

    pub async fn assume_role_with_saml(
        &self,
        input: api::AssumeRoleWithSAMLRequest,
        info: &RequestInfo,
    ) -> IamResult<api::AssumeRoleWithSAMLResponse> {
        let role_arn = input.role_arn;
        let provider_arn = input.principal_arn;
        let assertion = input.saml_assertion;
        let invalid = |m: &str| IamError::InvalidIdentityToken(m.to_string());
        let denied =
            || IamError::AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML".into());
        let (role, claims, provider_name, account_id) = self.read(|state| {
            let (acct, role) = state.assumable_role(&role_arn).ok_or_else(denied)?;
            let provider = acct
                .saml_providers
                .get(&provider_arn)
                .ok_or_else(|| invalid(&format!("SAML provider {provider_arn} was not found in the account of the role")))?;
            let t = now();
            if provider.valid_until <= t {
                return Err(invalid("The SAML provider's metadata has expired"));
            }
            let claims = crate::saml::verify_response(&assertion, &provider.certificates)
                .map_err(|e| invalid(&e.to_string()))?;
            if claims.issuer != provider.entity_id {
                return Err(invalid("Issuer of the SAML assertion does not match the provider's entity ID"));
            }
            if !claims.audiences.iter().any(|a| SAML_AUDIENCES.contains(&a.as_str())) {
                return Err(invalid("Audience of the SAML assertion does not include https://signin.aws.amazon.com/saml"));
            }
            match claims.not_on_or_after {
                Some(n) if n > t => {}
                Some(_) => return Err(IamError::ExpiredTokenException("Assertion has expired".into())),
                None => return Err(invalid("The SAML assertion has no NotOnOrAfter")),
            }
            if claims.not_before.is_some_and(|nb| nb > t + SKEW) {
                return Err(invalid("The SAML assertion is not valid yet"));
            }
            if !claims.roles.iter().any(|(r, p)| *r == role_arn && *p == provider_arn) {
                return Err(denied());
            }
            let mut keys: Vec<(String, Vec<String>)> = vec![
                ("SAML:aud".into(), vec![claims.recipient.clone()]),
                ("SAML:iss".into(), vec![claims.issuer.clone()]),
                ("SAML:sub".into(), vec![claims.subject.clone()]),
                ("SAML:sub_type".into(), vec![claims.subject_type.clone()]),
                ("SAML:namequalifier".into(), vec![name_qualifier(&claims.issuer, &acct.account.id, &provider.name)]),
                ("SAML:doc".into(), vec![format!("{}/{}", acct.account.id, provider.name)]),
            ];
            if let Some(n) = claims.attribute(crate::saml::SESSION_NAME_ATTRIBUTE) {
                keys.push(("sts:RoleSessionName".into(), vec![n.to_string()]));
            }
            if !trust_allows(state, acct, role, "sts:AssumeRoleWithSAML", &provider_arn, &keys, info) {
                return Err(denied());
            }
            // A source identity from the assertion is set only where the trust policy also
            // allows sts:SetSourceIdentity (IAM User Guide: id_credentials_temp_control-access_monitor).
            if let Some(source) = claims.attribute(crate::saml::SOURCE_IDENTITY_ATTRIBUTE) {
                keys.push(("sts:SourceIdentity".into(), vec![source.to_string()]));
                if !trust_allows(state, acct, role, "sts:SetSourceIdentity", &provider_arn, &keys, info) {
                    return Err(IamError::AccessDenied(
                        "Not authorized to perform sts:SetSourceIdentity".into(),
                    ));
                }
            }
            Ok((role.clone(), claims, provider.name.clone(), acct.account.id.clone()))
        })?;
        let session_name = claims
            .attribute(crate::saml::SESSION_NAME_ATTRIBUTE)
            .filter(|n| {
                (2..=64).contains(&n.len())
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c))
            })
            .ok_or_else(|| invalid("The RoleSessionName attribute is missing or not valid"))?
            .to_string();
        let policies = session_policies(input.policy, input.policy_arns, &session_name, &[])?;
        let duration = input
            .duration_seconds
            .map(i64::from)
            .or_else(|| {
                claims
                    .attribute(crate::saml::SESSION_DURATION_ATTRIBUTE)
                    .and_then(|d| d.parse().ok())
            })
            .unwrap_or(3600);
        let source_identity = claims
            .attribute(crate::saml::SOURCE_IDENTITY_ATTRIBUTE)
            .map(str::to_string);
        let assumed_role_user = assumed_role_user(&role, &session_name);
        let (session, token) = self
            .issue_role_session(
                &role,
                NewRoleSession {
                    session_name,
                    duration,
                    policies,
                    source_identity,
                },
            )
            .await?;
        let packed = session.session_policy.as_deref().map_or(0, packed_size);
        let name_qualifier = name_qualifier(&claims.issuer, &account_id, &provider_name);
        Ok(api::AssumeRoleWithSAMLResponse {
            credentials: Some(credentials_shape(&session, &token)),
            assumed_role_user: Some(assumed_role_user),
            packed_policy_size: packed_policy_size(packed),
            subject: Some(claims.subject),
            subject_type: Some(claims.subject_type),
            issuer: Some(claims.issuer),
            audience: Some(claims.recipient),
            name_qualifier: Some(name_qualifier),
            source_identity: session.source_identity.clone(),
        })
    }

    pub async fn get_federation_token(
        &self,
        caller: &Caller,
        input: api::GetFederationTokenRequest,
    ) -> IamResult<api::GetFederationTokenResponse> {
        let name = input.name;
        let (user_id, max) = match &caller.principal {
            Principal::User { id, .. } => (Some(id.clone()), 129_600),
            Principal::Root => (None, 3600),
            Principal::AssumedRole { .. } | Principal::FederatedUser { .. } => {
                return Err(IamError::AccessDenied(
                    "Cannot call GetFederationToken with session credentials".into(),
                ));
            }
        };
        let tags = session_tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let policies = session_policies(input.policy, input.policy_arns, &name, &tags)?;
        // Longer than the maximum is cut to it (the root user's sessions to one hour).
        let duration = input.duration_seconds.map_or(43_200, i64::from).min(max);
        let t = now();
        let claims = SessionClaims {
            access_key_id: new_id(IdKind::TemporaryAccessKey),
            secret_access_key: new_secret_access_key(),
            account_id: caller.account_id.clone(),
            kind: SessionKind::FederatedUser {
                user_id,
                name: name.clone(),
            },
            issued: t,
            expires: t + duration,
            mfa_auth_time: None,
            session_policy: policies.policy,
            policy_arns: policies.arns,
            tags,
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            chained: false,
        };
        let token = seal_token(&self.master, &claims);
        Ok(api::GetFederationTokenResponse {
            credentials: Some(credentials_shape(&claims, &token)),
            federated_user: Some(api::FederatedUser {
                federated_user_id: format!("{}:{name}", caller.account_id),
                arn: format!("arn:aws:sts::{}:federated-user/{name}", caller.account_id),
            }),
            // Always there, 0 without a session policy (AWS-recorded: test_sts
            // `test_get_federation_token` "get-federation-token"); AssumeRole leaves it out then.
            packed_policy_size: Some(packed_policy_size(policies.packed).unwrap_or(0)),
        })
    }

    /// Seals an authorization decision's details (`{allowed, explicitDeny, matchedStatements,
    /// failures, context}`) into an opaque message that only DecodeAuthorizationMessage opens,
    /// and only for a caller of `account_id`. The details never hold a secret.
    pub fn encode_authorization_message(&self, account_id: &str, details: &Value) -> String {
        format!(
            "{AUTHZ_MESSAGE_PREFIX}{}",
            self.master.seal_for(
                Purpose::AuthorizationMessage,
                account_id,
                &details.to_string()
            )
        )
    }

    pub async fn decode_authorization_message(
        &self,
        caller: &Caller,
        input: api::DecodeAuthorizationMessageRequest,
    ) -> IamResult<api::DecodeAuthorizationMessageResponse> {
        let message = input.encoded_message;
        // Bound to its purpose and account: a session token or another account's message
        // does not open here (INVARIANT (sealed-purpose) in secrets.rs).
        let decoded = message
            .strip_prefix(AUTHZ_MESSAGE_PREFIX)
            .and_then(|m| {
                self.master
                    .open_for(Purpose::AuthorizationMessage, &caller.account_id, m)
            })
            .filter(|s| serde_json::from_str::<Value>(s.expose()).is_ok())
            .ok_or_else(|| {
                IamError::InvalidAuthorizationMessage(
                    "The encoded authorization message is invalid.".into(),
                )
            })?;
        Ok(api::DecodeAuthorizationMessageResponse {
            decoded_message: Some(decoded.expose().to_string()),
        })
    }
}

/// The `AssumedRoleUser` of a session of `role` named `session_name`.
fn assumed_role_user(role: &Role, session_name: &str) -> api::AssumedRoleUser {
    api::AssumedRoleUser {
        assumed_role_id: format!("{}:{session_name}", role.id),
        arn: format!(
            "arn:aws:sts::{}:assumed-role/{}/{session_name}",
            role.account_id, role.name
        ),
    }
}

/// AWS's NameQualifier: base64(SHA-1(issuer + account ID + "/" + provider name))
/// (IAM User Guide: id_roles_providers_saml, "uniquely identifying users").
fn name_qualifier(issuer: &str, account_id: &str, provider_name: &str) -> String {
    use base64::Engine;
    use sha1::Digest;
    let digest = sha1::Sha1::digest(format!("{issuer}{account_id}/{provider_name}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(digest)
}
