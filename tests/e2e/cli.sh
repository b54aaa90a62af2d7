#!/usr/bin/env bash
# End-to-end walk-through with the AWS CLI (v1) against iamd (or moto with E2E_TARGET=moto).
# Uses the server named by E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE when both are set, else starts one.
# Every check prints ok/FAIL; the script exits non-zero when any check failed.
# Checks wrapped in `aws_only "why"` encode AWS behaviour that moto does not implement: on moto they are
# reported as XFAIL instead of failing; against iamd they are ordinary checks.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_use_or_start_server || exit 1

PASSES=0 FAILS=0 XFAILS=0
AWS_ONLY=""
S="$(printf '%04x' $((RANDOM)))"   # suffix: the script can be rerun against a long-lived server
TMPF="$E2E_TMP/cli"
mkdir -p "$TMPF"

# `AS_KEY=AKID:SECRET check ...` runs one check with another identity's key.
awsx() {
    if [ -n "${AS_KEY:-}" ]; then
        AWS_ACCESS_KEY_ID="${AS_KEY%%:*}" AWS_SECRET_ACCESS_KEY="${AS_KEY#*:}" \
            aws --endpoint-url "$E2E_ENDPOINT" --output text "$@"
    else
        aws --endpoint-url "$E2E_ENDPOINT" --output text "$@"
    fi
}

_ok() { PASSES=$((PASSES + 1)); echo "ok   - $1"; AWS_ONLY=""; }
_fail() {
    if [ -n "$AWS_ONLY" ] && [ "$E2E_TARGET" = moto ]; then
        XFAILS=$((XFAILS + 1)); echo "XFAIL- $1 (moto deviation: $AWS_ONLY)"
    else
        FAILS=$((FAILS + 1)); echo "FAIL - $1"; shift; printf '       %s\n' "$@"
    fi
    AWS_ONLY=""
}
# Marks the next check as AWS behaviour moto lacks.
aws_only() { AWS_ONLY="$1"; }

# check DESC EXPECTED aws-args...   (stdout, trimmed, must equal EXPECTED)
check() {
    local desc="$1" want="$2"; shift 2
    local out rc
    out="$(awsx "$@" 2>"$TMPF/err")"; rc=$?
    out="$(printf '%s' "$out" | sed -e 's/[[:space:]]*$//')"
    if [ $rc -ne 0 ]; then
        _fail "$desc" "command: aws $*" "exit $rc: $(cat "$TMPF/err")"
    elif [ "$out" != "$want" ]; then
        _fail "$desc" "command: aws $*" "want: $(printf '%q' "$want")" "got:  $(printf '%q' "$out")"
    else
        _ok "$desc"
    fi
}
# run DESC aws-args...   (must succeed; stdout is kept in $OUT)
run() {
    local desc="$1"; shift
    local rc
    OUT="$(awsx "$@" 2>"$TMPF/err")"; rc=$?
    if [ $rc -ne 0 ]; then _fail "$desc" "command: aws $*" "exit $rc: $(cat "$TMPF/err")"; return 1; fi
    _ok "$desc"
}
# expect_error DESC CODE aws-args...   (must fail and stderr must name the error code)
expect_error() {
    local desc="$1" code="$2"; shift 2
    local out rc
    out="$(awsx "$@" 2>"$TMPF/err")"; rc=$?
    if [ $rc -eq 0 ]; then
        _fail "$desc" "command: aws $*" "expected error $code, but the call succeeded: $out"
    elif ! grep -q "($code)" "$TMPF/err"; then
        _fail "$desc" "command: aws $*" "expected error $code, got: $(cat "$TMPF/err")"
    else
        _ok "$desc"
    fi
}
expect_eq() {
    local desc="$1" want="$2" got="$3"
    if [ "$want" = "$got" ]; then _ok "$desc"; else _fail "$desc" "want: $want" "got:  $got"; fi
}
expect_match() {
    local desc="$1" re="$2" got="$3"
    if [[ "$got" =~ $re ]]; then _ok "$desc"; else _fail "$desc" "want match: $re" "got:  $got"; fi
}

doc() { # doc NAME ACTIONS RESOURCE -> writes a policy file, prints file:// URL
    printf '{"Version":"2012-10-17","Statement":[{"Sid":"%s","Effect":"Allow","Action":%s,"Resource":"%s"}]}' \
        "$1" "$2" "$3" > "$TMPF/$1.json"
    echo "file://$TMPF/$1.json"
}

echo "# target=$E2E_TARGET endpoint=$E2E_ENDPOINT suffix=$S"

