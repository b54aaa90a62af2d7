# IAM users and groups, modelled on the public "IAM users and groups" Terraform modules
# (best-practice groups, users with default groups, login profiles, access keys, policies, account settings).
# Driven by ../terraform.sh against iamd (or moto): provider endpoints point at var.endpoint.

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
  description = "IAM/STS endpoint URL, e.g. http://127.0.0.1:5000"
}

variable "prefix" {
  type    = string
  default = "e2e"
}

variable "force_destroy" {
  type        = bool
  default     = true
  description = "aws_iam_user.force_destroy (makes destroy list/delete MFA devices, SSH keys, certificates, service-specific credentials)"
}

variable "account_alias" {
  type    = string
  default = "e2e-tf-account"
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

data "aws_caller_identity" "current" {}

data "aws_iam_policy" "read_only" {
  name = "ReadOnlyAccess"
}

data "aws_iam_policy" "view_only" {
  arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
}

locals {
  account_id = data.aws_caller_identity.current.account_id

  # best-practice groups: name => AWS-managed policy ARNs attached to the group
  managed_groups = {
    "full-access" = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    "billing"     = ["arn:aws:iam::aws:policy/job-function/Billing"]
    "read-only"   = [data.aws_iam_policy.read_only.arn]
    "support"     = ["arn:aws:iam::aws:policy/AWSSupportAccess"]
    "developers"  = [data.aws_iam_policy.view_only.arn]
  }
  group_policy_pairs = merge([
    for g, arns in local.managed_groups : { for a in arns : "${g}|${a}" => { group = g, arn = a } }
  ]...)

  users = {
    alice = { path = "/people/", groups = ["full-access", "billing"], tags = { team = "platform", role = "admin" } }
    bob   = { path = "/people/", groups = ["developers"], tags = { team = "app", role = "developer" } }
    carol = { path = "/people/", groups = ["read-only"], tags = { team = "finance", role = "auditor" } }
    ci    = { path = "/machines/", groups = [], tags = { team = "ci", role = "machine" } }
  }
  # every human gets the self-management group by default
  humans = { for k, v in local.users : k => v if v.path == "/people/" }
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  max_password_age               = 90
  password_reuse_prevention      = 24
}

resource "aws_iam_account_alias" "this" {
  account_alias = var.account_alias
}

# ------------------------------------------------------------------ groups
resource "aws_iam_group" "managed" {
  for_each = local.managed_groups
  name     = "${var.prefix}-${each.key}"
  path     = "/"
}

resource "aws_iam_group_policy_attachment" "managed" {
  for_each   = local.group_policy_pairs
  group      = aws_iam_group.managed[each.value.group].name
  policy_arn = each.value.arn
}

resource "aws_iam_group" "self_management" {
  name = "${var.prefix}-self-management"
  path = "/"
}

data "aws_iam_policy_document" "self_management" {
  statement {
    sid    = "AllowViewAccountInfo"
    effect = "Allow"
    actions = [
      "iam:GetAccountPasswordPolicy",
      "iam:GetAccountSummary",
      "iam:ListVirtualMFADevices",
    ]
    resources = ["*"]
  }
  statement {
    sid    = "AllowManageOwnPasswordsKeysAndSigningCertificates"
    effect = "Allow"
    actions = [
      "iam:ChangePassword",
      "iam:GetUser",
      "iam:GetLoginProfile",
      "iam:UpdateLoginProfile",
      "iam:CreateAccessKey",
      "iam:DeleteAccessKey",
      "iam:ListAccessKeys",
      "iam:UpdateAccessKey",
      "iam:GetAccessKeyLastUsed",
      "iam:ListSigningCertificates",
      "iam:UploadSigningCertificate",
      "iam:DeleteSigningCertificate",
      "iam:UpdateSigningCertificate",
      "iam:ListSSHPublicKeys",
      "iam:GetSSHPublicKey",
      "iam:UploadSSHPublicKey",
      "iam:DeleteSSHPublicKey",
      "iam:UpdateSSHPublicKey",
    ]
    resources = ["arn:aws:iam::*:user/$${aws:username}"]
  }
  statement {
    sid    = "AllowManageOwnVirtualMFADevice"
    effect = "Allow"
    actions = [
      "iam:CreateVirtualMFADevice",
    ]
    resources = ["arn:aws:iam::*:mfa/*"]
  }
  statement {
    sid    = "AllowManageOwnUserMFA"
    effect = "Allow"
    actions = [
      "iam:DeactivateMFADevice",
      "iam:EnableMFADevice",
      "iam:ListMFADevices",
      "iam:ResyncMFADevice",
    ]
    resources = ["arn:aws:iam::*:user/$${aws:username}"]
  }
  statement {
    sid    = "DenyAllExceptListedIfNoMFA"
    effect = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ChangePassword",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "sts:GetSessionToken",
    ]
    resources = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "self_management" {
  name        = "${var.prefix}-self-management"
  path        = "/"
  description = "Allows users to manage their own credentials and MFA"
  policy      = data.aws_iam_policy_document.self_management.json
  tags        = { managed-by = "terraform" }
}

resource "aws_iam_group_policy_attachment" "self_management" {
  group      = aws_iam_group.self_management.name
  policy_arn = aws_iam_policy.self_management.arn
}

# a customer-managed policy attached with the exclusive aws_iam_policy_attachment resource
resource "aws_iam_policy" "developers" {
  name        = "${var.prefix}-developers"
  path        = "/teams/"
  description = "Developer access to application resources"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:Describe*"]
        Resource = "arn:aws:logs:*:${local.account_id}:log-group:/app/*"
      },
      {
        Sid      = "Parameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParametersByPath"]
        Resource = "arn:aws:ssm:us-east-1:${local.account_id}:parameter/app/*"
        Condition = {
          StringEquals = { "aws:RequestedRegion" = "us-east-1" }
        }
      },
    ]
  })
}

