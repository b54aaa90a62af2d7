#!/usr/bin/env bash
# Terraform's aws_organizations_organization / _organizational_unit / _account / _policy /
# _policy_attachment against iamd (provider 5.100.0 from the offline mirror): init, apply, checks
# with the aws CLI, plan -detailed-exitcode (0 = no changes), destroy, nothing left.
# Uses E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE when set, else starts a server.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_use_or_start_server || exit 1
FAILS=0
e2e_tf_workdir terraform-organizations
VARS=(-var "endpoint=$E2E_ENDPOINT")

if tf init -input=false -no-color > "$WORK/init.log" 2>&1; then ok "terraform init"; else cat "$WORK/init.log"; fail "terraform init"; fi
if tf apply -auto-approve -input=false -no-color "${VARS[@]}" > "$WORK/apply.log" 2>&1; then
    ok "terraform apply"
else
    tail -40 "$WORK/apply.log"; fail "terraform apply"
fi
expect_eq "two accounts in the organization" "2" \
    "$(awsx organizations list-accounts --query 'length(Accounts)' 2>&1)"
expect_eq "SCPs enabled on the root" "SERVICE_CONTROL_POLICY" \
    "$(awsx organizations list-roots --query 'Roots[0].PolicyTypes[0].Type' 2>&1)"
OU="$(awsx organizations list-organizational-units-for-parent \
    --parent-id "$(awsx organizations list-roots --query 'Roots[0].Id')" --query 'OrganizationalUnits[0].Id' 2>&1)"
expect_eq "the SCP is attached to the OU" "deny-create-user" \
    "$(awsx organizations list-policies-for-target --target-id "$OU" --filter SERVICE_CONTROL_POLICY \
        --query "Policies[?Name=='deny-create-user'].Name" 2>&1)"
expect_eq "centralized root access features enabled" "RootCredentialsManagement	RootSessions" \
    "$(awsx iam list-organizations-features --query 'EnabledFeatures' 2>&1)"
expect_eq "global endpoint token version 2" "2" \
    "$(awsx iam get-account-summary --query 'SummaryMap.GlobalEndpointTokenVersion' 2>&1)"
tf plan -detailed-exitcode -input=false -no-color "${VARS[@]}" > "$WORK/plan.log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then ok "plan after apply: no changes"; else grep -E "~|\+|-/\+|will be" "$WORK/plan.log" | head -30; fail "plan after apply (exit $rc)"; fi
if tf destroy -auto-approve -input=false -no-color "${VARS[@]}" > "$WORK/destroy.log" 2>&1; then
    ok "terraform destroy"
else
    tail -40 "$WORK/destroy.log"; fail "terraform destroy"
fi
expect_eq "no organization left" "AWSOrganizationsNotInUseException" \
    "$(awsx organizations describe-organization 2>&1 | grep -o AWSOrganizationsNotInUseException | head -1)"
echo "# terraform-organizations.sh: $FAILS failed"
[ "$FAILS" -eq 0 ]
