"""Copies botocore's partition data into crates/iam-partitions/data/ (embedded in iamd).

  partitions.json          botocore/data/partitions.json, verbatim: the partitions, their
                           DNS suffixes, implicit global regions, region lists and regexes.
  global-signing-regions.json
                           from botocore/data/endpoints.json: the region the global endpoint of
                           IAM and of Organizations is signed for in each partition (the
                           partitionEndpoint's credentialScope), e.g. IAM's us-east-1 for aws,
                           cn-north-1 for aws-cn; Organizations' cn-northwest-1 for aws-cn.

Both are Apache-2.0 data of botocore (crates/iam-partitions/data/NOTICE).
Run from the repo root: python3 tools/gen_partitions.py          (writes the files)
                        python3 tools/gen_partitions.py --check  (fails if they differ from
                                                                  the installed botocore's)"""
import json, os, sys

import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "iam-partitions", "data")


def global_signing_regions():
    endpoints = json.load(open(os.path.join(DATA, "endpoints.json")))
    out = {}
    for service in ("iam", "organizations"):
        regions = out.setdefault(service, {})
        for p in endpoints["partitions"]:
            s = p["services"].get(service)
            if not s or "partitionEndpoint" not in s:
                continue
            endpoint = s["endpoints"].get(s["partitionEndpoint"], {})
            region = endpoint.get("credentialScope", {}).get("region")
            if region:
                regions[p["partition"]] = region
    return json.dumps(out, indent=2, sort_keys=True) + "\n"


files = {
    "partitions.json": open(os.path.join(DATA, "partitions.json")).read(),
    "global-signing-regions.json": global_signing_regions(),
}
check = "--check" in sys.argv[1:]
stale = []
for name, text in files.items():
    path = os.path.join(OUT, name)
    current = open(path).read() if os.path.exists(path) else None
    if current == text:
        continue
    if check:
        stale.append(name)
    else:
        with open(path, "w") as f:
            f.write(text)
        print("wrote", os.path.relpath(path), file=sys.stderr)
if stale:
    sys.exit(f"crates/iam-partitions/data is not botocore {botocore.__version__}'s: {', '.join(stale)}"
             " (run python3 tools/gen_partitions.py)")
