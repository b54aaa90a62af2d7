//! Unique IDs and secrets in AWS's formats: `AIDA…` users, `AGPA…` groups, `ANPA…` policies,
//! `AKIA…`/`ASIA…` access keys, 12-digit account IDs. Random from the OS CSPRNG.
use rand::Rng;

/// AWS unique IDs use upper-case letters and digits 2-7 (base32 alphabet).
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

#[derive(Clone, Copy, Debug)]
pub enum IdKind {
    User,
    Group,
    Policy,
    Role,
    InstanceProfile,
    AccessKey,
    TemporaryAccessKey,
    SshPublicKey,
    ServerCertificate,
    ServiceSpecificCredential,
    /// Signing certificates carry a 32-character ID with no prefix.
    SigningCertificate,
}

impl IdKind {
    fn prefix(self) -> &'static str {
        match self {
            IdKind::User => "AIDA",
            IdKind::Group => "AGPA",
            IdKind::Policy => "ANPA",
            IdKind::Role => "AROA",
            IdKind::InstanceProfile => "AIPA",
            IdKind::AccessKey => "AKIA",
            IdKind::TemporaryAccessKey => "ASIA",
            IdKind::SshPublicKey => "APKA",
            IdKind::ServerCertificate => "ASCA",
            IdKind::ServiceSpecificCredential => "ACCA",
            IdKind::SigningCertificate => "",
        }
    }
    /// Total length as AWS issues them: access keys are 20 characters, entity IDs 21.
    fn len(self) -> usize {
        match self {
            IdKind::AccessKey | IdKind::TemporaryAccessKey | IdKind::SshPublicKey => 20,
            IdKind::SigningCertificate => 32,
            _ => 21,
        }
    }
}

pub fn new_id(kind: IdKind) -> String {
    let mut rng = rand::thread_rng();
    let mut id = String::with_capacity(kind.len());
    id.push_str(kind.prefix());
    while id.len() < kind.len() {
        id.push(ID_ALPHABET[rng.gen_range(0..ID_ALPHABET.len())] as char);
    }
    id
}

/// A deterministic ID for catalogue entries (AWS-managed policies) so they are stable across starts.
pub fn stable_id(kind: IdKind, seed: &str) -> String {
    // FNV-1a, twice with different offsets, is plenty for 1.6k fixed names.
    let mut id = String::from(kind.prefix());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut round = 0u64;
    while id.len() < kind.len() {
        for b in seed.bytes().chain(round.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let mut x = h;
        for _ in 0..12 {
            if id.len() >= kind.len() {
                break;
            }
            id.push(ID_ALPHABET[(x & 31) as usize] as char);
            x >>= 5;
        }
        round += 1;
    }
    id
}

/// A 40-character secret access key, base64-like alphabet as AWS uses.
pub fn new_secret_access_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = rand::thread_rng();
    (0..40)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A random (version 4) UUID, lower-case and hyphenated, as AWS writes request and task IDs.
pub fn new_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub fn new_account_id() -> String {
    let mut rng = rand::thread_rng();
    // First digit non-zero so the ID never looks truncated.
    let mut id = String::with_capacity(12);
    id.push(char::from(b'1' + rng.gen_range(0..9u8)));
    for _ in 0..11 {
        id.push(char::from(b'0' + rng.gen_range(0..10u8)));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shapes() {
        let u = new_id(IdKind::User);
        assert!(u.starts_with("AIDA") && u.len() == 21);
        let k = new_id(IdKind::AccessKey);
        assert!(k.starts_with("AKIA") && k.len() == 20);
        assert_eq!(new_account_id().len(), 12);
        assert_eq!(new_secret_access_key().len(), 40);
        let a = stable_id(IdKind::Policy, "arn:aws:iam::aws:policy/ReadOnlyAccess");
        assert_eq!(
            a,
            stable_id(IdKind::Policy, "arn:aws:iam::aws:policy/ReadOnlyAccess")
        );
        assert_eq!(a.len(), 21);
    }
}
