//! What anyone may read, for crawlers and open data: public, published items with their last
//! modification, through the same read filter as every list (an anonymous scope).

use chrono::{DateTime, Utc};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::policy::{ReadScope, Viewer};
use serde_json::{Map, json};

use crate::audience::read_filter;
use crate::changes::{ChangedItem, item_from_row};
use crate::connect::Store;
use crate::doc::{corrupt, parse_timestamp};
use crate::error::StorageError;

impl Store {
    /// Public, published items of `kind`, most recently updated first, at most `limit`.
    pub async fn public_items(
        &self,
        kind: ContentKind,
        limit: usize,
    ) -> Result<Vec<(ItemRef, DateTime<Utc>)>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            key: String,
            updated_at: String,
        }
        let mut vars = Map::new();
        let filter = read_filter(&ReadScope::of(&Viewer::Anonymous), &mut vars);
        vars.insert("table".into(), json!(kind.code()));
        vars.insert("limit".into(), json!(limit));
        let sql = format!(
            "SELECT meta::id(id) AS key, updated_at FROM type::table($table) WHERE {filter}
             ORDER BY updated_at DESC LIMIT $limit"
        );
        let rows: Vec<Row> = self.query_rows(&sql, serde_json::Value::Object(vars), 0).await?;
        rows.into_iter()
            .map(|row| {
                let item = ItemRef::of(kind, &row.key).map_err(corrupt(&row.key))?;
                Ok((item, parse_timestamp(&row.updated_at, &row.key)?))
            })
            .collect()
    }

    /// One batch of the public, published items of `kind`, in key order (ULIDs: creation
    /// order), after the key `after`, at most `first`. Open data reads the items batch by batch
    /// this way, so memory stays bounded however many there are; each batch is a range scan
    /// from `after`, not a scan from the start.
    pub async fn public_batch(
        &self,
        kind: ContentKind,
        after: Option<&str>,
        first: usize,
    ) -> Result<Vec<ChangedItem>, StorageError> {
        use std::ops::Bound;
        use surrealdb::types::{RecordId, RecordIdKey, RecordIdKeyRange, SurrealValue, Value};
        let mut vars = Map::new();
        let filter = read_filter(&ReadScope::of(&Viewer::Anonymous), &mut vars);
        vars.insert("limit".into(), json!(first));
        let Value::Object(mut bound) = serde_json::Value::Object(vars).into_value() else {
            return Err(StorageError::Database("variables are not an object".into()));
        };
        let start = match after {
            Some(key) => Bound::Excluded(RecordIdKey::String(key.to_owned())),
            None => Bound::Unbounded,
        };
        let range = RecordIdKeyRange {
            start,
            end: Bound::Unbounded,
        };
        bound.insert(
            "range",
            Value::RecordId(RecordId::new(kind.code(), RecordIdKey::Range(Box::new(range)))),
        );
        let sql = format!("SELECT * FROM $range WHERE {filter} LIMIT $limit");
        let mut response = self.execute_bound(&sql, Some(Value::Object(bound))).await?;
        let rows: Vec<serde_json::Value> = crate::connect::take_rows(&mut response, 0)?;
        rows.into_iter().map(|row| item_from_row(kind, row)).collect()
    }
}
