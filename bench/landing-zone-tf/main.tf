# Benchmark copy of tests/e2e/multi-account/main.tf (bench/landing-zone.sh): the same configuration,
# except that account types without accounts get no AssumeRole policy.
# Multi-account "IAM users and groups", modelled on the public multi-account seed:
#   account_types  : account type => member account IDs          {dev = [A, B], prod = [C]}
#   role_list      : the roles every member account offers       ["admin", "readonly", "poweruser"]
#   role_enabled   : per-role enable flag                        {poweruser = false}
#   group_role_map : group => [{role, account_type}] it may assume
#   user_map       : user => groups
# The default provider is the central (management) account; one provider alias per member account
# assumes OrganizationAccountAccessRole there. In the central account: one AssumeRole policy per
# (role, account type), groups with those policies, users in groups, a self-management group.
# In each member account (./member): the enabled roles, trusted by the central account only with MFA.
# Driven by ../multi-account.sh against iamd.

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
  description = "IAM/STS/Organizations endpoint URL, e.g. http://127.0.0.1:4566"
}

variable "credentials_file" {
  type        = string
  description = "Shared credentials file with the central account's credentials (profile below)"
}

variable "profile" {
  type    = string
  default = "default"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_types" {
  type        = map(list(string))
  description = "account type => member account IDs; exactly three distinct accounts (one provider alias each)"
  validation {
    condition     = length(distinct(flatten(values(var.account_types)))) == 3 && length(flatten(values(var.account_types))) == 3
    error_message = "account_types must name exactly three distinct member accounts (one provider alias each), each under one type."
  }
  validation {
    condition     = alltrue([for id in flatten(values(var.account_types)) : can(regex("^[0-9]{12}$", id))])
    error_message = "account IDs are 12 digits."
  }
}

variable "role_list" {
  type    = list(string)
  default = ["admin", "readonly", "poweruser"]
}

variable "role_enabled" {
  type        = map(bool)
  description = "role => enable flag (a role missing here is enabled)"
  default     = { admin = true, readonly = true, poweruser = false }
}

variable "role_policies" {
  type        = map(string)
  description = "role => the AWS-managed policy it gets"
  default = {
    admin     = "arn:aws:iam::aws:policy/AdministratorAccess"
    readonly  = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    poweruser = "arn:aws:iam::aws:policy/PowerUserAccess"
  }
}

variable "group_role_map" {
  type = map(list(object({
    role         = string
    account_type = string
  })))
  default = {
    developers = [
      { role = "admin", account_type = "dev" },
      { role = "readonly", account_type = "prod" },
    ]
    operators = [
      { role = "admin", account_type = "prod" },
      { role = "readonly", account_type = "dev" },
    ]
    auditors = [
      { role = "readonly", account_type = "dev" },
      { role = "readonly", account_type = "prod" },
    ]
  }
  validation {
    condition     = alltrue([for g, entries in var.group_role_map : alltrue([for e in entries : e.role != "" && e.account_type != ""])])
    error_message = "every group_role_map entry needs a role and an account_type."
  }
}

variable "user_map" {
  type        = map(list(string))
  description = "user => groups (besides the self-management group every user gets)"
  default = {
    alice = ["developers"]
    bob   = ["operators"]
    carol = ["auditors"]
  }
}

variable "user_path" {
  type    = string
  default = "/people/"
}

variable "force_destroy" {
  type        = bool
  default     = false
  description = "aws_iam_user.force_destroy (the checks remove the keys and MFA devices they give users)"
}

variable "allowed_regions" {
  type    = list(string)
  default = ["us-east-1", "eu-west-1"]
}

locals {
  endpoints = {
    iam           = var.endpoint
    sts           = var.endpoint
    organizations = var.endpoint
  }
  member_accounts = sort(distinct(flatten(values(var.account_types))))
  account_type_of = merge([for t, ids in var.account_types : { for id in ids : id => t }]...)
  member_roles = {
    for r in var.role_list : r => {
      enabled            = lookup(var.role_enabled, r, true)
      managed_policy_arn = var.role_policies[r]
    }
  }
  enabled_roles = [for r in var.role_list : r if lookup(var.role_enabled, r, true)]
}

