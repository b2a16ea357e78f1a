//! Discussions, questions and their replies. Threads carry the content audience fields, so
//! lists go through the same read filter as case studies (`audience::read_filter`).

use chrono::{DateTime, Utc};
use plaza_domain::content::{Audience, PublicationStatus, Visibility};
use plaza_domain::discussion::{DiscussionKind, Subject};
use plaza_domain::ids::{AgencyId, DiscussionId, GroupId, MemberId, ReplyId};
use plaza_domain::item::ItemRef;
use plaza_domain::policy::ReadScope;
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

/// Most replies read for one thread.
pub const REPLIES_MAX: usize = 500;

/// A stored thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDiscussion {
    /// Identifier.
    pub id: DiscussionId,
    /// Discussion or question.
    pub kind: DiscussionKind,
    /// Title.
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// Mentioned members.
    pub mentions: Vec<MemberId>,
    /// Who may read it (authors: the one who started it).
    pub audience: Audience,
    /// The item it is about (comments).
    pub subject: Option<Subject>,
    /// The accepted answer of a question.
    pub accepted_reply: Option<ReplyId>,
    /// Replies so far.
    pub reply_count: u64,
    /// Started at.
    pub created_at: DateTime<Utc>,
    /// Last reply or edit.
    pub last_activity_at: DateTime<Utc>,
    /// Why a moderator hid it (its status is then withdrawn).
    pub hidden_reason: Option<String>,
}

/// A stored reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReply {
    /// Identifier.
    pub id: ReplyId,
    /// Its thread.
    pub discussion: DiscussionId,
    /// The reply it answers (one level only).
    pub parent: Option<ReplyId>,
    /// Author.
    pub author: MemberId,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// Mentioned members.
    pub mentions: Vec<MemberId>,
    /// Posted at.
    pub created_at: DateTime<Utc>,
    /// Why a moderator hid it; hidden replies are left out of threads.
    pub hidden_reason: Option<String>,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct DiscussionFilter {
    /// Only this group's threads.
    pub group: Option<GroupId>,
    /// Only comments on this item.
    pub subject: Option<Subject>,
    /// Only this kind.
    pub kind: Option<DiscussionKind>,
}

#[derive(Debug, serde::Deserialize)]
struct DiscussionRow {
    id: String,
    kind: String,
    title: String,
    body: String,
    body_html: String,
    mentions: Vec<String>,
    agency: String,
    visibility: String,
    group_id: Option<String>,
    status: String,
    authors: Vec<String>,
    subject: Option<String>,
    accepted_reply: Option<String>,
    reply_count: u64,
    created_at: String,
    last_activity_at: String,
    hidden_reason: Option<String>,
}

fn member_ids(raw: &[String], record: &str) -> Result<Vec<MemberId>, StorageError> {
    raw.iter()
        .map(|id| MemberId::parse(id).map_err(corrupt(record)))
        .collect()
}

