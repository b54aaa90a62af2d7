//! X.509 certificates: signing certificates (UploadSigningCertificate, UpdateSigningCertificate,
//! DeleteSigningCertificate, ListSigningCertificates) and server certificates
//! (UploadServerCertificate, GetServerCertificate, UpdateServerCertificate,
//! DeleteServerCertificate, ListServerCertificates, Tag/Untag/ListServerCertificateTags)
//! (IAM User Guide: id_credentials_server-certs; IAM API Reference).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::pki::{CertError, Certificate};
use crate::service::{Caller, Iam, Principal};
use crate::state::AccountState;
use iam_api::iam as api;

/// AWS's default quotas.
pub const MAX_SIGNING_CERTS_PER_USER: usize = 2;
pub const MAX_SERVER_CERTS_PER_ACCOUNT: usize = 20;

fn unparsable_certificate() -> IamError {
    IamError::MalformedCertificate(
        "Unable to parse certificate. Please ensure the certificate is in PEM format.".into(),
    )
}

fn no_such_signing_cert(id: &str) -> IamError {
    IamError::NoSuchEntity(format!("The Certificate with id {id} cannot be found."))
}

fn no_such_server_cert(name: &str) -> IamError {
    IamError::NoSuchEntity(format!(
        "The Server Certificate with name {name} cannot be found."
    ))
}

/// A signing certificate's owner: `UserName`, else the caller (the root user may have its own).
/// Returns the owner key and the name AWS reports (the account ID stands in for root).
fn cert_owner(
    acct: &AccountState,
    caller: &Caller,
    user_name: Option<&str>,
) -> IamResult<(Option<String>, String)> {
    match (user_name, &caller.principal) {
        (Some(name), _) => {
            let u = find_user(acct, name)?;
            Ok((Some(u.id.to_string()), u.name.to_string()))
        }
        (None, Principal::User { id, name, .. }) => Ok((Some(id.clone()), name.clone())),
        (None, Principal::Root) => Ok((None, caller.account_id.clone())),
        (None, _) => Err(IamError::ValidationError(
            "Must specify userName when calling with non-User credentials".into(),
        )),
    }
}

impl AccountState {
    pub fn signing_certs_of<'a>(
        &'a self,
        owner: Option<&str>,
    ) -> impl Iterator<Item = &'a SigningCertificateRecord> + use<'a> {
        let owner = owner.map(str::to_string);
        self.signing_certs
            .range((owner.clone(), String::new())..)
            .take_while(move |((o, _), _)| *o == owner)
            .map(|(_, c)| c)
    }
}

fn signing_cert_shape(user_name: &str, c: &SigningCertificateRecord) -> api::SigningCertificate {
    api::SigningCertificate {
        user_name: user_name.to_string(),
        certificate_id: c.id.clone(),
        certificate_body: c.body.clone(),
        status: c.status.as_str().into(),
        upload_date: Some(iso8601(c.upload_date)),
    }
}

fn server_cert_metadata(
    c: &ServerCertificateRecord,
    partition: Partition,
) -> api::ServerCertificateMetadata {
    api::ServerCertificateMetadata {
        path: c.path.clone(),
        server_certificate_name: c.name.clone(),
        server_certificate_id: c.id.clone(),
        arn: c.arn(partition),
        upload_date: Some(iso8601(c.upload_date)),
        expiration: Some(iso8601(c.expiration)),
    }
}

/// A server certificate's tags as UploadServerCertificate answers them: left out when it has
/// none (GetServerCertificate always has them, AWS-recorded: test_iam_server_certificates
/// `test_server_certificate_lifecycle` "upload-certificate" against "get-certificate").
fn server_cert_tags(c: &ServerCertificateRecord) -> Option<Vec<api::Tag>> {
    (!c.tags.is_empty()).then(|| tags_out(&c.tags))
}

fn find_server_cert<'a>(
    acct: &'a AccountState,
    name: &str,
) -> IamResult<&'a ServerCertificateRecord> {
    acct.server_certs
        .get(&name.to_lowercase())
        .ok_or_else(|| no_such_server_cert(name))
}

