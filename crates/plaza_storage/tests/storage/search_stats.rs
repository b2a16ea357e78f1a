//! Search analytics in storage: counters add up across flushes (and servers), and queries
//! searched fewer than K times in a week never leave the store.

use super::*;
use plaza_domain::search_stats::{MIN_SEARCHES_LISTED, PositionBucket};
use plaza_storage::{QueryStat, SearchStatDelta};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn delta(week: NaiveDate, query: &str, searches: u64, zero_results: u64, clicks: [u64; 5]) -> SearchStatDelta {
    SearchStatDelta {
        week,
        query: query.into(),
        searches,
        zero_results,
        clicks,
    }
}

fn listed(stats: &[QueryStat]) -> Vec<(&str, u64, u64, u64)> {
    stats
        .iter()
        .map(|s| (s.query.as_str(), s.searches, s.zero_results, s.clicks))
        .collect()
}

#[tokio::test]
async fn search_counters_add_up_across_flushes() {
    let store = memory_store().await;
    let monday = day(2025, 6, 2);
    // Two flushes (as two servers, or one server twice) of the same query and week.
    store
        .add_search_stats(&[delta(monday, "bulos", 2, 1, [1, 0, 0, 0, 0])])
        .await
        .unwrap();
    store
        .add_search_stats(&[
            delta(monday, "bulos", 2, 1, [1, 1, 0, 1, 0]),
            delta(monday, "whatsapp", 4, 0, [0, 0, 0, 0, 2]),
        ])
        .await
        .unwrap();

    let analytics = store.search_analytics(monday).await.unwrap();

    assert_eq!(analytics.weeks.len(), 1);
    let week = &analytics.weeks[0];
    assert_eq!(week.start, monday);
    assert_eq!((week.searches, week.zero_results), (8, 2));
    assert_eq!(week.clicks, [2, 1, 0, 1, 2]);
    assert_eq!(listed(&week.top), [("bulos", 4, 2, 4), ("whatsapp", 4, 0, 2)]);
    assert_eq!(listed(&week.zero), [("bulos", 4, 2, 4)]);
    assert_eq!(analytics.overall.searches, 8);
    assert_eq!(listed(&analytics.overall.top), listed(&week.top));
}

#[tokio::test]
async fn queries_searched_fewer_than_k_times_a_week_are_never_listed() {
    let store = memory_store().await;
    let this_week = day(2025, 6, 9);
    let last_week = day(2025, 6, 2);
    let below = MIN_SEARCHES_LISTED - 1;
    store
        .add_search_stats(&[
            // Below K in each week, even if the window adds up to more than K.
            delta(last_week, "juan pérez dni", below, below, [0; 5]),
            delta(this_week, "juan pérez dni", below, below, [0; 5]),
            // Clicks alone (anyone may report them) never list a query.
            delta(this_week, "clicked only", 0, 0, [9, 0, 0, 0, 0]),
            delta(this_week, "exactly k", MIN_SEARCHES_LISTED, MIN_SEARCHES_LISTED, [0; 5]),
            delta(this_week, &"ñ".repeat(100), MIN_SEARCHES_LISTED, 0, [0; 5]),
        ])
        .await
        .unwrap();

    let analytics = store.search_analytics(last_week).await.unwrap();

    let weeks: Vec<NaiveDate> = analytics.weeks.iter().map(|w| w.start).collect();
    assert_eq!(weeks, [this_week, last_week], "newest first");
    let everything: Vec<&str> = analytics
        .weeks
        .iter()
        .chain([&analytics.overall])
        .flat_map(|period| period.top.iter().chain(&period.zero))
        .map(|stat| stat.query.as_str())
        .collect();
    assert!(!everything.contains(&"juan pérez dni"), "{everything:?}");
    assert!(!everything.contains(&"clicked only"), "{everything:?}");
    assert!(everything.contains(&"exactly k"));
    assert!(everything.contains(&"ñ".repeat(100).as_str()));
    // Totals still count every search, naming none.
    assert_eq!(analytics.weeks[1].searches, below);
    assert_eq!(analytics.weeks[0].clicks[PositionBucket::First.index()], 9);
    assert_eq!(listed(&analytics.weeks[0].zero), [("exactly k", 3, 3, 0)]);
    // A window that starts later leaves earlier weeks out.
    let recent = store.search_analytics(this_week).await.unwrap();
    assert_eq!(recent.weeks.len(), 1);
    assert_eq!(recent.overall.searches, below + 2 * MIN_SEARCHES_LISTED);
}
