//! Test harness: an iamd server in-process on a loopback port, and AWS SDK clients pointed at it.

pub mod replay;

use aws_credential_types::Credentials;
use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::config::{BehaviorVersion, Region};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_http_client::tls;
use iam_core::Iam;
use iam_core::secrets::MasterKey;
use serde_json::json;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One running server with its own data directory and the default account's root keys.
pub struct Server {
    pub addr: SocketAddr,
    pub account_id: String,
    pub root_key: (String, String),
    pub iam: Arc<Iam>,
    pub db_path: PathBuf,
    master_key: [u8; 32],
    /// The configuration it serves with (kept across `restart`).
    pub config: iam_server::ServerConfig,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    /// Whether dropping this server reloads its store and compares it with the live state
    /// (off only for `restart`, which reloads it anyway).
    check_reload: bool,
    /// The store, recording each batch: at the end, incremental catch-up is replayed.
    recording: Arc<replay::Recording<iam_store::SqliteStore>>,
    // Dropped last: the store must be gone before the directory is removed.
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(iam_server::ServerConfig::default()).await
    }

    /// A server with this configuration (open mode, say), prepared as `iamd serve` prepares
    /// it (`--open-as-admin-user`'s user created).
    pub async fn start_with(config: iam_server::ServerConfig) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_path = dir.path().join("iamd.db");
        let master = MasterKey::generate();
        let key = *master.as_bytes();
        let mut server = Self::open(&db_path, key, None, config).await;
        server._dir = Some(dir);
        server
    }

    /// Opens (or reopens) a store at `db_path` with the master key `key`.
    async fn open(
        db_path: &Path,
        key: [u8; 32],
        root: Option<(String, String)>,
        config: iam_server::ServerConfig,
    ) -> Self {
        let store = iam_store::SqliteStore::open(db_path).expect("open store");
        let recording = Arc::new(replay::Recording::new(store));
        let master = MasterKey::from_bytes(&key).expect("master key");
        let iam = Arc::new(Iam::open(recording.clone(), master).expect("open iam"));
        let created = iam
            .ensure_default_account(None, iam_core::Partition::aws())
            .await
            .expect("default account");
        let root_key = match (created, root) {
            (Some(c), _) => (c.access_key_id, c.secret_access_key.expose().to_string()),
            (None, Some(root)) => root,
            (None, None) => panic!("no root credentials for a fresh store"),
        };
        let account_id = iam.default_account().expect("default account id");
        iam_server::moto_api::prepare_open_mode(&iam, &config)
            .await
            .expect("open mode's identity");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let _ = iam.public_url.set(format!("http://{addr}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(iam_server::serve(
            listener,
            iam.clone(),
            config.clone(),
            async move {
                let _ = stopped.await;
            },
        ));
        Self {
            addr,
            account_id,
            root_key,
            iam,
            db_path: db_path.to_path_buf(),
            master_key: key,
            config,
            stop: Some(stop),
            task: Some(task),
            check_reload: true,
            recording,
            _dir: None,
        }
    }

    /// Stops this server, drops its `Iam` and store, and opens a new server on the same
    /// database with the same master key, as a process restart would.
    pub async fn restart(mut self) -> Self {
        let dir = self._dir.take();
        let root = self.root_key.clone();
        let (db_path, key, config) = (self.db_path.clone(), self.master_key, self.config.clone());
        self.shutdown().await;
        // No end-of-test check here: the restart reloads the store, and a test may have
        // edited it under the running server to simulate time passing (audit.rs `backdate`).
        // The restarted server is checked when it is dropped.
        self.check_reload = false;
        drop(self);
        let mut server = Self::open(&db_path, key, Some(root), config).await;
        server._dir = dir;
        server
    }

    async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn iam_client(&self) -> aws_sdk_iam::Client {
        self.iam_client_with(&self.root_key.0, &self.root_key.1)
    }

    pub fn sts_client(&self) -> aws_sdk_sts::Client {
        self.sts_client_with(&self.root_key.0, &self.root_key.1)
    }

    pub fn iam_client_with(&self, access_key_id: &str, secret: &str) -> aws_sdk_iam::Client {
        self.iam_client_in("us-east-1", access_key_id, secret)
    }

    /// An IAM client signing for `region` (the SDK signs IAM for the configured region when
    /// the endpoint is overridden): a cn-north-1 client is one of partition `aws-cn`.
    pub fn iam_client_in(
        &self,
        region: &'static str,
        access_key_id: &str,
        secret: &str,
    ) -> aws_sdk_iam::Client {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(access_key_id, secret, None, None, "test"))
            .http_client(http_client())
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_iam::Client::from_conf(config)
    }

    pub fn sts_client_with(&self, access_key_id: &str, secret: &str) -> aws_sdk_sts::Client {
        self.sts_client_in("us-east-1", access_key_id, secret)
    }

    /// An STS client signing for `region`.
    pub fn sts_client_in(
        &self,
        region: &'static str,
        access_key_id: &str,
        secret: &str,
    ) -> aws_sdk_sts::Client {
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .region(aws_sdk_sts::config::Region::new(region))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(access_key_id, secret, None, None, "test"))
            .http_client(http_client())
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_sts::Client::from_conf(config)
    }

    /// A CloudTrail client (LookupEvents), signing with a key or with temporary credentials.
    pub fn cloudtrail_client_with(
        &self,
        access_key_id: &str,
        secret: &str,
        session_token: Option<&str>,
    ) -> aws_sdk_cloudtrail::Client {
        self.cloudtrail_client_in("us-east-1", access_key_id, secret, session_token)
    }

    /// A CloudTrail client signing for `region` (a cn-north-1 client reaches an aws-cn account).
    pub fn cloudtrail_client_in(
        &self,
        region: &'static str,
        access_key_id: &str,
        secret: &str,
        session_token: Option<&str>,
    ) -> aws_sdk_cloudtrail::Client {
        let config = aws_sdk_cloudtrail::Config::builder()
            .behavior_version(aws_sdk_cloudtrail::config::BehaviorVersion::latest())
            .region(aws_sdk_cloudtrail::config::Region::new(region))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(
                access_key_id,
                secret,
                session_token.map(str::to_string),
                None,
                "test",
            ))
            .http_client(http_client())
            .retry_config(aws_sdk_cloudtrail::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_cloudtrail::Client::from_conf(config)
    }

    /// An IAM client signing with temporary credentials.
    pub fn iam_client_session(&self, creds: &SessionCreds) -> aws_sdk_iam::Client {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(
                &creds.0,
                &creds.1,
                Some(creds.2.clone()),
                None,
                "test",
            ))
            .http_client(http_client())
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_iam::Client::from_conf(config)
    }

    /// An STS client signing with temporary credentials.
    pub fn sts_client_session(&self, creds: &SessionCreds) -> aws_sdk_sts::Client {
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .region(aws_sdk_sts::config::Region::new("us-east-1"))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(
                &creds.0,
                &creds.1,
                Some(creds.2.clone()),
                None,
                "test",
            ))
            .http_client(http_client())
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_sts::Client::from_conf(config)
    }

    /// An AWS Organizations action run in process as the root user of `account_id` (the
    /// SDK clients here speak IAM and STS only): for setting up organizations in tests.
    pub async fn org(
        &self,
        account_id: &str,
        action: &str,
        input: serde_json::Value,
    ) -> iam_core::IamResult<serde_json::Value> {
        let caller = iam_core::Caller {
            account_id: account_id.to_string(),
            partition: self
                .iam
                .account_partition(account_id)
                .expect("an account of this server"),
            principal: iam_core::Principal::Root,
            access_key_id: "AKIAORGSETUP".into(),
            session: None,
            mfa_auth_time: None,
        };
        let op = iam_organizations::operation(action).expect("an Organizations action");
        self.iam
            .execute(
                op,
                Some(&caller),
                &iam_core::Input::new(input),
                &iam_core::RequestInfo::default(),
            )
            .await
    }

    /// Creates an organization with `feature_set` managed by the default account.
    pub async fn organization(&self, feature_set: &str) -> String {
        let out = self
            .org(
                &self.account_id,
                "CreateOrganization",
                json!({"FeatureSet": feature_set}),
            )
            .await
            .expect("create organization");
        out["Organization"]["Id"].as_str().unwrap().to_string()
    }

    pub async fn trust_iam(&self) {
        self.org(
            &self.account_id,
            "EnableAWSServiceAccess",
            json!({"ServicePrincipal": "iam.amazonaws.com"}),
        )
        .await
        .expect("enable trusted access");
    }

    /// A member account, created through Organizations' CreateAccount.
    pub async fn member(&self, name: &str) -> String {
        let out = self
            .org(
                &self.account_id,
                "CreateAccount",
                json!({"AccountName": name, "Email": format!("{name}@example.com")}),
            )
            .await
            .expect("create account");
        out["CreateAccountStatus"]["AccountId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Credentials of an AdministratorAccess user of the management account.
    pub async fn admin(&self, name: &str) -> (String, String) {
        let (_, id, secret) = self.user_client(name).await;
        self.iam_client()
            .attach_user_policy()
            .user_name(name)
            .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
            .send()
            .await
            .unwrap();
        (id, secret)
    }

    /// A session in `account` through its OrganizationAccountAccessRole.
    pub async fn member_session(&self, account: &str) -> SessionCreds {
        let (id, secret) = self.admin(&format!("hop-{account}")).await;
        let c = self
            .sts_client_with(&id, &secret)
            .assume_role()
            .role_arn(format!(
                "arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
            ))
            .role_session_name("hop")
            .send()
            .await
            .unwrap()
            .credentials
            .unwrap();
        (c.access_key_id, c.secret_access_key, c.session_token)
    }

    /// Creates user `name` with one access key and returns an IAM client signing as that user.
    pub async fn user_client(&self, name: &str) -> (aws_sdk_iam::Client, String, String) {
        let root = self.iam_client();
        root.create_user()
            .user_name(name)
            .send()
            .await
            .expect("create user");
        let key = root
            .create_access_key()
            .user_name(name)
            .send()
            .await
            .expect("create access key")
            .access_key
            .expect("access key");
        let (id, secret) = (key.access_key_id, key.secret_access_key);
        (self.iam_client_with(&id, &secret), id, secret)
    }
}

/// At the end of every test (unless it is already failing), the SQLite store is reloaded and
/// its state must equal the live one: a handler that changes memory without writing the
/// records (its `tx.put` / `tx.delete`) fails the test that calls it.
impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if self.check_reload && !std::thread::panicking() {
            let store = iam_store::SqliteStore::open(&self.db_path).expect("second store handle");
            let master = MasterKey::from_bytes(&self.master_key).expect("master key");
            let reloaded = Iam::open(Arc::new(store), master)
                .expect("the store reloads at the end of the test");
            assert_same_persisted_state(&self.iam, &reloaded);
            // INVARIANT (incremental-catch-up): a node that applied these batches record by
            // record holds what the reload holds.
            self.recording
                .assert_incremental_replay(&reloaded, &master_for_replay(self.master_key));
        }
        let unknown = iam_wire::xml::take_unknown_output_keys();
        assert!(
            unknown.is_empty(),
            "output keys their model does not know (handler typos): {unknown:?}"
        );
    }
}

