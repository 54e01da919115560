//! The text rule ([`crate::text`]) for GraphQL: the document, every string argument (in operations, fragments
//! and directives) and every variable are checked once the query is parsed, before any resolver runs. Every
//! argument of Townhall's schema is one line (ids, slugs, paths, search words, locales), so tab, CR and LF are
//! refused in them too; the document itself may span lines. Dates and times in arguments and variables must fall
//! in the range Townhall accepts ([`crate::calendar::bounds`]).
use async_graphql::{
    Name, Positioned, ServerError, ServerResult, Variables,
    parser::types::{Directive, ExecutableDocument, Selection, SelectionSet},
};
use async_graphql_value::{ConstValue, Value};

/// A refusal in GraphQL's shape, with the same `extensions` as REST's 422: `code` and `details.fields`.
fn refused(field: &str, message: &str) -> ServerError {
    let mut error = ServerError::new(format!("Argument {field}: {message}."), None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", "validation_failed");
    if let Ok(details) =
        ConstValue::from_json(serde_json::json!({"fields": [{"field": field, "message": message}]}))
    {
        ext.set("details", details);
    }
    error.extensions = Some(ext);
    error
}

fn check(field: &str, text: &str, multi_line: bool) -> ServerResult<()> {
    if let Some(message) = crate::text::problem(text, multi_line) {
        return Err(refused(field, &message));
    }
    // A date or date and time must be in the range Townhall accepts, as at the REST door.
    if crate::calendar::bounds::text_in_range(text) == Some(false) {
        return Err(refused(field, crate::calendar::bounds::OUT_OF_RANGE));
    }
    Ok(())
}

fn value(field: &str, value: &Value) -> ServerResult<()> {
    match value {
        Value::String(text) => check(field, text, false),
        Value::List(items) => items.iter().try_for_each(|item| self::value(field, item)),
        Value::Object(map) => map
            .iter()
            .try_for_each(|(key, item)| self::value(&format!("{field}.{key}"), item)),
        _ => Ok(()),
    }
}

fn const_value(field: &str, value: &ConstValue) -> ServerResult<()> {
    match value {
        ConstValue::String(text) => check(field, text, false),
        ConstValue::List(items) => items.iter().try_for_each(|item| const_value(field, item)),
        ConstValue::Object(map) => map.iter().try_for_each(|(key, item)| {
            check(field, key, false)?;
            const_value(&format!("{field}.{key}"), item)
        }),
        _ => Ok(()),
    }
}

fn directives(list: &[Positioned<Directive>]) -> ServerResult<()> {
    list.iter().try_for_each(|d| arguments(&d.node.arguments))
}

fn arguments(list: &[(Positioned<Name>, Positioned<Value>)]) -> ServerResult<()> {
    list.iter()
        .try_for_each(|(name, v)| value(name.node.as_str(), &v.node))
}

fn selection_set(set: &SelectionSet) -> ServerResult<()> {
    set.items.iter().try_for_each(|item| match &item.node {
        Selection::Field(field) => {
            arguments(&field.node.arguments)?;
            directives(&field.node.directives)?;
            selection_set(&field.node.selection_set.node)
        }
        Selection::InlineFragment(fragment) => {
            directives(&fragment.node.directives)?;
            selection_set(&fragment.node.selection_set.node)
        }
        Selection::FragmentSpread(spread) => directives(&spread.node.directives),
    })
}

/// Checks the query text before it is parsed.
pub fn check_query(query: &str) -> ServerResult<()> {
    check("query", query, true)
}

/// Checks every argument and variable of a parsed request.
pub fn check_request(document: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    for (_, operation) in document.operations.iter() {
        directives(&operation.node.directives)?;
        selection_set(&operation.node.selection_set.node)?;
    }
    for fragment in document.fragments.values() {
        directives(&fragment.node.directives)?;
        selection_set(&fragment.node.selection_set.node)?;
    }
    for (name, v) in variables.iter() {
        const_value(&format!("${name}"), v)?;
    }
    Ok(())
}
