# Terraform aws_organizations_* resources against iamd: the organization (SCPs enabled), an OU,
# a member account in it and an SCP attached to the OU; IAM's centralized root access features
# (trusted access for iam.amazonaws.com) and the account's STS token preference.
# Driven by ../terraform-organizations.sh.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
variable "endpoint" { type = string }
provider "aws" {
  region = "us-east-1"
  skip_metadata_api_check = true
  skip_region_validation = true
  endpoints {
    iam = var.endpoint
    sts = var.endpoint
    organizations = var.endpoint
  }
}
resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY"]
  aws_service_access_principals = ["iam.amazonaws.com"]
}
resource "aws_iam_organizations_features" "root_access" {
  enabled_features = ["RootCredentialsManagement", "RootSessions"]
  depends_on       = [aws_organizations_organization.org]
}
resource "aws_iam_security_token_service_preferences" "sts" {
  global_endpoint_token_version = "v2Token"
}
resource "aws_organizations_organizational_unit" "dev" {
  name      = "dev"
  parent_id = aws_organizations_organization.org.roots[0].id
}
resource "aws_organizations_account" "dev1" {
  name      = "dev1"
  email     = "dev1@example.com"
  parent_id = aws_organizations_organizational_unit.dev.id
  close_on_deletion = false
}
resource "aws_organizations_policy" "deny_leave" {
  name    = "deny-create-user"
  description = "Deny creating IAM users in member accounts"
  # A policy needs the organization; nothing in its arguments says so (as on AWS).
  depends_on = [aws_organizations_organization.org]
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:CreateUser", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "dev" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = aws_organizations_organizational_unit.dev.id
}
