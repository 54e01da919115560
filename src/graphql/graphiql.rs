//! GraphiQL, served from the binary: its page and the pinned GraphiQL and React builds (vendored from the npm
//! registry into `assets/vendor/` by `npm run vendor`; CI checks they match `package-lock.json`). The page loads
//! nothing from anywhere else, so it works offline and behind a council's proxy.
use std::sync::LazyLock;

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{self, ContentType},
    web,
};
use sha2::{Digest, Sha256};

use crate::{
    error::{ApiError, ErrorCode},
    preconditions::not_modified,
    state::AppState,
};

/// The page: everything it loads is under `/graphiql/assets/`.
pub const PAGE: &str = include_str!("../../assets/graphiql/index.html");

/// What the page may load and where it may connect: this server only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The embedded files, by name: (name, content type, bytes). `EMBEDDED_PATHS` in the Dockerfile test lists the
/// folders these come from.
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/vendor/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/react-dom.production.min.js"),
    ),
    (
        "init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/init.js"),
    ),
];

/// Each asset's strong ETag: the first 16 bytes of its SHA-256, computed once.
static ETAGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|(_, _, bytes)| format!("\"{}\"", hex::encode(&Sha256::digest(bytes)[..16])))
        .collect()
});

/// The GraphiQL page.
pub fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(PAGE)
}

/// `GET /graphiql/assets/{name}`: an embedded file, cached for a day and revalidated by its ETag.
/// Off, like the page, where GraphiQL is off (production mode unless enabled).
pub async fn asset(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let found = ASSETS.iter().position(|(n, _, _)| *n == name.as_str());
    let Some(index) = found.filter(|_| state.settings.graphiql_enabled()) else {
        return Err(ApiError::new(ErrorCode::NotFound, "No such file."));
    };
    let (_, content_type, bytes) = ASSETS[index];
    let etag = ETAGS[index].as_str();
    if not_modified(&req, etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::CONTENT_TYPE, content_type))
        .body(bytes))
}
