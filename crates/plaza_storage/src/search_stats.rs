//! Search analytics: counters per (ISO week, normalized query), added to by every server
//! (increments, so replicas add up) and read back with small counts suppressed.
//!
//! No row names who searched. Reads never return rows as stored: a query appears only when it
//! was searched at least [`MIN_SEARCHES_LISTED`] times in its week, and that condition is part
//! of every query that lists queries (totals per week count every search, naming none).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plaza_domain::search_stats::{MIN_SEARCHES_LISTED, PositionBucket, QUERIES_LISTED};
use serde_json::{Value as Json, json};

use crate::connect::Store;
use crate::doc::{date, parse_date};
use crate::error::StorageError;

/// Counters gathered since the last flush for one (week, query), added to what is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchStatDelta {
    /// The Monday starting the week.
    pub week: NaiveDate,
    /// The normalized query.
    pub query: String,
    /// Searches (first pages only).
    pub searches: u64,
    /// Of those, searches that found nothing.
    pub zero_results: u64,
    /// Clicks on results, by [`PositionBucket::index`].
    pub clicks: [u64; 5],
}

/// One listed query and its counters over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryStat {
    /// The normalized query.
    pub query: String,
    /// How often it was searched.
    pub searches: u64,
    /// How often it found nothing.
    pub zero_results: u64,
    /// Clicks on its results.
    pub clicks: u64,
}

/// A period's totals and its listed queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodStats {
    /// First day of the period (a Monday).
    pub start: NaiveDate,
    /// Every search of the period (listed or not).
    pub searches: u64,
    /// Every search that found nothing.
    pub zero_results: u64,
    /// Every click, by [`PositionBucket::index`].
    pub clicks: [u64; 5],
    /// The most searched listed queries, most first (at most [`QUERIES_LISTED`]).
    pub top: Vec<QueryStat>,
    /// Listed queries that found nothing at least once, most such searches first (at most
    /// [`QUERIES_LISTED`]): the editors' to-do list.
    pub zero: Vec<QueryStat>,
}

/// Analytics over a window of weeks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchAnalytics {
    /// Weeks with any search, newest first.
    pub weeks: Vec<PeriodStats>,
    /// The whole window; a query's counters add up only its listed weeks.
    pub overall: PeriodStats,
}

/// Rows written per statement when flushing.
const FLUSH_CHUNK: usize = 200;

/// Adds a chunk of deltas; the record key is the (week, query) pair, so each pair is one row.
const ADD: &str = "FOR $row IN $rows {
    UPSERT type::record('search_stat', [$row.week, $row.query]) SET
        week = $row.week,
        query = $row.query,
        searches = (searches ?? 0) + $row.searches,
        zero_results = (zero_results ?? 0) + $row.zero_results,
        click_1 = (click_1 ?? 0) + $row.clicks[0],
        click_2 = (click_2 ?? 0) + $row.clicks[1],
        click_3 = (click_3 ?? 0) + $row.clicks[2],
        click_4_10 = (click_4_10 ?? 0) + $row.clicks[3],
        click_over_10 = (click_over_10 ?? 0) + $row.clicks[4]
    RETURN NONE;
};";

/// Sums of the counters, as `SELECT`ed by the queries below.
const SUMS: &str = "math::sum(searches) AS searches, math::sum(zero_results) AS zero_results,
    math::sum(click_1) AS click_1, math::sum(click_2) AS click_2, math::sum(click_3) AS click_3,
    math::sum(click_4_10) AS click_4_10, math::sum(click_over_10) AS click_over_10";

