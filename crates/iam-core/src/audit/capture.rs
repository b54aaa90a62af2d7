//! A record *captured*: the parts of a CloudTrail record a store does not index, in a compact
//! binary form that the request thread writes instead of the record's JSON, and that is
//! rendered as that JSON when it is read ([`render`]). A GetUser record is about a third of its
//! JSON's size this way, and making it is copying its strings: no member names, no escaping,
//! no date to format. What the store indexes (event ID, recipient account, time, name,
//! source, read-only flag) is stored beside it once, not twice ([`Indexed`]).
//!
//! The layout (`VERSION` 1): a version byte, then in CloudTrail's order the record's members,
//! each a string (its length in LEB128, its bytes), an optional string (0 when absent, else its
//! length plus 1), a flag byte, or a count of entries. `requestParameters`,
//! `responseElements` and `additionalEventData` are kept as the JSON text serde_json writes
//! for them (after their length as 4 bytes, little-endian, written once the text is).
use super::{
    CloudTrailRecord, JsonText, RecordResource, SessionAttributes, SessionContext, SessionIssuer,
    TlsDetails, UserIdentity,
};

/// The capture format's version (its first byte).
const VERSION: u8 = 1;

/// What a store keeps of a record beside its capture, to render it with.
#[derive(Debug, Clone, Copy)]
pub struct Indexed<'a> {
    pub event_id: &'a str,
    /// `recipientAccountId`.
    pub account_id: &'a str,
    pub time_ms: i64,
    pub event_name: &'a str,
    pub event_source: &'a str,
    pub read_only: bool,
}

/// Appends the capture of `record` to `out`.
pub(super) fn write(record: &CloudTrailRecord<'_>, out: &mut Vec<u8>) {
    out.push(VERSION);
    put_str(out, record.event_version);
    put_identity(out, record.user_identity);
    put_str(out, record.aws_region);
    put_str(out, record.source_ip_address);
    put_str(out, record.user_agent);
    put_opt(out, record.error_code);
    put_opt(out, record.error_message);
    put_json(out, record.request_parameters);
    put_json(out, record.response_elements);
    match record.additional_event_data {
        None => out.push(0),
        Some(data) => {
            out.push(1);
            put_json(out, data);
        }
    }
    put_str(out, record.request_id);
    put_len(out, record.resources.len());
    for r in record.resources {
        put_str(out, &r.account_id);
        put_str(out, &r.kind);
        put_str(out, &r.arn);
    }
    put_str(out, record.event_type);
    out.push(u8::from(record.management_event));
    put_opt(out, record.shared_event_id);
    put_str(out, record.event_category);
    match record.tls_details {
        None => out.push(0),
        Some(tls) => {
            out.push(1);
            put_str(out, &tls.tls_version);
            put_str(out, &tls.cipher_suite);
            put_str(out, &tls.client_provided_host_header);
        }
    }
}

/// The record's JSON, rendered from what the store indexed and the capture; `None` if the
/// capture is not one [`write`] made (a corrupt store). An empty capture renders as an empty
/// record (how a store keeps a record given as empty JSON).
pub fn render(indexed: Indexed<'_>, capture: &[u8]) -> Option<String> {
    if capture.is_empty() {
        return Some(String::new());
    }
    let mut r = Reader { data: capture };
    if r.byte()? != VERSION {
        return None;
    }
    let event_version = r.str()?;
    let user_identity = r.identity()?;
    let aws_region = r.str()?;
    let source_ip_address = r.str()?;
    let user_agent = r.str()?;
    let error_code = r.opt()?;
    let error_message = r.opt()?;
    let request_parameters = r.json()?;
    let response_elements = r.json()?;
    let additional_event_data = match r.byte()? {
        0 => None,
        _ => Some(r.json()?),
    };
    let request_id = r.str()?;
    let mut resources = Vec::new();
    for _ in 0..r.len()? {
        resources.push(RecordResource {
            account_id: r.str()?.to_string(),
            kind: r.str()?.to_string(),
            arn: r.str()?.to_string(),
        });
    }
    let event_type = r.str()?;
    let management_event = r.byte()? != 0;
    let shared_event_id = r.opt()?;
    let event_category = r.str()?;
    let tls_details = match r.byte()? {
        0 => None,
        _ => Some(TlsDetails {
            tls_version: r.str()?.to_string(),
            cipher_suite: r.str()?.to_string(),
            client_provided_host_header: r.str()?.to_string(),
        }),
    };
    if !r.data.is_empty() {
        return None;
    }
    let record = CloudTrailRecord {
        event_version,
        user_identity: &user_identity,
        time_ms: indexed.time_ms,
        event_source: indexed.event_source,
        event_name: indexed.event_name,
        aws_region,
        source_ip_address,
        user_agent,
        error_code,
        error_message,
        request_parameters,
        response_elements,
        additional_event_data,
        request_id,
        event_id: indexed.event_id,
        read_only: indexed.read_only,
        resources: &resources,
        event_type,
        management_event,
        recipient_account_id: indexed.account_id,
        shared_event_id,
        event_category,
        tls_details: tls_details.as_ref(),
    };
    let mut out = Vec::with_capacity(capture.len() * 3);
    record.write_json(&mut out);
    String::from_utf8(out).ok()
}

