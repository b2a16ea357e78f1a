//! The open data catalogue as RDF (DCAT-AP 3, with the choices of the Spanish DCAT-AP-ES / NTI-RISP
//! profile that datos.gob.es harvests): one small graph model written out as JSON-LD and as
//! Turtle, so the two never say different things.

use serde_json::{Map, Value, json};

/// Prefixes of the vocabularies the catalogue uses.
const PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
];

/// The object of a statement.
#[derive(Debug, Clone)]
pub(crate) enum Term {
    /// A resource named by its IRI.
    Iri(String),
    /// A plain string.
    Text(String),
    /// A string in a language (`es`, `en`…).
    Lang(String, &'static str),
    /// A typed literal (`xsd:date`, `xsd:dateTime`), the datatype as a prefixed name.
    Typed(String, &'static str),
    /// A resource described in place.
    Node(Node),
}

/// A resource: its IRI (none for a blank node), its classes, and what is said of it, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    pub id: Option<String>,
    pub types: Vec<&'static str>,
    pub properties: Vec<(&'static str, Term)>,
}

impl Node {
    /// A resource named `id` of class `class`.
    pub fn named(id: impl Into<String>, class: &'static str) -> Node {
        Node {
            id: Some(id.into()),
            types: vec![class],
            properties: Vec::new(),
        }
    }

    /// A blank node of class `class`.
    pub fn blank(class: &'static str) -> Node {
        Node {
            id: None,
            types: vec![class],
            properties: Vec::new(),
        }
    }

    /// Adds a statement.
    pub fn with(mut self, property: &'static str, term: Term) -> Node {
        self.properties.push((property, term));
        self
    }
}

/// The graph as JSON-LD (compacted with the prefixes as the context).
pub(crate) fn json_ld(root: &Node) -> Value {
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(prefix, iri)| ((*prefix).to_owned(), json!(iri)))
        .collect();
    let mut document = node_json(root);
    if let Value::Object(map) = &mut document {
        let mut with_context = Map::new();
        with_context.insert("@context".into(), Value::Object(context));
        with_context.extend(std::mem::take(map));
        *map = with_context;
    }
    document
}

fn node_json(node: &Node) -> Value {
    let mut map = Map::new();
    if let Some(id) = &node.id {
        map.insert("@id".into(), json!(id));
    }
    if !node.types.is_empty() {
        map.insert("@type".into(), json!(node.types));
    }
    for (property, term) in &node.properties {
        let value = match term {
            Term::Iri(iri) => json!({ "@id": iri }),
            Term::Text(text) => json!(text),
            Term::Lang(text, language) => json!({ "@value": text, "@language": language }),
            Term::Typed(text, datatype) => json!({ "@value": text, "@type": datatype }),
            Term::Node(child) => node_json(child),
        };
        match map.get_mut(*property) {
            Some(Value::Array(values)) => values.push(value),
            Some(single) => {
                let first = single.take();
                *single = Value::Array(vec![first, value]);
            }
            None => {
                map.insert((*property).to_owned(), value);
            }
        }
    }
    Value::Object(map)
}

/// The graph as Turtle: named resources as their own blocks, blank nodes nested in place.
pub(crate) fn turtle(root: &Node) -> String {
    let mut out = String::new();
    for (prefix, iri) in PREFIXES {
        out.push_str(&format!("@prefix {prefix}: <{iri}> .\n"));
    }
    // Named resources are written in the order they are first mentioned.
    // A resource mentioned several times (a licence, a language) is described once.
    let mut pending: Vec<&Node> = vec![root];
    let mut written: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut next = 0;
    while let Some(node) = pending.get(next).copied() {
        next += 1;
        if let Some(id) = node.id.as_deref()
            && !written.insert(id)
        {
            continue;
        }
        out.push('\n');
        let subject = node.id.as_deref().map(iri_ref).unwrap_or_else(|| "[]".to_owned());
        out.push_str(&subject);
        out.push_str(&statements(node, 1, &mut pending));
        out.push_str(" .\n");
    }
    out
}

/// `a class ; property object ; …` of a node, nested blank nodes in brackets; named children are
/// referred to by IRI and queued to be written as blocks of their own.
fn statements<'a>(node: &'a Node, depth: usize, pending: &mut Vec<&'a Node>) -> String {
    let indent = "    ".repeat(depth);
    let mut parts: Vec<String> = Vec::new();
    if !node.types.is_empty() {
        parts.push(format!("a {}", node.types.join(", ")));
    }
    for (property, term) in &node.properties {
        let object = match term {
            Term::Iri(iri) => iri_ref(iri),
            Term::Text(text) => literal(text),
            Term::Lang(text, language) => format!("{}@{language}", literal(text)),
            Term::Typed(text, datatype) => format!("{}^^{datatype}", literal(text)),
            Term::Node(child) => match &child.id {
                Some(id) => {
                    pending.push(child);
                    iri_ref(id)
                }
                None => format!("[{}\n{indent}]", statements(child, depth + 1, pending)),
            },
        };
        parts.push(format!("{property} {object}"));
    }
    parts
        .iter()
        .map(|part| format!("\n{indent}{part}"))
        .collect::<Vec<_>>()
        .join(" ;")
}

/// A quoted Turtle string.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An IRI in angle brackets, with the characters Turtle forbids there escaped.
fn iri_ref(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len() + 2);
    out.push('<');
    for c in iri.chars() {
        match c {
            '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | ' ' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)))
            }
            c if u32::from(c) <= 0x20 => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Node {
        Node::named("https://plaza.example/datos#catalogo", "dcat:Catalog")
            .with("dct:title", Term::Lang("Datos \"abiertos\"\nde Plaza".into(), "es"))
            .with("dct:title", Term::Lang("Plaza open data".into(), "en"))
            .with(
                "dcat:dataset",
                Term::Node(
                    Node::named("https://plaza.example/datos#casos", "dcat:Dataset")
                        .with("dct:modified", Term::Typed("2026-12-01".into(), "xsd:date"))
                        .with(
                            "dct:publisher",
                            Term::Node(Node::blank("foaf:Agent").with("foaf:name", Term::Text("Plaza".into()))),
                        ),
                ),
            )
    }

    #[test]
    fn repeated_properties_become_arrays_and_nodes_nest_in_json_ld() {
        let document = json_ld(&sample());
        assert_eq!(document["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
        assert_eq!(document["@type"], json!(["dcat:Catalog"]));
        assert_eq!(document["dct:title"][1]["@language"], "en");
        assert_eq!(document["dcat:dataset"]["dct:modified"]["@type"], "xsd:date");
        assert_eq!(document["dcat:dataset"]["dct:publisher"]["foaf:name"], "Plaza");
    }

    #[test]
    fn turtle_escapes_literals_and_writes_named_resources_as_blocks() {
        let text = turtle(&sample());
        assert!(
            text.contains("dct:title \"Datos \\\"abiertos\\\"\\nde Plaza\"@es"),
            "{text}"
        );
        assert!(
            text.contains("dcat:dataset <https://plaza.example/datos#casos>"),
            "{text}"
        );
        assert!(
            text.contains("\n<https://plaza.example/datos#casos>\n    a dcat:Dataset"),
            "{text}"
        );
        assert!(
            text.contains("dct:publisher [\n        a foaf:Agent ;\n        foaf:name \"Plaza\"\n    ]"),
            "{text}"
        );
        assert_eq!(iri_ref("https://x.example/a b"), "<https://x.example/a\\u0020b>");
    }
}
