#!/usr/bin/env bash
# Terraform (AWS provider 5.100.0 from the offline mirror /opt/tf-plugins): roles (tags, boundary,
# inline_policy block, max session duration), role policies and attachments, instance profiles, OIDC
# providers (with and without thumbprints), a SAML provider (metadata made with openssl at test time),
# service-linked roles, tagged managed policies, the *_exclusive resources of provider 5.x, and the IAM
# data sources (role/roles, user/users, group, instance profile(s), OIDC/SAML provider, session context,
# principal policy simulation, account alias, access keys, caller identity).
# init, apply, verify with the AWS CLI, plan -detailed-exitcode (must be 0 = no changes), destroy, verify
# nothing is left. Uses E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE when set, else starts a server.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_use_or_start_server || exit 1

FAILS=0
S="$(printf '%04x' $((RANDOM)))"
PREFIX="e2erole$S"
ALIAS="e2e-tf-roles-$S"
e2e_tf_workdir terraform-roles
PKI="$WORK/pki"
mkdir -p "$PKI"


# The SAML IdP's signing certificates (the second one for the rotation in revision 2), made now, and
# their metadata documents.
saml_metadata() { # $1 = name
    if ! openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$1.$PREFIX.example.com" \
            -keyout "$PKI/$1.key" -out "$PKI/$1.crt" > "$WORK/pki.log" 2>&1; then
        cat "$WORK/pki.log"; echo "FAIL - openssl"; exit 1
    fi
    local cert
    cert="$(grep -v -- '-----' "$PKI/$1.crt" | tr -d '\n')"
    cat > "$PKI/$1-metadata.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.$PREFIX.example.com/saml">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>$cert</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.$PREFIX.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
XML
}
saml_metadata idp
saml_metadata idp2

# AWSServiceRoleForElasticBeanstalk and AWSServiceRoleForApplicationAutoScaling_CustomResource have fixed
# names (no custom suffix for those services): only managed here when the account does not have them yet,
# so the suite can share a server.
FIXED_SLR=true
for r in AWSServiceRoleForElasticBeanstalk AWSServiceRoleForApplicationAutoScaling_CustomResource; do
    if awsx iam get-role --role-name "$r" > /dev/null 2>&1; then FIXED_SLR=false; fi
done

TFVARS=(-var "endpoint=$E2E_ENDPOINT" -var "prefix=$PREFIX" -var "account_alias=$ALIAS"
        -var "saml_metadata_file=$PKI/idp-metadata.xml" -var "saml_metadata_file_2=$PKI/idp2-metadata.xml"
        -var "fixed_name_slr=$FIXED_SLR")

echo "# target=$E2E_TARGET endpoint=$E2E_ENDPOINT prefix=$PREFIX fixed_name_slr=$FIXED_SLR"

e2e_tf_init_apply terraform-roles.sh "${TFVARS[@]}"

out() { tf_out "$1" 2>&1; }
plan_is_empty() {
    tf plan -detailed-exitcode -no-color "${TFVARS[@]}" > "$WORK/plan.log" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then
        ok "terraform plan -detailed-exitcode: no changes $1"
    else
        grep -E '^\s+[~+-] |will be|must be|Error' "$WORK/plan.log" | head -n 60
        fail "terraform plan -detailed-exitcode exited $rc $1 (2 = changes pending: drift in what the server returns)"
    fi
}

