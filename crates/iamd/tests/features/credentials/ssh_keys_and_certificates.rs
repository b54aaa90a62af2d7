//! SSH public keys, signing certificates, server certificates and service-specific credentials
//! end to end through `handle` (no socket), signed like the SDKs sign. Keys and certificates
//! are fixtures made with `ssh-keygen` and `openssl` (see `fixtures/README.md`).
use crate::support;
use iam_core::{Iam, Store};
use support::*;

const SSH_2048: &str = include_str!("../fixtures/ssh_rsa_2048.pub");
const SSH_2048_PEM: &str = include_str!("../fixtures/ssh_rsa_2048.pem");
/// `ssh-keygen -l -E md5 -f fixtures/ssh_rsa_2048.pub`
const SSH_2048_MD5: &str = "00:76:f5:21:26:72:ab:28:18:3b:46:31:9c:c4:d6:7d";
const SSH_3072: &str = include_str!("../fixtures/ssh_rsa_3072.pub");
const SSH_1024: &str = include_str!("../fixtures/ssh_rsa_1024.pub");
const SSH_ED25519: &str = include_str!("../fixtures/ssh_ed25519.pub");
const SERVER_CRT: &str = include_str!("../fixtures/server.crt");
const SERVER_KEY: &str = include_str!("../fixtures/server.key");
const SERVER_KEY_PKCS1: &str = include_str!("../fixtures/server_pkcs1.key");
const OTHER_CRT: &str = include_str!("../fixtures/other.crt");
const OTHER_KEY: &str = include_str!("../fixtures/other.key");
const CA_CRT: &str = include_str!("../fixtures/ca.crt");
const LEAF_CRT: &str = include_str!("../fixtures/leaf.crt");
const EXPIRED_CRT: &str = include_str!("../fixtures/expired.crt");

#[tokio::test]
async fn ssh_keys_upload_get_both_encodings_update_list_delete() {
    let h = harness().await;
    h.create_user("alice").await;
    let body = h
        .ok(&[
            ("Action", "UploadSSHPublicKey"),
            ("UserName", "alice"),
            ("SSHPublicKeyBody", SSH_2048),
        ])
        .await;
    let id = tag(&body, "SSHPublicKeyId");
    assert!(id.starts_with("APKA") && id.len() == 20, "{id}");
    assert_eq!(tag(&body, "Fingerprint"), SSH_2048_MD5);
    assert_eq!(tag(&body, "Status"), "Active");
    // The SSH encoding is the key without its comment.
    let canonical = SSH_2048.rsplit_once(' ').unwrap().0;
    assert_eq!(tag(&body, "SSHPublicKeyBody"), canonical);

    let get = |enc: &'static str| {
        let id = id.clone();
        let h = &h;
        async move {
            h.ok(&[
                ("Action", "GetSSHPublicKey"),
                ("UserName", "alice"),
                ("SSHPublicKeyId", &id),
                ("Encoding", enc),
            ])
            .await
        }
    };
    assert_eq!(tag(&get("SSH").await, "SSHPublicKeyBody"), canonical);
    // PEM: byte for byte what `ssh-keygen -e -m PKCS8` writes for the same key.
    let pem = tag(&get("PEM").await, "SSHPublicKeyBody");
    assert_eq!(pem.trim(), SSH_2048_PEM.trim());
    assert_eq!(tag(&get("PEM").await, "Fingerprint"), SSH_2048_MD5);

    // A PEM upload is the same key: a duplicate.
    let (status, code, msg) = h
        .err(&[
            ("Action", "UploadSSHPublicKey"),
            ("UserName", "alice"),
            ("SSHPublicKeyBody", SSH_2048_PEM),
        ])
        .await;
    assert_eq!(
        (status, code.as_str()),
        (400, "DuplicateSSHPublicKey"),
        "{msg}"
    );

    h.ok(&[
        ("Action", "UpdateSSHPublicKey"),
        ("UserName", "alice"),
        ("SSHPublicKeyId", &id),
        ("Status", "Inactive"),
    ])
    .await;
    let list = h
        .ok(&[("Action", "ListSSHPublicKeys"), ("UserName", "alice")])
        .await;
    assert_eq!(count(&list, "member"), 1);
    assert_eq!(tag(&list, "Status"), "Inactive");
    assert!(!list.contains("<Fingerprint>"), "metadata only: {list}");

    // DeleteUser refuses while a key remains.
    let (status, code, msg) = h
        .err(&[("Action", "DeleteUser"), ("UserName", "alice")])
        .await;
    assert_eq!((status, code.as_str()), (409, "DeleteConflict"));
    assert_eq!(
        msg,
        "Cannot delete entity, must delete SSH public keys first."
    );

    h.ok(&[
        ("Action", "DeleteSSHPublicKey"),
        ("UserName", "alice"),
        ("SSHPublicKeyId", &id),
    ])
    .await;
    let (status, code, msg) = h
        .err(&[
            ("Action", "GetSSHPublicKey"),
            ("UserName", "alice"),
            ("SSHPublicKeyId", &id),
            ("Encoding", "SSH"),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));
    assert_eq!(msg, format!("The Public Key with id {id} cannot be found."));
    h.ok(&[("Action", "DeleteUser"), ("UserName", "alice")])
        .await;
}

