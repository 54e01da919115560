//! The web content of the GraphQL delivery API, under `council(slug:)`: routes, connections of items, and the
//! helpers the kinds' objects (`Page`, `Service`, `NewsArticle`, `Alert`, `Topic`, each in its module under
//! `kinds`) share. Relations load through the per-request [`ContentLoaders`].
use std::collections::HashMap;

use async_graphql::{
    Context, Enum, ID, Object,
    connection::{Connection, Edge},
};
use uuid::Uuid;

pub mod council;

/// The wiring answers `servicesByLgsl` with services.
pub use super::kinds::service::ServiceGql;
use super::{
    blocks::Block,
    delivery::{self, Delivered, ListFilter},
    html,
    kinds::{
        directory::{channel::DirectoryGql, entry::DirectoryEntryGql},
        event::graphql::EventGql,
        guide::graphql::GuideGql,
        news::NewsArticleGql,
        page::PageGql,
        publication::graphql::PublicationGql,
        step_by_step::graphql::StepByStepGql,
        topic::TopicGql,
    },
    loaders::{AlternatesKey, ContentLoaders, DocKey, ReadScope, TopicKey},
};
use crate::{
    content::kinds::ContentKind,
    error::{ApiError, ErrorCode},
    pagination::Counted,
    publishing::PublishingError,
    state::GqlState,
};

pub(in crate::content) fn gql(err: PublishingError) -> async_graphql::Error {
    ApiError::from(err).into_graphql()
}

pub(in crate::content) fn loaders<'a>(
    ctx: &'a Context<'_>,
) -> async_graphql::Result<&'a ContentLoaders> {
    ctx.data::<ContentLoaders>()
}

/// Loads items by id in the scope, keeping those of `kind`, in order.
pub(in crate::content) async fn load_many(
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

/// The published language versions of an item, for `hreflang` links.
pub(in crate::content) async fn alternates(
    ctx: &Context<'_>,
    scope: &ReadScope,
    id: Uuid,
) -> async_graphql::Result<Vec<delivery::Alternate>> {
    let key = AlternatesKey(scope.tenant.clone(), id);
    Ok(loaders(ctx)?.load_one(key).await?.unwrap_or_default())
}

pub(in crate::content) fn doc<T: serde::de::DeserializeOwned>(
    d: &Delivered,
) -> async_graphql::Result<T> {
    d.doc().map_err(gql)
}

/// Renders a body to HTML with links to the embedded services that are live (or previewed).
pub(in crate::content) async fn body_html(
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
    let images = html::embedded_images(&scope.tenant, db(ctx)?, body)
        .await
        .map_err(gql)?;
    Ok(html::render(body, &services, &documents, &images))
}

/// Loads topics by id in the scope, in order.
pub(in crate::content) async fn topics(
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

/// What a front-end finds at a path.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RouteKind {
    Page,
    Service,
    NewsArticle,
    Directory,
    DirectoryEntry,
    Event,
    Guide,
    StepByStep,
    Publication,
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
    directory: Option<DirectoryGql>,
    directory_entry: Option<DirectoryEntryGql>,
    event: Option<EventGql>,
    guide: Option<GuideGql>,
    step_by_step: Option<StepByStepGql>,
    publication: Option<PublicationGql>,
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
    async fn directory(&self) -> Option<&DirectoryGql> {
        self.directory.as_ref()
    }
    async fn directory_entry(&self) -> Option<&DirectoryEntryGql> {
        self.directory_entry.as_ref()
    }
    async fn event(&self) -> Option<&EventGql> {
        self.event.as_ref()
    }
    /// A guide, with `currentSection` the page the path named.
    async fn guide(&self) -> Option<&GuideGql> {
        self.guide.as_ref()
    }
    async fn step_by_step(&self) -> Option<&StepByStepGql> {
        self.step_by_step.as_ref()
    }
    /// A publication, with `currentPage` the page the path named (null on its cover).
    async fn publication(&self) -> Option<&PublicationGql> {
        self.publication.as_ref()
    }
}

/// Checks a `locale:` argument: a locale Townhall knows (`en`, `cy`).
pub fn locale_arg(locale: Option<String>) -> async_graphql::Result<String> {
    crate::tenancy::check_locale("locale", locale.as_deref()).map_err(|_| {
        ApiError::new(ErrorCode::ValidationFailed, "locale must be en or cy").into_graphql()
    })
}

pub(in crate::content) fn db<'a>(
    ctx: &'a Context<'_>,
) -> async_graphql::Result<&'a sea_orm::DatabaseConnection> {
    Ok(&ctx.data::<GqlState>()?.db)
}

pub(in crate::content) fn parse_id(id: &ID) -> async_graphql::Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found("Item").into_graphql())
}

pub(in crate::content) async fn connection<T: async_graphql::OutputType>(
    ctx: &Context<'_>,
    scope: &ReadScope,
    kind: ContentKind,
    filter: ListFilter,
    first: Option<i32>,
    after: Option<String>,
    wrap: impl Fn(&ReadScope, Delivered) -> async_graphql::Result<T>,
) -> async_graphql::Result<Connection<String, T, Counted>> {
    let size = crate::pagination::first_arg(first)?;
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
