//! Reminders of deadlines by email. A council's democratic services officers (its members with that role, or its
//! admins when it has none) get an email two working days before a deadline and again on the day: an agenda due for
//! publication, the last day to publish a key decision's forward plan notice, and the end of a decision's call-in
//! period. Each reminder is recorded in `deadline_reminders` before it is sent, under a unique index, so that it goes
//! once however many servers run; a council turns each kind off in its deadline settings. Nothing is sent for what is
//! already done (a published agenda or notice) or cancelled.
use std::time::Duration;

use chrono::{Days, NaiveDate};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    SqlErr,
};
use uuid::Uuid;

use super::{
    DemocracyError,
    committees::store as committees,
    deadlines::{
        DeadlineRules,
        settings::{reminders_for, rules_for},
    },
    decisions::{
        model::{CallInStatus, decision, forward_plan_entry as entry},
        store::notice_deadline,
    },
    london,
    meetings::model as meeting,
};
use crate::{
    auth::{Role, store as people},
    config::Settings,
    mail,
    pagination::PageRequest,
    tenancy::{self, Tenant, scoped},
};

pub mod model {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "deadline_reminders")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub council_id: Uuid,
        pub kind: String,
        pub record_id: Uuid,
        pub due_on: Date,
        pub sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }
}

/// How close a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Within the next two working days.
    Soon,
    /// Today.
    Today,
}

/// Counting days after `today` up to and including `due`.
fn working_days_until(rules: &DeadlineRules, today: NaiveDate, due: NaiveDate) -> u32 {
    rules.clear_days_between(today, due) + u32::from(rules.counts(due))
}

/// Whether a deadline on `due` calls for a reminder `today`: on the day, or when at most two working days are left
/// (so a server that was down on the exact day still sends it). Past deadlines call for none.
pub fn stage(rules: &DeadlineRules, today: NaiveDate, due: NaiveDate) -> Option<Stage> {
    if due == today {
        Some(Stage::Today)
    } else if due > today && working_days_until(rules, today, due) <= 2 {
        Some(Stage::Soon)
    } else {
        None
    }
}

/// Looks for reminders to send every `reminders_interval_ms` (five minutes by default) until the process ends.
pub fn spawn(db: DatabaseConnection, settings: std::sync::Arc<Settings>) {
    let interval = Duration::from_millis(settings.reminders_interval_ms.max(50));
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            let pass = std::panic::AssertUnwindSafe(run_due(
                &db,
                &settings,
                settings.clock.today_in_london(),
            ));
            match futures_util::FutureExt::catch_unwind(pass).await {
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, "deadline reminders could not run; retrying")
                }
                Err(panic) => tracing::error!(
                    panic = %crate::error::panic_message(panic.as_ref()),
                    "the deadline reminders pass failed unexpectedly; it runs again"
                ),
                Ok(Ok(_)) => {}
            }
        }
    });
}

/// A reminder to send: what, about which record, its deadline and the words of the email.
struct Reminder {
    kind: String,
    record: Uuid,
    due: NaiveDate,
    subject: String,
    body: String,
}

/// Sends the reminders due `today` in every council; returns how many emails went out.
pub async fn run_due(
    db: &DatabaseConnection,
    settings: &std::sync::Arc<Settings>,
    today: NaiveDate,
) -> Result<usize, DemocracyError> {
    let councils = tenancy::store::public_tenants(db, &settings.clock)
        .await
        .map_err(|e| DemocracyError::Conflict(e.to_string()))?;
    let mut sent = 0;
    for (council, tenant) in councils {
        // One council's trouble (an error, or a panic) does not hold back the others' reminders.
        let outcome = std::panic::AssertUnwindSafe(remind_council(
            db,
            settings,
            &council.name,
            &tenant,
            today,
        ));
        match futures_util::FutureExt::catch_unwind(outcome).await {
            Ok(Ok(n)) => sent += n,
            Ok(Err(err)) => {
                tracing::warn!(council = %tenant.slug(), error = %err, "deadline reminders of a council could not run")
            }
            Err(panic) => tracing::error!(
                council = %tenant.slug(),
                panic = %crate::error::panic_message(panic.as_ref()),
                "deadline reminders of a council failed unexpectedly"
            ),
        }
    }
    Ok(sent)
}

