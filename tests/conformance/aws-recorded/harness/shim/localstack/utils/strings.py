"""Random names and byte/str helpers, as the tests use them."""
import uuid


def short_uid() -> str:
    """Eight random lowercase hex digits, unique enough for a test's resource names."""
    return uuid.uuid4().hex[:8]


def long_uid() -> str:
    return str(uuid.uuid4())


def to_str(value, encoding: str = "utf-8", errors: str = "strict"):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode(encoding, errors)
    return value


def to_bytes(value, encoding: str = "utf-8", errors: str = "strict"):
    if isinstance(value, str):
        return value.encode(encoding, errors)
    return value
