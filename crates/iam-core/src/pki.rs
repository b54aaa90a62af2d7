//! Public-key material as IAM accepts it: SSH public keys (ssh-rsa or PEM, at least 2048 bits;
//! IAM API Reference: UploadSSHPublicKey), X.509 certificates and their private keys
//! (UploadSigningCertificate, UploadServerCertificate). Pure parsing, no state.
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// AWS: "The minimum bit-length of the public key is 2048 bits."
pub const MIN_SSH_KEY_BITS: usize = 2048;

/// rsaEncryption, 1.2.840.113549.1.1.1, as DER content bytes.
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-ecPublicKey, 1.2.840.10045.2.1.
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// Why an SSH public key was refused; each maps to one AWS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshKeyError {
    /// Neither `ssh-rsa …` nor a PEM public key (UnrecognizedPublicKeyEncoding).
    Unrecognized,
    /// The right shape but not a valid key (InvalidPublicKey).
    Invalid,
    /// A valid RSA key shorter than 2048 bits (InvalidPublicKey).
    TooShort(usize),
}

/// An RSA public key as SSH names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshRsaKey {
    /// Unsigned big-endian, no leading zeros.
    n: Vec<u8>,
    e: Vec<u8>,
}

impl SshRsaKey {
    /// Parses `ssh-rsa BASE64 [comment]` or a PEM `PUBLIC KEY` / `RSA PUBLIC KEY`.
    pub fn parse(body: &str) -> Result<Self, SshKeyError> {
        let body = body.trim();
        let key = if body.starts_with("-----BEGIN") {
            let blocks = pem_blocks(body).map_err(|_| SshKeyError::Invalid)?;
            let [(label, der)] = blocks.as_slice() else {
                return Err(SshKeyError::Invalid);
            };
            match label.as_str() {
                "PUBLIC KEY" => match spki_key(der).ok_or(SshKeyError::Invalid)? {
                    SpkiKey::Rsa(pkcs1) => rsa_public_key(&pkcs1),
                    SpkiKey::Ec(_) | SpkiKey::Other => return Err(SshKeyError::Unrecognized),
                },
                "RSA PUBLIC KEY" => rsa_public_key(der),
                _ => return Err(SshKeyError::Unrecognized),
            }
            .ok_or(SshKeyError::Invalid)?
        } else {
            let mut parts = body.split_whitespace();
            if parts.next() != Some("ssh-rsa") {
                return Err(SshKeyError::Unrecognized);
            }
            let blob = parts
                .next()
                .and_then(|b| B64.decode(b).ok())
                .ok_or(SshKeyError::Invalid)?;
            Self::from_blob(&blob).ok_or(SshKeyError::Invalid)?
        };
        let bits = key.bits();
        if bits < MIN_SSH_KEY_BITS {
            return Err(SshKeyError::TooShort(bits));
        }
        Ok(key)
    }

    /// RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n; nothing after.
    fn from_blob(blob: &[u8]) -> Option<Self> {
        let mut r = blob;
        let mut next = || -> Option<&[u8]> {
            let len = u32::from_be_bytes(r.get(..4)?.try_into().ok()?) as usize;
            let v = r.get(4..4 + len)?;
            r = &r[4 + len..];
            Some(v)
        };
        if next()? != b"ssh-rsa" {
            return None;
        }
        let e = positive_integer(next()?)?;
        let n = positive_integer(next()?)?;
        if !r.is_empty() {
            return None;
        }
        Some(Self { n, e })
    }

    pub fn bits(&self) -> usize {
        self.n.first().map_or(0, |b| {
            (self.n.len() - 1) * 8 + (8 - b.leading_zeros() as usize)
        })
    }

    /// The SSH wire encoding (what `ssh-rsa BASE64` carries).
    pub fn blob(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for part in [b"ssh-rsa".to_vec(), mpint(&self.e), mpint(&self.n)] {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(&part);
        }
        out
    }

