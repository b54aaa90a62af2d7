//! `IpAddress`/`NotIpAddress` values: IPv4 and IPv6 addresses and CIDR ranges (RFC 4632, RFC 4291);
//! IAM User Guide reference_policies_elements_condition_operators.md#Conditions_IPAddress.

use std::net::IpAddr;

/// A network: an address with its prefix length; a bare address is a /32 or /128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    bits: u128,
    prefix: u32,
    v6: bool,
}

impl Cidr {
    pub(crate) fn parse(text: &str) -> Option<Cidr> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u32>().ok()?)),
            None => (text, None),
        };
        let (bits, max, v6) = match address.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32, false),
            IpAddr::V6(v6) => (u128::from(v6), 128, true),
        };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { bits, prefix, v6 })
    }

    /// Whether `address` (a request's `aws:SourceIp`) lies in this network.
    #[cfg(test)]
    fn contains(&self, address: &str) -> bool {
        Cidr::parse(address).is_some_and(|other| self.contains_parsed(other))
    }

    /// Whether `other`, a request's `aws:SourceIp` as [`Cidr::parse`] reads it, lies in this
    /// network (its own prefix length plays no part).
    pub(crate) fn contains_parsed(&self, other: Cidr) -> bool {
        if other.v6 != self.v6 {
            return false;
        }
        let width = if self.v6 { 128 } else { 32 };
        let shift = width - self.prefix;
        if shift >= 128 {
            return true;
        }
        (self.bits >> shift) == (other.bits >> shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let net = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(net.contains("203.0.113.7"));
        assert!(!net.contains("203.0.114.7"));
        assert!(!net.contains("::1"));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("8.8.8.8"));
        assert!(
            Cidr::parse("2001:db8::/32")
                .unwrap()
                .contains("2001:db8:1::5")
        );
        assert!(
            !Cidr::parse("2001:db8::/32")
                .unwrap()
                .contains("2001:db9::5")
        );
        assert!(Cidr::parse("10.0.0.1").unwrap().contains("10.0.0.1"));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
    }
}
