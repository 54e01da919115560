//! Reading a raw request body with a size limit, answering 413 in the API's error shape.
use actix_web::web;
use futures_util::StreamExt;

use crate::error::{ApiError, ErrorCode};

/// Reads the whole body (a handler's `web::Payload` or a middleware's), refusing it as soon as it passes `limit`
/// bytes.
pub async fn read_limited<S, E>(mut payload: S, limit: usize) -> Result<web::BytesMut, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
{
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(ErrorCode::BadRequest, "The request body could not be read.")
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                "The request body is too large.",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A raw-body upload's or download's body, for the OpenAPI document: any bytes (`type: string, format: binary`).
#[allow(dead_code)]
pub struct RawFile;

impl utoipa::PartialSchema for RawFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .into()
    }
}

impl utoipa::ToSchema for RawFile {}

/// Whether the request came without a body (no `Content-Length`, or 0, and no `Transfer-Encoding`), for
/// endpoints whose body is optional: a body that is sent is read and checked like any other.
pub fn is_absent(req: &actix_web::HttpRequest) -> bool {
    use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
    let headers = req.headers();
    let length_zero = headers
        .get(CONTENT_LENGTH)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.trim() == "0"));
    length_zero && !headers.contains_key(TRANSFER_ENCODING)
}
