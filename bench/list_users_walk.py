"""ListUsers at scale (bench/million-users-postgres.sh): one page of 1000 near the end of the
name order (by its marker), then a whole walk of 1000-user pages as `aws iam list-users` makes
it, capped at CAP seconds. Signed with botocore, sent with urllib, read only for the marker.

Usage: list_users_walk.py ENDPOINT CREDENTIALS_FILE CAP_SECONDS NAME_NEAR_THE_END
Prints: first-page ms, near-the-end page ms, pages, users, walk s, slowest page ms, complete|stopped
"""
import base64
import configparser
import re
import sys
import time
import urllib.parse
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ep, cred_file, cap, near_end = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
c = configparser.ConfigParser()
c.read(cred_file)
creds = Credentials(c["default"]["aws_access_key_id"], c["default"]["aws_secret_access_key"])


def call(marker=None):
    body = "Action=ListUsers&Version=2010-05-08&MaxItems=1000"
    if marker:
        body += "&Marker=" + urllib.parse.quote(marker, safe="")
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    req = AWSRequest(method="POST", url=ep + "/", data=body, headers=headers)
    SigV4Auth(creds, "iam", "us-east-1").add_auth(req)
    t = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(
            ep + "/", data=body.encode(), headers=dict(req.headers), method="POST")) as r:
        text = r.read().decode()
    m = re.search(r"<Marker>([^<]*)</Marker>", text)
    return time.perf_counter() - t, (m.group(1) if m else None), text.count("<UserName>")


# iamd's marker: the next page's first sort key (lower-case name), base64url.
end = base64.urlsafe_b64encode(b"iamd-marker:" + near_end.encode()).decode().rstrip("=")
first, _, _ = call()
late, _, _ = call(end)
started, marker, pages, users, slowest = time.perf_counter(), None, 0, 0, 0.0
while True:
    dt, marker, n = call(marker)
    pages, users, slowest = pages + 1, users + n, max(slowest, dt)
    if marker is None or time.perf_counter() - started > cap:
        break
total = time.perf_counter() - started
print("%.1f %.1f %d %d %.1f %.1f %s" % (first * 1000, late * 1000, pages, users, total,
      slowest * 1000, "complete" if marker is None else "stopped"))
