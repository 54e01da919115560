//! The democratic records' fields of the `Council` object (`CouncilRecords`, and `CouncilCouncillor` for one
//! councillor); the wiring merges them into `Council`. Each record type's resolvers are in its own module.
use async_graphql::{Context, ID, Object, connection::Connection};

use super::{
    committees::graphql::CommitteeGql,
    decisions::graphql::{self as decisions, DecisionGql, ForwardPlanEntryGql},
    loaders,
    meetings::{
        graphql::{self as meetings, MeetingGql},
        model::MeetingStatus,
    },
    people::graphql::{self as people, CouncillorGql, PartyGql, WardGql},
};
use crate::{state::GqlState, tenancy::graphql::CouncilView};

fn db<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a sea_orm::DatabaseConnection> {
    Ok(&ctx.data::<GqlState>()?.db)
}

/// A council's wards, parties, councillors, committees, meetings, decisions and forward plan.
pub struct CouncilRecords(pub CouncilView);

#[Object]
impl CouncilRecords {
    /// Electoral wards.
    async fn wards(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WardGql>> {
        people::wards(db(ctx)?, &self.0.tenant).await
    }

    /// One ward, by id or by its GSS code (`E05001234`), or null.
    async fn ward(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        gss_code: Option<String>,
    ) -> async_graphql::Result<Option<WardGql>> {
        people::ward(db(ctx)?, &self.0.tenant, id, gss_code).await
    }

    /// Political parties and groups.
    async fn parties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PartyGql>> {
        people::parties(db(ctx)?, &self.0.tenant).await
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
    ) -> async_graphql::Result<Option<Connection<String, CouncillorGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, CouncillorGql>> = async {
            let connection =
                people::councillors(db(ctx)?, &self.0.tenant, ward, party, first, after).await?;
            let keys = connection.edges.iter().map(|e| e.node.key.clone());
            loaders::prefetch(ctx, &["seats", "roles", "interests"], keys).await?;
            Ok(connection)
        }
        .await;
        answer.map(Some)
    }

    /// Committees, the executive and full council.
    async fn committees(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommitteeGql>> {
        meetings::committees(db(ctx)?, &self.0.tenant).await
    }

    /// One committee, or null.
    async fn committee(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CommitteeGql>> {
        meetings::committee(db(ctx)?, &self.0.tenant, id).await
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
    ) -> async_graphql::Result<Option<Connection<String, MeetingGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, MeetingGql>> = async {
            let tenant = &self.0.tenant;
            let connection =
                meetings::meetings(db(ctx)?, tenant, from, to, committee, status, first, after)
                    .await?;
            let keys = connection.edges.iter().map(|e| e.node.key.clone());
            loaders::prefetch(ctx, &["agenda", "documents", "attendance", "motions"], keys).await?;
            Ok(connection)
        }
        .await;
        answer.map(Some)
    }

    /// One meeting, or null. Read with `council(preview: true)`, its agenda and papers are shown as the public
    /// will see them once the agenda is published (exempt items as stubs, restricted papers absent), even before.
    async fn meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MeetingGql>> {
        meetings::meeting(db(ctx)?, &self.0.tenant, id, self.0.preview).await
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
    ) -> async_graphql::Result<Option<Connection<String, DecisionGql>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, DecisionGql>> = async {
            let tenant = &self.0.tenant;
            decisions::decisions(db(ctx)?, tenant, from, to, key_only, first, after).await
        }
        .await;
        answer.map(Some)
    }

    /// The published forward plan of key decisions from today on.
    async fn forward_plan(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ForwardPlanEntryGql>> {
        decisions::forward_plan(db(ctx)?, &self.0.tenant).await
    }
}

/// One councillor of a council, by id.
pub struct CouncilCouncillor(pub CouncilView);

#[Object]
impl CouncilCouncillor {
    /// One councillor, or null.
    async fn councillor(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CouncillorGql>> {
        people::councillor(db(ctx)?, &self.0.tenant, id).await
    }
}
