//! What the evidence features read from content: comparable facts of readable published case
//! studies, replication links, and review-by dates.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use plaza_domain::evidence::CaseEvidence;
use plaza_domain::ids::{AgencyId, CaseStudyId, MemberId};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::policy::ReadScope;
use plaza_domain::taxonomy::{Level, Objective, Platform, parse_codes};
use serde_json::{Map, Value as Json, json};

use crate::audience::read_filter;
use crate::case_studies::MetricRow;
use crate::connect::{Store, record_key};
use crate::doc::{corrupt, date, parse_date, parse_timestamp, timestamp};
use crate::error::StorageError;

/// Most case studies one aggregate reads.
pub const EVIDENCE_CASES_MAX: usize = 20_000;
/// Most items one reminder run handles.
pub const REMINDERS_MAX: usize = 500;

#[derive(Debug, serde::Deserialize)]
struct CaseFactsRow {
    id: String,
    platforms: Vec<String>,
    objectives: Vec<String>,
    agency_level: String,
    agency_country: String,
    #[serde(default)]
    formats: Vec<String>,
    metrics: Vec<MetricRow>,
}

impl CaseFactsRow {
    fn into_evidence(self) -> Result<CaseEvidence, StorageError> {
        let record = self.id.clone();
        let bad = corrupt(&record);
        let metrics = self
            .metrics
            .into_iter()
            .map(|m| m.into_input(&record)?.validate().map_err(&bad))
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(CaseEvidence {
            case: CaseStudyId::parse(record_key(&self.id)).map_err(&bad)?,
            platforms: parse_codes(&self.platforms, Platform::parse).map_err(&bad)?,
            objectives: parse_codes(&self.objectives, Objective::parse).map_err(&bad)?,
            level: Level::parse(&self.agency_level).map_err(&bad)?,
            country: self.agency_country,
            formats: self.formats,
            metrics,
        })
    }
}

/// A published item whose review is due, with who to remind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReview {
    /// The item.
    pub item: ItemRef,
    /// Its owning agency.
    pub agency: AgencyId,
    /// Its authors.
    pub authors: Vec<MemberId>,
    /// When it was last updated.
    pub updated_at: DateTime<Utc>,
    /// The review-by date its owners set, if any.
    pub set: Option<NaiveDate>,
    /// The review-by date last reminded about, if any.
    pub reminded_for: Option<NaiveDate>,
}

/// The content tables that carry review-by dates.
const REVIEWED_KINDS: [ContentKind; 3] = [ContentKind::CaseStudy, ContentKind::Practice, ContentKind::Guideline];

#[derive(Debug, serde::Deserialize)]
struct ReviewRow {
    item: String,
    review_by: Option<String>,
    reminded_for: Option<String>,
}

impl Store {
    /// The comparable facts of every published case study `scope` may read that has metrics
    /// (at most [`EVIDENCE_CASES_MAX`], newest first).
    pub async fn case_evidence(&self, scope: &ReadScope) -> Result<Vec<CaseEvidence>, StorageError> {
        let mut vars = Map::new();
        let filter = read_filter(scope, &mut vars);
        vars.insert("limit".into(), json!(EVIDENCE_CASES_MAX));
        let sql = format!(
            "SELECT id, platforms, objectives, agency_level, agency_country, formats, metrics, created_at FROM case_study \
             WHERE status = 'published' AND array::len(metrics) > 0 AND {filter} \
             ORDER BY created_at DESC LIMIT $limit"
        );
        let rows: Vec<CaseFactsRow> = self.query_rows(&sql, Json::Object(vars), 0).await?;
        rows.into_iter().map(CaseFactsRow::into_evidence).collect()
    }

