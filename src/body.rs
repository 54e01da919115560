//! Reading a raw request body with a size limit, answering 413 in the API's error shape.
use actix_web::web;
use futures_util::StreamExt;

use crate::error::{ApiError, ErrorCode};

/// Reads the whole body, refusing it as soon as it passes `limit` bytes.
pub async fn read_limited(
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::BytesMut, ApiError> {
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
