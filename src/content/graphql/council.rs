//! The web content fields of the `Council` object: routes, pages, services, news, alerts and the change feed
//! (`CouncilSite`), and menus and topics (`CouncilNavigation`). The wiring merges them into `Council`.
use async_graphql::{Context, ID, Object, connection::Connection};

use super::{RouteGql, RouteKind, connection, db, doc, gql, load_many, locale_arg, parse_id};
use crate::{
    content::{
        changes,
        delivery::{self, Delivered, ListFilter, Menu, Mode, Route},
        kinds::{
            ContentKind,
            alert::AlertGql,
            directory::{channel::DirectoryGql, entry::DirectoryEntryGql},
            event::graphql::EventGql,
            guide::graphql::GuideGql,
            news::NewsArticleGql,
            page::PageGql,
            publication::graphql::PublicationGql,
            service::ServiceGql,
            step_by_step::graphql::StepByStepGql,
            topic::TopicGql,
        },
        loaders::ReadScope,
    },
    error::{ApiError, ErrorCode},
    pagination::Counted,
    tenancy::graphql::CouncilView,
};

/// The read scope of a council's content for one field: its council, live or preview, and the locale asked for.
pub(in crate::content) fn scope(
    view: &CouncilView,
    locale: Option<String>,
) -> async_graphql::Result<ReadScope> {
    Ok(ReadScope {
        tenant: view.tenant.clone(),
        mode: if view.preview {
            Mode::Preview
        } else {
            Mode::Live
        },
        locale: locale_arg(locale)?,
    })
}

/// The live (or previewed) item of `kind` with this slug, as its GraphQL object.
pub(in crate::content) async fn one_by_slug<T>(
    ctx: &Context<'_>,
    scope: &ReadScope,
    kind: ContentKind,
    slug: &str,
    wrap: impl Fn(&ReadScope, Delivered) -> async_graphql::Result<T>,
) -> async_graphql::Result<Option<T>> {
    delivery::by_slug(
        &scope.tenant,
        db(ctx)?,
        scope.mode,
        kind,
        &scope.locale,
        slug,
    )
    .await
    .map_err(gql)?
    .map(|d| wrap(scope, d))
    .transpose()
}

/// A council's website content.
pub struct CouncilSite(pub CouncilView);

#[Object]
impl CouncilSite {
    /// What lives at a path of the council's site: a page, service or news article, a redirect (301) or gone (410).
    async fn route(
        &self,
        ctx: &Context<'_>,
        path: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<RouteGql>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<RouteGql> = async {
            let scope = scope(&self.0, locale)?;
            let found = delivery::route(&scope.tenant, db(ctx)?, scope.mode, &scope.locale, &path)
                .await
                .map_err(gql)?;
            let mut route = RouteGql {
                kind: RouteKind::NotFound,
                redirect_to: None,
                page: None,
                service: None,
                news_article: None,
                directory: None,
                directory_entry: None,
                event: None,
                guide: None,
                step_by_step: None,
                publication: None,
            };
            match found {
                Route::Item(d) => match d.kind {
                    ContentKind::Page => {
                        route.kind = RouteKind::Page;
                        route.page = Some(PageGql::new(&scope, d)?);
                    }
                    ContentKind::Service => {
                        route.kind = RouteKind::Service;
                        route.service = Some(ServiceGql::new(&scope, d)?);
                    }
                    ContentKind::News => {
                        route.kind = RouteKind::NewsArticle;
                        route.news_article = Some(NewsArticleGql::new(&scope, d)?);
                    }
                    ContentKind::Directory => {
                        route.kind = RouteKind::Directory;
                        route.directory = Some(DirectoryGql::new(&scope, d)?);
                    }
                    ContentKind::DirectoryEntry => {
                        route.kind = RouteKind::DirectoryEntry;
                        route.directory_entry = Some(DirectoryEntryGql::new(&scope, d)?);
                    }
                    ContentKind::Event => {
                        route.kind = RouteKind::Event;
                        route.event = Some(EventGql::new(&scope, d)?);
                    }
                    ContentKind::Guide => {
                        route.kind = RouteKind::Guide;
                        route.guide = Some(GuideGql::new(&scope, d)?);
                    }
                    ContentKind::StepByStep => {
                        route.kind = RouteKind::StepByStep;
                        route.step_by_step = Some(StepByStepGql::new(&scope, d)?);
                    }
                    ContentKind::Publication => {
                        route.kind = RouteKind::Publication;
                        route.publication = Some(PublicationGql::new(&scope, d)?);
                    }
                    _ => {}
                },
                Route::Redirect { to, .. } => {
                    route.kind = RouteKind::Redirect;
                    route.redirect_to = Some(to);
                }
                Route::Gone => route.kind = RouteKind::Gone,
                Route::NotFound => {}
            }
            Ok(route)
        }
        .await;
        answer.map(Some)
    }