#[tokio::test]
async fn ssh_key_errors() {
    let h = harness().await;
    h.create_user("bob").await;
    let upload = |body: &'static str| {
        let h = &h;
        async move {
            h.err(&[
                ("Action", "UploadSSHPublicKey"),
                ("UserName", "bob"),
                ("SSHPublicKeyBody", body),
            ])
            .await
        }
    };
    for (body, code) in [
        (SSH_1024, "InvalidPublicKey"),
        ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ", "InvalidPublicKey"),
        ("ssh-rsa not*base64", "InvalidPublicKey"),
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            "InvalidPublicKey",
        ),
        (SSH_ED25519, "UnrecognizedPublicKeyEncoding"),
        ("hello world", "UnrecognizedPublicKeyEncoding"),
    ] {
        let (status, got, msg) = upload(body).await;
        assert_eq!((status, got.as_str()), (400, code), "{body}: {msg}");
    }
    let (status, code, _) = h
        .err(&[
            ("Action", "UploadSSHPublicKey"),
            ("UserName", "nobody"),
            ("SSHPublicKeyBody", SSH_2048),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));
    let (status, code, _) = h
        .err(&[
            ("Action", "GetSSHPublicKey"),
            ("UserName", "bob"),
            ("SSHPublicKeyId", "APKAAAAAAAAAAAAAAAAA"),
            ("Encoding", "DER"),
        ])
        .await;
    assert_eq!(status, 400, "{code}");
}

#[tokio::test]
async fn ssh_keys_limit_is_five_per_user() {
    let h = harness().await;
    h.create_user("carol").await;
    // Five distinct 2048-bit keys: the fixture's modulus with different public exponents.
    let keys = distinct_keys(6);
    for k in &keys[..5] {
        h.ok(&[
            ("Action", "UploadSSHPublicKey"),
            ("UserName", "carol"),
            ("SSHPublicKeyBody", k),
        ])
        .await;
    }
    let (status, code, msg) = h
        .err(&[
            ("Action", "UploadSSHPublicKey"),
            ("UserName", "carol"),
            ("SSHPublicKeyBody", &keys[5]),
        ])
        .await;
    assert_eq!((status, code.as_str()), (409, "LimitExceeded"), "{msg}");
    // Another user is not affected; a 3072-bit key is fine.
    h.create_user("dave").await;
    h.ok(&[
        ("Action", "UploadSSHPublicKey"),
        ("UserName", "dave"),
        ("SSHPublicKeyBody", SSH_3072),
    ])
    .await;
}

/// `n` valid ssh-rsa keys that differ: the fixture's modulus with exponents 3, 5, 7, ….
fn distinct_keys(n: usize) -> Vec<String> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let blob = b64
        .decode(SSH_2048.split_whitespace().nth(1).unwrap())
        .unwrap();
    // blob = string "ssh-rsa" | mpint e | mpint n
    let elen = u32::from_be_bytes(blob[11..15].try_into().unwrap()) as usize;
    let modulus = &blob[15 + elen..];
    (0..n)
        .map(|i| {
            let mut b = blob[..11].to_vec();
            b.extend_from_slice(&1u32.to_be_bytes());
            b.push(3 + 2 * i as u8);
            b.extend_from_slice(modulus);
            format!("ssh-rsa {}", b64.encode(b))
        })
        .collect()
}

