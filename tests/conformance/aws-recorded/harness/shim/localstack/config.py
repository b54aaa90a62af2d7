"""The settings of LocalStack's `config` module that the recorded tests read."""
import os

# The server under test (set by harness/replay.py).
ENDPOINT = os.environ.get("AWS_RECORDED_ENDPOINT", "http://127.0.0.1:4566")

# Read only by tests marked aws.only_localstack, which the replay leaves out.
PARITY_AWS_ACCESS_KEY_ID = False


def internal_service_url(*_args, **_kwargs) -> str:
    return ENDPOINT
