//! Meeting times: London time (the kernel's calendar) with errors named by the field they came from.
pub use crate::calendar::london::{date_of, show, start_of};

use super::DemocracyError;

/// Reads a time given with an offset (RFC 3339) or as London wall-clock time; see [`crate::calendar::london`].
pub fn parse_time(
    field: &'static str,
    value: &str,
) -> Result<chrono::DateTime<chrono::Utc>, DemocracyError> {
    crate::calendar::london::parse_time(value).map_err(|message| DemocracyError::Validation {
        field,
        message: message.into(),
    })
}