impl Iam {
    pub async fn upload_signing_certificate(
        &self,
        caller: &Caller,
        input: api::UploadSigningCertificateRequest,
    ) -> IamResult<api::UploadSigningCertificateResponse> {
        let body = input.certificate_body;
        let user_name = input.user_name;
        // AWS names the body it could not read (recorded: test_iam_signing_certificates
        // .snapshot.json `upload-invalid-certificate-error`: MalformedCertificate, 400).
        let cert = Certificate::parse_pem(&body).map_err(|_| {
            IamError::MalformedCertificate(format!("Certificate {body} is malformed."))
        })?;
        cert.check_validity(now()).map_err(|e| {
            IamError::InvalidCertificate(match e {
                CertError::NotYetValid => "The certificate is not yet valid.".into(),
                _ => "The certificate has expired.".into(),
            })
        })?;
        let digest = cert.der_digest();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, user_name) = cert_owner(acct, caller, user_name.as_deref())?;
            if acct.signing_certs.values().any(|c| c.der_sha256 == digest) {
                return Err(IamError::DuplicateCertificate(
                    "The same certificate is already associated with an IAM user in the account."
                        .into(),
                ));
            }
            if acct.signing_certs_of(owner.as_deref()).count() >= MAX_SIGNING_CERTS_PER_USER {
                // Recorded: test_iam_signing_certificates.snapshot.json
                // `upload-exceeds-limit-error` (LimitExceeded, 409).
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for CertificatesPerUser: {MAX_SIGNING_CERTS_PER_USER}"
                )));
            }
            let record = SigningCertificateRecord {
                id: new_id(IdKind::SigningCertificate),
                account_id: caller.account_id.clone(),
                owner: owner.map_or(KeyOwner::Root, KeyOwner::User),
                body,
                der_sha256: digest,
                status: KeyStatus::Active,
                upload_date: now(),
            };
            let out = api::UploadSigningCertificateResponse {
                certificate: signing_cert_shape(&user_name, &record),
            };
            acct.put_signing_cert(tx, record);
            Ok(out)
        })
        .await
    }

    pub async fn update_signing_certificate(
        &self,
        caller: &Caller,
        input: api::UpdateSigningCertificateRequest,
    ) -> IamResult<()> {
        let id = input.certificate_id;
        let status = super::ssh_keys::parse_status(&input.status)?;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = cert_owner(acct, caller, user_name.as_deref())?;
            acct.update_signing_cert(tx, owner.as_deref(), &id, |c| c.status = status)
                .ok_or_else(|| no_such_signing_cert(&id))
        })
        .await
    }

    pub async fn delete_signing_certificate(
        &self,
        caller: &Caller,
        input: api::DeleteSigningCertificateRequest,
    ) -> IamResult<()> {
        let id = input.certificate_id;
        let user_name = input.user_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = cert_owner(acct, caller, user_name.as_deref())?;
            acct.delete_signing_cert(tx, owner.as_deref(), &id)
                .ok_or_else(|| no_such_signing_cert(&id))?;
            Ok(())
        })
        .await
    }

    pub async fn list_signing_certificates(
        &self,
        caller: &Caller,
        input: api::ListSigningCertificatesRequest,
    ) -> IamResult<api::ListSigningCertificatesResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = cert_owner(acct, caller, input.user_name.as_deref())?;
            let items = acct
                .signing_certs_of(owner.as_deref())
                .map(|c| (c.id.clone(), signing_cert_shape(&user_name, c)));
            let (certificates, next) =
                page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListSigningCertificatesResponse {
                certificates,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn upload_server_certificate(
        &self,
        caller: &Caller,
        input: api::UploadServerCertificateRequest,
    ) -> IamResult<api::UploadServerCertificateResponse> {
        let name = input.server_certificate_name;
        let path = path_or_root(input.path.as_deref());
        // AWS returns the body and chain without the surrounding whitespace (the final newline
        // of a PEM file); Terraform's aws_iam_server_certificate compares them trimmed.
        let body = input.certificate_body.trim().to_string();
        let private_key = input.private_key.as_str();
        let chain = input.certificate_chain.map(|c| c.trim().to_string());
        let tags = tags_in(input.tags);
        check_duplicate_tag_keys(&tags)?;
        let cert = Certificate::parse_pem(&body).map_err(|_| unparsable_certificate())?;
        cert.check_validity(now()).map_err(|e| {
            IamError::MalformedCertificate(match e {
                CertError::NotYetValid => "Certificate is not yet valid. The 'Not Before' date restriction on the certificate has not yet passed.".into(),
                _ => "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.".into(),
            })
        })?;
        cert.check_private_key(private_key).map_err(|e| match e {
            CertError::KeyMismatch => IamError::KeyPairMismatch(
                "Public key certificate and private key doesn't match.".into(),
            ),
            _ => IamError::MalformedCertificate(
                "Unable to parse private key. Please ensure the private key is an unencrypted PEM RSA or EC key.".into(),
            ),
        })?;
        if let Some(c) = &chain {
            Certificate::parse_chain(c).map_err(|_| {
                IamError::MalformedCertificate(
                    "Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.".into(),
                )
            })?;
        }
        let sealed_private_key = self.master.seal(private_key);
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            if acct.server_certs.contains_key(&name.to_lowercase()) {
                return Err(IamError::EntityAlreadyExists(format!(
                    "The Server Certificate with name {name} already exists."
                )));
            }
            if acct.server_certs.len() >= MAX_SERVER_CERTS_PER_ACCOUNT {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for ServerCertificatesPerAccount: {MAX_SERVER_CERTS_PER_ACCOUNT}"
                )));
            }
            let record = ServerCertificateRecord {
                id: new_id(IdKind::ServerCertificate),
                account_id: caller.account_id.clone(),
                name,
                path,
                body,
                chain,
                sealed_private_key,
                upload_date: now(),
                expiration: cert.not_after,
                tags,
            };
            let out = api::UploadServerCertificateResponse {
                server_certificate_metadata: Some(server_cert_metadata(&record, caller.partition)),
                tags: server_cert_tags(&record),
            };
            acct.put_server_cert(tx, record);
            Ok(out)
        })
        .await
    }

    pub async fn get_server_certificate(
        &self,
        caller: &Caller,
        input: api::GetServerCertificateRequest,
    ) -> IamResult<api::GetServerCertificateResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let c = find_server_cert(acct, &input.server_certificate_name)?;
            Ok(api::GetServerCertificateResponse {
                server_certificate: api::ServerCertificate {
                    server_certificate_metadata: server_cert_metadata(c, caller.partition),
                    certificate_body: c.body.clone(),
                    certificate_chain: c.chain.clone(),
                    // An empty list when it has none.
                    tags: Some(tags_out(&c.tags)),
                },
            })
        })
    }

    pub async fn update_server_certificate(
        &self,
        caller: &Caller,
        input: api::UpdateServerCertificateRequest,
    ) -> IamResult<()> {
        let name = input.server_certificate_name;
        let new_name = input.new_server_certificate_name;
        let new_path = input.new_path;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut c = find_server_cert(acct, &name)?.clone();
            if let Some(n) = &new_name
                && n != &c.name
                && acct.server_certs.contains_key(&n.to_lowercase())
            {
                return Err(IamError::EntityAlreadyExists(format!(
                    "The Server Certificate with name {n} already exists."
                )));
            }
            if let Some(n) = new_name {
                c.name = n;
            }
            if let Some(p) = new_path {
                c.path = p;
            }
            acct.put_server_cert(tx, c);
            Ok(())
        })
        .await
    }

    pub async fn delete_server_certificate(
        &self,
        caller: &Caller,
        input: api::DeleteServerCertificateRequest,
    ) -> IamResult<()> {
        let name = input.server_certificate_name;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            acct.delete_server_cert(tx, &name)
                .ok_or_else(|| no_such_server_cert(&name))?;
            Ok(())
        })
        .await
    }

    pub async fn list_server_certificates(
        &self,
        caller: &Caller,
        input: api::ListServerCertificatesRequest,
    ) -> IamResult<api::ListServerCertificatesResponse> {
        let prefix = input.path_prefix.as_deref().unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct
                .server_certs
                .iter()
                .filter(|(_, c)| c.path.starts_with(prefix))
                .map(|(k, c)| (k.as_str(), server_cert_metadata(c, caller.partition)));
            let (certs, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListServerCertificatesResponse {
                server_certificate_metadata_list: certs,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }

    pub async fn tag_server_certificate(
        &self,
        caller: &Caller,
        input: api::TagServerCertificateRequest,
    ) -> IamResult<()> {
        let name = input.server_certificate_name;
        let tags = tags_in(Some(input.tags));
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut c = find_server_cert(acct, &name)?.clone();
            c.tags = merge_tags(&c.tags, &tags)?;
            acct.put_server_cert(tx, c);
            Ok(())
        })
        .await
    }

    pub async fn untag_server_certificate(
        &self,
        caller: &Caller,
        input: api::UntagServerCertificateRequest,
    ) -> IamResult<()> {
        let name = input.server_certificate_name;
        let keys = input.tag_keys;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut c = find_server_cert(acct, &name)?.clone();
            c.tags = remove_tags(&c.tags, &keys);
            acct.put_server_cert(tx, c);
            Ok(())
        })
        .await
    }

    pub async fn list_server_certificate_tags(
        &self,
        caller: &Caller,
        input: api::ListServerCertificateTagsRequest,
    ) -> IamResult<api::ListServerCertificateTagsResponse> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let c = find_server_cert(acct, &input.server_certificate_name)?;
            let items = tags_in_list_order(&c.tags, TagOrder::Key);
            let (tags, next) = page(items, input.marker.as_deref(), max_items(input.max_items))?;
            Ok(api::ListServerCertificateTagsResponse {
                tags,
                is_truncated: Some(next.is_some()),
                marker: next,
            })
        })
    }
}
