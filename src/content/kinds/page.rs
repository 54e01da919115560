//! Pages: the tree of the council's website. A page's path is its parent's path and its own slug.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    ContentKind, Kind, Link, Projection, SlugClaim, Translations, body_links, claims_in,
    locales_of, search_lines, topic::TopicGql,
};
use crate::{
    content::blocks::blocks_text,
    content::{
        blocks::{self, Block, BlockGql},
        delivery::Delivered,
        graphql::{body_html, doc, load_many, loaders, topics},
        loaders::{ChildrenKey, ReadScope},
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// Path segments kept for the site's own sections, so no top-level page can hide them.
pub const RESERVED_ROOT_SLUGS: [&str; 2] = ["services", "news"];

/// A page of the council's website: one node of the page tree.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"parent_id": null, "topics": [], "translations": {"en": {"title": "Bins and recycling", "slug": "bins-and-recycling", "summary": "Collection days, missed bins and recycling centres.", "body": [{"type": "heading", "level": 2, "text": "Collection days"}, {"type": "paragraph", "content": [{"text": "Find your "}, {"text": "collection day", "link": "/bins-and-recycling/collection-days"}]}]}}}))]
pub struct PageContent {
    /// The parent page; none for a page at the top of the site.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    #[serde(default)]
    pub topics: Vec<Uuid>,
    pub translations: Translations<PageText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageText {
    pub title: String,
    /// One path segment: lowercase letters, digits and hyphens.
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default)]
    pub seo_title: Option<String>,
    #[serde(default)]
    pub seo_description: Option<String>,
}

/// A published page in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PageDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub parent_id: Option<Uuid>,
    pub topics: Vec<Uuid>,
}

impl Kind for PageContent {
    const NAME: &'static str = "page";
    const COLLECTION: &'static str = "pages";
    const LABEL: &'static str = "Page";
    const SEARCHED: bool = true;

    fn title(&self) -> String {
        let en = self.translations.get("en");
        en.map(|t| t.title.clone()).unwrap_or_default()
    }

    fn locales(&self) -> Vec<String> {
        locales_of(&self.translations)
    }

    /// A slug is unique among the pages under the same parent.
    fn slug_claims(&self) -> Vec<SlugClaim> {
        let scope = match self.parent_id {
            Some(parent) => format!("page:{parent}"),
            None => "page:root".to_owned(),
        };
        claims_in(&self.translations, &scope, |t| &t.slug)
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
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            if self.parent_id.is_none() && RESERVED_ROOT_SLUGS.contains(&t.slug.as_str()) {
                return Err(PublishingError::invalid(
                    format!("{at}.slug"),
                    "this slug is kept for the site's own section; choose another",
                ));
            }
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_opt_text(&format!("{at}.seo_title"), &t.seo_title, 200)?;
            check_opt_text(&format!("{at}.seo_description"), &t.seo_description, 400)?;
            check_body(&format!("{at}.body"), &t.body)?;
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = PageDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            seo_title: t.seo_title.clone(),
            seo_description: t.seo_description.clone(),
            parent_id: self.parent_id,
            topics: self.topics.clone(),
        };
        Some(Projection::new(
            locale,
            &t.title,
            Some(&t.slug),
            t.summary.as_deref(),
            &doc,
        ))
    }

    fn parent_id(&self) -> Option<Uuid> {
        self.parent_id
    }

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    fn path(&self, slug: &str, parent_path: Option<&str>) -> Option<String> {
        Some(match parent_path {
            Some(parent) => format!("{}/{slug}", parent.trim_end_matches('/')),
            None => format!("/{slug}"),
        })
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

/// A page of the council's website.
pub struct PageGql {
    scope: ReadScope,
    d: Delivered,
    doc: PageDoc,
}

impl PageGql {
    pub(in crate::content) fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

#[Object(name = "Page")]
impl PageGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    /// True when the requested locale has no translation and this is the English text.
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    async fn title(&self) -> &str {
        &self.doc.title
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    /// The page's path on the site, e.g. `/bins-and-recycling/missed-bin`.
    async fn path(&self) -> Option<&str> {
        self.d.path.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.doc.summary.as_deref()
    }
    async fn body(&self) -> Vec<BlockGql> {
        blocks::to_gql_in(&self.doc.body, &self.scope.tenant)
    }
    /// The body rendered to HTML, every text escaped.
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        body_html(ctx, &self.scope, &self.doc.body).await
    }
    async fn seo_title(&self) -> Option<&str> {
        self.doc.seo_title.as_deref()
    }
    async fn seo_description(&self) -> Option<&str> {
        self.doc.seo_description.as_deref()
    }
    /// When this version went live (null for a draft seen in preview).
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.d.published_at
    }
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PageGql>> {
        let Some(parent) = self.doc.parent_id else {
            return Ok(None);
        };
        load_many(ctx, &self.scope, &[parent], ContentKind::Page)
            .await?
            .into_iter()
            .next()
            .map(|d| PageGql::new(&self.scope, d))
            .transpose()
    }
    /// The live pages directly below this one.
    #[graphql(complexity = "100 * child_complexity")]
    async fn children(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PageGql>> {
        let key = ChildrenKey(self.scope.clone(), self.d.id);
        let children = loaders(ctx)?.load_one(key).await?.unwrap_or_default();
        children
            .into_iter()
            .take(100)
            .map(|d| PageGql::new(&self.scope, d))
            .collect()
    }
    /// Every published language version of this item, this one included (English first): for `hreflang` links
    /// and a language switcher.
    async fn alternates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::content::delivery::Alternate>> {
        crate::content::graphql::alternates(ctx, &self.scope, self.d.id).await
    }
    /// The step by step navigations this page is part of, by title.
    async fn step_by_steps(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::step_by_step::graphql::StepByStepGql>> {
        super::step_by_step::graphql::part_of_gql(ctx, &self.scope, self.d.id).await
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
}
