//! X.509 certificates: signing certificates (UploadSigningCertificate, UpdateSigningCertificate,
//! DeleteSigningCertificate, ListSigningCertificates) and server certificates
//! (UploadServerCertificate, GetServerCertificate, UpdateServerCertificate,
//! DeleteServerCertificate, ListServerCertificates, Tag/Untag/ListServerCertificateTags)
//! (IAM User Guide: id_credentials_server-certs; IAM API Reference).
use super::users::find_user;
use super::*;
use crate::entities::*;
use crate::ids::{IdKind, new_id};
use crate::input::Input;
use crate::pki::{CertError, Certificate};
use crate::service::{Caller, Iam, Principal};
use crate::state::{AccountState, KIND_SERVER_CERT, KIND_SIGNING_CERT};

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
    input: &Input,
) -> IamResult<(Option<String>, String)> {
    match (input.opt_str("UserName"), &caller.principal) {
        (Some(name), _) => {
            let u = find_user(acct, name)?;
            Ok((Some(u.id.clone()), u.name.clone()))
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

fn signing_cert_json(user_name: &str, c: &SigningCertificateRecord) -> Value {
    json!({
        "UserName": user_name,
        "CertificateId": c.id,
        "CertificateBody": c.body,
        "Status": c.status.as_str(),
        "UploadDate": iso8601(c.upload_date),
    })
}

fn server_cert_metadata(c: &ServerCertificateRecord) -> Value {
    json!({
        "Path": c.path,
        "ServerCertificateName": c.name,
        "ServerCertificateId": c.id,
        "Arn": c.arn(),
        "UploadDate": iso8601(c.upload_date),
        "Expiration": iso8601(c.expiration),
    })
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
        input: &Input,
    ) -> IamResult<Value> {
        let body = input.str("CertificateBody")?.to_string();
        let cert = Certificate::parse_pem(&body).map_err(|_| unparsable_certificate())?;
        cert.check_validity(now()).map_err(|e| {
            IamError::InvalidCertificate(match e {
                CertError::NotYetValid => "The certificate is not yet valid.".into(),
                _ => "The certificate has expired.".into(),
            })
        })?;
        let digest = cert.der_digest();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, user_name) = cert_owner(acct, caller, input)?;
            if acct.signing_certs.values().any(|c| c.der_sha256 == digest) {
                return Err(IamError::DuplicateCertificate(
                    "The same certificate is already associated with an IAM user in the account."
                        .into(),
                ));
            }
            if acct.signing_certs_of(owner.as_deref()).count() >= MAX_SIGNING_CERTS_PER_USER {
                return Err(IamError::LimitExceeded(format!(
                    "Cannot exceed quota for SigningCertificatesPerUser: {MAX_SIGNING_CERTS_PER_USER}"
                )));
            }
            let record = SigningCertificateRecord {
                id: new_id(IdKind::SigningCertificate),
                account_id: caller.account_id.clone(),
                owner: owner.clone().map_or(KeyOwner::Root, KeyOwner::User),
                body,
                der_sha256: digest,
                status: KeyStatus::Active,
                upload_date: now(),
            };
            tx.put(KIND_SIGNING_CERT, &record.id, &record);
            let out = json!({ "Certificate": signing_cert_json(&user_name, &record) });
            acct.signing_certs.insert((owner, record.id.clone()), record);
            Ok(out)
        })
        .await
    }

    pub async fn update_signing_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let id = input.str("CertificateId")?.to_string();
        let status = super::ssh_keys::parse_status(input)?;
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = cert_owner(acct, caller, input)?;
            let c = acct
                .signing_certs
                .get_mut(&(owner, id.clone()))
                .ok_or_else(|| no_such_signing_cert(&id))?;
            c.status = status;
            tx.put(KIND_SIGNING_CERT, &id, c);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_signing_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let id = input.str("CertificateId")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let (owner, _) = cert_owner(acct, caller, input)?;
            acct.signing_certs
                .remove(&(owner, id.clone()))
                .ok_or_else(|| no_such_signing_cert(&id))?;
            tx.delete(KIND_SIGNING_CERT, &id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_signing_certificates(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let (owner, user_name) = cert_owner(acct, caller, input)?;
            let items = acct
                .signing_certs_of(owner.as_deref())
                .map(|c| (c.id.clone(), signing_cert_json(&user_name, c)));
            let (certs, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Certificates": certs }), next))
        })
    }

    pub async fn upload_server_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?.to_string();
        let path = path_or_root(input.opt_str("Path"));
        // AWS returns the body and chain without the surrounding whitespace (the final newline
        // of a PEM file); Terraform's aws_iam_server_certificate compares them trimmed.
        let body = input.str("CertificateBody")?.trim().to_string();
        let private_key = input.str("PrivateKey")?;
        let chain = input
            .opt_str("CertificateChain")
            .map(|c| c.trim().to_string());
        let tags = input.tags("Tags");
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
            tx.put(KIND_SERVER_CERT, &record.id, &record);
            let mut out = json!({ "ServerCertificateMetadata": server_cert_metadata(&record) });
            if !record.tags.is_empty() {
                out["Tags"] = tags_json(&record.tags);
            }
            acct.server_certs.insert(record.name.to_lowercase(), record);
            Ok(out)
        })
        .await
    }

    pub async fn get_server_certificate(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let c = find_server_cert(acct, name)?;
            let mut out = json!({
                "ServerCertificateMetadata": server_cert_metadata(c),
                "CertificateBody": c.body,
            });
            if let Some(chain) = &c.chain {
                out["CertificateChain"] = json!(chain);
            }
            if !c.tags.is_empty() {
                out["Tags"] = tags_json(&c.tags);
            }
            Ok(json!({ "ServerCertificate": out }))
        })
    }

    pub async fn update_server_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?.to_string();
        let new_name = input
            .opt_str("NewServerCertificateName")
            .map(str::to_string);
        let new_path = input.opt_str("NewPath").map(str::to_string);
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
            acct.server_certs.remove(&c.name.to_lowercase());
            if let Some(n) = new_name {
                c.name = n;
            }
            if let Some(p) = new_path {
                c.path = p;
            }
            acct.put_server_cert(tx, c);
            Ok(json!({}))
        })
        .await
    }

    pub async fn delete_server_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?.to_string();
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let c = acct
                .server_certs
                .remove(&name.to_lowercase())
                .ok_or_else(|| no_such_server_cert(&name))?;
            tx.delete(KIND_SERVER_CERT, &c.id);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_server_certificates(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let prefix = input.opt_str("PathPrefix").unwrap_or("/");
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let items = acct
                .server_certs
                .iter()
                .filter(|(_, c)| c.path.starts_with(prefix))
                .map(|(k, c)| (k.as_str(), server_cert_metadata(c)));
            let (certs, next) = page(items, input.marker(), input.max_items());
            Ok(paged(
                json!({ "ServerCertificateMetadataList": certs }),
                next,
            ))
        })
    }

    pub async fn tag_server_certificate(&self, caller: &Caller, input: &Input) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?.to_string();
        let tags = input.tags("Tags");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut c = find_server_cert(acct, &name)?.clone();
            c.tags = merge_tags(&c.tags, &tags)?;
            acct.put_server_cert(tx, c);
            Ok(json!({}))
        })
        .await
    }

    pub async fn untag_server_certificate(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?.to_string();
        let keys = input.strings("TagKeys");
        self.write(|state, tx| {
            let acct = Iam::account_of_mut(state, caller)?;
            let mut c = find_server_cert(acct, &name)?.clone();
            c.tags = remove_tags(&c.tags, &keys);
            acct.put_server_cert(tx, c);
            Ok(json!({}))
        })
        .await
    }

    pub async fn list_server_certificate_tags(
        &self,
        caller: &Caller,
        input: &Input,
    ) -> IamResult<Value> {
        let name = input.str("ServerCertificateName")?;
        self.read(|state| {
            let acct = Iam::account_of(state, caller)?;
            let c = find_server_cert(acct, name)?;
            let items = c
                .tags
                .iter()
                .map(|t| (t.key.as_str(), json!({"Key": t.key, "Value": t.value})));
            let (tags, next) = page(items, input.marker(), input.max_items());
            Ok(paged(json!({ "Tags": tags }), next))
        })
    }
}
