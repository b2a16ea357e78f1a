//! The marks on an item's review state, kept on its `review` row beside the review-by date:
//! the last "still current" confirmation (who, when) and the "obsolete" mark (who, when, why).

use chrono::{DateTime, NaiveDate, Utc};
use plaza_domain::freshness::{ReviewMark, ReviewMarks};
use plaza_domain::ids::MemberId;
use plaza_domain::item::ItemRef;
use serde_json::json;

use crate::connect::Store;
use crate::doc::{corrupt, date, parse_timestamp, timestamp};
use crate::error::StorageError;

#[derive(Debug, serde::Deserialize)]
struct MarksRow {
    verified_at: Option<String>,
    verified_by: Option<String>,
    obsolete_at: Option<String>,
    obsolete_by: Option<String>,
    obsolete_reason: Option<String>,
}

fn mark(
    by: Option<&str>,
    at: Option<&str>,
    reason: Option<String>,
    record: &str,
) -> Result<Option<ReviewMark>, StorageError> {
    let (Some(by), Some(at)) = (by, at) else {
        return Ok(None);
    };
    Ok(Some(ReviewMark {
        by: MemberId::parse(by).map_err(corrupt(record))?,
        at: parse_timestamp(at, record)?,
        reason,
    }))
}

impl Store {
    /// The marks on `item`'s review state (none if nobody marked it).
    pub async fn review_marks(&self, item: ItemRef) -> Result<ReviewMarks, StorageError> {
        let record = item.to_string();
        let rows: Vec<MarksRow> = self
            .query_rows(
                "SELECT verified_at, verified_by, obsolete_at, obsolete_by, obsolete_reason
                 FROM type::record('review', $item)",
                json!({ "item": record }),
                0,
            )
            .await?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(ReviewMarks::default());
        };
        Ok(ReviewMarks {
            verified: mark(row.verified_by.as_deref(), row.verified_at.as_deref(), None, &record)?,
            obsolete: mark(
                row.obsolete_by.as_deref(),
                row.obsolete_at.as_deref(),
                row.obsolete_reason,
                &record,
            )?,
        })
    }

    /// Records that `by` confirmed `item` is still current at `at`: the next review-by date is
    /// set and an obsolete mark is lifted.
    pub async fn record_verification(
        &self,
        item: ItemRef,
        review_by: NaiveDate,
        by: MemberId,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('review', $item) SET review_by = $review_by, verified_by = $by,
                verified_at = <datetime>$at, obsolete_at = NONE, obsolete_by = NONE, obsolete_reason = NONE
             RETURN NONE",
            json!({ "item": item.to_string(), "review_by": date(review_by), "by": by.as_string(), "at": timestamp(at) }),
        )
        .await?;
        Ok(())
    }

    /// Marks `item` obsolete (`reason` validated by the caller), or lifts the mark (`None`).
    pub async fn set_obsolete(
        &self,
        item: ItemRef,
        mark: Option<(MemberId, DateTime<Utc>, &str)>,
    ) -> Result<(), StorageError> {
        match mark {
            Some((by, at, reason)) => {
                self.execute(
                    "UPSERT type::record('review', $item) SET obsolete_by = $by, obsolete_at = <datetime>$at,
                        obsolete_reason = $reason RETURN NONE",
                    json!({ "item": item.to_string(), "by": by.as_string(), "at": timestamp(at), "reason": reason }),
                )
                .await?;
            }
            None => {
                self.execute(
                    "UPDATE type::record('review', $item) SET obsolete_at = NONE, obsolete_by = NONE,
                        obsolete_reason = NONE RETURN NONE",
                    json!({ "item": item.to_string() }),
                )
                .await?;
            }
        }
        Ok(())
    }
}
