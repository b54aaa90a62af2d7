#!/usr/bin/env bash
# Terraform (AWS provider 5.100.0 from the offline mirror /opt/tf-plugins) with the remaining credential
# types: aws_iam_virtual_mfa_device, aws_iam_user_ssh_key (SSH and PEM encodings), aws_iam_signing_certificate,
# aws_iam_server_certificate, aws_iam_service_specific_credential (CodeCommit) and
# aws_iam_account_password_policy. SSH keys (ssh-keygen) and certificates (openssl) are made at test time.
# init, apply, verify with the AWS CLI, plan -detailed-exitcode (must be 0 = no changes), destroy, verify
# nothing is left. Uses E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE when set, else starts a server.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_use_or_start_server || exit 1

FAILS=0
S="$(printf '%04x' $((RANDOM)))"
PREFIX="e2ecred$S"
e2e_tf_workdir terraform-credentials
PKI="$WORK/pki"
mkdir -p "$PKI"


# Key material, made now: two SSH keys, a certificate for signing, a certificate + key for the server.
gen() { "$@" > "$WORK/pki.log" 2>&1 || { cat "$WORK/pki.log"; echo "FAIL - $*"; exit 1; }; }
gen ssh-keygen -q -t rsa -b 2048 -N "" -C "e2e-1" -f "$PKI/id_rsa"
gen ssh-keygen -q -t rsa -b 2048 -N "" -C "e2e-2" -f "$PKI/id_rsa_2"
gen openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$PREFIX-signing" \
    -keyout "$PKI/signing.key" -out "$PKI/signing.crt"
gen openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$PREFIX.example.com" \
    -keyout "$PKI/server.key" -out "$PKI/server.crt"
gen sh -c "ssh-keygen -e -m PKCS8 -f '$PKI/id_rsa_2.pub' > '$PKI/id_rsa_2.pem'"
SSH_FP="$(ssh-keygen -l -E md5 -f "$PKI/id_rsa.pub" | awk '{print $2}' | sed 's/^MD5://')"

TFVARS=(-var "endpoint=$E2E_ENDPOINT" -var "prefix=$PREFIX" -var "pki_dir=$PKI"
        -var "ssh_public_key=$(cat "$PKI/id_rsa.pub")" -var "ssh_public_key_2_pem=$(cat "$PKI/id_rsa_2.pem")")
# moto lacks ListServiceSpecificCredentials, which force_destroy calls (see terraform.sh).
FORCE_DESTROY="${E2E_TF_FORCE_DESTROY:-$([ "$E2E_TARGET" = moto ] && echo false || echo true)}"
TFVARS+=(-var "force_destroy=$FORCE_DESTROY")
USER="$PREFIX-dev"

echo "# target=$E2E_TARGET endpoint=$E2E_ENDPOINT prefix=$PREFIX force_destroy=$FORCE_DESTROY"

e2e_tf_init_apply terraform-credentials.sh "${TFVARS[@]}"

