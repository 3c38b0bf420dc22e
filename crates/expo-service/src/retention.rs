//! Deletion of negotiation requests older than the retention period. The anonymous daily
//! counts in `negotiation_daily_counts` stay, so statistics keep their negotiation figures.

use std::time::Duration;

use crate::clock;
use crate::db::Db;
use crate::on_writer;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How often the service looks for expired requests.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Deletes every negotiation request received more than `retention_days` ago, of every
/// exhibition in the database. Returns the number deleted.
pub async fn delete_expired(db: &Db, retention_days: u32, now_ms: i64) -> Result<u64, sqlx::Error> {
    let cutoff = now_ms - i64::from(retention_days) * DAY_MS;
    on_writer!(db, |pool| {
        sqlx::query("DELETE FROM negotiations WHERE received_at_ms < $1")
            .bind(cutoff)
            .execute(pool)
            .await
            .map(|result| result.rows_affected())
    })
}

/// Runs [`delete_expired`] now and then every [`INTERVAL`], logging only counts.
pub async fn run_periodically(db: Db, retention_days: u32) {
    let mut interval = tokio::time::interval(INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match delete_expired(&db, retention_days, clock::now_ms()).await {
            Ok(0) => tracing::debug!(retention_days, "no expired negotiation requests"),
            Ok(deleted) => tracing::info!(
                deleted,
                retention_days,
                "deleted expired negotiation requests"
            ),
            Err(error) => {
                tracing::error!(%error, "deleting expired negotiation requests failed, retrying in an hour")
            }
        }
    }
}
