//! Users, council memberships and roles, passwords, access and refresh tokens, council API tokens,
//! and the extractors that state in a handler's signature which role it needs.
pub mod api_tokens;
pub mod extract;
pub mod invitations;
pub mod members;
pub mod model;
pub mod password;
pub mod reset;
pub mod rest;
pub mod session;
pub mod store;
pub mod throttle;
pub mod tokens;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use extract::{
    AdminRole, AnyRole, CouncilAccess, CurrentUser, DemocraticServicesRole, EditorRole,
    PlatformAdmin, Principal, PublisherRole,
};

/// A user's role in one council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the council's users, API tokens and settings, and may do everything the other roles do.
    Admin,
    /// Edits web content.
    Editor,
    /// Publishes meetings, papers, decisions and councillor records.
    DemocraticServices,
    /// Reads drafts.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
            Self::DemocraticServices => "democratic_services",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "admin" => Some(Self::Admin),
            "editor" => Some(Self::Editor),
            "democratic_services" => Some(Self::DemocraticServices),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

/// What a council API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read the council's management API, drafts included.
    Read,
    /// Read drafts through the delivery APIs.
    Preview,
    /// Create and change content and records (not users, tokens or settings).
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Preview => "preview",
            Self::Write => "write",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "read" => Some(Self::Read),
            "preview" => Some(Self::Preview),
            "write" => Some(Self::Write),
            _ => None,
        }
    }

    pub fn parse_list(value: &str) -> Vec<Self> {
        value.split(',').filter_map(Self::parse).collect()
    }
}

/// Errors of the auth module.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("missing bearer token")]
    MissingToken,
    #[error("invalid token")]
    InvalidToken,
    #[error("throttled")]
    Throttled { retry_after_secs: u64 },
    #[error("forbidden")]
    Forbidden,
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

impl From<crate::tenancy::TenancyError> for AuthError {
    fn from(err: crate::tenancy::TenancyError) -> Self {
        match err {
            crate::tenancy::TenancyError::Db(e) => Self::Db(e),
            _ => Self::NotFound("Council"),
        }
    }
}

/// Lowercases and trims an email address for uniqueness and look-up.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An email address Townhall will write to: a plain `local@domain` (a dot in the domain, at most 254 characters).
pub fn validate_email(email: &str) -> Result<String, AuthError> {
    let email = email.trim();
    // Parsed by the mail library that sends Townhall's email, and taken only as a plain `local@domain`: no
    // display name, quotes, comments or angle brackets, whose mail could go to another mailbox.
    let parsed = email.parse::<lettre::Address>().ok();
    let valid = email.len() <= 254
        && parsed.as_ref().is_some_and(|address| {
            let domain = address.domain();
            AsRef::<str>::as_ref(address) == email
                && domain.contains('.')
                && !domain.starts_with(['.', '-', '['])
                && !domain.ends_with('.')
                && address
                    .user()
                    .chars()
                    .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        });
    if valid {
        Ok(email.to_owned())
    } else {
        Err(AuthError::Validation {
            field: "email",
            message: "give a valid email address".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::validate_email;

    #[test]
    fn only_plain_addresses_are_taken() {
        for ok in [
            "editor@york.gov.uk",
            "a.b+tag@example.co.uk",
            "O'Neil@council.gov.uk",
        ] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "\"x\"<victim@b.test>",
            "Name <victim@b.test>",
            "victim@b.test, other@c.test",
            "\"a@b\"@c.test",
            "a(comment)@b.test",
            "a@b",
            "a@.b.test",
            "@b.test",
            "a @b.test",
            "a@[127.0.0.1]",
            "",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
