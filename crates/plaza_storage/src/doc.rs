//! Turning documents into SurrealQL assignments, and stored timestamps back into Rust.
//!
//! Documents are JSON objects built by this crate from domain types, so their keys are our own
//! field names; values are always bound as parameters, never spliced into the query text.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value as Json};
use surrealdb::types::{Object, RecordId, Value};

use crate::error::StorageError;

/// `k1 = $doc.k1, k2 = <datetime>$doc.k2, …` for every key of `doc` (bound as `$doc`).
/// Keys ending in `_at` are timestamps; null values become NONE (an absent optional field).
pub(crate) fn set_clause(doc: &Map<String, Json>) -> String {
    set_clause_for(doc, "doc")
}

/// [`set_clause`] for a document bound under another parameter name (`$d3`).
pub(crate) fn set_clause_for(doc: &Map<String, Json>, param: &str) -> String {
    doc.iter()
        .filter(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(|(key, value)| match value {
            Json::Null => format!("{key} = NONE"),
            _ if key.ends_with("_at") => format!("{key} = <datetime>${param}.{key}"),
            _ => format!("{key} = ${param}.{key}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A content document as a typed row for `INSERT`: `id` the record, top-level `*_at` fields
/// as datetimes, null fields left out (NONE). Binding whole rows keeps bulk writes linear: the
/// database neither parses one statement per record nor walks a bound document per field.
pub(crate) fn insert_row(table: &str, key: &str, doc: Map<String, Json>) -> Result<Value, StorageError> {
    let mut row = Object::new();
    row.insert("id", Value::RecordId(RecordId::new(table, key)));
    for (field, value) in doc {
        if value.is_null() || !field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            continue;
        }
        match value {
            Json::String(raw) if field.ends_with("_at") => {
                row.insert(field, Value::Datetime(parse_timestamp(&raw, key)?.into()));
            }
            other => {
                row.insert(field, other);
            }
        }
    }
    Ok(Value::Object(row))
}

/// Drops the null members of a nested object: SurrealDB stores absent optional fields as NONE,
/// and a JSON null would be refused by `option<…>` fields.
pub(crate) fn without_nulls(value: Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        other => other,
    }
}

/// A timestamp as the database stores it from Rust.
pub(crate) fn timestamp(at: DateTime<Utc>) -> Json {
    Json::String(at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
}

/// Reads a stored timestamp.
pub(crate) fn parse_timestamp(raw: &str, record: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| StorageError::Corrupt {
            record: record.to_owned(),
            reason: format!("bad timestamp {raw}: {error}"),
        })
}

/// Reads a stored calendar date (`YYYY-MM-DD`).
pub(crate) fn parse_date(raw: &str, record: &str) -> Result<NaiveDate, StorageError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|error| StorageError::Corrupt {
        record: record.to_owned(),
        reason: format!("bad date {raw}: {error}"),
    })
}

/// A calendar date as stored.
pub(crate) fn date(on: NaiveDate) -> Json {
    Json::String(on.format("%Y-%m-%d").to_string())
}

/// Marks a record unreadable when the domain refuses what was stored.
pub(crate) fn corrupt(record: &str) -> impl Fn(plaza_domain::ValidationError) -> StorageError + '_ {
    move |error| StorageError::Corrupt {
        record: record.to_owned(),
        reason: error.to_string(),
    }
}

/// Deserialises a row, marking the record corrupt on failure.
pub(crate) fn from_json<R: serde::de::DeserializeOwned>(row: Json) -> Result<R, StorageError> {
    let record = row.get("id").and_then(Json::as_str).unwrap_or("?").to_owned();
    serde_json::from_value(row).map_err(|error| StorageError::Corrupt {
        record,
        reason: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_clause_binds_every_value_and_casts_timestamps() {
        let doc = serde_json::json!({ "title": "x", "created_at": "2024-01-01T00:00:00Z", "published_at": null });
        let clause = set_clause(doc.as_object().unwrap());
        assert_eq!(
            clause,
            "created_at = <datetime>$doc.created_at, published_at = NONE, title = $doc.title"
        );
    }

    #[test]
    fn keys_that_are_not_plain_identifiers_are_never_spliced() {
        let doc = serde_json::json!({ "x; DELETE agency": 1, "ok": 2 });
        assert_eq!(set_clause(doc.as_object().unwrap()), "ok = $doc.ok");
    }
}
