//! The GraphQL `Committee` type: the committee, its current members and its meetings.
use async_graphql::{ComplexObject, Context, ID, SimpleObject, connection::Connection};
use chrono::NaiveDate;

use super::{
    members::{self, CommitteeRole},
    model::{self, CommitteeKind},
};
use crate::{
    democracy::{
        meetings::{
            graphql::{self as meetings, MeetingGql},
            model::MeetingStatus,
        },
        people::graphql::{self as people, CouncillorGql},
    },
    error::gql,
    state::GqlState,
    tenancy::Tenant,
};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Committee", complex)]
pub struct CommitteeGql {
    pub id: ID,
    pub name: String,
    pub kind: CommitteeKind,
    pub parent_id: Option<ID>,
    pub purpose: Option<String>,
    #[graphql(skip)]
    pub tenant: Tenant,
}

impl CommitteeGql {
    pub fn new(tenant: &Tenant, c: model::Model) -> Self {
        Self {
            id: ID(c.id.to_string()),
            kind: CommitteeKind::parse(&c.kind),
            name: c.name,
            parent_id: c.parent_id.map(|p| ID(p.to_string())),
            purpose: c.purpose,
            tenant: tenant.clone(),
        }
    }
}

/// A councillor's place on a committee.
#[derive(SimpleObject)]
#[graphql(name = "CommitteeMember")]
pub struct CommitteeMemberGql {
    pub role: CommitteeRole,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Null when the councillor has since been removed.
    pub councillor: Option<CouncillorGql>,
}

#[ComplexObject]
impl CommitteeGql {
    /// The committee's meetings in start order, between London dates `from` and `to` (inclusive).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        status: Option<MeetingStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, MeetingGql>>> {
        let db = &ctx.data::<GqlState>()?.db;
        let committee = Some(self.id.clone());
        meetings::meetings(db, &self.tenant, from, to, committee, status, first, after)
            .await
            .map(Some)
    }

    /// Its members now (whose membership has not ended), chair first.
    #[graphql(complexity = "20 * child_complexity")]
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommitteeMemberGql>> {
        let db = &ctx.data::<GqlState>()?.db;
        let Ok(id) = uuid::Uuid::parse_str(self.id.as_str()) else {
            return Ok(Vec::new());
        };
        let today = self.tenant.today();
        let mut list = members::list(db, &self.tenant, id).await.map_err(gql)?;
        list.retain(|m| m.end_date.is_none_or(|end| end >= today));
        list.sort_by_key(|m| (m.role as u8, m.display_name.clone()));
        let ids = list.iter().map(|m| m.councillor_id).collect();
        let mut councillors = people::councillors_by_ids(db, &self.tenant, ids).await?;
        Ok(list
            .into_iter()
            .map(|m| CommitteeMemberGql {
                role: m.role,
                start_date: m.start_date,
                end_date: m.end_date,
                councillor: councillors.remove(&m.councillor_id),
            })
            .collect())
    }
}
