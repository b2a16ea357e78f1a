//! Just enough of the published SDL (`schema/graphql/schema.graphql`) to aim a huge string at
//! every string argument of every root field, and at every string field of their input objects.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

const SDL: &str = include_str!("../../../schema/graphql/schema.graphql");

/// A field, an argument or an input field: its name, its type as written (`[ID!]!`), and
/// whether it has a default.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub name: String,
    pub ty: String,
    pub default: bool,
}

/// A field of an object type with its arguments.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub slot: Slot,
    pub args: Vec<Slot>,
}

#[derive(Debug, Default)]
pub(super) struct Schema {
    objects: HashMap<String, Vec<Field>>,
    inputs: HashMap<String, Vec<Slot>>,
    enums: HashMap<String, Vec<String>>,
    scalars: HashSet<String>,
}

/// `name: Type = default` (with a trailing comma or not).
fn slot(line: &str) -> Option<Slot> {
    let line = line.trim().trim_end_matches(',');
    let (name, rest) = line.split_once(':')?;
    let (ty, default) = match rest.split_once('=') {
        Some((ty, _)) => (ty, true),
        None => (rest, false),
    };
    let ty = ty.split('@').next().unwrap_or_default().trim().to_owned();
    Some(Slot {
        name: name.trim().to_owned(),
        ty,
        default,
    })
}

/// The named type under list and non-null wrappers.
pub(super) fn base(ty: &str) -> &str {
    ty.trim_matches(|c| matches!(c, '[' | ']' | '!'))
}

impl Schema {
    pub(super) fn load() -> Schema {
        let mut schema = Schema::default();
        let mut in_doc = false;
        // The block being read: ("type" | "input" | "enum", name).
        let mut block: Option<(String, String)> = None;
        let mut field: Option<Field> = None;
        for line in SDL.lines() {
            if line.trim() == "\"\"\"" {
                in_doc = !in_doc;
                continue;
            }
            if in_doc || line.trim().is_empty() {
                continue;
            }
            let Some((kind, name)) = &block else {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["scalar", name, ..] => {
                        schema.scalars.insert((*name).to_owned());
                    }
                    [kind @ ("type" | "input" | "enum" | "interface"), name, ..] if line.ends_with('{') => {
                        block = Some(((*kind).to_owned(), (*name).to_owned()));
                    }
                    _ => {}
                }
                continue;
            };
            if line == "}" {
                block = None;
                continue;
            }
            match kind.as_str() {
                "enum" => {
                    let value = line.split_whitespace().next().unwrap_or_default().to_owned();
                    schema.enums.entry(name.clone()).or_default().push(value);
                }
                "input" => {
                    if let Some(slot) = slot(line) {
                        schema.inputs.entry(name.clone()).or_default().push(slot);
                    }
                }
                _ => {
                    let fields = schema.objects.entry(name.clone()).or_default();
                    if let Some(open) = line.strip_prefix('\t').and_then(|l| l.strip_suffix('(')) {
                        field = Some(Field {
                            slot: Slot {
                                name: open.trim().to_owned(),
                                ty: String::new(),
                                default: false,
                            },
                            args: Vec::new(),
                        });
                    } else if let Some(ty) = line.strip_prefix("\t):") {
                        if let Some(mut done) = field.take() {
                            done.slot.ty = ty.split('@').next().unwrap_or_default().trim().to_owned();
                            fields.push(done);
                        }
                    } else if line.starts_with("\t\t") {
                        if let (Some(open), Some(arg)) = (field.as_mut(), slot(line)) {
                            open.args.push(arg);
                        }
                    } else if let Some(slot) = slot(line) {
                        fields.push(Field { slot, args: Vec::new() });
                    }
                }
            }
        }
        schema
    }

    /// The fields of an object type (`Query`, `Mutation`).
    pub(super) fn fields(&self, object: &str) -> &[Field] {
        self.objects.get(object).map_or(&[], Vec::as_slice)
    }

    /// The fields of an input object type, if `name` is one.
    pub(super) fn input(&self, name: &str) -> Option<&[Slot]> {
        self.inputs.get(name).map(Vec::as_slice)
    }

    /// Whether a string can go where `ty` is wanted (strings, IDs and custom scalars).
    pub(super) fn takes_string(&self, ty: &str) -> bool {
        let base = base(ty);
        matches!(base, "String" | "ID") || self.scalars.contains(base)
    }

    /// Whether values of `ty` need a selection set.
    pub(super) fn is_composite(&self, ty: &str) -> bool {
        let base = base(ty);
        !(matches!(base, "String" | "ID" | "Int" | "Float" | "Boolean")
            || self.scalars.contains(base)
            || self.enums.contains_key(base))
    }

    /// A plain valid-looking value of `ty` as JSON (required input fields filled in).
    pub(super) fn sample(&self, ty: &str, depth: usize) -> Value {
        if ty.trim_end_matches('!').starts_with('[') {
            return json!([]);
        }
        let base = base(ty);
        match base {
            "String" | "ID" => json!("x"),
            "Int" => json!(1),
            "Float" => json!(1.0),
            "Boolean" => json!(true),
            "Date" => json!("2024-01-01"),
            "DateTime" => json!("2024-01-01T00:00:00Z"),
            _ => {
                if let Some(values) = self.enums.get(base) {
                    return json!(values.first().cloned().unwrap_or_default());
                }
                match self.inputs.get(base) {
                    Some(fields) if depth < 4 => {
                        let required = fields.iter().filter(|f| f.ty.ends_with('!') && !f.default);
                        let object: Map<String, Value> = required
                            .map(|f| (f.name.clone(), self.sample(&f.ty, depth + 1)))
                            .collect();
                        Value::Object(object)
                    }
                    _ => json!("x"),
                }
            }
        }
    }

    /// `value` (JSON) written as a GraphQL literal of type `ty` (enums bare).
    pub(super) fn literal(&self, ty: &str, value: &Value) -> String {
        let inner = ty.trim_end_matches('!');
        match value {
            Value::Array(items) => {
                let item_ty = inner
                    .strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or(inner);
                let items: Vec<String> = items.iter().map(|item| self.literal(item_ty, item)).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Object(fields) => {
                let slots = self.inputs.get(base(ty)).map_or(&[][..], Vec::as_slice);
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(name, value)| {
                        let field_ty = slots
                            .iter()
                            .find(|s| &s.name == name)
                            .map_or("String", |s| s.ty.as_str());
                        format!("{name}: {}", self.literal(field_ty, value))
                    })
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            Value::String(text) if self.enums.contains_key(base(ty)) => text.clone(),
            other => other.to_string(),
        }
    }
}

