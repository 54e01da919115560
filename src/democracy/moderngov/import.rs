//! Writes a parsed `GetCouncillorsByWard` response into a council, all or nothing, creating what is new and
//! updating only what changed, so that importing the same file twice changes nothing.
use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, TransactionSession, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::parse::{ParsedCouncillor, ParsedWard};
use crate::{
    democracy::{
        DemocracyError,
        people::{
            model::{councillor, party, seat, ward},
            store as people,
        },
        revisions::{self, RecordKind, Revision, RevisionAction},
        soft_delete,
    },
    tenancy::{Tenant, scoped, scoped_update},
};

/// How many records were created, updated or left as they were.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl Counts {
    /// What happened to the one record counted between `before` and now.
    pub fn outcome_since(&self, before: Counts) -> Outcome {
        if self.created > before.created {
            Outcome::Created
        } else if self.updated > before.updated {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        }
    }
}

/// Whether an import writes, or only says what it would do and writes nothing (a preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    DryRun,
}

impl Mode {
    /// Ends the import's transaction: committed when writing, rolled back on a dry run.
    pub async fn finish(self, txn: impl TransactionSession) -> Result<(), DemocracyError> {
        match self {
            Mode::Write => txn.commit().await?,
            Mode::DryRun => txn.rollback().await?,
        }
        Ok(())
    }
}

/// What happened, or on a dry run would happen, to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// One record of an import, by kind and name, with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportedRecord {
    /// `ward`, `party`, `councillor`, `seat`, `committee` or `meeting`.
    pub kind: &'static str,
    pub name: String,
    pub outcome: Outcome,
}

/// What an import did, or on a dry run would do (`dry_run` true: nothing was written).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    pub wards: Counts,
    pub parties: Counts,
    pub councillors: Counts,
    pub seats: Counts,
    /// Every record of the file in the order it was met, with what happened to it.
    pub changes: Vec<ImportedRecord>,
}

/// Imports wards, parties, councillors and seats in one transaction.
#[tracing::instrument(skip_all, fields(council = %tenant.slug()))]
///
/// Every ward, party and councillor it creates or changes gets a revision (`imported`, by `actor`), in the same
/// transaction.
pub async fn import_councillors_by_ward(
    tenant: &Tenant,
    db: &impl TransactionTrait,
    wards: Vec<ParsedWard>,
    actor: Option<Uuid>,
    mode: Mode,
) -> Result<ImportReport, DemocracyError> {
    let txn = crate::db::begin_write(db).await?;
    let mut report = ImportReport {
        dry_run: mode == Mode::DryRun,
        ..ImportReport::default()
    };
    let mut changes = Vec::new();
    let mut changed: Vec<(Uuid, i32)> = Vec::new();

    let mut ward_ids = HashMap::new();
    for parsed in &wards {
        let before = report.wards;
        let (id, created) = upsert_ward(tenant, &txn, &parsed.name, &mut report.wards).await?;
        changes.push(change("ward", &parsed.name, &report.wards, before));
        if let Some(ward) = created {
            let revision = imported(RecordKind::Ward, ward.id, ward.version, actor);
            let snapshot = crate::democracy::people::rest::WardResponse::from(ward);
            revisions::record(tenant, &txn, revision, &snapshot).await?;
        }
        ward_ids.insert(parsed.name.clone(), id);
    }

    let party_names: std::collections::BTreeSet<String> = wards
        .iter()
        .flat_map(|w| w.councillors.iter().filter_map(|c| c.party.clone()))
        .collect();
    let mut party_ids: HashMap<String, Uuid> = HashMap::new();
    for name in party_names {
        let before = report.parties;
        let (id, created) = upsert_party(tenant, &txn, &name, &mut report.parties).await?;
        changes.push(change("party", &name, &report.parties, before));
        if let Some(party) = created {
            let revision = imported(RecordKind::Party, party.id, party.version, actor);
            let snapshot = crate::democracy::people::rest::PartyResponse::from(party);
            revisions::record(tenant, &txn, revision, &snapshot).await?;
        }
        party_ids.insert(name, id);
    }

    for parsed_ward in &wards {
        let ward_id = ward_ids[&parsed_ward.name];
        for parsed in &parsed_ward.councillors {
            let before = report.councillors;
            let (councillor_id, version) =
                upsert_councillor(tenant, &txn, parsed, &mut report.councillors).await?;
            changes.push(change(
                "councillor",
                &parsed.display_name,
                &report.councillors,
                before,
            ));
            let seats_counted = report.seats;
            let seats_before = (report.seats.created, report.seats.updated);
            let party_id = parsed.party.as_ref().map(|p| party_ids[p]);
            let terms = if parsed.terms.is_empty() {
                vec![(None, None)]
            } else {
                parsed.terms.clone()
            };
            reconcile_seats(
                tenant,
                &txn,
                councillor_id,
                ward_id,
                party_id,
                &terms,
                &mut report.seats,
            )
            .await?;
            changes.push(change(
                "seat",
                &format!("{}, {}", parsed.display_name, parsed_ward.name),
                &report.seats,
                seats_counted,
            ));
            // A change of seats alone is a change of the councillor too: a new version and a revision.
            let seats_changed = (report.seats.created, report.seats.updated) != seats_before;
            let version = match version {
                Some(v) => Some(v),
                None if seats_changed => Some(bump_version(tenant, &txn, councillor_id).await?),
                None => None,
            };
            if let Some(version) = version {
                match changed.iter_mut().find(|(id, _)| *id == councillor_id) {
                    Some(entry) => entry.1 = version,
                    None => changed.push((councillor_id, version)),
                }
            }
        }
    }
    // Councillors are recorded as the API shows them, with the seats the import left them with.
    for (id, version) in changed {
        let c = people::get_councillor(tenant, &txn, id).await?;
        let seats = people::seats_of(tenant, &txn, &[id]).await?;
        let snapshot = crate::democracy::people::rest::councillor_response(c, &seats);
        let revision = imported(RecordKind::Councillor, id, version, actor);
        revisions::record(tenant, &txn, revision, &snapshot).await?;
    }
    mode.finish(txn).await?;
    report.changes = changes;
    tracing::info!(
        dry_run = report.dry_run,
        wards = ?report.wards,
        parties = ?report.parties,
        councillors = ?report.councillors,
        seats = ?report.seats,
        "ModernGov councillors imported"
    );
    Ok(report)
}

