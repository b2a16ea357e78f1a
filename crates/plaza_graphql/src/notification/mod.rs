//! Notifications: a per-member feed (mentions, replies, accepted answers), an unread count,
//! marking read, and live delivery through the `notificationAdded` subscription.
//!
//! A notification is created only for a recipient who may read its thread, and checked again
//! whenever it is read or pushed (with the recipient's current groups), so nobody learns about
//! content outside its audience, even after an audience changes.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures::Stream;
use plaza_domain::content::Audience;
use plaza_domain::ids::{DiscussionId, MemberId, NotificationId, ReplyId};
use plaza_domain::policy::{Denial, MemberViewer, Scope, Viewer, can_read};
use plaza_storage::{DigestFrequency, NotificationKind, Store, StoredNotification};
use tokio::sync::broadcast;

use crate::agency::MemberNode;
use crate::context;
use crate::discussion::DiscussionNode;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};

/// Most notifications read at once.
const FEED_MAX: usize = 100;

/// Carries new notifications to live subscribers of this process.
#[derive(Debug, Clone)]
pub struct NotificationBus {
    sender: broadcast::Sender<(MemberId, NotificationId)>,
}

impl Default for NotificationBus {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl NotificationBus {
    fn publish(&self, recipient: MemberId, id: NotificationId) {
        // No live subscriber is fine: the feed has it.
        let _ = self.sender.send((recipient, id));
    }
}

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
    notification: StoredNotification,
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
        match self.notification.item.as_deref().and_then(item_global_id) {
            Some(id) => crate::node::resolve(ctx, &id).await,
            None => Ok(None),
        }
    }

    /// For a guideline update: the version your agency took up, the new one and the diff
    /// between them.
    async fn guideline_update(&self) -> Option<crate::evidence::GuidelineUpdate> {
        let (from, to) = self.notification.versions?;
        let (table, key) = self.notification.item.as_deref()?.split_once(':')?;
        let guideline = key.parse().ok()?;
        (table == "guideline").then(|| crate::evidence::GuidelineUpdate::new(guideline, from, to))
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

/// The recipient as the policy sees them now (current agency and groups).
async fn recipient_viewer(store: &Store, recipient: MemberId) -> ApiResult<Option<Viewer>> {
    Ok(store.member(recipient).await?.map(|(member, groups)| {
        Viewer::Member(MemberViewer {
            id: member.id,
            agency: member.agency,
            roles: member.roles,
            groups,
            scope: Scope::Read,
        })
    }))
}

/// The global id of an item reference (`case_study:key`…).
fn item_global_id(item: &str) -> Option<ID> {
    let (table, key) = item.split_once(':')?;
    let kind = match table {
        "case_study" => NodeKind::CaseStudy,
        "practice" => NodeKind::Practice,
        "guideline" => NodeKind::Guideline,
        _ => return None,
    };
    Some(encode(kind, key))
}

/// The audience and title of an item reference (`case_study:key`…), if the item exists.
async fn load_item(store: &Store, item: &str) -> ApiResult<Option<(Audience, String)>> {
    let Some((table, key)) = item.split_once(':') else {
        return Ok(None);
    };
    Ok(match table {
        "case_study" => match key.parse() {
            Ok(id) => store
                .case_study(id)
                .await?
                .map(|c| (c.audience, c.content.title.into_string())),
            Err(_) => None,
        },
        "practice" => match key.parse() {
            Ok(id) => store
                .practice(id)
                .await?
                .map(|p| (p.audience, p.content.title.into_string())),
            Err(_) => None,
        },
        "guideline" => match key.parse() {
            Ok(id) => store
                .guideline(id)
                .await?
                .map(|g| (g.audience, g.content.title.into_string())),
            Err(_) => None,
        },
        _ => None,
    })
}

/// The notification with its thread or item, if the recipient may read it now.
async fn readable(
    store: &Store,
    viewer: &Viewer,
    notification: StoredNotification,
) -> ApiResult<Option<NotificationNode>> {
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
    let Some(item) = notification.item.as_deref() else {
        return Ok(None);
    };
    match load_item(store, item).await? {
        Some((audience, _)) if can_read(viewer, &audience) => Ok(Some(NotificationNode {
            notification,
            discussion: None,
        })),
        _ => Ok(None),
    }
}

/// Notifies `recipient` of `kind` about an item (`table:key`) with `audience`, unless the
/// recipient may not read it; `bus` delivers it live when given. Returns whether it was sent.
pub async fn notify_about_item(
    store: &Store,
    bus: Option<&NotificationBus>,
    recipient: MemberId,
    kind: NotificationKind,
    actor: MemberId,
    item: (&str, &Audience),
    versions: Option<(u32, u32)>,
) -> ApiResult<bool> {
    let Some(viewer) = recipient_viewer(store, recipient).await? else {
        return Ok(false);
    };
    if !can_read(&viewer, item.1) {
        return Ok(false);
    }
    let notification = StoredNotification {
        id: NotificationId::generate(),
        recipient,
        kind,
        actor,
        discussion: None,
        item: Some(item.0.to_owned()),
        reply: None,
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

/// The taxonomy codes of content, for its followers.
pub(crate) fn codes(
    objectives: &[plaza_domain::taxonomy::Objective],
    platforms: &[plaza_domain::taxonomy::Platform],
    dimensions: &[plaza_domain::taxonomy::Dimension],
    threats: &[plaza_domain::taxonomy::Threat],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    out.extend(objectives.iter().map(|v| ("objective", v.code())));
    out.extend(platforms.iter().map(|v| ("platform", v.code())));
    out.extend(dimensions.iter().map(|v| ("dimension", v.code())));
    out.extend(threats.iter().map(|v| ("threat", v.code())));
    out
}

/// Tells those who follow an item's authors, agency, group or taxonomy codes that it was
/// published (`item` is `table:key`), each only if they may read it.
pub(crate) async fn notify_followers_of_item(
    ctx: &Context<'_>,
    actor: MemberId,
    item: &str,
    audience: &Audience,
    taxonomy: &[(&'static str, &'static str)],
) -> ApiResult<()> {
    let mut targets: Vec<String> = audience
        .authors
        .iter()
        .map(|author| format!("member:{author}"))
        .collect();
    targets.push(format!("agency:{}", audience.agency));
    if let Some(group) = audience.visibility.group() {
        targets.push(format!("group:{group}"));
    }
    targets.extend(
        taxonomy
            .iter()
            .map(|(dimension, code)| format!("taxonomy:{dimension}:{code}")),
    );
    if let Ok(live) = ctx.data::<crate::live::PublishedBus>() {
        live.publish(item);
    }
    let store = context::store(ctx)?;
    let bus = ctx.data::<NotificationBus>().ok();
    for follower in store.followers(&targets).await? {
        if follower != actor {
            let kind = NotificationKind::NewContent;
            notify_about_item(store, bus, follower, kind, actor, (item, audience), None).await?;
        }
    }
    Ok(())
}

/// Notifies `recipient` of `kind` by `actor` in a thread with `audience`, unless the recipient is
/// the actor or may not read the thread.
pub(crate) async fn notify(
    ctx: &Context<'_>,
    recipient: MemberId,
    kind: NotificationKind,
    actor: MemberId,
    discussion: (DiscussionId, &Audience),
    reply: Option<ReplyId>,
) -> ApiResult<()> {
    if recipient == actor {
        return Ok(());
    }
    let store = context::store(ctx)?;
    let Some(viewer) = recipient_viewer(store, recipient).await? else {
        return Ok(());
    };
    if !can_read(&viewer, discussion.1) {
        return Ok(());
    }
    let notification = StoredNotification {
        id: NotificationId::generate(),
        recipient,
        kind,
        actor,
        discussion: Some(discussion.0),
        item: None,
        reply,
        versions: None,
        created_at: Utc::now(),
        read_at: None,
    };
    store.insert_notification(&notification).await?;
    if let Ok(bus) = ctx.data::<NotificationBus>() {
        bus.publish(recipient, notification.id);
    }
    Ok(())
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

/// One line of an e-mail digest: what happened, about which title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    /// `mention`, `reply`, `accepted_answer`, `moderation`, `followed` or `new_content`.
    pub kind: &'static str,
    /// The thread's or item's title.
    pub title: String,
}

/// The unread notifications of `member` since `since` that they may still read, newest first,
/// as digest lines (the same check as the feed: nothing outside its audience).
pub async fn digest_lines(store: &Store, member: MemberId, since: DateTime<Utc>) -> ApiResult<Vec<DigestLine>> {
    let Some(viewer) = recipient_viewer(store, member).await? else {
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    for notification in store.notifications(member, FEED_MAX).await? {
        if notification.read_at.is_some() || notification.created_at < since {
            continue;
        }
        let kind = notification.kind.code();
        let title = match (notification.discussion, notification.item.as_deref()) {
            (Some(id), _) => match store.discussion(id).await? {
                Some(discussion) if can_read(&viewer, &discussion.audience) => Some(discussion.title),
                _ => None,
            },
            (None, Some(item)) => item_title(store, &viewer, item).await?,
            (None, None) => None,
        };
        if let Some(title) = title {
            lines.push(DigestLine { kind, title });
        }
    }
    Ok(lines)
}

/// An item's title, if the viewer may read it.
async fn item_title(store: &Store, viewer: &Viewer, item: &str) -> ApiResult<Option<String>> {
    Ok(load_item(store, item)
        .await?
        .filter(|(audience, _)| can_read(viewer, audience))
        .map(|(_, title)| title))
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
            .map_err(|_| ApiError::Storage(plaza_storage::StorageError::Database("no notification bus".into())))?
            .sender
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