/// `v` in LEB128 (seven bits a byte, low first). The helpers below are the store's entry
/// encoding too (`iam_store::events::encode_body`), inlined where they are called: most are
/// a byte or a copy, and a call cost as much.
#[inline]
pub fn put_varint(out: &mut Vec<u8>, v: u64) {
    if v < 0x80 {
        out.push(v as u8);
    } else {
        put_long_varint(out, v);
    }
}

fn put_long_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[inline]
fn put_len(out: &mut Vec<u8>, len: usize) {
    put_varint(out, len as u64);
}

/// Bytes after their length.
#[inline]
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_len(out, b.len());
    out.extend_from_slice(b);
}

#[inline]
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// An optional string: 0 when absent, else its length plus 1 and its bytes.
#[inline]
pub fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            put_len(out, s.len() + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// A JSON value as the record writes it, after its length (u32 LE, filled in once written).
fn put_json(out: &mut Vec<u8>, value: JsonText<'_>) {
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    value.write(out);
    let len = (out.len() - at - 4) as u32;
    out[at..at + 4].copy_from_slice(&len.to_le_bytes());
}

fn put_identity(out: &mut Vec<u8>, id: &UserIdentity) {
    put_str(out, &id.kind);
    for field in [
        &id.principal_id,
        &id.arn,
        &id.account_id,
        &id.access_key_id,
        &id.user_name,
    ] {
        put_opt(out, field.as_deref());
    }
    match &id.session_context {
        None => out.push(0),
        Some(context) => {
            out.push(1);
            match &context.session_issuer {
                None => out.push(0),
                Some(issuer) => {
                    out.push(1);
                    put_str(out, &issuer.kind);
                    put_str(out, &issuer.principal_id);
                    put_str(out, &issuer.arn);
                    put_str(out, &issuer.account_id);
                    put_opt(out, issuer.user_name.as_deref());
                }
            }
            put_str(out, &context.attributes.creation_date);
            put_str(out, &context.attributes.mfa_authenticated);
            put_opt(out, context.source_identity.as_deref());
        }
    }
    put_opt(out, id.identity_provider.as_deref());
    put_opt(out, id.invoked_by.as_deref());
}

/// Reads what `write` wrote; `None` at the first malformed byte.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.data.len() {
            return None;
        }
        let (taken, rest) = self.data.split_at(len);
        self.data = rest;
        Some(taken)
    }

    fn len(&mut self) -> Option<usize> {
        let (mut v, mut shift) = (0usize, 0u32);
        loop {
            let b = self.byte()?;
            v |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
            if shift >= usize::BITS {
                return None;
            }
        }
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        std::str::from_utf8(self.bytes(len)?).ok()
    }

    fn opt(&mut self) -> Option<Option<&'a str>> {
        match self.len()? {
            0 => Some(None),
            n => Some(Some(std::str::from_utf8(self.bytes(n - 1)?).ok()?)),
        }
    }

    fn owned_opt(&mut self) -> Option<Option<String>> {
        Some(self.opt()?.map(str::to_string))
    }

    fn json(&mut self) -> Option<JsonText<'a>> {
        let len = u32::from_le_bytes(self.bytes(4)?.try_into().ok()?) as usize;
        Some(JsonText::Raw(std::str::from_utf8(self.bytes(len)?).ok()?))
    }

    fn identity(&mut self) -> Option<UserIdentity> {
        let kind = self.str()?.to_string();
        let principal_id = self.owned_opt()?;
        let arn = self.owned_opt()?;
        let account_id = self.owned_opt()?;
        let access_key_id = self.owned_opt()?;
        let user_name = self.owned_opt()?;
        let session_context = match self.byte()? {
            0 => None,
            _ => {
                let session_issuer = match self.byte()? {
                    0 => None,
                    _ => Some(SessionIssuer {
                        kind: self.str()?.to_string(),
                        principal_id: self.str()?.to_string(),
                        arn: self.str()?.to_string(),
                        account_id: self.str()?.to_string(),
                        user_name: self.owned_opt()?,
                    }),
                };
                Some(SessionContext {
                    session_issuer,
                    attributes: SessionAttributes {
                        creation_date: self.str()?.to_string(),
                        mfa_authenticated: self.str()?.to_string(),
                    },
                    source_identity: self.owned_opt()?,
                })
            }
        };
        Some(UserIdentity {
            kind,
            principal_id,
            arn,
            account_id,
            access_key_id,
            user_name,
            session_context,
            identity_provider: self.owned_opt()?,
            invoked_by: self.owned_opt()?,
        })
    }
}
