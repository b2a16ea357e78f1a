//! What changed since a point in time, for derived data (the search index). The database
//! stamps `changed_at` on every write (migration 0002), whoever wrote.

use chrono::{DateTime, Utc};
use plaza_domain::case_study::CaseStudy;
use plaza_domain::guideline::Guideline;
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::practice::Practice;
use serde_json::Value as Json;

use crate::connect::Store;
use crate::doc::parse_timestamp;
use crate::error::StorageError;

/// A changed content record, in any status.
#[derive(Debug, Clone)]
pub enum ChangedItem {
    /// A case study (boxed: with its rendered sections it is much larger than the others).
    CaseStudy(Box<CaseStudy>),
    /// A practice.
    Practice(Practice),
    /// A guideline.
    Guideline(Guideline),
    /// A discussion or question.
    Discussion(crate::discussions::StoredDiscussion),
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

impl Store {
    /// Who may read each of `wanted`, aligned with it (`None` for an item with no record), in
    /// one round trip and without reading the items' contents: the second check of a search
    /// whose results do not ask for their items.
    pub async fn audiences(
        &self,
        wanted: &[ItemRef],
    ) -> Result<Vec<Option<plaza_domain::content::Audience>>, StorageError> {
        use crate::audience::{AUDIENCE_FIELDS, AudienceRow};
        use surrealdb::types::RecordId;
        let ids = wanted
            .iter()
            .map(|item| RecordId::new(item.table(), item.key()))
            .collect();
        let rows: Vec<AudienceRow> = self.select_ids(AUDIENCE_FIELDS, ids).await?;
        let mut found = std::collections::HashMap::new();
        for row in rows {
            let Some((table, _)) = row.id.split_once(':') else {
                continue;
            };
            let Ok(kind) = ContentKind::parse(table) else { continue };
            let Ok(item) = ItemRef::of(kind, crate::connect::record_key(&row.id)) else {
                continue;
            };
            found.insert(item, row.into_audience()?);
        }
        Ok(wanted.iter().map(|item| found.remove(item)).collect())
    }
}

impl ChangedItem {
    /// A reference to the item.
    pub fn item_ref(&self) -> ItemRef {
        match self {
            ChangedItem::CaseStudy(case) => ItemRef::CaseStudy(case.id),
            ChangedItem::Practice(practice) => ItemRef::Practice(practice.id),
            ChangedItem::Guideline(guideline) => ItemRef::Guideline(guideline.id),
            ChangedItem::Discussion(discussion) => ItemRef::Discussion(discussion.id),
        }
    }

    /// Who may read the item: owner, visibility, status, authors.
    pub fn audience(&self) -> &plaza_domain::content::Audience {
        match self {
            ChangedItem::CaseStudy(case) => &case.audience,
            ChangedItem::Practice(practice) => &practice.audience,
            ChangedItem::Guideline(guideline) => &guideline.audience,
            ChangedItem::Discussion(discussion) => &discussion.audience,
        }
    }
}

/// A content row of `kind` as its domain record.
pub(crate) fn item_from_row(kind: ContentKind, row: Json) -> Result<ChangedItem, StorageError> {
    Ok(match kind {
        ContentKind::CaseStudy => ChangedItem::CaseStudy(Box::new(crate::case_studies::case_study_from_json(row)?)),
        ContentKind::Practice => ChangedItem::Practice(crate::practices::practice_from_json(row)?),
        ContentKind::Guideline => ChangedItem::Guideline(crate::guidelines::guideline_from_json(row)?),
        ContentKind::Discussion => ChangedItem::Discussion(crate::discussions::discussion_from_json(row)?),
    })
}

impl Store {
    /// Records of `kind` changed at or after `since` (all when `None`), oldest change first, at
    /// most `limit`. Callers re-read from the latest instant they saw, so nothing on a boundary
    /// is missed.
    pub async fn changes_since(
        &self,
        kind: ContentKind,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<Changes, StorageError> {
        let mut changes = Changes::default();
        {
            let table = kind.code();
            // Two statements rather than `$since = NULL OR …`: the disjunction would keep the
            // database from walking the `changed_at` index, and every poll would scan the table.
            // The table name is literal (our constant) and the instant a typed datetime, so the
            // database can walk the `changed_at` index; `$since = NONE OR …` would scan the table.
            let sql = match since {
                Some(_) => {
                    format!("SELECT * FROM {table} WHERE changed_at >= $since ORDER BY changed_at ASC LIMIT $limit")
                }
                None => format!("SELECT * FROM {table} ORDER BY changed_at ASC LIMIT $limit"),
            };
            let mut vars = surrealdb::types::Object::new();
            vars.insert("limit", i64::try_from(limit).unwrap_or(i64::MAX));
            if let Some(since) = since {
                vars.insert("since", surrealdb::types::Value::Datetime(since.into()));
            }
            let mut response = self
                .execute_bound(&sql, Some(surrealdb::types::Value::Object(vars)))
                .await?;
            let rows: Vec<Json> = crate::connect::take_rows(&mut response, 0)?;
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
                changes.items.push(item_from_row(kind, row)?);
                changes.changed_at.push(changed);
            }
        }
        Ok(changes)
    }
}

impl Store {
    /// How many records a content table holds (what a full reindex walks through).
    pub async fn record_count(&self, kind: ContentKind) -> Result<u64, StorageError> {
        let rows: Vec<Json> = self
            .query_rows(
                &format!("SELECT count() AS n FROM {} GROUP ALL", kind.code()),
                Json::Null,
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.get("n"))
            .and_then(Json::as_u64)
            .unwrap_or(0))
    }

    /// Loads many content records in one query (search hits), in the order asked; `None` for
    /// one that no longer exists. The caller still checks each against the policy.
    pub async fn contents(&self, wanted: &[ItemRef]) -> Result<Vec<Option<ChangedItem>>, StorageError> {
        use surrealdb::types::RecordId;
        let ids = wanted
            .iter()
            .map(|item| RecordId::new(item.table(), item.key()))
            .collect();
        let rows: Vec<Json> = self.select_ids("*", ids).await?;
        let mut found: std::collections::HashMap<ItemRef, ChangedItem> = std::collections::HashMap::new();
        for row in rows {
            let id = row.get("id").and_then(Json::as_str).unwrap_or_default().to_owned();
            let Some(kind) = id.split_once(':').and_then(|(table, _)| ContentKind::parse(table).ok()) else {
                continue;
            };
            let item = item_from_row(kind, row)?;
            found.insert(item.item_ref(), item);
        }
        Ok(wanted.iter().map(|item| found.remove(item)).collect())
    }
}
