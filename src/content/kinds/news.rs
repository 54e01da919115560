//! News articles: dated, newest first, at `/news/{slug}` and in the council's Atom feed.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Kind, Link, LinkTarget, Projection, SlugClaim, Translations, body_links, claims_in, locales_of,
    search_lines, topic::TopicGql,
};
use crate::{
    content::blocks::blocks_text,
    content::{
        blocks::{self, Block, BlockGql},
        delivery::Delivered,
        graphql::{body_html, doc, topics},
        loaders::ReadScope,
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A news article.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-11-20T09:00:00Z", "translations": {"en": {"title": "New recycling centre opens", "slug": "new-recycling-centre-opens", "summary": "The centre on Mill Lane opens on Monday."}}}))]
pub struct NewsContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    #[serde(default)]
    pub image: Option<NewsImage>,
    /// The date shown on the article; by default the time it was first published.
    #[serde(default)]
    pub date: Option<DateTime<Utc>>,
    pub translations: Translations<NewsText>,
}

#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, async_graphql::SimpleObject,
)]
#[serde(deny_unknown_fields)]
pub struct NewsImage {
    pub media_id: Uuid,
    /// Required unless the image is decorative.
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub decorative: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewsText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
}

/// A published news article in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NewsDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub image: Option<NewsImage>,
    pub date: Option<DateTime<Utc>>,
    pub topics: Vec<Uuid>,
}

impl Kind for NewsContent {
    const NAME: &'static str = "news";
    const COLLECTION: &'static str = "news";
    const LABEL: &'static str = "News article";
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
        if let Some(image) = &self.image {
            links.push(Link {
                field: "image.media_id".into(),
                target: LinkTarget::Media,
                id: image.media_id,
            });
        }
        for (locale, t) in &self.translations {
            body_links(&format!("translations.{locale}.body"), &t.body, &mut links);
        }
        links
    }

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        if let Some(image) = &self.image
            && !image.decorative
            && image.alt.as_deref().is_none_or(|a| a.trim().is_empty())
        {
            return Err(PublishingError::invalid(
                "image.alt",
                "alt text is required unless the image is marked decorative",
            ));
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_body(&format!("{at}.body"), &t.body)?;
        }
        Ok(())
    }

    /// Lists of news sort by the article's date.
    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = NewsDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            image: self.image.clone(),
            date: self.date,
            topics: self.topics.clone(),
        };
        Some(Projection {
            date: self.date,
            ..Projection::new(locale, &t.title, Some(&t.slug), t.summary.as_deref(), &doc)
        })
    }

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/news/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let body = blocks_text(&t.body);
        Some((
            t.title.clone(),
            search_lines(&[t.summary.as_deref(), Some(&body)]),
        ))
    }
}

/// A news article.
pub struct NewsArticleGql {
    scope: ReadScope,
    d: Delivered,
    doc: NewsDoc,
}

impl NewsArticleGql {
    pub(in crate::content) fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

#[Object(name = "NewsArticle")]
impl NewsArticleGql {
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
    async fn image(&self) -> Option<&NewsImage> {
        self.doc.image.as_ref()
    }
    /// The article's date (its own, or when it was first published).
    async fn date(&self) -> DateTime<Utc> {
        self.doc.date.unwrap_or(self.d.sort_at)
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.d.published_at
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
}