# ---------------------------------------------------------------- identity
ACCT="$(awsx sts get-caller-identity --query Account 2>"$TMPF/err")"
expect_match "sts get-caller-identity returns a 12-digit account" '^[0-9]{12}$' "$ACCT"

# ---------------------------------------------------------------- users
U1="alice-$S" U1B="alice2-$S" U2="bob-$S" U3="carol-$S"
SUM_USERS_BEFORE="$(awsx iam get-account-summary --query SummaryMap.Users 2>/dev/null)"
check "create-user with path and tags" "/eng/	arn:aws:iam::$ACCT:user/eng/$U1" \
    iam create-user --user-name "$U1" --path /eng/ --tags Key=team,Value=core Key=env,Value=dev \
    --query 'User.[Path,Arn]'
check "get-user" "$U1	/eng/	arn:aws:iam::$ACCT:user/eng/$U1" \
    iam get-user --user-name "$U1" --query 'User.[UserName,Path,Arn]'
UID1="$(awsx iam get-user --user-name "$U1" --query User.UserId 2>/dev/null)"
aws_only "moto user ids are random lower-case strings"
expect_match "user id is AIDA + 17 upper-case alphanumerics" '^AIDA[A-Z0-9]{17}$' "$UID1"
check "get-user returns the tags" "env	dev
team	core" iam get-user --user-name "$U1" --query 'sort_by(User.Tags,&Key)[].[Key,Value]'
expect_error "create-user twice: EntityAlreadyExists" EntityAlreadyExists iam create-user --user-name "$U1"
aws_only "moto treats user names as case-sensitive"
expect_error "user names are case-insensitively unique" EntityAlreadyExists \
    iam create-user --user-name "$(echo "$U1" | tr a-z A-Z)"
if [ "$E2E_TARGET" = moto ]; then  # moto created it; in AWS names resolve case-insensitively: never delete it there
    awsx iam delete-user --user-name "$(echo "$U1" | tr a-z A-Z)" >/dev/null 2>&1
fi
expect_error "get-user unknown: NoSuchEntity" NoSuchEntity iam get-user --user-name "nobody-$S"
check "account summary counts the new user" "$((SUM_USERS_BEFORE + 1))" \
    iam get-account-summary --query SummaryMap.Users

run "update-user: rename and move" iam update-user --user-name "$U1" --new-user-name "$U1B" --new-path /ops/
expect_error "old name is gone after rename" NoSuchEntity iam get-user --user-name "$U1"
check "renamed user has new name, path, ARN and the same id" "$U1B	/ops/	arn:aws:iam::$ACCT:user/ops/$U1B	$UID1" \
    iam get-user --user-name "$U1B" --query 'User.[UserName,Path,Arn,UserId]'
run "create-user $U2" iam create-user --user-name "$U2" --path /eng/
run "create-user $U3" iam create-user --user-name "$U3"
aws_only "moto has no CloudTrail LookupEvents"
check "cloudtrail lookup-events: the CreateUser of $U3, as root, with its resource" "CreateUser	root	$U3" \
    cloudtrail lookup-events --lookup-attributes "AttributeKey=ResourceName,AttributeValue=$U3" \
    --query "Events[?EventName=='CreateUser'] | [0].[EventName, Username, Resources[0].ResourceName]"
check "list-users --path-prefix /ops/" "$U1B" iam list-users --path-prefix /ops/ --query 'Users[].UserName'
check "list-users --path-prefix /eng/" "$U2" iam list-users --path-prefix /eng/ --query 'Users[].UserName'
check "list-users includes all three" "$U1B	$U2	$U3" \
    iam list-users --query "sort(Users[?ends_with(UserName, '-$S')].UserName)"

run "tag-user" iam tag-user --user-name "$U1B" --tags Key=cost-center,Value=42 Key=team,Value=platform
aws_only "moto loses a user's tags when the user is renamed"
check "list-user-tags after tag (overwrite + add)" "cost-center	42
env	dev
team	platform" iam list-user-tags --user-name "$U1B" --query 'sort_by(Tags,&Key)[].[Key,Value]'
run "untag-user" iam untag-user --user-name "$U1B" --tag-keys env cost-center
check "list-user-tags after untag" "team	platform" \
    iam list-user-tags --user-name "$U1B" --query 'Tags[].[Key,Value]'
expect_error "tag-user unknown user: NoSuchEntity" NoSuchEntity \
    iam tag-user --user-name "nobody-$S" --tags Key=a,Value=b

# ---------------------------------------------------------------- groups
G1="devs-$S" G1B="developers-$S"
check "create-group" "$G1	/eng/	arn:aws:iam::$ACCT:group/eng/$G1" \
    iam create-group --group-name "$G1" --path /eng/ --query 'Group.[GroupName,Path,Arn]'
