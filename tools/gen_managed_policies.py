"""Builds data/aws-managed-policies.json.gz, the AWS-managed policy catalogue embedded in iamd,
from the two public compilations in ../shared/reference/aws-managed-policies (see its README).
Run from the repo root: python3 tools/gen_managed_policies.py
Output: a JSON list of {name, path, arn, default_version, create_date, update_date, document}
sorted by name (ListPolicies order), documents as compact JSON strings."""
import gzip, json, os, sys

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reference", "aws-managed-policies")
slim = json.load(open(os.path.join(SRC, "iam-dataset-managed-policies.slim.json")))["policies"]
moto = json.load(open(os.path.join(SRC, "moto-5.2.1-aws-managed-policies.json")))["policies"]

def iso(d):
    # "2026-08-12T23:07:09+00:00" -> "2026-08-12T23:07:09Z", AWS's wire form
    return d.replace("+00:00", "Z")

out = {}
for name, p in slim.items():
    arn = p["arn"]
    if not arn:
        # deprecated entries without an ARN: AWS no longer lists them; moto's copy (below) may know the path
        continue
    path = arn.split(":policy", 1)[1]
    path = path[: path.rfind("/") + 1]
    # The compilation's "createdate" is its default version's date (it equals "updatedate" for
    # all but two policies); the policy itself was created when moto's copy says, where it has one
    # (AmazonS3FullAccess: 2015-02-06, as AWS's managed-policy reference page gives it).
    created = moto[name]["CreateDate"] if name in moto else p["createdate"]
    out[name] = dict(name=name, path=path, arn=arn, default_version=p["version"],
                     create_date=iso(min(created, p["createdate"])),
                     update_date=iso(p["updatedate"] or p["createdate"]),
                     document=json.dumps(p["document"], separators=(",", ":")))
for name, p in moto.items():
    if name in out:
        continue
    path = p["Path"]
    out[name] = dict(name=name, path=path, arn=f"arn:aws:iam::aws:policy{path}{name}",
                     default_version=p["DefaultVersionId"], create_date=iso(p["CreateDate"]),
                     update_date=iso(p["UpdateDate"]),
                     document=json.dumps(p["Document"], separators=(",", ":")))
rows = sorted(out.values(), key=lambda r: r["name"].lower())
os.makedirs("data", exist_ok=True)
with gzip.GzipFile("data/aws-managed-policies.json.gz", "wb", mtime=0) as f:
    f.write(json.dumps(rows, separators=(",", ":")).encode())
print(len(rows), "policies", file=sys.stderr)
