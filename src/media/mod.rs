//! Files: the media library (uploads of documents and images, their metadata and downloads) and where their
//! bytes are kept. Meeting papers store their bytes through [`storage::BlobStore`] too.
pub mod detect;
pub mod download;
pub mod graphql;
pub mod model;
pub mod pdf;
pub mod renditions;
pub mod rest;
pub mod storage;
pub mod store;
pub mod upload;
pub mod usage;

/// The upload limit when a council has none of its own: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;
