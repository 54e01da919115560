//! The walls around a restored council: an archive reaches nothing outside itself.
//!
//! Every id an archive's rows name, in a column or inside a JSON document (content blocks naming media, pages,
//! services, meetings or papers; step links; venues), wherever it is written and however it is spelled, is either
//! one of the archive's own rows or names no row here at all. One that names a row existing here outside the
//! archive, in any council, refuses the whole archive before anything is written. Ids that name nothing here are
//! kept as they are, as the API keeps an id whose row has gone (an author who has left, purged media in an old
//! revision). Ids of accounts the archive does not carry (authors and publishers who were not members, such as
//! a platform administrator) that exist here are given a new id that names no account: the record keeps an
//! author who is not one of the council's people, and no one here is made its author.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use uuid::Uuid;

use super::tables::Rows;
use super::{ArchiveError, tables};
use crate::{auth::Role, tenancy::model as council_model};

/// Every spelling of an id the `uuid` crate (and so every reader of these rows) accepts: any case, with or
/// without hyphens, braced or as a URN.
pub(super) fn id_pattern() -> &'static regex::Regex {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        regex::Regex::new("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
            .unwrap_or_else(|_| unreachable!("a fixed, valid pattern"))
    })
}

/// The id a match spells, in its one canonical form.
pub(super) fn canonical(found: &str) -> Option<Uuid> {
    let hex: String = found.chars().filter(|c| *c != '-').collect();
    Uuid::try_parse(&hex).ok()
}

/// The ids written in a text as it is.
pub(super) fn ids_in_text(text: &str, out: &mut BTreeSet<Uuid>) {
    out.extend(
        id_pattern()
            .find_iter(text)
            .filter_map(|m| canonical(m.as_str())),
    );
}

