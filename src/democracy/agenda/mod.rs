//! Agenda items (a tree with order labels), meeting documents (papers), and what of them the public may see:
//! nothing before the agenda is published, exempt items only as a stub, restricted papers never.
pub mod files;
pub mod graphql;
pub mod model;
pub mod public;
pub mod rest;
pub mod store;
