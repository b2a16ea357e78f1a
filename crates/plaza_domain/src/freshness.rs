//! Freshness: every published item carries a review-by date. Past it, the item is marked as
//! possibly outdated in reads and search until its owners verify it, update it or withdraw it.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::ValidationError;
use crate::content::PublicationStatus;
use crate::ids::MemberId;

/// Days after an update (or a verification) before an item is due for review.
pub const REVIEW_INTERVAL_DAYS: u64 = 365;
/// Days before the review-by date when owners are reminded.
pub const REMINDER_LEAD_DAYS: u64 = 14;
/// Furthest review-by date owners may set, in days from today (five years).
pub const REVIEW_HORIZON_DAYS: u64 = 5 * 366;

/// The date an item is due for review: the date its owners set, unless the item was updated
/// after it (an update is a review), else a year after its last update.
pub fn review_by(updated_at: DateTime<Utc>, set: Option<NaiveDate>) -> NaiveDate {
    let updated = updated_at.date_naive();
    match set {
        Some(set) if set >= updated => set,
        _ => updated
            .checked_add_days(Days::new(REVIEW_INTERVAL_DAYS))
            .unwrap_or(updated),
    }
}

/// Whether a reader should be warned that the item may be outdated.
pub fn possibly_outdated(status: PublicationStatus, review_by: NaiveDate, today: NaiveDate) -> bool {
    status == PublicationStatus::Published && review_by < today
}

/// Validates a review-by date chosen on `today`: not in the past, at most five years ahead.
pub fn validate_review_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if date < today {
        return Err(ValidationError::new("reviewBy", "the review date is in the past"));
    }
    let horizon = today.checked_add_days(Days::new(REVIEW_HORIZON_DAYS)).unwrap_or(today);
    if date > horizon {
        return Err(ValidationError::new(
            "reviewBy",
            "the review date is more than five years ahead",
        ));
    }
    Ok(date)
}

/// The review date a verification on `today` sets when none is given.
pub fn next_review(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(REVIEW_INTERVAL_DAYS)).unwrap_or(today)
}

/// Longest reason for marking an item obsolete, in characters.
pub const OBSOLETE_REASON_MAX_CHARS: usize = 500;

/// A mark an editor put on an item's review state: who, when and, for "obsolete", why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewMark {
    /// The member who put it.
    pub by: MemberId,
    /// When.
    pub at: DateTime<Utc>,
    /// Why (an obsolete mark's reason).
    pub reason: Option<String>,
}

/// The marks on an item: the last "still current" confirmation, and the "obsolete" mark while
/// it stands (a later confirmation lifts it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewMarks {
    /// The last verification.
    pub verified: Option<ReviewMark>,
    /// The obsolete mark, if the item is marked obsolete.
    pub obsolete: Option<ReviewMark>,
}

/// Validates why an item is obsolete: required, one paragraph, at most
/// [`OBSOLETE_REASON_MAX_CHARS`] characters.
pub fn validate_obsolete_reason(raw: &str) -> Result<String, ValidationError> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(ValidationError::new(
            "reason",
            "say why it is obsolete (what replaced it, what changed)",
        ));
    }
    let length = reason.chars().count();
    if length > OBSOLETE_REASON_MAX_CHARS {
        return Err(ValidationError::new(
            "reason",
            format!("{length} characters; the maximum is {OBSOLETE_REASON_MAX_CHARS}"),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationError::new("reason", "the reason contains control characters"));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_item_is_due_a_year_after_its_update_unless_a_date_was_set() {
        let updated = Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap();
        assert_eq!(review_by(updated, None), day(2025, 3, 1));
        assert_eq!(review_by(updated, Some(day(2024, 9, 1))), day(2024, 9, 1));
        // Updated after the date passed: the update counts as the review.
        assert_eq!(review_by(updated, Some(day(2024, 2, 1))), day(2025, 3, 1));
    }

    #[test]
    fn only_published_items_past_their_date_are_outdated() {
        let due = day(2025, 3, 1);
        assert!(possibly_outdated(PublicationStatus::Published, due, day(2025, 3, 2)));
        assert!(!possibly_outdated(PublicationStatus::Published, due, day(2025, 3, 1)));
        assert!(!possibly_outdated(PublicationStatus::Withdrawn, due, day(2026, 1, 1)));
        assert!(!possibly_outdated(PublicationStatus::Draft, due, day(2026, 1, 1)));
    }

    #[test]
    fn review_dates_are_in_the_next_five_years() {
        let today = day(2026, 11, 22);
        assert!(validate_review_date(day(2026, 11, 21), today).is_err());
        assert!(validate_review_date(day(2032, 1, 1), today).is_err());
        assert_eq!(validate_review_date(day(2027, 6, 30), today), Ok(day(2027, 6, 30)));
        assert_eq!(next_review(today), day(2027, 11, 22));
    }

    #[test]
    fn an_obsolete_mark_needs_a_short_reason() {
        assert_eq!(
            validate_obsolete_reason("  Sustituido por la guía de 2026 \n"),
            Ok("Sustituido por la guía de 2026".to_owned())
        );
        assert_eq!(
            validate_obsolete_reason(" \n ").map_err(|e| e.field),
            Err("reason".to_owned())
        );
        assert!(validate_obsolete_reason(&"a".repeat(OBSOLETE_REASON_MAX_CHARS)).is_ok());
        assert!(validate_obsolete_reason(&"a".repeat(OBSOLETE_REASON_MAX_CHARS + 1)).is_err());
        assert!(validate_obsolete_reason("ok\u{7}").is_err());
        assert!(validate_obsolete_reason("línea uno\nlínea dos").is_ok());
    }
}
