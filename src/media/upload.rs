//! Receiving an upload, for the media library (multipart) and meeting papers (the body is the file): the file
//! is streamed to a temporary file under the storage root (hashed and counted as it arrives, refused with 413
//! as soon as it passes the council's limit), its type decided from its bytes (415 otherwise), then moved into
//! the store under a key the server makes. Other multipart parts are small text fields. Nothing from the
//! client is used as a path.
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use actix_multipart::Multipart;
use actix_web::{HttpRequest, http::header, web};
use futures_util::StreamExt;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::{DEFAULT_MAX_BYTES, detect};
use crate::{
    error::{ApiError, ErrorCode},
    state::BlobStore,
    tenancy::Tenant,
};

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

/// A file being received: written to a temporary file under the upload directory, hashed and counted as it
/// arrives, its first bytes kept for [`detect`](super::detect), refused with 413 as soon as it passes the limit.
struct Spool {
    temp: PathBuf,
    temp_key: String,
    out: tokio::fs::File,
    size: u64,
    hasher: Sha256,
    head: Vec<u8>,
    limit: u64,
}

impl Spool {
    async fn create(upload_dir: &Path, limit: u64) -> Result<Self, ApiError> {
        let temp_key = format!("tmp/{}", Uuid::now_v7());
        let temp = upload_dir.join(&temp_key);
        if let Some(parent) = temp.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|e| ApiError::internal(&e))?;
        }
        let out = tokio::fs::File::create(&temp)
            .await
            .map_err(|e| ApiError::internal(&e))?;
        Ok(Self {
            temp,
            temp_key,
            out,
            size: 0,
            hasher: Sha256::new(),
            head: Vec::new(),
            limit,
        })
    }

    async fn write(&mut self, chunk: &[u8]) -> Result<(), ApiError> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(too_large(self.limit));
        }
        self.hasher.update(chunk);
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head
                .extend_from_slice(chunk.get(..take).unwrap_or_default());
        }
        self.out
            .write_all(chunk)
            .await
            .map_err(|e| ApiError::internal(&e))
    }

    /// Reads a stream of chunks to its end; on any failure the temporary file is removed.
    async fn fill<S, E>(mut self, mut chunks: S) -> Result<Self, ApiError>
    where
        S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    {
        let result: Result<(), ApiError> = async {
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk.map_err(|_| unreadable())?;
                self.write(&chunk).await?;
            }
            self.out.flush().await.map_err(|e| ApiError::internal(&e))
        }
        .await;
        match result {
            Ok(()) => Ok(self),
            Err(err) => {
                let Self { out, temp, .. } = self;
                drop(out);
                let _ = tokio::fs::remove_file(&temp).await;
                Err(err)
            }
        }
    }

    fn finish(self, file_name: String) -> Received {
        Received {
            temp: self.temp,
            temp_key: self.temp_key,
            size: self.size,
            sha256: hex::encode(self.hasher.finalize()),
            head: self.head,
            file_name,
            fields: HashMap::new(),
        }
    }
}

/// A declared length well over the limit is refused before a byte is read (`slack`: what the envelope may add).
fn check_declared(req: &HttpRequest, limit: u64, slack: u64) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit.saturating_add(slack)) {
        return Err(too_large(limit));
    }
    Ok(())
}

