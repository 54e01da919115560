//! The Open Referral UK API of each council (`/delivery/v1/councils/{council}/openreferral/...`): the endpoints,
//! paging (`page`, `per_page`) and filters its API description gives. Public, read-only, published content only;
//! answers carry an ETag and a `Cache-Control` a CDN can use, as the rest of the delivery API.
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use super::{
    OrukApiInfo, OrukOrganizationFull, OrukOrganizationPage, OrukService,
    OrukServiceAtLocationFull, OrukServiceAtLocationPage, OrukServiceAtLocationSummary,
    OrukServiceFull, OrukServicePage, OrukTaxonomy, OrukTaxonomyPage, OrukTaxonomyTerm,
    OrukTaxonomyTermPage,
    catalogue::{self, Catalogue, Listed},
    model::{Paging, ServiceFilter, parse_day, parse_time},
};
use crate::{
    content::{
        delivery::{
            self, Mode,
            directory::{DIRECTORY_SCAN, MAX_RADIUS_METRES, distance_metres},
        },
        kinds::ContentKind,
        rest::cached,
    },
    error::{ApiError, ErrorBody},
    publishing::PublishingError,
    state::AppState,
    tenancy::{self, Tenant},
};

/// The version of HSDS this API follows.
const HSDS_VERSION: &str = "3.0";
/// The Open Referral UK profile.
const PROFILE: &str = "https://github.com/openreferral/uk-profile";

/// The language of the answer.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocaleQuery {
    /// `en` (default) or `cy`: names and descriptions in Welsh where the council has published them, else English.
    #[param(pattern = "^(en|cy)$")]
    pub locale: Option<String>,
}

/// Which page of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PagingParams {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// How many on a page (50 when absent).
    #[param(minimum = 1, maximum = 1000)]
    pub per_page: Option<u64>,
}

/// What services are filtered by.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceParams {
    /// Words to find (in names, summaries and bodies).
    #[param(max_length = 200)]
    pub search: Option<String>,
    /// Only services classified by this taxonomy term.
    pub taxonomy_term_id: Option<String>,
    /// Only services classified by any term of this taxonomy.
    pub taxonomy_id: Option<String>,
    /// Only services whose lowest age is at least this.
    #[param(minimum = 0, maximum = 150)]
    pub minimum_age: Option<f64>,
    /// Only services whose highest age is at most this.
    #[param(minimum = 0, maximum = 150)]
    pub maximum_age: Option<f64>,
    /// Only services with a weekly schedule opening at or after this London time (`HH:MM`).
    pub start_time: Option<String>,
    /// Only services with a weekly schedule closing at or before this London time (`HH:MM`).
    pub end_time: Option<String>,
    /// Only services with a weekly schedule on this day (`MO` to `SU`, or the day's English name).
    pub day: Option<String>,
}

/// Where services at locations are.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceParams {
    /// Only locations at this postcode, or in this postcode district (`YO1`). With `proximity`, the centre of the
    /// council's own locations at this whole postcode (Townhall holds no national postcode list).
    #[param(max_length = 10)]
    pub postcode: Option<String>,
    /// Metres from `postcode`: only locations within, nearest first.
    #[param(max_length = 20)]
    pub proximity: Option<String>,
}

/// Only taxonomy terms of one taxonomy.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TermParams {
    pub taxonomy_id: Option<String>,
}

/// A parameter's value, trimmed; an empty one is as if it were not given.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The council's catalogue in the locale asked for.
async fn catalogue(
    state: &AppState,
    council: &str,
    query: &LocaleQuery,
) -> Result<(Tenant, String, Catalogue), ApiError> {
    let tenant = tenancy::store::resolve(&state.db, &state.clock, council)
        .await?
        .reached_at(&crate::links::Base::of(&state.settings));
    let locale = tenancy::check_locale("locale", query.locale.as_deref())?;
    let model = tenancy::store::get(&tenant, &state.db).await?;
    let found = catalogue::load(&tenant, &state.db, &model, &locale, state.clock.now()).await?;
    Ok((tenant, locale, found))
}

