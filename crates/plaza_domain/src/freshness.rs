//! Freshness: every published item carries a review-by date. Past it, the item is marked as
//! possibly outdated in reads and search until its owners verify it, update it or withdraw it.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::ValidationError;
use crate::content::PublicationStatus;

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
}
