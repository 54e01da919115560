//! The GraphQL `Meeting` type and the meeting and committee resolvers `Council` delegates to. A page of meetings
//! loads its committees in one query, so the statement count does not grow with the page size.
use async_graphql::{
    ID, SimpleObject,
    connection::{Connection, Edge},
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    model::MeetingStatus,
    store::{self, MeetingCursor, MeetingFilter, MeetingView},
};
use crate::{
    democracy::{
        DemocracyError,
        committees::{self, graphql::CommitteeGql},
        deadlines::{Compliance, settings::rules_for},
        london,
    },
    error::ApiError,
    pagination::{DEFAULT_LIMIT, MAX_LIMIT},
    tenancy::Tenant,
};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Meeting")]
pub struct MeetingGql {
    pub id: ID,
    pub committee: CommitteeGql,
    /// London time with its offset.
    pub start: DateTime<FixedOffset>,
    pub end: Option<DateTime<FixedOffset>>,
    pub venue: Option<String>,
    pub status: MeetingStatus,
    pub webcast_url: Option<String>,
    /// The last date the agenda can be published in time; null for cancelled meetings.
    pub agenda_due_by: Option<NaiveDate>,
    pub agenda_compliance: Option<Compliance>,
    pub agenda_published_at: Option<DateTime<FixedOffset>>,
    pub minutes_published_at: Option<DateTime<FixedOffset>>,
}

impl From<MeetingView> for MeetingGql {
    fn from(v: MeetingView) -> Self {
        let m = v.meeting;
        Self {
            id: ID(m.id.to_string()),
            committee: v.committee.into(),
            start: london::show(m.starts_at),
            end: m.ends_at.map(london::show),
            venue: m.venue,
            status: MeetingStatus::parse(&m.status),
            webcast_url: m.webcast_url,
            agenda_due_by: v.agenda_due_by,
            agenda_compliance: v.agenda_compliance,
            agenda_published_at: m.agenda_published_at.map(london::show),
            minutes_published_at: m.minutes_published_at.map(london::show),
        }
    }
}

fn gql(err: impl Into<ApiError>) -> async_graphql::Error {
    err.into().into_graphql()
}

fn uuid_of(id: &ID, field: &'static str) -> async_graphql::Result<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| {
        gql(DemocracyError::Validation {
            field,
            message: "not a valid id".into(),
        })
    })
}

/// A council has dozens of committees; more than this are not listed.
const MAX_COMMITTEES: u64 = 100;

pub async fn committees(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
) -> async_graphql::Result<Vec<CommitteeGql>> {
    let page = crate::pagination::PageRequest {
        limit: MAX_COMMITTEES,
        after: None,
    };
    let rows = committees::store::list(tenant, db, page)
        .await
        .map_err(gql)?;
    Ok(rows
        .into_iter()
        .take(MAX_COMMITTEES as usize)
        .map(Into::into)
        .collect())
}

pub async fn committee(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    id: ID,
) -> async_graphql::Result<Option<CommitteeGql>> {
    let Ok(id) = Uuid::parse_str(id.as_str()) else {
        return Ok(None);
    };
    match committees::store::get(tenant, db, id, false).await {
        Ok(c) => Ok(Some(c.into())),
        Err(DemocracyError::NotFound(_)) => Ok(None),
        Err(e) => Err(gql(e)),
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn meetings(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    committee: Option<ID>,
    status: Option<MeetingStatus>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<String, MeetingGql>> {
    let limit = first.map(|f| f.max(0) as u64).unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(gql(ApiError::validation(
            "first",
            "first must be between 1 and 100",
        )));
    }
    let cursor = after
        .as_deref()
        .map(MeetingCursor::decode)
        .transpose()
        .map_err(gql)?;
    let filter = MeetingFilter {
        from,
        to,
        committee: committee
            .as_ref()
            .map(|c| uuid_of(c, "committee"))
            .transpose()?,
        status,
    };
    let mut rows = store::list(tenant, db, &filter, limit, cursor)
        .await
        .map_err(gql)?;
    let has_next = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let rules = rules_for(tenant, db).await.map_err(gql)?;
    let views = store::views(tenant, db, &rules, rows).await.map_err(gql)?;
    let mut connection = Connection::new(cursor.is_some(), has_next);
    connection.edges.extend(views.into_iter().map(|v| {
        let key = MeetingCursor {
            starts_at: v.meeting.starts_at,
            id: v.meeting.id,
        }
        .encode();
        Edge::new(key, MeetingGql::from(v))
    }));
    Ok(connection)
}

pub async fn meeting(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    id: ID,
) -> async_graphql::Result<Option<MeetingGql>> {
    let Ok(id) = Uuid::parse_str(id.as_str()) else {
        return Ok(None);
    };
    let meeting = match store::get(tenant, db, id, false).await {
        Ok(m) => m,
        Err(DemocracyError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(gql(e)),
    };
    let rules = rules_for(tenant, db).await.map_err(gql)?;
    let view = store::views(tenant, db, &rules, vec![meeting])
        .await
        .map_err(gql)?
        .pop();
    Ok(view.map(Into::into))
}
