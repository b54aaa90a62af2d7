//! The `iamd` binary: command line, configuration, tracing, and the choice of store.

mod events;

use clap::{Parser, Subcommand};
use iam_core::secrets::MasterKey;
use iam_core::store::Store;
use iam_core::{Iam, NewRootCredentials, Partition, Quotas};
use iam_server::{ListenerConfig, ServerConfig};
use iam_store::{PostgresStore, SqliteStore};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// `iamd audit …` and `iamd plan|apply|export|validate …`: run the `iamd-audit` or
/// `iamd-zone` binary beside this one with the same arguments. They are separate binaries so the
/// server does not link the AWS SDK (their client).
fn run_sibling(name: &str, package: &str, args: &[String]) -> std::process::ExitCode {
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)));
    let Some(program) = sibling.filter(|p| p.exists()) else {
        eprintln!("iamd: {name} is not installed beside iamd (cargo build -p {package} builds it)");
        return std::process::ExitCode::FAILURE;
    };
    match std::process::Command::new(&program).args(args).status() {
        Ok(status) => match status.code() {
            Some(0) => std::process::ExitCode::SUCCESS,
            Some(code) => std::process::ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => std::process::ExitCode::FAILURE,
        },
        Err(e) => {
            eprintln!("iamd: cannot run {}: {e}", program.display());
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_zone(command: &str, mut args: Vec<String>) -> std::process::ExitCode {
    args.insert(0, command.to_string());
    run_sibling("iamd-zone", "iamd-zone", &args)
}

/// The request path allocates many small, short-lived buffers; mimalloc's thread-local free
/// lists cut glibc malloc's share of a GetUser (~13% in a perf profile) by about half.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "iamd",
    version,
    about = "A self-hosted, AWS-compatible IAM and STS service"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Audit an account through the IAM API (iamd or AWS) against the IAM best practices
    /// (runs `iamd-audit`, installed beside `iamd`; `iamd audit --help` lists its options).
    #[command(disable_help_flag = true)]
    Audit {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print the changes that would bring the live setup to a landing-zone spec (YAML/JSON):
    /// accounts, roles, groups, people; exit 0 none, 2 changes, 1 error (runs `iamd-zone`;
    /// `iamd plan --help` lists its options).
    #[command(disable_help_flag = true)]
    Plan {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Carry out a landing-zone spec: the plan, in dependency order, resumable (runs `iamd-zone`).
    #[command(disable_help_flag = true)]
    Apply {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Write the landing-zone spec of an existing setup (runs `iamd-zone`).
    #[command(disable_help_flag = true)]
    Export {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Check a landing-zone spec without calling anything (runs `iamd-zone`).
    #[command(disable_help_flag = true)]
    Validate {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Create another account in a data directory (while the server is stopped), with root
    /// credentials written to DIR/credentials-ACCOUNT. Running servers create accounts through
    /// the Organizations API (CreateAccount) instead. With --store postgres://… (a cluster),
    /// the nodes may run: they pick the new account up at once.
    CreateAccount(CreateAccountArgs),
    /// Set the JSON Web Key Set an OpenID Connect provider signs tokens with (iamd cannot fetch
    /// it from the provider: no network). AssumeRoleWithWebIdentity checks tokens against it.
    /// Run while the server is stopped (with --store postgres://…, the nodes may run).
    SetOidcJwks(SetOidcJwksArgs),
    /// Break-glass for a locked-out root user (say, one that deleted its only access key): issue
    /// a new root access key for an account, write it to DIR/credentials (DIR/credentials-ACCOUNT
    /// for an account other than the default one) and record the recovery in the store. Whoever
    /// holds the data directory may do this, as AWS's root recovery rests on the account's
    /// e-mail. Refused while a server uses the data directory. With --store postgres://… (a
    /// cluster) the nodes may run: the key goes through the cluster's change sequence, and
    /// every live node holds it when the command returns.
    RecoverRoot(RecoverRootArgs),
    /// Copy a store into another, empty one: an SQLite data directory into PostgreSQL or back
    /// (records and audit events; the servers of both stopped). The master key stays the
    /// source's: into a data directory it is copied (from --from's data directory, or
    /// --master-key-file / IAMD_MASTER_KEY); out of one, give it to the PostgreSQL nodes.
    Migrate(MigrateArgs),
    /// Print the audit events of a data directory (or of a cluster's PostgreSQL database,
    /// --store) as JSON lines (one CloudTrail record per line), filtered; --follow keeps
    /// printing new ones. Reads the database only: safe while the server runs.
    Events(events::EventsArgs),
}

#[derive(clap::Args)]
struct MigrateArgs {
    /// The source: a data directory (SQLite) or a postgres:// URL.
    #[arg(long)]
    from: String,
    /// The destination, empty: a data directory (SQLite) or a postgres:// URL.
    #[arg(long)]
    to: String,
    /// The master key (32 bytes) when no data directory holds it (PostgreSQL to SQLite).
    #[arg(long, env = "IAMD_MASTER_KEY_FILE")]
    master_key_file: Option<PathBuf>,
}

#[derive(clap::Args)]
struct RecoverRootArgs {
    /// Data directory of the server (with --store: where the credentials file is written).
    #[arg(long, env = "IAMD_DATA_DIR", default_value = "./iamd-data")]
    data_dir: PathBuf,
    /// The cluster's PostgreSQL database (postgres://…) instead of the data directory's
    /// SQLite: the change goes through the cluster's write lock and change sequence, so
    /// running nodes pick it up (it is acknowledged once every live node holds it). Needs the
    /// cluster's master key (--master-key-file or IAMD_MASTER_KEY).
    #[arg(long, env = "IAMD_STORE", value_name = "URL")]
    store: Option<String>,
    /// The master key (32 bytes, or 64 hex digits) of a PostgreSQL store's nodes; the
    /// environment variable IAMD_MASTER_KEY (64 hex digits) also gives it.
    #[arg(long, env = "IAMD_MASTER_KEY_FILE", value_name = "FILE")]
    master_key_file: Option<PathBuf>,
    /// The account whose root user gets the new key (default: the default account).
    #[arg(long)]
    account_id: Option<String>,
}

#[derive(clap::Args)]
struct SetOidcJwksArgs {
    /// Data directory of the server.
    #[arg(long, env = "IAMD_DATA_DIR", default_value = "./iamd-data")]
    data_dir: PathBuf,
    /// The cluster's PostgreSQL database (postgres://…) instead of the data directory's
    /// SQLite: the change goes through the cluster's write lock and change sequence, so
    /// running nodes pick it up (it is acknowledged once every live node holds it). Needs the
    /// cluster's master key (--master-key-file or IAMD_MASTER_KEY).
    #[arg(long, env = "IAMD_STORE", value_name = "URL")]
    store: Option<String>,
    /// The master key (32 bytes, or 64 hex digits) of a PostgreSQL store's nodes; the
    /// environment variable IAMD_MASTER_KEY (64 hex digits) also gives it.
    #[arg(long, env = "IAMD_MASTER_KEY_FILE", value_name = "FILE")]
    master_key_file: Option<PathBuf>,
    /// The provider's ARN, e.g. arn:aws:iam::123456789012:oidc-provider/token.example.com
    #[arg(long)]
    provider_arn: String,
    /// A file holding the JWKS document ({"keys": [...]}).
    #[arg(long)]
    jwks: PathBuf,
}

#[derive(clap::Args)]
struct CreateAccountArgs {
    /// Data directory of the server (with --store: where the credentials file is written).
    #[arg(long, env = "IAMD_DATA_DIR", default_value = "./iamd-data")]
    data_dir: PathBuf,
    /// The cluster's PostgreSQL database (postgres://…) instead of the data directory's
    /// SQLite: the change goes through the cluster's write lock and change sequence, so
    /// running nodes pick it up (it is acknowledged once every live node holds it). Needs the
    /// cluster's master key (--master-key-file or IAMD_MASTER_KEY).
    #[arg(long, env = "IAMD_STORE", value_name = "URL")]
    store: Option<String>,
    /// The master key (32 bytes, or 64 hex digits) of a PostgreSQL store's nodes; the
    /// environment variable IAMD_MASTER_KEY (64 hex digits) also gives it.
    #[arg(long, env = "IAMD_MASTER_KEY_FILE", value_name = "FILE")]
    master_key_file: Option<PathBuf>,
    /// The new account's 12-digit ID (random when omitted).
    #[arg(long)]
    account_id: Option<String>,
    /// The partition the new account belongs to: its ARNs say `arn:PARTITION:`, and its
    /// credentials are accepted only when signed for one of the partition's regions (aws,
    /// aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc).
    #[arg(long, value_name = "PARTITION", default_value = "aws")]
    partition: Partition,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "IAMD_LISTEN", default_value = "127.0.0.1:4566")]
    listen: String,
    /// Data directory: the database, the master key and the root credentials file.
    #[arg(long, env = "IAMD_DATA_DIR", default_value = "./iamd-data")]
    data_dir: PathBuf,
    /// Where the working set is stored: unset, the SQLite database in the data directory (one
    /// node); or a PostgreSQL URL (postgres://user:password@host:port/db), which several
    /// iamd nodes may share: any node answers any request. Nodes sharing a database need the
    /// same master key (--master-key-file or IAMD_MASTER_KEY).
    #[arg(long, env = "IAMD_STORE", value_name = "URL")]
    store: Option<String>,
    /// The master key (32 bytes: sealed secrets, session tokens) from this file instead of
    /// DATA_DIR/master.key; the environment variable IAMD_MASTER_KEY (64 hex digits) also
    /// gives it. Every node of a cluster must have the same.
    #[arg(long, env = "IAMD_MASTER_KEY_FILE", value_name = "FILE")]
    master_key_file: Option<PathBuf>,
    /// Open mode for local testing: unknown access keys act as the default account's root
    /// without signature checks, POST /moto-api/reset clears all state, and POST
    /// /moto-api/reset-auth (body: N, or inf) authenticates every request after the next N.
    #[arg(long, env = "IAMD_OPEN")]
    open: bool,
    /// Open mode: unknown access keys act as this IAM user of the default account, created at
    /// start (and after a reset) with AdministratorAccess attached, instead of the root user.
    /// For suites that call AssumeRole, which AWS refuses to the root user.
    #[arg(
        long,
        env = "IAMD_OPEN_AS_ADMIN_USER",
        requires = "open",
        value_name = "NAME"
    )]
    open_as_admin_user: Option<String>,
    /// The URL clients reach this server at; outbound identity federation issuers are
    /// published under it (default: http:// and the listening address).
    #[arg(long, env = "IAMD_PUBLIC_URL")]
    public_url: Option<String>,
    /// The default account's ID (open mode defaults to 123456789012; otherwise random).
    #[arg(long, env = "IAMD_ACCOUNT_ID")]
    account_id: Option<String>,
    /// The partition the default account is created in (default aws): its ARNs say
    /// `arn:PARTITION:`, and its credentials are accepted only when signed for one of the
    /// partition's regions (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f,
    /// aws-eusc). Chosen once, when the account is created: a later start refuses another.
    #[arg(long, env = "IAMD_PARTITION", value_name = "PARTITION")]
    partition: Option<Partition>,
    /// Audit mode: requests that policies deny are logged (with the deciding statements) and
    /// allowed. For teams moving from moto, where nothing is enforced.
    #[arg(long, env = "IAMD_AUDIT_ONLY", conflicts_with = "no_enforcement")]
    audit_only: bool,
    /// No policy evaluation at all (moto's default): requests are authenticated and every
    /// authenticated caller may call everything. The baseline of bench/enforcement.sh.
    #[arg(long, env = "IAMD_NO_ENFORCEMENT")]
    no_enforcement: bool,
    /// Records no audit events (CloudTrail LookupEvents then finds nothing new): for measuring
    /// what the audit trail costs. The request log lines are still written.
    #[arg(long, env = "IAMD_NO_AUDIT_TRAIL")]
    no_audit_trail: bool,
    /// Write the audit events as CloudTrail log files under this directory, for a SIEM or any
    /// CloudTrail tooling: gzip JSON `{"Records":[…]}` in AWS's S3 key layout
    /// (DIR/AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/…json.gz), one file per account and
    /// region every rotation window. Off by default.
    #[arg(long, env = "IAMD_TRAIL_DIR", value_name = "DIR")]
    trail_dir: Option<PathBuf>,
    /// Minutes between two deliveries of CloudTrail log files (AWS delivers about every 5).
    #[arg(long, env = "IAMD_TRAIL_ROTATE_MINUTES", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    trail_rotate_minutes: u64,
    /// Seconds between two deliveries, instead of minutes (for tests).
    #[arg(long, env = "IAMD_TRAIL_ROTATE_SECONDS", hide = true,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    trail_rotate_seconds: Option<u64>,
    /// Delete audit events older than this many days (in small batches, every hour and at
    /// start; never one the CloudTrail log files have not delivered yet). Default: every event
    /// is kept.
    #[arg(long, env = "IAMD_EVENT_RETENTION_DAYS", value_name = "DAYS",
          value_parser = clap::value_parser!(u32).range(1..))]
    event_retention_days: Option<u32>,
    /// Seconds between two flushes of usage timestamps (access keys' last use,
    /// PasswordLastUsed, service last accessed), which the request path keeps in memory: a
    /// node's death (kill -9) loses at most this window of them, never an acknowledged write.
    #[arg(long, env = "IAMD_USAGE_FLUSH_SECS", default_value_t = iam_core::activity::USAGE_FLUSH_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    usage_flush_secs: u64,
    /// Users per account (AWS's default quota is 5000).
    #[arg(long, env = "IAMD_MAX_USERS_PER_ACCOUNT", default_value_t = 5000)]
    max_users_per_account: usize,
    /// Seconds a client has to send a request's headers (from connecting, or from the first
    /// byte of the next request on a keep-alive connection); then the connection is closed.
    #[arg(long, env = "IAMD_HEADER_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    header_timeout_secs: u64,
    /// Seconds a client has to send a request's body once its headers are in; then it gets
    /// 400 RequestTimeout and the connection is closed.
    #[arg(long, env = "IAMD_BODY_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    body_timeout_secs: u64,
    /// Seconds a keep-alive connection may stay idle between requests before it is closed.
    #[arg(long, env = "IAMD_IDLE_TIMEOUT_SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    idle_timeout_secs: u64,
    /// Connections served at once; more wait in the listen backlog until one closes. Keep it
    /// below the open-file limit (ulimit -n).
    #[arg(long, env = "IAMD_MAX_CONNECTIONS", default_value_t = 4096,
          value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("IAMD_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colours for a terminal only: a log file or journal gets plain `key="value"` fields
        // (one line per request, searched and joined to its audit event by request ID).
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("iamd: cannot start runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Serve(args) => runtime.block_on(serve(args)),
        Command::Audit { args } => return run_sibling("iamd-audit", "iamd", &args),
        Command::Plan { args } => return run_zone("plan", args),
        Command::Apply { args } => return run_zone("apply", args),
        Command::Export { args } => return run_zone("export", args),
        Command::Validate { args } => return run_zone("validate", args),
        Command::CreateAccount(args) => runtime.block_on(create_account(args)),
        Command::SetOidcJwks(args) => runtime.block_on(set_oidc_jwks(args)),
        Command::RecoverRoot(args) => runtime.block_on(recover_root(args)),
        Command::Events(args) => events::run(args),
        Command::Migrate(args) => runtime.block_on(migrate(args)),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("iamd: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    iam_server::ops::install_metrics();
    let dir = &args.data_dir;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    let _lock = lock_data_dir(dir)?;
    let master = master_key(args.master_key_file.as_deref(), dir)?;
    type Stores = (
        Arc<dyn Store>,
        Option<Arc<SqliteStore>>,
        Option<Arc<PostgresStore>>,
    );
    let (store, sqlite, postgres): Stores = match &args.store {
        Some(url) if iam_store::postgres::is_postgres_url(url) => {
            let pg = Arc::new(PostgresStore::open(url).map_err(|e| e.to_string())?);
            (pg.clone(), None, Some(pg))
        }
        Some(other) => {
            return Err(format!(
                "--store {other:?}: expected a postgres:// URL (SQLite is the default: no --store)"
            ));
        }
        None => {
            let s = Arc::new(SqliteStore::open(dir.join("iamd.db")).map_err(|e| e.to_string())?);
            (s.clone(), Some(s), None)
        }
    };
    let mut iam = Iam::open(store.clone(), master).map_err(|e| e.to_string())?;
    iam.quotas = Quotas {
        users_per_account: args.max_users_per_account,
        ..Quotas::default()
    };
    if args.audit_only {
        iam.enforcement = iam_core::EnforcementMode::AuditOnly;
    }
    if args.no_enforcement {
        iam.enforcement = iam_core::EnforcementMode::Off;
    }
    let iam = Arc::new(iam);
    let account_id = match (&args.account_id, args.open) {
        (Some(id), _) => Some(id.clone()),
        (None, true) => Some("123456789012".to_string()),
        (None, false) => None,
    };
    if let Some(id) = &account_id
        && (id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("--account-id must be 12 digits, got {id:?}"));
    }
    let created = iam
        .ensure_default_account(account_id.as_deref(), args.partition.unwrap_or_default())
        .await
        .map_err(|e| e.to_string())?;
    let account = iam.default_account().unwrap_or_default();
    let partition = iam.account_partition(&account).unwrap_or_default();
    if let Some(wanted) = args.partition
        && wanted != partition
    {
        return Err(format!(
            "the default account {account} is in partition {partition}: an account's partition \
             is chosen when it is created (--partition {wanted} applies to a new data directory)"
        ));
    }
    let creds_path = dir.join("credentials");
    if let Some(creds) = &created {
        write_credentials(&creds_path, creds)?;
        // Never the secret itself: stdout and stderr end up in journald and container logs.
        eprintln!(
            "iamd: created account {} with root access key {}; its secret is in {} (mode 0600)",
            creds.account_id,
            creds.access_key_id,
            creds_path.display(),
        );
    }
    let config = ServerConfig {
        open: args.open,
        open_as_admin_user: args.open_as_admin_user.clone(),
        audit_trail: !args.no_audit_trail,
        ..ServerConfig::default()
    };
    iam_server::moto_api::prepare_open_mode(&iam, &config)
        .await
        .map_err(|e| format!("--open-as-admin-user: {e}"))?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let _ = iam.public_url.set(
        args.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}")),
    );
    let trail = match &args.trail_dir {
        Some(trail_dir) => {
            let rotate = args.trail_rotate_seconds.map_or(
                Duration::from_secs(args.trail_rotate_minutes * 60),
                Duration::from_secs,
            );
            let started = match (&sqlite, &args.store) {
                (Some(sqlite), _) => {
                    iam_store::trail::TrailHandle::start(trail_dir, sqlite.path(), rotate)
                }
                // Every node runs one: each window is delivered by one of them.
                (None, Some(url)) => {
                    iam_store::trail::TrailHandle::start_postgres(trail_dir, url, rotate)
                }
                (None, None) => return Err("--trail-dir: no store".into()),
            };
            Some(started.map_err(|e| format!("--trail-dir: {e}"))?)
        }
        None => None,
    };
    let delivered = trail
        .as_ref()
        .map(iam_store::trail::TrailHandle::delivered_seq);
    let retention = args
        .event_retention_days
        .and_then(|days| match (&sqlite, &postgres) {
            (Some(s), _) => Some(iam_store::retention::spawn(
                s.clone(),
                days,
                delivered.clone(),
            )),
            // Every node prunes: a batch deletes what is old, whichever node runs it, never
            // past the cluster's trail cursor (read by the batch itself).
            (None, Some(pg)) => Some(iam_store::retention::spawn(pg.clone(), days, None)),
            (None, None) => None,
        });
    // Several nodes on one database: apply the changes the others commit.
    let follower = tokio::spawn(iam.clone().follow_store());
    let shutdown = shutdown_signal();
    println!(
        "iamd listening on http://{addr} (account {account} in partition {partition}, data {}, \
         credentials {}{})",
        dir.display(),
        creds_path.display(),
        [
            if args.open { ", open mode" } else { "" },
            &args
                .open_as_admin_user
                .as_ref()
                .map(|name| format!(" as user {name}"))
                .unwrap_or_default(),
            match iam.enforcement {
                iam_core::EnforcementMode::Enforce => "",
                iam_core::EnforcementMode::AuditOnly => ", audit mode",
                iam_core::EnforcementMode::Off => ", enforcement off",
            },
        ]
        .concat()
    );
    let _ = std::io::stdout().flush();
    // Usage timestamps are recorded in memory on the request path and persisted here (with
    // the deletion of expired reports, jobs and throttle buckets: `flush_activity`).
    let flusher = {
        let iam = iam.clone();
        let every = std::time::Duration::from_secs(args.usage_flush_secs);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = iam.flush_key_usage().await {
                    tracing::warn!(error = %e, "could not persist access-key usage");
                }
                if let Err(e) = iam.flush_activity().await {
                    tracing::warn!(error = %e, "could not persist access activity");
                }
            }
        })
    };
    let limits = ListenerConfig {
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        body_timeout: Duration::from_secs(args.body_timeout_secs),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
    };
    let served = iam_server::serve_with(listener, iam.clone(), config, limits, shutdown).await;
    flusher.abort();
    follower.abort();
    if let Err(e) = iam.flush_key_usage().await {
        tracing::warn!(error = %e, "could not persist access-key usage");
    }
    if let Err(e) = iam.flush_activity().await {
        tracing::warn!(error = %e, "could not persist access activity");
    }
    if let Some(task) = retention {
        task.abort();
    }
    if let Some(trail) = trail {
        // Every request has finished: once the store has committed their events (a
        // barrier), the open window is delivered.
        if let Ok(Err(e)) = store.submit(Vec::new()).await {
            tracing::warn!(error = %e, "store barrier before the last trail delivery failed");
        }
        let _ = tokio::task::spawn_blocking(move || trail.stop()).await;
    }
    served.map_err(|e| e.to_string())
}

