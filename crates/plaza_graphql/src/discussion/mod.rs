//! Discussions and questions: network-wide, agency-internal, inside a group, or about a case
//! study, practice or guideline (its comments, with that item's audience). Replies thread one
//! level under a reply; a question's author accepts one answer. Bodies are markdown rendered to
//! sanitised HTML; `@work-email` mentions must name members.

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plaza_domain::content::{Audience, PublicationStatus};
use plaza_domain::discussion::{DiscussionInput, DiscussionKind, Subject};
use plaza_domain::ids::{DiscussionId, MemberId, ReplyId};
use plaza_domain::markdown::Markdown;
use plaza_domain::policy::{Denial, MemberViewer, ReadScope, Scope, can_read};
use plaza_domain::text::Email;
use plaza_storage::{DiscussionFilter, NotificationKind, StoredDiscussion, StoredReply};

use crate::agency::{AgencyNode, MemberNode};
use crate::connection::{connection, connection_complexity, page_request};
use crate::content::{VisibilityValue, require_group_access};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode, decode_as, encode, group_id};
use crate::node::Node;
use crate::notification::notify;

/// Kind of thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DiscussionKindValue {
    /// A conversation.
    Discussion,
    /// A question, which may get an accepted answer.
    Question,
}

impl DiscussionKindValue {
    fn of(kind: DiscussionKind) -> Self {
        match kind {
            DiscussionKind::Discussion => DiscussionKindValue::Discussion,
            DiscussionKind::Question => DiscussionKindValue::Question,
        }
    }

    fn domain(self) -> DiscussionKind {
        match self {
            DiscussionKindValue::Discussion => DiscussionKind::Discussion,
            DiscussionKindValue::Question => DiscussionKind::Question,
        }
    }
}

/// A discussion or question as the API shows it.
#[derive(Debug, Clone)]
pub struct DiscussionNode(pub StoredDiscussion);

/// A reply, with the replies threaded under it.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex, name = "Reply")]
pub struct ReplyNode {
    #[graphql(skip)]
    reply: StoredReply,
    /// Whether it is the question's accepted answer.
    pub accepted: bool,
    /// Replies to this reply (one level), oldest first.
    pub replies: Vec<ReplyNode>,
}

#[ComplexObject]
impl ReplyNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::signal::endorsements(ctx, &format!("reply:{}", self.reply.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::signal::endorsements(ctx, &format!("reply:{}", self.reply.id))
            .await?
            .1)
    }

    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::Reply, &self.reply.id.as_string())
    }

    /// Markdown as written.
    async fn body(&self) -> &str {
        &self.reply.body
    }

    /// Sanitised HTML.
    async fn body_html(&self) -> &str {
        &self.reply.body_html
    }

    /// Author.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(context::member(ctx, self.reply.author).await?.map(MemberNode))
    }

    /// Members mentioned.
    async fn mentions(&self, ctx: &Context<'_>) -> ApiResult<Vec<MemberNode>> {
        members(ctx, &self.reply.mentions).await
    }

    /// Posted at.
    async fn created_at(&self) -> DateTime<Utc> {
        self.reply.created_at
    }

    /// Earlier versions, oldest first (edits keep them).
    async fn revisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<RevisionNode>> {
        revisions(ctx, &format!("reply:{}", self.reply.id)).await
    }
}

/// An earlier version of an edited post.
#[derive(Debug, Clone)]
pub struct RevisionNode(plaza_storage::Revision);

/// An earlier version of an edited discussion or reply.
#[Object(name = "Revision")]
impl RevisionNode {
    /// The title then (discussions).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The markdown then.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// Who replaced it.
    async fn edited_by(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(context::member(ctx, self.0.edited_by).await?.map(MemberNode))
    }

    /// When it was replaced.
    async fn replaced_at(&self) -> DateTime<Utc> {
        self.0.replaced_at
    }
}

async fn revisions(ctx: &Context<'_>, target: &str) -> ApiResult<Vec<RevisionNode>> {
    Ok(context::store(ctx)?
        .revisions(target)
        .await?
        .into_iter()
        .map(RevisionNode)
        .collect())
}

