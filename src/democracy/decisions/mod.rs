//! Decisions (with their call-in period) and the forward plan of key decisions (with its notice deadline).
pub mod graphql;
pub mod model;
pub mod rest;
pub mod store;
