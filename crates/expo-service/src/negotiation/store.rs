//! Storage of negotiation requests: one row per idempotency key, which a UNIQUE constraint
//! enforces.

use sqlx::Row;

use crate::db::{Db, is_unique_violation};
use crate::negotiation::request::NegotiationRequest;
use crate::{on_reader, on_writer};

/// How many fresh receipt numbers to try when a generated one is already taken. Two equal
/// receipts on one day are a 1 in 2^30 chance per pair, so a second try is already rare.
const RECEIPT_ATTEMPTS: usize = 5;

/// The stored row that an idempotency key refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReceipt {
    pub receipt: String,
    pub received_at_ms: i64,
    pub body_sha256: String,
}

#[derive(Debug)]
pub enum InsertOutcome {
    /// A new row was committed.
    Created(StoredReceipt),
    /// A row with this idempotency key already existed; its body hash may differ.
    Existing(StoredReceipt),
}

/// Inserts the request and counts it in `negotiation_daily_counts` in one transaction, unless
/// a row with the same idempotency key exists. Returns only after the commit.
///
/// Concurrent calls with one key yield one row: the UNIQUE constraint on the key makes every
/// other insert do nothing (PostgreSQL waits for the first transaction to finish), and those
/// calls then read the committed row.
pub async fn insert(
    db: &Db,
    request: &NegotiationRequest,
    idempotency_key: &str,
    body_sha256: &str,
    received_at_ms: i64,
    day: &str,
    new_receipt: impl Fn() -> String,
) -> Result<InsertOutcome, sqlx::Error> {
    let mut last_error = None;
    for _ in 0..RECEIPT_ATTEMPTS {
        let receipt = new_receipt();
        let attempt = on_writer!(db, |pool| {
            let mut transaction = pool.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO negotiations (receipt, idempotency_key, body_sha256, exhibition, booth, \
                 name, organization, phone, email, topic, message, time_slot, lang, \
                 client_created_at, received_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                 ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            )
            .bind(&receipt)
            .bind(idempotency_key)
            .bind(body_sha256)
            .bind(&request.exhibition)
            .bind(&request.booth)
            .bind(&request.name)
            .bind(&request.organization)
            .bind(&request.phone)
            .bind(&request.email)
            .bind(&request.topic)
            .bind(&request.message)
            .bind(&request.time_slot)
            .bind(request.lang.code())
            .bind(&request.client_created_at)
            .bind(received_at_ms)
            .fetch_optional(&mut *transaction)
            .await;
            match inserted {
                Ok(Some(_)) => {
                    sqlx::query(
                        "INSERT INTO negotiation_daily_counts (exhibition, day, booth, requests) \
                         VALUES ($1, $2, $3, 1) \
                         ON CONFLICT (exhibition, day, booth) \
                         DO UPDATE SET requests = negotiation_daily_counts.requests + 1",
                    )
                    .bind(&request.exhibition)
                    .bind(day)
                    .bind(&request.booth)
                    .execute(&mut *transaction)
                    .await?;
                    transaction.commit().await?;
                    Ok(true)
                }
                Ok(None) => Ok(false),
                Err(error) => Err(error),
            }
        });
        match attempt {
            Ok(true) => {
                return Ok(InsertOutcome::Created(StoredReceipt {
                    receipt,
                    received_at_ms,
                    body_sha256: body_sha256.to_owned(),
                }));
            }
            Ok(false) => {
                if let Some(existing) = find_by_key(db, idempotency_key).await? {
                    return Ok(InsertOutcome::Existing(existing));
                }
                // The row was deleted between the insert and the read (retention), so the
                // key is free again.
            }
            // The only other UNIQUE column is the receipt: draw a new one.
            Err(error) if is_unique_violation(&error) => last_error = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last_error.unwrap_or(sqlx::Error::RowNotFound))
}

async fn find_by_key(db: &Db, idempotency_key: &str) -> Result<Option<StoredReceipt>, sqlx::Error> {
    let row = on_reader!(db, |pool| {
        sqlx::query(
            "SELECT receipt, received_at_ms, body_sha256 FROM negotiations WHERE idempotency_key = $1",
        )
        .bind(idempotency_key)
        .fetch_optional(pool)
        .await?
        .map(|row| -> Result<StoredReceipt, sqlx::Error> {
            Ok(StoredReceipt {
                receipt: row.try_get("receipt")?,
                received_at_ms: row.try_get("received_at_ms")?,
                body_sha256: row.try_get("body_sha256")?,
            })
        })
    });
    row.transpose()
}
