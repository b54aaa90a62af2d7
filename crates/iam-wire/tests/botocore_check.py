"""Cross-checks iam-wire against botocore's own Query serializer and parser, on the crate's models.

  python3 botocore_check.py parse DIR      # DIR from `IAM_WIRE_DUMP_XML=DIR cargo test -p iam-wire --test encode`:
                                           # botocore must parse each XML back to exactly the JSON given
  python3 botocore_check.py serialize DIR  # writes botocore-serialized request bodies + expected JSON,
                                           # then `IAM_WIRE_BOTOCORE_BODIES=DIR cargo test -p iam-wire --test decode`
"""
import datetime
import glob
import gzip
import json
import os
import sys
from urllib.parse import urlencode

from botocore.model import ServiceModel
from botocore.parsers import QueryParser
from botocore.serialize import QuerySerializer

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = {
    "Iam": os.path.join(HERE, "..", "models", "iam-2010-05-08.json.gz"),
    "Sts": os.path.join(HERE, "..", "models", "sts-2011-06-15.json.gz"),
}


def service_model(name):
    with gzip.open(MODELS[name]) as f:
        return ServiceModel(json.load(f))


def normalise(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def expected_from(shape, value):
    """What botocore should give back: only modelled members, no nulls."""
    if value is None:
        return None
    if shape.type_name == "structure":
        return {k: expected_from(shape.members[k], v) for k, v in value.items()
                if k in shape.members and v is not None}
    if shape.type_name == "list":
        return [expected_from(shape.member, v) for v in value]
    if shape.type_name == "map":
        return {k: expected_from(shape.value, v) for k, v in value.items()}
    return value


def parse(directory):
    failures = 0
    for path in sorted(glob.glob(os.path.join(directory, "*_*.xml"))):
        base = os.path.basename(path)[:-4]
        if base.startswith("error_"):
            svc = base.split("_", 1)[1]
            parsed = QueryParser().parse(
                {"body": open(path, "rb").read(), "headers": {}, "status_code": 400}, None)
            ok = parsed["Error"]["Code"] and parsed["ResponseMetadata"]["RequestId"]
            print(("ok  " if ok else "FAIL"), base, parsed["Error"])
            failures += 0 if ok else 1
            continue
        svc, action = base.split("_", 1)
        op = service_model(svc).operation_model(action)
        given = json.load(open(path[:-4] + ".json"))
        parsed = QueryParser().parse(
            {"body": open(path, "rb").read(), "headers": {}, "status_code": 200}, op.output_shape)
        request_id = parsed.pop("ResponseMetadata", {}).get("RequestId")
        got = normalise(parsed)
        want = expected_from(op.output_shape, given) if op.output_shape else {}
        ok = got == want and request_id
        failures += 0 if ok else 1
        print(("ok  " if ok else "FAIL"), svc, action)
        if not ok:
            print("  want", json.dumps(want, sort_keys=True))
            print("  got ", json.dumps(got, sort_keys=True))
    return failures


# Inputs serialized by botocore, to be decoded by iam-wire into exactly these params.
INPUTS = [
    ("Iam", "CreateUser", {"UserName": "bob", "Path": "/a+b%/", "Tags": [{"Key": "k 1", "Value": "v+1"}, {"Key": "e", "Value": ""}]}),
    ("Iam", "CreateUser", {"UserName": "bob", "Tags": []}),
    ("Iam", "UntagRole", {"RoleName": "r", "TagKeys": ["a", "b:c", "é"]}),
    ("Iam", "ListUsers", {"MaxItems": 5, "Marker": "abc/+="}),
    ("Iam", "UpdateAccountPasswordPolicy", {"MinimumPasswordLength": 12, "RequireSymbols": True, "AllowUsersToChangePassword": False}),
    ("Iam", "SimulateCustomPolicy", {"PolicyInputList": ["{\"Version\":\"2012-10-17\"}"], "ActionNames": ["s3:GetObject"],
                                     "ContextEntries": [{"ContextKeyName": "aws:username", "ContextKeyValues": ["a", "b"], "ContextKeyType": "string"}]}),
    ("Iam", "PutUserPolicy", {"UserName": "bob", "PolicyName": "p", "PolicyDocument": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"}),
    ("Iam", "GetAccountAuthorizationDetails", {"Filter": ["User", "Role"]}),
    ("Sts", "AssumeRole", {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "s1", "DurationSeconds": 900,
                           "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}], "Tags": [{"Key": "k", "Value": "v"}],
                           "TransitiveTagKeys": ["k"]}),
    ("Sts", "GetCallerIdentity", {}),
]


def serialize(directory):
    os.makedirs(directory, exist_ok=True)
    for i, (svc, action, params) in enumerate(INPUTS):
        op = service_model(svc).operation_model(action)
        request = QuerySerializer().serialize_to_request(params, op)
        # The Query serializer leaves the body as a dict; botocore form-encodes it when sending.
        body = urlencode(request["body"])
        with open(os.path.join(directory, f"{i:02}_{svc}_{action}.body"), "w") as f:
            f.write(body)
        with open(os.path.join(directory, f"{i:02}_{svc}_{action}.json"), "w") as f:
            json.dump(params, f)
    print(f"wrote {len(INPUTS)} request bodies to {directory}")
    return 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    sys.exit(1 if (parse(directory) if mode == "parse" else serialize(directory)) else 0)
