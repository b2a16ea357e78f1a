//! The network's legal pages as its administrators saved them.

use chrono::{DateTime, Utc};
use plaza_domain::ids::MemberId;
use serde_json::json;

use crate::connect::Store;
use crate::doc::{corrupt, parse_timestamp, timestamp};
use crate::error::StorageError;

/// A saved legal page.
#[derive(Debug, Clone)]
pub struct StoredLegalPage {
    /// Markdown.
    pub body: String,
    /// Rendered HTML.
    pub body_html: String,
    /// When it was saved.
    pub updated_at: DateTime<Utc>,
    /// Who saved it.
    pub updated_by: MemberId,
}

#[derive(Debug, serde::Deserialize)]
struct Row {
    id: String,
    body: String,
    body_html: String,
    updated_at: String,
    updated_by: String,
}

impl Store {
    /// The legal page `slug` as last saved, if it ever was.
    pub async fn legal_page(&self, slug: &str) -> Result<Option<StoredLegalPage>, StorageError> {
        let row: Option<Row> = self.get_record("legal_page", slug).await?;
        row.map(|row| {
            Ok(StoredLegalPage {
                updated_at: parse_timestamp(&row.updated_at, &row.id)?,
                updated_by: MemberId::parse(&row.updated_by).map_err(corrupt(&row.id))?,
                body: row.body,
                body_html: row.body_html,
            })
        })
        .transpose()
    }

    /// Saves the legal page `slug`.
    pub async fn save_legal_page(&self, slug: &str, page: &StoredLegalPage) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('legal_page', $slug) SET body = $body, body_html = $html, \
             updated_at = <datetime>$at, updated_by = $by RETURN NONE",
            json!({
                "slug": slug,
                "body": page.body,
                "html": page.body_html,
                "at": timestamp(page.updated_at),
                "by": page.updated_by.as_string(),
            }),
        )
        .await?;
        Ok(())
    }
}
