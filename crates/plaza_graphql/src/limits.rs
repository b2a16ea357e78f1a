//! Query limits: depth, complexity, aliases, directives. Set on purpose, tested in the
//! black-box tier. The depth limit leaves room for GraphiQL's introspection query.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};

/// Deepest selection nesting accepted (introspection needs 13).
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted (a page of 100 items with ~40 fields each).
pub const MAX_COMPLEXITY: usize = 5_000;
/// Most aliases in one document.
pub const MAX_ALIASES: usize = 30;
/// Most directives on one field.
pub const MAX_DIRECTIVES: usize = 5;
/// Refuses documents the pre-scan refuses (too large, too many tokens, nested too deep) before
/// they reach the parser, variables nested too deep, and documents with more than
/// [`MAX_ALIASES`] aliases. The transports run the same pre-scan first (to answer 400); this is
/// the guard for every path into the schema, the WebSocket's included.
#[derive(Debug, Default)]
pub struct QueryShapeLimits;

impl ExtensionFactory for QueryShapeLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryShapeLimitsExtension)
    }
}

struct QueryShapeLimitsExtension;

fn limit_error(message: String) -> ServerError {
    coded_error("GRAPHQL_VALIDATION_FAILED", message)
}

fn coded_error(code: &str, message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

fn count_aliases(selection_set: &SelectionSet, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    selection_set
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + count_aliases(&field.node.selection_set.node, depth + 1)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node, depth + 1),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Aliases in every operation and fragment of a document.
pub fn alias_count(document: &ExecutableDocument) -> usize {
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| count_aliases(&operation.node.selection_set.node, 0))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|fragment| count_aliases(&fragment.node.selection_set.node, 0))
        .sum();
    in_operations + in_fragments
}

/// How deep the variables nest (lists and objects), walked without recursion.
fn variables_depth(variables: &Variables) -> usize {
    use async_graphql::Value;
    let mut deepest = 0;
    let mut pending: Vec<(&Value, usize)> = variables.iter().map(|(_, value)| (value, 1)).collect();
    while let Some((value, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::List(items) => pending.extend(items.iter().map(|item| (item, depth + 1))),
            Value::Object(fields) => pending.extend(fields.values().map(|field| (field, depth + 1))),
            _ => {}
        }
    }
    deepest
}

#[async_graphql::async_trait::async_trait]
impl Extension for QueryShapeLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        crate::prescan::prescan_document(query).map_err(|refusal| coded_error(refusal.code, refusal.message))?;
        if variables_depth(variables) > crate::prescan::MAX_JSON_NESTING {
            return Err(coded_error(
                "VARIABLES_TOO_DEEP",
                format!("the variables nest more than {} deep", crate::prescan::MAX_JSON_NESTING),
            ));
        }
        let document = next.run(ctx, query, variables).await?;
        let aliases = alias_count(&document);
        if aliases > MAX_ALIASES {
            return Err(limit_error(format!(
                "the query uses {aliases} aliases; the limit is {MAX_ALIASES}"
            )));
        }
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_counted_in_operations_and_fragments() {
        let document = async_graphql::parser::parse_query(
            "query { a: viewer { b: signedIn } ...F } fragment F on Query { c: viewer { signedIn } }",
        )
        .unwrap();
        assert_eq!(alias_count(&document), 3);
    }
}
