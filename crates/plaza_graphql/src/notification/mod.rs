//! Notifications: a per-member feed (mentions, replies, accepted answers), an unread count,
//! marking read, and live delivery through the `notificationAdded` subscription.
//!
//! A notification is created only for a recipient who may read its thread, and checked again
//! whenever it is read or pushed (with the recipient's current groups), so nobody learns about
//! content outside its audience, even after an audience changes.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures::Stream;
use plaza_app::NotificationBus;
use plaza_app::notify::recipient_viewer;
use plaza_domain::ids::{MemberId, NotificationId};
use plaza_domain::item::ItemRef;
use plaza_domain::notification::{DigestFrequency, Notification, NotificationKind};
use plaza_domain::policy::{Denial, Viewer, can_read};
use plaza_storage::Store;
use tokio::sync::broadcast;

use crate::agency::MemberNode;
use crate::context;
use crate::discussion::DiscussionNode;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode, encode_item};

/// Most notifications read at once.
const FEED_MAX: usize = 100;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum NotificationKindValue {
    /// Someone mentioned you.
    Mention,
    /// Someone replied to your thread or reply.
    Reply,
    /// Your answer was accepted.
    AcceptedAnswer,
    /// A moderator hid or restored your post.
    Moderation,
    /// A member, agency or group you follow started a thread.
    Followed,
    /// A member, agency, group or topic you follow published a case study, practice or
    /// guideline.
    NewContent,
    /// A guideline your agency adopted or forked published a new version.
    GuidelineUpdated,
    /// Something you own is due for review.
    ReviewDue,
}

impl From<NotificationKind> for NotificationKindValue {
    fn from(kind: NotificationKind) -> Self {
        match kind {
            NotificationKind::Mention => NotificationKindValue::Mention,
            NotificationKind::Reply => NotificationKindValue::Reply,
            NotificationKind::AcceptedAnswer => NotificationKindValue::AcceptedAnswer,
            NotificationKind::Moderation => NotificationKindValue::Moderation,
            NotificationKind::Followed => NotificationKindValue::Followed,
            NotificationKind::NewContent => NotificationKindValue::NewContent,
            NotificationKind::GuidelineUpdated => NotificationKindValue::GuidelineUpdated,
            NotificationKind::ReviewDue => NotificationKindValue::ReviewDue,
        }
    }
}

/// A notification with its thread or item (already checked readable).
#[derive(Debug, Clone)]
pub struct NotificationNode {
    notification: Notification,
    discussion: Option<DiscussionNode>,
}

/// Something that concerns you.
#[Object(name = "Notification")]
impl NotificationNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::Notification, &self.notification.id.as_string())
    }

    /// What happened.
    async fn kind(&self) -> NotificationKindValue {
        self.notification.kind.into()
    }

    /// Who did it.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(context::member(ctx, self.notification.actor).await?.map(MemberNode))
    }

    /// The thread, for notifications about one.
    async fn discussion(&self) -> Option<&DiscussionNode> {
        self.discussion.as_ref()
    }

    /// The case study, practice or guideline, for notifications about one.
    async fn item(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::node::Node>> {
        match self.notification.item {
            Some(item) => crate::node::resolve(ctx, &encode_item(item)).await,
            None => Ok(None),
        }
    }

    /// For a guideline update: the version your agency took up, the new one and the diff
    /// between them.
    async fn guideline_update(&self) -> Option<crate::guideline::GuidelineUpdate> {
        let (from, to) = self.notification.versions?;
        match self.notification.item? {
            ItemRef::Guideline(guideline) => Some(crate::guideline::GuidelineUpdate::new(guideline, from, to)),
            _ => None,
        }
    }

    /// The reply concerned, if any.
    async fn reply_id(&self) -> Option<ID> {
        self.notification
            .reply
            .map(|reply| encode(NodeKind::Reply, &reply.as_string()))
    }

    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.notification.created_at
    }

    /// Whether it was marked read.
    async fn read(&self) -> bool {
        self.notification.read_at.is_some()
    }
}

/// The viewer's notifications.
#[derive(Debug, Clone, SimpleObject)]
pub struct NotificationFeed {
    /// Unread notifications.
    pub unread_count: u64,
    /// The newest notifications (at most 100).
    pub items: Vec<NotificationNode>,
}

/// The notification with its thread or item, if the recipient may read it now.
async fn readable(store: &Store, viewer: &Viewer, notification: Notification) -> ApiResult<Option<NotificationNode>> {
    if let Some(discussion_id) = notification.discussion {
        let Some(discussion) = store.discussion(discussion_id).await? else {
            return Ok(None);
        };
        if !can_read(viewer, &discussion.audience) {
            return Ok(None);
        }
        return Ok(Some(NotificationNode {
            notification,
            discussion: Some(DiscussionNode(discussion)),
        }));
    }
    let Some(item) = notification.item else {
        return Ok(None);
    };
    match plaza_app::item_summary(store, item).await? {
        Some((audience, _)) if can_read(viewer, &audience) => Ok(Some(NotificationNode {
            notification,
            discussion: None,
        })),
        _ => Ok(None),
    }
}

