"""LocalStack's test_iam_account_summary.py imports a helper of its sibling file by LocalStack's own
package path; pytest imports that sibling as `test_iam_server_certificates` (its folder is on
sys.path), so this module hands out the same one."""
from test_iam_server_certificates import root_certificate_as_string

__all__ = ["root_certificate_as_string"]
