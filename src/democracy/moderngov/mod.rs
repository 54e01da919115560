//! Import from ModernGov's web service (`GetCouncillorsByWard`): parse, then write everything in one transaction.
pub mod calendar;
pub mod import;
pub mod parse;
pub mod records;
pub mod rest;