/// The store of an operator command: the data directory's SQLite (which must exist), or with
/// `--store postgres://…` the cluster's database, opened as a tool (`PostgresStore::open_tool`:
/// its writes take the cluster's write lock and are seen by the running nodes), with the
/// cluster's master key. Returns the `Iam` over it and whether it is PostgreSQL.
fn open_for_command(
    dir: &Path,
    store: Option<&str>,
    master_key_file: Option<&Path>,
    what: &str,
) -> Result<(Iam, bool), String> {
    match store {
        Some(url) if iam_store::postgres::is_postgres_url(url) => {
            if master_key_file.is_none()
                && std::env::var_os("IAMD_MASTER_KEY").is_none()
                && !dir.join("master.key").exists()
            {
                return Err(
                    "the records are sealed with the cluster's master key: give it with \
                     --master-key-file or IAMD_MASTER_KEY"
                        .into(),
                );
            }
            let master = master_key(master_key_file, dir)?;
            let store = PostgresStore::open_tool(url).map_err(|e| e.to_string())?;
            let iam = Iam::open(Arc::new(store), master).map_err(|e| {
                format!("{e} (is this the master key the cluster's nodes were started with?)")
            })?;
            Ok((iam, true))
        }
        Some(other) => Err(format!(
            "--store {other:?}: expected a postgres:// URL (SQLite is the default: no --store)"
        )),
        None => {
            if !dir.join("master.key").exists() {
                return Err(format!(
                    "{} is not an iamd data directory{what}",
                    dir.display()
                ));
            }
            let master = load_or_create_master_key(&dir.join("master.key"))?;
            let store = SqliteStore::open(dir.join("iamd.db")).map_err(|e| e.to_string())?;
            let iam = Iam::open(Arc::new(store), master).map_err(|e| e.to_string())?;
            Ok((iam, false))
        }
    }
}

