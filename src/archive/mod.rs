//! Export and restore one council: every record of it (content and democratic records with their revisions,
//! media metadata and bytes, settings, members without password hashes, webhooks without secrets) in one archive
//! with a manifest of SHA-256s, and its restore into an empty or another instance, on either database.
//!
//! Wiring: it reads and writes every council table through its entity, which only a module above the features
//! may name. Restores are all or nothing: the archive is checked whole first; the records go in one transaction;
//! files stored before a failed transaction are removed again.
pub mod pack;
pub mod rest;
pub mod tables;
mod walls;

use std::{
    collections::{BTreeMap, HashMap},
    fs::File,
    io::Write,
};

use chrono::Utc;
use migration::MigratorTrait;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, IsolationLevel,
    TransactionTrait,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    auth::{password, store as auth_store, tokens::generate_opaque},
    state::BlobStore,
    tenancy::{model as council_model, store as council_store},
};
use pack::{Manifest, ManifestCouncil, Unpacked};
use tables::Rows;

/// Why an export or an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("no council {0:?}")]
    NoCouncil(String),
    #[error("the archive is damaged or altered, and nothing was imported: {0}")]
    Damaged(String),
    #[error("the archive cannot be imported here: {0}")]
    Unsupported(String),
    #[error("the archive's records do not read as this Townhall's: {0}")]
    Unreadable(String),
    #[error("a council with the slug {0:?} already exists: choose another with --slug")]
    SlugTaken(String),
    #[error("{0}")]
    InvalidSlug(String),
    #[error("the archive is too large to restore here: {0}")]
    TooLarge(String),
    #[error("the archive reaches outside its council, and nothing was imported: {0}")]
    Reaches(String),
    #[error("the archive holds what this Townhall does not accept, and nothing was imported: {0}")]
    Invalid(String),
    #[error("the file {key} of {table} {id} is missing from storage")]
    MissingFile {
        table: &'static str,
        id: String,
        key: String,
    },
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}

impl ArchiveError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// The error in one stable word, for the log (which never holds the archive's text).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoCouncil(_) => "no_council",
            Self::Damaged(_) => "damaged",
            Self::Unsupported(_) => "unsupported",
            Self::Unreadable(_) => "unreadable",
            Self::SlugTaken(_) => "slug_taken",
            Self::InvalidSlug(_) => "invalid_slug",
            Self::TooLarge(_) => "too_large",
            Self::Reaches(_) => "reaches_outside",
            Self::Invalid(_) => "invalid",
            Self::MissingFile { .. } => "missing_file",
            Self::Db(_) | Self::Internal(_) => "failed",
        }
    }
}

/// The last migration of this build: archives restore only into the schema they were written from.
pub fn schema_version() -> String {
    migration::Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned())
        .unwrap_or_default()
}

/// A member's account, as the archive carries it: no password hash, no sessions, no platform role.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ArchivedUser {
    id: Uuid,
    email: String,
    display_name: String,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
}

/// Writes the council `slug`'s archive to `out`, read in one transaction so that its parts agree. Compressing and
/// writing happen on the blocking pool, a part at a time, while the next part is read.
pub async fn export_council(
    db: &DatabaseConnection,
    blobs: &dyn BlobStore,
    slug: &str,
    out: impl Write + Send + 'static,
    now: chrono::DateTime<Utc>,
) -> Result<Manifest, ArchiveError> {
    let council = council_store::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| ArchiveError::NoCouncil(slug.to_owned()))?;
    let txn = match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), None)
                .await?
        }
        _ => db.begin().await?,
    };
    let councils = tables::dump::<council_model::Entity>(&txn, council.id).await?;
    let records = tables::dump_all(&txn, council.id).await?;
    let document_texts = tables::dump_document_texts(&txn, council.id).await?;
    let users = member_accounts(&txn, records.get("memberships")).await?;
    txn.commit().await?;

    let heading = ManifestCouncil {
        id: council.id,
        slug: council.slug,
        name: council.name,
    };
    let (parts, mut received) = tokio::sync::mpsc::channel::<Piece>(2);
    let mtime = now.timestamp().max(0) as u64;
    let writing = tokio::task::spawn_blocking(move || -> Result<Manifest, ArchiveError> {
        let mut writer = pack::Writer::new(out, mtime);
        while let Some(piece) = received.blocking_recv() {
            match piece {
                Piece::Part(name, bytes, rows) => writer
                    .add(&name, &bytes, rows)
                    .map_err(ArchiveError::internal)?,
                Piece::End => {
                    return writer
                        .finish(schema_version(), heading)
                        .map_err(ArchiveError::internal);
                }
            }
        }
        // The reading side stopped on an error, which it reports; no manifest is written.
        Err(ArchiveError::internal("the export stopped"))
    });
    let reading = async {
        let send = |piece: Piece| async {
            parts
                .send(piece)
                .await
                .map_err(|_| ArchiveError::internal("the archive writer stopped"))
        };
        let tables = [
            ("councils", &councils),
            ("users", &users),
            ("document_texts", &document_texts),
        ]
        .into_iter()
        .chain(records.iter().map(|(name, rows)| (*name, rows)));
        for (name, rows) in tables {
            send(Piece::Part(
                format!("records/{name}.json"),
                rows_json(rows)?,
                Some(rows.len()),
            ))
            .await?;
        }
        for (table, key, id) in stored_files(&records) {
            let bytes = blobs
                .get(&key)
                .await
                .map_err(ArchiveError::internal)?
                .ok_or_else(|| ArchiveError::MissingFile {
                    table,
                    id: id.clone(),
                    key: key.clone(),
                })?;
            send(Piece::Part(format!("files/{key}"), bytes, None)).await?;
        }
        send(Piece::End).await
    };
    let read = reading.await;
    drop(parts);
    let written = writing.await.map_err(ArchiveError::internal)?;
    // A reading error is the cause; the writer's "stopped" follows from it.
    read?;
    written
}