    /// A page by path (`/bins-and-recycling/missed-bin`) or id.
    async fn page(
        &self,
        ctx: &Context<'_>,
        path: Option<String>,
        id: Option<ID>,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<PageGql>> {
        let scope = scope(&self.0, locale)?;
        let found = match (path, id) {
            (Some(path), _) => {
                match delivery::route(&scope.tenant, db(ctx)?, scope.mode, &scope.locale, &path)
                    .await
                    .map_err(gql)?
                {
                    Route::Item(d) if d.kind == ContentKind::Page => Some(d),
                    _ => None,
                }
            }
            (None, Some(id)) => load_many(ctx, &scope, &[parse_id(&id)?], ContentKind::Page)
                .await?
                .into_iter()
                .next(),
            (None, None) => {
                return Err(
                    ApiError::new(ErrorCode::ValidationFailed, "give path or id").into_graphql(),
                );
            }
        };
        found.map(|d| PageGql::new(&scope, d)).transpose()
    }

    /// Pages below `parent` (top-level pages when no parent is given), optionally with a topic.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn pages(
        &self,
        ctx: &Context<'_>,
        parent: Option<ID>,
        topic: Option<ID>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, PageGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, PageGql, Counted>> = async {
            let filter = ListFilter {
                parent: Some(parent.as_ref().map(parse_id).transpose()?),
                topic: topic.as_ref().map(parse_id).transpose()?,
                ..ListFilter::default()
            };
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::Page,
                filter,
                first,
                after,
                PageGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// Every page wherever it sits in the tree, optionally with a topic.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn all_pages(
        &self,
        ctx: &Context<'_>,
        topic: Option<ID>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, PageGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, PageGql, Counted>> = async {
            let filter = ListFilter {
                topic: topic.as_ref().map(parse_id).transpose()?,
                ..ListFilter::default()
            };
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::Page,
                filter,
                first,
                after,
                PageGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// A service by its slug.
    async fn service(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<ServiceGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(ctx, &scope, ContentKind::Service, &slug, ServiceGql::new).await
    }

    /// Services, optionally those with an LGSL code (and LGIL code) or a topic.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn services(
        &self,
        ctx: &Context<'_>,
        lgsl: Option<i32>,
        lgil: Option<i32>,
        topic: Option<ID>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, ServiceGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, ServiceGql, Counted>> = async {
            let filter = ListFilter {
                topic: topic.as_ref().map(parse_id).transpose()?,
                lgsl: lgsl.map(|c| c.max(0) as u32),
                lgil: lgil.map(|c| c.max(0) as u32),
                ..ListFilter::default()
            };
            let scope = scope(&self.0, locale)?;
            let kind = ContentKind::Service;
            connection(ctx, &scope, kind, filter, first, after, ServiceGql::new).await
        }
        .await;
        answer.map(Some)
    }

    /// A news article by its slug.
    async fn news_article(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<NewsArticleGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(ctx, &scope, ContentKind::News, &slug, NewsArticleGql::new).await
    }

    /// News articles, newest first.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn news_articles(
        &self,
        ctx: &Context<'_>,
        topic: Option<ID>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, NewsArticleGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, NewsArticleGql, Counted>> = async {
            let filter = ListFilter {
                topic: topic.as_ref().map(parse_id).transpose()?,
                ..ListFilter::default()
            };
            let scope = scope(&self.0, locale)?;
            let kind = ContentKind::News;
            connection(ctx, &scope, kind, filter, first, after, NewsArticleGql::new).await
        }
        .await;
        answer.map(Some)
    }

    /// Alert banners showing now (on `path`, when given), most severe first.
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        path: Option<String>,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Vec<AlertGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Vec<AlertGql>> = async {
            let scope = scope(&self.0, locale)?;
            delivery::alerts(
                &scope.tenant,
                db(ctx)?,
                scope.mode,
                &scope.locale,
                path.as_deref(),
                ctx.data::<crate::state::GqlState>()?.clock.now(),
            )
            .await
            .map_err(gql)?
            .into_iter()
            .map(|d| {
                Ok(AlertGql {
                    scope: scope.clone(),
                    doc: doc(&d)?,
                    d,
                })
            })
            .collect()
        }
        .await;
        answer.map(Some)
    }