/// The directory a command run against PostgreSQL writes its credentials file into.
fn credentials_dir(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

async fn set_oidc_jwks(args: SetOidcJwksArgs) -> Result<(), String> {
    let jwks = std::fs::read_to_string(&args.jwks)
        .map_err(|e| format!("cannot read {}: {e}", args.jwks.display()))?;
    let account = iam_core::arns::split_iam(&args.provider_arn)
        .map(|(_, account, _)| account)
        .filter(|a| a.len() == 12)
        .ok_or_else(|| format!("{} is not an OIDC provider ARN", args.provider_arn))?
        .to_string();
    let (iam, _) = open_for_command(
        &args.data_dir,
        args.store.as_deref(),
        args.master_key_file.as_deref(),
        "",
    )?;
    iam.put_openid_connect_provider_jwks(&account, &args.provider_arn, &jwks)
        .await
        .map_err(|e| e.to_string())?;
    println!("keys set for {}", args.provider_arn);
    Ok(())
}

async fn create_account(args: CreateAccountArgs) -> Result<(), String> {
    let dir = &args.data_dir;
    let id = match args.account_id {
        Some(id) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => id,
        Some(id) => return Err(format!("--account-id must be 12 digits, got {id:?}")),
        None => iam_core::ids::new_account_id(),
    };
    let (iam, pg) = open_for_command(
        dir,
        args.store.as_deref(),
        args.master_key_file.as_deref(),
        " (run `iamd serve` once first)",
    )?;
    if pg {
        credentials_dir(dir)?;
    }
    let creds = iam
        .create_account(&id, args.partition)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("account {id} already exists"))?;
    let path = dir.join(format!("credentials-{id}"));
    write_credentials(&path, &creds)?;
    println!(
        "created account {id} in partition {}; root access key {} with its secret in {}",
        args.partition,
        creds.access_key_id,
        path.display()
    );
    Ok(())
}

