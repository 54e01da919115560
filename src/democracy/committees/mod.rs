//! Committees (Popolo organizations): full council, the executive, committees, sub-committees, scrutiny.
pub mod graphql;
pub mod members;
pub mod model;
pub mod rest;
pub mod store;
