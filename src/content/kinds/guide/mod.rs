//! Guides: an overview and an ordered set of pages ("Apply for a blue badge": who can apply, how to apply, after
//! you apply), published together as one item, so the contents list and the previous and next links never
//! disagree. The overview lives at `/guides/{slug}` and each page at `/guides/{slug}/{page}`.
pub mod graphql;
pub mod rest;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Kind, Link, Projection, SlugClaim, Translations, body_links, claims_in, locales_of,
    search_lines,
};
use crate::{
    content::{
        blocks::{Block, blocks_text},
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A guide: an overview and its pages, in order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"translations": {"en": {"title": "Apply for a blue badge", "slug": "blue-badge", "summary": "Parking for disabled people.", "body": [{"type": "paragraph", "content": [{"text": "A blue badge lets you park closer to where you need to go."}]}], "pages": [{"title": "Who can apply", "slug": "who-can-apply", "body": []}, {"title": "How to apply", "slug": "how-to-apply", "body": []}]}}}))]
pub struct GuideContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    pub translations: Translations<GuideText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GuideText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// The overview.
    #[serde(default)]
    pub body: Vec<Block>,
    /// The guide's pages after the overview, in order (1 to 30).
    pub pages: Vec<GuidePage>,
}

/// One page of a guide.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GuidePage {
    pub title: String,
    /// Its path under the guide's (unique within the guide).
    pub slug: String,
    #[serde(default)]
    pub body: Vec<Block>,
}

/// A published guide in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct GuideDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub pages: Vec<GuidePage>,
    pub topics: Vec<Uuid>,
}

impl Kind for GuideContent {
    const NAME: &'static str = "guide";
    const COLLECTION: &'static str = "guides";
    const LABEL: &'static str = "Guide";
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

    fn validate(&self, tenant: &Tenant) -> Result<(), PublishingError> {
        check_locales("translations", &self.translations, tenant)?;
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 1000)?;
            check_body(&format!("{at}.body"), &t.body)?;
            if t.pages.is_empty() || t.pages.len() > 30 {
                return Err(PublishingError::invalid(
                    format!("{at}.pages"),
                    "a guide has 1 to 30 pages after its overview",
                ));
            }
            let mut slugs = HashSet::new();
            for (i, page) in t.pages.iter().enumerate() {
                let p = format!("{at}.pages[{i}]");
                check_text(&format!("{p}.title"), &page.title, 300)?;
                check_slug(&format!("{p}.slug"), &page.slug)?;
                if !slugs.insert(page.slug.as_str()) {
                    return Err(PublishingError::invalid(
                        format!("{p}.slug"),
                        "another page of the guide has this slug",
                    ));
                }
                check_body(&format!("{p}.body"), &page.body)?;
            }
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = GuideDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            pages: t.pages.clone(),
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

    fn topics(&self) -> &[Uuid] {
        &self.topics
    }

    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for (locale, t) in &self.translations {
            body_links(&format!("translations.{locale}.body"), &t.body, &mut links);
            for (i, page) in t.pages.iter().enumerate() {
                body_links(
                    &format!("translations.{locale}.pages[{i}].body"),
                    &page.body,
                    &mut links,
                );
            }
        }
        links
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/guides/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let mut parts = vec![blocks_text(&t.body)];
        for page in &t.pages {
            parts.push(page.title.clone());
            parts.push(blocks_text(&page.body));
        }
        let pages = parts.join("\n");
        Some((
            t.title.clone(),
            search_lines(&[t.summary.as_deref(), Some(&pages)]),
        ))
    }
}
