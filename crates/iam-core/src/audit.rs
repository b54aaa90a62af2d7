//! The audit trail: every request becomes one CloudTrail record (AWS CloudTrail User Guide:
//! "CloudTrail record contents", "CloudTrail userIdentity element"; IAM User Guide:
//! cloudtrail-integration), made once in the request path (`iam_server::handle`) from the
//! operation's row, and stored through the `Store` with the write it describes.
//!
//! - [`EventDraft`]: the record in the making, filled as the request goes (identity once
//!   authenticated, parameters once decoded, outcome at the end); [`EventDraft::records`] turns
//!   it into one [`EventRecord`] per recipient account (two for a cross-account AssumeRole).
//! - [`RequestAudit`]: the request's scope (a task-local while the request runs). The first
//!   `Iam::write` of the request that changes something puts the request's [`PendingEvent`]
//!   into its own batch (`Change::Event`), so the event commits in the same store transaction
//!   as the change (INVARIANT (event-with-write)); that write's acknowledgement is awaited by
//!   [`RequestAudit::finish`], after the event is complete, instead of inside `Iam::write`.
//!   A request that changed nothing (a read, a refusal) hands its event to
//!   `Store::append_events`, committed with the store's next group commit.
//! - [`EventQuery`] / [`EventRecord`]: what `Store::lookup_events` answers (LookupEvents).
//!
//! A read's request path only gathers: the record JSON, its `requestParameters` and
//! `responseElements` (secrets left out) and its resources are worked out from the gathered
//! parts ([`EventDetail`], [`CompletedEvent`]) when the store writes the event, on its writer
//! thread, not while the client waits. A write's request renders its own event once complete
//! (the writer, which every durable write waits for, only inserts it).
use crate::service::{Caller, Principal};
use crate::sessions::SessionKind;
use crate::store::{Ack, StoreError};
use parking_lot::{Condvar, Mutex};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

pub mod capture;
pub use capture::{Indexed, render as render_captured};

/// CloudTrail's current record format version (record contents: "The current version is 1.11").
pub const EVENT_VERSION: &str = "1.11";

/// What CloudTrail writes instead of a secret request parameter (passwords; IAM User Guide:
/// cloudtrail-integration, "HIDDEN_DUE_TO_SECURITY_REASONS").
pub const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// One stored event: the CloudTrail record (`json`, LookupEvents' `CloudTrailEvent`) and the
/// columns lookups filter on, all taken from the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub event_id: String,
    /// `recipientAccountId`: the account whose trail holds this copy.
    pub account_id: String,
    /// `eventTime` in milliseconds since the epoch (the record shows whole seconds).
    pub time_ms: i64,
    pub event_name: String,
    pub event_source: String,
    pub read_only: bool,
    /// LookupEvents' `Username`: the IAM user, `root`, the role session or federated name.
    pub username: Option<String>,
    pub access_key_id: Option<String>,
    pub resources: Vec<EventResource>,
    pub json: String,
    /// The record's capture instead of its JSON (`RecordForm::Capture`, for a store that keeps
    /// captures): `json` is then empty, and `RecordView::json` renders it.
    pub capture: Vec<u8>,
}

impl EventRecord {
    /// This record, borrowed.
    pub fn view(&self) -> RecordView<'_> {
        RecordView {
            event_id: &self.event_id,
            account_id: &self.account_id,
            time_ms: self.time_ms,
            event_name: &self.event_name,
            event_source: &self.event_source,
            read_only: self.read_only,
            username: self.username.as_deref(),
            access_key_id: self.access_key_id.as_deref(),
            resources: &self.resources,
            record: if self.capture.is_empty() {
                RecordBody::Json(self.json.as_bytes())
            } else {
                RecordBody::Capture(&self.capture)
            },
        }
    }
}

/// A stored event's fields borrowed (`EventRecord::view`, or a record as
/// `EventDraft::render` makes it, which a store encodes without copying it into an
/// `EventRecord` first).
#[derive(Debug, Clone, Copy)]
pub struct RecordView<'a> {
    pub event_id: &'a str,
    pub account_id: &'a str,
    pub time_ms: i64,
    pub event_name: &'a str,
    pub event_source: &'a str,
    pub read_only: bool,
    pub username: Option<&'a str>,
    pub access_key_id: Option<&'a str>,
    pub resources: &'a [EventResource],
    /// The CloudTrail record.
    pub record: RecordBody<'a>,
}

/// A CloudTrail record as a store is handed it.
#[derive(Debug, Clone, Copy)]
pub enum RecordBody<'a> {
    /// Its JSON (UTF-8).
    Json(&'a [u8]),
    /// Its capture (`capture`: rendered as JSON by `render_captured` with the view's fields).
    Capture(&'a [u8]),
}

/// What `EventDraft::render` makes of a record: its JSON, or its capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordForm {
    Json,
    Capture,
}

impl<'a> RecordView<'a> {
    /// What a store keeps of the record beside its capture.
    pub fn indexed(&self) -> Indexed<'a> {
        Indexed {
            event_id: self.event_id,
            account_id: self.account_id,
            time_ms: self.time_ms,
            event_name: self.event_name,
            event_source: self.event_source,
            read_only: self.read_only,
        }
    }

    /// The record's JSON.
    pub fn json(&self) -> String {
        match self.record {
            RecordBody::Json(json) => String::from_utf8_lossy(json).into_owned(),
            // A capture this process made renders.
            RecordBody::Capture(capture) => {
                render_captured(self.indexed(), capture).unwrap_or_default()
            }
        }
    }

    /// The record, owned, its JSON rendered.
    pub fn to_record(&self) -> EventRecord {
        self.owned(self.json(), Vec::new())
    }

    /// The record, owned, as it is: its JSON, or its capture.
    pub fn to_owned_form(&self) -> EventRecord {
        match self.record {
            RecordBody::Json(_) => self.to_record(),
            RecordBody::Capture(capture) => self.owned(String::new(), capture.to_vec()),
        }
    }

    fn owned(&self, json: String, capture: Vec<u8>) -> EventRecord {
        EventRecord {
            event_id: self.event_id.to_string(),
            account_id: self.account_id.to_string(),
            time_ms: self.time_ms,
            event_name: self.event_name.to_string(),
            event_source: self.event_source.to_string(),
            read_only: self.read_only,
            username: self.username.map(str::to_string),
            access_key_id: self.access_key_id.map(str::to_string),
            resources: self.resources.to_vec(),
            json,
            capture,
        }
    }
}

/// A resource an event names, as LookupEvents lists it (`AWS::IAM::User`, `alice`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventResource {
    pub resource_type: String,
    pub resource_name: String,
}

/// LookupEvents' lookup attribute (exactly one, or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupAttribute {
    EventId(String),
    EventName(String),
    ReadOnly(bool),
    Username(String),
    ResourceType(String),
    ResourceName(String),
    EventSource(String),
    AccessKeyId(String),
}

/// Where a page of events continues: the last event returned (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventCursor {
    pub time_ms: i64,
    pub seq: i64,
}

/// A lookup: one account's events, newest first, `time_ms` in `[start_ms, end_ms]`, strictly
/// older than `after` (by `(time_ms, seq)`), at most `limit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventQuery {
    pub account_id: String,
    pub attribute: Option<LookupAttribute>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub after: Option<EventCursor>,
    pub limit: usize,
}

/// An event as a lookup returns it, with its position in the store's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: i64,
    pub record: EventRecord,
}