async fn recover_root(args: RecoverRootArgs) -> Result<(), String> {
    let dir = &args.data_dir;
    let on_postgres = args
        .store
        .as_deref()
        .is_some_and(iam_store::postgres::is_postgres_url);
    // SQLite: the server keeps its own working set, so it must not run meanwhile. PostgreSQL:
    // the change goes through the cluster's change sequence, which the nodes follow.
    let _lock = if on_postgres || args.store.is_some() {
        None
    } else {
        if !dir.join("master.key").exists() {
            return Err(format!("{} is not an iamd data directory", dir.display()));
        }
        Some(lock_data_dir(dir)?)
    };
    let (iam, pg) = open_for_command(
        dir,
        args.store.as_deref(),
        args.master_key_file.as_deref(),
        "",
    )?;
    if pg {
        credentials_dir(dir)?;
    }
    let default = iam.default_account();
    let account = match args.account_id {
        Some(id) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => id,
        Some(id) => return Err(format!("--account-id must be 12 digits, got {id:?}")),
        None => default.clone().ok_or_else(|| {
            if pg {
                "the database has no default account".to_string()
            } else {
                format!("{} has no default account", dir.display())
            }
        })?,
    };
    let root_keys = |iam: &Iam| iam.read(|s| s.account(&account).map(|a| a.keys_of(None).to_vec()));
    let before = root_keys(&iam).unwrap_or_default();
    let creds = iam
        .recover_root_access_key(&account)
        .await
        .map_err(|e| e.to_string())?;
    let after = root_keys(&iam).unwrap_or_default();
    let path = if default.as_deref() == Some(account.as_str()) {
        dir.join("credentials")
    } else {
        dir.join(format!("credentials-{account}"))
    };
    write_credentials(&path, &creds)?;
    let deleted: Vec<&str> = before
        .iter()
        .filter(|k| !after.contains(k))
        .map(String::as_str)
        .collect();
    let kept: Vec<&str> = after
        .iter()
        .filter(|k| **k != creds.access_key_id)
        .map(String::as_str)
        .collect();
    eprintln!(
        "iamd: break-glass: issued root access key {} for account {account}, recorded in the \
         store{}{}",
        creds.access_key_id,
        if deleted.is_empty() {
            String::new()
        } else {
            format!(
                "; deleted inactive root access key {} to make room",
                deleted.join(", ")
            )
        },
        if kept.is_empty() {
            String::new()
        } else {
            format!(
                "; the root user also still has {}: delete it if its secret is lost",
                kept.join(", ")
            )
        },
    );
    println!(
        "root access key {} for account {account}; its secret is in {}",
        creds.access_key_id,
        path.display()
    );
    Ok(())
}

