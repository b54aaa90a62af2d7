#!/usr/bin/env bash
# Multi-account cross-access model end to end against iamd (issue 5): an organization with three member
# accounts of two types (aws CLI), the Terraform configuration in multi-account/ (AWS provider 5.100.0
# from the offline mirror, one provider alias per member account assuming OrganizationAccountAccessRole):
# init, apply, plan -detailed-exitcode = 0, boto3 access checks (multi-account/check_access.py),
# user_map change (the user leaves its group) + apply + the access is gone at once, destroy, nothing left.
# Prints PASS/FAIL lines and ends with "N passed, N failed"; exit status 1 on any failure.
# Uses E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (the management root) when set, else starts a server.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_use_or_start_server || exit 1

PASSES=0 FAILS=0
T0=$SECONDS
SRC="$E2E_DIR/multi-account"
WORK="$E2E_TMP/multi-account"
mkdir -p "$WORK"
cp -r "$SRC/main.tf" "$SRC/member" "$WORK/"
S="$(printf '%04x' $((RANDOM)))"

pass() { PASSES=$((PASSES + 1)); echo "PASS - $*"; }
fail() { FAILS=$((FAILS + 1)); echo "FAIL - $*"; }
awsx() { aws --endpoint-url "$E2E_ENDPOINT" --output text "$@"; }
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; echo "       want: $2"; echo "       got:  $3"; fi; }
finish() {
    echo "# multi-account.sh: $((SECONDS - T0)) s"
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
    exit $?
}
# Count the ok/FAIL lines of a check_access.py run.
count_checks() {
    local out="$1"
    PASSES=$((PASSES + $(grep -c '^ok   - ' "$out")))
    FAILS=$((FAILS + $(grep -c '^FAIL - ' "$out")))
}

echo "# target=$E2E_TARGET endpoint=$E2E_ENDPOINT work=$WORK force_destroy=${E2E_TF_FORCE_DESTROY:-false}"

# ------------------------------------------------------------------ organization + member accounts
MANAGEMENT="$(awsx sts get-caller-identity --query Account)"
out="$(awsx organizations create-organization --feature-set ALL --query Organization.MasterAccountId 2>&1)"
if [ "$out" = "$MANAGEMENT" ]; then
    pass "organizations create-organization (management account $MANAGEMENT)"
elif grep -q AlreadyInOrganizationException <<<"$out"; then
    pass "organization already exists (reused)"
else
    fail "organizations create-organization: $out"; finish
fi

create_account() { # name -> prints the new account's ID
    local name="$1" id state req
    read -r req state id < <(awsx organizations create-account --email "$name@example.com" --account-name "$name" \
        --query 'CreateAccountStatus.[Id,State,AccountId]' 2>&1 | tr '\t' ' ')
    local i
    for i in $(seq 60); do
        [ "$state" = SUCCEEDED ] && break
        [ "$state" = FAILED ] && { echo "FAILED"; return 1; }
        sleep 1
        read -r state id < <(awsx organizations describe-create-account-status --create-account-request-id "$req" \
            --query 'CreateAccountStatus.[State,AccountId]' | tr '\t' ' ')
    done
    # describe-create-account-status must agree with the response.
    local described
    described="$(awsx organizations describe-create-account-status --create-account-request-id "$req" \
        --query CreateAccountStatus.AccountId)"
    [ "$described" = "$id" ] || { echo "describe-create-account-status says $described, create-account said $id"; return 1; }
    echo "$id"
}

DEV_A="$(create_account "ma-dev-a-$S")" && [[ "$DEV_A" =~ ^[0-9]{12}$ ]] && pass "create-account dev-a: $DEV_A" || { fail "create-account dev-a: $DEV_A"; finish; }
DEV_B="$(create_account "ma-dev-b-$S")" && [[ "$DEV_B" =~ ^[0-9]{12}$ ]] && pass "create-account dev-b: $DEV_B" || { fail "create-account dev-b: $DEV_B"; finish; }
PROD="$(create_account "ma-prod-$S")" && [[ "$PROD" =~ ^[0-9]{12}$ ]] && pass "create-account prod: $PROD" || { fail "create-account prod: $PROD"; finish; }
expect_eq "list-accounts shows the three member accounts" "3" \
    "$(awsx organizations list-accounts --query "length(Accounts[?Id=='$DEV_A' || Id=='$DEV_B' || Id=='$PROD'])")"
