//! Whole-database snapshots: every table, schema included, as SurrealQL written by the
//! database's own export from one read transaction (a consistent point in time, taken while
//! the service runs and writes), restored into an empty database by the database's own import.
//! Trusted operator tools only (`plaza backup`, `plaza restore`, `GET /admin/backup`).

use std::path::Path;

use futures::StreamExt;
use serde_json::Value as Json;
use sha2::Digest as _;

use crate::connect::{Store, StoreConfig};
use crate::error::StorageError;

/// The snapshot's text, in pieces, as the database writes it.
pub type SnapshotStream = std::pin::Pin<Box<dyn futures::Stream<Item = Result<Vec<u8>, StorageError>> + Send>>;

/// Tables that coordinate running replicas rather than hold the network's data: restored like
/// every other, but left out of [`Store::table_digests`] (they change by themselves).
pub const COORDINATION_TABLES: &[&str] = &["cluster_event", "lease"];
/// Fields the database stamps itself on every write (and so on every restore), left out of the
/// digests.
const STAMPED_FIELDS: &[&str] = &["changed_at"];
/// Records read at a time while digesting a table.
const DIGEST_PAGE: usize = 1_000;

/// One table's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    /// The table.
    pub table: String,
    /// How many records it holds.
    pub records: u64,
    /// SHA-256 over its records in id order (database-stamped fields left out), hex.
    pub sha256: String,
}

impl Store {
    /// Streams a snapshot of the whole database (the embedded engines; a database server's
    /// snapshot comes from its HTTP `/export`).
    pub async fn snapshot(&self) -> Result<SnapshotStream, StorageError> {
        self.count_trip();
        let backup = self.db.export(()).await?;
        Ok(Box::pin(backup.map(|piece| piece.map_err(StorageError::from))))
    }

    /// The database's tables, by name.
    pub async fn tables(&self) -> Result<Vec<String>, StorageError> {
        let mut response = self.execute("INFO FOR DB", Json::Null).await?;
        let info: Option<Json> = response.take(0)?;
        let mut tables: Vec<String> = info
            .as_ref()
            .and_then(|info| info.get("tables"))
            .and_then(Json::as_object)
            .map(|tables| tables.keys().cloned().collect())
            .unwrap_or_default();
        tables.sort();
        Ok(tables)
    }

    /// Connects to an empty database (refusing one that holds any table), imports the
    /// snapshot at `path` into it, then applies the migrations newer than the snapshot. The
    /// embedded engines import here; a database server imports over its HTTP interface (the
    /// server's `plaza restore` does that between [`Store::open_empty`] and
    /// [`Store::finish_restore`]).
    pub async fn restore(config: &StoreConfig, path: &Path) -> Result<Store, StorageError> {
        let store = Store::open_empty(config).await?;
        store.count_trip();
        store.db.import(path).await?;
        store.finish_restore().await?;
        Ok(store)
    }

    /// Connects to a database that must be empty (one holding any table is refused and left
    /// as it is), without creating the schema: a snapshot brings its own.
    pub async fn open_empty(config: &StoreConfig) -> Result<Store, StorageError> {
        let store = Store::connect_unmigrated(config).await?;
        let existing = store.tables().await?;
        if !existing.is_empty() {
            return Err(StorageError::Conflict(format!(
                "restore needs an empty database; this one has {} tables ({}…)",
                existing.len(),
                existing.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(store)
    }

    /// After a snapshot was imported: applies the migrations newer than it.
    pub async fn finish_restore(&self) -> Result<(), StorageError> {
        self.migrate().await
    }

    /// Every data table's record count and digest (coordination tables left out): two
    /// databases with the same digests hold the same records.
    pub async fn table_digests(&self) -> Result<Vec<TableDigest>, StorageError> {
        let mut digests = Vec::new();
        for table in self.tables().await? {
            if COORDINATION_TABLES.contains(&table.as_str()) {
                continue;
            }
            let mut hasher = sha2::Sha256::new();
            let mut records = 0u64;
            let mut start = 0usize;
            loop {
                let rows: Vec<Json> = self
                    .query_rows(
                        "SELECT * FROM type::table($table) ORDER BY id LIMIT $limit START $start",
                        serde_json::json!({ "table": table, "limit": DIGEST_PAGE, "start": start }),
                        0,
                    )
                    .await?;
                for mut row in rows.iter().cloned() {
                    if let Some(fields) = row.as_object_mut() {
                        for field in STAMPED_FIELDS {
                            fields.remove(*field);
                        }
                    }
                    // serde_json's maps are ordered by key, so equal records print alike.
                    hasher.update(row.to_string().as_bytes());
                    hasher.update(b"\n");
                    records += 1;
                }
                if rows.len() < DIGEST_PAGE {
                    break;
                }
                start += DIGEST_PAGE;
            }
            digests.push(TableDigest {
                table,
                records,
                sha256: hex_of(&hasher.finalize()),
            });
        }
        Ok(digests)
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
