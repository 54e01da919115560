//! The service status list in the REST delivery API: alerts showing now that affect services, each with them.
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    content::{
        delivery,
        kinds::ContentKind,
        rest::{DeliveredItem, ReadQuery, cached, read},
    },
    error::{ApiError, ErrorBody},
    state::AppState,
};

/// A service an alert affects, as the service status list names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AffectedService {
    pub id: Uuid,
    pub title: String,
    /// Its path on the council's site (`/services/{slug}`).
    pub path: Option<String>,
}

/// One entry of the service status list: an alert showing now and the services it affects.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceStatusEntry {
    pub alert: DeliveredItem,
    /// The published services it affects (in the locale asked for, falling back to English).
    pub services: Vec<AffectedService>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceStatusParams {
    /// Only the alerts about this service.
    pub service: Option<Uuid>,
}

/// The council's service status: alerts showing now that affect services, most severe first, each with the
/// services it affects. An alert leaves the list by itself at its end.
#[utoipa::path(
    tag = "delivery",
    params(("council" = String, Path, description = "Council slug"), ServiceStatusParams, ReadQuery),
    responses((status = 200, body = Vec<ServiceStatusEntry>, headers(("ETag" = String), ("Cache-Control" = String))), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/service-status")]
pub async fn service_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ServiceStatusParams>,
    query: web::Query<ReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let read = read(&state, &req, &council, &query).await?;
    let alerts = delivery::service_status(
        &read.tenant,
        &state.db,
        read.mode,
        &read.locale,
        params.service,
        state.clock.now(),
    )
    .await?;
    let mut named: Vec<Uuid> = alerts
        .iter()
        .flat_map(|(doc, _)| doc.services.iter().copied())
        .collect();
    named.sort();
    named.dedup();
    let services = delivery::by_ids(&read.tenant, &state.db, read.mode, &read.locale, &named)
        .await?
        .into_iter()
        .filter(|d| d.kind == ContentKind::Service)
        .map(|d| (d.id, d))
        .collect::<std::collections::HashMap<_, _>>();
    let body: Vec<ServiceStatusEntry> = alerts
        .into_iter()
        .map(|(doc, d)| ServiceStatusEntry {
            services: doc
                .services
                .iter()
                .filter_map(|id| services.get(id))
                .map(|s| AffectedService {
                    id: s.id,
                    title: s.title.clone(),
                    path: s.path.clone(),
                })
                .collect(),
            alert: DeliveredItem::new(d, None),
        })
        .collect();
    cached(&req, read.mode, &read.locale, &body)
}