/// Answers what `pick` finds in the council's catalogue, or a 404 naming `what`.
async fn one<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    council: &str,
    query: &LocaleQuery,
    what: &str,
    pick: impl FnOnce(Catalogue) -> Option<T>,
) -> Result<HttpResponse, ApiError> {
    let (_, locale, found) = catalogue(state, council, query).await?;
    let body = pick(found).ok_or_else(|| ApiError::not_found(what))?;
    cached(req, Mode::Live, &locale, &body)
}

/// Answers the page `paging` asks for of what `all` takes from the council's catalogue.
async fn page<T, P: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    council: &str,
    query: &LocaleQuery,
    paging: &PagingParams,
    all: impl FnOnce(Catalogue) -> Vec<T>,
    of: fn(Vec<T>, Paging) -> P,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::new(paging.page, paging.per_page)?;
    let (_, locale, found) = catalogue(state, council, query).await?;
    cached(req, Mode::Live, &locale, &of(all(found), paging))
}

impl ServiceParams {
    async fn filter(
        &self,
        state: &AppState,
        tenant: &Tenant,
        locale: &str,
    ) -> Result<ServiceFilter, ApiError> {
        let found = match self.search.as_deref().map(str::trim) {
            Some(words) if words.chars().count() > 200 => {
                return Err(PublishingError::invalid("search", "at most 200 characters").into());
            }
            Some(words) if !words.is_empty() => Some(
                delivery::search_ids(
                    tenant,
                    &state.db,
                    locale,
                    words,
                    &[ContentKind::Service, ContentKind::DirectoryEntry],
                    2 * DIRECTORY_SCAN,
                )
                .await?,
            ),
            _ => None,
        };
        let age = |field: &str, value: Option<f64>| match value {
            Some(v) if !(0.0..=150.0).contains(&v) => Err(PublishingError::invalid(
                field,
                "give an age in years from 0 to 150",
            )),
            other => Ok(other),
        };
        let day = match given(&self.day) {
            Some(day) => Some(parse_day(day).ok_or_else(|| {
                PublishingError::invalid("day", "give a day as MO, TU, WE, TH, FR, SA or SU")
            })?),
            None => None,
        };
        Ok(ServiceFilter {
            found,
            taxonomy_term_id: given(&self.taxonomy_term_id).map(str::to_owned),
            taxonomy_id: given(&self.taxonomy_id).map(str::to_owned),
            minimum_age: age("minimum_age", self.minimum_age)?,
            maximum_age: age("maximum_age", self.maximum_age)?,
            day,
            start_time: given(&self.start_time)
                .map(|t| parse_time("start_time", t))
                .transpose()?,
            end_time: given(&self.end_time)
                .map(|t| parse_time("end_time", t))
                .transpose()?,
            postcode: None,
        })
    }
}

