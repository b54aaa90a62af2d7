# Roles, instance profiles, identity providers, service-linked roles and the exclusive-management
# resources of provider 5.x, with the IAM data sources that read them back, as an "application
# platform" config would write them: an EC2 application role with a permissions boundary and an
# instance profile, a worker role whose inline and managed policies are managed exclusively, a deploy
# user and an ops group managed the same way, a GitHub-style OIDC provider, a SAML IdP, and a policy
# simulation of the application role. Driven by ../terraform-roles.sh against iamd (or moto).

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

variable "saml_metadata_file" {
  type        = string
  description = "IdP metadata (an md:EntityDescriptor with a signing certificate), made by the driver"
}

variable "revision" {
  type        = number
  default     = 1
  description = "2 = the second apply: descriptions, tags, documents, thumbprints, metadata, the instance profile's role changed in place"
}

variable "saml_metadata_file_2" {
  type        = string
  default     = ""
  description = "metadata with a new signing certificate, used by revision 2"
}

variable "account_alias" {
  type    = string
  default = "e2e-tf-roles"
}

variable "fixed_name_slr" {
  type        = bool
  default     = true
  description = "also create AWSServiceRoleForElasticBeanstalk and AWSServiceRoleForApplicationAutoScaling_CustomResource (fixed names: off when they already exist)"
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

locals {
  account_id = data.aws_caller_identity.current.account_id
  bucket     = "${var.prefix}-app-data"
  r2         = var.revision >= 2
  common_tags = {
    managed-by = "terraform"
    stack      = var.prefix
  }
}

resource "aws_iam_account_alias" "this" {
  account_alias = var.account_alias
}

# ------------------------------------------------------------------ managed policies
resource "aws_iam_policy" "boundary" {
  name        = "${var.prefix}-boundary"
  path        = "/boundaries/"
  description = "Permissions boundary for application roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AppServices"
        Effect   = "Allow"
        Action   = ["s3:*", "logs:*", "ssm:GetParameter*", "ec2:Describe*"]
        Resource = "*"
      },
      {
        Sid      = "NoIam"
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = "*"
      },
    ]
  })
  tags = merge(local.common_tags, { kind = "boundary" })
}

resource "aws_iam_policy" "app_read" {
  name        = "${var.prefix}-app-read"
  path        = "/app/"
  description = "Read the application's bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "List"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = "arn:aws:s3:::${local.bucket}"
      },
      {
        Sid      = "Read"
        Effect   = "Allow"
        Action   = local.r2 ? ["s3:GetObject", "s3:GetObjectVersion"] : ["s3:GetObject"]
        Resource = "arn:aws:s3:::${local.bucket}/*"
      },
    ]
  })
  tags = local.r2 ? merge(local.common_tags, { version = "2" }) : local.common_tags
}