expect_error "create-group twice: EntityAlreadyExists" EntityAlreadyExists iam create-group --group-name "$G1"
expect_error "get-group unknown: NoSuchEntity" NoSuchEntity iam get-group --group-name "nogroup-$S"
run "add-user-to-group $U1B" iam add-user-to-group --group-name "$G1" --user-name "$U1B"
run "add-user-to-group $U2" iam add-user-to-group --group-name "$G1" --user-name "$U2"
expect_error "add unknown user to group: NoSuchEntity" NoSuchEntity \
    iam add-user-to-group --group-name "$G1" --user-name "nobody-$S"
check "get-group lists the members" "$G1	$U1B	$U2" \
    iam get-group --group-name "$G1" --query '[Group.GroupName, join(`"\t"`, sort(Users[].UserName))]'
check "list-groups-for-user" "$G1" iam list-groups-for-user --user-name "$U2" --query 'Groups[].GroupName'
run "remove-user-from-group" iam remove-user-from-group --group-name "$G1" --user-name "$U2"
check "get-group after remove" "$U1B" iam get-group --group-name "$G1" --query 'Users[].UserName'
check "list-groups-for-user after remove is empty" "" \
    iam list-groups-for-user --user-name "$U2" --query 'Groups[].GroupName'
run "update-group: rename and move" iam update-group --group-name "$G1" --new-group-name "$G1B" --new-path /dev/
expect_error "old group name gone" NoSuchEntity iam get-group --group-name "$G1"
check "renamed group keeps members, new path and ARN" "/dev/	arn:aws:iam::$ACCT:group/dev/$G1B	$U1B" \
    iam get-group --group-name "$G1B" --query '[Group.Path, Group.Arn, Users[0].UserName]'
check "list-groups-for-user shows the renamed group" "$G1B" \
    iam list-groups-for-user --user-name "$U1B" --query 'Groups[].GroupName'
check "list-groups --path-prefix /dev/" "$G1B" iam list-groups --path-prefix /dev/ --query 'Groups[].GroupName'
GX="conflict-group-$S"
awsx iam create-group --group-name "$GX" >/dev/null 2>&1
awsx iam add-user-to-group --group-name "$GX" --user-name "$U3" >/dev/null 2>&1
aws_only "moto deletes groups that still have members"
expect_error "delete-group with members: DeleteConflict" DeleteConflict iam delete-group --group-name "$GX"
awsx iam remove-user-from-group --group-name "$GX" --user-name "$U3" >/dev/null 2>&1
awsx iam delete-group --group-name "$GX" >/dev/null 2>&1

# ---------------------------------------------------------------- inline policies
DOC_S3="$(doc S3Read '["s3:GetObject","s3:ListBucket"]' '*')"
run "put-user-policy" iam put-user-policy --user-name "$U2" --policy-name inline-s3 --policy-document "$DOC_S3"
check "list-user-policies" "inline-s3" iam list-user-policies --user-name "$U2" --query 'PolicyNames'
check "get-user-policy returns the decoded document" "S3Read	Allow	s3:GetObject	s3:ListBucket" \
    iam get-user-policy --user-name "$U2" --policy-name inline-s3 \
    --query 'PolicyDocument.Statement[0].[Sid,Effect,Action[0],Action[1]]'
DOC_EC2="$(doc Ec2Describe '"ec2:Describe*"' '*')"
run "put-user-policy overwrites" iam put-user-policy --user-name "$U2" --policy-name inline-s3 --policy-document "$DOC_EC2"
check "get-user-policy after overwrite" "ec2:Describe*" \
    iam get-user-policy --user-name "$U2" --policy-name inline-s3 --query 'PolicyDocument.Statement[0].Action'
expect_error "get-user-policy unknown: NoSuchEntity" NoSuchEntity \
    iam get-user-policy --user-name "$U2" --policy-name nope
run "put-group-policy" iam put-group-policy --group-name "$G1B" --policy-name inline-ec2 --policy-document "$DOC_EC2"
check "list-group-policies" "inline-ec2" iam list-group-policies --group-name "$G1B" --query 'PolicyNames'
check "get-group-policy" "$G1B	inline-ec2	Ec2Describe" \
    iam get-group-policy --group-name "$G1B" --policy-name inline-ec2 --query '[GroupName,PolicyName,PolicyDocument.Statement[0].Sid]'
run "delete-group-policy" iam delete-group-policy --group-name "$G1B" --policy-name inline-ec2
check "list-group-policies empty" "" iam list-group-policies --group-name "$G1B" --query 'PolicyNames'
expect_error "delete-group-policy again: NoSuchEntity" NoSuchEntity \
    iam delete-group-policy --group-name "$G1B" --policy-name inline-ec2
printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}' > "$TMPF/bad.json"
expect_error "put-user-policy without Resource: MalformedPolicyDocument" MalformedPolicyDocument \
    iam put-user-policy --user-name "$U2" --policy-name bad --policy-document "file://$TMPF/bad.json"

# ---------------------------------------------------------------- managed policies
P1="e2e-policy-$S"
P1ARN="arn:aws:iam::$ACCT:policy/e2e/$P1"
check "create-policy" "$P1ARN	v1	0	True" \
    iam create-policy --policy-name "$P1" --path /e2e/ --description "e2e test policy" \
    --policy-document "$(doc V1 '"s3:ListAllMyBuckets"' '*')" \
    --query 'Policy.[Arn,DefaultVersionId,AttachmentCount,IsAttachable]'
expect_error "create-policy twice: EntityAlreadyExists" EntityAlreadyExists \
    iam create-policy --policy-name "$P1" --path /e2e/ --policy-document "$(doc V1 '"s3:ListAllMyBuckets"' '*')"
expect_error "create-policy with a malformed document: MalformedPolicyDocument" MalformedPolicyDocument \
    iam create-policy --policy-name "bad-$S" --policy-document "file://$TMPF/bad.json"
check "get-policy" "$P1	/e2e/	v1	0" \
    iam get-policy --policy-arn "$P1ARN" --query 'Policy.[PolicyName,Path,DefaultVersionId,AttachmentCount]'
expect_error "get-policy unknown: NoSuchEntity" NoSuchEntity \
    iam get-policy --policy-arn "arn:aws:iam::$ACCT:policy/nope-$S"
check "create-policy-version v2 (not default)" "v2	False" \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V2 '"s3:GetObject"' '*')" \
    --query 'PolicyVersion.[VersionId,IsDefaultVersion]'
check "create-policy-version v3 --set-as-default" "v3	True" \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V3 '"s3:PutObject"' '*')" \
    --set-as-default --query 'PolicyVersion.[VersionId,IsDefaultVersion]'
check "create-policy-version v4" "v4" \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V4 '"s3:*"' '*')" \
    --query 'PolicyVersion.VersionId'
check "create-policy-version v5" "v5" \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V5 '"sqs:*"' '*')" \
    --query 'PolicyVersion.VersionId'
expect_error "sixth version: LimitExceeded" LimitExceeded \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V6 '"sns:*"' '*')"
check "list-policy-versions: five, v3 default" "5	v3" \
    iam list-policy-versions --policy-arn "$P1ARN" \
    --query '[length(Versions), Versions[?IsDefaultVersion].VersionId | [0]]'
check "get-policy default is v3" "v3" iam get-policy --policy-arn "$P1ARN" --query Policy.DefaultVersionId
check "get-policy-version v2 document decoded" "V2	s3:GetObject	False" \
    iam get-policy-version --policy-arn "$P1ARN" --version-id v2 \
    --query 'PolicyVersion.[Document.Statement[0].Sid, Document.Statement[0].Action, IsDefaultVersion]'
run "set-default-policy-version v2" iam set-default-policy-version --policy-arn "$P1ARN" --version-id v2
check "default is now v2" "v2" iam get-policy --policy-arn "$P1ARN" --query Policy.DefaultVersionId
expect_error "delete the default version: DeleteConflict" DeleteConflict \
    iam delete-policy-version --policy-arn "$P1ARN" --version-id v2
run "delete-policy-version v1" iam delete-policy-version --policy-arn "$P1ARN" --version-id v1
check "four versions remain" "v2	v3	v4	v5" \
    iam list-policy-versions --policy-arn "$P1ARN" --query 'sort(Versions[].VersionId)'
check "next version after deleting v1 is v6" "v6" \
    iam create-policy-version --policy-arn "$P1ARN" --policy-document "$(doc V6 '"sns:*"' '*')" \
    --query 'PolicyVersion.VersionId'
expect_error "get-policy-version deleted: NoSuchEntity" NoSuchEntity \
    iam get-policy-version --policy-arn "$P1ARN" --version-id v1
expect_error "set-default to a deleted version: NoSuchEntity" NoSuchEntity \
    iam set-default-policy-version --policy-arn "$P1ARN" --version-id v1

P2="e2e-other-$S"
run "create-policy $P2 (no path)" iam create-policy --policy-name "$P2" \
    --policy-document "$(doc Other '"iam:GetUser"' '*')"
