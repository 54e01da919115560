//! The `Council` object, merged from the fields each layer contributes, and the root fields that find councils:
//! `council(slug:)`, `councils` and the national directory's `servicesByLgsl`.
use async_graphql::{Context, MergedObject, Object, SimpleObject};

use crate::{
    auth::extract::delivery_access,
    content::{
        graphql::{
            ServiceGql,
            council::{self as content, CouncilNavigation, CouncilSite},
        },
        kinds::{
            directory::graphql::CouncilDirectories, event::graphql::CouncilEvents,
            guide::graphql::CouncilGuides, publication::graphql::CouncilPublications,
            step_by_step::graphql::CouncilStepBySteps,
        },
    },
    democracy::graphql::{CouncilCouncillor, CouncilRecords},
    error::ApiError,
    links,
    search::graphql::CouncilSearch,
    state::{GqlState, Viewer},
    tenancy::{
        graphql::{CouncilCore, CouncilView},
        model, store,
    },
};

// A council and its published content and records. The parts are listed in the order the published schema
// lists their fields (no doc comment: the published schema gives `Council` no description).
#[derive(MergedObject)]
#[graphql(name = "Council")]
pub struct CouncilGql(
    CouncilCore,
    CouncilRecords,
    CouncilSite,
    CouncilDirectories,
    CouncilEvents,
    CouncilGuides,
    CouncilStepBySteps,
    CouncilPublications,
    CouncilSearch,
    CouncilNavigation,
    CouncilCouncillor,
);

impl CouncilGql {
    /// The council of `model`, read through a request that reaches Townhall at `base` (see [`links::Base`]).
    fn new(
        model: model::Model,
        clock: &crate::clock::Clock,
        preview: bool,
        base: Option<&links::Base>,
    ) -> Self {
        let mut core = CouncilCore::new(model, clock);
        if let Some(base) = base {
            core.view.tenant = core.view.tenant.clone().reached_at(base);
        }
        let view = CouncilView {
            preview,
            ..core.view.clone()
        };
        Self(
            core,
            CouncilRecords(view.clone()),
            CouncilSite(view.clone()),
            CouncilDirectories(view.clone()),
            CouncilEvents(view.clone()),
            CouncilGuides(view.clone()),
            CouncilStepBySteps(view.clone()),
            CouncilPublications(view.clone()),
            CouncilSearch(view.clone()),
            CouncilNavigation(view.clone()),
            CouncilCouncillor(view),
        )
    }
}

/// One council's service in the national directory.
#[derive(SimpleObject)]
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
        let principal = ctx.data_opt::<Viewer>().and_then(|v| v.0.as_ref());
        let tenant = CouncilView::of(&model, &state.clock).tenant;
        delivery_access(&state.db, principal, &tenant, preview)
            .await
            .map_err(ApiError::into_graphql)?;
        Ok(Some(CouncilGql::new(
            model,
            &state.clock,
            preview,
            ctx.data_opt::<links::Base>(),
        )))
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
        let base = ctx.data_opt::<links::Base>();
        let clock = &ctx.data::<GqlState>()?.clock;
        Ok(content::services_by_lgsl(ctx, lgsl, lgil)
            .await?
            .into_iter()
            .map(|local| LocalServiceGql {
                council: CouncilGql::new(local.council, clock, false, base),
                service: local.service,
                url: local.url,
            })
            .collect())
    }

    /// Every council on this platform, by name (at most 1,000). Counted as 100 councils when limiting a query's
    /// complexity, so nothing costly can be asked of every council at once.
    #[graphql(complexity = "100 * child_complexity")]
    async fn councils(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let rows = store::list_public(&state.db)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        Ok(rows
            .into_iter()
            .map(|model| CouncilGql::new(model, &state.clock, false, ctx.data_opt::<links::Base>()))
            .collect())
    }
}
