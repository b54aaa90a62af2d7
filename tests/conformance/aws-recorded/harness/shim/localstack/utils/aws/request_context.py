"""Signed-looking headers for a raw request (used only by tests marked aws.only_localstack)."""


def mock_aws_request_headers(service="sts", aws_access_key_id="test", region_name="us-east-1",
                             internal=False):
    return {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential={aws_access_key_id}/20160623/{region_name}/{service}"
            "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=1234"
        ),
        "X-Amz-Date": "20160623T103251Z",
    }
