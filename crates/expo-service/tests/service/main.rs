//! Tests of the real `expo-service` binary over HTTP on 127.0.0.1. Every test in a
//! `backend_tests!` list runs twice: on a SQLite file and on PostgreSQL (a database created on
//! the server in EXPO_TEST_POSTGRES_URL, see scripts/postgres.sh).

mod durability;
mod harness;
mod inbox;
mod negotiations;
mod static_files;
mod statistics;
