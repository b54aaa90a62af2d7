"""`tests.aws.services.iam.test_iam_server_certificates`, as one recorded test file imports it."""
