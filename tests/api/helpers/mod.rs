//! What the API tests share: `spawn_app()`, the real server on port 0 over a fresh database (a SQLite file, or a
//! new PostgreSQL database when `TOWNHALL_TEST_DATABASE_URL` is set, dropped afterwards), and helpers that talk
//! HTTP to it, one module per job.
mod checks;
mod content;
mod councils;
mod democracy;
mod files;
mod mail;
mod requests;
mod server;

pub use checks::*;
pub use content::*;
pub use councils::*;
pub use democracy::*;
pub use files::*;
pub use mail::*;
pub use requests::*;
pub use server::*;
