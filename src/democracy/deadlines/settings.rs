//! A council's own deadline settings (`/api/v1/councils/{council}/deadline-settings`): which extra days do not
//! count, its closure days, and its call-in period. The statutory figures come from the council's nation.
use actix_web::{HttpRequest, HttpResponse, get, http::header, put, web};
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, EntityTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::DeadlineRules;
use crate::{
    auth::{AdminRole, AnyRole, CouncilAccess},
    democracy::DemocracyError,
    error::{ApiError, ErrorBody},
    preconditions::{etag, expected_version},
    state::AppState,
    tenancy::{Nation, Tenant, expect_version, scoped, versioned_update},
};

/// The `council_deadline_settings` table: one row per council that changed the defaults.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
    )]
    #[sea_orm(table_name = "deadline_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub council_id: Uuid,
        pub exclude_christmas_eve: bool,
        pub exclude_christmas_and_easter_breaks: bool,
        /// Comma-separated ISO dates.
        pub closure_days: String,
        pub call_in_working_days: i32,
        pub key_decision_notice_calendar_days: bool,
        pub remind_agenda: bool,
        pub remind_forward_plan: bool,
        pub remind_call_in: bool,
        pub version: i32,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl crate::tenancy::CouncilOwned for Entity {
        fn council_column() -> Column {
            Column::CouncilId
        }
    }

    // One row per council: the council names the row.
    crate::tenancy::versioned!(self, id = Column::CouncilId);
}

fn parse_days(value: &str) -> Vec<NaiveDate> {
    value
        .split(',')
        .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .collect()
}

/// The rules for a council: its nation's statutory figures with its own settings applied.
pub async fn rules_for(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<DeadlineRules, DemocracyError> {
    let mut rules = DeadlineRules::for_nation(tenant.nation());
    if let Some(row) = scoped::<entity::Entity>(tenant).one(db).await? {
        rules.exclude_christmas_eve = row.exclude_christmas_eve;
        rules.exclude_christmas_and_easter_breaks = row.exclude_christmas_and_easter_breaks;
        rules.closure_days = parse_days(&row.closure_days);
        rules.call_in_working_days = row.call_in_working_days.max(0) as u32;
        rules.key_decision_notice_calendar_days = row.key_decision_notice_calendar_days;
    }
    Ok(rules)
}

/// Which deadline reminders a council's officers get by email (each on unless the council turned it off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    pub agenda: bool,
    pub forward_plan: bool,
    pub call_in: bool,
}

impl Default for Reminders {
    fn default() -> Self {
        Self {
            agenda: true,
            forward_plan: true,
            call_in: true,
        }
    }
}

/// The reminders a council wants.
pub async fn reminders_for(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<Reminders, DemocracyError> {
    Ok(stored(tenant, db)
        .await?
        .map_or_else(Reminders::default, |row| Reminders {
            agenda: row.remind_agenda,
            forward_plan: row.remind_forward_plan,
            call_in: row.remind_call_in,
        }))
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineSettingsResponse {
    pub nation: Nation,
    /// Statutory, from the nation: 5 in England, 3 in Wales, Scotland and Northern Ireland.
    pub agenda_clear_days: u32,
    pub exclude_christmas_eve: bool,
    /// The Christmas and Easter breaks as LGA 1972 s243 counts them.
    pub exclude_christmas_and_easter_breaks: bool,
    pub closure_days: Vec<NaiveDate>,
    pub call_in_working_days: u32,
    pub key_decision_notice_days: u32,
    pub key_decision_notice_calendar_days: bool,
    /// Email the council's democratic services officers two working days before an agenda is due, and on the day.
    pub remind_agenda: bool,
    /// The same for the last day to publish a key decision's forward plan notice.
    pub remind_forward_plan: bool,
    /// The same for the end of a decision's call-in period.
    pub remind_call_in: bool,
    pub version: i32,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"exclude_christmas_eve": true, "exclude_christmas_and_easter_breaks": false, "closure_days": ["2026-12-29"], "call_in_working_days": 5, "key_decision_notice_calendar_days": true, "remind_agenda": true, "remind_forward_plan": true, "remind_call_in": false}))]
