"""IAM API types the tests build values with."""
from typing import TypedDict


class Tag(TypedDict):
    Key: str
    Value: str
