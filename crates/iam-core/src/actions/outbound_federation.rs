//! Outbound identity federation (IAM User Guide: id_roles_providers_outbound, "Getting started
//! with outbound identity federation"): Enable/DisableOutboundWebIdentityFederation,
//! GetOutboundWebIdentityFederationInfo, and sts:GetWebIdentityToken, which issues a JWT signed
//! by this server for the calling identity. Each account has its own issuer URL under this
//! server's public URL, serving `/.well-known/openid-configuration` and `/.well-known/jwks.json`
//! (iam-server), so external services can verify the tokens.
use super::sts::session_tags_in;
use super::*;
use crate::entities::{OutboundFederation, iso8601, now};
use crate::jwt::SigningKeys;
use crate::service::{Caller, Iam, Principal};
use iam_api::iam as api;
use iam_api::sts as sts_api;

/// Path under the public URL where issuers live: `{public_url}/outbound/{issuer id}`.
pub const ISSUER_PATH: &str = "/outbound/";
/// GetWebIdentityToken's default lifetime (5 minutes).
const DEFAULT_DURATION: i64 = 300;
/// The largest claims document signed (bytes of JSON).
const MAX_PAYLOAD: usize = 8192;
/// The custom claims' namespace, as AWS STS names it.
const STS_CLAIMS: &str = "https://sts.amazonaws.com/";

impl Iam {
    fn public_url(&self) -> &str {
        self.public_url
            .get()
            .map_or("http://localhost", |u| u.trim_end_matches('/'))
    }

    fn issuer(&self, issuer_id: &str) -> String {
        format!("{}{ISSUER_PATH}{issuer_id}", self.public_url())
    }

    pub(crate) fn keys(&self) -> &SigningKeys {
        self.signing_keys
            .get_or_init(|| SigningKeys::derive(self.master.as_bytes()))
    }

    /// The OpenID configuration of an enabled issuer (`None`: no such issuer, or disabled).
    pub fn outbound_openid_configuration(&self, issuer_id: &str) -> Option<String> {
        self.enabled_issuer(issuer_id)?;
        let iss = self.issuer(issuer_id);
        Some(
            json!({
                "issuer": iss,
                "jwks_uri": format!("{iss}/.well-known/jwks.json"),
                "response_types_supported": ["id_token"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256", "ES384"],
            })
            .to_string(),
        )
    }

    /// The verification keys of an enabled issuer.
    pub fn outbound_jwks(&self, issuer_id: &str) -> Option<String> {
        self.enabled_issuer(issuer_id)?;
        Some(self.keys().jwks().to_string())
    }

    fn enabled_issuer(&self, issuer_id: &str) -> Option<()> {
        self.read(|state| {
            state
                .accounts
                .values()
                .any(|a| {
                    a.account
                        .outbound_federation
                        .as_ref()
                        .is_some_and(|f| f.enabled && f.issuer_id == issuer_id)
                })
                .then_some(())
        })
    }

    /// The operation has no input structure in the model: the raw (empty) input is taken.
    pub async fn enable_outbound_web_identity_federation(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::EnableOutboundWebIdentityFederationResponse> {
        let issuer_id = self
            .write(|state, tx| {
                let acct = Iam::account_of_mut(state, caller)?;
                let f = match acct.account.outbound_federation.take() {
                    Some(f) if f.enabled => {
                        acct.account.outbound_federation = Some(f);
                        return Err(IamError::FeatureEnabled(
                            "Outbound web identity federation is already enabled for this account."
                                .into(),
                        ));
                    }
                    // Re-enabled: the same issuer, so trust configured elsewhere still holds.
                    Some(f) => OutboundFederation { enabled: true, ..f },
                    None => OutboundFederation {
                        issuer_id: uuid::new_v4(),
                        enabled: true,
                    },
                };
                let id = f.issuer_id.clone();
                acct.update_account(tx, |a| a.outbound_federation = Some(f));
                Ok(id)
            })
            .await?;
        Ok(api::EnableOutboundWebIdentityFederationResponse {
            issuer_identifier: Some(self.issuer(&issuer_id)),
        })
    }

    /// The operation has neither input nor output structure in the model.
    pub async fn disable_outbound_web_identity_federation(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if !acct
                .account
                .outbound_federation
                .as_ref()
                .is_some_and(|f| f.enabled)
            {
                return Err(IamError::FeatureDisabled(
                    "Outbound web identity federation is already disabled for this account.".into(),
                ));
            }
            acct.update_account(tx, |a| {
                if let Some(f) = &mut a.outbound_federation {
                    f.enabled = false;
                }
            });
            Ok(())
        })
        .await
    }

