//! The organizers' service for expo-hall. It serves the built hall, stores the negotiation
//! requests that visitors send from booths and the anonymous visit events of the hall, and
//! gives exhibitors and organizers an inbox page and online participation statistics.
//!
//! docs/service.md describes how to run it; docs/negotiation-api.md is the request contract.

pub mod cli;

mod api;
mod app;
mod catalog;
mod clock;
mod csv;
mod db;
mod events;
mod fields;
mod inbox;
mod inbox_page;
mod negotiation;
mod precompress;
mod rate_limit;
mod retention;
mod server;
mod static_files;
mod statistics;
mod tokens;

pub use server::run;
