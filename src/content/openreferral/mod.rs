//! Open Referral UK: each council's published services and directory entries as the UK profile of the Human
//! Services Data Specification (HSDS 3.0) describes them, so that directories of local services (family hubs,
//! social prescribing, the national Service Finder) can read them without scraping.
//!
//! A council service and a directory entry each become an Open Referral *service*, provided by the council (the
//! *organization*). An entry's venue becomes a *location* at which the service is offered (*service at location*),
//! its opening hours become *schedules* (RFC 5545 weekly rules, London wall-clock times), and its facets, the
//! directories it is listed in, its topics and a service's LGSL and LGIL codes become *taxonomy terms* linked by
//! *attributes*. Every identifier is stable: an item's own uuid, or a name-based uuid (v5) of the item and the part.
//!
//! The API is read-only, public and shows published content only (no preview), under
//! `/delivery/v1/councils/{council}/openreferral/`.
mod catalogue;
mod filter;
mod hours;
mod model;
pub mod rest;
mod shapes;

pub use shapes::*;
