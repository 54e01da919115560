//! Meetings of committees, with their statutory agenda deadline and the explicit acts of publishing the agenda
//! and the minutes.
pub mod graphql;
pub mod linked;
pub mod model;
pub mod rest;
pub mod store;
