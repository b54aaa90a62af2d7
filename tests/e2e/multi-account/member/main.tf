# One member account: the roles of the role list (each behind its enable flag), trusted by the
# central account's root only with MFA, each with its AWS-managed policy, the account-wide extra
# policies (region restriction, no database deletion) and a permissions boundary.
# Instantiated once per member account with providers = { aws = aws.<alias> } (the alias assumes
# OrganizationAccountAccessRole in that account).

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "central_account_id" {
  type        = string
  description = "The account whose root (and, through it, IAM users with sts:AssumeRole) may assume the roles"
}

variable "account_type" {
  type        = string
  description = "dev, prod, ...: tagged on every role"
}

variable "roles" {
  type = map(object({
    enabled            = bool
    managed_policy_arn = string
  }))
  description = "role name => enable flag and the AWS-managed policy it gets"
}

variable "allowed_regions" {
  type = list(string)
}

variable "max_session_duration" {
  type    = number
  default = 3600
}

data "aws_caller_identity" "current" {}

locals {
  account_id    = data.aws_caller_identity.current.account_id
  enabled_roles = { for name, r in var.roles : name => r if r.enabled }
}

# Trust: the central account's root principal (i.e. its IAM identities whose own policies allow
# sts:AssumeRole on the role), and only with MFA.
data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "CentralAccountWithMFA"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.central_account_id}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

# Deny everything outside the allowed regions, except the global services.
data "aws_iam_policy_document" "region_restriction" {
  statement {
    sid    = "DenyOutsideAllowedRegions"
    effect = "Deny"
    not_actions = [
      "iam:*", "sts:*", "organizations:*", "support:*", "budgets:*", "cloudfront:*",
      "route53:*", "waf:*", "health:*", "trustedadvisor:*",
    ]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = var.allowed_regions
    }
  }
}

data "aws_iam_policy_document" "deny_db_deletion" {
  statement {
    sid       = "DenyDeleteDatabases"
    effect    = "Deny"
    actions   = ["rds:DeleteDBInstance", "rds:DeleteDBCluster"]
    resources = ["*"]
  }
}

# The most any of these roles may ever do: everything, except changing account-wide settings and
# loosening its own limits (boundary, trust, extra policies).
data "aws_iam_policy_document" "boundary" {
  statement {
    sid       = "AllowAll"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    sid    = "DenyAccountSettings"
    effect = "Deny"
    actions = [
      "iam:CreateAccountAlias", "iam:DeleteAccountAlias",
      "iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy",
    ]
    resources = ["*"]
  }
  statement {
    sid    = "DenyLoosenManagedRoles"
    effect = "Deny"
    actions = [
      "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary",
      "iam:UpdateAssumeRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRolePolicy",
    ]
    resources = ["arn:aws:iam::${local.account_id}:role/*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name        = "member-role-boundary"
  description = "Permissions boundary of the cross-account roles"
  policy      = data.aws_iam_policy_document.boundary.json
}

resource "aws_iam_policy" "region_restriction" {
  name        = "region-restriction"
  description = "Deny requests outside ${join(", ", var.allowed_regions)}"
  policy      = data.aws_iam_policy_document.region_restriction.json
}

resource "aws_iam_policy" "deny_db_deletion" {
  name        = "deny-db-deletion"
  description = "Nobody deletes databases through these roles"
  policy      = data.aws_iam_policy_document.deny_db_deletion.json
}

resource "aws_iam_role" "role" {
  for_each             = local.enabled_roles
  name                 = each.key
  path                 = "/"
  description          = "${each.key} role of this ${var.account_type} account, assumed from ${var.central_account_id} with MFA"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  permissions_boundary = aws_iam_policy.boundary.arn
  tags = {
    account-type = var.account_type
    managed-by   = "terraform"
  }
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = local.enabled_roles
  role       = aws_iam_role.role[each.key].name
  policy_arn = each.value.managed_policy_arn
}

resource "aws_iam_role_policy_attachment" "region_restriction" {
  for_each   = local.enabled_roles
  role       = aws_iam_role.role[each.key].name
  policy_arn = aws_iam_policy.region_restriction.arn
}

resource "aws_iam_role_policy_attachment" "deny_db_deletion" {
  for_each   = local.enabled_roles
  role       = aws_iam_role.role[each.key].name
  policy_arn = aws_iam_policy.deny_db_deletion.arn
}

output "account_id" {
  value = local.account_id
}

output "role_arns" {
  value = { for name, r in aws_iam_role.role : name => r.arn }
}

output "boundary_arn" {
  value = aws_iam_policy.boundary.arn
}