resource "aws_iam_policy" "logs_write" {
  name = "${var.prefix}-logs-write"
  path = "/app/"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:us-east-1:${local.account_id}:log-group:/app/*"
    }]
  })
}

# ------------------------------------------------------------------ the application role (EC2)
data "aws_iam_policy_document" "ec2_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "app_trust" {
  source_policy_documents = [data.aws_iam_policy_document.ec2_trust.json]
  dynamic "statement" {
    for_each = local.r2 ? [1] : []
    content {
      sid     = "EcsTasks"
      effect  = "Allow"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "Service"
        identifiers = ["ecs-tasks.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role" "app" {
  name                  = "${var.prefix}-app"
  path                  = "/app/"
  description           = local.r2 ? "Application instances and tasks" : "Application instances"
  assume_role_policy    = data.aws_iam_policy_document.app_trust.json
  max_session_duration  = local.r2 ? 3600 : 7200
  permissions_boundary  = aws_iam_policy.boundary.arn
  force_detach_policies = true
  tags                  = merge(local.common_tags, local.r2 ? { tier = "api", owner = "team-a" } : { tier = "web" })

  inline_policy {
    name = "${var.prefix}-app-params"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParametersByPath"]
        Resource = "arn:aws:ssm:us-east-1:${local.account_id}:parameter/app/*"
      }]
    })
  }
}

resource "aws_iam_role_policy_attachment" "app_read" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app_read.arn
}

resource "aws_iam_instance_profile" "app" {
  name = "${var.prefix}-app"
  path = "/app/"
  role = local.r2 ? aws_iam_role.worker.name : aws_iam_role.app.name
  tags = local.common_tags
}

# ------------------------------------------------------------------ the worker role: policies managed exclusively
resource "aws_iam_role" "worker" {
  name               = "${var.prefix}-worker"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
  tags               = local.common_tags
}

resource "aws_iam_role_policy" "worker_queue" {
  name = "${var.prefix}-worker-queue"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = "arn:aws:sqs:us-east-1:${local.account_id}:${var.prefix}-jobs"
    }]
  })
}

resource "aws_iam_role_policy" "worker_kms" {
  count = local.r2 ? 0 : 1
  name  = "${var.prefix}-worker-kms"
  role  = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "sqs.us-east-1.amazonaws.com" } }
    }]
  })
}

resource "aws_iam_role_policies_exclusive" "worker" {
  role_name    = aws_iam_role.worker.name
  policy_names = concat([aws_iam_role_policy.worker_queue.name], aws_iam_role_policy.worker_kms[*].name)
}

resource "aws_iam_role_policy_attachment" "worker_logs" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.logs_write.arn
}

resource "aws_iam_role_policy_attachment" "worker_ro" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachments_exclusive" "worker" {
  role_name   = aws_iam_role.worker.name
  policy_arns = [aws_iam_role_policy_attachment.worker_logs.policy_arn, aws_iam_role_policy_attachment.worker_ro.policy_arn]
}

# ------------------------------------------------------------------ a deploy user, managed exclusively
resource "aws_iam_user" "deployer" {
  name          = "${var.prefix}-deployer"
  path          = "/machines/"
  force_destroy = true
  tags          = merge(local.common_tags, { role = "deploy" })
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_user_policy" "deployer_pass_role" {
  name = "${var.prefix}-pass-app-role"
  user = aws_iam_user.deployer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = aws_iam_role.app.arn
    }]
  })
}

resource "aws_iam_user_policies_exclusive" "deployer" {
  user_name    = aws_iam_user.deployer.name
  policy_names = [aws_iam_user_policy.deployer_pass_role.name]
}

resource "aws_iam_user_policy_attachment" "deployer_read" {
  user       = aws_iam_user.deployer.name
  policy_arn = aws_iam_policy.app_read.arn
}

resource "aws_iam_user_policy_attachments_exclusive" "deployer" {
  user_name   = aws_iam_user.deployer.name
  policy_arns = [aws_iam_user_policy_attachment.deployer_read.policy_arn]
}

# a role the deploy user assumes (AWS resolves the user's ARN when the trust policy is saved)
data "aws_iam_policy_document" "deploy_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_user.deployer.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["${var.prefix}-deploy"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name_prefix          = "${var.prefix}-deploy-"
  assume_role_policy   = data.aws_iam_policy_document.deploy_trust.json
  max_session_duration = 43200
}

resource "aws_iam_role_policy" "deploy_pass" {
  name_prefix = "pass-"
  role        = aws_iam_role.deploy.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = aws_iam_role.app.arn
      Condition = { StringEquals = { "iam:PassedToService" = "ec2.amazonaws.com" } }
    }]
  })
}

# ------------------------------------------------------------------ an ops group, managed exclusively
resource "aws_iam_group" "ops" {
  name = "${var.prefix}-ops"
  path = "/teams/"
}

resource "aws_iam_group_membership" "ops" {
  name  = "${var.prefix}-ops-members"
  group = aws_iam_group.ops.name
  users = [aws_iam_user.deployer.name]
}

resource "aws_iam_group_policy" "ops_describe" {
  name  = "${var.prefix}-ops-describe"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:Describe*", "cloudwatch:Get*", "cloudwatch:List*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_group_policies_exclusive" "ops" {
  group_name   = aws_iam_group.ops.name
  policy_names = [aws_iam_group_policy.ops_describe.name]
}

resource "aws_iam_group_policy_attachment" "ops_view" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
}

resource "aws_iam_group_policy_attachments_exclusive" "ops" {
  group_name  = aws_iam_group.ops.name
  policy_arns = [aws_iam_group_policy_attachment.ops_view.policy_arn]
}

# ------------------------------------------------------------------ identity providers
resource "aws_iam_openid_connect_provider" "ci" {
  url             = "https://${var.prefix}.ci.example.com/oidc"
  client_id_list  = local.r2 ? ["sts.amazonaws.com", "${var.prefix}-ci", "${var.prefix}-ci-2"] : ["sts.amazonaws.com", "${var.prefix}-ci"]
  thumbprint_list = local.r2 ? ["1c58a3a8518e8759bf075b76b750d4f2df264fcd"] : ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
  tags            = merge(local.common_tags, { idp = local.r2 ? "ci-2" : "ci" })
}

# no thumbprint: IAM secures the connection with its own trusted CAs
resource "aws_iam_openid_connect_provider" "cluster" {
  url            = "https://oidc.${var.prefix}.example.com/id/CLUSTER"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "ci_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.ci.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.prefix}.ci.example.com/oidc:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "${var.prefix}.ci.example.com/oidc:sub"
      values   = ["repo:example/app:*"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "${var.prefix}-ci"
  path               = "/ci/"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

resource "aws_iam_saml_provider" "corp" {
  name                   = "${var.prefix}-corp-idp"
  saml_metadata_document = file(local.r2 ? var.saml_metadata_file_2 : var.saml_metadata_file)
  tags                   = local.r2 ? merge(local.common_tags, { rotated = "yes" }) : local.common_tags
}

data "aws_iam_policy_document" "saml_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_saml_provider.corp.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "SAML:aud"
      values   = ["https://signin.aws.amazon.com/saml"]
    }
  }
}

resource "aws_iam_role" "sso_admin" {
  name               = "${var.prefix}-sso-admin"
  assume_role_policy = data.aws_iam_policy_document.saml_trust.json
}

# ------------------------------------------------------------------ service-linked roles
resource "aws_iam_service_linked_role" "autoscaling" {
  aws_service_name = "autoscaling.amazonaws.com"
  custom_suffix    = var.prefix
  description      = local.r2 ? "Auto Scaling for ${var.prefix} (2)" : "Auto Scaling for ${var.prefix}"
  tags             = local.r2 ? merge(local.common_tags, { rev = "2" }) : local.common_tags
}

resource "aws_iam_service_linked_role" "beanstalk" {
  count            = var.fixed_name_slr ? 1 : 0
  aws_service_name = "elasticbeanstalk.amazonaws.com"
}

# the role name carries a suffix of AWS's choosing (AWSServiceRoleForApplicationAutoScaling_CustomResource)
# that the provider reads back as custom_suffix: the plan must stay empty
resource "aws_iam_service_linked_role" "app_autoscaling_custom" {
  count            = var.fixed_name_slr ? 1 : 0
  aws_service_name = "custom-resource.application-autoscaling.amazonaws.com"
  description      = "Application Auto Scaling of custom resources"
}

# ------------------------------------------------------------------ data sources
data "aws_iam_role" "app" {
  name = aws_iam_role.app.name
}

data "aws_iam_roles" "prefixed" {
  name_regex = "^${var.prefix}-"
  depends_on = [aws_iam_role.app, aws_iam_role.worker, aws_iam_role.ci, aws_iam_role.sso_admin, aws_iam_role.deploy]
}

data "aws_iam_roles" "app_path" {
  path_prefix = "/app/"
  name_regex  = "^${var.prefix}-"
  depends_on  = [aws_iam_role.app]
}

data "aws_iam_roles" "service_linked" {
  path_prefix = "/aws-service-role/autoscaling.amazonaws.com/"
  name_regex  = ".*_${var.prefix}$"
  depends_on  = [aws_iam_service_linked_role.autoscaling]
}

data "aws_iam_user" "deployer" {
  user_name = aws_iam_user.deployer.name
}

data "aws_iam_users" "machines" {
  path_prefix = "/machines/"
  name_regex  = "^${var.prefix}-"
  depends_on  = [aws_iam_user.deployer]
}

data "aws_iam_group" "ops" {
  group_name = aws_iam_group.ops.name
  depends_on = [aws_iam_group_membership.ops]
}

data "aws_iam_instance_profile" "app" {
  name = aws_iam_instance_profile.app.name
}

data "aws_iam_instance_profiles" "app" {
  role_name  = aws_iam_instance_profile.app.role
  depends_on = [aws_iam_instance_profile.app]
}

data "aws_iam_openid_connect_provider" "ci_by_arn" {
  arn = aws_iam_openid_connect_provider.ci.arn
}

data "aws_iam_openid_connect_provider" "cluster_by_url" {
  url        = "https://oidc.${var.prefix}.example.com/id/CLUSTER"
  depends_on = [aws_iam_openid_connect_provider.cluster]
}

data "aws_iam_saml_provider" "corp" {
  arn = aws_iam_saml_provider.corp.arn
}

data "aws_iam_session_context" "app_session" {
  arn = "arn:aws:sts::${local.account_id}:assumed-role/${aws_iam_role.app.name}/i-0123456789abcdef0"
}

data "aws_iam_session_context" "caller" {
  arn = data.aws_caller_identity.current.arn
}

data "aws_iam_principal_policy_simulation" "app_read_object" {
  action_names      = ["s3:GetObject"]
  policy_source_arn = aws_iam_role.app.arn
  resource_arns     = ["arn:aws:s3:::${local.bucket}/config.json"]
  depends_on        = [aws_iam_role_policy_attachment.app_read]
}

data "aws_iam_principal_policy_simulation" "app_create_user" {
  action_names      = ["iam:CreateUser", "s3:DeleteBucket"]
  policy_source_arn = aws_iam_role.app.arn
  depends_on        = [aws_iam_role_policy_attachment.app_read]
}

data "aws_iam_account_alias" "current" {
  depends_on = [aws_iam_account_alias.this]
}

data "aws_iam_access_keys" "deployer" {
  user       = aws_iam_user.deployer.name
  depends_on = [aws_iam_access_key.deployer]
}

# ------------------------------------------------------------------ outputs
output "account_id" {
  value = local.account_id
}

output "app_role_arn" {
  value = data.aws_iam_role.app.arn
}

output "app_role_max_session_duration" {
  value = data.aws_iam_role.app.max_session_duration
}

output "app_role_boundary" {
  value = data.aws_iam_role.app.permissions_boundary
}

output "app_role_tier_tag" {
  value = data.aws_iam_role.app.tags["tier"]
}

output "prefixed_role_names" {
  value = join(",", sort(data.aws_iam_roles.prefixed.names))
}

output "app_path_role_names" {
  value = join(",", sort(data.aws_iam_roles.app_path.names))
}

output "service_linked_role_names" {
  value = join(",", sort(data.aws_iam_roles.service_linked.names))
}

output "deploy_role_name" {
  value = aws_iam_role.deploy.name
}

output "fixed_name_slrs" {
  value = join(",", concat(aws_iam_service_linked_role.beanstalk[*].name, aws_iam_service_linked_role.app_autoscaling_custom[*].name, aws_iam_service_linked_role.app_autoscaling_custom[*].custom_suffix))
}

output "autoscaling_slr_name" {
  value = aws_iam_service_linked_role.autoscaling.name
}

output "autoscaling_slr_path" {
  value = aws_iam_service_linked_role.autoscaling.path
}

output "deployer_arn" {
  value = data.aws_iam_user.deployer.arn
}

output "deployer_role_tag" {
  value = data.aws_iam_user.deployer.tags["role"]
}

output "machine_user_names" {
  value = join(",", sort(data.aws_iam_users.machines.names))
}

output "ops_group_members" {
  value = join(",", sort([for u in data.aws_iam_group.ops.users : u.user_name]))
}

output "ops_group_arn" {
  value = data.aws_iam_group.ops.arn
}

output "instance_profile_role_name" {
  value = data.aws_iam_instance_profile.app.role_name
}

output "instance_profile_role_arn" {
  value = data.aws_iam_instance_profile.app.role_arn
}

output "instance_profiles_for_app_role" {
  value = join(",", sort(data.aws_iam_instance_profiles.app.names))
}

output "ci_oidc_thumbprints" {
  value = join(",", sort(data.aws_iam_openid_connect_provider.ci_by_arn.thumbprint_list))
}

output "ci_oidc_client_ids" {
  value = join(",", sort(data.aws_iam_openid_connect_provider.ci_by_arn.client_id_list))
}

output "saml_metadata_document" {
  value = data.aws_iam_saml_provider.corp.saml_metadata_document
}

output "ci_oidc_idp_tag" {
  value = data.aws_iam_openid_connect_provider.ci_by_arn.tags["idp"]
}

output "cluster_oidc_arn" {
  value = data.aws_iam_openid_connect_provider.cluster_by_url.arn
}

output "cluster_oidc_thumbprint_count" {
  value = length(data.aws_iam_openid_connect_provider.cluster_by_url.thumbprint_list)
}

output "saml_provider_name" {
  value = data.aws_iam_saml_provider.corp.name
}

output "saml_provider_valid_until_set" {
  value = data.aws_iam_saml_provider.corp.valid_until != ""
}

output "session_issuer_arn" {
  value = data.aws_iam_session_context.app_session.issuer_arn
}

output "session_issuer_name" {
  value = data.aws_iam_session_context.app_session.issuer_name
}

output "session_name" {
  value = data.aws_iam_session_context.app_session.session_name
}

output "caller_issuer_arn" {
  value = data.aws_iam_session_context.caller.issuer_arn
}

output "sim_get_object_allowed" {
  value = data.aws_iam_principal_policy_simulation.app_read_object.all_allowed
}

output "sim_get_object_decision" {
  value = one(data.aws_iam_principal_policy_simulation.app_read_object.results[*].decision)
}

output "sim_denied_all_allowed" {
  value = data.aws_iam_principal_policy_simulation.app_create_user.all_allowed
}

output "sim_denied_decisions" {
  value = join(",", sort([for r in data.aws_iam_principal_policy_simulation.app_create_user.results : "${r.action_name}=${r.decision}"]))
}

output "account_alias" {
  value = data.aws_iam_account_alias.current.account_alias
}

output "deployer_access_key_ids" {
  value = join(",", [for k in data.aws_iam_access_keys.deployer.access_keys : k.access_key_id])
}

output "deployer_access_key_id" {
  value = aws_iam_access_key.deployer.id
}

output "deployer_access_key_status" {
  value = one(data.aws_iam_access_keys.deployer.access_keys[*].status)
}
