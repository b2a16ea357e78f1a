//! What changed since a point in time, for derived data (the search index). The database
//! stamps `changed_at` on every write (migration 0002), whoever wrote.

use chrono::{DateTime, Utc};
use plaza_domain::case_study::CaseStudy;
use plaza_domain::guideline::Guideline;
use plaza_domain::practice::Practice;
use serde_json::{Value as Json, json};

use crate::connect::Store;
use crate::doc::{parse_timestamp, timestamp};
use crate::error::StorageError;

/// A changed content record, in any status.
#[derive(Debug, Clone)]
pub enum ChangedItem {
    /// A case study.
    CaseStudy(CaseStudy),
    /// A practice.
    Practice(Practice),
    /// A guideline.
    Guideline(Guideline),
}

/// One batch of changes.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// The changed records, oldest change first.
    pub items: Vec<ChangedItem>,
    /// When each item changed, in the same order.
    pub changed_at: Vec<Option<DateTime<Utc>>>,
    /// The latest `changed_at` among them (the next watermark).
    pub latest: Option<DateTime<Utc>>,
}

/// The content tables derived data follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentTable {
    /// Case studies.
    CaseStudies,
    /// Practices.
    Practices,
    /// Guidelines.
    Guidelines,
}

impl ContentTable {
    /// Every content table.
    pub const ALL: [ContentTable; 3] = [
        ContentTable::CaseStudies,
        ContentTable::Practices,
        ContentTable::Guidelines,
    ];

    fn name(self) -> &'static str {
        match self {
            ContentTable::CaseStudies => "case_study",
            ContentTable::Practices => "practice",
            ContentTable::Guidelines => "guideline",
        }
    }
}

impl Store {
    /// Records of `table` changed at or after `since` (all when `None`), oldest change first, at
    /// most `limit`. Callers re-read from the latest instant they saw, so nothing on a boundary
    /// is missed.
    pub async fn changes_since(
        &self,
        table: ContentTable,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<Changes, StorageError> {
        let since = since.map(timestamp).unwrap_or(Json::Null);
        let mut changes = Changes::default();
        {
            let table = table.name();
            let rows: Vec<Json> = self
                .query_rows(
                    "SELECT * FROM type::table($table) WHERE $since = NULL OR changed_at >= <datetime>$since \
                     ORDER BY changed_at ASC LIMIT $limit",
                    json!({ "table": table, "since": since, "limit": limit }),
                    0,
                )
                .await?;
            for row in rows {
                let record = row.get("id").and_then(Json::as_str).unwrap_or("?").to_owned();
                let changed = row
                    .get("changed_at")
                    .and_then(Json::as_str)
                    .map(|at| parse_timestamp(at, &record))
                    .transpose()?;
                if let Some(changed) = changed {
                    changes.latest = Some(changes.latest.map_or(changed, |latest| latest.max(changed)));
                }
                changes.changed_at.push(changed);
                changes.items.push(match table {
                    "case_study" => ChangedItem::CaseStudy(crate::case_studies::case_study_from_json(row)?),
                    "practice" => ChangedItem::Practice(crate::practices::practice_from_json(row)?),
                    _ => ChangedItem::Guideline(crate::guidelines::guideline_from_json(row)?),
                });
            }
        }
        Ok(changes)
    }
}