    /// `ssh-rsa BASE64`, without a comment: the SSH encoding GetSSHPublicKey returns.
    pub fn to_ssh(&self) -> String {
        format!("ssh-rsa {}", B64.encode(self.blob()))
    }

    /// The MD5 fingerprint of the key blob as colon-separated hex (IAM's `Fingerprint`).
    pub fn fingerprint_md5(&self) -> String {
        use md5::{Digest, Md5};
        let digest = Md5::digest(self.blob());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// A PEM `PUBLIC KEY` (SubjectPublicKeyInfo) of the same key: the PEM encoding.
    pub fn to_pem(&self) -> String {
        let pkcs1 = der_tlv(
            0x30,
            &[
                der_tlv(0x02, &mpint(&self.n)),
                der_tlv(0x02, &mpint(&self.e)),
            ]
            .concat(),
        );
        let algorithm = der_tlv(0x30, &[der_tlv(0x06, OID_RSA), vec![0x05, 0x00]].concat());
        let bits = der_tlv(0x03, &[&[0u8][..], &pkcs1].concat());
        pem_encode("PUBLIC KEY", &der_tlv(0x30, &[algorithm, bits].concat()))
    }
}

/// Minimal two's-complement encoding of a non-negative integer (SSH mpint = DER INTEGER body).
fn mpint(unsigned: &[u8]) -> Vec<u8> {
    match unsigned.first() {
        Some(b) if b & 0x80 != 0 => [&[0u8][..], unsigned].concat(),
        _ => unsigned.to_vec(),
    }
}

/// A positive integer's magnitude from its two's-complement bytes; `None` if negative or zero.
fn positive_integer(v: &[u8]) -> Option<Vec<u8>> {
    if v.first()? & 0x80 != 0 {
        return None;
    }
    let start = v.iter().position(|&b| b != 0)?;
    Some(v[start..].to_vec())
}

/// PKCS#1 RSAPublicKey: SEQUENCE { n INTEGER, e INTEGER }.
fn rsa_public_key(der: &[u8]) -> Option<SshRsaKey> {
    let (body, rest) = Der::expect(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (n, r) = Der::expect(body, 0x02)?;
    let (e, r) = Der::expect(r, 0x02)?;
    if !r.is_empty() {
        return None;
    }
    Some(SshRsaKey {
        n: positive_integer(n)?,
        e: positive_integer(e)?,
    })
}

enum SpkiKey {
    /// The PKCS#1 RSAPublicKey inside the BIT STRING.
    Rsa(Vec<u8>),
    /// The EC point.
    Ec(Vec<u8>),
    Other,
}

/// SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID, params }, BIT STRING }.
fn spki_key(der: &[u8]) -> Option<SpkiKey> {
    let (body, rest) = Der::expect(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (alg, r) = Der::expect(body, 0x30)?;
    let (bits, r) = Der::expect(r, 0x03)?;
    if !r.is_empty() {
        return None;
    }
    let (oid, _) = Der::expect(alg, 0x06)?;
    let (&unused, key) = bits.split_first()?;
    if unused != 0 {
        return None;
    }
    Some(match oid {
        OID_RSA => SpkiKey::Rsa(key.to_vec()),
        OID_EC => SpkiKey::Ec(key.to_vec()),
        _ => SpkiKey::Other,
    })
}

/// Just enough DER to walk the structures above: definite lengths, single-byte tags.
struct Der;

impl Der {
    /// Reads one TLV with tag `tag`: (contents, rest).
    fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
        let (&t, r) = input.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, mut r) = r.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return None;
            }
            let bytes = r.get(..n)?;
            r = &r[n..];
            bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b))
        };
        Some((r.get(..len)?, &r[len..]))
    }
}

fn der_tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(contents);
    out
}

/// RFC 7468 text: 64-character lines.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = B64.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Text that is not well-formed PEM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PemError;

