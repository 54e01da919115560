//! Directories: channels ("Find a library", "Family hubs") and their entries, with venues, opening hours and facets.
pub mod channel;
pub mod entry;
pub mod graphql;
pub mod hours;
pub mod rest;
