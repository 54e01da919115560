//! HTML publications: a report, a strategy or a plan as accessible web pages instead of a PDF. One item holds a
//! tree of pages; the table of contents is built from the pages and the headings of each (anchors made from each
//! heading's own text, so they stay when text elsewhere changes); a cover with the summary, dates and optional
//! downloadable alternatives from the media library. The cover lives at `/publications/{slug}` and each page at
//! `/publications/{slug}/{page}`.
pub mod graphql;
pub mod rest;

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Kind, Link, LinkTarget, Projection, SlugClaim, Translations, body_links, claims_in, locales_of,
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

/// Pages nest at most this deep (a chapter, its sections, theirs).
pub const MAX_DEPTH: usize = 3;
/// Pages in one publication, at every depth.
pub const MAX_PAGES: usize = 100;

/// An HTML publication.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"published_on": "2026-11-01", "alternatives": [], "translations": {"en": {"title": "Local Plan 2026 to 2041", "slug": "local-plan", "summary": "Where homes, jobs and green spaces will go.", "pages": [{"title": "Introduction", "slug": "introduction", "body": [{"type": "heading", "level": 2, "text": "Why a new plan"}], "children": [{"title": "How to read this plan", "slug": "how-to-read", "body": []}]}]}}}))]
pub struct PublicationContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// When it was first published (shown on the cover).
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    /// When it was last updated in substance (shown on the cover).
    #[serde(default)]
    pub updated_on: Option<NaiveDate>,
    /// Downloadable versions from the media library (a PDF for print, an easy read version).
    #[serde(default)]
    pub alternatives: Vec<Uuid>,
    pub translations: Translations<PublicationText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PublicationText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// The pages, each with its own pages below it (at most three deep, 100 in all).
    pub pages: Vec<PublicationPage>,
}

/// A page of a publication.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PublicationPage {
    pub title: String,
    /// Its path under the publication's (unique within the publication).
    pub slug: String,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default)]
    #[schema(no_recursion)]
    pub children: Vec<PublicationPage>,
}

/// A published publication in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PublicationDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub updated_on: Option<NaiveDate>,
    pub alternatives: Vec<Uuid>,
    pub pages: Vec<PublicationPage>,
    pub topics: Vec<Uuid>,
}

/// The pages in reading order (each before its children), with their depth (1 for top level).
pub fn reading_order(pages: &[PublicationPage]) -> Vec<(usize, &PublicationPage)> {
    fn walk<'a>(
        pages: &'a [PublicationPage],
        depth: usize,
        out: &mut Vec<(usize, &'a PublicationPage)>,
    ) {
        for page in pages {
            out.push((depth, page));
            walk(&page.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(pages, 1, &mut out);
    out
}

fn check_pages(
    at: &str,
    pages: &[PublicationPage],
    depth: usize,
    slugs: &mut HashSet<String>,
    count: &mut usize,
) -> Result<(), PublishingError> {
    for (i, page) in pages.iter().enumerate() {
        let p = format!("{at}[{i}]");
        *count += 1;
        if *count > MAX_PAGES {
            return Err(PublishingError::invalid(
                p,
                "a publication has at most 100 pages",
            ));
        }
        check_text(&format!("{p}.title"), &page.title, 300)?;
        check_slug(&format!("{p}.slug"), &page.slug)?;
        if !slugs.insert(page.slug.clone()) {
            return Err(PublishingError::invalid(
                format!("{p}.slug"),
                "another page of the publication has this slug",
            ));
        }
        check_body(&format!("{p}.body"), &page.body)?;
        if !page.children.is_empty() && depth >= MAX_DEPTH {
            return Err(PublishingError::invalid(
                format!("{p}.children"),
                "pages nest at most three deep",
            ));
        }
        check_pages(
            &format!("{p}.children"),
            &page.children,
            depth + 1,
            slugs,
            count,
        )?;
    }
    Ok(())
}

impl Kind for PublicationContent {
    const NAME: &'static str = "publication";
    const COLLECTION: &'static str = "publications";
    const LABEL: &'static str = "Publication";
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
        if let (Some(published), Some(updated)) = (self.published_on, self.updated_on)
            && updated < published
        {
            return Err(PublishingError::invalid(
                "updated_on",
                "must not be before published_on",
            ));
        }
        if self.alternatives.len() > 10 {
            return Err(PublishingError::invalid(
                "alternatives",
                "at most 10 alternatives",
            ));
        }
        for (locale, t) in &self.translations {
            let at = format!("translations.{locale}");
            check_text(&format!("{at}.title"), &t.title, 300)?;
            check_slug(&format!("{at}.slug"), &t.slug)?;
            check_opt_text(&format!("{at}.summary"), &t.summary, 2000)?;
            if t.pages.is_empty() {
                return Err(PublishingError::invalid(
                    format!("{at}.pages"),
                    "a publication has at least one page",
                ));
            }
            check_pages(
                &format!("{at}.pages"),
                &t.pages,
                1,
                &mut HashSet::new(),
                &mut 0,
            )?;
        }
        Ok(())
    }

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = PublicationDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            published_on: self.published_on,
            updated_on: self.updated_on,
            alternatives: self.alternatives.clone(),
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

    /// Its alternatives and what its pages embed must be the council's own files and records.
    fn links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = self
            .alternatives
            .iter()
            .enumerate()
            .map(|(i, id)| Link {
                field: format!("alternatives[{i}]"),
                target: LinkTarget::Media,
                id: *id,
            })
            .collect();
        fn walk(at: &str, pages: &[PublicationPage], links: &mut Vec<Link>) {
            for (i, page) in pages.iter().enumerate() {
                body_links(&format!("{at}[{i}].body"), &page.body, links);
                walk(&format!("{at}[{i}].children"), &page.children, links);
            }
        }
        for (locale, t) in &self.translations {
            walk(
                &format!("translations.{locale}.pages"),
                &t.pages,
                &mut links,
            );
        }
        links
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/publications/{slug}"))
    }

    fn search_text(&self, locale: &str) -> Option<(String, String)> {
        let t = self.translations.get(locale)?;
        let text: Vec<String> = reading_order(&t.pages)
            .into_iter()
            .flat_map(|(_, p)| [p.title.clone(), blocks_text(&p.body)])
            .collect();
        let text = text.join("\n");
        Some((
            t.title.clone(),
            search_lines(&[t.summary.as_deref(), Some(&text)]),
        ))
    }
}
