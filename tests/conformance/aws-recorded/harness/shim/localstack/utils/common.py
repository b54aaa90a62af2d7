"""LocalStack's grab-bag module; the tests take short_uid from here too."""
from localstack.utils.strings import long_uid, short_uid, to_bytes, to_str

__all__ = ["long_uid", "short_uid", "to_bytes", "to_str"]