P2ARN="arn:aws:iam::$ACCT:policy/$P2"
check "list-policies --scope Local contains both" "$P2	$P1" \
    iam list-policies --scope Local --query "sort(Policies[?ends_with(PolicyName, '-$S')].PolicyName)"
check "list-policies --scope Local --path-prefix /e2e/" "$P1" \
    iam list-policies --scope Local --path-prefix /e2e/ --query "Policies[?ends_with(PolicyName, '-$S')].PolicyName"
# (--query is applied per page when the CLI paginates, so count from the JSON instead)
run "list-policies --scope AWS --max-items 5" iam list-policies --scope AWS --max-items 5 --output json
expect_eq "list-policies --scope AWS --max-items 5: 5 AWS policies and a NextToken" "5 5 True" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d.get("Policies",[])
print(len(p), sum(x["Arn"].startswith("arn:aws:iam::aws:policy/") for x in p), bool(d.get("NextToken")))')"
NT="$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("NextToken",""))')"
run "list-policies --scope AWS --starting-token (page 2)" iam list-policies --scope AWS --max-items 5 \
    --starting-token "$NT" --output json
expect_eq "page 2 has 5 other policies" "5 0" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=[x["Arn"] for x in d.get("Policies",[])]
print(len(p), len(set(p) & set(sys.argv[1].split())))' "$(awsx iam list-policies --scope AWS --max-items 5 --query 'Policies[].Arn' 2>/dev/null)")"
check "list-policies --scope Local has no AWS policies" "0" \
    iam list-policies --scope Local --query "length(Policies[?starts_with(Arn, 'arn:aws:iam::aws:')])"
check "get-policy on AWS-managed ViewOnlyAccess (path /job-function/)" "ViewOnlyAccess	/job-function/" \
    iam get-policy --policy-arn arn:aws:iam::aws:policy/job-function/ViewOnlyAccess --query 'Policy.[PolicyName,Path]'

run "attach-user-policy" iam attach-user-policy --user-name "$U2" --policy-arn "$P1ARN"
run "attach-group-policy" iam attach-group-policy --group-name "$G1B" --policy-arn "$P1ARN"
run "attach AWS-managed ReadOnlyAccess to user" \
    iam attach-user-policy --user-name "$U2" --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
run "attach AWS-managed job-function/ViewOnlyAccess to group" \
    iam attach-group-policy --group-name "$G1B" --policy-arn arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
expect_error "attach unknown policy: NoSuchEntity" NoSuchEntity \
    iam attach-user-policy --user-name "$U2" --policy-arn "arn:aws:iam::$ACCT:policy/nope-$S"
check "list-attached-user-policies" "ReadOnlyAccess	$P1" \
    iam list-attached-user-policies --user-name "$U2" --query 'sort(AttachedPolicies[].PolicyName)'
check "list-attached-group-policies" "ViewOnlyAccess	$P1" \
    iam list-attached-group-policies --group-name "$G1B" --query 'sort(AttachedPolicies[].PolicyName)'
check "list-attached-group-policies ARN of ViewOnlyAccess" "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" \
    iam list-attached-group-policies --group-name "$G1B" --query "AttachedPolicies[?PolicyName=='ViewOnlyAccess'].PolicyArn"
check "get-policy AttachmentCount 2" "2" iam get-policy --policy-arn "$P1ARN" --query Policy.AttachmentCount
check "list-entities-for-policy" "$U2	$G1B" \
    iam list-entities-for-policy --policy-arn "$P1ARN" --query '[PolicyUsers[].UserName | [0], PolicyGroups[].GroupName | [0]]'
check "list-entities-for-policy --entity-filter Group" "0	1" \
    iam list-entities-for-policy --policy-arn "$P1ARN" --entity-filter Group --query '[length(PolicyUsers), length(PolicyGroups)]'
check "list-policies --only-attached --scope Local" "$P1" \
    iam list-policies --scope Local --only-attached --query "Policies[?ends_with(PolicyName, '-$S')].PolicyName"
PX="conflict-policy-$S"
PXARN="arn:aws:iam::$ACCT:policy/$PX"
awsx iam create-policy --policy-name "$PX" --policy-document "$(doc PX '"iam:GetUser"' '*')" >/dev/null 2>&1
awsx iam attach-user-policy --user-name "$U3" --policy-arn "$PXARN" >/dev/null 2>&1
aws_only "moto deletes attached policies"
expect_error "delete-policy while attached: DeleteConflict" DeleteConflict iam delete-policy --policy-arn "$PXARN"
if ! awsx iam detach-user-policy --user-name "$U3" --policy-arn "$PXARN" >/dev/null 2>&1; then
    # the policy was deleted while attached (moto): recreate it to be able to detach it
    awsx iam create-policy --policy-name "$PX" --policy-document "$(doc PX '"iam:GetUser"' '*')" >/dev/null 2>&1
    awsx iam detach-user-policy --user-name "$U3" --policy-arn "$PXARN" >/dev/null 2>&1
