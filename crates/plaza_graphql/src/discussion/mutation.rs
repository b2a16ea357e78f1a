//! Discussion mutations.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::Utc;
use plaza_domain::content::{Audience, PublicationStatus};
use plaza_domain::discussion::{DiscussionInput, DiscussionKind, Subject};
use plaza_domain::ids::{DiscussionId, MemberId, ReplyId};
use plaza_domain::item::FollowTarget;
use plaza_domain::markdown::Markdown;
use plaza_domain::notification::NotificationKind;
use plaza_domain::policy::{Denial, can_read};
use plaza_domain::text::Email;
use plaza_storage::{StoredDiscussion, StoredReply};

use super::query::subject_of;
use super::types::{DiscussionKindValue, DiscussionNode, ReplyNode, load};
use crate::content::{VisibilityValue, require_group_access};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, group_id};
use crate::notify::notify;

/// A thread to start.
#[derive(Debug, Clone, InputObject)]
pub struct StartDiscussionInput {
    /// Discussion (default) or question.
    pub kind: Option<DiscussionKindValue>,
    /// Title.
    pub title: String,
    /// Markdown body; `@work-email` mentions a member.
    pub body: String,
    /// Who may read it (default `NETWORK`); ignored for comments, which take their item's.
    pub visibility: Option<VisibilityValue>,
    /// The group, with `GROUP` visibility.
    pub group_id: Option<ID>,
    /// The case study, practice or guideline these are comments on.
    pub subject_id: Option<ID>,
}

/// A reply to post.
#[derive(Debug, Clone, InputObject)]
pub struct ReplyInput {
    /// The thread.
    pub discussion_id: ID,
    /// The reply this answers (replies thread one level: an answer to a nested reply joins
    /// its parent's thread).
    pub parent_id: Option<ID>,
    /// Markdown body; `@work-email` mentions a member.
    pub body: String,
}

/// New text for a thread.
#[derive(Debug, Clone, InputObject)]
pub struct EditDiscussionInput {
    /// The thread.
    pub id: ID,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
}

/// New text for a reply.
#[derive(Debug, Clone, InputObject)]
pub struct EditReplyInput {
    /// The reply.
    pub id: ID,
    /// Markdown body.
    pub body: String,
}

/// Resolves mentions to members; an unknown one is an error on `field`.
async fn resolve_mentions(ctx: &Context<'_>, emails: &[Email], field: &str) -> ApiResult<Vec<MemberId>> {
    let store = context::store(ctx)?;
    let mut out = Vec::with_capacity(emails.len());
    for email in emails {
        match store.member_by_email(email).await? {
            Some((member, _)) => out.push(member.id),
            None => {
                return Err(ApiError::invalid(
                    field,
                    format!("@{email} does not name a member of the network"),
                ));
            }
        }
    }
    Ok(out)
}

/// The audience of comments on `subject`: the item's own, if the viewer may read it and it is
/// published.
async fn subject_audience(ctx: &Context<'_>, subject: Subject) -> ApiResult<Audience> {
    let store = context::store(ctx)?;
    let audience = match subject {
        Subject::CaseStudy(id) => store.case_study(id).await?.map(|item| item.audience),
        Subject::Practice(id) => store.practice(id).await?.map(|item| item.audience),
        Subject::Guideline(id) => store.guideline(id).await?.map(|item| item.audience),
    };
    let audience = audience
        .filter(|audience| can_read(context::viewer(ctx), audience))
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    if audience.status != PublicationStatus::Published {
        return Err(ApiError::invalid(
            "input.subjectId",
            "only published items take comments",
        ));
    }
    Ok(audience)
}

/// Discussion mutations.
#[derive(Debug, Default)]
pub struct DiscussionMutation;