#[tokio::test]
async fn signing_certificates() {
    let h = harness().await;
    h.create_user("erin").await;
    let body = h
        .ok(&[
            ("Action", "UploadSigningCertificate"),
            ("UserName", "erin"),
            ("CertificateBody", SERVER_CRT),
        ])
        .await;
    let id = tag(&body, "CertificateId");
    assert_eq!(id.len(), 32);
    assert_eq!(tag(&body, "Status"), "Active");
    assert_eq!(tag(&body, "UserName"), "erin");

    // The same certificate again, for anyone in the account: DuplicateCertificate.
    h.create_user("frank").await;
    let (status, code, _) = h
        .err(&[
            ("Action", "UploadSigningCertificate"),
            ("UserName", "frank"),
            ("CertificateBody", SERVER_CRT),
        ])
        .await;
    assert_eq!((status, code.as_str()), (409, "DuplicateCertificate"));

    for (cert, want) in [
        ("not a certificate", "MalformedCertificate"),
        (
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "MalformedCertificate",
        ),
        (SERVER_KEY, "MalformedCertificate"),
        (EXPIRED_CRT, "InvalidCertificate"),
    ] {
        let (status, code, msg) = h
            .err(&[
                ("Action", "UploadSigningCertificate"),
                ("UserName", "erin"),
                ("CertificateBody", cert),
            ])
            .await;
        assert_eq!((status, code.as_str()), (400, want), "{msg}");
        if want == "MalformedCertificate" {
            // AWS names the body it could not read (recorded: aws-recorded/iam/
            // test_iam_signing_certificates.snapshot.json `upload-invalid-certificate-error`).
            assert_eq!(msg, format!("Certificate {cert} is malformed."));
        }
    }
    let (status, code, msg) = h
        .err(&[
            ("Action", "UploadSigningCertificate"),
            ("UserName", "erin"),
            ("CertificateBody", "invalid-certificate-body"),
        ])
        .await;
    assert_eq!(
        (status, code.as_str(), msg.as_str()),
        (
            400,
            "MalformedCertificate",
            "Certificate invalid-certificate-body is malformed."
        )
    );

    h.ok(&[
        ("Action", "UploadSigningCertificate"),
        ("UserName", "erin"),
        ("CertificateBody", OTHER_CRT),
    ])
    .await;
    let (status, code, msg) = h
        .err(&[
            ("Action", "UploadSigningCertificate"),
            ("UserName", "erin"),
            ("CertificateBody", CA_CRT),
        ])
        .await;
    assert_eq!((status, code.as_str()), (409, "LimitExceeded"));
    // Recorded: test_iam_signing_certificates.snapshot.json `upload-exceeds-limit-error`.
    assert_eq!(msg, "Cannot exceed quota for CertificatesPerUser: 2");

    h.ok(&[
        ("Action", "UpdateSigningCertificate"),
        ("UserName", "erin"),
        ("CertificateId", &id),
        ("Status", "Inactive"),
    ])
    .await;
    let list = h
        .ok(&[("Action", "ListSigningCertificates"), ("UserName", "erin")])
        .await;
    assert_eq!(count(&list, "member"), 2);
    assert!(list.contains("<Status>Inactive</Status>"));

    let (status, code, msg) = h
        .err(&[("Action", "DeleteUser"), ("UserName", "erin")])
        .await;
    assert_eq!((status, code.as_str()), (409, "DeleteConflict"));
    assert_eq!(
        msg,
        "Cannot delete entity, must delete signing certificates first."
    );

    // Someone else's certificate ID is not found under this user.
    let (status, code, _) = h
        .err(&[
            ("Action", "DeleteSigningCertificate"),
            ("UserName", "frank"),
            ("CertificateId", &id),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));
    h.ok(&[
        ("Action", "DeleteSigningCertificate"),
        ("UserName", "erin"),
        ("CertificateId", &id),
    ])
    .await;

    // The root user's own certificate (no UserName) shows in the account summary.
    let summary = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(summary.contains("<key>AccountSigningCertificatesPresent</key><value>0</value>"));
    h.ok(&[
        ("Action", "UploadSigningCertificate"),
        ("CertificateBody", LEAF_CRT),
    ])
    .await;
    let summary = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(
        summary.contains("<key>AccountSigningCertificatesPresent</key><value>1</value>"),
        "{summary}"
    );
}

