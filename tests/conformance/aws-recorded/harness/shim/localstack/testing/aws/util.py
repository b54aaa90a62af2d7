"""Client helpers of LocalStack's testing library, pointed at the server under test."""
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from localstack import config
from localstack.utils.sync import poll_condition


def is_aws_cloud() -> bool:
    # The tests take their short timings (no waiting for IAM's eventual consistency); iamd is
    # consistent at once, so the AWS waits would only slow the replay down.
    return False


def create_client_with_keys(service: str, keys: dict, region_name: str, client_config: Config = None):
    """A boto3 client for `service` signing with keys (AccessKeyId, SecretAccessKey[, SessionToken])."""
    base = Config(retries={"total_max_attempts": 1})
    return boto3.client(
        service,
        region_name=region_name,
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys.get("SessionToken"),
        config=base.merge(client_config) if client_config else base,
        endpoint_url=config.ENDPOINT,
    )


def wait_for_user(keys, region_name: str):
    """Waits until the new key authenticates (at once on iamd; AWS may take seconds)."""
    sts = create_client_with_keys("sts", keys=keys, region_name=region_name)

    def ready():
        try:
            sts.get_caller_identity()
            return True
        except ClientError as e:
            return e.response["Error"]["Code"] != "InvalidClientTokenId"

    poll_condition(ready, interval=0.2, timeout=5)
