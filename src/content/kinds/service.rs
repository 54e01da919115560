//! Services: what residents come to the council to do, classified by the national Local Government Service List
//! (LGSL) and Interaction List (LGIL). A service lives at `/services/{slug}`.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    ContentKind, Kind, Link, Projection, Reference, SlugClaim, Translations, alert::AlertGql,
    body_links, claims_in, locales_of, search_lines, topic::TopicGql,
};
use crate::{
    content::blocks::blocks_text,
    content::{
        blocks::{self, Block, BlockGql},
        delivery::Delivered,
        graphql::{body_html, doc, load_many, topics},
        loaders::ReadScope,
        validate::{
            check_body, check_locales, check_opt_text, check_range, check_slug, check_text,
            check_url,
        },
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A council service, classified by the national Local Government Service List.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lgsl": [524], "lgil": [8], "status": "normal", "contact": {"phone": "01234 567890", "opening_hours": "Monday to Friday, 9am to 5pm"}, "translations": {"en": {"title": "Report a missed bin", "slug": "report-a-missed-bin", "summary": "Tell us if we missed your bin collection.", "top_tasks": [{"label": "Report a missed bin", "url": "https://forms.example.gov.uk/missed-bin", "kind": "action"}]}}}))]
pub struct ServiceContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// LGSL service codes.
    #[serde(default)]
    pub lgsl: Vec<u32>,
    /// LGIL interaction codes.
    #[serde(default)]
    pub lgil: Vec<u32>,
    #[serde(default)]
    pub status: ServiceState,
    #[serde(default)]
    pub contact: Option<ServiceContact>,
    #[serde(default)]
    pub related_services: Vec<Uuid>,
    pub translations: Translations<ServiceText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default)]
    pub eligibility: Option<String>,
    #[serde(default)]
    pub top_tasks: Vec<TopTask>,
    /// What residents should know while the service is `limited` or `revised` (required then).
    #[serde(default)]
    pub status_message: Option<String>,
    #[serde(default)]
    pub seo_title: Option<String>,
    #[serde(default)]
    pub seo_description: Option<String>,
}

/// Whether a service runs as usual.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    #[default]
    Normal,
    Limited,
    Revised,
}

/// One of the things residents most often come to a service to do.
#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
pub struct TopTask {
    pub label: String,
    pub url: String,
    pub kind: TaskKind,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Action,
    Information,
}

/// How to reach the people who run a service.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
#[graphql(name = "ServiceContact")]
pub struct ServiceContact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub textphone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub opening_hours: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// A published service in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ServiceDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub eligibility: Option<String>,
    pub top_tasks: Vec<TopTask>,
    pub status: ServiceState,
    pub status_message: Option<String>,
    pub contact: Option<ServiceContact>,
    pub lgsl: Vec<u32>,
    pub lgil: Vec<u32>,
    pub related_services: Vec<Uuid>,
    pub topics: Vec<Uuid>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

impl Kind for ServiceContent {
    const NAME: &'static str = "service";
    const COLLECTION: &'static str = "services";
    const LABEL: &'static str = "Service";
    const SEARCHED: bool = true;

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.title.clone()).unwrap_or_default()
    }

    fn locales(&self) -> Vec<String> {
        locales_of(&self.translations)
    }

    fn slug_claims(&self) -> Vec<SlugClaim> {
        claims_in(&self.translations, Self::NAME, |t| &t.slug)
    }

    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for (locale, t) in &self.translations {
            body_links(&format!("translations.{locale}.body"), &t.body, &mut links);
        }
        links
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        for (i, code) in self.lgsl.iter().enumerate() {
            check_range(&format!("lgsl[{i}]"), *code, 1, 99_999)?;
        }
        for (i, code) in self.lgil.iter().enumerate() {
            check_range(&format!("lgil[{i}]"), *code, 0, 99)?;
        }
        if let Some(contact) = &self.contact {
            check_opt_text("contact.phone", &contact.phone, 50)?;
            check_opt_text("contact.textphone", &contact.textphone, 50)?;
            check_opt_text("contact.email", &contact.email, 200)?;
            if contact.email.as_deref().is_some_and(|e| !e.contains('@')) {
                return Err(PublishingError::invalid(
                    "contact.email",
                    "give an email address",
                ));
            }
            check_opt_text("contact.opening_hours", &contact.opening_hours, 1000)?;
            check_opt_text("contact.address", &contact.address, 1000)?;
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_opt_text(&format!("{at}.eligibility"), &t.eligibility, 5000)?;
            check_opt_text(&format!("{at}.status_message"), &t.status_message, 1000)?;
            if self.status != ServiceState::Normal && t.status_message.is_none() {
                return Err(PublishingError::invalid(
                    format!("{at}.status_message"),
                    "say what residents should know while the service is limited or revised",
                ));
            }
            check_opt_text(&format!("{at}.seo_title"), &t.seo_title, 200)?;
            check_opt_text(&format!("{at}.seo_description"), &t.seo_description, 400)?;
            for (i, task) in t.top_tasks.iter().enumerate() {
                check_text(&format!("{at}.top_tasks[{i}].label"), &task.label, 200)?;
                check_url(&format!("{at}.top_tasks[{i}].url"), &task.url)?;
            }
            check_body(&format!("{at}.body"), &t.body)?;
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = ServiceDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            eligibility: t.eligibility.clone(),
            top_tasks: t.top_tasks.clone(),
            status: self.status,
            status_message: t.status_message.clone(),
            contact: self.contact.clone(),
            lgsl: self.lgsl.clone(),
            lgil: self.lgil.clone(),
            related_services: self.related_services.clone(),
            topics: self.topics.clone(),
            seo_title: t.seo_title.clone(),
            seo_description: t.seo_description.clone(),
        };
        Some(Projection::new(
            locale,
            &t.title,
            Some(&t.slug),
            t.summary.as_deref(),
            &doc,
        ))
    }

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    fn references(&self) -> Vec<Reference<'_>> {
        vec![
            Reference::topics(&self.topics),
            Reference {
                field: "related_services",
                kind: ContentKind::Service,
                ids: &self.related_services,
                missing: "a related service does not exist",
            },
        ]
    }

    /// Its LGSL and LGIL codes, which the national directory of services finds it by.
    fn tags(&self) -> Vec<(&'static str, String)> {
        let lgsl = self.lgsl.iter().map(|code| ("lgsl", code.to_string()));
        let lgil = self.lgil.iter().map(|code| ("lgil", code.to_string()));
        lgsl.chain(lgil).collect()
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/services/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let body = blocks_text(&t.body);
        let tasks: Vec<&str> = t.top_tasks.iter().map(|task| task.label.as_str()).collect();
        let tasks = tasks.join("\n");
        Some((
            t.title.clone(),
            search_lines(&[
                t.summary.as_deref(),
                Some(&tasks),
                t.eligibility.as_deref(),
                Some(&body),
            ]),
        ))
    }
}

