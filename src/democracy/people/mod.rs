//! Wards, parties, councillors and seats.
pub mod edit;
pub mod graphql;
pub mod model;
pub mod register;
pub mod rest;
pub mod store;
