//! Moderation: anyone who can read a post may report it; its moderators review the queue,
//! hide or restore it with a reason (the author is notified), and every action lands in an
//! append-only audit log readable by moderators and admins.
//!
//! Who moderates a thread: network admins; moderators and agency admins of the agency whose
//! audience rules it; and, for a group thread, the group's owners and moderators.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::ids::{DiscussionId, ReplyId};
use plaza_domain::member::Role;
use plaza_domain::notification::NotificationKind;
use plaza_domain::policy::{Denial, MemberViewer, can_read};
use plaza_storage::{AuditEntry, AuditTarget, PostRef, StoredDiscussion, StoredReply};

use crate::agency::MemberNode;
use crate::context;
use crate::discussion::DiscussionNode;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode, encode};
use crate::notify::notify;

mod suspension;

pub use suspension::SuspensionMutation;

/// Longest reason.
const REASON_MAX: usize = 500;
/// Most reports or audit entries looked at.
const QUEUE_MAX: usize = 200;

/// Whether `member` moderates a thread with `audience`.
async fn moderates(ctx: &Context<'_>, member: &MemberViewer, audience: &Audience) -> ApiResult<bool> {
    if member.has_role(Role::NetworkAdmin) {
        return Ok(true);
    }
    let agency_moderator = member.has_role(Role::Moderator) || member.has_role(Role::AgencyAdmin);
    if member.agency == audience.agency && agency_moderator {
        return Ok(true);
    }
    match audience.visibility.group() {
        Some(group) => Ok(context::store(ctx)?
            .membership(group, member.id)
            .await?
            .is_some_and(|membership| membership.runs_group())),
        None => Ok(false),
    }
}

fn reason_of(raw: &str) -> ApiResult<String> {
    let reason = raw.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX || reason.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "reason",
            format!("1 to {REASON_MAX} characters, no control characters"),
        ));
    }
    Ok(reason.to_owned())
}

/// A post named by a global id, with its thread (not yet checked against any policy).
struct Post {
    target: PostRef,
    discussion: StoredDiscussion,
    reply: Option<StoredReply>,
}

async fn post(ctx: &Context<'_>, id: &ID) -> ApiResult<Post> {
    let store = context::store(ctx)?;
    let (kind, key) = decode(id, "targetId")?;
    let not_found = || ApiError::Denied(Denial::NotFound);
    match kind {
        NodeKind::Discussion => {
            let discussion_id: DiscussionId = key.parse().map_err(|_| not_found())?;
            let discussion = store.discussion(discussion_id).await?.ok_or_else(not_found)?;
            Ok(Post {
                target: PostRef::Discussion(discussion_id),
                discussion,
                reply: None,
            })
        }
        NodeKind::Reply => {
            let reply_id: ReplyId = key.parse().map_err(|_| not_found())?;
            let reply = store.reply(reply_id).await?.ok_or_else(not_found)?;
            let discussion = store.discussion(reply.discussion).await?.ok_or_else(not_found)?;
            Ok(Post {
                target: PostRef::Reply(reply_id, discussion.id),
                discussion,
                reply: Some(reply),
            })
        }
        _ => Err(ApiError::invalid(
            "targetId",
            "is not the id of a discussion or a reply",
        )),
    }
}

/// A report waiting for a moderator.
#[derive(Debug, Clone, SimpleObject)]
pub struct ReportItem {
    /// Why it was reported.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The reported post's global id (a discussion or a reply).
    pub target_id: ID,
    /// The thread.
    pub discussion: DiscussionNode,
    /// The reported reply's text, when a reply was reported.
    pub reply_body: Option<String>,
}

/// One moderator or admin action.
#[derive(Debug, Clone)]
pub struct AuditNode(AuditEntry);

/// An entry of the moderation audit log.
#[Object(name = "AuditEntry")]
impl AuditNode {
    /// Who acted.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(context::member(ctx, self.0.actor).await?.map(MemberNode))
    }

    /// `hide` or `restore` (a post), `suspend` or `reinstate` (a member).
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The global id of the post (a discussion or a reply) or of the member.
    async fn target_id(&self) -> ID {
        match self.0.target {
            AuditTarget::Post(post) => target_id(post),
            AuditTarget::Member(member) => encode(NodeKind::Member, &member.as_string()),
        }
    }

    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

fn target_id(target: PostRef) -> ID {
    match target {
        PostRef::Discussion(id) => encode(NodeKind::Discussion, &id.as_string()),
        PostRef::Reply(id, _) => encode(NodeKind::Reply, &id.as_string()),
    }
}

/// Moderation queries.
#[derive(Debug, Default)]
pub struct ModerationQuery;

