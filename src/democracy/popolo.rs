//! `GET /api/v1/councils/{council}/exports/popolo.json`: the council's people, organizations, memberships, posts and
//! areas in the Popolo open data format. Public, so only live records: no drafts, no deleted rows, no home details.
use actix_web::{get, web};
use serde_json::{Value, json};

use super::{
    committees::{self, model::CommitteeKind},
    people::store as people,
};
use crate::{
    error::{ApiError, ErrorBody},
    pagination::PageRequest,
    state::AppState,
    tenancy::{self, Tenant},
};

/// Upper bound of each kind of record in one export (a council has well under this).
const MAX_ROWS: u64 = 2000;

fn all() -> PageRequest {
    PageRequest {
        limit: MAX_ROWS,
        after: None,
    }
}

/// Builds the export document.
pub async fn export(
    tenant: &Tenant,
    name: &str,
    db: &impl sea_orm::ConnectionTrait,
) -> Result<Value, ApiError> {
    let wards = people::list_wards(tenant, db, all()).await?;
    let parties = people::list_parties(tenant, db, all()).await?;
    let councillors =
        people::list_councillors(tenant, db, people::CouncillorFilter::default(), all()).await?;
    let ids: Vec<_> = councillors.iter().map(|c| c.id).collect();
    let seats = people::seats_of(tenant, db, &ids).await?;
    let committees = committees::store::list(tenant, db, all()).await?;
    let council_id = tenant.id().to_string();

    let persons: Vec<Value> = councillors
        .iter()
        .map(|c| {
            let mut contacts = Vec::new();
            for (kind, value) in [
                ("email", &c.email),
                ("voice", &c.phone),
                ("cell", &c.mobile),
                ("address", &c.work_address),
            ] {
                if let Some(value) = value {
                    contacts.push(json!({"type": kind, "value": value}));
                }
            }
            let identifiers: Vec<Value> = c
                .moderngov_id
                .iter()
                .map(|id| json!({"scheme": "moderngov:councillorid", "identifier": id}))
                .collect();
            json!({
                "id": c.id.to_string(),
                "name": c.display_name,
                "given_name": c.given_name,
                "family_name": c.family_name,
                "honorific_prefix": c.honorific_prefix,
                "honorific_suffix": c.honorific_suffix,
                "email": c.email,
                "image": c.photo_url.as_deref().map(|url| tenant.whole_url(url)),
                "biography": c.biography,
                "identifiers": identifiers,
                "contact_details": contacts,
            })
        })
        .collect();

    let mut organizations =
        vec![json!({"id": council_id, "name": name, "classification": "council"})];
    organizations.extend(
        parties
            .iter()
            .map(|p| json!({"id": p.id.to_string(), "name": p.name, "classification": "party"})),
    );
    organizations.extend(committees.iter().map(|c| {
        json!({
            "id": c.id.to_string(),
            "name": c.name,
            "classification": CommitteeKind::parse(&c.kind).as_str(),
            "parent_id": c.parent_id.map(|p| p.to_string()).unwrap_or_else(|| council_id.clone()),
        })
    }));

    let areas: Vec<Value> = wards
        .iter()
        .map(|w| {
            let identifiers: Vec<Value> =
                w.gss_code.iter().map(|g| json!({"scheme": "gss", "identifier": g})).collect();
            json!({"id": w.id.to_string(), "name": w.name, "classification": "ward", "identifiers": identifiers})
        })
        .collect();
    let posts: Vec<Value> = wards
        .iter()
        .map(|w| {
            json!({
                "id": format!("post-{}", w.id),
                "label": format!("Councillor for {}", w.name),
                "role": "Councillor",
                "organization_id": council_id,
                "area_id": w.id.to_string(),
            })
        })
        .collect();
    let memberships: Vec<Value> = seats
        .iter()
        .map(|s| {
            json!({
                "id": s.seat.id.to_string(),
                "person_id": s.seat.councillor_id.to_string(),
                "organization_id": council_id,
                "post_id": format!("post-{}", s.ward.id),
                "area_id": s.ward.id.to_string(),
                "on_behalf_of_id": s.party.as_ref().map(|p| p.id.to_string()),
                "role": "Councillor",
                "start_date": s.seat.start_date.map(|d| d.to_string()),
                "end_date": s.seat.end_date.map(|d| d.to_string()),
            })
        })
        .collect();
    Ok(json!({
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "posts": posts,
        "areas": areas,
    }))
}

/// The council's councillors, wards, parties, committees and seats as Popolo JSON (public).
#[utoipa::path(
    tag = "democracy",
    params(("council" = String, Path, description = "Council slug")),
    responses(
        (status = 200, description = "Popolo document: persons, organizations, memberships, posts, areas", body = Object, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the copy the client holds (its If-None-Match) is current"),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/councils/{council}/exports/popolo.json")]
pub async fn popolo_export(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    path: web::Path<String>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let slug = path.into_inner();
    let tenant = tenancy::store::resolve(&state.db, &state.clock, &slug)
        .await?
        .reached_at(&crate::links::Base::of(&state.settings));
    let council = tenancy::store::get(&tenant, &state.db).await?;
    let document = export(&tenant, &council.name, &state.db).await?;
    let body = serde_json::to_vec(&document).map_err(|e| ApiError::internal(&e))?;
    Ok(crate::preconditions::cacheable_document(
        &req,
        "application/json",
        "public, max-age=300",
        None,
        body,
    ))
}