fi
awsx iam delete-policy --policy-arn "$PXARN" >/dev/null 2>&1
run "detach-user-policy" iam detach-user-policy --user-name "$U2" --policy-arn "$P1ARN"
run "detach-group-policy" iam detach-group-policy --group-name "$G1B" --policy-arn "$P1ARN"
expect_error "detach again: NoSuchEntity" NoSuchEntity \
    iam detach-user-policy --user-name "$U2" --policy-arn "$P1ARN"
run "detach ReadOnlyAccess" iam detach-user-policy --user-name "$U2" --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
run "detach ViewOnlyAccess" iam detach-group-policy --group-name "$G1B" --policy-arn arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
check "AttachmentCount back to 0" "0" iam get-policy --policy-arn "$P1ARN" --query Policy.AttachmentCount
PY="versions-policy-$S"
PYARN="arn:aws:iam::$ACCT:policy/$PY"
awsx iam create-policy --policy-name "$PY" --policy-document "$(doc PY '"iam:GetUser"' '*')" >/dev/null 2>&1
awsx iam create-policy-version --policy-arn "$PYARN" --policy-document "$(doc PY '"iam:GetUser"' '*')" >/dev/null 2>&1
aws_only "moto deletes policies that still have non-default versions"
expect_error "delete-policy with non-default versions: DeleteConflict" DeleteConflict \
    iam delete-policy --policy-arn "$PYARN"
awsx iam delete-policy-version --policy-arn "$PYARN" --version-id v2 >/dev/null 2>&1
awsx iam delete-policy --policy-arn "$PYARN" >/dev/null 2>&1
for v in v3 v4 v5 v6; do
    awsx iam delete-policy-version --policy-arn "$P1ARN" --version-id $v >/dev/null 2>&1
done
run "delete-policy" iam delete-policy --policy-arn "$P1ARN"
expect_error "get-policy after delete: NoSuchEntity" NoSuchEntity iam get-policy --policy-arn "$P1ARN"

# ---------------------------------------------------------------- access keys
run "create-access-key" iam create-access-key --user-name "$U2" \
    --query 'AccessKey.[AccessKeyId,SecretAccessKey,Status,UserName]'
read -r AKID SECRET KSTATUS KUSER <<<"$OUT"
expect_match "access key id format" '^AKIA[A-Z0-9]{16}$' "$AKID"
expect_match "secret is 40 chars" '^.{40}$' "$SECRET"
expect_eq "new key is Active and belongs to the user" "Active $U2" "$KSTATUS $KUSER"
check "list-access-keys" "$AKID	Active" iam list-access-keys --user-name "$U2" \
    --query 'AccessKeyMetadata[].[AccessKeyId,Status]'
AS_KEY="$AKID:$SECRET" \
check "sts get-caller-identity with the user's key shows the user ARN" "arn:aws:iam::$ACCT:user/eng/$U2	$ACCT" \
    sts get-caller-identity --query '[Arn,Account]'
run "allow the user to read itself (policy variable, ARN with path)" iam put-user-policy --user-name "$U2" \
    --policy-name self-read --policy-document "$(doc SelfRead '"iam:GetUser"' 'arn:aws:iam::*:user/eng/${aws:username}')"
AS_KEY="$AKID:$SECRET" \
check "get-user without --user-name with the user's key returns that user" "$U2" iam get-user --query User.UserName
UK="key-user-$S"
awsx iam create-user --user-name "$UK" >/dev/null 2>&1
UKKEY="$(awsx iam create-access-key --user-name "$UK" --query AccessKey.AccessKeyId 2>/dev/null)"
aws_only "moto deletes users that still have access keys"
expect_error "delete-user with an access key: DeleteConflict" DeleteConflict iam delete-user --user-name "$UK"
awsx iam delete-access-key --user-name "$UK" --access-key-id "$UKKEY" >/dev/null 2>&1
awsx iam delete-user --user-name "$UK" >/dev/null 2>&1
run "update-access-key Inactive" iam update-access-key --user-name "$U2" --access-key-id "$AKID" --status Inactive
check "list-access-keys shows Inactive" "Inactive" iam list-access-keys --user-name "$U2" \
    --query 'AccessKeyMetadata[0].Status'
