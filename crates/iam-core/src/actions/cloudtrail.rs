//! CloudTrail's LookupEvents: the caller's account's event history (`crate::audit`), newest
//! first, one lookup attribute at most, a time range, pages of 1 to 50 events (AWS CloudTrail
//! API Reference: LookupEvents).
use crate::audit::{EventCursor, EventQuery, LookupAttribute};
use crate::error::{CloudTrailError, IamError, IamResult};
use crate::secrets::Purpose;
use crate::service::{Caller, Iam};
use iam_api::cloudtrail as api;

/// LookupEvents' page size: 1 to 50, 50 by default.
const MAX_RESULTS: i32 = 50;

impl Iam {
    pub async fn lookup_events(
        &self,
        caller: &Caller,
        input: api::LookupEventsRequest,
    ) -> IamResult<api::LookupEventsResponse> {
        let attribute = match input.lookup_attributes.as_deref().unwrap_or_default() {
            [] => None,
            [one] => Some(lookup_attribute(one)?),
            _ => {
                return Err(CloudTrailError::InvalidLookupAttributes(
                    "You can only specify one lookup attribute.".into(),
                )
                .into());
            }
        };
        let limit = input.max_results.unwrap_or(MAX_RESULTS);
        if !(1..=MAX_RESULTS).contains(&limit) {
            return Err(CloudTrailError::InvalidMaxResults(format!(
                "Value {limit} for MaxResults is invalid. MaxResults must be between 1 and {MAX_RESULTS}."
            ))
            .into());
        }
        let to_ms = |secs: f64| (secs * 1000.0).round() as i64;
        let start_ms = input.start_time.map_or(i64::MIN, to_ms);
        let end_ms = input.end_time.map_or(i64::MAX, to_ms);
        if start_ms > end_ms {
            return Err(CloudTrailError::InvalidTimeRange(
                "Start time must be before end time.".into(),
            )
            .into());
        }
        match input.event_category.as_deref() {
            None => {}
            // Insights events: iamd makes none.
            Some("insight") => {
                return Ok(api::LookupEventsResponse {
                    events: Some(Vec::new()),
                    next_token: None,
                });
            }
            Some(other) => {
                return Err(CloudTrailError::InvalidEventCategory(format!(
                    "Value {other} for EventCategory is invalid."
                ))
                .into());
            }
        }
        // The token names where the previous page stopped, for these same parameters only.
        let fingerprint = format!("{attribute:?}|{start_ms}|{end_ms}");
        let after = match &input.next_token {
            None => None,
            Some(token) => Some(self.open_lookup_token(&caller.account_id, token, &fingerprint)?),
        };
        let query = EventQuery {
            account_id: caller.account_id.clone(),
            attribute,
            start_ms,
            end_ms,
            after,
            limit: limit as usize + 1,
        };
        let mut found = self
            .query_events(query)
            .await
            .map_err(|e| IamError::ServiceFailure(e.0))?;
        let more = found.len() > limit as usize;
        found.truncate(limit as usize);
        let next_token = match (more, found.last()) {
            (true, Some(last)) => Some(self.seal_lookup_token(
                &caller.account_id,
                EventCursor {
                    time_ms: last.record.time_ms,
                    seq: last.seq,
                },
                &fingerprint,
            )),
            _ => None,
        };
        let events = found
            .into_iter()
            .map(|e| {
                let r = e.record;
                api::Event {
                    event_id: Some(r.event_id),
                    event_name: Some(r.event_name),
                    read_only: Some(r.read_only.to_string()),
                    access_key_id: r.access_key_id,
                    event_time: Some(r.time_ms.div_euclid(1000) as f64),
                    event_source: Some(r.event_source),
                    username: r.username,
                    resources: Some(
                        r.resources
                            .into_iter()
                            .map(|x| api::Resource {
                                resource_type: Some(x.resource_type),
                                resource_name: Some(x.resource_name),
                            })
                            .collect(),
                    ),
                    cloud_trail_event: Some(r.json),
                }
            })
            .collect();
        Ok(api::LookupEventsResponse {
            events: Some(events),
            next_token,
        })
    }

    fn seal_lookup_token(&self, account: &str, at: EventCursor, fingerprint: &str) -> String {
        let plain = serde_json::json!([at.time_ms, at.seq, fingerprint]).to_string();
        self.master.seal_for(Purpose::LookupToken, account, &plain)
    }

    fn open_lookup_token(
        &self,
        account: &str,
        token: &str,
        fingerprint: &str,
    ) -> IamResult<EventCursor> {
        let invalid = || {
            IamError::from(CloudTrailError::InvalidNextToken(
                "Invalid NextToken: the token is not valid, or was issued for other parameters."
                    .into(),
            ))
        };
        let plain = self
            .master
            .open_for(Purpose::LookupToken, account, token)
            .ok_or_else(invalid)?;
        let (time_ms, seq, issued_for): (i64, i64, String) =
            serde_json::from_str(plain.expose()).map_err(|_| invalid())?;
        if issued_for != fingerprint {
            return Err(invalid());
        }
        Ok(EventCursor { time_ms, seq })
    }
}

fn lookup_attribute(a: &api::LookupAttribute) -> IamResult<LookupAttribute> {
    let value = a.attribute_value.clone();
    let invalid = |why: &str| {
        Err(CloudTrailError::InvalidLookupAttributes(format!(
            "Invalid lookup attribute {}: {why}",
            a.attribute_key
        ))
        .into())
    };
    // AWS counts `_`, ` `, `,` and `\n` twice towards the 2000-character bound.
    let weight: usize = value
        .chars()
        .map(|c| {
            if matches!(c, '_' | ' ' | ',' | '\n') {
                2
            } else {
                1
            }
        })
        .sum();
    if value.is_empty() || weight > 2000 {
        return invalid("the value must be 1 to 2000 characters long.");
    }
    Ok(match a.attribute_key.as_str() {
        "EventId" => LookupAttribute::EventId(value),
        "EventName" => LookupAttribute::EventName(value),
        "ReadOnly" => match value.to_ascii_lowercase().as_str() {
            "true" => LookupAttribute::ReadOnly(true),
            "false" => LookupAttribute::ReadOnly(false),
            _ => return invalid("ReadOnly is true or false."),
        },
        "Username" => LookupAttribute::Username(value),
        "ResourceType" => LookupAttribute::ResourceType(value),
        "ResourceName" => LookupAttribute::ResourceName(value),
        "EventSource" => LookupAttribute::EventSource(value),
        "AccessKeyId" => LookupAttribute::AccessKeyId(value),
        _ => {
            return invalid(
                "the key is one of EventId, EventName, ReadOnly, Username, ResourceType, \
                 ResourceName, EventSource, AccessKeyId.",
            );
        }
    })
}
