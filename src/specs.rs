//! The management API's OpenAPI document and the GraphQL SDL, exported to `admin-spec/` and `graphql/`.
use std::path::Path;

use actix_web::App;
use utoipa::{
    Modify, OpenApi,
    openapi::{
        ObjectBuilder, RefOr,
        schema::{Schema, Type},
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
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
        (name = "audit", description = "The audit log: who did what, when, in hash chains that show tampering"),
        (name = "councils", description = "Councils (tenants) and their settings"),
        (name = "members", description = "A council's users and their roles"),
        (name = "api-tokens", description = "A council's API tokens for machines"),
        (name = "democracy", description = "Wards, parties and councillors"),
        (name = "imports", description = "Imports from other systems (ModernGov)"),
        (name = "content", description = "Web content: pages, services, news, alerts, topics and menus; workflow, schedules, revisions"),
        (name = "delivery", description = "The public REST delivery API: published content only, no token needed (preview with a preview token)"),
        (name = "openreferral", description = "Open Referral UK (HSDS 3.0, UK profile): each council's published services and directory entries, with their locations, schedules and taxonomies, in the shape of the standard's JSON Schemas"),
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
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "townhall_session",
                    "A browser app's session (sign in with `\"session\": \"cookie\"`): the refresh token, HttpOnly \
                     and SameSite=Strict, sent only to /api/v1/auth; calls that use it carry \
                     `X-Townhall-Session: cookie` from this server's own origin.",
                ),
            )),
        );
    }
}

/// The base document the routes are collected into.
pub fn base_openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The full OpenAPI document, collected from the same route registration the server uses. It depends on the code
/// alone, so it is collected once per process (each server a process starts gets a copy).
pub fn openapi() -> utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(collect).clone()
}

fn collect() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(base_openapi())
        .configure(|cfg| crate::startup::operations_routes(cfg))
        .service(scope("/api/v1").configure(|cfg| crate::startup::api_v1_routes(cfg)))
        .service(scope("/delivery/v1").configure(|cfg| crate::startup::delivery_routes(cfg)))
        .split_for_parts();
    complete(&mut api);
    api
}

/// What the derived document lacks, filled in the same way for the export and for `/openapi.json`.
pub fn complete(api: &mut utoipa::openapi::OpenApi) {
    shared_error_responses(api);
    name_form_fields(api);
    describe_responses(api);
    key_translations_by_locale(api);
}

/// Answers any operation can give whatever its handler does, documented once under `components.responses` and
/// referred to from every operation that does not say more itself: the request could not be read (400), its
/// address is too long (414), a path or query parameter breaks the text rule (422), the database is away (503);
/// with a body, it is too large (413) or of a type not taken (415); with a token, it is missing or not allowed
/// (401, 403); with a record in the path, there is no such record (404).
fn shared_error_responses(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{
        ContentBuilder, Ref, ResponseBuilder, header::HeaderBuilder, path::ParameterIn,
    };
    const SHARED: &[(&str, &str)] = &[
        ("400", "BadRequest"),
        ("401", "Unauthorized"),
        ("403", "Forbidden"),
        ("404", "NotFound"),
        ("413", "PayloadTooLarge"),
        ("414", "UriTooLong"),
        ("415", "UnsupportedMediaType"),
        ("422", "ValidationFailed"),
        ("503", "Unavailable"),
    ];
    let components = api.components.get_or_insert_with(Default::default);
    for (status, name) in SHARED {
        let mut response = ResponseBuilder::new()
            .description(standard_description(status))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            );
        if *status == "503" {
            response = response.header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                    .description(Some("Seconds to wait before trying again"))
                    .build(),
            );
        }
        components
            .responses
            .insert((*name).to_owned(), RefOr::T(response.build()));
    }
    for (path, item) in api.paths.paths.iter_mut() {
        for operation in operations_mut(item) {
            let has_body = operation.request_body.is_some();
            let secured = operation
                .security
                .as_ref()
                .is_some_and(|requirements| !requirements.is_empty());
            let has_path_parameter = operation
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Path));
            // Liveness answers from the process alone.
            let uses_database = path != "/healthz";
            for (status, name) in SHARED {
                let applies = match *status {
                    "401" | "403" => secured,
                    "404" => has_path_parameter,
                    "413" | "415" => has_body,
                    "503" => uses_database,
                    _ => true,
                };
                if applies {
                    operation
                        .responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| {
                            RefOr::Ref(Ref::new(format!("#/components/responses/{name}")))
                        });
                }
            }
        }
    }
}

