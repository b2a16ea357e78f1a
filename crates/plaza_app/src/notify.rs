//! Sending notifications: a new item from what a member follows, a mention or reply in a
//! thread, a guideline update, a review due. Each is created only for a recipient who may read
//! what it is about, judged with their current agency and groups.

use chrono::Utc;
use plaza_domain::content::Audience;
use plaza_domain::guideline::Guideline;
use plaza_domain::ids::{DiscussionId, MemberId, NotificationId, ReplyId};
use plaza_domain::item::{FollowTarget, ItemRef, Taxon};
use plaza_domain::notification::{Notification, NotificationKind};
use plaza_domain::policy::{Viewer, can_read};
use plaza_domain::taxonomy::{Dimension, Objective, Platform, Threat};
use plaza_storage::{StorageError, Store};

use crate::events::{NotificationBus, PublishedBus};

/// The recipient as the policy sees them now (current agency and groups); `None` for a member
/// who no longer exists.
pub async fn recipient_viewer(store: &Store, recipient: MemberId) -> Result<Option<Viewer>, StorageError> {
    Ok(store
        .member(recipient)
        .await?
        .map(|(member, groups)| Viewer::reading_as(member, groups)))
}

/// What a notification is about: an item, or a thread (with the reply concerned).
#[derive(Debug, Clone, Copy)]
pub enum About<'a> {
    /// A case study, practice or guideline with its audience; for a guideline update, the
    /// version the recipient's agency took up and the new one.
    Item {
        /// The item.
        item: ItemRef,
        /// Its audience.
        audience: &'a Audience,
        /// For a guideline update: (from, to).
        versions: Option<(u32, u32)>,
    },
    /// A thread with its audience.
    Thread {
        /// The thread.
        discussion: DiscussionId,
        /// Its audience.
        audience: &'a Audience,
        /// The reply concerned, if any.
        reply: Option<ReplyId>,
    },
}

impl About<'_> {
    fn audience(&self) -> &Audience {
        match self {
            About::Item { audience, .. } | About::Thread { audience, .. } => audience,
        }
    }
}

/// Notifies `recipient` of `kind` by `actor` about `about`, unless the recipient may not read it
/// (or no longer exists), or is the actor in a thread; `bus` delivers it live when given.
/// Returns whether it was sent. (An item's reminder goes to its authors from themselves.)
pub async fn send(
    store: &Store,
    bus: Option<&NotificationBus>,
    recipient: MemberId,
    kind: NotificationKind,
    actor: MemberId,
    about: About<'_>,
) -> Result<bool, StorageError> {
    if recipient == actor && matches!(about, About::Thread { .. }) {
        return Ok(false);
    }
    let Some(viewer) = recipient_viewer(store, recipient).await? else {
        return Ok(false);
    };
    if !can_read(&viewer, about.audience()) {
        return Ok(false);
    }
    let (discussion, item, reply, versions) = match about {
        About::Item { item, versions, .. } => (None, Some(item), None, versions),
        About::Thread { discussion, reply, .. } => (Some(discussion), None, reply, None),
    };
    let notification = Notification {
        id: NotificationId::generate(),
        recipient,
        kind,
        actor,
        discussion,
        item,
        reply,
        versions,
        created_at: Utc::now(),
        read_at: None,
    };
    store.insert_notification(&notification).await?;
    if let Some(bus) = bus {
        bus.publish(recipient, notification.id);
    }
    Ok(true)
}

/// The taxonomy codes of an item, which members may follow.
pub fn taxa(
    objectives: &[Objective],
    platforms: &[Platform],
    dimensions: &[Dimension],
    threats: &[Threat],
) -> Vec<Taxon> {
    let mut out: Vec<Taxon> = Vec::new();
    out.extend(objectives.iter().copied().map(Taxon::Objective));
    out.extend(platforms.iter().copied().map(Taxon::Platform));
    out.extend(dimensions.iter().copied().map(Taxon::Dimension));
    out.extend(threats.iter().copied().map(Taxon::Threat));
    out
}

/// An item was published: announces it on `published` and tells those who follow its authors,
/// agency, group or taxonomy codes, each only if they may read it (the actor excepted).
/// Returns how many were told.
pub async fn item_published(
    store: &Store,
    buses: (Option<&NotificationBus>, Option<&PublishedBus>),
    actor: MemberId,
    item: ItemRef,
    audience: &Audience,
    taxonomy: &[Taxon],
) -> Result<usize, StorageError> {
    let mut targets: Vec<FollowTarget> = audience.authors.iter().copied().map(FollowTarget::Member).collect();
    targets.push(FollowTarget::Agency(audience.agency));
    if let Some(group) = audience.visibility.group() {
        targets.push(FollowTarget::Group(group));
    }
    targets.extend(taxonomy.iter().copied().map(FollowTarget::Taxonomy));
    if let Some(published) = buses.1 {
        published.publish(item);
    }
    let mut told = 0;
    for follower in store.followers(&targets).await? {
        if follower != actor {
            let about = About::Item {
                item,
                audience,
                versions: None,
            };
            told += usize::from(send(store, buses.0, follower, NotificationKind::NewContent, actor, about).await?);
        }
    }
    Ok(told)
}

/// A guideline published version `to`: tells its adopters and forkers, with the version they
/// took up (for an adoption the member who recorded it, for a fork the fork's authors), each
/// once and only if they may read the guideline. Returns how many were told.
pub async fn guideline_updated(
    store: &Store,
    bus: Option<&NotificationBus>,
    guideline: &Guideline,
    to: u32,
    actor: MemberId,
) -> Result<usize, StorageError> {
    let item = ItemRef::Guideline(guideline.id);
    let mut seen: Vec<MemberId> = vec![actor];
    let mut told = 0;
    for adoption in store.adoptions_of(guideline.id).await? {
        let recipients = match adoption.fork {
            Some(fork) => store
                .guideline(fork)
                .await?
                .map(|fork| fork.audience.authors)
                .unwrap_or_default(),
            None => vec![adoption.by],
        };
        for recipient in recipients {
            if seen.contains(&recipient) {
                continue;
            }
            seen.push(recipient);
            let about = About::Item {
                item,
                audience: &guideline.audience,
                versions: Some((adoption.version, to)),
            };
            told += usize::from(send(store, bus, recipient, NotificationKind::GuidelineUpdated, actor, about).await?);
        }
    }
    Ok(told)
}
