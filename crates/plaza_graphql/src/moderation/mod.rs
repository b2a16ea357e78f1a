//! Moderation: anyone who can read a post may report it; its moderators review the queue,
//! hide or restore it with a reason (the author is notified), and every action lands in an
//! append-only audit log readable by moderators and admins.
//!
//! Who moderates a thread: network admins; moderators and agency admins of the agency whose
//! audience rules it; and, for a group thread, the group's owners and moderators.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::ids::{CaseStudyId, DiscussionId, GuidelineId, PracticeId, ReplyId};
use plaza_domain::item::ItemRef;
use plaza_domain::notification::NotificationKind;
use plaza_domain::policy::{Denial, can_read};
use plaza_storage::{AuditEntry, AuditTarget, Moderated, PostRef, StoredDiscussion, StoredReply};

use crate::agency::MemberNode;
use crate::content::moderates;
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

/// What a global id names for moderation (not yet checked against any policy): a post with
/// its thread, or a case study, practice or guideline with its audience and title.
enum Subject {
    Post {
        target: PostRef,
        discussion: Box<StoredDiscussion>,
        reply: Option<StoredReply>,
    },
    Content {
        item: ItemRef,
        audience: Audience,
        title: String,
    },
}

impl Subject {
    fn audience(&self) -> &Audience {
        match self {
            Subject::Post { discussion, .. } => &discussion.audience,
            Subject::Content { audience, .. } => audience,
        }
    }

    fn moderated(&self) -> Moderated {
        match self {
            Subject::Post { target, .. } => Moderated::Post(*target),
            Subject::Content { item, .. } => Moderated::Content(*item),
        }
    }
}

async fn subject(ctx: &Context<'_>, id: &ID) -> ApiResult<Subject> {
    let store = context::store(ctx)?;
    let (kind, key) = decode(id, "targetId")?;
    let not_found = || ApiError::Denied(Denial::NotFound);
    let content = |item: ItemRef, audience: Audience, title: &str| Subject::Content {
        item,
        audience,
        title: title.to_owned(),
    };
    match kind {
        NodeKind::Discussion => {
            let discussion_id: DiscussionId = key.parse().map_err(|_| not_found())?;
            let discussion = store.discussion(discussion_id).await?.ok_or_else(not_found)?;
            Ok(Subject::Post {
                target: PostRef::Discussion(discussion_id),
                discussion: Box::new(discussion),
                reply: None,
            })
        }
        NodeKind::Reply => {
            let reply_id: ReplyId = key.parse().map_err(|_| not_found())?;
            let reply = store.reply(reply_id).await?.ok_or_else(not_found)?;
            let discussion = store.discussion(reply.discussion).await?.ok_or_else(not_found)?;
            Ok(Subject::Post {
                target: PostRef::Reply(reply_id, discussion.id),
                discussion: Box::new(discussion),
                reply: Some(reply),
            })
        }
        NodeKind::CaseStudy => {
            let id: CaseStudyId = key.parse().map_err(|_| not_found())?;
            let case = store.case_study(id).await?.ok_or_else(not_found)?;
            Ok(content(
                ItemRef::CaseStudy(id),
                case.audience,
                case.content.title.as_str(),
            ))
        }
        NodeKind::Practice => {
            let id: PracticeId = key.parse().map_err(|_| not_found())?;
            let practice = store.practice(id).await?.ok_or_else(not_found)?;
            Ok(content(
                ItemRef::Practice(id),
                practice.audience,
                practice.content.title.as_str(),
            ))
        }
        NodeKind::Guideline => {
            let id: GuidelineId = key.parse().map_err(|_| not_found())?;
            let guideline = store.guideline(id).await?.ok_or_else(not_found)?;
            Ok(content(
                ItemRef::Guideline(id),
                guideline.audience,
                guideline.content.title.as_str(),
            ))
        }
        _ => Err(ApiError::invalid(
            "targetId",
            "is not the id of a discussion, a reply, a case study, a practice or a guideline",
        )),
    }
}

/// A reported case study, practice or guideline.
#[derive(Debug, Clone, SimpleObject)]
pub struct ReportedContent {
    /// Its global id.
    pub id: ID,
    /// `case_study`, `practice` or `guideline`.
    pub kind: String,
    /// Its title.
    pub title: String,
}

/// A report waiting for a moderator.
#[derive(Debug, Clone, SimpleObject)]
pub struct ReportItem {
    /// Why it was reported.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The reported post's or item's global id (a discussion, a reply, a case study, a
    /// practice or a guideline).
    pub target_id: ID,
    /// The thread, when a post was reported.
    pub discussion: Option<DiscussionNode>,
    /// The item, when a case study, practice or guideline was reported.
    pub content: Option<ReportedContent>,
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

