//! The text rule at the HTTP door: before any handler runs, the path, every query parameter and every JSON
//! body are checked, so that no handler (and no database) ever sees a control character. A refusal is a 422
//! naming the parameter or the body's field; text that is not UTF-8 is a 400. `/graphql` checks its own
//! arguments and variables and answers in GraphQL's shape; multipart fields, CSV and imported XML are checked
//! where they are read.
//!
//! A JSON body is judged as its handler will read it: every media type the JSON extractor takes
//! (`application/json`, `text/json`, `application/*+json`), after undoing its `Content-Encoding` (gzip, deflate,
//! br, zstd). The decoded body is handed on without the encoding, so the handler reads exactly what was judged.
use actix_web::{
    HttpMessage, ResponseError,
    body::{BoxBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::Next,
    web,
};

use crate::{
    error::{ApiError, ErrorCode},
    state::AppState,
};

/// Percent-decodes `text` (and `+` as a space when `plus` says so), answering `None` when the bytes are not
/// UTF-8.
fn decode(text: &str, plus: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|&h| char::from(h).to_digit(16))
                .map(|d| d as u8)
        };
        match b {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn not_utf8(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::BadRequest,
        format!("The {what} is not valid UTF-8 once percent-decoded."),
    )
}

/// The path and the query string of a request.
fn check_address(path: &str, query: &str, graphql: bool) -> Result<(), ApiError> {
    let decoded = decode(path, false).ok_or_else(|| not_utf8("address's path"))?;
    super::check("path", &decoded, false)?;
    // GraphQL's query string carries a multi-line document; `/graphql` checks what it holds itself.
    if graphql {
        return Ok(());
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name, true).ok_or_else(|| not_utf8("name of a query parameter"))?;
        super::check("query parameter name", &name, false)?;
        let value =
            decode(value, true).ok_or_else(|| not_utf8(&format!("query parameter `{name}`")))?;
        super::check(&name, &value, false)?;
        super::check_date_text(&name, &value)?;
    }
    Ok(())
}

/// Whether the body is one the JSON extractor reads: a media type whose subtype is `json` or ends in `+json`,
/// whatever its type (`text/json` included).
fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .and_then(|v| v.split_once('/').map(|(_, sub)| sub.to_owned()))
        .is_some_and(|sub| sub == "json" || sub.ends_with("+json"))
}

/// Reads a JSON body (decoded, at most the JSON limit), checks its strings and puts the decoded body back for
/// the handler. A body that is not JSON goes on as it came, for the handler's own 400.
async fn check_json_body(req: &mut ServiceRequest, limit: usize) -> Result<(), ApiError> {
    // The limit bounds the decoded size, so a small compressed body cannot unpack into a large one here.
    let decoded = actix_web::dev::Decompress::from_headers(req.take_payload(), req.headers());
    let body = crate::body::read_limited(decoded, limit).await?.freeze();
    req.headers_mut().remove(header::CONTENT_ENCODING);
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        header::HeaderValue::from(body.len()),
    );
    let parsed = serde_json::from_slice::<serde_json::Value>(&body);
    req.set_payload(Payload::from(body));
    match parsed {
        Ok(value) => super::check_json(&value),
        Err(_) => Ok(()),
    }
}

/// The longest address (path and query string) read, in bytes: longer ones are refused with 414 before
/// anything else. (Past 64 KiB the HTTP layer itself refuses a request line, before Townhall sees it, with an
/// empty 400.)
pub const MAX_ADDRESS_BYTES: usize = 8 * 1024;

/// A management call with neither a bearer token nor the session cookie, to a route other than those that take
/// a body from people not signed in (signing in, password resets, accepting an invitation).
fn needs_sign_in(req: &ServiceRequest) -> bool {
    let path = req.path();
    path.starts_with("/api/")
        && !path.starts_with("/api/v1/auth/")
        && !path.starts_with("/api/v1/invitations/")
        && !req
            .headers()
            .contains_key(actix_web::http::header::AUTHORIZATION)
        && req.cookie(crate::auth::rest::SESSION_COOKIE).is_none()
}

/// The middleware.
pub async fn text_rule(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let length = req.path().len() + req.query_string().len();
    // GraphQL's GET carries a whole query document, with its own limit.
    if length > MAX_ADDRESS_BYTES && req.path() != "/graphql" {
        let error = ApiError::new(
            ErrorCode::UriTooLong,
            format!("The address is {length} bytes long; at most {MAX_ADDRESS_BYTES} are read."),
        );
        return Ok(req.into_response(error.error_response()));
    }
    let graphql = req.path() == "/graphql";
    if let Err(error) = check_address(req.path(), req.query_string(), graphql) {
        return Ok(req.into_response(error.error_response()));
    }
    let has_body = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH);
    if has_body && !graphql && is_json(&req) {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.settings.max_json_body_bytes)
            .unwrap_or(1024 * 1024);
        let routed_elsewhere = req
            .app_data::<web::Data<crate::known_paths::KnownPaths>>()
            .and_then(|known| known.methods_of(req.path()))
            .is_some_and(|methods| !methods.contains(&req.method().as_str()));
        // A described path with a method it lacks is answered 405 by the router, which runs no handler: its body
        // is not judged.
        if routed_elsewhere {
            return Ok(next.call(req).await?.map_into_boxed_body());
        }
        if let Err(error) = check_json_body(&mut req, limit).await {
            // Without credentials, a route that needs them refuses the request (401) whatever its body holds,
            // as its handler would; the body's fault is told to those who may send it.
            let error = if needs_sign_in(&req) {
                ApiError::from(crate::auth::AuthError::MissingToken)
            } else {
                error
            };
            return Ok(req.into_response(error.error_response()));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_query_parameters_are_decoded_then_judged() {
        assert!(
            check_address(
                "/delivery/v1/councils/bristol/pages",
                "path=%2Fbins&limit=5",
                false
            )
            .is_ok()
        );
        assert!(check_address("/x/caf%C3%A9", "q=r%C3%A9sum%C3%A9+2", false).is_ok());

        let nul = check_address("/api/v1/councils/a%00b", "", false).expect_err("NUL in the path");
        assert_eq!(nul.code, ErrorCode::ValidationFailed);
        assert_eq!(nul.details.expect("details")["fields"][0]["field"], "path");

        let q = check_address("/x", "limit=5&q=bins%0Aday", false).expect_err("LF in q");
        assert_eq!(q.details.expect("details")["fields"][0]["field"], "q");

        let bad = check_address("/x/%FF", "", false).expect_err("not UTF-8");
        assert_eq!(bad.code, ErrorCode::BadRequest);
        assert_eq!(
            check_address("/x", "q=%C3", false)
                .expect_err("half a character")
                .code,
            ErrorCode::BadRequest
        );
        // A lone percent sign is itself.
        assert!(check_address("/x", "q=100%", false).is_ok());
        // GraphQL's document may span lines.
        assert!(check_address("/graphql", "query=%7B%0A%20x%20%7D", true).is_ok());
    }
}
