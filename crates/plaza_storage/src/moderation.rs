//! Moderation: reports, hiding and restoring posts, and the append-only audit log (there is
//! no update or delete of audit entries anywhere in Plaza).

use chrono::{DateTime, Utc};
use plaza_domain::ids::{AgencyId, DiscussionId, GroupId, MemberId, ReplyId};
use plaza_domain::item::{ContentKind, ItemRef};
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

/// What a report or an audit entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostRef {
    /// A whole thread.
    Discussion(DiscussionId),
    /// One reply (in its thread).
    Reply(ReplyId, DiscussionId),
}

impl PostRef {
    /// The thread it belongs to.
    pub fn discussion(self) -> DiscussionId {
        match self {
            PostRef::Discussion(id) | PostRef::Reply(_, id) => id,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            PostRef::Discussion(_) => "discussion",
            PostRef::Reply(..) => "reply",
        }
    }

    fn key(self) -> String {
        match self {
            PostRef::Discussion(id) => id.as_string(),
            PostRef::Reply(id, _) => id.as_string(),
        }
    }

    fn parse(kind: &str, key: &str, discussion: &str, record: &str) -> Result<Self, StorageError> {
        let discussion = DiscussionId::parse(discussion).map_err(corrupt(record))?;
        match kind {
            "discussion" => Ok(PostRef::Discussion(discussion)),
            "reply" => Ok(PostRef::Reply(
                ReplyId::parse(key).map_err(corrupt(record))?,
                discussion,
            )),
            _ => Err(StorageError::Corrupt {
                record: record.to_owned(),
                reason: "unknown target kind".into(),
            }),
        }
    }
}

/// What is reported or moderated: a post of a thread, or a case study, practice or guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Moderated {
    /// A thread or a reply.
    Post(PostRef),
    /// A case study, practice or guideline (never a discussion or a reply: those are posts).
    Content(ItemRef),
}

impl Moderated {
    fn kind(self) -> &'static str {
        match self {
            Moderated::Post(post) => post.kind(),
            Moderated::Content(item) => item.table(),
        }
    }

    fn key(self) -> String {
        match self {
            Moderated::Post(post) => post.key(),
            Moderated::Content(item) => item.key(),
        }
    }

    fn discussion(self) -> Option<DiscussionId> {
        match self {
            Moderated::Post(post) => Some(post.discussion()),
            Moderated::Content(_) => None,
        }
    }

    fn parse(kind: &str, key: &str, discussion: Option<&str>, record: &str) -> Result<Self, StorageError> {
        if let Ok(content) = ContentKind::parse(kind)
            && content != ContentKind::Discussion
        {
            return Ok(Moderated::Content(ItemRef::of(content, key).map_err(corrupt(record))?));
        }
        match discussion {
            Some(discussion) => Ok(Moderated::Post(PostRef::parse(kind, key, discussion, record)?)),
            None => Err(StorageError::Corrupt {
                record: record.to_owned(),
                reason: "a post's entry without its thread".into(),
            }),
        }
    }
}

/// What an audit entry is about: a post or an item, or a member (a suspension, a reinstatement
/// or an erasure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditTarget {
    /// A post or an item.
    Moderated(Moderated),
    /// A member.
    Member(MemberId),
}

impl AuditTarget {
    fn kind(self) -> &'static str {
        match self {
            AuditTarget::Moderated(target) => target.kind(),
            AuditTarget::Member(_) => "member",
        }
    }

    fn key(self) -> String {
        match self {
            AuditTarget::Moderated(target) => target.key(),
            AuditTarget::Member(member) => member.as_string(),
        }
    }

    fn parse(kind: &str, key: &str, discussion: Option<&str>, record: &str) -> Result<Self, StorageError> {
        if kind == "member" {
            return Ok(AuditTarget::Member(MemberId::parse(key).map_err(corrupt(record))?));
        }
        Moderated::parse(kind, key, discussion, record).map(AuditTarget::Moderated)
    }
}

/// An open report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    /// Record key.
    pub key: String,
    /// What is reported.
    pub target: Moderated,
    /// Who reported it.
    pub reporter: MemberId,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// One moderator or admin action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Who acted.
    pub actor: MemberId,
    /// `hide`, `restore`, `suspend`, `reinstate` or `erase`.
    pub action: String,
    /// On what.
    pub target: AuditTarget,
    /// The agency whose audience rules the thread, or the member's agency.
    pub agency: AgencyId,
    /// The thread's group, if any.
    pub group: Option<GroupId>,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct ReportRow {
    id: String,
    target_kind: String,
    target: String,
    #[serde(default)]
    discussion: Option<String>,
    reporter: String,
    reason: String,
    created_at: String,
}

#[derive(Debug, serde::Deserialize)]
struct AuditRow {
    id: String,
    actor: String,
    action: String,
    target_kind: String,
    target: String,
    #[serde(default)]
    discussion: Option<String>,
    agency: String,
    group_id: Option<String>,
    reason: String,
    acted_at: String,
}

