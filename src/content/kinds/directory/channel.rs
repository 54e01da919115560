//! A directory channel: "Find a library", "Family hubs", "Recycling centres". It has an introduction and the facet
//! groups its entries are filtered by ("Age group", "Type of support"), and lives at `/directories/{slug}`.
use std::collections::HashSet;

use async_graphql::{Context, ID, Object, SimpleObject};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::super::{
    Kind, Link, Projection, SlugClaim, Translations, body_links, claims_in, locales_of,
    search_lines, topic::TopicGql,
};
use crate::{
    content::{
        blocks::{self, Block, BlockGql, blocks_text},
        delivery::Delivered,
        graphql::{body_html, doc, topics},
        loaders::ReadScope,
        validate::{check_body, check_locales, check_opt_text, check_slug, check_text},
    },
    publishing::PublishingError,
    tenancy::Tenant,
};

/// A directory channel: a list of entries residents search and filter by facets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"facet_groups": [{"key": "age-group", "names": {"en": "Age group", "cy": "Grŵp oedran"}, "values": [{"key": "under-5", "names": {"en": "Under 5"}}, {"key": "5-to-11", "names": {"en": "5 to 11"}}]}], "translations": {"en": {"title": "Family hubs", "slug": "family-hubs", "summary": "Support for families near you."}}}))]
pub struct DirectoryContent {
    #[serde(default)]
    pub topics: Vec<Uuid>,
    /// What its entries are filtered by.
    #[serde(default)]
    pub facet_groups: Vec<FacetGroup>,
    pub translations: Translations<DirectoryText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DirectoryText {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Vec<Block>,
}

/// A group of facets ("Age group"), with the values an entry can have in it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FacetGroup {
    /// Stable across languages and renames: what entries and filters name (`age-group`).
    pub key: String,
    /// Its name in each language (`en` required).
    pub names: Translations<String>,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FacetValue {
    pub key: String,
    pub names: Translations<String>,
}

/// A facet group in one language.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, SimpleObject)]
#[graphql(name = "DirectoryFacetGroup")]
pub struct FacetGroupDoc {
    pub key: String,
    pub name: String,
    pub values: Vec<FacetValueDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, SimpleObject)]
#[graphql(name = "DirectoryFacetValue")]
pub struct FacetValueDoc {
    pub key: String,
    pub name: String,
}

/// A published directory channel in one locale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DirectoryDoc {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub facet_groups: Vec<FacetGroupDoc>,
    pub topics: Vec<Uuid>,
}

fn name_in(names: &Translations<String>, locale: &str) -> String {
    names
        .get(locale)
        .or_else(|| names.get("en"))
        .cloned()
        .unwrap_or_default()
}

fn check_names(path: &str, names: &Translations<String>) -> Result<(), PublishingError> {
    if !names.contains_key("en") {
        return Err(PublishingError::invalid(
            format!("{path}.en"),
            "an English name is required",
        ));
    }
    for (locale, name) in names {
        if locale != "en" && locale != "cy" {
            return Err(PublishingError::invalid(
                format!("{path}.{locale}"),
                "names are in en or cy",
            ));
        }
        check_text(&format!("{path}.{locale}"), name, 100)?;
    }
    Ok(())
}

impl Kind for DirectoryContent {
    const NAME: &'static str = "directory";
    const COLLECTION: &'static str = "directories";
    const LABEL: &'static str = "Directory";
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
        if self.facet_groups.len() > 20 {
            return Err(PublishingError::invalid(
                "facet_groups",
                "at most 20 facet groups",
            ));
        }
        let mut groups = HashSet::new();
        for (i, group) in self.facet_groups.iter().enumerate() {
            let at = format!("facet_groups[{i}]");
            check_slug(&format!("{at}.key"), &group.key)?;
            if !groups.insert(group.key.as_str()) {
                return Err(PublishingError::invalid(
                    format!("{at}.key"),
                    "another facet group has this key",
                ));
            }
            check_names(&format!("{at}.names"), &group.names)?;
            if group.values.is_empty() || group.values.len() > 100 {
                return Err(PublishingError::invalid(
                    format!("{at}.values"),
                    "give 1 to 100 values",
                ));
            }
            let mut values = HashSet::new();
            for (j, value) in group.values.iter().enumerate() {
                check_slug(&format!("{at}.values[{j}].key"), &value.key)?;
                if !values.insert(value.key.as_str()) {
                    return Err(PublishingError::invalid(
                        format!("{at}.values[{j}].key"),
                        "another value of the group has this key",
                    ));
                }
                check_names(&format!("{at}.values[{j}].names"), &value.names)?;
            }
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

    fn project(&self, locale: &str) -> Option<Projection> {
        let t = self.translations.get(locale)?;
        let doc = DirectoryDoc {
            title: t.title.clone(),
            slug: t.slug.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            facet_groups: self
                .facet_groups
                .iter()
                .map(|g| FacetGroupDoc {
                    key: g.key.clone(),
                    name: name_in(&g.names, locale),
                    values: g
                        .values
                        .iter()
                        .map(|v| FacetValueDoc {
                            key: v.key.clone(),
                            name: name_in(&v.names, locale),
                        })
                        .collect(),
                })
                .collect(),
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
        }
        links
    }

    fn path(&self, slug: &str, _parent_path: Option<&str>) -> Option<String> {
        Some(format!("/directories/{slug}"))
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

/// A directory channel: its introduction, its facets, and its entries (`entries`, filtered and near a point).
pub struct DirectoryGql {
    pub(in crate::content) scope: ReadScope,
    pub(in crate::content) d: Delivered,
    pub(in crate::content) doc: DirectoryDoc,
}

impl DirectoryGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }
}

#[Object(name = "Directory")]
impl DirectoryGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    /// Every published language version, this one included (English first): for `hreflang` links.
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
    /// The facet groups its entries are filtered by, in this language.
    async fn facet_groups(&self) -> &[FacetGroupDoc] {
        &self.doc.facet_groups
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.d.published_at
    }
    /// Its published entries: filtered by facets (`group:value`; values of one group widen, groups narrow), words,
    /// a point and radius (nearest first), and opening at a time; with the count of each facet value for the
    /// current filter.
    #[allow(clippy::too_many_arguments)]
    async fn entries(
        &self,
        ctx: &Context<'_>,
        facets: Option<Vec<String>>,
        query: Option<String>,
        near: Option<super::entry::NearInput>,
        open_at: Option<chrono::DateTime<chrono::Utc>>,
        open_now: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<super::entry::DirectoryEntryPageGql> {
        super::entry::entries_of(
            ctx,
            &self.scope,
            &self.doc,
            self.d.id,
            facets,
            query,
            near,
            open_at,
            open_now,
            first,
            after,
        )
        .await
    }
}
