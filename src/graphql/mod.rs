//! The public GraphQL delivery API: schema assembly, abuse limits, and the HTTP endpoint.
pub mod council;
pub mod graphiql;
pub mod http;
pub mod limits;
pub mod text_rule;

use async_graphql::{
    EmptyMutation, EmptySubscription, MergedObject, Schema,
    extensions::apollo_persisted_queries::{ApolloPersistedQueries, LruCacheStorage},
};

use crate::{config::Settings, graphql::council::CouncilQuery, state::GqlState};

/// Deepest selection nesting accepted.
pub const MAX_DEPTH: usize = 12;
/// Deepest nesting accepted under `__schema` and `__type`: the standard introspection queries go 14 deep.
pub const MAX_INTROSPECTION_DEPTH: usize = 15;
/// Most introspection lists (`types`, `fields`, `args`...) inside one another: the standard queries nest three.
pub const MAX_INTROSPECTION_LISTS: usize = 3;
/// Highest total complexity accepted (each field counts 1; a list counts its page size times its fields).
pub const MAX_COMPLEXITY: usize = 5000;
/// Most aliases in one query document.
pub const MAX_ALIASES: usize = 30;
/// Most operations in one batch.
pub const MAX_BATCH: usize = 10;
/// Persisted queries each server keeps (least recently used go first).
pub const PERSISTED_QUERIES: usize = 2000;
/// Longest query text in bytes.
pub const MAX_QUERY_BYTES: usize = 32 * 1024;

/// The root query: each feature contributes its own `Query` object.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(CouncilQuery);

pub type TownhallSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Builds the schema with its limits; introspection and suggestions follow the settings.
pub fn build_schema(state: Option<GqlState>, settings: &Settings) -> TownhallSchema {
    let mut builder = Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        // The limits extension holds ordinary queries to MAX_DEPTH; this is the backstop for every query.
        .limit_depth(MAX_INTROSPECTION_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(10)
        .extension(limits::Limits)
        // Automatic persisted queries (Apollo's protocol): a front-end sends the query's SHA-256 alone, as a short
        // GET a CDN can cache, and the full text only the first time. Each node keeps its own cache; a node that
        // has not seen a hash answers PersistedQueryNotFound and the client sends the text again.
        .extension(ApolloPersistedQueries::new(LruCacheStorage::new(
            PERSISTED_QUERIES,
        )));
    if let Some(state) = state {
        builder = builder.data(state);
    }
    if !settings.introspection_enabled() {
        builder = builder.disable_introspection();
    }
    if settings.production {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The SDL of the schema, as exported to `graphql/schema.graphql`.
pub fn sdl() -> String {
    build_schema(None, &Settings::default()).sdl()
}
