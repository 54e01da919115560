//! GraphQL types for published decisions and the published forward plan.
use async_graphql::{
    ID, SimpleObject,
    connection::{Connection, Edge},
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::ConnectionTrait;

use super::{
    model::{CallInStatus, NoticeException, decision},
    store::{self, DecisionCursor, DecisionFilter},
};
use crate::{democracy::london, error::gql, pagination::MAX_LIMIT, tenancy::Tenant};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Decision")]
pub struct DecisionGql {
    pub id: ID,
    pub title: String,
    pub decision_maker: String,
    pub date_made: NaiveDate,
    pub key_decision: bool,
    pub decision_text: String,
    pub reasons: Option<String>,
    pub alternatives: Option<String>,
    pub interests_declared: Option<String>,
    pub call_in_status: CallInStatus,
    pub call_in_deadline: Option<NaiveDate>,
    pub published_at: Option<DateTime<FixedOffset>>,
}

impl From<decision::Model> for DecisionGql {
    fn from(d: decision::Model) -> Self {
        Self {
            id: ID(d.id.to_string()),
            call_in_status: CallInStatus::parse(&d.call_in_status).unwrap_or(CallInStatus::Open),
            published_at: d.published_at.map(london::show),
            title: d.title,
            decision_maker: d.decision_maker,
            date_made: d.date_made,
            key_decision: d.key_decision,
            decision_text: d.decision_text,
            reasons: d.reasons,
            alternatives: d.alternatives,
            interests_declared: d.interests_declared,
            call_in_deadline: d.call_in_deadline,
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "ForwardPlanEntry")]
pub struct ForwardPlanEntryGql {
    pub id: ID,
    pub title: String,
    pub decision_maker: String,
    pub expected_date: NaiveDate,
    /// Taken in private; the notice gives the reason.
    pub private: bool,
    pub exception: NoticeException,
    pub notice_published_at: Option<DateTime<FixedOffset>>,
    /// The entry's public documents (restricted and deleted files are left out).
    pub documents: Vec<crate::media::graphql::MediaFileGql>,
}

/// Published decisions, newest first.
pub async fn decisions(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    key_only: bool,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<String, DecisionGql>> {
    let limit = crate::pagination::first_arg(first)?;
    let cursor = crate::pagination::after_arg(after.as_deref(), DecisionCursor::decode)?;
    let filter = DecisionFilter {
        from,
        to,
        key_only,
        published_only: true,
    };
    let mut rows = store::list(tenant, db, filter, limit, cursor)
        .await
        .map_err(gql)?;
    let has_next = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let mut connection = Connection::new(cursor.is_some(), has_next);
    connection.edges.extend(
        rows.into_iter()
            .map(|d| Edge::new(DecisionCursor::of(&d).encode(), DecisionGql::from(d))),
    );
    Ok(connection)
}

/// The published forward plan from today on, by expected date (at most 100 entries).
pub async fn forward_plan(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
) -> async_graphql::Result<Vec<ForwardPlanEntryGql>> {
    let rows = store::list_entries(tenant, db, true, Some(tenant.today()), MAX_LIMIT)
        .await
        .map_err(gql)?;
    let ids: Vec<uuid::Uuid> = rows
        .iter()
        .flat_map(|e| crate::democracy::agenda::store::parse_wards(&e.document_ids))
        .collect();
    // One query for the documents of every entry.
    let files = crate::media::graphql::public_files(tenant, db, ids)
        .await
        .map_err(gql)?;
    Ok(rows
        .into_iter()
        .map(|e| ForwardPlanEntryGql {
            id: ID(e.id.to_string()),
            exception: NoticeException::parse(&e.exception).unwrap_or(NoticeException::None),
            notice_published_at: e.notice_published_at.map(london::show),
            documents: crate::democracy::agenda::store::parse_wards(&e.document_ids)
                .into_iter()
                .filter_map(|id| files.get(&id).cloned())
                .map(|m| crate::media::graphql::MediaFileGql::new(tenant, m))
                .collect(),
            title: e.title,
            decision_maker: e.decision_maker,
            expected_date: e.expected_date,
            private: e.private,
        })
        .collect())
}