/// A record met by an import, with what the counts say happened to it.
pub fn change(kind: &'static str, name: &str, counts: &Counts, before: Counts) -> ImportedRecord {
    ImportedRecord {
        kind,
        name: name.to_owned(),
        outcome: counts.outcome_since(before),
    }
}

/// Moves a councillor's version on (its seats changed), giving the new one.
async fn bump_version(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<i32, DemocracyError> {
    let current = people::get_councillor(tenant, db, id).await?;
    scoped_update::<councillor::Entity>(tenant)
        .col_expr(
            councillor::Column::Version,
            sea_orm::sea_query::Expr::value(current.version + 1),
        )
        .col_expr(
            councillor::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(tenant.now()),
        )
        .filter(councillor::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(current.version + 1)
}

fn imported(kind: RecordKind, id: Uuid, version: i32, actor: Option<Uuid>) -> Revision {
    Revision {
        kind,
        id,
        version,
        action: RevisionAction::Imported,
        actor,
    }
}

/// The ward's id, and the ward when it was created or restored.
async fn upsert_ward(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    name: &str,
    counts: &mut Counts,
) -> Result<(Uuid, Option<ward::Model>), DemocracyError> {
    if let Some(existing) = scoped::<ward::Entity>(tenant)
        .filter(ward::Column::Name.eq(name))
        .one(db)
        .await?
    {
        // A ward an editor deleted that the council's ModernGov still lists comes back.
        if existing.deleted_at.is_some() {
            counts.updated += 1;
            let restored =
                soft_delete::set_deleted::<ward::Entity>(tenant, db, existing.id, false).await?;
            return Ok((existing.id, Some(restored)));
        }
        counts.unchanged += 1;
        return Ok((existing.id, None));
    }
    let now = tenant.now();
    let row = ward::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        name: Set(name.to_owned()),
        gss_code: Set(None),
        valid_from: Set(None),
        valid_to: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    counts.created += 1;
    let ward = ward::Entity::insert(row).exec_with_returning(db).await?;
    Ok((ward.id, Some(ward)))
}

/// The party's id, and the party when it was created or restored.
async fn upsert_party(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    name: &str,
    counts: &mut Counts,
) -> Result<(Uuid, Option<party::Model>), DemocracyError> {
    if let Some(existing) = scoped::<party::Entity>(tenant)
        .filter(party::Column::Name.eq(name))
        .one(db)
        .await?
    {
        if existing.deleted_at.is_some() {
            counts.updated += 1;
            let restored =
                soft_delete::set_deleted::<party::Entity>(tenant, db, existing.id, false).await?;
            return Ok((existing.id, Some(restored)));
        }
        counts.unchanged += 1;
        return Ok((existing.id, None));
    }
    let now = tenant.now();
    let row = party::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        name: Set(name.to_owned()),
        short_name: Set(None),
        colour: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    };
    counts.created += 1;
    let party = party::Entity::insert(row).exec_with_returning(db).await?;
    Ok((party.id, Some(party)))
}

/// The fields an import owns; a councillor is updated only when one of them differs.
fn imported_fields(c: &councillor::Model) -> impl PartialEq + '_ {
    (
        (
            &c.honorific_prefix,
            &c.given_name,
            &c.family_name,
            &c.honorific_suffix,
            &c.display_name,
        ),
        &c.photo_url,
        &c.email,
        &c.phone,
        &c.mobile,
        &c.work_address,
        &c.surgery_details,
        &c.key_posts,
        &c.deleted_at,
    )
}

