//! The in-memory aggregator between searches and the database: a search or a click costs one
//! short lock and a map update; a background task of the server flushes the counters (every
//! ~30 s and at shutdown) as increments, so several servers add up.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use plaza_domain::search_stats::{PositionBucket, normalize_query, week_start};
use plaza_storage::{SearchStatDelta, StorageError, Store};

/// Most distinct (week, query) pairs held between two flushes. Beyond it new queries are
/// dropped (and counted in the log) so that a flood of distinct queries cannot grow memory.
const PENDING_MAX: usize = 20_000;

#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    searches: u64,
    zero_results: u64,
    clicks: [u64; 5],
}

#[derive(Debug, Default)]
struct Pending {
    counters: HashMap<(NaiveDate, String), Counters>,
    dropped: u64,
}

/// Counts searches and clicks until the next flush. Holds no member, agency, session or
/// address: only the normalized query, its week and counters.
#[derive(Debug, Default)]
pub struct SearchStatsRecorder {
    pending: Mutex<Pending>,
}

impl SearchStatsRecorder {
    /// An empty recorder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a search (the first page of results) of `query` as typed; empty queries are
    /// ignored.
    pub fn record_search(&self, query: &str, found_nothing: bool) {
        if let Some(query) = normalize_query(query) {
            self.record_search_on(today(), query, found_nothing);
        }
    }

    /// Counts a click on the result at `bucket` of a search for `query` (normalized).
    pub fn record_click(&self, query: String, bucket: PositionBucket) {
        self.add(week_start(today()), query, |counters| {
            counters.clicks[bucket.index()] += 1;
        });
    }

    fn record_search_on(&self, day: NaiveDate, query: String, found_nothing: bool) {
        self.add(week_start(day), query, |counters| {
            counters.searches += 1;
            counters.zero_results += u64::from(found_nothing);
        });
    }

    fn add(&self, week: NaiveDate, query: String, update: impl FnOnce(&mut Counters)) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (week, query);
        if pending.counters.len() >= PENDING_MAX && !pending.counters.contains_key(&key) {
            pending.dropped += 1;
            return;
        }
        update(pending.counters.entry(key).or_default());
    }

    /// Takes every pending counter (leaving none), with how many events were dropped.
    fn take(&self) -> (Vec<SearchStatDelta>, u64) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = std::mem::take(&mut *pending);
        let deltas = taken
            .counters
            .into_iter()
            .map(|((week, query), counters)| SearchStatDelta {
                week,
                query,
                searches: counters.searches,
                zero_results: counters.zero_results,
                clicks: counters.clicks,
            })
            .collect();
        (deltas, taken.dropped)
    }

    /// Puts counters back after a failed flush, so the next one tries again.
    fn restore(&self, deltas: Vec<SearchStatDelta>) {
        for delta in deltas {
            self.add(delta.week, delta.query, |counters| {
                counters.searches += delta.searches;
                counters.zero_results += delta.zero_results;
                for (total, more) in counters.clicks.iter_mut().zip(delta.clicks) {
                    *total += more;
                }
            });
        }
    }

    /// Adds the pending counters to the database; returns how many (week, query) rows were
    /// written. On failure the counters stay pending for the next flush.
    pub async fn flush(&self, store: &Store) -> Result<usize, StorageError> {
        let (deltas, dropped) = self.take();
        if dropped > 0 {
            tracing::warn!(
                dropped,
                "search analytics: too many distinct queries between flushes, some dropped"
            );
        }
        if deltas.is_empty() {
            return Ok(0);
        }
        match store.add_search_stats(&deltas).await {
            Ok(()) => Ok(deltas.len()),
            Err(error) => {
                self.restore(deltas);
                Err(error)
            }
        }
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn searches_and_clicks_gather_under_their_week_and_normalized_query() {
        let recorder = SearchStatsRecorder::new();
        recorder.record_search_on(day(2025, 6, 2), "bulos".into(), true);
        recorder.record_search_on(day(2025, 6, 8), "bulos".into(), false);
        recorder.record_search_on(day(2025, 6, 9), "bulos".into(), false);
        recorder.record_search("   ", false);
        let (mut deltas, dropped) = recorder.take();
        deltas.sort_by_key(|delta| delta.week);
        assert_eq!(dropped, 0);
        assert_eq!(deltas.len(), 2, "{deltas:?}");
        assert_eq!(
            (deltas[0].week, deltas[0].searches, deltas[0].zero_results),
            (day(2025, 6, 2), 2, 1)
        );
        assert_eq!((deltas[1].week, deltas[1].searches), (day(2025, 6, 9), 1));
        assert!(recorder.take().0.is_empty(), "taking empties the recorder");
    }

    #[test]
    fn a_failed_flush_puts_the_counters_back() {
        let recorder = SearchStatsRecorder::new();
        recorder.record_search("Bulos  en campaña", false);
        recorder.record_click("bulos en campaña".into(), PositionBucket::FourToTen);
        let (deltas, _) = recorder.take();
        recorder.record_search("bulos en campaña", true);
        recorder.restore(deltas);
        let (deltas, _) = recorder.take();
        assert_eq!(deltas.len(), 1);
        assert_eq!((deltas[0].searches, deltas[0].zero_results), (2, 1));
        assert_eq!(deltas[0].clicks, [0, 0, 0, 1, 0]);
    }

    #[test]
    fn new_queries_beyond_the_limit_are_dropped_and_counted() {
        let recorder = SearchStatsRecorder::new();
        let monday = day(2025, 6, 2);
        for index in 0..PENDING_MAX + 5 {
            recorder.record_search_on(monday, format!("q{index}"), false);
        }
        recorder.record_search_on(monday, "q0".into(), false);
        let (deltas, dropped) = recorder.take();
        assert_eq!(deltas.len(), PENDING_MAX);
        assert_eq!(dropped, 5);
        assert!(deltas.iter().any(|delta| delta.query == "q0" && delta.searches == 2));
    }
}