pub struct DeadlineSettingsRequest {
    pub exclude_christmas_eve: bool,
    pub exclude_christmas_and_easter_breaks: bool,
    pub closure_days: Vec<NaiveDate>,
    pub call_in_working_days: u32,
    pub key_decision_notice_calendar_days: bool,
    /// Reminders by email (each on when left out).
    #[serde(default = "on")]
    pub remind_agenda: bool,
    #[serde(default = "on")]
    pub remind_forward_plan: bool,
    #[serde(default = "on")]
    pub remind_call_in: bool,
}

fn on() -> bool {
    true
}

/// The council's own settings row, if it changed the defaults.
async fn stored(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<Option<entity::Model>, DemocracyError> {
    Ok(scoped::<entity::Entity>(tenant).one(db).await?)
}

async fn current(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<(DeadlineRules, Reminders, i32), DemocracyError> {
    let version = stored(tenant, db).await?.map_or(0, |r| r.version);
    Ok((
        rules_for(tenant, db).await?,
        reminders_for(tenant, db).await?,
        version,
    ))
}

fn respond(rules: DeadlineRules, reminders: Reminders, version: i32) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(DeadlineSettingsResponse {
            nation: rules.nation,
            agenda_clear_days: rules.agenda_clear_days,
            exclude_christmas_eve: rules.exclude_christmas_eve,
            exclude_christmas_and_easter_breaks: rules.exclude_christmas_and_easter_breaks,
            closure_days: rules.closure_days,
            call_in_working_days: rules.call_in_working_days,
            key_decision_notice_days: rules.key_decision_notice_days,
            key_decision_notice_calendar_days: rules.key_decision_notice_calendar_days,
            remind_agenda: reminders.agenda,
            remind_forward_plan: reminders.forward_plan,
            remind_call_in: reminders.call_in,
            version,
        })
}

/// The council's deadline settings (version 0 means the defaults).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    responses((status = 200, body = DeadlineSettingsResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/councils/{council}/deadline-settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    access: CouncilAccess<AnyRole>,
) -> Result<HttpResponse, ApiError> {
    let (rules, reminders, version) = current(&access.tenant, &state.db).await?;
    Ok(respond(rules, reminders, version))
}

/// Replace the council's deadline settings (its admins). Requires `If-Match` (`"0"` for the defaults).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug"), ("If-Match" = String, Header)),
    request_body = DeadlineSettingsRequest,
    responses(
        (status = 200, body = DeadlineSettingsResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/councils/{council}/deadline-settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    req: HttpRequest,
    body: web::Json<DeadlineSettingsRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let body = body.into_inner();
    if body.call_in_working_days > 30 {
        return Err(ApiError::validation(
            "call_in_working_days",
            "use 0 to 30 working days",
        ));
    }
    let tenant = &access.tenant;
    let existing = stored(tenant, &state.db).await?;
    expect_version(existing.as_ref().map_or(0, |r| r.version), expected)
        .map_err(DemocracyError::from)?;
    let days: Vec<String> = body.closure_days.iter().map(|d| d.to_string()).collect();
    let mut row = entity::ActiveModel {
        council_id: Set(tenant.id()),
        exclude_christmas_eve: Set(body.exclude_christmas_eve),
        exclude_christmas_and_easter_breaks: Set(body.exclude_christmas_and_easter_breaks),
        closure_days: Set(days.join(",")),
        call_in_working_days: Set(body.call_in_working_days as i32),
        key_decision_notice_calendar_days: Set(body.key_decision_notice_calendar_days),
        remind_agenda: Set(body.remind_agenda),
        remind_forward_plan: Set(body.remind_forward_plan),
        remind_call_in: Set(body.remind_call_in),
        version: Set(1),
        updated_at: Set(tenant.now()),
    };
    if existing.is_some() {
        row.council_id = NotSet;
        row.version = NotSet;
        row.updated_at = NotSet;
        let reread = async {
            stored(tenant, &state.db)
                .await?
                .ok_or(DemocracyError::NotFound("Deadline settings"))
        };
        versioned_update(
            tenant,
            &state.db,
            tenant.id(),
            expected,
            entity::Entity::update_many().set(row),
            reread,
        )
        .await?;
    } else {
        entity::Entity::insert(row)
            .exec(&state.db)
            .await
            .map_err(DemocracyError::from)?;
    }
    let (rules, reminders, version) = current(tenant, &state.db).await?;
    let event = crate::audit::Event::new(Some(tenant.id()), "deadline_settings.updated")
        .target("council", tenant.id())
        .detail(format!("version={version}"));
    crate::audit::record(&state.db, event).await;
    Ok(respond(rules, reminders, version))
}
