//! The `search` field of the `Council` object (`CouncilSearch`); the wiring merges it into `Council`.
use async_graphql::{
    Context, Object,
    connection::{Connection, Edge},
};

use super::{Hit, rest};
use crate::{error::ApiError, pagination::Counted, state::GqlState, tenancy::graphql::CouncilView};

/// Full-text search of a council's published content and records.
pub struct CouncilSearch(pub CouncilView);

#[Object]
impl CouncilSearch {
    /// Full-text search of published pages, services, news, meetings and decisions, best first, with
    /// highlighted snippets (`"a phrase"`, `recycl*` for a prefix). `types` limits the kinds searched.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        types: Option<Vec<String>>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, Hit, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, Hit, Counted>> = async {
            let gql = |e: ApiError| e.into_graphql();
            let search =
                rest::build_query(&query, types.unwrap_or_default(), locale, self.0.preview)
                    .map_err(gql)?;
            let size = crate::pagination::first_arg(first)?;
            let start = rest::decode_offset(after.as_deref()).map_err(|_| {
                crate::error::argument_error("after", "give the endCursor of the previous page")
            })?;
            let db = &ctx.data::<GqlState>()?.db;
            let found = rest::run(&self.0.tenant, db, &search, size, after.as_deref())
                .await
                .map_err(gql)?;
            let mut connection = Connection::with_additional_fields(
                start > 0,
                found.next_cursor.is_some(),
                Counted::new(found.total_count),
            );
            for (i, hit) in found.items.into_iter().enumerate() {
                let cursor = rest::encode_offset(start + i as u64 + 1);
                connection.edges.push(Edge::new(cursor, hit));
            }
            Ok(connection)
        }
        .await;
        answer.map(Some)
    }
}