ACCOUNT_TYPES="{\"dev\": [\"$DEV_A\", \"$DEV_B\"], \"prod\": [\"$PROD\"]}"

# Terraform runs as an IAM administrator of the management account (AWS refuses AssumeRole by a root
# user, so the provider aliases' assume_role needs an IAM identity).
TF_USER="terraform-admin-$S"
awsx iam create-user --user-name "$TF_USER" > /dev/null &&
    awsx iam attach-user-policy --user-name "$TF_USER" --policy-arn arn:aws:iam::aws:policy/AdministratorAccess &&
    read -r TF_KEY TF_SECRET < <(awsx iam create-access-key --user-name "$TF_USER" \
        --query 'AccessKey.[AccessKeyId,SecretAccessKey]' | tr '\t' ' ')
if [ -n "${TF_KEY:-}" ]; then
    printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$TF_KEY" "$TF_SECRET" > "$WORK/tf-credentials"
    chmod 600 "$WORK/tf-credentials"
    pass "management account: IAM user $TF_USER with AdministratorAccess for Terraform"
else
    fail "management account: IAM user for Terraform"; finish
fi

# E2E_TF_FORCE_DESTROY=true: Terraform force-destroys the users (ListSSHPublicKeys, ListServiceSpecificCredentials,
# ListSigningCertificates, virtual MFA devices ...) instead of the checks cleaning up after themselves.
FORCE_DESTROY="${E2E_TF_FORCE_DESTROY:-false}"
python3 - "$WORK/terraform.tfvars.json" "$E2E_ENDPOINT" "$WORK/tf-credentials" "$ACCOUNT_TYPES" "$FORCE_DESTROY" <<'EOF'
import json, sys
path, endpoint, creds, types, force = sys.argv[1:]
json.dump({"endpoint": endpoint, "credentials_file": creds, "account_types": json.loads(types),
           "force_destroy": force == "true"}, open(path, "w"), indent=2)
EOF
# The user_map change of step 2: alice leaves "developers" (she keeps only the self-management group).
cat > "$WORK/revoked.tfvars.json" <<'EOF'
{"user_map": {"alice": [], "bob": ["operators"], "carol": ["auditors"]}}
EOF

# ------------------------------------------------------------------ terraform
cat > "$WORK/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "${E2E_TF_MIRROR:-/opt/tf-plugins}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC
export TF_CLI_CONFIG_FILE="$WORK/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
tf() { timeout "${E2E_TF_TIMEOUT:-600}" terraform -chdir="$WORK" "$@"; }
tf_errors() { { grep -A10 '^Error' "$1" || tail -n 40 "$1"; } | head -n 80; }
tf_plan_empty() { # label [extra args]
    local label="$1"; shift
    tf plan -detailed-exitcode -no-color -input=false "$@" > "$WORK/plan.log" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then
        pass "terraform plan -detailed-exitcode: no changes $label"
    else
        grep -E '^\s+[~+-] |will be|must be|Error' "$WORK/plan.log" | head -n 60
        fail "terraform plan -detailed-exitcode exited $rc $label (2 = changes pending: drift in what the server returns)"
    fi
}

t=$SECONDS
if ! tf init -input=false -no-color > "$WORK/init.log" 2>&1; then
    cat "$WORK/init.log"; fail "terraform init (offline, filesystem mirror)"; finish
fi
pass "terraform init (offline, filesystem mirror)"

t=$SECONDS
APPLIED=0
if tf apply -auto-approve -no-color -input=false > "$WORK/apply.log" 2>&1; then
    pass "terraform apply ($((SECONDS - t)) s, $(grep -c ': Creation complete' "$WORK/apply.log") resources)"
    APPLIED=1
