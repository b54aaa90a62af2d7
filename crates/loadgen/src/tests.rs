use super::*;

#[test]
fn endpoint_parsing() {
    assert_eq!(
        parse_endpoint("http://127.0.0.1:8080").unwrap(),
        Target {
            addr: "127.0.0.1:8080".into(),
            host_header: "127.0.0.1:8080".into()
        }
    );
    assert_eq!(
        parse_endpoint("http://localhost/").unwrap(),
        Target {
            addr: "localhost:80".into(),
            host_header: "localhost".into()
        }
    );
    assert!(parse_endpoint("https://x").is_err());
    assert!(parse_endpoint("127.0.0.1:80").is_err());
    assert!(parse_endpoint("http://h/path").is_err());
}

#[test]
fn bodies() {
    assert_eq!(
        &create_user_body("lg-a-1-2")[..],
        b"Action=CreateUser&UserName=lg-a-1-2&Version=2010-05-08"
    );
    assert_eq!(
        &query_body("ListUsers", &[("MaxItems", "100")])[..],
        b"Action=ListUsers&MaxItems=100&Version=2010-05-08"
    );
    assert_eq!(
        &assume_role_body("arn:aws:iam::123456789012:role/r", "lg-0-1")[..],
        b"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=lg-0-1&Version=2011-06-15"
    );
}

fn parse_args(extra: &[&str]) -> Args {
    let mut argv = vec!["iamd-loadgen", "--endpoint", "http://127.0.0.1:1"];
    argv.extend_from_slice(extra);
    Args::try_parse_from(argv).unwrap()
}

#[test]
fn session_token_and_service_per_op() {
    let args = parse_args(&[
        "--access-key",
        "ASIA1",
        "--secret-key",
        "S",
        "--session-token",
        "TOK",
        "--op",
        "get-user",
    ]);
    let cfg = build_config(&args).unwrap();
    assert_eq!(cfg.signer.session_token(), Some("TOK"));
    let signed = cfg
        .signer
        .sign_post("h", time::OffsetDateTime::now_utc(), b"x");
    let authorization = &signed[0];
    assert_eq!(authorization.0, "authorization");
    assert!(authorization.1.contains("/us-east-1/iam/aws4_request"));
    assert!(authorization.1.contains(";x-amz-security-token,"));

    let args = parse_args(&[
        "--access-key",
        "AK",
        "--secret-key",
        "S",
        "--op",
        "assume-role",
    ]);
    assert_eq!(
        build_config(&args).err().as_deref(),
        Some("--op assume-role needs --role-arn ARN")
    );
    let args = parse_args(&[
        "--access-key",
        "AK",
        "--secret-key",
        "S",
        "--op",
        "assume-role",
        "--role-arn",
        "arn:aws:iam::123456789012:role/r",
    ]);
    let cfg = build_config(&args).unwrap();
    assert_eq!(cfg.signer.session_token(), None);
    let signed = cfg
        .signer
        .sign_post("h", time::OffsetDateTime::now_utc(), b"x");
    assert!(signed[0].1.contains("/us-east-1/sts/aws4_request"));
}

#[test]
fn credentials_file_session_token() {
    let dir = std::env::temp_dir().join(format!("lg-creds-{}", std::process::id()));
    std::fs::write(
        &dir,
        "[default]\naws_access_key_id=ASIA2\naws_secret_access_key=S\naws_session_token=FILETOK\n",
    )
    .unwrap();
    let args = parse_args(&[
        "--credentials-file",
        dir.to_str().unwrap(),
        "--op",
        "list-users",
    ]);
    let cfg = build_config(&args);
    std::fs::remove_file(&dir).unwrap();
    assert_eq!(cfg.unwrap().signer.session_token(), Some("FILETOK"));
}

#[test]
fn percentiles() {
    let v: Vec<u32> = (1..=100).collect();
    assert_eq!(percentile(&v, 50.0), 50);
    assert_eq!(percentile(&v, 99.0), 99);
    assert_eq!(percentile(&v, 100.0), 100);
    assert_eq!(percentile(&[7], 99.0), 7);
    assert_eq!(percentile(&[], 50.0), 0);
}

#[test]
fn json_escaping() {
    assert_eq!(json_str("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
}