/// Every PEM block of `text` as (label, DER). Text outside blocks is ignored (RFC 7468
/// explanatory text); a block without its END line, or with bad base64, is an error.
pub fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, PemError> {
    let mut out = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut b64 = String::new();
        let mut closed = false;
        for l in lines.by_ref() {
            if l == end {
                closed = true;
                break;
            }
            // RFC 1421 headers (Proc-Type: 4,ENCRYPTED) mark an encrypted key: not accepted.
            if l.contains(':') {
                return Err(PemError);
            }
            b64.push_str(l);
        }
        if !closed {
            return Err(PemError);
        }
        out.push((label.to_string(), B64.decode(b64).map_err(|_| PemError)?));
    }
    Ok(out)
}

/// Why a certificate (or its private key) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertError {
    /// Not one PEM certificate that parses as X.509.
    Malformed,
    /// The private key does not parse, or is not a supported key type.
    MalformedKey,
    /// `Not After` has passed.
    Expired,
    /// `Not Before` is still ahead.
    NotYetValid,
    /// The private key is not the certificate's.
    KeyMismatch,
}

/// A parsed X.509 certificate: what IAM needs from it.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub der: Vec<u8>,
    pub not_before: i64,
    pub not_after: i64,
    /// The DER SubjectPublicKeyInfo.
    spki: Vec<u8>,
}

impl Certificate {
    /// Parses exactly one PEM `CERTIFICATE` block.
    pub fn parse_pem(text: &str) -> Result<Self, CertError> {
        let blocks = pem_blocks(text).map_err(|_| CertError::Malformed)?;
        match blocks.as_slice() {
            [(label, der)] if label == "CERTIFICATE" => Self::parse_der(der),
            _ => Err(CertError::Malformed),
        }
    }

    /// Parses a chain: one or more PEM certificates.
    pub fn parse_chain(text: &str) -> Result<Vec<Self>, CertError> {
        let blocks = pem_blocks(text).map_err(|_| CertError::Malformed)?;
        if blocks.is_empty() {
            return Err(CertError::Malformed);
        }
        blocks
            .iter()
            .map(|(label, der)| {
                if label == "CERTIFICATE" {
                    Self::parse_der(der)
                } else {
                    Err(CertError::Malformed)
                }
            })
            .collect()
    }

    fn parse_der(der: &[u8]) -> Result<Self, CertError> {
        use x509_cert::der::{Decode, Encode};
        let cert = x509_cert::Certificate::from_der(der).map_err(|_| CertError::Malformed)?;
        let tbs = cert.tbs_certificate();
        let validity = tbs.validity();
        let secs = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
        let spki = tbs
            .subject_public_key_info()
            .to_der()
            .map_err(|_| CertError::Malformed)?;
        Ok(Self {
            der: der.to_vec(),
            not_before: secs(&validity.not_before),
            not_after: secs(&validity.not_after),
            spki,
        })
    }

    /// Refuses a certificate outside its validity period at `now`.
    pub fn check_validity(&self, now: i64) -> Result<(), CertError> {
        if now > self.not_after {
            return Err(CertError::Expired);
        }
        if now < self.not_before {
            return Err(CertError::NotYetValid);
        }
        Ok(())
    }

    /// Checks that `key_pem` (PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY`, or SEC1
    /// `EC PRIVATE KEY` carrying its public point) is a valid private key for this certificate.
    pub fn check_private_key(&self, key_pem: &str) -> Result<(), CertError> {
        let blocks = pem_blocks(key_pem).map_err(|_| CertError::MalformedKey)?;
        let [(label, der)] = blocks.as_slice() else {
            return Err(CertError::MalformedKey);
        };
        let cert_key = spki_key(&self.spki).ok_or(CertError::Malformed)?;
        let private = private_key_public_part(label, der)?;
        let matches = match (cert_key, private) {
            (SpkiKey::Rsa(a), SpkiKey::Rsa(b)) => rsa_public_key(&a) == rsa_public_key(&b),
            (SpkiKey::Ec(a), SpkiKey::Ec(b)) => a == b,
            _ => false,
        };
        if matches {
            Ok(())
        } else {
            Err(CertError::KeyMismatch)
        }
    }

