//! SAML providers: Create/Get/Update/Delete/ListSAMLProviders, Tag/Untag/ListSAMLProviderTags
//! (IAM User Guide: id_roles_providers_create_saml). The metadata document is parsed when
//! submitted: the IdP's entity ID and its signing certificates are kept for AssumeRoleWithSAML.
use super::*;
use crate::entities::*;
use crate::service::{Caller, Iam};
use crate::state::AccountState;
use iam_api::iam as api;

const MAX_PROVIDERS: usize = 100;
/// Without a `validUntil` in the metadata, IAM's provider is valid for a hundred years.
const DEFAULT_VALIDITY: i64 = 100 * 365 * 24 * 3600;
/// A provider created without `AssertionEncryptionMode` accepts both encrypted and plain
/// assertions.
const DEFAULT_ENCRYPTION_MODE: &str = "Allowed";

pub(crate) fn no_such_provider(arn: &str) -> IamError {
    IamError::NoSuchEntity(format!("Manifest not found for arn {arn}"))
}

fn find<'a>(acct: &'a AccountState, arn: &str) -> IamResult<&'a SamlProvider> {
    acct.saml_providers
        .get(arn)
        .ok_or_else(|| no_such_provider(arn))
}

fn new_uuid() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let hex: String = (0..32)
        .map(|_| char::from_digit(rng.gen_range(0..16), 16).unwrap_or('0'))
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn parse(doc: &str) -> IamResult<crate::saml::IdpMetadata> {
    crate::saml::parse_metadata(doc).map_err(IamError::InvalidInput)
}

/// GetSAMLProvider's answer for a provider: always with its tags (an empty list when it has
/// none), its assertion encryption mode (`Allowed` unless one was set) and its private keys (none:
/// iamd takes no decryption keys). AWS-recorded: test_iam_saml_providers
/// `test_get_saml_provider` "get-response" (`"AssertionEncryptionMode": "Allowed"`,
/// `"PrivateKeyList": []`, `"Tags": []`).
fn provider_shape(p: &SamlProvider) -> api::GetSAMLProviderResponse {
    api::GetSAMLProviderResponse {
        saml_provider_uuid: Some(p.uuid.clone()),
        saml_metadata_document: Some(p.metadata.clone()),
        create_date: Some(iso8601(p.create_date)),
        valid_until: Some(iso8601(p.valid_until)),
        tags: Some(tags_out(&p.tags)),
        assertion_encryption_mode: Some(
            p.assertion_encryption_mode
                .clone()
                .unwrap_or_else(|| DEFAULT_ENCRYPTION_MODE.to_string()),
        ),
        private_key_list: Some(Vec::new()),
    }
}