/// Sends one council's reminders due `today`; returns how many emails went out.
async fn remind_council(
    db: &DatabaseConnection,
    settings: &Settings,
    council: &str,
    tenant: &Tenant,
    today: NaiveDate,
) -> Result<usize, DemocracyError> {
    let mut sent = 0;
    let wanted = reminders_for(tenant, db).await?;
    if !(wanted.agenda || wanted.forward_plan || wanted.call_in) {
        return Ok(0);
    }
    let rules = rules_for(tenant, db).await?;
    let mut due = Vec::new();
    if wanted.agenda {
        due.extend(agendas(tenant, db, &rules, today).await?);
    }
    if wanted.forward_plan {
        due.extend(notices(tenant, db, &rules, today).await?);
    }
    if wanted.call_in {
        due.extend(call_ins(tenant, db, &rules, today).await?);
    }
    if due.is_empty() {
        return Ok(0);
    }
    let to = officers(tenant, db).await?;
    if to.is_empty() {
        return Ok(0);
    }
    let link = crate::links::absolute(settings, &format!("/admin/c/{}/desk", tenant.slug()));
    for reminder in due {
        if !claim(tenant, db, &reminder).await? {
            continue;
        }
        let mut delivered = 0;
        for address in &to {
            let email = mail::Email {
                to: address.clone(),
                subject: format!("{} ({council})", reminder.subject),
                body: format!(
                    "{}\n\nThe democratic services desk: {link}\n\nTownhall sends these reminders two working days before a deadline and on the day; your council's admins can turn them off in its deadline settings.\n",
                    reminder.body
                ),
            };
            match mail::send(settings, &email).await {
                Ok(()) => delivered += 1,
                // The address is personal data: the log names the subject only.
                Err(err) => {
                    tracing::warn!(subject = %email.subject, error = %err, "a reminder could not be sent")
                }
            }
        }
        // Sent to nobody (the mail server is down): the claim is let go, so a later look tries again.
        if delivered == 0 {
            unclaim(tenant, db, &reminder).await?;
        }
        sent += delivered;
    }
    Ok(sent)
}

