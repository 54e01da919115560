//! Web content: pages, services, news, alerts, topics and navigation menus, with their structured bodies.
//! Each kind's content is validated here and projected into the live rows the delivery API reads; the
//! workflow, revisions and schedules that every kind shares are in `publishing`.
pub mod blocks;
pub mod changes;
pub mod delivery;
pub mod demo;
pub mod feeds;
pub mod graphql;
pub mod html;
pub mod kinds;
pub mod loaders;
pub mod local_links;
pub mod manage;
pub mod media_usage;
pub mod openreferral;
pub mod redirects;
pub mod rest;
pub mod tables;
pub mod validate;
