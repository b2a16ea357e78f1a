//! What anyone may read, for crawlers and open data: public, published items with their last
//! modification, through the same read filter as every list (an anonymous scope).

use chrono::{DateTime, Utc};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::policy::{ReadScope, Viewer};
use serde_json::{Map, json};

use crate::audience::read_filter;
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
}
