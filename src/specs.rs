//! The management API's OpenAPI document and the GraphQL SDL, exported to `admin-spec/` and `graphql/`.
use std::path::Path;

use actix_web::App;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_actix_web::{AppExt, scope};

pub const OPENAPI_PATH: &str = "admin-spec/openapi.json";
pub const SDL_PATH: &str = "graphql/schema.graphql";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Townhall management API",
        description = "The REST API editors and democratic services officers use, through API-driven admin tools, \
to manage their council's content and records. Every error has the shape \
`{\"error\": {\"code\", \"message\", \"details\"}}` with a stable `code`.",
        license(name = "MIT")
    ),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorCode)),
    tags(
        (name = "auth", description = "Sign in, tokens, your account"),
        (name = "councils", description = "Councils (tenants) and their settings"),
        (name = "members", description = "A council's users and their roles"),
        (name = "api-tokens", description = "A council's API tokens for machines"),
        (name = "democracy", description = "Wards, parties and councillors"),
        (name = "imports", description = "Imports from other systems (ModernGov)"),
        (name = "content", description = "Web content: pages, services, news, alerts, topics and menus; workflow, schedules, revisions"),
        (name = "delivery", description = "The public REST delivery API: published content only, no token needed (preview with a preview token)"),
        (name = "media", description = "The media library: documents and images, uploaded by streaming and downloaded from /media/{council}/{id}/{name}"),
        (name = "webhooks", description = "Webhooks: publishing events sent to your URLs, signed, retried and logged"),
        (name = "exports", description = "National exports (GOV.UK Local Links Manager)"),
        (name = "operations", description = "Health and readiness"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or council API token")
                    .build(),
            ),
        );
    }
}

/// The base document the routes are collected into.
pub fn base_openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The full OpenAPI document, collected from the same route registration the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(base_openapi())
        .configure(crate::startup::operations_routes)
        .service(scope("/api/v1").configure(crate::startup::api_v1_routes))
        .service(scope("/delivery/v1").configure(crate::startup::delivery_routes))
        .split_for_parts();
    api
}

/// The OpenAPI document as written to `admin-spec/openapi.json`.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

/// The SDL as written to `graphql/schema.graphql`.
pub fn graphql_sdl() -> String {
    crate::graphql::sdl()
}

/// Writes both specs under `root`, or with `check`, reports which differ from what is there.
pub fn export(root: &Path, check: bool) -> std::io::Result<Vec<&'static str>> {
    let mut drifted = Vec::new();
    for (path, contents) in [(OPENAPI_PATH, openapi_json()), (SDL_PATH, graphql_sdl())] {
        let full = root.join(path);
        if check {
            let current = std::fs::read_to_string(&full).unwrap_or_default();
            if current != contents {
                drifted.push(path);
            }
        } else {
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&full, contents)?;
        }
    }
    Ok(drifted)
}
