//! Attachments in exports: `plaza export --out FILE` writes one `attachment` line per file an
//! item has and copies the file (and its thumbnail) into `FILE.files/`; `plaza import FILE`
//! puts them back from there, checked against their digest, under the same ids (so the bodies
//! that show them keep working), once their items are imported. Pending uploads are not kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use plaza_domain::attachment::{Attachment, MediaType};
use plaza_domain::ids::{AttachmentId, MemberId};
use plaza_domain::text::Email;
use plaza_storage::Store;
use sha2::Digest as _;

use super::Blobs;
use crate::import::AttachmentRecord;

/// Files read from the store at a time.
const PAGE: usize = 200;

/// The directory beside a backup file that holds its attachments' files.
pub fn files_dir(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".files");
    PathBuf::from(name)
}

/// `table:key` (an attachment's owner) as a backup's external id, `table/key`.
fn external_id(owner: &str) -> String {
    owner.replacen(':', "/", 1)
}

/// Copies every file items have into `dir` and gives each one's line to `write`, a page at a
/// time (bounded memory); how many were written.
pub async fn back_up<E>(
    store: &Store,
    blobs: &Blobs,
    dir: &Path,
    emails: &HashMap<MemberId, String>,
    mut write: impl FnMut(AttachmentRecord) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<plaza_storage::StorageError> + From<object_store::Error> + From<std::io::Error>,
{
    std::fs::create_dir_all(dir)?;
    let mut after = None;
    let mut written = 0;
    loop {
        let page = store.claimed_attachments(after, PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.id);
        for attachment in page {
            let key = attachment.id.as_string();
            for name in [key.clone(), format!("{key}.mini")] {
                let bytes = blobs.get_bytes(&name).await?;
                if let Some(bytes) = bytes {
                    tokio::fs::write(dir.join(&name), bytes).await?;
                }
            }
            let uploaded_by = MemberId::parse(&attachment.uploaded_by)
                .ok()
                .and_then(|id| emails.get(&id).cloned())
                .unwrap_or_default();
            write(AttachmentRecord {
                item: attachment.item.as_deref().map(external_id).unwrap_or_default(),
                id: key,
                name: attachment.name,
                media_type: attachment.media_type.mime().to_owned(),
                size: attachment.size,
                width: attachment.dimensions.map(|(width, _)| width),
                height: attachment.dimensions.map(|(_, height)| height),
                sha256: attachment.sha256,
                uploaded_by,
                created_at: attachment.created_at,
            })?;
            written += 1;
        }
    }
    Ok(written)
}

/// Restores attachment lines from `dir` once their items are imported: how many were restored
/// (or already there), and the lines refused with why.
pub async fn restore(
    store: &Store,
    blobs: &Blobs,
    dir: &Path,
    lines: Vec<(usize, AttachmentRecord)>,
) -> (usize, Vec<(usize, String)>) {
    let mut restored = 0;
    let mut refused = Vec::new();
    for (number, line) in lines {
        match restore_one(store, blobs, dir, line).await {
            Ok(()) => restored += 1,
            Err(reason) => refused.push((number, reason)),
        }
    }
    (restored, refused)
}

async fn restore_one(store: &Store, blobs: &Blobs, dir: &Path, line: AttachmentRecord) -> Result<(), String> {
    let id = AttachmentId::parse(&line.id).map_err(|_| format!("{} is not an attachment id", line.id))?;
    if store.attachment(id).await.map_err(|e| e.to_string())?.is_some() {
        return Ok(());
    }
    let (table, _) = line
        .item
        .split_once('/')
        .filter(|(table, _)| matches!(*table, "case_study" | "practice" | "guideline"))
        .ok_or_else(|| {
            format!(
                "{} is not a case study's, practice's or guideline's external id",
                line.item
            )
        })?;
    let key = store
        .imported_record(&line.item)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no imported item with external id {}", line.item))?;
    let media_type =
        MediaType::from_mime(&line.media_type).ok_or_else(|| format!("unknown media type {}", line.media_type))?;
    let name = id.as_string();
    let bytes = tokio::fs::read(dir.join(&name))
        .await
        .map_err(|e| format!("cannot read its file {}: {e}", dir.join(&name).display()))?;
    if hex::encode(sha2::Sha256::digest(&bytes)) != line.sha256 || MediaType::sniff(&bytes) != Some(media_type) {
        return Err(format!(
            "its file {name} is not the one backed up (digest or type differs)"
        ));
    }
    let uploaded_by = match Email::parse(&line.uploaded_by) {
        Ok(email) => store.member_by_email(&email).await.map_err(|e| e.to_string())?,
        Err(_) => None,
    }
    .map(|(member, _)| member.id.as_string())
    .unwrap_or_default();
    if let Ok(thumbnail) = tokio::fs::read(dir.join(format!("{name}.mini"))).await {
        blobs
            .put(&format!("{name}.mini"), thumbnail)
            .await
            .map_err(|e| e.to_string())?;
    }
    let size = bytes.len() as u64;
    blobs.put(&name, bytes).await.map_err(|e| e.to_string())?;
    let attachment = Attachment {
        id,
        name: plaza_domain::attachment::display_name(&line.name),
        media_type,
        size,
        dimensions: line.width.zip(line.height),
        sha256: line.sha256,
        uploaded_by,
        item: Some(format!("{table}:{key}")),
        created_at: line.created_at,
    };
    store.insert_attachment(&attachment).await.map_err(|e| e.to_string())
}