/// One way to put a huge string into a root field: the document (with `$v` standing for the
/// string's container when `as_variable`), and the variable's type and value.
#[derive(Debug)]
pub(super) struct Aimed {
    pub label: String,
    pub query: String,
}

/// Documents that put `huge` in every string argument of every field of `root` (`query` or
/// `mutation`), and in every string field of an input-object argument; inline when
/// `as_variable` is false, else as `$v` (whose value is in `variables`).
pub(super) fn aim(schema: &Schema, root: &str, huge: &Value, as_variable: bool) -> Vec<(Aimed, Value)> {
    let object = if root == "mutation" { "Mutation" } else { "Query" };
    let mut aimed = Vec::new();
    for field in schema.fields(object) {
        // Each target: the argument it is in, and the input field (if any) it replaces.
        let mut targets: Vec<(&Slot, Option<&Slot>)> = Vec::new();
        for arg in &field.args {
            if schema.takes_string(&arg.ty) {
                targets.push((arg, None));
            } else if let Some(fields) = schema.input(base(&arg.ty)) {
                targets.extend(
                    fields
                        .iter()
                        .filter(|f| schema.takes_string(&f.ty))
                        .map(|f| (arg, Some(f))),
                );
            }
        }
        for (target, inner) in targets {
            let wrap = |ty: &str, value: Value| {
                if ty.trim_end_matches('!').starts_with('[') {
                    json!([value])
                } else {
                    value
                }
            };
            let value = match inner {
                None => wrap(&target.ty, huge.clone()),
                Some(inner) => {
                    let mut object = schema.sample(base(&target.ty), 0);
                    object[&inner.name] = wrap(&inner.ty, huge.clone());
                    wrap(&target.ty, object)
                }
            };
            let mut args = Vec::new();
            for arg in &field.args {
                if std::ptr::eq(arg, target) {
                    let written = if as_variable {
                        "$v".to_owned()
                    } else {
                        schema.literal(&arg.ty, &value)
                    };
                    args.push(format!("{}: {written}", arg.name));
                } else if arg.ty.ends_with('!') && !arg.default {
                    args.push(format!(
                        "{}: {}",
                        arg.name,
                        schema.literal(&arg.ty, &schema.sample(&arg.ty, 0))
                    ));
                }
            }
            let selection = if schema.is_composite(&field.slot.ty) {
                " { __typename }"
            } else {
                ""
            };
            let header = if as_variable {
                format!("{root}($v: {})", target.ty)
            } else {
                root.to_owned()
            };
            let query = format!("{header} {{ {}({}){selection} }}", field.slot.name, args.join(", "));
            let label = match inner {
                None => format!("{root} {}({})", field.slot.name, target.name),
                Some(inner) => format!("{root} {}({}.{})", field.slot.name, target.name, inner.name),
            };
            let variables = if as_variable { json!({ "v": value }) } else { json!({}) };
            aimed.push((Aimed { label, query }, variables));
        }
    }
    aimed
}
