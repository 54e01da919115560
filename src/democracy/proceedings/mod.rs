//! What happened at a meeting: attendance, motions and (named) votes. Public once the minutes are published.
pub mod graphql;
pub mod model;
pub mod rest;
pub mod store;
