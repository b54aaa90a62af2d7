//! `iamd-zone` (run as `iamd plan`, `iamd apply`, `iamd export`, `iamd validate`): the landing
//! zone in one file. A binary of its own so that the server, `iamd`, does not link the AWS SDK
//! it uses as its client (ARCHITECTURE.md, invariant 30).
use clap::{Parser, Subcommand};
use iamd_zone::client::{DEFAULT_ENDPOINT, Target};
use iamd_zone::spec::{self, Format};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "iamd",
    bin_name = "iamd",
    version,
    about = "Plan and apply a landing zone (accounts, roles, groups, people) declared in one YAML or JSON file, against iamd or AWS"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Conn {
    /// The endpoint of IAM, STS and Organizations (AWS_ENDPOINT_URL; default: the local iamd).
    #[arg(long, env = "AWS_ENDPOINT_URL", default_value = DEFAULT_ENDPOINT)]
    endpoint_url: String,
    /// Talk to AWS's own endpoints instead (ignores --endpoint-url).
    #[arg(long)]
    aws: bool,
    /// A profile of the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
    /// ~/.aws/credentials); without it AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
    /// AWS_SESSION_TOKEN, then AWS_PROFILE or `default`.
    #[arg(long)]
    profile: Option<String>,
    /// The region of the clients (AWS_REGION, AWS_DEFAULT_REGION; default us-east-1).
    #[arg(long)]
    region: Option<String>,
}

impl Conn {
    fn target(&self) -> Result<Target, String> {
        let endpoint = (!self.aws).then(|| self.endpoint_url.clone());
        Target::from_environment(endpoint, self.profile.clone(), self.region.clone())
            .map_err(|e| e.0)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the changes that would bring the live setup to SPEC (drift included). Exit status:
    /// 0 nothing to change, 2 changes, 1 error (as terraform plan -detailed-exitcode).
    Plan {
        /// The spec file (YAML; JSON when its name ends in .json).
        spec: String,
        #[command(flatten)]
        conn: Conn,
    },
    /// Print the plan and carry it out (no prompt unless --confirm): in dependency order,
    /// parallel where safe; run it again to resume after an interruption.
    Apply {
        /// The spec file (YAML; JSON when its name ends in .json).
        spec: String,
        #[command(flatten)]
        conn: Conn,
        /// Ask before changing anything.
        #[arg(long)]
        confirm: bool,
        /// Write the initial console passwords here (mode 0600) instead of printing them.
        #[arg(long)]
        passwords_file: Option<PathBuf>,
    },
    /// Write the spec of the existing setup (users, groups, roles, accounts, password policy).
    Export {
        #[command(flatten)]
        conn: Conn,
        /// Output file (default: standard output); `.json` writes JSON.
        #[arg(long, short)]
        output: Option<String>,
        /// The role assumed in each member account.
        #[arg(long, default_value = "OrganizationAccountAccessRole")]
        member_role: String,
    },
    /// Check SPEC without calling anything.
    Validate {
        /// The spec file (YAML; JSON when its name ends in .json).
        spec: String,
    },
}

fn load(path: &str) -> Result<spec::Spec, ExitCode> {
    spec::load(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::FAILURE
    })
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Validate { spec } => match load(&spec) {
            Ok(_) => {
                println!("{spec}: valid");
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Plan { spec, conn } => {
            let s = match load(&spec) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let target = match conn.target() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("iamd plan: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match iamd_zone::plan(&s, &target).await {
                Ok(p) => {
                    print!("{p}");
                    if p.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(2)
                    }
                }
                Err(e) => {
                    eprintln!("iamd plan: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Apply {
            spec,
            conn,
            confirm,
            passwords_file,
        } => {
            let s = match load(&spec) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let target = match conn.target() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("iamd apply: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let started = std::time::Instant::now();
            let plan = match iamd_zone::plan(&s, &target).await {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("iamd apply: {e}");
                    return ExitCode::FAILURE;
                }
            };
            print!("{plan}");
            if plan.is_empty() {
                return ExitCode::SUCCESS;
            }
            if confirm {
                print!("Apply these {} change(s)? [y/N] ", plan.change_count());
                let _ = std::io::stdout().flush();
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if !matches!(answer.trim(), "y" | "Y" | "yes") {
                    println!("Nothing changed.");
                    return ExitCode::FAILURE;
                }
            }
            let progress: iamd_zone::Progress = Arc::new(|line: &str| println!("{line}"));
            match iamd_zone::apply(&s, &target, plan, progress).await {
                Ok(report) => {
                    if !report.passwords.is_empty() {
                        let text: String = report
                            .passwords
                            .iter()
                            .map(|(u, p)| format!("{u}\t{p}\n"))
                            .collect();
                        match &passwords_file {
                            Some(path) => {
                                let written = std::fs::OpenOptions::new()
                                    .create(true)
                                    .append(true)
                                    .mode(0o600)
                                    .open(path)
                                    .and_then(|mut f| f.write_all(text.as_bytes()));
                                if let Err(e) = written {
                                    eprintln!("iamd apply: cannot write {}: {e}", path.display());
                                    print!("Initial passwords (user, password):\n{text}");
                                } else {
                                    println!("Initial passwords written to {}", path.display());
                                }
                            }
                            None => print!("Initial passwords (user, password):\n{text}"),
                        }
                    }
                    println!(
                        "Apply complete: {} change(s) in {:.2}s.",
                        report.changes,
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("iamd apply: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Export {
            conn,
            output,
            member_role,
        } => {
            let target = match conn.target() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("iamd export: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let format = output
                .as_deref()
                .map(Format::of_path)
                .unwrap_or(Format::Yaml);
            let text = match iamd_zone::export::export(&target, &member_role)
                .await
                .and_then(|s| iamd_zone::export::render(&s, format))
            {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("iamd export: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match output {
                Some(path) => match std::fs::write(&path, text) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("iamd export: cannot write {path}: {e}");
                        ExitCode::FAILURE
                    }
                },
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(run(cli)),
        Err(e) => {
            eprintln!("iamd: cannot start runtime: {e}");
            ExitCode::FAILURE
        }
    }
}
