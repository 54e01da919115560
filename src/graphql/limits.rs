//! Rejects oversized and alias-heavy queries before any resolver runs, and gives every error a stable
//! `extensions.code` (errors from resolvers carry theirs already; the rest are the client's request errors).
use std::sync::Arc;

use std::collections::HashMap;

use async_graphql::{
    Name, Positioned, Response, ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest},
    parser::types::{ExecutableDocument, FragmentDefinition, Selection, SelectionSet},
};

use super::{
    MAX_ALIASES, MAX_DEPTH, MAX_INTROSPECTION_DEPTH, MAX_INTROSPECTION_LISTS, MAX_QUERY_BYTES,
};

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

/// Introspection fields that answer lists: nesting them multiplies the answer (every type's fields' types'
/// fields...), so a path may hold at most [`MAX_INTROSPECTION_LISTS`] of them.
const INTROSPECTION_LISTS: [&str; 8] = [
    "types",
    "fields",
    "inputFields",
    "interfaces",
    "possibleTypes",
    "enumValues",
    "args",
    "directives",
];

/// The deepest path of `set` (fields counted, fragments inlined) and the most introspection lists on one path.
/// A fragment already being walked is skipped (a cycle, which validation refuses with its own error).
fn measure<'a>(
    set: &'a SelectionSet,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    walking: &mut Vec<&'a str>,
) -> (usize, usize) {
    let mut deepest = (0, 0);
    for item in &set.items {
        let (depth, lists) = match &item.node {
            Selection::Field(field) => {
                let (depth, lists) = measure(&field.node.selection_set.node, fragments, walking);
                let list = INTROSPECTION_LISTS.contains(&field.node.name.node.as_str());
                (depth + 1, lists + usize::from(list))
            }
            Selection::InlineFragment(fragment) => {
                measure(&fragment.node.selection_set.node, fragments, walking)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match fragments.get(name) {
                    Some(fragment) if !walking.contains(&name) => {
                        walking.push(name);
                        let measured =
                            measure(&fragment.node.selection_set.node, fragments, walking);
                        walking.pop();
                        measured
                    }
                    _ => (0, 0),
                }
            }
        };
        deepest = (deepest.0.max(depth), deepest.1.max(lists));
    }
    deepest
}

/// Refuses a query nested deeper than the limits: [`MAX_DEPTH`] levels, or [`MAX_INTROSPECTION_DEPTH`] under
/// `__schema` and `__type`, whose standard queries (GraphiQL's, graphql-js's and graphql-core's) unwrap a type
/// through nine `ofType` levels, with at most [`MAX_INTROSPECTION_LISTS`] nested lists.
fn check_depth(document: &ExecutableDocument) -> ServerResult<()> {
    let mut roots = Vec::new();
    for (_, operation) in document.operations.iter() {
        collect_roots(
            &operation.node.selection_set.node,
            &document.fragments,
            &mut Vec::new(),
            &mut roots,
        );
    }
    for (name, selection_set) in roots {
        let (depth, lists) = measure(selection_set, &document.fragments, &mut Vec::new());
        let depth = depth + 1;
        let introspection = name == "__schema" || name == "__type";
        let limit = if introspection {
            MAX_INTROSPECTION_DEPTH
        } else {
            MAX_DEPTH
        };
        if depth > limit {
            return Err(coded(
                &format!(
                    "Query is nested too deep: {depth} levels under {name}; at most {MAX_DEPTH} are allowed \
                     ({MAX_INTROSPECTION_DEPTH} in introspection)."
                ),
                "query_too_complex",
            ));
        }
        if introspection && lists > MAX_INTROSPECTION_LISTS {
            return Err(coded(
                &format!(
                    "Query is nested too deep: {lists} introspection lists inside one another under {name}; at \
                     most {MAX_INTROSPECTION_LISTS} are allowed."
                ),
                "query_too_complex",
            ));
        }
    }
    Ok(())
}

/// The root fields of an operation, through its fragments.
fn collect_roots<'a>(
    set: &'a SelectionSet,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    walking: &mut Vec<&'a str>,
    roots: &mut Vec<(&'a str, &'a SelectionSet)>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => roots.push((
                field.node.name.node.as_str(),
                &field.node.selection_set.node,
            )),
            Selection::InlineFragment(fragment) => {
                collect_roots(&fragment.node.selection_set.node, fragments, walking, roots)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if let Some(fragment) = fragments.get(name)
                    && !walking.contains(&name)
                {
                    walking.push(name);
                    collect_roots(&fragment.node.selection_set.node, fragments, walking, roots);
                    walking.pop();
                }
            }
        }
    }
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

    /// The length limit holds before anything else reads the text (a persisted query is parsed before
    /// `parse_query` runs).
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: async_graphql::Request,
        next: async_graphql::extensions::NextPrepareRequest<'_>,
    ) -> ServerResult<async_graphql::Request> {
        if request.query.len() > MAX_QUERY_BYTES {
            return Err(coded(
                &format!("The query is longer than {MAX_QUERY_BYTES} bytes."),
                "query_too_large",
            ));
        }
        next.run(ctx, request).await
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
        super::text_rule::check_query(query)?;
        let document = next.run(ctx, query, variables).await?;
        super::text_rule::check_request(&document, variables)?;
        check_depth(&document)?;
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