/// What an answer with `status` means, for responses whose route does not say more.
fn standard_description(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted: the work goes on in the background",
        "204" => "Done; no body",
        "206" => "Partial content: the byte range asked for",
        "301" => "Moved permanently: see Location",
        "304" => "Not modified: the copy the client holds (its If-None-Match) is current",
        "400" => "The request could not be read",
        "401" => "No valid token: sign in, or refresh the access token",
        "403" => "The token may not do this",
        "404" => "No such council, record or file (or not visible to this caller)",
        "405" => "Method not allowed here",
        "409" => "Conflict with the current state (for example a slug or path already taken)",
        "410" => "Gone: removed on purpose",
        "412" => "If-Match names a version that is no longer current: read again, then retry",
        "413" => "The body or file is larger than allowed",
        "415" => "The body's type is not accepted here",
        "416" => "The byte range cannot be served",
        "422" => "Validation failed: details.fields names each field and what is wrong with it",
        "428" => "If-Match is required: send the ETag of the version you edited",
        "429" => "Too many requests: wait for Retry-After seconds",
        "500" => "Internal error (logged with the request id; the body says nothing more)",
        "502" => "A service Townhall depends on failed",
        "503" => "Not ready or temporarily unavailable",
        _ => "See the error code in the body",
    }
}

/// A path's operations, whatever their methods.
fn operations_mut(
    item: &mut utoipa::openapi::path::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Every response has a description, as OpenAPI requires: routes that give none get the standard meaning of
/// their status.
fn describe_responses(api: &mut utoipa::openapi::OpenApi) {
    for item in api.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            for (status, response) in operation.responses.responses.iter_mut() {
                if let RefOr::T(response) = response
                    && response.description.is_empty()
                {
                    response.description = standard_description(status).to_owned();
                }
            }
        }
    }
}

/// Multipart upload forms: the server reads any other part (and ignores it) when its name is plain text; a name
/// with control characters or other bytes outside the text rule is refused.
fn name_form_fields(api: &mut utoipa::openapi::OpenApi) {
    let Some(components) = api.components.as_mut() else {
        return;
    };
    for name in ["UploadForm", "PaperUploadForm"] {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) {
            object.property_names = Some(Box::new(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[A-Za-z0-9_.-]{1,100}$"))
                    .into(),
            ));
        }
    }
}

/// Translation maps (`{"en": {...}, "cy": {...}}`) are keyed by locale; the derived schema names the keys with
/// the value's schema, which no valid body could satisfy.
fn key_translations_by_locale(api: &mut utoipa::openapi::OpenApi) {
    let Some(components) = api.components.as_mut() else {
        return;
    };
    for (name, schema) in components.schemas.iter_mut() {
        if let RefOr::T(Schema::Object(object)) = schema
            && name.starts_with("BTreeMap_")
        {
            object.property_names = Some(Box::new(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(crate::tenancy::SUPPORTED_LOCALES))
                    .into(),
            ));
            object.description = Some(
                "Keyed by locale: `en` (required) and `cy` where the council publishes in Welsh."
                    .into(),
            );
        }
    }
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

/// The answer for a request no route took: 405 with `Allow` when the path is a described one (another method
/// would have been taken), otherwise 404.
pub async fn no_route(
    req: actix_web::HttpRequest,
    known: actix_web::web::Data<crate::known_paths::KnownPaths>,
) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    let methods = known
        .methods_of(req.path())
        .filter(|methods| !methods.contains(&req.method().as_str()));
    match methods {
        Some(methods) => {
            let mut response = crate::error::ApiError::new(
                crate::error::ErrorCode::MethodNotAllowed,
                format!(
                    "{} is not allowed here; use {}.",
                    req.method(),
                    methods.join(", ")
                ),
            )
            .error_response();
            if let Ok(allow) = actix_web::http::header::HeaderValue::from_str(&methods.join(", ")) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::ALLOW, allow);
            }
            response
        }
        None => crate::error::ApiError::not_found("Route").error_response(),
    }
}
