//! The council's tables, as the archive carries them: each read by its entity (so the rows are typed the same on
//! SQLite and PostgreSQL), written as JSON in a fixed order, and read back through the same entity.
use std::collections::BTreeMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, IntoActiveModel,
    Iterable, PrimaryKeyToColumn, QueryFilter, QuerySelect, sea_query::ColumnType,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use uuid::Uuid;

use super::ArchiveError;
use crate::tenancy::CouncilOwned;

/// One table's rows, each a JSON object keyed by column name.
pub type Rows = Vec<Value>;

/// Rows of `E` owned by the council, sorted by primary key; timestamps kept to the microsecond (what PostgreSQL
/// keeps), so that an archive made on SQLite and one made after moving to PostgreSQL are byte for byte equal.
pub async fn dump<E>(db: &impl ConnectionTrait, council: Uuid) -> Result<Rows, ArchiveError>
where
    E: EntityTrait + CouncilOwned,
    E::Model: Serialize,
{
    let models = E::find()
        .filter(E::council_column().eq(council))
        .all(db)
        .await?;
    let stamps: Vec<String> = E::Column::iter()
        .filter(|c| {
            matches!(
                c.def().get_column_type(),
                ColumnType::TimestampWithTimeZone | ColumnType::Timestamp | ColumnType::DateTime
            )
        })
        .map(|c| c.as_str().to_owned())
        .collect();
    let keys: Vec<String> = E::PrimaryKey::iter()
        .map(|k| k.into_column().as_str().to_owned())
        .collect();
    let mut rows = Vec::with_capacity(models.len());
    for model in models {
        let mut row = serde_json::to_value(model).map_err(ArchiveError::internal)?;
        if let Value::Object(fields) = &mut row {
            for name in &stamps {
                if let Some(value) = fields.get_mut(name) {
                    *value = to_microseconds(value.take())?;
                }
            }
        }
        rows.push(row);
    }
    rows.sort_by_cached_key(|row| {
        keys.iter()
            .map(|k| row.get(k).map(Value::to_string).unwrap_or_default())
            .collect::<Vec<_>>()
    });
    Ok(rows)
}

fn to_microseconds(value: Value) -> Result<Value, ArchiveError> {
    use chrono::{DateTime, SubsecRound, Utc};
    match value {
        Value::String(_) => {
            let at: DateTime<Utc> =
                serde_json::from_value(value).map_err(ArchiveError::internal)?;
            serde_json::to_value(at.trunc_subsecs(6)).map_err(ArchiveError::internal)
        }
        other => Ok(other),
    }
}

/// The `ids` that are the id of a row of `E` (none for a table keyed otherwise).
async fn existing<E>(
    db: &impl ConnectionTrait,
    table: &'static str,
    ids: &[Uuid],
    found: &mut Vec<(&'static str, Uuid)>,
) -> Result<(), ArchiveError>
where
    E: EntityTrait,
{
    let Ok(id) = <E::Column as std::str::FromStr>::from_str("id") else {
        return Ok(());
    };
    // Bound values per statement stay well under SQLite's limit.
    for chunk in ids.chunks(500) {
        let here: Vec<Uuid> = E::find()
            .select_only()
            .column(id)
            .filter(id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(here.into_iter().map(|id| (table, id)));
    }
    Ok(())
}

/// Inserts the rows through `E`'s entity: any row that does not read as one (a column missing, a wrong type) fails
/// the whole import.
pub async fn load<E>(db: &impl ConnectionTrait, table: &str, rows: Rows) -> Result<(), ArchiveError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let mut models = Vec::with_capacity(rows.len());
    for (n, row) in rows.into_iter().enumerate() {
        let model: E::Model = serde_json::from_value(row)
            .map_err(|e| ArchiveError::Unreadable(format!("{table} row {}: {e}", n + 1)))?;
        models.push(model.into_active_model().reset_all());
    }
    // Small batches: SQLite's limit on bound values per statement is reached by wide tables otherwise.
    while !models.is_empty() {
        let rest = models.split_off(models.len().min(50));
        let batch = std::mem::replace(&mut models, rest);
        E::insert_many(batch).exec_without_returning(db).await?;
    }
    Ok(())
}

macro_rules! council_tables {
    ($($name:literal => $entity:path),* $(,)?) => {
        /// The tables an archive carries besides `councils` and `users`, in the order they are restored (every
        /// table after those it refers to).
        pub const TABLES: &[&str] = &[$($name),*];

        /// Every table's rows for the council.
        pub async fn dump_all(
            db: &impl ConnectionTrait,
            council: Uuid,
        ) -> Result<BTreeMap<&'static str, Rows>, ArchiveError> {
            let mut all = BTreeMap::new();
            $( all.insert($name, dump::<$entity>(db, council).await?); )*
            Ok(all)
        }

        /// Which of `ids` are the id of a row here, in any council, and in which table: the archive's own
        /// tables, the councils and accounts, and the council tables an archive leaves out.
        pub async fn existing_ids(
            db: &impl ConnectionTrait,
            ids: &[Uuid],
        ) -> Result<Vec<(&'static str, Uuid)>, ArchiveError> {
            let mut found = Vec::new();
            if ids.is_empty() {
                return Ok(found);
            }
            existing::<crate::tenancy::model::Entity>(db, "councils", ids, &mut found).await?;
            existing::<crate::auth::model::user::Entity>(db, "users", ids, &mut found).await?;
            existing::<crate::auth::model::api_token::Entity>(db, "api_tokens", ids, &mut found).await?;
            existing::<crate::auth::model::invitation::Entity>(db, "invitations", ids, &mut found).await?;
            existing::<crate::publishing::webhooks::model::delivery::Entity>(
                db, "webhook_deliveries", ids, &mut found,
            )
            .await?;
            $( existing::<$entity>(db, $name, ids, &mut found).await?; )*
            Ok(found)
        }

        /// Restores every table, in order.
        pub async fn load_all(
            db: &impl ConnectionTrait,
            mut all: BTreeMap<String, Rows>,
        ) -> Result<(), ArchiveError> {
            $( load::<$entity>(db, $name, all.remove($name).unwrap_or_default()).await?; )*
            Ok(())
        }
    };
}