provider "aws" {
  region                   = var.region
  shared_credentials_files = [var.credentials_file]
  profile                  = var.profile
  skip_metadata_api_check  = true
  skip_region_validation   = true
  endpoints {
    iam           = local.endpoints.iam
    sts           = local.endpoints.sts
    organizations = local.endpoints.organizations
  }
}

provider "aws" {
  alias                    = "member_1"
  region                   = var.region
  shared_credentials_files = [var.credentials_file]
  profile                  = var.profile
  skip_metadata_api_check  = true
  skip_region_validation   = true
  assume_role {
    role_arn     = "arn:aws:iam::${local.member_accounts[0]}:role/OrganizationAccountAccessRole"
    session_name = "terraform-member-1"
  }
  endpoints {
    iam           = local.endpoints.iam
    sts           = local.endpoints.sts
    organizations = local.endpoints.organizations
  }
}

provider "aws" {
  alias                    = "member_2"
  region                   = var.region
  shared_credentials_files = [var.credentials_file]
  profile                  = var.profile
  skip_metadata_api_check  = true
  skip_region_validation   = true
  assume_role {
    role_arn     = "arn:aws:iam::${local.member_accounts[1]}:role/OrganizationAccountAccessRole"
    session_name = "terraform-member-2"
  }
  endpoints {
    iam           = local.endpoints.iam
    sts           = local.endpoints.sts
    organizations = local.endpoints.organizations
  }
}

provider "aws" {
  alias                    = "member_3"
  region                   = var.region
  shared_credentials_files = [var.credentials_file]
  profile                  = var.profile
  skip_metadata_api_check  = true
  skip_region_validation   = true
  assume_role {
    role_arn     = "arn:aws:iam::${local.member_accounts[2]}:role/OrganizationAccountAccessRole"
    session_name = "terraform-member-3"
  }
  endpoints {
    iam           = local.endpoints.iam
    sts           = local.endpoints.sts
    organizations = local.endpoints.organizations
  }
}

data "aws_caller_identity" "central" {}

locals {
  central_account_id = data.aws_caller_identity.central.account_id
}

# ---------------------------------------------------------------- member accounts

module "member_1" {
  source             = "./member"
  providers          = { aws = aws.member_1 }
  central_account_id = local.central_account_id
  account_type       = local.account_type_of[local.member_accounts[0]]
  roles              = local.member_roles
  allowed_regions    = var.allowed_regions
}

module "member_2" {
  source             = "./member"
  providers          = { aws = aws.member_2 }
  central_account_id = local.central_account_id
  account_type       = local.account_type_of[local.member_accounts[1]]
  roles              = local.member_roles
  allowed_regions    = var.allowed_regions
}

module "member_3" {
  source             = "./member"
  providers          = { aws = aws.member_3 }
  central_account_id = local.central_account_id
  account_type       = local.account_type_of[local.member_accounts[2]]
  roles              = local.member_roles
  allowed_regions    = var.allowed_regions
}

# ---------------------------------------------------------------- central account

locals {
  # Each member module's account ID must be the one its alias was meant for.
  member_account_ids = [module.member_1.account_id, module.member_2.account_id, module.member_3.account_id]

  # One AssumeRole policy per (enabled role, account type), naming exactly that role in the type's accounts.
  assume_policies = {
    for pair in setproduct(local.enabled_roles, sort(keys(var.account_types))) :
    "${pair[0]}-${pair[1]}" => {
      role         = pair[0]
      account_type = pair[1]
      role_arns    = [for id in var.account_types[pair[1]] : "arn:aws:iam::${id}:role/${pair[0]}"]
    }
    # (benchmark copy) no policy for an account type without accounts: its Resource list would be empty.
    if length(var.account_types[pair[1]]) > 0
  }

  # group => policy keys (only entries whose role is enabled; a disabled role grants nothing).
  group_policy_attachments = {
    for a in flatten([
      for g, entries in var.group_role_map : [
        for e in entries : { group = g, key = "${e.role}-${e.account_type}" }
        if contains(local.enabled_roles, e.role) && length(lookup(var.account_types, e.account_type, [])) > 0
      ]
    ]) : "${a.group}/${a.key}" => a
  }
}

data "aws_iam_policy_document" "assume" {
  for_each = local.assume_policies
  statement {
    sid       = "AssumeRole${title(each.value.role)}In${title(each.value.account_type)}"
    effect    = "Allow"
    actions   = ["sts:AssumeRole"]
    resources = each.value.role_arns
  }
}

