"""The snapshot transformers the recorded tests ask for (`snapshot.transform.*`), and the ones every
snapshot gets. They replace names, IDs and dates by numbered placeholders (`<user-name:1>`), which
is how AWS's recording and iamd's answers become comparable; they must have the same effect as
LocalStack's, or a difference would be the harness's and not the server's.

Built on the `localstack_snapshot` package (Apache-2.0), which provides the transformer classes and
the generic helpers (key_value, jsonpath, regex, text, ...).
"""
import re

from localstack_snapshot.snapshots.transformer import (
    GenericTransformer,
    KeyValueBasedTransformer,
    ResponseMetaDataTransformer,
    TimestampTransformer,
)
from localstack_snapshot.snapshots.transformer_utility import TransformerUtility as _Generic

PATTERN_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)

# arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, each part but the resource optional; the account is
# twelve digits or empty (so `arn:aws:iam::aws:policy/...`, an AWS-managed policy, is no match).
_ARN = re.compile(r"arn:(aws[a-zA-Z-]*)?:([a-zA-Z0-9-_.]+)?:([^:]+)?:(\d{12})?:(.*)")

# The IAM names and IDs whose values become placeholders (`<user-name:1>`, `<role-id:2>`, ...),
# everywhere they occur in the test's responses, numbered in order of first appearance.
IAM_KEYS = (
    "UserName",
    "UserId",
    "RoleId",
    "RoleName",
    "PolicyName",
    "PolicyId",
    "GroupName",
    "GroupId",
    "InstanceProfileName",
    "InstanceProfileId",
    "Marker",
)


def arn_resource_name(_key, value):
    """For a value that is an ARN, the name it ends with: the last `/` segment of its resource
    part, else its last `:` segment, else the whole resource part; None for anything else, and for
    a resource that is already a placeholder."""
    if not isinstance(value, str):
        return None
    m = _ARN.match(value)
    if not m:
        return None
    resource = m.group(5)
    if resource.startswith("<") and resource.endswith(">"):
        return None
    if "/" in resource:
        return resource.rsplit("/", 1)[1]
    if ":" in resource:
        return resource.rsplit(":", 1)[1]
    return resource


def _uuid_under_id_key(key, value):
    if isinstance(value, str) and key.lower().endswith("id") and PATTERN_UUID.match(value):
        return value
    return None


class TransformerUtility(_Generic):
    @staticmethod
    def iam_api():
        return [TransformerUtility.key_value(k) for k in IAM_KEYS]

    @staticmethod
    def resource_name(replacement_name: str = "resource"):
        return KeyValueBasedTransformer(arn_resource_name, replacement_name)

    @staticmethod
    def remove_key(key: str):
        def drop(data):
            if isinstance(data, dict):
                return {k: drop(v) for k, v in data.items() if k != key}
            if isinstance(data, list):
                return [drop(v) for v in data]
            return data

        return GenericTransformer(lambda content, _ctx: {k: drop(v) for k, v in content.items()})


def basic_transformers():
    """Applied to every snapshot after the test's own (priority 2): ResponseMetadata reduced to
    the status code (and content_type, never present in botocore's parsed headers), UUIDs under
    keys ending in "id" numbered as `<uuid:N>`, datetimes as `<datetime>`."""
    return [
        ResponseMetaDataTransformer(),
        KeyValueBasedTransformer(_uuid_under_id_key, "uuid"),
        TimestampTransformer(),
    ]