/// Whether the request's body is `multipart/form-data`.
pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Streams the request's parts: `file` to disk, the others into `fields`.
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    upload_dir: &Path,
    limit: u64,
) -> Result<Received, ApiError> {
    if !is_multipart(req) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the upload as multipart/form-data.",
        ));
    }
    check_declared(req, limit, 64 * 1024)?;
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut fields = HashMap::new();
    let mut file: Option<Received> = None;
    let read: Result<(), ApiError> = async {
        while let Some(part) = multipart.next().await {
            let mut part = part.map_err(|_| unreadable())?;
            let name = part.name().unwrap_or_default().to_owned();
            if name == "file" && file.is_none() {
                let file_name = part
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or("file")
                    .to_owned();
                crate::text::check("file", &file_name, false)?;
                let spool = Spool::create(upload_dir, limit)
                    .await?
                    .fill(&mut part)
                    .await?;
                file = Some(spool.finish(file_name));
            } else {
                let mut value = Vec::new();
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|_| unreadable())?;
                    if value.len() + chunk.len() > FIELD_BYTES {
                        return Err(ApiError::validation(&name, "at most 4096 bytes"));
                    }
                    value.extend_from_slice(&chunk);
                }
                crate::text::check("multipart field name", &name, false)?;
                let value = String::from_utf8(value)
                    .map_err(|_| ApiError::validation(&name, "must be UTF-8 text"))?;
                crate::text::check(&name, &value, crate::text::is_multi_line_field(&name))?;
                fields.insert(name, value);
            }
        }
        Ok(())
    }
    .await;
    if let Err(err) = read {
        // A file already received does not outlive a request that failed after it.
        if let Some(f) = &file {
            f.discard().await;
        }
        return Err(err);
    }
    let mut file = file.ok_or_else(unreadable)?;
    file.fields = fields;
    Ok(file)
}

/// Streams a request whose whole body is the file (a meeting paper) to disk, the same way as a multipart
/// upload's `file` part; `file_name` is the name the client gave elsewhere (a query parameter).
pub async fn receive_body(
    req: &HttpRequest,
    payload: web::Payload,
    upload_dir: &Path,
    limit: u64,
    file_name: &str,
) -> Result<Received, ApiError> {
    check_declared(req, limit, 0)?;
    let spool = Spool::create(upload_dir, limit)
        .await?
        .fill(payload)
        .await?;
    Ok(spool.finish(file_name.to_owned()))
}

/// The upload limit of a council: its own, or [`DEFAULT_MAX_BYTES`].
pub async fn limit_of(db: &impl ConnectionTrait, tenant: &Tenant) -> Result<u64, ApiError> {
    let council = crate::tenancy::store::get(tenant, db).await?;
    Ok(council
        .media_max_bytes
        .map(|b| Ord::max(b, 0) as u64)
        .unwrap_or(DEFAULT_MAX_BYTES))
}

impl Received {
    /// The file's type, decided from its bytes by the library's rules ([`detect::detect`]); anything else is
    /// refused with 415.
    pub fn accepted_type(&self) -> Result<&'static str, ApiError> {
        detect::detect(&self.head, &self.file_name).ok_or_else(|| {
            ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "That type of file is not accepted: upload PDF, DOCX, XLSX, ODT, ODS, CSV, text, PNG, JPEG, WebP or GIF.",
            )
        })
    }

    /// Removes the temporary file (done once the request is over, whatever happened).
    pub async fn discard(&self) {
        let _ = tokio::fs::remove_file(&self.temp).await;
    }

    /// Moves the file into the store under a new key of the council (`<council id>/<new id>`).
    pub async fn keep(&self, blobs: &dyn BlobStore, tenant: &Tenant) -> Result<Kept, ApiError> {
        let id = Uuid::now_v7();
        let key = format!("{}/{}", tenant.id(), id);
        blobs
            .put_file(&key, &self.temp)
            .await
            .map_err(|e| ApiError::internal(&e))?;
        Ok(Kept {
            id,
            key,
            size: self.size,
            sha256: self.sha256.clone(),
        })
    }
}

/// A received file now in the store, before its record is written (so that no transaction stays open while a
/// large file is sent to the store).
#[derive(Debug, Clone)]
pub struct Kept {
    /// The id its record is to have.
    pub id: Uuid,
    pub key: String,
    pub size: u64,
    pub sha256: String,
}

impl Kept {
    /// Removes the stored bytes of a file whose record was never written (the write failed).
    pub async fn discard(&self, blobs: &dyn BlobStore) {
        if let Err(e) = blobs.delete(&self.key).await {
            tracing::warn!(key = %self.key, error = %e, "could not remove the bytes of a file that was not recorded");
        }
    }
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
