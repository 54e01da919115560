//! The public `Council` type and the `council(slug:)` / `councils` root fields of the delivery API.
//! Each feature's fields on `Council` delegate to that feature's own GraphQL module.
use async_graphql::{Context, ID, Object, connection::Connection};

use super::{Nation, Tenant, model, store};
use crate::{
    auth::{Principal, extract::may_preview},
    content::{
        delivery::Mode,
        graphql::{
            self as content, AlertGql, Counted, NewsArticleGql, PageGql, RouteGql, ServiceGql,
            TopicGql,
        },
        loaders::ReadScope,
    },
    democracy::{
        committees::graphql::CommitteeGql,
        decisions::graphql::{self as decisions, DecisionGql, ForwardPlanEntryGql},
        meetings::{
            graphql::{self as meetings, MeetingGql},
            model::MeetingStatus,
        },
        people::graphql::{self as people, CouncillorGql, PartyGql, WardGql},
    },
    error::{ApiError, ErrorCode},
    state::GqlState,
};

/// A council and its published content and records.
pub struct CouncilGql {
    tenant: Tenant,
    model: model::Model,
    mode: Mode,
}

impl From<model::Model> for CouncilGql {
    fn from(model: model::Model) -> Self {
        Self {
            tenant: Tenant::from_model(&model),
            model,
            mode: Mode::Live,
        }
    }
}

impl CouncilGql {
    fn scope(&self, locale: Option<String>) -> async_graphql::Result<ReadScope> {
        Ok(ReadScope {
            tenant: self.tenant.clone(),
            mode: self.mode,
            locale: content::locale_arg(locale)?,
        })
    }
}

/// Who is asking, when the request carried a valid bearer token (set by the HTTP endpoint).
#[derive(Clone)]
pub struct Viewer(pub Option<Principal>);

#[Object(name = "Council")]
impl CouncilGql {
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    async fn nation(&self) -> Nation {
        self.tenant.nation()
    }

    /// The ONS GSS code, e.g. `E06000023`.
    async fn gss_code(&self) -> Option<&str> {
        self.model.gss_code.as_deref()
    }

    /// Locales the council publishes in; `en` first.
    async fn locales(&self) -> &[String] {
        self.tenant.locales()
    }