#[tokio::test]
async fn server_certificates() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    let body = h
        .ok(&[
            ("Action", "UploadServerCertificate"),
            ("ServerCertificateName", "web"),
            ("Path", "/cloudfront/"),
            ("CertificateBody", LEAF_CRT),
            ("PrivateKey", SERVER_KEY),
            ("CertificateChain", CA_CRT),
            ("Tags.member.1.Key", "env"),
            ("Tags.member.1.Value", "prod"),
        ])
        .await;
    let id = tag(&body, "ServerCertificateId");
    assert!(id.starts_with("ASCA") && id.len() == 21, "{id}");
    assert_eq!(
        tag(&body, "Arn"),
        format!("arn:aws:iam::{acct}:server-certificate/cloudfront/web")
    );
    // Expiration is the certificate's Not After (`openssl x509 -enddate`), ten years out.
    let expiration = tag(&body, "Expiration");
    assert!(expiration.as_str() > "2035-01-01", "{expiration}");

    // A PKCS#1 key works too.
    h.ok(&[
        ("Action", "UploadServerCertificate"),
        ("ServerCertificateName", "web2"),
        ("CertificateBody", SERVER_CRT),
        ("PrivateKey", SERVER_KEY_PKCS1),
    ])
    .await;

    let get = h
        .ok(&[
            ("Action", "GetServerCertificate"),
            ("ServerCertificateName", "WEB"),
        ])
        .await;
    // Returned without the PEM files' final newline, as AWS does (Terraform compares trimmed).
    assert_eq!(tag(&get, "CertificateBody"), LEAF_CRT.trim());
    assert_eq!(tag(&get, "CertificateChain"), CA_CRT.trim());
    assert!(LEAF_CRT.ends_with('\n'));
    assert!(!get.contains("PRIVATE KEY"), "never the private key: {get}");
    assert_eq!(tag(&get, "Key"), "env");

    // The private key is sealed at rest.
    let records = h.store.load_all().unwrap();
    let stored: Vec<_> = records.iter().filter(|r| r.kind == "server_cert").collect();
    assert_eq!(stored.len(), 2);
    for r in stored {
        let text = String::from_utf8_lossy(&r.value);
        assert!(
            !text.contains("PRIVATE KEY") && !text.contains("MIIE"),
            "{text}"
        );
    }

    let bad_key = corrupt_key();
    let errors: [Case<'_>; 7] = [
        (
            &[
                ("ServerCertificateName", "web"),
                ("CertificateBody", SERVER_CRT),
                ("PrivateKey", SERVER_KEY),
            ],
            409,
            "EntityAlreadyExists",
        ),
        (
            &[
                ("ServerCertificateName", "x1"),
                ("CertificateBody", SERVER_CRT),
                ("PrivateKey", OTHER_KEY),
            ],
            400,
            "KeyPairMismatch",
        ),
        (
            &[
                ("ServerCertificateName", "x2"),
                ("CertificateBody", "garbage"),
                ("PrivateKey", SERVER_KEY),
            ],
            400,
            "MalformedCertificate",
        ),
        (
            &[
                ("ServerCertificateName", "x3"),
                ("CertificateBody", SERVER_CRT),
                ("PrivateKey", "garbage"),
            ],
            400,
            "MalformedCertificate",
        ),
        (
            &[
                ("ServerCertificateName", "x4"),
                ("CertificateBody", EXPIRED_CRT),
                ("PrivateKey", OTHER_KEY),
            ],
            400,
            "MalformedCertificate",
        ),
        (
            &[
                ("ServerCertificateName", "x5"),
                ("CertificateBody", SERVER_CRT),
                ("PrivateKey", SERVER_KEY),
                ("CertificateChain", "not a chain"),
            ],
            400,
            "MalformedCertificate",
        ),
        (
            // A corrupted private key (one byte of the modulus changed) fails validation.
            &[
                ("ServerCertificateName", "x6"),
                ("CertificateBody", SERVER_CRT),
                ("PrivateKey", &bad_key),
            ],
            400,
            "MalformedCertificate",
        ),
    ];
    for (params, status, code) in errors {
        let mut p = vec![("Action", "UploadServerCertificate")];
        p.extend_from_slice(params);
        let (got_status, got, msg) = h.err(&p).await;
        assert_eq!(
            (got_status, got.as_str()),
            (status, code),
            "{params:?}: {msg}"
        );
        if code == "KeyPairMismatch" {
            assert_eq!(msg, "Public key certificate and private key doesn't match.");
        }
        if params[1].1 == EXPIRED_CRT {
            assert!(msg.starts_with("Certificate is no longer valid."), "{msg}");
        }
    }

    // Rename and move; the old name is gone, the new ARN has the new path.
    h.ok(&[
        ("Action", "UpdateServerCertificate"),
        ("ServerCertificateName", "web"),
        ("NewServerCertificateName", "www"),
        ("NewPath", "/edge/"),
    ])
    .await;
    let (status, code, msg) = h
        .err(&[
            ("Action", "GetServerCertificate"),
            ("ServerCertificateName", "web"),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));
    assert_eq!(msg, "The Server Certificate with name web cannot be found.");
    let (status, code, _) = h
        .err(&[
            ("Action", "UpdateServerCertificate"),
            ("ServerCertificateName", "www"),
            ("NewServerCertificateName", "web2"),
        ])
        .await;
    assert_eq!((status, code.as_str()), (409, "EntityAlreadyExists"));

    let list = h
        .ok(&[
            ("Action", "ListServerCertificates"),
            ("PathPrefix", "/edge/"),
        ])
        .await;
    assert_eq!(count(&list, "member"), 1);
    assert_eq!(
        tag(&list, "Arn"),
        format!("arn:aws:iam::{acct}:server-certificate/edge/www")
    );
    let list = h.ok(&[("Action", "ListServerCertificates")]).await;
    assert_eq!(count(&list, "member"), 2);

    // Tags.
    h.ok(&[
        ("Action", "TagServerCertificate"),
        ("ServerCertificateName", "www"),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", "edge"),
    ])
    .await;
    h.ok(&[
        ("Action", "UntagServerCertificate"),
        ("ServerCertificateName", "www"),
        ("TagKeys.member.1", "env"),
    ])
    .await;
    let tags = h
        .ok(&[
            ("Action", "ListServerCertificateTags"),
            ("ServerCertificateName", "www"),
        ])
        .await;
    assert_eq!(count(&tags, "member"), 1);
    assert_eq!(tag(&tags, "Key"), "team");

    let summary = h.ok(&[("Action", "GetAccountSummary")]).await;
    assert!(
        summary.contains("<key>ServerCertificates</key><value>2</value>"),
        "{summary}"
    );

    // Survives a restart with the same master key.
    let reopened = Iam::open(h.store.clone(), h.master.clone()).unwrap();
    let n = reopened.read(|s| s.account(&acct).unwrap().server_certs.len());
    assert_eq!(n, 2);

    h.ok(&[
        ("Action", "DeleteServerCertificate"),
        ("ServerCertificateName", "www"),
    ])
    .await;
    let (status, code, _) = h
        .err(&[
            ("Action", "DeleteServerCertificate"),
            ("ServerCertificateName", "www"),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));
}