async fn members(ctx: &Context<'_>, ids: &[MemberId]) -> ApiResult<Vec<MemberNode>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(member) = context::member(ctx, *id).await? {
            out.push(MemberNode(member));
        }
    }
    Ok(out)
}

/// A discussion or a question, with its replies.
#[Object(name = "Discussion")]
impl DiscussionNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::signal::endorsements(ctx, &format!("discussion:{}", self.0.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::signal::endorsements(ctx, &format!("discussion:{}", self.0.id))
            .await?
            .1)
    }

    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::Discussion, &self.0.id.as_string())
    }

    /// Discussion or question.
    async fn kind(&self) -> DiscussionKindValue {
        DiscussionKindValue::of(self.0.kind)
    }

    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// Sanitised HTML.
    async fn body_html(&self) -> &str {
        &self.0.body_html
    }

    /// Who started it.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        match self.0.audience.authors.first() {
            Some(author) => Ok(context::member(ctx, *author).await?.map(MemberNode)),
            None => Ok(None),
        }
    }

    /// The agency whose audience rules apply (the author's, or the subject's for comments).
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        Ok(context::agency(ctx, self.0.audience.agency).await?.map(AgencyNode))
    }

    /// Who may read it.
    async fn visibility(&self) -> VisibilityValue {
        VisibilityValue::of(self.0.audience.visibility)
    }

    /// The group, for group threads.
    async fn group(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::group::GroupNode>> {
        match self.0.audience.visibility.group() {
            Some(group) => crate::group::load(ctx, group).await,
            None => Ok(None),
        }
    }

    /// The item these are comments on, if the viewer may read it.
    async fn subject(&self, ctx: &Context<'_>) -> ApiResult<Option<Node>> {
        match self.0.subject {
            Some(subject) => crate::node::resolve(ctx, &subject_global_id(subject)).await,
            None => Ok(None),
        }
    }

    /// Members mentioned in the opening post.
    async fn mentions(&self, ctx: &Context<'_>) -> ApiResult<Vec<MemberNode>> {
        members(ctx, &self.0.mentions).await
    }

    /// How many replies.
    async fn reply_count(&self) -> u64 {
        self.0.reply_count
    }

    /// Replies, oldest first, each with the replies threaded under it.
    async fn replies(&self, ctx: &Context<'_>) -> ApiResult<Vec<ReplyNode>> {
        let all = context::store(ctx)?.replies(self.0.id).await?;
        Ok(thread(all, self.0.accepted_reply))
    }

    /// The accepted answer of a question.
    async fn accepted_answer(&self, ctx: &Context<'_>) -> ApiResult<Option<ReplyNode>> {
        let Some(id) = self.0.accepted_reply else {
            return Ok(None);
        };
        Ok(context::store(ctx)?
            .reply(id)
            .await?
            .filter(|reply| reply.discussion == self.0.id && reply.hidden_reason.is_none())
            .map(|reply| ReplyNode {
                reply,
                accepted: true,
                replies: Vec::new(),
            }))
    }

    /// Earlier versions, oldest first (edits keep them).
    async fn revisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<RevisionNode>> {
        revisions(ctx, &format!("discussion:{}", self.0.id)).await
    }

    /// Why a moderator hid it (only its author and moderators still see it).
    async fn hidden_reason(&self) -> Option<&str> {
        self.0.hidden_reason.as_deref()
    }

    /// Started at.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Last reply.
    async fn last_activity_at(&self) -> DateTime<Utc> {
        self.0.last_activity_at
    }
}

fn subject_global_id(subject: Subject) -> ID {
    match subject {
        Subject::CaseStudy(id) => encode(NodeKind::CaseStudy, &id.as_string()),
        Subject::Practice(id) => encode(NodeKind::Practice, &id.as_string()),
        Subject::Guideline(id) => encode(NodeKind::Guideline, &id.as_string()),
    }
}

/// Top-level replies with their children, in posting order.
fn thread(all: Vec<StoredReply>, accepted: Option<ReplyId>) -> Vec<ReplyNode> {
    let (top, children): (Vec<StoredReply>, Vec<StoredReply>) =
        all.into_iter().partition(|reply| reply.parent.is_none());
    top.into_iter()
        .map(|reply| {
            let replies = children
                .iter()
                .filter(|child| child.parent == Some(reply.id))
                .map(|child| ReplyNode {
                    accepted: Some(child.id) == accepted,
                    reply: child.clone(),
                    replies: Vec::new(),
                })
                .collect();
            ReplyNode {
                accepted: Some(reply.id) == accepted,
                reply,
                replies,
            }
        })
        .collect()
}

