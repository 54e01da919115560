//! Rejects oversized and alias-heavy queries before any resolver runs, and gives every error a stable
//! `extensions.code` (errors from resolvers carry theirs already; the rest are the client's request errors).
use std::sync::Arc;

use async_graphql::{
    Response, ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

use super::{MAX_ALIASES, MAX_QUERY_BYTES};

pub struct Limits;

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension)
    }
}

struct LimitsExtension;

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_aliases(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

fn coded(message: &str, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code);
    error.extensions = Some(ext);
    error
}

#[async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            let ext = error.extensions.get_or_insert_with(Default::default);
            if ext.get("code").is_none() {
                let limit = error.message.starts_with("Query is too complex")
                    || error.message.starts_with("Query is nested too deep");
                ext.set(
                    "code",
                    if limit {
                        "query_too_complex"
                    } else {
                        "bad_request"
                    },
                );
            }
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(coded(
                &format!("The query is longer than {MAX_QUERY_BYTES} bytes."),
                "query_too_large",
            ));
        }
        let document = next.run(ctx, query, variables).await?;
        let aliases: usize = document
            .operations
            .iter()
            .map(|(_, op)| count_aliases(&op.node.selection_set.node))
            .chain(
                document
                    .fragments
                    .values()
                    .map(|f| count_aliases(&f.node.selection_set.node)),
            )
            .sum();
        if aliases > MAX_ALIASES {
            return Err(coded(
                &format!("The query uses {aliases} aliases; at most {MAX_ALIASES} are allowed."),
                "query_too_complex",
            ));
        }
        Ok(document)
    }
}