resource "aws_iam_policy_attachment" "developers" {
  name       = "${var.prefix}-developers-attachment"
  policy_arn = aws_iam_policy.developers.arn
  groups     = [aws_iam_group.managed["developers"].name]
  users      = [aws_iam_user.this["ci"].name]
}

resource "aws_iam_group_policy" "developers_inline" {
  name  = "${var.prefix}-developers-inline"
  group = aws_iam_group.managed["developers"].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::${var.prefix}-dev-bucket/$${aws:username}/*"
    }]
  })
}

# ------------------------------------------------------------------ users
resource "aws_iam_user" "this" {
  for_each      = local.users
  name          = "${var.prefix}-${each.key}"
  path          = each.value.path
  force_destroy = var.force_destroy
  tags          = merge(each.value.tags, { managed-by = "terraform" })
}

resource "aws_iam_user_group_membership" "this" {
  for_each = local.humans
  user     = aws_iam_user.this[each.key].name
  groups = concat(
    [aws_iam_group.self_management.name],
    [for g in each.value.groups : aws_iam_group.managed[g].name],
  )
}

# the support group's membership is managed exclusively from the group's side
resource "aws_iam_group_membership" "support" {
  name  = "${var.prefix}-support-membership"
  group = aws_iam_group.managed["support"].name
  users = [aws_iam_user.this["alice"].name, aws_iam_user.this["carol"].name]
}

resource "aws_iam_user_login_profile" "this" {
  for_each                = local.humans
  user                    = aws_iam_user.this[each.key].name
  password_length         = 20
  password_reset_required = true

  lifecycle {
    ignore_changes = [password_length, password_reset_required, pgp_key]
  }

  depends_on = [aws_iam_account_password_policy.this]
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.this["ci"].name
}

resource "aws_iam_user_policy_attachment" "ci_read_only" {
  user       = aws_iam_user.this["ci"].name
  policy_arn = data.aws_iam_policy.read_only.arn
}

resource "aws_iam_user_policy" "ci_inline" {
  name = "${var.prefix}-ci-deploy"
  user = aws_iam_user.this["ci"].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Deploy"
      Effect   = "Allow"
      Action   = ["lambda:UpdateFunctionCode", "lambda:GetFunction"]
      Resource = "arn:aws:lambda:us-east-1:${local.account_id}:function:app-*"
    }]
  })
}

# ------------------------------------------------------------------ outputs
output "account_id" {
  value = local.account_id
}

output "caller_arn" {
  value = data.aws_caller_identity.current.arn
}

output "read_only_arn" {
  value = data.aws_iam_policy.read_only.arn
}

output "user_arns" {
  value = { for k, u in aws_iam_user.this : k => u.arn }
}

output "group_names" {
  value = concat([for g in aws_iam_group.managed : g.name], [aws_iam_group.self_management.name])
}

output "ci_access_key_id" {
  value = aws_iam_access_key.ci.id
}

output "ci_secret_access_key" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}

output "login_passwords_set" {
  value = { for k, p in aws_iam_user_login_profile.this : k => nonsensitive(length(p.password) > 0) }
}
