//! Search analytics: what people search for, week by week, without saying who.
//!
//! The rules live here so every path applies the same ones: a query is recorded in a
//! normalized form (trimmed, lowercased, spaces collapsed, at most [`QUERY_MAX_CHARS`]
//! characters), against the ISO week it was made in (weeks start on Monday, UTC); clicks on
//! results are counted in position buckets; and a query is shown only when it was searched
//! at least [`MIN_SEARCHES_LISTED`] times in a week. Nothing identifies a searcher: no member,
//! agency, session or address is ever stored with a query.

use chrono::{Datelike, Days, NaiveDate};

use crate::ValidationError;

/// The fewest searches of one query in one week for the query to be listed (smaller counts
/// are suppressed: a rare query may identify the person who typed it).
pub const MIN_SEARCHES_LISTED: u64 = 3;
/// Longest query kept, in characters (after normalization); longer queries are cut.
pub const QUERY_MAX_CHARS: usize = 100;
/// Longest query a click report may carry, in characters (before normalization).
pub const CLICK_QUERY_MAX_CHARS: usize = 500;
/// Deepest result position a click report may name.
pub const CLICK_POSITION_MAX: u32 = 1_000;
/// Most weeks one analytics read covers.
pub const WEEKS_MAX: u32 = 52;
/// Most queries listed per list (top queries, zero-result queries).
pub const QUERIES_LISTED: usize = 20;

/// The form a query is counted under: trimmed, lowercased, runs of whitespace as one space,
/// control characters dropped, cut at [`QUERY_MAX_CHARS`] characters. Operators stay as typed.
/// `None` for a query with nothing left.
pub fn normalize_query(raw: &str) -> Option<String> {
    let mut normalized = String::with_capacity(raw.len().min(QUERY_MAX_CHARS * 4));
    let mut chars = 0;
    for word in raw.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if chars > 0 {
            if chars + 1 >= QUERY_MAX_CHARS {
                break;
            }
            normalized.push(' ');
            chars += 1;
        }
        for lower in word.chars().flat_map(char::to_lowercase) {
            if chars == QUERY_MAX_CHARS {
                break;
            }
            normalized.push(lower);
            chars += 1;
        }
        if chars == QUERY_MAX_CHARS {
            break;
        }
    }
    (!normalized.is_empty()).then_some(normalized)
}

/// The Monday that starts the ISO week of `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// Where a clicked result sat in the list, in the buckets analytics report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionBucket {
    /// The first result.
    First,
    /// The second.
    Second,
    /// The third.
    Third,
    /// Fourth to tenth (the rest of the first page).
    FourToTen,
    /// Beyond the tenth.
    BeyondTen,
}

impl PositionBucket {
    /// Every bucket, in order.
    pub const ALL: [PositionBucket; 5] = [
        PositionBucket::First,
        PositionBucket::Second,
        PositionBucket::Third,
        PositionBucket::FourToTen,
        PositionBucket::BeyondTen,
    ];

    /// The bucket of a 1-based position.
    pub fn of(position: u32) -> Self {
        match position {
            0 | 1 => PositionBucket::First,
            2 => PositionBucket::Second,
            3 => PositionBucket::Third,
            4..=10 => PositionBucket::FourToTen,
            _ => PositionBucket::BeyondTen,
        }
    }

    /// The bucket's label: `1`, `2`, `3`, `4-10`, `>10`.
    pub fn label(self) -> &'static str {
        match self {
            PositionBucket::First => "1",
            PositionBucket::Second => "2",
            PositionBucket::Third => "3",
            PositionBucket::FourToTen => "4-10",
            PositionBucket::BeyondTen => ">10",
        }
    }

    /// Its index in [`PositionBucket::ALL`].
    pub fn index(self) -> usize {
        match self {
            PositionBucket::First => 0,
            PositionBucket::Second => 1,
            PositionBucket::Third => 2,
            PositionBucket::FourToTen => 3,
            PositionBucket::BeyondTen => 4,
        }
    }
}