    /// `hide` or `restore` (a post or an item), `suspend`, `reinstate` or `erase` (a member).
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The global id of the post (a discussion or a reply), the item or the member.
    async fn target_id(&self) -> ID {
        match self.0.target {
            AuditTarget::Moderated(target) => target_id(target),
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

fn target_id(target: Moderated) -> ID {
    match target {
        Moderated::Post(PostRef::Discussion(id)) => encode(NodeKind::Discussion, &id.as_string()),
        Moderated::Post(PostRef::Reply(id, _)) => encode(NodeKind::Reply, &id.as_string()),
        Moderated::Content(item) => ID(crate::global_id(item)),
    }
}

/// Moderation queries.
#[derive(Debug, Default)]
pub struct ModerationQuery;

#[Object]
impl ModerationQuery {
    /// Open reports on posts and items the viewer moderates, oldest first.
    async fn moderation_queue(&self, ctx: &Context<'_>) -> ApiResult<Vec<ReportItem>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let store = context::store(ctx)?;
        let mut out = Vec::new();
        for report in store.open_reports(QUEUE_MAX).await? {
            let Ok(found) = subject(ctx, &target_id(report.target)).await else {
                continue;
            };
            if !moderates(ctx, member, found.audience()).await? {
                continue;
            }
            let (discussion, reply_body, content) = match found {
                Subject::Post { discussion, reply, .. } => {
                    (Some(DiscussionNode(*discussion)), reply.map(|reply| reply.body), None)
                }
                Subject::Content { item, title, .. } => (
                    None,
                    None,
                    Some(ReportedContent {
                        id: target_id(Moderated::Content(item)),
                        kind: item.table().to_owned(),
                        title,
                    }),
                ),
            };
            out.push(ReportItem {
                reason: report.reason,
                created_at: report.created_at,
                target_id: target_id(report.target),
                discussion,
                content,
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
    let found = subject(ctx, target).await?;
    let audience = found.audience().clone();
    if !moderates(ctx, &member, &audience).await? {
        // What the viewer cannot read does not exist for them.
        let denial = if can_read(context::viewer(ctx), &audience) {
            Denial::Forbidden
        } else {
            Denial::NotFound
        };
        return Err(ApiError::Denied(denial));
    }
    // An item is hidden only while published, and restored only if hidden: restoring never
    // publishes a draft or what its authors withdrew (it then just closes the reports).
    if let Subject::Content { item, .. } = &found
        && hide
        && audience.status != PublicationStatus::Published
    {
        let hidden = context::store(ctx)?.hidden_reason(*item).await?.is_some();
        let message = if hidden {
            "is already hidden"
        } else {
            "only a published item can be hidden"
        };
        return Err(ApiError::invalid("targetId", message));
    }
    let entry = AuditEntry {
        actor: member.id,
        action: if hide { "hide" } else { "restore" }.to_owned(),
        target: AuditTarget::Moderated(found.moderated()),
        agency: audience.agency,
        group: audience.visibility.group(),
        reason,
        at: Utc::now(),
    };
    context::store(ctx)?.moderate(&entry, hide).await?;
    // What is hidden leaves search (and feeds) before the moderator's answer.
    crate::context::refresh_search(ctx).await;
    // The author of a post is told; an item's authors read the reason on its page.
    let Subject::Post { discussion, reply, .. } = found else {
        return Ok(true);
    };
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
    /// Reports a post (a discussion or a reply) or a published case study, practice or
    /// guideline the viewer can read to its moderators.
    async fn report_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's, reply's, case study's, practice's or guideline's global id.")] target_id: ID,
        #[graphql(desc = "Why it should be looked at.")] reason: String,
    ) -> ApiResult<bool> {
        let member = context::writer(ctx)?.id;
        let reason = reason_of(&reason)?;
        let found = subject(ctx, &target_id).await?;
        let visible = can_read(context::viewer(ctx), found.audience())
            && match &found {
                Subject::Post { reply, .. } => reply.as_ref().is_none_or(|reply| reply.hidden_reason.is_none()),
                Subject::Content { audience, .. } => audience.status == PublicationStatus::Published,
            };
        if !visible {
            return Err(ApiError::Denied(Denial::NotFound));
        }
        let target = found.moderated();
        context::store(ctx)?.insert_report(target, member, &reason).await?;
        Ok(true)
    }

    /// Hides a post, or withdraws a case study, practice or guideline (their moderators), with
    /// a reason shown to the author (a post's author is notified). Audited.
    async fn hide_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's, reply's, case study's, practice's or guideline's global id.")] target_id: ID,
        #[graphql(desc = "Why, shown to the author.")] reason: String,
    ) -> ApiResult<bool> {
        act(ctx, &target_id, &reason, true).await
    }

    /// Restores a hidden post or item (its moderators): an item is published again. A post's
    /// author is notified. Audited.
    async fn restore_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A discussion's, reply's, case study's, practice's or guideline's global id.")] target_id: ID,
        #[graphql(desc = "Why.")] reason: String,
    ) -> ApiResult<bool> {
        act(ctx, &target_id, &reason, false).await
    }
}
