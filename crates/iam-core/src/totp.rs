//! Time-based one-time passwords as AWS virtual MFA devices use them: TOTP (RFC 6238) over HOTP
//! (RFC 4226) with HMAC-SHA-1, 6 digits and 30-second steps; seeds as RFC 4648 base32 text; the
//! provisioning QR code (`otpauth://` Key URI) as a PNG. No I/O, no state: callers keep the last
//! accepted step so a code is never accepted twice.
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use subtle::ConstantTimeEq;

/// Seconds per time step (RFC 6238's X; AWS uses the default).
pub const STEP_SECONDS: i64 = 30;
/// AWS seeds are 40 random bytes: 64 base32 characters, no padding.
pub const SEED_BYTES: usize = 40;
const DIGITS: u32 = 6;

/// The time step a Unix time falls in (RFC 6238 §4.2, T0 = 0).
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// HOTP value (RFC 4226 §5.3: HMAC-SHA-1, dynamic truncation) reduced to `digits` digits.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key)
        .expect("HMAC accepts keys of any length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(digits)
}

/// The 6-digit code for a time step, zero-padded as authenticator apps show it.
pub fn code_at_step(key: &[u8], step: i64) -> String {
    // Steps before the epoch do not occur; clamp rather than wrap.
    let counter = u64::try_from(step).unwrap_or(0);
    format!("{:06}", hotp(key, counter, DIGITS))
}

fn code_matches(key: &[u8], step: i64, code: &str) -> bool {
    code_at_step(key, step)
        .as_bytes()
        .ct_eq(code.as_bytes())
        .into()
}

/// The first step in `steps` whose code equals `code` (compared in constant time).
pub fn find_step(key: &[u8], code: &str, steps: std::ops::RangeInclusive<i64>) -> Option<i64> {
    steps.into_iter().find(|&s| code_matches(key, s, code))
}

/// The step of `code2` when `code1` and `code2` are the codes of two consecutive steps, the
/// second within `window` steps of `around` (EnableMFADevice and ResyncMFADevice).
pub fn find_consecutive(
    key: &[u8],
    code1: &str,
    code2: &str,
    around: i64,
    window: i64,
) -> Option<i64> {
    (around - window..=around + window)
        .find(|&s| code_matches(key, s - 1, code1) && code_matches(key, s, code2))
}

/// A fresh random seed.
pub fn new_seed() -> Vec<u8> {
    let mut seed = vec![0u8; SEED_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    seed
}

const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 §6 base32, without padding (AWS's seeds are a multiple of 5 bytes, so none is due).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(
                BASE32_ALPHABET[((buffer >> bits) & 31) as usize],
            ));
        }
    }
    if bits > 0 {
        out.push(char::from(
            BASE32_ALPHABET[((buffer << (5 - bits)) & 31) as usize],
        ));
    }
    out
}

/// Decodes RFC 4648 base32 (case-insensitive, padding ignored); `None` on any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = BASE32_ALPHABET
            .iter()
            .position(|&a| a == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The Key URI authenticator apps read, in AWS's form: issuer "Amazon Web Services", label
/// `{device name}@{account alias or ID}` (as the IAM API reference describes QRCodePNG).
pub fn otpauth_uri(device_name: &str, account_name: &str, seed_base32: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SET: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'@');
    format!(
        "otpauth://totp/Amazon%20Web%20Services:{}@{}?secret={seed_base32}&issuer=Amazon%20Web%20Services",
        utf8_percent_encode(device_name, SET),
        utf8_percent_encode(account_name, SET),
    )
}

/// Pixels per QR module and modules of quiet zone (ISO/IEC 18004 asks for four).
const MODULE_PIXELS: usize = 4;
const QUIET_ZONE: usize = 4;

/// A QR code of `text` as a 1-bit grayscale PNG.
pub fn qr_png(text: &str) -> Result<Vec<u8>, String> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(|e| format!("QR encoding: {e}"))?;
    let modules = qr.width();
    let colors = qr.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * MODULE_PIXELS;
    let row_bytes = side.div_ceil(8);
    let mut pixels = vec![0xffu8; row_bytes * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (x / MODULE_PIXELS, y / MODULE_PIXELS);
            let dark = mx >= QUIET_ZONE
                && my >= QUIET_ZONE
                && mx - QUIET_ZONE < modules
                && my - QUIET_ZONE < modules
                && colors[(my - QUIET_ZONE) * modules + (mx - QUIET_ZONE)] == qrcode::Color::Dark;
            if dark {
                pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let side = u32::try_from(side).map_err(|_| "QR code too large".to_string())?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("PNG header: {e}"))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| format!("PNG data: {e}"))?;
    writer.finish().map_err(|e| format!("PNG end: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc4226_appendix_d_hotp_vectors() {
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, want) in expected.into_iter().enumerate() {
            assert_eq!(hotp(RFC_KEY, counter as u64, 6), want, "counter {counter}");
        }
    }

    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        // (time, 8-digit TOTP) for the SHA-1 key of Appendix B.
        let vectors = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        for (t, want) in vectors {
            let step = step_at(t) as u64;
            assert_eq!(hotp(RFC_KEY, step, 8), want, "T = {t}");
            // The 6-digit code is the same value's last six digits.
            assert_eq!(
                code_at_step(RFC_KEY, step_at(t)),
                format!("{:06}", want % 1_000_000)
            );
        }
    }

    #[test]
    fn consecutive_codes_are_found_and_ordered() {
        let now = step_at(1_700_000_000);
        let (c1, c2) = (code_at_step(RFC_KEY, now - 1), code_at_step(RFC_KEY, now));
        assert_eq!(find_consecutive(RFC_KEY, &c1, &c2, now, 1), Some(now));
        assert_eq!(find_consecutive(RFC_KEY, &c2, &c1, now, 1), None);
        assert_eq!(find_step(RFC_KEY, &c2, now - 1..=now + 1), Some(now));
        assert_eq!(find_step(RFC_KEY, &c2, now + 1..=now + 2), None);
    }

    #[test]
    fn base32_round_trips_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32_encode(raw.as_bytes()), enc);
            assert_eq!(base32_decode(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(base32_decode("MZXW6YQ=").unwrap(), b"foob");
        assert!(base32_decode("MZ1").is_none());
        let seed = new_seed();
        assert_eq!(base32_encode(&seed).len(), 64);
        assert_eq!(base32_decode(&base32_encode(&seed)).unwrap(), seed);
    }

    #[test]
    fn qr_png_is_a_png_and_uri_has_aws_shape() {
        let uri = otpauth_uri("alice", "123456789012", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services"
        );
        let png = qr_png(&uri).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