else
    tf_errors "$WORK/apply.log"; fail "terraform apply"
fi

# Work in a member account as the CLI would: assume OrganizationAccountAccessRole with the admin user's keys.
in_member() { # account -> sets MEMBER_ENV to env assignments for that account's role
    local c
    c="$(AWS_SHARED_CREDENTIALS_FILE="$WORK/tf-credentials" awsx sts assume-role \
        --role-arn "arn:aws:iam::$1:role/OrganizationAccountAccessRole" --role-session-name "e2e-check" \
        --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')"
    read -r MK MS MT <<<"$c"
}
member_aws() { # account args... (after in_member)
    AWS_ACCESS_KEY_ID="$MK" AWS_SECRET_ACCESS_KEY="$MS" AWS_SESSION_TOKEN="$MT" awsx "$@"
}

if [ "$APPLIED" = 1 ]; then
    expect_eq "output central_account_id is the management account" "$MANAGEMENT" "$(tf_out central_account_id)"
    for acct in "$DEV_A" "$DEV_B" "$PROD"; do
        in_member "$acct"
        expect_eq "$acct: roles from role_list (poweruser disabled)" "OrganizationAccountAccessRole	admin	readonly" \
            "$(member_aws iam list-roles --query 'sort(Roles[].RoleName)')"
        expect_eq "$acct: admin role policies" \
            "arn:aws:iam::$acct:policy/deny-db-deletion	arn:aws:iam::$acct:policy/region-restriction	arn:aws:iam::aws:policy/AdministratorAccess" \
            "$(member_aws iam list-attached-role-policies --role-name admin --query 'sort(AttachedPolicies[].PolicyArn)')"
        expect_eq "$acct: readonly role boundary" "arn:aws:iam::$acct:policy/member-role-boundary" \
            "$(member_aws iam get-role --role-name readonly --query Role.PermissionsBoundary.PermissionsBoundaryArn)"
        expect_eq "$acct: trust policy: the central root with MFA" \
            "arn:aws:iam::$MANAGEMENT:root	true" \
            "$(member_aws iam get-role --role-name admin \
                --query 'Role.AssumeRolePolicyDocument.Statement[0].[Principal.AWS, Condition.Bool."aws:MultiFactorAuthPresent"]')"
    done
    expect_eq "central: one AssumeRole policy per (enabled role, account type)" \
        "assume-admin-dev	assume-admin-prod	assume-readonly-dev	assume-readonly-prod	self-management" \
        "$(awsx iam list-policies --scope Local --path-prefix /cross-account/ --query 'sort(Policies[].PolicyName)')"
    expect_eq "central: assume-admin-dev names exactly the dev accounts' admin roles" \
        "$(printf 'arn:aws:iam::%s:role/admin\n' "$DEV_A" "$DEV_B" | sort | paste -sd '\t')" \
        "$(awsx iam get-policy-version --policy-arn "arn:aws:iam::$MANAGEMENT:policy/cross-account/assume-admin-dev" \
            --version-id v1 --query 'sort(PolicyVersion.Document.Statement[0].Resource)')"
    expect_eq "central: developers group policies" \
        "arn:aws:iam::$MANAGEMENT:policy/cross-account/assume-admin-dev	arn:aws:iam::$MANAGEMENT:policy/cross-account/assume-readonly-prod" \
        "$(awsx iam list-attached-group-policies --group-name developers --query 'sort(AttachedPolicies[].PolicyArn)')"
    expect_eq "central: alice's groups" "developers	self-management" \
        "$(awsx iam list-groups-for-user --user-name alice --query 'sort(Groups[].GroupName)')"
    expect_eq "central: self-management policy keeps \${aws:username}" \
        "arn:aws:iam::$MANAGEMENT:mfa/\${aws:username}" \
        "$(awsx iam get-policy-version --policy-arn "arn:aws:iam::$MANAGEMENT:policy/cross-account/self-management" \
            --version-id v1 --query "PolicyVersion.Document.Statement[?Sid=='AllowManageOwnVirtualMFADevice'] | [0].Resource")"

    tf_plan_empty "after apply"

    # ------------------------------------------------------------------ boto3 checks
    CHECK=(python3 "$SRC/check_access.py" --endpoint "$E2E_ENDPOINT" --credentials-file "$AWS_SHARED_CREDENTIALS_FILE"
           --account-types "$ACCOUNT_TYPES" --user alice --other-user bob --assume admin:dev --readonly readonly:prod
           --unmapped admin:prod --disabled-role poweruser --state "$WORK/check_access.state.json")
    t=$SECONDS
    "${CHECK[@]}" granted > "$WORK/granted.log" 2>&1
    rc=$?
    sed 's/^ok   - /PASS - /' "$WORK/granted.log"
    count_checks "$WORK/granted.log"
    [ $rc -eq 0 ] || grep -q '^FAIL' "$WORK/granted.log" || fail "check_access.py granted exited $rc"
    echo "# check_access.py granted: $((SECONDS - t)) s"

    # ------------------------------------------------------------------ user_map change: alice leaves developers
    t=$SECONDS
    if tf apply -auto-approve -no-color -input=false -var-file=terraform.tfvars.json -var-file=revoked.tfvars.json \
        > "$WORK/apply2.log" 2>&1; then
        pass "terraform apply with alice removed from developers in user_map ($((SECONDS - t)) s)"
        expect_eq "the change was alice's group membership and groups tag only" "0 to add, 2 to change, 0 to destroy" \
            "$(grep -o '[0-9]* to add, [0-9]* to change, [0-9]* to destroy' "$WORK/apply2.log" | tail -n 1)"
        "${CHECK[@]}" revoked > "$WORK/revoked.log" 2>&1
        rc=$?
        sed 's/^ok   - /PASS - /' "$WORK/revoked.log"
        count_checks "$WORK/revoked.log"
        [ $rc -eq 0 ] || grep -q '^FAIL' "$WORK/revoked.log" || fail "check_access.py revoked exited $rc"
        tf_plan_empty "after the user_map change" -var-file=terraform.tfvars.json -var-file=revoked.tfvars.json
    else
        tf_errors "$WORK/apply2.log"; fail "terraform apply with the changed user_map"
    fi
