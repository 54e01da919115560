//! Files: where their bytes are kept. Meeting papers store their bytes through [`storage::BlobStore`].
pub mod storage;
