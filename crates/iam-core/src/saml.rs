//! SAML 2.0 as IAM reads it: IdP metadata documents (CreateSAMLProvider) and signed SAML
//! responses (AssumeRoleWithSAML), IAM User Guide: id_roles_providers_create_saml,
//! id_roles_providers_create_saml_assertions.
//!
//! Signature verification (XML Signature 1.1, enveloped): the Response or the Assertion must
//! carry a `ds:Signature` whose single Reference points (`URI="#ID"`) at that very element, with
//! the transforms enveloped-signature + exclusive c14n, digest SHA-256, SignedInfo canonicalized
//! with exclusive c14n and signed RSA-SHA256 (PKCS#1 v1.5) by one of the provider's metadata
//! certificates. Other algorithms (SHA-1, inclusive c14n) and encrypted assertions are refused
//! as invalid. Against signature wrapping: one Assertion only, IDs unique, and the claims are
//! read from the element the verified Reference names (or from inside it).
use crate::xml_c14n::exclusive_c14n;
use base64::Engine;
use roxmltree::{Document, Node};
use sha2::Digest;

const MD_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
const SAMLP_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// The AWS attribute names (IAM User Guide: id_roles_providers_create_saml_assertions).
pub const ROLE_ATTRIBUTE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const SESSION_NAME_ATTRIBUTE: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const SESSION_DURATION_ATTRIBUTE: &str =
    "https://aws.amazon.com/SAML/Attributes/SessionDuration";
pub const SOURCE_IDENTITY_ATTRIBUTE: &str = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";

/// What CreateSAMLProvider keeps from a metadata document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// Signing certificates, base64 DER.
    pub certificates: Vec<String>,
    pub valid_until: Option<i64>,
}

fn b64(s: &str) -> Option<Vec<u8>> {
    let clean: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean).ok()
}

fn is(n: &Node<'_, '_>, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
}

fn child<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, ns, name))
}

fn text_of(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Parses IdP metadata: an `md:EntityDescriptor` with an `md:IDPSSODescriptor` and at least one
/// signing certificate that holds an RSA key. The message is the InvalidInput text.
pub fn parse_metadata(doc: &str) -> Result<IdpMetadata, String> {
    let invalid = || "Could not parse metadata".to_string();
    let d = Document::parse(doc).map_err(|_| invalid())?;
    let root = d.root_element();
    if !is(&root, MD_NS, "EntityDescriptor") {
        return Err(invalid());
    }
    let entity_id = root
        .attribute("entityID")
        .filter(|e| !e.is_empty())
        .ok_or_else(invalid)?
        .to_string();
    let idp = child(root, MD_NS, "IDPSSODescriptor").ok_or_else(invalid)?;
    let mut certificates = Vec::new();
    for kd in idp.children().filter(|c| is(c, MD_NS, "KeyDescriptor")) {
        if kd.attribute("use").is_some_and(|u| u != "signing") {
            continue;
        }
        for cert in kd.descendants().filter(|c| is(c, DS_NS, "X509Certificate")) {
            let text: String = text_of(cert)
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = b64(&text).ok_or_else(invalid)?;
            rsa_key_of_certificate(&der).ok_or_else(invalid)?;
            certificates.push(text);
        }
    }
    if certificates.is_empty() {
        return Err(invalid());
    }
    let valid_until = root
        .attribute("validUntil")
        .map(|v| crate::entities::parse_iso8601(v).ok_or_else(invalid))
        .transpose()?;
    Ok(IdpMetadata {
        entity_id,
        certificates,
        valid_until,
    })
}

/// One DER TLV: (tag, content, total length).
fn der_tlv(b: &[u8]) -> Option<(u8, &[u8], usize)> {
    let tag = *b.first()?;
    let first = *b.get(1)? as usize;
    let (len, hdr) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let content = b.get(hdr..hdr.checked_add(len)?)?;
    Some((tag, content, hdr + len))
}

/// The RSA public key of an X.509 certificate (RFC 5280 §4.1: the SubjectPublicKeyInfo is the
/// 6th field of tbsCertificate, or the 7th with the explicit version).
pub fn rsa_key_of_certificate(der: &[u8]) -> Option<rsa::PublicKey> {
    use rsa::pkcs8::DecodePublicKey;
    let (0x30, cert, _) = der_tlv(der)? else {
        return None;
    };
    let (0x30, tbs, _) = der_tlv(cert)? else {
        return None;
    };
    let mut rest = tbs;
    let mut fields = Vec::new();
    while !rest.is_empty() && fields.len() < 8 {
        let (tag, _, total) = der_tlv(rest)?;
        fields.push((tag, &rest[..total]));
        rest = &rest[total..];
    }
    let skip = usize::from(fields.first()?.0 == 0xa0);
    let (tag, spki) = *fields.get(skip + 5)?;
    if tag != 0x30 {
        return None;
    }
    rsa::PublicKey::from_public_key_der(spki).ok()
}

/// The claims AssumeRoleWithSAML uses, read from a verified assertion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SamlClaims {
    pub issuer: String,
    pub subject: String,
    pub subject_type: String,
    /// `Recipient` of the bearer SubjectConfirmationData (AWS's `SAML:aud`).
    pub recipient: String,
    pub audiences: Vec<String>,
    /// The earliest NotOnOrAfter of the conditions and subject confirmation.
    pub not_on_or_after: Option<i64>,
    pub not_before: Option<i64>,
    /// `(role ARN, provider ARN)` pairs of the Role attribute.
    pub roles: Vec<(String, String)>,
    pub attributes: Vec<(String, Vec<String>)>,
}