if [ "$APPLIED" = 1 ]; then
    ACCT="$(awsx sts get-caller-identity --query Account)"
    APP_ARN="arn:aws:iam::$ACCT:role/app/$PREFIX-app"
    expect_eq "output account_id is the caller's account" "$ACCT" "$(out account_id)"
    # --- the application role, read back with the CLI
    expect_eq "app role tags" "managed-by=terraform stack=$PREFIX tier=web" \
        "$(awsx iam list-role-tags --role-name "$PREFIX-app" --query 'sort_by(Tags,&Key)[].[Key,Value]' | tr '\t' '=' | tr '\n' ' ' | sed 's/ $//')"
    expect_eq "app role: path, description, max session, boundary" \
        "/app/	Application instances	7200	arn:aws:iam::$ACCT:policy/boundaries/$PREFIX-boundary" \
        "$(awsx iam get-role --role-name "$PREFIX-app" --query 'Role.[Path,Description,MaxSessionDuration,PermissionsBoundary.PermissionsBoundaryArn]')"
    expect_eq "app role inline_policy block" "$PREFIX-app-params" \
        "$(awsx iam list-role-policies --role-name "$PREFIX-app" --query PolicyNames)"
    expect_eq "app role attached policy" "arn:aws:iam::$ACCT:policy/app/$PREFIX-app-read" \
        "$(awsx iam list-attached-role-policies --role-name "$PREFIX-app" --query 'AttachedPolicies[].PolicyArn')"
    expect_eq "instance profile's role" "$PREFIX-app	$APP_ARN" \
        "$(awsx iam get-instance-profile --instance-profile-name "$PREFIX-app" --query 'InstanceProfile.Roles[].[RoleName,Arn]')"
    expect_eq "instance profiles for the role" "$PREFIX-app" \
        "$(awsx iam list-instance-profiles-for-role --role-name "$PREFIX-app" --query 'InstanceProfiles[].InstanceProfileName')"
    expect_eq "policy tags and path" "/boundaries/	boundary" \
        "$(awsx iam get-policy --policy-arn "arn:aws:iam::$ACCT:policy/boundaries/$PREFIX-boundary" --query 'Policy.[Path, Tags[?Key==`kind`] | [0].Value]')"
    # --- exclusive management
    expect_eq "worker role inline policies" "$PREFIX-worker-kms	$PREFIX-worker-queue" \
        "$(awsx iam list-role-policies --role-name "$PREFIX-worker" --query 'sort(PolicyNames)')"
    expect_eq "worker role attachments" "arn:aws:iam::$ACCT:policy/app/$PREFIX-logs-write	arn:aws:iam::aws:policy/ReadOnlyAccess" \
        "$(awsx iam list-attached-role-policies --role-name "$PREFIX-worker" --query 'sort(AttachedPolicies[].PolicyArn)')"
    expect_eq "deployer inline + attached" "$PREFIX-pass-app-role arn:aws:iam::$ACCT:policy/app/$PREFIX-app-read" \
        "$(awsx iam list-user-policies --user-name "$PREFIX-deployer" --query PolicyNames) $(awsx iam list-attached-user-policies --user-name "$PREFIX-deployer" --query 'AttachedPolicies[].PolicyArn')"
    expect_eq "ops group inline + attached" "$PREFIX-ops-describe arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" \
        "$(awsx iam list-group-policies --group-name "$PREFIX-ops" --query PolicyNames) $(awsx iam list-attached-group-policies --group-name "$PREFIX-ops" --query 'AttachedPolicies[].PolicyArn')"
    # --- identity providers
    CI_OIDC="arn:aws:iam::$ACCT:oidc-provider/$PREFIX.ci.example.com/oidc"
    expect_eq "OIDC thumbprints" "1c58a3a8518e8759bf075b76b750d4f2df264fcd	6938fd4d98bab03faadb97b34396831e3780aea1" \
        "$(awsx iam get-open-id-connect-provider --open-id-connect-provider-arn "$CI_OIDC" --query 'sort(ThumbprintList)' 2>&1)"
    expect_eq "OIDC client ids and tag" "$PREFIX-ci	sts.amazonaws.com ci" \
        "$(awsx iam get-open-id-connect-provider --open-id-connect-provider-arn "$CI_OIDC" --query 'sort(ClientIDList)' 2>&1) $(awsx iam list-open-id-connect-provider-tags --open-id-connect-provider-arn "$CI_OIDC" --query 'Tags[?Key==`idp`].Value' 2>&1)"
    expect_eq "SAML provider listed" "1" \
        "$(awsx iam list-saml-providers --query "length(SAMLProviderList[?Arn=='arn:aws:iam::$ACCT:saml-provider/$PREFIX-corp-idp'])")"
    expect_eq "service-linked role with custom suffix" "AWSServiceRoleForAutoScaling_$PREFIX	/aws-service-role/autoscaling.amazonaws.com/" \
        "$(out autoscaling_slr_name)	$(out autoscaling_slr_path)"
    if [ "$FIXED_SLR" = true ]; then
        expect_eq "fixed-name service-linked roles (custom_suffix read back)" \
            "AWSServiceRoleForElasticBeanstalk,AWSServiceRoleForApplicationAutoScaling_CustomResource,CustomResource" "$(out fixed_name_slrs)"
        expect_eq "custom-resource service-linked role: path, trust" \
            "/aws-service-role/custom-resource.application-autoscaling.amazonaws.com/	custom-resource.application-autoscaling.amazonaws.com" \
            "$(awsx iam get-role --role-name AWSServiceRoleForApplicationAutoScaling_CustomResource --query 'Role.[Path, AssumeRolePolicyDocument.Statement[0].Principal.Service]' 2>&1)"
    fi
    expect_eq "service-linked role description" "Auto Scaling for $PREFIX" \
        "$(awsx iam get-role --role-name "AWSServiceRoleForAutoScaling_$PREFIX" --query Role.Description 2>&1)"
    # --- data sources, through outputs
    expect_eq "data aws_iam_role: arn, max session, boundary, tag" \
        "$APP_ARN 7200 arn:aws:iam::$ACCT:policy/boundaries/$PREFIX-boundary web" \
        "$(out app_role_arn) $(out app_role_max_session_duration) $(out app_role_boundary) $(out app_role_tier_tag)"
    DEPLOY_ROLE="$(out deploy_role_name)"
    expect_eq "data aws_iam_roles (name_regex)" "$PREFIX-app,$PREFIX-ci,$DEPLOY_ROLE,$PREFIX-sso-admin,$PREFIX-worker" "$(out prefixed_role_names)"
    expect_eq "deploy role (name_prefix) trusts the deploy user" "arn:aws:iam::$ACCT:user/machines/$PREFIX-deployer" \
        "$(awsx iam get-role --role-name "$DEPLOY_ROLE" --query 'Role.AssumeRolePolicyDocument.Statement[0].Principal.AWS' 2>&1)"
    expect_eq "a trust policy naming a missing role is refused (Invalid principal)" \
        "MalformedPolicyDocument Invalid principal in policy: \"AWS\":\"arn:aws:iam::$ACCT:role/$PREFIX-missing\"" \
        "$(awsx iam update-assume-role-policy --role-name "$DEPLOY_ROLE" --policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$ACCT:role/$PREFIX-missing\"},\"Action\":\"sts:AssumeRole\"}]}" 2>&1 | sed -n 's/.*(\(MalformedPolicyDocument\)) when calling the UpdateAssumeRolePolicy operation: /\1 /p')"
    expect_eq "data aws_iam_roles (path_prefix)" "$PREFIX-app" "$(out app_path_role_names)"
    expect_eq "data aws_iam_roles (service-linked path)" "AWSServiceRoleForAutoScaling_$PREFIX" "$(out service_linked_role_names)"
    expect_eq "data aws_iam_user" "arn:aws:iam::$ACCT:user/machines/$PREFIX-deployer deploy" \
        "$(out deployer_arn) $(out deployer_role_tag)"
    expect_eq "data aws_iam_users" "$PREFIX-deployer" "$(out machine_user_names)"
    expect_eq "data aws_iam_group: members, arn" "$PREFIX-deployer arn:aws:iam::$ACCT:group/teams/$PREFIX-ops" \
        "$(out ops_group_members) $(out ops_group_arn)"
    expect_eq "data aws_iam_instance_profile: role" "$PREFIX-app $APP_ARN" \
        "$(out instance_profile_role_name) $(out instance_profile_role_arn)"
    expect_eq "data aws_iam_instance_profiles (role_name)" "$PREFIX-app" "$(out instance_profiles_for_app_role)"
    expect_eq "data aws_iam_openid_connect_provider (arn): thumbprints" \
        "1c58a3a8518e8759bf075b76b750d4f2df264fcd,6938fd4d98bab03faadb97b34396831e3780aea1" "$(out ci_oidc_thumbprints)"
    expect_eq "data aws_iam_openid_connect_provider (arn): client ids, tag" "$PREFIX-ci,sts.amazonaws.com ci" \
        "$(out ci_oidc_client_ids) $(out ci_oidc_idp_tag)"
    expect_eq "data aws_iam_openid_connect_provider (url): arn" \
        "arn:aws:iam::$ACCT:oidc-provider/oidc.$PREFIX.example.com/id/CLUSTER" "$(out cluster_oidc_arn)"
    expect_eq "data aws_iam_saml_provider" "$PREFIX-corp-idp true" \
        "$(out saml_provider_name) $(out saml_provider_valid_until_set)"
    expect_eq "data aws_iam_session_context (assumed role)" "$APP_ARN $PREFIX-app i-0123456789abcdef0" \
        "$(out session_issuer_arn) $(out session_issuer_name) $(out session_name)"
    expect_eq "data aws_iam_session_context (caller)" "$(awsx sts get-caller-identity --query Arn)" "$(out caller_issuer_arn)"
    expect_eq "simulation: s3:GetObject allowed for the app role" "true allowed" \
        "$(out sim_get_object_allowed) $(out sim_get_object_decision)"
    expect_eq "simulation: iam:CreateUser and s3:DeleteBucket denied" \
        "false iam:CreateUser=explicitDeny,s3:DeleteBucket=implicitDeny" \
        "$(out sim_denied_all_allowed) $(out sim_denied_decisions)"
    expect_eq "data aws_iam_account_alias" "$ALIAS" "$(out account_alias)"
    expect_eq "data aws_iam_access_keys" "$(out deployer_access_key_id) Active" \
        "$(out deployer_access_key_ids) $(out deployer_access_key_status)"

    plan_is_empty "after apply"

    # --- out-of-band changes: the exclusive resources (and the role's inline_policy block) must see
    # them as drift and undo them
    DOC='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    ADMIN=arn:aws:iam::aws:policy/AdministratorAccess
    drift_ok=1
    for cmd in "put-role-policy --role-name $PREFIX-worker --policy-name $PREFIX-rogue --policy-document $DOC" \
               "attach-role-policy --role-name $PREFIX-worker --policy-arn $ADMIN" \
               "put-role-policy --role-name $PREFIX-app --policy-name $PREFIX-rogue --policy-document $DOC" \
               "put-user-policy --user-name $PREFIX-deployer --policy-name $PREFIX-rogue --policy-document $DOC" \
               "attach-user-policy --user-name $PREFIX-deployer --policy-arn $ADMIN" \
               "put-group-policy --group-name $PREFIX-ops --policy-name $PREFIX-rogue --policy-document $DOC" \
               "attach-group-policy --group-name $PREFIX-ops --policy-arn $ADMIN"; do
        # shellcheck disable=SC2086
        awsx iam $cmd > "$WORK/drift.log" 2>&1 || { cat "$WORK/drift.log"; drift_ok=0; }
    done
    [ "$drift_ok" = 1 ] && ok "out-of-band policies added" || fail "out-of-band policies added"
    tf plan -detailed-exitcode -no-color "${TFVARS[@]}" > "$WORK/plan-drift.log" 2>&1
    rc=$?
    expect_eq "plan sees the out-of-band policies (exit 2)" "2" "$rc"
    expect_eq "drift reported on the 7 exclusive owners" "aws_iam_group_policies_exclusive.ops aws_iam_group_policy_attachments_exclusive.ops aws_iam_role.app aws_iam_role_policies_exclusive.worker aws_iam_role_policy_attachments_exclusive.worker aws_iam_user_policies_exclusive.deployer aws_iam_user_policy_attachments_exclusive.deployer" \
        "$(grep -oE '^  # [a-z_.]+ will be updated in-place' "$WORK/plan-drift.log" | awk '{print $2}' | sort | tr '\n' ' ' | sed 's/ $//')"
    if tf apply -auto-approve -no-color "${TFVARS[@]}" > "$WORK/apply-drift.log" 2>&1; then
        ok "terraform apply undoes the drift"
    else
        { grep -A8 '^Error' "$WORK/apply-drift.log" || tail -n 40 "$WORK/apply-drift.log"; } | head -n 80; fail "terraform apply undoes the drift"
    fi
    expect_eq "worker role back to its own policies" "$PREFIX-worker-kms	$PREFIX-worker-queue arn:aws:iam::$ACCT:policy/app/$PREFIX-logs-write	arn:aws:iam::aws:policy/ReadOnlyAccess" \
        "$(awsx iam list-role-policies --role-name "$PREFIX-worker" --query 'sort(PolicyNames)') $(awsx iam list-attached-role-policies --role-name "$PREFIX-worker" --query 'sort(AttachedPolicies[].PolicyArn)')"
    expect_eq "app role back to its inline_policy block" "$PREFIX-app-params" \
        "$(awsx iam list-role-policies --role-name "$PREFIX-app" --query PolicyNames)"
    expect_eq "deployer back to its own policies" "$PREFIX-pass-app-role arn:aws:iam::$ACCT:policy/app/$PREFIX-app-read" \
        "$(awsx iam list-user-policies --user-name "$PREFIX-deployer" --query PolicyNames) $(awsx iam list-attached-user-policies --user-name "$PREFIX-deployer" --query 'AttachedPolicies[].PolicyArn')"
    expect_eq "ops group back to its own policies" "$PREFIX-ops-describe arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" \
        "$(awsx iam list-group-policies --group-name "$PREFIX-ops" --query PolicyNames) $(awsx iam list-attached-group-policies --group-name "$PREFIX-ops" --query 'AttachedPolicies[].PolicyArn')"
    plan_is_empty "after undoing the drift"

    # --- revision 2: updates in place
    TFVARS+=(-var "revision=2")
    if tf apply -auto-approve -no-color "${TFVARS[@]}" > "$WORK/apply-2.log" 2>&1; then
        ok "terraform apply (revision 2: updates)"
    else
        { grep -A8 '^Error' "$WORK/apply-2.log" || tail -n 40 "$WORK/apply-2.log"; } | head -n 80; fail "terraform apply (revision 2: updates)"
    fi
    expect_eq "updated in place, nothing replaced" "" \
        "$(grep -oE '^  # [a-z_.\[\]0-9"]+ must be replaced' "$WORK/apply-2.log" 2>/dev/null; grep -oE 'Destroying\.\.\. \[id=[^]]*\]' "$WORK/apply-2.log" | grep -v worker-kms)"
    expect_eq "app role r2: description, max session, tags" \
        "Application instances and tasks	3600 managed-by=terraform owner=team-a stack=$PREFIX tier=api" \
        "$(awsx iam get-role --role-name "$PREFIX-app" --query 'Role.[Description,MaxSessionDuration]') $(awsx iam list-role-tags --role-name "$PREFIX-app" --query 'sort_by(Tags,&Key)[].[Key,Value]' | tr '\t' '=' | tr '\n' ' ' | sed 's/ $//')"
    expect_eq "app role r2: trust policy has ecs-tasks" "ecs-tasks.amazonaws.com" \
        "$(awsx iam get-role --role-name "$PREFIX-app" --query "Role.AssumeRolePolicyDocument.Statement[?Sid=='EcsTasks'].Principal.Service")"
    expect_eq "instance profile r2: the worker role" "$PREFIX-worker" \
        "$(awsx iam get-instance-profile --instance-profile-name "$PREFIX-app" --query 'InstanceProfile.Roles[].RoleName')"
    expect_eq "data aws_iam_instance_profiles r2 (worker role)" "$PREFIX-app" "$(out instance_profiles_for_app_role)"
    expect_eq "OIDC r2: thumbprints, client ids, tag" "1c58a3a8518e8759bf075b76b750d4f2df264fcd $PREFIX-ci	$PREFIX-ci-2	sts.amazonaws.com ci-2" \
        "$(awsx iam get-open-id-connect-provider --open-id-connect-provider-arn "$CI_OIDC" --query 'sort(ThumbprintList)' 2>&1) $(awsx iam get-open-id-connect-provider --open-id-connect-provider-arn "$CI_OIDC" --query 'sort(ClientIDList)' 2>&1) $(awsx iam list-open-id-connect-provider-tags --open-id-connect-provider-arn "$CI_OIDC" --query 'Tags[?Key==`idp`].Value' 2>&1)"
    expect_eq "SAML r2: metadata has the new certificate" "1" \
        "$(out saml_metadata_document | grep -c "$(grep -v -- '-----' "$PKI/idp2.crt" | tr -d '\n' | cut -c 1-200)")"
    expect_eq "policy r2: a new default version" "v2	s3:GetObject	s3:GetObjectVersion" \
        "$(awsx iam get-policy-version --policy-arn "arn:aws:iam::$ACCT:policy/app/$PREFIX-app-read" --version-id v2 --query "PolicyVersion.[VersionId, Document.Statement[?Sid=='Read'] | [0].Action]" 2>&1 | tr '\n' '\t' | sed 's/\t$//')"
    expect_eq "service-linked role r2: description, tag" "Auto Scaling for $PREFIX (2) 2" \
        "$(awsx iam get-role --role-name "AWSServiceRoleForAutoScaling_$PREFIX" --query Role.Description 2>&1) $(awsx iam list-role-tags --role-name "AWSServiceRoleForAutoScaling_$PREFIX" --query 'Tags[?Key==`rev`].Value' 2>&1)"
    expect_eq "worker role r2: one inline policy" "$PREFIX-worker-queue" \
        "$(awsx iam list-role-policies --role-name "$PREFIX-worker" --query 'sort(PolicyNames)')"
    plan_is_empty "after revision 2"
