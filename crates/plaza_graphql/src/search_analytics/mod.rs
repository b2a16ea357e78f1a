//! Search analytics: what people search for, week by week, for network administrators —
//! the most searched queries, the queries that find nothing (the editors' to-do list) and
//! where people click in the results.
//!
//! Privacy: searches are counted by normalized query and ISO week only; no member, agency,
//! session or address is recorded with them. A query is listed only when it was searched at
//! least `MIN_SEARCHES_LISTED` (3) times in a week; the store applies that rule in the queries
//! that read, so raw rows never reach this layer. `recordSearchClick` is anonymous by design.

mod recorder;

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use chrono::{Days, NaiveDate};
use plaza_domain::policy;
use plaza_domain::search_stats::{self, MIN_SEARCHES_LISTED, PositionBucket};
use plaza_storage::{PeriodStats, QueryStat};

pub use recorder::SearchStatsRecorder;

use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::scalars::Date;

/// Counts a first-page search in the schema's recorder, if there is one.
pub(crate) fn record_search(ctx: &Context<'_>, query: &str, found_nothing: bool) {
    if let Ok(recorder) = ctx.data::<Arc<SearchStatsRecorder>>() {
        recorder.record_search(query, found_nothing);
    }
}

/// A query listed in search analytics, with its counts over a period.
#[derive(Debug, Clone, SimpleObject)]
pub struct SearchQueryStat {
    /// The query as typed, trimmed, lowercased, spaces collapsed, at most 100 characters.
    pub query: String,
    /// How many times it was searched (first pages of results).
    pub count: u64,
    /// How many of those searches found nothing.
    pub zero_results: u64,
    /// Clicks on its results.
    pub clicks: u64,
}

impl From<QueryStat> for SearchQueryStat {
    fn from(stat: QueryStat) -> Self {
        Self {
            query: stat.query,
            count: stat.searches,
            zero_results: stat.zero_results,
            clicks: stat.clicks,
        }
    }
}

/// Clicks on results at one position of the list.
#[derive(Debug, Clone, SimpleObject)]
pub struct SearchClickPosition {
    /// The position: `1`, `2`, `3`, `4-10` or `>10`.
    pub position: String,
    /// Clicks on results there.
    pub count: u64,
}

/// Search analytics over a period: a week, or the whole window.
#[derive(Debug, Clone, SimpleObject)]
pub struct SearchAnalyticsPeriod {
    /// First day of the period (a Monday; weeks are ISO weeks in UTC).
    pub start: Date,
    /// Last day of the period (a Sunday).
    pub end: Date,
    /// Every search of the period (first pages of results, listed query or not).
    pub total_searches: u64,
    /// Every search that found nothing.
    pub zero_result_searches: u64,
    /// The most searched queries, most first (at most 20; only queries searched at least 3
    /// times in a week).
    pub top_queries: Vec<SearchQueryStat>,
    /// Queries that found nothing at least once, most such searches first (at most 20; only
    /// queries searched at least 3 times in a week): the editors' to-do list.
    pub zero_result_queries: Vec<SearchQueryStat>,
    /// Clicks on results by position, every position listed.
    pub click_positions: Vec<SearchClickPosition>,
}

impl SearchAnalyticsPeriod {
    fn of(stats: PeriodStats, end: NaiveDate) -> Self {
        Self {
            start: Date(stats.start),
            end: Date(end),
            total_searches: stats.searches,
            zero_result_searches: stats.zero_results,
            top_queries: stats.top.into_iter().map(SearchQueryStat::from).collect(),
            zero_result_queries: stats.zero.into_iter().map(SearchQueryStat::from).collect(),
            click_positions: PositionBucket::ALL
                .into_iter()
                .map(|bucket| SearchClickPosition {
                    position: bucket.label().to_owned(),
                    count: stats.clicks[bucket.index()],
                })
                .collect(),
        }
    }
}

/// What people searched for over a window of weeks.
#[derive(Debug, Clone, SimpleObject)]
pub struct SearchAnalytics {
    /// The fewest searches of a query in one week for it to be listed (3): rarer queries are
    /// suppressed, since they may identify who typed them.
    pub minimum_count: u64,
    /// The whole window. A query's counts there add up the weeks in which it was listed.
    pub overall: SearchAnalyticsPeriod,
    /// Weeks with any search or click, newest first.
    pub weeks: Vec<SearchAnalyticsPeriod>,
}

fn sunday_after(monday: NaiveDate) -> NaiveDate {
    monday.checked_add_days(Days::new(6)).unwrap_or(monday)
}

/// Search analytics queries.
#[derive(Debug, Default)]
pub struct SearchAnalyticsQuery;

#[Object]
impl SearchAnalyticsQuery {
    /// What people searched for, week by week (network administrators only): totals, the most
    /// searched queries, the queries that found nothing and clicks by result position. Queries
    /// searched fewer than 3 times in a week are never listed.
    async fn search_analytics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many weeks, this one included: 1 to 52.", default = 8)] weeks: Option<i32>,
    ) -> ApiResult<SearchAnalytics> {
        policy::can_read_network_analytics(context::viewer(ctx))?;
        let weeks = search_stats::parse_weeks(weeks.unwrap_or(8)).map_err(ApiError::Invalid)?;
        let today = chrono::Utc::now().date_naive();
        let since = search_stats::window_start(today, weeks);
        let stored = context::store(ctx)?.search_analytics(since).await?;
        let this_week_end = sunday_after(search_stats::week_start(today));
        Ok(SearchAnalytics {
            minimum_count: MIN_SEARCHES_LISTED,
            overall: SearchAnalyticsPeriod::of(stored.overall, this_week_end),
            weeks: stored
                .weeks
                .into_iter()
                .map(|week| {
                    let end = sunday_after(week.start);
                    SearchAnalyticsPeriod::of(week, end)
                })
                .collect(),
        })
    }
}

/// Search analytics mutations.
#[derive(Debug, Default)]
pub struct SearchAnalyticsMutation;

#[Object]
impl SearchAnalyticsMutation {
    /// Counts a click on a search result, for search analytics. Anyone may call it, signed in
    /// or not; nothing about the caller is recorded. Returns true once counted.
    async fn record_search_click(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The query whose results were shown, as typed (1 to 500 characters).")] query: String,
        #[graphql(desc = "The clicked result's position in the whole list, from 1 (at most 1000).")] position: i32,
    ) -> ApiResult<bool> {
        let (query, bucket) = search_stats::parse_click(&query, position).map_err(ApiError::Invalid)?;
        match ctx.data::<Arc<SearchStatsRecorder>>() {
            Ok(recorder) => {
                recorder.record_click(query, bucket);
                Ok(true)
            }
            Err(_) => Ok(false),
        }
    }
}
