"""Copies botocore's partition data into crates/iam-partitions/data/ (embedded in iamd).

  partitions.json          botocore/data/partitions.json, verbatim: the partitions, their
                           DNS suffixes, implicit global regions, region lists and regexes.
  iam-signing-regions.json from botocore/data/endpoints.json: the region IAM's global endpoint
                           is signed for in each partition (its partitionEndpoint's
                           credentialScope), e.g. us-east-1 for aws, cn-north-1 for aws-cn.

Both are Apache-2.0 data of botocore (crates/iam-partitions/data/NOTICE).
Run from the repo root: python3 tools/gen_partitions.py          (writes the files)
                        python3 tools/gen_partitions.py --check  (fails if they differ from
                                                                  the installed botocore's)"""
import json, os, sys

import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "iam-partitions", "data")


def iam_signing_regions():
    endpoints = json.load(open(os.path.join(DATA, "endpoints.json")))
    out = {}
    for p in endpoints["partitions"]:
        iam = p["services"].get("iam")
        if not iam or "partitionEndpoint" not in iam:
            continue
        endpoint = iam["endpoints"].get(iam["partitionEndpoint"], {})
        region = endpoint.get("credentialScope", {}).get("region")
        if region:
            out[p["partition"]] = region
    return json.dumps(out, indent=2, sort_keys=True) + "\n"


files = {
    "partitions.json": open(os.path.join(DATA, "partitions.json")).read(),
    "iam-signing-regions.json": iam_signing_regions(),
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
