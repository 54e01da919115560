//! What everything published shares: workflow states, revisions, scheduled publishing, soft delete, history
//! and webhooks. It knows the things it publishes only through the [`Publishable`] trait they implement (web
//! content, in `content/`, says how its content is validated, held and projected); this module decides when,
//! and keeps the history.
pub mod diff;
pub mod jobs;
pub mod linked;
pub mod model;
pub mod publishable;
pub mod store;
pub mod webhooks;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use publishable::{ItemKind, Publishable};

use crate::error::{ApiError, ErrorCode};

/// Where an item is in the workflow. `published` means the working copy is the live one; an item with newer,
/// unpublished changes is `draft` or `in_review` and stays live meanwhile (`live: true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    InReview,
    Published,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::InReview, Self::Published, Self::Archived]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// A move through the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Draft -> in review (editors).
    Submit,
    /// In review -> draft: withdrawn by its editor or sent back by a publisher.
    Withdraw,
    /// Draft or in review -> published: the working copy goes live (publishers).
    Publish,
    /// Live -> draft: taken off the public site (publishers).
    Unpublish,
    /// Any -> archived: off the public site, kept for the record (publishers).
    Archive,
    /// Archived -> draft (publishers).
    Unarchive,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submitted",
            Self::Withdraw => "withdrawn",
            Self::Publish => "published",
            Self::Unpublish => "unpublished",
            Self::Archive => "archived",
            Self::Unarchive => "unarchived",
        }
    }

    /// The state an item in `from` moves to, or `None` when the move is not allowed from there.
    pub fn next(self, from: Status, live: bool) -> Option<Status> {
        use Status::*;
        match (self, from) {
            (Self::Submit, Draft) => Some(InReview),
            (Self::Withdraw, InReview) => Some(Draft),
            (Self::Publish, Draft | InReview) => Some(Published),
            (Self::Unpublish, Published | Draft | InReview) if live => Some(Draft),
            (Self::Archive, Draft | InReview | Published) => Some(Archived),
            (Self::Unarchive, Archived) => Some(Draft),
            _ => None,
        }
    }
}

/// Errors of publishing and of the content types.
#[derive(Debug, thiserror::Error)]
pub enum PublishingError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A field or block is invalid; `path` says where (`translations.en.body[3].level`).
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("cannot {action} an item that is {status}")]
    Transition {
        action: &'static str,
        status: &'static str,
    },
    #[error("If-Match missing")]
    PreconditionRequired,
    #[error("version mismatch")]
    VersionMismatch { current: i32 },
    /// A stored document (a revision, a live row) that cannot be read: answered as a 500 and logged, never
    /// shown as empty.
    #[error("stored {what} {id} cannot be read: {cause}")]
    Unreadable {
        what: &'static str,
        id: String,
        cause: String,
    },
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<crate::tenancy::VersionMismatch> for PublishingError {
    fn from(mismatch: crate::tenancy::VersionMismatch) -> Self {
        PublishingError::VersionMismatch {
            current: mismatch.current,
        }
    }
}

impl PublishingError {
    /// A stored JSON document that cannot be read.
    pub fn unreadable(what: &'static str, id: impl ToString, cause: impl ToString) -> Self {
        Self::Unreadable {
            what,
            id: id.to_string(),
            cause: cause.to_string(),
        }
    }

    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// How this module's errors are answered over REST and GraphQL.
impl From<PublishingError> for ApiError {
    fn from(err: PublishingError) -> Self {
        match err {
            PublishingError::NotFound(what) => ApiError::not_found(what),
            PublishingError::Invalid { path, message } => ApiError::validation(&path, message),
            PublishingError::Conflict(message) => ApiError::new(ErrorCode::Conflict, message),
            PublishingError::Transition { action, status } => ApiError::new(
                ErrorCode::Conflict,
                format!("An item that is {status} cannot be {action}."),
            )
            .with_details(serde_json::json!({"status": status, "action": action})),
            PublishingError::PreconditionRequired => ApiError::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag you last read, so that edits never overwrite each other.",
            ),
            PublishingError::VersionMismatch { current } => ApiError::new(
                ErrorCode::PreconditionFailed,
                "The item was changed since you read it; read it again and reapply your change.",
            )
            .with_details(serde_json::json!({"current_version": current})),
            err @ PublishingError::Unreadable { .. } => ApiError::internal(&err),
            PublishingError::Db(err) => err.into(),
        }
    }
}
