//! Cross-origin requests from browsers (CORS), so that a council's front-end on its own site can call Townhall.
//!
//! Two kinds of caller, two rules:
//! - **Public reads** carry no token (delivery REST, GraphQL without a token, feeds, files). Any origin may read
//!   them by default (`TOWNHALL_CORS_PUBLIC=*`); the setting can narrow them to a list of origins or to `none`.
//! - **Requests with a token** (preview, management) come only from origins that are listed: for every council in
//!   `TOWNHALL_CORS_ORIGINS`, or by the council itself in its `allowed_origins`. Where the council is in the URL
//!   (`/api/v1/councils/{council}/...`, `/delivery/v1/councils/{council}/...`, `/media/{council}/...`) its own
//!   list counts; where it is not (`/graphql`, sign-in), any council's list lets the preflight through, and the
//!   request itself is refused (403 `origin_not_allowed`) when the token's councils do not list the origin.
//!
//! No cookies are used (tokens travel in `Authorization`), so credentials mode is never allowed.
use actix_web::{
    HttpResponse, ResponseError,
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{
        Method,
        header::{self, HeaderMap, HeaderValue},
    },
    middleware::Next,
    web,
};

use crate::{
    auth::{
        extract::{Principal, optional_principal},
        store as auth_store,
    },
    config::Settings,
    error::{ApiError, ErrorCode},
    state::AppState,
    tenancy::store as council_store,
};

/// Methods a cross-origin caller may use.
pub const ALLOWED_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
/// Request headers a cross-origin caller may send (besides the always-allowed simple ones).
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, If-Match, If-None-Match";
/// Response headers a cross-origin caller may read.
pub const EXPOSED_HEADERS: &str =
    "ETag, Location, Retry-After, Content-Language, Last-Modified, Link, X-Request-Id";
/// How long a browser may keep a preflight answer (Chromium keeps at most two hours).
pub const MAX_AGE_SECS: u32 = 7200;

/// A web origin as a browser sends it in `Origin`: `http://` or `https://`, a host and an optional port, no path;
/// lowercased. `None` when `text` is not one.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim().to_ascii_lowercase();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with(['.', '-']);
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (host_ok && port_ok).then_some(text)
}

/// Which origins may read public answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicOrigins {
    Any,
    Listed(Vec<String>),
}

impl PublicOrigins {
    fn allows(&self, origin: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Listed(list) => list.iter().any(|o| o == origin),
        }
    }
}

/// The CORS settings, read once at start.
#[derive(Debug, Clone)]
pub struct Policy {
    pub public: PublicOrigins,
    /// Origins allowed with a token for every council.
    pub everywhere: Vec<String>,
}

impl Policy {
    /// Reads `cors_public` (`*`, `none` or a comma-separated list) and `cors_origins` (a comma-separated list).
    pub fn from_settings(settings: &Settings) -> Result<Self, String> {
        let public = match settings.cors_public.trim() {
            "*" => PublicOrigins::Any,
            "" | "none" => PublicOrigins::Listed(Vec::new()),
            list => PublicOrigins::Listed(origin_list("cors_public", list)?),
        };
        Ok(Self {
            public,
            everywhere: origin_list("cors_origins", &settings.cors_origins)?,
        })
    }
}

fn origin_list(setting: &str, list: &str) -> Result<Vec<String>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            parse_origin(o).ok_or_else(|| {
                format!("{setting}: {o:?} is not an origin such as https://www.example.gov.uk")
            })
        })
        .collect()
}

/// The council named in a request's path, if any.
fn council_in_path(path: &str) -> Option<&str> {
    let rest = path
        .strip_prefix("/api/v1/councils/")
        .or_else(|| path.strip_prefix("/delivery/v1/councils/"))
        .or_else(|| path.strip_prefix("/media/"))
        .or_else(|| path.strip_prefix("/files/"))
        .or_else(|| path.strip_prefix("/feeds/"))?;
    rest.split('/').next().filter(|slug| !slug.is_empty())
}

/// Whether `origin` may call with a token: listed for every council, or by the council in the path, or (no
/// council in the path) by one of `councils` (`None`: any council).
async fn token_origin_allowed(
    state: &AppState,
    policy: &Policy,
    origin: &str,
    path: &str,
    councils: Option<&[uuid::Uuid]>,
) -> Result<bool, ApiError> {
    if policy.everywhere.iter().any(|o| o == origin) {
        return Ok(true);
    }
    Ok(match council_in_path(path) {
        Some(slug) => council_store::council_allows_origin(&state.db, slug, origin).await?,
        None => council_store::any_council_allows_origin(&state.db, councils, origin).await?,
    })
}

/// The councils a token may act for (`None`: all of them, for platform administrators).
async fn councils_of(
    state: &AppState,
    principal: &Principal,
) -> Result<Option<Vec<uuid::Uuid>>, ApiError> {
    Ok(match principal {
        Principal::ApiToken { council_id, .. } => Some(vec![*council_id]),
        Principal::User {
            platform_admin: true,
            ..
        } => None,
        Principal::User { user_id, .. } => Some(
            auth_store::memberships_of(&state.db, *user_id)
                .await?
                .into_iter()
                .map(|m| m.council_id)
                .collect(),
        ),
    })
}

