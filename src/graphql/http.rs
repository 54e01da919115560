//! `/graphql`: POST for queries (single or batched), GET for queries only, GraphiQL for browsers.
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use async_graphql::{
    BatchRequest, Request, Variables,
    parser::{parse_query, types::OperationType},
};
use async_graphql_actix_web::GraphQLResponse;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{MAX_BATCH, TownhallSchema};
use crate::{
    error::{ApiError, ErrorCode},
    state::AppState,
    state::Viewer,
};

/// A GraphQL-shaped error response for failures before execution.
fn request_error(status: actix_web::http::StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": code}}]
    }))
}

/// An error of the HTTP exchange (wrong type, too large, wrong method) in GraphQL's shape, with its status.
pub fn graphql_error(error: ApiError) -> HttpResponse {
    request_error(error.code.status(), error.code.as_str(), &error.message)
}

/// Any method but GET and POST (405, with `Allow`).
pub async fn method_not_allowed() -> HttpResponse {
    let mut response = graphql_error(ApiError::new(
        ErrorCode::MethodNotAllowed,
        "Use GET or POST for /graphql.",
    ));
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
    response
}

/// POST /graphql with `application/json`: one request or a batch of at most `MAX_BATCH`.
pub async fn graphql_post(
    schema: web::Data<TownhallSchema>,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Ok(graphql_error(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send GraphQL requests as application/json.",
        )));
    }
    let body = match crate::body::read_limited(payload, state.settings.max_json_body_bytes).await {
        Ok(body) => body,
        Err(error) => return Ok(graphql_error(error)),
    };
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(_) => {
            return Ok(request_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "bad_request",
                "The body is not a GraphQL request: send {\"query\": \"...\", \"variables\": {...}}.",
            ));
        }
    };
    if let BatchRequest::Batch(items) = &batch
        && items.len() > MAX_BATCH
    {
        return Ok(request_error(
            actix_web::http::StatusCode::BAD_REQUEST,
            "batch_too_large",
            &format!("A batch may hold at most {MAX_BATCH} operations."),
        ));
    }
    let batch = batch
        .data(crate::content::loaders::for_request(state.db.clone()))
        .data(crate::democracy::loaders::for_request(state.db.clone()))
        .data(crate::links::Base::of(&state.settings))
        .data(viewer(&req, &state).await);
    let response = schema.execute_batch(batch).await;
    Ok(
        actix_web::Responder::respond_to(GraphQLResponse::from(response), &req)
            .map_into_boxed_body(),
    )
}

/// The caller, when the request carries a valid bearer token (needed only for preview).
async fn viewer(req: &HttpRequest, state: &AppState) -> Viewer {
    Viewer(crate::auth::extract::optional_principal(req, state).await)
}

/// The GraphQL-over-HTTP GET parameters.
#[derive(Deserialize)]
struct GetParams {
    #[serde(default)]
    query: String,
    #[serde(rename = "operationName", alias = "operation_name")]
    operation_name: Option<String>,
    variables: Option<String>,
    /// JSON, e.g. `{"persistedQuery": {"version": 1, "sha256Hash": "..."}}`.
    extensions: Option<String>,
}

fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// GET /graphql: GraphiQL for a browser (outside production), otherwise a query from the query string.
/// Mutations are refused with 405, since GET must not change anything.
pub async fn graphql_get(
    schema: web::Data<TownhallSchema>,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> HttpResponse {
    if req.query_string().is_empty() && wants_html(&req) && state.settings.graphiql_enabled() {
        return super::graphiql::page();
    }
    let params = match web::Query::<GetParams>::from_query(req.query_string()) {
        Ok(params) => params.into_inner(),
        Err(_) => {
            return request_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "bad_request",
                "Give the query as ?query=... (with optional operationName and variables as JSON).",
            );
        }
    };
    let variables = match params
        .variables
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
    {
        None => Variables::default(),
        Some(Ok(json)) => Variables::from_json(json),
        Some(Err(_)) => {
            return request_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "bad_request",
                "variables must be a JSON object.",
            );
        }
    };
    if let Ok(document) = parse_query(&params.query) {
        // With no operation name every operation could be the one run; refuse if any of them is not a query.
        let changes_state = document.operations.iter().any(|(name, op)| {
            let selected = params.operation_name.is_none()
                || name.map(|n| n.as_str()) == params.operation_name.as_deref();
            selected && op.node.ty != OperationType::Query
        });
        if changes_state {
            let mut response = request_error(
                actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Mutations and subscriptions need POST.",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
            return response;
        }
    }
    let extensions = match params
        .extensions
        .as_deref()
        .map(serde_json::from_str::<async_graphql::Extensions>)
    {
        None => async_graphql::Extensions::default(),
        Some(Ok(extensions)) => extensions,
        Some(Err(_)) => {
            return request_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "bad_request",
                "extensions must be a JSON object.",
            );
        }
    };
    let anonymous = !req.headers().contains_key(header::AUTHORIZATION);
    let mut request = Request::new(params.query)
        .variables(variables)
        .data(crate::content::loaders::for_request(state.db.clone()))
        .data(crate::democracy::loaders::for_request(state.db.clone()))
        .data(crate::links::Base::of(&state.settings))
        .data(viewer(&req, &state).await);
    request.extensions = extensions;
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    let response = schema.execute(request).await;
    cacheable(&req, anonymous, &response)
}

/// A GET answer: for anonymous callers without errors, public for a minute (a CDN may keep it) with a strong
/// ETag of the body, and 304 when `If-None-Match` matches; otherwise never stored.
fn cacheable(
    req: &HttpRequest,
    anonymous: bool,
    response: &async_graphql::Response,
) -> HttpResponse {
    let Ok(bytes) = serde_json::to_vec(response) else {
        return request_error(
            actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The answer could not be written.",
        );
    };
    let content_type = "application/graphql-response+json";
    if !anonymous || response.is_err() {
        let cache = if anonymous {
            "no-store"
        } else {
            "private, no-store"
        };
        return HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((header::CACHE_CONTROL, cache))
            .insert_header((header::VARY, "Authorization"))
            .body(bytes);
    }
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(&bytes)[..16]));
    let mut answer = if crate::preconditions::not_modified(req, &tag) {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    answer
        .insert_header((header::ETAG, tag.as_str()))
        .insert_header((header::CACHE_CONTROL, GET_CACHE_CONTROL))
        .insert_header((header::VARY, "Authorization"));
    if crate::preconditions::not_modified(req, &tag) {
        answer.finish()
    } else {
        answer.content_type(content_type).body(bytes)
    }
}

/// How long a CDN or browser may keep an anonymous GET answer (the REST delivery API's rule).
pub const GET_CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";
