//! Review reminders: the authors of published items due for review within the reminder lead
//! (or overdue) get one `review_due` notification per review date. The server runs this once a
//! day and `plaza remind-reviews` on demand (for cron).

use chrono::{Days, NaiveDate};
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::freshness::{REMINDER_LEAD_DAYS, REVIEW_INTERVAL_DAYS, review_by};
use plaza_domain::notification::NotificationKind;
use plaza_storage::{StorageError, Store};

use crate::notify::{About, send};

/// Sends the reminders due on `today`; returns how many notifications were created.
pub async fn send_reminders(store: &Store, today: NaiveDate) -> Result<usize, StorageError> {
    let horizon = today.checked_add_days(Days::new(REMINDER_LEAD_DAYS)).unwrap_or(today);
    // Without a date set, an item is due a review interval after its last update.
    let Some(updated_before) = horizon
        .checked_sub_days(Days::new(REVIEW_INTERVAL_DAYS))
        .and_then(|day| day.succ_opt())
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
    else {
        // A date at the edge of the calendar: nothing can be due.
        return Ok(0);
    };
    let mut sent = 0;
    for candidate in store.review_candidates(horizon, updated_before).await? {
        let due = review_by(candidate.updated_at, candidate.set);
        if due > horizon || candidate.reminded_for == Some(due) {
            continue;
        }
        // Authors always read what they wrote, whatever its audience: an agency audience with
        // them as authors lets the recipient check in `send` pass for them alone.
        let audience = Audience {
            agency: candidate.agency,
            visibility: Visibility::Agency,
            status: PublicationStatus::Published,
            authors: candidate.authors.clone(),
        };
        for author in &candidate.authors {
            let about = About::Item {
                item: candidate.item,
                audience: &audience,
                versions: None,
            };
            sent += usize::from(send(store, None, *author, NotificationKind::ReviewDue, *author, about).await?);
        }
        store.mark_review_reminded(candidate.item, due).await?;
    }
    Ok(sent)
}
