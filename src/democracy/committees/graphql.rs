//! The GraphQL `Committee` type.
use async_graphql::{ID, SimpleObject};

use super::model::{self, CommitteeKind};

#[derive(SimpleObject, Clone)]
#[graphql(name = "Committee")]
pub struct CommitteeGql {
    pub id: ID,
    pub name: String,
    pub kind: CommitteeKind,
    pub parent_id: Option<ID>,
    pub purpose: Option<String>,
}

impl From<model::Model> for CommitteeGql {
    fn from(c: model::Model) -> Self {
        Self {
            id: ID(c.id.to_string()),
            kind: CommitteeKind::parse(&c.kind),
            name: c.name,
            parent_id: c.parent_id.map(|p| ID(p.to_string())),
            purpose: c.purpose,
        }
    }
}
