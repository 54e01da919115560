//! Publications in the GraphQL delivery API: `Council.publication(slug:)` and `Council.publications`, with the
//! cover (summary, dates, alternatives), the table of contents (pages and their headings, with anchors), each page
//! in reading order with its previous and next, and the page a route named.
use async_graphql::{Context, ID, Object, SimpleObject, connection::Connection};
use chrono::NaiveDate;

use super::{PublicationDoc, PublicationPage, reading_order};
use crate::{
    content::{
        blocks::{self, Block, BlockGql, heading_anchors},
        delivery::{Delivered, ListFilter},
        graphql::{
            body_html, connection, council::one_by_slug, council::scope, db, doc, gql, topics,
        },
        kinds::{ContentKind, topic::TopicGql},
        loaders::ReadScope,
    },
    pagination::Counted,
    tenancy::graphql::CouncilView,
};

/// A council's publications.
pub struct CouncilPublications(pub CouncilView);

#[Object]
impl CouncilPublications {
    /// The council's HTML publications.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn publications(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, PublicationGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, PublicationGql, Counted>> = async {
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::Publication,
                ListFilter::default(),
                first,
                after,
                PublicationGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// A publication by its slug.
    async fn publication(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<PublicationGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(
            ctx,
            &scope,
            ContentKind::Publication,
            &slug,
            PublicationGql::new,
        )
        .await
    }
}

/// A publication.
pub struct PublicationGql {
    scope: ReadScope,
    d: Delivered,
    doc: PublicationDoc,
}

impl PublicationGql {
    pub fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self {
            doc: doc(&d)?,
            scope: scope.clone(),
            d,
        })
    }

    fn base(&self) -> String {
        self.d.path.clone().unwrap_or_default()
    }

    /// The pages in reading order, as objects with their previous and next.
    fn in_order(&self) -> Vec<PublicationPageGql> {
        let base = self.base();
        let order = reading_order(&self.doc.pages);
        let link = |i: usize| {
            order
                .get(i)
                .map(|(_, p): &(usize, &PublicationPage)| PublicationLink {
                    title: p.title.clone(),
                    path: format!("{base}/{}", p.slug),
                })
        };
        order
            .iter()
            .enumerate()
            .map(|(i, (depth, page))| PublicationPageGql {
                scope: self.scope.clone(),
                depth: *depth as i32,
                title: page.title.clone(),
                slug: page.slug.clone(),
                path: format!("{base}/{}", page.slug),
                body: page.body.clone(),
                previous: i.checked_sub(1).and_then(link).or_else(|| {
                    Some(PublicationLink {
                        title: self.doc.title.clone(),
                        path: base.clone(),
                    })
                }),
                next: link(i + 1),
            })
            .collect()
    }
}

/// A link within a publication.
#[derive(Debug, Clone, SimpleObject)]
pub struct PublicationLink {
    pub title: String,
    pub path: String,
}

/// A heading of a page, with its anchor.
#[derive(Debug, Clone, SimpleObject)]
pub struct PublicationHeading {
    pub level: i32,
    pub text: String,
    /// The heading's `id` in the page's `bodyHtml`.
    pub anchor: String,
    /// The page's path and the anchor (`/publications/x/intro#why-a-new-plan`).
    pub path: String,
}

/// An entry of a publication's table of contents: a page, its depth and its headings.
#[derive(Debug, Clone, SimpleObject)]
pub struct PublicationContentsEntry {
    pub title: String,
    pub path: String,
    /// 1 for a top-level page, 2 for a page below it, 3 below that.
    pub depth: i32,
    /// Whether it is the page a route named.
    pub current: bool,
    pub headings: Vec<PublicationHeading>,
}

/// A downloadable alternative of a publication.
#[derive(Debug, Clone, SimpleObject)]
pub struct PublicationFile {
    pub title: String,
    pub url: String,
    pub mime_type: String,
    pub size_bytes: f64,
}

/// A page of a publication.
pub struct PublicationPageGql {
    scope: ReadScope,
    depth: i32,
    title: String,
    slug: String,
    path: String,
    body: Vec<Block>,
    previous: Option<PublicationLink>,
    next: Option<PublicationLink>,
}

#[Object(name = "PublicationPage")]
impl PublicationPageGql {
    async fn depth(&self) -> i32 {
        self.depth
    }
    async fn title(&self) -> &str {
        &self.title
    }
    async fn slug(&self) -> &str {
        &self.slug
    }
    async fn path(&self) -> &str {
        &self.path
    }
    async fn body(&self) -> Vec<BlockGql> {
        blocks::to_gql_in(&self.body, &self.scope.tenant)
    }
    /// The page's body, each heading with its anchor as `id`.
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        body_html(ctx, &self.scope, &self.body).await
    }
    /// The page before in reading order (the cover for the first).
    async fn previous(&self) -> Option<&PublicationLink> {
        self.previous.as_ref()
    }
    async fn next(&self) -> Option<&PublicationLink> {
        self.next.as_ref()
    }
}

#[Object(name = "Publication")]
impl PublicationGql {
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
    /// The cover's path.
    async fn path(&self) -> Option<&str> {
        self.d.path.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.doc.summary.as_deref()
    }
    async fn published_on(&self) -> Option<NaiveDate> {
        self.doc.published_on
    }
    async fn updated_on(&self) -> Option<NaiveDate> {
        self.doc.updated_on
    }
    /// Downloadable versions (public files of the media library only).
    async fn alternatives(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PublicationFile>> {
        let files = crate::media::graphql::public_files(
            &self.scope.tenant,
            db(ctx)?,
            self.doc.alternatives.clone(),
        )
        .await
        .map_err(|e| gql(e.into()))?;
        Ok(self
            .doc
            .alternatives
            .iter()
            .filter_map(|id| files.get(id))
            .map(|m| PublicationFile {
                title: m.title.clone(),
                url: m.url(&self.scope.tenant),
                mime_type: m.mime_type.clone(),
                size_bytes: m.size as f64,
            })
            .collect())
    }
    /// The table of contents: every page in reading order with its depth and its headings.
    async fn contents(&self) -> Vec<PublicationContentsEntry> {
        let base = self.base();
        reading_order(&self.doc.pages)
            .into_iter()
            .map(|(depth, page)| {
                let path = format!("{base}/{}", page.slug);
                PublicationContentsEntry {
                    title: page.title.clone(),
                    current: self.d.part.as_deref() == Some(page.slug.as_str()),
                    depth: depth as i32,
                    headings: heading_anchors(&page.body)
                        .into_iter()
                        .map(|h| PublicationHeading {
                            level: i32::from(h.level),
                            path: format!("{path}#{}", h.anchor),
                            text: h.text,
                            anchor: h.anchor,
                        })
                        .collect(),
                    path,
                }
            })
            .collect()
    }
    /// Every page in reading order.
    async fn pages(&self) -> Vec<PublicationPageGql> {
        self.in_order()
    }
    /// The page a route named (`route(path: "/publications/x/introduction")`); null on the cover.
    async fn current_page(&self) -> Option<PublicationPageGql> {
        let part = self.d.part.as_deref()?;
        self.in_order().into_iter().find(|p| p.slug == part)
    }
    /// A page by its slug.
    async fn page(&self, slug: String) -> Option<PublicationPageGql> {
        self.in_order().into_iter().find(|p| p.slug == slug)
    }
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
    async fn published_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.d.published_at
    }
}