fi

if tf destroy -auto-approve -no-color "${TFVARS[@]}" > "$WORK/destroy.log" 2>&1; then
    ok "terraform destroy"
else
    { grep -A6 '^Error' "$WORK/destroy.log" || tail -n 30 "$WORK/destroy.log"; } | head -n 80; fail "terraform destroy"
fi
expect_eq "no roles left after destroy" "0" \
    "$(awsx iam list-roles --query "length(Roles[?contains(RoleName, '$PREFIX')])")"
expect_eq "no users, groups, policies left" "0 0 0" \
    "$(awsx iam list-users --query "length(Users[?starts_with(UserName, '$PREFIX-')])") $(awsx iam list-groups --query "length(Groups[?starts_with(GroupName, '$PREFIX-')])") $(awsx iam list-policies --scope Local --query "length(Policies[?starts_with(PolicyName, '$PREFIX-')])")"
expect_eq "no instance profiles left" "0" \
    "$(awsx iam list-instance-profiles --query "length(InstanceProfiles[?starts_with(InstanceProfileName, '$PREFIX-')])")"
expect_eq "no OIDC / SAML providers left" "0 0" \
    "$(awsx iam list-open-id-connect-providers --query "length(OpenIDConnectProviderList[?contains(Arn, '$PREFIX')])") $(awsx iam list-saml-providers --query "length(SAMLProviderList[?contains(Arn, '$PREFIX')])")"
if [ "$FIXED_SLR" = true ]; then
    expect_eq "fixed-name service-linked roles removed" "NoSuchEntity NoSuchEntity" \
        "$(awsx iam get-role --role-name AWSServiceRoleForElasticBeanstalk 2>&1 | grep -o NoSuchEntity | head -1) $(awsx iam get-role --role-name AWSServiceRoleForApplicationAutoScaling_CustomResource 2>&1 | grep -o NoSuchEntity | head -1)"
fi
expect_eq "account alias removed" "" "$(awsx iam list-account-aliases --query AccountAliases)"

echo "# terraform-roles.sh: $FAILS failed checks"
[ "$FAILS" -eq 0 ]
