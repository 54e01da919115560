//! Democratic records: wards, parties, councillors and their seats, the statutory deadline engine,
//! and the ModernGov importer.
/// A string-backed enum stored as text: serde, OpenAPI and GraphQL derives, `as_str` and `parse`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            async_graphql::Enum,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

pub mod agenda;
pub mod committees;
pub mod deadlines;
pub mod decisions;
pub mod feeds;
pub mod graphql;
pub mod loaders;
pub mod london;
pub mod media_usage;
pub mod meetings;
pub mod moderngov;
pub mod people;
pub mod popolo;
pub mod proceedings;
pub mod reminders;
pub mod revisions;
pub mod search_index;
pub mod soft_delete;

use crate::error::{ApiError, ErrorCode};

/// Optional text as stored: trimmed, and `None` when empty.
pub(crate) fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Errors of the democracy module.
#[derive(Debug, thiserror::Error)]
pub enum DemocracyError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    #[error("If-Match missing")]
    PreconditionRequired,
    #[error("version mismatch")]
    VersionMismatch { current: i32 },
    #[error("{0}")]
    Conflict(String),
    /// A file that cannot be imported; nothing from it was written.
    #[error("import refused: {0}")]
    ImportRefused(String),
    /// File storage failed (the cause is logged, not sent).
    #[error("storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<crate::tenancy::VersionMismatch> for DemocracyError {
    fn from(err: crate::tenancy::VersionMismatch) -> Self {
        Self::VersionMismatch {
            current: err.current,
        }
    }
}

/// How this module's errors are answered over REST and GraphQL.
impl From<DemocracyError> for ApiError {
    fn from(err: DemocracyError) -> Self {
        match err {
            DemocracyError::NotFound(what) => ApiError::not_found(what),
            DemocracyError::Validation { field, message } => ApiError::validation(field, message),
            DemocracyError::ImportRefused(reason) => ApiError::new(
                ErrorCode::ValidationFailed,
                "The file cannot be imported; nothing was written.",
            )
            .with_details(serde_json::json!({"reason": reason})),
            DemocracyError::PreconditionRequired => ApiError::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag you last read, so that edits never overwrite each other.",
            ),
            DemocracyError::VersionMismatch { current } => ApiError::new(
                ErrorCode::PreconditionFailed,
                "The record was changed since you read it; read it again and reapply your change.",
            )
            .with_details(serde_json::json!({"current_version": current})),
            DemocracyError::Conflict(message) => ApiError::new(ErrorCode::Conflict, message),
            DemocracyError::Storage(cause) => ApiError::internal(&cause),
            DemocracyError::Db(err) => err.into(),
        }
    }
}
