//! The public `Council` type and the `council(slug:)` / `councils` root fields of the delivery API.
//! Each feature's fields on `Council` delegate to that feature's own GraphQL module.
use async_graphql::{Context, ID, Object, connection::Connection};

use super::{Nation, Tenant, model, store};
use crate::{
    democracy::{
        committees::graphql::CommitteeGql,
        decisions::graphql::{self as decisions, DecisionGql, ForwardPlanEntryGql},
        meetings::{
            graphql::{self as meetings, MeetingGql},
            model::MeetingStatus,
        },
        people::graphql::{self as people, CouncillorGql, PartyGql, WardGql},
    },
    error::ApiError,
    graphql::GqlState,
};

/// A council and its published content and records.
pub struct CouncilGql {
    tenant: Tenant,
    model: model::Model,
}

impl From<model::Model> for CouncilGql {
    fn from(model: model::Model) -> Self {
        Self {
            tenant: Tenant::from_model(&model),
            model,
        }
    }
}

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
        people::councillors(
            &ctx.data::<GqlState>()?.db,
            &self.tenant,
            ward,
            party,
            first,
            after,
        )
        .await
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
        let node = ctx.look_ahead().field("edges").field("node");
        let with_agenda = ["agenda", "documents", "attendance", "motions"]
            .iter()
            .any(|f| node.field(f).exists());
        meetings::meetings(
            db,
            &self.tenant,
            from,
            to,
            committee,
            status,
            first,
            after,
            with_agenda,
        )
        .await
    }

    /// One meeting, or null.
    async fn meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MeetingGql>> {
        let look = ctx.look_ahead();
        let with_agenda = ["agenda", "documents", "attendance", "motions"]
            .iter()
            .any(|f| look.field(f).exists());
        meetings::meeting(&ctx.data::<GqlState>()?.db, &self.tenant, id, with_agenda).await
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

    /// One councillor, or null.
    async fn councillor(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CouncillorGql>> {
        people::councillor(&ctx.data::<GqlState>()?.db, &self.tenant, id).await
    }
}

#[derive(Default)]
pub struct CouncilQuery;

#[Object]
impl CouncilQuery {
    /// One council by its slug, or null.
    async fn council(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> async_graphql::Result<Option<CouncilGql>> {
        let state = ctx.data::<GqlState>()?;
        let found = store::find_public(&state.db, &slug)
            .await
            .map_err(|e| ApiError::from(e).into_graphql())?;
        Ok(found.map(CouncilGql::from))
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