    /// Electoral wards.
    async fn wards(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WardGql>> {
        people::wards(&ctx.data::<GqlState>()?.db, &self.tenant).await
    }

    /// Political parties and groups.
    async fn parties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PartyGql>> {
        people::parties(&ctx.data::<GqlState>()?.db, &self.tenant).await
    }

    /// Councillors, optionally those currently sitting for a ward or a party.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn councillors(
        &self,
        ctx: &Context<'_>,
        ward: Option<ID>,
        party: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, CouncillorGql>> {
        let connection = people::councillors(
            &ctx.data::<GqlState>()?.db,
            &self.tenant,
            ward,
            party,
            first,
            after,
        )
        .await?;
        let keys = connection.edges.iter().map(|e| e.node.key.clone());
        crate::democracy::loaders::prefetch(ctx, &["seats", "roles", "interests"], keys).await?;
        Ok(connection)
    }

    /// Committees, the executive and full council.
    async fn committees(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommitteeGql>> {
        meetings::committees(&ctx.data::<GqlState>()?.db, &self.tenant).await
    }

    /// One committee, or null.
    async fn committee(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CommitteeGql>> {
        meetings::committee(&ctx.data::<GqlState>()?.db, &self.tenant, id).await
    }

    /// Meetings in start order, between London dates `from` and `to` (inclusive).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        committee: Option<ID>,
        status: Option<MeetingStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, MeetingGql>> {
        let db = &ctx.data::<GqlState>()?.db;
        let connection =
            meetings::meetings(db, &self.tenant, from, to, committee, status, first, after).await?;
        let keys = connection.edges.iter().map(|e| e.node.key.clone());
        crate::democracy::loaders::prefetch(
            ctx,
            &["agenda", "documents", "attendance", "motions"],
            keys,
        )
        .await?;
        Ok(connection)
    }

    /// One meeting, or null.
    async fn meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MeetingGql>> {
        meetings::meeting(&ctx.data::<GqlState>()?.db, &self.tenant, id).await
    }

    /// Published decisions, newest first, between dates `from` and `to`; `keyOnly` for key decisions.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn decisions(
        &self,
        ctx: &Context<'_>,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        #[graphql(default = false)] key_only: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, DecisionGql>> {
        let db = &ctx.data::<GqlState>()?.db;
        decisions::decisions(db, &self.tenant, from, to, key_only, first, after).await
    }

    /// The published forward plan of key decisions from today on.
    async fn forward_plan(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ForwardPlanEntryGql>> {
        decisions::forward_plan(&ctx.data::<GqlState>()?.db, &self.tenant).await
    }

    /// What lives at a path of the council's site: a page, service or news article, a redirect (301) or gone (410).
    async fn route(
        &self,
        ctx: &Context<'_>,
        path: String,
        locale: Option<String>,
    ) -> async_graphql::Result<RouteGql> {
        content::route(ctx, &self.scope(locale)?, path).await
    }

    /// A page by path (`/bins-and-recycling/missed-bin`) or id.
    async fn page(
        &self,
        ctx: &Context<'_>,
        path: Option<String>,
        id: Option<ID>,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<PageGql>> {
        content::page(ctx, &self.scope(locale)?, path, id).await
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
    ) -> async_graphql::Result<Connection<String, PageGql, Counted>> {
        content::pages(ctx, &self.scope(locale)?, parent, topic, first, after).await
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
    ) -> async_graphql::Result<Connection<String, PageGql, Counted>> {
        content::all_pages(ctx, &self.scope(locale)?, topic, first, after).await
    }

    /// A service by its slug.
    async fn service(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<ServiceGql>> {
        content::service(ctx, &self.scope(locale)?, slug).await
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
    ) -> async_graphql::Result<Connection<String, ServiceGql, Counted>> {
        content::services(ctx, &self.scope(locale)?, lgsl, lgil, topic, first, after).await
    }

    /// A news article by its slug.
    async fn news_article(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<NewsArticleGql>> {
        content::news_article(ctx, &self.scope(locale)?, slug).await
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
    ) -> async_graphql::Result<Connection<String, NewsArticleGql, Counted>> {
        content::news_articles(ctx, &self.scope(locale)?, topic, first, after).await
    }

    /// Alert banners showing now (on `path`, when given), most severe first.
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        path: Option<String>,
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<AlertGql>> {
        content::alerts(ctx, &self.scope(locale)?, path).await
    }

    /// What changed on the public site after `since` (the `cursor` of an earlier answer; absent for everything),
    /// oldest first: publications and removals, so a static front-end can rebuild only what it must.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        since: Option<String>,
        first: Option<i32>,
    ) -> async_graphql::Result<crate::content::changes::ChangeList> {
        let size = crate::pagination::page_size(first.map(i64::from))
            .map_err(|e| ApiError::from(e).into_graphql())?;
        crate::content::changes::read(
            &self.tenant,
            &ctx.data::<GqlState>()?.db,
            since.as_deref(),
            size,
            true,
        )
        .await
        .map_err(|e| ApiError::from(e).into_graphql())
    }

    /// Full-text search of published pages, services, news, meetings and decisions, best first, with
    /// highlighted snippets (`"a phrase"`, `recycl*` for a prefix). `types` limits the kinds searched.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        types: Option<Vec<String>>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, crate::search::Hit, Counted>> {
        let gql = |e: ApiError| e.into_graphql();
        let search = crate::search::rest::build_query(
            &query,
            types.unwrap_or_default(),
            locale,
            self.mode == Mode::Preview,
        )
        .map_err(gql)?;
        let size = crate::pagination::page_size(first.map(i64::from))
            .map_err(|e| ApiError::from(e).into_graphql())?;
        let start = crate::search::rest::decode_offset(after.as_deref()).map_err(gql)?;
        let found = crate::search::rest::run(
            &self.tenant,
            &ctx.data::<GqlState>()?.db,
            &search,
            size,
            after.as_deref(),
        )
        .await
        .map_err(gql)?;
        let mut connection = Connection::with_additional_fields(
            start > 0,
            found.next_cursor.is_some(),
            Counted::new(found.total_count),
        );
        for (i, hit) in found.items.into_iter().enumerate() {
            let cursor = crate::search::rest::encode_offset(start + i as u64 + 1);
            connection
                .edges
                .push(async_graphql::connection::Edge::new(cursor, hit));
        }
        Ok(connection)
    }

    /// A navigation menu by name (`main`, `footer`).
    async fn menu(
        &self,
        ctx: &Context<'_>,
        name: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<crate::content::delivery::Menu>> {
        content::menu(ctx, &self.scope(locale)?, name).await
    }

    /// The council's topics (at most 100).
    #[graphql(complexity = "100 * child_complexity")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<TopicGql>> {
        content::topics_list(ctx, &self.scope(locale)?).await
    }

    /// One councillor, or null.
    async fn councillor(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CouncillorGql>> {
        people::councillor(&ctx.data::<GqlState>()?.db, &self.tenant, id).await
    }
}

/// One council's service in the national directory.
#[derive(async_graphql::SimpleObject)]
#[graphql(name = "LocalService")]
pub struct LocalServiceGql {
    council: CouncilGql,
    service: ServiceGql,
    /// The service's address on the council's website (when the council has set its website address).
    url: Option<String>,
}

#[derive(Default)]
pub struct CouncilQuery;

#[Object]
impl CouncilQuery {
    /// One council by its slug, or null. With `preview: true` (and a token that may preview this council's
    /// drafts: a member's access token, or an API token with the `preview` scope) web content is read from the
    /// working copies instead of what is published.
    async fn council(
        &self,
        ctx: &Context<'_>,
        slug: String,
        #[graphql(default = false)] preview: bool,
    ) -> async_graphql::Result<Option<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let found = store::find_public(&state.db, &slug)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        let Some(model) = found else {
            return Ok(None);
        };
        let mut council = CouncilGql::from(model);
        if preview {
            let principal = ctx.data_opt::<Viewer>().and_then(|v| v.0.clone());
            let allowed = match &principal {
                Some(p) => may_preview(&state.db, p, &council.tenant).await,
                None => false,
            };
            if !allowed {
                let code = if principal.is_some() {
                    ErrorCode::Forbidden
                } else {
                    ErrorCode::Unauthorized
                };
                return Err(ApiError::new(
                    code,
                    "Preview needs a token that may read this council's drafts.",
                )
                .into_graphql());
            }
            council.mode = Mode::Preview;
        }
        Ok(Some(council))
    }

    /// The national directory: each council's published service with this LGSL code (and LGIL code, when
    /// given), with its address on the council's website. Counted as 100 services when limiting complexity.
    #[graphql(complexity = "100 * child_complexity")]
    async fn services_by_lgsl(
        &self,
        ctx: &Context<'_>,
        lgsl: i32,
        lgil: Option<i32>,
    ) -> async_graphql::Result<Vec<LocalServiceGql>> {
        let state = ctx.data::<GqlState>()?;
        let found = crate::content::directory::services_by_lgsl(
            &state.db,
            lgsl.max(0) as u32,
            lgil.map(|c| c.max(0) as u32),
        )
        .await
        .map_err(|e| ApiError::from(e).into_graphql())?;
        found
            .into_iter()
            .map(|local| {
                let scope = ReadScope {
                    tenant: local.tenant,
                    mode: Mode::Live,
                    locale: "en".into(),
                };
                Ok(LocalServiceGql {
                    url: local.url,
                    service: ServiceGql::new(&scope, local.service)?,
                    council: CouncilGql::from(local.council),
                })
            })
            .collect()
    }

    /// Every council on this platform, by name (at most 1,000). Counted as 100 councils when limiting a query's
    /// complexity, so nothing costly can be asked of every council at once.
    #[graphql(complexity = "100 * child_complexity")]
    async fn councils(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let rows = store::list_public(&state.db)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        Ok(rows.into_iter().map(CouncilGql::from).collect())
    }
}
