//! Townhall: an API-first, multi-tenant headless CMS for UK councils.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
pub mod auth;
pub mod body;
pub mod cli;
pub mod config;
pub mod db;
pub mod democracy;
pub mod error;
pub mod graphql;
pub mod health;
pub mod media;
pub mod pagination;
pub mod preconditions;
pub mod specs;
pub mod startup;
pub mod telemetry;
pub mod tenancy;
