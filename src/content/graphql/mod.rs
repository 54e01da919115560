//! The web content of the GraphQL delivery API: pages, services, news, alerts, topics, menus and routes,
//! under `council(slug:)`. Relations load through the per-request [`ContentLoaders`].
use std::collections::HashMap;

use async_graphql::{
    Context, Enum, ID, Object,
    connection::{Connection, Edge},
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

pub mod council;

use super::{
    blocks::{self, Block, BlockGql},
    delivery::{self, Delivered, ListFilter},
    html,
    kinds::{
        alert::{AlertDoc, AlertKind},
        news::{NewsDoc, NewsImage},
        page::PageDoc,
        service::{ServiceContact, ServiceDoc, ServiceState, TopTask},
        topic::TopicDoc,
    },
    loaders::{ChildrenKey, ContentLoaders, DocKey, ReadScope, TopicKey},
};
use crate::{
    content::kinds::ContentKind,
    error::{ApiError, ErrorCode},
    pagination::{Counted, page_size},
    publishing::PublishingError,
    state::GqlState,
};

fn gql(err: PublishingError) -> async_graphql::Error {
    ApiError::from(err).into_graphql()
}

fn loaders<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a ContentLoaders> {
    ctx.data::<ContentLoaders>()
}

/// Loads items by id in the scope, keeping those of `kind`, in order.
async fn load_many(
    ctx: &Context<'_>,
    scope: &ReadScope,
    ids: &[Uuid],
    kind: ContentKind,
) -> async_graphql::Result<Vec<Delivered>> {
    let keys: Vec<DocKey> = ids.iter().map(|id| DocKey(scope.clone(), *id)).collect();
    let mut found = loaders(ctx)?.load_many(keys).await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.remove(&DocKey(scope.clone(), *id)))
        .filter(|d| d.kind == kind)
        .collect())
}

fn doc<T: serde::de::DeserializeOwned>(d: &Delivered) -> async_graphql::Result<T> {
    d.doc().map_err(gql)
}

/// Renders a body to HTML with links to the embedded services that are live (or previewed).
async fn body_html(
    ctx: &Context<'_>,
    scope: &ReadScope,
    body: &[Block],
) -> async_graphql::Result<String> {
    let mut ids = Vec::new();
    html::embedded_services(body, &mut ids);
    let services: HashMap<Uuid, (String, String)> =
        load_many(ctx, scope, &ids, ContentKind::Service)
            .await?
            .into_iter()
            .filter_map(|d| Some((d.id, (d.title.clone(), d.path.clone()?))))
            .collect();
    let documents = html::embedded_documents(&scope.tenant, db(ctx)?, body)
        .await
        .map_err(gql)?;
    Ok(html::render(
        body,
        &services,
        &documents,
        scope.tenant.slug(),
    ))
}

/// A page of the council's website.
pub struct PageGql {
    scope: ReadScope,
    d: Delivered,
    doc: PageDoc,
}

impl PageGql {
    fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
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
        blocks::to_gql(&self.doc.body)
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
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TopicGql>> {
        topics(ctx, &self.scope, &self.doc.topics).await
    }
}

async fn topics(
    ctx: &Context<'_>,
    scope: &ReadScope,
    ids: &[Uuid],
) -> async_graphql::Result<Vec<TopicGql>> {
    let keys: Vec<TopicKey> = ids.iter().map(|id| TopicKey(scope.clone(), *id)).collect();
    let mut found = loaders(ctx)?.load_many(keys).await?;
    ids.iter()
        .filter_map(|id| found.remove(&TopicKey(scope.clone(), *id)))
        .filter(|d| d.kind == ContentKind::Topic)
        .map(TopicGql::new)
        .collect()
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
        blocks::to_gql(&self.doc.body)
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
}

/// A news article.
pub struct NewsArticleGql {
    scope: ReadScope,
    d: Delivered,
    doc: NewsDoc,
}

