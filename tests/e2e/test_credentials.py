"""SSH public keys, server certificates and service-specific credentials through boto3, with keys
and certificates made at test time by `ssh-keygen` and `openssl` (pytest-style; also a script).

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE (profile `default`, root credentials) when both
are set, else one is started like the other suites (e2e_server.py).

    python3 tests/e2e/test_credentials.py
"""
import atexit
import base64
import hashlib
import os
import subprocess
import sys
import tempfile

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import SuiteServer, uniq  # noqa: E402

SERVER = SuiteServer()


def iam():
    """The root's IAM client; the first call connects (starting a server if need be)."""
    if SERVER.endpoint is None:
        SERVER.open()
        # pytest never reaches __main__'s cleanup: stop the server when the process ends.
        atexit.register(SERVER.close)
    return SERVER.client("iam")


def error_code(fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError(f"{fn.__name__} succeeded")


def run(*cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)


def test_ssh_public_key():
    c = iam()
    user = uniq("ssh")
    c.create_user(UserName=user)
    with tempfile.TemporaryDirectory() as d:
        run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "e2e", "-f", "k", cwd=d)
        pub = open(os.path.join(d, "k.pub")).read()
        pem = subprocess.run(["ssh-keygen", "-e", "-m", "PKCS8", "-f", "k.pub"], cwd=d,
                             check=True, capture_output=True, text=True).stdout
    blob = base64.b64decode(pub.split()[1])
    md5 = hashlib.md5(blob).hexdigest()
    fingerprint = ":".join(md5[i:i + 2] for i in range(0, 32, 2))

    key = c.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=pub)["SSHPublicKey"]
    assert key["Fingerprint"] == fingerprint, key
    kid = key["SSHPublicKeyId"]
    got = c.get_ssh_public_key(UserName=user, SSHPublicKeyId=kid, Encoding="PEM")["SSHPublicKey"]
    assert got["SSHPublicKeyBody"].strip() == pem.strip(), got
    assert error_code(c.upload_ssh_public_key, UserName=user, SSHPublicKeyBody=pem) == "DuplicateSSHPublicKey"
    assert error_code(c.upload_ssh_public_key, UserName=user,
                      SSHPublicKeyBody="ssh-rsa AAAA") == "InvalidPublicKey"
    assert error_code(c.delete_user, UserName=user) == "DeleteConflict"
    c.update_ssh_public_key(UserName=user, SSHPublicKeyId=kid, Status="Inactive")
    listed = c.list_ssh_public_keys(UserName=user)["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["Status"]) for k in listed] == [(kid, "Inactive")]
    c.delete_ssh_public_key(UserName=user, SSHPublicKeyId=kid)
    c.delete_user(UserName=user)


def test_server_certificate():
    c = iam()
    name = uniq("cert")
    with tempfile.TemporaryDirectory() as d:
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
            "-out", "cert.pem", "-days", "30", "-subj", "/CN=e2e.example.com", cwd=d)
        run("openssl", "genrsa", "-out", "other.pem", "2048", cwd=d)
        cert = open(os.path.join(d, "cert.pem")).read()
        key = open(os.path.join(d, "key.pem")).read()
        other = open(os.path.join(d, "other.pem")).read()

    assert error_code(c.upload_server_certificate, ServerCertificateName=name,
                      CertificateBody=cert, PrivateKey=other) == "KeyPairMismatch"
    meta = c.upload_server_certificate(ServerCertificateName=name, Path="/e2e/", CertificateBody=cert,
                                       PrivateKey=key)["ServerCertificateMetadata"]
    assert meta["ServerCertificateId"].startswith("ASCA"), meta
    assert meta["Arn"].endswith(f":server-certificate/e2e/{name}"), meta
    got = c.get_server_certificate(ServerCertificateName=name)["ServerCertificate"]
    assert got["CertificateBody"].strip() == cert.strip()
    assert "PrivateKey" not in got
    names = [m["ServerCertificateName"]
             for m in c.list_server_certificates(PathPrefix="/e2e/")["ServerCertificateMetadataList"]]
    assert name in names
    c.delete_server_certificate(ServerCertificateName=name)
    assert error_code(c.get_server_certificate, ServerCertificateName=name) == "NoSuchEntity"


def test_service_specific_credential():
    c = iam()
    user = uniq("ssc")
    c.create_user(UserName=user)
    cred = c.create_service_specific_credential(
        UserName=user, ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]
    assert cred["ServiceUserName"].startswith(f"{user}-at-"), cred
    assert cred["ServicePassword"]
    listed = c.list_service_specific_credentials(UserName=user)["ServiceSpecificCredentials"]
    assert [x["ServiceSpecificCredentialId"] for x in listed] == [cred["ServiceSpecificCredentialId"]]
    c.delete_service_specific_credential(
        UserName=user, ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])
    c.delete_user(UserName=user)


if __name__ == "__main__":
    failed = 0
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_")]
    try:
        for t in tests:
            try:
                t()
                print(f"ok   {t.__name__}")
            except Exception as e:  # noqa: BLE001 - report every failure, then exit non-zero
                failed += 1
                print(f"FAIL {t.__name__}: {e}")
    finally:
        SERVER.close()
    print(f"{len(tests) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
