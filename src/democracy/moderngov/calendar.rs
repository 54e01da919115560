//! Writes parsed `GetCommittees` and `GetMeetings` responses into a council, all or nothing, matching records by
//! their ModernGov ids so that importing the same file twice changes nothing.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    import::{Counts, ImportedRecord, Mode, change},
    records::{ParsedCommittee, ParsedMeeting, kind_from_title},
};
use crate::{
    democracy::{
        DemocracyError,
        committees::{model as committee, rest::CommitteeResponse},
        deadlines::settings::rules_for,
        meetings::{model as meeting, rest::MeetingResponse, store::views},
        revisions::{self, RecordKind, Revision, RevisionAction},
    },
    tenancy::{Tenant, scoped, scoped_update},
};

/// Records an imported committee's revision (as the API shows it after the import).
async fn committee_revision(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
    actor: Option<Uuid>,
) -> Result<(), DemocracyError> {
    let c = scoped::<committee::Entity>(tenant)
        .filter(committee::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(DemocracyError::NotFound("Committee"))?;
    let revision = Revision {
        kind: RecordKind::Committee,
        id,
        version: c.version,
        action: RevisionAction::Imported,
        actor,
    };
    revisions::record(tenant, db, revision, &CommitteeResponse::from(c)).await
}

/// What a committees or meetings import did, or on a dry run would do (`dry_run` true: nothing was written).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarReport {
    pub dry_run: bool,
    pub committees: Counts,
    pub meetings: Counts,
    /// Every record of the file in the order it was met, with what happened to it.
    pub changes: Vec<ImportedRecord>,
}