/// Upload parameters, expected status and code.
type Case<'a> = (&'a [(&'a str, &'a str)], u16, &'a str);

/// The fixture key with one byte of its modulus flipped: parses, but is not a valid RSA key.
fn corrupt_key() -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let der_text: String = SERVER_KEY_PKCS1
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let mut der = b64.decode(der_text).unwrap();
    // SEQUENCE(4-byte header) INTEGER version (3 bytes) INTEGER n (4-byte header + 0x00 + …)
    der[4 + 3 + 4 + 10] ^= 0x01;
    let body = b64.encode(der);
    let mut out = String::from("-----BEGIN RSA PRIVATE KEY-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str("-----END RSA PRIVATE KEY-----\n");
    out
}

#[tokio::test]
async fn service_specific_credentials() {
    let h = harness().await;
    let acct = h.iam.default_account().unwrap();
    h.create_user("gina").await;
    let create = |service: &'static str| {
        let h = &h;
        async move {
            h.call(&[
                ("Action", "CreateServiceSpecificCredential"),
                ("UserName", "gina"),
                ("ServiceName", service),
            ])
            .await
        }
    };
    let first = create("codecommit.amazonaws.com").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let id = tag(&first.body, "ServiceSpecificCredentialId");
    assert!(id.starts_with("ACCA"), "{id}");
    assert_eq!(
        tag(&first.body, "ServiceUserName"),
        format!("gina-at-{acct}")
    );
    let password = tag(&first.body, "ServicePassword");
    assert!(password.len() >= 40, "{password}");

    let second = create("codecommit.amazonaws.com").await;
    assert_eq!(
        tag(&second.body, "ServiceUserName"),
        format!("gina+1-at-{acct}")
    );
    let third = create("codecommit.amazonaws.com").await;
    assert_eq!(
        (third.status, tag(&third.body, "Code").as_str()),
        (409, "LimitExceeded")
    );
    // The limit is per service.
    let keyspaces = create("cassandra.amazonaws.com").await;
    assert_eq!(keyspaces.status, 200, "{}", keyspaces.body);
    let bedrock = create("bedrock.amazonaws.com").await;
    assert_eq!(bedrock.status, 200, "{}", bedrock.body);
    assert!(tag(&bedrock.body, "ServiceCredentialSecret").starts_with("ABSK"));
    // AWS answers NoSuchEntity, not the model's NotSupportedService (recorded:
    // tests/conformance/aws-recorded/iam/test_iam.snapshot.json,
    // test_create_service_specific_credential_invalid_service).
    let unsupported = create("s3.amazonaws.com").await;
    assert_eq!(
        (unsupported.status, tag(&unsupported.body, "Code").as_str()),
        (404, "NoSuchEntity")
    );
    assert_eq!(
        tag(&unsupported.body, "Message"),
        "No such service s3.amazonaws.com is supported for Service Specific Credentials"
    );

    // The password is sealed at rest and never listed.
    let records = h.store.load_all().unwrap();
    for r in records.iter().filter(|r| r.kind == "service_cred") {
        assert!(!String::from_utf8_lossy(&r.value).contains(&password));
    }
    let list = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
            ("ServiceName", "codecommit.amazonaws.com"),
        ])
        .await;
    assert_eq!(count(&list, "member"), 2);
    assert!(!list.contains("ServicePassword"));
    let all = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("AllUsers", "true"),
        ])
        .await;
    assert_eq!(count(&all, "member"), 4);

    let reset = h
        .ok(&[
            ("Action", "ResetServiceSpecificCredential"),
            ("UserName", "gina"),
            ("ServiceSpecificCredentialId", &id),
        ])
        .await;
    let new_password = tag(&reset, "ServicePassword");
    assert_ne!(new_password, password);
    assert_eq!(tag(&reset, "ServiceUserName"), format!("gina-at-{acct}"));

    h.ok(&[
        ("Action", "UpdateServiceSpecificCredential"),
        ("UserName", "gina"),
        ("ServiceSpecificCredentialId", &id),
        ("Status", "Inactive"),
    ])
    .await;
    let list = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
        ])
        .await;
    assert!(list.contains("<Status>Inactive</Status>"));

    let (status, code, msg) = h
        .err(&[("Action", "DeleteUser"), ("UserName", "gina")])
        .await;
    assert_eq!((status, code.as_str()), (409, "DeleteConflict"));
    // AWS's recorded text (test_iam.snapshot.json, test_delete_user_after_service_credential_created
    // "delete-user-existing-credential").
    assert_eq!(
        msg,
        "Cannot delete entity, must remove referenced objects first."
    );

    let (status, code, _) = h
        .err(&[
            ("Action", "DeleteServiceSpecificCredential"),
            ("UserName", "gina"),
            ("ServiceSpecificCredentialId", "ACCAAAAAAAAAAAAAAAAAA"),
        ])
        .await;
    assert_eq!((status, code.as_str()), (404, "NoSuchEntity"));

    let ids: Vec<String> = all
        .split("<ServiceSpecificCredentialId>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_string())
        .collect();
    for cid in ids {
        h.ok(&[
            ("Action", "DeleteServiceSpecificCredential"),
            ("UserName", "gina"),
            ("ServiceSpecificCredentialId", &cid),
        ])
        .await;
    }
    h.ok(&[("Action", "DeleteUser"), ("UserName", "gina")])
        .await;
}

