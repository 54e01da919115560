//! Pruning, and the anchor it leaves: per chain, the number and MAC of the last entry removed, MAC'd itself, so
//! that the chain verifies from there and a start removed by anyone else is found.
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    entity::prelude::*, sea_query::OnConflict,
};

use super::model as events;
use crate::keys::{AuditKey, Keys};

/// The `audit_anchors` table: one row per chain that has been pruned.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_anchors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub chain: String,
    /// The number of the last entry removed; the chain goes on at the next.
    pub last_seq: i64,
    /// That entry's MAC, which the next one links to.
    pub last_mac: String,
    pub key_id: String,
    pub created_at: DateTimeUtc,
    /// HMAC-SHA256 over the fields above, under the key `key_id` names.
    pub mac: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

fn encoded(anchor: &Model) -> Vec<u8> {
    format!(
        "townhall-audit-anchor/v1\n{}\n{}\n{}\n{}\n{}\n",
        anchor.chain,
        anchor.last_seq,
        anchor.last_mac,
        anchor.key_id,
        anchor
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    )
    .into_bytes()
}

/// An anchor after the entry `last_seq` whose MAC is `last_mac`, MAC'd under `key`.
pub fn new(chain: &str, last_seq: i64, last_mac: &str, key: &AuditKey, at: DateTime<Utc>) -> Model {
    let mut anchor = Model {
        chain: chain.to_owned(),
        last_seq,
        last_mac: last_mac.to_owned(),
        key_id: key.id().to_owned(),
        created_at: at.trunc_subsecs(6),
        mac: String::new(),
    };
    anchor.mac = key.mac(&encoded(&anchor));
    anchor
}

/// What is wrong with an anchor, if anything.
pub fn check(anchor: &Model, keys: &Keys) -> Option<&'static str> {
    match keys.audit_by_id(&anchor.key_id) {
        None => Some("its anchor names a key this deployment does not know"),
        Some(key) if key.mac(&encoded(anchor)) != anchor.mac => {
            Some("its anchor (where pruning stopped) has been altered")
        }
        Some(_) => None,
    }
}

/// Writes or replaces a chain's anchor.
pub(crate) async fn save<C: ConnectionTrait>(db: &C, anchor: Model) -> Result<(), DbErr> {
    let active: ActiveModel = anchor.into();
    Entity::insert(active)
        .on_conflict(
            OnConflict::column(Column::Chain)
                .update_columns([
                    Column::LastSeq,
                    Column::LastMac,
                    Column::KeyId,
                    Column::CreatedAt,
                    Column::Mac,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Prunes the log hourly, on every server (removing what another already removed does nothing).
pub fn spawn_pruning(db: DatabaseConnection, days: u32, keys: Keys, clock: crate::clock::Clock) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match prune(&db, days, &keys, clock.now()).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "audit log entries past retention removed"),
                Err(err) => tracing::warn!(error = %err, "could not prune the audit log"),
            }
        }
    });
}

/// Removes entries older than `days` from the start of every chain: in each, up to the newest entry that old,
/// and in the same transaction moves the chain's anchor to that entry. A chain that does not verify is left
/// whole (and a warning logged), so that pruning never washes away the evidence of tampering.
pub async fn prune(
    db: &DatabaseConnection,
    days: u32,
    keys: &Keys,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let before: DateTime<Utc> = now - chrono::Duration::days(i64::from(days));
    let chains: Vec<String> = events::Entity::find()
        .select_only()
        .column(events::Column::Chain)
        .filter(events::Column::OccurredAt.lt(before))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut removed = 0;
    for chain in chains {
        let txn = crate::db::begin_write(db).await?;
        let last = events::Entity::find()
            .filter(events::Column::Chain.eq(chain.clone()))
            .filter(events::Column::OccurredAt.lt(before))
            .order_by_desc(events::Column::Seq)
            .one(&txn)
            .await?;
        let Some(last) = last else {
            txn.rollback().await?;
            continue;
        };
        let reports = super::chain::verify_chains(&txn, Some(chain.clone()), keys).await?;
        if let Some((seq, why)) = reports.iter().find_map(|r| r.broken.as_ref()) {
            tracing::warn!(
                chain,
                seq,
                why,
                "an audit chain does not verify; it is not pruned"
            );
            txn.rollback().await?;
            continue;
        }
        removed += events::Entity::delete_many()
            .filter(events::Column::Chain.eq(chain.clone()))
            .filter(events::Column::Seq.lte(last.seq))
            .exec(&txn)
            .await?
            .rows_affected;
        save(&txn, new(&chain, last.seq, &last.hash, keys.audit(), now)).await?;
        txn.commit().await?;
    }
    Ok(removed)
}