impl NewsArticleGql {
    fn new(scope: &ReadScope, d: Delivered) -> async_graphql::Result<Self> {
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
        blocks::to_gql(&self.doc.body)
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

/// An alert banner showing now.
pub struct AlertGql {
    d: Delivered,
    doc: AlertDoc,
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
}

/// A topic of the council's taxonomy.
pub struct TopicGql {
    d: Delivered,
    doc: TopicDoc,
}

impl TopicGql {
    fn new(d: Delivered) -> async_graphql::Result<Self> {
        Ok(Self { doc: doc(&d)?, d })
    }
}

#[Object(name = "Topic")]
impl TopicGql {
    async fn id(&self) -> ID {
        ID(self.d.id.to_string())
    }
    async fn locale(&self) -> &str {
        &self.d.locale
    }
    async fn is_fallback(&self) -> bool {
        self.d.is_fallback
    }
    async fn name(&self) -> &str {
        &self.doc.name
    }
    async fn slug(&self) -> &str {
        &self.doc.slug
    }
    async fn description(&self) -> Option<&str> {
        self.doc.description.as_deref()
    }
}

/// What a front-end finds at a path.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RouteKind {
    Page,
    Service,
    NewsArticle,
    Redirect,
    Gone,
    NotFound,
}

/// The answer of `route(path:)`: what to render, where to redirect (301), or that the page is gone (410).
pub struct RouteGql {
    kind: RouteKind,
    redirect_to: Option<String>,
    page: Option<PageGql>,
    service: Option<ServiceGql>,
    news_article: Option<NewsArticleGql>,
}

#[Object(name = "Route")]
impl RouteGql {
    async fn kind(&self) -> RouteKind {
        self.kind
    }
    /// The HTTP status a front-end should answer: 200, 301, 410 or 404.
    async fn status_code(&self) -> i32 {
        match self.kind {
            RouteKind::Redirect => 301,
            RouteKind::Gone => 410,
            RouteKind::NotFound => 404,
            _ => 200,
        }
    }
    async fn redirect_to(&self) -> Option<&str> {
        self.redirect_to.as_deref()
    }
    async fn page(&self) -> Option<&PageGql> {
        self.page.as_ref()
    }
    async fn service(&self) -> Option<&ServiceGql> {
        self.service.as_ref()
    }
    async fn news_article(&self) -> Option<&NewsArticleGql> {
        self.news_article.as_ref()
    }
}

/// Checks a `locale:` argument: a locale Townhall knows (`en`, `cy`).
pub fn locale_arg(locale: Option<String>) -> async_graphql::Result<String> {
    let locale = locale.unwrap_or_else(|| "en".into());
    if crate::tenancy::SUPPORTED_LOCALES.contains(&locale.as_str()) {
        Ok(locale)
    } else {
        Err(ApiError::new(ErrorCode::ValidationFailed, "locale must be en or cy").into_graphql())
    }
}

fn db<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a sea_orm::DatabaseConnection> {
    Ok(&ctx.data::<GqlState>()?.db)
}

fn parse_id(id: &ID) -> async_graphql::Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found("Item").into_graphql())
}

async fn connection<T: async_graphql::OutputType>(
    ctx: &Context<'_>,
    scope: &ReadScope,
    kind: ContentKind,
    filter: ListFilter,
    first: Option<i32>,
    after: Option<String>,
    wrap: impl Fn(&ReadScope, Delivered) -> async_graphql::Result<T>,
) -> async_graphql::Result<Connection<String, T, Counted>> {
    let size = page_size(first.map(i64::from)).map_err(|e| ApiError::from(e).into_graphql())?;
    let page = delivery::list(
        &scope.tenant,
        db(ctx)?,
        scope.mode,
        kind,
        &scope.locale,
        &filter,
        size,
        after.as_deref(),
    )
    .await
    .map_err(gql)?;
    prefetch(ctx, scope, &page.items).await?;
    let mut connection = Connection::with_additional_fields(
        after.is_some(),
        page.has_next,
        Counted::new(page.total_count),
    );
    for (item, cursor) in page.items.into_iter().zip(page.cursors) {
        connection.edges.push(Edge::new(cursor, wrap(scope, item)?));
    }
    Ok(connection)
}

/// Loads the parents and topics a list's selection asks for, for the whole page at once, into the request's
/// loader cache; the items' own resolvers then find them there. This keeps the number of statements fixed
/// however the resolvers of a long list happen to be scheduled.
async fn prefetch(
    ctx: &Context<'_>,
    scope: &ReadScope,
    items: &[Delivered],
) -> async_graphql::Result<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    let ids = |field: &str| -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = items
            .iter()
            .flat_map(|d| match d.data.get(field) {
                Some(serde_json::Value::String(id)) => {
                    Uuid::parse_str(id).ok().into_iter().collect()
                }
                Some(serde_json::Value::Array(list)) => list
                    .iter()
                    .filter_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    if node.field("parent").exists() {
        let keys: Vec<DocKey> = ids("parent_id")
            .into_iter()
            .map(|id| DocKey(scope.clone(), id))
            .collect();
        loaders(ctx)?.load_many(keys).await?;
    }
    if node.field("topics").exists() {
        let keys: Vec<TopicKey> = ids("topics")
            .into_iter()
            .map(|id| TopicKey(scope.clone(), id))
            .collect();
        loaders(ctx)?.load_many(keys).await?;
    }
    Ok(())
}