/// What the reading side hands the archive's writer.
enum Piece {
    /// A part's name, bytes and, for records, row count.
    Part(String, Vec<u8>, Option<usize>),
    /// Everything is sent: write the manifest.
    End,
}

/// One row per line, so that two archives' records can be compared with ordinary tools.
fn rows_json(rows: &Rows) -> Result<Vec<u8>, ArchiveError> {
    let mut out = b"[\n".to_vec();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut out, row).map_err(ArchiveError::internal)?;
    }
    out.extend_from_slice(b"\n]\n");
    Ok(out)
}

/// The accounts of the council's members.
async fn member_accounts(
    db: &impl ConnectionTrait,
    memberships: Option<&Rows>,
) -> Result<Rows, ArchiveError> {
    let ids: Vec<Uuid> = memberships
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("user_id")?.as_str()?.parse().ok())
        .collect();
    let mut users = Vec::new();
    for u in auth_store::find_users(db, ids).await? {
        let archived = ArchivedUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            created_at: chrono::SubsecRound::trunc_subsecs(u.created_at, 6),
            updated_at: chrono::SubsecRound::trunc_subsecs(u.updated_at, 6),
        };
        users.push(serde_json::to_value(archived).map_err(ArchiveError::internal)?);
    }
    users.sort_by_cached_key(|u| u.get("id").map(Value::to_string).unwrap_or_default());
    Ok(users)
}

/// The stored files the records name: (table, storage key, row id), for media and papers alike.
fn stored_files(records: &BTreeMap<&'static str, Rows>) -> Vec<(&'static str, String, String)> {
    let mut keys = Vec::new();
    for table in ["media", "documents"] {
        for row in records.get(table).into_iter().flatten() {
            if let (Some(key), Some(id)) = (
                row.get("storage_key").and_then(Value::as_str),
                row.get("id").and_then(Value::as_str),
            ) {
                keys.push((table, key.to_owned(), id.to_owned()));
            }
        }
    }
    keys.sort_by(|a, b| a.1.cmp(&b.1));
    keys.dedup_by(|a, b| a.1 == b.1);
    keys
}

/// What an import did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Restored {
    pub council_id: Uuid,
    pub slug: String,
    /// Whether every id was given anew (the council's id was already in use here).
    pub rekeyed: bool,
    /// Rows restored per table.
    pub rows: BTreeMap<String, usize>,
    pub files: usize,
    /// Members whose accounts already existed here (matched by email) and were linked, not created.
    pub linked_accounts: usize,
    /// Accounts created for members: they have no password and set one with "forgot password".
    pub created_accounts: usize,
    /// The restored webhooks' new signing secrets (the archive never carries secrets), shown once.
    pub webhooks: Vec<RestoredWebhook>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RestoredWebhook {
    pub id: Uuid,
    pub url: String,
    pub secret: String,
}