    /// The service status list: alerts showing now that affect services, most severe first, each with the
    /// services it affects. An alert leaves the list by itself at its end.
    async fn service_status(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Vec<AlertGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Vec<AlertGql>> = async {
            let scope = scope(&self.0, locale)?;
            Ok(delivery::service_status(
                &scope.tenant,
                db(ctx)?,
                scope.mode,
                &scope.locale,
                None,
                ctx.data::<crate::state::GqlState>()?.clock.now(),
            )
            .await
            .map_err(gql)?
            .into_iter()
            .map(|(doc, d)| AlertGql {
                scope: scope.clone(),
                doc,
                d,
            })
            .collect())
        }
        .await;
        answer.map(Some)
    }

    /// What changed on the public site after `since` (the `cursor` of an earlier answer; absent for everything),
    /// oldest first: publications and removals, so a static front-end can rebuild only what it must.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        since: Option<String>,
        first: Option<i32>,
    ) -> async_graphql::Result<Option<changes::ChangeList>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<changes::ChangeList> = async {
            let size = crate::pagination::first_arg(first)?;
            let now = ctx.data::<crate::state::GqlState>()?.clock.now();
            changes::read(&self.0.tenant, db(ctx)?, since.as_deref(), size, true, now)
                .await
                .map_err(|e| ApiError::from(e).into_graphql())
        }
        .await;
        answer.map(Some)
    }
}

/// A council's navigation: menus and topics.
pub struct CouncilNavigation(pub CouncilView);

#[Object]
impl CouncilNavigation {
    /// A navigation menu by name (`main`, `footer`).
    async fn menu(
        &self,
        ctx: &Context<'_>,
        name: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Menu>> {
        let scope = scope(&self.0, locale)?;
        delivery::menu(&scope.tenant, db(ctx)?, scope.mode, &scope.locale, &name)
            .await
            .map_err(gql)
    }

    /// The council's topics (at most 100).
    #[graphql(complexity = "100 * child_complexity")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Vec<TopicGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Vec<TopicGql>> = async {
            let scope = scope(&self.0, locale)?;
            let page = delivery::list(
                &scope.tenant,
                db(ctx)?,
                scope.mode,
                ContentKind::Topic,
                &scope.locale,
                &ListFilter::default(),
                crate::pagination::MAX_LIMIT,
                None,
            )
            .await
            .map_err(gql)?;
            page.items.into_iter().map(TopicGql::new).collect()
        }
        .await;
        answer.map(Some)
    }
}

/// One council's published service with an LGSL code, for the national directory (`servicesByLgsl`).
pub struct LocalService {
    pub council: crate::tenancy::model::Model,
    pub service: ServiceGql,
    pub url: Option<String>,
}

/// Each council's published service with this LGSL code (and LGIL code), live and in English.
pub async fn services_by_lgsl(
    ctx: &Context<'_>,
    lgsl: i32,
    lgil: Option<i32>,
) -> async_graphql::Result<Vec<LocalService>> {
    let found = crate::content::local_links::services_by_lgsl(
        db(ctx)?,
        &ctx.data::<crate::state::GqlState>()?.clock,
        lgsl.max(0) as u32,
        lgil.map(|c| c.max(0) as u32),
    )
    .await
    .map_err(|e| ApiError::from(e).into_graphql())?;
    found
        .into_iter()
        .map(|local| {
            let tenant = match ctx.data_opt::<crate::links::Base>() {
                Some(base) => local.tenant.reached_at(base),
                None => local.tenant,
            };
            let scope = scope(&CouncilView::live(tenant), None)?;
            Ok(LocalService {
                url: local.url,
                service: ServiceGql::new(&scope, local.service)?,
                council: local.council,
            })
        })
        .collect()
}
