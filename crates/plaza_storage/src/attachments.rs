//! What Plaza knows about each attachment (the file itself is in the server's blob store):
//! recorded when it is uploaded, claimed by an item when the item is saved with it, released
//! when the item is saved without it, deleted by housekeeping once pending for a day.

use chrono::{DateTime, Utc};
use plaza_domain::ValidationError;
use plaza_domain::attachment::{Attachment, MediaType};
use plaza_domain::ids::{AttachmentId, MemberId};
use serde_json::json;

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, timestamp};
use crate::error::StorageError;

#[derive(Debug, serde::Deserialize)]
struct AttachmentRow {
    id: String,
    name: String,
    media_type: String,
    size: i64,
    width: Option<i64>,
    height: Option<i64>,
    sha256: String,
    uploaded_by: String,
    item: Option<String>,
    created_at: String,
}

impl AttachmentRow {
    fn into_attachment(self) -> Result<Attachment, StorageError> {
        let record = self.id.clone();
        let dimension = |value: Option<i64>| value.and_then(|v| u32::try_from(v).ok());
        Ok(Attachment {
            id: AttachmentId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            media_type: MediaType::from_mime(&self.media_type).ok_or_else(|| StorageError::Corrupt {
                record: record.clone(),
                reason: format!("unknown media type {}", self.media_type),
            })?,
            size: u64::try_from(self.size).unwrap_or(0),
            dimensions: dimension(self.width).zip(dimension(self.height)),
            created_at: parse_timestamp(&self.created_at, &record)?,
            name: self.name,
            sha256: self.sha256,
            uploaded_by: self.uploaded_by,
            item: self.item,
        })
    }
}

const FIELDS: &str = "id, name, media_type, size, width, height, sha256, uploaded_by, item, created_at";

impl Store {
    /// The attachments items have, in id order, `limit` at a time after `after` (backups).
    pub async fn claimed_attachments(
        &self,
        after: Option<AttachmentId>,
        limit: usize,
    ) -> Result<Vec<Attachment>, StorageError> {
        let after = after.map(|id| id.as_string()).unwrap_or_default();
        let rows: Vec<AttachmentRow> = self
            .query_rows(
                &format!(
                    "SELECT {FIELDS} FROM attachment WHERE item != NONE AND record::id(id) > $after
                     ORDER BY id LIMIT $limit"
                ),
                json!({ "after": after, "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter().map(AttachmentRow::into_attachment).collect()
    }

    /// Records an uploaded file (pending: no item yet).
    pub async fn insert_attachment(&self, attachment: &Attachment) -> Result<(), StorageError> {
        let (width, height) = attachment.dimensions.unzip();
        self.execute(
            "CREATE type::record('attachment', $id) CONTENT {
                name: $name, media_type: $media_type, size: $size, width: $width ?? NONE,
                height: $height ?? NONE, sha256: $sha256, uploaded_by: $uploaded_by, item: $item ?? NONE,
                created_at: <datetime>$created_at
             } RETURN NONE",
            json!({
                "id": attachment.id.as_string(),
                "name": attachment.name,
                "media_type": attachment.media_type.mime(),
                "size": attachment.size,
                "width": width,
                "height": height,
                "sha256": attachment.sha256,
                "uploaded_by": attachment.uploaded_by,
                "item": attachment.item,
                "created_at": timestamp(attachment.created_at),
            }),
        )
        .await?;
        Ok(())
    }

    /// One attachment, whoever owns it (callers check the link or the policy).
    pub async fn attachment(&self, id: AttachmentId) -> Result<Option<Attachment>, StorageError> {
        let rows: Vec<AttachmentRow> = self
            .query_rows(
                &format!("SELECT {FIELDS} FROM type::record('attachment', $id)"),
                json!({ "id": id.as_string() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(AttachmentRow::into_attachment).transpose()
    }

    /// The attachments an item (`case_study:<key>`) has claimed, in upload order.
    pub async fn attachments_of(&self, item: &str) -> Result<Vec<Attachment>, StorageError> {
        let rows: Vec<AttachmentRow> = self
            .query_rows(
                &format!("SELECT {FIELDS} FROM attachment WHERE item = $item ORDER BY created_at, id"),
                json!({ "item": item }),
                0,
            )
            .await?;
        rows.into_iter().map(AttachmentRow::into_attachment).collect()
    }

    /// How many files a member has uploaded that no item has claimed yet.
    pub async fn pending_attachment_count(&self, member: MemberId) -> Result<usize, StorageError> {
        let counts: Vec<i64> = self
            .query_rows(
                "SELECT VALUE count() FROM attachment WHERE uploaded_by = $member AND item = NONE GROUP ALL",
                json!({ "member": member.as_string() }),
                0,
            )
            .await?;
        Ok(counts
            .first()
            .map_or(0, |count| usize::try_from(*count).unwrap_or(usize::MAX)))
    }

    /// Makes `ids` the attachments of `item`, saved by `member`: each must be one of the item's
    /// already or one `member` uploaded that is still pending (anything else is refused, so
    /// nobody can claim another person's file). The item's attachments left out are released:
    /// pending again under their uploader, deleted by housekeeping a day later.
    pub async fn set_item_attachments(
        &self,
        item: &str,
        member: MemberId,
        ids: &[AttachmentId],
    ) -> Result<(), StorageError> {
        let keys: Vec<String> = ids.iter().map(AttachmentId::as_string).collect();
        let records = keys
            .iter()
            .map(|key| surrealdb::types::RecordId::new("attachment", key.as_str()))
            .collect();
        let rows: Vec<AttachmentRow> = self.select_ids(FIELDS, records).await?;
        let found: Vec<Attachment> = rows
            .into_iter()
            .map(AttachmentRow::into_attachment)
            .collect::<Result<_, _>>()?;
        let uploader = member.as_string();
        for (index, id) in ids.iter().enumerate() {
            let claimable = found.iter().any(|attachment| {
                attachment.id == *id
                    && match &attachment.item {
                        Some(owner) => owner == item,
                        None => attachment.uploaded_by == uploader,
                    }
            });
            if !claimable {
                return Err(StorageError::Invalid(ValidationError::new(
                    format!("attachments.{index}"),
                    "is not a file you uploaded or one of this item's",
                )));
            }
        }
        self.execute(
            "UPDATE attachment SET item = NONE, created_at = <datetime>$now
                WHERE item = $item AND record::id(id) NOT IN $ids RETURN NONE;
             FOR $key IN $ids { UPDATE type::record('attachment', $key) SET item = $item RETURN NONE; };",
            json!({ "item": item, "ids": keys, "now": timestamp(Utc::now()) }),
        )
        .await?;
        Ok(())
    }

    /// Pending attachments uploaded before `before` (to delete with their files).
    pub async fn expired_pending_attachments(
        &self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<AttachmentId>, StorageError> {
        let keys: Vec<String> = self
            .query_rows(
                "SELECT VALUE record::id(id) FROM attachment WHERE item = NONE AND created_at < <datetime>$before LIMIT $limit",
                json!({ "before": timestamp(before), "limit": limit }),
                0,
            )
            .await?;
        keys.iter()
            .map(|key| AttachmentId::parse(key).map_err(corrupt(key)))
            .collect()
    }

    /// Deletes an attachment's row (its file is the caller's to delete, first).
    pub async fn delete_attachment(&self, id: AttachmentId) -> Result<(), StorageError> {
        self.execute(
            "DELETE type::record('attachment', $id) RETURN NONE",
            json!({ "id": id.as_string() }),
        )
        .await?;
        Ok(())
    }
}
