//! E-mail digests: a member's unread notifications since a point in time, as lines, with the
//! same check as the feed (nothing outside its audience, judged now).

use chrono::{DateTime, Utc};
use plaza_domain::content::Audience;
use plaza_domain::ids::MemberId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy::can_read;
use plaza_storage::{StorageError, Store};

use crate::notify::recipient_viewer;

/// Most notifications a digest looks at.
const DIGEST_MAX: usize = 100;

/// One line of an e-mail digest: what happened, about which title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    /// `mention`, `reply`, `accepted_answer`, `moderation`, `followed`, `new_content`,
    /// `guideline_updated` or `review_due`.
    pub kind: &'static str,
    /// The thread's or item's title.
    pub title: String,
}

/// The audience and title of a case study, practice or guideline, if it exists (threads travel
/// in a notification's `discussion`, never as its item).
pub async fn item_summary(store: &Store, item: ItemRef) -> Result<Option<(Audience, String)>, StorageError> {
    Ok(match item {
        ItemRef::CaseStudy(id) => store
            .case_study(id)
            .await?
            .map(|c| (c.audience, c.content.title.into_string())),
        ItemRef::Practice(id) => store
            .practice(id)
            .await?
            .map(|p| (p.audience, p.content.title.into_string())),
        ItemRef::Guideline(id) => store
            .guideline(id)
            .await?
            .map(|g| (g.audience, g.content.title.into_string())),
        ItemRef::Discussion(_) | ItemRef::Reply(_) => None,
    })
}

/// The unread notifications of `member` since `since` that they may still read, newest first.
pub async fn digest_lines(
    store: &Store,
    member: MemberId,
    since: DateTime<Utc>,
) -> Result<Vec<DigestLine>, StorageError> {
    let Some(viewer) = recipient_viewer(store, member).await? else {
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    for notification in store.notifications(member, DIGEST_MAX).await? {
        if notification.read_at.is_some() || notification.created_at < since {
            continue;
        }
        let title = match (notification.discussion, notification.item) {
            (Some(id), _) => store
                .discussion(id)
                .await?
                .filter(|discussion| can_read(&viewer, &discussion.audience))
                .map(|discussion| discussion.title),
            (None, Some(item)) => item_summary(store, item)
                .await?
                .filter(|(audience, _)| can_read(&viewer, audience))
                .map(|(_, title)| title),
            (None, None) => None,
        };
        if let Some(title) = title {
            lines.push(DigestLine {
                kind: notification.kind.code(),
                title,
            });
        }
    }
    Ok(lines)
}