resource "aws_iam_policy" "assume" {
  for_each    = local.assume_policies
  name        = "assume-${each.key}"
  path        = "/cross-account/"
  description = "sts:AssumeRole on the ${each.value.role} role in every ${each.value.account_type} account"
  policy      = data.aws_iam_policy_document.assume[each.key].json
  # The roles exist before anyone may be allowed to assume them.
  depends_on = [module.member_1, module.member_2, module.member_3]
}

resource "aws_iam_group" "mapped" {
  for_each = var.group_role_map
  name     = each.key
  path     = "/cross-account/"
}

resource "aws_iam_group_policy_attachment" "assume" {
  for_each   = local.group_policy_attachments
  group      = aws_iam_group.mapped[each.value.group].name
  policy_arn = aws_iam_policy.assume[each.value.key].arn
}

# Self-management: every user manages its own access keys and virtual MFA device, reads itself,
# and gets MFA session credentials.
data "aws_iam_policy_document" "self_management" {
  statement {
    sid       = "AllowViewAccountInfo"
    effect    = "Allow"
    actions   = ["iam:ListVirtualMFADevices", "iam:GetAccountPasswordPolicy"]
    resources = ["*"]
  }
  statement {
    sid    = "AllowManageOwnUser"
    effect = "Allow"
    actions = [
      "iam:GetUser", "iam:ListGroupsForUser",
      "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey",
    ]
    resources = [
      "arn:aws:iam::${local.central_account_id}:user/$${aws:username}",
      "arn:aws:iam::${local.central_account_id}:user/*/$${aws:username}",
    ]
  }
  statement {
    sid       = "AllowManageOwnVirtualMFADevice"
    effect    = "Allow"
    actions   = ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"]
    resources = ["arn:aws:iam::${local.central_account_id}:mfa/$${aws:username}"]
  }
  statement {
    sid    = "AllowManageOwnUserMFA"
    effect = "Allow"
    actions = [
      "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListMFADevices", "iam:DeactivateMFADevice",
    ]
    resources = [
      "arn:aws:iam::${local.central_account_id}:user/$${aws:username}",
      "arn:aws:iam::${local.central_account_id}:user/*/$${aws:username}",
    ]
  }
  statement {
    sid       = "AllowSessionToken"
    effect    = "Allow"
    actions   = ["sts:GetSessionToken"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "self_management" {
  name        = "self-management"
  path        = "/cross-account/"
  description = "Manage your own access keys and virtual MFA device"
  policy      = data.aws_iam_policy_document.self_management.json
}

resource "aws_iam_group" "self_management" {
  name = "self-management"
  path = "/cross-account/"
}

resource "aws_iam_group_policy_attachment" "self_management" {
  group      = aws_iam_group.self_management.name
  policy_arn = aws_iam_policy.self_management.arn
}

resource "aws_iam_user" "user" {
  for_each      = var.user_map
  name          = each.key
  path          = var.user_path
  force_destroy = var.force_destroy
  tags = {
    groups = join(" ", sort(each.value))
  }
}

resource "aws_iam_user_group_membership" "user" {
  for_each = var.user_map
  user     = aws_iam_user.user[each.key].name
  groups = concat(
    [aws_iam_group.self_management.name],
    [for g in each.value : aws_iam_group.mapped[g].name],
  )
}

# ---------------------------------------------------------------- outputs

output "central_account_id" {
  value = local.central_account_id
}

output "member_account_ids" {
  value = local.member_account_ids
}

output "role_arns" {
  value = merge(
    { for r, arn in module.member_1.role_arns : "${local.member_account_ids[0]}/${r}" => arn },
    { for r, arn in module.member_2.role_arns : "${local.member_account_ids[1]}/${r}" => arn },
    { for r, arn in module.member_3.role_arns : "${local.member_account_ids[2]}/${r}" => arn },
  )
}

output "assume_policy_arns" {
  value = { for k, p in aws_iam_policy.assume : k => p.arn }
}

output "group_policies" {
  value = { for g, _ in var.group_role_map : g => sort([for k, a in local.group_policy_attachments : a.key if a.group == g]) }
}

output "users" {
  value = { for u, groups in var.user_map : u => aws_iam_user.user[u].arn }
}