fi

# ------------------------------------------------------------------ destroy
# The user removes the access key and MFA device the checks gave it (unless Terraform force-destroys users).
if [ "$FORCE_DESTROY" != true ] && [ -n "${CHECK[*]:-}" ]; then
    "${CHECK[@]}" cleanup > "$WORK/cleanup.log" 2>&1
    rc=$?
    sed 's/^ok   - /PASS - /' "$WORK/cleanup.log"
    count_checks "$WORK/cleanup.log"
    [ $rc -eq 0 ] || grep -q '^FAIL' "$WORK/cleanup.log" || fail "check_access.py cleanup exited $rc"
fi
t=$SECONDS
if tf destroy -auto-approve -no-color -input=false -var-file=terraform.tfvars.json -var-file=revoked.tfvars.json \
    > "$WORK/destroy.log" 2>&1; then
    pass "terraform destroy ($((SECONDS - t)) s)"
else
    tf_errors "$WORK/destroy.log"; fail "terraform destroy"
fi
expect_eq "central: no users, groups or policies under /cross-account/ and /people/ left" "0 0 0" \
    "$(awsx iam list-users --path-prefix /people/ --query 'length(Users)') $(awsx iam list-groups --path-prefix /cross-account/ --query 'length(Groups)') $(awsx iam list-policies --scope Local --path-prefix /cross-account/ --query 'length(Policies)')"
expect_eq "central: no virtual MFA device left" "0" "$(awsx iam list-virtual-mfa-devices --query 'length(VirtualMFADevices)')"
for acct in "$DEV_A" "$DEV_B" "$PROD"; do
    in_member "$acct"
    expect_eq "$acct: only OrganizationAccountAccessRole left, no local policies" "OrganizationAccountAccessRole 0" \
        "$(member_aws iam list-roles --query 'Roles[].RoleName') $(member_aws iam list-policies --scope Local --query 'length(Policies)')"
done

finish