impl DiscussionRow {
    fn into_discussion(self) -> Result<StoredDiscussion, StorageError> {
        let record = self.id.clone();
        let group = self
            .group_id
            .as_deref()
            .map(GroupId::parse)
            .transpose()
            .map_err(corrupt(&record))?;
        Ok(StoredDiscussion {
            id: DiscussionId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            kind: DiscussionKind::parse(&self.kind).map_err(corrupt(&record))?,
            title: self.title,
            body: self.body,
            body_html: self.body_html,
            mentions: member_ids(&self.mentions, &record)?,
            audience: Audience {
                agency: AgencyId::parse(&self.agency).map_err(corrupt(&record))?,
                visibility: Visibility::parse(&self.visibility, group).map_err(corrupt(&record))?,
                status: PublicationStatus::parse(&self.status).map_err(corrupt(&record))?,
                authors: member_ids(&self.authors, &record)?,
            },
            subject: self
                .subject
                .as_deref()
                .map(Subject::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            accepted_reply: self
                .accepted_reply
                .as_deref()
                .map(ReplyId::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            reply_count: self.reply_count,
            created_at: parse_timestamp(&self.created_at, &record)?,
            last_activity_at: parse_timestamp(&self.last_activity_at, &record)?,
            hidden_reason: self.hidden_reason,
        })
    }
}

#[derive(Debug, serde::Deserialize)]
struct ReplyRow {
    id: String,
    discussion: String,
    parent: Option<String>,
    author: String,
    body: String,
    body_html: String,
    mentions: Vec<String>,
    created_at: String,
    status: String,
    hidden_reason: Option<String>,
}

impl ReplyRow {
    fn into_reply(self) -> Result<StoredReply, StorageError> {
        let record = self.id.clone();
        Ok(StoredReply {
            id: ReplyId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            discussion: DiscussionId::parse(&self.discussion).map_err(corrupt(&record))?,
            parent: self
                .parent
                .as_deref()
                .map(ReplyId::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            author: MemberId::parse(&self.author).map_err(corrupt(&record))?,
            body: self.body,
            body_html: self.body_html,
            mentions: member_ids(&self.mentions, &record)?,
            created_at: parse_timestamp(&self.created_at, &record)?,
            // A withdrawn reply without a recorded reason is hidden all the same.
            hidden_reason: match self.status.as_str() {
                "published" => None,
                _ => Some(self.hidden_reason.unwrap_or_default()),
            },
        })
    }
}

/// A thread from a row read as JSON (change reads, batch loads).
pub(crate) fn discussion_from_json(row: serde_json::Value) -> Result<StoredDiscussion, StorageError> {
    crate::doc::from_json::<DiscussionRow>(row)?.into_discussion()
}

fn strings(ids: &[MemberId]) -> Vec<String> {
    ids.iter().map(|id| id.as_string()).collect()
}

impl Store {
    /// Stores a new thread.
    pub async fn insert_discussion(&self, discussion: &StoredDiscussion) -> Result<(), StorageError> {
        let doc = json!({
            "kind": discussion.kind.code(),
            "title": discussion.title,
            "body": discussion.body,
            "body_html": discussion.body_html,
            "mentions": strings(&discussion.mentions),
            "agency": discussion.audience.agency.as_string(),
            "visibility": discussion.audience.visibility.code(),
            "group_id": discussion.audience.visibility.group().map(|group| group.as_string()),
            "status": discussion.audience.status.code(),
            "authors": strings(&discussion.audience.authors),
            "subject": discussion.subject.map(Subject::code),
            "reply_count": 0,
            "created_at": timestamp(discussion.created_at),
            "updated_at": timestamp(discussion.created_at),
            "last_activity_at": timestamp(discussion.created_at),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("CREATE type::record('discussion', $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "key": discussion.id.as_string(), "doc": doc }))
            .await?;
        Ok(())
    }

    /// A thread by id, whatever its audience (callers apply the policy).
    pub async fn discussion(&self, id: DiscussionId) -> Result<Option<StoredDiscussion>, StorageError> {
        let row: Option<DiscussionRow> = self.get_record("discussion", &id.as_string()).await?;
        row.map(DiscussionRow::into_discussion).transpose()
    }

    /// Threads visible in `scope`, newest first.
    pub async fn list_discussions(
        &self,
        scope: &ReadScope,
        filter: &DiscussionFilter,
        page: &PageRequest,
    ) -> Result<Page<StoredDiscussion>, StorageError> {
        let mut conditions = Vec::new();
        let mut vars = Map::new();
        if let Some(group) = filter.group {
            conditions.push("group_id = $f_group".to_owned());
            vars.insert("f_group".into(), json!(group.as_string()));
        }
        if let Some(subject) = filter.subject {
            conditions.push("subject = $f_subject".to_owned());
            vars.insert("f_subject".into(), json!(subject.code()));
        }
        if let Some(kind) = filter.kind {
            conditions.push("kind = $f_kind".to_owned());
            vars.insert("f_kind".into(), json!(kind.code()));
        }
        let page: Page<DiscussionRow> = self.list_visible("discussion", scope, conditions, vars, page).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(DiscussionRow::into_discussion)
                .collect::<Result<_, _>>()?,
            total_count: page.total_count,
            has_next_page: page.has_next_page,
        })
    }

    /// Stores a reply and counts it on its thread, in one transaction.
    pub async fn insert_reply(&self, reply: &StoredReply) -> Result<(), StorageError> {
        let doc = json!({
            "discussion": reply.discussion.as_string(),
            "parent": reply.parent.map(|parent| parent.as_string()),
            "author": reply.author.as_string(),
            "body": reply.body,
            "body_html": reply.body_html,
            "mentions": strings(&reply.mentions),
            "status": "published",
            "created_at": timestamp(reply.created_at),
            "updated_at": timestamp(reply.created_at),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!(
            "BEGIN TRANSACTION;
             CREATE type::record('reply', $key) SET {clause} RETURN NONE;
             UPDATE type::record('discussion', $discussion) SET reply_count += 1,
                last_activity_at = <datetime>$doc.created_at RETURN NONE;
             COMMIT TRANSACTION;"
        );
        self.execute(
            &sql,
            json!({ "key": reply.id.as_string(), "discussion": reply.discussion.as_string(), "doc": doc }),
        )
        .await?;
        Ok(())
    }

    /// A reply by id.
    pub async fn reply(&self, id: ReplyId) -> Result<Option<StoredReply>, StorageError> {
        let row: Option<ReplyRow> = self.get_record("reply", &id.as_string()).await?;
        row.map(ReplyRow::into_reply).transpose()
    }

    /// A thread's replies, oldest first (at most [`REPLIES_MAX`]).
    pub async fn replies(&self, discussion: DiscussionId) -> Result<Vec<StoredReply>, StorageError> {
        let rows: Vec<ReplyRow> = self
            .query_rows(
                "SELECT * FROM reply WHERE discussion = $discussion AND status = 'published'
                 ORDER BY created_at LIMIT $limit",
                json!({ "discussion": discussion.as_string(), "limit": REPLIES_MAX }),
                0,
            )
            .await?;
        rows.into_iter().map(ReplyRow::into_reply).collect()
    }

    /// Marks a question's accepted answer (replacing any earlier one).
    pub async fn accept_reply(&self, discussion: DiscussionId, reply: ReplyId) -> Result<(), StorageError> {
        self.execute(
            "UPDATE type::record('discussion', $discussion) SET accepted_reply = $reply,
                updated_at = time::now() RETURN NONE",
            json!({ "discussion": discussion.as_string(), "reply": reply.as_string() }),
        )
        .await?;
        Ok(())
    }
}

/// An earlier version of an edited discussion or reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The title then (discussions).
    pub title: Option<String>,
    /// The markdown then.
    pub body: String,
    /// Who edited it away.
    pub edited_by: MemberId,
    /// When it was replaced.
    pub replaced_at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct RevisionRow {
    id: String,
    title: Option<String>,
    body: String,
    edited_by: String,
    replaced_at: String,
}

impl Store {
    /// Replaces a thread's title and body, keeping the previous version, in one transaction.
    pub async fn edit_discussion(
        &self,
        before: &StoredDiscussion,
        title: &str,
        body: &str,
        body_html: &str,
        mentions: &[MemberId],
        editor: MemberId,
    ) -> Result<(), StorageError> {
        self.execute(
            "BEGIN TRANSACTION;
             CREATE revision SET target = $target, title = $old_title, body = $old_body,
                edited_by = $editor, replaced_at = time::now() RETURN NONE;
             UPDATE type::record('discussion', $key) SET title = $title, body = $body,
                body_html = $html, mentions = $mentions, updated_at = time::now() RETURN NONE;
             COMMIT TRANSACTION;",
            json!({
                "target": ItemRef::Discussion(before.id).to_string(), "key": before.id.as_string(),
                "old_title": before.title, "old_body": before.body, "editor": editor.as_string(),
                "title": title, "body": body, "html": body_html, "mentions": strings(mentions),
            }),
        )
        .await?;
        Ok(())
    }

    /// Replaces a reply's body, keeping the previous version, in one transaction.
    pub async fn edit_reply(
        &self,
        before: &StoredReply,
        body: &str,
        body_html: &str,
        mentions: &[MemberId],
        editor: MemberId,
    ) -> Result<(), StorageError> {
        self.execute(
            "BEGIN TRANSACTION;
             CREATE revision SET target = $target, body = $old_body, edited_by = $editor,
                replaced_at = time::now() RETURN NONE;
             UPDATE type::record('reply', $key) SET body = $body, body_html = $html,
                mentions = $mentions, updated_at = time::now() RETURN NONE;
             COMMIT TRANSACTION;",
            json!({
                "target": ItemRef::Reply(before.id).to_string(), "key": before.id.as_string(),
                "old_body": before.body, "editor": editor.as_string(),
                "body": body, "html": body_html, "mentions": strings(mentions),
            }),
        )
        .await?;
        Ok(())
    }

    /// Earlier versions of a post (a discussion or a reply), oldest first.
    pub async fn revisions(&self, target: ItemRef) -> Result<Vec<Revision>, StorageError> {
        let rows: Vec<RevisionRow> = self
            .query_rows(
                "SELECT * FROM revision WHERE target = $target ORDER BY replaced_at LIMIT 100",
                json!({ "target": target.to_string() }),
                0,
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Revision {
                    title: row.title,
                    body: row.body,
                    edited_by: MemberId::parse(&row.edited_by).map_err(corrupt(&row.id))?,
                    replaced_at: parse_timestamp(&row.replaced_at, &row.id)?,
                })
            })
            .collect()
    }
}
