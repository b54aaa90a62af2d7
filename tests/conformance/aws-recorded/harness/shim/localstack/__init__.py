"""A stand-in for the few `localstack` names that LocalStack's recorded IAM/STS tests import.

Written for iamd's replay harness (tests/conformance/aws-recorded/harness); not LocalStack's code.
Every client it makes talks to the server under test: the endpoint in AWS_RECORDED_ENDPOINT.
"""