if [ "$APPLIED" = 1 ]; then
    ACCT="$(awsx sts get-caller-identity --query Account)"
    SERIAL="arn:aws:iam::$ACCT:mfa/engineering/$PREFIX-dev-mfa"
    expect_eq "virtual MFA device ARN (path kept)" "$SERIAL" "$(tf_out mfa_serial)"
    expect_eq "virtual MFA device listed as Unassigned" "$SERIAL" \
        "$(awsx iam list-virtual-mfa-devices --assignment-status Unassigned --query "VirtualMFADevices[?SerialNumber=='$SERIAL'].SerialNumber")"
    expect_eq "base32 seed returned at creation (64 characters, as AWS)" "64" "$(tf_out mfa_seed_length)"
    expect_eq "virtual MFA device tags" "owner=$USER" \
        "$(awsx iam list-mfa-device-tags --serial-number "$SERIAL" --query 'Tags[].[Key,Value]' | tr '\t' '=')"

    SSH_ID="$(tf_out ssh_key_id)"
    expect_eq "SSH key fingerprint (MD5 of the key, as ssh-keygen -E md5)" "$SSH_FP" "$(tf_out ssh_fingerprint)"
    expect_eq "SSH keys of the user: one Active, one Inactive" "Active	Inactive" \
        "$(awsx iam list-ssh-public-keys --user-name "$USER" --query 'sort(SSHPublicKeys[].Status)' 2>&1)"
    expect_eq "SSH key body in SSH encoding" "$(cut -d' ' -f1,2 "$PKI/id_rsa.pub")" \
        "$(awsx iam get-ssh-public-key --user-name "$USER" --ssh-public-key-id "$SSH_ID" --encoding SSH \
            --query SSHPublicKey.SSHPublicKeyBody | cut -d' ' -f1,2)"

    PEM_ID="$(awsx iam list-ssh-public-keys --user-name "$USER" --query "SSHPublicKeys[?SSHPublicKeyId!='$SSH_ID'].SSHPublicKeyId")"
    expect_eq "SSH key body in PEM encoding (as ssh-keygen -e -m PKCS8)" "$(cat "$PKI/id_rsa_2.pem")" \
        "$(awsx iam get-ssh-public-key --user-name "$USER" --ssh-public-key-id "$PEM_ID" --encoding PEM \
            --query SSHPublicKey.SSHPublicKeyBody)"

    CERT_ID="$(tf_out signing_certificate_id)"
    expect_eq "signing certificate listed, Active" "$CERT_ID	Active" \
        "$(awsx iam list-signing-certificates --user-name "$USER" --query 'Certificates[].[CertificateId,Status]' 2>&1)"

    expect_eq "server certificate ARN (path kept)" "arn:aws:iam::$ACCT:server-certificate/cloudfront/e2e/$PREFIX-web" \
        "$(tf_out server_certificate_arn)"
    expect_eq "server certificate body as uploaded" "$(openssl x509 -in "$PKI/server.crt" -outform DER | sha256sum)" \
        "$(awsx iam get-server-certificate --server-certificate-name "$PREFIX-web" \
            --query ServerCertificate.CertificateBody | openssl x509 -outform DER 2>&1 | sha256sum)"
    expect_eq "server certificate expiration = the certificate's notAfter" \
        "$(date -u -d "$(openssl x509 -in "$PKI/server.crt" -noout -enddate | cut -d= -f2)" +%s)" \
        "$(date -u -d "$(tf_out server_certificate_expiration)" +%s)"
    expect_eq "server certificate tags" "managed-by=terraform" \
        "$(awsx iam list-server-certificate-tags --server-certificate-name "$PREFIX-web" --query 'Tags[].[Key,Value]' | tr '\t' '=')"

    expect_eq "CodeCommit credential user name" "$USER-at-$ACCT" "$(tf_out codecommit_user_name)"
    if [ "$(tf_out codecommit_password_length)" -ge 20 ]; then ok "CodeCommit password returned at creation"
    else fail "CodeCommit password returned at creation (length $(tf_out codecommit_password_length))"; fi
    expect_eq "service-specific credentials: one Active, one Inactive" "Active	Inactive" \
        "$(awsx iam list-service-specific-credentials --user-name "$USER" --service-name codecommit.amazonaws.com \
            --query 'sort(ServiceSpecificCredentials[].Status)' 2>&1)"

    expect_eq "password policy" "16	True	True	True	True	True	90	24	True" \
        "$(awsx iam get-account-password-policy --query 'PasswordPolicy.[MinimumPasswordLength,RequireLowercaseCharacters,RequireUppercaseCharacters,RequireNumbers,RequireSymbols,AllowUsersToChangePassword,MaxPasswordAge,PasswordReusePrevention,ExpirePasswords]' 2>&1)"

    tf plan -detailed-exitcode -no-color "${TFVARS[@]}" > "$WORK/plan.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "terraform plan -detailed-exitcode: no changes after apply"
    else
        grep -E '^\s+[~+-] |will be|must be|Error' "$WORK/plan.log" | head -n 60
        fail "terraform plan -detailed-exitcode exited $rc (2 = changes pending: drift in what the server returns)"
    fi
fi

if tf destroy -auto-approve -no-color "${TFVARS[@]}" > "$WORK/destroy.log" 2>&1; then
    ok "terraform destroy"
else
    { grep -A4 '^Error' "$WORK/destroy.log" || tail -n 30 "$WORK/destroy.log"; } | head -n 60; fail "terraform destroy"
fi
expect_eq "user removed" "NoSuchEntity" "$(awsx iam get-user --user-name "$USER" 2>&1 | grep -o NoSuchEntity | head -1)"
expect_eq "no virtual MFA devices left" "0" \
    "$(awsx iam list-virtual-mfa-devices --query "length(VirtualMFADevices[?contains(SerialNumber, '$PREFIX')])")"
expect_eq "no server certificates left" "0" \
    "$(awsx iam list-server-certificates --query "length(ServerCertificateMetadataList[?starts_with(ServerCertificateName, '$PREFIX')])")"
expect_eq "no users with the prefix left" "0" \
    "$(awsx iam list-users --query "length(Users[?starts_with(UserName, '$PREFIX')])")"
expect_eq "password policy removed" "NoSuchEntity" \
    "$(awsx iam get-account-password-policy 2>&1 | grep -o NoSuchEntity | head -1)"
# The user is gone, so its SSH keys, signing certificates and service credentials must be too: the same
# certificate and SSH key are accepted again by a new user (DuplicateCertificate is account-wide).
awsx iam create-user --user-name "$USER-again" > /dev/null
expect_eq "signing certificate deleted (uploadable again)" "Active" \
    "$(awsx iam upload-signing-certificate --user-name "$USER-again" --certificate-body "file://$PKI/signing.crt" \
        --query Certificate.Status 2>&1)"
awsx iam list-signing-certificates --user-name "$USER-again" --query 'Certificates[].CertificateId' | tr '\t' '\n' |
    while read -r id; do [ -n "$id" ] && awsx iam delete-signing-certificate --user-name "$USER-again" --certificate-id "$id"; done
awsx iam delete-user --user-name "$USER-again"

echo "# terraform-credentials.sh: $FAILS failed checks"
[ "$FAILS" -eq 0 ]
