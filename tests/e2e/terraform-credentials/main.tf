# The remaining credential types of a user, and the account's password policy, through Terraform's AWS
# provider: a virtual MFA device, an SSH public key, a signing certificate, a server certificate, a
# service-specific credential (CodeCommit) and aws_iam_account_password_policy.
# Driven by ../terraform-credentials.sh, which makes the SSH key (ssh-keygen) and the certificates and
# private key (openssl) at test time.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type        = string
  description = "IAM/STS endpoint URL"
}

variable "prefix" {
  type = string
}

variable "ssh_public_key" {
  type        = string
  description = "An ssh-rsa public key (one line, as in id_rsa.pub)"
}

variable "ssh_public_key_2_pem" {
  type        = string
  description = "A second public key in PEM (ssh-keygen -e -m PKCS8): with encoding = PEM, the provider compares the configured key with the PEM that GetSSHPublicKey returns"
}

variable "pki_dir" {
  type        = string
  description = "Directory with signing.crt, server.crt and server.key (PEM)"
}

variable "force_destroy" {
  type    = bool
  default = true
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = false
  skip_requesting_account_id  = false
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    iam = var.endpoint
    sts = var.endpoint
  }
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 16
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  max_password_age               = 90
  password_reuse_prevention      = 24
  hard_expiry                    = false
}

resource "aws_iam_user" "dev" {
  name          = "${var.prefix}-dev"
  path          = "/engineering/"
  force_destroy = var.force_destroy
  tags          = { managed-by = "terraform" }
}

resource "aws_iam_virtual_mfa_device" "dev" {
  virtual_mfa_device_name = "${var.prefix}-dev-mfa"
  path                    = "/engineering/"
  tags                    = { owner = aws_iam_user.dev.name }
}

resource "aws_iam_user_ssh_key" "dev" {
  username   = aws_iam_user.dev.name
  encoding   = "SSH"
  public_key = var.ssh_public_key
}

# A second key, uploaded and read back in PEM encoding, and inactive.
resource "aws_iam_user_ssh_key" "dev_pem" {
  username   = aws_iam_user.dev.name
  encoding   = "PEM"
  public_key = var.ssh_public_key_2_pem
  status     = "Inactive"
}

resource "aws_iam_signing_certificate" "dev" {
  user_name        = aws_iam_user.dev.name
  certificate_body = file("${var.pki_dir}/signing.crt")
  status           = "Active"
}

resource "aws_iam_server_certificate" "web" {
  name             = "${var.prefix}-web"
  path             = "/cloudfront/e2e/"
  certificate_body = file("${var.pki_dir}/server.crt")
  private_key      = file("${var.pki_dir}/server.key")
  tags             = { managed-by = "terraform" }
}

resource "aws_iam_service_specific_credential" "codecommit" {
  service_name = "codecommit.amazonaws.com"
  user_name    = aws_iam_user.dev.name
}

# The user's second CodeCommit credential (created after the first: its user name is NAME+1-at-ACCOUNT).
resource "aws_iam_service_specific_credential" "codecommit_inactive" {
  service_name = "codecommit.amazonaws.com"
  user_name    = aws_iam_user.dev.name
  status       = "Inactive"

  depends_on = [aws_iam_service_specific_credential.codecommit]
}

output "mfa_serial" {
  value = aws_iam_virtual_mfa_device.dev.arn
}

output "mfa_seed_length" {
  value = nonsensitive(length(aws_iam_virtual_mfa_device.dev.base_32_string_seed))
}

output "ssh_key_id" {
  value = aws_iam_user_ssh_key.dev.ssh_public_key_id
}

output "ssh_fingerprint" {
  value = aws_iam_user_ssh_key.dev.fingerprint
}

output "signing_certificate_id" {
  value = aws_iam_signing_certificate.dev.certificate_id
}

output "server_certificate_arn" {
  value = aws_iam_server_certificate.web.arn
}

output "server_certificate_expiration" {
  value = aws_iam_server_certificate.web.expiration
}

output "codecommit_user_name" {
  value = aws_iam_service_specific_credential.codecommit.service_user_name
}

output "codecommit_credential_id" {
  value = aws_iam_service_specific_credential.codecommit.service_specific_credential_id
}

output "codecommit_password_length" {
  value = nonsensitive(length(aws_iam_service_specific_credential.codecommit.service_password))
}
