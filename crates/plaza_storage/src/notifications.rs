//! Notifications: a per-member feed of what concerns them (mentions, replies, accepted
//! answers). The caller creates one only for a recipient who may read the thread; readers
//! check again at read time, since audiences change.

use chrono::{DateTime, Utc};
use plaza_domain::ids::{DiscussionId, MemberId, NotificationId, ReplyId};
use plaza_domain::item::ItemRef;
use plaza_domain::notification::{DigestFrequency, Notification, NotificationKind};
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

#[derive(Debug, serde::Deserialize)]
struct NotificationRow {
    id: String,
    recipient: String,
    kind: String,
    actor: String,
    discussion: Option<String>,
    item: Option<String>,
    reply: Option<String>,
    from_version: Option<u32>,
    to_version: Option<u32>,
    created_at: String,
    read_at: Option<String>,
}

impl NotificationRow {
    fn into_notification(self) -> Result<Notification, StorageError> {
        let record = self.id.clone();
        Ok(Notification {
            id: NotificationId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            recipient: MemberId::parse(&self.recipient).map_err(corrupt(&record))?,
            kind: NotificationKind::parse(&self.kind).ok_or_else(|| StorageError::Corrupt {
                record: record.clone(),
                reason: "unknown notification kind".into(),
            })?,
            actor: MemberId::parse(&self.actor).map_err(corrupt(&record))?,
            discussion: self
                .discussion
                .as_deref()
                .map(DiscussionId::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            item: self
                .item
                .as_deref()
                .map(ItemRef::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            reply: self
                .reply
                .as_deref()
                .map(ReplyId::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            versions: self.from_version.zip(self.to_version),
            created_at: parse_timestamp(&self.created_at, &record)?,
            read_at: self
                .read_at
                .as_deref()
                .map(|at| parse_timestamp(at, &record))
                .transpose()?,
        })
    }
}

impl Store {
    /// Stores a notification.
    pub async fn insert_notification(&self, notification: &Notification) -> Result<(), StorageError> {
        let doc = json!({
            "recipient": notification.recipient.as_string(),
            "kind": notification.kind.code(),
            "actor": notification.actor.as_string(),
            "discussion": notification.discussion.map(|id| id.as_string()),
            "item": notification.item.map(|item| item.to_string()),
            "reply": notification.reply.map(|reply| reply.as_string()),
            "from_version": notification.versions.map(|v| v.0),
            "to_version": notification.versions.map(|v| v.1),
            "created_at": timestamp(notification.created_at),
            "read_at": notification.read_at.map(timestamp),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("CREATE type::record('notification', $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "key": notification.id.as_string(), "doc": doc }))
            .await?;
        Ok(())
    }

    /// One notification.
    pub async fn notification(&self, id: NotificationId) -> Result<Option<Notification>, StorageError> {
        let row: Option<NotificationRow> = self.get_record("notification", &id.as_string()).await?;
        row.map(NotificationRow::into_notification).transpose()
    }

    /// A member's newest notifications, at most `limit`.
    pub async fn notifications(&self, recipient: MemberId, limit: usize) -> Result<Vec<Notification>, StorageError> {
        let rows: Vec<NotificationRow> = self
            .query_rows(
                "SELECT * FROM notification WHERE recipient = $recipient ORDER BY created_at DESC LIMIT $limit",
                json!({ "recipient": recipient.as_string(), "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter().map(NotificationRow::into_notification).collect()
    }

    /// Marks a member's notifications read: the given ones, or all with `None`.
    pub async fn mark_notifications_read(
        &self,
        recipient: MemberId,
        ids: Option<&[NotificationId]>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        match ids {
            None => {
                self.execute(
                    "UPDATE notification SET read_at = <datetime>$now WHERE recipient = $recipient AND read_at = NONE RETURN NONE",
                    json!({ "recipient": recipient.as_string(), "now": timestamp(now) }),
                )
                .await?;
            }
            Some(ids) => {
                let keys: Vec<String> = ids.iter().map(|id| id.as_string()).collect();
                self.execute(
                    "UPDATE notification SET read_at = <datetime>$now
                     WHERE recipient = $recipient AND meta::id(id) IN $keys AND read_at = NONE RETURN NONE",
                    json!({ "recipient": recipient.as_string(), "keys": keys, "now": timestamp(now) }),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// A member's digest frequency (`off` when never set).
    pub async fn digest_frequency(&self, member: MemberId) -> Result<DigestFrequency, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE frequency FROM type::record('digest_preference', $key)",
                json!({ "key": member.as_string() }),
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|code| DigestFrequency::parse(code))
            .unwrap_or(DigestFrequency::Off))
    }

    /// Sets a member's digest frequency.
    pub async fn set_digest_frequency(&self, member: MemberId, frequency: DigestFrequency) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('digest_preference', $key) SET frequency = $frequency RETURN NONE",
            json!({ "key": member.as_string(), "frequency": frequency.code() }),
        )
        .await?;
        Ok(())
    }

    /// Members with this digest frequency and when their last digest went out.
    pub async fn digest_recipients(
        &self,
        frequency: DigestFrequency,
    ) -> Result<Vec<(MemberId, Option<DateTime<Utc>>)>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            id: String,
            last_sent_at: Option<String>,
        }
        let rows: Vec<Row> = self
            .query_rows(
                "SELECT id, last_sent_at FROM digest_preference WHERE frequency = $frequency",
                json!({ "frequency": frequency.code() }),
                0,
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                let member = MemberId::parse(record_key(&row.id)).map_err(corrupt(&row.id))?;
                let last = row
                    .last_sent_at
                    .as_deref()
                    .map(|at| parse_timestamp(at, &row.id))
                    .transpose()?;
                Ok((member, last))
            })
            .collect()
    }

    /// Records that a member's digest went out.
    pub async fn mark_digest_sent(&self, member: MemberId, at: DateTime<Utc>) -> Result<(), StorageError> {
        self.execute(
            "UPDATE type::record('digest_preference', $key) SET last_sent_at = <datetime>$at RETURN NONE",
            json!({ "key": member.as_string(), "at": timestamp(at) }),
        )
        .await?;
        Ok(())
    }
}