/// Restores the archive (see [`import_council`]) and writes one entry for the run in the platform's audit log
/// (by whoever the request's context names): what was restored, with counts. A refused archive writes nothing,
/// not even there; the refusal is logged by its kind. The command line and the endpoint both restore through
/// here.
pub async fn restore(
    db: &DatabaseConnection,
    blobs: &dyn BlobStore,
    input: File,
    new_slug: Option<&str>,
    limits: pack::Limits,
) -> Result<Restored, ArchiveError> {
    let restored = import_council(db, blobs, input, new_slug, limits)
        .await
        .inspect_err(|e| tracing::warn!(reason = e.kind(), "a council archive was refused"))?;
    let event = crate::audit::Event::new(None, "council.restored")
        .target("council", restored.council_id)
        .detail(format!(
            "slug={} rows={} files={} linked_accounts={} created_accounts={} webhooks={} rekeyed={}",
            restored.slug,
            restored.rows.values().sum::<usize>(),
            restored.files,
            restored.linked_accounts,
            restored.created_accounts,
            restored.webhooks.len(),
            restored.rekeyed
        ));
    crate::audit::record(db, event).await;
    Ok(restored)
}

/// Restores the archive read from `input` as a new council (named `new_slug` when given). Every part is checked
/// first; then the files are stored and the records written in one transaction. Nothing stays when any step
/// fails.
pub async fn import_council(
    db: &DatabaseConnection,
    blobs: &dyn BlobStore,
    input: File,
    new_slug: Option<&str>,
    limits: pack::Limits,
) -> Result<Restored, ArchiveError> {
    let unpacked = tokio::task::spawn_blocking(move || pack::unpack(input, limits))
        .await
        .map_err(ArchiveError::internal)??;
    let manifest = &unpacked.manifest;
    if manifest.schema != schema_version() {
        return Err(ArchiveError::Unsupported(format!(
            "it was written with database schema {}, and this Townhall has {}: import it with a Townhall of \
             that version, then upgrade",
            manifest.schema,
            schema_version()
        )));
    }
    let mut records: BTreeMap<String, Rows> = BTreeMap::new();
    for part in &manifest.parts {
        if let Some(table) = part
            .name
            .strip_prefix("records/")
            .and_then(|t| t.strip_suffix(".json"))
        {
            let rows: Rows = serde_json::from_slice(&unpacked.read(&part.name)?)
                .map_err(|e| ArchiveError::Unreadable(format!("{}: {e}", part.name)))?;
            records.insert(table.to_owned(), rows);
        }
    }
    for table in records.keys() {
        let known = ["councils", "users", "document_texts"].contains(&table.as_str())
            || tables::TABLES.contains(&table.as_str());
        if !known {
            return Err(ArchiveError::Unreadable(format!("unknown table {table}")));
        }
    }

    let council_row = match records.remove("councils").as_deref() {
        Some([row]) => row.clone(),
        _ => {
            return Err(ArchiveError::Unreadable(
                "records/councils.json must hold one council".into(),
            ));
        }
    };
    let mut council: council_model::Model = serde_json::from_value(council_row)
        .map_err(|e| ArchiveError::Unreadable(format!("councils: {e}")))?;
    owned_by_the_council(&unpacked.manifest, council.id, &records)?;
    if let Some(slug) = new_slug {
        council.slug = council_model::validate_slug(slug)
            .map_err(|e| ArchiveError::InvalidSlug(e.to_string()))?;
    }
    walls::validate_council(&mut council, new_slug.is_none())?;
    walls::validate_people(&records)?;
    for (table, rows) in &records {
        for (n, row) in rows.iter().enumerate() {
            walls::text_of(table, n + 1, row)?;
        }
    }
    if council_store::find_by_slug(db, &council.slug)
        .await?
        .is_some()
    {
        return Err(ArchiveError::SlugTaken(council.slug));
    }

    // Ids: kept, unless the council's id is taken here (a copy restored beside its original), when every id of
    // the archive is given anew; member accounts that exist here (same email) are linked instead of created.
    let mut remap: HashMap<String, String> = HashMap::new();
    let rekeyed = council_model::Entity::find_by_id(council.id)
        .one(db)
        .await?
        .is_some();
    let walled = walls::check_references(db, council.id, &records, rekeyed).await?;
    if rekeyed {
        let mut ids: Vec<String> = vec![council.id.to_string()];
        for rows in records.values() {
            ids.extend(rows.iter().filter_map(|r| {
                let id = walls::canonical(r.get("id")?.as_str()?)?;
                Some(id.to_string())
            }));
        }
        ids.sort();
        ids.dedup();
        for id in ids {
            remap.insert(id, Uuid::now_v7().to_string());
        }
    }
    let users: Vec<ArchivedUser> = records
        .remove("users")
        .map(|rows| serde_json::from_value(Value::Array(rows)))
        .transpose()
        .map_err(|e| ArchiveError::Unreadable(format!("users: {e}")))?
        .unwrap_or_default();
    let mut to_create = Vec::new();
    let mut linked_accounts = 0;
    for u in users {
        let id = u.id.to_string();
        match auth_store::find_user_by_email(db, &u.email)
            .await
            .map_err(ArchiveError::internal)?
        {
            Some(existing) => {
                linked_accounts += 1;
                remap.insert(id, existing.id.to_string());
            }
            None => {
                let free = auth_store::find_user(db, u.id)
                    .await
                    .map_err(ArchiveError::internal)?
                    .is_none();
                let id_here = if free && !rekeyed {
                    u.id
                } else {
                    Uuid::now_v7()
                };
                remap.insert(id, id_here.to_string());
                to_create.push(ArchivedUser { id: id_here, ..u });
            }
        }
    }
    for stranger in walled.strangers {
        remap.insert(stranger.to_string(), Uuid::now_v7().to_string());
    }
    remap.retain(|from, to| from != to);
    let mut council_json = serde_json::to_value(&council).map_err(ArchiveError::internal)?;
    rekey(&mut council_json, &remap)?;
    let council: council_model::Model =
        serde_json::from_value(council_json).map_err(ArchiveError::internal)?;
    for rows in records.values_mut() {
        for row in rows.iter_mut() {
            rekey(row, &remap)?;
        }
    }

    // Webhooks get new secrets, reported once. Their addresses must be web addresses, as the API asks; where they
    // point is checked again at every delivery (no private addresses unless the instance allows them).
    let mut webhooks = Vec::new();
    for row in records.get_mut("webhooks").into_iter().flatten() {
        let url = row.get("url").and_then(Value::as_str).unwrap_or_default();
        let web_address = reqwest::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !web_address || url.len() > 2048 {
            return Err(ArchiveError::Invalid(
                "a webhook's url must be an http:// or https:// address".into(),
            ));
        }
        let secret = generate_opaque("whsec_");
        if let (Some(id), Some(url)) = (
            row.get("id")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok()),
            row.get("url").and_then(Value::as_str).map(str::to_owned),
        ) {
            webhooks.push(RestoredWebhook {
                id,
                url,
                secret: secret.clone(),
            });
        }
        if let Value::Object(fields) = row {
            fields.insert("secret".into(), Value::String(secret));
        }
    }

    // Accounts created here have a password nobody knows: the member sets one with "forgot password".
    let mut new_users = Vec::new();
    for u in &to_create {
        let hash = password::hash_password(
            password::HashCost::OWASP,
            SecretString::from(generate_opaque("unset_")),
        )
        .await
        .map_err(ArchiveError::internal)?;
        new_users.push((u.clone(), hash));
    }

    let rows: BTreeMap<String, usize> = records.iter().map(|(t, r)| (t.clone(), r.len())).collect();
    let files = store_files(blobs, &unpacked, &remap).await?;
    let written = write_records(db, &council, new_users, records).await;
    if let Err(e) = written {
        for key in &files {
            if let Err(err) = blobs.delete(key).await {
                tracing::warn!(key, error = %err, "a file stored by a failed import could not be removed");
            }
        }
        return Err(e);
    }
    Ok(Restored {
        council_id: council.id,
        slug: council.slug,
        rekeyed,
        rows,
        files: files.len(),
        linked_accounts,
        created_accounts: to_create.len(),
        webhooks,
    })
}