#[Object]
impl DiscussionMutation {
    /// Starts a discussion or asks a question; with `subjectId`, comments on that item.
    async fn start_discussion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] input: StartDiscussionInput,
    ) -> ApiResult<DiscussionNode> {
        let member = context::writer(ctx)?.clone();
        let group = input
            .group_id
            .as_ref()
            .map(|id| group_id(id, "input.groupId"))
            .transpose()?;
        let subject = input
            .subject_id
            .as_ref()
            .map(|id| subject_of(id, "input.subjectId"))
            .transpose()?;
        let new = DiscussionInput {
            kind: input.kind.map(|kind| kind.domain().code().to_owned()),
            title: input.title,
            body: input.body,
            visibility: match subject {
                Some(_) => None,
                None => input.visibility.map(|v| v.code().to_owned()),
            },
            group: if subject.is_some() { None } else { group },
        };
        // Validating renders the body: off the async workers, within the budget.
        let new = crate::render::bounded("input.body", move || new.validate())
            .await?
            .map_err(|error| ApiError::invalid_at("input", error))?;
        let audience = match subject {
            Some(subject) => Audience {
                status: PublicationStatus::Published,
                authors: vec![member.id],
                ..subject_audience(ctx, subject).await?
            },
            None => {
                require_group_access(context::viewer(ctx), new.visibility)?;
                Audience {
                    agency: member.agency,
                    visibility: new.visibility,
                    status: PublicationStatus::Published,
                    authors: vec![member.id],
                }
            }
        };
        let mentions = resolve_mentions(ctx, &new.body.mentions, "input.body").await?;
        let now = Utc::now();
        let discussion = StoredDiscussion {
            id: DiscussionId::generate(),
            kind: new.kind,
            title: new.title.into_string(),
            body: new.body.source.as_str().to_owned(),
            body_html: new.body.html,
            mentions,
            audience,
            subject,
            accepted_reply: None,
            reply_count: 0,
            created_at: now,
            last_activity_at: now,
            hidden_reason: None,
        };
        context::store(ctx)?.insert_discussion(&discussion).await?;
        // The writer finds their thread in search at once.
        crate::context::refresh_search(ctx).await;
        for mentioned in &discussion.mentions {
            notify(
                ctx,
                *mentioned,
                NotificationKind::Mention,
                member.id,
                (discussion.id, &discussion.audience),
                None,
            )
            .await?;
        }
        // Those who follow the author, the agency or the group hear of the new thread.
        let mut targets = vec![FollowTarget::Member(member.id), FollowTarget::Agency(member.agency)];
        if let Some(group) = discussion.audience.visibility.group() {
            targets.push(FollowTarget::Group(group));
        }
        if discussion.subject.is_none() {
            for follower in context::store(ctx)?.followers(&targets).await? {
                if !discussion.mentions.contains(&follower) {
                    let thread = (discussion.id, &discussion.audience);
                    notify(ctx, follower, NotificationKind::Followed, member.id, thread, None).await?;
                }
            }
        }
        Ok(DiscussionNode(discussion))
    }

    /// Replies to a thread the viewer may read.
    async fn reply_to_discussion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reply.")] input: ReplyInput,
    ) -> ApiResult<ReplyNode> {
        let member = context::writer(ctx)?.clone();
        let discussion_id: DiscussionId = decode_as(&input.discussion_id, NodeKind::Discussion, "input.discussionId")?;
        let discussion = load(ctx, discussion_id)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?
            .0;
        let store = context::store(ctx)?;
        let parent = match &input.parent_id {
            Some(id) => {
                let parent_id: ReplyId = decode_as(id, NodeKind::Reply, "input.parentId")?;
                let parent = store
                    .reply(parent_id)
                    .await?
                    .filter(|reply| reply.discussion == discussion.id && reply.hidden_reason.is_none())
                    .ok_or_else(|| ApiError::invalid("input.parentId", "is not a visible reply in this discussion"))?;
                // One level: an answer to a nested reply joins its parent's thread.
                Some(parent.parent.unwrap_or(parent.id))
            }
            None => None,
        };
        let parent_author = match parent {
            Some(parent) => store.reply(parent).await?.map(|reply| reply.author),
            None => None,
        };
        let body = parse_body(&input.body).await?;
        let mentions = resolve_mentions(ctx, &body.mentions, "input.body").await?;
        let reply = StoredReply {
            id: ReplyId::generate(),
            discussion: discussion.id,
            parent,
            author: member.id,
            body: body.source.as_str().to_owned(),
            body_html: body.html,
            mentions,
            created_at: Utc::now(),
            hidden_reason: None,
        };
        store.insert_reply(&reply).await?;
        // One notification per person: a reply to their thread or reply, else a mention.
        let mut told: Vec<MemberId> = Vec::new();
        let repliers = discussion
            .audience
            .authors
            .first()
            .copied()
            .into_iter()
            .chain(parent_author);
        for recipient in repliers {
            if !told.contains(&recipient) {
                told.push(recipient);
                let thread = (discussion.id, &discussion.audience);
                notify(
                    ctx,
                    recipient,
                    NotificationKind::Reply,
                    member.id,
                    thread,
                    Some(reply.id),
                )
                .await?;
            }
        }
        for recipient in &reply.mentions {
            if !told.contains(recipient) {
                told.push(*recipient);
                let thread = (discussion.id, &discussion.audience);
                notify(
                    ctx,
                    *recipient,
                    NotificationKind::Mention,
                    member.id,
                    thread,
                    Some(reply.id),
                )
                .await?;
            }
        }
        Ok(ReplyNode {
            reply,
            accepted: false,
            replies: Vec::new(),
        })
    }

    /// Edits the viewer's own thread; the previous version is kept in `revisions`.
    async fn edit_discussion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new title and body.")] input: EditDiscussionInput,
    ) -> ApiResult<DiscussionNode> {
        let member = context::writer(ctx)?.clone();
        let id: DiscussionId = decode_as(&input.id, NodeKind::Discussion, "input.id")?;
        let before = load(ctx, id).await?.ok_or(ApiError::Denied(Denial::NotFound))?.0;
        if before.audience.authors.first() != Some(&member.id) {
            return Err(ApiError::Denied(Denial::Forbidden));
        }
        if before.hidden_reason.is_some() {
            return Err(ApiError::invalid(
                "input.id",
                "a moderator hid this thread; it cannot be edited",
            ));
        }
        let title =
            plaza_domain::text::Title::parse(&input.title).map_err(|e| ApiError::invalid_at("input.title", e))?;
        let body = parse_body(&input.body).await?;
        let mentions = resolve_mentions(ctx, &body.mentions, "input.body").await?;
        context::store(ctx)?
            .edit_discussion(
                &before,
                title.as_str(),
                body.source.as_str(),
                &body.html,
                &mentions,
                member.id,
            )
            .await?;
        crate::context::refresh_search(ctx).await;
        for mentioned in mentions.iter().filter(|m| !before.mentions.contains(m)) {
            let thread = (before.id, &before.audience);
            notify(ctx, *mentioned, NotificationKind::Mention, member.id, thread, None).await?;
        }
        let after = load(ctx, id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        Ok(after)
    }

    /// Edits the viewer's own reply; the previous version is kept in `revisions`.
    async fn edit_reply(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new body.")] input: EditReplyInput,
    ) -> ApiResult<ReplyNode> {
        let member = context::writer(ctx)?.clone();
        let id: ReplyId = decode_as(&input.id, NodeKind::Reply, "input.id")?;
        let store = context::store(ctx)?;
        let before = store.reply(id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        let discussion = load(ctx, before.discussion)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?
            .0;
        if before.author != member.id {
            return Err(ApiError::Denied(Denial::Forbidden));
        }
        if before.hidden_reason.is_some() {
            return Err(ApiError::invalid(
                "input.id",
                "a moderator hid this reply; it cannot be edited",
            ));
        }
        let body = parse_body(&input.body).await?;
        let mentions = resolve_mentions(ctx, &body.mentions, "input.body").await?;
        store
            .edit_reply(&before, body.source.as_str(), &body.html, &mentions, member.id)
            .await?;
        for mentioned in mentions.iter().filter(|m| !before.mentions.contains(m)) {
            let thread = (discussion.id, &discussion.audience);
            notify(ctx, *mentioned, NotificationKind::Mention, member.id, thread, Some(id)).await?;
        }
        let after = store.reply(id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        Ok(ReplyNode {
            accepted: discussion.accepted_reply == Some(id),
            reply: after,
            replies: Vec::new(),
        })
    }

    /// Accepts a reply as the answer to the viewer's own question.
    async fn accept_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reply's global id.")] reply_id: ID,
    ) -> ApiResult<DiscussionNode> {
        let member = context::writer(ctx)?.clone();
        let reply_id: ReplyId = decode_as(&reply_id, NodeKind::Reply, "replyId")?;
        let store = context::store(ctx)?;
        let reply = store.reply(reply_id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        let discussion = load(ctx, reply.discussion)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?
            .0;
        if discussion.kind != DiscussionKind::Question {
            return Err(ApiError::invalid("replyId", "only a question has an accepted answer"));
        }
        if discussion.audience.authors.first() != Some(&member.id) {
            return Err(ApiError::Denied(Denial::Forbidden));
        }
        store.accept_reply(discussion.id, reply.id).await?;
        notify(
            ctx,
            reply.author,
            NotificationKind::AcceptedAnswer,
            member.id,
            (discussion.id, &discussion.audience),
            Some(reply.id),
        )
        .await?;
        Ok(DiscussionNode(StoredDiscussion {
            accepted_reply: Some(reply.id),
            ..discussion
        }))
    }
}

/// Parses and renders a post's body off the async workers, within the render budget.
async fn parse_body(body: &str) -> ApiResult<Markdown> {
    let body = body.to_owned();
    crate::render::bounded("input.body", move || Markdown::parse(&body))
        .await?
        .map_err(|error| ApiError::invalid_at("input.body", error))
}