#[Object]
impl ModerationQuery {
    /// Open reports on posts the viewer moderates, oldest first.
    async fn moderation_queue(&self, ctx: &Context<'_>) -> ApiResult<Vec<ReportItem>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let store = context::store(ctx)?;
        let mut out = Vec::new();
        for report in store.open_reports(QUEUE_MAX).await? {
            let Some(discussion) = store.discussion(report.target.discussion()).await? else {
                continue;
            };
            if !moderates(ctx, member, &discussion.audience).await? {
                continue;
            }
            let reply_body = match report.target {
                PostRef::Reply(id, _) => store.reply(id).await?.map(|reply| reply.body),
                PostRef::Discussion(_) => None,
            };
            out.push(ReportItem {
                reason: report.reason,
                created_at: report.created_at,
                target_id: target_id(report.target),
                discussion: DiscussionNode(discussion),
                reply_body,
            });
        }
        Ok(out)
    }

    /// The newest moderator and admin actions on threads the viewer moderates, and on members
    /// of the agencies the viewer administers.
    async fn audit_log(&self, ctx: &Context<'_>) -> ApiResult<Vec<AuditNode>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let mut out = Vec::new();
        for entry in context::store(ctx)?.audit_entries(QUEUE_MAX).await? {
            if let AuditTarget::Member(_) = entry.target {
                if member.administers(entry.agency) {
                    out.push(AuditNode(entry));
                }
                continue;
            }
            let audience = Audience {
                agency: entry.agency,
                visibility: entry.group.map_or(Visibility::Network, Visibility::Group),
                status: PublicationStatus::Published,
                authors: Vec::new(),
            };
            if moderates(ctx, member, &audience).await? {
                out.push(AuditNode(entry));
            }
        }
        Ok(out)
    }
}

/// Moderation mutations.
#[derive(Debug, Default)]
pub struct ModerationMutation;

async fn act(ctx: &Context<'_>, target: &ID, reason: &str, hide: bool) -> ApiResult<bool> {
    let member = context::writer(ctx)?.clone();
    let reason = reason_of(reason)?;
    let Post {
        target,
        discussion,
        reply,
    } = post(ctx, target).await?;
    if !moderates(ctx, &member, &discussion.audience).await? {
        // A post the viewer cannot read does not exist for them.
        let denial = if can_read(context::viewer(ctx), &discussion.audience) {
            Denial::Forbidden
        } else {
            Denial::NotFound
        };
        return Err(ApiError::Denied(denial));
    }
    let entry = AuditEntry {
        actor: member.id,
        action: if hide { "hide" } else { "restore" }.to_owned(),
        target: AuditTarget::Post(target),
        agency: discussion.audience.agency,
        group: discussion.audience.visibility.group(),
        reason,
        at: Utc::now(),
    };
    context::store(ctx)?.moderate(&entry, hide).await?;
    // A hidden thread leaves search before the moderator's answer.
    crate::context::refresh_search(ctx).await;
    let author = match &reply {
        Some(reply) => Some(reply.author),
        None => discussion.audience.authors.first().copied(),
    };
    if let Some(author) = author {
        // A hidden thread stays readable by its author (and its moderators).
        let status = match (hide, &reply) {
            (true, None) => PublicationStatus::Withdrawn,
            _ => discussion.audience.status,
        };
        let audience = Audience {
            status,
            ..discussion.audience.clone()
        };
        let reply_id = reply.map(|reply| reply.id);
        let thread = (discussion.id, &audience);
        notify(ctx, author, NotificationKind::Moderation, member.id, thread, reply_id).await?;
    }
    Ok(true)
}

#[Object]
impl ModerationMutation {
    /// Reports a post the viewer can read to its moderators.
    async fn report_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's or a reply's global id.")] target_id: ID,
        #[graphql(desc = "Why it should be looked at.")] reason: String,
    ) -> ApiResult<bool> {
        let member = context::writer(ctx)?.id;
        let reason = reason_of(&reason)?;
        let Post {
            target,
            discussion,
            reply,
        } = post(ctx, &target_id).await?;
        let visible = can_read(context::viewer(ctx), &discussion.audience)
            && reply.is_none_or(|reply| reply.hidden_reason.is_none());
        if !visible {
            return Err(ApiError::Denied(Denial::NotFound));
        }
        context::store(ctx)?.insert_report(target, member, &reason).await?;
        Ok(true)
    }

    /// Hides a post (its moderators); its author is notified and the action is audited.
    async fn hide_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's or a reply's global id.")] target_id: ID,
        #[graphql(desc = "Why, shown to the author.")] reason: String,
    ) -> ApiResult<bool> {
        act(ctx, &target_id, &reason, true).await
    }

    /// Restores a hidden post (its moderators); its author is notified and the action is
    /// audited.
    async fn restore_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's or a reply's global id.")] target_id: ID,
        #[graphql(desc = "Why.")] reason: String,
    ) -> ApiResult<bool> {
        act(ctx, &target_id, &reason, false).await
    }
}
