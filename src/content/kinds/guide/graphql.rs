//! Guides in the GraphQL delivery API: `Council.guide(slug:)` and `Council.guides`, each guide with its overview,
//! its pages, the contents list and, for the page a route named, the previous and next pages.
use async_graphql::{Context, ID, Object, SimpleObject, connection::Connection};

use super::{GuideDoc, GuidePage};
use crate::{
    content::{
        blocks::{self, Block, BlockGql},
        delivery::{Delivered, ListFilter},
        graphql::{body_html, connection, council::one_by_slug, council::scope, doc, topics},
        kinds::{ContentKind, topic::TopicGql},
        loaders::ReadScope,
    },
    pagination::Counted,
    tenancy::graphql::CouncilView,
};

/// A council's guides.
pub struct CouncilGuides(pub CouncilView);

#[Object]
impl CouncilGuides {
    /// The council's guides.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn guides(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, GuideGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, GuideGql, Counted>> = async {
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::Guide,
                ListFilter::default(),
                first,
                after,
                GuideGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// A guide by its slug.
    async fn guide(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<GuideGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(ctx, &scope, ContentKind::Guide, &slug, GuideGql::new).await
    }
}

/// A guide.
pub struct GuideGql {
    scope: ReadScope,
    d: Delivered,
    doc: GuideDoc,
}

impl GuideGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }

    /// The overview (0) and the pages (1 on), each with its path.
    fn parts(&self) -> Vec<(String, Option<String>, String, &[Block])> {
        let base = self.d.path.clone().unwrap_or_default();
        let mut out: Vec<(String, Option<String>, String, &[Block])> = vec![(
            self.doc.title.clone(),
            None,
            base.clone(),
            &self.doc.body[..],
        )];
        out.extend(self.doc.pages.iter().map(|p: &GuidePage| {
            (
                p.title.clone(),
                Some(p.slug.clone()),
                format!("{base}/{}", p.slug),
                &p.body[..],
            )
        }));
        out
    }

    fn section(&self, number: usize) -> Option<GuideSectionGql> {
        let sections = self.parts();
        let (title, slug, path, body) = sections.get(number)?.clone();
        let link = |n: usize| {
            sections.get(n).map(|(title, _, path, _)| GuideLink {
                title: title.clone(),
                path: path.clone(),
            })
        };
        Some(GuideSectionGql {
            scope: self.scope.clone(),
            number: number as i32,
            title,
            slug,
            path,
            body: body.to_vec(),
            previous: number.checked_sub(1).and_then(link),
            next: link(number + 1),
        })
    }

    /// The section a route named (the overview when none).
    fn current(&self) -> usize {
        self.d
            .part
            .as_ref()
            .and_then(|part| self.doc.pages.iter().position(|p| &p.slug == part))
            .map_or(0, |i| i + 1)
    }
}

/// A link to a section of a guide.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuideLink {
    pub title: String,
    pub path: String,
}

/// An entry of a guide's contents list.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuideContentsEntry {
    pub number: i32,
    pub title: String,
    pub path: String,
    /// Whether it is the section being shown.
    pub current: bool,
}

/// A section of a guide: its overview (number 0) or one of its pages.
pub struct GuideSectionGql {
    scope: ReadScope,
    number: i32,
    title: String,
    slug: Option<String>,
    path: String,
    body: Vec<Block>,
    previous: Option<GuideLink>,
    next: Option<GuideLink>,
}

#[Object(name = "GuideSection")]
impl GuideSectionGql {
    /// 0 for the overview, then 1, 2, ...
    async fn number(&self) -> i32 {
        self.number
    }
    async fn title(&self) -> &str {
        &self.title
    }
    /// The page's slug (null for the overview).
    async fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
    async fn path(&self) -> &str {
        &self.path
    }
    async fn body(&self) -> Vec<BlockGql> {
        blocks::to_gql_in(&self.body, &self.scope.tenant)
    }
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        body_html(ctx, &self.scope, &self.body).await
    }
    async fn previous(&self) -> Option<&GuideLink> {
        self.previous.as_ref()
    }
    async fn next(&self) -> Option<&GuideLink> {
        self.next.as_ref()
    }
}

#[Object(name = "Guide")]
impl GuideGql {
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
    /// The overview and every page, in order, each with its previous and next.
    async fn sections(&self) -> Vec<GuideSectionGql> {
        (0..=self.doc.pages.len())
            .filter_map(|n| self.section(n))
            .collect()
    }
    /// The section a route named (`route(path: "/guides/x/how-to-apply")`), else the overview.
    async fn current_section(&self) -> Option<GuideSectionGql> {
        self.section(self.current())
    }
    /// A section by its page's slug (the overview without one).
    async fn section_by_slug(&self, slug: Option<String>) -> Option<GuideSectionGql> {
        match slug {
            None => self.section(0),
            Some(slug) => self
                .doc
                .pages
                .iter()
                .position(|p| p.slug == slug)
                .and_then(|i| self.section(i + 1)),
        }
    }
    /// The contents list, the current section marked.
    async fn contents(&self) -> Vec<GuideContentsEntry> {
        let current = self.current();
        self.parts()
            .into_iter()
            .enumerate()
            .map(|(n, (title, _, path, _))| GuideContentsEntry {
                number: n as i32,
                title,
                path,
                current: n == current,
            })
            .collect()
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.d.published_at
    }
}