#[derive(Debug, serde::Deserialize)]
struct SumRow {
    #[serde(default)]
    week: Option<String>,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    searches: i64,
    #[serde(default)]
    zero_results: i64,
    #[serde(default)]
    click_1: i64,
    #[serde(default)]
    click_2: i64,
    #[serde(default)]
    click_3: i64,
    #[serde(default)]
    click_4_10: i64,
    #[serde(default)]
    click_over_10: i64,
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl SumRow {
    fn clicks(&self) -> [u64; 5] {
        [
            count(self.click_1),
            count(self.click_2),
            count(self.click_3),
            count(self.click_4_10),
            count(self.click_over_10),
        ]
    }

    fn into_query_stat(self) -> QueryStat {
        let clicks = self.clicks().iter().sum();
        QueryStat {
            query: self.query.unwrap_or_default(),
            searches: count(self.searches),
            zero_results: count(self.zero_results),
            clicks,
        }
    }
}

/// The listed queries of a scope (one week's rows, or every listed row of the window): the most
/// searched, and those that found nothing. `scope` is a condition on the rows' week.
fn listing_statements(scope: &str, grouped: bool) -> String {
    // Suppression: only rows searched at least K times in their week are ever read here.
    let listed = format!("{scope} AND searches >= {MIN_SEARCHES_LISTED}");
    let (fields, group) = if grouped {
        (format!("query, {SUMS}"), " GROUP BY query")
    } else {
        (
            "query, searches, zero_results, click_1, click_2, click_3, click_4_10, click_over_10".to_owned(),
            "",
        )
    };
    format!(
        "SELECT {fields} FROM search_stat WHERE {listed}{group} ORDER BY searches DESC, query ASC LIMIT {QUERIES_LISTED};
         SELECT {fields} FROM search_stat WHERE {listed} AND zero_results > 0{group}
             ORDER BY zero_results DESC, searches DESC, query ASC LIMIT {QUERIES_LISTED};"
    )
}

impl Store {
    /// Adds counters gathered by a server to the stored ones (creating rows as needed).
    pub async fn add_search_stats(&self, deltas: &[SearchStatDelta]) -> Result<(), StorageError> {
        for chunk in deltas.chunks(FLUSH_CHUNK) {
            let rows: Vec<Json> = chunk
                .iter()
                .map(|delta| {
                    json!({
                        "week": date(delta.week),
                        "query": delta.query,
                        "searches": delta.searches,
                        "zero_results": delta.zero_results,
                        "clicks": delta.clicks,
                    })
                })
                .collect();
            self.execute(ADD, json!({ "rows": rows })).await?;
        }
        Ok(())
    }

    /// Search analytics for the weeks starting on or after `since` (a Monday), with queries
    /// searched fewer than [`MIN_SEARCHES_LISTED`] times in a week left out of every list.
    pub async fn search_analytics(&self, since: NaiveDate) -> Result<SearchAnalytics, StorageError> {
        let window = json!({ "since": date(since) });
        let totals: Vec<SumRow> = self
            .query_rows(
                &format!("SELECT week, {SUMS} FROM search_stat WHERE week >= $since GROUP BY week"),
                window.clone(),
                0,
            )
            .await?;
        let mut weeks: BTreeMap<NaiveDate, PeriodStats> = BTreeMap::new();
        for row in &totals {
            let raw = row.week.as_deref().unwrap_or_default();
            let start = parse_date(raw, "search_stat")?;
            weeks.insert(
                start,
                PeriodStats {
                    start,
                    searches: count(row.searches),
                    zero_results: count(row.zero_results),
                    clicks: row.clicks(),
                    ..PeriodStats::default()
                },
            );
        }
        let mut overall = PeriodStats {
            start: since,
            ..PeriodStats::default()
        };
        for week in weeks.values() {
            overall.searches += week.searches;
            overall.zero_results += week.zero_results;
            for bucket in PositionBucket::ALL {
                overall.clicks[bucket.index()] += week.clicks[bucket.index()];
            }
        }
        // One round trip: the window's listings, then two statements per week.
        let mut sql = listing_statements("week >= $since", true);
        let mut vars = window;
        let starts: Vec<NaiveDate> = weeks.keys().copied().collect();
        for (index, start) in starts.iter().enumerate() {
            sql.push_str(&listing_statements(&format!("week = $week_{index}"), false));
            vars[format!("week_{index}")] = date(*start);
        }
        let mut response = self.execute(&sql, vars).await?;
        let mut listing = |index: usize| -> Result<Vec<QueryStat>, StorageError> {
            let rows: Vec<SumRow> = crate::connect::take_rows(&mut response, index)?;
            Ok(rows.into_iter().map(SumRow::into_query_stat).collect())
        };
        overall.top = listing(0)?;
        overall.zero = listing(1)?;
        for (index, start) in starts.iter().enumerate() {
            let top = listing(2 + 2 * index)?;
            let zero = listing(3 + 2 * index)?;
            if let Some(week) = weeks.get_mut(start) {
                week.top = top;
                week.zero = zero;
            }
        }
        Ok(SearchAnalytics {
            weeks: weeks.into_values().rev().collect(),
            overall,
        })
    }
}