council_tables! {
    "memberships" => crate::auth::model::membership::Entity,
    "wards" => crate::democracy::people::model::ward::Entity,
    "parties" => crate::democracy::people::model::party::Entity,
    "councillors" => crate::democracy::people::model::councillor::Entity,
    "seats" => crate::democracy::people::model::seat::Entity,
    "councillor_roles" => crate::democracy::people::register::role::Entity,
    "interests" => crate::democracy::people::register::interest::Entity,
    "committees" => crate::democracy::committees::model::Entity,
    "committee_members" => crate::democracy::committees::members::entity::Entity,
    "meetings" => crate::democracy::meetings::model::Entity,
    "agenda_items" => crate::democracy::agenda::model::agenda_item::Entity,
    "documents" => crate::democracy::agenda::model::document::Entity,
    "decisions" => crate::democracy::decisions::model::decision::Entity,
    "forward_plan_entries" => crate::democracy::decisions::model::forward_plan_entry::Entity,
    "attendance" => crate::democracy::proceedings::model::attendance::Entity,
    "motions" => crate::democracy::proceedings::model::motion::Entity,
    "votes" => crate::democracy::proceedings::model::vote::Entity,
    "deadline_settings" => crate::democracy::deadlines::settings::entity::Entity,
    "deadline_reminders" => crate::democracy::reminders::model::Entity,
    "record_revisions" => crate::democracy::revisions::model::Entity,
    "media" => crate::media::model::Entity,
    "content_items" => crate::publishing::model::item::Entity,
    "content_revisions" => crate::publishing::model::revision::Entity,
    "content_events" => crate::publishing::model::event::Entity,
    "content_live" => crate::content::tables::live::Entity,
    "content_live_tags" => crate::content::tables::live_tag::Entity,
    "content_slugs" => crate::content::tables::slug::Entity,
    "content_path_history" => crate::content::tables::path_history::Entity,
    "content_redirects" => crate::content::redirects::redirect::Entity,
    "jobs" => crate::publishing::model::job::Entity,
    "webhooks" => crate::publishing::webhooks::model::webhook::Entity,
    "search_documents" => crate::search::document::Entity,
}

/// The papers' extracted text, which the `documents` entity leaves out (lists of papers never load it).
pub async fn dump_document_texts(
    db: &impl ConnectionTrait,
    council: Uuid,
) -> Result<Rows, ArchiveError> {
    dump::<crate::democracy::agenda::model::document_text::Entity>(db, council).await
}

/// Puts the papers' text back, once their rows are in: only into papers of the council being restored, which
/// the text's row must name (the archive's checks refuse one that does not; this is the last wall).
pub async fn load_document_texts(
    db: &impl ConnectionTrait,
    council: Uuid,
    rows: Rows,
) -> Result<(), ArchiveError> {
    use crate::democracy::agenda::model::document_text;
    for (n, row) in rows.into_iter().enumerate() {
        let model: document_text::Model = serde_json::from_value(row)
            .map_err(|e| ArchiveError::Unreadable(format!("document_texts row {}: {e}", n + 1)))?;
        let Some(text) = model.text_content else {
            continue;
        };
        let changed = document_text::Entity::update_many()
            .col_expr(
                document_text::Column::TextContent,
                sea_orm::sea_query::Expr::value(text),
            )
            .filter(document_text::Column::Id.eq(model.id))
            .filter(document_text::Column::CouncilId.eq(council))
            .exec(db)
            .await?;
        if changed.rows_affected != 1 {
            return Err(ArchiveError::Reaches(format!(
                "document_texts row {} is the text of a paper the archive does not carry",
                n + 1
            )));
        }
    }
    Ok(())
}

/// The tables of the schema an archive leaves out, and why (the test that every table is accounted for reads
/// this list).
pub const LEFT_OUT: &[(&str, &str)] = &[
    (
        "api_tokens",
        "secrets: a council issues new API tokens where it moves",
    ),
    (
        "invitations",
        "pending invitations carry secrets: invite again",
    ),
    ("refresh_tokens", "sessions: everyone signs in again"),
    ("password_resets", "secrets, and short-lived"),
    ("login_failures", "throttling state of this instance"),
    ("throttle_hits", "throttling state of this instance"),
    ("webhook_deliveries", "this instance's delivery log"),
    (
        "audit_events",
        "the audit log stays with the instance that recorded it (its chains cannot move); the import is recorded in the new one",
    ),
    (
        "audit_anchors",
        "where this instance's audit chains were pruned: they stay with the chains",
    ),
    ("seaql_migrations", "the schema's own bookkeeping"),
];