async fn feed(ctx: &Context<'_>, member: MemberId) -> ApiResult<NotificationFeed> {
    let store = context::store(ctx)?;
    let viewer = recipient_viewer(store, member)
        .await?
        .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
    let mut items = Vec::new();
    for notification in store.notifications(member, FEED_MAX).await? {
        if let Some(node) = readable(store, &viewer, notification).await? {
            items.push(node);
        }
    }
    let unread_count = items.iter().filter(|item| item.notification.read_at.is_none()).count();
    Ok(NotificationFeed {
        unread_count: u64::try_from(unread_count).unwrap_or(u64::MAX),
        items,
    })
}

/// How often a member gets an e-mail digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DigestFrequencyValue {
    /// Never.
    Off,
    /// Once a day.
    Daily,
    /// Once a week.
    Weekly,
}

impl From<DigestFrequency> for DigestFrequencyValue {
    fn from(frequency: DigestFrequency) -> Self {
        match frequency {
            DigestFrequency::Off => DigestFrequencyValue::Off,
            DigestFrequency::Daily => DigestFrequencyValue::Daily,
            DigestFrequency::Weekly => DigestFrequencyValue::Weekly,
        }
    }
}

impl From<DigestFrequencyValue> for DigestFrequency {
    fn from(frequency: DigestFrequencyValue) -> Self {
        match frequency {
            DigestFrequencyValue::Off => DigestFrequency::Off,
            DigestFrequencyValue::Daily => DigestFrequency::Daily,
            DigestFrequencyValue::Weekly => DigestFrequency::Weekly,
        }
    }
}

/// Notification queries.
#[derive(Debug, Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// How often the viewer gets an e-mail digest of unread notifications.
    async fn digest_frequency(&self, ctx: &Context<'_>) -> ApiResult<DigestFrequencyValue> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        Ok(context::store(ctx)?.digest_frequency(member.id).await?.into())
    }

    /// The viewer's notifications, newest first, with the unread count.
    async fn notifications(&self, ctx: &Context<'_>) -> ApiResult<NotificationFeed> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        feed(ctx, member.id).await
    }
}

/// Notification mutations.
#[derive(Debug, Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Sets how often the viewer gets an e-mail digest (`OFF`, `DAILY`, `WEEKLY`).
    async fn set_digest_frequency(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new frequency.")] frequency: DigestFrequencyValue,
    ) -> ApiResult<DigestFrequencyValue> {
        let member = context::writer(ctx)?;
        context::store(ctx)?
            .set_digest_frequency(member.id, frequency.into())
            .await?;
        Ok(frequency)
    }

    /// Marks the given notifications read, or all of them without `ids`.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Notification global ids; all when omitted.")] ids: Option<Vec<ID>>,
    ) -> ApiResult<NotificationFeed> {
        let member = context::writer(ctx)?;
        let ids = ids
            .map(|ids| {
                ids.iter()
                    .take(FEED_MAX)
                    .map(|id| decode_as::<NotificationId>(id, NodeKind::Notification, "ids"))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        context::store(ctx)?
            .mark_notifications_read(member.id, ids.as_deref(), Utc::now())
            .await?;
        feed(ctx, member.id).await
    }
}

/// Live events.
#[derive(Debug, Default)]
pub struct Subscription;

/// Live events over WebSocket (graphql-transport-ws on `GET /graphql`).
#[Subscription]
impl Subscription {
    /// Case studies, practices and guidelines as they are first published (guidelines again at
    /// each new version), within the viewer's
    /// audience (anonymous subscribers, such as intranet widgets, hear of public items only).
    async fn content_published(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to hear about.", default)] filter: crate::live::LiveFilterInput,
    ) -> async_graphql::Result<impl Stream<Item = crate::live::PublishedItem>> {
        Ok(crate::live::content_published(ctx, filter)?)
    }

    /// The viewer's new notifications as they happen (signed-in members only).
    async fn notification_added(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = NotificationNode>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?
            .id;
        let store = context::store(ctx)?.clone();
        let receiver = ctx
            .data::<NotificationBus>()
            .map_err(|_| ApiError::internal("no notification bus"))?
            .subscribe();
        Ok(futures::stream::unfold(
            (receiver, store),
            move |(mut receiver, store)| async move {
                loop {
                    let (recipient, id) = match receiver.recv().await {
                        Ok(event) => event,
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    };
                    if recipient != member {
                        continue;
                    }
                    // Checked again now, with the recipient's current groups.
                    let Ok(Some(notification)) = store.notification(id).await else {
                        continue;
                    };
                    let Ok(Some(viewer)) = recipient_viewer(&store, member).await else {
                        continue;
                    };
                    if let Ok(Some(node)) = readable(&store, &viewer, notification).await {
                        return Some((node, (receiver, store)));
                    }
                }
            },
        ))
    }
}