async fn upsert_committee(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    parsed: &ParsedCommittee,
    counts: &mut Counts,
    actor: Option<Uuid>,
) -> Result<Uuid, DemocracyError> {
    let existing = scoped::<committee::Entity>(tenant)
        .filter(committee::Column::ModerngovId.eq(parsed.moderngov_id.as_str()))
        .one(db)
        .await?;
    let now = tenant.now();
    match existing {
        Some(c) if c.name == parsed.title && c.deleted_at.is_none() => {
            counts.unchanged += 1;
            Ok(c.id)
        }
        Some(c) => {
            // The title is ModernGov's; the kind an editor may have corrected is kept.
            scoped_update::<committee::Entity>(tenant)
                .col_expr(committee::Column::Name, Expr::value(parsed.title.clone()))
                .col_expr(
                    committee::Column::DeletedAt,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .col_expr(
                    committee::Column::Version,
                    Expr::col(committee::Column::Version).add(1),
                )
                .col_expr(committee::Column::UpdatedAt, Expr::value(now))
                .filter(committee::Column::Id.eq(c.id))
                .exec(db)
                .await?;
            counts.updated += 1;
            committee_revision(tenant, db, c.id, actor).await?;
            Ok(c.id)
        }
        None => {
            let row = committee::ActiveModel {
                id: Set(Uuid::now_v7()),
                council_id: Set(tenant.id()),
                name: Set(parsed.title.clone()),
                kind: Set(parsed.kind.as_str().to_owned()),
                parent_id: Set(None),
                purpose: Set(None),
                moderngov_id: Set(Some(parsed.moderngov_id.clone())),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
            };
            counts.created += 1;
            let id = committee::Entity::insert(row)
                .exec_with_returning(db)
                .await?
                .id;
            committee_revision(tenant, db, id, actor).await?;
            Ok(id)
        }
    }
}

/// Imports committees in one transaction.
pub async fn import_committees(
    tenant: &Tenant,
    db: &impl TransactionTrait,
    parsed: Vec<ParsedCommittee>,
    actor: Option<Uuid>,
    mode: Mode,
) -> Result<CalendarReport, DemocracyError> {
    let txn = crate::db::begin_write(db).await?;
    let mut report = CalendarReport {
        dry_run: mode == Mode::DryRun,
        ..CalendarReport::default()
    };
    for c in &parsed {
        let before = report.committees;
        upsert_committee(tenant, &txn, c, &mut report.committees, actor).await?;
        let met = change("committee", &c.title, &report.committees, before);
        report.changes.push(met);
    }
    mode.finish(txn).await?;
    Ok(report)
}

/// Imports meetings in one transaction. A committee not imported yet is created from the meeting's
/// `committeetitle`; without one, the file is refused.
pub async fn import_meetings(
    tenant: &Tenant,
    db: &impl TransactionTrait,
    parsed: Vec<ParsedMeeting>,
    actor: Option<Uuid>,
    mode: Mode,
) -> Result<CalendarReport, DemocracyError> {
    let txn = crate::db::begin_write(db).await?;
    let mut report = CalendarReport {
        dry_run: mode == Mode::DryRun,
        ..CalendarReport::default()
    };
    let mut changed: Vec<Uuid> = Vec::new();
    let mut committees: HashMap<String, Uuid> = HashMap::new();
    let mut committee_names: HashMap<Uuid, String> = HashMap::new();
    for m in &parsed {
        let committee_id = match committees.get(&m.committee_moderngov_id) {
            Some(id) => *id,
            None => {
                let known = scoped::<committee::Entity>(tenant)
                    .filter(committee::Column::ModerngovId.eq(m.committee_moderngov_id.as_str()))
                    .one(&txn)
                    .await?;
                let id = match known {
                    Some(c) => {
                        committee_names.insert(c.id, c.name);
                        c.id
                    }
                    None => {
                        let title = m.committee_title.clone().ok_or_else(|| {
                            DemocracyError::ImportRefused(format!(
                                "meeting {}: committee {} is unknown and the file gives no committeetitle; import GetCommittees first",
                                m.moderngov_id, m.committee_moderngov_id
                            ))
                        })?;
                        let parsed = ParsedCommittee {
                            moderngov_id: m.committee_moderngov_id.clone(),
                            kind: kind_from_title(&title),
                            title,
                        };
                        let before = report.committees;
                        let id =
                            upsert_committee(tenant, &txn, &parsed, &mut report.committees, actor)
                                .await?;
                        let met = change("committee", &parsed.title, &report.committees, before);
                        report.changes.push(met);
                        committee_names.insert(id, parsed.title);
                        id
                    }
                };
                committees.insert(m.committee_moderngov_id.clone(), id);
                id
            }
        };
        let before = report.meetings;
        if let Some(id) =
            upsert_meeting(tenant, &txn, m, committee_id, &mut report.meetings).await?
        {
            changed.push(id);
        }
        let name = format!(
            "{}, {}",
            committee_names
                .get(&committee_id)
                .map(String::as_str)
                .unwrap_or("Meeting"),
            crate::calendar::london::show(m.starts_at).format("%-d %B %Y %H:%M")
        );
        report
            .changes
            .push(change("meeting", &name, &report.meetings, before));
    }
    // Each meeting created or changed is recorded as the API shows it, agenda deadline included.
    if !changed.is_empty() {
        let rules = rules_for(tenant, &txn).await?;
        let rows = scoped::<meeting::Entity>(tenant)
            .filter(meeting::Column::Id.is_in(changed))
            .all(&txn)
            .await?;
        for view in views(tenant, &txn, &rules, rows).await? {
            let revision = Revision {
                kind: RecordKind::Meeting,
                id: view.meeting.id,
                version: view.meeting.version,
                action: RevisionAction::Imported,
                actor,
            };
            revisions::record(tenant, &txn, revision, &MeetingResponse::from(view)).await?;
        }
    }
    mode.finish(txn).await?;
    Ok(report)
}

async fn upsert_meeting(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    m: &ParsedMeeting,
    committee_id: Uuid,
    counts: &mut Counts,
) -> Result<Option<Uuid>, DemocracyError> {
    let existing = scoped::<meeting::Entity>(tenant)
        .filter(meeting::Column::ModerngovId.eq(m.moderngov_id.as_str()))
        .one(db)
        .await?;
    let now = tenant.now();
    let status = m.status.as_str();
    match existing {
        Some(e)
            if e.committee_id == committee_id
                && e.starts_at == m.starts_at
                && e.status == status
                && e.venue == m.venue
                && e.deleted_at.is_none() =>
        {
            counts.unchanged += 1;
            Ok(None)
        }
        Some(e) => {
            scoped_update::<meeting::Entity>(tenant)
                .col_expr(meeting::Column::CommitteeId, Expr::value(committee_id))
                .col_expr(meeting::Column::StartsAt, Expr::value(m.starts_at))
                .col_expr(meeting::Column::Status, Expr::value(status))
                .col_expr(meeting::Column::Venue, Expr::value(m.venue.clone()))
                .col_expr(
                    meeting::Column::DeletedAt,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .col_expr(
                    meeting::Column::Version,
                    Expr::col(meeting::Column::Version).add(1),
                )
                .col_expr(meeting::Column::UpdatedAt, Expr::value(now))
                .filter(meeting::Column::Id.eq(e.id))
                .exec(db)
                .await?;
            counts.updated += 1;
            Ok(Some(e.id))
        }
        None => {
            let row = meeting::ActiveModel {
                id: Set(Uuid::now_v7()),
                council_id: Set(tenant.id()),
                committee_id: Set(committee_id),
                starts_at: Set(m.starts_at),
                ends_at: Set(None),
                venue: Set(m.venue.clone()),
                status: Set(status.to_owned()),
                webcast_url: Set(None),
                agenda_published_at: Set(None),
                agenda_published_by: Set(None),
                agenda_late_reason: Set(None),
                minutes_published_at: Set(None),
                minutes_published_by: Set(None),
                moderngov_id: Set(Some(m.moderngov_id.clone())),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
            };
            let id = meeting::Entity::insert(row)
                .exec_with_returning(db)
                .await?
                .id;
            counts.created += 1;
            Ok(Some(id))
        }
    }
}
