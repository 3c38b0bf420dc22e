//! Access tokens for exhibitors (one booth each) and organizers (everything). A token is 32
//! random bytes in hex, shown once when created; the database stores only its SHA-256 hash.

use axum::http::{HeaderMap, StatusCode, header};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::api::ApiError;
use crate::clock;
use crate::db::Db;
use crate::negotiation::request::hex;
use crate::{on_reader, on_writer};

/// Tokens start with this prefix so that a leaked one is easy to recognize in a secret scan.
pub const TOKEN_PREFIX: &str = "expo_";

/// The holder of a token: the organizers or one booth's exhibitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Organizer,
    Booth(String),
}

impl Principal {
    pub fn booth(&self) -> Option<&str> {
        match self {
            Principal::Organizer => None,
            Principal::Booth(booth) => Some(booth),
        }
    }
}

/// One row of `token list`.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub id: i64,
    pub role: String,
    pub booth: Option<String>,
    pub label: String,
    pub created_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
}

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    format!("{TOKEN_PREFIX}{}", hex(&bytes))
}

fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Stores a new token for `exhibition` and returns it. Only its hash is written.
pub async fn create(
    db: &Db,
    exhibition: &str,
    principal: &Principal,
    label: &str,
) -> Result<(i64, String), sqlx::Error> {
    let token = generate();
    let (role, booth) = match principal {
        Principal::Organizer => ("organizer", None),
        Principal::Booth(booth) => ("booth", Some(booth.as_str())),
    };
    let id: i64 = on_writer!(db, |pool| {
        sqlx::query(
            "INSERT INTO access_tokens (token_sha256, exhibition, role, booth, label, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(hash(&token))
        .bind(exhibition)
        .bind(role)
        .bind(booth)
        .bind(label)
        .bind(clock::now_ms())
        .fetch_one(pool)
        .await?
        .try_get("id")?
    });
    Ok((id, token))
}

pub async fn list(db: &Db, exhibition: &str) -> Result<Vec<TokenInfo>, sqlx::Error> {
    on_reader!(db, |pool| {
        let rows = sqlx::query(
            "SELECT id, role, booth, label, created_at_ms, revoked_at_ms FROM access_tokens \
             WHERE exhibition = $1 ORDER BY id",
        )
        .bind(exhibition)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TokenInfo {
                    id: row.try_get("id")?,
                    role: row.try_get("role")?,
                    booth: row.try_get("booth")?,
                    label: row.try_get("label")?,
                    created_at_ms: row.try_get("created_at_ms")?,
                    revoked_at_ms: row.try_get("revoked_at_ms")?,
                })
            })
            .collect()
    })
}

/// Revokes a token. Returns false when no active token of the exhibition has this id.
pub async fn revoke(db: &Db, exhibition: &str, id: i64) -> Result<bool, sqlx::Error> {
    let result = on_writer!(db, |pool| {
        sqlx::query(
            "UPDATE access_tokens SET revoked_at_ms = $1 \
             WHERE id = $2 AND exhibition = $3 AND revoked_at_ms IS NULL",
        )
        .bind(clock::now_ms())
        .bind(id)
        .bind(exhibition)
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(result == 1)
}

/// Finds the principal of the `Authorization: Bearer` token, or returns 401.
pub async fn authenticate(
    db: &Db,
    exhibition: &str,
    headers: &HeaderMap,
) -> Result<Principal, ApiError> {
    let unauthorized = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "需要有效的访问令牌（Authorization: Bearer …）。",
            "A valid access token is required (Authorization: Bearer ...).",
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| token.starts_with(TOKEN_PREFIX) && token.len() <= 128)
        .ok_or_else(unauthorized)?;
    let row = on_reader!(db, |pool| {
        sqlx::query(
            "SELECT role, booth FROM access_tokens \
             WHERE token_sha256 = $1 AND exhibition = $2 AND revoked_at_ms IS NULL",
        )
        .bind(hash(token))
        .bind(exhibition)
        .fetch_optional(pool)
        .await
        .and_then(|row| {
            row.map(|row| {
                Ok((
                    row.try_get::<String, _>("role")?,
                    row.try_get::<Option<String>, _>("booth")?,
                ))
            })
            .transpose()
        })
    })
    .map_err(|error| ApiError::from_database(error, "checking an access token"))?;
    match row {
        Some((role, _)) if role == "organizer" => Ok(Principal::Organizer),
        Some((_, Some(booth))) => Ok(Principal::Booth(booth)),
        _ => Err(unauthorized()),
    }
}

/// Returns 403 unless the principal is an organizer.
pub fn require_organizer(principal: &Principal) -> Result<(), ApiError> {
    match principal {
        Principal::Organizer => Ok(()),
        Principal::Booth(_) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "只有主办方令牌可以查看统计数据。",
            "Only an organizer token can read the statistics.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_prefixed() {
        let token = generate();
        assert!(token.starts_with(TOKEN_PREFIX));
        assert_eq!(token.len(), TOKEN_PREFIX.len() + 64);
        assert_ne!(token, generate());
        assert_eq!(hash(&token).len(), 64);
    }
}