impl EventQuery {
    /// Whether `r` matches this query's account, time range and attribute (the store's filter,
    /// written once for stores that filter in memory).
    pub fn matches(&self, r: &EventRecord) -> bool {
        if r.account_id != self.account_id || r.time_ms < self.start_ms || r.time_ms > self.end_ms {
            return false;
        }
        match &self.attribute {
            None => true,
            Some(LookupAttribute::EventId(v)) => &r.event_id == v,
            Some(LookupAttribute::EventName(v)) => &r.event_name == v,
            Some(LookupAttribute::ReadOnly(v)) => r.read_only == *v,
            Some(LookupAttribute::Username(v)) => r.username.as_ref() == Some(v),
            Some(LookupAttribute::AccessKeyId(v)) => r.access_key_id.as_ref() == Some(v),
            Some(LookupAttribute::EventSource(v)) => &r.event_source == v,
            Some(LookupAttribute::ResourceType(v)) => {
                r.resources.iter().any(|x| &x.resource_type == v)
            }
            Some(LookupAttribute::ResourceName(v)) => {
                r.resources.iter().any(|x| &x.resource_name == v)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The record, in CloudTrail's field order.

/// `userIdentity` (CloudTrail userIdentity element).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity {
    /// Root, IAMUser, AssumedRole, FederatedUser, AWSAccount, WebIdentityUser, SAMLUser,
    /// AWSService, Unknown.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_context: Option<SessionContext>,
    /// SAMLUser / WebIdentityUser: the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked_by: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_issuer: Option<SessionIssuer>,
    pub attributes: SessionAttributes,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionIssuer {
    #[serde(rename = "type")]
    pub kind: String,
    pub principal_id: String,
    pub arn: String,
    pub account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionAttributes {
    pub creation_date: String,
    /// `"true"` or `"false"`: CloudTrail writes it as a string.
    pub mfa_authenticated: String,
}

/// An entry of the record's `resources` (STS role calls: the role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordResource {
    #[serde(rename = "accountId")]
    pub account_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "ARN")]
    pub arn: String,
}

/// `tlsDetails`: only for requests that arrived over TLS (iamd's listener speaks plain HTTP
/// today, so none yet; a TLS front end would fill it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsDetails {
    pub tls_version: String,
    pub cipher_suite: String,
    pub client_provided_host_header: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CloudTrailRecord<'a> {
    event_version: &'a str,
    user_identity: &'a UserIdentity,
    #[serde(rename = "eventTime", serialize_with = "serialize_event_time")]
    time_ms: i64,
    event_source: &'a str,
    event_name: &'a str,
    aws_region: &'a str,
    #[serde(rename = "sourceIPAddress")]
    source_ip_address: &'a str,
    user_agent: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<&'a str>,
    request_parameters: JsonText<'a>,
    response_elements: JsonText<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_event_data: Option<JsonText<'a>>,
    #[serde(rename = "requestID")]
    request_id: &'a str,
    #[serde(rename = "eventID")]
    event_id: &'a str,
    read_only: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    resources: &'a [RecordResource],
    event_type: &'a str,
    management_event: bool,
    recipient_account_id: &'a str,
    #[serde(rename = "sharedEventID", skip_serializing_if = "Option::is_none")]
    shared_event_id: Option<&'a str>,
    event_category: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tls_details: Option<&'a TlsDetails>,
}

fn serialize_event_time<S: serde::Serializer>(time_ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&event_time(*time_ms))
}

/// A JSON member's value: given (a record made from a draft), the text serde_json wrote for
/// it (a record rendered from its capture, `capture::render`), or written by the event's detail
/// straight into the record being rendered (`EventDetail::write_request_parameters`: no buffer
/// of its own to fill, check as UTF-8 and free for every event).
#[derive(Clone, Copy)]
enum JsonText<'a> {
    Value(&'a Value),
    Raw(&'a str),
    Written(&'a dyn Fn(&mut Vec<u8>)),
}

impl std::fmt::Debug for JsonText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonText::Value(v) => f.debug_tuple("Value").field(v).finish(),
            JsonText::Raw(text) => f.debug_tuple("Raw").field(text).finish(),
            JsonText::Written(_) => f.write_str("Written"),
        }
    }
}

impl JsonText<'_> {
    fn write(self, out: &mut Vec<u8>) {
        match self {
            JsonText::Value(v) => json_value(out, v),
            JsonText::Raw(text) => out.extend_from_slice(text.as_bytes()),
            JsonText::Written(write) => write(out),
        }
    }
}

impl Serialize for JsonText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonText::Value(v) => v.serialize(s),
            JsonText::Raw(text) => serde_json::from_str::<Value>(text)
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            JsonText::Written(write) => {
                let mut text = Vec::new();
                write(&mut text);
                serde_json::from_slice::<Value>(&text)
                    .map_err(serde::ser::Error::custom)?
                    .serialize(s)
            }
        }
    }
}

impl CloudTrailRecord<'_> {
    /// The record as JSON, as `serde_json` writes this struct (the tests hold it to that),
    /// written by hand: the keys are constant bytes and a value's escaping is one pass that
    /// finds nothing to escape, where serde_json escaped every key and value byte by byte
    /// (two thirds of rendering an event on the request thread, `perf`).
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        str_member(out, b"\"eventVersion\":", Some(self.event_version));
        out.extend_from_slice(b",\"userIdentity\":");
        self.user_identity.write_json(out);
        let event_time = event_time(self.time_ms);
        for (key, value) in [
            (&b",\"eventTime\":"[..], Some(event_time.as_str())),
            (b",\"eventSource\":", Some(self.event_source)),
            (b",\"eventName\":", Some(self.event_name)),
            (b",\"awsRegion\":", Some(self.aws_region)),
            (b",\"sourceIPAddress\":", Some(self.source_ip_address)),
            (b",\"userAgent\":", Some(self.user_agent)),
            (b",\"errorCode\":", self.error_code),
            (b",\"errorMessage\":", self.error_message),
        ] {
            str_member(out, key, value);
        }
        out.extend_from_slice(b",\"requestParameters\":");
        self.request_parameters.write(out);
        out.extend_from_slice(b",\"responseElements\":");
        self.response_elements.write(out);
        if let Some(data) = self.additional_event_data {
            out.extend_from_slice(b",\"additionalEventData\":");
            data.write(out);
        }
        str_member(out, b",\"requestID\":", Some(self.request_id));
        str_member(out, b",\"eventID\":", Some(self.event_id));
        out.extend_from_slice(if self.read_only {
            b",\"readOnly\":true"
        } else {
            b",\"readOnly\":false"
        });
        if !self.resources.is_empty() {
            value_member(out, b",\"resources\":", Some(&self.resources));
        }
        str_member(out, b",\"eventType\":", Some(self.event_type));
        out.extend_from_slice(if self.management_event {
            b",\"managementEvent\":true"
        } else {
            b",\"managementEvent\":false"
        });
        str_member(
            out,
            b",\"recipientAccountId\":",
            Some(self.recipient_account_id),
        );
        str_member(out, b",\"sharedEventID\":", self.shared_event_id);
        str_member(out, b",\"eventCategory\":", Some(self.event_category));
        value_member(out, b",\"tlsDetails\":", self.tls_details);
        out.push(b'}');
    }
}

impl UserIdentity {
    /// `userIdentity` as JSON, as `serde_json` writes it (see `CloudTrailRecord::write_json`).
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        str_member(out, b"\"type\":", Some(&self.kind));
        for (key, value) in [
            (&b",\"principalId\":"[..], &self.principal_id),
            (b",\"arn\":", &self.arn),
            (b",\"accountId\":", &self.account_id),
            (b",\"accessKeyId\":", &self.access_key_id),
            (b",\"userName\":", &self.user_name),
        ] {
            str_member(out, key, value.as_deref());
        }
        value_member(out, b",\"sessionContext\":", self.session_context.as_ref());
        str_member(
            out,
            b",\"identityProvider\":",
            self.identity_provider.as_deref(),
        );
        str_member(out, b",\"invokedBy\":", self.invoked_by.as_deref());
        out.push(b'}');
    }
}

/// `key` (the comma and quotes included) and the string, if there is one.
fn str_member(out: &mut Vec<u8>, key: &[u8], value: Option<&str>) {
    if let Some(value) = value {
        out.extend_from_slice(key);
        json_str(out, value);
    }
}

/// `key` and the value by serde_json, if there is one.
fn value_member(out: &mut Vec<u8>, key: &[u8], value: Option<&(impl Serialize + ?Sized)>) {
    if let Some(value) = value {
        out.extend_from_slice(key);
        json_value(out, value);
    }
}