/// GetServerCertificate always has `Tags`, an empty list when the certificate has none;
/// UploadServerCertificate and ListServerCertificates leave it out. AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam_server_certificates.snapshot.json,
/// `TestServerCertificate::test_server_certificate_lifecycle[/]` "upload-certificate" and
/// "list-certificates" (no Tags), "get-certificate" (`"Tags": []` in `ServerCertificate`).
#[tokio::test]
async fn get_server_certificate_has_an_empty_tag_list() {
    let h = harness().await;
    let uploaded = h
        .ok(&[
            ("Action", "UploadServerCertificate"),
            ("ServerCertificateName", "plain"),
            ("CertificateBody", SERVER_CRT),
            ("PrivateKey", SERVER_KEY),
        ])
        .await;
    assert_eq!(find_tag(&uploaded, "Tags"), None, "{uploaded}");
    let got = h
        .ok(&[
            ("Action", "GetServerCertificate"),
            ("ServerCertificateName", "plain"),
        ])
        .await;
    let certificate = tag(&got, "ServerCertificate");
    assert_eq!(find_tag(&certificate, "Tags").as_deref(), Some(""), "{got}");
    let listed = h.ok(&[("Action", "ListServerCertificates")]).await;
    assert_eq!(find_tag(&listed, "Tags"), None, "{listed}");
}

