//! Receiving a multipart upload: the file part is streamed to a temporary file under the storage root (hashed
//! and counted as it arrives, refused with 413 as soon as it passes the limit), the other parts are small
//! text fields. Nothing from the client is used as a path.
use std::{collections::HashMap, path::PathBuf};

use actix_multipart::Multipart;
use actix_web::{HttpRequest, http::header, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::error::{ApiError, ErrorCode};

/// How many leading bytes are kept to decide the file's type.
const HEAD_BYTES: usize = 64 * 1024;
/// The largest text field accepted.
const FIELD_BYTES: usize = 4096;

/// A received upload.
pub struct Received {
    /// The temporary file (under `<upload dir>/tmp/`), to be moved into storage or removed.
    pub temp: PathBuf,
    /// Its storage key relative to the upload directory.
    pub temp_key: String,
    pub size: u64,
    pub sha256: String,
    pub head: Vec<u8>,
    /// The file name the client gave (unsanitised; for display only after sanitising).
    pub file_name: String,
    pub fields: HashMap<String, String>,
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("The file is larger than this council's limit of {limit} bytes."),
    )
    .with_details(serde_json::json!({"limit_bytes": limit}))
}

fn unreadable() -> ApiError {
    ApiError::new(
        ErrorCode::BadRequest,
        "The upload could not be read as multipart/form-data with a `file` part.",
    )
}

/// A safe display name: letters, digits, dot, dash and underscore; no path.
pub fn sanitise_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_matches(['.', '-']).to_owned();
    if cleaned.is_empty() {
        "document".into()
    } else {
        cleaned
    }
}

/// Streams the request's parts: `file` to disk, the others into `fields`.
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    upload_dir: &std::path::Path,
    limit: u64,
) -> Result<Received, ApiError> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the upload as multipart/form-data.",
        ));
    }
    // A declared length well over the limit is refused before a byte is read.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit + 64 * 1024) {
        return Err(too_large(limit));
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut fields = HashMap::new();
    let mut file: Option<Received> = None;
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(|_| unreadable())?;
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" && file.is_none() {
            let file_name = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("file")
                .to_owned();
            let temp_key = format!("tmp/{}", Uuid::now_v7());
            let temp = upload_dir.join(&temp_key);
            if let Some(parent) = temp.parent() {
                tokio::fs::create_dir_all(parent)
                    .await
                    .map_err(|e| ApiError::internal(&e))?;
            }
            let mut out = tokio::fs::File::create(&temp)
                .await
                .map_err(|e| ApiError::internal(&e))?;
            let (mut size, mut hasher, mut head) = (0u64, Sha256::new(), Vec::new());
            let result: Result<(), ApiError> = async {
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|_| unreadable())?;
                    size += chunk.len() as u64;
                    if size > limit {
                        return Err(too_large(limit));
                    }
                    hasher.update(&chunk);
                    if head.len() < HEAD_BYTES {
                        let take = (HEAD_BYTES - head.len()).min(chunk.len());
                        head.extend_from_slice(&chunk[..take]);
                    }
                    out.write_all(&chunk)
                        .await
                        .map_err(|e| ApiError::internal(&e))?;
                }
                out.flush().await.map_err(|e| ApiError::internal(&e))
            }
            .await;
            if let Err(err) = result {
                drop(out);
                let _ = tokio::fs::remove_file(&temp).await;
                return Err(err);
            }
            file = Some(Received {
                temp,
                temp_key,
                size,
                sha256: hex::encode(hasher.finalize()),
                head,
                file_name,
                fields: HashMap::new(),
            });
        } else {
            let mut value = Vec::new();
            while let Some(chunk) = part.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                if value.len() + chunk.len() > FIELD_BYTES {
                    if let Some(f) = &file {
                        let _ = tokio::fs::remove_file(&f.temp).await;
                    }
                    return Err(ApiError::validation(&name, "at most 4096 bytes"));
                }
                value.extend_from_slice(&chunk);
            }
            fields.insert(name, String::from_utf8_lossy(&value).into_owned());
        }
    }
    let mut file = file.ok_or_else(unreadable)?;
    file.fields = fields;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths_and_odd_characters() {
        assert_eq!(sanitise_file_name("../../mill-lane.pdf"), "mill-lane.pdf");
        assert_eq!(sanitise_file_name("..\\..\\windows\\a b.pdf"), "a-b.pdf");
        assert_eq!(sanitise_file_name("/etc/shadow.pdf"), "shadow.pdf");
        assert_eq!(sanitise_file_name(".hidden"), "hidden");
        assert_eq!(sanitise_file_name("../.."), "document");
        assert_eq!(sanitise_file_name(""), "document");
        assert_eq!(sanitise_file_name(&"a".repeat(300)).len(), 100);
    }
}