/// Records a reminder before it is sent; false when it was already sent (by this server or another).
async fn claim(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    r: &Reminder,
) -> Result<bool, DemocracyError> {
    let row = model::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        kind: Set(r.kind.clone()),
        record_id: Set(r.record),
        due_on: Set(r.due),
        sent_at: Set(tenant.now()),
    };
    match model::Entity::insert(row).exec(db).await {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Lets a reminder go again (it could not be sent to anyone).
async fn unclaim(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    r: &Reminder,
) -> Result<(), DemocracyError> {
    crate::tenancy::scoped_delete::<model::Entity>(tenant)
        .filter(model::Column::Kind.eq(r.kind.as_str()))
        .filter(model::Column::RecordId.eq(r.record))
        .filter(model::Column::DueOn.eq(r.due))
        .exec(db)
        .await?;
    Ok(())
}

/// The council's democratic services officers' addresses, or its admins' when it has no such officer.
async fn officers(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<Vec<String>, DemocracyError> {
    let members = people::list_members(
        tenant,
        db,
        PageRequest {
            limit: 1000,
            after: None,
        },
    )
    .await
    .map_err(|e| DemocracyError::Conflict(e.to_string()))?;
    let with = |role: Role| -> Vec<String> {
        members
            .iter()
            .filter(|m| Role::parse(&m.membership.role) == Some(role))
            .map(|m| m.user.email.clone())
            .collect()
    };
    let officers = with(Role::DemocraticServices);
    Ok(if officers.is_empty() {
        with(Role::Admin)
    } else {
        officers
    })
}

fn when(stage: Stage, due: NaiveDate) -> String {
    match stage {
        Stage::Today => "today".to_owned(),
        Stage::Soon => format!("by {}", due.format("%A %-d %B %Y")),
    }
}

fn kind(base: &str, stage: Stage) -> String {
    match stage {
        Stage::Soon => format!("{base}_soon"),
        Stage::Today => format!("{base}_today"),
    }
}

/// Agendas not yet published whose deadline is near (meetings in the next 60 days that are not cancelled).
async fn agendas(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, DemocracyError> {
    let until = today.checked_add_days(Days::new(60)).unwrap_or(today);
    let meetings = scoped::<meeting::Entity>(tenant)
        .filter(meeting::Column::DeletedAt.is_null())
        .filter(meeting::Column::AgendaPublishedAt.is_null())
        .filter(meeting::Column::Status.ne("cancelled"))
        .filter(meeting::Column::StartsAt.gte(london::start_of(today)))
        .filter(meeting::Column::StartsAt.lt(london::start_of(until)))
        .all(db)
        .await?;
    let names = committees::by_ids(
        tenant,
        db,
        meetings.iter().map(|m| m.committee_id).collect(),
    )
    .await?;
    let mut out = Vec::new();
    for m in meetings {
        let Some(due) = rules.agenda_due_by(london::date_of(m.starts_at)) else {
            continue;
        };
        let Some(stage) = stage(rules, today, due) else {
            continue;
        };
        let committee = names
            .iter()
            .find(|c| c.id == m.committee_id)
            .map_or("A committee", |c| c.name.as_str());
        let meeting_day = london::show(m.starts_at).format("%A %-d %B %Y at %H:%M");
        out.push(Reminder {
            kind: kind("agenda", stage),
            record: m.id,
            due,
            subject: format!("Agenda due {}: {committee}, {meeting_day}", when(stage, due)),
            body: format!(
                "The agenda of {committee} on {meeting_day} must be published {} to leave {} clear working days before the meeting. It is not published yet.",
                when(stage, due),
                rules.agenda_clear_days
            ),
        });
    }
    Ok(out)
}

/// Key decisions whose forward plan notice is not yet published and must be soon.
async fn notices(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, DemocracyError> {
    let entries = scoped::<entry::Entity>(tenant)
        .filter(entry::Column::DeletedAt.is_null())
        .filter(entry::Column::NoticePublishedAt.is_null())
        .filter(entry::Column::ExpectedDate.gte(today))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for e in entries {
        let (Some(due), _) = notice_deadline(rules, &e, today) else {
            continue;
        };
        let Some(stage) = stage(rules, today, due) else {
            continue;
        };
        out.push(Reminder {
            kind: kind("forward_plan_notice", stage),
            record: e.id,
            due,
            subject: format!("Forward plan notice due {}: {}", when(stage, due), e.title),
            body: format!(
                "The key decision “{}” ({}, expected on {}) needs its forward plan notice published {}. It is not published yet.",
                e.title,
                e.decision_maker,
                e.expected_date.format("%A %-d %B %Y"),
                when(stage, due)
            ),
        });
    }
    Ok(out)
}

/// Published decisions whose call-in period is open and ends soon.
async fn call_ins(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    rules: &DeadlineRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, DemocracyError> {
    let decisions = scoped::<decision::Entity>(tenant)
        .filter(decision::Column::DeletedAt.is_null())
        .filter(decision::Column::PublishedAt.is_not_null())
        .filter(decision::Column::CallInStatus.eq(CallInStatus::Open.as_str()))
        .filter(decision::Column::CallInDeadline.gte(today))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for d in decisions {
        let Some(due) = d.call_in_deadline else {
            continue;
        };
        let Some(stage) = stage(rules, today, due) else {
            continue;
        };
        let ends = match stage {
            Stage::Today => "ends today".to_owned(),
            Stage::Soon => format!("ends on {}", due.format("%A %-d %B %Y")),
        };
        out.push(Reminder {
            kind: kind("call_in", stage),
            record: d.id,
            due,
            subject: format!("Call-in period {ends}: {}", d.title),
            body: format!(
                "The call-in period of the decision “{}” ({}) {ends}. After it, the decision can be implemented unless it was called in.",
                d.title, d.decision_maker
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenancy::Nation;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_reminder_comes_two_working_days_before_and_on_the_day() {
        let rules = DeadlineRules::for_nation(Nation::England);
        // Monday 7 December 2026: on Thursday 3rd two working days are left (Fri 4, Mon 7); not on Wednesday 2nd.
        assert_eq!(stage(&rules, d("2026-12-02"), d("2026-12-07")), None);
        assert_eq!(
            stage(&rules, d("2026-12-03"), d("2026-12-07")),
            Some(Stage::Soon)
        );
        assert_eq!(
            stage(&rules, d("2026-12-05"), d("2026-12-07")),
            Some(Stage::Soon)
        );
        assert_eq!(
            stage(&rules, d("2026-12-07"), d("2026-12-07")),
            Some(Stage::Today)
        );
        assert_eq!(
            stage(&rules, d("2026-12-08"), d("2026-12-07")),
            None,
            "past"
        );
        // Over Christmas bank holidays do not count (25 December, and 28 December for Boxing Day on a Saturday):
        // due Tuesday 29th, from Wednesday 23rd only the 24th and the 29th are left.
        assert_eq!(stage(&rules, d("2026-12-22"), d("2026-12-29")), None);
        assert_eq!(
            stage(&rules, d("2026-12-23"), d("2026-12-29")),
            Some(Stage::Soon)
        );
        // A deadline on a Sunday (the latest day of publication): from Wednesday, Thursday and Friday are left.
        assert_eq!(stage(&rules, d("2026-12-08"), d("2026-12-13")), None);
        assert_eq!(
            stage(&rules, d("2026-12-09"), d("2026-12-13")),
            Some(Stage::Soon)
        );
    }
}