/// Everything in the archive is the one council's: no row names another council (or none), no file key lies
/// outside the council's own, and every membership is of an account the archive carries. An archive that says
/// otherwise (altered, or made by hand) could put records into another council or point at its files: it is
/// refused whole.
fn owned_by_the_council(
    manifest: &Manifest,
    council: Uuid,
    records: &BTreeMap<String, Rows>,
) -> Result<(), ArchiveError> {
    let refuse = |what: String| Err(ArchiveError::Unreadable(what));
    if manifest.council.id != council {
        return refuse("the manifest and records/councils.json name different councils".into());
    }
    let id = council.to_string();
    let own_key = |key: &str| {
        key.strip_prefix(&id)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.is_empty())
    };
    for (table, rows) in records {
        if table == "users" {
            continue;
        }
        for (n, row) in rows.iter().enumerate() {
            if row.get("council_id").and_then(Value::as_str) != Some(id.as_str()) {
                return refuse(format!("{table} row {} belongs to another council", n + 1));
            }
            if let Some(key) = row.get("storage_key")
                && !key.as_str().is_some_and(own_key)
            {
                return refuse(format!(
                    "{table} row {} names a file of another council",
                    n + 1
                ));
            }
        }
    }
    // Every file is one a record names: a part no record names would be stored and never found again.
    let named: std::collections::BTreeSet<&str> = records
        .values()
        .flatten()
        .filter_map(|row| row.get("storage_key")?.as_str())
        .collect();
    for part in &manifest.parts {
        if let Some(key) = part.name.strip_prefix("files/") {
            if !own_key(key) {
                return refuse(format!("{} is not a file of this council", part.name));
            }
            if !named.contains(key) {
                return refuse(format!("{} is a file no record names", part.name));
            }
        }
    }
    let accounts: Vec<&str> = records
        .get("users")
        .into_iter()
        .flatten()
        .filter_map(|u| u.get("id").and_then(Value::as_str))
        .collect();
    for (n, row) in records.get("memberships").into_iter().flatten().enumerate() {
        let user = row
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !accounts.contains(&user) {
            return refuse(format!(
                "memberships row {} is of an account the archive does not carry",
                n + 1
            ));
        }
    }
    Ok(())
}