    /// SHA-256 of the DER: equal certificates whatever their PEM line breaks.
    pub fn der_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(&self.der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The public half of a private key, validated (RSA: the CRT parameters are consistent).
fn private_key_public_part(label: &str, der: &[u8]) -> Result<SpkiKey, CertError> {
    use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPublicKey};
    use rsa::pkcs8::DecodePrivateKey;
    let rsa_key = match label {
        "RSA PRIVATE KEY" => {
            rsa::PrivateKey::from_pkcs1_der(der).map_err(|_| CertError::MalformedKey)?
        }
        "PRIVATE KEY" => match rsa::PrivateKey::from_pkcs8_der(der) {
            Ok(k) => k,
            Err(_) => {
                return pkcs8_ec_point(der)
                    .map(SpkiKey::Ec)
                    .ok_or(CertError::MalformedKey);
            }
        },
        "EC PRIVATE KEY" => {
            return sec1_point(der)
                .map(SpkiKey::Ec)
                .ok_or(CertError::MalformedKey);
        }
        _ => return Err(CertError::MalformedKey),
    };
    rsa_key.validate().map_err(|_| CertError::MalformedKey)?;
    let public = rsa_key
        .to_public_key()
        .to_pkcs1_der()
        .map_err(|_| CertError::MalformedKey)?;
    Ok(SpkiKey::Rsa(public.as_bytes().to_vec()))
}

/// SEC1 ECPrivateKey: SEQUENCE { version, privateKey OCTET STRING, [0] params, [1] publicKey }.
/// The public point is optional in SEC1; without it the pair cannot be checked.
fn sec1_point(der: &[u8]) -> Option<Vec<u8>> {
    let (body, _) = Der::expect(der, 0x30)?;
    let (_version, mut r) = Der::expect(body, 0x02)?;
    let (_secret, rest) = Der::expect(r, 0x04)?;
    r = rest;
    if let Some((_, rest)) = Der::expect(r, 0xa0) {
        r = rest;
    }
    let (public, _) = Der::expect(r, 0xa1)?;
    let (bits, _) = Der::expect(public, 0x03)?;
    let (&unused, point) = bits.split_first()?;
    (unused == 0).then(|| point.to_vec())
}

/// PKCS#8 PrivateKeyInfo with id-ecPublicKey: the SEC1 key inside the OCTET STRING.
fn pkcs8_ec_point(der: &[u8]) -> Option<Vec<u8>> {
    let (body, _) = Der::expect(der, 0x30)?;
    let (_version, r) = Der::expect(body, 0x02)?;
    let (alg, r) = Der::expect(r, 0x30)?;
    let (oid, _) = Der::expect(alg, 0x06)?;
    if oid != OID_EC {
        return None;
    }
    let (sec1, _) = Der::expect(r, 0x04)?;
    sec1_point(sec1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_round_trip() {
        for len in [0usize, 1, 127, 128, 255, 256, 70000] {
            let v = der_tlv(0x04, &vec![7u8; len]);
            let (body, rest) = Der::expect(&v, 0x04).unwrap();
            assert_eq!((body.len(), rest.len()), (len, 0));
        }
    }

    #[test]
    fn non_keys_are_unrecognized_or_invalid() {
        assert_eq!(SshRsaKey::parse("hello"), Err(SshKeyError::Unrecognized));
        assert_eq!(
            SshRsaKey::parse(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzvfE+qS09w+okgrO0gY7jryF0lSCxdEO/O0UaUhuZe"
            ),
            Err(SshKeyError::Unrecognized)
        );
        assert_eq!(SshRsaKey::parse("ssh-rsa !!!"), Err(SshKeyError::Invalid));
        assert_eq!(SshRsaKey::parse("ssh-rsa AAAA"), Err(SshKeyError::Invalid));
        assert!(pem_blocks("-----BEGIN X-----\nAAAA\n").is_err());
    }
}