/// A JSON string: its bytes as they are when none needs escaping (one pass without early
/// exit, which the compiler vectorizes), else serde_json's escaping.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let needs_escape = s.as_bytes().iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if needs_escape {
        json_value(out, s);
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Any other value, by serde_json (writing into a `Vec` cannot fail).
fn json_value(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// CloudTrail's `eventTime`: `2025-10-27T00:01:57Z`.
pub fn event_time(time_ms: i64) -> String {
    crate::entities::iso8601(time_ms.div_euclid(1000))
}

// ---------------------------------------------------------------------------------------------
// Identities.

impl UserIdentity {
    /// A caller whose key or session authenticated: Root, IAMUser, AssumedRole or
    /// FederatedUser, with the session's context when it signed with temporary credentials.
    /// `issuer_user`: for a federated user, the IAM user who called GetFederationToken (name,
    /// ARN), looked up by the caller of this function.
    pub fn of_caller(caller: &Caller, issuer_user: Option<(String, String)>) -> Self {
        let account = caller.account_id.clone();
        let mut identity = UserIdentity {
            principal_id: Some(caller.user_id()),
            arn: Some(caller.arn()),
            account_id: Some(account.clone()),
            access_key_id: (!caller.access_key_id.is_empty()).then(|| caller.access_key_id.clone()),
            ..Default::default()
        };
        let session_issuer = match &caller.principal {
            Principal::Root => {
                identity.kind = "Root".into();
                None
            }
            Principal::User { name, .. } => {
                identity.kind = "IAMUser".into();
                identity.user_name = Some(name.clone());
                None
            }
            Principal::AssumedRole {
                role_id,
                role_name,
                role_arn,
                ..
            } => {
                identity.kind = "AssumedRole".into();
                Some(SessionIssuer {
                    kind: "Role".into(),
                    principal_id: role_id.clone(),
                    arn: role_arn.clone(),
                    account_id: account.clone(),
                    user_name: Some(role_name.clone()),
                })
            }
            Principal::FederatedUser { user_id, .. } => {
                identity.kind = "FederatedUser".into();
                Some(match (user_id, issuer_user) {
                    (Some(id), Some((name, arn))) => SessionIssuer {
                        kind: "IAMUser".into(),
                        principal_id: id.clone(),
                        arn,
                        account_id: account.clone(),
                        user_name: Some(name),
                    },
                    _ => SessionIssuer {
                        kind: "Root".into(),
                        principal_id: account.clone(),
                        arn: crate::arns::root(caller.partition, &account),
                        account_id: account.clone(),
                        user_name: None,
                    },
                })
            }
        };
        if let Some(claims) = caller.session.as_deref() {
            identity.session_context = Some(SessionContext {
                session_issuer,
                attributes: SessionAttributes {
                    creation_date: crate::entities::iso8601(claims.issued),
                    mfa_authenticated: claims.mfa_auth_time.is_some().to_string(),
                },
                source_identity: claims.source_identity.clone(),
            });
        }
        // A root session from AssumeRoot is the member account's root user, as AWS shows it.
        if let Some(SessionKind::RootTask { .. }) = caller.session.as_deref().map(|c| &c.kind) {
            identity.kind = "Root".into();
        }
        identity
    }

    /// The caller as the role owner's account sees a cross-account AssumeRole (IAM User Guide,
    /// cloudtrail-integration: "Account number and principal ID").
    pub fn of_other_account(caller: &Caller) -> Self {
        UserIdentity {
            kind: "AWSAccount".into(),
            principal_id: Some(caller.user_id()),
            account_id: Some(caller.account_id.clone()),
            ..Default::default()
        }
    }

    /// A request that did not authenticate: what is known is the access key it named.
    pub fn unknown(access_key_id: Option<&str>, account_id: Option<&str>) -> Self {
        UserIdentity {
            kind: "Unknown".into(),
            account_id: account_id.map(str::to_string),
            access_key_id: access_key_id.map(str::to_string),
            ..Default::default()
        }
    }

    /// LookupEvents' `Username` for this identity.
    pub fn lookup_username(&self) -> Option<String> {
        self.username().map(str::to_string)
    }

    /// LookupEvents' `Username` for this identity, borrowed.
    pub fn username(&self) -> Option<&str> {
        match self.kind.as_str() {
            "Root" => Some("root"),
            "AssumedRole" | "FederatedUser" => {
                self.arn.as_deref().and_then(|a| a.rsplit('/').next())
            }
            _ => self.user_name.as_deref(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The event in the making.

/// The record of one request, filled as the request goes.
#[derive(Debug, Clone, Default)]
pub struct EventDraft {
    pub event_id: String,
    pub request_id: String,
    /// When the request arrived (ms since the epoch); `eventTime` is when it completed.
    pub started_ms: i64,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub region: String,
    /// `iam.amazonaws.com`, `sts.amazonaws.com`, `organizations.amazonaws.com`,
    /// `cloudtrail.amazonaws.com`.
    pub event_source: String,
    pub event_name: String,
    pub read_only: bool,
    pub identity: UserIdentity,
    /// The account whose trail records the event (the caller's, or for requests whose caller
    /// is unknown, the account the request concerns).
    pub account_id: Option<String>,
    /// A second recipient (cross-account AssumeRole: the role owner's account), which sees
    /// the caller as `AWSAccount`.
    pub other_account: Option<(String, UserIdentity)>,
    /// `requestParameters` and `responseElements` as given, when no `detail` works them out.
    pub request_parameters: Value,
    pub response_elements: Value,
    /// The request's input, decoded, and how the record shows it: rendered with the record.
    pub detail: Option<Arc<dyn EventDetail>>,
    /// The answer the record shows (`responseElements`: writes and calls that issue
    /// credentials), rendered through `detail`.
    pub output: Option<Value>,
    pub error: Option<(String, String)>,
    /// LookupEvents' `Resources` as given, when no `detail` works them out.
    pub resources: Vec<EventResource>,
    pub record_resources: Vec<RecordResource>,
    pub shared_event_id: Option<String>,
    pub tls: Option<TlsDetails>,
    /// CloudTrail's `eventType` when it is not `AwsApiCall` (the console's sign-in:
    /// `AwsConsoleSignIn`).
    pub event_type: &'static str,
    /// CloudTrail's `additionalEventData` (ConsoleLogin: LoginTo, MobileVersion, MFAUsed).
    pub additional_event_data: Option<Value>,
}

impl EventDraft {
    pub fn new(request_id: &str, now_ms: i64) -> Self {
        EventDraft {
            event_id: event_id(now_ms),
            request_id: request_id.to_string(),
            started_ms: now_ms,
            // IAM's region in the default partition until the caller's is known
            // (`RequestAudit`'s owner sets the caller's partition's for global services).
            region: iam_partitions::Partition::default()
                .iam_region()
                .to_string(),
            identity: UserIdentity::unknown(None, None),
            read_only: true,
            ..Default::default()
        }
    }

    /// The stored records of this event, completed at `time_ms`: one for its account (none if
    /// no account is known), and one for the other account of a cross-account call. Both
    /// copies share the `eventID` and carry a `sharedEventID`.
    pub fn records(&self, time_ms: i64) -> Vec<EventRecord> {
        self.records_in(time_ms, RecordForm::Json)
    }

    /// How many records it makes: one for its account (none if no account is known), and one
    /// for the other account of a cross-account call.
    pub fn record_count(&self) -> usize {
        match (&self.account_id, &self.other_account) {
            (None, _) => 0,
            (Some(a), Some((other, _))) if a != other => 2,
            (Some(_), _) => 1,
        }
    }

    /// The stored records (see `records`), each its JSON or its capture.
    pub fn records_in(&self, time_ms: i64, form: RecordForm) -> Vec<EventRecord> {
        let mut out = Vec::with_capacity(2);
        self.render(time_ms, form, |record| out.push(record.to_owned_form()));
        out
    }

    /// Renders the stored records of this event (see `records`) in `form`, each handed to
    /// `each` borrowed: its record rendered into this thread's buffer, nothing else allocated.
    pub fn render(&self, time_ms: i64, form: RecordForm, mut each: impl FnMut(RecordView<'_>)) {
        let Some(account) = &self.account_id else {
            return;
        };
        // With a detail, the resources are worked out from it once for every copy of the event
        // (and `requestParameters` and `responseElements` written from it: `render_one`).
        let detail_resources = self
            .detail
            .as_ref()
            .map(|detail| detail.resources(self.output.as_ref()));
        RENDERED.with_borrow_mut(|buffer| {
            self.render_one(
                account,
                &self.identity,
                time_ms,
                detail_resources.as_deref(),
                form,
                buffer,
                &mut each,
            );
            if let Some((other, identity)) = &self.other_account
                && other != account
            {
                self.render_one(
                    other,
                    identity,
                    time_ms,
                    detail_resources.as_deref(),
                    form,
                    buffer,
                    &mut each,
                );
            }
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn render_one(
        &self,
        account: &str,
        identity: &UserIdentity,
        time_ms: i64,
        detail_resources: Option<&[EventResource]>,
        form: RecordForm,
        buffer: &mut Vec<u8>,
        each: &mut impl FnMut(RecordView<'_>),
    ) {
        // With a detail, `requestParameters` and `responseElements` are written from the
        // decoded input and the answer straight into the record.
        let write_parameters = |out: &mut Vec<u8>| {
            if let Some(detail) = &self.detail {
                detail.write_request_parameters(out);
            }
        };
        let write_elements = |out: &mut Vec<u8>| match (&self.detail, &self.output) {
            (Some(detail), Some(output)) => detail.write_response_elements(output, out),
            _ => out.extend_from_slice(b"null"),
        };
        let (request_parameters, response_elements, resources) = match detail_resources {
            Some(r) => (
                JsonText::Written(&write_parameters),
                JsonText::Written(&write_elements),
                r,
            ),
            None => (
                JsonText::Value(&self.request_parameters),
                JsonText::Value(&self.response_elements),
                &self.resources[..],
            ),
        };
        let record = CloudTrailRecord {
            event_version: EVENT_VERSION,
            user_identity: identity,
            time_ms,
            event_source: &self.event_source,
            event_name: &self.event_name,
            aws_region: &self.region,
            source_ip_address: self.source_ip.as_deref().unwrap_or(""),
            user_agent: self.user_agent.as_deref().unwrap_or(""),
            error_code: self.error.as_ref().map(|(c, _)| c.as_str()),
            error_message: self.error.as_ref().map(|(_, m)| m.as_str()),
            request_parameters,
            response_elements,
            additional_event_data: self.additional_event_data.as_ref().map(JsonText::Value),
            request_id: &self.request_id,
            event_id: &self.event_id,
            read_only: self.read_only,
            resources: &self.record_resources,
            event_type: if self.event_type.is_empty() {
                "AwsApiCall"
            } else {
                self.event_type
            },
            management_event: true,
            recipient_account_id: account,
            shared_event_id: self.shared_event_id.as_deref(),
            event_category: "Management",
            tls_details: self.tls.as_ref(),
        };
        buffer.clear();
        let body = match form {
            RecordForm::Json => {
                record.write_json(buffer);
                // The derived serializer is the reference: every event a debug build renders
                // (every test) is checked against it.
                debug_assert_eq!(
                    String::from_utf8_lossy(buffer),
                    serde_json::to_string(&record).unwrap_or_default()
                );
                RecordBody::Json(buffer)
            }
            RecordForm::Capture => {
                capture::write(&record, buffer);
                RecordBody::Capture(buffer)
            }
        };
        let view = RecordView {
            event_id: &self.event_id,
            account_id: account,
            time_ms,
            event_name: &self.event_name,
            event_source: &self.event_source,
            read_only: self.read_only,
            username: identity.username(),
            access_key_id: identity.access_key_id.as_deref(),
            resources,
            record: body,
        };
        // A capture renders as the record it captured (every test's event, in a debug build).
        debug_assert!(
            form == RecordForm::Json
                || view.json() == serde_json::to_string(&record).unwrap_or_default()
        );
        each(view);
    }
}

thread_local! {
    /// The record `EventDraft::render` renders, this thread's, its capacity kept (a typical
    /// record at once: growing from serde_json's 128 bytes cost a copy at every doubling).
    static RENDERED: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(4096));
}

/// How the record shows a request's input and answer, worked out when the record is rendered
/// (by the request once it completes its event, or by a store that renders later), not while
/// the request is handled. The server implements it with its
/// wire layer (`iam_wire::audit`: member names as CloudTrail writes them, THE place that keeps
/// secrets out), holding the decoded input.
pub trait EventDetail: Send + Sync + std::fmt::Debug {
    /// `requestParameters`.
    fn request_parameters(&self) -> Value;
    /// `responseElements` of the answer the request sent.
    fn response_elements(&self, output: &Value) -> Value;
    /// LookupEvents' `Resources`: what the input names and, for a write, what the answer
    /// names (the new access key).
    fn resources(&self, output: Option<&Value>) -> Vec<EventResource>;
    /// `requestParameters` as the JSON text serde_json writes for it, into `out` (what an
    /// event's record takes: an implementation may write it without building the value).
    fn write_request_parameters(&self, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, &self.request_parameters());
    }
    /// `responseElements` as JSON text, into `out` (see `write_request_parameters`).
    fn write_response_elements(&self, output: &Value, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *out, &self.response_elements(output));
    }
}

/// A request's event, complete: the draft as the request left it and when it completed. The
/// store renders its records ([`CompletedEvent::records`]) when it writes them.
#[derive(Debug, Clone)]
pub struct CompletedEvent {
    pub draft: EventDraft,
    pub time_ms: i64,
}

impl CompletedEvent {
    /// The stored records: see [`EventDraft::records`].
    pub fn records(&self) -> Vec<EventRecord> {
        self.draft.records(self.time_ms)
    }

    /// How many records it makes.
    pub fn len(&self) -> usize {
        self.draft.record_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An event ID: a UUID in CloudTrail's `8-4-4-4-12` lowercase hex form, time-ordered (version
/// 7, RFC 9562: the first 48 bits are the milliseconds since the epoch, the rest random) so
/// that the store's index of event IDs grows at its end instead of taking a random page of a
/// large B-tree for every event (CloudTrail documents `eventID` only as a GUID that identifies
/// the event).
fn event_id(now_ms: i64) -> String {
    use rand::RngCore;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b[6..]);
    b[..6].copy_from_slice(&now_ms.max(0).to_be_bytes()[2..]);
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// Milliseconds since the epoch, now: wall-clock time, which every node shares (events' times,
/// the sign-in throttle's buckets, the log files' deliveries), not a process's `Instant`. Read
/// straight from the clock, without building a date (twice per request); a clock before the
/// epoch reads as negative milliseconds.
pub fn now_ms() -> i64 {
    let now = std::time::SystemTime::now();
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

// ---------------------------------------------------------------------------------------------
// The request's scope and the event a write carries.

/// How long the store's writer waits for a request to complete the event that rides with its
/// write before it commits the event as it stands (the request then replaces it). A request
/// completes its event right after its handler returns, so this is only reached by a handler
/// that awaits something slow after its write, or a request dropped mid-way.
pub const COMPLETION_WAIT: Duration = Duration::from_millis(500);

#[derive(Debug)]
enum SlotState {
    /// The request is still running.
    Open,
    /// The request completed its event; the store has not taken it yet.
    Complete(Finished),
    /// The store committed the event: complete, or as it stood (`provisional`). `kept`: the
    /// records the store read in place (`take_with`), freed with the slot — by the request's
    /// thread, which holds the slot last — not by the store's threads.
    Taken {
        provisional: bool,
        kept: Option<Vec<EventRecord>>,
    },
}

/// A completed event in its slot: rendered already (writes made outside a request, tests),
/// or the request's event, rendered by the store when it takes it.
#[derive(Debug)]
enum Finished {
    Records(Vec<EventRecord>),
    Event(Arc<CompletedEvent>),
}

/// The event of a request whose write carries it (`Change::Event`): the store takes its
/// records when it commits that write.
#[derive(Debug)]
pub struct PendingEvent {
    draft: Mutex<EventDraft>,
    state: Mutex<SlotState>,
    ready: Condvar,
    /// The thread to unpark once the event is complete (`wake_when_complete`).
    waker: Mutex<Option<std::thread::Thread>>,
}

impl PendingEvent {
    fn new(draft: EventDraft) -> Self {
        PendingEvent {
            draft: Mutex::new(draft),
            state: Mutex::new(SlotState::Open),
            ready: Condvar::new(),
            waker: Mutex::new(None),
        }
    }

    /// The store's side, when it is handed the write that carries this event: `thread` is
    /// unparked once the request completes it, so the store can leave its writer asleep until
    /// then instead of waking it to wait (`take`) — a sleep and a wake-up more per write.
    /// `false`: already complete (or taken), nothing will unpark `thread`.
    pub fn wake_when_complete(&self, thread: std::thread::Thread) -> bool {
        *self.waker.lock() = Some(thread);
        // After the waker is set: `fill` sets the state, then takes the waker.
        if !self.is_complete() {
            return true;
        }
        self.waker.lock().take();
        false
    }

    /// A pending event already complete (for writes made outside a request and tests).
    pub fn complete(records: Vec<EventRecord>) -> Arc<Self> {
        let p = Self::new(EventDraft::default());
        *p.state.lock() = SlotState::Complete(Finished::Records(records));
        Arc::new(p)
    }

    /// Whether the request has completed the event (or the store has taken it).
    pub fn is_complete(&self) -> bool {
        !matches!(*self.state.lock(), SlotState::Open)
    }

    /// The store's side: the records to commit with this batch, rendered here (the store's
    /// writer thread). Waits up to `wait` for the request to complete them; past that, the
    /// event as it stands (without its outcome), which the request replaces once complete
    /// (`Store::append_events` with `replace`).
    pub fn take(&self, wait: Duration) -> Vec<EventRecord> {
        self.take_marked(wait).0
    }

    /// `take`, and whether what it returns is the provisional copy (the request did not
    /// complete the event within `wait`): a store that must find it again to replace it
    /// remembers where it put it.
    pub fn take_marked(&self, wait: Duration) -> (Vec<EventRecord>, bool) {
        self.take_waited(self.wait_complete(wait))
    }

    /// `take_marked`, the records handed to `each` borrowed when the request rendered them:
    /// they stay in the slot (`Taken::kept`), so the store's writer copies what it stores and
    /// never frees a record's allocations, which the request's thread then frees (a free on
    /// another thread than the allocating one costs both: mimalloc's delayed free lists).
    /// `each` gets whether the records are the provisional copy (see `take_marked`).
    pub fn take_with(&self, wait: Duration, mut each: impl FnMut(&EventRecord, bool)) {
        let mut state = self.wait_complete(wait);
        if let SlotState::Complete(Finished::Records(records)) = &mut *state {
            for e in records.iter() {
                each(e, false);
            }
            let kept = std::mem::take(records);
            *state = SlotState::Taken {
                provisional: false,
                kept: Some(kept),
            };
            return;
        }
        let (records, provisional) = self.take_waited(state);
        for e in &records {
            each(e, provisional);
        }
    }

    /// The slot, locked once the request completed its event or `wait` passed.
    fn wait_complete(&self, wait: Duration) -> parking_lot::MutexGuard<'_, SlotState> {
        let mut state = self.state.lock();
        if matches!(*state, SlotState::Open) {
            let _ = self
                .ready
                .wait_while_for(&mut state, |s| matches!(s, SlotState::Open), wait);
        }
        state
    }

    /// Takes what the slot holds once waited for (`wait_complete`): the records, or the draft
    /// as it stands (provisional) when the request has not completed it.
    fn take_waited(
        &self,
        mut state: parking_lot::MutexGuard<'_, SlotState>,
    ) -> (Vec<EventRecord>, bool) {
        let taken = SlotState::Taken {
            provisional: false,
            kept: None,
        };
        match std::mem::replace(&mut *state, taken) {
            SlotState::Complete(Finished::Records(records)) => (records, false),
            SlotState::Complete(Finished::Event(event)) => {
                drop(state);
                (event.records(), false)
            }
            SlotState::Open => {
                *state = SlotState::Taken {
                    provisional: true,
                    kept: None,
                };
                drop(state);
                tracing::warn!("event committed before its request completed it");
                (self.draft.lock().records(now_ms()), true)
            }
            SlotState::Taken { provisional, kept } => {
                *state = SlotState::Taken { provisional, kept };
                (Vec::new(), false)
            }
        }
    }

    /// The request's side: the completed event. Returns it back when the store already
    /// committed a provisional copy (the caller then replaces it).
    fn fill(&self, event: Finished) -> Option<Finished> {
        let mut state = self.state.lock();
        match &*state {
            SlotState::Open => {
                *state = SlotState::Complete(event);
                self.ready.notify_all();
                drop(state);
                if let Some(thread) = self.waker.lock().take() {
                    thread.unpark();
                }
                None
            }
            SlotState::Taken {
                provisional: true, ..
            } => Some(event),
            SlotState::Taken {
                provisional: false, ..
            }
            | SlotState::Complete(_) => None,
        }
    }
}

/// One request's audit scope: its event draft, the event its first write carries, and the
/// acknowledgements of its writes, awaited once the event is complete.
#[derive(Debug)]
pub struct RequestAudit {
    /// Off (`--no-audit-trail`): the draft still says who called (the request log line), but
    /// nothing is stored and writes are not scoped.
    recording: bool,
    pending: Arc<PendingEvent>,
    /// Whether a write of this request already carries the event.
    carried: std::sync::atomic::AtomicBool,
    acks: Mutex<Vec<Ack>>,
    /// An event no write carries, once complete (the draft moved into it): what the request's
    /// log line reads.
    completed: Mutex<Option<Arc<CompletedEvent>>>,
    /// Whether `complete` ran.
    finished: std::sync::atomic::AtomicBool,
}

tokio::task_local! {
    /// The audit scope of the request this task is serving.
    static REQUEST_AUDIT: Arc<RequestAudit>;
}

impl RequestAudit {
    pub fn new(draft: EventDraft) -> Arc<Self> {
        Self::with_recording(draft, true)
    }

    /// A scope that records (`true`), or only keeps the draft for the request's log line.
    pub fn with_recording(draft: EventDraft, recording: bool) -> Arc<Self> {
        Arc::new(RequestAudit {
            recording,
            pending: Arc::new(PendingEvent::new(draft)),
            carried: std::sync::atomic::AtomicBool::new(false),
            acks: Mutex::new(Vec::new()),
            completed: Mutex::new(None),
            finished: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Runs `f` (the request) with this scope current, so its writes carry its event.
    pub async fn scope<F: std::future::Future>(self: &Arc<Self>, f: F) -> F::Output {
        if self.recording {
            REQUEST_AUDIT.scope(self.clone(), f).await
        } else {
            f.await
        }
    }

    /// Whether this request's event is stored.
    pub fn recording(&self) -> bool {
        self.recording
    }

    /// The scope of the request running on this task, if any.
    pub(crate) fn current() -> Option<Arc<RequestAudit>> {
        REQUEST_AUDIT.try_with(Arc::clone).ok()
    }

    /// Changes the draft (identity, parameters, outcome...), before the event is complete.
    pub fn update<R>(&self, f: impl FnOnce(&mut EventDraft) -> R) -> R {
        f(&mut self.pending.draft.lock())
    }

    /// Reads the event as it ends: the completed event, or the draft as it stands.
    pub fn summary<R>(&self, f: impl FnOnce(&EventDraft) -> R) -> R {
        if let Some(event) = self.completed.lock().as_ref() {
            return f(&event.draft);
        }
        f(&self.pending.draft.lock())
    }

    /// A copy of the draft as it stands.
    pub fn draft(&self) -> EventDraft {
        self.pending.draft.lock().clone()
    }

    /// For `Iam::write`, under the state lock: the event to put into this write's batch, the
    /// first time only.
    pub(crate) fn carry(&self) -> Option<Arc<PendingEvent>> {
        (!self.carried.swap(true, std::sync::atomic::Ordering::AcqRel))
            .then(|| self.pending.clone())
    }

    /// For `Iam::write`: an acknowledgement to await in `finish`.
    pub(crate) fn defer(&self, ack: Ack) {
        self.acks.lock().push(ack);
    }

    /// Whether a write of this request carries its event.
    pub fn carried(&self) -> bool {
        self.carried.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// A request's event, completed: where it goes, decided by `RequestAudit::complete`.
pub enum Completion {
    /// Carried by a write: nothing more to send, unless the store already committed a
    /// provisional copy, which these records replace.
    Carried(Option<Vec<EventRecord>>),
    /// No write carries it: the store appends it with its next group commit.
    Append(Arc<CompletedEvent>),
    /// No write carries it, and the store captures it as the request hands it over
    /// (`RecordForm::Capture`): from the draft as it stands, completed at this time.
    AppendDraft(i64),
}

impl RequestAudit {
    /// Completes the event (the draft as it stands, at `time_ms`). A write's event is rendered
    /// here, by the request: the store's writer is the one thread every durable write waits
    /// for, so it only inserts it. Any other event's draft is moved into a `CompletedEvent`
    /// that the store renders.
    pub fn complete(&self, time_ms: i64, form: RecordForm) -> Completion {
        self.finished
            .store(true, std::sync::atomic::Ordering::Release);
        if self.carried() {
            // Rendered from the draft in place: should the store commit the event before this
            // completes it, it renders the draft as it stands (`PendingEvent::take`).
            let records = self.pending.draft.lock().records_in(time_ms, form);
            Completion::Carried(self.pending.fill(Finished::Records(records)).map(
                |back| match back {
                    Finished::Records(records) => records,
                    Finished::Event(event) => event.records(),
                },
            ))
        } else if form == RecordForm::Capture {
            // The store captures it at once (`Store::append_draft`): from the draft in place,
            // which the request's log line then reads.
            Completion::AppendDraft(time_ms)
        } else {
            let draft = std::mem::take(&mut *self.pending.draft.lock());
            let event = Arc::new(CompletedEvent { draft, time_ms });
            *self.completed.lock() = Some(event.clone());
            Completion::Append(event)
        }
    }

    /// Runs `f` on the draft in place (`Completion::AppendDraft`).
    pub fn with_draft<R>(&self, f: impl FnOnce(&EventDraft) -> R) -> R {
        f(&self.pending.draft.lock())
    }

    /// Awaits every write of the request: its outcome is the request's.
    pub async fn durable(&self) -> Result<(), StoreError> {
        let acks = std::mem::take(&mut *self.acks.lock());
        for ack in acks {
            match ack.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(e),
                Err(_) => return Err(StoreError("store writer stopped".into())),
            }
        }
        Ok(())
    }
}

impl Drop for RequestAudit {
    /// A request dropped before completing its event (its client went away): the write that
    /// carries it must not wait for it.
    fn drop(&mut self) {
        if self.carried() && !*self.finished.get_mut() {
            let draft = std::mem::take(&mut *self.pending.draft.lock());
            let _ = self.pending.fill(Finished::Event(Arc::new(CompletedEvent {
                draft,
                time_ms: now_ms(),
            })));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The service's side.

impl crate::service::Iam {
    /// The identity of an authenticated caller as its events show it.
    pub fn user_identity(&self, caller: &Caller) -> UserIdentity {
        let issuer = match &caller.principal {
            Principal::FederatedUser {
                user_id: Some(id), ..
            } => {
                let state = self.state.read();
                state
                    .account(&caller.account_id)
                    .and_then(|a| a.users.get(id))
                    .map(|u| (u.name.to_string(), u.arn(caller.partition)))
            }
            _ => None,
        };
        UserIdentity::of_caller(caller, issuer)
    }

    /// The account an access key belongs to (a request that failed authentication is
    /// recorded there), if iamd issued it.
    pub fn account_of_key(&self, access_key_id: &str) -> Option<String> {
        let state = self.state.read();
        state
            .keys
            .get(access_key_id)
            .map(|e| e.record.account_id.clone())
    }

    /// Whether `account_id` exists.
    pub fn account_exists(&self, account_id: &str) -> bool {
        self.state.read().accounts.contains_key(account_id)
    }

    /// Ends a request: completes its event (now) and sends it where it goes — with the write
    /// that carries it, or queued for the next group commit — then waits until every write of
    /// the request is durable. An error means a write failed: the request fails with it.
    pub async fn finish_request(&self, audit: &RequestAudit) -> Result<(), StoreError> {
        if !audit.recording() {
            return audit.durable().await;
        }
        let backpressure = match audit.complete(now_ms(), self.store.record_form()) {
            Completion::Carried(None) => None,
            Completion::Carried(Some(records)) => self.store.append_events(records, true),
            Completion::Append(event) if event.is_empty() => None,
            Completion::Append(event) => self.store.append_completed(event),
            Completion::AppendDraft(time_ms) => {
                audit.with_draft(|draft| self.store.append_draft(draft, time_ms))
            }
        };
        let result = audit.durable().await;
        if let Some(ack) = backpressure {
            let _ = ack.await;
        }
        result
    }

    /// Events of one account (`Store::lookup_events`), after every event queued before this
    /// call is committed: a lookup sees the requests that were answered before it.
    pub async fn query_events(&self, query: EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        // An empty batch is acknowledged once everything submitted before it is committed.
        match self.store.submit(Vec::new()).await {
            Ok(result) => result?,
            Err(_) => return Err(StoreError("store writer stopped".into())),
        }
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.lookup_events(&query))
            .await
            .map_err(|e| StoreError(e.to_string()))?
    }
}

/// The resources an event names (LookupEvents' `Resources`), from the operation's row: its
/// `Resource` column names the entity it is authorized on, and the IAM members of the input
/// and output that name entities add theirs (AttachUserPolicy: the user and the policy;
/// CreateAccessKey: the user and the new key). STS role calls also list the role in the
/// record's own `resources`, as AWS does. `caller`: the caller's IAM user name (if an IAM
/// user), account and the account's partition.
pub fn event_resources(
    op: &crate::operations::Operation,
    caller: Option<(Option<&str>, &str, iam_partitions::Partition)>,
    input: &Value,
    output: Option<&Value>,
) -> (Vec<EventResource>, Vec<RecordResource>) {
    use crate::operations::{Resource, Service};
    let mut list: Vec<EventResource> = Vec::new();
    let mut push = |kind: &str, name: &str| {
        if !name.is_empty()
            && !list
                .iter()
                .any(|r| r.resource_type == kind && r.resource_name == name)
        {
            list.push(EventResource {
                resource_type: kind.to_string(),
                resource_name: name.to_string(),
            });
        }
    };
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let mut record = Vec::new();
    if op.resource == Resource::RoleArn
        && let Some(arn) = str_of(input, "RoleArn")
    {
        push("AWS::IAM::Role", &arn);
        let account = arn.split(':').nth(4).unwrap_or_default().to_string();
        record.push(RecordResource {
            account_id: account,
            kind: "AWS::IAM::Role".into(),
            arn,
        });
        if let Some(provider) =
            str_of(input, "PrincipalArn").or_else(|| str_of(input, "ProviderId"))
        {
            push("AWS::IAM::SAMLProvider", &provider);
        }
    }
    if op.service != Service::Iam {
        return (list, record);
    }
    // The row's own resource when the input does not name it (the caller's own user; the
    // policy CreatePolicy makes).
    match (op.resource, caller) {
        (Resource::User, Some((Some(user), _, _))) if str_of(input, "UserName").is_none() => {
            push("AWS::IAM::User", user);
        }
        (Resource::NewPolicy, Some((_, account, partition))) => {
            let path = str_of(input, "Path").unwrap_or_else(|| "/".into());
            let name = str_of(input, "PolicyName").unwrap_or_default();
            push(
                "AWS::IAM::Policy",
                &crate::arns::iam(partition, account, &format!("policy{path}{name}")),
            );
        }
        _ => {}
    }
    if let Value::Object(fields) = input {
        for (kind, name) in named_members(fields, ENTITY_MEMBERS) {
            push(kind, name);
        }
    }
    // What a create made, named in its output (the new access key, the new device).
    if let Some(out @ Value::Object(fields)) = output {
        for created in std::iter::once(out).chain(fields.values()) {
            if let Value::Object(members) = created {
                for (kind, name) in named_members(members, CREATED_MEMBERS) {
                    push(kind, name);
                }
            }
        }
    }
    (list, record)
}

/// The resource type and name of each member of `list` that `fields` holds as a string, in
/// `list`'s order: `fields`' few members matched against the list (not the list's members
/// looked up in `fields`, each a hash).
fn named_members<'v>(
    fields: &'v serde_json::Map<String, Value>,
    list: &'static [(&'static str, &'static str)],
) -> impl Iterator<Item = (&'static str, &'v str)> {
    let mut named: [Option<&str>; ENTITY_MEMBERS.len()] = [None; ENTITY_MEMBERS.len()];
    for (member, value) in fields {
        if let (Some(i), Some(v)) = (list.iter().position(|(m, _)| m == member), value.as_str()) {
            named[i] = Some(v);
        }
    }
    list.iter()
        .zip(named)
        .filter_map(|((_, kind), v)| v.map(|v| (*kind, v)))
}

/// IAM input members that name an entity, and its CloudFormation resource type.
const ENTITY_MEMBERS: &[(&str, &str)] = &[
    ("UserName", "AWS::IAM::User"),
    ("GroupName", "AWS::IAM::Group"),
    ("RoleName", "AWS::IAM::Role"),
    ("PolicyArn", "AWS::IAM::Policy"),
    ("InstanceProfileName", "AWS::IAM::InstanceProfile"),
    ("AccessKeyId", "AWS::IAM::AccessKey"),
    ("SerialNumber", "AWS::IAM::VirtualMFADevice"),
    ("ServerCertificateName", "AWS::IAM::ServerCertificate"),
    ("OpenIDConnectProviderArn", "AWS::IAM::OIDCProvider"),
    ("SAMLProviderArn", "AWS::IAM::SAMLProvider"),
];

/// Members of a create's output entity that name what it created.
const CREATED_MEMBERS: &[(&str, &str)] = &[
    ("AccessKeyId", "AWS::IAM::AccessKey"),
    ("SerialNumber", "AWS::IAM::VirtualMFADevice"),
    ("OpenIDConnectProviderArn", "AWS::IAM::OIDCProvider"),
    ("SAMLProviderArn", "AWS::IAM::SAMLProvider"),
];

// `named_members` holds a list's matches in an array as long as `ENTITY_MEMBERS`.
const _: () = assert!(CREATED_MEMBERS.len() <= ENTITY_MEMBERS.len());

#[cfg(test)]
mod tests {
    use super::*;

    /// What an event names: the input's entities in the list's order, what a create made (in
    /// its output, at the top or one level down), each once; member names match exactly (a
    /// case variant is another member), names keep their letters and escapes as given, and a
    /// member that is not a string names nothing.
    #[test]
    fn an_event_names_its_inputs_entities_and_what_a_create_made() {
        use crate::operations::{Service, operation};
        let names = |action: &str, input: Value, output: Option<Value>| -> Vec<(String, String)> {
            let op = operation(Service::Iam, action).unwrap();
            event_resources(op, None, &input, output.as_ref())
                .0
                .into_iter()
                .map(|r| (r.resource_type, r.resource_name))
                .collect()
        };
        let pair = |t: &str, n: &str| (t.to_string(), n.to_string());
        assert_eq!(
            names(
                "CreateAccessKey",
                serde_json::json!({"UserName": "Alice\"b"}),
                Some(serde_json::json!({"AccessKey": {
                    "UserName": "Alice\"b",
                    "AccessKeyId": "AKIAEXAMPLE",
                    "Status": "Active"
                }})),
            ),
            [
                pair("AWS::IAM::User", "Alice\"b"),
                pair("AWS::IAM::AccessKey", "AKIAEXAMPLE")
            ]
        );
        // In the list's order (user, then group), not the input's; the same name under two
        // types is two resources.
        assert_eq!(
            names(
                "AddUserToGroup",
                serde_json::json!({"GroupName": "ops", "UserName": "ops"}),
                None
            ),
            [
                pair("AWS::IAM::User", "ops"),
                pair("AWS::IAM::Group", "ops")
            ]
        );
        // A virtual MFA device named at the top of the output.
        assert_eq!(
            names(
                "CreateVirtualMFADevice",
                serde_json::json!({"VirtualMFADeviceName": "phone"}),
                Some(serde_json::json!({"VirtualMFADevice": {
                    "SerialNumber": "arn:aws:iam::111122223333:mfa/phone"
                }})),
            ),
            [pair(
                "AWS::IAM::VirtualMFADevice",
                "arn:aws:iam::111122223333:mfa/phone"
            )]
        );
        // Case variants and values that are not strings name nothing; empty names neither.
        assert_eq!(
            names(
                "GetUser",
                serde_json::json!({"userName": "alice", "GroupName": 7, "RoleName": ""}),
                None
            ),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn event_ids_are_time_ordered_uuids() {
        let id = event_id(1_761_523_017_999);
        assert_eq!(id.len(), 36);
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('7'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        // The time leads: 1761523017999 ms = 0x019a_22f4_290f.
        assert_eq!(format!("{}{}", parts[0], parts[1]), "019a22f4290f");
        assert_ne!(event_id(1_761_523_017_999), id);
        // Later events sort after earlier ones.
        assert!(event_id(1_761_523_018_000) > id);
    }

    #[test]
    fn event_times_are_cloudtrails() {
        assert_eq!(event_time(1_761_523_017_999), "2025-10-26T23:56:57Z");
    }

    #[test]
    fn now_is_the_clocks_milliseconds_since_the_epoch() {
        let ms = || (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        let (before, now, after) = (ms(), now_ms(), ms());
        assert!(before <= now && now <= after, "{before} {now} {after}");
    }

    #[test]
    fn a_record_in_cloudtrails_field_order() {
        let mut d = EventDraft::new("req-1", 1_000);
        d.event_source = "iam.amazonaws.com".into();
        d.event_name = "CreateUser".into();
        d.read_only = false;
        d.account_id = Some("111111111111".into());
        d.identity = UserIdentity {
            kind: "IAMUser".into(),
            user_name: Some("alice".into()),
            access_key_id: Some("AKIAEXAMPLE".into()),
            ..Default::default()
        };
        d.error = Some(("AccessDenied".into(), "no".into()));
        let r = &d.records(2_000)[0];
        assert_eq!(r.username.as_deref(), Some("alice"));
        let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Value>>(&r.json)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            keys,
            [
                "eventVersion",
                "userIdentity",
                "eventTime",
                "eventSource",
                "eventName",
                "awsRegion",
                "sourceIPAddress",
                "userAgent",
                "errorCode",
                "errorMessage",
                "requestParameters",
                "responseElements",
                "requestID",
                "eventID",
                "readOnly",
                "eventType",
                "managementEvent",
                "recipientAccountId",
                "eventCategory"
            ]
        );
        // No account known: no record.
        assert!(EventDraft::new("r", 0).records(0).is_empty());
    }

    /// The hand-written JSON (`CloudTrailRecord::write_json`) with every optional member and
    /// strings that need escaping: byte for byte what serde_json writes (the `debug_assert`
    /// in `render_one`, which every debug build's test runs), and read back as given.
    #[test]
    fn a_record_with_every_member_and_escapes_reads_back() {
        let d = full_draft();
        let records = d.records(2_000);
        assert_eq!(records.len(), 2);
        for r in &records {
            let v: Value = serde_json::from_str(&r.json).unwrap();
            assert_eq!(v["userAgent"], d.user_agent.as_deref().unwrap());
            assert_eq!(v["errorMessage"], "line\nbreak \"and\" quote");
            assert_eq!(v["requestID"], "req-\"2\"");
            assert_eq!(v["additionalEventData"]["MFAUsed"], "Yes");
            assert_eq!(v["resources"][0]["type"], "AWS::IAM::Role");
            assert_eq!(v["sharedEventID"], "shared");
            assert_eq!(v["tlsDetails"]["tlsVersion"], "TLSv1.3");
            assert_eq!(v["eventType"], "AwsConsoleSignIn");
            assert_eq!(v["recipientAccountId"], r.account_id.as_str());
        }
        let v: Value = serde_json::from_str(&records[0].json).unwrap();
        assert_eq!(
            v["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"],
            "true"
        );
        assert_eq!(v["userIdentity"]["invokedBy"], "svc");
    }

    /// A record's capture renders, with the fields a store keeps beside it, as exactly the
    /// record's JSON (every member, escapes, both copies of a cross-account event, the
    /// identities with and without a session), in far fewer bytes; a capture that is not one
    /// is refused, not rendered.
    #[test]
    fn a_capture_renders_as_its_record() {
        for d in [full_draft(), get_user_draft()] {
            let json = d.records(2_000);
            let mut captured = Vec::new();
            d.render(2_000, RecordForm::Capture, |view| {
                let RecordBody::Capture(capture) = view.record else {
                    panic!("not a capture");
                };
                captured.push((view.to_record(), capture.to_vec()));
            });
            assert_eq!(captured.len(), json.len());
            for ((record, capture), expected) in captured.iter().zip(&json) {
                assert_eq!(record, expected);
                assert!(
                    capture.len() * 2 < expected.json.len(),
                    "{} bytes captured for {} of JSON",
                    capture.len(),
                    expected.json.len()
                );
                let indexed = expected.view().indexed();
                assert_eq!(render_captured(indexed, capture).unwrap(), expected.json);
                // Truncated, extended, of another version: refused.
                for bad in [
                    capture[..capture.len() - 1].to_vec(),
                    [capture.as_slice(), &[0]].concat(),
                    [&[2u8][..], &capture[1..]].concat(),
                ] {
                    assert_eq!(render_captured(indexed, &bad), None);
                }
            }
        }
        assert_eq!(
            render_captured(get_user_draft().records(0)[0].view().indexed(), &[]).as_deref(),
            Some("")
        );
    }

    /// A cross-account event with every member, and strings that need escaping.
    fn full_draft() -> EventDraft {
        let mut d = EventDraft::new("req-\"2\"", 1_000);
        d.event_source = "sts.amazonaws.com".into();
        d.event_name = "AssumeRole".into();
        d.account_id = Some("111111111111".into());
        d.source_ip = Some("10.0.0.1".into());
        d.user_agent = Some("agent/1.0 \"quoted\" back\\slash tab\t é 日本 \u{1}".into());
        d.identity = UserIdentity {
            kind: "AssumedRole".into(),
            principal_id: Some("AROAEXAMPLE:session".into()),
            arn: Some("arn:aws:sts::111111111111:assumed-role/r/session".into()),
            account_id: Some("111111111111".into()),
            access_key_id: Some("ASIAEXAMPLE".into()),
            user_name: None,
            session_context: Some(SessionContext {
                session_issuer: Some(SessionIssuer {
                    kind: "Role".into(),
                    principal_id: "AROAEXAMPLE".into(),
                    arn: "arn:aws:iam::111111111111:role/r".into(),
                    account_id: "111111111111".into(),
                    user_name: Some("r".into()),
                }),
                attributes: SessionAttributes {
                    creation_date: "2026-01-01T00:00:00Z".into(),
                    mfa_authenticated: "true".into(),
                },
                source_identity: Some("who".into()),
            }),
            identity_provider: Some("idp".into()),
            invoked_by: Some("svc".into()),
        };
        d.error = Some(("AccessDenied".into(), "line\nbreak \"and\" quote".into()));
        d.request_parameters =
            serde_json::json!({"roleArn": "arn:aws:iam::222222222222:role/x", "n": 3});
        d.response_elements = serde_json::json!({"credentials": {"accessKeyId": "ASIA"}});
        d.additional_event_data = Some(serde_json::json!({"MFAUsed": "Yes"}));
        d.record_resources = vec![RecordResource {
            account_id: "222222222222".into(),
            kind: "AWS::IAM::Role".into(),
            arn: "arn:aws:iam::222222222222:role/x".into(),
        }];
        d.shared_event_id = Some("shared".into());
        d.tls = Some(TlsDetails {
            tls_version: "TLSv1.3".into(),
            cipher_suite: "TLS_AES_128_GCM_SHA256".into(),
            client_provided_host_header: "iam.example".into(),
        });
        d.event_type = "AwsConsoleSignIn";
        d.other_account = Some((
            "222222222222".into(),
            UserIdentity {
                kind: "AWSAccount".into(),
                principal_id: Some("AROAEXAMPLE:session".into()),
                account_id: Some("111111111111".into()),
                ..Default::default()
            },
        ));
        d
    }

    fn get_user_draft() -> EventDraft {
        let mut d = EventDraft::new("dafdeb3d-34de-434b-9f4b-000000000001", 1_000);
        d.event_source = "iam.amazonaws.com".into();
        d.event_name = "GetUser".into();
        d.account_id = Some("810893775170".into());
        d.source_ip = Some("127.0.0.1".into());
        d.user_agent = Some("aws-cli/1.36.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1".into());
        d.identity = UserIdentity {
            kind: "IAMUser".into(),
            principal_id: Some("AIDA6DON4VPLJCDJ7JOPX".into()),
            arn: Some("arn:aws:iam::810893775170:user/alice".into()),
            account_id: Some("810893775170".into()),
            access_key_id: Some("AKIA6DON4VPLJCDJ7JOP".into()),
            user_name: Some("alice".into()),
            ..Default::default()
        };
        d.request_parameters = serde_json::json!({"userName": "bob"});
        d
    }

    /// A store that keeps every batch as submitted.
    #[derive(Default)]
    struct Batches(parking_lot::Mutex<Vec<Vec<crate::store::Change>>>);

    impl crate::store::Store for Batches {
        fn load_all(&self) -> Result<Vec<crate::store::Record>, StoreError> {
            Ok(Vec::new())
        }
        fn submit(&self, changes: Vec<crate::store::Change>) -> Ack {
            self.0.lock().push(changes);
            let (tx, rx) = tokio::sync::oneshot::channel();
            let _ = tx.send(Ok(()));
            rx
        }
        fn append_events(&self, events: Vec<EventRecord>, _replace: bool) -> Option<Ack> {
            self.0
                .lock()
                .push(vec![crate::store::Change::Event(PendingEvent::complete(
                    events,
                ))]);
            None
        }
        fn lookup_events(&self, _: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
            Ok(Vec::new())
        }
    }

    /// A service over a store that keeps its batches, with its default account (the batches
    /// that made it cleared).
    async fn iam_over_batches() -> (
        Arc<Batches>,
        crate::service::Iam,
        crate::service::NewRootCredentials,
    ) {
        let store = Arc::new(Batches::default());
        let iam = crate::service::Iam::open(store.clone(), crate::secrets::MasterKey::generate())
            .unwrap();
        let account = iam
            .ensure_default_account(None, iam_partitions::Partition::default())
            .await
            .unwrap()
            .unwrap();
        store.0.lock().clear();
        (store, iam, account)
    }

    #[tokio::test]
    async fn a_requests_event_rides_in_its_first_write_batch() {
        use crate::store::Change;
        let (store, iam, account) = iam_over_batches().await;
        let audit = RequestAudit::new(EventDraft {
            account_id: Some(account.account_id.clone()),
            ..EventDraft::new("req", now_ms())
        });
        audit
            .scope(async {
                for n in 0..2 {
                    iam.write(|_, tx| {
                        tx.put("meta", &format!("k{n}"), &n);
                        Ok(())
                    })
                    .await
                    .unwrap();
                }
                // A write that changes nothing carries nothing.
                iam.write(|_, _| Ok(())).await.unwrap();
            })
            .await;
        iam.finish_request(&audit).await.unwrap();
        {
            let batches = store.0.lock();
            assert_eq!(batches.len(), 2, "two writes, no separate event");
            let events =
                |b: &Vec<Change>| b.iter().filter(|c| matches!(c, Change::Event(_))).count();
            assert_eq!(
                events(&batches[0]),
                1,
                "the event is in the first write's batch"
            );
            assert_eq!(events(&batches[1]), 0);
            let Change::Event(pending) = batches[0].last().unwrap() else {
                panic!("the event comes after the changes")
            };
            let records = pending.take(Duration::ZERO);
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].account_id, account.account_id);
        }

        // A request that writes nothing: its event is appended on its own.
        store.0.lock().clear();
        let audit = RequestAudit::new(EventDraft {
            account_id: Some(account.account_id.clone()),
            ..EventDraft::new("req2", now_ms())
        });
        iam.finish_request(&audit).await.unwrap();
        assert_eq!(store.0.lock().len(), 1);
    }

    /// The store commits a write's event before its request completed it: the copy it takes
    /// is the draft as it stands (still in place, with its account and action), and completing
    /// the request hands back the records that replace it.
    #[tokio::test]
    async fn an_event_taken_before_completion_is_replaced_by_the_completed_one() {
        use crate::store::Change;
        let (store, iam, account) = iam_over_batches().await;
        let audit = RequestAudit::new(EventDraft {
            account_id: Some(account.account_id.clone()),
            event_name: "CreateUser".into(),
            ..EventDraft::new("req", now_ms())
        });
        audit
            .scope(async {
                iam.write(|_, tx| {
                    tx.put("meta", "k", &1);
                    Ok(())
                })
                .await
                .unwrap();
            })
            .await;
        let pending = match store.0.lock()[0].last() {
            Some(Change::Event(p)) => p.clone(),
            _ => panic!("the write carries the event"),
        };
        let provisional = pending.take(Duration::ZERO);
        assert_eq!(provisional.len(), 1);
        assert_eq!(provisional[0].event_name, "CreateUser");
        assert!(!provisional[0].json.contains("errorCode"));
        audit.update(|d| d.error = Some(("NoSuchEntity".into(), "gone".into())));
        match audit.complete(now_ms(), RecordForm::Json) {
            Completion::Carried(Some(records)) => {
                assert_eq!(records[0].event_id, provisional[0].event_id);
                assert!(records[0].json.contains("NoSuchEntity"));
            }
            _ => panic!("the completed records come back to replace the provisional copy"),
        }
        // The log line still reads the event.
        assert_eq!(audit.summary(|d| d.event_name.clone()), "CreateUser");
    }

    #[test]
    fn a_pending_event_is_taken_complete_or_provisional() {
        let p = PendingEvent::new(EventDraft {
            account_id: Some("1".into()),
            ..EventDraft::new("r", 0)
        });
        // Not completed in time: the event as it stands, and the completion comes back.
        let taken = p.take(Duration::from_millis(1));
        assert_eq!(taken.len(), 1);
        let completed = Arc::new(CompletedEvent {
            draft: EventDraft {
                account_id: Some("1".into()),
                error: Some(("AccessDenied".into(), "no".into())),
                ..EventDraft::new("r", 0)
            },
            time_ms: 5_000,
        });
        assert!(p.fill(Finished::Event(completed.clone())).is_some());
        // Completed first: taken as completed, rendered by the taker.
        let p = PendingEvent::new(EventDraft::new("r", 0));
        assert!(p.fill(Finished::Event(completed.clone())).is_none());
        assert_eq!(p.take(Duration::from_secs(5)), completed.records());
        assert!(p.take(Duration::from_millis(1)).is_empty());
    }

    /// `take_with`: records the request rendered are lent and stay in the slot, taken once;
    /// an event not completed in time is lent as it stands, marked provisional, and its
    /// completion comes back.
    #[test]
    fn a_pending_event_is_lent_complete_or_provisional() {
        let lent = |p: &PendingEvent| {
            let mut seen = Vec::new();
            p.take_with(Duration::from_millis(1), |e, provisional| {
                seen.push((e.clone(), provisional));
            });
            seen
        };
        let completed = CompletedEvent {
            draft: EventDraft {
                account_id: Some("1".into()),
                ..EventDraft::new("r", 0)
            },
            time_ms: 5_000,
        };
        let p = PendingEvent::complete(completed.records());
        let seen = lent(&p);
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0], (completed.records()[0].clone(), false));
        assert!(matches!(
            &*p.state.lock(),
            SlotState::Taken {
                provisional: false,
                kept: Some(kept),
            } if kept.len() == 1
        ));
        assert!(lent(&p).is_empty(), "taken once");

        let p = PendingEvent::new(EventDraft {
            account_id: Some("1".into()),
            ..EventDraft::new("r", 0)
        });
        let seen = lent(&p);
        assert_eq!(seen.len(), 1);
        assert!(seen[0].1, "provisional");
        assert!(p.fill(Finished::Event(Arc::new(completed))).is_some());
    }

    /// The thread a store registers with an open event (its writer, left asleep) is unparked
    /// once the request completes the event, by the completion itself; one registered with an
    /// event already complete is told so, to be woken by the caller.
    #[test]
    fn a_registered_thread_is_unparked_when_the_event_completes() {
        let audit = RequestAudit::new(EventDraft {
            account_id: Some("1".into()),
            ..EventDraft::new("r", 0)
        });
        let pending = audit.carry().expect("the first write carries the event");
        let (registered_tx, registered_rx) = std::sync::mpsc::channel();
        let waiter = {
            let pending = pending.clone();
            std::thread::spawn(move || {
                assert!(pending.wake_when_complete(std::thread::current()));
                registered_tx.send(()).unwrap();
                let started = std::time::Instant::now();
                // Spurious wake-ups aside, only the completion ends this before 60 s.
                while !pending.is_complete() && started.elapsed() < Duration::from_secs(60) {
                    std::thread::park_timeout(Duration::from_secs(60));
                }
                started.elapsed()
            })
        };
        registered_rx.recv().unwrap();
        assert!(matches!(
            audit.complete(1_000, RecordForm::Capture),
            Completion::Carried(None)
        ));
        let waited = waiter.join().unwrap();
        assert!(waited < Duration::from_secs(30), "not unparked: {waited:?}");
        // Already complete: nothing will unpark the thread, and the store is told.
        assert!(!pending.wake_when_complete(std::thread::current()));
        let taken = pending.take(Duration::from_millis(1));
        assert_eq!(taken.len(), 1);
        assert!(!taken[0].capture.is_empty(), "the form the store asked for");
    }

    /// What the request gathered is worked out when the record is rendered: the detail gives
    /// the parameters, the response elements (of the answer kept) and the resources.
    #[test]
    fn a_detail_is_worked_out_when_rendered() {
        #[derive(Debug)]
        struct Fixed;
        impl EventDetail for Fixed {
            fn request_parameters(&self) -> Value {
                serde_json::json!({"userName": "alice"})
            }
            fn response_elements(&self, output: &Value) -> Value {
                serde_json::json!({"seen": output})
            }
            fn resources(&self, output: Option<&Value>) -> Vec<EventResource> {
                vec![EventResource {
                    resource_type: "AWS::IAM::User".into(),
                    resource_name: if output.is_some() { "alice" } else { "-" }.into(),
                }]
            }
        }
        let event = CompletedEvent {
            draft: EventDraft {
                account_id: Some("1".into()),
                other_account: Some(("2".into(), UserIdentity::unknown(None, None))),
                detail: Some(Arc::new(Fixed)),
                output: Some(serde_json::json!(7)),
                ..EventDraft::new("r", 0)
            },
            time_ms: 1_000,
        };
        let records = event.records();
        assert_eq!(records.len(), 2);
        assert_eq!(event.len(), 2);
        for r in &records {
            let json: Value = serde_json::from_str(&r.json).unwrap();
            assert_eq!(json["requestParameters"]["userName"], "alice");
            assert_eq!(json["responseElements"]["seen"], 7);
            assert_eq!(r.resources[0].resource_name, "alice");
        }
    }
}