/// ListServiceSpecificCredentials has no `IsTruncated` (AWS-recorded:
/// tests/conformance/aws-recorded/iam/test_iam.snapshot.json,
/// `TestIAMServiceSpecificCredentials::test_service_specific_credential_lifecycle[codecommit.amazonaws.com]`
/// "list-service-specific-credentials-response-before-update", and
/// `test_list_service_specific_credential_different_service`
/// "list-service-specific-credentials-response-wrong-service": only `ServiceSpecificCredentials`).
/// A page cut short by MaxItems (not recorded) still says `IsTruncated` true beside its Marker, so
/// paginators keep going.
#[tokio::test]
async fn list_service_specific_credentials_has_no_is_truncated() {
    let h = harness().await;
    h.create_user("gina").await;
    for service in ["codecommit.amazonaws.com", "cassandra.amazonaws.com"] {
        h.ok(&[
            ("Action", "CreateServiceSpecificCredential"),
            ("UserName", "gina"),
            ("ServiceName", service),
        ])
        .await;
    }
    let list = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
        ])
        .await;
    assert_eq!(count(&list, "member"), 2, "{list}");
    assert_eq!(find_tag(&list, "IsTruncated"), None, "{list}");
    let empty = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
            ("ServiceName", "bedrock.amazonaws.com"),
        ])
        .await;
    assert_eq!(
        find_tag(&empty, "ServiceSpecificCredentials").as_deref(),
        Some("")
    );
    assert_eq!(find_tag(&empty, "IsTruncated"), None, "{empty}");
    let page = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
            ("MaxItems", "1"),
        ])
        .await;
    assert_eq!(
        find_tag(&page, "IsTruncated").as_deref(),
        Some("true"),
        "{page}"
    );
    let marker = tag(&page, "Marker");
    let rest = h
        .ok(&[
            ("Action", "ListServiceSpecificCredentials"),
            ("UserName", "gina"),
            ("Marker", &marker),
        ])
        .await;
    assert_eq!(count(&rest, "member"), 1, "{rest}");
    assert_eq!(find_tag(&rest, "IsTruncated"), None, "{rest}");
}
