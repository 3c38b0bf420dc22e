//! Database connection for SQLite or PostgreSQL, chosen by the URL, and schema migrations.
//!
//! Queries are written once in SQL that both databases accept and run on either pool through
//! [`on_writer!`](crate::on_writer) and [`on_reader!`](crate::on_reader), which expand the same
//! code once per backend.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// How long a request waits for a free database connection before it fails with 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a SQLite statement waits for another process (such as `expo-service token`) to
/// release the database lock.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connection pools of one database.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite allows one writer at a time, so all writes go through a pool of one connection
    /// and queue there instead of retrying on a locked database. Reads use their own pool.
    Sqlite {
        write: SqlitePool,
        read: SqlitePool,
    },
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the pool that writes, on either backend.
#[macro_export]
macro_rules! on_writer {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { write: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$pool` bound to a pool for reading, on either backend.
#[macro_export]
macro_rules! on_reader {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { read: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    /// Opens the database at `url` (`sqlite://PATH` or `postgres://...`) and applies the
    /// migrations that are missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, String> {
        let db = if url.starts_with("sqlite:") {
            connect_sqlite(url, max_connections).await?
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            connect_postgres(url, max_connections).await?
        } else {
            return Err(format!(
                "unsupported database URL {}: use sqlite://PATH or postgres://...",
                redact_url(url)
            ));
        };
        db.migrate().await?;
        Ok(db)
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    async fn migrate(&self) -> Result<(), String> {
        let result = match self {
            Db::Sqlite { write, .. } => sqlite_migrator().run(write).await,
            // Several instances may start at once. sqlx takes an advisory lock, so only one
            // of them applies the migrations.
            Db::Postgres(pool) => postgres_migrator().run(pool).await,
        };
        result.map_err(|error| format!("database migration failed: {error}"))
    }

    /// Checks that the database runs a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_reader!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

async fn connect_sqlite(url: &str, max_connections: u32) -> Result<Db, String> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|error| format!("invalid SQLite URL {url}: {error}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL syncs the write-ahead log at every commit, so a receipt sent after a commit
        // survives a power loss, not only a crash of the service.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(SQLITE_BUSY_TIMEOUT);
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|error| {
            format!(
                "cannot create the database folder {}: {error}",
                parent.display()
            )
        })?;
    }
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options.clone())
        .await
        .map_err(|error| format!("cannot open the SQLite database {url}: {error}"))?;
    let read = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|error| format!("cannot open the SQLite database {url}: {error}"))?;
    Ok(Db::Sqlite { write, read })
}

async fn connect_postgres(url: &str, max_connections: u32) -> Result<Db, String> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|error| format!("invalid PostgreSQL URL {}: {error}", redact_url(url)))?
        .application_name("expo-service");
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|error| {
            format!(
                "cannot connect to PostgreSQL at {}: {error}",
                redact_url(url)
            )
        })?;
    Ok(Db::Postgres(pool))
}

fn sqlite_migrator() -> Migrator {
    Migrator::with_migrations(vec![migration(
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
    )])
}

fn postgres_migrator() -> Migrator {
    Migrator::with_migrations(vec![migration(
        1,
        "init",
        include_str!("../migrations/postgres/0001_init.sql"),
    )])
}

fn migration(version: i64, description: &'static str, sql: &'static str) -> Migration {
    Migration::new(
        version,
        description.into(),
        MigrationType::Simple,
        sql.into_sql_str(),
        false,
    )
}

/// Returns whether `error` is a violation of a UNIQUE constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database_error) if database_error.is_unique_violation())
}

/// Returns the URL with its password replaced by `***`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find('/')
        .map_or(url.len(), |index| authority_start + index);
    let authority = &url[authority_start..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let credentials = &authority[..at];
    let Some(colon) = credentials.find(':') else {
        return url.to_owned();
    };
    format!(
        "{}{}:***{}",
        &url[..authority_start],
        &credentials[..colon],
        &url[authority_start + at..]
    )
}

/// Returns the default SQLite URL for a data folder.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("expo-service.db").display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(
            redact_url("postgres://expo:secret@127.0.0.1:5432/expo"),
            "postgres://expo:***@127.0.0.1:5432/expo"
        );
        assert_eq!(
            redact_url("postgres://expo@db/expo"),
            "postgres://expo@db/expo"
        );
        assert_eq!(
            redact_url("sqlite:///var/lib/expo.db"),
            "sqlite:///var/lib/expo.db"
        );
    }
}
