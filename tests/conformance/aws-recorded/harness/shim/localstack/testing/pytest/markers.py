"""The markers the recorded tests carry (same mark names as LocalStack's, so pytest reports them).

- aws.validated: the test ran against AWS; its snapshot (if any) is what AWS answered.
- aws.only_localstack: runs only against LocalStack (no AWS recording); the replay leaves it out.
- snapshot.skip_snapshot_verify(paths=[...], condition=...): paths LocalStack does not compare.
  The replay ignores these lists except the few listed in harness/replay_plugin.py (HONOURED_SKIPS).
"""
import pytest


class aws:  # noqa: N801 - used as `markers.aws.validated`
    validated = pytest.mark.aws_validated
    manual_setup_required = pytest.mark.aws_manual_setup_required
    needs_fixing = pytest.mark.aws_needs_fixing
    only_localstack = pytest.mark.aws_only_localstack
    unknown = pytest.mark.aws_unknown


class snapshot:  # noqa: N801 - used as `markers.snapshot.skip_snapshot_verify`
    skip_snapshot_verify = pytest.mark.skip_snapshot_verify


requires_in_process = pytest.mark.requires_in_process
requires_in_container = pytest.mark.requires_in_container