/// What this API is: the HSDS version, the profile, and the API description.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug")),
    responses((status = 200, body = OrukApiInfo), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral")]
pub async fn openreferral_info(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let tenant = tenancy::store::resolve(&state.db, &state.clock, &council)
        .await?
        .reached_at(&crate::links::Base::of(&state.settings));
    let body = OrukApiInfo {
        version: HSDS_VERSION.to_owned(),
        profile: PROFILE.to_owned(),
        openapi_url: tenant.server_url("/openapi.json"),
    };
    cached(&req, Mode::Live, "en", &body)
}

/// The council's services and directory entries as Open Referral services (one-to-one fields), by name.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ServiceParams, PagingParams, LocaleQuery),
    responses((status = 200, body = OrukServicePage, headers(("ETag" = String), ("Cache-Control" = String))), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/services")]
pub async fn openreferral_services(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ServiceParams>,
    paging: web::Query<PagingParams>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::new(paging.page, paging.per_page)?;
    let (tenant, locale, found) = catalogue(&state, &council, &query).await?;
    let filter = params.filter(&state, &tenant, &locale).await?;
    let services: Vec<OrukService> = found
        .services(&filter)
        .into_iter()
        .map(|l| l.full.service.clone())
        .collect();
    cached(
        &req,
        Mode::Live,
        &locale,
        &OrukServicePage::of(services, paging),
    )
}

/// One service with its schedules, locations, phones, service areas and classification.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), LocaleQuery),
    responses((status = 200, body = OrukServiceFull), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/services/{id}")]
pub async fn openreferral_service(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    one(&state, &req, &path.0, &query, "Service", |found| {
        found.service(path.1).map(|l| found.full(l))
    })
    .await
}

/// The filter of services at locations: the services' own, and the place.
async fn place_filter(
    state: &AppState,
    tenant: &Tenant,
    locale: &str,
    found: &Catalogue,
    params: &ServiceParams,
    place: &PlaceParams,
) -> Result<(ServiceFilter, Option<(f64, f64, f64)>), ApiError> {
    let mut filter = params.filter(state, tenant, locale).await?;
    if place
        .postcode
        .as_ref()
        .is_some_and(|p| p.chars().count() > 10)
    {
        return Err(PublishingError::invalid("postcode", "at most 10 characters").into());
    }
    if place
        .proximity
        .as_ref()
        .is_some_and(|p| p.chars().count() > 20)
    {
        return Err(PublishingError::invalid("proximity", "at most 20 characters").into());
    }
    let postcode = place
        .postcode
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let near = match (given(&place.proximity), postcode) {
        (Some(proximity), Some(postcode)) => {
            let metres: f64 = proximity
                .trim()
                .parse()
                .ok()
                .filter(|m: &f64| *m > 0.0 && *m <= MAX_RADIUS_METRES)
                .ok_or_else(|| {
                    PublishingError::invalid("proximity", "give metres from 1 to 1500000")
                })?;
            let (lat, lon) = found.centre_of(postcode).ok_or_else(|| {
                PublishingError::invalid(
                    "postcode",
                    "none of the council's locations is at this postcode, so its position is not known \
                     here; give a whole postcode of one of them, or use the directory's near=latitude,longitude",
                )
            })?;
            Some((lat, lon, metres))
        }
        (Some(_), None) => {
            return Err(
                PublishingError::invalid("proximity", "give a postcode with proximity").into(),
            );
        }
        (None, postcode) => {
            filter.postcode = postcode.map(str::to_owned);
            None
        }
    };
    Ok((filter, near))
}

/// Each service at each of its locations (one-to-one fields of both), by the service's name, or nearest first.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ServiceParams, PlaceParams, PagingParams, LocaleQuery),
    responses((status = 200, body = OrukServiceAtLocationPage, headers(("ETag" = String), ("Cache-Control" = String))), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/service_at_locations")]
pub async fn openreferral_service_at_locations(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<ServiceParams>,
    place: web::Query<PlaceParams>,
    paging: web::Query<PagingParams>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::new(paging.page, paging.per_page)?;
    let (tenant, locale, found) = catalogue(&state, &council, &query).await?;
    let (filter, near) = place_filter(&state, &tenant, &locale, &found, &params, &place).await?;
    let mut at: Vec<(f64, OrukServiceAtLocationSummary)> = found
        .services(&filter)
        .into_iter()
        .flat_map(|l| {
            l.full.service_at_locations.iter().map(|sal| {
                let location = &sal.location.location;
                let distance = near.map_or(0.0, |(lat, lon, _)| {
                    distance_metres((lat, lon), (location.latitude, location.longitude))
                });
                (
                    distance,
                    OrukServiceAtLocationSummary {
                        id: sal.id,
                        service_id: sal.service_id,
                        location_id: sal.location_id,
                        location: location.clone(),
                        service: l.full.service.clone(),
                    },
                )
            })
        })
        .filter(|(distance, _)| near.is_none_or(|(_, _, within)| *distance <= within))
        .collect();
    if near.is_some() {
        at.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let at = at.into_iter().map(|(_, s)| s).collect();
    cached(
        &req,
        Mode::Live,
        &locale,
        &OrukServiceAtLocationPage::of(at, paging),
    )
}

/// One service at one location, with everything about both.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), LocaleQuery),
    responses((status = 200, body = OrukServiceAtLocationFull), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/service_at_locations/{id}")]
pub async fn openreferral_service_at_location(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    one(
        &state,
        &req,
        &path.0,
        &query,
        "Service at location",
        |found| {
            found.services.iter().find_map(|l: &Listed| {
                let sal = l
                    .full
                    .service_at_locations
                    .iter()
                    .find(|s| s.id == path.1)?;
                Some(OrukServiceAtLocationFull {
                    id: sal.id,
                    service_id: sal.service_id,
                    location_id: sal.location_id,
                    location: sal.location.clone(),
                    service: found.full(l),
                })
            })
        },
    )
    .await
}

/// The organizations: the council.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), PagingParams, LocaleQuery),
    responses((status = 200, body = OrukOrganizationPage), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/organizations")]
pub async fn openreferral_organizations(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    paging: web::Query<PagingParams>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    let all = |found: Catalogue| vec![found.organization];
    page(
        &state,
        &req,
        &council,
        &query,
        &paging,
        all,
        OrukOrganizationPage::of,
    )
    .await
}

/// The council as an organization, with its services.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), LocaleQuery),
    responses((status = 200, body = OrukOrganizationFull), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/organizations/{id}")]
pub async fn openreferral_organization(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    one(&state, &req, &path.0, &query, "Organization", |found| {
        (found.organization.id == path.1).then(|| OrukOrganizationFull {
            services: found
                .services
                .iter()
                .map(|l| l.full.service.clone())
                .collect(),
            organization: found.organization,
        })
    })
    .await
}

/// The taxonomies the council's services are classified by.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), PagingParams, LocaleQuery),
    responses((status = 200, body = OrukTaxonomyPage), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/taxonomies")]
pub async fn openreferral_taxonomies(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    paging: web::Query<PagingParams>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    let all = |found: Catalogue| found.taxonomies;
    page(
        &state,
        &req,
        &council,
        &query,
        &paging,
        all,
        OrukTaxonomyPage::of,
    )
    .await
}

/// One taxonomy.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), LocaleQuery),
    responses((status = 200, body = OrukTaxonomy), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/taxonomies/{id}")]
pub async fn openreferral_taxonomy(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    one(&state, &req, &path.0, &query, "Taxonomy", |found| {
        found.taxonomies.into_iter().find(|t| t.id == path.1)
    })
    .await
}

/// The terms of the taxonomies (of one, with `taxonomy_id`).
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), TermParams, PagingParams, LocaleQuery),
    responses((status = 200, body = OrukTaxonomyTermPage), (status = 304), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/taxonomy_terms")]
pub async fn openreferral_taxonomy_terms(
    state: web::Data<AppState>,
    req: HttpRequest,
    council: web::Path<String>,
    params: web::Query<TermParams>,
    paging: web::Query<PagingParams>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    let taxonomy = given(&params.taxonomy_id);
    let all = |found: Catalogue| -> Vec<OrukTaxonomyTerm> {
        found
            .terms
            .into_iter()
            .filter(|t| {
                taxonomy.is_none_or(|id| t.taxonomy_id.to_string().eq_ignore_ascii_case(id))
            })
            .collect()
    };
    page(
        &state,
        &req,
        &council,
        &query,
        &paging,
        all,
        OrukTaxonomyTermPage::of,
    )
    .await
}

/// One taxonomy term.
#[utoipa::path(
    tag = "openreferral",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path), LocaleQuery),
    responses((status = 200, body = OrukTaxonomyTerm), (status = 304), (status = 404, body = ErrorBody))
)]
#[get("/councils/{council}/openreferral/taxonomy_terms/{id}")]
pub async fn openreferral_taxonomy_term(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse, ApiError> {
    one(&state, &req, &path.0, &query, "Taxonomy term", |found| {
        found.terms.into_iter().find(|t| t.id == path.1)
    })
    .await
}