/// Every id the map names, wherever it appears in the row (columns, storage keys, ids inside content bodies).
fn rekey(row: &mut Value, remap: &HashMap<String, String>) -> Result<(), ArchiveError> {
    if remap.is_empty() {
        return Ok(());
    }
    let text = serde_json::to_string(row).map_err(ArchiveError::internal)?;
    let replaced = walls::id_pattern().replace_all(&text, |c: &regex::Captures| {
        let found = &c[0];
        walls::canonical(found)
            .and_then(|id| remap.get(&id.to_string()))
            .cloned()
            .unwrap_or_else(|| found.to_owned())
    });
    *row = serde_json::from_str(&replaced).map_err(ArchiveError::internal)?;
    Ok(())
}

/// Stores the archive's files under their (possibly new) keys; returns the keys stored. On a failure, those
/// already stored are removed.
async fn store_files(
    blobs: &dyn BlobStore,
    unpacked: &Unpacked,
    remap: &HashMap<String, String>,
) -> Result<Vec<String>, ArchiveError> {
    let mut stored: Vec<String> = Vec::new();
    for part in &unpacked.manifest.parts {
        let Some(key) = part.name.strip_prefix("files/") else {
            continue;
        };
        let key = key
            .split('/')
            .map(|p| {
                walls::canonical(p)
                    .and_then(|id| remap.get(&id.to_string()))
                    .map(String::as_str)
                    .unwrap_or(p)
            })
            .collect::<Vec<_>>()
            .join("/");
        // Streamed from the unpacked part (which it consumes), never whole in memory.
        let result = match unpacked.path(&part.name) {
            Some(path) => blobs.put_file(&key, path).await,
            None => Err(std::io::Error::other("part missing")),
        };
        if let Err(e) = result {
            for done in &stored {
                let _ = blobs.delete(done).await;
            }
            return Err(ArchiveError::internal(format!("storing {key}: {e}")));
        }
        stored.push(key);
    }
    Ok(stored)
}

async fn write_records(
    db: &DatabaseConnection,
    council: &council_model::Model,
    users: Vec<(ArchivedUser, String)>,
    mut records: BTreeMap<String, Rows>,
) -> Result<(), ArchiveError> {
    let txn = crate::db::begin_write(db).await?;
    council_store::restore(&txn, council.clone()).await?;
    for (u, hash) in users {
        auth_store::restore_user(
            &txn,
            u.id,
            &u.email,
            &u.display_name,
            hash,
            u.created_at,
            u.updated_at,
        )
        .await
        .map_err(ArchiveError::internal)?;
    }
    let texts = records.remove("document_texts").unwrap_or_default();
    tables::load_all(&txn, records).await?;
    tables::load_document_texts(&txn, council.id, texts).await?;
    crate::search::after_restore(&txn, council.id).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rekeying_replaces_every_mapped_id_and_nothing_else() {
        let a = "0190aaaa-0000-7000-8000-000000000001";
        let b = "0190bbbb-0000-7000-8000-000000000002";
        let other = "0190cccc-0000-7000-8000-000000000003";
        let mut row = serde_json::json!({
            "id": a,
            "storage_key": format!("{a}/{other}"),
            "content": format!("{{\"blocks\":[{{\"media_id\":\"{a}\"}}]}}"),
            "note": other,
        });
        let remap = HashMap::from([(a.to_owned(), b.to_owned())]);
        rekey(&mut row, &remap).expect("rekey");
        assert_eq!(row["id"], b);
        assert_eq!(row["storage_key"], format!("{b}/{other}"));
        assert!(
            row["content"]
                .as_str()
                .is_some_and(|c| c.contains(b) && !c.contains(a))
        );
        assert_eq!(row["note"], other);
    }
}
