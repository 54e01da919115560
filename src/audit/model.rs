//! The `audit_events` table: one row per event, in hash chains (see [`super`]).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The council's id, or `platform`.
    pub chain: String,
    pub seq: i64,
    pub council_id: Option<Uuid>,
    pub occurred_at: DateTimeUtc,
    /// `user`, `api_token`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: Option<String>,
    pub client_addr: Option<String>,
    pub request_id: Option<String>,
    /// The MAC of the entry before (or of the anchor's last pruned entry, or [`super::GENESIS`]).
    pub prev_hash: String,
    /// HMAC-SHA256 of the entry under the key `key_id` names (a plain SHA-256 when `key_id` is `None`: an entry
    /// from before keys, not yet sealed).
    pub hash: String,
    pub key_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl crate::tenancy::CouncilOwned for Entity {
    fn council_column() -> Column {
        Column::CouncilId
    }
}