    /// The operation has no input structure in the model: the raw (empty) input is taken.
    pub async fn get_outbound_web_identity_federation_info(
        &self,
        caller: &Caller,
        _input: iam_api::NoInput,
    ) -> IamResult<api::GetOutboundWebIdentityFederationInfoResponse> {
        let f = self.read(|state| {
            Ok::<_, IamError>(
                Iam::account_of(state, caller)?
                    .account
                    .outbound_federation
                    .clone(),
            )
        })?;
        match f {
            Some(f) => Ok(api::GetOutboundWebIdentityFederationInfoResponse {
                issuer_identifier: Some(self.issuer(&f.issuer_id)),
                jwt_vending_enabled: Some(f.enabled),
            }),
            None => Err(IamError::FeatureDisabled(
                "Outbound web identity federation is not enabled for this account.".into(),
            )),
        }
    }

    /// sts:GetWebIdentityToken: a JWT for the caller, for the audiences asked, signed RS256 or
    /// ES384 by the account's issuer. Custom claims under `https://sts.amazonaws.com/` name the
    /// account and principal; request tags become claims too.
    pub async fn get_web_identity_token(
        &self,
        caller: &Caller,
        input: sts_api::GetWebIdentityTokenRequest,
    ) -> IamResult<sts_api::GetWebIdentityTokenResponse> {
        let audiences = input.audience;
        let alg = input.signing_algorithm;
        if !matches!(alg.as_str(), "RS256" | "ES384") {
            return Err(IamError::ValidationError(format!(
                "1 validation error detected: Value '{alg}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]"
            )));
        }
        let duration = input.duration_seconds.map_or(DEFAULT_DURATION, i64::from);
        let tags = session_tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let issuer_id = self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            acct.account
                .outbound_federation
                .as_ref()
                .filter(|f| f.enabled)
                .map(|f| f.issuer_id.clone())
                .ok_or_else(|| {
                    IamError::OutboundWebIdentityFederationDisabled(
                        "Outbound web identity federation is not enabled for this account.".into(),
                    )
                })
        })?;
        let t = now();
        let expires = t + duration;
        if let Some(s) = &caller.session
            && expires > s.expires
        {
            return Err(IamError::SessionDurationEscalation(
                "The requested token duration would extend the session beyond its original expiration time."
                    .into(),
            ));
        }
        // The principal: a role session is represented by its role.
        let principal = match &caller.principal {
            Principal::AssumedRole { role_arn, .. } => role_arn.clone(),
            Principal::Root | Principal::User { .. } | Principal::FederatedUser { .. } => {
                caller.arn()
            }
        };
        let mut sts = json!({
            "aws_account": caller.account_id,
            "principal_id": principal,
        });
        if let Principal::AssumedRole { session_name, .. } = &caller.principal {
            sts["role_session_name"] = json!(session_name);
        }
        if !tags.is_empty() {
            let map: serde_json::Map<String, Value> = tags
                .iter()
                .map(|t| (t.key.clone(), json!(t.value)))
                .collect();
            sts["request_tags"] = Value::Object(map);
        }
        let claims = json!({
            "iss": self.issuer(&issuer_id),
            "sub": principal,
            "aud": if audiences.len() == 1 { json!(audiences[0]) } else { json!(audiences) },
            "iat": t,
            "nbf": t,
            "exp": expires,
            "jti": uuid::new_v4(),
            STS_CLAIMS: sts,
        });
        if claims.to_string().len() > MAX_PAYLOAD {
            return Err(IamError::JwtPayloadSizeExceeded(
                "The requested token payload size exceeds the maximum allowed size.".into(),
            ));
        }
        let token = self
            .keys()
            .sign(&alg, &claims)
            .ok_or_else(|| IamError::ServiceFailure(format!("no signing key for {alg}")))?;
        Ok(sts_api::GetWebIdentityTokenResponse {
            web_identity_token: Some(token),
            expiration: Some(iso8601(expires)),
        })
    }
}

mod uuid {
    /// A random UUID (RFC 4122 version 4).
    pub fn new_v4() -> String {
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
}
