//! Minimal reader for the AWS shared credentials file format.

/// Credentials read from a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: Option<String>,
}

/// Parses the `[profile]` section of a shared credentials file.
pub fn parse(text: &str, profile: &str) -> Result<Credentials, String> {
    let mut in_profile = false;
    let mut found = false;
    let (mut ak, mut sk, mut token) = (None, None, None);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            let name = name.strip_prefix("profile ").unwrap_or(name).trim();
            in_profile = name == profile;
            found |= in_profile;
            continue;
        }
        if !in_profile {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim().to_owned();
        match k.trim().to_ascii_lowercase().as_str() {
            "aws_access_key_id" => ak = Some(v),
            "aws_secret_access_key" => sk = Some(v),
            "aws_session_token" => token = Some(v),
            _ => {}
        }
    }
    if !found {
        return Err(format!("profile [{profile}] not found"));
    }
    match (ak, sk) {
        (Some(access_key), Some(secret_key)) => Ok(Credentials {
            access_key,
            secret_key,
            session_token: token.filter(|t| !t.is_empty()),
        }),
        _ => Err(format!(
            "profile [{profile}] lacks aws_access_key_id or aws_secret_access_key"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_default_profile() {
        let text = "# comment\n[other]\naws_access_key_id = X\n\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key=secret/+=\n";
        let c = parse(text, "default").unwrap();
        assert_eq!(c.access_key, "AKIA1");
        assert_eq!(c.secret_key, "secret/+=");
        assert_eq!(c.session_token, None);
        assert_eq!(
            parse(text, "other").unwrap_err(),
            "profile [other] lacks aws_access_key_id or aws_secret_access_key"
        );
        assert!(parse(text, "missing").is_err());
    }

    #[test]
    fn parses_session_token() {
        let text = "[default]\r\naws_access_key_id=A\r\naws_secret_access_key=B\r\naws_session_token=T\r\n";
        let c = parse(text, "default").unwrap();
        assert_eq!(c.session_token.as_deref(), Some("T"));
    }
}
