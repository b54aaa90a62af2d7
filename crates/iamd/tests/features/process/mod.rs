//! `iamd serve` as a child process on a data directory (stdout and stderr kept in files, to be
//! searched), the other subcommands, and SDK clients for the running server.

use aws_credential_types::Credentials;
use aws_smithy_http_client::tls;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longest a server may take to start or stop before the test fails as hung.
const HANG_GUARD: Duration = Duration::from_secs(60);

pub struct Process {
    child: Option<Child>,
    pub endpoint: String,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Process {
    /// Starts `iamd serve` on `data_dir` (with IAMD_LOG=debug: the most it ever logs), its
    /// output going to `logs/stdout-N` and `logs/stderr-N`; returns once it listens.
    pub fn start(data_dir: &Path, logs: &Path) -> Process {
        Self::start_with(data_dir, logs, &[], &[])
    }

    /// `start` with more `serve` arguments and environment variables.
    pub fn start_with(
        data_dir: &Path,
        logs: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Process {
        std::fs::create_dir_all(logs).unwrap();
        let n = std::fs::read_dir(logs).unwrap().count();
        let stdout = logs.join(format!("stdout-{n}"));
        let stderr = logs.join(format!("stderr-{n}"));
        let child = Command::new(env!("CARGO_BIN_EXE_iamd"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(args)
            .env("IAMD_LOG", "debug")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("iamd starts");
        let mut p = Process {
            child: Some(child),
            endpoint: String::new(),
            stdout,
            stderr,
        };
        let started = Instant::now();
        loop {
            let out = std::fs::read_to_string(&p.stdout).unwrap_or_default();
            if let Some(rest) = out.split("iamd listening on ").nth(1)
                && let Some(url) = rest.split(' ').next()
            {
                p.endpoint = url.to_string();
                return p;
            }
            if let Some(status) = p.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("iamd exited with {status}:\n{}", p.output());
            }
            assert!(
                started.elapsed() < HANG_GUARD,
                "iamd did not start:\n{}",
                p.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything the server wrote so far, stdout then stderr.
    pub fn output(&self) -> String {
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        read(&self.stdout) + &read(&self.stderr)
    }

    /// Stops the server with SIGTERM (a clean stop); returns its output.
    pub fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        let _ = Command::new("kill").arg(child.id().to_string()).status();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > HANG_GUARD {
                let _ = child.kill();
                panic!("iamd did not stop:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "iamd exited with {status}");
        self.output()
    }

    /// Stops the server with SIGKILL (a crash: nothing is flushed); returns its output.
    pub fn kill(mut self) -> String {
        let mut child = self.child.take().unwrap();
        let _ = child.kill();
        let _ = child.wait();
        self.output()
    }

    /// An STS client signing for `region` (cn-north-1: partition aws-cn).
    pub fn sts_in(&self, region: &'static str, key: &(String, String)) -> aws_sdk_sts::Client {
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .region(aws_sdk_sts::config::Region::new(region))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(&key.0, &key.1, None, None, "test"))
            .http_client(http_client())
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_sts::Client::from_conf(config)
    }

    pub fn iam(&self, key: &(String, String)) -> aws_sdk_iam::Client {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(&key.0, &key.1, None, None, "test"))
            .http_client(http_client())
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_iam::Client::from_conf(config)
    }

    pub fn cloudtrail(&self, key: &(String, String)) -> aws_sdk_cloudtrail::Client {
        let config = aws_sdk_cloudtrail::Config::builder()
            .behavior_version(aws_sdk_cloudtrail::config::BehaviorVersion::latest())
            .region(aws_sdk_cloudtrail::config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(&key.0, &key.1, None, None, "test"))
            .http_client(http_client())
            .retry_config(aws_sdk_cloudtrail::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_cloudtrail::Client::from_conf(config)
    }

    /// The ARN GetCallerIdentity answers for `key`, or the error code.
    pub async fn caller_arn(&self, key: &(String, String)) -> Result<String, String> {
        self.caller_arn_in("us-east-1", key).await
    }

    /// `caller_arn` signed for `region`.
    pub async fn caller_arn_in(
        &self,
        region: &'static str,
        key: &(String, String),
    ) -> Result<String, String> {
        use aws_sdk_sts::error::ProvideErrorMetadata;
        match self.sts_in(region, key).get_caller_identity().send().await {
            Ok(out) => Ok(out.arn().unwrap_or_default().to_string()),
            Err(e) => Err(e.code().unwrap_or("no error code").to_string()),
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn http_client() -> aws_sdk_iam::config::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// `iamd ARGS… --data-dir DIR`, run to completion.
pub fn iamd(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamd"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("IAMD_LOG", "debug")
        .output()
        .unwrap()
}

/// Waits until the store in `data_dir` holds an event named `event_name` (read by `iamd
/// events`, without the barrier a lookup makes): reads' and refusals' events are committed by
/// the next group commit after the preparer's window, later when the machine is busy (the
/// preparer runs at the lowest priority), and in queue order, so once a request's event is
/// there every event queued before it is too.
pub fn wait_for_event(data_dir: &Path, event_name: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let out = iamd(
            &["events", "--event-name", event_name, "--limit", "1"],
            data_dir,
        );
        assert!(out.status.success(), "{}", text(&out));
        if !out.stdout.is_empty() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {event_name} event committed in 30 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// stdout and stderr of a finished command, as one text.
pub fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The access key ID and secret of a shared-credentials file's `[default]` profile.
pub fn read_credentials(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim_start().strip_prefix('='))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    (value("aws_access_key_id"), value("aws_secret_access_key"))
}

/// The file's permission bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