fn apply(model: &mut councillor::Model, parsed: &ParsedCouncillor) {
    model.honorific_prefix = parsed.honorific_prefix.clone();
    model.given_name = parsed.given_name.clone();
    model.family_name = parsed.family_name.clone();
    model.honorific_suffix = parsed.honorific_suffix.clone();
    model.display_name = parsed.display_name.clone();
    model.photo_url = parsed.photo_url.clone();
    model.email = parsed.email.clone();
    model.phone = parsed.phone.clone();
    model.mobile = parsed.mobile.clone();
    model.work_address = parsed.work_address.clone();
    model.surgery_details = parsed.surgery_details.clone();
    model.key_posts = parsed.key_posts.clone();
    model.deleted_at = None;
}

async fn upsert_councillor(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    parsed: &ParsedCouncillor,
    counts: &mut Counts,
) -> Result<(Uuid, Option<i32>), DemocracyError> {
    let existing = scoped::<councillor::Entity>(tenant)
        .filter(councillor::Column::ModerngovId.eq(parsed.moderngov_id.as_str()))
        .one(db)
        .await?;
    let now = tenant.now();
    match existing {
        Some(current) => {
            let mut next = current.clone();
            apply(&mut next, parsed);
            if imported_fields(&next) == imported_fields(&current) {
                counts.unchanged += 1;
                return Ok((current.id, None));
            }
            next.version = current.version + 1;
            next.updated_at = now;
            let (id, version) = (next.id, next.version);
            next.into_active_model().reset_all().update(db).await?;
            counts.updated += 1;
            Ok((id, Some(version)))
        }
        None => {
            let mut model = councillor::Model {
                id: Uuid::now_v7(),
                council_id: tenant.id(),
                honorific_prefix: None,
                given_name: None,
                family_name: None,
                honorific_suffix: None,
                display_name: String::new(),
                photo_url: None,
                photo_alt: Some(format!("Photo of {}", parsed.display_name)),
                photo_media_id: None,
                biography: None,
                email: None,
                phone: None,
                mobile: None,
                work_address: None,
                surgery_details: None,
                key_posts: None,
                moderngov_id: Some(parsed.moderngov_id.clone()),
                version: 1,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            apply(&mut model, parsed);
            let id = model.id;
            councillor::Entity::insert(model.into_active_model().reset_all())
                .exec(db)
                .await?;
            counts.created += 1;
            Ok((id, Some(1)))
        }
    }
}

type Term = (Option<NaiveDate>, Option<NaiveDate>);

/// Reconciles a councillor's terms in a ward with the seats already stored: an identical seat is left alone,
/// a seat with the same start gets the new end date and party, anything else is created. Old seats that the file
/// no longer lists are kept as history.
async fn reconcile_seats(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    councillor_id: Uuid,
    ward_id: Uuid,
    party_id: Option<Uuid>,
    terms: &[Term],
    counts: &mut Counts,
) -> Result<(), DemocracyError> {
    let mut unmatched = scoped::<seat::Entity>(tenant)
        .filter(seat::Column::CouncillorId.eq(councillor_id))
        .filter(seat::Column::WardId.eq(ward_id))
        .all(db)
        .await?;
    let mut pending = Vec::new();
    for term in terms {
        match unmatched
            .iter()
            .position(|s| (s.start_date, s.end_date) == *term)
        {
            Some(pos) => {
                let current = unmatched.remove(pos);
                if current.party_id == party_id {
                    counts.unchanged += 1;
                } else {
                    update_seat(tenant, db, current, party_id, term.1).await?;
                    counts.updated += 1;
                }
            }
            None => pending.push(*term),
        }
    }
    let now = tenant.now();
    for (start, end) in pending {
        if let Some(pos) = unmatched.iter().position(|s| s.start_date == start) {
            update_seat(tenant, db, unmatched.remove(pos), party_id, end).await?;
            counts.updated += 1;
            continue;
        }
        let row = seat::ActiveModel {
            id: Set(Uuid::now_v7()),
            council_id: Set(tenant.id()),
            councillor_id: Set(councillor_id),
            ward_id: Set(ward_id),
            party_id: Set(party_id),
            start_date: Set(start),
            end_date: Set(end),
            created_at: Set(now),
            updated_at: Set(now),
        };
        seat::Entity::insert(row).exec(db).await?;
        counts.created += 1;
    }
    Ok(())
}

async fn update_seat(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    current: seat::Model,
    party_id: Option<Uuid>,
    end: Option<NaiveDate>,
) -> Result<(), DemocracyError> {
    let mut active = current.into_active_model();
    active.party_id = Set(party_id);
    active.end_date = Set(end);
    active.updated_at = Set(tenant.now());
    active.update(db).await?;
    Ok(())
}
