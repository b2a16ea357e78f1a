//! Notifications: a per-member feed of what concerns them, and how often they want it by
//! e-mail. Created only for a recipient who may read what it is about; readers check again at
//! read time, since audiences change.

use chrono::{DateTime, Utc};

use crate::ids::{DiscussionId, MemberId, NotificationId, ReplyId};
use crate::item::ItemRef;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    /// Someone mentioned the recipient.
    Mention,
    /// Someone replied to the recipient's thread or reply.
    Reply,
    /// The recipient's answer was accepted.
    AcceptedAnswer,
    /// A moderator hid or restored the recipient's post.
    Moderation,
    /// Something the recipient follows started a thread.
    Followed,
    /// Something the recipient follows published a case study, practice or guideline.
    NewContent,
    /// A guideline the recipient's agency adopted or forked published a new version.
    GuidelineUpdated,
    /// An item the recipient owns is due for review.
    ReviewDue,
}

impl NotificationKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Mention => "mention",
            NotificationKind::Reply => "reply",
            NotificationKind::AcceptedAnswer => "accepted_answer",
            NotificationKind::Moderation => "moderation",
            NotificationKind::Followed => "followed",
            NotificationKind::NewContent => "new_content",
            NotificationKind::GuidelineUpdated => "guideline_updated",
            NotificationKind::ReviewDue => "review_due",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "mention" => Some(NotificationKind::Mention),
            "reply" => Some(NotificationKind::Reply),
            "accepted_answer" => Some(NotificationKind::AcceptedAnswer),
            "moderation" => Some(NotificationKind::Moderation),
            "followed" => Some(NotificationKind::Followed),
            "new_content" => Some(NotificationKind::NewContent),
            "guideline_updated" => Some(NotificationKind::GuidelineUpdated),
            "review_due" => Some(NotificationKind::ReviewDue),
            _ => None,
        }
    }
}

/// A notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Identifier.
    pub id: NotificationId,
    /// Who it is for.
    pub recipient: MemberId,
    /// What happened.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor: MemberId,
    /// The thread, when it is about one.
    pub discussion: Option<DiscussionId>,
    /// The case study, practice or guideline, when it is about one.
    pub item: Option<ItemRef>,
    /// The reply, when there is one.
    pub reply: Option<ReplyId>,
    /// For a guideline update: the version the recipient's agency took up and the new one.
    pub versions: Option<(u32, u32)>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When the recipient marked it read.
    pub read_at: Option<DateTime<Utc>>,
}

/// How often a member wants an e-mail digest of their notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestFrequency {
    /// Never.
    Off,
    /// Once a day.
    Daily,
    /// Once a week.
    Weekly,
}

impl DigestFrequency {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            DigestFrequency::Off => "off",
            DigestFrequency::Daily => "daily",
            DigestFrequency::Weekly => "weekly",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "off" => Some(DigestFrequency::Off),
            "daily" => Some(DigestFrequency::Daily),
            "weekly" => Some(DigestFrequency::Weekly),
            _ => None,
        }
    }

    /// The period a digest covers.
    pub fn period(self) -> chrono::Duration {
        match self {
            DigestFrequency::Off | DigestFrequency::Daily => chrono::Duration::days(1),
            DigestFrequency::Weekly => chrono::Duration::days(7),
        }
    }
}
