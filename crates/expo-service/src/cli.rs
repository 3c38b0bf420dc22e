//! Command-line options. Every option can also be set with the environment variable named in
//! its help text, which is how a service manager usually configures the service.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The exhibition this service receives requests for, until the manifest carries its own id.
pub const DEFAULT_EXHIBITION_ID: &str = "guangxi-2022";

#[derive(Debug, Parser)]
#[command(
    name = "expo-service",
    version,
    about = "Serves the built expo-hall, receives negotiation requests and visit events, \
             and gives exhibitors and organizers an inbox and statistics."
)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Options of the service; commands ignore them.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Runs the service when no command is given.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by the service and its commands.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Folder for the default SQLite database file. Default: $XDG_DATA_HOME/expo-service or
    /// ~/.local/share/expo-service.
    #[arg(long, env = "EXPO_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database URL: sqlite://PATH for a SQLite file (created when missing) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE for PostgreSQL. Default:
    /// sqlite://<data dir>/expo-service.db.
    #[arg(long, env = "EXPO_DATABASE_URL", global = true, value_name = "URL")]
    pub database: Option<String>,

    /// Maximum number of database connections this instance opens. SQLite always uses one
    /// writing connection plus this many reading connections.
    #[arg(long, env = "EXPO_DATABASE_MAX_CONNECTIONS", global = true, default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_max_connections: u32,

    /// Exhibition manifest that lists the booths, zones and exhibitors.
    #[arg(
        long,
        env = "EXPO_MANIFEST",
        global = true,
        value_name = "PATH",
        default_value = "scenes/guangxi-2022/manifest.json"
    )]
    pub manifest: PathBuf,

    /// Id of the exhibition that requests and events must name.
    #[arg(long, env = "EXPO_EXHIBITION_ID", global = true, value_name = "ID",
          default_value = DEFAULT_EXHIBITION_ID)]
    pub exhibition_id: String,
}

/// Options of the running service.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Port 0 picks a free port, which the service logs.
    #[arg(
        long,
        env = "EXPO_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR:PORT"
    )]
    pub listen: SocketAddr,

    /// Folder of the built hall (trunk's dist), served at /. Without it only the API and the
    /// inbox page are served.
    #[arg(long, env = "EXPO_DIST", value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Days to keep negotiation requests, which contain personal data. Older requests are
    /// deleted at start and then every hour.
    #[arg(long, env = "EXPO_RETENTION_DAYS", default_value_t = 365,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub retention_days: u32,

    /// UTC offset of the exhibition's calendar, as +HH:MM or -HH:MM. Statistics days and the
    /// date in receipt numbers use it.
    #[arg(
        long,
        env = "EXPO_UTC_OFFSET",
        default_value = "+08:00",
        value_name = "OFFSET",
        allow_hyphen_values = true
    )]
    pub utc_offset: String,

    /// Take the client address for rate limiting from the last X-Forwarded-For entry, as
    /// added by the one reverse proxy in front of the service. Only set this behind a proxy.
    #[arg(long, env = "EXPO_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Negotiation requests each client address may send per minute, on average.
    #[arg(long, env = "EXPO_NEGOTIATION_RATE_PER_MINUTE", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub negotiation_rate_per_minute: u32,

    /// Negotiation requests a client address may send at once before the average applies.
    #[arg(long, env = "EXPO_NEGOTIATION_BURST", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub negotiation_burst: u32,

    /// Visit event batches each client address may send per minute, on average.
    #[arg(long, env = "EXPO_EVENTS_RATE_PER_MINUTE", default_value_t = 600,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub events_rate_per_minute: u32,

    /// Visit event batches a client address may send at once before the average applies.
    #[arg(long, env = "EXPO_EVENTS_BURST", default_value_t = 300,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub events_burst: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Creates, lists and revokes exhibitor and organizer access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Writes Brotli (.br) and gzip (.gz) copies next to the compressible files of a built hall,
    /// which the service then sends to browsers that accept them.
    Precompress {
        /// Folder of the built hall.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Creates a token and prints it once on standard output. Only its SHA-256 hash is stored.
    Create {
        /// Booth whose negotiation requests the token may read and mark handled.
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "organizer",
            conflicts_with = "organizer"
        )]
        booth: Option<String>,
        /// Create an organizer token, which can read every booth's requests and the statistics.
        #[arg(long)]
        organizer: bool,
        /// Note stored with the token to tell tokens apart in `token list`, such as the
        /// exhibitor and the date it was handed out.
        #[arg(long, default_value = "", value_name = "TEXT")]
        label: String,
    },
    /// Lists the tokens of the exhibition (ids, roles, booths, labels; never the tokens).
    List,
    /// Revokes a token by the id that `token list` shows.
    Revoke {
        /// Token id from `token list`.
        id: i64,
    },
}
