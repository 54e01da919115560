//! Integration tests: the real server over HTTP, a fresh database per test.
mod agenda;
mod api_tokens;
mod auth;
mod councils;
mod decisions;
mod democracy;
mod errors;
mod graphql;
mod helpers;
mod isolation;
mod meetings;
mod members;
mod moderngov_calendar;
mod operations;
mod popolo;
mod proceedings;
mod specs;
