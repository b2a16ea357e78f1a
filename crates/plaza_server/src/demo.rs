//! The demo network shipped with the binary (`demo/`, built from public-sector texts; see
//! `demo/ATTRIBUTION.md`).

use plaza_storage::Store;

use crate::import::{ImportReport, import_jsonl};

/// The demo records, in import order (agencies, members, then content).
const DEMO: &str = include_str!("../demo/demo.jsonl");

/// Loads the demo network; idempotent.
pub async fn seed(store: &Store) -> ImportReport {
    import_jsonl(store, DEMO, |_| {}).await
}
