//! The discussion, reply and revision types.

use async_graphql::{ComplexObject, Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plaza_domain::discussion::{DiscussionKind, Subject};
use plaza_domain::ids::{DiscussionId, MemberId, ReplyId};
use plaza_domain::item::ItemRef;
use plaza_domain::policy::can_read;
use plaza_storage::{StoredDiscussion, StoredReply};

use crate::agency::{AgencyNode, MemberNode};
use crate::content::VisibilityValue;
use crate::context;
use crate::error::ApiResult;
use crate::ids::{NodeKind, encode};
use crate::node::Node;

/// Kind of thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DiscussionKindValue {
    /// A conversation.
    Discussion,
    /// A question, which may get an accepted answer.
    Question,
}

impl DiscussionKindValue {
    pub(super) fn of(kind: DiscussionKind) -> Self {
        match kind {
            DiscussionKind::Discussion => DiscussionKindValue::Discussion,
            DiscussionKind::Question => DiscussionKindValue::Question,
        }
    }

    pub(super) fn domain(self) -> DiscussionKind {
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
    pub(super) reply: StoredReply,
    /// Whether it is the question's accepted answer.
    pub accepted: bool,
    /// Replies to this reply (one level), oldest first.
    pub replies: Vec<ReplyNode>,
}

#[ComplexObject]
impl ReplyNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::content::endorsements(ctx, ItemRef::Reply(self.reply.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::content::endorsements(ctx, ItemRef::Reply(self.reply.id))
            .await?
            .1)
    }

    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::Reply, &self.reply.id.as_string())
    }

    /// Markdown as written (mentions show names, not addresses, to anonymous readers).
    async fn body(&self, ctx: &Context<'_>) -> ApiResult<String> {
        for_viewer(ctx, &self.reply.body, &self.reply.mentions, false).await
    }

    /// Sanitised HTML (mentions show names, not addresses, to anonymous readers).
    async fn body_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        for_viewer(ctx, &self.reply.body_html, &self.reply.mentions, true).await
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
        revisions(ctx, ItemRef::Reply(self.reply.id)).await
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

    /// The markdown then (mentions hidden from anonymous readers).
    async fn body(&self, ctx: &Context<'_>) -> ApiResult<String> {
        for_viewer(ctx, &self.0.body, &[], false).await
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

pub(super) async fn revisions(ctx: &Context<'_>, target: ItemRef) -> ApiResult<Vec<RevisionNode>> {
    Ok(context::store(ctx)?
        .revisions(target)
        .await?
        .into_iter()
        .map(RevisionNode)
        .collect())
}

/// What anonymous readers see of a mention whose member they cannot name.
const HIDDEN_MENTION: &str = "@[e-mail oculto]";

/// A body as the viewer may see it: members' e-mail addresses are for signed-in members only,
/// so anonymous readers see each mention as the member's name (escaped for HTML when `html`).
pub(super) async fn for_viewer(ctx: &Context<'_>, text: &str, mentioned: &[MemberId], html: bool) -> ApiResult<String> {
    if context::viewer(ctx).member().is_some() {
        return Ok(text.to_owned());
    }
    let mut names = std::collections::HashMap::new();
    for id in mentioned {
        if let Some(member) = context::member(ctx, *id).await? {
            names.insert(member.email.as_str().to_owned(), member.name.as_str().to_owned());
        }
    }
    Ok(plaza_domain::markdown::replace_mentions(text, |email| {
        match names.get(email.as_str()) {
            Some(name) if html => format!("@{}", escape_html(name)),
            Some(name) => format!("@{name}"),
            None => HIDDEN_MENTION.to_owned(),
        }
    }))
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub(super) async fn members(ctx: &Context<'_>, ids: &[MemberId]) -> ApiResult<Vec<MemberNode>> {
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
        Ok(crate::content::endorsements(ctx, ItemRef::Discussion(self.0.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::content::endorsements(ctx, ItemRef::Discussion(self.0.id))
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

    /// Markdown as written (mentions show names, not addresses, to anonymous readers).
    async fn body(&self, ctx: &Context<'_>) -> ApiResult<String> {
        for_viewer(ctx, &self.0.body, &self.0.mentions, false).await
    }

    /// Sanitised HTML (mentions show names, not addresses, to anonymous readers).
    async fn body_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        for_viewer(ctx, &self.0.body_html, &self.0.mentions, true).await
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
        revisions(ctx, ItemRef::Discussion(self.0.id)).await
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

pub(super) fn subject_global_id(subject: Subject) -> ID {
    match subject {
        Subject::CaseStudy(id) => encode(NodeKind::CaseStudy, &id.as_string()),
        Subject::Practice(id) => encode(NodeKind::Practice, &id.as_string()),
        Subject::Guideline(id) => encode(NodeKind::Guideline, &id.as_string()),
    }
}

/// Top-level replies with their children, in posting order.
pub(super) fn thread(all: Vec<StoredReply>, accepted: Option<ReplyId>) -> Vec<ReplyNode> {
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
