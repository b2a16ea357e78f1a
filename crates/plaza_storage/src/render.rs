//! Markdown is rendered when content is written, off the async workers, and the HTML is stored
//! beside its source (migration 0012); reads never render. Rows written before that migration
//! are rendered once by [`Store::backfill_rendered_markdown`] when the store opens.

use plaza_domain::case_study::CaseStudyHtml;
use plaza_domain::markdown::render;
use serde_json::{Map, Value as Json, json};
use tracing::info;

use crate::connect::{Store, record_key};
use crate::error::StorageError;

/// Runs CPU-bound work (rendering markdown) on the blocking pool, never on an async worker.
pub(crate) async fn off_worker<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StorageError::Database(format!("rendering failed: {error}")))
}

/// A case study's document with its rendered sections added.
pub(crate) fn with_html(doc: Json, html: &CaseStudyHtml) -> Json {
    let mut doc = doc;
    if let Some(map) = doc.as_object_mut() {
        map.insert("context_html".into(), json!(html.context));
        map.insert("actions_html".into(), json!(html.actions));
        map.insert("lessons_html".into(), json!(html.lessons));
    }
    doc
}

/// Rows rendered per round of the backfill.
const BATCH: usize = 200;

/// A table, its (source, HTML) field pairs, and whether every row is rendered again.
type MarkdownTable = (&'static str, &'static [(&'static str, &'static str)], bool);

/// Each table with markdown: its source fields, each with the field its HTML goes to, and
/// whether every row is rendered again (discussions and replies stored HTML from the unbounded
/// renderer) or only rows without HTML (content written before HTML was stored).
const TABLES: &[MarkdownTable] = &[
    (
        "case_study",
        &[
            ("context", "context_html"),
            ("actions", "actions_html"),
            ("lessons", "lessons_html"),
        ],
        false,
    ),
    ("practice", &[("body", "body_html")], false),
    ("guideline_version", &[("body", "body_html")], false),
    ("discussion", &[("body", "body_html")], true),
    ("reply", &[("body", "body_html")], true),
];

impl Store {
    /// Renders and stores the HTML of every row written before HTML was stored. Runs once
    /// (recorded as a migration); a row a concurrent writer renders first is skipped.
    pub(crate) async fn backfill_rendered_markdown(&self) -> Result<(), StorageError> {
        const NAME: &str = crate::connect::BACKFILL_MIGRATION;
        let applied: Vec<Json> = self
            .query_rows(
                "SELECT * FROM type::record('migration', $name)",
                json!({ "name": NAME }),
                0,
            )
            .await?;
        if !applied.is_empty() {
            return Ok(());
        }
        let mut rendered = 0usize;
        for (table, fields, every_row) in TABLES {
            let sources: Vec<&str> = fields.iter().map(|(source, _)| *source).collect();
            // Rows without HTML leave the selection as they are rendered; when every row is
            // rendered again, pages follow the ids instead.
            let select = if *every_row {
                format!(
                    "SELECT id, {} FROM type::table($table) ORDER BY id LIMIT {BATCH} START $start",
                    sources.join(", ")
                )
            } else {
                format!(
                    "SELECT id, {} FROM type::table($table) WHERE {} IS NONE LIMIT {BATCH}",
                    sources.join(", "),
                    fields[0].1
                )
            };
            let mut start = 0usize;
            loop {
                let rows: Vec<Map<String, Json>> = self
                    .query_rows(&select, json!({ "table": table, "start": start }), 0)
                    .await?;
                start += rows.len();
                if rows.is_empty() {
                    break;
                }
                let count = rows.len();
                let fields: &'static [(&'static str, &'static str)] = fields;
                let updates = off_worker(move || render_rows(rows, fields)).await?;
                let assignments: Vec<String> = fields.iter().map(|(_, html)| format!("{html} = $row.{html}")).collect();
                let update = format!(
                    "FOR $row IN $rows {{ UPDATE type::record($table, $row.key) SET {} RETURN NONE; }};",
                    assignments.join(", ")
                );
                self.execute(&update, json!({ "table": table, "rows": updates }))
                    .await?;
                rendered += count;
                if count < BATCH {
                    break;
                }
            }
        }
        self.execute(
            "CREATE type::record('migration', $name) SET applied_at = time::now() RETURN NONE",
            json!({ "name": NAME }),
        )
        .await?;
        info!(
            rows = rendered,
            "rendered the markdown of rows written before HTML was stored"
        );
        Ok(())
    }
}

/// The HTML of each row's markdown fields, keyed for the update.
fn render_rows(rows: Vec<Map<String, Json>>, fields: &[(&str, &str)]) -> Vec<Json> {
    rows.into_iter()
        .map(|row| {
            let mut update = Map::new();
            let key = row.get("id").and_then(Json::as_str).map(record_key).unwrap_or_default();
            update.insert("key".into(), json!(key));
            for (source, html) in fields {
                let text = row.get(*source).and_then(Json::as_str).unwrap_or_default();
                update.insert((*html).into(), json!(render(text)));
            }
            Json::Object(update)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::StoreConfig;

    async fn html_of(store: &Store, record: &str) -> Option<String> {
        let rows: Vec<Json> = store
            .query_rows(&format!("SELECT VALUE body_html FROM {record}"), Json::Null, 0)
            .await
            .unwrap();
        rows.into_iter()
            .next()
            .and_then(|html| html.as_str().map(str::to_owned))
    }

    #[tokio::test]
    async fn rows_written_before_html_was_stored_are_rendered_once_at_start() {
        let store = Store::connect(&StoreConfig::in_memory()).await.unwrap();
        let bomb = ">".repeat(5_000);
        // A version written before migration 0012 (no HTML), and a reply whose HTML came from
        // the unbounded renderer.
        store
            .execute(
                "CREATE guideline_version:old SET guideline = 'g', version_number = 1, body = $bomb,
                     changelog = '', author = 'm', created_at = time::now();
                 CREATE reply:old SET discussion = 'd', author = 'm', body = $bomb, body_html = $stale,
                     mentions = [], status = 'published', created_at = time::now(), updated_at = time::now();
                 DELETE migration WHERE id = type::record('migration', '0012_rendered_markdown_backfill');",
                json!({ "bomb": bomb, "stale": "<blockquote>".repeat(5_000) }),
            )
            .await
            .unwrap();
        assert_eq!(html_of(&store, "guideline_version:old").await, None);
        store.backfill_rendered_markdown().await.unwrap();
        let expected = render(&bomb);
        assert_eq!(
            expected.matches("<blockquote>").count(),
            plaza_domain::markdown::MAX_NESTING
        );
        assert_eq!(html_of(&store, "guideline_version:old").await, Some(expected.clone()));
        assert_eq!(html_of(&store, "reply:old").await, Some(expected));
        // Recorded: the next start does not render again.
        store
            .execute("UPDATE reply:old SET body_html = 'kept'", Json::Null)
            .await
            .unwrap();
        store.backfill_rendered_markdown().await.unwrap();
        assert_eq!(html_of(&store, "reply:old").await.as_deref(), Some("kept"));
    }
}