/// A council service, with its LGSL and LGIL codes.
pub struct ServiceGql {
    scope: ReadScope,
    d: Delivered,
    doc: ServiceDoc,
}

impl ServiceGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

#[Object(name = "Service")]
impl ServiceGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    /// Every published language version of this item, this one included (English first): for `hreflang` links
    /// and a language switcher.
    async fn alternates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::content::delivery::Alternate>> {
        crate::content::graphql::alternates(ctx, &self.scope, self.d.id).await
    }
    async fn title(&self) -> &str {
        &self.doc.title
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    async fn path(&self) -> Option<&str> {
        self.d.path.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.doc.summary.as_deref()
    }
    async fn body(&self) -> Vec<BlockGql> {
        blocks::to_gql_in(&self.doc.body, &self.scope.tenant)
    }
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        body_html(ctx, &self.scope, &self.doc.body).await
    }
    async fn eligibility(&self) -> Option<&str> {
        self.doc.eligibility.as_deref()
    }
    async fn top_tasks(&self) -> &[TopTask] {
        &self.doc.top_tasks
    }
    async fn status(&self) -> ServiceState {
        self.doc.status
    }
    async fn status_message(&self) -> Option<&str> {
        self.doc.status_message.as_deref()
    }
    async fn contact(&self) -> Option<&ServiceContact> {
        self.doc.contact.as_ref()
    }
    /// LGSL service codes.
    async fn lgsl(&self) -> Vec<i32> {
        self.doc.lgsl.iter().map(|c| *c as i32).collect()
    }
    /// LGIL interaction codes.
    async fn lgil(&self) -> Vec<i32> {
        self.doc.lgil.iter().map(|c| *c as i32).collect()
    }
    async fn seo_title(&self) -> Option<&str> {
        self.doc.seo_title.as_deref()
    }
    async fn seo_description(&self) -> Option<&str> {
        self.doc.seo_description.as_deref()
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.d.published_at
    }
    async fn related_services(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ServiceGql>> {
        load_many(
            ctx,
            &self.scope,
            &self.doc.related_services,
            ContentKind::Service,
        )
        .await?
        .into_iter()
        .map(|d| ServiceGql::new(&self.scope, d))
        .collect()
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    /// The step by step navigations this service is part of, by title.
    async fn step_by_steps(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::step_by_step::graphql::StepByStepGql>> {
        super::step_by_step::graphql::part_of_gql(ctx, &self.scope, self.d.id).await
    }
    /// Alerts showing now about this service (a closure, a delay), most severe first.
    async fn alerts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AlertGql>> {
        Ok(crate::content::delivery::service_status(
            &self.scope.tenant,
            crate::content::graphql::db(ctx)?,
            self.scope.mode,
            &self.scope.locale,
            Some(self.d.id),
            ctx.data::<crate::state::GqlState>()?.clock.now(),
        )
        .await
        .map_err(crate::content::graphql::gql)?
        .into_iter()
        .map(|(doc, d)| AlertGql {
            scope: self.scope.clone(),
            doc,
            d,
        })
        .collect())
    }
}