impl Iam {
    async fn modify_saml_provider(
        &self,
        caller: &Caller,
        arn: &str,
        f: impl FnOnce(&mut SamlProvider) -> IamResult<()>,
    ) -> IamResult<()> {
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut p = find(acct, arn)?.clone();
            f(&mut p)?;
            acct.put_saml_provider(tx, p);
            Ok(())
        })
        .await
    }

    pub async fn create_saml_provider(
        &self,
        caller: &Caller,
        input: api::CreateSAMLProviderRequest,
    ) -> IamResult<api::CreateSAMLProviderResponse> {
        let name = input.name;
        let metadata = input.saml_metadata_document;
        let parsed = parse(&metadata)?;
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let mode = input.assertion_encryption_mode;
        if input.add_private_key.is_some() {
            return Err(IamError::invalid_input(
                "Encrypted SAML assertions are not supported by this server.",
            ));
        }
        let arn = format!("arn:aws:iam::{}:saml-provider/{name}", caller.account_id);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            // Names are unique case-insensitively, as for every IAM entity.
            if acct
                .saml_providers
                .keys()
                .any(|k| k.eq_ignore_ascii_case(&arn))
            {
                return Err(IamError::EntityAlreadyExists(format!(
                    "SAMLProvider {name} already exists"
                )));
            }
            if acct.saml_providers.len() >= MAX_PROVIDERS {
                return Err(IamError::LimitExceeded(
                    "Cannot exceed quota for SamlProvidersPerAccount: 100".into(),
                ));
            }
            let created = now();
            let p = SamlProvider {
                arn: arn.clone(),
                account_id: caller.account_id.clone(),
                name,
                uuid: new_uuid(),
                metadata,
                entity_id: parsed.entity_id,
                certificates: parsed.certificates,
                create_date: created,
                valid_until: parsed.valid_until.unwrap_or(created + DEFAULT_VALIDITY),
                tags,
                assertion_encryption_mode: mode,
            };
            let out = api::CreateSAMLProviderResponse {
                saml_provider_arn: Some(arn.clone()),
                tags: (!p.tags.is_empty()).then(|| tags_out(&p.tags)),
            };
            acct.put_saml_provider(tx, p);
            Ok(out)
        })
        .await
    }

    pub async fn get_saml_provider(
        &self,
        caller: &Caller,
        input: api::GetSAMLProviderRequest,
    ) -> IamResult<api::GetSAMLProviderResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            Ok(provider_shape(find(acct, &input.saml_provider_arn)?))
        })
    }

    pub async fn update_saml_provider(
        &self,
        caller: &Caller,
        input: api::UpdateSAMLProviderRequest,
    ) -> IamResult<api::UpdateSAMLProviderResponse> {
        let arn = input.saml_provider_arn;
        let metadata = input.saml_metadata_document;
        let parsed = metadata.as_deref().map(parse).transpose()?;
        let mode = input.assertion_encryption_mode;
        if metadata.is_none() && mode.is_none() {
            return Err(IamError::invalid_input(
                "Please specify one of SAMLMetadataDocument, AssertionEncryptionMode, AddPrivateKey or RemovePrivateKey",
            ));
        }
        self.modify_saml_provider(caller, &arn, |p| {
            if let (Some(doc), Some(parsed)) = (metadata, parsed) {
                p.metadata = doc;
                p.entity_id = parsed.entity_id;
                p.certificates = parsed.certificates;
                p.valid_until = parsed
                    .valid_until
                    .unwrap_or(p.create_date + DEFAULT_VALIDITY);
            }
            if let Some(m) = mode {
                p.assertion_encryption_mode = Some(m);
            }
            Ok(())
        })
        .await?;
        Ok(api::UpdateSAMLProviderResponse {
            saml_provider_arn: Some(arn),
        })
    }

    pub async fn delete_saml_provider(
        &self,
        caller: &Caller,
        input: api::DeleteSAMLProviderRequest,
    ) -> IamResult<()> {
        let arn = input.saml_provider_arn;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            find(acct, &arn)?;
            acct.delete_saml_provider(tx, &arn);
            Ok(())
        })
        .await
    }

    pub async fn list_saml_providers(
        &self,
        caller: &Caller,
        _input: api::ListSAMLProvidersRequest,
    ) -> IamResult<api::ListSAMLProvidersResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let list = acct
                .saml_providers
                .values()
                .map(|p| api::SAMLProviderListEntry {
                    arn: Some(p.arn.clone()),
                    valid_until: Some(iso8601(p.valid_until)),
                    create_date: Some(iso8601(p.create_date)),
                })
                .collect();
            Ok(api::ListSAMLProvidersResponse {
                saml_provider_list: Some(list),
            })
        })
    }

    pub async fn tag_saml_provider(
        &self,
        caller: &Caller,
        input: api::TagSAMLProviderRequest,
    ) -> IamResult<()> {
        let arn = input.saml_provider_arn;
        let tags = tags_in(Some(input.tags));
        self.modify_saml_provider(caller, &arn, |p| {
            p.tags = merge_tags(&p.tags, &tags)?;
            Ok(())
        })
        .await
    }

    pub async fn untag_saml_provider(
        &self,
        caller: &Caller,
        input: api::UntagSAMLProviderRequest,
    ) -> IamResult<()> {
        let arn = input.saml_provider_arn;
        let keys = input.tag_keys;
        self.modify_saml_provider(caller, &arn, |p| {
            p.tags = remove_tags(&p.tags, &keys);
            Ok(())
        })
        .await
    }

    pub async fn list_saml_provider_tags(
        &self,
        caller: &Caller,
        input: api::ListSAMLProviderTagsRequest,
    ) -> IamResult<api::ListSAMLProviderTagsResponse> {
        self.read(|state| {
            let p = find(Iam::account_of(state, caller)?, &input.saml_provider_arn)?;
            let items = tags_in_list_order(&p.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListSAMLProviderTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