/// A click on a search result, as reported by a client: the query (1 to
/// [`CLICK_QUERY_MAX_CHARS`] characters) and the 1-based position (1 to
/// [`CLICK_POSITION_MAX`]). Returns the normalized query and the position's bucket.
pub fn parse_click(query: &str, position: i32) -> Result<(String, PositionBucket), ValidationError> {
    let position = u32::try_from(position)
        .ok()
        .filter(|position| (1..=CLICK_POSITION_MAX).contains(position))
        .ok_or_else(|| ValidationError::new("position", format!("must be between 1 and {CLICK_POSITION_MAX}")))?;
    let length = query.chars().count();
    let normalized = normalize_query(query).filter(|_| length <= CLICK_QUERY_MAX_CHARS);
    let normalized = normalized.ok_or_else(|| {
        ValidationError::new(
            "query",
            format!("1 to {CLICK_QUERY_MAX_CHARS} characters, no control characters"),
        )
    })?;
    Ok((normalized, PositionBucket::of(position)))
}

/// How many weeks an analytics read covers: 1 to [`WEEKS_MAX`].
pub fn parse_weeks(weeks: i32) -> Result<u32, ValidationError> {
    u32::try_from(weeks)
        .ok()
        .filter(|weeks| (1..=WEEKS_MAX).contains(weeks))
        .ok_or_else(|| ValidationError::new("weeks", format!("must be between 1 and {WEEKS_MAX}")))
}

/// The first day (a Monday) of a window of `weeks` weeks ending with the week of `today`.
pub fn window_start(today: NaiveDate, weeks: u32) -> NaiveDate {
    let back = u64::from(weeks.saturating_sub(1)) * 7;
    let monday = week_start(today);
    monday.checked_sub_days(Days::new(back)).unwrap_or(monday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn queries_are_trimmed_lowercased_and_their_spaces_collapsed() {
        assert_eq!(
            normalize_query("  Bulos   en\tCampaña \n").as_deref(),
            Some("bulos en campaña")
        );
        assert_eq!(
            normalize_query("tipo:caso \"WhatsApp\" -tiktok").as_deref(),
            Some("tipo:caso \"whatsapp\" -tiktok")
        );
        assert_eq!(normalize_query(" \t\n"), None);
        assert_eq!(normalize_query(""), None);
        assert_eq!(normalize_query("a\u{0}b").as_deref(), Some("a b"));
    }

    #[test]
    fn long_queries_are_cut_at_the_maximum_without_a_trailing_space() {
        let long = "palabra ".repeat(40);
        let normalized = normalize_query(&long).unwrap();
        assert!(normalized.chars().count() <= QUERY_MAX_CHARS);
        assert!(!normalized.ends_with(' '));
        let one_word = "ñ".repeat(300);
        assert_eq!(normalize_query(&one_word).unwrap().chars().count(), QUERY_MAX_CHARS);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(day(2025, 6, 4)), day(2025, 6, 2));
        assert_eq!(week_start(day(2025, 6, 2)), day(2025, 6, 2));
        assert_eq!(week_start(day(2025, 6, 8)), day(2025, 6, 2));
        assert_eq!(week_start(day(2026, 1, 1)), day(2025, 12, 29));
        assert_eq!(window_start(day(2025, 6, 4), 1), day(2025, 6, 2));
        assert_eq!(window_start(day(2025, 6, 4), 8), day(2025, 4, 14));
    }

    #[test]
    fn positions_fall_in_their_buckets() {
        let labels: Vec<&str> = [1, 2, 3, 4, 10, 11, 1000]
            .into_iter()
            .map(|p| PositionBucket::of(p).label())
            .collect();
        assert_eq!(labels, ["1", "2", "3", "4-10", "4-10", ">10", ">10"]);
        for (index, bucket) in PositionBucket::ALL.into_iter().enumerate() {
            assert_eq!(bucket.index(), index);
        }
    }

    #[test]
    fn click_reports_are_bounded() {
        assert_eq!(
            parse_click(" Bulos ", 2).unwrap(),
            ("bulos".to_owned(), PositionBucket::Second)
        );
        assert_eq!(parse_click("bulos", 0).unwrap_err().field, "position");
        assert_eq!(parse_click("bulos", 1001).unwrap_err().field, "position");
        assert_eq!(parse_click("bulos", -3).unwrap_err().field, "position");
        assert_eq!(parse_click("   ", 1).unwrap_err().field, "query");
        assert_eq!(parse_click(&"a".repeat(501), 1).unwrap_err().field, "query");
        assert!(parse_click(&"a".repeat(500), 1000).is_ok());
    }

    #[test]
    fn analytics_windows_are_one_to_fifty_two_weeks() {
        assert_eq!(parse_weeks(8), Ok(8));
        assert!(parse_weeks(0).is_err());
        assert!(parse_weeks(53).is_err());
    }
}
