"""The markers module lives beside this file: `from localstack.testing.pytest import markers`."""
