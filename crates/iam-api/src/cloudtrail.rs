//! AWS CloudTrail (2013-11-01): the input and output of every
//! operation and the structures they contain, generated from botocore's service model
//! by `tools/codegen/gen_api.py`. Do not edit: run `python3 tools/codegen/gen_api.py`.
use serde::{Deserialize, Serialize};

/// Contains information about an event that was returned by a lookup request. The result
/// includes a representation of a CloudTrail event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The CloudTrail ID of the event returned.
    #[serde(rename = "EventId", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The name of the event returned.
    #[serde(rename = "EventName", default, skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// Information about whether the event is a write event or a read event.
    #[serde(rename = "ReadOnly", default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<String>,
    /// The Amazon Web Services access key ID that was used to sign the request. If the request was
    /// made with temporary security credentials, this is the access key ID of the temporary
    /// credentials.
    #[serde(
        rename = "AccessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    /// The date and time of the event returned.
    #[serde(rename = "EventTime", default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<f64>,
    /// The Amazon Web Services service to which the request was made.
    #[serde(
        rename = "EventSource",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub event_source: Option<String>,
    /// A user name or role name of the requester that called the API in the event returned.
    #[serde(rename = "Username", default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// A list of resources referenced by the event returned.
    #[serde(rename = "Resources", default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<Resource>>,
    /// A JSON string that contains a representation of the event returned.
    #[serde(
        rename = "CloudTrailEvent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_trail_event: Option<String>,
}

/// Specifies an attribute and value that filter the events returned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LookupAttribute {
    /// Specifies an attribute on which to filter the events returned.
    #[serde(rename = "AttributeKey")]
    pub attribute_key: String,
    /// Specifies a value for the specified AttributeKey.
    #[serde(rename = "AttributeValue")]
    pub attribute_value: String,
}

/// The input of LookupEvents.
///
/// Contains a request for LookupEvents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LookupEventsRequest {
    /// Contains a list of lookup attributes. Currently the list can contain only one item.
    #[serde(
        rename = "LookupAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lookup_attributes: Option<Vec<LookupAttribute>>,
    /// Specifies that only events that occur after or at the specified time are returned. If the
    /// specified start time is after the specified end time, an error is returned.
    #[serde(rename = "StartTime", default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    /// Specifies that only events that occur before or at the specified time are returned. If the
    /// specified end time is before the specified start time, an error is returned.
    #[serde(rename = "EndTime", default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<f64>,
    /// Specifies the event category. If you do not specify an event category, events of the
    /// category are not returned in the response. For example, if you do not specify insight as the
    /// value of EventCategory, no Insights events are returned.
    #[serde(
        rename = "EventCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub event_category: Option<String>,
    /// The number of events to return. Possible values are 1 through 50. The default is 50.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    /// The token to use to get the next page of results after a previous API call. This token must
    /// be passed in with the same parameters that were specified in the original call. For example,
    /// if the original call specified an AttributeKey of 'Username' with a value of 'root', the
    /// call with NextToken should include those same parameters.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The output of LookupEvents.
///
/// Contains a response to a LookupEvents action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LookupEventsResponse {
    /// A list of events returned based on the lookup attributes specified and the CloudTrail event.
    /// The events list is sorted by time. The most recent event is listed first.
    #[serde(rename = "Events", default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
    /// The token to use to get the next page of results after a previous API call. If the token
    /// does not appear, there are no more results to return. The token must be passed in with the
    /// same parameters as the previous call. For example, if the original call specified an
    /// AttributeKey of 'Username' with a value of 'root', the call with NextToken should include
    /// those same parameters.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Specifies the type and name of a resource referenced by an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The type of a resource referenced by the event returned. When the resource type cannot be
    /// determined, null is returned. Some examples of resource types are: Instance for EC2, Trail
    /// for CloudTrail, DBInstance for Amazon RDS, and AccessKey for IAM. To learn more about how to
    /// look up and filter events by the resource types supported for a service, see Filtering
    /// CloudTrail Events.
    #[serde(
        rename = "ResourceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_type: Option<String>,
    /// The name of the resource referenced by the event returned. These are user-created names
    /// whose values will depend on the environment. For example, the resource name might be
    /// "auto-scaling-test-group" for an Auto Scaling Group or "i-1234567" for an EC2 Instance.
    #[serde(
        rename = "ResourceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_name: Option<String>,
}

crate::inputs! {
    LookupEventsRequest,
}
crate::outputs! {
    LookupEventsResponse,
}
