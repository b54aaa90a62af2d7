//! `iamd-audit` (run as `iamd audit`): reads an account through the IAM API and reports
//! departures from the IAM best practices. A binary of its own so that the server, `iamd`,
//! does not link the AWS SDK it uses as its client.
mod audit;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "iamd audit",
    version,
    about = "Audit an account through the IAM API (iamd or AWS) against the IAM best practices"
)]
struct Cli {
    #[command(flatten)]
    args: audit::AuditArgs,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(audit::run(cli.args)),
        Err(e) => {
            eprintln!("iamd audit: cannot start runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
