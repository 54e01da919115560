//! Alerts: banners shown across the site, or on chosen paths, for a time. They have no page of their own. An alert
//! about a service (a closed tip, collections delayed by snow) names the services it affects: it shows on their
//! pages and in the council's service status list, and ends by itself at its end.
pub mod rest;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    ContentKind, Kind, Projection, Reference, SlugClaim, Translations, locales_of,
    service::ServiceGql,
};
use crate::{
    content::{
        delivery::Delivered,
        graphql::load_many,
        loaders::ReadScope,
        validate::{check_locales, check_text, check_url},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A banner shown across the site or on chosen paths for a time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "emergency", "everywhere": true, "starts_at": "2026-11-22T06:00:00Z", "ends_at": "2026-11-23T18:00:00Z", "link": "/roads-and-travel/flooding", "services": [], "translations": {"en": {"title": "Flooding", "message": "Several roads are closed because of flooding."}}}))]
pub struct AlertContent {
    pub kind: AlertKind,
    #[serde(default)]
    pub link: Option<String>,
    /// Shown on every page; otherwise only on `paths` (and the pages below them).
    #[serde(default = "yes")]
    pub everywhere: bool,
    #[serde(default)]
    pub paths: Vec<String>,
    /// The council's services it affects: it shows on their pages and in the service status list.
    #[serde(default)]
    pub services: Vec<Uuid>,
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    pub translations: Translations<AlertText>,
}

fn yes() -> bool {
    true
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Announcement,
    Minor,
    Emergency,
    NotableDeath,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertText {
    pub title: String,
    pub message: String,
}

/// A published alert banner in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AlertDoc {
    pub kind: AlertKind,
    pub title: String,
    pub message: String,
    pub link: Option<String>,
    pub everywhere: bool,
    pub paths: Vec<String>,
    /// The services it affects.
    #[serde(default)]
    pub services: Vec<Uuid>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

impl Kind for AlertContent {
    const NAME: &'static str = "alert";
    const COLLECTION: &'static str = "alerts";
    const LABEL: &'static str = "Alert";

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.title.clone()).unwrap_or_default()
    }

    fn locales(&self) -> Vec<String> {
        locales_of(&self.translations)
    }

    /// Alerts have no slug.
    fn slug_claims(&self) -> Vec<SlugClaim> {
        Vec::new()
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        if let Some(link) = &self.link {
            check_url("link", link)?;
        }
        if !self.everywhere && self.paths.is_empty() && self.services.is_empty() {
            return Err(PublishingError::invalid(
                "paths",
                "give the paths or the services the alert shows on, or set everywhere",
            ));
        }
        if self.services.len() > 100 {
            return Err(PublishingError::invalid(
                "services",
                "an alert names at most 100 services",
            ));
        }
        for (i, path) in self.paths.iter().enumerate() {
            if !path.starts_with('/') || path.len() > 1000 {
                return Err(PublishingError::invalid(
                    format!("paths[{i}]"),
                    "a path starts with /",
                ));
            }
        }
        if let (Some(start), Some(end)) = (self.starts_at, self.ends_at)
            && end <= start
        {
            return Err(PublishingError::invalid(
                "ends_at",
                "must be after starts_at",
            ));
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_text(&format!("{at}.message"), &t.message, 2000)?;
        }
        Ok(())
    }

    /// The live row keeps when the alert shows, so that delivery picks the alerts showing now.
    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = AlertDoc {
            kind: self.kind,
            title: t.title.clone(),
            message: t.message.clone(),
            link: self.link.clone(),
            everywhere: self.everywhere,
            paths: self.paths.clone(),
            services: self.services.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        };
        Some(Projection {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            ..Projection::new(locale, &t.title, None, Some(&t.message), &doc)
        })
    }

    /// The services it names must be the council's own.
    fn references(&self) -> Vec<Reference<'_>> {
        vec![Reference {
            field: "services",
            kind: ContentKind::Service,
            ids: &self.services,
            missing: "a service does not exist",
        }]
    }

    /// The services it affects, so that a service's alerts are found by an index.
    fn tags(&self) -> Vec<(&'static str, String)> {
        self.services
            .iter()
            .map(|id| ("service", id.to_string()))
            .collect()
    }
}

/// An alert banner showing now.
pub struct AlertGql {
    pub(in crate::content) scope: ReadScope,
    pub(in crate::content) d: Delivered,
    pub(in crate::content) doc: AlertDoc,
}

#[Object(name = "Alert")]
impl AlertGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    async fn kind(&self) -> AlertKind {
        self.doc.kind
    }
    async fn title(&self) -> &str {
        &self.doc.title
    }
    async fn message(&self) -> &str {
        &self.doc.message
    }
    async fn link(&self) -> Option<&str> {
        self.doc.link.as_deref()
    }
    async fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.doc.starts_at
    }
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.doc.ends_at
    }
    /// The services it affects (those that are published).
    async fn services(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ServiceGql>> {
        load_many(ctx, &self.scope, &self.doc.services, ContentKind::Service)
            .await?
            .into_iter()
            .map(|d| ServiceGql::new(&self.scope, d))
            .collect()
    }
}