fn refused(origin: &str) -> HttpResponse {
    let mut response = ApiError::new(
        ErrorCode::OriginNotAllowed,
        format!(
            "Requests with a token are not allowed from {origin}. A council administrator can list it in the \
             council's allowed_origins."
        ),
    )
    .error_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Origin"));
    response
}

fn set_allow_origin(headers: &mut HeaderMap, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// Whether `origin` (as the browser sent it, already [`parse_origin`]d) is this server's own: the public address
/// (`TOWNHALL_PUBLIC_URL`, or the bound address), or the host and port the request was sent to with the public
/// address's scheme. Scheme, host and port must all match (default ports made explicit), so an `http://` page
/// is not taken for the `https://` site. Such a request is not cross-origin: Townhall's own pages (the admin app)
/// call the API from there.
pub fn is_own_origin(
    headers: &actix_web::http::header::HeaderMap,
    settings: &crate::config::Settings,
    origin: &str,
) -> bool {
    let public = settings.public_url.as_deref().and_then(parse_origin);
    if public.as_deref() == Some(origin) {
        return true;
    }
    let scheme = public
        .as_deref()
        .and_then(|p| p.split_once("://"))
        .map_or("http", |(scheme, _)| scheme);
    let Some((origin_scheme, origin_authority)) = origin.split_once("://") else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    origin_scheme == scheme
        && !host.is_empty()
        && with_port(scheme, origin_authority) == with_port(scheme, &host)
}

/// `host[:port]` with the scheme's default port written out.
fn with_port(scheme: &str, authority: &str) -> String {
    let has_port = authority.rsplit_once(':').is_some_and(|(host, port)| {
        !host.ends_with(':') && port.bytes().all(|b| b.is_ascii_digit())
    });
    if has_port {
        authority.to_owned()
    } else {
        let port = if scheme == "https" { 443 } else { 80 };
        format!("{authority}:{port}")
    }
}

/// The middleware: answers preflights, refuses requests with a token from origins that are not listed, and
/// marks the answers a browser on another origin may read.
pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_origin);
    let (Some(origin), Some(state), Some(policy)) = (
        origin,
        req.app_data::<web::Data<AppState>>().cloned(),
        req.app_data::<web::Data<Policy>>().cloned(),
    ) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if is_own_origin(req.headers(), &state.settings, &origin) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let path = req.path().to_owned();
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let with_token = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|asked| {
                asked
                    .split(',')
                    .any(|h| h.trim().eq_ignore_ascii_case("authorization"))
            });
        let listed = token_origin_allowed(&state, &policy, &origin, &path, None).await;
        let allowed = match listed {
            Ok(listed) => listed || (!with_token && policy.public.allows(&origin)),
            Err(error) => return Ok(req.into_response(error.error_response())),
        };
        if !allowed {
            return Ok(req.into_response(refused(&origin)));
        }
        let mut response = HttpResponse::NoContent().finish();
        let headers = response.headers_mut();
        set_allow_origin(headers, &origin);
        headers.append(
            header::VARY,
            HeaderValue::from_static(
                "Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from(MAX_AGE_SECS),
        );
        return Ok(req.into_response(response));
    }

    let with_token = req.headers().contains_key(header::AUTHORIZATION);
    let allowed = if with_token {
        // A token that does not authenticate is the handler's 401; the origin rule is then the path's.
        let principal = optional_principal(req.request(), &state).await;
        let councils = match &principal {
            Some(principal) => match councils_of(&state, principal).await {
                Ok(councils) => councils,
                Err(error) => return Ok(req.into_response(error.error_response())),
            },
            None => None,
        };
        match token_origin_allowed(&state, &policy, &origin, &path, councils.as_deref()).await {
            Ok(true) => true,
            Ok(false) => return Ok(req.into_response(refused(&origin))),
            Err(error) => return Ok(req.into_response(error.error_response())),
        }
    } else {
        policy.public.allows(&origin)
            || token_origin_allowed(&state, &policy, &origin, &path, None)
                .await
                .unwrap_or(false)
    };
    let public_any = !with_token && policy.public == PublicOrigins::Any;
    let mut response = next.call(req).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    if allowed {
        set_allow_origin(headers, if public_any { "*" } else { &origin });
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
    } else {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin("https://www.Cardiff.gov.uk").as_deref(),
            Some("https://www.cardiff.gov.uk")
        );
        assert_eq!(
            parse_origin("http://localhost:3000").as_deref(),
            Some("http://localhost:3000")
        );
        for bad in [
            "www.cardiff.gov.uk",
            "https://www.cardiff.gov.uk/",
            "https://www.cardiff.gov.uk/news",
            "ftp://example.org",
            "https://",
            "https://host:port",
            "null",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_council_is_read_from_the_paths_that_name_it() {
        assert_eq!(
            council_in_path("/api/v1/councils/cardiff/pages"),
            Some("cardiff")
        );
        assert_eq!(
            council_in_path("/delivery/v1/councils/leeds/route"),
            Some("leeds")
        );
        assert_eq!(council_in_path("/media/york/0190/a.png"), Some("york"));
        assert_eq!(council_in_path("/graphql"), None);
        assert_eq!(council_in_path("/api/v1/auth/login"), None);
        assert_eq!(council_in_path("/api/v1/councils"), None);
    }
}