    /// Links a case study to the case it replicates (replacing an earlier link).
    pub async fn link_replication(
        &self,
        replica: CaseStudyId,
        original: CaseStudyId,
        by: MemberId,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('replication', $key) SET original = $original, linked_by = $by, linked_at = <datetime>$at RETURN NONE",
            json!({ "key": replica.as_string(), "original": original.as_string(), "by": by.as_string(), "at": timestamp(at) }),
        )
        .await?;
        Ok(())
    }

    /// Removes a case study's replication link.
    pub async fn unlink_replication(&self, replica: CaseStudyId) -> Result<(), StorageError> {
        self.execute(
            "DELETE type::record('replication', $key)",
            json!({ "key": replica.as_string() }),
        )
        .await?;
        Ok(())
    }

    /// The case a case study replicates.
    pub async fn replicated_case(&self, replica: CaseStudyId) -> Result<Option<CaseStudyId>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE original FROM type::record('replication', $key)",
                json!({ "key": replica.as_string() }),
                0,
            )
            .await?;
        rows.first()
            .map(|raw| CaseStudyId::parse(raw).map_err(corrupt(raw)))
            .transpose()
    }

    /// The case studies that replicate `original`, oldest link first.
    pub async fn replications_of(&self, original: CaseStudyId) -> Result<Vec<CaseStudyId>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE meta::id(id) FROM replication WHERE original = $original ORDER BY linked_at ASC LIMIT 1000",
                json!({ "original": original.as_string() }),
                0,
            )
            .await?;
        rows.iter()
            .map(|raw| CaseStudyId::parse(raw).map_err(corrupt(raw)))
            .collect()
    }

    /// The review-by dates owners set on `items`; items without one are absent.
    pub async fn review_dates(&self, items: &[ItemRef]) -> Result<HashMap<ItemRef, NaiveDate>, StorageError> {
        if items.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<ReviewRow> = self
            .query_rows(
                "SELECT meta::id(id) AS item, review_by, reminded_for FROM review WHERE meta::id(id) IN $items",
                json!({ "items": items.iter().map(ToString::to_string).collect::<Vec<_>>() }),
                0,
            )
            .await?;
        let mut dates = HashMap::new();
        for row in rows {
            if let Some(raw) = row.review_by.as_deref() {
                let item = ItemRef::parse(&row.item).map_err(corrupt(&row.item))?;
                dates.insert(item, parse_date(raw, &row.item)?);
            }
        }
        Ok(dates)
    }

    /// Sets an item's review-by date (a verification sets the next one).
    pub async fn set_review_date(&self, item: ItemRef, review_by: NaiveDate) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('review', $item) SET review_by = $review_by RETURN NONE",
            json!({ "item": item.to_string(), "review_by": date(review_by) }),
        )
        .await?;
        Ok(())
    }

    /// Records that owners were reminded of the review due on `review_by`.
    pub async fn mark_review_reminded(&self, item: ItemRef, review_by: NaiveDate) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('review', $item) SET reminded_for = $review_by RETURN NONE",
            json!({ "item": item.to_string(), "review_by": date(review_by) }),
        )
        .await?;
        Ok(())
    }

    /// Published items that may be due for review by `horizon`: those last updated a review
    /// interval before it, and those whose owners set a date on or before it. The caller
    /// computes the effective date and skips what was already reminded.
    pub async fn review_candidates(
        &self,
        horizon: NaiveDate,
        updated_before: DateTime<Utc>,
    ) -> Result<Vec<DueReview>, StorageError> {
        #[derive(serde::Deserialize)]
        struct ItemRow {
            id: String,
            agency: String,
            authors: Vec<String>,
            updated_at: String,
        }
        let set_rows: Vec<ReviewRow> = self
            .query_rows(
                "SELECT meta::id(id) AS item, review_by, reminded_for FROM review LIMIT 100000",
                Json::Null,
                0,
            )
            .await?;
        let reviews: HashMap<String, ReviewRow> = set_rows.into_iter().map(|row| (row.item.clone(), row)).collect();
        let early: Vec<String> = reviews
            .values()
            .filter(|row| {
                row.review_by
                    .as_deref()
                    .is_some_and(|on| on <= date(horizon).as_str().unwrap_or(""))
            })
            .map(|row| row.item.clone())
            .collect();
        let mut due = Vec::new();
        for kind in REVIEWED_KINDS {
            let table = kind.code();
            let prefix = format!("{table}:");
            let keys: Vec<&str> = early.iter().filter_map(|item| item.strip_prefix(&prefix)).collect();
            let rows: Vec<ItemRow> = self
                .query_rows(
                    "SELECT id, agency, authors, updated_at FROM type::table($table)
                     WHERE status = 'published' AND (updated_at < <datetime>$before OR meta::id(id) IN $keys)
                     ORDER BY updated_at ASC LIMIT $limit",
                    json!({ "table": table, "before": timestamp(updated_before), "keys": keys, "limit": REMINDERS_MAX }),
                    0,
                )
                .await?;
            for row in rows {
                let item = format!("{table}:{}", record_key(&row.id));
                let review = reviews.get(&item);
                let item_ref = ItemRef::of(kind, record_key(&row.id)).map_err(corrupt(&item))?;
                let parse = |raw: Option<&str>| raw.map(|on| parse_date(on, &item)).transpose();
                due.push(DueReview {
                    agency: AgencyId::parse(&row.agency).map_err(corrupt(&item))?,
                    authors: row
                        .authors
                        .iter()
                        .map(|a| MemberId::parse(a).map_err(corrupt(&item)))
                        .collect::<Result<Vec<_>, _>>()?,
                    updated_at: parse_timestamp(&row.updated_at, &item)?,
                    set: parse(review.and_then(|r| r.review_by.as_deref()))?,
                    reminded_for: parse(review.and_then(|r| r.reminded_for.as_deref()))?,
                    item: item_ref,
                });
            }
        }
        Ok(due)
    }
}