fn master_for_replay(key: [u8; 32]) -> MasterKey {
    MasterKey::from_bytes(&key).expect("master key")
}

/// Panics, showing the lines that differ, when the persisted parts of `live` and `reloaded`
/// are not equal (`iam_core::persisted_state_diff`).
pub fn assert_same_persisted_state(live: &Iam, reloaded: &Iam) {
    if let Some(diff) = iam_core::persisted_state_diff(live, reloaded) {
        panic!(
            "the state reloaded from the store differs from the live one \
             (a mutation without its record?):\n{diff}"
        );
    }
}

fn http_client() -> aws_sdk_iam::config::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// Temporary credentials: access key ID, secret, session token.
pub type SessionCreds = (String, String, String);

/// An error response as the SDK saw it: HTTP status, AWS error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// Asserts status and code, returning `self` for message checks.
    #[track_caller]
    pub fn expect(self, status: u16, code: &str) -> Self {
        assert_eq!(
            (self.status, self.code.as_str()),
            (status, code),
            "unexpected error: {self:?}"
        );
        self
    }

    #[track_caller]
    pub fn message_is(&self, message: &str) {
        assert_eq!(self.message, message, "unexpected message in {self:?}");
    }
}

/// Unwraps the error of an SDK call that must fail with a service error.
#[track_caller]
pub fn api_error<T: std::fmt::Debug, E>(result: Result<T, SdkError<E, HttpResponse>>) -> ApiError
where
    E: ProvideErrorMetadata + std::fmt::Debug,
{
    let err = match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    };
    let status = match err.raw_response() {
        Some(r) => r.status().as_u16(),
        None => panic!("no HTTP response: {err:?}"),
    };
    ApiError {
        status,
        code: err.code().unwrap_or_default().to_string(),
        message: err.message().unwrap_or_default().to_string(),
    }
}

/// Builds a tag.
pub fn tag(key: &str, value: &str) -> aws_sdk_iam::types::Tag {
    aws_sdk_iam::types::Tag::builder()
        .key(key)
        .value(value)
        .build()
        .expect("tag")
}

/// A small valid identity policy document.
pub fn policy_doc(action: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
    )
}

/// Policy documents come back URL-encoded in the XML (RFC 3986), and the SDK does not decode them.
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8 after decoding")
}
