//! Query limits: depth, complexity, aliases, directives. Set on purpose, tested in the
//! black-box tier. The depth limit leaves room for GraphiQL's introspection query.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Request, ServerError, ServerResult, Variables};

/// Deepest selection nesting accepted (introspection needs 13).
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted (a page of 100 items with ~40 fields each).
pub const MAX_COMPLEXITY: usize = 5_000;
/// Most aliases in one document.
pub const MAX_ALIASES: usize = 30;
/// Most selections a document may expand to once its fragments are spread: a kilobyte of
/// fragments that each spread the previous one twice expands to billions of fields, which no
/// limit on the text sees.
pub const MAX_EXPANDED_SELECTIONS: usize = 10_000;
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

/// A selection set's own selections and the fragments it spreads (with repeats).
fn own_and_spreads<'a>(selection_set: &'a SelectionSet, own: &mut usize, spreads: &mut Vec<&'a str>) {
    for selection in &selection_set.items {
        *own = own.saturating_add(1);
        match &selection.node {
            Selection::Field(field) => own_and_spreads(&field.node.selection_set.node, own, spreads),
            Selection::InlineFragment(fragment) => own_and_spreads(&fragment.node.selection_set.node, own, spreads),
            Selection::FragmentSpread(spread) => spreads.push(spread.node.fragment_name.node.as_str()),
        }
    }
}

/// How many selections the document's operations expand to with every fragment spread in place,
/// computed per fragment once (bottom-up, saturating), never by expanding. Fragments in a cycle
/// count as nothing here: validation refuses cycles.
pub fn expanded_selections(document: &ExecutableDocument) -> usize {
    use std::collections::HashMap;
    let mut pending: HashMap<&str, (usize, Vec<&str>)> = document
        .fragments
        .iter()
        .map(|(name, fragment)| {
            let (mut own, mut spreads) = (0, Vec::new());
            own_and_spreads(&fragment.node.selection_set.node, &mut own, &mut spreads);
            (name.as_str(), (own, spreads))
        })
        .collect();
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    // Resolve fragments whose spreads are all known, round after round (no recursion).
    loop {
        let ready: Vec<&str> = pending
            .iter()
            .filter(|(_, (_, spreads))| {
                spreads
                    .iter()
                    .all(|name| sizes.contains_key(name) || !pending.contains_key(name))
            })
            .map(|(name, _)| *name)
            .collect();
        if ready.is_empty() {
            break;
        }
        for name in ready {
            if let Some((own, spreads)) = pending.remove(name) {
                let size = spreads.iter().fold(own, |total, spread| {
                    total.saturating_add(sizes.get(spread).copied().unwrap_or(0))
                });
                sizes.insert(name, size);
            }
        }
    }
    document
        .operations
        .iter()
        .map(|(_, operation)| {
            let (mut own, mut spreads) = (0, Vec::new());
            own_and_spreads(&operation.node.selection_set.node, &mut own, &mut spreads);
            spreads.iter().fold(own, |total, spread| {
                total.saturating_add(sizes.get(spread).copied().unwrap_or(0))
            })
        })
        .fold(0, usize::saturating_add)
}

/// How deep the variables nest (lists and objects), walked without recursion.
fn variables_depth(variables: &Variables) -> usize {
    use async_graphql::Value;
    let mut deepest = 0;
    let mut pending: Vec<(&Value, usize)> = variables.values().map(|value| (value, 1)).collect();
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
    /// Runs before async-graphql parses: its own checks after parsing (recursion depth,
    /// directives) follow fragment spreads without memory, so a fragment bomb must be refused
    /// before them. The document parsed here is the one executed (no second parse).
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        crate::prescan::prescan_document(&request.query)
            .map_err(|refusal| coded_error(refusal.code, refusal.message))?;
        if variables_depth(&request.variables) > crate::prescan::MAX_JSON_NESTING {
            return Err(coded_error(
                "VARIABLES_TOO_DEEP",
                format!("the variables nest more than {} deep", crate::prescan::MAX_JSON_NESTING),
            ));
        }
        // A syntax error is left to the executor, which reports it with its location.
        if let Ok(document) = request.parsed_query() {
            let expanded = expanded_selections(document);
            if expanded > MAX_EXPANDED_SELECTIONS {
                return Err(coded_error(
                    "QUERY_TOO_COMPLEX",
                    format!("the query expands to more than {MAX_EXPANDED_SELECTIONS} fields through its fragments"),
                ));
            }
            let aliases = alias_count(document);
            if aliases > MAX_ALIASES {
                return Err(limit_error(format!(
                    "the query uses {aliases} aliases; the limit is {MAX_ALIASES}"
                )));
            }
        }
        next.run(ctx, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_that_multiply_are_measured_without_expanding_them() {
        let mut bomb = String::from("{ ...F40 } fragment F0 on Query { __typename }");
        for level in 1..=40 {
            bomb.push_str(&format!(
                " fragment F{level} on Query {{ ...F{p} ...F{p} }}",
                p = level - 1
            ));
        }
        let document = async_graphql::parser::parse_query(&bomb).unwrap();
        // Fragment k holds 3·2^k − 2 selections; the operation adds its own spread.
        assert_eq!(expanded_selections(&document), 3 * (1usize << 40) - 1);
        let ordinary = async_graphql::parser::parse_query(
            "query { viewer { signedIn } ...A } fragment A on Query { a: viewer { ...B } } fragment B on Viewer { signedIn }",
        )
        .unwrap();
        // viewer, signedIn, the spread of A; in A: a, the spread of B; in B: signedIn.
        assert_eq!(expanded_selections(&ordinary), 6);
        let cycle =
            async_graphql::parser::parse_query("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
                .unwrap();
        assert_eq!(expanded_selections(&cycle), 1);
    }

    #[test]
    fn aliases_are_counted_in_operations_and_fragments() {
        let document = async_graphql::parser::parse_query(
            "query { a: viewer { b: signedIn } ...F } fragment F on Query { c: viewer { signedIn } }",
        )
        .unwrap();
        assert_eq!(alias_count(&document), 3);
    }
}
