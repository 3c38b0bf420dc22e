//! Starting the service and running the commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::app::{self, AppState, Settings};
use crate::catalog::Catalog;
use crate::cli::{Cli, Command, CommonArgs, ServeArgs, TokenCommand};
use crate::db::{self, Db};
use crate::rate_limit::RateLimiter;
use crate::tokens::{self, Principal};
use crate::{clock, precompress, retention};

/// Runs the service, or the command given on the command line.
pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        None => serve(&cli.common, &cli.serve).await,
        Some(Command::Token(command)) => token_command(&cli.common, command).await,
        Some(Command::Precompress { dir }) => {
            let summary = tokio::task::spawn_blocking(move || precompress::run(&dir))
                .await
                .map_err(|error| format!("precompression stopped: {error}"))??;
            tracing::info!(
                written = summary.written,
                up_to_date = summary.up_to_date,
                skipped = summary.skipped,
                "precompressed files"
            );
            Ok(())
        }
    }
}

async fn serve(common: &CommonArgs, args: &ServeArgs) -> Result<(), String> {
    let utc_offset = clock::parse_utc_offset(&args.utc_offset)?;
    check_exhibition_id(&common.exhibition_id)?;
    let catalog = Catalog::load(&common.manifest, &common.exhibition_id)?;
    if let Some(dist) = &args.dist
        && !dist.join("index.html").is_file()
    {
        return Err(format!(
            "{} has no index.html. Pass the folder that `trunk build` wrote with --dist.",
            dist.display()
        ));
    }
    let url = database_url(common)?;
    let db = Db::connect(&url, common.database_max_connections).await?;
    tracing::info!(
        database = db.backend_name(),
        url = %db::redact_url(&url),
        exhibition = %catalog.exhibition_id,
        booths = catalog.booths.len(),
        "database ready"
    );

    tokio::spawn(retention::run_periodically(db.clone(), args.retention_days));

    let state = AppState {
        db: db.clone(),
        catalog: Arc::new(catalog),
        settings: Arc::new(Settings {
            utc_offset,
            trust_proxy: args.trust_proxy,
            dist: args.dist.clone(),
        }),
        negotiation_limiter: Arc::new(RateLimiter::new(
            args.negotiation_rate_per_minute,
            args.negotiation_burst,
        )),
        events_limiter: Arc::new(RateLimiter::new(
            args.events_rate_per_minute,
            args.events_burst,
        )),
    };
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the listening address: {error}"))?;
    // Tests and scripts read the port from this line when started with port 0.
    tracing::info!("listening on http://{address}/");

    let service = app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    tracing::info!("HTTP server stopped, closing the database");
    db.close().await;
    result.map_err(|error| format!("the HTTP server failed: {error}"))
}

/// Waits for Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutdown requested, finishing open requests");
}

async fn token_command(common: &CommonArgs, command: TokenCommand) -> Result<(), String> {
    check_exhibition_id(&common.exhibition_id)?;
    let exhibition = common.exhibition_id.as_str();
    let db = Db::connect(&database_url(common)?, 1).await?;
    let result = match command {
        TokenCommand::Create {
            booth,
            organizer,
            label,
        } => {
            let principal = match (booth, organizer) {
                (_, true) => Principal::Organizer,
                (Some(booth), false) => {
                    let catalog = Catalog::load(&common.manifest, exhibition)?;
                    if catalog.booth(&booth).is_none() {
                        return Err(format!(
                            "the manifest {} has no booth {booth:?}; check the id, or pass the exhibition's manifest with --manifest",
                            common.manifest.display()
                        ));
                    }
                    Principal::Booth(booth)
                }
                (None, false) => return Err("give --booth ID or --organizer".to_owned()),
            };
            let (id, token) = tokens::create(&db, exhibition, &principal, &label)
                .await
                .map_err(|error| format!("cannot store the token: {error}"))?;
            println!("{token}");
            eprintln!(
                "Token {id} created for {}. Store it now: it is not shown again.\n\
                 已创建令牌 {id}（{}）。请立即保存，之后不会再显示。",
                principal
                    .booth()
                    .map_or("the organizer".to_owned(), |booth| format!("booth {booth}")),
                principal
                    .booth()
                    .map_or("主办方".to_owned(), |booth| format!("展位 {booth}")),
            );
            Ok(())
        }
        TokenCommand::List => {
            let list = tokens::list(&db, exhibition)
                .await
                .map_err(|error| format!("cannot list the tokens: {error}"))?;
            println!("id\trole\tbooth\tcreated (UTC)\trevoked (UTC)\tlabel");
            for token in list {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    token.id,
                    token.role,
                    token.booth.as_deref().unwrap_or("-"),
                    clock::rfc3339_utc(token.created_at_ms),
                    token
                        .revoked_at_ms
                        .map_or("-".to_owned(), clock::rfc3339_utc),
                    token.label
                );
            }
            Ok(())
        }
        TokenCommand::Revoke { id } => {
            let revoked = tokens::revoke(&db, exhibition, id)
                .await
                .map_err(|error| format!("cannot revoke the token: {error}"))?;
            if revoked {
                eprintln!("Token {id} revoked. / 令牌 {id} 已吊销。");
                Ok(())
            } else {
                Err(format!(
                    "no active token {id} for the exhibition {exhibition}; see `expo-service token list`"
                ))
            }
        }
    };
    db.close().await;
    result
}

fn check_exhibition_id(id: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id.len() <= crate::fields::MAX_ID_CHARS
        && id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid --exhibition-id {id:?}: use 1 to 64 lowercase letters, digits or hyphens"
        ))
    }
}

/// Returns `--database`, or the SQLite file in the data folder.
fn database_url(common: &CommonArgs) -> Result<String, String> {
    if let Some(url) = &common.database {
        return Ok(url.clone());
    }
    let data_dir = match &common.data_dir {
        Some(dir) => dir.clone(),
        None => default_data_dir().ok_or(
            "no data folder: neither XDG_DATA_HOME nor HOME is set. Pass --data-dir or --database.",
        )?,
    };
    Ok(db::default_sqlite_url(&data_dir))
}

fn default_data_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share"))
        })?;
    Some(base.join("expo-service"))
}