aws_only "moto does not check the access key status"
AS_KEY="$AKID:$SECRET" \
expect_error "sts call with the inactive key: InvalidClientTokenId" InvalidClientTokenId sts get-caller-identity
aws_only "moto does not check the access key status"
AS_KEY="$AKID:$SECRET" \
expect_error "iam call with the inactive key: InvalidClientTokenId" InvalidClientTokenId iam list-users
run "update-access-key Active again" iam update-access-key --user-name "$U2" --access-key-id "$AKID" --status Active
run "delete-access-key" iam delete-access-key --user-name "$U2" --access-key-id "$AKID"
check "list-access-keys empty" "" iam list-access-keys --user-name "$U2" --query 'AccessKeyMetadata[].AccessKeyId'
expect_error "delete-access-key again: NoSuchEntity" NoSuchEntity \
    iam delete-access-key --user-name "$U2" --access-key-id "$AKID"
aws_only "moto does not authenticate requests"
AS_KEY="$AKID:$SECRET" \
expect_error "call with a deleted key: InvalidClientTokenId" InvalidClientTokenId sts get-caller-identity

# ---------------------------------------------------------------- login profiles
PW='E2e-Passw0rd!Long#2024'
aws_only "moto ignores --password-reset-required"
check "create-login-profile" "$U2	True" iam create-login-profile --user-name "$U2" --password "$PW" \
    --password-reset-required --query 'LoginProfile.[UserName,PasswordResetRequired]'
expect_error "create-login-profile twice: EntityAlreadyExists" EntityAlreadyExists \
    iam create-login-profile --user-name "$U2" --password "$PW"
aws_only "moto ignores --password-reset-required"
check "get-login-profile" "$U2	True" iam get-login-profile --user-name "$U2" \
    --query 'LoginProfile.[UserName,PasswordResetRequired]'
run "update-login-profile --no-password-reset-required" \
    iam update-login-profile --user-name "$U2" --password "${PW}x" --no-password-reset-required
check "get-login-profile after update" "False" iam get-login-profile --user-name "$U2" \
    --query 'LoginProfile.PasswordResetRequired'
expect_error "get-login-profile of a user without one: NoSuchEntity" NoSuchEntity \
    iam get-login-profile --user-name "$U3"
UX="conflict-user-$S"
awsx iam create-user --user-name "$UX" >/dev/null 2>&1
awsx iam create-login-profile --user-name "$UX" --password "$PW" >/dev/null 2>&1
aws_only "moto deletes users that still have a login profile"
expect_error "delete-user with a login profile: DeleteConflict" DeleteConflict iam delete-user --user-name "$UX"
awsx iam delete-login-profile --user-name "$UX" >/dev/null 2>&1
awsx iam delete-user --user-name "$UX" >/dev/null 2>&1
run "delete-login-profile" iam delete-login-profile --user-name "$U2"
expect_error "get-login-profile after delete: NoSuchEntity" NoSuchEntity iam get-login-profile --user-name "$U2"

# ---------------------------------------------------------------- password policy
awsx iam delete-account-password-policy >/dev/null 2>&1
expect_error "get-account-password-policy when unset: NoSuchEntity" NoSuchEntity iam get-account-password-policy
run "update-account-password-policy" iam update-account-password-policy --minimum-password-length 14 \
    --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters \
    --allow-users-to-change-password --max-password-age 90 --password-reuse-prevention 5
check "get-account-password-policy" "14	True	True	True	True	True	90	5	True" \
    iam get-account-password-policy --query 'PasswordPolicy.[MinimumPasswordLength,RequireSymbols,RequireNumbers,RequireUppercaseCharacters,RequireLowercaseCharacters,AllowUsersToChangePassword,MaxPasswordAge,PasswordReusePrevention,ExpirePasswords]'
aws_only "moto does not enforce the password policy on login profiles"
expect_error "login profile password violating the policy: PasswordPolicyViolation" PasswordPolicyViolation \
    iam create-login-profile --user-name "$U3" --password 'short1!A'
awsx iam delete-login-profile --user-name "$U3" >/dev/null 2>&1
run "delete-account-password-policy" iam delete-account-password-policy
expect_error "get-account-password-policy after delete: NoSuchEntity" NoSuchEntity iam get-account-password-policy

# ---------------------------------------------------------------- account alias
ALIAS="e2e-alias-$S"
awsx iam list-account-aliases --query 'AccountAliases[]' 2>/dev/null | tr '\t' '\n' | while read -r a; do
    [ -n "$a" ] && awsx iam delete-account-alias --account-alias "$a" >/dev/null 2>&1
done
aws_only "moto accepts any account alias"
expect_error "invalid alias (upper case, underscore): ValidationError" ValidationError \
    iam create-account-alias --account-alias "Bad_Alias"
