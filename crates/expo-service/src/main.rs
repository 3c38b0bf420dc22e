use std::io::IsTerminal;
use std::process::ExitCode;
use std::str::FromStr;

use clap::Parser;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Log filter when RUST_LOG is not set: the service's own messages and warnings from libraries.
const DEFAULT_LOG_FILTER: &str = "warn,expo_service=info";

#[tokio::main]
async fn main() -> ExitCode {
    let cli = expo_service::cli::Cli::parse();
    init_logging();
    match expo_service::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard error, filtered by RUST_LOG in the `target=level,...` form.
fn init_logging() {
    let filter = std::env::var("RUST_LOG").ok();
    let targets = filter
        .as_deref()
        .and_then(|value| match Targets::from_str(value) {
            Ok(targets) => Some(targets),
            Err(error) => {
                eprintln!("ignoring RUST_LOG={value:?}: {error}");
                None
            }
        })
        .unwrap_or_else(|| {
            Targets::from_str(DEFAULT_LOG_FILTER).expect("the default filter is valid")
        });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(targets)
        .init();
}
