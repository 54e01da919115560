//! The kinds of web content a council publishes. Adding a kind: a variant here, its module under `kinds/`, and
//! its arm in `model::Content`.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::publishing::ItemKind;

/// The kinds of content a council publishes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Page,
    Service,
    News,
    Alert,
    Topic,
    Menu,
}

impl ContentKind {
    pub const ALL: [ContentKind; 6] = [
        Self::Page,
        Self::Service,
        Self::News,
        Self::Alert,
        Self::Topic,
        Self::Menu,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Service => "service",
            Self::News => "news",
            Self::Alert => "alert",
            Self::Topic => "topic",
            Self::Menu => "menu",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The collection name in REST paths (`/pages`, `/services`, `/news`, ...).
    pub fn collection(self) -> &'static str {
        match self {
            Self::Page => "pages",
            Self::Service => "services",
            Self::News => "news",
            Self::Alert => "alerts",
            Self::Topic => "topics",
            Self::Menu => "menus",
        }
    }

    pub fn from_collection(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.collection() == value)
    }

    /// What a user calls one of these.
    pub fn label(self) -> &'static str {
        match self {
            Self::Page => "Page",
            Self::Service => "Service",
            Self::News => "News article",
            Self::Alert => "Alert",
            Self::Topic => "Topic",
            Self::Menu => "Menu",
        }
    }
}

impl ItemKind for ContentKind {
    fn as_str(self) -> &'static str {
        ContentKind::as_str(self)
    }

    fn label(self) -> &'static str {
        ContentKind::label(self)
    }
}
