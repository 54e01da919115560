//! Sealing entries written before keys: they were chained with plain SHA-256, which anyone can recompute. The
//! migration that brought keys cannot MAC them (the key is never in the database), so the server does it when it
//! starts: in each chain holding such entries, once their SHA-256 chain (and any keyed entry after them) checks,
//! every entry from the first unkeyed one on is MAC'd anew under the current key, in one transaction. A chain
//! that does not check is left as it is and logged; `audit verify` then reports its unkeyed entries. A server
//! of the old version still writing while this runs can leave a chain broken at the seam, so old servers are
//! stopped first (the README says so).
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::{anchor, chain, model};
use crate::keys::Keys;

/// Seals every chain that holds unkeyed entries; returns how many entries were sealed.
pub async fn seal_legacy(
    db: &DatabaseConnection,
    keys: &Keys,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    let chains: Vec<String> = model::Entity::find()
        .select_only()
        .column(model::Column::Chain)
        .filter(model::Column::KeyId.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut sealed = 0;
    for name in chains {
        let txn = crate::db::begin_write(db).await?;
        let rows = model::Entity::find()
            .filter(model::Column::Chain.eq(name.clone()))
            .order_by_asc(model::Column::Seq)
            .all(&txn)
            .await?;
        let has_anchor = anchor::Entity::find_by_id(name.clone())
            .one(&txn)
            .await?
            .is_some();
        if has_anchor || !holds(&rows, keys) {
            tracing::error!(
                chain = name,
                "audit entries from before keys do not check; left unsealed"
            );
            txn.rollback().await?;
            continue;
        }
        let Some(first) = rows.first() else {
            txn.rollback().await?;
            continue;
        };
        // The old pruning removed a chain's start and let the oldest entry left anchor it: now an anchor does.
        if first.seq > 1 {
            let start = anchor::new(&name, first.seq - 1, &first.prev_hash, keys.audit(), now);
            anchor::save(&txn, start).await?;
        }
        let mut prev = first.prev_hash.clone();
        for row in rows {
            let mut resealed = row.clone();
            resealed.prev_hash = prev;
            resealed.key_id = Some(keys.audit().id().to_owned());
            resealed.hash = chain::mac_of(&resealed, keys.audit());
            prev = resealed.hash.clone();
            let mut active: model::ActiveModel = row.into();
            active.prev_hash = Set(resealed.prev_hash);
            active.key_id = Set(resealed.key_id);
            active.hash = Set(resealed.hash);
            active.update(&txn).await?;
            sealed += 1;
        }
        txn.commit().await?;
    }
    Ok(sealed)
}

/// Whether a chain of unkeyed entries, perhaps followed by keyed ones, links up without a gap, each unkeyed
/// entry's SHA-256 and each keyed entry's MAC matching its contents.
fn holds(rows: &[model::Model], keys: &Keys) -> bool {
    let mut keyed_seen = false;
    rows.iter().enumerate().all(|(i, row)| {
        let own = match row.key_id.as_deref() {
            None if keyed_seen => false,
            None => chain::legacy_hash_of(row) == row.hash,
            Some(id) => {
                keyed_seen = true;
                keys.audit_by_id(id)
                    .is_some_and(|k| chain::mac_of(row, k) == row.hash)
            }
        };
        let linked = match i.checked_sub(1).and_then(|j| rows.get(j)) {
            Some(before) => row.seq == before.seq + 1 && row.prev_hash == before.hash,
            None => row.seq > 1 || row.prev_hash == chain::GENESIS,
        };
        own && linked
    })
}