/// The ids a value names once read: in its strings and keys, and inside any string that is itself a JSON
/// document (content is stored as JSON text), at any depth.
fn ids_read(value: &Value, out: &mut BTreeSet<Uuid>) {
    match value {
        Value::String(text) => {
            ids_in_text(text, out);
            if text.starts_with(['{', '['])
                && let Ok(inner) = serde_json::from_str::<Value>(text)
            {
                ids_read(&inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ids_read(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            ids_in_text(k, out);
            ids_read(v, out);
        }),
        _ => {}
    }
}

/// The ids a row names. An id that can be seen only once the row is read (written with escapes inside a JSON
/// document) could not be given anew when the archive is restored beside its original, so it refuses the archive.
fn ids_of_row(table: &str, n: usize, row: &Value) -> Result<BTreeSet<Uuid>, ArchiveError> {
    let mut written = BTreeSet::new();
    ids_in_text(&row.to_string(), &mut written);
    let mut read = BTreeSet::new();
    ids_read(row, &mut read);
    if let Some(hidden) = read.difference(&written).next() {
        return Err(ArchiveError::Reaches(format!(
            "{table} row {n} names {hidden} in escapes, which no Townhall writes"
        )));
    }
    Ok(written)
}

/// What the references of an archive come to.
pub(super) struct Walled {
    /// Ids of accounts here that rows name but the archive does not carry: each to be given a new id.
    pub strangers: Vec<Uuid>,
}

/// Checks every id the archive names against this database, before anything is written (see the module's
/// comment). `rekeyed`: every id the archive carries is to be given anew (its council exists here).
pub(super) async fn check_references(
    db: &impl sea_orm::ConnectionTrait,
    council: Uuid,
    records: &BTreeMap<String, Rows>,
    rekeyed: bool,
) -> Result<Walled, ArchiveError> {
    let row_id = |row: &Value| row.get("id").and_then(Value::as_str).and_then(canonical);
    let ids_of = |table: &str| -> BTreeSet<Uuid> {
        records
            .get(table)
            .into_iter()
            .flatten()
            .filter_map(row_id)
            .collect()
    };
    // The papers' texts are the papers' rows: they may name only papers the archive carries.
    let papers = ids_of("documents");
    for (n, row) in records
        .get("document_texts")
        .into_iter()
        .flatten()
        .enumerate()
    {
        if !row_id(row).is_some_and(|id| papers.contains(&id)) {
            return Err(ArchiveError::Reaches(format!(
                "document_texts row {} is the text of a paper the archive does not carry",
                n + 1
            )));
        }
    }
    let accounts = ids_of("users");
    let mut carried: BTreeSet<Uuid> = BTreeSet::from([council]);
    for table in records.keys().filter(|t| *t != "document_texts") {
        carried.extend(ids_of(table));
    }

    // Where each id is first named, for the refusal's message.
    let mut named: HashMap<Uuid, (String, usize)> = HashMap::new();
    for (table, rows) in records {
        for (n, row) in rows.iter().enumerate() {
            for id in ids_of_row(table, n + 1, row)? {
                named.entry(id).or_insert_with(|| (table.clone(), n + 1));
            }
        }
    }
    // Ids given anew need not be free here; kept ones must be (a kept id that exists here would overwrite or
    // collide); accounts are matched by email or given new ids where theirs is taken.
    let asked: Vec<Uuid> = named
        .keys()
        .filter(|id| {
            if rekeyed {
                !carried.contains(id)
            } else {
                !accounts.contains(id)
            }
        })
        .copied()
        .collect();
    let found = tables::existing_ids(db, &asked).await?;
    let mut strangers = Vec::new();
    let mut outside: Vec<(&str, Uuid)> = found
        .iter()
        .filter(|(table, _)| *table != "users")
        .map(|(table, id)| (*table, *id))
        .collect();
    outside.sort();
    if let Some((table, id)) = outside.first() {
        let (by, n) = named.get(id).cloned().unwrap_or_default();
        let what = if carried.contains(id) {
            "has the id of"
        } else {
            "names"
        };
        return Err(ArchiveError::Reaches(format!(
            "{by} row {n} {what} {id}, a row of {table} that exists here outside the archive"
        )));
    }
    for (_, id) in found {
        if !strangers.contains(&id) {
            strangers.push(id);
        }
    }
    Ok(Walled { strangers })
}

/// The council's own settings, as the API validates them when a council is created or edited: an archive
/// carries them, it does not get round the rules.
pub(super) fn validate_council(
    council: &mut council_model::Model,
    keep_slug: bool,
) -> Result<(), ArchiveError> {
    let invalid = |e: crate::tenancy::TenancyError| ArchiveError::Invalid(e.to_string());
    if keep_slug {
        council.slug = council_model::validate_slug(&council.slug).map_err(invalid)?;
    }
    council.name = council_model::validate_name(&council.name).map_err(invalid)?;
    let nation = council_model::parse_nation(&council.nation).map_err(invalid)?;
    council.gss_code = match council.gss_code.as_deref() {
        Some(code) => council_model::validate_gss_code(code).map_err(invalid)?,
        None => None,
    };
    let locales = council_model::split_locales(&council.locales);
    council.locales =
        council_model::validate_locales(Some(locales.as_slice()), nation).map_err(invalid)?;
    council.website_url = match council.website_url.as_deref() {
        Some(url) => council_model::validate_website_url(url).map_err(invalid)?,
        None => None,
    };
    let origins = council_model::split_locales(&council.allowed_origins);
    council.allowed_origins = council_model::validate_allowed_origins(&origins).map_err(invalid)?;
    council.media_base_url = match council.media_base_url.as_deref() {
        Some(url) => council_model::validate_media_base_url(url).map_err(invalid)?,
        None => None,
    };
    council.meeting_minutes = match council.meeting_minutes {
        Some(minutes) => council_model::validate_meeting_minutes(minutes).map_err(invalid)?,
        None => None,
    };
    if council.media_max_bytes.is_some_and(|b| b < 1) {
        return Err(ArchiveError::Invalid(
            "media_max_bytes: give a positive number of bytes".into(),
        ));
    }
    text_of(
        "councils",
        1,
        &serde_json::to_value(&*council).map_err(ArchiveError::internal)?,
    )
}

/// Columns of the archive's tables whose text spans lines besides those the API's text rule names (the papers'
/// extracted text, the search index's copy of every text).
const MULTI_LINE_COLUMNS: &[&str] = &["text_content", "body_text", "content", "data", "payload"];

/// A row's text, by the API's one rule ([`crate::text::check_json`]): each JSON document a column holds is judged
/// as the API judged it when it came in; other columns as one line, unless their text may span lines.
pub(super) fn text_of(table: &str, n: usize, row: &Value) -> Result<(), ArchiveError> {
    let refuse = |e: crate::error::ApiError| {
        let field = e.details.as_ref().map(|d| &d["fields"][0]);
        let said = match field {
            Some(f) => format!(
                "{}: {}",
                f["field"].as_str().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default()
            ),
            None => e.message,
        };
        ArchiveError::Invalid(format!("{table} row {n}: {said}"))
    };
    let Value::Object(columns) = row else {
        return Err(ArchiveError::Unreadable(format!(
            "{table} row {n} is not a row"
        )));
    };
    for (column, value) in columns {
        if let Value::String(text) = value
            && text.starts_with(['{', '['])
            && let Ok(document) = serde_json::from_str::<Value>(text)
        {
            crate::text::check_json(&document).map_err(refuse)?;
            continue;
        }
        let multi_line = crate::text::is_multi_line_field(column)
            || MULTI_LINE_COLUMNS.contains(&column.as_str());
        match value {
            Value::String(text) => crate::text::check(column, text, multi_line).map_err(refuse)?,
            other => {
                crate::text::check_json(&serde_json::json!({ column: other })).map_err(refuse)?
            }
        }
    }
    Ok(())
}

/// Members' roles and accounts, as the API validates them when someone is invited.
pub(super) fn validate_people(records: &BTreeMap<String, Rows>) -> Result<(), ArchiveError> {
    for (n, row) in records.get("memberships").into_iter().flatten().enumerate() {
        let role = row.get("role").and_then(Value::as_str).unwrap_or_default();
        if Role::parse(role).is_none() {
            return Err(ArchiveError::Invalid(format!(
                "memberships row {}: {role:?} is not a role (admin, editor, democratic_services, viewer)",
                n + 1
            )));
        }
    }
    for (n, row) in records.get("users").into_iter().flatten().enumerate() {
        let email = row.get("email").and_then(Value::as_str).unwrap_or_default();
        if crate::auth::validate_email(email).is_err() {
            return Err(ArchiveError::Invalid(format!(
                "users row {}: not a valid email address",
                n + 1
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_an_id_is_seen_and_escapes_are_refused() {
        let id = "0190aaaa-0000-7000-8000-00000000000b";
        let want = BTreeSet::from([Uuid::parse_str(id).expect("id")]);
        for spelled in [
            id.to_owned(),
            id.to_uppercase(),
            id.replace('-', ""),
            format!("{{{id}}}"),
            format!("urn:uuid:{id}"),
        ] {
            let row = serde_json::json!({"content": format!("{{\"media_id\":\"{spelled}\"}}")});
            assert_eq!(ids_of_row("t", 1, &row).expect("seen"), want, "{spelled}");
        }
        let hidden = id.replace('-', "\\u002d");
        let row = serde_json::json!({"content": format!("{{\"media_id\":\"{hidden}\"}}")});
        assert!(matches!(
            ids_of_row("t", 1, &row),
            Err(ArchiveError::Reaches(_))
        ));
    }
}