impl SamlClaims {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

/// Why an assertion is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SamlError {
    #[error("Invalid SAML response: {0}")]
    Invalid(&'static str),
    #[error("The signature of the SAML response is not valid")]
    Signature,
}

/// Decodes a base64 SAMLResponse, verifies its signature with one of `certificates` (base64
/// DER) and returns the assertion's claims. Time conditions are the caller's to check.
pub fn verify_response(saml_b64: &str, certificates: &[String]) -> Result<SamlClaims, SamlError> {
    let bytes = b64(saml_b64).ok_or(SamlError::Invalid("not base64"))?;
    let xml = String::from_utf8(bytes).map_err(|_| SamlError::Invalid("not UTF-8"))?;
    let d = Document::parse(&xml).map_err(|_| SamlError::Invalid("not well-formed XML"))?;
    let response = d.root_element();
    if !is(&response, SAMLP_NS, "Response") {
        return Err(SamlError::Invalid(
            "the root element is not a samlp:Response",
        ));
    }
    let status = child(response, SAMLP_NS, "Status")
        .and_then(|s| child(s, SAMLP_NS, "StatusCode"))
        .and_then(|c| c.attribute("Value"));
    if status != Some(SUCCESS) {
        return Err(SamlError::Invalid("the response status is not Success"));
    }
    // Unique IDs, so a Reference names exactly one element.
    let mut ids: Vec<&str> = d.descendants().filter_map(|n| n.attribute("ID")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != n {
        return Err(SamlError::Invalid("duplicate ID attributes"));
    }
    if d.descendants()
        .any(|n| is(&n, SAML_NS, "EncryptedAssertion"))
    {
        return Err(SamlError::Invalid("encrypted assertions are not supported"));
    }
    let all_assertions = d
        .descendants()
        .filter(|n| is(n, SAML_NS, "Assertion"))
        .count();
    let assertion = child(response, SAML_NS, "Assertion")
        .filter(|_| all_assertions == 1)
        .ok_or(SamlError::Invalid("expected exactly one Assertion"))?;
    let keys: Vec<rsa::PublicKey> = certificates
        .iter()
        .filter_map(|c| b64(c).and_then(|der| rsa_key_of_certificate(&der)))
        .collect();
    let signed = [assertion, response].into_iter().any(|el| {
        child(el, DS_NS, "Signature").is_some_and(|sig| verify_enveloped(&xml, el, sig, &keys))
    });
    if !signed {
        return Err(SamlError::Signature);
    }
    Ok(claims_of(response, assertion))
}

/// Verifies one enveloped signature `sig` over `el`.
fn verify_enveloped(
    xml: &str,
    el: Node<'_, '_>,
    sig: Node<'_, '_>,
    keys: &[rsa::PublicKey],
) -> bool {
    use rsa::signature::Verifier;
    let Some(id) = el.attribute("ID") else {
        return false;
    };
    let Some(si) = child(sig, DS_NS, "SignedInfo") else {
        return false;
    };
    if alg(child(si, DS_NS, "CanonicalizationMethod")) != Some(EXC_C14N)
        || alg(child(si, DS_NS, "SignatureMethod")) != Some(RSA_SHA256)
    {
        return false;
    }
    let refs: Vec<Node<'_, '_>> = si
        .children()
        .filter(|c| is(c, DS_NS, "Reference"))
        .collect();
    let [reference] = refs.as_slice() else {
        return false;
    };
    if reference.attribute("URI") != Some(&format!("#{id}")) {
        return false;
    }
    let mut prefixes: Vec<String> = Vec::new();
    let mut enveloped = false;
    let mut c14n = false;
    if let Some(ts) = child(*reference, DS_NS, "Transforms") {
        for t in ts.children().filter(|c| is(c, DS_NS, "Transform")) {
            match t.attribute("Algorithm") {
                Some(ENVELOPED) => enveloped = true,
                Some(EXC_C14N) => {
                    c14n = true;
                    if let Some(list) = t
                        .children()
                        .find(|c| c.tag_name().name() == "InclusiveNamespaces")
                        .and_then(|n| n.attribute("PrefixList"))
                    {
                        prefixes = list.split_whitespace().map(str::to_string).collect();
                    }
                }
                _ => return false,
            }
        }
    }
    if !enveloped || !c14n || alg(child(*reference, DS_NS, "DigestMethod")) != Some(SHA256) {
        return false;
    }
    let Some(digest) = child(*reference, DS_NS, "DigestValue").and_then(|n| b64(&text_of(n)))
    else {
        return false;
    };
    let canonical = exclusive_c14n(xml, el, Some(sig.id()), &prefixes);
    if sha2::Sha256::digest(canonical.as_bytes()).as_slice() != digest.as_slice() {
        return false;
    }
    let si_prefixes: Vec<String> = child(si, DS_NS, "CanonicalizationMethod")
        .and_then(|m| {
            m.children()
                .find(|c| c.tag_name().name() == "InclusiveNamespaces")
        })
        .and_then(|n| n.attribute("PrefixList"))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let signed_info = exclusive_c14n(xml, si, None, &si_prefixes);
    let Some(value) = child(sig, DS_NS, "SignatureValue").and_then(|n| b64(&text_of(n))) else {
        return false;
    };
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(value.as_slice()) else {
        return false;
    };
    keys.iter().any(|k| {
        rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(k.clone())
            .verify(signed_info.as_bytes(), &signature)
            .is_ok()
    })
}

fn alg<'a>(n: Option<Node<'a, '_>>) -> Option<&'a str> {
    n.and_then(|n| n.attribute("Algorithm"))
}

fn time_attr(n: Option<Node<'_, '_>>, name: &str) -> Option<i64> {
    n.and_then(|n| n.attribute(name))
        .and_then(crate::entities::parse_iso8601)
}

fn claims_of(response: Node<'_, '_>, assertion: Node<'_, '_>) -> SamlClaims {
    let issuer = child(assertion, SAML_NS, "Issuer")
        .or_else(|| child(response, SAML_NS, "Issuer"))
        .map(text_of)
        .unwrap_or_default();
    let subject = child(assertion, SAML_NS, "Subject");
    let name_id = subject.and_then(|s| child(s, SAML_NS, "NameID"));
    let confirmation = subject
        .into_iter()
        .flat_map(|s| s.children())
        .filter(|c| is(c, SAML_NS, "SubjectConfirmation"))
        .find(|c| c.attribute("Method") == Some("urn:oasis:names:tc:SAML:2.0:cm:bearer"))
        .and_then(|c| child(c, SAML_NS, "SubjectConfirmationData"));
    let conditions = child(assertion, SAML_NS, "Conditions");
    let audiences = conditions
        .into_iter()
        .flat_map(|c| c.children())
        .filter(|c| is(c, SAML_NS, "AudienceRestriction"))
        .flat_map(|r| r.children())
        .filter(|a| is(a, SAML_NS, "Audience"))
        .map(text_of)
        .collect();
    let not_on_or_after = [
        time_attr(conditions, "NotOnOrAfter"),
        time_attr(confirmation, "NotOnOrAfter"),
    ]
    .into_iter()
    .flatten()
    .min();
    let mut attributes: Vec<(String, Vec<String>)> = Vec::new();
    for stmt in assertion
        .children()
        .filter(|c| is(c, SAML_NS, "AttributeStatement"))
    {
        for a in stmt.children().filter(|c| is(c, SAML_NS, "Attribute")) {
            let name = a.attribute("Name").unwrap_or_default().to_string();
            let values = a
                .children()
                .filter(|v| is(v, SAML_NS, "AttributeValue"))
                .map(text_of)
                .collect();
            attributes.push((name, values));
        }
    }
    // Role values are "role-arn,provider-arn" in either order (AWS accepts both).
    let roles = attributes
        .iter()
        .filter(|(n, _)| n == ROLE_ATTRIBUTE)
        .flat_map(|(_, v)| v.iter())
        .filter_map(|v| {
            let (a, b) = v.split_once(',')?;
            let (a, b) = (a.trim().to_string(), b.trim().to_string());
            if a.contains(":saml-provider/") {
                Some((b, a))
            } else {
                Some((a, b))
            }
        })
        .collect();
    SamlClaims {
        issuer,
        subject: name_id.map(text_of).unwrap_or_default(),
        subject_type: name_id
            .and_then(|n| n.attribute("Format"))
            .map(|f| {
                // AWS reports the well-known formats by their short name.
                f.rsplit(':').next().unwrap_or(f).to_string()
            })
            .unwrap_or_else(|| "unspecified".into()),
        recipient: confirmation
            .and_then(|c| c.attribute("Recipient"))
            .unwrap_or_default()
            .to_string(),
        audiences,
        not_on_or_after,
        not_before: time_attr(conditions, "NotBefore"),
        roles,
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_without_certificates_is_invalid() {
        let doc = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"><md:IDPSSODescriptor/></md:EntityDescriptor>"#;
        assert!(parse_metadata(doc).is_err());
        assert!(parse_metadata("<not-metadata/>").is_err());
        assert!(parse_metadata("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>").is_err());
    }

    #[test]
    fn der_lengths_are_bounded() {
        assert!(der_tlv(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        assert!(rsa_key_of_certificate(&[0x30, 0x00]).is_none());
    }
}