/// Loads a thread if the viewer may read it.
pub(crate) async fn load(ctx: &Context<'_>, id: DiscussionId) -> ApiResult<Option<DiscussionNode>> {
    let found = context::store(ctx)?.discussion(id).await?;
    Ok(found
        .filter(|discussion| can_read(context::viewer(ctx), &discussion.audience))
        .map(DiscussionNode))
}

connection!(DiscussionConnection, DiscussionEdge, DiscussionNode, "discussions");

/// Narrows a list of threads.
#[derive(Debug, Clone, Default, InputObject)]
pub struct DiscussionFilterInput {
    /// Only this group's threads (the group's global id).
    pub group_id: Option<ID>,
    /// Only the comments on this case study, practice or guideline (its global id).
    pub subject_id: Option<ID>,
    /// Only discussions or only questions.
    pub kind: Option<DiscussionKindValue>,
}

fn subject_of(id: &ID, field: &str) -> ApiResult<Subject> {
    let (kind, key) = decode(id, field)?;
    let invalid = || ApiError::invalid(field, "is not the id of a case study, practice or guideline");
    match kind {
        NodeKind::CaseStudy => key.parse().map(Subject::CaseStudy).map_err(|_| invalid()),
        NodeKind::Practice => key.parse().map(Subject::Practice).map_err(|_| invalid()),
        NodeKind::Guideline => key.parse().map(Subject::Guideline).map_err(|_| invalid()),
        _ => Err(invalid()),
    }
}

/// Discussion queries.
#[derive(Debug, Default)]
pub struct DiscussionQuery;

#[Object]
impl DiscussionQuery {
    /// A discussion or question by global id; null if it does not exist or the viewer may not
    /// read it.
    async fn discussion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> ApiResult<Option<DiscussionNode>> {
        load(ctx, decode_as(&id, NodeKind::Discussion, "id")?).await
    }

    /// Threads the viewer may read, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn discussions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<DiscussionFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<DiscussionConnection> {
        let filter = filter.unwrap_or_default();
        let parsed = DiscussionFilter {
            group: filter
                .group_id
                .as_ref()
                .map(|id| group_id(id, "filter.groupId"))
                .transpose()?,
            subject: filter
                .subject_id
                .as_ref()
                .map(|id| subject_of(id, "filter.subjectId"))
                .transpose()?,
            kind: filter.kind.map(DiscussionKindValue::domain),
        };
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let scope = ReadScope::of(context::viewer(ctx));
        let found = context::store(ctx)?.list_discussions(&scope, &parsed, &page).await?;
        Ok(DiscussionConnection::from_page(
            found,
            had_after,
            |discussion| plaza_storage::position(discussion.created_at, &discussion.id.as_string()),
            DiscussionNode,
        ))
    }
}

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

fn writer(ctx: &Context<'_>) -> ApiResult<MemberViewer> {
    let member = context::viewer(ctx)
        .member()
        .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
    if member.scope < Scope::Write {
        return Err(ApiError::Denied(Denial::ReadOnlyCredential));
    }
    Ok(member.clone())
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
        let member = writer(ctx)?;
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
        }
        .validate()
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
        let mut targets = vec![format!("member:{}", member.id), format!("agency:{}", member.agency)];
        if let Some(group) = discussion.audience.visibility.group() {
            targets.push(format!("group:{group}"));
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
        let member = writer(ctx)?;
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
        let body = Markdown::parse(&input.body).map_err(|error| ApiError::invalid_at("input.body", error))?;
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
        let member = writer(ctx)?;
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
        let body = Markdown::parse(&input.body).map_err(|e| ApiError::invalid_at("input.body", e))?;
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
        let member = writer(ctx)?;
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
        let body = Markdown::parse(&input.body).map_err(|e| ApiError::invalid_at("input.body", e))?;
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
        let member = writer(ctx)?;
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
