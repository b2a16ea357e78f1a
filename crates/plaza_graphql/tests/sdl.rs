//! The committed SDL matches the code, and every type, field, argument and enum value has a
//! description (the SDL is the API's documentation).

use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

const COMMITTED: &str = include_str!("../../../schema/graphql/schema.graphql");

#[test]
fn the_committed_schema_matches_the_code() {
    let generated = plaza_graphql::sdl();
    assert!(
        generated == COMMITTED,
        "schema/graphql/schema.graphql is stale: run `make sdl` and commit the result"
    );
}

#[test]
fn every_type_field_argument_and_enum_value_has_a_description() {
    let document = async_graphql::parser::parse_schema(plaza_graphql::sdl()).expect("valid SDL");
    let mut missing = Vec::new();
    let mut checked = 0;
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        let name = ty.name.node.as_str();
        checked += 1;
        if ty.description.is_none() {
            missing.push(format!("type {name}"));
        }
        match &ty.kind {
            TypeKind::Object(object) => {
                for field in &object.fields {
                    checked += 1;
                    if field.node.description.is_none() {
                        missing.push(format!("field {name}.{}", field.node.name.node));
                    }
                    for argument in &field.node.arguments {
                        checked += 1;
                        if argument.node.description.is_none() {
                            missing.push(format!(
                                "argument {name}.{}({})",
                                field.node.name.node, argument.node.name.node
                            ));
                        }
                    }
                }
            }
            TypeKind::Interface(interface) => {
                for field in &interface.fields {
                    checked += 1;
                    if field.node.description.is_none() {
                        missing.push(format!("field {name}.{}", field.node.name.node));
                    }
                }
            }
            TypeKind::InputObject(input) => {
                for field in &input.fields {
                    checked += 1;
                    if field.node.description.is_none() {
                        missing.push(format!("input field {name}.{}", field.node.name.node));
                    }
                }
            }
            TypeKind::Enum(values) => {
                for value in &values.values {
                    checked += 1;
                    if value.node.description.is_none() {
                        missing.push(format!("enum value {name}.{}", value.node.value.node));
                    }
                }
            }
            TypeKind::Scalar | TypeKind::Union(_) => {}
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented ({} of {checked}):\n{}",
        missing.len(),
        missing.join("\n")
    );
    assert!(checked > 200, "the check saw the schema ({checked} items)");
}

// The pre-scan fuzzed against a reference model (one test binary for the crate).
#[path = "fuzz/prescan.rs"]
mod prescan_fuzz;
