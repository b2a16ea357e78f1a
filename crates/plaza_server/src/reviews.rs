//! Review reminders: owners of published items due for review within two weeks (or overdue)
//! get one `review_due` notification per review date. Run by `plaza remind-reviews` (for cron)
//! and once a day by the server.

use chrono::{Days, NaiveDate};
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::freshness::{REMINDER_LEAD_DAYS, REVIEW_INTERVAL_DAYS, review_by};
use plaza_storage::{NotificationKind, Store};

/// Sends the reminders due on `today`; returns how many notifications were created.
pub async fn remind(store: &Store, today: NaiveDate) -> Result<usize, String> {
    let horizon = today.checked_add_days(Days::new(REMINDER_LEAD_DAYS)).unwrap_or(today);
    // Without a date set, an item is due a review interval after its last update.
    let updated_before = horizon
        .checked_sub_days(Days::new(REVIEW_INTERVAL_DAYS))
        .and_then(|day| day.succ_opt())
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
        .ok_or("the review horizon is out of range")?;
    let candidates = store
        .review_candidates(horizon, updated_before)
        .await
        .map_err(|e| e.to_string())?;
    let mut sent = 0;
    for candidate in candidates {
        let due = review_by(candidate.updated_at, candidate.set);
        if due > horizon || candidate.reminded_for == Some(due) {
            continue;
        }
        // Authors always read what they wrote (whatever its audience), so the recipient check
        // in `notify_about_item` holds for them.
        let audience = Audience {
            agency: candidate.agency,
            visibility: Visibility::Agency,
            status: PublicationStatus::Published,
            authors: candidate.authors.clone(),
        };
        for author in &candidate.authors {
            let told = plaza_graphql::notify_about_item(
                store,
                None,
                *author,
                NotificationKind::ReviewDue,
                *author,
                (&candidate.item, &audience),
                None,
            )
            .await
            .map_err(|e| format!("reminder for {}: {:?}", candidate.item, e.code()))?;
            sent += usize::from(told);
        }
        store
            .mark_review_reminded(&candidate.item, due)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(sent)
}

/// Runs the reminders once a day in the background (the first run an hour after start, so a
/// restart does not delay the server's readiness).
pub fn spawn_daily(store: Store) {
    tokio::spawn(async move {
        let day = std::time::Duration::from_secs(24 * 3600);
        let mut ticker =
            tokio::time::interval_at(tokio::time::Instant::now() + std::time::Duration::from_secs(3600), day);
        loop {
            ticker.tick().await;
            match remind(&store, chrono::Utc::now().date_naive()).await {
                Ok(sent) => tracing::info!(sent, "review reminders sent"),
                Err(error) => tracing::warn!(%error, "cannot send review reminders"),
            }
        }
    });
}
