//! The GraphQL `Meeting` type and the meeting and committee resolvers `Council` delegates to. A page of meetings
//! loads its committees in one query, and its agendas, papers, attendance and motions through the request's
//! DataLoader, so the statement count does not grow with the page size.
use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, SimpleObject,
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
        agenda::{
            self,
            graphql::{AgendaItemGql, DocumentGql},
        },
        committees::{self, graphql::CommitteeGql},
        deadlines::{Compliance, settings::rules_for},
        loaders::{self, MeetingKey},
        london,
        proceedings::{
            self,
            graphql::{AttendanceGql, MotionGql},
        },
    },
    error::gql,
    tenancy::Tenant,
};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Meeting", complex)]
pub struct MeetingGql {
    pub id: ID,
    /// The committee and the London date, as a front-end would print it: "Planning Committee, Tuesday 15 June
    /// 2027".
    pub title: String,
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
    /// Why the agenda was published after its statutory deadline, as the council recorded it.
    pub agenda_late_reason: Option<String>,
    pub minutes_published_at: Option<DateTime<FixedOffset>>,
    #[graphql(skip)]
    pub key: MeetingKey,
}

impl MeetingGql {
    pub fn new(tenant: &Tenant, v: MeetingView) -> Self {
        Self::seen(tenant, v, false)
    }

    /// A meeting whose agenda is shown as the public will see it once published (`as_published`), or as it is.
    pub fn seen(tenant: &Tenant, v: MeetingView, as_published: bool) -> Self {
        let m = v.meeting;
        Self {
            id: ID(m.id.to_string()),
            key: MeetingKey(tenant.clone(), m.id, as_published),
            title: format!(
                "{}, {}",
                v.committee.name,
                london::show(m.starts_at).format("%A %-d %B %Y")
            ),
            committee: CommitteeGql::new(tenant, v.committee),
            start: london::show(m.starts_at),
            end: m.ends_at.map(london::show),
            venue: m.venue,
            status: MeetingStatus::parse(&m.status),
            webcast_url: m.webcast_url,
            agenda_due_by: v.agenda_due_by,
            agenda_compliance: v.agenda_compliance,
            agenda_published_at: m.agenda_published_at.map(london::show),
            // Recorded only when a late agenda is published, so never shown before publication.
            agenda_late_reason: m
                .agenda_late_reason
                .filter(|_| m.agenda_published_at.is_some()),
            minutes_published_at: m.minutes_published_at.map(london::show),
        }
    }

    async fn parts(&self, ctx: &Context<'_>) -> async_graphql::Result<MeetingParts> {
        loaders::load(ctx, self.key.clone()).await
    }
}

#[ComplexObject]
impl MeetingGql {
    /// The agenda as the public sees it: empty until published; exempt items as a stub.
    async fn agenda(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AgendaItemGql>> {
        Ok(self.parts(ctx).await?.agenda)
    }

    /// Papers of the meeting not tied to one item (agenda pack, minutes), public ones only.
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DocumentGql>> {
        Ok(self.parts(ctx).await?.documents)
    }

    /// Who attended; empty until the minutes are published.
    async fn attendance(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AttendanceGql>> {
        Ok(self.parts(ctx).await?.attendance)
    }

    /// Motions and votes; empty until the minutes are published.
    async fn motions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MotionGql>> {
        Ok(self.parts(ctx).await?.motions)
    }
}

/// What the public sees of a meeting beyond its own fields.
#[derive(Clone, Default)]
pub struct MeetingParts {
    pub agenda: Vec<AgendaItemGql>,
    pub documents: Vec<DocumentGql>,
    pub attendance: Vec<AttendanceGql>,
    pub motions: Vec<MotionGql>,
}

/// The public parts of some meetings (one batch of the meetings' DataLoader): their items, papers, attendance
/// and motions in one query each, filtered by the public rules of [`agenda::public`].
pub async fn meeting_parts(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    ids: &[Uuid],
    as_published: bool,
) -> async_graphql::Result<HashMap<Uuid, MeetingParts>> {
    let mut meetings = super::store::live_by_ids(tenant, db, ids).await?;
    if as_published {
        // The same public rule, applied as if the agenda were out now.
        let now = tenant.now();
        for m in &mut meetings {
            m.agenda_published_at.get_or_insert(now);
        }
    }
    let ids: Vec<Uuid> = meetings.iter().map(|m| m.id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let items = agenda::store::items_of(tenant, db, ids.clone())
        .await
        .map_err(gql)?;
    let docs = agenda::store::documents_of(tenant, db, ids.clone())
        .await
        .map_err(gql)?;
    let attendance = proceedings::store::attendance_of(tenant, db, ids.clone())
        .await
        .map_err(gql)?;
    let (motions, votes) = proceedings::store::motions_of(tenant, db, ids)
        .await
        .map_err(gql)?;
    Ok(meetings
        .into_iter()
        .map(|meeting| {
            let mine: Vec<_> = items
                .iter()
                .filter(|i| i.meeting_id == meeting.id)
                .cloned()
                .collect();
            let public_docs: Vec<_> = docs
                .iter()
                .filter(|d| {
                    d.meeting_id == meeting.id
                        && agenda::public::document_visible(&meeting, &mine, d)
                })
                .cloned()
                .collect();
            let public_items = agenda::public::items(&meeting, mine);
            let agenda = agenda::graphql::tree(tenant, &public_items, &public_docs, None, 0);
            let documents = public_docs
                .iter()
                .filter(|d| d.agenda_item_id.is_none())
                .map(|d| DocumentGql::new(tenant, d))
                .collect();
            let minutes_out = meeting.minutes_published_at.is_some();
            let attendance = attendance
                .iter()
                .filter(|a| minutes_out && a.meeting_id == meeting.id)
                .map(AttendanceGql::from)
                .collect();
            // Votes on exempt items stay private.
            let motions = motions
                .iter()
                .filter(|m| minutes_out && m.meeting_id == meeting.id)
                .filter(|m| {
                    m.agenda_item_id.is_none_or(|item| {
                        public_items
                            .iter()
                            .any(|i| i.id == item && i.exempt_paragraph.is_none())
                    })
                })
                .map(|m| MotionGql::new(m, &votes))
                .collect();
            let parts = MeetingParts {
                agenda,
                documents,
                attendance,
                motions,
            };
            (meeting.id, parts)
        })
        .collect())
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
        .map(|c| CommitteeGql::new(tenant, c))
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
        Ok(c) => Ok(Some(CommitteeGql::new(tenant, c))),
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
    let limit = crate::pagination::first_arg(first)?;
    let cursor = crate::pagination::after_arg(after.as_deref(), MeetingCursor::decode)?;
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
    let keys: Vec<String> = views
        .iter()
        .map(|v| MeetingCursor::of(&v.meeting).encode())
        .collect();
    let meetings = views.into_iter().map(|v| MeetingGql::new(tenant, v));
    let mut connection = Connection::new(cursor.is_some(), has_next);
    connection.edges.extend(
        keys.into_iter()
            .zip(meetings)
            .map(|(key, m)| Edge::new(key, m)),
    );
    Ok(connection)
}

pub async fn meeting(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    id: ID,
    as_published: bool,
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
    let views = store::views(tenant, db, &rules, vec![meeting])
        .await
        .map_err(gql)?;
    Ok(views
        .into_iter()
        .next()
        .map(|v| MeetingGql::seen(tenant, v, as_published)))
}