impl Store {
    /// Files a report.
    pub async fn insert_report(&self, target: Moderated, reporter: MemberId, reason: &str) -> Result<(), StorageError> {
        let mut vars = json!({
            "kind": target.kind(), "target": target.key(), "reporter": reporter.as_string(), "reason": reason,
        });
        // An unbound parameter is NONE (a JSON null would be stored as NULL).
        if let (Some(discussion), Some(map)) = (target.discussion(), vars.as_object_mut()) {
            map.insert("discussion".into(), json!(discussion.as_string()));
        }
        self.execute(
            "CREATE report SET target_kind = $kind, target = $target, discussion = $discussion,
                reporter = $reporter, reason = $reason, status = 'open', created_at = time::now() RETURN NONE",
            vars,
        )
        .await?;
        Ok(())
    }

    /// Open reports, oldest first, at most `limit` (callers keep those the viewer moderates).
    pub async fn open_reports(&self, limit: usize) -> Result<Vec<StoredReport>, StorageError> {
        let rows: Vec<ReportRow> = self
            .query_rows(
                "SELECT * FROM report WHERE status = 'open' ORDER BY created_at LIMIT $limit",
                json!({ "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                let record = row.id.clone();
                Ok(StoredReport {
                    key: record_key(&row.id).to_owned(),
                    target: Moderated::parse(&row.target_kind, &row.target, row.discussion.as_deref(), &record)?,
                    reporter: MemberId::parse(&row.reporter).map_err(corrupt(&record))?,
                    reason: row.reason,
                    created_at: parse_timestamp(&row.created_at, &record)?,
                })
            })
            .collect()
    }

    /// Hides (withdraws, with the reason) or restores (publishes again) a post or an item,
    /// closes its open reports and writes the audit entry, in one transaction.
    pub async fn moderate(&self, entry: &AuditEntry, hide: bool) -> Result<(), StorageError> {
        let AuditTarget::Moderated(target) = entry.target else {
            return Err(StorageError::NotFound);
        };
        let table = target.kind();
        let doc = audit_doc(entry);
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        // Restoring touches only what was hidden: a draft or an item its authors withdrew
        // stays as it is (the reports are closed all the same).
        let (status, reason, only) = if hide {
            ("withdrawn", "$doc.reason", "")
        } else {
            ("published", "NONE", "WHERE hidden_reason != NONE")
        };
        let sql = format!(
            "BEGIN TRANSACTION;
             UPDATE type::record('{table}', $key) SET status = '{status}', hidden_reason = {reason} {only} RETURN NONE;
             UPDATE report SET status = 'resolved' WHERE target = $key AND status = 'open' RETURN NONE;
             CREATE audit SET {clause} RETURN NONE;
             COMMIT TRANSACTION;"
        );
        self.execute(&sql, json!({ "key": target.key(), "doc": doc })).await?;
        Ok(())
    }

    /// Why moderators hid a case study, practice or guideline, if they did.
    pub async fn hidden_reason(&self, item: ItemRef) -> Result<Option<String>, StorageError> {
        let sql = format!("SELECT VALUE hidden_reason FROM type::record('{}', $key)", item.table());
        let found: Vec<Option<String>> = self.query_rows(&sql, json!({ "key": item.key() }), 0).await?;
        Ok(found.into_iter().flatten().next())
    }

    /// The newest audit entries, at most `limit` (callers keep those the viewer may see).
    pub async fn audit_entries(&self, limit: usize) -> Result<Vec<AuditEntry>, StorageError> {
        let rows: Vec<AuditRow> = self
            .query_rows(
                "SELECT * FROM audit ORDER BY acted_at DESC LIMIT $limit",
                json!({ "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                let record = row.id.clone();
                Ok(AuditEntry {
                    actor: MemberId::parse(&row.actor).map_err(corrupt(&record))?,
                    action: row.action,
                    target: AuditTarget::parse(&row.target_kind, &row.target, row.discussion.as_deref(), &record)?,
                    agency: AgencyId::parse(&row.agency).map_err(corrupt(&record))?,
                    group: row
                        .group_id
                        .as_deref()
                        .map(GroupId::parse)
                        .transpose()
                        .map_err(corrupt(&record))?,
                    reason: row.reason,
                    at: parse_timestamp(&row.acted_at, &record)?,
                })
            })
            .collect()
    }
}

/// An audit entry as stored (bound as a document; see `set_clause_for`).
pub(crate) fn audit_doc(entry: &AuditEntry) -> serde_json::Value {
    let discussion = match entry.target {
        AuditTarget::Moderated(target) => target.discussion().map(|id| id.as_string()),
        AuditTarget::Member(_) => None,
    };
    json!({
        "actor": entry.actor.as_string(),
        "action": entry.action,
        "target_kind": entry.target.kind(),
        "target": entry.target.key(),
        "discussion": discussion,
        "agency": entry.agency.as_string(),
        "group_id": entry.group.map(|group| group.as_string()),
        "reason": entry.reason,
        "acted_at": timestamp(entry.at),
    })
}