awsx iam delete-account-alias --account-alias "Bad_Alias" >/dev/null 2>&1
run "create-account-alias" iam create-account-alias --account-alias "$ALIAS"
check "list-account-aliases" "$ALIAS" iam list-account-aliases --query 'AccountAliases'
run "delete-account-alias" iam delete-account-alias --account-alias "$ALIAS"
check "list-account-aliases empty" "" iam list-account-aliases --query 'AccountAliases'

# ---------------------------------------------------------------- account summary / authorization details
run "get-account-summary" iam get-account-summary --output json
for k in Users Groups Policies UsersQuota GroupsQuota PoliciesQuota AccessKeysPerUserQuota \
         PolicyVersionsInUseQuota AttachedPoliciesPerUserQuota AttachedPoliciesPerGroupQuota; do
    expect_match "get-account-summary has $k" "\"$k\": [0-9]+" "$OUT"
done
check "get-account-summary quotas (AccessKeysPerUser, UsersQuota, GroupsQuota)" "2	5000	300" \
    iam get-account-summary --query 'SummaryMap.[AccessKeysPerUserQuota,UsersQuota,GroupsQuota]'

run "attach $P2 to $U1B" iam attach-user-policy --user-name "$U1B" --policy-arn "$P2ARN"
run "put-user-policy on $U1B" iam put-user-policy --user-name "$U1B" --policy-name inline-s3 --policy-document "$DOC_S3"
check "get-account-authorization-details --filter User" "$G1B	$P2	inline-s3	arn:aws:iam::$ACCT:user/ops/$U1B" \
    iam get-account-authorization-details --filter User \
    --query "UserDetailList[?UserName=='$U1B'] | [0].[GroupList[0], AttachedManagedPolicies[0].PolicyName, UserPolicyList[0].PolicyName, Arn]"
check "authorization details: inline document decoded" "S3Read" \
    iam get-account-authorization-details --filter User \
    --query "UserDetailList[?UserName=='$U1B'] | [0].UserPolicyList[0].PolicyDocument.Statement[0].Sid"
check "get-account-authorization-details --filter Group" "$G1B	/dev/" \
    iam get-account-authorization-details --filter Group \
    --query "GroupDetailList[?GroupName=='$G1B'] | [0].[GroupName,Path]"
check "get-account-authorization-details --filter LocalManagedPolicy" "$P2ARN	1	Other" \
    iam get-account-authorization-details --filter LocalManagedPolicy \
    --query "Policies[?Arn=='$P2ARN'] | [0].[Arn, AttachmentCount, PolicyVersionList[?IsDefaultVersion] | [0].Document.Statement[0].Sid]"
aws_only "moto omits PolicyName/PolicyId in ManagedPolicyDetail"
check "authorization details: managed policy has PolicyName" "$P2" \
    iam get-account-authorization-details --filter LocalManagedPolicy --query "Policies[?Arn=='$P2ARN'] | [0].PolicyName"
check "authorization details with --filter User has no groups/policies lists" "0	0" \
    iam get-account-authorization-details --filter User --query '[length(GroupDetailList), length(Policies)]'

# ---------------------------------------------------------------- cleanup / deletes
run "detach $P2" iam detach-user-policy --user-name "$U1B" --policy-arn "$P2ARN"
run "delete-user-policy" iam delete-user-policy --user-name "$U1B" --policy-name inline-s3
run "delete-user-policy $U2" iam delete-user-policy --user-name "$U2" --policy-name inline-s3
run "delete-user-policy $U2 self-read" iam delete-user-policy --user-name "$U2" --policy-name self-read
run "remove $U1B from $G1B" iam remove-user-from-group --group-name "$G1B" --user-name "$U1B"
run "delete-group" iam delete-group --group-name "$G1B"
expect_error "get-group after delete: NoSuchEntity" NoSuchEntity iam get-group --group-name "$G1B"
run "delete-policy $P2" iam delete-policy --policy-arn "$P2ARN"
for u in "$U1B" "$U2" "$U3"; do
    run "delete-user $u" iam delete-user --user-name "$u"
done
expect_error "delete-user again: NoSuchEntity" NoSuchEntity iam delete-user --user-name "$U2"
check "no users of this run remain" "0" \
    iam list-users --query "length(Users[?ends_with(UserName, '-$S')])"
check "account summary back to the initial user count" "$SUM_USERS_BEFORE" \
    iam get-account-summary --query SummaryMap.Users

echo "# cli.sh: $PASSES passed, $FAILS failed, $XFAILS known moto deviations"
[ "$FAILS" -eq 0 ]