/// Holds DIR/iamd.lock (an advisory lock the kernel releases when the process exits, so never
/// stale) for as long as the returned file lives: `serve` and `recover-root` never share a data
/// directory, since each process keeps its own working set and would not see the other's writes.
fn lock_data_dir(dir: &Path) -> Result<std::fs::File, String> {
    let path = dir.join("iamd.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "{} is in use by another iamd process (a running server?); stop it first",
            dir.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

/// Installs the SIGTERM/SIGINT handlers now (before the "listening" line, so a supervisor's
/// SIGTERM right after start still stops the server cleanly) and resolves on either signal.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate()).ok();
    let int = signal(SignalKind::interrupt()).ok();
    async move {
        let (Some(mut term), Some(mut int)) = (term, int) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
}

fn write_private(path: &Path, contents: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    f.write_all(contents)
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The master key: `--master-key-file`, else IAMD_MASTER_KEY (64 hex digits), else the data
/// directory's `master.key` (created on first start).
fn master_key(file: Option<&Path>, dir: &Path) -> Result<MasterKey, String> {
    if let Some(file) = file {
        let bytes =
            std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        return master_key_from(&bytes)
            .ok_or_else(|| format!("{} is not a 32-byte key", file.display()));
    }
    if let Ok(hex_key) = std::env::var("IAMD_MASTER_KEY") {
        return master_key_from(hex_key.trim().as_bytes())
            .ok_or_else(|| "IAMD_MASTER_KEY is not 64 hex digits".to_string());
    }
    load_or_create_master_key(&dir.join("master.key"))
}

/// A key as 32 raw bytes or as 64 hex digits (with or without a final newline).
fn master_key_from(bytes: &[u8]) -> Option<MasterKey> {
    if bytes.len() == 32 {
        return MasterKey::from_bytes(bytes);
    }
    let text = std::str::from_utf8(bytes).ok()?.trim();
    MasterKey::from_bytes(&hex::decode(text).ok()?)
}

/// `iamd migrate`: records, then events, from one store into another, empty one.
async fn migrate(args: MigrateArgs) -> Result<(), String> {
    let pg_from = iam_store::postgres::is_postgres_url(&args.from);
    let pg_to = iam_store::postgres::is_postgres_url(&args.to);
    let from_dir = (!pg_from).then(|| PathBuf::from(&args.from));
    let to_dir = (!pg_to).then(|| PathBuf::from(&args.to));
    if let Some(dir) = &from_dir
        && !dir.join("iamd.db").exists()
    {
        return Err(format!("{} is not an iamd data directory", dir.display()));
    }
    let records = if pg_from {
        PostgresStore::open(&args.from)
            .and_then(|s| s.load_all())
            .map_err(|e| e.to_string())?
    } else {
        let dir = from_dir.clone().unwrap_or_default();
        let _lock = lock_data_dir(&dir)?;
        SqliteStore::open(dir.join("iamd.db"))
            .and_then(|s| s.load_all())
            .map_err(|e| e.to_string())?
    };
    let n = records.len();
    let mut copied_events = 0usize;
    if pg_to {
        let to = PostgresStore::open(&args.to).map_err(|e| e.to_string())?;
        to.import(records).map_err(|e| e.to_string())?;
        let mut after = 0;
        loop {
            let batch = match &from_dir {
                Some(dir) => iam_store::reader::EventReader::open(&dir.join("iamd.db"))
                    .and_then(|r| r.full_events(after, 1000)),
                None => PostgresStore::open(&args.from).and_then(|s| s.events_after(after, 1000)),
            }
            .map_err(|e| e.to_string())?;
            let Some(last) = batch.last().map(|e| e.seq) else {
                break;
            };
            after = last;
            copied_events += batch.len();
            to.import_events(batch.into_iter().map(|e| e.record).collect())
                .map_err(|e| e.to_string())?;
        }
    } else {
        let dir = to_dir.clone().unwrap_or_default();
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
        let _lock = lock_data_dir(&dir)?;
        let key_path = dir.join("master.key");
        if !key_path.exists() {
            let key = match (&from_dir, &args.master_key_file) {
                (_, Some(file)) => master_key(Some(file), &dir)?,
                (Some(src), None) => master_key(None, src)?,
                (None, None) => match std::env::var("IAMD_MASTER_KEY") {
                    Ok(_) => master_key(None, Path::new("/nonexistent"))?,
                    Err(_) => {
                        return Err(
                            "the records are sealed with the cluster's master key: give it with \
                             --master-key-file or IAMD_MASTER_KEY"
                                .into(),
                        );
                    }
                },
            };
            write_private(&key_path, key.as_bytes())?;
        }
        let to = SqliteStore::open(dir.join("iamd.db")).map_err(|e| e.to_string())?;
        if !to.load_all().map_err(|e| e.to_string())?.is_empty() {
            return Err(format!("{} already holds records", dir.display()));
        }
        let changes = records
            .into_iter()
            .map(|r| iam_core::store::Change::Put {
                kind: record_kind(&r.kind),
                key: r.key,
                value: r.value,
            })
            .collect();
        to.submit(changes)
            .await
            .map_err(|_| "store writer stopped".to_string())?
            .map_err(|e| e.to_string())?;
        let mut after = 0;
        loop {
            let batch = match &from_dir {
                Some(src) => iam_store::reader::EventReader::open(&src.join("iamd.db"))
                    .and_then(|r| r.full_events(after, 1000)),
                None => PostgresStore::open(&args.from).and_then(|s| s.events_after(after, 1000)),
            }
            .map_err(|e| e.to_string())?;
            let Some(last) = batch.last().map(|e| e.seq) else {
                break;
            };
            after = last;
            copied_events += batch.len();
            if let Some(wait) =
                to.append_events(batch.into_iter().map(|e| e.record).collect(), false)
            {
                let _ = wait.await;
            }
        }
        to.submit(Vec::new())
            .await
            .map_err(|_| "store writer stopped".to_string())?
            .map_err(|e| e.to_string())?;
    }
    println!(
        "copied {n} records and {copied_events} audit events into {}",
        if pg_to { "PostgreSQL" } else { &args.to }
    );
    Ok(())
}

/// A record kind read from a store as the `'static` name `Change::Put` takes.
fn record_kind(kind: &str) -> &'static str {
    const KINDS: &[&str] = &[
        iam_core::state::KIND_ACCOUNT,
        iam_core::state::KIND_USER,
        iam_core::state::KIND_GROUP,
        iam_core::state::KIND_POLICY,
        iam_core::state::KIND_KEY,
        iam_core::state::KIND_META,
        iam_core::state::KIND_ROLE,
        iam_core::state::KIND_INSTANCE_PROFILE,
        iam_core::state::KIND_ORG,
        iam_core::state::KIND_MFA,
        iam_core::state::KIND_SSH_KEY,
        iam_core::state::KIND_SIGNING_CERT,
        iam_core::state::KIND_SERVER_CERT,
        iam_core::state::KIND_SERVICE_CRED,
        iam_core::state::KIND_OIDC_PROVIDER,
        iam_core::state::KIND_SAML_PROVIDER,
        iam_core::activity::KIND_ACCESS,
        iam_core::break_glass::KIND_BREAK_GLASS,
    ];
    KINDS
        .iter()
        .find(|k| **k == kind)
        .copied()
        .unwrap_or_else(|| Box::leak(kind.to_string().into_boxed_str()))
}

fn load_or_create_master_key(path: &Path) -> Result<MasterKey, String> {
    match std::fs::read(path) {
        Ok(bytes) => MasterKey::from_bytes(&bytes)
            .ok_or_else(|| format!("{} is not a 32-byte key", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = MasterKey::generate();
            write_private(path, key.as_bytes())?;
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn write_credentials(path: &Path, creds: &NewRootCredentials) -> Result<(), String> {
    let text = format!(
        "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
        creds.access_key_id,
        creds.secret_access_key.expose()
    );
    write_private(path, text.as_bytes())
}
